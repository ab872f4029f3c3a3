"""The client's configuration and pure helpers: token handling, intents, extensions, questions, throttling."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.checks import Throttle
from bot.client import extension_names, intents_for, run_bot
from bot.exts._questions import question_in
from bot.settings import Settings

BOT_ID = 1234567890123456789


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, database_path=Path("unused.db"), **values)  # type: ignore[call-arg, arg-type]


@pytest.mark.parametrize("token", [None, "", "   "])
def test_run_bot_without_a_token_exits_with_help(token: str | None) -> None:
    """Should exit with a message on getting a token and trying the console, without a traceback."""
    with pytest.raises(SystemExit) as exited:
        run_bot(settings(discord_token=token))
    message = str(exited.value.code)
    assert "discord.com/developers" in message and "python -m bot console" in message


@pytest.mark.parametrize(("ask_channels", "message_content"), [([], False), ([42], True)])
def test_intents_are_minimal(ask_channels: list[int], message_content: bool) -> None:
    """Should ask for guilds and messages, and Message Content only with ask channels."""
    intents = intents_for(settings(ask_channel_ids=ask_channels))
    assert (intents.guilds, intents.guild_messages, intents.dm_messages) == (True, True, True)
    assert intents.message_content is message_content
    assert not (intents.members or intents.presences)


def test_extensions_are_found_by_walking_the_package() -> None:
    """Should load every public feature module and skip private ones."""
    names = extension_names()
    features = {"ask", "jobs", "job", "moderation", "help"}
    assert {f"bot.exts.{name}" for name in features} <= set(names)
    assert not [n for n in names if n.rsplit(".", 1)[1].startswith("_")]


@pytest.mark.parametrize(("text", "mentioned", "direct", "ask_channel", "question"), [
    (f"<@{BOT_ID}> which roles are remote?", True, False, False, "which roles are remote?"),
    (f"<@!{BOT_ID}>   how do I apply", True, False, False, "how do I apply"),
    (f"<@{BOT_ID}>", True, False, False, ""),
    ("what does it pay", False, True, False, "what does it pay"),
    ("Which roles are remote?", False, False, True, "Which roles are remote?"),
    ("Is the deadline past", False, False, True, "Is the deadline past"),
    ("thanks all, see you", False, False, True, None),
    ("Which roles are remote?", False, False, False, None),
])
def test_question_in_messages(text: str, mentioned: bool, direct: bool, ask_channel: bool,
                              question: str | None) -> None:
    """Should take mentions and DMs as questions, and in ask channels only what looks like one."""
    assert question_in(text, BOT_ID, mentioned=mentioned, direct=direct, ask_channel=ask_channel) == question


def test_throttle_allows_the_rate_then_waits() -> None:
    """Should allow `rate` uses per window for each key, then say how long to wait."""
    now = [100.0]
    throttle = Throttle(2, 60, clock=lambda: now[0])
    assert [throttle.retry_after("a"), throttle.retry_after("a")] == [0.0, 0.0]
    assert throttle.retry_after("a") == pytest.approx(60)
    assert throttle.retry_after("b") == 0.0
    now[0] += 61
    assert throttle.retry_after("a") == 0.0
