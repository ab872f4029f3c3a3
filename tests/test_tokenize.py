"""The tokenizer shared by passages and queries."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.tokenize import STOP_WORDS, stem, tokenize


@pytest.mark.parametrize(("text", "expected"), [
    ("$127,000 per year", ["127000", "year"]),
    ("Salary: $58,500.00", ["salari", "58500"]),
    ("$60k-$75K", ["60000", "75000"]),
    ("$22.50/hour", ["22.5", "hour"]),
    ("a 40-hour week", ["40", "hour", "week"]),
    ("E-mail your resume", ["email", "resum"]),
    ("U.S. work authorization", ["us", "work", "author"]),
    ("401(k) and 403(b) plans", ["401k", "403b", "plan"]),
    ("You’ll love POP's!", ["love", "pop"]),
    ("We don’t require a degree", ["not", "requir", "degre"]),
    ("O'Neil Center", ["oneil", "center"]),
    ("Remote-first, full-time", ["remot", "first", "full", "time"]),
    ("ＦＵＬＬ　ＴＩＭＥ café", ["full", "time", "café"]),
    ("jobs@tenants-union.org", ["job", "tenant", "union", "org"]),
    ("Apply by May 1, 2027", ["appli", "may", "1", "2027"]),
    ("snake_case words", ["snake", "case", "word"]),
])
def test_tokenize_table(text: str, expected: list[str]) -> None:
    """Should split, normalise, drop stop words and stem as the table says."""
    assert tokenize(text) == expected


@pytest.mark.parametrize("words", [
    ["organizer", "organizing", "organizers", "organiser", "organisation", "organization"],
    ["supervise", "supervision", "supervising"],
    ["benefit", "benefits"],
    ["remote", "remotely"],
    ["apply", "applying", "applied"],
])
def test_word_forms_meet(words: list[str]) -> None:
    """Should give inflected and British/American forms of a word one stem."""
    assert len({stem(w) for w in words}) == 1


@pytest.mark.parametrize("text", ["", "   ", "the and of", "What is it that you will do?", "--- ... !!!"])
def test_no_terms(text: str) -> None:
    """Should return no tokens for blank text, punctuation or stop words alone."""
    assert tokenize(text) == []


@pytest.mark.parametrize("word", ["not", "no", "remote", "may", "40", "2027"])
def test_meaningful_words_kept(word: str) -> None:
    """Should keep negations, "remote", the month "May" and numbers."""
    assert tokenize(word) == [stem(word)]


def test_curly_and_straight_apostrophes_agree() -> None:
    """Should tokenize curly and straight apostrophes the same way."""
    assert tokenize("Women’s Caucus can’t wait") == tokenize("Women's Caucus can't wait")


@given(st.text())
def test_tokens_are_clean(text: str) -> None:
    """Should never produce empty tokens, stop words or upper-case letters, for any text."""
    for token in tokenize(text.replace(".", " ")):  # without dots: no "U.S."-style acronym
        assert token
        assert token not in STOP_WORDS
        assert token == token.lower()


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n`\u1fef\uff40"))))
def test_lines_in_turn(lines: list[str]) -> None:
    """Should give a text's lines' terms one line after the other."""
    assert tokenize("\n".join(lines)) == [term for line in lines for term in tokenize(line)]


@pytest.mark.parametrize(("text", "expected"), [
    ("café\ndon`t", ["café", "not"]),
    ("cafe\ndon`t", ["cafe", "don"]),
    ("café\ndon\uff40t", ["café", "not"]),
])
def test_backtick_in_non_ascii_text(text: str, expected: list[str]) -> None:
    """Should read a backtick as an apostrophe in a text holding non-ASCII characters, on any line."""
    assert tokenize(text) == expected


def test_every_backtick_form() -> None:
    """Should read as an apostrophe, on any line of a non-ASCII text, each character that normalises
    into a backtick."""
    forms = [chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c <= 0xDFFF and "`" in unicodedata.normalize("NFKC", chr(c)).lower()]
    for form in forms:
        assert tokenize(f"café\ndon{form}t") == ["café", "not"]
