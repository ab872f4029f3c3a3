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
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # the parser behind `re.compile` (Python >= 3.11)
_c: Any = importlib.import_module("re._constants")

__all__ = ["Folded", "Key", "alternatives", "compile_scan", "finditer", "fold", "key", "may_match",
           "required_literals", "word_alternatives"]

_FOLD = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}
"""Characters that `re.IGNORECASE` matches to an ASCII letter but `str.lower` does not turn into it
(dotted and dotless i, long s; the Kelvin sign is lowered to k already)."""
_MAX_WORDS = 64
"""A larger set costs more to test than it saves."""
_MAX_SETS = 3
"""Sets tested per pattern, the most selective first."""
MERGE_SHARE = 0.5
"""Alternatives are scanned for one by one when at most this share of them may match (else one scan for
the whole pattern is cheaper)."""
_MAX_REPEAT = 3
"""Repeats of literal text up to this many times are spelled out (`on-?site` -> onsite, on-site)."""
_ZERO_WIDTH = frozenset({_c.AT, _c.ASSERT, _c.ASSERT_NOT})
_REPEATS = frozenset({_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT})
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
               _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}

Words = frozenset[str]
Key = tuple[str | bytes, int]
"""A pattern's source and flags, which determine it. Patterns are looked up by this key: hashing a
compiled pattern hashes its whole program every time (microseconds for a long one)."""


def key(pattern: re.Pattern[Any]) -> Key:
    """The dictionary key for `pattern` (see `Key`)."""
    return pattern.pattern, pattern.flags


def word_alternatives(words: Iterable[str], *, more: Iterable[str] = ()) -> str:
    """A group matching the first of `words` (regex sources) that matches where a word starts, as
    `\\b(?:w1|w2|…)` does, spelled so that a case-sensitive search jumps from one of their first letters
    to the next instead of trying the whole alternation at every position.

    Each word must start with a literal word character. Its `\\b` is checked once that character is
    matched, as "no word character before it" (`A(?<!\\w\\w)labama`), so every alternative starts with
    a literal and the regex compiler gives the search the set of first letters to skip to. `more` are
    further alternatives, tried last and taken as they are: each must start with a literal too.
    """
    spelled = []
    for word in words:
        if not re.fullmatch(r"\w", word[:1]):
            raise ValueError(f"{word!r} does not start with a literal word character")
        spelled.append(word[0] + r"(?<!\w\w)" + word[1:])
    return "(?:" + "|".join([*spelled, *more]) + ")"


