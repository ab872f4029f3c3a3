"""Running a `Request` over the postings: lookup, list, count, max, min, compare and exists.

Answer rules: a multi-part question gets one line per field asked; a superlative names the winner
first with its value and citation, then the runners-up; a comparison puts the asked fields side by side
(`Answer.rows`); lists are sorted by the field asked about and cut at a limit, ending "and N more —
try /jobs …"; closed postings are said to be closed; "1 posting matches", never "1 posting match".
Every claim cites its evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import islice

from knowledge.models import PayPeriod, Posting, PostingStatus, RemoteStatus, Span
from retrieval.fields import (
    FIELDS,
    Claim,
    Context,
    Field,
    degree_asked,
    find_lines,
    languages_named,
    ranks_as_usual,
    remote_label,
    synonyms,
)
from retrieval.format import cite, cite_passage, excerpt, format_date, format_money, format_pay, name_of, trim
from retrieval.index import Hit, PassageIndex
from retrieval.jobs import (
    Prefilter,
    Selection,
    employer_evidence,
    place_evidence,
    place_passes,
    remote_anywhere,
    select,
)
from retrieval.models import Answer, Citation, Row
from retrieval.request import Ask, Filters, Operation, Request
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import posting_names

__all__ = ["MAX_LIST_LINES", "NOT_FOUND", "execute", "plural"]

NOT_FOUND = "I couldn't find that in the postings."
MAX_LIST_LINES = 12
MAX_NOT_STATED = 5
"""A list answer names at most this many postings lacking the value; beyond, it gives their number."""
MAX_RUNNERS_UP = 3
MAX_COMPARED = 6
MAX_FREE_CITATIONS = 3
RELATIVE_SCORE = 0.5
"""Free answers keep hits scoring at least this share of the best one."""

# Question words that say nothing about the subject ("tell me about the job").
_CHATTER = frozenset(
    tokenize(
        "tell know want like please thanks thank hi hello hey question ask asking info information details "
        "detail job jobs role roles position positions posting postings opening openings opportunity "
        "say says "
        "said describe explain mention mentioned anything something thing things kind sort much many open "
        "available current currently now hiring there any all every"
    )
)

_KINDS: dict[Ask, str] = {
    Ask.PAY: "pay",
    Ask.DEADLINE: "deadline",
    Ask.OPEN: "deadline",
    Ask.START: "deadline",
    Ask.REMOTE: "remote",
    Ask.LOCATION: "remote",
    Ask.APPLY: "apply",
    Ask.CONTACT: "apply",
    Ask.REQUIREMENTS: "requirements",
    Ask.EXPERIENCE: "requirements",
    Ask.DEGREE: "requirements",
    Ask.LANGUAGES: "requirements",
    Ask.LICENCE: "requirements",
    Ask.TRAVEL: "requirements",
    Ask.BENEFITS: "benefits",
    Ask.TYPE: "employment",
    Ask.END: "employment",
    Ask.DURATION: "employment",
    Ask.HOURS: "employment",
    Ask.SCHEDULE: "employment",
    Ask.REPORTS_TO: "reports_to",
    Ask.POSTED: "deadline",
    Ask.DETAILS: "free",
    Ask.DUTIES: "free",
    Ask.TEXT: "free",
}
"""The answer kind each ask reports (`Answer.kind`)."""

_HEADINGS: dict[Ask, str] = {
    Ask.PAY: "state pay",
    Ask.DEADLINE: "have a deadline",
    Ask.OPEN: "say whether they are open",
    Ask.REMOTE: "say where they are worked",
    Ask.LOCATION: "state a location",
    Ask.APPLY: "say how to apply",
    Ask.BENEFITS: "list benefits",
    Ask.REPORTS_TO: "state a reporting line",
}


_LIST_ORDER: tuple[Ask, ...] = (
    Ask.PAY, Ask.DEADLINE, Ask.OPEN, Ask.START, Ask.END, Ask.DURATION, Ask.POSTED, Ask.APPLY, Ask.CONTACT,
    Ask.REQUIREMENTS, Ask.EXPERIENCE, Ask.DEGREE, Ask.LANGUAGES, Ask.LICENCE, Ask.TRAVEL, Ask.BENEFITS,
    Ask.HOURS, Ask.SCHEDULE, Ask.TYPE, Ask.REPORTS_TO, Ask.REMOTE, Ask.LOCATION, Ask.DUTIES, Ask.DETAILS,
    Ask.TEXT,
)
"""Which asked field a list over many postings is sorted by and leads with (the most telling first)."""


def plural(count: int, noun: str = "posting") -> str:
    """ "1 posting", "3 postings"."""
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _matches(count: int) -> str:
    """ "1 posting matches", "3 postings match"."""
    return f"{plural(count)} match{'es' if count == 1 else ''}"


def execute(
    request: Request,
    question: str,
    postings: Sequence[Posting],
    index: PassageIndex,
    today: dt.date,
    *,
    by_id: dict[str, Posting] | None = None,
    prefilter: Prefilter | None = None,
) -> Answer:
    """The answer to `request` over `postings` as of `today`, each citation given once."""
    answer = _execute(
        request, question, postings, index, today, by_id or {p.id: p for p in postings}, prefilter
    )
    if not answer.found and not request.targets and answer.kind != "none" and _off_topic(request, index):
        answer = Answer(question=question, answer=NOT_FOUND, kind="none", found=False)
    unique = list({(c.posting_id, c.start_line, c.end_line): c for c in reversed(answer.citations)}.values())
    unique.reverse()
    return answer.model_copy(update={"citations": unique, "request": request})


def _execute(
    request: Request,
    question: str,
    postings: Sequence[Posting],
    index: PassageIndex,
    today: dt.date,
    by_id: dict[str, Posting],
    prefilter: Prefilter | None,
) -> Answer:
    if not postings:
        return Answer(question=question, answer="No postings are loaded yet.", kind="none", found=False)
    if not request.text:
        return Answer(
            question=question,
            answer="Ask me about the open roles, e.g. “Which roles are remote?”",
            kind="none",
            found=False,
        )
    targets = [by_id[t] for t in request.targets if t in by_id]
    asks: list[Ask] = [a for a in dict.fromkeys(request.asks) if a != Ask.TEXT]
    op = request.operation
    if not targets and op in (Operation.LOOKUP, Operation.LIST, Operation.EXISTS) \
            and len(_subject(request)) >= FREE_TERMS and not request.filters.names:
        # "Who runs a hotline for workers fighting wage theft?": the words nobody read as a field or a
        # filter are the question; passages answer it, whatever field word it also uses.
        return free(request, question, by_id, targets, index)
    if op == Operation.COUNT and not asks and not request.filters and not targets:
        return _total(question, postings, today)
    if not asks:
        if op in (Operation.MAX, Operation.MIN):
            asks = [Ask.PAY]
        elif op == Operation.COMPARE and len(targets) >= 2:
            # "what's different?": the usual fields, then any other field the postings state differently
            asks = [Ask.PAY, Ask.DEADLINE, Ask.LOCATION]
            asks += _differing(targets[:MAX_COMPARED], Context(today, request.filters, request.text))
        elif (request.filters and (op != Operation.LOOKUP or not targets)) or (
                targets and op in (Operation.LIST, Operation.EXISTS, Operation.COUNT)):
            # "show me the paralegal jobs": the postings named, each with what puts it on the list
            return _listing(request, question, targets or postings, today, prefilter, index)
        else:
            return free(request, question, by_id, targets, index)
    if op in (Operation.LIST, Operation.COUNT, Operation.EXISTS) and not targets:
        asks.sort(key=_LIST_ORDER.index)  # "remote jobs paying over $60k": pay is what the list shows
        if asks == [Ask.LOCATION] and request.filters.places:
            return _listing(request, question, postings, today, prefilter, index)
    ctx = Context(today, request.filters, request.text)
    if op in (Operation.MAX, Operation.MIN):
        ranked = sorted((a for a in asks if FIELDS[a].rank is not None), key=_LIST_ORDER.index)
        return _superlative(request, question, targets or postings, (ranked or asks)[0], ctx, prefilter)
    if op == Operation.COMPARE or (len(targets) >= 2 and op == Operation.LOOKUP and not request.ambiguous):
        pool = targets or _selected(request, postings, today, prefilter)
        if len(pool) >= 2:
            return _compare(request, question, pool[:MAX_COMPARED], asks, ctx)
    if targets and (op in (Operation.LOOKUP, Operation.EXISTS, Operation.COMPARE) or len(targets) == 1):
        return _lookup(request, question, targets, asks, ctx, index, by_id)
    return _many(request, question, targets or postings, asks, ctx, prefilter)


FREE_TERMS = 3
"""A question with this many words of its own (beyond fields, filters and names) is answered from passages."""


def _subject(request: Request) -> set[str]:
    return {t for t in request.terms if t not in _CHATTER and not t.isdigit()}


def _kind(asks: Sequence[Ask]) -> str:
    return _KINDS[asks[0]] if asks else "list"


# --- one or a few named postings -------------------------------------------------------------------


def _lookup(
    request: Request,
    question: str,
    targets: list[Posting],
    asks: list[Ask],
    ctx: Context,
    index: PassageIndex,
    by_id: dict[str, Posting],
) -> Answer:
    """What the named posting(s) state about each asked field: one line per field (and per posting)."""
    if len(targets) == 1:
        posting = targets[0]
        claims = [FIELDS[a].claim(posting, ctx) for a in asks]
        if len(asks) == 1 and asks[0] == Ask.REQUIREMENTS and not claims[0].stated:
            fallback = free(request, question, by_id, targets, index)
            if fallback.found and {c.posting_id for c in fallback.citations} == {posting.id}:
                return fallback  # (other postings' passages would not say what this one requires)
        text = "\n".join(c.sentence or c.phrase for c in claims)
        cited = [cite(posting, s) for c in claims for s in c.spans]
        return Answer(question=question, answer=text, citations=cited, kind=_kind(asks), found=True)
    names = ", ".join(name_of(p) for p in targets)
    lines = [f"Several postings match: {names}. For each:"]
    citations: list[Citation] = []
    for posting in targets[:MAX_LIST_LINES]:
        pairs = [(FIELDS[a], FIELDS[a].claim(posting, ctx)) for a in asks]
        lines.append(f"• {name_of(posting)}: " + "; ".join(_labelled(f, c, len(asks)) for f, c in pairs))
        citations.extend(cite(posting, s) for _, c in pairs for s in c.spans)
    return Answer(
        question=question, answer="\n".join(lines), citations=citations, kind=_kind(asks), found=True
    )


def _labelled(field: Field, claim: Claim, asked: int) -> str:
    return f"{field.label}: {claim.phrase}" if asked > 1 else claim.phrase


def _compare(request: Request, question: str, pool: list[Posting], asks: list[Ask], ctx: Context) -> Answer:
    """The asked fields of each posting side by side: one row per posting (`Answer.rows`)."""
    rows: list[Row] = []
    citations: list[Citation] = []
    for posting in pool:
        cells: dict[str, str] = {}
        for ask in asks:
            field = FIELDS[ask]
            claim = field.claim(posting, ctx)
            cells[field.label] = claim.phrase
            citations.extend(cite(posting, s) for s in claim.spans)
        rows.append(Row(posting_id=posting.id, name=name_of(posting), cells=cells))
    lines = [f"Side by side ({', '.join(FIELDS[a].label for a in asks)}):"]
    lines += [
        f"• {row.name} — " + "; ".join(f"{label}: {value}" for label, value in row.cells.items())
        for row in rows
    ]
    return Answer(
        question=question,
        answer="\n".join(lines),
        citations=citations,
        kind=_kind(asks),
        found=True,
        rows=rows,
    )


# --- many postings ------------------------------------------------------------------------------------


def _selected(
    request: Request, pool: Sequence[Posting], today: dt.date, prefilter: Prefilter | None
) -> list[Posting]:
    if not request.filters:
        return list(pool)
    return select(pool, request.filters, today, prefilter=prefilter).passed


def _superlative(
    request: Request,
    question: str,
    pool: Sequence[Posting],
    ask: Ask,
    ctx: Context,
    prefilter: Prefilter | None,
) -> Answer:
    """The posting ranking first on the asked field, with its value and citation, then the runners-up."""
    field = FIELDS[ask]
    highest = request.operation == Operation.MAX
    selection = select(pool, request.filters, ctx.today, prefilter=prefilter) if request.filters else None
    chosen = selection.passed if selection is not None else pool
    ctx = replace(ctx, low=not highest, currency=request.filters.currency or _usual_currency(chosen))
    if ask == Ask.PAY and ctx.filters.period is None and _all_hourly(chosen):
        # hourly rates compare as they are, even where the weekly hours (so the year's pay) are unknown
        ctx = replace(ctx, filters=ctx.filters.model_copy(update={"period": PayPeriod.HOUR}))
    if field.rank is None:
        return _many(request, question, chosen, [ask], ctx, prefilter)
    # A tie on the asked end of a range is broken on the other end ($49,500–$67,000 beats $49,000–$67,000).
    other_end = replace(ctx, low=highest)
    ranked = [((value, field.rank(p, other_end) or value), p) for p in chosen
              if (value := field.rank(p, ctx)) is not None]
    if not ranked:
        head = (
            _no_match(request.filters)
            if not chosen
            else f"None of the {plural(len(chosen))}{' matching' if request.filters else ''} states "
            f"a comparable {field.label}."
        )
        return Answer(question=question, answer=head, kind=_kind([ask]), found=False)
    ranked.sort(key=lambda vp: vp[0], reverse=highest)
    winner = ranked[0][1]
    claim = field.claim(winner, ctx)
    word = _superlative_word(ask, highest)
    ties = [p for value, p in ranked[1:] if value == ranked[0][0]]
    lines = [f"The {name_of(winner)} {word}: {claim.phrase}."]
    citations = [cite(winner, s) for s in claim.spans]
    if ties:
        lines.append("Tied with: " + ", ".join(name_of(p) for p in ties[:MAX_RUNNERS_UP]) + ".")
        citations.extend(cite(p, s) for p in ties[:MAX_RUNNERS_UP] for s in field.claim(p, ctx).spans)
    runners = [p for _, p in ranked[1:] if p not in ties][:MAX_RUNNERS_UP]
    if runners:
        lines.append("Runners-up:")
        for posting in runners:
            runner = field.claim(posting, ctx)
            lines.append(f"• {name_of(posting)}: {runner.phrase}")
            citations.extend(cite(posting, s) for s in runner.spans)
    foreign = [p for p in chosen if ask == Ask.PAY and p.salary is not None and p.salary.has_figure
               and (p.salary.currency or "USD").upper() != (ctx.currency or "USD").upper()]
    if foreign:
        # Never compared as dollars, but never left unsaid: a higher figure may be in another currency.
        lines.append(f"Paid in another currency, so not compared ({len(foreign)}):")
        for posting in foreign[:MAX_RUNNERS_UP]:
            unranked = field.claim(posting, ctx)
            lines.append(f"• {name_of(posting)}: {unranked.phrase}")
            citations.extend(cite(posting, s) for s in unranked.spans)
    left = len(chosen) - len(ranked) - len(foreign)
    if left:
        lines.append(
            f"({plural(left)} {'states' if left == 1 else 'state'} no comparable {field.label} and "
            f"{'is' if left == 1 else 'are'} not ranked.)"
        )
    return Answer(
        question=question, answer="\n".join(lines), citations=citations, kind=_kind([ask]), found=True
    )


_DIFFERENCES: tuple[Ask, ...] = (Ask.LANGUAGES, Ask.TYPE, Ask.REMOTE, Ask.EXPERIENCE, Ask.DEGREE, Ask.HOURS,
                                 Ask.LICENCE, Ask.TRAVEL, Ask.START, Ask.DURATION)
"""Fields a comparison asking for no field adds when the postings state them differently."""


def _differing(postings: Sequence[Posting], ctx: Context) -> list[Ask]:
    """The fields of `_DIFFERENCES` some of `postings` state and on which they do not all agree."""
    found: list[Ask] = []
    for ask in _DIFFERENCES:
        claims = [FIELDS[ask].claim(p, ctx) for p in postings]
        if any(c.stated for c in claims) and len({(c.stated, c.phrase) for c in claims}) > 1:
            found.append(ask)
    return found


def _usual_currency(postings: Sequence[Posting]) -> str:
    """The currency most of `postings` pay in (U.S. dollars when none states one)."""
    counts = Counter((p.salary.currency or "USD").upper() for p in postings
                     if p.salary is not None and p.salary.has_figure)
    return counts.most_common(1)[0][0] if counts else "USD"


def _all_hourly(postings: Sequence[Posting]) -> bool:
    """Whether the postings stating a pay figure (some do) all state it by the hour."""
    periods = {p.salary.period for p in postings if p.salary is not None and p.salary.has_figure}
    return periods == {PayPeriod.HOUR}


def _superlative_word(ask: Ask, highest: bool) -> str:
    if ask == Ask.PAY:
        return "pays the most" if highest else "pays the least"
    if ask in (Ask.DEADLINE, Ask.OPEN):
        return "closes last" if highest else "closes first"
    if ask == Ask.START:
        return "starts last" if highest else "starts first"
    if ask == Ask.POSTED:
        return "was posted last" if highest else "was posted first"
    return f"has the {'most' if highest else 'least'} {FIELDS[ask].label}"


def _many(
    request: Request,
    question: str,
    pool: Sequence[Posting],
    asks: list[Ask],
    ctx: Context,
    prefilter: Prefilter | None,
) -> Answer:
    """A compact line per posting stating the asked field(s), sorted by the first, cut at a limit."""
    selection = select(pool, request.filters, ctx.today, prefilter=prefilter) if request.filters else None
    chosen = selection.passed if selection is not None else pool
    if Ask.OPEN in asks and len(asks) == 1:
        return _open_list(request, question, chosen, ctx)
    first = FIELDS[asks[0]]
    made: dict[int, Claim] = {}
    limit = request.limit or MAX_LIST_LINES
    positions = selection.positions if selection is not None else None
    shown_postings, count, stated = _answering(first, chosen, positions, ctx, prefilter, made, limit)
    unstated = len(chosen) - count
    lines: list[str] = []
    citations: list[Citation] = []
    for posting in shown_postings:
        if _filtered_on(request.filters, asks[0]):
            made[id(posting)] = _passed(first.claim(posting, ctx), posting, request.filters,
                                        selection.reasons(posting) if selection is not None else [])
        claims = [
            (
                FIELDS[a],
                made.get(id(posting))
                if a == asks[0] and id(posting) in made
                else FIELDS[a].claim(posting, ctx),
            )
            for a in asks
        ]
        # The location's claim names the remote status too ("Oregon, Remote (remote)"): not said twice.
        labelled = [(f, c) for f, c in claims
                    if c is not None and not (f.ask == Ask.REMOTE and Ask.LOCATION in asks)]
        parts = "; ".join(_labelled(f, c, len(labelled)) for f, c in labelled)
        lines.append(f"• {name_of(posting)}: {parts}{_closed_tag(posting, ctx.today, asks)}")
        citations.extend(cite(posting, s) for _, c in claims if c is not None for s in c.spans)
    if count > limit:
        lines.append(f"…and {count - limit} more — try {jobs_hint(request.filters)} to see them all.")
    if request.operation == Operation.COUNT:
        head = (
            f"{_matches(count)}."
            if request.filters
            else f"{plural(count)} {_HEADINGS.get(asks[0], 'state this')}."
        )
    elif count:
        head = (
            f"{_matches(count)}:"
            if request.filters
            else f"{plural(count)} {_HEADINGS.get(asks[0], 'state this')}:"
        )
        if request.operation == Operation.EXISTS:
            head = f"Yes — {head}"
    else:
        head = _nothing(request.filters, chosen)
    tail = ""
    if unstated > MAX_NOT_STATED:
        if count:
            what = "a pay figure" if asks[0] == Ask.PAY else "it"
            tail = f"I couldn't find {what} in the other {unstated} postings."
    elif unstated:
        no = [p for p in chosen if id(p) not in stated]
        unstated_claims = [(p, made.get(id(p)) or first.claim(p, ctx)) for p in no]
        shown = "; ".join(f"{name_of(p)} — {c.phrase}" for p, c in unstated_claims)
        tail = f"The others state none: {shown}." if asks[0] == Ask.PAY else f"Not stated: {shown}."
        citations.extend(cite(p, s) for p, c in unstated_claims for s in c.spans if "“" in c.phrase)
    excluded = _excluded(request.filters, asks, pool, chosen, positions)
    if selection is not None:  # those not saying how they are worked may be among the excluded already
        if not excluded:
            citations.extend(_unsaid_citations(selection))
        excluded += " " + _left_out(selection, modes=not excluded)
    text = "\n".join(part for part in (head, *lines, tail, excluded.strip()) if part)
    return Answer(question=question, answer=text, citations=citations, kind=_kind(asks), found=bool(count))


def _answering(
    first: Field,
    chosen: Sequence[Posting],
    positions: list[int] | None,
    ctx: Context,
    prefilter: Prefilter | None,
    made: dict[int, Claim],
    limit: int,
) -> tuple[list[Posting], int, set[int]]:
    """The first `limit` postings of `chosen` a list about `first` shows (sorted by it), how many it counts,
    and the `id()`s of those stating it (claims made on the way go in `made`). `positions`: where each of
    `chosen` is in the prefilter's postings, if known."""
    if _filtered_on(ctx.filters, first.ask):
        # The filter is the subject ("entry-level jobs"): every posting passing it answers (its claim,
        # made only for the postings shown, quotes what passed the filter).
        yes = list(chosen)
        _sort(yes, first, ctx, prefilter)
        return yes[:limit], len(yes), set()  # none is left unstated
    stated = _stated(first, chosen, ctx, prefilter, made)
    key = first.ask.value
    if prefilter is not None and stated is prefilter.stating.get(key):
        rank = key if first.rank is not None and ranks_as_usual(ctx) else None
        top = prefilter.top(key, chosen, positions, rank, not _soonest_first(first), limit)
        if top is not None and (rank is not None or first.rank is None):
            return top[0], top[1], stated
        yes = prefilter.holding(key, chosen)
    else:
        yes = [p for p in chosen if id(p) in stated]
    _sort(yes, first, ctx, prefilter)
    return yes[:limit], len(yes), stated


