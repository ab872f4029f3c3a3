"""Remote: remote, hybrid or on-site, asked about or wanted.

- "is it remote?", "can I work from home?", "does it allow WFH?" -> remote
- "who's hiring in person in New York City?" -> onsite;  "hybrid roles" -> hybrid
- "dc jobs that are NOT remote" -> not remote (on-site or hybrid)
"""

from __future__ import annotations

import re

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
    """Where the work is done, as the question names it."""
    return mentions_of(Slot.REMOTE, _TABLE, ctx.text)
