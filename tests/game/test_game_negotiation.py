"""negotiate(): the Japan-US negotiation end to end, result object, vectorisation, exports."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

import cardtable.game as game
import cardtable.trade as trade
from cardtable.errors import InputError
from cardtable.game import Announcement, ThreatOption, nash_bargaining, negotiate
from cardtable.game._threats import joint_optimum
from cardtable.params import REGISTRY

APRIL = {"autos_and_parts": 27.5, "machinery_and_electronics": 25.5, "other": 25.5}
GRID = np.arange(0.0, 50.5, 2.5)


def _opts(d: int) -> list[ThreatOption]:
    rng = np.random.default_rng(0)
    return [
        ThreatOption("stop_buying", "stop_buying", rng.uniform(2, 10, d), rng.uniform(5, 40, d)),
        ThreatOption("sell_300", "sell", rng.uniform(20, 60, d), rng.uniform(30, 120, d)),
    ]


@pytest.fixture(scope="module")
def result() -> game.Negotiation:
    params = REGISTRY.draw(400, seed=2025)
    return negotiate(
        "Japan",
        params,
        us_threats={"april_2025": APRIL, "flat_10": 11.5},
        deal_tariffs_pct=GRID,
        holder_threats=_opts(400),
        announcement=Announcement(_opts(400)[1], 0.1, premium_us_usd_bn=12.0),
    )


def test_outputs_have_the_draw_axis_and_sensible_values(result: game.Negotiation) -> None:
    assert result.draws == 400
    for k in (
        "deal_tariff_pct",
        "transfer_usd_bn",
        "holder_payoff_usd_bn",
        "us_payoff_usd_bn",
        "card_value_usd_bn",
        "threat_holder_usd_bn",
        "threat_us_usd_bn",
    ):
        assert getattr(result, k).shape == (400,)
    ok = result.agreement
    assert ok.mean() > 0.5
    assert np.all(np.isin(result.deal_tariff_pct[ok], GRID))
    assert np.all(result.holder_payoff_usd_bn >= result.threat_holder_usd_bn - 1e-9)
    assert np.all(result.us_payoff_usd_bn >= result.threat_us_usd_bn - 1e-9)
    assert np.all(result.card_value_usd_bn >= -1e-9)
    np.testing.assert_allclose(result.holder_threat_probs.sum(axis=1), 1.0)
    assert result.credibility.margin_usd_bn.shape == (400, 3)


def test_costly_sales_are_not_credible_so_the_card_is_worth_nothing(
    result: game.Negotiation,
) -> None:
    assert result.credibility.probability[2] == 0.0
    np.testing.assert_allclose(result.card_value_usd_bn, 0.0, atol=1e-9)
    committed = negotiate(
        "Japan",
        REGISTRY.draw(400, seed=2025),
        us_threats={"april_2025": APRIL, "flat_10": 11.5},
        deal_tariffs_pct=GRID,
        holder_threats=_opts(400),
        committed=True,
    )
    assert np.median(committed.card_value_usd_bn) > 0


def test_deal_matches_the_bargaining_solution_at_the_threat_point(
    result: game.Negotiation,
) -> None:
    w = game.PayoffWeights.from_params(REGISTRY.draw(400, seed=2025))
    s = result.stakes
    pure = result.game.pure & result.agreement
    sol = nash_bargaining(
        s.holder_grid(w),
        s.us_grid(w),
        result.threat_holder_usd_bn,
        result.threat_us_usd_bn,
        w.alpha,
        tariffs_pct=s.deal_tariffs_pct,
        us_value_per_transfer=w.v_us,
    )
    np.testing.assert_allclose(sol.holder_payoff[pure], result.holder_payoff_usd_bn[pure])
    np.testing.assert_allclose(sol.transfer_usd_bn[pure], result.transfer_usd_bn[pure])
    np.testing.assert_allclose(sol.tariff_pct[pure], result.deal_tariff_pct[pure])


def test_result_renders(result: game.Negotiation) -> None:
    d = result.to_dict()
    json.dumps(d)
    assert set(d["card_value_usd_bn"]) == {"p5", "p50", "p95"}
    assert set(d["holder_threats"]) == {"none", "stop_buying", "sell_300"}
    assert "announcement" in d
    frame = result.to_frame()
    assert len(frame) == 400
    assert "credibility_margin_usd_bn[sell_300]" in frame
    text = result.summary()
    assert "card_value_usd_bn" in text
    assert "p50" in text


def test_deals_on_the_edge_of_the_tariff_grid_are_reported(result: game.Negotiation) -> None:
    edge = result.to_dict()["deal_tariff_at_grid_edge"]
    ok = result.agreement
    assert edge["lower_pct"] == GRID[0]
    assert edge["upper_pct"] == GRID[-1]
    assert edge["share_at_upper"] == pytest.approx(np.mean(ok & (result.deal_tariff_pct == 50.0)))
    # a grid that stops at 2.5%: the deals there are reported, and the summary says so
    narrow = negotiate(
        "Japan",
        REGISTRY.draw(400, seed=2025),
        us_threats={"april_2025": APRIL, "flat_10": 11.5},
        deal_tariffs_pct=GRID[:2],
        holder_threats=_opts(400),
    )
    at_top = narrow.agreement & (narrow.deal_tariff_pct == 2.5)
    share = narrow.to_dict()["deal_tariff_at_grid_edge"]["share_at_upper"]
    assert share == pytest.approx(np.mean(at_top))
    assert share > 0
    assert "top of the grid (2.5%)" in narrow.summary()


def test_single_threat_forms_and_determinism() -> None:
    params = REGISTRY.draw(50, seed=9)
    a = negotiate("Japan", params, us_threats=APRIL, deal_tariffs_pct=GRID)
    b = negotiate("Japan", params, us_threats=25.0, deal_tariffs_pct=GRID)
    c = negotiate("Japan", params, us_threats=APRIL, deal_tariffs_pct=GRID)
    assert a.us_threats == ("threat",) == b.us_threats
    np.testing.assert_array_equal(a.holder_payoff_usd_bn, c.holder_payoff_usd_bn)
    with pytest.raises(InputError):
        negotiate("Japan", params, us_threats={}, deal_tariffs_pct=GRID)


def test_public_api_is_sorted_and_complete() -> None:
    for module in (game, trade):
        names = module.__all__
        assert list(names) == sorted(names, key=lambda s: (not s.isupper(), s)) or list(
            names
        ) == sorted(names)
        for name in names:
            assert hasattr(module, name), name


def test_no_gpl_or_scipy_at_runtime() -> None:
    code = (
        "import sys, cardtable.game, cardtable.trade; "
        "bad = [m for m in ('pygambit', 'scipy', 'powerindex') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_joint_optimum_is_kept_for_the_belief_value(result: game.Negotiation) -> None:
    params = REGISTRY.draw(400, seed=2025)
    w = game.PayoffWeights.from_params(params)
    idx, s0 = joint_optimum(result.stakes, w)
    assert result.optimum is not None
    assert np.array_equal(result.optimum[0], idx)
    assert np.array_equal(result.optimum[1], s0)  # before any pledge gain
    kept = game.belief_value(
        result.stakes, w, _opts(400)[1], prior_resolute=0.3, optimum=result.optimum
    )
    again = game.belief_value(result.stakes, w, _opts(400)[1], prior_resolute=0.3)
    for name in ("holder_payoff_usd_bn", "us_payoff_usd_bn", "holder_gain_usd_bn"):
        assert np.array_equal(getattr(kept, name), getattr(again, name)), name
