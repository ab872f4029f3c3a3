"""Experience: at least / at most N years, none, entry-level.

- "jobs asking for at least 5 years experience" -> min 5
- "roles needing less than 2 years of experience" -> max 2
- "what's entry level?", "jobs with no experience needed", "where u dont need any experience"
  -> entry-level
"""

from __future__ import annotations

import re

from knowledge.extract.requirements import NUMBER_WORDS
from retrieval.request import ExperienceBound, Mention
from retrieval.understand.text import Context, Slot

__all__ = ["read_experience"]

_N = r"(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_YEARS = r"\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+(?:\w+\s+)?experience)?"
_MIN = re.compile(r"\b(?:at least|min(?:imum)?(?: of)?|more than|over|(?:require|need|ask)\w*(?: for)?)\s+"
                  + _N + _YEARS + r"|\b" + _N.replace("<n>", "<n2>") + r"\+\s*(?:years?|yrs?)"
                  + r"|\b" + _N.replace("<n>", "<n3>") + _YEARS + r"\s+or more\b", re.I)
_MAX = re.compile(r"\b(?:less than|under|at most|no more than|fewer than|up to)\s+" + _N + _YEARS, re.I)
_ENTRY = re.compile(r"\bentry[- ]level\b"
                    r"|\bno (?:prior |previous )?experience(?: (?:needed|required|necessary))?\b"
                    r"|\bwithout (?:any )?experience\b|\bjunior\b|\b(?:for |good for )?beginners?\b"
                    r"|\b(?:don['’]?t|do not|doesn['’]?t|does not)\s+(?:need|require)\s+(?:any\s+)?"
                    r"(?:prior\s+|previous\s+)?experience\b"
                    r"|\b(?:needs?|needing|requires?|requiring)\s+no\s+(?:prior\s+|previous\s+)?experience\b"
                    r"|\bstarter jobs?\b|\bfirst jobs?\b", re.I)


def read_experience(ctx: Context) -> list[Mention]:
    """Experience bounds the question names."""
    found = [Mention(slot=Slot.EXPERIENCE, start=m.start(), end=m.end(),
                     value=ExperienceBound(min_years=_number(m["n"] or m["n2"] or m["n3"])))
             for m in _MIN.finditer(ctx.text)]
    found += [Mention(slot=Slot.EXPERIENCE, start=m.start(), end=m.end(),
                      value=ExperienceBound(max_years=_number(m["n"]))) for m in _MAX.finditer(ctx.text)]
    entry = ExperienceBound(max_years=0, entry_level=True)
    found += [Mention(slot=Slot.EXPERIENCE, start=m.start(), end=m.end(), value=entry)
              for m in _ENTRY.finditer(ctx.text)]
    return found


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]
