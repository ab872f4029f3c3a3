"""Closing window: a named month, before or after a date, this week or month, soon, rolling, still open.
The same dates in a question about when postings were posted are a posting-date window instead.

- "do any jobs close in May?" -> May 1..31 (the next May; the last one for "closed in May")
- "postings that closed in august 2024" -> 2024-08-01..2024-08-31;  "closing in 2024" -> the whole year
- "closing before December 15" -> before 12-15;  "closing this week" -> today..today+7
- "which postings say open until filled or rolling?" -> rolling;  "is it still open?" -> open only
- "anything posted this week?" -> posted today-7..today;  "jobs posted in 2023" -> posted in 2023
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from knowledge.extract.dates import MONTHS
from retrieval.request import ClosingWindow, Mention, PostedWindow
from retrieval.understand.text import Context, Slot

__all__ = ["read_closing"]

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (rf"(?P<month>{_MONTH})\.?(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?)?"
         r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
         r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
         r"|(?P<whole>(?:19|20)\d\d)(?![-/]\d)")
# "may" is a month only after a preposition or before a year/day ("in May", "May 2024").
_IN = re.compile(rf"\b(?:in|during|of|for)\s+(?:the\s+month\s+of\s+)?(?:{_DATE})(?!\w)", re.I)
_BEFORE = re.compile(rf"\b(?:before|by|until|till|prior to|ahead of|no later than)\s+(?:the\s+end\s+of\s+)?"
                     rf"(?:{_DATE})(?!\w)", re.I)
_AFTER = re.compile(rf"\b(?:after|from|since|later than)\s+(?:{_DATE})(?!\w)", re.I)
_NAMING = re.compile(rf"\b(?:{_DATE})\s+(?=(?:deadlines?|closing dates?|close dates?)\b)", re.I)
"""A date naming the deadline it stands before ("a 2024 deadline"): a window, as "in 2024" is."""
_PERIODS = re.compile(r"\b(?P<which>this|next|within a|in a|the next)\s+(?P<unit>week|month)\b"
                      r"|\bnext (?P<days>7|seven|30|thirty) days\b|\b(?:closing|ending|due) soon\b|\bsoon\b",
                      re.I)
_RECENT = re.compile(r"\b(?:this|last|past|within a|in a|the last|the past)\s+(?P<unit>week|month)\b"
                     r"|\b(?:last|past) (?P<days>7|seven|30|thirty) days\b|\brecently\b|\blately\b", re.I)
"""How recently postings were posted ("posted this week", "new in the past month")."""
_ROLLING = re.compile(r"\bopen until filled\b|\buntil (?:the )?(?:position|role|job) is filled\b"
                      r"|\brolling(?: basis| deadlines?| review| admissions?)?\b|\bno (?:set )?deadline\b",
                      re.I)
_OPEN = re.compile(r"\bstill (?:open|available|accepting applications)\b|\bcurrently open\b"
                   r"|\b(?:open|available) (?:now|right now|today)\b|\bnot (?:yet )?closed\b"
                   r"|\bopen (?:jobs|roles|positions|postings|ones)\b|\b(?:are|is) (?:still )?open\?*$", re.I)
_PAST = re.compile(r"\b(?:closed|had|was|were|ended|expired)\b", re.I)
_POSTED = re.compile(r"\b(?:posted|published|listed|added|put up|went up|shared)\b"
                     r"|\bnew (?:jobs?|roles?|postings?|positions?|openings?|listings?)\b", re.I)
_CLOSING_WORDS = re.compile(r"\bclos\w*|\bdeadlines?\b|\bdue\b|\bapply\b|\bexpir\w*|\bends?\b|\bopen\b", re.I)


def read_closing(ctx: Context) -> list[Mention]:
    """Closing windows the question names (posting-date windows where it asks when postings were posted)."""
    text, today = ctx.text, ctx.today
    posted = bool(_POSTED.search(text)) and not _CLOSING_WORDS.search(text)
    past = posted or bool(_PAST.search(text))
    found: list[Mention] = []
    for pattern, kind in ((_IN, "in"), (_NAMING, "in"), (_BEFORE, "before"), (_AFTER, "after")):
        for m in pattern.finditer(text):
            window = _window(m, kind, today, past)
            if window is not None and posted:
                found.append(Mention(slot=Slot.POSTED, start=m.start(), end=m.end(),
                                     value=PostedWindow(after=window.after, before=window.before)))
            elif window is not None:
                found.append(Mention(slot=Slot.CLOSING, start=m.start(), end=m.end(), value=window))
    if posted:
        return found + [Mention(slot=Slot.POSTED, start=m.start(), end=m.end(),
                                value=PostedWindow(after=today - dt.timedelta(days=_days(m)), before=today))
                        for m in _RECENT.finditer(text)]
    for m in _PERIODS.finditer(text):
        found.append(Mention(slot=Slot.CLOSING, start=m.start(), end=m.end(),
                             value=ClosingWindow(after=today, before=today + dt.timedelta(days=_days(m)),
                                                 open_only=True)))
    found += [Mention(slot=Slot.CLOSING, start=m.start(), end=m.end(), value=ClosingWindow(rolling=True))
              for m in _ROLLING.finditer(text)]
    found += [Mention(slot=Slot.CLOSING, start=m.start(), end=m.end(), value=ClosingWindow(open_only=True))
              for m in _OPEN.finditer(text)]
    return found


def _days(m: re.Match[str]) -> int:
    """The days a matched "this week" / "next 30 days" / "soon" / "recently" spans."""
    if m["unit"]:
        return 7 if m["unit"].lower() == "week" else 31
    if m["days"]:
        return 7 if m["days"] in ("7", "seven") else 30
    return 14


def _window(m: re.Match[str], kind: str, today: dt.date, past: bool) -> ClosingWindow | None:
    """The dates a matched "in May" / "before June 3, 2025" / "after 2025-01-01" covers."""
    try:
        if m["iso"]:
            first = last = dt.date.fromisoformat(m["iso"])
        elif m["whole"]:
            first, last = dt.date(int(m["whole"]), 1, 1), dt.date(int(m["whole"]), 12, 31)
        else:
            month = MONTHS[m["month"].lower().rstrip(".")]
            if m["month"].lower() == "may" and kind == "in" and not (m["year"] or m["day"]) \
                    and not m["month"][0].isupper() and not m.group().lower().startswith(("in ", "during ")):
                return None
            year = int(m["year"]) if m["year"] else _year(month, today, past)
            if m["day"]:
                first = last = dt.date(year, month, int(m["day"]))
            else:
                first = dt.date(year, month, 1)
                last = dt.date(year, month, calendar.monthrange(year, month)[1])
    except (KeyError, ValueError):
        return None
    if kind == "in":
        return ClosingWindow(after=first, before=last)
    if kind == "before":
        end_of = "end of" in m.group().lower()
        return ClosingWindow(before=last if end_of else first - dt.timedelta(days=1))
    return ClosingWindow(after=last + dt.timedelta(days=1))


def _year(month: int, today: dt.date, past: bool) -> int:
    """The year of a month named without one: its last occurrence in the past tense, else its next."""
    if past:
        return today.year if month <= today.month else today.year - 1
    return today.year if month >= today.month else today.year + 1
