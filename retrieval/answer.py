"""Composing answers: structured questions from extracted fields, free ones from the best BM25 passages.

Every claim cites its evidence. What a posting does not state is said to be not stated (quoting what
it does say); a passed deadline is reported as closed; an inferred year is said to be inferred.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from knowledge.models import EmploymentType, Posting, PostingStatus, RemoteStatus, Span
from retrieval.format import cite, cite_passage, format_date, format_money, format_pay, name_of, trim
from retrieval.index import Hit, PassageIndex
from retrieval.jobs import Prefilter, select
from retrieval.models import Answer, Citation
from retrieval.query import Catalog, Filters, Query, benefit_words, posting_names, understand
from retrieval.tokenize import tokenize

__all__ = ["NOT_FOUND", "STATING", "answer_question", "compose"]

NOT_FOUND = "I couldn't find that in the postings."
MAX_LIST_LINES = 12
MAX_NOT_STATED = 5
"""A list answer names at most this many postings lacking the value; beyond, it gives their number."""
MAX_FREE_CITATIONS = 3
RELATIVE_SCORE = 0.5
"""Free answers keep hits scoring at least this share of the best one."""

# Question words that say nothing about the subject ("tell me about the job").
_CHATTER = frozenset(tokenize(
    "tell know want like please thanks thank hi hello hey question ask asking info information details "
    "detail job jobs role roles position positions posting postings opening openings opportunity say says "
    "said describe explain mention mentioned anything something thing things kind sort much many open "
    "available current currently now hiring there any all every"))

_BENEFIT_WORDS = frozenset(tokenize(
    "benefit benefits offer offers offered provide provides perk perks package include includes get have "
    "any what which does do is are there come comes with"))


@dataclass
class Claim:
    """One posting's answer to a structured question: a phrase, whether it is stated, and its evidence."""

    phrase: str
    stated: bool
    spans: list[Span] = field(default_factory=list)
    """The evidence; made into citations only for the postings an answer shows."""
    sentence: str = ""
    """The full sentence used when this posting is the only one asked about."""


def answer_question(question: str, postings: Sequence[Posting], index: PassageIndex,
                    today: dt.date, *, catalog: Catalog | None = None,
                    prefilter: Prefilter | None = None) -> Answer:
    """Answer `question` over `postings` (indexed by `index`) as of `today`. Never raises on odd input.

    `catalog` is `Catalog(postings)` and `prefilter` `Prefilter(postings)` when the caller keeps them,
    as the engine does (they only make answers faster).
    """
    query = understand(question, postings, today, catalog=catalog)
    return compose(query, question, postings, index, today, catalog=catalog, prefilter=prefilter)


def compose(query: Query, question: str, postings: Sequence[Posting], index: PassageIndex,
            today: dt.date, *, catalog: Catalog | None = None, prefilter: Prefilter | None = None) -> Answer:
    """The answer to an understood `query`, each citation given once."""
    answer = _compose(query, question, postings, index, today, catalog, prefilter)
    unique = list({(c.posting_id, c.start_line, c.end_line): c for c in reversed(answer.citations)}.values())
    unique.reverse()
    return answer.model_copy(update={"citations": unique}) if len(unique) != len(answer.citations) else answer


def _compose(query: Query, question: str, postings: Sequence[Posting], index: PassageIndex,
             today: dt.date, catalog: Catalog | None, prefilter: Prefilter | None) -> Answer:
    question = question if isinstance(question, str) else ""
    if not postings:
        return Answer(question=question, answer="No postings are loaded yet.", kind="none", found=False)
    if not query.text:
        return Answer(question=question, answer="Ask me about the open roles, e.g. “Which roles are remote?”",
                      kind="none", found=False)
    by_id = catalog.by_id if catalog is not None else {p.id: p for p in postings}
    targets = [by_id[t] for t in query.targets if t in by_id]
    if query.kind == "free":
        return _free(query, question, by_id, targets, index)
    if query.kind == "list" and not query.filters and set(tokenize(query.text)) - _CHATTER:
        # "Which role uses SQL?": a list question about words, not fields; passages answer it.
        return _free(query, question, by_id, targets, index)
    claim_of = _CLAIMS.get(query.kind)
    if claim_of is None:  # "list": which postings pass the filters
        return _listing(query, question, postings, today, prefilter)
    if len(targets) == 1 and not query.all_postings:
        claim = claim_of(targets[0], query, today)
        if not claim.stated and query.kind == "requirements" and not claim.spans:
            fallback = _free(query, question, by_id, targets, index)
            if fallback.found:
                return fallback
        return Answer(question=question, answer=claim.sentence or claim.phrase,
                      citations=[cite(targets[0], span) for span in claim.spans],
                      kind=query.kind, found=True)
    return _many(query, question, targets or list(postings), claim_of, today, prefilter, catalog)


