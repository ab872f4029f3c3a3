"""The 'new postings' hook: notices postings new to a server and hands them to announcements and alerts.

Whatever changed the served postings (a reload, an upload, another process's sync noticed by
`Engine.follow`), the engine swaps in a new snapshot; every `NEWS_CHECK_SECONDS` this looks whether it
did and, for each server of this process that has an announcement channel or an alert, claims the
postings that server had not seen (`retrieval.news`). What was seen is kept in the store, so a restart
or an unchanged reload finds nothing new, and each posting is new to a server once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from discord.ext import commands, tasks

from bot.periodic import run_step
from knowledge.models import Posting
from retrieval.engine import Snapshot
from retrieval.news import claim_new_postings

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)


@runtime_checkable
class NewPostingsListener(Protocol):
    """A cog told of the postings new to a server (announcements, alerts)."""

    async def on_new_postings(self, guild_id: int, postings: list[Posting]) -> None:
        """Act on `postings`, new to `guild_id` (never empty)."""


class News(commands.Cog):
    """Looks for postings new to each watched server and tells the listening cogs."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot
        self._checked: Snapshot | None = None
        self._lock = asyncio.Lock()
        self.watch.change_interval(seconds=bot.settings.news_check_seconds)

    async def cog_load(self) -> None:
        self.watch.start()

    async def cog_unload(self) -> None:
        self.watch.cancel()

    @tasks.loop(seconds=5.0)
    async def watch(self) -> None:
        await run_step(self.check, "look for new postings")

    @watch.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    async def check(self) -> None:
        """If the served postings changed since the last check, hand each watched server its new ones."""
        async with self._lock:
            snapshot = self.bot.engine.snapshot
            if snapshot is self._checked:
                return
            watched = await self.bot.store.watched_guilds()
            for guild_id in sorted(watched):
                if self.bot.get_guild(guild_id) is None:
                    continue  # another process (shard) serves it, or the bot left it
                new = await claim_new_postings(self.bot.engine, self.bot.store, guild_id)
                if new:
                    log.info("%d postings new to guild %s", len(new), guild_id)
                    await self._tell(guild_id, new)
            self._checked = snapshot

    async def _tell(self, guild_id: int, postings: list[Posting]) -> None:
        for cog in self.bot.cogs.values():
            if isinstance(cog, NewPostingsListener):
                try:
                    await cog.on_new_postings(guild_id, postings)
                except Exception:
                    # One listener's failure must not keep the others from hearing of the postings.
                    log.exception("%s failed on new postings in guild %s", type(cog).__name__, guild_id)


async def setup(bot: OpenRolesBot) -> None:
    """Load the new-postings watcher."""
    await bot.add_cog(News(bot))
