"""An answer as the bot sends it, wherever it was asked: recorded under an id (which its vote buttons
carry), rendered, with 👍 / 👎 and, for an answer about one posting not yet closed, that posting's
Apply link."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot import render
from bot.answer_view import answer_view, apply_email
from knowledge.feedback import AnswerRecord, CitedLines
from knowledge.models import Posting, PostingStatus
from retrieval.models import Answer

if TYPE_CHECKING:
    from bot.client import OpenRolesBot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """An embed and the buttons under it (None: no buttons)."""

    embed: discord.Embed
    view: discord.ui.View | None = None

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of a send (discord.py refuses `view=None` on follow-ups)."""
        return {"embed": self.embed} | ({"view": self.view} if self.view is not None else {})


@dataclass(frozen=True)
class Asked:
    """Where a question was asked and by whom."""

    guild_id: int | None
    channel_id: int
    user_id: int


async def answer_reply(bot: OpenRolesBot, answer: Answer, asked: Asked) -> Reply:
    """The reply to send for `answer`, which is recorded first (never raises: an answer that cannot be
    recorded is sent without vote buttons)."""
    answer_id = await _record(bot, answer, asked)
    posting = single_posting(bot, answer, asked.guild_id)
    if posting is None or posting.status(bot.today()) is PostingStatus.CLOSED:
        return Reply(render.answer_embed(answer), answer_view(answer_id, None))
    # No link button can carry an email address: the embed shows it, unless the reply already says it.
    email = apply_email(posting)
    shown = posting.apply if email and email.casefold() not in answer.answer.casefold() else None
    embed = render.answer_embed(answer, how_to_apply=shown)
    return Reply(embed, answer_view(answer_id, render.apply_url(posting)))


def posting_reply(posting: Posting, embed: discord.Embed, today: dt.date) -> Reply:
    """`embed` about one posting, with its Apply link when it gives one and is not closed."""
    closed = posting.status(today) is PostingStatus.CLOSED
    return Reply(embed, answer_view(None, None if closed else render.apply_url(posting)))


def single_posting(bot: OpenRolesBot, answer: Answer, guild_id: int | None) -> Posting | None:
    """The one posting an answer quotes (or compares), or None when it quotes none or several."""
    ids = {c.posting_id for c in answer.citations} | {row.posting_id for row in answer.rows}
    if len(ids) != 1:
        return None
    return bot.engine.find_posting(ids.pop(), guild_id=guild_id)


async def _record(bot: OpenRolesBot, answer: Answer, asked: Asked) -> int | None:
    citations = [CitedLines(posting_id=c.posting_id, section=c.section, start_line=c.start_line,
                            end_line=c.end_line) for c in answer.citations]
    record = AnswerRecord(guild_id=asked.guild_id, channel_id=asked.channel_id, user_id=asked.user_id,
                          question=answer.question, answer=answer.answer, citations=citations,
                          found=answer.found)
    try:
        return await bot.store.record_answer(record)
    except Exception:  # the answer matters more than its record: send it without vote buttons
        log.warning("Could not record an answer in guild %s", asked.guild_id, exc_info=True)
        return None
