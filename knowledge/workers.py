"""Worker processes that run one job at a time and are killed when a job passes its wall-clock limit.

A parser that runs away (a regex backtracking, say) holds its own process's GIL, not the bot's, and
the parent kills that process at the deadline, reports the job as `TIMED_OUT` and starts a fresh worker
for the jobs left. A worker that dies on its own (out of memory, a crash in C code) reports `CRASHED`.

Workers are spawned (not forked) by one long-lived thread, and each asks Linux to SIGKILL it when that
thread's process dies (`PR_SET_PDEATHSIG`), so a worker stuck in C code with the GIL held still dies
with the bot. One pool is shared by the whole process (`shared_pool`); idle workers stay warm between
jobs, so a small sync costs an inter-process round trip, not a process start.
"""

from __future__ import annotations

import atexit
import collections
import concurrent.futures
import contextlib
import ctypes
import enum
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar, cast

Job = TypeVar("Job")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1
_MEMORY_LIMIT = 2 << 30
"""Address space one worker may use; past it the job fails with MemoryError instead of swapping."""
_SPAWNER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker-spawner")
"""Starts every worker: PR_SET_PDEATHSIG fires when the *thread* that started a process ends, and this
thread lives as long as the interpreter."""


_STARTED = "\0job started"
"""What a worker sends when it has a job in hand: the job's time starts then."""
_START_SECONDS = 120.0
"""How long a worker may take to receive a job (a cold worker imports the job's module first)."""


class Stopped(enum.Enum):
    """Why a job has no result."""

    TIMED_OUT = "timed out"
    CRASHED = "crashed"


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    @classmethod
    def start(cls) -> _Worker:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end, os.getpid()), daemon=True,
                                  name="open-roles-parser")
        _SPAWNER.submit(process.start).result()
        child_end.close()  # the child holds the only other end: its death reads as EOF here
        return cls(process, parent_end)

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid


def _serve(conn: Connection, parent: int) -> None:
    """A worker's main loop: run `fn(job)` for each `(fn, job)` received and send back the result."""
    _die_with_parent(parent)
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)  # questions on the bot's side come first when the machine is busy
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > _MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, hard))
    while True:
        try:
            fn, job = conn.recv()  # unpickling `fn` may import its module: not part of the job's time
        except (EOFError, OSError):
            return
        conn.send(_STARTED)
        conn.send(fn(job))


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:  # best effort elsewhere: cannot run while a job holds the GIL
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


class WorkerPool:
    """Worker processes shared by every caller of `run`; at most `size` are kept idle."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, fn: Callable[[Job], Result], jobs: Sequence[Job], *, seconds: float,
            workers: int = 1, on_result: Callable[[int], None] | None = None) -> list[Result | Stopped]:
        """`fn(job)` for each job, in order, on up to `workers` processes; blocks (call it off the loop).

        `fn` must be importable by a fresh interpreter and should not raise. A job running longer than
        `seconds` has its worker killed and gives `Stopped.TIMED_OUT`; a worker that dies gives
        `Stopped.CRASHED`. Raises OSError if no worker process can be started at all.
        `on_result(index)` is called as each job finishes (in the order they finish).
        """
        results: list[Result | Stopped | None] = [None] * len(jobs)
        pending = collections.deque(range(len(jobs)))
        free: list[_Worker | None] = [*self._take(min(workers, len(jobs)))]
        busy: dict[Connection, tuple[_Worker, int, float]] = {}
        try:
            while pending or busy:
                while free and pending:
                    worker = free.pop() or _Worker.start()
                    index = pending.popleft()
                    worker.conn.send((fn, jobs[index]))
                    busy[worker.conn] = (worker, index, time.monotonic() + _START_SECONDS)
                deadline = min(end for _, _, end in busy.values())
                ready = multiprocessing.connection.wait(list(busy), max(0.0, deadline - time.monotonic()))
                for ready_conn in ready:
                    conn = cast(Connection, ready_conn)
                    worker, index, _ = busy.pop(conn)
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):
                        results[index] = Stopped.CRASHED
                        worker.kill()
                        free.append(None)
                        if on_result is not None:
                            on_result(index)
                        continue
                    if isinstance(message, str) and message == _STARTED:
                        busy[conn] = (worker, index, time.monotonic() + seconds)
                    else:
                        results[index] = message
                        free.append(worker)
                        if on_result is not None:
                            on_result(index)
                now = time.monotonic()
                for conn, (worker, index, end) in list(busy.items()):
                    if now >= end:
                        del busy[conn]
                        worker.kill()
                        results[index] = Stopped.TIMED_OUT
                        free.append(None)
                        if on_result is not None:
                            on_result(index)
        except BaseException:
            for worker, _, _ in busy.values():
                worker.kill()
            raise
        finally:
            self._give_back([worker for worker in free if worker is not None])
        return [result if result is not None else Stopped.CRASHED for result in results]

    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        with self._lock:
            return [pid for worker in self._idle if (pid := worker.pid) is not None]

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()

    def _take(self, count: int) -> list[_Worker | None]:
        with self._lock:
            taken: list[_Worker | None] = []
            while self._idle and len(taken) < count:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    taken.append(worker)
                else:
                    worker.kill()
        if not taken and count:
            taken.append(_Worker.start())  # fails here, with OSError, if processes cannot start
        return taken + [None] * (count - len(taken))

    def _give_back(self, workers: list[_Worker]) -> None:
        with self._lock:
            self._idle.extend(workers)
            extra, self._idle = self._idle[self.size:], self._idle[:self.size]
        for worker in extra:
            worker.kill()


_shared: WorkerPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process's worker pool (one idle worker per CPU at most), stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WorkerPool(os.cpu_count() or 1)
            atexit.register(_shared.close)
        return _shared
