"""Promise 1 of issue 6: hostile or broken posting files never hurt the corpus.

Every case goes through `Store.sync_directory` on a directory whose good postings were synced first.
The hostile file is either skipped with a one-line reason or parsed within the `ParseLimits`; a good
posting added in the same sync still loads, and the postings already stored do not change.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import dataclasses
import datetime as dt
import io
import itertools
import os
import pathlib
import shutil
import sqlite3
import string
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from discord_stub import running_bot
from pdf_fixture import pdf_bomb, pdf_with_huge_startxref, pdf_with_lone_surrogate, pdf_without_text

import knowledge.store as store_module
from bot.cli import main as cli_main
from bot.console import run_console
from bot.settings import Settings
from knowledge.models import Posting, SyncReport
from knowledge.parse import ParseLimits, posting_id
from knowledge.store import Store, StoreError
from knowledge.workers import shared_pool
from retrieval.engine import Engine

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
    shown: str | None = None
    """The source the report names, when it is not `name` (an undecodable file name)."""

    @property
    def source(self) -> str:
        return self.shown or self.name

    def write_bytes(self) -> bytes:
        """The bytes the case writes (for a case that is only content)."""
        return getattr(self.write, "data", b"")


def content(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data)

    write.data = data  # type: ignore[attr-defined]
    return write


def symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def hard_link_outside(path: Path) -> None:
    """Make `path` a second name of a good posting kept outside the postings directory."""
    outside = path.parent.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    target = outside / f"linked-{path.name}"
    target.write_text(TENANT_ORGANIZER.replace("Tenant Organizer", "Private Draft"), encoding="utf-8")
    os.link(target, path)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def undecodable_name(path: Path) -> None:
    """A good posting under a file name whose bytes are not UTF-8 (ignores `path`'s own name)."""
    with open(os.fsencode(path.parent) + b"/bad-\xff-name.txt", "wb") as handle:
        handle.write(NEWCOMER.replace("Canvass Director", "Phone Banker").encode())


# The inputs that were super-linear (issue 13), at the sizes the issue measured them.
def hyphen_words(n: int) -> str:
    return "Ab-" * n


def label_then_spaces(n: int) -> str:
    return "Location: Austin" + " " * n + "x"


def row_label_then_spaces(n: int) -> str:
    return "Location Austin" + " " * n + "x"


def reports_to_then_spaces(n: int) -> str:
    return "Reports to: Bob" + " " * n + "x"


def dotted_word(n: int) -> str:
    return "apply " + "a." * n


def distinct_city_names(n: int) -> str:
    names = ("".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=4))
    return " ".join(f"City of X{next(names)} is based in Y{next(names)}." for _ in range(n))


def sections_with_figures(n: int) -> str:
    return "\n\n".join(f"Heading {k}\nPay is ${k % 90 + 10},000 by March {k % 28 + 1}, 2027."
                       for k in range(n))


def table_cells(n: int) -> str:
    return "<table><tr>" + "<th>Pay</th><td>cell</td>" * n + "</tr></table>"


def many_attributes(n: int) -> str:
    return "<p " + " ".join(f"a{k}" for k in range(n)) + ">Organizer wanted.</p>"


def huge_charref(n: int) -> str:
    return "<p>Organizer &#" + "9" * n + "; wanted.</p>"


