"""`/alerts add | list | remove | resume`: a member saves `/jobs` filters and gets a DM when a posting new
to the server matches them. Alerts are stored (at most `ALERTS_PER_MEMBER` per member and server).

A member whose DMs are closed has their alerts paused (`bot/direct.py`) and is told so, privately, after
the next command they use.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot import render
from bot.direct import CLOSED_NOTE, link_buttons, send_dm
from bot.errors import UserError
from bot.exts.jobs import REMOTE_CHOICES, TYPE_CHOICES, Jobs, option_filters
from bot.replies import defer
from knowledge.community import Alert
from knowledge.models import Posting
from retrieval.execute import describe
from retrieval.news import alert_matches, start_watching
from retrieval.request import Filters

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

FILTER_DESCRIPTIONS = {p.name: p.description for p in Jobs.jobs.parameters
                       if p.name in ("query", "remote", "min_salary", "location", "type")}
"""`/alerts add` takes `/jobs`'s filters, described as there."""


def describe_alert(filters: Filters) -> str:
    """What an alert waits for, worded as `/jobs` headings word filters."""
    parts = describe(filters)
    return "new postings — " + " · ".join(parts) if parts else "every new posting"


def _filters(alert: Alert) -> Filters | None:
    try:
        return Filters.model_validate_json(alert.filters)
    except ValidationError:
        log.warning("Alert %s has filters this version cannot read; skipped", alert.id)
        return None


async def alert_autocomplete(interaction: discord.Interaction,
                             current: str) -> list[app_commands.Choice[int]]:
    """The member's alerts in this server, by number and description."""
    bot: OpenRolesBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        return []
    choices = []
    for alert in await bot.store.alerts(interaction.user.id, guild_id=interaction.guild_id):
        filters = _filters(alert)
        label = f"#{alert.id} {describe_alert(filters) if filters else 'unreadable alert'}"
        if current.lower() in label.lower():
            choices.append(app_commands.Choice(name=render.trim(label, render.CHOICE_NAME_LIMIT, "…"),
                                               value=alert.id))
    return choices[:render.CHOICE_COUNT_LIMIT]


