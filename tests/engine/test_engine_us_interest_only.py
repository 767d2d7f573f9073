"""``run_costs(..., us_interest_years=n)``: the US interest lines alone, the ledger's figures."""

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
    alone = run_costs(p, d, chunk_draws=128, us_interest_years=years)
    want = [
        f"us_federal_interest_{n}y{pv}" for n in (1, 5, 10, 30) if n <= years for pv in ("", "_pv")
    ]
    assert sorted(alone) == sorted(want)
    for line in want:
        assert np.abs(alone[line]).max() > 0, line  # the comparison is not of zeros
        np.testing.assert_allclose(alone[line], full[line], rtol=1e-12, atol=0, err_msg=line)


def test_interest_horizon_must_be_a_ledger_line() -> None:
    p = plan(load_scenario("kato-2025"))
    with pytest.raises(InputError, match=r"^years: 2 is not allowed"):
        run_costs(p, Draws.make(REGISTRY, 5, 1, "default"), us_interest_years=2)