# --- one claim per kind -----------------------------------------------------------------------------


def _pay(posting: Posting, query: Query, today: dt.date) -> Claim:
    salary, name = posting.salary, name_of(posting)
    if salary is not None and salary.has_figure:
        pay = format_pay(salary)
        return Claim(pay, True, [salary], f"The {name} pays {pay}.{_closed(posting, today)}")
    if salary is not None:
        return Claim(f"no figure stated (it says “{trim(salary.text, 80)}”)", False, [salary],
                     f"The {name} posting does not state a pay figure; it says “{trim(salary.text, 120)}”.")
    return Claim("no pay stated", False, _anchor(posting),
                 f"The {name} posting does not state any pay.")


def _deadline(posting: Posting, query: Query, today: dt.date) -> Claim:
    name, deadline = name_of(posting), posting.deadline
    if _asks_start(query):
        start = posting.start_date
        if start is None:
            return Claim("no start date stated", False, _anchor(posting),
                         f"The {name} posting does not state a start date.")
        day = format_date(start.value)
        return Claim(f"starts {day}", True, [start], f"The {name} starts on {day}.")
    if deadline is None:
        return Claim("no deadline stated", False, _anchor(posting),
                     f"The {name} posting does not state a deadline.")
    if deadline.date is None:
        if deadline.rolling:
            phrase = f"no fixed deadline; rolling (“{trim(deadline.text, 80)}”)"
            sentence = (f"The {name} has no fixed deadline: applications are taken on a rolling basis "
                        f"(“{trim(deadline.text, 120)}”).")
        else:
            phrase = f"no date stated (it says “{trim(deadline.text, 80)}”)"
            sentence = f"The {name} posting gives no deadline date; it says “{trim(deadline.text, 120)}”."
        return Claim(phrase, False, [deadline], sentence)
    day = format_date(deadline.date)
    inferred = f" (year inferred as {deadline.date.year}: the posting gives none)" if deadline.inferred_year \
        else ""
    if posting.status(today) == PostingStatus.CLOSED:
        state = f"closed (deadline {day} passed)"
    else:
        left = (deadline.date - today).days
        state = "open, closing today" if left == 0 else f"open, {left} day{'s' if left != 1 else ''} left"
    rolling = " Applications are also reviewed on a rolling basis." if deadline.rolling else ""
    phrase = f"{day}{' (year inferred)' if deadline.inferred_year else ''} — {state}"
    sentence = f"The deadline for the {name} is {day}{inferred}. It is {state}.{rolling}"
    return Claim(phrase, True, [deadline], sentence)


def _asks_start(query: Query) -> bool:
    text = query.text.lower()
    return "start" in text and "deadline" not in text


def _remote(posting: Posting, query: Query, today: dt.date) -> Claim:
    name, status = name_of(posting), posting.remote_status
    where = posting.location
    citations: list[Span] = [posting.remote] if posting.remote is not None else []
    if where is not None and (posting.remote is None or where.start_line != posting.remote.start_line):
        citations.append(where)
    place = f"; location: {where.value}" if where is not None else ""
    if status == RemoteStatus.UNKNOWN:
        sentence = f"The {name} posting does not say whether the role is remote{place}."
        return Claim(f"remote status not stated{place}", False, citations or _anchor(posting), sentence)
    label = {RemoteStatus.REMOTE: "remote", RemoteStatus.HYBRID: "hybrid",
             RemoteStatus.ONSITE: "on-site"}[status]
    sentence = f"The {name} is {label}{place}.{_closed(posting, today)}"
    return Claim(f"{label}{place}", True, citations, sentence)


