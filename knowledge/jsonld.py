"""schema.org JobPosting JSON-LD: kept in a posting's text as its own section, and read into typed fields.

Job pages publish a `<script type="application/ld+json">` JobPosting for search engines (alone, in a
list, or in an `@graph`). `render_section` writes the first one found into the posting's text under
`HEADING`, one key per line (the long `description`, which repeats the page, is left out), so every value
read from it is cited at its exact place. `read_job_posting` reads that section back from the text and
maps title, hiringOrganization, jobLocation, jobLocationType, baseSalary, validThrough, datePosted,
employmentType and url onto the posting's typed values.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from knowledge.document import Document
from knowledge.models import (
    Deadline,
    EmploymentType,
    Fact,
    HowToApply,
    PayPeriod,
    RemoteStatus,
    Salary,
)

HEADING = "Structured data (JSON-LD):"
"""The line that opens the JSON-LD section of an HTML posting's text."""

_MAX_STRING = 300
_MAX_DEPTH = 12
_MAX_NODES = 2_000
_MAX_OPEN = dt.timedelta(days=366)
"""A validThrough further than this from datePosted is a template's stale value, not this posting's."""
_UNITS = {"HOUR": PayPeriod.HOUR, "WEEK": PayPeriod.WEEK, "MONTH": PayPeriod.MONTH, "YEAR": PayPeriod.YEAR}
_ANNUAL = {PayPeriod.HOUR: 40.0 * 52, PayPeriod.WEEK: 52.0, PayPeriod.MONTH: 12.0, PayPeriod.YEAR: 1.0}
_TYPES = {
    "FULL_TIME": EmploymentType.FULL_TIME, "PART_TIME": EmploymentType.PART_TIME,
    "CONTRACTOR": EmploymentType.CONTRACT, "CONTRACT": EmploymentType.CONTRACT,
    "TEMPORARY": EmploymentType.TEMPORARY, "INTERN": EmploymentType.INTERNSHIP,
    "INTERNSHIP": EmploymentType.INTERNSHIP, "VOLUNTEER": EmploymentType.VOLUNTEER,
    "PER_DIEM": EmploymentType.PER_DIEM, "SEASONAL": EmploymentType.SEASONAL,
}

Path = tuple[str | int, ...]


@dataclass
class JobPostingFields:
    """What a JobPosting states, each value with its evidence in the JSON-LD section."""

    title: Fact[str] | None = None
    organization: Fact[str] | None = None
    location: Fact[str] | None = None
    remote: Fact[RemoteStatus] | None = None
    salary: Salary | None = None
    deadline: Deadline | None = None
    posted_date: Fact[dt.date] | None = None
    employment_types: list[Fact[EmploymentType]] = field(default_factory=list)
    apply: HowToApply | None = None


def render_section(blocks: tuple[str, ...] | list[str]) -> str:
    """The JSON-LD section for a page's raw JSON-LD blocks ("" when none holds a JobPosting)."""
    for block in blocks:
        node = _job_posting(_load(block))
        if node is not None:
            text, _ = _render(_trimmed(node))
            return f"{HEADING}\n{text}"
    return ""


def read_job_posting(doc: Document) -> JobPostingFields | None:
    """The JobPosting in `doc`'s JSON-LD section, or None when it has none (or it was edited)."""
    at = doc.text.rfind("\n" + HEADING + "\n")
    if at < 0:
        return None
    begin = at + len(HEADING) + 2
    node = _load(doc.text[begin:])
    if not isinstance(node, dict):
        return None
    try:
        text, spans = _render(node)
    except RecursionError:
        return None
    if doc.text[begin:begin + len(text)] != text:
        return None
    return _Reader(doc, node, {path: (begin + a, begin + b) for path, (a, b) in spans.items()}).fields()


# --- finding and writing ---------------------------------------------------------------------------


