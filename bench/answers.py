"""`python -m bench.answers`: the whole-answer part of `python -m bench` alone, question by question.

The bench's generated postings (or a folder of posting files) go through the real parser into a store,
an `Engine` starts from it, and the bench's engine questions are asked on its snapshot, each timed in
wall and CPU time (`time.thread_time`, which other processes' load does not inflate). It prints
p50/p99 of both, the slowest questions, and optionally profiles them (`--profile`) or writes every
answer's text and citations (`--dump`) so two versions of the code can be diffed answer for answer.
`--db` keeps the store between runs (the sync of 100k passages takes a minute).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import generate_postings, questions
from bench.engine_hooks import TODAY, percentiles_ms
from knowledge.store import Store
from retrieval.engine import Engine, Snapshot
from retrieval.models import Answer


async def _snapshot(db: Path, postings_dir: Path | None, size: int, seed: int) -> tuple[Snapshot, list[str]]:
    """The engine's snapshot over the store at `db` (filled first if empty), and the questions to ask."""
    generated = generate_postings(size, seed=seed) if postings_dir is None else []
    async with await Store.open(db) as store:
        if not await store.revisions():
            with tempfile.TemporaryDirectory() as tmp:
                directory = postings_dir
                if directory is None:
                    directory = Path(tmp)
                    for posting in generated:
                        (directory / posting.source).write_text(posting.text, encoding="utf-8")
                await store.sync_directory(directory, today=TODAY)
        engine = Engine(store, today=lambda: TODAY)
        await engine.start()
        snapshot = engine.snapshot
        engine.close()
    return snapshot, questions(generated, 300, seed=seed + 1) if generated else []


def _ask(snapshot: Snapshot, question: str) -> tuple[Answer, int, int]:
    """The answer, and the nanoseconds of wall and CPU time it took."""
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    answer = snapshot.ask(question, TODAY)
    return answer, time.perf_counter_ns() - wall, time.thread_time_ns() - cpu


def _dumped(question: str, answer: Answer) -> str:
    cited = [(c.posting_id, c.start_line, c.end_line) for c in answer.citations]
    return json.dumps({"q": question, "answer": answer.answer, "kind": answer.kind, "cited": cited})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="passages generated (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--questions", type=int, default=200,
                        help="the bench's engine questions asked (default 200)")
    parser.add_argument("--ask", type=Path, default=None,
                        help="ask these questions instead (a .jsonl of {\"q\": …} or one per line)")
    parser.add_argument("--postings", type=Path, default=None,
                        help="a folder of posting files instead of generated postings")
    parser.add_argument("--db", type=Path, default=None,
                        help="the store to use, filled on first use and reused (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3, help="times each question is asked; the least "
                        "time counts (default 3)")
    parser.add_argument("--slowest", type=int, default=10, help="slowest questions listed (default 10)")
    parser.add_argument("--profile", action="store_true", help="cProfile the slowest questions")
    parser.add_argument("--dump", type=Path, default=None, help="write each answer as a JSON line here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "store.db"
        snapshot, asked = asyncio.run(_snapshot(db, args.postings, args.size, args.seed))
    if args.ask is not None:
        lines = [line for line in args.ask.read_text(encoding="utf-8").splitlines() if line.strip()]
        asked = [json.loads(line)["q"] if line.lstrip().startswith("{") else line for line in lines]
    asked = asked[:args.questions]
    for question in asked[:10]:  # warm-up, as the bench does
        snapshot.ask(question, TODAY)
    walls: list[int] = []
    cpus: list[int] = []
    dumped: list[str] = []
    for question in asked:
        runs = [_ask(snapshot, question) for _ in range(max(args.repeat, 1))]
        walls.append(min(r[1] for r in runs))
        cpus.append(min(r[2] for r in runs))
        dumped.append(_dumped(question, runs[0][0]))
    if args.dump is not None:
        args.dump.write_text("\n".join(dumped) + "\n", encoding="utf-8")
    load = os.getloadavg()
    print(f"{len(snapshot.postings):,} postings, {len(snapshot.index):,} passages, {len(asked)} questions "
          f"(least of {args.repeat}); load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    for label, samples in (("wall", walls), ("CPU", cpus)):
        p50, p99 = percentiles_ms(samples)
        print(f"ask p50 / p99 ms, {label}: {p50:.2f} / {p99:.2f} (max {max(samples) / 1e6:.2f})")
    slowest = sorted(range(len(asked)), key=lambda i: cpus[i], reverse=True)[:args.slowest]
    for i in slowest:
        print(f"  {cpus[i] / 1e6:8.2f} ms CPU  {walls[i] / 1e6:8.2f} ms wall  {asked[i]}")
    if args.profile:
        for i in slowest:
            profile = cProfile.Profile()
            profile.runcall(snapshot.ask, asked[i], TODAY)
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(f"\n=== {asked[i]}\n{out.getvalue()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
