"""Filtering postings: each filter says whether a posting passes and why, so lists can show their reasons."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from knowledge.extract import _gazetteer
from knowledge.extract.location import STATES
from knowledge.literals import compile_scan
from knowledge.models import (
    EmploymentType,
    Passage,
    PayPeriod,
    Posting,
    PostingStatus,
    RemoteStatus,
    Span,
)
from retrieval.fields import (
    FIELDS,
    WORK_PLACE,
    Context,
    Cue,
    around_cue,
    benefit_lines,
    body_saying,
    comparable_pay,
    find_lines,
    languages_named,
    rolling_said,
    synonyms,
    words_pattern,
)
from retrieval.format import format_date, format_money, format_pay, trim
from retrieval.index import PassageIndex
from retrieval.models import JobMatch, JobsResult
from retrieval.request import ClosingWindow, EmployerKind, Filters, PayBound, PlaceQuery
from retrieval.tokenize import stem, tokenize

__all__ = ["US_STATES", "PostingFacts", "Prefilter", "Selection", "employer_evidence", "filter_jobs",
           "job_filters", "place_evidence", "place_passes", "place_said", "posting_facts", "remote_anywhere",
           "select"]


@dataclass(frozen=True)
class Selection:
    """Postings passing some filters, and those a pay or on-site filter could not judge. Why each one
    passed is worded on demand (`reasons`): an answer shows a few of thousands."""

    passed: list[Posting]
    no_pay: list[Posting]
    filters: Filters
    today: dt.date
    positions: list[int] | None = field(default=None, compare=False)
    """Where each of `passed` is in the prefilter's `postings`, when the prefilter found them there."""
    no_mode: list[Posting] = field(default_factory=list)
    """Postings passing every other filter that do not say whether they are remote, when on-site work
    ("not remote") was asked for: named apart, neither counted nor dropped in silence."""

    def reasons(self, posting: Posting) -> list[str]:
        """Why `posting`, one of `passed`, passes the filters: a few words per filter, in order."""
        reasons = []
        for check in _active_checks(self.filters):
            verdict = check(posting, self.filters, self.today, True)
            if isinstance(verdict, str):
                reasons.append(verdict)
        return reasons

    @property
    def matches(self) -> list[tuple[Posting, list[str]]]:
        """Every passing posting with its `reasons`."""
        return [(posting, self.reasons(posting)) for posting in self.passed]


@dataclass(frozen=True)
class PostingFacts:
    """What a `Prefilter` reads from one posting: computed once per posting and reused by every
    prefilter of a set holding it (a server's view of a snapshot)."""

    stating: frozenset[str]
    """The keys of the `stating` predicates that hold for the posting."""
    ranks: Mapping[str, float | None]
    """The value of each of the `ranking` functions for the posting."""
    remote: RemoteStatus
    types: tuple[EmploymentType, ...]
    place_words: frozenset[str]
    capitals: frozenset[str]
    dated: bool
    rolling: bool
    languages: bool
    benefit_texts: tuple[frozenset[str], ...]
    """The words of each of its benefits, then of each of the body's benefit lines."""
    benefit_pairs: tuple[tuple[str, int], ...]
    """(its id, k) for each of `benefit_texts`: made once, shared by every prefilter holding it."""
    said_words: frozenset[str]
    """Words of the body's sentences saying where the work is (`place_said` reads them)."""
    said_codes: frozenset[str]
    """The keys of its `_Stated.codes`: state codes of place-only lines, "country:GB" for pay in pounds."""
    union: bool
    """Whether its employer is a labor union."""
    years: bool
    """Whether the posting states a minimum of years of experience."""
    entry_level: bool
    """Whether an entry-level filter may pass the posting: its text holds one of the entry-level words
    (a superset of the lines `find_lines` finds) or it asks for no experience."""

    def plain(self) -> list[object]:
        """These facts as JSON values, field by field (`from_plain` reads them back): the saved analysis
        keeps them, so a restart does not work them out again."""
        return [list(self.stating), dict(self.ranks), self.remote.value, self.types, list(self.place_words),
                list(self.capitals), self.dated, self.rolling, self.languages,
                [list(words) for words in self.benefit_texts], self.benefit_pairs, list(self.said_words),
                list(self.said_codes), self.union, self.years, self.entry_level]

    @classmethod
    def from_plain(cls, row: Sequence[Any]) -> PostingFacts:
        """The facts `plain` gave `row` for (TypeError or ValueError if `row` is not such a list)."""
        (stating, ranks, remote, types, place_words, capitals, dated, rolling, languages, benefit_texts,
         benefit_pairs, said_words, said_codes, union, years, entry_level) = row
        flags = (dated, rolling, languages, union, years, entry_level)
        if not all(isinstance(flag, bool) for flag in flags) or not isinstance(ranks, dict):
            raise TypeError("not the facts of a posting")
        return cls(frozenset(stating), ranks, RemoteStatus(remote), tuple(types), frozenset(place_words),
                   frozenset(capitals), dated, rolling, languages,
                   tuple(frozenset(words) for words in benefit_texts),
                   tuple((pid, k) for pid, k in benefit_pairs), frozenset(said_words), frozenset(said_codes),
                   union, years, entry_level)


