"""Shared fixtures: the pinned `today`, the bundled postings directory and the test data directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture
def today() -> dt.date:
    """The date every test treats as today (deadlines, inferred years, open/closed)."""
    return dt.date(2026, 11, 23)


@pytest.fixture
def bundled_dir() -> Path:
    """The postings shipped with the package."""
    return TESTS_DIR.parent / "knowledge" / "postings"


@pytest.fixture
def data_dir() -> Path:
    """tests/data: the varied postings written for the tests and their expectations."""
    return TESTS_DIR / "data"
