"""Employment types (full-time, part-time, ...) and weekly hours.

A type word counts only when it describes the role itself: "full-time staff of 12", "supervise our
interns", "temporary protected status" and "contract negotiations" describe something else. A range
of hours ("20-25 hrs/wk") is reported as its lower end: the hours the role is sure to have.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from knowledge.document import Document
from knowledge.extract._prose import bullet_offsets, is_bullet
from knowledge.frontmatter import FrontMatter
from knowledge.literals import compile_scan
from knowledge.models import EmploymentType, Fact, Hours, Section, Span

_PEOPLE = (r"(?:staff(?!\s+(?:member|position|role))|employees|workers|members|organizers|students|volunteers"
           r"|canvassers|interns|fellows|people|team|crews?|parents|equivalents?|FTEs?|jobs)\b")
_COUNT = re.compile(r"(?:\b\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|several|many|our|all"
                    r"|other|existing|current|multiple|hundreds|thousands)\b)\W*$", re.I)
_LABEL = re.compile(r"^\W*(?:employment\s+|position\s+|job\s+)?(?:type|status|schedule|classification"
                    r"|hours|commitment|category)\W*$", re.I)
# A temporary/contract word needs one of these after it to describe a job.
_ROLE_NOUN = (r"(?:position|role|job|employment|opportunity|assignment|appointment|contract|hire|basis"
              r"|post|through|thru|until|from|for|full[-\s]?time|part[-\s]?time|seasonal|temporary|,|&|/|\)"
              r"|\band\b|$)")

_TYPES: list[tuple[EmploymentType, re.Pattern[str]]] = [
    (EmploymentType.FULL_TIME, re.compile(
        r"\bfull[-\s]?time\b(?!\s*[-\s]?equivalent)(?!\s+(?:students?|job\s+elsewhere)\b)|\bFT\b(?![-/])",
        re.I)),
    (EmploymentType.PART_TIME, re.compile(
        r"\bpart[-\s]?time\b|\bPT\b(?![-/])"
        r"|\bpro[-\s]rata\s+(?:for\s+)?(?:[1-4](?:\.\d)?|one|two|three|four)\s+days?\b", re.I)),
    (EmploymentType.TEMPORARY, re.compile(
        rf"\b(?:temporary|seasonal|short[-\s]term|term[-\s]limited|limited[-\s]term)\b(?=\s*(?:{_ROLE_NOUN}|:))"
        r"|\bfixed[-\s]term\b|\blimited[-\s]duration\b"
        r"|\b(?:for|through|last\w*)\s+the\s+(?:duration|length|end)\s+of\s+the\s+(?:election|campaign|cycle|season)"
        # "is hiring Field Organizers for the 2024 general election": campaign staff until election day
        r"|\bhiring\b[^.\n]{0,60}?\bfor\s+the\s+(?:\d{4}\s+)?(?:general|primary|midterm|municipal|special"
        r"|november)\s+elections?\b",
        re.I | re.M)),
    (EmploymentType.CONTRACT, re.compile(
        rf"\b(?:independent\s+)?contract(?:or)?\b(?=\s*(?:\(1099\)|{_ROLE_NOUN}|work\b|term\b|length\b))"
        r"|\b(?:\d{1,2}|one|two|three|six|twelve)[-\s](?:year|month|week)s?\s+contract\b"
        r"|\b(?:independent|1099)\s+contractor\b|\b(?:a|an|as)\s+contractor\b|\(1099\)"
        r"|\b1099\b(?=\s*(?:contract|position|role|basis|employee|worker|\)|$))",
        re.I | re.M)),
    (EmploymentType.INTERNSHIP, re.compile(r"\b(?:paid\s+|unpaid\s+)?internship\b|\bintern\b", re.I)),
    (EmploymentType.FELLOWSHIP, re.compile(
        r"\b(?:[Pp]aid\s+)?(?:[Ff]ellowship|FELLOWSHIP)\b|\b[A-Z]\w+\s+(?:Fellow|FELLOW)\b")),
]
_PRECEDENCE: tuple[EmploymentType, ...] = (
    EmploymentType.FELLOWSHIP, EmploymentType.INTERNSHIP, EmploymentType.CONTRACT, EmploymentType.TEMPORARY,
    EmploymentType.SEASONAL, EmploymentType.VOLUNTEER, EmploymentType.PER_DIEM, EmploymentType.PART_TIME,
    EmploymentType.FULL_TIME)
"""Most specific first: a paid fellowship that is also full-time is listed as a fellowship first."""
# Words of a labelled type value (a front-matter list item, "Job type: Consultant"). Seasonal work is
# temporary work too.
_LABELLED: list[tuple[EmploymentType, re.Pattern[str]]] = [
    (EmploymentType.FULL_TIME, re.compile(r"\bfull[-\s]?time\b|^FT$|\bpermanent\b", re.I)),
    (EmploymentType.PART_TIME, re.compile(r"\bpart[-\s]?time\b|^PT$", re.I)),
    (EmploymentType.TEMPORARY, re.compile(
        r"\btemp(?:orary)?\b|\bseasonal\b|\bfixed[-\s]term\b|\b(?:short|limited)[-\s]term\b", re.I)),
    (EmploymentType.SEASONAL, re.compile(r"\bseasonal\b", re.I)),
    (EmploymentType.CONTRACT, re.compile(r"\bcontract(?:or)?\b|\bconsult(?:ant|ing|ancy)\b|\bfreelance\b"
                                          r"|\b1099\b", re.I)),
    (EmploymentType.INTERNSHIP, re.compile(r"\bintern(?:ship)?\b", re.I)),
    (EmploymentType.FELLOWSHIP, re.compile(r"\bfellow(?:ship)?\b", re.I)),
    (EmploymentType.VOLUNTEER, re.compile(r"\bvolunteer\b|\bunpaid\b(?!\s+intern)", re.I)),
    (EmploymentType.PER_DIEM, re.compile(r"\bper[-\s]diem\b|\bPRN\b", re.I)),
]
PART_TIME_BELOW = 30
"""Weekly hours below this are part-time work."""
_LIMITED = frozenset({EmploymentType.TEMPORARY, EmploymentType.CONTRACT, EmploymentType.INTERNSHIP,
                      EmploymentType.FELLOWSHIP, EmploymentType.SEASONAL, EmploymentType.VOLUNTEER})
_HOURS_KINDS = frozenset({EmploymentType.FULL_TIME, EmploymentType.PART_TIME})
# "FT"/"PT" count in upper case, as a labelled value or before a job noun, never as a time zone ("5pm PT").
_ABBREVIATION = re.compile(r"^(?:FT|PT)$")
_ABBREVIATION_AFTER = re.compile(r"^\s*(?:position|role|job|employee|staff\s+member|[,)|/]|$)", re.I)
_TIME_BEFORE = re.compile(r"(?:\d|\b[ap]\.?m\.?)\s*$", re.I)
# Words that, just before an intern/fellow/contract word, show it is not the role being hired.
_SOMEONE_ELSE = compile_scan(
    r"\b(?:supervis\w*|manag\w*|mentor\w*|oversee\w*|train\w*|work\w*\s+with|support\w*|recruit\w*"
    r"|coordinat\w*|hire\w*|our|former|union|city|county|state|federal|government|general|sub)\W+(?:\w+\W+)?$",
    re.I)
# "seeks full-time Field Organizers": the words right before name the role being hired.
_HIRING_BEFORE = re.compile(
    r"\b(?:seeks?|seeking|hiring|hire|looking\s+for|recruit(?:s|ing)?)\s+(?:an?\s+)?$", re.I)
_EXPERIENCE_AFTER = re.compile(r"^\W*(?:paid\s+|professional\s+|work\s+)?experience\b", re.I)
# "experience as an intern", "experience as a staffer, intern or volunteer"
_EXPERIENCE_BEFORE = re.compile(r"\b(?:experience|background|worked)\s+(?:as|with)\s+(?:an?\s+)?"
                                r"(?:[\w-]+(?:,\s*|\s+or\s+|\s+and\s+)){0,3}$", re.I)
_NOT_A_JOB_AFTER = re.compile(
    r"^\W*(?:negotiat\w*|campaigns?|fights?|enforcement|bargaining|language|compliance|law|disputes?"
    r"|programs?\s+(?:alumni|graduates)|protected|housing|workers|employees|staff|agency)\b", re.I)
_HOURS_LABEL = re.compile(r"[ \t*_#-]*(?:hours|schedule|time\s+commitment|commitment)\b[^\n]*$", re.I)
_HOURS = compile_scan(
    r"(?<![\d.])(?P<low>\d{1,2}(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d{1,2}(?:\.\d+)?))?"
    r"(?:\s*|-)(?:hours?|hrs?\.?|h)(?:\s*(?:/|per|a|an|each|every)\s*(?:week\b|wk\b\.?)|\s*weekly\b)"
    r"|(?<![\d.])(?P<low2>\d{1,2}(?:\.\d+)?)[-\s](?:hour|hr)\s+(?:work\s?)?week\b",
    re.I)


class EmploymentTerms(NamedTuple):
    """The types a role has, and the hours it may be had on."""

    types: list[Fact[EmploymentType]]
    either: list[Fact[EmploymentType]]
    """Full-time and part-time offered together ("Full Time or Part Time"): either may be had, so neither
    is among `types`."""


def find_employment_types(
        doc: Document, sections: list[Section], *, front: FrontMatter | None = None,
        hours: Hours | None = None, limited: Span | None = None,
        title: Fact[str] | None = None) -> list[Fact[EmploymentType]]:
    """`find_employment_terms`' types."""
    return find_employment_terms(doc, sections, front=front, hours=hours, limited=limited, title=title).types


