"""A sync reports how far it is: each file parsed, then the saving, then (in the engine) the analysis."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import knowledge.store as store_module
from bot.cli import ProgressBar
from knowledge.store import Store, SyncProgress, SyncStage
from retrieval.engine import Engine

TODAY = dt.date(2026, 11, 23)


def write_postings(directory: Path, count: int) -> Path:
    """`count` small postings of varied formats."""
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = (f"Field Organizer {n}\nTenants Together Local {n}\n\nPay\n${40_000 + n * 500:,} per year.\n\n"
                f"How to apply\nWrite to jobs{n}@tenants.example.\n")
        if n % 2:
            (directory / f"organizer-{n:03d}.md").write_text("# " + body)
        else:
            (directory / f"organizer-{n:03d}.txt").write_text(body)
    return directory


class Recorder:
    """An `OnProgress` that keeps every report (from whichever thread)."""

    def __init__(self) -> None:
        self.reports: list[SyncProgress] = []
        self._lock = threading.Lock()

    def __call__(self, progress: SyncProgress) -> None:
        with self._lock:
            self.reports.append(progress)

    def of(self, stage: SyncStage) -> list[tuple[int, int]]:
        return [(r.done, r.total) for r in self.reports if r.stage is stage]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "roles.db") as opened:
        yield opened


async def test_sync_reports_each_file_parsed_then_the_saving(store: Store, tmp_path: Path) -> None:
    """Should report 0..n files parsed of n, in order, then the saving of the n postings."""
    recorder = Recorder()
    await store.sync_directory(write_postings(tmp_path / "postings", 6), today=TODAY, on_progress=recorder)
    assert recorder.of(SyncStage.PARSING) == [(done, 6) for done in range(7)]
    assert recorder.of(SyncStage.SAVING) == [(0, 6)]
    assert [r.stage for r in recorder.reports].index(SyncStage.SAVING) == 7


async def test_unchanged_files_are_not_counted_as_parsed(store: Store, tmp_path: Path) -> None:
    """Should report only the changed files as parsing work on a second sync."""
    directory = write_postings(tmp_path / "postings", 4)
    await store.sync_directory(directory, today=TODAY)
    (directory / "organizer-000.txt").write_text("Data Lead\nCoastal Voter Project\n\nPay\n$30/hour.\n")
    recorder = Recorder()
    await store.sync_directory(directory, today=TODAY, on_progress=recorder)
    assert recorder.of(SyncStage.PARSING) == [(0, 1), (1, 1)]


async def test_worker_pool_reports_each_file(store: Store, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Should report every file when the files are parsed in worker processes, and store them all."""
    monkeypatch.setattr(store_module, "POOL_MIN_FILES", 2)
    recorder = Recorder()
    report = await store.sync_directory(write_postings(tmp_path / "postings", 10), today=TODAY,
                                        on_progress=recorder)
    assert len(report.added) == 10 and not report.skipped
    assert recorder.of(SyncStage.PARSING) == [(done, 10) for done in range(11)]
    assert len(await store.postings()) == 10


async def test_engine_reports_the_analysis_after_the_sync(store: Store, tmp_path: Path) -> None:
    """Should report the analysis of the changed postings last, and none when nothing changed."""
    engine = Engine(store, today=lambda: TODAY)
    directory = write_postings(tmp_path / "postings", 3)
    recorder = Recorder()
    await engine.reload(directory, on_progress=recorder)
    assert recorder.reports[-1] == SyncProgress(SyncStage.ANALYSING, 0, 3)
    again = Recorder()
    await engine.reload(directory, on_progress=again)
    assert SyncStage.ANALYSING not in {r.stage for r in again.reports}


def test_progress_bar_shows_each_stage_on_a_terminal() -> None:
    """Should draw one bar per stage with its label and count, and remove it when closed."""
    out = io.StringIO()
    bar = ProgressBar(out, disable=False)
    for done in range(3):
        bar(SyncProgress(SyncStage.PARSING, done, 2))
    bar(SyncProgress(SyncStage.SAVING, 0, 2))
    bar.close()
    text = out.getvalue()
    assert "Parsing" in text and "/2 " in text and "Saving" in text  # tqdm redraws at most every 0.1 s


def test_progress_bar_is_silent_off_a_terminal() -> None:
    """Should draw nothing when its output is not a terminal (a pipe, a log file)."""
    out = io.StringIO()
    bar = ProgressBar(out)
    bar(SyncProgress(SyncStage.PARSING, 1, 2))
    bar.close()
    assert out.getvalue() == ""
