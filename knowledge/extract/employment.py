"""Employment types (full-time, part-time, ...) and weekly hours."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import EmploymentType, Fact, Section


def find_employment_types(doc: Document, sections: list[Section]) -> list[Fact[EmploymentType]]:
    return []  # PLACEHOLDER: being written


def find_hours(doc: Document, sections: list[Section]) -> Fact[float] | None:
    return None  # PLACEHOLDER: being written
