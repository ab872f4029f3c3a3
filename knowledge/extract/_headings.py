"""The heading above each line, looked up in constant time for extractors that ask about many lines."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.extract._prose import heading_for, is_heading_like
from knowledge.models import Section


class Headings:
    """`heading_for` for many lines of one document: without sections, one pass builds a table, so a
    posting with thousands of figures or dates is not scanned backwards once per figure."""

    def __init__(self, doc: Document, sections: list[Section]) -> None:
        self._doc = doc
        self._sections = sections
        self._table: list[str] | None = None

    def at(self, line: int) -> str:
        """The heading `line` sits under ("" when none)."""
        if self._sections:
            return heading_for(self._doc, self._sections, line)
        if self._table is None:
            self._table = []
            current = ""
            for text in self._doc.lines:
                self._table.append(current)
                if is_heading_like(text):
                    current = text.strip()
        return self._table[line - 1]
