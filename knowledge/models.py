"""Typed records for job postings.

Every extracted value is a `Span` (or carries one): the exact text it came from and the 1-based,
inclusive line span of that text in the posting's `text`. For plain text and Markdown `text` is the
decoded file with line endings normalised to "\\n"; for HTML and PDF it is the text extracted from the
file, which is what answers quote and cite.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class RemoteStatus(StrEnum):
    REMOTE = "remote"
    HYBRID = "hybrid"
    ONSITE = "onsite"
    UNKNOWN = "unknown"


class PayPeriod(StrEnum):
    HOUR = "hour"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class EmploymentType(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    TEMPORARY = "temporary"
    CONTRACT = "contract"
    INTERNSHIP = "internship"
    FELLOWSHIP = "fellowship"
    SEASONAL = "seasonal"
    VOLUNTEER = "volunteer"
    PER_DIEM = "per-diem"


class PostingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class Span(BaseModel):
    """Where a value came from: an exact substring of the posting's text and its line span."""

    model_config = ConfigDict(frozen=True)

    text: str
    start_line: int
    end_line: int


class Fact(Span, Generic[T]):
    """An extracted value together with its evidence."""

    value: T


class Salary(Span):
    """Pay as stated. Pay described only in words ("Competitive salary") has no figures."""

    min: float | None = None
    max: float | None = None
    period: PayPeriod | None = None
    currency: str | None = None
    hours_per_week: float | None = None
    """The weekly hours used to annualise hourly pay."""
    hours_assumed: bool = False
    """True when the posting states no hours and a full-time week was assumed."""
    period_inferred: bool = False
    """True when the posting names no period and it was inferred from the amount's size."""
    annual_min: float | None = None
    annual_max: float | None = None

    @property
    def has_figure(self) -> bool:
        return self.min is not None or self.max is not None


class Deadline(Span):
    """When applications close. `date` is None for "open until filled" and similar."""

    date: dt.date | None = None
    rolling: bool = False
    inferred_year: bool = False


class HowToApply(Span):
    """How to apply: an email address, a URL, a named portal, or an instruction missing its address."""

    email: str | None = None
    url: str | None = None
    portal: str | None = None
    address_missing: bool = False


class Hours(Span):
    """Hours per week as stated: one figure (min == max) or a range ("8-10 hours/week")."""

    min: float
    max: float


class Place(Span):
    """A place a posting is located in or open to, resolved up the hierarchy city ⊂ state ⊂ country.

    `state` is the full name of a US state or D.C. ("California"); `country` an ISO 3166 alpha-2 code
    ("US", "GB", "CA"). Unknown levels are None ("Remote, Ohio" -> state Ohio, country US).
    """

    city: str | None = None
    state: str | None = None
    country: str | None = None


class LabelledFact(Span):
    """A labelled value a posting states that no typed field holds (an unknown front-matter key)."""

    label: str
    value: str


class Section(BaseModel):
    """A heading and the lines of its body (the heading line included)."""

    model_config = ConfigDict(frozen=True)

    heading: str
    start_line: int
    end_line: int


class Passage(BaseModel):
    """A retrievable unit: one bullet or paragraph, inside one section."""

    model_config = ConfigDict(frozen=True)

    posting_id: str
    index: int
    section: str
    text: str
    start_line: int
    end_line: int

    @property
    def id(self) -> str:
        return f"{self.posting_id}#{self.index}"


SourceFormat = Literal["text", "markdown", "html", "pdf"]


