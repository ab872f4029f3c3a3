"""Corpus tests: each posting in tests/data/postings (and each bundled one), one field at a time.

tests/data/expected.json holds {"corpus": {file: {field: E}}, "bundled": {file: {field: E}}}, where field
is a key of `Posting.summary(today)` and E an expectation in this small language:

    "text"                      equal, ignoring case and runs of whitespace
    42, 18.5                    equal within 0.01
    true / false / null         exactly that
    ["a", "b"]                  a list holding exactly these items, in any order (strings ignore case)
    {"contains": "s"}           a string containing s (ignoring case)
    {"not": E}                  anything that does not match E
    {"includes": ["a", ...]}    a list holding at least these items (strings ignore case)
    {"approx": n, "tol": t}     a number within t of n
    {"present": true}           not null and not empty
    {"no_figure": true}         null, or a dict whose "min" and "max" are both null
    {"any_of": [E, ...]}        matches at least one of the expectations
    {"key": E, ...}             a dict (not null) whose listed keys match (other keys are not checked)

Only what a careful reader is sure of is listed; a missing key means "not checked".
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from evidence import evidence_problems

from knowledge.jsonld import HEADING as JSON_LD_HEADING
from knowledge.models import Posting
from knowledge.parse import parse_posting

TESTS_DIR = Path(__file__).resolve().parent
POSTINGS_DIR = TESTS_DIR / "data" / "postings"
BUNDLED_DIR = TESTS_DIR.parent / "knowledge" / "postings"
EXPECTED: dict[str, dict[str, dict[str, Any]]] = json.loads(
    (TESTS_DIR / "data" / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 23)
DIRS = {"corpus": POSTINGS_DIR, "bundled": BUNDLED_DIR}
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".pdf": "pdf"}
SAMPLE_NAMES = ("local progress", "jobs to move america", "people's action", "people’s action",
                "peoples action", "pasadena", "poppasadena", "movement politics", "impact lab")

FIELD_CASES = [(kind, name, field) for kind, postings in EXPECTED.items()
               for name, fields in postings.items() for field in fields]
ALL_FILES = [("corpus", p.name) for p in sorted(POSTINGS_DIR.iterdir())] + [
    ("bundled", p.name) for p in sorted(BUNDLED_DIR.iterdir())]


@functools.cache
def parsed(kind: str, name: str) -> Posting:
    path = DIRS[kind] / name
    return parse_posting(path.name, path.read_bytes(), today=TODAY)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def mismatch(expected: Any, actual: Any) -> str | None:
    """Why `actual` does not meet `expected` (see the module docstring), or None when it does."""
    if isinstance(expected, dict) and len(expected) >= 1 and next(iter(expected)) in _OPERATORS:
        return _OPERATORS[next(iter(expected))](expected, actual)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"expected an object, got {actual!r}"
        for key, sub in expected.items():
            if key not in actual:
                return f"no key {key!r} in {actual!r}"
            reason = mismatch(sub, actual[key])
            if reason:
                return f"{key}: {reason}"
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"expected a list, got {actual!r}"
        want, got = _as_set(expected), _as_set(actual)
        return None if want == got else f"expected exactly {sorted(want)}, got {sorted(got)}"
    if expected is None or isinstance(expected, bool):
        return None if actual is expected else f"expected {expected!r}, got {actual!r}"
    if isinstance(expected, int | float):
        ok = (isinstance(actual, int | float) and not isinstance(actual, bool)
              and abs(actual - expected) < 0.01)
        return None if ok else f"expected {expected!r}, got {actual!r}"
    ok = isinstance(actual, str) and _norm(actual) == _norm(expected)
    return None if ok else f"expected {expected!r}, got {actual!r}"


def _as_set(items: list[Any]) -> set[Any]:
    return {_norm(i) if isinstance(i, str) else i for i in items}


def _contains(expected: dict[str, Any], actual: Any) -> str | None:
    ok = isinstance(actual, str) and _norm(expected["contains"]) in _norm(actual)
    return None if ok else f"expected text containing {expected['contains']!r}, got {actual!r}"


def _not(expected: dict[str, Any], actual: Any) -> str | None:
    return f"expected anything but {expected['not']!r}" if mismatch(expected["not"], actual) is None else None


def _includes(expected: dict[str, Any], actual: Any) -> str | None:
    if not isinstance(actual, list):
        return f"expected a list, got {actual!r}"
    missing = _as_set(expected["includes"]) - _as_set(actual)
    return f"missing {sorted(missing)} from {actual!r}" if missing else None


def _approx(expected: dict[str, Any], actual: Any) -> str | None:
    ok = isinstance(actual, int | float) and abs(actual - expected["approx"]) <= expected.get("tol", 0.01)
    return None if ok else f"expected about {expected['approx']!r}, got {actual!r}"


def _present(expected: dict[str, Any], actual: Any) -> str | None:
    present = actual is not None and actual != [] and actual != ""
    if present == expected["present"]:
        return None
    return f"expected present={expected['present']}, got {actual!r}"


def _no_figure(expected: dict[str, Any], actual: Any) -> str | None:
    ok = actual is None or (isinstance(actual, dict)
                            and actual.get("min") is None and actual.get("max") is None)
    return None if ok else f"expected no pay figure, got {actual!r}"


def _any_of(expected: dict[str, Any], actual: Any) -> str | None:
    reasons = [mismatch(option, actual) for option in expected["any_of"]]
    return None if None in reasons else f"no option matched: {'; '.join(r for r in reasons if r)}"


_OPERATORS = {"contains": _contains, "not": _not, "includes": _includes, "approx": _approx,
              "present": _present, "no_figure": _no_figure, "any_of": _any_of}


@pytest.mark.parametrize(("kind", "name", "field"), FIELD_CASES,
                         ids=[f"{k}/{n}::{f}" for k, n, f in FIELD_CASES])
def test_field_matches_expectation(kind: str, name: str, field: str) -> None:
    """Should extract each listed field of each posting as a careful reader would."""
    summary = parsed(kind, name).summary(TODAY)
    assert field in summary, f"{field!r} is not a key of Posting.summary()"
    reason = mismatch(EXPECTED[kind][name][field], summary[field])
    assert reason is None, f"{name} {field}: {reason}"


@pytest.mark.parametrize(("kind", "name"), ALL_FILES, ids=[f"{k}/{n}" for k, n in ALL_FILES])
def test_evidence_is_exact_text_at_its_lines(kind: str, name: str) -> None:
    """Should cite, for every span, section and passage, text found verbatim at its stated lines."""
    assert evidence_problems(parsed(kind, name)) == []


@pytest.mark.parametrize(("kind", "name"), ALL_FILES, ids=[f"{k}/{n}" for k, n in ALL_FILES])
def test_format_follows_extension(kind: str, name: str) -> None:
    """Should decode each posting in the format its file extension names."""
    assert parsed(kind, name).format == FORMATS[Path(name).suffix]


HTML_FILES = [name for kind, name in ALL_FILES if name.endswith(".html")]


@pytest.mark.parametrize("name", HTML_FILES)
def test_html_text_has_no_markup_script_or_style(name: str) -> None:
    """Should keep only the visible text of an HTML posting (and its JSON-LD section): no tags, entities,
    scripts or styles."""
    text = parsed("corpus", name).text.split("\n" + JSON_LD_HEADING + "\n")[0]
    leftovers = re.findall(r"<[a-zA-Z/!][^>]*>|&[a-zA-Z]+;|&#\d+;|[{}]|\$999,999|dataLayer|font-", text)
    assert leftovers == []


def test_corpus_covers_every_format() -> None:
    """Should hold at least six postings of each format, each with expectations."""
    names = [p.name for p in POSTINGS_DIR.iterdir()]
    counts = {suffix: sum(n.endswith(suffix) for n in names) for suffix in FORMATS}
    assert all(count >= 6 for count in counts.values()), counts
    assert sorted(names) == sorted(EXPECTED["corpus"])


RULE_FILES = sorted((TESTS_DIR.parent / "knowledge").rglob("*.py"))


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.name for p in RULE_FILES])
def test_rules_never_name_a_sample_posting(path: Path) -> None:
    """Should keep extraction rules general: no sample organization or posting named in the code."""
    source = path.read_text(encoding="utf-8").casefold()
    assert [name for name in SAMPLE_NAMES if name in source] == []


def _realworld_gold() -> Path | None:
    """The real-world set's gold.jsonl (`shared/realworld/` beside the checkout), if present."""
    for parent in TESTS_DIR.parents:
        candidate = parent / "shared" / "realworld" / "gold.jsonl"
        if candidate.is_file():
            return candidate
    return None


