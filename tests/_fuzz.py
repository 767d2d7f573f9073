"""Shared by the fuzzers of the CLI and the API (issue: hardening).

* ``fuzz_settings(default)``: hypothesis settings whose example count is ``default`` in
  ``make test`` and ``CARDTABLE_FUZZ_EXAMPLES`` times a share under ``make fuzz``.
* ``record(...)``: one line per fuzzed input appended to ``CARDTABLE_FUZZ_TALLY`` (when set), so
  ``scripts/fuzz_tally.py`` can count inputs, tracebacks, non-finite outputs, bad inputs
  accepted and good inputs refused over a whole run. Tests record before they assert.
* Scenarios that are bad by construction, each labelled with the rule it breaks and the field
  the one-line refusal must name, and scenarios that are good by construction (they must run).
"""

from __future__ import annotations

import copy
import json
import math
import os
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cardtable.params import REGISTRY
from cardtable.scenarios import builtin_names, load_scenario

EXAMPLES_ENV = "CARDTABLE_FUZZ_EXAMPLES"
TALLY_ENV = "CARDTABLE_FUZZ_TALLY"


def fuzz_examples(default: int, share: float = 1.0) -> int:
    """``default`` examples, or ``share`` of ``CARDTABLE_FUZZ_EXAMPLES`` when it is set."""
    raw = os.environ.get(EXAMPLES_ENV)
    return default if raw is None else max(1, int(int(raw) * share))


def fuzz_settings(default: int, share: float = 1.0) -> settings:
    """Hypothesis settings of one fuzz test (no deadline: runs differ in cost)."""
    return settings(
        max_examples=fuzz_examples(default, share),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


def record(
    surface: str,
    kind: str,
    rule: str,
    *,
    accepted: bool,
    traceback: bool = False,
    nonfinite: bool = False,
) -> None:
    """Append one fuzzed input's outcome to the tally file (a no-op without one).

    ``kind`` is ``bad`` (must be refused), ``good`` (must be accepted) or ``any`` (either, but
    cleanly).
    """
    path = os.environ.get(TALLY_ENV)
    if not path:
        return
    row = {
        "surface": surface,
        "kind": kind,
        "rule": rule,
        "accepted": accepted,
        "traceback": traceback,
        "nonfinite": nonfinite,
    }
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")


def nonfinite_json(text: str) -> bool:
    """True if JSON text holds NaN or an infinity (Python's json writes them as bare tokens)."""
    found = False

    def constant(_: str) -> float:
        nonlocal found
        found = True
        return 0.0

    try:
        json.loads(text, parse_constant=constant)
    except ValueError:
        return "NaN" in text or "Infinity" in text
    return found


def _toml_str(v: str) -> str:
    """A TOML basic string: JSON's escapes (TOML has the same), characters outside ASCII as
    they are (TOML has no surrogate-pair escapes), DEL escaped."""
    return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _toml_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v if x is not None) + "]"
    if isinstance(v, dict):
        items = [f"{_toml_str(str(k))} = {_toml_value(x)}" for k, x in v.items() if x is not None]
        return "{" + ", ".join(items) + "}"
    raise TypeError(type(v))


def toml_text(doc: dict[str, Any]) -> str:
    """``doc`` as a TOML document (nested tables inline; None left out)."""
    return "\n".join(f"{_toml_str(k)} = {_toml_value(v)}" for k, v in doc.items() if v is not None)


# ---------------------------------------------------------------- scenarios, bad and good


@dataclass(frozen=True)
class Case:
    """One fuzzed scenario: the rule it breaks ("" for a good one) and the field to name."""

    rule: str
    field: str
    doc: dict[str, Any]


def base_doc(name: str) -> dict[str, Any]:
    """A built-in scenario as a plain mapping (what a TOML file or a JSON body holds)."""
    return load_scenario(name).model_dump(mode="json", exclude_none=True)


BASES = {name: base_doc(name) for name in builtin_names()}
_CONTROL = st.sampled_from(["\x00", "\x07", "\x1b[2J", "\n", "\r", "\x7f", "\x85", "\u202e"])
_WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_NONFINITE = st.sampled_from([math.nan, math.inf, -math.inf])


