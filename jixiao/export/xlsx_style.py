"""Cell styling for the templates: labels, input cells, merged blocks, row heights.

Kept apart from the writer so that the writer reads as a description of the layout.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.xlsx_layout import FONT, HELPER_FILL

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LABEL_FONT = Font(name=FONT, size=10, bold=True)
BODY_FONT = Font(name=FONT, size=10)
TITLE_FONT = Font(name=FONT, size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
HELPER = PatternFill("solid", fgColor=HELPER_FILL)
FORMULA_FILL = PatternFill("solid", fgColor="FFF2CC")


def box(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """Border every cell of a block (merged cells included, so that the frame prints)."""
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            ws.cell(r, c).border = BORDER


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    box(ws, first_row, first_col, last_row, last_col)
    if (first_row, first_col) != (last_row, last_col):
        ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)


def label(ws: Worksheet, row: int, col: int, text: str, *, to_row: int | None = None, to_col: int | None = None,
          fill: bool = True) -> None:
    """A printed label of the form: bold, centred, locked."""
    cell = ws.cell(row, col, text)
    cell.font = LABEL_FONT
    cell.alignment = CENTER
    cell.protection = LOCKED
    if fill:
        cell.fill = LABEL_FILL
    merge(ws, row, col, to_row or row, to_col or col)


def entry(ws: Worksheet, row: int, col: int, value: object, *, to_row: int | None = None, to_col: int | None = None,
          number_format: str | None = None, align: Alignment = LEFT, locked: bool = False) -> None:
    """A cell the user fills in: unlocked (unless ``locked``), bordered, wrapped."""
    cell = ws.cell(row, col, value)
    cell.font = BODY_FONT
    cell.alignment = align
    cell.protection = LOCKED if locked else UNLOCKED
    if number_format:
        cell.number_format = number_format
    merge(ws, row, col, to_row or row, to_col or col)
    for r in range(row, (to_row or row) + 1):  # the covered cells of a merge stay editable too
        for c in range(col, (to_col or col) + 1):
            ws.cell(r, c).protection = LOCKED if locked else UNLOCKED


# Cells whose formula jixiao wrote on purpose (a rate, a sum); every other text that starts with "="
# (an indicator named "=1+2*3") is written as text by :func:`save`, never as a live formula.
_FORMULAS: WeakKeyDictionary[Worksheet, set[tuple[int, int]]] = WeakKeyDictionary()


def formula_entry(ws: Worksheet, row: int, col: int, formula: str, **options: Any) -> None:
    """A computed cell (``=SUM(…)``): :func:`entry`, and the formula kept live when saved."""
    entry(ws, row, col, formula, **options)
    _FORMULAS.setdefault(ws, set()).add((row, col))


def save(wb: Workbook, path: str | Path) -> None:
    """Save a workbook with every formula that jixiao did not write itself turned into text:
    a value from a document or a user that starts with "=" must never run in the reader's Excel."""
    for ws in wb.worksheets:
        ours = _FORMULAS.get(ws, set())
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and (cell.row, cell.column) not in ours:
                    cell.data_type = "s"
    wb.save(str(path))


def widths(ws: Worksheet, sizes: dict[int, float]) -> None:
    for col, size in sizes.items():
        ws.column_dimensions[get_column_letter(col)].width = size


def fit_height(ws: Worksheet, row: int, text: str | None, chars_per_line: float, *, minimum: float = 20) -> None:
    """Excel does not grow merged rows to their text: estimate the lines (CJK counts as one
    character of a column width of about two units) and set the row height."""
    if not text:
        current = ws.row_dimensions[row].height or 0
        ws.row_dimensions[row].height = max(current, minimum)
        return
    lines = sum(max(1, math.ceil(_display_width(part) / max(chars_per_line, 1))) for part in text.split("\n"))
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, minimum, 14 * lines + 6)


def _display_width(text: str) -> float:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
