"""Inputs and output of the cost ledger."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from cardtable._typing import FloatArray
from cardtable.errors import InputError

__all__ = ["DebtProfile", "Ledger", "SellerBook"]


@dataclass(frozen=True)
class SellerBook:
    """One acting holder's book.

    Attributes
    ----------
    name
        TIC name (``Japan``); used as the prefix of its ledger lines.
    currency
        Home currency (``USD`` = proceeds stay in dollars, no FX lines).
    holdings_usd_bn
        Treasury holdings at the as-of month (TIC, market value).
    mix
        Shares of holdings in bills, notes, bonds (sum 1).
    sold_usd_bn
        ``(T, 3)`` the actor's own sales by day and bucket.
    converted_usd_bn
        ``(T,)`` proceeds converted into the home currency.
    exports_to_us_usd_bn_per_year
        Goods exports to the US (for the exporters' line).
    """

    name: str
    currency: str
    holdings_usd_bn: float
    mix: tuple[float, float, float]
    sold_usd_bn: FloatArray
    converted_usd_bn: FloatArray
    exports_to_us_usd_bn_per_year: float = 0.0

    def checked(self, T: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Validated ``mix (3,)``, ``sold (T, 3)``, ``converted (T,)`` as float64."""
        where = f"seller {self.name!r}"
        mix = np.asarray(self.mix, dtype=np.float64)
        if mix.shape != (3,) or np.any(mix < 0) or abs(mix.sum() - 1.0) > 1e-6:
            raise InputError(f"{where}.mix", self.mix, "three shares >= 0 that sum to 1")
        sold = np.asarray(self.sold_usd_bn, dtype=np.float64)
        if sold.shape != (T, 3) or np.any(sold < 0) or not np.all(np.isfinite(sold)):
            raise InputError(
                f"{where}.sold_usd_bn", f"shape {sold.shape}", f"a ({T}, 3) array of USD bn >= 0"
            )
        conv = np.asarray(self.converted_usd_bn, dtype=np.float64)
        if conv.shape != (T,) or np.any(conv < 0) or not np.all(np.isfinite(conv)):
            raise InputError(
                f"{where}.converted_usd_bn", f"shape {conv.shape}", f"a ({T},) array of USD bn >= 0"
            )
        if not (np.isfinite(self.holdings_usd_bn) and self.holdings_usd_bn >= 0):
            raise InputError(f"{where}.holdings_usd_bn", self.holdings_usd_bn, "USD bn >= 0")
        return mix, sold, conv


@dataclass(frozen=True)
class DebtProfile:
    """US marketable debt held by the public at the as-of month (MSPD) and the deficit.

    Attributes
    ----------
    marketable_usd_bn
        Total marketable debt held by the public.
    bills_usd_bn, frn_usd_bn, notes_usd_bn, bonds_usd_bn, tips_usd_bn
        Its composition.
    deficit_usd_bn_per_year
        Latest annual federal deficit (new borrowing).
    """

    marketable_usd_bn: float
    bills_usd_bn: float
    frn_usd_bn: float
    notes_usd_bn: float
    bonds_usd_bn: float
    tips_usd_bn: float
    deficit_usd_bn_per_year: float

    def __post_init__(self) -> None:
        for name in (
            "marketable_usd_bn",
            "bills_usd_bn",
            "frn_usd_bn",
            "notes_usd_bn",
            "bonds_usd_bn",
            "tips_usd_bn",
        ):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise InputError(f"debt.{name}", value, "USD bn >= 0")
        if self.marketable_usd_bn <= 0:
            raise InputError("debt.marketable_usd_bn", self.marketable_usd_bn, "USD bn > 0")


@dataclass(frozen=True)
class Ledger(Mapping[str, FloatArray]):
    """Named cost lines, each ``(D,)`` USD bn; positive = a cost or loss to that party.

    Attributes
    ----------
    lines
        Line name -> ``(D,)`` float64 array, in a stable order (sellers first, then totals,
        other holders, the US Treasury and US households).
    transfers
        Line (pattern) -> why it is, in part, a transfer to another party of the ledger
        (amounts that net out when lines are summed across parties).
    """

    lines: dict[str, FloatArray] = field(default_factory=dict)
    transfers: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> FloatArray:
        return self.lines[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)
