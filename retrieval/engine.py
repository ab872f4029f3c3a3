"""The engine: one object that owns the store and the index, and answers questions about postings.

Its API is async; parsing, indexing and scoring run in worker threads so an event loop never blocks.
A reload builds a new index beside the serving one and swaps it in atomically: queries in flight
finish on the old snapshot. Reloads and adds are serialized by a lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from knowledge.store import Store

from knowledge.models import Posting, SyncReport
from retrieval.models import Answer, JobFilters, JobsResult


class Engine:
    """Answers questions over the postings in a `Store`."""

    def __init__(self, store: Store, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.store = store
        self.today = today

    async def start(self) -> None:
        """Build the index from what the store holds (no re-parsing)."""
        raise NotImplementedError  # PLACEHOLDER: being written

    async def reload(self, directory: Path) -> SyncReport:
        """Sync `directory` into the store, rebuild the index and swap it in."""
        raise NotImplementedError  # PLACEHOLDER: being written

    async def add(self, name: str, data: bytes) -> SyncReport:
        """Add or replace one posting file (moderator upload)."""
        raise NotImplementedError  # PLACEHOLDER: being written

    async def remove(self, posting_id: str) -> bool:
        """Remove one posting; False if there was none with that id."""
        raise NotImplementedError  # PLACEHOLDER: being written

    async def ask(self, question: str) -> Answer:
        """Answer a free question with citations."""
        raise NotImplementedError  # PLACEHOLDER: being written

    async def jobs(self, filters: JobFilters) -> JobsResult:
        """The postings matching `filters`."""
        raise NotImplementedError  # PLACEHOLDER: being written

    def postings(self) -> list[Posting]:
        """The postings currently served (a snapshot)."""
        raise NotImplementedError  # PLACEHOLDER: being written

    def find_posting(self, name: str) -> Posting | None:
        """A posting by id, title or organization (case-insensitive), for `/job` and autocomplete."""
        raise NotImplementedError  # PLACEHOLDER: being written
