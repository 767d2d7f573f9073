"""Finished grid points on disk, so that an interrupted sweep resumes where it stopped.

Layout under the sweep's output directory::

    .sweep/<key>/manifest.json     what the key stands for (scenario, grid, draws, seed)
    .sweep/<key>/part-<first>-<count>.json   rows of one finished task

``key`` is a SHA-256 (first 16 hex digits) of the scenario (as validated), the grid, the draws
and the seed: a rerun with the same inputs finds its finished points, a changed input starts
afresh. Every file is written atomically (:func:`cardtable._io.atomic_write`), so a part is
either complete or absent. Floats are stored as JSON numbers (exact round trip).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cardtable._io import atomic_write
from cardtable._version import __version__
from cardtable.errors import InputError
from cardtable.scenarios import Scenario
from cardtable.sweep._grid import GridAxis
from cardtable.sweep._outputs import Quantiles
from cardtable.sweep._points import PointRow

__all__ = ["FORMAT", "PointStore", "sweep_key"]

FORMAT = 1


def _identity(base: Scenario, axes: Sequence[GridAxis], draws: int, seed: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "cardtable": __version__,
        "scenario": base.model_dump(mode="json"),
        "grid": [[a.name, list(a.values)] for a in axes],
        "draws": draws,
        "seed": seed,
    }


def sweep_key(base: Scenario, axes: Sequence[GridAxis], draws: int, seed: int) -> str:
    """The hash naming a sweep's stored points."""
    text = json.dumps(_identity(base, axes, draws, seed), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class PointStore:
    """Finished points of one sweep under ``out_dir/.sweep/<key>``."""

    def __init__(
        self, out_dir: Path, base: Scenario, axes: Sequence[GridAxis], draws: int, seed: int
    ) -> None:
        self.key = sweep_key(base, axes, draws, seed)
        self.dir = out_dir / ".sweep" / self.key
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            manifest = self.dir / "manifest.json"
            if not manifest.exists():
                body = {"key": self.key, **_identity(base, axes, draws, seed)}
                atomic_write(manifest, json.dumps(body, indent=2).encode())
        except OSError as exc:
            raise InputError(
                "out_dir", str(out_dir), f"cannot be written: {exc.strerror}"
            ) from None

    def load(self) -> dict[int, dict[str, Quantiles]]:
        """Every finished point: index -> outputs."""
        done: dict[int, dict[str, Quantiles]] = {}
        for part in sorted(self.dir.glob("part-*.json")):
            for index, outputs in json.loads(part.read_text()):
                done[int(index)] = outputs
        return done

    def save(self, rows: Sequence[PointRow]) -> None:
        """Persist the rows of one finished task."""
        if not rows:
            return
        name = f"part-{rows[0][0]:07d}-{len(rows)}.json"
        atomic_write(self.dir / name, json.dumps([[i, o] for i, o in rows]).encode())