def _apply(posting: Posting, query: Query, today: dt.date) -> Claim:
    name, how = name_of(posting), posting.apply
    if how is None:
        return Claim("no application instructions stated", False, _anchor(posting),
                     f"The {name} posting does not say how to apply.")
    if how.email:
        phrase = f"email {how.email}"
    elif how.url:
        phrase = f"apply at {how.url}"
    elif how.portal:
        phrase = f"apply through {how.portal}"
    elif how.address_missing:
        phrase = f"by email, but the posting gives no address (“{trim(how.text, 100)}”)"
    else:
        phrase = f"“{trim(how.text, 150)}”"
    sentence = f"To apply to the {name}: {phrase}.{_closed(posting, today)}"
    return Claim(phrase, True, [how], sentence)


def _requirements(posting: Posting, query: Query, today: dt.date) -> Claim:
    name = name_of(posting)
    aspects = query.aspects or _ASPECTS
    parts: list[str] = []
    citations: list[Span] = []
    missing: list[str] = []
    for aspect in aspects:
        if aspect == "experience" and posting.min_years_experience is not None:
            years = posting.min_years_experience
            parts.append(f"at least {years.value} year{'s' if years.value != 1 else ''} of experience")
            citations.append(years)
        elif aspect == "languages" and posting.languages:
            wanted = query.filters.language
            facts = [f for f in posting.languages if not wanted or wanted.lower() in f.value.lower()]
            if facts:
                parts.append(" and ".join(dict.fromkeys(f.value for f in facts)))
                citations.extend(f for f in facts[:3])
            else:
                missing.append(f"{wanted}")
        elif aspect == "licence" and posting.drivers_license is not None:
            licence = posting.drivers_license
            parts.append("a driver's licence" if licence.value else "no driver's licence")
            citations.append(licence)
        elif aspect == "travel" and posting.travel is not None:
            parts.append(f"travel: “{trim(posting.travel.text, 160)}”")
            citations.append(posting.travel)
        else:
            missing.append({"experience": "years of experience", "languages": "languages",
                            "licence": "a driver's licence", "travel": "travel"}.get(aspect, aspect))
    if not parts:
        what = " or ".join(missing) if query.aspects else "specific requirements"
        return Claim(f"does not mention {what}", False, [],
                     f"The {name} posting does not mention {what}.")
    phrase = "; ".join(parts)
    return Claim(phrase, True, citations, _sentence(f"The {name} asks for {phrase}"))


def _benefits(posting: Posting, query: Query, today: dt.date) -> Claim:
    name = name_of(posting)
    if not posting.benefits:
        return Claim("no benefits listed", False, _anchor(posting), f"The {name} posting lists no benefits.")
    facts = posting.benefits
    offered = _asked_benefits(query).offered(benefit_words(posting), posting_names(posting))
    if offered is not None:  # "which jobs offer dental?": only the benefits that mention it
        facts = [facts[i] for i in offered]
        if not facts:
            return Claim("does not mention it", False, [],
                         f"The {name} posting's benefits do not mention that.")
    facts = facts[:6]
    values = "; ".join(trim(f.value, 80) for f in facts)
    more = f" (and {len(posting.benefits) - 6} more)" if len(posting.benefits) > 6 and offered is None else ""
    return Claim(values + more, True, [f for f in facts],
                 f"The {name} lists these benefits: {values}{more}.")


def _employment(posting: Posting, query: Query, today: dt.date) -> Claim:
    name = name_of(posting)
    types = [f.value for f in posting.employment_types]
    citations: list[Span] = list(posting.employment_types[:3])
    hours = posting.hours_per_week
    if hours is not None and all(c.start_line != hours.start_line for c in citations):
        citations.append(hours)
    described = " and ".join(t.value for t in types)
    if hours is not None:
        described = f"{described}, {hours.value:g} hours/week" if described else f"{hours.value:g} hours/week"
    if not described:
        return Claim("type and hours not stated", False, _anchor(posting),
                     f"The {name} posting does not state whether it is full-time or part-time.")
    asked = [EmploymentType(a) for a in query.aspects]
    if asked:
        hit = [t for t in asked if t in types]
        if hit:
            sentence = f"Yes: the {name} is {described}."
        elif types:
            sentence = f"No: the {name} is listed as {described}."
        else:
            sentence = f"The {name} posting does not say; it states {described}."
        return Claim(described, bool(hit), citations, sentence)
    return Claim(described, True, citations, f"The {name} is {described}.")


