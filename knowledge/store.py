"""Persistence: postings, their passages, a log of loads, an audit log and the search engine's saved
analysis of the postings, in one SQLite file (or, through `open_store`, in PostgreSQL: `knowledge.pgstore`).

All SQL of the project lives here, in `knowledge.pgstore` and, for announcements, alerts and
reminders, in `knowledge.community`. Syncs and uploads parse in killable worker
processes (`knowledge/workers.py`), then apply every change in one `BEGIN IMMEDIATE` transaction, so a
crash leaves either the complete old set or the complete new set.

Postings come from a directory (`sync_directory`) or from an upload (`add_file`). A sync removes the
directory postings whose file is gone but keeps uploads; a directory file with the same id as an upload
replaces it when the file differs (the directory is the source of truth for the ids it holds).

Every posting belongs to one collection: `SHARED` (the operator's directory, and uploads made outside
any server) or a server's own (`guild_collection`), holding what that server's moderators uploaded.
Ids are unique within a collection; the audit log and the load log are kept per collection too.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import hashlib
import itertools
import json
import logging
import os
import sqlite3
import stat
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Iterator
from enum import StrEnum
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, Literal

import aiosqlite
from pydantic import BaseModel, ValidationError

from knowledge import community
from knowledge.errors import OpenRolesError, PostingError
from knowledge.feedback import (
    GAP_DAYS,
    KEEP_DAYS,
    AnswerRecord,
    Gaps,
    Vote,
    clean_comment,
    gaps_from,
    normalize_question,
)
from knowledge.folder_stamp import folder_stamp
from knowledge.models import Posting, SkippedFile, SyncReport
from knowledge.parse import ParseLimits, content_hash, parse_posting, posting_id
from knowledge.workers import Stopped, prestart, shared_pool

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})
KEY_FIELDS = ("title", "organization", "location", "salary", "deadline", "apply")
"""Fields a sync reports as missing (in `SyncReport.missing_fields`) when a posting lacks them."""

Origin = Literal["directory", "upload"]

SHARED = "shared"
"""The collection of the operator's postings directory, seen from every server and from DMs."""

PostingKey = tuple[str, str]
"""(collection, posting id): what identifies a stored posting."""


