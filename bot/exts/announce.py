"""Announcements: each posting new to a server is announced once in the channel its moderators chose
(`/postings announce`, in `bot/exts/moderation.py`); a large batch becomes one summary message.

Closed postings are not announced. Messages are sent one at a time with a pause between them
(`SEND_PAUSE_SECONDS`); discord.py waits out any 429 itself.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot import render
from bot.direct import link_buttons
from bot.errors import UserError
from bot.replies import defer
from knowledge.models import Posting, PostingStatus
from retrieval.news import start_watching

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)


def apply_view(posting: Posting) -> discord.ui.View | None:
    """An Apply link button for `posting`, where it gives a web address or an email."""
    link = render.apply_url(posting)
    return link_buttons([("Apply", link)]) if link else None


async def set_announce_channel(bot: OpenRolesBot, interaction: discord.Interaction,
                               channel: discord.TextChannel | None) -> None:
    """`/postings announce`: announce the server's new postings in `channel` (None: stop). A short
    notice is posted there first, so a channel the bot cannot write to is refused at once."""
    guild_id = interaction.guild_id
    if guild_id is None:
        raise UserError("Announcements are set per server.")
    if channel is None:
        await bot.store.set_announce_channel(guild_id, None)
        await interaction.response.send_message("New postings will no longer be announced.", ephemeral=True)
        return
    await defer(interaction, private=True)
    try:
        await channel.send("📣 New job postings will be announced in this channel.")
    except discord.HTTPException as exc:
        raise UserError(f"I can't post in {channel.mention} ({exc.status}); give me View Channel, Send "
                        "Messages and Embed Links there, then try again.") from None
    await start_watching(bot.engine, bot.store, guild_id)  # what is there now is not new
    await bot.store.set_announce_channel(guild_id, channel.id)
    await interaction.followup.send(f"New postings will be announced in {channel.mention}.", ephemeral=True)


class Announcements(commands.Cog):
    """Posts new postings to each server's announcement channel."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot

    async def on_new_postings(self, guild_id: int, postings: list[Posting]) -> None:
        """Announce the open ones of `postings` in the server's channel, if it has one."""
        channel_id = (await self.bot.store.announce_channels()).get(guild_id)
        today = self.bot.today()
        fresh = [p for p in postings if p.status(today) is not PostingStatus.CLOSED]
        if channel_id is None or not fresh:
            return
        channel = self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
        pause = self.bot.settings.send_pause_seconds
        try:
            if len(fresh) > self.bot.settings.announce_batch_limit:
                embed = render.new_postings_summary(fresh, today, title=f"{len(fresh)} new postings")
                await channel.send(embed=embed)
                return
            for number, posting in enumerate(fresh):
                if number and pause:
                    await asyncio.sleep(pause)
                view = apply_view(posting)
                embed = render.new_posting_embed(posting, today)
                await (channel.send(embed=embed, view=view) if view else channel.send(embed=embed))
        except (discord.Forbidden, discord.NotFound) as exc:
            log.warning("Cannot announce in channel %s of guild %s (%s); a moderator can pick another "
                        "with /postings announce", channel_id, guild_id, exc)


async def setup(bot: OpenRolesBot) -> None:
    """Load announcements."""
    await bot.add_cog(Announcements(bot))
