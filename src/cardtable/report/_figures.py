"""Plotly figure specifications (plain ``{"data", "layout"}`` dicts) for every result.

The same specifications are inlined in the HTML report and returned by the web API, where the
browser draws them with the plotly.js shipped in the ``plotly`` package. Only formats result
objects; never re-runs a model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cardtable._quantiles import day_quantiles, quantiles
from cardtable._typing import TENORS, Float32Array, FloatArray
from cardtable.views._frames import business_dates, cost_unit

if TYPE_CHECKING:
    from cardtable.engine import SimulationResult
    from cardtable.leverage import CoalitionResult, ScenarioNegotiation

__all__ = [
    "Figure",
    "coalition_figures",
    "fan_figure",
    "history_figure",
    "negotiation_figures",
    "simulation_figures",
]

Figure = dict[str, Any]
_BLUE, _MID, _LIGHT = "#1f4e79", "rgba(31,78,121,0.30)", "rgba(31,78,121,0.14)"
_ORANGE, _GREY = "#c55a11", "#7f7f7f"
_TOP_LINES = 14


def _r(values: Any, digits: int = 4) -> list[float | None]:
    arr = np.round(np.asarray(values, dtype=np.float64), digits)
    return [None if not np.isfinite(v) else float(v) for v in arr]


def _layout(title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    x_titled = bool(extra.get("xaxis", {}).get("title"))
    return {
        "title": {"text": title, "font": {"size": 15}},
        "yaxis": {"title": {"text": y_title}, "zeroline": True},
        "margin": {"l": 70, "r": 20, "t": 50, "b": 95 if x_titled else 50},
        "height": 360,
        # below the x-axis title when there is one
        "legend": {"orientation": "h", "y": -0.32 if x_titled else -0.18},
        "hovermode": "x unified",
        **extra,
    }


def fan_figure(
    fig_id: str, paths: Float32Array | FloatArray, x: Sequence[str], title: str, unit: str
) -> Figure:
    """A fan chart: p5-p95 and p25-p75 bands and the median of ``(D, T)`` paths."""
    # a block of days at a time: no float64 copy of all the paths (200 MB per tenor at
    # 100,000 draws); the same figures as one call on the whole array
    q = day_quantiles(paths, (5.0, 25.0, 50.0, 75.0, 95.0), dtype=np.float64)
    return fan_figure_of(fig_id, q, x, title, unit)


def fan_figure_of(fig_id: str, q: FloatArray, x: Sequence[str], title: str, unit: str) -> Figure:
    """A fan chart from ``(5, T)`` day-by-day p5, p25, p50, p75, p95."""
    xs = list(x)

    def line(y: FloatArray, name: str, **kw: Any) -> dict[str, Any]:
        return {"type": "scatter", "mode": "lines", "x": xs, "y": _r(y), "name": name, **kw}

    hidden = {"line": {"width": 0}, "showlegend": False, "hoverinfo": "skip"}
    data = [
        line(q[4], "p95", **hidden),
        line(q[0], "p5-p95", fill="tonexty", fillcolor=_LIGHT, line={"width": 0}),
        line(q[3], "p75", **hidden),
        line(q[1], "p25-p75", fill="tonexty", fillcolor=_MID, line={"width": 0}),
        line(q[2], "median", line={"color": _BLUE, "width": 2}),
    ]
    return {"id": fig_id, "data": data, "layout": _layout(title, unit)}


def _bar_q(
    labels: Sequence[str], qs: Sequence[Mapping[str, float]], name: str, color: str
) -> dict[str, Any]:
    p50 = np.array([q["p50"] for q in qs])
    return {
        "type": "bar",
        "orientation": "h",
        "y": list(labels),
        "x": _r(p50),
        "name": name,
        "marker": {"color": color},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": _r(np.array([q["p95"] for q in qs]) - p50),
            "arrayminus": _r(p50 - np.array([q["p5"] for q in qs])),
            "color": "#333",
        },
    }


def _who_pays(result: SimulationResult, pv: Mapping[str, FloatArray]) -> list[Figure]:
    costs = result.costs_usd_bn
    qs = {line: quantiles(v) for line, v in costs.items()}
    nonzero = [k for k in qs if max(abs(qs[k]["p5"]), abs(qs[k]["p95"])) > 0]
    ranked = sorted(nonzero, key=lambda k: -abs(qs[k]["p50"]))[:_TOP_LINES]
    stock = [k for k in ranked if cost_unit(k) == "usd_bn"]
    flow = [k for k in ranked if cost_unit(k) == "usd_bn_per_year"]
    shown = len(stock) + len(flow)
    figs: list[Figure] = [
        {
            "id": "who_pays",
            "data": [
                _bar_q(stock, [qs[k] for k in stock], "stock: lost once", _BLUE),
                _bar_q(flow, [qs[k] for k in flow], "flow: per year", _ORANGE),
            ],
            "layout": _layout(
                f"Who pays (USD bn, loss > 0): median, p5-p95; {shown} largest non-zero lines",
                "",
                xaxis={"title": {"text": "USD bn"}},
                yaxis={"automargin": True, "autorange": "reversed"},
                height=max(340, 28 * shown + 170),
                hovermode="closest",
                barmode="group",
            ),
        }
    ]
    years = [
        ("us_federal_interest_1y", 1),
        ("us_federal_interest_5y", 5),
        ("us_federal_interest_10y", 10),
    ]
    if all(k in costs for k, _ in years):
        xs = [0] + [y for _, y in years]
        band = [[0.0] + [qs[k][p] for k, _ in years] for p in ("p5", "p50", "p95")]
        figs.append(
            {
                "id": "us_interest_cumulative",
                "data": [
                    {
                        "type": "scatter",
                        "mode": "lines",
                        "x": xs,
                        "y": _r(band[2]),
                        "line": {"width": 0},
                        "showlegend": False,
                        "hoverinfo": "skip",
                    },
                    {
                        "type": "scatter",
                        "mode": "lines",
                        "x": xs,
                        "y": _r(band[0]),
                        "fill": "tonexty",
                        "fillcolor": _LIGHT,
                        "line": {"width": 0},
                        "name": "p5-p95",
                    },
                    {
                        "type": "scatter",
                        "mode": "lines+markers",
                        "x": xs,
                        "y": _r(band[1]),
                        "line": {"color": _BLUE, "width": 2},
                        "name": "median",
                    },
                ],
                "layout": _layout(
                    "US federal interest cost, cumulative (USD bn)",
                    "USD bn",
                    xaxis={"title": {"text": "years after the start"}},
                ),
            }
        )
    if pv:
        labels = list(pv)
        figs.append(
            {
                "id": "present_values",
                "data": [
                    _bar_q(labels, [quantiles(pv[k]) for k in labels], "present value", _BLUE)
                ],
                "layout": _layout(
                    "Present value over the negotiation horizon (USD bn): median, p5-p95",
                    "",
                    xaxis={"title": {"text": "USD bn"}},
                    yaxis={"automargin": True},
                    hovermode="closest",
                    height=340,
                ),
            }
        )
    return figs


def simulation_figures(
    result: SimulationResult, pv: Mapping[str, FloatArray] | None = None
) -> list[Figure]:
    """Fan charts for every tenor and currency, the backstop, and who pays."""
    result.require_paths("the report's fan charts")
    dates = [d.strftime("%Y-%m-%d") for d in business_dates(result.as_of, result.horizon_days)]
    name = result.scenario
    # day quantiles shared with the paths table (SimulationResult.path_quantiles)
    figs = [
        fan_figure_of(
            f"yield_{t}",
            result.path_quantiles(f"yield_{t}"),
            dates,
            f"{name}: US {t} Treasury yield change",
            "bp",
        )
        for t in TENORS
    ]
    figs.append(
        fan_figure_of(
            "usdjpy",
            result.path_quantiles("usdjpy"),
            dates,
            f"{name}: USD/JPY change (negative = stronger yen)",
            "%",
        )
    )
    figs.append(
        fan_figure_of(
            "broad_dollar",
            result.path_quantiles("broad_dollar"),
            dates,
            f"{name}: broad dollar index change",
            "%",
        )
    )
    if float(np.max(result.backstop_usd_bn, initial=0.0)) > 0:
        figs.append(
            fan_figure_of(
                "backstop",
                result.path_quantiles("backstop"),
                dates,
                f"{name}: central-bank backstop purchases, cumulative",
                "USD bn",
            )
        )
    return figs + _who_pays(result, pv or {})


def negotiation_figures(result: ScenarioNegotiation) -> list[Figure]:
    """Threat point against the deal, the credibility margin, and the threats' probabilities."""
    d = result.to_dict()
    n = result.negotiation
    parties = [("holder", result.holder), ("us", "United States")]
    data = [
        _bar_q(
            [lab for _, lab in parties],
            [d["threat_point_usd_bn"][p] for p, _ in parties],
            "threat point (no deal)",
            _GREY,
        ),
        _bar_q(
            [lab for _, lab in parties], [d["payoffs_usd_bn"][p] for p, _ in parties], "deal", _BLUE
        ),
    ]
    figs: list[Figure] = [
        {
            "id": "negotiation_payoffs",
            "data": data,
            "layout": _layout(
                f"{result.scenario}: payoffs at the threat point and at the deal (USD bn)",
                "",
                xaxis={"title": {"text": "USD bn (payoff relative to the status quo)"}},
                yaxis={"automargin": True},
                barmode="group",
                hovermode="closest",
                height=340,
            ),
        }
    ]
    sell = [i for i, lab in enumerate(n.holder_threats) if lab.startswith("sell")]
    i = sell[0] if sell else 0
    margin = n.credibility.margin_usd_bn[:, i]
    figs.append(
        {
            "id": "credibility",
            "data": [
                {
                    "type": "histogram",
                    "x": _r(margin, 3),
                    "nbinsx": 50,
                    "marker": {"color": _BLUE},
                    "name": "draws",
                }
            ],
            "layout": _layout(
                f"Credibility margin of '{n.holder_threats[i]}' (>= 0: credible); credible in "
                f"{100 * d['credible_probability']:.1f}% of draws",
                "draws",
                xaxis={"title": {"text": "USD bn"}},
                hovermode="closest",
            ),
        }
    )
    probs: dict[str, float] = {
        "agreement": d["agreement_probability"],
        "threat credible": d["credible_probability"],
    }
    if result.threat_probability:
        probs["announced (implied) probability of a sale"] = result.threat_probability
    for label, v in d["us_threats"].items():
        probs[f"US chooses '{label}'"] = v["chosen_probability"]
    figs.append(
        {
            "id": "negotiation_probabilities",
            "data": [
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": list(probs),
                    "x": _r(list(probs.values())),
                    "marker": {"color": _BLUE},
                }
            ],
            "layout": _layout(
                "Probabilities (share of draws; announced probability as given)",
                "",
                xaxis={"range": [0, 1]},
                yaxis={"automargin": True},
                hovermode="closest",
                height=80 + 34 * len(probs),
            ),
        }
    )
    figs.append(
        {
            "id": "deal_tariff",
            "data": [
                {
                    "type": "histogram",
                    "x": _r(n.deal_tariff_pct, 3),
                    "nbinsx": 41,
                    "marker": {"color": _ORANGE},
                    "name": "draws",
                }
            ],
            "layout": _layout(
                "Deal tariff across draws (%)",
                "draws",
                xaxis={"title": {"text": "all-in tariff, %"}},
                hovermode="closest",
            ),
        }
    )
    return figs


