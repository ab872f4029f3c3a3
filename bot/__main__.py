"""`python -m bot`: see `bot.cli`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

_COMMANDS = ("parse", "reload", "ask", "jobs", "console", "run")
PARSING_MODULES = ("knowledge.store", "knowledge.parse_worker", "retrieval.analysis", "retrieval.saved")
"""What a sync's parsing workers run (`knowledge.store.prestart_workers` with the engine's analysis, or
with its packed analysis when the command only syncs)."""


def syncs(argv: Sequence[str]) -> bool:
    """Whether this command line will sync the postings folder (and so may parse files in workers)."""
    if {"-h", "--help", "--read-only"} & set(argv):
        return False
    command = next((arg for arg in argv if arg in _COMMANDS), "run")
    return command != "parse"


# Guarded so that worker processes never run the CLI again.
if __name__ == "__main__":
    if syncs(sys.argv[1:]):
        # The parsing workers' fork server loads the parser in its own process while this one imports.
        from knowledge.workers import prestart

        prestart(PARSING_MODULES[0], PARSING_MODULES[1:])
    from bot.cli import main

    raise SystemExit(main())