def _reports_to(posting: Posting, query: Query, today: dt.date) -> Claim:
    name = name_of(posting)
    fact = posting.reports_to
    if fact is None:
        return Claim("reporting line not stated", False, _anchor(posting),
                     f"The {name} posting does not say who the role reports to.")
    return Claim(f"reports to {fact.value}", True, [fact],
                 f"The {name} reports to {fact.value}.")


_CLAIMS: dict[str, Callable[[Posting, Query, dt.date], Claim]] = {
    "pay": _pay, "deadline": _deadline, "remote": _remote, "apply": _apply,
    "requirements": _requirements, "benefits": _benefits, "employment": _employment,
    "reports_to": _reports_to,
}


def _requirements_stated(posting: Posting, query: Query) -> bool:
    """`_requirements(...).stated`: whether any asked aspect is stated."""
    for aspect in query.aspects or _ASPECTS:
        if aspect == "experience":
            if posting.min_years_experience is not None:
                return True
        elif aspect == "languages":
            wanted = query.filters.language
            if any(not wanted or wanted.lower() in f.value.lower() for f in posting.languages):
                return True
        elif aspect == "licence":
            if posting.drivers_license is not None:
                return True
        elif aspect == "travel" and posting.travel is not None:
            return True
    return False


_ASPECTS = ("experience", "languages", "licence", "travel")


@dataclass(frozen=True)
class _AskedBenefits:
    """The benefits a question asks about, each as the words one listed benefit must hold, and whether
    one of them is enough ("a 401(k) or retirement plan") or all are asked for ("dental and vision")."""

    items: tuple[frozenset[str], ...]
    any_one: bool

    def offered(self, benefits: Sequence[frozenset[str]], names: Collection[str]) -> list[int] | None:
        """The positions of the benefits (their words) naming an asked one, none unless enough are; None
        if the question names no benefit beyond the words naming the posting ("Does POP offer dental?")."""
        items = [left for item in self.items if (left := item.difference(names))]
        if not items:
            return None
        found = [[i for i, words in enumerate(benefits) if item <= words] for item in items]
        if (any if self.any_one else all)(found):
            return sorted({i for hits in found for i in hits})
        return []


_ITEM_BREAK = re.compile(r"\b(?:and|or|plus)\b|[,;&/+]", re.IGNORECASE)


def _asked_benefits(query: Query) -> _AskedBenefits:
    pieces = _ITEM_BREAK.split(query.text)
    items = (frozenset(tokenize(piece)) - _BENEFIT_WORDS - _CHATTER for piece in pieces)
    return _AskedBenefits(tuple(item for item in items if item),
                          re.search(r"\bor\b", query.text, re.IGNORECASE) is not None)


def _benefits_stated(asked: _AskedBenefits, names: Collection[str],
                     benefits: Sequence[frozenset[str]]) -> bool:
    """`_benefits(...).stated` from the posting's names and the words of its benefits (`benefit_words`)."""
    if not benefits:
        return False
    offered = asked.offered(benefits, names) if asked.items else None
    return offered is None or bool(offered)


STATING: dict[str, Callable[[Posting], bool]] = {
    "pay": lambda p: p.salary is not None and p.salary.has_figure,
    "deadline": lambda p: p.deadline is not None and p.deadline.date is not None,
    "start": lambda p: p.start_date is not None,
    "remote": lambda p: p.remote_status != RemoteStatus.UNKNOWN,
    "apply": lambda p: p.apply is not None,
    "reports_to": lambda p: p.reports_to is not None,
    "experience": lambda p: p.min_years_experience is not None,
    "languages": lambda p: bool(p.languages),
    "licence": lambda p: p.drivers_license is not None,
    "travel": lambda p: p.travel is not None,
    "benefits": lambda p: bool(p.benefits),
}
"""Whether a posting states a fact, for the facts that decide a claim's `stated` whatever the question's
wording. A snapshot's `Prefilter(postings, STATING)` keeps the postings stating each."""


def _stating_keys(query: Query, asked: _AskedBenefits) -> tuple[str, ...] | None:
    """The `STATING` facts any of which makes the query's claim stated; None if its wording decides."""
    if query.kind == "deadline":
        return ("start",) if _asks_start(query) else ("deadline",)
    if query.kind == "requirements":
        aspects = query.aspects or _ASPECTS
        return None if query.filters.language and "languages" in aspects else aspects
    if query.kind == "benefits":
        return None if asked.items else ("benefits",)
    return (query.kind,) if query.kind in STATING else None


