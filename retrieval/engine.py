"""The engine: one object that owns the store and the index, and answers questions about postings.

Its API is async; parsing, indexing and scoring run in worker threads so an event loop never blocks
(questions in one dedicated worker, so a burst of them does not starve the loop of the GIL).
A reload builds a new index beside the serving one and swaps it in atomically (one assignment of an
immutable `Snapshot`): queries in flight finish on the snapshot they started with. Reloads, adds and
removals are serialized by a lock. A new snapshot re-reads only the postings the store changed and
reuses the analysis of the others, so one upload costs time in its own size (docs/performance.md).
Each rebuild saves its analysis in the store, and a start restores it when it matches what is stored
(`retrieval.saved`), so a restart does not re-tokenize every passage.

One snapshot holds every collection (the shared postings and each server's uploads) and one index over
all their passages. A server's questions run on a `View` of it: the shared postings plus the server's
own, scored by the one index restricted to their passages (exact BM25 with the whole index's
statistics; no index per server). Views are built on a server's first question and kept.
`follow` serves what other processes change in the store.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.errors import OpenRolesError
from knowledge.models import Posting, SyncReport
from knowledge.parse import ParseLimits
from knowledge.store import (
    SHARED,
    Analyses,
    OnProgress,
    PostingKey,
    Store,
    SyncProgress,
    SyncStage,
    guild_collection,
)
from retrieval import saved
from retrieval.analysis import Analysis, Known, analyse, facts_of
from retrieval.answer import RANKING, STATING, answer_question
from retrieval.index import PassageIndex
from retrieval.jobs import PostingFacts, Prefilter, filter_jobs
from retrieval.models import Answer, JobsResult
from retrieval.request import Filters, Request
from retrieval.retire import dismantle
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import Catalog

__all__ = ["Engine", "Snapshot", "View", "scope_of"]

log = logging.getLogger(__name__)

FOLLOW_INTERVAL = 0.5
"""Seconds between two checks for changes made by another process (`Engine.follow`)."""


def scope_of(guild_id: int | None) -> str:
    """The collection whose scope a server (or, for None, a DM or the CLI) sees beside the shared one."""
    return SHARED if guild_id is None else guild_collection(guild_id)


_PREBUILT_VIEWS = 8
"""At most this many changed servers' views are built by a rebuild (more: by their next questions)."""
MAX_VIEWS = 2048
"""Views of server collections a snapshot keeps built (the least recently used are dropped)."""


@dataclass(frozen=True)
class View:
    """What one scope sees: the shared postings and (in a server) that server's own, which replace the
    shared ones with the same id. Ids are unique within a view; its index is a view of the snapshot's."""

    postings: tuple[Posting, ...]
    index: PassageIndex
    catalog: Catalog
    names: _NameTable
    prefilter: Prefilter
    own: tuple[Posting, ...] = ()
    """The postings of the scope's own collection (none for the shared scope)."""


