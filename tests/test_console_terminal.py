"""`python -m bot console` on a real pseudo-terminal: arrow keys edit and recall lines, the history
outlives the session, and Ctrl-C or Ctrl-D end it at once with one goodbye line and status 0."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.prompt import HISTORY_LENGTH, TerminalLines

ROOT = Path(__file__).resolve().parents[1]
LEFT, UP = "\x1b[D", "\x1b[A"
CTRL_C, CTRL_D = "\x03", "\x04"
TIMEOUT = 90.0
_ESCAPES = re.compile(r"\x1b\[[?0-9;]*[A-Za-z]|\r")

pytestmark = pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a pty")


@dataclass
class Console:
    """A console process on a pseudo-terminal, and everything it wrote."""

    pid: int
    fd: int
    output: str = ""
    sent_at: int = 0
    status: int | None = field(default=None)

    def send(self, keys: str) -> None:
        self.sent_at = len(self.output)
        os.write(self.fd, keys.encode())

    def prompted(self, timeout: float = TIMEOUT) -> None:
        """Read until the console shows its prompt again, waiting for the next line (only then is the
        terminal in readline's mode: a key sent earlier would meet the terminal's own line editing)."""
        deadline = time.monotonic() + timeout
        while not _ESCAPES.sub("", self.output[self.sent_at:]).endswith("\n> "):
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"no new prompt; the console wrote:\n{self.output}")

    def expect(self, text: str, *, count: int = 1, timeout: float = TIMEOUT) -> None:
        """Read until `text` has appeared `count` times in the output."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{text!r} did not appear; the console wrote:\n{self.output}")

    def wait(self, timeout: float = 10.0) -> int:
        """The exit status, once the process ended (reading what it writes meanwhile)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._read(0.2)
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            self._read(0.1)
        raise AssertionError(f"the console did not exit within {timeout} s; it wrote:\n{self.output}")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the terminal closed with the process
            return False
        self.output += data.decode("utf-8", "replace")
        return bool(data)


@pytest.fixture
def console(tmp_path: Path, bundled_dir: Path) -> Iterator[Callable[[], Console]]:
    """A console on a fresh pty, $HOME in tmp_path; killed if a test leaves it running."""
    started: list[Console] = []

    def start() -> Console:
        argv = [sys.executable, "-m", "bot", "--postings", str(bundled_dir),
                "--db", str(tmp_path / "roles.db"), "--today", "2026-11-23", "console"]
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
               "TERM": "xterm", "LANG": "C.UTF-8"}
        pid, fd = pty.fork()
        if pid == 0:  # the child: never return into pytest
            try:
                os.chdir(tmp_path)
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        opened = Console(pid, fd)
        started.append(opened)
        opened.prompted()
        return opened

    yield start
    for opened in started:
        if opened.status is None:
            os.kill(opened.pid, 9)
            os.waitpid(opened.pid, 0)
        os.close(opened.fd)


def test_arrow_keys_edit_the_line_and_recall_the_last_one(console: Callable[[], Console],
                                                          tmp_path: Path) -> None:
    """Should move the cursor with ← and bring back the previous line with ↑, not type `^[[D`."""
    session = console()
    session.send(f"/elp{LEFT * 3}h\r")  # typed "/elp", moved back to just after "/", typed "h": /help
    session.expect("Commands:")
    session.prompted()
    session.send(f"{UP}\r")
    session.expect("Commands:", count=2)
    session.prompted()
    session.send(CTRL_D)
    assert session.wait() == 0
    assert "Goodbye." in session.output and "Unknown command" not in session.output
    assert (tmp_path / ".open_roles_history").read_text().splitlines()[-1] == "/help"


def test_ctrl_c_ends_at_once_and_the_history_outlives_the_session(console: Callable[[], Console]) -> None:
    """Should exit with status 0 and one goodbye line on Ctrl-C, without waiting for Enter; the next
    session recalls the last one's lines."""
    first = console()
    first.send("/help\r")
    first.expect("Commands:")
    first.prompted()
    first.send(CTRL_D)
    assert first.wait() == 0
    second = console()
    second.send(f"{UP}\r")
    second.expect("Commands:")
    second.prompted()
    # Typed as a person types: the text, then Ctrl-C a moment after it shows. CPython's readline checks
    # for signals only when its wait for a key is interrupted, so a Ctrl-C arriving in the microseconds
    # between echoing a key and starting that wait is seen at the next key (sent in one write, the
    # terminal's Ctrl-C also flushes the text readline was told is waiting).
    second.send("half a question")
    second.expect("half a question")
    time.sleep(0.3)
    second.send(CTRL_C)
    assert second.wait() == 0
    assert second.output.rstrip().endswith("Goodbye.") and second.output.count("Goodbye.") == 1


def test_the_history_is_capped(tmp_path: Path) -> None:
    """Should keep at most HISTORY_LENGTH lines of history."""
    history = tmp_path / "history"
    history.write_text("".join(f"question {n}\n" for n in range(HISTORY_LENGTH + 50)))
    TerminalLines(history).close()
    lines = history.read_text().splitlines()
    assert len(lines) == HISTORY_LENGTH and lines[-1] == f"question {HISTORY_LENGTH + 49}"
