"""部门整体支出绩效目标表 ("department-goal-table"): a department's whole-spending targets as an official form.

The layout is the one provinces publish: the title, 部门名称, then 资金总额 by source (合计, each
source, ``其中：`` for the parts of a source), 年度总体目标 (a row a line), 部门职责 (a row a duty, or
部门职能 → 重点工作 → 资金 with the 职能 merged over its tasks), and the indicators 一级 / 二级 /
三级 / 指标值 with the 一级 and 二级 merged over their rows, and 绩效指标描述 / 计量单位 / 指标性质 /
分值 columns where any indicator has one. Values are the model's as read or entered: the 指标值 as
written, amounts as numbers (two decimals), the money unit as printed. The form is read back by the
reader of the kind (:mod:`jixiao.ingest.department_targets`) to the same values, from XLSX and PDF.

Builder::

    build_department_goal_table(docs) -> DepartmentGoalView   # the first 部门整体 table in docs
    department_view(targets) -> DepartmentGoalView            # from the model (entered in the web app)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    head,
    money_cell,
    nested_spans,
    register_formats,
    spans,
    text,
)
from jixiao.report.registry import report_kind


@dataclass(frozen=True, slots=True)
class FundRow:
    source: str  # as printed, without "其中："
    amount: Decimal | None
    part_of: str | None  # the source it is a part of (printed "其中：…")


@dataclass(frozen=True, slots=True)
class TaskRow:
    duty: str  # 部门职能
    task: str  # 重点工作 (活动); "" for a duty printed without tasks
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    level1: str
    level2: str
    name: str  # 三级指标
    description: str  # 绩效指标描述 ("" when none)
    target: str  # 指标值, as written
    measure_unit: str  # 计量单位 ("" when none)
    nature: str  # 指标性质 (=, ≥, ≤, 定性; "" when none)
    points: Decimal | None  # 分值


@dataclass(frozen=True, slots=True)
class DepartmentGoalView:
    """One department's 部门整体支出绩效目标表."""

    title: str
    department: str
    year: int | None
    money_unit: str  # as printed: 万元 or 元
    total: Decimal | None  # 资金总额: the printed total, else the computed Σ of the sources
    total_printed: bool  # False: the total is computed (the table printed none)
    funds: tuple[FundRow, ...]
    goal_lines: tuple[str, ...]  # 年度总体目标, a line a row
    tasks: tuple[TaskRow, ...]  # 部门职责: tasks under their duties, or one row per duty (task "")
    indicators: tuple[IndicatorRow, ...]
    description_column: bool  # any indicator has a 绩效指标描述
    unit_column: bool  # any has a 计量单位
    nature_column: bool  # any has a 指标性质
    points_column: bool  # any has a 分值
    points_total: Decimal | None  # Σ 分值 (None without the column)
    source: str


def department_view(t: DepartmentTargets) -> DepartmentGoalView:
    tasks = [TaskRow(k.duty, k.task, k.amount) for k in t.tasks]
    tasked = {k.duty for k in t.tasks}
    for duty in t.duties:  # duties with no task printed, in their place among the others
        if duty not in tasked:
            tasks.append(TaskRow(duty, "", None))
    order = {d: n for n, d in enumerate(t.duties)}
    tasks.sort(key=lambda r: order.get(r.duty, len(order)))  # stable: the tasks of a duty keep their order
    indicators = tuple(
        IndicatorRow(i.level1, i.level2, i.name, i.description or "", i.target.raw, i.measure_unit or "",
                     i.nature or "", i.points)
        for i in t.indicators
    )  # fmt: skip
    points = [i.points for i in indicators if i.points is not None]
    return DepartmentGoalView(
        title=t.title or f"{t.department}{t.year or ''}年部门整体支出绩效目标表",
        department=t.department,
        year=t.year,
        money_unit=t.money_unit or "万元",
        total=t.printed_total if t.printed_total is not None else t.total_funds,
        total_printed=t.printed_total is not None,
        funds=tuple(FundRow(f.source, f.amount, f.part_of) for f in t.funds),
        goal_lines=tuple(x for x in t.overall_goal.split("\n") if x.strip()) or ("",),
        tasks=tuple(tasks),
        indicators=indicators,
        description_column=any(i.description for i in indicators),
        unit_column=any(i.measure_unit for i in indicators),
        nature_column=any(i.nature for i in indicators),
        points_column=bool(points),
        points_total=sum(points, Decimal(0)) if points else None,
        source=str(t.source),
    )


