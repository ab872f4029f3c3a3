"""Employment type: full-time, part-time, temporary, contract (consultant), internship, fellowship,
seasonal, volunteer, per diem.

- "is the organizing director job full time?" -> full-time
- "show me contract/consultant gigs" -> contract;  "are there any remote fellowships?" -> fellowship
"""

from __future__ import annotations

import re

from knowledge.models import EmploymentType
from retrieval.request import Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["read_types"]

_TABLE: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = tuple((t, re.compile(p, re.I)) for t, p in (
    (EmploymentType.FULL_TIME, r"\bfull[- ]?time\b(?! equivalent)|(?-i:\bFT\b)"
                               r"|\bfull(?= or part[- ]?time\b)"),
    (EmploymentType.PART_TIME, r"\bpart[- ]?time\b|(?-i:\bPT\b)"),
    (EmploymentType.PER_DIEM, r"\bper[- ]diem\b"),
    (EmploymentType.TEMPORARY, r"\btemporary\b|\btemp\b"),
    (EmploymentType.SEASONAL, r"\bseasonal\b|\bsummer (?:jobs?|roles?|positions?)\b"),
    (EmploymentType.CONTRACT, r"\bcontract(?:or|s|ors)?\b|\bconsult(?:ant|ants|ing|ancy)\b|\bfreelance\w*"),
    (EmploymentType.INTERNSHIP, r"\bintern(?:ship)?s?\b"),
    (EmploymentType.FELLOWSHIP, r"\bfellow(?:ship)?s?\b"),
    (EmploymentType.VOLUNTEER, r"\bvolunteer(?:s|ing)?\b|\bunpaid\b"),
))


def read_types(ctx: Context) -> list[Mention]:
    """The employment types the question names."""
    return mentions_of(Slot.TYPE, _TABLE, ctx.text)
