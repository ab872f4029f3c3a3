"""How to apply: email, URL, named portal, and instructions whose address is missing."""

from __future__ import annotations

from knowledge.document import Document
from knowledge.models import HowToApply, Section


def find_apply(doc: Document, sections: list[Section]) -> HowToApply | None:
    return None  # PLACEHOLDER: being written
