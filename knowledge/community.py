"""What members and moderators ask the bot to push to them: announcement channels, the postings each
server has already been told about, alerts (saved `/jobs` filters), deadline reminders and the notes
owed to members whose direct messages are closed.

Plain data only (server, channel and user ids; filters as JSON): no Discord here. `CommunityStore` is
mixed into both stores; its SQL is written once with `?` placeholders and run by three primitives that
each store implements (`knowledge.store.Store` on SQLite, `knowledge.pgstore.PostgresStore`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DM_SCOPE = 0
"""The `guild_id` of a reminder set in a direct message (it sees the shared postings)."""

_TABLES: tuple[str, ...] = (
    """CREATE TABLE announce_channels (
        guild_id   {snowflake} PRIMARY KEY,
        channel_id {snowflake} NOT NULL,
        set_at     TEXT NOT NULL
    )""",
    """CREATE TABLE seen_postings (
        guild_id   {snowflake} NOT NULL,
        posting_id TEXT NOT NULL,
        seen_at    TEXT NOT NULL,
        PRIMARY KEY (guild_id, posting_id)
    )""",
    """CREATE TABLE alerts (
        id         {serial},
        guild_id   {snowflake} NOT NULL,
        user_id    {snowflake} NOT NULL,
        filters    TEXT NOT NULL,
        created_at TEXT NOT NULL,
        paused     INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX alerts_by_user ON alerts (user_id, id)",
    "CREATE INDEX alerts_by_guild ON alerts (guild_id, id)",
    """CREATE TABLE reminders (
        id          {serial},
        guild_id    {snowflake} NOT NULL,
        user_id     {snowflake} NOT NULL,
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
        user_id {snowflake} PRIMARY KEY,
        at      TEXT NOT NULL
    )""",
)


def _migration(snowflake: str, serial: str) -> tuple[str, ...]:
    return tuple(statement.format(snowflake=snowflake, serial=serial) for statement in _TABLES)


