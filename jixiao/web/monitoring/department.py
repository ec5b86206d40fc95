"""部门整体 monitoring in the store: who may see and enter it, drafting, the core model of the rows,
evaluation, saving, the submission guard (issue 18).

- A report is drafted (:func:`create_report`) by :func:`jixiao.monitor.department.draft_department_monitoring`
  from the department's stored targets for the year and its projects' goal tables and monitoring at
  the same checkpoint; its ``unit`` is the unit of the clerk who made it (the department or one of
  its units), so that unit's clerk edits and submits it and the department's reviewer and the bureau
  review it (``workflow.states``, the same transitions as every record).
- Every light and required explanation is the core's (:func:`evaluate`), with the rule set's lights.
- Who: :func:`can_view` — the bureau, the department's reviewer, the clerks of the making unit, the
  public once published; :func:`can_edit` — the making unit's clerk while draft or returned.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jixiao.model.names import normalise_name as squash
from jixiao.monitor.department import (
    FUND_NAMES,
    DepartmentMonitoringReport,
    DepartmentMonitoringResult,
    FundProgress,
    draft_department_monitoring,
    evaluate_department,
)
from jixiao.monitor.model import Checkpoint
from jixiao.numbers import plain
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.store.department import targets_to_model
from jixiao.web.workflow import permissions

Report = mm.DepartmentMonitoringReport


# ---------------------------------------------------------------- who


def can_create(user: Any, department: m.Organisation) -> bool:
    """A unit clerk of the department or of one of its units (as the 部门整体 self-evaluation), or a superuser."""
    from jixiao.web.pages.department_selfeval import can_create as may_make_department_forms

    return may_make_department_forms(user, department)


def can_view(user: Any, report: Report) -> bool:
    if permissions.is_superuser(user) or report.status == m.Status.PUBLISHED:
        return True
    scope = permissions.unit_scope(user)
    if scope == permissions.ALL:
        return True
    role = permissions.role_of(user)
    if role == m.Role.DEPARTMENT_REVIEWER:
        return report.department_id in scope
    return role == m.Role.UNIT_CLERK and report.unit_id is not None and report.unit_id in scope


def can_edit(user: Any, report: Report) -> bool:
    if permissions.is_superuser(user):
        return True
    return (
        permissions.role_of(user) == m.Role.UNIT_CLERK
        and report.status in permissions.EDITABLE_STATUSES
        and report.unit_id is not None
        and report.unit_id in permissions.unit_scope(user)
    )


def visible(user: Any, department: m.Organisation) -> list[Report]:
    rows = Report.objects.filter(department=department).select_related("department", "unit")
    return [r for r in rows.order_by("-year", "month", "id") if can_view(user, r)]


# ---------------------------------------------------------------- core model


def funds_of(report: Report) -> list[mm.DepartmentMonitoringFund]:
    """The five fund rows in :data:`FUND_NAMES` order (unsaved blanks for those missing)."""
    stored = {f.name: f for f in (report.funds.all() if report.pk else ())}
    return [stored.get(n) or mm.DepartmentMonitoringFund(name=n, position=k) for k, n in enumerate(FUND_NAMES)]


def report_to_model(report: Report, funds: list[mm.DepartmentMonitoringFund] | None = None,
                    rows: list[mm.DepartmentMonitoringRow] | None = None) -> DepartmentMonitoringReport:
    funds = funds if funds is not None else funds_of(report)
    rows = rows if rows is not None else (list(report.rows.all()) if report.pk else [])
    return DepartmentMonitoringReport(
        department=report.department.name,
        year=report.year,
        checkpoint=Checkpoint(report.month, report.label),
        funds=tuple(FundProgress(f.name, f.initial, f.executed, f.expected) for f in funds),
        indicators=tuple(mmap.indicator_to_model(r) for r in rows),
        duty_goal=report.duty_goal,
        tasks=tuple(report.tasks or ()),
        money_unit=report.money_unit,
        budget_causes=tuple(report.budget_causes or ()),
        budget_explanation=report.budget_explanation or None,
        budget_measures=report.budget_measures or None,
    )


def evaluate(report: Report, funds: list[mm.DepartmentMonitoringFund] | None = None,
             rows: list[mm.DepartmentMonitoringRow] | None = None) -> DepartmentMonitoringResult:
    targets = targets_to_model(report.targets) if report.targets_id else None
    return evaluate_department(report_to_model(report, funds, rows), targets, mmap.ruleset(report.ruleset))


def latest_for_selfeval(targets_row: m.DepartmentTargets) -> DepartmentMonitoringReport | None:
    """The department's latest monitoring of the targets' year (the 部门整体 self-evaluation's prefill)."""
    row = (Report.objects.filter(department=targets_row.department, year=targets_row.year)
           .select_related("department").order_by("-month", "-id").first())  # fmt: skip
    return report_to_model(row) if row is not None else None


# ---------------------------------------------------------------- drafting and saving


def create_report(targets_row: m.DepartmentTargets, checkpoint: Checkpoint, unit: m.Organisation | None,
                  ruleset_name: str = mmap.DEFAULT_RULESET) -> Report:
    """A new draft report of the department at ``checkpoint``, prefilled (see the module's docstring)."""
    department = targets_row.department
    units = [department.pk, *department.children.values_list("pk", flat=True)]
    projects = list(m.Project.objects.filter(unit_id__in=units, year=targets_row.year).order_by("id"))
    stored = mm.MonitoringReport.objects.filter(project__in=projects, month=checkpoint.month).select_related(
        "project", "project__unit")
    draft = draft_department_monitoring(
        targets_to_model(targets_row), checkpoint, [mapping.project_to_model(p) for p in projects],
        [mmap.report_to_model(r) for r in stored],
    )
    core = draft.report
    with transaction.atomic():
        report = Report.objects.create(
            department=department, unit=unit, targets=targets_row, year=targets_row.year, month=checkpoint.month,
            label=checkpoint.label, ruleset=ruleset_name, money_unit=core.money_unit, duty_goal=core.duty_goal,
            tasks=list(core.tasks), notes=list(draft.notes),
        )
        save_funds(report, [mm.DepartmentMonitoringFund(name=f.name, initial=f.initial, executed=f.executed,
                                                        expected=f.expected) for f in core.funds])
        indicators = {squash(i.name): i for i in targets_row.indicators.all()}
        save_rows(report, [mm.DepartmentMonitoringRow(indicator=indicators.get(squash(i.name)), level1=i.level1,
                                                      level2=i.level2, name=i.name) for i in core.indicators])
    return report


def save_funds(report: Report, funds: list[mm.DepartmentMonitoringFund]) -> None:
    report.funds.all().delete()
    for k, f in enumerate(funds):
        f.pk, f.report, f.position = None, report, k
    mm.DepartmentMonitoringFund.objects.bulk_create(funds)


def save_rows(report: Report, rows: list[mm.DepartmentMonitoringRow]) -> None:
    report.rows.all().delete()
    for k, r in enumerate(rows):
        r.pk, r.report, r.position = None, report, k
    mm.DepartmentMonitoringRow.objects.bulk_create(rows)


FIELDS = ("label", "ruleset", "duty_goal", "tasks", "budget_causes", "budget_explanation", "budget_measures")


def state(report: Report, funds: list[mm.DepartmentMonitoringFund], rows: list[Any]) -> dict[str, object]:
    """The audited content: the fields, each fund figure and each indicator value (blanks left out)."""
    out: dict[str, object] = {
        "label": report.label, "ruleset": mmap.ruleset(report.ruleset).title, "duty_goal": report.duty_goal,
        "tasks": "；".join(report.tasks or []), "budget_causes": "、".join(report.budget_causes or []),
        "budget_explanation": report.budget_explanation, "budget_measures": report.budget_measures,
    }
    for f in funds:
        for attr in ("initial", "executed", "expected"):
            value = getattr(f, attr)
            out[f"funds.{f.name}.{attr}"] = None if value is None else plain(value)
    out.update(mmap.rows_state(rows))  # the same keys as a project's report
    return {k: v for k, v in out.items() if v not in (None, "")}


def submit_problems(obj: Any) -> list[str]:
    """The workflow's submission guard: the explanations the rules require and the report lacks."""
    if not isinstance(obj, Report):
        return []
    return [f"{q.subject}须填写{q.what}（{q.reason}）" for q in evaluate(obj).missing]

