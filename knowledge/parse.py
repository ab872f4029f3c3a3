"""Raw posting file -> `Posting`: decode the format, find structure, extract fields."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import PurePath

from pydantic import BaseModel

from knowledge.document import Document
from knowledge.extract import extract_fields
from knowledge.formats import to_text
from knowledge.frontmatter import FrontMatter, read_front_matter
from knowledge.models import Posting
from knowledge.structure import find_passages, find_sections


class ParseLimits(BaseModel):
    """Bounds that keep one hostile file from exhausting the bot."""

    max_bytes: int = 5_000_000
    max_lines: int = 50_000
    max_passages: int = 5_000


def posting_id(name: str) -> str:
    """A stable, URL-safe id from a file name: `POP Organizer.pdf` -> `pop-organizer`."""
    stem = PurePath(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return slug or "posting"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_posting(name: str, data: bytes, *, today: dt.date,
                  limits: ParseLimits | None = None) -> Posting:
    """Parse one posting file. `today` anchors years inferred for dates written without one.

    Raises `PostingError` with a one-sentence reason when the file cannot be a posting.
    """
    limits = limits or ParseLimits()
    fmt, text = to_text(name, data, max_bytes=limits.max_bytes, max_lines=limits.max_lines)
    doc = Document(text)
    pid = posting_id(name)
    front = read_front_matter(text) if fmt in ("text", "markdown") else FrontMatter()
    sections = find_sections(doc, front)
    passages = find_passages(doc, sections, pid, max_passages=limits.max_passages, front=front)
    fields = extract_fields(doc, sections, source_name=name, today=today, front=front)
    return Posting(id=pid, source=PurePath(name).name, format=fmt, content_hash=content_hash(data),
                   text=text, sections=sections, passages=passages, **fields)
