"""Hand-built postings for the answering tests: each field given with its evidence, located in the text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.document import Document
from knowledge.models import (
    Deadline,
    EmploymentType,
    Fact,
    HowToApply,
    PayPeriod,
    Posting,
    RemoteStatus,
    Salary,
    Section,
    Span,
)
from knowledge.structure import find_passages, find_sections


class Builder:
    """Locates evidence strings in a posting's text and turns them into spans."""

    def __init__(self, text: str) -> None:
        self.doc = Document(text)

    def span(self, evidence: str) -> Span:
        start = self.doc.text.index(evidence)
        return self.doc.span(start, start + len(evidence))

    def fact(self, value: Any, evidence: str) -> Fact[Any]:
        span = self.span(evidence)
        return Fact[Any](value=value, text=span.text, start_line=span.start_line, end_line=span.end_line)


def make_posting(pid: str, text: str, *, title: str | None = None, organization: str | None = None,
                 location: str | None = None, remote: tuple[RemoteStatus, str] | None = None,
                 pay: dict[str, Any] | None = None, deadline: dict[str, Any] | None = None,
                 types: list[tuple[EmploymentType, str]] | None = None,
                 hours: tuple[float, str] | None = None,
                 years: tuple[int, str] | None = None, languages: list[tuple[str, str]] | None = None,
                 travel: str | None = None, licence: tuple[bool, str] | None = None,
                 apply: dict[str, Any] | None = None, benefits: list[str] | None = None,
                 reports_to: tuple[str, str] | None = None) -> Posting:
    """A posting over `text`; every string argument naming evidence must occur in `text`."""
    b = Builder(text)
    sections: list[Section] = find_sections(b.doc)
    fields: dict[str, Any] = {
        "title": b.fact(title, title) if title else None,
        "organization": b.fact(organization, organization) if organization else None,
        "location": b.fact(location, location) if location else None,
        "remote": b.fact(remote[0], remote[1]) if remote else None,
        "employment_types": [b.fact(t, e) for t, e in types or []],
        "hours_per_week": b.fact(hours[0], hours[1]) if hours else None,
        "min_years_experience": b.fact(years[0], years[1]) if years else None,
        "languages": [b.fact(v, e) for v, e in languages or []],
        "travel": b.fact(travel, travel) if travel else None,
        "drivers_license": b.fact(licence[0], licence[1]) if licence else None,
        "benefits": [b.fact(v, v) for v in benefits or []],
        "reports_to": b.fact(reports_to[0], reports_to[1]) if reports_to else None,
    }
    if pay is not None:
        pay = dict(pay)
        span = b.span(pay.pop("text"))
        if "period" in pay and pay["period"] is not None:
            pay["period"] = PayPeriod(pay["period"])
        fields["salary"] = Salary(text=span.text, start_line=span.start_line, end_line=span.end_line, **pay)
    if deadline is not None:
        deadline = dict(deadline)
        span = b.span(deadline.pop("text"))
        fields["deadline"] = Deadline(text=span.text, start_line=span.start_line, end_line=span.end_line,
                                      **deadline)
    if apply is not None:
        apply = dict(apply)
        span = b.span(apply.pop("text"))
        fields["apply"] = HowToApply(text=span.text, start_line=span.start_line, end_line=span.end_line,
                                     **apply)
    return Posting(id=pid, source=f"{pid}.txt", format="text", content_hash=pid, text=text,
                   sections=sections, passages=find_passages(b.doc, sections, pid, max_passages=1000),
                   **fields)


TODAY = dt.date(2026, 11, 23)

HOURLY = make_posting(
    "tide-pool-canvasser",
    "Canvasser\nTide Pool Action Fund\n\nLocation: Eugene, Oregon (in person)\n\nAbout the job\n"
    "Knock doors with neighbours about clean water.\n\nPay\nPay: $21/hour, 25 hours/week\n"
    "Monthly $50 phone stipend\n\n"
    "How to apply\nSend a resume to jobs@tidepool.example by December 4, 2026.\n",
    title="Canvasser", organization="Tide Pool Action Fund", location="Eugene, Oregon",
    remote=(RemoteStatus.ONSITE, "in person"),
    pay={"text": "$21/hour, 25 hours/week", "min": 21, "max": 21, "period": "hour", "currency": "USD",
         "hours_per_week": 25, "annual_min": 27300, "annual_max": 27300},
    deadline={"text": "by December 4, 2026", "date": dt.date(2026, 12, 4)},
    types=[(EmploymentType.PART_TIME, "25 hours/week")], hours=(25, "25 hours/week"),
    apply={"text": "Send a resume to jobs@tidepool.example", "email": "jobs@tidepool.example"},
)

