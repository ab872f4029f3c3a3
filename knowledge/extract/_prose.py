"""Shared text helpers for extractors: bullets, heading-like lines, blocks, sentences and sections.

Everything works on the text alone; `Section`s, when given, only replace the text-based guess of
which heading a line sits under.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Iterator

from knowledge.document import Document
from knowledge.models import Section
from knowledge.structure import PASTED_BULLETS

# One or more bullet markers: "- ", "• ", "1. ", "a) ", and doubled ones such as "- b. ".
BULLET = re.compile(rf"^[ \t]*(?:(?:[-*•·▪‣◦–—]|{PASTED_BULLETS}|\(?\d{{1,2}}[.)]|\(?[a-zA-Z][.)])[ \t]+)+")
_TERMINAL = re.compile(r"[.!?,;]\W*$")
# A line ending in one of these words is a wrapped sentence, not a heading.
_DANGLING = re.compile(r"\b(?:to|and|or|the|a|an|of|in|for|with|at|by|on|from|our|your)$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[”\"’)\]]*\s+(?=[“\"‘(\[]?[A-Z0-9]|<)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|No|Inc|Co|Ltd|vs|etc|approx|Ave|Blvd|Dept)\.)$")


def is_bullet(line: str) -> bool:
    return BULLET.match(line) is not None


@functools.lru_cache(maxsize=8192)
def is_heading_like(line: str) -> bool:
    """A short non-bullet line that reads as a heading: "Benefits:", "Required Qualifications"."""
    text = line.strip().strip("*#_ ").strip()
    if not text or is_bullet(line) or len(text) > 80:
        return False
    words = len(text.split())
    if ":" in text[:-1]:
        return False  # a "Label: value" line
    if text.endswith(":"):
        return words <= 10
    return words <= 6 and "," not in text and _TERMINAL.search(text) is None and not _DANGLING.search(text)


def bullet_offsets(doc: Document, line: int) -> tuple[int, int]:
    """Offsets of `line` without its bullet marker."""
    start, end = doc.line_span(line)
    match = BULLET.match(doc.lines[line - 1])
    return (start + match.end() if match else start), end


def blocks(doc: Document, start_line: int = 1, end_line: int | None = None) -> Iterator[tuple[int, int]]:
    """Line ranges of paragraphs and bullets: a wrapped line joins the one before it."""
    last = len(doc.lines) if end_line is None else end_line
    first: int | None = None
    for number in range(start_line, last + 1):
        line = doc.lines[number - 1]
        if not line.strip():
            if first is not None:
                yield first, number - 1
                first = None
            continue
        if first is not None and _starts_block(doc.lines[number - 2], line):
            yield first, number - 1
            first = None
        if first is None:
            first = number
    if first is not None:
        yield first, last


def _starts_block(previous: str, line: str) -> bool:
    if is_bullet(line) or is_heading_like(previous):
        return True
    ended = re.search(r"[.!?:]\W*$", previous.rstrip()) is not None
    if not ended and (line.lstrip()[:1].islower() or _DANGLING.search(previous.rstrip()[-8:])):
        return False  # a hard-wrapped sentence: "... send your resume to" / "Jane Doe at jobs@…"
    return ended or is_heading_like(line) or not line.lstrip()[:1].islower()


def sentences(doc: Document, start_line: int = 1, end_line: int | None = None) -> Iterator[tuple[int, int]]:
    """Character ranges of sentences (bullet markers left out), in text order."""
    for first, last in blocks(doc, start_line, end_line):
        begin = bullet_offsets(doc, first)[0]
        stop = doc.line_span(last)[1]
        yield from split_sentences(doc.text, begin, stop)


def split_sentences(text: str, begin: int, stop: int) -> Iterator[tuple[int, int]]:
    """Sentence ranges of text[begin:stop], not breaking after "U.S." and similar abbreviations."""
    start = begin
    for match in _SENTENCE_BREAK.finditer(text, begin, stop):
        if _ABBREVIATION.search(text, max(start, match.start() - 12), match.start()):
            continue
        yield start, match.start()
        start = match.end()
    if start < stop:
        yield start, stop


def sentence_around(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end] (the match itself when it crosses sentences)."""
    line = doc.line_of(start)
    for first, last in blocks(doc, max(1, line - 30), min(len(doc.lines), line + 30)):
        if first <= line <= last:
            ranges = _block_sentences(doc, first, last)
            k = bisect.bisect_right(ranges, (start, sys.maxsize)) - 1
            if k >= 0 and ranges[k][0] <= start and end <= ranges[k][1]:
                return ranges[k]
    return start, end


