"""Moderators manage postings: `/postings reload | add | remove | status`, checked in the handler, audited."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord_stub import Running, running_bot
from discord_stub.postings import posting_text
from discord_stub.server import EPHEMERAL


@pytest.fixture
def postings(tmp_path: Path, bundled_dir: Path) -> Path:
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    return directory


@pytest.fixture
async def run(tmp_path: Path, postings: Path, today: dt.date) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, postings, today) as running:
        yield running


def new_posting(today: dt.date) -> str:
    return posting_text("Tenant Organizer", "Lakeside Housing Union", place="Toledo, OH", pay="$51,000",
                        deadline=today + dt.timedelta(days=20))


async def test_reload_is_refused_for_a_member(run: Running, caplog: pytest.LogCaptureFixture) -> None:
    """Should refuse a member privately, log the refusal and audit nothing."""
    with caplog.at_level(logging.WARNING, logger="bot.errors"):
        interaction = await run.stub.slash("postings reload", user=run.stub.member)
        callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & EPHEMERAL
    assert "Only moderators" in callback.json["data"]["content"]
    assert any("Refused" in r.getMessage() for r in caplog.records)
    assert await run.audit() == []


@pytest.mark.parametrize("who", ["moderator", "editor"])
async def test_reload_is_accepted_for_a_moderator_with_its_report(run: Running, postings: Path,
                                                                  today: dt.date, who: str) -> None:
    """Should reload for Manage Server or the moderator role, report what changed and audit it."""
    (postings / "lakeside-tenant-organizer.txt").write_text(new_posting(today), encoding="utf-8")
    (postings / "notes.docx").write_bytes(b"PK\x03\x04")
    person = getattr(run.stub, who)
    interaction = await run.stub.slash("postings reload", user=person)
    callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 5 and callback.json["data"]["flags"] & EPHEMERAL
    embed = (await run.stub.reply(interaction))["embeds"][0]
    assert "added 1" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "lakeside-tenant-organizer" in fields["Added"]
    assert "notes.docx" in fields["Skipped"] and "Unsupported file type" in fields["Skipped"]
    entry = (await run.audit())[0]
    assert entry.action == "reload" and person.id in entry.actor
    assert run.bot.engine.find_posting("lakeside-tenant-organizer") is not None


async def test_moderator_role_can_be_given_by_id(tmp_path: Path, postings: Path, today: dt.date) -> None:
    """Should accept the moderator role given by id as well as by name."""
    async with running_bot(tmp_path, postings, today) as run:
        run.bot.settings.moderator_role = run.stub.guild.editor_role
        interaction = await run.stub.slash("postings reload", user=run.stub.editor)
        assert (await run.stub.callback(interaction)).json["type"] == 5


async def test_add_loads_an_attached_posting(run: Running, today: dt.date) -> None:
    """Should download the attachment, add the posting, report it and audit the upload."""
    data = new_posting(today).encode()
    interaction = await run.stub.slash("postings add", {"file": ("Lakeside Organizer.txt", data)},
                                       user=run.stub.moderator)
    embed = (await run.stub.reply(interaction))["embeds"][0]
    assert "added 1" in embed["description"]
    assert [r.path for r in run.stub.requests if r.path.startswith("/attachments/")]
    assert run.bot.engine.find_posting("lakeside-organizer", guild_id=run.guild_id) is not None
    assert (await run.audit())[0].action == "add"


async def test_add_refuses_an_unsupported_file_without_downloading_it(run: Running) -> None:
    """Should refuse a file of another type privately, before deferring or downloading."""
    interaction = await run.stub.slash("postings add", {"file": ("photo.png", b"\x89PNG")},
                                       user=run.stub.moderator)
    callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & EPHEMERAL
    assert ".txt" in callback.json["data"]["content"]
    assert not [r for r in run.stub.requests if r.path.startswith("/attachments/")]
    assert await run.audit() == []


async def test_remove_drops_a_posting_and_audits_it(run: Running, today: dt.date) -> None:
    """Should remove the chosen posting (one this server added) and record who did."""
    added = await run.stub.slash("postings add", {"file": ("lakeside.txt", new_posting(today).encode())},
                                 user=run.stub.moderator)
    await run.stub.reply(added)
    [target] = run.bot.engine.own_postings(run.guild_id)
    interaction = await run.stub.slash("postings remove", {"posting": target.id}, user=run.stub.moderator)
    reply = await run.stub.reply(interaction)
    assert target.id in reply["content"]
    assert run.bot.engine.find_posting(target.id, guild_id=run.guild_id) is None
    assert (await run.audit())[0].detail == target.id


async def test_remove_of_an_unknown_posting_is_refused(run: Running) -> None:
    """Should tell the moderator, privately, that no posting matches."""
    interaction = await run.stub.slash("postings remove", {"posting": "no-such-posting-here"},
                                       user=run.stub.moderator)
    followup = await run.stub.wait_for(lambda r: r.method == "POST" and r.path.endswith(interaction.token))
    assert "No posting matches" in followup.json["content"]
    assert followup.response["flags"] & EPHEMERAL


async def test_status_reports_postings_and_recent_actions(run: Running) -> None:
    """Should show how many postings are served and the latest moderator actions."""
    reload = await run.stub.slash("postings reload", user=run.stub.moderator)
    await run.stub.reply(reload)
    interaction = await run.stub.slash("postings status", user=run.stub.moderator)
    embed = (await run.stub.reply(interaction))["embeds"][0]
    assert embed["description"].startswith(f"{len(run.bot.engine.postings())} postings served")
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "reload" in fields["Recent moderator actions"]
    assert "/" not in fields["Last load"]  # the postings folder's name, never the server's path


async def test_changes_are_rate_limited_per_guild(tmp_path: Path, postings: Path, today: dt.date) -> None:
    """Should refuse changes beyond the per-guild rate, privately."""
    async with running_bot(tmp_path, postings, today, moderator_ops_per_minute=1) as run:
        first = await run.stub.slash("postings reload", user=run.stub.moderator)
        await run.stub.reply(first)
        second = await run.stub.slash("postings reload", user=run.stub.editor)
        callback = await run.stub.callback(second)
        assert callback.json["type"] == 4 and "Too many" in callback.json["data"]["content"]


async def test_autocomplete_for_remove_suggests_postings(run: Running, today: dt.date) -> None:
    """Should autocomplete the posting to remove among this server's own."""
    added = await run.stub.slash("postings add", {"file": ("lakeside.txt", new_posting(today).encode())},
                                 user=run.stub.moderator)
    await run.stub.reply(added)
    interaction = await run.stub.slash("postings remove", {"posting": ""}, focused="posting",
                                       user=run.stub.moderator)
    choices = (await run.stub.callback(interaction)).json["data"]["choices"]
    assert {c["value"] for c in choices} == {"lakeside"}