CYRILLIC = "Организатор сообщества\n\nОбязанности: проводить собрания жильцов."
CP1251_PAGE = (b'<html><head><meta charset="windows-1251"><title>x</title></head><body><p>'
               + CYRILLIC.encode("cp1251") + b"</p></body></html>")


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
    # Issue 13: each used to stall, crash the whole sync, leak, or exhaust memory.
    Hostile("hyphens.txt", content(hyphen_words(200).encode()), None),
    Hostile("label-spaces.txt", content(label_then_spaces(20_000).encode()), None),
    Hostile("row-label-spaces.txt", content(row_label_then_spaces(20_000).encode()), None),
    Hostile("reports-spaces.txt", content(reports_to_then_spaces(20_000).encode()), None),
    Hostile("dotted.txt", content(dotted_word(10_000).encode()), None),
    Hostile("city-names.txt", content(distinct_city_names(2_000).encode()), None),
    Hostile("sections.md", content(sections_with_figures(5_000).encode()), None),
    Hostile("cells.html", content(table_cells(50_000).encode()), None),
    Hostile("attributes.html", content(many_attributes(500_000).encode()), None),
    Hostile("charref.html", content(huge_charref(5_000).encode()), None),
    Hostile("cp1251.html", content(CP1251_PAGE), None),
    Hostile("surrogate.pdf", content(pdf_with_lone_surrogate()), None),
    Hostile("bomb.pdf", content(pdf_bomb()), "inflates to more than"),
    Hostile("startxref.pdf", content(pdf_with_huge_startxref()), "damaged"),
    Hostile("loop.txt", symlink_loop, "symbolic link loop"),
    Hostile("hard-link.txt", hard_link_outside, "hard links outside"),
    Hostile("fifo.txt", fifo, "Not a regular file"),
    Hostile("undecodable.txt", undecodable_name, "not valid UTF-8", shown="bad-\ufffd-name.txt"),
]
NOT_CONTENT = (link_outside, symlink_loop, hard_link_outside, fifo, undecodable_name)
"""Cases that are not a file's bytes: no upload carries them."""
SKIPPED = [case for case in CASES if case.reason is not None and case.write is not link_outside
           and case.shown is None]


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


@pytest.fixture(params=["worker", "in-process"])
def parsing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where a small sync parses: in a killable worker process (the default), or in this process (the
    fallback when no process can be started)."""
    monkeypatch.setattr(store_module, "PARSE_IN_WORKERS", request.param == "worker")
    return str(request.param)


@pytest.mark.parametrize("case", [
    pytest.param(case, id=case.name, marks=pytest.mark.skipif(
        case.write in NOT_CONTENT and sys.platform == "win32", reason="links and FIFOs differ on Windows"))
    for case in CASES
])
async def test_hostile_file_never_hurts_the_corpus(store: Store, synced: tuple[Path, dict[str, str]],
                                                   tmp_path: Path, case: Hostile, parsing: str) -> None:
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
        outcome = assert_one_line_reason(report, case.source, case.reason, tmp_path)
        assert report.added == ["canvass-director"]
    assert report.updated == report.removed == []
    assert report.unchanged == sorted(before)
    after = snapshot(await store.postings())
    assert {pid: after[pid] for pid in before} == before
    assert set(after) == set(before) | set(report.added)
    print(f"{case.name} ({parsing}): {outcome} ({elapsed:.2f} s)")


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
    *[(case.name, case.write_bytes()) for case in SKIPPED if case.name in ("bomb.pdf", "startxref.pdf")],
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
    shared_pool().close()  # the workers this sync starts are counted below
    for case in hostile:
        case.write(directory / case.name)
    newcomers = store_module.POOL_MIN_FILES  # with the hostile files, enough to parse in the worker pool
    for number in range(newcomers):
        (directory / f"canvass-director-{number}.txt").write_text(NEWCOMER, encoding="utf-8")

    report = await sync(store, directory)

    assert len(shared_pool().pids()) > 1 or os.cpu_count() == 1  # parsed by the worker processes
    expected = {case.source: case.reason for case in hostile if case.reason is not None}
    reasons = {skipped.source: skipped.reason for skipped in report.skipped}
    assert set(reasons) == set(expected)
    assert all(fragment in reasons[name] for name, fragment in expected.items())
    parsed = {posting_id(case.name) for case in hostile if case.reason is None}
    assert set(report.added) == parsed | {f"canvass-director-{number}" for number in range(newcomers)}
    after = snapshot(await store.postings())
    assert {pid: after[pid] for pid in before} == before


# --- Issue 13: linear extraction, killable parses, one bad file skips only itself ----------------------

GROWTH = [  # (what grew, how, n): n is sized so that a linear parse takes tens of milliseconds
    ("hyphenated words (city, ST)", "x.txt", hyphen_words, 1_000),
    ("spaces after a Location label", "x.txt", label_then_spaces, 5_000),
    ("spaces after a Location row", "x.txt", row_label_then_spaces, 5_000),
    ("spaces after Reports to", "x.txt", reports_to_then_spaces, 5_000),
    ("a dotted word (email)", "x.txt", dotted_word, 4_000),
    ("distinct city names", "x.txt", distinct_city_names, 100),
    ("sections with figures", "x.md", sections_with_figures, 100),
    ("table cells", "x.html", table_cells, 1_000),
    ("attributes of one tag", "x.html", many_attributes, 100_000),
]
GROWTH_LIMITS = ParseLimits(max_lines=1_000_000, max_passages=1_000_000)


def parse_seconds(name: str, text: str) -> float:
    """The best of three parse times (the fewest interruptions from a busy machine)."""
    data = text.encode()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        store_module.parse_posting(name, data, today=TODAY, limits=GROWTH_LIMITS)
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize(("grown", "name", "make", "n"), GROWTH, ids=[row[0] for row in GROWTH])
def test_parse_time_grows_linearly(grown: str, name: str, make: Callable[[int], str], n: int) -> None:
    """Should take about four times as long (well under ten) to parse a posting four times as long."""
    parse_seconds(name, make(n // 4))  # warm up: compiled patterns, imports
    small, large = parse_seconds(name, make(n)), parse_seconds(name, make(4 * n))
    print(f"{grown}: n={n} {small:.3f} s, 4n {large:.3f} s, ratio {large / small:.1f}")
    assert large < 10 * small


def slow_posting() -> bytes:
    """A legitimate posting that takes seconds to parse (thousands of sections with pay and dates)."""
    return sections_with_figures(8_000).encode()


async def test_a_parse_past_its_time_limit_is_killed_and_the_sync_goes_on(
        store: Store, tmp_path: Path) -> None:
    """Should kill a parse at `max_seconds`, skip it as taking too long and load the rest, while the event
    loop keeps ticking (its worst lag is printed; lag figures are measured by `python -m bench`)."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "slow.md").write_bytes(slow_posting())
    (directory / "canvass-director.txt").write_text(NEWCOMER, encoding="utf-8")
    lags: list[float] = []

    async def ticker() -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - started - 0.005)

    ticking = asyncio.create_task(ticker())
    started = time.perf_counter()
    report = await sync(store, directory, ParseLimits(max_seconds=0.5))
    elapsed = time.perf_counter() - started
    ticking.cancel()

    assert_one_line_reason(report, "slow.md", "took too long", tmp_path)
    assert report.added == ["canvass-director"]
    print(f"sync with a killed parse: {elapsed:.2f} s; worst event-loop lag {max(lags) * 1000:.0f} ms")
    assert len(lags) > 1