def _targets(docs: Sequence[Document]) -> DepartmentTargets:
    for doc in docs:
        for body in doc.all_bodies():
            if isinstance(body, DepartmentTargets):
                return body
    raise NotFound("没有可用的部门整体支出绩效目标表")


@report_kind("department-goal-table", "部门整体支出绩效目标表")
def build_department_goal_table(docs: Sequence[Document]) -> DepartmentGoalView:
    """The first 部门整体 target table in ``docs`` (read on its own or as a part of a book)."""
    return department_view(_targets(docs))


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


def _extras(v: DepartmentGoalView) -> list[str]:
    return [name for name, on in (("绩效指标描述", v.description_column), ("计量单位", v.unit_column),
                                  ("指标性质", v.nature_column), ("分值", v.points_column)) if on]  # fmt: skip


def grid(v: DepartmentGoalView) -> Grid:
    extras = _extras(v)
    width = 5 + len(extras)  # label, 一级, 二级, 三级, 指标值 and the extra columns
    rest = width - 1
    name_span = 2
    amount_span = rest - name_span
    unit = f"（{v.money_unit}）"
    rows: list[tuple[Cell, ...]] = [(head("部门名称"), text(v.department, colspan=rest))]
    total = money_cell(v.total, colspan=amount_span)
    rows.append((head(f"资金总额{unit}", rowspan=1 + len(v.funds)), head("合计", colspan=name_span), total))
    for f in v.funds:
        label = f"其中：{f.source}" if f.part_of else f.source
        rows.append((text(label, colspan=name_span), money_cell(f.amount, colspan=amount_span)))
    for k, line in enumerate(v.goal_lines):
        cells = [head("年度总体目标", rowspan=len(v.goal_lines))] if k == 0 else []
        rows.append((*cells, text(line, colspan=rest)))
    task_rows = v.tasks or (TaskRow("", "", None),)
    duty_spans = spans([t.duty for t in task_rows])
    rows.append(
        (head("部门职责", rowspan=1 + len(task_rows)), head("部门职能"), head("重点工作", colspan=rest - 2),
         head(f"资金{unit}"))
    )  # fmt: skip
    for k, t in enumerate(task_rows):
        cells = [text(t.duty, rowspan=duty_spans[k])] if duty_spans[k] else []
        rows.append((*cells, text(t.task, colspan=rest - 2), money_cell(t.amount)))
    n = max(len(v.indicators), 1)
    rows.append(
        (head("年度绩效指标", rowspan=1 + n), head("一级指标"), head("二级指标"), head("三级指标"), head("指标值"),
         *(head(x) for x in extras))
    )  # fmt: skip
    l1 = spans([i.level1 for i in v.indicators])
    l2 = nested_spans([(i.level1, i.level2) for i in v.indicators])
    for k, i in enumerate(v.indicators):
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(i.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(i.level2, rowspan=l2[k], align="center"))
        cells += [text(i.name), text(i.target, align="center")]
        values = {"绩效指标描述": text(i.description), "计量单位": text(i.measure_unit, align="center"),
                  "指标性质": text(i.nature, align="center"),
                  "分值": Cell(_plain(i.points), i.points, align="num")}  # fmt: skip
        cells += [values[x] for x in extras]
        rows.append(tuple(cells))
    if not v.indicators:
        rows.append(tuple(text("") for _ in range(rest)))
    widths = (12.0, 12.0, 14.0, 22.0, 14.0, *(16.0 if x == "绩效指标描述" else 9.0 for x in extras))
    return Grid(rows=tuple(rows), widths=widths)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def layout(v: DepartmentGoalView) -> list[Page]:
    notes = () if v.total_printed or v.total is None else ("注：资金总额为各来源金额之和，由系统计算。",)
    return [
        Page(
            title=v.title,
            sheet="部门整体绩效目标表",
            parts=(grid(v),),
            meta_right=f"单位：{v.money_unit}",
            landscape=len(_extras(v)) > 2,
            notes=notes,
        )
    ]


register_formats("department-goal-table", "goals.html", layout)
