"""What members and moderators ask the bot to push to them: announcement channels, the postings each
server has already been told about, alerts (saved `/jobs` filters), deadline reminders and the notes
owed to members whose direct messages are closed.

Plain data only (server, channel and user ids; filters as JSON): no Discord here. `CommunityStore` holds
the logic, written once; its statements (`STATEMENTS`, literal SQL with `$1`-style placeholders that both
SQLite and PostgreSQL read) are run by `SQLiteCommunity` (mixed into `knowledge.store.Store`) and
`PostgresCommunity` (into `knowledge.pgstore.PostgresStore`). The tables are SQLite migration 4 and
PostgreSQL migration 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import aiosqlite

DM_SCOPE = 0
"""The `guild_id` of a reminder set in a direct message (it sees the shared postings)."""


class Statement(IntEnum):
    """The statements of `STATEMENTS`, by position."""

    CLEAR_CHANNEL = 0
    SET_CHANNEL = 1
    CHANNELS = 2
    WATCHED = 3
    MARK_SEEN = 4
    SEEN = 5
    IS_WATCHED = 6
    ADD_ALERT = 7
    ALERTS = 8
    ALERTS_IN_GUILD = 9
    ACTIVE_ALERTS = 10
    REMOVE_ALERT = 11
    PAUSE_ALERTS = 12
    OWE_NOTE = 13
    TAKE_NOTE = 14
    RESUME_ALERTS = 15
    SET_REMINDER = 16
    REMINDERS = 17
    DUE_REMINDERS = 18
    CLAIM_REMINDER = 19
    RESCHEDULE_REMINDER = 20
    REMOVE_REMINDER = 21
    NOTE_OWED = 22


STATEMENTS = (
    # CLEAR_CHANNEL
    "DELETE FROM announce_channels WHERE guild_id = $1",
    # SET_CHANNEL
    "INSERT INTO announce_channels (guild_id, channel_id, set_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, set_at = excluded.set_at",
    # CHANNELS
    "SELECT guild_id, channel_id FROM announce_channels",
    # WATCHED
    "SELECT guild_id FROM announce_channels UNION SELECT guild_id FROM alerts",
    # MARK_SEEN
    "INSERT INTO seen_postings (guild_id, posting_id, seen_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (guild_id, posting_id) DO NOTHING",
    # SEEN
    "SELECT posting_id FROM seen_postings WHERE guild_id = $1",
    # IS_WATCHED
    "SELECT 1 FROM announce_channels WHERE guild_id = $1 UNION SELECT 1 FROM alerts WHERE guild_id = $1",
    # ADD_ALERT
    "INSERT INTO alerts (guild_id, user_id, filters, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    # ALERTS
    "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE user_id = $1 ORDER BY id",
    # ALERTS_IN_GUILD
    "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE user_id = $1 AND guild_id = $2 "
    "ORDER BY id",
    # ACTIVE_ALERTS
    "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE guild_id = $1 AND paused = 0 "
    "ORDER BY id",
    # REMOVE_ALERT
    "DELETE FROM alerts WHERE id = $1 AND user_id = $2",
    # PAUSE_ALERTS
    "UPDATE alerts SET paused = 1 WHERE user_id = $1",
    # OWE_NOTE
    "INSERT INTO dm_notices (user_id, at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
    # TAKE_NOTE
    "DELETE FROM dm_notices WHERE user_id = $1",
    # RESUME_ALERTS
    "UPDATE alerts SET paused = 0 WHERE user_id = $1 AND paused = 1",
    # SET_REMINDER
    "INSERT INTO reminders (guild_id, user_id, posting_id, days_before, deadline, remind_on, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, guild_id, posting_id) DO UPDATE "
    "SET days_before = excluded.days_before, deadline = excluded.deadline, remind_on = excluded.remind_on, "
    "created_at = excluded.created_at, sent_at = NULL",
    # REMINDERS
    "SELECT id, guild_id, user_id, posting_id, days_before, deadline, remind_on FROM reminders "
    "WHERE user_id = $1 AND sent_at IS NULL ORDER BY remind_on, id",
    # DUE_REMINDERS
    "SELECT id, guild_id, user_id, posting_id, days_before, deadline, remind_on FROM reminders "
    "WHERE sent_at IS NULL AND remind_on <= $1 ORDER BY remind_on, id",
    # CLAIM_REMINDER
    "UPDATE reminders SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL",
    # RESCHEDULE_REMINDER
    "UPDATE reminders SET deadline = $1, remind_on = $2 WHERE id = $3",
    # REMOVE_REMINDER
    "DELETE FROM reminders WHERE id = $1 AND user_id = $2",
    # NOTE_OWED
    "SELECT 1 FROM dm_notices WHERE user_id = $1",
)
"""Literal SQL only, with values bound to `$1`, `$2`, …; indexed by `Statement`."""

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Alert:
    """A member's saved filters: they are sent a DM when a posting new to the server matches."""

    id: int
    guild_id: int
    user_id: int
    filters: str
    """`retrieval.request.Filters` as JSON."""
    paused: bool


