"""A question as the recognisers read it: cleaned text, and its words with their offsets."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from retrieval.request import Mention
from retrieval.tokenize import tokenize

if TYPE_CHECKING:
    from retrieval.understand.catalog import Catalog

__all__ = ["MAX_QUESTION_CHARS", "Context", "Slot", "Word", "clean", "mentions_of", "words"]

MAX_QUESTION_CHARS = 500
"""Longer questions are cut, everywhere (the bot's option limit too): nobody asks 10,000 characters in
good faith."""

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*|\$|[<>]=?|[≥≤+/]")


class Slot(StrEnum):
    """What a mention is about: each recogniser fills one slot."""

    TARGET = "target"
    ASK = "ask"
    OPERATION = "operation"
    SUBJECT = "subject"
    """A word for the postings themselves ("jobs", "postings"): claimed so it is no search term."""
    REMOTE = "remote"
    PLACE = "place"
    PAY = "pay"
    PERIOD = "period"
    CURRENCY = "currency"
    TYPE = "type"
    EXPERIENCE = "experience"
    LANGUAGE = "language"
    CLOSING = "closing"
    POSTED = "posted"
    BENEFIT = "benefit"
    EMPLOYER = "employer"
    PHRASE = "phrase"
    LIMIT = "limit"
    FOLLOW_UP = "follow_up"
    UNSTATED = "unstated"
    """A field the postings asked for must not state ("jobs without a salary listed")."""
    EXCLUDED_TYPE = "excluded_type"
    """An employment type the postings asked for must not be ("not counting internships")."""


@dataclass(frozen=True)
class Word:
    """One word of the question: characters [start, end) and its index terms (none for a stop word)."""

    text: str
    start: int
    end: int
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What every recogniser reads: the cleaned question, its words, the catalog and today."""

    text: str
    catalog: Catalog
    today: dt.date
    words: tuple[Word, ...] = field(default=())

    @classmethod
    def of(cls, text: str, catalog: Catalog, today: dt.date) -> Context:
        return cls(text, catalog, today, words(text))


def clean(question: object) -> str:
    """Printable text, Discord mentions and markdown markup removed, whitespace collapsed, cut short."""
    text = question[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
    text = re.sub(r"<[@#][!&]?\d+>|<a?:\w+:\d+>", " ", text)
    text = re.sub(r"[*_`~|]+", " ", text)
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def words(text: str) -> tuple[Word, ...]:
    """The words of `text` with their offsets and index terms (none for chat shorthand: "r u hiring")."""
    return tuple(Word(m.group(), m.start(), m.end(),
                      () if m.group().lower() in _SHORTHAND else tuple(tokenize(m.group())))
                 for m in _WORD.finditer(text))


_SHORTHAND = frozenset({"r", "u", "ur", "pls", "plz", "thx", "ty", "ppl", "n"})
"""Chat words that ask nothing ("r there any…", "thx"): stop words of questions only, so that "R" the
language is still searchable in postings."""


def mentions_of(slot: Slot, table: tuple[tuple[object, re.Pattern[str]], ...], text: str) -> list[Mention]:
    """A mention of `slot` for every match of every pattern of `table` (value, pattern), in table order."""
    return [Mention(slot=slot, start=m.start(), end=m.end(), value=value)
            for value, pattern in table for m in pattern.finditer(text) if m.end() > m.start()]
