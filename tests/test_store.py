"""The store: syncing a postings directory, uploads, removal, persistence and the logs."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pg_server import fresh_database

import knowledge.folder_stamp as folder_stamp_module
import knowledge.store as store_module
from knowledge.errors import PostingError
from knowledge.folder_stamp import RACY_SECONDS, folder_stamp
from knowledge.models import Fact, Passage, Posting
from knowledge.parse import ParseLimits, content_hash, parse_posting
from knowledge.pgstore import PostgresStore
from knowledge.store import KEY_FIELDS, SCHEMA_VERSION, AuditEntry, Store, StoreError

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
BUNDLED = Path(__file__).resolve().parent.parent / "knowledge" / "postings"

FIELD_ORGANIZER = """Field Organizer
Riverbend Tenants Union

About the role
The Field Organizer builds tenant committees across three neighborhoods.

Pay
$52,000 - $58,000 per year.

How to apply
Send a resume to jobs@riverbend.example by December 12, 2026.
"""

DATA_LEAD = """# Data Lead

**Organization:** Coastal Voter Project
**Location:** Remote (US)

## Responsibilities
- Maintain the voter file and weekly dashboards.
- Train volunteers in data entry.

## Compensation
$30/hour, 20 hours per week.
"""

CAMPAIGN_HTML = """<html><head><title>Campaign Manager</title><style>p {color: red}</style></head>
<body><h1>Campaign Manager</h1><p>Prairie Workers Alliance is hiring.</p>
<h2>Apply</h2><p>Apply at https://prairie.example/jobs before 2027-01-15.</p></body></html>
"""

BROKEN: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
}


def write(directory: Path, name: str, text: str | bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def summary(postings: list[Posting]) -> list[tuple[str, str, str]]:
    return [(p.id, p.source, p.content_hash) for p in postings]


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap the store's parser; returns the list of names it was called with."""
    calls: list[str] = []

    def counting(name: str, data: bytes, **kwargs: Any) -> Posting:
        calls.append(name)
        return parse_posting(name, data, **kwargs)

    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", False)  # a patched parser lives here only

    monkeypatch.setattr(store_module, "parse_posting", counting)
    return calls


def patch_parser(monkeypatch: pytest.MonkeyPatch, change: Callable[[Posting], Posting]) -> None:
    """Make the store's parser return `change(real posting)`."""

    def changed(name: str, data: bytes, **kwargs: Any) -> Posting:
        return change(parse_posting(name, data, **kwargs))

    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", False)  # a patched parser lives here only

    monkeypatch.setattr(store_module, "parse_posting", changed)


@pytest.fixture
def postings_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "postings"
    write(directory, "field-organizer.txt", FIELD_ORGANIZER)
    write(directory, "Data Lead.md", DATA_LEAD)
    write(directory, "campaign-manager.html", CAMPAIGN_HTML)
    return directory


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh store on each backend: every test taking it runs against SQLite and PostgreSQL."""
    if request.param == "sqlite":
        async with await Store.open(tmp_path / "db" / "open-roles.db", clock=lambda: NOW) as opened:
            yield opened
        return
    async with fresh_database(request.getfixturevalue("postgres_url")) as url, \
            await PostgresStore.open(url, clock=lambda: NOW) as opened:
        yield opened


def sqlite_only(store: Store) -> None:
    """Skip on PostgreSQL a test that reads the SQLite file itself."""
    if isinstance(store, PostgresStore):
        pytest.skip("reads the SQLite file directly")


async def test_sync_adds_every_supported_file(store: Store, postings_dir: Path) -> None:
    """Should add one posting per supported file, with its id, source and content hash."""
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.added == ["campaign-manager", "data-lead", "field-organizer"]
    assert summary(await store.postings()) == [
        ("campaign-manager", "campaign-manager.html", content_hash(CAMPAIGN_HTML.encode())),
        ("data-lead", "Data Lead.md", content_hash(DATA_LEAD.encode())),
        ("field-organizer", "field-organizer.txt", content_hash(FIELD_ORGANIZER.encode())),
    ]


async def test_sync_loads_the_bundled_postings(store: Store, tmp_path: Path) -> None:
    """Should load every bundled sample posting file."""
    directory = tmp_path / "bundled"
    shutil.copytree(BUNDLED, directory)
    report = await store.sync_directory(directory, today=TODAY)
    assert report.skipped == []
    assert sorted(p.source for p in await store.postings()) == sorted(p.name for p in BUNDLED.iterdir())


async def test_sync_updates_a_changed_file(store: Store, postings_dir: Path) -> None:
    """Should re-parse a file whose content changed and store its new hash."""
    await store.sync_directory(postings_dir, today=TODAY)
    new_text = FIELD_ORGANIZER.replace("three", "five")
    write(postings_dir, "field-organizer.txt", new_text)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert (report.added, report.updated, report.removed) == ([], ["field-organizer"], [])
    stored = {p.id: p for p in await store.postings()}
    assert stored["field-organizer"].content_hash == content_hash(new_text.encode())


async def test_sync_removes_a_deleted_file(store: Store, postings_dir: Path) -> None:
    """Should remove the posting of a file gone from the directory."""
    await store.sync_directory(postings_dir, today=TODAY)
    (postings_dir / "Data Lead.md").unlink()
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.removed == ["data-lead"]
    assert [p.id for p in await store.postings()] == ["campaign-manager", "field-organizer"]


async def test_sync_does_not_reparse_unchanged_files(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should report unchanged files as unchanged without parsing them again."""
    calls = count_parses(monkeypatch)
    await store.sync_directory(postings_dir, today=TODAY)
    first = len(calls)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert (first, len(calls)) == (3, 3)
    assert report.unchanged == ["campaign-manager", "data-lead", "field-organizer"]
    assert not report.changed