def posting_facts(posting: Posting,
                  stating: Mapping[str, Callable[[Posting], bool]] | None = None,
                  ranking: Mapping[str, Callable[[Posting], float | None]] | None = None) -> PostingFacts:
    """The `PostingFacts` of `posting`, with `stating`'s predicates and `ranking`'s values (see
    `Prefilter`)."""
    texts = _place_texts(posting)
    # The places resolved from the location (a city's state, a country) are names it goes by as well.
    texts += [name for place in posting.places for name in (place.city, place.state) if name]
    codes = {code for place in posting.places
             for code in (place.country, US_STATES.get((place.state or "").lower())) if code}
    years = posting.min_years_experience.value if posting.min_years_experience is not None else None
    lowered = posting.text.casefold()  # as `re.I` matches: "no previouſ experience" too
    stated = _stated_places(posting)
    benefits = tuple(_tokens(fact.text) for fact in [*posting.benefits, *benefit_lines(posting)])
    return PostingFacts(
        stating=frozenset(key for key, states in (stating or {}).items() if states(posting)),
        ranks={key: rank(posting) for key, rank in (ranking or {}).items()},
        remote=posting.remote_status,
        types=tuple(kind.value for kind in posting.offered_types),
        place_words=frozenset(token for text in texts for token in _tokens(text)),
        capitals=frozenset(word for text in texts for word in _CAPITAL_PAIR.findall(text)) | codes,
        dated=posting.deadline is not None and posting.deadline.date is not None,
        rolling=posting.deadline is not None and posting.deadline.rolling,
        languages=bool(posting.languages),
        benefit_texts=benefits,
        benefit_pairs=tuple((posting.id, k) for k in range(len(benefits))),
        said_words=frozenset().union(*stated.sentence_words),
        said_codes=frozenset(stated.codes),
        union=employer_evidence(posting, EmployerKind.UNION) is not None,
        years=years is not None,
        entry_level=years == 0 or any(word in lowered for word in _ENTRY_WORDS))


_MAX_ITEMS = 512
"""Benefit items a prefilter remembers the postings of."""


