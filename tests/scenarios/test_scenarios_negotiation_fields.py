"""The issue-10 [negotiation] fields validate what a scenario may say."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cardtable.scenarios._negotiation import NegotiationEvidence, WindowSpec


def test_kato_style_fields_validate() -> None:
    spec = NegotiationEvidence.model_validate(
        {
            "probability": "implied",
            "window": {
                "start": "2025-05-02",
                "end": "2025-05-02",
                "benchmark": "payroll_days",
                "comparable_from": "2022-05-01",
            },
            "tariffs": "added_to_mfn",
            "deal_floor": "mfn",
            "deal_grid_include_pct": [15.0],
            "pledge_cap_usd_bn": 550.0,
            "reasons": {"China, Mainland": {"freeze_exposed": True}},
        }
    )
    assert spec.window is not None
    assert spec.window.variables == ["ust_2y_bp", "ust_10y_bp"]
    assert spec.reasons["China, Mainland"].freeze_exposed
    assert NegotiationEvidence().probability is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"probability": "implied"}, "needs a \\[negotiation.window\\]"),
        ({"probability": 1.5}, "probability"),
        ({"tariffs": "mfn_plus"}, "tariffs"),
        ({"pledge_cap_usd_bn": -1.0}, "pledge_cap_usd_bn"),
        ({"reasons": {"Japan": {"intervention_usd_bn": -5.0}}}, "intervention_usd_bn"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_bad_fields_are_rejected(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        NegotiationEvidence.model_validate(fields)


def test_window_checks() -> None:
    with pytest.raises(ValidationError, match="before its start"):
        WindowSpec(start="2025-05-05", end="2025-05-02")
    with pytest.raises(ValidationError, match="comparable_from"):
        WindowSpec(start="2025-05-02", end="2025-05-02", benchmark="payroll_days")
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        WindowSpec(start="May 2", end="2025-05-02")