def guild_collection(guild_id: int) -> str:
    """The collection of one Discord server's own uploads."""
    return f"guild:{int(guild_id)}"

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the initial schema
        """CREATE TABLE postings (
            id           TEXT PRIMARY KEY,
            source       TEXT NOT NULL,
            origin       TEXT NOT NULL CHECK (origin IN ('directory', 'upload')),
            content_hash TEXT NOT NULL,
            parser       TEXT NOT NULL,
            parsed       TEXT NOT NULL,
            loaded_at    TEXT NOT NULL
        )""",
        """CREATE TABLE passages (
            posting_id TEXT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
            idx        INTEGER NOT NULL,
            section    TEXT NOT NULL,
            text       TEXT NOT NULL,
            start_line INTEGER NOT NULL,
            end_line   INTEGER NOT NULL
        )""",
        "CREATE INDEX passages_by_posting ON passages (posting_id, idx)",
        """CREATE TABLE loads (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            directory TEXT,
            report    TEXT NOT NULL
        )""",
        """CREATE TABLE audit (
            id     INTEGER PRIMARY KEY AUTOINCREMENT,
            at     TEXT NOT NULL,
            actor  TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        )""",
    ),
    (  # 2: the search engine's saved analysis of the stored postings, in parts (see `save_analysis`)
        """CREATE TABLE analysis (
            part INTEGER PRIMARY KEY,
            key  TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
    ),
    (  # 3: collections: postings keyed by (collection, id); loads and audit entries per collection
        """CREATE TABLE postings_3 (
            collection   TEXT NOT NULL DEFAULT 'shared',
            id           TEXT NOT NULL,
            source       TEXT NOT NULL,
            origin       TEXT NOT NULL CHECK (origin IN ('directory', 'upload')),
            content_hash TEXT NOT NULL,
            parser       TEXT NOT NULL,
            parsed       TEXT NOT NULL,
            loaded_at    TEXT NOT NULL,
            PRIMARY KEY (collection, id)
        )""",
        """CREATE TABLE passages_3 (
            collection TEXT NOT NULL,
            posting_id TEXT NOT NULL,
            idx        INTEGER NOT NULL,
            section    TEXT NOT NULL,
            text       TEXT NOT NULL,
            start_line INTEGER NOT NULL,
            end_line   INTEGER NOT NULL,
            FOREIGN KEY (collection, posting_id) REFERENCES postings_3 (collection, id) ON DELETE CASCADE
        )""",
        "INSERT INTO postings_3 SELECT 'shared', id, source, origin, content_hash, parser, parsed, loaded_at "
        "FROM postings",
        "INSERT INTO passages_3 SELECT 'shared', posting_id, idx, section, text, start_line, end_line "
        "FROM passages",
        # The children first: dropping a parent would cascade into them.
        "DROP TABLE passages",
        "DROP TABLE postings",
        "ALTER TABLE postings_3 RENAME TO postings",
        "ALTER TABLE passages_3 RENAME TO passages",
        "CREATE INDEX passages_by_posting ON passages (collection, posting_id, idx)",
        "ALTER TABLE loads ADD COLUMN collection TEXT NOT NULL DEFAULT 'shared'",
        "ALTER TABLE audit ADD COLUMN collection TEXT NOT NULL DEFAULT 'shared'",
        "CREATE INDEX loads_by_collection ON loads (collection, id)",
        "CREATE INDEX audit_by_collection ON audit (collection, id)",
    ),
    (  # 4: announcements, alerts and reminders (`knowledge.community`)
        """CREATE TABLE announce_channels (
            guild_id   INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            set_at     TEXT NOT NULL
        )""",
        """CREATE TABLE seen_postings (
            guild_id   INTEGER NOT NULL,
            posting_id TEXT NOT NULL,
            seen_at    TEXT NOT NULL,
            PRIMARY KEY (guild_id, posting_id)
        )""",
        """CREATE TABLE alerts (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            guild_id   INTEGER NOT NULL,
            user_id    INTEGER NOT NULL,
            filters    TEXT NOT NULL,
            created_at TEXT NOT NULL,
            paused     INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX alerts_by_user ON alerts (user_id, id)",
        "CREATE INDEX alerts_by_guild ON alerts (guild_id, id)",
        """CREATE TABLE reminders (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            guild_id    INTEGER NOT NULL,
            user_id     INTEGER NOT NULL,
            posting_id  TEXT NOT NULL,
            days_before INTEGER NOT NULL,
            deadline    TEXT NOT NULL,
            remind_on   TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            sent_at     TEXT,
            UNIQUE (user_id, guild_id, posting_id)
        )""",
        "CREATE INDEX reminders_due ON reminders (remind_on) WHERE sent_at IS NULL",
        """CREATE TABLE dm_notices (
            user_id INTEGER PRIMARY KEY,
            at      TEXT NOT NULL
        )""",
    ),
    (  # 5: the answers given (with their citations) and members' votes on them, for `/postings gaps`
        """CREATE TABLE answers (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            at         TEXT NOT NULL,
            guild_id   INTEGER,
            channel_id INTEGER NOT NULL,
            user_id    INTEGER NOT NULL,
            question   TEXT NOT NULL,
            normalized TEXT NOT NULL,
            answer     TEXT NOT NULL,
            citations  TEXT NOT NULL,
            found      INTEGER NOT NULL
        )""",
        "CREATE INDEX answers_by_guild ON answers (guild_id, at)",
        "CREATE INDEX answers_by_time ON answers (at)",
        """CREATE TABLE votes (
            answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
            user_id   INTEGER NOT NULL,
            at        TEXT NOT NULL,
            vote      INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            comment   TEXT,
            PRIMARY KEY (answer_id, user_id)
        )""",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)
_ANALYSIS_PART = 1 << 20
"""Bytes of a saved analysis per row."""
_FETCH_BATCH = 128
"""Rows of stored postings read per call (see `Store.postings`)."""
_SYNC_ATTEMPTS = 3
"""Plans a sync makes when another process keeps changing the postings; the last one applies anyway."""
POOL_MIN_FILES = 64
"""A sync parsing at least this many files parses them in one worker process per CPU (fewer: in one)."""
PARSE_IN_WORKERS = True
"""Parse in killable worker processes (False: in this process, unbounded in time; tests that patch the
parser use it)."""


class SyncStage(StrEnum):
    """A step of a sync (or reload) that reports progress."""

    PARSING = "parsing"
    SAVING = "saving"
    ANALYSING = "analysing"
    """The search engine analysing the synced postings (reported by the engine, not the store)."""


@dataclasses.dataclass(frozen=True)
class SyncProgress:
    """How far a sync is: `done` of `total` items of its current `stage`."""

    stage: SyncStage
    done: int
    total: int


OnProgress = Callable[[SyncProgress], None]
"""Receives progress reports; called from a worker thread, so it must be quick and thread-safe."""


class StoreError(OpenRolesError):
    """The store cannot do what was asked (missing postings directory, database from a newer version)."""


class AuditEntry(BaseModel):
    """One moderator action."""

    at: dt.datetime
    actor: str
    action: str
    detail: str


class LoadRecord(BaseModel):
    """One sync of a directory, or one uploaded file (`directory` is None), and what it changed."""

    at: dt.datetime
    directory: str | None
    report: SyncReport


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@functools.cache
def parser_fingerprint() -> str:
    """A digest of the parsing code; stored postings parsed by other code are re-parsed on the next sync."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if path.name != Path(__file__).name:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class _Stored:
    source: str
    origin: Origin
    content_hash: str
    parser: str

    def matches(self, source: str, digest: str, fingerprint: str) -> bool:
        return (self.source, self.content_hash, self.parser) == (source, digest, fingerprint)


PassageRow = tuple[str, int, str, str, int, int]


@dataclasses.dataclass(frozen=True)
class _Parsed:
    """A parsed posting as the store writes it (plain data: cheap to send back from a worker process)."""

    id: str
    source: str
    content_hash: str
    parsed: str
    """The posting's JSON."""
    passages: list[PassageRow]
    missing: list[str]
    analysis: object = None
    """What the sync's `Analyses.analyse` gave for the posting, if it was given one."""


Analyse = Callable[[Posting], object]
"""Work on each parsed posting done where it was parsed (a module-level function: workers import it)."""


@dataclasses.dataclass
class Analyses:
    """A caller's work on each posting a sync parses, done in the parsing workers (the search engine's
    analysis, spread over the CPUs), and what it gave."""

    analyse: Analyse
    found: dict[PostingKey, tuple[str, object]] = dataclasses.field(default_factory=dict)
    """(collection, id) -> (the posting's store revision as the sync wrote it, what `analyse` gave): a
    reader holding the same revision (`Store.revisions`) reads the very posting that was analysed."""


_Job = tuple[str, bytes, dt.date, ParseLimits, Analyse | None]
"""One file to parse: name, bytes, today, limits, work on the posting parsed."""


def _parse_job(job: _Job) -> _Parsed | str:
    """Parse one file into what the store writes, or the reason it was skipped. Pure: may run in a
    worker process.

    Never raises: whatever goes wrong with one file skips that file only."""
    name, data, today, limits, analyse = job
    try:
        posting = parse_posting(name, data, today=today, limits=limits)
        return _Parsed(id=posting.id, source=posting.source, content_hash=posting.content_hash,
                       parsed=posting.model_dump_json(), passages=list(_passage_rows(posting)),
                       missing=[field for field in KEY_FIELDS if getattr(posting, field) is None],
                       analysis=_analysed(analyse, posting))
    except PostingError as exc:
        return str(exc)
    except MemoryError:
        return "The file needs more memory to parse than a posting may use."
    except Exception:
        # An extractor bug must not take the other postings of a sync down with it.
        logger.exception("Unexpected error while parsing %s", name)
        return "The file could not be parsed because of an internal error."


def _analysed(analyse: Analyse | None, posting: Posting) -> object:
    """What `analyse` gives for `posting`; None (logged: its reader analyses it again) if it fails."""
    if analyse is None:
        return None
    try:
        return analyse(posting)
    except Exception:
        logger.exception("Unexpected error while analysing %s", posting.source)
        return None


Tick = Callable[[], None]
"""Called once for each file parsed (in whatever order they finish)."""


def _parse_serially(jobs: list[_Job], tick: Tick | None = None) -> list[_Parsed | str]:
    results = []
    for job in jobs:
        results.append(_parse_job(job))
        if tick is not None:
            tick()
    return results


ParseMany = Callable[[list[_Job], "Tick | None"], list["_Parsed | str"]]
"""Parses jobs, returning their results in order and ticking as each one is parsed."""


def _parsing_ticks(total: int, on_progress: OnProgress | None) -> Tick | None:
    """A tick reporting "n of `total` files parsed" to `on_progress` (None without one)."""
    if on_progress is None:
        return None
    done = itertools.count(1)
    on_progress(SyncProgress(SyncStage.PARSING, 0, total))
    return lambda: on_progress(SyncProgress(SyncStage.PARSING, min(next(done), total), total))


WORKER_PRELOAD = ("knowledge.parse_worker",)
"""What the parsing workers' fork server imports before forking them (`knowledge.workers`)."""


def prestart_workers(analyse: Analyse | None = None) -> None:
    """Have the parsing workers' fork server load the parser (and `analyse`'s module) now, in its own
    process, so a sync starting later does not wait for it (nothing happens when parsing stays in this
    process)."""
    if PARSE_IN_WORKERS:
        prestart(_parse_job.__module__, _preload(analyse))


def _preload(analyse: Analyse | None) -> tuple[str, ...]:
    return (*WORKER_PRELOAD, analyse.__module__) if analyse is not None else WORKER_PRELOAD


def parse_in_workers(jobs: list[_Job], tick: Tick | None = None) -> list[_Parsed | str]:
    """Parse files in the process's worker pool (blocking: call it off the event loop).

    One worker parses a small batch (a warm worker costs a round trip, not a process start); a batch of
    `POOL_MIN_FILES` or more uses one per CPU. A parse past its `ParseLimits.max_seconds` is killed
    and skipped as taking too long; a worker that dies skips its file. If no worker process can be
    started at all, the batch is parsed in this process (with no time limit) and a warning logged.
    """
    if not jobs:
        return []
    if not PARSE_IN_WORKERS:
        return _parse_serially(jobs, tick)
    seconds = jobs[0][3].max_seconds
    workers = (os.cpu_count() or 1) if len(jobs) >= POOL_MIN_FILES else 1
    try:
        results = shared_pool().run(_parse_job, jobs, seconds=seconds, workers=workers,
                                    on_result=tick and (lambda _: tick()), preload=_preload(jobs[0][4]))
    except OSError:
        logger.warning("Parsing in worker processes failed; parsing in this process instead", exc_info=True)
        return _parse_serially(jobs)
    return [_stopped_reason(result, seconds) if isinstance(result, Stopped) else result for result in results]


def _stopped_reason(stopped: Stopped, seconds: float) -> str:
    if stopped is Stopped.TIMED_OUT:
        return f"The file took too long to parse (over {seconds:g} seconds), so parsing was stopped."
    return "The parser stopped unexpectedly on this file (it may need too much memory)."


@dataclasses.dataclass
class _Plan:
    """What a sync will change, worked out off the event loop."""

    report: SyncReport = dataclasses.field(default_factory=SyncReport)
    upserts: list[_Parsed] = dataclasses.field(default_factory=list)
    present: set[str] = dataclasses.field(default_factory=set)
    """Ids claimed by a supported file in the directory, loadable or not."""
    _steps: list[tuple[str, str, str | bytes, _Stored | str | None]] = dataclasses.field(default_factory=list)
    """("skip", file, reason, kept id), ("unchanged", id, "", None) and ("parse", file, bytes, stored),
    in scan order: the report lists skips in that order."""

    def skip(self, source: str, reason: str, kept: str | None = None) -> None:
        self._steps.append(("skip", source, reason, kept))

    def unchanged(self, pid: str) -> None:
        self._steps.append(("unchanged", pid, "", None))

    def parse(self, name: str, data: bytes, stored: _Stored | None) -> None:
        """Queue one file to parse into an upsert (or a skip keeping its stored version)."""
        self._steps.append(("parse", name, data, stored))

    def finish(self, today: dt.date, limits: ParseLimits, parse_many: ParseMany,
               on_progress: OnProgress | None = None, analyse: Analyse | None = None) -> None:
        """Parse the queued files (all at once, so they can be parsed in parallel) and fill the report."""
        jobs: list[_Job] = [(name, payload, today, limits, analyse) for step, name, payload, _ in self._steps
                            if step == "parse" and isinstance(payload, bytes)]
        results = iter(parse_many(jobs, _parsing_ticks(len(jobs), on_progress)) if jobs else [])
        for step, name, payload, extra in self._steps:
            if step == "unchanged":
                self.report.unchanged.append(name)
            elif step == "skip":
                self._skip(name, str(payload), extra if isinstance(extra, str) else None)
            else:
                result = next(results)
                if isinstance(result, str):
                    self._skip(name, result, posting_id(name) if extra is not None else None)
                    continue
                self.upserts.append(result)
                (self.report.updated if extra is not None else self.report.added).append(result.id)
                if result.missing:
                    self.report.missing_fields[result.id] = result.missing
        self._steps.clear()

    def _skip(self, source: str, reason: str, kept: str | None) -> None:
        if kept is not None:
            reason = f"{reason.rstrip('.')}; the previously loaded version of {kept} is kept."
        self.report.skipped.append(SkippedFile(source=source, reason=reason))


def _unsupported(name: str) -> str | None:
    if PurePosixPath(name).suffix.lower() in SUPPORTED_SUFFIXES:
        return None
    return f"Unsupported file type; expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}."


def _too_large(limits: ParseLimits) -> str:
    return f"The file is larger than the {limits.max_bytes:,}-byte limit."


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_BINARY", 0))
"""Never follow a link at the last step, never block on a FIFO swapped in after the check."""


def _read(entry: Path, root: Path, limits: ParseLimits, links_inside: int = 1) -> bytes | str:
    """The bytes of a posting file, or why it cannot be read. Never reads more than the size limit and
    never raises.

    The file is opened without following a symbolic link (`O_NOFOLLOW`) and what was opened is checked
    (`fstat`) against what was looked at, so swapping the entry for a link between the check and the
    read cannot leak a file from elsewhere. A link is followed only to a file inside `root`. A file
    with hard links outside the directory (more links than the `links_inside` found in it) is refused.
    """
    try:
        return _read_checked(entry, root, limits, links_inside)
    except FileNotFoundError:
        return "The file disappeared or is a broken symbolic link."
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "The file is a symbolic link loop, or changed into a link while it was read."
        return f"The file could not be read ({exc.strerror or exc.__class__.__name__})."
    except RuntimeError:  # pathlib's "Symlink loop" before Python 3.13
        return "The file is a symbolic link loop, or changed into a link while it was read."
    except Exception as exc:  # never let one odd file stop a sync
        logger.warning("Unexpected error reading %r", entry, exc_info=True)
        return f"The file could not be read ({exc.__class__.__name__})."


def read_posting_file(path: Path, limits: ParseLimits) -> bytes | str:
    """The bytes of one posting file an operator names, or why it cannot be read (never raises).

    Its kind and size are checked before it is opened (a FIFO, a device or `/dev/zero` is refused),
    links are followed, and no more than `limits.max_bytes` is ever read.
    """
    absolute = path.absolute()
    return _read(absolute, Path(absolute.anchor), limits, links_inside=sys.maxsize)


def _read_checked(entry: Path, root: Path, limits: ParseLimits, links_inside: int) -> bytes | str:
    seen = entry.lstat()
    path = entry
    if stat.S_ISLNK(seen.st_mode):
        path = entry.resolve(strict=True)
        if not path.is_relative_to(root):
            return "Symbolic link to a file outside the postings directory."
        seen = path.lstat()
    if not stat.S_ISREG(seen.st_mode):
        return "Not a regular file."
    if seen.st_size > limits.max_bytes:
        return _too_large(limits)
    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb", closefd=True) as handle:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino) or not stat.S_ISREG(opened.st_mode):
            return "The file changed while it was being read; the next sync reads it again."
        if opened.st_nlink > max(links_inside, 1):
            return "The file has hard links outside the postings directory, so it is not read."
        if opened.st_size > limits.max_bytes:
            return _too_large(limits)
        data = handle.read(limits.max_bytes + 1)
    return _too_large(limits) if len(data) > limits.max_bytes else data


def _links_inside(entries: list[Path]) -> Counter[tuple[int, int]]:
    """How many entries of the directory are each (device, inode): hard links among its own files."""
    counts: Counter[tuple[int, int]] = Counter()
    for entry in entries:
        with contextlib.suppress(OSError):
            info = entry.lstat()
            if stat.S_ISREG(info.st_mode):
                counts[info.st_dev, info.st_ino] += 1
    return counts


def _printable_name(name: str) -> str | None:
    """None for a file name that is valid text; else why the file is skipped (its bytes are not UTF-8)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "The file name is not valid UTF-8; rename the file to load it."
    return None


def _shown_name(name: str) -> str:
    """A file name fit to store and show: undecodable bytes become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _plan_sync(directory: Path, stored: dict[str, _Stored], *, today: dt.date, limits: ParseLimits,
               parse_many: ParseMany = _parse_serially, on_progress: OnProgress | None = None,
               analyse: Analyse | None = None) -> _Plan:
    """Scan `directory`, read and parse what changed. Runs in a worker thread."""
    plan = _Plan()
    fingerprint = parser_fingerprint()
    root = directory.resolve()
    try:
        entries = sorted(directory.iterdir(), key=lambda path: path.name)
    except OSError as exc:
        raise StoreError(f"The postings directory {directory} could not be read ({exc.strerror}).") from exc
    candidates: list[Path] = []
    for entry in entries:
        # Hidden files (editor swap files, .DS_Store) and subdirectories are not postings.
        if entry.name.startswith(".") or _is_dir(entry):
            continue
        reason = _unsupported(entry.name) or _printable_name(entry.name)
        if reason is not None:
            plan.skip(_shown_name(entry.name), reason)
        else:
            candidates.append(entry)
    links = _links_inside(candidates)

    def claim_order(entry: Path) -> tuple[str, bool, str]:
        # Among files sharing an id, the one the stored posting came from keeps it.
        pid = posting_id(entry.name)
        previous = stored.get(pid)
        return pid, previous is None or previous.source != entry.name, entry.name

    claimed: dict[str, str] = {}
    for entry in sorted(candidates, key=claim_order):
        name, pid = entry.name, posting_id(entry.name)
        if pid in claimed:
            plan.skip(name, f"Same posting id ({pid}) as {claimed[pid]}, which was loaded instead.")
            continue
        claimed[pid] = name
        plan.present.add(pid)
        previous = stored.get(pid)
        data = _read(entry, root, limits, _link_count(links, entry))
        if isinstance(data, str):
            plan.skip(name, data, pid if previous is not None else None)
        elif (previous is not None and previous.origin == "directory"
              and previous.matches(name, content_hash(data), fingerprint)):
            plan.unchanged(pid)
        else:
            plan.parse(name, data, previous)
    plan.finish(today, limits, parse_many, on_progress, analyse)
    plan.report.removed = sorted(
        pid for pid, previous in stored.items() if previous.origin == "directory" and pid not in plan.present
    )
    for ids in (plan.report.added, plan.report.updated, plan.report.unchanged):
        ids.sort()
    return plan


def _is_dir(entry: Path) -> bool:
    try:
        return entry.is_dir()
    except (OSError, RuntimeError):
        return False


def _link_count(links: Counter[tuple[int, int]], entry: Path) -> int:
    try:
        info = entry.stat()
    except (OSError, RuntimeError):
        return 1
    return links.get((info.st_dev, info.st_ino), 1)


def _plan_upload(name: str, data: bytes, stored: _Stored | None, *, today: dt.date,
                 limits: ParseLimits, parse_many: ParseMany = _parse_serially) -> _Plan:
    """Parse one uploaded file. Runs in a worker thread."""
    plan = _Plan()
    fingerprint = parser_fingerprint()
    pid = posting_id(name)
    kept = pid if stored is not None else None
    reason = _unsupported(name)
    if reason is not None:
        plan.skip(name, reason)
    elif len(data) > limits.max_bytes:
        plan.skip(name, _too_large(limits), kept)
    elif stored is not None and stored.matches(name, content_hash(data), fingerprint):
        plan.unchanged(pid)
    else:
        plan.parse(name, data, stored)
    plan.finish(today, limits, parse_many)
    return plan


def _upload_name(name: str) -> str:
    """The base name of an uploaded file; any directory part (either slash) is dropped."""
    return PurePosixPath(name.replace("\\", "/")).name


class Store(community.SQLiteCommunity):
    """aiosqlite store: postings, passages, a log of loads, an audit log. All SQL of the project lives here.

    Writers (syncs, uploads, removals) are serialized; reads are served from the committed state.
    """

    def __init__(self, db: aiosqlite.Connection, *, clock: Callable[[], dt.datetime]) -> None:
        self._db = db
        self._clock = clock
        # _writer spans a whole write (read state, parse, apply); _conn guards the one connection, so a
        # read never sees a transaction in progress and parsing does not block readers.
        self._writer = asyncio.Lock()
        self._conn = asyncio.Lock()
        self._read_only = False

    def _parse_many(self, jobs: list[_Job], tick: Tick | None = None) -> list[_Parsed | str]:
        """Parse files in killable worker processes (runs in a worker thread); see `parse_in_workers`."""
        return parse_in_workers(jobs, tick)

    @classmethod
    async def open(cls, path: Path | str, *, clock: Callable[[], dt.datetime] = _utc_now,
                   read_only: bool = False) -> Store:
        """Open (creating if needed) the database at `path` (":memory:" allowed) and migrate its schema.

        `clock` stamps log entries; tests pass a fixed one. `read_only` opens an existing database for
        questions only: nothing is written (no sync, upload or audit) and its schema is not migrated.
        Raises `StoreError` (naming the file) when it cannot be created or written, when a newer version
        of Open Roles wrote it (such a database is left untouched), or, with how to rebuild, when it is
        damaged.
        """
        target = str(path)
        try:
            if read_only:
                db = await aiosqlite.connect(Path(target).absolute().as_uri() + "?mode=ro", uri=True,
                                             isolation_level=None)
            else:
                if target != ":memory:":
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
                db = await aiosqlite.connect(target, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"The database {target} cannot be opened ({_reason(exc)}).") from exc
        try:
            await db.execute("PRAGMA busy_timeout = 5000")
            store = cls(db, clock=clock)
            store._read_only = read_only
            await store._refuse_newer()  # before anything writes to the file
            if not read_only:
                await db.execute("PRAGMA journal_mode = WAL")
                await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            if read_only:
                await store._check_version()
            else:
                await store._migrate()
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise StoreError(damaged_message(target, exc)) from exc
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        """Close the database; waits for a write in progress."""
        async with self._writer, self._conn:
            await self._db.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    async def schema_version(self) -> int:
        """The schema version of the open database (PRAGMA user_version)."""
        async with self._conn:
            return await self._user_version()

    async def sync_directory(self, directory: Path, *, today: dt.date, limits: ParseLimits | None = None,
                             on_progress: OnProgress | None = None,
                             analyses: Analyses | None = None) -> SyncReport:
        """Make the directory postings match the supported files directly in `directory`.

        New files are added, changed ones re-parsed, gone ones removed; unchanged files are not re-parsed
        (unless the parsing code changed since they were). Hidden files and subdirectories are ignored.
        A file that cannot be loaded is reported in `skipped` and leaves its stored posting as it was.
        `missing_fields` lists, for each added or updated posting lacking some, the absent key fields.
        Raises `StoreError` if `directory` cannot be listed (rather than removing every posting).
        `on_progress` hears of each file parsed, then of the saving. `analyses`: work to do on each
        posting where it is parsed; what it gives is kept in `analyses.found`.
        """
        if not directory.is_dir():
            raise StoreError(f"The postings directory {directory} does not exist or is not a directory.")
        limits = limits or ParseLimits()
        analyse = analyses.analyse if analyses is not None else None
        prestart_workers(analyse)  # loads beside the reading of the files
        async with self._writer:
            for attempt in range(1, _SYNC_ATTEMPTS + 1):
                stored = await self._stored_state(SHARED)
                stamp = await asyncio.to_thread(folder_stamp, directory, _stamp_basis(stored, limits))
                if attempt == 1 and (unchanged := await self._unchanged_since(directory, stamp)) is not None:
                    return unchanged
                plan = await asyncio.to_thread(_plan_sync, directory, stored, today=today, limits=limits,
                                               parse_many=self._parse_many, on_progress=on_progress,
                                               analyse=analyse)
                # Only a sync that changed nothing vouches for the stored postings matching the files.
                plan.report.stamp = None if plan.report.changed else stamp
                if on_progress is not None:
                    on_progress(SyncProgress(SyncStage.SAVING, 0, len(plan.upserts)))
                try:
                    loaded_at = await self._apply(plan, origin="directory", directory=str(directory),
                                                  collection=SHARED,
                                                  expected=stored if attempt < _SYNC_ATTEMPTS else None)
                    if analyses is not None:  # thousands of postings: off the loop
                        analyses.found.update(await asyncio.to_thread(self._analyses_of, plan, SHARED,
                                                                      "directory", loaded_at))
                    break
                except _StateChanged:
                    logger.info("Another process changed the postings during this sync; syncing again")
        return plan.report

    async def _unchanged_since(self, directory: Path, stamp: str | None) -> SyncReport | None:
        """The last sync's report if it was of `directory`, changed nothing and left the same `stamp`."""
        if stamp is None:
            return None
        last = await self.load_log(1, collection=SHARED)
        if last and last[0].directory == str(directory) and last[0].report.stamp == stamp:
            return last[0].report
        return None

    async def add_file(self, name: str, data: bytes, *, today: dt.date, limits: ParseLimits | None = None,
                       collection: str = SHARED) -> SyncReport:
        """Parse one uploaded file and add it to `collection`, or replace the posting with its id there
        (kept across syncs)."""
        name = _upload_name(name)
        limits = limits or ParseLimits()
        if not name or name.startswith("."):
            return SyncReport(skipped=[SkippedFile(source=name, reason="The file has no usable name.")])
        async with self._writer:
            stored = (await self._stored_state(collection, posting_id(name))).get(posting_id(name))
            plan = await asyncio.to_thread(_plan_upload, name, data, stored, today=today, limits=limits,
                                           parse_many=self._parse_many)
            await self._apply(plan, origin="upload", directory=None, collection=collection)
        return plan.report

    async def remove(self, posting_id: str, *, collection: str = SHARED) -> bool:
        """Remove one posting of `collection` and its passages; False if it holds none with that id."""
        async with self._writer, self._transaction() as db:
            cursor = await db.execute("DELETE FROM postings WHERE collection = ? AND id = ?",
                                      (collection, posting_id))
            return cursor.rowcount > 0

    async def postings(self, ids: Collection[str] | None = None, *,
                       collection: str = SHARED) -> list[Posting]:
        """Every posting of `collection` (or those of `ids`), ordered by id, restored from its stored JSON.

        No re-parsing. A row that no longer validates (the model changed, or the row was damaged) is
        left out with a warning and marked, so the next sync re-parses its file.
        """
        keys = None if ids is None else [(collection, pid) for pid in ids]
        return [posting for _, posting in await self._entries(keys, collection)]

    async def entries(self, keys: Collection[PostingKey] | None = None) -> list[tuple[str, Posting]]:
        """(collection, posting) of every stored posting (or of `keys`), ordered by collection then id.

        Restored as `postings` restores them.
        """
        return await self._entries(keys, None)

    async def _entries(self, keys: Collection[PostingKey] | None,
                       collection: str | None) -> list[tuple[str, Posting]]:
        """The postings of `keys`, else of `collection`, else all of them."""
        if keys is not None:
            cursor = self._db.execute(
                "SELECT collection, id, parsed FROM postings WHERE (collection, id) IN "
                "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)) "
                "ORDER BY collection, id", (json.dumps(sorted(keys)),))
        elif collection is not None:
            cursor = self._db.execute(
                "SELECT collection, id, parsed FROM postings WHERE collection = ? ORDER BY id", (collection,))
        else:
            cursor = self._db.execute("SELECT collection, id, parsed FROM postings ORDER BY collection, id")
        rows: list[sqlite3.Row] = []
        async with self._conn, cursor as rows_cursor:
            # In batches: one fetch of every posting's JSON holds the GIL from the first row to the
            # last (sqlite3 re-takes it between rows before a waiting thread can), stalling the loop.
            while batch := await rows_cursor.fetchmany(_FETCH_BATCH):
                rows.extend(batch)
        postings, stale = await asyncio.to_thread(_restore, rows)
        if stale and not self._read_only:
            await self._mark_stale(stale)
        return postings

    async def _mark_stale(self, keys: list[PostingKey]) -> None:
        """Make the next sync re-parse rows that no longer validate (their hash alone says unchanged)."""
        async with self._transaction() as db:
            await db.executemany("UPDATE postings SET parser = '' WHERE collection = ? AND id = ?", keys)

    async def revisions(self) -> dict[PostingKey, str]:
        """(collection, id) -> a token that changes whenever that posting is stored again (cheap: no JSON).

        A caller holding restored postings re-reads only those whose token changed.
        """
        async with self._conn:
            rows = await self._db.execute_fetchall(
                "SELECT collection, id, source || char(0) || origin || char(0) || content_hash || char(0) "
                "|| parser || char(0) || loaded_at FROM postings")
        return {(str(collection), str(pid)): str(token) for collection, pid, token in rows}

    def _analyses_of(self, plan: _Plan, collection: str, origin: Origin,
                     loaded_at: str) -> dict[PostingKey, tuple[str, object]]:
        """The analyses of `plan`'s postings, under the revision each was stored with in `collection` at
        `loaded_at`."""
        return {(collection, parsed.id): (self._revision(parsed, origin, loaded_at), parsed.analysis)
                for parsed in plan.upserts if parsed.analysis is not None}

    @staticmethod
    def _revision(parsed: _Parsed, origin: Origin, loaded_at: str) -> str:
        """The token `revisions` reads for `parsed` stored by this code at `loaded_at`."""
        return "\0".join((parsed.source, origin, parsed.content_hash, parser_fingerprint(), loaded_at))

    async def data_version(self) -> int:
        """A number that changes when another connection commits to the database (`PRAGMA data_version`).

        Cheap (no table is read): a process polls it to notice another process's changes.
        """
        async with self._conn:
            rows = list(await self._db.execute_fetchall("PRAGMA data_version"))
        return int(rows[0][0])

    async def saved_analysis(self, key: str) -> bytes | None:
        """The analysis last saved with `save_analysis` if it was saved under `key`, else None."""
        parts: list[bytes] = []
        async with self._conn, self._db.execute(
                "SELECT data FROM analysis WHERE key = ? ORDER BY part", (key,)) as cursor:
            # A part at a time: SQLite reads a blob while sqlite3 holds the GIL, so one read of the
            # whole analysis would stall the event loop.
            while batch := await cursor.fetchmany(1):
                parts.extend(bytes(data) for data, in batch)
        return await asyncio.to_thread(b"".join, parts) if parts else None  # tens of MB: off the loop

    async def save_analysis(self, key: str, data: bytes) -> None:
        """Keep `data` (an opaque blob, replacing the previous one) until a later save.

        The search engine saves its analysis of the stored postings here under a key naming exactly
        which posting revisions it covers, so a restart can restore it instead of recomputing it. If
        SQLite cannot store it (a full disk), that is logged and the next start recomputes it.
        """
        view = memoryview(data)
        rows = [(n, key, view[start:start + _ANALYSIS_PART])
                for n, start in enumerate(range(0, max(len(data), 1), _ANALYSIS_PART))]
        try:
            async with self._transaction() as db:
                await db.execute("DELETE FROM analysis")
                await db.executemany("INSERT INTO analysis (part, key, data) VALUES (?, ?, ?)", rows)
        except (sqlite3.DataError, sqlite3.OperationalError, StoreError) as exc:
            logger.warning("The search analysis (%d MB) was not saved: %s", len(data) >> 20, exc)

    async def record_audit(self, actor: str, action: str, detail: str, *, collection: str = SHARED) -> None:
        """Append one moderator action to the audit log of `collection` (the server it was taken in)."""
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO audit (at, actor, action, detail, collection) VALUES (?, ?, ?, ?, ?)",
                (self._clock().isoformat(), actor, action, detail, collection))

    async def audit_log(self, limit: int = 50, *, collection: str = SHARED) -> list[AuditEntry]:
        """The latest audit entries of `collection`, newest first."""
        async with self._conn:
            rows = await self._db.execute_fetchall(
                "SELECT at, actor, action, detail FROM audit WHERE collection = ? ORDER BY id DESC LIMIT ?",
                (collection, limit))
        return [AuditEntry(at=dt.datetime.fromisoformat(at), actor=actor, action=action, detail=detail)
                for at, actor, action, detail in rows]

    async def load_log(self, limit: int = 20, *, collection: str = SHARED) -> list[LoadRecord]:
        """The latest loads (syncs and uploads) into `collection`, newest first."""
        async with self._conn:
            rows = await self._db.execute_fetchall(
                "SELECT at, directory, report FROM loads WHERE collection = ? ORDER BY id DESC LIMIT ?",
                (collection, limit))
        return [LoadRecord(at=dt.datetime.fromisoformat(at), directory=directory,
                           report=SyncReport.model_validate_json(report))
                for at, directory, report in rows]

    # ----- answers and feedback (`knowledge.feedback`) -----------------------------------------------

    async def record_answer(self, record: AnswerRecord) -> int:
        """Keep an answer as it was given (forgetting those older than `KEEP_DAYS`, and their votes);
        returns its id (what its feedback buttons carry)."""
        async with self._transaction() as db:
            await db.execute("DELETE FROM answers WHERE at < ?", (_forget_before(self._clock()),))
            cursor = await db.execute(
                "INSERT INTO answers (at, guild_id, channel_id, user_id, question, normalized, answer, "
                "citations, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _answer_row(record, self._clock()))
            return int(cursor.lastrowid or 0)

    async def answer_record(self, answer_id: int) -> AnswerRecord | None:
        """The answer recorded under `answer_id`, or None."""
        async with self._conn:
            rows = list(await self._db.execute_fetchall(
                "SELECT at, guild_id, channel_id, user_id, question, answer, citations, found FROM answers "
                "WHERE id = ?", (answer_id,)))
        return _answer_record(rows[0]) if rows else None

    async def record_vote(self, answer_id: int, user_id: int, vote: Vote, comment: str | None = None) -> bool:
        """Keep a member's vote on an answer (replacing their earlier one; an earlier note stays unless
        `comment` replaces it); False when no answer has that id."""
        async with self._transaction() as db:
            if not list(await db.execute_fetchall("SELECT 1 FROM answers WHERE id = ?", (answer_id,))):
                return False
            await db.execute(
                "INSERT INTO votes (answer_id, user_id, at, vote, comment) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET at = excluded.at, vote = excluded.vote, "
                "comment = COALESCE(excluded.comment, votes.comment)",
                (answer_id, user_id, self._clock().isoformat(), int(vote), clean_comment(comment)))
            return True

    async def gaps(self, guild_id: int, *, days: int = GAP_DAYS, limit: int = 10) -> Gaps:
        """The server's most frequent unanswered and down-voted questions of the last `days` days."""
        since = (self._clock() - dt.timedelta(days=days)).isoformat()
        async with self._conn:
            unanswered = await self._db.execute_fetchall(
                "SELECT question, normalized, at, NULL FROM answers WHERE guild_id = ? AND found = 0 "
                "AND at >= ? ORDER BY at DESC LIMIT ?", (guild_id, since, _GAP_ROWS))
            downvoted = await self._db.execute_fetchall(
                "SELECT a.question, a.normalized, v.at, v.comment FROM votes v JOIN answers a "
                "ON a.id = v.answer_id WHERE a.guild_id = ? AND v.vote = -1 AND v.at >= ? "
                "ORDER BY v.at DESC LIMIT ?", (guild_id, since, _GAP_ROWS))
        return gaps_from(unanswered, downvoted, days=days, limit=limit)

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        if self._read_only:
            raise StoreError("The database is open read-only, so nothing can be changed.")
        async with self._conn, _readable_errors():
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await self._db.execute("ROLLBACK")
                raise

    async def _user_version(self) -> int:
        rows = list(await self._db.execute_fetchall("PRAGMA user_version"))
        return int(rows[0][0])

    async def _refuse_newer(self) -> None:
        version = await self._user_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"The database has schema version {version}, newer than this version of "
                             f"Open Roles understands ({SCHEMA_VERSION}); it was left untouched.")

    async def _check_version(self) -> None:
        async with self._conn:
            version = await self._user_version()
            await self._db.execute_fetchall("SELECT count(*) FROM postings")  # fails on a damaged file
        if version != SCHEMA_VERSION:
            raise StoreError(f"The database has schema version {version}, but read-only use needs "
                             f"{SCHEMA_VERSION}; open it once without --read-only to migrate it.")

    async def _migrate(self) -> None:
        async with self._transaction() as db:
            await self._refuse_newer()
            version = await self._user_version()
            for number, statements in enumerate(_MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    await db.execute(statement)
                # PRAGMA takes no parameters; the value is an int from this module, never user input.
                await db.execute(f"PRAGMA user_version = {int(number)}")

    async def _stored_state(self, collection: str, only: str | None = None) -> dict[str, _Stored]:
        async with self._conn:
            return await _query_state(self._db, collection, only)

    async def _apply(self, plan: _Plan, *, origin: Origin, directory: str | None, collection: str,
                     expected: dict[str, _Stored] | None = None) -> str:
        """Apply a plan to `collection` and record the load, all in one transaction; returns the time
        written as the postings' `loaded_at`.

        With `expected` (the state the plan was made from), raises `_StateChanged` instead if another
        process changed the collection's stored postings meanwhile, so two reloads do not both report
        the same work.
        """
        now = self._clock().isoformat()
        fingerprint = parser_fingerprint()
        async with self._transaction() as db:
            if expected is not None:
                current = await _query_state(db, collection)
                if await asyncio.to_thread(expected.__ne__, current):  # thousands of postings: off the loop
                    raise _StateChanged
            # One statement per table, not per posting: each statement is a trip to the database thread.
            await db.executemany("DELETE FROM postings WHERE collection = ? AND id = ?",
                                 [(collection, pid) for pid in plan.report.removed])
            await db.executemany(
                """INSERT INTO postings (collection, id, source, origin, content_hash, parser, parsed,
                                         loaded_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (collection, id) DO UPDATE SET
                       source = excluded.source, origin = excluded.origin,
                       content_hash = excluded.content_hash, parser = excluded.parser,
                       parsed = excluded.parsed, loaded_at = excluded.loaded_at""",
                [(collection, parsed.id, parsed.source, origin, parsed.content_hash, fingerprint,
                  parsed.parsed, now) for parsed in plan.upserts])
            await db.executemany("DELETE FROM passages WHERE collection = ? AND posting_id = ?",
                                 [(collection, parsed.id) for parsed in plan.upserts])
            await db.executemany(
                "INSERT INTO passages (collection, posting_id, idx, section, text, start_line, end_line) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((collection, *row) for parsed in plan.upserts for row in _passage_rows(parsed)))
            await db.execute("INSERT INTO loads (at, directory, report, collection) VALUES (?, ?, ?, ?)",
                             (now, directory, plan.report.model_dump_json(), collection))
        return now


def _stamp_basis(stored: dict[str, _Stored], limits: ParseLimits) -> Iterator[str]:
    """What a sync's result depends on besides the files: the parser, the limits, the stored postings
    (lazily: thousands of lines are made where the stamp is worked out, off the event loop)."""
    yield parser_fingerprint()
    yield limits.model_dump_json()
    for pid, s in sorted(stored.items()):
        yield f"{pid}\0{s.source}\0{s.origin}\0{s.content_hash}\0{s.parser}"


_ANSWER_COLUMNS = ("at", "guild_id", "channel_id", "user_id", "question", "answer", "citations", "found")
"""The columns `answer_record` reads, in order."""
_GAP_ROWS = 5000
"""The most recent rows `gaps` counts (a busy server's older questions in the window are not counted)."""


def _answer_row(record: AnswerRecord, now: dt.datetime) -> tuple[object, ...]:
    """The values of an answers row, in the order of `record_answer`'s INSERT."""
    citations = json.dumps([c.model_dump() for c in record.citations])
    return (now.isoformat(), record.guild_id, record.channel_id, record.user_id, record.question,
            normalize_question(record.question), record.answer, citations, int(record.found))


def _forget_before(now: dt.datetime) -> str:
    """The time before which recorded answers are forgotten."""
    return (now - dt.timedelta(days=KEEP_DAYS)).isoformat()


def _answer_record(row: Iterable[object]) -> AnswerRecord:
    """A row of `_ANSWER_COLUMNS` as a record."""
    values = dict(zip(_ANSWER_COLUMNS, row, strict=True))
    values["citations"] = json.loads(str(values["citations"]))
    return AnswerRecord.model_validate(values)


def _passage_rows(posting: Posting | _Parsed) -> Iterable[PassageRow]:
    """The rows of the passages table for one posting."""
    if isinstance(posting, _Parsed):
        return posting.passages
    return [(posting.id, p.index, p.section, p.text, p.start_line, p.end_line) for p in posting.passages]


async def open_store(location: Path | str, *, clock: Callable[[], dt.datetime] = _utc_now,
                     read_only: bool = False) -> Store:
    """The store at `location`: PostgreSQL for a postgresql:// URL, else the SQLite file at that path
    (`read_only`: SQLite only, see `Store.open`)."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from knowledge.pgstore import PostgresStore  # imported only when PostgreSQL is used

        return await PostgresStore.open(location, clock=clock)
    return await Store.open(location, clock=clock, read_only=read_only)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


def _restore(rows: Iterable[Iterable[object]]) -> tuple[list[tuple[str, Posting]], list[PostingKey]]:
    """The (collection, posting) of stored rows, and the keys of rows that no longer validate."""
    postings = []
    stale: list[PostingKey] = []
    for collection, pid, parsed in rows:
        try:
            postings.append((str(collection), Posting.model_validate_json(str(parsed))))
        except ValidationError:
            logger.warning("Stored posting %s no longer fits the model; the next sync re-parses it", pid)
            stale.append((str(collection), str(pid)))
    return postings, stale


async def _query_state(db: aiosqlite.Connection, collection: str,
                       only: str | None = None) -> dict[str, _Stored]:
    query = "SELECT id, source, origin, content_hash, parser FROM postings WHERE collection = ?"
    if only is None:
        rows = await db.execute_fetchall(query, (collection,))
    else:
        rows = await db.execute_fetchall(query + " AND id = ?", (collection, only))
    return await asyncio.to_thread(_states, rows)  # thousands of postings: off the loop


def _states(rows: Iterable[Iterable[Any]]) -> dict[str, _Stored]:
    return {pid: _Stored(source=source, origin=origin, content_hash=digest, parser=parser)
            for pid, source, origin, digest, parser in rows}


class _StateChanged(Exception):
    """The stored postings changed between planning a sync and applying it."""


def damaged_message(target: str, exc: BaseException) -> str:
    """One line saying the database is damaged, and how to rebuild it."""
    return (f"The database {target} is damaged or not an Open Roles database ({exc}); move it aside and "
            "run `python -m bot reload` to rebuild it from the postings directory (uploads must be "
            "added again).")


@contextlib.asynccontextmanager
async def _readable_errors() -> AsyncIterator[None]:
    """SQLite's read-only and corruption errors as one-line `StoreError`s."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
        raise StoreError("The database cannot be written (its file or folder is read-only); use "
                         "--read-only to ask questions without reloading.") from exc
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
            raise
        raise StoreError(damaged_message("in use", exc)) from exc
