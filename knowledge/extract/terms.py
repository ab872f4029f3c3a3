"""Terms and schedule: when the engagement ends, how long it lasts, and when the work happens.

End date: the second date of a stated range ("February 15th, 2022 to August 15th, 2022") or a date with
an end cue ("through 12/31/2024", "an end date of July 2nd", "will run through February 26th").
Duration: a stated length ("a 3 week contract", "six weeks", "10-week program", "fixed term for 6
months"), normalised to "3 weeks". Schedule: shifts or days per period ("2 shifts per week", "at least
4 days a week"), weekday spans ("Monday-Friday") and working hours ("1pm - 5pm"), each as stated.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.document import Document
from knowledge.extract._prose import evidence_past
from knowledge.extract.dates import ClassifiedDate, DateRole, classified_dates, date_ranges
from knowledge.extract.requirements import NUMBER_WORDS
from knowledge.literals import compile_scan
from knowledge.models import Fact, Section

_NUM = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(NUMBER_WORDS) + r"|a|an|one)"
_UNIT = r"(?P<unit>week|month|year|day)s?"
# "a 3 week contract", "10-week program", "6-Month Contract"
_LENGTH_BEFORE_NOUN = compile_scan(
    rf"\b(?P<n>{_NUM})[-\s]{_UNIT}[-\s](?:long\s+)?(?:paid\s+|unpaid\s+|summer\s+|part[-\s]time\s+"
    r"|full[-\s]time\s+|temporary\s+|fixed[-\s]term\s+)?"
    r"(?:contract|program(?:me)?|position|role|assignment|appointment|internship|fellowship|engagement"
    r"|commitment|placement|job|apprenticeship|residency)\b",
    re.I)
# "for six weeks", "lasting 3 months", "fixed term for 6 months", "over the course of six weeks"
_LENGTH_AFTER_CUE = compile_scan(
    rf"\b(?:for|lasting|lasts|last|runs?\s+for|over\s+the\s+course\s+of|(?:period|term|duration)\s+of)"
    rf"\s+(?:a\s+(?:period\s+of\s+)?|approximately\s+|about\s+|up\s+to\s+)?(?P<n>{_NUM})[-\s]{_UNIT}\b"
    r"(?!\s*(?:of\s+)?(?:experience|ago|old|or\s+more)\b)",
    re.I)
_TERM_WORDS = compile_scan(
    r"\b(?:position|role|contract|term|program(?:me)?|internship|fellowship|assignment|appointment|job"
    r"|tenure|engagement|placement|project|hired|employment|participants)\b", re.I)
_HISTORY = compile_scan(r"\b(?:experience|worked|working|founded|served|has\s+been|have\s+been|since)\b",
                        re.I)

_COUNT = rf"(?:(?:at\s+least|up\s+to|about|approximately)\s+)?{_NUM}(?:\s*(?:-|–|to|or)\s*{_NUM})?"
_DAY_NAME = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?"
SCHEDULE = compile_scan(
    # "2 shifts per week", "3 weekend shifts a month", "four 10-hour days a week", "3 days a week"
    rf"\b{_COUNT}\s+(?:[\w-]+\s+){{0,2}}(?:shifts?|days?|nights?|evenings?|weekends?)\s*"
    r"(?:(?:a|per|each|every)\s+|/\s*)(?:week|wk|month)\b"
    # "Monday-Friday", "Monday through Friday", "Tues - Sat"
    rf"|\b{_DAY_NAME}\.?\s*(?:-|–|—|to|through|thru)\s*{_DAY_NAME}\b"
    # "1pm - 5pm", "9:00 a.m. to 5:00 p.m." ("9-5" is too vague and left out)
    r"|(?<![\d:])\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:-|–|—|to|until)\s*\d{1,2}(?::\d\d)?\s*"
    r"[ap]\.?m\.?(?!\w)"
    # "evening and weekend shifts", "overnight shifts"
    r"|\b(?:day|night|evening|weekend|overnight|morning|afternoon|rotating|split)\s+shifts?\b",
    re.I)
MAX_SCHEDULE = 6


def find_end_date(doc: Document, sections: list[Section], today: dt.date, *, posted: dt.date | None = None,
                  dates: list[ClassifiedDate] | None = None) -> Fact[dt.date] | None:
    """When the engagement ends: the end of a stated date range, or a date with an end cue.

    `dates` are the posting's `classified_dates` when the caller has them already.
    """
    if dates is None:
        dates = classified_dates(doc, sections, today, posted=posted)
    ranges = date_ranges(doc, dates)
    if ranges:
        first, last = ranges[0]
        return doc.fact(last.mention.date, first.mention.start, last.mention.end)
    ends = [c for c in dates if c.role is DateRole.END]
    if not ends:
        return None
    best = max(ends, key=lambda c: c.strength)
    end = best.mention.date
    starts = [c.mention.date for c in dates if c.role is DateRole.START]
    if best.mention.inferred_year and starts and end < max(starts):
        # "a start date of January 3rd and an end date of July 2nd", read in November: the July after.
        end = _a_year_later(end)
    return doc.fact(end, best.cue_start, best.mention.end)


def _a_year_later(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def find_duration(doc: Document, sections: list[Section], *, body_start: int = 0) -> Fact[str] | None:
    """The stated length of the engagement, normalised ("3 weeks", "6 months", "1 year").

    `body_start` is where the body begins after front matter (whose lines are quoted whole).
    """
    for match in doc.finditer(_LENGTH_BEFORE_NOUN):
        return _duration(doc, match, body_start)
    for match in doc.finditer(_LENGTH_AFTER_CUE):
        start, end = evidence_past(doc, match.start(), match.end(), body_start)
        sentence = doc.text[start:end]
        in_front = match.start() < body_start
        if (in_front or _TERM_WORDS.search(sentence)) and not _HISTORY.search(
                doc.text, max(start, match.start() - 40), match.start()):
            return _duration(doc, match, body_start)
    return None


def _duration(doc: Document, match: re.Match[str], body_start: int) -> Fact[str]:
    number = match.group("n").lower()
    count = NUMBER_WORDS.get(number) or (1 if number in ("a", "an", "one") else float(number))
    unit = match.group("unit").lower()
    shown = f"{count:g} {unit}{'' if count == 1 else 's'}"
    return doc.fact(shown, *evidence_past(doc, match.start(), match.end(), body_start))


def find_schedule(doc: Document, sections: list[Section], *, body_start: int = 0) -> list[Fact[str]]:
    """Shifts, days per week and working hours as stated, each once, in text order."""
    found: dict[str, tuple[int, Fact[str]]] = {}  # in text order: one pattern, one pass
    for match in doc.finditer(SCHEDULE):
        value = re.sub(r"\s+", " ", match.group().strip())
        if value.endswith("m.") and not value.endswith(".m."):
            value = value[:-1]  # "4pm - 9pm." ends a sentence
        if value.lower() not in found:
            span = evidence_past(doc, match.start(), match.end(), body_start)
            found[value.lower()] = (match.start(), doc.fact(value, *span))
            if len(found) == MAX_SCHEDULE:
                break
    return [fact for _, fact in found.values()]
