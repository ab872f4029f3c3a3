"""`python -m bench --sizes 1000,10000,100000`: retrieval speed, memory and exactness as Markdown.

For each corpus size (in passages) it generates a deterministic synthetic corpus, builds the engine's
index, rank-bm25's `BM25Okapi` (the reference) and an SQLite FTS5 table (plus bm25s and tantivy when
installed), runs the same realistic questions through each, and checks that the engine's top-10 ids
and scores equal rank-bm25's. Engine-level figures (whole answers, event-loop lag, start-up, adding a
posting) follow when the engine runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from bench.backends import (
    Backend,
    build_fts5,
    build_rank_bm25,
    engine_backend,
    fts5_backend,
    optional_backends,
    rank_bm25_backend,
)
from bench.corpus import generate_postings, questions
from bench.engine_hooks import engine_measurements, percentiles_ms
from bench.realworld import CORPUS, SIZE_NAME, real_postings
from bench.servers import measure as measure_servers
from bench.servers import parse_servers
from knowledge.models import Posting
from retrieval.index import PassageIndex

T = TypeVar("T")


def timed(build: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = build()
    return value, time.perf_counter() - start


def traced_mb(build: Callable[[], object]) -> tuple[float, float]:
    """Memory (MB) the built object holds once built, and the peak while building (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    value = build()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del value
    return current / 2**20, peak / 2**20


def latencies(backend: Backend, queries: Sequence[str]) -> tuple[float, float]:
    for query in queries[:20]:  # warm-up: caches, lazy imports
        backend.search(query)
    samples = []
    for query in queries:
        start = time.perf_counter_ns()
        backend.search(query)
        samples.append(time.perf_counter_ns() - start)
    return percentiles_ms(samples)


def run_real(args: argparse.Namespace) -> tuple[dict[str, str] | None, list[str]]:
    """The row of the real corpus (its CLI reload, then the figures of `run_size`), or None and a note
    saying why it was skipped."""
    with tempfile.TemporaryDirectory() as tmp:
        postings, reload_figures, note = real_postings(Path(tmp), args.real_corpus)
    if not postings:
        return None, [note or f"{SIZE_NAME}: skipped, the reload stored no postings"]
    row, notes = run_postings(postings, args, label="real")
    return {**row, **reload_figures}, notes


def run_size(size: int, args: argparse.Namespace) -> tuple[dict[str, str], list[str]]:
    """One row of figures for a synthetic corpus of `size` passages, and notes."""
    return run_postings(generate_postings(size, seed=args.seed), args, label=f"{size:,}")


def run_postings(postings: list[Posting], args: argparse.Namespace,
                 label: str) -> tuple[dict[str, str], list[str]]:
    """One row of figures for `postings`, and notes (each prefixed with `label`)."""
    notes: list[str] = []
    queries = questions(postings, args.queries, seed=args.seed + 1)
    index, build_s = timed(lambda: PassageIndex.build(postings))
    row = {"passages": f"{len(index):,}", "postings": f"{len(postings):,}",
           "build s": f"{build_s:.2f}"}
    if args.memory:
        held, peak = traced_mb(lambda: PassageIndex.build(postings))
        row["index MB"], row["build peak MB"] = f"{held:.1f}", f"{peak:.1f}"

    results: dict[str, tuple[float, float]] = {}
    engine = engine_backend(index)
    results["engine"] = latencies(engine, queries)

    reference_queries = queries[:args.reference_queries]
    tokens = index.doc_tokens()
    bm25, ref_build_s = timed(lambda: build_rank_bm25(index))
    row["rank-bm25 build s"] = f"{ref_build_s:.2f}"
    if args.memory:
        held, _ = traced_mb(lambda: build_rank_bm25(index))
        row["rank-bm25 MB"] = f"{held:.1f}"
    del tokens
    reference = rank_bm25_backend(bm25)
    results["rank-bm25"] = latencies(reference, reference_queries)
    exact = sum(engine.search(q) == reference.search(q) for q in reference_queries)
    row["exact top-10"] = f"{exact}/{len(reference_queries)}"
    del bm25, reference
    gc.collect()

    db, fts_build_s = timed(lambda: build_fts5(postings))
    row["fts5 build s"] = f"{fts_build_s:.2f}"
    results["sqlite-fts5"] = latencies(fts5_backend(db), queries)
    db.close()
    extras, extra_notes = optional_backends(postings)
    notes += extra_notes
    for backend in extras:
        results[backend.name] = latencies(backend, queries)

    fastest_p99 = min(p99 for _, p99 in results.values())
    ref_p99 = results["rank-bm25"][1]
    for name, (p50, p99) in results.items():
        row[f"{name} p50/p99 ms"] = f"{p50:.3f} / {p99:.3f}"
    row["engine p99 vs rank-bm25"] = f"{ref_p99 / results['engine'][1]:.0f}× faster"
    row["engine p99 vs fastest"] = f"{results['engine'][1] / fastest_p99:.1f}×"
    for name, (_, p99) in results.items():
        if name not in ("engine", "rank-bm25"):
            row[f"{name} p99 vs rank-bm25 / fastest"] = f"{p99 / ref_p99:.2f}× / {p99 / fastest_p99:.1f}×"

    if args.engine:
        figures, note = engine_measurements(postings, queries[:args.engine_queries])
        if note:
            notes.append(f"{label}: {note}")
        labels = (("store_sync_s", "store sync s", "{:.1f}"),
                  ("first_start_s", "first start s (analysing)", "{:.2f}"),
                  ("startup_s", "start-up s (saved analysis, directory synced)", "{:.2f}"),
                  ("ask_p50_ms", "ask p50 ms", "{:.2f}"), ("ask_p99_ms", "ask p99 ms", "{:.2f}"),
                  ("lag_p99_ms", "loop lag p99 ms (reload)", "{:.1f}"),
                  ("lag_max_ms", "loop lag max ms (reload)", "{:.1f}"),
                  ("restart_lag_p99_ms", "loop lag p99 ms (restart)", "{:.1f}"),
                  ("restart_lag_max_ms", "loop lag max ms (restart)", "{:.1f}"),
                  ("full_lag_p99_ms", "loop lag p99 ms (full analysis)", "{:.1f}"),
                  ("full_lag_max_ms", "loop lag max ms (full analysis)", "{:.1f}"),
                  ("add_searchable_s", "add posting: searchable after s", "{:.2f}"),
                  ("add_s", "add posting s (searchable and its analysis saved)", "{:.2f}"))
        for key, label, fmt in labels:
            row[label] = fmt.format(figures[key]) if key in figures else "–"
    return row, notes


def markdown(rows: list[dict[str, str]]) -> str:
    """Rows as a Markdown table, one column per figure (transposed: figures down, sizes across)."""
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    header = "| figure | " + " | ".join(r["passages"] + " passages" for r in rows) + " |"
    lines = [header, "|---|" + "---:|" * len(rows)]
    lines += [f"| {key} | " + " | ".join(r.get(key, "–") for r in rows) + " |"
              for key in keys if key != "passages"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=f"1000,10000,100000,{SIZE_NAME}",
                        help="comma-separated corpus sizes in passages, and `real` for the real corpus's "
                             f"postings (default 1000,10000,100000,{SIZE_NAME})")
    parser.add_argument("--real-corpus", type=Path, default=CORPUS,
                        help=f"the real corpus archive (default {CORPUS}); skipped when absent")
    parser.add_argument("--queries", type=int, default=300, help="questions per size (default 300)")
    parser.add_argument("--reference-queries", type=int, default=100,
                        help="questions run through rank-bm25's slow full scan (default 100)")
    parser.add_argument("--engine-queries", type=int, default=200,
                        help="questions asked through the whole engine (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-memory", dest="memory", action="store_false",
                        help="skip the tracemalloc memory figures (they rebuild each index)")
    parser.add_argument("--no-engine", dest="engine", action="store_false",
                        help="skip the whole-engine figures (store, start-up, ask, loop lag, add)")
    parser.add_argument("--servers", default=None, metavar="SxP",
                        help="instead: whole answers with S servers of P postings each on one engine "
                             "(e.g. 1000x50; see bench/servers.py)")
    args = parser.parse_args(argv)
    if args.servers:
        try:
            servers, per_server = parse_servers(args.servers)
        except ValueError as exc:
            parser.error(str(exc))
        print(markdown([measure_servers(servers, per_server, args.engine_queries, args.seed)]))
        return 0
    try:
        sizes = [s.strip() if s.strip() == SIZE_NAME else int(s.replace("_", ""))
                 for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers or {SIZE_NAME!r}, got {args.sizes!r}")
    rows, notes = [], []
    for size in sizes:
        print(f"… {size:,} passages" if isinstance(size, int) else f"… the {size} corpus",
              file=sys.stderr, flush=True)
        row, size_notes = run_size(size, args) if isinstance(size, int) else run_real(args)
        if row is not None:
            rows.append(row)
        notes += size_notes
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load average at the end "
          f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1 / 5 / 15 min)\n")
    if rows:
        print(markdown(rows))
    for note in dict.fromkeys(notes):
        print(f"\n- {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
