"""Phrases a posting must mention ("which postings mention VAN?"), answered from the passages that do.

- "which postings mention Spanish?" -> "Spanish"
- "does any job mention \"canvass data\"" -> "canvass data"
"""

from __future__ import annotations

import re

from retrieval.request import Mention
from retrieval.understand.text import Context, Slot

__all__ = ["read_phrases"]

_MENTION = re.compile(r"\bmention(?:s|ing|ed)?\s+(?:of\s+)?(?P<q>[\"'“‘]?)"
                      r"(?P<phrase>[^\"'“”‘’?!.,;()]{1,60}?)(?P=q)?\s*(?=[\"”’?!.,;()]|$|\s+(?:and|or|in|as|for|at\s+all|anywhere|whatsoever)\b)",
                      re.I)


def read_phrases(ctx: Context) -> list[Mention]:
    """Phrases the question asks postings to mention."""
    return [Mention(slot=Slot.PHRASE, start=m.start(), end=m.end(), value=m["phrase"].strip())
            for m in _MENTION.finditer(ctx.text) if m["phrase"].strip()]
