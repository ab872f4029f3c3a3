"""Remote: remote, hybrid or on-site, asked about or wanted.

- "is it remote?", "can I work from home?", "does it allow WFH?" -> remote
- "who's hiring in person in New York City?" -> onsite;  "hybrid roles" -> hybrid
- "dc jobs that are NOT remote" -> not remote (on-site or hybrid)
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA, Indel

from knowledge.models import RemoteStatus
from retrieval.request import Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["NOT_REMOTE", "read_remote"]

NOT_REMOTE = "not remote"
"""A question's denial of remote work ("jobs that aren't remote"): on-site and hybrid roles both answer it."""
_TABLE: tuple[tuple[object, re.Pattern[str]], ...] = tuple((s, re.compile(p, re.I)) for s, p in (
    (RemoteStatus.HYBRID, r"\bhybrid\b"),
    (RemoteStatus.ONSITE, r"\b(?:fully |100% |entirely |only )?(?:on[- ]?site|in[- ]person|in[- ]office)\b"
                          r"|\bin the office\b"),
    (NOT_REMOTE, r"\bnot remote\b|\b(?:aren|isn)[’']?t remote\b|\b(?:no|not|without|never)(?: an?| any)? "
                 r"remote(?: work| options?| possible| allowed)?\b"),
    (RemoteStatus.REMOTE, r"\b(?:fully |100% )?remote(?:ly)?\b(?: ok)?|\bwork(?:ing)? from home\b|\bwfh\b"
                          r"|\bfrom (?:out of state|anywhere|home)\b|\blive anywhere\b|\btelework\w*"),
))


def read_remote(ctx: Context) -> list[Mention]:
    """Where the work is done, as the question names it: "hybird jobs?" too (a mode word with two letters
    swapped, or one left out or doubled)."""
    found = mentions_of(Slot.REMOTE, _TABLE, ctx.text)
    for word in ctx.words:
        lower = word.text.lower()
        if len(lower) < 5 or any(m.start <= word.start < m.end for m in found):
            continue
        status = next((s for name, s in _MODE_WORDS.items() if _mistyped(lower, name)), None)
        if status is not None:
            found.append(Mention(slot=Slot.REMOTE, start=word.start, end=word.end, value=status))
    return found


_MODE_WORDS = {"hybrid": RemoteStatus.HYBRID, "remote": RemoteStatus.REMOTE}


def _mistyped(word: str, name: str) -> bool:
    """`name` with two neighbouring letters swapped or one letter left out or added ("hybird", "remot"),
    never one letter for another ("remove")."""
    if word == name or word[0] != name[0]:
        return False
    if len(word) == len(name):
        return sorted(word) == sorted(name) and OSA.distance(word, name) == 1
    return Indel.distance(word, name) == 1
