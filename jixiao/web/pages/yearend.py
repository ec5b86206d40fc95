"""Year-end pages (issue 18): a self-evaluation made from an approved project's targets and its
monitoring reports, filled with computed scores (a clerk's own score needs a reason and shows as a
finding), and the 部门整体 targets of a department.

The rules are the core's: :mod:`jixiao.monitor.selfeval_draft` drafts and scores,
:mod:`jixiao.checks.department` checks; this module reads the rows back as the core model,
calls them, and writes the result.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from jixiao.checks.department import check_department_targets
from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.model import codec
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.selfeval import Figure
from jixiao.model.source import Source
from jixiao.monitor.department_selfeval import DEPARTMENT_SCHEME, missing_explanations
from jixiao.monitor.selfeval_draft import draft_self_evaluation, fill_scores, override_findings, rate_figure
from jixiao.numbers import plain
from jixiao.rules.result import shown
from jixiao.rules.schemes import shipped_self_scheme
from jixiao.web.monitoring import mapping as monitoring_mapping
from jixiao.web.pages import access, entered
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.store.department import own_unit, store_children, store_targets, targets_to_model

APPROVED = (m.Status.DEPT_APPROVED, m.Status.BUREAU_APPROVED, m.Status.PUBLISHED)
SCHEMES = ("mof-2020-10", "mof-2021-101")
DEFAULT_SCHEME = SCHEMES[0]


DEPARTMENT_SCHEMES = (DEPARTMENT_SCHEME, *SCHEMES)  # a 部门整体 form: its own scheme first (the default)


def scheme_choices(names: tuple[str, ...] = SCHEMES) -> list[tuple[str, str]]:
    out = []
    for name in names:
        scheme = shipped_self_scheme(name)
        if scheme is not None:
            out.append((name, scheme.title))
    return out


# ---------------------------------------------------------------- 生成绩效自评表


def create_self_evaluation(row: m.Project, scheme: str, user: Any = None) -> m.SelfEvaluation:
    """Draft, score and store the self-evaluation of an approved project (status draft)."""
    project = mapping.project_to_model(row)
    reports = [monitoring_mapping.report_to_model(r) for r in row.monitoring_reports.order_by("month", "id")]
    department = row.unit.parent.name if row.unit and row.unit.parent else None
    draft = draft_self_evaluation(project, reports, scheme, year=row.year, department=department)
    with access.atomic():
        orgs = mapping.Organisations(department)
        se = mapping.store_self_evaluation(draft.form, orgs)
        se.project, se.unit, se.scheme, se.notes = row, row.unit, scheme, list(draft.notes)
        se.save(update_fields=["project", "unit", "scheme", "notes"])
        if user is not None:
            access.record_change(user, se, {}, {"项目": row.name, "评分方案": scheme}, action="create")
    return se


@login_required
@require_http_methods(["GET", "POST"])
def selfeval_generate(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.Project.objects.select_related("unit", "unit__parent"), pk=pk)
    if not access.can_view(request.user, row):
        raise PermissionDenied("您没有查看此记录的权限。")
    allowed = access.can_edit(request.user, m.SelfEvaluation(unit=row.unit, status=m.Status.DRAFT))
    error = None
    if row.status not in APPROVED:
        error = "绩效目标表审核通过后才能生成绩效自评表。"
    elif not allowed:
        error = "只有本单位填报人可以生成绩效自评表。"
    if request.method == "POST":
        if error:
            raise PermissionDenied(error)
        scheme = request.POST.get("scheme") or DEFAULT_SCHEME
        if scheme not in SCHEMES:
            scheme = DEFAULT_SCHEME
        se = create_self_evaluation(row, scheme, request.user)
        return redirect("pages:selfeval_yearend", pk=se.pk)
    context = {
        "p": row,
        "error": error,
        "schemes": scheme_choices(),
        "reports": list(row.monitoring_reports.order_by("month", "id")),
        "existing": access.visible(request.user, row.self_evaluations.order_by("-id")),
    }
    return render(request, "pages/yearend/generate.html", context)


# ---------------------------------------------------------------- filling a made form


def _typed(raw: str | None) -> Figure | None:
    raw = (raw or "").strip()
    value = parse_decimal(raw) if raw else None
    return None if value is None else Figure(raw, value, Source(""))


def entered_form(row: m.SelfEvaluation, post: Any) -> tuple[Any, dict[int, str], list[str]]:
    """(form scored with the posted entries, {position: override reason}, errors in Chinese)."""
    scheme = row.scheme or (DEPARTMENT_SCHEME if row.department_wide else DEFAULT_SCHEME)
    form = mapping.selfeval_to_model(row)
    indicators = []
    for n, it in enumerate(form.indicators):
        actual = post.get(f"actual-{n}", it.actual.raw).strip()
        changes: dict[str, Any] = {"deviation": (post.get(f"deviation-{n}", it.deviation or "").strip() or None)}
        if actual != it.actual.raw:
            changes["actual"] = parse_target(actual, role="actual").value
        indicators.append(dataclasses.replace(it, **changes))
    lines = list(form.budget_lines)
    total = form.total_line
    for at, line in enumerate(lines):  # ``executed`` is the total row's; ``executed-<k>`` any row's
        key = "executed" if line is total and "executed" in post else f"executed-{at}"
        if key in post:
            executed = _typed(post.get(key))
            adjusted = line.adjusted.value if line.adjusted else None
            lines[at] = dataclasses.replace(line, executed=executed,
                                            rate=rate_figure(executed.value if executed else None, adjusted))
    form = dataclasses.replace(
        form, indicators=tuple(indicators), budget_lines=tuple(lines),
        goal_actual=post.get("goal_actual", form.goal_actual or "").strip() or None,
        low_score_explanation=post.get("low_score_explanation", form.low_score_explanation or "").strip() or None,
    )
    computed, result = fill_scores(form, scheme)
    reasons: dict[int, str] = {}
    errors: list[str] = []
    typed_rows = list(computed.indicators)
    for n, it in enumerate(computed.indicators):
        typed = _typed(post.get(f"score-{n}"))
        reason = (post.get(f"reason-{n}") or "").strip()
        if typed is None or typed.value == shown(result.items[n + 1].computed):
            continue
        if not reason:
            errors.append(f"“{it.name}”的得分{typed.raw}与计算得分{plain(it.score.value)}不同，改分须填写理由")
            continue
        typed_rows[n] = dataclasses.replace(it, score=typed)
        reasons[n] = reason
    if reasons:
        computed, result = fill_scores(dataclasses.replace(form, indicators=tuple(typed_rows)), scheme, keep=reasons)
    return (computed, result), reasons, errors


def entered_state(row: m.SelfEvaluation) -> dict[str, Any]:
    state: dict[str, Any] = {"目标实际完成情况": row.goal_actual, "总分": row.total_raw}
    for r in row.indicator_results.order_by("position", "id"):
        state[f"{r.name}·实际完成值"] = r.actual_raw
        state[f"{r.name}·得分"] = r.score_raw
        state[f"{r.name}·改分理由"] = r.override_reason
    for line in row.budget_lines.order_by("position", "id"):
        state[f"{line.name}·全年执行数"] = line.executed_raw
    return state


def store_entered(row: m.SelfEvaluation, form: Any, reasons: dict[int, str]) -> None:
    for n, (r, it) in enumerate(zip(row.indicator_results.order_by("position", "id"), form.indicators, strict=True)):
        r.actual_raw, r.actual = it.actual.raw, codec.encode(it.actual)
        r.score_raw, r.score_value = (it.score.raw, it.score.value) if it.score else (None, None)
        r.deviation, r.override_reason = it.deviation, reasons.get(n, "")
        r.save(update_fields=["actual_raw", "actual", "score_raw", "score_value", "deviation", "override_reason"])
    for line_row, line in zip(row.budget_lines.order_by("position", "id"), form.budget_lines, strict=True):
        for name in ("executed", "rate", "score"):
            fig = getattr(line, name)
            setattr(line_row, f"{name}_raw", fig.raw if fig else None)
            setattr(line_row, f"{name}_value", fig.value if fig else None)
        line_row.save()


def figure_fields(form: Any) -> dict[str, Any]:
    out = {}
    for name in mapping.SELFEVAL_FIGURES:
        fig = getattr(form, name)
        out[f"{name}_raw"], out[f"{name}_value"] = (fig.raw, fig.value) if fig else (None, None)
    return out


@login_required
@require_http_methods(["GET", "POST"])
def selfeval_fill(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.SelfEvaluation.objects.select_related("unit", "project"), pk=pk)
    if not access.can_view(request.user, row):
        raise PermissionDenied("您没有查看此记录的权限。")
    if not row.scheme:
        raise Http404("此自评表读自文件，请在自评表页面填报。")
    if row.department_wide:
        return redirect("pages:department_selfeval", pk=row.pk)
    editable = access.can_edit(request.user, row)
    post = request.POST if request.method == "POST" else {}
    if post and not editable:
        raise PermissionDenied("您不能修改此自评表（仅本单位填报人可修改草稿或已退回的记录）。")
    stored = {n: r.override_reason for n, r in enumerate(row.indicator_results.order_by("position", "id"))}
    if not post:  # the stored overrides stay as they are
        post = {f"score-{n}": r.score_raw for n, r in enumerate(row.indicator_results.order_by("position", "id"))
                if stored[n]}
        post.update({f"reason-{n}": reason for n, reason in stored.items() if reason})
    (form, result), reasons, errors = entered_form(row, post)
    stale = None
    if request.method == "POST" and not errors:
        before = {**entered_state(row), "低分说明": row.low_score_explanation}
        try:
            with access.atomic():
                access.save_versioned(row, request.POST.get("version"), goal_actual=form.goal_actual,
                                      low_score_explanation=form.low_score_explanation, **figure_fields(form))
                store_entered(row, form, reasons)
                row.refresh_from_db()
                after = {**entered_state(row), "低分说明": row.low_score_explanation}
                access.record_change(request.user, row, before, after, action="edit")
            found = entered.findings_summary(entered.selfeval_findings(row))
            messages.success(request, f"已保存（第 {row.version} 版）。{found}")
            return redirect("pages:selfeval_yearend", pk=row.pk)
        except access.Stale as e:
            stale = e.message
    items = [
        {"ind": ind, "item": item, "n": n, "reason": reasons.get(n, ""), "typed": post.get(f"score-{n}", "")}
        for n, (ind, item) in enumerate(zip(form.indicators, result.items[1:], strict=True))
    ]
    context = {
        "se": row, "form": form, "result": result, "items": items, "execution": result.items[0],
        "total_line": form.total_line,
        "findings": [*override_findings(form, result, reasons), *missing_explanations(form, row.scheme)],
        "checks": entered.selfeval_findings(row),  # the checks of an import, on the form as saved
        "errors": errors, "editable": editable, "stale": stale,
        "version": request.POST.get("version", row.version) if request.method == "POST" else row.version,
    }
    status = 409 if stale else (400 if errors else 200)
    return render(request, "pages/yearend/fill.html", context, status=status)


# ---------------------------------------------------------------- 部门整体绩效目标


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def targets_from_post(department: m.Organisation, year: int, post: Any) -> DepartmentTargets:
    """The posted form as the core model: funds ``来源=金额`` and indicators ``一级|二级|三级|指标值|依据`` per line."""
    funds = []
    for line in _lines(post.get("funds", "")):
        source, _, amount = line.partition("=")
        funds.append(FundLine(source.strip(), parse_decimal(amount.strip()) if amount.strip() else None))
    indicators = []
    for n, line in enumerate(_lines(post.get("indicators", ""))):
        cells = [c.strip() for c in line.split("|")] + [""] * 5
        indicators.append(Indicator(
            level1=cells[0], level2=cells[1], name=cells[2], description="",
            target=parse_target(cells[3], role="target").value, basis=cells[4] or None,
            source=Source("部门整体绩效目标", row=n + 1),
        ))
    return DepartmentTargets(
        department=department.name, year=year, overall_goal=post.get("overall_goal", "").strip(),
        duties=tuple(_lines(post.get("duties", ""))), funds=tuple(funds), indicators=tuple(indicators),
    )


def _as_text(targets: DepartmentTargets) -> dict[str, str]:
    return {
        "overall_goal": targets.overall_goal,
        "duties": "\n".join(targets.duties),
        "funds": "\n".join(f"{f.source}={plain(f.amount)}" for f in targets.funds),
        "indicators": "\n".join(
            "|".join((i.level1, i.level2, i.name, i.target.raw, i.basis or "")) for i in targets.indicators
        ),
    }


def can_enter(user: Any, department: m.Organisation, row: m.DepartmentTargets | None) -> bool:
    """Who enters and edits the 部门整体 targets: the clerk of the department's own-level unit
    (``store.department.own_unit``; a department without one: a clerk of any of its units, whose
    unit then becomes the table's) while the table is a draft or returned, as a project's clerk
    edits a project (``permissions.can_edit``); superusers too."""
    from jixiao.web.workflow import permissions

    if row is not None and row.unit_id is not None:
        return permissions.can_edit(user, row)
    if row is not None and row.status not in permissions.EDITABLE_STATUSES:
        return False
    if permissions.is_superuser(user):
        return True
    profile = permissions.profile_of(user)
    if profile is None or not user.is_active or profile.role != m.Role.UNIT_CLERK or profile.organisation is None:
        return False
    own = own_unit(department)
    if own is not None:
        return profile.organisation_id == own.pk
    return profile.organisation.parent_id == department.pk


def _entering_unit(user: Any, department: m.Organisation) -> m.Organisation | None:
    from jixiao.web.workflow import permissions

    own = own_unit(department)
    profile = permissions.profile_of(user)
    if own is None and profile is not None and profile.role == m.Role.UNIT_CLERK:
        return profile.organisation
    return own


def save_department_targets(
    user: Any, department: m.Organisation, row: m.DepartmentTargets | None, targets: DepartmentTargets,
    version: Any = None,
) -> m.DepartmentTargets:
    """Store the entered ``targets`` (the page's :func:`targets_from_post`, or the API's): a new draft,
    or the edit of ``row`` with the version check (``version`` as read); the audit entry either way.
    Raises ``access.Stale``."""
    with access.atomic():
        if row is None:
            row = store_targets(targets, department)
            unit = _entering_unit(user, department)
            if unit is not None and row.unit_id is None:
                row.unit = unit
                row.save(update_fields=["unit"])
            access.record_change(user, row, {}, _as_text(targets), action="create")
        else:
            before = _as_text(targets_to_model(row))
            access.save_versioned(row, version, overall_goal=targets.overall_goal, duties=list(targets.duties))
            if row.unit_id is None:
                m.DepartmentTargets.objects.filter(pk=row.pk).update(unit=_entering_unit(user, department))
            store_children(row, targets)
            row.refresh_from_db()
            access.record_change(user, row, before, _as_text(targets), action="edit")
    return row


@require_http_methods(["GET", "POST"])
def department_targets(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The page of a department's 部门整体 targets for a year: entry, workflow buttons, checks, the
    trail. Public once published (as a project); else for those who may view it."""
    from jixiao.web.workflow import permissions

    department = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    row = m.DepartmentTargets.objects.filter(department=department, year=year).select_related("unit").first()
    visible = row is not None and permissions.can_view(request.user, row)
    if not request.user.is_authenticated and not visible:
        return redirect(f"/accounts/login/?next={request.path}")
    entering = can_enter(request.user, department, row)
    if row is None and not entering:
        raise Http404("此部门该年度没有部门整体绩效目标。")
    if row is not None and not (entering or visible):
        raise PermissionDenied("您没有查看此记录的权限。")
    stale = None
    if request.method == "POST":
        if not entering:
            raise PermissionDenied("您不能修改此部门整体绩效目标（仅本部门本级单位的填报人可修改草稿或已退回的记录）。")
        try:
            targets = targets_from_post(department, year, request.POST)
            save_department_targets(request.user, department, row, targets, request.POST.get("version"))
        except access.Stale as e:
            stale = e.message
        else:
            messages.success(request, "部门整体绩效目标已保存。")
            return redirect("pages:department_targets", pk=pk, year=year)
    targets = targets_to_model(row) if row is not None else None
    context = {
        "department": department, "year": year, "row": row, "targets": targets, "can_enter": entering,
        "text": _as_text(targets) if targets else {}, "findings": check_department_targets(targets) if targets else [],
        "total": targets.total_funds if targets else None, "stale": stale,
        "selfeval_ready": row is not None and row.status in APPROVED,
    }
    return render(request, "pages/yearend/department_targets.html", context, status=409 if stale else 200)


__all__ = [
    "DEPARTMENT_SCHEMES",
    "can_enter",
    "create_self_evaluation",
    "entered_form",
    "entered_state",
    "figure_fields",
    "save_department_targets",
    "scheme_choices",
    "store_entered",
    "targets_from_post",
]
