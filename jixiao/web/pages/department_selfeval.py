"""部门整体支出绩效自评表 made in the app (issue 18, item 2): created from the department's stored
targets, filled with computed scores (an override needs a reason), its required explanations
enforced at submission, routed through the same workflow as every self-evaluation, and printed as
the official form in four formats.

The rules are the core's: :mod:`jixiao.monitor.department_selfeval` drafts,
:mod:`jixiao.monitor.selfeval_draft` scores, :mod:`jixiao.checks.selfeval` says which explanations
are missing, :mod:`jixiao.report.department_selfeval` lays the form out. The form is a stored
``SelfEvaluation`` with ``department_wide`` set; its unit is the unit of the clerk who made it (a
unit of the department, usually its 本级), so the unit's clerk edits and submits it, the
department's reviewer and the bureau review it (``workflow.states``), and the public reads it once
published. The year-end entry of a project's form (:mod:`.yearend`) does the entering and storing.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jixiao.ingest.text import parse_decimal
from jixiao.model.finding import Finding
from jixiao.monitor.department_selfeval import (
    DEPARTMENT_SCHEME,
    MainTask,
    accounts_execution,
    draft_department_self_evaluation,
    missing_explanations,
    monitoring_execution,
)
from jixiao.numbers import plain
from jixiao.web.monitoring.department import latest_for_selfeval
from jixiao.web.pages import access, report_files
from jixiao.web.pages.yearend import (
    APPROVED,
    DEPARTMENT_SCHEMES,
    entered_form,
    entered_state,
    figure_fields,
    scheme_choices,
    store_entered,
)
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.store.department import targets_to_model
from jixiao.web.workflow import permissions

__all__ = [
    "can_create",
    "create_department_self_evaluation",
    "department_view",
    "save_entries",
    "submit_problems",
    "tasks_of",
]

REPORT_KIND = "department-selfeval-form"
NO_TARGETS = "此部门该年度还没有部门整体绩效目标，请本部门本级单位先填报。"
# as a project's form (yearend.selfeval_generate): made only from targets the department approved
NOT_APPROVED = "部门整体绩效目标审核通过后才能生成部门整体支出绩效自评表。"
FORMATS = ("html", "xlsx", "docx", "pdf")


# ---------------------------------------------------------------- who


def can_create(user: Any, department: m.Organisation) -> bool:
    """A unit clerk of one of the department's units (or of the department itself), or a superuser."""
    if permissions.is_superuser(user):
        return True
    profile = permissions.profile_of(user)
    if profile is None or not user.is_active or profile.role != m.Role.UNIT_CLERK or profile.organisation is None:
        return False
    unit = profile.organisation
    return unit.pk == department.pk or unit.parent_id == department.pk


# ---------------------------------------------------------------- making the form


def tasks_of(row: m.SelfEvaluation) -> tuple[MainTask, ...]:
    out = []
    for t in row.tasks or ():
        out.append(MainTask(
            name=str(t.get("name") or ""), content=str(t.get("content") or ""),
            budget=parse_decimal(str(t["budget"])) if t.get("budget") not in (None, "") else None,
            executed=parse_decimal(str(t["executed"])) if t.get("executed") not in (None, "") else None,
        ))
    return tuple(out)


def _task_dict(t: MainTask) -> dict[str, Any]:
    return {"name": t.name, "content": t.content, "budget": plain(t.budget) if t.budget is not None else None,
            "executed": plain(t.executed) if t.executed is not None else None}


def create_department_self_evaluation(
    targets_row: m.DepartmentTargets, unit: m.Organisation | None, scheme: str, user: Any = None
) -> m.SelfEvaluation:
    """Draft, score and store the 部门整体 self-evaluation of ``targets_row`` (status draft)."""
    targets = targets_to_model(targets_row)
    accounts = m.FinalAccounts.objects.filter(department=targets_row.department, year=targets_row.year).first()
    executed: dict[str, Decimal] = {}
    notes: list[str] = []
    if accounts is not None:
        executed, notes = accounts_execution(mapping.final_accounts_to_model(accounts), targets.money_unit)
    monitored = latest_for_selfeval(targets_row)  # the latest 部门整体 monitoring: actuals, and 执行数 without 决算
    if monitored is not None and not executed:
        executed, notes = monitoring_execution(monitored)
    reports = (monitored.as_report(),) if monitored is not None else ()
    draft = draft_department_self_evaluation(targets, reports, scheme, executed=executed)
    notes += list(draft.notes)
    if not executed:
        notes.append("没有本年度的部门整体监控或部门决算，全年执行数待填写")
    tasks = [MainTask(name=duty) for duty in targets.duties]
    if tasks:
        notes.append("年度主要任务按部门职责预填，请填写主要内容、预算数和执行数")
    with access.atomic():
        orgs = mapping.Organisations(targets.department)
        se = mapping.store_self_evaluation(dataclasses.replace(draft.form, unit=None), orgs)
        se.unit, se.unit_name, se.scheme, se.notes = unit, unit.name if unit else None, scheme, notes
        se.department_targets, se.tasks = targets_row, [_task_dict(t) for t in tasks]
        se.save(update_fields=["unit", "unit_name", "scheme", "notes", "department_targets", "tasks"])
        if user is not None:
            access.record_change(user, se, {}, {"部门整体绩效目标": str(targets_row), "评分方案": scheme},
                                 action="create")
    return se


