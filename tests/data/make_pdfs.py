"""Render tests/data/pdf_sources/<name>.txt to tests/data/postings/<name>.pdf (run after editing a source).

    /work/venv/bin/python tests/data/make_pdfs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent
sys.path.insert(0, str(DATA.parent))

from pdf_fixture import make_pdf  # noqa: E402


def render_all(sources: Path = DATA / "pdf_sources", out: Path = DATA / "postings") -> list[Path]:
    """Write one PDF per source text file; returns the paths written."""
    written = []
    for source in sorted(sources.glob("*.txt")):
        target = out / f"{source.stem}.pdf"
        target.write_bytes(make_pdf(source.read_text(encoding="utf-8").splitlines()))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in render_all():
        print(path.relative_to(DATA))
