"""A worksheet read as text: a line per sheet row, its cells separated by tabs (empty cells kept, the
merged cells' others empty), so that a kind read from text (the 部门整体支出绩效目标表,
:mod:`jixiao.ingest.department_targets`) reads a workbook by the same reader, its locations given as
the sheet, row and column."""

from __future__ import annotations

import datetime as dt

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line
from jixiao.ingest.xlsx.cells import plain, to_decimal
from jixiao.model.source import Source


class SheetContext(ReadContext):
    """A reading context whose line numbers are the sheet's row numbers: every location is the
    sheet's row and column (``表“Sheet1” 表内第5行 第3列``)."""

    def __init__(self, path: str, sheet: str, lines: list[Line]):
        super().__init__(path, lines)
        self.sheet = sheet

    def source(
        self,
        line: int | Line | None = None,
        *,
        page: int | None = None,
        table: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> Source:
        number = line.number if isinstance(line, Line) else line
        return Source(self.path, None, None, table or self.sheet, row or number, column)


def cell_text(value: object) -> str:
    """A cell as text: numbers through their shortest decimal text, a line break as a space."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = to_decimal(value)
        return plain(number) if number is not None else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).replace("\t", " ").split("\n")).strip()


def sheet_lines(values_ws) -> list[Line]:
    """The rows of a worksheet (loaded with values) as text lines, line n = row n."""
    out: list[Line] = []
    for n, row in enumerate(values_ws.iter_rows(values_only=True), 1):
        cells = [cell_text(v) for v in row]
        while cells and not cells[-1]:
            cells.pop()
        out.append(Line(n, "\t".join(cells)))
    return out
