"""Dates: the application deadline (or rolling / open until filled) and the start date.

`find_dates` is the reusable date finder. A date written without a year ("Tuesday, February 13th")
gets one inferred, in order: (1) the year the posting gives the same month and day elsewhere;
(2) with a weekday, the latest year whose date falls on that weekday; (3) the latest occurrence.
(2) and (3) never go past `today` + 183 days, so a posting read long after it was written keeps its
original year, while "January 15th" read in late November still means the coming January.

Each date is classified by the nearest cue before it in its sentence ("apply by", "deadline",
"start date of", "Posted:", "info session on"...): the closest cue decides, so "apply by June 1 for a
start date of July 1" gives one deadline and one start date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass, replace
from enum import StrEnum

from knowledge.document import Document
from knowledge.extract._headings import Headings
from knowledge.extract._prose import is_heading_like
from knowledge.frontmatter import FrontMatter
from knowledge.literals import compile_scan, word_alternatives
from knowledge.models import Deadline, Fact, Section

HORIZON = dt.timedelta(days=183)
POSTED_SLACK = dt.timedelta(days=14)
"""A yearless date this long before the posting's own date is read as the next year's."""
_YEARS_BACK = 40

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        _MONTHS[_name.lower()] = _number
        _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9
MONTHS = _MONTHS
"""Month names and their three-letter abbreviations (and "sept"), lower-case -> 1..12."""
_WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(calendar.day_name):
    _WEEKDAYS[_name.lower()] = _number
    _WEEKDAYS[_name[:3].lower()] = _number
for _short, _number in (("tues", 1), ("wednes", 2), ("thur", 3), ("thurs", 3)):
    _WEEKDAYS[_short] = _number

_MONTHS_ELSEWHERE: dict[str, int] = {
    **{name: number for number, names in enumerate(
        ("", "janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout",
         "septembre", "octobre", "novembre", "décembre|decembre")) for name in names.split("|") if name},
    **{name: number for number, names in enumerate(
        ("", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre",
         "octubre", "noviembre", "diciembre")) for name in names.split("|") if name},
}
"""French and Spanish month names, lower-case -> 1..12 (postings written in those languages)."""
_MONTH = (r"(?P<{g}>(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?")
_WEEKDAY_WORD = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?"
_WEEKDAY = rf"(?:(?P<wd>{_WEEKDAY_WORD})\.?,?\s+)?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_CLOSING_WORDS = ("until", "by", "before", "due", "through", "thru", "deadline", "deadline:", "closes", "eod",
                  "cob")
"""Words after which a bare "5/31" is a date (elsewhere it may be a fraction or a score)."""
DATE = re.compile(
    # Every date starts with a digit or the first two letters of a weekday, month or "the": the lookahead
    # rejects any other word at once, before the alternatives below are tried there (a third of the cost).
    r"(?<![\w/.-])(?=\d|[adfjmnostw][acehopru])(?:"
    # Tuesday, February 13th / Jan. 24, 2025 / November 3rd 2020
    + _WEEKDAY + _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1")
    # a year may end a sentence ("August 15, 2025: apply at …"); a day alone never runs into a time ("3:30")
    + r"(?:(?:,\s*|\s+)" + _YEAR.format(g="y1") + r"(?!\d)|(?![\d:]))"
    # 24 January 2025 / Tuesday 13th of February
    + r"|" + _WEEKDAY.replace("wd", "wd2") + r"(?:the\s+)?" + _DAY.format(g="d2") + r"(?:\s+of)?\s+"
    + _MONTH.format(g="m2") + r"(?:(?:,\s*|\s+)" + _YEAR.format(g="y2") + r")?(?![\w])"
    # 1/24/2025, 1/24/25
    + r"|(?P<m3>1[0-2]|0?[1-9])/(?P<d3>[12]\d|3[01]|0?[1-9])/(?P<y3>(?:19|20)?\d\d)(?![\d/])"
    # 24/01/2025: day first, as outside the US, read only where the day cannot be a month
    + r"|(?P<d6>1[3-9]|2\d|3[01])/(?P<m6>1[0-2]|0?[1-9])/(?P<y6>(?:19|20)\d\d)(?![\d/])"
    # "open until 5/31", "apply by EOD 3/15": a month and day alone, only right after a closing word
    + r"|(?:" + "|".join(f"(?<={cue} )" for cue in _CLOSING_WORDS) + r")"
    + r"(?P<m7>1[0-2]|0?[1-9])/(?P<d7>[12]\d|3[01]|0?[1-9])(?![\d/])"
    # 2025-01-24
    + r"|(?P<y4>(?:19|20)\d\d)-(?P<m4>1[0-2]|0[1-9])-(?P<d4>[12]\d|3[01]|0[1-9])(?![\d-])"
    # 14 avril 2023, 1er mai 2023, 15 de julio de 2024: French and Spanish, always with a year
    + r"|(?P<d5>[0-3]?\d)(?:er)?\s+(?:de\s+)?(?P<m5>"
    + word_alternatives(sorted(_MONTHS_ELSEWHERE, key=len, reverse=True))
    + r")(?:\s+de(?:l)?)?\s+(?P<y5>(?:19|20)\d\d)(?!\d)"
    + r")",
    re.IGNORECASE,
)


_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b|\bof\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date found in the text: offsets of its words and the calendar date they denote."""

    start: int
    end: int
    date: dt.date
    inferred_year: bool


