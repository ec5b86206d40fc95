"""Reading 绩效自评表 forms and the 自评情况汇总表.

The forms came out of a PDF converter, so their columns do not line up reliably: a
level label sits one column left of its header, a 三级 name is repeated into the next
cell, a target and an actual value share one cell, a score is written twice, a row's
weight and score fall onto the next line. The reader therefore works row by row, by
content first and by position second:

* A form is read line by line with a small state machine (head → budget → goal →
  indicators → totals → explanation → notes). A line is recognised by its labels
  (项目名称, 年度资金总额, 年初预期目标, 一级指标, 小计, 总分, 注：…), not by its position.
* The budget block is read once all its rows are known. When every value sits in a
  column the header names, the header decides. Otherwise the cells after the row name
  are read in order: the three amounts first, the weight, rate and score last; a cell
  between them is kept as ``extra``.
* An indicator row is split into leading level labels (a closed vocabulary: 产出指标,
  数量指标, …), the 三级 name, the value cells (年度指标值, 实际完成值), the trailing run
  of numbers (分值, 得分, then anything more as ``extra``) and trailing prose (偏差原因).
  Header columns, shifted by as much as the row's name is shifted, settle only what the
  content leaves open. Blank level cells carry the labels of the rows above.

Every interpretation of a shifted or merged layout is reported (``cell-shifted``,
``selfeval-cells-merged``). A line that fits nowhere is reported (``selfeval-row-unparsed``)
and left unplaced, so its raw text is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from jixiao.ingest.context import ReadContext, read_target
from jixiao.ingest.text import Line, needs_cleaning, parse_decimal
from jixiao.model.selfeval import (
    BudgetLine,
    Figure,
    IndicatorResult,
    SelfEvaluation,
    SelfEvaluationSummary,
    SummaryRow,
)
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, TargetValue

# -- vocabulary ------------------------------------------------------------------------

POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]$")  # on whitespace-free text: "(50分)"
YEAR = re.compile(r"^[(（]?\s*(\d{4})\s*年度\s*[)）]?$")
MONEY_UNIT = re.compile(r"^单位\s*[:：]\s*(\S+)$")
NOTE_START = re.compile(r"^[-－—\s]*注\s*[:：]")
PLACEHOLDER = re.compile(r"^指标\d*[:：]?$")  # on whitespace-free text: "指标1:"
FILLER = re.compile(r"^[.。…·]+$")
BLOCK_LABEL = re.compile(r"^年度绩效指标")

L1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "可持续影响指标")
L1_ONLY = ("产出指标", "效益指标", "满意度指标")  # never a 二级 label
L2_FAMILY = {  # 二级 label → the 一级 it belongs to in 财预〔2020〕10号 附1
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
FUNDING_NAMES = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
# words that state an outcome: a lone value cell holding one of them is an 实际完成值
COMPLETION_WORDS = ("无", "完成", "已完成", "未完成", "未安排", "已达标", "达标", "是", "否")

BUDGET_FIELDS = ("initial", "adjusted", "executed", "weight", "rate", "score")
BUDGET_HEADER = (
    ("initial", ("年初预算数",)),
    ("adjusted", ("调整后预算数", "全年预算数")),
    ("executed", ("全年执行数", "预算执行数")),
    ("weight", ("分值",)),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
)
INDICATOR_HEADER = (
    ("l1", ("一级指标",)),
    ("l2", ("二级指标",)),
    ("name", ("三级指标",)),
    ("target", ("年度指标值",)),
    ("actual", ("实际完成",)),
    ("weight", ("分值",)),
    ("score", ("得分",)),
    ("deviation", ("偏差",)),
)
FIELD_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}
GRADES = ("优", "良", "中", "差")
FIELD_LABELS = frozenset({"项目名称", "主管部门", "项目实施单位", "实施单位", "联系电话"})  # a head line
LEVEL_HEADERS = frozenset({"一级指标", "二级指标", "三级指标"})  # the indicator header


class Cell(NamedTuple):
    col: int  # 1-based column (tab-separated cell) of the line
    text: str  # cleaned text, never empty
    norm: str  # the text without whitespace (see _norm), for comparing labels


def _cell(col: int, text: str) -> Cell:
    return Cell(col, text, _norm(text))


def _norm(text: str) -> str:
    """Whitespace removed: for comparing labels that the converter broke over lines.

    (``str.split()`` splits on exactly the characters ``\\s`` matches, and is several
    times faster than ``re.sub``; this runs for every cell of every form.)"""
    return "".join(text.split())


def _is_number(cell: Cell) -> bool:
    return parse_decimal(cell.text) is not None


def _label(text: str) -> tuple[str, Decimal | None] | None:
    """A 一级/二级 level label → (label, points of a "(50分)" suffix); None for other text."""
    if "标" not in text:  # every level label ends in 指标: most cells are told apart here
        return None
    n = _norm(text)
    m = POINTS.search(n) if n.endswith((")", "）")) else None  # (n has no whitespace: POINTS ends the text)
    base = n[: m.start()] if m else n
    if base in L1_NAMES or base in L2_FAMILY:
        return base, Decimal(m.group(1)) if m else None
    return None


def _is_budget_label(text: str) -> bool:
    return _is_budget_norm(_norm(text))


def _is_budget_norm(n: str) -> bool:
    """:func:`_is_budget_label` of text already normalised (a line's norms are at hand)."""
    return n.startswith("项目预算") or "预算执行情况" in n


def _points(text: str) -> Decimal | None:
    m = POINTS.search(_norm(text))
    return Decimal(m.group(1)) if m else None


def _header_columns(cells: list[Cell], spec, *, last: bool) -> tuple[dict[str, int], list[str]]:
    """Map header labels to columns; also the labels that occur more than once."""
    columns: dict[str, int] = {}
    repeated: list[str] = []
    for cell in cells:
        n = cell.norm
        for name, prefixes in spec:
            if n.startswith(prefixes):
                if name in columns:
                    repeated.append(cell.text)
                if last or name not in columns:
                    columns[name] = cell.col
                break
    return columns, repeated


def _split_merged(text: str) -> tuple[str, str] | None:
    """Split "100% 无" into ("100%", "无"): a target and an actual value written into one cell.

    Only a first part that is a complete number (with a comparison sign or a percent) and
    a second part that is an outcome word or another number qualify, so "≥5000 人" (a
    number and its unit) is not split.
    """
    parts = text.split()
    if len(parts) != 2:
        return None
    first, second = parts
    if not re.fullmatch(r"[≥≤><=]?\d+(?:\.\d+)?%?", first) or not re.search(r"[%≥≤><=]", first):
        return None
    if second in COMPLETION_WORDS or re.search(r"\d", second):
        return first, second
    return None


# -- the summary table -----------------------------------------------------------------


def read_summary(ctx: ReadContext, lines: list[Line]) -> SelfEvaluationSummary | None:
    """自评情况汇总表: title, 部门名称, the header, one row per project, prose and notes."""
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return None
    title_line = body[0]
    title = title_line.text
    ctx.place(title_line)
    department: str | None = None
    header: dict[str, int] = {}
    rows: list[SummaryRow] = []
    notes: list[str] = []
    remarks: list[str] = []
    for line in body[1:]:
        cells = _cells(ctx, line, title)
        text = " ".join(c.text for c in cells)
        if not cells:
            ctx.place(line)  # nothing but a page number, reported by the clean-up
        elif notes or NOTE_START.match(text):
            notes.append(text)
            ctx.place(line)
        elif cells[0].norm.startswith("部门名称") and department is None:
            department = re.split(r"[:：]", cells[0].text, maxsplit=1)[-1].strip() or None
            if department is None and len(cells) > 1:
                department = cells[1].text
            ctx.place(line)
        elif any(c.norm == "序号" for c in cells) and not header:
            header = _summary_header(cells)
            ctx.place(line)
        elif re.fullmatch(r"\d+", cells[0].text):
            row = _summary_row(ctx, line, cells, header, title)
            rows.append(row)
            ctx.place(line)
        elif rows and len(cells) == 1:
            remarks.append(text)
            ctx.place(line)
        else:
            ctx.report("selfeval-row-unparsed", ctx.source(line, table=title), subject=title, text=text[:60])
    if not rows:
        ctx.report("selfeval-field-missing", ctx.source(title_line, table=title), subject=title, field="项目行")
    return SelfEvaluationSummary(
        title=title,
        department=department,
        rows=tuple(rows),
        notes=tuple(notes),
        source=ctx.source(title_line, table=title),
        remarks=tuple(remarks),
    )


def _summary_header(cells: list[Cell]) -> dict[str, int]:
    spec = (
        ("number", ("序号",)),
        ("unit", ("项目实施单位", "资金使用单位", "实施单位", "单位")),
        ("project", ("项目名称",)),
        ("score", ("自评得分", "得分")),
        ("grade", ("评价等级", "自评等级", "等级")),
    )
    columns, _ = _header_columns(cells, spec, last=False)
    return columns


def _summary_row(ctx: ReadContext, line: Line, cells: list[Cell], header: dict[str, int], table: str) -> SummaryRow:
    """A row: in order when it has exactly five cells, else by the header's columns."""
    order = ("number", "unit", "project", "score", "grade")
    if len(cells) == len(order):
        by_field = dict(zip(order, cells, strict=True))
    else:
        by_field = {}
        column_field = {col: name for name, col in header.items()}
        for cell in cells:
            name = column_field.get(cell.col)
            if name is None or name in by_field:
                detail = f"汇总表第{cell.col}列的“{cell.text}”不在任何表头之下，未读取"
                ctx.report("cell-shifted", ctx.source(line, table=table, column=cell.col), detail=detail)
                continue
            by_field[name] = cell
    src = ctx.source(line, table=table)
    number_cell = by_field.get("number")
    score_cell = by_field.get("score")
    grade_cell = by_field.get("grade")
    score = None
    if score_cell is not None:
        score_src = src.at(column=score_cell.col)
        score = Figure(score_cell.text, ctx.number(score_cell.text, score_src), score_src)
    grade = grade_cell.text if grade_cell else None
    if grade is not None and grade not in GRADES:
        detail = f"评价等级“{grade}”不是优、良、中、差之一"
        ctx.report("cell-shifted", src.at(column=grade_cell.col if grade_cell else None), detail=detail)
    labels = {"unit": "项目实施单位", "project": "项目名称", "score": "自评得分", "grade": "评价等级"}
    for name, label in labels.items():
        if name not in by_field:
            ctx.report("selfeval-field-missing", src, subject=table, field=label)
    return SummaryRow(
        number=int(number_cell.text) if number_cell and number_cell.text.isdigit() else None,
        unit=by_field["unit"].text if "unit" in by_field else "",
        project=by_field["project"].text if "project" in by_field else "",
        score=score,
        grade=grade,
        source=src,
    )


def _cells(ctx: ReadContext, line: Line, table: str) -> list[Cell]:
    """The non-empty cells of a line, cleaned (page numbers and LaTeX debris reported)."""
    out = []
    for col, raw in enumerate(line.cells, start=1):
        text = raw.strip()
        if not text:
            continue
        if needs_cleaning(text):  # only then can clean_at change more than the surrounding space
            text = ctx.clean_at(raw, line, table=table, column=col).text
            if not text:
                continue
        out.append(Cell(col, text, _norm(text)))
    return out


# -- the forms -------------------------------------------------------------------------


def read_form(ctx: ReadContext, lines: list[Line]) -> SelfEvaluation | None:
    """One 绩效自评表, from its title line up to the next title."""
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return None
    return _FormReader(ctx, body).read()


@dataclass
class _Level:
    """The 一级/二级 labels in force for a row."""

    level1: str = ""
    points: Decimal | None = None
    level2: str = ""
    level1_inherited: bool = False
    level2_inherited: bool = False


@dataclass
class _Draft:
    """An indicator row being read (its weight and score may still arrive on the next line)."""

    level: _Level
    name: str
    target: TargetValue
    actual: TargetValue
    weight: Figure | None
    score: Figure | None
    deviation: str | None
    source: Source
    extra: list[Figure] = field(default_factory=list)

    def freeze(self) -> IndicatorResult:
        return IndicatorResult(
            level1=self.level.level1,
            level2=self.level.level2,
            name=self.name,
            target=self.target,
            actual=self.actual,
            weight=self.weight,
            score=self.score,
            deviation=self.deviation,
            source=self.source,
            level1_points=self.level.points,
            level1_inherited=self.level.level1_inherited,
            level2_inherited=self.level.level2_inherited,
            extra=tuple(self.extra),
        )


@dataclass
class _BudgetRow:
    line: Line
    cells: list[Cell]
    name_index: int  # index into cells of the row name


class _FormReader:
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
        self.carry = _Level()
        self.drafts: list[_Draft] = []
        self.subtotal: tuple[Figure | None, Figure | None] = (None, None)
        self.subtotal_seen = False
        self.total: Figure | None = None
        self.total_pending: Line | None = None  # the line whose "总分" label still waits for its number
        self.stray: list[Figure] = []
        self.low_label: str | None = None
        self.low_parts: list[str] = []
        self.notes: list[str] = []

    # -- naming --------------------------------------------------------------------
    @property
    def project(self) -> str:
        return self.fields.get("项目名称", "")

    @property
    def subject(self) -> str:
        return self.project or self.title

    def set_field(self, key: str, value: str) -> None:
        # ``table`` names every Source of the form; it is kept as an attribute rather than
        # rebuilt for each cell.
        self.fields[key] = value
        self.table = f"{self.title}（{self.project}）" if self.project else self.title

    def src(self, line: Line, column: int | None = None) -> Source:
        return self.ctx.source(line, table=self.table, column=column)

    def figure(self, line: Line, cell: Cell) -> Figure:
        """A cell that should hold a number (a non-number is reported)."""
        src = self.src(line, cell.col)
        return Figure(cell.text, self.ctx.number(cell.text, src), src)

    def kept(self, line: Line, cell: Cell) -> Figure:
        """A cell kept as written because it fits no column (a number or not)."""
        return Figure(cell.text, parse_decimal(cell.text), self.src(line, cell.col))

    def shifted(self, line: Line, column: int | None, detail: str) -> None:
        self.ctx.report("cell-shifted", self.src(line, column), subject=self.subject, detail=detail)

    def missing(self, line: Line, what: str, column: int | None = None) -> None:
        self.ctx.report("selfeval-field-missing", self.src(line, column), subject=self.subject, field=what)

    def unparsed(self, line: Line) -> None:
        self.ctx.report("selfeval-row-unparsed", self.src(line), subject=self.subject, text=line.text[:60])

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
            budget_points=_points(self.budget_label) if self.budget_label else None,
            budget_lines=budget_lines,
            goal_expected=expected,
            goal_actual=actual,
            indicator_weight_label=self.indicator_label,
            indicator_points=_points(self.indicator_label) if self.indicator_label else None,
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
        cells = _cells(self.ctx, line, self.table)
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
        elif "算" in text and any(_is_budget_norm(n) for n in norms):  # (预算: a cheap test first)
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
        elif BLOCK_LABEL.match(norms[0]) or self.state == "indicators" or (self.state == "goal" and _label(norms[0])):
            self.state = "indicators"
            self.read_indicator_row(line, cells)
        elif self.state == "goal":
            self.read_goal_text(line, cells)
        elif self.state in ("totals", "explanation") and all(_is_number(c) for c in cells):
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
        label = next((c for c in cells if _is_budget_label(c.text)), None)
        if label is not None and self.budget_label is None:
            self.budget_label = label.text
        columns, repeated = _header_columns(cells, BUDGET_HEADER, last=True)
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

    # -- indicators ----------------------------------------------------------------
    def read_indicator_header(self, line: Line, cells: list[Cell]) -> None:
        if cells and BLOCK_LABEL.match(cells[0].norm):
            self.indicator_label = self.indicator_label or cells[0].text
        columns, _ = _header_columns(cells, INDICATOR_HEADER, last=False)
        if not self.indicator_header:
            self.indicator_header = columns
        self.state = "indicators"
        self.ctx.place(line)

    def read_indicator_row(self, line: Line, cells: list[Cell]) -> None:
        if cells and BLOCK_LABEL.match(cells[0].norm):
            if self.indicator_label is None:
                self.indicator_label = cells[0].text
            else:
                self.shifted(line, cells[0].col, f"“{cells[0].text}”出现不止一次")
            cells = cells[1:]
            if not cells:
                self.ctx.place(line)
                return
        if all(FILLER.match(c.norm) for c in cells):
            text = " ".join(c.text for c in cells)
            self.ctx.report("selfeval-filler-row", self.src(line), subject=self.subject, text=text)
            self.ctx.place(line)
            return
        if FILLER.match(cells[0].norm):
            self.shifted(line, cells[0].col, f"行首的填充符号“{cells[0].text}”未读取")
            cells = cells[1:]
        labels: list[Cell] = []
        while cells and _label(cells[0].text):
            labels.append(cells.pop(0))
        if not labels and cells and all(_is_number(c) for c in cells):
            self.read_numbers_only(line, cells)
            return
        level, extra_labels = self.apply_labels(line, labels)
        if not cells:
            self.ctx.place(line)  # labels only: they hold for the rows below
            return
        if PLACEHOLDER.match(cells[0].norm) and len(cells) == 1:
            self.ctx.report(
                "selfeval-placeholder-row", self.src(line, cells[0].col), subject=self.subject, text=cells[0].text
            )
            self.ctx.place(line)
            return
        draft = self.indicator(line, cells, level)
        draft.extra[:0] = [self.kept(line, c) for c in extra_labels]
        self.drafts.append(draft)
        self.ctx.place(line)

    def apply_labels(self, line: Line, labels: list[Cell]) -> tuple[_Level, list[Cell]]:
        """The labels in force for this row, and the carry-over for the rows below.

        One label is a 一级 if it has points or can only be a 一级, else a 二级; two are
        一级 and 二级. With three, the last is this row's 二级 and the first two belong to
        the rows below when that 二级 is not of the first label's family (the converter
        merged the next row's labels into this one).
        """
        deduped: list[Cell] = []
        for cell in labels:
            if deduped and deduped[-1].norm == cell.norm:
                self.shifted(line, cell.col, f"指标级别“{cell.text}”重复写在相邻两列，按一处读取")
                continue
            deduped.append(cell)
        parsed = [(c, *(_label(c.text) or ("", None))) for c in deduped]
        carry = self.carry
        inherited = _Level(carry.level1, carry.points, carry.level2, True, bool(carry.level2))
        if not parsed:
            return inherited, []
        if len(parsed) == 1:
            _, base, points = parsed[0]
            if points is not None or base in L1_ONLY:
                self.carry = _Level(base, points, "")
            else:
                self.carry = _Level(carry.level1, carry.points, base)
                return _Level(carry.level1, carry.points, base, True, False), []
            return _Level(base, points, ""), []
        first, second, last = parsed[0], parsed[1], parsed[-1]
        if len(parsed) == 2:
            self.carry = _Level(first[1], first[2], second[1])
            return _Level(first[1], first[2], second[1]), []
        middle = [c for c, _, _ in parsed[1:-1]]
        if L2_FAMILY.get(last[1]) != first[1]:
            self.carry = _Level(first[1], first[2], second[1])
            detail = (
                f"“{first[0].text}”“{second[0].text}”与本行的二级指标“{last[0].text}”写在同一行；"
                f"本行按沿用的一级指标“{carry.level1}”读取，这两个标签用于下面的行"
            )
            self.shifted(line, first[0].col, detail)
            return _Level(carry.level1, carry.points, last[1], True, False), [c for c, _, _ in parsed[2:-1]]
        self.carry = _Level(first[1], first[2], last[1])
        detail = f"一级指标“{first[0].text}”与二级指标“{last[0].text}”之间多出标签，已作为多余单元格保留"
        self.shifted(line, middle[0].col if middle else None, detail)
        return _Level(first[1], first[2], last[1]), middle

    def take_name(self, line: Line, cells: list[Cell]) -> tuple[Cell, list[Cell]]:
        """The 三级 cell. A name repeated into the next cell, or a cell holding this name
        followed by the next row's, is read once, at the second (header-aligned) cell."""
        name, rest = cells[0], cells[1:]
        if not rest:
            return name, rest
        nxt = rest[0]
        header_col = self.indicator_header.get("name")
        room = len(rest) - 1 >= 3 or (header_col is not None and name.col < header_col)
        a, b = name.norm, nxt.norm
        if room and a == b:
            detail = f"三级指标“{nxt.text}”重复写在第{name.col}列和第{nxt.col}列，按第{nxt.col}列读取"
            self.shifted(line, name.col, detail)
            return nxt, rest[1:]
        if room and a.startswith(b) and len(b) < len(a):
            where = self.src(line, name.col)
            self.ctx.report("selfeval-cells-merged", where, subject=self.subject, text=name.text, actual=name.text)
            return nxt, rest[1:]
        return name, rest

    def indicator(self, line: Line, cells: list[Cell], level: _Level) -> _Draft:
        name, rest = self.take_name(line, cells)
        header = self.indicator_header
        shift = name.col - header["name"] if "name" in header else 0
        rest, deviation = self.split_deviation(rest, header, shift)
        run = len(rest)
        while run > 0 and _is_number(rest[run - 1]):
            run -= 1
        values, numbers = rest[:run], rest[run:]
        subject = name.text
        draft = _Draft(level, name.text, EMPTY, EMPTY, None, None, None, self.src(line, name.col))
        draft.deviation = " ".join(c.text for c in deviation) or None
        target, actual, numbers = self.place_values(line, draft, values, numbers, shift)
        if target is not None:
            draft.target = read_target(self.ctx, target.text, self.src(line, target.col), subject, role="target")
        if actual is not None:
            draft.actual = read_target(self.ctx, actual.text, self.src(line, actual.col), subject, role="actual")
        self.place_numbers(line, draft, numbers, shift)
        return draft

    def split_deviation(self, rest: list[Cell], header: dict[str, int], shift: int) -> tuple[list[Cell], list[Cell]]:
        """Trailing prose after the numbers, or in the 偏差原因 column, is the deviation note."""
        last_number = max((i for i, c in enumerate(rest) if _is_number(c)), default=-1)
        start = len(rest)
        dev_col = header.get("deviation")
        while start > 0:
            cell = rest[start - 1]
            in_column = dev_col is not None and cell.col >= dev_col + shift
            if _is_number(cell) or not (start - 1 > last_number >= 0 or in_column):
                break
            start -= 1
        return rest[:start], rest[start:]

    def place_values(
        self, line: Line, draft: _Draft, values: list[Cell], numbers: list[Cell], shift: int
    ) -> tuple[Cell | None, Cell | None, list[Cell]]:
        """年度指标值 and 实际完成值 from the value cells; a numeric 实际完成值 is the first of
        the trailing numbers when three or more follow (actual, weight, score)."""
        header = self.indicator_header
        if len(values) >= 2:
            for cell in values[2:]:
                self.shifted(line, cell.col, f"指标“{draft.name}”多出单元格“{cell.text}”，已作为多余单元格保留")
                draft.extra.append(self.kept(line, cell))
            return values[0], values[1], numbers
        if len(values) == 1:
            cell = values[0]
            split = _split_merged(cell.text)
            if split is not None:
                self.ctx.report(
                    "selfeval-cells-merged",
                    self.src(line, cell.col),
                    subject=self.subject,
                    text=cell.text,
                    actual=cell.text,
                )
                return _cell(cell.col, split[0]), _cell(cell.col, split[1]), numbers
            if len(numbers) >= 3:
                return cell, numbers[0], numbers[1:]
            if cell.norm in COMPLETION_WORDS:
                self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['target']}", cell.col)
                return None, cell, numbers
            if len(numbers) == 2 and "actual" in header and numbers[0].col == header["actual"] + shift:
                return cell, numbers[0], numbers[1:]
            self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['actual']}")
            return cell, None, numbers
        if len(numbers) >= 4:
            return numbers[0], numbers[1], numbers[2:]
        self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['target']}")
        self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['actual']}")
        return None, None, numbers

    def place_numbers(self, line: Line, draft: _Draft, numbers: list[Cell], shift: int) -> None:
        """分值 and 得分; a lone number goes where the (shifted) header puts it; more are extra."""
        if len(numbers) == 1:
            cell = numbers[0]
            score_col = self.indicator_header.get("score")
            if score_col is not None and cell.col == score_col + shift:
                draft.score = self.figure(line, cell)
            else:
                draft.weight = self.figure(line, cell)
            return
        if len(numbers) >= 2:
            draft.weight = self.figure(line, numbers[0])
            draft.score = self.figure(line, numbers[1])
        for cell in numbers[2:]:
            detail = f"指标“{draft.name}”的得分之后多出数值“{cell.text}”，已作为多余单元格保留"
            self.shifted(line, cell.col, detail)
            draft.extra.append(self.kept(line, cell))

    def read_numbers_only(self, line: Line, cells: list[Cell]) -> None:
        """A line of numbers only: the weight and score of the row above, or the 总分."""
        last = self.drafts[-1] if self.drafts else None
        if last is not None and last.weight is None and last.score is None and not self.subtotal_seen:
            last.weight = self.figure(line, cells[0])
            last.score = self.figure(line, cells[1]) if len(cells) > 1 else None
            last.extra.extend(self.kept(line, c) for c in cells[2:])
            self.shifted(line, cells[0].col, f"指标“{last.name}”的分值、得分写在下一行，已归入该指标")
            self.ctx.place(line)
        elif self.total is None and (self.subtotal_seen or self.total_pending is not None):
            self.total = self.figure(line, cells[0])
            self.stray.extend(self.kept(line, c) for c in cells[1:])
            where = "“总分”标签所在行" if self.total_pending is not None else "小计行"
            self.shifted(line, cells[0].col, f"总分“{cells[0].text}”写在{where}的下一行，已读作总分")
            self.total_pending = None
            self.ctx.place(line)
        else:
            self.unparsed(line)

    # -- totals --------------------------------------------------------------------
    def read_subtotal(self, line: Line, cells: list[Cell], norms: list[str]) -> None:
        if self.subtotal_seen:
            self.unparsed(line)
            return
        at = norms.index("小计")
        after = [c for c in cells[at + 1 :] if c.norm != "总分"]
        numbers = [c for c in after if _is_number(c)]
        others = [c for c in after if not _is_number(c)]
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
        numbers = [c for c in after if _is_number(c)]
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
    def finish_indicators(self) -> tuple[IndicatorResult, ...]:
        for draft in self.drafts:
            line_no = draft.source.line
            where = self.ctx.source(line_no, table=self.table)
            for name, value in (("weight", draft.weight), ("score", draft.score)):
                if value is None:
                    what = f"指标“{draft.name}”的{FIELD_NAMES[name]}"
                    self.ctx.report("selfeval-field-missing", where, subject=self.subject, field=what)
        return tuple(d.freeze() for d in self.drafts)

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
