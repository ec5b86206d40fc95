"""Reading cells of one worksheet: texts, numbers, published figures, locations, leftovers.

A :class:`SheetCells` wraps a worksheet loaded twice (formulas, and the values Excel last
computed) and keeps track of the cells a reader used; every other non-empty cell ends up
as raw text with an ``excel-cell-unplaced`` finding, so nothing in a workbook is dropped.

Numbers: a number cell is read as Decimal through its shortest float text (``4.4586``), never
through binary arithmetic. The text a number was published with (``17.00``) is taken from the
row's hidden column (:data:`~jixiao.xlsx_layout.RAW_COLUMN`) when it still denotes the
cell's value; a changed cell is read as its new value. A formula cell gives the value Excel
computed when the file was last saved by Excel, else the published value the writer kept.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import parse_decimal
from jixiao.model.document import RawText
from jixiao.model.selfeval import Figure
from jixiao.model.source import Source
from jixiao.numbers import MAX_DIGITS, brief, in_range
from jixiao.xlsx_layout import RAW_COLUMN

DASHES = frozenset({"-", "—", "－", "/", "–"})


def plain(value: Decimal) -> str:
    """A decimal without exponent and without trailing zeros: ``17``, ``0.9885``."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_decimal(value: object) -> Decimal | None:
    """A number cell's value as Decimal; None for text, and for a number out of range
    (:func:`jixiao.numbers.in_range`: ``1e300``, ``inf``), which :func:`out_of_range` tells apart."""
    number = _decimal(value)
    return number if number is not None and in_range(number) else None


def out_of_range(value: object) -> bool:
    """A number cell whose value jixiao does not compute with (kept as text, reported)."""
    number = _decimal(value)
    return (number is not None and not in_range(number)) or (isinstance(value, float) and number is None)


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation:  # inf / nan
            return None
    return None


