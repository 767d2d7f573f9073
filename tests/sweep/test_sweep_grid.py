"""Grid specifications and the cartesian product of sweep axes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardtable.errors import InputError
from cardtable.sweep import grid_points, parse_axis, parse_grid
from cardtable.sweep._grid import MAX_POINTS


def test_range_includes_stop_and_keeps_integers() -> None:
    axis = parse_axis("actors[0].sell.amount_usd_bn=50:500:50")
    assert axis.name == "actors[0].sell.amount_usd_bn"
    assert axis.values == (50, 100, 150, 200, 250, 300, 350, 400, 450, 500)
    assert all(isinstance(v, int) for v in axis.values)


def test_float_range_has_no_rounding_noise() -> None:
    assert parse_axis("x=0.1:0.5:0.1").values == (0.1, 0.2, 0.3, 0.4, 0.5)


def test_list_parses_numbers_switches_and_names() -> None:
    assert parse_axis("backstop.enabled=true,false").values == (True, False)
    assert parse_axis("calibration=default,beltran-2013").values == ("default", "beltran-2013")
    assert parse_axis("horizon_days=120, 252").values == (120, 252)


@pytest.mark.parametrize(
    "spec",
    ["x", "=1,2", "x=", "x=1:2", "x=1:2:0", "x=3:1:1", "x=a:b:c", "x=1,1", "x=nan,1"],
)
def test_bad_axis_names_the_grid(spec: str) -> None:
    with pytest.raises(InputError) as err:
        parse_axis(spec)
    assert err.value.field == "grid"


def test_grid_refuses_repeats_draws_seed_and_huge_products() -> None:
    with pytest.raises(InputError, match="each name once"):
        parse_grid(["x=1,2", "x=3,4"])
    with pytest.raises(InputError, match="draws and seed"):
        parse_grid(["seed=1,2"])
    with pytest.raises(InputError, match="grid points"):
        parse_grid(["a=1:1000:1", "b=1:1000:1"])
    with pytest.raises(InputError, match="at least one axis"):
        parse_grid([])
    assert MAX_POINTS >= 1_000


@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=3),
)
def test_product_has_every_combination_last_axis_fastest(sizes: list[int]) -> None:
    axes = parse_grid({f"a{k}": list(range(n)) for k, n in enumerate(sizes)})
    points = grid_points(axes)
    assert len(points) == math.prod(sizes)
    assert len({tuple(p.values()) for p in points}) == len(points)
    # row-major: the index of a point is its mixed-radix number
    for i, p in enumerate(points):
        index = 0
        for k, n in enumerate(sizes):
            index = index * n + p[f"a{k}"]
        assert index == i
