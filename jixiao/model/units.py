"""Money units as printed (元, 万元, 亿元) and the scale they stand for.

Amounts are kept in the unit they are printed in; :func:`to_unit` converts one only to compare it
with an amount printed in another unit. Where a unit is printed decides its reach
(:class:`UnitScope`): a sentence's own unit (``…3.5万元``) over a column header's (``金额（元）``),
a column header's over its table's (``单位：万元``), a table's over the document's; the unit printed
nearest to a number is the number's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10000), "万": Decimal(10000), "亿元": Decimal(10**8)}


def to_unit(value: Decimal, unit: str, target: str) -> Decimal:
    """A money value converted from its printed unit to ``target`` (only to compare)."""
    if unit == target or unit not in MONEY_UNITS or target not in MONEY_UNITS:
        return value
    return value * MONEY_UNITS[unit] / MONEY_UNITS[target]


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