def _passed(claim: Claim, posting: Posting, filters: Filters, reasons: list[str]) -> Claim:
    """A claim about the field a filter is on, with the words that passed the filter: they stand in
    where the field is not stated, and are quoted beside it where they say more ("open until filled")."""
    if not claim.stated and reasons:
        return Claim("; ".join(reasons), True, _evidence(posting, filters))
    why = [r for r in reasons if r not in claim.phrase and "“" in r]
    if why:
        return Claim(f"{claim.phrase}; {'; '.join(why)}", True, [*claim.spans, *_evidence(posting, filters)])
    return claim


def _filtered_on(filters: Filters, ask: Ask) -> bool:
    """Whether an active filter is about the asked field (then passing it is the answer)."""
    return bool({
        Ask.EXPERIENCE: filters.experience, Ask.BENEFITS: filters.benefits, Ask.LANGUAGES: filters.languages,
        Ask.TYPE: filters.types, Ask.LOCATION: filters.places, Ask.DEADLINE: filters.closing,
        Ask.POSTED: filters.posted,
    }.get(ask))


def _stated(
    field: Field, chosen: Sequence[Posting], ctx: Context, prefilter: Prefilter | None, made: dict[int, Claim]
) -> set[int]:
    """The `id()`s of the postings of `chosen` whose claim is stated; claims made on the way go in `made`.

    A field whose statement does not hang on the question's wording is looked up in the prefilter's
    precomputed sets (lists may span every posting); the others are claimed one by one.
    """
    wording = field.wording_decides and (ctx.filters.languages or ctx.filters.benefits or ctx.filters.types
                                         or (field.ask == Ask.DEGREE and degree_asked(ctx.text)))
    if not wording and prefilter is not None and field.ask.value in prefilter.stating:
        return prefilter.stating[field.ask.value]
    if not wording:
        return {id(p) for p in chosen if field.states(p)}
    for posting in chosen:
        made[id(posting)] = field.claim(posting, ctx)
    return {key for key, claim in made.items() if claim.stated}


