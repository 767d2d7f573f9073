"""Amounts and percentages in text: the figure, its currency and its scale.

The regular expressions below only find where an amount is and which scale word follows it
(``tn``, ``trillion``, ``bn``, ``billion``, ``mn``, ``million``); the number itself and the currency
symbol are read by ``price-parser`` (Zyte), which handles thousands separators and the currency
signs used in news copy (``$``, ``US$``, ``USD``, ``¥``, ``JPY``). A currency word after the
scale ("180 trillion yen", "1.1 trillion dollars") overrides the sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from price_parser import Price

__all__ = ["Amount", "Percent", "find_amounts", "find_percents", "stated_step"]

_SCALE_BN = {
    "trillion": 1000.0, "tn": 1000.0, "trn": 1000.0, "tln": 1000.0, "tril": 1000.0, "t": 1000.0,
    "billion": 1.0, "bn": 1.0, "bln": 1.0, "b": 1.0,
    "million": 0.001, "mn": 0.001, "mln": 0.001, "m": 0.001,
}  # fmt: skip
_WORDS = {
    "a": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "half a": 0.5,
}  # fmt: skip
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    r"(?P<cur>US\s?\$|U\.S\.\s?\$|USD\s?|\$|¥|JPY\s?|€|£)?\s?"
    r"(?P<num>" + _NUM + r"|\b(?:half a|a|one|two|three|four|five|six|seven|eight|nine|ten))"
    r"(?:\s|-)?(?P<scale>trillion|billion|million|tril|trn|tln|tn|bln|bn|mln|mn|[tbm])\b"
    r"(?P<post>\s+(?:US\s+|U\.S\.\s+)?(?:dollars?|yen|USD|JPY|euros?))?",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|percent\b|per cent\b|pct\b|percentage points?\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A money amount found in text.

    Attributes
    ----------
    value_bn
        The amount in billions of its currency.
    currency
        ``"USD"``, ``"JPY"``, ``"EUR"``, ``"GBP"``; ``"USD?"`` when no currency is written.
    start, end
        Offsets in the text searched.
    text
        The amount as written.
    step_bn
        Half a unit of the last digit written, in billions (the rounding the writer implies).
    """

    value_bn: float
    currency: str
    start: int
    end: int
    text: str
    step_bn: float


@dataclass(frozen=True)
class Percent:
    """A percentage found in text (``points`` for percentage points; ``step`` as for amounts)."""

    value: float
    start: int
    end: int
    text: str
    points: bool
    step: float


def stated_step(number: str) -> float:
    """Half a unit of the last significant digit written (``"1.13"`` -> 0.005, ``"800"`` -> 50)."""
    digits = number.replace(",", "")
    if "." in digits:
        return 0.5 * 10.0 ** -len(digits.split(".")[1])
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return 0.5 * 10.0**zeros


def _currency(cur: str | None, post: str | None) -> str:
    if post:
        word = post.strip().lower()
        if "yen" in word or "jpy" in word:
            return "JPY"
        if "euro" in word:
            return "EUR"
        return "USD"
    if not cur:
        return "USD?"
    found = Price.fromstring(cur + "1").currency or cur
    table = {"$": "USD", "US$": "USD", "USD": "USD", "¥": "JPY", "JPY": "JPY", "€": "EUR"}
    key = found.replace(" ", "").replace("U.S.", "US")
    return table.get(key, "GBP" if "£" in key else "USD")


def find_amounts(text: str) -> list[Amount]:
    """Every money amount with a scale word in ``text``, left to right.

    A bare single-letter scale (``b``, ``m``, ``t``) counts only after a currency sign, so that
    "10 m" or "5 t" in prose is not read as money.
    """
    out: list[Amount] = []
    for m in _AMOUNT.finditer(text):
        scale = m["scale"].lower()
        if len(scale) == 1 and not m["cur"]:
            continue
        num = m["num"].lower()
        if num in _WORDS:
            if not (m["cur"] or m["post"]):
                continue
            value, step = _WORDS[num], 0.5
        else:
            parsed = Price.fromstring(num, decimal_separator=".").amount_float
            if parsed is None:
                continue
            value, step = parsed, stated_step(num)
        factor = _SCALE_BN[scale]
        start = m.start("cur") if m["cur"] else m.start("num")
        out.append(
            Amount(
                value * factor,
                _currency(m["cur"], m["post"]),
                start,
                m.end(),
                text[start : m.end()].strip(),
                step * factor,
            )
        )
    return out


def find_percents(text: str) -> list[Percent]:
    """Every percentage in ``text``, left to right."""
    return [
        Percent(
            float(m["num"]),
            m.start(),
            m.end(),
            m.group(0),
            m["unit"].lower().startswith("percentage"),
            0.5 * 10.0 ** -len(m["num"].split(".")[1]) if "." in m["num"] else 0.5,
        )
        for m in _PERCENT.finditer(text)
    ]
