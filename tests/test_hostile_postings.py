"""Promise 1 of issue 6: hostile or broken posting files never hurt the corpus.

Every case goes through `Store.sync_directory` on a directory whose good postings were synced first.
The hostile file is either skipped with a one-line reason or parsed within the `ParseLimits`; a good
posting added in the same sync still loads, and the postings already stored do not change.
"""

from __future__ import annotations

import asyncio
import codecs
import dataclasses
import datetime as dt
import pathlib
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from pdf_fixture import pdf_without_text

import knowledge.store as store_module
from bot.settings import Settings
from knowledge.models import Posting, SyncReport
from knowledge.parse import ParseLimits, posting_id
from knowledge.store import Store

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
BUNDLED = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
# Not a performance target: only a guard so that a parser that never returns fails instead of hanging CI.
HANG_GUARD_SECONDS = 120

TENANT_ORGANIZER = """Tenant Organizer
Millbrook Renters Association

About the role
The Tenant Organizer knocks doors and builds building committees in the east side.

Pay
$48,000 - $54,000 per year.

How to apply
Email hiring@millbrook-renters.example by January 9, 2027.
"""

GRANTS_WRITER = """# Grants Writer

**Organization:** Saltmarsh Conservancy
**Location:** Remote (US)

## Responsibilities
- Draft foundation proposals and reports.
- Keep the funder calendar.

## Compensation
$32/hour, 25 hours per week.
"""

YOUTH_COORDINATOR = """<!doctype html><html><head><title>Youth Coordinator</title></head><body>
<h1>Youth Coordinator</h1><p>Ironwood Youth Alliance is hiring a part-time coordinator.</p>
<h2>Responsibilities</h2><ul><li>Run the after-school leadership program.</li>
<li>Recruit volunteer mentors.</li></ul>
<h2>Apply</h2><p>Apply at https://ironwood.example/jobs before 2027-02-01.</p></body></html>
"""

# Added in the same sync as the hostile file: proves the other postings still load.
NEWCOMER = """Canvass Director
Lowland Voters Project

Responsibilities
- Plan weekend canvasses with neighborhood captains.
- Report door counts every Monday.

Pay
$60,000 per year. Apply at https://lowland.example/apply.
"""

# A posting whose text is not all ASCII, for the encodings that must parse.
CAFE_TEXT = """Promotora de Salud
Clínica del Pueblo Unido

Responsabilidades
- Visitar a familias en su hogar y explicar los servicios de la clínica.
- Organizar talleres sobre nutrición.

Salario
$22/hour. Send your résumé to empleo@clinica-unido.example.
"""


