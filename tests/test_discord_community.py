"""Announcements, alerts and deadline reminders, through the local Discord stand-in with a clock the tests
move: one announcement per new posting, none on restart, a summary for a batch; an alert DM on a matching
add only; a reminder on the right day, none for a closed posting."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Running, running_bot
from discord_stub.postings import posting_text, write_many
from discord_stub.server import EPHEMERAL

from knowledge.store import Store
from retrieval.engine import Engine

QUIET = {"send_pause_seconds": 0.0, "news_check_seconds": 3600.0, "reminder_check_seconds": 3600.0}


@pytest.fixture
def postings(tmp_path: Path, today: dt.date) -> Path:
    directory = tmp_path / "postings"
    write_many(directory, 3, today=today)
    return directory


@pytest.fixture
async def run(tmp_path: Path, postings: Path, today: dt.date) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, postings, today, **QUIET) as running:
        yield running


APPLY_URL = "https://lakeside.example.org/jobs/tenant-organizer"


def tenant_organizer(today: dt.date, *, days: int = 20, online: bool = False) -> str:
    text = posting_text("Tenant Organizer", "Lakeside Housing Union", place="Toledo, OH", pay="$51,000",
                        deadline=today + dt.timedelta(days=days))
    return text.replace("Email a resume to jobs@example.org", f"Apply at {APPLY_URL}") if online else text


def bookkeeper(today: dt.date) -> str:
    return posting_text("Bookkeeper", "Riverside Arts Collective", place="Macon, GA", pay="$38,000",
                        deadline=today + dt.timedelta(days=15))


async def check_news(run: Running) -> None:
    """Run the new-postings watcher's step now (its loop is slowed down in these tests)."""
    cog: Any = run.bot.get_cog("News")  # an extension's module is imported afresh: no isinstance
    await cog.check()


async def set_channel(run: Running) -> str:
    channel = run.stub.guild.channel_id
    interaction = await run.stub.slash("postings announce", {"channel": channel}, user=run.stub.moderator)
    reply = await run.stub.reply(interaction)
    assert "will be announced" in reply["content"]
    await check_news(run)
    return channel


async def upload(run: Running, name: str, text: str) -> None:
    interaction = await run.stub.slash("postings add", {"file": (name, text.encode())},
                                       user=run.stub.moderator)
    assert "added 1" in (await run.stub.reply(interaction))["embeds"][0]["description"]


def announced(run: Running, channel: str) -> list[dict[str, Any]]:
    """The announcement embeds posted in `channel` (not the notice that announcements start)."""
    return [m for m in run.stub.posts(channel) if m["embeds"]]


async def test_each_new_posting_is_announced_once(run: Running, postings: Path, today: dt.date) -> None:
    """Should announce an upload and a reloaded file once each, with pay, deadline, remote and Apply."""
    channel = await set_channel(run)
    assert announced(run, channel) == [] and len(run.stub.posts(channel)) == 1  # the notice only
    await upload(run, "lakeside.txt", tenant_organizer(today, online=True))
    await check_news(run)
    (post,) = announced(run, channel)
    embed = post["embeds"][0]
    assert embed["title"] == "Tenant Organizer" and "Lakeside Housing Union" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "51,000" in fields["Pay"] and fields["Deadline"] == "closes 2026-12-13" and fields["Remote"]
    (button,) = post["components"][0]["components"]
    assert button["url"] == APPLY_URL and button["label"] == "Apply"
    sent = [r for r in run.stub.requests if r.method == "POST" and r.path == f"/channels/{channel}/messages"]
    assert all(r.json["allowed_mentions"]["parse"] == [] for r in sent)  # nothing pings
    (postings / "bookkeeper.txt").write_text(bookkeeper(today), encoding="utf-8")
    reloaded = await run.stub.slash("postings reload", user=run.stub.moderator)
    await run.stub.wait_for(lambda r: reloaded.token in r.path and "Postings reloaded" in str(r.json))
    await check_news(run)
    await check_news(run)
    assert [p["embeds"][0]["title"] for p in announced(run, channel)] == ["Tenant Organizer", "Bookkeeper"]
    by_email = announced(run, channel)[1]  # no link a button could carry: the address is shown instead
    assert not by_email["components"]
    fields = {f["name"]: f["value"] for f in by_email["embeds"][0]["fields"]}
    assert fields["Apply by email"] == "jobs@example.org"


