"""BM25 over passages: an inverted index whose scores equal rank-bm25's `BM25Okapi`, bit for bit.

Each passage is indexed with its posting's title, organization (and the organization's acronym),
its section heading and its text, so a query naming a posting finds that posting's passages.

The index is compressed-sparse-row: for each term a slice of doc ids (ascending) and of precomputed
impacts `idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))`, computed with the same float
operations, in the same order, as `BM25Okapi.get_scores`. A query adds the impacts of its terms'
postings, in query order, into a score array (no per-passage Python work), so the scores are
identical to rank-bm25's full scan; top-k is then pruned exactly.

rank-bm25's Okapi idf is `log(N - n + 0.5) - log(n + 0.5)`: zero for a term in exactly half the
passages, negative for one in more. Negative values are replaced by `epsilon * mean idf` (rank-bm25
issues #39 and #43), which can itself be <= 0 on tiny corpora. That is reproduced here, and hits
scoring <= 0 are dropped.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.models import Passage, Posting
from retrieval.tokenize import STOP_WORDS, tokenize

__all__ = ["EPSILON", "K1", "B", "Hit", "PassageIndex", "PassageTerms", "acronyms", "pack_words",
           "packed_bytes", "passage_terms", "posting_header", "unpack_words", "unpacked_bytes"]

K1 = 1.5
B = 0.75
EPSILON = 0.25

_CAPITALISED = re.compile(r"[^\W\d_][\w'’]*")
_PARENTHESISED = re.compile(r"\(([A-Z][A-Za-z0-9&.!]{0,11})\)")

_FLUSH_AT = 1 << 16
"""Term lists are turned into arrays this many at a time: one conversion holds the GIL throughout, and
a conversion of millions would stall an event loop running beside the build."""

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Hit:
    """A passage and its BM25 score for a query."""

    passage: Passage
    score: float


def acronyms(name: str) -> list[str]:
    """Acronyms of a name: its capitalised words' initials, and any parenthesised acronym.

    "Jobs to Move America" -> ["jma"]; "Pasadenans Organizing for Progress (POP!)" -> ["pop", "POP!"].
    Words already in capitals ("JMA") are acronyms themselves and give no initial.
    """
    found: list[str] = []
    words = [w for w in _CAPITALISED.findall(name) if w[0].isupper() and w.lower() not in STOP_WORDS]
    if not name.isupper():
        words = [w for w in words if not (len(w) > 1 and w.isupper())]
    if len(words) >= 2:
        found.append("".join(w[0] for w in words).lower())
    found.extend(_PARENTHESISED.findall(name))
    return found


def posting_header(posting: Posting) -> str:
    """The text indexed with every passage of `posting`: its title, organization and acronyms.

    Acronyms come from the organization's name and from parentheses in the title's or the
    organization's value or evidence text; one already among the header's tokens is not repeated.
    """
    facts = [f for f in (posting.title, posting.organization) if f is not None]
    parts = [f.value for f in facts]
    known = set(tokenize(" ".join(parts)))
    candidates = acronyms(posting.organization.value) if posting.organization is not None else []
    for fact in facts:
        candidates += _PARENTHESISED.findall(fact.value) + _PARENTHESISED.findall(fact.text)
    for candidate in candidates:
        new = [t for t in tokenize(candidate) if t not in known]
        if new:
            parts.append(candidate)
            known.update(new)
    return "\n".join(parts)


@dataclass(frozen=True)
class PassageTerms:
    """One posting's passages as the index counts them, worked out apart from any index (so anywhere: a
    parsing worker process does it for the postings it parses)."""

    header: list[str]
    """The tokens of its `posting_header`, indexed with each of its passages."""
    vocab: list[str]
    """Its passages' distinct terms, in order of first appearance."""
    terms: Sequence[int]
    """Each passage's distinct terms in order of first appearance, as positions in `vocab`, passage
    after passage."""
    tfs: Sequence[int]
    """How often each of `terms` occurs in its passage."""
    counts: Sequence[int]
    """How many distinct terms each passage has."""
    lens: Sequence[int]
    """How many tokens each passage has (its BM25 length)."""


