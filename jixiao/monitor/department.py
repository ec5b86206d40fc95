"""部门整体支出绩效监控 (department-wide monitoring, rules.md §3.4–3.6; issue 18).

A :class:`DepartmentMonitoringReport` is the 部门整体支出绩效监控情况表 of a department at a
checkpoint: 年度部门预算总额 with the rows 资金来源 (财政性资金 / 其他资金) and 资金结构 (基本支出 /
项目支出), each with 年初预算数, the checkpoint's 执行数 (1-7月执行数) and 全年预计执行数; 年度履职目标;
年度主要任务; and per indicator of the 部门整体 targets the same columns as a project's table
(:class:`~jixiao.monitor.model.IndicatorProgress`: 执行情况, 全年预计完成情况, 偏差原因, 完成目标可能性,
原因说明, 备注).

It is judged by the project monitoring engine itself — :meth:`DepartmentMonitoringReport.as_report`
gives the report in a project's shape (the department as the "project", 年度部门预算总额 as its
预算数), :func:`jixiao.monitor.engine.evaluate` judges it against the targets in a project's shape
(:meth:`DepartmentTargets.as_project`) with the rule set's lights and required explanations. Each
fund row gets the rule set's budget-execution light on its own figures (the same registered rule).
The parts of 资金来源 and of 资金结构 must each add up to the total (a finding where they do not).

:func:`draft_department_monitoring` prefills a report from the stored targets (indicators, 年度履职目标,
年度主要任务, 年初预算数 by source) and the department's projects and their monitoring at the same
checkpoint (项目支出: Σ 预算数, Σ 执行数, Σ 全年预计执行数; 基本支出 = total − 项目支出), with notes
saying where each figure came from. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.findings import make_finding
from jixiao.model.department import DepartmentTargets
from jixiao.model.finding import Finding
from jixiao.model.goals import Project
from jixiao.model.source import Source
from jixiao.model.target import EMPTY
from jixiao.model.units import to_unit
from jixiao.monitor.engine import evaluate, find_project
from jixiao.monitor.lights import LIGHT_RULES, BudgetInput, execution_rate
from jixiao.monitor.model import (
    Checkpoint,
    IndicatorProgress,
    Light,
    MonitoringReport,
    MonitoringResult,
    Requirement,
    Verdict,
    worst,
)
from jixiao.monitor.rulesets import Ruleset
from jixiao.numbers import plain

__all__ = [
    "BASIC",
    "COLUMNS",
    "DEPARTMENT_SCOPE",
    "FISCAL",
    "FUND_GROUPS",
    "FUND_NAMES",
    "OTHER",
    "PROJECTS",
    "TOTAL",
    "DepartmentDraft",
    "DepartmentMonitoringReport",
    "DepartmentMonitoringResult",
    "FundProgress",
    "FundResult",
    "draft_department_monitoring",
    "evaluate_department",
]

DEPARTMENT_SCOPE = "部门整体"
TITLE = "部门整体支出绩效监控情况表"
TOTAL = "年度部门预算总额"
FISCAL, OTHER = "财政性资金", "其他资金"
BASIC, PROJECTS = "基本支出", "项目支出"
FUND_GROUPS = (("资金来源", (FISCAL, OTHER)), ("资金结构", (BASIC, PROJECTS)))
FUND_NAMES = (TOTAL, FISCAL, OTHER, BASIC, PROJECTS)
COLUMNS = {"initial": "年初预算数", "executed": "执行数", "expected": "全年预计执行数"}
FISCAL_SOURCE = "财政拨款"  # the targets' name of 财政性资金


@dataclass(frozen=True, slots=True)
class FundProgress:
    """One row of 年度部门预算总额: ``name`` from :data:`FUND_NAMES`, amounts in the report's unit."""

    name: str
    initial: Decimal | None = None  # 年初预算数
    executed: Decimal | None = None  # 1-N月执行数 (cumulative at the checkpoint)
    expected: Decimal | None = None  # 全年预计执行数


