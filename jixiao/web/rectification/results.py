"""The 评价结果应用情况 report of the store: per evaluation report in the user's scope, its grade,
the result decision (the bureau's, else the rule's proposal marked 建议), the problems still open
and next year's budget of the same project (same unit, name compared by ``project_key``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from jixiao.model.names import project_key
from jixiao.report.registry import REPORTS, load_builtin_reports
from jixiao.report.results_applied import ResultRow, results_applied_view
from jixiao.web.rectification import flow
from jixiao.web.rectification.models import Problem, ProblemStatus, ResultDecision
from jixiao.web.store import models as m

OPEN = (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS)


def next_project(e: m.Evaluation) -> m.Project | None:
    """Next year's project of evaluation ``e``: its linked project when of the next year, else the
    one of the evaluated unit with the same name (suffix variants ignored) and only one."""
    if e.year is None:
        return None
    if e.project_id and e.project.year == e.year + 1:
        return e.project
    key = project_key(e.project_name)
    found = [p for p in m.Project.objects.filter(year=e.year + 1, unit_id=e.evaluated_unit_id)
             if project_key(p.name) == key]
    return found[0] if len(found) == 1 else None


def result_rows(user: Any) -> list[tuple[m.Evaluation, ResultRow]]:
    evaluations = [e for e in m.Evaluation.objects.select_related("evaluated_unit", "project").order_by("year", "id")
                   if flow.in_scope(user, e.evaluated_unit_id)]
    decisions = {d.evaluation_id: d for d in ResultDecision.objects.filter(evaluation__in=evaluations)}
    open_titles: dict[int, list[str]] = {}
    for p in Problem.objects.filter(evaluation__in=evaluations, status__in=OPEN).order_by("id"):
        open_titles.setdefault(p.evaluation_id, []).append(p.title)  # type: ignore[arg-type]
    rows = []
    for e in evaluations:
        d = decisions.get(e.pk)
        if d is not None:
            decision, budget, amount, reason = d.decision, d.budget, d.amount, d.reason
        else:
            proposal = flow.propose(e)
            decision, budget, amount = f"{proposal.decision}（建议）", proposal.budget, proposal.amount
            reason = f"尚未确定；规则建议：{proposal.reason}"
        following = next_project(e)
        rows.append((e, ResultRow(
            project=e.project_name or "", unit=e.evaluated_unit.name if e.evaluated_unit_id else "",
            evaluation=e.title, score=e.score, grade=e.grade or "", decision=decision, budget=budget,
            amount=amount, reason=reason, open_problems=tuple(open_titles.get(e.pk, [])),
            next_budget=following.budget if following is not None else None,
        )))
    return rows


def render_results(user: Any, scope: str, fmt: str) -> bytes | None:
    """The report as ``fmt`` for ``user``'s scope (None: no evaluation in it)."""
    pairs = result_rows(user)
    if not pairs:
        return None
    years = {e.year for e, _ in pairs}
    view = results_applied_view([r for _, r in pairs], scope, years.pop() if len(years) == 1 else None,
                                dt.date.today())
    load_builtin_reports()
    with tempfile.TemporaryDirectory(prefix="jixiao-results-") as tmp:
        out = Path(tmp) / f"results.{fmt}"
        REPORTS["results-applied"].renderers[fmt](view, out)
        return out.read_bytes()
