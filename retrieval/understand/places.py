"""Places: a city, state or country the question names (city ⊂ state ⊂ country).

Known places are US states (names and postal codes, from the knowledge side), countries, and the cities
the postings are in (the catalog's). A capitalised name after "in" / "near" / "based in" is a place too,
even one no posting names ("Spanish Harlem"); being longer, it beats a language named inside it.

- "what jobs do we have in Colorado?" -> Colorado (US);  "hourly jobs in DC?" -> District of Columbia
- "any jobs in the UK?" -> GB;  "who's hiring in New York City?" -> New York, New York
- "Any jobs in Spanish Harlem?" -> "Spanish Harlem"
"""

from __future__ import annotations

import re

from knowledge.extract import _gazetteer
from knowledge.extract.location import STATES
from retrieval.request import Mention, PlaceQuery
from retrieval.understand.text import Context, Slot

__all__ = ["COUNTRIES", "read_named_places", "read_places"]

COUNTRIES: dict[str, str] = {
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US",
    "america": "US", "united kingdom": "GB", "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "canada": "CA",
    "australia": "AU", "new zealand": "NZ", "nz": "NZ", "aotearoa": "NZ",
    "ireland": "IE", "mexico": "MX", "germany": "DE", "france": "FR",
    "spain": "ES", "india": "IN", "indonesia": "ID", "philippines": "PH", "kenya": "KE", "nigeria": "NG",
    "south africa": "ZA", "brazil": "BR", "colombia": "CO", "aruba": "AW", "netherlands": "NL",
}
"""Country names and abbreviations a member may type, lower-case -> ISO 3166 alpha-2."""
_CITIES_OF_STATES = {"new york city": ("New York", "New York"), "nyc": ("New York", "New York"),
                     "washington dc": ("Washington", "District of Columbia"),
                     "washington d.c.": ("Washington", "District of Columbia")}
_BY_CODE = {code: name for name, code in STATES.items()}
_KNOWN = sorted((re.escape(n) for n in [*STATES, *COUNTRIES, *_CITIES_OF_STATES]), key=len, reverse=True)
_NAMES = re.compile(r"\b(?:" + "|".join(_KNOWN) + r")(?!\w)", re.I)
# Postal codes: as typed in capitals ("ACLU CO"), or lower-case when no English word is spelt so ("tx").
_CODES = re.compile(r"\b(?:" + "|".join(sorted(_BY_CODE)) + r"|D\.C\.)(?!\w)"
                    r"|\b(?:" + "|".join(c.lower() for c in sorted(_BY_CODE) if not set(c) & set("AEIOU"))
                    + r")\b")
_WORDS_TOO = frozenset({"in", "or", "me", "hi", "oh", "ok", "id", "la", "de", "al"})
"""Lower-case postal codes that are words too, never read as states."""
_JOINED_CODE = re.compile(r"(?:\bor|\band|&|/|,)\s*(?P<code>"
                          + "|".join(c.lower() for c in sorted(_BY_CODE) if c.lower() not in _WORDS_TOO)
                          + r")(?![\w'’])")
"""A lower-case postal code joined to a place just named ("texas or pa"), where it can be no word."""
_US = re.compile(r"(?<![\w.])US(?![\w.])|(?<=\b[Tt]he )us(?!\w)")
"""The United States as "US" in capitals or "the us" ("us" alone is a pronoun)."""
_CUED = re.compile(r"\b(?:in|near|around|based in|located in|out of|within)\s+(?:the\s+)?"
                   r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|de|la|del))*)")
_CUED_LOWER = re.compile(r"\b(?:in|near|around|based in|located in|out of|within)\s+"
                         r"(?P<name>[a-z][a-z.'’-]*(?:\s+[a-z][a-z.'’-]*){0,2})")
_BIG_CITY = 100_000
"""A city typed in lower case counts only when a US one this big: "in march" is a month, not March
(England), and "in reading groups" no Reading."""
_NICKNAMES = {"philly": "Philadelphia", "nola": "New Orleans", "sf": "San Francisco", "chi-town": "Chicago",
              "atl": "Atlanta"}
"""Names members type for big US cities."""


