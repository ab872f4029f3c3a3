"""A posting's structure: sections (heading + body) and passages (bullets / paragraphs)."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Passage, Section


def find_sections(doc: Document) -> list[Section]:
    return []  # PLACEHOLDER: being written


def find_passages(doc: Document, sections: list[Section], posting_id: str, *,
                  max_passages: int) -> list[Passage]:
    return []  # PLACEHOLDER: being written
