"""The single tokenizer, used for passages and queries alike.

Text is NFKC-normalised and lower-cased, then split into words, numbers and acronyms:
"$127,000" -> "127000", "$60k" -> "60000", "40-hour" -> "40" "hour", "e-mail" -> "email",
"U.S." -> "us", "401(k)" -> "401k", "POP's!" -> "pop", "don't" -> "do" "not". English stop words
are dropped (negations kept) and words are Snowball-stemmed, with stems ending in "-is" folded into
"-iz" so British and American spellings ("organiser", "organizer") meet.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["STOP_WORDS", "stem", "tokenize"]

_STOP_TEXT = """
a about above after again against am an and any are as at be because been before being below between can
both but by could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself of on
once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves
us also etc via per s t d ll m re ve
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
"""Common English words that carry no meaning for retrieval. "not", "no", "nor", "may" (the month)
and numbers are deliberately absent."""

# Apostrophe and hyphen look-alikes NFKC leaves alone; the soft hyphen is dropped.
_LOOK_ALIKES = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("′", "'"), ("`", "'"), ("‐", "-"), ("‑", "-"),
                ("\u00ad", ""))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(
    r"(?=[^\W_])"                            # every token starts so: most positions fail at once
    r"(?:(?<![^\W_])(?:[^\W\d_]\.){2,}"      # dotted acronym: u.s., e.g.
    r"|\d+\([^\W\d_]\)"                      # 401(k)
    rf"|(?:{_NUMBER})k?(?![^\W_])"           # 127,000  1.5  60k
    r"|[^\W_]+(?:['-][^\W_]+)*)"             # words, possibly hyphenated or with apostrophes
)
_ACRONYM = re.compile(r"(?:[^\W\d_]\.){2,}")
_PAREN = re.compile(r"(\d+)\(([^\W\d_])\)")
_NUMERIC = re.compile(rf"({_NUMBER})(k?)")
# Clitics dropped after an apostrophe ("you'll" -> "you"); other apostrophes join ("o'neil").
_CLITICS = frozenset({"s", "ll", "re", "ve", "d", "m"})
_NEGATED_BASES = {"ca": "can", "wo": "will", "sha": "shall"}

_local = threading.local()


def tokenize(text: str) -> list[str]:
    """Index terms of `text`, in order: normalised, stop words removed, stemmed.

    Line by line, each line's terms kept (`_LINES`): a posting's passages are lines of its text, which
    is tokenized too, and postings share boilerplate. No token spans a line break, and neither
    normalising nor lower-casing acts across one, so a text's terms are its lines' terms in turn, but
    for one thing: a backtick becomes an apostrophe in a text holding other non-ASCII characters, even
    on a line holding none. Such a text is tokenized whole.
    """
    if "\n" not in text:
        return list(_LINES.terms(text))
    if not text.isascii() and any(backtick in text for backtick in _BACKTICKS):
        return list(_text_terms(text))
    return list(itertools.chain.from_iterable(map(_LINES.terms, text.split("\n"))))


_BACKTICKS = ("`", "\u1fef", "\uff40")
"""The characters normalised and lower-cased into text holding a backtick."""


def _text_terms(text: str) -> tuple[str, ...]:
    """The index terms of `text`, worked out."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isascii():  # (a backtick in ASCII text is left alone)
        for alike, char in _LOOK_ALIKES:
            if alike in text:  # much faster than `str.translate`, which looks every character up
                text = text.replace(alike, char)
    raws = _TOKEN.findall(text)
    known = _KNOWN
    try:
        return tuple(itertools.chain.from_iterable(map(known.__getitem__, raws)))
    except KeyError:
        if len(known) > _KNOWN_SIZE:
            known.clear()
        terms: list[str] = []
        for raw in raws:
            found = known.get(raw)
            if found is None:
                found = known[raw] = _terms(raw)
            terms += found
        return tuple(terms)


_KNOWN: dict[str, tuple[str, ...]] = {}
"""Regex token -> its index terms: most tokens repeat, and a dict lookup is the cheapest cache there is
(emptied when it grows past `_KNOWN_SIZE`; another thread emptying it meanwhile only costs a recompute)."""
_KNOWN_SIZE = 1 << 18


class _LineCache:
    """Line -> its index terms, for lines of at most `budget` characters in all (emptied when full;
    another thread emptying it meanwhile only costs a recompute)."""

    def __init__(self, budget: int) -> None:
        self._terms: dict[str, tuple[str, ...]] = {}
        self._size = 0
        self._budget = budget

    def terms(self, line: str) -> tuple[str, ...]:
        """The index terms of `line`, a text holding no line break."""
        found = self._terms.get(line)
        if found is None:
            found = _text_terms(line)
            if self._size + len(line) > self._budget:
                self._terms.clear()
                self._size = 0
            self._terms[line] = found
            self._size += len(line)
        return found


_LINES = _LineCache(1 << 22)


def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word, with an "-is" stem ending folded into "-iz"."""
    return _stem(word)


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    if any(c.isdigit() for c in word):
        return word
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # Snowball stemmers keep per-call state: one per thread.
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    result: str = stemmer.stemWord(word)
    # British "-ise" stems ("organis", "supervis") fold into the American "-iz" ones.
    if len(result) >= 5 and result.endswith("is"):
        result = result[:-2] + "iz"
    return result


def _terms(raw: str) -> tuple[str, ...]:
    """The index terms of one regex token."""
    if _ACRONYM.fullmatch(raw):
        return (raw.replace(".", ""),)  # an acronym is kept even when it spells a stop word
    if paren := _PAREN.fullmatch(raw):
        return (paren[1] + paren[2],)
    if number := _NUMERIC.fullmatch(raw):
        return (_number(number[1], bool(number[2])),)
    terms: list[str] = []
    parts = raw.split("-")
    if len(parts) > 1 and any(len(p) == 1 for p in parts):
        parts = ["".join(parts)]  # e-mail, x-ray
    for part in parts:
        terms.extend(_word(part))
    return tuple(terms)


def _number(digits: str, thousands: bool) -> str:
    digits = digits.replace(",", "")
    if "." in digits:
        whole, frac = digits.split(".")
        frac = frac.rstrip("0")
        digits = f"{whole}.{frac}" if frac else whole
    if thousands:
        value = float(digits) * 1000
        return str(int(value)) if value.is_integer() else str(value)
    return digits


def _word(part: str) -> list[str]:
    words: list[str]
    if "'" in part:
        base, _, rest = part.partition("'")
        if part.endswith("n't"):
            stem_part = part[:-3].replace("'", "")
            words = [_NEGATED_BASES.get(stem_part, stem_part), "not"]
        elif rest in _CLITICS:
            words = [base]
        else:
            words = [part.replace("'", "")]
    else:
        words = [part]
    stems = [_stem(w) for w in words if w and w not in STOP_WORDS]
    return [s for s in stems if s not in STOP_WORDS]  # "wills" -> "will"
