"""Engine-level measurements: start-up, whole answers, event-loop lag during a reload, one added posting.

They run the real `retrieval.engine.Engine` over a `knowledge.store.Store` filled from the synthetic
postings written as text files (so the real parser runs). Any failure (for instance a part of the
engine not written yet) skips them with a note instead of failing the benchmark.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.models import Posting

TODAY = dt.date(2026, 11, 23)


def percentiles_ms(samples_ns: Sequence[int]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    values = np.array(samples_ns, dtype=np.float64) / 1e6
    return float(np.percentile(values, 50)), float(np.percentile(values, 99))


async def _lag_monitor(stop: asyncio.Event, lags: list[float]) -> None:
    """Sleep 1 ms at a time and record how late each wake-up is."""
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append(max(0.0, time.perf_counter() - start - 0.001))


async def _measure(postings: Sequence[Posting], questions: Sequence[str]) -> dict[str, float]:
    from knowledge.store import Store
    from retrieval.engine import Engine

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "postings"
        directory.mkdir()
        for posting in postings:
            (directory / posting.source).write_text(posting.text, encoding="utf-8")
        async with await Store.open(Path(tmp) / "store.db") as store:
            start = time.perf_counter()
            await store.sync_directory(directory, today=TODAY)
            out["store_sync_s"] = time.perf_counter() - start

            # The first start analyses every posting (and saves the analysis); a restart restores it
            # and, as the bot does, syncs the (unchanged) directory.
            start = time.perf_counter()
            await Engine(store, today=lambda: TODAY).start()
            out["first_start_s"] = time.perf_counter() - start
            engine = Engine(store, today=lambda: TODAY)
            start = time.perf_counter()
            await engine.start()
            await engine.reload(directory)
            out["startup_s"] = time.perf_counter() - start

            for question in questions[:10]:  # warm-up
                await engine.ask(question)
            samples = []
            for question in questions:
                begin = time.perf_counter_ns()
                await engine.ask(question)
                samples.append(time.perf_counter_ns() - begin)
            out["ask_p50_ms"], out["ask_p99_ms"] = percentiles_ms(samples)

            # Event-loop lag while questions and a full reload (one file changed) run concurrently.
            first = directory / postings[0].source
            first.write_text(postings[0].text + "\nUpdated.\n", encoding="utf-8")
            lags: list[float] = []
            stop = asyncio.Event()
            monitor = asyncio.create_task(_lag_monitor(stop, lags))

            async def asks() -> None:
                for question in questions:
                    await engine.ask(question)
                    await asyncio.sleep(0)

            await asyncio.gather(asks(), engine.reload(directory))
            stop.set()
            await monitor
            out["lag_p99_ms"] = float(np.percentile(lags, 99)) * 1000 if lags else 0.0
            out["lag_max_ms"] = max(lags, default=0.0) * 1000

            # Worst cases: a second engine starts (restoring the saved analysis) or analyses every
            # posting from scratch (a first start) while the first answers questions.
            for label, second in (("restart", store), ("full", _WithoutSavedAnalysis(store))):
                lags.clear()
                stop = asyncio.Event()
                monitor = asyncio.create_task(_lag_monitor(stop, lags))
                other = Engine(second, today=lambda: TODAY)  # type: ignore[arg-type]
                await asyncio.gather(asks(), other.start())
                stop.set()
                await monitor
                del other  # after the monitor: freeing a whole engine is the benchmark's doing
                out[f"{label}_lag_p99_ms"] = float(np.percentile(lags, 99)) * 1000 if lags else 0.0
                out[f"{label}_lag_max_ms"] = max(lags, default=0.0) * 1000

            text = ("Quokka Wrangler\nZephyr Collective\n\nResponsibilities:\n"
                    "- Wrangle quokkas on the zephyr islands.\n")
            start = time.perf_counter()
            adding = asyncio.create_task(engine.add("quokka-wrangler.txt", text.encode()))
            # Searchable once the new snapshot is swapped in; the add then saves the analysis.
            while not any(c.posting_id == "quokka-wrangler"
                          for c in (await engine.ask("Who wrangles quokkas?")).citations):
                await asyncio.sleep(0.01)
            out["add_searchable_s"] = time.perf_counter() - start
            await adding
            out["add_s"] = time.perf_counter() - start
    return out


class _WithoutSavedAnalysis:
    """A store whose saved analysis is never found (so an engine analyses every posting)."""

    def __init__(self, store: object) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    async def saved_analysis(self, key: str) -> None:
        return None

    async def save_analysis(self, key: str, data: bytes) -> None:
        return None


def engine_measurements(postings: Sequence[Posting],
                        questions: Sequence[str]) -> tuple[dict[str, float], str]:
    """The engine figures, or none and a note saying why they were skipped."""
    try:
        return asyncio.run(_measure(postings, questions)), ""
    except Exception as exc:  # any failure of a part still being written only skips these columns
        return {}, f"engine columns skipped: {type(exc).__name__}: {exc}".strip()
