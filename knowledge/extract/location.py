"""Location as stated, and remote / hybrid / onsite status.

Location, strongest rule first: a "Location:" style label; a US state or "City, ST" in the first
lines (the title); a cue such as "based in" / "preferably in"; the only "City, ST" named anywhere;
a city named through "city of X" / "X City Council" (ranked by how often X is named); a state named
at least twice. Several different "City, ST" places in the body (an office list) decide nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from knowledge.document import Document
from knowledge.extract import _gazetteer
from knowledge.extract._names import STREET_LINE
from knowledge.extract._prose import evidence, sentence_around, split_sentences
from knowledge.frontmatter import FrontMatter
from knowledge.literals import compile_scan, word_alternatives
from knowledge.models import Fact, Place, RemoteStatus, Section

STATES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
    "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
    "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM",
    "New York": "NY", "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "District of Columbia": "DC", "Puerto Rico": "PR",
}
_ABBREVIATIONS = "|".join(sorted(set(STATES.values())))
_STATE_NAMES = "|".join(sorted(STATES, key=len, reverse=True))
_STATE_RE = re.compile(word_alternatives(sorted(STATES, key=len, reverse=True)) + r"\b(?!,\s*(?:DC|D\.C\.))")
_CAP_WORD = r"(?:St\.|[A-Z][a-zA-Z'’-]+)"
# A city starts where a word starts (not inside "Ab-Cd-..."), and its words are joined by spaces (a
# hyphen already belongs to the word): a separator that a word can also hold made matching exponential.
_CITY_START = r"(?<![\w'’-])"
_REGIONS = {
    **dict.fromkeys(("Ontario", "ON", "Quebec", "Québec", "QC", "British Columbia", "BC", "Alberta", "AB",
                     "Manitoba", "MB", "Saskatchewan", "SK", "Nova Scotia", "NS", "New Brunswick", "NB",
                     "Newfoundland and Labrador", "NL", "Prince Edward Island", "PEI", "PE", "Yukon", "YT",
                     "Northwest Territories", "Nunavut", "NU"), "CA"),
    **dict.fromkeys(("New South Wales", "NSW", "Victoria", "VIC", "Queensland", "QLD", "Tasmania", "TAS",
                     "South Australia", "Western Australia", "Australian Capital Territory", "ACT"), "AU"),
}
"""Provinces and states outside the US (the codes no US state shares) -> their country."""
# The regions a "City, Region" line may end with: not one that is also a person's name ("Thanks, Victoria").
_REGIONS_WRITTEN = "|".join(sorted((re.escape(name) for name in _REGIONS if name != "Victoria"),
                                   key=len, reverse=True))
_CITY_ST_RE = re.compile(
    rf"{_CITY_START}{_CAP_WORD}(?: {_CAP_WORD}){{0,3}},[ \t]*(?:{_ABBREVIATIONS}|D\.C\.|{_REGIONS_WRITTEN})"
    r"(?![A-Za-z])")
_CITY_STATE_RE = re.compile(rf"{_CITY_START}{_CAP_WORD}(?: {_CAP_WORD}){{0,2}},[ \t]*(?:{_STATE_NAMES})\b")
# Capitalised words that start a sentence or name a thing, never a city.
_NOT_PLACE = {
    "In", "At", "The", "Our", "Based", "Located", "From", "Near", "Of", "With", "And", "Offices", "Office",
    "Headquarters", "Remote", "Location", "Locations", "This", "We", "Join", "Both", "Or", "For", "To",
    "Today", "Additionally", "However", "Currently", "Also", "Then", "Now", "Here", "There",
    "Thanks", "Best", "Regards", "Cheers", "Sincerely",
}
_LABEL_RE = re.compile(
    r"^[ \t*_#>-]*📍[ \t*_]*(?P<pin>\S(?:[^\n]*[^ \t\n])?)[ \t]*$"  # "📍 St. Johnsbury, VT"
    r"|^[ \t*_#>-]*(?:(?:job|work|office|primary|position|preferred)\s+)?"
    r"(?:location\(?s?\)?|based\s+in|based\s+out\s+of|where"
    r"|lieu(?:\s+de\s+travail)?|lugar(?:\s+de\s+trabajo)?|ubicaci[oó]n)[*_]*(?:[ \t]*:|[ \t]+[–—-][ \t])"
    r"[ \t*_]*(?P<value>\S(?:[^\n]*[^ \t\n])?)[ \t]*$",  # the value's end found once: linear
    re.IGNORECASE | re.MULTILINE)
_PIN_ASIDE_RE = re.compile(r",\s+(?=[a-z])")
"""Where a pinned place's aside begins: "📍 Christchurch, our office is in Sydenham"."""
# A table-like "Location Remote (anywhere in the U.S.)" row, with no colon.
_ROW_LABEL_RE = re.compile(
    r"^[ \t*_-]*(?i:job\s+|work\s+)?(?i:location)[ \t]+(?!(?i:type)\b)"  # not "Location Type Hybrid"
    r"(?P<value>[A-Z](?:[^\n]*[^ \t\n])?)[ \t]*$",
    re.MULTILINE)
_SEGMENT_SPLIT_RE = compile_scan(r"\s+[|·•—–-]\s+|\s*\|\s*")
_REMOTE_SEGMENT_RE = re.compile(r"(?i:remote)\b[^|]{0,25}$")
_BARE_LABEL_RE = re.compile(r"^[ \t*_#>-]*(?:job\s+|work\s+)?location\(?s?\)?[*_]*[ \t]*:?[ \t*_]*$",
                            re.IGNORECASE | re.MULTILINE)
_PLACE_CUE_RE = compile_scan(
    r"\b(?i:(?P<weak>headquartered)|based|located|(?:must|should)\s+(?:live|reside|be\s+located)|"
    r"preferably(?:\s+(?:based|located))?|reside|live|(?P<role>position|role|job))"
    r"\s+(?i:in|out\s+of|within|near)\s+(?:the\s+)?"
    rf"(?P<place>(?:U\.S\.(?:A\.)?|{_CAP_WORD}(?:(?:,\s*|\s+)(?:{_CAP_WORD}|[A-Z]{{2}}\b|D\.C\.))*))")
_BE_IN_RE = re.compile(
    rf"\bbe\s+in\s+(?P<place>(?:U\.S\.(?:A\.)?|{_CAP_WORD}(?:(?:,\s*|\s+)(?:{_CAP_WORD}|[A-Z]{{2}}\b|D\.C\.))*))")
