"""The kernel's product ``W @ G`` by groups of rows with the same non-zero columns."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cardtable.market._kernel import matmul_into


@settings(max_examples=60, deadline=None)
@given(
    draws=st.integers(1, 300),
    columns=st.integers(1, 80),  # one or two 64-bit words per row pattern
    nonzeros=st.integers(0, 6),
    seed=st.integers(0, 2**32 - 1),
    block=st.sampled_from([7, 64, 4096]),
)
def test_grouped_product_equals_the_dense_one(
    draws: int, columns: int, nonzeros: int, seed: int, block: int
) -> None:
    """Rows with a few non-zeros in varying places (some all zero), any block size: the
    float32 result is the dense float64 product rounded once."""
    rng = np.random.default_rng(seed)
    W = np.zeros((draws, columns))
    for d in range(draws):
        k = min(int(rng.integers(0, nonzeros + 1)), columns)
        W[d, rng.choice(columns, size=k, replace=False)] = rng.normal(size=k)
    G = rng.normal(size=(columns, 37))
    out = np.full((draws, 37), np.nan, dtype=np.float32)
    matmul_into(W, G, out, block=block)
    np.testing.assert_allclose(out, (W @ G).astype(np.float32), rtol=2e-6, atol=1e-9)


def test_a_row_does_not_depend_on_the_rows_beside_it() -> None:
    """The same draw gives the same bits alone, in a batch of other patterns, or of its own."""
    rng = np.random.default_rng(5)
    W = np.zeros((500, 32))
    lo = rng.integers(1, 30, size=500)
    W[:, 0] = rng.normal(size=500)
    W[np.arange(500), lo] = rng.random(500)
    W[np.arange(500), lo + 1] = rng.random(500)
    G = rng.normal(size=(32, 1008))
    full = np.empty((500, 1008), dtype=np.float32)
    matmul_into(W, G, full)
    for d in (0, 17, 499):
        alone = np.empty((1, 1008), dtype=np.float32)
        matmul_into(W[d : d + 1], G, alone)
        np.testing.assert_array_equal(alone[0], full[d])
