"""The role's title and the hiring organization.

Title, in order: a "Job Title: X" label; "We're hiring a X"; the first short line near the top that
names a role ("Senior Organizer", "ORGANIZER - Org Name (ACR)"); "Org is seeking a X"; the file name's
role words where the text has them.

Organization, in order: an "Organization: X" label (or, under an empty "Organization:" heading, the
subject of "Org Name is ..."); the other half of a "Title - Org" line; a name line just below the
title ("Org Name · City, ST"); "Org is looking for / seeking / hiring"; "Org Name is a ..." near the
top; an "About Org" heading; a name line above the title. Candidate names are checked for shape (not
a sentence, a place or navigation) and, unless they carry an organization noun, must recur in the text.

ALL CAPS values are given in Title Case; the evidence is always the exact text.
"""

from __future__ import annotations

import itertools
import re
from pathlib import PurePath

from knowledge.document import Document
from knowledge.extract import _gazetteer
from knowledge.extract._names import (
    MARKS,
    ORG_NOUN,
    ROLE_NOUN,
    STREET_LINE,
    has_digits,
    is_boilerplate,
    is_state_code,
    looks_like_name,
    looks_like_place,
    normalise_case,
    strip_marks,
)
from knowledge.extract._prose import BULLET
from knowledge.extract.apply import EMAIL_RE, URL_RE
from knowledge.frontmatter import Entry, FrontMatter
from knowledge.models import Fact, Section

_EMPHASIS = r"(?:\*\*|__)?"
_EMPHASIS_SET = r"(?:\*\*|__)"
# Every run of blanks is matched by one [ \t]* / [ \t]+ only, and searches for separators start at the
# run's first blank: two adjacent optional runs would backtrack quadratically on a hostile line.
_TITLE_LABEL = re.compile(
    rf"^[ \t]*{_EMPHASIS}(?:job[ \t]+title|position[ \t]+title|position|role|title|job|opening"
    r"|open[ \t]+position|job[ \t]+opening|job[ \t]+posting|job[ \t]+announcement|vacancy|now[ \t]+hiring"
    r"|oferta[ \t]+de[ \t]+empleo|puesto|cargo|offre[ \t]+d[’']emploi|poste)"
    rf"(?:[ \t]*{_EMPHASIS_SET})?[ \t]*[:：][ \t]*{_EMPHASIS}(?P<v>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_SUBJECT_TITLE = re.compile(
    r"^[ \t]*subject[ \t]*:[ \t]*(?:(?:re|fwd?|fw)[ \t]*:[ \t]*)*(?:\[[^\[\]\n]{1,40}\][ \t]*)?"
    r"(?:(?:now[ \t]+)?(?:job(?:[ \t]+(?:posting|opening|announcement))?|position|opening|vacancy|hiring)"
    r"[ \t]*[:–—-][ \t]*)?(?:(?:full|part)[ \t-]?time[ \t]+|(?:paid|temporary|seasonal)[ \t]+)?"
    r"(?P<v>[^\n]*?)(?:[ \t]+(?:wanted|needed)\b[^\n]*)?$",
    re.IGNORECASE | re.MULTILINE,
)
"""An email's subject line ("Subject: [jobs] Job: Outreach Coordinator (Food Co-op, part-time)"); the
role without its terms ("Part-time Bookkeeper", "grant writer wanted")."""
_HIRING_BODY = re.compile(r"(?:Board(?:[ \t]+of[ \t]+(?:Directors|Trustees))?"
                          r"|(?:Search|Hiring|Steering)[ \t]+Committee|Committee|Staff|Team)", re.IGNORECASE)
"""The part of an organization that hires for it."""
_HIRING = re.compile(
    r"^[ \t#*_]*(?:[^\W\d_][^\n.!?]{0,20}[.!?][ \t]+)?"  # a greeting first: "Kia ora! We're hiring a…"
    r"(?:(?:we[’']re|we[ \t]+are|now)[ \t]+)?(?:hiring|recruiting)\b"
    r"(?![ \t]+(?:manager|process|committee|team|timeline))[ \t]*[:!-]?[ \t]*"
    r"(?:(?:an?|the|our|(?:a|an)[ \t]+new)[ \t]+)?(?P<v>[^\n]*)"
    r"|^[ \t#*_]*join[ \t]+(?:us|our[ \t]+team)[ \t]+as[ \t]+(?:an?[ \t]+)?(?P<j>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# Bounded repetitions keep every name pattern linear on long runs of capitalised words.
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'&.!-]*"
_NAME = (rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|for|to|and|the|de|in|on|&)){{0,9}}"
         r"(?:[ \t]+(?:Local|District|Lodge|Chapter)[ \t]+\d{1,5}[A-Z]?\b)?")