def compile_scan(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)` led by a lookahead for the characters a match can start with (read
    from its parse tree), so that a scan turns away every other position with one test instead of
    entering each alternative there (two to four times faster for a long alternation of cued phrases).
    The matches are the same; without a known set of first characters the pattern is compiled as is."""
    tree = _parser.parse(source, flags)  # (an invalid pattern raises `re.error`, as `re.compile` does)
    try:
        chars, may_be_empty = _first_chars(list(tree))
    except _NoCharSet:
        may_be_empty = True
    if may_be_empty:
        return re.compile(source, flags)
    lead = "(?=[" + "".join(sorted(chars)) + "])"
    led = re.compile(lead + (f"(?:{source})" if len(_top_level_parts(source)) > 1 else source), flags)
    _UNLED[key(led)] = source
    return led


_UNLED: dict[Key, str] = {}
"""The source each `compile_scan` pattern was led from (one entry per pattern compiled, at import):
`alternatives` splits that, the lead over the whole pattern only slowing the search for one part."""


class _NoCharSet(Exception):
    """A node whose first characters a character class cannot list (`.`, `[^…]`, scoped flags)."""


def _first_chars(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """Character-class items covering every first character of a sequence of nodes, and whether the
    sequence may match the empty string."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.SUBPATTERN:
            if av[2] or av[1] & ~_c.SRE_FLAG_IGNORECASE:  # (?s:…) and the like: the class would differ
                raise _NoCharSet
            chars, may_be_empty = _first_chars(av[3])
            if av[1]:  # (?i:…): the lead is read case-sensitively unless the whole pattern is not
                chars = {variant for item in chars for variant in _any_case(item)}
        elif op is _c.ATOMIC_GROUP:
            chars, may_be_empty = _first_chars(av)
        elif op is _c.BRANCH:
            options = [_first_chars(branch) for branch in av[1]]
            chars = set().union(*(option for option, _ in options))
            may_be_empty = any(empty for _, empty in options)
        elif op in _REPEATS:
            chars, may_be_empty = _first_chars(av[2])
            may_be_empty = may_be_empty or av[0] == 0
        else:
            chars, may_be_empty = _class_items(op, av), False
        found |= chars
        if not may_be_empty:
            return found, False
    return found, True


_OTHER_CASES = {"i": "\u0131\u0130", "k": "\u212a", "s": "\u017f"}
"""The characters `re.IGNORECASE` matches to an ASCII letter besides its two cases (Python's docs)."""


def _any_case(item: str) -> set[str]:
    """The class items matching what a `_class_items` item matches in any case."""
    if not item.startswith("\\U"):
        return {item}  # a category (\\d, \\s, \\w) is the same in any case
    if "-" in item or not (char := chr(int(item[2:], 16))).isascii():
        raise _NoCharSet  # a range or a letter outside ASCII: not worked out
    cases = (char, char.lower(), char.upper(), *_OTHER_CASES.get(char.lower(), ""))
    return {f"\\U{ord(case):08x}" for case in cases}


def _class_items(op: Any, av: Any) -> set[str]:
    """The character-class items of a one-character node."""
    if op is _c.LITERAL:
        return {f"\\U{av:08x}"}
    if op is not _c.IN:
        raise _NoCharSet
    items: set[str] = set()
    for kind, value in av:
        if kind is _c.LITERAL:
            items.add(f"\\U{value:08x}")
        elif kind is _c.RANGE:
            items.add(f"\\U{value[0]:08x}-\\U{value[1]:08x}")
        elif kind is _c.CATEGORY and value in _CATEGORIES:
            items.add(_CATEGORIES[value])
        else:
            raise _NoCharSet
    return items


def fold(text: str) -> str:
    """`text` lower-cased so that an ASCII literal the regex engine would match (in any case) occurs in it."""
    if not text.isascii():
        for char, letter in _FOLD.items():
            if char in text:
                text = text.replace(char, letter)
    return text.lower()


class Folded:
    """A text's `fold`, remembering which words and patterns it was asked about (patterns share words)."""

    def __init__(self, text: str) -> None:
        self.text = fold(text)
        self._holds: dict[str, bool] = {}
        """Whether the folded text contains each word asked about."""
        self._may: dict[Key, bool] = {}
        self._scans: dict[Key, list[re.Pattern[str]] | None] = {}

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only if `pattern` cannot match anywhere in the text."""
        pattern_key = pattern.pattern, pattern.flags  # `key(pattern)`, spelled out: thousands of calls
        known = self._may.get(pattern_key)
        if known is None:
            known = self._may[pattern_key] = self._meets(_required_literals(*pattern_key))
        return known

    def scans(self, pattern: re.Pattern[str]) -> list[re.Pattern[str]] | None:
        """The alternatives of `pattern` to scan the text for one by one (none: it matches nowhere), or
        None when one scan for the whole pattern is cheaper (`finditer`)."""
        pattern_key = pattern.pattern, pattern.flags
        if pattern_key in self._scans:
            return self._scans[pattern_key]
        found: list[re.Pattern[str]] | None = []
        if self.may_match(pattern):
            parts = _needing(*pattern_key)
            found = [part for part, needs in parts if self._meets(needs)]
            if not parts or len(found) > len(parts) * MERGE_SHARE:
                found = None
        self._scans[pattern_key] = found
        return found

    def _meets(self, needs: tuple[Words, ...]) -> bool:
        held, text = self._holds, self.text  # (a method call per word was most of a prefilter's cost)
        for words in needs:
            for word in words:
                found = held.get(word)
                if found is None:
                    found = held[word] = word in text
                if found:
                    break
            else:
                return False
        return True


def may_match(pattern: re.Pattern[str], folded: Folded) -> bool:
    """False only if `pattern` cannot match anywhere in the text `folded` was made from."""
    return folded.may_match(pattern)


def finditer(pattern: re.Pattern[str], text: str, folded: Folded, pos: int = 0,
             endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text, pos, endpos)` gives, found by scanning only for the
    alternatives of `pattern` that `folded` (of `text`) leaves possible, when that is few of them."""
    stop = len(text) if endpos is None else endpos
    possible = folded.scans(pattern)
    if possible is None:
        return pattern.finditer(text, pos, stop)
    return _merged(pattern, possible, text, pos, stop) if possible else iter(())


def _merged(pattern: re.Pattern[str], parts: list[re.Pattern[str]], text: str, pos: int,
            stop: int) -> Iterator[re.Match[str]]:
    """The matches of `pattern` (never empty) where one of its alternatives `parts` matches first: at the
    leftmost place any part matches, `pattern` matches as the first alternative that does."""
    heads = [part.search(text, pos, stop) for part in parts]
    while True:
        starts = [head.start() for head in heads if head is not None]
        if not starts:
            return
        match = pattern.match(text, min(starts), stop)
        if match is None:  # cannot happen: a part matches there, so the whole does
            return
        yield match
        pos = match.end()
        heads = [head if head is None or head.start() >= pos else part.search(text, pos, stop)
                 for head, part in zip(heads, parts, strict=True)]


def required_literals(pattern: re.Pattern[str]) -> tuple[Words, ...]:
    """Sets of lower-case ASCII strings such that every match of `pattern` contains one string of each
    set (none when nothing is known)."""
    return _required_literals(pattern.pattern, pattern.flags)


@functools.cache
def _required_literals(source: str | bytes, flags: int) -> tuple[Words, ...]:
    if not isinstance(source, str):
        return ()
    try:
        tree = _parser.parse(source, flags)
    except Exception:  # an unreadable tree only means the scan is never skipped
        return ()
    return tuple(sorted(dict.fromkeys(_candidates(list(tree))), key=_cost)[:_MAX_SETS])


def alternatives(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """The top-level alternatives of `pattern` (`a|b|c`) compiled on their own, when scanning for each
    one finds the same matches as scanning for `pattern` (`knowledge.document.Document.finditer`);
    else none. Never when a match may be empty or an alternative refers to a group."""
    return _alternatives(pattern.pattern, pattern.flags)


@functools.cache
def _needing(source: str | bytes, flags: int) -> tuple[tuple[re.Pattern[str], tuple[Words, ...]], ...]:
    """The `alternatives` of a pattern, each with its `required_literals`."""
    return tuple((part, required_literals(part)) for part in _alternatives(source, flags))


@functools.cache
def _alternatives(source: str | bytes, flags: int) -> tuple[re.Pattern[str], ...]:
    if not isinstance(source, str) or flags & re.VERBOSE:
        return ()
    source = _UNLED.get((source, flags), source)
    try:
        tree = _parser.parse(source, flags)
        if tree.getwidth()[0] == 0 or _refers_to_groups(list(tree)):
            return ()
        parts = [compile_scan(part, flags) for part in _alternative_sources(source)]
    except (re.error, RecursionError):
        return ()
    return tuple(parts) if len(parts) > 1 else ()


def _alternative_sources(source: str) -> list[str]:
    """The sources of the top-level alternatives: `a|b`, or `P(?:a|b)` with P zero-width (`PA|PB`)."""
    parts = _top_level_parts(source)
    if len(parts) > 1 or not source.endswith(")"):
        return parts
    opening = _opening_of_last_group(source)
    if opening is None or not source.startswith("(?:", opening):
        return parts
    prefix = source[:opening]
    if any(op not in _ZERO_WIDTH for op, _ in _parser.parse(prefix)):
        return parts
    return [prefix + part for part in _top_level_parts(source[opening + 3:-1])]


def _opening_of_last_group(source: str) -> int | None:
    """Where the group closed by the final `)` of `source` opens (at depth 0)."""
    openings = [index for index, char, depth in _structure(source) if char == "(" and depth == 0]
    return openings[-1] if openings else None


def _top_level_parts(source: str) -> list[str]:
    """`source` split at each `|` outside groups and character classes."""
    bars = [index for index, char, depth in _structure(source) if char == "|" and depth == 0]
    return [source[start + 1:end] for start, end in itertools.pairwise([-1, *bars, len(source)])]


def _structure(source: str) -> Iterable[tuple[int, str, int]]:
    """(index, character, group depth outside it) of each `(`, `)` and `|` that is not escaped and not
    in a character class."""
    depth, index, class_start = 0, 0, -1
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if class_start >= 0:
            first = index == class_start + 1 or (index == class_start + 2 and source[class_start + 1] == "^")
            if char == "]" and not first:
                class_start = -1
        elif char == "[":
            class_start = index
        elif char == "(":
            yield index, char, depth
            depth += 1
        elif char == ")":
            depth -= 1
            yield index, char, depth
        elif char == "|":
            yield index, char, depth
        index += 1


def _refers_to_groups(items: Iterable[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        children = (av[3] if op is _c.SUBPATTERN else av[2] if op in _REPEATS
                    else [item for branch in av[1] for item in branch] if op is _c.BRANCH
                    else av[1] if op in (_c.ASSERT, _c.ASSERT_NOT) else av if op is _c.ATOMIC_GROUP else [])
        if _refers_to_groups(children):
            return True
    return False


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
                candidates.append(frozenset(_shortest_cover(run)))
            run = {""}
            candidates += _node(op, av)
    if run and "" not in run:
        candidates.append(frozenset(_shortest_cover(run)))
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
        return list(dict.fromkeys([_cheapest_each(alternatives), _shared(alternatives)]))
    return []


def _cheapest_each(alternatives: list[list[Words]]) -> Words:
    """The rarest-looking set of each alternative, together."""
    return frozenset(_shortest_cover({word for candidates in alternatives
                                      for word in min(candidates, key=_cost)}))


def _shared(alternatives: list[list[Words]]) -> Words:
    """Words several alternatives share ("remote" in "fully remote" and in "remote role"), most shared
    first, then the rarest-looking set of each alternative no shared word covers."""
    covers: dict[str, set[int]] = {}
    for word in {word for candidates in alternatives for words in candidates for word in words}:
        covers[word] = {index for index, candidates in enumerate(alternatives)
                        if any(all(word in found for found in words) for words in candidates)}
    chosen: set[str] = set()
    left = set(range(len(alternatives)))
    while left:
        word = max(covers, key=lambda word: (len(covers[word] & left), len(word)))
        if len(covers[word] & left) < 2:
            break
        chosen.add(word)
        left -= covers[word]
    chosen |= _cheapest_each([alternatives[index] for index in sorted(left)]) if left else set()
    return frozenset(_shortest_cover(chosen))


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
