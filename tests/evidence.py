"""Checks that a parsed posting's evidence is real: every span is exact text found at its stated lines."""

from __future__ import annotations

from collections.abc import Iterator

from knowledge.models import Posting, Span
from knowledge.structure import FRONT_MATTER_HEADING

_FENCES = ("+++", "---")


def spans_of(posting: Posting) -> Iterator[tuple[str, Span]]:
    """Every evidence span on a posting (facts, salary, deadline, how to apply), with its field name."""
    for name in type(posting).model_fields:
        value = getattr(posting, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, Span):
                yield (f"{name}[{index}]" if isinstance(value, list) else name), item


def span_problem(lines: list[str], text: str, start: int, end: int) -> str | None:
    """Why `text` is not exactly the text of lines start..end (1-based, inclusive), or None if it is."""
    if not 1 <= start <= end <= len(lines):
        return f"line span {start}-{end} is outside 1-{len(lines)}"
    if not text.strip():
        return "text is empty"
    if text not in "\n".join(lines[start - 1:end]):
        return f"{text!r} is not in lines {start}-{end}"
    if text.count("\n") != end - start:
        return f"{text!r} covers {text.count(chr(10)) + 1} lines, not {start}-{end}"
    return None


def evidence_problems(posting: Posting) -> list[str]:
    """Every span, section heading and passage that does not quote the posting's text where it says."""
    lines = posting.lines
    problems = []
    for name, span in spans_of(posting):
        problem = span_problem(lines, span.text, span.start_line, span.end_line)
        if problem:
            problems.append(f"{name}: {problem}")
    for section in posting.sections:
        if not 1 <= section.start_line <= section.end_line <= len(lines):
            problems.append(f"section {section.heading!r}: lines {section.start_line}-{section.end_line} "
                            f"outside 1-{len(lines)}")
        elif section.heading == FRONT_MATTER_HEADING and lines[section.start_line - 1].strip() in _FENCES:
            continue  # front matter is cited under a heading of its own, opened by its fence
        elif section.heading not in lines[section.start_line - 1]:
            problems.append(f"section {section.heading!r} is not on its line {section.start_line}")
    for passage in posting.passages:
        problem = span_problem(lines, passage.text, passage.start_line, passage.end_line)
        if problem:
            problems.append(f"passage {passage.index}: {problem}")
    return problems
