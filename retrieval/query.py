"""Question understanding: a member's question -> what is asked, about which postings, with which filters.

Nothing here names a posting: the postings' own titles, organizations (and their acronyms) and
locations are the vocabulary a question is matched against. Every function is total: any string,
however odd, yields a `Query`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.extract.requirements import LANGUAGES
from knowledge.models import EmploymentType, Posting, RemoteStatus
from retrieval.tokenize import tokenize
from retrieval.understand.catalog import _ASKING, _GENERIC, Catalog, benefit_words, posting_names, text_words
from retrieval.understand.text import MAX_QUESTION_CHARS

__all__ = ["KINDS", "MAX_QUESTION_CHARS", "Catalog", "Filters", "Query", "benefit_words", "posting_names",
           "text_words", "understand"]

KINDS = ("pay", "deadline", "remote", "apply", "requirements", "benefits", "employment", "reports_to",
         "list", "free")


@dataclass(frozen=True)
class Filters:
    """Constraints a question puts on the postings ("remote jobs paying over $60k")."""

    remote: RemoteStatus | None = None
    min_salary: float | None = None
    location: str | None = None
    type: EmploymentType | None = None
    closing_before: dt.date | None = None
    language: str | None = None
    open_only: bool = False
    """Only postings still open (questions about what is closing soon)."""

    def __bool__(self) -> bool:
        return any(v not in (None, False) for v in (self.remote, self.min_salary, self.location, self.type,
                                                    self.closing_before, self.language, self.open_only))


@dataclass(frozen=True)
class Query:
    """What a question asks (`kind`), about which postings (`targets`, ids; empty = not named)."""

    text: str
    kind: str
    targets: tuple[str, ...] = ()
    all_postings: bool = False
    """A question about every posting ("which roles...", "any jobs..."), rather than one."""
    filters: Filters = field(default_factory=Filters)
    aspects: tuple[str, ...] = ()
    """For requirements: experience, languages, licence, travel; for employment: the type asked about."""


# Order matters: the first kind whose pattern matches wins (pay before requirements: "experience pay").
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(p, re.I)) for kind, p in (
    # Specific requirements first: "how much travel" is not about pay.
    ("requirements", r"\btravel|\blicen[cs]e|\bdriver|\bbilingual\b|\blanguages?\b|\bspeak|\bfluen"),
    ("reports_to", r"\breport(?:s|ing)? (?:to|line)\b|\bwho(?:'s| is| will be)? (?:the |my )?"
                   r"(?:supervisor|manager|boss)\b|\bsupervised by\b|\bwho supervises\b"),
    ("apply", r"\bhow (?:do|can|should|would|to) (?:i |we |you |one )?apply\b|\bapplication (?:process|"
              r"instructions?)\b|\bwhere (?:do|can|should) (?:i|we) (?:apply|send)\b|\bsend (?:my |a |the )?"
              r"(?:resume|cv|application)\b|\bapply (?:to|for|at|through|via|by email)\b|\bcontact email\b"),
    ("deadline", r"\bdeadline|\bclos(?:e|es|ing|ed)\b|\bdue\b|\bapply by\b|\blast day\b|\bstill open\b|"
                 r"\bstill (?:accepting|taking)\b|\bexpir|\bwhen (?:do|does|should|can|must) .*\bapply\b|"
                 r"\bstart date\b|\bwhen .*\bstart\b|\bopen until\b"),
    # "paid time off", "paid parental leave" are benefits.
    ("pay", r"\bpay|\bpaid\b(?!\s+(?:\w+\s+)?(?:leave|time off|holidays?|vacation|sick|days?)\b)|"
            r"\bsalar|\bcompensat|\bwages?\b|\bhow much\b|\bearn|\$|\bhourly\b|\bstipend\b|\brate\b|"
            r"\bincome\b"),
    ("benefits", r"\bbenefit|\bhealth|\binsurance\b|\bdental\b|\bvision\b|\bvacation|\bpto\b|\bpaid time off"
                 r"|\b40[13]\s*\(?[kb]\)?|\bretirement\b|\bholidays?\b|\bsick (?:days?|leave)\b|\bperks?\b|"
                 r"\bleave\b"),
    ("employment", r"\bpart[- ]?time\b|\bfull[- ]?time\b|\btemporary\b|\btemp\b|\bcontract(?:or)?\b|"
                   r"\bintern(?:ship)?s?\b|\bfellow(?:ship)?s?\b|\bpermanent\b|\bseasonal\b|\bhours?\b|"
                   r"\bschedule\b|\bemployment type\b"),
    ("remote", r"\bremote(?:ly)?\b|\bhybrid\b|\bon[- ]?site\b|\bin[- ]person\b|\bwork(?:ing)? from home\b|"
               r"\bwfh\b|\bwhere\b|\blocat|\bbased\b|\boffice\b|\brelocat|\bcity\b"),
    ("requirements", r"\brequir|\bqualif|\bexperience|\byears?\b|\blanguages?\b|\bbilingual\b|\bspeak|"
                     r"\bfluent|\blicen[cs]e|\bdriv(?:e|er|ers|er's|ing)\b|\bcar\b|\bvehicle\b|\btravel|"
                     r"\bdegree\b|\bskills?\b|\bneed(?:s|ed)?\b|\bmust\b|\bcandidate|\blooking for\b"),
))
_LIST = re.compile(r"^\W*(?:which|any|list|show|name|are there|is there|do (?:any|you have)|"
                   r"give me|tell me (?:about )?(?:the |all )|find|(?:all|every|each)\b)"
                   r"|\b(?:what|which|any|all|every|each|other) (?:of the )?(?:\w+ )?"
                   r"(?:jobs?|roles?|positions?|postings?|openings?|ones?|opportunit\w*)\b"
                   r"|\bclosing soon\b|\bthis (?:week|month)\b", re.I)
_SINGLE_WHAT = re.compile(r"^\W*what (?:is|are|does|do|'s)\b", re.I)
_ASPECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("experience", re.compile(r"\bexperience|\byears?\b|\bseniority\b", re.I)),
    ("languages", re.compile(r"\blanguages?\b|\bbilingual\b|\bspeak|\bfluen", re.I)),
    ("licence", re.compile(r"\blicen[cs]e|\bdriv(?:e|er|ers|er's|ing)\b|\bcar\b|\bvehicle\b", re.I)),
    ("travel", re.compile(r"\btravel", re.I)),
)
_TYPES: tuple[tuple[EmploymentType, re.Pattern[str]], ...] = (
    (EmploymentType.PART_TIME, re.compile(r"\bpart[- ]?time\b", re.I)),
    (EmploymentType.FULL_TIME, re.compile(r"\bfull[- ]?time\b", re.I)),
    (EmploymentType.TEMPORARY, re.compile(r"\btemporary\b|\btemp\b|\bseasonal\b", re.I)),
    (EmploymentType.CONTRACT, re.compile(r"\bcontract(?:or|s)?\b", re.I)),
    (EmploymentType.INTERNSHIP, re.compile(r"\bintern(?:ship)?s?\b", re.I)),
    (EmploymentType.FELLOWSHIP, re.compile(r"\bfellow(?:ship)?s?\b", re.I)),
)
_REMOTE: tuple[tuple[RemoteStatus, re.Pattern[str]], ...] = (
    (RemoteStatus.HYBRID, re.compile(r"\bhybrid\b", re.I)),
    (RemoteStatus.ONSITE, re.compile(r"\bon[- ]?site\b|\bin[- ]person\b|\bin[- ]office\b", re.I)),
    (RemoteStatus.REMOTE, re.compile(r"\bremote(?:ly)?\b|\bwork(?:ing)? from home\b|\bwfh\b", re.I)),
)
_MIN_PAY = re.compile(
    r"(?:over|above|more than|at least|min(?:imum)?(?: of)?|paying|pays?|starting at|from|>=?|≥)\s*"
    r"(?:of\s*)?(?:US)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k\b|thousand\b)?"
    r"(?:\s*(?:/|an?|per)\s*(hour|hr|h|week|wk|month|mo|year|yr)\b)?", re.I)
_PERIOD_HOURS = {"hour": 2080.0, "hr": 2080.0, "h": 2080.0, "week": 52.0, "wk": 52.0, "month": 12.0,
                 "mo": 12.0, "year": 1.0, "yr": 1.0}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS.pop("may", None)  # "may" is usually the verb; "May" the month is handled by capitalisation below
_BEFORE = re.compile(r"\b(?:before|by|until|prior to|ahead of)\s+(?:the\s+)?(?:end of\s+)?([A-Za-z]+\.?)"
                     r"(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(\d{4}))?", re.I)
_ISO = re.compile(r"\b(?:before|by|until)\s+(\d{4})-(\d{2})-(\d{2})\b", re.I)
_SOON = re.compile(r"\bclos\w* soon\b|\bsoon\b.*\bclos|\bending soon\b|\bdue soon\b|\bcoming up\b", re.I)
_THIS_WEEK = re.compile(r"\b(?:this|next|within a|in a|the next) week\b|\bnext (?:7|seven) days\b", re.I)
_THIS_MONTH = re.compile(r"\b(?:this|next|within a|in a|the next) month\b|\bnext (?:30|thirty) days\b", re.I)
_LOCATION = re.compile(r"\b(?:in|near|around|based in|located in|out of|from)\s+((?:the\s+)?"
                       r"[A-Z][\w.'’-]*(?:[ ,]+(?:[A-Z][\w.'’-]*|of|de|la))*)")
_JOB_WORDS = re.compile(r"\b(?:jobs?|roles?|positions?|openings?|postings?|vacanc\w*|opportunit\w*|work|"
                        r"hiring|anything|something|internships?|fellowships?)\b", re.I)
_NOT_PLACES = frozenset({"remote", "hybrid", "person", "office", "the", "a", "an", "english", "spanish",
                         "total", "general", "addition", "particular", "short", "order"})
def understand(question: str, postings: Sequence[Posting], today: dt.date, *,
               catalog: Catalog | None = None) -> Query:
    """Work out what `question` asks, about which of `postings`, under which filters. Never raises.

    `catalog` is `Catalog(postings)` when the caller keeps one (the engine does); built here otherwise.
    """
    text = _clean(question)
    if not text:
        return Query(text="", kind="free")
    catalog = catalog if catalog is not None else Catalog(postings)
    kind = next((k for k, pattern in _KIND_PATTERNS if pattern.search(text)), "free")
    filters = _filters(text, catalog, today)
    targets = _targets(text, catalog, filters)
    if kind != "free" and len(_residual(text, catalog, targets, filters)) >= _FREE_WORDS:
        kind = "free"  # "who runs a hotline for workers fighting wage theft?" is not about pay
    is_list = bool(_LIST.search(text)) and not (targets and _SINGLE_WHAT.search(text))
    if is_list and len(targets) == 1 and not _mentions_plural(text):
        is_list = False
    if filters.location and not is_list:
        # "jobs in Denver" names a place: the postings there are the targets, not a filter.
        is_list = True
    aspects: tuple[str, ...] = ()
    if kind == "requirements":
        aspects = tuple(name for name, pattern in _ASPECTS if pattern.search(text))
        if filters.language and not aspects:
            aspects = ("languages",)
    elif kind == "employment":
        aspects = tuple(t.value for t, pattern in _TYPES if pattern.search(text))
    if kind in ("free", "list") and filters.language:
        kind = "requirements"
    if kind == "free" and (is_list or filters):
        kind = "list"
    if is_list and kind != "free":
        targets = ()  # filters, not names, pick the postings of a list question
    return Query(text=text, kind=kind, targets=targets, all_postings=is_list, filters=filters,
                 aspects=aspects)


_FREE_WORDS = 3
"""A question with this many words beyond field words and names is a free question, whatever field
word it also uses."""
_FIELD_WORDS = frozenset(tokenize(
    "pay paid pays salary salaries wage wages compensation earn earns make makes hourly rate income money "
    "much figure figures deadline close closes closing closed due date dates apply applying application "
    "applications open until filled soon week weeks month months year years day days start starts remote "
    "hybrid onsite site person office based where location located city travel require requires required "
    "requirement requirements qualification qualifications experience language languages speak bilingual "
    "fluent licence license driver driving degree skill skills need needs must candidate "
    "benefit benefits health insurance dental vision vacation pto retirement holiday holidays sick leave "
    "perk perks offer offers provide part full time type hours schedule temporary contract internship "
    "internships fellowship report reports supervisor manager boss send resume cv email contact list lists "
    "state states stated say says mention give gives still accept accepting over above least more than "
    "job jobs role roles position positions posting postings opening openings work get tell know "
    "this next any all which many long far often"))


def _residual(text: str, catalog: Catalog, targets: tuple[str, ...], filters: Filters) -> set[str]:
    """The question's words that are neither field words, names of its targets, nor its filters."""
    words = set(tokenize(text)) - _FIELD_WORDS - _GENERIC
    for target in targets:
        words -= catalog.names[catalog.ids[target]].weights.keys()
    for value in (filters.location, filters.language):
        if value:
            words -= set(tokenize(value))
    return {w for w in words if not w.isdigit()}


