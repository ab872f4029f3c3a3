"""The engine: one object that owns the store and the index, and answers questions about postings.

Its API is async; parsing, indexing and scoring run in worker threads so an event loop never blocks
(questions in one dedicated worker, so a burst of them does not starve the loop of the GIL).
A reload builds a new index beside the serving one and swaps it in atomically (one assignment of an
immutable `Snapshot`): queries in flight finish on the snapshot they started with. Reloads, adds and
removals are serialized by a lock.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.models import Posting, SyncReport
from knowledge.parse import ParseLimits
from knowledge.store import Store
from retrieval.answer import answer_question
from retrieval.index import PassageIndex
from retrieval.jobs import filter_jobs
from retrieval.models import Answer, JobFilters, JobsResult
from retrieval.query import Catalog
from retrieval.tokenize import tokenize

__all__ = ["Engine", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The postings being served and their index; never mutated once built."""

    postings: tuple[Posting, ...] = ()
    index: PassageIndex = field(default_factory=lambda: PassageIndex.build([]))
    by_id: dict[str, Posting] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=lambda: Catalog([]))

    @classmethod
    def build(cls, postings: Sequence[Posting]) -> Snapshot:
        """Index `postings`. CPU-bound: run it in a worker thread."""
        ordered = tuple(postings)
        return cls(ordered, PassageIndex.build(ordered), {p.id: p for p in ordered}, Catalog(ordered))


class Engine:
    """Answers questions over the postings in a `Store`."""

    def __init__(self, store: Store, *, today: Callable[[], dt.date] = dt.date.today,
                 limits: ParseLimits | None = None) -> None:
        self.store = store
        self.today = today
        self.limits = limits
        self._snapshot = Snapshot()
        self._lock = asyncio.Lock()
        # One worker for questions: many CPU-bound threads would fight the event loop for the GIL, and
        # questions are short, so queueing them costs less than contending.
        self._questions = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="engine-ask")

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot queries starting now will use."""
        return self._snapshot

    async def start(self) -> None:
        """Build the index from what the store holds (no re-parsing)."""
        async with self._lock:
            await self._rebuild()

    async def reload(self, directory: Path) -> SyncReport:
        """Sync `directory` into the store, rebuild the index and swap it in."""
        async with self._lock:
            report = await self.store.sync_directory(directory, today=self.today(), limits=self.limits)
            if report.changed or not self._snapshot.postings:
                await self._rebuild()
            return report

    async def add(self, name: str, data: bytes) -> SyncReport:
        """Add or replace one posting file (moderator upload)."""
        async with self._lock:
            report = await self.store.add_file(name, data, today=self.today(), limits=self.limits)
            if report.changed:
                await self._rebuild()
            return report

    async def remove(self, posting_id: str) -> bool:
        """Remove one posting; False if there was none with that id."""
        async with self._lock:
            removed = await self.store.remove(posting_id)
            if removed:
                await self._rebuild()
            return removed

    async def ask(self, question: str) -> Answer:
        """Answer a free question with citations."""
        snap = self._snapshot
        work = functools.partial(answer_question, question, snap.postings, snap.index, self.today(),
                                 catalog=snap.catalog)
        return await asyncio.get_running_loop().run_in_executor(self._questions, work)

    async def jobs(self, filters: JobFilters) -> JobsResult:
        """The postings matching `filters`."""
        snap = self._snapshot
        work = functools.partial(filter_jobs, snap.postings, snap.index, filters, self.today())
        return await asyncio.get_running_loop().run_in_executor(self._questions, work)

    def postings(self) -> list[Posting]:
        """The postings currently served (a snapshot)."""
        return list(self._snapshot.postings)

    def find_posting(self, name: str) -> Posting | None:
        """A posting by id, title or organization (case-insensitive), for `/job` and autocomplete."""
        snap = self._snapshot
        text = " ".join(name.split()).lower() if isinstance(name, str) else ""
        if not text:
            return None
        if text in snap.by_id:
            return snap.by_id[text]
        for key in (_title, _organization, _label):
            exact = [p for p in snap.postings if key(p).lower() == text]
            if len(exact) == 1:
                return exact[0]
        found = self.search_postings(text, limit=2)
        return found[0] if len(found) == 1 else (found[0] if found and _strong(found[0], text) else None)

    def search_postings(self, text: str, limit: int = 25) -> list[Posting]:
        """Postings whose id, title or organization match `text` (autocomplete), best first."""
        snap = self._snapshot
        needle = " ".join(text.split()).lower() if isinstance(text, str) else ""
        if not needle:
            return list(snap.postings[:limit])
        words = set(tokenize(needle))
        scored: list[tuple[int, int, Posting]] = []
        for i, posting in enumerate(snap.postings):
            haystack = f"{posting.id} {_label(posting)}".lower()
            if needle in haystack:
                scored.append((0 if haystack.startswith(needle) or needle in _title(posting).lower()
                               else 1, i, posting))
            elif words and words <= set(tokenize(haystack)):
                scored.append((2, i, posting))
            elif words & set(tokenize(haystack)):
                scored.append((3 + len(words - set(tokenize(haystack))), i, posting))
        return [p for _, _, p in sorted(scored, key=lambda s: (s[0], s[1]))][:max(limit, 0)]

    async def _rebuild(self) -> None:
        postings = await self.store.postings()
        snapshot = await asyncio.to_thread(Snapshot.build, postings)
        self._snapshot = snapshot  # the swap: one assignment


def _title(posting: Posting) -> str:
    return posting.display_title


def _organization(posting: Posting) -> str:
    return posting.organization.value if posting.organization else ""


def _label(posting: Posting) -> str:
    """"Title — Organization", the text autocomplete shows."""
    org = _organization(posting)
    return f"{posting.display_title} — {org}" if org else posting.display_title


def _strong(posting: Posting, text: str) -> bool:
    return text in f"{posting.id} {_label(posting)}".lower()
