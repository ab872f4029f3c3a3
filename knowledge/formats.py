"""Posting files -> text: plain text, Markdown, HTML (scripts and styles dropped), PDF (text layer)."""

from __future__ import annotations

from knowledge.models import SourceFormat


def to_text(name: str, data: bytes, *, max_bytes: int, max_lines: int) -> tuple[SourceFormat, str]:
    """Decode a posting file. Raises `PostingError` for empty, binary, undecodable or oversized files."""
    return "text", data.decode("utf-8").replace("\r\n", "\n")  # PLACEHOLDER: being written
