"""``[[shocks]]`` in scenario files: fields, ranges, one-line errors, and the presets' figures
recomputed from the daily series in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cardtable.errors import ScenarioError
from cardtable.scenarios import SHOCK_PRESETS, parse_scenario, shock_spec

BASE = """
name = "t"
as_of = "2025-03"
horizon_days = 100
[[actors]]
holder = "Japan"
[actors.sell]
amount_usd_bn = 100
days = 60
"""


def test_every_kind_and_a_preset_parse() -> None:
    sc = parse_scenario(
        BASE
        + """
[[shocks]]
kind = "term_premium"
yields_bp = { "10y" = 50, "30y" = 60.5 }
half_life_days = 126
start_day = 10
ramp_days = 5

[[shocks]]
kind = "risk_off"
yields_bp = { "2y" = -20, "10y" = -30 }
usdjpy_pct = -3.0
broad_dollar_pct = 1.0

[[shocks]]
kind = "dollar"
broad_dollar_pct = -2.0
yields_bp = { "10y" = 25 }

[[shocks]]
preset = "sell-america-2025-04"
scale = 0.5
start_day = 20
"""
    )
    spec = shock_spec(sc.shocks, sc.horizon_days)
    assert spec.labels == ("term_premium", "risk_off", "dollar", "sell-america-2025-04")
    np.testing.assert_array_equal(spec.yields_bp[0], [0, 0, 50, 60.5])
    assert spec.half_life_days[0] == 126
    assert np.isinf(spec.half_life_days[1])
    # a dollar shock without usdjpy_pct moves the yen with the broad dollar
    assert spec.usdjpy_pct[2] == -2.0
    preset = SHOCK_PRESETS["sell-america-2025-04"]
    assert spec.yields_bp[3, 2] == pytest.approx(0.5 * preset.yields_bp["10y"])
    assert spec.broad_dollar_pct[3] == pytest.approx(0.5 * preset.broad_dollar_pct)
    assert spec.ramp_days[3] == preset.ramp_days
    assert spec.start_day[3] == 20


def test_no_shocks_by_default() -> None:
    sc = parse_scenario(BASE)
    assert sc.shocks == []
    assert shock_spec(sc.shocks, sc.horizon_days).n == 0


@pytest.mark.parametrize(
    ("shock", "message"),
    [
        ('kind = "term_premium"\nyields_bp = { "10y" = 50 }\nbogus = 1', "shocks[0].bogus: 1"),
        ('kind = "term_premium"\nyields_bp = { "7y" = 50 }', "shocks[0].yields_bp.7y: '7y'"),
        ('kind = "term_premium"\nyields_bp = { "10y" = "50" }', "'50'"),
        ('kind = "term_premium"\nyields_bp = { "10y" = 900 }', "900"),
        ('kind = "term_premium"\nyields_bp = {}', "at least 1"),
        ('kind = "term_premium"\nyields_bp = { "10y" = 5 }\nhalf_life_days = 0', "half_life_days"),
        ('kind = "term_premium"\nyields_bp = { "10y" = 5 }\nramp_days = 0', "ramp_days"),
        ('kind = "risk_off"\nyields_bp = { "10y" = 20 }', "less than or equal to 0"),
        ('kind = "risk_off"\nyields_bp = { "10y" = -20 }\nusdjpy_pct = 2.0', "usdjpy_pct"),
        ('kind = "risk_off"\nyields_bp = { "10y" = -20 }\nbroad_dollar_pct = -1', "broad_dollar"),
        ('kind = "dollar"', "broad_dollar_pct: required field is missing"),
        ('kind = "inflation"', "give kind = 'term_premium', 'risk_off' or 'dollar'"),
        ("start_day = 3", "give kind = 'term_premium'"),
        ('preset = "brexit"', "shocks[0].preset: 'brexit' is not allowed; unknown preset; known"),
        ('preset = "taper-tantrum-2013"\nscale = -1', "scale"),
        ('preset = "taper-tantrum-2013"\nkind = "dollar"', "unknown field"),
    ],
)
def test_bad_shocks_give_one_line_naming_the_field(shock: str, message: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BASE + "\n[[shocks]]\n" + shock + "\n", origin="s.toml")
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("s.toml: shocks[0]"), text
    assert message in text, text


def test_shock_after_the_horizon_is_an_error() -> None:
    sc = parse_scenario(BASE + '\n[[shocks]]\npreset = "risk-off-2020-02"\nstart_day = 100\n')
    with pytest.raises(ScenarioError, match=r"shocks\[0\]\.start_day: 100 .*horizon_days=100"):
        shock_spec(sc.shocks, sc.horizon_days, "t")


def _series(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    y = pd.read_csv(shared_data / "processed" / "us_yields_daily.csv", index_col="date")
    fx = pd.read_csv(shared_data / "processed" / "fx_daily.csv", index_col="date")
    return y, fx


@pytest.mark.parametrize("name", list(SHOCK_PRESETS))
def test_preset_figures_are_the_observed_moves(shared_data: Path, name: str) -> None:
    # Source: Federal Reserve H.15 (DGS2/5/10/30) and H.10 (DEXJPUS, DTWEXBGS) via FRED, daily,
    # ../shared/data/processed; the presets store the moves rounded to 1 bp and 0.01%.
    p = SHOCK_PRESETS[name]
    y, fx = _series(shared_data)
    first, last = p.window
    for t, bp in p.yields_bp.items():
        col = f"dgs{t[:-1]}_pct"
        assert bp == pytest.approx((y.loc[last, col] - y.loc[first, col]) * 100, abs=0.5 + 1e-6)
    trading = y.loc[first:last, "dgs10_pct"].dropna()
    assert p.ramp_days == len(trading) - 1  # trading days after the first close up to the last
    if p.kind == "term_premium":
        assert p.usdjpy_pct == 0.0
        assert p.broad_dollar_pct == 0.0
        return
    jpy = (fx.loc[last, "usdjpy_dexjpus"] / fx.loc[first, "usdjpy_dexjpus"] - 1) * 100
    broad = (
        fx.loc[last, "broad_dollar_index_dtwexbgs"] / fx.loc[first, "broad_dollar_index_dtwexbgs"]
    )
    assert p.usdjpy_pct == pytest.approx(jpy, abs=0.005 + 1e-6)
    assert p.broad_dollar_pct == pytest.approx((broad - 1) * 100, abs=0.005 + 1e-6)


def test_preset_signs_match_their_kind() -> None:
    for p in SHOCK_PRESETS.values():
        assert p.source
        assert p.window[0] < p.window[1]
        if p.kind == "risk_off":
            assert max(p.yields_bp.values()) <= 0
            assert p.usdjpy_pct <= 0 <= p.broad_dollar_pct
    sell = SHOCK_PRESETS["sell-america-2025-04"]
    assert sell.yields_bp["10y"] > 0 > sell.broad_dollar_pct  # yields up while the dollar fell
