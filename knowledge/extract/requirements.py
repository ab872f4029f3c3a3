"""Requirements: minimum years of experience, languages, travel, driver's licence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.document import Document
from knowledge.extract._prose import BULLET, evidence, evidence_past, headings_for, sentence_around
from knowledge.literals import compile_scan, word_alternatives
from knowledge.models import Fact, Section

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}
_NUM = r"\d{1,2}|" + "|".join(NUMBER_WORDS)

# --- years of experience --------------------------------------------------------------------------

_YEARS_RE = compile_scan(
    rf"(?P<qual>\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.|no\s+less\s+than|more\s+than|over)\s+)?"
    rf"\b(?P<n>{_NUM}|a(?=\s+year\s+(?:or\s+more\s+)?of\b))(?:\s*\(\d{{1,2}}\))?"
    rf"(?:\s*(?:-|–|—|to)\s*(?:{_NUM})(?:\s*\(\d{{1,2}}\))?)?"
    r"\s*(?:\+|plus)?\s*(?:or\s+more\s+)?(?:years?|yrs?)(?:\s+or\s+more\b)?(?:[’']|\b)",
    re.IGNORECASE)
# What must follow "N years" for it to be about the candidate's experience (after an aside such as
# ", at a manager level or higher,").
_YEARS_TAIL_RE = re.compile(
    r"\s*(?:[’']\s*)?(?:,[^,.;\n]{1,40},\s*)?(?:of\b|experience|in\b|working|doing|as\b|leading|managing|supervising|organizing|"
    r"professional|relevant|related|paid|progressive|full-time|post-graduate|work\b"
    r"|(?:[a-z][\w/-]*\s+){1,3}experience\b)",  # "three years clinic assistant experience"
    re.IGNORECASE)
_EXPERIENCE_WORD_RE = compile_scan(
    r"experience|organiz|work|campaign|manag|supervis|lead|advoca|fundrais|success|track\s+record",
    re.IGNORECASE)
_EXPERIENCE_ASIDE_RE = re.compile(r"\bexperience\b[^.()\n]{0,60}\(\s*(?:[a-z]+\s+){0,3}$", re.I)
"""Experience named right before a parenthesis that gives its years."""
# History of the organisation or time windows, not a requirement.
_YEARS_BEFORE_RE = compile_scan(
    r"\b(?:for|past|last|next|first|within|since|founded|nearly|almost|after)\s+$", re.IGNORECASE)
_WANTED_RE = re.compile(r"\b(?:looking|searching|hoping|asking|ask|asks|call(?:s|ing)?)\s+for\s+$",
                        re.IGNORECASE)
""" "looking for 3+ years of experience": a "for" that asks, not one of the organisation's history."""
_ANY_ING_RE = re.compile(r"\s+(?!(?:depend|includ|start|begin|follow|pend)ing\b)[a-z]+ing\b")
""" "5+ years writing grant proposals": any activity, once the figure is plainly a minimum ("+")."""
_OF_DOING_RE = re.compile(r"\s+of\s+(?!(?:depend|includ|start|begin|follow|pend)ing\b)[a-z]+ing\b", re.I)
""" "of teaching or tutoring": years of an activity."""
_ASKED_OF_RE = re.compile(r"\b(?:have|has|with|bring|brings|possess(?:es)?|requires?|needs?)\s+$", re.I)
"""Words asking a candidate for what follows ("you have at least 2 years of …")."""
_PART_OF_RE = re.compile(r"\b(?:including|incl\.|of\s+which)\s+$", re.IGNORECASE)
"""Years that are part of a larger requirement just stated, not a requirement of their own."""
_YEARS_AFTER_RE = compile_scan(r"\s*(?:old|of\s+age|ago)\b", re.IGNORECASE)
# "less than one (1) year of experience" is a maximum, not a minimum.
_AT_MOST_RE = re.compile(r"\b(?:less|fewer|no\s+more)\s+than\s+$|\b(?:under|up\s+to|at\s+most)\s+$",
                         re.IGNORECASE)
