"""The Discord client: a `commands.Bot` holding the engine, the store and the settings.

`run_bot` is the production entry point (called by `python -m bot run`): it owns the store and
passes everything in. Tests build `OpenRolesBot` themselves and point it at a local stand-in of Discord.

Start-up logs the invite URL first (it comes from the token, no network needed), then checks the
configuration; every configuration or environment error ends the process with one line naming the
variable to fix and a non-zero status. SIGTERM and SIGINT close the gateway, the engine's workers and
the database before the process exits.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import datetime as dt
import logging
import pkgutil
import signal
from typing import Any

import aiohttp
import discord
from discord.ext import commands

import bot.exts
from bot.checks import Throttle
from bot.errors import OpenRolesTree
from bot.settings import Settings
from knowledge.models import SyncReport
from knowledge.store import Store, StoreError, open_store
from retrieval.engine import Engine

log = logging.getLogger(__name__)

PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, send_messages_in_threads=True, embed_links=True,
    read_message_history=True,  # replies reference the question, which needs message history
    add_reactions=True,  # ⏳ on a question asked during the member's cooldown
)
SCOPES = ("bot", "applications.commands")

NO_TOKEN_MESSAGE = (
    "No Discord token is configured, so the bot cannot connect. Create an application at "
    "https://discord.com/developers/applications, add a bot under 'Bot', press 'Reset Token' and put the "
    "token in DISCORD_TOKEN (in the environment or in a .env file; see .env.example). To try Open Roles "
    "without Discord, run `python -m bot console` instead."
)


class StartupError(Exception):
    """A configuration or environment problem found while starting: one line naming what to fix."""


INTENT_MESSAGE = ("ASK_CHANNEL_IDS needs the Message Content intent: enable it in the developer portal under "
                  "Bot -> Privileged Gateway Intents, or unset ASK_CHANNEL_IDS.")


def intents_for(settings: Settings) -> discord.Intents:
    """The minimum: guilds, guild and DM messages; Message Content only when ask channels are set."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    # Mentions and DMs carry their content without the privileged intent; plain channel messages don't.
    intents.message_content = bool(settings.ask_channel_ids)
    return intents


def extension_names() -> list[str]:
    """Every feature module in `bot.exts`, found by walking the package; `_`-prefixed ones are private."""
    return sorted(f"{bot.exts.__name__}.{module.name}"
                  for module in pkgutil.iter_modules(bot.exts.__path__)
                  if not module.name.startswith("_"))


class OpenRolesBot(commands.Bot):
    """Open Roles on Discord: slash commands and questions in messages, answered by the engine."""

    def __init__(self, *, engine: Engine, store: Store, settings: Settings, **options: Any) -> None:
        """`options` go to `discord.Client` (tests shorten `guild_ready_timeout`)."""
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: every command is a slash command
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=OpenRolesTree,
            **options,
        )
        self.engine = engine
        self.store = store
        self.settings = settings
        self.question_throttle = Throttle(1, settings.question_cooldown_seconds)
        self.moderator_throttle = Throttle(settings.moderator_ops_per_minute, 60.0)
        self.commands_synced = False
        self._follower: asyncio.Task[None] | None = None
        self.invite_logged = False
        """Whether the invite URL was logged already (`serve` logs it from the token before connecting)."""

    def today(self) -> dt.date:
        """The engine's today (pinned in tests)."""
        return self.engine.today()

    async def setup_hook(self) -> None:
        if not self.invite_logged and self.application_id is not None:
            log_invite(self.application_id)
            self.invite_logged = True
        await self.engine.start()
        # Other processes on the same store (shards, a CLI reload) change it: serve their changes too.
        self._follower = asyncio.create_task(self.engine.follow(), name="open-roles-follow-store")
        for name in extension_names():
            await self.load_extension(name)
        if not self.commands_synced:
            await self.sync_commands()

    async def close(self) -> None:
        """Stop following the store, then close the gateway and HTTP session."""
        if self._follower is not None:
            self._follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follower
            self._follower = None
        await super().close()

    async def sync_commands(self) -> None:
        """Sync to the development guild when configured (instant), else globally (once per process),
        clearing the development copy left in HOME_GUILD_ID.

        Raises `StartupError` when the development guild cannot be reached (the bot is not in it)."""
        guild_id = self.settings.discord_guild_id
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.Forbidden as exc:
                reason = f"{exc.status} {exc.text or 'Forbidden'}"
                raise StartupError(
                    f"DISCORD_GUILD_ID: the bot cannot access server {guild_id} ({reason}); invite it there "
                    "with the URL logged above, or unset DISCORD_GUILD_ID.") from None
            log.info("Synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (may take up to an hour to appear)", len(synced))
            await self._clear_guild_copy()
        self.commands_synced = True

    async def _clear_guild_copy(self) -> None:
        """Clear the commands a development run synced to HOME_GUILD_ID: beside the global ones, that
        server would show every command twice. A failure is logged, never fatal."""
        guild_id = self.settings.home_guild_id
        if guild_id is None:
            return
        guild = discord.Object(id=guild_id)
        self.tree.clear_commands(guild=guild)
        try:
            await self.tree.sync(guild=guild)
        except discord.HTTPException as exc:
            log.warning("Could not clear the commands synced earlier to server %s: %s", guild_id, exc)
        else:
            log.info("Cleared the server-only copy of the commands in server %s (the global ones serve it)",
                     guild_id)

    async def on_message(self, message: discord.Message, /) -> None:
        """Questions in messages are handled by the ask feature; there are no prefix commands."""

    async def on_ready(self) -> None:
        log.info("Connected as %s (id %s) to %d servers", self.user, self.user.id if self.user else "?",
                 len(self.guilds))