class Prefilter:
    """Per-posting facts of a fixed set of postings, to skip at once those no filter could pass.

    Built once per set of postings (in a worker thread); `select` then checks only the postings a
    question's filters may keep, so its cost follows the matches rather than the corpus.
    """

    def __init__(self, postings: Sequence[Posting],
                 stating: Mapping[str, Callable[[Posting], bool]] | None = None,
                 ranking: Mapping[str, Callable[[Posting], float | None]] | None = None, *,
                 facts: Sequence[PostingFacts] | None = None) -> None:
        """`stating`: predicates whose postings to keep in `stating` (`retrieval.answer.STATING`);
        `ranking`: functions whose values to keep in `ranks` (`retrieval.answer.RANKING`); `facts`: each
        posting's `posting_facts` with those, already computed."""
        if facts is None:
            facts = [posting_facts(p, stating, ranking) for p in postings]
        elif len(facts) != len(postings):
            raise ValueError("the facts given do not match the postings")
        self.stating: dict[str, set[int]] = {key: set() for key in stating or {}}
        """The `id()`s of the postings (these very objects) each predicate of `stating` holds for."""
        self._holding: dict[str, list[int]] = {}
        """The positions of the postings each predicate of `stating` holds for."""
        self._rank_values: dict[str, list[float | None]] = {}
        """Each `ranking` function's value for each posting, by position: a list sorts thousands of
        postings without reading them."""
        self._ranks: dict[str, dict[int, float | None]] = {}
        """The same by `id()` of the posting (made on first use: see `ranks`)."""
        self._orders: dict[tuple[str, bool], list[int]] = {}
        """(rank, descending) -> every position, in that order (made on first use: see `top`)."""
        self._held: dict[str, frozenset[int]] = {}
        """`_holding` as sets (made on first use)."""
        self.by_remote: dict[RemoteStatus, set[str]] = {}
        self.by_type: dict[EmploymentType, set[str]] = {}
        self.by_place_word: dict[str, set[str]] = {}
        self.by_capitals: dict[str, set[str]] = {}
        self.dated: set[str] = set()
        self.rolling: set[str] = set()
        self.with_languages: set[str] = set()
        self.by_said_word: dict[str, set[str]] = {}
        """Word -> postings whose body, in a sentence saying where the work is, uses it."""
        self.by_said_code: dict[str, set[str]] = {}
        self.unions: set[str] = set()
        self.by_benefit_word: dict[str, set[tuple[str, int]]] = {}
        """Word -> (posting, which of its `benefit_texts`) pairs using it: an item's words found in one
        text decide `_benefit_check` exactly."""
        self.by_benefit_pid: dict[str, set[str]] = {}
        """Word -> postings one of whose benefit texts uses it."""
        self._items: dict[str, set[str]] = {}
        """Benefit item -> the postings offering it (`_offering`)."""
        self.with_years: set[str] = set()
        self.entry_level: set[str] = set()
        self.postings = tuple(postings)
        self._ids: dict[int, str] = {}
        """`id()` of each posting -> its id: `among` need not read the postings themselves."""
        self._positions: dict[str, int] = {}
        """Each posting's id -> its position in `postings`."""
        # Few new objects: a retired prefilter is freed in one go, holding the GIL.
        for position, (posting, known) in enumerate(zip(self.postings, facts, strict=True)):
            pid, ident = posting.id, id(posting)
            self._ids[ident] = pid
            self._positions.setdefault(pid, position)
            for key in known.stating:
                self.stating[key].add(ident)
                self._holding.setdefault(key, []).append(position)
            self.by_remote.setdefault(known.remote, set()).add(pid)
            for kind in known.types:
                self.by_type.setdefault(kind, set()).add(pid)
            for token in known.place_words:
                self.by_place_word.setdefault(token, set()).add(pid)
            for word in known.capitals:
                self.by_capitals.setdefault(word, set()).add(pid)
            if known.dated:
                self.dated.add(pid)
            if known.rolling:
                self.rolling.add(pid)
            if known.languages:
                self.with_languages.add(pid)
            for pair, words in zip(known.benefit_pairs, known.benefit_texts, strict=True):
                for token in words:
                    self.by_benefit_word.setdefault(token, set()).add(pair)
                    self.by_benefit_pid.setdefault(token, set()).add(pid)
            if known.years:
                self.with_years.add(pid)
            if known.entry_level:
                self.entry_level.add(pid)
            if known.union:
                self.unions.add(pid)
            for token in known.said_words:
                self.by_said_word.setdefault(token, set()).add(pid)
            for code in known.said_codes:
                self.by_said_code.setdefault(code, set()).add(pid)
        for key in ranking or {}:
            try:
                self._rank_values[key] = [known.ranks[key] for known in facts]
            except KeyError:
                raise ValueError("the facts given were not ranked with these functions") from None

    def ranks(self, key: str) -> dict[int, float | None] | None:
        """The `ranking` function `key`'s value for each posting, by `id()` (None: not kept)."""
        found = self._ranks.get(key)
        if found is None and key in self._rank_values:
            found = self._ranks[key] = dict(zip(map(id, self.postings), self._rank_values[key], strict=True))
        return found

    def among(self, postings: Sequence[Posting], ids: Collection[str]) -> list[Posting]:
        """Those of `postings` whose ids are in `ids`, in order. Reading an attribute of each of thousands
        of postings costs milliseconds of cache misses: given the prefilter's own `postings`, those are
        found by position without visiting the others; else their `id()`s are looked up."""
        spots = self.spots(postings, ids)
        if spots is not None:
            return [postings[i] for i in spots]
        known = self._ids
        found = []
        for posting in postings:
            pid = known.get(id(posting))
            if (pid if pid is not None else posting.id) in ids:
                found.append(posting)
        return found

    def spots(self, postings: Sequence[Posting], ids: Collection[str]) -> list[int] | None:
        """The positions of the postings with these ids, in order, when `postings` are the prefilter's own
        (else None)."""
        if postings is not self.postings or len(self._positions) != len(postings):
            return None
        positions = self._positions
        try:
            return sorted(map(positions.__getitem__, ids))
        except KeyError:
            return sorted(positions[pid] for pid in ids if pid in positions)

    def holding(self, key: str, postings: Sequence[Posting]) -> list[Posting]:
        """Those of `postings` for which the `stating` predicate `key` holds, in order (found by position
        when they are the prefilter's own `postings`)."""
        if postings is self.postings and len(self._positions) == len(postings):
            return [postings[i] for i in self._holding.get(key, [])]
        held = self.stating[key]
        return [posting for posting in postings if id(posting) in held]

    def top(self, key: str, postings: Sequence[Posting], positions: list[int] | None, rank: str | None,
            descending: bool, limit: int) -> tuple[list[Posting], int] | None:
        """The first `limit` of `holding(key, postings)` sorted (stably) on the `ranking` function `rank`
        (none: as they are), missing values last, and how many hold; None unless `postings` are the
        prefilter's own or `positions` (ascending) says where each of them is in those. A list over
        thousands of postings then reads only the postings it shows."""
        if positions is None:
            if postings is not self.postings or len(self._positions) != len(postings):
                return None
            hits = self._holding.get(key, [])
        else:
            held = self._held.get(key)
            if held is None:
                held = self._held[key] = frozenset(self._holding.get(key, []))
            hits = [i for i in positions if i in held]
        limit = max(limit, 0)
        if rank is None:
            first = hits[:limit]
        else:
            order = self._order(rank, descending)
            if order is None:
                return None
            if len(hits) == len(self.postings):
                first = order[:limit]
            else:
                wanted = set(hits)
                first = list(islice((i for i in order if i in wanted), limit))
        return [self.postings[i] for i in first], len(hits)

    def _order(self, rank: str, descending: bool) -> list[int] | None:
        """Every position, sorted (stably) on the `ranking` function `rank`, missing values last."""
        order = self._orders.get((rank, descending))
        if order is None and rank in self._rank_values:
            missing = float("-inf") if descending else float("inf")
            keys = [missing if value is None else value for value in self._rank_values[rank]]
            order = self._orders[(rank, descending)] = sorted(range(len(keys)), key=keys.__getitem__,
                                                             reverse=descending)
        return order

    def candidates(self, filters: Filters) -> set[str] | None:
        """Ids of the postings that may pass `filters` or be listed as stating no pay (None: all may)."""
        found: set[str] | None = None

        def narrow(ids: set[str]) -> None:
            nonlocal found
            found = set(ids) if found is None else found & ids

        if filters.remote is not None or filters.not_remote:
            unknown = self.by_remote.get(RemoteStatus.UNKNOWN, set()) if _unsaid_mode_kept(filters) else set()
            wanted = [filters.remote] if filters.remote is not None else _NOT_REMOTE
            narrow(set().union(*(self.by_remote.get(status, set()) for status in wanted)) | unknown)
        if filters.pay is not None:
            return found  # postings failing a later filter may still be listed as stating no pay
        if filters.places:
            narrow(set().union(*(self._located(p) | self._said(p) for p in filters.places)))
        if filters.types:
            narrow(set().union(*(self.by_type.get(t, set()) for t in filters.types)))
        window = filters.closing
        if window is not None and (window.before is not None or window.after is not None):
            narrow(self.dated)
        elif window is not None and window.rolling:
            narrow(self.rolling)
        if filters.languages:
            narrow(self.with_languages)
        if filters.employer == EmployerKind.UNION:
            narrow(self.unions)
        if filters.experience is not None:
            narrow(self.entry_level if filters.experience.entry_level else self.with_years)
        for item in filters.benefits:
            narrow(self._offering(item))
        return found

    def _offering(self, item: str) -> set[str]:
        """The postings `_benefit_check` passes for `item` (remembered: items recur across questions)."""
        found = self._items.get(item)
        if found is None:
            if len(self._items) >= _MAX_ITEMS:
                self._items.clear()
            found = self._items[item] = set().union(
                *(self._benefit_texts_using(words) for words in _item_words(item)))
        return found

    def _benefit_texts_using(self, words: frozenset[str]) -> set[str]:
        """The postings one of whose benefit texts uses every one of `words`."""
        if len(words) == 1:
            return self.by_benefit_pid.get(next(iter(words)), set())
        pairs = set.intersection(*(self.by_benefit_word.get(t, set()) for t in words))
        return {pid for pid, _ in pairs}

    def decides(self, filters: Filters) -> bool:
        """Whether `candidates(filters)` are exactly the postings passing `filters` (closed ones too):
        true when every active filter is one whose postings the prefilter keeps exactly."""
        if filters.employer is not None and filters.employer != EmployerKind.UNION:
            return False
        if _unsaid_mode_kept(filters):
            return False  # the postings not saying how they are worked are among the candidates
        return not any((filters.places, filters.pay, filters.period, filters.currency, filters.experience,
                        filters.languages, filters.closing, filters.posted, filters.benefits,
                        filters.mentions, filters.unstated, filters.names, filters.excluded_types))

    def _located(self, place: PlaceQuery) -> set[str]:
        """The postings `place_passes` may accept for `place` (a superset: they are checked again)."""
        return _named(place, self.by_place_word, self.by_capitals, state_codes_only=False)

    def _said(self, place: PlaceQuery) -> set[str]:
        """The postings `place_said` may find saying they are in `place` (a superset)."""
        found = _named(place, self.by_said_word, self.by_said_code, state_codes_only=True)
        if place.country is not None and place.city is None and place.state is None:
            found |= self.by_said_code.get(f"country:{place.country.upper()}", set())
        return found