def nested_html(depth: int) -> str:
    """HTML with scripts and styles at several depths inside `depth` nested elements around the text."""
    script = "<script>document.body.innerHTML = 'INJECTED-' + '{}'.repeat(9);</script>"
    return (
        "<html><head><style>body { display: none }</style>" + script + "</head><body>"
        + "<div>" * (depth // 2) + script
        + "<section><span>" * (depth // 4)
        + "<h1>Volunteer Coordinator</h1><p>Quarry Hill Food Bank is hiring.</p>" + script
        + "<ul><li>Schedule warehouse shifts.</li><li>Train new volunteers.</li></ul>"
        + "</span></section>" * (depth // 4)
        + "</div>" * (depth // 2)
        + "<script>INJECTED()</script></body></html>"
    )


def bullets(count: int) -> str:
    lines = ["Precinct Walker", "Hollow Creek Civic League", "", "Responsibilities"]
    lines += [f"- Walk turf {number} and log every conversation." for number in range(count)]
    return "\n".join(lines) + "\n"


def write_sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.truncate(size)  # large on paper, cheap on disk


def link_outside(path: Path) -> None:
    """Make `path` a symlink to a perfectly good posting that lives outside the postings directory."""
    outside = path.parent.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    target = outside / path.name
    target.write_text(TENANT_ORGANIZER.replace("Tenant Organizer", "Private Draft"), encoding="utf-8")
    path.symlink_to(target)


@dataclasses.dataclass(frozen=True)
class Hostile:
    """One hostile file: how to write it, and what the sync should do with it."""

    name: str
    write: Callable[[Path], None]
    reason: str | None
    """A fragment of the skip reason, or None when the file must parse."""


def content(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


CASES = [
    Hostile("empty.txt", content(b""), "empty"),
    Hostile("whitespace.md", content(b"  \n\t\r\n \x0b\x0c  \n\n"), "whitespace"),
    Hostile("binary.txt", content(bytes(range(256)) * 64), "binary"),
    Hostile("binary-no-nul.md", content(bytes(range(1, 32)) * 200), "binary"),
    Hostile("invalid-utf8.txt", content(bytes(range(0x80, 0x100)) * 64), "not valid UTF-8"),
    # Invalid UTF-8 that reads as Windows-1252 prose is accepted: a common export from older editors.
    Hostile("windows-1252.txt", content(CAFE_TEXT.encode("cp1252")), None),
    Hostile("utf16-le.txt", content(codecs.BOM_UTF16_LE + CAFE_TEXT.encode("utf-16-le")), None),
    Hostile("utf16-be.md", content(codecs.BOM_UTF16_BE + CAFE_TEXT.encode("utf-16-be")), None),
    Hostile("huge.txt", lambda path: write_sparse(path, 50_000_000), "5,000,000-byte limit"),
    Hostile("scanned.pdf", content(pdf_without_text()), "no text layer"),
    Hostile("not-really.pdf", content(b"%PDF-1.7\n" + bytes(range(256)) * 16), "damaged"),
    Hostile("nested.html", content(nested_html(10_000).encode()), None),
    Hostile("outside.txt", link_outside, "outside the postings directory"),  # not on Windows
    Hostile("bullets.txt", content(bullets(100_000).encode()), "over the limit of 50,000 lines"),
]
SKIPPED = [case for case in CASES if case.reason is not None and case.write is not link_outside]


def good_files() -> dict[str, str]:
    """The good postings every test starts from: the bundled samples and varied ones written here."""
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(BUNDLED.iterdir())}
    files.update({"tenant-organizer.txt": TENANT_ORGANIZER, "Grants Writer.md": GRANTS_WRITER,
                  "youth-coordinator.html": YOUTH_COORDINATOR})
    return files


def snapshot(postings: list[Posting]) -> dict[str, str]:
    return {posting.id: posting.model_dump_json() for posting in postings}


async def sync(store: Store, directory: Path, limits: ParseLimits | None = None) -> SyncReport:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        return await store.sync_directory(directory, today=TODAY, limits=limits)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "db" / "open-roles.db", clock=lambda: NOW) as opened:
        yield opened


@pytest.fixture
async def synced(store: Store, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A postings directory of good files, already synced; returns it and the stored snapshot."""
    directory = tmp_path / "postings"
    directory.mkdir()
    for name, text in good_files().items():
        (directory / name).write_text(text, encoding="utf-8")
    report = await sync(store, directory)
    assert report.skipped == []
    return directory, snapshot(await store.postings())


def assert_one_line_reason(report: SyncReport, name: str, fragment: str, tmp_path: Path) -> str:
    assert [skipped.source for skipped in report.skipped] == [name]
    reason = report.skipped[0].reason
    assert fragment in reason
    assert "\n" not in reason
    assert len(reason) <= 200
    assert str(tmp_path) not in reason  # no paths in what moderators are shown
    return reason


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.name, marks=pytest.mark.skipif(
        case.write is link_outside and sys.platform == "win32", reason="symlinks need privileges on Windows"))
    for case in CASES
])
async def test_hostile_file_never_hurts_the_corpus(
        store: Store, synced: tuple[Path, dict[str, str]], tmp_path: Path, case: Hostile) -> None:
    """Should skip (with a one-line reason) or parse a hostile file, load the others and keep the stored."""
    directory, before = synced
    case.write(directory / case.name)
    (directory / "canvass-director.txt").write_text(NEWCOMER, encoding="utf-8")

    started = time.perf_counter()
    report = await sync(store, directory)
    elapsed = time.perf_counter() - started

    new_id = posting_id(case.name)
    if case.reason is None:
        assert report.skipped == []
        assert report.added == sorted([new_id, "canvass-director"])
        outcome = "parsed"
    else:
        outcome = assert_one_line_reason(report, case.name, case.reason, tmp_path)
        assert report.added == ["canvass-director"]
    assert report.updated == report.removed == []
    assert report.unchanged == sorted(before)
    after = snapshot(await store.postings())
    assert {pid: after[pid] for pid in before} == before
    assert set(after) == set(before) | set(report.added)
    print(f"{case.name}: {outcome} ({elapsed:.2f} s)")


@pytest.mark.parametrize("case", SKIPPED, ids=[case.name for case in SKIPPED])
async def test_hostile_version_keeps_the_stored_posting(
        store: Store, synced: tuple[Path, dict[str, str]], tmp_path: Path, case: Hostile) -> None:
    """Should keep the stored posting unchanged when its file is overwritten with hostile content."""
    directory, before = synced
    target = directory / "tenant-organizer.txt"
    target.unlink()
    case.write(target)

    report = await sync(store, directory)

    reason = assert_one_line_reason(report, "tenant-organizer.txt", case.reason or "", tmp_path)
    assert "previously loaded version of tenant-organizer is kept" in reason
    assert not report.changed
    assert snapshot(await store.postings()) == before


async def test_oversized_file_is_never_opened(
        store: Store, synced: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Should skip a 50 MB file by its size alone, without opening or parsing it."""
    directory, _ = synced
    write_sparse(directory / "huge.md", 50_000_000)
    opened: list[str] = []
    parsed: list[str] = []
    real_open = pathlib.Path.open
    real_parse = store_module.parse_posting

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    def spy_parse(name: str, data: bytes, **kwargs: Any) -> Posting:
        parsed.append(name)
        return real_parse(name, data, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", spy_open)
    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", False)  # a patched parser lives here only
    monkeypatch.setattr(store_module, "parse_posting", spy_parse)
    report = await sync(store, directory)

    assert [skipped.source for skipped in report.skipped] == ["huge.md"]
    assert "huge.md" not in opened
    assert parsed == []


@pytest.mark.parametrize("name", ["utf16-le.txt", "utf16-be.md", "windows-1252.txt"])
async def test_other_encodings_keep_their_text(store: Store, tmp_path: Path, name: str) -> None:
    """Should decode a UTF-16 (with BOM) or Windows-1252 posting into exactly the text that was written."""
    directory = tmp_path / "postings"
    directory.mkdir()
    case = next(case for case in CASES if case.name == name)
    case.write(directory / name)

    await sync(store, directory)

    [posting] = await store.postings()
    assert posting.text == CAFE_TEXT


async def test_nested_html_drops_scripts_and_keeps_text(store: Store, tmp_path: Path) -> None:
    """Should read HTML nested 10,000 tags deep without script or style content."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "nested.html").write_text(nested_html(10_000), encoding="utf-8")

    await sync(store, directory)

    [posting] = await store.postings()
    assert "INJECTED" not in posting.text
    assert "display" not in posting.text
    assert "Quarry Hill Food Bank is hiring." in posting.text
    assert "Train new volunteers." in posting.text


async def test_many_bullets_are_capped_by_max_passages(store: Store, tmp_path: Path) -> None:
    """Should parse a posting with more bullets than `max_passages` into exactly that many passages."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "bullets.txt").write_text(bullets(100_000), encoding="utf-8")
    limits = ParseLimits(max_lines=200_000, max_passages=2_000)

    report = await sync(store, directory, limits)

    assert report.added == ["bullets"]
    [posting] = await store.postings()
    assert len(posting.passages) == limits.max_passages


@pytest.mark.parametrize(("name", "data"), [
    ("empty.txt", b""),
    ("binary.txt", bytes(range(256)) * 64),
    ("scanned.pdf", pdf_without_text()),
    ("huge.txt", b"x" * 6_000_000),
    ("bullets.txt", bullets(100_000).encode()),
])
async def test_hostile_upload_is_refused_with_a_reason(
        store: Store, synced: tuple[Path, dict[str, str]], name: str, data: bytes) -> None:
    """Should refuse a hostile upload with a one-line reason and leave the stored postings as they were."""
    _, before = synced

    report = await store.add_file(name, data, today=TODAY)

    assert [skipped.source for skipped in report.skipped] == [name]
    assert "\n" not in report.skipped[0].reason
    assert not report.changed
    assert snapshot(await store.postings()) == before


@pytest.mark.parametrize(("variables", "expected"), [
    ({}, ParseLimits()),
    ({"MAX_POSTING_BYTES": "1000", "MAX_POSTING_LINES": "20", "MAX_POSTING_PASSAGES": "7"},
     ParseLimits(max_bytes=1000, max_lines=20, max_passages=7)),
])
def test_parse_limits_come_from_settings(monkeypatch: pytest.MonkeyPatch, variables: dict[str, str],
                                         expected: ParseLimits) -> None:
    """Should build the parse limits from the settings, defaulting to the parser's own defaults."""
    for variable, value in variables.items():
        monkeypatch.setenv(variable, value)

    assert Settings(_env_file=None).parse_limits() == expected  # type: ignore[call-arg]



async def test_hostile_files_in_a_large_sync_are_skipped_by_the_worker_processes(
        store: Store, synced: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Should report every hostile file and load every good one when a sync is large enough for the pool."""
    directory, before = synced
    hostile = [case for case in CASES if case.write is not link_outside]
    for case in hostile:
        case.write(directory / case.name)
    newcomers = store_module.POOL_MIN_FILES  # with the hostile files, enough to parse in the worker pool
    for number in range(newcomers):
        (directory / f"canvass-director-{number}.txt").write_text(NEWCOMER, encoding="utf-8")

    report = await sync(store, directory)

    assert store._pool is not None  # the files were parsed by the worker processes
    expected = {case.name: case.reason for case in hostile if case.reason is not None}
    reasons = {skipped.source: skipped.reason for skipped in report.skipped}
    assert set(reasons) == set(expected)
    assert all(fragment in reasons[name] for name, fragment in expected.items())
    parsed = {posting_id(case.name) for case in hostile if case.reason is None}
    assert set(report.added) == parsed | {f"canvass-director-{number}" for number in range(newcomers)}
    after = snapshot(await store.postings())
    assert {pid: after[pid] for pid in before} == before
