"""Filtering postings: each filter says whether a posting passes and why, so lists can show their reasons."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.extract.location import STATES
from knowledge.models import EmploymentType, Passage, Posting, PostingStatus, RemoteStatus
from retrieval.format import format_date, format_money, format_pay
from retrieval.index import PassageIndex
from retrieval.models import JobFilters, JobMatch, JobsResult
from retrieval.query import Filters
from retrieval.tokenize import tokenize

__all__ = ["Prefilter", "Selection", "filter_jobs", "select"]


@dataclass(frozen=True)
class Selection:
    """Postings passing some filters (with reasons), and those a pay filter could not judge."""

    matches: list[tuple[Posting, list[str]]]
    no_pay: list[Posting]


class Prefilter:
    """Per-posting facts of a fixed set of postings, to skip at once those no filter could pass.

    Built once per set of postings (in a worker thread); `select` then checks only the postings a
    question's filters may keep, so its cost follows the matches rather than the corpus.
    """

    def __init__(self, postings: Sequence[Posting],
                 stating: Mapping[str, Callable[[Posting], bool]] | None = None) -> None:
        """`stating`: predicates whose postings to keep in `stating` (`retrieval.answer.STATING`)."""
        self.stating: dict[str, set[int]] = {
            key: {id(p) for p in postings if states(p)} for key, states in (stating or {}).items()}
        """The `id()`s of the postings (these very objects) each predicate of `stating` holds for."""
        self.by_remote: dict[RemoteStatus, set[str]] = {}
        self.by_type: dict[EmploymentType, set[str]] = {}
        self.by_place_word: dict[str, set[str]] = {}
        self.by_capitals: dict[str, set[str]] = {}
        self.dated: set[str] = set()
        self.with_languages: set[str] = set()
        for posting in postings:
            pid = posting.id
            self.by_remote.setdefault(posting.remote_status, set()).add(pid)
            for kind in posting.employment_types:
                self.by_type.setdefault(kind.value, set()).add(pid)
            for fact in (posting.location, posting.title):
                if fact is not None:
                    text = f"{fact.value} {fact.text}"
                    for token in _tokens(text):
                        self.by_place_word.setdefault(token, set()).add(pid)
                    for word in _CAPITAL_PAIR.findall(text):
                        self.by_capitals.setdefault(word, set()).add(pid)
            if posting.deadline is not None and posting.deadline.date is not None:
                self.dated.add(pid)
            if posting.languages:
                self.with_languages.add(pid)

    def candidates(self, filters: Filters) -> set[str] | None:
        """Ids of the postings that may pass `filters` or be listed as stating no pay (None: all may)."""
        found: set[str] | None = None

        def narrow(ids: set[str]) -> None:
            nonlocal found
            found = set(ids) if found is None else found & ids

        if filters.remote is not None:
            narrow(self.by_remote.get(filters.remote, set()))
        if filters.min_salary is not None:
            return found  # postings failing a later filter may still be listed as stating no pay
        if filters.location:
            narrow(self._located(filters.location))
        if filters.type is not None:
            narrow(self.by_type.get(filters.type, set()))
        if filters.closing_before is not None:
            narrow(self.dated)
        if filters.language:
            narrow(self.with_languages)
        return found

    def _located(self, place: str) -> set[str]:
        """The postings `_located` may accept for `place` (a superset: they are checked again)."""
        found: set[str] = set()
        wanted = set(tokenize(place))
        code = US_STATES.get(" ".join(place.lower().split()))
        name = _STATE_NAMES.get(place.strip().upper()) if len(place.strip()) == 2 else None
        for words in (wanted, set(tokenize(name)) if name else set()):
            if words:
                found |= set.intersection(*(self.by_place_word.get(w, set()) for w in words))
        if code:
            found |= self.by_capitals.get(code, set())
        return found


def select(postings: Sequence[Posting], filters: Filters, today: dt.date, *,
           include_closed: bool = True, prefilter: Prefilter | None = None) -> Selection:
    """The postings passing every filter, in the given order, each with the reasons it passed.

    `prefilter`, built from a superset of `postings`, only makes it faster.
    """
    matches: list[tuple[Posting, list[str]]] = []
    no_pay: list[Posting] = []
    if not filters and include_closed:
        return Selection(matches=[(posting, []) for posting in postings], no_pay=[])  # nothing to check
    wanted_ids = prefilter.candidates(filters) if prefilter is not None else None
    if wanted_ids is not None:
        postings = [p for p in postings if p.id in wanted_ids]
    for posting in postings:
        status = posting.status(today)
        if status == PostingStatus.CLOSED and (filters.open_only or not include_closed):
            continue
        reasons: list[str] = []
        ok = True
        if filters.remote is not None:
            ok = posting.remote_status == filters.remote
            if ok and posting.remote is not None:
                reasons.append(f"{filters.remote.value} (“{posting.remote.text}”)")
        if ok and filters.min_salary is not None:
            salary = posting.salary
            annual = None if salary is None else (
                salary.annual_max if salary.annual_max is not None else salary.annual_min)
            if salary is None or not salary.has_figure or annual is None:
                no_pay.append(posting)
                ok = False
            else:
                ok = annual >= filters.min_salary
                if ok:
                    reasons.append(f"pays {format_pay(salary)} (at least "
                                   f"{format_money(filters.min_salary)} a year)")
        if ok and filters.location:
            ok = _located(posting, filters.location)
            if ok:
                where = posting.location.value if posting.location else posting.display_title
                reasons.append(f"located in {where}")
        if ok and filters.type is not None:
            ok = any(f.value == filters.type for f in posting.employment_types)
            if ok:
                reasons.append(filters.type.value)
        if ok and filters.closing_before is not None:
            day = posting.deadline.date if posting.deadline else None
            ok = day is not None and day < filters.closing_before and (
                day >= today or not filters.open_only)
            if ok and day is not None:
                reasons.append(f"closes {format_date(day)}")
        if ok and filters.language:
            wanted = filters.language.lower()
            ok = any(wanted in f.value.lower() or wanted in f.text.lower() for f in posting.languages)
            if ok:
                reasons.append(f"asks for {filters.language}")
        if ok:
            matches.append((posting, reasons))
    return Selection(matches=matches, no_pay=no_pay)


def _located(posting: Posting, place: str) -> bool:
    """Whether `place` is named by the posting's location (or its title); US states match their codes."""
    wanted = set(tokenize(place))
    if not wanted:
        return False
    code = US_STATES.get(" ".join(place.lower().split()))
    name = _STATE_NAMES.get(place.strip().upper()) if len(place.strip()) == 2 else None
    for fact in (posting.location, posting.title):
        if fact is None:
            continue
        text = f"{fact.value} {fact.text}"
        tokens = _tokens(text)
        if wanted <= tokens:
            return True
        if code and re.search(rf"\b{code}\b", text):
            return True
        if name and set(tokenize(name)) <= tokens:
            return True
    return False


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> frozenset[str]:
    """The token set of a location or title (cached: every list question checks them all)."""
    return frozenset(tokenize(text))


