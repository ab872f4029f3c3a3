"""Language: a language the role needs, required or preferred (names from the knowledge side's vocabulary
and the postings' own languages, both in the catalog).

- "Does the organizing director role need Spanish?" -> Spanish, required
- "which jobs want tagalog speakers" -> Tagalog;  "Spanish preferred" -> Spanish, preferred
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from retrieval.request import Mention
from retrieval.understand.text import Context, Slot

__all__ = ["LanguageAsked", "read_languages"]

_REQUIRED = re.compile(r"\brequir\w*|\bneed\w*|\bmust\b|\bessential\b", re.I)
_PREFERRED = re.compile(r"\bprefer\w*|\ba plus\b|\bnice to have\b|\bbonus\b|\bhelpful\b", re.I)
_TAIL = r"(?:[- ](?:speak(?:ers?|ing)|fluency|fluent|proficiency|required|preferred))?"


@dataclass(frozen=True)
class LanguageAsked:
    """A language named, and whether it is wanted required (True), preferred (False) or either (None)."""

    name: str
    required: bool | None = None


def read_languages(ctx: Context) -> list[Mention]:
    """The languages the question names."""
    pattern, names = _pattern(tuple(ctx.catalog.languages))
    required = True if _REQUIRED.search(ctx.text) else False if _PREFERRED.search(ctx.text) else None
    return [Mention(slot=Slot.LANGUAGE, start=m.start(), end=m.end(),
                    value=LanguageAsked(names[m["lang"].lower()], required))
            for m in pattern.finditer(ctx.text)]


@functools.lru_cache(maxsize=4)
def _pattern(languages: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    names = {name.lower(): name for name in languages}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?P<lang>{alternation})\b{_TAIL}", re.I), names
