"""Employment types (full-time, part-time, ...) and weekly hours.

A type word counts only when it describes the role itself: "full-time staff of 12", "supervise our
interns", "temporary protected status" and "contract negotiations" describe something else. A range
of hours ("20-25 hrs/wk") is reported as its lower end: the hours the role is sure to have.
"""

from __future__ import annotations

import re

from knowledge.document import Document
from knowledge.extract._prose import bullet_offsets, is_bullet
from knowledge.models import EmploymentType, Fact, Section

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
    (EmploymentType.PART_TIME, re.compile(r"\bpart[-\s]?time\b|\bPT\b(?![-/])", re.I)),
    (EmploymentType.TEMPORARY, re.compile(
        rf"\b(?:temporary|seasonal|short[-\s]term|term[-\s]limited|limited[-\s]term)\b(?=\s*{_ROLE_NOUN})",
        re.I | re.M)),
    (EmploymentType.CONTRACT, re.compile(
        rf"\b(?:independent\s+)?contract(?:or)?\b(?=\s*(?:\(1099\)|{_ROLE_NOUN}|work\b|term\b|length\b))"
        r"|\b(?:independent|1099)\s+contractor\b|\b(?:a|an|as)\s+contractor\b|\(1099\)"
        r"|\b1099\b(?=\s*(?:contract|position|role|basis|employee|worker|\)|$))",
        re.I | re.M)),
    (EmploymentType.INTERNSHIP, re.compile(r"\b(?:paid\s+|unpaid\s+)?internship\b|\bintern\b", re.I)),
    (EmploymentType.FELLOWSHIP, re.compile(
        r"\b(?:[Pp]aid\s+)?(?:[Ff]ellowship|FELLOWSHIP)\b|\b[A-Z]\w+\s+(?:Fellow|FELLOW)\b")),
]
# "FT"/"PT" count in upper case, as a labelled value or before a job noun, never as a time zone ("5pm PT").
_ABBREVIATION = re.compile(r"^(?:FT|PT)$")
_ABBREVIATION_AFTER = re.compile(r"^\s*(?:position|role|job|employee|staff\s+member|[,)|/]|$)", re.I)
_TIME_BEFORE = re.compile(r"(?:\d|\b[ap]\.?m\.?)\s*$", re.I)
# Words that, just before an intern/fellow/contract word, show it is not the role being hired.
_SOMEONE_ELSE = re.compile(
    r"\b(?:supervis\w*|manag\w*|mentor\w*|oversee\w*|train\w*|work\w*\s+with|support\w*|recruit\w*"
    r"|coordinat\w*|hire\w*|our|former|union|city|county|state|federal|government|general|sub)\W+(?:\w+\W+)?$",
    re.I)
_NOT_A_JOB_AFTER = re.compile(
    r"^\W*(?:negotiat\w*|campaigns?|fights?|enforcement|bargaining|language|compliance|law|disputes?"
    r"|programs?\s+(?:alumni|graduates)|protected|housing|workers|employees|staff|agency)\b", re.I)
_HOURS = re.compile(
    r"(?<![\d.])(?P<low>\d{1,2}(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d{1,2}(?:\.\d+)?))?"
    r"(?:\s*|-)(?:hours?|hrs?\.?|h)(?:\s*(?:/|per|a|an|each|every)\s*(?:week\b|wk\b\.?)|\s*weekly\b)"
    r"|(?<![\d.])(?P<low2>\d{1,2}(?:\.\d+)?)[-\s](?:hour|hr)\s+(?:work\s?)?week\b",
    re.I)


def find_employment_types(doc: Document, sections: list[Section]) -> list[Fact[EmploymentType]]:
    """Each employment type the role is described as having, once, with its first evidence."""
    found: list[tuple[int, EmploymentType, tuple[int, int]]] = []
    for kind, pattern in _TYPES:
        for match in pattern.finditer(doc.text):
            if _describes_role(doc, kind, match):
                found.append((match.start(), kind, _evidence(doc, match)))
                break
    return [doc.fact(kind, start, end) for _, kind, (start, end) in sorted(found)]


def find_hours(doc: Document, sections: list[Section]) -> Fact[float] | None:
    """Hours per week the role is stated to have ("25 hours a week"; "20-25 hrs/wk" gives 20)."""
    for match in _HOURS.finditer(doc.text):
        value = float(match.group("low") or match.group("low2"))
        if 0 < value <= 80:
            return doc.fact(value, match.start(), match.end())
    return None


def _describes_role(doc: Document, kind: EmploymentType, match: re.Match[str]) -> bool:
    line_start = doc.line_start(doc.line_of(match.start()))
    before = doc.text[max(line_start, match.start() - 40):match.start()]
    after = _after(doc.text, match.end())
    labelled = _LABEL.match(before) is not None
    word = match.group().strip()
    if word.upper() in ("FT", "PT"):
        return (_ABBREVIATION.match(word) is not None and _TIME_BEFORE.search(before) is None
                and (labelled or _ABBREVIATION_AFTER.match(after) is not None))
    if labelled:
        return True
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
