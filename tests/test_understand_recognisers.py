"""Each recogniser of `retrieval.understand` on its own: what it reads, and where."""

from __future__ import annotations

import datetime as dt

import pytest
from understand_support import TODAY, context

from knowledge.models import EmploymentType, PayPeriod, RemoteStatus
from knowledge.parse import parse_posting
from retrieval.request import (
    Ask,
    ClosingWindow,
    EmployerKind,
    ExperienceBound,
    Mention,
    Operation,
    PayBound,
    PostedWindow,
)
from retrieval.understand import Catalog, understand
from retrieval.understand.asks import read_asks, read_unstated
from retrieval.understand.benefits import read_benefits
from retrieval.understand.closing import read_closing
from retrieval.understand.employer import read_employer
from retrieval.understand.employment import read_types
from retrieval.understand.experience import read_experience
from retrieval.understand.followup import OTHER, SAME, read_follow_up
from retrieval.understand.languages import LanguageAsked, read_languages
from retrieval.understand.operation import read_operation
from retrieval.understand.pay import read_currency, read_pay, read_period
from retrieval.understand.phrases import read_phrases
from retrieval.understand.places import read_named_places, read_places
from retrieval.understand.remote import NOT_REMOTE, read_remote
from retrieval.understand.resolve import resolve, unclaimed
from retrieval.understand.targets import read_targets
from retrieval.understand.text import MAX_QUESTION_CHARS, Context, Slot, clean, words


def _read(mentions: list[Mention], question: str) -> list[tuple[str, object]]:
    """What was read: (the words, the value), in text order."""
    return [(question[m.start:m.end], m.value) for m in sorted(mentions, key=lambda m: m.start)]


@pytest.mark.parametrize(("question", "asks"), [
    ("What does the Pasadena job pay and when does it close?", {Ask.PAY, Ask.DEADLINE}),
    ("where is it and does it pay?", {Ask.LOCATION, Ask.PAY}),
    ("how do I apply to the organizer role", {Ask.APPLY}),
    ("who does the paralegal report to?", {Ask.REPORTS_TO}),
    ("how many hours a week is it", {Ask.HOURS}),
    ("what degree does the director need", {Ask.DEGREE, Ask.REQUIREMENTS}),
    ("how long is the fellowship and when does it start", {Ask.DURATION, Ask.START}),
    ("what email do I contact", {Ask.CONTACT}),
    ("can I still apply", {Ask.OPEN}),
    ("can i apply to the paralegal job still?", {Ask.OPEN}),
    ("is the tenant organizer role still open?", {Ask.OPEN}),
    ("does it need a car?", {Ask.REQUIREMENTS, Ask.LICENCE}),
    ("when was it posted", {Ask.POSTED}),
    ("what benefits are there", {Ask.BENEFITS}),
    ("does it involve travel", {Ask.TRAVEL}),
    ("where are the details on the tenant organizer job?", {Ask.DETAILS}),
    ("canvass lead: pay, where, and where's the full description?", {Ask.PAY, Ask.LOCATION, Ask.DETAILS}),
    ("where can I find more information about it", {Ask.DETAILS}),
    ("pay and where?", {Ask.PAY, Ask.LOCATION}),
    ("what are the responsibilities of the data manager?", {Ask.DUTIES}),
    ("what days does the nurse work?", {Ask.SCHEDULE}),
    ("what would I be doing as a canvass lead?", {Ask.DUTIES}),
    ("what does the tenant organizer job involve?", {Ask.DUTIES}),
    ("does the organizer job involve travel?", {Ask.TRAVEL}),
    # a field's own word misspelt, never another word near it
    ("deadine for the bookkeeper?", {Ask.DEADLINE}),
    ("whats the salery", {Ask.PAY}),
    ("benifits?", {Ask.BENEFITS}),
    ("requirments for the organizer", {Ask.REQUIREMENTS}),
    ("deadlin for the bookkeeper?", {Ask.DEADLINE}),
    ("any experienc needed?", {Ask.EXPERIENCE, Ask.REQUIREMENTS}),
    ("what part of oregon is the education coordinator job", {Ask.LOCATION}),
    ("what town is the prevention coordinator job in", {Ask.LOCATION}),
    ("by when does the research project have to be done", {Ask.END}),
    ("does it have retirement?", set()),
    ("is there a completion bonus?", set()),
])
def test_asks(question: str, asks: set[Ask]) -> None:
    """Should read every field the question asks about."""
    assert {m.value for m in read_asks(context(question))} == asks


