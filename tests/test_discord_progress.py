"""`/postings reload` shows a long sync's progress by editing one message, which then holds the report."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from discord_stub import running_bot
from discord_stub.server import Request

import bot.progress
import knowledge.store
from bot.progress import describe
from knowledge.store import SyncProgress, SyncStage


def edits_of_original(request: Request) -> bool:
    return request.method == "PATCH" and request.path.endswith("/messages/@original")


@pytest.mark.parametrize(("progress", "text"), [
    (SyncProgress(SyncStage.PARSING, 1200, 2736), "parsing 1,200 of 2,736 files (43%)"),
    (SyncProgress(SyncStage.SAVING, 0, 0), "saving…"),
])
def test_describe(progress: SyncProgress, text: str) -> None:
    """Should say the stage and how far it is."""
    assert text in describe(progress)


async def test_slow_reload_edits_one_message_with_progress_then_the_report(
        tmp_path: Path, bundled_dir: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should edit the deferred message with the progress of a slow sync, then put the report in it."""
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    monkeypatch.setattr(bot.progress, "DELAY", 0.0)
    monkeypatch.setattr(bot.progress, "INTERVAL", 0.02)
    shown = threading.Event()
    real = knowledge.store._plan_sync

    def slow(*args: Any, on_progress: Any = None, **kwargs: Any) -> Any:
        if on_progress is not None:  # the moderator's reload, not the start-up sync
            on_progress(SyncProgress(SyncStage.PARSING, 1, 3))
            shown.wait(20)
        return real(*args, on_progress=on_progress, **kwargs)

    async with running_bot(tmp_path, directory, today) as run:
        monkeypatch.setattr(knowledge.store, "_plan_sync", slow)
        (directory / "extra-organizer.txt").write_text("Extra Organizer\nRiver Union\n\nPay\n$50,000.\n")
        reload = await run.stub.slash("postings reload", user=run.stub.moderator)
        edit = await run.stub.wait_for(lambda r: reload.token in r.path and edits_of_original(r))
        shown.set()
        assert "parsing 1 of 3 files" in edit.json["content"]
        await run.stub.wait_for(lambda r: reload.token in r.path and edits_of_original(r)
                                and bool(r.json.get("embeds")))
        await asyncio.sleep(0.1)
        requests = run.stub.requests_for(reload)
    final = [r for r in requests if edits_of_original(r)][-1]
    assert "added 1" in final.json["embeds"][0]["description"] and not final.json.get("content")
    assert not [r for r in requests if r.method == "POST" and not r.path.endswith("/callback")]


async def test_quick_reload_replies_without_progress(tmp_path: Path, bundled_dir: Path,
                                                     today: dt.date) -> None:
    """Should answer a sync quicker than the delay with its report alone."""
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    async with running_bot(tmp_path, directory, today) as run:
        reload = await run.stub.slash("postings reload", user=run.stub.moderator)
        report = (await run.stub.reply(reload))["embeds"][0]
        requests = run.stub.requests_for(reload)
    assert "unchanged 5" in report["description"]
    assert not [r for r in requests if edits_of_original(r)]
