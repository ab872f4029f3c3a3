"""Requirements: minimum years of experience, languages, travel, driver's licence."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Fact, Section


def find_min_years_experience(doc: Document, sections: list[Section]) -> Fact[int] | None:
    return None  # PLACEHOLDER: being written


def find_languages(doc: Document, sections: list[Section]) -> list[Fact[str]]:
    return []  # PLACEHOLDER: being written


def find_travel(doc: Document, sections: list[Section]) -> Fact[str] | None:
    return None  # PLACEHOLDER: being written


def find_drivers_license(doc: Document, sections: list[Section]) -> Fact[bool] | None:
    return None  # PLACEHOLDER: being written
