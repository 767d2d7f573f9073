"""The exchange-rate paths after the window (``MarketPaths.fx_tail``): the closed form continues
each currency's path as a longer window would have simulated it, shocks included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.errors import InputError
from cardtable.market import Flows, MarketContext, ShockSpec, simulate_market
from cardtable.params import REGISTRY

CTX = MarketContext("2025-12", 9271.0, 30250.9)
PARAMS = REGISTRY.draw(40, seed=3)


def _shocks(broad: float, jpy: float, start: int, half: float) -> ShockSpec:
    return ShockSpec(
        np.zeros((1, 4)),
        np.array([jpy]),
        np.array([broad]),
        np.array([start]),
        np.array([3]),
        np.array([half]),
        ("dollar",),
    )


def _paths(T: int, days: int, shocks: ShockSpec | None = None):  # type: ignore[no-untyped-def]
    sell = np.zeros((T, 3))
    sell[:days] = 150.0 / days * np.array([0.2, 0.6, 0.2])
    conv = sell.sum(axis=1) * 0.6
    zeros = np.zeros((T, 3))
    flows = Flows(sell, zeros, {"JPY": conv, "KRW": conv * 0.5, "HKD": conv}, zeros, 0.0)
    return simulate_market(flows, CTX, PARAMS, shocks=shocks)


@settings(max_examples=12, deadline=None)
@given(
    days=st.integers(1, 50),
    extra=st.integers(0, 60),
    shocked=st.booleans(),
    half=st.sampled_from([5.0, 40.0, np.inf]),
)
def test_the_tail_continues_the_path_a_longer_window_simulates(
    days: int, extra: int, shocked: bool, half: float
) -> None:
    T = days + extra
    shocks = _shocks(-2.0, 1.5, min(3, T - 1), half) if shocked else None
    short, long = _paths(T, days, shocks), _paths(400, days, shocks)
    assert short.fx_tail is not None
    for cur in ("JPY", "KRW", "HKD"):
        tail, path = short.fx_tail[cur], long.fx_pct[cur].astype(np.float64)
        scale = max(float(np.abs(path).max()), 1e-9)
        for day in (T - 1, T + 5, 251, 399):
            np.testing.assert_allclose(tail.at(day), path[:, day], rtol=0, atol=1e-5 * scale)
        np.testing.assert_allclose(
            tail.total(T, 252) if T < 252 else 0.0,
            path[:, T:252].sum(axis=1),
            rtol=0,
            atol=1e-5 * scale * 252,
        )


def test_a_pegged_currency_has_no_tail_of_its_own_and_the_yen_reverses() -> None:
    paths = _paths(30, 20)
    assert paths.fx_tail is not None
    assert not paths.fx_tail["HKD"].at(251).any()  # a dollar peg does not move
    yen = paths.fx_tail["JPY"]
    # the reversing part decays: a year on, the move is closer to its persistent part
    gap_end = np.abs(yen.at(29) - yen.persistent_pct)
    gap_year = np.abs(yen.at(251) - yen.persistent_pct)
    assert np.all(gap_year <= gap_end)
    assert np.any(gap_year < 0.5 * gap_end)


def test_the_tail_refuses_days_inside_the_window() -> None:
    paths = _paths(30, 20)
    assert paths.fx_tail is not None
    with pytest.raises(InputError, match=r"^days: "):
        paths.fx_tail["JPY"].at(10)
    with pytest.raises(InputError, match=r"^days: "):
        paths.fx_tail["JPY"].total(40, 40)