@dataclass(frozen=True)
class Snapshot:
    """The postings of every collection being served and their one index; never mutated once built
    (but for its cache of views)."""

    postings: tuple[Posting, ...] = ()
    """Every collection's postings, ordered by collection then id."""
    collections: tuple[str, ...] = ()
    """The collection of each of `postings`."""
    index: PassageIndex = field(default_factory=lambda: PassageIndex.build([]))
    catalog: Catalog = field(default_factory=lambda: Catalog([]))
    revisions: dict[PostingKey, str] = field(default_factory=dict)
    """The store's revision token of each posting, as restored (see `Store.revisions`)."""
    names: _NameTable = field(default_factory=lambda: _NameTable(()))
    facts: tuple[PostingFacts, ...] = ()
    """The `posting_facts` of each of `postings` (with `STATING` and `RANKING`), from which views build
    prefilters."""
    shared: View | None = None
    """The view of the shared collection alone (None for an empty snapshot)."""
    positions: dict[str, list[int]] = field(default_factory=dict)
    """Collection -> positions of its postings in `postings`."""
    _views: OrderedDict[str, View] = field(default_factory=OrderedDict)
    _views_lock: threading.Lock = field(default_factory=threading.Lock)
    _inherited: dict[str, View] = field(default_factory=dict)
    """The previous snapshot's views (without their index): one whose postings are unchanged is reused,
    so a change in one server does not make every other server's next question rebuild its view."""

    @classmethod
    def build(cls, postings: Sequence[Posting], previous: Snapshot | None = None,
              revisions: dict[PostingKey, str] | None = None, *,
              collections: Sequence[str] | None = None, known: Known | None = None) -> Snapshot:
        """Index `postings` (ordered by collection then id; `collections` gives each one's, all shared
        by default), reusing the analysis of those also in `previous`, and the analyses `known` holds
        (worked out where the postings were parsed). CPU-bound: run it in a worker thread."""
        ordered = tuple(postings)
        known = known or {}
        index = PassageIndex.build(ordered, previous.index if previous is not None else None,
                                   known={key: a.terms for key, a in known.items()})
        catalog = Catalog(ordered, previous.catalog if previous is not None else None,
                          known={key: a.words for key, a in known.items()})
        facts = _facts(ordered, previous, known)
        return cls._of(ordered, collections, index, catalog, facts, revisions or {}, previous)

    @classmethod
    def restore(cls, postings: Sequence[Posting], revisions: dict[PostingKey, str], data: bytes, *,
                collections: Sequence[str] | None = None) -> Snapshot | None:
        """The snapshot `build` would return for `postings`, from a `saved.dump` of its analysis; None if
        `data` is not one. CPU-bound: run it in a worker thread."""
        ordered = tuple(postings)
        loaded = saved.load(data, ordered)
        return cls._of(ordered, collections, *loaded, revisions) if loaded is not None else None

    @classmethod
    def _of(cls, ordered: tuple[Posting, ...], collections: Sequence[str] | None, index: PassageIndex,
            catalog: Catalog, facts: tuple[PostingFacts, ...], revisions: dict[PostingKey, str],
            previous: Snapshot | None = None) -> Snapshot:
        names = _NameTable(ordered, previous.names if previous is not None else None)
        owners = tuple(collections) if collections is not None else (SHARED,) * len(ordered)
        positions: dict[str, list[int]] = {}
        for i, collection in enumerate(owners):
            positions.setdefault(collection, []).append(i)
        inherited: dict[str, View] = {}
        if previous is not None:
            with previous._views_lock:
                inherited = {**previous._inherited, **previous._views}
            inherited = {c: dataclasses.replace(v, index=_EMPTY_INDEX) for c, v in
                         list(inherited.items())[-MAX_VIEWS:]}  # not the old index: it would stay in memory
        snapshot = cls(ordered, owners, index, catalog, dict(revisions), names, facts, positions=positions,
                       _inherited=inherited)
        shared = positions.get(SHARED, [])
        if len(shared) == len(ordered):  # one collection: the view is the whole snapshot
            view = View(ordered, index, catalog, names, Prefilter(ordered, STATING, RANKING, facts=facts))
        else:
            view = snapshot._view(shared, [])
        object.__setattr__(snapshot, "shared", view)
        return snapshot

    @property
    def by_id(self) -> dict[str, Posting]:
        """The shared scope's postings by id."""
        return self.view().catalog.by_id

    def view(self, collection: str = SHARED) -> View:
        """What questions in `collection`'s scope see: the shared postings plus its own."""
        own = self.positions.get(collection, []) if collection != SHARED else []
        if not own:
            return self.shared if self.shared is not None else _empty_view()
        with self._views_lock:
            view = self._views.get(collection)
            if view is not None:
                self._views.move_to_end(collection)
                return view
        own_ids = {self.postings[i].id for i in own}
        kept = [i for i in self.positions.get(SHARED, []) if self.postings[i].id not in own_ids]
        view = self._reused(collection, kept, own) or self._view(kept, own)
        with self._views_lock:
            self._views[collection] = view
            while len(self._views) > MAX_VIEWS:
                self._views.popitem(last=False)
        return view

    def warm(self, stop: threading.Event | None = None) -> int:
        """Make the views the previous snapshot had made, most recently used first, so that those servers'
        next questions find them made; stops early once `stop` is set. Returns how many it made.
        CPU-bound, and meant for a background thread: it hands the GIL over between views."""
        made = 0
        for collection in reversed(list(self._inherited)):
            if stop is not None and stop.is_set():
                break
            with self._views_lock:
                done = collection in self._views
            if not done and self.positions.get(collection):
                self.view(collection)
                made += 1
                time.sleep(0)  # a question waiting for the GIL goes first
        return made

    def _reused(self, collection: str, shared: list[int], own: list[int]) -> View | None:
        """The previous snapshot's view of `collection` on this index, if its postings are the same."""
        old = self._inherited.get(collection)
        if old is None or len(old.postings) != len(shared) + len(own):
            return None
        by_id = sorted([*shared, *own], key=lambda i: self.postings[i].id)
        if any(self.postings[i] is not p for i, p in zip(by_id, old.postings, strict=True)):
            return None
        return dataclasses.replace(old, index=self.index.within(sorted(by_id)))

    def _view(self, shared: list[int], own: list[int]) -> View:
        """A view of the postings at `shared` and `own` positions (analysis reused, not redone)."""
        by_id = sorted([*shared, *own], key=lambda i: self.postings[i].id)
        chosen = tuple(self.postings[i] for i in by_id)
        catalog = self.catalog.within(by_id, self.shared.catalog if self.shared is not None else None)
        return View(chosen, self.index.within(sorted(by_id)), catalog, _NameTable(chosen, self.names),
                    Prefilter(chosen, STATING, RANKING, facts=[self.facts[i] for i in by_id]),
                    tuple(self.postings[i] for i in own))

    def ask(self, question: str, today: dt.date, scope: str = SHARED,
            previous: Request | None = None) -> Answer:
        """Answer `question` from the postings of `scope` (a collection and the shared one), following up
        `previous` if given. CPU-bound."""
        view = self.view(scope)
        return answer_question(question, view.postings, view.index, today, catalog=view.catalog,
                               prefilter=view.prefilter, previous=previous)

    def jobs(self, filters: Filters, today: dt.date, scope: str = SHARED) -> JobsResult:
        """The postings of `scope` matching `filters`. CPU-bound."""
        view = self.view(scope)
        return filter_jobs(view.postings, view.index, filters, today)

    def updated(self, fresh: Sequence[tuple[str, Posting]], revisions: dict[PostingKey, str],
                analysed: Mapping[PostingKey, tuple[str, object]] | None = None) -> Snapshot:
        """A snapshot of the postings of `revisions`: this one's where unchanged, `fresh` otherwise, using
        the analyses of `analysed` ((revision, analysis) by key) made of the very revision read."""
        kept = [(c, p) for c, p in zip(self.collections, self.postings, strict=True)
                if (c, p.id) in revisions and self.revisions.get((c, p.id)) == revisions[(c, p.id)]]
        merged = sorted([*kept, *fresh], key=lambda entry: (entry[0], entry[1].id))
        return Snapshot.build([p for _, p in merged], self, revisions, collections=[c for c, _ in merged],
                              known=_known(fresh, revisions, analysed or {}))


