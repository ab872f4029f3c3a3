"""A retired snapshot is freed a part at a time, and never a part anyone else still uses."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.models import Posting
from knowledge.parse import parse_posting
from knowledge.store import SHARED, guild_collection
from retrieval.engine import Snapshot
from retrieval.retire import dismantle

TODAY = dt.date(2026, 11, 23)
SAMPLES = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
QUESTIONS = ["What does the Organizing Director pay?", "Which roles are remote?", "How do I apply to POP!?",
             "Which jobs need Spanish?", "What closes this week?", "canvassing Spanish"]


class Part:
    def __init__(self, **parts: object) -> None:
        self.__dict__.update(parts)


@dataclass(frozen=True)
class Frozen:
    inner: Part
    items: list[int] = field(default_factory=lambda: list(range(1000)))


def test_an_object_only_the_holder_holds_is_taken_apart_with_pauses() -> None:
    """Should free every part, pausing between them, frozen dataclasses included."""
    leaf = Part(data=list(range(100)))
    root = Frozen(Part(leaf=leaf, other=Part(data={"a": 1})))
    watched = [weakref.ref(obj) for obj in (leaf, root.inner, root)]
    holder: list[object] = [root]
    del root, leaf
    pauses: list[None] = []
    gc.disable()  # only reference counting may free them
    try:
        dismantle(holder, pause=lambda: pauses.append(None))
        assert holder == []
        assert [ref() for ref in watched] == [None, None, None]
    finally:
        gc.enable()
    assert len(pauses) >= 4  # the leaf's data, the inner parts, the root's two fields


def test_a_part_held_elsewhere_stays_whole() -> None:
    """Should let go of a part someone else holds without taking it apart."""
    shared = Part(data=[1, 2, 3], more=Part(x=1))
    holder: list[object] = [Part(shared=shared, own=Part(y=2))]
    dismantle(holder, pause=lambda: None)
    assert shared.data == [1, 2, 3] and shared.more.x == 1


def test_a_root_held_elsewhere_is_not_touched() -> None:
    """Should leave a retired object a running question still holds as it is."""
    still_used = Part(inner=Part(data=[1]))
    holder: list[object] = [still_used]
    dismantle(holder, pause=lambda: None)
    assert holder == [] and still_used.inner.data == [1]


class Guarded:
    @property
    def value(self) -> int:
        return 1


def test_an_attribute_a_descriptor_guards_is_freed_whole() -> None:
    """Should pass over an attribute it cannot delete (a property without a deleter) and go on."""
    guarded = Guarded()
    guarded.__dict__["value"] = [1, 2]
    after = Part(data=[3])
    holder: list[object] = [Part(guarded=guarded, after=after)]
    del guarded, after
    dismantle(holder, pause=lambda: None)
    assert holder == []


def test_the_snapshot_built_from_a_retired_one_answers_as_before() -> None:
    """Should leave intact the new snapshot, which reuses the retired one's postings, analysis and a
    server's view (its catalog, names and prefilter)."""
    samples = [parse_posting(p.name, p.read_bytes(), today=TODAY) for p in SAMPLES.iterdir()]
    first, second, third = (parse_posting(f"{word.lower()}-organizer.txt",
                                          TENANT.replace("Tenant", word).encode(), today=TODAY)
                            for word in ("Tenant", "Housing", "Field"))
    old = snapshot_of({SHARED: samples, guild_collection(1): [first], guild_collection(2): [second]})
    scopes = [SHARED, guild_collection(1), guild_collection(2)]
    for scope in scopes:
        old.ask(QUESTIONS[0], TODAY, scope)  # each server's view made
    entries = {SHARED: samples, guild_collection(1): [first],
               guild_collection(2): [third]}
    postings, collections = _ordered(entries)
    new = Snapshot.build(postings, old, collections=collections)
    new.warm()
    assert new.view(guild_collection(1)).catalog is old.view(guild_collection(1)).catalog  # reused
    holder: list[object] = [old]
    del old
    dismantle(holder, pause=lambda: None)
    fresh = Snapshot.build(postings, collections=collections)
    for scope in scopes:
        assert [new.ask(q, TODAY, scope) for q in QUESTIONS] == [
            fresh.ask(q, TODAY, scope) for q in QUESTIONS]
    assert new.facts == fresh.facts


TENANT = ("Tenant Organizer\nHousing Union\n\nAbout the role\nThe organizer runs tenant campaigns, "
          "remote.\n\nPay\n$52,000 a year.\n\nHow to apply\nSend a resume by December 1, 2026.\n")


def _ordered(groups: dict[str, list[Posting]]) -> tuple[list[Posting], list[str]]:
    entries = sorted(((c, p) for c, postings in groups.items() for p in postings),
                     key=lambda e: (e[0], e[1].id))
    return [p for _, p in entries], [c for c, _ in entries]


def snapshot_of(groups: dict[str, list[Posting]]) -> Snapshot:
    postings, collections = _ordered(groups)
    return Snapshot.build(postings, collections=collections)