def infer_year(month: int, day: int, today: dt.date, weekday: int | None = None,
               known_year: int | None = None, posted: dt.date | None = None) -> dt.date | None:
    """The date for a month/day written without a year (see the module docstring for the rules)."""
    if known_year is not None:
        return _make(known_year, month, day)
    if posted is not None:
        return _after_posting(month, day, posted, weekday)
    horizon = today + HORIZON
    if weekday is not None:
        for year in range(horizon.year, horizon.year - _YEARS_BACK, -1):
            candidate = _make(year, month, day)
            if candidate and candidate <= horizon and candidate.weekday() == weekday:
                return candidate
    for year in range(horizon.year, horizon.year - 8, -1):
        candidate = _make(year, month, day)
        if candidate and candidate <= horizon:
            return candidate
    return None


def _after_posting(month: int, day: int, posted: dt.date, weekday: int | None) -> dt.date | None:
    """The first such date not well before the posting's own date (a weekday, when given, must match)."""
    floor = posted - POSTED_SLACK
    candidates = [c for c in (_make(year, month, day) for year in range(posted.year, posted.year + 8))
                  if c is not None and c >= floor]
    if weekday is not None:
        matching = [c for c in candidates if c.weekday() == weekday]
        if matching:
            return matching[0]
    return candidates[0] if candidates else None


def find_dates(doc: Document, today: dt.date, start_line: int = 1,
               end_line: int | None = None, *, posted: dt.date | None = None) -> list[DateMention]:
    """Every full date (month and day, with or without a year) in the text, in order.

    A date without a year takes it from the posting's own date `posted` when known, else from `today`.
    """
    begin = doc.line_start(start_line)
    stop = doc.line_span(len(doc.lines) if end_line is None else end_line)[1]
    return dates_between(doc, begin, stop, today, posted=posted)


def dates_between(doc: Document, begin: int, stop: int, today: dt.date, *,
                  posted: dt.date | None = None) -> list[DateMention]:
    """`find_dates` over the characters text[begin:stop] (a front-matter value, a sentence)."""
    whole = begin == 0 and stop == len(doc.text)
    raw = [(m, *_parts(m)) for m in (doc.matches(DATE) if whole else doc.scan(DATE, begin, stop))]
    if all(year is not None for *_, year, _ in raw):
        known: dict[tuple[int, int], int] = {}
    else:
        known = _known_years(doc)
    found: list[DateMention] = []
    for index, (match, month, day, year, weekday) in enumerate(raw):
        if year is None and index + 1 < len(raw) and (ahead := raw[index + 1])[3] is not None and (
                _RANGE_JOIN.fullmatch(doc.text, match.end(), ahead[0].start())):
            # "September 16 – November 5, 2024": a range's first date takes the year of its last
            year = ahead[3] - 1 if (month, day) > (ahead[1], ahead[2]) else ahead[3]
        if match.group("d2") and year is None and weekday is None and not _ORDINAL.search(match.group()):
            continue  # "3 May be required": a bare day-first date needs a year, weekday or "3rd of"
        if year is not None:
            date = _make(year, month, day)
        else:
            since = posted if (month, day) in known else _year_before(doc, match.start()) or posted
            date = infer_year(month, day, today, weekday, known.get((month, day)), since)
        if date is not None:
            found.append(DateMention(match.start(), match.end(), date, year is None))
    return found


