"""Text bound for an operator's terminal, with the characters that could control it made harmless."""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls but tab and newline (ESC starts terminal escape sequences, CSI is U+009B, a
carriage return overwrites the line), and the bidirectional overrides that reorder what is shown."""


def terminal_safe(text: str) -> str:
    """`text` with every terminal control character replaced by U+FFFD; postings come from anywhere."""
    return _CONTROLS.sub("\ufffd", text)