_SEEKING = re.compile(
    rf"(?:^|(?<=[.!?][ \t])|(?<=^[ \t]))(?:\*\*|__)?(?P<org>{_NAME})(?:\*\*|__)?"
    r"(?:[ \t]+\([^()\n]{1,60}\))?"
    r"[ \t]+(?P<verb>is|are)[ \t]+"
    r"(?:now[ \t]+|currently[ \t]+)?(?:looking[ \t]+for|seeking|hiring|recruiting|searching[ \t]+for)\b"
    r"(?P<rest>[^\n]*)",
    re.MULTILINE,
)
_SUBJECT_IS = re.compile(
    rf"(?:^|(?<=[.!?][ \t]))(?:\*\*|__)?(?P<org>{_NAME}(?:[ \t]+[-–—][ \t]+{_NAME})?)(?:\*\*|__)?"
    r"(?:[ \t]+\([^()\n]{1,15}\))?"
    r"[ \t]+(?:is|are)[ \t]+(?:an?|the)\b",
    re.MULTILINE,
)
_SUBJECT_DOES = re.compile(
    rf"^[ \t>]*(?:\*\*|__)?(?P<org>{_NAME})(?:\*\*|__)?"
    r"[ \t]+(?:has[ \t]+(?:provided|served|worked|been|built|won)"
    r"|runs|supports|provides|represents|serves|organizes|organises|invests|builds|operates|works|fights|helps"
    r"|advocates|grows|brings|offers|exists|was[ \t]+founded|began|started)\b",
    re.MULTILINE,
)
"""A paragraph opening on the organization doing what it does ("The Valley Water Alliance supports …",
"Harbor Family Shelter has provided …"): its about paragraph."""
_DESCRIBED = re.compile(r"(?:[ \t]+[\w-]+){0,4}?[ \t]+(?:non-?profit|newsroom|charity|organi[sz]ation|union"
                        r"|coalition|network|fund)\b", re.IGNORECASE)
""" "**Rust Belt Desk** is a nonprofit newsroom": what the sentence calls it makes it an organization."""
_CRUMB = re.compile(r"[ \t]+[>»›][ \t]+")
"""The separator of a breadcrumb trail."""
_TERM_WORDS = (r"full|part|time|temporary|seasonal|permanent|exempt|open|filled|remote|hybrid|contract"
               r"|volunteer|paid|unpaid|tbd|n/a|casual|on-call|relief|ongoing|fixed-term")
"""Words of a job's terms ("Full-time", "Casual", "Open until filled")."""
_TERMS_WORD = re.compile(rf"\b(?:{_TERM_WORDS})\b", re.IGNORECASE)
_TERMS_ONLY = re.compile(rf"(?:(?:{_TERM_WORDS})[\s/&,-]*)+", re.IGNORECASE)
"""Terms alone ("Casual"), on the other side of a title's dash where an organization may be."""
_SENTENCE_INSIDE = re.compile(r"[.!?][ \t]+[A-Z]")
"""A full stop between words: two sentences ("Pennsylvania. We …" on a wrapped line), not one name."""
_THE = re.compile(r"The[ \t]+(?=\S)")
_SYMBOL = re.compile(r"[\s\u2190-\u2bff\ufe0f\u200d\U0001f000-\U0001faff]")
"""Emoji, arrows, dingbats and the joiners between them: decoration around a title."""
_SUBJECT = re.compile(rf"[ \t]*(?P<org>{_NAME}(?:[ \t]+[-–—][ \t]+{_NAME})?)[ \t]+(?:is|are)\b")
_CAPITALISED_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:of|for|and|&)[ \t]+)?{_NAME_WORD}){{0,9}}")
_ORG_LABEL = re.compile(
    rf"^[ \t]*(?:[-*•][ \t]*)?{_EMPHASIS}(?:organi[sz]ation(?:[ \t]+name)?|company|employer"
    rf"|hiring[ \t]+organi[sz]ation|about[ \t]+(?:the[ \t]+)?(?:organi[sz]ation|company|employer))"
    rf"(?:[ \t]*{_EMPHASIS_SET})?[ \t]*[:：][ \t]*{_EMPHASIS}(?P<v>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_ABOUT = re.compile(
    rf"(?:^[ \t#*_]*|[─—–|:-][ \t]*)About[ \t]+(?P<org>(?!The\b|This\b|Our\b|Us\b|You\b){_NAME})[:：\s]*$",
    re.MULTILINE,
)
# "is seeking a Field Organizer", "We seek an attentive and motivated Field Organizer".
_SEEKS = re.compile(r"\b(?:seek(?:s|ing)?|hiring|looking[ \t]+for|recruiting)[ \t]+(?P<rest>[^\n]*)",
                    re.IGNORECASE)
# "The Campaign Manager is responsible for ...": the role named as a sentence's subject.
_ROLE_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?][ \t]))The[ \t]+(?P<v>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,5}})"
    r"[ \t]+(?:is|will|works)\b", re.MULTILINE)