def find_employment_terms(
        doc: Document, sections: list[Section], *, front: FrontMatter | None = None,
        hours: Hours | None = None, limited: Span | None = None,
        title: Fact[str] | None = None) -> EmploymentTerms:
    """Each employment type the role is described as having, once, most specific first.

    A front-matter type list is the board's structured statement and wins over the body. Otherwise the
    body's words count, and two stated facts imply a type the words leave out: a stated end or length
    (`limited`) makes the role temporary, fewer than `PART_TIME_BELOW` weekly `hours` part-time.
    Types are ordered fellowship > internship > contract > temporary > the rest; "full-time" and
    "part-time" stated together (and nothing else) mean either is possible, so no type is fixed: they are
    the terms' `either`.
    """
    found = _front_types(doc, front) if front else []
    if found and title is not None:
        found += _title_kinds(doc, title, {kind for kind, _ in found})
    if not found:
        found = _body_types(doc)
        kinds = {kind for kind, _ in found}
        if limited is not None and not kinds & _LIMITED:
            found.append((EmploymentType.TEMPORARY, _span_offsets(doc, limited)))
        if hours is not None and hours.max < PART_TIME_BELOW and not kinds & _HOURS_KINDS:
            found.append((EmploymentType.PART_TIME, _span_offsets(doc, hours)))
    kinds = {kind for kind, _ in found}
    if kinds == {EmploymentType.FULL_TIME, EmploymentType.PART_TIME} and _together(doc, found):
        return EmploymentTerms([], [doc.fact(kind, start, end) for kind, (start, end) in found])
    if kinds >= {EmploymentType.FULL_TIME, EmploymentType.PART_TIME} and not _together(doc, found):
        # Stated apart ("Part Time." ... "Full Time for those who succeed"): the first one is the role.
        first = min((start for kind, (start, _) in found if kind in _HOURS_KINDS))
        found = [item for item in found if item[0] not in _HOURS_KINDS or item[1][0] == first]
    found.sort(key=lambda item: _PRECEDENCE.index(item[0]))
    return EmploymentTerms([doc.fact(kind, start, end) for kind, (start, end) in found], [])


