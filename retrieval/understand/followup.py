"""Follow-ups: a question that refers back to the previous answer's postings.

- "and the pay?" -> same;  "what about the other one?" -> other;  "tell me more" -> same
"""

from __future__ import annotations

import re

from retrieval.request import Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["OTHER", "SAME", "read_follow_up"]

SAME = "same"
OTHER = "other"
_TABLE: tuple[tuple[str, re.Pattern[str]], ...] = tuple((v, re.compile(p, re.I)) for v, p in (
    (OTHER, r"\b(?:the|that) other(?: one| job| role| position| posting)?\b|\bthe second one\b"),
    (SAME, r"^\W*(?:and|also|what about|how about|ok(?:ay)?,? (?:and|what about))\b|\btell me more\b"
           r"|\bmore (?:about|on) (?:it|that|this)\b"
           r"|\b(?:that|this|the same) (?:one|job|role|position|posting)\b"
           r"|\b(?:it|its|it's|they|them|there)\b"),
))


def read_follow_up(ctx: Context) -> list[Mention]:
    """Words that refer back to postings already named."""
    return mentions_of(Slot.FOLLOW_UP, _TABLE, ctx.text)