def _sort(postings: list[Posting], field: Field, ctx: Context, prefilter: Prefilter | None) -> None:
    """Order a list by the field asked about: soonest deadline first, highest pay first."""
    rank = _ranker(field, ctx, prefilter)
    if rank is None:
        return
    soonest_first = _soonest_first(field)
    missing = float("inf") if soonest_first else float("-inf")
    keys = [missing if (value := rank(posting)) is None else value for posting in postings]
    order = sorted(range(len(postings)), key=keys.__getitem__, reverse=not soonest_first)
    postings[:] = [postings[i] for i in order]  # the same stable order as sorting the postings


def _soonest_first(field: Field) -> bool:
    return field.ask in (Ask.DEADLINE, Ask.OPEN, Ask.START, Ask.END, Ask.POSTED)


def _ranker(
    field: Field, ctx: Context, prefilter: Prefilter | None
) -> Callable[[Posting], float | None] | None:
    """`field.rank` under `ctx`, read from the prefilter's precomputed values where they hold."""
    rank = field.rank
    if rank is None:
        return None
    known = prefilter.ranks(field.ask.value) if prefilter is not None and ranks_as_usual(ctx) else None
    if known is None:
        return lambda posting: rank(posting, ctx)

    def ranked(posting: Posting) -> float | None:
        value = known.get(id(posting), _UNKNOWN)
        return rank(posting, ctx) if value is _UNKNOWN else value  # type: ignore[return-value]

    return ranked


