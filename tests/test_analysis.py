"""A posting's analysis worked out apart (in a parsing worker) builds the very snapshot analysing it in
the build would: same index arrays, catalog words and names, prefilter facts."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
from pg_server import fresh_database

from knowledge.models import Posting
from knowledge.parse import parse_posting
from knowledge.pgstore import PostgresStore
from knowledge.store import Analyses, Store
from retrieval import engine, index
from retrieval.analysis import analyse
from retrieval.engine import Engine, Snapshot
from retrieval.understand import catalog

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "knowledge" / "postings").iterdir()),
           *sorted((ROOT / "tests" / "data" / "postings").iterdir())]


@pytest.fixture(scope="module")
def postings() -> list[Posting]:
    """The bundled samples and the test postings of every format (text, Markdown, HTML, PDF)."""
    parsed = [parse_posting(path.name, path.read_bytes(), today=TODAY) for path in SOURCES
              if path.suffix in {".txt", ".md", ".html", ".pdf"}]
    return sorted(parsed, key=lambda p: p.id)


def same_snapshot(a: Snapshot, b: Snapshot) -> None:
    arrays_a, arrays_b = a.index.analysis(), b.index.analysis()
    assert arrays_a.keys() == arrays_b.keys()
    for name in arrays_a:
        assert np.array_equal(arrays_a[name], arrays_b[name]), name
    assert a.catalog.texts == b.catalog.texts
    assert a.catalog.benefits == b.catalog.benefits
    assert a.catalog.names == b.catalog.names
    assert a.catalog.text_df == b.catalog.text_df
    assert a.facts == b.facts


def test_a_build_from_analyses_is_the_build_from_postings(postings: list[Posting],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Should build the same snapshot from the postings' analyses as from the postings alone, without
    analysing any posting again."""
    assert len(postings) >= 20
    expected = Snapshot.build(postings)
    known = {id(p): pickle.loads(pickle.dumps(analyse(p))) for p in postings}  # as a worker sends them

    def analysed_again(posting: Posting, *args: object) -> None:
        raise AssertionError(f"{posting.id} was analysed again")

    for module, name in [(index, "passage_terms"), (catalog, "_names"), (catalog, "text_words"),
                         (catalog, "benefit_words"), (engine, "facts_of")]:
        monkeypatch.setattr(module, name, analysed_again)
    same_snapshot(Snapshot.build(postings, known=known), expected)


def test_analyses_of_some_postings_and_a_previous_snapshot_mix(postings: list[Posting]) -> None:
    """Should give the same snapshot when some postings come from a previous snapshot, some from
    analyses and the rest are analysed in the build."""
    previous = Snapshot.build(postings[::3])
    known = {id(p): analyse(p) for p in postings[1::3]}
    mixed = Snapshot.build(postings, previous, known=known)
    same_snapshot(mixed, Snapshot.build(postings))


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh store on each backend."""
    if request.param == "sqlite":
        async with await Store.open(tmp_path / "db.sqlite") as opened:
            yield opened
        return
    async with fresh_database(request.getfixturevalue("postgres_url")) as url, \
            await PostgresStore.open(url) as opened:
        yield opened


async def test_a_sync_analyses_what_it_parses_under_the_revision_it_stores(store: Store,
                                                                          tmp_path: Path) -> None:
    """Should hand back each parsed posting's analysis under the revision `revisions` reads (on each
    backend), so the engine uses it (and only for that revision)."""
    directory = tmp_path / "postings"
    shutil.copytree(ROOT / "knowledge" / "postings", directory)
    analyses = Analyses(analyse)
    await store.sync_directory(directory, today=TODAY, analyses=analyses)
    revisions = await store.revisions()
    assert analyses.found.keys() == revisions.keys()
    assert all(revision == revisions[key] for key, (revision, _) in analyses.found.items())
    fresh = await store.entries()
    for (_, posting), (_, analysis) in zip(fresh, [analyses.found[k] for k in sorted(analyses.found)],
                                           strict=True):
        assert analysis == analyse(posting)


async def test_a_reload_serves_what_analysing_in_the_build_serves(tmp_path: Path) -> None:
    """Should serve, after a reload whose workers analysed the postings, the snapshot a build from the
    stored postings gives."""
    directory = tmp_path / "postings"
    shutil.copytree(ROOT / "knowledge" / "postings", directory)
    async with await Store.open(tmp_path / "db.sqlite") as store:
        engine = Engine(store, today=lambda: TODAY)
        try:
            await engine.reload(directory)
            stored = [p for _, p in await store.entries()]
            same_snapshot(engine.snapshot, Snapshot.build(stored))
        finally:
            engine.close()
