"""Pay: ranges, hourly/weekly/monthly/yearly figures, "k" notation, and pay stated only in words."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Salary, Section


def find_salary(doc: Document, sections: list[Section], hours_per_week: float | None) -> Salary | None:
    """The role's own pay (never a stipend, a minimum-wage campaign or a retirement match)."""
    return None  # PLACEHOLDER: being written
