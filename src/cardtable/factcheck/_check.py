"""The whole check: document in, report out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cardtable.factcheck._extract import extract_claims
from cardtable.factcheck._text import Document, load_document
from cardtable.factcheck._verify import VERDICTS, Check, verify

__all__ = ["FactCheckReport", "check_text"]


@dataclass(frozen=True)
class FactCheckReport:
    """Every claim of a document with its verdict.

    Attributes
    ----------
    document
        The plain text, its format and its date.
    checks
        One per claim, in reading order.
    """

    document: Document
    checks: tuple[Check, ...]

    def counts(self) -> dict[str, int]:
        """Number of claims per verdict (every verdict listed, zeros included)."""
        seen = Counter(c.verdict for c in self.checks)
        return {v: seen.get(v, 0) for v in VERDICTS}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: document date and format, counts, checks."""
        return {
            "article_date": self.document.date,
            "article_date_source": self.document.date_source,
            "format": self.document.fmt,
            "counts": self.counts(),
            "checks": [c.to_dict() for c in self.checks],
            "text": self.document.text,
        }


def check_text(raw: str, *, date: dt.date | None = None, fmt: str | None = None) -> FactCheckReport:
    """Extract and check every claim in an article.

    Parameters
    ----------
    raw
        Plain text, Markdown or HTML.
    date
        The article's date, overriding any found in the text.
    fmt
        ``"text"``, ``"markdown"`` or ``"html"``; detected when None.

    Returns
    -------
    FactCheckReport
    """
    doc = load_document(raw, date=date, fmt=fmt)
    checks = tuple(verify(c, doc.date) for c in extract_claims(doc))
    return FactCheckReport(doc, checks)