def test_paid_leave_is_no_pay_ask() -> None:
    """Should not read "paid time off" as a question about pay."""
    assert Ask.PAY not in {m.value for m in read_asks(context("does it have paid time off?"))}


@pytest.mark.parametrize(("question", "operation"), [
    ("which pays the most", Operation.MAX),
    ("lowest hourly wage in here?", Operation.MIN),
    ("which closes first", Operation.MIN),
    ("compare the two organizer jobs", Operation.COMPARE),
    ("fellow vs intern", Operation.COMPARE),
    ("how many jobs are remote", Operation.COUNT),
    ("are there any remote fellowships?", Operation.EXISTS),
    ("list them", Operation.LIST),
])
def test_operation(question: str, operation: Operation) -> None:
    """Should read the operation the question calls for."""
    assert operation in {m.value for m in read_operation(context(question))}


@pytest.mark.parametrize(("question", "status"), [
    ("is it remote?", RemoteStatus.REMOTE),
    ("can I work from home?", RemoteStatus.REMOTE),
    ("does it allow WFH", RemoteStatus.REMOTE),
    ("who's hiring in person?", RemoteStatus.ONSITE),
    ("hybrid roles", RemoteStatus.HYBRID),
    ("california jobs that arent remote", NOT_REMOTE),
    # a mode word mistyped: letters swapped, one left out
    ("hybird jobs?", RemoteStatus.HYBRID),
    ("any remot roles", RemoteStatus.REMOTE),
    ("which roles aren't remote?", NOT_REMOTE),
    ("jobs with no remote option", NOT_REMOTE),
])
def test_remote(question: str, status: RemoteStatus | str) -> None:
    """Should read where the work is done (a denial is the longer mention, and wins)."""
    assert [m.value for m in resolve(read_remote(context(question)))] == [status]


def test_a_word_one_letter_from_a_mode_word_is_no_mode() -> None:
    """Should not read "remove" (one letter for another) as "remote"."""
    assert read_remote(context("how do i remove an alert")) == []


@pytest.mark.parametrize(("question", "types"), [
    ("is it full time?", {EmploymentType.FULL_TIME}),
    ("show me contract/consultant gigs", {EmploymentType.CONTRACT}),
    ("are there any remote fellowships?", {EmploymentType.FELLOWSHIP}),
    ("seasonal or volunteer roles", {EmploymentType.SEASONAL, EmploymentType.VOLUNTEER}),
    ("per diem nurse", {EmploymentType.PER_DIEM}),
    ("FT vs PT", {EmploymentType.FULL_TIME, EmploymentType.PART_TIME}),
    ("the pt of it", set()),
])
def test_types(question: str, types: set[EmploymentType]) -> None:
    """Should read the employment types named (capitals only for FT / PT)."""
    assert {m.value for m in read_types(context(question))} == types


@pytest.mark.parametrize(("question", "kept", "left_out"), [
    ("lowest hourly wage on here, not counting internships", set(), {EmploymentType.INTERNSHIP}),
    ("part-time jobs other than fellowships", {EmploymentType.PART_TIME}, {EmploymentType.FELLOWSHIP}),
    ("any jobs, excluding contract or temporary ones?", set(),
     {EmploymentType.CONTRACT, EmploymentType.TEMPORARY}),
    ("any part time jobs that arent temp gigs or internships?", {EmploymentType.PART_TIME},
     {EmploymentType.TEMPORARY, EmploymentType.INTERNSHIP}),
    ("full-time roles that aren't fellowships", {EmploymentType.FULL_TIME}, {EmploymentType.FELLOWSHIP}),
])
def test_types_left_out(question: str, kept: set[EmploymentType], left_out: set[EmploymentType]) -> None:
    """Should read a type after "not counting" / "other than" / "excluding" as one to leave out."""
    mentions = read_types(context(question))
    assert {m.value for m in mentions if m.slot == Slot.TYPE} == kept
    assert {m.value for m in mentions if m.slot == Slot.EXCLUDED_TYPE} == left_out


