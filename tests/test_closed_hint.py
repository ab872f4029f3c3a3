"""Closed postings a `/jobs` filter hides are counted by the engine, and every face says how to list them:
"1 closed posting matches; add --include-closed to list it"."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord_stub import running_bot

from bot.cli import main
from bot.console import handle_line
from bot.settings import Settings
from knowledge.models import RemoteStatus
from knowledge.store import Store
from retrieval.engine import Engine
from retrieval.jobs import job_filters
from retrieval.models import JobsResult

TODAY = dt.date(2026, 11, 23)
# The README's example: the one remote posting paying $60,000 or more closed in January 2025.
REMOTE_PAYING = {"remote": RemoteStatus.REMOTE, "min_salary": 60_000.0}


@pytest.fixture
async def engine(tmp_path: Path, bundled_dir: Path) -> AsyncIterator[Engine]:
    async with await Store.open(tmp_path / "roles.db") as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(bundled_dir)
        yield engine


async def test_the_engine_counts_the_closed_postings_it_left_out(engine: Engine) -> None:
    """Should count the closed postings passing the filters when closed ones are not asked for."""
    hidden = await engine.jobs(job_filters(**REMOTE_PAYING))  # type: ignore[arg-type]
    shown = await engine.jobs(job_filters(**REMOTE_PAYING, include_closed=True))  # type: ignore[arg-type]
    assert hidden.matches == [] and hidden.closed_left_out == len(shown.matches) == 1
    assert shown.closed_left_out == 0


async def test_open_matches_are_not_counted_as_closed(engine: Engine) -> None:
    """Should count only closed postings: an open match is listed, not counted."""
    every = await engine.jobs(job_filters(include_closed=True))
    result = await engine.jobs(job_filters())
    closed = [m for m in every.matches if m.posting.status(TODAY).value == "closed"]
    assert result.closed_left_out == len(closed) == len(every.matches) - len(result.matches)


@pytest.mark.parametrize(("count", "hint"), [
    (0, None),
    (1, "1 closed posting matches; add --include-closed to list it."),
    (3, "3 closed postings match; add --include-closed to list them."),
])
def test_the_hint_wording(count: int, hint: str | None) -> None:
    """Should say how many closed postings match, singular or plural, naming the face's option."""
    assert JobsResult(closed_left_out=count, today=TODAY).closed_hint("--include-closed") == hint


def test_the_readme_jobs_example_hints_at_include_closed(tmp_path: Path, bundled_dir: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Should follow "No posting matches" with the hint in `python -m bot jobs`."""
    settings = Settings(_env_file=None, postings_dir=bundled_dir,  # type: ignore[call-arg]
                        database_path=tmp_path / "roles.db")
    code = main(["--today", TODAY.isoformat(), "jobs", "--remote", "remote", "--min-salary", "60000"],
                settings=settings)
    out = capsys.readouterr().out
    assert code == 0 and "No posting matches" in out
    assert "1 closed posting matches; add --include-closed to list it." in out


async def test_the_console_names_its_own_option(engine: Engine) -> None:
    """Should hint with the console's `include_closed:yes`."""
    reply = await handle_line(engine, "/jobs remote:remote min_salary:60000")
    assert "1 closed posting matches; add include_closed:yes to list it." in reply


async def test_discord_jobs_hints_at_include_closed(tmp_path: Path, bundled_dir: Path) -> None:
    """Should add the hint to the /jobs embed when closed postings were left out."""
    async with running_bot(tmp_path, bundled_dir, TODAY) as run:
        interaction = await run.stub.slash("jobs", {"remote": "remote", "min_salary": 60_000})
        description = (await run.stub.reply(interaction))["embeds"][0]["description"]
    assert "No role matches" in description and "1 closed posting matches" in description
    assert "include_closed: True" in description
