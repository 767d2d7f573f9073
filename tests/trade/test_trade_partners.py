"""Any TIC holder can negotiate: the one-sector model from Census goods trade by partner, and
all-in tariffs (MFN plus added duties, MFN floors)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import cardtable
from cardtable.errors import InputError, UnknownNameError
from cardtable.game import negotiate
from cardtable.params import REGISTRY
from cardtable.trade import (
    HOLDER_EXPORT_SECTORS,
    all_in_tariffs,
    canonical_holder,
    deal_grid_pct,
    exports_to_us_usd_bn,
    floor_inclusive,
    mfn_tariffs,
    one_sector_partners,
    sector_flows,
    sector_rows,
    trade_effects,
)

TABLE = Path(cardtable.__file__).parent / "data" / "facts" / "us_goods_trade_by_partner_2024.csv"


def _rows() -> dict[str, dict[str, str]]:
    with TABLE.open(newline="", encoding="utf-8") as fh:
        return {r["partner"]: r for r in csv.DictReader(fh)}


def test_every_row_cites_its_census_page() -> None:
    for r in _rows().values():
        assert r["source"] == (
            f"https://www.census.gov/foreign-trade/balance/c{r['census_code']}.html"
        )
        assert r["year"] == "2024"
        assert float(r["us_imports_usd_mn"]) > 0
        assert float(r["us_exports_usd_mn"]) > 0


def test_census_2024_figures() -> None:
    # US Census Bureau, Trade in Goods with Germany (c4280) and Korea, South (c5800), 2024
    # totals as retrieved 2026-06-17 (after the annual revision)
    rows = _rows()
    assert float(rows["Germany"]["us_imports_usd_mn"]) == 160307.0
    assert float(rows["Korea, South"]["us_exports_usd_mn"]) == 65771.2


def test_one_sector_partner_has_everything_in_other() -> None:
    assert "Germany" in one_sector_partners()
    assert "Japan" not in one_sector_partners()
    assert canonical_holder("korea, south") == "Korea, South"
    flows = sector_flows("Germany")
    assert flows == {"autos_and_parts": 0.0, "machinery_and_electronics": 0.0, "other": 160.307}
    assert sector_flows("Germany", "us_exports_to_holder")["other"] == pytest.approx(75.6949)
    other = sector_rows("Germany", "holder_exports_to_us")[-1]
    assert other.source.endswith("c4280.html")
    assert exports_to_us_usd_bn("Taiwan") == pytest.approx(116.2849)
    with pytest.raises(UnknownNameError, match="Germany"):
        canonical_holder("Atlantis")


def test_one_sector_trade_effects_and_negotiation() -> None:
    params = REGISTRY.draw(64, seed=3)
    base = mfn_tariffs("Germany")
    e = trade_effects("Germany", 16.5, params, baseline_tariffs_pct=base)
    assert np.all(e.gdp_loss_usd_bn > 0)
    assert np.all(np.isnan(e.gdp_effect_pct))  # GDP not bundled for one-sector partners
    assert e.sources["trade"].startswith("us_goods_trade_by_partner_2024")
    neg = negotiate(
        "Germany",
        params,
        us_threats={"threat": all_in_tariffs(20.0, base)},
        deal_tariffs_pct=deal_grid_pct(0.0, 50.0, include=[15.0]),
        baseline_tariffs_pct=base,
        deal_floor_pct=base,
    )
    assert neg.holder == "Germany"
    assert np.all(neg.deal_tariff_pct[neg.agreement] >= 0.0)


def test_all_in_is_mfn_plus_added() -> None:
    mfn = mfn_tariffs("Japan")
    assert mfn == {"autos_and_parts": 2.5, "machinery_and_electronics": 1.5, "other": 1.5}
    t = all_in_tariffs({"autos_and_parts": 25.0}, mfn)
    assert t == {"autos_and_parts": 27.5, "machinery_and_electronics": 1.5, "other": 1.5}
    assert all_in_tariffs(24.0, mfn)["other"] == 25.5
    with pytest.raises(UnknownNameError):
        all_in_tariffs({"cars": 1.0}, mfn)
    with pytest.raises(InputError, match="added_pct"):
        all_in_tariffs(-200.0, mfn)


def test_floor_inclusive_tops_mfn_up_to_the_level() -> None:
    # EO 14345: MFN rates below 15% are raised to 15%, higher ones kept
    out = floor_inclusive([0.0, 15.0], {"autos_and_parts": 2.5, "other": 20.0})
    assert out["autos_and_parts"].tolist() == [2.5, 15.0]
    assert out["other"].tolist() == [20.0, 20.0]


def test_deal_grid_covers_the_real_outcome() -> None:
    grid = deal_grid_pct(0.0, 50.0, step_pct=7.0, include=[15.0])
    assert 15.0 in grid
    assert grid[0] == 0.0
    assert grid[-1] == 50.0
    assert np.all(np.diff(grid) > 0)
    with pytest.raises(InputError, match="high_pct"):
        deal_grid_pct(10.0, 5.0)
    with pytest.raises(InputError, match="step_pct"):
        deal_grid_pct(0.0, 5.0, step_pct=0.0)


def test_floor_deal_never_prices_below_mfn() -> None:
    params = REGISTRY.draw(32, seed=5)
    mfn = mfn_tariffs("Japan")
    neg = negotiate(
        "Japan",
        params,
        us_threats=all_in_tariffs(24.0, mfn),
        deal_tariffs_pct=deal_grid_pct(0.0, 50.0, include=[15.0]),
        deal_floor_pct=mfn,
    )
    # at the lowest level the deal is MFN itself: no tariff cut below MFN, no GDP gain
    assert np.all(neg.stakes.exporter_loss_usd_bn[:, 0] == pytest.approx(0.0, abs=1e-9))
    assert set(HOLDER_EXPORT_SECTORS) == set(mfn)
