"""``compare``: the same outputs of two or more scenarios side by side.

Each scenario is simulated (:func:`cardtable.engine.simulate`) and reduced to p5 / p50 / p95
of every per-draw output (:func:`cardtable.sweep._outputs.output_quantiles`). With one
``draws`` and ``seed`` for all, the scenarios share their parameter draws (common random
numbers), so differences between columns come from the scenarios, not from sampling.

JSON schema (``to_dict``; the report draws its charts from it)::

    {"scenarios": [{"label", "scenario", "description", "as_of", "state", "calibration",
                    "draws", "seed", "horizon_days"}],
     "outputs": {output: {label: {"p5", "p50", "p95"}}}}

Outputs a scenario lacks (a cost line only some scenarios have) are null.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cardtable._json import dumps
from cardtable._quantiles import QUANTILES
from cardtable.engine import simulate
from cardtable.errors import InputError
from cardtable.scenarios import Scenario, as_scenario
from cardtable.sweep._outputs import Quantiles, output_quantiles

__all__ = ["ComparisonResult", "compare"]

_NAN_Q: Quantiles = {q: float("nan") for q in QUANTILES}


@dataclass(frozen=True)
class ComparisonResult:
    """Outputs of several scenarios side by side.

    Attributes
    ----------
    runs
        Per scenario, in the order given: label (unique), scenario name, description, as-of
        month, market state, calibration, draws, seed, horizon.
    outputs
        Output name -> label -> p5 / p50 / p95 (NaN where a scenario lacks the output).
    """

    runs: tuple[dict[str, Any], ...]
    outputs: dict[str, dict[str, Quantiles]]

    @property
    def labels(self) -> list[str]:
        """Column labels, one per scenario."""
        return [r["label"] for r in self.runs]

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: ``output``, ``scenario`` (label), ``p5``, ``p50``, ``p95``."""
        rows = [
            {"output": name, "scenario": label, **q}
            for name, per in self.outputs.items()
            for label, q in per.items()
        ]
        return pd.DataFrame(rows, columns=["output", "scenario", *QUANTILES])

    def wide(self) -> pd.DataFrame:
        """One row per output; columns ``<label> p5``, ``<label> p50``, ``<label> p95``."""
        cols: dict[str, list[float]] = {}
        for label in self.labels:
            for q in QUANTILES:
                cols[f"{label} {q}"] = [per[label][q] for per in self.outputs.values()]
        return pd.DataFrame(cols, index=pd.Index(list(self.outputs), name="output"))

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (module docs); NaN as null."""
        return {
            "scenarios": [dict(r) for r in self.runs],
            "outputs": {
                name: {
                    label: {q: (None if math.isnan(v) else v) for q, v in qs.items()}
                    for label, qs in per.items()
                }
                for name, per in self.outputs.items()
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        """``to_dict()`` as JSON text."""
        return dumps(self.to_dict(), indent=indent)

    def summary(self) -> str:
        """Plain text: median [p5, p95] of every output, one column per scenario."""
        width = max(24, *(len(label) + 2 for label in self.labels))
        lines = ["Comparison (median [p5, p95]):"]
        for r in self.runs:
            lines.append(
                f"  {r['label']}: as of {r['as_of']}, {r['state']} market, calibration "
                f"{r['calibration']}, {r['draws']:,} draws, seed {r['seed']}"
            )
        lines.append("")
        lines.append(f"{'output':<34}" + "".join(f"{lab:>{width}}" for lab in self.labels))
        for name, per in self.outputs.items():
            cells = "".join(f"{_cell(per[lab]):>{width}}" for lab in self.labels)
            lines.append(f"{name:<34}{cells}")
        return "\n".join(lines)


def _cell(q: Quantiles) -> str:
    if math.isnan(q["p50"]):
        return "-"
    return f"{q['p50']:+.1f} [{q['p5']:+.1f}, {q['p95']:+.1f}]"


def compare(
    scenarios: Sequence[Scenario | str | Path],
    *,
    draws: int | None = None,
    seed: int | None = None,
    calibration: str | None = None,
) -> ComparisonResult:
    """Simulate two or more scenarios and put their outputs side by side.

    Parameters
    ----------
    scenarios
        Scenario objects, built-in names or TOML paths (at least two).
    draws, seed, calibration
        Applied to every scenario (default: each scenario's own). One seed for all gives
        common random numbers.

    Returns
    -------
    ComparisonResult
    """
    if isinstance(scenarios, str | Path) or len(scenarios) < 2:
        raise InputError("scenarios", scenarios, "two or more scenarios to compare")
    runs: list[dict[str, Any]] = []
    per_run: list[dict[str, Quantiles]] = []
    for item in scenarios:
        sc, origin, _ = as_scenario(item)
        res = simulate(sc, draws=draws, seed=seed, calibration=calibration)
        label, k = origin, 2
        while label in {r["label"] for r in runs}:
            label, k = f"{origin}#{k}", k + 1
        runs.append(
            {
                "label": label,
                "scenario": res.scenario,
                "description": res.description,
                "as_of": res.as_of,
                "state": res.state,
                "calibration": res.calibration,
                "draws": res.draws,
                "seed": res.seed,
                "horizon_days": res.horizon_days,
            }
        )
        per_run.append(output_quantiles(res))
    names: list[str] = []
    for outs in per_run:
        names += [n for n in outs if n not in names]
    outputs = {
        name: {
            r["label"]: outs.get(name, dict(_NAN_Q)) for r, outs in zip(runs, per_run, strict=True)
        }
        for name in names
    }
    return ComparisonResult(runs=tuple(runs), outputs=outputs)