def _named(place: PlaceQuery, by_word: dict[str, set[str]], by_code: dict[str, set[str]], *,
           state_codes_only: bool) -> set[str]:
    """The postings whose words (in `by_word`) hold one of the place's names, or whose codes (in `by_code`)
    hold its code: a state's postal code, or (unless `state_codes_only`) a name that is one ("PA")."""
    found: set[str] = set()
    for name in _place_names(place):
        if name.words:
            found |= set.intersection(*(by_word.get(w, set()) for w in name.words))
        code = name.state_code if state_codes_only else name.code
        if code:
            found |= by_code.get(code, set())
    return found


def select(postings: Sequence[Posting], filters: Filters, today: dt.date, *,
           include_closed: bool | None = None, prefilter: Prefilter | None = None) -> Selection:
    """The postings passing every filter, in the given order (why each passed: `Selection.reasons`).

    `include_closed` overrides `filters.include_closed`; `prefilter`, built from a superset of
    `postings`, only makes it faster.
    """
    include = filters.include_closed if include_closed is None else include_closed
    if not filters and include:
        return Selection(list(postings), [], filters, today)  # nothing to check
    decided = False
    spots: list[int] | None = None
    if prefilter is not None:
        wanted_ids = prefilter.candidates(filters)
        if wanted_ids is not None:
            spots = prefilter.spots(postings, wanted_ids)
            postings = [postings[i] for i in spots] if spots is not None else prefilter.among(postings,
                                                                                                wanted_ids)
            decided = prefilter.decides(filters)
    if decided and include:
        return Selection(list(postings), [], filters, today, spots)
    checks = () if decided else _active_checks(filters)
    passed: list[Posting] = []
    kept: list[int] = []
    no_pay: list[Posting] = []
    no_mode: list[Posting] = []
    for at, posting in enumerate(postings):
        if not include and posting.status(today) == PostingStatus.CLOSED:
            continue
        unsaid: set[object] = set()  # left out for what it does not say only if it passes the others
        for check in checks:
            verdict = check(posting, filters, today, False)
            if verdict is False:
                break
            if verdict is _NO_PAY or verdict is _NO_MODE:
                unsaid.add(verdict)
        else:
            if _NO_PAY in unsaid:
                no_pay.append(posting)
            elif _NO_MODE in unsaid:
                no_mode.append(posting)
            else:
                passed.append(posting)
                kept.append(at)
    return Selection(passed, no_pay, filters, today, [spots[i] for i in kept] if spots is not None else None,
                     no_mode)


_NO_PAY = object()
"""A pay filter's verdict on a posting stating no comparable figure."""
_NO_MODE = object()
_NOT_REMOTE = (RemoteStatus.ONSITE, RemoteStatus.HYBRID)
"""The modes of roles that are not remote."""
"""An on-site filter's verdict on a posting that does not say whether it is remote."""


def _unsaid_mode_kept(filters: Filters) -> bool:
    """Whether postings not saying how they are worked are named apart (on-site asked for: most such
    postings are tied to a place, so a member asking "not remote" wants to hear of them)."""
    return filters.remote == RemoteStatus.ONSITE or filters.not_remote


def _remote_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if filters.remote is None and not filters.not_remote:
        return None
    status = posting.remote_status
    if status == RemoteStatus.UNKNOWN and _unsaid_mode_kept(filters):
        return _NO_MODE
    if status != filters.remote and not (filters.not_remote and status in _NOT_REMOTE):
        return False
    if not explain or posting.remote is None:
        return True
    return f"{status.value} (“{trim(posting.remote.text, 80)}”)"


def _pay_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    bound = filters.pay
    if bound is None:
        return None
    salary = posting.salary
    if salary is None or not salary.has_figure:
        return _NO_PAY
    currency = (bound.currency or filters.currency or "USD").upper()
    if (salary.currency or "USD").upper() != currency:
        return False  # currencies are never compared as dollars
    period = bound.period or (PayPeriod.HOUR if bound.amount < 500 else PayPeriod.YEAR)
    value = comparable_pay(salary, period, low=not bound.at_least or bound.low_end)
    if value is None:
        return False
    ok = value >= bound.amount if bound.at_least else value <= bound.amount
    if not ok:
        return False
    if not explain:
        return True
    word = "at least" if bound.at_least else "at most"
    return f"pays {format_pay(salary)} ({word} {format_money(bound.amount, currency)} a {period.value})"


