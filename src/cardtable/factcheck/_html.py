"""The report as one self-contained HTML page: the article with claims marked, and a card per
verdict citing its source. Plain stylesheet, no scripts, nothing fetched."""

from __future__ import annotations

from html import escape
from pathlib import Path

from cardtable._io import atomic_write
from cardtable.factcheck._check import FactCheckReport
from cardtable.factcheck._text import split_sentences
from cardtable.factcheck._verify import VERDICTS, Check

__all__ = ["render_html", "write_html"]

_CLASS = {
    "accurate": "ok",
    "approximately right": "approx",
    "inaccurate": "bad",
    "unverifiable": "unk",
}
_CSS = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:52rem;
margin:2rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin-bottom:.2rem}.meta{color:#666;font-size:.9rem}
.counts span{display:inline-block;margin:.2rem .6rem .2rem 0;padding:.1rem .5rem;border-radius:4px}
p.sentence{margin:1.4rem 0 .4rem}mark{padding:0 .15rem;border-radius:3px}
mark.ok,.card.ok,.counts .ok{background:#e3f4e5}
mark.approx,.card.approx,.counts .approx{background:#fff3cd}
mark.bad,.card.bad,.counts .bad{background:#fbe0e0}
mark.unk,.card.unk,.counts .unk{background:#e4ecf7}
sup{font-size:.7rem;font-weight:600}
.card{margin:.3rem 0 .3rem 1rem;padding:.5rem .8rem;border-radius:6px;font-size:.92rem}
.card b{text-transform:uppercase;font-size:.8rem;letter-spacing:.03em}
.src,.note,.tol{color:#555;font-size:.82rem;margin-top:.2rem}
""".strip()


def _sentence_html(sentence: str, start: int, checks: list[tuple[int, Check]]) -> str:
    out, pos = [], 0
    for number, check in checks:
        s, e = check.claim.start - start, check.claim.end - start
        if s < pos:
            continue
        cls = _CLASS[check.verdict]
        out.append(escape(sentence[pos:s]))
        out.append(f'<mark class="{cls}">{escape(sentence[s:e])}</mark><sup>{number}</sup>')
        pos = e
    out.append(escape(sentence[pos:]))
    return "".join(out)


def _card(number: int, check: Check) -> str:
    c = check.claim
    head = f"{number}. {escape(check.verdict)}"
    what = escape(f"{c.kind.replace('_', ' ')}: {c.quote}" + (f" ({c.holder})" if c.holder else ""))
    when = escape(f"date {c.day or c.month or 'none'} ({c.date_basis})")
    parts = [f"<b>{head}</b> · {what} · {when}", f"<div>{escape(check.explanation)}</div>"]
    if check.tolerance and check.verdict != "unverifiable":
        parts.append(f'<div class="tol">Tolerance: {escape(check.tolerance)}</div>')
    parts += [f'<div class="note">Note: {escape(n)}</div>' for n in check.notes]
    if check.source:
        src = escape(f"{check.source}; vintage {check.vintage}")
        parts.append(f'<div class="src">Source: {src}</div>')
    return f'<div class="card {_CLASS[check.verdict]}">{"".join(parts)}</div>'


def render_html(report: FactCheckReport, title: str = "Fact check") -> str:
    """The report as a self-contained HTML page (inline stylesheet, no scripts)."""
    doc = report.document
    date = f"{doc.date} ({doc.date_source})" if doc.date else "none found"
    counts = report.counts()
    badges = "".join(f'<span class="{_CLASS[v]}">{escape(v)}: {counts[v]}</span>' for v in VERDICTS)
    by_sentence: dict[int, list[tuple[int, Check]]] = {}
    for number, check in enumerate(report.checks, start=1):
        by_sentence.setdefault(check.claim.sentence, []).append((number, check))
    body: list[str] = []
    for idx, s in enumerate(split_sentences(doc.text)):
        checks = by_sentence.get(idx, [])
        body.append(f'<p class="sentence">{_sentence_html(s.text, s.start, checks)}</p>')
        body += [_card(n, c) for n, c in checks]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><div class="meta">Article date: {escape(date)} · '
        f"{len(report.checks)} claims · checked offline by cardtable factcheck</div>"
        f'<div class="counts">{badges}</div>{"".join(body)}</body></html>\n'
    )


def write_html(report: FactCheckReport, path: str | Path, title: str = "Fact check") -> Path:
    """Write :func:`render_html` to ``path`` atomically (temporary file, then rename; mode 0644)."""
    return atomic_write(Path(path), render_html(report, title).encode("utf-8"))