"""A name one must "be in", read only inside a location label's value ("work from home (must be in PA)")."""
_CITY_CUE_RE = re.compile(
    r"\b[Cc]ity\s+of\s+(?P<a>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"|\b(?P<b>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+City\s+(?:Council|Hall)\b"
    r"|\bmake\s+(?P<c>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+an?\s+(?:[\w,]+\s+){0,8}city\b")
_REMOTE_WORD_RE = re.compile(r"\bremote\b", re.IGNORECASE)
_IN_A_CITY_RE = re.compile(r"\b(?:in|at|near|out\s+of|serv(?:e|es|ed|ing))\s+(?:(?:downtown|greater)\s+)?"
                           r"(?P<city>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})")
"""A capitalised name something is in, at or serves: a city when the gazetteer has one of that name."""
_NOT_A_CITY_TAIL = frozenset({"County", "Parish", "Region", "Area", "Valley", "Metro", "State", "District"})
_COUNTRY_RE = re.compile(r"^(?:U\.S\.(?:A\.)?|US|USA|United States(?: of America)?|America)$")
_MODE_NOTE_RE = re.compile(
    # Tried from the start of a run of spaces only, with the mode word found by a lookahead: linear.
    r"(?<!\s)\s*\((?=[^()]*\b(?:remote|hybrid|on-?site|in[- ]office|in[- ]person)\b)[^()]*\)\s*$",
    re.IGNORECASE)


class PlaceKind(StrEnum):
    REMOTE = "remote"
    COUNTRY = "country"
    STATE = "state"
    CITY = "city"
    OTHER = "other"


@dataclass(frozen=True)
class _Candidate:
    score: float
    value: str
    kind: PlaceKind
    start: int
    end: int


def find_location(doc: Document, sections: list[Section], *,
                  front: FrontMatter | None = None) -> Fact[str] | None:
    """The role's location, as the posting states it (e.g. "Remote, U.S.", "Springfield", "Austin, TX").

    A front-matter location is the board's structured statement and wins; its line is the evidence.
    """
    entries = list(front.all("location")) if front else []
    if entries:
        # `city = "Austin"` and `state = "TX"` on two lines state one place: "Austin, TX".
        values = list(dict.fromkeys(e.value.strip() for e in entries))
        return doc.fact(", ".join(values), min(e.start for e in entries), max(e.end for e in entries))
    found = locate(doc)
    return None if found is None else found[0]


def locate(doc: Document) -> tuple[Fact[str], PlaceKind] | None:
    """The location fact and what kind of place it names (used to judge local field work)."""
    mentions = _Mentions(doc.text)
    candidates = [*_labelled(doc), *_early_lines(doc), *_cued(doc, mentions), *_city_st(doc),
                  *_cities(doc, mentions),
                  *_states(doc)]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.score, -c.start))
    return doc.fact(best.value, best.start, best.end), best.kind


def _kind(value: str) -> PlaceKind:
    if _CITY_ST_RE.search(value) or _city_state(value):
        return PlaceKind.CITY
    if _STATE_RE.fullmatch(value):
        return PlaceKind.STATE
    if _COUNTRY_RE.match(value):
        return PlaceKind.COUNTRY
    if _REMOTE_WORD_RE.search(value):
        return PlaceKind.REMOTE
    return PlaceKind.OTHER


def _labelled(doc: Document) -> list[_Candidate]:
    found: list[_Candidate] = [*_label_above(doc)]
    rows = [m for m in doc.finditer(_ROW_LABEL_RE) if len(m.group("value").split()) <= 8]
    for match in [*doc.finditer(_LABEL_RE), *rows]:
        start, end = doc.line_span(doc.line_of(match.start()))
        if match.groupdict().get("pin"):  # "📍 Christchurch / Ōtautahi, our office is in Sydenham"
            value_start, value_end = match.span("pin")
            if aside := _PIN_ASIDE_RE.search(doc.text, value_start, value_end):
                value_end = aside.start()
        else:
            value_start, value_end = match.span("value")
        value = _label_value(doc.text, value_start, value_end)
        if value and len(value.split()) <= 6 and not re.match(r"(?:this|the|we|our|you)\b", value, re.I):
            found.append(_Candidate(100, value, _kind(value), start, end))
            continue
        inner = _place_in(doc, value_start, value_end)
        if inner is not None:
            found.append(_Candidate(100, inner[0], inner[1], start, end))
        elif _REMOTE_WORD_RE.search(doc.text, value_start, value_end):
            found.append(_Candidate(90, "Remote", PlaceKind.REMOTE, start, end))
    return found


def _label_value(text: str, start: int, end: int) -> str:
    """A label's value as stated: without a remote/on-site note and cut at its first sentence or ";"."""
    raw = _MODE_NOTE_RE.sub("", text[start:end].rstrip(" ;*_")) or text[start:end]
    first_end = next(split_sentences(raw, 0, len(raw)), (0, len(raw)))[1]
    return _strip_period(raw[:first_end].split(";")[0].strip(" *_"))


def _label_above(doc: Document) -> list[_Candidate]:
    """A bare "Location:" line whose value is the next non-blank line."""
    found: list[_Candidate] = []
    for match in doc.finditer(_BARE_LABEL_RE):
        line = doc.line_of(match.start())
        following = [n for n in range(line + 1, min(line + 3, len(doc.lines)) + 1)
                     if doc.lines[n - 1].strip()]
        if not following:
            continue
        street = following[1] if len(following) > 1 else 0
        if street and street < len(doc.lines) and STREET_LINE.match(doc.lines[street - 1]):
            following = [street + 1]  # "Location / Union Name / 410 Pine Street / Duluth, MN": the city
        start, end = doc.line_span(following[0])
        if len(doc.lines[following[0] - 1].split()) <= 6:
            value = _strip_period(doc.text[start:end].strip(" \t;*_-•"))
            found.append(_Candidate(100, value, _kind(value), doc.line_span(line)[0], end))
        elif (inner := _place_in(doc, start, end)) is not None:  # "Campaign office, Frankston VIC, with…"
            found.append(_Candidate(100, inner[0], inner[1], doc.line_span(line)[0], end))
        elif _REMOTE_WORD_RE.search(doc.text, start, end):  # "Remote, worldwide. Some overlap with…"
            found.append(_Candidate(90, "Remote", PlaceKind.REMOTE, doc.line_span(line)[0], end))
    return found


def _place_in(doc: Document, start: int, end: int) -> tuple[str, PlaceKind] | None:
    """A place named inside a sentence-like label value."""
    for pattern in (_PLACE_CUE_RE, _CITY_ST_RE, _CITY_STATE_RE, _STATE_RE, _BE_IN_RE):
        match = pattern.search(doc.text, start, end)
        if match is not None:
            text = match.group("place") if pattern in (_PLACE_CUE_RE, _BE_IN_RE) else match.group(0)
            value = _clean_place(text)
            if value:
                return value, _kind(value)
    return None