async def test_a_restart_announces_nothing_again(tmp_path: Path, postings: Path, today: dt.date) -> None:
    """Should announce nothing after a restart or an unchanged reload."""
    async with running_bot(tmp_path, postings, today, **QUIET) as first:
        channel = await set_channel(first)
        await upload(first, "lakeside.txt", tenant_organizer(today))
        await check_news(first)
        assert len(announced(first, channel)) == 1
        stub = first.stub
        async with running_bot(tmp_path, postings, today, stub=stub, **QUIET) as second:
            await check_news(second)
            await second.bot.engine.reload(postings)
            await check_news(second)
            assert len(announced(second, channel)) == 1


async def test_a_large_batch_is_one_summary(run: Running, postings: Path, today: dt.date) -> None:
    """Should announce more new postings than the batch limit as one summary message."""
    channel = await set_channel(run)
    write_many(postings / "more", 9, today=today)
    for path in (postings / "more").iterdir():
        path.rename(postings / f"batch-{path.name}")
    (postings / "more").rmdir()
    await run.bot.engine.reload(postings)
    await check_news(run)
    (summary,) = announced(run, channel)
    embed = summary["embeds"][0]
    assert embed["title"] == "9 new postings"
    assert embed["description"].count("\n•") == 8  # one line per posting


async def test_only_moderators_set_the_announcement_channel(run: Running) -> None:
    """Should refuse a member privately and store nothing."""
    interaction = await run.stub.slash("postings announce", {"channel": run.stub.guild.channel_id},
                                       user=run.stub.member)
    callback = await run.stub.callback(interaction)
    data = callback.json["data"]
    assert data["flags"] & EPHEMERAL and "Only moderators" in data["content"]
    assert await run.store.announce_channels() == {}


async def add_alert(run: Running, options: dict[str, Any]) -> dict[str, Any]:
    interaction = await run.stub.slash("alerts add", options, user=run.stub.member)
    return await run.stub.reply(interaction)


async def test_an_alert_dms_on_a_matching_add_only(run: Running, today: dt.date) -> None:
    """Should DM the member about a new matching posting, and not about a new posting that does not match."""
    reply = await add_alert(run, {"query": "tenant", "min_salary": 45000})
    assert "saved" in reply["content"] and reply["flags"] & EPHEMERAL
    await check_news(run)
    assert run.stub.dms(run.stub.member) == []
    await upload(run, "bookkeeper.txt", bookkeeper(today))
    await check_news(run)
    assert run.stub.dms(run.stub.member) == []
    await upload(run, "lakeside.txt", tenant_organizer(today, online=True))
    await check_news(run)
    (dm,) = run.stub.dms(run.stub.member)
    assert [e["title"] for e in dm["embeds"]] == ["Tenant Organizer"]
    assert dm["components"][0]["components"][0]["url"] == APPLY_URL


async def test_alerts_are_listed_and_removed(run: Running) -> None:
    """Should list the member's alerts and remove one by number."""
    await add_alert(run, {"remote": "remote"})
    (alert,) = await run.store.alerts(int(run.stub.member.id))
    listed = await run.stub.reply(await run.stub.slash("alerts list", user=run.stub.member))
    description = listed["embeds"][0]["description"]
    assert f"#{alert.id}" in description and "remote" in description
    removing = {"alert": alert.id}
    removed = await run.stub.reply(await run.stub.slash("alerts remove", removing, user=run.stub.member))
    assert "removed" in removed["content"] and await run.store.alerts(int(run.stub.member.id)) == []
    other = await run.stub.reply(await run.stub.slash("alerts remove", removing, user=run.stub.member))
    assert "no alert" in other["content"]