_UNKNOWN = object()


def _open_list(request: Request, question: str, chosen: Sequence[Posting], ctx: Context) -> Answer:
    """ "Which jobs are open?": the open ones, opening with "none is open" when none is."""
    field = FIELDS[Ask.OPEN]
    open_ = [p for p in chosen if p.status(ctx.today) == PostingStatus.OPEN]
    rolling = [
        p
        for p in chosen
        if p.status(ctx.today) == PostingStatus.UNKNOWN and p.deadline is not None and p.deadline.rolling
    ]
    closed = sum(1 for p in chosen if p.status(ctx.today) == PostingStatus.CLOSED)
    unknown = len(chosen) - len(open_) - len(rolling) - closed
    _sort(open_, FIELDS[Ask.DEADLINE], ctx, None)
    shown = [*open_, *rolling][: request.limit or MAX_LIST_LINES]
    if open_:
        verb = "is" if len(open_) == 1 else "are"
        head = f"{plural(len(open_))} {verb} open (as of {format_date(ctx.today)}):"
    else:
        head = f"None is open: no posting has a deadline still to come (as of {format_date(ctx.today)})."
        if rolling:
            head += " These say they are open until filled:"
    lines = [head]
    citations: list[Citation] = []
    for posting in shown:
        claim = field.claim(posting, ctx)
        lines.append(f"• {name_of(posting)}: {claim.phrase}")
        citations.extend(cite(posting, s) for s in claim.spans)
    more = len(open_) + len(rolling) - len(shown)
    if more > 0:
        lines.append(f"…and {more} more — try {jobs_hint(request.filters)} to see them all.")
    notes = []
    if closed:
        notes.append(f"{plural(closed)} {'has' if closed == 1 else 'have'} closed")
    if unknown:
        notes.append(f"{plural(unknown)} state{'s' if unknown == 1 else ''} no deadline")
    if notes:
        lines.append(f"({'; '.join(notes)}.)")
    return Answer(
        question=question, answer="\n".join(lines), citations=citations, kind="deadline", found=bool(shown)
    )


