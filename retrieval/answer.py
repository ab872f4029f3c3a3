"""Answering a question: understand it as a `Request`, then run it (`retrieval.execute`).

Every claim cites its evidence. What a posting does not state is said to be not stated (quoting what
it does say); a passed deadline is reported as closed; an inferred year is said to be inferred.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence

from knowledge.extract.location import STATES
from knowledge.models import EmploymentType, PayPeriod, Posting
from retrieval.execute import NOT_FOUND, execute
from retrieval.fields import FIELDS
from retrieval.index import PassageIndex
from retrieval.jobs import Prefilter
from retrieval.models import Answer
from retrieval.query import _MIN_PAY, Catalog, Query
from retrieval.request import (
    Ask,
    ClosingWindow,
    ExperienceBound,
    Filters,
    Operation,
    PayBound,
    PlaceQuery,
    Request,
)
from retrieval.understand import understand as understand_request

__all__ = ["NOT_FOUND", "STATING", "answer_question"]

STATING: dict[str, Callable[[Posting], bool]] = {ask.value: field.states for ask, field in FIELDS.items()}
"""Whether a posting states each field; a snapshot's `Prefilter(postings, STATING)` keeps the postings
stating each, so list answers need not look at every posting."""


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
    request = _understand(question, postings, today, catalog, previous)
    return execute(request, question, postings, index, today, by_id=catalog.by_id, prefilter=prefilter)


def _understand(
    question: str, postings: Sequence[Posting], today: dt.date, catalog: Catalog, previous: Request | None
) -> Request:
    return understand_request(question, catalog, today, previous=previous)


# --- a temporary reading of the older `Query` as a `Request` (until `retrieval.understand` lands) ---------


_KIND_ASKS: dict[str, tuple[Ask, ...]] = {
    "pay": (Ask.PAY,),
    "deadline": (Ask.DEADLINE,),
    "remote": (Ask.REMOTE,),
    "apply": (Ask.APPLY,),
    "requirements": (Ask.REQUIREMENTS,),
    "benefits": (Ask.BENEFITS,),
    "employment": (Ask.TYPE,),
    "reports_to": (Ask.REPORTS_TO,),
    "list": (),
    "free": (),
}
_ASPECT_ASKS = {
    "experience": Ask.EXPERIENCE,
    "languages": Ask.LANGUAGES,
    "licence": Ask.LICENCE,
    "travel": Ask.TRAVEL,
}
_CLAUSE_ASKS: tuple[tuple[Ask, re.Pattern[str]], ...] = tuple(
    (a, re.compile(p, re.I))
    for a, p in (
        (Ask.APPLY, r"\bhow (?:do|can|to) (?:i |you )?apply\b|\bapply\b"),
        (Ask.OPEN, r"\bstill open\b|\bstill (?:accepting|taking)\b|\bcan i still\b|\bis it open\b"),
        (Ask.DEADLINE, r"\bdeadline|\bclos(?:e|es|ing)\b|\bdue\b"),
        (Ask.PAY, r"\bpay|\bsalar|\bwage|\bcompensat|\bhow much\b|\bearn"),
        (Ask.REMOTE, r"\bremote\b|\bhybrid\b|\bin[- ]person\b|\bon[- ]?site\b"),
        (Ask.LOCATION, r"\bwhere\b|\blocat|\bbased\b|\bwhat city\b"),
        (Ask.TYPE, r"\bfull[- ]?time\b|\bpart[- ]?time\b|\bcontract\b|\btemporary\b|\bseasonal\b"),
        (Ask.DURATION, r"\bhow long\b|\bduration\b|\blength\b|\bhow many (?:weeks|months)\b"),
        (Ask.HOURS, r"\bhow many hours\b|\bhours\b"),
        (Ask.START, r"\bstart"),
        (Ask.END, r"\bend date\b|\bwhen does it end\b|\bends?\b"),
        (Ask.BENEFITS, r"\bbenefit|\binsurance\b|\bdental\b|\bpto\b|\bvacation\b|\b40[13]"),
        (Ask.LICENCE, r"\bcar\b|\bdriver|\blicen[cs]e"),
        (Ask.LANGUAGES, r"\bspanish\b|\blanguage|\bbilingual\b|\bspeak"),
        (Ask.DEGREE, r"\bdegree\b|\bbachelor|\bcollege\b"),
        (Ask.EXPERIENCE, r"\bexperience\b|\byears?\b"),
        (Ask.REPORTS_TO, r"\breport(?:s|ing)? to\b|\bsupervis|\bmanager\b|\bboss\b"),
        (Ask.POSTED, r"\bposted\b|\bpublished\b"),
    )
)
_CLAUSE_BREAK = re.compile(r"\band\b|,|;|\?|\balso\b", re.I)
_MAX = re.compile(r"\b(?:highest|most|best|top|largest|biggest|greatest|max(?:imum)?|latest|longest)\b", re.I)
_MIN = re.compile(
    r"\b(?:lowest|least|cheapest|smallest|min(?:imum)?|earliest|soonest|first|shortest)\b", re.I
)
_COMPARE = re.compile(r"\bcompare\b|\bvs\.?\b|\bversus\b|\bdifference between\b|\bside by side\b", re.I)
_COUNT = re.compile(r"\bhow many (?:jobs|roles|positions|postings|openings)\b", re.I)
_OPEN_LIST = re.compile(
    r"\b(?:which|what|any)\b.*\b(?:jobs?|roles?|positions?|postings?)\b.*\b(?:still )?open\b", re.I
)
_ROLLING = re.compile(r"\bopen until filled\b|\brolling\b|\buntil (?:it'?s |the position is )?filled\b", re.I)
_MONTH_IN = re.compile(r"\b(?:clos\w*|due|deadlines?|end)\s+(?:in|during)\s+([A-Z][a-z]+)\b")
_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name: i for i, name in enumerate(calendar.month_abbr) if name})
_YEARS = re.compile(
    r"\b(?:at least|min(?:imum)?(?: of)?|over|more than|(\d+)\s*\+)\s*(\d+)?\s*\+?\s*years?", re.I
)
_ENTRY = re.compile(r"\bentry[- ]level\b|\bno experience\b|\bwithout experience\b|\bbeginners?\b", re.I)
_ITEM_BREAK = re.compile(r"\b(?:and|plus)\b|[,;&+]", re.I)
_OFFER = re.compile(
    r".*\b(?:offers?|offering|provides?|providing|includes?|including|has|have|get|gives?|with|"
    r"covers?|list|lists)\b",
    re.I,
)
_ITEM_NOISE = re.compile(
    r"^(?:an?|the|any|some|good|as a benefit|benefits?)\s+|\s+(?:as a benefit|benefits?)$|"
    r"[?!.]",
    re.I,
)
_COUNTRIES = {
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "britain": "GB",
    "england": "GB",
    "canada": "CA",
    "australia": "AU",
    "us": "US",
    "usa": "US",
    "united states": "US",
}


def request_of(query: Query, today: dt.date) -> Request:
    """The `Request` an older `Query` stands for, with the operations and parts it could not express."""
    text = query.text
    asks = list(_KIND_ASKS.get(query.kind, ()))
    if query.kind == "requirements" and query.aspects:
        asks = [_ASPECT_ASKS[a] for a in query.aspects if a in _ASPECT_ASKS] or asks
    if query.kind == "deadline" and re.search(r"\bstart", text, re.I) and "deadline" not in text.lower():
        asks = [Ask.START]
    if query.kind == "deadline" and re.search(
        r"\bstill open\b|\bcan i still\b|\bstill (?:accepting|taking)\b", text, re.I
    ):
        asks = [Ask.OPEN]
    if query.kind not in ("free", "list"):
        asks = _clauses(text, asks)
    operation = Operation.LIST if query.all_postings else Operation.LOOKUP
    if _COMPARE.search(text):
        operation = Operation.COMPARE
    elif _MAX.search(text) and not re.search(
        r"\bat most\b|\bat least\b|\bfirst (?:step|round)\b", text, re.I
    ):
        operation = Operation.MAX
    elif _MIN.search(text) and not re.search(r"\bat least\b|\bat most\b|\bminimum (?:of|qualif)", text, re.I):
        operation = Operation.MIN
    elif _COUNT.search(text):
        operation = Operation.COUNT
    if operation in (Operation.MAX, Operation.MIN):
        if re.search(r"\bclos|\bdeadline|\bdue\b|\bsoonest\b", text, re.I):
            asks = [Ask.DEADLINE]
        elif re.search(r"\bhours\b", text, re.I) and not re.search(r"\bpay|\bwage", text, re.I):
            asks = [Ask.HOURS]
        elif re.search(r"\bexperience\b", text, re.I):
            asks = [Ask.EXPERIENCE]
        elif not asks or Ask.PAY not in asks:
            asks = (
                [Ask.PAY]
                if re.search(r"\bpa(?:y|id|ys)\b|\bsalar|\bwage|\bmoney|\bearn|\brate\b", text, re.I)
                or not asks
                else asks
            )
    if _OPEN_LIST.search(text) and query.all_postings and not asks:
        asks = [Ask.OPEN]
    targets = query.targets
    if operation in (Operation.MAX, Operation.MIN) and len(targets) < 2:
        targets = ()
    return Request(
        text=text,
        targets=targets,
        asks=tuple(asks),
        operation=operation,
        filters=_filters(query, text, today, asks),
        ambiguous=len(targets) > 1 and operation == Operation.LOOKUP,
    )


def _clauses(text: str, asks: list[Ask]) -> list[Ask]:
    """Each clause's ask ("where is it and what does it pay?"), the first kind's ask first."""
    found = list(asks)
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    if len(clauses) < 2:
        return found
    for clause in clauses:
        ask = next((a for a, pattern in _CLAUSE_ASKS if pattern.search(clause)), None)
        if (
            ask is not None
            and ask not in found
            and not (ask in _ASPECT_ASKS.values() and Ask.REQUIREMENTS in found)
        ):
            found.append(ask)
    return found


def _filters(query: Query, text: str, today: dt.date, asks: list[Ask]) -> Filters:
    old = query.filters
    pay = _pay_bound(text)
    place = _place(old.location, text) if old.location else None
    closing = None
    if old.closing_before is not None or old.open_only:
        closing = ClosingWindow(
            before=old.closing_before - dt.timedelta(days=1) if old.closing_before else None,
            open_only=old.open_only,
        )
    if (month := _MONTH_IN.search(text)) and month.group(1) in _MONTHS:
        number = _MONTHS[month.group(1)]
        year = today.year if number >= today.month else today.year + 1
        if re.search(r"\b(?:19|20)\d\d\b", text):
            year = int(re.search(r"\b((?:19|20)\d\d)\b", text).group(1))  # type: ignore[union-attr]
        closing = ClosingWindow(
            after=dt.date(year, number, 1), before=dt.date(year, number, calendar.monthrange(year, number)[1])
        )
    if _ROLLING.search(text):
        closing = ClosingWindow(rolling=True)
    types = frozenset({old.type}) if old.type is not None else frozenset()
    if re.search(r"\bconsultan", text, re.I):
        types |= {EmploymentType.CONTRACT}
    period = None
    if re.search(r"\bhourly\b|\bper hour\b|\ban hour\b|/\s*h(?:ou)?r\b", text, re.I):
        period = PayPeriod.HOUR
    elif re.search(r"\bmonthly\b|\bper month\b|\ba month\b", text, re.I):
        period = PayPeriod.MONTH
    elif re.search(r"\bweekly\b|\bper week\b", text, re.I) and not re.search(r"\bhours\b", text, re.I):
        period = PayPeriod.WEEK
    elif re.search(r"\bannual|\bsalaried\b|\bper year\b|\ba year\b", text, re.I):
        period = PayPeriod.YEAR
    if pay is not None and pay.period is None and period is not None:
        pay = pay.model_copy(update={"period": period})
    currency = "GBP" if re.search(r"£|\bgbp\b|\bpounds?\b", text, re.I) else None
    currency = "CAD" if re.search(r"\bcad\b|\bcanadian dollars?\b", text, re.I) else currency
    return Filters(
        remote=old.remote,
        place=place,
        pay=pay,
        period=period if pay is None else None,
        currency=currency,
        types=types,
        experience=_experience(text),
        language=old.language,
        closing=closing,
        benefits=_benefit_items(text) if Ask.BENEFITS in asks else (),
    )


def _pay_bound(text: str) -> PayBound | None:
    for match in _MIN_PAY.finditer(text):
        number, thousands, unit = match.groups()
        if not (thousands or unit or "$" in match.group(0) or "£" in match.group(0)):
            continue
        try:
            value = float(number.replace(",", "")) * (1000 if thousands else 1)
        except ValueError:
            continue
        period = {
            "hour": PayPeriod.HOUR,
            "hr": PayPeriod.HOUR,
            "h": PayPeriod.HOUR,
            "week": PayPeriod.WEEK,
            "wk": PayPeriod.WEEK,
            "month": PayPeriod.MONTH,
            "mo": PayPeriod.MONTH,
            "year": PayPeriod.YEAR,
            "yr": PayPeriod.YEAR,
        }.get((unit or "").lower())
        return PayBound(amount=value, period=period)
    under = re.search(r"\b(?:under|below|less than|at most)\s*\$\s*(\d[\d,]*(?:\.\d+)?)\s*(k\b)?", text, re.I)
    if under:
        value = float(under.group(1).replace(",", "")) * (1000 if under.group(2) else 1)
        return PayBound(amount=value, at_least=False)
    return None


def _place(location: str, text: str) -> PlaceQuery:
    name = " ".join(location.split())
    state = next((s for s in STATES if s.lower() == name.lower()), None)
    if state is None and len(name) == 2 and name.isupper():
        state = next((s for s, code in STATES.items() if code == name), None)
    country = _COUNTRIES.get(name.lower())
    remote_ok = bool(re.search(r"\b(?:from|live in|living in|based in)\b", text, re.I))
    city = None if state or country else name
    return PlaceQuery(text=name, city=city, state=state, country=country, remote_ok=remote_ok)


def _experience(text: str) -> ExperienceBound | None:
    if _ENTRY.search(text):
        return ExperienceBound(entry_level=True)
    match = re.search(
        r"\b(?:at least|min(?:imum)?(?: of)?|over|more than)\s+(\d+|five|three|two|ten)\s*\+?\s*years?",
        text,
        re.I,
    ) or re.search(r"\b(\d+)\s*\+\s*years?", text, re.I)
    if match:
        words = {"two": 2, "three": 3, "five": 5, "ten": 10}
        raw = match.group(1).lower()
        return ExperienceBound(min_years=int(words.get(raw, raw)))
    return None


def _benefit_items(text: str) -> tuple[str, ...]:
    """The benefit items a question asks about ("dental and vision", "a 401(k) or retirement plan")."""
    head = _OFFER.match(text)
    rest = text[head.end() :] if head else ""
    items = []
    for piece in _ITEM_BREAK.split(rest):
        item = piece.strip()
        for _ in range(3):
            item = _ITEM_NOISE.sub("", item).strip()
        if item and len(item) <= 60:
            items.append(item)
    return tuple(items)
