"""The terminal face of the engine: plain-text renderers and an interactive question loop.

Besides free questions the console accepts the Discord slash-command forms: `/jobs remote:remote
min_salary:60000`, `/salary`, `/deadlines`, `/remote`, `/job <name>`, `/help`; `quit`, EOF (Ctrl-D) or
Ctrl-C ends it. On a terminal, lines are edited and recalled with the arrow keys (`bot.prompt`).
"""

from __future__ import annotations

import datetime as dt
import shlex
import time
from collections.abc import Callable
from typing import TextIO

from pydantic import ValidationError

from bot.prompt import LineSource, PipedLines, TerminalLines, history_file
from bot.terminal import terminal_safe
from knowledge.models import EmploymentType, Posting, RemoteStatus, SyncReport
from retrieval.engine import Engine
from retrieval.fields import pay_text
from retrieval.format import format_date, name_of
from retrieval.jobs import job_filters
from retrieval.models import Answer, JobsResult
from retrieval.request import Filters, Request
from retrieval.understand.pay import read_money

__all__ = [
    "HELP",
    "FilterError",
    "Session",
    "handle_line",
    "parse_choice",
    "parse_job_filters",
    "parse_money",
    "render_answer",
    "render_jobs",
    "render_posting",
    "render_report",
    "run_console",
]

HELP = """Ask anything about the postings, e.g. "Which roles are remote?" or "How do I apply to POP!?".
Commands:
  /jobs [query:TEXT] [remote:remote|hybrid|onsite] [min_salary:N] [location:TEXT] [type:TYPE]
        [closing_before:YYYY-MM-DD] [include_closed:yes]   list matching postings
  /salary          what each posting pays          /deadlines   when each posting closes
  /remote          which roles are remote          /job NAME    one posting in full
  /help            this text                       quit         leave (or Ctrl-D)"""

_FILTER_KEYS = {"query": "query", "remote": "remote", "min_salary": "min_salary", "min-salary": "min_salary",
                "salary": "min_salary", "location": "location", "type": "type",
                "closing_before": "closing_before", "closing-before": "closing_before",
                "include_closed": "include_closed", "include-closed": "include_closed"}
GOODBYE = "Goodbye."
_CANNED = {"/salary": "Which jobs list a salary?", "/deadlines": "When do the jobs close?",
           "/remote": "Which roles are remote?"}


class FilterError(ValueError):
    """A `/jobs` option that is unknown or has a bad value; the message lists the valid ones."""


def render_answer(answer: Answer) -> str:
    """An answer and its numbered citations as plain text; a comparison as aligned columns."""
    lines = [answer.answer] if not answer.rows else [answer.answer.split("\n")[0], *_table(answer)]
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for n, c in enumerate(answer.citations, 1):
            org = f" — {c.organization}" if c.organization else ""
            section = f", {c.section}" if c.section else ""
            span = (f"line {c.start_line}" if c.start_line == c.end_line
                    else f"lines {c.start_line}–{c.end_line}")
            lines.append(f"  [{n}] {c.title}{org} ({c.source}{section}, {span})")
            lines.append(f"      “{c.snippet}”")
    return "\n".join(lines)


def _table(answer: Answer) -> list[str]:
    """A comparison's rows, one per posting, with each asked field in its own aligned column."""
    labels = list(dict.fromkeys(label for row in answer.rows for label in row.cells))
    header = ["", *labels]
    body = [[row.name, *(row.cells.get(label, "") for label in labels)] for row in answer.rows]
    widths = [max(len(cells[i]) for cells in (header, *body)) for i in range(len(header))]
    return ["  " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
            for cells in (header, *body)]


class Session:
    """One console conversation: the last question's request, so "and the pay?" refers back to it."""

    FOLLOW_UP_SECONDS = 600.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.previous: Request | None = None
        self.asked_at = float("-inf")

    def recent(self) -> Request | None:
        """The previous request if it was asked within ten minutes."""
        return self.previous if self.clock() - self.asked_at <= self.FOLLOW_UP_SECONDS else None

    def remember(self, answer: Answer) -> Answer:
        """Keep `answer`'s request for the next question."""
        if answer.request is not None:
            self.previous, self.asked_at = answer.request, self.clock()
        return answer


