"""The role's title and the hiring organization."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Fact, Section


def find_title(doc: Document, sections: list[Section], source_name: str) -> Fact[str] | None:
    return None  # PLACEHOLDER: being written


def find_organization(doc: Document, sections: list[Section], title: Fact[str] | None) -> Fact[str] | None:
    return None  # PLACEHOLDER: being written
