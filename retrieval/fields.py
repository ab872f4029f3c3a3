"""One definition per field a question can ask about: when a posting states it, the claim made about it.

A `Field` holds, for one `Ask`, whether a posting states the value (`states`), the claim an answer makes
(`claim`: a short phrase for lists, a sentence when one posting is asked about, and the evidence) and
how postings rank on it (`rank`, for "which pays the most"). The engine, `/jobs`, the CLI, the console
and Discord all render a field through these, so pay reads the same everywhere.

Absence is claimed only after looking: for requirements and benefits the posting's whole text (front
matter included) is searched for the item and its usual synonyms before "I couldn't find …" is said.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from knowledge import literals
from knowledge.extract.location import STATES
from knowledge.models import Fact, Passage, PayPeriod, Posting, PostingStatus, RemoteStatus, Salary, Span
from knowledge.structure import BULLET, FRONT_MATTER_HEADING
from retrieval.format import excerpt, format_date, format_pay, name_of, trim
from retrieval.request import Ask, Filters
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import posting_names
from retrieval.understand.text import words as question_words

__all__ = [
    "FIELDS",
    "RANK_CONTEXT",
    "WORK_PLACE",
    "Claim",
    "Context",
    "Cue",
    "Field",
    "benefit_lines",
    "body_saying",
    "comparable_pay",
    "deadline_phrase",
    "find_lines",
    "languages_named",
    "pay_text",
    "ranks_as_usual",
    "remote_label",
    "rolling_said",
    "synonyms",
    "written_date",
]


@dataclass
class Claim:
    """One posting's answer about one field: a phrase, whether it is stated, and its evidence."""

    phrase: str
    stated: bool
    spans: list[Span] = field(default_factory=list)
    """The evidence; made into citations only for the postings an answer shows."""
    sentence: str = ""
    """The full sentence used when this posting is the only one asked about."""


@dataclass(frozen=True)
class Context:
    """What a claim may depend on besides the posting: today, and what the question wants."""

    today: dt.date
    filters: Filters = field(default_factory=Filters)
    text: str = ""
    """The question's own words ("a or b" asks for either item)."""
    low: bool = False
    """Rank on the low end of a range (for "which pays the least")."""
    currency: str | None = None
    """The currency pay is ranked in (the asked one, else that of most postings ranked)."""


RANK_CONTEXT = Context(dt.date.min)
"""The context a list ranks postings in unless it asks otherwise (see `ranks_as_usual`)."""


def ranks_as_usual(ctx: Context) -> bool:
    """Whether every field's `rank` gives under `ctx` what it gives under `RANK_CONTEXT`: only pay's reads
    the context (the low end, the currency, the period asked)."""
    return not ctx.low and (ctx.currency or "USD").upper() == "USD" and ctx.filters.period is None


@dataclass(frozen=True)
class Field:
    """What one asked field is: its name, when a posting states it, its claim and its ranking."""

    ask: Ask
    label: str
    """How the field is named in answers ("pay", "deadline")."""
    states: Callable[[Posting], bool]
    claim: Callable[[Posting, Context], Claim]
    rank: Callable[[Posting, Context], float | None] | None = None
    """A number to order postings by (higher = more), None when the posting gives none."""
    wording_decides: bool = False
    """True when the question's words (an item, a language) change whether the claim is stated."""


# --- shared phrases ------------------------------------------------------------------------------------


def pay_text(salary: Salary | None) -> str:
    """Pay as every face shows it: the figure with its honesty notes, the words, or "pay not stated"."""
    if salary is None:
        return "pay not stated"
    return format_pay(salary) or f"no figure stated (“{trim(salary.text, 80)}”)"


def remote_label(status: RemoteStatus) -> str:
    """ "remote", "hybrid", "on-site" or "remote status not stated"."""
    return {
        RemoteStatus.REMOTE: "remote",
        RemoteStatus.HYBRID: "hybrid",
        RemoteStatus.ONSITE: "on-site",
        RemoteStatus.UNKNOWN: "remote status not stated",
    }[status]


def deadline_phrase(posting: Posting, today: dt.date) -> str:
    """ "December 1, 2026 — open, 8 days left", "closed (deadline … passed)", rolling or not stated."""
    deadline = posting.deadline
    if deadline is None:
        return "no deadline stated"
    if deadline.date is None:
        if deadline.rolling:
            return f"no fixed deadline; rolling (“{trim(deadline.text, 80)}”)"
        return f"no date stated (it says “{trim(deadline.text, 80)}”)"
    day = format_date(deadline.date)
    return f"{day}{' (year inferred)' if deadline.inferred_year else ''} — {_state(posting, today)}"


def _state(posting: Posting, today: dt.date) -> str:
    deadline = posting.deadline
    assert deadline is not None and deadline.date is not None
    if posting.status(today) == PostingStatus.CLOSED:
        return f"closed (deadline {format_date(deadline.date)} passed)"
    left = (deadline.date - today).days
    return "open, closing today" if left == 0 else f"open, {left} day{'s' if left != 1 else ''} left"


