"""One engine, many collections: each server's scope is the shared postings plus its own, scored exactly
by the one index; a server's view survives changes made in other servers."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from discord_stub.postings import posting_text
from posting_factory import make_posting

from knowledge.models import Posting
from knowledge.store import SHARED, Store, guild_collection
from retrieval.answer import RANKING, STATING
from retrieval.engine import Engine, Snapshot
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter
from retrieval.understand.catalog import Catalog

QUERIES = ["organizer pay", "remote", "tenant union housing", "apply resume", "data lead volunteer"]


def snapshot_of(groups: dict[str, list[str]]) -> Snapshot:
    """A snapshot of made-up postings: collection -> titles."""
    entries = sorted(((collection, posting(title, collection)) for collection, titles in groups.items()
                      for title in titles), key=lambda e: (e[0], e[1].id))
    return Snapshot.build([p for _, p in entries], collections=[c for c, _ in entries])


def posting(title: str, collection: str) -> Posting:
    organization = f"{collection.replace(':', ' ').title()} Union"
    text = (f"{title}\n{organization}\n\nAbout the role\nThe {title} organizes tenant union housing "
            f"campaigns with volunteers.\n\nPay\n$50,000 a year, remote.\n\nHow to apply\nSend a resume.\n")
    return make_posting(title.lower().replace(" ", "-"), text, title=title, organization=organization)


@pytest.fixture
def snapshot() -> Snapshot:
    return snapshot_of({SHARED: ["Organizer", "Data Lead", "Canvasser"],
                        guild_collection(1): ["Tenant Organizer", "Volunteer Coordinator"],
                        guild_collection(2): ["Housing Organizer", "Field Director", "Organizer"]})


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("guild", [1, 2])
def test_a_scope_scores_exactly_as_the_whole_index_restricted(snapshot: Snapshot, guild: int,
                                                              query: str) -> None:
    """Should give the same hits and scores as the whole index searched over the scope's postings."""
    view = snapshot.view(guild_collection(guild))
    whole: PassageIndex = snapshot.index
    mine = {id(passage) for posting in view.postings for passage in posting.passages}
    # The unrestricted search (rank-bm25's scores) over every passage, then only the scope's kept.
    expected = [h for h in whole.search(query, k=len(whole)) if id(h.passage) in mine][:5]
    assert view.index.search(query, k=5) == expected
    assert expected


@pytest.mark.parametrize("guild", [1, 2])
def test_a_scope_catalog_and_prefilter_equal_fresh_builds(snapshot: Snapshot, guild: int) -> None:
    """Should give a view (made from the snapshot's analysis) the catalog and prefilter of its postings
    analysed from scratch, an own posting replacing the shared one with its id included."""
    view = snapshot.view(guild_collection(guild))
    catalog, fresh = view.catalog, Catalog(view.postings)
    for part in ("names", "texts", "benefits", "by_name", "by_pair", "by_acronym", "name_df", "places",
                 "languages", "vocabulary", "cities", "by_benefit_word"):
        assert getattr(catalog, part) == getattr(fresh, part), part
    assert catalog.text_df == fresh.text_df
    assert all(catalog.text_df.get(word) == fresh.text_df.get(word)
               for words in [*fresh.texts, *snapshot.catalog.texts] for word in words)
    prefilter, plain = view.prefilter, Prefilter(view.postings, STATING, RANKING)
    assert vars(prefilter) == vars(plain)


def test_a_scope_holds_the_shared_postings_and_its_own_which_win_on_an_id(snapshot: Snapshot) -> None:
    """Should see shared + own; an own posting replaces the shared one with its id; others see neither."""
    two = snapshot.view(guild_collection(2))
    shared_ids = {p.id for p in snapshot.view().postings}
    assert {p.id for p in two.postings} == shared_ids | {p.id for p in two.own}
    [organizer] = [p for p in two.postings if p.id == "organizer"]
    assert any(organizer is p for p in two.own)
    one = snapshot.view(guild_collection(1))
    assert not {p.id for p in one.postings} & ({p.id for p in two.own} - shared_ids)
    assert snapshot.view(guild_collection(99)) is snapshot.view()  # no uploads: the shared view


async def test_a_change_in_one_server_keeps_the_other_servers_views(tmp_path: Path, today: dt.date) -> None:
    """Should reuse a server's view (its catalog) after another server's upload, answering the same."""
    async with await Store.open(tmp_path / "store.db") as store:
        engine = Engine(store, today=lambda: today)
        await engine.start()
        for guild in (1, 2):
            text = posting_text("Tenant Organizer", f"Union {guild}", place="Toledo, OH", pay="$51,000",
                                deadline=today + dt.timedelta(days=20))
            await engine.add(f"union-{guild}.txt", text.encode(), guild_id=guild)
        before = engine.snapshot.view(guild_collection(1))
        answer = await engine.ask("What does the Tenant Organizer pay?", guild_id=1)
        await engine.add("more.txt", posting_text("Canvasser", "Union 2", place="Erie, PA", pay="$40,000",
                                                  deadline=today).encode(), guild_id=2)
        after = engine.snapshot.view(guild_collection(1))
        assert after.catalog is before.catalog and after.index is not before.index
        assert await engine.ask("What does the Tenant Organizer pay?", guild_id=1) == answer
        engine.close()


def test_a_new_snapshot_makes_the_views_the_previous_one_had_made(snapshot: Snapshot) -> None:
    """Should make, when warmed, the views of the servers that had asked before a shared change, once."""
    snapshot.view(guild_collection(1))
    snapshot.view(guild_collection(2))
    changed = snapshot_of({SHARED: ["Organizer", "Data Lead", "Field Organizer"],
                           guild_collection(1): ["Tenant Organizer", "Volunteer Coordinator"],
                           guild_collection(2): ["Housing Organizer", "Field Director", "Organizer"]})
    rebuilt = Snapshot.build(changed.postings, snapshot, collections=changed.collections)
    stop = threading.Event()
    stop.set()
    assert rebuilt.warm(stop) == 0
    assert rebuilt.warm() == 2
    assert rebuilt.warm() == 0
    assert [p.id for p in rebuilt.view(guild_collection(1)).postings] == [
        p.id for p in changed.view(guild_collection(1)).postings]
