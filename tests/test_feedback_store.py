"""Answers and votes in the store (SQLite and PostgreSQL), and the gaps moderators review."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pg_server import fresh_database

from knowledge.feedback import AnswerRecord, CitedLines, Vote, normalize_question
from knowledge.pgstore import PostgresStore
from knowledge.store import Store

GUILD, OTHER = 111_111_111_111_111_111, 222_222_222_222_222_222
CHANNEL, ASKER, VOTER = 333_333_333_333_333_333, 444_444_444_444_444_444, 555_555_555_555_555_555


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> AsyncIterator[Store]:
    """A fresh store on each backend."""
    if request.param == "sqlite":
        async with await Store.open(tmp_path / "open-roles.db", clock=clock) as opened:
            yield opened
        return
    async with fresh_database(request.getfixturevalue("postgres_url")) as url, \
            await PostgresStore.open(url, clock=clock) as opened:
        yield opened


def record(question: str, *, found: bool = True, guild: int | None = GUILD) -> AnswerRecord:
    citations = [CitedLines(posting_id="field-organizer", section="Pay", start_line=7, end_line=8)]
    reply = "It pays $52,000 a year." if found else "I couldn't find that in the postings."
    return AnswerRecord(guild_id=guild, channel_id=CHANNEL, user_id=ASKER, question=question, answer=reply,
                        citations=citations if found else [], found=found)


@pytest.mark.parametrize(("text", "normalized"), [
    ("What does it PAY?", "what does it pay"),
    ("  what   does it pay ", "what does it pay"),
    ("Is the job remote?!", "is the job remote"),
    ("Qué idiomas? Español", "qué idiomas español"),
])
def test_questions_are_normalised_for_counting(text: str, normalized: str) -> None:
    """Should drop case, punctuation and spacing, keeping letters of any language."""
    assert normalize_question(text) == normalized


async def test_an_answer_is_kept_with_its_citations(store: Store, clock: Clock) -> None:
    """Should give back an answer as recorded, under the id it was given, with the time it was given."""
    answer_id = await store.record_answer(record("What does it pay?"))
    kept = await store.answer_record(answer_id)
    assert kept is not None
    assert kept.question == "What does it pay?" and kept.found and kept.guild_id == GUILD
    assert kept.citations[0].posting_id == "field-organizer" and kept.citations[0].start_line == 7
    assert kept.at == clock.now
    assert await store.answer_record(answer_id + 1000) is None


async def test_a_dm_answer_has_no_guild(store: Store) -> None:
    """Should keep an answer given in a DM with no server."""
    kept = await store.answer_record(await store.record_answer(record("Which roles are remote?", guild=None)))
    assert kept is not None and kept.guild_id is None


async def test_a_vote_on_an_unknown_answer_is_refused(store: Store) -> None:
    """Should report that no answer has the id, storing nothing."""
    assert await store.record_vote(999, VOTER, Vote.DOWN) is False
    assert (await store.gaps(GUILD)).downvoted == []


async def test_gaps_count_unanswered_questions_by_their_normalised_text(store: Store) -> None:
    """Should count differently written askings of one question together, most frequent first."""
    for question in ("Is there a pension?", "is there a PENSION", "Do you sponsor visas?",
                     "Is there a pension"):
        await store.record_answer(record(question, found=False))
    await store.record_answer(record("What does it pay?"))  # answered: not a gap
    gaps = await store.gaps(GUILD)
    assert [(g.question, g.count) for g in gaps.unanswered] == [
        ("Is there a pension", 3), ("Do you sponsor visas?", 1)]


async def test_gaps_list_down_voted_questions_with_their_notes(store: Store) -> None:
    """Should count down votes per question, with the notes left, and leave up votes out."""
    first = await store.record_answer(record("What does it pay?"))
    second = await store.record_answer(record("what does it pay"))
    liked = await store.record_answer(record("Which roles are remote?"))
    assert await store.record_vote(first, VOTER, Vote.DOWN, "  It quoted the   wrong posting ")
    assert await store.record_vote(second, ASKER, Vote.DOWN)
    assert await store.record_vote(liked, VOTER, Vote.UP)
    [gap] = (await store.gaps(GUILD)).downvoted
    assert gap.count == 2 and gap.comments == ["It quoted the wrong posting"]


async def test_a_member_has_one_vote_per_answer(store: Store) -> None:
    """Should replace a member's earlier vote, keeping their note when the new vote brings none."""
    answer_id = await store.record_answer(record("What does it pay?"))
    await store.record_vote(answer_id, VOTER, Vote.DOWN, "wrong figure")
    await store.record_vote(answer_id, VOTER, Vote.DOWN)
    [gap] = (await store.gaps(GUILD)).downvoted
    assert gap.count == 1 and gap.comments == ["wrong figure"]
    await store.record_vote(answer_id, VOTER, Vote.UP)
    assert (await store.gaps(GUILD)).downvoted == []


async def test_gaps_cover_the_last_30_days_of_one_server(store: Store, clock: Clock) -> None:
    """Should leave out questions older than 30 days and those asked in other servers or in DMs."""
    await store.record_answer(record("Is there a pension?", found=False))
    clock.now += dt.timedelta(days=31)
    await store.record_answer(record("Do you sponsor visas?", found=False))
    await store.record_answer(record("Is there a gym?", found=False, guild=OTHER))
    await store.record_answer(record("Is there a car?", found=False, guild=None))
    gaps = await store.gaps(GUILD)
    assert gaps.days == 30 and [g.question for g in gaps.unanswered] == ["Do you sponsor visas?"]


async def test_answers_are_forgotten_after_90_days_with_their_votes(store: Store, clock: Clock) -> None:
    """Should forget an answer (and the votes on it) 90 days on, when a new answer is recorded."""
    old = await store.record_answer(record("What does it pay?"))
    await store.record_vote(old, VOTER, Vote.DOWN)
    clock.now += dt.timedelta(days=91)
    recent = await store.record_answer(record("Which roles are remote?"))
    assert await store.answer_record(old) is None and await store.answer_record(recent) is not None
    assert await store.record_vote(old, VOTER, Vote.UP) is False
