"""Transition and audit views (mounted at ``/workflow/``).

``POST /workflow/<kind>/<pk>/<action>/`` (``kind``: ``project`` / ``selfevaluation`` /
``departmenttargets``; form
fields ``reason``, ``version``, ``next``) runs ``states.transition`` and redirects to ``next``
(a local URL only) with a Chinese message; with htmx it answers the refreshed actions partial.
``GET /workflow/<kind>/<pk>/audit/`` is the audit-trail partial.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, queue, states

KINDS = {"project": m.Project, "selfevaluation": m.SelfEvaluation, "departmenttargets": m.DepartmentTargets}


def kind_of(obj: object) -> str:
    return type(obj)._meta.model_name


def _record(kind: str, pk: int):
    model = KINDS.get(kind)
    if model is None:
        raise Http404("未知的记录类型")
    return get_object_or_404(model, pk=pk)


def _next_url(request: HttpRequest, obj: object) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def actions_context(request: HttpRequest, obj: object, error: str | None = None) -> dict:
    return {
        "record": obj,
        "kind": kind_of(obj),
        "status_label": m.Status(obj.status).label,
        "reason": audit.return_reason(obj) if obj.status == m.Status.RETURNED else "",
        "actions": states.allowed_transitions(request.user, obj),
        "next": request.get_full_path() if not getattr(request, "htmx", False) else request.POST.get("next", ""),
        "error": error,
    }


@require_POST
def transition_view(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    obj = _record(kind, pk)
    if not permissions.can_view(request.user, obj):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        return HttpResponseForbidden("您无权查看该记录。")
    seen = request.POST.get("version")
    try:
        seen_version = int(seen) if seen not in (None, "") else None
    except ValueError:
        seen_version = -1
    try:
        states.transition(request.user, obj, action, reason=request.POST.get("reason"), seen_version=seen_version)
    except states.TransitionError as e:
        if getattr(request, "htmx", False):
            obj.refresh_from_db()
            return render(request, "workflow/actions.html", actions_context(request, obj, e.message), status=e.status)
        if e.status == 403:
            return HttpResponseForbidden(e.message)
        messages.error(request, e.message)
        response = redirect(_next_url(request, obj))
        response.status_code = 303
        return response
    done = states.S(obj.status).label  # 已提交, 已退回, 主管部门已审核, 财政局已审核, 已公开
    messages.success(request, f"操作成功：{done}。")  # shown on the page that loads next (base.html)
    if getattr(request, "htmx", False):
        response = render(request, "workflow/actions.html", actions_context(request, obj))
        response["HX-Refresh"] = "true"  # the page's fields change from editable to read-only
        return response
    return redirect(_next_url(request, obj))


@require_GET
def queue_view(request: HttpRequest) -> HttpResponse:
    """待我审核 / 待我处理: the records waiting for the user, with their actions."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    title = queue.title(request.user)
    if title is None:
        return render(request, "workflow/queue.html", {"title": "待办", "items": [], "none": True})
    context = {"title": title, "items": queue.items(request.user), "open_links": queue.open_links(request.user)}
    return render(request, "workflow/queue.html", context)


@require_GET
def audit_trail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied("操作记录仅供登录用户查看。")  # the error page asks the visitor to log in
    obj = _record(kind, pk)
    if not permissions.can_view(request.user, obj):
        raise Http404("记录不存在或无权查看")
    template = "workflow/audit_trail.html" if getattr(request, "htmx", False) else "workflow/audit_page.html"
    return render(request, template, audit_context(obj))


def audit_context(obj: object) -> dict:
    entries = list(audit.entries_for(obj)[:200])
    return {
        "record": obj,
        "entries": [
            {"entry": e, "action_label": audit.ACTION_LABELS.get(e.action, e.action), "changes": audit.describe(e)}
            for e in entries
        ],
    }