def _closed(posting: Posting, today: dt.date) -> str:
    if posting.status(today) == PostingStatus.CLOSED and posting.deadline and posting.deadline.date:
        return f" (The posting is closed: its deadline, {format_date(posting.deadline.date)}, has passed.)"
    return ""


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop (a quotation may already end with one)."""
    return text if text.endswith((".”", ".", "?”", "!”", "…”")) else f"{text}."


def _anchor(posting: Posting) -> list[Span]:
    """When a value is not stated, cite the title so the reader sees which posting was checked."""
    return [posting.title] if posting.title is not None else []


# --- looking before claiming absence --------------------------------------------------------------------


_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("medical", "health insurance", "health care", "healthcare", "health coverage", "health plan", "health"),
    ("dental",),
    ("vision",),
    ("retirement", "401(k)", "401k", "403(b)", "403b", "pension", "superannuation"),
    ("unlimited paid time off", "unlimited pto", "unlimited vacation", "unlimited leave",
     "unlimited time off"),
    ("pto", "paid time off", "vacation", "paid leave", "annual leave", "holidays", "holiday"),
    ("sick leave", "sick days", "sick time"),
    ("parental leave", "family leave", "maternity", "paternity"),
    ("life insurance",),
    ("disability",),
    ("trans health", "transgender health", "trans-inclusive", "gender-affirming", "gender affirming"),
    ("relocation", "relocation expenses", "relocation assistance", "moving expenses"),
    ("sign-on bonus", "signing bonus", "sign on bonus", "hiring bonus", "sign-on"),
    ("pet insurance",),
    ("shift differential", "differential", "differentials"),
    ("travel costs", "travel expenses", "airfare", "flights", "per diem", "allowance", "travel provided"),
    ("stipend",),
    ("professional development", "training budget", "learning budget"),
    ("degree", "bachelor", "bachelor's", "master's", "ba/bs", "diploma", "ged"),
    (
        "driver's license",
        "driver’s license",
        "drivers license",
        "driver's licence",
        "driving licence",
        "licensed driver",
        "reliable transportation",
        "own vehicle",
        "own car",
        "car",
    ),
    ("travel", "travelling", "traveling", "travels"),
    ("experience", "years of"),
    ("vaccination", "vaccinated", "vaccine", "covid-19", "immunization", "immunizations", "immunized"),
    ("union", "bargaining unit", "collective bargaining"),
)


@functools.lru_cache(maxsize=1024)
def synonyms(item: str) -> tuple[str, ...]:
    """`item` (or each of "a or b") and the words postings commonly use for it ("medical" -> "health
    insurance", ...)."""
    found: list[str] = []
    for part in re.split(r"\s+or\s+|/", item.lower()):
        wanted = " ".join(part.split())
        if not wanted:
            continue
        found.append(wanted)
        named = [group for group in _SYNONYMS if wanted in group]  # "unlimited pto" is no plain "pto"
        for group in named or _SYNONYMS:
            if any(_uses(wanted, word) for word in group if len(word) > 2):
                found.extend(group)
    return tuple(dict.fromkeys(found))


def find_lines(posting: Posting, words: Iterable[str], limit: int = 3) -> list[Span]:
    """The lines of the posting's whole text (front matter included) using any of `words`."""
    wanted = tuple(dict.fromkeys(w for w in words if w.strip() and "\n" not in w))
    if not wanted or limit <= 0:
        return []
    # No word spans a line, so a match in the whole text is a match within its line.
    text = posting.text
    found: list[Span] = []
    number, counted = 1, 0
    for start in _word_starts(text, wanted):
        if found and start < counted:
            continue  # another word on a line already taken
        number += text.count("\n", counted, start)
        begin = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        counted = len(text) if end < 0 else end
        found.append(Span(text=text[begin:counted].strip(), start_line=number, end_line=number))
        if len(found) >= limit:
            break
    return found


def _word_starts(text: str, words: tuple[str, ...]) -> Iterable[int]:
    """Where `words_pattern(words)` matches in `text`, in order (all matches, or at least one on each line
    holding one). An ASCII text is searched for each word's lower case (a plain substring search) and the
    pattern is tried only there; any other text is scanned for the words it may hold."""
    if not (text.isascii() and all(w.isascii() for w in words)):
        return (m.start() for m in literals.finditer(words_pattern(words), text, literals.Folded(text)))
    low = text.lower()
    starts: list[int] = []
    for word in words:
        needle, pattern = word.lower(), _word_pattern(word)
        at = low.find(needle)
        while at >= 0:
            if pattern.match(text, at):
                starts.append(at)
            at = low.find(needle, at + 1)
    return sorted(starts)


def find_matching(posting: Posting, pattern: re.Pattern[str], limit: int = 2) -> list[Span]:
    """The lines of the posting's whole text (front matter included) that `pattern` matches."""
    found: list[Span] = []
    for number, line in enumerate(posting.text.split("\n"), 1):
        if line.strip() and pattern.search(line):
            found.append(Span(text=line.strip(), start_line=number, end_line=number))
            if len(found) >= limit:
                break
    return found


def _or_quoted(claim_of: Callable[[Posting, Context], Claim], what: str,
               pattern: str) -> Callable[[Posting, Context], Claim]:
    """`claim_of`, but where it finds no value, the lines of the posting that speak of `what` are quoted
    (the value may be there in words no extractor reads) before saying it is not stated."""
    cue = re.compile(pattern, re.I)

    def claim(posting: Posting, ctx: Context) -> Claim:
        made = claim_of(posting, ctx)
        if made.stated:
            return made
        cited = {x.start_line for x in made.spans}
        lines = [s for s in find_matching(posting, cue) if s.start_line not in cited]
        if not lines:
            return made
        quoted = "; ".join(f"“{around_cue(s.text, cue, 160)}”" for s in lines)
        return Claim(f"{made.phrase}; it says: {quoted}", False, [*made.spans, *lines],
                     f"{made.sentence} About {what}, it says: {quoted}")

    return claim


def around_cue(text: str, cue: re.Pattern[str], limit: int) -> str:
    """About `limit` characters of `text` around the first match of `cue` (the line's start if none)."""
    match = cue.search(text)
    return excerpt(text, match.start(), match.end(), limit) if match else trim(text, limit)


def _not_found(posting: Posting, what: str) -> Claim:
    return Claim(
        f"I couldn't find {what} in this posting",
        False,
        _anchor(posting),
        f"I couldn't find {what} in the {name_of(posting)} posting.",
    )


def _looked(posting: Posting, what: str, words: Sequence[str]) -> Claim:
    """A claim for a value no typed field holds: the lines mentioning it, or "I couldn't find it"."""
    lines = find_lines(posting, words)
    if not lines:
        return _not_found(posting, what)
    cue = words_pattern(tuple(words))
    quoted = "; ".join(f"“{around_cue(s.text, cue, 140)}”" for s in lines[:2])
    return Claim(
        f"it mentions {what}: {quoted}",
        True,
        lines,
        f"The {name_of(posting)} posting mentions {what}: {quoted}",
    )


# --- the claims ---------------------------------------------------------------------------------------


def _pay(posting: Posting, ctx: Context) -> Claim:
    salary, name = posting.salary, name_of(posting)
    if salary is not None and salary.has_figure:
        pay = format_pay(salary)
        body = _pay_in_body(posting, salary)
        said = f" The posting's text says: “{around_cue(body[0].text, _PAY_SAID, 120)}”" if body else ""
        return Claim(pay, True, [salary, *body], f"The {name} pays {pay}.{said}{_closed(posting, ctx.today)}")
    if salary is not None:
        return Claim(
            pay_text(salary),
            False,
            [salary],
            f"The {name} posting does not state a pay figure; it says “{trim(salary.text, 120)}”.",
        )
    return Claim("no pay stated", False, _anchor(posting),
                 f"I couldn't find a pay figure in the {name} posting.")


_FIGURE = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?")
_PAY_SAID = re.compile(
    r"\b(?:salary|pay|compensation|remuneration|wages?|rate|stipend|range)\b[^.\n]{0,80}\$\s?\d", re.I)


def _pay_in_body(posting: Posting, salary: Salary) -> list[Span]:
    """The body's sentence stating other pay figures than a board's salary field (front matter "$66,000",
    the body "Salary range is $61,000 - $66,000"): what the reader of the posting sees too."""
    if salary.start_line > _front_end(posting):
        return []
    shown = set(_FIGURE.findall(salary.text))
    return [s for s in body_saying(posting, _PAY_SAID, [salary], limit=3)
            if set(_FIGURE.findall(s.text)) - shown][:1]


def comparable_pay(salary: Salary | None, period: PayPeriod | None, *, low: bool = False) -> float | None:
    """The figure to compare `salary` on: in `period` when it states that period (hourly and annual
    are converted only where hours are stated), else its annual figure; None when not comparable."""
    if salary is None or not salary.has_figure:
        return None
    lo = salary.min if salary.min is not None else salary.max
    hi = salary.max if salary.max is not None else salary.min
    if period is not None:
        if salary.period == period:
            return lo if low else hi
        if period == PayPeriod.YEAR and salary.annual_min is not None and not salary.hours_assumed:
            return salary.annual_min if low else (salary.annual_max or salary.annual_min)
        if (
            period == PayPeriod.HOUR
            and salary.period == PayPeriod.YEAR
            and salary.hours_per_week
            and not salary.hours_assumed
            and lo is not None
            and hi is not None
        ):
            return (lo if low else hi) / (salary.hours_per_week * 52)
        return None
    if salary.annual_min is None and salary.annual_max is None:
        return None
    if low:
        return salary.annual_min if salary.annual_min is not None else salary.annual_max
    return salary.annual_max if salary.annual_max is not None else salary.annual_min


def _pay_rank(posting: Posting, ctx: Context) -> float | None:
    """Pay in the asked period (a year when none is asked), in the asked currency (`ctx.currency`)."""
    salary = posting.salary
    if salary is None or (salary.currency or "USD").upper() != (ctx.currency or "USD").upper():
        return None  # currencies are never compared as dollars
    if salary.period_inferred and ctx.filters.period is not None:
        return None  # a period the posting does not state cannot be compared in that period
    return comparable_pay(salary, ctx.filters.period or PayPeriod.YEAR, low=ctx.low)


def _deadline(posting: Posting, ctx: Context) -> Claim:
    name, deadline = name_of(posting), posting.deadline
    if deadline is None:
        return Claim("no deadline stated", False, _anchor(posting),
                     f"I couldn't find a deadline in the {name} posting.")
    phrase = deadline_phrase(posting, ctx.today)
    if deadline.date is None:
        if deadline.rolling:
            sentence = (
                f"The {name} has no fixed deadline: applications are taken on a rolling basis "
                f"(“{trim(deadline.text, 120)}”)."
            )
        else:
            sentence = f"The {name} posting gives no deadline date; it says “{trim(deadline.text, 120)}”."
        return Claim(phrase, False, [deadline], sentence)
    day = format_date(deadline.date)
    inferred = (
        f" (year inferred as {deadline.date.year}: the posting gives none)" if deadline.inferred_year else ""
    )
    spans: list[Span] = [deadline]
    written = written_date(posting, deadline.date, deadline)
    if written is not None:
        spans.append(written[0])
        day = f"{day} (“{written[1]}”)"
    body = _deadline_in_body(posting, deadline) if written is None else None
    also = ""
    if body is not None:  # a board's closing date beside the body's own words (which may differ)
        spans.append(body)
        also = f" The posting's text says: “{around_cue(body.text, _DEADLINE_SAID, 200)}”"
    rolling = ""
    if deadline.rolling:
        said = rolling_said(posting)
        rolling = " Applications are also reviewed on a rolling basis"
        if said is not None and said[0].start_line != deadline.start_line:
            spans.append(said[0])
            rolling += f": “{said[1]}”"
        rolling += "."
    sentence = (f"The deadline for the {name} is {day}{inferred}. It is {_state(posting, ctx.today)}."
                f"{_sentence(also) if also else ''}{rolling}")
    return Claim(phrase, True, spans, sentence)


_DEADLINE_SAID = re.compile(
    r"\b(?:no later than|deadline|apply by|submit\w* by|(?:are|is) due|due (?:by|on)|close[sd]? on)\b"
    r"[^.\n]{0,60}?(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b\d{1,2}/\d{1,2}\b)",
    re.I)
"""A sentence of the body giving a closing date in words ("… no later than 5 PM on March 3rd, 2025")."""


def _deadline_in_body(posting: Posting, deadline: Span) -> Span | None:
    """The body's sentence giving a closing date, when the `deadline` was read from a board's front matter
    only: boards keep their own closing field, which the text a reader sees may contradict."""
    if deadline.start_line > _front_end(posting):
        return None
    found = body_saying(posting, _DEADLINE_SAID, [deadline], limit=1)
    return found[0] if found else None


_ROLLING = re.compile(
    r"\buntil (?:the (?:position|role|job) is |it is )?filled\b|\brolling\b|\bongoing basis\b", re.I)


def rolling_said(posting: Posting) -> tuple[Span, str] | None:
    """The first line saying applications are taken until filled / on a rolling basis, and its words."""
    for span in find_matching(posting, _ROLLING, limit=1):
        cue = _ROLLING.search(span.text)
        if cue is not None:
            return span, excerpt(span.text, cue.start(), cue.end(), 100)
    return None


def written_date(posting: Posting, day: dt.date, evidence: Span) -> tuple[Span, str] | None:
    """Where the body writes `day` in words ("24 Agustus 2018", "March 7th, 2015") when `evidence` gives
    it only as a machine date (front matter "2018-08-24"): that line and the words."""
    number = rf"0?{day.day}(?:st|nd|rd|th)?"
    pattern = re.compile(rf"(?<![\w/.-])(?:{number}\s+(?:of\s+)?[^\W\d]{{3,}}\.?,?\s+{day.year}|"
                         rf"[^\W\d]{{3,}}\.?\s+{number},?\s+{day.year})(?!\d)")
    if pattern.search(evidence.text):
        return None
    for span in find_matching(posting, pattern, limit=1):
        match = pattern.search(span.text)
        if match is not None:
            return span, match.group(0)
    return None


def _deadline_rank(posting: Posting, ctx: Context) -> float | None:
    deadline = posting.deadline
    return float(deadline.date.toordinal()) if deadline is not None and deadline.date is not None else None


def _open(posting: Posting, ctx: Context) -> Claim:
    name, deadline = name_of(posting), posting.deadline
    status = posting.status(ctx.today)
    spans: list[Span] = [deadline] if deadline is not None else _anchor(posting)
    if status == PostingStatus.CLOSED and deadline is not None and deadline.date is not None:
        day = format_date(deadline.date)
        sentence = f"No: the {name} is closed (deadline {day} passed)."
        if deadline.rolling:  # "reviewed on a rolling basis, priority deadline June 10": maybe not closed
            said = rolling_said(posting)
            if said is not None and said[0].start_line != deadline.start_line:
                spans = [*spans, said[0]]
            quote = said[1] if said is not None else trim(deadline.text, 120)
            sentence += (f" It also says applications are reviewed on a rolling basis (“{quote}”), so it may "
                         "have stayed open after that date.")
        return Claim(f"closed (deadline {day} passed)", True, spans, sentence)
    if status == PostingStatus.OPEN and deadline is not None and deadline.date is not None:
        return Claim(
            f"open until {format_date(deadline.date)}",
            True,
            spans,
            f"Yes: the {name} is open; {deadline_phrase(posting, ctx.today)}.",
        )
    if deadline is not None and deadline.rolling:
        return Claim(
            f"open until filled (“{trim(deadline.text, 80)}”)",
            True,
            spans,
            f"The {name} has no fixed deadline: it says “{trim(deadline.text, 120)}”.",
        )
    return Claim(
        "no deadline stated, so not known to be closed",
        False,
        spans,
        f"The {name} posting states no deadline, so I can't tell whether it is still open.",
    )


def _remote(posting: Posting, ctx: Context) -> Claim:
    name, status, where = name_of(posting), posting.remote_status, posting.location
    citations: list[Span] = [posting.remote] if posting.remote is not None else []
    if where is not None and (posting.remote is None or where.start_line != posting.remote.start_line):
        citations.append(where)
    place = f"; location: {where.value}" if where is not None else ""
    if status == RemoteStatus.UNKNOWN:
        # Where the body says the work is ("Based in Idaho, the attorney …") helps the reader judge.
        where_said = body_saying(posting, WORK_PLACE, citations, limit=1)
        quoted = _it_says(where_said, 220)
        return Claim(
            f"remote status not stated{place}",
            False,
            [*(citations or _anchor(posting)), *where_said],
            f"I couldn't find whether the {name} is remote{place}.{quoted}",
        )
    label = remote_label(status)
    more = body_saying(posting, _REMOTE_SAID, citations, limit=2)
    if _ASKS_FROM_WHERE.search(ctx.text):  # "can I live anywhere?": where it may be done from, too
        more += body_saying(posting, _FROM_WHERE_SAID, [*citations, *more], limit=1)
    said = _it_says(more, 220)
    return Claim(f"{label}{place}", True, citations + more,
                 f"The {name} is {label}{place}.{said}{_closed(posting, ctx.today)}")


def _location(posting: Posting, ctx: Context) -> Claim:
    name, where = name_of(posting), posting.location
    spans: list[Span] = [where] if where is not None else []
    spans += [p for p in posting.places if where is None or p.start_line != where.start_line][:2]
    remote = f" ({remote_label(posting.remote_status)})" if posting.remote is not None else ""
    if posting.remote is not None and posting.remote.start_line not in {s.start_line for s in spans}:
        spans.append(posting.remote)
    # The location's own line is quoted again when it says more than the place read from it
    # ("Work from Oregon, Utah, Idaho" read as Oregon).
    placed = [where] if where is not None and len(where.text) <= len(where.value) + 25 else []
    more = body_saying(posting, _SITES, placed, limit=2)
    if not more and posting.places and not any(p.city for p in posting.places):
        more = _within_state(posting, [p.state for p in posting.places if p.state])
    quoted = _it_says(more, 220)
    if where is not None:
        cities = [p.city for p in posting.places if p.city and p.city.lower() not in where.value.lower()]
        city = f" ({cities[0]})" if cities else ""  # the body's city of a state-only location
        return Claim(f"{where.value}{city}{remote}", True, [*spans, *more],
                     f"The {name} is located in {where.value}{city}{remote}.{quoted}")
    places = [", ".join(x for x in (p.city, p.state, p.country) if x) for p in posting.places]
    if places:
        said = "; ".join(dict.fromkeys(places))
        return Claim(f"{said}{remote}", True, [*spans, *more], f"The {name} is in {said}{remote}.{quoted}")
    if more:
        return Claim(f"it says: {_quotes(more[:1], 120)}", True, [*spans, *more],
                     f"The {name} posting says: {_quotes(more, 220)}")
    if posting.remote is not None:
        return Claim(
            remote_label(posting.remote_status),
            True,
            spans,
            f"The {name} posting names no place; it is {remote_label(posting.remote_status)}.",
        )
    return Claim(
        "location not stated", False, _anchor(posting), f"I couldn't find a location in the {name} posting."
    )


def _within_state(posting: Posting, states: list[str]) -> list[Span]:
    """The body's sentence saying where in a state-only location the work is: a region of the state
    ("the Eastern Oregon region"), a city ("the City of Albany", "Albany, NY", "the greater Juneau
    area")."""
    if not states:
        return []
    names = "|".join(re.escape(s) for s in states)
    codes = "|".join(STATES[s] for s in states if s in STATES)
    pattern = re.compile(
        rf"\b(?:{_REGION_WORDS})\s+(?:{names})\b|\b[Cc]ity\s+of\s+[A-Z][a-z]+|\bgreater\s+[A-Z][a-z]+"
        r"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+area\b"
        + (rf"|\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*(?:{codes})\b" if codes else ""))
    return body_saying(posting, pattern, limit=1)


_REGION_WORDS = "Northern|Southern|Eastern|Western|Central|Greater|Upstate|Downstate|North|South|East|West"


def _apply(posting: Posting, ctx: Context) -> Claim:
    name, how = name_of(posting), posting.apply
    closed = _closed(posting, ctx.today)
    if how is None:
        return Claim(
            "no application instructions stated",
            False,
            _anchor(posting),
            f"I couldn't find how to apply in the {name} posting.{closed}",
        )
    if how.email:
        phrase = f"email {how.email}"
    elif how.url:
        phrase = f"apply at {how.url}"
    elif how.portal:
        phrase = f"apply through {how.portal}"
    elif how.address_missing:
        phrase = f"by email, but the posting gives no address (“{trim(how.text, 100)}”)"
    else:
        phrase = f"“{trim(how.text, 150)}”"
    materials = body_saying(posting, _MATERIALS, [how], limit=1)
    said = _it_says(materials, 200)
    return Claim(phrase, True, [how, *materials], f"To apply to the {name}: {phrase}.{said}{closed}")


_MATERIALS = re.compile(r"\br[eé]sum[eé]s?\b|\bCV\b|\bcover letter|\bletter of (?:interest|intent)\b"
                        r"|\bwriting samples?\b|\breferences\b|\bportfolio\b"
                        r"|\b(?:apply|submit|application|visit)\b[^.\n]{0,80}?\b[\w-]+\.(?:org|com|net|edu|gov)\b",
                        re.I)
"""What an application is to hold, or where the body says to send it ("Visit example.org/apply to …"),
quoted beside the address a board's field gives."""


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _contact(posting: Posting, ctx: Context) -> Claim:
    if posting.apply is not None and posting.apply.email:
        return Claim(
            posting.apply.email,
            True,
            [posting.apply],
            f"The {name_of(posting)} posting's contact is {posting.apply.email}.",
        )
    for number, line in enumerate(posting.text.split("\n"), 1):
        if match := _EMAIL.search(line):
            span = Span(text=line.strip(), start_line=number, end_line=number)
            return Claim(
                match.group(0),
                True,
                [span],
                f"The {name_of(posting)} posting gives this contact: {match.group(0)}.",
            )
    return _apply(posting, ctx)


def _experience(posting: Posting, ctx: Context) -> Claim:
    years = posting.min_years_experience
    if years is not None:
        if years.value == 0:  # in the posting's own words: "No experience necessary – we train you"
            return Claim("no prior experience required", True, [years],
                         f"The {name_of(posting)} needs no prior experience: “{trim(years.text, 160)}”")
        phrase = f"at least {years.value} year{'s' if years.value != 1 else ''} of experience"
        return Claim(phrase, True, [years], _sentence(f"The {name_of(posting)} asks for {phrase}"))
    lines = find_matching(posting, _YEARS_CUE) or body_saying(posting, _EXPERIENCE_SAID, limit=2)
    if lines:  # a paragraph on one line is quoted around its years ("… with 8+ years of relevant …")
        quoted = "; ".join(f"“{around_cue(x.text, _YEARS_CUE, 160)}”" for x in lines)
        return Claim(f"it mentions experience: {quoted}", True, lines,
                     f"About experience, the {name_of(posting)} posting says: {quoted}")
    return _not_found(posting, "an experience requirement")


_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|ten)"
_YEARS_CUE = re.compile(rf"\b{_COUNT}\+?\s*(?:\(\d+\)\s*)?(?:or more\s+)?years?\b.{{0,40}}\bexperience|"
                        rf"\bexperience\b.{{0,40}}\b{_COUNT}\+?\s*years?\b|"
                        r"\bno (?:prior |previous )?experience\b|"
                        rf"\b(?:at least|minimum(?: of)?)\s+{_COUNT}\+?\s*years?\b", re.I)


