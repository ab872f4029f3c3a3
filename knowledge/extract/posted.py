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
    r"\b(?:(?:date\s+)?posted|published|listed|(?:posting|publication)\s+date)(?:\s+on)?\s*[:\-–—]?\s*$",
    re.IGNORECASE)
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
    return None