@dataclass(frozen=True)
class Reminder:
    """A DM to send `days_before` a posting's deadline (on `remind_on`), once."""

    id: int
    guild_id: int
    user_id: int
    posting_id: str
    days_before: int
    deadline: dt.date
    remind_on: dt.date


class CommunityStore:
    """The store methods of announcements, alerts and reminders (mixed into both stores)."""

    _clock: Any

    # ----- primitives (`SQLiteCommunity`, `PostgresCommunity`) ------------------------------------

    async def _execute(self, statement: Statement, *params: object) -> int:
        """Run one writing statement; the number of rows it changed."""
        raise NotImplementedError

    async def _execute_many(self, statement: Statement, rows: Iterable[Sequence[object]]) -> None:
        """Run one writing statement for each of `rows`, in one transaction."""
        raise NotImplementedError

    async def _execute_each(self, statement: Statement, rows: Sequence[Sequence[object]]) -> list[int]:
        """Run one writing statement for each of `rows`, in one transaction; the rows each changed."""
        raise NotImplementedError

    async def _fetch(self, statement: Statement, *params: object, write: bool = False) -> list[Row]:
        """The rows of one query (`write`: an INSERT … RETURNING)."""
        raise NotImplementedError

    def _now(self) -> str:
        return str(self._clock().isoformat())

    # ----- announcements and the postings each server was told of ---------------------------------

    async def set_announce_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Announce `guild_id`'s new postings in `channel_id` from now on (None: stop announcing)."""
        if channel_id is None:
            await self._execute(Statement.CLEAR_CHANNEL, guild_id)
        else:
            await self._execute(Statement.SET_CHANNEL, guild_id, channel_id, self._now())

    async def announce_channels(self) -> dict[int, int]:
        """Server id -> the channel its new postings are announced in."""
        return {int(guild): int(channel) for guild, channel in await self._fetch(Statement.CHANNELS)}

    async def watched_guilds(self) -> set[int]:
        """The servers whose new postings something waits for (an announcement channel or an alert)."""
        return {int(guild) for guild, in await self._fetch(Statement.WATCHED)}

    async def mark_seen(self, guild_id: int, posting_ids: Collection[str]) -> None:
        """Record that `guild_id` has seen `posting_ids` (none of them will be new to it)."""
        now = self._now()
        await self._execute_many(Statement.MARK_SEEN, [(guild_id, pid, now) for pid in sorted(posting_ids)])

    async def claim_new(self, guild_id: int, posting_ids: Collection[str]) -> list[str]:
        """Those of `posting_ids` that `guild_id` had not seen, now recorded as seen. Each id is claimed
        once, even by several processes at a time."""
        seen = {str(pid) for pid, in await self._fetch(Statement.SEEN, guild_id)}
        candidates = sorted(set(posting_ids) - seen)
        if not candidates:
            return []
        now = self._now()
        inserted = await self._execute_each(Statement.MARK_SEEN, [(guild_id, pid, now) for pid in candidates])
        return [pid for pid, count in zip(candidates, inserted, strict=True) if count]

    async def is_watched(self, guild_id: int) -> bool:
        """Whether something waits for `guild_id`'s new postings (an announcement channel or an alert);
        only then is its record of the postings it has seen kept up to date."""
        return bool(await self._fetch(Statement.IS_WATCHED, guild_id))

    # ----- alerts ----------------------------------------------------------------------------------

    async def add_alert(self, guild_id: int, user_id: int, filters: str, *, limit: int) -> Alert | None:
        """Save an alert; None when the member already has `limit` alerts in that server."""
        if len(await self.alerts(user_id, guild_id=guild_id)) >= limit:
            return None
        rows = await self._fetch(Statement.ADD_ALERT, guild_id, user_id, filters, self._now(), write=True)
        return Alert(id=int(rows[0][0]), guild_id=guild_id, user_id=user_id, filters=filters, paused=False)

    async def alerts(self, user_id: int, *, guild_id: int | None = None) -> list[Alert]:
        """A member's alerts (in one server, or everywhere), oldest first."""
        if guild_id is None:
            rows = await self._fetch(Statement.ALERTS, user_id)
        else:
            rows = await self._fetch(Statement.ALERTS_IN_GUILD, user_id, guild_id)
        return [_alert(row) for row in rows]

    async def guild_alerts(self, guild_id: int) -> list[Alert]:
        """The active (not paused) alerts of one server, oldest first."""
        return [_alert(row) for row in await self._fetch(Statement.ACTIVE_ALERTS, guild_id)]

    async def remove_alert(self, user_id: int, alert_id: int) -> bool:
        """Delete one of a member's alerts; False if they have none with that id."""
        return bool(await self._execute(Statement.REMOVE_ALERT, alert_id, user_id))

    async def pause_alerts(self, user_id: int) -> None:
        """Pause a member's alerts because a DM to them failed, and owe them a note saying so."""
        await self._execute(Statement.PAUSE_ALERTS, user_id)
        await self._execute(Statement.OWE_NOTE, user_id, self._now())

    async def resume_alerts(self, user_id: int) -> int:
        """Resume a member's paused alerts; how many were paused."""
        await self._execute(Statement.TAKE_NOTE, user_id)
        return await self._execute(Statement.RESUME_ALERTS, user_id)

    async def take_dm_notice(self, user_id: int) -> bool:
        """Whether a note about closed DMs is owed to the member; True once (the note is then given).
        Asked after every command, so the usual answer (no) costs one read, not a write."""
        if not await self._fetch(Statement.NOTE_OWED, user_id):
            return False
        return bool(await self._execute(Statement.TAKE_NOTE, user_id))

    # ----- reminders -------------------------------------------------------------------------------

    async def set_reminder(self, guild_id: int, user_id: int, posting_id: str, *, days_before: int,
                           deadline: dt.date, remind_on: dt.date) -> None:
        """Save a reminder, replacing the member's earlier one for the same posting."""
        await self._execute(Statement.SET_REMINDER, guild_id, user_id, posting_id, days_before,
                            deadline.isoformat(), remind_on.isoformat(), self._now())

    async def reminders(self, user_id: int) -> list[Reminder]:
        """A member's reminders not sent yet, soonest first."""
        return [_reminder(row) for row in await self._fetch(Statement.REMINDERS, user_id)]

    async def due_reminders(self, today: dt.date) -> list[Reminder]:
        """The reminders to send on or before `today` and not sent yet, oldest first."""
        return [_reminder(row) for row in await self._fetch(Statement.DUE_REMINDERS, today.isoformat())]

    async def claim_reminder(self, reminder_id: int) -> bool:
        """Mark a reminder sent; False if it was already (by another process): it is sent once."""
        return bool(await self._execute(Statement.CLAIM_REMINDER, self._now(), reminder_id))

    async def reschedule_reminder(self, reminder_id: int, *, deadline: dt.date, remind_on: dt.date) -> None:
        """Move a reminder to a posting's changed deadline."""
        await self._execute(Statement.RESCHEDULE_REMINDER, deadline.isoformat(), remind_on.isoformat(),
                            reminder_id)

    async def remove_reminder(self, user_id: int, reminder_id: int) -> bool:
        """Delete one of a member's reminders; False if they have none with that id."""
        return bool(await self._execute(Statement.REMOVE_REMINDER, reminder_id, user_id))