_EXPERIENCE_SAID = re.compile(
    r"\bexperience\b[^.]{0,60}\b(?:required|preferred|a plus|helpful|needed|necessary)\b|"
    r"\b(?:previous|prior|proven|demonstrated|some|relevant)\s+(?:\w+\s+){0,2}experience\b|"
    r"\bexperience (?:in|with|working)\b|"
    r"\bno (?:previous|prior) (?:\w+\s+){0,4}(?:skills|background|training)\b", re.I)
"""A sentence asking for experience but no number of years ("Previous experience in a clinic preferred",
"No previous design or coding skills are needed")."""


_DEGREE_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(p, re.I)) for name, p in (
    ("a bachelor's degree", r"\bbachelor[’']?s?\b|\b(?:BA|BS)\b|\bB\.[AS]\."
                            r"|\b(?:college|undergraduate|four[- ]year) degree\b"),
    ("a master's degree", r"\bmaster[’']?s?\b(?! of ceremonies)|\b(?:MSW|MPH|MPA|MBA)\b|\bM\.[AS]\."),
    ("a doctorate", r"\bph\.?d\b|\bdoctora(?:te|l)\b"),
    ("a law degree", r"\bJ\.?D\.?\b|\blaw degree\b|\bjuris doctor\b"),
    ("an associate's degree", r"\bassociate[’']?s? degree\b"),
    ("a high school diploma", r"\bhigh school\b|\bGED\b"),
))
"""Degrees a question may name ("which jobs require a bachelor's?"), with the words postings use for them."""
_NO_DEGREE = re.compile(
    r"\bno (?:\w+ )?degree\b|\bdegree (?:is )?not required\b|\bnot require (?:a )?degree\b", re.I)


