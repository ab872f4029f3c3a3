"""Runs the real bot (its `commands.Bot`, cogs, command tree and HTTP client) against the stand-in.

Only two library constants are pointed at 127.0.0.1: the REST base (`discord.http.Route.BASE`) and the
default gateway (`DiscordWebSocket.DEFAULT_GATEWAY`, what a non-sharded client connects to). Every code
path the bot uses in production stays the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from bot.client import OpenRolesBot, load_postings, make_bot
from bot.settings import Settings
from knowledge.store import AuditEntry, Store, guild_collection
from retrieval.engine import Engine

from .server import DiscordStub, running_stub

START_TIMEOUT = 20.0


@dataclass
class Clock:
    """The bot's "today", which a test may move (`Running.clock.today = …`)."""

    today: dt.date

    def __call__(self) -> dt.date:
        return self.today


@dataclass
class Running:
    """A connected bot and the stand-in it talks to."""

    stub: DiscordStub
    bot: OpenRolesBot
    store: Store
    settings: Settings
    clock: Clock = field(default_factory=lambda: Clock(dt.date.today()))
    """The engine's today: move it, then run a loop's step (e.g. `Reminders.check_reminders`) at once."""

    @property
    def guild_id(self) -> int:
        """The stand-in guild's id."""
        return int(self.stub.guild.id)

    async def audit(self, guild: str | None = None) -> list[AuditEntry]:
        """The audit log of the stand-in's guild (or of the guild with id `guild`)."""
        return await self.store.audit_log(collection=guild_collection(int(guild or self.stub.guild.id)))


def make_settings(tmp_path: Path, postings_dir: Path, stub: DiscordStub, **overrides: Any) -> Settings:
    """Settings for a test run: no .env, the stand-in's guild, a database in `tmp_path`."""
    values: dict[str, Any] = {
        "discord_token": stub.token, "discord_guild_id": int(stub.guild.id), "postings_dir": postings_dir,
        "database_path": tmp_path / "open-roles.db", "moderator_role": "Posting Editors",
        "question_cooldown_seconds": 0.0, "moderator_ops_per_minute": 100,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def running_bot(tmp_path: Path, postings_dir: Path, today: dt.date, *, ask_channel: bool = False,
                      token: str = "stub-token", stub: DiscordStub | None = None,
                      **overrides: Any) -> AsyncIterator[Running]:
    """Start the stand-in, then the bot (store and engine on `tmp_path`, `today` pinned); stop both after.

    `ask_channel` makes the stand-in's channel an ask channel; `token` is the bot token the stand-in
    accepts (and the bot is given); `stub` is a stand-in already running (left running: a restarted
    bot meets the messages and users of the one before); `overrides` are `Settings` values.
    """
    given = contextlib.nullcontext(stub) if stub is not None else running_stub(token)
    async with given as stub:
        if ask_channel:
            overrides["ask_channel_ids"] = [int(stub.guild.channel_id)]
        settings = make_settings(tmp_path, postings_dir, stub, **overrides)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(discord.http.Route, "BASE", stub.base_url)
            patch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(stub.gateway_url))
            async with await Store.open(settings.database_path) as store:
                clock = Clock(today)
                engine = Engine(store, today=clock, limits=settings.parse_limits())
                await load_postings(engine, settings)
                # Discord sends every GUILD_CREATE at once here, so waiting 2 s for more is pointless.
                bot = make_bot(engine=engine, store=store, settings=settings, guild_ready_timeout=0.05)
                task = asyncio.create_task(bot.start(stub.token))
                try:
                    ready = asyncio.create_task(bot.wait_until_ready())
                    done, _ = await asyncio.wait({task, ready}, timeout=START_TIMEOUT,
                                                 return_when=asyncio.FIRST_COMPLETED)
                    if task in done:
                        ready.cancel()
                        task.result()  # raises what stopped the bot
                    if ready not in done:
                        raise TimeoutError("the bot did not become ready")
                    yield Running(stub, bot, store, settings, clock)
                finally:
                    await bot.close()
                    with contextlib.suppress(asyncio.CancelledError, discord.ConnectionClosed):
                        await asyncio.wait_for(task, 10)