def _stated(query: Query, chosen: Sequence[Posting], catalog: Catalog | None,
            prefilter: Prefilter | None) -> set[int] | None:
    """The `id()`s of postings whose claim would be stated, found without making the claims (lists
    show only a few): all of those in `chosen`, and perhaps others of the prefilter's or catalog's
    postings. None when only making the claims tells. Agrees with `_CLAIMS` (tested).

    Object ids rather than posting ids: a list question may span every posting, and reading each
    posting's attributes costs more than the rest of the answer.
    """
    asked = _asked_benefits(query) if query.kind == "benefits" else _AskedBenefits((), False)
    keys = _stating_keys(query, asked)
    if keys is not None and prefilter is not None and prefilter.stating:
        return set().union(*(prefilter.stating[key] for key in keys))
    if keys is not None:
        return {id(p) for p in chosen if any(STATING[key](p) for key in keys)}
    if query.kind == "requirements":
        return {id(p) for p in chosen if _requirements_stated(p, query)}
    if query.kind == "benefits" and catalog is not None:
        postings = catalog.postings
        if len(chosen) <= MAX_LIST_LINES:  # a few postings named by the question: each checked
            at = [catalog.ids[p.id] for p in chosen]
            return {id(postings[i]) for i in at
                    if _benefits_stated(asked, catalog.name_tokens(i), catalog.benefits[i])}
        # A posting whose names use none of the asked words offers an item when one of its benefits
        # uses all the item's words; the others are checked one by one ("Does POP offer dental?").
        holders = [catalog.benefit_holders(item) for item in asked.items]
        offering = set.union(set(), *holders) if asked.any_one else set.intersection(*holders)
        named = catalog.naming(w for item in asked.items for w in item)
        stated = {id(postings[i]) for i in offering - named}
        stated.update(id(postings[i]) for i in named
                      if _benefits_stated(asked, catalog.name_tokens(i), catalog.benefits[i]))
        return stated
    return None


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop (a quotation may already end with one)."""
    return text if text.endswith((".”", ".", "?”", "!”")) else f"{text}."


def _closed(posting: Posting, today: dt.date) -> str:
    if posting.status(today) == PostingStatus.CLOSED and posting.deadline and posting.deadline.date:
        return f" (The posting is closed: its deadline, {format_date(posting.deadline.date)}, has passed.)"
    return ""


def _anchor(posting: Posting) -> list[Span]:
    """When a value is not stated, cite the title so the reader sees which posting was checked."""
    return [posting.title] if posting.title is not None else []


# --- many postings -----------------------------------------------------------------------------------


def _many(query: Query, question: str, pool: list[Posting], claim_of: Callable[[Posting, Query, dt.date],
          Claim], today: dt.date, prefilter: Prefilter | None, catalog: Catalog | None) -> Answer:
    """A compact line per posting; the postings not matching the question are summed up in one sentence."""
    selection = select(pool, query.filters, today, prefilter=prefilter) if query.filters else None
    chosen = [p for p, _ in selection.matches] if selection is not None else pool
    # For "which jobs list a salary / require Spanish / are part-time" the question's own filter is
    # whether the value is stated: list those first, then name the rest briefly. Claims are made only
    # for the postings the answer shows, unless only making them tells whether they are stated.
    made: dict[int, Claim] = {}
    stated = _stated(query, chosen, catalog, prefilter)
    if stated is None:
        made = {id(p): claim_of(p, query, today) for p in chosen}
        stated = {key for key, claim in made.items() if claim.stated}
    yes = [p for p in chosen if id(p) in stated]
    unstated = len(chosen) - len(yes)
    no = [p for p in chosen if id(p) not in stated] if unstated <= MAX_NOT_STATED else []
    if query.kind == "deadline":
        yes.sort(key=lambda p: p.deadline.date if p.deadline and p.deadline.date else dt.date.max)
    lines: list[str] = []
    citations: list[Citation] = []
    for posting in yes[:MAX_LIST_LINES]:
        claim = made.get(id(posting)) or claim_of(posting, query, today)
        lines.append(f"• {name_of(posting)}: {claim.phrase}{_closed_tag(posting, today, query)}")
        citations.extend(cite(posting, span) for span in claim.spans)
    head = _heading(query, len(yes)) if yes else _nothing(query, chosen)
    tail = ""
    if unstated > MAX_NOT_STATED:
        if yes:  # else the heading has said that none does
            what = "a pay figure" if query.kind == "pay" else "it"
            tail = f"The other {unstated} postings do not state {what}."
    elif no:
        unstated_claims = [(p, made.get(id(p)) or claim_of(p, query, today)) for p in no]
        shown = "; ".join(f"{name_of(p)} — {c.phrase}" for p, c in unstated_claims)
        tail = f"The others state none: {shown}." if query.kind == "pay" else f"Not stated: {shown}."
        citations.extend(cite(p, span) for p, claim in unstated_claims for span in claim.spans
                         if _quotes(claim))
    excluded = _excluded(query, pool, chosen, today)
    if selection is not None and selection.no_pay:
        excluded += (" Left out because they state no pay figure: "
                     + ", ".join(name_of(p) for p in selection.no_pay) + ".")
    text = "\n".join(part for part in (head, *lines, tail, excluded.strip()) if part)
    return Answer(question=question, answer=text, citations=citations, kind=query.kind, found=bool(yes))


def _quotes(claim: Claim) -> bool:
    return "“" in claim.phrase


def _heading(query: Query, count: int) -> str:
    what = {"pay": "state pay", "deadline": "have a deadline", "remote": "say where they are worked",
            "apply": "say how to apply", "requirements": "state this", "benefits": "list benefits",
            "employment": "state this", "reports_to": "state a reporting line"}.get(query.kind, "match")
    if query.filters:
        return f"{count} posting{'s' if count != 1 else ''} match{'es' if count == 1 else ''}:"
    return f"{count} posting{'s' if count != 1 else ''} {what}:"


def _nothing(query: Query, chosen: list[Posting]) -> str:
    if not chosen:
        return _no_match(query.filters)
    return f"None of the {len(chosen)} {'matching ' if query.filters else ''}postings states that."


def _no_match(filters: Filters) -> str:
    """Say which filters nothing passed, so "no posting" is never mistaken for "no answer"."""
    wanted = []
    if filters.remote is not None:
        wanted.append(filters.remote.value)
    if filters.type is not None:
        wanted.append(filters.type.value)
    if filters.min_salary is not None:
        wanted.append(f"paying at least {format_money(filters.min_salary)} a year")
    if filters.location:
        wanted.append(f"in {filters.location}")
    if filters.language:
        wanted.append(f"asking for {filters.language}")
    if filters.closing_before is not None:
        wanted.append(f"closing before {format_date(filters.closing_before)}")
    if filters.open_only:
        wanted.append("still open")
    if not wanted:
        return "No posting matches that."
    return f"No posting matches that ({', '.join(wanted)})."


def _closed_tag(posting: Posting, today: dt.date, query: Query) -> str:
    if query.kind != "deadline" and posting.status(today) == PostingStatus.CLOSED:
        return " [closed]"
    return ""


def _excluded(query: Query, pool: list[Posting], chosen: list[Posting], today: dt.date) -> str:
    """For a question whose filter is its subject ("which roles are remote?"), how the others stand."""
    if query.kind != "remote" or query.filters.remote is None:
        return ""
    shown = {p.id for p in chosen}
    others = [p for p in pool if p.id not in shown]
    if not others:
        return ""
    described = ", ".join(f"{name_of(p)} ({_remote_label(p)})" for p in others[:MAX_LIST_LINES])
    return f"Not {query.filters.remote.value}: {described}."


def _remote_label(posting: Posting) -> str:
    status = posting.remote_status
    return "not stated" if status == RemoteStatus.UNKNOWN else status.value


def _listing(query: Query, question: str, postings: Sequence[Posting], today: dt.date,
             prefilter: Prefilter | None) -> Answer:
    """A "which roles / any jobs" question asking no particular field: the postings passing its filters."""
    selection = select(postings, query.filters, today, prefilter=prefilter)
    if not selection.matches:
        text = _no_match(query.filters)
        if selection.no_pay:
            text += " Left out because they state no pay figure: " + ", ".join(
                name_of(p) for p in selection.no_pay) + "."
        return Answer(question=question, answer=text, kind="list", found=False)
    lines = [f"{len(selection.matches)} posting{'s' if len(selection.matches) != 1 else ''} match:"]
    citations: list[Citation] = []
    for posting, reasons in selection.matches[:MAX_LIST_LINES]:
        detail = f" — {'; '.join(reasons)}" if reasons else ""
        lines.append(f"• {name_of(posting)}{detail}{_closed_tag(posting, today, query)}")
        evidence = _evidence_for(posting, query)
        citations.extend(cite(posting, span) for span in evidence)
    if selection.no_pay:
        lines.append("Left out because they state no pay figure: "
                     + ", ".join(name_of(p) for p in selection.no_pay) + ".")
    return Answer(question=question, answer="\n".join(lines), citations=citations, kind="list", found=True)


def _evidence_for(posting: Posting, query: Query) -> list[Span]:
    """The spans that justify a posting passing the question's filters (its title when none applies)."""
    spans: list[Span] = []
    f = query.filters
    if f.remote is not None and posting.remote is not None:
        spans.append(posting.remote)
    if f.min_salary is not None and posting.salary is not None:
        spans.append(posting.salary)
    if f.location and posting.location is not None:
        spans.append(posting.location)
    if f.type is not None:
        spans.extend(t for t in posting.employment_types if t.value == f.type)
    if f.closing_before is not None and posting.deadline is not None:
        spans.append(posting.deadline)
    if f.language:
        spans.extend(x for x in posting.languages if f.language.lower() in x.value.lower())
    if not spans and posting.title is not None:
        spans.append(posting.title)
    return spans


