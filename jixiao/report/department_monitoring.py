"""部门整体支出绩效监控情况表 ("department-monitoring-form", rules.md §3.5): a department's own monitoring.

The form entered for the department at a checkpoint (:mod:`jixiao.monitor.department`), not the sum of
its projects (that is ``monitoring-department``): 部门名称; 年度部门预算总额 with 合计, 资金来源
(财政性资金 / 其他资金) and 资金结构 (基本支出 / 项目支出), columns 年初预算数 | 1-N月执行数 | 1-N月执行率 |
全年预计执行数 | 灯; the budget deviation causes and measures; 年度履职目标; 年度主要任务 (a row each);
then per indicator the project table's columns (一级 / 二级 / 三级 | 年度指标值 | 执行情况 | 全年预计完成情况 |
偏差原因分析 | 完成目标可能性 | 备注 | 灯, the block of :func:`jixiao.report.monitoring.indicator_rows`).
Explanations the rules require and that are missing are listed under the table. Rendered by the same
four renderers as the other monitoring tables (lights coloured in XLSX).

Builder::

    department_monitoring_view(result, ruleset) -> DepartmentMonitoringView
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.model.document import Document
from jixiao.monitor.department import FUND_GROUPS, TITLE, TOTAL, DepartmentMonitoringResult
from jixiao.monitor.rulesets import Ruleset
from jixiao.report.forms import Cell, Grid, NotFound, Page, Para, head, money_cell, text
from jixiao.report.monitoring import (
    WIDTHS,
    budget_note,
    indicator_rows,
    light_cell,
    rate_cell,
    register_monitoring_formats,
)
from jixiao.report.registry import report_kind

KIND = "department-monitoring-form"


@dataclass(frozen=True, slots=True)
class DepartmentMonitoringView:
    """One department's 部门整体支出绩效监控情况表 at one checkpoint, judged under ``ruleset``."""

    title: str
    department: str
    year: int | None
    checkpoint: str  # as written: 1-7月, 6月底
    money_unit: str
    ruleset: str
    ruleset_title: str
    result: DepartmentMonitoringResult


def department_monitoring_view(result: DepartmentMonitoringResult, ruleset: Ruleset) -> DepartmentMonitoringView:
    r = result.report
    return DepartmentMonitoringView(TITLE, r.department, r.year, r.checkpoint.label, r.money_unit, ruleset.name,
                                    ruleset.title, result)


@report_kind(KIND, TITLE)
def build_department_monitoring(docs: Sequence[Document]) -> DepartmentMonitoringView:
    """Department monitoring is entered in the app; documents carry none (the web renders the view)."""
    raise NotFound("部门整体支出绩效监控情况表由系统中填报的部门整体监控生成（网页或 /api/department-monitoring）")


def grid(v: DepartmentMonitoringView) -> Grid:
    res, rep = v.result, v.result.report
    cp = v.checkpoint
    funds = {f.fund.name: f for f in res.funds}

    def amounts(name: str) -> tuple[Cell, ...]:
        f = funds[name]
        return (money_cell(f.fund.initial, colspan=2), money_cell(f.fund.executed, colspan=2),
                rate_cell(f.rate, colspan=2), money_cell(f.fund.expected, colspan=3),
                light_cell(f.verdict.light, colspan=3))

    rows: list[tuple[Cell, ...]] = [
        (head("部门名称", colspan=3), text(rep.department, colspan=12)),
        (head("年度部门预算总额", colspan=3), head("年初预算数", colspan=2), head(f"{cp}执行数", colspan=2),
         head(f"{cp}执行率", colspan=2), head("全年预计执行数", colspan=3), head("预算执行灯", colspan=3)),
        (head("合计", colspan=3), *amounts(TOTAL)),
    ]
    for group, names in FUND_GROUPS:
        for k, name in enumerate(names):
            lead = (head(group, rowspan=len(names)),) if k == 0 else ()
            rows.append((*lead, head(name, colspan=2), *amounts(name)))
    rows.append((head("预算执行偏差原因及措施", colspan=3), text(budget_note(res.result.report), colspan=12)))
    goal_lines = [x for x in rep.duty_goal.split("\n") if x.strip()] or [""]
    for k, line in enumerate(goal_lines):
        lead = (head("年度履职目标", colspan=3, rowspan=len(goal_lines)),) if k == 0 else ()
        rows.append((*lead, text(line, colspan=12)))
    tasks = list(rep.tasks) or [""]
    for k, task in enumerate(tasks):
        lead = (head("年度主要任务", colspan=3, rowspan=len(tasks)),) if k == 0 else ()
        rows.append((*lead, text(task, colspan=12)))
    rows += indicator_rows(res.result)
    return Grid(rows=tuple(rows), widths=WIDTHS, css="small")


def layout(v: DepartmentMonitoringView) -> list[Page]:
    res = v.result
    parts: list[Grid | Para] = [grid(v)]
    if res.missing:
        parts.append(Para("须补充的说明", level=3))
        parts += [Para(f"{q.subject}：须填写{q.what}（{q.reason}）", level=4, css="missing") for q in res.missing]
    notes = [f"规则集：{v.ruleset_title}（{v.ruleset}）。总体：{res.overall.zh}"
             f"（预算执行{res.result.budget_verdict.light.zh}，指标最差{res.result.project_light.zh}）。",
             f"预算执行灯：{res.result.budget_verdict.working}"]
    return [Page(title=v.title, sheet="部门整体监控", parts=tuple(parts),
                 subtitle=f"（{v.year or ''}年{v.checkpoint}）", meta_left=v.department,
                 meta_right=f"单位：{v.money_unit}", landscape=True, notes=tuple(notes))]


register_monitoring_formats(KIND, layout)
