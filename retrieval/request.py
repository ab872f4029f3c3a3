"""The typed request a question (or a `/jobs` call) becomes: which postings, what is asked, how, filtered how.

`retrieval.understand` builds a `Request` from a question, slot by slot; the executor runs it over the
postings. `/jobs`, the CLI and the console build the same `Filters` from their options, so a filter means
one thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from knowledge.models import EmploymentType, PayPeriod, RemoteStatus

__all__ = ["Ask", "ClosingWindow", "EmployerKind", "ExperienceBound", "Filters", "Mention", "Operation",
           "PayBound",
           "PlaceQuery",
           "Request"]


class Ask(StrEnum):
    """A field a question asks about."""

    PAY = "pay"
    DEADLINE = "deadline"
    OPEN = "open"
    """Whether the role is still open / can still be applied to."""
    REMOTE = "remote"
    LOCATION = "location"
    APPLY = "apply"
    CONTACT = "contact"
    REQUIREMENTS = "requirements"
    """Requirements in general ("what are the qualifications?")."""
    EXPERIENCE = "experience"
    DEGREE = "degree"
    LANGUAGES = "languages"
    LICENCE = "licence"
    TRAVEL = "travel"
    BENEFITS = "benefits"
    TYPE = "type"
    START = "start"
    END = "end"
    DURATION = "duration"
    HOURS = "hours"
    SCHEDULE = "schedule"
    REPORTS_TO = "reports_to"
    POSTED = "posted"
    DUTIES = "duties"
    """What the role does day to day (its responsibilities)."""
    DETAILS = "details"
    """Where the posting points for more about the role (an attachment, a link to a full description)."""
    TEXT = "text"
    """Nothing typed: the question's search terms answer it from passages."""


class Operation(StrEnum):
    """What to do with the asked fields over the selected postings."""

    LOOKUP = "lookup"
    LIST = "list"
    COUNT = "count"
    MAX = "max"
    MIN = "min"
    COMPARE = "compare"
    EXISTS = "exists"


class EmployerKind(StrEnum):
    """A kind of organization a question asks to work for."""

    UNION = "labor union"
    """A labor union itself (organizing for a union), not a union-eligible job elsewhere."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Mention(_Frozen):
    """What one recogniser read in the question: characters [start, end) and the value they mean."""

    slot: str
    start: int
    end: int
    value: Any = None

    @property
    def length(self) -> int:
        return self.end - self.start


class PayBound(_Frozen):
    """Pay at least (or at most) `amount` per `period` ("$20/hour or more", "over $60k")."""

    amount: float
    period: PayPeriod | None = None
    """None when the question names no unit; the executor then reads the amount's size."""
    currency: str | None = None
    at_least: bool = True
    low_end: bool = False
    """True when the bound is on where a range starts ("the salary range starts at $70k"): a range
    passes only if its low end does."""


class ExperienceBound(_Frozen):
    """Years of experience a member has or wants: at least / at most N, none, entry-level."""

    min_years: int | None = None
    max_years: int | None = None
    entry_level: bool = False
    """No experience required, or an entry-level role."""


class ClosingWindow(_Frozen):
    """When applications close: between dates (inclusive), rolling, or still open."""

    after: dt.date | None = None
    before: dt.date | None = None
    rolling: bool = False
    """Open until filled / rolling review."""
    open_only: bool = False
    """Still open as of today (a dated deadline not passed, or rolling)."""


class PostedWindow(_Frozen):
    """When a posting was posted: between dates (inclusive)."""

    after: dt.date | None = None
    before: dt.date | None = None


class PlaceQuery(_Frozen):
    """A place asked about, resolved like a posting's places (city ⊂ state ⊂ country)."""

    text: str
    city: str | None = None
    state: str | None = None
    country: str | None = None
    remote_ok: bool = True
    """Whether a remote role open to that place counts ("can I do it from Oregon?")."""

    def contains(self, city: str | None, state: str | None, country: str | None) -> bool:
        """Whether a posting's place (its city, state and country) lies within this place."""
        if self.city is not None:
            return city is not None and city.lower() == self.city.lower() and (
                self.state is None or state is None or state == self.state)
        if self.state is not None:
            return state is not None and state.lower() == self.state.lower()
        if self.country is not None:
            return country is not None and country.upper() == self.country.upper()
        return False


class Filters(_Frozen):
    """Constraints on postings; None / empty means any. Shared by questions, `/jobs` and the CLI."""

    query: str | None = None
    """Free words a posting's text must match (BM25)."""
    remote: RemoteStatus | None = None
    not_remote: bool = False
    """Remote roles left out ("jobs that aren't remote"): on-site and hybrid ones pass."""
    places: tuple[PlaceQuery, ...] = ()
    """Places the role is in: any one of them ("jobs in Canada or NZ")."""
    pay: PayBound | None = None
    period: PayPeriod | None = None
    currency: str | None = None
    types: frozenset[EmploymentType] = frozenset()
    excluded_types: frozenset[EmploymentType] = frozenset()
    """Types a posting must not be ("not counting internships")."""
    experience: ExperienceBound | None = None
    languages: tuple[str, ...] = ()
    """Languages the role asks for: any one of them ("hmong or somali speakers")."""
    language_required: bool | None = None
    closing: ClosingWindow | None = None
    posted: PostedWindow | None = None
    benefits: tuple[str, ...] = ()
    employer: EmployerKind | None = None
    mentions: tuple[str, ...] = ()
    """Phrases a posting must mention ("mentions VAN"), answered with the passages that do."""
    unstated: frozenset[Ask] = frozenset()
    """Fields a posting must not state ("which postings don't list a salary?")."""
    names: tuple[str, ...] = ()
    """Words a posting's title or organization must hold ("organizer jobs", "any ACLU jobs?")."""
    include_closed: bool = True
    """False hides postings whose deadline has passed (`/jobs` by default)."""

    @model_validator(mode="before")
    @classmethod
    def _saved_single_values(cls, data: Any) -> Any:
        """Filters saved before `places` and `languages` (an alert's) name one `place` or `language`: read
        each as the only one, not drop it (which would widen the alert to every place or language)."""
        if isinstance(data, dict) and ("place" in data or "language" in data):
            data = dict(data)
            place, language = data.pop("place", None), data.pop("language", None)
            data.setdefault("places", [] if place is None else [place])
            data.setdefault("languages", [] if language is None else [language])
        return data

    def __bool__(self) -> bool:
        return any((self.query, self.remote, self.not_remote, self.places, self.pay, self.period,
                    self.currency, self.types, self.excluded_types, self.experience, self.languages,
                    self.closing, self.posted, self.benefits, self.employer, self.mentions, self.unstated,
                    self.names))


class Request(_Frozen):
    """A question understood: targets, asks, operation and filters, with what was read where."""

    text: str
    targets: tuple[str, ...] = ()
    """Posting ids the question names (best match first); empty = none named."""
    ambiguous: bool = False
    """True when several postings matched the name equally well: answer for each and say so."""
    asks: tuple[Ask, ...] = ()
    operation: Operation = Operation.LOOKUP
    filters: Filters = Filters()
    terms: tuple[str, ...] = ()
    """Words no recogniser claimed: the search terms for BM25."""
    mentions: tuple[Mention, ...] = ()
    follow_up: bool = False
    """The question refers back ("and the pay?"): the previous request's targets carry over."""
    limit: int | None = None
    """A number the question asks for ("top 3"), if any."""
