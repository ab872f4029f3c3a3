"""Shared fixtures: the pinned `today`, the bundled postings directory and the test data directory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import postgres_server

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this test session; skips the test when none can be."""
    try:
        server = postgres_server()
        url = server.__enter__()
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL server could be started ({exc}); see the README's 'PostgreSQL' section")
    try:
        yield url
    finally:
        server.__exit__(None, None, None)
