"""Benefit items: health insurance, dental, vision, retirement, paid time off, parental leave, housing...

The value is the item as a member would name it; the executor searches the posting's whole text for it
and its synonyms before saying it is missing.

- "any health insurance for the data analyst" -> health insurance
- "does the RN have retirement?" -> retirement;  "jobs that come with a sign-on bonus?" -> sign-on bonus
- "which postings list abortion procedure funding as a benefit?" -> abortion procedure funding
"""

from __future__ import annotations

import re

from retrieval.request import Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["read_benefits"]

_TABLE: tuple[tuple[str, re.Pattern[str]], ...] = tuple((item, re.compile(p, re.I)) for item, p in (
    ("trans health", r"\btrans(?:gender)?[- ](?:health|care|inclusive)(?: (?:coverage|care|insurance))?\b"
                     r"|\bgender[- ]affirming(?: (?:care|coverage|health))?\b"),
    ("relocation", r"\breloca\w*"),
    ("health insurance", r"\b(?:health|medical)(?: (?:insurance|care|coverage|benefits|plan))?\b"
                         r"|\bhealthcare\b|\binsurance\b"),
    ("dental", r"\bdental(?: (?:insurance|coverage|plan|care))?\b"),
    ("vision", r"\bvision(?: (?:insurance|coverage|plan|care))?\b"),
    ("life insurance", r"\blife insurance\b"),
    ("pet insurance", r"\bpet insurance\b"),
    ("retirement", r"\bretirement(?: plan)?\b|\b40[13]\s?\(?[kb]\)?|\bpension\b|\bsuper(?:annuation)?\b"),
    ("unlimited paid time off", r"\bunlimited (?:pto|paid time off|vacation|leave|time off)\b"),
    ("paid time off", r"\bpto\b|\bpaid time off\b|\bvacation\b|\bpaid (?:leave|holidays)\b|\bholidays?\b"),
    ("sick leave", r"\bsick (?:leave|days?|time)\b"),
    ("parental leave", r"\b(?:parental|maternity|paternity|family) leave\b"),
    ("housing", r"\bhousing\b|\baccommodation\b|\blodging\b"),
    ("travel costs", r"\btravel (?:covered|paid|reimburse\w*|expenses|costs)\b"),
    ("sign-on bonus", r"\bsign(?:ing|-on| on) bonus\b"),
    ("bonus", r"\bbonus(?:es)?\b"),
    ("shift differential", r"\b(?:(?:shift|evening|night|weekend|overnight) )?differentials?\b"),
    ("tuition", r"\btuition\b|\bstudent loans?\b"),
    ("wellness", r"\bwellness\b|\bgym\b"),
    ("union", r"\bunion[- ](?:eligible|represented|membership|positions?|jobs?|roles?|shop)\b|\bunionized\b"
              r"|\b(?<=job )union\W*$|\b(?<=role )union\W*$|\b(?<=position )union\W*$|\b(?<=it )union\W*$"),
))


_NAMED_AS_BENEFIT = re.compile(
    r"\b(?:list|lists|listing|offer|offers|offering|include|includes|including|provide|provides|providing"
    r"|have|has|having|give|gives|giving)\s+(?P<item>[a-z][\w'-]*(?:\s+[\w'-]+){0,4}?)\s+as\s+(?:an?\s+)?"
    r"(?:benefit|perk)s?\b", re.I)
"""Any item a question calls a benefit ("list abortion procedure funding as a benefit")."""


def read_benefits(ctx: Context) -> list[Mention]:
    """The benefit items the question names, from the table or called a benefit in so many words."""
    found = mentions_of(Slot.BENEFIT, _TABLE, ctx.text)
    found += [Mention(slot=Slot.BENEFIT, start=m.start(), end=m.end(), value=m["item"].lower())
              for m in _NAMED_AS_BENEFIT.finditer(ctx.text)
              if not any(f.start < m.end() and m.start() < f.end for f in found)]
    return found