def _clean(question: str) -> str:
    """Printable text, Discord mentions and markdown markup removed, whitespace collapsed."""
    text = question[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
    text = re.sub(r"<[@#][!&]?\d+>|<a?:\w+:\d+>", " ", text)
    text = re.sub(r"[*_`~|>]+", " ", text)
    text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def _mentions_plural(text: str) -> bool:
    return bool(re.search(r"\b(?:jobs|roles|positions|postings|openings|ones)\b", text, re.I))


# --- targets -----------------------------------------------------------------------------------------


def _targets(text: str, catalog: Catalog, filters: Filters) -> tuple[str, ...]:
    """The postings the question names: by a name phrase ("deputy organizer"), an acronym, or a name
    word other postings (almost) never use ("Pasadena"); the most distinctive naming wins."""
    total = len(catalog.postings)
    if not total:
        return ()
    # A posting id typed as is ("/job pop-pasadena-organizer").
    for raw in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text.lower()):
        if raw in catalog.ids:
            return (raw,)
    skip = _GENERIC | _ASKING | (set(tokenize(filters.language)) if filters.language else set())
    asked = [t for t in tokenize(text) if t not in skip]
    if not asked:
        return ()
    asked_pairs = set(itertools.pairwise(asked))
    words = set(asked)
    candidates = _naming_candidates(catalog, words, asked_pairs)
    scores = {i: _naming_score(catalog, i, words, asked_pairs) for i in candidates}
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return ()
    chosen = tuple(catalog.postings[i].id for i in candidates if scores[i] >= best - 1e-9)
    return chosen if len(chosen) <= max(3, total // 3) else ()


def _naming_candidates(catalog: Catalog, words: set[str], asked_pairs: set[tuple[str, str]]) -> list[int]:
    """The postings `_naming_score` may score above 0: those a word can support (a name pair, an
    acronym, or a name word rare enough in the postings' texts), ascending."""
    rare = [w for w in words if catalog.text_df[w] - 1 <= max(1, len(catalog.postings) // 20)]
    return sorted({*(i for w in rare for i in catalog.by_name.get(w, ())),
                   *(i for pair in asked_pairs for i in catalog.by_pair.get(pair, ())),
                   *(i for w in words for i in catalog.by_acronym.get(w, ()))})


def _naming_score(catalog: Catalog, i: int, words: set[str], asked_pairs: set[tuple[str, str]]) -> float:
    """How distinctively the question's words name posting `i` (0: they do not)."""
    total = len(catalog.postings)
    n = catalog.names[i]
    supported = {t for pair in asked_pairs & n.pairs for t in pair} | (words & n.acronyms)
    for token in words & n.weights.keys() - supported:
        # Postings other than this one whose text uses the word.
        others = catalog.text_df[token] - (token in catalog.texts[i])
        # A title word may be used elsewhere once in a while ("canvass data"); other name words
        # ("Northern", "Fund") only name a posting when no other posting uses them at all.
        if others <= 0 or (token in n.title and others <= max(1, total // 20)):
            supported.add(token)
    # A word naming most postings ("organizer" in a corpus of organizers) says little on its own.
    df = catalog.name_df
    return sum(n.weights[t] * math.log(1 + total / df[t]) for t in supported if df[t] < total or total == 1)


# --- filters -----------------------------------------------------------------------------------------


def _filters(text: str, catalog: Catalog, today: dt.date) -> Filters:
    remote = next((status for status, pattern in _REMOTE if pattern.search(text)), None)
    employment = next((t for t, pattern in _TYPES if pattern.search(text)), None)
    closing_before, open_only = _closing(text, today)
    return Filters(remote=remote, min_salary=_min_salary(text), location=_location(text, catalog),
                   type=employment, closing_before=closing_before, language=_language(text, catalog),
                   open_only=open_only)


def _min_salary(text: str) -> float | None:
    for match in _MIN_PAY.finditer(text):
        number, thousands, period = match.groups()
        if not (thousands or period or "$" in match.group(0)):
            continue  # "at least 3 years" is not pay
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            continue
        if thousands:
            value *= 1000
        value *= _PERIOD_HOURS.get((period or "year").lower(), 1.0)
        if math.isfinite(value) and value > 0:
            return value
    return None


def _closing(text: str, today: dt.date) -> tuple[dt.date | None, bool]:
    """A "closes before" date from the question, and whether only open postings are wanted."""
    if iso := _ISO.search(text):
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])), True
        except ValueError:
            pass
    for match in _BEFORE.finditer(text):
        word, day, year = match.groups()
        name = word.rstrip(".").lower()
        month = _MONTHS.get(name) or (5 if word == "May" else None)
        if month is None:
            continue
        try:
            if year:
                target = dt.date(int(year), month, int(day) if day else 1)
            else:
                target = dt.date(today.year, month, int(day) if day else 1)
                if target <= today:  # a month without a year: its next occurrence
                    target = target.replace(year=today.year + 1)
        except ValueError:
            continue
        if "end of" in match.group(0).lower() and not day:
            last = calendar.monthrange(target.year, target.month)[1]
            target = target.replace(day=last) + dt.timedelta(days=1)
        return target, True
    if _THIS_WEEK.search(text) and re.search(r"\bclos|\bdeadline|\bdue\b", text, re.I):
        return today + dt.timedelta(days=8), True
    if _THIS_MONTH.search(text) and re.search(r"\bclos|\bdeadline|\bdue\b", text, re.I):
        return today + dt.timedelta(days=31), True
    if _SOON.search(text):
        return today + dt.timedelta(days=15), True
    return None, False


def _location(text: str, catalog: Catalog) -> str | None:
    """A place named after "in" / "near" / "based in" in a question about jobs ("jobs in California")."""
    if not _JOB_WORDS.search(text):
        return None  # "who helps families in South Louisiana?" asks about an organization, not a filter
    for match in _LOCATION.finditer(text):
        words = match.group(1).strip(" ,.").split()
        while words and words[0].lower() == "the":
            words = words[1:]
        # Stop at words that are not part of a place ("in Denver Which ...").
        kept: list[str] = []
        for word in words:
            bare = word.strip(",.?!'’")
            if bare.lower() in _NOT_PLACES or bare.lower() in _MONTHS or bare == "May":
                break
            kept.append(bare)
        place = " ".join(kept).strip()
        if place and not _is_language(place):
            return place
    # A place some posting is located in, named anywhere ("Any Denver jobs?").
    words = set(tokenize(text))
    return next((place for place, tokens in catalog.places if tokens <= words), None)


def _is_language(word: str) -> bool:
    return word.lower() in {lang.lower() for lang in LANGUAGES}


def _language(text: str, catalog: Catalog) -> str | None:
    for name in catalog.languages:
        if name.lower() == "english":
            continue  # nearly every posting is in English; asking for it is not a filter
        if re.search(rf"\b{re.escape(name)}\b", text, re.I):
            return name
    return None