def degree_asked(question: str) -> tuple[str, re.Pattern[str]] | None:
    """The degree a question names, if any (a list is then about postings asking for that one)."""
    return next((level for level in _DEGREE_LEVELS if level[1].search(question)), None)


def _degree(posting: Posting, ctx: Context) -> Claim:
    asked = degree_asked(ctx.text)
    lines = [] if asked is None else _degree_said(posting, asked[1])
    quoted = "; ".join(f"“{around_cue(s.text, asked[1], 140)}”" for s in lines[:2]) if asked else ""
    if posting.degree is not None:
        value = posting.degree.value
        if asked is not None and (not asked[1].search(value) or _NO_DEGREE.search(value)):
            if lines:  # a board's "Bachelor's degree required"; the body: "Master's degree or a Bachelor's …"
                also = f"{value}; it also mentions {asked[0]}: {quoted}"
                return Claim(also, True, [posting.degree, *lines], f"The {name_of(posting)} asks for {also}")
            return Claim(f"{value} (not {asked[0]})", False, [posting.degree],
                         _sentence(f"The {name_of(posting)} asks for {value}, not {asked[0]}"))
        said: list[Span] = []
        if posting.degree.start_line <= _front_end(posting):  # a board's "Other degree or certification"
            said = _degree_said(posting, _ANY_DEGREE)[:1]
        more = _it_says(said, 200)
        return Claim(value, True, [posting.degree, *said],
                     _sentence(f"The {name_of(posting)} asks for {value}") + more)
    if asked is None:
        return _looked(posting, "a degree requirement", synonyms("degree"))
    if not lines:
        return _not_found(posting, asked[0])
    return Claim(f"it mentions {asked[0]}: {quoted}", True, lines,
                 f"The {name_of(posting)} posting mentions {asked[0]}: {quoted}")


def _degree_said(posting: Posting, pattern: re.Pattern[str]) -> list[Span]:
    """Where the posting names the degree `pattern` matches: its body's sentences, only those speaking of
    a degree if any do ("MPH students" is no requirement), else any line of the text (a board's key)."""
    sentences = [s for s in body_saying(posting, pattern, limit=8) if not _NO_DEGREE.search(s.text)]
    sentences = [s for s in sentences if _DEGREE_WORD.search(s.text)] or sentences
    return sentences[:2] or [s for s in find_matching(posting, pattern, 3) if not _NO_DEGREE.search(s.text)]


_ANY_DEGREE = re.compile("|".join(p.pattern for _, p in _DEGREE_LEVELS) + r"|\bdegree\b", re.I)
_DEGREE_WORD = re.compile(r"\bdegree|\brequir|\bpreferred\b", re.I)


_FLUENCY = re.compile(r"\bfluen\w*|\bbilingual\b|\bproficien\w*|\bspeak\w*|\bspoken\b|\bnative\b", re.I)
"""A line saying how a language is to be known ("Technical fluency in English and French")."""


_MANY_LANGUAGES = literals.compile_scan(r"\b(?:bi|multi|tri)lingual\b", re.I)
"""A posting asking for a second language without naming it ("Bilingual LPN") still speaks of languages."""


def languages_named(posting: Posting, names: Sequence[str]) -> list[Fact[str]]:
    """The languages the posting asks for that are among `names` ("creole" names Haitian Creole); else
    those whose sentence names one ("Chinese (Mandarin)")."""
    def naming(fact: Fact[str], said: str) -> bool:
        return any(name.lower() in said.lower() for name in names)
    return ([f for f in posting.languages if naming(f, f.value)]
            or [f for f in posting.languages if naming(f, f.text)])


def _languages_states(posting: Posting) -> bool:
    return bool(posting.languages) or _MANY_LANGUAGES.search(posting.text) is not None


def _languages(posting: Posting, ctx: Context) -> Claim:
    wanted = " or ".join(ctx.filters.languages)
    facts = languages_named(posting, ctx.filters.languages) if wanted else list(posting.languages)
    if facts:
        values = " and ".join(dict.fromkeys(f.value for f in facts))
        fluency = [x for x in body_saying(posting, _FLUENCY, facts[:3], limit=6)
                   if any(_uses(x.text, f.value) for f in facts)][:2]
        said = _it_says(fluency)
        return Claim(values, True, [*fluency, *facts[:3]],
                     _sentence(f"The {name_of(posting)} asks for {values}") + said)
    cues = ("bilingual", "fluent", "fluency", "language", "languages", "bahasa")
    if wanted and find_lines(posting, ctx.filters.languages):
        return _looked(posting, wanted, ctx.filters.languages)
    claim = _looked(posting, "a language requirement", cues)
    if wanted and claim.stated:  # not named, but the posting speaks of languages: quote it
        claim.sentence = f"I couldn't find {wanted} named in the {name_of(posting)} posting. {claim.sentence}"
    elif wanted:
        claim = _not_found(posting, wanted)
    elif claim.stated:  # "Bilingual LPN": a second language asked for, none named
        claim.sentence = f"I couldn't find which language the {name_of(posting)} wants. {claim.sentence}"
    return claim


def _licence(posting: Posting, ctx: Context) -> Claim:
    licence = posting.drivers_license
    if licence is not None:
        phrase = "a driver's licence" if licence.value else "no driver's licence"
        return Claim(phrase, True, [licence], _sentence(f"The {name_of(posting)} asks for {phrase}"))
    return _looked(posting, "a driver's licence or car requirement", synonyms("driver's license"))


def _travel(posting: Posting, ctx: Context) -> Claim:
    if posting.travel is not None:
        phrase = f"travel: “{trim(posting.travel.text, 160)}”"
        return Claim(phrase, True, [posting.travel], _sentence(f"The {name_of(posting)} asks for {phrase}"))
    return _looked(posting, "travel", synonyms("travel"))