# "The [Org Name](https://org.example), a network of ..." opening a paragraph.
_LINKED_SUBJECT = re.compile(
    r"^[ \t]*(?:The[ \t]+)?\[(?P<org>[^\[\]\n]{2,80})\]\([^()\s]{1,300}\)[ \t]*(?:,|is\b|are\b|\()",
    re.MULTILINE)
# "Rivera for Council is an equal opportunity employer": the employer names itself.
_EQUAL_OPPORTUNITY = re.compile(
    rf"(?:^|(?<=[.!?][ \t])|(?<=^[ \t]))(?P<org>{_NAME})[ \t]+(?:is|are)[ \t]+(?:an?[ \t]+)?(?:proud[ \t]+)?"
    r"[Ee]qual[ \t]+(?:[Oo]pportunity|[Ee]mployment)", re.MULTILINE)
# "Join Riverside Tenants Union as our next organizer", "Join the Prairie Climate Coalition!"
_JOIN = re.compile(rf"\b[Jj]oin[ \t]+(?:the[ \t]+)?(?P<org>{_NAME})(?![ \t]*$)", re.MULTILINE)
"""'Join Org Name in …'; not a line that is only 'Join the CSA' (a page's link or button)."""
_MAX_EMAIL_DOMAINS = 8
_MAX_URLS = 8
_MAX_RUNS = 2000
"""Runs of capitalised words read for names run together in an address (a bound for hostile input)."""
_RUN_WORD = re.compile(r"[\w&-]+(?:['’](?!s\b)\w+)*")
"""A word of a `_CAPITALISED_RUN`, without a possessive ("Climate’s", "Union's")."""
_BOARD_LABEL = re.compile(r"job|career|hire|hiring|work|talent|recruit|forum|communit|member|post",
                          re.IGNORECASE)
"""A web address naming these is a job board's or a page's, not the employer's."""
_FREE_MAIL = frozenset({"gmail", "googlemail", "yahoo", "hotmail", "outlook", "aol", "icloud", "protonmail",
                        "proton", "live", "msn", "mail", "comcast", "verizon", "me", "gmx", "ymail",
                        "googlegroups", "groups", "lists", "listserv"})
"""Mail and mailing-list services: an address there names no employer."""
_SENTENCE_END = tuple(".?!")
_SEPARATOR = re.compile(r"(?<![ \t])[ \t]+(?:[-–—|─:·•]|at|@)[ \t]+")
_DASH = re.compile(r"(?<![ \t])[ \t]+[-–—][ \t]+")
_NAME_END = re.compile(r"(?<![ \t])(?:[ \t]+[-–—|─·•][ \t]+|[ \t]*\([^()]{1,15}\)[ \t]*$"
                       r"|[ \t]*\((?:https?://|www\.)[^()\s]+\)[ \t]*$)")  # a link's target: "Org (https://…)"
_UNIT = re.compile(r"[ \t]+(?:Local|District|Lodge|Chapter)[ \t]+\d{1,5}[A-Z]?$")
"""A union local's number ending its name ("Care Workers United Local 88")."""
_ORG_END = re.compile(r"\b(?:association|union|federation|coalition|alliance|network|council|society"
                      r"|foundation|institute|league|collective|cooperative|guild|inc|llc|ltd)\.?$", re.I)
"""A name ending so is an organization's even when a role word is in it ("Riverlands Nurses Association")."""
_WORKER_END = re.compile(r"\b[A-Z][\w-]+[ \t]+(?:Worker|WORKER)\b")
"""A capitalised kind of worker is a role ("Settlement Worker"), though "workers" name organizations."""
_ACRONYM_NAME = re.compile(r"(?P<letters>[A-Z]{3,6})"
                           r"(?P<tail>(?: (?:Local|District|Lodge|Chapter) \d{1,5}[A-Z]?)?)$")
"""An organization named by its initials alone (with a union local's number)."""
_SMALL_NAME_WORDS = frozenset({"of", "for", "and", "&", "the"})
_STATE_TAIL = re.compile(r",[ \t]*(?P<code>[A-Z]{2})[ \t]*$")
"""A state code after a name ("Rivera for Springfield, IL"): where the employer is, not its name."""
_LIST_TAG = re.compile(r"\[[^\[\]\n]{1,40}\][ \t]*(?=\S)")
"""A mailing list's tag opening a subject line ("[Jobs List] Field Organizer")."""
_TYPE_SUFFIX = re.compile(
    r"(?<![ \t])[ \t]*[(\[][^()\[\]]*\b(?:remote|hybrid|on-?site|full[ -]time|part[ -]time|contract"
    r"|temporary|seasonal)\b[^()\[\]]*[)\]][ \t]*$", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"[ \t]*\(?\d{1,2}[.)][ \t]+(?=[A-Z]{2,}[ \t]+[A-Z]{2,})")
"""A numbered line in capitals ("1) CANVASS DIRECTOR"): a heading of its own, not a list item."""
_COUNT_SUFFIX = re.compile(r"[ \t]*[(\[](?:\d{1,3}|one|two|three|four|five|six|ten)[ \t]+"
                           r"(?:positions?|openings?|roles?|vacanc(?:y|ies)|spots?|hires?)[)\]][ \t]*$",
                           re.IGNORECASE)