def _clean_place(text: str) -> str:
    words = text.strip(" ,").split()
    while words and words[0].strip(",") in _NOT_PLACE:
        words.pop(0)
    return _strip_period(" ".join(words).rstrip(","))


def _strip_period(value: str) -> str:
    """Drop a sentence's final period, but not the one closing "U.S." or "D.C."."""
    if value.endswith(".") and not re.search(r"(?:\b[A-Z]\.){2,}$", value):
        return value[:-1].rstrip()
    return value


def _early_lines(doc: Document, count: int = 5) -> list[_Candidate]:
    """Places in the first lines (title, "Org · City, ST", "Full-time | Remote, U.S. | $45K")."""
    found: list[_Candidate] = []
    numbers = [n for n, line in enumerate(doc.lines, start=1) if line.strip()][:count]
    for number in numbers:
        start, end = doc.line_span(number)
        if end - start > 80 or doc.text[start:end].rstrip().endswith("."):
            continue  # a sentence, not a title
        for segment in _SEGMENT_SPLIT_RE.split(doc.text[start:end].strip(" #*_")):
            found.extend(_segment_places(segment.strip(" *_"), start, end))
    return found


def _segment_places(segment: str, start: int, end: int) -> list[_Candidate]:
    found: list[_Candidate] = []
    city = _CITY_ST_RE.search(segment) or _city_state(segment)
    if city is not None and "," in _clean_place(city.group(0)):  # a city is left after "Best, AB"
        found.append(_Candidate(60, _clean_place(city.group(0)), PlaceKind.CITY, start, end))
    if _REMOTE_SEGMENT_RE.match(segment):
        found.append(_Candidate(58, _strip_period(segment), PlaceKind.REMOTE, start, end))
    state = _STATE_RE.search(segment)
    if state is not None:
        found.append(_Candidate(55, state.group(0), PlaceKind.STATE, start, end))
    return found


def _city_state(text: str) -> re.Match[str] | None:
    """ "Bend, Oregon", unless the "city" is itself a state ("Texas, California")."""
    match = _CITY_STATE_RE.search(text)
    if match is None or _STATE_RE.fullmatch(match.group(0).split(",")[0].strip()):
        return None
    return match


def _cued(doc: Document, mentions: _Mentions) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in doc.finditer(_PLACE_CUE_RE):
        value = _clean_place(match.group("place"))
        kind = _kind(value)
        if not value or (kind is PlaceKind.OTHER and not _looks_like_name(mentions, value)):
            continue
        start, end = evidence(doc, match.start(), match.end())
        weak = match.group("weak") or match.group("role")
        found.append(_Candidate(35 if weak else 50, value, kind, start, end))
    return found


def _looks_like_name(mentions: _Mentions, value: str) -> bool:
    """An unknown capitalised phrase counts as a place only when it is named more than once."""
    return mentions.count(value) > 1


class _Mentions:
    """How often each phrase of up to `MAX_WORDS` words appears as whole words, counted in one pass.

    Counting each distinct name with its own search of the whole text was quadratic in the text.
    """

    MAX_WORDS = 4

    def __init__(self, text: str) -> None:
        self._text = text
        self._counts: Counter[str] | None = None  # counted on the first question: most postings ask none

    def count(self, phrase: str) -> int:
        """Whole-word occurrences of `phrase` (0 for a phrase of more words than are counted)."""
        if self._counts is None:
            self._counts = Counter()
            starts: list[int] = []
            for word in re.finditer(r"\w+", self._text):
                starts.append(word.start())
                del starts[:-self.MAX_WORDS]
                for first in starts:
                    self._counts[self._text[first:word.end()]] += 1
        return self._counts.get(phrase, 0)


def _city_st(doc: Document) -> list[_Candidate]:
    matches = [m for m in doc.finditer(_CITY_ST_RE) if "," in _clean_place(m.group(0))]  # not "Best, AB"
    if len({_clean_place(m.group(0)) for m in matches}) != 1:
        return []
    match = matches[0]
    start, end = evidence(doc, match.start(), match.end())
    return [_Candidate(40, _clean_place(match.group(0)), PlaceKind.CITY, start, end)]


def _cities(doc: Document, mentions: _Mentions) -> list[_Candidate]:
    firsts: dict[str, re.Match[str]] = {}
    for match in doc.finditer(_CITY_CUE_RE):
        name = match.group("a") or match.group("b") or match.group("c")
        if name not in _NOT_PLACE:
            firsts.setdefault(name, match)
    found: list[_Candidate] = []
    for name, match in firsts.items():
        start, end = evidence(doc, match.start(), match.end())
        found.append(_Candidate(20 + min(mentions.count(name), 15), name, PlaceKind.CITY, start, end))
    return found


def _states(doc: Document) -> list[_Candidate]:
    seen: dict[str, list[re.Match[str]]] = {}
    for match in doc.finditer(_STATE_RE):
        seen.setdefault(match.group(0), []).append(match)
    found: list[_Candidate] = []
    for name, matches in seen.items():
        if len(matches) >= 2:
            start, end = evidence(doc, matches[0].start(), matches[0].end())
            found.append(_Candidate(10 + min(len(matches), 9), name, PlaceKind.STATE, start, end))
    return found


# --- remote / hybrid / onsite -------------------------------------------------------------------

_NEGATION_RE = compile_scan(r"(?:\bnot\b|\bcannot\b|\bno\b|n[’']t\b|\bnon-?|\bnever\b)[\w\s-]{0,20}$",
                            re.IGNORECASE)
_NO_REMOTE = (r"\bno\s+remote\s+(?:option|work|possibilit\w*)\b|\bis\s+not\s+(?:a\s+)?remote\b"
              r"|\bnot\s+a\s+remote\s+(?:position|role|job|fellowship|internship)\b")
"""Words denying remote work: on-site in the body, and enough to take back a board's "Remote"."""
_NO_REMOTE_RE = compile_scan(_NO_REMOTE, re.IGNORECASE)
_IS_HYBRID_RE = compile_scan(r"\b(?:positions?|roles?|jobs?)\s+(?:is|are|will\s+be)\s+(?:a\s+)?hybrid\b"
                             r"|\bthis\s+is\s+a\s+hybrid\s+(?:position|role|job)\b"
                             # "Full-time hybrid role (mostly remote)"
                             r"|(?<!remote or )(?<!remote/)(?<!remote and )"
                             r"\bhybrid\s+(?:position|role|job)\b",
                             re.IGNORECASE)