_YEAR_BEFORE = re.compile(r"\b(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?"
                          r"(?P<year>(?:19|20)\d\d)\b(?!\d)(?=[^\n.]*$)", re.I)
_YEAR_REACH = 60


def _year_before(doc: Document, offset: int) -> dt.date | None:
    """The month and year written shortly before a yearless date in its sentence ("from June 2024
    through November 5"), as the date the yearless one comes after."""
    years = list(_YEAR_BEFORE.finditer(doc.text, max(0, offset - _YEAR_REACH), offset))
    if not years:
        return None
    found = years[-1]
    month = found.group("month")
    return dt.date(int(found.group("year")), _MONTHS[month.lower()[:3]] if month else 1, 1)


def _known_years(doc: Document) -> dict[tuple[int, int], int]:
    """Years the whole posting gives to month/day pairs, for dates repeated without one."""
    known: dict[tuple[int, int], int] = {}
    for match in doc.matches(DATE):
        month, day, year, _ = _parts(match)
        if year is not None:
            known.setdefault((month, day), year)
    return known


def _parts(match: re.Match[str]) -> tuple[int, int, int | None, int | None]:
    """(month, day, year or None, weekday or None) of a `DATE` match."""
    for suffix in "1234567":
        if match.group("m" + suffix):
            month_text = match.group("m" + suffix).lower()
            month = (int(month_text) if month_text.isdigit()
                     else _MONTHS.get(month_text) or _MONTHS_ELSEWHERE[month_text])
            day = int(match.group("d" + suffix))
            year_text = match.groupdict().get("y" + suffix)
            year = None
            if year_text:
                year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
            weekday_text = match.group("wd") or match.group("wd2") if suffix in "12" else None
            weekday = _WEEKDAYS.get(weekday_text.lower().rstrip(".")) if weekday_text else None
            return month, day, year, weekday
    raise ValueError("not a DATE match")


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- classifying dates by the cue before them ------------------------------------------------------



class DateRole(StrEnum):
    """What a date in a posting is: when applications close, when the role starts or ends, or else."""

    DEADLINE = "deadline"
    START = "start"
    END = "end"
    OTHER = "other"


