"""A department's years side by side: budget → targets → monitoring → self-evaluation → final
accounts, each with links and a key figure (the dashboard's “年度全流程” panel)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from jixiao.model.budget import BudgetDisclosure, BudgetTableKind, to_yuan
from jixiao.web.monitoring.models import MonitoringReport
from jixiao.web.pages import access
from jixiao.web.pages.yearend import can_enter
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

TEN_THOUSAND = Decimal(10000)


def budget_total(b: BudgetDisclosure) -> Decimal | None:
    """收入总计 of the 收支总表 in 万元 (the key figure shown beside the year), or None."""
    table = b.table(BudgetTableKind.SUMMARY)
    if table is None:
        return None
    for e in table.side("收入"):
        if not e.code and e.name.replace(" ", "").endswith("总计") and e.amounts and e.amounts[0].value is not None:
            yuan = to_yuan(e.amounts[0].value, table.unit)
            return None if yuan is None else yuan / TEN_THOUSAND
    return None


def year_overview(user: Any, dept: m.Organisation, units: list[m.Organisation]) -> list[dict[str, Any]]:
    """One entry per year, newest first: the department's budgets, its units' target tables,
    monitoring reports, self-evaluations and the final accounts, with a key figure each.

    Counts and sums are SQL aggregates and only the first three records of a kind are loaded, so
    the panel costs the same for ten projects as for a province's thousands."""
    years: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"budgets": [], "accounts": [], "project_count": 0, "project_budget": Decimal(0), "projects": [],
                 "report_count": 0, "monitored": 0, "selfeval_count": 0, "selfevals": []}
    )  # fmt: skip
    for row in access.visible(user, m.Budget.objects.filter(department=dept).order_by("edition", "id")):
        if row.year:
            years[row.year]["budgets"].append({"row": row, "total": budget_total(mapping.budget_to_model(row))})
    projects = permissions.visible(user, m.Project.objects.filter(unit__in=units))
    for row in projects.exclude(year=None).values("year").annotate(n=Count("id"), total=Sum("budget")).order_by():
        years[row["year"]].update(project_count=row["n"], project_budget=row["total"] or Decimal(0))
    reports = MonitoringReport.objects.filter(project__in=projects.values("id"))
    reports = reports.annotate(y=Coalesce("year", "project__year")).exclude(y=None).values("y")
    for row in reports.annotate(n=Count("id"), monitored=Count("project_id", distinct=True)).order_by():
        years[row["y"]].update(report_count=row["n"], monitored=row["monitored"])
    selfevals = permissions.visible(user, m.SelfEvaluation.objects.filter(unit__in=units))
    for row in selfevals.exclude(year=None).values("year").annotate(n=Count("id")).order_by():
        years[row["year"]]["selfeval_count"] = row["n"]
    for fa in access.visible(user, m.FinalAccounts.objects.filter(department=dept).defer("snapshot")):
        if fa.year:
            years[fa.year]["accounts"].append(fa)
    # 部门整体绩效目标: linked where the reader may see the year's table, or may enter one (a dead link otherwise)
    targets_years = set(permissions.visible(user, m.DepartmentTargets.objects.filter(department=dept))
                        .values_list("year", flat=True))  # fmt: skip
    may_enter = can_enter(user, dept, None)
    out = []
    for year in sorted(years, reverse=True):
        y = years[year]
        y["targets_link"] = year in targets_years or may_enter
        if y["project_count"]:
            y["projects"] = list(projects.filter(year=year).only("id", "name").order_by("number", "id")[:3])
        if y["selfeval_count"]:
            first = selfevals.filter(year=year).only("id", "project_name", "total_raw").order_by("position", "id")
            y["selfevals"] = list(first[:3])
        out.append({"year": year, **y})
    return out
