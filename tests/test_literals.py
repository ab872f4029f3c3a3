"""The required words of a pattern: a text lacking them cannot match it, so its scan is skipped."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import knowledge.extract
from knowledge.document import Document
from knowledge.literals import (
    Folded,
    alternatives,
    compile_scan,
    may_match,
    required_literals,
    word_alternatives,
)

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("pattern", "needed"), [
    (r"\bremote\s+(?:role|job)\b", {"remote"}),
    (r"(?i:fully|completely)\s+remote", {"remote"}),
    (r"\bon-?site\b", {"onsite", "on-site"}),
    (r"\d{1,2}\s*[ap]\.?m\b", {"am", "a.m", "pm", "p.m"}),
    (r"[Cc]ity\s+of", {"city"}),
    (r"\bno\s+travel\b|\btravel\s+is\s+not\s+required", {"travel"}),
])
def test_required_words(pattern: str, needed: set[str]) -> None:
    """Should find words every match holds, spelling out short options and case-variant classes."""
    assert frozenset(needed) in required_literals(re.compile(pattern, re.IGNORECASE))


@pytest.mark.parametrize("pattern", [r"\d+", r"\w+\s+\w+", r"(?:remote|\d)", r"x?y?", r"[^a]+"])
def test_nothing_required(pattern: str) -> None:
    """Should require nothing when some match holds no literal text."""
    assert required_literals(re.compile(pattern)) == ()


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\bremote\b", "Fully REMOTE role"),
    (r"\bservice\b", "ſervice"),  # long s: the regex engine matches it to s
    (r"\bpolitics\b", "POLİTİCS"),  # dotted capital I
    (r"\bpolitics\b", "polıtıcs"),  # dotless i
    (r"\bkind\b", "\u212aind"),  # Kelvin sign
])
def test_folding_keeps_every_case_insensitive_match(pattern: str, text: str) -> None:
    """Should never skip a text the case-insensitive pattern matches, whatever letters spell the word."""
    compiled = re.compile(pattern, re.IGNORECASE)
    assert compiled.search(text) is not None
    assert may_match(compiled, Folded(text))


def test_skips_text_without_the_words() -> None:
    """Should tell that a text lacking every required word cannot match, and search it as empty."""
    doc = Document("An in-person organizer role in Dayton.\nTravel is light.")
    pattern = re.compile(r"\bfully\s+remote\b", re.IGNORECASE)
    assert not doc.may_match(pattern)
    assert list(doc.finditer(pattern)) == []
    assert doc.search(pattern) is None


@pytest.mark.parametrize(("pattern", "parts"), [
    (r"\bremote\b|\bhybrid\b|\(on-?site\)", 3),
    (r"(?<!\w)(?:jan|feb)\s+\d+|\d+/\d+", 2),
    (r"(?<![\w/.-])(?:(?P<m>jan|feb)\s+\d+|\d+/\d+)", 2),
    (r"a[|\]]b|c(?:d|e)|[]|]x|\|y", 4),
    (r"(a)|\1b", 0),  # a back-reference ties the alternatives together
    (r"a|b?", 0),  # a match may be empty
    (r"(?:a|b)c", 0),  # not an alternation at the top
])
def test_alternatives(pattern: str, parts: int) -> None:
    """Should split a pattern into its top-level alternatives only where scanning each finds the same."""
    assert len(alternatives(re.compile(pattern))) == parts


def test_scanning_alternatives_finds_the_same_matches() -> None:
    """Should find, scanning only the possible alternatives, the very matches of one scan, groups included."""
    pattern = re.compile(r"\b(?P<n>\d+)\s+shifts?\b|\b(?P<day>mon|fri)day\b|\bremote(?:ly)?\b", re.IGNORECASE)
    text = "Remote work, 2 shifts a week, Monday 3 shift; remotely on Friday.\nNo remote 4 shifts."
    doc = Document(text)
    for start_line, end_line in ((1, None), (2, 2), (1, 1)):
        expected = list(pattern.finditer(text, doc.line_start(start_line),
                                         doc.line_span(end_line or len(doc.lines))[1]))
        found = list(doc.finditer(pattern, start_line, end_line))
        assert [(m.span(), m.groupdict()) for m in found] == [(m.span(), m.groupdict()) for m in expected]


@pytest.mark.parametrize("text", [
    "Kansas, Arkansas and West Virginia; not Virginian or Kansas2 or xOhio, but Ohio.",
    "Ohio",
    "(Ohio)",
    "_Ohio Texas_Ohio é Ohio",
    "Texas\nVirginia-West Virginia",
])
def test_word_alternatives_match_where_words_start(text: str) -> None:
    """Should match the words exactly where `\\b(?:…)` does, the first listed winning at one place."""
    words = ["West Virginia", "Virginia", "Arkansas", "Kansas", "Ohio", "Texas"]
    plain = re.compile(r"\b(?:" + "|".join(words) + r")\b")
    spelled = re.compile(word_alternatives(words) + r"\b")
    assert [m.span() for m in spelled.finditer(text)] == [m.span() for m in plain.finditer(text)]
    at_each = [(spelled.match(text, start), plain.match(text, start)) for start in range(len(text))]
    assert [a and a.span() for a, _ in at_each] == [b and b.span() for _, b in at_each]


@pytest.mark.parametrize("word", [r"\d+", "(?:a|b)", "-x", ""])
def test_word_alternatives_need_a_literal_first(word: str) -> None:
    """Should refuse a word that does not start with a literal word character."""
    with pytest.raises(ValueError, match="literal word character"):
        word_alternatives(["Ohio", word])


@pytest.mark.parametrize(("source", "flags"), [
    (r"\bremote\b|\(on-?site\)", re.IGNORECASE),
    (r"(?<![\d:])\d{1,2}\s*[ap]\.?m\b|\b(?:day|night)\s+shifts?", re.IGNORECASE),
    (r"^[ \t*_-]*(?:job\s+)?location:[ \t]*(?P<value>\S+)", re.IGNORECASE | re.MULTILINE),
    (r"(?:at\s+least\s+)?(?P<n>\d+|one|two)\s+years?", re.IGNORECASE),
    (r"\bservice\b", re.IGNORECASE),
    (r"[\s,–-]*(?:to|through)\b", 0),
    (r"\b(?i:based|work|skill|item|kit)\s+in\b|\bUS\b", 0),  # case-insensitive within: both cases lead
])
def test_scan_lead_keeps_every_match(source: str, flags: int) -> None:
    """Should find the very matches of the plain pattern, with a lookahead for their first characters."""
    text = ("Remote (On-site) 9am-5pm, DAY shifts; ſervice and Service.\n  Job Location: Dayton\n"
            "at least 2 years, two Years - to through 3 PM; BASED in US, ſkill in, İtem in, \u212ait in")
    plain = re.compile(source, flags)
    led = compile_scan(source, flags)
    assert led.pattern.startswith("(?=[")
    assert [(m.span(), m.groups()) for m in led.finditer(text)] == [(m.span(), m.groups())
                                                                    for m in plain.finditer(text)]
    assert len(alternatives(led)) == len(alternatives(plain))


@pytest.mark.parametrize("source", [r"x?y*", r".foo", r"[^a]b", r"(?i:[a-c])b", r"(?s:a)b", r"(?i:é)b"])
def test_scan_lead_only_where_first_characters_are_known(source: str) -> None:
    """Should compile a pattern as it is when a match may be empty or start with any character."""
    assert compile_scan(source).pattern == source


def test_scan_lead_on_every_extractor_pattern() -> None:
    """Should find every match of each extractor pattern led by its first characters, on the test postings."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(DATA.rglob("*"))
             if path.is_file() and path.suffix in (".txt", ".md", ".html")]
    for pattern in _extractor_patterns():
        led = compile_scan(pattern.pattern, pattern.flags)
        for text in texts:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in led.finditer(text)] == expected, pattern.pattern


def _extractor_patterns() -> list[re.Pattern[str]]:
    modules = ["knowledge.structure", "knowledge.frontmatter", "knowledge.formats", "knowledge.htmltext"]
    modules += [f"knowledge.extract.{m.name}" for m in pkgutil.iter_modules(knowledge.extract.__path__)]
    found: list[re.Pattern[str]] = []
    for name in modules:
        for value in vars(importlib.import_module(name)).values():
            values = value if isinstance(value, list | tuple) else [value]
            found += [v for v in values if isinstance(v, re.Pattern) and isinstance(v.pattern, str)]
    return found


def test_no_extractor_pattern_loses_a_match_on_the_test_postings() -> None:
    """Should find every match of every extractor pattern in the varied test postings, and no other."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(DATA.rglob("*"))
             if path.is_file() and path.suffix in (".txt", ".md", ".html")]
    assert len(texts) > 20
    patterns = [p for p in _extractor_patterns() if required_literals(p) or alternatives(p)]  # others: plain
    for text in texts:
        doc = Document(text)
        for pattern in patterns:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in doc.finditer(pattern)] == expected, pattern.pattern