def _closed_tag(posting: Posting, today: dt.date, asks: Sequence[Ask]) -> str:
    if Ask.DEADLINE not in asks and Ask.OPEN not in asks and posting.status(today) == PostingStatus.CLOSED:
        return " [closed]"
    return ""


def _nothing(filters: Filters, chosen: Sequence[Posting]) -> str:
    if not chosen:
        return _no_match(filters)
    if len(chosen) == 1:
        return f"I couldn't find that in the {'matching ' if filters else ''}posting."
    return f"I couldn't find that in any of the {len(chosen)} {'matching ' if filters else ''}postings."


def _excluded(
    filters: Filters,
    asks: Sequence[Ask],
    pool: Sequence[Posting],
    chosen: Sequence[Posting],
    positions: list[int] | None,
) -> str:
    """For a question whose filter is its subject ("which roles are remote?"), how the others stand.
    `positions`: where each of `chosen` is in `pool`, if known."""
    if asks[:1] != [Ask.REMOTE] or filters.remote is None or filters.model_copy(update={"remote": None}):
        return ""  # with other filters too, the postings left out are not simply "not remote"
    if positions is not None:
        taken = set(positions)
        others = [pool[i] for i in islice((i for i in range(len(pool)) if i not in taken), MAX_LIST_LINES)]
    else:
        shown = {id(p) for p in chosen}  # `chosen` holds some of `pool`'s very objects
        others = list(islice((p for p in pool if id(p) not in shown), MAX_LIST_LINES))
    if not others:
        return ""
    described = ", ".join(f"{name_of(p)} ({_remote_value(p)})" for p in others[:MAX_LIST_LINES])
    return f"Not {filters.remote.value}: {described}."


