"""What is new to a server and who wants to hear of it: the postings a server has not seen, the alerts
(saved `/jobs` filters) they match, and when a deadline reminder is due. No Discord here.

A server "sees" the shared postings and its own uploads (`Engine.postings`). Which of them it has seen
already is kept in the store (`CommunityStore.claim_new`), so a restart or an unchanged reload finds
nothing new, and a posting is new to a server once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.community import CommunityStore
from knowledge.models import Posting, PostingStatus
from retrieval.engine import Engine, scope_of
from retrieval.format import format_date
from retrieval.jobs import filter_jobs
from retrieval.request import Filters

__all__ = ["ReminderPlan", "ReminderRefused", "alert_matches", "claim_new_postings", "plan_reminder",
           "start_watching"]


class ReminderRefused(Exception):
    """A posting a deadline reminder cannot be set for; the message says why, for the member."""


async def visible_postings(engine: Engine, guild_id: int) -> list[Posting]:
    """The postings a server's members see (its view is built off the event loop when needed)."""
    return await asyncio.to_thread(engine.postings, guild_id=guild_id)


async def start_watching(engine: Engine, store: CommunityStore, guild_id: int) -> None:
    """Record what a server sees now, so that only postings added later are new to it. Does nothing
    for a server already watched (an alert or announcement channel set before): its record is current.
    Call it before the alert or channel that makes the server watched is saved."""
    if not await store.is_watched(guild_id):
        await store.mark_seen(guild_id, [p.id for p in await visible_postings(engine, guild_id)])


async def claim_new_postings(engine: Engine, store: CommunityStore, guild_id: int) -> list[Posting]:
    """The postings the server sees that it had not seen, now recorded as seen (each claimed once)."""
    postings = {p.id: p for p in await visible_postings(engine, guild_id)}
    claimed = await store.claim_new(guild_id, postings.keys())
    return [postings[pid] for pid in claimed]


async def alert_matches(engine: Engine, filters: Filters, postings: Sequence[Posting],
                        guild_id: int) -> list[Posting]:
    """Those of `postings` (seen by `guild_id`) passing `filters`, as `/jobs` would list them."""
    if not postings:
        return []
    today = engine.today()

    def run() -> list[Posting]:
        view = engine.snapshot.view(scope_of(guild_id))
        result = filter_jobs(postings, view.index, filters, today)
        return [match.posting for match in result.matches]

    return await asyncio.to_thread(run)


@dataclass(frozen=True)
class ReminderPlan:
    """When to remind a member of a posting's deadline."""

    deadline: dt.date
    remind_on: dt.date


def plan_reminder(posting: Posting, days_before: int, today: dt.date) -> ReminderPlan:
    """A reminder `days_before` `posting`'s deadline (today, when that day is past).

    Raises `ReminderRefused` for a posting without a dated deadline (rolling or unstated) or closed.
    """
    deadline = posting.deadline
    if deadline is None:
        raise ReminderRefused("That posting states no deadline, so there is nothing to remind you of.")
    if deadline.date is None:
        if deadline.rolling:
            raise ReminderRefused("That posting is open until filled (rolling), so it has no deadline to "
                                  "remind you of. Apply soon.")
        raise ReminderRefused("That posting gives no date for its deadline, so I can't schedule a reminder.")
    if posting.status(today) is PostingStatus.CLOSED:
        raise ReminderRefused(f"That posting closed on {format_date(deadline.date)}.")
    return ReminderPlan(deadline.date, max(today, deadline.date - dt.timedelta(days=days_before)))
