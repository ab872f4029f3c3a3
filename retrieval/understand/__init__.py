"""Question understanding: a member's question -> a typed `Request` (targets, asks, operation, filters).

Mirrors `knowledge/extract/`: one module per slot, each a recogniser that reads the question and returns
`Mention`s (where, and what they mean). One resolver keeps the longest mentions (ties to the recogniser
listed first in `_RECOGNISERS`); the words nobody claimed are the BM25 search terms. Nothing here names
a posting: the postings' own names, in the `Catalog`, are the vocabulary targets are matched against.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from knowledge.models import EmploymentType, PayPeriod, Posting, RemoteStatus
from retrieval.request import (
    Ask,
    ClosingWindow,
    EmployerKind,
    ExperienceBound,
    Filters,
    Mention,
    Operation,
    PayBound,
    PlaceQuery,
    PostedWindow,
    Request,
)
from retrieval.tokenize import tokenize
from retrieval.understand.asks import read_asks, read_unstated
from retrieval.understand.benefits import read_benefits
from retrieval.understand.catalog import Catalog
from retrieval.understand.closing import read_closing
from retrieval.understand.employer import read_employer
from retrieval.understand.employment import read_types
from retrieval.understand.experience import read_experience
from retrieval.understand.followup import OTHER, read_follow_up
from retrieval.understand.languages import LanguageAsked, read_languages
from retrieval.understand.operation import read_operation, read_subjects
from retrieval.understand.pay import read_currency, read_pay, read_period
from retrieval.understand.phrases import read_phrases
from retrieval.understand.places import read_named_places, read_places
from retrieval.understand.remote import NOT_REMOTE, read_remote
from retrieval.understand.resolve import resolve, unclaimed
from retrieval.understand.targets import SHORT_FORMS, match_targets, read_targets
from retrieval.understand.text import MAX_QUESTION_CHARS, Context, Slot, clean

__all__ = ["MAX_QUESTION_CHARS", "Catalog", "understand"]

T = TypeVar("T")

_RECOGNISERS: tuple[Callable[[Context], list[Mention]], ...] = (
    read_pay, read_experience, read_closing, read_phrases, read_unstated, read_asks, read_operation,
    read_places, read_remote, read_types, read_period, read_currency, read_benefits, read_employer,
    read_languages, read_follow_up, read_subjects,
)
"""In the order ties are broken: a known place beats a posting's name of the same length."""
_OPERATION_RANK = (Operation.COMPARE, Operation.COUNT, Operation.MAX, Operation.MIN, Operation.EXISTS,
                   Operation.LIST)
_ABOUT_TARGETS = (Operation.LOOKUP, Operation.COMPARE)
_NEAR = 0.8
"""How well, against the best, a posting must be named to join a comparison that named only one."""
_IMPLIED_ASKS: dict[Slot, Ask] = {
    Slot.PAY: Ask.PAY, Slot.PERIOD: Ask.PAY, Slot.CURRENCY: Ask.PAY, Slot.REMOTE: Ask.REMOTE,
    Slot.PLACE: Ask.LOCATION, Slot.TYPE: Ask.TYPE, Slot.EXPERIENCE: Ask.EXPERIENCE,
    Slot.LANGUAGE: Ask.LANGUAGES, Slot.BENEFIT: Ask.BENEFITS, Slot.CLOSING: Ask.DEADLINE,
    Slot.POSTED: Ask.POSTED,
}
"""A filter's slot -> the field it is about: "is it remote?" asks it, "remote jobs" shows it."""


