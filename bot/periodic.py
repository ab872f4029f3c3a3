"""Steps that `discord.ext.tasks` loops run again and again (new postings, due reminders)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from knowledge.errors import OpenRolesError

log = logging.getLogger(__name__)


async def run_step(step: Callable[[], Awaitable[object]], what: str) -> None:
    """Run one step of a loop. Never raises: an exception would end the loop for good, so it is logged
    (a store error as a warning) and the next step tries again."""
    try:
        await step()
    except OpenRolesError as exc:
        log.warning("Could not %s: %s", what, exc)
    except Exception:
        log.exception("Could not %s", what)
