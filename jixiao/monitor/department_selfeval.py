"""The year's 部门整体支出绩效自评表 made from the department's stored targets (issue 18, item 2).

``draft_department_self_evaluation(targets, reports, scheme, executed=…, adjusted=…)`` builds the
form the way :func:`~jixiao.monitor.selfeval_draft.draft_self_evaluation` builds a project's — it
calls it on the targets in a project's shape (:meth:`DepartmentTargets.as_project`), so the
indicators, their 分值 by the scheme's weight set, the prefilled 实际完成值 (the latest monitoring
that gives one) and the scoring are the same code — and then gives the fund block its 部门整体
rows by source:

* 年度资金总额, 其中：财政拨款, 其他资金; 年初预算数 = the targets' 资金总额 by source (财政拨款 and
  the sum of every other source); 全年预算数 = the adjusted amount given, else the 年初预算数;
  全年执行数 = the amount given (final accounts: :func:`accounts_execution`), else, for the total,
  the latest monitoring's cumulative executed amount; 其他资金 executed = total − 财政拨款 when
  only those two are known (a note says so);
* 执行率 per row; 分值 and 得分 on the total row only (the scheme scores the 预算执行率 there).

:func:`accounts_execution` reads 全年执行数 from a stored 部门决算: 本年支出合计 of the
收入支出决算总表 (total) and of the 财政拨款收入支出决算总表 (财政拨款), converted to the form's unit.
Pure functions: nothing is read or written elsewhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.checks.selfeval import selfeval_explanations
from jixiao.model.accounts import TableKind
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document, FinalAccounts
from jixiao.model.finding import Finding
from jixiao.model.selfeval import BudgetLine, Figure, SelfEvaluation, SelfEvaluationForms
from jixiao.model.source import Source
from jixiao.model.units import to_unit
from jixiao.monitor.department import FISCAL, TOTAL, DepartmentMonitoringReport
from jixiao.monitor.model import MonitoringReport
from jixiao.monitor.selfeval_draft import Draft, draft_self_evaluation, fill_scores, rate_figure
from jixiao.numbers import plain
from jixiao.rules.schemes import DEPARTMENT_SELF_SCHEME, SelfScheme

__all__ = [
    "DEPARTMENT_SCHEME",
    "DEPARTMENT_TITLE",
    "FISCAL_NAME",
    "FUND_ROWS",
    "OTHER_NAME",
    "TOTAL_NAME",
    "MainTask",
    "accounts_execution",
    "draft_department_self_evaluation",
    "initial_by_row",
    "missing_explanations",
    "monitoring_execution",
]

DEPARTMENT_TITLE = "部门整体支出绩效自评表"
DEPARTMENT_SCHEME = DEPARTMENT_SELF_SCHEME  # the 部门整体 scheme (jixiao/schemes/), the default of these forms
TOTAL_NAME = "年度资金总额"
FISCAL_NAME = "其中：财政拨款"
OTHER_NAME = "其他资金"
FUND_ROWS = (TOTAL_NAME, FISCAL_NAME, OTHER_NAME)
FISCAL_SOURCE = "财政拨款"
EXPENDITURE_TOTAL = "本年支出合计"
NOWHERE = Source("")


@dataclass(frozen=True, slots=True)
class MainTask:
    """A row of 年度主要任务: 任务名称, 主要内容, 预算数 and 执行数 (in the form's unit)."""

    name: str
    content: str = ""
    budget: Decimal | None = None
    executed: Decimal | None = None


def initial_by_row(targets: DepartmentTargets) -> dict[str, Decimal | None]:
    """年初预算数 of the three rows from the targets' 资金总额 by source."""
    top = [f for f in targets.funds if f.part_of is None]  # a 其中 line is part of the line above it
    fiscal = [f.amount for f in top if f.source == FISCAL_SOURCE and f.amount is not None]
    other = [f.amount for f in top if f.source != FISCAL_SOURCE and f.amount is not None]
    return {
        TOTAL_NAME: targets.total_funds,
        FISCAL_NAME: sum(fiscal, Decimal(0)) if fiscal else None,
        OTHER_NAME: sum(other, Decimal(0)) if other else None,
    }


def _spent(accounts: FinalAccounts, kind: TableKind) -> tuple[Decimal, str | None] | None:
    """本年支出合计 of the table of ``kind`` (its first amount: 金额 / 合计) and the unit it is printed in."""
    for table in accounts.tables:
        if table.kind is not kind:
            continue
        entry = table.find(EXPENDITURE_TOTAL, "支出")
        value = entry.amounts[0].value if entry is not None and entry.amounts else None
        if value is not None:
            return value, table.money_unit or accounts.money_unit
    return None


def accounts_execution(accounts: FinalAccounts, unit: str = "万元") -> tuple[dict[str, Decimal], list[str]]:
    """全年执行数 by row from a 部门决算 (in ``unit``) and the notes saying where each came from."""
    out: dict[str, Decimal] = {}
    notes: list[str] = []
    for name, kind, title in (
        (TOTAL_NAME, TableKind.SUMMARY, "收入支出决算总表"),
        (FISCAL_NAME, TableKind.FISCAL_SUMMARY, "财政拨款收入支出决算总表"),
    ):
        found = _spent(accounts, kind)
        if found is None:
            continue
        value, printed = found
        value = to_unit(value, printed, unit) if printed else value
        out[name] = value
        year = accounts.year or ""
        notes.append(f"{name}全年执行数取自{year}年部门决算{title}“{EXPENDITURE_TOTAL}”：{plain(value)}{unit}")
    return out, notes


def _fig(value: Decimal | None) -> Figure | None:
    return None if value is None else Figure(plain(value), value, NOWHERE)


def draft_department_self_evaluation(
    targets: DepartmentTargets,
    reports: Sequence[MonitoringReport] = (),
    scheme: SelfScheme | str | Path = DEPARTMENT_SCHEME,
    *,
    executed: Mapping[str, Decimal | None] | None = None,
    adjusted: Mapping[str, Decimal | None] | None = None,
    year: int | None = None,
) -> Draft:
    """The 部门整体 self-evaluation of ``targets``, prefilled and scored (``executed`` / ``adjusted``
    by row name of :data:`FUND_ROWS`)."""
    executed = dict(executed or {})
    adjusted = dict(adjusted or {})
    base = draft_self_evaluation(
        targets.as_project(), reports, scheme,
        year=year if year is not None else targets.year, department=targets.department,
        executed=executed.get(TOTAL_NAME), adjusted=adjusted.get(TOTAL_NAME),
    )
    notes = list(base.notes)
    total_line = base.form.total_line
    if executed.get(TOTAL_NAME) is None and total_line is not None and total_line.executed is not None:
        executed[TOTAL_NAME] = total_line.executed.value  # from the latest monitoring
    spent_total, spent_fiscal = executed.get(TOTAL_NAME), executed.get(FISCAL_NAME)
    if executed.get(OTHER_NAME) is None and spent_total is not None and spent_fiscal is not None:
        executed[OTHER_NAME] = spent_total - spent_fiscal
        notes.append(f"其他资金全年执行数 = 年度资金总额 − 财政拨款：{plain(executed[OTHER_NAME])}")
    initial = initial_by_row(targets)
    weight = total_line.weight if total_line is not None else None
    lines = []
    for name in FUND_ROWS:
        full = adjusted.get(name) if adjusted.get(name) is not None else initial[name]
        spent = executed.get(name)
        lines.append(BudgetLine(
            name=name, initial=_fig(initial[name]), adjusted=_fig(full), executed=_fig(spent),
            weight=weight if name == TOTAL_NAME else None, rate=rate_figure(spent, full), score=None,
            source=targets.source,
        ))
    form = dataclasses.replace(
        base.form, title=DEPARTMENT_TITLE, project=targets.department, unit=targets.department,
        department_wide=True, budget_lines=tuple(lines),
    )
    form, result = fill_scores(form, scheme)
    return Draft(form, result, tuple(notes))


def monitoring_execution(report: DepartmentMonitoringReport) -> tuple[dict[str, Decimal], list[str]]:
    """执行数 of the 部门整体 self-evaluation's rows (年度资金总额, 其中：财政拨款) from the latest
    department monitoring, and the notes saying so (the self-evaluation's own row names)."""
    out: dict[str, Decimal] = {}
    notes: list[str] = []
    label = report.checkpoint.label
    for row_name, fund_name in ((TOTAL_NAME, TOTAL), (FISCAL_NAME, FISCAL)):
        value = report.fund(fund_name).executed
        if value is not None:
            out[row_name] = value
            notes.append(f"{row_name}全年执行数取自{label}部门整体监控的{fund_name}执行数：{plain(value)}{report.money_unit}")
    return out, notes


def missing_explanations(form: SelfEvaluation, scheme: SelfScheme | str | Path = DEPARTMENT_SCHEME) -> list[Finding]:
    """The explanations the rules require and the form lacks — the checks' own
    (:func:`jixiao.checks.selfeval.selfeval_explanations`: 总分 under 80 without 原因分析及改进措施, an
    actual deviating from its target without 偏差原因分析) on the form's computed total."""
    scored, _ = fill_scores(form, scheme, keep=[n for n, i in enumerate(form.indicators) if i.score is not None])
    forms = SelfEvaluationForms(scored.title, scored.year, scored.department, (scored,), (), (), scored.source)
    doc = Document(path=scored.source.path, kind="self_evaluation", encoding=None, line_count=0, goals=None,
                   accounts=None, unplaced=(), findings=(), forms=forms)
    return list(selfeval_explanations(doc))