@pytest.mark.parametrize(("question", "bound", "words"), [
    ("which remote jobs pay $50 an hour or more?", PayBound(amount=50, period=PayPeriod.HOUR, currency="USD"),
     "pay $50 an hour or more"),
    ("anything over $60k", PayBound(amount=60000, currency="USD"), "over $60k"),
    ("jobs under $20/hr", PayBound(amount=20, period=PayPeriod.HOUR, currency="USD", at_least=False),
     "under $20/hr"),
    ("which jobs start at six figures or more per year",
     PayBound(amount=100000, period=PayPeriod.YEAR, low_end=True), "start at six figures or more per year"),
    ("where the salary range starts at $70k or more", PayBound(amount=70000, currency="USD", low_end=True),
     "starts at $70k or more"),
    ("a starting wage of at least $18/hour", PayBound(amount=18, period=PayPeriod.HOUR, currency="USD",
                                                     low_end=True), "at least $18/hour"),
    ("minimum pay over $45,000", PayBound(amount=45000, currency="USD", low_end=True), "over $45,000"),
    ("at least £30,000", PayBound(amount=30000, currency="GBP"), "at least £30,000"),
    # no currency sign: a "k", a thousands comma or a pay period says it is money
    ("which jobs pay over 50k", PayBound(amount=50000), "over 50k"),
    ("anything paying 6 figures?", PayBound(amount=100000), "paying 6 figures"),
    ("jobs paying 25 an hour or more", PayBound(amount=25, period=PayPeriod.HOUR),
     "paying 25 an hour or more"),
    ("anything under 20/hr?", PayBound(amount=20, period=PayPeriod.HOUR, at_least=False), "under 20/hr"),
    ("roles that pay at least 60,000", PayBound(amount=60000), "at least 60,000"),
])
def test_pay_bound(question: str, bound: PayBound, words: str) -> None:
    """Should read the amount, its unit and its direction, with the words that bound it."""
    assert _read(read_pay(context(question)), question) == [(words, bound)]


@pytest.mark.parametrize("question", [
    "at least 3 years of experience", "what closed in march 2024?", "jobs with over 20 staff",
    "jobs posted 3/14", "roles open to 18 year olds", "which of the 2 jobs pays more",
])
def test_counts_are_no_pay(question: str) -> None:
    """Should not read a count, a year or a date ("at least 3 years", "2024", "3/14") as pay."""
    assert read_pay(context(question)) == []


@pytest.mark.parametrize(("question", "unstated", "words"), [
    ("which postings don't list a salary?", Ask.PAY, "don't list a salary"),
    ("jobs without a deadline", Ask.DEADLINE, "without a deadline"),
    ("any with no pay listed?", Ask.PAY, "no pay listed"),
    ("roles where the salary isn't listed", Ask.PAY, "salary isn't listed"),
    ("remote jobs that don't say what they pay", Ask.PAY, "don't say what they pay"),
    ("which jobs do not state a start date", Ask.START, "do not state a start date"),
])
def test_unstated(question: str, unstated: Ask, words: str) -> None:
    """Should read a field the postings must not state, with the words that say so."""
    assert _read(read_unstated(context(question)), question) == [(words, unstated)]


def test_stated_field_is_not_unstated() -> None:
    """Should not read "no" or "not" elsewhere in the question as a field left unstated."""
    assert read_unstated(context("is there no pay for the intern? not sure")) == []


@pytest.mark.parametrize(("question", "period"), [
    ("hourly jobs in DC?", PayPeriod.HOUR),
    ("which texas jobs pay by the month", PayPeriod.MONTH),
    ("which postings pay per week", PayPeriod.WEEK),
    ("highest annual salary", PayPeriod.YEAR),
])
def test_period(question: str, period: PayPeriod) -> None:
    """Should read the pay period asked about."""
    assert [m.value for m in read_period(context(question))] == [period]


def test_currency() -> None:
    """Should read a currency named in words."""
    assert [m.value for m in read_currency(context("jobs paying in pounds"))] == ["GBP"]