class SQLiteCommunity(CommunityStore):
    """`CommunityStore` on the SQLite store's connection (`$n` placeholders bound by name)."""

    _conn: asyncio.Lock
    _db: aiosqlite.Connection

    if TYPE_CHECKING:
        def _transaction(self) -> contextlib.AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def _execute(self, statement: Statement, *params: object) -> int:
        async with self._transaction() as db:
            cursor = await db.execute(STATEMENTS[statement], _named(params))
            return int(cursor.rowcount)

    async def _execute_many(self, statement: Statement, rows: Iterable[Sequence[object]]) -> None:
        async with self._transaction() as db:
            await db.executemany(STATEMENTS[statement], [_named(row) for row in rows])

    async def _execute_each(self, statement: Statement, rows: Sequence[Sequence[object]]) -> list[int]:
        async with self._transaction() as db:
            return [int((await db.execute(STATEMENTS[statement], _named(row))).rowcount) for row in rows]

    async def _fetch(self, statement: Statement, *params: object, write: bool = False) -> list[Row]:
        if write:
            async with self._transaction() as db:
                rows = await db.execute_fetchall(STATEMENTS[statement], _named(params))
        else:
            async with self._conn:
                rows = await self._db.execute_fetchall(STATEMENTS[statement], _named(params))
        return [tuple(row) for row in rows]


