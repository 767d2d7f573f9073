"""Per-draw summaries (signed peaks, end moves) computed once while the paths are written."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cardtable.engine import path_outputs, signed_peak, simulate


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


def test_summaries_from_the_run_equal_those_from_the_paths() -> None:
    res = simulate("japan-fire-sale", draws=300, seed=5, chunk_draws=70)
    assert res.summaries is not None
    again = path_outputs(res.yields_bp, res.usdjpy_pct, res.broad_dollar_pct, res.backstop_usd_bn)
    assert list(res.summaries) == list(again)
    for name, values in again.items():
        np.testing.assert_array_equal(res.summaries[name], values, err_msg=name)
    np.testing.assert_array_equal(res.yield_peak_bp(), _reference(np.moveaxis(res.yields_bp, 1, 2)))
    other = simulate("japan-fire-sale", draws=300, seed=5, chunk_draws=300)
    assert other.summaries is not None
    for name, values in other.summaries.items():  # paths do not depend on the chunk size
        np.testing.assert_array_equal(res.summaries[name], values, err_msg=name)
