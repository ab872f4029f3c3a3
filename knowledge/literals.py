"""Words a regular expression cannot match without: a cheap test that skips scanning a text for it.

`required_literals(pattern)` reads the pattern's parse tree and returns sets of lower-case strings such
that every match contains one string of each set (`\\bremote\\s+(?:role|job)\\b` -> {"remote"} and
{"role", "job"}). If no string of some set occurs in `fold(text)`, the pattern cannot match anywhere in
`text`, so a scan of the whole text (the extractors' main cost) is skipped with exactly the same result.
`Document.finditer` and `Document.search` make that test before scanning.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # the parser behind `re.compile` (Python >= 3.11)
_c: Any = importlib.import_module("re._constants")

__all__ = ["fold", "may_match", "required_literals"]

_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
"""Characters that `re.IGNORECASE` matches to an ASCII letter but `str.lower` does not turn into it
(dotted and dotless i, long s; the Kelvin sign is lowered to k already)."""
_MAX_WORDS = 64
"""A larger set costs more to test than it saves."""
_MAX_SETS = 3
"""Sets tested per pattern, the most selective first."""
_MAX_REPEAT = 3
"""Repeats of literal text up to this many times are spelled out (`on-?site` -> onsite, on-site)."""
_ZERO_WIDTH = frozenset({_c.AT, _c.ASSERT, _c.ASSERT_NOT})
_REPEATS = frozenset({_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT})

Words = frozenset[str]


def fold(text: str) -> str:
    """`text` lower-cased so that an ASCII literal the regex engine would match (in any case) occurs in it."""
    return text.translate(_FOLD).lower() if not text.isascii() else text.lower()


def may_match(pattern: re.Pattern[str], folded: str) -> bool:
    """False only if `pattern` cannot match anywhere in the text whose `fold` is `folded`."""
    return all(any(word in folded for word in words) for words in required_literals(pattern))


@functools.cache
def required_literals(pattern: re.Pattern[str]) -> tuple[Words, ...]:
    """Sets of lower-case ASCII strings such that every match of `pattern` contains one string of each
    set (none when nothing is known)."""
    if not isinstance(pattern.pattern, str):
        return ()
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unreadable tree only means the scan is never skipped
        return ()
    return tuple(sorted(dict.fromkeys(_candidates(list(tree))), key=_cost)[:_MAX_SETS])


def _candidates(items: Sequence[tuple[Any, Any]]) -> list[Words]:
    """Required sets of a sequence of nodes: every match meets each of them."""
    candidates: list[Words] = []
    run: set[str] | None = {""}
    """The literal texts the nodes since the last other one can match (None: too many to list)."""
    for op, av in _flattened(items):
        if op in _ZERO_WIDTH:
            continue  # the characters on either side stay adjacent
        texts, complete = _texts([(op, av)])
        run = _joined(run, texts)
        if not complete:
            if run and "" not in run:
                candidates.append(frozenset(run))
            run = {""}
            candidates += _node(op, av)
    if run and "" not in run:
        candidates.append(frozenset(run))
    return [words for words in candidates if len(words) <= _MAX_WORDS]


def _texts(items: Iterable[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """The literal texts a sequence of nodes starts with (None: too many to list), and whether the
    sequence is only that text."""
    texts: set[str] | None = {""}
    for op, av in _flattened(items):
        if op in _ZERO_WIDTH:
            continue
        chars = _chars(op, av)
        if chars is not None:
            texts = _joined(texts, chars)
            continue
        if op is _c.BRANCH:
            found, complete = _union([_texts(alternative) for alternative in av[1]])
        elif op in _REPEATS and av[1] <= _MAX_REPEAT:
            found, complete = _repeated(av[0], av[1], _texts(av[2]))
        else:
            return texts, False
        texts = _joined(texts, found)
        if not complete or texts is None:
            return texts, False
    return texts, True


def _union(options: list[tuple[set[str] | None, bool]]) -> tuple[set[str] | None, bool]:
    """The texts of a branch from those of its alternatives."""
    texts: set[str] = set()
    for found, _ in options:
        if found is None:
            return None, False
        texts |= found
    return texts, all(complete for _, complete in options)


def _repeated(low: int, high: int, body: tuple[set[str] | None, bool]) -> tuple[set[str] | None, bool]:
    """The texts of `low` to `high` repeats of a body with these texts."""
    found, complete = body
    if found is None or not complete:
        return (found, False) if low >= 1 else ({""}, False)
    texts: set[str] | None = set()
    power: set[str] | None = {""}
    for count in range(high + 1):
        if count >= low and texts is not None and power is not None:
            texts |= power
        power = _joined(power, found)
    return texts, texts is not None


def _joined(heads: set[str] | None, tails: set[str] | None) -> set[str] | None:
    if heads is None or tails is None or len(heads) * len(tails) > _MAX_WORDS:
        return None
    return {head + tail for head in heads for tail in tails}


def _flattened(items: Iterable[tuple[Any, Any]]) -> Iterable[tuple[Any, Any]]:
    """Nodes with groups (capturing, flag-scoped or atomic) opened into their contents."""
    for op, av in items:
        if op is _c.SUBPATTERN:
            yield from _flattened(av[3])
        elif op is _c.ATOMIC_GROUP:
            yield from _flattened(av)
        else:
            yield op, av


def _node(op: Any, av: Any) -> list[Words]:
    """Required sets of one node that is not only literal text."""
    if op in _REPEATS:
        low, _, body = av
        return _candidates(list(body)) if low >= 1 else []
    if op is _c.BRANCH:
        alternatives = [_candidates(list(alternative)) for alternative in av[1]]
        if not all(alternatives):
            return []
        return list(dict.fromkeys(_branch(alternatives, shared_first) for shared_first in (True, False)))
    return []


def _branch(alternatives: list[list[Words]], shared_first: bool) -> Words:
    """A set every alternative meets: one word of each alternative, preferring words that several
    alternatives share ("remote" in "fully remote" and in "remote role") or else rare-looking ones."""
    chosen: set[str] = set()
    left = list(alternatives)
    while left:
        options = {words for candidates in left for words in candidates}
        price = functools.partial(_price, left=left, chosen=chosen, shared_first=shared_first)
        chosen |= min(options, key=price)
        left = [candidates for candidates in left if not _meets(candidates, frozenset(chosen))]
    return frozenset(_shortest_cover(chosen))


def _price(words: Words, *, left: list[list[Words]], chosen: set[str],
           shared_first: bool) -> tuple[float, ...]:
    """How good a choice `words` is for the alternatives `left`: the lower the better."""
    covered = sum(_meets(candidates, words) for candidates in left)
    cost = _cost(words - chosen)
    return (-covered, cost) if shared_first else (cost / covered if covered else float("inf"),)


def _meets(candidates: list[Words], words: Words) -> bool:
    """Whether an alternative with these required sets always holds one of `words`."""
    return any(all(any(word in found for word in words) for found in needed) for needed in candidates)


def _chars(op: Any, av: Any) -> set[str] | None:
    """The lower-case ASCII characters a one-character node matches (`a`, `[Aa]`, `[ap]`), if that is
    all it matches."""
    if op is _c.LITERAL:
        codes = [av]
    elif op is _c.IN and av and all(kind is _c.LITERAL for kind, _ in av):
        codes = [code for _, code in av]
    else:
        return None
    chars = {chr(code).lower() for code in codes}
    return chars if all(char.isascii() for char in chars) else None


def _shortest_cover(words: set[str]) -> set[str]:
    """The words without those containing another one (finding "remote" finds "remote work" too)."""
    return {word for word in words if not any(other != word and other in word for other in words)}


def _cost(words: Iterable[str]) -> float:
    """How likely a text holds one of `words`, roughly: each letter makes a word four times rarer."""
    return sum(4.0 ** -len(word) for word in words)
