"""Regenerate the backtest scorecard in docs/validation.md.

Usage (from the repository root)::

    python scripts/validation_scorecard.py [--draws N] [--seed S] [--calibration NAME]

Replays every bundled episode (cardtable.backtest.backtest_all) and writes the table between the
``<!-- scorecard:begin -->`` and ``<!-- scorecard:end -->`` markers of docs/validation.md (the
same table ``cardtable backtest --all --markdown`` prints). Nothing is tuned: the registry's
calibration is used as it is.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from cardtable.backtest import DEFAULT_DRAWS, backtest_all, scorecard_markdown

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "validation.md"
BEGIN, END = "<!-- scorecard:begin -->", "<!-- scorecard:end -->"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--calibration", default="default")
    args = parser.parse_args()
    results = backtest_all(draws=args.draws, seed=args.seed, calibration=args.calibration)
    command = "python scripts/validation_scorecard.py"
    if (args.draws, args.seed, args.calibration) != (DEFAULT_DRAWS, 1, "default"):
        command += f" --draws {args.draws} --seed {args.seed} --calibration {args.calibration}"
    table = scorecard_markdown(results, command)
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{table}{END}{tail}"
    fd, tmp = tempfile.mkstemp(dir=DOC.parent, prefix=".validation.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(new)
    os.chmod(tmp, 0o644)
    os.replace(tmp, DOC)
    print(table, end="")


if __name__ == "__main__":
    main()
