"""Two servers, one bot: each server's uploads are its own (seen, removed, audited only there); the
operator's folder is shared by all and reloaded only from the home server. Run through the stand-in."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord_stub import Running, running_bot
from discord_stub.postings import posting_text

UPLOAD = "lakeside-tenant-organizer"
QUESTION = "What does the Tenant Organizer at Lakeside Housing Union pay?"


@pytest.fixture
async def run(tmp_path: Path, bundled_dir: Path, today: dt.date) -> AsyncIterator[Running]:
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    async with running_bot(tmp_path, directory, today) as running:
        data = posting_text("Tenant Organizer", "Lakeside Housing Union", place="Toledo, OH", pay="$51,000",
                            deadline=today + dt.timedelta(days=20)).encode()
        added = await running.stub.slash("postings add", {"file": (f"{UPLOAD}.txt", data)},
                                         user=running.stub.moderator)
        await running.stub.reply(added)  # server A uploads its own posting
        yield running


def other_id(run: Running) -> int:
    return int(run.stub.other.id)


def mentions_upload(payload: object) -> bool:
    """Whether a reply quotes or names the upload: its file, its place or its pay (the question itself,
    which a reply may repeat, names its organization)."""
    text = json.dumps(payload).lower()
    return any(mark in text for mark in (UPLOAD, "toledo", "51,000"))


async def test_a_question_in_the_other_server_never_cites_the_upload(run: Running) -> None:
    """Should answer in A from A's upload, and never cite it in B, in a DM or from the engine's B scope."""
    here = await run.stub.slash("ask", {"question": QUESTION})
    assert mentions_upload((await run.stub.reply(here))["embeds"])
    there = await run.stub.slash("ask", {"question": QUESTION}, guild=run.stub.other)
    assert not mentions_upload((await run.stub.reply(there))["embeds"])
    dm = await run.stub.say(QUESTION, dm=True)
    assert not mentions_upload((await run.stub.channel_message(dm["id"])).json)
    for guild_id in (other_id(run), None):
        answer = await run.bot.engine.ask(QUESTION, guild_id=guild_id)
        assert all(c.posting_id != UPLOAD for c in answer.citations)
    answer = await run.bot.engine.ask(QUESTION, guild_id=run.guild_id)
    assert any(c.posting_id == UPLOAD for c in answer.citations)


async def test_jobs_in_the_other_server_do_not_list_the_upload(run: Running) -> None:
    """Should list A's upload in A's /jobs only; both see the shared postings."""
    here = (await run.stub.reply(await run.stub.slash("jobs")))["embeds"]
    there = (await run.stub.reply(await run.stub.slash("jobs", guild=run.stub.other)))["embeds"]
    assert mentions_upload(here) and not mentions_upload(there)
    shared = {p.id for p in run.bot.engine.postings()}
    assert shared <= {p.id for p in run.bot.engine.postings(guild_id=other_id(run))}
    assert {p.id for p in run.bot.engine.postings(guild_id=run.guild_id)} == shared | {UPLOAD}


async def test_the_other_moderator_cannot_see_or_remove_the_upload(run: Running) -> None:
    """Should keep A's upload out of B's autocomplete and status, and refuse B's removal of it."""
    stub = run.stub
    suggest = await stub.slash("postings remove", {"posting": "lake"}, focused="posting",
                               user=stub.other_moderator, guild=stub.other)
    assert (await stub.callback(suggest)).json["data"]["choices"] == []
    remove = await stub.slash("postings remove", {"posting": UPLOAD}, user=stub.other_moderator,
                              guild=stub.other)
    followup = await stub.wait_for(lambda r: r.method == "POST" and r.path.endswith(remove.token))
    assert "No posting matches" in followup.json["content"]
    assert run.bot.engine.find_posting(UPLOAD, guild_id=run.guild_id) is not None
    status = await stub.slash("postings status", user=stub.other_moderator, guild=stub.other)
    embed = (await stub.reply(status))["embeds"][0]
    assert not mentions_upload(embed)
    assert embed["description"].startswith(f"{len(run.bot.engine.postings())} postings served")


async def test_only_the_home_server_reloads_the_shared_folder(run: Running) -> None:
    """Should refuse a reload of the shared folder from another server, privately, auditing nothing."""
    stub = run.stub
    refused = await stub.slash("postings reload", user=stub.other_moderator, guild=stub.other)
    callback = await stub.callback(refused)
    assert "operator's server" in json.dumps(callback.json)
    assert await run.audit(stub.other.id) == []
    accepted = await stub.slash("postings reload", user=stub.moderator)
    assert (await stub.reply(accepted))["embeds"][0]["title"] == "Postings reloaded"


async def test_each_server_audit_shows_only_itself(run: Running, today: dt.date) -> None:
    """Should record each server's actions in its own audit log only."""
    stub = run.stub
    data = posting_text("Harbor Canvasser", "Tidewater Renters Council", place="Norfolk, VA", pay="$47,500",
                        deadline=today + dt.timedelta(days=12)).encode()
    added = await stub.slash("postings add", {"file": ("harbor.txt", data)}, user=stub.other_moderator,
                             guild=stub.other)
    await stub.reply(added)
    mine, theirs = await run.audit(), await run.audit(stub.other.id)
    assert [e.action for e in mine] == ["add"] and UPLOAD in mine[0].detail
    assert [e.action for e in theirs] == ["add"] and "harbor" in theirs[0].detail
    assert all(stub.other.id in e.actor for e in theirs) and all(stub.guild.id in e.actor for e in mine)
    status = await stub.slash("postings status", user=stub.moderator)
    fields = {f["name"]: f["value"] for f in (await stub.reply(status))["embeds"][0]["fields"]}
    assert stub.other_moderator.id not in fields["Recent moderator actions"]


async def test_shard_settings_run_this_process_over_its_shards(tmp_path: Path, bundled_dir: Path,
                                                                today: dt.date) -> None:
    """Should connect as the configured shard of SHARD_COUNT when SHARD_COUNT and SHARD_IDS are set."""
    async with running_bot(tmp_path, bundled_dir, today, shard_count=2, shard_ids=[1]) as sharded:
        assert sharded.stub.identify is not None and sharded.stub.identify["shard"] == [1, 2]
        assert sharded.bot.shard_count == 2
        interaction = await sharded.stub.slash("ask", {"question": "Which roles are remote?"})
        assert (await sharded.stub.reply(interaction))["embeds"]
