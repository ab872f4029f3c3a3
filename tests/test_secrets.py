"""Nothing leaks: the token stays out of logs, reprs, errors and output; users see no paths or tracebacks;
SQL is parameterized.

The token below is fake but shaped like a real one, so a leak of any of its parts would show.
"""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
import io
import json
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl
from discord_stub import Running, running_bot
from discord_stub.server import EPHEMERAL, running_stub
from pydantic import SecretStr

from bot.cli import main
from bot.client import configure_logging
from bot.errors import APOLOGY
from bot.settings import Settings

TOKEN = "MTMwMDAwMDAwMDAwMDAwMDA0Mg.GfAkEt.Op3nR0lesFakeT0kenNeverL0gged_abcdefghij"
WRONG_TOKEN = "MTMwMDAwMDAwMDAwMDAwMDA0Mw.GwRoNg.AnotherFakeT0kenDiscordRejects_klmnopqrs"
QUESTION = "Which roles are remote?"
ROOT = Path(__file__).resolve().parent.parent
# An absolute path (POSIX or Windows) with at least one directory, e.g. /srv/app/store.py or C:\app\x.
PATH = re.compile(r"(?:\b[A-Za-z]:\\|(?<![\w<])/)(?:[\w.-]+[/\\])+[\w.-]*")
INTERNALS = ('Traceback (most recent call last):\n  File "/srv/open-roles/knowledge/store.py", line 42, '
             'in sync\nsqlite3.OperationalError: disk I/O error at /var/lib/open-roles/open-roles.db')


def leaks(text: str, token: str = TOKEN) -> list[str]:
    """The parts of `token` (whole, or its secret third part) found in `text`."""
    return [part for part in (token, token.rsplit(".", 1)[-1]) if part in text]


def internals(text: str) -> list[str]:
    """Paths, tracebacks and source file names in a message shown to a user."""
    found = PATH.findall(text)
    found += [word for word in ("Traceback", 'File "', ".py", "Error:") if word in text]
    return found


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Restore the root logger's handlers and level after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def record_texts(caplog: pytest.LogCaptureFixture) -> str:
    """Every log record as written (with tracebacks), plus its raw arguments."""
    raw = [f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records]
    return caplog.text + "\n".join(raw)


def sent_bodies(run: Running) -> str:
    """Every request body the bot sent to the stand-in, as JSON text."""
    return json.dumps([r.json for r in run.stub.requests if r.json is not None], ensure_ascii=False)


async def test_the_token_never_appears_while_the_bot_runs_at_debug_level(
        tmp_path: Path, bundled_dir: Path, today: dt.date, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, root_logging: None) -> None:
    """Should keep the token out of logs, stderr, messages, reprs and the database at debug level."""
    configure_logging("DEBUG")  # what LOG_LEVEL=DEBUG does: every record to stderr
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path, bundled_dir, today, token=TOKEN, log_level="DEBUG") as run:
        stub = run.stub
        assert stub.identify is not None and stub.identify["token"] == TOKEN  # the bot really used it
        for interaction in [await stub.slash("ask", {"question": QUESTION}), await stub.slash("jobs"),
                            await stub.slash("postings reload", user=stub.moderator),
                            await stub.slash("postings reload", user=stub.member)]:
            await stub.reply(interaction)
        message = await stub.say(QUESTION, mention_bot=True)
        await stub.channel_message(message["id"])

        async def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the index is gone")
        monkeypatch.setattr(run.bot.engine, "jobs", broken)
        await stub.reply(await stub.slash("jobs"))
        shown = {"reprs": f"{run.bot.settings!r} {run.bot.settings} {run.bot!r} {run.store!r}",
                 "messages": sent_bodies(run)}
    out, err = capsys.readouterr()
    assert "discord.gateway" in err and "the index is gone" in err  # debug logs and errors reached stderr
    assert [r for r in stub.requests if r.status == 401] == []
    database = b"".join(p.read_bytes() for p in tmp_path.glob("open-roles.db*")).decode("latin-1")
    shown |= {"logs": record_texts(caplog), "stderr": err, "stdout": out, "database": database}
    assert {where: leaks(text) for where, text in shown.items() if leaks(text)} == {}


