"""Employment type: full-time, part-time, temporary, contract (consultant), internship, fellowship,
seasonal, volunteer, per diem.

- "is the organizing director job full time?" -> full-time
- "show me contract/consultant gigs" -> contract;  "are there any remote fellowships?" -> fellowship
- "lowest hourly wage, not counting internships" -> internship left out
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


_EXCLUDING = re.compile(r"\b(?:not\s+counting|excluding|except(?:\s+for)?|other\s+than|besides|aside\s+from"
                        r"|apart\s+from|but\s+not|without|no|(?:are|is)\s*n[o'’]?t)\s+(?:the\s+|any\s+|an?\s+)?"
                        r"(?:[\w-]+(?:\s+[\w-]+){0,2}\s*(?:,|\bor\b|\band\b|\bnor\b)\s*)?$", re.I)
"""Words that leave a type out: "lowest hourly wage, not counting internships", "part-time jobs that
aren't temp gigs or internships"."""


def read_types(ctx: Context) -> list[Mention]:
    """The employment types the question names, as wanted or as left out ("excluding fellowships")."""
    return [m.model_copy(update={"slot": Slot.EXCLUDED_TYPE}) if _EXCLUDING.search(ctx.text, 0, m.start)
            else m for m in mentions_of(Slot.TYPE, _TABLE, ctx.text)]
