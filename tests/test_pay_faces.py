"""Discord, the console and the CLI show the same pay text for the same posting: the engine's."""

from __future__ import annotations

import pytest
from posting_factory import CLOSED, HOURLY, TODAY, WORDS_PAY, make_posting

from bot import render
from bot.console import render_jobs, render_posting
from knowledge.models import Posting
from retrieval.fields import pay_text
from retrieval.models import JobMatch, JobsResult

ASSUMED = make_posting(
    "hourly-assumed", "Canvasser\nDoor Fund\n\nPay: $18/hour\n", title="Canvasser",
    pay={"text": "$18/hour", "min": 18, "max": 18, "period": "hour", "currency": "USD", "hours_per_week": 40,
         "hours_assumed": True, "annual_min": 37440, "annual_max": 37440})


@pytest.mark.parametrize("posting", [ASSUMED, HOURLY, CLOSED, WORDS_PAY])
def test_every_face_shows_the_engine_pay_text(posting: Posting) -> None:
    """Should show pay in /jobs, /job, /salary, the console and the CLI exactly as the engine words it."""
    said = pay_text(posting.salary)
    shown = render.escape(said)
    result = JobsResult(matches=[JobMatch(posting=posting, reasons=["x"])], today=TODAY)
    assert shown in render.job_line(posting, TODAY)  # /jobs
    assert any(shown in field.name for field in render.posting_card(posting, TODAY).fields)  # /job
    assert any(shown in field.value for field in render.salary_embed([posting]).fields)  # /salary
    assert said in render_posting(posting, TODAY)  # console /job
    assert said in render_jobs(result) or not posting.salary or not posting.salary.has_figure  # console, CLI


def test_assumed_hours_keep_their_honesty_note() -> None:
    """Should say the hours behind an annual figure were assumed, never show a bare "$18/hour"."""
    said = pay_text(ASSUMED.salary)
    assert said == "$18/hour ≈ $37,440 a year if full-time (40 hours/week; hours not stated)"