# Years that set a pay tier ("APC II: $45-$60/hour, with at least one year of experience") ask nothing.
_MONEY_RE = re.compile(r"[$£€]\s?\d")
_LONG_SENTENCE = 400
_MONEY_BEFORE = 300
_MONEY_AFTER = 60
_NO_EXPERIENCE_RE = compile_scan(
    r"\bdo(?:es)?\s+not\s+need\s+(?:any\s+)?(?:(?:prior|previous|formal|paid|professional|organi[sz]ing"
    r"|campaign|political|work)\s+){0,2}experience\b"
    r"|\bno\s+(?:[a-z-]+\s+){0,2}experience\s+(?:is\s+)?(?:required|necessary|needed)\b"
    r"|\b(?:experience\s+(?:is\s+)?not\s+(?:required|necessary))\b"
    r"|\bentry[- ]level\s+(?:(?:candidates|applicants)\s+)?(?:welcome|encouraged)\b", re.IGNORECASE)
_REQUIRED_RE = compile_scan(r"requir|\bmust\b|minimum|at\s+least|qualif|\bneed|essential|mandatory",
                            re.IGNORECASE)
_PREFERRED_RE = compile_scan(r"prefer|ideal|a\s+plus|bonus|nice\s+to\s+have|desir|asset", re.IGNORECASE)


@dataclass(frozen=True)
class _Years:
    rank: int  # 2 required, 1 unmarked, 0 preferred
    years: int
    start: int
    end: int
    match_start: int


def find_min_years_experience(doc: Document, sections: list[Section]) -> Fact[int] | None:
    """The minimum years of experience asked for.

    Rule: every "N years" (also "N+ years", "N-M years" -> N, "five (5) years") followed by
    experience words counts; organisation history ("for over 3 years", "founded in") and ages do
    not. Each is ranked by its own words and heading: required ("at least", "Required
    Qualifications") over unmarked over preferred ("ideal candidate", "a plus"). The largest
    figure of the best rank wins, so a general "10+ years" beats a specific "3+ years supervising".
    """
    found: list[_Years] = []
    for match in doc.finditer(_YEARS_RE):
        tail = doc.text[match.end():match.end() + 80]
        before = doc.text[max(0, match.start() - 20):match.start()]
        # "experience working in Webflow (minimum of 2 years)": the experience is named just before
        aside = _EXPERIENCE_ASIDE_RE.search(doc.text, max(0, match.start() - 80), match.start())
        minimum = match.group("qual") or re.search(r"\+|plus|or\s+more", match.group(0), re.IGNORECASE)
        about_experience = (_YEARS_TAIL_RE.match(tail) or (aside and tail.startswith(")"))
                            or (minimum and _ANY_ING_RE.match(tail)))
        if not about_experience or _YEARS_AFTER_RE.match(tail):
            continue
        if not match.group("qual") and _AT_MOST_RE.search(before):
            continue
        if match.group("n").lower() == "a" and not (match.group("qual") or "more" in match.group(0).lower()):
            continue  # "a year of service" is a term; "at least a year of" and "a year or more of" ask
        qualifier = (match.group("qual") or "").lower()
        if (_YEARS_BEFORE_RE.search(before) and not _WANTED_RE.search(before)
                and not qualifier.startswith(("at", "a min", "min", "no"))):
            continue
        if _PART_OF_RE.search(before):  # "6 years of organizing, including at least two supervising"
            continue
        start, end = sentence_around(doc, match.start(), match.end())
        # Money in the sentence sets a pay tier; in an unpunctuated run-on, only money near the figure does.
        near = (start, end) if end - start <= _LONG_SENTENCE else _clause_span(doc.text, start, end, match)
        # "- At least 2 years of teaching adults": a minimum of some activity, opening a requirement or
        # asked of the candidate, is experience whatever the activity ("we have at least 5 years of
        # funding" is not).
        doing = (qualifier.startswith(("at", "a min", "min")) and _OF_DOING_RE.match(tail)
                 and (not doc.text[start:match.start()].strip(" \t-*•·") or _ASKED_OF_RE.search(before)))
        experience = doing or _EXPERIENCE_WORD_RE.search(doc.text, start, end)
        if not experience or _MONEY_RE.search(doc.text, *near):
            continue
        window = _clause(doc.text, start, end, match)
        rank = _rank([window, *headings_for(doc, sections, doc.line_of(match.start()))])
        found.append(_Years(rank, _number(match.group("n")), *evidence(doc, match.start(), match.end()),
                            match.start()))
    if not found:
        none_needed = next(doc.finditer(_NO_EXPERIENCE_RE), None)
        if none_needed is None:
            return None
        return doc.fact(0, *evidence(doc, none_needed.start(), none_needed.end()))
    best = max(found, key=lambda y: (y.rank, y.years))
    # "a minimum of four years' experience ... or a minimum of five years'": the smaller alternative.
    alternatives = [y for y in found if y.rank == best.rank and y.start == best.start
                    and re.search(r"\bor\b", doc.text[min(y.match_start, best.match_start):
                                                       max(y.match_start, best.match_start)], re.I)]
    best = min(alternatives, key=lambda y: y.years, default=best)
    return doc.fact(best.years, best.start, best.end)


