"""A posting's text with the bookkeeping every extractor needs: lines, offsets and spans."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import Any, TypeVar

from knowledge.literals import Folded, Key, finditer, key, may_match
from knowledge.models import Fact, Span

T = TypeVar("T")
_FACT: type[Fact[Any]] = Fact[T]  # type: ignore[valid-type]
"""The model `Fact[T]` names, looked up once (each lookup costs as much as building a fact)."""


class Document:
    """Immutable text addressed by character offsets; turns offsets into `Span`s with line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self._matches: dict[Key, list[re.Match[str]]] = {}
        self._line_starts = [0]
        for line in self.lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)

    def line_of(self, offset: int) -> int:
        """The 1-based line holding character `offset`."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, line: int) -> int:
        """The offset of the first character of 1-based `line`."""
        return self._line_starts[line - 1]

    def located(self, start: int, end: int) -> tuple[str, int, int]:
        """text[start:end] trimmed of surrounding whitespace, with its first and last 1-based lines."""
        start, end = self._trim(start, end)
        return self.text[start:end], self.line_of(start), self.line_of(max(start, end - 1))

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end], trimmed of surrounding whitespace."""
        text, first, last = self.located(start, end)
        return Span(text=text, start_line=first, end_line=last)

    def fact(self, value: T, start: int, end: int) -> Fact[T]:
        """A `Fact` holding `value` with text[start:end] as its evidence."""
        text, first, last = self.located(start, end)
        return _FACT(value=value, text=text, start_line=first, end_line=last)

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets (start, end) of 1-based `line`, without its newline."""
        start = self._line_starts[line - 1]
        return start, start + len(self.lines[line - 1])

    @functools.cached_property
    def folded(self) -> Folded:
        """The text lower-cased for quick "does it say X at all" tests (`knowledge.literals`)."""
        return Folded(self.text)

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only if `pattern` matches nowhere in the text (a few substring tests, no scan)."""
        return may_match(pattern, self.folded)

    def finditer(self, pattern: re.Pattern[str], start_line: int = 1,
                 end_line: int | None = None) -> Iterator[re.Match[str]]:
        """Matches of `pattern` over the whole text, or over a range of lines."""
        begin = self._line_starts[start_line - 1]
        last = len(self.lines) if end_line is None else end_line
        stop = self._line_starts[last - 1] + len(self.lines[last - 1])
        return finditer(pattern, self.text, self.folded, begin, stop)

    def scan(self, pattern: re.Pattern[str], start: int = 0,
             end: int | None = None) -> Iterator[re.Match[str]]:
        """Matches of `pattern` in text[start:end] (the whole text by default), as `pattern.finditer`
        finds them, with the scans `knowledge.literals` proves useless skipped."""
        return finditer(pattern, self.text, self.folded, start, end)

    def matches(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of `pattern` in the whole text (found once per document: several extractors ask)."""
        pattern_key = key(pattern)
        found = self._matches.get(pattern_key)
        if found is None:
            found = self._matches[pattern_key] = list(self.scan(pattern))
        return found

    def search(self, pattern: re.Pattern[str], start: int = 0,
               end: int | None = None) -> re.Match[str] | None:
        """The first match of `pattern` in text[start:end] (the whole text by default)."""
        return next(self.scan(pattern, start, end), None)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end
