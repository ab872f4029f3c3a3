"""Etiquette and limits end to end: no pings, escaped text, payloads within limits, the 3 s deadline."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from discord_stub import Running, running_bot
from discord_stub.limits import choice_problems, message_problems
from discord_stub.postings import posting_text, write_many

import knowledge.store

ROLE_ID = "1234567890123456789"
HOSTILE_LINES = (
    f"@everyone @here please read! Ping <@&{ROLE_ID}> and <@{ROLE_ID}>. "
    "Apply at [our portal](https://evil.example/phish) and **act now**."
)


def hostile_posting(today: dt.date) -> str:
    return posting_text("Outreach Organizer @everyone", "Hostile Text Collective", place="Remote",
                        pay="$55,000", deadline=today + dt.timedelta(days=30), extra=HOSTILE_LINES)


def message_bodies(run: Running) -> list[dict[str, Any]]:
    """Every message body the bot sent: channel messages, follow-ups, edits and message responses."""
    bodies = []
    for request in run.stub.requests:
        if request.method not in ("POST", "PATCH") or not isinstance(request.json, dict):
            continue
        if request.path.endswith("/callback"):
            if request.json["type"] in (4, 7):
                bodies.append(request.json["data"])
        elif "/messages" in request.path or request.path.startswith("/webhooks/"):
            bodies.append(request.json)
    return bodies


def visible_text(body: dict[str, Any]) -> str:
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text", "")]
        parts += [f["name"] + "\n" + f["value"] for f in embed.get("fields") or []]
    return "\n".join(parts)


async def test_a_posting_with_mentions_and_links_pings_nobody(tmp_path: Path, today: dt.date) -> None:
    """Should send allowed_mentions parse [] everywhere and escape @everyone, mentions and masked links."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "hostile.txt").write_text(hostile_posting(today), encoding="utf-8")
    async with running_bot(tmp_path, directory, today) as run:
        for interaction in [await run.stub.slash("job", {"posting": "hostile"}),
                            await run.stub.slash("ask", {"question": "@everyone what is the hostile pay?"}),
                            await run.stub.slash("jobs")]:
            await run.stub.reply(interaction)
        message = await run.stub.say("tell me about the Hostile Text Collective @here", mention_bot=True)
        await run.stub.channel_message(message["id"])
        bodies = message_bodies(run)
    assert len(bodies) == 4
    for body in bodies:
        assert body["allowed_mentions"]["parse"] == []
        assert body["allowed_mentions"].get("replied_user", False) is False
        text = visible_text(body)
        assert "@everyone" not in text and "@here" not in text
        assert f"<@&{ROLE_ID}>" not in text and f"<@{ROLE_ID}>" not in text
        assert "](https://evil" not in text


def huge_posting(today: dt.date) -> str:
    sentence = "This sentence about the role keeps going with many details to read. "
    extra = sentence * 400 + " ".join(f"word{i}" for i in range(3000))
    text = posting_text("Senior " + "Very Long Title Words " * 8, "Enormous Org " * 4, place="Remote",
                        pay="$60,000", deadline=today + dt.timedelta(days=9), extra=extra)
    benefits = "\n".join(f"  • Benefit number {i}: {sentence * 3}" for i in range(200))
    return text + "\nBenefits\n" + benefits + "\n"


async def test_a_huge_posting_produces_payloads_within_every_limit(tmp_path: Path, today: dt.date) -> None:
    """Should keep every message, embed and autocomplete within Discord's limits for a huge posting."""
    directory = tmp_path / "postings"
    directory.mkdir()
    (directory / "huge.txt").write_text(huge_posting(today), encoding="utf-8")
    write_many(directory, 3, today=today)
    async with running_bot(tmp_path, directory, today) as run:
        commands: list[tuple[str, dict[str, Any]]] = [
            ("job", {"posting": "huge"}), ("ask", {"question": "What benefits does the Enormous Org offer?"}),
            ("jobs", {}), ("salary", {}), ("deadlines", {}), ("remote", {}), ("help", {}),
        ]
        for name, options in commands:
            await run.stub.reply(await run.stub.slash(name, options))
        autocomplete = await run.stub.slash("job", {"posting": "huge"}, focused="posting")
        choices = (await run.stub.callback(autocomplete)).json["data"]
        message = await run.stub.say("What benefits does the Enormous Org offer?", mention_bot=True)
        await run.stub.channel_message(message["id"])
    assert [r.response for r in run.stub.requests if r.status >= 400] == []
    bodies = message_bodies(run)
    assert len(bodies) == len(commands) + 1
    assert all(message_problems(body) == [] for body in bodies)
    assert choice_problems(choices) == [] and choices["choices"]
    card = bodies[0]["embeds"][0]
    assert "trimmed" in card["title"] or any("trimmed" in f["value"] for f in card["fields"])


@pytest.fixture
def blocked_sync(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Hold every directory sync in its worker thread until released: (started, release)."""
    started, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = knowledge.store._plan_sync

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(knowledge.store, "_plan_sync", held)
    return started, release


async def test_questions_are_answered_in_time_while_a_reload_runs(
        tmp_path: Path, bundled_dir: Path, today: dt.date,
        blocked_sync: tuple[threading.Event, threading.Event]) -> None:
    """Should defer and answer /ask from the previous postings while a reload of many postings runs."""
    started, release = blocked_sync
    directory = tmp_path / "postings"
    directory.mkdir()
    for path in bundled_dir.iterdir():
        (directory / path.name).write_bytes(path.read_bytes())
    release.set()  # the first sync (before the bot starts) runs normally
    async with running_bot(tmp_path, directory, today) as run:
        before = {p.id for p in run.bot.engine.postings()}
        write_many(directory, 150, today=today)
        release.clear()
        started.clear()
        reload = await run.stub.slash("postings reload", user=run.stub.moderator)
        assert await asyncio.to_thread(started.wait, 10)
        ask = await run.stub.slash("ask", {"question": "Which roles are remote?"})
        # The stand-in refuses an initial response arriving more than 3 s after dispatch (10062).
        assert (await run.stub.callback(ask)).status == 200
        answer = await run.stub.reply(ask)
        assert not [r for r in run.stub.requests_for(reload) if not r.path.endswith("/callback")]
        release.set()
        # The report, not the progress the reload shows meanwhile (tests/test_discord_progress.py).
        final = await run.stub.wait_for(lambda r: reload.token in r.path and isinstance(r.json, dict)
                                        and bool(r.json.get("embeds")), timeout=40)
        report = final.json["embeds"][0]
    assert (await run.stub.callback(reload)).status == 200
    assert "added 150" in report["description"]
    cited = {f["value"].rsplit("`", 2)[-2] for f in answer["embeds"][0]["fields"]}
    assert cited and all(name.rsplit(".", 1)[0] in before for name in cited)
