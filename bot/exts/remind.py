"""`/remind posting [days_before]`: a DM that many days before a posting's deadline, sent once;
`/reminders [cancel]` lists or cancels them.

Reminders are stored (they survive restarts) and a `discord.ext.tasks` loop looks for due ones every
`REMINDER_CHECK_SECONDS`. "Today" is the engine's (tests move it). A reminder is claimed before it is sent,
so several processes never send one twice; one whose posting is gone or closed is dropped, and one whose
deadline moved follows it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import render
from bot.direct import link_buttons, send_dm
from bot.errors import UserError
from bot.exts.job import posting_autocomplete, resolve
from bot.periodic import run_step
from knowledge.community import DM_SCOPE, Reminder
from knowledge.models import PostingStatus
from retrieval.format import format_date
from retrieval.news import ReminderRefused, plan_reminder

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = 3


async def _labelled(bot: OpenRolesBot, user_id: int) -> list[tuple[Reminder, str]]:
    """A member's pending reminders, each with "title — on <day> (closes <day>)"."""
    labelled = []
    for reminder in await bot.store.reminders(user_id):
        guild_id = reminder.guild_id if reminder.guild_id != DM_SCOPE else None
        posting = bot.engine.find_posting(reminder.posting_id, guild_id=guild_id)
        title = posting.display_title if posting is not None else reminder.posting_id
        labelled.append((reminder, f"{title} — on {format_date(reminder.remind_on)} "
                                   f"(closes {format_date(reminder.deadline)})"))
    return labelled


async def reminder_autocomplete(interaction: discord.Interaction,
                                current: str) -> list[app_commands.Choice[int]]:
    """The member's pending reminders matching what has been typed so far."""
    bot: OpenRolesBot = interaction.client  # type: ignore[assignment]
    return [app_commands.Choice(name=render.trim(f"#{reminder.id} {label}", render.CHOICE_NAME_LIMIT, "…"),
                                value=reminder.id)
            for reminder, label in await _labelled(bot, interaction.user.id)
            if current.lower() in label.lower()][:render.CHOICE_COUNT_LIMIT]


class Reminders(commands.Cog):
    """Deadline reminders by DM."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot
        self.loop.change_interval(seconds=bot.settings.reminder_check_seconds)

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    @app_commands.command(name="remind")
    @app_commands.autocomplete(posting=posting_autocomplete)
    async def remind(self, interaction: discord.Interaction, posting: app_commands.Range[str, 1, 200],
                     days_before: app_commands.Range[int, 0, 60] = DEFAULT_DAYS_BEFORE) -> None:
        """Get a DM some days before a posting's deadline.

        Args:
            posting: The posting (start typing its title or organization).
            days_before: How many days before the deadline to remind you (3 by default).
        """
        found = resolve(self.bot, posting, interaction.guild_id)
        today = self.bot.today()
        try:
            plan = plan_reminder(found, days_before, today)
        except ReminderRefused as exc:
            raise UserError(str(exc)) from None
        await self.bot.store.set_reminder(interaction.guild_id or DM_SCOPE, interaction.user.id, found.id,
                                          days_before=days_before, deadline=plan.deadline,
                                          remind_on=plan.remind_on)
        when = "today" if plan.remind_on == today else f"on {format_date(plan.remind_on)}"
        await interaction.response.send_message(
            f"I'll DM you {when} about **{render.escape(found.display_title)}**, which closes on "
            f"{format_date(plan.deadline)}. Keep your DMs open to this server's members.",
            ephemeral=True)

    @app_commands.command(name="reminders")
    @app_commands.autocomplete(cancel=reminder_autocomplete)
    async def reminders(self, interaction: discord.Interaction, cancel: int | None = None) -> None:
        """Your deadline reminders not sent yet; or cancel one.

        Args:
            cancel: A reminder to cancel (start typing the posting's title).
        """
        if cancel is not None:
            if not await self.bot.store.remove_reminder(interaction.user.id, cancel):
                raise UserError(f"You have no reminder #{cancel}; `/reminders` lists yours.")
            await interaction.response.send_message(f"Reminder `#{cancel}` cancelled.", ephemeral=True)
            return
        lines = [f"`#{reminder.id}` {render.escape(label)}"
                 for reminder, label in await _labelled(self.bot, interaction.user.id)]
        embed = render.listing_embed("Your deadline reminders", lines,
                                     footer="Cancel one with /reminders cancel",
                                     empty="You have no reminders. Set one with `/remind`.")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @tasks.loop(seconds=600.0)
    async def loop(self) -> None:
        await run_step(self.check_reminders, "send the due reminders")

    @loop.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    async def check_reminders(self) -> int:
        """Send every reminder due today (or missed while the bot was down); how many were sent."""
        today = self.bot.today()
        sent = 0
        for reminder in await self.bot.store.due_reminders(today):
            if sent and self.bot.settings.send_pause_seconds:
                await asyncio.sleep(self.bot.settings.send_pause_seconds)
            sent += await self._fire(reminder)
        return sent

    async def _fire(self, reminder: Reminder) -> bool:
        today = self.bot.today()
        guild_id = reminder.guild_id if reminder.guild_id != DM_SCOPE else None
        posting = self.bot.engine.find_posting(reminder.posting_id, guild_id=guild_id)
        deadline = posting.deadline.date if posting is not None and posting.deadline is not None else None
        if posting is not None and deadline is not None and deadline != reminder.deadline:
            try:
                plan = plan_reminder(posting, reminder.days_before, today)
            except ReminderRefused:
                pass  # closed now: dropped below
            else:
                await self.bot.store.reschedule_reminder(reminder.id, deadline=plan.deadline,
                                                         remind_on=plan.remind_on)
                if plan.remind_on > today:
                    return False
        if not await self.bot.store.claim_reminder(reminder.id):
            return False  # another process sent it
        if posting is None or deadline is None or posting.status(today) is PostingStatus.CLOSED:
            log.info("Reminder %s dropped: its posting %s is gone, undated or closed", reminder.id,
                     reminder.posting_id)
            return False
        link = render.apply_url(posting)
        return await send_dm(self.bot, reminder.user_id, embeds=[render.reminder_embed(posting, today)],
                             view=link_buttons([("Apply", link)]) if link else None)


async def setup(bot: OpenRolesBot) -> None:
    """Load deadline reminders."""
    await bot.add_cog(Reminders(bot))