async def test_closed_dms_pause_the_alert_and_the_member_is_told(run: Running, today: dt.date) -> None:
    """Should pause the alerts of a member whose DMs are closed, and tell them after their next command."""
    await add_alert(run, {"query": "tenant"})
    run.stub.close_dms(run.stub.member)
    await upload(run, "lakeside.txt", tenant_organizer(today))
    await check_news(run)
    assert all(a.paused for a in await run.store.alerts(int(run.stub.member.id)))
    interaction = await run.stub.slash("jobs", user=run.stub.member)
    note = await run.stub.wait_for(lambda r: interaction.token in r.path and r.method == "POST"
                                   and "paused" in str(r.json))
    assert note.json["flags"] & EPHEMERAL


async def remind(run: Running, posting: str, days_before: int | None = None) -> dict[str, Any]:
    options: dict[str, Any] = {"posting": posting}
    if days_before is not None:
        options["days_before"] = days_before
    return await run.stub.reply(await run.stub.slash("remind", options, user=run.stub.member))


async def fire(run: Running, day: dt.date) -> None:
    run.clock.today = day
    cog: Any = run.bot.get_cog("Reminders")
    await cog.check_reminders()


async def test_a_reminder_fires_once_on_its_day(run: Running, today: dt.date) -> None:
    """Should DM the member `days_before` the deadline, once, and not earlier."""
    await upload(run, "lakeside.txt", tenant_organizer(today, days=10))
    reply = await remind(run, "lakeside", 3)
    assert "on November 30, 2026" in reply["content"] and reply["flags"] & EPHEMERAL
    await fire(run, today + dt.timedelta(days=6))
    assert run.stub.dms(run.stub.member) == []
    await fire(run, today + dt.timedelta(days=7))
    (dm,) = run.stub.dms(run.stub.member)
    (embed,) = dm["embeds"]
    assert "close in 3 days" in embed["description"] and embed["title"] == "Tenant Organizer"
    await fire(run, today + dt.timedelta(days=8))
    assert len(run.stub.dms(run.stub.member)) == 1


async def test_no_reminder_fires_for_a_closed_posting(run: Running, today: dt.date) -> None:
    """Should send nothing once the posting has closed (the day was missed, or its deadline moved back)."""
    await upload(run, "lakeside.txt", tenant_organizer(today, days=5))
    await remind(run, "lakeside", 2)
    await fire(run, today + dt.timedelta(days=6))
    assert run.stub.dms(run.stub.member) == []
    assert await run.store.due_reminders(today + dt.timedelta(days=6)) == []


@pytest.mark.parametrize(("days", "reason"), [(-3, "closed on November 20, 2026"), (None, "rolling")])
async def test_remind_refuses_closed_and_rolling_postings(run: Running, today: dt.date, days: int | None,
                                                          reason: str) -> None:
    """Should refuse, with the reason, a posting that has closed or has no deadline date."""
    text = tenant_organizer(today, days=days or 0)
    if days is None:
        text = text.replace(f"by {today:%B %-d, %Y}", "on a rolling basis until filled")
    await upload(run, "lakeside.txt", text)
    reply = await remind(run, "lakeside")
    assert reason in reply["content"] and reply["flags"] & EPHEMERAL
    assert await run.store.reminders(int(run.stub.member.id)) == []


