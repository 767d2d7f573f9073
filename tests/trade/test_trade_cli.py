"""`cardtable trade`: tariffs in force or as given, p5/p50/p95 of every output, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardtable.cli import main
from cardtable.params import REGISTRY
from cardtable.trade import tariffs_at, trade_effects

Q = {"p5", "p50", "p95"}
OUTPUTS = (
    "tariff_revenue_usd_bn",
    "buyer_cost_usd_bn",
    "export_revenue_loss_usd_bn",
    "profit_loss_usd_bn",
    "value_added_loss_usd_bn",
    "gdp_loss_usd_bn",
    "gdp_effect_pct",
)


def test_japan_at_a_date_json(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["trade", "japan", "--at", "2025-04-09", "--draws", "500", "--seed", "3", "--json"]
    assert main(args) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["holder"] == "Japan"
    assert d["as_of"] == "2025-04-09"
    assert d["draws"] == 500
    assert d["tariffs_pct"] == tariffs_at("Japan", "2025-04-09")
    for k in OUTPUTS:
        assert set(d[k]) == Q, k
        assert d[k]["p5"] <= d[k]["p50"] <= d[k]["p95"], k
    assert d["gdp_effect_pct"]["p50"] < 0 < d["tariff_revenue_usd_bn"]["p50"]
    assert set(d["sectors"]) == {"autos_and_parts", "machinery_and_electronics", "other"}
    assert set(d["sources"]) == {"trade", "tariffs", "parameters"}
    # the command is the library: the same draws give the same medians
    e = trade_effects("Japan", tariffs_at("Japan", "2025-04-09"), REGISTRY.draw(500, seed=3))
    assert d["gdp_loss_usd_bn"] == e.to_dict()["gdp_loss_usd_bn"]


def test_default_is_the_last_change_and_text_renders(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["trade", "Japan", "--draws", "200"]) == 0
    out = capsys.readouterr().out
    assert "tariffs in force on 2026-02-24" in out
    assert "gdp_effect_pct" in out
    assert "Sources:" in out


def test_china_needs_tariffs_and_a_baseline(
    empty_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["trade", "china"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--tariff-pct" in err
    assert main(["trade", "china", "--tariff-pct", "30"]) == 2
    assert "--baseline-pct" in capsys.readouterr().err
    args = ["trade", "china", "--tariff-pct", "145", "--baseline-pct", "20", "--draws", "300"]
    assert main([*args, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["holder"] == "China"
    assert d["tariffs_pct"]["other"] == 145.0
    assert d["baseline_tariffs_pct"]["other"] == 20.0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["trade", "japan", "--at", "2025-13-01"], "--at"),
        (["trade", "japan", "--at", "April"], "--at"),
        (["trade", "japan", "--tariff-pct", "-5"], "--tariff-pct"),
        (["trade", "japan", "--draws", "0"], "--draws"),
        (["trade", "japan", "--at", "2025-04-09", "--tariff-pct", "10"], "--at"),
        (["trade", "jpn"], "holder"),
    ],
)
def test_bad_input_is_one_line(
    empty_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {field}:")
    assert err.count("\n") == 1
