"""The negotiation read from evidence (issue 10), end to end through the engine: the
market-implied probability of kato-2025, the belief-valued threat, reasons to execute, and a
holder outside Japan and China."""

from __future__ import annotations

import numpy as np
import pytest

import cardtable
from cardtable.errors import ScenarioError
from cardtable.scenarios import parse_scenario

KOREA = """
name = "korea-threat"
as_of = "2025-03"
horizon_days = 60
[[actors]]
holder = "Korea, South"
[actors.announce]
amount_usd_bn = 50.0
days = 40
probability = 0.05
converted_share = 1.0
[negotiation]
threat_tariff_pct = 25.0
tariffs = "added_to_mfn"
deal_floor = "mfn"
deal_grid_include_pct = [15.0]
probability = 0.05
"""


def test_kato_reports_the_implied_probability_with_its_band() -> None:
    res = cardtable.negotiate("kato-2025", draws=300, seed=3)
    d = res.to_dict()
    band = d["implied_probability"]["probability"]
    assert 0.0 <= band["p5"] <= band["p50"] <= band["p95"] <= 1.0
    # Kato's remark moved the market no more than an ordinary payroll Friday (docs/game.md)
    assert d["implied_probability"]["distinguishable_from_noise_share"] < 0.5
    assert band["p95"] < 0.5
    belief = d["announced_threat_by_belief"]
    assert belief is not None
    # valued at the market's belief, the threat is worth less than at the typed 10%
    assert belief["holder_gain_usd_bn"]["p50"] < d["announcement"]["holder_gain_usd_bn"]["p50"]
    assert "market-implied execution probability" in res.summary()


def test_a_holder_outside_japan_and_china_negotiates() -> None:
    res = cardtable.negotiate(parse_scenario(KOREA, "korea.toml"), draws=200, seed=1)
    assert res.holder == "Korea, South"
    assert np.isfinite(res.negotiation.holder_payoff_usd_bn).all()
    assert res.to_dict()["announced_threat_by_belief"] is not None


def test_a_documented_reason_to_execute_never_lowers_credibility() -> None:
    plain = cardtable.negotiate(parse_scenario(KOREA, "k.toml"), draws=200, seed=1)
    reasons = KOREA + '\n[negotiation.reasons."Korea, South"]\ndiversifying = true\n'
    more = cardtable.negotiate(parse_scenario(reasons, "k.toml"), draws=200, seed=1)
    a = plain.negotiation.credibility.margin_usd_bn
    b = more.negotiation.credibility.margin_usd_bn
    assert np.all(b >= a - 1e-9)
    assert np.any(b > a)


def test_joint_threats_are_refused_with_a_clear_message_not_dropped() -> None:
    two = KOREA.replace(
        "[negotiation]",
        '[[actors]]\nholder = "Japan"\n[actors.sell]\namount_usd_bn = 10.0\n\n[negotiation]',
    )
    with pytest.raises(ScenarioError, match="exactly one actor"):
        parse_scenario(two, "two.toml")
