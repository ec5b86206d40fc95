"""Rectification pages (mounted at ``/rectification/``; names ``rectification:…``).

- the dashboard: the problems the user may see, counted per unit, per department and in all (the
  bureau's view), overdue ones highlighted; the evaluation reports with their grade, open problems
  and result decision; managers import a report's problems and the bureau decides its application;
- a problem: its source, measures, deadline, status, evidence and opinion, the moves the user may
  make now (``flow.allowed_moves``) and, for managers, the assignment form;
- the 整改情况表 of the visible problems in every format, from the core's view-model.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jixiao.model.rectification import OVERDUE, STATUSES
from jixiao.report.rectification import EvidenceFile, RectificationRow, rectification_view
from jixiao.web.attachments import service as evidence
from jixiao.web.rectification import flow
from jixiao.web.rectification.models import Problem, ResultDecision
from jixiao.web.store import models as m
from jixiao.web.workflow import audit

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _problems(user: Any) -> list[Problem]:
    qs = flow.visible(user).select_related("unit", "unit__parent", "project", "evaluation")
    return list(qs.order_by("unit__code", "deadline", "id"))


def _counts(items: list[tuple[str, Problem]]) -> dict[str, int]:
    return {s: sum(1 for shown, _ in items if shown == s) for s in STATUSES}


def _groups(rows: list[tuple[str, Problem]], key) -> list[dict[str, Any]]:
    out: dict[Any, list[tuple[str, Problem]]] = {}
    for shown, p in rows:
        out.setdefault(key(p), []).append((shown, p))
    return [{"name": str(k) if k else "（无）", "counts": _counts(v), "total": len(v)} for k, v in out.items()]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    status = request.GET.get("status", "")
    rows = [(p.shown_status(today), p) for p in _problems(request.user)]
    shown = [(s, p) for s, p in rows if not status or s == status]
    evaluations = [e for e in m.Evaluation.objects.select_related("evaluated_unit", "project").order_by("-year", "id")
                   if flow.in_scope(request.user, e.evaluated_unit_id)]
    decisions = {d.evaluation_id: d for d in ResultDecision.objects.filter(evaluation__in=evaluations)}
    ctx = {
        "rows": shown, "status": status, "statuses": STATUSES, "counts": _counts(rows), "overdue": OVERDUE,
        "units": _groups(rows, lambda p: p.unit), "departments": _groups(rows, lambda p: p.unit.parent),
        "evaluations": [{"e": e, "decision": decisions.get(e.pk), "proposal": flow.propose(e),
                         "can_import": flow.is_manager(request.user, e.evaluated_unit_id),
                         "open": flow.open_problems(e)} for e in evaluations],
        "can_decide": flow.can_decide(request.user),
    }
    return render(request, "rectification/dashboard.html", ctx)


def _problem(request: HttpRequest, pk: int) -> Problem:
    p = get_object_or_404(Problem.objects.select_related("unit", "project", "evaluation"), pk=pk)
    if not flow.can_view(request.user, p):
        raise PermissionDenied("您无权查看该问题。")
    return p


@login_required
def problem(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    ctx = {"p": p, "shown": p.shown_status(dt.date.today()), "overdue": OVERDUE,
           "moves": flow.allowed_moves(request.user, p), "can_assign": flow.is_manager(request.user, p.unit_id)
           and p.is_open, "history": [(e, flow.ACTION_LABELS.get(e.action, "修改")) for e in audit.entries_for(p)[:20]],
           "files": evidence.listed(request.user, p), "can_add_file": evidence.may_add(request.user, p),
           "upload_url": reverse("attachments:upload-problem", args=[p.pk]), "limit_mb": evidence.limit() // 2**20}
    return render(request, "rectification/problem.html", ctx)


def _fail(request: HttpRequest, exc: flow.FlowError, pk: int) -> HttpResponse:
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    messages.error(request, exc.message)
    return redirect("rectification:problem", pk=pk)


@require_POST
@login_required
def move(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    p = _problem(request, pk)
    try:
        p = flow.move(request.user, p, code, request.POST.get("version"), request.POST.get("text", ""))
    except flow.FlowError as exc:
        return _fail(request, exc, pk)
    messages.success(request, f"已{flow.MOVES[code].label}：{p.title}")
    return redirect("rectification:problem", pk=pk)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    p = _problem(request, pk)
    raw = request.POST.get("deadline", "").strip()
    try:
        deadline = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, f"整改期限“{raw}”不是日期（请写成 2024-06-30）。")
        return redirect("rectification:problem", pk=pk)
    try:
        flow.assign(request.user, p, request.POST.get("version"), measures=request.POST.get("measures"),
                    deadline=deadline)
    except flow.FlowError as exc:
        return _fail(request, exc, pk)
    messages.success(request, "已布置整改。")
    return redirect("rectification:problem", pk=pk)


@require_POST
@login_required
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer or the bureau records a finding on project ``pk`` as a problem (once)."""
    from jixiao.web.rectification.sources import promote_finding
    from jixiao.web.workflow import permissions

    project = get_object_or_404(m.Project.objects.select_related("unit", "source_document"), pk=pk)
    if not permissions.can_view(request.user, project):
        raise Http404("未找到该项目。")
    try:
        p, created = promote_finding(request.user, project, request.POST.get("key", ""))
    except flow.FlowError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
        return redirect("pages:project", pk=pk)
    messages.success(request, f"已登记为整改问题：{p.title}" if created else f"该发现已登记过：{p.title}")
    return redirect("rectification:problem", pk=p.pk)


