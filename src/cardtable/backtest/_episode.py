"""Episodes: documented market episodes with their window, flows and sources (TOML files).

An episode file (``cardtable/backtest/episodes/<name>.toml``)::

    name = "japan-2022"
    title = "Japan's yen-buying interventions, September-October 2022"
    start = "2022-09-01"      # the baseline is the last observation on or before start
    end = "2022-10-31"        # last day of the window
    state = "normal"          # market state passed to the market model
    state_source = "..."      # why, when not "normal"
    sources = ["...", ...]    # what the episode and its window rest on

    [[flows]]                 # one or more, or none (all residual)
    kind = "tic"              # monthly change of a TIC holder (bundled or stored TIC)
    label = "Japan, TIC holdings"
    holder = "Japan"
    months = ["2022-09", "2022-10"]
    source = "..."

Flow kinds (purchases are negative sales; dollar purchases negative conversions):

* ``tic``: ``holder``, ``months``. The monthly change of the holder's TIC holdings, derived from
  the data in code, spread evenly over the window's trading days in each month; a fall is a sale.
* ``intervention``: ``currency`` (``JPY``), ``direction`` (``yen_buying``). Japan MOF daily
  amounts in the window from the bundled ``japan_fx_interventions`` facts, converted at that
  day's USD/JPY: proceeds converted into yen.
* ``intervention_total``: ``amount_jpy_bn``, ``period_start``, ``period_end``, ``direction``
  (``yen_buying`` or ``dollar_buying``): a reported total spread evenly over its period.
* ``purchase``: ``amount_usd_bn``, ``period_start``, ``period_end``: a stated amount bought
  (e.g. an FOMC programme), spread evenly over its period.
* ``holdings_levels``: ``levels = [[date, usd_bn], ...]`` (e.g. Fed H.4.1 Wednesday levels):
  each change between consecutive levels is bought (a rise) or sold (a fall), spread evenly
  over the trading days after the first date up to the second.

``mix`` (``foreign_official`` or ``coupons``) says which buckets a flow is in: foreign official
holders' bills share in TIC at the as-of month with coupons split as MSPD notes:bonds, or
coupons only (the Fed's purchases of 2010-11 and 2020 left its bills unchanged, H.4.1).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from cardtable._calendar import is_month
from cardtable.errors import ScenarioError, UnknownNameError

__all__ = ["Episode", "FlowSpec", "episode_names", "load_episode"]

_KINDS = ("tic", "intervention", "intervention_total", "purchase", "holdings_levels")
_MIXES = ("foreign_official", "coupons")
_STATES = ("normal", "stressed")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class FlowSpec:
    """One flow of an episode, as written in its file (amounts are derived in ``_flows``).

    Attributes
    ----------
    kind
        One of ``tic``, ``intervention``, ``intervention_total``, ``purchase``,
        ``holdings_levels``.
    label
        Short name in outputs.
    source
        Where the figure comes from.
    mix
        ``foreign_official`` or ``coupons``.
    holder, months
        ``tic``: TIC holder and months.
    currency, direction
        Interventions: currency (``JPY``) and ``yen_buying`` / ``dollar_buying``.
    amount_jpy_bn, amount_usd_bn, period_start, period_end
        Totals spread over a period.
    levels
        ``holdings_levels``: (date, USD bn) pairs.
    """

    kind: str
    label: str
    source: str
    mix: str = "foreign_official"
    holder: str = ""
    months: tuple[str, ...] = ()
    currency: str = "JPY"
    direction: str = "yen_buying"
    amount_jpy_bn: float = 0.0
    amount_usd_bn: float = 0.0
    period_start: str = ""
    period_end: str = ""
    levels: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Episode:
    """A documented episode to replay.

    Attributes
    ----------
    name, title, description
        Identity.
    start, end
        Window (ISO dates); the baseline is the last observation on or before ``start``.
    state
        Market state (``normal`` or ``stressed``) and ``state_source`` saying why.
    flows
        The observed flows.
    sources
        Sources of the episode and its window.
    """

    name: str
    title: str
    description: str
    start: str
    end: str
    state: str
    state_source: str
    flows: tuple[FlowSpec, ...]
    sources: tuple[str, ...] = field(default_factory=tuple)

    @property
    def as_of(self) -> str:
        """The month before ``start``: the market size the flows are measured against."""
        y, m = int(self.start[:4]), int(self.start[5:7])
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        return f"{y:04d}-{m:02d}"


def _err(origin: str, where: str, value: object, allowed: str) -> ScenarioError:
    return ScenarioError(f"{origin}: {where}", value, allowed)


def _date(origin: str, where: str, value: object) -> str:
    if not isinstance(value, str):
        raise _err(origin, where, value, "a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _err(origin, where, value, "a date written YYYY-MM-DD") from None


def _str(origin: str, where: str, value: object, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _err(origin, where, value, "a non-empty string")
    return " ".join(value.split())


def _number(origin: str, where: str, value: object, *, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err(origin, where, value, "a number")
    if positive and not value > 0:
        raise _err(origin, where, value, "a number > 0")
    return float(value)


def _flow(origin: str, i: int, raw: Any) -> FlowSpec:
    where = f"flows[{i}]"
    if not isinstance(raw, dict):
        raise _err(origin, where, raw, "a table of the flow's fields")
    kind = raw.get("kind")
    if kind not in _KINDS:
        raise _err(origin, f"{where}.kind", kind, f"one of {', '.join(_KINDS)}")
    mix = raw.get("mix", "foreign_official")
    if mix not in _MIXES:
        raise _err(origin, f"{where}.mix", mix, f"one of {', '.join(_MIXES)}")
    out: dict[str, Any] = {
        "kind": kind,
        "label": _str(origin, f"{where}.label", raw.get("label")),
        "source": _str(origin, f"{where}.source", raw.get("source")),
        "mix": mix,
    }
    if kind == "tic":
        out["holder"] = _str(origin, f"{where}.holder", raw.get("holder"))
        months = raw.get("months")
        if not isinstance(months, list) or not months:
            raise _err(origin, f"{where}.months", months, "a list of months YYYY-MM")
        for m in months:
            if not is_month(m):
                raise _err(origin, f"{where}.months", m, "a month written YYYY-MM")
        out["months"] = tuple(months)
    if kind in ("intervention", "intervention_total"):
        if raw.get("currency", "JPY") != "JPY":
            raise _err(origin, f"{where}.currency", raw.get("currency"), "'JPY'")
        direction = raw.get("direction", "yen_buying")
        if direction not in ("yen_buying", "dollar_buying"):
            raise _err(origin, f"{where}.direction", direction, "'yen_buying' or 'dollar_buying'")
        out["direction"] = direction
    if kind == "intervention_total":
        out["amount_jpy_bn"] = _number(origin, f"{where}.amount_jpy_bn", raw.get("amount_jpy_bn"))
    if kind == "purchase":
        out["amount_usd_bn"] = _number(origin, f"{where}.amount_usd_bn", raw.get("amount_usd_bn"))
    if kind in ("intervention_total", "purchase"):
        out["period_start"] = _date(origin, f"{where}.period_start", raw.get("period_start"))
        out["period_end"] = _date(origin, f"{where}.period_end", raw.get("period_end"))
        if out["period_end"] < out["period_start"]:
            raise _err(origin, f"{where}.period_end", out["period_end"], "on or after period_start")
    if kind == "holdings_levels":
        levels = raw.get("levels")
        if not isinstance(levels, list) or len(levels) < 2:
            raise _err(origin, f"{where}.levels", levels, "at least two [date, usd_bn] pairs")
        pairs = []
        for j, pair in enumerate(levels):
            if not isinstance(pair, list) or len(pair) != 2:
                raise _err(origin, f"{where}.levels[{j}]", pair, "a [date, usd_bn] pair")
            pairs.append(
                (
                    _date(origin, f"{where}.levels[{j}]", pair[0]),
                    _number(origin, f"{where}.levels[{j}]", pair[1]),
                )
            )
        if [p[0] for p in pairs] != sorted({p[0] for p in pairs}):
            raise _err(origin, f"{where}.levels", levels, "dates strictly ascending")
        out["levels"] = tuple(pairs)
    unknown = set(raw) - set(out) - {"currency", "months", "levels", "direction"}
    if unknown:
        raise _err(origin, where, sorted(unknown)[0], "a known field for this kind of flow")
    return FlowSpec(**out)


def parse_episode(text: str, origin: str = "episode") -> Episode:
    """An episode from TOML text; :class:`ScenarioError` naming the field on any problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(origin, "(file)", f"not valid TOML: {exc}") from None
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _err(origin, "name", name, "lower-case letters, digits and dashes")
    start = _date(origin, "start", raw.get("start"))
    end = _date(origin, "end", raw.get("end"))
    if end <= start:
        raise _err(origin, "end", end, f"a date after start ({start})")
    state = raw.get("state", "normal")
    if state not in _STATES:
        raise _err(origin, "state", state, "'normal' or 'stressed'")
    state_source = _str(origin, "state_source", raw.get("state_source", ""), required=False)
    if state != "normal" and not state_source:
        raise _err(origin, "state_source", "", "a source for a state other than 'normal'")
    flows = raw.get("flows", [])
    if not isinstance(flows, list):
        raise _err(origin, "flows", flows, "an array of tables [[flows]]")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise _err(origin, "sources", sources, "a non-empty list of sources")
    known = {"name", "title", "description", "start", "end", "state", "state_source"}
    unknown = set(raw) - known - {"flows", "sources"}
    if unknown:
        raise _err(origin, sorted(unknown)[0], "(field)", f"one of {', '.join(sorted(known))}")
    return Episode(
        name=name,
        title=_str(origin, "title", raw.get("title")),
        description=_str(origin, "description", raw.get("description")),
        start=start,
        end=end,
        state=state,
        state_source=state_source,
        flows=tuple(_flow(origin, i, f) for i, f in enumerate(flows)),
        sources=tuple(_str(origin, f"sources[{i}]", s) for i, s in enumerate(sources)),
    )


def episode_names() -> list[str]:
    """Names of the bundled episodes, sorted by window start."""
    eps = [load_episode(n) for n in _files()]
    return [e.name for e in sorted(eps, key=lambda e: e.start)]


def _files() -> dict[str, Any]:
    folder = resources.files("cardtable.backtest").joinpath("episodes")
    return {p.name.removesuffix(".toml"): p for p in folder.iterdir() if p.name.endswith(".toml")}


def load_episode(episode: str | Path) -> Episode:
    """A bundled episode by name, or an episode file by path.

    Raises
    ------
    UnknownNameError
        (field ``episode``) for a name that is neither bundled nor a file.
    ScenarioError
        For an invalid file, naming the field.
    """
    files = _files()
    key = str(episode)
    if key in files:
        ep = parse_episode(files[key].read_text(encoding="utf-8"), origin=f"{key}.toml")
        if ep.name != key:
            raise _err(f"{key}.toml", "name", ep.name, f"the file's name ({key!r})")
        return ep
    path = Path(key)
    if path.suffix == ".toml" and path.is_file():
        return parse_episode(path.read_text(encoding="utf-8"), origin=path.name)
    raise UnknownNameError("episode", key, sorted(files), "episode")
