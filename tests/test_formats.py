"""Posting files -> (format, text): format detection, decoding, HTML and PDF text, refusals."""

from __future__ import annotations

import codecs
import io

import pytest
from pdf_fixture import make_pdf
from pypdf import PdfReader, PdfWriter

from knowledge.errors import PostingError
from knowledge.formats import to_text
from knowledge.htmltext import html_to_text

LIMITS = {"max_bytes": 1_000_000, "max_lines": 5_000}
CP1252_TEXT = "Promotora de Salud \u2013 env\u00ede su r\u00e9sum\u00e9 \u2019hoy\u2019"
POSTING = "Field Organizer\r\nRiverside Tenants Union\r\n\r\n- Knock doors\r\n"


def convert(name: str, data: bytes) -> tuple[str, str]:
    return to_text(name, data, **LIMITS)


def refusal(name: str, data: bytes, **limits: int) -> str:
    with pytest.raises(PostingError) as caught:
        to_text(name, data, **{**LIMITS, **limits})
    return str(caught.value)


def pdf_pages(*pages: list[str]) -> bytes:
    writer = PdfWriter()
    for lines in pages:
        writer.append(PdfReader(io.BytesIO(make_pdf(lines))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "fmt"), [
    ("a.txt", "text"), ("a.text", "text"), ("A.TXT", "text"), ("a.md", "markdown"),
    ("a.markdown", "markdown"), ("a.html", "html"), ("a.htm", "html"), ("a.HTML", "html"),
])
def test_format_comes_from_the_extension(name: str, fmt: str) -> None:
    """Should take the format from the file extension, whatever its case."""
    assert convert(name, b"<p>Organizer</p>\n")[0] == fmt


@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("posting", make_pdf(["Organizer"]), "pdf"),
    ("posting.dat", b"<!DOCTYPE html><html><body><p>Organizer</p></body></html>", "html"),
    ("posting", b"<!-- saved page -->\n<html><p>Organizer</p></html>", "html"),
    ("posting", b"<div><h1>Organizer</h1><p>a</p><p>b</p><ul><li>c</li></ul></div>", "html"),
    ("posting", b"Organizer\nUse <b> sparingly in emails.\n", "text"),
    ("posting.txt", make_pdf(["Organizer"]), "pdf"),
])
def test_format_is_sniffed_when_the_extension_does_not_say(name: str, data: bytes, fmt: str) -> None:
    """Should recognise PDF by its magic bytes and HTML by its markup when the extension is missing or odd."""
    assert convert(name, data)[0] == fmt


@pytest.mark.parametrize(("data", "text"), [
    (POSTING.encode(), POSTING.replace("\r\n", "\n")),
    (b"a\rb\r\nc\n", "a\nb\nc\n"),
    ("  Pay:\t$20/hr \u00a0 \n\n\n- item  ".encode(), "  Pay:\t$20/hr \u00a0 \n\n\n- item  "),
    (codecs.BOM_UTF8 + "Caf\u00e9 \u2014 Organizer".encode(), "Caf\u00e9 \u2014 Organizer"),
    (codecs.BOM_UTF16_LE + "Caf\u00e9\r\nOrganizer".encode("utf-16-le"), "Caf\u00e9\nOrganizer"),
    (codecs.BOM_UTF16_BE + "Caf\u00e9\r\nOrganizer".encode("utf-16-be"), "Caf\u00e9\nOrganizer"),
    (CP1252_TEXT.encode("cp1252"), CP1252_TEXT),
])
def test_text_is_the_decoded_file_with_only_line_endings_normalised(data: bytes, text: str) -> None:
    """Should return text exactly as decoded (UTF-8, UTF-16 with BOM, Windows-1252) with "\\n" line ends."""
    assert convert("posting.md", data)[1] == text


