"""Varied postings written for the Discord tests (plain text, the way organizations post them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

_ROLES = ["Field Organizer", "Data Coordinator", "Communications Associate", "Finance Manager",
          "Youth Program Lead", "Policy Analyst", "Canvass Director", "Volunteer Coordinator",
          "Grants Writer", "Operations Assistant", "Digital Strategist", "Member Services Rep"]
_ORGS = ["Harbor Renters League", "Valley Water Watch", "North Shore Food Bank", "Prairie Voters Fund",
         "Summit Youth Alliance", "Delta Workers Council", "Canyon Arts Network"]
_PLACES = ["Tucson, AZ", "Albany, NY", "Boise, ID", "Duluth, MN", "Macon, GA", "Eugene, OR", "Remote"]


def posting_text(title: str, organization: str, *, place: str, pay: str, deadline: dt.date,
                 extra: str = "") -> str:
    """One posting with a title, organization, location, pay, deadline and how to apply."""
    remote = "This is a fully remote position." if place == "Remote" else f"This role is based in {place}."
    return (
        f"{organization}\n\n{title}\n\n"
        f"About {organization}\n{organization} is a member-led nonprofit. {extra}\n\n"
        f"Location: {place}\n{remote}\n\n"
        f"Responsibilities\n  • Plan and run campaigns with members\n  • Keep records up to date\n\n"
        f"Compensation\nSalary: {pay} per year, with health insurance and paid time off.\n\n"
        f"How to apply\nEmail a resume to jobs@example.org by {deadline:%B %-d, %Y}.\n"
    )


def write_many(directory: Path, count: int, *, today: dt.date) -> list[Path]:
    """`count` distinct postings in `directory` (pay, places and deadlines vary)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        title = f"{_ROLES[i % len(_ROLES)]} {i + 1}"
        organization = _ORGS[i % len(_ORGS)]
        pay = f"${40_000 + 2_500 * (i % 17):,}"
        text = posting_text(title, organization, place=_PLACES[i % len(_PLACES)], pay=pay,
                            deadline=today + dt.timedelta(days=5 + 3 * (i % 20)))
        path = directory / f"{organization.lower().replace(' ', '-')}-{i + 1}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
