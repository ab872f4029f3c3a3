"""Word lists and shape tests for names: role titles, organization names, places."""

from __future__ import annotations

import re


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


ROLE_NOUN = re.compile(
    r"\b(?:organi[sz]ers?|directors?|managers?|coordinators?|associates?|fellows?|fellowship|interns?"
    r"|internship|analysts?|engineers?|developers?|designers?|assistants?|specialists?|officers?|leads?"
    r"|leaders?|strategists?|advocates?|attorneys?|counsel|paralegals?|writers?|editors?|researchers?"
    r"|scientists?|consultants?|contractors?|administrators?|representatives?|canvassers?|trainers?"
    r"|educators?|teachers?|tutors?|mentors?|coach(?:es)?|navigators?|planners?|accountants?|bookkeepers?"
    r"|president|chief|head|executive|producers?|technicians?|tech|nurses?|stewards?|campaigners?"
    r"|fundraisers?|receptionists?|clerks?|supervisors?|apprentices?|ambassadors?|liaisons?|architects?"
    r"|programmers?|therapists?|secretary|treasurer|facilitators?|mobilizers?|captains?"
    r"|recruiters?|auditors?|investigators?|aides?|advis[oe]rs?|reporters?|journalists?|promotor[ae]s?"
    r"|promoters?|epidemiologists?|statisticians?|economists?|librarians?|archivists?|translators?"
    r"|interpreters?|photographers?|videographers?|doulas?|midwi(?:fe|ves)|physicians?|pharmacists?"
    r"|dispatchers?|drivers?|cooks?|custodians?|lawyers?|solicitors?|barristers?|caseworkers?|counsell?ors?"
    r"|(?:health|social|case|outreach|community)[ \t]+workers?)\b",
    re.IGNORECASE,
)
ORG_NOUN = re.compile(
    r"\b(?:coalition|network|union|project|fund|alliance|council|cent(?:er|re)|association|cooperative"
    r"|co-?op|aid|partners|collective|corps|institute|foundation|committee|league|organi[sz]ation|action"
    r"|society|trust|inc|llc|ltd|church|library|families|campaign|caucus|federation|movement|initiative"
    r"|group|services|clinic|cl[ií]nica|lab|agency|department|county|city|school|university|college"
    r"|hospital|bank|company|corporation|party|ministries|friends|workers|voters|riders|tenants|progress"
    r"|power|justice|rights|partnership|conservancy|conservation|fellowship|board|office|shelter|pantry)\b",
    re.IGNORECASE,
)
STREET_LINE = re.compile(
    r"^[ \t]*\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z0-9][\w.'’-]*[ \t]+){1,4}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Way|Drive|Dr|Lane|Ln|Place|Pl|Court|Ct|Parkway|Pkwy"
    r"|Highway|Hwy|Square|Sq|Terrace|Plaza|Row)\b", re.MULTILINE)
"""A street address line, as a letterhead or a signature writes one under the organization's name."""
_PLACE_WORDS = _word_set("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma oregon
pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming remote hybrid onsite
on-site north south east west central northern southern eastern western midwest
""")
_STATE_CODES = _word_set("""
AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK
OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC USA U.S. US
""")
_CITY_STATE = re.compile(r"^[A-Z][\w.’' -]*,[ \t]*(?:[A-Z]{2}|[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)\b")
_BOILERPLATE = re.compile(
    r"\b(?:donate|get updates|subscribe|sign in|log ?in|menu|home|search|share|posted|careers?|jobs? board"
    r"|apply now|back to|skip to|cookies?|newsletter)\b"
    r"|^\W*(?:jobs?|job\s+(?:posting|opening|listing)|opening|vacancy|now\s+hiring|offre\s+d[’']emploi"
    r"|oferta\s+de\s+empleo)\W*$", re.IGNORECASE)
_SMALL = frozenset({"a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "de",
                    "del", "la", "las", "los", "el", "y", "du", "des", "le", "&"})
_ACRONYMS = frozenset({"CEO", "CFO", "COO", "CTO", "CIO", "EVP", "SVP", "AVP", "USA", "NYC", "LGBTQ", "HR",
                       "IT", "VP", "PR", "UX", "UI", "QA", "DC", "LA", "US", "UK", "II", "III", "IV", "PAC",
                       "NSW", "QLD", "ACT", "NZ", "BC", "NYS", "ACLU", "SEIU", "AFL-CIO", "NAACP"})
MARKS = " \t*_#>`"


def strip_marks(text: str) -> str:
    """Text without surrounding whitespace and Markdown emphasis / heading marks."""
    return text.strip(MARKS)


def is_boilerplate(text: str) -> bool:
    """Site navigation and similar chrome ("Home | Donate", "Posted:")."""
    return _BOILERPLATE.search(text) is not None


def looks_like_name(text: str) -> bool:
    """A short, capitalised phrase that is not a sentence, a label, an address or a link."""
    words = strip_marks(text).split()
    if not 0 < len(words) <= 10 or not words[0][:1].isupper():
        return False
    if text.rstrip().endswith((".", ":", ",", ";")) or "@" in text or "http" in text or ": " in text:
        return False
    # Each word once: "The" is both capitalised and a small word.
    return all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL for w in words)


def looks_like_place(text: str) -> bool:
    """'Des Moines, IA', 'South Texas', 'Remote': a place or work arrangement rather than an organization."""
    name = strip_marks(text)
    if ORG_NOUN.search(name):
        return False
    words = [w.strip(",()") for w in name.split()]
    return (_CITY_STATE.match(name) is not None or any(w.lower() in _PLACE_WORDS for w in words)
            or any(w in _STATE_CODES for w in words))


def is_state_code(word: str) -> bool:
    """'NH', 'CA', 'DC': a US state's postal code."""
    return len(word) == 2 and word in _STATE_CODES


def has_digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def normalise_case(text: str) -> str:
    """Collapse whitespace; an ALL CAPS or all-lowercase phrase becomes Title Case ("ORGANIZER")."""
    value = " ".join(text.split())
    letters = [ch for ch in value if ch.isalpha()]
    if len(letters) > 3 and (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return title_case(value)
    return value


def title_case(value: str) -> str:
    """Title Case that keeps common acronyms and lowercases small words after the first."""
    out = []
    for i, word in enumerate(value.split(" ")):
        core = word.strip("()[],.!:;\"'")
        if core in _ACRONYMS:
            out.append(word)
        elif i and core.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)
