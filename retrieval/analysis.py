"""One posting's search analysis, worked out apart from the others: where the posting is parsed.

A sync parses files in worker processes, one per CPU; `analyse` runs there too, right after each parse
(`Store.sync_directory(..., analyses=...)`), so tokenizing passages and texts is spread over the CPUs
and the snapshot build in the bot's process only puts the pieces together. A build given an analysis
gives exactly the snapshot it would have given analysing the posting itself (tests/test_analysis.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from knowledge.models import Posting
from retrieval.answer import RANKING, STATING
from retrieval.index import PassageTerms, passage_terms
from retrieval.jobs import PostingFacts, posting_facts
from retrieval.understand.catalog import PostingWords, posting_words

__all__ = ["Analysis", "Known", "analyse", "facts_of"]


@dataclass(frozen=True)
class Analysis:
    """What a snapshot reads from one posting: its passages' terms (the index), its words (the
    catalog) and its facts (the prefilters)."""

    terms: PassageTerms
    words: PostingWords
    facts: PostingFacts


def analyse(posting: Posting) -> Analysis:
    """The `Analysis` of `posting`. Pure, and picklable both ways: runs in a parsing worker process."""
    return Analysis(passage_terms(posting), posting_words(posting), facts_of(posting))


def facts_of(posting: Posting) -> PostingFacts:
    """The `posting_facts` a snapshot keeps of `posting` (with `STATING` and `RANKING`)."""
    return posting_facts(posting, STATING, RANKING)


Known = Mapping[int, Analysis]
"""Analyses already worked out, by `id` of the posting they are of."""
