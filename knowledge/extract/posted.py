"""When the posting was published: front matter (date, created_at, posted, sort_date), else "Posted on …".

Only a date with its year counts: the posting's own date is what a deadline written without a year is
anchored to, so it must not itself be a guess.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.document import Document
from knowledge.extract.dates import dates_between
from knowledge.frontmatter import FrontMatter
from knowledge.models import Fact

_POSTED_CUE = re.compile(
    r"\b(?:(?:date\s+)?posted|published|listed|(?:posting|publication)\s+date)(?:\s+on)?\s*[:\-–—]?\s*$"
    r"|^[ \t>]*(?:sent|date)[ \t]*:[ \t]*$",  # an email's header: "Sent: Thursday, May 2, 2024 8:15 AM"
    re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"[ \t]*[^\n]{1,60}?[ \t]+[·—–|-][ \t]+$")
"""A chat message's or channel's header before its date ("#opportunities · Monday, March 4th, 2024")."""
_HEADER_CHARS = 100
_CUE_WINDOW = 40
_HEAD_CHARS = 20_000
"""A "Posted on" date is looked for near the top of the body, where boards print it; this bounds the scan."""


def find_posted_date(doc: Document, front: FrontMatter, today: dt.date) -> Fact[dt.date] | None:
    """The posting's publication date with its evidence, or None when it states none with a year."""
    for entry in front.all("posted"):
        for mention in dates_between(doc, entry.value_start, entry.value_end, today):
            if not mention.inferred_year:
                return doc.fact(mention.date, mention.start, mention.end)
    head_end = min(len(doc.text), front.body_start + _HEAD_CHARS)
    for mention in dates_between(doc, front.body_start, head_end, today):
        before = doc.text[max(0, mention.start - _CUE_WINDOW):mention.start]
        if not mention.inferred_year and (cue := _POSTED_CUE.search(before)):
            return doc.fact(mention.date, mention.start - len(before) + cue.start(), mention.end)
    return _message_date(doc, front.body_start, today)


def _message_date(doc: Document, begin: int, today: dt.date) -> Fact[dt.date] | None:
    """The date heading a pasted chat message, on the post's first line after its channel or author."""
    first = doc.line_of(begin)
    while first <= len(doc.lines) and not doc.lines[first - 1].strip():
        first += 1
    if first > len(doc.lines) or len(doc.lines[first - 1]) > _HEADER_CHARS:
        return None
    start, end = doc.line_span(first)
    for mention in dates_between(doc, start, end, today):
        if not mention.inferred_year and _HEADER_LINE.fullmatch(doc.text, start, mention.start):
            return doc.fact(mention.date, start, mention.end)
    return None