WORDS_PAY = make_posting(
    "quarry-hill-policy-lead",
    "Policy Lead\nQuarry Hill Housing Alliance (QHHA)\n\nLocation: Remote, U.S.\n\nCompensation\n"
    "Competitive salary, commensurate with experience.\nA $75 monthly work-from-home stipend.\n\n"
    "Requirements\nAt least five years of housing policy experience.\nFluent in Spanish and English.\n"
    "Travel up to four days a month.\n\nTimeline\nApply by Friday, January 9 via our portal.\n"
    "Reports to the Executive Director.\n",
    title="Policy Lead", organization="Quarry Hill Housing Alliance", location="Remote, U.S.",
    remote=(RemoteStatus.REMOTE, "Remote, U.S."),
    pay={"text": "Competitive salary, commensurate with experience."},
    deadline={"text": "Apply by Friday, January 9", "date": dt.date(2027, 1, 9), "inferred_year": True},
    years=(5, "At least five years of housing policy experience."),
    languages=[("Spanish", "Fluent in Spanish"), ("English", "English.")],
    travel="Travel up to four days a month.",
    reports_to=("the Executive Director", "the Executive Director"),
    types=[(EmploymentType.FULL_TIME, "Policy Lead")],
)

CLOSED = make_posting(
    "saltmarsh-legal-fellow",
    "Legal Fellow\nSaltmarsh Justice Center\n\nBased in Savannah, GA. Hybrid: two days in the office.\n\n"
    "Salary\n$4,000 a month for the two-year fellowship.\n\nBenefits\nHealth and dental insurance\n"
    "Twenty days of paid vacation\n\n"
    "Deadline\nApplications closed October 1, 2025; we review on a rolling basis.\n",
    title="Legal Fellow", organization="Saltmarsh Justice Center", location="Savannah, GA",
    remote=(RemoteStatus.HYBRID, "Hybrid: two days in the office."),
    pay={"text": "$4,000 a month", "min": 4000, "max": 4000, "period": "month", "currency": "USD",
         "annual_min": 48000, "annual_max": 48000},
    deadline={"text": "Applications closed October 1, 2025", "date": dt.date(2025, 10, 1), "rolling": True},
    types=[(EmploymentType.FELLOWSHIP, "two-year fellowship")],
    benefits=["Health and dental insurance", "Twenty days of paid vacation"],
)

ROLLING = make_posting(
    "ember-valley-data-analyst",
    "Data Analyst\nEmber Valley Voter League\n\n"
    "Location: Fresno, California. Remote-friendly hybrid role.\n\n"
    "Pay\n$68,000 - $74,000 per year.\n\n"
    "Apply\nApplications are reviewed on a rolling basis until filled.\n"
    "Apply at https://embervalley.example/jobs\n\n"
    "The role\nBuild dashboards in SQL and Python for canvass data.\n",
    title="Data Analyst", organization="Ember Valley Voter League", location="Fresno, California",
    remote=(RemoteStatus.HYBRID, "Remote-friendly hybrid role."),
    pay={"text": "$68,000 - $74,000 per year", "min": 68000, "max": 74000, "period": "year",
         "currency": "USD", "annual_min": 68000, "annual_max": 74000},
    deadline={"text": "Applications are reviewed on a rolling basis until filled.", "rolling": True},
    types=[(EmploymentType.FULL_TIME, "Data Analyst")],
    apply={"text": "Apply at https://embervalley.example/jobs", "url": "https://embervalley.example/jobs"},
)

NO_DETAILS = make_posting(
    "lantern-books-volunteer",
    "Volunteer Shelver\nLantern Community Books\n\nHelp us shelve donated books on Saturdays.\n"
    "Email us if you are interested.\n",
    title="Volunteer Shelver", organization="Lantern Community Books",
    apply={"text": "Email us if you are interested.", "address_missing": True},
)

POSTINGS = [HOURLY, WORDS_PAY, CLOSED, ROLLING, NO_DETAILS]
