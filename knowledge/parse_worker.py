"""What a parsing worker process holds before its first job: the parser, warmed up, and the place tables.

Imported by the worker processes' fork server (`knowledge.workers`) before it forks any worker, so each
worker starts with all of it done instead of doing it itself (about two seconds apiece): importing the
extractors, loading the city table, and the work a first parse does once for every later one (each
pattern's required words and alternatives, `knowledge.literals`). What is left is frozen out of the
cyclic garbage collector, which then never walks it in a worker.
"""

import contextlib
import datetime as dt
import gc
from pathlib import Path

from knowledge import store
from knowledge.errors import OpenRolesError
from knowledge.extract import _gazetteer
from knowledge.parse import parse_posting

__all__ = ["store"]

_gazetteer.load()
for _path in sorted((Path(__file__).parent / "postings").glob("*.*")):
    with contextlib.suppress(OSError, OpenRolesError):
        parse_posting(_path.name, _path.read_bytes(), today=dt.date(2000, 1, 1))
gc.freeze()