@pytest.mark.parametrize(("question", "bound"), [
    ("jobs asking for at least 5 years experience", ExperienceBound(min_years=5)),
    ("roles needing less than two years of experience", ExperienceBound(max_years=2)),
    ("3+ years", ExperienceBound(min_years=3)),
    ("what's entry level?", ExperienceBound(max_years=0, entry_level=True)),
    ("jobs with no experience needed", ExperienceBound(max_years=0, entry_level=True)),
    ("jobs where u dont need any experience?", ExperienceBound(max_years=0, entry_level=True)),
    ("roles that need no prior experience", ExperienceBound(max_years=0, entry_level=True)),
])
def test_experience(question: str, bound: ExperienceBound) -> None:
    """Should read the experience bound."""
    assert [m.value for m in read_experience(context(question))] == [bound]


@pytest.mark.parametrize(("question", "window"), [
    ("Do any jobs close in May?", ClosingWindow(after=dt.date(2027, 5, 1), before=dt.date(2027, 5, 31))),
    ("list the postings that closed in august 2024",
     ClosingWindow(after=dt.date(2024, 8, 1), before=dt.date(2024, 8, 31))),
    ("which ones closed in nov 2022?",
     ClosingWindow(after=dt.date(2022, 11, 1), before=dt.date(2022, 11, 30))),
    ("closing before December 15", ClosingWindow(before=dt.date(2026, 12, 14))),
    ("closing after 2026-12-01", ClosingWindow(after=dt.date(2026, 12, 2))),
    ("which jobs close in 2024?", ClosingWindow(after=dt.date(2024, 1, 1), before=dt.date(2024, 12, 31))),
    ("any deadlines after 2026", ClosingWindow(after=dt.date(2027, 1, 1))),
    ("what closes this week",
     ClosingWindow(after=TODAY, before=TODAY + dt.timedelta(days=7), open_only=True)),
    ("which postings say open until filled or rolling?", ClosingWindow(rolling=True)),
    ("is it still open?", ClosingWindow(open_only=True)),
])
def test_closing(question: str, window: ClosingWindow) -> None:
    """Should read the closing window, months and years included."""
    values = [m.value for m in read_closing(context(question))]
    assert window in values


@pytest.mark.parametrize(("question", "window"), [
    ("any new jobs posted this week?", PostedWindow(after=TODAY - dt.timedelta(days=7), before=TODAY)),
    ("what was added in the past month", PostedWindow(after=TODAY - dt.timedelta(days=31), before=TODAY)),
    ("jobs posted in 2023", PostedWindow(after=dt.date(2023, 1, 1), before=dt.date(2023, 12, 31))),
    ("postings published before March 2024", PostedWindow(before=dt.date(2024, 2, 29))),
])
def test_posted_window(question: str, window: PostedWindow) -> None:
    """Should read dates in a question about when postings were posted as a posting-date window, not as
    a closing window."""
    found = read_closing(context(question))
    assert [m.value for m in found] == [window] and all(m.slot == Slot.POSTED for m in found)


def test_closing_words_keep_a_closing_window() -> None:
    """Should keep the window on deadlines when the question speaks of closing as well as posting."""
    found = read_closing(context("posted jobs that close in 2024"))
    assert [m.slot for m in found] == [Slot.CLOSING]


@pytest.mark.parametrize("question", ["jobs that may close", "which may pay more", "it may be in person"])
def test_may_the_verb_is_no_month(question: str) -> None:
    """Should not read the verb "may" as the month."""
    assert read_closing(context(question)) == []


@pytest.mark.parametrize(("question", "expected"), [
    ("which jobs are with an actual labor union?", [EmployerKind.UNION]),
    ("any openings at a union?", [EmployerKind.UNION]),
    ("trade union jobs in Leeds", [EmployerKind.UNION]),
    ("is the nurse job a union position?", []),
    ("which roles are union-eligible", []),
])
def test_employer(question: str, expected: list[EmployerKind]) -> None:
    """Should read a labor union as the employer asked for, not a union-eligible job."""
    assert [m.value for m in read_employer(context(question))] == expected


