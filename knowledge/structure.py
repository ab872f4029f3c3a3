"""A posting's structure: sections (heading + body) and passages (bullets / paragraphs).

Headings are recognised by shape, not by a list of known names:

- explicit: Markdown "# Heading", a whole "**Bold**" line, a Setext underline, or a short line ending
  with ":" ("Required Qualifications:"); a sentence-like lead-in ("The Organizer will:") right after
  another heading stays in that heading's section;
- implicit: a short Title Case / ALL CAPS line, a short line standing alone between blank lines, or a
  short line introducing a list, each only when followed by body text (so a run of short lines such as
  a site's navigation is not a heading).

"Label: value" lines ("Location: Remote, U.S.") are never headings. Both passes are linear in the text.

A front-matter block is its own section, headed `FRONT_MATTER_HEADING`, with one passage per entry; no
heading is looked for inside it, so the body's structure starts after its closing fence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from knowledge.document import Document
from knowledge.frontmatter import FrontMatter
from knowledge.jsonld import HEADING as JSON_LD_HEADING
from knowledge.models import Passage, Section

FRONT_MATTER_HEADING = "Posting details"
"""The heading passages from a posting's front matter are cited under."""

PASTED_BULLETS = r"\uf0b7|o(?=[ \t]+[A-Z0-9$])"
"""The bullet markers text pasted from Word documents shows: U+F0B7 and a lone "o"."""
BULLET = re.compile(
    rf"[ \t]*(?:(?:--|[-*•●◦▪▫‣⁃○■□➢➤►▸–+]|{PASTED_BULLETS})(?:[ \t]+(?:\d{{1,3}}|[a-zA-Z])[.)])?"
    r"|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{2,4})[.)])[ \t]+(?=\S)"
)
_MARKDOWN = re.compile(r"#{1,6}[ \t]+\S")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1[ \t]*:?")
_SETEXT = re.compile(r"[ \t]*(?:=+|-{2,})[ \t]*")
_LABEL_VALUE = re.compile(r"[^:]{1,60}:[ \t]*\S")
_ELLIPSIS_LABEL = re.compile(r"([^:]{2,60}):[ \t]+.*(?:\.\.\.|…)")
_NUMBERED_SUBHEADING = re.compile(r"\(?\d{1,2}[.)][ \t]+([^:]{2,60}):")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’&.-]*")
_NOT_IMPLICIT = re.compile(r"\d|\$|@|https?:|www\.|[·|•]|,[ \t]*[A-Z]{2}\b|[.,;!]$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9•])")
_SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "or", "nor", "but", "of", "for", "to", "in", "on", "at", "by", "with", "from",
    "as", "per", "via", "vs", "into", "&", "de", "la",
})
_COMPLETE_LINE = tuple(".!?:;)\"”’…")
_SENTENCE_CLOSE = tuple(".!?:;…\"”’)")
_LABEL_LINE = re.compile(r"[A-Z][\w'’ /&()-]{0,40}:[ \t]+\S")
_WRAP_WIDTH = 100
_MAX_HEADING_WORDS = 12
_MAX_IMPLICIT_WORDS = 10
_MAX_SHORT_WORDS = 6
_SPLIT_WORDS = 80
_HARD_SPLIT_WORDS = 3 * _SPLIT_WORDS
_WORD = re.compile(r"\S+")
_JSON_VALUE = re.compile(r'[ \t]*"[^"\n]{1,80}":[ \t]*[^\s{\[]')
_MIN_TAIL_WORDS = 15


def find_sections(doc: Document, front: FrontMatter | None = None) -> list[Section]:
    """Sections in document order; text before the first heading (if any) has heading "".

    With `front` matter, its lines form the first section and headings are looked for after it.
    """
    skip = front.end_line if front else 0
    data = _json_ld_line(doc)
    # Reading starts at the closing fence: whether it reads as a heading decides how the next line reads.
    headings = [(line, text) for line, text in _headings(doc.lines, max(skip - 1, 0), data) if line > skip]
    total = len(doc.lines)
    sections: list[Section] = []
    if skip:
        sections.append(Section(heading=FRONT_MATTER_HEADING, start_line=1, end_line=skip))
    first = headings[0][0] if headings else total + 1
    if any(line.strip() for line in doc.lines[skip: first - 1]):
        sections.append(Section(heading="", start_line=skip + 1, end_line=first - 1))
    for k, (line, heading) in enumerate(headings):
        end = headings[k + 1][0] - 1 if k + 1 < len(headings) else total
        sections.append(Section(heading=heading, start_line=line, end_line=end))
    return sections


