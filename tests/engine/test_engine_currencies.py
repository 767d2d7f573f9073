"""Currencies and shocks through the pipeline: every holder's currency is an output with its FX
translation line, pegs are stated, and shocks are reported apart from flows."""

from __future__ import annotations

import numpy as np
import pytest

from cardtable import simulate
from cardtable.scenarios import SHOCK_PRESETS, parse_scenario

SALES = """
name = "t"
as_of = "2025-03"
horizon_days = 120
[[actors]]
holder = "Korea, South"
[actors.sell]
amount_usd_bn = 50
days = 60
converted_share = 1.0
[[actors]]
holder = "Hong Kong"
[actors.sell]
amount_usd_bn = 50
days = 60
converted_share = 1.0
[[actors]]
holder = "Saudi Arabia"
[actors.sell]
amount_usd_bn = 50
days = 60
"""


def test_every_converted_currency_is_an_output_with_its_translation_loss() -> None:
    res = simulate(parse_scenario(SALES), draws=200, seed=3)
    d = res.to_dict()
    assert set(d["fx_pct"]) == {"KRW", "HKD", "SAR"}
    krw = d["fx_pct"]["KRW"]
    assert krw["pegged"] is False
    assert krw["end"]["p95"] < 0
    assert krw["broad_weight_pct"] > 0
    for pegged in ("HKD", "SAR"):
        assert d["fx_pct"][pegged]["pegged"] is True
        assert not res.fx_pct[pegged].any()
        assert not res.costs_usd_bn[
            f"{'Hong Kong' if pegged == 'HKD' else 'Saudi Arabia'}.fx_translation"
        ].any()
    # Korea's remaining dollar assets are worth fewer won: a translation loss
    assert np.all(res.costs_usd_bn["Korea, South.fx_translation"] > 0)
    assert "KRW/USD" in res.summary()
    assert "pegged: does not move" in res.summary()
    assert {"fx_KRW_end_pct", "fx_HKD_peak_pct"} <= set(res.to_frame().columns)
    assert "fx_krw_change_pct_p50" in res.paths_frame().columns


def test_shocks_are_reported_apart_from_flows() -> None:
    base_text = """
name = "t"
as_of = "2025-03"
horizon_days = 120
[[actors]]
holder = "Japan"
[actors.sell]
amount_usd_bn = 100
days = 60
converted_share = 1.0
"""
    shock = '\n[[shocks]]\npreset = "sell-america-2025-04"\nstart_day = 10\n'
    base = simulate(parse_scenario(base_text), draws=1)
    got = simulate(parse_scenario(base_text + shock), draws=1)
    d, b = got.to_dict(), base.to_dict()
    p = SHOCK_PRESETS["sell-america-2025-04"]
    shocks = d["contributions"]["shocks"]
    assert shocks["labels"] == ["sell-america-2025-04"]
    assert shocks["yields_bp"]["10y"]["end"] == pytest.approx(p.yields_bp["10y"])
    assert shocks["broad_dollar_pct"]["end"] == pytest.approx(p.broad_dollar_pct)
    # the flows' part of the shocked run is the unshocked run (no backstop: additive model)
    for t in ("2y", "10y"):
        flows = d["contributions"]["flows"]["yields_bp"][t]["end"]["p50"]
        assert flows == pytest.approx(b["yields_bp"][t]["end"]["p50"], abs=1e-3)
    assert d["contributions"]["flows"]["usdjpy_pct"]["end"]["p50"] == pytest.approx(
        b["usdjpy_pct"]["end"]["p50"], abs=1e-4
    )
    # the shock's dollar fall adds to Japan's translation loss
    assert (
        got.costs_usd_bn["Japan.fx_translation"][0] > base.costs_usd_bn["Japan.fx_translation"][0]
    )
    assert not b["contributions"]["shocks"]["labels"]
    assert b["contributions"]["shocks"]["yields_bp"]["10y"]["end"] == 0.0
