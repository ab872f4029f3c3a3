"""Worker processes that run one job at a time and are killed when a job passes its wall-clock limit.

A parser that runs away (a regex backtracking, say) holds its own process's GIL, not the bot's, and
the parent kills that process at the deadline, reports the job as `TIMED_OUT` and starts a fresh worker
for the jobs left. A worker that dies on its own (out of memory, a crash in C code) reports `CRASHED`.

Workers are forked by multiprocessing's fork server (a single-threaded process started fresh, never a
fork of the bot's own threads) once it has imported the jobs' modules, so a worker starts in
milliseconds with the parser loaded (where there is no fork server, each worker is spawned and imports
them itself). Each worker asks Linux to SIGKILL it when its parent dies (`PR_SET_PDEATHSIG`); the fork
server exits when the bot does, so a worker stuck in C code with the GIL held still dies with the bot.
One pool is shared by the whole process (`shared_pool`); idle workers stay warm between jobs, so a
small sync costs an inter-process round trip, not a process start.
"""

from __future__ import annotations

import atexit
import collections
import concurrent.futures
import contextlib
import ctypes
import enum
import importlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1
_MEMORY_LIMIT = 2 << 30
"""Address space one worker may use; past it the job fails with MemoryError instead of swapping."""
_SPAWNER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker-spawner")
"""Starts every worker: PR_SET_PDEATHSIG fires when the *thread* that started a process ends, and this
thread lives as long as the interpreter."""


_READY = "\0worker ready"
"""What a worker sends once it has imported the jobs' module: a job's time starts when it is sent."""
_START_SECONDS = 120.0
"""How long a new worker may take to start and import the jobs' module."""
_PIPELINE_BYTES = 32_000
"""A job this small may wait in a busy worker's pipe (it fits the pipe's buffer, so sending it never
blocks), so the worker starts it the moment the previous one ends."""


class Stopped(enum.Enum):
    """Why a job has no result."""

    TIMED_OUT = "timed out"
    CRASHED = "crashed"


class _Worker:
    """One worker process, the parent's end of its pipe, and the jobs sent to it (oldest first)."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.jobs: collections.deque[int] = collections.deque()
        self.deadline = 0.0
        """When the oldest job sent must have finished."""

    @classmethod
    def start(cls, module: str, preload: Sequence[str] = ()) -> _Worker:
        """A new worker that imports `module` first; call `wait_ready` before giving it a job."""
        context = _context([*preload, module])
        parent_end, child_end = context.Pipe()
        process = context.Process(target=_serve, args=(child_end, os.getpid(), module), daemon=True,
                                  name="open-roles-parser")
        try:
            _SPAWNER.submit(process.start).result()
        except EOFError as exc:  # the fork server died while forking it
            raise OSError(f"The fork server did not start a worker ({exc}).") from exc
        child_end.close()  # the child holds the only other end: its death reads as EOF here
        return cls(process, parent_end)

    def wait_ready(self) -> bool:
        """Whether the worker started and imported its module in time (else it is killed)."""
        with contextlib.suppress(EOFError, OSError):
            if self.conn.poll(_START_SECONDS) and self.conn.recv() == _READY:
                return True
        self.kill()
        return False

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid


def _serve(conn: Connection, parent: int, module: str) -> None:
    """A worker's main loop: run `fn(job)` for each `(fn, job)` received and send back the result."""
    _release_fork_server()
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in the bot's terminal is the bot's to handle
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)  # questions on the bot's side come first when the machine is busy
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > _MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, hard))
    importlib.import_module(module)
    conn.send(_READY)
    while True:
        try:
            fn, job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(fn(job))


def _release_fork_server() -> None:
    """Close this worker's copy of the fork server's "alive" pipe. The fork server exits once every
    holder has closed it; a worker stuck in a regex would otherwise keep it (and so itself) alive after
    the bot died."""
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]


