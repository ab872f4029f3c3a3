"""Tiny PDF writer for tests: one page, Helvetica, one text line per `Tj`, a correct xref table."""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str]) -> bytes:
    """A valid single-page PDF whose text layer holds `lines` (text encodable in cp1252), one per line."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj")
        ops.append("T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        _stream(stream),
    ])


def pdf_without_text() -> bytes:
    """A valid one-page PDF that only paints a rectangle: no text operators at all, like a scan."""
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
        _stream(b"0.2 0.4 0.6 rg 72 72 468 648 re f"),
    ])


def _stream(data: bytes) -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"


def pdf_document(objects: list[bytes]) -> bytes:
    """A PDF file of numbered `objects` (object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def pdf_with_lone_surrogate() -> bytes:
    """A PDF whose font's ToUnicode map sends "A" to U+D800, half a surrogate pair no encoder accepts."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Custom def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"1 beginbfchar <41> <D800> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    text = b"BT /F1 11 Tf 50 780 Td (Field Organizer A) Tj ET"
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        _stream(text),
        _stream(cmap),
    ])


def pdf_bomb(pages: int = 20, inflated: int = 70_000_000) -> bytes:
    """A small PDF whose `pages` pages share one Flate stream that inflates to `inflated` bytes."""
    import zlib

    packed = zlib.compress(b" " * inflated, 9)
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages)).encode()
    content = 3 + pages
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents "
          + str(content).encode() + b" 0 R >>" for _ in range(pages)],
        b"<< /Length " + str(len(packed)).encode() + b" /Filter /FlateDecode >>\nstream\n" + packed
        + b"\nendstream",
    ])


def pdf_with_huge_startxref() -> bytes:
    """A PDF whose `startxref` offset has 20 digits (pypdf overflows seeking to it)."""
    data = make_pdf(["Field Organizer"])
    head, _, _ = data.rpartition(b"startxref\n")
    return head + b"startxref\n" + b"9" * 20 + b"\n%%EOF\n"
