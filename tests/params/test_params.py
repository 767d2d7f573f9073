"""The parameter registry: ranges, sources, calibrations and seeded draws."""

from __future__ import annotations

import numpy as np
import pytest

from cardtable.errors import ModelError, UnknownNameError
from cardtable.params import REGISTRY, Calibration, Parameter, Registry


def _registry() -> Registry:
    params = [
        Parameter("a_bp", 1.0, "bp", 0.5, 2.0, "test", "a", "market"),
        Parameter("b_pct", 0.2, "pct", 0.0, 1.0, "test", "b", "costs", dist="uniform"),
    ]
    cals = [
        Calibration("default", "d", "s"),
        Calibration("high", "h", "s", overrides={"a_bp": (1.8, 1.5, 2.0)}),
    ]
    return Registry(params, cals)


def test_every_parameter_has_unit_range_and_source() -> None:
    frame = REGISTRY.to_frame()
    assert len(frame) > 0
    assert (frame["low"] <= frame["value"]).all()
    assert (frame["value"] <= frame["high"]).all()
    assert frame["unit"].str.len().gt(0).all()
    assert frame["source"].str.len().gt(10).all()
    assert frame["description"].str.len().gt(0).all()


def test_every_calibration_resolves_within_ranges() -> None:
    for name in REGISTRY.calibrations:
        for p in REGISTRY.resolved(name).values():
            assert p.low <= p.value <= p.high, (name, p.name)


def test_draws_stay_in_range_and_are_seeded() -> None:
    reg = _registry()
    d1 = reg.draw(5000, seed=7)
    d2 = reg.draw(5000, seed=7)
    d3 = reg.draw(5000, seed=8)
    np.testing.assert_array_equal(d1["a_bp"], d2["a_bp"])
    assert not np.array_equal(d1["a_bp"], d3["a_bp"])
    assert d1["a_bp"].min() >= 0.5
    assert d1["a_bp"].max() <= 2.0
    # triangular with mode 1.0 on [0.5, 2.0]: mean (0.5 + 1.0 + 2.0) / 3
    assert d1["a_bp"].mean() == pytest.approx(3.5 / 3, abs=0.02)


def test_int_seed_and_generator_agree() -> None:
    reg = _registry()
    a = reg.draw(100, seed=3)
    b = reg.draw(100, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a["b_pct"], b["b_pct"])


def test_draws_of_one_parameter_do_not_depend_on_the_others() -> None:
    reg = _registry()
    bigger = Registry(
        [*(reg[n] for n in reg.names), Parameter("c", 1.0, "x", 0.0, 2.0, "test", "c", "game")],
        [Calibration("default", "d", "s")],
    )
    np.testing.assert_array_equal(reg.draw(50, 1)["a_bp"], bigger.draw(50, 1)["a_bp"])


def test_calibration_overrides_and_slices() -> None:
    reg = _registry()
    assert reg.central("high")["a_bp"][0] == 1.8
    draws = reg.draw(10, 0, "high")
    assert draws["a_bp"].min() >= 1.5
    part = draws.slice(2, 5)
    np.testing.assert_array_equal(part["a_bp"], draws["a_bp"][2:5])
    assert part.n == 3


def test_unknown_calibration_suggests_close_names() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'high'"):
        _registry().calibration("hihg")


def test_value_outside_range_is_rejected() -> None:
    with pytest.raises(ModelError, match="outside its range"):
        Parameter("x", 3.0, "u", 0.0, 1.0, "s", "d", "market")


def test_seed_of_wrong_type_is_rejected() -> None:
    with pytest.raises(TypeError, match="seed must be"):
        _registry().draw(3, seed="x")  # type: ignore[arg-type]