_REQUIREMENT_PARTS: tuple[Callable[[Posting, Context], Claim], ...] = (
    _experience,
    _degree,
    _languages,
    _licence,
    _travel,
)


def _requirements(posting: Posting, ctx: Context) -> Claim:
    """Every typed requirement the posting states (experience, degree, languages, licence, travel), the
    lines under its requirements heading, and the body's sentences stating a requirement ("Applicants
    must hold…"), those using the question's own words ("vaccine") first."""
    typed = [
        c
        for part, c in ((p, p(posting, ctx)) for p in _REQUIREMENT_PARTS)
        if c.stated and not c.phrase.startswith("it mentions")
    ]
    listed = _requirement_lines(posting)
    shown = [" ".join(x.text.split()) for x in [*(s for c in typed for s in c.spans), *listed]]
    asked, said = _requirement_sentences(posting, ctx, shown)
    if not typed and not listed and not asked and not said:
        return Claim(
            "no specific requirements stated",
            False,
            _anchor(posting),
            f"The {name_of(posting)} posting states no specific requirements I can list.",
        )
    name = name_of(posting)
    parts: list[str] = []
    if asked:
        parts.append(_sentence(f"The {name} posting says: {_quotes(asked)}"))
    if typed:
        who = "It" if asked else f"The {name}"
        parts.append(_sentence(f"{who} asks for {'; '.join(c.phrase for c in typed)}"))
    if listed:
        parts.append(_sentence(f"{'It' if parts else f'The {name} posting'} lists: {_quotes(listed)}"))
    if said:
        parts.append(_sentence(f"{'It also says' if parts else f'The {name} posting says'}: {_quotes(said)}"))
    phrase = "; ".join(c.phrase for c in typed) if typed else _quotes((asked + listed + said)[:3], 140)
    spans = asked + [s for c in typed for s in c.spans] + listed + said
    return Claim(phrase, True, spans, " ".join(parts))


def _quotes(spans: Sequence[Span], limit: int = 160) -> str:
    return "; ".join(f"“{trim(x.text, limit)}”" for x in spans)


def _it_says(spans: Sequence[Span], limit: int = 160) -> str:
    """" It says: “…”." quoting `spans` after an answer's sentence ("" without any)."""
    return " " + _sentence(f"It says: {_quotes(spans, limit)}") if spans else ""


_REQUIREMENT_HEADING = re.compile(r"qualif|requir|skills|experience|looking for|you (?:have|bring)|"
                                  r"who you are|ideal candidate|candidate profile|must have", re.I)
_REQUIREMENT_CUE = re.compile(
    r"\bmust\b|\bshall\b|\brequire[ds]?\b|\brequirements?\b|\bmandatory\b|\bminimum\b|\bqualifi\w*|"
    r"\bis looking for\b|\bare looking for\b|\bideal candidate\b|\bproof of\b|\blicen[cs]e[ds]?\b|"
    r"\bcertifi\w*|\bopen to (?:students|applicants|candidates)\b|\b(?:is|are) open to\b|\bideally\b"
    r"|\beligib\w*"
    r"|\bcandidates? (?:will|should|must) (?:be|have)\b", re.I)
_ASKING = frozenset(tokenize(
    "requirement requirements required require requires need needs needed must qualification qualifications "
    "skill skills what who is are the a an for do does any there job role position posting"))
MAX_REQUIREMENT_SENTENCES = 3
"""Sentences stating a requirement quoted beyond the typed ones, when the question names no item."""


def _requirement_sentences(posting: Posting, ctx: Context, shown: list[str]) -> tuple[list[Span], list[Span]]:
    """The body's sentences stating a requirement, not inside a text already `shown`: those using the
    question's own words (or their synonyms: "vaccine" finds "vaccinations") and, after them, the first
    others."""
    subject = set(tokenize(ctx.text)) - _ASKING - posting_names(posting)
    # synonyms of the words as written ("vaccine" -> "immunizations"): the table holds words, not stems
    written = [word.text.lower() for word in question_words(ctx.text) if subject & set(word.tokens)]
    words = {w for word in written for w in tokenize(" ".join(synonyms(word)))} | subject
    asked: list[Span] = []
    said: list[Span] = []
    for span in _body_sentences(posting):
        if any(" ".join(span.text.split()) in text for text in shown):
            continue
        tokens = set(tokenize(span.text))
        if words & tokens and (_REQUIREMENT_CUE.search(span.text) or len(words & tokens) >= 2):
            asked.extend(_under_heading(posting, span) or [span])
        elif _REQUIREMENT_CUE.search(span.text) and len(said) < MAX_REQUIREMENT_SENTENCES:
            said.extend(_under_heading(posting, span) or [span])
    return asked[:MAX_REQUIREMENT_SENTENCES], said if not asked else said[:1]


def _under_heading(posting: Posting, span: Span, limit: int = 2) -> list[Span]:
    """When `span` is a section's heading ("Eligibility"), the first passages under it: what it heads."""
    section = next((x for x in posting.sections if (x.start_line, x.heading) == (span.start_line, span.text)),
                   None)
    if section is None:
        return []
    under = [p for p in posting.passages if p.section == section.heading
             and section.start_line < p.start_line <= section.end_line][:limit]
    return [Span(text=p.text[m.end() if (m := BULLET.match(p.text)) else 0:], start_line=p.start_line,
                 end_line=p.end_line) for p in under]


def _body_lines(posting: Posting, pattern: Cue | re.Pattern[str]) -> list[Span]:
    """The lines of the posting's body (front matter excluded) that `pattern` matches."""
    front = _front_end(posting)
    numbers = sorted(n for n in _matched_lines(posting, pattern) if n > front)
    if not numbers:
        return []
    lines = posting.text.split("\n")
    return [Span(text=lines[n - 1].strip(), start_line=n, end_line=n)
            for n in numbers if lines[n - 1].strip()]


def _front_end(posting: Posting) -> int:
    """The last line of the posting's front matter (0 when it has none)."""
    return max((s.end_line for s in posting.sections if s.heading == FRONT_MATTER_HEADING), default=0)


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“(*]?[A-Z0-9])")


def body_saying(posting: Posting, pattern: Cue | re.Pattern[str], cited: Sequence[Span] = (),
                limit: int = 2) -> list[Span]:
    """The first `limit` sentences of the posting's body that `pattern` matches, other than the evidence
    already `cited`: the posting's own words beside a typed value. A paragraph is one line, so another
    sentence of a cited line is still quoted ("… all of whom work remotely. … based remotely in …")."""
    lines = _matched_lines(posting, pattern)
    if not lines:
        return []  # one scan of the whole text rules most postings out
    found = [x for x in _body_sentences(posting)
             if lines.intersection(range(x.start_line, x.end_line + 1)) and pattern.search(x.text)
             and not any(_quoting(x, c) for c in cited)]
    found.sort(key=lambda x: x.start_line)
    return found[:limit]


def _quoting(sentence: Span, cited: Span) -> bool:
    """Whether the `cited` span already shows all of `sentence` (a cited fragment of it does not)."""
    if sentence.end_line < cited.start_line or cited.end_line < sentence.start_line:
        return False
    return " ".join(sentence.text.split()) in " ".join(cited.text.split())


@dataclass(frozen=True)
class Cue:
    """A pattern and the lower-case words every match of it contains: lines holding none of them are
    never searched (scanning whole texts with a long alternation costs a list over every posting)."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


def _matched_lines(posting: Posting, cue: Cue | re.Pattern[str]) -> set[int]:
    """The numbers of the lines on which `cue` matches."""
    text = posting.text
    if isinstance(cue, re.Pattern):
        starts = [m.start() for m in cue.finditer(text)]
    else:
        low = text.lower()
        starts = []
        for needle in cue.needles:
            at = low.find(needle)
            while at >= 0:
                starts.append(at)
                at = low.find(needle, at + 1)
    if not starts:
        return set()
    numbers: set[int] = set()
    line, counted = 1, 0
    for at in sorted(starts):  # line breaks counted once, from match to match
        line += text.count("\n", counted, at)
        counted = at
        numbers.add(line)
    if isinstance(cue, re.Pattern):
        return numbers
    lines = text.split("\n")
    return {n for n in numbers if cue.pattern.search(lines[n - 1])}


_SENTENCES: dict[tuple[str, str], list[Span]] = {}
"""`_body_sentences` of each posting version read so far (lists over every posting read them all)."""
_MAX_CACHED = 1 << 15


def _body_sentences(posting: Posting) -> list[Span]:
    """Each sentence of the posting's body passages (front matter excluded), with the lines it spans."""
    key = (posting.id, posting.content_hash)
    cached = _SENTENCES.get(key)
    if cached is None:
        if len(_SENTENCES) >= _MAX_CACHED:
            _SENTENCES.clear()
        cached = _SENTENCES[key] = _split_sentences(posting)
    return cached


