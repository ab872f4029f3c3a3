"""Promise 3 of issue 6: questions never stop, even while a large reload runs.

The reload replaces an old generated corpus with a new one of `STRESS_N` postings (the issue asks for
5,000; `OPEN_ROLES_STRESS_N` sets it, see docs/reliability.md for the CI default). The two corpora have
disjoint posting ids but the same titles, so every question is answerable from either, and an answer
citing both would expose an index caught half-way between them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools
import os
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.parse import posting_id
from knowledge.store import Store
from retrieval.engine import Engine
from retrieval.models import Answer

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
STRESS_N = int(os.environ.get("OPEN_ROLES_STRESS_N", "5000"))
"""The issue's 5,000: the reload parses in worker processes, so this takes ~15 s on two cores."""
OLD_N = max(STRESS_N // 10, 30)
QUESTIONS = 200
WAVE = 10
EXTRA_WAVE_PAUSE = 0.25
TICK = 0.005


def posting_file(number: int, generation: int) -> tuple[str, str]:
    """A generated posting (file name, text). Formats rotate; each generation has its own ids."""
    pay = 42_000 + 37 * number
    name = f"gen{generation}-role-{number:05d}"
    match number % 3:
        case 0:
            return f"{name}.txt", (
                f"Field Organizer {number}\nNeighbors United Local {number}\n\nAbout the role\n"
                f"Build tenant committees in ward {number} and train canvass captains.\n\n"
                f"Location: Remote (United States)\n\n"
                f"Pay\n${pay:,} per year.\n\n"
                f"How to apply\nEmail jobs{number}@neighbors.example by January {number % 28 + 1}, 2027.\n")
        case 1:
            return f"{name}.md", (
                f"# Data Coordinator {number}\n\n**Organization:** Civic Data Lab {number}\n"
                f"**Location:** Denver, CO (hybrid)\n\n"
                f"## Responsibilities\n- Maintain the voter file and weekly dashboards for region {number}.\n"
                f"- Train {number % 9 + 2} volunteers in data entry.\n\n"
                f"## Compensation\n${pay // 2_000}/hour, 30 hours per week.\n\n"
                f"## How to apply\nApply at https://civicdata.example/jobs/{number} "
                f"by 2027-02-{number % 28 + 1:02d}.\n")
        case _:
            return f"{name}.html", (
                f"<html><body><h1>Campaign Lead {number}</h1><p>Harbor Workers Center {number} is hiring.</p>"
                f"<h2>Location</h2><p>Oakland, CA. This role is on-site.</p>"
                f"<h2>Responsibilities</h2><ul><li>Lead the wage theft campaign in district {number}.</li>"
                f"<li>Recruit and train worker leaders.</li></ul>"
                f"<h2>Pay</h2><p>${pay:,} a year.</p>"
                f"<h2>How to apply</h2><p>Send a resume to lead{number}@harbor.example by "
                f"March {number % 28 + 1}, 2027.</p></body></html>\n")


def write_generation(directory: Path, count: int, generation: int) -> set[str]:
    """Make `directory` hold exactly `count` postings of `generation`; returns their ids."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        path.unlink()
    ids = set()
    for number in range(count):
        name, text = posting_file(number, generation)
        (directory / name).write_text(text, encoding="utf-8")
        ids.add(posting_id(name))
    return ids


def questions(count: int, seed: int) -> list[str]:
    """Varied questions, each answerable from either generation (titles are shared, numbers < OLD_N)."""
    rng = random.Random(seed)
    templates = [
        "Which roles are remote?",
        "Which jobs pay over $43,000?",
        "What does Field Organizer {n} pay?",
        "How do I apply to Data Coordinator {n}?",
        "When does the Campaign Lead {n} posting close?",
        "Who trains canvass captains?",
        "tell me about the voter file dashboards",
        "Which roles are hybrid?",
    ]
    return [rng.choice(templates).format(n=3 * rng.randrange(OLD_N // 3) + rng.randrange(3))
            for _ in range(count)]


@dataclasses.dataclass
class LagMeter:
    """Measures event-loop lag: how late each `asyncio.sleep(TICK)` wakes up."""

    worst: float = 0.0
    ticks: int = 0

    async def run(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            started = loop.time()
            await asyncio.sleep(TICK)
            self.worst = max(self.worst, loop.time() - started - TICK)
            self.ticks += 1


def snapshot_of(answer: Answer, old: set[str], new: set[str]) -> str:
    """Which corpus an answer's citations come from: "old", "new", "mixed" or "none"."""
    cited = {citation.posting_id for citation in answer.citations}
    if not cited:
        return "none"
    if cited <= old:
        return "old"
    return "new" if cited <= new else "mixed"


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[Engine]:
    async with await Store.open(tmp_path / "db" / "open-roles.db", clock=lambda: NOW) as store:
        yield Engine(store, today=lambda: TODAY)


async def test_questions_are_answered_during_a_large_reload(engine: Engine, tmp_path: Path) -> None:
    """Should answer 200 concurrent questions from one snapshot each while a reload runs.

    The event loop's lag is printed, not asserted: it is a timing figure, measured by `python -m bench`
    (docs/performance.md, "loop lag"), while this test checks that questions are answered during the reload.
    """
    directory = tmp_path / "postings"
    old = write_generation(directory, OLD_N, 1)
    await engine.reload(directory)
    new = write_generation(directory, STRESS_N, 2)

    stop = asyncio.Event()
    meter = LagMeter()
    ticker = asyncio.create_task(meter.run(stop))
    reload = asyncio.create_task(engine.reload(directory))
    answered_during_reload = 0
    answers: list[Answer] = []
    pending = questions(QUESTIONS, seed=6)
    # Waves of concurrent questions; once the 200 are answered, a wave every EXTRA_WAVE_PAUSE seconds until
    # the reload is done and one more after it, so that some answers straddle the swap.
    for wave_number in itertools.count():
        wave = pending[wave_number * WAVE:(wave_number + 1) * WAVE] or questions(WAVE, seed=wave_number)
        was_running = not reload.done()
        answers += await asyncio.gather(*(engine.ask(question) for question in wave))
        answered_during_reload += len(wave) if was_running and not reload.done() else 0
        if len(answers) >= QUESTIONS:
            if not was_running:
                break
            await asyncio.sleep(EXTRA_WAVE_PAUSE)
    report = await reload
    stop.set()
    await ticker

    print(f"\nreload of {STRESS_N} postings: {answered_during_reload}/{len(answers)} questions answered "
          f"while it ran; worst event-loop lag {meter.worst * 1000:.1f} ms over {meter.ticks} ticks")
    assert len(report.added) == STRESS_N
    assert answered_during_reload > 0
    assert all(isinstance(answer, Answer) and answer.answer.strip() for answer in answers)
    assert all(answer.found and answer.citations for answer in answers)
    assert {snapshot_of(answer, old, new) for answer in answers} <= {"old", "new"}
    assert {posting.id for posting in engine.postings()} == new


async def test_questions_after_a_reload_cite_only_the_new_postings(engine: Engine, tmp_path: Path) -> None:
    """Should answer from the new corpus only, once a reload has returned."""
    directory = tmp_path / "postings"
    old = write_generation(directory, OLD_N, 1)
    await engine.reload(directory)
    new = write_generation(directory, OLD_N, 2)

    await engine.reload(directory)
    answers = await asyncio.gather(*(engine.ask(question) for question in questions(40, seed=7)))

    assert {snapshot_of(answer, old, new) for answer in answers} == {"new"}


async def test_two_reloads_at_once_are_serialized(engine: Engine, tmp_path: Path) -> None:
    """Should run two simultaneous reloads one after the other: the second sees the first's result."""
    directory = tmp_path / "postings"
    old = write_generation(directory, OLD_N, 1)
    await engine.reload(directory)
    new = write_generation(directory, OLD_N, 2)

    first, second = await asyncio.gather(engine.reload(directory), engine.reload(directory))

    assert (set(first.added), set(first.removed)) == (new, old)
    assert (second.changed, set(second.unchanged)) == (False, new)
    assert {posting.id for posting in engine.postings()} == new
    assert {posting.id for posting in await engine.store.postings()} == new