"""Words saying the role is hybrid, which take back a board's "Remote" as plainly as a denial does."""
_CLAUSE_BREAK_RE = re.compile(r"[.!?;](?=\s)|\||\n(?=[ \t]*(?:\n|[-*•·▪]|\d{1,2}[.)]\s))")
"""Where the words before a match stop qualifying it: a sentence end, a cell, a new bullet or paragraph."""
_HEDGE_RE = re.compile(r"\b(?:might|possibly|perhaps|depending\s+on)\b", re.IGNORECASE)
_NEGATED_AFTER_RE = compile_scan(
    r"\s+(?:is|are)\s+(?:not|never)\b|\s+(?:is|are)n[’']t\b|\s+not\s+(?:available|possible)"
    # a label answered no: "Remote job: No", "Remote? No"
    r"|(?:\s+(?:job|work|position|role|option|eligible))?[*_]*"
    r"[ \t]*(?:[:?]\s*|\n)[ \t*_]*(?:no|false)(?=[ \t*_]*(?:[.,;—–-]|\n|$))", re.IGNORECASE)
_HYBRID_RE = re.compile(
    r"\bhybrid\b(?<!remote or hybrid)(?<!remote and hybrid)(?<!remote/hybrid)"
    r"(?!\s+(?:vehicles?|cars?|(?:work\s+)?environments?))"
    r"|\b(?:work\w*|time)\s+(?:some|part)\s+of\s+the\s+(?:time|week)\s+(?:from|at)\s+home\b"
    r"|\bsome\s+of\s+the\s+time\s+from\s+home\b"
    r"|\bremote\s+work\s+(?:up\s+to\s+)?(?:\d|one|two|three|four)\s+days?\s+(?:a|per|each)\s+week\b"
    r"|\b(?:work(?:ing)?\s+(?:from\s+home|remotely)|(?:home|remote)\s+working)\s+(?:up\s+to\s+)?"
    r"(?:\d|one|two|three|four)\s+days?"
    r"\s+(?:a|per|each)\s+week\b"
    r"|\boccasional(?:ly)?\s+(?:remote\s+work|work(?:ing)?\s+(?:from\s+home|remotely))\b"
    r"|\b(?:\d|one|two|three|four)\s+days?\s+(?:of\s+)?(?:remote(?:ly)?|from\s+home|wfh|telework\w*)"
    r"\s+(?:weekly|(?:a|per|each)\s+week)\b"
    r"|\b(?:telework|telecommut)\w*\s+(?:about\s+|up\s+to\s+|around\s+)?(?:\d|one|two|three|four)\s+days?"
    r"\s+(?:a|per|each)\s+week\b"
    # "Telework eligible: Yes, up to 2 days per week"
    r"|\b(?:telework|telecommut)\w*\b[^.]{0,30}?\bup\s+to\s+(?:\d|one|two|three|four)\s+days?"
    r"\s+(?:a|per|each)\s+week\b"
    r"|\bremote\s*(?:&|and|,|\+|with)\s*(?:\d|one|two|three|four)\s+(?:in[- ]person|in[- ]office|office)"
    r"\s+days?\s+(?:a|per|each)\s+week\b"
    r"|(?<![\d.])~?[1-9]\d?\s?%\s+(?:of\s+(?:your|the|their)\s+time\s+)?(?:working\s+)?remote(?:ly)?\b"
    r"|\bsome\s+duties\b[^.\n]{0,60}\bremote\b[^.\n]{0,60}\bon-?\s?site\b"
    r"|\b(?:\d|one|two|three|four)\s+days?\s+(?:a|per|each)\s+week\s+in\s+(?:the\s+|our\s+)?"
    r"(?:[A-Z][\w.-]*\s+){0,2}office\b"
    # "from home on Fridays"
    r"|\b(?:from\s+home|remote(?:ly)?|wfh)\s+on\s+(?:mon|tues|wednes|thurs|fri)days\b"
    r"|\b(?:\d|one|two|three|four)\s+days?\s+(?:a\s+week\s+)?in[- ](?:the\s+)?office\b"
    r"|\bremote\s+with\s+(?:occasional|some|regular|periodic)\s+(?:in[- ]office|in[- ]person|office)\b"
    r"|\bwork\w*\s+remotely\b[^.\n]{0,60}\b(?:some|occasional|regular|periodic)\s+in[- ](?:person|office)\b"
    r"|\b(?:remote(?:ly)?|from\s+home)\s+(?:for\s+)?the\s+rest\s+of\s+the\s+week\b"
    r"|\bpartially\s+remote\b|\bmix\s+of\s+remote\s+and\s+in[- ](?:office|person)\b"
    # "mostly remote but in person at the office on Wednesdays", "Mostly from home, plus Saturdays on site"
    r"|\b(?:mostly|largely|primarily|partly)\s+(?:remote(?:ly)?|from\s+home)\b[^.;\n]{0,80}"
    r"\b(?:(?:in[- ]person|on[- ]?site)\s+(?:at|in)\b|in[- ]office\b|in\s+the\s+office\b)"
    r"|\b(?:office|in[- ]person)\s+(?:[1-4]|one|two|three|four)\s+days?\s+(?:a|per|each)\s+week\b"
    r"|\bin[- ]person\s+(?:once|twice)\s+(?:a|per|each)\s+week\b"
    r"|\bwork\w*\s+(?:both\s+)?(?:on-?\s?site|in[- ]person|in[- ]office)\s+and\s+remote(?:ly)?\b"
    r"|\bwork\w*\s+(?:both\s+)?remote(?:ly)?\s+and\s+(?:on-?\s?site|in[- ]person|in[- ]office)\b",
    re.IGNORECASE)
_REMOTE_RE = re.compile(
    r"^[ \t*_#>-]*(?:(?:job\s+|work\s+)?location\(?s?\)?|where)[*_]*"
    r"(?:[ \t]*:|[ \t]+[–—-][ \t]|[ \t]+)[ \t*_]*"
    r"(?:remote\b|work(?:ing)?\s+from\s+home\b|wfh\b|home[- ]based\b)"
    r"|\bremote(?:\s+(?:position|role|job|opportunity|employee)|\s*-?\s*first)\b"
    r"|\bremote\s+work\b(?!\s+(?:sites?|locations?|areas?|camps?))|\(\s*remote\b"
    r"|\bremote\s*\([^()\n]{1,40}\)"  # "remote (US time zones)"
    r"|\bremote[- ]friendly\b|\bwork\s+from\s+wherever\b"
    r"|\b(?:fully|100%|completely|entirely|100\s+percent)\s+remote\b"
    r"|\bwork\s+from\s+anywhere\b"
    r"|\b(?:done|performed|work|works|worked|working)\s+(?:(?:mostly|primarily|largely|entirely|fully)\s+)?remotely\b"
    r"|\b(?:position|role|job)\s+(?:is|can\s+be|will\s+be)\s+(?:(?:fully|largely|mostly|primarily)\s+)?remote\b"
    r"|\bremotely[- ]based\b|\bbased\s+remotely\b|\bremote[- ]eligible\b"
    r"|\bno\s+in[- ]office\s+requirement\b"
    r"|\bremote\s+(?:candidates|applicants)\s+(?:are\s+)?(?:fine|welcome|considered|encouraged|ok(?:ay)?)\b"
    r"|\b(?:based|work|located)\s+anywhere\s+in\b",
    re.IGNORECASE | re.MULTILINE)
