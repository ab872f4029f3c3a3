"""The console's input: line editing and history on a terminal, plain lines from a pipe.

On a terminal, lines are read with the standard library's `readline` (where Python has it): arrow keys
move and recall, and the history is kept between sessions in `~/.open_roles_history`, capped at
`HISTORY_LENGTH` lines. Ctrl-D on an empty line ends the input and Ctrl-C raises `KeyboardInterrupt`
at once, both without waiting for Enter.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, TextIO

__all__ = ["HISTORY_LENGTH", "LineSource", "PipedLines", "TerminalLines", "history_file",
           "sigint_to_main_thread"]

HISTORY_LENGTH = 1000


def history_file() -> Path:
    """Where the console keeps its history: `~/.open_roles_history`."""
    return Path.home() / ".open_roles_history"


class LineSource(Protocol):
    """Where the console's lines come from."""

    async def read(self, prompt: str) -> str | None:
        """The next line without its newline (after showing `prompt`), or None at the end of input."""
        ...

    def close(self) -> None:
        """Keep what should outlast the session (the history)."""
        ...


class PipedLines:
    """Lines from a file or pipe, read off the event loop; the prompt is written to `stdout`."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    async def read(self, prompt: str) -> str | None:
        """The next line, or None at the end of input."""
        self.stdout.write(prompt)
        self.stdout.flush()
        line = await asyncio.to_thread(self.stdin.readline)
        return line.removesuffix("\n") if line else None

    def close(self) -> None:
        """Nothing to keep."""


class TerminalLines:
    """Lines typed at a terminal, with `readline`'s editing and a history file when Python has it."""

    def __init__(self, history: Path | None = None) -> None:
        """`history`: the file to load and save the history (None: none kept)."""
        self.history = history
        self.readline = _readline()
        if self.readline is not None and history is not None:
            self.readline.set_history_length(HISTORY_LENGTH)
            with contextlib.suppress(OSError):
                self.readline.read_history_file(history)

    async def read(self, prompt: str) -> str | None:
        """The next line, or None on Ctrl-D; Ctrl-C raises `KeyboardInterrupt` without waiting for Enter.

        The line is read on the event loop's own thread: only there can Ctrl-C interrupt it. The
        console has nothing else to run meanwhile."""
        with _interruptible():
            try:
                return input(prompt)
            except EOFError:
                return None

    def close(self) -> None:
        """Save the history (at most `HISTORY_LENGTH` lines); a read-only home is not an error."""
        if self.readline is not None and self.history is not None:
            with contextlib.suppress(OSError):
                self.readline.write_history_file(self.history)


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Python built without it (Windows): input() still works, without editing
        return None
    return readline


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Let Ctrl-C raise `KeyboardInterrupt` here: asyncio's own handler would only cancel the task once
    the blocking read returned, that is after Enter."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    blocked = _sigint_mask(signal.SIG_UNBLOCK)
    try:
        yield
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def sigint_to_main_thread() -> Iterator[None]:
    """Keep Ctrl-C for the main thread: threads started inside the block inherit SIGINT blocked.

    The kernel hands a process's SIGINT to any thread not blocking it. Caught by another thread (the
    database's, an executor's), it never interrupts the main thread's wait in readline, and CPython's
    readline checks for signals only when that wait is interrupted: Ctrl-C would wait for the next key.
    Outside `TerminalLines.read` the main thread blocks it too, so a Ctrl-C typed while an answer is
    computed is taken at the next prompt.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = _sigint_mask(signal.SIG_BLOCK)
    try:
        yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _sigint_mask(how: int) -> set[int | signal.Signals] | None:
    """Block or unblock SIGINT in this thread; the previous mask (None where threads have no masks)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(how, {signal.SIGINT}))
