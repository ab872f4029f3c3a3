"""`understand`: questions as members ask them, each mapped to the request it must become."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from understand_support import TODAY, catalog

from knowledge.models import EmploymentType as T
from knowledge.models import PayPeriod, RemoteStatus
from retrieval.request import Ask, ClosingWindow, ExperienceBound, Operation, PayBound, PostedWindow, Request
from retrieval.understand import MAX_QUESTION_CHARS, understand

LOOKUP, LIST, COUNT, MAX, MIN, COMPARE, EXISTS = (Operation.LOOKUP, Operation.LIST, Operation.COUNT,
                                                  Operation.MAX, Operation.MIN, Operation.COMPARE,
                                                  Operation.EXISTS)
DIRECTOR = "local-progress-organizing-director"
MEMBERSHIP = "local-progress-membership-organizer"
POP = "pop-pasadena-organizer"
JMA = "jobs-to-move-america-california-senior-organizer"
DEPUTY = "peoples-action-movement-politics-deputy-organizer"
BOOKKEEPER = "union-square-coop-bookkeeper"
FIELD_TECH = "cedar-creek-watershed-seasonal-field-tech"
FELLOW = "keystone-workers-alliance-campaign-fellow"
HOUSING = "northern-lights-housing-fellow"
PARALEGALS = {"first-light-legal-aid-paralegal", "heartland-immigrant-rights-paralegal"}


@dataclass(frozen=True)
class Row:
    """A question and the parts of its request that matter."""

    question: str
    targets: frozenset[str] = frozenset()
    asks: frozenset[Ask] = frozenset()
    operation: Operation = LOOKUP
    filters: dict[str, Any] = field(default_factory=dict)


def row(question: str, targets: str | set[str] = frozenset(), asks: tuple[Ask, ...] = (),
        operation: Operation = LOOKUP, **filters: Any) -> Row:
    ids = frozenset({targets} if isinstance(targets, str) else targets)
    return Row(question, ids, frozenset(asks), operation, filters)


ROWS = [
    # The five misreadings the issue names.
    row("Any jobs in Spanish Harlem?", operation=LIST, places=("Spanish Harlem",), languages=()),
    row("What does the Pasadena job pay and when does it close?", POP, (Ask.PAY, Ask.DEADLINE)),
    row("Is the organizing director job full time and remote?", DIRECTOR, (Ask.TYPE, Ask.REMOTE)),
    row("Does the organizing director role need a car and Spanish?", DIRECTOR, (Ask.LICENCE, Ask.LANGUAGES)),
    row("Do any jobs close in May?", operation=EXISTS,
        closing=ClosingWindow(after=dt.date(2027, 5, 1), before=dt.date(2027, 5, 31))),
    # Targets: title, organization, acronym, city, typos, ties.
    row("wat does the organzing directer pay", DIRECTOR, (Ask.PAY,)),
    row("what does the organizing director pay?", DIRECTOR, (Ask.PAY,)),
    row("POP organizer salary", POP, (Ask.PAY,)),
    row("how do I apply to the JMA senior organizer job", JMA, (Ask.APPLY,)),
    row("is the peoples action deputy organizer part time?", DEPUTY, (Ask.TYPE,), types={T.PART_TIME}),
    row("who does the Local Progress membership organizer report to?", MEMBERSHIP, (Ask.REPORTS_TO,)),
    row("where is the Brooklyn bookkeeper based", BOOKKEEPER, (Ask.LOCATION,)),
    row("how long does the cedar creek field tech job last", FIELD_TECH, (Ask.DURATION,)),
    row("when does the keystone campaign fellowship start?", FELLOW, (Ask.START,)),
    row("tell me about the Local Progress jobs", {DIRECTOR, MEMBERSHIP}, operation=LIST),
    row("what does the paralegal pay?", PARALEGALS, (Ask.PAY,)),
    row("does the housing justice fellow get health insurance", HOUSING, (Ask.BENEFITS,),
        benefits=("health insurance",)),
    row("Pasadena organizer: pay, hours, and is remote ok?", POP, (Ask.PAY, Ask.HOURS, Ask.REMOTE)),
    row("when was the Mesa Voter Project field director posted", "mesa-voter-project-field-director",
        (Ask.POSTED,)),
    row("what degree does the Lakeshore policy analyst need", "lakeshore-education-fund-policy-analyst",
        (Ask.DEGREE,)),
    row("how much experience for the Riverbend lead organizer?", "riverbend-tenants-union-lead-organizer",
        (Ask.EXPERIENCE,)),
    row("does the Bayou health navigator require Vietnamese?", "bayou-community-health-navigator",
        (Ask.LANGUAGES,), languages=("Vietnamese",)),
    row("is the Mutual Aid coordinator still open?", "river-city-mutual-aid-coordinator", (Ask.OPEN,)),
    row("what email do I contact for the Grants Manager", "pine-ridge-arts-council-grants-manager",
        (Ask.CONTACT,)),
    row("how many hours a week is the Volunteer Coordinator",
        "new-harbor-library-friends-volunteer-coordinator", (Ask.HOURS,)),
    row("does the crew leader involve travel?", "northwoods-conservation-corps-crew-leader", (Ask.TRAVEL,)),
    # Operations.
    row("which pays the most?", operation=MAX, asks=(Ask.PAY,)),
    row("lowest hourly wage in here?", operation=MIN, asks=(Ask.PAY,), period=PayPeriod.HOUR),
    row("which job closes first?", operation=MIN, asks=(Ask.DEADLINE,)),
    row("compare the Local Progress jobs", {DIRECTOR, MEMBERSHIP}, operation=COMPARE),
    row("Pasadena organizer vs JMA senior organizer — pay?", {POP, JMA}, (Ask.PAY,), COMPARE),
    row("which closes later, the Pasadena organizer or the JMA senior organizer?", {POP, JMA},
        (Ask.DEADLINE,), MAX),
    row("how many jobs are remote?", operation=COUNT, remote=RemoteStatus.REMOTE),
    row("are there any remote fellowships?", operation=EXISTS, remote=RemoteStatus.REMOTE,
        types={T.FELLOWSHIP}),
    row("which paralegal job pays more?", PARALEGALS, (Ask.PAY,), MAX),
    # Filters over many postings.
    row("which remote jobs pay $50 an hour or more?", operation=LIST, remote=RemoteStatus.REMOTE,
        pay=PayBound(amount=50, period=PayPeriod.HOUR, currency="USD")),
    row("remote jobs paying over $60k", operation=LIST, pay=PayBound(amount=60000, currency="USD")),
    row("jobs under $20/hr", operation=LIST,
        pay=PayBound(amount=20, period=PayPeriod.HOUR, currency="USD", at_least=False)),
    row("which jobs pay monthly?", operation=LIST, period=PayPeriod.MONTH),
    row("jobs paying in pounds", operation=LIST, currency="GBP"),
    row("what jobs do we have in Colorado?", operation=LIST, places=("Colorado",)),
    row("Can I do it from Oregon?", asks=(Ask.LOCATION,), operation=LIST, places=("Oregon",)),
    row("jobs in tx", operation=LIST, places=("tx",)),
    row("who's hiring in person in New York City?", operation=LIST, remote=RemoteStatus.ONSITE,
        places=("New York City",)),
    row("show me contract/consultant gigs", operation=LIST, types={T.CONTRACT}),
    row("any seasonal or volunteer roles?", operation=LIST, types={T.SEASONAL, T.VOLUNTEER}),
    row("part-time internships", operation=LIST, types={T.PART_TIME, T.INTERNSHIP}),
    row("jobs asking for at least 5 years experience", operation=LIST,
        experience=ExperienceBound(min_years=5)),
    row("entry level jobs?", operation=LIST, experience=ExperienceBound(max_years=0, entry_level=True)),
    row("jobs needing less than 2 years of experience", operation=LIST,
        experience=ExperienceBound(max_years=2)),
    row("which jobs want Tagalog speakers", operation=LIST, languages=("Tagalog",)),
    row("jobs that need hmong or somali?", operation=LIST, languages=("Hmong", "Somali")),
    row("jobs where Spanish is preferred", operation=LIST, languages=("Spanish",), language_required=False),
    row("list the postings that closed in august 2024", operation=LIST,
        closing=ClosingWindow(after=dt.date(2024, 8, 1), before=dt.date(2024, 8, 31))),
    row("what closes before December 15?", operation=LIST,
        closing=ClosingWindow(before=dt.date(2026, 12, 14))),
    row("which jobs close this week?", operation=LIST,
        closing=ClosingWindow(after=TODAY, before=TODAY + dt.timedelta(days=7), open_only=True)),
    row("which postings say open until filled or rolling?", operation=LIST,
        closing=ClosingWindow(rolling=True)),
    row("which jobs are still open?", operation=LIST, closing=ClosingWindow(open_only=True)),
    row("jobs with dental and a 401k", operation=LIST, benefits=("dental", "retirement")),
    row("which postings mention VAN?", operation=LIST, mentions=("VAN",)),
    row("remote jobs in ohio", operation=LIST, remote=RemoteStatus.REMOTE, places=("ohio",)),
    row("hourly jobs in DC?", operation=LIST, period=PayPeriod.HOUR, places=("DC",)),
    row("which jobs pay over 50k", operation=LIST, pay=PayBound(amount=50000)),
    row("which postings don't list a salary?", operation=LIST, unstated=frozenset({Ask.PAY})),
    row("how many remote jobs have no salary listed?", operation=COUNT, remote=RemoteStatus.REMOTE,
        unstated=frozenset({Ask.PAY})),
    row("jobs with a 401k", operation=LIST, benefits=("retirement",), pay=None),
    row("what jobs are in pittsburgh?", operation=LIST, places=("pittsburgh",)),
    row("anything in canada or nz?", operation=LIST, places=("canada", "nz")),
    row("link to apply for the bookkeeper job?", BOOKKEEPER, (Ask.APPLY,)),
    row("link for the bookkeeper job?", BOOKKEEPER, (Ask.APPLY,)),
    row("union square bookkeeper - ft or pt?", BOOKKEEPER, (Ask.TYPE,)),
    row("any jobs in ohio or michigan?", operation=LIST, places=("ohio", "michigan")),
    row("which jobs are in Pasadena, California?", operation=LIST, places=("Pasadena",)),
    row("anything in philly?", operation=LIST, places=("philly",)),
    row("what's the newest posting?", asks=(Ask.POSTED,), operation=MAX),
    row("the most recent remote job?", asks=(Ask.POSTED,), operation=MAX, remote=RemoteStatus.REMOTE),
    row("which jobs are union positions?", operation=LIST, benefits=("union",)),
    row("how many remote jobs are there?", operation=COUNT, remote=RemoteStatus.REMOTE),
    row("show me organizer jobs", operation=LIST, names=("organizer",)),
    row("who's hiring paralegals?", PARALEGALS, operation=LIST),
    row("who's hiring canvassers?", operation=LIST, names=("canvassers",)),
    row("which jobs involve voter outreach?", operation=LIST, names=()),
    row("r there any jobs for canvassers", operation=LIST, names=("canvassers",)),
    row("any dir jobs?", operation=LIST, names=("director",)),  # a title word's short form
    row("list everything that had a 2024 deadline", asks=(Ask.DEADLINE,), operation=LIST,
        closing=ClosingWindow(after=dt.date(2024, 1, 1), before=dt.date(2024, 12, 31))),
    row("bookkeeper job - what do i need to send?", BOOKKEEPER, (Ask.APPLY,)),
    # A name shared by many postings, narrowed by a place: the postings of that name there.
    row("what's the hourly rate for the organizer in DC", operation=LIST, names=("organizer",),
        places=("DC",)),
    row("what does the paralegal in nebraska pay?", "heartland-immigrant-rights-paralegal", (Ask.PAY,)),
    row("which one closes last?", asks=(Ask.DEADLINE,), operation=MAX),
    row("bookkeeper gig $$?", BOOKKEEPER, (Ask.PAY,)),
    row("how do u apply for the bookkeeper job", BOOKKEEPER, (Ask.APPLY,)),
    row("what background do they want for the bookkeeper job", BOOKKEEPER, (Ask.REQUIREMENTS,)),
    row("what are they looking for in the bookkeeper", BOOKKEEPER, (Ask.REQUIREMENTS,)),
    row("what experience does the bookkeeper need", BOOKKEEPER, (Ask.EXPERIENCE, Ask.REQUIREMENTS)),
    row("who offers unlimited pto", operation=LIST, benefits=("unlimited paid time off",)),
    row("which postings list abortion procedure funding as a benefit?", operation=LIST,
        benefits=("abortion procedure funding",)),
    row("which jobs offer dental as a benefit", operation=LIST, benefits=("dental",)),
    row("hybrid roles in the US?", operation=LIST, remote=RemoteStatus.HYBRID, places=("US",)),
    row("which jobs are fully on-site, no remote option?", operation=LIST, remote=RemoteStatus.ONSITE),
    row("can you tell us about the bookkeeper job", BOOKKEEPER, places=()),
    row("does anything mention spanish at all (required or nice to have)?", operation=LIST,
        mentions=("spanish",)),
    row("how many days a week is the bookkeeper job", BOOKKEEPER, (Ask.SCHEDULE,), period=None),
    row("which states can i live in for the bookkeeper job", BOOKKEEPER, (Ask.LOCATION,)),
    row("do i need a license for the bookkeeper job", BOOKKEEPER, (Ask.REQUIREMENTS, Ask.LICENCE)),
    row("do i need a car for the bookkeeper job", BOOKKEEPER, (Ask.LICENCE,)),
    row("does the bookkeeper get shift differentials", BOOKKEEPER, (Ask.BENEFITS,),
        benefits=("shift differential",)),
    row("is the bookkeeper job union?", BOOKKEEPER, (Ask.BENEFITS,), benefits=("union",)),
    row("any new jobs posted this week?", operation=LIST, asks=(Ask.POSTED,),
        posted=PostedWindow(after=TODAY - dt.timedelta(days=7), before=TODAY), closing=None),
]


def _check(request: Request, expected: Row) -> None:
    assert set(request.targets) == expected.targets, request.mentions
    assert expected.asks <= set(request.asks), request.asks
    assert request.operation == expected.operation
    for name, value in expected.filters.items():
        actual = getattr(request.filters, name)
        if name == "places":
            actual = tuple(p.text for p in actual)
        assert actual == value, (name, request.filters)


@pytest.mark.parametrize("expected", ROWS, ids=[r.question for r in ROWS])
def test_question(expected: Row) -> None:
    """Should read the question's targets, asks, operation and filters."""
    _check(understand(expected.question, catalog(), TODAY), expected)