@pytest.mark.parametrize(("question", "items"), [
    ("any health insurance?", ["health insurance"]),
    ("does it have retirement?", ["retirement"]),
    ("a 401(k) and dental", ["retirement", "dental"]),
    ("jobs that come with a sign-on bonus?", ["sign-on bonus"]),
    ("greens NSW - any super?", ["retirement"]),
    ("does it give housing", ["housing"]),
    ("which jobs have dental insurance?", ["dental"]),
    ("any pet insurance at the clinic?", ["pet insurance"]),
    ("which jobs offer trans health coverage", ["trans health"]),
    ("does it cover relocaton", ["relocation"]),
])
def test_benefits(question: str, items: list[str]) -> None:
    """Should read the benefit items named."""
    assert [m.value for m in resolve(read_benefits(context(question)))] == items


@pytest.mark.parametrize(("question", "language"), [
    ("Does the organizing director role need Spanish?", LanguageAsked("Spanish", required=True)),
    ("which jobs want tagalog speakers", LanguageAsked("Tagalog")),
    ("Vietnamese preferred", LanguageAsked("Vietnamese", required=False)),
])
def test_languages(question: str, language: LanguageAsked) -> None:
    """Should read the language, and whether it is wanted required or preferred."""
    assert [m.value for m in read_languages(context(question))] == [language]


@pytest.mark.parametrize(("question", "words", "state", "country"), [
    ("what jobs do we have in Colorado?", "Colorado", "Colorado", "US"),
    ("hourly jobs in DC?", "DC", "District of Columbia", "US"),
    ("jobs in tx", "tx", "Texas", "US"),
    ("any jobs in the UK?", "UK", None, "GB"),
    ("anything in nz?", "nz", None, "NZ"),
    ("who's hiring in New York City?", "New York City", "New York", "US"),
])
def test_places(question: str, words: str, state: str | None, country: str) -> None:
    """Should read a known place and resolve it up the hierarchy."""
    [(text, place)] = _read(resolve(read_places(context(question))), question)
    assert (text, place.state, place.country) == (words, state, country)


def test_codes_that_are_words() -> None:
    """Should read a lower-case state code only when it spells no English word ("in", "or", "me")."""
    assert read_places(context("can me or him work in pa")) == []


@pytest.mark.parametrize(("question", "states"), [
    ("hourly jobs in texas or pa?", ["Texas", "Pennsylvania"]),
    ("ohio, pa or ny roles", ["Ohio", "Pennsylvania", "New York"]),
    ("jobs in ohio and in person", ["Ohio"]),
])
def test_a_code_joined_to_a_place_is_a_place(question: str, states: list[str]) -> None:
    """Should read a lower-case code spelling a word ("pa") as a state when joined to a place just named."""
    places = [place for _, place in _read(resolve(read_places(context(question))), question)]
    assert [p.state for p in places] == states


def test_named_place() -> None:
    """Should read a capitalised name after "in" as a place, known or not."""
    question = "Any jobs in Spanish Harlem?"
    [(text, place)] = _read(read_named_places(context(question)), question)
    assert (text, place.text, place.state) == ("Spanish Harlem", "Spanish Harlem", None)


def test_phrases() -> None:
    """Should read the phrase postings must mention."""
    assert [m.value for m in read_phrases(context("which postings mention VAN?"))] == ["VAN"]


@pytest.mark.parametrize(("question", "value"), [
    ("and the pay?", SAME), ("what about the other one?", OTHER), ("tell me more", SAME)])
def test_follow_up(question: str, value: str) -> None:
    """Should read words that refer back to postings already named."""
    assert value in {m.value for m in read_follow_up(context(question))}


@pytest.mark.parametrize(("question", "target"), [
    ("wat does the organzing directer pay", "local-progress-organizing-director"),
    ("the Pasadena organizer", "pop-pasadena-organizer"),
    ("POP organizer", "pop-pasadena-organizer"),
    ("JMA senior organizer", "jobs-to-move-america-california-senior-organizer"),
    ("the deputy organizer at peoples action", "peoples-action-movement-politics-deputy-organizer"),
])
def test_targets(question: str, target: str) -> None:
    """Should name the posting by title, organization, acronym or city, typos included."""
    ids = {m.value for m in read_targets(context(question))}
    assert ids == {(target,)}