@dataclass(frozen=True, slots=True)
class DepartmentMonitoringReport:
    department: str
    year: int | None
    checkpoint: Checkpoint
    funds: tuple[FundProgress, ...]  # the total first, then the parts (any order; found by name)
    indicators: tuple[IndicatorProgress, ...]
    duty_goal: str = ""  # 年度履职目标
    tasks: tuple[str, ...] = ()  # 年度主要任务, one item each
    money_unit: str = "万元"
    budget_causes: tuple[str, ...] = ()
    budget_explanation: str | None = None
    budget_measures: str | None = None
    source: Source = field(default_factory=lambda: Source(""))

    def fund(self, name: str) -> FundProgress:
        return next((f for f in self.funds if f.name == name), FundProgress(name))

    def as_report(self) -> MonitoringReport:
        """The report in a project's shape: the department as the project, the total as its budget."""
        total = self.fund(TOTAL)
        return MonitoringReport(
            project=self.department, code=None, unit=self.department, year=self.year, checkpoint=self.checkpoint,
            executed=total.executed, indicators=self.indicators, budget=total.initial,
            expected_executed=total.expected, budget_causes=self.budget_causes,
            budget_explanation=self.budget_explanation, budget_measures=self.budget_measures, source=self.source,
            scope=DEPARTMENT_SCOPE,
        )


@dataclass(frozen=True, slots=True)
class FundResult:
    fund: FundProgress
    rate: Decimal | None  # 执行率 = 执行数 ÷ 年初预算数 × 100
    verdict: Verdict  # the rule set's budget light on this row's figures


@dataclass(frozen=True, slots=True)
class DepartmentMonitoringResult:
    report: DepartmentMonitoringReport
    result: MonitoringResult  # the engine's: the total's light, indicator lights, requirements, findings
    funds: tuple[FundResult, ...]  # in FUND_NAMES order
    findings: tuple[Finding, ...]  # the engine's and the fund rows' own

    @property
    def overall(self) -> Light:
        return worst([self.result.overall, *(f.verdict.light for f in self.funds)])

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return self.result.requirements

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return self.result.missing

    def to_dict(self) -> dict[str, object]:
        r = self.report
        out = self.result.to_dict()
        out.pop("project", None)
        out.pop("code", None)
        out.pop("unit", None)
        out.update({
            "department": r.department,
            "duty_goal": r.duty_goal,
            "tasks": list(r.tasks),
            "money_unit": r.money_unit,
            "funds": [
                {"name": f.fund.name, "initial": _num(f.fund.initial), "executed": _num(f.fund.executed),
                 "expected": _num(f.fund.expected), "rate": _num(f.rate), **f.verdict.to_dict()}
                for f in self.funds
            ],
            "overall_light": str(self.overall),
            "findings": [f.to_dict() for f in self.findings],
        })
        return out


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _fund_verdict(report: DepartmentMonitoringReport, fund: FundProgress, ruleset: Ruleset) -> Verdict:
    """The rule set's budget rule on one row (a department has no 资金支出计划: the plan rule falls back
    to time progress by its own reading)."""
    ref = ruleset.budget
    inp = BudgetInput(report.checkpoint.month, report.checkpoint.label, fund.executed, fund.initial, None)
    try:
        return LIGHT_RULES[ref.name].fn(inp, ref.params)
    except Exception as exc:  # as the engine: a rule must not stop the rest
        return Verdict(Light.NONE, ref.name, f"规则“{ref.name}”计算出错（{type(exc).__name__}），未判定")


def _parts_findings(report: DepartmentMonitoringReport) -> list[Finding]:
    total = report.fund(TOTAL)
    out = []
    for group, names in FUND_GROUPS:
        parts = [report.fund(n) for n in names]
        for attr, column in COLUMNS.items():
            whole = getattr(total, attr)
            values = [getattr(p, attr) for p in parts]
            if whole is None or any(v is None for v in values):
                continue
            added = sum((v for v in values if v is not None), Decimal(0))
            if added != whole:
                out.append(make_finding(
                    "dept-monitor-parts-mismatch", report.source, project=report.department,
                    checkpoint=report.checkpoint.label, group=group, parts="、".join(names), column=column,
                    actual=plain(added), expected=plain(whole),
                ))
    return out


