"""Pure builders: Discord limits, trimming at boundaries, escaping of posting and user text."""

from __future__ import annotations

import datetime as dt
import re

import discord
import pytest
from discord_stub.limits import embed_problems

from bot import render
from knowledge.models import Fact, PayPeriod, Posting, Salary, SkippedFile, SyncReport
from retrieval.models import Answer, Citation, JobMatch, JobsResult

TODAY = dt.date(2026, 11, 23)
LONG = "The role organizes tenants across the county. " * 200 + "Last words without a stop"


def posting(i: int, *, title: str = "Organizer", text: str = "x") -> Posting:
    return Posting(id=f"posting-{i}", source=f"posting-{i}.txt", format="text", content_hash="0", text=text,
                   title=Fact[str](value=f"{title} {i}", text=f"{title} {i}", start_line=1, end_line=1),
                   organization=Fact[str](value="Some Union", text="Some Union", start_line=2, end_line=2))


def problems(embed: discord.Embed) -> list[str]:
    return embed_problems(embed.to_dict(), "embed")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "limit"), [("short", 100), (LONG, 4096), (LONG, 1024), (LONG, 100),
                                             ("a" * 500, 50), ("word\\" * 300, 100)])
def test_trim_stays_within_the_limit(text: str, limit: int) -> None:
    """Should never return more than the limit."""
    assert len(render.trim(text, limit)) <= limit


def test_trim_leaves_short_text_alone() -> None:
    """Should return text within the limit unchanged, without a note."""
    assert render.trim("Pays $52,000.", 100) == "Pays $52,000."


def test_trim_cuts_at_a_sentence_boundary_with_a_note() -> None:
    """Should cut after the last whole sentence that fits and say it was trimmed."""
    trimmed = render.trim(LONG, 1000)
    assert trimmed.endswith("county." + render.TRIM_NOTE)


def test_trim_without_sentences_cuts_at_a_word() -> None:
    """Should cut at a space when no sentence ends in the text."""
    trimmed = render.trim("alpha beta gamma delta " * 50, 60)
    assert re.fullmatch(r"(?:\w+ )*\w+ …trimmed", trimmed)


def test_trim_never_leaves_a_dangling_escape() -> None:
    """Should not end the kept text with a backslash that would escape the note."""
    assert "\\ …" not in render.trim(render.escape("a_b_c " * 100), 50)


@pytest.mark.parametrize(("raw", "forbidden"), [
    ("Hey @everyone and @here", ["@everyone", "@here"]),
    ("Ping <@&123456789012345678> and <@123456789012345678>", ["<@&1", "<@1"]),
    ("Apply [here](https://evil.example)", ["](https://"]),
    ("**bold** _it_ `code` ~~gone~~ ||spoiler||", ["**bold**", "`code`", "||spoiler||"]),
])
def test_escape_makes_text_inert(raw: str, forbidden: list[str]) -> None:
    """Should neutralise mentions, masked links and markdown."""
    escaped = render.escape(raw)
    assert all(bad not in escaped for bad in forbidden)


def test_answer_embed_shows_citations_within_limits() -> None:
    """Should fit an answer with 40 long citations in one embed, noting the citations left out."""
    citations = [Citation(posting_id=f"p{i}", source=f"p{i}.txt", title="T" * 300, organization="O" * 300,
                          section="S" * 300, start_line=i, end_line=i + 2, snippet=LONG) for i in range(40)]
    embed = render.answer_embed(Answer(question="Q" * 500, answer=LONG, citations=citations))
    assert problems(embed) == []
    assert embed.footer.text and "not shown" in embed.footer.text
    assert embed.fields[0].value and "lines 0–2" in embed.fields[0].value


def test_answer_embed_names_each_citation() -> None:
    """Should name a citation "title · organization · section"."""
    citation = Citation(posting_id="p", source="p.txt", title="Organizer", organization="Union",
                        section="Pay", start_line=4, end_line=4, snippet="$50,000 a year")
    embed = render.answer_embed(Answer(question="pay?", answer="It pays $50,000.", citations=[citation]))
    assert embed.fields[0].name == "Organizer · Union · Pay"
    assert embed.fields[0].value == "> $50,000 a year\nline 4 of `p.txt`"