def _facts(postings: tuple[Posting, ...], previous: Snapshot | None,
           known: Known) -> tuple[PostingFacts, ...]:
    """Each posting's `posting_facts`: those of `previous`'s postings (the very same objects) and of the
    `known` analyses reused."""
    old = ({id(p): (p, f) for p, f in zip(previous.postings, previous.facts, strict=True)}
           if previous is not None else {})
    found = []
    for posting in postings:
        kept = old.get(id(posting))
        if kept is not None and kept[0] is posting:
            found.append(kept[1])
        elif (analysis := known.get(id(posting))) is not None:
            found.append(analysis.facts)
        else:
            found.append(facts_of(posting))
    return tuple(found)


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
        self._seen_version: int | None = None
        self._warming = threading.Event()
        """Set to stop the background thread making the current snapshot's views (`Snapshot.warm`)."""

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
            self._seen_version = await self.store.data_version()
            with _paused_gc():
                await self._rebuild()

    async def reload(self, directory: Path, *, on_progress: OnProgress | None = None,
                     serve: bool = True) -> SyncReport:
        """Sync `directory` into the shared collection, rebuild the index and swap it in.

        `on_progress` hears how far the sync is (see `Store.sync_directory`), then of the analysis.
        `serve=False` is for a command that only syncs: when the sync parsed every stored posting, the
        analysis the next start restores is saved from what the parsing workers worked out (packed),
        and no index is built (this engine goes on serving what it served before).
        """
        async with self._lock:
            with _paused_gc():
                # The parsing workers analyse what they parse for the index (on every CPU).
                analyses = Analyses(analyse if serve else saved.analyse_packed)
                report = await self.store.sync_directory(directory, today=self.today(), limits=self.limits,
                                                         on_progress=on_progress, analyses=analyses)
                if report.changed or not self._snapshot.postings:
                    if on_progress is not None:
                        changed = len(report.added) + len(report.updated)
                        on_progress(SyncProgress(SyncStage.ANALYSING, 0, changed))
                    if serve:
                        await self._rebuild(analyses.found)
                    elif not await self._save_analyses(analyses.found):  # some postings were not parsed
                        await self._rebuild(await asyncio.to_thread(_unpacked, analyses.found))
                return report

    async def _save_analyses(self, analysed: Mapping[PostingKey, tuple[str, object]]) -> bool:
        """Save, for the next start, the analysis of the stored postings put together from `analysed`
        (as `_rebuild` takes it), without building their snapshot; False (nothing saved) unless it
        holds the analysis of every stored posting, of the very revision stored."""
        revisions = await self.store.revisions()
        keys = sorted(revisions)  # a snapshot's order: by collection, then id
        found = [analysed.get(key, ("", None)) for key in keys]
        analyses = [analysis for (revision, analysis), key in zip(found, keys, strict=True)
                    if isinstance(analysis, saved.PackedAnalysis) and revision == revisions[key]]
        if len(analyses) != len(keys):
            return False
        key = await asyncio.to_thread(saved.analysis_key, revisions)
        data = await asyncio.to_thread(saved.dump_analyses, [pid for _, pid in keys], analyses)
        await self.store.save_analysis(key, data)
        return True

    async def add(self, name: str, data: bytes, *, guild_id: int | None = None) -> SyncReport:
        """Add or replace one posting file (moderator upload) in a server's own collection (in the
        shared one without `guild_id`)."""
        async with self._lock:
            with _paused_gc():
                report = await self.store.add_file(name, data, today=self.today(), limits=self.limits,
                                                   collection=scope_of(guild_id))
                if report.changed:
                    await self._rebuild()
                return report

    async def remove(self, posting_id: str, *, guild_id: int | None = None) -> bool:
        """Remove one posting of a server's own collection (of the shared one without `guild_id`);
        False if it holds none with that id."""
        async with self._lock:
            with _paused_gc():
                removed = await self.store.remove(posting_id, collection=scope_of(guild_id))
                if removed:
                    await self._rebuild()
                return removed

    async def refresh(self) -> bool:
        """Serve what another process changed in the store since the last look; True if anything had.

        Cheap when nothing changed (the store's data version is one small read)."""
        version = await self.store.data_version()
        if version == self._seen_version:
            return False
        async with self._lock:
            self._seen_version = await self.store.data_version()
            with _paused_gc():
                before = self._snapshot
                await self._rebuild()
                return self._snapshot is not before

    async def follow(self, interval: float = FOLLOW_INTERVAL) -> None:
        """Keep serving other processes' changes to the store (checked every `interval` seconds) until
        cancelled. A failed check is logged and retried."""
        while True:
            await asyncio.sleep(interval)
            try:
                if await self.refresh():
                    log.info("Serving postings changed by another process")
            except OpenRolesError as exc:
                log.warning("Could not check the store for other processes' changes: %s", exc)

    def close(self) -> None:
        """Stop the question worker (questions in flight finish first)."""
        self._warming.set()
        self._questions.shutdown(wait=True, cancel_futures=True)

    async def ask(self, question: str, *, guild_id: int | None = None,
                  previous: Request | None = None) -> Answer:
        """Answer a free question with citations, from the postings `guild_id`'s members see (the shared
        ones only, for None: a DM or the CLI); `previous` is the request it follows up, if any."""
        # No local holds the snapshot: if a reload retires it meanwhile, the question's thread (not
        # the loop) drops the last reference and frees it.
        return await asyncio.get_running_loop().run_in_executor(
            self._questions,
            functools.partial(self._snapshot.ask, question, self.today(), scope_of(guild_id), previous))

    async def jobs(self, filters: Filters, *, guild_id: int | None = None) -> JobsResult:
        """The postings matching `filters`, among those `guild_id`'s members see."""
        return await asyncio.get_running_loop().run_in_executor(
            self._questions,
            functools.partial(self._snapshot.jobs, filters, self.today(), scope_of(guild_id)))

    def postings(self, *, guild_id: int | None = None) -> list[Posting]:
        """The postings currently served to `guild_id` (shared and its own; the shared ones for None)."""
        return list(self._snapshot.view(scope_of(guild_id)).postings)

    def own_postings(self, guild_id: int) -> list[Posting]:
        """The postings of a server's own collection (its uploads), currently served."""
        return list(self._snapshot.view(scope_of(guild_id)).own)

    def find_posting(self, name: str, *, guild_id: int | None = None, own: bool = False) -> Posting | None:
        """A posting by id, title or organization (case-insensitive), for `/job` and autocomplete, among
        those `guild_id`'s members see (only its own uploads with `own`)."""
        view = self._snapshot.view(scope_of(guild_id))
        text = " ".join(name.split()).lower() if isinstance(name, str) else ""
        if not text:
            return None
        found = _find(view, text)
        if own and found is not None and not any(p is found for p in view.own):
            return None
        return found

    def search_postings(self, text: str, limit: int = 25, *, guild_id: int | None = None,
                        own: bool = False) -> list[Posting]:
        """Postings whose id, title or organization match `text` (autocomplete), best first, among those
        `guild_id`'s members see (only its own uploads with `own`)."""
        view = self._snapshot.view(scope_of(guild_id))
        found = _search(view, text, len(view.postings) if own else limit)
        if own:
            mine = {id(p) for p in view.own}
            found = [p for p in found if id(p) in mine]
        return found[:max(limit, 0)]

    async def _rebuild(self, analysed: Mapping[PostingKey, tuple[str, object]] | None = None) -> None:
        """Swap in a snapshot of what the store holds, restoring and analysing only what changed.

        With nothing to reuse (at start-up), the analysis saved by the last rebuild is restored if it
        describes exactly the stored postings; a snapshot analysed here is saved for the next start.
        `analysed`: postings' analyses already worked out, by key (used for the stored revision given).
        """
        old = self._snapshot
        revisions = await self.store.revisions()
        changed = [key for key, revision in revisions.items() if old.revisions.get(key) != revision]
        if not changed and revisions.keys() == old.revisions.keys() and self._started:
            return
        fresh = await self.store.entries(changed) if changed else []
        key = await asyncio.to_thread(saved.analysis_key, revisions)  # hashes every revision
        data = await self.store.saved_analysis(key) if not old.postings and fresh else None
        snapshot = await asyncio.to_thread(functools.partial(
            Snapshot.restore, [p for _, p in fresh], revisions, data, collections=[c for c, _ in fresh])
        ) if data else None
        restored = snapshot is not None
        if snapshot is None:
            snapshot = await asyncio.to_thread(old.updated, fresh, revisions, analysed)
        # The views of the servers whose uploads changed, built here rather than by their next question
        # (the other servers' views carry over when the shared postings did not change).
        touched = {collection for collection, _ in [*changed, *(old.revisions.keys() - revisions.keys())]}
        touched.discard(SHARED)
        if touched and len(touched) <= _PREBUILT_VIEWS:
            await asyncio.to_thread(lambda: [snapshot.view(collection) for collection in touched])
        self._snapshot = snapshot  # the swap: one assignment
        self._started = True
        self._warm(snapshot)
        # Freeing a snapshot's millions of objects takes tens of milliseconds: not on the loop, and a
        # part at a time (the loop needs the GIL too).
        retired: list[object] = [old]
        del old
        await asyncio.to_thread(dismantle, retired)
        if not restored:
            await self.store.save_analysis(key, await asyncio.to_thread(saved.dump, snapshot.index,
                                                                         snapshot.catalog, snapshot.facts))

    def _warm(self, snapshot: Snapshot) -> None:
        """Make, in a background thread, the views of `snapshot` the servers used before the change (a
        server's first question would otherwise make its own); the previous warm-up stops."""
        self._warming.set()
        if not snapshot._inherited:
            return
        self._warming = threading.Event()
        threading.Thread(target=snapshot.warm, args=(self._warming,), name="engine-views",
                         daemon=True).start()