SQLITE_MIGRATION = _migration("INTEGER", "INTEGER PRIMARY KEY AUTOINCREMENT")
"""SQLite migration 4: announcement channels, seen postings, alerts, reminders, owed DM notes."""
POSTGRES_MIGRATION = _migration("BIGINT", "BIGSERIAL PRIMARY KEY")
"""PostgreSQL migration 2: the same tables, with 64-bit ids (Discord snowflakes)."""


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

    # ----- primitives (each store implements them) -------------------------------------------------

    async def _community_execute(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run one writing statement; the number of rows it changed."""
        raise NotImplementedError

    async def _community_executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        """Run one writing statement for each of `rows`, in one transaction."""
        raise NotImplementedError

    async def _community_fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of one query."""
        raise NotImplementedError

    def _now(self) -> str:
        return str(self._clock().isoformat())

    # ----- announcements and the postings each server was told of ---------------------------------

    async def set_announce_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Announce `guild_id`'s new postings in `channel_id` from now on (None: stop announcing)."""
        if channel_id is None:
            await self._community_execute("DELETE FROM announce_channels WHERE guild_id = ?", (guild_id,))
            return
        await self._community_execute(
            "INSERT INTO announce_channels (guild_id, channel_id, set_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, set_at = excluded.set_at",
            (guild_id, channel_id, self._now()))

    async def announce_channels(self) -> dict[int, int]:
        """Server id -> the channel its new postings are announced in."""
        rows = await self._community_fetch("SELECT guild_id, channel_id FROM announce_channels")
        return {int(guild): int(channel) for guild, channel in rows}

    async def watched_guilds(self) -> set[int]:
        """The servers whose new postings something waits for (an announcement channel or an alert)."""
        rows = await self._community_fetch(
            "SELECT guild_id FROM announce_channels UNION SELECT guild_id FROM alerts")
        return {int(guild) for guild, in rows}

    async def mark_seen(self, guild_id: int, posting_ids: Collection[str]) -> None:
        """Record that `guild_id` has seen `posting_ids` (none of them will be new to it)."""
        now = self._now()
        await self._community_executemany(
            "INSERT INTO seen_postings (guild_id, posting_id, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, posting_id) DO NOTHING",
            [(guild_id, pid, now) for pid in sorted(posting_ids)])

    async def claim_new(self, guild_id: int, posting_ids: Collection[str]) -> list[str]:
        """Those of `posting_ids` that `guild_id` had not seen, now recorded as seen. Each id is claimed
        once, even by several processes at a time."""
        rows = await self._community_fetch("SELECT posting_id FROM seen_postings WHERE guild_id = ?",
                                           (guild_id,))
        seen = {str(pid) for pid, in rows}
        claimed = []
        now = self._now()
        for pid in sorted(set(posting_ids) - seen):
            if await self._community_execute(
                    "INSERT INTO seen_postings (guild_id, posting_id, seen_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (guild_id, posting_id) DO NOTHING", (guild_id, pid, now)):
                claimed.append(pid)
        return claimed

    async def has_seen(self, guild_id: int) -> bool:
        """Whether `guild_id` has a record of the postings it has seen."""
        rows = await self._community_fetch("SELECT 1 FROM seen_postings WHERE guild_id = ? LIMIT 1",
                                           (guild_id,))
        return bool(rows)

    # ----- alerts ----------------------------------------------------------------------------------

    async def add_alert(self, guild_id: int, user_id: int, filters: str, *, limit: int) -> Alert | None:
        """Save an alert; None when the member already has `limit` alerts in that server."""
        if len(await self.alerts(user_id, guild_id=guild_id)) >= limit:
            return None
        rows = await self._community_fetch(
            "INSERT INTO alerts (guild_id, user_id, filters, created_at) VALUES (?, ?, ?, ?) RETURNING id",
            (guild_id, user_id, filters, self._now()))
        return Alert(id=int(rows[0][0]), guild_id=guild_id, user_id=user_id, filters=filters, paused=False)

    async def alerts(self, user_id: int, *, guild_id: int | None = None) -> list[Alert]:
        """A member's alerts (in one server, or everywhere), oldest first."""
        if guild_id is None:
            rows = await self._community_fetch(
                "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE user_id = ? ORDER BY id",
                (user_id,))
        else:
            rows = await self._community_fetch(
                "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE user_id = ? "
                "AND guild_id = ? ORDER BY id", (user_id, guild_id))
        return [_alert(row) for row in rows]

    async def guild_alerts(self, guild_id: int) -> list[Alert]:
        """The active (not paused) alerts of one server, oldest first."""
        rows = await self._community_fetch(
            "SELECT id, guild_id, user_id, filters, paused FROM alerts WHERE guild_id = ? AND paused = 0 "
            "ORDER BY id", (guild_id,))
        return [_alert(row) for row in rows]

    async def remove_alert(self, user_id: int, alert_id: int) -> bool:
        """Delete one of a member's alerts; False if they have none with that id."""
        return bool(await self._community_execute("DELETE FROM alerts WHERE id = ? AND user_id = ?",
                                                  (alert_id, user_id)))

    async def pause_alerts(self, user_id: int) -> None:
        """Pause a member's alerts because a DM to them failed, and owe them a note saying so."""
        await self._community_execute("UPDATE alerts SET paused = 1 WHERE user_id = ?", (user_id,))
        await self._community_execute(
            "INSERT INTO dm_notices (user_id, at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, self._now()))

    async def resume_alerts(self, user_id: int) -> int:
        """Resume a member's paused alerts; how many were paused."""
        await self._community_execute("DELETE FROM dm_notices WHERE user_id = ?", (user_id,))
        return await self._community_execute("UPDATE alerts SET paused = 0 WHERE user_id = ? AND paused = 1",
                                             (user_id,))

    async def take_dm_notice(self, user_id: int) -> bool:
        """Whether a note about closed DMs is owed to the member; True once (the note is then given)."""
        return bool(await self._community_execute("DELETE FROM dm_notices WHERE user_id = ?", (user_id,)))

    # ----- reminders -------------------------------------------------------------------------------

    async def set_reminder(self, guild_id: int, user_id: int, posting_id: str, *, days_before: int,
                           deadline: dt.date, remind_on: dt.date) -> None:
        """Save a reminder, replacing the member's earlier one for the same posting."""
        await self._community_execute(
            "INSERT INTO reminders (guild_id, user_id, posting_id, days_before, deadline, remind_on, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, guild_id, posting_id) DO UPDATE "
            "SET days_before = excluded.days_before, deadline = excluded.deadline, "
            "remind_on = excluded.remind_on, created_at = excluded.created_at, sent_at = NULL",
            (guild_id, user_id, posting_id, days_before, deadline.isoformat(), remind_on.isoformat(),
             self._now()))

    async def reminders(self, user_id: int) -> list[Reminder]:
        """A member's reminders not sent yet, soonest first."""
        rows = await self._community_fetch(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders WHERE user_id = ? AND sent_at IS NULL "
            "ORDER BY remind_on, id", (user_id,))
        return [_reminder(row) for row in rows]

    async def due_reminders(self, today: dt.date) -> list[Reminder]:
        """The reminders to send on or before `today` and not sent yet, oldest first."""
        rows = await self._community_fetch(
            f"SELECT {_REMINDER_COLUMNS} FROM reminders WHERE sent_at IS NULL AND remind_on <= ? "
            "ORDER BY remind_on, id", (today.isoformat(),))
        return [_reminder(row) for row in rows]

    async def claim_reminder(self, reminder_id: int) -> bool:
        """Mark a reminder sent; False if it was already (by another process): it is sent once."""
        return bool(await self._community_execute(
            "UPDATE reminders SET sent_at = ? WHERE id = ? AND sent_at IS NULL", (self._now(), reminder_id)))

    async def reschedule_reminder(self, reminder_id: int, *, deadline: dt.date, remind_on: dt.date) -> None:
        """Move a reminder to a posting's changed deadline."""
        await self._community_execute("UPDATE reminders SET deadline = ?, remind_on = ? WHERE id = ?",
                                      (deadline.isoformat(), remind_on.isoformat(), reminder_id))

    async def remove_reminder(self, user_id: int, reminder_id: int) -> bool:
        """Delete one of a member's reminders; False if they have none with that id."""
        return bool(await self._community_execute("DELETE FROM reminders WHERE id = ? AND user_id = ?",
                                                  (reminder_id, user_id)))


_REMINDER_COLUMNS = "id, guild_id, user_id, posting_id, days_before, deadline, remind_on"


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
