"""The prefilter's shortcuts (exact candidate sets, precomputed ranks and orders, reasons worded only for
the postings shown) give exactly what the plain paths give, on postings written for the purpose."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bench.corpus import generate_postings
from knowledge.models import EmploymentType, PayPeriod, Posting, RemoteStatus
from knowledge.parse import parse_posting
from retrieval.answer import RANKING, STATING, answer_question
from retrieval.fields import find_lines
from retrieval.index import PassageIndex
from retrieval.jobs import _CHECKS, Prefilter, _active_checks, select
from retrieval.request import Ask, ClosingWindow, EmployerKind, ExperienceBound, Filters, PayBound, PlaceQuery
from retrieval.understand.catalog import Catalog

TODAY = dt.date(2026, 11, 23)


def parsed(name: str, text: str) -> Posting:
    return parse_posting(name, text.encode(), today=TODAY)


WRITTEN = [
    parsed("tenant-organizer.txt",
           "Tenant Organizer\nEastside Renters Union\n\nBenefits:\n- Paid parental leave of 12 weeks\n"
           "- Dental and vision insurance\n\nThis role is based in our Tucson office. Remote work is not "
           "possible.\n"),
    parsed("canvass-lead.txt",
           "Canvass Lead\nDoor Knockers Collective\n\nWe offer family leave, a 403(b) and medical "
           "coverage.\n\nThis position is remote.\nPart-time, 20 hours a week.\n"),
    parsed("data-analyst.txt",
           "Data Analyst\nCivic Numbers Lab\nPhoenix, AZ\n\nBenefits: health insurance; parental leave; "
           "dental; a 403(b) plan.\n\nSalary: $62,000 - $70,000 per year.\nDeadline: January 9, 2027.\n"),
    parsed("steward.txt",
           "Staff Steward\nHospital Workers United, SEIU Local 9\n\nWe are the largest union of hospital "
           "workers in the state. Must live in or near Tucson, Arizona.\nFull-time. $28 per hour.\n"
           "At least 3 years of experience.\n"),
    parsed("fellow.txt",
           "Policy Fellow\nOpen Data Institute\n\nA one-year fellowship. Pay: $50,000 a year.\n"
           "Applications close December 1, 2026. Two years of experience preferred.\n"),
]

FILTERS = [
    Filters(benefits=("paid parental leave",)), Filters(benefits=("dental insurance",)),
    Filters(benefits=("health",)), Filters(benefits=("retirement", "dental")),
    Filters(remote=RemoteStatus.REMOTE), Filters(employer=EmployerKind.UNION),
    Filters(types=frozenset({EmploymentType.PART_TIME})),
    Filters(remote=RemoteStatus.REMOTE, benefits=("health",)),
    Filters(places=(PlaceQuery(text="Tucson", city="Tucson", state="Arizona", country="US"),)),
    Filters(places=(PlaceQuery(text="Arizona", state="Arizona", country="US"),)),
    Filters(types=frozenset({EmploymentType.PART_TIME, EmploymentType.TEMPORARY}),
            excluded_types=frozenset({EmploymentType.CONTRACT})),
    Filters(remote=RemoteStatus.ONSITE),
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("include_closed", [True, False])
def test_prefiltered_selection_equals_the_plain_one(filters: Filters, include_closed: bool) -> None:
    """Should pass the same postings, for the same reasons, with and without the prefilter."""
    postings = tuple(WRITTEN)
    plain = select(postings, filters, TODAY, include_closed=include_closed)
    fast = select(postings, filters, TODAY, include_closed=include_closed, prefilter=Prefilter(postings))
    assert (fast.passed, fast.no_pay, fast.no_mode, fast.matches) == (
        plain.passed, plain.no_pay, plain.no_mode, plain.matches)


@pytest.mark.parametrize("filters", FILTERS)
def test_a_deciding_prefilter_keeps_exactly_the_passing_postings(filters: Filters) -> None:
    """Should, where it says it decides the filters, keep no posting that fails them."""
    postings = tuple(WRITTEN)
    prefilter = Prefilter(postings)
    if prefilter.decides(filters):
        kept = prefilter.among(postings, prefilter.candidates(filters) or set())
        assert kept == select(postings, filters, TODAY).passed


def test_the_written_postings_pass_each_filter_somewhere() -> None:
    """Should give every filter of the table a posting to pass (so the comparisons above say something)."""
    assert all(select(WRITTEN, filters, TODAY).passed for filters in FILTERS)


def test_benefit_synonyms_holding_another_change_nothing() -> None:
    """Should pass a posting naming "dental" alone for "dental insurance", as its synonyms always did."""
    chosen = select(WRITTEN, Filters(benefits=("dental insurance",)), TODAY, prefilter=Prefilter(WRITTEN))
    assert {p.id for p in chosen.passed} == {"tenant-organizer", "data-analyst"}


def test_reasons_are_worded_for_a_posting_asked_about() -> None:
    """Should quote, for a passing posting, the words that passed the filter."""
    chosen = select(WRITTEN, Filters(benefits=("paid parental leave",)), TODAY)
    first = chosen.passed[0]
    assert chosen.reasons(first) == ["offers “Paid parental leave of 12 weeks”"]


GENERATED = tuple(parse_posting(p.source, p.text.encode(), today=TODAY)
                  for p in generate_postings(900, seed=5))
LISTS = ["Do I need Excel experience?", "What is the salary for the Organizer role?",
         "paid parental leave and dental insurance", "Which jobs are in Tucson?",
         "Is the Organizing Director position remote?", "Which jobs close soonest?",
         "Which roles start first?", "Who does the Paralegal report to?", "remote jobs with dental insurance",
         "Which union jobs are part-time?", "What is the lowest paying job?", "how many jobs state pay?",
         "Which jobs pay the most per hour?", "hybrid Paralegal Chicago"]


@pytest.mark.parametrize("question", LISTS)
def test_answers_with_the_prefilter_equal_plain_answers(question: str) -> None:
    """Should give, over a few dozen postings, the same answer and citations with and without the
    prefilter (whose shortcuts serve lists over every posting)."""
    postings = GENERATED
    index, catalog = PassageIndex.build(postings), Catalog(postings)
    fast = answer_question(question, postings, index, TODAY, catalog=catalog,
                           prefilter=Prefilter(postings, STATING, RANKING))
    plain = answer_question(question, postings, index, TODAY, catalog=catalog)
    assert (fast.answer, fast.citations) == (plain.answer, plain.citations)


TEXT = ("Benefits\nDental insurance, vision\n  \nDENTAL plan and a 403(b)\nno dentalcare here\n"
        "dental_plan, 2dental\ndental\n\nretirement: 403(b) match\nlast line dental")
UNICODE = "Benefícios\nDENTAL, visão\nRETİREMENT plan\nſick days and dental\ndentalé"


@pytest.mark.parametrize("text", [TEXT, UNICODE])
@pytest.mark.parametrize(("words", "limit"), [
    (["dental"], 3), (["dental", "vision"], 5), (["403(b)", "retirement"], 3), (["dental"], 1),
    (["Dental insurance", "dental"], 10), (["no\ndental"], 3), (["missing"], 3), ([" "], 3), (["dental"], 0),
    (["sick days", "visão"], 3), (["retirement"], 3),
])
def test_find_lines_equals_a_line_by_line_search(text: str, words: list[str], limit: int) -> None:
    """Should find the lines a search of each line for each whole word finds, in order, up to `limit`."""
    posting = parsed("benefits.txt", f"Organizer\nSome Group\n\n{text}\n")
    patterns = [re.compile(rf"(?<![\w]){re.escape(w)}(?![\w])", re.I) for w in words if w.strip()]
    expected = [(n, line.strip()) for n, line in enumerate(posting.text.split("\n"), 1)
                if line.strip() and any(p.search(line) for p in patterns)][:max(limit, 0)]
    assert [(s.start_line, s.text) for s in find_lines(posting, words, limit)] == expected


EVERY_FILTER = [
    *FILTERS, Filters(pay=PayBound(amount=20)), Filters(period=PayPeriod.HOUR), Filters(currency="USD"),
    Filters(currency="GBP", pay=PayBound(amount=20_000)), Filters(experience=ExperienceBound(min_years=2)),
    Filters(languages=("Spanish",)), Filters(closing=ClosingWindow(open_only=True)),
    Filters(mentions=("union",)),
    Filters(employer=EmployerKind.UNION, remote=RemoteStatus.HYBRID),
    Filters(unstated=frozenset({Ask.PAY}), remote=RemoteStatus.REMOTE), Filters(names=("organizer",)),
]


@pytest.mark.parametrize("filters", EVERY_FILTER)
def test_the_checks_applied_are_those_that_apply(filters: Filters) -> None:
    """Should run on each posting exactly the checks that do not answer None (does not apply)."""
    active = _active_checks(filters)
    for posting in WRITTEN:
        applying = [check for check in _CHECKS if check(posting, filters, TODAY, False) is not None]
        assert applying == active
