"""The real corpus as a benchmark size: `python -m bot reload` of its postings into an empty store.

The corpus (2,736 real postings, `../shared/realworld/corpus.tar.gz` beside the repository) is not
part of the project; when it is absent the size is skipped with a note. The reload runs as the CLI
command in its own process, so its time and peak memory are the command's own, worker processes
included.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from knowledge.models import Posting
from knowledge.store import Store

__all__ = ["CORPUS", "SIZE_NAME", "real_postings"]

SIZE_NAME = "real"
"""What `--sizes` calls the real corpus."""
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "corpus.tar.gz"
TODAY = dt.date(2026, 11, 23)


def _extract(archive: Path, into: Path) -> Path:
    """Unpack the corpus; returns the directory holding its posting files."""
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    folders = {path.parent for path in into.rglob("*") if path.is_file()}
    return max(folders, key=lambda folder: sum(1 for _ in folder.iterdir()))


def _reload(directory: Path, database: Path) -> tuple[float, float, float]:
    """Seconds, CPU seconds (every process) and peak memory (MB, the largest process) of
    `python -m bot reload` into `database` (POSIX: `os.wait4`)."""
    command = [sys.executable, "-m", "bot", "--postings", str(directory), "--db", str(database),
               "--today", TODAY.isoformat(), "reload"]
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    # The command's own usage, with that of every descendant it waited for (its workers' fork server,
    # which waited for the workers); not this process's other children's, as RUSAGE_CHILDREN would.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # ru_maxrss: the largest, kB


async def _stored(database: Path) -> list[Posting]:
    async with await Store.open(database) as store:
        return await store.postings()


def real_postings(workdir: Path, archive: Path = CORPUS) -> tuple[list[Posting], dict[str, str], str]:
    """The postings of the corpus `archive` as stored by a timed CLI reload, that reload's figures, and
    a note (empty unless the archive is absent, in which case there are no postings)."""
    if not archive.is_file():
        return [], {}, f"{SIZE_NAME}: skipped, the real corpus is not at {archive}"
    directory = _extract(archive, workdir / "corpus")
    files = sum(1 for path in directory.iterdir() if path.is_file())
    seconds, cpu, peak_mb = _reload(directory, workdir / "real.db")
    postings = asyncio.run(_stored(workdir / "real.db"))
    figures = {"reload files": f"{files:,}", "reload s (CLI, empty store)": f"{seconds:.1f}",
               "reload postings/s": f"{files / seconds:.0f}", "reload CPU s (all processes)": f"{cpu:.1f}",
               "reload peak RSS MB": f"{peak_mb:.0f}"}
    return postings, figures, ""
