"""Benefits and the reporting line."""

from __future__ import annotations

import re

from knowledge.document import Document
from knowledge.extract._prose import blocks, bullet_offsets, evidence, is_bullet, section_bodies, sentences
from knowledge.frontmatter import FrontMatter
from knowledge.literals import compile_scan
from knowledge.models import Fact, LabelledFact, Section

_BENEFITS_HEADING_RE = re.compile(r"\b(?:benefits?|compensation|perks|what\s+we\s+offer|we\s+offer)\b",
                                  re.IGNORECASE)
# "benefits package, including health insurance, dental insurance, ... and 403(b) contributions."
_BENEFIT_LIST_RE = re.compile(
    r"\bbenefits?(?:\s+package)?(?:\s+\w+){0,3}?\s*,?\s*(?:that\s+)?(?:including|includes?|such\s+as)\s*:?\s*"
    r"|^[ \t*_-]*(?:benefits|perks)[*_]*\s*:\s*",
    re.IGNORECASE | re.MULTILINE)
_BENEFIT_WORD_RE = compile_scan(
    r"health|medical|dental|vision|insurance|\bPTO\b|paid\s+time|vacation|leave|holiday|sick|401|403|"
    r"retirement|pension|stipend|reimburs|tuition|loan|wellness|sabbatical",
    re.IGNORECASE)
# Pay itself is not a benefit: "Competitive salary", "Salary: $60,000".
_PAY_ONLY_RE = re.compile(
    r"^(?:an?\s+)?(?:competitive|commensurate|negotiable|annual)?\s*(?:base\s+)?(?:salary|pay|wages?|compensation)"
    r"\b(?!\s+increases?)(?:\s*(?::|is|of|range|commensurate|dependent|depending|based)\b.*)?\W*$",
    re.IGNORECASE)
_NO_BENEFITS_RE = re.compile(
    r"^\W*(?:no|none|not)\b.*\b(?:benefits?|listed|offered|provided|stated)\b|^\W*none\W*$", re.IGNORECASE)
_ITEM_SPLIT_RE = re.compile(r"\s*[,;]\s*(?:and\s+|or\s+)?")


def find_benefits(doc: Document, sections: list[Section],
                  front: FrontMatter | None = None) -> list[Fact[str]]:
    """Benefit items: front-matter benefits items, then bullets under a Benefits / Compensation heading,
    else a listed benefits sentence."""
    front = front or FrontMatter()
    return _front_benefits(doc, front) + _body_benefits(doc, sections, front.end_line + 1)


def _front_benefits(doc: Document, front: FrontMatter) -> list[Fact[str]]:
    """Each item of a front-matter benefits list, cited where it is written ("no benefits listed" is none)."""
    facts: list[Fact[str]] = []
    for entry in front.all("benefits"):
        cursor = doc.text.find(entry.key, entry.start, entry.end) + len(entry.key)  # past the key
        for item in entry.items:
            if _NO_BENEFITS_RE.match(item):
                continue
            at = doc.text.find(item, cursor, entry.end)
            if at >= 0:
                facts.append(doc.fact(item, at, at + len(item)))
                cursor = at + len(item)
    return facts


def _body_benefits(doc: Document, sections: list[Section], first_line: int) -> list[Fact[str]]:
    facts: list[Fact[str]] = []
    bodies = [(a, b) for a, b in section_bodies(doc, sections, _BENEFITS_HEADING_RE) if a >= first_line]
    for first, last in bodies:
        for top, bottom in blocks(doc, first, last):  # a bullet with its wrapped lines
            if is_bullet(doc.lines[top - 1]):
                start, end = bullet_offsets(doc, top)[0], doc.line_span(bottom)[1]
                item = doc.span(start, end).text
                if item and not _PAY_ONLY_RE.match(item):
                    facts.append(doc.fact(item, start, end))
    if facts:
        return facts
    for first, last in bodies or [(first_line, len(doc.lines))]:
        facts.extend(_listed(doc, first, last))
    if not facts:
        for first, last in bodies:
            facts.extend(_benefit_sentences(doc, first, last))
    return facts


