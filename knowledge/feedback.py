"""What members said about answers: each answer recorded under an id, the votes on it, and the gaps
(questions nobody could answer, answers voted down) that moderators review. Records only: the SQL is in
`knowledge.store` and `knowledge.pgstore`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from enum import IntEnum

from pydantic import BaseModel

GAP_DAYS = 30
"""How far back `/postings gaps` looks."""
KEEP_DAYS = 90
"""How long an answer (and the votes on it) is kept; older ones are forgotten as new ones are recorded."""
MAX_COMMENT_CHARS = 1000
"""The longest "what was wrong?" note kept."""

_WORD = re.compile(r"\w+")


class Vote(IntEnum):
    """A member's verdict on one answer."""

    UP = 1
    DOWN = -1


class CitedLines(BaseModel):
    """Where a recorded answer quoted a posting: enough to find the text again."""

    posting_id: str
    section: str
    start_line: int
    end_line: int


class AnswerRecord(BaseModel):
    """One answer as it was given: where, to whom, the question, the reply and what it cited."""

    guild_id: int | None
    """None for a DM."""
    channel_id: int
    user_id: int
    question: str
    answer: str
    citations: list[CitedLines] = []
    found: bool
    """False when the answer was a "couldn't find" (nothing in the postings answers it)."""
    at: dt.datetime | None = None
    """When it was given (set by the store)."""


class Gap(BaseModel):
    """A question asked several times (counted by its normalised text) and what members said about it."""

    question: str
    """The latest wording of it."""
    count: int
    """Times it went unanswered, or down votes it received."""
    last: dt.datetime
    comments: list[str] = []
    """The latest "what was wrong?" notes (down votes only)."""


class Gaps(BaseModel):
    """A server's most frequent unanswered questions and most down-voted ones, over the last days."""

    days: int
    unanswered: list[Gap] = []
    downvoted: list[Gap] = []


def normalize_question(text: str) -> str:
    """The text two askings of one question share: case, punctuation and spacing dropped.

    "What does it PAY?" and "what does it pay" -> "what does it pay".
    """
    return " ".join(_WORD.findall(text.casefold()))


def clean_comment(comment: str | None) -> str | None:
    """A member's "what was wrong?" note as kept: spacing collapsed, cut to `MAX_COMMENT_CHARS`, None
    when blank."""
    text = " ".join((comment or "").split())[:MAX_COMMENT_CHARS]
    return text or None


GapRow = Sequence[object]
"""(question, normalised question, ISO time, note or None): a row a store reads for `gaps_from`."""
MAX_GAP_COMMENTS = 3


def gaps_from(unanswered: Iterable[GapRow], downvoted: Iterable[GapRow], *, days: int, limit: int) -> Gaps:
    """The `limit` most frequent questions of each kind, counted by normalised text (ties: the most
    recent first), from rows ordered newest first."""
    return Gaps(days=days, unanswered=_most_frequent(unanswered, limit),
                downvoted=_most_frequent(downvoted, limit))


def _most_frequent(rows: Iterable[GapRow], limit: int) -> list[Gap]:
    groups: dict[str, Gap] = {}
    for question, normalized, at, comment in rows:
        gap = groups.get(str(normalized))
        if gap is None:  # the newest row: its wording and time stand for the group
            gap = groups[str(normalized)] = Gap(question=str(question), count=0,
                                                last=dt.datetime.fromisoformat(str(at)))
        gap.count += 1
        if comment and len(gap.comments) < MAX_GAP_COMMENTS:
            gap.comments.append(str(comment))
    # Groups are in order of their newest row, and sorting is stable: ties stay most recent first.
    return sorted(groups.values(), key=lambda g: -g.count)[:limit]
