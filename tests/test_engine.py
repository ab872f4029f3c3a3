"""The Engine over a real store: issue 3's acceptance table, snapshots, uploads, job filters, lookups."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import retrieval.engine as engine_module
from knowledge.models import EmploymentType, RemoteStatus
from knowledge.store import Store
from retrieval.answer import NOT_FOUND
from retrieval.engine import Engine
from retrieval.jobs import job_filters
from retrieval.models import Answer
from retrieval.request import Filters

TODAY = dt.date(2026, 11, 23)
OD = "local-progress-organizing-director"
MO = "local-progress-membership-organizer"
POP = "pop-pasadena-organizer"
DEPUTY = "peoples-action-movement-politics-deputy-organizer"
JMA = "jobs-to-move-america-california-senior-organizer"


@pytest.fixture
async def engine(tmp_path: Path, bundled_dir: Path) -> AsyncIterator[Engine]:
    store = await Store.open(tmp_path / "roles.db")
    engine = Engine(store, today=lambda: TODAY)
    await engine.reload(bundled_dir)
    yield engine
    await store.close()


def cited(answer: Answer) -> set[str]:
    return {c.posting_id for c in answer.citations}


def bullets(answer: Answer) -> list[str]:
    return [line for line in answer.answer.splitlines() if line.startswith("•")]


# --- issue 3 acceptance, bundled postings, today 2026-11-23 --------------------------------------------


async def test_acceptance_pay(engine: Engine) -> None:
    """Should give the Organizing Director's pay as $127,000–$138,000 a year, citing that posting."""
    answer = await engine.ask("What does the Organizing Director pay?")
    assert "$127,000–$138,000 a year" in answer.answer and cited(answer) == {OD}


async def test_acceptance_remote(engine: Engine) -> None:
    """Should name the two remote roles with citations and not call the POP! role remote."""
    answer = await engine.ask("Which roles are remote?")
    remote = bullets(answer)
    assert len(remote) == 2
    assert any("Membership Organizer" in b for b in remote)
    assert any("Organizing Director" in b for b in remote)
    assert {MO, OD} <= cited(answer) and POP not in cited(answer)
    assert not any("Pasadenans" in b for b in remote)


async def test_acceptance_salary_list(engine: Engine) -> None:
    """Should give the two pay figures with citations and say the others state none, quoting POP!'s words."""
    answer = await engine.ask("Which jobs list a salary?")
    assert "$127,000–$138,000 a year" in answer.answer and "$18/hour" in answer.answer
    assert {OD, DEPUTY} <= cited(answer)
    assert "state none" in answer.answer and "“Competitive salary”" in answer.answer


async def test_acceptance_pop_deadline(engine: Engine) -> None:
    """Should give February 13 with the year inferred as 2024, and closed."""
    answer = await engine.ask("When is the deadline for the POP organizer job?")
    assert "February 13, 2024" in answer.answer and "year inferred as 2024" in answer.answer
    assert "closed" in answer.answer and cited(answer) == {POP}


async def test_acceptance_pop_apply(engine: Engine) -> None:
    """Should give POP!'s application address."""
    answer = await engine.ask("How do I apply to Pasadenans Organizing for Progress?")
    assert "recruiting@poppasadena.org" in answer.answer and cited(answer) == {POP}


async def test_acceptance_spanish(engine: Engine) -> None:
    """Should name the POP! role, citing its bilingual requirement."""
    answer = await engine.ask("Which jobs require Spanish?")
    assert cited(answer) == {POP} and "Pasadenans" in answer.answer
    assert any("bilingual" in c.snippet for c in answer.citations)


async def test_acceptance_part_time(engine: Engine) -> None:
    """Should say yes, 25 hours/week and temporary."""
    answer = await engine.ask("Is the deputy organizer job part-time?")
    assert answer.answer.startswith("Yes") and "25 hours/week" in answer.answer
    assert "temporary" in answer.answer and cited(answer) == {DEPUTY}


async def test_acceptance_jma_salary(engine: Engine) -> None:
    """Should say Jobs to Move America states no pay figure, never $75."""
    answer = await engine.ask("Does Jobs to Move America list a salary?")
    assert "couldn't find a pay figure" in answer.answer and "$75" not in answer.answer
    assert all("$75" not in c.snippet for c in answer.citations)


async def test_acceptance_travel(engine: Engine) -> None:
    """Should give the Organizing Director's travel: up to six days a month."""
    answer = await engine.ask("How much travel does the Organizing Director role require?")
    assert "up to six days a month" in answer.answer and cited(answer) == {OD}


async def test_acceptance_unrelated(engine: Engine) -> None:
    """Should say the postings don't cover the capital of France, citing nothing."""
    answer = await engine.ask("What is the capital of France?")
    assert (answer.answer, answer.citations, answer.found) == (NOT_FOUND, [], False)


# --- snapshots, reloads, uploads -----------------------------------------------------------------------


async def test_start_uses_stored_postings(engine: Engine) -> None:
    """Should serve what the store holds on start, without a sync."""
    other = Engine(engine.store, today=lambda: TODAY)
    await other.start()
    assert [p.id for p in other.postings()] == [p.id for p in engine.postings()]


async def test_reload_swaps_snapshot(tmp_path: Path, bundled_dir: Path) -> None:
    """Should swap in a new snapshot on reload and leave the old one untouched for queries in flight."""
    folder = tmp_path / "postings"
    shutil.copytree(bundled_dir, folder)
    async with await Store.open(tmp_path / "db.sqlite") as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(folder)
        before = engine.snapshot
        (folder / f"{POP}.txt").unlink()
        report = await engine.reload(folder)
        assert report.removed == [POP]
        assert engine.snapshot is not before and POP not in engine.snapshot.by_id
        assert POP in before.by_id and len(before.index) > len(engine.snapshot.index)