async def test_a_rejected_token_exits_with_advice_and_without_the_token(
        tmp_path: Path, bundled_dir: Path, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, root_logging: None) -> None:
    """Should exit `python -m bot run` with advice when Discord rejects the token, never showing it."""
    caplog.set_level(logging.DEBUG)
    settings = Settings(_env_file=None, discord_token=SecretStr(WRONG_TOKEN),  # type: ignore[call-arg]
                        log_level="DEBUG", database_path=tmp_path / "open-roles.db", postings_dir=bundled_dir)

    def run() -> str:
        try:
            main(["run"], settings=settings)
        except SystemExit as exited:
            return str(exited.code)
        return "did not exit"

    async with running_stub(TOKEN) as stub:
        monkeypatch.setattr(discord.http.Route, "BASE", stub.base_url)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(stub.gateway_url))
        message = await asyncio.to_thread(run)
    assert "Reset Token" in message
    assert [r.status for r in stub.requests] == [401]  # the token was tried, and refused
    out, err = capsys.readouterr()
    assert "401" in err  # the debug log of the refused request reached stderr
    shown = {"message": message, "logs": record_texts(caplog), "stderr": err, "stdout": out}
    found = {where: leaks(text, WRONG_TOKEN) for where, text in shown.items()}
    assert {where: parts for where, parts in found.items() if parts} == {}


@pytest.mark.parametrize("show", [repr, str, lambda s: f"{s}", lambda s: str(s.model_dump()),
                                  lambda s: s.model_dump_json(), lambda s: repr(s.discord_token)])
def test_settings_never_show_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       show: Callable[[Settings], str]) -> None:
    """Should hide the token read from the environment in every rendering of the settings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    settings = Settings()
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == TOKEN
    assert leaks(show(settings)) == []


def test_bad_settings_are_reported_without_the_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Should name the bad setting and exit, without echoing the token beside it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("DISCORD_GUILD_ID", "not-a-number")
    assert main(["reload"]) == 2
    out, err = capsys.readouterr()
    assert "DISCORD_GUILD_ID" in err and len(err.strip().splitlines()) == 1  # the variable, in one line
    assert leaks(out + err) == []


@pytest.mark.parametrize("argv", [["reload"], ["ask", QUESTION], ["ask", QUESTION, "--json"], ["jobs"],
                                  ["jobs", "--json"], ["console"]])
def test_cli_and_console_output_never_show_the_token(tmp_path: Path, bundled_dir: Path, argv: list[str],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Should answer on the terminal without ever printing the configured token."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"/help\n{QUESTION}\n/jobs\nquit\n"))
    settings = Settings(_env_file=None, discord_token=SecretStr(TOKEN),  # type: ignore[call-arg]
                        database_path=tmp_path / "db.sqlite", postings_dir=bundled_dir, log_level="DEBUG")
    assert main(["--today", "2026-11-23", *argv], settings=settings) == 0
    out, err = capsys.readouterr()
    assert out.strip()
    assert leaks(out + err) == []


# ----- what users see when something breaks ------------------------------------------------------


def breaking(target: str, monkeypatch: pytest.MonkeyPatch, run: Running) -> None:
    """Make `target` ("engine.ask", "store.load_log"...) raise an error full of internals."""
    owner_name, name = target.split(".")
    owner = getattr(run.bot, owner_name)

    async def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(INTERNALS)

    def failing_now(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(INTERNALS)

    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, failing if asyncio.iscoroutinefunction(real) else failing_now)


@pytest.mark.parametrize(("command", "options", "moderator", "target"), [
    ("ask", {"question": QUESTION}, False, "engine.ask"),
    ("ask", {"question": QUESTION, "private": True}, False, "engine.ask"),
    ("jobs", {"query": "organizer"}, False, "engine.jobs"),
    ("job", {"posting": "organizer"}, False, "engine.find_posting"),
    ("salary", {}, False, "engine.jobs"),
    ("postings reload", {}, True, "engine.reload"),
    ("postings status", {}, True, "store.load_log"),
])
async def test_an_unexpected_error_shows_no_paths_or_tracebacks(
        tmp_path: Path, bundled_dir: Path, today: dt.date, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch, command: str, options: dict[str, Any], moderator: bool,
        target: str) -> None:
    """Should show the user a private apology free of internals, and log the traceback for the operator."""
    async with running_bot(tmp_path, bundled_dir, today) as run:
        breaking(target, monkeypatch, run)
        with caplog.at_level(logging.ERROR, logger="bot.errors"):
            interaction = await run.stub.slash(command, options,
                                               user=run.stub.moderator if moderator else run.stub.member)
            body = await run.stub.reply(interaction)
    assert body["content"] == APOLOGY and int(body.get("flags") or 0) & EPHEMERAL
    assert internals(body["content"]) == []
    assert [r for r in caplog.records if r.exc_info and "disk I/O error" in str(r.exc_info[1])]


async def test_an_unexpected_error_answering_a_mention_shows_no_internals(
        tmp_path: Path, bundled_dir: Path, today: dt.date, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should reply to a mention with the apology only when answering it fails."""
    async with running_bot(tmp_path, bundled_dir, today) as run:
        breaking("engine.ask", monkeypatch, run)
        message = await run.stub.say(QUESTION, mention_bot=True)
        reply = (await run.stub.channel_message(message["id"])).json
    assert reply["content"] == APOLOGY and internals(reply["content"]) == []


