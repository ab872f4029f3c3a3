"""Browsing: `/jobs` with filters and pages, `/job` with autocomplete, and the shortcuts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Running, running_bot
from discord_stub.postings import write_many
from discord_stub.server import EPHEMERAL

POSTINGS = 20


@pytest.fixture
async def run(tmp_path: Path, today: dt.date) -> AsyncIterator[Running]:
    write_many(tmp_path / "postings", POSTINGS, today=today)
    async with running_bot(tmp_path, tmp_path / "postings", today) as running:
        yield running


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for row in message["components"] for c in row["components"]}


def entries(embed: dict[str, Any]) -> list[str]:
    return [line for line in embed["description"].split("\n") if re.match(r"`\d+\.`", line)]


async def test_jobs_lists_one_line_per_role_with_pay_remote_and_deadline(run: Running) -> None:
    """Should list each role on one line with its organization, pay, remote status and deadline."""
    interaction = await run.stub.slash("jobs", {"query": "Field Organizer"})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    line = entries(embed)[0]
    assert "Field Organizer" in line
    assert "a year" in line and "closes 20" in line


async def test_jobs_remote_filter_lists_only_remote_roles(run: Running) -> None:
    """Should list only remote roles when remote:remote is chosen."""
    interaction = await run.stub.slash("jobs", {"remote": "remote"})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    lines = entries(embed)
    assert lines and all(" · remote · " in line for line in lines)
    assert "remote" in embed["title"]


async def test_jobs_min_salary_filter_drops_lower_pay(run: Running) -> None:
    """Should list only roles paying at least min_salary a year."""
    interaction = await run.stub.slash("jobs", {"min_salary": 70_000})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    figures = [int(m.replace(",", "")) for line in entries(embed)
               for m in re.findall(r"\$([\d,]+) a year", line)]
    assert figures and min(figures) >= 70_000


async def test_jobs_pages_turn_with_buttons(run: Running) -> None:
    """Should paginate a long list with buttons, and show the next page when Next is pressed."""
    interaction = await run.stub.slash("jobs")
    first = await run.stub.reply(interaction)
    assert "page 1/" in first["embeds"][0]["footer"]["text"]
    assert buttons(first)["Previous"]["disabled"] is True
    message = run.stub.messages[run.stub.interactions[interaction.token].original["id"]]  # type: ignore[index]
    click = await run.stub.click(message, buttons(first)["Next"]["custom_id"])
    callback = await run.stub.callback(click)
    assert callback.json["type"] == 7
    page = callback.json["data"]
    assert "page 2/" in page["embeds"][0]["footer"]["text"]
    assert entries(page["embeds"][0])[0].startswith("`9.`")
    assert buttons(page)["Previous"]["disabled"] is False


async def test_only_the_asker_can_turn_pages(run: Running) -> None:
    """Should refuse, privately, a page turn by someone else."""
    interaction = await run.stub.slash("jobs")
    first = await run.stub.reply(interaction)
    message = run.stub.messages[run.stub.interactions[interaction.token].original["id"]]  # type: ignore[index]
    click = await run.stub.click(message, buttons(first)["Next"]["custom_id"], user=run.stub.moderator)
    callback = await run.stub.callback(click)
    assert callback.json["type"] == 4
    assert callback.json["data"]["flags"] & EPHEMERAL


async def test_job_autocomplete_suggests_matching_postings_within_limits(run: Running) -> None:
    """Should suggest at most 25 postings matching what was typed, labels ≤ 100 characters, ids as values."""
    interaction = await run.stub.slash("job", {"posting": "harbor"}, focused="posting")
    callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 8
    choices = callback.json["data"]["choices"]
    assert choices and len(choices) <= 25
    assert all("Harbor" in c["name"] and len(c["name"]) <= 100 for c in choices)
    ids = {p.id for p in run.bot.engine.postings()}
    assert {c["value"] for c in choices} <= ids


async def test_job_shows_every_field_with_its_evidence(run: Running) -> None:
    """Should show the chosen posting's fields, each with quoted evidence and its line."""
    posting = run.bot.engine.postings()[0]
    interaction = await run.stub.slash("job", {"posting": posting.id})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    names = [f["name"] for f in embed["fields"]]
    assert any(n.startswith("Pay:") for n in names) and any(n.startswith("Deadline:") for n in names)
    assert all(f["value"].startswith("> ") and "\nline" in f["value"] for f in embed["fields"])


async def test_job_with_an_unknown_posting_is_refused_privately(run: Running) -> None:
    """Should answer an unknown posting name with a short private message."""
    interaction = await run.stub.slash("job", {"posting": "zzzz qqqq"})
    callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & EPHEMERAL
    assert "No posting matches" in callback.json["data"]["content"]


@pytest.mark.parametrize(("command", "options", "title"), [
    ("salary", {}, "Pay"),
    ("deadlines", {"days": 14}, "Deadlines in the next 14 days"),
    ("remote", {}, "Remote and hybrid roles"),
])
async def test_shortcuts_answer_with_an_embed(run: Running, command: str, options: dict[str, Any],
                                              title: str) -> None:
    """Should answer each shortcut with its embed, listing postings with evidence."""
    interaction = await run.stub.slash(command, options)
    embed = (await run.stub.reply(interaction))["embeds"][0]
    assert embed["title"] == title
    assert embed["fields"] and all("line" in f["value"] for f in embed["fields"])


async def test_deadlines_within_days_lists_only_those_closing_in_time(run: Running, today: dt.date) -> None:
    """Should list only deadlines within the given number of days."""
    interaction = await run.stub.slash("deadlines", {"days": 10})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    dates = [dt.date.fromisoformat(d) for f in embed["fields"]
             for d in re.findall(r"closes (\S+)", f["value"])]
    assert dates and all(today <= d <= today + dt.timedelta(days=10) for d in dates)
