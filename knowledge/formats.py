"""Posting files -> text: plain text, Markdown, HTML (scripts and styles dropped), PDF (text layer).

Plain text and Markdown come back exactly as decoded, with only line endings normalised to "\\n", so
evidence quoted from them is an exact substring of the file. HTML and PDF come back as readable text;
an HTML page's JobPosting JSON-LD follows its text as a section of its own (`knowledge.jsonld`).
"""

from __future__ import annotations

import codecs
import io
import re
from pathlib import PurePath

from knowledge.errors import PostingError
from knowledge.htmltext import read_html
from knowledge.jsonld import render_section
from knowledge.models import SourceFormat

_EXTENSIONS: dict[str, SourceFormat] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".pdf": "pdf",
}
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*<\?xml[^<>]*>")


def to_text(name: str, data: bytes, *, max_bytes: int, max_lines: int) -> tuple[SourceFormat, str]:
    """Decode a posting file into (format, text).

    Raises `PostingError` for empty, binary, undecodable or oversized files, PDFs without a text layer,
    and files with more than `max_lines` lines.
    """
    if len(data) > max_bytes:
        raise PostingError(f"The file is {len(data):,} bytes, over the {max_bytes:,}-byte limit.")
    if not data.strip():
        raise PostingError("The file is empty or holds only whitespace.")
    fmt = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if data.lstrip()[:5] == b"%PDF-" or fmt == "pdf":
        text = _pdf_text(data)
        fmt = "pdf"
    else:
        text = _decode(data)
        if fmt is None:
            fmt = "html" if _looks_like_html(text) else "text"
        if fmt == "html":
            page = read_html(text)
            text = "\n\n".join(part for part in (page.text, render_section(page.json_ld)) if part)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        if fmt == "html":
            raise PostingError("The HTML file holds no readable text, only markup.")
        raise PostingError("The file is empty or holds only whitespace.")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > max_lines:
        raise PostingError(f"The file has {lines:,} lines, over the limit of {max_lines:,} lines.")
    return fmt, text


def _decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (BOM optional), UTF-16/32 with a BOM, else Windows-1252 if it reads sensibly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_not_binary(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise PostingError(f"The file starts with a {encoding.upper()} byte-order mark but is not "
                                   f"valid {encoding.upper()} text.") from exc
    if b"\x00" in data:
        raise PostingError("The file looks binary (it contains NUL bytes), not a text posting.")
    try:
        return _check_not_binary(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _is_sensible(text):
        return _check_not_binary(text)
    raise PostingError("The file is not valid UTF-8 or UTF-16 text and does not read as Windows-1252 either.")


def _check_not_binary(text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 20):
        raise PostingError("The file looks binary (it is mostly control characters), not a text posting.")
    return text


def _is_sensible(text: str) -> bool:
    """Whether a Windows-1252 reading looks like prose: mostly ASCII, as Western text in that encoding is."""
    ascii_printable = sum(1 for ch in text if " " <= ch <= "~" or ch in "\n\r\t")
    return ascii_printable >= 0.7 * len(text)


def _looks_like_html(text: str) -> bool:
    if _HTML_START.match(_skip_prologue(text)):
        return True
    head = text[:20_000]
    tags = len(_TAG.findall(head))
    return tags >= 5 and tags * 40 >= len(head.split("\n"))


def _skip_prologue(text: str) -> str:
    """Text after a leading XML declaration, comments and whitespace (found with str.find: linear)."""
    pos = m.end() if (m := _PROLOGUE.match(text)) else 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith("<!--", pos):
            return text[pos:]
        end = text.find("-->", pos + 4)
        if end < 0:
            return ""
        pos = end + 3


def _pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages joined by newlines."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PostingError("The PDF is encrypted, so its text cannot be read.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PostingError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, AssertionError, ZeroDivisionError) as exc:
        raise PostingError("The PDF is damaged or not a PDF, so its text cannot be read.") from exc
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise PostingError("The PDF has no text layer (it may be a scanned image), so it cannot be read.")
    return text
