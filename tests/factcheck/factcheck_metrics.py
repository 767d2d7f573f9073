"""Extraction precision and recall and verdict accuracy of `cardtable factcheck` on a corpus.

Used by test_factcheck_corpus.py; run as a script to print the figures reported in
docs/factcheck.md (it fills a temporary store from ../shared/data first):

    .venv/bin/python tests/factcheck/factcheck_metrics.py
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardtable.factcheck import check_text

HERE = Path(__file__).resolve().parent
CORPORA = {
    "corpus": HERE / "corpus.toml",
    "heldout": HERE / "heldout.toml",
    "articles": HERE / "articles.toml",
    "blind": HERE / "blind.toml",
}


def load(name: str) -> list[dict[str, Any]]:
    """The cases of a corpus file."""
    with CORPORA[name].open("rb") as fh:
        return list(tomllib.load(fh)["case"])


def _same(expected: dict[str, Any], kind: str, holder: str | None, value: float | None) -> bool:
    if expected["kind"] != kind or (expected.get("holder") or None) != holder:
        return False
    want = expected.get("value")
    if want is None or value is None:
        return want is None and value is None
    return math.isclose(float(want), value, rel_tol=1e-6)


@dataclass
class Scores:
    """Counts over a corpus (claims matched on kind, holder and value)."""

    expected: int = 0
    extracted: int = 0
    matched: int = 0
    verdict_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def verdict_accuracy(self) -> float:
        """Right verdicts among the claims extracted correctly."""
        return self.verdict_right / self.matched if self.matched else 1.0

    @property
    def end_to_end(self) -> float:
        """Expected claims both found and given the right verdict."""
        return self.verdict_right / self.expected if self.expected else 1.0


def score(cases: list[dict[str, Any]]) -> Scores:
    """Run the checker on every case and count."""
    s = Scores()
    for case in cases:
        date = dt.date.fromisoformat(case["date"]) if case["date"] else None
        report = check_text(case["text"], date=date, fmt=case.get("format", "text"))
        expected = list(case["claims"])
        s.expected += len(expected)
        s.extracted += len(report.checks)
        for check in report.checks:
            c = check.claim
            hit = next((e for e in expected if _same(e, c.kind, c.holder, c.value)), None)
            if hit is None:
                s.misses.append(f"{case['id']}: extra {c.kind} {c.holder} {c.value}")
                continue
            expected.remove(hit)
            s.matched += 1
            s.confusion[(hit["verdict"], check.verdict)] += 1
            if hit["verdict"] == check.verdict:
                s.verdict_right += 1
            else:
                s.misses.append(
                    f"{case['id']}: {c.kind} verdict {check.verdict!r}, expected {hit['verdict']!r}"
                )
        s.misses += [f"{case['id']}: missed {e['kind']} {e.get('holder')}" for e in expected]
    return s


def main() -> None:  # pragma: no cover - reporting script
    import os
    import tempfile

    from cardtable.data import import_dir

    with tempfile.TemporaryDirectory() as home:
        os.environ["CARDTABLE_HOME"] = home
        import_dir(HERE.parents[2] / "shared" / "data")
        for name in CORPORA:
            cases = load(name)
            s = score(cases)
            print(
                f"{name}: {len(cases)} cases, {s.expected} expected claims, "
                f"{s.extracted} extracted, {s.matched} matched; precision {s.precision:.3f}, "
                f"recall {s.recall:.3f}, verdict accuracy {s.verdict_accuracy:.3f}, "
                f"end to end {s.end_to_end:.3f}"
            )
            for line in s.misses:
                print("   ", line)


if __name__ == "__main__":  # pragma: no cover
    main()