class ShardedOpenRolesBot(OpenRolesBot, commands.AutoShardedBot):
    """Open Roles over some of the bot's gateway shards (`SHARD_COUNT`, `SHARD_IDS`), one process of many."""


def make_bot(*, engine: Engine, store: Store, settings: Settings, **options: Any) -> OpenRolesBot:
    """The client `settings` ask for: sharded when SHARD_COUNT is set (over SHARD_IDS, or every shard)."""
    if settings.shard_count is None:
        return OpenRolesBot(engine=engine, store=store, settings=settings, **options)
    shards = {"shard_count": settings.shard_count, "shard_ids": settings.shard_ids or None}
    return ShardedOpenRolesBot(engine=engine, store=store, settings=settings, **shards, **options)


async def load_postings(engine: Engine, settings: Settings) -> SyncReport:
    """Serve what the store holds, then sync the configured postings directory into it (re-analysing
    only what changed), logging what changed and what was skipped."""
    await engine.start()
    report = await engine.reload(settings.postings_dir)
    log.info("Postings in %s: %d added, %d updated, %d removed, %d unchanged, %d skipped",
             settings.postings_dir, len(report.added), len(report.updated), len(report.removed),
             len(report.unchanged), len(report.skipped))
    for skipped in report.skipped:
        log.warning("Skipped %s: %s", skipped.source, skipped.reason)
    return report


def token_bot_id(token: str) -> int | None:
    """The bot's id, read from its token (whose first part is the id in base64), without network."""
    head = token.split(".", 1)[0]
    try:
        text = base64.b64decode(head + "=" * (-len(head) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(text) if text.isdigit() else None


def log_invite(application_id: int) -> None:
    """Log the URL that invites the bot to a server with the scopes and permissions it needs."""
    invite = discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)
    log.info("Invite Open Roles to a server with: %s", invite)


async def serve(settings: Settings, token: str) -> None:
    """Open the store, serve its postings, sync the postings directory, and run the bot until closed
    (by SIGTERM or SIGINT: the gateway, the engine's workers and the database are closed in turn).

    Raises `StartupError` for a configuration or environment problem."""
    bot_id = token_bot_id(token)
    if bot_id is not None:
        log_invite(bot_id)
    if not settings.postings_dir.is_dir():
        raise StartupError(
            f"POSTINGS_DIR: the folder {settings.postings_dir} does not exist or is not a folder.")
    try:
        store = await open_store(settings.database)
    except StoreError as exc:
        raise StartupError(f"{'DATABASE_URL' if settings.database_url else 'DATABASE_PATH'}: {exc}") from None
    engine = Engine(store, today=dt.date.today, limits=settings.parse_limits())
    try:
        await load_postings(engine, settings)
        async with make_bot(engine=engine, store=store, settings=settings) as client:
            client.invite_logged = bot_id is not None
            await _run_until_signalled(client, token)
    finally:
        await asyncio.to_thread(engine.close)
        await store.close()
        log.info("Stopped: gateway, workers and database closed.")


async def _run_until_signalled(client: OpenRolesBot, token: str) -> None:
    """Run `client` until it stops or SIGTERM / SIGINT arrives, then close it."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    signals = (signal.SIGTERM, signal.SIGINT)
    for number in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals off the main thread
            loop.add_signal_handler(number, stop.set)
    running = asyncio.create_task(client.start(token))
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            log.info("Signal received: closing the gateway")
            await client.close()
        await running  # raises what stopped the client, if anything did
    finally:
        stopping.cancel()
        for number in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(number)
        if not running.done():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running


def configure_logging(level: str) -> None:
    """Log to stderr at `level` (LOG_LEVEL, checked by `Settings`) in discord.py's format."""
    discord.utils.setup_logging(level=logging.getLevelNamesMapping()[level.strip().upper()], root=True)


def quiet_voice_warnings() -> None:
    """Skip discord.py's warnings that the voice libraries (PyNaCl, davey) are missing: this bot is text
    only. discord.py warns once per process, from the first client built, unless these are False."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def run_bot(settings: Settings) -> None:
    """Run the bot with `settings`; exit with a helpful message when no token (or a bad one) is set."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise SystemExit(NO_TOKEN_MESSAGE)
    configure_logging(settings.log_level)
    quiet_voice_warnings()
    try:
        asyncio.run(serve(settings, token))
    except StartupError as exc:
        raise SystemExit(f"error: {exc}") from None
    except discord.LoginFailure:
        raise SystemExit("error: DISCORD_TOKEN: Discord rejected the token. Reset it in the developer portal "
                         "(Bot -> Reset Token) and update your .env.") from None
    except discord.PrivilegedIntentsRequired:
        raise SystemExit(f"error: {INTENT_MESSAGE}") from None
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound, OSError) as exc:
        raise SystemExit(f"error: Discord could not be reached ({exc.__class__.__name__}: {exc}); check "
                         "the network, then start again.") from None
    except KeyboardInterrupt:
        log.info("Stopped.")
