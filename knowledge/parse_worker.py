"""What a parsing worker process holds before its first job: the parser, warmed up, and the place tables.

Imported by the worker processes' fork server (`knowledge.workers`) before it forks any worker, so each
worker starts with all of it done instead of doing it itself (about two seconds apiece): importing the
extractors, loading the city table, and the work a first parse does once for every later one (each
pattern's required words and alternatives, `knowledge.literals`). What is left is frozen out of the
cyclic garbage collector, which then never walks it in a worker. Not for any other process: it also
ignores Ctrl-C.
"""

import signal

# Ctrl-C in the bot's terminal reaches this process too (same process group): the bot handles it, and the
# fork server, loading while the bot starts, must not die of it (nor print a traceback on the terminal).
signal.signal(signal.SIGINT, signal.SIG_IGN)

import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
from pathlib import Path  # noqa: E402

from knowledge import store  # noqa: E402
from knowledge.errors import OpenRolesError  # noqa: E402
from knowledge.extract import _gazetteer  # noqa: E402
from knowledge.parse import parse_posting  # noqa: E402

__all__ = ["store"]

_gazetteer.load()
for _path in sorted((Path(__file__).parent / "postings").glob("*.*")):
    with contextlib.suppress(OSError, OpenRolesError):
        parse_posting(_path.name, _path.read_bytes(), today=dt.date(2000, 1, 1))
gc.freeze()