async def test_a_missing_postings_folder_is_reported_without_its_path(
        tmp_path: Path, bundled_dir: Path, today: dt.date, caplog: pytest.LogCaptureFixture) -> None:
    """Should not show the server's postings path to a moderator when a reload cannot read it."""
    directory = tmp_path / "postings"
    shutil.copytree(bundled_dir, directory)
    async with running_bot(tmp_path, directory, today) as run:
        shutil.rmtree(directory)
        with caplog.at_level(logging.ERROR, logger="bot.errors"):
            interaction = await run.stub.slash("postings reload", user=run.stub.moderator)
            body = await run.stub.reply(interaction)
        assert len(run.bot.engine.postings()) == len(list(bundled_dir.iterdir()))
    assert internals(body["content"]) == [] and str(tmp_path) not in body["content"]
    assert int(body.get("flags") or 0) & EPHEMERAL
    assert any(str(directory) in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


# ----- parameterized SQL -------------------------------------------------------------------------

SQL = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WHERE|VALUES|REPLACE)\b")
EXECUTES = {"execute", "executemany", "executescript", "execute_fetchall", "execute_insert"}


def _int_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "int"


def _sql_text(node: ast.expr) -> bool:
    """Whether `node` is a string literal (or f-string) whose literal text reads as SQL."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(SQL.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_sql_text(v) for v in node.values if isinstance(v, ast.Constant))
    return False


class _Static:
    """Names bound only to literal SQL (or collections of it) anywhere in a module, found by fixpoint."""

    def __init__(self, tree: ast.Module) -> None:
        self.bindings: dict[str, list[ast.expr]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self._bind(node.target, node.value)
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                self._bind(node.target, node.iter)
            elif isinstance(node, ast.arg):
                self.bindings.setdefault(node.arg, []).append(ast.Name(id="<argument>"))
            elif isinstance(node, ast.NamedExpr | ast.AugAssign):
                self._bind(node.target, ast.Name(id="<dynamic>"))
        self.names: set[str] = set()
        while True:
            found = {name for name, values in self.bindings.items() if all(self.static(v) for v in values)}
            if found == self.names:
                break
            self.names = found

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                # A loop variable is as static as what it iterates over.
                self.bindings.setdefault(name.id, []).append(value)

    def static(self, node: ast.expr) -> bool:
        """Literal text (and ints), never a value computed at run time from data."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str | int | type(None))
        if isinstance(node, ast.Name):
            return node.id in self.names
        if isinstance(node, ast.Tuple | ast.List):
            return all(self.static(e) for e in node.elts)
        if isinstance(node, ast.Subscript):
            return self.static(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.static(node.left) and self.static(node.right)
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(v, ast.Constant)
                       or (isinstance(v, ast.FormattedValue) and _int_call(v.value)) for v in node.values)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("enumerate",
                                                                                              "int", "len"):
            return all(self.static(a) for a in node.args)
        return False


