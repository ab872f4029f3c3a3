"""Pay: a bound with its unit ("$20/hour or more", "over $60k", "six figures"), the pay period asked
("paid monthly", "per week", "hourly jobs") and the currency ("in GBP").

Amounts are read by the knowledge side's one money reader (`knowledge.extract.pay.read_amounts`).

- "which remote jobs pay $50 an hour or more?" -> at least 50 / hour
- "remote jobs where the salary range starts at $70k or more" -> at least 70,000 (unit by size), low end
- "anything under $20/hr?" -> at most 20 / hour;  "which postings pay per week" -> period week
"""

from __future__ import annotations

import re

from knowledge.extract.pay import read_amounts
from knowledge.models import PayPeriod
from retrieval.request import Mention, PayBound
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["read_currency", "read_money", "read_pay", "read_period"]

_AT_LEAST_BEFORE = re.compile(r"(?:over|above|more than|at least|min(?:imum)?(?: of)?|start(?:s|ing)? at|from"
                              r"|paying|pays?|>=?|≥)\s*(?:of\s*)?$", re.I)
_AT_MOST_BEFORE = re.compile(r"(?:under|below|less than|at most|up to|max(?:imum)?(?: of)?|no more than"
                             r"|<=?|≤)"
                             r"\s*(?:of\s*)?$", re.I)
_AT_LEAST_AFTER = re.compile(r"\s*(?:\+|or (?:more|higher|above|better|over)|and (?:up|above|over)|plus\b)",
                             re.I)
_AT_MOST_AFTER = re.compile(r"\s*(?:or (?:less|lower|below|under)|and (?:under|below))\b", re.I)
_LOW_END = re.compile(r"\b(?:start(?:s|ing)?(?: (?:at|from))?|min(?:imum)?|lowest|bottom|floor)\b"
                      r"(?:\s+\w+){0,3}?\s*(?:of\s*|at\s*|is\s*)?(?:at least\s*)?$", re.I)
"""Words saying the bound is on the low end of a range ("starts at", "starting salary of", "minimum")."""
_FIGURES = re.compile(r"\b(?P<n>five|six|seven|[5-7])[- ]figures?\b", re.I)
_FIGURE_AMOUNTS = {"five": 10_000.0, "six": 100_000.0, "seven": 1_000_000.0, "5": 10_000.0, "6": 100_000.0,
                   "7": 1_000_000.0}
_PERIOD_AFTER = re.compile(r"\s*(?:(?:a|an|per|/)\s*(?P<p>hour|hr|week|month|year)"
                           r"|(?P<adv>hourly|weekly|monthly|annually|yearly))\b", re.I)

_PERIODS: tuple[tuple[PayPeriod, re.Pattern[str]], ...] = tuple((p, re.compile(r, re.I)) for p, r in (
    (PayPeriod.HOUR, r"\bhourly\b|\b(?:per|an|by the|/) ?(?:hour|hr)\b"),
    (PayPeriod.WEEK, r"\bweekly\b|\b(?:per|a|by the|/) ?(?:week|wk)\b"),
    (PayPeriod.MONTH, r"\bmonthly\b|\b(?:per|a|by the|/) ?(?:month|mo)\b"),
    (PayPeriod.YEAR, r"\bannual(?:ly)?\b|\byearly\b|\b(?:per|a|by the|/) ?(?:year|yr|annum)\b"),
))
_CURRENCIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((c, re.compile(r, re.I)) for c, r in (
    ("GBP", r"\b(?:in )?(?:gbp|pounds(?: sterling)?|sterling)\b|£"),
    ("EUR", r"\b(?:in )?(?:eur|euros?)\b|€"),
    ("CAD", r"\b(?:in )?(?:cad|canadian dollars)\b"),
    ("AUD", r"\b(?:in )?(?:aud|australian dollars)\b"),
    ("USD", r"\b(?:in )?(?:usd|us dollars)\b"),
))
_WORD_PERIODS = {"hour": PayPeriod.HOUR, "hr": PayPeriod.HOUR, "hourly": PayPeriod.HOUR,
                 "week": PayPeriod.WEEK, "weekly": PayPeriod.WEEK, "month": PayPeriod.MONTH,
                 "monthly": PayPeriod.MONTH,
                 "year": PayPeriod.YEAR, "yearly": PayPeriod.YEAR, "annually": PayPeriod.YEAR}


