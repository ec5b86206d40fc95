"""Money units as printed (元, 万元, 亿元) and the scale they stand for.

Amounts are kept in the unit they are printed in; :func:`to_unit` converts one only to compare it
with an amount printed in another unit. Where a unit is printed decides its reach
(:class:`UnitScope`): a sentence's own unit (``…3.5万元``) over a column header's (``金额（元）``),
a column header's over its table's (``单位：万元``), a table's over the document's; the unit printed
nearest to a number is the number's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000), "万": Decimal(10000), "亿元": Decimal(10**8)}
SCALES = (Decimal(10**4), Decimal(10**8))  # 元 → 万元, 元 → 亿元 (and 万元 → 亿元 is 10⁴ again)
CENT = Decimal("0.01")


def to_unit(value: Decimal, unit: str, target: str) -> Decimal:
    """A money value converted from its printed unit to ``target`` (only to compare)."""
    if unit == target or unit not in MONEY_UNITS or target not in MONEY_UNITS:
        return value
    return value * MONEY_UNITS[unit] / MONEY_UNITS[target]


def coarser(unit: str, other: str) -> str:
    """Of two printed units the larger one (万元 over 元): amounts are compared at its last place."""
    if unit not in MONEY_UNITS or other not in MONEY_UNITS:
        return unit
    return unit if MONEY_UNITS[unit] >= MONEY_UNITS[other] else other


def comparable(value: Decimal, unit: str | None, other: str | None) -> tuple[Decimal, str | None]:
    """``value`` (printed in ``unit``) ready to compare with an amount printed in ``other``: in the
    coarser of the two units, rounded to its cents as a table printing that unit would (unchanged
    when the units agree or one is not known)."""
    if not unit or not other or unit == other or unit not in MONEY_UNITS or other not in MONEY_UNITS:
        return value, unit or other
    target = coarser(unit, other)
    return to_unit(value, unit, target).quantize(CENT, rounding=ROUND_HALF_UP), target


def scale_factor(value: Decimal, other: Decimal) -> Decimal | None:
    """The factor (10⁴ or 10⁸, or its inverse) by which ``other`` is ``value`` written in another money
    unit — equal to the last place of the coarser unit (1,234,567.00 元 and 123.46 万元) — or None."""
    if not value or not other:
        return None
    for factor in SCALES:
        # equal within the coarser unit's last place, and about that many times larger (0.01 and
        # 0.01 are equal within 100 at 10⁴ too, but not 10⁴ apart)
        for small, large, found in ((value, other, factor), (other, value, 1 / factor)):
            if abs(small * factor - large) <= CENT * factor and factor / 2 <= large / small <= factor * 2:
                return found
    return None


@dataclass(frozen=True, slots=True)
class UnitScope:
    """The units printed around a number, from the widest to the nearest (None where not printed)."""

    document: str | None = None  # the first unit the document prints: the default
    table: str | None = None  # the table's ``单位：万元``
    column: str | None = None  # the column header's ``金额（元）``
    sentence: str | None = None  # the unit printed with the number itself

    @property
    def unit(self) -> str | None:
        """The unit of the number: the nearest printed."""
        return self.sentence or self.column or self.table or self.document

    def within(self, **nearer: str | None) -> UnitScope:
        """This scope with nearer units printed (a table's, then a column's …); None keeps the outer one."""
        values = {k: v for k, v in nearer.items() if v}
        return UnitScope(
            values.get("document", self.document), values.get("table", self.table),
            values.get("column", self.column), values.get("sentence", self.sentence),
        )  # fmt: skip
