"""The workspace pages (mounted at ``/evaluation-work/``; names ``evaluations:…``).

One list page (with the form that creates an evaluation) and one page per evaluation: the indicator
system (from a template, edited as the text of a scheme file, validated by the core), a compact table
of the indicators (one line each: weight, measured value, score, working, evidence count) whose rows
open (``<details>``, no script) to the standard, the whole working, the measurement form and the
evidence files — the row just saved is reopened (``?open=``), the
report's texts, the downloads and the review buttons; the commissioning body links the stored
report the evaluation rebuilds (its published scores are then shown beside the computed ones).
Every change goes through :mod:`.service`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jixiao.rules import evaluation_workspace as ws
from jixiao.rules.registry import RULE_TITLES
from jixiao.web.attachments import service as evidence
from jixiao.web.evaluations import service
from jixiao.web.evaluations.models import EvaluationWork, Kind
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

FIELDS_BY_RULE = {
    "eval-linear-below": ("actual", "actual_of", "target"),
    "eval-over-deviation": ("actual", "actual_of", "target"),
    "eval-previous-year": ("actual", "actual_of", "previous", "previous_of"),
    "eval-all-or-nothing": ("actual", "met"),
    "eval-check-points": ("checks",),
    "eval-expert-tier": ("tier",),
    "eval-basis-and-tier": ("checks", "tier"),
    "eval-days-late": ("days_late",),
}
TEXT_LABELS = {
    "overview": "项目概况",
    "work": "评价工作开展情况",
    "experience": "主要经验及做法",
    "problems": "存在的问题及原因",
    "suggestions": "有关建议",
}
CHECK_CHOICES = (("", "未判定"), ("true", "满足"), ("false", "不满足"))


def _fail(request: HttpRequest, e: service.WorkError) -> None:
    if e.status == 404:
        raise Http404(e.message)
    if e.status in (401, 403):
        raise PermissionDenied(e.message)
    messages.error(request, e.message)


def _get(request: HttpRequest, pk: int) -> EvaluationWork:
    try:
        return service.get_work(request.user, pk)
    except service.WorkError as e:
        _fail(request, e)
        raise


def work_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if not service.may_create(user):
            raise PermissionDenied("只有财政局或主管部门可以创建评价。")
        try:
            w = service.create_work(
                user,
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                year=int(request.POST.get("year") or 0),
                projects=[int(x) for x in request.POST.getlist("projects")],
                firm=request.POST.get("firm", ""),
                evaluators=request.POST.getlist("evaluators"),
            )
        except (service.WorkError, ValueError) as e:
            messages.error(request, getattr(e, "message", "年度应为数字。"))
        else:
            messages.success(request, f"已创建评价“{w.title}”。")
            return redirect("evaluations:detail", pk=w.pk)
    context: dict[str, Any] = {"works": service.visible_works(user), "can_create": service.may_create(user)}
    if context["can_create"]:
        context["kinds"] = Kind.choices
        context["projects"] = permissions.visible(user, m.Project.objects.all()).order_by("-year", "name")[:500]
        context["evaluators"] = get_user_model().objects.filter(profile__role=m.Role.EVALUATOR).order_by("username")
    return render(request, "evaluations/list.html", context)


def _rows(work: EvaluationWork, scored: service.Scored | None) -> list[dict[str, Any]]:
    if scored is None:
        return []
    entered = {r.indicator: r for r in work.measurements.all()}
    files = evidence.measurement_files(work)
    results = {i.name: i for i in scored.result.items}
    rows = []
    for item in scored.scheme.items:
        row = entered.get(item.name)
        values = row.values if row else {}
        checks = list(values.get("checks") or [])
        labels = [c.label for c in item.params.get("checks", ())] or (["有测算依据"] if "basis" in item.rule else [])
        rows.append(
            {
                "item": item,
                "group": " / ".join(item.path),
                "rule_label": RULE_TITLES.get(item.rule, item.rule),
                "scored": results.get(item.name),
                "fields": FIELDS_BY_RULE.get(item.rule, ()),
                "values": values,
                "row": row,
                "files": files.get(row.pk, []) if row else [],
                "upload_url": reverse("attachments:upload-measurement", args=[row.pk]) if row else "",
                "ratio": {k: "/".join(values.get(f"{k}_of") or []) for k in ("actual", "previous")},
                "checks": [
                    (i, label, "" if i >= len(checks) or checks[i] is None else str(checks[i]).lower())
                    for i, label in enumerate(labels)
                ],
                "tiers": [label for label, _ in item.params.get("tiers", ())] or ["好", "较好", "一般", "较差", "差"],
                "needed": "；".join(ws.needed(scored.scheme, item.name)),
            }
        )
    return rows


def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = _get(request, pk)
    scored = None
    try:
        scored = service.score(work)
    except Exception as e:  # a stored scheme that no longer loads is shown, not a crash
        messages.error(request, f"评分失败：{getattr(e, 'message', e)}")
    rows = _rows(work, scored)
    context = {
        "work": work,
        "scored": scored,
        "rows": rows,
        "entered_count": sum(1 for r in rows if r["row"] is not None),
        "has_published": any(r["scored"] is not None and r["scored"].published is not None for r in rows),
        "open": request.GET.get("open", ""),
        "templates": ws.templates(),
        "can_work": service.may_work(request.user, work),
        "actions": service.allowed_actions(request.user, work),
        "labels": ws.MEASURE_LABELS,
        "check_choices": CHECK_CHOICES,
        "texts": [(f, label, getattr(work, f)) for f, label in TEXT_LABELS.items()],
        "limit_mb": evidence.limit() // (1024 * 1024),
        "can_link": service.may_link(request.user, work),
    }
    if context["can_link"]:
        context["reports"] = service.linkable_reports(request.user)
    return render(request, "evaluations/detail.html", context)


def _measurement(post: Any, count: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in ("actual", "previous", "target", "days_late", "tier"):
        if post.get(key, "").strip():
            values[key] = post[key].strip()
    for key in ("actual", "previous"):
        ratio = post.get(f"{key}_of", "").strip()
        if ratio:
            values[f"{key}_of"] = [x.strip() for x in ratio.replace("／", "/").split("/")]
    if post.get("met") in ("true", "false"):
        values["met"] = post["met"] == "true"
    if count:
        values["checks"] = [{"true": True, "false": False}.get(post.get(f"check-{i}", "")) for i in range(count)]
    if post.get("unknown"):
        values["unknown"] = True
    return values


@require_POST
def work_post(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    work = _get(request, pk)
    user, post = request.user, request.POST
    version = int(post["version"]) if post.get("version", "").isdigit() else None
    try:
        if what == "template":
            service.start_from_template(user, work, post.get("template", ""), version)
            messages.success(request, "已从模板建立指标体系。")
        elif what == "scheme":
            service.replace_scheme(user, work, post.get("scheme", ""), version)
            messages.success(request, "指标体系已保存（权重和评分规则已校验）。")
        elif what == "measure":
            count = int(post.get("check_count") or 0)
            service.enter_measurement(
                user,
                work,
                post.get("indicator", ""),
                _measurement(post, count),
                evidence=post.get("evidence", ""),
                source=post.get("source", ""),
                note=post.get("note", ""),
            )
            messages.success(request, f"已保存“{post.get('indicator')}”的测量值。")
        elif what == "document":
            raw = post.get("document_evaluation", "").strip()
            if raw and not raw.isdigit():
                raise service.WorkError(422, "所选评价报告不存在，或您无权查看。")
            service.link_document(user, work, int(raw) if raw else None, version)
            work.refresh_from_db()
            linked = work.document_evaluation
            messages.success(request, f"已关联评价报告《{linked.title}》，评分表将对照其所载得分。" if linked
                             else "已取消关联评价报告。")
        elif what == "texts":
            fields = {f: post.get(f, "") for f in TEXT_LABELS}
            service.save_texts(user, work, fields, version)
            messages.success(request, "报告文字已保存。")
        elif what == "transition":
            service.transition(user, work, post.get("action", ""), post.get("reason", ""), version)
            messages.success(request, f"已{dict((a.code, a.label) for a in service.ACTIONS)[post['action']]}。")
        else:
            raise Http404("未知的操作。")
    except service.WorkError as e:
        _fail(request, e)
    reopen = opened(post.get("indicator", "")) if what == "measure" else ""
    return redirect(f"{request.path.rsplit('/', 2)[0]}/{reopen}")


def opened(indicator: str) -> str:
    """The query and anchor that reopen ``indicator``'s row of the workspace page after a save."""
    return f"?open={quote(indicator)}#m-{indicator}"


def work_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    work = _get(request, pk)
    if fmt not in ("docx", "pdf", "html"):
        raise Http404("不支持的格式。")
    try:
        data = service.report_bytes(work, fmt)
    except service.WorkError as e:
        _fail(request, e)
        return redirect("evaluations:detail", pk=pk)
    response = HttpResponse(data, content_type=service.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename=evaluation-{work.pk}.{fmt}"
    return response
