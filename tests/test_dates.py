"""Dates: the date finder, year inference, the application deadline (or rolling) and the start date."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.dates import MONTHS, find_dates, find_deadline, find_start_date, infer_year
from knowledge.extract.posted import find_posted_date
from knowledge.frontmatter import FrontMatter, read_front_matter
from knowledge.models import Deadline, Section

TODAY = dt.date(2026, 11, 23)
D = dt.date


def deadline_of(text: str, today: dt.date = TODAY) -> Deadline | None:
    doc = Document(text)
    deadline = find_deadline(doc, [], today)
    if deadline is not None:
        assert_evidence(doc, deadline)
    return deadline


@pytest.mark.parametrize(("text", "date", "inferred"), [
    ("January 24, 2025", D(2025, 1, 24), False),
    ("Jan 24 2025", D(2025, 1, 24), False),
    ("Jan. 24, 2025", D(2025, 1, 24), False),
    ("24 January 2025", D(2025, 1, 24), False),
    ("1/24/2025", D(2025, 1, 24), False),
    ("2025-01-24", D(2025, 1, 24), False),
    ("Tuesday, February 13th", D(2024, 2, 13), True),
    ("13/02/2025", D(2025, 2, 13), False),
    ("November 3rd", D(2026, 11, 3), True),
    ("Nov. 3", D(2026, 11, 3), True),
    ("the 13th of February 2025", D(2025, 2, 13), False),
    ("Friday, December 4, 2026", D(2026, 12, 4), False),
])
def test_date_formats(text: str, date: dt.date, inferred: bool) -> None:
    """Should read each common way of writing a date, inferring the year only when it is missing."""
    doc = Document(f"Something happens on {text}.")
    mentions = find_dates(doc, TODAY)
    assert [(m.date, m.inferred_year) for m in mentions] == [(date, inferred)]
    assert text.endswith(doc.text[mentions[0].start:mentions[0].end])


@pytest.mark.parametrize("month", sorted(MONTHS))
@pytest.mark.parametrize("weekday", ["", "Mon ", "tues. ", "WEDNESDAY, ", "Thur ", "fri ", "Sat ", "sunday "])
def test_every_weekday_and_month_spelling(weekday: str, month: str) -> None:
    """Should find a date led by any weekday or month spelling, in any case, as the first words of it."""
    for text in (f"{weekday}{month} 3, 2025", f"{weekday}the 3rd of {month.upper()} 2025"):
        doc = Document(f"Apply by ({text.title()}) or {text}.")
        assert [doc.text[m.start:m.end] for m in find_dates(doc, TODAY)] == [text.title(), text]


@pytest.mark.parametrize("text", [
    "We have 24/7 support and 40 hours/week.",
    "The campaign ran through the end of 2025.",
    "Founded in March 2020 by tenants.",
    "Spanish or English; 3 May be required.",
    "Open 9:00 to 5:00, June 2023 was busy.",
])
def test_not_dates(text: str) -> None:
    """Should not read numbers, months without days or years alone as dates."""
    assert find_dates(Document(text), TODAY) == []


@pytest.mark.parametrize(("month", "day", "weekday", "today", "expected"), [
    (2, 13, 1, D(2026, 11, 23), D(2024, 2, 13)),     # the latest Tuesday the 13th of February
    (1, 15, 4, D(2026, 11, 24), D(2027, 1, 15)),     # a coming Friday within the horizon
    (1, 15, None, D(2026, 11, 24), D(2027, 1, 15)),  # the next occurrence is within 183 days
    (7, 1, None, D(2026, 11, 23), D(2026, 7, 1)),    # next July is past the horizon: last July
    (2, 29, None, D(2026, 11, 23), D(2024, 2, 29)),  # the latest leap day
])
def test_infer_year(month: int, day: int, weekday: int | None, today: dt.date, expected: dt.date) -> None:
    """Should infer the latest year no later than today + 183 days, matching a stated weekday."""
    assert infer_year(month, day, today, weekday) == expected


def test_year_from_same_date_elsewhere() -> None:
    """Should take the year the posting gives the same month and day elsewhere."""
    doc = Document("Hiring now through November 3rd.\n\nStatus: Temporary through November 3rd 2020")
    assert [(m.date, m.inferred_year) for m in find_dates(doc, TODAY)] == [
        (D(2020, 11, 3), True), (D(2020, 11, 3), False)]


DEADLINES = [
    # text, date, rolling, inferred year, evidence
    ("We encourage applicants to apply by January 24, 2025, for an anticipated start date of April 1, 2025.",
     D(2025, 1, 24), False, False, "apply by January 24, 2025"),
    ("Application deadline: December 1, 2026", D(2026, 12, 1), False, False,
     "Application deadline: December 1, 2026"),
    ("Applications are due by December 18, 2026. Interviews will be held on January 5, 2027.",
     D(2026, 12, 18), False, False, "Applications are due by December 18, 2026"),
    ("Candidates should send a resume and a cover letter by Tuesday, February 13th to jobs@example.org.",
     D(2024, 2, 13), False, True,
     "Candidates should send a resume and a cover letter by Tuesday, February 13th"),
    ("Email a resume to hr@example.org by Dec. 11, 2026.", D(2026, 12, 11), False, False,
     "Email a resume to hr@example.org by Dec. 11, 2026"),
    ("Apply at https://example.org/apply no later than October 15, 2025.", D(2025, 10, 15), False, False,
     "no later than October 15, 2025"),
    ("| Deadline | April 2, 2027 |", D(2027, 4, 2), False, False, "Deadline | April 2, 2027"),
    ("To apply, email your resume. Deadline: 12/15/2026.", D(2026, 12, 15), False, False,
     "Deadline: 12/15/2026"),
    ("Priority deadline: 2027-01-10. Applications reviewed on a rolling basis after that.",
     D(2027, 1, 10), True, False, "Priority deadline: 2027-01-10"),
    ("Applications accepted until March 1, 2027.", D(2027, 3, 1), False, False,
     "Applications accepted until March 1, 2027"),
    ("Apply at https://example.org by\nMonday, December 14th.", D(2026, 12, 14), False, True,
     "Apply at https://example.org by\nMonday, December 14th"),
    ("Start date: May 3, 2027\nApplication deadline: February 26, 2027", D(2027, 2, 26), False, False,
     "Application deadline: February 26, 2027"),
    ("Posted: November 2, 2026\n\nApplications close on January 8, 2027.", D(2027, 1, 8), False, False,
     "Applications close on January 8, 2027"),
    ("Apply by March 3, 2027. Applications are rolling, with preference given to early applicants.",
     D(2027, 3, 3), True, False, "Apply by March 3, 2027"),
    ("** Deadline extended to January 10, 2027 (was December 20, 2026) **", D(2027, 1, 10), False, False,
     "Deadline extended to January 10, 2027"),
    ("The application deadline has been extended to March 3, 2027.", D(2027, 3, 3), False, False,
     "application deadline has been extended to March 3, 2027"),
    ("Closing: 4:00 p.m. CST, February 9, 2027", D(2027, 2, 9), False, False,
     "Closing: 4:00 p.m. CST, February 9, 2027"),
    ("| Closing | Friday, October 18, 2027 |", D(2027, 10, 18), False, False,
     "Closing | Friday, October 18, 2027"),
    ("Priority deadline: January 15, 2027. Final deadline: February 14, 2027.", D(2027, 2, 14), False, False,
     "Final deadline: February 14, 2027"),
    # a label line above its value (HTML <dt>/<dd>, a details list)
    ("Application deadline\nNovember 22, 2027\nReports to\nManaging Editor", D(2027, 11, 22), False, False,
     "Application deadline\nNovember 22, 2027"),
    # postings written in French or Spanish
    ("Date limite : 14 avril 2027, 17 h", D(2027, 4, 14), False, False, "Date limite : 14 avril 2027"),
    ("La fecha límite es el 15 de julio de 2027.", D(2027, 7, 15), False, False,
     "fecha límite es el 15 de julio de 2027"),
    ("Postulez avant le 1er février 2027.", D(2027, 2, 1), False, False,
     "Postulez avant le 1er février 2027"),
    # day first, where the day cannot be a month
    ("Closing date: applications close 14/06/2027", D(2027, 6, 14), False, False,
     "applications close 14/06/2027"),
    # the dates applications are open: the range's end
    ("Open & closing dates: 01/08/2027 to 01/22/2027", D(2027, 1, 22), False, False,
     "Open & closing dates: 01/08/2027 to 01/22/2027"),
    ("Application period: March 1, 2027 - March 15, 2027. Start date: May 1, 2027.", D(2027, 3, 15), False,
     False, "Application period: March 1, 2027 - March 15, 2027"),
    ("Applications are accepted from May 2027 through June 30, 2027.", D(2027, 6, 30), False, False,
     "Applications are accepted from May 2027 through June 30, 2027"),
    # a weekday (and a time) between the cue and a numeric date
    ("Deadline is COB Friday 3/7/27. Interviews follow.", D(2027, 3, 7), False, False,
     "Deadline is COB Friday 3/7/27"),
    # "max." does not end the sentence that asks for the application
    ("Send your CV and a statement (max. 2 pages) to\njobs@example.org.au by 11:59pm AEST Sunday 4 August "
     "2027.", D(2027, 8, 4), False, False,
     "Send your CV and a statement (max. 2 pages) to\njobs@example.org.au by 11:59pm AEST Sunday 4 "
     "August 2027"),
]


@pytest.mark.parametrize(("text", "date", "rolling", "inferred", "evidence"), DEADLINES,
                         ids=[row[4][:40] for row in DEADLINES])
def test_deadline(text: str, date: dt.date, rolling: bool, inferred: bool, evidence: str) -> None:
    """Should find the date next to a deadline cue, with its phrase as evidence."""
    deadline = deadline_of(text)
    assert deadline is not None
    assert (deadline.date, deadline.rolling, deadline.inferred_year, deadline.text) == (
        date, rolling, inferred, evidence)


@pytest.mark.parametrize(("text", "evidence"), [
    ("Applications are accepted on a rolling basis.", "Applications are accepted on a rolling basis"),
    ("This position is open until filled.", "open until filled"),
    ("We will accept applications until the position is filled.", "until the position is filled"),
    ("Applications will be reviewed as they are received.",
     "Applications will be reviewed as they are received"),
    ("We review applications on a rolling basis.", "review applications on a rolling basis"),
])
def test_rolling_without_date(text: str, evidence: str) -> None:
    """Should report a rolling deadline with no date when none is given."""
    deadline = deadline_of(text)
    assert deadline is not None
    assert (deadline.date, deadline.rolling, deadline.text) == (None, True, evidence)


@pytest.mark.parametrize("text", [
    "Start date: May 3, 2027",
    "Posted: November 2, 2026",
    "Founded on June 1, 2011, we organize tenants.",
    "Duration: through May 28, 2027",
    "Status: Temporary through November 3, 2027",
    "Join our info session on March 3, 2027.",
    "Our office is closed between December 24 and January 1 annually.",
    "We aim to win the campaign by the end of 2025.",
    "Interviews will be held on January 12, 2027.",
])
def test_not_deadlines(text: str) -> None:
    """Should not take start, posting, event or term-end dates as the application deadline."""
    assert deadline_of(text) is None


def test_deadline_under_deadline_heading() -> None:
    """Should take a bare date under a deadline heading."""
    deadline = deadline_of("Deadline\n\nJanuary 5, 2027\n")
    assert deadline is not None
    assert (deadline.date, deadline.text, deadline.start_line) == (D(2027, 1, 5), "January 5, 2027", 3)


@pytest.mark.parametrize(("text", "date", "evidence"), [
    ("Apply by January 24, 2025, for an anticipated start date of April 1, 2025.", D(2025, 4, 1),
     "start date of April 1, 2025"),
    ("* Start: February 1, 2027\n* Duration: through May 28, 2027", D(2027, 2, 1), "Start: February 1, 2027"),
    ("The fellowship will begin on September 8, 2027.", D(2027, 9, 8), "begin on September 8, 2027"),
    ("Fellowship start date: January 4, 2027", D(2027, 1, 4), "start date: January 4, 2027"),
    ("Position starts Monday, January 4th.", D(2027, 1, 4), "starts Monday, January 4th"),
])
def test_start_date(text: str, date: dt.date, evidence: str) -> None:
    """Should find the date after a start cue."""
    doc = Document(text)
    start = find_start_date(doc, [], TODAY)
    assert start is not None
    assert (start.value, start.text) == (date, evidence)
    assert_evidence(doc, start)


@pytest.mark.parametrize("text", [
    "Start: ASAP",
    "The position is available immediately.",
    "Apply by January 24, 2025.",
    "Interviews begin January 10, 2027.",
])
def test_no_start_date(text: str) -> None:
    """Should find no start date without a dated start cue."""
    assert find_start_date(Document(text), [], TODAY) is None


def test_sample_deadline_with_rolling_review() -> None:
    """Should combine a dated deadline with rolling review stated in another sentence."""
    doc = sample("local-progress-organizing-director")
    deadline = find_deadline(doc, [], TODAY)
    assert deadline is not None
    assert (deadline.date, deadline.rolling, deadline.inferred_year) == (D(2025, 1, 24), True, False)
    assert (deadline.text, deadline.start_line) == ("apply by January 24, 2025", 38)
    start = find_start_date(doc, [], TODAY)
    assert start is not None
    assert start.value == D(2025, 4, 1)


def test_sample_deadline_year_from_elsewhere() -> None:
    """Should date "now through November 3rd" with the year the posting gives that date elsewhere."""
    doc = sample("peoples-action-movement-politics-deputy-organizer")
    deadline = find_deadline(doc, [], TODAY)
    assert deadline is not None
    assert (deadline.date, deadline.inferred_year) == (D(2020, 11, 3), True)
    assert (deadline.text, deadline.start_line) == ("now through November 3rd", 3)


def test_sample_deadline_year_from_weekday() -> None:
    """Should infer the year of a weekday-dated deadline as the latest matching year."""
    doc = sample("pop-pasadena-organizer")
    deadline = find_deadline(doc, [], TODAY)
    assert deadline is not None
    assert (deadline.date, deadline.inferred_year, deadline.start_line) == (D(2024, 2, 13), True, 96)
    assert "by Tuesday, February 13th" in deadline.text
    assert_evidence(doc, deadline)


def test_sample_without_deadline() -> None:
    """Should find no deadline in a sample that states none."""
    assert find_deadline(sample("local-progress-membership-organizer"), [], TODAY) is None


@pytest.mark.parametrize(("heading", "expected"), [("Timeline", D(2027, 1, 5)), ("About us", None)])
def test_bare_date_under_timeline_section(heading: str, expected: dt.date | None) -> None:
    """Should take a bare date as the deadline under a timeline section, and only there."""
    doc = Document("Key dates for this search:\nJanuary 5, 2027")
    deadline = find_deadline(doc, [Section(heading=heading, start_line=1, end_line=2)], TODAY)
    assert (deadline.date if deadline else None) == expected


# --- front matter and the posting's own date ---------------------------------------------------------

def _front_doc(lines: str) -> tuple[Document, FrontMatter]:
    text = f"+++\n{lines}\n+++\nWe are hiring an organizer.\n"
    return Document(text), read_front_matter(text)


@pytest.mark.parametrize(("front_lines", "expected", "inferred"), [
    ('closing_date = "November 8, 2022"', dt.date(2022, 11, 8), False),
    ('sort_date = "2023-02-01"\nclosing_date = "March 3"', dt.date(2023, 3, 3), True),
    ('date = 2021-12-18\ndeadline = "January 10"', dt.date(2022, 1, 10), True),
    ('deadline = "2024-05-01"', dt.date(2024, 5, 1), False),
])
def test_front_matter_deadline(front_lines: str, expected: dt.date, inferred: bool) -> None:
    """Should read the front-matter closing date, a missing year taken from the posting's own date."""
    doc, front = _front_doc(front_lines)
    posted = find_posted_date(doc, front, TODAY)
    deadline = find_deadline(doc, [], TODAY, front=front, posted=posted.value if posted else None)
    assert deadline is not None
    assert (deadline.date, deadline.inferred_year) == (expected, inferred)
    assert_evidence(doc, deadline)


