"""The community tables (announcement channels, seen postings, alerts, reminders, DM notes) on both stores,
and their migrations (SQLite 4, PostgreSQL 2) from a database written before them."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from pg_server import fresh_database

from knowledge import pgstore
from knowledge import store as sqlite_store
from knowledge.community import STATEMENTS, Statement
from knowledge.pgstore import PostgresStore
from knowledge.store import SCHEMA_VERSION, Store

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
GUILD, OTHER, USER = 1_300_000_000_000_000_001, 1_300_000_000_000_000_002, 1_300_000_000_000_000_003
DAY = dt.date(2026, 12, 1)


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh store on each backend."""
    if request.param == "sqlite":
        async with await Store.open(tmp_path / "open-roles.db", clock=lambda: NOW) as opened:
            yield opened
        return
    async with fresh_database(request.getfixturevalue("postgres_url")) as url, \
            await PostgresStore.open(url, clock=lambda: NOW) as opened:
        yield opened


async def test_announce_channel_is_set_replaced_and_cleared(store: Store) -> None:
    """Should keep one channel per server, replace it, and forget it when cleared."""
    await store.set_announce_channel(GUILD, 10)
    await store.set_announce_channel(GUILD, 11)
    await store.set_announce_channel(OTHER, 12)
    assert await store.announce_channels() == {GUILD: 11, OTHER: 12}
    await store.set_announce_channel(OTHER, None)
    assert await store.announce_channels() == {GUILD: 11}
    assert await store.watched_guilds() == {GUILD}


async def test_new_postings_are_claimed_once_per_server(store: Store) -> None:
    """Should return only the ids a server had not seen, once, and keep servers apart."""
    await store.mark_seen(GUILD, ["a", "b"])
    await store.set_announce_channel(GUILD, 10)
    assert await store.is_watched(GUILD) and not await store.is_watched(OTHER)
    assert await store.claim_new(GUILD, ["a", "b", "c"]) == ["c"]
    assert await store.claim_new(GUILD, ["a", "b", "c"]) == []
    assert await store.claim_new(OTHER, ["a", "c"]) == ["a", "c"]


async def test_alerts_are_capped_listed_removed_and_paused(store: Store) -> None:
    """Should cap a member's alerts per server, remove only their own, pause them and owe one note."""
    first = await store.add_alert(GUILD, USER, '{"query": "organizer"}', limit=2)
    second = await store.add_alert(GUILD, USER, "{}", limit=2)
    assert first is not None and second is not None
    assert await store.add_alert(GUILD, USER, "{}", limit=2) is None
    assert await store.add_alert(OTHER, USER, "{}", limit=2) is not None
    assert [a.id for a in await store.alerts(USER, guild_id=GUILD)] == [first.id, second.id]
    assert await store.watched_guilds() == {GUILD, OTHER}
    assert not await store.remove_alert(USER + 1, first.id)
    assert await store.remove_alert(USER, first.id)
    await store.pause_alerts(USER)
    assert await store.guild_alerts(GUILD) == []
    assert all(a.paused for a in await store.alerts(USER))
    assert await store.take_dm_notice(USER) and not await store.take_dm_notice(USER)
    assert await store.resume_alerts(USER) == 2
    assert [a.id for a in await store.guild_alerts(GUILD)] == [second.id]


async def test_reminders_are_due_once_and_replaced_per_posting(store: Store) -> None:
    """Should list a reminder from its day on, send it once, and replace a member's earlier one."""
    await store.set_reminder(GUILD, USER, "p", days_before=3, deadline=DAY, remind_on=DAY - dt.timedelta(3))
    await store.set_reminder(GUILD, USER, "p", days_before=1, deadline=DAY, remind_on=DAY - dt.timedelta(1))
    assert await store.due_reminders(DAY - dt.timedelta(2)) == []
    (due,) = await store.due_reminders(DAY)
    assert (due.posting_id, due.days_before, due.deadline) == ("p", 1, DAY)
    assert [r.id for r in await store.reminders(USER)] == [due.id]
    assert await store.claim_reminder(due.id)
    assert not await store.claim_reminder(due.id)
    assert await store.due_reminders(DAY) == []


async def test_a_sqlite_database_from_version_3_gains_the_tables(tmp_path: Path) -> None:
    """Should migrate a version-3 database to the current version, keeping what it held."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        for statements in sqlite_store._MIGRATIONS[:3]:
            for statement in statements:
                db.execute(statement)
        db.execute("INSERT INTO audit (at, actor, action, detail) VALUES ('2026-01-01', 'mod', 'add', 'x')")
        db.execute("PRAGMA user_version = 3")
    async with await Store.open(path, clock=lambda: NOW) as opened:
        assert await opened.schema_version() == SCHEMA_VERSION
        assert [e.action for e in await opened.audit_log()] == ["add"]
        await opened.set_announce_channel(GUILD, 10)
        assert await opened.announce_channels() == {GUILD: 10}


async def test_a_postgres_database_from_version_1_gains_the_tables(postgres_url: str) -> None:
    """Should migrate a version-1 PostgreSQL database, keeping what it held."""
    async with fresh_database(postgres_url) as url:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("CREATE TABLE open_roles_schema (version INTEGER NOT NULL)")
            for statement in pgstore._MIGRATIONS[0]:
                await conn.execute(statement)
            await conn.execute("INSERT INTO open_roles_schema (version) VALUES (1)")
            await conn.execute(
                "INSERT INTO audit (at, actor, action, detail) VALUES ('2026-01-01', 'm', 'a', 'x')")
        finally:
            await conn.close()
        async with await PostgresStore.open(url, clock=lambda: NOW) as opened:
            assert await opened.schema_version() == pgstore.SCHEMA_VERSION
            assert [e.action for e in await opened.audit_log()] == ["a"]
            await opened.set_reminder(GUILD, USER, "p", days_before=3, deadline=DAY, remind_on=DAY)
            assert len(await opened.due_reminders(DAY)) == 1


def test_every_statement_has_its_sql() -> None:
    """Should give each `Statement` one literal statement, its placeholders numbered from $1 in order."""
    assert len(STATEMENTS) == len(Statement)
    for statement in Statement:
        numbers = [int(n) for n in re.findall(r"\$(\d+)", STATEMENTS[statement])]
        assert sorted(set(numbers)) == list(range(1, len(set(numbers)) + 1)), statement.name
        verb = STATEMENTS[statement].split()[0]
        assert verb in ("SELECT", "INSERT", "UPDATE", "DELETE"), statement.name
