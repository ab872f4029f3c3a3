"""Location as stated, and remote / hybrid / onsite status."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import Fact, RemoteStatus, Section


def find_location(doc: Document, sections: list[Section]) -> Fact[str] | None:
    return None  # PLACEHOLDER: being written


def find_remote(doc: Document, sections: list[Section]) -> Fact[RemoteStatus] | None:
    return None  # PLACEHOLDER: being written
