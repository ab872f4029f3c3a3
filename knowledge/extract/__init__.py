"""Field extraction: one module per family of fields, each a set of general rules over a `Document`.

Where a page publishes a schema.org JobPosting (`knowledge.jsonld`), its values are preferred: they are
what the publisher states for machines, typed and unambiguous. Dates are the exception: when the text a
reader sees states a deadline or posting date, that wins, because templated pages often leave the
metadata's dates stale while the visible text is updated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.document import Document
from knowledge.extract import (
    apply,
    dates,
    details,
    employment,
    identity,
    location,
    pay,
    posted,
    requirements,
    terms,
)
from knowledge.frontmatter import FrontMatter
from knowledge.jsonld import JobPostingFields, read_job_posting
from knowledge.models import Section


def extract_fields(doc: Document, sections: list[Section], *, source_name: str, today: dt.date,
                   front: FrontMatter | None = None) -> dict[str, Any]:
    """Every field of a `Posting` that comes from its text, keyed by the model's field names.

    `front` is the posting's front matter (its entries' offsets are into `doc.text`). The posting's own
    date is found first: dates written without a year are anchored to it.
    """
    front = front or FrontMatter()
    ld = read_job_posting(doc) or JobPostingFields()
    title = identity.usable_title(ld.title) or identity.find_title(doc, sections, source_name, front)
    hours = employment.find_hours(doc, sections)
    hours_range = employment.find_hours_range(doc, sections)
    posted_date = posted.find_posted_date(doc, front, today) or ld.posted_date
    on = posted_date.value if posted_date else None
    end_date = terms.find_end_date(doc, sections, today, posted=on)
    duration = terms.find_duration(doc, sections, body_start=front.body_start)
    deadline = dates.find_deadline(doc, sections, today, front=front, posted=on)
    if ld.deadline is not None and (deadline is None or (deadline.date is None and not deadline.rolling)):
        deadline = ld.deadline
    return {
        "title": title,
        "organization": ld.organization or identity.find_organization(doc, sections, title, front),
        "location": ld.location or location.find_location(doc, sections),
        "remote": ld.remote or location.find_remote(doc, sections),
        "salary": ld.salary or pay.find_salary(doc, sections, hours.value if hours else None),
        "deadline": deadline,
        "start_date": dates.find_start_date(doc, sections, today, posted=on),
        "posted_date": posted_date,
        "employment_types": ld.employment_types or employment.find_employment_types(
            doc, sections, front=front, hours=hours_range, limited=end_date or duration),
        "hours_per_week": hours,
        "hours": hours_range,
        "end_date": end_date,
        "duration": duration,
        "schedule": terms.find_schedule(doc, sections, body_start=front.body_start),
        "min_years_experience": requirements.find_min_years_experience(doc, sections),
        "languages": requirements.find_languages(doc, sections),
        "travel": requirements.find_travel(doc, sections),
        "drivers_license": requirements.find_drivers_license(doc, sections),
        "apply": apply.find_apply(doc, sections, front) or ld.apply,
        "benefits": details.find_benefits(doc, sections, front),
        "reports_to": details.find_reports_to(doc, sections),
        "degree": details.find_degree(doc, front),
        "facts": details.find_labelled_facts(doc, front),
    }
