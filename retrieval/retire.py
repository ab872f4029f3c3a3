"""Freeing a retired snapshot a part at a time, so that no single free holds the GIL for long.

Dropping the last reference to a snapshot at 100k passages frees millions of objects in one C call
(about 50 ms), and no other thread runs meanwhile: an event loop waiting for the GIL stalls that long.
`dismantle` lets go of an object's attributes one at a time, taking apart first those only it holds,
and yields the GIL between them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

__all__ = ["dismantle"]

_OWNED = 3
"""`sys.getrefcount` of an attribute value only its object holds: the object's own reference, the
caller's variable and the call's argument."""


def dismantle(holder: list[object], *, depth: int = 3,
              pause: Callable[[], None] = lambda: time.sleep(0)) -> None:
    """Empty `holder` (a list holding one retired object) and free what it held part by part, calling
    `pause` between parts (by default: yield the GIL).

    An object anyone else still holds is only let go, never taken apart: it stays whole for them. Parts
    are taken apart down to `depth` levels of attributes; containers are freed whole.
    """
    root = holder.pop()
    if sys.getrefcount(root) <= _OWNED - 1:  # this variable and the argument: nobody else holds it
        _take_apart(root, depth, pause)


def _take_apart(obj: object, depth: int, pause: Callable[[], None]) -> None:
    for name in list(getattr(obj, "__dict__", ())):
        part = getattr(obj, name)
        # (A class's __dict__ is a read-only proxy: classes are never taken apart.)
        owned = sys.getrefcount(part) <= _OWNED
        if depth > 0 and owned and isinstance(getattr(part, "__dict__", None), dict):
            _take_apart(part, depth - 1, pause)
        try:
            object.__delattr__(obj, name)  # frozen dataclasses too: the object is never used again
        except (AttributeError, TypeError):  # a descriptor guards it: freed with the object, whole
            continue
        del part
        pause()
