"""What is new to a server, which alerts it matches, and when a deadline reminder is due (no Discord)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.models import Posting
from knowledge.parse import parse_posting
from knowledge.store import Store
from retrieval.engine import Engine
from retrieval.jobs import job_filters
from retrieval.news import ReminderRefused, alert_matches, claim_new_postings, plan_reminder, start_watching
from retrieval.request import Filters

TODAY = dt.date(2026, 11, 23)
GUILD = 42

CANVASSER = """Summer Canvasser
Green Valley Action

Location: Spokane, WA
Pay: $19 per hour.
Apply by {deadline} at https://jobs.example.org/canvasser
"""

ANALYST = """# Research Analyst

Organization: Open Budget Institute
This position is fully remote.

Salary: $72,000 - $80,000 annually.
{deadline_line}
Send a resume to hiring@example.net.
"""


def posting(text: str, name: str = "posting.txt") -> Posting:
    return parse_posting(name, text.encode(), today=TODAY)


@pytest.mark.parametrize(("text", "days", "expected"), [
    (CANVASSER.format(deadline="December 10, 2026"), 3, (dt.date(2026, 12, 10), dt.date(2026, 12, 7))),
    (CANVASSER.format(deadline="12/01/2026"), 0, (dt.date(2026, 12, 1), dt.date(2026, 12, 1))),
    # Fewer days left than asked: the reminder is due today.
    (ANALYST.format(deadline_line="Applications are due November 25, 2026."), 7,
     (dt.date(2026, 11, 25), TODAY)),
    (ANALYST.format(deadline_line="Deadline: November 23, 2026."), 1, (TODAY, TODAY)),
])
def test_a_reminder_is_planned_days_before_the_deadline(text: str, days: int,
                                                        expected: tuple[dt.date, dt.date]) -> None:
    """Should plan the reminder `days` before the stated deadline, never before today."""
    plan = plan_reminder(posting(text), days, TODAY)
    assert (plan.deadline, plan.remind_on) == expected


@pytest.mark.parametrize(("deadline_line", "reason"), [
    ("Applications are reviewed on a rolling basis until the position is filled.", "rolling"),
    ("Applications are due by November 2, 2026.", "closed on November 2, 2026"),
    ("", "states no deadline"),
])
def test_a_reminder_is_refused_without_an_open_dated_deadline(deadline_line: str, reason: str) -> None:
    """Should refuse, saying why, a rolling, closed or undated posting."""
    with pytest.raises(ReminderRefused, match=reason):
        plan_reminder(posting(ANALYST.format(deadline_line=deadline_line)), 3, TODAY)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[Engine]:
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "canvasser.txt").write_text(CANVASSER.format(deadline="December 10, 2026"), encoding="utf-8")
    async with await Store.open(tmp_path / "db.sqlite") as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(directory)
        yield engine
        engine.close()


async def test_only_postings_added_after_watching_are_new(engine: Engine) -> None:
    """Should find nothing new when watching starts, then each later upload once."""
    store = engine.store
    await start_watching(engine, store, GUILD)
    assert await claim_new_postings(engine, store, GUILD) == []
    text = ANALYST.format(deadline_line="Apply by January 8, 2027.")
    await engine.add("analyst.md", text.encode(), guild_id=GUILD)
    assert [p.id for p in await claim_new_postings(engine, store, GUILD)] == ["analyst"]
    assert await claim_new_postings(engine, store, GUILD) == []


@pytest.mark.parametrize(("filters", "expected"), [
    (job_filters(query="research"), ["analyst"]),
    (job_filters(min_salary=60_000), ["analyst"]),
    (job_filters(location="Washington"), ["canvasser"]),
    (job_filters(query="plumber"), []),
])
async def test_alerts_match_new_postings_as_jobs_filters_do(engine: Engine, filters: Filters,
                                                           expected: list[str]) -> None:
    """Should keep the new postings that `/jobs` with the same filters would list."""
    await engine.add("analyst.md", ANALYST.format(deadline_line="Apply by January 8, 2027.").encode(),
                     guild_id=GUILD)
    new = engine.postings(guild_id=GUILD)
    found = await alert_matches(engine, filters, new, GUILD)
    assert [p.id for p in found] == expected
