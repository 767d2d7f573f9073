"""US tariffs on the holder's goods in force at any date, by sector (all-in ad valorem, percent).

The timeline is a structured table derived from the bundled ``tariff_timeline_2025.csv`` (each
record cites the rows it comes from by date and ``parameter_changed``). Rates are *all-in*:
MFN duty plus every additional layer that applies. Three tariff lines are tracked and mapped to
the trade model's sectors:

* ``vehicles`` (Section 232 autos), ``auto_parts`` (Section 232 parts), ``general`` (every
  other good). ``autos_and_parts`` is the trade-weighted mix of the first two,
  :math:`\\tau_{autos} = (1-s)\\tau_{vehicles} + s\\,\\tau_{parts}`, with the parts share ``s``
  computed from ``us_japan_trade_sectors.csv``; ``machinery_and_electronics`` and ``other``
  pay ``general``.

Japan, in order (rows of tariff_timeline_2025.csv in brackets):

* before 2025-04-03: MFN. Vehicles 2.5% [2025-03-26 us_tariff_autos_section232: "on top of 2.5%
  MFN"]; parts 2.5% (assumed equal to the vehicle MFN); general 1.5% (the effective US tariff
  on Japanese goods was "less than 2%", World Bank via factually.co; 1.5% is a rounded
  assumption, stated in docs/trade.md).
* 2025-04-03: vehicles 27.5% = 25% Section 232 on top of MFN [2025-04-03, 2025-03-26].
* 2025-04-05: general 11.5% = 10% reciprocal baseline on top of MFN [2025-04-05]. Goods
  under Section 232 (vehicles, parts) do not pay the reciprocal layer.
* 2025-04-09: general 25.5% = 24% country rate, in force for less than a day [2025-04-09].
* 2025-04-10: general 11.5% again (90-day pause) [2025-04-09].
* 2025-05-03: parts 27.5% [2025-05-03 us_tariff_autoparts_section232].
* 2025-08-07: general 15% floor-inclusive (MFN below 15% topped up to 15%), as fixed
  retroactively to 2025-08-07 by EO 14345 after the stacking error of EO 14326
  [2025-07-22, 2025-07-31, 2025-08-07, 2025-09-04].
* 2025-09-16: vehicles and parts 15% all-in [2025-09-16 us_tariff_autos_japan].
* 2026-02-20: IEEPA tariffs void: general back to MFN 1.5% [2026-02-20 us_reciprocal_tariff_japan];
  autos keep 15% (Section 232 is unaffected).
* 2026-02-24: Section 122 surcharge on top of MFN: 15% (the 10% proclaimed on 2026-02-20 was
  raised to 15% on 2026-02-21 before it took effect; the reported timing of the 15% is unclear)
  [2026-02-20, 2026-02-21 us_global_surcharge_section122]; autos excluded. Use
  ``overrides={"machinery_and_electronics": 11.5, "other": 11.5}`` for the 10% variant.

Section 232 steel and aluminium (25% from 2025-03-12, 50% from 2025-06-04) fall on goods that
are not a sector of the trade model and are left out.

Other holders have no bundled timeline: pass their tariffs explicitly.

**All-in rates from added duties** (:func:`mfn_tariffs`, :func:`all_in_tariffs`). A threat or a
deal quoted as an *added* duty (the 24% reciprocal rate, the 25% Section 232 autos duty) is
all-in MFN plus the added rate: :math:`\\tau_s = \\tau^{MFN}_s + \\Delta_s`. The MFN rates are
Japan's lines above (vehicles and parts 2.5%, other goods 1.5%) for every partner; China's
2018-19 Section 301 duties are not MFN and must be passed as its baseline. A deal quoted as an
all-in *floor* (July 2025: "15% all-in, MFN included"; EO 14345 tops MFN rates below 15% up to
15%) is :math:`\\tau_s = \\max(L, \\tau^{MFN}_s)` (:func:`floor_inclusive`), so no deal level
sits below MFN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cardtable._typing import FloatArray
from cardtable.errors import InputError, UnknownNameError
from cardtable.trade._facts import HOLDER_EXPORT_SECTORS, auto_parts_share, canonical_holder

__all__ = [
    "MFN_PCT",
    "TARIFF_LINES",
    "TariffChange",
    "all_in_tariffs",
    "deal_grid_pct",
    "floor_inclusive",
    "mfn_tariffs",
    "tariff_timeline",
    "tariffs_at",
]

TARIFF_LINES: tuple[str, ...] = ("vehicles", "auto_parts", "general")
_START = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class TariffChange:
    """One dated change of one tariff line (all-in rate in percent)."""

    date: dt.date
    line: str
    rate_pct: float
    rule: str
    source_rows: str


_MFN_VEHICLES = 2.5
_MFN_PARTS = 2.5
_MFN_GENERAL = 1.5

_JAPAN: tuple[TariffChange, ...] = (
    TariffChange(_START, "vehicles", _MFN_VEHICLES, "MFN", "2025-03-26 us_tariff_autos_section232"),
    TariffChange(_START, "auto_parts", _MFN_PARTS, "MFN (assumed = vehicles)", "assumption"),
    TariffChange(
        _START, "general", _MFN_GENERAL, "MFN, effective rate < 2% (World Bank)", "assumption"
    ),
    TariffChange(
        dt.date(2025, 4, 3),
        "vehicles",
        _MFN_VEHICLES + 25.0,
        "Section 232 25% on top of MFN",
        "2025-04-03 us_tariff_autos_section232; 2025-03-26 us_tariff_autos_section232",
    ),
    TariffChange(
        dt.date(2025, 4, 5),
        "general",
        _MFN_GENERAL + 10.0,
        "reciprocal baseline 10% on top of MFN",
        "2025-04-05 us_reciprocal_tariff_baseline",
    ),
    TariffChange(
        dt.date(2025, 4, 9),
        "general",
        _MFN_GENERAL + 24.0,
        "reciprocal country rate 24% (in force < 1 day)",
        "2025-04-09 us_reciprocal_tariff_japan",
    ),
    TariffChange(
        dt.date(2025, 4, 10),
        "general",
        _MFN_GENERAL + 10.0,
        "90-day pause: baseline 10% on top of MFN",
        "2025-04-09 us_reciprocal_tariff_japan",
    ),
    TariffChange(
        dt.date(2025, 5, 3),
        "auto_parts",
        _MFN_PARTS + 25.0,
        "Section 232 25% on parts on top of MFN",
        "2025-05-03 us_tariff_autoparts_section232",
    ),
    TariffChange(
        dt.date(2025, 8, 7),
        "general",
        max(15.0, _MFN_GENERAL),
        "deal: 15% floor-inclusive (EO 14345, retroactive to 2025-08-07)",
        "2025-07-22; 2025-07-31; 2025-08-07; 2025-09-04 us_reciprocal_tariff_japan",
    ),
    TariffChange(
        dt.date(2025, 9, 16),
        "vehicles",
        15.0,
        "deal: autos 15% all-in",
        "2025-09-16 us_tariff_autos_japan",
    ),
    TariffChange(
        dt.date(2025, 9, 16),
        "auto_parts",
        15.0,
        "deal: parts 15% all-in",
        "2025-09-16 us_tariff_autos_japan",
    ),
    TariffChange(
        dt.date(2026, 2, 20),
        "general",
        _MFN_GENERAL,
        "IEEPA tariffs void (Learning Resources v. Trump): MFN",
        "2026-02-20 us_reciprocal_tariff_japan",
    ),
    TariffChange(
        dt.date(2026, 2, 24),
        "general",
        _MFN_GENERAL + 15.0,
        "Section 122 surcharge 15% on top of MFN (10% proclaimed, raised to 15%; timing unclear)",
        "2026-02-20 us_global_surcharge_section122; 2026-02-21 us_global_surcharge_section122",
    ),
)

_TIMELINES: dict[str, tuple[TariffChange, ...]] = {"Japan": _JAPAN}


def _timeline(holder: str) -> tuple[TariffChange, ...]:
    name = canonical_holder(holder)
    try:
        return _TIMELINES[name]
    except KeyError:
        raise UnknownNameError(
            "holder", holder, _TIMELINES, "holder with a tariff timeline (pass tariffs explicitly)"
        ) from None


def tariff_timeline(holder: str = "Japan") -> pd.DataFrame:
    """The structured tariff timeline: one row per dated change of one tariff line.

    Columns: ``date``, ``line``, ``rate_pct`` (all-in), ``rule``, ``source_rows`` (rows of
    tariff_timeline_2025.csv by date and ``parameter_changed``).
    """
    return pd.DataFrame(
        [
            {
                "date": c.date,
                "line": c.line,
                "rate_pct": c.rate_pct,
                "rule": c.rule,
                "source_rows": c.source_rows,
            }
            for c in _timeline(holder)
        ]
    )


def _as_date(date: str | dt.date) -> dt.date:
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(str(date))
    except ValueError:
        raise InputError("date", date, "a date YYYY-MM-DD") from None


def tariffs_at(
    holder: str,
    date: str | dt.date,
    *,
    overrides: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """All-in US tariff (percent) on each of the holder's export sectors in force on ``date``.

    Parameters
    ----------
    holder
        A holder with a bundled timeline (``Japan``).
    date
        ``YYYY-MM-DD`` or a date; a change dated D is in force from D on.
    overrides
        Sector -> rate replacing the timeline's (a scenario's own assumption).

    Returns
    -------
    dict
        Sector (``autos_and_parts``, ``machinery_and_electronics``, ``other``) -> percent.
    """
    day = _as_date(date)
    lines: dict[str, float] = {}
    for change in sorted(_timeline(holder), key=lambda c: c.date):
        if change.date <= day:
            lines[change.line] = change.rate_pct
    share = auto_parts_share()
    out = {
        "autos_and_parts": (1.0 - share) * lines["vehicles"] + share * lines["auto_parts"],
        "machinery_and_electronics": lines["general"],
        "other": lines["general"],
    }
    for sector, rate in (overrides or {}).items():
        if sector not in out:
            raise UnknownNameError("overrides", sector, HOLDER_EXPORT_SECTORS, "sector")
        out[sector] = float(rate)
    return out


#: MFN all-in rates by tariff line (percent): the pre-2025 rates of Japan's timeline.
MFN_PCT: dict[str, float] = {
    "vehicles": _MFN_VEHICLES,
    "auto_parts": _MFN_PARTS,
    "general": _MFN_GENERAL,
}


def mfn_tariffs(holder: str) -> dict[str, float]:
    """All-in MFN tariff (percent) on each of the holder's export sectors.

    Japan: its timeline before 2025; every other partner: the same MFN lines (autos 2.5%, other
    goods 1.5%). China's Section 301 duties (2018-19) are on top: pass them as its baseline.
    """
    name = canonical_holder(holder)
    if name in _TIMELINES:
        return tariffs_at(name, "2025-01-01")
    return {
        "autos_and_parts": MFN_PCT["vehicles"],
        "machinery_and_electronics": MFN_PCT["general"],
        "other": MFN_PCT["general"],
    }


def all_in_tariffs(
    added_pct: Mapping[str, float] | float, base_pct: Mapping[str, float]
) -> dict[str, float]:
    """All-in tariffs: the base (MFN) rate of every sector plus the added duty.

    Parameters
    ----------
    added_pct
        One added rate for every sector, or sector -> added rate (missing sectors add 0).
    base_pct
        Sector -> all-in base rate (:func:`mfn_tariffs`).
    """
    if isinstance(added_pct, Mapping):
        unknown = set(added_pct) - set(base_pct)
        if unknown:
            raise UnknownNameError("added_pct", sorted(unknown)[0], tuple(base_pct), "sector")
        added = {s: float(added_pct.get(s, 0.0)) for s in base_pct}
    else:
        added = dict.fromkeys(base_pct, float(added_pct))
    out = {s: float(base_pct[s]) + added[s] for s in base_pct}
    bad = [s for s, v in out.items() if v <= -100.0]
    if bad:
        raise InputError("added_pct", added[bad[0]], "an all-in tariff above -100 percent")
    return out


def floor_inclusive(
    levels_pct: FloatArray | Sequence[float], floor_pct: Mapping[str, float]
) -> dict[str, FloatArray]:
    """Sector -> ``max(level, floor_s)`` over a grid of deal levels (MFN topped up to the level)."""
    grid = np.asarray(levels_pct, dtype=np.float64)
    if grid.ndim != 1:
        raise InputError("levels_pct", grid.shape, "a grid (G,)")
    return {s: np.maximum(grid, float(f)) for s, f in floor_pct.items()}


def deal_grid_pct(
    low_pct: float, high_pct: float, *, step_pct: float = 1.25, include: Sequence[float] = ()
) -> FloatArray:
    """Deal tariff levels from ``low_pct`` to ``high_pct`` every ``step_pct``, plus ``include``.

    ``include`` adds outcomes that must be on the grid (the July 2025 deal's 15%).
    """
    if not (np.isfinite(low_pct) and np.isfinite(high_pct)) or high_pct < low_pct:
        raise InputError("high_pct", high_pct, f"a level >= low_pct ({low_pct})")
    if not step_pct > 0:
        raise InputError("step_pct", step_pct, "a step > 0")
    n = int(np.floor((high_pct - low_pct) / step_pct + 1e-9)) + 1
    points = low_pct + step_pct * np.arange(n)
    extra = [float(x) for x in include if low_pct <= x <= high_pct]
    out: FloatArray = np.unique(np.concatenate([points, [high_pct], extra]))
    return out
