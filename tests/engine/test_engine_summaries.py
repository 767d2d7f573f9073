"""Per-draw summaries (signed peaks, end moves) computed once while the paths are written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cardtable.engine import path_outputs, signed_peak, simulate
from cardtable.errors import InputError
from cardtable.scenarios import parse_scenario


def _reference(paths: np.ndarray) -> np.ndarray:
    """The definition: the value on the first day of the largest absolute move."""
    idx = np.abs(paths).argmax(axis=-1)
    return np.take_along_axis(paths, idx[..., None], axis=-1)[..., 0].astype(np.float64)


@settings(max_examples=200)
@given(
    arrays(
        np.float32,
        st.tuples(st.integers(1, 6), st.integers(1, 12)),
        # few distinct values, so that ties of size and sign are frequent
        elements=st.sampled_from([0.0, 1.0, -1.0, 2.5, -2.5, 3.0, -0.5]),
    )
)
def test_signed_peak_is_the_first_largest_absolute_move(paths: np.ndarray) -> None:
    np.testing.assert_array_equal(signed_peak(paths), _reference(paths))


def test_signed_peak_of_mixed_sign_paths_with_nan() -> None:
    paths = np.array(
        [[1.0, -3.0, 3.0], [0.0, 0.0, 0.0], [2.0, np.nan, -5.0], [-4.0, 4.0, 1.0]],
        dtype=np.float32,
    )
    np.testing.assert_array_equal(signed_peak(paths), [-3.0, 0.0, np.nan, -4.0])


@pytest.mark.parametrize("backstop", [False, True])
def test_summaries_from_the_run_equal_those_from_the_paths(backstop: bool) -> None:
    over = {"backstop.enabled": True, "backstop.trigger_bp": 20.0} if backstop else None
    res = simulate("japan-fire-sale", draws=300, seed=5, chunk_draws=70, overrides=over)
    assert res.summaries is not None
    again = path_outputs(
        res.yields_bp,
        res.usdjpy_pct,
        res.broad_dollar_pct,
        res.backstop_usd_bn,
        res.fx_pct,
        res.shocks,
    )
    assert list(res.summaries) == list(again)
    for name, values in again.items():
        np.testing.assert_array_equal(res.summaries[name], values, err_msg=name)
    np.testing.assert_array_equal(res.yield_peak_bp(), _reference(np.moveaxis(res.yields_bp, 1, 2)))
    total = res.summaries["backstop_total_usd_bn"]
    assert (total > 0).any() if backstop else not total.any()  # the comparison is not of zeros
    other = simulate("japan-fire-sale", draws=300, seed=5, chunk_draws=300, overrides=over)
    assert other.summaries is not None
    for name, values in other.summaries.items():  # paths do not depend on the chunk size
        np.testing.assert_array_equal(res.summaries[name], values, err_msg=name)


SHOCKED = """
name = "shocked"
as_of = "2025-03"
horizon_days = 90
[[actors]]
holder = "Japan"
[actors.sell]
amount_usd_bn = 150
days = 40
converted_share = 0.5
[[actors]]
holder = "Korea, South"
[actors.sell]
amount_usd_bn = 20
days = 30
converted_share = 1.0
[[shocks]]
preset = "sell-america-2025-04"
start_day = 5
"""


def test_without_paths_the_figures_are_identical_and_memory_is_per_chunk() -> None:
    """``keep_paths=False`` (what ``simulate --json`` uses) gives the same JSON, summary and
    per-draw outputs, with shocks' and flows' parts and a second currency, across chunks."""
    sc = parse_scenario(SHOCKED)
    kept = simulate(sc, draws=257, seed=3, chunk_draws=100)
    lean = simulate(sc, draws=257, seed=3, chunk_draws=100, keep_paths=False)
    assert kept.to_dict() == lean.to_dict()
    assert kept.summary() == lean.summary()
    assert lean.to_dict()["contributions"]["shocks"]["labels"]  # the shocked path is covered
    a, b = kept.draw_outputs(), lean.draw_outputs()
    assert list(a) == list(b)
    for name, values in a.items():
        np.testing.assert_array_equal(values, b[name], err_msg=name)
    assert not any(k.startswith("flows_") for k in a)  # internal, not an output column
    assert lean.yields_bp.shape == (257, 0, 4)
    assert lean.usdjpy_pct.shape == (257, 0)


def test_a_result_without_paths_refuses_what_needs_them(tmp_path: Path) -> None:
    lean = simulate("japan-fire-sale", draws=20, seed=1, keep_paths=False)
    for call in (lean.paths_frame, lambda: lean.write(tmp_path / "out"), lean._repr_html_):
        with pytest.raises(InputError, match="keep_paths"):
            call()
    assert not (tmp_path / "out").exists()


def test_path_quantiles_are_computed_once_and_match_the_paths() -> None:
    """The fan charts and the paths table share one set of day quantiles per series."""
    res = simulate(parse_scenario(SHOCKED), draws=120, seed=4)
    q = res.path_quantiles("yield_10y")
    assert q.shape == (5, res.horizon_days)
    want = np.percentile(res.yields_bp[:, :, 2].astype(np.float64), [5, 25, 50, 75, 95], axis=0)
    np.testing.assert_array_equal(q, want)
    assert res.path_quantiles("yield_10y") is q  # cached
    krw = res.path_quantiles("fx_KRW")
    np.testing.assert_array_equal(krw[2], np.median(res.fx_pct["KRW"].astype(np.float64), axis=0))
    frame = res.paths_frame()
    np.testing.assert_array_equal(frame["yield_10y_change_bp_p50"].to_numpy(), q[2])
    with pytest.raises(InputError, match=r"^series: 'yield_7y' is not allowed"):
        res.path_quantiles("yield_7y")


def test_the_yens_path_shared_with_usdjpy_is_summarised_once_with_the_same_values() -> None:
    """The engine stores USD/JPY and the yen's path as one array; its peak is then copied, not
    recomputed, and equals the peak of a separate copy of the path."""
    rng = np.random.default_rng(5)
    D, T = 50, 40
    yields = rng.standard_normal((D, T, 4)).astype(np.float32)
    usdjpy = rng.standard_normal((D, T)).astype(np.float32)
    broad = rng.standard_normal((D, T)).astype(np.float32)
    backstop = np.zeros((D, T), dtype=np.float32)
    store = np.stack([usdjpy, usdjpy])  # views of one store, as the engine's chunks are
    shared = path_outputs(yields, store[0], broad, backstop, {"JPY": store[0][:, :]})
    apart = path_outputs(yields, usdjpy, broad, backstop, {"JPY": usdjpy.copy()})
    assert shared.keys() == apart.keys()
    for name, values in apart.items():
        assert np.array_equal(shared[name], values), name
    assert np.array_equal(shared["fx_JPY_peak_pct"], signed_peak(usdjpy))
    other = path_outputs(yields, usdjpy, broad, backstop, {"JPY": broad})  # not the same view
    assert np.array_equal(other["fx_JPY_peak_pct"], signed_peak(broad))


def test_frame_without_a_copy_is_the_same_table_over_the_results_arrays() -> None:
    res = simulate("japan-fire-sale", draws=50, seed=2)
    copied, shared = res.to_frame(), res.to_frame(copy=False)
    pd.testing.assert_frame_equal(copied, shared)
    assert list(copied.columns[-len(res.params) :]) == [f"param_{k}" for k in res.params]
    line = next(iter(res.costs_usd_bn))
    column = f"cost_{line}_usd_bn"
    assert np.shares_memory(shared[column].to_numpy(), res.costs_usd_bn[line])
    assert not np.shares_memory(copied[column].to_numpy(), res.costs_usd_bn[line])