def _json_ld_line(doc: Document) -> int:
    """The line opening an HTML page's JSON-LD section (no heading is looked for below it), else the last."""
    at = doc.text.rfind("\n" + JSON_LD_HEADING + "\n")
    return doc.line_of(at + 1) if at >= 0 else len(doc.lines)


def heading_text(line: str) -> str:
    """A heading line cleaned for display: no Markdown marks, numbering or trailing colon."""
    s = line.strip()
    if _MARKDOWN.match(s):
        s = s.lstrip("#").strip().rstrip("#")
    if m := _BOLD.fullmatch(s):
        s = m.group(2)
    if (m := _NUMBERED_SUBHEADING.fullmatch(s)) or (m := _ELLIPSIS_LABEL.fullmatch(s)):
        s = m.group(1)
    return s.rstrip().rstrip(":：").strip("*_ \t")


def find_passages(doc: Document, sections: list[Section], posting_id: str, *,
                  max_passages: int, front: FrontMatter | None = None) -> list[Passage]:
    """Bullets and paragraphs, each tagged with its section heading, at most `max_passages` of them.

    Each `front`-matter entry is one passage, under `FRONT_MATTER_HEADING`, and so is each value line
    of a JSON-LD section.
    """
    passages: list[Passage] = []
    skip = front.end_line if front else 0
    entries = [(e.start, e.end, FRONT_MATTER_HEADING) for e in front.entries] if front else []
    data = _json_ld_line(doc)
    body = _blocks(doc, sections, skip + 1, data - 1 if data < len(doc.lines) else data)
    for start, end, section in itertools.chain(entries, body, _json_ld_values(doc, data)):
        for chunk_start, chunk_end in _split_long(doc, start, end):
            if len(passages) >= max_passages:
                return passages
            passages.append(_passage(doc, chunk_start, chunk_end, posting_id, len(passages), section))
    return passages


def _passage(doc: Document, start: int, end: int, posting_id: str, index: int, section: str) -> Passage:
    """The passage of text[start:end] trimmed of surrounding whitespace (no `Span` built on the way)."""
    text, first, last = doc.located(start, end)
    return Passage(posting_id=posting_id, index=index, section=section, text=text, start_line=first,
                   end_line=last)


def _headings(lines: list[str], first: int, last: int) -> Iterator[tuple[int, str]]:
    """(1-based line, cleaned heading) for every heading line among `lines[first:last]`."""
    stripped = [line.strip() for line in lines]
    next_text = _next_nonblank(stripped)
    previous_heading = False
    for i in range(first, last):
        s = stripped[i]
        if not s:
            continue
        kind = _heading_kind(lines, stripped, next_text, i)
        # A sentence-like "...will:" right under a heading introduces that heading's list.
        if kind == "colon" and previous_heading and not _is_title_case(s):
            kind = None
        previous_heading = kind is not None
        if kind is not None:
            text = heading_text(s)
            if text:
                yield i + 1, text