async def test_reminders_are_listed_and_cancelled(run: Running, today: dt.date) -> None:
    """Should list a pending reminder with its day and deadline, and send nothing once it is cancelled."""
    await upload(run, "lakeside.txt", tenant_organizer(today, days=10))
    await remind(run, "lakeside", 3)
    listed = await run.stub.reply(await run.stub.slash("reminders", user=run.stub.member))
    description = listed["embeds"][0]["description"]
    assert "Tenant Organizer — on November 30, 2026 (closes December 3, 2026)" in description
    (reminder,) = await run.store.reminders(int(run.stub.member.id))
    cancelled = await run.stub.reply(await run.stub.slash("reminders", {"cancel": reminder.id},
                                                          user=run.stub.member))
    assert "cancelled" in cancelled["content"] and cancelled["flags"] & EPHEMERAL
    await fire(run, today + dt.timedelta(days=7))
    assert run.stub.dms(run.stub.member) == []


async def test_alerts_take_the_filters_of_jobs(run: Running) -> None:
    """Should offer `/jobs`'s filters, described as `/jobs` describes them."""
    jobs = {o["name"]: o["description"] for o in run.stub._command("jobs")["options"]}
    add = next(o for o in run.stub._command("alerts")["options"] if o["name"] == "add")
    offered = {o["name"]: o["description"] for o in add["options"]}
    assert offered == {name: jobs[name] for name in ("query", "remote", "min_salary", "location", "type")}


async def test_a_sync_by_another_process_is_announced(run: Running, postings: Path, today: dt.date) -> None:
    """Should announce a posting another process synced into the shared store, once the bot serves it."""
    channel = await set_channel(run)
    (postings / "bookkeeper.txt").write_text(bookkeeper(today), encoding="utf-8")
    async with await Store.open(run.settings.database_path) as other_store:
        other = Engine(other_store, today=lambda: today)
        await other.reload(postings)
        other.close()
    for _ in range(100):  # the bot's follower checks the store every half second
        if run.bot.engine.find_posting("bookkeeper") is not None:
            break
        await asyncio.sleep(0.1)
    await check_news(run)
    assert [p["embeds"][0]["title"] for p in announced(run, channel)] == ["Bookkeeper"]


async def test_a_member_cannot_remove_another_members_alert(run: Running) -> None:
    """Should refuse to remove an alert the member does not own, and keep it."""
    reply = await run.stub.reply(await run.stub.slash("alerts add", {"query": "organizer"},
                                                      user=run.stub.moderator))
    assert "saved" in reply["content"]
    (alert,) = await run.store.alerts(int(run.stub.moderator.id))
    refused = await run.stub.reply(await run.stub.slash("alerts remove", {"alert": alert.id},
                                                        user=run.stub.member))
    assert "no alert" in refused["content"] and refused["flags"] & EPHEMERAL
    assert await run.store.alerts(int(run.stub.moderator.id)) == [alert]


async def test_remind_sees_only_the_servers_postings(run: Running, today: dt.date) -> None:
    """Should refuse a reminder for a posting another server uploaded, as for an unknown posting."""
    stub = run.stub
    uploaded = await stub.slash("postings add", {"file": ("lakeside.txt", tenant_organizer(today).encode())},
                                user=stub.other_moderator, guild=stub.other)
    assert "added 1" in (await stub.reply(uploaded))["embeds"][0]["description"]
    reply = await remind(run, "lakeside")
    assert "No posting matches" in reply["content"]
    assert await run.store.reminders(int(stub.member.id)) == []


async def test_postings_added_while_announcements_were_off_are_not_announced(run: Running,
                                                                           today: dt.date) -> None:
    """Should announce, after announcements are turned back on, only postings added from then on."""
    channel = await set_channel(run)
    off = await run.stub.slash("postings announce", user=run.stub.moderator)
    assert "no longer" in (await run.stub.reply(off))["content"]
    await upload(run, "lakeside.txt", tenant_organizer(today))
    await check_news(run)
    await set_channel(run)
    await upload(run, "bookkeeper.txt", bookkeeper(today))
    await check_news(run)
    assert [p["embeds"][0]["title"] for p in announced(run, channel)] == ["Bookkeeper"]