"""How many are hired, after a title ("Canvasser (20 positions)")."""
_LABEL = re.compile(r"[^:]{1,40}:[ \t]|[\w .\"'-]{1,40}[ \t]*=[ \t]*\S")
"""A "Label: value" or "key = value" line (front matter that did not parse is read as text)."""
_SENTENCE_START = re.compile(r"^(?:we|you|our|the|this|a|an|if|for|to|please|join|apply|click|i)\b",
                             re.IGNORECASE)
# First words that make a capitalised phrase a heading or a sentence, not a name.
_NOT_NAME_START = frozenset({"We", "It", "This", "He", "She", "They", "You", "Our", "Your", "Candidates",
                             "Applicants", "About", "Who", "What", "Why", "How", "When", "Where", "Join"})
# A full stop ending a sentence inside a capitalised run ("of Field Organizer. The Field Organizer is").
_SENTENCE_BREAK = re.compile(rf"\.[ \t]+(?=(?:The|An?|{'|'.join(sorted(_NOT_NAME_START))})\b)")
_TOP_LINES = 12
_HEAD_CHARS = 20_000  # names are given near the top; bounding the scans keeps them cheap
_MAX_TITLE_WORDS = 10
_MAX_HIRED_WORDS = 5
_TRAILING = " \t*_#!.,:;"


def find_title(doc: Document, sections: list[Section], source_name: str,
               front: FrontMatter | None = None) -> Fact[str] | None:
    """The role's title with its evidence; as a last resort, the file name's role words found in the text.

    A front-matter title wins; otherwise only the body (the text after the front matter) is read.
    """
    front = front or FrontMatter()
    if (entry := front.get("title")) and any(ch.isalpha() for ch in entry.value):
        return entry_fact(doc, entry)
    begin = front.body_start
    top = _top_lines(doc, _TOP_LINES, front.end_line + 1)
    limit = doc.line_span(top[-1])[1] if top else 0
    for match in _TITLE_LABEL.finditer(doc.text, begin, begin + _HEAD_CHARS):
        if fact := _title_in(doc, match.start("v"), match.end("v"), labelled=True):
            return fact
    for match in _HIRING.finditer(doc.text, begin, limit):
        group = "v" if match.group("v") is not None else "j"
        if fact := _title_hired(doc, match.start(group), match.end(group)):
            return fact
    for line in top:
        start, end = doc.line_span(line)
        if fact := _title_in(doc, start, end):
            return fact
    for pattern in (_SEEKING, _SEEKS):
        for match in pattern.finditer(doc.text, begin, begin + _HEAD_CHARS):
            if fact := _title_after_article(doc, match.start("rest"), match.end("rest")):
                return fact
    for match in _ROLE_SUBJECT.finditer(doc.text, begin, begin + _HEAD_CHARS):
        if (noun := ROLE_NOUN.search(match.group("v"))) and match.start("v") + noun.end() == match.end("v"):
            return _title_fact(doc, match.start("v"), match.end("v"))
    # An email's subject line, last: it often says more than the title ("Two openings: …", "… Wanted").
    for match in _SUBJECT_TITLE.finditer(doc.text, begin, limit):
        if fact := _title_in(doc, match.start("v"), match.end("v"), labelled=True):
            return fact
    return _title_from_name(doc, source_name, begin)


def usable_title(fact: Fact[str] | None) -> Fact[str] | None:
    """`fact` when its value reads as a title, not a sentence or question ("Are you interested ...?")."""
    if fact is None:
        return None
    value = fact.value.strip()
    if not value or value.endswith(_SENTENCE_END) or _SENTENCE_START.match(value) or len(value) > 200:
        return None
    return fact


def find_organization(doc: Document, sections: list[Section], title: Fact[str] | None,
                      front: FrontMatter | None = None) -> Fact[str] | None:
    """The hiring organization's name with its evidence, or None (a front-matter name wins)."""
    front = front or FrontMatter()
    if entry := front.get("organization"):
        return entry_fact(doc, entry)
    fact = _organization_in_body(doc, sections, title, front)
    return _spelled_out(doc, fact, front.body_start) if fact is not None else None


