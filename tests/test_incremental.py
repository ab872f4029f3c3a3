"""Snapshots rebuilt from a previous one (reusing its analysis) equal snapshots built from scratch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from posting_factory import POSTINGS as HANDWRITTEN
from posting_factory import make_posting

from bench.corpus import generate_postings
from knowledge.models import EmploymentType, Posting, RemoteStatus
from knowledge.parse import parse_posting
from knowledge.store import Store
from retrieval.answer import STATING
from retrieval.engine import Engine, Snapshot
from retrieval.fields import FIELDS, Context
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter, select
from retrieval.request import ClosingWindow, ExperienceBound, Filters, PayBound, PlaceQuery
from retrieval.understand.catalog import Catalog

TODAY = dt.date(2026, 11, 23)
SAMPLES = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
GENERATED = generate_postings(800, seed=11)
QUERIES = ["organizer salary", "canvassing Spanish", "health insurance dental", "remote data manager",
           "how to apply resume", "zzzz unknown", "Pasadena", "grant writing budgets"]


def samples() -> list[Posting]:
    return [parse_posting(p.name, p.read_bytes(), today=TODAY) for p in sorted(SAMPLES.iterdir())]


def edited(posting: Posting) -> Posting:
    """The same posting with its first passage's text changed."""
    first = posting.passages[0].model_copy(update={"text": "Wrangle quokkas on zephyr islands."})
    return posting.model_copy(update={"passages": [first, *posting.passages[1:]]})


CHANGES: dict[str, Callable[[list[Posting]], list[Posting]]] = {
    "add one": lambda ps: [*ps, edited(ps[0]).model_copy(update={"id": "zz-new"})],
    "remove some": lambda ps: ps[3:-2],
    "replace one": lambda ps: [edited(ps[0]), *ps[1:]],
    "reorder": lambda ps: ps[::-1],
    "nothing": lambda ps: ps,
}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("corpus", ["generated", "samples"])
def test_index_built_from_a_previous_one_equals_a_fresh_build(change: str, corpus: str) -> None:
    """Should give the same postings arrays, vocabulary, hits and scores as an index built from scratch."""
    before = GENERATED if corpus == "generated" else samples()
    after = CHANGES[change](before)
    reused = PassageIndex.build(after, previous=PassageIndex.build(before))
    fresh = PassageIndex.build(after)
    assert reused._vocab == fresh._vocab
    for name in ("_offsets", "_docs", "_impacts", "_doc_offsets", "_doc_terms", "_doc_tfs", "_doc_len"):
        assert np.array_equal(getattr(reused, name), getattr(fresh, name)), name
    assert reused.doc_tokens() == fresh.doc_tokens()
    assert [reused.search(q) for q in QUERIES] == [fresh.search(q) for q in QUERIES]


@pytest.mark.parametrize("change", list(CHANGES))
def test_catalog_built_from_a_previous_one_equals_a_fresh_build(change: str) -> None:
    """Should hold the same names, word sets and document frequencies as a catalog built from scratch."""
    before = [*samples(), *HANDWRITTEN, *GENERATED[:60]]
    after = CHANGES[change](before)
    reused, fresh = Catalog(after, Catalog(before)), Catalog(after)
    assert (reused.names, reused.texts, reused.benefits) == (fresh.names, fresh.texts, fresh.benefits)
    assert reused.by_name == fresh.by_name
    assert (reused.name_df, reused.text_df, reused.places) == (fresh.name_df, fresh.text_df, fresh.places)


