"""Reading one 绩效自评表 form: a pass over its lines with a small state machine (head → budget →
goal → indicators → totals → explanation → notes), the budget block resolved once all its rows
are known; the indicator rows are read by :class:`~jixiao.ingest.selfeval.rows.FormRows`."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.ingest.context import ReadContext
from jixiao.ingest.selfeval.cells import (
    BLOCK_LABEL,
    BUDGET_FIELDS,
    BUDGET_HEADER,
    FIELD_LABELS,
    FUNDING_NAMES,
    LEVEL_HEADERS,
    MONEY_UNIT,
    NOTE_START,
    YEAR,
    Cell,
    header_columns,
    is_budget_label,
    is_budget_norm,
    is_number,
    level_label,
    line_cells,
    points,
)
from jixiao.ingest.selfeval.rows import Draft, FormRows, Level
from jixiao.ingest.text import Line
from jixiao.model.selfeval import BudgetLine, Figure, SelfEvaluation


def read_form(ctx: ReadContext, lines: list[Line]) -> SelfEvaluation | None:
    """One 绩效自评表, from its title line up to the next title."""
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return None
    return FormReader(ctx, body).read()


@dataclass
class _BudgetRow:
    line: Line
    cells: list[Cell]
    name_index: int  # index into cells of the row name


class FormReader(FormRows):
    def __init__(self, ctx: ReadContext, body: list[Line]):
        self.ctx = ctx
        self.body = body
        self.title_line = body[0]
        self.title = body[0].text
        self.state = "head"
        self.year: int | None = None
        self.money_unit: str | None = None
        self.fields: dict[str, str] = {}  # 项目名称, 主管部门, 项目实施单位, 联系电话
        self.table = self.title  # the title and, once read, the project (see set_field)
        self.budget_label: str | None = None
        self.budget_header: dict[str, int] = {}
        self.budget_rows: list[_BudgetRow] = []
        self.goal_columns: dict[str, int] = {}
        self.goal_parts: dict[str, list[str]] = {"expected": [], "actual": []}
        self.goal_seen = False
        self.indicator_label: str | None = None
        self.indicator_header: dict[str, int] = {}
        self.carry = Level()
        self.drafts: list[Draft] = []
        self.subtotal: tuple[Figure | None, Figure | None] = (None, None)
        self.subtotal_seen = False
        self.total: Figure | None = None
        self.total_pending: Line | None = None  # the line whose "总分" label still waits for its number
        self.stray: list[Figure] = []
        self.low_label: str | None = None
        self.low_parts: list[str] = []
        self.notes: list[str] = []

    # -- the pass ------------------------------------------------------------------
    def read(self) -> SelfEvaluation:
        self.ctx.place(self.title_line)
        for line in self.body[1:]:
            self.read_line(line)
        budget_lines = self.resolve_budget()
        indicators = self.finish_indicators()
        self.report_missing()
        expected = "\n".join(self.goal_parts["expected"]) or None
        actual = "\n".join(self.goal_parts["actual"]) or None
        return SelfEvaluation(
            title=self.title,
            year=self.year,
            project=self.project,
            department=self.fields.get("主管部门"),
            unit=self.fields.get("项目实施单位"),
            phone=self.fields.get("联系电话"),
            money_unit=self.money_unit,
            budget_weight_label=self.budget_label,
            budget_points=points(self.budget_label) if self.budget_label else None,
            budget_lines=budget_lines,
            goal_expected=expected,
            goal_actual=actual,
            indicator_weight_label=self.indicator_label,
            indicator_points=points(self.indicator_label) if self.indicator_label else None,
            indicators=indicators,
            subtotal_weight=self.subtotal[0],
            subtotal_score=self.subtotal[1],
            total=self.total,
            low_score_label=self.low_label,
            low_score_explanation=" ".join(self.low_parts) or None,
            notes=tuple(self.notes),
            source=self.src(self.title_line),
            stray=tuple(self.stray),
        )

    def read_line(self, line: Line) -> None:
        cells = line_cells(self.ctx, line, self.table)
        if not cells:
            self.ctx.place(line)  # only a page number, already reported
            return
        norms = [c.norm for c in cells]
        text = " ".join([c.text for c in cells])
        if self.state == "notes" or ("注" in text and NOTE_START.match(text)):
            self.state = "notes"
            self.notes.append(text)
            self.ctx.place(line)
        elif self.state == "head" and self.year is None and YEAR.match(text):
            m = YEAR.match(text)
            self.year = int(m.group(1)) if m else None
            self.ctx.place(line)
        elif self.money_unit is None and MONEY_UNIT.match(text):
            m = MONEY_UNIT.match(text)
            self.money_unit = m.group(1) if m else None
            self.ctx.place(line)
        elif not FIELD_LABELS.isdisjoint(norms):
            self.read_fields(line, cells)
        elif "算" in text and any(is_budget_norm(n) for n in norms):  # (预算: a cheap test first)
            self.read_budget_header(line, cells)
        elif "年度总体目标" in norms or "年初预期目标" in norms:
            self.read_goal_header(line, cells, norms)
        elif self.state in ("head", "budget") and (funding := self.funding_index(norms)) is not None:
            self.budget_rows.append(_BudgetRow(line, cells, funding))
            self.state = "budget"
            self.ctx.place(line)
        elif not LEVEL_HEADERS.isdisjoint(norms):
            self.read_indicator_header(line, cells)
        elif norms[0].startswith("总分在"):
            self.low_label = cells[0].text
            self.low_parts.extend(c.text for c in cells[1:])
            self.state = "explanation"
            self.ctx.place(line)
        elif "小计" in norms:
            self.read_subtotal(line, cells, norms)
        elif "总分" in norms:
            self.read_total(line, cells, norms)
        elif (
            BLOCK_LABEL.match(norms[0])
            or self.state == "indicators"
            or (self.state == "goal" and level_label(norms[0]))
        ):
            self.state = "indicators"
            self.read_indicator_row(line, cells)
        elif self.state == "goal":
            self.read_goal_text(line, cells)
        elif self.state in ("totals", "explanation") and all(is_number(c) for c in cells):
            self.read_numbers_only(line, cells)
        elif self.state == "explanation":
            self.low_parts.append(text)
            self.ctx.place(line)
        else:
            self.unparsed(line)

    # -- head ----------------------------------------------------------------------
    def read_fields(self, line: Line, cells: list[Cell]) -> None:
        """项目名称 / 主管部门 / 项目实施单位 / 联系电话: each label followed by its value cell."""
        labels = {"项目名称": "项目名称", "主管部门": "主管部门", "项目实施单位": "项目实施单位"}
        labels |= {"实施单位": "项目实施单位", "联系电话": "联系电话"}
        found = False
        for i, cell in enumerate(cells):
            key = labels.get(cell.norm)
            if key is None:
                continue
            value = cells[i + 1] if i + 1 < len(cells) else None
            if value is None or value.norm in labels:
                self.missing(line, key, cell.col)
                found = True
                continue
            if key in self.fields:
                continue  # a repeated field line: keep the first reading
            self.set_field(key, value.text)
            found = True
        if found:
            self.ctx.place(line)
        else:
            self.unparsed(line)

    # -- budget --------------------------------------------------------------------
    def read_budget_header(self, line: Line, cells: list[Cell]) -> None:
        label = next((c for c in cells if is_budget_label(c.text)), None)
        if label is not None and self.budget_label is None:
            self.budget_label = label.text
        columns, repeated = header_columns(cells, BUDGET_HEADER, last=True)
        if not self.budget_header:
            self.budget_header = columns
        for text in repeated:
            self.shifted(line, None, f"预算执行情况表头“{text}”出现不止一次，按最后一处的列位置读取")
        self.state = "budget"
        self.ctx.place(line)

    @staticmethod
    def funding_index(norms: list[str]) -> int | None:
        for i, n in enumerate(norms):
            if any(n == name or (n.endswith(name) and n.startswith("其中")) for name in FUNDING_NAMES):
                return i
        return None

    def resolve_budget(self) -> tuple[BudgetLine, ...]:
        """Map every funding row's cells to the six columns, the same way for the whole block."""
        rows = self.budget_rows
        if not rows:
            self.missing(self.title_line, "项目预算执行情况")
            return ()
        header = self.budget_header
        header_cols = set(header.values())
        value_cols = {c.col for r in rows for c in r.cells[r.name_index + 1 :]}
        name_cols = {r.cells[r.name_index].col for r in rows}
        if header and value_cols <= header_cols and max(name_cols) < min(header_cols):
            if "score" not in header:
                self.missing(rows[0].line, "项目预算执行情况的得分")
            return tuple(self.budget_line_by_header(r, header) for r in rows)
        width = max((r.cells[-1].col - r.cells[r.name_index].col for r in rows), default=0)
        detail = (
            "项目预算执行情况各行的数值与表头的列位置不一致，"
            "已按行内顺序读取（年初预算数、调整后预算数、全年执行数、分值、执行率、得分）"
        )
        if width > len(BUDGET_FIELDS):
            detail += f"；每行多出{width - len(BUDGET_FIELDS)}个单元格（第4个起），已作为多余单元格保留"
        self.shifted(rows[0].line, None, detail)
        return tuple(self.budget_line_in_order(r, width) for r in rows)

    def budget_line_by_header(self, row: _BudgetRow, header: dict[str, int]) -> BudgetLine:
        by_col = {c.col: c for c in row.cells}
        values = {name: by_col.get(col) for name, col in header.items()}
        return self.budget_line(row, values, [])

    def budget_line_in_order(self, row: _BudgetRow, width: int) -> BudgetLine:
        """Cells after the name in order; with more than six, the first three are amounts,
        the last three weight/rate/score and the ones between are extra."""
        name_col = row.cells[row.name_index].col
        by_col = {c.col: c for c in row.cells}
        slots = [by_col.get(name_col + k) for k in range(1, width + 1)]
        if width <= len(BUDGET_FIELDS):
            values = dict(zip(BUDGET_FIELDS, slots, strict=False))
            extra: list[Cell | None] = []
        else:
            values = dict(zip(BUDGET_FIELDS[:3], slots[:3], strict=True))
            values |= dict(zip(BUDGET_FIELDS[3:], slots[-3:], strict=True))
            extra = slots[3:-3]
        return self.budget_line(row, values, [c for c in extra if c is not None])

    def budget_line(self, row: _BudgetRow, values: dict[str, Cell | None], extra: list[Cell]) -> BudgetLine:
        def fig(name: str) -> Figure | None:
            cell = values.get(name)
            return self.figure(row.line, cell) if cell is not None else None

        name = row.cells[row.name_index]
        return BudgetLine(
            name=name.text,
            initial=fig("initial"),
            adjusted=fig("adjusted"),
            executed=fig("executed"),
            weight=fig("weight"),
            rate=fig("rate"),
            score=fig("score"),
            source=self.src(row.line, name.col),
            extra=tuple(self.kept(row.line, c) for c in extra),
        )

    # -- goal ----------------------------------------------------------------------
    def read_goal_header(self, line: Line, cells: list[Cell], norms: list[str]) -> None:
        """年度总体目标 / 年初预期目标 / 目标实际完成情况; a funding row may share the line."""
        self.goal_seen = True
        funding = self.funding_index(norms)
        if funding is not None and self.state in ("head", "budget"):
            self.budget_rows.append(_BudgetRow(line, cells, funding))
            self.shifted(line, cells[funding].col, f"“{cells[funding].text}”行与“年度总体目标”写在同一行，已分别读取")
        for cell, n in zip(cells, norms, strict=True):
            if n == "年初预期目标":
                self.goal_columns["expected"] = cell.col
            elif n.startswith("目标实际完成") or n == "实际完成情况":
                self.goal_columns["actual"] = cell.col
        self.state = "goal"
        self.ctx.place(line)

    def read_goal_text(self, line: Line, cells: list[Cell]) -> None:
        """Two cells: expected then actual. Otherwise the header's 目标实际完成情况 column divides them."""
        actual_col = self.goal_columns.get("actual")
        if len(cells) == 2:
            expected, actual = [cells[0]], [cells[1]]
        elif actual_col is not None:
            expected = [c for c in cells if c.col < actual_col]
            actual = [c for c in cells if c.col >= actual_col]
        else:
            expected, actual = cells[:1], cells[1:]
        self.goal_parts["expected"].extend(c.text for c in expected)
        self.goal_parts["actual"].extend(c.text for c in actual)
        self.ctx.place(line)

    # -- totals --------------------------------------------------------------------
    def read_subtotal(self, line: Line, cells: list[Cell], norms: list[str]) -> None:
        if self.subtotal_seen:
            self.unparsed(line)
            return
        at = norms.index("小计")
        after = [c for c in cells[at + 1 :] if c.norm != "总分"]
        numbers = [c for c in after if is_number(c)]
        others = [c for c in after if not is_number(c)]
        weight = self.figure(line, numbers[0]) if numbers else None
        score = self.figure(line, numbers[1]) if len(numbers) > 1 else None
        self.subtotal = (weight, score)
        for cell in numbers[2:] + others:
            self.shifted(line, cell.col, f"小计行多出单元格“{cell.text}”，已作为多余单元格保留")
            self.stray.append(self.kept(line, cell))
        if "总分" in norms:
            self.total_pending = line
        self.subtotal_seen = True
        self.state = "totals"
        self.ctx.place(line)

    def read_total(self, line: Line, cells: list[Cell], norms: list[str]) -> None:
        if self.total is not None:
            self.unparsed(line)
            return
        at = norms.index("总分")
        after = cells[at + 1 :]
        numbers = [c for c in after if is_number(c)]
        if numbers:
            self.total = self.figure(line, numbers[0])
        else:
            self.total_pending = line
        for cell in [c for c in after if c not in numbers[:1]]:
            self.shifted(line, cell.col, f"总分行多出单元格“{cell.text}”，已作为多余单元格保留")
            self.stray.append(self.kept(line, cell))
        self.state = "totals"
        self.ctx.place(line)

    # -- the end -------------------------------------------------------------------
    def report_missing(self) -> None:
        line = self.title_line
        for key in ("项目名称", "主管部门", "项目实施单位", "联系电话"):
            if key not in self.fields:
                self.missing(line, key)
        checks = (
            (self.year is None, "年度"),
            (self.money_unit is None, "单位"),
            (not self.goal_seen, "年度总体目标"),
            (not self.drafts, "年度绩效指标"),
            (self.total is None, "总分"),
        )
        for absent, what in checks:
            if absent:
                self.missing(line, what)
