"""HTML -> readable plain text with the standard library's tolerant `html.parser`.

Block elements start new lines (paragraph-level ones leave a blank line), list items become "- item",
headings sit on their own line, and script/style/head contents are dropped, as are a page's navigation
and footer (unless nothing else is left). A link keeps its target: "Apply (https://...)", and a
`mailto:` link its address. JSON-LD blocks (`<script type="application/ld+json">`) are kept aside for
`knowledge.jsonld`. Text written with source line breaks and blank lines (Markdown inside a template,
as Django/Jinja pages hold it) keeps its lines; template tags (`{% block %}`) are dropped. The
converter keeps no element stack, so deep nesting and malformed markup cost neither recursion nor
quadratic time. (A tree-building HTML5 parser was measured as a replacement and rejected for that
reason: selectolax/Lexbor took 0.25 s on 2,500 nested `<div><section>` pairs and 2.1 s on 5,000.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "select"})
_HEAD_ONLY = frozenset({"head", "title", "meta", "link", "base", "script", "style", "noscript", "template"})
_PARAGRAPH = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "section",
    "article", "header", "footer", "nav", "main", "aside", "form", "fieldset", "figure", "address",
    "hr", "details", "summary", "body", "html",
})
_LINE = frozenset({"br", "li", "tr", "dt", "dd", "div", "figcaption", "caption", "option", "legend",
                   "thead", "tbody", "tfoot", "center", "label"})
_CELL = frozenset({"td", "th"})
_INLINE = frozenset({"span", "b", "strong", "em", "i", "small", "mark", "time", "abbr"})
_JOINED = re.compile(r"[A-Z0-9$£€]")
"""Text that starts a new word when it follows another element's letters ("Deadline" + "Jan 5")."""
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_LONE_LT = re.compile(r"(<[a-zA-Z/!?][^<>]*>)|<")
_TAG_NAME = re.compile(r"</?[a-zA-Z][^\s/>]*")
_KEPT_ATTRIBUTE = {tag: re.compile(rf"""\s{name}\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)
                   for tag, name in (("<a", "href"), ("<script", "type"))}
# A numeric character reference too long to name any character (int() refuses > 4,300 digits).
_HUGE_CHARREF = re.compile(r"&#(?:[xX]0*[0-9a-fA-F]{7,}|0*[0-9]{8,});?")
_CHROME = frozenset({"nav", "footer"})
_TEMPLATE_TAG = re.compile(r"\{%[^%{}\n]{0,300}%\}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class HtmlText:
    """A page's readable text and the raw text of its JSON-LD blocks."""

    text: str
    json_ld: tuple[str, ...]


class _TextBuilder(HTMLParser):
    def __init__(self, *, drop_chrome: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tags = _SKIP | _CHROME if drop_chrome else _SKIP
        self.json_ld: list[str] = []
        self.in_json_ld = False
        self.href = ""
        self.link_from = 0  # where the open link's text starts in `parts`
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.prefix = ""
        self.skip: dict[str, int] = {}
        self.skipping = 0
        self.in_head = False
        self.pre = 0
        self.items = 0
        self.lists = 0
        self.last_cell = ""  # "th" or "td" once a cell of the current row has been seen
        self.at_inline_edge = False  # an inline element just opened or closed: data may need a space

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and tag not in _HEAD_ONLY:
            self.in_head = False  # an unclosed <head>: body content has started
        if tag in self.skip_tags:
            self.skip[tag] = self.skip.get(tag, 0) + 1
            self.skipping += 1
            if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
                self.in_json_ld = True
                self.json_ld.append("")
            return
        if self.skipping:
            return  # inside navigation or a script: its lists and breaks must not reach the page's text
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self.href = href if href.lower().startswith(_LINK_SCHEMES) else ""
            self.link_from = len(self.parts)
            return
        if tag in _CELL:
            self._start_cell(tag)
            return
        self._break(tag)
        if tag == "li":
            self.prefix = "- "
            self.items += 1
        elif tag in ("ul", "ol"):
            self.lists += 1
        elif tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.skip_tags and tag != "a" and not self.skipping:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
            return
        if tag in self.skip_tags:
            if self.skip.get(tag):
                self.skip[tag] -= 1
                self.skipping -= 1
            self.in_json_ld = False
            return
        if self.skipping:
            return
        if tag == "a":
            self._link_target()
            return
        if tag == "pre" and self.pre:
            self._break(tag)  # flush the preformatted line before leaving <pre>
            self.pre -= 1
        elif tag == "li" and self.items:
            self.items -= 1
        elif tag in ("ul", "ol") and self.lists:
            self.lists -= 1
            if not self.lists:
                self.items = 0  # forgive <li>s never closed
        self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.in_json_ld:
            self.json_ld[-1] += data
            return
        if self.skipping or self.in_head:
            return
        data = _TEMPLATE_TAG.sub(" ", data)
        if self.at_inline_edge and _JOINED.match(data) and self.parts and self.parts[-1][-1:].isalpha():
            data = " " + data  # <span>Job Type</span><span>Full Time</span>: styled apart, read apart
        self.at_inline_edge = False
        if self.pre or _BLANK_LINE.search(data):
            self._source_lines(data)
        else:
            self.parts.append(data.replace("\n", " ").replace("\r", " "))

    def _source_lines(self, data: str) -> None:
        """Text whose line breaks carry structure (<pre>, or Markdown with blank lines) keeps its lines."""
        if self.pre:
            chunks = data.split("\n")
            for chunk in chunks[:-1]:
                self.parts.append(chunk)
                self._flush()
            self.parts.append(chunks[-1])
            return
        chunks = data.replace("\r", "\n").split("\n")
        for chunk in chunks[:-1]:
            self.parts.append(chunk)
            if "".join(self.parts).strip():
                self._flush()
            else:
                self.parts = []
                self._blank()
        self.parts.append(chunks[-1])

    def _link_target(self) -> None:
        """After a link's text, its target in brackets, unless the text already shows it."""
        href, self.href = self.href, ""
        if not href:
            return
        target = href[len("mailto:"):].split("?")[0] if href.lower().startswith("mailto:") else href
        shown = "".join(self.parts[self.link_from:]) if self.link_from <= len(self.parts) else ""
        if target and target not in shown:
            self.parts.append(f" ({target})")

    def _break(self, tag: str) -> None:
        if tag in _INLINE:
            self.at_inline_edge = True
        if tag in _PARAGRAPH and not (self.items and tag in ("p", "ul", "ol")):
            self._flush()
            self._blank()
        elif tag in _LINE:
            self._flush()
        elif tag in _CELL:
            self.parts.append(" ")
        if tag == "tr":
            self.last_cell = ""

    def _start_cell(self, tag: str) -> None:
        # A header cell followed by a data cell reads as "Label: value". Only the pending text's end
        # is looked at (re-joining everything pending for each cell was quadratic).
        if self.last_cell == "th" and tag == "td":
            while self.parts and not self.parts[-1].strip():
                self.parts.pop()
            if self.parts:
                self.parts[-1] = self.parts[-1].rstrip()
        if self.last_cell == "th" and tag == "td" and self.parts and not self.parts[-1].endswith(":"):
            self.parts.append(": ")
        else:
            self.parts.append(" ")
        self.last_cell = tag

    def _flush(self) -> None:
        raw = _ZERO_WIDTH.sub("", "".join(self.parts))
        line = raw.rstrip() if self.pre and raw.strip() else _SPACES.sub(" ", raw).strip()
        self.parts = []
        if line:
            self.lines.append(self.prefix + line)
            self.prefix = ""

    def _blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self) -> str:
        self._flush()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines)


def _sanitise(html: str) -> str:
    """Drop comments and escape every "<" that does not open a complete tag.

    `html.parser` rescans unterminated constructs (`<div <div <div ...`) from each "<", which is
    quadratic; after this pass every "<" it sees has its ">" before the next "<".
    """
    out: list[str] = []
    pos = 0
    while (start := html.find("<!--", pos)) != -1:
        out.append(html[pos:start])
        end = html.find("-->", start + 4)
        if end == -1:
            pos = len(html)
            break
        pos = end + 3
    out.append(html[pos:])
    text = _HUGE_CHARREF.sub("\ufffd", "".join(out))
    return _LONE_LT.sub(_bare_tag, text)


def _bare_tag(match: re.Match[str]) -> str:
    """A complete tag with only the one attribute the converter reads (a link's href, a script's type):
    a million attributes would cost the parser gigabytes. A lone "<" is escaped."""
    tag = match.group(1)
    if tag is None:
        return "&lt;"
    name = _TAG_NAME.match(tag)
    if name is None:  # <!doctype ...>, <?xml ...?>
        return tag
    kept = ""
    wanted = _KEPT_ATTRIBUTE.get(name.group(0).lower())
    if wanted is not None:
        attr = wanted.search(tag, name.end())
        kept = f" {attr.group(0).strip()}" if attr else ""
    return name.group(0) + kept + ("/>" if tag.endswith("/>") else ">")


def html_to_text(html: str) -> str:
    """Readable text of an HTML document (entities unescaped, whitespace collapsed within lines)."""
    return read_html(html).text


def read_html(html: str) -> HtmlText:
    """The page's readable text (navigation and footer dropped unless nothing else is left) and JSON-LD."""
    clean = _sanitise(html)
    page = _convert(clean, drop_chrome=True)
    if not any(ch.isalnum() for ch in page.text):
        page = HtmlText(_convert(clean, drop_chrome=False).text, page.json_ld)
    return page


def _convert(html: str, *, drop_chrome: bool) -> HtmlText:
    builder = _TextBuilder(drop_chrome=drop_chrome)
    builder.feed(html)
    builder.close()
    return HtmlText(builder.text(), tuple(builder.json_ld))
