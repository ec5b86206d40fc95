"""指标值 cells with their helper columns, and the 一级 → 二级 list check.

The 指标值 cell holds the value as written and is what is read (through the target grammar,
exactly as the text readers do). The helper columns 比较符 / 数值 / 计量单位 are a way of
filling it in: when the 指标值 cell is empty they make up the value (``≥`` ``3`` ``次`` →
``≥3次``); when both are filled and disagree, the 指标值 wins and a finding says so.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from jixiao.ingest.context import read_target
from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.model.target import TargetValue
from jixiao.xlsx_layout import LEVEL1, LEVEL2_BY_LEVEL1

_SIGN_SPELLINGS = {">=": "≥", "<=": "≤", "≧": "≥", "≦": "≤", "＞": ">", "＜": "<", "＝": "=", "==": "="}


def read_target_cells(cells: SheetCells, row: int, col: int, helper_col: int | None, *, subject: str,
                      role: str) -> TargetValue:
    """The 指标值 in ``col`` with its helpers in ``helper_col`` … ``helper_col + 2``."""
    parts = ("", "", "")
    if helper_col is not None:
        parts = (cells.text(row, helper_col), cells.text(row, helper_col + 1), cells.text(row, helper_col + 2))
    return target_from_parts(cells, row, col, cells.text(row, col), parts, subject=subject, role=role)


def target_from_parts(cells: SheetCells, row: int, col: int, raw: str, parts: tuple[str, str, str], *,
                      subject: str, role: str) -> TargetValue:
    """Read ``raw``; when it is empty, the value the parts (比较符, 数值, 计量单位) make up."""
    sign, number, unit = parts
    sign = _SIGN_SPELLINGS.get(sign, sign)
    composed = not raw and bool(number)
    if composed:
        raw = f"{sign}{number}{unit}"
    value = read_target(cells.ctx, raw, cells.src(row, col), subject, role=role)
    if not composed and raw and (sign or number or unit) and not _agrees(value, sign, number, unit):
        cells.report("excel-target-parts-mismatch", row, col, text=raw, parts=f"{sign}{number}{unit}",
                     subject=subject, actual=raw, expected=f"{sign}{number}{unit}")
    return value


def _agrees(value: TargetValue, sign: str, number: str, unit: str) -> bool:
    if sign and (value.comparison is None or value.comparison.value != sign):
        return False
    if number:
        try:
            if value.number is None or Decimal(number.replace(",", "")) != value.number:
                return False
        except InvalidOperation:
            return False
    return not (unit and (value.unit or "") != unit)


def check_levels(cells: SheetCells, row: int, col1: int, col2: int, level1: str, level2: str, *,
                 own_level1: bool, own_level2: bool) -> None:
    """一级 must be one of the list; a 二级 written on the row must belong to the 一级 in force."""
    if not level1:
        return
    if level1 not in LEVEL2_BY_LEVEL1:
        if own_level1:
            cells.report("excel-level1-unknown", row, col1, level1=level1, allowed="、".join(LEVEL1), actual=level1)
        return
    allowed = LEVEL2_BY_LEVEL1[level1]
    if own_level2 and level2 and level2 not in allowed:
        cells.report("excel-level2-unknown", row, col2, level1=level1, level2=level2, allowed="、".join(allowed),
                     actual=level2)
