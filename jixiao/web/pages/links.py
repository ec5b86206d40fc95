"""The page where a person confirms or corrects which project a form or a report is about.

Links are made on import (``jixiao.web.store.links``): a name equal once normalised is certain, a
name equal only without its suffix variant (``…热线`` / ``…业务费``) is a guess. This page lists the
guesses and the records without a project that the user may decide on
(``access.can_link``: the finance bureau, a department reviewer for their units), each with the
projects of its unit; a decision is kept (``Link.CONFIRMED``) and written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.pages import access
from jixiao.web.store import links
from jixiao.web.store import models as m

KINDS = {"selfevaluation": (m.SelfEvaluation, "绩效自评表"), "evaluation": (m.Evaluation, "评价报告")}


def _rows(user: Any) -> list[dict[str, Any]]:
    out = []
    for kind, (model, label) in KINDS.items():
        open_links = model.objects.filter(project_link__in=(m.Link.GUESS, m.Link.NONE)).order_by("-year", "id")
        for record in open_links.defer("snapshot"):
            if not access.can_link(user, record):
                continue
            found = links.candidates(record)
            unit = m.Organisation.objects.filter(pk=links.unit_id_of(record)).first()
            others = m.Project.objects.filter(unit=unit).order_by("-year", "name") if unit else []
            out.append(
                {
                    "kind": kind,
                    "label": label,
                    "record": record,
                    "unit": unit,
                    "similar": {p.pk: how for p, how in found},
                    "projects": list(others),
                }
            )
    return out


@login_required
@require_GET
def link_list(request: HttpRequest) -> HttpResponse:
    if not access.can_link(request.user):
        raise PermissionDenied("您无权确认项目关联（由财政局或主管部门审核人确认）。")
    return render(request, "pages/links.html", {"rows": _rows(request.user)})


@login_required
@require_POST
def link_set(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("未知的记录类型")
    record = get_object_or_404(KINDS[kind][0].objects.defer("snapshot"), pk=pk)
    if not access.can_link(request.user, record):
        raise PermissionDenied("您无权确认此记录的项目关联。")
    choice = request.POST.get("project", "")
    project = None
    if choice:
        project = get_object_or_404(m.Project, pk=int(choice) if choice.isdigit() else -1)
        if project.unit_id != links.unit_id_of(record):
            raise PermissionDenied("只能关联到同一单位的项目。")
    before = {"project": str(record.project) if record.project_id else "", "project_link": record.project_link}
    with access.atomic():
        links.set_link(record, project)
        after = {"project": str(project) if project else "", "project_link": record.project_link}
        access.record_change(request.user, record, before, after, action="link")
    done = f"已关联到项目“{project.name}”" if project else "已确认：不关联任何项目"
    messages.success(request, f"{done}（{record}）。")
    return redirect("pages:links")
