"""The nine 部门决算 tables laid out as on the official forms: header rows with merged cells,
then the body grid, cell by cell.

Every format (HTML, XLSX, DOCX, the seed-layout text) draws the same :class:`TableLayout`,
so merged headers and the pairing of two-sided tables are decided once, here:

- **two-sided** (01 收入支出决算总表, 04 财政拨款收入支出决算总表): 收入 left, 支出 right. A
  row pairs the income line of 行次 *r* with the expenditure line of 行次 *r + n* (n = the
  number of income 行次), which reproduces the blank padding rows of the printed form; when
  the 行次 are missing the two sides are paired in order;
- **coded** (02, 03, 05, 07, 08): 科目编码 | 科目名称 | value columns. The value headers are
  a tree built from the column names' ``·`` paths (``本年支出·基本支出``); a column with a
  shorter path spans the rows below it. A row without a code (合计) spans both label columns;
- **three panels** (06 基本支出明细表): 人员经费 | 公用经费 (商品和服务支出) | 公用经费 (the other
  economic classes), each 科目编码 | 科目名称 | 金额; the 合计 lines close the panels;
- **columns only** (09 “三公”经费表): the header tree and the 栏次 row, then the values.

Amounts are shown in 万元 with two decimals (:func:`jixiao.report.common.money`); a cell
the reader could not turn into a number shows its raw text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest
from typing import Protocol

from jixiao.model.accounts import Entry, Table, TableKind
from jixiao.model.source import Source
from jixiao.report.common import money


class FormTable(Protocol):
    """What a layout reads from a table: a 决算 :class:`~jixiao.model.accounts.Table` or a
    budget :class:`~jixiao.model.budget.BudgetTable` (the budget's layouts are chosen in
    :mod:`jixiao.report.budget_view`)."""

    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def department(self) -> str | None: ...
    @property
    def money_unit(self) -> str | None: ...
    @property
    def columns(self) -> tuple[str, ...]: ...
    @property
    def entries(self) -> tuple[Entry, ...]: ...
    @property
    def notes(self) -> tuple[str, ...]: ...
    @property
    def empty_note(self) -> str | None: ...
    @property
    def source(self) -> Source: ...
    def side(self, side: str) -> tuple[Entry, ...]: ...


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Cell:
    """A body cell: ``kind`` is ``num`` (an amount), ``code``, ``row_no``, ``label`` or ``blank``."""

    text: str
    kind: str = "label"
    value: Decimal | None = None
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class TableLayout:
    kind: str  # TableKind value
    number: str  # "公开01表"
    title: str
    department: str
    unit: str  # "万元"
    width: int  # grid columns
    header: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...]
    line: int | None  # where the table was read from

    @property
    def amounts(self) -> list[Decimal | None]:
        """Every amount cell's value, row by row, left to right (for round-trip tests)."""
        return [c.value for row in self.rows for c in row if c.kind == "num"]

    @property
    def wide(self) -> bool:
        return self.width > 6

    def column_widths(self) -> list[float]:
        """Relative column widths in percent, from the longest text of each column (CJK
        characters count double), so that renderers can lay the table out fixed."""
        longest = [4.0] * self.width
        for row in self.rows:
            for c, cell in body_positions(row):
                if cell.colspan == 1 and c < self.width:
                    n = sum(2 if ord(ch) > 0x2E80 else 1 for ch in cell.text)
                    if cell.kind == "num":
                        n = max(n, 10)  # room for 99,999.99 even where the column holds small sums
                    longest[c] = max(longest[c], min(float(n), 40.0))
        for _row, c, h in grid(self.header):
            if h.colspan == 1 and c < self.width:
                longest[c] = max(longest[c], min(2.0 * len(h.text), 16.0))
        total = sum(longest)
        return [round(100 * w / total, 2) for w in longest]


# -- building blocks ---------------------------------------------------------------------------


def _num(entry: Entry, column: str) -> Cell:
    for a in entry.amounts:
        if a.column == column:
            text = money(a.value) if a.value is not None else a.raw
            return Cell(text, "num", a.value)
    return Cell("", "num")


