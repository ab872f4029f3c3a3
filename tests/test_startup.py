"""`python -m bot` as a real process: every start-up error is one line naming what to fix, with a non-zero
exit and no traceback; the invite URL is logged before anything can fail; SIGTERM closes everything."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from discord_stub.server import running_stub

TESTS_DIR = Path(__file__).resolve().parent
BOT_ID = 1234567890123456789
TOKEN = base64.b64encode(str(BOT_ID).encode()).decode().rstrip("=") + ".GhIjKl.stand-in-token-signature"
# Points the real `python -m bot run` at the stand-in (the only change from production), like the harness.
WRAPPER = """
import os, yarl, discord.http, discord.gateway
origin = os.environ.get("STUB_ORIGIN")
if origin:
    discord.http.Route.BASE = origin + "/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(origin.replace("http", "ws", 1) + "/gateway")
from bot.cli import main
raise SystemExit(main(["run"]))
"""


@dataclass
class Exited:
    code: int
    stderr: str

    @property
    def last_line(self) -> str:
        return self.stderr.strip().splitlines()[-1]


def environment(tmp_path: Path, bundled_dir: Path, origin: str | None, **values: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(TESTS_DIR.parent),
           "DISCORD_TOKEN": TOKEN, "POSTINGS_DIR": str(bundled_dir),
           "DATABASE_PATH": str(tmp_path / "open-roles.db"), "LOG_LEVEL": "INFO"}
    if origin is not None:
        env["STUB_ORIGIN"] = origin
    env.update(values)
    return env


async def start(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    pipe = asyncio.subprocess.PIPE
    return await asyncio.create_subprocess_exec(sys.executable, "-c", WRAPPER, cwd=cwd, env=env,
                                                stdout=pipe, stderr=pipe)


async def run_bot_process(env: dict[str, str], cwd: Path, timeout: float = 60) -> Exited:
    process = await start(env, cwd)
    _, err = await asyncio.wait_for(process.communicate(), timeout)
    return Exited(process.returncode if process.returncode is not None else -1, err.decode())


def newer_database(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE future (x)")
        db.execute("PRAGMA user_version = 99")
    return {"DATABASE_PATH": str(path)}


def database_under_a_file(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "a-file").write_text("not a folder")
    return {"DATABASE_PATH": str(tmp_path / "a-file" / "open-roles.db")}


Setup = Callable[[Path], dict[str, str]]
CASES: list[tuple[str, Setup, str, bool]] = [
    # (case, environment changes, what the error line names, whether the invite URL comes first)
    ("missing postings folder", lambda tmp: {"POSTINGS_DIR": str(tmp / "nowhere")}, "POSTINGS_DIR", True),
    ("database path under a file", database_under_a_file, "DATABASE_PATH", True),
    ("database from a newer version", newer_database, "DATABASE_PATH", True),
    ("guild the bot cannot access", lambda tmp: {"DISCORD_GUILD_ID": "999"}, "DISCORD_GUILD_ID", True),
    ("guild id not a number", lambda tmp: {"DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID", False),
    ("token rejected", lambda tmp: {"DISCORD_TOKEN": TOKEN + "x"}, "DISCORD_TOKEN", True),
    ("no token", lambda tmp: {"DISCORD_TOKEN": ""}, "DISCORD_TOKEN", False),
    ("Discord unreachable", lambda tmp: {"STUB_ORIGIN": "http://127.0.0.1:9"}, "could not be reached", True),
    ("PostgreSQL unreachable", lambda tmp: {"DATABASE_URL": "postgresql://bot:s3cret@127.0.0.1:9/roles"},
     "DATABASE_URL", True),
    ("shard ids without a count", lambda tmp: {"SHARD_IDS": "1"}, "SHARD_IDS", False),
    ("unknown log level", lambda tmp: {"LOG_LEVEL": "LOUD"}, "LOG_LEVEL", False),
]


@pytest.mark.parametrize(("case", "setup", "named", "invite_first"), CASES, ids=[c[0] for c in CASES])
async def test_a_start_up_error_is_one_line_and_a_non_zero_exit(
        tmp_path: Path, bundled_dir: Path, case: str, setup: Setup, named: str, invite_first: bool) -> None:
    """Should end with one line naming the variable, a non-zero status, no traceback, invite URL first."""
    async with running_stub(TOKEN) as stub:
        changes = setup(tmp_path)
        before = {p: p.read_bytes() for p in tmp_path.glob("*.db")}
        env = environment(tmp_path, bundled_dir, stub.origin, **changes)
        if changes.get("DISCORD_GUILD_ID") is None and "DISCORD_GUILD_ID" not in changes:
            env["DISCORD_GUILD_ID"] = stub.guild.id
        exited = await run_bot_process(env, tmp_path)
    assert exited.code != 0, exited.stderr
    assert "Traceback" not in exited.stderr
    assert named in exited.last_line, exited.stderr
    assert TOKEN not in exited.stderr and "s3cret" not in exited.stderr
    if invite_first:
        assert exited.stderr.index("oauth2/authorize") < exited.stderr.index(exited.last_line)
    assert {p: p.read_bytes() for p in before} == before  # a newer database is left untouched


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_sigterm_closes_the_gateway_the_workers_and_the_database(tmp_path: Path, bundled_dir: Path,
                                                                        number: signal.Signals) -> None:
    """Should close the gateway, the engine's workers and the database on SIGTERM (or SIGINT), exit 0."""
    folder = tmp_path / "postings"
    shutil.copytree(bundled_dir, folder)
    async with running_stub(TOKEN) as stub:
        env = environment(tmp_path, folder, stub.origin, DISCORD_GUILD_ID=stub.guild.id)
        process = await start(env, tmp_path)
        try:
            await asyncio.wait_for(stub.ready.wait(), 60)
            await stub.wait_for(lambda r: r.method == "PUT", timeout=30)  # commands synced: fully up
            process.send_signal(number)
            _, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        gateway_closed = stub._ws is None or stub._ws.closed
    stderr = err.decode()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "Stopped: gateway, workers and database closed." in stderr
    assert "voice will NOT be supported" not in stderr  # a text-only bot needs neither PyNaCl nor davey
    assert gateway_closed
    database = tmp_path / "open-roles.db"
    assert database.exists() and not Path(f"{database}-wal").exists()  # the last connection closed cleanly