def _die_with_parent(parent: int) -> None:
    """Exit when `parent` (the bot; the fork server in between exits with it) does."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:  # best effort elsewhere: cannot run while a job holds the GIL
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    if not _alive(parent):  # it died before the signal was armed
        os._exit(0)


def _exit_with_parent(parent: int) -> None:
    while _alive(parent):
        time.sleep(0.5)
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is not ours to signal
        return True
    return True


_context_lock = threading.Lock()
_preloaded: tuple[str, ...] | None = None


_Context = multiprocessing.context.SpawnContext | multiprocessing.context.ForkServerContext


def _context(modules: Sequence[str]) -> _Context:
    """The fork server's context, which imports `modules` before it forks the first worker (the modules
    of the first workers started; later ones import theirs themselves), or "spawn" where there is none."""
    global _preloaded
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    with _context_lock:
        if _preloaded is None:
            _preloaded = tuple(dict.fromkeys(modules))
            context.set_forkserver_preload(list(_preloaded))
    return context


def prestart(module: str, preload: Sequence[str] = ()) -> None:
    """Start the fork server now (it imports `preload` and `module` in its own process, beside whatever
    this one does meanwhile), so the first workers started later start at once. Does not block."""
    context = _context([*preload, module])
    if context.get_start_method() == "forkserver":
        import multiprocessing.forkserver  # POSIX only

        _SPAWNER.submit(multiprocessing.forkserver.ensure_running)


class WorkerPool:
    """Worker processes shared by every caller of `run`; at most `size` are kept idle."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: dict[str, list[_Worker]] = {}
        self._lock = threading.Lock()

    def run(self, fn: Callable[[Job], Result], jobs: Sequence[Job], *, seconds: float,
            workers: int = 1, on_result: Callable[[int], None] | None = None,
            preload: Sequence[str] = ()) -> list[Result | Stopped]:
        """`fn(job)` for each job, in order, on up to `workers` processes; blocks (call it off the loop).

        `fn` must be importable by a fresh interpreter and should not raise. A job running longer than
        `seconds` has its worker killed and gives `Stopped.TIMED_OUT`; a worker that dies gives
        `Stopped.CRASHED`; the jobs queued behind it go to a fresh worker. Raises OSError if no worker
        process can be started at all. `on_result(index)` is called as each job finishes (in the order
        they finish). `preload`: modules a worker should import before `fn`'s (once, in the fork server).
        """
        module = fn.__module__
        results: list[Result | Stopped | None] = [None] * len(jobs)
        pending = collections.deque(range(len(jobs)))
        held: dict[int, bytes] = {}  # a large job pickled but not yet sent (no worker was free)
        team = self._take(min(workers, len(jobs)), module, preload)
        try:
            while pending or any(worker.jobs for worker in team):
                for worker in team:
                    self._feed(worker, fn, jobs, pending, seconds, held)
                busy = [worker for worker in team if worker.jobs]
                deadline = min(worker.deadline for worker in busy)
                ready = set(multiprocessing.connection.wait([worker.conn for worker in busy],
                                                            max(0.0, deadline - time.monotonic())))
                for k, worker in enumerate(team):
                    if worker.conn in ready:
                        try:
                            result = worker.conn.recv()
                            index = worker.jobs.popleft()
                            results[index] = result
                            worker.deadline = time.monotonic() + seconds  # the next job starts now
                            if on_result is not None:
                                on_result(index)
                            continue
                        except (EOFError, OSError):
                            stopped = Stopped.CRASHED
                    elif worker.jobs and time.monotonic() >= worker.deadline:
                        stopped = Stopped.TIMED_OUT
                    else:
                        continue
                    index = worker.jobs.popleft()
                    results[index] = stopped
                    if on_result is not None:
                        on_result(index)
                    pending.extendleft(reversed(worker.jobs))
                    worker.kill()
                    team[k] = self._start(module, preload)
        except BaseException:
            for worker in team:
                if worker.jobs:
                    worker.kill()
            raise
        finally:
            self._give_back(module, [worker for worker in team if not worker.jobs])
        return [result if result is not None else Stopped.CRASHED for result in results]

    @staticmethod
    def _feed(worker: _Worker, fn: Callable[[Job], Result], jobs: Sequence[Job],
              pending: collections.deque[int], seconds: float, held: dict[int, bytes]) -> None:
        """Send the worker its next job, and a second small one to wait in its pipe."""
        while pending and len(worker.jobs) < 2:
            message = held.pop(pending[0], None)
            if message is None:
                message = pickle.dumps((fn, jobs[pending[0]]), protocol=pickle.HIGHEST_PROTOCOL)
            if worker.jobs and len(message) > _PIPELINE_BYTES:
                held[pending[0]] = message
                return  # a large job waits until the worker reads it: sending must never block
            if not worker.jobs:
                worker.deadline = time.monotonic() + seconds
            worker.conn.send_bytes(message)
            worker.jobs.append(pending.popleft())

    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        with self._lock:
            return [pid for idle in self._idle.values() for worker in idle if (pid := worker.pid) is not None]

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for workers in idle.values():
            for worker in workers:
                worker.kill()

    def _start(self, module: str, preload: Sequence[str]) -> _Worker:
        worker = _Worker.start(module, preload)
        if not worker.wait_ready():
            raise OSError("A parsing worker process did not start.")
        return worker

    def _take(self, count: int, module: str, preload: Sequence[str]) -> list[_Worker]:
        with self._lock:
            idle = self._idle.get(module, [])
            taken = [idle.pop() for _ in range(min(count, len(idle)))]
        for worker in [worker for worker in taken if not worker.process.is_alive()]:
            worker.kill()
            taken.remove(worker)
        # Started together, then waited for.
        fresh = [_Worker.start(module, preload) for _ in range(count - len(taken))]
        if not all([worker.wait_ready() for worker in fresh]):
            for worker in taken + fresh:
                worker.kill()
            raise OSError("A parsing worker process did not start.")
        return taken + fresh

    def _give_back(self, module: str, workers: list[_Worker]) -> None:
        with self._lock:
            idle = self._idle.setdefault(module, [])
            idle.extend(workers)
            extra, idle[:] = idle[self.size:], idle[:self.size]
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
        return _shared


@atexit.register
def _shutdown() -> None:
    """Stop the idle workers, then the fork server, and wait for it: left alone it would finish loading
    for nothing, and a process waited for counts in its parent's children's CPU time (`bench`)."""
    if _shared is not None:
        _shared.close()
    forkserver = sys.modules.get("multiprocessing.forkserver")
    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if isinstance(pid, int):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
