"""The heading above each line, looked up in constant time for extractors that ask about many lines."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.extract._prose import is_heading_like
from knowledge.models import Section


class Headings:
    """`heading_for` for many lines of one document: one pass builds a table, so a posting with
    thousands of figures, dates or sections is not scanned once per figure."""

    def __init__(self, doc: Document, sections: list[Section]) -> None:
        self._doc = doc
        self._sections = sections
        self._table: list[str] | None = None

    def at(self, line: int) -> str:
        """The heading `line` sits under ("" when none): `heading_for`, from a table built once."""
        if self._table is None:
            self._table = self._section_table() if self._sections else self._guessed_table()
        return self._table[line - 1]

    def _section_table(self) -> list[str]:
        table = [""] * len(self._doc.lines)
        for section in reversed(self._sections):  # the first section holding a line wins, as in heading_for
            start, end = max(section.start_line, 1), min(section.end_line, len(table))
            table[start - 1:end] = [section.heading] * max(0, end - start + 1)
        return table

    def _guessed_table(self) -> list[str]:
        table = []
        current = ""
        for text in self._doc.lines:
            table.append(current)
            if is_heading_like(text):
                current = text.strip()
        return table