# ---------------------------------------------------------------- entering


def tasks_from_post(row: m.SelfEvaluation, post: Any) -> list[dict[str, Any]]:
    """The 年度主要任务 as posted (``task-name-<k>``, ``task-content-<k>``, ``task-budget-<k>``,
    ``task-executed-<k>``; a row without a name is dropped); unchanged when none is posted."""
    numbers = sorted(int(key[10:]) for key in post if key.startswith("task-name-") and key[10:].isdigit())
    if not numbers:
        return list(row.tasks or [])
    out = []
    for k in numbers:
        name = (post.get(f"task-name-{k}") or "").strip()
        if not name:
            continue
        budget = parse_decimal((post.get(f"task-budget-{k}") or "").strip())
        executed = parse_decimal((post.get(f"task-executed-{k}") or "").strip())
        out.append({
            "name": name, "content": (post.get(f"task-content-{k}") or "").strip(),
            "budget": plain(budget) if budget is not None else None,
            "executed": plain(executed) if executed is not None else None,
        })
    return out


def save_entries(user: Any, row: m.SelfEvaluation, post: Any) -> tuple[Any, dict[int, str], list[str]]:
    """Score ``post`` (the page's fields, or the API's in the same names) and, when nothing is wrong,
    save it with the version check and the audit entry. Returns ((form, result), reasons, errors);
    raises ``access.Stale``."""
    (form, result), reasons, errors = entered_form(row, post)
    for n, line in enumerate(form.budget_lines):
        raw = (post.get(f"executed-{n}") or "").strip()
        if raw and parse_decimal(raw) is None:
            errors.append(f"“{line.name}”的全年执行数“{raw}”不是有效的数字")
    if errors:
        return (form, result), reasons, errors
    before = {**entered_state(row), "低分说明": row.low_score_explanation, "年度主要任务": row.tasks}
    tasks = tasks_from_post(row, post)
    with access.atomic():
        access.save_versioned(row, post.get("version"), goal_actual=form.goal_actual,
                              low_score_explanation=form.low_score_explanation, tasks=tasks, **figure_fields(form))
        store_entered(row, form, reasons)
        row.refresh_from_db()
        after = {**entered_state(row), "低分说明": row.low_score_explanation, "年度主要任务": row.tasks}
        access.record_change(user, row, before, after, action="edit")
    return (form, result), reasons, errors


def explanation_findings(row: m.SelfEvaluation) -> list[Finding]:
    return missing_explanations(mapping.selfeval_to_model(row), row.scheme or DEPARTMENT_SCHEME)


def submit_problems(obj: Any) -> list[str]:
    """Why a form made in the app (a project's or the 部门整体 one: it has a scheme) cannot be submitted
    yet: the explanations the rules require (Chinese). A form read from a file is taken as printed."""
    if not isinstance(obj, m.SelfEvaluation) or not (obj.department_wide or obj.scheme):
        return []
    return [f.message for f in explanation_findings(obj)]


def department_view(row: m.SelfEvaluation) -> Any:
    """The report's view-model of the stored form (its scores as stored: computed or overridden)."""
    from jixiao.monitor.selfeval_draft import fill_scores
    from jixiao.report.department_selfeval import DepartmentSelfEvalBook, department_form_view

    scheme = row.scheme or DEPARTMENT_SCHEME
    results = list(row.indicator_results.order_by("position", "id"))
    reasons = {n: r.override_reason for n, r in enumerate(results) if r.override_reason}
    form, result = fill_scores(mapping.selfeval_to_model(row), scheme, keep=reasons)
    return DepartmentSelfEvalBook((department_form_view(form, result, tasks_of(row), reasons),))


# ---------------------------------------------------------------- pages