def test_jobs_pages_paginate_within_limits() -> None:
    """Should split 30 roles into pages of at most 8 lines, each page within the limits."""
    result = JobsResult(matches=[JobMatch(posting=posting(i, title="Long title " * 20)) for i in range(30)],
                        today=TODAY)
    pages = render.jobs_pages(result)
    assert len(pages) == 4
    assert all(problems(page) == [] for page in pages)
    assert pages[1].footer.text and "page 2/4" in pages[1].footer.text


def test_jobs_pages_say_when_nothing_matches() -> None:
    """Should show one page saying no role matches."""
    pages = render.jobs_pages(JobsResult(today=TODAY))
    assert len(pages) == 1 and pages[0].description == "No role matches these filters."


def test_posting_choices_respect_autocomplete_limits() -> None:
    """Should offer at most 25 choices with labels of at most 100 characters."""
    choices = render.posting_choices(posting(i, title="Very long title " * 20) for i in range(40))
    assert len(choices) == 25
    assert all(len(c.name) <= 100 and len(str(c.value)) <= 100 for c in choices)


@pytest.mark.parametrize(("salary", "shown"), [
    (None, "pay not stated"),
    (Salary(text="$52,000 - $60,000", start_line=1, end_line=1, min=52000, max=60000,
            period=PayPeriod.YEAR), "$52,000–$60,000 a year"),
    (Salary(text="$18 an hour", start_line=1, end_line=1, min=18, max=18, period=PayPeriod.HOUR,
            hours_per_week=40, hours_assumed=True, annual_min=37440, annual_max=37440),
     "$18/hour ≈ $37,440 a year if full-time (40 hours/week; hours not stated)"),
    (Salary(text="Competitive salary", start_line=1, end_line=1), "no figure stated (“Competitive salary”)"),
])
def test_job_line_shows_the_engine_pay_text(salary: Salary | None, shown: str) -> None:
    """Should show pay in a job line exactly as the engine words it, honesty notes included."""
    line = render.job_line(posting(1).model_copy(update={"salary": salary}), TODAY)
    assert render.escape(shown) in line


def test_sync_report_with_many_skipped_files_fits() -> None:
    """Should fit a report with hundreds of skipped files and long reasons."""
    report = SyncReport(added=[f"p{i}" for i in range(300)],
                        skipped=[SkippedFile(source=f"f{i}.docx", reason=LONG) for i in range(300)],
                        missing_fields={f"p{i}": ["salary", "deadline"] for i in range(300)})
    embed = render.sync_report_embed(report, title="Postings reloaded")
    assert problems(embed) == []
    assert embed.description and embed.description.startswith("added 300")


def test_posting_card_shows_evidence_for_each_field() -> None:
    """Should show each extracted field with its quoted text and line."""
    card = render.posting_card(posting(1), TODAY)
    assert [f.name for f in card.fields] == ["Title", "Organization: Some Union"]
    assert card.fields[1].value == "> Some Union\nline 2"


def test_content_is_trimmed_to_2000() -> None:
    """Should keep message content within 2000 characters."""
    assert len(render.content(LONG)) <= render.CONTENT_LIMIT


def test_comparison_rows_become_side_by_side_fields() -> None:
    """Should show a comparison's rows as inline embed fields, one per posting, before the citations."""
    from retrieval.models import Row

    answer = Answer(question="compare", answer="Side by side (pay):\n• A — pay: $1\n• B — pay: $2",
                    rows=[Row(posting_id="a", name="A", cells={"pay": "$1"}),
                          Row(posting_id="b", name="B", cells={"pay": "$2"})])
    embed = render.answer_embed(answer)
    assert [(f.name, f.inline) for f in embed.fields] == [("A", True), ("B", True)]
    assert "$2" in embed.fields[1].value and embed.description == "Side by side (pay):"