def _together(doc: Document, found: list[tuple[EmploymentType, tuple[int, int]]]) -> bool:
    """Whether full-time and part-time are stated on the same line ("Full Time or Part Time")."""
    lines = {kind: doc.line_of(start) for kind, (start, _) in found}
    return lines.get(EmploymentType.FULL_TIME) == lines.get(EmploymentType.PART_TIME)


def _title_kinds(doc: Document, title: Fact[str],
                 kinds: set[EmploymentType]) -> list[tuple[EmploymentType, tuple[int, int]]]:
    """An internship or fellowship the title names that a board's type tags leave out ("Spring
    Internship" tagged only "Full Time"); not a staff role over them ("Fellowship Program Manager")."""
    if _STAFF_RANK.search(title.value):
        return []
    return [(kind, _span_offsets(doc, title)) for kind, pattern in _TITLE_KINDS
            if kind not in kinds and pattern.search(title.value)]


_TITLE_KINDS = ((EmploymentType.INTERNSHIP, re.compile(r"\bintern(?:ship)?s?\b", re.I)),
                (EmploymentType.FELLOWSHIP, re.compile(r"\bfellow(?:ship)?s?\b", re.I)))
_STAFF_RANK = re.compile(r"\b(?:senior|director|manager|coordinator|officer|lead|supervisor|recruiter"
                         r"|specialist|administrator|associate)\b", re.I)


def _span_offsets(doc: Document, span: Span) -> tuple[int, int]:
    """Offsets of a span's exact text at its lines."""
    begin = doc.line_start(span.start_line)
    where = doc.text.find(span.text, begin)
    return (where, where + len(span.text)) if where >= 0 else doc.line_span(span.start_line)


def _body_types(doc: Document) -> list[tuple[EmploymentType, tuple[int, int]]]:
    found: list[tuple[EmploymentType, tuple[int, int]]] = []
    for kind, pattern in _TYPES:
        for match in pattern.finditer(doc.text):
            if _describes_role(doc, kind, match):
                found.append((kind, _evidence(doc, match)))
                break
    return found


def _front_types(doc: Document, front: FrontMatter) -> list[tuple[EmploymentType, tuple[int, int]]]:
    """Types named by the front matter's type entries ("a_job_type = ["Part Time","Consultant"]")."""
    found: list[tuple[EmploymentType, tuple[int, int]]] = []
    for entry in front.all("type"):
        for item in entry.items:
            where = doc.text.find(item, entry.start, entry.end)
            start, end = (where, where + len(item)) if where >= 0 else (entry.start, entry.end)
            for kind in labelled_types(item):
                if kind not in (k for k, _ in found):
                    found.append((kind, (start, end)))
    return found