def _value_tree(columns: tuple[str, ...], depth: int) -> list[list[HeaderCell]]:
    """Header rows for value columns named by ``·`` paths, merged where the paths agree."""
    paths = [c.split("·") for c in columns]
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:  # covered by a cell above that spans down
                i += 1
                continue
            j = i + 1
            while j < len(paths) and len(paths[j]) > level and paths[j][: level + 1] == path[: level + 1]:
                j += 1
            rowspan = depth - level if len(path) == level + 1 else 1
            rows[level].append(HeaderCell(path[level], colspan=j - i, rowspan=rowspan))
            i = j
    return rows


def _depth(columns: tuple[str, ...]) -> int:
    return max((len(c.split("·")) for c in columns), default=1)


def _stub(table: FormTable) -> tuple[str, str, str]:
    return table.number or "", table.department or "", table.money_unit or "万元"


def _layout(table: FormTable, width: int, header, rows, notes: tuple[str, ...] | None = None) -> TableLayout:
    number, department, unit = _stub(table)
    all_notes = tuple(notes if notes is not None else table.notes)
    if table.empty_note and not any(table.empty_note in n for n in all_notes):
        all_notes = (*all_notes, table.empty_note)
    return TableLayout(
        kind=str(table.kind),
        number=number,
        title=table.title,
        department=department,
        unit=unit,
        width=width,
        header=tuple(tuple(r) for r in header),
        rows=tuple(tuple(r) for r in rows),
        notes=all_notes,
        line=table.source.line,
    )


# -- two-sided tables (01, 04) ------------------------------------------------------------------


def _side_columns(entries: tuple[Entry, ...]) -> tuple[str, ...]:
    best: tuple[str, ...] = ()
    for e in entries:
        cols = tuple(a.column for a in e.amounts)
        if len(cols) > len(best):
            best = cols
    return best or ("金额",)


def _row_no(e: Entry) -> int | None:
    return int(e.row_no) if e.row_no and e.row_no.isdigit() else None


def _paired(left: tuple[Entry, ...], right: tuple[Entry, ...]):
    """(row_no, entry) pairs for both sides, row by row, blank rows restored from 行次."""
    numbered = all(_row_no(e) for e in (*left, *right)) and left and right
    if not numbered:
        return list(zip_longest([(None, e) for e in left], [(None, e) for e in right], fillvalue=(None, None)))
    n = min(_row_no(e) for e in right) - 1
    by_left = {_row_no(e): e for e in left}
    by_right = {_row_no(e): e for e in right}
    last = max(max(by_left), max(by_right) - n)
    if n < 1 or last > 200:  # 行次 not as on the form: pair in order
        return list(zip_longest([(None, e) for e in left], [(None, e) for e in right], fillvalue=(None, None)))
    return [((r, by_left.get(r)), (r + n, by_right.get(r + n))) for r in range(1, last + 1)]


def _side_cells(row_no: int | None, entry: Entry | None, columns: tuple[str, ...]) -> list[Cell]:
    shown_no = str(row_no) if row_no is not None else (entry.row_no or "" if entry else "")
    if entry is None:
        return [Cell(""), Cell(shown_no, "row_no"), *(Cell("", "blank") for _ in columns)]
    return [Cell(entry.name), Cell(shown_no, "row_no"), *(_num(entry, c) for c in columns)]


def two_sided(table: FormTable, sides: tuple[str, str] = ("收入", "支出")) -> TableLayout:
    left, right = table.side(sides[0]), table.side(sides[1])
    lcols, rcols = _side_columns(left), _side_columns(right)
    header = [
        [HeaderCell(sides[0], colspan=2 + len(lcols)), HeaderCell(sides[1], colspan=2 + len(rcols))],
        [
            *(HeaderCell("项目"), HeaderCell("行次"), *(HeaderCell(c) for c in lcols)),
            *(HeaderCell("项目"), HeaderCell("行次"), *(HeaderCell(c) for c in rcols)),
        ],
        [HeaderCell("栏次"), HeaderCell("")]
        + [HeaderCell(str(k + 1)) for k in range(len(lcols))]
        + [HeaderCell("栏次"), HeaderCell("")]
        + [HeaderCell(str(len(lcols) + k + 1)) for k in range(len(rcols))],
    ]
    rows = []
    for (lno, lentry), (rno, rentry) in _paired(left, right):
        rows.append(_side_cells(lno, lentry, lcols) + _side_cells(rno, rentry, rcols))
    return _layout(table, 4 + len(lcols) + len(rcols), header, rows)