def _remote_value(posting: Posting) -> str:
    status = posting.remote_status
    return "not stated" if status == RemoteStatus.UNKNOWN else status.value


def describe(filters: Filters) -> list[str]:
    """Each active filter in a few words ("remote", "paying at least $20 an hour", "in Ohio")."""
    wanted: list[str] = []
    if filters.query:
        wanted.append(f"mentioning “{filters.query}”")
    if filters.remote is not None:
        wanted.append(remote_label(filters.remote))
    if filters.not_remote:
        wanted.append("not remote")
    if filters.types:
        wanted.append(" or ".join(sorted(t.value for t in filters.types)))
    if filters.excluded_types:
        wanted.append("not " + " or ".join(sorted(t.value for t in filters.excluded_types)))
    if filters.pay is not None:
        word = "at least" if filters.pay.at_least else "at most"
        period = filters.pay.period.value if filters.pay.period else ""
        per = f" {'an' if period == 'hour' else 'a'} {period}" if period else ""
        wanted.append(f"paying {word} {format_money(filters.pay.amount, filters.pay.currency)}{per}")
    if filters.period is not None:
        wanted.append(f"paid per {filters.period.value}")
    if filters.currency:
        wanted.append(f"paying in {filters.currency}")
    if filters.places:
        wanted.append("in " + " or ".join(p.text for p in filters.places))
    if filters.experience is not None:
        bound = filters.experience
        if bound.entry_level:
            wanted.append("entry-level")
        if bound.min_years is not None:
            wanted.append(f"asking for at least {bound.min_years} years of experience")
        if bound.max_years is not None:
            wanted.append(f"asking for at most {bound.max_years} years of experience")
    if filters.languages:
        wanted.append(f"asking for {' or '.join(filters.languages)}")
    if filters.closing is not None:
        window = filters.closing
        if window.after is not None and not window.open_only:
            wanted.append(f"closing on or after {format_date(window.after)}")
        if window.before is not None:
            wanted.append(f"closing before {format_date(window.before + dt.timedelta(days=1))}")
        if window.rolling:
            wanted.append("open until filled")
        if window.open_only:
            wanted.append("still open")
    if filters.posted is not None:
        after, before = filters.posted.after, filters.posted.before
        if after is not None and before is not None:
            wanted.append(f"posted between {format_date(after)} and {format_date(before)}")
        elif after is not None:
            wanted.append(f"posted on or after {format_date(after)}")
        elif before is not None:
            wanted.append(f"posted on or before {format_date(before)}")
    wanted += [f"offering {b}" for b in filters.benefits]
    if filters.employer is not None:
        wanted.append(f"at a {filters.employer.value}")
    wanted += [f"mentioning “{m}”" for m in filters.mentions]
    wanted += [f"not stating {FIELDS[ask].label}" for ask in sorted(filters.unstated)]
    if filters.names:
        wanted.insert(0, f"titled “{' '.join(filters.names)}”")
    return wanted


