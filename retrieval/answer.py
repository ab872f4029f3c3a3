"""Answering a question: understand it as a `Request`, then run it (`retrieval.execute`).

Every claim cites its evidence. What a posting does not state is said to be not stated (quoting what
it does say); a passed deadline is reported as closed; an inferred year is said to be inferred.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from knowledge.models import Posting
from retrieval.execute import NOT_FOUND, execute
from retrieval.fields import FIELDS, RANK_CONTEXT, Context
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter
from retrieval.models import Answer
from retrieval.request import Ask, Request
from retrieval.understand import understand
from retrieval.understand.catalog import Catalog

__all__ = ["NOT_FOUND", "RANKING", "STATING", "answer_question"]

STATING: dict[str, Callable[[Posting], bool]] = {
    ask.value: field.states for ask, field in FIELDS.items() if ask not in (Ask.DUTIES, Ask.DETAILS)}
"""Whether a posting states each field; a snapshot's `Prefilter(postings, STATING)` keeps the postings
stating each, so list answers need not look at every posting. Duties and pointers to details are asked of
named postings, not listed: they are left out (a list asking them checks each posting)."""


def _usual(rank: Callable[[Posting, Context], float | None]) -> Callable[[Posting], float | None]:
    return lambda posting: rank(posting, RANK_CONTEXT)


RANKING: dict[str, Callable[[Posting], float | None]] = {
    ask.value: _usual(field.rank) for ask, field in FIELDS.items() if field.rank is not None}
"""Each rankable field's value for a posting in `RANK_CONTEXT`; a snapshot's prefilter keeps them, so a
list sorts thousands of postings without reading them."""


def answer_question(
    question: str,
    postings: Sequence[Posting],
    index: PassageIndex,
    today: dt.date,
    *,
    catalog: Catalog | None = None,
    prefilter: Prefilter | None = None,
    previous: Request | None = None,
) -> Answer:
    """Answer `question` over `postings` (indexed by `index`) as of `today`. Never raises on odd input.

    `catalog` is `Catalog(postings)` and `prefilter` `Prefilter(postings, STATING)` when the caller keeps
    them, as the engine does (they only make answers faster); `previous` is the request of the
    question this one follows up ("and the pay?").
    """
    question = question if isinstance(question, str) else ""
    catalog = catalog if catalog is not None else Catalog(postings)
    request = understand(question, catalog, today, previous=previous)
    return execute(request, question, postings, index, today, by_id=catalog.by_id, prefilter=prefilter)