def evaluate_department(
    report: DepartmentMonitoringReport, targets: DepartmentTargets | None, ruleset: Ruleset
) -> DepartmentMonitoringResult:
    """Every light of the department's report (total and indicators by the engine, each fund row by the
    rule set's budget rule), the explanations the rules require and the findings."""
    project = targets.as_project() if targets is not None else None
    result = evaluate(report.as_report(), project, ruleset)
    funds = tuple(
        FundResult(f, execution_rate(f.executed, f.initial), _fund_verdict(report, f, ruleset))
        for f in (report.fund(n) for n in FUND_NAMES)
    )
    return DepartmentMonitoringResult(report, result, funds, (*result.findings, *_parts_findings(report)))


# ---------------------------------------------------------------------------------------------
# Drafting from the stored targets and the projects' monitoring
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepartmentDraft:
    report: DepartmentMonitoringReport
    notes: tuple[str, ...]  # where each prefilled figure came from (Chinese)


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _minus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def draft_department_monitoring(
    targets: DepartmentTargets,
    checkpoint: Checkpoint,
    projects: Sequence[Project] = (),
    reports: Sequence[MonitoringReport] = (),
) -> DepartmentDraft:
    """The department's report at ``checkpoint``, prefilled. ``projects``: the department's goal tables
    of the year; ``reports``: their monitoring (only those at ``checkpoint`` are used)."""
    unit = targets.money_unit or "万元"
    notes: list[str] = []
    top = [f for f in targets.funds if f.part_of is None]
    fiscal = _sum([f.amount for f in top if f.source == FISCAL_SOURCE])
    other = _sum([f.amount for f in top if f.source != FISCAL_SOURCE])
    total = targets.printed_total if targets.printed_total is not None else targets.total_funds
    if total is not None:
        notes.append(f"年初预算数取自{targets.year or ''}年部门整体绩效目标的资金总额：{plain(total)}{unit}")

    def conv(value: Decimal | None, printed: str | None) -> Decimal | None:
        return None if value is None else to_unit(value, printed or "万元", unit)

    budgets: list[Decimal | None] = [conv(p.budget, p.money_unit) for p in projects]
    at = [r for r in reports if r.checkpoint.month == checkpoint.month]
    executed: list[Decimal | None] = []
    expected: list[Decimal | None] = []
    for r in at:
        p = find_project(tuple(projects), r)
        executed.append(conv(r.executed, "万元"))  # a monitoring report's amounts are 万元
        expected.append(conv(r.expected_executed, "万元"))
        if p is None and r.budget is not None:
            budgets.append(conv(r.budget, "万元"))
    project_initial, project_executed, project_expected = _sum(budgets), _sum(executed), _sum(expected)
    if projects:
        notes.append(f"项目支出年初预算数 = 本部门{len(budgets)}个项目预算数之和：{plain(project_initial)}{unit}"
                     if project_initial is not None else "项目没有预算数，项目支出年初预算数待填写")
    if at:
        unmonitored = len(projects) - sum(1 for r in at if find_project(tuple(projects), r) is not None)
        short = f"（另有{unmonitored}个项目尚无{checkpoint.label}监控报告，请补充）" if unmonitored > 0 else ""
        notes.append(f"项目支出{checkpoint.label}执行数 = {len(at)}个项目监控报告累计执行数之和："
                     f"{plain(project_executed) if project_executed is not None else '—'}{unit}{short}")
    else:
        notes.append(f"本部门项目没有{checkpoint.label}的监控报告，执行数待填写")
    basic_initial = _minus(total, project_initial)
    if basic_initial is not None:
        notes.append(f"基本支出年初预算数 = 年度部门预算总额 − 项目支出：{plain(basic_initial)}{unit}")
    funds = (
        FundProgress(TOTAL, total),
        FundProgress(FISCAL, fiscal),
        FundProgress(OTHER, other),
        FundProgress(BASIC, basic_initial),
        FundProgress(PROJECTS, project_initial, project_executed, project_expected),
    )
    indicators = tuple(
        IndicatorProgress(i.level1, i.level2, i.name, i.target, EMPTY, source=i.source) for i in targets.indicators
    )
    report = DepartmentMonitoringReport(
        department=targets.department, year=targets.year, checkpoint=checkpoint, funds=funds,
        indicators=indicators, duty_goal=targets.overall_goal, tasks=tuple(targets.duties), money_unit=unit,
        source=targets.source,
    )
    return DepartmentDraft(report, tuple(notes))
