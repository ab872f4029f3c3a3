"""Small pure formatters shared by answers and job lists: pay, dates, names, citations."""

from __future__ import annotations

import datetime as dt
import re

from knowledge.models import Passage, PayPeriod, Posting, Salary, Span
from retrieval.models import Citation

__all__ = ["SNIPPET_CHARS", "cite", "cite_passage", "excerpt", "format_date", "format_money", "format_pay",
           "name_of", "trim"]

SNIPPET_CHARS = 300
_PERIOD_WORDS = {PayPeriod.YEAR: "a year", PayPeriod.MONTH: "a month", PayPeriod.WEEK: "a week"}
_BULLET = re.compile(r"^\s*(?:[-*•▪◦●·–—]+|\(?[a-z0-9]{1,2}[.)])\s+", re.I)
_SYMBOLS = {"USD": "$", "CAD": "CA$", "EUR": "€", "GBP": "£"}


def name_of(posting: Posting) -> str:
    """"Title (Organization)", or the title alone."""
    if posting.organization is not None and posting.organization.value not in posting.display_title:
        return f"{posting.display_title} ({posting.organization.value})"
    return posting.display_title


def format_money(value: float, currency: str | None = None) -> str:
    """$127,000 / $18 / $18.50."""
    symbol = _SYMBOLS.get((currency or "USD").upper(), f"{currency} ")
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{symbol}{text}"


def format_pay(salary: Salary) -> str:
    """"$127,000–$138,000 a year"; hourly pay with its hours and annual figure; "" without a figure."""
    if not salary.has_figure:
        return ""
    low, high = salary.min, salary.max
    if not low and not high:
        return f"{format_money(0, salary.currency)} (unpaid)"
    if low is not None and high is not None and high != low:
        amount = f"{format_money(low, salary.currency)}–{format_money(high, salary.currency)}"
    elif low is not None:
        amount = format_money(low, salary.currency)
    else:
        amount = f"up to {format_money(high or 0, salary.currency)}"
    # Say what the posting leaves out, so an assumption is never read as a stated figure.
    guess = " (period not stated)" if salary.period_inferred else ""
    if salary.period == PayPeriod.HOUR:
        text = f"{amount}/hour{guess}"
        if salary.hours_per_week and not salary.hours_assumed:
            text += f", {salary.hours_per_week:g} hours/week"
        annual = _annual(salary)
        if annual:
            text += f" ≈ {annual} a year"
            if salary.hours_assumed:
                text += f" if full-time ({salary.hours_per_week:g} hours/week; hours not stated)"
        return text
    text = f"{amount} {_PERIOD_WORDS.get(salary.period, '') if salary.period else ''}".strip() + guess
    if salary.period is None and amount in salary.text and salary.text.strip() != amount:
        text += f" (“{trim(salary.text, 60)}”)"  # a total or a period no field holds: "$2,400 biweekly"
    if salary.period in (PayPeriod.MONTH, PayPeriod.WEEK) and (annual := _annual(salary)):
        text += f" (≈ {annual} a year)"
    return text


def _annual(salary: Salary) -> str:
    low, high = salary.annual_min, salary.annual_max
    if low is not None and high is not None and round(low) != round(high):
        return f"{format_money(round(low), salary.currency)}–{format_money(round(high), salary.currency)}"
    value = low if low is not None else high
    return format_money(round(value), salary.currency) if value is not None else ""


def format_date(day: dt.date) -> str:
    """"February 13, 2024"."""
    return f"{day:%B} {day.day}, {day.year}"


def trim(text: str, limit: int = SNIPPET_CHARS) -> str:
    """`text` with whitespace collapsed, cut at a word boundary to at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _quote_lines(posting: Posting, span: Span) -> str:
    lines = posting.text.split("\n", span.end_line)[max(span.start_line, 1) - 1:span.end_line]
    return " ".join(_BULLET.sub("", line).strip() for line in lines if line.strip())


def cite(posting: Posting, span: Span) -> Citation:
    """A citation of `span` of `posting`: its full lines when short enough, else the evidence itself."""
    lines = _quote_lines(posting, span)
    if span.text in lines and len(lines) <= SNIPPET_CHARS:
        snippet = lines
    elif span.text in lines and len(span.text) < SNIPPET_CHARS // 2:
        snippet = _around(lines, lines.index(span.text), len(span.text))
    else:
        snippet = trim(span.text)
    return _citation(posting, span.start_line, span.end_line, snippet or trim(span.text))


def _around(text: str, start: int, length: int, limit: int = SNIPPET_CHARS) -> str:
    """About `limit` characters of `text` around [start, start + length), cut at word boundaries (room
    one side does not need goes to the other)."""
    room = max(limit - length, 0)
    before = min(room // 2, start)
    end = min(start + length + room - before, len(text))
    begin = max(start - (room - (end - start - length)), 0)
    if begin > 0 and " " in text[begin:start]:
        begin = text.index(" ", begin) + 1
    if end < len(text) and " " in text[start + length:end]:
        end = text.rindex(" ", start + length, end)
    return f"{'…' if begin > 0 else ''}{text[begin:end].strip()}{'…' if end < len(text) else ''}"


def excerpt(text: str, start: int, end: int, limit: int = 100) -> str:
    """About `limit` characters of `text` around text[start:end], cut at words (the cue in "… on a rolling
    basis until …" kept however far into a long line it is)."""
    return " ".join(_around(text, start, end - start, limit).split())


def cite_passage(posting: Posting, passage: Passage) -> Citation:
    """A citation of one retrieved passage."""
    return _citation(posting, passage.start_line, passage.end_line, trim(passage.text))


def _citation(posting: Posting, start: int, end: int, snippet: str) -> Citation:
    return Citation(posting_id=posting.id, source=posting.source, title=posting.display_title,
                    organization=posting.organization.value if posting.organization else None,
                    section=posting.section_at(start), start_line=start, end_line=end, snippet=snippet)
