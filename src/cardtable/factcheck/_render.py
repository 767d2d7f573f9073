"""The report in the terminal: each sentence with its claims marked, then one line per verdict."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from cardtable.factcheck._check import FactCheckReport
from cardtable.factcheck._text import split_sentences
from cardtable.factcheck._verify import VERDICTS, Check

__all__ = ["STYLES", "SYMBOLS", "render_terminal"]

STYLES = {
    "accurate": "bold green",
    "approximately right": "bold yellow",
    "inaccurate": "bold red",
    "unverifiable": "bold blue",
}
SYMBOLS = {
    "accurate": "✔",
    "approximately right": "≈",
    "inaccurate": "✘",
    "unverifiable": "?",
}


def _marked(sentence: str, start: int, checks: list[tuple[int, Check]]) -> Text:
    text = Text()
    pos = 0
    for number, check in sorted(checks, key=lambda t: t[1].claim.start):
        s, e = check.claim.start - start, check.claim.end - start
        if s < pos:
            continue
        text.append(sentence[pos:s])
        text.append(sentence[s:e], style=STYLES[check.verdict] + " underline")
        text.append(f"[{number}]", style=STYLES[check.verdict])
        pos = e
    text.append(sentence[pos:])
    return text


def _line(number: int, check: Check) -> Text:
    c = check.claim
    line = Text("  ")
    line.append(f"[{number}] {SYMBOLS[check.verdict]} {check.verdict}", style=STYLES[check.verdict])
    what = c.kind.replace("_", " ")
    line.append(f"  {what}: {c.quote!r}" + (f" ({c.holder})" if c.holder else ""), style="bold")
    when = c.day or c.month or "no date"
    line.append(f", date {when} ({c.date_basis})\n      {check.explanation}")
    if check.tolerance and check.verdict != "unverifiable":
        line.append(f"\n      tolerance: {check.tolerance}", style="dim")
    for note in check.notes:
        line.append(f"\n      note: {note}", style="dim")
    if check.source:
        line.append(f"\n      source: {check.source}; vintage {check.vintage}", style="dim")
    return line


def render_terminal(report: FactCheckReport, console: Console) -> None:
    """Print the annotated article: sentences with claims, each claim's verdict and source."""
    doc = report.document
    date = f"{doc.date} ({doc.date_source})" if doc.date else "none found (give --date)"
    console.print(Text(f"factcheck: {len(report.checks)} claims; article date {date}", "bold"))
    by_sentence: dict[int, list[tuple[int, Check]]] = {}
    for number, check in enumerate(report.checks, start=1):
        by_sentence.setdefault(check.claim.sentence, []).append((number, check))
    for idx, sentence in enumerate(split_sentences(doc.text)):
        if idx not in by_sentence:
            continue
        console.print()
        console.print(_marked(sentence.text, sentence.start, by_sentence[idx]))
        for number, check in by_sentence[idx]:
            console.print(_line(number, check))
    counts = report.counts()
    summary = Text("\n")
    for verdict in VERDICTS:
        summary.append(f"{SYMBOLS[verdict]} {verdict}: {counts[verdict]}  ", STYLES[verdict])
    console.print(summary)
