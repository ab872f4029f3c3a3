"""A reload killed with SIGKILL at any point leaves a sound store: the complete old set or the new one."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from knowledge.parse import content_hash, posting_id
from knowledge.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent

# Syncs `argv[2]` into the store at `argv[1]`, printing markers as it goes. Writing each posting's
# passages is slowed down so that the transaction lasts long enough to be killed in the middle.
SYNC_SCRIPT = """
import asyncio, datetime as dt, sys, time
from pathlib import Path
import knowledge.store as store_module
from knowledge.store import Store

real_rows = store_module._passage_rows
announced = []

def slow_rows(posting):
    if not announced:
        announced.append(True)
        print("applying", flush=True)
    time.sleep(0.001)
    return real_rows(posting)

store_module._passage_rows = slow_rows

async def main():
    async with await Store.open(sys.argv[1]) as store:
        print("open", flush=True)
        await store.sync_directory(Path(sys.argv[2]), today=dt.date(2026, 11, 23))
    print("done", flush=True)

asyncio.run(main())
"""


def posting_file(number: int, revision: int) -> tuple[str, str]:
    """A generated posting (name, text); the format rotates through text, Markdown and HTML."""
    pay = 40_000 + 250 * number + 1_000 * revision
    match number % 3:
        case 0:
            return f"role-{number:03d}.txt", (
                f"Community Organizer {number}\nNeighbors United Local {number}\n\nAbout the role\n"
                f"Build tenant committees in ward {number} (revision {revision}).\n\n"
                f"Pay\n${pay:,} per year.\n\n"
                f"How to apply\nEmail jobs{number}@example.org by January {number % 28 + 1}, 2027.\n")
        case 1:
            return f"role-{number:03d}.md", (
                f"# Data Coordinator {number}\n\n**Organization:** Civic Data Lab {number}\n\n"
                f"## Responsibilities\n- Keep the member list current (revision {revision}).\n"
                f"- Train {number % 9 + 2} volunteers.\n\n## Compensation\n${pay // 2_000}/hour.\n")
        case _:
            return f"role-{number:03d}.html", (
                f"<html><body><h1>Campaign Lead {number}</h1><p>Harbor Workers {number} is hiring.</p>"
                f"<h2>Pay</h2><p>${pay:,} a year, revision {revision}.</p></body></html>\n")


OLD = {number: 0 for number in range(200)}
# The reload drops 30 postings, rewrites 100, keeps 70 and adds 30.
NEW = {number: (1 if number < 130 else 0) for number in range(30, 230)}


def write_set(directory: Path, revisions: dict[int, int]) -> dict[str, str]:
    """Make `directory` hold exactly the given postings; returns id -> content hash."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in directory.iterdir():
        path.unlink()
    expected = {}
    for number, revision in revisions.items():
        name, text = posting_file(number, revision)
        (directory / name).write_text(text, encoding="utf-8")
        expected[posting_id(name)] = content_hash(text.encode())
    return expected


async def killed_reload(db: Path, directory: Path, marker: str, delay: float) -> None:
    """Run a reload in a subprocess and SIGKILL it `delay` seconds after it prints `marker`."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", SYNC_SCRIPT, str(db), str(directory), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    assert process.stdout is not None
    try:
        while marker != "start":
            line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode().strip()
            if line in (marker, "done", ""):
                break
        await asyncio.sleep(delay)
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


@pytest.mark.parametrize(("marker", "max_delay", "seed"), [
    ("start", 0.6, 1), ("start", 0.6, 2),
    ("open", 0.2, 3), ("open", 0.2, 4),
    ("applying", 0.15, 5), ("applying", 0.15, 6), ("applying", 0.0, 7),
])
async def test_killed_reload_leaves_old_or_new_set(tmp_path: Path, marker: str, max_delay: float,
                                                   seed: int) -> None:
    """Should leave a sound database holding the complete old or new set, and let the next sync finish."""
    directory, db = tmp_path / "postings", tmp_path / "db" / "store.db"
    old = write_set(directory, OLD)
    async with await Store.open(db) as store:
        await store.sync_directory(directory, today=TODAY)
    new = write_set(directory, NEW)

    await killed_reload(db, directory, marker, random.Random(seed).uniform(0, max_delay))

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = dict(conn.execute("SELECT id, content_hash FROM postings").fetchall())
        loads = conn.execute("SELECT COUNT(*) FROM loads").fetchone()[0]
    conn.close()
    assert (stored, loads) in ((old, 1), (new, 2))

    async with await Store.open(db) as store:
        report = await store.sync_directory(directory, today=TODAY)
        assert report.skipped == []
        assert {p.id: p.content_hash for p in await store.postings()} == new
