"""`python -m bot`: see `bot.cli`."""

from __future__ import annotations

from bot.cli import main

# Guarded so that worker processes started with "spawn" (parsing large syncs) never run the CLI again.
if __name__ == "__main__":
    raise SystemExit(main())