class PostgresCommunity(CommunityStore):
    """`CommunityStore` on the PostgreSQL store's pool (asyncpg reads `$n` placeholders natively)."""

    _pg: Any

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[Any]:
        async with self._pg.acquire() as conn:
            yield conn

    async def _execute(self, statement: Statement, *params: object) -> int:
        async with self._connection() as conn:
            return _row_count(await conn.execute(STATEMENTS[statement], *params))

    async def _execute_each(self, statement: Statement, rows: Sequence[Sequence[object]]) -> list[int]:
        async with self._connection() as conn, conn.transaction():
            return [_row_count(await conn.execute(STATEMENTS[statement], *row)) for row in rows]

    async def _execute_many(self, statement: Statement, rows: Iterable[Sequence[object]]) -> None:
        async with self._connection() as conn, conn.transaction():
            await conn.executemany(STATEMENTS[statement], [tuple(row) for row in rows])

    async def _fetch(self, statement: Statement, *params: object, write: bool = False) -> list[Row]:
        async with self._connection() as conn:
            return [tuple(row) for row in await conn.fetch(STATEMENTS[statement], *params)]


def _row_count(status: str) -> int:
    """The rows a PostgreSQL command changed, from its tag: "UPDATE 2", "INSERT 0 1", "DELETE 0"."""
    return int(status.rsplit(" ", 1)[-1]) if status and status[-1].isdigit() else 0


def _named(params: Sequence[object]) -> dict[str, object]:
    """Values for SQLite's `$1`, `$2`, … placeholders (named parameters "1", "2", …)."""
    return {str(number): value for number, value in enumerate(params, start=1)}


def _alert(row: Sequence[Any]) -> Alert:
    alert_id, guild_id, user_id, filters, paused = row
    return Alert(id=int(alert_id), guild_id=int(guild_id), user_id=int(user_id), filters=str(filters),
                 paused=bool(paused))


def _reminder(row: Sequence[Any]) -> Reminder:
    reminder_id, guild_id, user_id, posting_id, days, deadline, remind_on = row
    return Reminder(id=int(reminder_id), guild_id=int(guild_id), user_id=int(user_id),
                    posting_id=str(posting_id), days_before=int(days),
                    deadline=dt.date.fromisoformat(str(deadline)),
                    remind_on=dt.date.fromisoformat(str(remind_on)))