_ONSITE_RE = compile_scan(
    r"\b(?:on-?\s?site|in[- ]person|in[- ]office|office[- ]based|on[- ]campus)\s+(?:position|role|job)\b"
    # "job is 0.6 FTE, on-site", "All shelter positions are on-site"
    r"|\b(?:positions?|roles?|jobs?|work)\s+(?:is|are)\s+(?:(?:[^.\n,]|\.(?=\S)){1,25},\s+)?"
    r"(?:based\s+)?(?:on-?\s?site|office[- ]based|in[- ]person)\b"
    r"|\b(?:full|part)[- ]time,?\s+(?:(?:&|and)\s+)?(?:on-?\s?site|in[- ]person)\b"
    r"|\b(?:full|part)[- ]time,?\s+in\s+(?:our|the)\s+(?:[\w.-]+\s+){0,3}office\b"
    r"|\b(?:on-?\s?site|in[- ]person),?\s+(?:(?:&|and)\s+)?(?:full|part)[- ]time\b"
    r"|\brequires?\s+(?:a\s+)?(?:(?:significant|substantial|considerable)\s+(?:amount|degree)\s+of\s+"
    r"|(?:the\s+)?majority\s+(?:of\s+)?|mostly\s+|primarily\s+)?in[- ]person\s+work\b"
    r"|\b(?:work|works|working)\s+(?:on-?\s?site|in[- ]person(?!\s*(?:and|or|/|,)))\b"
    r"|\bon-?\s?site\s+(?:at|in)\s+(?:our|the)\b"
    r"|\(\s*(?:on-?\s?site|in[- ]office|in[- ]person)\b"
    r"|\bin[- ]office\b(?!\s+requirement)"
    # a line or bullet that opens with the mode ("On-site, with community visits"), or a location line
    # that names it ("Location: Milwaukee, WI - in person at schools")
    r"|(?<![^\n])[ \t*_#>•-]*(?:on-?\s?site|in[- ]person)\b(?=\s*[,;:–—-])"
    r"|\blocation\b[^\n]{0,60}\bin[- ]person\b(?!\s+(?:and|or|/))"
    r"|\bin[- ]person\s+(?:at|in)\s+(?:our|the)\s+(?:[\w.]+\s+){0,3}office\b"
    r"|\bmust\s+be\s+able\s+to\s+commute\b|" + _NO_REMOTE
    + r"|\btelecommut\w*\s+is\s+not\b|\bno\s+telecommut"
    r"|\bin[- ]person,?\s+(?:[\w-]+\s+){0,2}(?:position|role|job)\b"
    r"|\bbased\s+(?:in|at|out\s+of)\s+(?:our|the|[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3}[’']s)\s+"
    # "based in our Denver, CO or Austin, TX office"
    r"(?:(?:[A-Z][\w.]*,?|or|and)\s+){0,7}(?:office|newsroom|headquarters|HQ|workspace|clinic|health\s+center)s?\b"
    r"|\bbased\s+at\s+(?:[\w.'’-]+\s+){1,6}(?:clinic|health\s+center|hospital)s?\b"
    r"|\bwork\w*\s+(?:at|from|out\s+of)\s+(?:our|the)\s+(?:[\w.'’-]+\s+){0,4}"
    r"(?:office|clinic|health\s+center|hospital|newsroom"
    r"|kitchen|warehouse|store|shop)s?\b(?![^.\n]{0,40}\b(?:remote|from\s+home)\b)"
    r"|\bassigned\s+to\s+(?:our|the)\s+(?:[A-Z][\w.-]*\s+){0,3}(?:office|clinic|health\s+center|hospital)\b"
    r"|\b(?:role|position|job)\s+is\s+(?:located\s+)?(?:in|at)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:office|clinic|health\s+center|hospital)\b",
    re.IGNORECASE)
_MODE_LABEL_RE = compile_scan(
    r"^[ \t*_-]*(?:location|workplace|work|job|remote|work[ \t]+location)[ \t]+"
    r"(?:type|arrangement|model|setting|mode|option)s?[ \t*_]*[:|][ \t*_]*"
    r"(?P<mode>remote|hybrid|on-?\s?site|in[- ]person|in[- ]office)\b",
    re.IGNORECASE | re.MULTILINE)
"""A labelled mode ("Location Type: On-site", "Workplace type | Hybrid"): the posting's own answer, which a
list of other openings below ("Case Manager - Remote") does not change."""
# A short line such as "Full-time & on-site" or "Hybrid" states the mode without a sentence around it.
_CELL_RE = re.compile(r"[^|]+")
"""A line's cells: the whole line, or the parts between its "|"s."""
_SHORT_MODE_RE = re.compile(r"\b(?P<mode>remote|hybrid|on-?\s?site|in[- ]person|in[- ]office)\b",
                            re.IGNORECASE)
# Benefits that only make sense if some work happens at home: a weak sign of (at least) hybrid.
_HOME_BENEFIT_RE = re.compile(
    r"\bwork(?:ing)?\s+from\s+home\b[^.\n]{0,40}\b(?:stipend|allowance|office|set\s*-?\s*up|equipment|reimburse)"
    r"|\bhome\s+office\s+(?:stipend|allowance|set\s*-?\s*up|equipment)",
    re.IGNORECASE)
# Duties that can only be done in person: used when the location is a city and nothing says remote.
# Not "canvass" (phone and text canvasses are worked from home) nor a driver's licence (travel, not a
# workplace).
_FIELD_WORK_RES = [re.compile(p, re.IGNORECASE) for p in (
    r"\bdoor[- ]to[- ]door\b",
    r"\bCity\s+Council\s+meetings?\b",
)]