def _load(text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _job_posting(data: Any) -> dict[str, Any] | None:
    """The first node typed JobPosting, looking through lists and `@graph` (breadth first, bounded)."""
    queue = [data]
    for _ in range(_MAX_NODES):
        if not queue:
            return None
        node = queue.pop(0)
        if isinstance(node, list):
            queue.extend(node)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            if "JobPosting" in (kinds if isinstance(kinds, list) else [kinds]):
                return node
            queue.extend(v for k, v in node.items() if k == "@graph" or isinstance(v, list | dict))
    return None


def _trimmed(node: Any, depth: int = 0) -> Any:
    """The node without long strings (the description) and without structure deeper than `_MAX_DEPTH`."""
    if isinstance(node, dict):
        return {str(k): _trimmed(v, depth + 1) for k, v in node.items()
                if depth < _MAX_DEPTH and k != "description"
                and not (isinstance(v, str) and len(v) > _MAX_STRING)}
    if isinstance(node, list):
        return [_trimmed(v, depth + 1) for v in node if depth < _MAX_DEPTH]
    return node


def _render(node: Any) -> tuple[str, dict[Path, tuple[int, int]]]:
    """Indented JSON, one key per line, and the offsets of every scalar value (strings without quotes)."""
    out: list[str] = []
    spans: dict[Path, tuple[int, int]] = {}
    size = 0

    def write(piece: str) -> None:
        nonlocal size
        out.append(piece)
        size += len(piece)

    def value(item: Any, path: Path, indent: str) -> None:
        if isinstance(item, dict | list):
            pairs = list(item.items()) if isinstance(item, dict) else list(enumerate(item))
            opening, closing = ("{", "}") if isinstance(item, dict) else ("[", "]")
            if not pairs:
                write(opening + closing)
                return
            write(opening + "\n")
            for n, (key, child) in enumerate(pairs):
                label = json.dumps(key, ensure_ascii=False) + ": " if isinstance(item, dict) else ""
                write(indent + "  " + label)
                value(child, (*path, key), indent + "  ")
                write(",\n" if n + 1 < len(pairs) else "\n")
            write(indent + closing)
            return
        literal = json.dumps(item, ensure_ascii=False)
        quoted = isinstance(item, str)
        spans[path] = (size + quoted, size + len(literal) - quoted)
        write(literal)

    value(node, (), "")
    return "".join(out), spans


# --- reading ---------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, doc: Document, node: dict[str, Any], spans: dict[Path, tuple[int, int]]) -> None:
        self.doc = doc
        self.node = node
        self.spans = spans

    def fields(self) -> JobPostingFields:
        return JobPostingFields(
            title=self._text(("title",)), organization=self._organization(), location=self._location(),
            remote=self._remote(), salary=self._salary(), deadline=self._deadline(),
            posted_date=self._date(("datePosted",)), employment_types=self._types(), apply=self._url())

    def _get(self, path: Path) -> Any:
        node: Any = self.node
        for key in path:
            if isinstance(node, dict) and isinstance(key, str):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                return None
        return node

    def _first(self, path: Path) -> Path:
        """`path`, or the path of its first item when it holds a list."""
        return (*path, 0) if isinstance(self._get(path), list) else path

    def _text(self, path: Path) -> Fact[str] | None:
        value = self._get(path)
        if not isinstance(value, str) or not value.strip() or path not in self.spans:
            return None
        return self.doc.fact(" ".join(value.split()), *self.spans[path])

    def _organization(self) -> Fact[str] | None:
        path = self._first(("hiringOrganization",))
        return self._text((*path, "name")) or self._text(path)

    def _location(self) -> Fact[str] | None:
        address = (*self._first(("jobLocation",)), "address")
        if fact := self._text(address) or self._text((*self._first(("jobLocation",)), "name")):
            return fact
        parts = [(*address, key) for key in ("addressLocality", "addressRegion", "addressCountry")]
        found = [p for p in parts if self._text(p)] or [
            p for p in [(*address, "addressCountry", "name")] if self._text(p)]
        if not found:
            return self._text((*self._first(("applicantLocationRequirements",)), "name"))
        value = ", ".join(str(self._get(p)).strip() for p in found)
        return self.doc.fact(value, self.spans[found[0]][0], self.spans[found[-1]][1])

    def _remote(self) -> Fact[RemoteStatus] | None:
        path = self._first(("jobLocationType",))
        value = self._get(path)
        if isinstance(value, str) and value.strip().upper() == "TELECOMMUTE" and path in self.spans:
            return self.doc.fact(RemoteStatus.REMOTE, *self.spans[path])
        return None

    def _salary(self) -> Salary | None:
        base = self._first(("baseSalary",))
        amount = (*base, "value")
        if isinstance(self._get(amount), dict | list):
            amount = self._first(amount)
            low = _number(self._get((*amount, "minValue")))
            high = _number(self._get((*amount, "maxValue")))
            single = _number(self._get((*amount, "value")))
            unit_path = (*amount, "unitText")
            keys = [k for k in ("minValue", "maxValue", "value") if (*amount, k) in self.spans]
        else:
            low = high = None
            single = _number(self._get(amount))
            unit_path = (*base, "unitText")
            keys = []
        if single is not None and low is None and high is None:
            low = high = single
        if low is None and high is None:
            return None
        period = _UNITS.get(str(self._get(unit_path) or "").strip().upper())  # a DAY rate keeps no period
        paths = [(*amount, k) for k in keys] or [amount, (*base, "currency")]
        paths += [unit_path]
        located = [self.spans[p] for p in paths if p in self.spans]
        if not located:
            return None
        span = self.doc.span(min(a for a, _ in located), max(b for _, b in located))
        factor = _ANNUAL[period] if period else None
        currency = self._get((*base, "currency"))
        return Salary(text=span.text, start_line=span.start_line, end_line=span.end_line, min=low, max=high,
                      period=period, currency=str(currency).upper() if isinstance(currency, str) else None,
                      hours_per_week=40.0 if period == PayPeriod.HOUR else None,
                      hours_assumed=period == PayPeriod.HOUR,
                      annual_min=round(low * factor, 2) if factor and low is not None else None,
                      annual_max=round(high * factor, 2) if factor and high is not None else None)

    def _date(self, path: Path) -> Fact[dt.date] | None:
        value = self._get(path)
        if not isinstance(value, str) or path not in self.spans:
            return None
        try:
            date = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
        return self.doc.fact(date, *self.spans[path])

    def _deadline(self) -> Deadline | None:
        """validThrough, unless its datePosted shows it stale (before it, or over a year after it)."""
        fact = self._date(("validThrough",))
        if fact is None:
            return None
        posted = self._date(("datePosted",))
        if posted is not None and not posted.value <= fact.value <= posted.value + _MAX_OPEN:
            return None
        return Deadline(text=fact.text, start_line=fact.start_line, end_line=fact.end_line, date=fact.value)

    def _types(self) -> list[Fact[EmploymentType]]:
        value = self._get(("employmentType",))
        paths: list[Path] = ([("employmentType", n) for n in range(len(value))] if isinstance(value, list)
                             else [("employmentType",)])
        facts: list[Fact[EmploymentType]] = []
        for path in paths:
            kind = _TYPES.get(str(self._get(path) or "").strip().upper().replace("-", "_").replace(" ", "_"))
            if kind is not None and path in self.spans and all(f.value != kind for f in facts):
                facts.append(self.doc.fact(kind, *self.spans[path]))
        return facts

    def _url(self) -> HowToApply | None:
        fact = self._text(("url",))
        if fact is None or not fact.value.lower().startswith(("http://", "https://")):
            return None
        return HowToApply(text=fact.text, start_line=fact.start_line, end_line=fact.end_line, url=fact.value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None