def _split_sentences(posting: Posting) -> list[Span]:
    found = [Span(text=x.heading, start_line=x.start_line, end_line=x.start_line) for x in posting.sections
             if x.heading and x.heading != FRONT_MATTER_HEADING]
    for passage in posting.passages:
        if passage.section == FRONT_MATTER_HEADING:
            continue
        at = 0
        for piece in _SENTENCE_END.split(passage.text):
            begin = passage.text.index(piece, at)
            at = begin + len(piece)
            text = " ".join(piece.split())
            if len(text) > 3:
                first = passage.start_line + passage.text.count("\n", 0, begin)
                last = passage.start_line + passage.text.count("\n", 0, at)
                found.append(Span(text=text, start_line=first, end_line=min(last, passage.end_line)))
    return found


def _requirement_lines(posting: Posting, limit: int = 8) -> list[Span]:
    """The first passages under the posting's requirements heading ("Qualifications", "Skills"...)."""
    found = [Span(text=p.text, start_line=p.start_line, end_line=p.end_line) for p in posting.passages
             if p.section and _REQUIREMENT_HEADING.search(p.section)]
    return found[:limit]


def _requirements_states(posting: Posting) -> bool:
    return any(
        x is not None
        for x in (posting.min_years_experience, posting.degree, posting.drivers_license, posting.travel)
    ) or bool(posting.languages)


_BROAD_WORDS = frozenset({"health", "health care", "healthcare", "medical"})
"""Synonyms that say a benefit only where a line speaks of benefits."""
MAX_BENEFITS = 24
"""Benefits named in one claim; beyond, their number."""
MAX_BENEFIT_LINES = 8
"""Lines of the body speaking of benefits quoted beside the listed items (their own words and figures)."""
_BENEFIT_CUE = Cue(
    re.compile(
        r"\bbenefits?\b|\bbonus(?:es)?\b|\bdental\b|\b40[13]\s?\(?[kb]\)?|\bpension\b|\bsuperannuation\b|"
        r"\b(?:health|medical|vision|life|disability|pet) (?:insurance|coverage)\b|"
        r"\bretirement (?:plan|contributions?|match)\b|"
        r"\bpaid (?:time off|leave|vacation|holidays?|sick)\b|\bvacation\b|\bsick (?:leave|days?|time)\b|"
        r"\bparental leave\b|\bPTO\b|\b(?:wellness|phone|cell|internet|commuter|transit|home office)\s+"
        r"(?:stipend|allowance|reimbursement)s?\b", re.I),
    ("benefit", "bonus", "dental", "401", "403", "pension", "superannuation", "insurance", "coverage",
     "retirement", "paid time", "paid leave", "paid vacation", "paid holiday", "paid sick", "vacation",
     "sick", "parental", "pto", "stipend", "allowance", "reimbursement"))
"""Words only a line about benefits uses (not "insurance" alone: billing duties speak of it too)."""


def _benefits(posting: Posting, ctx: Context) -> Claim:
    name, items = name_of(posting), ctx.filters.benefits
    if not items:
        cited = {f.start_line for f in posting.benefits}
        said = [x for x in benefit_lines(posting) if x.start_line not in cited]
        said = said[:MAX_BENEFIT_LINES]
        quoted = "; ".join(f"“{around_cue(x.text, _BENEFIT_CUE.pattern, 120)}”" for x in said)
        also = " " + _sentence(f"It says: {quoted}") if said else ""
        if not posting.benefits:
            if said:
                return Claim(f"it mentions benefits: {_quotes(said[:3], 120)}", True, said,
                             f"The {name} posting mentions benefits: {quoted}")
            if none := find_matching(posting, _NO_BENEFITS, limit=1):  # a board's "no benefits listed" tag
                stated = _NO_BENEFITS.search(none[0].text)
                shown = stated.group() if stated is not None else none[0].text
                return Claim(f"no benefits listed (“{shown}”)", False, none,
                             f"The {name} posting lists no benefits: it says “{shown}”.")
            return _not_found(posting, "benefits")
        facts = posting.benefits[:MAX_BENEFITS]
        values = "; ".join(trim(f.value, 80) for f in facts)
        left = len(posting.benefits) - MAX_BENEFITS
        more = f" (and {left} more)" if left > 0 else ""
        return Claim(values + more, True, [*facts, *said],
                     f"The {name} lists these benefits: {values}{more}.{also}")
    found: list[Span] = []
    missing: list[str] = []
    for item in items:
        words = synonyms(item)
        naming = words_pattern(words)
        listed = [f for f in posting.benefits if naming.search(f.text)]
        seen = {f.start_line for f in listed}
        spans: list[Span] = list(listed)
        # Beside a listed item, the body's line saying more of it ("Union Position: Yes", "a 401k with a
        # 3% match" beside a board's "Retirement" tag); with nothing listed, up to three such lines.
        # A word as broad as "health" names the benefit only on a line about benefits ("reproductive
        # health care" is the work, not the insurance).
        strong = words_pattern(tuple(w for w in words if w not in _BROAD_WORDS))
        spans += [x for x in find_lines(posting, words, limit=6)
                  if x.start_line not in seen and (strong.search(x.text) or _BENEFIT_CUE.search(x.text))
                  ][:1 if listed else 3]
        if spans:
            found.extend(s for s in spans if s not in found)
        else:
            missing.append(item)
    asked = " or ".join(items) if _any_one(ctx) else " and ".join(items)
    if not found or (missing and not _any_one(ctx)):
        what = " and ".join(missing) if missing else asked
        claim = _not_found(posting, what)
        if found:  # some asked items are there: say which
            quoted = "; ".join(trim(s.text, 80) for s in found[:4])
            claim.phrase = f"{claim.phrase} (it does mention: {quoted})"
            claim.sentence = f"{claim.sentence} It does mention: {quoted}."
            claim.spans = found[:4]
        return claim
    cue = words_pattern(tuple(w for item in items for w in synonyms(item)))
    quoted = "; ".join(around_cue(_value(s), cue, 160) for s in found[:6])
    return Claim(quoted, True, found[:6], f"The {name} posting mentions {asked}: {quoted}.")


_NO_BENEFITS = re.compile(r"\bno benefits(?: (?:are )?(?:listed|offered|provided|included))?\b", re.I)


def benefit_lines(posting: Posting) -> list[Span]:
    """The lines of the posting's body speaking of benefits ("A benefits package valued at over $16,000",
    "bonuses for sign-on, recruitment, & performance")."""
    return _body_lines(posting, _BENEFIT_CUE)


def _any_one(ctx: Context) -> bool:
    return re.search(r"\bor\b", ctx.text, re.I) is not None


def _uses(text: str, word: str) -> bool:
    return _word_pattern(word).search(text) is not None


