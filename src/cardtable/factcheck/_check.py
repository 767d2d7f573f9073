"""The whole check: document in, report out."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cardtable.data import FACTS
from cardtable.errors import CardtableError
from cardtable.factcheck._extract import Claim, extract_claims
from cardtable.factcheck._moves import check_change, check_ranking
from cardtable.factcheck._tariffs import check_tariff
from cardtable.factcheck._text import Document, load_document
from cardtable.factcheck._verify import VERDICTS, Check, _unverifiable, check_level

__all__ = ["FactCheckReport", "check_text", "verify"]


def verify(claim: Claim, article_date: str | None = None) -> Check:
    """Check one claim against the data.

    Parameters
    ----------
    claim
        From :func:`cardtable.factcheck.extract_claims`.
    article_date
        The article's date (ISO), used for implied dates.

    Returns
    -------
    Check
        A data error (a month the store cannot answer) gives an unverifiable verdict that says so.
    """
    article = dt.date.fromisoformat(article_date) if article_date else None
    try:
        if claim.kind == "change":
            return check_change(claim)
        if claim.kind == "ranking":
            return check_ranking(claim)
        if claim.kind == "tariff":
            verdict, text, period, tol, src = check_tariff(claim, article)
            fact = FACTS["tariff_timeline_2025"]
            return Check(claim, verdict, text, None, period, "", tol, src, fact.vintage)
        return check_level(claim, article)
    except CardtableError as exc:
        return _unverifiable(claim, f"the data could not answer: {exc}")


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