def sql_problems(source: str) -> list[str]:
    """SQL built from values by f-strings, `%`, `.format` or `+`, and execute calls with non-literal SQL.

    Only `int(...)` may be interpolated (PRAGMA takes no parameters); everything else must be bound
    with `?` placeholders.
    """
    tree = ast.parse(source)
    static = _Static(tree)
    problems = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.JoinedStr) and _sql_text(node) and not static.static(node):
            problems.append(f"line {line}: f-string SQL interpolates a value")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _sql_text(node.left):
            problems.append(f"line {line}: SQL built with %")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) \
                and (_sql_text(node.left) or _sql_text(node.right)) and not static.static(node):
            problems.append(f"line {line}: SQL concatenated with a value")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format" and _sql_text(node.func.value):
                problems.append(f"line {line}: SQL built with .format")
            elif node.func.attr in EXECUTES and node.args and not static.static(node.args[0]):
                problems.append(f"line {line}: {node.func.attr} with SQL that is not literal")
    return problems


def test_the_store_uses_parameterized_sql_only() -> None:
    """Should build every SQL statement in knowledge/store.py from literals, binding values with `?`."""
    source = (ROOT / "knowledge" / "store.py").read_text(encoding="utf-8")
    assert sum(source.count(f".{name}(") for name in EXECUTES) >= 10  # the check has SQL to look at
    assert sql_problems(source) == []


@pytest.mark.parametrize("module", sorted(p.relative_to(ROOT).as_posix() for package in ("bot", "knowledge",
                                                                                           "retrieval")
                                          for p in (ROOT / package).rglob("*.py")))
def test_no_module_builds_sql_from_values(module: str) -> None:
    """Should find no SQL built from values in any module of the packages."""
    assert sql_problems((ROOT / module).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("code", [
    "db.execute(f\"SELECT * FROM postings WHERE id = '{pid}'\")",
    "db.execute(\"DELETE FROM postings WHERE id = '%s'\" % pid)",
    "db.execute(\"SELECT * FROM postings WHERE id = {}\".format(pid))",
    "db.execute(\"SELECT * FROM postings WHERE id = '\" + pid + \"'\")",
    "query = 'SELECT * FROM postings ORDER BY ' + column\ndb.execute(query)",
    "def run(db, sql):\n    return db.execute(sql)",
    "for statement in user_statements:\n    db.execute(statement)",
    "db.executemany(f'INSERT INTO audit VALUES ({row})', rows)",
])
def test_the_sql_check_catches_sql_built_from_values(code: str) -> None:
    """Should flag each way of building SQL from a value."""
    assert sql_problems(code) != []


@pytest.mark.parametrize("code", [
    "db.execute('SELECT id FROM postings WHERE id = ?', (pid,))",
    "db.execute(f'PRAGMA user_version = {int(number)}')",
    "MIGRATIONS = (('CREATE TABLE a (x)', 'CREATE TABLE b (y)'),)\n"
    "for number, statements in enumerate(MIGRATIONS[1:], start=2):\n"
    "    for statement in statements:\n        db.execute(statement)",
    "query = 'SELECT id FROM postings'\ndb.execute(query + ' WHERE id = ?', (pid,))",
])
def test_the_sql_check_accepts_parameterized_sql(code: str) -> None:
    """Should accept literal SQL with `?` placeholders and int-only PRAGMA values."""
    assert sql_problems(code) == []