@require_POST
@login_required
def import_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.Evaluation.objects.select_related("evaluated_unit", "project"), pk=pk)
    try:
        made = flow.import_evaluation(request.user, row)
    except flow.FlowError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
        return redirect("rectification:dashboard")
    messages.success(request, f"已从《{row.title}》登记{len(made)}个问题。")
    return redirect("rectification:dashboard")


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.Evaluation.objects.select_related("evaluated_unit", "project"), pk=pk)
    if not flow.in_scope(request.user, row.evaluated_unit_id):
        raise PermissionDenied("您无权查看该评价报告。")
    raw = request.POST.get("amount", "").strip()
    try:
        amount = Decimal(raw) if raw else None
    except InvalidOperation:
        messages.error(request, f"金额“{raw}”不是数字。")
        return redirect("rectification:dashboard")
    try:
        d = flow.decide(request.user, row, decision=request.POST.get("decision"), amount=amount,
                        reason=request.POST.get("reason", ""))
    except flow.FlowError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        messages.error(request, exc.message)
        return redirect("rectification:dashboard")
    messages.success(request, f"已确定评价结果应用：{d.decision}。")
    return redirect("rectification:dashboard")


def report_rows(problems: list[Problem], today: dt.date) -> list[RectificationRow]:
    files = evidence.problem_files(problems)
    return [RectificationRow(
        project=p.project_name or (p.project.name if p.project_id else ""), unit=p.unit.name,
        source=p.source_ref or p.get_source_kind_display(), category=p.category, problem=p.title, detail=p.detail,
        measures=p.measures_required, deadline=p.deadline, status=p.shown_status(today), evidence=p.evidence,
        opinion=p.opinion, files=tuple(_file(a) for a in files.get(p.pk, ()))) for p in problems]


def _file(att: Any) -> EvidenceFile:
    return EvidenceFile(name=att.name, kind=evidence.kind_label(att.content_type), size=att.size, sha256=att.sha256,
                        uploaded_by=att.uploaded_by.username if att.uploaded_by_id else "",
                        uploaded=timezone.localtime(att.uploaded) if att.uploaded else None)


@login_required
def report(request: HttpRequest, fmt: str) -> HttpResponse:
    from jixiao.report.registry import REPORTS, load_builtin_reports

    if fmt not in CONTENT_TYPES:
        raise Http404("只提供 HTML、PDF、XLSX 和 DOCX 格式。")
    today = dt.date.today()
    problems = _problems(request.user)
    if not problems:
        raise Http404("没有可列入整改情况表的问题。")
    years = {p.year for p in problems if p.year}
    view = rectification_view(report_rows(problems, today), _scope(request.user),
                              years.pop() if len(years) == 1 else None, today)
    load_builtin_reports()
    with tempfile.TemporaryDirectory(prefix="jixiao-rectify-") as tmp:
        out = Path(tmp) / f"report.{fmt}"
        REPORTS["rectification"].renderers[fmt](view, out)
        data = out.read_bytes()
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'整改情况表.{fmt}')}"
    return response


@login_required
def results_report(request: HttpRequest, fmt: str) -> HttpResponse:
    """评价结果应用情况 of the evaluations in the user's scope, in every format."""
    from jixiao.web.rectification.results import render_results

    if fmt not in CONTENT_TYPES:
        raise Http404("只提供 HTML、PDF、XLSX 和 DOCX 格式。")
    data = render_results(request.user, _scope(request.user), fmt)
    if data is None:
        raise Http404("没有可列入评价结果应用情况的评价报告。")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'评价结果应用情况.{fmt}')}"
    return response


def _scope(user: Any) -> str:
    from jixiao.web.workflow import permissions

    profile = permissions.profile_of(user)
    if permissions.unit_scope(user) == permissions.ALL or profile is None or profile.organisation is None:
        return "全部"
    return profile.organisation.name