def render_jobs(result: JobsResult, include_closed: str = "include_closed:yes") -> str:
    """Matching postings, one block each with why it matched, those a pay filter left out, and how many
    closed ones match (`include_closed`: the option that lists them)."""
    if not result.matches:
        lines = ["No posting matches those filters."]
    else:
        count = len(result.matches)
        lines = [f"{count} posting{'s' if count != 1 else ''}:"]
        for match in result.matches:
            lines.append(f"• {_headline(match.posting, result.today)}")
            lines.append(f"    why: {'; '.join(match.reasons)}")
    if result.left_out_no_pay:
        lines.append("Left out because they state no pay figure: " + ", ".join(result.left_out_no_pay) + ".")
    if result.left_out_no_mode:
        lines.append("Not listed because they don't say whether they're remote or on-site: "
                     + ", ".join(result.left_out_no_mode) + ".")
    hint = result.closed_hint(include_closed)
    if hint:
        lines.append(hint)
    return "\n".join(lines)


def render_posting(posting: Posting, today: dt.date) -> str:
    """One posting's key facts, each with the line it comes from."""
    rows: list[tuple[str, str, int | None]] = []

    def row(label: str, value: str | None, line: int | None) -> None:
        if value:
            rows.append((label, value, line))

    row("Organization", posting.organization.value if posting.organization else None,
        posting.organization.start_line if posting.organization else None)
    row("Location", posting.location.value if posting.location else None,
        posting.location.start_line if posting.location else None)
    row("Remote", posting.remote_status.value if posting.remote else None,
        posting.remote.start_line if posting.remote else None)
    row("Pay", pay_text(posting.salary), posting.salary.start_line if posting.salary else None)
    if posting.deadline is not None:
        d = posting.deadline
        text = format_date(d.date) if d.date else "no fixed date"
        if d.inferred_year:
            text += " (year inferred)"
        if d.rolling:
            text += ", rolling"
        row("Deadline", text, d.start_line)
    row("Status", posting.status(today).value, None)
    types = posting.employment_types or posting.employment_either
    joiner = ", " if posting.employment_types else " or "
    row("Type", joiner.join(f.value.value for f in types) or None, types[0].start_line if types else None)
    if posting.apply is not None:
        a = posting.apply
        row("Apply", a.email or a.url or (f"via {a.portal}" if a.portal else None) or a.text, a.start_line)
    lines = [f"{name_of(posting)}  [{posting.id}, {posting.source}]"]
    lines.extend(f"  {label + ':':<14}{value}{f'  (line {line})' if line else ''}"
                 for label, value, line in rows)
    return "\n".join(lines)


def render_report(report: SyncReport) -> str:
    """A sync report as a few lines."""
    lines = []
    for label, ids in (("added", report.added), ("updated", report.updated), ("removed", report.removed),
                       ("unchanged", report.unchanged)):
        lines.append(f"{label:<10} {len(ids):>3}" + (f"  {', '.join(ids)}" if ids and label != "unchanged"
                                                      else ""))
    for skipped in report.skipped:
        lines.append(f"skipped    {skipped.source}: {skipped.reason}")
    for pid, fields in report.missing_fields.items():
        lines.append(f"missing    {pid}: {', '.join(fields)}")
    return "\n".join(lines)


def _headline(posting: Posting, today: dt.date) -> str:
    bits = [posting.remote_status.value if posting.remote else "remote status not stated"]
    if posting.location is not None:
        bits.append(posting.location.value)
    if posting.salary is not None and posting.salary.has_figure:
        bits.append(pay_text(posting.salary))
    if posting.deadline is not None and posting.deadline.date is not None:
        bits.append(f"closes {format_date(posting.deadline.date)} ({posting.status(today).value})")
    return f"{name_of(posting)} — {'; '.join(bits)}"


