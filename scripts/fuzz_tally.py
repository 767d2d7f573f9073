"""Run the fuzzers of the CLI and the API and print a tally (issue: hardening).

    python scripts/fuzz_tally.py [--examples N] [--seed S]

Runs the fuzz tests (``tests/cli/test_cli_fuzz.py``, ``tests/cli/test_cli_bad_inputs.py``,
``tests/web/test_web_bad_inputs.py``, ``tests/web/test_web_schemathesis.py``) with
``CARDTABLE_FUZZ_EXAMPLES=N`` (each test runs its share of N examples; schemathesis adds its
coverage phase) and every fuzzed input's outcome written to a tally file, then prints:

* inputs: every request or command line sent, by surface (CLI, API) and kind;
* tracebacks: a Python traceback or the CLI's last-resort "unexpected" line, or a 5xx;
* NaN or inf in output: a result that holds NaN or an infinity;
* bad inputs accepted: an input bad by construction (or schema-invalid, for schemathesis)
  that got a result instead of a refusal;
* good inputs refused: an input good by construction that was refused.

Exit status 0 only if pytest passed and the last four counts are 0. ``make fuzz`` runs it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = [
    "tests/cli/test_cli_fuzz.py",
    "tests/cli/test_cli_bad_inputs.py",
    "tests/web/test_web_bad_inputs.py",
    "tests/web/test_web_schemathesis.py",
]


def tally(rows: list[dict[str, object]]) -> dict[str, int]:
    """The five counts of the issue over recorded outcomes."""
    return {
        "inputs": len(rows),
        "tracebacks": sum(bool(r["traceback"]) for r in rows),
        "nan_or_inf_outputs": sum(bool(r["nonfinite"]) for r in rows),
        "bad_inputs_accepted": sum(r["kind"] == "bad" and bool(r["accepted"]) for r in rows),
        "good_inputs_refused": sum(r["kind"] == "good" and not r["accepted"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzers, print the tally; non-zero exit on any failure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="CARDTABLE_FUZZ_EXAMPLES")
    ap.add_argument("--seed", type=int, default=2025, help="hypothesis seed")
    ap.add_argument("--out", type=Path, default=None, help="keep the per-input tally (JSONL)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.out or Path(tmp) / "tally.jsonl"
        path.unlink(missing_ok=True)
        env = {
            **os.environ,
            "CARDTABLE_FUZZ_EXAMPLES": str(args.examples),
            "CARDTABLE_FUZZ_TALLY": str(path),
        }
        cmd = [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"--hypothesis-seed={args.seed}", *FILES,
        ]  # fmt: skip
        start = time.monotonic()
        code = subprocess.call(cmd, cwd=REPO, env=env)
        elapsed_s = time.monotonic() - start
        rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    counts = tally(rows)
    by_surface = collections.Counter(f"{r['surface']} {r['kind']}" for r in rows)
    print(f"\nfuzz tally (CARDTABLE_FUZZ_EXAMPLES={args.examples}, seed {args.seed}, "
          f"{elapsed_s / 60:.1f} min, pytest exit {code})")  # fmt: skip
    for key, value in counts.items():
        print(f"  {key.replace('_', ' '):<24} {value:>8,}")
    print("  by surface and kind:")
    for key, value in sorted(by_surface.items()):
        print(f"    {key:<22} {value:>8,}")
    rules = collections.Counter(str(r["rule"]) for r in rows if r["kind"] == "bad")
    print(f"  bad inputs by rule broken ({len(rules)} rules):")
    for rule, n in sorted(rules.items(), key=lambda kv: -kv[1]):
        print(f"    {rule:<48} {n:>7,}")
    failed = code != 0 or any(v for k, v in counts.items() if k != "inputs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
