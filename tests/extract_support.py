"""Helpers shared by the field-extraction tests: build documents and check evidence spans."""

from __future__ import annotations

from pathlib import Path

from knowledge.document import Document
from knowledge.models import Span

POSTINGS = Path(__file__).resolve().parents[1] / "knowledge" / "postings"


def sample(stem: str) -> Document:
    """One of the bundled sample postings, by file stem."""
    return Document((POSTINGS / f"{stem}.txt").read_text(encoding="utf-8"))


def assert_evidence(doc: Document, span: Span) -> None:
    """The span's text must be an exact substring of its own lines."""
    assert 1 <= span.start_line <= span.end_line <= len(doc.lines)
    assert span.text
    assert span.text in "\n".join(doc.lines[span.start_line - 1:span.end_line])
