"""The saved analysis: a restart restores exactly the snapshot analysing again would build."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from posting_factory import POSTINGS as HANDWRITTEN

from bench.corpus import generate_postings
from knowledge.models import Posting
from knowledge.parse import parse_posting
from knowledge.store import _MIGRATIONS, SCHEMA_VERSION, Store
from retrieval import saved
from retrieval.analysis import analyse
from retrieval.engine import Engine, Snapshot
from retrieval.index import PassageIndex
from retrieval.jobs import PostingFacts
from retrieval.understand.catalog import Catalog

TODAY = dt.date(2026, 11, 23)
SAMPLES = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
QUERIES = ["organizer salary", "canvassing Spanish", "health insurance dental", "remote data manager",
           "how to apply resume", "zzzz unknown", "Pasadena", "POP", "grant writing budgets"]
QUESTIONS = ["What does the Organizing Director pay?", "Which roles are remote?", "How do I apply to POP!?",
             "Which jobs need Spanish?", "What closes this week?", "quokkas"]


def corpus(name: str) -> list[Posting]:
    if name == "samples":
        postings = [parse_posting(p.name, p.read_bytes(), today=TODAY) for p in SAMPLES.iterdir()]
    elif name == "handwritten":
        postings = list(HANDWRITTEN)
    elif name == "generated":
        postings = generate_postings(600, seed=5)
    else:
        postings = []
    return sorted(postings, key=lambda p: p.id)


def restored(postings: list[Posting]) -> tuple[PassageIndex, Catalog, tuple[PostingFacts, ...]]:
    built = Snapshot.build(postings)
    loaded = saved.load(saved.dump(built.index, built.catalog, built.facts), postings)
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("name", ["samples", "handwritten", "generated", "empty"])
def test_restored_analysis_equals_a_fresh_one(name: str) -> None:
    """Should restore the index arrays, vocabulary, header terms and catalog of a build from scratch."""
    postings = corpus(name)
    fresh = Snapshot.build(postings)
    index, catalog, facts = restored(postings)
    assert index._vocab == fresh.index._vocab
    assert index._header_tokens == fresh.index._header_tokens
    for array in ("_offsets", "_docs", "_impacts", "_doc_offsets", "_doc_terms", "_doc_tfs", "_doc_len"):
        assert np.array_equal(getattr(index, array), getattr(fresh.index, array)), array
    assert [index.search(q) for q in QUERIES] == [fresh.index.search(q) for q in QUERIES]
    for part in ("names", "texts", "benefits", "by_name", "name_df", "text_df", "places", "languages"):
        assert getattr(catalog, part) == getattr(fresh.catalog, part), part
    assert facts == fresh.facts


def test_an_analysis_of_other_postings_is_refused(caplog: pytest.LogCaptureFixture) -> None:
    """Should refuse (None, logged) an analysis saved for other postings or passages."""
    postings = corpus("samples")
    built = Snapshot.build(postings)
    data = saved.dump(built.index, built.catalog, built.facts)
    edited = postings[0].model_copy(update={"passages": postings[0].passages[1:]})
    with caplog.at_level(logging.WARNING):
        assert saved.load(data, postings[1:]) is None
        assert saved.load(data, [edited, *postings[1:]]) is None
    assert "unusable" in caplog.text


def tampered(data: bytes, name: str, value: np.ndarray) -> bytes:
    arrays = dict(saved._decode(data))
    arrays[name] = value
    return saved._encode(arrays)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "term out of range", "offsets", "missing array",
                                    "bad header", "header not a map", "pickled object", "word counts",
                                    "facts not JSON", "facts of other postings", "facts not facts",
                                    "names not names", "facts nested deep"])
def test_a_damaged_analysis_is_refused(damage: str) -> None:
    """Should return None for bytes that are not a consistent analysis, never raise or mis-restore."""
    postings = corpus("samples")
    built = Snapshot.build(postings)
    data = saved.dump(built.index, built.catalog, built.facts)
    arrays = built.index.analysis()
    facts = saved._decode(data)["facts"].tobytes()
    bad = {
        "garbage": lambda: b"\x00not an npz" * 10,
        "truncated": lambda: data[: len(data) // 2],
        "term out of range": lambda: tampered(data, "doc_terms", np.full_like(arrays["doc_terms"], 2**30)),
        "offsets": lambda: tampered(data, "doc_offsets", arrays["doc_offsets"][::-1].copy()),
        "missing array": lambda: data.replace(b'"doc_tfs"', b'"doc_xxx"'),
        "bad header": lambda: data.replace(b'"doc_tfs": ["<i4", ', b'"doc_tfs": ["<i4", -'),
        "header not a map": lambda: data[:len(saved._FORMAT)] + (2).to_bytes(8, "little") + b"[]",
        "pickled object": lambda: tampered(data, "vocab", np.array([object()], dtype=object)),
        "word counts": lambda: tampered(data, "text_ends", np.array([1, 2], dtype=np.int64)),
        "facts not JSON": lambda: tampered(data, "facts", np.frombuffer(
            "\n".join(["[not json"] * len(postings)).encode(), dtype=np.uint8)),
        "facts of other postings": lambda: tampered(data, "facts", np.frombuffer(facts[:facts.rfind(b"\n")],
                                                                                  dtype=np.uint8)),
        "facts not facts": lambda: tampered(data, "facts", np.frombuffer(
            "\n".join(["[1, 2]"] * len(postings)).encode(), dtype=np.uint8)),
        "facts nested deep": lambda: tampered(data, "facts", np.frombuffer(
            "\n".join(["[" * 100_000 + "]" * 100_000] * len(postings)).encode(), dtype=np.uint8)),
        "names not names": lambda: tampered(data, "names", np.frombuffer(
            "\n".join(['[{"organ": 1.0}, [], [], [], 2]'] * len(postings)).encode(), dtype=np.uint8)),
    }
    blob = bad[damage]()
    assert blob != data
    assert saved.load(blob, postings) is None


def test_the_key_names_the_revisions() -> None:
    """Should change with any posting's revision, an added or removed posting, but not with dict order."""
    revisions = {"a": "1", "b": "2"}
    key = saved.analysis_key(revisions)
    assert saved.analysis_key({"b": "2", "a": "1"}) == key
    assert saved.analysis_key({"a": "1", "b": "3"}) != key
    assert saved.analysis_key({"a": "1"}) != key
    assert saved.analysis_key({"a": "1", "b": "2", "c": "3"}) != key
    assert saved.analysis_key({"a\x00": "1", "b": "2"}) != saved.analysis_key({"a": "\x001", "b": "2"})