async def test_unchanged_reload_keeps_snapshot(engine: Engine, bundled_dir: Path) -> None:
    """Should keep serving the same snapshot when a sync changes nothing."""
    before = engine.snapshot
    report = await engine.reload(bundled_dir)
    assert not report.changed and engine.snapshot is before


async def test_add_and_remove(engine: Engine) -> None:
    """Should answer about an uploaded posting at once, and forget it when removed."""
    text = ("Bike Mechanic\nSpoke Collective\n\nLocation: Tulsa, OK\n\nPay: $24/hour, 30 hours/week\n\n"
            "Apply: email wrenches@spoke.example\n")
    report = await engine.add("spoke-bike-mechanic.txt", text.encode())
    assert report.added == ["spoke-bike-mechanic"]
    answer = await engine.ask("What does the bike mechanic pay?")
    assert "$24/hour" in answer.answer and cited(answer) == {"spoke-bike-mechanic"}
    assert await engine.remove("spoke-bike-mechanic")
    assert engine.find_posting("spoke-bike-mechanic") is None
    assert not await engine.remove("spoke-bike-mechanic")


async def test_ask_off_loop(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should answer in a worker thread, never on the event loop's thread."""
    threads: list[int] = []
    real = engine_module.answer_question

    def recording(*args: object, **kwargs: object) -> Answer:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_module, "answer_question", recording)
    await engine.ask("Which roles are remote?")
    assert threads and threads[0] != threading.get_ident()


# --- jobs ----------------------------------------------------------------------------------------------


async def test_jobs_default_hides_closed(engine: Engine) -> None:
    """Should leave out postings whose deadline passed unless asked to include them."""
    shown = {m.posting.id for m in (await engine.jobs(job_filters())).matches}
    assert shown == {MO, JMA}
    everything = await engine.jobs(job_filters(include_closed=True))
    assert len(everything.matches) == 5


async def test_jobs_min_salary(engine: Engine) -> None:
    """Should compare annualised pay and list the postings left out for stating none."""
    result = await engine.jobs(job_filters(min_salary=60000, include_closed=True))
    assert [m.posting.id for m in result.matches] == [OD]
    assert any("$127,000–$138,000" in r for r in result.matches[0].reasons)
    assert sorted(result.left_out_no_pay) == ["California Senior Organizer", "Membership Organizer",
                                              "Organizer"]


async def test_jobs_hourly_annualised(engine: Engine) -> None:
    """Should judge hourly pay by its annual figure at the stated hours ($23,400, not $37,440)."""
    result = await engine.jobs(job_filters(min_salary=30000, include_closed=True))
    assert DEPUTY not in {m.posting.id for m in result.matches}


@pytest.mark.parametrize(("filters", "expected"), [
    (job_filters(remote=RemoteStatus.REMOTE, include_closed=True), {MO, OD}),
    (job_filters(remote=RemoteStatus.ONSITE, include_closed=True), {POP}),
    (job_filters(type=EmploymentType.PART_TIME, include_closed=True), {DEPUTY}),
    (job_filters(location="California", include_closed=True), {JMA}),
    (job_filters(location="Pasadena", include_closed=True), {POP}),
    (job_filters(closing_before=dt.date(2024, 3, 1), include_closed=True), {POP, DEPUTY}),
    (job_filters(query="bilingual Spanish", include_closed=True), {POP}),
    (job_filters(query="fundraising", remote=RemoteStatus.REMOTE, include_closed=True), {OD}),
])
async def test_jobs_filters(engine: Engine, filters: Filters, expected: set[str]) -> None:
    """Should apply each filter, with a reason for every match."""
    result = await engine.jobs(filters)
    assert {m.posting.id for m in result.matches} == expected
    assert all(m.reasons for m in result.matches)


# --- lookups -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    (POP, POP), ("organizing director", OD), ("Jobs to Move America", JMA), ("  MEMBERSHIP organizer ", MO),
    ("deputy", DEPUTY), ("no such posting", None), ("", None),
])
async def test_find_posting(engine: Engine, name: str, expected: str | None) -> None:
    """Should find a posting by id, title or organization, ignoring case and spaces; None when unclear."""
    found = engine.find_posting(name)
    assert (found.id if found else None) == expected


async def test_search_postings_for_autocomplete(engine: Engine) -> None:
    """Should rank postings matching typed text, at most `limit` of them."""
    assert engine.search_postings("organizing", limit=25)[0].id == OD
    assert len(engine.search_postings("", limit=3)) == 3
    assert engine.search_postings("zzz") == []


@pytest.mark.parametrize(("question", "says"), [
    ("What closes this week?", "(closing before December 1, 2026, still open)"),
    ("Any remote part-time jobs?", "(remote, part-time)"),
    ("Which jobs need French?", "(asking for French)"),
])
async def test_no_match_names_the_filters(engine: Engine, question: str, says: str) -> None:
    """Should say which filters nothing passed, and cite nothing, when no posting matches."""
    answer = await engine.ask(question)
    assert answer.answer.startswith("No posting matches that") and says in answer.answer
    assert not answer.found and not answer.citations


@pytest.mark.parametrize(("question", "says"), [
    ("When does the Membership Organizer role start?", "I couldn't find a start date"),
    ("What is the start date for the Organizing Director?", "starts on April 1, 2025"),
])
async def test_start_date_questions_answer_the_start_date(engine: Engine, question: str, says: str) -> None:
    """Should answer a start-date question with the start date, or say none is stated (never the deadline)."""
    answer = await engine.ask(question)
    assert says in answer.answer and "deadline" not in answer.answer
