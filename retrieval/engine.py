"""The engine: one object that owns the store and the index, and answers questions about postings.

Its API is async; parsing, indexing and scoring run in worker threads so an event loop never blocks
(questions in one dedicated worker, so a burst of them does not starve the loop of the GIL).
A reload builds a new index beside the serving one and swaps it in atomically (one assignment of an
immutable `Snapshot`): queries in flight finish on the snapshot they started with. Reloads, adds and
removals are serialized by a lock. A new snapshot re-reads only the postings the store changed and
reuses the analysis of the others, so one upload costs time in its own size (docs/performance.md).
Each rebuild saves its analysis in the store, and a start restores it when it matches what is stored
(`retrieval.saved`), so a restart does not re-tokenize every passage.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import functools
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.models import Posting, SyncReport
from knowledge.parse import ParseLimits
from knowledge.store import Store
from retrieval import saved
from retrieval.answer import STATING, answer_question
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter, filter_jobs
from retrieval.models import Answer, JobsResult
from retrieval.request import Filters, Request
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import Catalog

__all__ = ["Engine", "Snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The postings being served and their index; never mutated once built."""

    postings: tuple[Posting, ...] = ()
    index: PassageIndex = field(default_factory=lambda: PassageIndex.build([]))
    by_id: dict[str, Posting] = field(default_factory=dict)
    catalog: Catalog = field(default_factory=lambda: Catalog([]))
    revisions: dict[str, str] = field(default_factory=dict)
    """The store's revision token of each posting, as restored (see `Store.revisions`)."""
    names: _NameTable = field(default_factory=lambda: _NameTable(()))
    prefilter: Prefilter = field(default_factory=lambda: Prefilter(()))

    @classmethod
    def build(cls, postings: Sequence[Posting], previous: Snapshot | None = None,
              revisions: dict[str, str] | None = None) -> Snapshot:
        """Index `postings`, reusing the analysis of those also in `previous`. CPU-bound: run it in a
        worker thread."""
        ordered = tuple(postings)
        index = PassageIndex.build(ordered, previous.index if previous is not None else None)
        catalog = Catalog(ordered, previous.catalog if previous is not None else None)
        return cls._of(ordered, index, catalog, revisions or {}, previous)

    @classmethod
    def restore(cls, postings: Sequence[Posting], revisions: dict[str, str], data: bytes) -> Snapshot | None:
        """The snapshot `build` would return for `postings` (ordered by id), from a `saved.dump` of its
        analysis; None if `data` is not one. CPU-bound: run it in a worker thread."""
        ordered = tuple(postings)
        loaded = saved.load(data, ordered)
        return cls._of(ordered, *loaded, revisions) if loaded is not None else None

    @classmethod
    def _of(cls, ordered: tuple[Posting, ...], index: PassageIndex, catalog: Catalog,
            revisions: dict[str, str], previous: Snapshot | None = None) -> Snapshot:
        names = _NameTable(ordered, previous.names if previous is not None else None)
        return cls(ordered, index, catalog.by_id, catalog, dict(revisions), names,
                   Prefilter(ordered, STATING))

    def updated(self, fresh: Sequence[Posting], revisions: dict[str, str]) -> Snapshot:
        """A snapshot of the postings of `revisions`: this one's where unchanged, `fresh` otherwise."""
        kept = [p for p in self.postings if p.id in revisions and self.revisions.get(p.id) == revisions[p.id]]
        merged = sorted([*kept, *fresh], key=lambda p: p.id)
        return Snapshot.build(merged, self, revisions)


class _NameTable:
    """Lower-cased ids, titles, organizations and labels of some postings, for lookups off the index."""

    def __init__(self, postings: Sequence[Posting], previous: _NameTable | None = None) -> None:
        """`previous`: a table whose postings (the very same objects) need not be analysed again."""
        self.by_key: tuple[dict[str, list[Posting]], ...] = ({}, {}, {})
        self.haystacks: list[tuple[str, str, frozenset[str]]] = []
        self._known: dict[int, tuple[Posting, tuple[str, ...], tuple[str, str, frozenset[str]]]] = {}
        old = previous._known if previous is not None else {}
        for posting in postings:
            known = old.get(id(posting))
            if known is None or known[0] is not posting:
                keys = tuple(key(posting).lower() for key in (_title, _organization, _label))
                haystack = f"{posting.id} {_label(posting)}".lower()
                known = (posting, keys, (haystack, _title(posting).lower(), frozenset(tokenize(haystack))))
            self._known[id(posting)] = known
            for table, key in zip(self.by_key, known[1], strict=True):
                table.setdefault(key, []).append(posting)
            self.haystacks.append(known[2])


