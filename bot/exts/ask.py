"""Questions: `/ask`, and messages that mention the bot, DM it, or are sent in an ask channel."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answering import Asked, answer_reply
from bot.checks import question_cooldown
from bot.errors import UserError, report_message_error
from bot.exts._followups import FollowUps
from bot.exts._questions import MAX_QUESTION_CHARS, question_in
from bot.replies import defer

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

COOLDOWN_REACTION = "⏳"
ASK_MENU = "Ask Open Roles"
"""The message context menu (Apps → Ask Open Roles) answering the question in the chosen message."""
HINT = "Ask me about the open roles, e.g. “which roles are remote?” or “how do I apply?” — or try `/help`."


class Ask(commands.Cog):
    """The engine's answers, with citations, wherever people ask."""

    def __init__(self, bot: OpenRolesBot) -> None:
        self.bot = bot
        self.follow_ups = FollowUps()
        # Context menus cannot be declared in a cog's body: built here, added to the tree on load.
        self.ask_menu = app_commands.ContextMenu(name=ASK_MENU, callback=self.ask_about_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command(name="ask")
    @question_cooldown()
    async def ask(self, interaction: discord.Interaction,
                  question: app_commands.Range[str, 1, MAX_QUESTION_CHARS], private: bool = False) -> None:
        """Ask about the open roles; the answer quotes the postings it comes from.

        Args:
            question: What you want to know, e.g. "Which roles are remote?"
            private: Show the answer only to you (default: visible to everyone here).
        """
        await self._answer(interaction, question, private=private)

    @question_cooldown()
    async def ask_about_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the question in someone's message, as `/ask` would (visible to everyone here)."""
        me = self.bot.user
        question = question_in(message.content, me.id if me else 0, mentioned=True, direct=False,
                               ask_channel=False)
        if not question:
            raise UserError("That message has no text to ask about.")
        await self._answer(interaction, question, private=False)

    async def _answer(self, interaction: discord.Interaction, question: str, *, private: bool) -> None:
        await defer(interaction, private=private)
        channel, member = interaction.channel_id or 0, interaction.user.id
        answer = await self.bot.engine.ask(question, guild_id=interaction.guild_id,
                                           previous=self.follow_ups.previous(channel, member))
        reply = await answer_reply(self.bot, answer, Asked(interaction.guild_id, channel, member))
        await interaction.followup.send(**reply.kwargs(), ephemeral=private)
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
            guild_id = message.guild.id if message.guild else None
            answer = await self.bot.engine.ask(question, guild_id=guild_id, previous=previous)
            reply = await answer_reply(self.bot, answer, Asked(guild_id, channel, member))
            sent = await message.reply(**reply.kwargs(), mention_author=False)
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
