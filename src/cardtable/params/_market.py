"""Parameters of the `market` model part (equations and evidence in docs/market.md).

The flow coefficient is stated in bp per USD 100bn at a reference market size ``M_ref``
(``market_size_ref_usd_bn``, measured in the calibration's ``market_size_measure``); the effective
coefficient at the as-of month is ``coef * (M_ref / M_asof) ** size_elasticity``. The stock effect
is stated per 1% of marketable debt held by the public along the market-size path ``M[t]``.
"""

from __future__ import annotations

from cardtable.params._registry import Parameter

_KCFED = (
    "Kansas City Fed Economic Bulletin (2025), 'The changing investor composition of US "
    "Treasuries, part 1': 1 s.d. monthly liquidation (~USD 141bn, 1.87% of foreign holdings, "
    "March 2025) raises yields 57 bp on average, range 25-101 bp across TIC studies"
)
_BELTRAN = (
    "Beltran, Kretchmer, Marquez & Thomas, JIMF 2013 (IFDP 1041): -USD 100bn of foreign official "
    "inflows into notes and bonds in a month -> 5y +40-60 bp short run, ~+20 bp long run"
)

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        name="flow_impact_bp_per_100bn",
        value=54.0,
        unit="bp on the 5y per USD 100bn of notes sold, at M_ref, on the day (transient part)",
        low=30.0,
        high=80.0,
        source=(
            f"{_KCFED}. Central value set so that a USD 141bn one-month liquidation in the "
            "official mix at March 2025 averages ~57 bp across 2y/5y/10y/30y (target 2), the "
            "stock effect included; D'Amico & King (FEDS 2010-52): each purchase operation moved "
            "its sector 3.5 bp on the day (the flow effect)"
        ),
        description=(
            "Flow (price-pressure) coefficient beta_flow: the part of the impact that private "
            "investors absorb with the absorption half-life"
        ),
        group="market",
    ),
    Parameter(
        name="stock_effect_bp_per_pct",
        value=5.0,
        unit="bp on the 5y per 1% of marketable debt held by the public, notes sold",
        low=2.0,
        high=10.0,
        source=(
            "D'Amico & King (FEDS 2010-52 / 2012-44): USD 300bn of coupons in 2009 (~5% of "
            "marketable debt) lowered intermediate yields 20-30 bp persistently (4-6 bp per 1%), "
            "up to 50 bp in the 10-15y sector (10 per 1%); Laubach (JEEA 2009): 3-4 bp per point "
            "of projected debt/GDP (debt ~ GDP in 2025: 3-4 bp per 1% of the market); Engen & "
            "Hubbard (NBER Macro Annual 2004): ~2 bp per point of debt/GDP"
        ),
        description=(
            "Stock (permanent) effect gamma: bp per 1% of marketable debt the private sector "
            "must absorb, measured against the market size when the effect is felt"
        ),
        group="market",
    ),
    Parameter(
        name="absorption_half_life_days",
        value=63.0,
        unit="trading days",
        low=21.0,
        high=189.0,
        source=(
            f"{_BELTRAN} (short run = month of the flow; long run once foreign private investors "
            "respond). Martin (FDIC/JHU 2014, SSRN 2534430): effects peak within ~1 year. "
            "The stored abstracts give no speed: 1-9 months covers both readings"
        ),
        description="Half-life of the transient (short-run minus long-run) impact",
        group="market",
    ),
    Parameter(
        name="market_size_ref_usd_bn",
        value=9054.2,
        unit="USD bn, in the calibration's market-size measure",
        low=9054.2,
        high=9054.2,
        source=(
            "US Treasury TIC Major Foreign Holders, Grand Total March 2025 (mfhhis01.txt, vintage "
            "2026-03-18): the date at which the KC Fed survey states its 1 s.d. shock"
        ),
        description="Market size M_ref at which the impact coefficients are stated",
        group="market",
        dist="fixed",
    ),
    Parameter(
        name="size_elasticity",
        value=0.5,
        unit="elasticity of impact to market size (0 = per dollar, 1 = per share)",
        low=0.0,
        high=1.0,
        source=(
            "Calibration targets 1-3: TIC studies estimate per-dollar effects (KC Fed 2025 applies "
            "them to 2025 flows), portfolio-balance theory scales with the market's risk-bearing "
            "capacity (per share); 0.5 is the square-root impact law (Toth et al., PRX 2011) "
            "for the flow part; the stock part is per share of marketable debt by construction"
        ),
        description="Exponent e in (M_ref / M_asof) ** e (flow part only)",
        group="market",
        dist="uniform",
    ),
    Parameter(
        name="stop_buying_ratio",
        value=0.5,
        unit="effect of USD 1 of forgone purchases / effect of USD 1 sold",
        low=0.3,
        high=0.7,
        source=(
            "Warnock & Warnock, NBER w12560 and NBER Digest Nov 2006: zero accumulation for a "
            "year ~ +100 bp, a reversal of similar size doubles that"
        ),
        description="Stop-buying is a forgone purchase with a smaller effect than a sale",
        group="market",
    ),
    Parameter(
        name="bills_impact_ratio",
        value=0.3,
        unit="effect of USD 1 of bills / USD 1 of notes at the same tenor",
        low=0.1,
        high=0.6,
        source=(
            "Wolcott (AEA P&P 2020): official flows move short/medium rates; OppenheimerFunds "
            "note: reserve managers would sell bills, absorbed by money funds with little yield "
            "effect; IMF WP/17/174: 1.5-1.8 bp per USD 100bn on the 2-3y term premium"
        ),
        description="Scales the bills column of the tenor loadings (bills are near-money)",
        group="market",
    ),
    Parameter(
        name="stress_impact_mult",
        value=2.5,
        unit="multiplier on beta_flow in the stressed state",
        low=1.5,
        high=4.0,
        source=(
            "Ahmed & Rebucci, NBER w30476 (2022): >100 bp per USD 100bn on impact post-GFC vs "
            "19-44 bp with naive identification (ratio 2.3-5)"
        ),
        description="State 'stressed': the flow impact is larger (the stock effect is not)",
        group="market",
    ),
    Parameter(
        name="stress_half_life_mult",
        value=2.0,
        unit="multiplier on the absorption half-life in the stressed state",
        low=1.0,
        high=3.0,
        source=(
            "Literature.md 1.4: effects are larger and longer when dealers are balance-sheet "
            "constrained (March 2020, April 2025); KC Fed part 2: more price-sensitive buyers"
        ),
        description="State 'stressed': private investors absorb more slowly",
        group="market",
    ),
    Parameter(
        name="announcement_half_life_days",
        value=1.5,
        unit="trading days",
        low=0.5,
        high=5.0,
        source=(
            "Hashimoto (1997) and Kato (2025) remarks: a market flinch followed by a walk-back "
            "within 1-2 days (literature.md 4.1)"
        ),
        description="Half-life of the announcement premium p * E[impact | execute]",
        group="market",
    ),
    Parameter(
        name="fx_impact_jpy_pct_per_usd_bn",
        value=0.068,
        unit="% move in JPY per USD, same day, per USD bn converted",
        low=0.045,
        high=0.10,
        source=(
            "MOF interventions (japan_fx_interventions.csv) vs H.10 noon fixes (market_levels.csv):"
            " 22 Sep 2022 -1.4% for USD 19.7bn, 21 Oct 2022 -2.3% for 37.5bn, 1 May 2024 -2.5% for"
            " 24.5bn, 11 Jul 2024 -1.9% for 19.6bn (0.061-0.10 %/bn)"
        ),
        description="Day-of impact of converting USD proceeds into yen (intervention channel)",
        group="market",
    ),
    Parameter(
        name="fx_persistent_share",
        value=0.35,
        unit="share of the day-of FX move that is permanent",
        low=0.15,
        high=0.5,
        source=(
            "Takagi (2014) review: effects short-lived with reversal on subsequent days; noon "
            "fixes: 2022-09 fully reversed in 6 days, 2022-10 ~70% in 1 day; Adler, Lisack & "
            "Mano (IMF WP 15/130): 1% of GDP -> 1.7-2.0% 'quite persistent' (cross-check)"
        ),
        description="rho: the part of the FX impact that does not reverse",
        group="market",
    ),
    Parameter(
        name="fx_reversal_half_life_days",
        value=2.0,
        unit="trading days",
        low=1.0,
        high=4.0,
        source=(
            "Calibration target 7: half or more of the day-of move reversed within 1-5 trading "
            "days (MOF 2022/2024 episodes, H.10 noon fixes)"
        ),
        description="Half-life of the transient FX impact",
        group="market",
    ),
    # ---- shocks and currencies (issue 9, items 3-4) ----
    Parameter(
        name="fx_depth_elasticity",
        value=0.5,
        unit="elasticity of FX impact per USD bn to (turnover_JPY / turnover_cur)",
        low=0.3,
        high=0.8,
        source=(
            "Square-root impact law (Toth et al., PRX 2011): impact ~ sigma * sqrt(Q / V), so at "
            "equal volatility the impact of a given amount scales with turnover ** -0.5 (0.5). "
            "Cross-check: Adler, Lisack & Mano (IMF WP 15/130) state impact per % of GDP "
            "(1.7-2.0%); applied to Korea (GDP ~USD 1.7-1.9tn, IMF WEO) and Japan (~4.2tn) it "
            "implies a KRW/JPY impact ratio of ~2.2-2.5 against a turnover ratio of 8.8 "
            "(BIS 2022), "
            "an elasticity of ~0.37-0.42 (low end). 1 (impact inversely proportional to turnover) "
            "made a USD 50bn won conversion move the broad dollar as much as USD 300bn into yen"
        ),
        description=(
            "beta in g_cur = (turnover_JPY / turnover_cur) ** beta: how much more a USD bn "
            "converted into a thinner currency moves it than the yen"
        ),
        group="market",
    ),
    Parameter(
        name="debt_growth_after_cbo_pct_per_year",
        value=5.0,
        unit="% per year, marketable debt after FY2035",
        low=5.0,
        high=5.0,
        source=(
            "CBO baseline (January 2025): debt held by the public +5.0% in FY2035 (USD 49,556bn "
            "to 52,056bn); CBO Long-Term Budget Outlook 2025-2055 (March 2025): debt/GDP 118% in "
            "2035 to 156% in 2055 (+1.4% a year relative to GDP, ~3.8% nominal GDP growth: "
            "~5.2%). Fixed: the market-size path is common to all draws; 3.5-6.5 is plausible"
        ),
        description="Growth of the market-size path M[t] after CBO's ten-year baseline",
        group="market",
        dist="fixed",
    ),
)