def find_remote(doc: Document, sections: list[Section], *,
                front: FrontMatter | None = None) -> Fact[RemoteStatus] | None:
    """Remote, hybrid or onsite, with the words that say so; None when the posting does not tell.

    Front matter decides first: a workplace key ("remote = true", "workplace_type: hybrid"), then a
    location naming "Remote" ("Ohio, Remote" is remote within Ohio). In the body, explicit wording wins
    (hybrid, then remote and onsite together -> hybrid, then either alone);
    then a work-from-home benefit -> hybrid; then local field work in a named city -> onsite.
    Remote words that describe the organisation ("remote staff across the country") do not count.
    """
    stated = _front_mode(doc, front) if front else None
    if stated is not None and stated.value is RemoteStatus.REMOTE and front is not None:
        if (denied := doc.search(_NO_REMOTE_RE, front.body_start)) is not None:
            return _status(doc, RemoteStatus.ONSITE, denied)  # "… work in person. There is no remote option."
        if (partly := doc.search(_IS_HYBRID_RE, front.body_start)) is not None:
            return _status(doc, RemoteStatus.HYBRID, partly)  # "These positions are hybrid, with …"
    if stated is not None:
        return stated
    if labelled := doc.search(_MODE_LABEL_RE, front.body_start if front else 0):
        return _status(doc, _mode_named(labelled), labelled)  # "Location Type: On-site" decides
    short = _short_line_modes(doc, front.body_start if front else 0)
    hybrid = _first(doc, _HYBRID_RE) or short.get(RemoteStatus.HYBRID)
    remote = _first(doc, _REMOTE_RE, negatable=True) or short.get(RemoteStatus.REMOTE)
    onsite = (_first(doc, _ONSITE_RE, negatable=True) or _negated(doc, _REMOTE_RE)
              or short.get(RemoteStatus.ONSITE))
    if hybrid is not None:
        return _status(doc, RemoteStatus.HYBRID, hybrid)
    if remote is not None and onsite is not None:
        return _status(doc, RemoteStatus.HYBRID, remote)
    if remote is not None:
        return _status(doc, RemoteStatus.REMOTE, remote)
    if onsite is not None:
        return _status(doc, RemoteStatus.ONSITE, onsite)
    tagged = _front_remote_tag(doc, front) if front else None
    if tagged is not None and not _IN_PERSON_DUTIES_RE.search(doc.text, front.body_start if front else 0):
        return tagged
    # Only a place named "remote" or local field work can decide now: without either word, not located.
    needs_place = doc.search(_REMOTE_WORD_RE) or any(doc.search(p) for p in _FIELD_WORK_RES)
    place = locate(doc) if needs_place else None
    if place is not None and place[1] is PlaceKind.REMOTE:
        return Fact[RemoteStatus](value=RemoteStatus.REMOTE, text=place[0].text,
                                  start_line=place[0].start_line, end_line=place[0].end_line)
    home = _first(doc, _HOME_BENEFIT_RE)
    if home is not None:
        return _status(doc, RemoteStatus.HYBRID, home)
    if place is not None and place[1] is PlaceKind.CITY:
        for pattern in _FIELD_WORK_RES:
            field = _first(doc, pattern)
            if field is not None:
                return _status(doc, RemoteStatus.ONSITE, field)
    return None


def _front_mode(doc: Document, front: FrontMatter) -> Fact[RemoteStatus] | None:
    """The mode a front-matter workplace key or location states."""
    for entry in front.all("remote"):
        value = entry.value.strip().lower()
        named = _SHORT_MODE_RE.search(value)
        mode = (RemoteStatus.REMOTE if value in ("true", "yes", "telecommute")
                else RemoteStatus.HYBRID if "hybrid" in value
                else None if named is None
                else RemoteStatus.ONSITE if _NEGATION_RE.search(value, 0, named.start())  # "not remote"
                else _mode_named(named))
        if mode is not None:
            return doc.fact(mode, entry.start, entry.end)
    for entry in front.all("location"):
        if _REMOTE_WORD_RE.search(entry.value):
            return doc.fact(RemoteStatus.REMOTE, entry.start, entry.end)
    return None


def _front_remote_tag(doc: Document, front: FrontMatter) -> Fact[RemoteStatus] | None:
    """A front-matter list item (a job board's benefits tags) saying the role is remote: "Permanently
    Remote", "Fully Remote"; read only when neither the location nor the body says how it is worked,
    and not for field work in a district (a board's tag is no match for the duties)."""
    for entry in front.all("benefits"):
        for item in entry.items:
            if _REMOTE_TAG_RE.fullmatch(item.strip()):
                at = doc.text.find(item, entry.start, entry.end)
                if at >= 0:
                    return doc.fact(RemoteStatus.REMOTE, at, at + len(item))
    return None


_IN_PERSON_DUTIES_RE = compile_scan(
    r"\bin[- ]district\b|\bfield program\b|\bdoor[- ]to[- ]door\b|\bcanvass\w*", re.IGNORECASE)
"""Duties done in person, which a remote tag does not override ("runs an in-district field program")."""
_REMOTE_TAG_RE = compile_scan(r"(?:permanently|fully|100%|always)\s+remote|remote(?:\s+work)?", re.I)


def _short_line_modes(doc: Document, body_start: int = 0) -> dict[RemoteStatus, re.Match[str]]:
    """Modes named on short, sentence-less lines or cells ("Full-time & on-site", "Org | Remote (must live
    in NM) | $4,600 per month"), front matter (before `body_start`) left out: its lines are keys and
    values, read by `_front_mode`."""
    modes: dict[RemoteStatus, re.Match[str]] = {}
    first = doc.line_of(body_start) if body_start else 1
    for number, line in enumerate(doc.lines[first - 1:], start=first):
        line_start = doc.line_span(number)[0]
        cells = [cell.span() for cell in _CELL_RE.finditer(line)] if "|" in line else [(0, len(line))]
        for first, last in cells:
            words = line[first:last].split()
            if not 0 < len(words) <= 6 or line[first:last].rstrip().endswith((".", ":")):
                continue
            start, end = line_start + first, line_start + last
            for match in _SHORT_MODE_RE.finditer(doc.text, start, end):
                if _OTHER_THING_RE.match(doc.text, match.end(), end):
                    continue  # "Run remote phone banks": remote tools, not remote work
                mode = _mode_named(match)
                if _is_negated(doc, match) and mode is RemoteStatus.REMOTE:
                    modes.setdefault(RemoteStatus.ONSITE, match)  # "Remote? No", "Not remote"
                elif not (_is_negated(doc, match) or _is_hedged(doc, match)):
                    modes.setdefault(mode, match)
    return modes


_OTHER_THING_RE = re.compile(
    r"[ \t]+(?!(?:work|working|position|role|job|opportunity|eligible|friendly|first|only|option|optional"
    r"|possible|preferred|available|welcome|considered|ok|okay|required|basis|schedule|setting|model"
    r"|arrangement|environment|team|staff|employee|with|in|within|from|for|at|or|and|but|until|during)\b)"
    r"[a-z]+\b(?![ \t]*[,;)/|])")
