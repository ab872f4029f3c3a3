"""Questions: `/ask`, and messages that mention the bot, DM it, or are sent in an ask channel."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import question_cooldown
from bot.errors import report_message_error
from bot.exts._followups import FollowUps
from bot.exts._questions import MAX_QUESTION_CHARS, question_in
from bot.replies import defer

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

COOLDOWN_REACTION = "⏳"
HINT = "Ask me about the open roles, e.g. “which roles are remote?” or “how do I apply?” — or try `/help`."


class Ask(commands.Cog):
    """The engine's answers, with citations, wherever people ask."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot
        self.follow_ups = FollowUps()

    @app_commands.command(name="ask")
    @question_cooldown()
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_CHARS], private: bool = False) -> None:
        """Ask about the open roles; the answer quotes the postings it comes from.

        Args:
            question: What you want to know, e.g. "Which roles are remote?"
            private: Show the answer only to you (default: visible to everyone here).
        """
        await defer(interaction, private=private)
        channel, member = interaction.channel_id or 0, interaction.user.id
        answer = await self.bot.engine.ask(question, guild_id=interaction.guild_id,
                                           previous=self.follow_ups.previous(channel, member))
        await interaction.followup.send(embed=render.answer_embed(answer), ephemeral=private)
        self.follow_ups.remember(channel, member, answer.request)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a message addressed to the bot as a reply; ignore bots, itself and everything else."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id or message.webhook_id:
            return
        question = question_in(
            message.content, me.id,
            mentioned=me in message.mentions,
            direct=message.guild is None,
            ask_channel=message.channel.id in self.bot.settings.ask_channel_ids,
        )
        if question is None:
            return
        if self.bot.question_throttle.retry_after(message.author.id):
            await _mark_cooling_down(message)
            return
        try:
            if not question:
                await message.reply(HINT, mention_author=False)
                return
            channel, member = message.channel.id, message.author.id
            reply_to = message.reference.message_id if message.reference is not None else None
            previous = self.follow_ups.previous(channel, member, reply_to)
            answer = await self.bot.engine.ask(question, guild_id=message.guild.id if message.guild else None,
                                               previous=previous)
            sent = await message.reply(embed=render.answer_embed(answer), mention_author=False)
            self.follow_ups.remember(channel, member, answer.request, getattr(sent, "id", None))
        except Exception as exc:
            await report_message_error(message, exc)


async def _mark_cooling_down(message: discord.Message) -> None:
    """React ⏳ to a question asked within the member's cooldown, so it is not silently dropped."""
    log.debug("Question from %s not answered: cooldown", message.author.id)
    try:
        await message.add_reaction(COOLDOWN_REACTION)
    except discord.HTTPException as exc:  # no Add Reactions permission, or the message is gone
        log.debug("Could not mark the question with %s: %s", COOLDOWN_REACTION, exc)


async def setup(bot: OpenRolesBot) -> None:
    """Load the ask feature."""
    await bot.add_cog(Ask(bot))