# --- free questions ----------------------------------------------------------------------------------


def _free(query: Query, question: str, by_id: dict[str, Posting], targets: list[Posting],
          index: PassageIndex) -> Answer:
    """The best passages for the question; nothing when no passage shares a meaningful word with it."""
    words = set(tokenize(query.text)) - _CHATTER
    named = set().union(*(posting_names(p) for p in targets)) if targets else set()
    subject = words - named
    if targets and not subject:
        return _overview(question, targets)
    # Words the postings never use ("capital", "France", "dress"): when they are half the question,
    # whatever matches the rest is about something else.
    unknown = [w for w in subject if not index.search(w, k=1)]
    if subject and len(unknown) * 2 >= len(subject):
        return Answer(question=question, answer=NOT_FOUND, kind="none", found=False)
    # Not restricted to the targets: naming a posting already lifts its passages (the index holds each
    # posting's title and organization), and a word shared by a name and the subject misleads less so.
    hits = index.search(query.text, k=20)
    relevant = [h for h in hits if subject & set(tokenize(f"{h.passage.section} {h.passage.text}"))]
    if relevant:
        best = relevant[0].score
        relevant = [h for h in relevant if h.score >= best * RELATIVE_SCORE][:MAX_FREE_CITATIONS]
    if not relevant:
        return Answer(question=question, answer=NOT_FOUND, kind="none", found=False)
    return Answer(question=question, answer=_free_text(relevant, by_id), kind="free", found=True,
                  citations=[cite_passage(by_id[h.passage.posting_id], h.passage) for h in relevant])