@functools.lru_cache(maxsize=1024)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` as a whole word or its plural, any case: one alternative per word, so that a scan
    can skip the words a text cannot hold (`knowledge.literals.finditer`)."""
    if not words:
        return re.compile(r"(?!)")  # no word: nothing matches
    return re.compile("|".join(rf"(?<![\w]){re.escape(w)}(?:e?s)?(?![\w])" for w in words), re.I)


@functools.lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    """`word` as a whole word, any case (compiled once: benefit lists test every synonym on every line)."""
    return re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])", re.I)


def _value(span: Span) -> str:
    value = getattr(span, "value", None)
    return value if isinstance(value, str) else span.text


def _type(posting: Posting, ctx: Context) -> Claim:
    name = name_of(posting)
    types = [f.value for f in posting.employment_types]
    offered = [f.value for f in posting.employment_either]  # "Full Time or Part Time"
    citations: list[Span] = [*posting.employment_types[:3], *posting.employment_either[:2]]
    hours = posting.hours_per_week
    if hours is not None and all(c.start_line != hours.start_line for c in citations):
        citations.append(hours)
    described = " and ".join(t.value for t in types) or " or ".join(t.value for t in offered)
    if hours is not None:
        described = f"{described}, {hours.value:g} hours/week" if described else f"{hours.value:g} hours/week"
    if not described:
        if posting.duration is not None:
            return Claim(
                f"lasts {posting.duration.value}",
                True,
                [posting.duration],
                f"The {name} lasts {posting.duration.value}; its type is not stated.",
            )
        return Claim(
            "type and hours not stated",
            False,
            _anchor(posting),
            f"I couldn't find whether the {name} is full-time or part-time.",
        )
    # "is it full or part time?", "an employee job or consulting?" ask which, not whether
    either = bool(ctx.filters.types) and _ALTERNATIVES.search(ctx.text) is not None
    more = _type_said(posting, posting.offered_types, citations)
    said = _it_says(more, 200)
    citations += more
    if ctx.filters.types and not either:
        hit = [t for t in ctx.filters.types if t in types or t in offered]
        if hit and not types:
            sentence = f"Yes: the {name} can be {hit[0].value}; it is offered {described}.{said}"
        elif hit:
            sentence = f"Yes: the {name} is {described}.{said}"
        elif types:
            sentence = f"No: the {name} is listed as {described}.{said}"
        else:
            sentence = f"The {name} posting does not say; it states {described}."
        return Claim(described, bool(hit), citations, sentence)
    # "is it part time or full time?" of an internship: what the body says about either is quoted too
    answered = not either or bool(ctx.filters.types & {*types, *offered})
    return Claim(described, answered, citations, f"The {name} is {described}.{said}")


_ALTERNATIVES = re.compile(r"\bor\b(?!\s+(?:not|no|more|less|fewer)\b)", re.I)
"""An "or" offering a choice ("full time or part time?"), not "or not" / "or more"."""
_TYPE_SAID = re.compile(
    r"\b(?:full|part)[- ]?time\b|(?-i:\b[FP]T\b)|\btemporary\b|\bcontract(?:or)?\b|\bconsult(?:ant|ing)\b"
    r"|\bseasonal\b|\bpermanent\b|\bper[- ]diem\b", re.I)
"""Words stating a job's terms in the body ("This is a part-time consultant role.")."""


def _type_said(posting: Posting, types: Sequence[Span], citations: Sequence[Span]) -> list[Span]:
    """The body's sentence on the job's terms (other than the `citations`), when the `types` were read
    from a board's front matter only (a tag says "Consultant"; the body "This is a part-time consultant
    role.")."""
    front = _front_end(posting)
    if not types or any(t.start_line > front for t in types):
        return []
    return body_saying(posting, _TYPE_SAID, citations, limit=1)


def _date_claim(attribute: str, what: str, verb: str) -> Callable[[Posting, Context], Claim]:
    def claim(posting: Posting, ctx: Context) -> Claim:
        fact = getattr(posting, attribute)
        if fact is None:
            return Claim(
                f"no {what} stated",
                False,
                _anchor(posting),
                f"I couldn't find {_article(what)} in the {name_of(posting)} posting.",
            )
        day = format_date(fact.value)
        return Claim(f"{verb} {day}", True, [fact], f"The {name_of(posting)} {verb} {day}.")

    return claim


def _article(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def _duration(posting: Posting, ctx: Context) -> Claim:
    name = name_of(posting)
    if posting.duration is not None:
        dates = [f for f in (posting.start_date, posting.end_date) if f is not None]
        between = ""
        if len(dates) == 2:
            between = f", from {format_date(dates[0].value)} to {format_date(dates[1].value)}"
        elif posting.end_date is not None:
            between = f", ending {format_date(posting.end_date.value)}"
        return Claim(f"lasts {posting.duration.value}{between}", True, [posting.duration, *dates],
                     f"The {name} lasts {posting.duration.value}{between}.")
    if posting.start_date is not None and posting.end_date is not None:
        start, end = format_date(posting.start_date.value), format_date(posting.end_date.value)
        return Claim(
            f"from {start} to {end}",
            True,
            [posting.start_date, posting.end_date],
            f"The {name} runs from {start} to {end}.",
        )
    if posting.end_date is not None:
        return _END(posting, ctx)
    return Claim(
        "duration not stated",
        False,
        _anchor(posting),
        f"I couldn't find how long the {name} lasts.",
    )


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_TERM_SAID = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](?:weeks?|months?)\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|—|to|through|until)\s*(?:{_MONTH}\s+)?\d{{1,2}}\b"
    rf"|\b(?:to|until|through|thru|ending)\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s+\d{{4}}"
    rf"|\b(?:to|until|through|thru|ending)\s+{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\bfrom\s+{_MONTH}\s+(?:\d{{4}}\s+)?(?:to|through|until|-|–)\s+{_MONTH}", re.I)
"""How long a role runs, in the posting's words: "six weeks", "July 11-August 19", "to 30 May 2021"."""
_NOT_TERM = re.compile(r"\bprobation|\bexperience\b|\bnotice\b|\bappl(?:y|ying|ications?)\b|\bdeadline|"
                       r"\bsubmi(?:t|ssions?)\b|\bclos(?:e|es|ing)\b|\bresumes?\b", re.I)
"""A period that is not the role's term ("a 3-month probation period", "applications accepted until …")."""


def _with_term(claim_of: Callable[[Posting, Context], Claim]) -> Callable[[Posting, Context], Claim]:
    """`claim_of`, with the posting's own words about how long the role runs quoted beside a stated value
    (a duration read as "6 weeks" beside "six weeks July 11-August 19"; the hours beside the end date)."""

    def claim(posting: Posting, ctx: Context) -> Claim:
        made = claim_of(posting, ctx)
        if not made.stated:
            return made
        cited = {x.start_line for x in made.spans}
        lines = [x for x in find_matching(posting, _TERM_SAID, limit=4)
                 if x.start_line not in cited and not _NOT_TERM.search(x.text)][:2]
        if not lines:
            return made
        quoted = "; ".join(f"“{around_cue(x.text, _TERM_SAID, 140)}”" for x in lines)
        said = _sentence(f"{made.sentence} About when it runs, it says: {quoted}")
        return Claim(made.phrase, True, [*made.spans, *lines], said)

    return claim


def _hours(posting: Posting, ctx: Context) -> Claim:
    """Weekly hours, with the shifts or times the posting states beside them."""
    claim = _weekly_hours(posting, ctx)
    if claim.stated and posting.schedule and claim.spans and claim.spans[0] not in posting.schedule:
        shifts = _schedule(posting, ctx)
        claim = Claim(f"{claim.phrase}; schedule: {shifts.phrase}", True, [*claim.spans, *shifts.spans],
                      f"{claim.sentence} Schedule: {shifts.phrase}.")
    return claim


def _weekly_hours(posting: Posting, ctx: Context) -> Claim:
    name, hours = name_of(posting), posting.hours
    if hours is not None:
        amount = f"{hours.min:g}" if hours.min == hours.max else f"{hours.min:g}–{hours.max:g}"
        return Claim(f"{amount} hours/week", True, [hours], f"The {name} is {amount} hours/week.")
    if posting.hours_per_week is not None:
        amount = f"{posting.hours_per_week.value:g}"
        return Claim(
            f"{amount} hours/week", True, [posting.hours_per_week], f"The {name} is {amount} hours/week."
        )
    if posting.schedule:
        return Claim("; ".join(dict.fromkeys(trim(f.value, 80) for f in posting.schedule[:4])), True,
                     list(posting.schedule[:4]), f"The {name} schedule: "
                     + "; ".join(dict.fromkeys(trim(f.value, 80) for f in posting.schedule[:4])) + ".")
    return Claim("hours not stated", False, _anchor(posting), f"I couldn't find the hours of the {name}.")


def _hours_rank(posting: Posting, ctx: Context) -> float | None:
    if posting.hours is not None:
        return posting.hours.max
    return posting.hours_per_week.value if posting.hours_per_week is not None else None


def _schedule(posting: Posting, ctx: Context) -> Claim:
    name = name_of(posting)
    if posting.schedule:
        said = "; ".join(dict.fromkeys(trim(f.value, 80) for f in posting.schedule[:4]))
        return Claim(said, True, list(posting.schedule[:4]), f"The {name} schedule: {said}.")
    if posting.hours is not None or posting.hours_per_week is not None:
        return _weekly_hours(posting, ctx)
    return Claim(
        "schedule not stated", False, _anchor(posting), f"I couldn't find a schedule in the {name} posting."
    )


def _reports_to(posting: Posting, ctx: Context) -> Claim:
    fact = posting.reports_to
    if fact is None:
        return Claim(
            "reporting line not stated",
            False,
            _anchor(posting),
            f"I couldn't find who the {name_of(posting)} reports to.",
        )
    return Claim(f"reports to {fact.value}", True, [fact], f"The {name_of(posting)} reports to {fact.value}.")


def _experience_rank(posting: Posting, ctx: Context) -> float | None:
    years = posting.min_years_experience
    return float(years.value) if years is not None else None


_START = _date_claim("start_date", "start date", "starts on")
_END = _date_claim("end_date", "end date", "ends on")
_POSTED = _date_claim("posted_date", "posting date", "was posted on")


def _date_rank(attribute: str) -> Callable[[Posting, Context], float | None]:
    def rank(posting: Posting, ctx: Context) -> float | None:
        fact = getattr(posting, attribute)
        return float(fact.value.toordinal()) if fact is not None else None

    return rank


_DETAILS_CUE = re.compile(
    r"\b(?:more|full|further|additional|complete)\s+(?:details|information|info|description)\b"
    r"|\bfor\s+(?:the\s+)?details\b|\b(?:full|complete)\s+(?:job\s+)?(?:description|posting|announcement)\b"
    r"|\battached\b|\b(?:read|learn)\s+more\s+about\s+(?:the|this)\s+(?:role|job|position|opening)\b", re.I)
"""Lines pointing elsewhere for more about the role ("Please see the attached PDF for details")."""


def _points_to_details(posting: Posting) -> bool:
    # the words every cue needs tested first: most postings hold none, and the scan is then skipped
    text = posting.text
    return literals.Folded(text).may_match(_DETAILS_CUE) and _DETAILS_CUE.search(text) is not None


def _details(posting: Posting, ctx: Context) -> Claim:
    lines = find_matching(posting, _DETAILS_CUE)
    if not lines:
        return _not_found(posting, "a pointer to more details (an attachment or a full description)")
    quoted = "; ".join(f"“{around_cue(s.text, _DETAILS_CUE, 160)}”" for s in lines)
    return Claim(f"for more details it says: {quoted}", True, lines,
                 f"For more details, the {name_of(posting)} posting says: {quoted}")


_DUTIES_HEADINGS = tuple(re.compile(p, re.I) for p in (
    r"(?<!supervisory )(?:responsibilit|duties)|what you(?:[’']ll| will) (?:do|be doing)|essential functions"
    r"|key (?:tasks|activities)|day[- ]to[- ]day",
    r"\bthe role\b|about the (?:job|role|position)",
))
"""Headings of the section saying what the role does: "Responsibilities", "What You Will Do", and else
the weaker "About the Role"."""
_MAX_DUTIES = 3


def _duties_passages(posting: Posting) -> list[Passage]:
    """The first passages of the posting's first section about what the role does."""
    for heading in _DUTIES_HEADINGS:
        for section in posting.sections:
            if section.heading and heading.search(section.heading):
                found = [p for p in posting.passages if p.section == section.heading and p.text.strip()
                         and p.start_line > section.start_line]
                if found:
                    return found[:_MAX_DUTIES]
    return []


def _duties(posting: Posting, ctx: Context) -> Claim:
    passages = _duties_passages(posting)
    spans = [Span(text=p.text, start_line=p.start_line, end_line=p.end_line) for p in passages]
    if not spans:
        return _duties_said(posting, ctx)
    heading = passages[0].section
    quoted = "; ".join(f"“{trim(s.text, 140)}”" for s in spans)
    return Claim(f"under “{heading}”: {quoted}", True, spans,
                 f"What the {name_of(posting)} does, under “{heading}”: {quoted}")


_duties_said = _or_quoted(lambda posting, ctx: _not_found(posting, "a list of duties"), "what the role does",
                          r"\bresponsib\w*|\bduties\b|\byou will\b|\bwill (?:be )?(?:lead|manag|oversee|hire"
                          r"|work|support|coordinat|develop|build|plan|run|serve|organiz|train|supervis)\w*")
"""Without a section of duties, the lines that speak of them."""


def _text(posting: Posting, ctx: Context) -> Claim:
    return Claim(name_of(posting), True, _anchor(posting), f"The {name_of(posting)}.")


_DEADLINE_CUES = (r"\bdeadline|\bclos(?:e|es|ing)(?:_date|\b)|\bapply by\b|\bdue\b|\buntil filled\b|"
                  r"\brolling\b")
_REMOTE_CUES = (r"\bremote(?:ly)?\b|\bhybrid\b|\bin[- ]person\b|\btelecommut|\bfrom home\b|\bon[- ]?site\b|"
                r"\bin (?:the|our) office\b|\bdays? (?:a|per) week\b")
_PLACE_CUES = r"\blocation\b|\bbased in\b|\boffice\b|\blocated\b"
_REMOTE_SAID = re.compile(_REMOTE_CUES, re.I)
_ASKS_FROM_WHERE = re.compile(r"\banywhere\b|\bwhere\b|\b(?:live|reside|based)\b", re.I)
_FROM_WHERE_SAID = re.compile(
    r"\banywhere\b|\bany (?:U\.?S\.? |US |American )?(?:location|state|city|place)s?\b"
    r"|\b(?:be based|live|reside) (?:in|within)\b", re.I)
"""Where a role may be done from ("can be based anywhere in the United States", "from any U.S. location")."""
WORK_PLACE = Cue(
    re.compile(
        r"\bwork(?:ing)? (?:from|remotely from|out of)\b|\bbased (?:in|out of|at)\b|\blocated (?:in|at)\b|"
        r"\blocation\s*:|\bavailable in\b|\bmust (?:live|reside) in\b|\b(?:live|reside) in or near\b|"
        r"\boffices? (?:in|at)\b|\bposition is in\b|\bduty station\b|\bresidents? of\b", re.I),
    ("work from", "working from", "work remotely", "working remotely", "work out of", "working out of",
     "based in", "based out", "based at", "located in", "located at", "location", "available in", "live in",
     "reside in", "office in", "offices in", "office at", "offices at", "position is in", "duty station",
     "residents of", "resident of"))
"""Words saying where the work is done ("Work from Arizona, …", "based in our New York newsroom"); not
"we work in 12 states", which says where an organization is active."""
_SITES = Cue(re.compile(WORK_PLACE.pattern.pattern
                        + r"|\blocations? in\b|\b(?:clinics|health centers?|sites) in\b", re.I),
             (*WORK_PLACE.needles, "clinics in", "health center", "sites in"))
"""Where the work is done or the sites where it may be ("three health center locations in Ohio: Dayton,
…"): quoted beside a location, never read as one."""
_HOURS_CUES = r"\bhours?\b|\bhrs?\b|\bshifts?\b|\d\s*(?:am|pm)\b|\bper week\b|/\s*wk\b"
_TERM_CUES = (r"\bduration\b|\bcontract (?:period|term|length)\b|\b(?:\d+|one|two|three|four|six|twelve)[- ]"
              r"(?:weeks?|months?|years?)\b|\bend(?:s|ing)?\b|\bthrough\b")
_START_CUES = r"\bstart date\b|\bstarting (?:on|in|date)\b|\bbegins?\b|\bbeginning\b"
_TYPE_CUES = r"\bfull[- ]time\b|\bpart[- ]time\b|\btemporary\b|\bcontract\b|\bseasonal\b|\bpermanent\b"

def _open_states(posting: Posting) -> bool:
    return posting.deadline is not None and (posting.deadline.date is not None or posting.deadline.rolling)


def _location_states(posting: Posting) -> bool:
    return posting.location is not None or bool(posting.places) or posting.remote is not None


FIELDS: dict[Ask, Field] = {f.ask: f for f in (
    Field(Ask.PAY, "pay", lambda p: p.salary is not None and p.salary.has_figure, _pay, _pay_rank),
    Field(Ask.DEADLINE, "deadline", lambda p: p.deadline is not None and p.deadline.date is not None,
          _or_quoted(_deadline, "a deadline", _DEADLINE_CUES), _deadline_rank),
    Field(Ask.OPEN, "open", _open_states, _or_quoted(_open, "a deadline", _DEADLINE_CUES), _deadline_rank),
    Field(Ask.REMOTE, "remote", lambda p: p.remote_status != RemoteStatus.UNKNOWN,
          _or_quoted(_remote, "whether it is remote", _REMOTE_CUES)),
    Field(Ask.LOCATION, "location", _location_states, _or_quoted(_location, "a location", _PLACE_CUES)),
    Field(Ask.APPLY, "how to apply", lambda p: p.apply is not None, _apply),
    Field(Ask.CONTACT, "contact", lambda p: p.apply is not None, _contact),
    Field(Ask.REQUIREMENTS, "requirements", _requirements_states, _requirements),
    Field(Ask.EXPERIENCE, "experience", lambda p: p.min_years_experience is not None, _experience,
          _experience_rank),
    Field(Ask.DEGREE, "degree", lambda p: p.degree is not None, _degree, wording_decides=True),
    Field(Ask.LANGUAGES, "languages", _languages_states, _languages, wording_decides=True),
    Field(Ask.LICENCE, "driver's licence", lambda p: p.drivers_license is not None, _licence),
    Field(Ask.TRAVEL, "travel", lambda p: p.travel is not None, _travel),
    Field(Ask.BENEFITS, "benefits", lambda p: bool(p.benefits), _benefits, wording_decides=True),
    Field(Ask.TYPE, "type", lambda p: bool(p.offered_types) or p.hours_per_week is not None,
          _or_quoted(_type, "the type of employment", _TYPE_CUES), wording_decides=True),
    Field(Ask.START, "start date", lambda p: p.start_date is not None,
          _or_quoted(_START, "a start date", _START_CUES), _date_rank("start_date")),
    Field(Ask.END, "end date", lambda p: p.end_date is not None, _or_quoted(_END, "an end date", _TERM_CUES),
          _date_rank("end_date")),
    Field(Ask.DURATION, "duration", lambda p: p.duration is not None,
          _or_quoted(_with_term(_duration), "how long it lasts", _TERM_CUES)),
    Field(Ask.HOURS, "hours", lambda p: p.hours is not None or p.hours_per_week is not None,
          _or_quoted(_with_term(_hours), "the hours", _HOURS_CUES), _hours_rank),
    Field(Ask.SCHEDULE, "schedule", lambda p: bool(p.schedule),
          _or_quoted(_schedule, "a schedule", _HOURS_CUES)),
    Field(Ask.REPORTS_TO, "reports to", lambda p: p.reports_to is not None,
          _or_quoted(_reports_to, "a reporting line", r"\breport(?:s|ing)? to\b|\bsupervis")),
    Field(Ask.POSTED, "posting date", lambda p: p.posted_date is not None, _POSTED,
          _date_rank("posted_date")),
    Field(Ask.DUTIES, "duties", lambda p: bool(_duties_passages(p)), _duties),
    Field(Ask.DETAILS, "details", _points_to_details, _details),
    Field(Ask.TEXT, "text", lambda p: True, _text),
)}
"""Every `Ask` and what it means for a posting (a test checks each member has an entry)."""
