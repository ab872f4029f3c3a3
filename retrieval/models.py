"""What the engine returns: answers with citations, and filtered job lists."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from knowledge.models import Posting
from retrieval.request import Request


class Citation(BaseModel):
    """A quoted snippet of a posting backing (part of) an answer."""

    posting_id: str
    source: str
    title: str
    organization: str | None
    section: str
    start_line: int
    end_line: int
    snippet: str


class Row(BaseModel):
    """One posting's asked fields in a comparison: its name and field label -> value."""

    posting_id: str
    name: str
    cells: dict[str, str]


class Answer(BaseModel):
    """A short reply (one to three sentences) and the citations that back it."""

    question: str
    answer: str
    citations: list[Citation] = []
    kind: str = "free"
    """What was asked: pay, deadline, remote, apply, requirements, benefits, employment, reports_to,
    list, free, or none (nothing in the postings answers it)."""
    found: bool = True
    rows: list[Row] = []
    """For a comparison: the asked fields of each posting, side by side."""
    request: Request | None = None
    """The request answered, kept by a face so a follow-up question can refer back to it."""


class JobMatch(BaseModel):
    """A posting that passed the filters, with the reasons it matched."""

    posting: Posting
    reasons: list[str] = []


class JobsResult(BaseModel):
    """Matching postings, and those a pay filter left out because they state no pay."""

    matches: list[JobMatch] = []
    left_out_no_pay: list[str] = []
    """Titles of postings left out of a min-salary filter because they state no pay figure."""
    left_out_no_mode: list[str] = []
    """Titles of postings left out of an on-site filter because they do not say whether they are remote."""
    closed_left_out: int = 0
    """How many closed postings pass the filters but were left out (closed ones were not asked for)."""
    today: dt.date

    def closed_hint(self, option: str) -> str | None:
        """"3 closed postings match; add --include-closed" when closed ones were left out, else None;
        `option` is how the face showing it asks for them."""
        count = self.closed_left_out
        if not count:
            return None
        return (f"{count} closed posting{'s match' if count != 1 else ' matches'}; add {option} to list "
                f"{'them' if count != 1 else 'it'}.")
