"""`python -m bot`: the command line. Settings are built once here and resources opened and closed here.

    python -m bot [--postings DIR] [--db PATH] [--today YYYY-MM-DD] COMMAND ...
    parse FILE... [--json] | reload | ask "QUESTION" [--json] | jobs [filters] [--json] | console | run
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.console import (
    FilterError,
    parse_choice,
    parse_money,
    render_answer,
    render_jobs,
    render_report,
    run_console,
)
from bot.settings import Settings
from knowledge.errors import OpenRolesError
from knowledge.models import EmploymentType, RemoteStatus, SyncReport
from knowledge.parse import ParseLimits, parse_posting
from knowledge.store import Store
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
    return options


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m bot`."""
    parser = argparse.ArgumentParser(prog="python -m bot", parents=[_global_options(None)],
                                     description="Open Roles: answers about job postings.")
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
    sub.add_parser("run", parents=[common], help="run the Discord bot")
    return parser


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.command = "run"
    try:
        settings = settings or Settings()
    except Exception as exc:  # pydantic's ValidationError: a bad environment variable
        print(f"error: bad settings: {exc}", file=sys.stderr)
        return 2
    if args.postings is not None:
        settings = settings.model_copy(update={"postings_dir": args.postings})
    if args.db is not None:
        settings = settings.model_copy(update={"database_path": args.db})
    today: dt.date = args.today or dt.date.today()
    if args.command == "run":
        from bot.client import run_bot  # imported lazily: only this command needs discord

        run_bot(settings)
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
    limits = ParseLimits(max_bytes=settings.max_posting_bytes)
    summaries: list[dict[str, Any]] = []
    failed = False
    for path in files:
        try:
            posting = parse_posting(path.name, path.read_bytes(), today=today, limits=limits)
        except (OSError, OpenRolesError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"{path}: {reason}", file=sys.stderr)
            failed = True
            continue
        summaries.append(posting.summary(today))
    if as_json:
        print(json.dumps(summaries, indent=2, ensure_ascii=False))
    else:
        for summary in summaries:
            shown = {k: v for k, v in summary.items()
                     if k not in ("evidence", "sections") and v not in (None, [])}
            print(json.dumps(shown, ensure_ascii=False))
    return 1 if failed else 0


@asynccontextmanager
async def _engine(settings: Settings, today: dt.date, *,
                  quiet: bool = False) -> AsyncIterator[tuple[Engine, SyncReport]]:
    """Open the store, sync the postings directory (unchanged files are not re-parsed), serve an engine."""
    store = await Store.open(settings.database_path)
    try:
        engine = Engine(store, today=lambda: today, limits=settings.parse_limits())
        await engine.start()  # the stored postings (their saved analysis): the sync re-analyses only changes
        report = await engine.reload(settings.postings_dir)
        if not quiet:
            for skipped in report.skipped:
                print(f"warning: skipped {skipped.source}: {skipped.reason}", file=sys.stderr)
        yield engine, report
    finally:
        await store.close()


async def _reload(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    async with _engine(settings, today, quiet=True) as (_, report):
        print(f"Synced {settings.postings_dir} into {settings.database_path}:")
        print(render_report(report))
        return 1 if report.skipped else 0


async def _ask(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    async with _engine(settings, today) as (engine, _):
        answer = await engine.ask(args.question)
    if args.json:
        data = answer.model_dump(mode="json")
        for citation in data["citations"]:
            citation.pop("posting_id", None)
        keys = ("question", "answer", "kind", "found", "citations")
        print(json.dumps({key: data[key] for key in keys}, indent=2, ensure_ascii=False))
    else:
        print(render_answer(answer))
    return 0


async def _jobs(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    filters = job_filters(query=args.query, remote=args.remote, min_salary=args.min_salary,
                          location=args.location, type=args.type, closing_before=args.closing_before,
                          include_closed=args.include_closed)
    async with _engine(settings, today) as (engine, _):
        result = await engine.jobs(filters)
    if args.json:
        rows = [{**m.posting.summary(today), "why": m.reasons} for m in result.matches]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        if result.left_out_no_pay:
            print("left out (no pay figure): " + ", ".join(result.left_out_no_pay), file=sys.stderr)
    else:
        print(render_jobs(result))
    return 0


async def _console(args: argparse.Namespace, settings: Settings, today: dt.date) -> int:
    async with _engine(settings, today) as (engine, _):
        await run_console(engine, sys.stdin, sys.stdout)
    return 0


_COMMANDS = {"reload": _reload, "ask": _ask, "jobs": _jobs, "console": _console}
