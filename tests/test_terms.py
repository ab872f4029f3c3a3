"""Terms and schedule: end date, duration and when the work happens, each with exact evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_support import assert_evidence

from knowledge.document import Document
from knowledge.extract.terms import find_duration, find_end_date, find_schedule

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("text", "expected"), [
    ("The position is a temporary contract from February 15th, 2022 to August 15th, 2022.",
     dt.date(2022, 8, 15)),
    ("This is a contract through 12/31/2024.", dt.date(2024, 12, 31)),
    ("Targeted start date of January 3rd, 2027 and an end date of July 2nd, 2027.", dt.date(2027, 7, 2)),
    ("The position will run through February 26th, 2027, longer if there is a runoff.", dt.date(2027, 2, 26)),
    ("The fellowship ends on June 30, 2025.", dt.date(2025, 6, 30)),
    # no years, read in November: the end follows the start
    ("The organizer starts on December 7th, and the end date is May 20th.", dt.date(2027, 5, 20)),
    ("The field season has a start date of February 1st and an end date of October 4th.",
     dt.date(2027, 10, 4)),
    ("DATES: ASAP through Election Day, November 5, 2024", dt.date(2024, 11, 5)),
    ("Organizers build the volunteer program through Election Day, November 3, 2026.", dt.date(2026, 11, 3)),
    ("We work through Election Day, November 5, 2024. End date: November 8, 2024.", dt.date(2024, 11, 8)),
    # the year of a yearless end comes from the start written before it, not from today
    ("A full-time campaign job from June 2024 through November 5.", dt.date(2024, 11, 5)),
    ("This role runs from December 2024 until March 1.", dt.date(2025, 3, 1)),
    ("Term: start as soon as possible, through November 5, 2024.", dt.date(2024, 11, 5)),
    # a range's first date takes the year of its last
    ("Dates: September 16 – November 5, 2024", dt.date(2024, 11, 5)),
    ("Dates: December 1 - March 5, 2025", dt.date(2025, 3, 5)),
    # a consultancy's work to be done by a date
    ("We seek a consultant to map county budgets. This project should be completed by August 29,\n2025.",
     dt.date(2025, 8, 29)),
])
def test_end_date(text: str, expected: dt.date) -> None:
    """Should find when the engagement ends, citing the words that say so."""
    doc = Document(text)
    end = find_end_date(doc, [], TODAY)
    assert end is not None and end.value == expected
    assert_evidence(doc, end)


@pytest.mark.parametrize("text", [
    "Applications are due by March 1, 2025.",
    "Apply by January 5, 2025 to start February 1, 2025.",
    "We were founded on May 4, 1999.",
    "Applications are accepted from May 2024 through June 30, 2024.",
    "Applications must be completed by March 1, 2025.",
])
def test_no_end_date(text: str) -> None:
    """Should not read a deadline, a start date or history as the end of the engagement."""
    assert find_end_date(Document(text), [], TODAY) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("This is a 3 week contract.", "3 weeks"),
    ("Join our 10-week program this summer.", "10 weeks"),
    ("Digital Organizer (6-Month Contract)", "6 months"),
    ("Tenure: Fixed term for 6 months with the potential to extend", "6 months"),
    ("Over the course of six weeks, interns will lead a project.", "6 weeks"),
    ("We are offering an initial 1 year contract with optional renewal.", "1 year"),
])
def test_duration(text: str, expected: str) -> None:
    """Should read a stated length of the engagement and normalise it."""
    doc = Document(text)
    duration = find_duration(doc, [])
    assert duration is not None and duration.value == expected
    assert_evidence(doc, duration)


@pytest.mark.parametrize("text", [
    "At least 5 years of experience organizing.",
    "She has worked for 10 years in the labor movement.",
    "In her first two-year term, the mayor raised wages.",
    "We have been organizing for 20 years.",
])
def test_no_duration(text: str) -> None:
    """Should not read experience, history or someone else's term as the job's length."""
    assert find_duration(Document(text), []) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Nurses work 2 shifts per week.", ["2 shifts per week"]),
    ("Per diem: 3 shifts per month, scheduled in advance.", ["3 shifts per month"]),
    ("Hours are Monday-Friday, 1pm - 5pm.", ["Monday-Friday", "1pm - 5pm"]),
    ("We ask for at least 4 days a week.", ["at least 4 days a week"]),
    ("Open 9:00 a.m. to 5:00 p.m., Monday through Thursday.",
     ["9:00 a.m. to 5:00 p.m.", "Monday through Thursday"]),
    ("Some evening and weekend shifts are required.", ["weekend shifts"]),
])
def test_schedule(text: str, expected: list[str]) -> None:
    """Should list shifts, days per week, weekday spans and working hours as stated, in text order."""
    doc = Document(text)
    schedule = find_schedule(doc, [])
    assert [fact.value for fact in schedule] == expected
    for fact in schedule:
        assert_evidence(doc, fact)


def test_no_schedule_in_plain_prose() -> None:
    """Should find no schedule in text that states none."""
    assert find_schedule(Document("We organize tenants across the city. Pay is $20 per hour."), []) == []