def _period_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if filters.period is None or filters.pay is not None:
        return None
    salary = posting.salary
    if salary is None or salary.period != filters.period or not salary.has_figure:
        return False
    return f"paid per {filters.period.value}: {format_pay(salary)}" if explain else True


def _currency_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if filters.currency is None or filters.pay is not None:
        return None
    salary = posting.salary
    if salary is None or (salary.currency or "USD").upper() != filters.currency.upper():
        return False
    return f"pays in {filters.currency.upper()}"


def _place_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.places:
        return None
    return next(filter(None, (place_passes(posting, p) for p in filters.places)), None) or False


def _type_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.types:
        return None
    hit = [f.value for f in posting.employment_types if f.value in filters.types]
    if hit:
        return " and ".join(t.value for t in dict.fromkeys(hit))
    if any(f.value in filters.types for f in posting.employment_either):
        return " or ".join(f.value.value for f in posting.employment_either)  # "full-time or part-time"
    return False


def _excluded_type_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.excluded_types:
        return None
    return not any(f.value in filters.excluded_types for f in posting.employment_types)


def _experience_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    bound = filters.experience
    if bound is None:
        return None
    years = posting.min_years_experience.value if posting.min_years_experience is not None else None
    if bound.entry_level:
        lines = find_lines(posting, _ENTRY_WORDS, limit=1)
        if lines:
            return f"“{trim(lines[0].text, 80)}”"
        return "no prior experience required" if years == 0 else False
    if years is None:
        return False
    if bound.min_years is not None and years < bound.min_years:
        return False
    if bound.max_years is not None and years > bound.max_years:
        return False
    return f"asks for {years} year{'s' if years != 1 else ''} of experience"


_ENTRY_WORDS = ("entry-level", "entry level", "no experience", "no prior experience",
                "experience not required",
                "no previous experience", "will train")


def _language_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.languages:
        return None
    asked = [f.value for f in languages_named(posting, filters.languages)]
    return f"asks for {' and '.join(dict.fromkeys(asked))}" if asked else False


def _closing_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    window = filters.closing
    if window is None:
        return None
    deadline = posting.deadline
    day = deadline.date if deadline is not None else None
    if window.open_only and posting.status(today) == PostingStatus.CLOSED:
        return False
    if window.rolling and window.before is None and window.after is None:
        if deadline is None or not deadline.rolling:
            return False
        if not explain:
            return True
        said = rolling_said(posting)
        return f"rolling (“{said[1] if said else trim(deadline.text, 100)}”)"
    if window.before is not None or window.after is not None:
        if day is None:
            return False
        if window.after is None and window.before is not None and window.before >= today and day < today:
            return False  # "what closes before December 10?" asks about deadlines still to come
        if (window.before is not None and day > window.before) or (
                window.after is not None and day < window.after):
            return False
        return f"closes {format_date(day)}"
    if window.open_only:
        if day is not None:
            return f"open until {format_date(day)}"
        return "open until filled" if deadline is not None and deadline.rolling else False
    return True




def _posted_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    window = filters.posted
    if window is None:
        return None
    day = posting.posted_date.value if posting.posted_date is not None else None
    if day is None or (window.after is not None and day < window.after) or (
            window.before is not None and day > window.before):
        return False
    return f"posted {format_date(day)}"


def _benefit_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.benefits:
        return None
    quoted: list[str] = []
    for item in filters.benefits:
        # The benefits the posting lists, else its lines about benefits (not its whole text: a list
        # question spans every posting); a question about one posting searches its whole text.
        wanted = _item_words(item)
        listed = [f.text for f in posting.benefits if any(words <= _tokens(f.text) for words in wanted)]
        if not listed:  # then the body's lines about benefits ("bonuses for sign-on, recruitment"), where
            # the item's own words must be written: prose stems collide ("house visits", "housing")
            named = words_pattern(synonyms(item))
            listed = [x.text for x in benefit_lines(posting)
                      if any(words <= _tokens(x.text) for words in wanted) and named.search(x.text)]
        if not listed:
            return False
        if explain:
            quoted.append(f"“{around_cue(listed[0], words_pattern(synonyms(item)), 80)}”")
    return "offers " + ", ".join(quoted) if explain else True



@functools.lru_cache(maxsize=1024)
def _item_words(item: str) -> tuple[frozenset[str], ...]:
    """The token sets naming a benefit item: those of the item and of each of its synonyms, leaving out
    any holding another (a text using all of "dental insurance" uses "dental")."""
    named = [words for words in dict.fromkeys(frozenset(tokenize(w)) for w in synonyms(item)) if words]
    return tuple(words for words in named if not any(other < words for other in named))


def _employer_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if filters.employer is None:
        return None
    said = employer_evidence(posting, filters.employer)
    return f"{filters.employer.value}: “{trim(said.text, 100)}”" if said is not None else False


_LABOR_UNION = compile_scan(
    r"seiu|afscme|ufcw|afl-cio|teamsters|unite here|\b(?:ibew|uaw|cwa|nnu|aft)\b|\blabou?r unions?\b|"
    r"\btrade unions?\b|\bunion of (?:(?:more than|over|nearly|about|some) )?(?:[\d,]+ )?(?:[\w-]+ ){0,4}"
    r"(?:workers|caregivers|employees|nurses|teachers|educators|staff|members)\b"
    r"|\blocal \d{1,5}[a-z]?\b|\bworkers'? union\b", re.I)
