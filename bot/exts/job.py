"""One posting (`/job`) and the quick questions: `/salary`, `/deadlines`, `/remote`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.answering import posting_reply
from bot.errors import UnknownPosting
from bot.replies import defer
from knowledge.models import Posting, RemoteStatus
from retrieval.jobs import job_filters

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)


async def posting_autocomplete(interaction: discord.Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
    """Up to 25 postings matching what has been typed so far."""
    bot: OpenRolesBot = interaction.client  # type: ignore[assignment]
    try:
        return render.posting_choices(bot.engine.search_postings(current[:100], limit=25,
                                                                   guild_id=interaction.guild_id))
    except Exception:
        # An autocomplete cannot show an error; log it and offer nothing.
        log.exception("Autocomplete failed for %r", current)
        return []


def resolve(bot: OpenRolesBot, name: str, guild_id: int | None) -> Posting:
    """The posting a chosen or typed name refers to, among those `guild_id` sees; `UnknownPosting` if none."""
    posting = bot.engine.find_posting(name, guild_id=guild_id)
    if posting is None:
        raise UnknownPosting(name)
    return posting


class Job(commands.Cog):
    """Look at one posting, or at one thing across all of them."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    @app_commands.command(name="job")
    @app_commands.autocomplete(posting=posting_autocomplete)
    async def job(self, interaction: discord.Interaction, posting: app_commands.Range[str, 1, 200]) -> None:
        """Show one posting: every detail found in it, with the text it comes from.

        Args:
            posting: The posting (start typing its title or organization).
        """
        # The lookup is an in-memory snapshot read, so a wrong name is refused privately before deferring.
        found = resolve(self.bot, posting, interaction.guild_id)
        await defer(interaction, private=False)
        today = self.bot.today()
        reply = posting_reply(found, render.posting_card(found, today), today)
        await interaction.followup.send(**reply.kwargs())

    @app_commands.command(name="salary")
    @app_commands.autocomplete(posting=posting_autocomplete)
    async def salary(self, interaction: discord.Interaction,
                     posting: app_commands.Range[str, 1, 200] | None = None) -> None:
        """What the roles pay, as each posting states it.

        Args:
            posting: Only this posting (start typing its title or organization).
        """
        found = resolve(self.bot, posting, interaction.guild_id) if posting else None
        await defer(interaction, private=False)
        if found is not None:
            postings = [found]
        else:
            result = await self.bot.engine.jobs(job_filters(), guild_id=interaction.guild_id)
            postings = [match.posting for match in result.matches]
        await interaction.followup.send(embed=render.salary_embed(postings))

    @app_commands.command(name="deadlines")
    async def deadlines(self, interaction: discord.Interaction,
                        days: app_commands.Range[int, 0, 3650] | None = None) -> None:
        """When applications close, soonest first.

        Args:
            days: Only deadlines within this many days from today.
        """
        await defer(interaction, private=False)
        today = self.bot.today()
        before = today + dt.timedelta(days=days) if days is not None else None
        result = await self.bot.engine.jobs(job_filters(closing_before=before), guild_id=interaction.guild_id)
        matches = [m for m in result.matches
                   if before is None or (m.posting.deadline and m.posting.deadline.date)]
        await interaction.followup.send(embed=render.deadlines_embed(matches, result.today, days))

    @app_commands.command(name="remote")
    async def remote(self, interaction: discord.Interaction) -> None:
        """Which roles are remote or hybrid, with the text that says so."""
        await defer(interaction, private=False)
        guild_id = interaction.guild_id
        remote = await self.bot.engine.jobs(job_filters(remote=RemoteStatus.REMOTE), guild_id=guild_id)
        hybrid = await self.bot.engine.jobs(job_filters(remote=RemoteStatus.HYBRID), guild_id=guild_id)
        await interaction.followup.send(embed=render.remote_embed(remote, hybrid))


async def setup(bot: OpenRolesBot) -> None:
    """Load the posting and shortcut commands."""
    await bot.add_cog(Job(bot))
