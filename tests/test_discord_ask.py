"""Questions: `/ask` and messages addressed to the bot, answered by the real bot against the stand-in."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord_stub import Running, running_bot
from discord_stub.server import EPHEMERAL

from bot.errors import APOLOGY
from retrieval.models import Answer

REMOTE_QUESTION = "Which roles are remote?"


@pytest.fixture
async def run(tmp_path: Path, bundled_dir: Path, today: dt.date) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, bundled_dir, today) as running:
        yield running


async def test_ask_answers_with_cited_snippets(run: Running) -> None:
    """Should show the short answer, then each citation as title · organization · section with its lines."""
    answer = await run.bot.engine.ask(REMOTE_QUESTION)
    interaction = await run.stub.slash("ask", {"question": REMOTE_QUESTION})
    embed = (await run.stub.reply(interaction))["embeds"][0]
    assert embed["description"]
    assert len(embed["fields"]) == len(answer.citations) > 0
    for field, citation in zip(embed["fields"], answer.citations, strict=True):
        assert field["name"].startswith(citation.title)
        assert " · " in field["name"]
        assert field["value"].startswith("> ")
        start = citation.start_line
        assert f"line {start} of" in field["value"] or f"lines {start}–" in field["value"]


@pytest.mark.parametrize(("private", "flags"), [(True, EPHEMERAL), (False, 0)])
async def test_ask_defers_with_the_chosen_visibility(run: Running, private: bool, flags: int) -> None:
    """Should defer first (type 5), private or public as asked."""
    interaction = await run.stub.slash("ask", {"question": REMOTE_QUESTION, "private": private})
    callback = await run.stub.callback(interaction)
    assert callback.json["type"] == 5
    assert int(callback.json.get("data", {}).get("flags", 0)) & EPHEMERAL == flags


async def test_a_mention_in_a_channel_is_answered_as_a_reply(run: Running) -> None:
    """Should reply to a message mentioning the bot, quoting it and pinging nobody."""
    message = await run.stub.say(REMOTE_QUESTION, mention_bot=True)
    reply = await run.stub.channel_message(message["id"])
    assert reply.json["embeds"][0]["title"] == REMOTE_QUESTION
    assert reply.json["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_a_direct_message_is_answered(run: Running) -> None:
    """Should answer a DM without needing a mention."""
    message = await run.stub.say("How do I apply to the Organizing Director role?", dm=True)
    reply = await run.stub.channel_message(message["id"])
    assert reply.json["embeds"][0]["description"]


async def test_a_bare_mention_gets_a_hint(run: Running) -> None:
    """Should answer a mention without a question with a short hint."""
    message = await run.stub.say("", mention_bot=True)
    reply = await run.stub.channel_message(message["id"])
    assert "/help" in reply.json["content"]


@pytest.mark.parametrize(("content", "mention", "author_is_bot"), [
    ("Which roles are remote?", False, False),  # not addressed to the bot, not an ask channel
    ("Which roles are remote?", True, True),  # another bot
])
async def test_messages_not_for_the_bot_are_ignored(run: Running, content: str, mention: bool,
                                                    author_is_bot: bool) -> None:
    """Should ignore bots and messages not addressed to it (a later question is still answered)."""
    ignored = await run.stub.say(content, mention_bot=mention, author_is_bot=author_is_bot)
    later = await run.stub.say(REMOTE_QUESTION, mention_bot=True)
    await run.stub.channel_message(later["id"])
    assert run.stub.replied_to() == [later["id"]]
    assert ignored["id"] != later["id"]


async def test_ask_channel_questions_are_answered_and_chatter_ignored(tmp_path: Path, bundled_dir: Path,
                                                                     today: dt.date) -> None:
    """Should answer questions in an ask channel without a mention, and ignore other messages there."""
    async with running_bot(tmp_path, bundled_dir, today, ask_channel=True) as run:
        chatter = await run.stub.say("thanks everyone, see you tomorrow")
        question = await run.stub.say(REMOTE_QUESTION)
        await run.stub.channel_message(question["id"])
        assert run.stub.replied_to() == [question["id"]]
        assert chatter["id"] != question["id"]


async def test_a_second_question_within_the_cooldown_is_refused_privately(tmp_path: Path, bundled_dir: Path,
                                                                          today: dt.date) -> None:
    """Should refuse a member's second /ask within the cooldown with a short private message."""
    async with running_bot(tmp_path, bundled_dir, today, question_cooldown_seconds=600) as run:
        first = await run.stub.slash("ask", {"question": REMOTE_QUESTION})
        await run.stub.reply(first)
        second = await run.stub.slash("ask", {"question": REMOTE_QUESTION})
        callback = await run.stub.callback(second)
        assert callback.json["type"] == 4
        assert callback.json["data"]["flags"] & EPHEMERAL
        assert "try again" in callback.json["data"]["content"]
        other = await run.stub.slash("ask", {"question": REMOTE_QUESTION}, user=run.stub.moderator)
        assert (await run.stub.callback(other)).json["type"] == 5


async def test_an_unexpected_error_after_a_public_defer_stays_private(
        run: Running, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should log a failure with its context and apologise privately, removing the public placeholder."""
    async def broken(question: str) -> Answer:
        raise RuntimeError("index exploded")
    monkeypatch.setattr(run.bot.engine, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        interaction = await run.stub.slash("ask", {"question": REMOTE_QUESTION})
        followup = await run.stub.wait_for(
            lambda r: r.method == "POST" and r.path.endswith(interaction.token))
    assert followup.json["content"] == APOLOGY
    assert followup.response["flags"] & EPHEMERAL
    methods = [r.method for r in run.stub.requests_for(interaction)]
    assert methods == ["POST", "DELETE", "POST"]
    record = next(r for r in caplog.records if r.exc_info)
    assert "/ask" in record.getMessage() and str(run.stub.member.id) in record.getMessage()


async def test_help_is_private_and_lists_the_commands(run: Running) -> None:
    """Should answer /help privately with every command named."""
    interaction = await run.stub.slash("help")
    callback = await run.stub.callback(interaction)
    assert callback.json["data"]["flags"] & EPHEMERAL
    text = callback.json["data"]["embeds"][0]["description"]
    for name in ("/ask", "/jobs", "/job", "/salary", "/deadlines", "/remote", "/postings reload"):
        assert name in text
