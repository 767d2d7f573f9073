"""Market-implied execution probability: the announcement channel inverted on the reaction."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable import data
from cardtable.errors import DataError, InputError
from cardtable.game import (
    daily_series,
    event_moves,
    event_moves_from_data,
    first_fridays,
    implied_probability,
    truncated_normal_cdf,
    truncated_normal_mean,
)
from cardtable.game._evidence import _comparable_windows
from cardtable.game._implied import _quantile, _Truncated


def test_one_variable_is_observed_over_executed_move() -> None:
    # p = o / x with band sigma / x (module docs)
    ip = implied_probability([10.0], [2.0], np.array([[50.0], [100.0]]))
    assert ip.estimate == pytest.approx([0.2, 0.1])
    assert ip.standard_error == pytest.approx([0.04, 0.02])
    assert ip.distinguishable_share == 1.0


def test_gls_weights_variables_by_their_noise() -> None:
    # two independent channels, inverse-variance weighting of o_k / x_k
    x = np.array([[100.0, 50.0]])
    ip = implied_probability([10.0, 10.0], [5.0, 10.0], x)
    w1, w2 = (100 / 5) ** 2, (50 / 10) ** 2
    expected = (w1 * 0.1 + w2 * 0.2) / (w1 + w2)
    assert ip.estimate[0] == pytest.approx(expected)
    assert ip.standard_error[0] == pytest.approx(1 / np.sqrt(w1 + w2))


def test_reaction_indistinguishable_from_noise_gives_near_zero_with_an_upper_bound() -> None:
    # no abnormal move: posterior is a half-normal with scale s; p95 = s * Phi^-1(0.975)
    x = np.full((200, 1), 100.0)
    ip = implied_probability([0.0], [5.0], x)  # s = 0.05
    assert ip.distinguishable_share == 0.0
    assert ip.band["p5"] < 0.005
    assert ip.band["p95"] == pytest.approx(0.05 * 1.959964, abs=2e-4)
    assert ip.band["p50"] == pytest.approx(0.05 * 0.674490, abs=2e-4)
    # posterior mean of the half-normal: s * sqrt(2 / pi)
    assert ip.posterior_mean == pytest.approx(0.05 * np.sqrt(2 / np.pi), rel=1e-6)


def test_opposite_sign_reaction_piles_up_at_zero() -> None:
    ip = implied_probability([-30.0], [5.0], np.full((10, 1), 100.0))
    assert ip.estimate[0] == pytest.approx(-0.3)
    # far below zero the truncated normal is close to an exponential with rate |mu| / s^2 = 120
    assert ip.band["p95"] == pytest.approx(np.log(20) / 120, rel=0.1)
    assert ip.posterior_mean[0] == pytest.approx(1 / 120, rel=0.1)


@settings(max_examples=60, deadline=None)
@given(
    mu=st.floats(-50, 50),
    sd=st.floats(1e-3, 10),
    p=st.floats(0, 1),
)
def test_truncated_normal_cdf_is_a_cdf_on_the_unit_interval(mu: float, sd: float, p: float) -> None:
    f = truncated_normal_cdf(np.array([0.0, p, 1.0]), mu, sd)
    assert f[0] == pytest.approx(0.0, abs=1e-9)
    assert f[2] == pytest.approx(1.0, abs=1e-9)
    assert 0.0 <= f[1] <= 1.0
    m = float(truncated_normal_mean(np.array(mu), np.array(sd)))
    assert 0.0 <= m <= 1.0


def test_truncated_normal_against_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    mu = np.array([-3.0, 0.1, 0.5, 0.9, 4.0, 0.2])
    sd = np.array([0.5, 0.05, 0.3, 0.2, 1.0, 2.0])
    a, b = (0 - mu) / sd, (1 - mu) / sd
    for p in (0.05, 0.3, 0.7):
        ref = stats.truncnorm.cdf(p, a, b, loc=mu, scale=sd)
        assert truncated_normal_cdf(np.full(6, p), mu, sd) == pytest.approx(ref, abs=1e-6)
    ref_mean = stats.truncnorm.mean(a, b, loc=mu, scale=sd)
    assert truncated_normal_mean(mu, sd) == pytest.approx(ref_mean, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(o=st.floats(0, 40), extra=st.floats(0.1, 40))
def test_a_larger_reaction_never_lowers_the_implied_probability(o: float, extra: float) -> None:
    x = np.array([[80.0, 100.0], [60.0, 90.0]])
    cov = np.array([[36.0, 20.0], [20.0, 36.0]])
    lo = implied_probability([o, o], cov, x)
    hi = implied_probability([o + extra, o + extra], cov, x)
    assert np.all(hi.estimate >= lo.estimate)
    assert hi.band["p50"] >= lo.band["p50"] - 1e-9


def test_bad_inputs_name_the_field() -> None:
    with pytest.raises(InputError, match="executed_move"):
        implied_probability([1.0], [1.0], np.zeros((3, 1)))
    with pytest.raises(InputError, match="noise"):
        implied_probability([1.0, 2.0], [[1.0, 2.0], [2.0, 1.0]], np.ones((3, 2)))
    with pytest.raises(InputError, match="executed_move"):
        implied_probability([1.0, 2.0], [1.0, 1.0], np.ones((3, 3)))
    with pytest.raises(InputError, match="noise_sd"):
        implied_probability([1.0], [0.0], np.ones((3, 1)))


def _bisect(cdf: Callable[[np.ndarray], np.ndarray], target: np.ndarray) -> np.ndarray:
    """The quantile search used before the Newton one: 40 halvings of [0, 1] (reference)."""
    lo, hi = np.zeros(target.shape), np.ones(target.shape)
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        below = cdf(mid) < target
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    return 0.5 * (lo + hi)


def test_quantile_search_finds_the_crossing_that_bisection_finds() -> None:
    rng = np.random.default_rng(11)
    mu = np.concatenate([rng.uniform(-3.0, 4.0, 3000), rng.normal(0.02, 0.01, 1000)])
    sd = np.concatenate([np.exp(rng.uniform(np.log(1e-3), np.log(3.0), 3000)), np.full(1000, 0.07)])
    post = _Truncated(mu, sd)
    target = rng.uniform(0.01, 0.99, mu.size)
    new = _quantile(lambda p, i: post.take(i).cdf_pdf(p, density=True), target, mu)
    old = _bisect(post.cdf, target)
    # each answer is a crossing: F below the target just left of it, at or above just right
    eps = 1e-11
    assert np.all(post.cdf(new - eps) < target)
    assert np.all(post.cdf(new + eps) >= target)
    # erfcc's ~1e-7 jump at p = mu (z = 0) makes F non-monotone there at that level, so the
    # two searches may stop at different crossings within ~1e-6 of mu; elsewhere they agree
    near_jump = np.abs(old - mu) < 1e-5
    assert np.max(np.abs(new - old)[~near_jump]) <= 1e-9
    assert np.max(np.abs(new - old)) <= 1e-5
    assert near_jump.mean() < 0.05


def test_pooled_band_matches_bisection() -> None:
    rng = np.random.default_rng(12)
    x = rng.normal(1.0, 0.3, (20_000, 2)) * np.array([40.0, 20.0])
    ip = implied_probability([3.0, 1.5], [2.0, 1.5], x)
    post = _Truncated(ip.estimate, ip.standard_error)
    levels = np.array([0.05, 0.5, 0.95])
    old = _bisect(lambda p: post.cdf(p[:, None]).mean(axis=1), levels)
    assert [ip.band[k] for k in ("p5", "p50", "p95")] == [round(float(v), 4) for v in old]
    med = _bisect(post.cdf, np.full(ip.draws, 0.5))
    assert np.max(np.abs(ip.posterior_median - med)) <= 1e-9
    new = _quantile(
        lambda p, i: tuple(a.mean(axis=1) for a in post.cdf_pdf(p[:, None], density=True)),
        levels,
        np.full(3, 0.5),
    )
    assert np.max(np.abs(new - old)) <= 1e-9


# --- event windows ---------------------------------------------------------------------------


def _levels() -> dict[str, pd.Series]:
    days = pd.bdate_range("2024-01-01", periods=80)
    rng = np.random.default_rng(1)
    y = 4.0 + np.cumsum(rng.normal(0, 0.05, 80))
    y[70] = y[69] + 0.30  # a 30 bp jump on the event day
    y[71:] += 0.30 - (y[70] - y[69]) + (y[70] - y[69])  # level kept after the jump
    return {"ust_10y_bp": pd.Series(y, index=days)}


def test_event_window_move_and_noise_from_the_estimation_window() -> None:
    levels = _levels()
    s = levels["ust_10y_bp"]
    day = f"{s.index[70]:%Y-%m-%d}"
    e = event_moves(levels, day, day, estimation_days=60, benchmark="zero")
    assert e.trading_days == 1
    assert e.observed[0] == pytest.approx(100 * (s.iloc[70] - s.iloc[69]))
    daily = 100 * s.diff().iloc[10:70]
    assert e.noise_sd[0] == pytest.approx(daily.std(ddof=1))
    assert e.abnormal[0] == e.observed[0]
    two = event_moves(levels, day, f"{s.index[71]:%Y-%m-%d}", estimation_days=60)
    assert two.trading_days == 2
    assert two.noise_sd[0] == pytest.approx(np.sqrt(2) * daily.std(ddof=1))
    assert two.expected[0] == pytest.approx(2 * daily.mean())


def test_comparable_windows_are_the_moves_between_the_two_closes() -> None:
    # reference: the h-day move of each comparable day from the two closes, one day at a time
    days = pd.bdate_range("2024-01-01", periods=120)
    rng = np.random.default_rng(3)
    pre = pd.DataFrame(
        {
            "ust_2y_bp": 4.0 + np.cumsum(rng.normal(0, 0.05, 120)),
            "usdjpy_pct": 150.0 * np.exp(np.cumsum(rng.normal(0, 0.005, 120))),
        },
        index=days,
    )
    units = ["bp", "pct"]
    dates = [f"{d:%Y-%m-%d}" for d in days[::7]] + ["2024-01-06", "2023-12-01", "2024-01-01"]
    dates += [f"{days[40]:%Y-%m-%d}", f"{days[-1]:%Y-%m-%d}"]  # a repeat; too late for h > 1
    for h in (1, 3, 5):
        rows = {}
        for d in dates:
            pos = int(pre.index.searchsorted(pd.Timestamp(d)))
            if pos < 1 or pos + h - 1 >= len(pre) or pre.index[pos] != pd.Timestamp(d):
                continue
            two = pre.iloc[[pos - 1, pos + h - 1]]
            rows[pre.index[pos]] = pd.Series(
                [
                    100.0 * (two.iloc[1, 0] - two.iloc[0, 0]),
                    100.0 * (two.iloc[1, 1] / two.iloc[0, 1] - 1.0),
                ],
                index=pre.columns,
            )
        expected = pd.DataFrame(rows).T.sort_index()
        got = _comparable_windows(pre, dates, h, units)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert np.array_equal(got.mean().to_numpy(), expected.mean().to_numpy())
    assert _comparable_windows(pre, ["2023-06-01"], 1, units).empty


def test_event_window_errors() -> None:
    levels = _levels()
    with pytest.raises(InputError, match="window"):
        event_moves(levels, "2024-03-05", "2024-03-01")
    with pytest.raises(InputError, match="estimation_days"):
        event_moves(levels, "2024-01-05", "2024-01-05", estimation_days=60)
    with pytest.raises(InputError, match="benchmark"):
        event_moves(levels, "2024-04-05", "2024-04-05", benchmark="median")  # type: ignore[arg-type]


def test_first_fridays() -> None:
    assert first_fridays("2025-04-01", "2025-06-30") == ["2025-04-04", "2025-05-02", "2025-06-06"]


def test_kato_window_on_the_real_series(filled_home: object) -> None:
    # FRED DGS2/DGS10 (H.15) via the store: 2025-05-01 -> 2025-05-02, 2y 3.70 -> 3.83, 10y
    # 4.25 -> 4.33 (market_levels.csv rows of those dates)
    e = event_moves_from_data("2025-05-02", "2025-05-02", ("ust_2y_bp", "ust_10y_bp", "usdjpy_pct"))
    assert e.before == "2025-05-01"
    assert e.observed[:2] == pytest.approx([13.0, 8.0], abs=1e-6)
    assert e.observed[2] == pytest.approx(100 * (144.52 / 145.48 - 1), abs=1e-6)
    payroll = event_moves_from_data(
        "2025-05-02",
        "2025-05-02",
        ("ust_2y_bp", "ust_10y_bp"),
        comparable_dates=first_fridays("2022-05-01", "2025-04-30"),
    )
    assert payroll.comparable
    assert payroll.estimation_days >= 30
    # payroll days are noisier than ordinary days: the jump is not distinguishable from them
    assert np.all(np.abs(payroll.z_scores) < 1.645)
    assert np.all(payroll.noise_sd > e.noise_sd[:2])


def test_missing_series_is_a_data_error(
    empty_home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(data, "daily_series", raising=False)
    with pytest.raises(DataError, match="data import"):
        daily_series("DGS2")


def test_the_data_layer_accessor_is_used_unless_it_has_only_anchor_dates(
    empty_home: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = pd.bdate_range("2025-01-01", periods=5)

    def full(name: str) -> pd.Series:
        s = pd.Series(np.arange(5.0), index=days, name=name)
        s.attrs["origin"] = "bundled"
        return s

    def anchors(name: str) -> pd.Series:
        s = full(name)
        s.attrs["origin"] = "facts"
        return s

    monkeypatch.setattr(data, "daily_series", full, raising=False)
    assert daily_series("DGS2").tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    monkeypatch.setattr(data, "daily_series", anchors, raising=False)
    with pytest.raises(DataError, match="data import"):
        daily_series("DGS2")
