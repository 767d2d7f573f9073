"""``cardtable factcheck``: check the figures in an article on Treasury holdings against the data.

Extracts numeric claims (holdings of US Treasuries by country, rankings, changes, ratios, Japan's
FX reserves, the US-Japan goods balance, tariff rates) and checks each against TIC holdings,
Japan MOF reserves, US Census/USITC trade and the bundled tariff timeline. Offline, deterministic,
rule-based. See docs/factcheck.md.
"""

from __future__ import annotations

from cardtable.factcheck._check import FactCheckReport, check_text, verify
from cardtable.factcheck._extract import KINDS, Claim, extract_claims
from cardtable.factcheck._html import render_html, write_html
from cardtable.factcheck._render import render_terminal
from cardtable.factcheck._text import Document, load_document
from cardtable.factcheck._verify import TOLERANCES, VERDICTS, Check, grade

__all__ = [
    "KINDS",
    "TOLERANCES",
    "VERDICTS",
    "Check",
    "Claim",
    "Document",
    "FactCheckReport",
    "check_text",
    "extract_claims",
    "grade",
    "load_document",
    "render_html",
    "render_terminal",
    "verify",
    "write_html",
]