def read_places(ctx: Context) -> list[Mention]:
    """Known places the question names: states, countries, and the postings' cities.

    A place one would work *from* ("can I do it from Oregon?") is met by a remote role open there;
    a place a job is *in* ("jobs in Ohio") only by a role located there."""
    text = ctx.text
    found = [_mention(m.start(), m.end(), _known(m.group())) for m in _NAMES.finditer(text)]
    found += [_mention(m.start(), m.end(), _known(m.group())) for m in _CODES.finditer(text)]
    found += [_mention(m.start(), m.end(), PlaceQuery(text=m.group(), country="US", remote_ok=False))
              for m in _US.finditer(text)]
    ends = {m.end for m in found if m.value is not None}
    found += [_mention(m.start("code"), m.end("code"), _known(m["code"])) for m in _JOINED_CODE.finditer(text)
              if len(text[:m.start()].rstrip()) in ends]
    lower = text.lower()
    for word in ctx.words:
        for phrase, (city, state, country) in ctx.catalog.cities.get(word.text.lower(), ()):
            end = word.start + len(phrase)
            if lower.startswith(phrase, word.start) and (end == len(text) or not text[end].isalnum()):
                found.append(_mention(word.start, end, PlaceQuery(text=text[word.start:end], city=city,
                                                                  state=state, country=country,
                                                                  remote_ok=False)))
    return [_from(text, m) for m in found if m.value is not None]


def read_named_places(ctx: Context) -> list[Mention]:
    """A capitalised name after a place preposition ("jobs in Spanish Harlem"), known or not."""
    found: list[Mention] = []
    for m in _CUED.finditer(ctx.text):
        name = m["name"].rstrip(".'’-")
        while name.split() and name.split()[-1].lower() in ("of", "de", "la", "del"):
            name = name.rsplit(None, 1)[0]
        end = m.start("name") + len(name)
        found.append(_mention(m.start("name"), end, _known(name) or _city(name)
                              or PlaceQuery(text=name, remote_ok=False)))
    for m in _CUED_LOWER.finditer(ctx.text):
        words = m["name"].split()
        for count in range(len(words), 0, -1):  # the longest name that is a big city ("new orleans")
            name = " ".join(words[:count]).rstrip(".'’-")
            if (place := _city(name, _BIG_CITY)) and place.country == "US":
                found.append(_mention(m.start("name"), m.start("name") + len(name), place))
                break
    return [_from(ctx.text, m) for m in found]


def _city(name: str, min_population: int = 0) -> PlaceQuery | None:
    """The most populous city called `name` (or by a nickname, "philly"), if one is that big."""
    nickname = _NICKNAMES.get(name.lower())
    cities = [c for c in _gazetteer.cities(nickname or name) if nickname or c.population >= min_population]
    if not cities:
        return None
    best = max(cities, key=lambda c: c.population)
    state = _BY_CODE.get(best.admin1) if best.country == "US" else None
    return PlaceQuery(text=name, city=best.name, state=state, country=best.country, remote_ok=False)


_FROM = re.compile(r"\b(?:from|live in|living in|based out of|out of)\s+(?:the\s+)?$", re.I)


def _from(text: str, mention: Mention) -> Mention:
    """The mention, its place met by remote roles open there only when worked from ("from Oregon")."""
    remote_ok = bool(_FROM.search(text, 0, mention.start))
    return mention.model_copy(update={"value": mention.value.model_copy(update={"remote_ok": remote_ok})})


def _mention(start: int, end: int, place: PlaceQuery | None) -> Mention:
    return Mention(slot=Slot.PLACE, start=start, end=end, value=place)


def _known(name: str) -> PlaceQuery | None:
    """`name` resolved up the hierarchy, or None if it is no state, country or big city."""
    key = " ".join(name.lower().split())
    if key in _CITIES_OF_STATES:
        city, state = _CITIES_OF_STATES[key]
        return PlaceQuery(text=name, city=city, state=state, country="US", remote_ok=False)
    if key in COUNTRIES:
        return PlaceQuery(text=name, country=COUNTRIES[key], remote_ok=False)
    for state, code in STATES.items():
        if key in (state.lower(), code.lower()) or key.replace(".", "") == code.lower():
            return PlaceQuery(text=name, state=state, country="US", remote_ok=False)
    return None