def _free_text(hits: list[Hit], by_id: dict[str, Posting]) -> str:
    top = hits[0].passage
    posting = by_id[top.posting_id]
    where = f", under “{top.section}”" if top.section else ""
    text = f"The {name_of(posting)} posting says{where}: “{trim(top.text, 220)}”"
    others = list(dict.fromkeys(name_of(by_id[h.passage.posting_id]) for h in hits[1:]
                                if h.passage.posting_id != top.posting_id))
    if others:
        text += f" See also: {', '.join(others)}."
    return text


def _overview(question: str, targets: list[Posting]) -> Answer:
    """A question that only names postings: what each one is, in a line."""
    lines: list[str] = []
    citations: list[Citation] = []
    for posting in targets[:MAX_LIST_LINES]:
        bits = [b for b in (
            posting.location.value if posting.location else None,
            posting.remote_status.value if posting.remote is not None else None,
            format_pay(posting.salary) if posting.salary and posting.salary.has_figure else None,
        ) if b]
        lines.append(f"{name_of(posting)}{': ' + '; '.join(bits) if bits else ''}.")
        for fact in (posting.title, posting.location, posting.salary):
            if fact is not None:
                citations.append(cite(posting, fact))
    return Answer(question=question, answer=" ".join(lines), citations=citations, kind="free", found=True)
