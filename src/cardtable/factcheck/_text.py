"""Input text: HTML or Markdown to plain text, the article's date, and sentences.

HTML goes through the standard library's :mod:`html.parser` (scripts, styles and navigation are
dropped; block elements end a paragraph); Markdown through ``markdown-it-py`` (already installed
with ``rich``) to HTML and then the same path. The article date comes from the caller, else from
HTML metadata (``article:published_time``, ``<time datetime>``), else from a dateline near the
top ("Published 16 May 2025", "May 16, 2025 —").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import dateparser
from markdown_it import MarkdownIt

__all__ = ["Document", "Sentence", "detect_format", "load_document", "split_sentences"]

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "figcaption", "pre", "hr", "td", "th",
}  # fmt: skip
_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "head"}
_META_DATE = ("article:published_time", "datepublished", "date", "pubdate", "dc.date")
_DATELINE = re.compile(
    r"^\s*(?:published|updated|posted|date)?[:\s]*"
    r"(?P<d>\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})"
    r"\b",
    re.IGNORECASE,
)
# A sentence ends at . ! ? followed by space and an upper-case letter, a digit or a quote,
# except after common abbreviations and single capitals (U.S., No. 2, Jan.).
_ABBREV = re.compile(
    r"(?:\b(?:[A-Z]|No|Nos|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"approx|est|vs|etc|Inc|Corp|Co|Ltd|fig)\.)$"
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9$¥€£])")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the plain text, with its character offsets."""

    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Document:
    """The plain text of the input, its format and its date.

    Attributes
    ----------
    text
        Plain text, paragraphs separated by blank lines.
    fmt
        ``"text"``, ``"markdown"`` or ``"html"``.
    date
        The article's date (ISO) or None; ``date_source`` says where it came from.
    """

    text: str
    fmt: str
    date: str | None
    date_source: str


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.dates: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META_DATE and a.get("content"):
                self.dates.append(a["content"])
        elif tag == "time" and a.get("datetime"):
            self.dates.append(a["datetime"])
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _SKIP:
            self.skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def detect_format(text: str) -> str:
    """``"html"`` for HTML tags, ``"markdown"`` for Markdown marks, else ``"text"``."""
    if re.search(r"<(html|body|p|div|article|h[1-6]|span|meta)\b", text, re.IGNORECASE):
        return "html"
    if re.search(r"(?m)^(#{1,6}\s|[-*+]\s|>\s|\d+\.\s)|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\)", text):
        return "markdown"
    return "text"


def _iso(raw: str) -> str | None:
    raw = raw.strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", raw)
    if m:
        return m[1]
    parsed = dateparser.parse(raw, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def _dateline(text: str) -> str | None:
    for line in text.splitlines()[:6]:
        m = _DATELINE.match(line)
        if m:
            iso = _iso(m["d"])
            if iso:
                return iso
    return None


def load_document(raw: str, *, date: dt.date | None = None, fmt: str | None = None) -> Document:
    """Turn the raw input into plain text and find its date.

    Parameters
    ----------
    raw
        The article: plain text, Markdown or HTML.
    date
        The article's date; overrides any date found in the text.
    fmt
        ``"text"``, ``"markdown"`` or ``"html"``; detected when None.

    Returns
    -------
    Document
    """
    fmt = fmt or detect_format(raw)
    meta: list[str] = []
    if fmt in ("html", "markdown"):
        html = raw if fmt == "html" else MarkdownIt("commonmark").render(raw)
        parser = _Html()
        parser.feed(html)
        parser.close()
        meta = parser.dates
        text = _tidy("".join(parser.parts))
    else:
        text = _tidy(raw)
    if date is not None:
        return Document(text, fmt, date.isoformat(), "given")
    for cand in meta:
        iso = _iso(cand)
        if iso:
            return Document(text, fmt, iso, "HTML metadata")
    iso = _dateline(text)
    if iso:
        return Document(text, fmt, iso, "dateline")
    return Document(text, fmt, None, "none")


def split_sentences(text: str) -> list[Sentence]:
    """Split plain text into sentences (paragraph breaks always end a sentence)."""
    out: list[Sentence] = []
    pos = 0
    for pno, para in enumerate(text.split("\n\n")):
        start = 0
        for m in _BOUNDARY.finditer(para):
            head = para[start : m.start() + 1]
            if _ABBREV.search(head) or (re.search(r"\d\.$", head) and m.group(0)[-1:].isdigit()):
                continue
            cut = m.end()
            seg = para[start:cut].rstrip()
            out.append(Sentence(seg, pos + start, pos + start + len(seg), pno))
            start = cut
        seg = para[start:].rstrip()
        if seg:
            out.append(Sentence(seg, pos + start, pos + start + len(seg), pno))
        pos += len(para) + 2
    return out
