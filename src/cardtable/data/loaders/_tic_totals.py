"""The TIC tables' totals: every Grand Total equals the sum of the rows above it within the
file's rounding, and foreign official holdings equal their bills plus bonds and notes."""

from __future__ import annotations

from cardtable.errors import ParseError

__all__ = ["OLD_SERIES_TOLERANCE", "ROUNDING_USD_BN", "check_totals", "total_tolerance_usd_bn"]

_OFFICIAL = "Of which: Foreign Official"

#: Every published figure is rounded to USD 0.1 bn, so a sum of n rows may differ from the
#: published total by up to n x 0.05 bn, plus 0.05 for the total's own rounding.
ROUNDING_USD_BN = 0.05
#: Series-break comparison columns are held to 0.5% instead: the official Series VI estimate for
#: June 2006 (mfhhis01.txt, vintage 2026-03-18) is 2.5 bn off its rows, beyond rounding.
OLD_SERIES_TOLERANCE = 0.005


def total_tolerance_usd_bn(total_usd_bn: float, n_rows: int, old_series: bool) -> float:
    """How far a Grand Total may lie from the sum of its ``n_rows`` rows.

    ``(n_rows + 1) x 0.05`` bn (rounding) in the main series; 0.5% of the total in a
    series-break comparison column.
    """
    if old_series:
        return OLD_SERIES_TOLERANCE * total_usd_bn
    return ROUNDING_USD_BN * (n_rows + 1)


def check_totals(
    block: list[tuple[int, str, dict[int, float]]],
    cols: list[tuple[int, str, bool]],
    name: str,
) -> None:
    """The Grand Total of every column equals the sum of the rows above it within rounding,
    and the foreign-official total equals its bills plus bonds and notes."""
    for j, month, old in cols:
        rows = [(i, label, values[j]) for i, label, values in block if j in values]
        holders = [
            v for _, label, v in rows if label != "Grand Total" and not label.startswith("Of which")
        ]
        total = [(i, v) for i, label, v in rows if label == "Grand Total"]
        if not total:
            continue
        line, value = total[0]
        gap = abs(value - sum(holders))
        allowed = OLD_SERIES_TOLERANCE * value if old else ROUNDING_USD_BN * (len(holders) + 1)
        if gap > allowed + 1e-9:
            raise ParseError(
                f"{name} line {line + 1}: Grand Total at {month} (column {j}) is {value:g} but "
                f"the {len(holders)} rows above it sum to {sum(holders):.1f}; allowed: a "
                f"difference up to {allowed:.2f} (rounding to 0.1 bn)"
            )
        official = {label: (i, v) for i, label, v in rows if label.startswith("Of which")}
        parts = [official.get(f"{_OFFICIAL}{p}") for p in (" Treasury Bills", " T-Bonds & Notes")]
        whole = official.get(_OFFICIAL)
        if whole is not None and whole[1] > value + 1e-9:
            raise ParseError(
                f"{name} line {whole[0] + 1}: foreign official holdings at {month} "
                f"({whole[1]:g}) exceed the Grand Total ({value:g}); allowed: at most the total"
            )
        if whole is not None and parts[0] is not None and parts[1] is not None:
            split = parts[0][1] + parts[1][1]
            if abs(whole[1] - split) > 3 * ROUNDING_USD_BN + 1e-9:
                raise ParseError(
                    f"{name} line {whole[0] + 1}: foreign official holdings at {month} "
                    f"({whole[1]:g}) differ from Treasury Bills plus T-Bonds & Notes "
                    f"({split:.1f}); allowed: a difference up to 0.15 (rounding)"
                )
