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

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge.models import Passage, Posting
from retrieval.tokenize import STOP_WORDS, tokenize

__all__ = ["EPSILON", "K1", "B", "Hit", "PassageIndex", "acronyms", "posting_header"]

K1 = 1.5
B = 0.75
EPSILON = 0.25

_CAPITALISED = re.compile(r"[^\W\d_][\w'’]*")
_PARENTHESISED = re.compile(r"\(([A-Z][A-Za-z0-9&.!]{0,11})\)")

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


class PassageIndex:
    """An immutable BM25Okapi index over the passages of some postings; safe to share across threads."""

    def __init__(self, passages: list[Passage], doc_posting: IntArray, posting_ids: list[str],
                 header_tokens: list[list[str]], terms: dict[str, int], offsets: npt.NDArray[np.int64],
                 docs: IntArray, impacts: FloatArray) -> None:
        self._passages = passages
        self._doc_posting = doc_posting
        self._posting_index = {pid: i for i, pid in enumerate(posting_ids)}
        # Doc range of posting i: _posting_starts[i] to _posting_starts[i + 1].
        self._posting_starts = np.searchsorted(doc_posting, np.arange(len(posting_ids) + 1)).tolist()
        self._header_tokens = header_tokens
        self._terms = terms
        self._offsets = offsets
        self._docs = docs
        self._impacts = impacts

    @classmethod
    def build(cls, postings: Sequence[Posting]) -> PassageIndex:
        """Index every passage of `postings`, in order. CPU-bound: run it in a worker thread."""
        passages: list[Passage] = []
        doc_posting: list[int] = []
        header_tokens: list[list[str]] = []
        terms: dict[str, int] = {}
        term_ids: list[int] = []
        tfs: list[int] = []
        doc_ids: list[int] = []
        doc_len: list[int] = []
        section_cache: dict[str, list[str]] = {}
        for p, posting in enumerate(postings):
            header = tokenize(posting_header(posting))
            header_tokens.append(header)
            for passage in posting.passages:
                section = section_cache.get(passage.section)
                if section is None:
                    section = section_cache[passage.section] = tokenize(passage.section)
                tokens = header + section + tokenize(passage.text)
                # Term ids in order of first occurrence: the order of rank-bm25's idf dict, which
                # fixes the order its mean idf is summed in.
                counts = Counter(tokens)
                term_ids.extend([terms.setdefault(t, len(terms)) for t in counts])
                tfs.extend(counts.values())
                doc_ids.extend([len(passages)] * len(counts))
                doc_len.append(len(tokens))
                passages.append(passage)
                doc_posting.append(p)
        offsets, docs, impacts = _postings(term_ids, doc_ids, tfs, doc_len, len(terms))
        return cls(passages, np.array(doc_posting, dtype=np.int32), [p.id for p in postings],
                   header_tokens, terms, offsets, docs, impacts)

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
        if k <= 0 or not self._passages:
            return []
        slices = [(int(self._offsets[t]), int(self._offsets[t + 1]))
                  for t in (self._terms.get(token) for token in tokenize(query)) if t is not None]
        if not slices:
            return []
        if posting_ids is None:
            candidates, scores = self._candidates(slices, k)
        else:
            # A posting's passages are contiguous in the index: its docs are one range.
            wanted = sorted({self._posting_index[p] for p in posting_ids if p in self._posting_index})
            if not wanted:
                return []
            candidates = np.concatenate([np.arange(self._posting_starts[p], self._posting_starts[p + 1],
                                                   dtype=np.int32) for p in wanted])
            scores = self._accumulate(slices)[candidates]
        keep = scores > 0
        candidates, scores = candidates[keep], scores[keep]
        if len(scores) > k:
            # Everything scoring at least the k-th best score, so ties at the cut stay in doc order.
            threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
            best = scores >= threshold
            candidates, scores = candidates[best], scores[best]
        order = np.argsort(-scores, kind="stable")[:k]  # candidates ascend: ties keep passage order
        return [Hit(self._passages[d], s)
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


def _postings(term_ids: list[int], doc_ids: list[int], tfs: list[int], doc_len: list[int],
              n_terms: int) -> tuple[npt.NDArray[np.int64], IntArray, FloatArray]:
    """CSR postings (offsets, doc ids, impacts) with rank-bm25's BM25Okapi arithmetic."""
    n_docs = len(doc_len)
    tid = np.array(term_ids, dtype=np.int64)
    order = np.argsort(tid, kind="stable")  # stable: doc ids stay ascending within a term
    docs = np.array(doc_ids, dtype=np.int32)[order]
    tf = np.array(tfs, dtype=np.int64)[order]
    df = np.bincount(tid, minlength=n_terms)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    if n_terms == 0:
        return offsets, docs, np.zeros(0)
    idf = np.array(_okapi_idf(df.tolist(), n_docs))
    avgdl = sum(doc_len) / n_docs
    dl = np.array(doc_len, dtype=np.int64)
    # Same expressions, same evaluation order as BM25Okapi.get_scores, so every float is identical.
    norm = K1 * (1 - B + B * dl / avgdl)
    impacts = np.repeat(idf, df) * (tf * (K1 + 1) / (tf + norm[docs]))
    return offsets, docs, impacts


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
