"""Replays: bands, attribution, the linearity they rely on, JSON and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.backtest import BacktestResult, backtest, episode_names
from cardtable.cli import main
from cardtable.errors import InputError
from cardtable.market import Flows, MarketContext, simulate_market
from cardtable.params import REGISTRY

DRAWS = 40


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BacktestResult]:
    mp = pytest.MonkeyPatch()
    mp.setenv("CARDTABLE_HOME", str(tmp_path_factory.mktemp("home")))  # bundled data only
    try:
        return {n: backtest(n, draws=DRAWS, seed=3) for n in episode_names()}
    finally:
        mp.undo()


def test_attribution_adds_up(results: dict[str, BacktestResult]) -> None:
    for r in results.values():
        for s in r.scores:
            assert sum(s.by_flow.values()) == pytest.approx(s.flows, abs=1e-3)
            if s.observed is None:
                assert s.residual is None
                continue
            assert s.flows + (s.residual or 0.0) == pytest.approx(s.observed)
            assert s.p50_error == pytest.approx(s.observed - s.p50)
            assert s.p5 <= s.p50 <= s.p95
            assert s.inside == (s.p5 - 1e-6 <= s.observed <= s.p95 + 1e-6)


def test_no_flows_is_all_residual(results: dict[str, BacktestResult]) -> None:
    taper = results["taper-tantrum-2013"].score("ust_10y")
    assert (taper.flows, taper.p5, taper.p95) == (0.0, 0.0, 0.0)
    assert taper.observed is not None
    assert taper.observed > 50
    assert taper.residual == taper.observed
    assert taper.inside is False


def test_purchases_lower_yields_and_yen_buying_strengthens_the_yen(
    results: dict[str, BacktestResult],
) -> None:
    qe2 = results["qe2-2010"]
    assert qe2.score("ust_10y").p95 < 0
    assert qe2.score("usdjpy").flows == 0.0  # no conversions
    jul = results["japan-2024-jul"].score("usdjpy")
    assert jul.p95 < 0  # yen per dollar falls
    assert results["japan-2003-04"].score("usdjpy").p5 > 0  # dollar buying


def test_every_variable_observed_in_every_bundled_episode(
    results: dict[str, BacktestResult],
) -> None:
    """The bundle covers each window; only the broad dollar (from 2006) is missing in 2003-04."""
    for name, r in results.items():
        missing = {s.variable for s in r.scores if s.observed is None}
        assert missing == ({"broad_dollar"} if name == "japan-2003-04" else set())


def test_json_schema(results: dict[str, BacktestResult]) -> None:
    payload = json.loads(json.dumps(results["japan-2022"].to_dict()))
    assert set(payload) == {
        "episode", "title", "window", "trading_days", "state", "calibration", "draws", "seed",
        "market", "flows", "scores", "sources", "notes",
    }  # fmt: skip
    assert payload["draws"] == DRAWS
    assert set(payload["window"]) == {"start", "end", "base_date"}
    assert {f["label"] for f in payload["flows"]} == {"Japan TIC change", "MOF yen buying"}
    score = payload["scores"][2]
    assert score["variable"] == "ust_10y"
    assert set(score) == {
        "variable", "unit", "observed", "p5", "p50", "p95", "inside", "days_inside_pct",
        "p50_error", "flows", "by_flow", "residual",
    }  # fmt: skip
    frame = results["japan-2022"].to_frame()
    assert list(frame.columns) == ["date", "variable", "unit", "observed", "p5", "p50", "p95"]
    assert len(frame) == 6 * payload["trading_days"]


def test_one_draw_is_the_central_run(empty_home: Path) -> None:
    r = backtest("japan-2024-jul", draws=1)
    s = r.score("ust_10y")
    assert s.p5 == s.p50 == s.p95 == pytest.approx(s.flows)


def test_library_errors_name_the_parameter(empty_home: Path) -> None:
    with pytest.raises(InputError, match="draws: 0"):
        backtest("japan-2022", draws=0)
    with pytest.raises(InputError, match="seed: -1"):
        backtest("japan-2022", seed=-1)


@settings(max_examples=15, deadline=None)
@given(
    a=st.lists(st.floats(0, 20), min_size=12, max_size=12),
    b=st.lists(st.floats(0, 20), min_size=12, max_size=12),
    ca=st.lists(st.floats(0, 5), min_size=4, max_size=4),
)
def test_market_model_is_linear_in_flows(a: list[float], b: list[float], ca: list[float]) -> None:
    """The replay subtracts purchases' paths from sales' paths: exact only if the model is
    additive in flows (no backstop, no threat), which is checked here."""
    params = REGISTRY.draw(8, 5)
    ctx = MarketContext("2024-06", 8299.3, 27031.8)
    fa, fb = np.reshape(a, (4, 3)), np.reshape(b, (4, 3))
    conv = np.asarray(ca)

    def run(sell: np.ndarray, c: np.ndarray) -> np.ndarray:
        flows = Flows(sell, np.zeros_like(sell), {"JPY": c} if c.any() else {})
        p = simulate_market(flows, ctx, params)
        return np.concatenate([p.yields_bp, p.usdjpy_pct[..., None]], axis=-1).astype(float)

    both = run(fa + fb, conv)
    parts = run(fa, conv) + run(fb, np.zeros(4))
    assert np.allclose(both, parts, rtol=1e-4, atol=1e-3)


def test_cli(empty_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest"]) == 0
    listing = capsys.readouterr().out
    assert all(n in listing for n in episode_names())
    assert main(["backtest", "japan-2024-jul", "--draws", "20", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["episode"] == "japan-2024-jul"
    assert main(["backtest", "japan-2024-jul", "--draws", "20"]) == 0
    text = capsys.readouterr().out
    assert "10y bp" in text
    assert "residual" in text
    assert main(["backtest", "japan-2022", "--draws", "0"]) == 2
    assert "--draws: 0 is not allowed" in capsys.readouterr().err
    assert main(["backtest", "japan-2022", "--calibration", "nope"]) == 2
    assert "--calibration: 'nope' is not allowed" in capsys.readouterr().err
    assert main(["backtest", "nope"]) == 2
    assert "episode: 'nope'" in capsys.readouterr().err
