"""Property tests: parse_posting survives any input and never cites text that is not where it says."""

from __future__ import annotations

import datetime as dt

from evidence import evidence_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_fixture import make_pdf

from knowledge.errors import PostingError
from knowledge.parse import parse_posting

TODAY = dt.date(2026, 11, 23)
FRAGMENTS = [
    "\n", "\n\n", "\r\n", "\r", "\t", "   ", "\x00", "\x0b", "\x0c", "\u2028", "\ufeff", "\u200b",
    "• ", "- ", "* ", "▪ ", "1. ", "## ", "# ", "**", "<br>", "&amp;", "<script>x=1</script>", "<p>", "</li>",
    "$", "$55,000 - $65,000", "$22/hour", "$18.50 an hour", "$60k–$70k", "$4,000/month", "401k", "5%",
    "2026", "January 15", "Friday, January 15th", "12/15/2026", "Feb 30, 2027", "open until filled",
    "Deadline:", "Salary:", "Location:", "Remote, U.S.", "Dayton, OH", "hybrid", "on-site", "Pay:",
    "3+ years", "three years", "Spanish", "driver's license", "Reports to:", "Apply", "email", "to",
    "jobs@example.org", "https://example.org/apply", "part-time", "20 hours per week", "Benefits",
    "x" * 3000,
]
postings_text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)),
                         max_size=60).map("".join)
extensions = st.sampled_from([".txt", ".md", ".html", ".pdf", ".TXT", ""])
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(name: str, data: bytes) -> None:
    try:
        posting = parse_posting(name, data, today=TODAY)
    except PostingError:
        return
    assert evidence_problems(posting) == []


@PROPERTY_SETTINGS
@given(text=postings_text, extension=extensions)
def test_any_text_parses_or_raises_posting_error(text: str, extension: str) -> None:
    """Should parse arbitrary text, or refuse it with PostingError, citing only exact text at its lines."""
    _check(f"posting{extension}", text.encode("utf-8"))


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=4000), extension=extensions)
def test_any_bytes_parse_or_raise_posting_error(data: bytes, extension: str) -> None:
    """Should parse arbitrary bytes, or refuse them with PostingError, citing only exact text at its lines."""
    _check(f"posting{extension}", data)


cp1252_lines = st.lists(
    st.one_of(st.text(st.characters(codec="cp1252", exclude_characters="\r\n"), max_size=80),
              st.sampled_from([f for f in FRAGMENTS if "\n" not in f and "\r" not in f and f.isascii()])),
    max_size=40)


@PROPERTY_SETTINGS
@given(lines=cp1252_lines)
def test_any_pdf_text_layer_parses_or_raises_posting_error(lines: list[str]) -> None:
    """Should parse any PDF whose text layer holds arbitrary lines, citing only exact text at its lines."""
    _check("posting.pdf", make_pdf(lines))
