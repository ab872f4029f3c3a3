"""Employment types and weekly hours: what the role is, not what the organization's other staff are."""

from __future__ import annotations

import datetime as dt

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.employment import (
    find_employment_terms,
    find_employment_types,
    find_hours,
    find_hours_range,
)
from knowledge.extract.terms import find_end_date
from knowledge.frontmatter import read_front_matter
from knowledge.models import EmploymentType

FT, PT = EmploymentType.FULL_TIME, EmploymentType.PART_TIME
TEMP, CONTRACT = EmploymentType.TEMPORARY, EmploymentType.CONTRACT
INTERN, FELLOW = EmploymentType.INTERNSHIP, EmploymentType.FELLOWSHIP


def types_of(text: str) -> list[EmploymentType]:
    doc = Document(text)
    facts = find_employment_types(doc, [])
    for fact in facts:
        assert_evidence(doc, fact)
    return [fact.value for fact in facts]


@pytest.mark.parametrize(("text", "expected"), [
    ("This position is part time for 25 hours a week on a fixed schedule.", [PT]),
    ("    Status: Temporary through November 3rd 2020", [TEMP]),
    ("Job type: Full-Time", [FT]),
    ("Schedule: FT", [FT]),
    ("Type: PT", [PT]),
    ("We are hiring an independent contractor to lead outreach.", [CONTRACT]),
    ("Contract position (1099), about 10 hours per week", [CONTRACT]),
    ("The Housing Justice Fellowship is a one-year, full-time fellowship.", [FELLOW, FT]),
    ("This is a paid internship for the summer.", [INTERN]),
    ("Communications Intern (Part-Time)", [INTERN, PT]),
    ("This is a temporary, full-time position running from February through June.", [TEMP, FT]),
    ("A **temporary, seasonal** position monitoring water quality.", [TEMP]),
    ("Digital Organizer (6-Month Contract)", [CONTRACT]),
    ("Albuquerque, NM  |  Hybrid  |  Full Time", [FT]),
    ("| Type | Internship, part-time |", [INTERN, PT]),
    ("We're hiring a full-time organizer to join our team.", [FT]),
    ("- Temporary: June 3 - August 30, 2027\n- Full-time: Monday-Friday", [TEMP, FT]),
])
def test_types(text: str, expected: list[EmploymentType]) -> None:
    """Should find each employment type the role is described with, in text order."""
    assert types_of(text) == expected


@pytest.mark.parametrize("text", [
    "We have a full-time staff of 12 and dozens of volunteers.",
    "You will work with our interns and volunteers.",
    "Supervise an intern during the summer.",
    "Lead contract negotiations with the city.",
    "Our members won a minimum wage law for city contractors.",
    "We help families apply for Temporary Protected Status.",
    "Supervise two part-time organizers and up to 60 seasonal canvassers.",
    "Temporary staff are not eligible for our retirement plan.",
    "Lead a seasonal canvass team in the fall.",
    "Phone banks run 6-9pm PT on weekdays.",
    "Ability to lift 50 lbs and climb a 6 ft ladder.",
    "Meet with fellow organizers across the state.",
    "Contract: Permanent",
])
def test_not_the_role(text: str) -> None:
    """Should not take other people's jobs, contracts or statuses as the role's type."""
    assert types_of(text) == []


def test_type_evidence_keeps_hours() -> None:
    """Should quote a following "for 25 hours a week" with the type it qualifies."""
    doc = Document("- This position is part time for 25 hours a week on a fixed schedule: evenings and some "
                   "weekends, with phone banks across several time zones.")
    facts = find_employment_types(doc, [])
    assert [(f.value, f.text) for f in facts] == [(PT, "part time for 25 hours a week")]


@pytest.mark.parametrize(("text", "expected", "evidence"), [
    ("This position is part time for 25 hours a week.", 25, "25 hours a week"),
    ("Pay: $18/hr, 25 hours/week", 25, "25 hours/week"),
    ("Schedule: 20-25 hrs/wk, flexible", 20, "20-25 hrs/wk"),
    ("About 10 to 15 hours per week for 12 weeks", 10, "10 to 15 hours per week"),
    ("Full-time, 40 hours/week", 40, "40 hours/week"),
    ("A 32-hour work week with full benefits", 32, "32-hour work week"),
    ("A part-time position of 20 hrs/week.", 20, "20 hrs/week"),
    ("Hours: 24 hours weekly", 24, "24 hours weekly"),
])
def test_hours(text: str, expected: float, evidence: str) -> None:
    """Should read hours per week, taking the lower end of a range."""
    doc = Document(text)
    hours = find_hours(doc, [])
    assert hours is not None
    assert (hours.value, hours.text) == (expected, evidence)
    assert_evidence(doc, hours)


@pytest.mark.parametrize("text", [
    "We operate on a four day workweek, Monday through Thursday.",
    "This is a full-time position.",
    "15 days of paid time off and 40 hours of sick leave per year.",
    "Ability to walk for several hours in changing weather.",
    "Shifts run 6-9PM ET Mon-Fri.",
])
def test_no_hours(text: str) -> None:
    """Should find no weekly hours where none are stated."""
    assert find_hours(Document(text), []) is None


def test_sample_part_time_temporary_with_hours() -> None:
    """Should find temporary and part-time (most specific first) with their evidence, and 25 hours."""
    doc = sample("peoples-action-movement-politics-deputy-organizer")
    facts = find_employment_types(doc, [])
    assert [(f.value, f.text, f.start_line) for f in facts] == [
        (TEMP, "Status: Temporary through November 3rd 2020", 30),
        (PT, "part time for 25 hours a week", 22)]
    hours = find_hours(doc, [])
    assert hours is not None
    assert (hours.value, hours.start_line) == (25, 22)