def _clause_span(text: str, start: int, end: int, match: re.Match[str]) -> tuple[int, int]:
    """The part of a run-on sentence about a match: between the ";" either side, and at most
    `_MONEY_BEFORE` characters before it (a pay tier names its pay first) and `_MONEY_AFTER` after."""
    begin = max(start, text.rfind(";", start, match.start()) + 1, match.start() - _MONEY_BEFORE)
    stop = text.find(";", match.end(), end)
    return begin, min(stop if stop >= 0 else end, match.end() + _MONEY_AFTER)


def _clause(text: str, start: int, end: int, match: re.Match[str]) -> str:
    """The words around a match up to the nearest ";" either side, and at most 25 characters after it."""
    begin = max(start, text.rfind(";", start, match.start()) + 1)
    stop = min(end, match.end() + 25)
    semicolon = text.find(";", match.end(), stop)
    return text[begin:semicolon if semicolon >= 0 else stop]


def _rank(texts: list[str]) -> int:
    """2 required, 1 unmarked, 0 preferred: the clause itself decides first, then the nearest heading."""
    for text in texts:
        if _PREFERRED_RE.search(text):
            return 0
        if _REQUIRED_RE.search(text):
            return 2
    return 1


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 1 if text.lower() == "a" else NUMBER_WORDS[text.lower()]


# --- languages ------------------------------------------------------------------------------------

