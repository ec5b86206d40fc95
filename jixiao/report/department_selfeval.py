"""部门整体支出绩效自评表 ("department-selfeval-form"): the official form of a department's year.

The layout follows the provincial 部门整体支出绩效自评表 (corpus 08, 福建/宁德; the 财政部 form of the
same name): 部门名称; 年度主要任务 (任务名称 / 主要内容 / 预算数 / 执行数); 年度资金情况 (年初预算数 /
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, rows 年度资金总额 / 其中：财政拨款 / 其他资金);
年度总体目标 (预期目标 / 实际完成情况); 年度绩效指标 (一级 / 二级 / 三级 / 年度指标值 / 实际完成值 /
分值 / 得分 / 偏差原因分析及改进措施); 总分 with the grade. Under the form: a score a user typed
instead of the computed one, with its reason, and where the two differ on a read form.

One view-model (:class:`DepartmentSelfEvalBook`) for every format. Two ways to it:
``build_department_selfevals(docs)`` — the 部门整体 forms read from documents (corpus 08, 11),
scored under ``scheme``; :func:`department_form_view` — a form made in the app (the web passes its
stored rows as the core model, the 年度主要任务 and the override reasons).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.model.document import Document
from jixiao.model.selfeval import Figure, SelfEvaluation
from jixiao.monitor.department_selfeval import DEPARTMENT_TITLE, MainTask
from jixiao.numbers import plain
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    head,
    money_cell,
    nested_spans,
    number_cell,
    register_formats,
    select,
    spans,
    text,
)
from jixiao.report.registry import report_kind
from jixiao.report.selfeval import computed_cell, fig
from jixiao.rules.result import ScoreResult, shown
from jixiao.rules.schemes import DEPARTMENT_SELF_SCHEME, SelfScheme, shipped_self_scheme
from jixiao.rules.score_self import score_self_evaluation

__all__ = ["DepartmentSelfEvalBook", "DepartmentSelfEvalView", "build_department_selfevals", "department_form_view"]


@dataclass(frozen=True, slots=True)
class FundRowView:
    name: str  # 年度资金总额 / 其中：财政拨款 / 其他资金 (as the form names it)
    initial: Figure | None  # 年初预算数
    adjusted: Figure | None  # 全年预算数
    executed: Figure | None  # 全年执行数
    weight: Figure | None  # 分值
    rate: Figure | None  # 执行率
    score: Figure | None  # 得分 (on the total row)


@dataclass(frozen=True, slots=True)
class IndicatorRowView:
    level1: str
    level2: str
    name: str
    target: str  # 年度指标值, as written
    actual: str  # 实际完成值, as written
    weight: Figure | None  # 分值
    score: Figure | None  # 得分 on the form
    computed: Decimal | None  # the scheme's score from the row's own values
    agrees: bool | None
    deviation: str | None  # 偏差原因分析及改进措施
    override: str | None  # the reason a user gave for a score other than the computed one


@dataclass(frozen=True, slots=True)
class DepartmentSelfEvalView:
    title: str  # 部门整体支出绩效自评表
    year: int | None
    department: str  # 部门名称
    money_unit: str
    tasks: tuple[MainTask, ...]  # 年度主要任务
    funds: tuple[FundRowView, ...]
    goal_expected: str | None  # 年度总体目标：预期目标
    goal_actual: str | None  # 实际完成情况
    indicators: tuple[IndicatorRowView, ...]
    total: Figure | None  # 总分 on the form
    computed_total: Decimal
    grade: str | None  # by the scheme's bands (model/grades.py)
    low_score_explanation: str | None
    scheme: str
    notes: tuple[str, ...]  # the form's own notes, then the prefill notes and the overrides


@dataclass(frozen=True, slots=True)
class DepartmentSelfEvalBook:
    forms: tuple[DepartmentSelfEvalView, ...]


def department_form_view(
    form: SelfEvaluation,
    result: ScoreResult,
    tasks: Sequence[MainTask] = (),
    overrides: Mapping[int, str] | None = None,
    notes: Sequence[str] = (),
) -> DepartmentSelfEvalView:
    """The view of one 部门整体 form and its scoring (``overrides``: indicator position → reason)."""
    overrides = overrides or {}
    execution, scored = result.items[0], result.items[1:]
    rows = []
    for n, it in enumerate(form.indicators):
        item = scored[n] if n < len(scored) else None
        rows.append(IndicatorRowView(
            level1=it.level1, level2=it.level2, name=it.name, target=it.target.raw, actual=it.actual.raw,
            weight=it.weight, score=it.score, computed=None if item is None else item.computed,
            agrees=None if item is None else item.agrees, deviation=it.deviation, override=overrides.get(n),
        ))
    total_line = form.total_line
    funds = tuple(
        FundRowView(line.name, line.initial, line.adjusted, line.executed, line.weight, line.rate, line.score)
        for line in form.budget_lines
    )
    out = list(form.notes) + list(notes)
    for row in rows:
        if row.override:
            out.append(f"“{row.name}”得分由填报人修改：计算得分 {shown(row.computed)}，"
                       f"填报得分 {row.score.raw if row.score else ''}；理由：{row.override}")
        elif row.agrees is False:
            out.append(f"“{row.name}”：表中得分与计算得分 {shown(row.computed)} 不一致")
    if total_line is not None and execution.agrees is False:
        out.append(f"预算执行率：表中得分与计算得分 {shown(execution.computed)} 不一致")
    shipped = shipped_self_scheme(result.scheme)  # its title, never the file's name, on the printed form
    out.append(f"计算得分依评分方案“{shipped.title if shipped else result.scheme}”；等级按该方案的分档。")
    return DepartmentSelfEvalView(
        title=form.title or DEPARTMENT_TITLE, year=form.year, department=form.project or form.department or "",
        money_unit=form.money_unit or "万元", tasks=tuple(tasks), funds=funds,
        goal_expected=form.goal_expected, goal_actual=form.goal_actual, indicators=tuple(rows),
        total=form.total, computed_total=result.computed_total, grade=result.grade,
        low_score_explanation=form.low_score_explanation, scheme=result.scheme, notes=tuple(out),
    )


def _department_forms(docs: Sequence[Document]) -> list[SelfEvaluation]:
    found = []
    for doc in docs:
        inside = doc.accounts.self_evaluations if doc.accounts is not None else ()
        alone = doc.forms.self_evaluations if doc.forms is not None else ()
        found += [f for f in (*inside, *alone) if f.department_wide]
    if not found:
        raise NotFound("没有部门整体支出绩效自评表")
    return found


@report_kind("department-selfeval-form", "部门整体支出绩效自评表")
def build_department_selfevals(
    docs: Sequence[Document], project: str | None = None, scheme: SelfScheme | str | Path = DEPARTMENT_SELF_SCHEME
) -> DepartmentSelfEvalBook:
    """The 部门整体 forms of ``docs`` (``project`` selects by department name), scored under ``scheme``."""
    forms = select(_department_forms(docs), project, lambda f: (f.project, f.department, f.unit))
    return DepartmentSelfEvalBook(tuple(department_form_view(f, score_self_evaluation(f, scheme)) for f in forms))


# ---------------------------------------------------------------------------------------------
# Layout: nine columns, the first holding the block labels
# ---------------------------------------------------------------------------------------------

WIDTHS = (9.0, 11.0, 11.0, 17.0, 13.0, 13.0, 8.0, 8.0, 22.0)


def _amount(value: Decimal | None, **kw) -> Cell:
    return text("", **kw) if value is None else money_cell(value, **kw)


def department_grid(v: DepartmentSelfEvalView) -> Grid:
    rows: list[tuple[Cell, ...]] = [(head("部门名称"), text(v.department, colspan=8))]
    tasks = v.tasks or (MainTask(""),)
    rows.append((head("年度主要任务", rowspan=1 + len(tasks)), head("任务名称", colspan=2), head("主要内容", colspan=4),
                 head("预算数"), head("执行数")))
    for t in tasks:
        rows.append((text(t.name, colspan=2), text(t.content, colspan=4), _amount(t.budget), _amount(t.executed)))
    rows.append((head(f"年度资金情况（{v.money_unit}）", rowspan=1 + len(v.funds)), head("", colspan=2),
                 *(head(label) for label in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"))))
    for f in v.funds:
        rows.append((text(f.name, colspan=2), fig(f.initial), fig(f.adjusted), fig(f.executed), fig(f.weight),
                     fig(f.rate), fig(f.score)))
    rows.append((head("年度总体目标", rowspan=2), head("预期目标", colspan=4), head("实际完成情况", colspan=4)))
    rows.append((text(v.goal_expected, colspan=4), text(v.goal_actual, colspan=4)))
    inds = v.indicators
    rows.append((head("年度绩效指标", rowspan=1 + len(inds)), head("一级指标"), head("二级指标"), head("三级指标"),
                 head("年度指标值"), head("实际完成值"), head("分值"), head("得分"), head("偏差原因分析及改进措施")))
    l1 = spans([i.level1 for i in inds])
    l2 = nested_spans([(i.level1, i.level2) for i in inds])
    for k, ind in enumerate(inds):
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(ind.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(ind.level2, rowspan=l2[k], align="center"))
        cells += [text(ind.name), text(ind.target, align="center"), text(ind.actual, align="center"),
                  fig(ind.weight), fig(ind.score, css="diff" if ind.override or ind.agrees is False else ""),
                  text(ind.deviation)]
        rows.append(tuple(cells))
    weights = [i.weight.value for i in inds if i.weight is not None and i.weight.value is not None]
    weights += [f.weight.value for f in v.funds if f.weight is not None and f.weight.value is not None]
    full = sum(weights, Decimal(0))
    rows.append((head("总分", colspan=6), number_cell(full, raw=plain(full)) if weights else text(""),
                 fig(v.total) if v.total is not None else computed_cell(v.computed_total if inds else None),
                 text(f"评价等级：{v.grade or ''}")))
    label = "总分在 80 分以下的未实现绩效目标的原因分析及拟采取的改进措施："
    rows.append((text(f"{label}{v.low_score_explanation or ''}", colspan=9),))
    return Grid(rows=tuple(rows), widths=WIDTHS)


def department_layout(view: DepartmentSelfEvalBook) -> list[Page]:
    return [
        Page(
            title=v.title,
            sheet=v.department or "部门整体自评表",
            parts=(department_grid(v),),
            subtitle=f"（{v.year}年度）" if v.year else None,
            meta_right=f"单位：{v.money_unit}",
            landscape=True,
            notes=v.notes,
        )
        for v in view.forms
    ]


register_formats("department-selfeval-form", "department_selfeval.html", department_layout)
