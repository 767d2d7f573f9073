"""Named calibrations (overrides of the parameter tables); see docs/market.md.

Every calibration states the market-size measure its flow coefficient is normalised by
(calibration target 3) and the reference size ``market_size_ref_usd_bn`` in that measure. The
stock effect is always per share of marketable debt held by the public along the market-size
path (target 11); only ``beltran-2013`` restates it (from Beltran et al.'s long run per share of
their sample's market), and the ``stressed`` calibration changes the flow part only.
"""

from __future__ import annotations

from cardtable.params._registry import Calibration

CALIBRATIONS: tuple[Calibration, ...] = (
    Calibration(
        name="default",
        description=(
            "Kansas City Fed (2025) survey average: a USD 141bn one-month liquidation at March "
            "2025 raises yields ~57 bp; impact scales with the square root of foreign holdings"
        ),
        source=(
            "Kansas City Fed Economic Bulletin (2025), part 1; TIC Grand Total March 2025 "
            "(USD 9,054.2bn) as reference size"
        ),
        market_size_measure="foreign_holdings",
    ),
    Calibration(
        name="beltran-2013",
        description=(
            "Beltran, Kretchmer, Marquez & Thomas (2013): -USD 100bn of official inflows into "
            "notes and bonds -> 5y +40-60 bp short run, ~+20 bp long run, read per share of "
            "their sample's market (marketable debt held by the public ~USD 4tn, 1994-2010): "
            "the long run is a stock effect of ~8 bp per 1% of the market, the rest a flow "
            "effect absorbed by private investors, per dollar (KC Fed 2025 applies such "
            "coefficients to 2025 flows)"
        ),
        source=(
            "JIMF 2013 / IFDP 1041; MSPD marketable debt held by the public, June 2005: "
            "USD 4,012.6bn (us_marketable_debt_monthly; 2001-2010 mean 4,566.8bn, the 1990s "
            "smaller) as the sample's reference size"
        ),
        overrides={
            "flow_impact_bp_per_100bn": (36.0, 25.0, 50.0),
            "stock_effect_bp_per_pct": (8.0, 5.0, 12.0),
            "size_elasticity": (0.0, 0.0, 0.5),
            "market_size_ref_usd_bn": (4012.6, 4012.6, 4012.6),
        },
        market_size_measure="marketable_debt",
    ),
    Calibration(
        name="kcfed-2025-low",
        description=(
            "Low end of the Kansas City Fed survey (Wolcott 2020): ~25 bp for the USD 141bn "
            "March-2025 liquidation"
        ),
        source="Kansas City Fed Economic Bulletin (2025), chart 2 low end (Wolcott, AEA P&P 2020)",
        overrides={"flow_impact_bp_per_100bn": (26.0, 20.0, 32.0)},
        market_size_measure="foreign_holdings",
    ),
    Calibration(
        name="kcfed-2025-high",
        description=(
            "High end of the Kansas City Fed survey (Warnock & Warnock 2009): ~101 bp for the "
            "USD 141bn March-2025 liquidation"
        ),
        source=(
            "Kansas City Fed Economic Bulletin (2025), chart 2 high end (Warnock & Warnock, "
            "JIMF 2009)"
        ),
        overrides={"flow_impact_bp_per_100bn": (92.0, 75.0, 100.0)},
        market_size_measure="foreign_holdings",
    ),
    Calibration(
        name="stressed",
        description=(
            "Stressed, price-inelastic market (post-GFC heteroskedasticity-identified SVAR): "
            ">= 100 bp per USD 100bn on impact, slower absorption; the stock effect is the "
            "default's (stress is a flow phenomenon). It is the stressed market state: do not "
            "combine it with state = 'stressed'"
        ),
        source="Ahmed & Rebucci, NBER w30476 (2022): >100 bp per USD 100bn on impact",
        overrides={
            "flow_impact_bp_per_100bn": (140.0, 110.0, 180.0),
            "absorption_half_life_days": (126.0, 63.0, 252.0),
        },
        market_size_measure="foreign_holdings",
        market_state="stressed",
    ),
)