LANGUAGES: tuple[str, ...] = (
    "English", "Spanish", "French", "Portuguese", "Italian", "German", "Dutch", "Russian", "Ukrainian",
    "Polish", "Greek", "Turkish", "Arabic", "Hebrew", "Farsi", "Persian", "Dari", "Pashto", "Urdu", "Hindi",
    "Bengali", "Punjabi", "Gujarati", "Tamil", "Telugu", "Nepali", "Mandarin", "Cantonese", "Chinese",
    "Japanese", "Korean", "Vietnamese", "Tagalog", "Filipino", "Thai", "Khmer", "Lao", "Hmong", "Burmese",
    "Indonesian", "Somali", "Amharic", "Tigrinya", "Swahili", "Yoruba", "Haitian Creole", "Creole",
    "Armenian", "American Sign Language", "ASL", "Mixteco", "Quechua", "Navajo", "Yiddish", "Welsh", "Irish",
    "Gaelic", "Māori", "Maori", "Cree", "Ojibwe", "Inuktitut", "Romanian", "Czech", "Hungarian", "Swedish",
    "Malay", "Hausa", "Igbo", "Oromo", "Kinyarwanda", "Marshallese", "Chuukese", "Samoan", "Tongan",
    "Kurdish", "Albanian", "Serbian", "Croatian", "Bosnian", "Bangla",
    # Indigenous languages of Mexico and Guatemala that farmworker and immigrant groups ask for
    "Mixtec", "Triqui", "Zapoteco", "Zapotec", "Nahuatl", "Purépecha", "Mam", "Kaqchikel", "Garifuna",
    # Pacific and Philippine languages
    "Ilocano", "Ilokano", "Cebuano", "Visayan", "Chamorro", "Hawaiian", "Fijian",
    # African languages and creoles of immigrant communities
    "Twi", "Akan", "Ewe", "Wolof", "Fula", "Fulani", "Mandinka", "Lingala", "Kirundi", "Luganda",
    "Cape Verdean Creole",
    # Alaska Native languages
    "Yup'ik", "Inupiaq", "Tlingit",
)
ENDONYMS: dict[str, str] = {
    "Bahasa Indonesia": "Indonesian", "Bahasa Inggris": "English", "Español": "Spanish", "Français": "French",
    "Português": "Portuguese", "Deutsch": "German", "Kreyòl": "Haitian Creole", "Tiếng Việt": "Vietnamese",
    "ASL": "American Sign Language", "Haitian creole": "Haitian Creole", "Kriolu": "Cape Verdean Creole",
    "Yup’ik": "Yup'ik", "Yupik": "Yup'ik", "Iñupiaq": "Inupiaq",
}
"""Languages named in their own tongue (as postings written in it name them) or spelt otherwise: the
name reported."""
_LANGUAGE_RE = re.compile(
    word_alternatives(sorted(map(re.escape, [*LANGUAGES, *ENDONYMS]), key=len, reverse=True),
                      more=[r"I(?<=\bberbahasa I)(?:ndonesia|nggris)"]) + r"\b")
_LANGUAGE_CUE_RE = re.compile(
    r"fluen|bilingual|multilingual|trilingual|proficien|\bspeak|\bspoken|conversational|\bnative\b|"
    r"\blanguages?\b|a\s+plus|preferred|required|\bread\b|\bwrit|verbal|translat|interpret|berbahasa"
    r"|\basset\b|desirable|advantage|\bskills?\b|\bhelpful\b|\buseful\b|\bbonus\b",
    re.IGNORECASE)
_CUE_REACH = 120
"""Characters either side of a language named in an unquotably long sentence that are read for a cue."""
_ASKING_CUE_RE = compile_scan(r"fluen|bilingual|multilingual|trilingual|proficien|conversational|a\s+plus"
                              r"|prefer|requir|desirable|\basset\b|advantage", re.IGNORECASE)
"""The cues that ask for a language even a long way from its name (not "speaking", "written")."""
# "English-language media", "Spanish-speaking communities", "Arabic and Somali speaking families": the
# language names something else.
_LANGUAGE_ADJECTIVE_RE = re.compile(
    r"-language\b(?!\s+(?:skills?|fluency|proficiency|ability))"
    r"|(?:\s*(?:,|\band\b|\bor\b)\s*[A-Z][\w-]*)*[-\s]+speaking\s+(?:\w+\s+)?"
    r"(?:communit|residents|families|members|workers|people|populations|voters|neighborhoods|immigrants)",
    re.IGNORECASE)


_LANGUAGE_LIST_RE = re.compile(
    rf"(?:{_LANGUAGE_RE.pattern})(?:\s*(?:,|/|;|\bor\b|\band\b|\band/or\b)\s*(?:{_LANGUAGE_RE.pattern}))*[.;]?")
_IN_TWO_RE = re.compile(
    r"(?<!offered )(?<!available )(?<!provided )(?<!published )(?<!printed )"  # what the organization offers
    rf"\bin\s+(?:both\s+)?(?:{_LANGUAGE_RE.pattern})\s*(?:\band\b|&)\s*(?:{_LANGUAGE_RE.pattern})")
