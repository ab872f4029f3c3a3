"""Postings with terms, schedules, other currencies and front-matter values of the body fields.

tests/data/body/expected.json holds {file: {field: E}} in the expectation language of test_corpus.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from evidence import evidence_problems
from test_corpus import mismatch

from knowledge.models import Posting
from knowledge.parse import parse_posting

FIXTURES = Path(__file__).resolve().parent / "data" / "body"
EXPECTED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 23)
CASES = [(name, field) for name, fields in EXPECTED.items() for field in fields]


@functools.cache
def parsed(name: str) -> Posting:
    return parse_posting(name, (FIXTURES / name).read_bytes(), today=TODAY)


@pytest.mark.parametrize(("name", "field"), CASES, ids=[f"{n}::{f}" for n, f in CASES])
def test_field_matches_expectation(name: str, field: str) -> None:
    """Should read each listed body field of each fixture as a careful reader would."""
    summary = parsed(name).summary(TODAY)
    expected = EXPECTED[name][field]
    if field == "places":  # a list of records, in order
        assert summary[field] == expected
        return
    reason = mismatch(expected, summary[field])
    assert reason is None, f"{name} {field}: {reason}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_is_exact_text(name: str) -> None:
    """Should cite exact text at its lines for every field, front-matter values included."""
    assert evidence_problems(parsed(name)) == []


def test_every_fixture_has_expectations() -> None:
    """Should list an expected record for every fixture file."""
    assert sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".json") == sorted(EXPECTED)


def test_same_file_same_record_whatever_day_it_was_added() -> None:
    """Should take a yearless deadline's year from the posting's own date, not the day it was read."""
    data = (FIXTURES / "toml-weekend-canvasser.md").read_bytes()
    later = parse_posting("toml-weekend-canvasser.md", data, today=dt.date(2030, 6, 1))
    assert later.deadline is not None and parsed("toml-weekend-canvasser.md").deadline is not None
    assert later.deadline.date == parsed("toml-weekend-canvasser.md").deadline.date == dt.date(2023, 3, 3)