@pytest.mark.parametrize("stem", [
    "local-progress-organizing-director",
    "local-progress-membership-organizer",
    "pop-pasadena-organizer",
])
def test_samples_without_type_or_hours(stem: str) -> None:
    """Should find no type and no hours in samples that state neither (a four-day week is not hours)."""
    doc = sample(stem)
    assert (find_employment_types(doc, []), find_hours(doc, [])) == ([], None)


# --- labelled lists, precedence and implied types -----------------------------------------------------

SEASONAL, VOLUNTEER, PER_DIEM = EmploymentType.SEASONAL, EmploymentType.VOLUNTEER, EmploymentType.PER_DIEM


@pytest.mark.parametrize(("items", "expected"), [
    ('["Full Time","Part Time","Temporary"]', [TEMP, PT, FT]),
    ('["Paid Internship"]', [INTERN]),
    ('["Consultant","Part Time"]', [CONTRACT, PT]),
    ('["Paid Fellowship","Paid Internship"]', [FELLOW, INTERN]),
    ('["Full Time","Part Time"]', []),
    ('["Seasonal"]', [TEMP, SEASONAL]),
    ('["Volunteer"]', [VOLUNTEER]),
    ('["Per Diem"]', [PER_DIEM]),
])
def test_front_matter_type_list(items: str, expected: list[EmploymentType]) -> None:
    """Should read a board's type list, most specific first; full- and part-time alone fix no type."""
    text = f"+++\na_job_type = {items}\n+++\nWe are hiring a full-time organizer.\n"
    doc = Document(text)
    facts = find_employment_types(doc, [], front=read_front_matter(text))
    assert [f.value for f in facts] == expected
    for fact in facts:
        assert_evidence(doc, fact)


@pytest.mark.parametrize(("text", "expected"), [
    ("A highly competitive campaign seeks full-time Field Organizers to join our team.", [FT]),
    ("Prior campaign experience as an intern or volunteer preferred.", []),
    ("Previous campaign experience as a staffer, intern or volunteer is helpful but not required.", []),
    ("Open to staff with less than one (1) year of full-time paid experience.", []),
    ("We're seeking a fixed-term Elections Assistant.", [TEMP]),
    ("We are offering an initial 1 year contract with optional renewal.", [CONTRACT]),
    ("The position is a limited duration assignment.", [TEMP]),
    ("A full-time, salaried position that will last for the duration of the election.", [TEMP, FT]),
    ("The county party is hiring Field Organizers for the 2024 general election. Full-time.", [TEMP, FT]),
    ("This is both a full-time and a part-time role.", []),
    ("Positions available: Part Time.\n\nFull Time positions for those who succeed in the part time role.",
     [PT]),
])
def test_body_type_rules(text: str, expected: list[EmploymentType]) -> None:
    """Should read the role's type from the body by general rules."""
    assert types_of(text) == expected


def test_stated_end_or_short_hours_imply_a_type() -> None:
    """Should call a role with a stated end temporary and one of fewer than 30 hours a week part-time."""
    doc = Document("Hours: 22.5 hours per week.\nThe role runs through June 30, 2025.")
    hours = find_hours_range(doc, [])
    end = find_end_date(doc, [], dt.date(2026, 11, 23))
    facts = find_employment_types(doc, [], hours=hours, limited=end)
    assert [f.value for f in facts] == [TEMP, PT]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Flexible, 8-10 hours/week.", 8, 10),
    ("Full Time (40 hour week) Equivalent.\nHours: Part-time (20-24 hours per week)", 20, 24),
    ("We anticipate 16-26 hours a week.", 16, 26),
])
def test_hours_range(text: str, low: float, high: float) -> None:
    """Should read weekly hours as a range, an "Hours:" line first."""
    hours = find_hours_range(Document(text), [])
    assert hours is not None and (hours.min, hours.max) == (low, high)


def test_pro_rata_days_are_part_time() -> None:
    """Should read pay "pro rata for 3 days a week" as a part-time role."""
    assert types_of("£18,000 - £20,000pa pro rata for 3 days a week") == [PT]


@pytest.mark.parametrize("text", [
    "Medical Assistant - Full-Time and Part-Time hours available Monday to Friday.",
    "Position type: Full time or part time\n\nWe run two clinics.",
])
def test_full_and_part_time_together_are_offered_as_either(text: str) -> None:
    """Should fix no type when both are offered, and keep both, with evidence, as what the role may be."""
    doc = Document(text)
    terms = find_employment_terms(doc, [])
    assert terms.types == []
    assert [f.value for f in terms.either] == [FT, PT]
    for fact in terms.either:
        assert_evidence(doc, fact)


@pytest.mark.parametrize(("title", "expected"), [
    ("Spring Internship Opportunity", [INTERN, FT]),
    ("Digital Organizing Fellow", [FELLOW, FT]),
    ("Fellowship Program Manager", [FT]),  # a staff role over the fellows
    ("Senior Fellow", [FT]),  # a rank, not a fellowship
])
def test_a_title_adds_an_internship_or_fellowship_the_tags_leave_out(
        title: str, expected: list[EmploymentType]) -> None:
    text = f'+++\ntitle = "{title}"\na_job_type = ["Full Time"]\n+++\n\nJoin our team.\n'
    doc, front = Document(text), read_front_matter(text)
    title_fact = doc.fact(title, text.index(title), text.index(title) + len(title))
    assert [f.value for f in find_employment_types(doc, [], front=front, title=title_fact)] == expected