def test_about_sixty_questions() -> None:
    """Should keep the table at about sixty questions."""
    assert len(ROWS) >= 60


@pytest.mark.parametrize(("question", "targets"), [
    ("and the pay?", {DIRECTOR}),
    ("tell me more", {DIRECTOR}),
    ("when does it close?", {DIRECTOR}),
])
def test_follow_up_carries_targets(question: str, targets: set[str]) -> None:
    """Should carry the previous question's postings over to a question that names none."""
    previous = understand("what does the organizing director pay?", catalog(), TODAY)
    request = understand(question, catalog(), TODAY, previous=previous)
    assert set(request.targets) == targets
    assert request.follow_up


def test_the_other_one() -> None:
    """Should take "the other one" as the posting not answered first."""
    previous = understand("what does the paralegal pay?", catalog(), TODAY)
    request = understand("what about the other one?", catalog(), TODAY, previous=previous)
    assert request.follow_up and request.targets == previous.targets[1:]
    assert request.asks == previous.asks


def test_new_list_is_no_follow_up() -> None:
    """Should not carry postings over to a question about many postings."""
    previous = understand("what does the organizing director pay?", catalog(), TODAY)
    request = understand("which jobs are remote?", catalog(), TODAY, previous=previous)
    assert not request.follow_up and request.targets == ()


