"""A cheap fingerprint of a postings folder, so a repeat sync of an unchanged folder reads no file.

The stamp covers what `os.stat` says of every file a sync would look at (name, size, modification and
change times, inode, link count; through symbolic links), never the contents. A sync that changed
nothing records it; the next sync with the same stamp (and the same stored postings, parser and limits)
can return the previous report at once. As in git's index, a file changed within the last
`RACY_SECONDS` gives no stamp: a second change in the same clock tick could leave its times unchanged.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["RACY_SECONDS", "folder_stamp"]

RACY_SECONDS = 2.0


def folder_stamp(directory: Path, basis: Iterable[str] = (), *,
                 clock: Callable[[], float] = time.time) -> str | None:
    """A digest of `directory`'s visible files' metadata and of `basis` (whatever else the sync's result
    depends on); None when the folder cannot be listed or a file changed too recently to trust."""
    digest = hashlib.sha256()
    for part in (str(directory.resolve()), *basis):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    newest = clock() - RACY_SECONDS
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return None
    for entry in entries:
        if entry.name.startswith("."):  # hidden files are never postings
            continue
        try:
            info = entry.stat()  # follows a link: a changed target changes the stamp
        except OSError:
            row = f"{entry.name}\0unreadable"
        else:
            if max(info.st_mtime, info.st_ctime) > newest:
                return None
            row = (f"{entry.name}\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0"
                   f"{info.st_ino}\0{info.st_nlink}")
        digest.update(row.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()
