"""A department's years side by side: budget → targets → monitoring → self-evaluation → final
accounts, each with links and a key figure (the dashboard's “年度全流程” panel)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from jixiao.model.budget import BudgetDisclosure, BudgetTableKind, to_yuan
from jixiao.web.monitoring.models import MonitoringReport
from jixiao.web.pages import access
from jixiao.web.store import mapping
from jixiao.web.store import models as m

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
    monitoring reports, self-evaluations and the final accounts, with a key figure each."""
    years: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"budgets": [], "projects": [], "monitoring": [], "selfevals": [], "accounts": []}
    )
    for row in access.visible(user, m.Budget.objects.filter(department=dept).order_by("edition", "id")):
        if row.year:
            years[row.year]["budgets"].append({"row": row, "total": budget_total(mapping.budget_to_model(row))})
    for p in access.visible(user, m.Project.objects.filter(unit__in=units).order_by("number", "id")):
        if p.year:
            years[p.year]["projects"].append(p)
    project_ids = {p.id for y in years.values() for p in y["projects"]}
    for r in MonitoringReport.objects.filter(project_id__in=project_ids).select_related("project"):
        year = r.year or r.project.year
        if year:
            years[year]["monitoring"].append(r)
    selfevals = m.SelfEvaluation.objects.filter(unit__in=units).defer("snapshot").order_by("position", "id")
    for se in access.visible(user, selfevals):
        if se.year:
            years[se.year]["selfevals"].append(se)
    for fa in access.visible(user, m.FinalAccounts.objects.filter(department=dept).defer("snapshot")):
        if fa.year:
            years[fa.year]["accounts"].append(fa)
    out = []
    for year in sorted(years, reverse=True):
        y = years[year]
        out.append(
            {
                "year": year,
                **y,
                "project_budget": sum((p.budget or Decimal(0) for p in y["projects"]), Decimal(0)),
                "monitored": len({r.project_id for r in y["monitoring"]}),
            }
        )
    return out
