"""Operation: lookup, list, count, max, min, compare or exists; and the words naming the postings.

- "which pays the most" -> max;  "lowest hourly wage" -> min;  "which closes first" -> min
- "compare X and Y", "X vs Y" -> compare;  "how many jobs are remote" -> count
- "are there any remote fellowships?" -> exists;  "list them", "show me", "which ones" -> list
"""

from __future__ import annotations

import re

from retrieval.request import Mention, Operation
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["PLURAL", "read_operation", "read_subjects"]

_TABLE: tuple[tuple[Operation, re.Pattern[str]], ...] = tuple((op, re.compile(p, re.I)) for op, p in (
    (Operation.COMPARE, r"\bcompare\b|\bvs\.?(?!\w)|\bversus\b|\bdifference(?:s)?(?: between)?\b"
                        r"|\bdifferent\b"),
    (Operation.COUNT, r"\bhow many (?:jobs|roles|positions|postings|openings|of them|are there)\b"
                      r"|\bhow many(?= (?:[\w-]+ ){1,3}?(?:jobs|roles|positions|postings|openings|gigs)\b)"
                      r"|\bnumber of (?:jobs|roles|postings|openings)\b|\bcount\b"),
    (Operation.MAX, r"\b(?:the )?(?:most|highest|best|biggest|largest|latest|later|longest|more|newest)\b"
                    r"|\btop(?: of(?: the)?)?\b(?!-)"
                    r"|\b(?<=closes )last\b|\b(?<=closed )last\b|\b(?<=ends )last\b|\b(?<=ended )last\b"
                    r"|\b(?<=expires )last\b|\b(?<=due )last\b"),
    (Operation.MIN, r"\b(?:the )?(?:lowest|least|cheapest|earliest|soonest|fewest|shortest|smallest|less)\b"
                    r"|\bfirst\b|\boldest\b"),
    (Operation.EXISTS, r"\b(?:is|are) there (?:any|a|an)\b|\bdo(?:es)? any\b"),
    (Operation.LIST, r"^\W*(?:list|show|name)\b|\blist (?:them|the|all)\b|\bshow me\b|\bwhich ones\b"
                     r"|\bwho(?:'s| is) hiring\b|\banything\b"),
))
PLURAL = re.compile(r"\b(?:jobs|roles|positions|postings|openings|ones|gigs|vacancies|opportunities|listings"
                    r"|internships|fellowships)\b", re.I)
_SUBJECTS = ((True, PLURAL), (False, re.compile(
    r"\b(?:job|role|position|posting|opening|gig|vacancy|opportunity|listing|post)\b", re.I)))


def read_operation(ctx: Context) -> list[Mention]:
    """The operations the question's words call for."""
    return mentions_of(Slot.OPERATION, _TABLE, ctx.text)


def read_subjects(ctx: Context) -> list[Mention]:
    """Words naming the postings themselves; the value says whether the word is plural."""
    return mentions_of(Slot.SUBJECT, _SUBJECTS, ctx.text)
