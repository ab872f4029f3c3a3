"""Benefits and the reporting line."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Fact, Section


def find_benefits(doc: Document, sections: list[Section]) -> list[Fact[str]]:
    return []  # PLACEHOLDER: being written


def find_reports_to(doc: Document, sections: list[Section]) -> Fact[str] | None:
    return None  # PLACEHOLDER: being written