def _no_match(filters: Filters) -> str:
    """Say which filters nothing passed, so "no posting" is never mistaken for "no answer"."""
    wanted = describe(filters)
    return f"No posting matches that ({', '.join(wanted)})." if wanted else "No posting matches that."


def jobs_hint(filters: Filters) -> str:
    """The `/jobs` call listing what a question's filters select ("/jobs remote:remote location:Ohio")."""
    options = []
    if filters.remote is not None:
        options.append(f"remote:{filters.remote.value}")
    if filters.pay is not None and filters.pay.at_least:
        options.append(f"min_salary:{filters.pay.amount:g}")
    if len(filters.places) == 1:  # /jobs takes one location
        options.append(f"location:{filters.places[0].text}")
    if len(filters.types) == 1:
        options.append(f"type:{next(iter(filters.types)).value}")
    if filters.query:
        options.append(f"query:{filters.query}")
    return " ".join(["/jobs", *options])


def _total(question: str, postings: Sequence[Posting], today: dt.date) -> Answer:
    """ "How many postings are there?": all of them, and how many have passed their deadline."""
    closed = sum(1 for p in postings if p.status(today) == PostingStatus.CLOSED)
    text = f"{plural(len(postings))} are loaded; {closed} of them have passed their deadline."
    return Answer(question=question, answer=text, kind="list", found=True)


def _off_topic(request: Request, index: PassageIndex) -> bool:
    """Whether the question's own words (those no recogniser claimed) are unknown to every posting
    ("What is the capital of France?"): then an empty list answers nothing that was asked."""
    words = [w for w in request.terms if w not in _CHATTER]
    return bool(words) and all(not index.knows(w) for w in words)


def _listing(
    request: Request,
    question: str,
    postings: Sequence[Posting],
    today: dt.date,
    prefilter: Prefilter | None,
    index: PassageIndex,
) -> Answer:
    """A "which roles / any jobs" question asking no particular field: the postings passing its filters."""
    selection = select(postings, request.filters, today, prefilter=prefilter)
    if not selection.passed and request.filters == Filters(names=request.filters.names) and request.filters:
        # no title holds the words ("any jobs good for families?"): they may be said in passages
        free_answer = free(request, question, {p.id: p for p in postings}, [], index)
        if free_answer.found:
            return free_answer
    if not selection.passed:
        text = f"{_no_match(request.filters)} {_left_out(selection)}".strip()
        return Answer(question=question, answer=text, citations=_unsaid_citations(selection), kind="list",
                      found=False)
    count = len(selection.passed)
    if request.operation == Operation.COUNT:
        lines = [f"{_matches(count)}."]
    elif request.operation == Operation.EXISTS:
        lines = [f"Yes — {_matches(count)}:"]
    else:
        lines = [f"{_matches(count)}:"]
    citations: list[Citation] = []
    limit = request.limit or MAX_LIST_LINES
    for posting in selection.passed[:limit]:
        reasons = selection.reasons(posting)
        detail = f" — {'; '.join(reasons)}" if reasons else ""
        lines.append(f"• {name_of(posting)}{detail}{_closed_tag(posting, today, ())}")
        citations.extend(cite(posting, span) for span in _evidence(posting, request.filters))
    if count > limit:
        lines.append(f"…and {count - limit} more — try {jobs_hint(request.filters)} to see them all.")
    lines.append(_left_out(selection))
    citations.extend(_unsaid_citations(selection))
    lines.append(_remote_elsewhere(request.filters, postings))
    text = "\n".join(line for line in lines if line)
    return Answer(question=question, answer=text, citations=citations, kind="list", found=True)


def _left_out(selection: Selection, *, modes: bool = True) -> str:
    """The postings a filter could not judge, named apart: those stating no pay figure, and (`modes`)
    those not saying whether they are remote when on-site work was asked for."""
    parts = []
    if selection.no_pay:
        parts.append("Left out because they state no pay figure: "
                     f"{', '.join(map(name_of, selection.no_pay))}.")
    if modes and selection.no_mode:
        parts.append("Not listed because they don't say whether they're remote or on-site: "
                     f"{', '.join(map(name_of, selection.no_mode[:MAX_LIST_LINES]))}"
                     f"{' …' if len(selection.no_mode) > MAX_LIST_LINES else ''}.")
    return " ".join(parts)


def _unsaid_citations(selection: Selection) -> list[Citation]:
    """Where each posting named for not saying how it is worked meets the other filters (its place)."""
    return [cite(p, span) for p in selection.no_mode[:MAX_LIST_LINES]
            for span in _evidence(p, selection.filters) if span is not p.remote]


def _remote_elsewhere(filters: Filters, postings: Sequence[Posting]) -> str:
    """For a place asked about, how many remote roles open to anywhere in the country it could also take."""
    if len(filters.places) != 1:
        return ""
    place = filters.places[0]
    if not place.remote_ok or place.country not in (None, "US") or filters.remote or filters.not_remote:
        return ""
    count = sum(1 for p in postings if remote_anywhere(p))
    if not count:
        return ""
    return (f"{plural(count, 'remote role')} open to anywhere in the U.S. could also be done from there — "
            "try /jobs remote:remote.")


