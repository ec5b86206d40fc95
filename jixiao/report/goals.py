"""绩效目标表: one project's table ("goal-table") and a department's book ("goal-book").

The layout is the one of the published 绩效目标表 (seed 000): the numbered title, the unit and
"单位：万元" line, then one table per project — 项目编码 / 项目名称, 预算规模及资金用途 (预算数,
其中：财政资金, 其他资金, the purpose below), 资金支出计划 with its check-points, 绩效目标, and the
indicator rows 一级 / 二级 / 三级 / 绩效指标描述 / 指标值 / 指标值确定依据 with the 一级 and 二级
cells merged over their rows as on the printed form. Values are the model's, as read: the 指标值
is its raw text, amounts are the parsed numbers (two decimals). The book adds a contents page with
each project's budget and the computed total.

Builders (``project`` selects by name or code, spaces ignored; ``None`` → every project)::

    build_goal_table(docs, project=None) -> GoalBookView   # book=False: the tables only
    build_goal_book(docs, project=None) -> GoalBookView    # book=True: contents page + tables
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.model.document import Document
from jixiao.model.goals import Department, GoalTables, Project
from jixiao.model.source import Source
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    head,
    money_cell,
    nested_spans,
    register_formats,
    select,
    spans,
    text,
)
from jixiao.report.registry import renderer, report_kind


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: str  # 一级指标 in force (inherited from the row above when the cell was blank)
    level2: str
    name: str  # 三级指标
    description: str  # 绩效指标描述
    target: str  # 指标值, raw text as written
    basis: str  # 指标值确定依据
    line: int | None


@dataclass(frozen=True, slots=True)
class PlanCell:
    label: str  # "6月底"
    amount: Decimal | None  # None where the cell is blank


@dataclass(frozen=True, slots=True)
class GoalTableView:
    """One project's 绩效目标表."""

    number: int | None
    title: str  # as printed, "1.法律培训费绩效目标表"
    unit: str  # "124001青岛市司法局本级" (code and name as printed together)
    money_unit: str
    code: str | None  # 项目编码
    name: str  # 项目名称
    budget: Decimal | None  # 预算数
    fiscal_funds: Decimal | None  # 其中：财政资金
    other_funds: Decimal | None  # 其他资金
    purpose: str | None  # 资金用途
    plan_header: str  # "资金支出计划（%）"
    plan: tuple[PlanCell, ...]
    goal: str | None  # 绩效目标
    indicators: tuple[IndicatorRow, ...]
    source: str  # "path:line" of the title
    model: Project | None = field(default=None, repr=False, compare=False)  # for writers working on the model


@dataclass(frozen=True, slots=True)
class GoalBookView:
    """A department's 绩效目标表 (``book``: with a contents page)."""

    title: str  # "青岛市司法局2023年部门预算绩效目标"
    department: str | None
    year: int | None
    money_unit: str
    projects: tuple[GoalTableView, ...]
    total_budget: Decimal  # computed: the sum of the projects' 预算数
    total_fiscal: Decimal  # computed: the sum of 其中：财政资金
    indicator_count: int
    book: bool


def _project_view(p: Project) -> GoalTableView:
    unit = ""
    if p.unit is not None:
        unit = f"{p.unit.code or ''}{p.unit.name}"
    plan = p.spending_plan
    return GoalTableView(
        number=p.number,
        title=p.title or f"{p.name}绩效目标表",
        unit=unit,
        money_unit=p.money_unit or "万元",
        code=p.code,
        name=p.name,
        budget=p.budget,
        fiscal_funds=p.fiscal_funds,
        other_funds=p.other_funds,
        purpose=p.purpose,
        plan_header=plan.header if plan else "资金支出计划",
        plan=tuple(PlanCell(pt.label, pt.amount) for pt in plan.points) if plan else (),
        goal=p.goal,
        indicators=tuple(
            IndicatorRow(i.level1, i.level2, i.name, i.description, i.target.raw, i.basis or "", i.source.line)
            for i in p.indicators
        ),
        source=f"{p.source.path}:{p.source.line}",
        model=p,
    )


def _build(docs: Sequence[Document], project: str | None, book: bool) -> GoalBookView:
    books = [d.goals for d in docs if d.goals is not None]
    if not books:
        raise NotFound("没有可用的绩效目标表文档")
    projects = [p for b in books for p in b.projects]
    chosen = select(projects, project, lambda p: (p.name, p.code))
    first = books[0]
    department = first.department.name if first.department else None
    views = tuple(_project_view(p) for p in chosen)
    return GoalBookView(
        title=first.title or f"{department or ''}{first.year or ''}年部门预算绩效目标",
        department=department,
        year=first.year,
        money_unit=views[0].money_unit if views else "万元",
        projects=views,
        total_budget=sum((v.budget or Decimal(0) for v in views), Decimal(0)),
        total_fiscal=sum((v.fiscal_funds or Decimal(0) for v in views), Decimal(0)),
        indicator_count=sum(len(v.indicators) for v in views),
        book=book,
    )