def _action(doc: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    actor = doc["actors"][0]
    key = next(k for k in ("sell", "announce", "stop_buying") if k in actor)
    return key, actor[key]


def _wrong_type(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    _key, action = _action(doc)
    target = draw(
        st.sampled_from(
            [
                (doc, "horizon_days", "horizon_days"),
                (doc, "draws", "draws"),
                (doc, "seed", "seed"),
                (doc, "as_of", "as_of"),
                (doc, "state", "state"),
                (doc, "name", "name"),
                (doc["actors"][0], "holder", "holder"),
                (doc["backstop"], "enabled", "backstop.enabled"),
                *[(action, f, f) for f in sorted(action) if f != "schedule"],
            ]
        )
    )
    table, field, shown = target
    current = table[field]
    if isinstance(current, bool):
        bad: Any = draw(st.sampled_from(["yes", "true", 1, 0, [True]]))
    elif isinstance(current, int):
        bad = draw(st.sampled_from(["60", "sixty", 60.5, 1.0, True, [60], {"n": 1}]))
    elif isinstance(current, float):
        bad = draw(st.sampled_from(["0.5", "lots", True, [0.5], {"v": 0.5}]))
    elif isinstance(current, str):
        bad = draw(st.sampled_from([2025, 3.5, True, ["Japan"], {"a": "b"}]))
    else:  # a table (maturity_mix) or list
        bad = draw(st.sampled_from(["mix", 1, True]))
    table[field] = bad
    return Case("wrong type", shown, doc)


def _out_of_range(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    _key, action = _action(doc)
    options: list[tuple[dict[str, Any], str, st.SearchStrategy[Any]]] = [
        (doc, "horizon_days", st.one_of(st.integers(-(10**6), 0), st.integers(2521, 10**9))),
        (doc["backstop"], "trigger_bp", st.floats(1000.001, 1e12) | st.floats(-1e12, -0.001)),
        (doc["actors"][0], "holder", st.just("")),
    ]
    if "days" in action and not isinstance(action.get("schedule"), list):
        options.append((action, "days", st.integers(-(10**6), 0)))
    if "start_day" in action:
        options.append((action, "start_day", st.integers(-(10**6), -1)))
    if "probability" in action:
        options.append(
            (action, "probability", st.floats(1.000001, 1e6) | st.floats(-1e6, -0.000001))
        )
    if "amount_usd_bn" in action:
        options.append((action, "amount_usd_bn", st.floats(-1e9, -0.001)))
    if "converted_share" in action:
        options.append((action, "converted_share", st.floats(1.000001, 1e6)))
    if "share_of_holdings" in action:
        options.append((action, "share_of_holdings", st.floats(1.000001, 1e6)))
    if "months" in action:
        options.append((action, "months", st.integers(-(10**6), 0)))
    if "usd_bn_per_month" in action:
        options.append((action, "usd_bn_per_month", st.floats(-1e9, -0.001)))
    if "negotiation" in doc:
        options.append(
            (doc["negotiation"], "threat_tariff_pct", st.floats(200.001, 1e9) | st.floats(-1e9, -1))
        )
    table, field, values = draw(st.sampled_from(options))
    table[field] = draw(values)
    return Case("out of range", field, doc)


def _above_holdings(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    # no holder holds USD 20tn; the per-scenario cap is USD 100tn (MAX_USD_BN)
    key, action = _action(doc)
    if key == "stop_buying" or isinstance(action.get("schedule"), list):
        return _out_of_range(draw, doc)
    action.pop("share_of_holdings", None)
    action["amount_usd_bn"] = draw(st.floats(20_000.0, 100_000.0))
    return Case("amount above holdings", "amount_usd_bn", doc)


def _unknown_field(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    _key, action = _action(doc)
    table = draw(st.sampled_from([doc, doc["actors"][0], action, doc["backstop"]]))
    field = "zz_" + draw(_WORD)
    table[field] = draw(st.sampled_from([1, "x", True, 0.5]))
    return Case("unknown field", field, doc)


def _unknown_name(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    which = draw(st.sampled_from(["holder", "calibration", "params", "preset"]))
    word = "Qx" + draw(_WORD)  # no country, calibration, parameter or preset starts so
    if which == "holder":
        doc["actors"][0]["holder"] = word
        return Case("unknown country", "holder", doc)
    if which == "calibration":
        doc["calibration"] = word
        return Case("unknown calibration", "calibration", doc)
    if which == "params":
        doc["params"] = {word: 1.0}
        return Case("unknown parameter", word, doc)
    doc["shocks"] = [{"preset": word}]
    return Case("unknown shock preset", "shocks[0]", doc)


def _bad_date(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    doc["as_of"] = draw(
        st.sampled_from(
            [
                *["2025-13", "2025-00", "2025-3", "25-03", "2025-03-01", "2025/03", "March 2025"],
                *["", "1999-12", "1900-01", "2099-01", "9999-12", " 2025-03", "2025-03 "],
            ]
        )
    )
    return Case("bad date", "as_of", doc)


def _bad_draws(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    field = draw(st.sampled_from(["draws", "seed"]))
    if field == "draws":
        doc["draws"] = draw(st.integers(-(10**12), 0) | st.integers(2_000_001, 10**15))
        return Case("draws out of range", "draws", doc)
    doc["seed"] = draw(st.integers(-(10**12), -1) | st.integers(2**63, 2**70))
    return Case("seed out of range", "seed", doc)


def _non_finite(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    _key, action = _action(doc)
    floats = [f for f, v in action.items() if isinstance(v, float)]
    options: list[tuple[dict[str, Any], str]] = [
        (doc["backstop"], "trigger_bp"),
        (doc["backstop"], "capacity_usd_bn_per_day"),
        *[(action, f) for f in floats],
    ]
    if "negotiation" in doc:
        options.append((doc["negotiation"], "tariff_grid_max_pct"))
    if draw(st.booleans()):
        field = draw(st.sampled_from(REGISTRY.names))
        doc["params"] = {field: draw(_NONFINITE)}
    else:
        table, field = draw(st.sampled_from(options))
        table[field] = draw(_NONFINITE)
    return Case("non-finite number", field, doc)


def _control_chars(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    field = draw(st.sampled_from(["name", "holder", "description", "notes"]))
    text = draw(_WORD) + draw(_CONTROL) + draw(_WORD)
    if field in ("description", "notes") and text.strip("abcdefghijklmnopqrstuvwxyz") in "\n\r":
        text = draw(_WORD) + "\x1b[2J"  # line breaks are allowed in free text
    if field == "holder":
        doc["actors"][0]["holder"] = "Japan" + text
    elif field == "notes":
        doc["notes"] = [text]
    else:
        doc[field] = text
    return Case("control character", field, doc)


def _oversize(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    field, limit = draw(
        st.sampled_from([("name", 80), ("holder", 80), ("description", 10_000), ("notes", 2_000)])
    )
    text = "x" * draw(st.integers(limit + 1, limit * 3))
    if field == "holder":
        doc["actors"][0]["holder"] = text
    elif field == "notes":
        doc["notes"] = [text]
    else:
        doc[field] = text
    return Case("oversize string", field, doc)


def _structure(draw: st.DrawFn, doc: dict[str, Any]) -> Case:
    key, _ = _action(doc)
    what = draw(st.sampled_from(["missing", "two actions", "no actors", "short horizon"]))
    if what == "missing":
        field = draw(st.sampled_from(["as_of", "actors", "name", "holder"]))
        if field == "holder":
            del doc["actors"][0]["holder"]
        else:
            del doc[field]
        return Case("missing field", field, doc)
    if what == "two actions":
        other = "stop_buying" if key != "stop_buying" else "sell"
        doc["actors"][0][other] = (
            {"usd_bn_per_month": 1.0, "months": 1}
            if other == "stop_buying"
            else {"amount_usd_bn": 1.0}
        )
        return Case("two actions", "actors[0]", doc)
    if what == "no actors":
        doc["actors"] = []
        return Case("no actors", "actors", doc)
    doc["horizon_days"] = 1
    return Case("horizon shorter than a sale", "horizon_days", doc)


_BREAKERS = [
    _wrong_type,
    _out_of_range,
    _above_holdings,
    _unknown_field,
    _unknown_name,
    _bad_date,
    _bad_draws,
    _non_finite,
    _control_chars,
    _oversize,
    _structure,
]


@st.composite
def bad_scenarios(draw: st.DrawFn) -> Case:
    """A built-in scenario with one rule broken."""
    doc = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    return draw(st.sampled_from(_BREAKERS))(draw, doc)  # type: ignore[no-any-return]


@st.composite
def good_scenarios(draw: st.DrawFn) -> Case:
    """A built-in scenario with a few fields changed to values that are allowed."""
    doc = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    _key, action = _action(doc)
    end = action.get("start_day", 0) + (
        action["days"] if "days" in action else 21 * action.get("months", 1)
    )
    doc["seed"] = draw(st.integers(0, 2**63 - 1))
    doc["horizon_days"] = (
        draw(st.integers(max(end, 1), 2520))
        if draw(st.booleans())
        else max(doc["horizon_days"], end)
    )
    if draw(st.booleans()):
        doc["name"] = draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=80))
    if draw(st.booleans()):
        doc["description"] = draw(_WORD) + "\n\t" + draw(_WORD)
    if "probability" in action:
        action["probability"] = draw(st.floats(0.0, 1.0))
    if "amount_usd_bn" in action and not isinstance(action.get("schedule"), list):
        action["amount_usd_bn"] = draw(st.floats(1.0, 300.0))
    if "converted_share" in action:
        action["converted_share"] = draw(st.floats(0.0, 1.0))
    if "usd_bn_per_month" in action:
        action["usd_bn_per_month"] = draw(st.floats(0.0, 50.0))
    if draw(st.booleans()):
        p = REGISTRY[draw(st.sampled_from(REGISTRY.names))]
        doc["params"] = {p.name: draw(st.floats(min(p.low, p.high), max(p.low, p.high)))}
    doc["backstop"]["trigger_bp"] = draw(st.floats(0.0, 1000.0))
    return Case("", "", doc)
