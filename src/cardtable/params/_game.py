"""Parameters of the `game` model part (see docs/game.md).

The payoff weights are political judgements, not estimates: no study measures how much the US
administration values a dollar of tariff revenue against a dollar of its buyers' costs, or how a
holder's government weighs its exporters' losses. Their central values are the neutral 1 (a
dollar is a dollar) and their ranges are deliberately wide so that Monte Carlo results show how
much the conclusions depend on them.
"""

from __future__ import annotations

from cardtable.params._registry import Parameter

_JUDGEMENT = (
    "judgemental (no published estimate): neutral central value, wide range; see docs/game.md"
)

_WELFARE_WEIGHT = (
    "judgemental range; the central 1 is what a welfare-maximising government implies: "
    "Goldberg & Maggi (AER 1999; NBER w5942, papers.ssrn.com abstract_id=225723) estimate the "
    "US weight on welfare at 50-88 times the weight on contributions (1983); Gawande & "
    "Bandyopadhyay (REStat 2000) find a similarly large one (ageconsearch.umn.edu/record/19682)"
)

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        name="negotiation_horizon_years",
        value=4.0,
        unit="years",
        low=1.0,
        high=8.0,
        source=(
            "judgemental: a deal is assumed to hold for one US presidential term; the range runs "
            "from a one-year truce to two terms (USMCA's joint review comes after 6 years)"
        ),
        description="Years over which annual trade effects are summed into present values.",
        group="game",
    ),
    Parameter(
        name="negotiation_discount_rate_pct",
        value=4.35,
        unit="percent per year",
        low=3.0,
        high=5.5,
        source=(
            "10-year Treasury yield 4.35% on 2025-07-22, the day of the US-Japan deal "
            "(market_levels.csv, FRED DGS10); range: 10y yields of the last decade's highs"
        ),
        description="Discount rate for the present value of annual trade effects.",
        group="game",
    ),
    Parameter(
        name="us_weight_tariff_revenue",
        value=1.0,
        unit="US utility per USD of tariff revenue",
        low=0.5,
        high=1.5,
        source=(
            _WELFARE_WEIGHT + ", so revenue and buyers' costs weigh within ~2% of each other; "
            "the wide range is a judgement on a revenue-seeking administration; see docs/game.md"
        ),
        description="w_rev: how much the US administration values a dollar of tariff revenue.",
        group="game",
    ),
    Parameter(
        name="us_weight_buyer_cost",
        value=1.0,
        unit="US utility per USD of cost to US buyers",
        low=0.3,
        high=1.5,
        source=(
            _WELFARE_WEIGHT + "; the low end allows an administration that discounts its "
            "buyers' costs; see docs/game.md"
        ),
        description="w_cons: weight on the tariff's cost to US households and firms.",
        group="game",
    ),
    Parameter(
        name="us_value_per_transfer_usd",
        value=0.5,
        unit="US utility per USD transferred by the holder",
        low=0.1,
        high=1.0,
        source=(
            "judgemental: pledges such as Japan's USD 550bn investment and loan facility "
            "(2025-09-04 MOU, tariff_timeline_2025.csv) are worth less to the US than their face "
            "value (financing at market terms, uncertain disbursement); 1 = a cash transfer"
        ),
        description="v_us: value to the US of one dollar of holder transfer (cost to H is 1).",
        group="game",
    ),
    Parameter(
        name="us_weight_bond_cost",
        value=1.0,
        unit="US utility per USD of higher US borrowing and market costs",
        low=0.5,
        high=1.5,
        source=_JUDGEMENT,
        description="w_bond: weight on the engine's US cost of a sale (interest, markets).",
        group="game",
    ),
    Parameter(
        name="holder_weight_exporter_loss",
        value=1.0,
        unit="holder utility per USD of GDP lost to tariffs",
        low=0.5,
        high=2.0,
        source=(
            "judgemental: above 1 when organised exporters (autos) weigh more than their share "
            "of GDP in the holder's politics, below 1 when losses are offset by support"
        ),
        description="Political weight of the holder on its tariff-induced GDP loss.",
        group="game",
    ),
    Parameter(
        name="holder_bargaining_power",
        value=0.5,
        unit="generalised Nash bargaining weight of the holder (US: 1 - alpha)",
        low=0.2,
        high=0.8,
        source=(
            "judgemental: 0.5 is the symmetric Nash (1950) solution; the range allows the "
            "holder's weaker (alliance dependence) or stronger (patience) position"
        ),
        description="alpha: the holder's share of the bargaining surplus over the threat point.",
        group="game",
    ),
    Parameter(
        name="intervention_value_per_usd",
        value=0.5,
        unit="holder utility per USD of reserves sold to fund a wanted currency intervention",
        low=0.3,
        high=1.0,
        source=(
            "revealed preference, set from two episodes (docs/game.md): Japan sold dollar "
            "reserves to buy yen for JPY 9,188.1bn in 2022-09/10 and JPY 15,323.3bn in 2024-04/07 "
            "(japan_fx_interventions.csv, MOF via Yomiuri), so the support was worth at least its "
            "cost; the engine prices those sales (intervention-2022, intervention-2024) at a "
            "median 0.47 and 0.44 per USD; applies only to the converted sale up to the "
            "intervention a scenario says the holder wants"
        ),
        description=(
            "Benefit of executing a sale that funds currency support the holder wants anyway "
            "(Japan 2022, 2024), per USD converted."
        ),
        group="game",
    ),
    Parameter(
        name="freeze_hazard_pct_per_year",
        value=1.0,
        unit="percent chance per year that the holder's US assets are frozen",
        low=0.0,
        high=5.0,
        source=(
            "judgemental, from precedent: about USD 300bn of Russia's USD 630-640bn reserves were "
            "frozen in 2022-02 (Bozhechkova & Trunin, IEP Monitoring 2022; Siluanov 2022-03-13); "
            "Russia cut its Treasuries from 126.2 to 100.4 (2014-02 to 2014-03) and from 96.1 to "
            "14.9 (2018-03 to 2018-05) USD bn after sanctions (TIC mfhhis01, vintage 2026-03-18); "
            "applies only to holders a scenario marks as exposed to a freeze"
        ),
        description=(
            "Annual hazard of a freeze of the holder's US assets: selling (or not buying) a "
            "dollar avoids losing it with probability 1 - (1 - h)^T over the horizon."
        ),
        group="game",
    ),
    Parameter(
        name="diversification_value_bp_per_year",
        value=10.0,
        unit="bp per year of the amount moved out of Treasuries",
        low=0.0,
        high=40.0,
        source=(
            "judgemental: reserve managers have been diversifying away from the dollar (IMF COFER: "
            "USD share of allocated reserves 57.8% at 2024Q4, about 66% in 2015; Reuters "
            "2025-03-31 on COFER) and into gold; no estimate of the value per dollar exists, the "
            "range runs from none to a sizeable risk-adjusted gain"
        ),
        description=(
            "Annual value to a diversifying holder of each dollar moved out of Treasuries "
            "(sold or not bought), valued over the horizon with the annuity factor."
        ),
        group="game",
    ),
    Parameter(
        name="audience_cost_usd_bn",
        value=0.0,
        unit="USD bn the holder's government loses by backing down from an announced threat",
        low=0.0,
        high=20.0,
        source=(
            "judgemental (Fearon 1994, APSR 88(3): leaders who back down from public threats pay "
            "domestic audience costs); central 0 for a remark walked back within two days "
            "(kato-2025: remark 2025-05-02, walked back 2025-05-04)"
        ),
        description=(
            "Audience cost of backing down after announcing a threat: it raises the margin of "
            "executing an announced threat (only when announced)."
        ),
        group="game",
    ),
    Parameter(
        name="us_value_per_pledge_usd",
        value=0.3,
        unit="US utility per USD of investment pledged by the holder",
        low=0.05,
        high=0.8,
        source=(
            "judgemental: Japan's USD 550bn investment and loan facility (2025-07-22 deal, "
            "2025-09-04 MOU, tariff_timeline_2025.csv) is financing at market terms with "
            "uncertain disbursement; the US gains the projects and a profit share, not the face "
            "value"
        ),
        description="Value to the US of one USD of an investment pledge (distinct from money).",
        group="game",
    ),
    Parameter(
        name="holder_cost_per_pledge_usd",
        value=0.1,
        unit="holder utility lost per USD pledged",
        low=0.02,
        high=0.4,
        source=(
            "judgemental: a pledge is mostly lending and equity at market terms by JBIC/NEXI "
            "(2025-09-04 MOU); the holder loses the below-market part and the risk, not the "
            "face value"
        ),
        description="Cost to the holder of one USD pledged (a money transfer costs 1).",
        group="game",
    ),
)