ORPHAN_SCRIPT = """
import re, sys
from knowledge.workers import shared_pool

def stuck(n):
    return re.match(r"(a|aa)+$", "a" * n + "b")  # exponential: holds the GIL for ever

if __name__ == "__main__":
    print("parsing", flush=True)
    shared_pool().run(stuck, [60, 61], seconds=600, workers=2)
"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.append(int(entry.name))
    return found


def descendants_of(pid: int) -> list[int]:
    """Children, grandchildren (workers forked by a fork server)... of `pid`."""
    found = children_of(pid)
    return found + [grandchild for child in found for grandchild in descendants_of(child)]


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "R"
    except OSError:
        return False


def test_a_killed_fork_server_is_started_again() -> None:
    """Should parse the next batch in fresh workers from a fresh fork server when the fork server (and
    with it the idle workers) was killed."""
    jobs: list[Any] = [(path.name, path.read_bytes(), TODAY, ParseLimits(), None)
                       for path in sorted(BUNDLED.iterdir())]
    assert all(not isinstance(result, str) for result in store_module.parse_in_workers(jobs))
    server = getattr(sys.modules.get("multiprocessing.forkserver"), "_forkserver", None)
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        pytest.skip("no fork server on this platform")
    idle = shared_pool().pids()
    os.kill(pid, 9)
    deadline = time.monotonic() + 10
    while any(alive(worker) for worker in idle) and time.monotonic() < deadline:
        time.sleep(0.05)  # its workers die with it
    assert all(not isinstance(result, str) for result in store_module.parse_in_workers(jobs))
    assert getattr(server, "_forkserver_pid", None) not in (None, pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_the_bot_leaves_no_worker(tmp_path: Path) -> None:
    """Should leave no worker process running (even one stuck in a regex) once its parent is SIGKILLed."""
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen([sys.executable, str(script)], cwd=root, stdout=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == b"parsing"
        deadline = time.monotonic() + 60
        while not any(running(pid) for pid in descendants_of(parent.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # stuck in the regex
        workers = descendants_of(parent.pid)  # the two workers, and whatever started them
        assert len(workers) >= 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
async def test_swapping_a_file_for_a_link_never_stores_the_outside_file(store: Store, tmp_path: Path) -> None:
    """Should never store a file from outside the directory while an entry flips between file and link."""
    directory = tmp_path / "postings"
    directory.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(TENANT_ORGANIZER.replace("Tenant Organizer", "Private Draft"), encoding="utf-8")
    entry = directory / "flip.txt"
    entry.write_text(NEWCOMER, encoding="utf-8")
    stop = threading.Event()

    def flip() -> None:
        while not stop.is_set():
            spare = directory / ".flip-next"
            with contextlib.suppress(OSError):
                if entry.is_symlink():
                    spare.write_text(NEWCOMER + f"\n{time.perf_counter()}", encoding="utf-8")
                else:
                    spare.symlink_to(secret)
                os.replace(spare, entry)

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        for _ in range(30):
            await sync(store, directory)
            assert all("Private Draft" not in posting.text for posting in await store.postings())
    finally:
        stop.set()
        flipper.join()


async def test_a_stored_row_that_no_longer_validates_is_reparsed(
        store: Store, synced: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Should re-parse, on the next sync, a stored posting whose row no longer validates."""
    directory, before = synced
    with sqlite3.connect(tmp_path / "db" / "open-roles.db") as db:
        db.execute("UPDATE postings SET parsed = '{\"id\": 1}' WHERE id = 'tenant-organizer'")
    assert "tenant-organizer" not in {posting.id for posting in await store.postings()}

    report = await sync(store, directory)

    assert report.updated == ["tenant-organizer"]
    assert snapshot(await store.postings()) == before