def _unpacked(analysed: Mapping[PostingKey, tuple[str, object]]) -> dict[PostingKey, tuple[str, object]]:
    """`analysed` with each packed analysis unpacked (for a snapshot to use)."""
    return {key: (revision, found.unpacked() if isinstance(found, saved.PackedAnalysis) else found)
            for key, (revision, found) in analysed.items()}


def _known(fresh: Sequence[tuple[str, Posting]], revisions: Mapping[PostingKey, str],
           analysed: Mapping[PostingKey, tuple[str, object]]) -> dict[int, Analysis]:
    """The analyses in `analysed` of the `fresh` postings, by `id` of the posting: those made of the very
    revision read (another process may have stored the posting again since)."""
    known: dict[int, Analysis] = {}
    for collection, posting in fresh:
        revision, analysis = analysed.get((collection, posting.id), ("", None))
        if isinstance(analysis, Analysis) and revision == revisions.get((collection, posting.id)):
            known[id(posting)] = analysis
    return known


def _find(view: View, text: str) -> Posting | None:
    """The posting `text` (lower-cased, spaces collapsed) names among the view's, if it names one."""
    if text in view.catalog.by_id:
        return view.catalog.by_id[text]
    for table in view.names.by_key:
        exact = table.get(text, [])
        if len(exact) == 1:
            return exact[0]
    found = _search(view, text, limit=2)
    return found[0] if len(found) == 1 else (found[0] if found and _strong(found[0], text) else None)


def _search(view: View, text: str, limit: int) -> list[Posting]:
    needle = " ".join(text.split()).lower() if isinstance(text, str) else ""
    if not needle:
        return list(view.postings[:limit])
    words = set(tokenize(needle))
    scored: list[tuple[int, int, Posting]] = []
    for i, (posting, (haystack, title, tokens)) in enumerate(zip(view.postings, view.names.haystacks,
                                                                      strict=True)):
        if needle in haystack:
            scored.append((0 if haystack.startswith(needle) or needle in title else 1, i, posting))
        elif words and words <= tokens:
            scored.append((2, i, posting))
        elif words & tokens:
            scored.append((3 + len(words - tokens), i, posting))
    return [p for _, _, p in sorted(scored, key=lambda s: (s[0], s[1]))][:max(limit, 0)]


_EMPTY_INDEX = PassageIndex.build([])


@functools.cache
def _empty_view() -> View:
    return View((), PassageIndex.build([]), Catalog([]), _NameTable(()), Prefilter(()))


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
