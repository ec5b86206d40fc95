"""Finding the blocks of a template sheet by their labels, and rows that do not belong.

The reader never trusts row numbers: each block is found by its label, searching downwards
from where the previous block was found. Between two blocks the layout has a known number
of rows; any more are rows someone inserted where the form has none. Those rows are kept as
raw text with an ``excel-row-inserted`` finding, and reading goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.model.document import RawText

Match = Callable[[str], bool]


def compact(text: str) -> str:
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def find_row(cells: SheetCells, match: Match, start: int, col: int = 1, limit: int | None = None) -> int | None:
    """The first row from ``start`` whose cell in ``col`` matches (on whitespace-free text)."""
    last = cells.max_row if limit is None else min(cells.max_row, start + limit)
    for row in range(max(start, 1), last + 1):
        if match(compact(cells.peek(row, col))):
            return row
    return None


def report_inserted(cells: SheetCells, rows: list[int], block: str, unplaced: list[RawText], last_col: int) -> None:
    for row in rows:
        text = cells.keep_row(row, unplaced, last_col) or "（空行）"
        cells.report("excel-row-inserted", row, None, block=block, text=text[:60])


def pick_rows(cells: SheetCells, candidates: list[int], wanted: int, first_col: int, last_col: int) -> list[int]:
    """Of the rows between two blocks, the ``wanted`` rows that hold the block's data: rows
    with content in the data columns first, then the ones nearest the next block."""
    if len(candidates) <= wanted:
        return candidates
    filled = [r for r in candidates if any(cells.peek(r, c) for c in range(first_col, last_col + 1))]
    chosen = filled[:wanted] if len(filled) >= wanted else filled + [r for r in reversed(candidates)
                                                                       if r not in filled][: wanted - len(filled)]
    return sorted(chosen)