def cell_text(value: object, number_format: str = "General") -> str:
    """What a cell shows as text: numbers without float noise, percent cells as ``90%``."""
    if value is None:
        return ""
    number = to_decimal(value)
    if number is not None:
        if "%" in (number_format or ""):
            return plain(number * 100) + "%"
        return plain(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class SheetCells:
    def __init__(self, ctx: ReadContext, ws: Worksheet, values: Worksheet | None = None):
        self.ctx = ctx
        self.ws = ws
        self.values = values
        self.name = ws.title
        self.used: set[tuple[int, int]] = set()
        self.max_row = ws.max_row
        self.max_col = ws.max_column
        self._raws: dict[int, dict[str, str]] = {}
        self._merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        self._merged[(r, c)] = (rng.min_row, rng.min_col)
        self._read_raw_column()

    # -- locations ------------------------------------------------------------------------------------------
    def src(self, row: int, col: int | None = None) -> Source:
        return Source(self.ctx.path, table=self.name, row=row, column=col)

    def where(self, row: int, col: int | None = None) -> str:
        if col is None:
            return f"工作表“{self.name}”第{row}行"
        letter = get_column_letter(col)
        return f"工作表“{self.name}”第{row}行第{letter}列（{letter}{row}）"

    def report(self, code: str, row: int, col: int | None = None, **kw: object) -> None:
        self.ctx.report(code, self.src(row, col), at=self.where(row, col), sheet=self.name, **kw)

    # -- raw access -----------------------------------------------------------------------------------------
    def raw(self, row: int, col: int) -> object:
        """The stored value (a formula as its text); marks the cell used."""
        self.used.add((row, col))
        cell = self.ws._cells.get((row, col))  # no cell is created by looking
        return None if cell is None or isinstance(cell, MergedCell) else cell.value

    def merged_anchor(self, row: int, col: int) -> tuple[int, int] | None:
        return self._merged.get((row, col))

    def text(self, row: int, col: int) -> str:
        value = self.raw(row, col)
        if isinstance(value, str) and value.startswith("="):
            return cell_text(self._computed(row, col), self._format(row, col))
        return cell_text(value, self._format(row, col))

    def peek(self, row: int, col: int) -> str:
        """The text of a cell without marking it used (for finding labels)."""
        cell = self.ws._cells.get((row, col))
        if cell is None or isinstance(cell, MergedCell):
            return ""
        return cell_text(cell.value, cell.number_format)

    def row_texts(self, row: int, last_col: int | None = None) -> list[tuple[int, str]]:
        out = []
        for col in range(1, (last_col or self.max_col) + 1):
            if col == RAW_COLUMN:
                continue
            text = self.peek(row, col)
            if text:
                out.append((col, text))
        return out

    def _format(self, row: int, col: int) -> str:
        cell = self.ws._cells.get((row, col))
        return "General" if cell is None else (cell.number_format or "General")

    def _computed(self, row: int, col: int) -> object:
        if self.values is None:
            return None
        cell = self.values._cells.get((row, col))
        return None if cell is None else cell.value

    # -- numbers --------------------------------------------------------------------------------------------
    def number(self, row: int, col: int, field: str) -> Decimal | None:
        """A number cell (money): Decimal, or None with a finding when it holds text."""
        value = self.raw(row, col)
        if isinstance(value, str) and value.startswith("="):
            value = self._computed(row, col)
        number = to_decimal(value)
        if number is None and out_of_range(value):
            self._out_of_range(row, col, value)
            return None
        if number is not None:
            kept = self.kept(row, get_column_letter(col))
            exact = parse_decimal(kept) if kept is not None else None
            return exact if exact is not None and exact == number else number  # "17.00" stays 17.00
        if value is None:
            return None
        text = cell_text(value)
        if not text or text in DASHES:
            return None
        parsed = parse_decimal(text)
        if parsed is None:
            self.report("excel-number-invalid", row, col, field=field, text=text, actual=text)
        return parsed

    def figure(self, row: int, col: int, field: str) -> Figure | None:
        """A published figure: its text as published where still valid, and its value."""
        value = self.raw(row, col)
        src = self.src(row, col)
        kept = self._raws.get(row, {}).get(get_column_letter(col))
        if isinstance(value, str) and value.startswith("="):
            computed = self._computed(row, col)
            if computed is None or computed == "":
                return None if kept is None else Figure(kept, parse_decimal(kept), src)
            value = computed
        number = to_decimal(value)
        if number is None and out_of_range(value):
            self._out_of_range(row, col, value)
            return Figure(str(value), None, src)
        if number is not None:
            exact = parse_decimal(kept) if kept is not None else None
            if kept is not None and exact is not None and exact == number:
                return Figure(kept, exact, src)
            return Figure(plain(number), number, src)
        text = cell_text(value)
        if not text:
            return None
        parsed = parse_decimal(text)
        if parsed is None and text not in DASHES:
            self.report("excel-number-invalid", row, col, field=field, text=text, actual=text)
        return Figure(text, parsed, src)

    def _out_of_range(self, row: int, col: int, value: object) -> None:
        written = brief(str(value))
        self.ctx.report("number-out-of-range", self.src(row, col), number=written, limit=MAX_DIGITS, actual=written)

    def kept(self, row: int, key: str) -> str | None:
        """What the writer kept about this row under ``key`` (a column letter, or a flag)."""
        return self._raws.get(row, {}).get(key)

    def _read_raw_column(self) -> None:
        for (row, col), cell in list(self.ws._cells.items()):
            if col != RAW_COLUMN or row == 1 or not isinstance(cell.value, str):
                continue
            try:
                data = json.loads(cell.value)
            except ValueError:
                continue
            if isinstance(data, dict):
                self._raws[row] = {str(k): str(v) for k, v in data.items()}

    # -- leftovers ------------------------------------------------------------------------------------------
    def leftovers(self, unplaced: list[RawText]) -> None:
        """Every non-empty cell no reader used: kept as raw text, with a finding."""
        for (row, col), cell in sorted(self.ws._cells.items()):
            if (row, col) in self.used or col == RAW_COLUMN or isinstance(cell, MergedCell):
                continue
            text = cell_text(cell.value, cell.number_format)
            if not text:
                continue
            self.used.add((row, col))
            unplaced.append(RawText(text, self.src(row, col)))
            self.report("excel-cell-unplaced", row, col, text=text[:60])

    def keep_row(self, row: int, unplaced: list[RawText], last_col: int | None = None) -> str:
        """Mark a whole row used, keeping its text as raw text; return the text."""
        texts = self.row_texts(row, last_col)
        for col, _ in texts:
            self.used.add((row, col))
        text = " | ".join(t for _, t in texts)
        if text:
            unplaced.append(RawText(text, self.src(row)))
        return text
