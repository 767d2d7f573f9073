"""``compare`` and the ``compare`` / ``sweep`` commands."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest

import cardtable
from cardtable.cli import main
from cardtable.engine import simulate
from cardtable.errors import InputError
from cardtable.sweep import compare, output_quantiles

PAIR = ["kato-2025", "japan-fire-sale"]


def test_each_column_is_that_scenarios_simulation() -> None:
    res = cardtable.compare(PAIR, draws=200, seed=3)
    assert res.labels == PAIR
    for label in PAIR:
        own = output_quantiles(simulate(label, draws=200, seed=3))
        assert {k: per[label] for k, per in res.outputs.items()} == own
    # the fire sale moves the 10y more than the announcement-only negotiation case
    ten = res.outputs["yield_10y_peak_bp"]
    assert ten["japan-fire-sale"]["p50"] > ten["kato-2025"]["p50"]


def test_frames_and_dict_agree() -> None:
    res = compare([*PAIR, "kato-2025"], draws=100, seed=1)
    assert res.labels == [*PAIR, "kato-2025#2"]
    tidy = res.to_frame()
    assert list(tidy.columns) == ["output", "scenario", "p5", "p50", "p95"]
    assert len(tidy) == 3 * len(res.outputs)
    wide = res.wide()
    assert wide.loc["yield_10y_peak_bp", "japan-fire-sale p50"] == pytest.approx(
        res.outputs["yield_10y_peak_bp"]["japan-fire-sale"]["p50"]
    )
    d = json.loads(res.to_json())
    assert [r["label"] for r in d["scenarios"]] == res.labels
    assert d["scenarios"][0]["draws"] == 100
    assert set(d["outputs"]) == set(res.outputs)


def test_needs_two_scenarios() -> None:
    with pytest.raises(InputError) as err:
        compare(["kato-2025"])
    assert err.value.field == "scenarios"


def test_cli_compare_json_csv_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", *PAIR, "--draws", "100", "--seed", "1", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [r["scenario"] for r in d["scenarios"]] == PAIR
    assert main(["compare", *PAIR, "--draws", "100", "--seed", "1", "--csv"]) == 0
    frame = pd.read_csv(StringIO(capsys.readouterr().out))
    assert set(frame["scenario"]) == set(PAIR)
    assert main(["compare", *PAIR, "--draws", "100"]) == 0
    assert "yield_10y_peak_bp" in capsys.readouterr().out
    assert main(["compare", "kato-2025", "--draws", "100"]) == 2
    assert "two or more" in capsys.readouterr().err
    assert main(["compare", *PAIR, "--draws", "0"]) == 2
    assert "--draws" in capsys.readouterr().err


def test_cli_sweep_writes_tables_and_prints_elasticities(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sweep", "japan-fire-sale", "--grid", "actors[0].sell.amount_usd_bn=100:300:100"]
    out = tmp_path / "sw"
    assert main([*args, "--draws", "100", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "Elasticities at the centre" in text
    assert (out / "sweep.parquet").is_file()
    assert (out / "elasticities.csv").is_file()
    assert main([*args, "--draws", "100", "--json", "--quiet"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["grid"] == {"actors[0].sell.amount_usd_bn": [100, 200, 300]}
    assert len(d["points"]) == 3
    assert main(["sweep", "japan-fire-sale", "--grid", "nope", "--draws", "10"]) == 2
    assert "--grid" in capsys.readouterr().err
    assert main(["sweep", "japan-fire-sale", "--grid", "x=1,2", "--draws", "10"]) == 2
    assert "error: --grid: 'x'" in capsys.readouterr().err
