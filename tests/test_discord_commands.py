"""The bot's connection to Discord: synced command definitions, intents, invite URL (against the stand-in)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Running, running_bot
from discord_stub.payloads import MANAGE_GUILD

COMMANDS = {"ask", "jobs", "job", "salary", "deadlines", "remote", "help", "postings", "alerts", "remind",
            "reminders"}
STRING, INTEGER, BOOLEAN, ATTACHMENT = 3, 4, 5, 11
GUILDS, GUILD_MESSAGES, DM_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 12, 1 << 15


@pytest.fixture
async def run(tmp_path: Path, bundled_dir: Path, today: dt.date) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, bundled_dir, today) as running:
        yield running


def synced(run: Running) -> dict[str, dict[str, Any]]:
    return {command["name"]: command for command in run.stub.commands[run.stub.guild.id]}


def option(command: dict[str, Any], path: str) -> dict[str, Any]:
    *subcommands, name = path.split()
    options = command.get("options", [])
    for sub in subcommands:
        options = next(o for o in options if o["name"] == sub)["options"]
    return next(o for o in options if o["name"] == name)


async def test_commands_are_synced_to_the_dev_guild_only(run: Running) -> None:
    """Should sync every command to the configured guild, and nothing globally."""
    assert set(synced(run)) == COMMANDS
    assert not [r for r in run.stub.requests if r.method == "PUT" and "/guilds/" not in r.path]


@pytest.mark.parametrize(("command", "path", "kind", "required"), [
    ("ask", "question", STRING, True),
    ("ask", "private", BOOLEAN, False),
    ("jobs", "query", STRING, False),
    ("jobs", "remote", STRING, False),
    ("jobs", "min_salary", INTEGER, False),
    ("jobs", "location", STRING, False),
    ("jobs", "type", STRING, False),
    ("jobs", "closing_within_days", INTEGER, False),
    ("jobs", "include_closed", BOOLEAN, False),
    ("job", "posting", STRING, True),
    ("salary", "posting", STRING, False),
    ("deadlines", "days", INTEGER, False),
    ("postings", "add file", ATTACHMENT, True),
    ("postings", "remove posting", STRING, True),
])
async def test_options_have_their_types(run: Running, command: str, path: str, kind: int,
                                        required: bool) -> None:
    """Should declare each option with its type and whether it is required."""
    found = option(synced(run)[command], path)
    assert (found["type"], found.get("required", False)) == (kind, required)


async def test_every_command_and_option_is_described(run: Running) -> None:
    """Should give every command, subcommand and option a real description (from the docstrings)."""
    def walk(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [x for item in items for x in [item, *walk(item.get("options", []))]]
    for item in walk(list(synced(run).values())):
        assert item["description"] and item["description"] != "…", item["name"]


@pytest.mark.parametrize(("command", "path", "values"), [
    ("jobs", "remote", {"remote", "hybrid", "onsite"}),
    ("jobs", "type", {"full-time", "part-time", "temporary", "contract", "internship", "fellowship",
                      "seasonal", "volunteer", "per-diem"}),
])
async def test_enumerated_options_offer_choices(run: Running, command: str, path: str,
                                                values: set[str]) -> None:
    """Should offer the enumerated values as choices."""
    assert {c["value"] for c in option(synced(run)[command], path)["choices"]} == values


@pytest.mark.parametrize(("command", "path"), [("job", "posting"), ("salary", "posting"),
                                               ("postings", "remove posting")])
async def test_posting_options_autocomplete(run: Running, command: str, path: str) -> None:
    """Should autocomplete every option naming a posting."""
    assert option(synced(run)[command], path)["autocomplete"] is True


async def test_moderator_group_defaults_to_manage_server_in_guilds(run: Running) -> None:
    """Should register /postings with Manage Server as default permission, usable in servers only."""
    group = synced(run)["postings"]
    assert int(group["default_member_permissions"]) == MANAGE_GUILD
    assert group["dm_permission"] is False
    assert {o["name"] for o in group["options"]} == {"reload", "add", "remove", "status", "announce"}


async def test_other_commands_need_no_permission(run: Running) -> None:
    """Should leave every command but /postings open to all members."""
    assert all(c["default_member_permissions"] is None for n, c in synced(run).items() if n != "postings")


async def test_without_ask_channels_identifies_without_message_content(run: Running) -> None:
    """Should ask for guilds, guild messages and DMs only, when no ask channel is configured."""
    assert run.stub.identify is not None
    assert run.stub.identify["intents"] == GUILDS | GUILD_MESSAGES | DM_MESSAGES


async def test_with_ask_channels_identifies_with_message_content(tmp_path: Path, bundled_dir: Path,
                                                                 today: dt.date) -> None:
    """Should add the Message Content intent when ask channels are configured."""
    async with running_bot(tmp_path, bundled_dir, today, ask_channel_ids=[123]) as running:
        assert running.stub.identify is not None
        assert running.stub.identify["intents"] & MESSAGE_CONTENT


async def test_without_a_dev_guild_syncs_globally(tmp_path: Path, bundled_dir: Path, today: dt.date) -> None:
    """Should sync the commands globally, once, when no development guild is configured."""
    async with running_bot(tmp_path, bundled_dir, today, discord_guild_id=None) as running:
        puts = [r for r in running.stub.requests if r.method == "PUT"]
        assert [r.path for r in puts] == [f"/applications/{running.stub.app_id}/commands"]
        assert {c["name"] for c in puts[0].json} == COMMANDS


async def test_logs_the_invite_url(tmp_path: Path, bundled_dir: Path, today: dt.date,
                                   caplog: pytest.LogCaptureFixture) -> None:
    """Should log an invite URL with the bot and applications.commands scopes and a permissions integer."""
    with caplog.at_level(logging.INFO, logger="bot.client"):
        async with running_bot(tmp_path, bundled_dir, today) as running:
            app_id = running.stub.app_id
    invite = next(r.getMessage() for r in caplog.records if "oauth2/authorize" in r.getMessage())
    assert f"client_id={app_id}" in invite
    assert "scope=bot+applications.commands" in invite
    assert "permissions=" in invite


async def test_never_logs_the_token(tmp_path: Path, bundled_dir: Path, today: dt.date,
                                    caplog: pytest.LogCaptureFixture) -> None:
    """Should not write the token to any log record while starting and answering."""
    with caplog.at_level(logging.DEBUG):
        async with running_bot(tmp_path, bundled_dir, today) as running:
            interaction = await running.stub.slash("ask", {"question": "Which roles are remote?"})
            await running.stub.reply(interaction)
            token = running.stub.token
    assert all(token not in record.getMessage() for record in caplog.records)