def _organization_in_body(doc: Document, sections: list[Section], title: Fact[str] | None,
                          front: FrontMatter) -> Fact[str] | None:
    begin = front.body_start
    head = begin + _HEAD_CHARS
    for match in _ORG_LABEL.finditer(doc.text, begin, head):
        if strip_marks(match.group("v")):
            return _org_fact(doc, match.start("v"), match.end("v"))
        if fact := _org_subject_below(doc, doc.line_of(match.start())):
            return fact
    if title is not None and title.start_line > front.end_line and (
            fact := _org_beside_title(doc, title) or _org_below_title(doc, title)):
        return fact
    for match in _SEEKING.finditer(doc.text, begin, head):
        if fact := _org_from_seeking(doc, match):
            return fact
    for match in _EQUAL_OPPORTUNITY.finditer(doc.text, begin):
        name = match.group("org")
        if looks_like_name(name) and not ROLE_NOUN.search(name) and name.split()[0] not in _NOT_NAME_START:
            return _org_fact(doc, match.start("org"), match.end("org"))
    for match in _LINKED_SUBJECT.finditer(doc.text, begin, head):
        name = match.group("org")
        if name[:1].isupper() and not ROLE_NOUN.search(name) and "http" not in name:
            return _org_fact(doc, match.start("org"), match.end("org"))
    for match in _SUBJECT_IS.finditer(doc.text, begin, head):
        described = _DESCRIBED.match(doc.text, match.end(), match.end() + 80) is not None
        start, end = match.span("org")
        if article := _THE.match(doc.text, start, end):  # "The Capitol Reentry Coalition is a …"
            start = article.end()
        if _acceptable_org(doc, doc.text[start:end], doc.line_of(match.start()), described=described):
            return _org_fact(doc, *_longest_part(doc, start, end))
    for match in _SUBJECT_DOES.finditer(doc.text, begin, head):
        start, end = match.span("org")
        if article := _THE.match(doc.text, start, end):
            start = article.end()
        if _acceptable_org(doc, doc.text[start:end], doc.line_of(match.start())):
            return _org_fact(doc, start, end)
    for match in _JOIN.finditer(doc.text, begin, head):
        if _acceptable_org(doc, match.group("org"), doc.line_of(match.start())):
            return _org_fact(doc, *match.span("org"))
    for section in sections:
        start, end = doc.line_span(section.start_line)
        if section.heading and section.start_line > front.end_line and (
                about := _ABOUT.search(doc.text, start, end)):
            return _org_fact(doc, about.start("org"), about.end("org"))
    if title is not None and title.start_line > front.end_line and (
            fact := _org_above_title(doc, title, front.end_line + 1)):
        return fact
    return _org_above_street(doc, begin) or _org_from_address(doc, begin)


def _spelled_out(doc: Document, fact: Fact[str], begin: int) -> Fact[str]:
    """The name an acronym found as the organization stands for, where the text spells it out near the
    top ("MTWU Local 1290" -> "Metro Transit Workers Union Local 1290"); else `fact` itself."""
    found = _ACRONYM_NAME.match(fact.text)  # as written: the value may be title-cased ("CRBE" -> "Crbe")
    if found is None:
        return fact
    letters, tail = found.group("letters"), found.group("tail")
    for run in _CAPITALISED_RUN.finditer(doc.text, begin, begin + _HEAD_CHARS):
        words = [w for w in _RUN_WORD.finditer(doc.text, run.start(), run.end())
                 if w.group().lower() not in _SMALL_NAME_WORDS]
        if len(words) < len(letters):
            continue
        if "".join(w.group()[0] for w in words[:len(letters)]).upper() == letters:
            end = words[len(letters) - 1].end()
            if tail and doc.text.startswith(tail, end):
                end += len(tail)
            return _org_fact(doc, words[0].start(), end) or fact
    return fact


def entry_fact(doc: Document, entry: Entry) -> Fact[str]:
    """A front-matter value as a fact: its text as written (whitespace collapsed), cited exactly."""
    return doc.fact(" ".join(entry.value.split()), entry.value_start, entry.value_end)


# --- title -------------------------------------------------------------------------------------


def _top_lines(doc: Document, count: int, first_line: int = 1) -> list[int]:
    """The first `count` non-blank line numbers from `first_line` on."""
    found: list[int] = []
    for number, line in enumerate(doc.lines[first_line - 1:], start=first_line):
        if line.strip():
            found.append(number)
            if len(found) == count:
                break
    return found


def _title_in(doc: Document, start: int, end: int, *, labelled: bool = False) -> Fact[str] | None:
    """A title from a short line (or the part of it before/after a separator) that names a role."""
    if numbered := _NUMBERED_HEADING.match(doc.text, start, end):
        start = numbered.end()  # "1) CANVASS DIRECTOR (1 position)": the first of the roles a post lists
    stripped = strip_marks(doc.text[start:end])
    if not stripped or len(stripped) > 200 or (is_boilerplate(stripped) and not ROLE_NOUN.search(stripped)):
        return None
    if not labelled and (_SENTENCE_START.match(stripped) or _LABEL.match(stripped) or BULLET.match(stripped)
                         or BULLET.match(doc.text[start:end]) or stripped.endswith((".", ",", ";", ":"))):
        return None
    crumbs = list(_CRUMB.finditer(doc.text, start, end))
    if crumbs:  # "Home » Get Involved » Jobs » Field Organizer": the page itself is the last crumb
        start = crumbs[-1].end()
    cursor = start
    parts = []
    for sep in _SEPARATOR.finditer(doc.text, start, end):
        parts.append((cursor, sep.start()))
        cursor = sep.end()
    parts.append((cursor, end))
    for part_start, part_end in parts:
        if _is_title_phrase(doc.text[part_start:part_end]):
            return _title_fact(doc, part_start, part_end)
    # "Position: Epidemiologist I": the label says it is the title, whatever role word it uses.
    if labelled and _is_unnamed_role(doc.text[parts[0][0]:parts[0][1]]):
        return _title_fact(doc, *parts[0])
    return None


