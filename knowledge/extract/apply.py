"""How to apply: email, URL, named portal, and instructions whose address is missing.

Every sentence that tells the reader to apply, send or submit something is a candidate; the one
that names a channel (email, URL, portal) wins, preferring sentences under a "How to apply" style
heading. Contact lines ("For questions ... contact X at ...") are never the application channel.

The body's own instruction wins when it names an email or URL; otherwise the front-matter link (a URL,
or an email written inside a link value that is not a URL) is the channel, cited at its exact value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.document import Document
from knowledge.extract._prose import section_bodies, sentences
from knowledge.frontmatter import Entry, FrontMatter
from knowledge.literals import compile_scan
from knowledge.models import HowToApply, Section

# Tried once per run of address characters, not from every word inside it (that was quadratic). The
# second form is an address a truncated capture cut off after its domain's dot ("name@gmail.").
EMAIL_RE = re.compile(r"(?<![\w.+-])[.+-]*(?P<address>\w[\w.+-]*@[\w-]+(?:(?:\.[\w-]+)+|\.(?=\s|$)))")
URL_RE = re.compile(r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"')\]]*)?",
                    re.IGNORECASE)
_LINK_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
PORTALS: tuple[str, ...] = (
    "JazzHR", "Workable", "Idealist", "Greenhouse", "Lever", "BambooHR", "LinkedIn", "Indeed", "ADP",
    "Paycom", "Paylocity", "iCIMS", "Workday", "SmartRecruiters", "Breezy HR", "BreezyHR", "Recruitee",
    "ApplicantPro", "ZipRecruiter", "Handshake", "Google Form", "Submittable", "Paycor", "UKG",
)
_PORTAL_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, PORTALS), key=len, reverse=True)) + r")\b"
    r"|\b(?:careers?\s+(?:page|site|portal)|job\s+(?:board|portal)|application\s+(?:portal|form)|"
    r"online\s+application|applicant\s+portal|our\s+website)\b",
    re.IGNORECASE)
_APPLY_HEADING_RE = re.compile(r"\b(?:how\s+to\s+apply|to\s+apply|apply|application|applying)\b",
                               re.IGNORECASE)
_INSTRUCTION_RE = compile_scan(
    r"\b(?:apply|submit|send|e-?mail(?:ed)?|upload|forward|click|applications?)\b|\bfill\s+out\b|\bresum[eé]s?\b"
    r"|\bcover\s+letter\b|\bCV\b",
    re.IGNORECASE)
_CLICK_RE = compile_scan(
    r"\bclick\s+here\b|\b(?:link|form)\s+(?:below|above)\b|\bapply\s+(?:here|online|now|below)\b"
    # 'Comment "Interested" to receive the link', 'Reply "YES" for the form'
    r"|\b(?:comment|reply|respond|text|message|dm)\s+(?:with\s+)?[\"“'][^\"”'\n]{1,20}[\"”']",
    re.IGNORECASE)
# "Apply at example.org/jobs": an address written without its scheme, after explicit apply wording.
_APPLY_AT_RE = re.compile(
    r"\bapply\s+(?:online\s+)?(?:at|through|via|on)\s+(?P<url>[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/[^\s<>\"')\]]*)?)",
    re.IGNORECASE)
_CONTACT_RE = re.compile(r"\b(?:questions?|inquir\w+|more\s+information)\b[^.]*\bcontact\b"
                         r"|\bcontact\b[^.]*\b(?:questions?|inquir\w+)\b", re.IGNORECASE)
_APPLY_WORD_RE = re.compile(
    r"\bapply\b|\bsubmit\b|\bsend\s+(?:your|a|us)\b|\bresum[eé]\b|\bcover\s+letter\b|\bfill\s+out\b",
    re.IGNORECASE)
# "email your resume to with the subject ...": the address that should follow "to" is not there.
# "[email protected]" is what a scraped page shows in place of an obfuscated address.
_MISSING_ADDRESS_RE = compile_scan(
    r"\b(?:e-?mail|send|submit|forward)\b[^.\n@]{0,80}?\bto\s*:?\s*(?=with\b|by\b|and\b|[.,;!]|$|\n)"
    r"|\[\s*email\s+protected\s*\]",
    re.IGNORECASE)


@dataclass(frozen=True)
class _Candidate:
    score: int
    start: int
    end: int
    email: str | None
    url: str | None
    portal: str | None
    missing: bool


def find_apply(doc: Document, sections: list[Section], front: FrontMatter | None = None) -> HowToApply | None:
    """The application instruction, with the email, URL or portal it names (never invented)."""
    front = front or FrontMatter()
    best = _best_in_body(doc, sections, front.end_line + 1)
    if best is not None and (best.email or best.url):
        return _how(doc, best)
    for entry in front.all("apply"):
        if link := _front_link(doc, entry):
            return link
    return _how(doc, best) if best is not None else None


def _best_in_body(doc: Document, sections: list[Section], first_line: int) -> _Candidate | None:
    if first_line > len(doc.lines):
        return None
    apply_lines = {n for a, b in section_bodies(doc, sections, _APPLY_HEADING_RE) for n in range(a, b + 1)}
    candidates = [c for start, end in sentences(doc, first_line)
                  if (c := _judge(doc, start, end, apply_lines))]
    return max(candidates, key=lambda c: (c.score, -c.start)) if candidates else None


def _front_link(doc: Document, entry: Entry) -> HowToApply | None:
    """A front-matter link as the channel: the URL it is, or the email written inside it."""
    value = entry.value.strip()
    # "https://a.example/job; https://b.example/about": several links, the first the posting's own
    links = [part for part in _LINKS_SPLIT.split(value) if part]
    if len(links) > 1 and all(_LINK_RE.fullmatch(link) for link in links):
        value = links[0]
    url = _LINK_RE.fullmatch(value)
    email = None if url else EMAIL_RE.search(value)
    if url is None and email is None:
        return None
    at = doc.text.find(value, entry.value_start, entry.value_end)
    span = doc.span(at, at + len(value)) if at >= 0 else doc.span(entry.value_start, entry.value_end)
    return HowToApply(text=span.text, start_line=span.start_line, end_line=span.end_line,
                      url=value if url else None, email=email.group("address") if email else None)


_LINKS_SPLIT = re.compile(r"[;,]?\s+|;")


def _how(doc: Document, best: _Candidate) -> HowToApply:
    span = doc.span(best.start, best.end)
    return HowToApply(text=span.text, start_line=span.start_line, end_line=span.end_line, email=best.email,
                      url=best.url, portal=best.portal, address_missing=best.missing)


_LIST_SERVICE = re.compile(r"@(?:googlegroups\.com|groups\.io|lists?\.|listserv\.)"
                           r"|[+-](?:unsubscribe|subscribe|owner|request)@", re.I)
"""A mailing list's own address (its footer's "unsubscribe"), never where to apply."""
_LIST_PAGE = re.compile(r"//(?:lists?|listserv)\.|/(?:listinfo|mailman)/|groups\.google\.|googlegroups\.com"
                        r"|//groups\.io/", re.I)
"""A mailing list's own web page (its digest header's "visit … to subscribe or unsubscribe")."""


def _judge(doc: Document, start: int, end: int, apply_lines: set[int]) -> _Candidate | None:
    text = doc.text[start:end]
    in_apply_section = doc.line_of(start) in apply_lines
    # Under "How to apply", an address alone is the instruction ("Online at: https://…").
    if not _INSTRUCTION_RE.search(text) and not (
            in_apply_section and (URL_RE.search(text) or EMAIL_RE.search(text))):
        return None
    if _CONTACT_RE.search(text) and not _APPLY_WORD_RE.search(text):
        return None
    email = next((m for m in EMAIL_RE.finditer(text) if not _LIST_SERVICE.search(m.group("address"))), None)
    url = _url_in(text)
    portal = _PORTAL_RE.search(text)
    missing = email is None and url is None and _MISSING_ADDRESS_RE.search(text) is not None
    channel = email is not None or url is not None or portal is not None
    if not (channel or missing or _CLICK_RE.search(text) or in_apply_section):
        return None
    score = (6 if email or url else 5 if portal else 4 if missing else 1) + (3 if in_apply_section else 0)
    score += 1 if _APPLY_WORD_RE.search(text) else 0
    return _Candidate(score, start, end,
                      email=email.group("address") if email else None,
                      url=url,
                      portal=portal.group(0) if portal else None,
                      missing=missing)


def _url_in(text: str) -> str | None:
    """The first URL written in `text`, or an address without a scheme right after "apply at"."""
    if found := next((m for m in URL_RE.finditer(text) if not _LIST_PAGE.search(m.group(0))), None):
        return found.group(0).rstrip(".,;:!?")
    if found := _APPLY_AT_RE.search(text):
        return found.group("url").rstrip(".,;:!?")
    return None
