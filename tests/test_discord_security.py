"""Moderator rights and abuse limits, end to end against the stand-in.

The stand-in delivers every interaction it is asked to, whatever the command's default permissions —
exactly what Discord does once a server admin loosens a command's visibility — so these tests prove
the checks live in the bot's handlers.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Person, Running, running_bot
from discord_stub.payloads import MANAGE_GUILD, message, snowflake
from discord_stub.postings import posting_text
from discord_stub.server import EPHEMERAL, Interaction

from knowledge.store import guild_collection
from retrieval.models import Answer
from retrieval.request import Request

REFUSAL = "Only moderators"
QUESTION = "Which roles are remote?"
IGNORED = "How do I apply to the roles?"


@pytest.fixture
def postings(tmp_path: Path, bundled_dir: Path) -> Path:
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    return directory


def new_posting(today: dt.date) -> bytes:
    return posting_text("Harbor Canvasser", "Tidewater Renters Council", place="Norfolk, VA", pay="$47,500",
                        deadline=today + dt.timedelta(days=12)).encode()


async def state(run: Running) -> tuple[object, ...]:
    """Everything a moderator command could change: stored postings, served postings, audit and loads."""
    collection = guild_collection(int(run.stub.guild.id))
    stored = sorted((c, p.id, p.content_hash) for c, p in await run.store.entries())
    served = sorted(p.id for p in run.bot.engine.postings(guild_id=int(run.stub.guild.id)))
    return stored, served, await run.audit(), len(await run.store.load_log(100, collection=collection))


def options_for(command: str, run: Running, today: dt.date) -> dict[str, Any]:
    if command == "postings add":
        return {"file": ("harbor-canvasser.txt", new_posting(today))}
    if command == "postings remove":
        return {"posting": run.bot.engine.postings()[0].id}
    return {}


def spy_questions(run: Running, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions the engine is asked from now on, recorded as each call starts.

    Gateway events are handled in the order they arrive and a handler reaches the engine before it
    first yields, so once a later message is answered, an earlier one that was not ignored is in here.
    """
    asked: list[str] = []
    real = run.bot.engine.ask

    async def ask(question: str, *, guild_id: int | None = None, previous: Request | None = None) -> Answer:
        asked.append(question)
        return await real(question, guild_id=guild_id, previous=previous)

    monkeypatch.setattr(run.bot.engine, "ask", ask)
    return asked


def downloads(run: Running) -> list[str]:
    return [r.path for r in run.stub.requests if r.path.startswith("/attachments/")]


async def refusal(run: Running, interaction: Interaction) -> dict[str, Any]:
    """The initial response to `interaction`, which must be a private message (type 4, ephemeral)."""
    callback = await run.stub.callback(interaction)
    assert callback.status == 200
    assert callback.json["type"] == 4 and callback.json["data"]["flags"] & EPHEMERAL
    return dict(callback.json["data"])


@pytest.mark.parametrize("command", ["postings reload", "postings add", "postings remove", "postings status"])
async def test_moderator_commands_refuse_a_member_who_reaches_them(
        tmp_path: Path, postings: Path, today: dt.date, caplog: pytest.LogCaptureFixture,
        command: str) -> None:
    """Should refuse a member without Manage Server or the role privately, change nothing and log it."""
    (postings / "harbor-canvasser.txt").write_bytes(new_posting(today))  # a reload would add it
    async with running_bot(tmp_path, postings, today) as run:
        before = await state(run)
        with caplog.at_level(logging.WARNING, logger="bot.errors"):
            options = options_for(command, run, today)
            interaction = await run.stub.slash(command, options, user=run.stub.member)
            data = await refusal(run, interaction)
        assert not int(interaction.payload["member"]["permissions"]) & MANAGE_GUILD
        assert REFUSAL in data["content"]
        assert await state(run) == before
        assert downloads(run) == []
        assert [r.method for r in run.stub.requests_for(interaction)] == ["POST"]
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Refused")]
    assert len(refused) == 1
    assert f"/{command} " in refused[0] and f"user={run.stub.member.id}" in refused[0]


@pytest.mark.parametrize("moderator_role", [None, "Hiring Team"])
async def test_a_role_other_than_the_configured_one_grants_nothing(
        tmp_path: Path, postings: Path, today: dt.date, moderator_role: str | None) -> None:
    """Should refuse a member whose role is not the configured moderator role (or when none is set)."""
    async with running_bot(tmp_path, postings, today, moderator_role=moderator_role) as run:
        before = await state(run)
        for command in ("postings reload", "postings add", "postings remove", "postings status"):
            options = options_for(command, run, today)
            interaction = await run.stub.slash(command, options, user=run.stub.editor)
            assert REFUSAL in (await refusal(run, interaction))["content"], command
        assert await state(run) == before