def _is_unnamed_role(text: str) -> bool:
    """A short capitalised phrase that is not a job's terms ("Full-time", "Open until filled")."""
    plain = strip_marks(text).strip()
    return (0 < len(plain.split()) <= 5 and looks_like_name(plain) and not _ORG_END.search(plain)
            and not _TERMS_WORD.search(plain) and not has_digits(plain))


def _title_hired(doc: Document, start: int, end: int) -> Fact[str] | None:
    """What follows "We're hiring a": a capitalised role, or a short lowercase one ("an organizer")."""
    if fact := _title_after_article(doc, start, end):
        return fact
    if len(doc.text[start:end].split()) <= _MAX_HIRED_WORDS:
        return _title_in(doc, start, end, labelled=True)
    return None


def _is_title_phrase(text: str) -> bool:
    """A short phrase naming a role ("Field Organizer", "Settlement Worker"), not an organization
    ("Coastal Teachers' Federation")."""
    plain = strip_marks(text)
    words = plain.split()
    return (0 < len(words) <= _MAX_TITLE_WORDS and "@" not in text and "://" not in text
            and not _ORG_END.search(plain)
            and (ROLE_NOUN.search(text) is not None or _WORKER_END.search(plain) is not None))


def _title_after_article(doc: Document, start: int, end: int) -> Fact[str] | None:
    """'seeking a highly skilled Membership Organizer with' -> the capitalised run ending in a role."""
    for run in _CAPITALISED_RUN.finditer(doc.text, start, end):
        stop = (found.start() if (found := _SENTENCE_BREAK.search(doc.text, run.start(), run.end()))
                else run.end())
        nouns = list(ROLE_NOUN.finditer(doc.text, run.start(), stop))
        if nouns:
            return _title_fact(doc, run.start(), nouns[-1].end())
    return None


def _title_fact(doc: Document, start: int, end: int) -> Fact[str] | None:
    # The evidence stays exact: marks, emoji and trailing qualifiers are trimmed by moving offsets.
    start, end = _trim(doc, start, end, _TRAILING)
    start, end = _trim_symbols(doc.text, start, end)
    if doc.text.startswith("(", start) and ")" not in doc.text[start:end]:
        start += 1  # "(Community Health Promoter — English summary below)" split at its dash
    if tag := _LIST_TAG.match(doc.text, start, end):
        start = tag.end()
    qualifier = _TYPE_SUFFIX.search(doc.text, start, end) or _COUNT_SUFFIX.search(doc.text, start, end)
    if qualifier:
        start, end = _trim(doc, start, qualifier.start(), _TRAILING)
    value = normalise_case(doc.text[start:end])
    return doc.fact(value, start, end) if value else None


def _title_from_name(doc: Document, source_name: str, begin: int) -> Fact[str] | None:
    """The longest tail of the file name's words that names a role and is written in the text."""
    words = [w for w in re.split(r"[^A-Za-z0-9’']+", PurePath(source_name).stem) if w]
    for first in range(len(words)):
        phrase = words[first:]
        if not ROLE_NOUN.search(" ".join(phrase)):
            break
        pattern = r"\b" + r"[ \t_]+".join(map(re.escape, phrase)) + r"\b"  # never a hyphenated slug
        if found := re.compile(pattern, re.IGNORECASE).search(doc.text, begin, begin + _HEAD_CHARS):
            return _title_fact(doc, found.start(), found.end())
    return None


# --- organization ------------------------------------------------------------------------------


def _org_fact(doc: Document, start: int, end: int) -> Fact[str] | None:
    text = doc.text[start:end]
    kept = text.rstrip(_TRAILING)
    if text[len(kept):].startswith("!") and kept:
        kept += "!"  # a name's own "!" ("Yes!") stays
    start, end = _trim(doc, start, start + len(kept), " \t*_#.,:;")
    value = normalise_case(doc.text[start:end])
    return doc.fact(value, start, end) if value else None