def test_two_equal_matches_name_both() -> None:
    """Should name every posting that matches equally well."""
    [ids] = {m.value for m in read_targets(context("the Local Progress jobs"))}
    assert set(ids) == {"local-progress-membership-organizer", "local-progress-organizing-director"}


def test_no_posting_named() -> None:
    """Should name no posting when no name word is used."""
    assert read_targets(context("which jobs pay the most?")) == []


def test_resolver_keeps_the_longest() -> None:
    """Should keep the longest of overlapping mentions, and the earliest listed on a tie."""
    a = Mention(slot=Slot.LANGUAGE, start=12, end=19, value="Spanish")
    b = Mention(slot=Slot.PLACE, start=12, end=26, value="Spanish Harlem")
    c = Mention(slot=Slot.ASK, start=0, end=3, value=Ask.PAY)
    d = Mention(slot=Slot.TARGET, start=0, end=3, value=("x",))
    assert resolve([a, b, c, d]) == [c, b]


def test_unclaimed_words_are_terms() -> None:
    """Should leave the words no mention covers."""
    ws = words("who runs a hotline")
    kept = [Mention(slot=Slot.ASK, start=0, end=3)]
    assert [w.text for w in unclaimed(ws, kept)] == ["runs", "a", "hotline"]


def test_clean_cuts_and_strips() -> None:
    """Should drop Discord markup and cut the question at the one limit."""
    assert clean("<@123> **what** `pays`") == "what pays"
    assert len(clean("x" * (MAX_QUESTION_CHARS * 3))) == MAX_QUESTION_CHARS


def test_file_name_words_run_together_name_the_posting() -> None:
    """Should read a file name's words run together ("local88union") as the words they are."""
    postings = [parse_posting(name, text, today=TODAY) for name, text in [
        ("local88union-organizer.txt", b"Organizer\n\nKnock doors in Albany.\n"),
        ("field-union-organizer.txt", b"Union Organizer\nField Union\n\nKnock doors in Troy.\n")]]
    question = Context.of("what does the 88 union organizer need?", Catalog(postings), TODAY)
    assert {m.value for m in read_targets(question)} == {("local88union-organizer",)}


def test_words_about_a_jobs_term_name_no_posting() -> None:
    """Should not take "term" or "temp" in a question as the name of the one posting titled "(Term)"."""
    postings = [parse_posting(name, text, today=TODAY) for name, text in [
        ("data-manager.txt", b"Data Manager (Term)\nBallot Access Project\n\nRun our data.\n"),
        ("organizer.txt", b"Field Organizer\nRiver Action\n\nKnock doors.\n")]]
    question = Context.of("temp jobs? like campaign or term positions", Catalog(postings), TODAY)
    assert read_targets(question) == []


_SIBLINGS = [parse_posting(name, text, today=TODAY) for name, text in [
    ("posting-1.md", b"Grant Writer\nNorthern Plains Housing Alliance\n\nNorthern Plains Housing "
                     b"Alliance (NOPHA) is seeking proposals from grant writers.\n"),
    ("posting-2.md", b"Grant Writer\nSouthern Housing Fund\n\nWrite our grants.\n"),
    ("posting-3.md", b"Communications Manager\nEquity Center\n\nRun our press work.\n"),
    ("posting-4.md", b"Director of Partner Operations\nEquity Center\n\nRun partner programs.\n"),
    ("posting-5.md", b"Director of Partner Relations\nEquity Center\n\nKeep partners close.\n"),
    ("posting-6.md", b"Fellow\nBlack Futures Fund\n\nA fellowship closing May 31, 2024.\n"),
    ("posting-7.md", b"CA State Policy Organizer\nGreenway Alliance\n\nOrganize in Sacramento.\n"),
    ("posting-8.md", b"California State Policy Organizer\nGreenway Alliance Inc\n\nOrganize statewide.\n"),
    ("posting-9.md", b"Policy Counsel\nCalifornia Youth Law Center\n\nCounsel youth in California.\n"),
    ("posting-10.md", b"Organizer\nCalifornia Tenants\n\nOrganize tenants in California.\n"),
    ("posting-11.md", b"Bilingual Program Manager\nRiver Clinic\n\nLead our Spanish chat team.\n"),
    ("posting-12.md", b"Interim Executive Director\nLakeside Tenants\n\nLead the union.\n"),
    ("posting-13.md", b"Executive Assistant\nLakeside Tenants\n\nSupport the director.\n"),
    ("posting-14.md", '+++\ntitle = "Spring Internship"\norganization = "Office of the Attorney General'
                      ' - Civil Rights Unit"\n+++\n\nThe Civil Rights Unit (“CRU”) acts.\n'.encode()),
    ("posting-15.md", b'+++\ntitle = "Summer Internship"\norganization = "Office of the Attorney General - '
                      b'Consumer Unit"\n+++\n\nProtect buyers.\n'),
    ("posting-16.md", b'+++\ntitle = "Field Organizer"\norganization = "Fair Rent Union"\n+++\n\nKnock.\n'),
    ("posting-17.md", b'+++\ntitle = "Hiring Field Organizers"\norganization = "Dana Ortega"\n+++\n\n'
                      b'Dana Ortega is running for the Assembly.\n')]]


