"""What a parsing worker process holds before its first job: the parser and the place tables.

Imported by the worker processes' fork server (`knowledge.workers`) before it forks any worker, so each
worker starts with both loaded instead of loading them itself (about a second and a half apiece).
"""

from knowledge import store
from knowledge.extract import _gazetteer

__all__ = ["store"]

_gazetteer.load()