"""A lower-case noun after a mode word that it describes instead of the work ("remote phone banks"); not a
word ending its phrase ("Full-time, remote, paid")."""


def _mode_named(match: re.Match[str]) -> RemoteStatus:
    """The mode a `_SHORT_MODE_RE` match names."""
    mode = match.group("mode").lower()
    return (RemoteStatus.REMOTE if mode == "remote" else RemoteStatus.HYBRID if mode == "hybrid"
            else RemoteStatus.ONSITE)


def _first(doc: Document, pattern: re.Pattern[str], *, negatable: bool = False) -> re.Match[str] | None:
    for match in doc.finditer(pattern):
        if negatable and (_is_negated(doc, match) or _is_hedged(doc, match)):
            continue
        return match
    return None


def _negated(doc: Document, pattern: re.Pattern[str]) -> re.Match[str] | None:
    return next((m for m in doc.finditer(pattern) if _is_negated(doc, m)), None)


def _is_negated(doc: Document, match: re.Match[str]) -> bool:
    """ "not a remote role", "not eligible for remote work", "remote work is not available"."""
    before = doc.text[_window_start(doc, match, 30):match.start()]
    after = doc.text[match.end():match.end() + 20]
    return _NEGATION_RE.search(before) is not None or _NEGATED_AFTER_RE.match(after) is not None


def _is_hedged(doc: Document, match: re.Match[str]) -> bool:
    """A mere possibility ("might offer the option to work remotely"): states nothing either way."""
    return _HEDGE_RE.search(doc.text, _window_start(doc, match, 40), match.start()) is not None


def _window_start(doc: Document, match: re.Match[str], reach: int) -> int:
    """Where the words that may qualify a match begin: `reach` characters back, but not past the end of
    the sentence, bullet or table cell before it (a hard-wrapped sentence goes on across lines)."""
    start = max(0, match.start() - reach)
    breaks = [found.end() for found in _CLAUSE_BREAK_RE.finditer(doc.text, start, match.start())]
    return breaks[-1] if breaks else start


def _status(doc: Document, status: RemoteStatus, match: re.Match[str]) -> Fact[RemoteStatus]:
    start, end = sentence_around(doc, match.start(), match.end())
    if end - start > 300:
        start, end = match.start(), match.end()
    return doc.fact(status, start, end)


# --- places: the location resolved into city / state / country ------------------------------------

# Tried only where a run of spaces begins ((?<!\s)): from inside the run it was quadratic in its length.
_PART_SPLIT_RE = compile_scan(r"(?<!\s)\s*(?:[,;|/•·]|\s(?:and|or|&)\s|\s[–—-]\s|\(|\))\s*")
_DC_RE = re.compile(
    r"^(?:Washington,?\s*)?(?:D\.\s?C\.?|DC)$|^District\s+of\s+Columbia$|^Washington\s+D\.?C\.?$")
_CITY_ALIASES = {"NYC": ("New York City", "New York"), "LA": ("Los Angeles", "California"),
                 "SF": ("San Francisco", "California"), "Philly": ("Philadelphia", "Pennsylvania")}
"""Everyday short names of big US cities ("LA" alone is Los Angeles; after a city it is Louisiana)."""
_STATE_BY_CODE = {code: name for name, code in STATES.items()}
_NOT_A_PLACE_WORD_RE = re.compile(
    r"^(?:remote|anywhere|international|global|worldwide|hybrid|various|multiple|nationwide|national"
    r"|statewide|tbd|n/?a|the|office|virtual)$", re.IGNORECASE)
MAX_PLACES = 8
_DC_PLACE = Place(text="", start_line=1, end_line=1, city="Washington", state="District of Columbia",
                  country="US")
_HOST_RE = re.compile(r"\bhttps?://(?P<host>[\w-]+(?:\.[\w-]+)+)")
_REGION_PREFIX_RE = re.compile(r"^(?:(?:Northern|Southern|Eastern|Western|Central|Greater|Downtown|Upstate"
                               r"|North|South|East|West)\s+)+", re.IGNORECASE)


def find_places(doc: Document, location: Fact[str] | None, *,
                front: FrontMatter | None = None) -> list[Place]:
    """The places a posting's stated location names, resolved up city ⊂ state ⊂ country.

    Read from the front-matter location when there is one, else from the location found in the text:
    "Remote, Indiana, Kentucky" -> Indiana and Kentucky (US); "Tacoma" -> Tacoma, Washington, US
    (a city's state from the gazetteer, preferring a state the posting names); "Jakarta, Indonesia";
    "DC", "NYC", "LA"; "UK". Each place cites the words it was read from.
    """
    ranges = [(e.value_start, e.value_end) for e in (front.all("location") if front else ())]
    if not ranges and location is not None:
        begin = doc.line_start(location.start_line)
        where = doc.text.find(location.value, begin)
        if where >= 0:
            ranges = [(where, where + len(location.value))]
    # One sequence of parts: a board's `city = "Portland"` then `state = "ME"` is a city and its state.
    resolved = _resolve(doc, [part for start, end in ranges for part in _parts(doc.text, start, end)])
    if location is not None and not ranges:
        # a value assembled from structured data (JSON-LD's address parts): read alone, cited whole
        own = Document(location.value)
        resolved = [place.model_copy(update={"text": location.text, "start_line": location.start_line,
                                             "end_line": location.end_line})
                    for place in _resolve(own, _parts(own.text, 0, len(own.text)))]
    places: list[Place] = []
    for place in resolved:
        if not any(_within(place, other) for other in places):
            places.append(place)
    states = [p for p in places if p.state is not None and p.city is None]
    # A board's location names a state; the body may say which city ("a clinic in San Rafael").
    if (front is not None and states and not any(p.city for p in places)
            and (city := _body_city(doc, front.body_start, states)) is not None):
        places.insert(0, city)
    return places[:MAX_PLACES]


def _body_city(doc: Document, begin: int, states: list[Place]) -> Place | None:
    """The first city of one of `states` that the body puts something "in", "at" or "near"."""
    for match in doc.scan(_IN_A_CITY_RE, begin):
        words = match.group("city").split()
        if words[-1] in _NOT_A_CITY_TAIL:  # "Maricopa County" is no city
            continue
        # The whole name, then its tails ("Center City Philadelphia"), then its heads ("San Rafael Teen").
        for first, last in [(0, len(words)), *((k, len(words)) for k in range(1, len(words))),
                            *((0, k) for k in range(len(words) - 1, 0, -1))]:
            name = " ".join(words[first:last])
            for area in states:
                if (city := _gazetteer_city(name, area)) is not None:
                    at = match.start("city") + match.group("city").index(name)
                    return _cited(doc, city, at, at + len(name))
    return None


