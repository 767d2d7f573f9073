"""``[[shocks]]`` in scenario files: exogenous moves of yields and the dollar, and named presets.

Three kinds, plus presets taken from documented episodes:

* ``term_premium``: bp by tenor (2y, 5y, 10y, 30y), any sign; no currency move.
* ``risk_off``: a safe-haven move: yields down (bp <= 0), the yen up (USD/JPY % <= 0) and the
  broad dollar up (% >= 0).
* ``dollar``: a move of the broad dollar (%) with USD/JPY (% , defaults to the broad move) and,
  optionally, yields (bp): "sell America" is the dollar down while yields rise.

Every shock builds up linearly over ``ramp_days`` from ``start_day`` and then decays with
``half_life_days`` (persistent when omitted). A preset (``preset = "sell-america-2025-04"``)
supplies the kind, the moves and the build-up (the trading days of its window); ``scale``
multiplies its moves. The preset figures are the observed moves in each window (Federal Reserve
H.15 constant-maturity yields, H.10 USD/JPY and broad dollar, via FRED), checked against the
daily series in ``../shared/data`` by ``tests/scenarios/test_shock_presets.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from cardtable._typing import TENORS, Tenor
from cardtable.errors import ScenarioError
from cardtable.market import ShockSpec

__all__ = [
    "PRESETS",
    "DollarShock",
    "PresetShock",
    "RiskOffShock",
    "Shock",
    "ShockPreset",
    "TermPremiumShock",
    "shock_spec",
]

_MAX_DAY = 7560  # 30 years of trading days
_BP = Annotated[float, Field(ge=-500.0, le=500.0)]
_PCT = Annotated[float, Field(ge=-50.0, le=50.0)]
_SRC_FRED = (
    "Federal Reserve H.15 (FRED DGS2, DGS5, DGS10, DGS30) and H.10 (FRED DEXJPUS, DTWEXBGS), "
    "daily, close of the window's first date to close of its last"
)


@dataclass(frozen=True)
class ShockPreset:
    """A documented episode's move, usable as ``preset = name``.

    Attributes
    ----------
    name
        Preset name.
    kind
        ``term_premium``, ``risk_off`` or ``dollar``.
    window
        ``(first, last)`` ISO dates: the move is last close minus first close.
    ramp_days
        Trading days in the window (yield observations after ``first`` up to ``last``).
    yields_bp
        Observed change of each tenor, bp.
    usdjpy_pct, broad_dollar_pct
        Observed % change (0 for a term-premium preset, whose currency moves are not part of it).
    source
        Where the figures and the reading of the episode come from.
    """

    name: str
    kind: Literal["term_premium", "risk_off", "dollar"]
    window: tuple[str, str]
    ramp_days: int
    yields_bp: dict[Tenor, float]
    usdjpy_pct: float
    broad_dollar_pct: float
    source: str


PRESETS: dict[str, ShockPreset] = {
    p.name: p
    for p in (
        ShockPreset(
            "sell-america-2025-04",
            "dollar",
            ("2025-04-04", "2025-04-11"),
            5,
            {"2y": 28.0, "5y": 43.0, "10y": 47.0, "30y": 44.0},
            -1.62,
            -1.43,
            f"{_SRC_FRED}. The week after 'Liberation Day' (2 Apr 2025 tariffs): yields rose while "
            "the dollar fell, the loss of safe-haven demand that Jiang, Krishnamurthy & Lustig "
            "(JF 2021) tie to the Treasury convenience yield (literature.md 1.3: 10y +47 bp, "
            "broad dollar -1.4%)",
        ),
        ShockPreset(
            "taper-tantrum-2013",
            "term_premium",
            ("2013-05-02", "2013-09-05"),
            87,
            {"2y": 32.0, "5y": 120.0, "10y": 132.0, "30y": 106.0},
            0.0,
            0.0,
            f"{_SRC_FRED}. From before Bernanke's 22 May 2013 testimony to the 10y's peak on 5 Sep "
            "2013; no foreign official selling drove it (a term-premium and policy-path "
            "repricing; the broad dollar rose 3.6% and USD/JPY 2.2% in the same window, not part "
            "of this preset)",
        ),
        ShockPreset(
            "dash-for-cash-2020-03",
            "dollar",
            ("2020-03-09", "2020-03-18"),
            7,
            {"2y": 16.0, "5y": 33.0, "10y": 64.0, "30y": 78.0},
            5.78,
            5.95,
            f"{_SRC_FRED}. March 2020: investors sold Treasuries for dollar cash (about USD 300bn "
            "of net foreign sales of notes and bonds in the month, literature.md 1.2) until the "
            "Fed's purchases; long yields and the dollar rose together. The observed move "
            "includes those flows: do not add it to a scenario that also has them",
        ),
        ShockPreset(
            "risk-off-2020-02",
            "risk_off",
            ("2020-02-19", "2020-03-09"),
            13,
            {"2y": -104.0, "5y": -95.0, "10y": -102.0, "30y": -102.0},
            -7.78,
            0.35,
            f"{_SRC_FRED}. The Covid-19 flight to safety from the equity peak of 19 Feb 2020 to "
            "9 Mar 2020 (Fed cut of 3 Mar included): yields down, the yen and the dollar up",
        ),
    )
}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    start_day: Annotated[int, Field(ge=0, le=_MAX_DAY)] = 0
    half_life_days: Annotated[float, Field(gt=0.0, le=1e6)] | None = None


class TermPremiumShock(_Spec):
    """A term-premium shock: bp by tenor (omitted tenors: 0), no currency move."""

    kind: Literal["term_premium"]
    yields_bp: Annotated[dict[Tenor, _BP], Field(min_length=1)]
    ramp_days: Annotated[int, Field(ge=1, le=_MAX_DAY)] = 1


class RiskOffShock(_Spec):
    """A risk-off / safe-haven move: yields down, yen up, dollar up (signs are checked)."""

    kind: Literal["risk_off"]
    yields_bp: Annotated[
        dict[Tenor, Annotated[float, Field(ge=-500.0, le=0.0)]], Field(min_length=1)
    ]
    usdjpy_pct: Annotated[float, Field(ge=-50.0, le=0.0)] = 0.0
    broad_dollar_pct: Annotated[float, Field(ge=0.0, le=50.0)] = 0.0
    ramp_days: Annotated[int, Field(ge=1, le=_MAX_DAY)] = 1


class DollarShock(_Spec):
    """A move of the dollar (%), with USD/JPY (default: the broad move) and optional yields."""

    kind: Literal["dollar"]
    broad_dollar_pct: _PCT
    usdjpy_pct: _PCT | None = None
    yields_bp: dict[Tenor, _BP] = {}
    ramp_days: Annotated[int, Field(ge=1, le=_MAX_DAY)] = 1


class PresetShock(_Spec):
    """A named preset (``PRESETS``) times ``scale``; ``ramp_days`` defaults to its window."""

    preset: str
    scale: Annotated[float, Field(ge=0.0, le=5.0)] = 1.0
    ramp_days: Annotated[int, Field(ge=1, le=_MAX_DAY)] | None = None

    @field_validator("preset")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in PRESETS:
            raise ValueError(f"unknown preset; known: {', '.join(PRESETS)}")
        return v


def _shock_tag(v: Any) -> str | None:
    if isinstance(v, dict):
        return "preset" if "preset" in v else v.get("kind")
    if isinstance(v, PresetShock):
        return "preset"
    return getattr(v, "kind", None)


Shock = Annotated[
    Annotated[TermPremiumShock, Tag("term_premium")]
    | Annotated[RiskOffShock, Tag("risk_off")]
    | Annotated[DollarShock, Tag("dollar")]
    | Annotated[PresetShock, Tag("preset")],
    Discriminator(
        _shock_tag,
        custom_error_type="shock_kind",
        custom_error_message=(
            "give kind = 'term_premium', 'risk_off' or 'dollar', or preset = one of "
            + ", ".join(PRESETS)
        ),
    ),
]


def _moves(shock: Any) -> tuple[list[float], float, float, int, str]:
    """``(yields by tenor, usdjpy %, broad %, ramp days, label)`` of one validated shock."""
    if isinstance(shock, PresetShock):
        p = PRESETS[shock.preset]
        k = shock.scale
        ramp = shock.ramp_days if shock.ramp_days is not None else p.ramp_days
        ys = [k * p.yields_bp.get(t, 0.0) for t in TENORS]
        return ys, k * p.usdjpy_pct, k * p.broad_dollar_pct, ramp, p.name
    ys = [float(shock.yields_bp.get(t, 0.0)) for t in TENORS]
    if isinstance(shock, TermPremiumShock):
        return ys, 0.0, 0.0, shock.ramp_days, shock.kind
    if isinstance(shock, RiskOffShock):
        return ys, shock.usdjpy_pct, shock.broad_dollar_pct, shock.ramp_days, shock.kind
    assert isinstance(shock, DollarShock)
    jpy = shock.broad_dollar_pct if shock.usdjpy_pct is None else shock.usdjpy_pct
    return ys, jpy, shock.broad_dollar_pct, shock.ramp_days, shock.kind


def shock_spec(
    shocks: Sequence[TermPremiumShock | RiskOffShock | DollarShock | PresetShock],
    horizon_days: int,
    origin: str = "scenario",
) -> ShockSpec:
    """The market model's arrays for a scenario's ``shocks``.

    Parameters
    ----------
    shocks
        Validated ``[[shocks]]`` entries.
    horizon_days
        The scenario's horizon: a shock must start inside it.
    origin
        Scenario name or file, for messages.

    Raises
    ------
    ScenarioError
        For a shock that starts on or after ``horizon_days``.
    """
    if not shocks:
        return ShockSpec.empty()
    rows = []
    for i, s in enumerate(shocks):
        if s.start_day >= horizon_days:
            raise ScenarioError(
                f"{origin}: shocks[{i}].start_day",
                s.start_day,
                f"a trading day before horizon_days={horizon_days}",
            )
        rows.append(_moves(s))
    return ShockSpec(
        yields_bp=np.array([r[0] for r in rows], dtype=np.float64),
        usdjpy_pct=np.array([r[1] for r in rows], dtype=np.float64),
        broad_dollar_pct=np.array([r[2] for r in rows], dtype=np.float64),
        start_day=np.array([s.start_day for s in shocks], dtype=np.int64),
        ramp_days=np.array([r[3] for r in rows], dtype=np.int64),
        half_life_days=np.array(
            [np.inf if s.half_life_days is None else s.half_life_days for s in shocks]
        ),
        labels=tuple(r[4] for r in rows),
    )
