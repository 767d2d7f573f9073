"""The bundled facts registry: every CSV registered, loadable and sourced."""

from __future__ import annotations

from importlib import resources

import pytest

from cardtable.data import FACTS, list_facts, load_fact
from cardtable.errors import UnknownNameError


def test_registry_covers_every_bundled_csv() -> None:
    folder = resources.files("cardtable.data").joinpath("facts")
    on_disk = {p.name for p in folder.iterdir() if p.name.endswith(".csv")}
    assert on_disk == {f.filename for f in FACTS.values()}
    assert [f.name for f in list_facts()] == sorted(FACTS)


@pytest.mark.parametrize("name", sorted(FACTS))
def test_every_fact_loads_and_has_a_source(name: str) -> None:
    fact = FACTS[name]
    frame = load_fact(name)
    assert len(frame) > 0
    assert fact.source.strip()
    assert fact.units.strip()
    assert fact.vintage.strip()
    assert fact.filename == f"{name}.csv"
    if fact.source_column is not None:
        assert frame[fact.source_column].notna().all()
        assert (frame[fact.source_column].astype(str).str.strip() != "").all()


def test_load_fact_returns_a_copy() -> None:
    first = load_fact("market_levels")
    first.loc[:, "usdjpy"] = 0.0
    assert (load_fact("market_levels")["usdjpy"] > 100).all()


def test_unknown_fact_suggests() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'market_levels'"):
        load_fact("market_level")