async def test_sync_reparses_when_the_parser_changed(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should re-parse unchanged files once the parsing code changed (a new parser fingerprint)."""
    await store.sync_directory(postings_dir, today=TODAY)
    monkeypatch.setattr(store_module, "parser_fingerprint", lambda: "another-parser")
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.updated == ["campaign-manager", "data-lead", "field-organizer"]


@pytest.mark.parametrize("kind", sorted(BROKEN))
async def test_bad_new_file_leaves_store_unchanged(
        store: Store, postings_dir: Path, kind: str) -> None:
    """Should skip a new file that is not a posting and leave the stored postings as they were."""
    await store.sync_directory(postings_dir, today=TODAY)
    before = await store.postings()
    write(postings_dir, "broken.txt", BROKEN[kind])
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["broken.txt"]
    assert not report.changed
    assert await store.postings() == before


@pytest.mark.parametrize("kind", sorted(BROKEN))
async def test_broken_version_keeps_the_old_posting(store: Store, postings_dir: Path, kind: str) -> None:
    """Should keep the stored posting, and say so, when its file becomes unparseable."""
    await store.sync_directory(postings_dir, today=TODAY)
    before = await store.postings()
    write(postings_dir, "field-organizer.txt", BROKEN[kind])
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["field-organizer.txt"]
    assert "previously loaded version of field-organizer is kept" in report.skipped[0].reason
    assert (report.updated, report.removed) == ([], [])
    assert await store.postings() == before


async def test_parse_error_message_is_reported(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should report the parser's one-sentence message as the reason a file was skipped."""

    def refuse(name: str, data: bytes, **kwargs: Any) -> Posting:
        if name == "Data Lead.md":
            raise PostingError("The file has no text layer.")
        return parse_posting(name, data, **kwargs)

    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", False)  # a patched parser lives here only

    monkeypatch.setattr(store_module, "parse_posting", refuse)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [(s.source, s.reason) for s in report.skipped] == [("Data Lead.md", "The file has no text layer.")]
    assert report.added == ["campaign-manager", "field-organizer"]


async def test_unexpected_parser_failure_skips_only_that_file(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should skip a file whose parsing raised an unexpected error and still load the others."""

    def crash(name: str, data: bytes, **kwargs: Any) -> Posting:
        if name == "campaign-manager.html":
            raise IndexError("bug in an extractor")
        return parse_posting(name, data, **kwargs)

    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", False)  # a patched parser lives here only

    monkeypatch.setattr(store_module, "parse_posting", crash)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["campaign-manager.html"]
    assert report.added == ["data-lead", "field-organizer"]


@pytest.mark.parametrize(("name", "content"), [
    ("notes.docx", b"PK\x03\x04 not a posting"),
    ("README", b"no suffix at all"),
    ("picture.png", b"\x89PNG\r\n\x1a\n"),
])
async def test_unsupported_file_type_is_skipped(
        store: Store, postings_dir: Path, name: str, content: bytes) -> None:
    """Should skip files of an unsupported type with a reason naming the supported ones."""
    write(postings_dir, name, content)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == [name]
    assert "Unsupported file type" in report.skipped[0].reason
    assert ".pdf" in report.skipped[0].reason


async def test_hidden_files_and_subdirectories_are_ignored(store: Store, postings_dir: Path) -> None:
    """Should ignore hidden files and anything in subdirectories."""
    write(postings_dir, ".field-organizer.txt.swp", b"\x00\x01")
    write(postings_dir / "archive", "old-role.txt", FIELD_ORGANIZER)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.skipped == []
    assert len(await store.postings()) == 3


async def test_symlink_outside_directory_is_skipped(store: Store, postings_dir: Path, tmp_path: Path) -> None:
    """Should skip a symbolic link that resolves outside the postings directory."""
    secret = write(tmp_path / "elsewhere", "secret.txt", "Private Notes\nNot a posting for anyone.\n")
    (postings_dir / "leak.txt").symlink_to(secret)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["leak.txt"]
    assert "outside the postings directory" in report.skipped[0].reason
    assert "leak" not in [p.id for p in await store.postings()]


async def test_symlink_inside_directory_is_loaded(store: Store, postings_dir: Path) -> None:
    """Should load a symbolic link to a file inside the postings directory."""
    target = write(postings_dir / "drafts", "organizer-draft.txt", FIELD_ORGANIZER)
    (postings_dir / "organizer-final.txt").symlink_to(target)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert "organizer-final" in report.added


async def test_broken_symlink_is_skipped(store: Store, postings_dir: Path, tmp_path: Path) -> None:
    """Should skip a symbolic link whose target does not exist."""
    (postings_dir / "dangling.md").symlink_to(tmp_path / "missing.md")
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["dangling.md"]


async def test_oversize_file_is_skipped_without_parsing(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should skip a file over the byte limit without parsing it."""
    calls = count_parses(monkeypatch)
    with (postings_dir / "huge.txt").open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: large on paper, cheap on disk
    report = await store.sync_directory(postings_dir, today=TODAY, limits=ParseLimits(max_bytes=10_000))
    assert [s.source for s in report.skipped] == ["huge.txt"]
    assert "10,000-byte limit" in report.skipped[0].reason
    assert "huge.txt" not in calls


async def test_second_file_with_the_same_id_is_skipped(store: Store, postings_dir: Path) -> None:
    """Should load only one of two files mapping to the same posting id and skip the other with a reason."""
    write(postings_dir, "data-lead.txt", DATA_LEAD)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["data-lead.txt"]
    assert "Same posting id (data-lead)" in report.skipped[0].reason
    assert [p.source for p in await store.postings() if p.id == "data-lead"] == ["Data Lead.md"]


async def test_stored_source_keeps_its_id_over_a_new_namesake(store: Store, postings_dir: Path) -> None:
    """Should keep the file already loaded for an id when a namesake sorting before it appears."""
    await store.sync_directory(postings_dir, today=TODAY)
    write(postings_dir, "Data-Lead.markdown", DATA_LEAD)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert [s.source for s in report.skipped] == ["Data-Lead.markdown"]
    assert "data-lead" in report.unchanged


async def test_missing_directory_raises_and_keeps_postings(store: Store, postings_dir: Path,
                                                            tmp_path: Path) -> None:
    """Should refuse to sync a directory that does not exist rather than remove every posting."""
    await store.sync_directory(postings_dir, today=TODAY)
    with pytest.raises(StoreError, match="does not exist"):
        await store.sync_directory(tmp_path / "typo", today=TODAY)
    assert len(await store.postings()) == 3


async def test_missing_fields_names_absent_key_fields(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should list, per added posting, the key fields it lacks."""
    title = Fact[str](value="Some Role", text="Some Role", start_line=1, end_line=1)
    patch_parser(monkeypatch, lambda p: p.model_copy(update={**dict.fromkeys(KEY_FIELDS), "title": title}))
    report = await store.sync_directory(postings_dir, today=TODAY)
    expected = [f for f in KEY_FIELDS if f != "title"]
    assert report.missing_fields == dict.fromkeys(report.added, expected)


async def test_failed_apply_keeps_the_old_set(
        store: Store, postings_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should roll the whole sync back when writing one posting fails midway."""
    await store.sync_directory(postings_dir, today=TODAY)
    before = await store.postings()
    for name, text in (("field-organizer.txt", FIELD_ORGANIZER + "\nUpdated.\n"),
                       ("Data Lead.md", DATA_LEAD + "\nUpdated.\n"), ("new-role.txt", FIELD_ORGANIZER)):
        write(postings_dir, name, text)
    real_rows = store_module._passage_rows
    written: list[str] = []

    def fail_on_second(posting: Posting) -> Any:
        written.append(posting.id)
        if len(written) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real_rows(posting)

    monkeypatch.setattr(store_module, "_passage_rows", fail_on_second)
    with pytest.raises(sqlite3.OperationalError):
        await store.sync_directory(postings_dir, today=TODAY)
    assert await store.postings() == before
    assert len(await store.load_log()) == 1


async def test_reopen_restores_the_stored_postings(tmp_path: Path, postings_dir: Path) -> None:
    """Should restore, after reopening, postings equal to those stored (without parsing)."""
    path = tmp_path / "reopen.db"
    async with await Store.open(path) as first:
        await first.sync_directory(postings_dir, today=TODAY)
        stored = await first.postings()
    async with await Store.open(path) as second:
        assert await second.postings() == stored


async def test_passages_are_stored_and_removed_with_their_posting(
        store: Store, postings_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should store each posting's passages and delete them along with the posting."""

    def with_passages(posting: Posting) -> Posting:
        passages = [Passage(posting_id=posting.id, index=i, section="About", text=f"line {i}",
                            start_line=i + 1, end_line=i + 1) for i in range(2)]
        return posting.model_copy(update={"passages": passages})

    sqlite_only(store)
    patch_parser(monkeypatch, with_passages)
    await store.sync_directory(postings_dir, today=TODAY)
    assert await store.remove("data-lead")
    with sqlite3.connect(tmp_path / "db" / "open-roles.db") as db:
        rows = db.execute("SELECT posting_id, COUNT(*) FROM passages GROUP BY posting_id").fetchall()
    assert rows == [("campaign-manager", 2), ("field-organizer", 2)]


@pytest.mark.parametrize(("posting_id", "expected"), [("data-lead", True), ("no-such-role", False)])
async def test_remove(store: Store, postings_dir: Path, posting_id: str, expected: bool) -> None:
    """Should remove a stored posting and say whether there was one."""
    await store.sync_directory(postings_dir, today=TODAY)
    assert await store.remove(posting_id) is expected
    assert posting_id not in [p.id for p in await store.postings()]


async def test_add_file_adds_then_reports_unchanged_then_updated(store: Store) -> None:
    """Should add an upload, report the same bytes as unchanged and new bytes as updated."""
    first = await store.add_file("Field Organizer.txt", FIELD_ORGANIZER.encode(), today=TODAY)
    again = await store.add_file("Field Organizer.txt", FIELD_ORGANIZER.encode(), today=TODAY)
    changed = await store.add_file("Field Organizer.txt", b"Field Organizer\nNow hiring two.\n", today=TODAY)
    assert (first.added, again.unchanged, changed.updated) == (
        ["field-organizer"], ["field-organizer"], ["field-organizer"])


@pytest.mark.parametrize("name", ["../../etc/role.md", "C:\\Users\\mod\\role.md", "uploads/role.md"])
async def test_add_file_drops_directories_from_the_name(store: Store, name: str) -> None:
    """Should store an upload under its base name only."""
    await store.add_file(name, DATA_LEAD.encode(), today=TODAY)
    assert summary(await store.postings()) == [("role", "role.md", content_hash(DATA_LEAD.encode()))]


@pytest.mark.parametrize(("name", "data"), [
    ("role.txt", b""),
    ("role.exe", b"MZ\x90\x00"),
    ("role.txt", b"x" * 2_000),
])
async def test_add_file_rejects_bad_uploads(store: Store, name: str, data: bytes) -> None:
    """Should skip an empty, unsupported or oversized upload and store nothing."""
    report = await store.add_file(name, data, today=TODAY, limits=ParseLimits(max_bytes=1_000))
    assert [s.source for s in report.skipped] == [name]
    assert await store.postings() == []


async def test_add_file_broken_version_keeps_the_old_posting(store: Store) -> None:
    """Should keep the stored posting when a broken version of it is uploaded."""
    await store.add_file("role.md", DATA_LEAD.encode(), today=TODAY)
    before = await store.postings()
    report = await store.add_file("role.md", BROKEN["binary"], today=TODAY)
    assert "previously loaded version of role is kept" in report.skipped[0].reason
    assert await store.postings() == before


async def test_uploads_survive_a_directory_sync(store: Store, postings_dir: Path) -> None:
    """Should keep uploaded postings when syncing a directory that does not hold them."""
    await store.add_file("uploaded-role.txt", FIELD_ORGANIZER.encode(), today=TODAY)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.removed == []
    assert "uploaded-role" in [p.id for p in await store.postings()]


async def test_directory_file_replaces_an_upload_with_its_id(store: Store, postings_dir: Path) -> None:
    """Should replace an uploaded posting by the directory file with the same id when they differ."""
    await store.add_file("data-lead.txt", FIELD_ORGANIZER.encode(), today=TODAY)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert "data-lead" in report.updated
    assert [p.source for p in await store.postings() if p.id == "data-lead"] == ["Data Lead.md"]


async def test_concurrent_syncs_run_one_after_the_other(store: Store, postings_dir: Path) -> None:
    """Should serialize two syncs started at once: the second sees what the first stored."""
    first, second = await asyncio.gather(store.sync_directory(postings_dir, today=TODAY),
                                         store.sync_directory(postings_dir, today=TODAY))
    reports = sorted([first, second], key=lambda r: len(r.added))
    everything = ["campaign-manager", "data-lead", "field-organizer"]
    assert (reports[0].added, reports[0].unchanged) == ([], everything)
    assert reports[1].added == everything


async def test_schema_version_is_set(store: Store, tmp_path: Path) -> None:
    """Should record the schema version in PRAGMA user_version."""
    sqlite_only(store)
    assert await store.schema_version() == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "db" / "open-roles.db") as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    """Should refuse to open a database whose schema is newer than this code."""
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        await Store.open(path)


async def test_in_memory_database(postings_dir: Path) -> None:
    """Should work on an in-memory database."""
    async with await Store.open(":memory:") as memory:
        report = await memory.sync_directory(postings_dir, today=TODAY)
        assert len(await memory.postings()) == len(report.added) == 3


async def test_audit_log_is_newest_first_and_limited(store: Store) -> None:
    """Should return the latest audit entries, newest first, at most `limit` of them."""
    for number in range(4):
        await store.record_audit("mod#1", "remove", f"posting {number}")
    entries = await store.audit_log(limit=2)
    assert entries == [AuditEntry(at=NOW, actor="mod#1", action="remove", detail=f"posting {n}")
                       for n in (3, 2)]


async def test_load_log_records_each_load(store: Store, postings_dir: Path) -> None:
    """Should log every sync and upload with its directory and report, newest first."""
    synced = await store.sync_directory(postings_dir, today=TODAY)
    uploaded = await store.add_file("extra.txt", FIELD_ORGANIZER.encode(), today=TODAY)
    records = await store.load_log()
    assert [(r.at, r.directory, r.report) for r in records] == [
        (NOW, None, uploaded), (NOW, str(postings_dir), synced)]


# ----- the unchanged-folder check (`knowledge.folder_stamp`) ----------------------------------------------

@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust files changed just now (the tests set distinct modification times themselves)."""
    monkeypatch.setattr(folder_stamp_module, "RACY_SECONDS", 0.0)


def count_plans(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Wrap the store's sync planner (which reads every file); returns the folders it planned."""
    calls: list[Path] = []
    plan = store_module._plan_sync

    def counting(directory: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(directory)
        return plan(directory, *args, **kwargs)

    monkeypatch.setattr(store_module, "_plan_sync", counting)
    return calls


async def test_an_unchanged_folder_is_not_read_again(store: Store, postings_dir: Path, settled: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Should answer a repeat sync of an unchanged folder with the last report, reading and logging none."""
    await store.sync_directory(postings_dir, today=TODAY)
    unchanged = await store.sync_directory(postings_dir, today=TODAY)  # vouches for the stored postings
    plans, loads = count_plans(monkeypatch), len(await store.load_log())
    again = await store.sync_directory(postings_dir, today=TODAY)
    assert plans == [] and len(await store.load_log()) == loads
    assert again == unchanged
    assert sorted(again.unchanged) == ["campaign-manager", "data-lead", "field-organizer"]


def _touch(path: Path, text: str | None = None, *, minutes_ago: int = 0) -> None:
    if text is not None:
        path.write_text(text)
    stamp = NOW.timestamp() - 60 * minutes_ago
    os.utime(path, (stamp, stamp))


CHANGES: list[tuple[str, Callable[[Path], None], dict[str, list[str]]]] = [
    ("same size, new text", lambda d: _touch(d / "field-organizer.txt", FIELD_ORGANIZER.replace(
        "three", "seven"), minutes_ago=5), {"updated": ["field-organizer"]}),
    ("added", lambda d: _touch(d / "extra.txt", DATA_LEAD), {"added": ["extra"]}),
    ("removed", lambda d: (d / "Data Lead.md").unlink(), {"removed": ["data-lead"]}),
]


@pytest.mark.parametrize(("case", "change", "expected"), CHANGES, ids=[c[0] for c in CHANGES])
async def test_a_changed_added_or_removed_file_still_syncs(
        store: Store, postings_dir: Path, settled: None, case: str, change: Callable[[Path], None],
        expected: dict[str, list[str]]) -> None:
    """Should sync a folder again once one of its files changed, appeared or went."""
    for path in postings_dir.iterdir():
        _touch(path, minutes_ago=10)
    await store.sync_directory(postings_dir, today=TODAY)
    await store.sync_directory(postings_dir, today=TODAY)
    change(postings_dir)
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert {key: getattr(report, key) for key in expected} == expected


async def test_a_removed_posting_comes_back_from_its_unchanged_file(store: Store, postings_dir: Path,
                                                                   settled: None) -> None:
    """Should re-add a posting removed from the store though its file did not change."""
    await store.sync_directory(postings_dir, today=TODAY)
    await store.sync_directory(postings_dir, today=TODAY)
    assert await store.remove("data-lead")
    report = await store.sync_directory(postings_dir, today=TODAY)
    assert report.added == ["data-lead"]


async def test_other_limits_sync_again(store: Store, postings_dir: Path, settled: None) -> None:
    """Should sync again under other parse limits (a file skipped as too large may now fit)."""
    await store.sync_directory(postings_dir, today=TODAY)
    await store.sync_directory(postings_dir, today=TODAY)
    report = await store.sync_directory(postings_dir, today=TODAY, limits=ParseLimits(max_bytes=100))
    assert len(report.skipped) == 3


def test_a_file_changed_just_now_gives_no_stamp(postings_dir: Path) -> None:
    """Should not vouch for a folder whose file changed within the clock's resolution of now."""
    now = (postings_dir / "Data Lead.md").stat().st_ctime
    assert folder_stamp(postings_dir, clock=lambda: now + 0.5) is None
    assert folder_stamp(postings_dir, clock=lambda: now + RACY_SECONDS + 1) is not None


def test_the_stamp_follows_names_sizes_and_times_not_hidden_files(postings_dir: Path) -> None:
    """Should change with a file's size or time or a new file, not with a hidden one."""
    def stamp() -> str | None:
        return folder_stamp(postings_dir, clock=lambda: time.time() + 3600)

    for path in postings_dir.iterdir():
        _touch(path, minutes_ago=10)
    first = stamp()
    (postings_dir / ".swap").write_text("editor swap file")
    assert stamp() == first
    _touch(postings_dir / "Data Lead.md", minutes_ago=9)
    assert stamp() != first