"""Work done in two languages ("referrals via chat, email and text in English and Spanish"): the role
works in both, which asks for both as plainly as "bilingual" does (not "a letter in English or Spanish")."""
_ASKING_HEADING_RE = re.compile(
    r"qualif|requir|essential|desirable|preferred|\bskills?\b|languages?|\basset|\bplus\b", re.IGNORECASE)


def _listed_under_asking_heading(doc: Document, sections: list[Section], offset: int) -> bool:
    """Whether the language at `offset` is in a bullet that only lists languages ("- Arabic, Pashto or
    Dari") under a heading that asks for things ("Desirable", "Qualifications"): the heading is its cue."""
    line = doc.line_of(offset)
    text = doc.lines[line - 1]
    bullet = BULLET.match(text)
    return (bullet is not None and _LANGUAGE_LIST_RE.fullmatch(text[bullet.end():].strip()) is not None
            and any(_ASKING_HEADING_RE.search(heading) for heading in headings_for(doc, sections, line)))


def _in_two(doc: Document, match: re.Match[str]) -> bool:
    """Whether the language `match` names is one of two the work is done in ("in English and Spanish")."""
    return any(pair.start() <= match.start() and match.end() <= pair.end()
               for pair in _IN_TWO_RE.finditer(doc.text, max(0, match.start() - 40), match.end() + 60))


def find_languages(doc: Document, sections: list[Section], *, body_start: int = 0) -> list[Fact[str]]:
    """Languages the role asks for (required or preferred), each once, with the sentence that asks.

    A language counts with a cue in its sentence ("fluent", "bilingual", "translator", "a plus"); one
    named in its own tongue ("Bahasa Indonesia") is reported by its English name. `body_start` ends the
    front matter, whose lines are read one by one.
    """
    facts: dict[str, Fact[str]] = {}
    for match in doc.finditer(_LANGUAGE_RE):
        name = ENDONYMS.get(match.group(0), ENDONYMS.get("Bahasa " + match.group(0), match.group(0)))
        if name in facts or _LANGUAGE_ADJECTIVE_RE.match(doc.text, match.end()):
            continue
        start, end = evidence_past(doc, match.start(), match.end(), body_start)
        cues = _LANGUAGE_CUE_RE
        if (start, end) == match.span():  # a sentence too long to quote: its words around the name
            line_start, line_end = doc.line_span(doc.line_of(match.start()))
            cues = _ASKING_CUE_RE
            start, end = max(line_start, start - _CUE_REACH), min(line_end, end + _CUE_REACH)
        cue_text = doc.text[start:end].replace(match.group(0), "")
        if (cues.search(cue_text) or _listed_under_asking_heading(doc, sections, match.start())
                or _in_two(doc, match)):
            facts[name] = doc.fact(name, *evidence_past(doc, match.start(), match.end(), body_start))
    if not facts and doc.search(_BILINGUAL_RE) is not None:
        return _the_one_other_language(doc, body_start)
    return list(facts.values())


_BILINGUAL_RE = compile_scan(
    r"\bbilingual\b(?!\s+(?:stipend|differential|pay|bonus|premium|incentive|staff))", re.IGNORECASE)
"""A role asked to be bilingual (a "bilingual stipend" pays staff who are, and asks nothing)."""


def _the_one_other_language(doc: Document, body_start: int) -> list[Fact[str]]:
    """A "Bilingual …" role whose second language is asked for nowhere in so many words: the one language
    besides English that the posting names at all ("… and our Spanish chat line team")."""
    named: dict[str, re.Match[str]] = {}
    for match in doc.finditer(_LANGUAGE_RE):
        name = ENDONYMS.get(match.group(0), match.group(0))
        if name != "English":
            named.setdefault(name, match)
    if len(named) != 1:
        return []
    [(name, match)] = named.items()
    return [doc.fact(name, *evidence_past(doc, match.start(), match.end(), body_start))]


