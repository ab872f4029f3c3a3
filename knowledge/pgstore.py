"""The store on PostgreSQL (`DATABASE_URL=postgresql://…`), for several bot processes on one database.

Same interface and behaviour as `knowledge.store.Store` (it is one: reading directories, parsing and
planning a sync are inherited; only the SQL differs). Driver: asyncpg — asyncio-native, a connection
pool built in, and LISTEN/NOTIFY as a plain callback (`add_listener`), which is how processes hear of
each other's changes: every write notifies `open_roles_changes` in its transaction (delivered on
commit), and `data_version` counts the notifications from other processes, so `Engine.follow` works
the same on both stores.

Schema versions are kept in `open_roles_schema`; a database written by a newer version is refused
before anything is written to it. Writers in different processes take a transaction-scoped advisory
lock, so two syncs never interleave.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Collection
from pathlib import Path
from typing import Any, cast

import asyncpg

from knowledge import community, store
from knowledge.feedback import GAP_DAYS, AnswerRecord, Gaps, Vote, clean_comment, gaps_from
from knowledge.models import Posting, SyncReport
from knowledge.store import (
    _ANALYSIS_PART,
    SHARED,
    AuditEntry,
    LoadRecord,
    Origin,
    PostingKey,
    Store,
    StoreError,
    _Plan,
    _reason,
    _restore,
    _StateChanged,
    _states,
    _Stored,
    _utc_now,
    parser_fingerprint,
)

logger = logging.getLogger(__name__)

CHANNEL = "open_roles_changes"
_WRITE_LOCK = 0x6F70656E  # advisory lock key held by a write transaction ("open")

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the schema of the SQLite store's version 3
        """CREATE TABLE postings (
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
        """CREATE TABLE passages (
            collection TEXT NOT NULL,
            posting_id TEXT NOT NULL,
            idx        INTEGER NOT NULL,
            section    TEXT NOT NULL,
            text       TEXT NOT NULL,
            start_line INTEGER NOT NULL,
            end_line   INTEGER NOT NULL,
            FOREIGN KEY (collection, posting_id) REFERENCES postings (collection, id) ON DELETE CASCADE
        )""",
        "CREATE INDEX passages_by_posting ON passages (collection, posting_id, idx)",
        """CREATE TABLE loads (
            id         BIGSERIAL PRIMARY KEY,
            at         TEXT NOT NULL,
            directory  TEXT,
            report     TEXT NOT NULL,
            collection TEXT NOT NULL DEFAULT 'shared'
        )""",
        """CREATE TABLE audit (
            id         BIGSERIAL PRIMARY KEY,
            at         TEXT NOT NULL,
            actor      TEXT NOT NULL,
            action     TEXT NOT NULL,
            detail     TEXT NOT NULL,
            collection TEXT NOT NULL DEFAULT 'shared'
        )""",
        "CREATE INDEX loads_by_collection ON loads (collection, id)",
        "CREATE INDEX audit_by_collection ON audit (collection, id)",
        """CREATE TABLE analysis (
            part INTEGER PRIMARY KEY,
            key  TEXT NOT NULL,
            data BYTEA NOT NULL
        )""",
    ),
    (  # 2: announcements, alerts and reminders (`knowledge.community`; the SQLite store's version 4)
        """CREATE TABLE announce_channels (
            guild_id   BIGINT PRIMARY KEY,
            channel_id BIGINT NOT NULL,
            set_at     TEXT NOT NULL
        )""",
        """CREATE TABLE seen_postings (
            guild_id   BIGINT NOT NULL,
            posting_id TEXT NOT NULL,
            seen_at    TEXT NOT NULL,
            PRIMARY KEY (guild_id, posting_id)
        )""",
        """CREATE TABLE alerts (
            id         BIGSERIAL PRIMARY KEY,
            guild_id   BIGINT NOT NULL,
            user_id    BIGINT NOT NULL,
            filters    TEXT NOT NULL,
            created_at TEXT NOT NULL,
            paused     INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX alerts_by_user ON alerts (user_id, id)",
        "CREATE INDEX alerts_by_guild ON alerts (guild_id, id)",
        """CREATE TABLE reminders (
            id          BIGSERIAL PRIMARY KEY,
            guild_id    BIGINT NOT NULL,
            user_id     BIGINT NOT NULL,
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
            user_id BIGINT PRIMARY KEY,
            at      TEXT NOT NULL
        )""",
    ),
    (  # 3: the answers given and members' votes on them (the SQLite store's version 5)
        """CREATE TABLE answers (
            id         BIGSERIAL PRIMARY KEY,
            at         TEXT NOT NULL,
            guild_id   BIGINT,
            channel_id BIGINT NOT NULL,
            user_id    BIGINT NOT NULL,
            question   TEXT NOT NULL,
            normalized TEXT NOT NULL,
            answer     TEXT NOT NULL,
            citations  TEXT NOT NULL,
            found      INTEGER NOT NULL
        )""",
        "CREATE INDEX answers_by_guild ON answers (guild_id, at)",
        "CREATE INDEX answers_by_time ON answers (at)",
        """CREATE TABLE votes (
            answer_id BIGINT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
            user_id   BIGINT NOT NULL,
            at        TEXT NOT NULL,
            vote      INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            comment   TEXT,
            PRIMARY KEY (answer_id, user_id)
        )""",
    ),
)
SCHEMA_VERSION = len(_MIGRATIONS)


class PostgresStore(community.PostgresCommunity, Store):
    """`Store` on PostgreSQL through an asyncpg pool; other processes' writes arrive by NOTIFY."""

    def __init__(self, pool: asyncpg.Pool, listener: asyncpg.Connection, *,
                 clock: Callable[[], dt.datetime]) -> None:
        # The SQLite connection of the base class is never used: every method touching it is overridden.
        super().__init__(cast(Any, None), clock=clock)
        self._pg = pool
        self._listener = listener
        self._token = uuid.uuid4().hex
        self._notified = 0

    @classmethod
    async def open(cls, path: Path | str, *, clock: Callable[[], dt.datetime] = _utc_now,
                   read_only: bool = False) -> PostgresStore:
        """Connect to the database at the URL `path`, migrate its schema and listen for changes.

        `read_only` is an SQLite mode: refused here rather than silently ignored.

        Raises `StoreError` (never showing the URL, which may hold a password) when it cannot connect
        or a newer version of Open Roles wrote the database; such a database is left untouched.
        """
        if read_only:
            raise StoreError("--read-only works with an SQLite database file, not with DATABASE_URL.")
        url = str(path)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=4, command_timeout=60)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
            # A malformed URL's message may quote it (and its password): only the error's kind then.
            detail = exc.__class__.__name__
            if not isinstance(exc, ValueError):
                detail += f": {_reason(exc)}"
            raise StoreError(f"The PostgreSQL database cannot be reached ({detail}).") from None
        listener: asyncpg.Connection | None = None
        try:
            async with pool.acquire() as conn:
                await _migrate(conn)
            listener = await pool.acquire()
            store = cls(pool, listener, clock=clock)
            await listener.add_listener(CHANNEL, store._heard)
        except BaseException:
            if listener is not None:
                await pool.release(listener)
            await pool.close()
            raise
        return store

    def _heard(self, connection: object, pid: int, channel: str, payload: str) -> None:
        if payload != self._token:
            self._notified += 1

    async def close(self) -> None:
        """Stop listening, close the pool; waits for a write in progress."""
        async with self._writer:
            with contextlib.suppress(asyncpg.InterfaceError, OSError):
                await self._listener.remove_listener(CHANNEL, self._heard)
            await self._pg.release(self._listener)
            await self._pg.close()

    async def schema_version(self) -> int:
        """The schema version of the database (in `open_roles_schema`)."""
        async with self._pg.acquire() as conn:
            return await _version(conn)

    async def data_version(self) -> int:
        """How many changes other processes have announced (by NOTIFY) since this store was opened."""
        return self._notified

    async def remove(self, posting_id: str, *, collection: str = SHARED) -> bool:
        async with self._writer, self._write() as conn:
            result = await conn.execute("DELETE FROM postings WHERE collection = $1 AND id = $2",
                                        collection, posting_id)
            return bool(result != "DELETE 0")

    async def _entries(self, keys: Collection[PostingKey] | None,
                       collection: str | None) -> list[tuple[str, Posting]]:
        async with self._pg.acquire() as conn:
            if keys is not None:
                ordered = sorted(keys)
                rows = await conn.fetch(
                    "SELECT p.collection, p.id, p.parsed FROM postings p "
                    "JOIN unnest($1::text[], $2::text[]) AS k (collection, id) USING (collection, id) "
                    "ORDER BY p.collection, p.id",
                    [c for c, _ in ordered], [i for _, i in ordered])
            elif collection is not None:
                rows = await conn.fetch(
                    "SELECT collection, id, parsed FROM postings WHERE collection = $1 ORDER BY id",
                    collection)
            else:
                rows = await conn.fetch("SELECT collection, id, parsed FROM postings ORDER BY collection, id")
        postings, stale = await asyncio.to_thread(_restore, [tuple(row) for row in rows])
        if stale:
            await self._mark_stale(stale)
        return postings

    async def _mark_stale(self, keys: list[PostingKey]) -> None:
        async with self._write() as conn:
            await conn.executemany("UPDATE postings SET parser = '' WHERE collection = $1 AND id = $2", keys)

    async def revisions(self) -> dict[PostingKey, str]:
        async with self._pg.acquire() as conn:
            rows = await conn.fetch(
                "SELECT collection, id, concat_ws(chr(31), source, origin, content_hash, parser, loaded_at) "
                "FROM postings")
        return {(str(c), str(pid)): str(token) for c, pid, token in rows}

    @staticmethod
    def _revision(parsed: store._Parsed, origin: Origin, loaded_at: str) -> str:
        return "\x1f".join((parsed.source, origin, parsed.content_hash, parser_fingerprint(), loaded_at))

    async def saved_analysis(self, key: str) -> bytes | None:
        async with self._pg.acquire() as conn:
            rows = await conn.fetch("SELECT data FROM analysis WHERE key = $1 ORDER BY part", key)
        return b"".join(bytes(row[0]) for row in rows) if rows else None

    async def save_analysis(self, key: str, data: bytes) -> None:
        rows = [(n, key, data[start:start + _ANALYSIS_PART])
                for n, start in enumerate(range(0, max(len(data), 1), _ANALYSIS_PART))]
        try:
            async with self._pg.acquire() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", _WRITE_LOCK)  # processes save in turn
                await conn.execute("DELETE FROM analysis")
                await conn.executemany("INSERT INTO analysis (part, key, data) VALUES ($1, $2, $3)", rows)
        except asyncpg.PostgresError as exc:
            logger.warning("The search analysis (%d MB) was not saved: %s", len(data) >> 20, exc)

    async def record_audit(self, actor: str, action: str, detail: str, *, collection: str = SHARED) -> None:
        async with self._pg.acquire() as conn:
            await conn.execute(
                "INSERT INTO audit (at, actor, action, detail, collection) VALUES ($1, $2, $3, $4, $5)",
                self._clock().isoformat(), actor, action, detail, collection)

    async def audit_log(self, limit: int = 50, *, collection: str = SHARED) -> list[AuditEntry]:
        async with self._pg.acquire() as conn:
            rows = await conn.fetch(
                "SELECT at, actor, action, detail FROM audit WHERE collection = $1 ORDER BY id DESC LIMIT $2",
                collection, limit)
        return [AuditEntry(at=dt.datetime.fromisoformat(at), actor=actor, action=action, detail=detail)
                for at, actor, action, detail in rows]

    async def load_log(self, limit: int = 20, *, collection: str = SHARED) -> list[LoadRecord]:
        async with self._pg.acquire() as conn:
            rows = await conn.fetch(
                "SELECT at, directory, report FROM loads WHERE collection = $1 ORDER BY id DESC LIMIT $2",
                collection, limit)
        return [LoadRecord(at=dt.datetime.fromisoformat(at), directory=directory,
                           report=SyncReport.model_validate_json(report))
                for at, directory, report in rows]

    # Answers and votes are not postings: written without the write lock or a NOTIFY, so other
    # processes do not look for changed postings after every question.

    async def record_answer(self, record: AnswerRecord) -> int:
        async with self._pg.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM answers WHERE at < $1", store._forget_before(self._clock()))
            return int(await conn.fetchval(
                "INSERT INTO answers (at, guild_id, channel_id, user_id, question, normalized, answer, "
                "citations, found) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                *store._answer_row(record, self._clock())))

    async def answer_record(self, answer_id: int) -> AnswerRecord | None:
        async with self._pg.acquire() as conn:
            row = await conn.fetchrow(
                "SELECT at, guild_id, channel_id, user_id, question, answer, citations, found FROM answers "
                "WHERE id = $1", answer_id)
        return store._answer_record(tuple(row)) if row is not None else None

    async def record_vote(self, answer_id: int, user_id: int, vote: Vote, comment: str | None = None) -> bool:
        async with self._pg.acquire() as conn:
            result = await conn.execute(
                "INSERT INTO votes (answer_id, user_id, at, vote, comment) "
                "SELECT id, $2, $3, $4, $5 FROM answers WHERE id = $1 "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET at = excluded.at, vote = excluded.vote, "
                "comment = COALESCE(excluded.comment, votes.comment)",
                answer_id, user_id, self._clock().isoformat(), int(vote), clean_comment(comment))
        return bool(result != "INSERT 0 0")

    async def gaps(self, guild_id: int, *, days: int = GAP_DAYS, limit: int = 10) -> Gaps:
        since = (self._clock() - dt.timedelta(days=days)).isoformat()
        async with self._pg.acquire() as conn:
            unanswered = await conn.fetch(
                "SELECT question, normalized, at, NULL FROM answers WHERE guild_id = $1 AND found = 0 "
                "AND at >= $2 ORDER BY at DESC LIMIT $3", guild_id, since, store._GAP_ROWS)
            downvoted = await conn.fetch(
                "SELECT a.question, a.normalized, v.at, v.comment FROM votes v JOIN answers a "
                "ON a.id = v.answer_id WHERE a.guild_id = $1 AND v.vote = -1 AND v.at >= $2 "
                "ORDER BY v.at DESC LIMIT $3", guild_id, since, store._GAP_ROWS)
        return gaps_from([tuple(r) for r in unanswered], [tuple(r) for r in downvoted], days=days,
                         limit=limit)

    async def _stored_state(self, collection: str, only: str | None = None) -> dict[str, _Stored]:
        async with self._pg.acquire() as conn:
            return await self._state_in(conn, collection, only)

    @staticmethod
    async def _state_in(conn: asyncpg.Connection, collection: str,
                        only: str | None = None) -> dict[str, _Stored]:
        if only is None:
            rows = await conn.fetch(
                "SELECT id, source, origin, content_hash, parser FROM postings WHERE collection = $1",
                collection)
        else:
            rows = await conn.fetch(
                "SELECT id, source, origin, content_hash, parser FROM postings "
                "WHERE collection = $1 AND id = $2", collection, only)
        return await asyncio.to_thread(_states, rows)  # thousands of postings: off the loop

    async def _apply(self, plan: _Plan, *, origin: Origin, directory: str | None, collection: str,
                     expected: dict[str, _Stored] | None = None) -> str:
        now = self._clock().isoformat()
        fingerprint = parser_fingerprint()
        async with self._write() as conn:
            if expected is not None:
                current = await self._state_in(conn, collection)
                if await asyncio.to_thread(expected.__ne__, current):  # thousands of postings: off the loop
                    raise _StateChanged
            await conn.executemany("DELETE FROM postings WHERE collection = $1 AND id = $2",
                                   [(collection, pid) for pid in plan.report.removed])
            for parsed in plan.upserts:
                await conn.execute(
                    """INSERT INTO postings (collection, id, source, origin, content_hash, parser, parsed,
                                             loaded_at)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                       ON CONFLICT (collection, id) DO UPDATE SET
                           source = excluded.source, origin = excluded.origin,
                           content_hash = excluded.content_hash, parser = excluded.parser,
                           parsed = excluded.parsed, loaded_at = excluded.loaded_at""",
                    collection, parsed.id, parsed.source, origin, parsed.content_hash, fingerprint,
                    parsed.parsed, now)
                await conn.execute("DELETE FROM passages WHERE collection = $1 AND posting_id = $2",
                                   collection, parsed.id)
                await conn.executemany(
                    "INSERT INTO passages (collection, posting_id, idx, section, text, start_line, end_line) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    [(collection, *row) for row in store._passage_rows(parsed)])
            await conn.execute(
                "INSERT INTO loads (at, directory, report, collection) VALUES ($1, $2, $3, $4)",
                now, directory, plan.report.model_dump_json(), collection)
        return now

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[asyncpg.Connection]:
        """A write transaction: one writer across processes; other processes are notified on commit."""
        async with self._pg.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _WRITE_LOCK)
            yield conn
            await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._token)


async def _version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('open_roles_schema') IS NOT NULL")
    if not exists:
        return 0
    return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM open_roles_schema"))


async def _migrate(conn: asyncpg.Connection) -> None:
    """Bring the schema up to date in one transaction; refuse a newer one before writing anything."""
    if await _version(conn) > SCHEMA_VERSION:
        raise StoreError(f"The database has schema version {await _version(conn)}, newer than this version "
                         f"of Open Roles understands ({SCHEMA_VERSION}); it was left untouched.")
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _WRITE_LOCK)
        await conn.execute("CREATE TABLE IF NOT EXISTS open_roles_schema (version INTEGER NOT NULL)")
        version = await _version(conn)
        for number, statements in enumerate(_MIGRATIONS[version:], start=version + 1):
            for statement in statements:
                await conn.execute(statement)
            await conn.execute("INSERT INTO open_roles_schema (version) VALUES ($1)", number)