class Engine:
    """Answers questions over the postings in a `Store`."""

    def __init__(self, store: Store, *, today: Callable[[], dt.date] = dt.date.today,
                 limits: ParseLimits | None = None) -> None:
        # A thread running Python code hands the GIL over every switch interval (5 ms by default): with
        # the question and reload threads both busy, the loop could wait several intervals for it.
        sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
        self.store = store
        self.today = today
        self.limits = limits
        self._snapshot = Snapshot()
        self._started = False
        self._lock = asyncio.Lock()
        # One worker for questions: many CPU-bound threads would fight the event loop for the GIL, and
        # questions are short, so queueing them costs less than contending.
        self._questions = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="engine-ask")

    @property
    def snapshot(self) -> Snapshot:
        """The snapshot queries starting now will use."""
        return self._snapshot

    async def start(self) -> None:
        """Serve what the store holds (no re-parsing; the saved analysis restored when it matches).
        Does nothing once the engine serves the store's postings."""
        async with self._lock:
            if self._started:
                return
            with _paused_gc():
                await self._rebuild()

    async def reload(self, directory: Path) -> SyncReport:
        """Sync `directory` into the store, rebuild the index and swap it in."""
        async with self._lock:
            with _paused_gc():
                report = await self.store.sync_directory(directory, today=self.today(), limits=self.limits)
                if report.changed or not self._snapshot.postings:
                    await self._rebuild()
                return report

    async def add(self, name: str, data: bytes) -> SyncReport:
        """Add or replace one posting file (moderator upload)."""
        async with self._lock:
            with _paused_gc():
                report = await self.store.add_file(name, data, today=self.today(), limits=self.limits)
                if report.changed:
                    await self._rebuild()
                return report

    async def remove(self, posting_id: str) -> bool:
        """Remove one posting; False if there was none with that id."""
        async with self._lock:
            with _paused_gc():
                removed = await self.store.remove(posting_id)
                if removed:
                    await self._rebuild()
                return removed

    async def ask(self, question: str, *, previous: Request | None = None) -> Answer:
        """Answer a free question with citations; `previous` is the request it follows up, if any."""
        # No local holds the snapshot: if a reload retires it meanwhile, the question's thread (not
        # the loop) drops the last reference and frees it.
        return await asyncio.get_running_loop().run_in_executor(
            self._questions, functools.partial(_ask, self._snapshot, question, self.today(), previous))

    async def jobs(self, filters: Filters) -> JobsResult:
        """The postings matching `filters`."""
        return await asyncio.get_running_loop().run_in_executor(
            self._questions, functools.partial(_jobs, self._snapshot, filters, self.today()))

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
        for table in snap.names.by_key:
            exact = table.get(text, [])
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
        for i, (posting, (haystack, title, tokens)) in enumerate(zip(snap.postings, snap.names.haystacks,
                                                                          strict=True)):
            if needle in haystack:
                scored.append((0 if haystack.startswith(needle) or needle in title else 1, i, posting))
            elif words and words <= tokens:
                scored.append((2, i, posting))
            elif words & tokens:
                scored.append((3 + len(words - tokens), i, posting))
        return [p for _, _, p in sorted(scored, key=lambda s: (s[0], s[1]))][:max(limit, 0)]

    async def _rebuild(self) -> None:
        """Swap in a snapshot of what the store holds, restoring and analysing only what changed.

        With nothing to reuse (at start-up), the analysis saved by the last rebuild is restored if it
        describes exactly the stored postings; a snapshot analysed here is saved for the next start.
        """
        old = self._snapshot
        revisions = await self.store.revisions()
        changed = [pid for pid, revision in revisions.items() if old.revisions.get(pid) != revision]
        fresh = await self.store.postings(changed) if changed else []
        key = await asyncio.to_thread(saved.analysis_key, revisions)  # hashes every revision
        data = await self.store.saved_analysis(key) if not old.postings and fresh else None
        snapshot = await asyncio.to_thread(Snapshot.restore, fresh, revisions, data) if data else None
        restored = snapshot is not None
        if snapshot is None:
            snapshot = await asyncio.to_thread(old.updated, fresh, revisions)
        self._snapshot = snapshot  # the swap: one assignment
        self._started = True
        # Freeing a snapshot's millions of objects takes tens of milliseconds: not on the loop.
        retired = [old]
        del old
        await asyncio.to_thread(retired.clear)
        if not restored:
            await self.store.save_analysis(key, await asyncio.to_thread(saved.dump, snapshot.index,
                                                                         snapshot.catalog))


def _ask(snap: Snapshot, question: str, today: dt.date, previous: Request | None = None) -> Answer:
    return answer_question(question, snap.postings, snap.index, today, catalog=snap.catalog,
                           prefilter=snap.prefilter, previous=previous)


def _jobs(snap: Snapshot, filters: Filters, today: dt.date) -> JobsResult:
    return filter_jobs(snap.postings, snap.index, filters, today)


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a snapshot is built, then the survivors are frozen.

    A full collection walks every tracked object while holding the GIL: with a large snapshot alive,
    that stalled the event loop for ~100 ms. What a reload allocates mostly lives as long as its
    snapshot, so nothing is lost by pausing; `gc.freeze` then moves the survivors out of later
    collections (objects freed by reference counting are still freed; a reference cycle created
    during the pause would stay, and the engine builds none).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        gc.freeze()


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
