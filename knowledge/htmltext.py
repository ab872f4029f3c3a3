"""HTML -> readable plain text with the standard library's tolerant `html.parser`.

Block elements start new lines (paragraph-level ones leave a blank line), list items become "- item",
headings sit on their own line, and script/style/head contents are dropped. The converter keeps no
element stack, so deep nesting and malformed markup cost neither recursion nor quadratic time.
"""

from __future__ import annotations

import re
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
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_LONE_LT = re.compile(r"(<[a-zA-Z/!?][^<>]*>)|<")
_TAG_NAME = re.compile(r"</?[a-zA-Z][^\s/>]*")
# A numeric character reference too long to name any character (int() refuses > 4,300 digits).
_HUGE_CHARREF = re.compile(r"&#(?:[xX]0*[0-9a-fA-F]{7,}|0*[0-9]{8,});?")


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and tag not in _HEAD_ONLY:
            self.in_head = False  # an unclosed <head>: body content has started
        if tag in _SKIP:
            self.skip[tag] = self.skip.get(tag, 0) + 1
            self.skipping += 1
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
        if tag not in _SKIP:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
            return
        if tag in _SKIP:
            if self.skip.get(tag):
                self.skip[tag] -= 1
                self.skipping -= 1
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
        if self.skipping or self.in_head:
            return
        if self.pre:
            chunks = data.split("\n")
            for chunk in chunks[:-1]:
                self.parts.append(chunk)
                self._flush()
            self.parts.append(chunks[-1])
        else:
            self.parts.append(data.replace("\n", " ").replace("\r", " "))

    def _break(self, tag: str) -> None:
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
    """A complete tag without its attributes (the text never uses them, and a million of them cost
    the parser gigabytes); a lone "<" escaped."""
    tag = match.group(1)
    if tag is None:
        return "&lt;"
    name = _TAG_NAME.match(tag)
    if name is None:  # <!doctype ...>, <?xml ...?>
        return tag
    return name.group(0) + ("/>" if tag.endswith("/>") else ">")


def html_to_text(html: str) -> str:
    """Readable text of an HTML document (entities unescaped, whitespace collapsed within lines)."""
    builder = _TextBuilder()
    builder.feed(_sanitise(html))
    builder.close()
    return builder.text()