@report_kind("goal-table", "项目绩效目标表")
def build_goal_table(docs: Sequence[Document], project: str | None = None) -> GoalBookView:
    """The 绩效目标表 of ``project`` (name or code; ``None`` → every project, one table each)."""
    return _build(docs, project, book=False)


@report_kind("goal-book", "部门绩效目标表汇编")
def build_goal_book(docs: Sequence[Document], project: str | None = None) -> GoalBookView:
    """A department's book: a contents page (projects, budgets, computed total) and every table."""
    return _build(docs, project, book=True)


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

WIDTHS = (10.0, 11.0, 17.0, 17.0, 15.0, 12.0, 12.0)  # 7 columns


def _plan_spans(n: int, width: int = 6) -> list[int]:
    if n <= 0:
        return []
    if n > width:
        return [1] * n
    base, extra = divmod(width, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def project_grid(v: GoalTableView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("项目编码"), text(v.code, colspan=2), head("项目名称"), text(v.name, colspan=3)),
        (
            head("预算规模及资金用途", rowspan=2),
            head("预算数"),
            money_cell(v.budget),
            head("其中：财政资金"),
            money_cell(v.fiscal_funds),
            head("其他资金"),
            money_cell(v.other_funds),
        ),
        (head("资金用途"), text(v.purpose, colspan=5)),
    ]
    plan_spans = _plan_spans(len(v.plan))
    if v.plan:
        labels = [head(pt.label, colspan=s) for pt, s in zip(v.plan, plan_spans, strict=True)]
        rows.append((head(v.plan_header, rowspan=2), *labels))
        rows.append(tuple(money_cell(pt.amount, colspan=s) for pt, s in zip(v.plan, plan_spans, strict=True)))
    else:
        rows.append((head(v.plan_header), text("", colspan=6)))
    rows.append((head("绩效目标"), text(v.goal, colspan=6)))
    rows.append(
        (head("一级指标"), head("二级指标"), head("三级指标"), head("绩效指标描述"), head("指标值"),
         head("指标值确定依据", colspan=2))
    )
    l1 = spans([i.level1 for i in v.indicators])
    l2 = nested_spans([(i.level1, i.level2) for i in v.indicators])
    for k, ind in enumerate(v.indicators):
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(ind.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(ind.level2, rowspan=l2[k], align="center"))
        cells += [text(ind.name), text(ind.description), text(ind.target, align="center"), text(ind.basis, colspan=2)]
        rows.append(tuple(cells))
    return Grid(rows=tuple(rows), widths=WIDTHS)


def contents_grid(view: GoalBookView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("序号"), head("项目编码"), head("项目名称", colspan=2), head("预算数"), head("其中：财政资金"),
         head("指标数")),
    ]
    for v in view.projects:
        rows.append(
            (text(v.number, align="center"), text(v.code), text(v.name, colspan=2), money_cell(v.budget),
             money_cell(v.fiscal_funds), Cell(str(len(v.indicators)), Decimal(len(v.indicators)), align="num"))
        )
    rows.append(
        (head("合计", colspan=4), money_cell(view.total_budget), money_cell(view.total_fiscal),
         Cell(str(view.indicator_count), Decimal(view.indicator_count), align="num"))
    )
    return Grid(rows=tuple(rows), widths=(5.0, 28.0, 16.0, 16.0, 13.0, 14.0, 7.0), header_rows=1)


def layout(view: GoalBookView) -> list[Page]:
    pages: list[Page] = []
    if view.book:
        pages.append(
            Page(
                title=view.title,
                sheet="目录",
                parts=(contents_grid(view),),
                subtitle=view.department,
                meta_right=f"单位：{view.money_unit}",
                notes=("注：合计为各项目预算数之和，由系统计算。",),
            )
        )
    for v in view.projects:
        pages.append(
            Page(
                title=v.title,
                sheet=f"{v.number or ''}.{v.name}" if v.number else v.name,
                parts=(project_grid(v),),
                meta_left=v.unit,
                meta_right=f"单位：{v.money_unit}",
            )
        )
    return pages


def to_xlsx(view: GoalBookView, out: Path) -> None:
    """goal-table as XLSX is the data-entry template of :mod:`jixiao.export.xlsx` (official layout,
    drop-down lists, read back losslessly by :func:`jixiao.ingest.xlsx.reader.read_workbook`) for the
    selected projects. (goal-book keeps the printable book layout with its 目录 sheet: an extra
    sheet in the template would be read back as a plain table.)"""
    from jixiao.export.xlsx import write_goal_tables

    models = tuple(v.model for v in view.projects if v.model is not None)
    first = models[0] if models else None
    tables = GoalTables(
        department=Department(view.department) if view.department else None,
        year=view.year,
        title=view.title,
        projects=models,
        source=first.source if first else Source(""),
    )
    write_goal_tables(tables, out, source=first.source.path if first else "")


register_formats("goal-table", "goals.html", layout)
register_formats("goal-book", "goals.html", layout)
renderer("goal-table", "xlsx")(to_xlsx)