def _acceptable_org(doc: Document, name: str, line: int, *, described: bool = False) -> bool:
    """A name-shaped phrase that is not a place, a date, a role or navigation, and is an organization
    by its wording or is named again elsewhere in the text."""
    name = strip_marks(name)
    unit = _UNIT.search(name)  # "Local 88" is part of a union's name
    named = name[:unit.start()].rstrip() if unit else name
    role = ROLE_NOUN.search(named) or _WORKER_END.search(named)
    names_role = role and not (unit or _ORG_END.search(named))
    if (not named or not looks_like_name(named) or looks_like_place(named) or has_digits(named) or names_role
            or is_boilerplate(named) or named.split()[0] in _NOT_NAME_START or _TERMS_ONLY.fullmatch(named)
            or _SENTENCE_INSIDE.search(named)):
        return False
    if ORG_NOUN.search(name) or described:
        return True
    line_start, line_end = doc.line_span(line)
    # Named again as a word: not inside a longer word ("Posted") or a web or email address.
    pattern = re.compile(rf"(?<![\w/.@-]){re.escape(name)}(?![\w@-]|\.\w)", re.IGNORECASE)
    return (pattern.search(doc.text, 0, line_start) is not None
            or pattern.search(doc.text, line_end) is not None)


def _name_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The name at the start of `start:end`, before a ' · City' / ' — City' tail or an '(ACR)'."""
    if bullet := BULLET.match(doc.text[start:end]):  # "^" anchors only at a string's real start
        start += bullet.end()
    start, end = _trim(doc, start, end, MARKS)
    if cut := _NAME_END.search(doc.text, start, end):
        end = cut.start()
    if ((tail := _STATE_TAIL.search(doc.text, start, end)) and is_state_code(tail.group("code"))
            and not _gazetteer.cities(strip_marks(doc.text[start:tail.start()]))):
        end = tail.start()  # "Ruiz for Springfield, IL" names a campaign; "Santa Fe, NM" stays a place
    return _trim(doc, start, end, MARKS)


def _org_beside_title(doc: Document, title: Fact[str]) -> Fact[str] | None:
    """'ORGANIZER - Org Name (ACR)' -> 'Org Name': the other side of a separator on the title's line."""
    line_start, line_end = doc.line_span(title.start_line)
    at = doc.text.find(title.text, line_start, line_end) if title.text else -1
    if at < 0:
        return None
    title_end = at + len(title.text)
    if after := _SEPARATOR.match(doc.text, _skip_qualifier(doc, title_end, line_end), line_end):
        start, end = _name_span(doc, after.end(), line_end)
    else:
        before = [m for m in _SEPARATOR.finditer(doc.text, line_start, at) if m.end() == at]
        if not before:
            return None
        start, end = _name_span(doc, line_start, before[0].start())
    if not _acceptable_org(doc, doc.text[start:end], title.start_line):
        return None
    return _org_fact(doc, start, end)


def _skip_qualifier(doc: Document, pos: int, end: int) -> int:
    """Past a '(Remote)'-style qualifier that follows a title."""
    match = re.compile(r"[ \t]*\([^()]*\)").match(doc.text, pos, end)
    return match.end() if match else pos


def _org_below_title(doc: Document, title: Fact[str]) -> Fact[str] | None:
    """'Org Name · City, ST' or '**Org Name**' on one of the two lines just below the title."""
    seen = 0
    for number in range(title.end_line + 1, min(title.end_line + 6, len(doc.lines)) + 1):
        line = doc.lines[number - 1]
        if not any(ch.isalnum() for ch in line):
            continue  # blank lines and rules ("---", "===")
        seen += 1
        start, end = _name_span(doc, *doc.line_span(number))
        if _acceptable_org(doc, doc.text[start:end], number):
            return _org_fact(doc, start, end)
        if seen == 2:
            break
    return None


def _org_subject_below(doc: Document, line: int) -> Fact[str] | None:
    """Under an 'Organization:' heading: the subject of 'Org Name is ...', preferring a spelled-out name."""
    for number in range(line + 1, min(line + 4, len(doc.lines)) + 1):
        if not doc.lines[number - 1].strip():
            continue
        start, end = doc.line_span(number)
        match = _SUBJECT.match(doc.text, start, end)
        return _org_fact(doc, *_longest_part(doc, *match.span("org"))) if match else None
    return None


def _longest_part(doc: Document, start: int, end: int) -> tuple[int, int]:
    """'ACME! - Allied Citizens for Mutual Empowerment' -> the longer, spelled-out side of the dash."""
    parts = []
    cursor = start
    for dash in _DASH.finditer(doc.text, start, end):
        parts.append((cursor, dash.start()))
        cursor = dash.end()
    parts.append((cursor, end))
    return max(parts, key=lambda span: span[1] - span[0])


def _org_from_seeking(doc: Document, match: re.Match[str]) -> Fact[str] | None:
    start, end = match.span("org")
    name = match.group("org")
    if name.startswith("The ") and len(name.split()) > 1:
        name, start = name[4:].lstrip(), start + len(name) - len(name[4:].lstrip())
    if (name.split()[0] in _NOT_NAME_START | {"The"} or ROLE_NOUN.search(name)
            or _SENTENCE_INSIDE.search(name)
            or (match.group("org").startswith("The ") and ORG_NOUN.fullmatch(name))):
        return None  # "The Federation is seeking": a name used before, not the name
    if _HIRING_BODY.fullmatch(name):
        return None  # "Board is seeking a new Executive Director": who hires, not the employer
    # "A and B are seeking" names two organizations: the first is the employer of record.
    if match.group("verb") == "are" and " and " in name:
        end = start + name.index(" and ")
    return _org_fact(doc, start, end)