def coalition_figures(result: CoalitionResult, top: int = 15) -> list[Figure]:
    """Shapley shares of the largest holders and the value of a coordinated sale by size."""
    frame = result.to_frame().head(top)
    return [
        {
            "id": "coalition_shares",
            "data": [
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": list(frame["country"]),
                    "x": _r(frame["share_pct"]),
                    "marker": {"color": _BLUE},
                    "customdata": _r(frame["value_usd_bn"]),
                    "hovertemplate": "%{y}: %{x:.2f}% (USD %{customdata:.1f}bn)<extra></extra>",
                }
            ],
            "layout": _layout(
                f"Share of the creditors' leverage at {result.as_of} (exact Shapley values, %)",
                "",
                xaxis={"title": {"text": "% of the grand coalition's value"}},
                yaxis={"automargin": True, "autorange": "reversed"},
                hovermode="closest",
                height=120 + 26 * len(frame),
            ),
        },
        {
            "id": "coalition_value",
            "data": [
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": _r(result.grid_sales_usd_bn),
                    "y": _r(result.grid_value_usd_bn),
                    "line": {"color": _BLUE},
                }
            ],
            "layout": _layout(
                "US cost of a coordinated sale by its size (USD bn)",
                "USD bn",
                xaxis={"title": {"text": "sale, USD bn"}},
            ),
        },
    ]


def history_figure(country: str, months: Sequence[str], values: Sequence[float]) -> Figure:
    """A holder's holdings over time."""
    return {
        "id": "history",
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "x": list(months),
                "y": _r(values, 1),
                "line": {"color": _BLUE},
                "name": country,
            }
        ],
        "layout": _layout(f"{country}: US Treasury holdings (TIC, USD bn)", "USD bn"),
    }
