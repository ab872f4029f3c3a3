"""Front matter: the TOML (`+++`) or YAML (`---`) block static job boards put at the top of a posting.

The block is parsed with `tomli` (the parser the standard library ships as `tomllib`, in its compiled
build: a sync reads thousands of blocks) or PyYAML's safe loader, never by hand. Each top-level key becomes
an `Entry` whose evidence is its own line(s) of the posting, so a value read from front matter is cited
like body text. Keys are mapped onto canonical field names through the aliases job boards and ATS
exports use (`KEYS`); values that mean "not stated" ("-", "", "N/A", "TBD") are dropped. Front matter
that does not parse yields no entries: the posting is then read as text, never lost.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import tomli

__all__ = ["KEYS", "Entry", "FrontMatter", "canonical_key", "read_front_matter"]

KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "position", "job_title", "jobtitle", "role", "position_title", "titulo", "puesto",
              "titre", "poste"),
    "organization": ("organization", "organisation", "company", "employer", "hiring_organization",
                     "org", "company_name", "organizacion", "organización", "empresa", "organisme"),
    "location": ("location", "city", "state", "region", "place_of_work", "job_location", "locations", "lugar",
                 "ubicacion", "ubicación", "lieu", "lieu_de_travail"),
    "salary": ("salary", "compensation", "pay", "salary_range", "wage", "wages", "pay_range", "rate",
               "salario", "sueldo", "salaire", "remuneration", "rémunération"),
    "deadline": ("closing_date", "deadline", "apply_by", "valid_through", "validthrough", "expires",
                 "deadline_date", "application_deadline", "close_date", "closes", "cierre", "fecha_limite",
                 "fecha_límite", "fecha_de_cierre", "date_limite"),
    "type": ("job_type", "employment_type", "a_job_type", "type", "job_types", "employment"),
    "benefits": ("benefits", "b_benefits", "perks"),
    "apply": ("link", "url", "apply_url", "application_url", "apply_link", "application_link", "apply",
              "apply_form_link", "application_form", "apply_form", "how_to_apply"),
    "remote": ("remote", "workplace_type", "workplace", "remote_status", "work_location_type"),
    "posted": ("date", "created_at", "posted", "sort_date", "date_posted", "dateposted", "published",
               "publish_date", "posted_on", "fecha", "fecha_de_publicacion", "date_de_publication"),
    "degree": ("degree", "degrees", "aa_degrees_required", "degree_required", "degrees_required",
               "education"),
}
"""Canonical field -> the front-matter keys (normalised by `canonical_key`) that state it; some Spanish and
French ones too, for boards publishing in those languages."""

_ALIAS = {alias: field for field, aliases in KEYS.items() for alias in aliases}
_JUNK = frozenset({"", "-", "--", "n/a", "na", "tbd", "tba", "none", "null", "nil", "~", "[]"})
_FENCES = {"+++": "toml", "---": "yaml"}
_SEPARATORS = re.compile(r"[\s-]+")
_KEY_LINE = re.compile(r"[ \t]*[\"']?([A-Za-z_][\w \t-]*?)[\"']?[ \t]*[=:]")
MAX_FRONT_MATTER_LINES = 400
"""A block longer than this is not front matter (and would not be worth reading as such)."""
_MAX_BLANK_LINES = 5
"""Blank lines the opening fence may follow."""


@dataclass(frozen=True)
class Entry:
    """One top-level front-matter key: its value as text and where it stands in the posting.

    `start`/`end` are offsets of the key's whole line(s) in the posting's text; `value_start`/`value_end`
    those of the value as written when it appears verbatim there (else the same as the line's), so an
    extractor can run over exactly the value and cite exact text.
    """

    key: str
    """The key as written."""
    field: str | None
    """The canonical field it states (a key of `KEYS`), or None for a key no field holds."""
    value: str
    """Scalar values as text; a list's items joined with ", "."""
    items: tuple[str, ...]
    start: int
    end: int
    value_start: int
    value_end: int


@dataclass(frozen=True)
class FrontMatter:
    """The entries of a posting's front matter (none when it has none) and where its body begins."""

    entries: tuple[Entry, ...] = ()
    body_start: int = 0
    """Offset of the first character after the closing fence (0 without front matter)."""
    end_line: int = 0
    """The 1-based line of the closing fence (0 without front matter)."""

    def get(self, field: str) -> Entry | None:
        """The first entry stating canonical `field`, if any."""
        return next(self.all(field), None)

    def all(self, field: str) -> Iterator[Entry]:
        """Every entry stating canonical `field`, in order."""
        return (e for e in self.entries if e.field == field)

    @property
    def unknown(self) -> tuple[Entry, ...]:
        """Entries whose keys no field holds (kept as labelled facts)."""
        return tuple(e for e in self.entries if e.field is None)


def canonical_key(key: str) -> str:
    """`"Deadline Date"` -> `"deadline_date"`: lower case, runs of spaces and hyphens as one underscore."""
    return _SEPARATORS.sub("_", key.strip().lower())


@functools.lru_cache(maxsize=1024)
def _field(key: str) -> str | None:
    """The canonical field `key` states, if any (boards repeat their keys, so each is looked up once)."""
    return _ALIAS.get(canonical_key(key))


def read_front_matter(text: str) -> FrontMatter:
    """The front matter at the very top of `text` (after an optional BOM and blank lines), if any."""
    # Only the lines a block can span are split off; the last item is the rest of the text.
    lines = text.split("\n", _MAX_BLANK_LINES + MAX_FRONT_MATTER_LINES)
    first = 0
    while first < len(lines) and first < _MAX_BLANK_LINES and not lines[first].strip():
        first += 1
    if first >= len(lines):
        return FrontMatter()
    fence = lines[first].strip().lstrip("\ufeff")
    kind = _FENCES.get(fence)
    if kind is None:
        return FrontMatter()
    close = next((i for i in range(first + 1, min(len(lines), first + MAX_FRONT_MATTER_LINES))
                  if lines[i].strip() == fence), None)
    if close is None or close == first + 1:
        return FrontMatter()
    data = _load(kind, "\n".join(lines[first + 1:close]))
    if data is None:
        return FrontMatter()
    offsets = list(itertools.accumulate((len(line) + 1 for line in lines[:close + 1]), initial=0))
    entries = tuple(_entries(text, lines, offsets, first + 1, close, data))
    return FrontMatter(entries, body_start=min(offsets[close + 1], len(text)), end_line=close + 1)


def _written_value(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a value written other than as it reads (escapes, a YAML date): the line after its key's
    `=` or `:`, without surrounding quotes; the whole line when no such text is left."""
    line = _KEY_LINE.match(text, start, end)
    if line is None:
        return start, end
    v_start, v_end = line.end(), end
    while v_start < v_end and text[v_start] in " \t\"'":
        v_start += 1
    while v_end > v_start and text[v_end - 1] in " \t\"',":
        v_end -= 1
    return (v_start, v_end) if v_start < v_end else (start, end)


def _load(kind: str, block: str) -> dict[str, object] | None:
    try:
        data = tomli.loads(block) if kind == "toml" else _load_yaml(block)
    except (tomli.TOMLDecodeError, ValueError, TypeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _load_yaml(block: str) -> object:
    """`block` read by PyYAML's safe loader, None if it is not YAML.

    PyYAML is imported here, on first use: it takes longer to import than most processes spend reading
    the few postings that carry YAML.
    """
    import yaml

    try:
        return yaml.safe_load(block)
    except yaml.YAMLError:
        return None


def _entries(text: str, lines: list[str], offsets: list[int], begin: int, close: int,
             data: dict[str, object]) -> Iterator[Entry]:
    """An entry per key of `data` found on a key line between `begin` and `close`: a top-level key, or a
    key of the TOML table whose `[header]` it follows ("[job]" / "title = …" reads as the title)."""
    starts: list[tuple[int, str | None, object]] = []  # (line, key, value); a table header ends an entry
    scope: dict[str, object] = data
    for i in range(begin, close):
        if lines[i][:1].isspace() and starts:
            continue  # an indented continuation (YAML lists and maps)
        if header := _TABLE_HEADER.match(lines[i]):
            scope = _table(data, header.group(1))
            starts.append((i, None, None))
            continue
        m = _KEY_LINE.match(lines[i])
        if m and (key := m.group(1).strip()) in scope:
            starts.append((i, key, scope[key]))
    for n, (i, key, found) in enumerate(starts):
        if key is None:
            continue
        last = (starts[n + 1][0] if n + 1 < len(starts) else close) - 1
        while last > i and not lines[last].strip():
            last -= 1
        items = _items(found)
        value = ", ".join(items)
        if value.strip().lower() in _JUNK:
            continue
        start, end = offsets[i], offsets[last] + len(lines[last])
        where = text.find(value, start, end) if value else -1
        v_start, v_end = (where, where + len(value)) if where >= 0 else _written_value(text, start, end)
        yield Entry(key=key, field=_field(key), value=value, items=items,
                    start=start, end=end, value_start=v_start, value_end=v_end)


_TABLE_HEADER = re.compile(r"[ \t]*\[([A-Za-z_][\w.-]*)\][ \t]*(?:#.*)?$")


def _table(data: dict[str, object], dotted: str) -> dict[str, object]:
    """The TOML table `dotted` names ("job.salary"), empty if it is not one."""
    found: object = data
    for part in dotted.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return found if isinstance(found, dict) else {}


def _items(value: object) -> tuple[str, ...]:
    """A value's non-junk items as text (a scalar is one item)."""
    if isinstance(value, list | tuple):
        out = [_scalar(v) for v in value]
    elif isinstance(value, dict):
        out = [f"{k}: {_scalar(v)}" for k, v in value.items()]
    else:
        out = [_scalar(value)]
    return tuple(s for s in (o.strip() for o in out) if s.lower() not in _JUNK)


def _scalar(value: object) -> str:
    if isinstance(value, str):  # most values: tested first
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return ", ".join(_items(value))
    return str(value)