async def test_refused_members_do_not_use_up_the_guild_budget(tmp_path: Path, postings: Path,
                                                              today: dt.date) -> None:
    """Should leave the per-guild moderator budget to moderators however often a member is refused."""
    async with running_bot(tmp_path, postings, today, moderator_ops_per_minute=1) as run:
        for _ in range(3):
            interaction = await run.stub.slash("postings reload", user=run.stub.member)
            assert REFUSAL in (await refusal(run, interaction))["content"]
        accepted = await run.stub.slash("postings reload", user=run.stub.moderator)
        assert (await run.stub.callback(accepted)).json["type"] == 5
        await run.stub.reply(accepted)


async def test_moderator_changes_beyond_the_guild_limit_are_refused_politely(
        tmp_path: Path, postings: Path, today: dt.date) -> None:
    """Should refuse changes over the per-guild limit privately with a wait time, making none of them."""
    async with running_bot(tmp_path, postings, today, moderator_ops_per_minute=2) as run:
        for _ in range(2):
            await run.stub.reply(await run.stub.slash("postings reload", user=run.stub.moderator))
        before = await state(run)
        for command, who in (("postings add", run.stub.moderator), ("postings remove", run.stub.editor),
                             ("postings reload", run.stub.editor)):
            interaction = await run.stub.slash(command, options_for(command, run, today), user=who)
            content = (await refusal(run, interaction))["content"]
            assert content.startswith("Too many posting changes") and "try again in" in content
        assert await state(run) == before
        assert downloads(run) == []
        status = await run.stub.slash("postings status", user=run.stub.moderator)
        assert (await run.stub.reply(status))["embeds"]  # read-only: never limited


async def test_the_question_cooldown_covers_slash_commands_and_mentions(
        tmp_path: Path, bundled_dir: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should let a member ask once per cooldown, whether by mention or /ask, and others meanwhile."""
    async with running_bot(tmp_path, bundled_dir, today, question_cooldown_seconds=600) as run:
        asked = spy_questions(run, monkeypatch)
        first = await run.stub.say(QUESTION, mention_bot=True)
        await run.stub.channel_message(first["id"])
        slash = await run.stub.slash("ask", {"question": IGNORED})
        assert "Slow down" in (await refusal(run, slash))["content"]
        ignored = await run.stub.say(IGNORED, mention_bot=True)
        other = await run.stub.say(QUESTION, mention_bot=True, user=run.stub.moderator)
        await run.stub.channel_message(other["id"])
        assert asked == [QUESTION, QUESTION]
        assert run.stub.replied_to() == [first["id"], other["id"]]
        assert ignored["id"] not in run.stub.replied_to()


def webhook_message(run: Running) -> dict[str, Any]:
    """A MESSAGE_CREATE from a webhook (another integration) that mentions the bot."""
    author = {**run.stub.member.user(), "id": snowflake(), "username": "Announcer", "bot": True}
    return message(message_id=snowflake(), channel_id=run.stub.guild.channel_id, author=author,
                   content=f"<@{run.stub.bot.id}> {IGNORED}", guild_id=run.stub.guild.id,
                   mentions=[run.stub.bot.user()], webhook_id=snowflake())


@pytest.mark.parametrize("source", ["another bot", "itself", "its own id", "a webhook", "a bot by DM",
                                    "a bot in an ask channel"])
async def test_the_bot_never_answers_bots(tmp_path: Path, bundled_dir: Path, today: dt.date,
                                          monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    """Should not reply to a bot, itself or a webhook, however the message reaches it (no reply loops)."""
    async with running_bot(tmp_path, bundled_dir, today, ask_channel=True) as run:
        stub = run.stub
        asked = spy_questions(run, monkeypatch)
        if source == "a webhook":
            data = webhook_message(run)
            await stub.dispatch("MESSAGE_CREATE", data)
            ignored_id = data["id"]
        else:
            sender = {"another bot": Person("Helper", bot=True), "itself": stub.bot,
                      "its own id": Person("Open Roles", id=stub.bot.id),
                      "a bot by DM": Person("DMer", bot=True),
                      "a bot in an ask channel": Person("Asker", bot=True)}[source]
            ignored = await stub.say(IGNORED, user=sender, mention_bot=source != "a bot in an ask channel",
                                     dm=source == "a bot by DM")
            ignored_id = ignored["id"]
        later = await stub.say(QUESTION, mention_bot=True)
        await stub.channel_message(later["id"])
        assert asked == [QUESTION]
        assert stub.replied_to() == [later["id"]]
        assert ignored_id != later["id"]
