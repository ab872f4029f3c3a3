"""The engine's analysis of the stored postings, saved in the store so that a restart restores it.

Tokenizing every passage (Snowball stemming in pure Python) was most of a start-up at 100k passages.
The analysis — each passage's term ids and frequencies, the vocabulary, each posting's header terms,
the catalog's word sets and names, and the prefilters' posting facts — is saved as arrays under a key
naming the exact posting revisions and the code that analysed them, so it is used only when it
describes what is stored, as that code would.
Restoring it gives the same index, catalog and facts as analysing again (tests/test_saved.py).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import itertools
import json
import logging
from array import array as int_array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import snowballstemmer

from knowledge.models import Posting
from retrieval.analysis import Analysis, analyse
from retrieval.index import PassageIndex, PassageTerms, pack_words, packed_bytes, unpack_words, unpacked_bytes
from retrieval.jobs import PostingFacts
from retrieval.understand.catalog import Catalog, Names, PostingWords

__all__ = ["PackedAnalysis", "analyse_packed", "analysis_key", "dump", "dump_analyses", "load"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

_FORMAT = b"open-roles analysis 3\n"
_DTYPES = frozenset({"|u1", "<i4", "<i8"})
"""The element types a saved analysis may hold: plain integers and bytes, never objects."""
_ANALYSING_CODE = ("tokenize.py", "index.py", "understand/catalog.py", "saved.py", "jobs.py", "fields.py",
                   "answer.py", "analysis.py", "format.py", "request.py")
"""Modules whose code decides the saved arrays and facts: a change to any of them invalidates saved
analyses (a change to the parser's re-parses every posting, which changes their revisions)."""


@functools.cache
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(_FORMAT)
    root = Path(__file__).resolve().parent
    for name in _ANALYSING_CODE:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    # The stemmer's version and implementation (PyStemmer's C one when installed) decide the stems.
    stemmer = type(snowballstemmer.stemmer("english"))
    digest.update(f"{importlib.metadata.version('snowballstemmer')} {stemmer.__module__}".encode())
    return digest.digest()


def analysis_key(revisions: Mapping[tuple[str, str], str] | Mapping[str, str]) -> str:
    """The key of an analysis of the postings with these store revisions (`Store.revisions`)."""
    listed = json.dumps(sorted(revisions.items()), ensure_ascii=False).encode("utf-8", "surrogatepass")
    return hashlib.sha256(_code_fingerprint() + listed).hexdigest()


def dump(index: PassageIndex, catalog: Catalog, facts: Sequence[PostingFacts]) -> bytes:
    """The analysis of an index, the catalog and the posting facts of the same postings, as bytes (plain
    arrays and JSON text, no pickle)."""
    return _dumped(index.analysis(), [p.id for p in catalog.postings],
                   [packed_bytes(words) for words in catalog.texts],
                   [[packed_bytes(words) for words in found] for found in catalog.benefits],
                   [_row(names.plain()) for names in catalog.names], [_row(found.plain()) for found in facts])


@dataclass(frozen=True)
class PackedAnalysis:
    """One posting's `Analysis` as a saved analysis holds it: what a sync that only saves the analysis
    needs (`dump_analyses`), a fraction of the objects to send from a parsing worker and to keep."""

    terms: PassageTerms
    text: bytes
    """Its text words, packed (`packed_bytes`)."""
    benefits: tuple[bytes, ...]
    """The words of each of its benefits, packed."""
    names: str
    """Its names (`Names.plain`) as a line of JSON."""
    facts: str
    """Its facts (`PostingFacts.plain`) as a line of JSON."""

    def unpacked(self) -> Analysis:
        """The `Analysis` this was packed from."""
        words = PostingWords(Names.from_plain(json.loads(self.names)), frozenset(unpacked_bytes(self.text)),
                             tuple(frozenset(unpacked_bytes(found)) for found in self.benefits))
        return Analysis(self.terms, words, PostingFacts.from_plain(json.loads(self.facts)))


def analyse_packed(posting: Posting) -> PackedAnalysis:
    """The `Analysis` of `posting`, packed. Pure: runs in a parsing worker process."""
    analysis = analyse(posting)
    terms, words = analysis.terms, analysis.words
    # Arrays of machine integers: one copy each to send and keep, not an object per number.
    numbers = [int_array("i", values) for values in (terms.terms, terms.tfs, terms.counts, terms.lens)]
    return PackedAnalysis(PassageTerms(terms.header, terms.vocab, *numbers), packed_bytes(words.text),
                          tuple(packed_bytes(found) for found in words.benefits), _row(words.names.plain()),
                          _row(analysis.facts.plain()))


def dump_analyses(ids: Sequence[str], analyses: Sequence[PackedAnalysis]) -> bytes:
    """What `dump` gives for the snapshot of the postings with these ids and `analyses` (ordered as a
    snapshot orders them), without building it."""
    return _dumped(PassageIndex.analysis_of(analysis.terms for analysis in analyses), ids,
                   [a.text for a in analyses], [a.benefits for a in analyses], [a.names for a in analyses],
                   [a.facts for a in analyses])


def _dumped(index: Mapping[str, np.ndarray], ids: Sequence[str], texts: Sequence[bytes],
            benefits: Sequence[Sequence[bytes]], names: Sequence[str], facts: Sequence[str]) -> bytes:
    """The saved analysis of postings given by their index arrays, ids, packed word sets and JSON rows."""
    return _encode({**index, "ids": pack_words(ids), **_pack_sets("text", texts),
                    **_pack_sets("benefit", [words for found in benefits for words in found]),
                    "benefits_per_posting": np.array([len(found) for found in benefits], dtype=np.int64),
                    "names": _lines(names), "facts": _lines(facts)})


def load(data: bytes, postings: Sequence[Posting]
         ) -> tuple[PassageIndex, Catalog, tuple[PostingFacts, ...]] | None:
    """The index, catalog and posting facts of `postings` from a `dump` of theirs, or None (logged) if
    `data` is not one."""
    try:
        arrays = _decode(data)
        if unpack_words(arrays["ids"]) != [p.id for p in postings]:
            raise ValueError("it was saved for other postings")
        texts = _unpack_sets("text", arrays)
        benefits = [tuple(found) for found in _grouped(_unpack_sets("benefit", arrays),
                                                        arrays["benefits_per_posting"])]
        names = [Names.from_plain(row) for row in _read_lines(arrays["names"], len(postings))]
        facts = tuple(PostingFacts.from_plain(row) for row in _read_lines(arrays["facts"], len(postings)))
        catalog = Catalog(postings, texts=texts, benefits=benefits, names=names)
        return PassageIndex.from_analysis(postings, arrays), catalog, facts
    except (KeyError, TypeError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        logger.warning("The saved search analysis is unusable (%s); analysing the postings again", exc)
        return None


_row = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode
"""One row of JSON values as a line of text."""


def _lines(rows: Sequence[str]) -> np.ndarray:
    """JSON `rows` as lines, in UTF-8 bytes. (Rows are encoded one by one, never in one `json.dumps`: that
    would hold the GIL, and stall an event loop, for a tenth of a second at 100k passages.)"""
    return np.frombuffer("\n".join(rows).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _read_lines(array: np.ndarray, count: int) -> list[Any]:
    """The `count` rows of a `_json_lines` array (ValueError if it holds another number)."""
    lines = array.tobytes().decode("utf-8", "surrogatepass").split("\n") if count else []
    if len(lines) != count:
        raise ValueError("its rows do not match the postings")
    return [json.loads(line) for line in lines]


def _encode(arrays: Mapping[str, np.ndarray]) -> bytes:
    """Arrays as one buffer: a format line, a JSON header (name -> dtype, length, offset), the data."""
    header: dict[str, tuple[str, int, int]] = {}
    parts: list[bytes] = []
    offset = 0
    for name, array in arrays.items():
        flat = np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"), copy=False)).reshape(-1)
        header[name] = (flat.dtype.str, len(flat), offset)
        parts.append(flat.tobytes())
        offset += flat.nbytes
    head = json.dumps(header).encode()
    return b"".join([_FORMAT, len(head).to_bytes(8, "little"), head, *parts])


def _decode(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of an `_encode` buffer, as read-only views of it; ValueError if it is not one."""
    if not data.startswith(_FORMAT):
        raise ValueError("it is not a saved analysis of this version")
    size = int.from_bytes(data[len(_FORMAT):len(_FORMAT) + 8], "little")
    body = len(_FORMAT) + 8 + size
    header = json.loads(data[len(_FORMAT) + 8:body])
    if not isinstance(header, dict):
        raise ValueError("its header is malformed")
    arrays: dict[str, np.ndarray] = {}
    for name, (dtype, count, offset) in header.items():
        if dtype not in _DTYPES or count < 0 or offset < 0:
            raise ValueError(f"its array {name!r} is malformed")
        arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=body + offset)
    return arrays


def _pack_sets(name: str, packed: Sequence[bytes]) -> dict[str, np.ndarray]:
    """Word sets, each packed on its own (`packed_bytes`; a single call over millions of words would hold
    the GIL, and stall an event loop, for tens of milliseconds), as two arrays."""
    ends = np.cumsum([len(chunk) for chunk in packed], dtype=np.int64)
    return {f"{name}_ends": ends, f"{name}_words": np.frombuffer(b"".join(packed), dtype=np.uint8)}


def _unpack_sets(name: str, arrays: Mapping[str, np.ndarray]) -> list[frozenset[str]]:
    buffer, ends = arrays[f"{name}_words"], arrays[f"{name}_ends"].astype(np.int64).tolist()
    if any(b < a for a, b in itertools.pairwise([0, *ends])) or (ends[-1] if ends else 0) != len(buffer):
        raise ValueError("its word sets do not match the postings")
    return [frozenset(unpack_words(buffer[a:b])) for a, b in itertools.pairwise([0, *ends])]


def _grouped(items: Sequence[T], counts: np.ndarray) -> list[Sequence[T]]:
    """`items` cut into consecutive groups of `counts` items (ValueError unless they add up)."""
    sizes = counts.astype(np.int64).tolist()
    if any(size < 0 for size in sizes) or sum(sizes) != len(items):
        raise ValueError("its word sets do not match the postings")
    return [items[a:b] for a, b in itertools.pairwise(itertools.accumulate(sizes, initial=0))]
