"""A catalog of the bundled postings and the postings written for the tests, parsed once per session."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from knowledge.parse import parse_posting
from retrieval.understand import Catalog
from retrieval.understand.text import Context

TODAY = dt.date(2026, 11, 23)
_TESTS = Path(__file__).resolve().parent
_DIRS = (_TESTS.parent / "knowledge" / "postings", _TESTS / "data" / "postings")


@functools.cache
def catalog() -> Catalog:
    """The catalog of every bundled and test posting."""
    paths = sorted(p for d in _DIRS for p in d.iterdir() if p.is_file())
    return Catalog([parse_posting(p.name, p.read_bytes(), today=TODAY) for p in paths])


def context(question: str) -> Context:
    """The context a recogniser reads for `question`."""
    return Context.of(question, catalog(), TODAY)