def _heading_kind(lines: list[str], stripped: list[str], next_text: list[int], i: int) -> str | None:
    s = stripped[i]
    nxt = next_text[i]
    next_is_bullet = nxt >= 0 and BULLET.match(lines[nxt]) is not None
    if _MARKDOWN.match(s):
        return "explicit"
    bold = _BOLD.fullmatch(s)
    if bold and not _LABEL_VALUE.match(bold.group(2)) and _at_most_words(s, _MAX_HEADING_WORDS):
        return "explicit"
    is_bullet = BULLET.match(lines[i]) is not None
    if i + 1 < len(lines) and _SETEXT.fullmatch(lines[i + 1]) and not is_bullet:
        return "explicit"
    if is_bullet:
        numbered = next_is_bullet and _NUMBERED_SUBHEADING.fullmatch(s) and _at_most_words(s, 7)
        return "explicit" if numbered else None
    if s.endswith((":", "：")):
        return "colon" if len(s) <= 100 and _at_most_words(s, _MAX_HEADING_WORDS) else None
    if _LABEL_VALUE.match(s):
        return "explicit" if next_is_bullet and _ELLIPSIS_LABEL.fullmatch(s) else None
    if nxt < 0 or not _implicit_shape(s) or _title_shape(lines, stripped, nxt) or s[0].islower():
        return None
    previous = stripped[i - 1] if i else ""
    if previous and not _is_complete(lines[i - 1], previous):
        return None  # the last line of a wrapped paragraph, not a heading
    if previous and _continues_bullet(lines[i - 1], lines[i]):
        return None
    standalone = not previous and (i + 1 == len(lines) or not stripped[i + 1])
    introduces = next_is_bullet or _LABEL_VALUE.match(stripped[nxt]) is not None
    short = (_at_most_words(s, _MAX_SHORT_WORDS) and s[0].isupper()
             and (introduces or not _at_most_words(stripped[nxt], _MAX_SHORT_WORDS)))
    if _is_title_case(s) or standalone or introduces or short:
        return "implicit"
    return None


def _continues_bullet(previous: str, line: str) -> bool:
    """Whether `line` is the wrapped rest of the bullet on `previous`: indented past its marker."""
    bullet = BULLET.match(previous)
    indent = len(line) - len(line.lstrip())
    return bullet is not None and indent > len(previous) - len(previous.lstrip())


def _is_complete(line: str, stripped: str) -> bool:
    """Whether a line ends a unit (sentence, bullet, "Label: value", short line), so a heading may follow."""
    return (stripped.endswith(_COMPLETE_LINE) or BULLET.match(line) is not None
            or _LABEL_VALUE.match(stripped) is not None or _at_most_words(stripped, _MAX_SHORT_WORDS + 2))


def _implicit_shape(s: str) -> bool:
    return (len(s) <= 80 and _at_most_words(s, _MAX_IMPLICIT_WORDS) and any(ch.isalpha() for ch in s)
            and _NOT_IMPLICIT.search(s.removesuffix("...").removesuffix("…")) is None
            and _LABEL_VALUE.match(s) is None and not s.endswith(":"))


def _title_shape(lines: list[str], stripped: list[str], j: int) -> bool:
    """Whether line j is itself a short Title Case line (so line j-1 is not followed by body text)."""
    s = stripped[j]
    return not BULLET.match(lines[j]) and _implicit_shape(s) and _is_title_case(s)


def _is_title_case(s: str) -> bool:
    capitalised = 0
    for word in _TITLE_WORD.findall(s):
        if word[0].isupper():
            capitalised += 1
        elif word.lower() not in _SMALL_WORDS:
            return False
    return capitalised > 0


def _words(s: str) -> int:
    return len(s.split())


def _at_most_words(s: str, limit: int) -> bool:
    """Whether `s` has at most `limit` words, found without splitting a long line past its first few."""
    return len(s.split(None, limit)) <= limit


def _next_nonblank(stripped: list[str]) -> list[int]:
    """For each line, the index of the next non-blank line after it (-1 if none)."""
    result = [-1] * len(stripped)
    nxt = -1
    for i in range(len(stripped) - 1, -1, -1):
        result[i] = nxt
        if stripped[i]:
            nxt = i
    return result


def _json_ld_values(doc: Document, heading_line: int) -> Iterator[tuple[int, int, str]]:
    """Each `"key": value` line below a JSON-LD section's heading, as its own passage."""
    if heading_line >= len(doc.lines):
        return
    for number in range(heading_line + 1, len(doc.lines) + 1):
        if _JSON_VALUE.match(doc.lines[number - 1]):
            yield (*doc.line_span(number), heading_text(JSON_LD_HEADING))