"""A labor union naming itself: a union family's name, "labor union", "union of … workers", a union
local's number ("Local 88")."""
_SELF_DESCRIBED = Cue(re.compile(r"\b(?:is|are) (?:the|a|an|one of the) (?:[\w-]+ ){0,5}unions?\b"
                                 r"|, (?:the|a|an) (?:[\w-]+ ){0,3}unions? (?:of|for|representing)\b", re.I),
                      ("union",))
"""A sentence in which the organization says what it is ("… is the largest union of caregivers")."""


def employer_evidence(posting: Posting, kind: EmployerKind) -> Span | None:
    """Where the posting shows its employer is of `kind`: its organization or title naming a labor
    union, the address it was taken from, or a sentence in which it calls itself one. A union-eligible
    job elsewhere is not a union's job."""
    if kind != EmployerKind.UNION:
        return None
    for fact in (posting.organization, posting.title):
        if fact is not None and _LABOR_UNION.search(fact.value):
            return fact
    first = posting.text.split("\n", 1)[0]
    if first.lower().startswith("source:") and _LABOR_UNION.search(first):
        return Span(text=first.strip(), start_line=1, end_line=1)
    for said in body_saying(posting, _SELF_DESCRIBED, limit=3):
        if _LABOR_UNION.search(said.text):
            return said
    return None


def _unstated_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.unstated:
        return None
    if any(FIELDS[ask].states(posting) for ask in filters.unstated):
        return False
    if not explain:
        return True
    ctx = Context(today, filters)
    return "; ".join(FIELDS[ask].claim(posting, ctx).phrase for ask in sorted(filters.unstated))


def _names_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.names:
        return None
    title = posting.display_title
    said = _tokens(title)
    said |= {word for short, word in _TITLE_SHORTHAND.items() if short in said}
    if _tokens(" ".join(filters.names)) <= said:
        return f"titled “{trim(title, 100)}”" if explain else True
    # An organization is matched word for word: "organizer jobs" are not those of an "Organization".
    employer = posting.organization.value if posting.organization is not None else ""
    if {w.lower() for w in filters.names} <= set(_WORD.findall(employer.lower())):
        return f"at {trim(employer, 100)}" if explain else True
    return False


_WORD = re.compile(r"[\w’']+")
_TITLE_SHORTHAND = {short: stem("nurse")
                    for short in ("rn", "lpn", "lvn", "arnp", "aprn", "np", "crna", "cna")}
"""Titles' abbreviations for a role a member names in full ("nurse jobs" include the "Telehealth RN")."""


def _mention_check(posting: Posting, filters: Filters, today: dt.date, explain: bool) -> object:
    if not filters.mentions:
        return None
    lines = find_lines(posting, filters.mentions, limit=1)
    return f"mentions “{trim(lines[0].text, 80)}”" if lines else False


_CHECKS: tuple[Callable[[Posting, Filters, dt.date, bool], object], ...] = (
    _remote_check, _pay_check, _period_check, _currency_check, _place_check, _type_check,
    _excluded_type_check, _experience_check, _language_check, _closing_check, _posted_check, _benefit_check,
    _employer_check, _mention_check, _unstated_check, _names_check)
"""Each filter once: None when it does not apply, False when the posting fails it, else its reason
(or True: the reason is worded only when `explain` is)."""
_APPLIES: tuple[Callable[[Filters], object], ...] = (
    lambda f: f.remote is not None or f.not_remote, lambda f: f.pay is not None,
    lambda f: f.period is not None and f.pay is None, lambda f: f.currency is not None and f.pay is None,
    lambda f: f.places, lambda f: f.types, lambda f: f.excluded_types,
    lambda f: f.experience is not None,
    lambda f: f.languages, lambda f: f.closing is not None, lambda f: f.posted is not None,
    lambda f: f.benefits, lambda f: f.employer is not None, lambda f: f.mentions, lambda f: f.unstated,
    lambda f: f.names)
"""When each of `_CHECKS` applies (else it returns None): a list checks hundreds of postings with the few
that do."""


def _active_checks(filters: Filters) -> list[Callable[[Posting, Filters, dt.date, bool], object]]:
    return [check for applies, check in zip(_APPLIES, _CHECKS, strict=True) if applies(filters)]





def place_passes(posting: Posting, place: PlaceQuery) -> str | None:
    """Why `posting` is in `place` (city ⊂ state ⊂ country), or remote-eligible there; None if not."""
    stated = _stated_places(posting)
    for city, state, country in stated.places:
        if place.contains(city, state, country):
            said = ", ".join(x for x in (city, state, _country_name(country)) if x)
            return f"located in {said}"
    located = _located_in(stated, place)
    if located is not None:
        return located
    evidence = place_said(posting, place)
    if evidence is None:
        return None
    if posting.salary is not None and evidence is posting.salary:
        return f"pays in {posting.salary.currency}"
    return f"says “{trim(evidence.text, 100)}”"


def _country_name(code: str | None) -> str | None:
    """A country as a member reads it: "Canada", not "CA" (which reads as California)."""
    found = _gazetteer.country_by_code(code) if code and code != "US" else None
    return found.name if found is not None else code


def place_evidence(posting: Posting, place: PlaceQuery) -> list[Span]:
    """The spans putting `posting` in `place`: its location and place, else what its body says."""
    located: list[Span] = []
    located += [x for x in posting.places if place.contains(x.city, x.state, x.country)][:1]
    if posting.location is not None and (located or _located_in(_stated_places(posting), place) is not None):
        located.insert(0, posting.location)
    if located:
        return located
    said = place_said(posting, place)
    if said is not None:
        return [said]
    return [s for s in (posting.location, *posting.places[:1]) if s is not None]


