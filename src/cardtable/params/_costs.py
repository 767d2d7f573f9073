"""Parameters of the `costs` model part (equations and evidence in docs/costs.md)."""

from __future__ import annotations

from cardtable.params._registry import Parameter

_ETF = (
    "iShares/Vanguard Treasury ETF factsheets as summarised by thetanerd.com/bonds/treasury-etfs: "
    "SHY (1-3y) 1.9, IEI (3-7y) 4.4, VGIT (3-10y) 5.2, TLT (20y+) 16.5, VGLT (10y+) 16.0, "
    "GOVT (1-30y, no bills) 6.2 years; GOVT 6.77 in Feb 2022 (newsbreak.com)"
)
_MATURITY = (
    "Set so that the uniform-runoff profile reproduces the bundled MSPD-based facts "
    "(us_federal_debt.csv): weighted average maturity ~72 months and ~1/3 of marketable debt "
    "maturing within 12 months (both SECONDARY); notes from 2024-25 auction sizes (2y 69, 3y 58, "
    "5y 70, 7y 44, 10y 42 USD bn/month: steady-state mean remaining maturity ~3.2-3.5 years)"
)

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        name="duration_bills_years",
        value=0.3,
        unit="years (modified duration)",
        low=0.15,
        high=0.5,
        source="Bills mature within 52 weeks, most within 26 (Treasury auction schedule): "
        "modified duration ~ remaining maturity",
        description="D_b for the bills bucket",
        group="costs",
    ),
    Parameter(
        name="duration_notes_years",
        value=3.5,
        unit="years (modified duration)",
        low=2.8,
        high=4.5,
        source=f"{_ETF}: notes (0-10y remaining) sit between SHY and VGIT; with bonds at 14.5 the "
        "75:25 coupon mix reproduces GOVT's 6.2",
        description="D_b for the notes bucket (2-10y original maturity)",
        group="costs",
    ),
    Parameter(
        name="duration_bonds_years",
        value=14.5,
        unit="years (modified duration)",
        low=12.0,
        high=17.0,
        source=f"{_ETF}: bonds (20-30y original, 0-30y remaining) sit below TLT/VGLT",
        description="D_b for the bonds bucket",
        group="costs",
    ),
    Parameter(
        name="convexity_bills",
        value=0.2,
        unit="years^2",
        low=0.05,
        high=0.4,
        source="C ~ E[D^2] + E[D] over the bucket's remaining maturities (Fabozzi, Fixed "
        "Income Mathematics) with the bills duration above",
        description="C_b for the bills bucket",
        group="costs",
    ),
    Parameter(
        name="convexity_notes",
        value=18.0,
        unit="years^2",
        low=12.0,
        high=26.0,
        source="C ~ E[D^2] + E[D] for durations spread 0-8.5 years around 3.5 (Fabozzi, Fixed "
        "Income Mathematics)",
        description="C_b for the notes bucket",
        group="costs",
    ),
    Parameter(
        name="convexity_bonds",
        value=250.0,
        unit="years^2",
        low=180.0,
        high=330.0,
        source="C ~ E[D^2] + E[D] for durations spread 0-18 years around 14.5 (Fabozzi, Fixed "
        "Income Mathematics); a 30y par bond at 4.5% has ~ 330",
        description="C_b for the bonds bucket",
        group="costs",
    ),
    Parameter(
        name="official_bills_share",
        value=0.10,
        unit="share of holdings in bills",
        low=0.05,
        high=0.15,
        source="TIC Major Foreign Holders (vintage 2026-03-18): foreign official bills / foreign "
        "official total = 388.5 / 3887.0 = 10.0% (2025-12); 5.9% (2022-08), 10.7% (2025-03)",
        description="Bills share of the default official mix used for holders that do not act",
        group="costs",
    ),
    Parameter(
        name="exporter_margin_sensitivity",
        value=0.8,
        unit="share of the home-currency value of US-bound exports lost per 1 of appreciation",
        low=0.5,
        high=0.95,
        source="Japan's exports to the US are ~85% invoiced in USD (Japan Customs invoice-"
        "currency statistics; Ito, Koibuchi, Sato & Shimizu 2018) and priced to market within a "
        "year; Toyota: ~JPY 38-62bn of operating profit per yen (literature.md 3.5)",
        description="How much of an appreciation of the home currency hits exporters' margins",
        group="costs",
    ),
    Parameter(
        name="mortgage_pass_through",
        value=1.0,
        unit="bp of 30y mortgage rate per bp of 10y Treasury",
        low=0.7,
        high=1.2,
        source="30y fixed mortgage rates are priced at a spread over the 10y Treasury; the "
        "spread widens with rate volatility (MBA April 2025 forecast commentary, newslink.mba.org)",
        description="Pass-through of the 10y change to new mortgage rates",
        group="costs",
    ),
    Parameter(
        name="mortgage_originations_usd_bn_per_year",
        value=2000.0,
        unit="USD bn per year",
        low=1700.0,
        high=2300.0,
        source="Mortgage Bankers Association: USD 1.79tn expected for 2024 (Oct 2024); 2025 "
        "forecast USD 2.055tn (Feb 2025) and 2.3tn (Oct 2024)",
        description="A year of new US mortgage originations (purchase + refinance)",
        group="costs",
    ),
    Parameter(
        name="bills_wam_years",
        value=0.3,
        unit="years (mean remaining maturity)",
        low=0.2,
        high=0.45,
        source=_MATURITY,
        description="Bills roll over within the year at new rates",
        group="costs",
    ),
    Parameter(
        name="notes_wam_years",
        value=3.4,
        unit="years (mean remaining maturity)",
        low=2.8,
        high=4.0,
        source=_MATURITY,
        description="Notes mature uniformly over 0 to twice this",
        group="costs",
    ),
    Parameter(
        name="bonds_wam_years",
        value=19.0,
        unit="years (mean remaining maturity)",
        low=15.0,
        high=22.0,
        source=_MATURITY,
        description="Bonds mature uniformly over 0 to twice this (a stand-in for the first-decade "
        "runoff, ~2.6% of the stock a year)",
        group="costs",
    ),
    Parameter(
        name="tips_wam_years",
        value=7.5,
        unit="years (mean remaining maturity)",
        low=6.0,
        high=9.0,
        source=_MATURITY + "; TIPS are issued at 5, 10 and 30 years",
        description="TIPS reprice (real rate) as they mature",
        group="costs",
    ),
    Parameter(
        name="deficit_growth_pct_per_year",
        value=3.5,
        unit="% per year",
        low=0.0,
        high=6.0,
        source="CBO, The Budget and Economic Outlook: 2025 to 2035 (Jan 2025): deficit USD 1.9tn "
        "in FY2025 rising to 2.7tn in FY2035 (~3.6% a year)",
        description="Growth of the primary borrowing need after the latest deficit",
        group="costs",
    ),
    Parameter(
        name="avg_interest_rate_pct",
        value=3.36,
        unit="% per year",
        low=3.0,
        high=4.0,
        source="fiscaldata.treasury.gov Average Interest Rates on U.S. Treasury Securities, total "
        "marketable 3.362% (May 2025), us_federal_debt.csv",
        description="Average rate paid on the extra debt created by the extra interest",
        group="costs",
    ),
    Parameter(
        name="discount_rate_pct",
        value=3.5,
        unit="% per year (nominal)",
        low=3.0,
        high=4.5,
        source="CBO baseline (January 2025, spreadsheet copy cited in literature.md 3.5): average "
        "interest rate on debt held by the public 3.2% (2025) rising to 3.6% (2035), 3.49% on "
        "average over 2026-2035; low end the Treasury average rate on marketable debt 3.36% "
        "(May 2025, fiscaldata), high end the 10y yield of 2025 (~4.5%, H.15)",
        description="Discount rate of the present values of multi-year costs (the government's "
        "cost of funds)",
        group="costs",
    ),
)