def understand(question: str, catalog: Catalog, today: dt.date, *,
               previous: Request | None = None) -> Request:
    """The `Request` `question` makes over the postings of `catalog`. Never raises.

    `previous`: the request this question may follow up ("and the pay?" carries its targets over).
    """
    text = clean(question)
    if not text:
        return Request(text="", asks=(Ask.TEXT,))
    ctx = Context.of(text, catalog, today)
    found = [m for read in _RECOGNISERS for m in read(ctx)]
    explicit = {m.value for m in found if m.slot == Slot.OPERATION}
    plural = any(m.slot == Slot.SUBJECT and m.value for m in found)
    strict = plural and not explicit - {Operation.LIST}
    segmented = bool(explicit & {Operation.COMPARE, Operation.MAX, Operation.MIN})
    found += read_targets(ctx, segmented=segmented, strict=strict)
    found += read_named_places(ctx)  # last: a known name of the same length wins
    kept = resolve(found)
    targets = _targets(ctx, found, kept, segmented=segmented, strict=strict)
    operation = _operation(kept)
    if operation in (Operation.MAX, Operation.MIN) and len(targets) == 1:
        # "the org has 2 organizer posts - which one closes later": a comparison needs two, so the
        # postings named nearly as well as the best one come in
        targets = _targets(ctx, found, kept, segmented=segmented, strict=strict, near=_NEAR) or targets
    naming = _naming_types(text, kept)
    claimed, kept = kept, [m for m in kept if m not in naming]
    filters = _filters(text, kept)
    if operation == Operation.LOOKUP:
        targets = _narrowed(catalog, targets, filters, [text[m.start:m.end] for m in naming])
    follow_up = False
    if previous is not None and not targets and previous.targets and _refers_back(kept, filters, plural):
        follow_up = True
        other = any(m.slot == Slot.FOLLOW_UP and m.value == OTHER for m in kept)
        targets = previous.targets[1:] if other and len(previous.targets) > 1 else previous.targets
    if operation == Operation.LIST and targets and not plural and len(targets) == 1:
        operation = Operation.LOOKUP
    if operation == Operation.LOOKUP and not plural and not targets and _only_a_city(filters):
        # "the <city> job": a posting named by its city, not a list of the jobs there.
        targets = _located_in(catalog, filters.places[0])
        filters = Filters() if targets else filters
    if operation == Operation.LOOKUP and (plural or (not targets and filters)):
        operation = Operation.LIST
    asks = _asks(kept, bool(targets) and operation in _ABOUT_TARGETS)
    if operation in (Operation.MAX, Operation.MIN) and _RECENCY.search(text) and Ask.POSTED not in asks:
        asks = (Ask.POSTED, *asks)  # "the newest remote job" ranks by when postings were posted
    if not asks and follow_up and previous is not None:
        asks = previous.asks
    terms = tuple(t for w in unclaimed(ctx.words, claimed) for t in w.tokens)
    unnamed = [m for m in claimed if m.slot != Slot.TARGET]  # name words that named no posting are free
    if operation in _LISTING and not targets and (named := _role_words(ctx, unnamed)):
        # "show me organizer jobs": the postings so named, not passages about organizing
        filters = filters.model_copy(update={"names": named})
    if not asks and not filters and operation == Operation.LOOKUP:
        asks = (Ask.TEXT,)
    return Request(text=text, targets=targets,
                   ambiguous=len(targets) > 1 and operation == Operation.LOOKUP and not plural,
                   asks=asks, operation=operation, filters=filters, terms=terms, mentions=tuple(kept),
                   follow_up=follow_up)


def _targets(ctx: Context, found: Sequence[Mention], kept: Sequence[Mention], *,
             segmented: bool, strict: bool, near: float = 1.0) -> tuple[str, ...]:
    """The ids the kept target mentions name: read again from their words if some lost to longer mentions
    (or to take in those named `near`ly as well)."""
    read = [m for m in found if m.slot == Slot.TARGET]
    survived = [m for m in kept if m.slot == Slot.TARGET]
    if not survived:
        return ()
    if len(survived) == len(read) and near == 1.0:
        ids: tuple[str, ...] = survived[0].value
        return ids
    indices = [i for i, w in enumerate(ctx.words)
               if any(m.start <= w.start and w.end <= m.end for m in survived)]
    return match_targets(ctx, indices, segmented=segmented, strict=strict, near=near)[0]


def _naming_types(text: str, kept: Sequence[Mention]) -> list[Mention]:
    """Employment types written as part of a posting's name: right before a target's words ("the Hey
    Jane part time RN", "the contract attorney"), or right after them in a question that does not ask
    "is it ...?" ("how long is the avow field canvasser contract")."""
    whether = bool(_ASKS_WHETHER.match(text))
    targets = [m for m in kept if m.slot == Slot.TARGET]
    return [m for m in kept if m.slot == Slot.TYPE and any(
        (not text[m.end:t.start].strip(" -") and m.end <= t.start)
        or (not whether and t.end <= m.start and not text[t.end:m.start].strip(" -")) for t in targets)]


_LISTING = (Operation.LIST, Operation.EXISTS, Operation.COUNT)


