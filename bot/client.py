"""The Discord client: a `commands.Bot` holding the engine, the store and the settings.

`run_bot` is the production entry point (called by `python -m bot run`): it owns the store and
passes everything in. Tests build `OpenRolesBot` themselves and point it at a local stand-in of Discord.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import pkgutil
from typing import Any

import discord
from discord.ext import commands

import bot.exts
from bot.checks import Throttle
from bot.errors import OpenRolesTree
from bot.settings import Settings
from knowledge.models import SyncReport
from knowledge.store import Store
from retrieval.engine import Engine

log = logging.getLogger(__name__)

PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, send_messages_in_threads=True, embed_links=True,
    read_message_history=True,  # replies reference the question, which needs message history
)
SCOPES = ("bot", "applications.commands")

NO_TOKEN_MESSAGE = (
    "No Discord token is configured, so the bot cannot connect. Create an application at "
    "https://discord.com/developers/applications, add a bot under 'Bot', press 'Reset Token' and put the "
    "token in DISCORD_TOKEN (in the environment or in a .env file; see .env.example). To try Open Roles "
    "without Discord, run `python -m bot console` instead."
)

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

    def today(self) -> dt.date:
        """The engine's today (pinned in tests)."""
        return self.engine.today()

    async def setup_hook(self) -> None:
        await self.engine.start()
        for name in extension_names():
            await self.load_extension(name)
        if not self.commands_synced:
            await self.sync_commands()
        if self.application_id is not None:
            invite = discord.utils.oauth_url(self.application_id, permissions=PERMISSIONS, scopes=SCOPES)
            log.info("Invite Open Roles to a server with: %s", invite)

    async def sync_commands(self) -> None:
        """Sync to the development guild when configured (instant), else globally (once per process)."""
        guild_id = self.settings.discord_guild_id
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d commands globally (may take up to an hour to appear)", len(synced))
        self.commands_synced = True

    async def on_message(self, message: discord.Message, /) -> None:
        """Questions in messages are handled by the ask feature; there are no prefix commands."""

    async def on_ready(self) -> None:
        log.info("Connected as %s (id %s) to %d servers", self.user, self.user.id if self.user else "?",
                 len(self.guilds))


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


async def serve(settings: Settings, token: str) -> None:
    """Open the store, serve its postings, sync the postings directory, and run the bot until closed."""
    async with await Store.open(settings.database_path) as store:
        engine = Engine(store, today=dt.date.today, limits=settings.parse_limits())
        await load_postings(engine, settings)
        async with OpenRolesBot(engine=engine, store=store, settings=settings) as client:
            await client.start(token)


def configure_logging(level: str) -> None:
    """Log to stderr at `level` (LOG_LEVEL; an unknown name means INFO) in discord.py's format."""
    number = logging.getLevelNamesMapping().get(level.strip().upper(), logging.INFO)
    discord.utils.setup_logging(level=number, root=True)


def run_bot(settings: Settings) -> None:
    """Run the bot with `settings`; exit with a helpful message when no token (or a bad one) is set."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise SystemExit(NO_TOKEN_MESSAGE)
    configure_logging(settings.log_level)
    try:
        asyncio.run(serve(settings, token))
    except discord.LoginFailure:
        raise SystemExit("Discord rejected the token in DISCORD_TOKEN. Reset it in the developer portal "
                         "(Bot -> Reset Token) and update your .env.") from None
    except discord.PrivilegedIntentsRequired:
        raise SystemExit(INTENT_MESSAGE) from None
    except KeyboardInterrupt:
        log.info("Stopped.")