async def test_a_restart_restores_the_saved_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should save the analysis when the engine builds, restore it (without analysing) on a restart, and
    answer exactly as a freshly analysed engine."""
    async with await Store.open(tmp_path / "store.db") as store:
        first = Engine(store, today=lambda: TODAY)
        await first.reload(SAMPLES)
        assert await store.saved_analysis(saved.analysis_key(await store.revisions())) is not None

        def no_analysis(*args: object, **kwargs: object) -> Snapshot:
            raise AssertionError("a restart with a saved analysis should not analyse the postings")

        with monkeypatch.context() as patch:
            patch.setattr(Snapshot, "build", no_analysis)
            restart = Engine(store, today=lambda: TODAY)
            await restart.start()
        assert [p.id for p in restart.postings()] == [p.id for p in first.postings()]
        for question in QUESTIONS:
            assert await restart.ask(question) == await first.ask(question)


@pytest.mark.parametrize("name", ["samples", "handwritten", "generated", "empty"])
def test_an_analysis_put_together_from_the_postings_analyses_equals_a_snapshots(name: str) -> None:
    """Should save, from each posting's own packed analysis, the very bytes a snapshot of them saves, and
    unpack each into the analysis it was packed from."""
    postings = corpus(name)
    built = Snapshot.build(postings)
    packed = [saved.analyse_packed(p) for p in postings]
    assert saved.dump_analyses([p.id for p in postings], packed) == \
           saved.dump(built.index, built.catalog, built.facts)
    for found, posting in zip(packed, postings, strict=True):
        unpacked, analysis = found.unpacked(), analyse(posting)
        assert (unpacked.words, unpacked.facts) == (analysis.words, analysis.facts)
        assert [list(part) for part in astuple(unpacked.terms)] == \
               [list(part) for part in astuple(analysis.terms)]


@pytest.mark.parametrize("edited", [False, True])
async def test_a_reload_that_does_not_serve_saves_what_a_restart_restores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: bool) -> None:
    """Should, when the engine only syncs, save the analysis without building a snapshot when every
    stored posting was parsed, and build one as `reload` does when some were not (a second sync after
    an edit); either way a restart restores it and answers as an engine that served the sync."""
    folder = tmp_path / "postings"
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        (folder / sample.name).write_bytes(sample.read_bytes())
    builds: list[int] = []
    real_build = Snapshot.build.__func__  # type: ignore[attr-defined]

    def counted_build(cls: type[Snapshot], postings: list[Posting], *args: Any, **kwargs: Any) -> Snapshot:
        builds.append(len(postings))
        return real_build(cls, postings, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Snapshot, "build", classmethod(counted_build))
    async with await Store.open(tmp_path / "store.db") as store:
        await Engine(store, today=lambda: TODAY).reload(folder, serve=False)
        assert builds == []
        if edited:
            edited_file = sorted(folder.iterdir())[0]
            edited_file.write_bytes(edited_file.read_bytes() + b"\nZephyr quokkas welcome.\n")
            syncing = Engine(store, today=lambda: TODAY)
            await syncing.start()
            await syncing.reload(folder, serve=False)
            assert builds == [len(list(SAMPLES.iterdir()))]  # the restored postings, plus the one re-parsed
        served = Engine(store, today=lambda: TODAY)
        await served.start()
        assert len(builds) == edited  # restored, not built
        served_answers = [await served.ask(question) for question in [*QUESTIONS, "zephyr quokkas"]]
    async with await Store.open(tmp_path / "fresh.db") as store:
        fresh = Engine(store, today=lambda: TODAY)
        await fresh.reload(folder)
        assert served_answers == [await fresh.ask(question) for question in [*QUESTIONS, "zephyr quokkas"]]


async def test_a_change_saves_a_new_analysis(tmp_path: Path) -> None:
    """Should save, after an upload and a removal, the analysis of exactly what the store then holds."""
    async with await Store.open(tmp_path / "store.db") as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(SAMPLES)
        before = saved.analysis_key(await store.revisions())
        await engine.add("quokka-wrangler.txt", b"Quokka Wrangler\nZephyr Collective\n\nDuties:\n"
                                                b"- Wrangle quokkas on the zephyr islands.\n")
        assert await engine.remove(engine.postings()[0].id)
        now = saved.analysis_key(await store.revisions())
        assert await store.saved_analysis(before) is None
        data = await store.saved_analysis(now)
        assert data is not None
        postings = await store.postings()
        restart = Engine(store, today=lambda: TODAY)
        await restart.start()
        fresh = Snapshot.build(postings)
        assert [restart.snapshot.index.search(q) for q in [*QUERIES, "quokkas"]] == \
               [fresh.index.search(q) for q in [*QUERIES, "quokkas"]]


async def test_a_damaged_saved_analysis_is_analysed_again(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """Should warn, analyse the postings again, serve correct answers and save a good analysis."""
    async with await Store.open(tmp_path / "store.db") as store:
        first = Engine(store, today=lambda: TODAY)
        await first.reload(SAMPLES)
        key = saved.analysis_key(await store.revisions())
        await store.save_analysis(key, b"PK\x03\x04 damaged")
        restart = Engine(store, today=lambda: TODAY)
        with caplog.at_level(logging.WARNING):
            await restart.start()
        assert "unusable" in caplog.text
        for question in QUESTIONS:
            assert await restart.ask(question) == await first.ask(question)
        repaired = await store.saved_analysis(key)
        assert repaired is not None and saved.load(repaired, await store.postings()) is not None


async def test_an_analysis_too_big_to_save_is_skipped(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """Should log and go on serving when SQLite refuses the blob (here: a database that cannot grow)."""
    async with await Store.open(tmp_path / "store.db") as store:
        await store._db.execute("PRAGMA max_page_count = 1")  # any write of the blob fails: database full
        engine = Engine(store, today=lambda: TODAY)
        with caplog.at_level(logging.WARNING):
            await engine.start()
            await store.save_analysis("key", b"x" * 1_000_000)
        assert "was not saved" in caplog.text
        assert await store.saved_analysis("key") is None


async def test_schema_1_databases_gain_the_analysis_table(tmp_path: Path) -> None:
    """Should migrate a version-1 store (postings kept) and save analyses in it."""
    current, path = tmp_path / "current.db", tmp_path / "store.db"
    async with await Store.open(current) as store:
        await store.sync_directory(SAMPLES, today=TODAY)
    with sqlite3.connect(current) as db:
        rows = db.execute("SELECT id, source, origin, content_hash, parser, parsed, loaded_at FROM postings")
        rows = rows.fetchall()
    with sqlite3.connect(path) as db:
        for statement in _MIGRATIONS[0]:
            db.execute(statement)
        db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("PRAGMA user_version = 1")
    async with await Store.open(path) as store:
        assert await store.schema_version() == SCHEMA_VERSION
        assert len(await store.postings()) == 5
        await store.save_analysis("k", b"data")
        assert await store.saved_analysis("k") == b"data"
        assert await store.saved_analysis("other") is None


async def test_a_large_analysis_is_kept_in_parts(tmp_path: Path) -> None:
    """Should give back exactly what was saved, however many parts it spans, and nothing of an older one."""
    async with await Store.open(tmp_path / "store.db") as store:
        big = bytes(range(256)) * 10_000 + b"end"  # 2.4 MB: three parts
        await store.save_analysis("big", big)
        assert await store.saved_analysis("big") == big
        await store.save_analysis("small", b"small")
        assert await store.saved_analysis("small") == b"small"
        assert await store.saved_analysis("big") is None


async def test_a_restart_after_edits_restores_then_reanalyses_only_the_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should start from the saved analysis even when files changed while stopped, then sync them in,
    answering exactly as an engine that analysed everything afresh (the bot's and CLI's start-up)."""
    directory = tmp_path / "postings"
    directory.mkdir()
    for path in SAMPLES.iterdir():
        (directory / path.name).write_bytes(path.read_bytes())
    async with await Store.open(tmp_path / "store.db") as store:
        await Engine(store, today=lambda: TODAY).reload(directory)
        edited = sorted(directory.iterdir())[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\nQuokka wrangling on the side.\n",
                          encoding="utf-8")
        restart = Engine(store, today=lambda: TODAY)
        with monkeypatch.context() as patch:
            patch.setattr(Snapshot, "build", lambda *a, **k: pytest.fail("start should restore"))
            await restart.start()
            await restart.start()  # serving already: nothing to do
        report = await restart.reload(directory)
        assert len(report.updated) == 1 and not report.added and not report.removed
        fresh = Snapshot.build(await store.postings())
        assert [restart.snapshot.index.search(q) for q in [*QUERIES, "quokka"]] == \
               [fresh.index.search(q) for q in [*QUERIES, "quokka"]]
