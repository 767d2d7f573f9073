"""Episode files and the flows and observed paths derived from the data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cardtable import data
from cardtable.backtest import episode_data, episode_names, load_episode, parse_episode
from cardtable.data.loaders import read_fred
from cardtable.errors import ScenarioError, UnknownNameError

REQUIRED = {
    "japan-2022",
    "japan-2024-apr",
    "japan-2024-jul",
    "dash-for-cash-2020",
    "qe2-2010",
    "taper-tantrum-2013",
    "japan-2003-04",
}


def test_every_required_episode_is_bundled_and_valid() -> None:
    names = episode_names()
    assert set(names) >= REQUIRED
    starts = [load_episode(n).start for n in names]
    assert starts == sorted(starts)
    for name in names:
        ep = load_episode(name)
        assert ep.name == name
        assert ep.sources
        assert all(f.source and f.label for f in ep.flows)
        assert ep.end > ep.start
        assert ep.state == "normal" or ep.state_source
    assert load_episode("taper-tantrum-2013").flows == ()  # no flows: all residual


def test_episode_file_by_path(tmp_path: Path) -> None:
    text = (
        'name = "mine"\ntitle = "t"\ndescription = "d"\nstart = "2024-07-01"\n'
        'end = "2024-07-31"\nsources = ["s"]\n'
    )
    path = tmp_path / "mine.toml"
    path.write_text(text)
    assert load_episode(path).name == "mine"
    with pytest.raises(UnknownNameError, match="episode: 'nope'"):
        load_episode("nope")


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (("start", '"2024-13-01"'), "x.toml: start: '2024-13-01' is not allowed; a date"),
        (("end", '"2024-06-01"'), "x.toml: end: '2024-06-01' is not allowed; a date after start"),
        (("state", '"panic"'), "x.toml: state: 'panic' is not allowed"),
        (("state", '"stressed"'), "x.toml: state_source"),
    ],
)
def test_bad_fields_are_named(edit: tuple[str, str], match: str) -> None:
    fields = {
        "name": '"x"',
        "title": '"t"',
        "description": '"d"',
        "start": '"2024-07-01"',
        "end": '"2024-07-31"',
        "sources": '["s"]',
    }
    fields[edit[0]] = edit[1]
    text = "\n".join(f"{k} = {v}" for k, v in fields.items())
    with pytest.raises(ScenarioError, match=match):
        parse_episode(text, origin="x.toml")


def test_bad_flow_kind_is_named() -> None:
    text = (
        'name = "x"\ntitle = "t"\ndescription = "d"\nstart = "2024-07-01"\nend = "2024-07-31"\n'
        'sources = ["s"]\n[[flows]]\nkind = "rumour"\nlabel = "l"\nsource = "s"\n'
    )
    with pytest.raises(ScenarioError, match=r"x\.toml: flows\[0\]\.kind: 'rumour'"):
        parse_episode(text, origin="x.toml")


def _component(ed: object, label: str) -> object:
    return next(c for c in ed.components if c.label == label)  # type: ignore[attr-defined]


def test_tic_flows_come_from_the_data(empty_home: Path) -> None:
    ed = episode_data(load_episode("japan-2022"))
    japan = data.holdings_history("japan").series
    tic = _component(ed, "Japan TIC change")
    want = {
        m: round(japan[m] - japan[p], 1)
        for m, p in (("2022-09", "2022-08"), ("2022-10", "2022-09"))
    }
    assert tic.detail["tic_change_usd_bn"] == want  # type: ignore[attr-defined]
    # a fall in holdings is a sale, spread over the trading days of its month
    assert tic.sold_usd_bn == pytest.approx(-(japan["2022-10"] - japan["2022-08"]))  # type: ignore[attr-defined]
    sep = ed.dates.month == 9
    daily = tic.net_sell_usd_bn.sum(axis=1)  # type: ignore[attr-defined]
    assert np.allclose(daily[sep], daily[sep][0])
    assert daily[sep].sum() == pytest.approx(-(japan["2022-09"] - japan["2022-08"]))


def test_intervention_amounts_are_the_mof_figures(empty_home: Path) -> None:
    ed = episode_data(load_episode("japan-2022"))
    mof = _component(ed, "MOF yen buying")
    facts = data.load_fact("japan_fx_interventions")
    daily = facts[(facts["granularity"] == "daily") & facts["date_start"].str.startswith("2022")]
    assert set(mof.detail["daily"]) == set(daily["date_start"])  # type: ignore[attr-defined]
    yen = data.daily_series("DEXJPUS")
    want = sum(
        jpy / yen[:d].iloc[-1]
        for d, jpy in zip(daily["date_start"], daily["amount_jpy_bn"], strict=True)
    )
    assert mof.converted_to_jpy_usd_bn == pytest.approx(want)  # type: ignore[attr-defined]
    assert mof.sold_usd_bn == 0.0  # type: ignore[attr-defined]
    # 22 Sep + 21 Oct + 24 Oct 2022: JPY 9,188bn, the episode total in the facts (to rounding)
    total = facts[facts["granularity"] == "episode_total"]["amount_jpy_bn"].iloc[0]
    assert daily["amount_jpy_bn"].sum() == pytest.approx(total, abs=0.15)


def test_fed_purchases_are_negative_sales(empty_home: Path) -> None:
    ed = episode_data(load_episode("dash-for-cash-2020"))
    fed = _component(ed, "Fed purchases")
    # H.4.1 Wednesday levels 2020-03-11 and 2020-04-29 (USD mn): 2,523,031 and 3,971,419
    assert fed.sold_usd_bn == pytest.approx(-(3971.419 - 2523.031))  # type: ignore[attr-defined]
    assert fed.net_sell_usd_bn[:, 0].sum() == 0.0  # coupons only  # type: ignore[attr-defined]
    qe2 = _component(episode_data(load_episode("qe2-2010")), "Fed QE2 purchases")
    assert qe2.sold_usd_bn == pytest.approx(-600.0)  # type: ignore[attr-defined]


def test_dollar_buying_is_a_negative_conversion(empty_home: Path) -> None:
    ed = episode_data(load_episode("japan-2003-04"))
    for label in ("MOF dollar buying 2003", "MOF dollar buying 2004Q1"):
        assert _component(ed, label).converted_to_jpy_usd_bn < 0  # type: ignore[attr-defined]
    assert _component(ed, "Japan TIC change").sold_usd_bn < -200  # Japan bought Treasuries  # type: ignore[attr-defined]


def test_observed_matches_the_official_series(empty_home: Path, shared_data: Path) -> None:
    ed = episode_data(load_episode("japan-2022"))
    ten = read_fred(shared_data / "fred" / "DGS10.csv").set_index("date")["value"]
    base = ten[: pd.Timestamp("2022-09-01")].iloc[-1]
    last = ten[: pd.Timestamp("2022-10-31")].iloc[-1]
    assert ed.observed["ust_10y"][-1] == pytest.approx((last - base) * 100)
    yen = read_fred(shared_data / "fred" / "DEXJPUS.csv").set_index("date")["value"]
    y0, y1 = yen[: pd.Timestamp("2022-09-01")].iloc[-1], yen[: pd.Timestamp("2022-10-31")].iloc[-1]
    assert ed.observed["usdjpy"][-1] == pytest.approx((y1 / y0 - 1) * 100)
    assert ed.levels["ust_10y"] == (base, last)
    assert ed.dates[0] > ed.base_date
    assert ed.context.as_of == "2022-08"
    assert ed.context.foreign_holdings_usd_bn == data.holdings_at("2022-08").grand_total_usd_bn
