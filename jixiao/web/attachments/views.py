"""Evidence pages (mounted at ``/evidence/``; names ``attachments:…``): upload to a measurement or a
problem, download, remove. The lists are shown on the record's own page (``attachments/_files.html``)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from jixiao.web.attachments import service
from jixiao.web.evaluations.models import WorkMeasurement
from jixiao.web.evaluations.views import opened
from jixiao.web.rectification.models import Problem


def _back(record: service.Record) -> HttpResponse:
    if isinstance(record, WorkMeasurement):
        return redirect(f"/evaluation-work/{record.work_id}/{opened(record.indicator)}")
    return redirect("rectification:problem", pk=record.pk)


def _upload(request: HttpRequest, record: service.Record) -> HttpResponse:
    if not service.may_view(request.user, record):
        raise PermissionDenied("您无权查看该记录。")
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, "请选择要上传的文件。")
        return _back(record)
    try:
        att = service.add(request.user, record, file)
    except service.EvidenceError as e:
        if e.status == 403:
            raise PermissionDenied(e.message) from None
        messages.error(request, e.message)
    else:
        messages.success(request, f"已上传佐证材料：{att.name}")
    return _back(record)


@require_POST
@login_required
def upload_measurement(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, get_object_or_404(WorkMeasurement.objects.select_related("work"), pk=pk))


@require_POST
@login_required
def upload_problem(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, get_object_or_404(Problem, pk=pk))


def _get(request: HttpRequest, pk: int):
    try:
        return service.get(request.user, pk)
    except service.EvidenceError as e:
        if e.status == 404:
            raise Http404(e.message) from None
        raise PermissionDenied(e.message) from None


def file_response(att) -> FileResponse:
    path = service.path_of(att.sha256)
    if not path.exists():
        raise Http404("佐证材料的文件已丢失，请联系系统管理员。")
    response = FileResponse(path.open("rb"), content_type=att.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(att.name)}"
    response["Content-Length"] = str(att.size)
    return response


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(_get(request, pk))


@require_POST
@login_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    att = _get(request, pk)
    record = service.record_of(att)
    try:
        service.remove(request.user, att)
    except service.EvidenceError as e:
        raise PermissionDenied(e.message) from None
    messages.success(request, f"已删除佐证材料：{att.name}")
    return _back(record)