def _org_above_title(doc: Document, title: Fact[str], first_line: int) -> Fact[str] | None:
    """A name line at the very top, above the title line (skipping navigation such as 'Donate')."""
    for number in _top_lines(doc, _TOP_LINES, first_line):
        if number >= title.start_line:
            return None
        start, end = _name_span(doc, *doc.line_span(number))
        if _acceptable_org(doc, doc.text[start:end], number):
            return _org_fact(doc, start, end)
    return None


def _org_above_street(doc: Document, begin: int) -> Fact[str] | None:
    """A signature or letterhead: an organization's name on the line right above its street address."""
    for match in STREET_LINE.finditer(doc.text, begin):
        number = doc.line_of(match.start())
        if number > 1:
            start, end = _name_span(doc, *doc.line_span(number - 1))
            if start < end and _acceptable_org(doc, doc.text[start:end], number - 1):
                return _org_fact(doc, start, end)
    return None


def _org_from_address(doc: Document, begin: int) -> Fact[str] | None:
    """An organization an email domain or a web address names ("jobs@lanternworks.org",
    ".../prairieclimate/...") when the text writes it as a word ("Lanternworks") or, run together, as
    capitalised words ("Prairie Climate"). A web address must give a name of two words or more, never a
    job board's or a role's."""
    # A few addresses suffice; each costs a scan of the text, so a flood of them must not (hostile input).
    emails = [_domain_label(match.group("address").split("@", 1)[1])
              for match in itertools.islice(EMAIL_RE.finditer(doc.text, begin), _MAX_EMAIL_DOMAINS)]
    emails = [label for label in emails if len(label) >= 3 and label.lower() not in _FREE_MAIL]
    for label in emails:
        for word in re.finditer(rf"(?<![\w@./-]){re.escape(label)}(?![\w@-]|\.\w)", doc.text, re.IGNORECASE):
            if word.group()[:1].isupper():
                return doc.fact(word.group(), word.start(), word.end())
    labels = [*emails, *(label for match in itertools.islice(URL_RE.finditer(doc.text, begin), _MAX_URLS)
                         for label in _url_labels(match.group()) if not _BOARD_LABEL.search(label))]
    if not labels:
        return None
    runs = _capitalised_runs(doc, begin)
    for label in labels:
        span = runs.get(label.lower().replace("-", ""))
        if span is not None and not ROLE_NOUN.search(doc.text[span[0]:span[1]]):
            return doc.fact(doc.text[span[0]:span[1]], *span)
    return None


def _domain_label(domain: str) -> str:
    """The name in a domain: the label before the public suffix (org.example -> org, org.org.uk -> org)."""
    labels = [p for p in domain.split(".") if p]
    if len(labels) > 2 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return labels[-3]
    return labels[-2] if len(labels) > 1 else ""


def _url_labels(url: str) -> list[str]:
    """The words a web address may name an organization with: its domain's name and each path segment
    that is one word of letters and digits."""
    rest = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    host, _, path = rest.partition("/")
    return [label for label in [_domain_label(host.removeprefix("www.")), *path.split("/")]
            if len(label) >= 6 and label.isalnum()]


def _capitalised_runs(doc: Document, begin: int) -> dict[str, tuple[int, int]]:
    """Two to four consecutive words of the text's capitalised runs ("Friends of Elm Park"), by their letters
    and digits run together in lower case ("friendsofelmpark"), at their first place."""
    runs: dict[str, tuple[int, int]] = {}
    for run in itertools.islice(_CAPITALISED_RUN.finditer(doc.text, begin), _MAX_RUNS):
        words = [(w.start(), w.end(), re.sub(r"\W|_", "", w.group()).lower())
                 for w in _RUN_WORD.finditer(run.group())]
        if len(words) < 2:
            continue
        for i, j in itertools.combinations(range(len(words) + 1), 2):
            if 2 <= j - i <= 4:
                key = "".join(word for _, _, word in words[i:j])
                runs.setdefault(key, (run.start() + words[i][0], run.start() + words[j - 1][1]))
    return runs


def _trim_symbols(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of text[start:end] without leading or trailing emoji and other symbols ("🌲 Canvasser 🏠")."""
    while start < end and _SYMBOL.match(text, start):
        start += 1
    while end > start and _SYMBOL.match(text, end - 1):
        end -= 1
    return start, end


def _trim(doc: Document, start: int, end: int, chars: str) -> tuple[int, int]:
    """Offsets of text[start:end] without trailing `chars` and leading whitespace/marks."""
    right = doc.text[start:end].rstrip(chars)
    return start + len(right) - len(right.lstrip(MARKS)), start + len(right)
