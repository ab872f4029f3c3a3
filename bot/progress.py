"""A long sync's progress in Discord: the deferred "thinking" message is edited as the sync goes."""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

import discord

from knowledge.store import SyncProgress

DELAY = 2.0
"""Seconds a sync runs before its progress is shown (a quick one just gets its report)."""
INTERVAL = 2.0
"""Seconds between edits: well inside Discord's rate limit for editing one message."""


def describe(progress: SyncProgress) -> str:
    """ "Reloading the postings: parsing 1,200 of 2,736 files (43%)…"."""
    if progress.total <= 0:
        return f"Reloading the postings: {progress.stage.value}…"
    percent = 100 * progress.done // progress.total
    return (f"Reloading the postings: {progress.stage.value} {progress.done:,} of {progress.total:,} "
            f"files ({percent}%)…")


class ProgressMessage:
    """Shows a sync's progress in one message: the interaction's deferred response, edited every
    `INTERVAL` seconds once the sync has run `DELAY` seconds; `finish` then puts the report there.

    Use it as the sync's `on_progress` inside `async with`. Never raises for a failed edit.
    """

    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction
        self._latest: SyncProgress | None = None  # set from the sync's worker threads: one assignment
        self._shown: SyncProgress | None = None
        self._task: asyncio.Task[None] | None = None

    def __call__(self, progress: SyncProgress) -> None:
        self._latest = progress

    async def __aenter__(self) -> ProgressMessage:
        self._task = asyncio.create_task(self._show())
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def finish(self, *, embed: discord.Embed) -> None:
        """Show the sync's report: in the progress message when there is one, else as the reply."""
        if self._shown is not None:
            await self._interaction.edit_original_response(content=None, embed=embed)
        else:
            await self._interaction.followup.send(embed=embed, ephemeral=True)

    async def _show(self) -> None:
        await asyncio.sleep(DELAY)
        while True:
            latest = self._latest
            if latest is not None and latest != self._shown:
                self._shown = latest  # first: `finish` must edit this message even if cancelled mid-edit
                try:
                    await self._interaction.edit_original_response(content=describe(latest))
                except discord.HTTPException:
                    self._shown = None
                    return  # progress is a courtesy; the report still comes
            await asyncio.sleep(INTERVAL)
