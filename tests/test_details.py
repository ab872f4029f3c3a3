"""Benefits and the reporting line."""

from __future__ import annotations

import pytest
from extract_support import assert_evidence, sample

from knowledge.document import Document
from knowledge.extract.details import find_benefits, find_reports_to
from knowledge.models import Section


def test_sample_benefit_bullets() -> None:
    """Should list every bullet under a Benefits heading, one fact per line."""
    doc = sample("jobs-to-move-america-california-senior-organizer")
    facts = find_benefits(doc, [])
    assert [f.start_line for f in facts] == list(range(52, 63))
    assert facts[0].value == "Employers pay 100% of medical, dental, and vision premium"
    for fact in facts:
        assert_evidence(doc, fact)


def test_sample_compensation_bullets_skip_pay() -> None:
    """Should list Compensation bullets but leave out the pay itself."""
    doc = sample("pop-pasadena-organizer")
    assert [f.value for f in find_benefits(doc, [])] == [
        "Cellular phone service and data plan reimbursement",
        "Mileage reimbursement",
        "Vacation and comp time as approved by the Executive Committee of the Board",
        "Medical benefits – TBD",
    ]


def test_sample_benefits_sentence_split() -> None:
    """Should split a "benefits package, including ..." sentence into its items."""
    doc = sample("local-progress-organizing-director")
    facts = find_benefits(doc, [])
    assert [f.value for f in facts] == [
        "health insurance", "dental insurance", "vision insurance", "five weeks of vacation per year",
        "20 sick days per year", "paid holidays", "contributions to individuals’ 403(b) plans",
    ]
    for fact in facts:
        assert fact.start_line == 35
        assert_evidence(doc, fact)


def test_benefits_from_given_sections() -> None:
    """Should use the section bounds it is given when a heading names benefits."""
    doc = Document("Intro\nPerks\n- Free lunch\nSomething else\n- Not a perk")
    sections = [Section(heading="Intro", start_line=1, end_line=1),
                Section(heading="Perks", start_line=2, end_line=5)]
    assert [f.value for f in find_benefits(doc, sections)] == ["Free lunch", "Not a perk"]


@pytest.mark.parametrize(("text", "items"), [
    ("Benefits:\n- Health, dental and vision insurance\n- 401(k) with 4% match\n- Competitive salary\n\n"
     "About us\n- We rock.", ["Health, dental and vision insurance", "401(k) with 4% match"]),
    ("We offer a benefits package that includes medical, dental and vision coverage, 15 days of PTO, and a "
     "retirement plan.", ["medical", "dental and vision coverage", "15 days of PTO", "a retirement plan"]),
    ("Benefits: health insurance; paid family leave; cell phone stipend",
     ["health insurance", "paid family leave", "cell phone stipend"]),
    ("Compensation\nThe salary is $60,000. Full health benefits and four weeks of vacation are provided.",
     ["Full health benefits and four weeks of vacation are provided."]),
    ("What We Offer\n\n* Fully paid health insurance\n* Sabbatical after five years\n\n"
     "How to apply\n* Email us",
     ["Fully paid health insurance", "Sabbatical after five years"]),
])
def test_benefit_snippets(text: str, items: list[str]) -> None:
    """Should list benefit items from bullets, lists and sentences."""
    doc = Document(text)
    facts = find_benefits(doc, [])
    assert [f.value for f in facts] == items
    for fact in facts:
        assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "Responsibilities\n- Organize tenants\n- Write reports",
    "We fight for health insurance for all.",
])
def test_no_benefits(text: str) -> None:
    """Should list nothing when no benefits are offered."""
    assert find_benefits(Document(text), []) == []


@pytest.mark.parametrize(("stem", "value", "line"), [
    ("local-progress-membership-organizer", "Deputy Organizing Director", 9),
    ("local-progress-organizing-director", "Managing Director, Membership & Organizing", 9),
    ("pop-pasadena-organizer", "Executive Committee of the Board of Directors", 25),
])
def test_sample_reports_to(stem: str, value: str, line: int) -> None:
    """Should name whom each sample's role reports to."""
    doc = sample(stem)
    fact = find_reports_to(doc, [])
    assert fact is not None
    assert (fact.value, fact.start_line) == (value, line)
    assert_evidence(doc, fact)


@pytest.mark.parametrize(("text", "value"), [
    ("Reports to: Field Director", "Field Director"),
    ("This position reports directly to the Executive Director.", "Executive Director"),
    ("The Organizer is supervised by the Campaign Manager and works with the team.", "Campaign Manager"),
    ("The Associate will report to the Director of Policy, who leads our team.", "Director of Policy"),
    ("- Prepare monthly reports to the Board.\nReporting to: Chief of Staff", "Chief of Staff"),
    ("RESPONSIBLE TO: Health Center Manager", "Health Center Manager"),
    ("The organiser is line managed by the Campaigns Coordinator.", "Campaigns Coordinator"),
    ("This role will report into the Director of Member Giving and manage two officers.",
     "Director of Member Giving"),
])
def test_reports_to_snippets(text: str, value: str) -> None:
    """Should read the reporting line from labels and sentences."""
    doc = Document(text)
    fact = find_reports_to(doc, [])
    assert fact is not None
    assert fact.value == value
    assert_evidence(doc, fact)


@pytest.mark.parametrize("text", [
    "Prepare monthly reports to the Board of Directors.",
    "Submit reports to funders on time.",
    "Make reports to the Board of Directors, as needed",
    "Our Salesforce instance is managed by the IT Team.",
])
def test_reports_as_a_duty(text: str) -> None:
    """Should not read writing reports for someone as reporting to them."""
    assert find_reports_to(Document(text), []) is None


def test_a_wrapped_benefit_bullet_keeps_its_rest() -> None:
    """Should quote a benefit bullet with its wrapped line, whatever marker the pasted text uses."""
    text = "BENEFITS\n\no Health insurance for staff and\n  dependents\no A retirement plan\n"
    doc = Document(text)
    benefits = find_benefits(doc, [])
    assert [b.value for b in benefits] == ["Health insurance for staff and\n  dependents",
                                           "A retirement plan"]
    for benefit in benefits:
        assert_evidence(doc, benefit)
