"""Asks: which fields a question asks about. Several per question ("where is it and does it pay?").

Fields a filter can also mean (remote, type, language, place, benefit items, still open) are read by their
own recognisers; the request decides whether they ask or filter.

- "what does the Pasadena job pay and when does it close?" -> pay, deadline
- "how do I apply to the organizer role" -> apply
- "who does the paralegal report to?" -> reports_to
- "how many hours a week is it" -> hours
- "is it permanent?" -> type and end (a mention's value is an ask or a tuple of asks)
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from retrieval.request import Ask, Mention
from retrieval.understand.text import Context, Slot, mentions_of

__all__ = ["read_asks", "read_unstated"]

_PAID_BENEFIT = r"(?!\s+(?:\w+\s+)?(?:leave|time off|holidays?|vacation|sick)\b)"
_DETAILS_TAIL = (r"(?:'s| is| are| can i (?:find|see|read|get)| do i (?:find|see|get))? (?:the )?"
                 r"(?:(?:full|more|further|complete) )?(?:details|description|info(?:rmation)?)\b")
"""After "where": asking where to read more about a role, which asks no location."""
_Asked = Ask | tuple[Ask, ...]
_TABLE: tuple[tuple[_Asked, re.Pattern[str]], ...] = tuple((ask, re.compile(p, re.I)) for ask, p in (
    (Ask.PAY, r"\bpay(?:s|ing)?\b(?:[- ]wise)?" + _PAID_BENEFIT + r"|\bpaid\b" + _PAID_BENEFIT
              + r"|\bsalar(?:y|ies)\b|\bcompensat\w*|\bwages?\b|\bearn(?:s|ing)?\b"
              + r"|\bhow much\b(?! (?:of|travel|experience|time|notice|leave)\b)"
              + r"|\bmake\b"
              + r"|\bstipends?\b|\brates?\b|\bincome\b|\bcurrency\b|\${2,}"
              r"|\bactually get\b|\bget paid\b|\bwhat (?:do|does|would|will) (?:i|you|they|we) get\b"),
    (Ask.DEADLINE, r"\bdeadlines?\b|\bclos(?:e|es|ed|ing)(?: date)?\b|\bdue\b|\blast day(?: to apply)?\b"
                   r"|\bapply by\b|\bexpir\w*|\bwhen do applications close\b"),
    (Ask.OPEN, r"\bcan i still apply\b|\bstill (?:accepting|taking)(?: applications)?\b|\bis it open\b"
               r"|\bcan i (?:still )?apply\b(?=.*\bstill\b)|\bstill (?:open|available|hiring|up)\b"),
    (Ask.LOCATION, r"(?:^\W*where\b|\bwhere(?=(?:'s| is| are| would| will| do| does| can| exactly)\b"
                   rf"|\s*(?:[,;/?]|and\b|$)))(?!{_DETAILS_TAIL})"
                   r"|\blocat(?:ed|ion)\b|\bbased\b"
                   r"|\b(?:which|what) (?:states?|cit(?:y|ies)|towns?|countr(?:y|ies)|offices?)\b|\baddress\b"
                   r"|\b(?:which|what) (?:part|area|region|neighbou?rhood) of\b"),
    (Ask.APPLY, r"\bhow (?:do|can|should|would|to) (?:i |we |you |u |one )?apply\b|\bhow to apply\b"
                r"|\bapply (?:link|url|page|here)\b"
                r"|\b(?:link|url|page|portal|form) (?:to|for) apply(?:ing)?\b"
                r"|^\W*(?:(?:what(?:'s|s| is)|where(?:'s|s| is)) (?:the )?)?(?:link|url) (?:for|to)\b"
                r"|\bapplication(?: link| process| form| instructions| page)?\b"
                r"|\bwhere(?:'s| is| do i| can i)? (?:the )?(?:application|apply)\b|\bwhere do i send\b"
                r"|\bsend (?:my |a |the )?(?:resume|cv|application)\b|\bsubject line\b"
                r"|\bwhat (?:do|should|would|must) (?:i|we|you|u) (?:need to |have to )?(?:send|submit)\b"),
    (Ask.CONTACT, r"\bcontact\b|\bwhat email\b|\bemail address\b"
                  r"|\bwho (?:do|should|can) i (?:contact|email|reach|ask|write to)\b"),
    (Ask.REQUIREMENTS, r"\brequire(?:ments?|d|s)?\b|\breqs?\b|\bqualifications?\b|\bneed(?:ed|s)?\b|\bmust\b"
                       r"|\bskills?\b|\bwhat(?:'s| is) required\b|\bwho\b(?= (?:is|are) .{1,80} for\W*$)"
                       r"|\b(?:bar|law|nursing|professional) licen[cs]e\b|\blicen[cs]e to practice\b"
                       r"|\bwho (?:can|may|is able to|should) apply\b|\beligib\w*"
                       r"|\b(?:are|is) (?:they|you|we|it) looking for\b|\blooking for in\b"
                       r"|\bwhat (?:kind of |sort of )?background\b|\bbackground (?:do|does|is|are)\b"),
    # "what experience does it need?" asks what kind as well as how many years
    ((Ask.EXPERIENCE, Ask.REQUIREMENTS), r"\bwhat (?:kind of |sort of |type of )?(?:experience|exp)\b"),
    (Ask.EXPERIENCE, r"\bexperience\b|\bexp\b|\byears? of\b|\bseniority\b|\bhow many (?:years|yrs)\b"),
    (Ask.DEGREE, r"\bdegree\b|\bbachelor'?s?\b|\bmaster'?s?\b|\bdiploma\b|\bcollege\b"),
    (Ask.LANGUAGES, r"\blanguages?\b|\bbilingual\b|\bspeak(?:ers?|ing)?\b|\bfluen\w*"),
    (Ask.LICENCE, r"\b(?:driver'?s|driving) licen[cs]e\b|(?<!company )\bcar\b|\bvehicle\b|\bdrive\b"),
    # A licence of no named kind may be a driver's or a professional one: both are answered.
    ((Ask.LICENCE, Ask.REQUIREMENTS), r"(?<!bar )(?<!law )(?<!nursing )(?<!driver's )(?<!drivers )"
                                      r"(?<!driver )(?<!driving )\blicen[cs]e\b(?! to practice)"),
    (Ask.TRAVEL, r"\btravel\b"),
    (Ask.BENEFITS, r"\bbenefits?(?:[- ]eligible)?\b|\bperks?\b|\bbenefits does\b"),
    (Ask.TYPE, r"\b(?:employment|job|position) type\b|\bwhat (?:type|kind) of (?:job|role|position)\b"
               r"|\b(?:ft|full[- ]?time)\s*(?:or|/)\s*(?:pt|part[- ]?time)\b"),
    ((Ask.TYPE, Ask.END), r"\bpermanent\b|\b(?:temporary|fixed[- ]term) (?:position|job|role)\b"),
    (Ask.START, r"\bstart(?:s|ing)?(?: date)?\b|\bbegin(?:s|ning)?\b"),
    (Ask.END, r"\bends?\b|\bend dates?\b|\bfinish\w*|\b(?:have|has|needs?) to be (?:done|completed?)\b"
              r"|\b(?:be|is|are) (?:done|completed?) by\b"),
    (Ask.DURATION, r"\bhow long\b|\blast(?:s)?\b(?! day)(?<!closes last)(?<!closed last)(?<!ends last)"
                   r"(?<!ended last)(?<!expires last)(?<!due last)"
                   r"|\bduration\b|\bhow many (?:months|weeks)\b"
                   r"|\bmonths\b"),
    (Ask.HOURS, r"\b(?:how many )?(?:hours?|hrs)(?: ?(?:a|per|/|each) ?week)?\b"),
    (Ask.SCHEDULE, r"\bschedule\b|\bshifts?\b(?! differentials?)|\bweekends?\b|\bevenings?\b"
                   r"|\bhow many shifts\b|\b(?:what|which) days\b"
                   r"|\bhow many days(?: (?:a|per|each|in a) week)?\b"
                   r"(?! (?:in|at|on)[- ](?:the )?(?:office|site|person)| remote| from home)"
                   r"|\bdays (?:a|per|each) week\b"),
    (Ask.REPORTS_TO, r"\breports? to\b|\breport(?:ing)? line\b|\bsupervis\w*|\bboss\b"
                     r"|\bwho (?:is|would be|will be) (?:my|the) manager\b"),
    (Ask.POSTED, r"\b(?:first )?posted\b|\bposting date\b|\bpublished\b"),
    (Ask.DETAILS, r"\bwhere" + _DETAILS_TAIL),
    # Short phrases only: the words between "what does" and "involve" name the posting.
    (Ask.DUTIES, r"\bresponsibilit(?:y|ies)\b|\bduties\b|\bday[- ]to[- ]day\b|\bbe doing\b"
                 r"|\bwhat (?:would|will|do|does) (?:i|you|they) (?:be )?do\b"
                 r"|\b(?:involve|entail)s?(?=\W*$)"),
))


def read_asks(ctx: Context) -> list[Mention]:
    """The fields the question asks about, each where it is named, a field's own word misspelt too
    ("deadine", "benifits")."""
    found = mentions_of(Slot.ASK, _TABLE, ctx.text)
    for word in ctx.words:
        if len(word.text) < _MIN_TYPO_LENGTH or any(m.start <= word.start < m.end for m in found):
            continue
        lower = word.text.lower()
        if lower in ctx.catalog.vocabulary:
            continue  # a word of a posting's name, however it reads
        near = next((ask for name, ask in _FIELD_WORDS.items() if _misspells(lower, name)), None)
        if near is not None:
            found.append(Mention(slot=Slot.ASK, start=word.start, end=word.end, value=near))
    return found


def _misspells(word: str, name: str) -> bool:
    """Whether `word` is `name` with a letter or two wrong ("deadine", "requirments") or its last letter
    left off ("deadlin"), not another form of it ("applications") nor another word ("retirement")."""
    allowed = 1 if len(name) <= 8 else 2
    if word[0] != name[0] or word.startswith(name):
        return False
    if name.startswith(word):
        return len(word) == len(name) - 1
    return Levenshtein.distance(word, name, score_cutoff=allowed) <= allowed


_FIELD_WORDS: dict[str, Ask] = {
    "deadline": Ask.DEADLINE, "salary": Ask.PAY, "compensation": Ask.PAY, "benefits": Ask.BENEFITS,
    "requirements": Ask.REQUIREMENTS, "qualifications": Ask.REQUIREMENTS, "experience": Ask.EXPERIENCE,
    "location": Ask.LOCATION, "schedule": Ask.SCHEDULE, "languages": Ask.LANGUAGES, "application": Ask.APPLY,
}
"""A field's own words, which a misspelling ("deadine", "salery") still names."""
_MIN_TYPO_LENGTH = 6


