"""Question understanding: kinds, target postings, filters, and robustness to any input."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from posting_factory import CLOSED, HOURLY, NO_DETAILS, POSTINGS, ROLLING, TODAY, WORDS_PAY

from bench.corpus import generate_postings
from knowledge.models import EmploymentType, RemoteStatus
from retrieval.query import KINDS, Catalog, _naming_candidates, _naming_score, understand
from retrieval.tokenize import tokenize


@pytest.mark.parametrize(("question", "kind"), [
    ("What does the canvasser job pay?", "pay"),
    ("How much is the salary for the Data Analyst?", "pay"),
    ("When is the deadline for the Legal Fellow?", "deadline"),
    ("Which jobs are closing soon?", "deadline"),
    ("What closes this week?", "deadline"),
    ("Is the Policy Lead remote?", "remote"),
    ("Where is the Data Analyst based?", "remote"),
    ("How do I apply to Tide Pool Action Fund?", "apply"),
    ("How many years of experience does the Policy Lead need?", "requirements"),
    ("How much travel does the Policy Lead involve?", "requirements"),
    ("Do I need a driver's license for the canvasser job?", "requirements"),
    ("What benefits does the Legal Fellow get?", "benefits"),
    ("paid parental leave and dental insurance", "benefits"),
    ("Which jobs offer paid time off?", "benefits"),
    ("Does the canvasser job include paid sick days?", "benefits"),
    ("How much is the canvasser paid?", "pay"),
    ("Is the Legal Fellow paid hourly or a salary?", "pay"),
    ("Is the canvasser job part-time?", "employment"),
    ("Who does the Policy Lead report to?", "reports_to"),
    ("Any jobs in Fresno?", "list"),
    ("Which jobs need Spanish?", "requirements"),
    ("Tell me about the shelving volunteers' Saturdays", "free"),
])
def test_kind(question: str, kind: str) -> None:
    """Should recognise what kind of question is asked."""
    assert understand(question, POSTINGS, TODAY).kind == kind


@pytest.mark.parametrize(("question", "target"), [
    ("What does the canvasser job pay?", HOURLY.id),
    ("How do I apply to Tide Pool Action Fund?", HOURLY.id),
    ("Is the QHHA role remote?", WORDS_PAY.id),
    ("What does Quarry Hill pay?", WORDS_PAY.id),
    ("When does the Saltmarsh fellowship close?", CLOSED.id),
    ("Is the job in Fresno hybrid?", ROLLING.id),
    ("How do I apply to lantern-books-volunteer?", NO_DETAILS.id),
])
def test_target(question: str, target: str) -> None:
    """Should find the posting a question names by title, organization, acronym, city or id."""
    query = understand(question, POSTINGS, TODAY)
    found = query.targets or tuple(p.id for p in POSTINGS if p.location and query.filters.location
                                   and query.filters.location in p.location.value)
    assert found == (target,)


@pytest.mark.parametrize("question", ["Which roles are remote?", "Any jobs paying over $60k?",
                                      "Which jobs list a salary?", "What jobs close before March?"])
def test_all_postings(question: str) -> None:
    """Should treat "which / any" questions as about every posting, not one."""
    query = understand(question, POSTINGS, TODAY)
    assert query.all_postings and query.targets == ()


def test_no_target_for_generic_words() -> None:
    """Should not pick a posting for words that name no posting in particular."""
    assert understand("What does the job pay?", POSTINGS, TODAY).targets == ()


@pytest.mark.parametrize(("question", "field", "value"), [
    ("remote jobs paying over $60k", "min_salary", 60000),
    ("remote jobs paying over $60k", "remote", RemoteStatus.REMOTE),
    ("anything paying at least $25/hour?", "min_salary", 52000),
    ("jobs that pay more than 50,000 a year", "min_salary", 50000),
    ("part-time roles", "type", EmploymentType.PART_TIME),
    ("any internships?", "type", EmploymentType.INTERNSHIP),
    ("hybrid jobs", "remote", RemoteStatus.HYBRID),
    ("on-site roles", "remote", RemoteStatus.ONSITE),
    ("jobs in California", "location", "California"),
    ("anything based in Eugene?", "location", "Eugene"),
    ("jobs that need Spanish", "language", "Spanish"),
    ("what closes before March?", "closing_before", dt.date(2027, 3, 1)),
    ("what closes before December?", "closing_before", dt.date(2026, 12, 1)),
    ("what closes before November?", "closing_before", dt.date(2027, 11, 1)),
    ("anything due before 2027-01-15?", "closing_before", dt.date(2027, 1, 15)),
    ("what closes this week?", "closing_before", TODAY + dt.timedelta(days=8)),
])
def test_filters(question: str, field: str, value: object) -> None:
    """Should read filters written inside a question; a month without a year is its next occurrence."""
    assert getattr(understand(question, POSTINGS, TODAY).filters, field) == value


@pytest.mark.parametrize("question", ["How many years of experience?", "Do I need 3 years?",
                                      "What is the capital of France?"])
def test_no_pay_filter_without_money(question: str) -> None:
    """Should not read a number that is not money as a pay filter."""
    assert understand(question, POSTINGS, TODAY).filters.min_salary is None


def test_closing_soon_wants_open_postings() -> None:
    """Should look only at open postings when asked what is closing soon."""
    assert understand("Which jobs are closing soon?", POSTINGS, TODAY).filters.open_only


def test_employment_aspect() -> None:
    """Should remember which employment type a yes/no question asks about."""
    assert understand("Is the canvasser job part-time?", POSTINGS, TODAY).aspects == ("part-time",)


@pytest.mark.parametrize("question", [
    "", " ", "?!?!", "x" * 10_000, "<@123456789> **what** `does` ~~it~~ pay?", "# Heading\n- bullet\n> quote",
    "\x00\x01\ud7ff", "🙂🙂🙂", "$$$ 999999999999999999999999k", "before 9999-99-99", "in", "closes before",
])
def test_odd_input(question: str) -> None:
    """Should understand any odd input without raising."""
    assert understand(question, POSTINGS, TODAY).kind in KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(question: str) -> None:
    """Should never raise, whatever the text."""
    assert understand(question, POSTINGS, TODAY).kind in KINDS


def test_mentions_removed() -> None:
    """Should ignore Discord mentions and markdown markup."""
    query = understand("<@!42> **What** does the *canvasser* job pay?", POSTINGS, TODAY)
    assert (query.kind, query.targets) == ("pay", (HOURLY.id,))


NAMING_CATALOGS = [Catalog(POSTINGS), Catalog(generate_postings(1500, seed=3))]
NAMING_QUESTIONS = [
    "What does the Organizer role pay?", "How do I apply to Families for Progress?", "Is the JMA job remote?",
    "Which Pasadena jobs need Spanish?", "What does the Senior Organizer at Workers United for Justice pay?",
    "deputy director deadline", "Tell me about the data manager in Detroit", "Does POP offer dental?",
    "organizer organizing director", "Who does the Policy Lead report to?", "fund", "Regional Grants Writer",
]


@pytest.mark.parametrize("question", NAMING_QUESTIONS)
def test_naming_candidates_hold_every_posting_the_words_name(question: str) -> None:
    """Should leave out of the scored candidates only postings the question's words score 0 for."""
    for catalog in NAMING_CATALOGS:
        words = set(tokenize(question))
        pairs = set(itertools.pairwise(tokenize(question)))
        kept = set(_naming_candidates(catalog, words, pairs))
        assert not [i for i in range(len(catalog.postings))
                    if i not in kept and _naming_score(catalog, i, words, pairs) != 0]


def test_naming_questions_name_postings() -> None:
    """Should score some postings above 0 (the test above is not vacuous) and prune some."""
    catalog = NAMING_CATALOGS[1]
    for question in ("What does the Senior Organizer at Workers United for Justice pay?",
                     "Tell me about the data manager in Detroit"):
        words, pairs = set(tokenize(question)), set(itertools.pairwise(tokenize(question)))
        kept = _naming_candidates(catalog, words, pairs)
        named = {i for w in words for i in catalog.by_name.get(w, ())}
        assert any(_naming_score(catalog, i, words, pairs) > 0 for i in kept) and len(kept) < len(named)