def _gazetteer_city(name: str, area: Place) -> Place | None:
    """The city `name` in `area`'s US state, if the gazetteer knows one there."""
    for found in _gazetteer.cities(name):
        if found.country == "US" and _STATE_BY_CODE.get(found.admin1) == area.state:
            return Place(text=name, start_line=1, end_line=1, city=found.name, state=area.state, country="US")
    return None


def _within(place: Place, other: Place) -> bool:
    """Whether `place` adds nothing to `other`: "Australia" after "Brisbane" (in Australia)."""
    return (place.country == other.country and place.city in (None, other.city)
            and place.state in (None, other.state))


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the comma/and/slash separated parts of text[start:end]."""
    parts: list[tuple[int, int]] = []
    position = start
    for match in _PART_SPLIT_RE.finditer(text, start, end):
        if match.start() > position:
            parts.append((position, match.start()))
        position = match.end()
    if position < end:
        parts.append((position, end))
    return [(a, b) for a, b in parts if text[a:b].strip(" .")]


def _resolve(doc: Document, parts: list[tuple[int, int]]) -> list[Place]:
    """Places from location parts: a city followed by its state or country makes one place."""
    places: list[Place] = []
    index = 0
    while index < len(parts):
        start, end = parts[index]
        word = doc.text[start:end].strip()
        following = ""
        if index + 1 < len(parts):
            following = doc.text[parts[index + 1][0]:parts[index + 1][1]].strip()
        pair = doc.text[start:parts[index + 1][1]] if index + 1 < len(parts) else ""
        if pair and _DC_RE.match(pair.strip()):  # "Washington, DC"
            places.append(_cited(doc, _DC_PLACE, start, parts[index + 1][1]))
            index += 2
            continue
        if places and places[-1].country not in (None, "US") and word == places[-1].country:
            index += 1  # "Regina, Saskatchewan, CA": the country's code again, not California
            continue
        place = _area(_REGION_PREFIX_RE.sub("", word), after_city=False)
        if place is not None:
            places.append(_cited(doc, place, start, end))
            index += 1
            continue
        *name, last = word.split() or [""]
        if name and last.isupper() and (code := _area(last, after_city=True)) is not None:
            # "Geelong VIC", "Salem OR": a city and its region's code with no comma between
            city = _city(doc, " ".join(name), code)
            if city is not None:
                places.append(_cited(doc, city, start, end))
                index += 1
                continue
        area = _area(following, after_city=True) if following else None
        city = _city(doc, word, area)
        if city is not None:
            stop = parts[index + 1][1] if area is not None else end
            places.append(_cited(doc, city, start, stop))
            index += 2 if area is not None else 1
            continue
        index += 1
    return places


def _area(word: str, *, after_city: bool) -> Place | None:
    """A state, D.C., a big-city short name or a country named by `word`."""
    word = word.strip()
    if not word or _NOT_A_PLACE_WORD_RE.match(word):
        return None
    if _DC_RE.match(word):
        return _DC_PLACE.model_copy(update={"city": None}) if after_city else _DC_PLACE
    if word in _CITY_ALIASES and not after_city:
        city_name, state_name = _CITY_ALIASES[word]
        return Place(text=word, start_line=1, end_line=1, city=city_name, state=state_name, country="US")
    bare = word.rstrip(".")
    if after_city and bare in _REGIONS:  # "Regina, Saskatchewan", "Newcastle, NSW"
        return Place(text=word, start_line=1, end_line=1, country=_REGIONS[bare])
    state = bare if bare in STATES else _STATE_BY_CODE.get(bare) if bare.isupper() else None
    if state is not None:
        return Place(text=word, start_line=1, end_line=1, state=state, country="US")
    found = _gazetteer.country(word) or _gazetteer.country(bare)
    if found is not None:
        return Place(text=word, start_line=1, end_line=1, country=found.code)
    return None


def _city(doc: Document, word: str, area: Place | None) -> Place | None:
    """A city named `word`, in `area` when one follows it, else preferring a state the posting names."""
    name = _clean_place(word)
    if not name or not name[:1].isupper() or len(name.split()) > 4:
        return None
    candidates = _gazetteer.cities(name)
    if area is not None:
        candidates = tuple(c for c in candidates if c.country == (area.country or "US")
                           and (area.state is None or _STATE_BY_CODE.get(c.admin1) == area.state))
        if not candidates and area.state is not None and not _NOT_A_PLACE_WORD_RE.match(name):
            # a town too small for the gazetteer: "Encino, CA"
            return Place(text=word, start_line=1, end_line=1, city=name, state=area.state,
                         country=area.country)
    if not candidates:
        return None
    named = [c for c in candidates if c.country == "US" and _STATE_BY_CODE.get(c.admin1, "") in doc.text]
    best = named[0] if named else candidates[0]
    state = _STATE_BY_CODE.get(best.admin1) if best.country == "US" else None
    if not named and _ambiguous(best, candidates):
        # Two places of a size share the name (a city in two states): say no more
        # than the candidates agree on rather than guess by population.
        state = None if any(c.admin1 != best.admin1 for c in candidates[1:2]) else state
        country = best.country if all(c.country == best.country for c in candidates[1:2]) else None
        return Place(text=word, start_line=1, end_line=1, city=best.name, state=state, country=country)
    return Place(text=word, start_line=1, end_line=1, city=best.name, state=state, country=best.country)


def _ambiguous(best: _gazetteer.City, candidates: tuple[_gazetteer.City, ...]) -> bool:
    """Whether the runner-up namesake is within a third of the best one's population."""
    return len(candidates) > 1 and candidates[1].population * 3 >= best.population


def _cited(doc: Document, place: Place, start: int, end: int) -> Place:
    span = doc.span(start, end)
    return place.model_copy(update={"text": span.text, "start_line": span.start_line,
                                    "end_line": span.end_line})


def local_currency(doc: Document, places: list[Place]) -> str | None:
    """The dollar a bare `$` means when the posting is in one country outside the US that uses dollars.

    The country is the places' one country; without places, the one country-code domain its links use
    ("greens.org.au"), generic domains (.org, .com) telling nothing.
    """
    countries = {p.country for p in places if p.country}
    if not countries:
        countries = {c.code for m in doc.finditer(_HOST_RE)
                     if (c := _gazetteer.country_by_domain(m.group("host"))) is not None}
    if len(countries) != 1:
        return None
    found = _gazetteer.country_by_code(countries.pop())
    if found is None or found.code == "US" or found.currency_name.lower() != "dollar":
        return None
    return found.currency