@pytest.mark.parametrize(("text", "posted", "deadline"), [
    ("From: Hiring <jobs@example.org>\nSent: Thursday, May 2, 2024 8:15 AM\nSubject: Organizer\n\n"
     "Applications are open until 5/31 or until filled.\n", dt.date(2024, 5, 2), dt.date(2024, 5, 31)),
    ("#opportunities · Monday, March 4th, 2024\n\nwe're hiring a digital organizer!!\n"
     "apply by EOD 3/15 👉 https://example.org/join\n", dt.date(2024, 3, 4), dt.date(2024, 3, 15)),
])
def test_a_message_date_anchors_a_bare_month_and_day(text: str, posted: dt.date, deadline: dt.date) -> None:
    """Should take an email's "Sent:" date or a chat header's date as the posting's, and read "until 5/31"
    / "by EOD 3/15" as the deadline in that year."""
    doc = Document(text)
    found = find_posted_date(doc, FrontMatter(), TODAY)
    assert found is not None and found.value == posted
    closing = find_deadline(doc, [], TODAY, posted=found.value)
    assert closing is not None and (closing.date, closing.inferred_year) == (deadline, True)


def test_the_first_date_of_a_range_takes_the_year_of_the_last() -> None:
    """Should read "December 1 - March 5, 2025" as December 1, 2024 to March 5, 2025."""
    dates = find_dates(Document("Dates: December 1 - March 5, 2025"), TODAY)
    assert [d.date for d in dates] == [dt.date(2024, 12, 1), dt.date(2025, 3, 5)]