_CAPITAL_PAIR = re.compile(r"\b[A-Z]{2}\b")
"""Words of two capitals: where `\\bCA\\b` and the like can match."""


US_STATES = {name.lower(): code for name, code in STATES.items()}
"""US state names -> postal codes, so "jobs in Minnesota" finds "Duluth, MN"."""
_STATE_NAMES = {code: name for name, code in US_STATES.items()}


def filter_jobs(postings: Sequence[Posting], index: PassageIndex, filters: JobFilters,
                today: dt.date) -> JobsResult:
    """`python -m bot jobs` / `/jobs`: postings passing `filters`, best text match first when queried."""
    wanted = Filters(remote=filters.remote, min_salary=filters.min_salary, location=filters.location,
                     type=filters.type, closing_before=filters.closing_before)
    pool = list(postings)
    found: dict[str, str] = {}
    if filters.query and filters.query.strip():
        terms = set(tokenize(filters.query))
        hits = index.search(filters.query, k=200, posting_ids=[p.id for p in pool])
        for hit in hits:
            if hit.passage.posting_id in found:
                continue
            if terms & set(tokenize(f"{hit.passage.section} {hit.passage.text}")) or _names(pool, hit.passage,
                                                                                             terms):
                found[hit.passage.posting_id] = hit.passage.text
        order = list(found)
        pool = sorted((p for p in pool if p.id in found), key=lambda p: order.index(p.id))
    selection = select(pool, wanted, today, include_closed=filters.include_closed)
    matches = []
    for posting, reasons in selection.matches:
        if posting.id in found:
            reasons = [f"mentions “{filters.query}”", *reasons]
        if filters.include_closed and posting.status(today) == PostingStatus.CLOSED:
            reasons.append("closed (included on request)")
        matches.append(JobMatch(posting=posting, reasons=reasons or ["no filter given"]))
    return JobsResult(matches=matches, left_out_no_pay=[p.display_title for p in selection.no_pay],
                      today=today)


def _names(pool: Sequence[Posting], passage: Passage, terms: set[str]) -> bool:
    """Whether the query names the posting of `passage` (its title or organization)."""
    for posting in pool:
        if posting.id == passage.posting_id:
            names = " ".join(f.value for f in (posting.title, posting.organization) if f is not None)
            return bool(terms & set(tokenize(names)))
    return False