def _evidence(posting: Posting, filters: Filters) -> list[Span]:
    """The spans that justify a posting passing the filters (its title when none applies)."""
    spans: list[Span] = []
    if (filters.remote is not None or filters.not_remote) and posting.remote is not None:
        spans.append(posting.remote)
    if (
        filters.pay is not None or filters.period is not None or filters.currency
    ) and posting.salary is not None:
        spans.append(posting.salary)
    if filters.places:
        met = next((p for p in filters.places if place_passes(posting, p)), filters.places[0])
        spans.extend(place_evidence(posting, met))
    if filters.types:
        spans.extend(t for t in posting.offered_types if t.value in filters.types)
    if filters.closing is not None and posting.deadline is not None:
        spans.append(posting.deadline)
    if filters.posted is not None and posting.posted_date is not None:
        spans.append(posting.posted_date)
    if filters.experience is not None and posting.min_years_experience is not None:
        spans.append(posting.min_years_experience)
    if filters.languages:
        spans.extend(languages_named(posting, filters.languages))
    if filters.benefits:
        for item in filters.benefits:
            spans.extend(find_lines(posting, synonyms(item), limit=1))
    if filters.employer is not None and (said := employer_evidence(posting, filters.employer)) is not None:
        spans.append(said)
    if not spans and posting.title is not None:
        spans.append(posting.title)
    return spans


# --- free questions ----------------------------------------------------------------------------------


def free(
    request: Request, question: str, by_id: dict[str, Posting], targets: list[Posting], index: PassageIndex
) -> Answer:
    """The best passages for the question; nothing when no passage shares a meaningful word with it."""
    text = request.text
    words = set(tokenize(text)) - _CHATTER
    named = set().union(*(posting_names(p) for p in targets)) if targets else set()
    subject = words - named
    if targets and not subject:
        return _overview(question, targets)
    # Words the postings never use ("capital", "France", "dress"): when they are half the question,
    # whatever matches the rest is about something else.
    # (not the words that named a posting: "ppgo", a file name's own abbreviation, is in no passage)
    naming = {t for m in request.mentions if m.slot == "target" for t in tokenize(text[m.start:m.end])}
    unknown = [w for w in subject if not index.knows(w) and w not in naming]
    if subject and len(unknown) * 2 >= len(subject):
        return Answer(question=question, answer=NOT_FOUND, kind="none", found=False)
    # Only the named postings' passages: what other postings say answers nothing about them ("the
    # responsibilities of the X" are among hundreds of "Responsibilities" sections).
    hits = index.search(text, k=20, posting_ids=[p.id for p in targets] if targets else None)
    relevant = [h for h in hits if subject & set(tokenize(f"{h.passage.section} {h.passage.text}"))]
    if relevant:
        best = relevant[0].score
        relevant = [h for h in relevant if h.score >= best * RELATIVE_SCORE][:MAX_FREE_CITATIONS]
    if not relevant and targets:
        names = " or the ".join(name_of(p) for p in targets[:MAX_LIST_LINES])
        return Answer(question=question, answer=f"I couldn't find that in the {names} posting.", kind="none",
                      found=False, citations=[cite(p, p.title) for p in targets[:MAX_LIST_LINES] if p.title])
    if not relevant:
        return Answer(question=question, answer=NOT_FOUND, kind="none", found=False)
    return Answer(
        question=question,
        answer=_free_text(relevant, by_id, subject),
        kind="free",
        found=True,
        citations=[cite_passage(by_id[h.passage.posting_id], h.passage) for h in relevant],
    )


def _free_text(hits: list[Hit], by_id: dict[str, Posting], subject: set[str]) -> str:
    top = hits[0].passage
    posting = by_id[top.posting_id]
    where = f", under “{top.section}”" if top.section else ""
    text = f"The {name_of(posting)} posting says{where}: “{_around_words(top.text, subject, 220)}”"
    others = list(
        dict.fromkeys(
            name_of(by_id[h.passage.posting_id]) for h in hits[1:] if h.passage.posting_id != top.posting_id
        )
    )
    if others:
        text += f" See also: {', '.join(others)}."
    return text


def _around_words(text: str, subject: set[str], limit: int) -> str:
    """About `limit` characters of `text` around its first word whose index term the question used (a
    long passage's start may be about something else)."""
    for word in re.finditer(r"\w+", text):
        if subject & set(tokenize(word.group())):
            return excerpt(text, word.start(), word.end(), limit)
    return trim(text, limit)


def _overview(question: str, targets: list[Posting]) -> Answer:
    """A question that only names postings: what each one is, in a line."""
    lines: list[str] = []
    citations: list[Citation] = []
    for posting in targets[:MAX_LIST_LINES]:
        bits = [
            b
            for b in (
                posting.location.value if posting.location else None,
                posting.remote_status.value if posting.remote is not None else None,
                format_pay(posting.salary) if posting.salary and posting.salary.has_figure else None,
            )
            if b
        ]
        lines.append(f"{name_of(posting)}{': ' + '; '.join(bits) if bits else ''}.")
        facts = [fact for fact in (posting.title, posting.location, posting.salary) if fact is not None]
        citations.extend(cite(posting, fact) for fact in facts)
        if not facts and posting.passages:  # a posting stating none of them is still shown where it starts
            citations.append(cite_passage(posting, posting.passages[0]))
    return Answer(question=question, answer=" ".join(lines), citations=citations, kind="free", found=True)