def labelled_types(value: str) -> list[EmploymentType]:
    """The types a short labelled value names: "Paid Internship" -> internship, "Consultant" -> contract."""
    return [kind for kind, pattern in _LABELLED if pattern.search(value)]


def find_hours(doc: Document, sections: list[Section]) -> Fact[float] | None:
    """Hours per week the role is stated to have ("25 hours a week"; "20-25 hrs/wk" gives 20)."""
    return sure_hours(find_hours_range(doc, sections))


def sure_hours(hours: Hours | None) -> Fact[float] | None:
    """The hours a stated range is sure to have: its lower end (used to annualise hourly pay)."""
    if hours is None:
        return None
    return Fact[float](value=hours.min, text=hours.text, start_line=hours.start_line, end_line=hours.end_line)


def find_hours_range(doc: Document, sections: list[Section]) -> Hours | None:
    """Hours per week as stated: one figure or a range ("8-10 hours/week" -> 8 to 10).

    A figure on an "Hours:" line wins over one named in passing ("Full Time (40 hour week) Equivalent").
    """
    best: tuple[re.Match[str], float, float] | None = None
    for match in doc.finditer(_HOURS):
        low = float(match.group("low") or match.group("low2"))
        high = float(match.group("high")) if match.group("high") else low
        if not 0 < low <= high <= 80:
            continue
        line_start = doc.line_start(doc.line_of(match.start()))
        if _HOURS_LABEL.match(doc.text, line_start, match.start()):
            best = (match, low, high)
            break
        best = best or (match, low, high)
    if best is None:
        return None
    match, low, high = best
    span = doc.span(match.start(), match.end())
    return Hours(text=span.text, start_line=span.start_line, end_line=span.end_line, min=low, max=high)


def _describes_role(doc: Document, kind: EmploymentType, match: re.Match[str]) -> bool:
    line_start = doc.line_start(doc.line_of(match.start()))
    before = doc.text[max(line_start, match.start() - 40):match.start()]
    after = _after(doc.text, match.end())
    labelled = _LABEL.match(before) is not None
    word = match.group().strip()
    if word.upper() in ("FT", "PT"):
        return (_ABBREVIATION.match(word) is not None and _TIME_BEFORE.search(before) is None
                and (labelled or _ABBREVIATION_AFTER.match(after) is not None))
    if labelled or _HIRING_BEFORE.search(before):
        return True
    if _EXPERIENCE_AFTER.match(after) or _EXPERIENCE_BEFORE.search(before):
        return False  # "a year of full-time paid experience", "experience as an intern"
    if kind in (EmploymentType.FULL_TIME, EmploymentType.PART_TIME, EmploymentType.TEMPORARY):
        # "full-time staff of 12", "two part-time organizers", "seasonal canvass team".
        if re.match(rf"^[\s,]*(?:\w+\s+)?{_PEOPLE}", after, re.I):
            return False
        return not (_COUNT.search(before) and re.match(r"^\s*\w+s\b", after))
    if _NOT_A_JOB_AFTER.match(after):
        return False
    return kind == EmploymentType.FELLOWSHIP or _SOMEONE_ELSE.search(before) is None


def _after(text: str, offset: int) -> str:
    """Up to 40 characters after `offset` in the same paragraph, line breaks read as spaces."""
    after = text[offset:offset + 40]
    stop = re.search(r"\n\s*\n|\n[ \t]*(?:[-*•·▪‣◦|]|\d{1,2}[.)])\s", after)
    return (after[:stop.start()] if stop else after).replace("\n", " ")


def _evidence(doc: Document, match: re.Match[str]) -> tuple[int, int]:
    """A short line as a whole ("Status: Temporary through November 3rd 2020"), else the words matched
    plus a directly following "for 25 hours a week"."""
    line = doc.line_of(match.start())
    start, end = bullet_offsets(doc, line) if is_bullet(doc.lines[line - 1]) else doc.line_span(line)
    text = doc.text[start:end]
    if len(text.strip()) <= 60:
        # Drop Markdown heading and emphasis marks around the line: "### Summer Intern" -> "Summer Intern".
        return start + len(text) - len(text.lstrip("#*_ \t")), end - (len(text) - len(text.rstrip("*_ \t")))
    hours = re.compile(r"\s*(?:,\s*|for\s+|of\s+)?(?:about\s+|up\s+to\s+)?")
    lead = hours.match(doc.text, match.end())
    tail = _HOURS.match(doc.text, lead.end()) if lead else None
    return match.start(), (tail.end() if tail else match.end())