_DEADLINE, _START, _END, _OTHER = DateRole.DEADLINE, DateRole.START, DateRole.END, DateRole.OTHER
_SEP = r"[\s*_:|,–—-]*"
# (pattern, role, strength). Each pattern must end right before the date (ignoring separators), so the
# cue nearest the date wins.
_CUES: list[tuple[re.Pattern[str], DateRole, int]] = [
    # "Priority deadline: January 15. Final deadline: February 14": applications close at the final one.
    (compile_scan(r"\bfinal\s+(?:application\s+)?deadline(?:\s+(?:is|of))?(?:\s+(?:on|by))?" + _SEP + "$",
                  re.I),
     _DEADLINE, 5),
    (compile_scan(r"(?:(?:priority|final|application|applications|submission)\s+)?deadline"
                  r"(?:\s+(?:is|of|to\s+apply|for\s+applications))?"
                  r"(?:\s+(?:(?:has\s+been|is|was)\s+)?(?:extended|moved|pushed\s+back)\s+(?:to|until|through))?"
                  r"(?:\s+(?:on|by))?" + _SEP + "$", re.I),
     _DEADLINE, 4),
    (compile_scan(r"(?<![/.])\bapply\s+(?:no\s+later\s+than|by|before|on\s+or\s+before)" + _SEP + "$", re.I),
     _DEADLINE, 4),
    # "Date limite : 14 avril 2023", "La fecha límite es el 15 de julio de 2024", "Cierre: …"
    (compile_scan(r"\b(?:date\s+limite|fecha\s+l[ií]mite|fecha\s+de\s+cierre|cierre\s+de\s+convocatoria|cierre)"
                  r"(?:\s+(?:es|est|pour\s+postuler|para\s+postularse))?(?:\s+(?:el|le))?"
                  r"|\b(?:postule[zr]?|candidatures?|postula\w*|env[ií]\w+|envoye[zr])\b[^.\n]{0,60}?"
                  r"\b(?:avant\s+le|au\s+plus\s+tard\s+le|d[’']ici\s+le|antes\s+del?|a\s+m[aá]s\s+tardar\s+el"
                  r"|hasta\s+el)" + _SEP + "$", re.I),
     _DEADLINE, 4),
    (compile_scan(r"\b(?:applications?|materials|resumes?|submissions?)\s+(?:\w+\s+){0,3}?"
                  r"(?:due|close|closes|closing|accepted|received|reviewed|considered|open)"
                  r"(?:\s+(?:by|on|until|through|thru|before|no\s+later\s+than|on\s+or\s+before))?"
                  + _SEP + "$", re.I), _DEADLINE, 4),
    (compile_scan(r"\b(?:due|closing(?:\s+date)?|close\s+of\s+applications|closes?|no\s+later\s+than"
                  r"|on\s+or\s+before|postmarked\s+by)(?:\s+(?:by|on))?" + _SEP + "$", re.I), _DEADLINE, 3),
    (compile_scan(r"\b(?:now|open|accepting\s+applications|hiring)\s+(?:through|thru|until|till)"
                  + _SEP + "$", re.I), _DEADLINE, 3),
    # "will run through February 26th", "contract ending June 30": the role's end, not the deadline.
    (compile_scan(r"\b(?:(?:run|runs|running|last|lasts|lasting|extend\w*|continu\w*|employ\w*)"
                  r"(?:\s+\w+){0,3}?\s+(?:through|thru|until|till|to)"
                  r"|(?:contract|term|engagement|assignment|appointment|position|role|fellowship|internship)"
                  r"\s+(?:(?:will\s+)?(?:ends?|ending|concludes?|expires?)(?:\s+on)?|through|thru)"
                  r"|end\s+date(?:\s+(?:is|of))?|(?:ends?|ending|concludes?)\s+(?:on|by)"
                  # "This project should be completed by July 31": a consultancy's end, not the deadline
                  r"|(?:project|work|contract|engagement|deliverables?|assessment|report|research|study)"
                  r"\s+(?:should|must|will)\s+be\s+(?:completed|finished|done)\s+(?:by|on))"
                  + _SEP + "$", re.I),
     _END, 3),
    # "DATES: ASAP through November 5", "through Election Day, November 5, 2024": when the job runs.
    (compile_scan(r"(?:\b(?:dates?|term|duration|period)\s*:[^.\n:]{0,40}?\s(?:through|thru|until|till|to)"
                  r"|\b(?:through|thru|until|till)\s+election\s+day)" + _SEP + "$", re.I), _END, 2),
    (compile_scan(r"\b(?:by|before|until|through|thru)" + _SEP + "$", re.I), _DEADLINE, 2),
    (compile_scan(r"\b(?:start(?:s|ing)?|begin(?:s|ning)?|commenc(?:e|es|ing))(?:\s+date)?"
                  r"(?:\s+(?:is|of|on|will\s+be|as\s+early\s+as|no\s+(?:later|earlier)\s+than))*"
                  + _SEP + "$", re.I), _START, 4),
    (compile_scan(r"\b(?:available|position\s+begins)\s+(?:starting|from|on)" + _SEP + "$", re.I), _START, 3),
    (compile_scan(r"\b(?:posted|updated|published|founded|since|established|ends?|ending|duration"
                  r"|session|webinar|event|convening|meeting|interviews?|held|orientation|training|election"
                  r"|rally|from|between|and|to|closed|temporary|runs?|last\s+day|through\s+the\s+end)"
                  r"(?:\s+(?:on|is|will\s+be))?" + _SEP + "$", re.I), _OTHER, 0),
]
# "from June 2024 through November 5" outside a sentence about applying: when the job runs.
_FROM_THROUGH = compile_scan(r"\bfrom\s+(?:now|asap|today|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                             r"[a-z]*\.?(?:\s+\d{4})?)\s+(?:through|thru|until|till)" + _SEP + "$", re.I)
# "by/until/through <date>" counts only in a sentence about applying.
_APPLY_CONTEXT = compile_scan(
    r"\b(?:apply|applying|applica\w*|applicants?|candidates?|resumes?|cover\s+letter|submit\w*|send|email"
    r"|interested|looking\s+for|hiring|accept\w*|consideration)\b", re.I)