# --- travel ---------------------------------------------------------------------------------------

_AMOUNT = (
    r"(?:(?:up\s+to|at\s+least|approximately|approx\.|about|around|roughly|no\s+more\s+than|more\s+than|"
    r"as\s+much\s+as|less\s+than|under)\s+)?"
    rf"(?:\d{{1,3}}\s?(?:%|percent)(?:\s+of\s+(?:the\s+)?time)?"
    rf"|(?:{_NUM}|once|twice|several|a\s+few|multiple|\d{{1,2}}\s*[-–]\s*\d{{1,2}})"
    r"(?:\s+(?:times|days?|nights?|weeks?|trips?|weekends?))?"
    r"(?:\s+(?:a|per|each|every)\s+(?:week|month|quarter|year)|\s+(?:weekly|monthly|quarterly|annually)))"
)
_TRAVEL_AMOUNT_RE = compile_scan(rf"\btravel\w*\b[^.;\n]{{0,80}}?\b(?P<amount>{_AMOUNT})", re.IGNORECASE)
_AMOUNT_TRAVEL_RE = compile_scan(rf"(?P<amount>\b{_AMOUNT})\s+(?:overnight\s+)?travel\b", re.IGNORECASE)
_NO_TRAVEL_RE = compile_scan(
    r"\bno\s+travel\b|\btravel\s+is\s+not\s+(?:required|expected|necessary)\b|\bdoes\s+not\s+require\s+travel\b",
    re.IGNORECASE)
_SOME_TRAVEL_RE = compile_scan(
    r"\b(?:occasional|frequent|regular|some|extensive|limited|minimal|periodic|overnight|national|statewide|"
    r"regional|domestic|international)\s+(?:overnight\s+)?travel\b"
    r"|\b(?:ability|able|willing(?:ness)?|availability|available)\s+to\s+travel\b"
    r"|\btravel\s+(?:is\s+)?(?:required|expected|necessary)\b"
    r"|\b(?:must|required\s+to|expected\s+to)\s+travel\b",
    re.IGNORECASE)


def find_travel(doc: Document, sections: list[Section]) -> Fact[str] | None:
    """How much travel the role needs: "up to six days a month", "up to 25%", "no travel", ...

    A stated amount wins over "no travel", which wins over unquantified travel ("occasional travel").
    """
    for pattern in (_TRAVEL_AMOUNT_RE, _AMOUNT_TRAVEL_RE):
        match = next(doc.finditer(pattern), None)
        if match is not None:
            value = re.sub(r"\s+", " ", match.group("amount"))
            return doc.fact(value, *evidence(doc, match.start(), match.end()))
    for pattern in (_NO_TRAVEL_RE, _SOME_TRAVEL_RE):
        match = next(doc.finditer(pattern), None)
        if match is not None:
            return doc.fact(re.sub(r"\s+", " ", match.group(0)), *evidence(doc, match.start(), match.end()))
    return None


# --- driver's licence -----------------------------------------------------------------------------

_LICENSE_RE = re.compile(r"\bdriv(?:er|ing)(?:[’'`]?s)?\s+licen[cs]e\b", re.IGNORECASE)
_LICENSE_NOT_NEEDED_RE = re.compile(
    r"\b(?:no|not|n[’']t)\b[^.;\n]{0,30}licen[cs]e|licen[cs]e\s+(?:is\s+)?not\s+(?:required|necessary|needed)",
    re.IGNORECASE)


def find_drivers_license(doc: Document, sections: list[Section]) -> Fact[bool] | None:
    """True when a driver's licence is asked for (required or preferred), False when it is said not to be."""
    match = next(doc.finditer(_LICENSE_RE), None)
    if match is None:
        return None
    start, end = evidence(doc, match.start(), match.end())
    needed = _LICENSE_NOT_NEEDED_RE.search(doc.text, start, end) is None
    return doc.fact(needed, start, end)