def passage_terms(posting: Posting) -> PassageTerms:
    """The `PassageTerms` of `posting`: each passage is its header, section heading and text, tokenized."""
    header = tokenize(posting_header(posting))
    sections: dict[str, list[str]] = {}
    local: dict[str, int] = {}
    terms: list[int] = []
    tfs: list[int] = []
    counts: list[int] = []
    lens: list[int] = []
    for passage in posting.passages:
        section = sections.get(passage.section)
        if section is None:
            section = sections[passage.section] = tokenize(passage.section)
        tokens = header + section + tokenize(passage.text)
        # Terms in order of first occurrence: the order of rank-bm25's idf dict, which fixes the order
        # its mean idf is summed in.
        counted = Counter(tokens)
        terms.extend([local.setdefault(term, len(local)) for term in counted])
        tfs.extend(counted.values())
        counts.append(len(counted))
        lens.append(len(tokens))
    return PassageTerms(header, list(local), terms, tfs, counts, lens)


class PassageIndex:
    """An immutable BM25Okapi index over the passages of some postings; safe to share across threads.

    Besides the term-major postings that answer queries it keeps each passage's terms doc-major (term
    ids, term frequencies and length), so a new index can reuse the analysis of every posting it shares
    with an old one (`build(..., previous=...)`) and only tokenize what changed.

    `within(positions)` is a view of the same index restricted to some of its postings (a collection
    and the shared one): it scores with the whole index's statistics, so its scores are the whole
    index's, and its postings' ids need to be unique only within it.
    """

    def __init__(self, postings: Sequence[Posting], header_tokens: list[list[str]], vocab: list[str],
                 doc_offsets: npt.NDArray[np.int64], doc_terms: IntArray, doc_tfs: IntArray,
                 doc_len: IntArray) -> None:
        self._postings = tuple(postings)
        self._passages: list[Passage] = [p for posting in self._postings for p in posting.passages]
        self._all_passages = self._passages
        """Every passage of the whole index, by doc id (a `within` view's `_passages` are only its own)."""
        counts = np.array([len(posting.passages) for posting in self._postings], dtype=np.int64)
        # Doc range of posting i: _posting_starts[i] to _posting_starts[i + 1].
        starts = np.zeros(len(self._postings) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        self._posting_starts: list[int] = starts.tolist()
        self._doc_posting = np.repeat(np.arange(len(self._postings), dtype=np.int32), counts)
        self._posting_index = {p.id: i for i, p in enumerate(self._postings)}
        self._by_object = {id(p): i for i, p in enumerate(self._postings)}
        self._scope: npt.NDArray[np.int64] | None = None
        """For a `within` view: the doc ranges ([start, end) rows, ascending) of its postings."""
        self._header_tokens = header_tokens
        self._vocab = vocab
        self._terms = dict(zip(vocab, range(len(vocab)), strict=True))
        self._doc_offsets, self._doc_terms = doc_offsets, doc_terms
        self._doc_tfs, self._doc_len = doc_tfs, doc_len
        doc_ids = np.repeat(np.arange(len(doc_len), dtype=np.int32), np.diff(doc_offsets))
        self._offsets, self._docs, self._impacts = _postings(doc_terms, doc_ids, doc_tfs, doc_len, len(vocab))

    @classmethod
    def build(cls, postings: Sequence[Posting], previous: PassageIndex | None = None, *,
              known: Mapping[int, PassageTerms] | None = None) -> PassageIndex:
        """Index every passage of `postings`, in order. CPU-bound: run it in a worker thread.

        The postings also in `previous` (the very same objects) are not tokenized again, nor those whose
        `passage_terms` `known` holds (by `id` of the posting); the result is the same as a build from
        scratch.
        """
        reusable = previous._by_object if previous is not None else {}
        known = known or {}

        def terms_of(posting: Posting) -> PassageTerms | int:
            number = reusable.get(id(posting))
            if previous is not None and number is not None and previous._postings[number] is posting:
                return number
            return known.get(id(posting)) or passage_terms(posting)

        return cls(postings, *_merged(map(terms_of, postings), previous))

    @staticmethod
    def analysis_of(terms: Iterable[PassageTerms]) -> dict[str, npt.NDArray[np.generic]]:
        """The `analysis()` of the index `build` makes of postings with these `passage_terms`, in order,
        without making the index (to save an analysis that is not served here)."""
        return _analysis_arrays(*_merged(terms, None))

    def analysis(self) -> dict[str, npt.NDArray[np.generic]]:
        """The index's analysis of its passages as arrays, for `from_analysis` (to save it)."""
        return _analysis_arrays(self._header_tokens, self._vocab, self._doc_offsets, self._doc_terms,
                                self._doc_tfs, self._doc_len)

    @classmethod
    def from_analysis(cls, postings: Sequence[Posting],
                      arrays: Mapping[str, npt.NDArray[np.generic]]) -> PassageIndex:
        """The index `build(postings)` returns, from the `analysis()` of such an index (no tokenizing).

        Raises ValueError if the arrays cannot be an analysis of these postings' passages.
        """
        vocab = unpack_words(arrays["vocab"])
        header_counts = arrays["header_counts"].astype(np.int64).tolist()
        flat = unpack_words(arrays["header_tokens"])
        doc_offsets = arrays["doc_offsets"].astype(np.int64)
        doc_terms = arrays["doc_terms"].astype(np.int32)
        doc_tfs, doc_len = arrays["doc_tfs"].astype(np.int32), arrays["doc_len"].astype(np.int32)
        n_docs = sum(len(p.passages) for p in postings)
        if (len(header_counts) != len(postings) or sum(header_counts) != len(flat) or len(doc_len) != n_docs
                or len(doc_offsets) != n_docs + 1 or int(doc_offsets[0]) != 0
                or np.any(np.diff(doc_offsets) < 0) or int(doc_offsets[-1]) != len(doc_terms)
                or len(doc_tfs) != len(doc_terms) or len(vocab) != len(set(vocab))
                or (len(doc_terms) and (int(doc_terms.min()) < 0 or int(doc_terms.max()) >= len(vocab)))):
            raise ValueError("the saved analysis does not describe these passages")
        starts = itertools.accumulate(header_counts, initial=0)
        header_tokens = [flat[a:b] for a, b in itertools.pairwise(starts)]
        return cls(postings, header_tokens, vocab, doc_offsets, doc_terms, doc_tfs, doc_len)

    def within(self, positions: Sequence[int]) -> PassageIndex:
        """A view of this index holding only its postings at `positions` (ascending, ids unique among
        them): `search` then ranks only their passages, with this index's BM25 statistics. Cheap: no
        array is copied."""
        view = object.__new__(PassageIndex)
        view.__dict__.update(self.__dict__)
        chosen = [self._postings[i] for i in positions]
        view._postings = tuple(chosen)
        view._passages = [p for posting in chosen for p in posting.passages]
        view._posting_index = {p.id: i for i, p in zip(positions, chosen, strict=True)}
        view._by_object = {id(p): i for i, p in zip(positions, chosen, strict=True)}
        view._scope = self._ranges(positions)
        return view

    def _ranges(self, positions: Iterable[int]) -> npt.NDArray[np.int64]:
        """The doc ranges of the postings at `positions` (ascending), adjacent ones merged."""
        ranges: list[list[int]] = []
        for p in positions:
            start, end = self._posting_starts[p], self._posting_starts[p + 1]
            if ranges and ranges[-1][1] == start:
                ranges[-1][1] = end
            elif end > start:
                ranges.append([start, end])
        return np.array(ranges, dtype=np.int64).reshape(-1, 2)

    def __len__(self) -> int:
        return len(self._passages)

    @property
    def passages(self) -> Sequence[Passage]:
        """The indexed passages, in index order (do not mutate)."""
        return self._passages

    def doc_tokens(self) -> list[list[str]]:
        """The token list indexed for each passage, in passage order (recomputed on demand)."""
        return [self._header_tokens[p] + tokenize(passage.section) + tokenize(passage.text)
                for passage, p in zip(self._passages, self._doc_posting.tolist(), strict=True)]

    def search(self, query: str, k: int = 10, *,
               posting_ids: Collection[str] | None = None) -> list[Hit]:
        """The `k` best passages for `query` with a score > 0, best first, ties in passage order.

        `posting_ids` restricts the hits to those postings; idf stays that of the whole index.
        """
        return self.search_terms(tokenize(query), k, posting_ids=posting_ids)

    def knows(self, term: str) -> bool:
        """Whether some passage (of this view) holds `term`, a token as `tokenize` gives it (not a word:
        tokenizing a stem again may change it)."""
        return bool(self.search_terms([term], 1))

    def search_terms(self, terms: Sequence[str], k: int = 10, *,
                     posting_ids: Collection[str] | None = None) -> list[Hit]:
        """`search` for query terms already tokenized."""
        if k <= 0 or not self._passages:
            return []
        slices = [(int(self._offsets[t]), int(self._offsets[t + 1]))
                  for t in (self._terms.get(token) for token in terms) if t is not None]
        if not slices:
            return []
        if posting_ids is None and self._scope is None:
            candidates, scores = self._candidates(slices, k)
        else:
            # A posting's passages are contiguous in the index: its docs are one range.
            if posting_ids is None:
                ranges = self._scope
            else:
                ranges = self._ranges(sorted({self._posting_index[p] for p in posting_ids
                                              if p in self._posting_index}))
            if ranges is None or not len(ranges):
                return []
            candidates, scores = self._accumulate_within(slices, ranges)
        keep = scores > 0
        candidates, scores = candidates[keep], scores[keep]
        if len(scores) > k:
            # Everything scoring at least the k-th best score, so ties at the cut stay in doc order.
            threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
            best = scores >= threshold
            candidates, scores = candidates[best], scores[best]
        order = np.argsort(-scores, kind="stable")[:k]  # candidates ascend: ties keep passage order
        return [Hit(self._all_passages[d], s)
                for d, s in zip(candidates[order].tolist(), scores[order].tolist(), strict=True)]

    def _accumulate(self, slices: list[tuple[int, int]]) -> FloatArray:
        """Every doc's score (0 off the postings of the slices)."""
        docs = np.concatenate([self._docs[start:end] for start, end in slices])
        # bincount adds the weights one by one in input order: each doc's score is summed in query
        # order starting from 0.0, exactly as rank-bm25's `score += ...` per term, and ~3x faster
        # than a fancy-indexed `+=` per term.
        weights = np.concatenate([self._impacts[start:end] for start, end in slices])
        scores = np.bincount(docs, weights=weights, minlength=len(self._passages))
        return scores.astype(np.float64, copy=False)

    def _accumulate_within(self, slices: list[tuple[int, int]],
                           ranges: npt.NDArray[np.int64]) -> tuple[IntArray, FloatArray]:
        """The docs of `ranges` (ascending) and their scores, reading only the postings entries that
        fall in them (each term's docs ascend, so each range is one slice of them)."""
        sizes = ranges[:, 1] - ranges[:, 0]
        # Doc d of range r sits at local position d - start_r + base_r.
        base = np.zeros(len(ranges), dtype=np.int64)
        np.cumsum(sizes[:-1], out=base[1:])
        docs_parts: list[npt.NDArray[np.int64]] = []
        weight_parts: list[FloatArray] = []
        for start, end in slices:  # in query order, so each doc's score is summed in rank-bm25's order
            docs = self._docs[start:end]
            lows = np.searchsorted(docs, ranges[:, 0]).tolist()
            highs = np.searchsorted(docs, ranges[:, 1]).tolist()
            for r, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
                if hi > lo:
                    docs_parts.append(docs[lo:hi].astype(np.int64) + int(base[r] - ranges[r, 0]))
                    weight_parts.append(self._impacts[start + lo:start + hi])
        total = int(sizes.sum())
        if docs_parts:
            scores = np.bincount(np.concatenate(docs_parts), weights=np.concatenate(weight_parts),
                                 minlength=total).astype(np.float64, copy=False)
        else:
            scores = np.zeros(total)
        candidates = np.concatenate([np.arange(a, b, dtype=np.int32) for a, b in ranges.tolist()])
        return candidates, scores

    def _candidates(self, slices: list[tuple[int, int]], k: int) -> tuple[IntArray, FloatArray]:
        """Ascending doc ids holding every doc that may be in the top `k`, and their scores."""
        if len(slices) == 1:
            start, end = slices[0]
            return self._docs[start:end], self._impacts[start:end]
        acc = self._accumulate(slices)
        # Prune: the k-th best score among the docs of the rarest term is a lower bound of the k-th
        # best overall, so only docs reaching it need sorting (exact: the bound is a real score).
        start, end = min(slices, key=lambda se: se[1] - se[0])
        sample = acc[self._docs[start:end]]
        bound = np.partition(sample, len(sample) - k)[len(sample) - k] if len(sample) >= k else 0.0
        # flatnonzero of a bool mask: a fast pass, unlike np.unique or flatnonzero of floats.
        candidates = np.flatnonzero(acc >= bound if bound > 0 else acc > 0).astype(np.int32)
        return candidates, acc[candidates]


_Merged = tuple[list[list[str]], list[str], npt.NDArray[np.int64], IntArray, IntArray, IntArray]
"""What `PassageIndex` is made of: header tokens, vocabulary, doc offsets, doc terms, tfs, lengths."""


def _merged(items: Iterable[PassageTerms | int], previous: PassageIndex | None) -> _Merged:
    """The doc-major arrays of postings given in order, each by its `PassageTerms` or by its number in
    `previous` (whose analysis is reused); terms are numbered in order of first appearance."""
    no_docs = np.zeros(0, dtype=np.int32)
    old_doc_terms, old_doc_tfs, old_doc_len, old_offsets = (
        (previous._doc_terms, previous._doc_tfs, previous._doc_len, previous._doc_offsets)
        if previous is not None else (no_docs, no_docs, no_docs, np.zeros(1, dtype=np.int64)))
    # Term keys: ids of `previous` for its terms, then new ids for new terms, in order of appearance.
    keys_of = dict(previous._terms) if previous is not None else {}
    header_tokens: list[list[str]] = []
    key_parts: list[npt.NDArray[np.int64]] = []
    tf_parts: list[npt.NDArray[np.int64]] = []
    len_parts: list[npt.NDArray[np.int64]] = []
    count_parts: list[npt.NDArray[np.int64]] = []
    fresh_keys: list[int] = []
    fresh_tfs: list[int] = []
    fresh_lens: list[int] = []
    fresh_counts: list[int] = []
    reused: list[int] = []  # a run of consecutive docs of `previous`: [first, last)

    def flush() -> None:
        if reused:
            # One slice per run, not per posting: concatenating thousands of small arrays is one
            # long C call holding the GIL.
            first, last = reused
            lo, hi = int(old_offsets[first]), int(old_offsets[last])
            key_parts.append(old_doc_terms[lo:hi].astype(np.int64))
            tf_parts.append(old_doc_tfs[lo:hi].astype(np.int64))
            len_parts.append(old_doc_len[first:last].astype(np.int64))
            count_parts.append(np.diff(old_offsets[first:last + 1]))
            reused.clear()
        if fresh_lens:
            key_parts.append(np.array(fresh_keys, dtype=np.int64))
            tf_parts.append(np.array(fresh_tfs, dtype=np.int64))
            len_parts.append(np.array(fresh_lens, dtype=np.int64))
            count_parts.append(np.array(fresh_counts, dtype=np.int64))
            for part in (fresh_keys, fresh_tfs, fresh_lens, fresh_counts):
                part.clear()

    for counted in items:
        if isinstance(counted, int):
            assert previous is not None
            first, last = previous._posting_starts[counted], previous._posting_starts[counted + 1]
            if reused and reused[1] == first:
                reused[1] = last
            else:
                flush()
                reused.extend((first, last))
            header_tokens.append(previous._header_tokens[counted])
            continue
        if reused:
            flush()
        header_tokens.append(counted.header)
        # Index keys of the posting's terms (new ones numbered in order of first appearance; a
        # posting's vocabulary holds each term once).
        new = [term for term in counted.vocab if term not in keys_of]
        keys_of.update(zip(new, range(len(keys_of), len(keys_of) + len(new)), strict=True))
        local = list(map(keys_of.__getitem__, counted.vocab))
        fresh_keys.extend(map(local.__getitem__, counted.terms))
        fresh_tfs.extend(counted.tfs)
        fresh_counts.extend(counted.counts)
        fresh_lens.extend(counted.lens)
        if len(fresh_keys) >= _FLUSH_AT:
            flush()
    flush()
    empty = np.zeros(0, dtype=np.int64)
    keys = np.concatenate(key_parts) if key_parts else empty
    tfs = np.concatenate(tf_parts) if tf_parts else empty
    doc_len = np.concatenate(len_parts) if len_parts else empty
    doc_counts = np.concatenate(count_parts) if count_parts else empty
    all_terms = list(keys_of)
    if previous is not None:
        # Renumber the terms still used in order of first appearance (keys of `previous` are in
        # its order, not this corpus's).
        # Keys are dense (< len(all_terms)), so first appearances come from one reversed scatter,
        # not np.unique (whose cumsum over a boolean mask holds the GIL for tens of milliseconds).
        first_seen = np.full(len(all_terms), len(keys), dtype=np.int64)
        first_seen[keys[::-1]] = np.arange(len(keys) - 1, -1, -1, dtype=np.int64)
        used = np.flatnonzero(first_seen < len(keys))
        ordered = used[np.argsort(first_seen[used], kind="stable")]
        rank = np.empty(len(all_terms), dtype=np.int64)
        rank[ordered] = np.arange(len(ordered), dtype=np.int64)
        term_ids = rank[keys]
        vocab = [all_terms[k] for k in ordered.tolist()]
    else:
        term_ids, vocab = keys, all_terms  # already numbered in order of first appearance
    doc_offsets = np.zeros(len(doc_len) + 1, dtype=np.int64)
    np.cumsum(doc_counts, out=doc_offsets[1:])
    return (header_tokens, vocab, doc_offsets, term_ids.astype(np.int32), tfs.astype(np.int32),
            doc_len.astype(np.int32))


def _analysis_arrays(header_tokens: list[list[str]], vocab: list[str], doc_offsets: npt.NDArray[np.int64],
                     doc_terms: IntArray, doc_tfs: IntArray, doc_len: IntArray
                     ) -> dict[str, npt.NDArray[np.generic]]:
    """An index's analysis as the arrays `PassageIndex.from_analysis` reads."""
    header_counts = np.array([len(h) for h in header_tokens], dtype=np.int64)
    return {"vocab": pack_words(vocab), "header_counts": header_counts,
            "header_tokens": pack_words(t for h in header_tokens for t in h),
            "doc_offsets": doc_offsets, "doc_terms": doc_terms, "doc_tfs": doc_tfs, "doc_len": doc_len}


def _postings(term_ids: IntArray, doc_ids: IntArray, tfs: IntArray, doc_len: IntArray,
              n_terms: int) -> tuple[npt.NDArray[np.int64], IntArray, FloatArray]:
    """CSR postings (offsets, doc ids, impacts) with rank-bm25's BM25Okapi arithmetic."""
    n_docs = len(doc_len)
    tid = term_ids.astype(np.int64)
    order = np.argsort(tid, kind="stable")  # stable: doc ids stay ascending within a term
    docs = doc_ids.astype(np.int32)[order]
    tf = tfs.astype(np.int64)[order]
    df = np.bincount(tid, minlength=n_terms)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    if n_terms == 0:
        return offsets, docs, np.zeros(0)
    idf = np.array(_okapi_idf(df.tolist(), n_docs))
    # Python's int sum, then one division: the same float as rank-bm25's avgdl.
    avgdl = sum(doc_len.tolist()) / n_docs
    dl = doc_len.astype(np.int64)
    # Same expressions, same evaluation order as BM25Okapi.get_scores, so every float is identical.
    norm = K1 * (1 - B + B * dl / avgdl)
    impacts = np.repeat(idf, df) * (tf * (K1 + 1) / (tf + norm[docs]))
    return offsets, docs, impacts


def pack_words(words: Iterable[str]) -> npt.NDArray[np.uint8]:
    """Words holding no newline (terms, posting ids) as one UTF-8 array, for saving."""
    return np.frombuffer(packed_bytes(words), dtype=np.uint8)


def packed_bytes(words: Iterable[str]) -> bytes:
    """The bytes of `pack_words(words)` (cheaper when many small sets are joined into one array)."""
    return "\n".join(words).encode()


def unpack_words(packed: npt.NDArray[np.generic]) -> list[str]:
    """The words of a `pack_words` array."""
    return unpacked_bytes(packed.tobytes())


def unpacked_bytes(packed: bytes) -> list[str]:
    """The words of `packed_bytes(words)`."""
    text = packed.decode()
    return text.split("\n") if text else []


def _okapi_idf(df: list[int], n_docs: int) -> list[float]:
    """BM25Okapi._calc_idf: Okapi idf per term, non-positive ones floored to epsilon * mean idf."""
    idf: list[float] = []
    idf_sum = 0.0
    for n in df:
        value = math.log(n_docs - n + 0.5) - math.log(n + 0.5)
        idf.append(value)
        idf_sum += value
    eps = EPSILON * (idf_sum / len(idf))
    return [eps if value < 0 else value for value in idf]
