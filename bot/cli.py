"""`python -m bot`: the command line. Settings are built once here and resources opened and closed here.

    python -m bot [--postings DIR] [--db PATH] [--today YYYY-MM-DD] [COMMAND ...]
    parse FILE... [--json] | reload | ask "QUESTION" [--json] | jobs [filters] [--json] | console | run
    (no COMMAND: run)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError
from tqdm import tqdm

from bot.console import (
    FilterError,
    parse_choice,
    parse_money,
    render_answer,
    render_jobs,
    render_report,
    run_console,
)
from bot.prompt import sigint_to_main_thread
from bot.settings import Settings, settings_error
from bot.terminal import terminal_safe
from knowledge.errors import OpenRolesError
from knowledge.models import EmploymentType, RemoteStatus, SyncReport
from knowledge.parse import parse_posting
from knowledge.store import OnProgress, SyncProgress, SyncStage, open_store, read_posting_file
from retrieval.engine import Engine
from retrieval.jobs import job_filters

__all__ = ["build_parser", "main"]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date; write it as YYYY-MM-DD") from exc


def _remote(value: str) -> RemoteStatus:
    try:
        return RemoteStatus(str(parse_choice(value, RemoteStatus, "--remote")))
    except FilterError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from exc


def _type(value: str) -> EmploymentType:
    try:
        return EmploymentType(str(parse_choice(value, EmploymentType, "--type")))
    except FilterError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from exc


def _salary(value: str) -> float:
    try:
        return parse_money(value)
    except FilterError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from exc


def _global_options(default: Any) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--postings", type=Path, default=default,
                         help="postings directory (default: POSTINGS_DIR)")
    options.add_argument("--db", type=Path, default=default, help="SQLite database (default: DATABASE_PATH)")
    options.add_argument("--today", type=_date, default=default,
                         help="the date deciding open/closed (default: today)")
    options.add_argument("--read-only", action="store_true", default=default,
                         help="answer from the database as it is: open it read-only and do not reload")
    return options


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m bot`."""
    parser = argparse.ArgumentParser(
        prog="python -m bot", parents=[_global_options(None)],
        description="Open Roles: answers about job postings. "
                    "With no COMMAND, runs the Discord bot (as `run`).")
    # The global options are accepted after the command too; there they default to "not given".
    common = _global_options(argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", parents=[common], help="parse posting files and print their fields")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    sub.add_parser("reload", parents=[common], help="sync the postings directory into the database")
    p = sub.add_parser("ask", parents=[common], help="ask a question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p = sub.add_parser("jobs", parents=[common], help="list postings matching filters")
    p.add_argument("--query", help="words the posting must mention")
    p.add_argument("--remote", type=_remote, help="remote, hybrid or onsite")
    p.add_argument("--min-salary", type=_salary, help="minimum annual pay, e.g. 60000 or 60k")
    p.add_argument("--location", help="a place named in the posting's location")
    p.add_argument("--type", type=_type,
                   help="full-time, part-time, temporary, contract, internship or fellowship")
    p.add_argument("--closing-before", type=_date, help="deadline before YYYY-MM-DD")
    p.add_argument("--include-closed", action="store_true", help="include postings whose deadline passed")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    sub.add_parser("console", parents=[common], help="chat with the engine in the terminal")
    sub.add_parser("run", parents=[common], help="run the Discord bot (the default: no COMMAND means run)")
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.command = "run"
    try:
        settings = settings or Settings()
    except ValidationError as exc:  # a bad environment variable
        print(f"error: {settings_error(exc)}", file=sys.stderr)
        return 2
    if args.postings is not None:
        settings = settings.model_copy(update={"postings_dir": args.postings})
    if args.db is not None:
        settings = settings.model_copy(update={"database_path": args.db, "database_url": None})
    today: dt.date = args.today or dt.date.today()
    if args.command == "run":
        from bot.client import run_bot  # imported lazily: only this command needs discord

        try:
            run_bot(settings)
        except OpenRolesError as exc:  # a damaged database, say: one line, not a traceback
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "parse":
        return _parse(args.files, today, settings, as_json=args.json)
    try:
        return asyncio.run(_COMMANDS[args.command](args, settings, today))
    except OpenRolesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parse(files: list[Path], today: dt.date, settings: Settings, *, as_json: bool) -> int:
    limits = settings.parse_limits()
    summaries: list[dict[str, Any]] = []
    failed = False
    for path in files:
        # Size and kind are checked before reading (/dev/zero, a FIFO); every posting limit applies.
        data = read_posting_file(path, limits)
        try:
            if isinstance(data, str):
                raise OpenRolesError(data)
            posting = parse_posting(path.name, data, today=today, limits=limits)
        except OpenRolesError as exc:
            print(terminal_safe(f"{path}: {exc}"), file=sys.stderr)
            failed = True
            continue
        summaries.append(posting.summary(today))
    if as_json:
        print(terminal_safe(json.dumps(summaries, indent=2, ensure_ascii=False)))
    else:
        for summary in summaries:
            shown = {k: v for k, v in summary.items()
                     if k not in ("evidence", "sections") and v not in (None, [])}
            print(terminal_safe(json.dumps(shown, ensure_ascii=False)))
    return 1 if failed else 0


class ProgressBar:
    """A terminal progress bar (tqdm, on stderr) for a sync: one bar per stage. Shown only on a terminal."""

    def __init__(self, file: TextIO | None = None, *, disable: bool | None = None) -> None:
        """`disable`: None shows the bar only when `file` (default stderr) is a terminal."""
        self._file = file or sys.stderr
        self._disable = disable
        self._bar: tqdm[Any] | None = None
        self._stage: SyncStage | None = None

    def __call__(self, progress: SyncProgress) -> None:
        """Show `progress` (an `OnProgress` callback: may be called from any thread)."""
        if progress.stage is not self._stage:
            self.close()
            self._stage = progress.stage
            self._bar = tqdm(total=progress.total or None, desc=progress.stage.value.capitalize(),
                             unit=" files", file=self._file, disable=self._disable, leave=False,
                             dynamic_ncols=True)
        if self._bar is not None:
            self._bar.update(progress.done - self._bar.n)

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@asynccontextmanager
async def _engine(settings: Settings, today: dt.date, *, quiet: bool = False,
                  read_only: bool = False, on_progress: OnProgress | None = None,
                  serve: bool = True) -> AsyncIterator[tuple[Engine, SyncReport]]:
    """Open the store, sync the postings directory (unchanged files are not re-parsed), serve an engine
    (with `serve=False`, one that need not serve what the sync stored: see `Engine.reload`)."""
    store = await open_store(settings.database, read_only=read_only)
    try:
        engine = Engine(store, today=lambda: today, limits=settings.parse_limits())
        await engine.start()  # the stored postings (their saved analysis): the sync re-analyses only changes
        report = (SyncReport() if read_only
                  else await engine.reload(settings.postings_dir, on_progress=on_progress, serve=serve))
        if not quiet:
            for skipped in report.skipped:
                print(terminal_safe(f"warning: skipped {skipped.source}: {skipped.reason}"), file=sys.stderr)
        yield engine, report
    finally:
        await store.close()


async def _reload(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    bar = ProgressBar()
    try:
        async with _engine(settings, today, quiet=True, on_progress=bar, serve=False) as (_, report):
            pass
    finally:
        bar.close()
    print(f"Synced {settings.postings_dir} into {settings.database_path}:")
    print(terminal_safe(render_report(report)))
    return 1 if report.skipped else 0


async def _ask(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    async with _engine(settings, today, read_only=bool(args.read_only)) as (engine, _):
        answer = await engine.ask(args.question)
    if args.json:
        data = answer.model_dump(mode="json")
        for citation in data["citations"]:
            citation.pop("posting_id", None)
        keys = ("question", "answer", "kind", "found", "citations")
        print(terminal_safe(json.dumps({key: data[key] for key in keys}, indent=2, ensure_ascii=False)))
    else:
        print(terminal_safe(render_answer(answer)))
    return 0


async def _jobs(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    filters = job_filters(query=args.query, remote=args.remote, min_salary=args.min_salary,
                          location=args.location, type=args.type, closing_before=args.closing_before,
                          include_closed=args.include_closed)
    async with _engine(settings, today, read_only=bool(args.read_only)) as (engine, _):
        result = await engine.jobs(filters)
    if args.json:
        rows = [{**m.posting.summary(today), "why": m.reasons} for m in result.matches]
        print(terminal_safe(json.dumps(rows, indent=2, ensure_ascii=False)))
        if result.left_out_no_pay:
            print(terminal_safe("left out (no pay figure): " + ", ".join(result.left_out_no_pay)),
                  file=sys.stderr)
        if result.left_out_no_mode:
            print(terminal_safe("left out (remote or on-site not stated): "
                                + ", ".join(result.left_out_no_mode)), file=sys.stderr)
        hint = result.closed_hint("--include-closed")
        if hint:
            print(hint, file=sys.stderr)
    else:
        print(terminal_safe(render_jobs(result, include_closed="--include-closed")))
    return 0


async def _console(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    with sigint_to_main_thread() if terminal else nullcontext():  # before any thread starts
        async with _engine(settings, today, read_only=bool(args.read_only)) as (engine, _):
            await run_console(engine, sys.stdin, sys.stdout, terminal=terminal)
    return 0


_COMMANDS = {"reload": _reload, "ask": _ask, "jobs": _jobs, "console": _console}