@functools.lru_cache(maxsize=4)
def _block_sentences(doc: Document, first: int, last: int) -> list[tuple[int, int]]:
    # Split once per block: a one-line posting asked about thousands of matches was quadratic.
    return list(sentences(doc, first, last))


def evidence(doc: Document, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """The sentence around a match when it is short enough to quote, else the match."""
    s_start, s_end = sentence_around(doc, start, end)
    return (s_start, s_end) if s_end - s_start <= limit else (start, end)


def heading_for(doc: Document, sections: list[Section], line: int) -> str:
    """The heading a line sits under: from `sections` when given, else the nearest heading-like line above."""
    if sections:
        for section in sections:
            if section.start_line <= line <= section.end_line:
                return section.heading
        return ""
    for number in range(line - 1, 0, -1):
        if is_heading_like(doc.lines[number - 1]):
            return doc.lines[number - 1].strip()
    return ""


def headings_for(doc: Document, sections: list[Section], line: int) -> list[str]:
    """Headings a line sits under, nearest first: a heading-like line above it, then its section's heading.

    Without `sections` only the text-based guess is used.
    """
    section = next((s for s in sections if s.start_line <= line <= s.end_line), None)
    floor = section.start_line if section else 1
    headings = next(([doc.lines[n - 1].strip()] for n in range(line - 1, floor - 1, -1)
                     if is_heading_like(doc.lines[n - 1])), [])
    if section is not None and section.heading not in headings:
        headings.append(section.heading)
    return headings


def section_bodies(doc: Document, sections: list[Section], heading: re.Pattern[str]) -> list[tuple[int, int]]:
    """Body line ranges (heading line excluded) of sections whose heading matches `heading`.

    Uses `sections` when one of them matches; otherwise finds heading-like lines in the text and
    takes the lines up to the next heading, or up to the end of the bullet list that follows.
    """
    found = [(s.start_line + 1, s.end_line) for s in sections if heading.search(s.heading)]
    if found:
        return [(a, b) for a, b in found if a <= b]
    bodies: list[tuple[int, int]] = []
    for number, line in enumerate(doc.lines, start=1):
        if is_heading_like(line) and heading.search(line):
            end = _body_end(doc, number)
            if end > number:
                bodies.append((number + 1, end))
    return bodies


def _body_end(doc: Document, heading_line: int) -> int:
    seen_bullet = False
    end = heading_line
    for number in range(heading_line + 1, len(doc.lines) + 1):
        line = doc.lines[number - 1]
        if not line.strip():
            continue
        wrapped = number > 1 and not _starts_block(doc.lines[number - 2], line)  # a bullet's wrapped rest
        if (is_heading_like(line) and not wrapped) or (seen_bullet and not is_bullet(line) and not wrapped):
            break
        seen_bullet = seen_bullet or is_bullet(line)
        end = number
    return end


def evidence_past(doc: Document, start: int, end: int, body_start: int) -> tuple[int, int]:
    """`evidence`, except that a match before `body_start` (in front matter, whose lines are keys and
    values, not sentences) is quoted with its own line."""
    if start < body_start:
        line = doc.line_of(start)
        return doc.line_start(line), max(end, doc.line_span(line)[1])
    return evidence(doc, start, end)
