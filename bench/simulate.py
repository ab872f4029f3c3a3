"""`python -m bench.simulate --database-url postgresql://…`: several bot processes on one store.

N answering processes (each an `Engine` following the store, as a shard process does) ask questions at
a fixed total rate while one more process changes the postings every few seconds (an upload into a
server's collection, then its removal). Reported: questions answered per second, whole-answer p50/p99,
and propagation — how long after the writer's commit each answering process served the change.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

TODAY = dt.date(2026, 11, 23)
GUILD = 7
UPLOAD = "simulated-canvasser"
QUESTIONS = ("Which roles are remote?", "What does the Organizing Director pay?", "How do I apply to POP?",
             "When is the deadline for the Membership Organizer?", "Which jobs are in California?",
             "What benefits does Local Progress offer?", "Is the canvasser role part-time?")


def _posting(round_number: int) -> bytes:
    return (f"Canvasser (round {round_number})\nSimulated Tenants Union\nToledo, OH\n\nPay\n$21 per hour.\n\n"
            "How to apply\nEmail jobs@simulated.example by December 20, 2026.\n").encode()


async def _answer(url: str, rate: float, seconds: float, ready: Any, go: Any) -> dict[str, list[float]]:
    from knowledge.store import open_store
    from retrieval.engine import Engine

    async with await open_store(url) as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.start()
        follower = asyncio.create_task(engine.follow(interval=0.25))
        ready.set()
        await asyncio.to_thread(go.wait)
        latencies: list[float] = []
        seen: list[float] = []
        present = engine.find_posting(UPLOAD, guild_id=GUILD) is not None
        rng = random.Random()
        end = time.time() + seconds
        next_question = time.time()
        while time.time() < end:
            now = time.time()
            if (engine.find_posting(UPLOAD, guild_id=GUILD) is not None) != present:
                present = not present
                seen.append(now)
            if now >= next_question:
                begin = time.perf_counter()
                await engine.ask(rng.choice(QUESTIONS), guild_id=rng.choice((GUILD, None)))
                latencies.append((time.perf_counter() - begin) * 1000)
                next_question += 1 / rate
            await asyncio.sleep(0.005)
        follower.cancel()
        engine.close()
    return {"latencies": latencies, "seen": seen}


def _answer_process(url: str, rate: float, seconds: float, ready: Any, go: Any, results: Any) -> None:
    results.put(asyncio.run(_answer(url, rate, seconds, ready, go)))


async def _write(url: str, postings: Path, seconds: float, every: float, go: Any) -> list[float]:
    from knowledge.store import open_store
    from retrieval.engine import Engine

    commits: list[float] = []
    async with await open_store(url) as store:
        engine = Engine(store, today=lambda: TODAY)
        await engine.reload(postings)
        go.set()
        end = time.time() + seconds - every
        await asyncio.sleep(every)
        number = 0
        while time.time() < end:
            if number % 2 == 0:
                await engine.add(f"{UPLOAD}.txt", _posting(number), guild_id=GUILD)
            else:
                await engine.remove(UPLOAD, guild_id=GUILD)
            commits.append(time.time())
            await engine.reload(postings)  # and a reload of the shared folder, as a moderator would
            number += 1
            await asyncio.sleep(every)
        engine.close()
    return commits


def run(url: str, postings: Path, processes: int, rate: float, seconds: float,
        every: float) -> dict[str, str]:
    """Run the simulation against the store at `url`; the figures as a table row."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    ready = [context.Event() for _ in range(processes)]
    go = context.Event()
    workers = [context.Process(target=_answer_process,
                               args=(url, rate / processes, seconds, ready[i], go, results))
               for i in range(processes)]
    for worker in workers:
        worker.start()
    for event in ready:
        event.wait(300)
    commits = asyncio.run(_write(url, postings, seconds, every, go))
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(60)
    latencies = [x for outcome in outcomes for x in outcome["latencies"]]
    delays = _propagation(commits, [outcome["seen"] for outcome in outcomes])
    return {
        "answering processes": str(processes),
        "questions/s asked (total)": f"{rate:g}",
        "questions/s answered": f"{len(latencies) / seconds:.1f}",
        "answer p50 / p99 ms": f"{np.percentile(latencies, 50):.1f} / {np.percentile(latencies, 99):.1f}"
        if latencies else "–",
        "changes (upload or removal, each with a reload)": str(len(commits)),
        "propagation p50 / max s": f"{statistics.median(delays):.2f} / {max(delays):.2f}" if delays else "–",
    }


def _propagation(commits: Sequence[float], seen_by_process: Sequence[Sequence[float]]) -> list[float]:
    """For each process and change, the delay from the commit to the process serving it."""
    delays = []
    for seen in seen_by_process:
        for commit, served in zip(commits, seen, strict=False):
            delays.append(served - commit)
    return delays


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.simulate", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgresql://… (or an SQLite file path)")
    parser.add_argument("--processes", type=int, default=3, help="answering processes (default 3)")
    parser.add_argument("--rate", type=float, default=30.0, help="questions/s in total (default 30)")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration (default 30)")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between changes (default 3)")
    args = parser.parse_args(argv)
    postings = Path(__file__).resolve().parent.parent / "knowledge" / "postings"
    row = run(args.database_url, postings, args.processes, args.rate, args.seconds, args.every)
    width = max(len(k) for k in row)
    for key, value in row.items():
        print(f"| {key.ljust(width)} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
