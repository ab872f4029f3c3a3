"""`/postings reload | add | remove | status`: moderators manage the postings; every change is audited.

`/postings announce` picks the channel where new postings are announced (`bot/exts/announce.py`).
Each server manages its own collection (its uploads) and sees only its own audit log; the shared
postings folder is reloaded only from the operator's home server or by the bot's owner.
"""

from __future__ import annotations

import logging
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import describe_actor, moderator_only, moderator_rate_limit
from bot.errors import BadAttachment, NotHomeServer, UnknownPosting
from bot.exts.announce import set_announce_channel
from bot.progress import ProgressMessage
from bot.replies import defer
from knowledge.models import SyncReport
from knowledge.store import SUPPORTED_SUFFIXES, guild_collection

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)


def summarize(report: SyncReport) -> str:
    """A one-line summary of a sync report for the audit log."""
    return (f"added={report.added} updated={report.updated} removed={report.removed} "
            f"unchanged={len(report.unchanged)} skipped={[s.source for s in report.skipped]}")


async def own_autocomplete(interaction: discord.Interaction,
                           current: str) -> list[app_commands.Choice[str]]:
    """Up to 25 of this server's own uploads matching what has been typed so far."""
    bot: OpenRolesBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        return []
    try:
        return render.posting_choices(bot.engine.search_postings(
            current[:100], limit=25, guild_id=interaction.guild_id, own=True))
    except Exception:
        # An autocomplete cannot show an error; log it and offer nothing.
        log.exception("Autocomplete failed for %r", current)
        return []


class Moderation(commands.Cog):
    """Posting management for moderators (Manage Server or the configured moderator role)."""

    postings = app_commands.Group(
        name="postings",
        description="Manage the postings the bot answers from (moderators only).",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    async def _audit(self, interaction: discord.Interaction, action: str, detail: str) -> None:
        actor = f"{describe_actor(interaction.user)} in guild {interaction.guild_id}"
        await self.bot.store.record_audit(actor, action, detail, collection=_collection(interaction))
        log.info("Audit: %s %s %s", actor, action, detail)

    @postings.command(name="reload")
    @moderator_rate_limit()
    @moderator_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Re-read the shared postings folder and report what changed (operator's server or owner only)."""
        home = self.bot.settings.home_guild
        if interaction.guild_id != home and not await self.bot.is_owner(interaction.user):
            raise NotHomeServer()
        await defer(interaction, private=True)
        async with ProgressMessage(interaction) as progress:
            report = await self.bot.engine.reload(self.bot.settings.postings_dir, on_progress=progress)
        await self._audit(interaction, "reload", summarize(report))
        await progress.finish(embed=render.sync_report_embed(report, title="Postings reloaded"))

    @postings.command(name="add")
    @moderator_rate_limit()
    @moderator_only()
    async def add(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Add a posting from a file, or replace the posting with the same name.

        Args:
            file: A posting as .txt, .md, .html or .pdf.
        """
        suffix = PurePosixPath(file.filename).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise BadAttachment(f"“{render.escape(file.filename[:80])}” is not a posting file; use one of "
                                f"{', '.join(sorted(SUPPORTED_SUFFIXES))}.")
        limit = self.bot.settings.max_posting_bytes
        if file.size > limit:
            raise BadAttachment(f"The file is larger than the {limit:,}-byte limit.")
        await defer(interaction, private=True)
        data = await file.read()
        report = await self.bot.engine.add(file.filename, data, guild_id=interaction.guild_id)
        await self._audit(interaction, "add", f"{file.filename}: {summarize(report)}")
        await interaction.followup.send(embed=render.sync_report_embed(report, title="Posting added"),
                                        ephemeral=True)

    @postings.command(name="remove")
    @app_commands.autocomplete(posting=own_autocomplete)
    @moderator_rate_limit()
    @moderator_only()
    async def remove(self, interaction: discord.Interaction,
                     posting: app_commands.Range[str, 1, 200]) -> None:
        """Remove one posting this server added.

        Args:
            posting: The posting to remove (start typing its title or organization).
        """
        guild_id = interaction.guild_id
        found = self.bot.engine.find_posting(posting, guild_id=guild_id, own=True)
        posting_id = found.id if found else posting
        await defer(interaction, private=True)
        if guild_id is None or not await self.bot.engine.remove(posting_id, guild_id=guild_id):
            raise UnknownPosting(posting)
        await self._audit(interaction, "remove", posting_id)
        await interaction.followup.send(f"Removed `{render.escape(posting_id)}`.", ephemeral=True)

    @postings.command(name="status")
    @moderator_only()
    async def status(self, interaction: discord.Interaction) -> None:
        """How many postings this server sees, its last upload and its latest moderator actions."""
        await defer(interaction, private=True)
        loads = await self.bot.store.load_log(1, collection=_collection(interaction))
        audit = await self.bot.store.audit_log(5, collection=_collection(interaction))
        last = None
        if loads:
            load = loads[0]
            last = (f"{load.at:%Y-%m-%d %H:%M} UTC from {_folder_name(load.directory)}: "
                    f"{len(load.report.added)} added, {len(load.report.updated)} updated, "
                    f"{len(load.report.removed)} removed, {len(load.report.skipped)} skipped")
        lines = [f"{entry.at:%Y-%m-%d %H:%M} {entry.action} by {entry.actor}" for entry in audit]
        embed = render.status_embed(self.bot.engine.postings(guild_id=interaction.guild_id), self.bot.today(),
                                    last_load=last, audit=lines)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @postings.command(name="announce")
    @moderator_rate_limit()
    @moderator_only()
    async def announce(self, interaction: discord.Interaction,
                       channel: discord.TextChannel | None = None) -> None:
        """Announce each posting new to this server in a channel (leave the channel out to stop).

        Args:
            channel: The channel for announcements of new postings.
        """
        await set_announce_channel(self.bot, interaction, channel)
        await self._audit(interaction, "announce", f"channel={channel.id if channel else None}")


def _collection(interaction: discord.Interaction) -> str:
    """The collection of the server a moderator acts in (postings commands are guild-only)."""
    return guild_collection(interaction.guild_id or 0)


async def setup(bot: OpenRolesBot) -> None:
    """Load posting management."""
    await bot.add_cog(Moderation(bot))


def _folder_name(directory: str | None) -> str:
    """The postings folder's name only: moderators are never shown the server's paths."""
    return f"the folder “{render.escape(PurePath(directory).name)}”" if directory else "an upload"