def read_pay(ctx: Context) -> list[Mention]:
    """Pay bounds: an amount, the words that bound it, and its period when written."""
    text = ctx.text
    found: list[Mention] = []
    spans: list[tuple[int, int, float, PayPeriod | None, str | None]] = [
        (a.start, a.end, a.value, a.period, a.currency) for a in read_amounts(text)]
    spans += [(m.start(), m.end(), _FIGURE_AMOUNTS[m["n"].lower()], None, None)
              for m in _FIGURES.finditer(text)]
    spans += _bare_amounts(text, spans)
    for start, end, value, period, currency in spans:
        at_least, low_end = True, bool(_LOW_END.search(text, 0, start))
        before = _AT_LEAST_BEFORE.search(text, 0, start) or _AT_MOST_BEFORE.search(text, 0, start)
        if before is not None:
            at_least = before.re is _AT_LEAST_BEFORE
            start = before.start()
        after = _AT_LEAST_AFTER.match(text, end) or _AT_MOST_AFTER.match(text, end)
        if after is not None:
            at_least = after.re is _AT_LEAST_AFTER
            end = after.end()
        if period is None and (per := _PERIOD_AFTER.match(text, end)):
            period = _WORD_PERIODS[(per["p"] or per["adv"]).lower()]
            end = per.end()
        bound = PayBound(amount=value, period=period, currency=currency, at_least=at_least,
                         low_end=low_end and at_least)
        found.append(Mention(slot=Slot.PAY, start=start, end=end, value=bound))
    return found


_BARE = re.compile(r"(?<![\w$£€.,/:-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(?P<k>k)\b)?"
                   r"(?![\w.,:/-]\d)", re.I)
"""A figure written without a currency sign ("over 50k", "25 an hour", "at least 60,000")."""
_PLANS = frozenset({"401", "403", "457"})
"""Retirement plans named by number ("401k"), no sum of money."""


def _bare_amounts(text: str, taken: list[tuple[int, int, float, PayPeriod | None, str | None]]
                  ) -> list[tuple[int, int, float, PayPeriod | None, str | None]]:
    """Figures without a sign that can only be pay: "50k", "60,000", or a number with a pay period after it
    ("25 an hour"); never a bare count ("at least 3 years of experience", "2024")."""
    found: list[tuple[int, int, float, PayPeriod | None, str | None]] = []
    for match in _BARE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end, *_ in taken):
            continue
        value = float(match["n"].replace(",", ""))
        per = _PERIOD_AFTER.match(text, match.end())
        if match["k"]:
            if match["n"] in _PLANS:
                continue  # a 401k is a retirement plan
            value *= 1000
        elif "," not in match["n"] and per is None:
            continue
        period = _WORD_PERIODS[(per["p"] or per["adv"]).lower()] if per is not None else None
        found.append((match.start(), per.end() if per is not None else match.end(), value, period, None))
    return found


def read_period(ctx: Context) -> list[Mention]:
    """The pay period the question names ("hourly jobs", "paid by the month")."""
    return mentions_of(Slot.PERIOD, _PERIODS, ctx.text)


def read_currency(ctx: Context) -> list[Mention]:
    """The currency the question names ("in pounds")."""
    return mentions_of(Slot.CURRENCY, _CURRENCIES, ctx.text)


def read_money(text: str) -> PayBound | None:
    """An amount typed as an option ("60000", "$60,000", "60k", "$20/hour", "£30k"), or None.

    The one reader of such values for `/jobs`, the console and the CLI, and the same as a question's.
    """
    for candidate in (text, f"${text.strip()}"):
        amounts = read_amounts(candidate)
        if len(amounts) == 1 and not candidate[:amounts[0].start].strip() \
                and not candidate[amounts[0].end:].strip():
            a = amounts[0]
            return PayBound(amount=a.value, period=a.period, currency=a.currency)
    return None