def _located_in(stated: _Stated, place: PlaceQuery) -> str | None:
    """Why a posting's location (or title) names `place`, if it does (`stated`: its `_stated_places`)."""
    for tokens, is_location in stated.texts:
        for name in _place_names(place):
            # A state code counts only where a location writes it ("Pittsburgh, PA"), not in "NP/PA".
            coded = (name.code and not name.country and is_location and stated.location is not None
                     and _written_code(name.code).search(stated.location))
            if (name.words and name.words <= tokens) or coded:
                return f"located in {stated.shown}"
    return None


@functools.lru_cache(maxsize=256)
def _written_code(code: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|,\s*){code}\b")


def place_said(posting: Posting, place: PlaceQuery) -> Span | None:
    """Where the body puts the role in `place` when its location does not: a sentence naming it as
    where the work is ("Work from Arizona, … Pennsylvania", "based in our New York newsroom"), a line
    that is only a place ("Pittsburgh, PA, USA"), or, for a country, pay in its currency (GBP: the UK)."""
    stated = _stated_places(posting)
    for name in _place_names(place):
        for span, words in zip(stated.sentences, stated.sentence_words, strict=True):
            if name.words and name.words <= words:
                return span
        if name.state_code and name.state_code in stated.codes:
            return stated.codes[name.state_code]
    if place.country is not None and place.city is None and place.state is None:
        return stated.codes.get(f"country:{place.country.upper()}")
    return None


@dataclass(frozen=True)
class _Stated:
    """Where a posting says the work is: its place fields and its body's statements, read once per posting
    version (every list over places checks them)."""

    places: tuple[tuple[str | None, str | None, str | None], ...]
    """The city, state and country of each of its places."""
    texts: tuple[tuple[frozenset[str], bool], ...]
    """The words of its location, then of its title (`_place_texts`), each with whether it is the location's
    (where a state code counts)."""
    location: str | None
    """Its location's value and text."""
    shown: str
    """How a list names where it is: its location, else its title."""
    sentences: list[Span]
    """Body sentences saying where the work is."""
    sentence_words: tuple[frozenset[str], ...]
    """The words of each of `sentences`."""
    codes: dict[str, Span]
    """State codes of place-only lines ("PA"); "country:US" for a role anywhere in the US, "country:GB" for
    pay in a country's own currency."""


_PLACE_LINE = re.compile(r"^[^\w\n]*[A-Z][\w .'’-]{1,40},\s*(?P<code>[A-Z]{2})\b"
                         r"(?:,\s*(?:USA|US|U\.S\.A?\.?|United States))?[^\w\n]*$", re.M)
_US_WIDE = compile_scan(
    r"\b(?i:anywhere|based|located|residents?|reside|live|work)\s+(?:in\s+|within\s+)?(?:the\s+)?"
    r"(?:U\.S\.(?:A\.)?|USA|US|(?i:United States))(?!\w)|(?<![\w.])(?:US|U\.S\.)[- ](?i:only|based)\b")
"""Words putting a role anywhere in the United States ("work from anywhere in the US", "US-based")."""
_US_STATE_NAMED = compile_scan(r"\b(?:" + "|".join(
    re.escape(name) for name in sorted(STATES, key=len, reverse=True)
    if name not in ("Washington", "Georgia")) + r")\b")
"""A US state named in full (not Washington or Georgia, which name other places too)."""
_CURRENCY_COUNTRY = {"GBP": "GB", "AUD": "AU", "CAD": "CA", "NZD": "NZ", "INR": "IN", "IDR": "ID"}
"""Pay in these currencies places a role in their country (the dollar and the euro span too many)."""
_STATED: dict[tuple[str, str], _Stated] = {}


def _stated_places(posting: Posting) -> _Stated:
    """The body's statements of where the work is (computed once per posting version)."""
    key = (posting.id, posting.content_hash)
    found = _STATED.get(key)
    if found is None:
        if len(_STATED) > 1 << 16:
            _STATED.clear()
        sentences = body_saying(posting, WORK_PLACE, limit=50)
        codes: dict[str, Span] = {}
        codes_of_states = set(STATES.values())
        for line in body_saying(posting, _PLACE_LINE, limit=5):
            match = _PLACE_LINE.match(line.text)
            if match and match["code"] in codes_of_states:
                codes.setdefault(match["code"], line)
        for line in body_saying(posting, _US_WIDE, limit=1):  # "work from anywhere in the US"
            codes["country:US"] = line
        if posting.location is None and not posting.places and "country:US" not in codes:
            # no place stated: a US state the body names ("our campaign to raise the wage in Nebraska")
            for line in body_saying(posting, _US_STATE_NAMED, limit=1):
                codes["country:US"] = line
        salary = posting.salary
        country = _CURRENCY_COUNTRY.get((salary.currency or "").upper()) if salary is not None else None
        if salary is not None and country is not None:
            codes[f"country:{country}"] = salary
        location = posting.location
        located = f"{location.value} {location.text}" if location is not None else None
        found = _STATED[key] = _Stated(
            places=tuple((where.city, where.state, where.country) for where in posting.places),
            texts=tuple((_tokens(text), text == located) for text in _place_texts(posting)),
            location=located, shown=location.value if location is not None else posting.display_title,
            sentences=sentences, sentence_words=tuple(_tokens(span.text) for span in sentences), codes=codes)
    return found


def remote_anywhere(posting: Posting) -> bool:
    """Whether a posting is remote and names no place beyond its country ("Remote, U.S."): open to a
    member anywhere in the country, though not located in any place asked about."""
    return posting.remote_status == RemoteStatus.REMOTE and _anywhere(posting)


_ANYWHERE = frozenset(tokenize("remote anywhere in the U.S. US USA united states america nationwide national "
                               "country wide based work from home"))


