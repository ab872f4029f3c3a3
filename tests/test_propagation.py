"""Several processes on one store: a change made through one engine (add, remove, reload) is served by
another engine on the same database (an SQLite file, or PostgreSQL) within 2 s, without a restart."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from discord_stub.postings import posting_text
from pg_server import fresh_database

from knowledge.store import open_store
from retrieval.engine import Engine

PROPAGATION_SECONDS = 2.0
GUILD = 42


@contextlib.asynccontextmanager
async def engine_on(path: Path | str, today: dt.date, *, follow: bool) -> AsyncIterator[Engine]:
    """An engine with its own connection to the database at `path`, following others' changes."""
    async with await open_store(path) as store:
        engine = Engine(store, today=lambda: today)
        await engine.start()
        task = asyncio.create_task(engine.follow(interval=0.1)) if follow else None
        try:
            yield engine
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            engine.close()


async def within(seconds: float, condition: Callable[[], bool]) -> float:
    """How long `condition` took to hold; fails if it did not within `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "the change was not served in time"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


@pytest.fixture(params=["sqlite", "postgres"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Path | str]:
    """Where the engines' store is: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "store.db"
        return
    async with fresh_database(request.getfixturevalue("postgres_url")) as url:
        yield url


@pytest.fixture
def upload(today: dt.date) -> bytes:
    return posting_text("Tenant Organizer", "Lakeside Housing Union", place="Toledo, OH", pay="$51,000",
                        deadline=today + dt.timedelta(days=20)).encode()


async def test_an_upload_and_its_removal_reach_the_other_engine(database: Path | str, today: dt.date,
                                                                bundled_dir: Path, upload: bytes) -> None:
    """Should serve another engine's upload and removal within 2 s, in that server's scope only."""
    path = database
    async with engine_on(path, today, follow=False) as writer, engine_on(path, today, follow=True) as reader:
        await writer.reload(bundled_dir)
        await within(PROPAGATION_SECONDS, lambda: len(reader.postings()) == 5)
        await writer.add("lakeside.txt", upload, guild_id=GUILD)
        await within(PROPAGATION_SECONDS, lambda: reader.find_posting("lakeside", guild_id=GUILD) is not None)
        assert reader.find_posting("lakeside") is None  # not in the shared scope
        answer = await reader.ask("What does the Lakeside Housing Union pay?", guild_id=GUILD)
        assert any(c.posting_id == "lakeside" for c in answer.citations)
        assert await writer.remove("lakeside", guild_id=GUILD)
        await within(PROPAGATION_SECONDS, lambda: reader.find_posting("lakeside", guild_id=GUILD) is None)


async def test_a_reload_reaches_the_other_engine(database: Path | str, tmp_path: Path, today: dt.date,
                                                 bundled_dir: Path, upload: bytes) -> None:
    """Should serve a reload of the shared folder made by another engine within 2 s."""
    folder = tmp_path / "postings"
    shutil.copytree(bundled_dir, folder)
    path = database
    async with engine_on(path, today, follow=False) as writer, engine_on(path, today, follow=True) as reader:
        await writer.reload(folder)
        await within(PROPAGATION_SECONDS, lambda: len(reader.postings()) == 5)
        (folder / "lakeside.txt").write_bytes(upload)
        removed = sorted(folder.glob("pop-*"))[0]
        removed.unlink()
        await writer.reload(folder)
        await within(PROPAGATION_SECONDS, lambda: reader.find_posting("lakeside") is not None)
        assert {p.id for p in reader.postings()} == {p.id for p in writer.postings()}


async def test_nothing_changed_costs_no_rebuild(database: Path | str, today: dt.date,
                                                bundled_dir: Path) -> None:
    """Should keep serving the same snapshot when no other process changed anything."""
    path = database
    async with engine_on(path, today, follow=False) as writer, engine_on(path, today, follow=False) as reader:
        await writer.reload(bundled_dir)
        assert await reader.refresh()
        before = reader.snapshot
        assert not await reader.refresh()
        assert reader.snapshot is before
