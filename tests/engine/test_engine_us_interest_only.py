"""``run_costs(..., interest_years=n)``: a shorter interest horizon (with or without the rest of
the ledger) gives the 30-year ledger's figures."""

from __future__ import annotations

import numpy as np
import pytest

from cardtable.engine import run_costs
from cardtable.errors import InputError
from cardtable.params import REGISTRY, Draws
from cardtable.scenarios import load_scenario, plan


@pytest.mark.parametrize("name", ["kato-2025", "japan-fire-sale", "china-tariff-war-2025"])
@pytest.mark.parametrize("years", [1, 5, 30])
def test_interest_lines_alone_equal_the_ledgers(name: str, years: int) -> None:
    p = plan(load_scenario(name))
    d = Draws.make(REGISTRY, 300, 11, "default")
    full = run_costs(p, d, chunk_draws=128)
    alone = run_costs(p, d, chunk_draws=128, interest_years=years, us_interest_only=True)
    want = [
        f"us_federal_interest_{n}y{pv}" for n in (1, 5, 10, 30) if n <= years for pv in ("", "_pv")
    ]
    assert sorted(alone) == sorted(want)
    for line in want:
        assert np.abs(alone[line]).max() > 0, line  # the comparison is not of zeros
        np.testing.assert_allclose(alone[line], full[line], rtol=1e-12, atol=0, err_msg=line)


def test_interest_horizon_must_be_a_ledger_line() -> None:
    p = plan(load_scenario("kato-2025"))
    with pytest.raises(InputError, match=r"^interest_years: 2 is not allowed"):
        run_costs(p, Draws.make(REGISTRY, 5, 1, "default"), interest_years=2)


@pytest.mark.parametrize("years", [1, 10])
def test_shorter_interest_horizon_leaves_the_rest_of_the_ledger(years: int) -> None:
    p = plan(load_scenario("kato-2025"))
    d = Draws.make(REGISTRY, 300, 11, "default")
    full = run_costs(p, d, chunk_draws=128)
    short = run_costs(p, d, chunk_draws=128, interest_years=years)
    dropped = {
        f"us_federal_interest_{n}y{pv}" for n in (5, 10, 30) if n > years for pv in ("", "_pv")
    }
    assert set(short) == set(full) - dropped
    for line, values in short.items():
        if line.startswith("us_federal_interest_"):
            np.testing.assert_allclose(values, full[line], rtol=1e-12, atol=0, err_msg=line)
        else:
            assert np.array_equal(values, full[line]), line