def _anywhere(posting: Posting) -> bool:
    """Whether a remote posting names no place beyond its country ("Remote, U.S.")."""
    if any(p.city or p.state for p in posting.places):
        return False
    return posting.location is None or _tokens(posting.location.value) <= _ANYWHERE


@dataclass(frozen=True)
class _PlaceName:
    """One name a place query goes by, read once per query rather than once per posting checked."""

    words: frozenset[str]
    state_code: str | None
    """The postal code of a US state name ("Ohio" -> "OH")."""
    code: str | None
    """That code, or the name itself when it is one ("PA"), or a country's code."""
    country: bool = False
    """Whether `code` is a country's ("CA": Canada), which only a resolved place holds, never a written
    location ("Stockton, CA" is California)."""


def _place_names(place: PlaceQuery) -> tuple[_PlaceName, ...]:
    """The names a place query goes by: its text and its resolved levels (state names and codes)."""
    return _names_of(place.city, place.state, place.text, place.country)


@functools.lru_cache(maxsize=256)
def _names_of(city: str | None, state: str | None, text: str, country: str | None) -> tuple[_PlaceName, ...]:
    names = [n for n in (city, state, text) if n]
    if city is None and state is None and country is not None and not names:
        names.append(country)
    found = []
    for name in dict.fromkeys(" ".join(n.split()) for n in names):
        state_code = US_STATES.get(name.lower())
        code = state_code or (name if len(name) == 2 and name.isupper() else None)
        found.append(_PlaceName(frozenset(tokenize(name)), state_code, code))
    if city is None and state is None and country is not None:
        found.append(_PlaceName(frozenset(), None, country, country=True))  # resolved places hold it
    return tuple(found)


def _place_texts(posting: Posting) -> list[str]:
    return [f"{fact.value} {fact.text}" for fact in (posting.location, posting.title) if fact is not None]


@functools.lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> frozenset[str]:
    """The token set of a location or title (cached: every list question checks them all)."""
    return frozenset(tokenize(text))


_CAPITAL_PAIR = re.compile(r"\b[A-Z]{2}\b")
"""Words of two capitals: where `\\bCA\\b` and the like can match."""


US_STATES = {name.lower(): code for name, code in STATES.items()}
"""US state names -> postal codes, so "jobs in Minnesota" finds "Duluth, MN"."""


def filter_jobs(postings: Sequence[Posting], index: PassageIndex, wanted: Filters,
                today: dt.date) -> JobsResult:
    """`python -m bot jobs` / `/jobs`: postings passing `wanted`, best text match first when queried."""
    pool = list(postings)
    found: dict[str, str] = {}
    if wanted.query and wanted.query.strip():
        terms = set(tokenize(wanted.query))
        hits = index.search(wanted.query, k=200, posting_ids=[p.id for p in pool])
        for hit in hits:
            if hit.passage.posting_id in found:
                continue
            if terms & set(tokenize(f"{hit.passage.section} {hit.passage.text}")) or _names(pool, hit.passage,
                                                                                             terms):
                found[hit.passage.posting_id] = hit.passage.text
        order = list(found)
        pool = sorted((p for p in pool if p.id in found), key=lambda p: order.index(p.id))
    selection = select(pool, wanted.model_copy(update={"query": None}), today)
    matches = []
    for posting, reasons in selection.matches:
        if posting.id in found:
            reasons = [f"mentions “{wanted.query}”", *reasons]
        if wanted.include_closed and posting.status(today) == PostingStatus.CLOSED:
            reasons.append("closed (included on request)")
        matches.append(JobMatch(posting=posting, reasons=reasons or ["no filter given"]))
    return JobsResult(matches=matches, left_out_no_pay=[p.display_title for p in selection.no_pay],
                      left_out_no_mode=[p.display_title for p in selection.no_mode],
                      closed_left_out=_closed_left_out(pool, wanted, today), today=today)


def _closed_left_out(pool: Sequence[Posting], wanted: Filters, today: dt.date) -> int:
    """How many closed postings of `pool` pass `wanted` but were left out because it excludes them."""
    if wanted.include_closed:
        return 0
    everything = select(pool, wanted.model_copy(update={"query": None}), today, include_closed=True)
    return sum(posting.status(today) == PostingStatus.CLOSED for posting in everything.passed)


def job_filters(*, query: str | None = None, remote: RemoteStatus | None = None,
                min_salary: float | None = None, location: str | None = None,
                type: EmploymentType | None = None, closing_before: dt.date | None = None,
                include_closed: bool = False) -> Filters:
    """The shared `Filters` of `/jobs` and `python -m bot jobs` options (`closing_before` exclusive;
    `min_salary` a yearly figure; closed postings left out unless asked for)."""
    place = None
    if location and location.strip():
        name = " ".join(location.split())
        state = next((s for s, code in STATES.items() if name.lower() in (s.lower(), code.lower())), None)
        place = PlaceQuery(text=name, state=state, remote_ok=False)
    return Filters(
        query=query, remote=remote,
        pay=PayBound(amount=min_salary, period=PayPeriod.YEAR) if min_salary is not None else None,
        places=(place,) if place is not None else (),
        types=frozenset({type}) if type is not None else frozenset(),
        closing=ClosingWindow(before=closing_before - dt.timedelta(days=1))
        if closing_before is not None else None,
        include_closed=include_closed)


def _names(pool: Sequence[Posting], passage: Passage, terms: set[str]) -> bool:
    """Whether the query names the posting of `passage` (its title or organization)."""
    for posting in pool:
        if posting.id == passage.posting_id:
            names = " ".join(f.value for f in (posting.title, posting.organization) if f is not None)
            return bool(terms & set(tokenize(names)))
    return False
