"""Field extraction: one module per family of fields, each a set of general rules over a `Document`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.document import Document
from knowledge.extract import apply, dates, details, employment, identity, location, pay, requirements, terms
from knowledge.frontmatter import FrontMatter
from knowledge.models import Section


def extract_fields(doc: Document, sections: list[Section], *, source_name: str, today: dt.date,
                   front: FrontMatter | None = None) -> dict[str, Any]:
    """Every field of a `Posting` that comes from its text, keyed by the model's field names.

    `front` is the posting's front matter (its entries' offsets are into `doc.text`).
    """
    front = front or FrontMatter()
    title = identity.find_title(doc, sections, source_name)
    hours_range = employment.find_hours_range(doc, sections)
    hours = employment.sure_hours(hours_range)
    posted = dates.find_posted(doc, front)
    classified = dates.classified_dates(doc, sections, today, posted=posted)
    end_date = terms.find_end_date(doc, sections, today, dates=classified)
    duration = terms.find_duration(doc, sections, body_start=front.body_start)
    place = location.find_location(doc, sections, front=front)
    places = location.find_places(doc, place, front=front)
    return {
        "title": title,
        "organization": identity.find_organization(doc, sections, title),
        "location": place,
        "places": places,
        "remote": location.find_remote(doc, sections, front=front),
        "salary": pay.find_salary(doc, sections, hours.value if hours else None, front=front,
                                  currency=location.local_currency(doc, places)),
        "deadline": dates.find_deadline(doc, sections, today, front=front, posted=posted,
                                       dates=classified),
        "start_date": dates.find_start_date(doc, sections, today, dates=classified),
        "employment_types": employment.find_employment_types(doc, sections, front=front, hours=hours_range,
                                                             limited=end_date or duration),
        "hours_per_week": hours,
        "hours": hours_range,
        "end_date": end_date,
        "duration": duration,
        "schedule": terms.find_schedule(doc, sections, body_start=front.body_start),
        "min_years_experience": requirements.find_min_years_experience(doc, sections),
        "languages": requirements.find_languages(doc, sections, body_start=front.body_start),
        "travel": requirements.find_travel(doc, sections),
        "drivers_license": requirements.find_drivers_license(doc, sections),
        "apply": apply.find_apply(doc, sections),
        "benefits": details.find_benefits(doc, sections),
        "reports_to": details.find_reports_to(doc, sections),
    }