# -- coded tables (02, 03, 05, 07, 08) ----------------------------------------------------------


def coded(table: FormTable) -> TableLayout:
    columns = table.columns
    depth = max(2, _depth(columns))
    tree = _value_tree(columns, depth)
    header = [list(r) for r in tree]
    header[0].insert(0, HeaderCell("项目", colspan=2, rowspan=depth - 1))
    header[depth - 1][:0] = [HeaderCell("科目编码"), HeaderCell("科目名称")]
    header.append([HeaderCell("栏次", colspan=2), *(HeaderCell(str(k + 1)) for k in range(len(columns)))])
    rows = []
    for e in table.entries:
        label = [Cell(e.code, "code"), Cell(e.name)] if e.code else [Cell(e.name, colspan=2)]
        rows.append(label + [_num(e, c) for c in columns])
    return _layout(table, 2 + len(columns), header, rows)


# -- 06: three panels ---------------------------------------------------------------------------

TOTAL_WORDS = ("合计", "总计")


def _panels(table: Table) -> tuple[list[Entry], list[Entry], list[Entry], Entry | None, Entry | None]:
    personnel = [e for e in table.side("人员经费") if e.code]
    public = [e for e in table.side("公用经费") if e.code]
    goods = [e for e in public if (e.code or "").startswith("302")]
    others = [e for e in public if not (e.code or "").startswith("302")]
    p_total = next((e for e in table.side("人员经费") if not e.code and e.name.endswith(TOTAL_WORDS)), None)
    g_total = next((e for e in table.side("公用经费") if not e.code and e.name.endswith(TOTAL_WORDS)), None)
    return personnel, goods, others, p_total, g_total


def _panel_cells(e: Entry | None) -> list[Cell]:
    if e is None:
        return [Cell("", "code"), Cell(""), Cell("", "blank")]
    return [Cell(e.code or "", "code"), Cell(e.name), _num(e, e.amounts[0].column if e.amounts else "金额")]


def three_panels(table: Table) -> TableLayout:
    personnel, goods, others, p_total, g_total = _panels(table)
    header = [
        [HeaderCell("人员经费", colspan=3), HeaderCell("公用经费", colspan=6)],
        [HeaderCell("科目编码"), HeaderCell("科目名称"), HeaderCell("金额")] * 3,
    ]
    rows = []
    for a, b, c in zip_longest(personnel, goods, others):
        rows.append(_panel_cells(a) + _panel_cells(b) + _panel_cells(c))
    total_row = [Cell("", "code"), Cell(p_total.name if p_total else "人员经费合计")]
    total_row.append(_num(p_total, p_total.amounts[0].column) if p_total and p_total.amounts else Cell("", "blank"))
    total_row += [Cell("", "code"), Cell(""), Cell("", "blank"), Cell("", "code")]
    total_row.append(Cell(g_total.name if g_total else "公用经费合计"))
    total_row.append(_num(g_total, g_total.amounts[0].column) if g_total and g_total.amounts else Cell("", "blank"))
    rows.append(total_row)
    return _layout(table, 9, header, rows)


# -- 09: columns only ---------------------------------------------------------------------------


def columns_only(table: FormTable) -> TableLayout:
    columns = table.columns
    depth = _depth(columns)
    header = [list(r) for r in _value_tree(columns, depth)]
    header.append([HeaderCell(str(k + 1)) for k in range(len(columns))])
    rows = [[_num(e, c) for c in columns] for e in table.entries]
    return _layout(table, len(columns), header, rows)


def layout(table: Table) -> TableLayout:
    """The official layout for ``table``, chosen by its kind."""
    if table.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
        return two_sided(table)
    if table.kind == TableKind.GENERAL_BUDGET_BASIC:
        return three_panels(table)
    if table.kind == TableKind.THREE_PUBLIC:
        return columns_only(table)
    return coded(table)


def grid(rows: tuple[tuple[HeaderCell, ...], ...]) -> list[tuple[int, int, HeaderCell]]:
    """(row, column, cell) for header rows, placing each cell after those spanning into its row
    (the HTML table model), 0-based."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return out


def body_positions(row: tuple[Cell, ...]) -> list[tuple[int, Cell]]:
    """(column, cell) for a body row, 0-based, honouring colspans."""
    out = []
    c = 0
    for cell in row:
        out.append((c, cell))
        c += cell.colspan
    return out
