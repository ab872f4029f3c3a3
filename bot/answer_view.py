"""The buttons under an answer: 👍 and 👎, keyed by the answer's id, and an Apply link.

The vote buttons are `DynamicItem`s: whichever process receives a click rebuilds the button from its
`custom_id` ("fb:down:42"), so they keep working after a restart (the bot registers `FeedbackButton` at
start-up). 👎 opens an optional "What was wrong?" form. Discord accepts only http(s) and discord:// URLs
in a link button, so a posting that gives only an email gets no button: the email is shown in the embed.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.errors import report_interaction_error
from bot.render import apply_url
from knowledge.feedback import MAX_COMMENT_CHARS, Vote
from knowledge.models import Posting

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)

MODAL_SECONDS = 900.0
"""How long a "What was wrong?" form waits for its answer (an interaction's token lives 15 minutes)."""
THANKS = "Thanks for the feedback."
THANKS_NOTE = "Thanks — moderators see this when they review the questions the bot got wrong."
GONE = "That answer is no longer on record, so the vote was not kept."
_VOTES = {"up": Vote.UP, "down": Vote.DOWN}
_EMOJI = {Vote.UP: "👍", Vote.DOWN: "👎"}


def feedback_id(vote: Vote, answer_id: int) -> str:
    """The `custom_id` of a vote button: "fb:up:42" or "fb:down:42"."""
    return f"fb:{'up' if vote is Vote.UP else 'down'}:{answer_id}"


def apply_email(posting: Posting) -> str | None:
    """The email address a posting says to apply to, when it gives no URL a button could carry."""
    if posting.apply is None or apply_url(posting) is not None:
        return None
    return posting.apply.email


def answer_view(answer_id: int | None, apply: str | None) -> discord.ui.View | None:
    """👍 / 👎 for a recorded answer (`answer_id`), an Apply link for `apply`; None when neither."""
    if answer_id is None and apply is None:
        return None
    view = discord.ui.View(timeout=None)
    if answer_id is not None:
        view.add_item(FeedbackButton(Vote.UP, answer_id))
        view.add_item(FeedbackButton(Vote.DOWN, answer_id))
    if apply is not None:
        view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label="Apply", url=apply))
    return view


def _bot(interaction: discord.Interaction) -> OpenRolesBot:
    return interaction.client  # type: ignore[return-value]


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"fb:(?P<vote>up|down):(?P<answer_id>[0-9]{1,19})"):
    """👍 or 👎 on one answer; anyone who sees the answer may vote once (a new vote replaces theirs)."""

    def __init__(self, vote: Vote, answer_id: int) -> None:
        super().__init__(discord.ui.Button(style=discord.ButtonStyle.secondary, emoji=_EMOJI[vote],
                                           custom_id=feedback_id(vote, answer_id)))
        self.vote = vote
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> FeedbackButton:
        return cls(_VOTES[match["vote"]], int(match["answer_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Keep the vote; 👎 first opens the optional "What was wrong?" form."""
        try:
            store = _bot(interaction).store
            record = await store.answer_record(self.answer_id)
            if record is None or record.guild_id != interaction.guild_id:
                await interaction.response.send_message(GONE, ephemeral=True)
                return
            if self.vote is Vote.DOWN:
                await interaction.response.send_modal(WhatWasWrong(self.answer_id, interaction.id))
            await store.record_vote(self.answer_id, interaction.user.id, self.vote)
            if self.vote is Vote.UP:
                await interaction.response.send_message(THANKS, ephemeral=True)
        except Exception as exc:
            await report_interaction_error(interaction, exc)


class WhatWasWrong(discord.ui.Modal, title="What was wrong?"):
    """The optional note a 👎 asks for; submitting it keeps it with the down vote."""

    note: discord.ui.TextInput[WhatWasWrong] = discord.ui.TextInput(
        label="What was wrong? (optional)", style=discord.TextStyle.paragraph, required=False,
        max_length=MAX_COMMENT_CHARS, placeholder="e.g. it quoted the wrong posting, or missed the pay")

    def __init__(self, answer_id: int, opened_by: int) -> None:
        # One form per click (two members may answer at once), so the id names the click too.
        super().__init__(timeout=MODAL_SECONDS, custom_id=f"fb:why:{answer_id}:{opened_by}")
        self.answer_id = answer_id

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        kept = await _bot(interaction).store.record_vote(self.answer_id, interaction.user.id, Vote.DOWN,
                                                         self.note.value)
        await interaction.response.send_message(THANKS_NOTE if kept else GONE, ephemeral=True)

    # Modal narrows View's signature (it has no items to blame), which mypy reports of every subclass.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await report_interaction_error(interaction, error)
