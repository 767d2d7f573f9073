"""HTML, Markdown and plain text in; plain text, date and sentences out."""

from __future__ import annotations

import datetime as dt

from cardtable.factcheck import load_document
from cardtable.factcheck._text import detect_format, split_sentences

HTML = """<html><head><meta property="article:published_time" content="2025-05-20T08:00:00Z">
<script>var x = "$9tn";</script><style>p{}</style></head><body><nav>Home $1tn</nav>
<article><h1>Japan&#39;s card</h1><p>Japan held <b>$1.13tn</b> of Treasuries.</p>
<p>China held $765bn.</p></article></body></html>"""


def test_html_to_text_and_date() -> None:
    doc = load_document(HTML)
    assert doc.fmt == "html"
    assert doc.date == "2025-05-20"
    assert doc.date_source == "HTML metadata"
    assert "$9tn" not in doc.text
    assert "Home" not in doc.text
    assert doc.text.split("\n\n") == [
        "Japan's card",
        "Japan held $1.13tn of Treasuries.",
        "China held $765bn.",
    ]


def test_markdown_to_text_and_dateline() -> None:
    doc = load_document("# Title\n\nPublished 16 May 2025\n\nJapan held **$1.13tn**.\n")
    assert doc.fmt == "markdown"
    assert doc.date == "2025-05-16"
    assert "Japan held $1.13tn." in doc.text


def test_given_date_wins() -> None:
    doc = load_document(HTML, date=dt.date(2025, 6, 1))
    assert (doc.date, doc.date_source) == ("2025-06-01", "given")


def test_plain_text_without_date() -> None:
    doc = load_document("Japan held $1.2tn in Treasuries.")
    assert (doc.fmt, doc.date, doc.date_source) == ("text", None, "none")


def test_detect_format() -> None:
    assert detect_format("<p>x</p>") == "html"
    assert detect_format("- a\n- b") == "markdown"
    assert detect_format("Japan held $1.13tn.") == "text"


def test_sentences_keep_abbreviations_and_offsets() -> None:
    text = "The U.S. Treasury said Japan was No. 1 in Jan. 2025. China held $765bn.\n\nNew para."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The U.S. Treasury said Japan was No. 1 in Jan. 2025.",
        "China held $765bn.",
        "New para.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1]