def test_tie_is_ambiguous() -> None:
    """Should name both postings and say so when two match a lookup equally well."""
    request = understand("what does the paralegal pay?", catalog(), TODAY)
    assert set(request.targets) == PARALEGALS and request.ambiguous


def test_unclaimed_words_are_terms() -> None:
    """Should leave the words no recogniser claimed as search terms."""
    request = understand("who runs a hotline for workers fighting wage theft?", catalog(), TODAY)
    assert {"hotlin", "theft"} <= set(request.terms)


@pytest.mark.parametrize("question", ["", "   ", "?", "x" * (MAX_QUESTION_CHARS * 4), "\x00\u202e$$$",
                                      "<@123> <#456>"])
def test_any_input(question: str) -> None:
    """Should return a request for any input, never raise."""
    assert isinstance(understand(question, catalog(), TODAY), Request)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(question: str) -> None:
    """Should turn any text at all into a request whose mentions lie inside the cleaned question."""
    request = understand(question, catalog(), TODAY)
    assert all(0 <= m.start < m.end <= len(request.text) for m in request.mentions)


def test_closing_last_asks_no_duration() -> None:
    """Should read "closes last" as the latest deadline, not as how long a role lasts."""
    request = understand("which one closes last?", catalog(), TODAY)
    assert Ask.DURATION not in request.asks


def test_days_in_the_office_ask_about_remote_work() -> None:
    """Should read "how many days in office" as a question on the hybrid arrangement, not the schedule."""
    request = understand("how many days in office for the bookkeeper job", catalog(), TODAY)
    assert Ask.REMOTE in request.asks and Ask.SCHEDULE not in request.asks