def _role_words(ctx: Context, claimed: Sequence[Mention]) -> tuple[str, ...]:
    """The question's unclaimed words when every one of them names some posting ("communications" in "any
    communications jobs?"); else none (a question about something else). The list then keeps the
    postings whose titles hold them."""
    words = [SHORT_FORMS.get(w.text.lower().rstrip("."), w.text) for w in unclaimed(ctx.words, claimed)
             if w.tokens]  # "comms jobs": the communications ones
    if not words or any(t not in ctx.catalog.name_df or t in _NOT_ROLE for w in words for t in tokenize(w)):
        return ()
    return tuple(words)


_NOT_ROLE = frozenset(tokenize("job jobs role roles position positions posting postings opening openings "
                               "work any all new open available"))
"""Words in postings' names that name no kind of role ("New Voices", "Open Data")."""


def _only_a_city(filters: Filters) -> bool:
    """Whether a city is all the question filters by."""
    return (len(filters.places) == 1 and filters.places[0].city is not None
            and filters == Filters(places=filters.places))


def _places(text: str, kept: Sequence[Mention]) -> tuple[PlaceQuery, ...]:
    """The places a question names, each once, as alternatives ("in Canada or NZ"). A place written
    after a city to say where the city is ("Pasadena, California"), or holding another place named
    ("Columbus … in Ohio"), only qualifies it."""
    mentions = sorted((m for m in kept if m.slot == Slot.PLACE and isinstance(m.value, PlaceQuery)),
                      key=lambda m: m.start)
    named: list[PlaceQuery] = []
    for i, m in enumerate(mentions):
        before = mentions[i - 1] if i else None
        qualifies = (before is not None and before.value.city is not None and m.value.city is None
                     and re.fullmatch(r",?\s*", text[before.end:m.start]) is not None)
        if not qualifies:
            named.append(m.value)
    distinct = list({(p.city, p.state, p.country, p.text.lower()): p for p in named}.values())
    return tuple(p for p in distinct
                 if not any(q is not p and (q.city, q.state, q.country) != (p.city, p.state, p.country)
                            and p.contains(q.city, q.state, q.country) for q in distinct))


def _located_in(catalog: Catalog, place: PlaceQuery) -> tuple[str, ...]:
    """The ids of the postings located in `place`'s city (a handful at most, else none)."""
    if place.city is None:
        return ()
    city = place.city.lower()
    found = tuple(pid for pid, posting in catalog.by_id.items()
                  if any((p.city or "").lower() == city for p in posting.places))
    return found if len(found) <= _MAX_CITY_TARGETS else ()


_MAX_CITY_TARGETS = 3


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_ASKS_WHETHER = re.compile(r"^\W*(?:is|are|was|will|would|does|do|can)\b", re.I)
_RECENCY = re.compile(r"\b(?:newest|oldest)\b|\bmost recent\b"
                      r"|\b(?:latest|earliest) (?:jobs?|roles?|postings?|positions?|openings?)\b", re.I)


def _narrowed(catalog: Catalog, targets: tuple[str, ...], filters: Filters,
              naming: Sequence[str]) -> tuple[str, ...]:
    """Tied targets narrowed by the type or place the question also names, when that leaves some:
    the type in their name ("the part time RN"), else the type they state."""
    if len(targets) < 2:
        return targets
    postings = [catalog.by_id[t] for t in targets]
    words = [_key(w) for w in naming]
    named = [p.id for p in postings
             if any(w in _key(f"{p.title.value if p.title else ''} {p.id}") for w in words)]
    typed = [p.id for p in postings if {f.value for f in p.offered_types} & filters.types]
    if named or typed:
        targets = tuple(named or typed)
    if filters.places and len(targets) > 1:
        placed = [t for t in targets if any(_placed(catalog.by_id[t], p) for p in filters.places)]
        if placed:
            targets = tuple(placed)
    return targets


def _placed(posting: Posting, place: PlaceQuery) -> bool:
    """Whether one of the places `posting` states is within `place`, or its location names it."""
    return any(place.contains(p.city, p.state, p.country) for p in posting.places) or (
        posting.location is not None and place.text.lower() in posting.location.value.lower())


def _operation(kept: Sequence[Mention]) -> Operation:
    named = {m.value for m in kept if m.slot == Slot.OPERATION}
    return next((op for op in _OPERATION_RANK if op in named), Operation.LOOKUP)


def _refers_back(kept: Sequence[Mention], filters: Filters, plural: bool) -> bool:
    """Whether a question naming no posting refers to the previous one's."""
    if any(m.slot == Slot.FOLLOW_UP for m in kept):
        return True
    return not plural and not filters and not any(m.slot == Slot.OPERATION for m in kept)