def test_rules_never_name_a_realworld_organization() -> None:
    """Should keep extraction rules general: no organization of the real-world set named in the code."""
    gold = _realworld_gold()
    if gold is None:
        pytest.skip("the real-world set (shared/realworld/gold.jsonl) is not on this machine")
    names = {json.loads(line).get("organization") for line in gold.read_text(encoding="utf-8").splitlines()
             if line.strip()}
    patterns = {name: re.compile(rf"(?<!\w){re.escape(name.casefold())}(?!\w)") for name in names if name}
    sources = {path.name: path.read_text(encoding="utf-8").casefold() for path in RULE_FILES}
    found = [(file, name) for file, source in sources.items() for name, pattern in patterns.items()
             if pattern.search(source)]
    assert found == []


@pytest.mark.parametrize(("expected", "actual", "matches"), [
    ("Lead  organizer", "lead organizer", True),
    ("Lead Organizer", "Organizer", False),
    (40, 40.0, True),
    (40, None, False),
    (None, None, True),
    (False, None, False),
    (["Part-time", "temporary"], ["temporary", "part-time"], True),
    (["part-time"], ["part-time", "temporary"], False),
    ({"contains": "dayton"}, "Dayton, OH", True),
    ({"contains": "dayton"}, None, False),
    ({"not": "onsite"}, "remote", True),
    ({"not": "onsite"}, "onsite", False),
    ({"includes": ["Spanish"]}, ["spanish", "English"], True),
    ({"includes": ["Spanish"]}, [], False),
    ({"approx": 23400, "tol": 1}, 23400.4, True),
    ({"approx": 23400, "tol": 1}, 37440, False),
    ({"present": True}, ["health"], True),
    ({"present": True}, [], False),
    ({"no_figure": True}, None, True),
    ({"no_figure": True}, {"min": 75.0, "max": None}, False),
    ({"any_of": [{"email": "a@b.org"}, {"url": {"contains": "b.org"}}]}, {"email": None, "url": "https://b.org"},
     True),
    ({"min": 18, "period": "hour"}, {"min": 18.0, "max": None, "period": "hour"}, True),
    ({"min": 18, "period": "hour"}, {"min": 18.0, "period": "year"}, False),
    ({"min": None}, None, False),
])
def test_expectation_language(expected: Any, actual: Any, matches: bool) -> None:
    """Should judge each expectation form as the module docstring describes."""
    assert (mismatch(expected, actual) is None) is matches
