"""Investment pledges: a transfer channel distinct from money."""

from __future__ import annotations

import numpy as np
import pytest

from cardtable.errors import InputError
from cardtable.game import PayoffWeights, negotiate, pledge_gain
from cardtable.params import REGISTRY

GRID = np.linspace(0.0, 50.0, 11)
THREAT = {"autos_and_parts": 27.5, "machinery_and_electronics": 25.5, "other": 25.5}


def test_pledge_is_used_only_when_it_beats_money() -> None:
    params = REGISTRY.draw(200, seed=11)
    w = PayoffWeights.from_params(params)
    used, gain = pledge_gain(params, w, 550.0)
    efficient = params["us_value_per_pledge_usd"] > w.v_us * params["holder_cost_per_pledge_usd"]
    assert np.all(used[efficient] == 550.0)
    assert np.all(used[~efficient] == 0.0)
    expected = (
        params["us_value_per_pledge_usd"] - w.v_us * params["holder_cost_per_pledge_usd"]
    ) * 550
    assert gain[efficient] == pytest.approx(expected[efficient])
    assert np.all(gain >= 0.0)
    zero_used, zero_gain = pledge_gain(params, w, 0.0)
    assert not zero_used.any()
    assert not zero_gain.any()
    with pytest.raises(InputError, match="pledge_cap_usd_bn"):
        pledge_gain(params, w, -1.0)


def test_a_pledge_never_hurts_either_side_and_replaces_money() -> None:
    params = REGISTRY.draw(300, seed=12)
    money = negotiate("Japan", params, us_threats=THREAT, deal_tariffs_pct=GRID)
    both = negotiate(
        "Japan", params, us_threats=THREAT, deal_tariffs_pct=GRID, pledge_cap_usd_bn=550
    )
    assert money.pledge_usd_bn is None
    assert both.pledge_usd_bn is not None
    ok = money.agreement & both.agreement
    assert np.all(both.holder_payoff_usd_bn[ok] >= money.holder_payoff_usd_bn[ok] - 1e-9)
    assert np.all(both.us_payoff_usd_bn[ok] >= money.us_payoff_usd_bn[ok] - 1e-9)
    # the deal tariff does not depend on the transfer instrument
    np.testing.assert_array_equal(both.deal_tariff_pct[ok], money.deal_tariff_pct[ok])
    used = ok & (both.pledge_usd_bn > 0)
    assert np.all(both.transfer_usd_bn[used] < money.transfer_usd_bn[used])
    assert "pledge_usd_bn" in both.to_dict()