def _listed(doc: Document, first: int, last: int) -> list[Fact[str]]:
    """Items of "benefits ... including a, b, and c." sentences between two lines."""
    facts: list[Fact[str]] = []
    for s_start, s_end in sentences(doc, first, last):
        match = _BENEFIT_LIST_RE.search(doc.text, s_start, s_end)
        if match is None:
            continue
        cursor = match.end()
        stop = s_end - 1 if doc.text[s_end - 1] == "." else s_end
        for piece in _ITEM_SPLIT_RE.finditer(doc.text + "\n", cursor, stop + 1):
            _add_item(doc, facts, cursor, min(piece.start(), stop))
            cursor = piece.end()
        _add_item(doc, facts, cursor, stop)
    return facts


def _add_item(doc: Document, facts: list[Fact[str]], start: int, end: int) -> None:
    if end <= start:
        return
    span = doc.span(start, end)
    duplicate = any(f.text == span.text and f.start_line == span.start_line for f in facts)
    if span.text and not duplicate and not _PAY_ONLY_RE.match(span.text):
        facts.append(doc.fact(span.text, start, end))


def _benefit_sentences(doc: Document, first: int, last: int) -> list[Fact[str]]:
    return [doc.fact(doc.span(a, b).text, a, b) for a, b in sentences(doc, first, last)
            if _BENEFIT_WORD_RE.search(doc.text, a, b) and not _PAY_ONLY_RE.match(doc.text[a:b])]


# --- reporting line -------------------------------------------------------------------------------

_SUPERIOR = r"(?:the\s+|our\s+|your\s+)?(?P<who>[A-Z][^\n]{1,120})"
# Strongest first: a "Reports to:" label, "will report to", "under the direction of", "supervised by".
_REPORTS_RES = [compile_scan(p + _SUPERIOR, re.MULTILINE) for p in (
    r"^[ \t*_-]*(?i:reports?\s+to|reporting\s+to|supervisor|responsible\s+to|line\s+manager)[*_]*[ \t]*:"
    r"[ \t*_]*",
    r"\b(?i:will\s+report|reports|report|reporting)\s+(?i:directly\s+)?(?i:to|into)\s+",
    r"\b(?i:under\s+the\s+(?:general\s+|direct\s+|overall\s+)?(?:direction|supervision|guidance)\s+of)\s+",
    r"\b(?i:supervised\s+by|line[- ]managed\s+by)\s+",
)]
# "Make reports to the Board": "reports" as a noun is a duty, not a reporting line.
_NOUN_BEFORE_RE = compile_scan(
    r"\b(?:make|makes|making|submit|submits|prepare|prepares|provide|provides|write|written|regular|"
    r"monthly|quarterly|annual|weekly|progress|status|deliver|present)\s+$",
    re.IGNORECASE)
# Where the superior's title ends: sentence end, or the clause that follows it.
# Runs of spaces are tried from their first space only (a later start cannot end earlier): linear.
_WHO_END_RE = re.compile(
    r"\.(?:\s|$)|;|,\s+(?=[a-z])"
    r"|(?<!\s)(?:\s+-\s|\s+\(|\s+(?:and|to|who|which|in|on|for|with|as|by)\s+(?=[a-z]))|(?<![.\s])[.\s]*$")


def find_reports_to(doc: Document, sections: list[Section]) -> Fact[str] | None:
    """Whom the role reports to ("Deputy Organizing Director", "Executive Committee of the Board")."""
    for pattern in _REPORTS_RES:
        for match in doc.finditer(pattern):
            if _NOUN_BEFORE_RE.search(doc.text, max(0, match.start() - 20), match.start()):
                continue
            who_start = match.start("who")
            end = _WHO_END_RE.search(doc.text, who_start, doc.line_span(doc.line_of(who_start))[1])
            who_end = end.start() if end else match.end("who")
            who = doc.text[who_start:who_end].strip(" ,*_")
            if who and len(who.split()) <= 12:
                return doc.fact(who, *evidence(doc, match.start(), who_end))
    return None


def find_degree(doc: Document, front: FrontMatter) -> Fact[str] | None:
    """The degree the front matter states ("Bachelor's degree required", "No degree required")."""
    entry = front.get("degree")
    return doc.fact(" ".join(entry.value.split()), entry.value_start, entry.value_end) if entry else None


def find_labelled_facts(doc: Document, front: FrontMatter) -> list[LabelledFact]:
    """Front-matter entries no field holds, kept as labelled facts ("Reports To: Director")."""
    facts: list[LabelledFact] = []
    for entry in front.unknown:
        span = doc.span(entry.value_start, entry.value_end)
        facts.append(LabelledFact(label=entry.key, value=" ".join(entry.value.split()), text=span.text,
                                  start_line=span.start_line, end_line=span.end_line))
    return facts