def _guild_only(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise UserError("Alerts are kept per server: use `/alerts` in a server.")
    return interaction.guild_id


class Alerts(commands.Cog):
    """Saved filters that DM a member about matching new postings."""

    alerts = app_commands.Group(name="alerts", guild_only=True,
                                description="Get a DM when a new posting matches your filters.")

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    @alerts.command(name="add")
    @app_commands.choices(remote=REMOTE_CHOICES, type=TYPE_CHOICES)
    @app_commands.describe(**FILTER_DESCRIPTIONS)
    async def add(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200] | None = None,
        remote: app_commands.Choice[str] | None = None,
        min_salary: app_commands.Range[int, 0, 10_000_000] | None = None,
        location: app_commands.Range[str, 1, 100] | None = None,
        type: app_commands.Choice[str] | None = None,
    ) -> None:
        """Get a DM when a posting added to this server matches these filters (the same as /jobs)."""
        guild_id = _guild_only(interaction)
        filters = option_filters(query=query, remote=remote, min_salary=min_salary, location=location,
                                 type=type)
        await defer(interaction, private=True)
        await start_watching(self.bot.engine, self.bot.store, guild_id)  # what is there now is not new
        limit = self.bot.settings.alerts_per_member
        alert = await self.bot.store.add_alert(guild_id, interaction.user.id, filters.model_dump_json(),
                                               limit=limit)
        if alert is None:
            raise UserError(f"You already have {limit} alerts here; remove one with `/alerts remove` first.")
        await interaction.followup.send(
            f"Alert `#{alert.id}` saved: I'll DM you about {render.escape(describe_alert(filters))}. "
            "Keep your DMs open to this server's members.", ephemeral=True)

    @alerts.command(name="list")
    async def list_alerts(self, interaction: discord.Interaction) -> None:
        """Your alerts in this server."""
        guild_id = _guild_only(interaction)
        lines = []
        for alert in await self.bot.store.alerts(interaction.user.id, guild_id=guild_id):
            filters = _filters(alert)
            described = describe_alert(filters) if filters else "unreadable alert"
            lines.append(f"`#{alert.id}` {render.escape(described)}{' — **paused**' if alert.paused else ''}")
        embed = render.listing_embed("Your alerts", lines, footer="Remove one with /alerts remove",
                                     empty="You have no alerts here. Add one with `/alerts add`.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @alerts.command(name="remove")
    @app_commands.autocomplete(alert=alert_autocomplete)
    async def remove(self, interaction: discord.Interaction, alert: int) -> None:
        """Delete one of your alerts.

        Args:
            alert: The alert's number (see /alerts list).
        """
        _guild_only(interaction)
        if not await self.bot.store.remove_alert(interaction.user.id, alert):
            raise UserError(f"You have no alert #{alert}; `/alerts list` shows yours.")
        await interaction.response.send_message(f"Alert `#{alert}` removed.", ephemeral=True)

    @alerts.command(name="resume")
    async def resume(self, interaction: discord.Interaction) -> None:
        """Turn your alerts back on after they were paused because your DMs were closed."""
        _guild_only(interaction)
        count = await self.bot.store.resume_alerts(interaction.user.id)
        text = (f"{count} alert{'s' if count != 1 else ''} resumed." if count
                else "None of your alerts was paused.")
        await interaction.response.send_message(text, ephemeral=True)

    @commands.Cog.listener()
    async def on_app_command_completion(
            self, interaction: discord.Interaction,
            command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu) -> None:
        """After a member's command, the note that their DMs were closed, if one is owed to them."""
        if command.qualified_name == "alerts resume" or not interaction.response.is_done():
            return
        if await self.bot.store.take_dm_notice(interaction.user.id):
            try:
                await interaction.followup.send(CLOSED_NOTE, ephemeral=True)
            except discord.HTTPException:
                log.warning("Could not tell user %s their DMs are closed", interaction.user.id, exc_info=True)

    async def on_new_postings(self, guild_id: int, postings: list[Posting]) -> None:
        """DM each member whose alerts match some of `postings` (one message per member)."""
        wanted: dict[int, list[tuple[Alert, list[Posting]]]] = {}
        for alert in await self.bot.store.guild_alerts(guild_id):
            filters = _filters(alert)
            matched = await alert_matches(self.bot.engine, filters, postings, guild_id) if filters else []
            if matched:
                wanted.setdefault(alert.user_id, []).append((alert, matched))
        pause = self.bot.settings.send_pause_seconds
        guild = self.bot.get_guild(guild_id)
        where = guild.name if guild is not None else "a server"
        for number, (user_id, hits) in enumerate(wanted.items()):
            if number and pause:
                await asyncio.sleep(pause)
            await self._notify(user_id, hits, where)

    async def _notify(self, user_id: int, hits: Sequence[tuple[Alert, list[Posting]]], where: str) -> None:
        postings: dict[str, Posting] = {}
        for _, matched in hits:
            postings.update((p.id, p) for p in matched)
        found = list(postings.values())
        today = self.bot.today()
        numbers = ", ".join(f"#{alert.id}" for alert, _ in hits)
        heading = f"New in {render.escape(where)} · matches your alert {numbers}"
        if len(found) > self.bot.settings.announce_batch_limit:
            embeds = [render.new_postings_summary(found, today, title=render.trim(heading, 250))]
            view = None
        else:
            embeds = [render.new_posting_embed(p, today, heading=heading) for p in found]
            links = [(f"Apply: {p.display_title}", link) for p in found if (link := render.apply_url(p))]
            view = link_buttons(links)
        await send_dm(self.bot, user_id, embeds=embeds, view=view)


async def setup(bot: OpenRolesBot) -> None:
    """Load alerts."""
    await bot.add_cog(Alerts(bot))