def parse_job_filters(text: str) -> Filters:
    """`remote:remote min_salary:60000 location:"New York"` -> the shared `Filters`; raises `FilterError`."""
    try:
        parts = shlex.split(text)
    except ValueError as exc:
        raise FilterError(f"Could not read the options: {exc}.") from exc
    values: dict[str, object] = {}
    loose: list[str] = []
    for part in parts:
        key, sep, value = part.partition(":")
        if not sep:
            loose.append(part)
            continue
        name = _FILTER_KEYS.get(key.lower())
        if name is None:
            raise FilterError(f"Unknown option “{key}”; valid options: "
                              + ", ".join(sorted({k for k in _FILTER_KEYS if "-" not in k})) + ".")
        values[name] = _filter_value(name, value)
    if loose and "query" not in values:
        values["query"] = " ".join(loose)
    try:
        return job_filters(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise FilterError(f"Bad option value: {exc.errors()[0]['msg']}.") from exc


def _filter_value(name: str, value: str) -> object:
    choices: dict[str, Callable[[str], object]] = {
        "remote": lambda v: parse_choice(v, RemoteStatus, "remote"),
        "type": lambda v: parse_choice(v, EmploymentType, "type"),
        "min_salary": parse_money,
        "closing_before": _date,
        "include_closed": lambda v: v.lower() in ("yes", "true", "1", "y", "on"),
    }
    convert = choices.get(name)
    return convert(value) if convert else value


def parse_choice(value: str, enum: type[RemoteStatus] | type[EmploymentType], option: str) -> object:
    """A member of `enum` from loose spelling ("On-site"); raises `FilterError` listing the valid values."""
    normalised = value.strip().lower().replace("_", "-").replace(" ", "-")
    normalised = {"on-site": "onsite", "in-person": "onsite", "parttime": "part-time",
                  "fulltime": "full-time", "intern": "internship"}.get(normalised, normalised)
    valid = [m.value for m in enum if m.value != "unknown"]
    if normalised not in valid:
        raise FilterError(f"“{value}” is not a valid {option}; use one of: {', '.join(valid)}.")
    return enum(normalised)


def parse_money(value: str) -> float:
    """"60000", "$60,000" or "60k" -> 60000.0 (read as questions read money); raises `FilterError`."""
    bound = read_money(value)
    if bound is None:
        raise FilterError(f"“{value}” is not an amount; write e.g. 60000 or 60k.")
    return bound.amount


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise FilterError(f"“{value}” is not a date; write it as YYYY-MM-DD.") from exc


async def handle_line(engine: Engine, line: str, session: Session | None = None) -> str:
    """The console's reply to one input line; `session` carries a question's request to the next."""
    text = line.strip()
    if not text:
        return ""
    command, _, rest = text.partition(" ")
    command = command.lower()
    if command in ("/help", "help", "?"):
        return HELP
    if command in _CANNED:
        return render_answer(await engine.ask(_CANNED[command]))
    if command == "/jobs":
        try:
            filters = parse_job_filters(rest)
        except FilterError as exc:
            return str(exc)
        return render_jobs(await engine.jobs(filters))
    if command == "/job":
        if not rest.strip():
            return "Usage: /job NAME (a title, organization or id)."
        posting = engine.find_posting(rest)
        if posting is None:
            names = ", ".join(p.id for p in engine.search_postings(rest, limit=5)) or "none"
            return f"No single posting matches “{rest.strip()}”. Close matches: {names}."
        return render_posting(posting, engine.today())
    if command.startswith("/"):
        return f"Unknown command {command}; try /help."
    if session is None:
        return render_answer(await engine.ask(text))
    return render_answer(session.remember(await engine.ask(text, previous=session.recent())))


async def run_console(engine: Engine, stdin: TextIO, stdout: TextIO, *, terminal: bool = False) -> None:
    """Answer lines from `stdin` until their end, `quit` or Ctrl-C.

    `terminal`: `stdin` and `stdout` are a terminal, so lines are edited with readline and kept in a
    history (`bot.prompt`), and the session ends with one goodbye line."""
    lines: LineSource = TerminalLines(history_file()) if terminal else PipedLines(stdin, stdout)
    count = len(engine.postings())
    stdout.write(f"Open Roles — {count} posting{'s' if count != 1 else ''} loaded. "
                 "Ask a question, /help for commands, quit to leave.\n")
    session = Session()
    try:
        while True:
            try:
                line = await lines.read("> ")
            except KeyboardInterrupt:  # Ctrl-C ends the session as Ctrl-D does
                line = None
            if line is None or line.strip().lower() in ("quit", "exit", "/quit", "/exit"):
                if line is None:
                    stdout.write("\n")
                if terminal:
                    stdout.write(GOODBYE + "\n")
                return
            reply = await handle_line(engine, line, session)
            if reply:
                stdout.write(terminal_safe(reply) + "\n\n")
    finally:
        lines.close()
