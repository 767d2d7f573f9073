"""Regenerate the bundled official histories in src/cardtable/data/bundled.

Usage (from the repository root)::

    python scripts/build_bundled.py [--data ../shared/data] [--out src/cardtable/data/bundled]

Reads the official files (TIC mfhhis01.txt, FiscalData MSPD CSV, six FRED CSVs) with the project's
own parsers and writes one gzip CSV per dataset plus manifest.json (source file, vintage and
sha256 of source and output). tests/data/test_data_bundled.py checks that the bundled files are
exactly what this script makes from ../shared/data.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cardtable.data._bundle_build import write_bundle

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "cardtable" / "data" / "bundled")
    args = parser.parse_args()
    payload = write_bundle(args.data, args.out)
    total = 0
    for name, entry in payload["tables"].items():
        size = (args.out / entry["file"]).stat().st_size
        total += size
        print(
            f"{name:16} {entry['first']}..{entry['last']}  {entry['rows']:>6} rows  "
            f"{size / 1024:7.1f} KiB  vintage {entry['vintage']}"
        )
    print(f"total {total / 1024:.1f} KiB in {args.out}")


if __name__ == "__main__":
    main()
