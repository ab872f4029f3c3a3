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
from knowledge.models import Salary, Section


def extract_fields(doc: Document, sections: list[Section], *, source_name: str, today: dt.date,
                   front: FrontMatter | None = None) -> dict[str, Any]:
    """Every field of a `Posting` that comes from its text, keyed by the model's field names.

    `front` is the posting's front matter (its entries' offsets are into `doc.text`). The posting's own
    date is found first: dates written without a year are anchored to it.
    """
    front = front or FrontMatter()
    ld = read_job_posting(doc) or JobPostingFields()
    title = identity.usable_title(ld.title) or identity.find_title(doc, sections, source_name, front)
    hours_range = employment.find_hours_range(doc, sections)
    hours = employment.sure_hours(hours_range)
    posted_date = posted.find_posted_date(doc, front, today) or ld.posted_date
    on = posted_date.value if posted_date else None
    classified = dates.classified_dates(doc, sections, today, posted=on)
    end_date = terms.find_end_date(doc, sections, today, dates=classified)
    duration = terms.find_duration(doc, sections, body_start=front.body_start)
    deadline = dates.find_deadline(doc, sections, today, front=front, posted=on, dates=classified)
    if ld.deadline is not None and (deadline is None or (deadline.date is None and not deadline.rolling)):
        deadline = ld.deadline
    terms_of_work = employment.find_employment_terms(doc, sections, front=front, hours=hours_range,
                                                     limited=end_date or duration, title=title)
    place = ld.location or location.find_location(doc, sections, front=front)
    places = location.find_places(doc, place, front=front)
    return {
        "title": title,
        "organization": ld.organization or identity.find_organization(doc, sections, title, front),
        "location": place,
        "places": places,
        "remote": ld.remote or location.find_remote(doc, sections, front=front),
        "salary": _salary(doc, sections, ld.salary, hours.value if hours else None, front,
                          location.local_currency(doc, places)),
        "deadline": deadline,
        "start_date": dates.find_start_date(doc, sections, today, dates=classified),
        "posted_date": posted_date,
        "employment_types": ld.employment_types or terms_of_work.types,
        "employment_either": [] if ld.employment_types else terms_of_work.either,
        "hours_per_week": hours,
        "hours": hours_range,
        "end_date": end_date,
        "duration": duration,
        "schedule": terms.find_schedule(doc, sections, body_start=front.body_start),
        "min_years_experience": requirements.find_min_years_experience(doc, sections),
        "languages": requirements.find_languages(doc, sections, body_start=front.body_start),
        "travel": requirements.find_travel(doc, sections),
        "drivers_license": requirements.find_drivers_license(doc, sections),
        "apply": apply.find_apply(doc, sections, front) or ld.apply,
        "benefits": details.find_benefits(doc, sections, front),
        "reports_to": details.find_reports_to(doc, sections),
        "degree": details.find_degree(doc, front),
        "facts": details.find_labelled_facts(doc, front),
    }


def _salary(doc: Document, sections: list[Section], published: Salary | None, hours: float | None,
            front: FrontMatter, currency: str | None) -> Salary | None:
    """The pay: the JSON-LD figures when a page publishes them, cited where the page shows the same
    figures to readers, and annualised on the hours the posting states."""
    shown = pay.find_salary(doc, sections, hours, front=front, currency=currency)
    if published is None:
        return shown
    if shown is not None and (shown.min, shown.max, shown.period) == (published.min, published.max,
                                                                      published.period):
        return shown.model_copy(update={"currency": published.currency or shown.currency})
    return pay.with_hours(published, hours)
