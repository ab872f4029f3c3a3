"""What a newcomer meets first, through the stand-in: a question during the cooldown is marked ⏳, not
dropped silently; moving from guild to global sync leaves no duplicate commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from discord_stub import running_bot

from bot.exts.ask import COOLDOWN_REACTION

QUESTION = "Which roles are remote?"
AGAIN = "And which pay the most?"


@pytest.mark.parametrize("where", ["mention", "ask channel"])
async def test_a_question_during_the_cooldown_gets_an_hourglass(tmp_path: Path, bundled_dir: Path,
                                                                today: dt.date, where: str) -> None:
    """Should react ⏳ to a member's question within their cooldown, and answer it not at all."""
    mention = where == "mention"
    async with running_bot(tmp_path, bundled_dir, today, ask_channel=not mention,
                           question_cooldown_seconds=600) as run:
        first = await run.stub.say(QUESTION, mention_bot=mention)
        await run.stub.channel_message(first["id"])
        second = await run.stub.say(AGAIN, mention_bot=mention)
        await run.stub.wait_for(lambda r: "/reactions/" in r.path)
        other = await run.stub.say(QUESTION, mention_bot=mention, user=run.stub.moderator)
        await run.stub.channel_message(other["id"])
        assert run.stub.reactions == [(second["id"], COOLDOWN_REACTION)]
        assert run.stub.replied_to() == [first["id"], other["id"]]


async def test_an_answered_question_gets_no_reaction(tmp_path: Path, bundled_dir: Path,
                                                     today: dt.date) -> None:
    """Should not react to questions outside the cooldown."""
    async with running_bot(tmp_path, bundled_dir, today, question_cooldown_seconds=600) as run:
        for user in (run.stub.member, run.stub.moderator):
            message = await run.stub.say(QUESTION, mention_bot=True, user=user)
            await run.stub.channel_message(message["id"])
        assert run.stub.reactions == []


async def test_global_sync_clears_the_commands_left_in_the_home_guild(tmp_path: Path, bundled_dir: Path,
                                                                      today: dt.date) -> None:
    """Should, when syncing globally, clear the server-only copy a development run left in HOME_GUILD_ID."""
    async with running_bot(tmp_path, bundled_dir, today, discord_guild_id=None) as run:
        home, app = run.stub.guild.id, run.stub.app_id
        run.stub.commands[home] = [{"name": "ask", "id": "1"}]  # what an earlier development run left
        run.bot.settings = run.settings.model_copy(update={"home_guild_id": int(home)})
        before = len(run.stub.requests)
        await run.bot.sync_commands()  # what the next start does
        puts = [(r.path, r.json) for r in run.stub.requests[before:] if r.method == "PUT"]
    assert [path for path, _ in puts] == [f"/applications/{app}/commands",
                                          f"/applications/{app}/guilds/{home}/commands"]
    assert puts[1][1] == [] and run.stub.commands[home] == [] and run.stub.commands[None]


async def test_global_sync_without_a_home_guild_clears_nothing(tmp_path: Path, bundled_dir: Path,
                                                               today: dt.date) -> None:
    """Should make no guild request when no home guild is configured."""
    async with running_bot(tmp_path, bundled_dir, today, discord_guild_id=None) as run:
        assert not [r for r in run.stub.requests if "/guilds/" in r.path and r.method == "PUT"]
