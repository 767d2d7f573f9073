"""Claim extraction rules: holders, topics, dates and qualifiers, on sentences written here."""

from __future__ import annotations

import datetime as dt

from cardtable.factcheck import KINDS, extract_claims, load_document

DATE = dt.date(2025, 5, 20)


def _claims(text: str, date: dt.date | None = DATE) -> list[tuple[str, str | None, float | None]]:
    return [(c.kind, c.holder, c.value) for c in extract_claims(load_document(text, date=date))]


def test_holder_at_the_end_of_a_sentence() -> None:
    assert _claims("The largest holder of Treasuries is Japan.") == [("ranking", "Japan", 1.0)]


def test_holder_carried_to_the_next_sentence_and_pronouns() -> None:
    text = (
        "Tokyo holds about $1.1tn of Treasuries, and it has been the largest creditor since "
        "2019, when it overtook China. Its holdings rose to $1.13tn at the end of March."
    )
    assert _claims(text) == [
        ("holdings", "Japan", 1100.0),
        ("ranking", "Japan", 1.0),
        ("holdings", "Japan", 1130.0),
    ]


def test_overtook_gives_the_rank_to_the_subject() -> None:
    assert _claims("Britain overtook China as the second-largest holder.") == [
        ("ranking", "United Kingdom", 2.0)
    ]


def test_topic_right_after_the_figure_wins() -> None:
    text = "Japan's foreign reserves, which include $1.13tn of Treasuries, total $1.27tn."
    assert _claims(text) == [("holdings", "Japan", 1130.0), ("fx_reserves", "Japan", 1270.0)]


def test_investment_and_intervention_are_not_claims() -> None:
    assert _claims("Japan pledged $550bn of investment in the United States.") == []
    assert _claims("Japan spent ¥9.8 trillion on intervention in 2024.") == []


def test_each_figure_takes_its_own_date() -> None:
    doc = load_document(
        "Japan's holdings rose to $1.13tn at the end of March, up from $1.08tn in January.",
        date=DATE,
    )
    assert [c.month for c in extract_claims(doc)] == ["2025-03", "2025-01"]


def test_record_qualifies_the_nearest_figure_only() -> None:
    doc = load_document(
        "Foreign holdings hit a record $9.36tn in November, before easing to $9.27tn in December.",
        date=dt.date(2026, 2, 20),
    )
    assert [c.qualifier for c in extract_claims(doc)] == ["peak", ""]


def test_net_sales_are_marked() -> None:
    (claim,) = extract_claims(
        load_document("Japan sold a net $6bn of Treasuries in May.", date=DATE)
    )
    assert (claim.kind, claim.detail) == ("change", "net down")


def test_fiscal_year_and_implied_month() -> None:
    fiscal, implied = extract_claims(
        load_document(
            "At the end of fiscal 2024, Japan held $1.13tn in Treasuries. China holds $765bn.",
            date=DATE,
        )
    )
    assert (fiscal.month, fiscal.date_basis) == ("2025-03", "Japanese fiscal year end")
    assert (implied.month, implied.date_basis) == ("2025-03", "implied by article date")


def test_every_claim_kind_is_known() -> None:
    text = (
        "Japan, the largest holder, held $1.13tn of Treasuries in March 2025, 89% of its "
        "reserves of $1.27tn. It sold $40bn in April. Its goods surplus with the US was $68bn "
        "in 2024, and it faces a 15% tariff. Holdings were the lowest since 2019."
    )
    kinds = {c.kind for c in extract_claims(load_document(text, date=DATE))}
    assert kinds == set(KINDS)


def test_change_from_a_year_earlier() -> None:
    (claim,) = extract_claims(
        load_document("Japan's Treasury holdings shrank 3.1% from a year earlier.", date=DATE)
    )
    assert (claim.kind, claim.detail, claim.since, claim.month) == (
        "change",
        "down",
        "P12M",
        "2025-03",
    )