FILTERS = [
    Filters(), Filters(remote=RemoteStatus.REMOTE),
    Filters(remote=RemoteStatus.HYBRID, pay=PayBound(amount=50_000)), Filters(pay=PayBound(amount=60_000)),
    Filters(places=(PlaceQuery(text="California", state="California"),)),
    Filters(places=(PlaceQuery(text="CA"),)),
    Filters(places=(PlaceQuery(text="Pasadena", city="Pasadena"),)),
    Filters(types=frozenset({EmploymentType.PART_TIME})),
    Filters(languages=("Spanish",)),
    Filters(closing=ClosingWindow(before=dt.date(2027, 1, 1), open_only=True)),
    Filters(closing=ClosingWindow(open_only=True)), Filters(closing=ClosingWindow(rolling=True)),
    Filters(experience=ExperienceBound(entry_level=True)), Filters(experience=ExperienceBound(min_years=2)),
    Filters(experience=ExperienceBound(max_years=1)),
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("include_closed", [True, False])
def test_prefiltered_selection_equals_the_plain_one(filters: Filters, include_closed: bool) -> None:
    """Should select the same postings, reasons and no-pay list with and without a prefilter."""
    postings = [*samples(), *HANDWRITTEN]
    plain = select(postings, filters, TODAY, include_closed=include_closed)
    fast = select(postings, filters, TODAY, include_closed=include_closed, prefilter=Prefilter(postings))
    assert fast == plain


ENTRY_LEVEL = [
    make_posting("canvasser", "Canvasser\nEntry-level role: we will train you.\n", title="Canvasser"),
    make_posting("intern", "Intern\nNO PRIOR EXPERIENCE needed.\n", title="Intern"),
    make_posting("aide", "Aide\nNo experience? No problem.\n", title="Aide", years=(0, "No experience")),
    make_posting("director", "Director\nAn entry levels survey, 5 years required.\n", title="Director",
                 years=(5, "5 years")),
    make_posting("analyst", "Analyst\nExperienced analysts; no entry-leveling.\n", title="Analyst"),
]


@pytest.mark.parametrize("bound", [ExperienceBound(entry_level=True), ExperienceBound(min_years=2),
                                   ExperienceBound(max_years=1)])
def test_prefiltered_experience_selection_equals_the_plain_one(bound: ExperienceBound) -> None:
    """Should select the same postings by experience with and without a prefilter, entry-level words
    matched as whole words in any case."""
    postings = [*ENTRY_LEVEL, *HANDWRITTEN]
    filters = Filters(experience=bound)
    plain = select(postings, filters, TODAY, include_closed=True)
    assert select(postings, filters, TODAY, include_closed=True, prefilter=Prefilter(postings)) == plain
    assert plain.matches


def test_stating_agrees_with_claims() -> None:
    """Should make a stated claim for every posting the prefilter's precomputed sets say states a field."""
    postings = [*samples(), *HANDWRITTEN]
    prefilter = Prefilter(postings, STATING)
    ctx = Context(TODAY)
    for ask, field in FIELDS.items():
        stating = [p for p in postings if field.states(p)]
        if ask.value in prefilter.stating:  # every field a list may ask for
            assert [p for p in postings if id(p) in prefilter.stating[ask.value]] == stating, ask
        assert all(field.claim(p, ctx).stated for p in stating), ask


async def test_engine_snapshot_after_changes_equals_a_fresh_one(tmp_path: Path) -> None:
    """Should serve, after an upload and a removal, the same index a fresh start builds."""
    directory = tmp_path / "postings"
    directory.mkdir()
    for path in SAMPLES.iterdir():
        (directory / path.name).write_bytes(path.read_bytes())
    async with await Store.open(tmp_path / "store.db") as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(directory)
        await engine.add("quokka-wrangler.txt", b"Quokka Wrangler\nZephyr Collective\n\nDuties:\n"
                                                b"- Wrangle quokkas on the zephyr islands.\n")
        assert await engine.remove(sorted(p.id for p in engine.postings())[0])
        fresh = Engine(store, today=lambda: TODAY)
        await fresh.start()
        assert [p.id for p in engine.postings()] == [p.id for p in fresh.postings()]
        assert [engine.snapshot.index.search(q) for q in [*QUERIES, "quokkas"]] == \
               [fresh.snapshot.index.search(q) for q in [*QUERIES, "quokkas"]]
        scratch = Snapshot.build(fresh.postings())
        for snap in (engine.snapshot, fresh.snapshot):
            assert snap.names.haystacks == scratch.names.haystacks
            assert [{k: [p.id for p in v] for k, v in table.items()} for table in snap.names.by_key] == \
                   [{k: [p.id for p in v] for k, v in table.items()} for table in scratch.names.by_key]
