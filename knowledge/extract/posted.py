"""When the posting was published: front matter (date, created_at, posted, sort_date), else "Posted on …".

Only a date with its year counts: the posting's own date is what a deadline written without a year is
anchored to, so it must not itself be a guess.
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.document import Document
from knowledge.extract.dates import find_dates
from knowledge.frontmatter import FrontMatter
from knowledge.models import Fact

_POSTED_CUE = re.compile(
    r"\b(?:(?:date\s+)?posted|published|listed|(?:posting|publication)\s+date)(?:\s+on)?\s*[:\-–—]?\s*$",
    re.IGNORECASE)
_CUE_WINDOW = 40


def find_posted_date(doc: Document, front: FrontMatter, today: dt.date) -> Fact[dt.date] | None:
    """The posting's publication date with its evidence, or None when it states none with a year."""
    for entry in front.all("posted"):
        line = doc.line_of(entry.start)
        for mention in find_dates(doc, today, line, doc.line_of(max(entry.start, entry.end - 1))):
            if not mention.inferred_year and entry.value_start <= mention.start < entry.value_end:
                return doc.fact(mention.date, mention.start, mention.end)
    first_body_line = front.end_line + 1 if front.entries else 1
    if first_body_line > len(doc.lines):
        return None
    for mention in find_dates(doc, today, first_body_line):
        before = doc.text[max(0, mention.start - _CUE_WINDOW):mention.start]
        if not mention.inferred_year and (cue := _POSTED_CUE.search(before)):
            return doc.fact(mention.date, mention.start - len(before) + cue.start(), mention.end)
    return None
