"""Target review pages (mounted at ``/review/``; names ``review:…``).

- a project's review (and a department's 部门整体绩效目标's, the same page): per indicator the
  scheme's check-list (pre-filled from the checks' findings), the overall opinion and the review
  score; the reviewer saves, returns with the opinions as the reason, or approves (the bureau's
  approval of a project freezes the 批复表);
- a 批复表 (the frozen approval), printable;
- the 指标库: search, and (bureau) rebuild from every stored target table; the suggestions the
  project form's 三级 field asks for while the clerk types.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.model.goals import INDICATOR_LEVELS
from jixiao.web.pages import report_files
from jixiao.web.review import flow, folders, library
from jixiao.web.review.models import Approval
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions, states

LIBRARY_PAGE = 200


def _project(request: HttpRequest, pk: int) -> m.Project:
    project = get_object_or_404(m.Project.objects.select_related("unit", "unit__parent"), pk=pk)
    if not flow.can_read(request.user, project):
        raise Http404("未找到该项目。")
    return project


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _indicator_answers(post: Any, rows: int, codes: list[str]) -> dict[int, dict[str, Any]]:
    out = {}
    for i in range(rows):
        checks = {
            code: {"ok": post.get(f"bad-{i}-{code}") != "1", "text": post.get(f"op-{i}-{code}", "")}
            for code in codes
        }
        out[i] = {"checks": checks, "text": post.get(f"text-{i}", "")}
    return out


def _department_targets(request: HttpRequest, pk: int) -> m.DepartmentTargets:
    row = get_object_or_404(m.DepartmentTargets.objects.select_related("department", "unit", "unit__parent"), pk=pk)
    if not flow.can_read(request.user, row):
        raise Http404("未找到该部门整体绩效目标。")
    return row


def links(record: flow.Reviewed) -> dict[str, str]:
    """The review page's title and URLs for a project or a department's 部门整体 targets."""
    if isinstance(record, m.DepartmentTargets):
        return {
            "title": f"{record.year}年度{record.department.name}部门整体绩效目标",
            "back": reverse("pages:department_targets", args=(record.department_id, record.year)),
            "back_label": "← 返回部门整体绩效目标",
            "page": reverse("review:department-review", args=(record.pk,)),
            "return": reverse("review:department-return", args=(record.pk,)),
            "approve": reverse("review:department-approve", args=(record.pk,)),
        }
    return {
        "title": record.name, "back": reverse("pages:project", args=(record.pk,)), "back_label": "← 返回项目",
        "page": reverse("review:review", args=(record.pk,)), "return": reverse("review:return", args=(record.pk,)),
        "approve": reverse("review:approve", args=(record.pk,)),
    }


def _review_page(request: HttpRequest, project: flow.Reviewed) -> HttpResponse:
    may_review = flow.can_review(request.user, project)
    urls = links(project)
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied("您无权审核该记录。")
        sch = flow.scheme()
        answers = _indicator_answers(request.POST, project.indicators.count(), [c.code for c in sch.checks])
        points = {p.code: request.POST.get(f"pt-{p.code}", "") for p in sch.points}
        try:
            flow.save_review(request.user, project, request.POST.get("opinion", ""), points, answers)
        except flow.ReviewError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "审核意见已保存。")
        return redirect(urls["page"])
    current = flow.latest_review(project)
    mine = project.target_reviews.filter(stage=flow.stage_of(request.user)).first() if may_review else None
    rows, overall = flow.form_rows(project, mine if may_review else current)
    actions = {a.code: a for a in states.allowed_transitions(request.user, project)}
    return render(request, "review/review.html", {
        "p": project, "urls": urls, "scheme": flow.scheme(), "rows": rows, "overall_hints": overall,
        "may_review": may_review, "review": mine if may_review else current,
        "reviews": project.target_reviews.select_related("reviewer"),
        "can_return": "return" in actions, "approve_action": actions.get("approve"),
        "approvals": project.approvals.all() if isinstance(project, m.Project) else [],
        "freezes": isinstance(project, m.Project),  # a project's approval by the bureau freezes its 批复表
        "points": (mine or current).points if (mine or current) else {},
    })


def _return(request: HttpRequest, project: flow.Reviewed) -> HttpResponse:
    urls = links(project)
    try:
        flow.return_with_opinions(request.user, project, _version(request))
    except (flow.ReviewError, states.TransitionError) as exc:
        messages.error(request, exc.message)
        return redirect(urls["page"])
    messages.success(request, "已按审核意见退回。")
    return redirect(urls["back"])


def _approve(request: HttpRequest, project: flow.Reviewed) -> HttpResponse:
    urls = links(project)
    try:
        approval = flow.approve(request.user, project, _version(request), request.POST.get("number", ""))
    except (flow.ReviewError, states.TransitionError) as exc:
        messages.error(request, exc.message)
        return redirect(urls["page"])
    if approval is not None:
        messages.success(request, "已审核通过并生成绩效目标批复表。")
        return redirect("review:approval", pk=approval.pk)
    messages.success(request, "已审核通过。")
    return redirect(urls["back"])


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _project(request, pk))


@login_required
@require_POST
def return_project(request: HttpRequest, pk: int) -> HttpResponse:
    return _return(request, _project(request, pk))


@login_required
@require_POST
def approve_project(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(request, _project(request, pk))


@login_required
def department_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The 审核意见 on a department's 部门整体绩效目标: the projects' check-list, score table and opinion."""
    return _review_page(request, _department_targets(request, pk))