def _blocks(doc: Document, sections: list[Section], first_line: int = 1,
            last_line: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(start offset, end offset, section heading) of each bullet or paragraph in a range of lines."""
    heading_lines = {s.start_line for s in sections if s.heading}
    k = 0
    block: tuple[int, int] | None = None  # (first line, last line), 1-based
    bullet_indent = -1  # indentation of the current bullet's marker; -1 for a paragraph
    previous = ""  # the block's last line, stripped
    previous_label = False
    for number, line in enumerate(doc.lines[first_line - 1:last_line], start=first_line):
        text = line.strip()
        if block is not None and (number in heading_lines or not _continues(
                line, text, previous, previous_label, bullet_indent)):
            yield _block_span(doc, block, _section_at(sections, block[0], k))
            block = None
        if not text or number in heading_lines or not any(ch.isalnum() for ch in text):
            continue
        while k + 1 < len(sections) and sections[k + 1].start_line <= number:
            k += 1
        if block is None:
            block = (number, number)
            bullet_indent = len(line) - len(line.lstrip()) if BULLET.match(line) else -1
        else:
            block = (block[0], number)
        previous, previous_label = text, _LABEL_LINE.match(text) is not None
    if block is not None:
        yield _block_span(doc, block, _section_at(sections, block[0], k))


def _continues(line: str, text: str, previous: str, previous_label: bool, bullet_indent: int) -> bool:
    """Whether `line` carries on the current block (whose last line is `previous`)."""
    if not text or BULLET.match(line) or _LABEL_LINE.match(text):
        return False
    ended = previous.endswith(_SENTENCE_CLOSE)
    if bullet_indent >= 0:  # a wrapped bullet: indented under it, or a sentence carried on in lowercase
        return len(line) - len(line.lstrip()) > bullet_indent or (not ended and text[0].islower())
    # One paragraph per line when lines are unwrapped paragraphs or "Label: value" lines.
    return not (ended and (previous_label or len(previous) > _WRAP_WIDTH))


def _section_at(sections: list[Section], line: int, k: int) -> str:
    if k < len(sections) and sections[k].start_line <= line <= sections[k].end_line:
        return sections[k].heading
    return ""


def _block_span(doc: Document, block: tuple[int, int], section: str) -> tuple[int, int, str]:
    start = doc.line_start(block[0])
    end = doc.line_span(block[1])[1]
    return start, end, section


def _split_long(doc: Document, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Offsets of a block's pieces: the whole block, or runs of whole sentences of similar length."""
    total = _words(doc.text[start:end])
    if total <= _SPLIT_WORDS:
        yield start, end
        return
    for piece_start, piece_end, words in _split_sentences(doc, start, end, total):
        if words > _HARD_SPLIT_WORDS:
            yield from _split_words(doc, piece_start, piece_end)  # no sentence ends to cut at
        else:
            yield piece_start, piece_end


def _split_sentences(doc: Document, start: int, end: int, total: int) -> Iterator[tuple[int, int, int]]:
    """(start, end, words) of runs of whole sentences of about `_SPLIT_WORDS` in a block of `total` words.

    Cuts fall after whitespace, so a run's words are the sum of its sentences' words.
    """
    target = total / -(-total // _SPLIT_WORDS)
    cuts = [start + m.end() for m in _SENTENCE_END.finditer(doc.text[start:end])] + [end]
    piece_start, previous, words = start, start, 0
    for cut in cuts:
        sentence = _words(doc.text[previous:cut])
        remaining = total - words
        if words >= target / 2 and words + sentence > target and remaining >= _MIN_TAIL_WORDS:
            yield piece_start, previous, words
            piece_start, total, words = previous, remaining, 0
        words += sentence
        previous = cut
    yield piece_start, end, words


def _split_words(doc: Document, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece_start = start
    for count, word in enumerate(_WORD.finditer(doc.text, start, end), start=1):
        if count % _SPLIT_WORDS == 0:
            yield piece_start, word.end()
            piece_start = word.end()
    if doc.text[piece_start:end].strip():
        yield piece_start, end