@login_required
@require_http_methods(["GET", "POST"])
def department_selfeval_new(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    department = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    targets = m.DepartmentTargets.objects.filter(department=department, year=year).first()
    allowed = can_create(request.user, department)
    error = None
    if targets is None:
        error = NO_TARGETS
    elif targets.status not in APPROVED:
        error = NOT_APPROVED
    elif not allowed:
        error = "只有本部门所属单位的填报人可以生成部门整体支出绩效自评表。"
    if request.method == "POST":
        if error:
            raise PermissionDenied(error)
        scheme = request.POST.get("scheme") or DEPARTMENT_SCHEME
        scheme = scheme if scheme in DEPARTMENT_SCHEMES else DEPARTMENT_SCHEME
        profile = permissions.profile_of(request.user)
        unit = profile.organisation if profile is not None else None
        se = create_department_self_evaluation(targets, unit, scheme, request.user)
        return redirect("pages:department_selfeval", pk=se.pk)
    existing = access.visible(request.user, m.SelfEvaluation.objects.filter(
        department_wide=True, department_targets__department=department, year=year).order_by("-id"))
    context = {"department": department, "year": year, "targets": targets and targets_to_model(targets),
               "error": error, "schemes": scheme_choices(DEPARTMENT_SCHEMES), "existing": existing}
    return render(request, "pages/yearend/department_selfeval_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def department_selfeval(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.SelfEvaluation.objects.select_related("unit"), pk=pk, department_wide=True)
    if not access.can_view(request.user, row):
        raise PermissionDenied("您没有查看此记录的权限。")
    editable = access.can_edit(request.user, row)
    if request.method == "POST" and not editable:
        raise PermissionDenied("您不能修改此自评表（仅本单位填报人可修改草稿或已退回的记录）。")
    stale = None
    if request.method == "POST":
        try:
            (form, result), reasons, errors = save_entries(request.user, row, request.POST)
            if not errors:
                return redirect("pages:department_selfeval", pk=row.pk)
        except access.Stale as e:
            stale, errors = e.message, []
            (form, result), reasons, _ = entered_form(row, request.POST)
        post: Any = request.POST
    else:
        stored = {n: r for n, r in enumerate(row.indicator_results.order_by("position", "id")) if r.override_reason}
        post = {f"score-{n}": r.score_raw for n, r in stored.items()}
        post.update({f"reason-{n}": r.override_reason for n, r in stored.items()})
        (form, result), reasons, errors = entered_form(row, post)
    from jixiao.monitor.selfeval_draft import override_findings

    items = [
        {"ind": ind, "item": item, "n": n, "reason": reasons.get(n, ""), "typed": post.get(f"score-{n}", "")}
        for n, (ind, item) in enumerate(zip(form.indicators, result.items[1:], strict=True))
    ]
    context = {
        "se": row, "form": form, "result": result, "items": items, "execution": result.items[0],
        "lines": list(enumerate(form.budget_lines)), "tasks": list(enumerate(tasks_of(row))),
        "new_task": len(row.tasks or []),
        "findings": override_findings(form, result, reasons) + explanation_findings(row),
        "errors": errors, "editable": editable, "stale": stale, "formats": FORMATS,
        "version": request.POST.get("version", row.version) if request.method == "POST" else row.version,
    }
    status = 409 if stale else (400 if errors else 200)
    return render(request, "pages/yearend/department_selfeval.html", context, status=status)


@require_GET
def department_selfeval_form(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The official 部门整体支出绩效自评表 of the stored form (public once published)."""
    from jixiao.report.registry import REPORTS, load_builtin_reports
    from jixiao.web.pages.reports import CONTENT_TYPES

    row = get_object_or_404(m.SelfEvaluation, pk=pk, department_wide=True)
    if fmt not in FORMATS:
        raise Http404("未知的格式")
    if not access.can_view(request.user, row):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        raise PermissionDenied("您没有查看此记录的权限。")

    def make(out: Path) -> None:
        load_builtin_reports()
        REPORTS[REPORT_KIND].renderers[fmt](department_view(row), out)

    # what department_view reads: the row (its version bumps on every save) and its rows
    key = (report_files.record_stamp(row), report_files.rows_stamp(row.indicator_results.all()),
           report_files.rows_stamp(row.budget_lines.all()))
    response = FileResponse(report_files.open_keyed(REPORT_KIND, str(row.pk), key, fmt, make),
                            content_type=CONTENT_TYPES[fmt])
    name = f"{row.year or ''}{row.project_name}部门整体支出绩效自评表.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
    return response
