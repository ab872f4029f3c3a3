"""The retrieval back-ends compared by the benchmark: each builds from postings and answers top-10."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from knowledge.models import Posting
from retrieval.index import PassageIndex, posting_header
from retrieval.tokenize import STOP_WORDS, tokenize

TopK = list[tuple[int, float]]
"""(doc number, score), best first."""


@dataclass
class Backend:
    """A built back-end: its name and a query function returning the top-10 docs."""

    name: str
    search: Callable[[str], TopK]


def engine_backend(index: PassageIndex) -> Backend:
    """The engine's inverted index (tokenization included in each query)."""
    order = {p.id: i for i, p in enumerate(index.passages)}

    def search(query: str) -> TopK:
        return [(order[h.passage.id], h.score) for h in index.search(query, 10)]

    return Backend("engine", search)


def build_rank_bm25(index: PassageIndex) -> BM25Okapi:
    return BM25Okapi(index.doc_tokens())


def rank_bm25_backend(bm25: BM25Okapi) -> Backend:
    """rank-bm25's full scan over every passage (the reference)."""

    def search(query: str) -> TopK:
        scores = bm25.get_scores(tokenize(query))
        top = np.argsort(-scores, kind="stable")[:10]
        return [(int(d), float(scores[d])) for d in top if scores[d] > 0]

    return Backend("rank-bm25", search)


def build_fts5(postings: Sequence[Posting]) -> sqlite3.Connection:
    """An in-memory SQLite FTS5 table of the same indexed text (its own Porter tokenizer)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE passages USING fts5(body, tokenize='porter unicode61')")
    rows: list[tuple[str]] = []
    for posting in postings:
        header = posting_header(posting)
        rows.extend((f"{header}\n{p.section}\n{p.text}",) for p in posting.passages)
    db.executemany("INSERT INTO passages(body) VALUES (?)", rows)
    db.commit()
    return db


_WORD = re.compile(r"\w+")


def fts5_backend(db: sqlite3.Connection) -> Backend:
    """SQLite FTS5 `bm25()` (ranks differ: another tokenizer and BM25 variant)."""

    def search(query: str) -> TopK:
        words = [w for w in _WORD.findall(query.lower()) if w not in STOP_WORDS]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute("SELECT rowid - 1, -bm25(passages) FROM passages WHERE passages MATCH ? "
                          "ORDER BY bm25(passages) LIMIT 10", (match,)).fetchall()
        return [(int(d), float(s)) for d, s in rows]

    return Backend("sqlite-fts5", search)


def optional_backends(postings: Sequence[Posting]) -> tuple[list[Backend], list[str]]:
    """bm25s and tantivy back-ends when installed; otherwise a note each."""
    backends: list[Backend] = []
    notes: list[str] = []
    texts = [f"{posting_header(posting)}\n{p.section}\n{p.text}"
             for posting in postings for p in posting.passages]
    try:
        import bm25s
    except ImportError:
        notes.append("bm25s not installed: column skipped (`pip install bm25s` to include it).")
    else:
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, stopwords="en"))

        def bm25s_search(query: str) -> TopK:
            docs, scores = retriever.retrieve(bm25s.tokenize([query], stopwords="en"), k=10)
            return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True)]

        backends.append(Backend("bm25s", bm25s_search))
    try:
        import tantivy
    except ImportError:
        notes.append("tantivy not installed: column skipped (`pip install tantivy` to include it).")
    else:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False)
        builder.add_integer_field("doc", stored=True)
        schema = builder.build()
        tindex = tantivy.Index(schema)
        writer = tindex.writer()
        for i, text in enumerate(texts):
            writer.add_document(tantivy.Document(body=text, doc=i))
        writer.commit()
        tindex.reload()
        searcher = tindex.searcher()

        def tantivy_search(query: str) -> TopK:
            words = [w for w in _WORD.findall(query.lower()) if w not in STOP_WORDS]
            if not words:
                return []
            hits = searcher.search(tindex.parse_query(" OR ".join(words), ["body"]), 10).hits
            return [(int(searcher.doc(a)["doc"][0]), float(s)) for s, a in hits]

        backends.append(Backend("tantivy", tantivy_search))
    return backends, notes
