"""`python -m bench --servers 1000x50`: whole answers when one engine serves many servers' collections.

A synthetic shared collection plus S servers of P postings each go into one snapshot (one index over
every passage); questions about a server's own postings are then asked in random servers' scopes, as
`Engine.ask(question, guild_id=...)` does, and timed end to end (view, understanding, BM25, answer).
Two figures: a server's first question after a start or a change of the shared postings (it makes that
server's view of the snapshot), and the steady state (every view made).
"""

from __future__ import annotations

import gc
import random
import time

from bench.corpus import iter_postings, questions
from bench.engine_hooks import TODAY, percentiles_ms
from knowledge.models import Posting
from knowledge.store import SHARED, guild_collection
from retrieval.engine import Snapshot

SHARED_POSTINGS = 50
"""Postings in the shared collection of the simulation."""


def parse_servers(text: str) -> tuple[int, int]:
    """"1000x50" -> (1000 servers, 50 postings each); ValueError otherwise."""
    servers, _, per = text.lower().partition("x")
    count, size = int(servers), int(per)
    if count < 1 or size < 1:
        raise ValueError(f"expected SERVERSxPOSTINGS such as 1000x50, got {text!r}")
    return count, size


def measure(servers: int, per_server: int, n_questions: int, seed: int = 0) -> dict[str, str]:
    """One row of figures: build time, then p50/p99 of whole answers: servers' first questions, and steady."""
    total = SHARED_POSTINGS + servers * per_server
    postings: list[Posting] = []
    for posting in iter_postings(10**12, seed):
        postings.append(posting)
        if len(postings) == total:
            break
    owners = [SHARED] * SHARED_POSTINGS + [guild_collection(1 + n // per_server)
                                           for n in range(servers * per_server)]
    # The store orders postings by collection, then id.
    order = sorted(range(total), key=lambda i: (owners[i], postings[i].id))
    start = time.perf_counter()
    gc.disable()  # as the engine builds a snapshot: no collection meanwhile, the survivors then frozen
    snapshot = Snapshot.build([postings[i] for i in order], collections=[owners[i] for i in order])
    gc.enable()
    gc.freeze()
    build_s = time.perf_counter() - start
    rng = random.Random(seed + 1)
    asked: list[tuple[int, str]] = []
    # Distinct servers first, so that each question of the first pass is its server's first.
    guilds = rng.sample(range(1, servers + 1), min(servers, n_questions))
    guilds += [rng.randrange(1, servers + 1) for _ in range(n_questions - len(guilds))]
    for guild in guilds:
        own = postings[SHARED_POSTINGS + (guild - 1) * per_server:SHARED_POSTINGS + guild * per_server]
        asked.append((guild, questions(own, 1, seed=rng.randrange(1 << 30))[0]))
    row = {"servers x postings": f"{servers:,} x {per_server}", "postings": f"{total:,}",
           "passages": f"{len(snapshot.index):,}", "build s": f"{build_s:.1f}"}
    first = _timed(snapshot, asked[:servers])  # each server's first question makes its view
    steady = _timed(snapshot, asked)
    for label, samples in (("first question per server", first), ("steady", steady)):
        p50, p99 = percentiles_ms(samples)
        row[f"ask p50 / p99 ms ({label})"] = f"{p50:.2f} / {p99:.2f}"
    return row


def _timed(snapshot: Snapshot, asked: list[tuple[int, str]]) -> list[int]:
    """Nanoseconds each question takes, asked in its server's scope."""
    samples = []
    for guild, question in asked:
        begin = time.perf_counter_ns()
        snapshot.ask(question, TODAY, guild_collection(guild))
        samples.append(time.perf_counter_ns() - begin)
    return samples