@pytest.mark.parametrize(("name", "data", "limits", "fragment"), [
    ("a.txt", b"", {}, "empty"),
    ("a.md", b" \n\t\r\n \x0b\x0c ", {}, "whitespace"),
    ("a.txt", codecs.BOM_UTF8 + b"  \n ", {}, "whitespace"),
    ("a.txt", b"x" * 2_001, {"max_bytes": 2_000}, "2,001 bytes, over the 2,000-byte limit"),
    ("a.txt", b"Organizer\x00\x00\x01binary", {}, "binary"),
    ("a.txt", bytes(range(1, 32)) * 20, {}, "binary"),
    ("a.txt", bytes(range(0x80, 0x100)) * 4, {}, "not valid UTF-8"),
    ("a.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", {}, "not valid UTF-16"),
    ("a.txt", b"line\n" * 11, {"max_lines": 10}, "11 lines, over the limit of 10 lines"),
    ("a.html", b"<html><head><script>x()</script></head><body> </body></html>", {}, "no readable text"),
    ("a.pdf", make_pdf([]), {}, "no text layer"),
    ("a.pdf", make_pdf(["Organizer"])[:150], {}, "damaged"),
    ("a.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, {}, "damaged"),
    ("a.pdf", b"Organizer, not a PDF at all", {}, "damaged"),
])
def test_unreadable_files_are_refused_with_one_sentence(
        name: str, data: bytes, limits: dict[str, int], fragment: str) -> None:
    """Should refuse empty, oversized, binary, undecodable, text-less and overlong files in one sentence."""
    message = refusal(name, data, **limits)
    assert fragment in message
    assert "\n" not in message
    assert message.endswith(".")


def test_encrypted_pdf_is_refused() -> None:
    """Should refuse an encrypted PDF, saying so."""
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(["Secret Organizer"]))))
    writer.encrypt("password", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "encrypted" in refusal("a.pdf", out.getvalue())


def test_pdf_text_layer_is_extracted_line_by_line() -> None:
    """Should return a PDF's text layer, one line per text line, for the fixture's PDFs."""
    lines = ["Field Organizer", "Pay: $20/hr (40 hours/week)", "Caf\u00e9 \u2014 What You\u2019ll Do"]
    assert convert("posting.pdf", make_pdf(lines)) == ("pdf", "\n".join(lines))


def test_pdf_pages_are_joined_with_newlines() -> None:
    """Should join the text of several pages with newlines, in page order."""
    data = pdf_pages(["Organizer", "Page one"], ["Page two"])
    assert convert("posting.pdf", data)[1] == "Organizer\nPage one\nPage two"


@pytest.mark.parametrize(("html", "text"), [
    ("<p>Hello</p><script>alert('x')</script><style>p{}</style><noscript>js</noscript>"
     "<template><p>t</p></template>", "Hello"),
    ("<html><head><title>Careers | Org</title><meta charset=utf-8></head><body><p>Body</p></body></html>",
     "Body"),
    ("<head><title>Site</title><p>Unclosed head, body text</p>", "Unclosed head, body text"),
    ("<p>Pay &amp; benefits &mdash; &#36;20&#x2F;hr &nbsp;now</p>", "Pay & benefits — $20/hr now"),
    ("<p>  many \n  spaces\tand\nbreaks  </p>", "many spaces and breaks"),
    ("<p>One<br>Two<br/>Three</p>", "One\nTwo\nThree"),
    ("<h2>Duties</h2><ul><li>Knock <b>doors</b></li><li><p>Train captains</p></li></ul>",
     "Duties\n\n- Knock doors\n- Train captains"),
    ("<ol><li>First<ul><li>Nested</li></ul></li><li>Second</li></ol>", "- First\n- Nested\n- Second"),
    ("<p>Intro</p><h3>Pay</h3><p>$20/hr</p>", "Intro\n\nPay\n\n$20/hr"),
    ("<table><tr><th>Salary</th><td>$50,000</td></tr><tr><td>a</td><td>b</td></tr></table>",
     "Salary: $50,000\na b"),
    ("<div>Line <span>one</span></div><div>Line two</div>", "Line one\nLine two"),
    ("<p>a < b and c > d</p><p>x<y", "a < b and c > d\n\nx<y"),
    ("<!-- hidden <p>old</p> -->\n<p>Shown</p><!-- unterminated <p>gone</p>", "Shown"),
    ("<p>Unclosed <b>bold <i>italic</p><p>Next", "Unclosed bold italic\n\nNext"),
    ("<pre>keep\n  indent</pre>", "keep\n  indent"),
    ("<p>zero\u200bwidth</p>", "zerowidth"),
    # elements styled apart are read apart: a label span then its value span
    ("<div><span>Application Deadline</span><span>Jan 5, 2025</span></div>",
     "Application Deadline Jan 5, 2025"),
    ("<p><b>Salary</b>$50,000</p><p>Hel<span>lo</span> there</p>", "Salary $50,000\n\nHello there"),
    # a dropped menu's list leaves no bullet on the heading after it
    ("<header><div>Org</div><nav><ul><li><a href='/a'>About</a></li></ul></nav></header>"
     "<main><h1>Advice Worker</h1><p>Hours: 21 a week</p><p>Apply by email to the hub.</p></main>",
     "Org\n\nAdvice Worker\n\nHours: 21 a week\n\nApply by email to the hub."),
])
def test_html_becomes_readable_text(html: str, text: str) -> None:
    """Should drop scripts, styles and head, break lines at blocks, bullet list items, unescape entities."""
    assert html_to_text(html) == text


def test_deeply_nested_html_keeps_its_text() -> None:
    """Should read 10,000 nested elements without recursion errors and keep the innermost text."""
    html = "<div><section>" * 5_000 + "<p>Deep text</p>" + "</section></div>" * 5_000
    assert convert("a.html", html.encode())[1] == "Deep text"


@pytest.mark.parametrize("html", [
    "<div " * 20_000,
    "<" * 50_000 + "<p>Organizer</p>",
    "<!--" * 20_000,
    '<a title="' * 20_000,
    "<p><b><i>x</p></i></b>" * 5_000,
])
def test_malformed_html_is_read_without_failing(html: str) -> None:
    """Should read unterminated tags, stray "<", open comments and misnested tags as text or markup."""
    text = html_to_text(html)
    assert "<p>" not in text and "<b>" not in text