def test_a_damaged_database_is_one_line_with_how_to_rebuild(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Should report a damaged database in one line naming the rebuild, for the store and every command."""
    db = tmp_path / "open-roles.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8_000)
    with pytest.raises(StoreError, match="damaged") as raised:
        asyncio.run(Store.open(db))
    assert "\n" not in str(raised.value) and "reload" in str(raised.value)

    status = cli_main(["ask", "Who is hiring?", "--db", str(db), "--postings", str(BUNDLED)],
                      Settings(_env_file=None))  # type: ignore[call-arg]

    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "damaged" in err and "Traceback" not in err


async def test_read_only_mode_answers_without_writing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should answer from a database opened read-only, write nothing, and refuse changes in one line."""
    db = tmp_path / "open-roles.db"
    async with await Store.open(db) as writable:
        await writable.sync_directory(BUNDLED, today=TODAY)
        loads = len(await writable.load_log())
    async with await Store.open(db, read_only=True) as read_only:
        assert await read_only.postings()
        with pytest.raises(StoreError, match="read-only"):
            await read_only.sync_directory(BUNDLED, today=TODAY)

    status = await asyncio.to_thread(cli_main, ["ask", "Who is hiring?", "--read-only", "--db", str(db)],
                                     Settings(_env_file=None))  # type: ignore[call-arg]

    assert status == 0 and capsys.readouterr().out
    async with await Store.open(db) as reopened:
        assert len(await reopened.load_log()) == loads


async def test_two_reloads_at_once_do_not_both_report_the_work(tmp_path: Path) -> None:
    """Should report the added postings once when two stores (two processes) sync one directory at once."""
    db = tmp_path / "open-roles.db"
    async with await Store.open(db) as first, await Store.open(db) as second:
        reports = await asyncio.gather(first.sync_directory(BUNDLED, today=TODAY),
                                       second.sync_directory(BUNDLED, today=TODAY))
    added = sorted(len(report.added) for report in reports)
    assert added == [0, len(list(BUNDLED.iterdir()))]


async def test_html_meta_charset_and_pdf_surrogates_keep_their_text(store: Store, tmp_path: Path) -> None:
    """Should decode a page by its `<meta charset>`, and store a PDF whose map yields a lone surrogate."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "cp1251.html").write_bytes(CP1251_PAGE)
    (directory / "surrogate.pdf").write_bytes(pdf_with_lone_surrogate())

    report = await sync(store, directory)

    assert report.added == ["cp1251", "surrogate"]
    texts = {posting.id: posting.text for posting in await store.postings()}
    assert "Организатор сообщества" in texts["cp1251"]
    assert "Field Organizer \ufffd" in texts["surrogate"]


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_cli_parse_refuses_devices_and_fifos_before_reading(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], special: str) -> None:
    """Should refuse a device or FIFO at once (no hang, no MemoryError) with a one-line reason."""
    path = Path(special) if special.startswith("/") else tmp_path / "posting.txt"
    if special == "fifo":
        os.mkfifo(path)

    status = cli_main(["parse", str(path)], Settings(_env_file=None))  # type: ignore[call-arg]

    assert status == 1 and "Not a regular file" in capsys.readouterr().err


def test_cli_parse_applies_the_line_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Should apply MAX_POSTING_LINES in `parse` as a sync does."""
    path = tmp_path / "bullets.txt"
    path.write_text(bullets(100), encoding="utf-8")

    status = cli_main(["parse", str(path)], Settings(_env_file=None, max_posting_lines=50))  # type: ignore[call-arg]

    assert status == 1 and "over the limit of 50 lines" in capsys.readouterr().err


ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"
CONTROLS = {"\x1b", "\x07", "\x9b", "\u202e"}
TERMINAL_HOSTILE = NEWCOMER.replace("Canvass Director", f"Canvass Director {ESCAPES}").replace(
    "$60,000 per year.", f"$60,000 per year {ESCAPES}.")


PAY_QUESTION = "What does the canvass director pay?"


@pytest.mark.parametrize("argv", [["ask", PAY_QUESTION], ["ask", PAY_QUESTION, "--json"], ["jobs"],
                                  ["jobs", "--json"], ["reload"]])
def test_terminal_output_carries_no_control_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Should print a posting's escape sequences and bidi overrides as harmless replacement characters."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "canvass-director.txt").write_text(TERMINAL_HOSTILE, encoding="utf-8")
    (directory / "bad\x1b[31m.txt").write_bytes(b"")

    cli_main([*argv, "--db", str(tmp_path / "db"), "--postings", str(directory)],
             Settings(_env_file=None))  # type: ignore[call-arg]

    out, err = capsys.readouterr()
    assert "canvass" in (out + err).lower()
    assert not CONTROLS & set(out + err)


async def test_console_output_carries_no_control_characters(store: Store, tmp_path: Path) -> None:
    """Should write the console's replies without a posting's control characters."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "canvass-director.txt").write_text(TERMINAL_HOSTILE, encoding="utf-8")
    engine = Engine(store, today=lambda: TODAY)
    await engine.start()
    await engine.reload(directory)
    out = io.StringIO()

    await run_console(engine, io.StringIO("What does the canvass director pay?\n/jobs\n"), out)

    assert "Canvass Director" in out.getvalue()
    assert not CONTROLS & set(out.getvalue())


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("surrogate.pdf", pdf_with_lone_surrogate(), None),
    ("hyphens.txt", hyphen_words(200).encode(), None),
    ("reports.txt", reports_to_then_spaces(20_000).encode(), None),
    ("bomb.pdf", pdf_bomb(), "inflates to more than"),
    ("startxref.pdf", pdf_with_huge_startxref(), "damaged"),
])
async def test_postings_add_survives_hostile_uploads(tmp_path: Path, name: str, data: bytes,
                                                     reason: str | None) -> None:
    """Should add, or refuse with its reason, a hostile file uploaded with `/postings add`."""
    postings = tmp_path / "postings"
    shutil.copytree(BUNDLED, postings)
    async with running_bot(tmp_path, postings, TODAY) as run:
        before = {posting.id for posting in run.bot.engine.postings(guild_id=run.guild_id)}
        interaction = await run.stub.slash("postings add", {"file": (name, data)}, user=run.stub.moderator)
        embed = (await run.stub.reply(interaction))["embeds"][0]

        served = {posting.id for posting in run.bot.engine.postings(guild_id=run.guild_id)}
        if reason is None:
            assert "added 1" in embed["description"]
            assert served == before | {posting_id(name)}
        else:
            fields = {field["name"]: field["value"] for field in embed["fields"]}
            assert reason in fields["Skipped"]
            assert served == before
