"""Employer: the kind of organization a question asks to work for (a labor union itself).

- "which jobs are with an actual labor union?" -> labor union
- "any openings at a union?" -> labor union;  "trade union jobs" -> labor union
- "is the RN a union position?" -> nothing here (a benefit item: union-eligible)
"""

from __future__ import annotations

import re

from retrieval.request import EmployerKind, Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["read_employer"]

_UNION = (r"\b(?:labou?r|trade|workers'?) unions?\b"
          r"|\b(?:at|with|for|by) (?:an? |the )?(?:actual |real )?(?:labou?r |trade )?unions?\b"
          r"(?![- ](?:eligible|position))|\bunion[- ]side\b|\bunions as (?:the )?employers?\b")
_TABLE: tuple[tuple[EmployerKind, re.Pattern[str]], ...] = ((EmployerKind.UNION, re.compile(_UNION, re.I)),)


def read_employer(ctx: Context) -> list[Mention]:
    """The kinds of employer the question names."""
    return mentions_of(Slot.EMPLOYER, _TABLE, ctx.text)
