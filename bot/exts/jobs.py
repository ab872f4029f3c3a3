"""`/jobs`: the roles matching some filters, one line each, paginated with buttons."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.replies import defer
from knowledge.models import EmploymentType, RemoteStatus
from retrieval.execute import describe
from retrieval.jobs import job_filters
from retrieval.request import Filters

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

REMOTE_CHOICES = [app_commands.Choice(name=label, value=status.value) for label, status in (
    ("Remote", RemoteStatus.REMOTE), ("Hybrid", RemoteStatus.HYBRID), ("On-site", RemoteStatus.ONSITE))]
TYPE_CHOICES = [app_commands.Choice(name=kind.value.replace("-", " ").capitalize(), value=kind.value)
                for kind in EmploymentType]


class Pages(discord.ui.View):
    """Previous / next buttons over pre-rendered embeds; only the member who asked can turn pages."""

    def __init__(self, pages: Sequence[discord.Embed], owner_id: int, *, timeout: float = 600.0) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner_id = owner_id
        self.index = 0
        self.message: discord.WebhookMessage | None = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Run `/jobs` yourself to browse the list.", ephemeral=True)
        return False

    async def _show(self, interaction: discord.Interaction, step: int) -> None:
        self.index = min(max(self.index + step, 0), len(self.pages) - 1)
        self._update_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Pages]) -> None:
        await self._show(interaction, 1)

    async def on_timeout(self) -> None:
        if self.message is not None:
            try:
                await self.message.edit(view=None)
            except discord.HTTPException:
                log.debug("Could not remove the page buttons", exc_info=True)


def option_filters(*, query: str | None, remote: app_commands.Choice[str] | None, min_salary: int | None,
                   location: str | None, type: app_commands.Choice[str] | None,
                   closing_before: dt.date | None = None, include_closed: bool = False) -> Filters:
    """The `Filters` of `/jobs`-style options (also `/alerts add`)."""
    return job_filters(
        query=query, location=location, include_closed=include_closed, closing_before=closing_before,
        remote=RemoteStatus(remote.value) if remote else None,
        type=EmploymentType(type.value) if type else None,
        min_salary=float(min_salary) if min_salary is not None else None)


def describe_filters(filters: Filters) -> str:
    """A heading naming the filters in use (worded as answers word them)."""
    parts = describe(filters)
    if filters.include_closed:
        parts.append("closed included")
    return "Roles — " + " · ".join(parts) if parts else "Open roles"


class Jobs(commands.Cog):
    """Browse the roles."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    @app_commands.command(name="jobs")
    @app_commands.choices(remote=REMOTE_CHOICES, type=TYPE_CHOICES)
    async def jobs(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200] | None = None,
        remote: app_commands.Choice[str] | None = None,
        min_salary: app_commands.Range[int, 0, 10_000_000] | None = None,
        location: app_commands.Range[str, 1, 100] | None = None,
        type: app_commands.Choice[str] | None = None,
        closing_within_days: app_commands.Range[int, 0, 3650] | None = None,
        include_closed: bool = False,
    ) -> None:
        """List the roles matching some filters, one line each.

        Args:
            query: Words to look for in the postings, e.g. "organizer".
            remote: Only remote, hybrid or on-site roles.
            min_salary: Only roles paying at least this much a year (roles stating no pay are left out).
            location: A city, state or region, e.g. "Los Angeles".
            type: Only this kind of employment.
            closing_within_days: Only roles whose deadline is within this many days.
            include_closed: Also list roles whose deadline has passed.
        """
        await defer(interaction, private=False)
        today = self.bot.today()
        filters = option_filters(
            query=query, remote=remote, min_salary=min_salary, location=location, type=type,
            include_closed=include_closed, closing_before=today + dt.timedelta(days=closing_within_days)
            if closing_within_days is not None else None)
        result = await self.bot.engine.jobs(filters, guild_id=interaction.guild_id)
        pages = render.jobs_pages(result, heading=render.escape(describe_filters(filters)))
        if len(pages) == 1:
            await interaction.followup.send(embed=pages[0])
            return
        view = Pages(pages, interaction.user.id)
        view.message = await interaction.followup.send(embed=pages[0], view=view, wait=True)


async def setup(bot: OpenRolesBot) -> None:
    """Load the jobs feature."""
    await bot.add_cog(Jobs(bot))