_UNSTATED_FIELDS: tuple[tuple[Ask, str], ...] = (
    (Ask.PAY, r"(?:pay|salary|salaries|compensation|wages?)(?: (?:range|rate|info(?:rmation)?|figure))?"),
    (Ask.DEADLINE, r"(?:deadline|closing date|due date)s?"),
    (Ask.LOCATION, r"locations?"),
    (Ask.START, r"start dates?"),
    (Ask.HOURS, r"hours"),
    (Ask.BENEFITS, r"benefits"),
)
_NOT = r"\b(?:do(?:es)?(?:n'?t| not)|never)"
_NOT_STATING = (_NOT + r" (?:list|state|say|mention|include|give|show|have|post|specify|disclose|share)"
                r"(?: (?:a|an|any|the|their|its))? {f}\b"
                r"|\bwithout (?:(?:a|an|any|the) )?{f}(?: (?:listed|stated|given|posted|info))?\b"
                r"|\b(?:no|missing(?: (?:a|an|the))?) {f}"
                r"(?: (?:listed|stated|given|posted|info)\b|(?=\s*(?:\?|$)))"
                r"|\b{f}(?: is| are)?(?: not|n't) (?:listed|stated|given|posted|specified|disclosed)\b")
_UNSTATED: tuple[tuple[Ask, re.Pattern[str]], ...] = (
    *((ask, re.compile(_NOT_STATING.format(f=field), re.I)) for ask, field in _UNSTATED_FIELDS),
    (Ask.PAY, re.compile(_NOT + r" (?:say|state|tell|list|mention|show) (?:what|how much) (?:it|they|the "
                         r"(?:jobs?|roles?|positions?)) (?:pays?|offers?)\b", re.I)),
)


def read_unstated(ctx: Context) -> list[Mention]:
    """Fields the postings asked for must not state: "which postings don't list a salary?" -> pay."""
    return mentions_of(Slot.UNSTATED, _UNSTATED, ctx.text)
