"""Parameters of the `trade` model part (see docs/trade.md).

Partial-equilibrium tariff response per sector: import-demand elasticity (short and long run),
tariff incidence (one pass-through share, with a sector value for autos), and the mapping from
the exporter's losses to the holder's GDP (domestic value-added share, indirect multiplier).
"""

from __future__ import annotations

from cardtable.params._registry import Parameter

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        name="import_demand_elasticity_sr",
        value=-0.76,
        unit="d ln(import quantity) / d ln(duty-paid price), first year",
        low=-1.3,
        high=-0.5,
        source=(
            "Boehm, Levchenko & Pandalai-Nayar (AER 2023): tariff elasticity of trade flows "
            "-0.76 in year one (WP version -0.7); low end: Amiti, Redding & Weinstein (JEP 2019) "
            "1% tariff -> imports -1.3% (log specification)"
        ),
        description="US import demand response to the duty-paid price in the first year.",
        group="trade",
    ),
    Parameter(
        name="import_demand_elasticity_lr",
        value=-2.0,
        unit="d ln(import quantity) / d ln(duty-paid price), long run",
        low=-2.25,
        high=-1.75,
        source=(
            "Boehm, Levchenko & Pandalai-Nayar (AER 2023): long-run tariff elasticity -1.75 to "
            "-2.25, reached after 7-10 years"
        ),
        description="US import demand response to the duty-paid price in the long run.",
        group="trade",
    ),
    Parameter(
        name="passthrough_share",
        value=0.95,
        unit="share of the tariff borne by US buyers (1 = full pass-through)",
        low=0.7,
        high=1.0,
        source=(
            "2018-19 tariffs: complete pass-through to duty-paid import prices (Amiti, Redding & "
            "Weinstein JEP 2019; Fajgelbaum, Goldberg, Kennedy & Khandelwal QJE 2020; Cavallo, "
            "Gopinath, Neiman & Tang AER:I 2021 near-complete at the border); the low end allows "
            "partial absorption by exporters of non-auto goods in 2025 (judgemental)"
        ),
        description=(
            "Tariff incidence for every sector except autos: the duty-paid price moves by this "
            "share of the tariff change (in logs), the exporter's price by the rest."
        ),
        group="trade",
    ),
    Parameter(
        name="passthrough_share_autos",
        value=0.02,
        unit="share of the tariff borne by US buyers (1 = full pass-through)",
        low=0.0,
        high=0.3,
        source=(
            "BOJ corporate goods price index: Japanese car export prices to North America -19.4% "
            "y/y in June 2025 with volumes roughly flat, under a 27.5% instead of 2.5% tariff: "
            "1 - ln(1/0.806)/ln(1.275/1.025) = 0.01 (cbtnews.com; japannews.yomiuri.co.jp "
            "2025-07-17); high end: Cox Automotive US new-vehicle prices +3% y/y by June 2025"
        ),
        description="Tariff incidence for autos and parts (Japanese exporters absorbed in 2025).",
        group="trade",
    ),
    Parameter(
        name="export_va_share",
        value=0.85,
        unit="domestic value added per USD of gross exports",
        low=0.75,
        high=0.9,
        source=(
            "OECD TiVA, domestic value-added content of gross exports (EXGR_DVASH) for Japan: "
            "about 0.8-0.9 in recent editions [U: recalled, table not retrieved]; lower for "
            "China's processing trade"
        ),
        description=(
            "Value added lost per USD of export volume lost (price absorption by exporters is "
            "lost value added one for one)."
        ),
        group="trade",
    ),
    Parameter(
        name="gdp_indirect_multiplier",
        value=1.7,
        unit="total first-year GDP loss per USD of direct value-added loss",
        low=1.2,
        high=2.4,
        source=(
            "judgemental: the low end is a domestic supply-chain and income multiplier only; the "
            "high end adds third-country spillovers and investment cuts (Daiwa Institute of "
            "Research 2025 includes US-China spillover and lower capital investment). Checked, "
            "not fitted, against the NRI and Daiwa first-year ranges of target 9"
        ),
        description=(
            "Indirect channel: suppliers, incomes, investment and third-country exports hit by "
            "the same tariffs, scaling the direct value-added loss to a GDP effect."
        ),
        group="trade",
    ),
)