def _asks(kept: Sequence[Mention], about_targets: bool) -> tuple[Ask, ...]:
    """The asked fields in question order: those named, and those a filter is about. A place asked of
    named postings asks where they are only when nothing else is asked ("can I do it from Oregon?"); a
    specific requirement ("a car") replaces requirements in general."""
    asks: list[Ask] = []
    paired: set[Ask] = set()  # asked together by one word ("a license": a driver's or a professional one)
    for m in kept:
        ask: Ask | None = None
        if m.slot == Slot.ASK and isinstance(m.value, tuple):
            asks += [a for a in m.value if a not in asks]
            paired.update(m.value)
        elif m.slot == Slot.ASK:
            ask = m.value
        elif m.slot == Slot.CLOSING and m.value.open_only and not (m.value.after or m.value.before):
            ask = Ask.OPEN if about_targets else Ask.DEADLINE
        elif m.slot in _IMPLIED_ASKS and not (m.slot == Slot.PLACE and about_targets):
            ask = _IMPLIED_ASKS[Slot(m.slot)]
        if ask is not None and ask not in asks:
            asks.append(ask)
    if about_targets and not asks and any(m.slot == Slot.PLACE for m in kept):
        asks = [Ask.LOCATION, Ask.REMOTE]
    if Ask.REQUIREMENTS in asks and (set(asks) - paired) & _SPECIFIC_REQUIREMENTS:
        asks.remove(Ask.REQUIREMENTS)
    return tuple(asks)


_SPECIFIC_REQUIREMENTS = frozenset({Ask.EXPERIENCE, Ask.DEGREE, Ask.LANGUAGES, Ask.LICENCE, Ask.TRAVEL})


def _filters(text: str, kept: Sequence[Mention]) -> Filters:
    """The constraints the kept mentions put on postings (for named postings: what to check about them)."""
    values: dict[Slot, list[object]] = {}
    for m in kept:
        values.setdefault(Slot(m.slot), []).append(m.value)

    def first(slot: Slot) -> object:
        return values.get(slot, [None])[0]

    remote = first(Slot.REMOTE)
    places = _places(text, kept)
    if remote in (RemoteStatus.ONSITE, NOT_REMOTE):
        places = tuple(p.model_copy(update={"remote_ok": False}) for p in places)
    language = first(Slot.LANGUAGE)
    languages = [v.name for v in values.get(Slot.LANGUAGE, ()) if isinstance(v, LanguageAsked)]
    return Filters(
        remote=remote if isinstance(remote, RemoteStatus) else None,
        not_remote=remote == NOT_REMOTE,
        places=places,
        pay=_one(values.get(Slot.PAY), PayBound),
        period=_one(values.get(Slot.PERIOD), PayPeriod),
        currency=_one(values.get(Slot.CURRENCY), str),
        types=frozenset(v for v in values.get(Slot.TYPE, ()) if isinstance(v, EmploymentType)),
        excluded_types=frozenset(v for v in values.get(Slot.EXCLUDED_TYPE, ())
                                 if isinstance(v, EmploymentType)),
        experience=_one(values.get(Slot.EXPERIENCE), ExperienceBound),
        languages=tuple(dict.fromkeys(languages)),
        language_required=language.required if isinstance(language, LanguageAsked) else None,
        closing=_closing([v for v in values.get(Slot.CLOSING, ()) if isinstance(v, ClosingWindow)]),
        posted=_one(values.get(Slot.POSTED), PostedWindow),
        benefits=tuple(dict.fromkeys(str(v) for v in values.get(Slot.BENEFIT, ()))),
        employer=_one(values.get(Slot.EMPLOYER), EmployerKind),
        mentions=tuple(str(v) for v in values.get(Slot.PHRASE, ())),
        unstated=frozenset(v for v in values.get(Slot.UNSTATED, ()) if isinstance(v, Ask)),
    )


def _one(items: list[object] | None, kind: type[T]) -> T | None:
    return next((v for v in items or () if isinstance(v, kind)), None)


def _closing(windows: list[ClosingWindow]) -> ClosingWindow | None:
    """Several windows named ("rolling or closing this week") merged into one."""
    if not windows:
        return None
    afters = [w.after for w in windows if w.after]
    befores = [w.before for w in windows if w.before]
    return ClosingWindow(after=max(afters) if afters else None, before=min(befores) if befores else None,
                         rolling=any(w.rolling for w in windows), open_only=any(w.open_only for w in windows))