@login_required
@require_POST
def department_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _return(request, _department_targets(request, pk))


@login_required
@require_POST
def department_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(request, _department_targets(request, pk))


@login_required
def approval(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Approval.objects.select_related("project", "approved_by"), pk=pk)
    if not flow.can_read(request.user, row.project):
        raise Http404("未找到该批复表。")
    return render(request, "review/approval.html", {"a": row, "s": row.snapshot})


CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def approval_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The 批复表 as the ``approval-table`` report (HTML, PDF, XLSX, DOCX) with the review's opinions."""
    from jixiao.web.review.approval_report import approver_of, review_of, write_approval

    if fmt not in CONTENT_TYPES:
        raise Http404("只提供 HTML、PDF、XLSX 和 DOCX 格式。")
    row = get_object_or_404(Approval.objects.select_related("project", "approved_by", "review"), pk=pk)
    if not flow.can_read(request.user, row.project):
        raise Http404("未找到该批复表。")
    review = review_of(row)
    key = (  # what approval_view reads: the frozen approval, the review and its opinions, the approver
        row.pk, row.number, row.year, row.unit_name, row.project_name, row.money_unit, row.snapshot, row.approved_at,
        approver_of(row), report_files.record_stamp(review) if review else None,
        report_files.rows_stamp(review.opinions.all()) if review else None,
    )
    file = report_files.open_keyed("approval-table", str(row.pk), key, fmt,
                                   lambda out: write_approval(row, fmt, out))
    response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    if fmt != "html":
        name = f"{row.project_name}绩效目标批复表.{fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _may_rebuild(user: Any) -> bool:
    return permissions.is_superuser(user) or permissions.role_of(user) == m.Role.FINANCE_BUREAU


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not _may_rebuild(request.user):
            raise PermissionDenied("只有财政局可以重建指标库。")
        count, loaded = folders.rebuild()
        read = f"，含以前载入的文件夹{'、'.join(loaded.folders)}" if loaded.folders else ""
        messages.success(request, f"指标库已按全部已存目标表和自评表重建{read}，共{count}个指标。")
        for line in loaded.gone():
            messages.warning(request, line + "。")
        return redirect("review:library")
    q, level1, level2 = (request.GET.get(k, "").strip() for k in ("q", "level1", "level2"))
    rows = library.search(q, level1, level2)
    return render(request, "review/library.html", {
        "rows": rows[:LIBRARY_PAGE], "total": rows.count(), "q": q, "level1": level1, "level2": level2,
        "levels": INDICATOR_LEVELS, "may_rebuild": _may_rebuild(request.user),
        "show_projects": _may_rebuild(request.user) or permissions.role_of(request.user) == m.Role.DEPARTMENT_REVIEWER,
    })


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """``?ind_name=…&ind_level1=…&ind_level2=…``: the library's suggestions as ``<option>``s of the
    form's datalist (htmx), or as JSON with ``format=json``."""
    found = library.suggest(*(request.GET.get(k, "") for k in ("ind_name", "ind_level1", "ind_level2")))
    if request.GET.get("format") == "json":
        return JsonResponse({"suggestions": found})
    return render(request, "review/suggest.html", {"found": found})
