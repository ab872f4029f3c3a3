"""The question table over tests/data/postings (today 2026-11-23) and a measured ranking-quality check.

tests/questions.json holds `table` (question, expected kind, cited postings, substrings of the answer)
and `ranking` (free questions labelled with the posting whose passage should be cited first).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from knowledge.store import Store
from retrieval.engine import Engine

TESTS_DIR = Path(__file__).resolve().parent
QUESTIONS: dict[str, Any] = json.loads((TESTS_DIR / "questions.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 23)
RANKING_TARGET = 0.9


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def corpus_engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Engine]:
    store = await Store.open(tmp_path_factory.mktemp("db") / "roles.db")
    engine = Engine(store, today=lambda: TODAY)
    await engine.reload(TESTS_DIR / "data" / "postings")
    yield engine
    await store.close()


def test_table_covers_every_kind() -> None:
    """Should hold at least 40 questions covering every question kind."""
    kinds = {row["kind"] for row in QUESTIONS["table"]}
    assert len(QUESTIONS["table"]) >= 40
    assert kinds >= {"pay", "deadline", "remote", "apply", "requirements", "benefits", "employment",
                     "reports_to", "list", "free", "none"}


@pytest.mark.parametrize("row", QUESTIONS["table"], ids=[row["q"] for row in QUESTIONS["table"]])
@pytest.mark.asyncio(loop_scope="module")
async def test_question(corpus_engine: Engine, row: dict[str, Any]) -> None:
    """Should answer each question of the table with the expected kind, postings and facts."""
    answer = await corpus_engine.ask(row["q"])
    cited = {c.posting_id for c in answer.citations}
    assert answer.kind == row["kind"], answer.answer
    if "cites" in row:
        assert cited == set(row["cites"]), answer.answer
    assert set(row.get("cites_include", [])) <= cited, answer.answer
    assert not set(row.get("cites_exclude", [])) & cited, answer.answer
    for text in row.get("contains", []):
        assert text.lower() in answer.answer.lower(), answer.answer
    for text in row.get("absent", []):
        assert text not in answer.answer, answer.answer
    assert answer.found == row.get("found", True)


@pytest.mark.asyncio(loop_scope="module")
async def test_ranking_quality(corpus_engine: Engine) -> None:
    """Should cite the labelled posting first for at least 90% of the free questions."""
    rows = QUESTIONS["ranking"]
    right = 0
    for row in rows:
        answer = await corpus_engine.ask(row["q"])
        right += bool(answer.citations) and answer.citations[0].posting_id == row["posting"]
    share = right / len(rows)
    print(f"ranking: right posting first for {right}/{len(rows)} questions ({share:.0%})")
    assert share >= RANKING_TARGET