class Posting(BaseModel):
    """One parsed job posting."""

    id: str
    source: str
    format: SourceFormat
    content_hash: str
    text: str

    title: Fact[str] | None = None
    organization: Fact[str] | None = None
    location: Fact[str] | None = None
    remote: Fact[RemoteStatus] | None = None
    salary: Salary | None = None
    deadline: Deadline | None = None
    start_date: Fact[dt.date] | None = None
    end_date: Fact[dt.date] | None = None
    duration: Fact[str] | None = None
    """A stated length of the engagement, normalised ("3 weeks", "6 months"); evidence as written."""
    posted_date: Fact[dt.date] | None = None
    """When the posting was published (front matter date, JSON-LD datePosted, "Posted on …")."""
    employment_types: list[Fact[EmploymentType]] = []
    employment_either: list[Fact[EmploymentType]] = []
    """Full-time and part-time offered together ("Full Time or Part Time"): either may be had, so neither
    is among `employment_types`."""
    hours_per_week: Fact[float] | None = None
    """The weekly hours used for annualising pay (the lower end of a stated range)."""
    hours: Hours | None = None
    schedule: list[Fact[str]] = []
    """Shifts, days per week and working hours as stated ("1pm - 5pm", "two weekend days a month")."""
    places: list[Place] = []
    degree: Fact[str] | None = None
    min_years_experience: Fact[int] | None = None
    languages: list[Fact[str]] = []
    travel: Fact[str] | None = None
    drivers_license: Fact[bool] | None = None
    apply: HowToApply | None = None
    benefits: list[Fact[str]] = []
    reports_to: Fact[str] | None = None
    facts: list[LabelledFact] = []

    sections: list[Section] = []
    passages: list[Passage] = []

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def offered_types(self) -> list[Fact[EmploymentType]]:
        """The types the role has, and those it may be had on (`employment_either`)."""
        return [*self.employment_types, *self.employment_either]

    @property
    def display_title(self) -> str:
        return self.title.value if self.title else self.id

    @property
    def remote_status(self) -> RemoteStatus:
        return self.remote.value if self.remote else RemoteStatus.UNKNOWN

    def status(self, today: dt.date) -> PostingStatus:
        """Open or closed by the deadline date as of `today`; unknown without a dated deadline."""
        if self.deadline is None or self.deadline.date is None:
            return PostingStatus.UNKNOWN
        return PostingStatus.CLOSED if self.deadline.date < today else PostingStatus.OPEN

    def section_at(self, line: int) -> str:
        """The heading of the section holding `line` ("" when before the first heading)."""
        for section in self.sections:
            if section.start_line <= line <= section.end_line:
                return section.heading
        return ""

    def summary(self, today: dt.date) -> dict[str, Any]:
        """The JSON shape of `python -m bot parse --json`: plain values plus their evidence."""
        evidence: dict[str, Any] = {}
        for name in ("title", "organization", "location", "remote", "start_date", "end_date", "duration",
                     "posted_date", "hours_per_week", "min_years_experience", "travel", "drivers_license",
                     "reports_to", "degree"):
            fact = getattr(self, name)
            if fact is not None:
                evidence[name] = _span_dict(fact)
        for name in ("employment_types", "employment_either", "languages", "benefits", "schedule"):
            evidence[name] = [_span_dict(f) for f in getattr(self, name)]
        return {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "title": _value(self.title),
            "organization": _value(self.organization),
            "location": _value(self.location),
            "remote": self.remote_status.value,
            "salary": self.salary.model_dump(mode="json") if self.salary else None,
            "deadline": self.deadline.model_dump(mode="json") if self.deadline else None,
            "start_date": _value(self.start_date),
            "end_date": _value(self.end_date),
            "duration": _value(self.duration),
            "posted_date": _value(self.posted_date),
            "employment_types": [f.value.value for f in self.employment_types],
            "employment_either": [f.value.value for f in self.employment_either],
            "hours_per_week": _value(self.hours_per_week),
            "hours": self.hours.model_dump(mode="json") if self.hours else None,
            "schedule": [f.value for f in self.schedule],
            "places": [p.model_dump(mode="json", include={"city", "state", "country"}) for p in self.places],
            "degree": _value(self.degree),
            "min_years_experience": _value(self.min_years_experience),
            "languages": [f.value for f in self.languages],
            "travel": _value(self.travel),
            "drivers_license": _value(self.drivers_license),
            "apply": self.apply.model_dump(mode="json") if self.apply else None,
            "benefits": [f.value for f in self.benefits],
            "reports_to": _value(self.reports_to),
            "facts": {f.label: f.value for f in self.facts},
            "status": self.status(today).value,
            "sections": [s.heading for s in self.sections],
            "evidence": evidence,
        }


def _value(fact: Fact[Any] | None) -> Any:
    if fact is None:
        return None
    value = fact.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _span_dict(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start_line": span.start_line, "end_line": span.end_line}


class SkippedFile(BaseModel):
    """A file a sync could not load, and why (one sentence)."""

    source: str
    reason: str


class SyncReport(BaseModel):
    """What a sync of a postings directory (or one added file) changed in the store."""

    added: list[str] = []
    updated: list[str] = []
    removed: list[str] = []
    unchanged: list[str] = []
    skipped: list[SkippedFile] = []
    missing_fields: dict[str, list[str]] = {}
    """Posting id -> names of key fields that could not be found in it (title, pay, deadline...)."""
    stamp: str | None = Field(default=None, repr=False)
    """The folder's `knowledge.folder_stamp` when this sync changed nothing: an unchanged folder's next
    sync returns this report without reading a file."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)