def test_a_fraction_is_no_date() -> None:
    """Should not read "3/4 time" or "50/50" as dates, nor a bare "1/2" after a word that closes nothing."""
    assert find_dates(Document("We split it 50/50, work 3/4 time and cut costs by half (1/2)."), TODAY) == []


def test_front_matter_deadline_beats_the_body() -> None:
    """Should prefer the board's structured closing date over a date in the body."""
    text = '+++\nclosing_date = "April 11, 2022"\n+++\nApply by March 1, 2022.\n'
    deadline = find_deadline(Document(text), [], TODAY, front=read_front_matter(text))
    assert deadline is not None and deadline.date == dt.date(2022, 4, 11)


def test_dash_closing_date_is_not_stated() -> None:
    """Should read "-" as no closing date, leaving the body to say whether one exists."""
    doc, front = _front_doc('closing_date = "-"')
    assert find_deadline(doc, [], TODAY, front=front) is None


@pytest.mark.parametrize(("month", "day", "posted", "expected"), [
    (3, 3, dt.date(2023, 2, 1), dt.date(2023, 3, 3)),
    (1, 10, dt.date(2021, 12, 18), dt.date(2022, 1, 10)),
    (12, 20, dt.date(2021, 12, 18), dt.date(2021, 12, 20)),
])
def test_year_from_the_posting_date(month: int, day: int, posted: dt.date, expected: dt.date) -> None:
    """Should give a yearless date the first such date on or after the posting's own date."""
    assert infer_year(month, day, TODAY, posted=posted) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("### Closing date\nmidnight 22nd November 2020\n", dt.date(2020, 11, 22)),
    ("Applications are due by 5 p.m. ET on March 3, 2025.", dt.date(2025, 3, 3)),
    ("Applications close 4:00 p.m. Pacific Time, Friday, January 10, 2025.", dt.date(2025, 1, 10)),
    ("Closing date: 5pm AEST Monday 3 March 2025", dt.date(2025, 3, 3)),
    ("Apply by 11:59 p.m. Eastern Standard Time on February 2, 2026.", dt.date(2026, 2, 2)),
    ("Please apply by COB Thursday, June 6, 2024.", dt.date(2024, 6, 6)),
    ("Closing date: 12 noon, Friday 16 May 2025", dt.date(2025, 5, 16)),
    ("Apply by close of business on March 3, 2025.", dt.date(2025, 3, 3)),
    ("Apply by August 15, 2025: https://example.org/apply", dt.date(2025, 8, 15)),
])
def test_time_of_day_before_the_date(text: str, expected: dt.date) -> None:
    """Should read past a time of day between the cue and the date."""
    deadline = find_deadline(Document(text), [], TODAY)
    assert deadline is not None and deadline.date == expected


def test_end_of_the_job_is_not_the_deadline() -> None:
    """Should not read "the position will run through February 26th" as an application deadline."""
    text = "We want full-time applicants for this position which will run through February 26th, 2027."
    assert find_deadline(Document(text), [], TODAY) is None


@pytest.mark.parametrize("value", ["Rolling", "Open until filled", "ongoing"])
def test_rolling_front_matter_closing_date(value: str) -> None:
    """Should read a front-matter closing date such as "Rolling" as a rolling review with no date."""
    doc, front = _front_doc(f'closing_date = "{value}"')
    deadline = find_deadline(doc, [], TODAY, front=front)
    assert deadline is not None and deadline.rolling and deadline.date is None
    assert_evidence(doc, deadline)


def test_start_of_a_stated_period() -> None:
    """Should take the start of a period of work written as a range when no start cue is given."""
    doc = Document("The position is a temporary contract from February 1st, 2022 to November 30th, 2022.")
    start = find_start_date(doc, [], TODAY)
    assert start is not None and start.value == dt.date(2022, 2, 1)
    assert_evidence(doc, start)