_WINDOW = 160
# Where a date's sentence starts: after a full stop (not "Dec."), a blank line, or before a bullet/table row.
_SENTENCE_END = re.compile(r"[.!?](?<!\b[A-Z][a-z]\.)(?<!\b[A-Z][a-z]{2}\.)(?<![ap]\.m\.)"
                           r"(?<!\bmax\.)(?<!\bmin\.)(?<!\bapprox\.)(?<!\bincl\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bno\.)\s|\n\s*\n"
                           r"|\n(?=[ \t]*(?:[-*•·▪‣◦|]|\d{1,2}[.)])\s)")
# "Interviews begin March 3" is not the role's start.
_NOT_ROLE_START = compile_scan(r"\b(?:interviews?|sessions?|events?|webinars?|trainings?|orientations?"
                               r"|convening|campaigns?|voting|classes)\s+(?:will\s+|to\s+|should\s+)?$", re.I)
_ROLLING = re.compile(
    r"\b(?:applications?|resumes?|candidates?)\s+(?:will\s+be\s+|are\s+|is\s+)?"
    r"(?:reviewed|considered|accepted|screened)\s+(?:as\s+(?:they\s+(?:are\s+received|arrive|come\s+in)"
    r"|received)|on\s+a\s+rolling\s+basis)"
    r"|\b(?:review|consider|accept|screen)\w*\s+(?:applications|resumes|candidates)\s+on\s+a\s+rolling\s+basis"
    r"|\b(?:on\s+a\s+)?rolling\s+basis|\b(?:open|available)\s+until\s+(?:the\s+(?:position|role|job)\s+is\s+)?filled"
    r"|\buntil\s+(?:the\s+)?(?:position|role|job)\s+(?:is|has\s+been)\s+filled|\buntil\s+filled"
    r"|\brolling\s+(?:applications|admissions?|review|deadline)"
    r"|\b(?:applications?|admissions?|reviews?|hiring)\s+(?:are|is|will\s+be)\s+rolling\b",
    re.I,
)
# A front-matter closing date that names no date but a rolling review.
_ROLLING_VALUE = re.compile(r"\s*(?:rolling|ongoing|open\s+until\s+filled|until\s+filled|open)\b", re.I)
_DEADLINE_HEADING = compile_scan(r"deadline|closing|timeline|how\s+to\s+apply|to\s+apply|application", re.I)
# "due by 5 p.m. ET on March 3": the time between a cue and its date is skipped when reading the cue.
_TIME_BEFORE_DATE = compile_scan(
    r"\b(?:(?:at\s+)?(?:(?:12\s+)?(?:midnight|noon|midday)|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?"
    r"|cob|eod|close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:business\s+)?day)"
    r"(?:\s+(?:[A-Z]{1,2}[SD]?T|A[CEW][SD]T|UTC|GMT|BST"
    r"|(?:Pacific|Mountain|Central|Eastern|Atlantic|Alaska|Hawaii)(?:\s+(?:Standard|Daylight))?(?:\s+Time)?)"
    r"(?:\s*[+-]\s*\d{1,2})?)?"
    rf"(?:[\s,]+(?:on\s+)?{_WEEKDAY_WORD}\.?)?|{_WEEKDAY_WORD}\.?)"  # "COB Friday 3/7/25", "Fri 3/7/25"
    r"[\s,]*(?:on\s+)?(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class ClassifiedDate:
    """A date with the role its nearest cue gives it, how strong that cue is, and where the cue starts."""

    mention: DateMention
    role: DateRole
    strength: int
    cue_start: int


def classified_dates(doc: Document, sections: list[Section], today: dt.date, *,
                     posted: dt.date | None = None) -> list[ClassifiedDate]:
    """Every date in the text with its role (deadline, start, end or other), in text order."""
    return _classify(doc, sections, find_dates(doc, today, posted=posted))


_WINDOW_LABEL = compile_scan(r"\b(?:open(?:ing)?\s*(?:and|&|/)\s*clos(?:e|ing)\s+dates?"
                             r"|(?:application|posting)\s+(?:period|window|dates))" + _SEP + "$", re.I)
"""A label of the dates applications are open, "Open & closing dates: 01/08/2024 to 01/22/2024": its
range ends on the deadline."""
_RANGE_JOIN = compile_scan(r"\s*(?:-|–|—|to|through|thru|until|till)\s*(?:the\s+)?", re.I)


def date_ranges(doc: Document, dates: list[ClassifiedDate]) -> list[tuple[ClassifiedDate, ClassifiedDate]]:
    """Engagement periods written as a range, "February 15th, 2022 to August 15th, 2022": (first, last).

    A range that starts or ends with a deadline ("apply by June 1 - June 5") is not a period of work.
    """
    return [(first, second) for first, second in itertools.pairwise(dates)
            if _DEADLINE not in (first.role, second.role) and first.mention.date < second.mention.date
            and _RANGE_JOIN.fullmatch(doc.text, first.mention.end, second.mention.start)]


def _classify(doc: Document, sections: list[Section], mentions: list[DateMention]) -> list[ClassifiedDate]:
    out: list[ClassifiedDate] = []
    headings = Headings(doc, sections)
    previous_end = 0
    label_start: int | None = None  # where the previous date's "Open & closing dates:" label starts
    for mention in mentions:
        begin = max(previous_end, mention.start - _WINDOW)
        window = doc.text[begin:mention.start]
        begin += _sentence_start(window)
        window = doc.text[begin:mention.start]
        previous_end = mention.end
        role, strength, cue_start = _OTHER, 0, mention.start
        time = _TIME_BEFORE_DATE.search(window)
        cue_window = window[:time.start()] if time else window
        for pattern, cue_role, cue_strength in _CUES:
            match = pattern.search(cue_window)
            if match is None:
                continue
            role, strength, cue_start = cue_role, cue_strength, begin + match.start()
            if cue_role == _DEADLINE and cue_strength == 2:
                context = _APPLY_CONTEXT.search(window)
                if context is None:
                    role = _END if _FROM_THROUGH.search(cue_window) else _OTHER
                elif begin > mention.start - _WINDOW:  # the whole sentence is in the window
                    cue_start = begin + len(window) - len(window.lstrip(" \t\n*_"))
                else:
                    cue_start = begin + context.start()
            if cue_role == _START and _NOT_ROLE_START.search(window, 0, match.start()):
                role = _OTHER
            break
        if label_start is not None and _RANGE_JOIN.fullmatch(window):
            role, strength, cue_start = _DEADLINE, 4, label_start  # the application window's end
            out[-1] = replace(out[-1], role=_OTHER, strength=0)
        label = _WINDOW_LABEL.search(cue_window)
        label_start = begin + label.start() if label else None
        bare = not cue_window.rsplit("\n", 1)[-1].strip(" \t*_|:-")
        if role == _OTHER and bare and _DEADLINE_HEADING.search(headings.at(doc.line_of(mention.start))):
            # A bare date under "Deadline" / "Timeline" / "How to apply".
            role, strength = _DEADLINE, 1
        out.append(ClassifiedDate(mention, role, strength, cue_start))
    return out


def _sentence_start(window: str) -> int:
    """Where the sentence ending `window` begins: after a full stop, a blank line or a heading line."""
    breaks = list(_SENTENCE_END.finditer(window))
    start = breaks[-1].end() if breaks else 0
    lines = window[start:].split("\n")
    for index in range(len(lines) - 2, -1, -1):
        # A label line right above a date ("Application deadline" / "November 22, 2024") is its cue.
        label = index == len(lines) - 2 and not lines[-1].strip(" \t*_|:-")
        if is_heading_like(lines[index]) and not label:
            return start + sum(len(line) + 1 for line in lines[:index + 1])
    return start


def find_deadline(doc: Document, sections: list[Section], today: dt.date, *,
                  front: FrontMatter | None = None, posted: dt.date | None = None,
                  dates: list[ClassifiedDate] | None = None) -> Deadline | None:
    """The application deadline, with `rolling` set for "rolling basis" / "open until filled".

    A front-matter closing date is the board's structured statement and wins; the body fills the gap.
    `dates` are the posting's `classified_dates` when the caller has them already.
    """
    rolling = doc.search(_ROLLING)
    stated = _front_deadline(doc, front, today, posted) if front else None
    if stated is not None:
        date, start, end, inferred = stated
        span = doc.span(start, end)
        return Deadline(text=span.text, start_line=span.start_line, end_line=span.end_line, date=date,
                        rolling=rolling is not None, inferred_year=inferred)
    for entry in front.all("deadline") if front else ():
        if _ROLLING_VALUE.match(entry.value):  # closing_date = "Rolling"
            span = doc.span(entry.start, entry.end)
            return Deadline(text=span.text, start_line=span.start_line, end_line=span.end_line, rolling=True)
    if dates is None:
        dates = classified_dates(doc, sections, today, posted=posted)
    candidates = [c for c in dates if c.role == _DEADLINE]
    if candidates:
        best = max(candidates, key=lambda c: c.strength)  # max() keeps the first of equals
        span = doc.span(best.cue_start, best.mention.end)
        return Deadline(text=span.text, start_line=span.start_line, end_line=span.end_line,
                        date=best.mention.date, rolling=rolling is not None,
                        inferred_year=best.mention.inferred_year)
    if rolling is not None:
        span = doc.span(rolling.start(), rolling.end())
        return Deadline(text=span.text, start_line=span.start_line, end_line=span.end_line, rolling=True)
    return None


def _front_deadline(doc: Document, front: FrontMatter, today: dt.date,
                    posted: dt.date | None) -> tuple[dt.date, int, int, bool] | None:
    """(date, evidence start, end, inferred year) of the first dated front-matter closing date."""
    for entry in front.all("deadline"):
        mentions = dates_between(doc, entry.value_start, entry.value_end, today, posted=posted)
        if mentions:
            return mentions[0].date, entry.start, entry.end, mentions[0].inferred_year
    return None


def find_start_date(doc: Document, sections: list[Section], today: dt.date, *, posted: dt.date | None = None,
                    dates: list[ClassifiedDate] | None = None) -> Fact[dt.date] | None:
    """The stated start date ("start date of April 1, 2025"); None for "ASAP" or no date."""
    if dates is None:
        dates = classified_dates(doc, sections, today, posted=posted)
    candidates = [c for c in dates if c.role == _START]
    if not candidates:
        ranges = date_ranges(doc, dates)
        if ranges:  # "a contract from February 1st, 2022 to November 30th, 2022"
            first, last = ranges[0]
            return doc.fact(first.mention.date, first.mention.start, last.mention.end)
        return None
    best = max(candidates, key=lambda c: c.strength)
    return doc.fact(best.mention.date, best.cue_start, best.mention.end)