def test_initials_do_not_write_out_a_whole_title_for_the_tie_break() -> None:
    """Should keep the posting named by its organization in a tie: "FO" names a field organizer's words,
    but the plain "Field Organizer" title they spell does not win the tie over the one named."""
    found = understand("whats the pay for the ortega FO job", Catalog(_SIBLINGS), TODAY)
    assert "posting-17" in found.targets


def test_a_name_word_said_again_is_free_for_what_it_asks() -> None:
    """Should leave a title word said a second time ("…, bilingual in what?") to ask its field."""
    found = understand("the bilingual program manager, bilingual in what?", Catalog(_SIBLINGS), TODAY)
    assert found.targets == ("posting-11",) and found.asks == (Ask.LANGUAGES,)


@pytest.mark.parametrize(("question", "targets"), [
    # an acronym the text defines for the organization (not its initials), used alone
    ("is the nopha grant writer thing still open?", ("posting-1",)),
    # ... or for words of its name, quoted in the parentheses
    ("how to apply for the ag CRU internship", ("posting-14",)),
    # short forms of title words
    ("what does the partner ops director make?", ("posting-4",)),
    ("which pays more, the comms manager or the partner ops director", ("posting-3", "posting-4")),
    # a role by its initials, in capitals
    ("what does the ED at lakeside make?", ("posting-12",)),
    ("does the job close at 21:30 PM?", ()),  # a time, not a program manager
    # a comparison naming one posting best takes in those named nearly as well
    ("greenway alliance has 2 CA state policy organizer posts - which one closes later",
     ("posting-7", "posting-8")),
    # a common word no posting uses is no misspelt name in a question about many postings
    ("which jobs had deadlines back in 2021", ()),
])
def test_targets_by_defined_acronyms_and_short_forms(question: str, targets: tuple[str, ...]) -> None:
    """Should name postings by an acronym their text defines and by title words written short."""
    found = understand(question, Catalog(_SIBLINGS), TODAY)
    assert found.targets == targets


@pytest.mark.parametrize(("question", "city", "state"), [
    ("what jobs are in pittsburgh?", "Pittsburgh", "Pennsylvania"),
    ("anything in philly?", "Philadelphia", "Pennsylvania"),
    ("roles near new orleans", "New Orleans", "Louisiana"),
    ("jobs in Oakland", "Oakland", "California"),
])
def test_cities_no_posting_names(question: str, city: str, state: str) -> None:
    """Should resolve a city the postings never name, typed in any case or by its nickname."""
    places = [m.value for m in read_named_places(context(question))]
    assert [(p.city, p.state, p.country) for p in places] == [(city, state, "US")]


@pytest.mark.parametrize("question", ["what closed in march 2024?", "jobs in person",
                                      "work in reading groups"])
def test_lower_case_words_are_no_small_cities(question: str) -> None:
    """Should not read a month or a word that only a small town is named after as a place."""
    assert read_named_places(context(question)) == []
