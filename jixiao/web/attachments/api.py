"""The evidence API (a django-ninja router on the project's API at ``/api/evidence``).

| Method | Path | |
|---|---|---|
| GET | ``/measurements/{pk}`` | the evidence files of an evaluator's measurement |
| POST | ``/measurements/{pk}`` | upload one (multipart ``file``; the assigned evaluators while editable) |
| GET | ``/problems/{pk}`` | the evidence files of a problem under rectification |
| POST | ``/problems/{pk}`` | upload one (multipart ``file``; the owner unit's clerk while open) |
| GET | ``/{id}/file`` | the file itself (same permission as the record) |
| DELETE | ``/{id}`` | remove it (the uploader, while the record is editable) |

Same rules as the pages (:mod:`jixiao.web.attachments.service`); errors have the API's one shape
(records the caller may not see are 404, as elsewhere in the API).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile

from jixiao.web.api.common import ERRORS, current_user, require_login
from jixiao.web.api.errors import ApiError
from jixiao.web.attachments import service
from jixiao.web.attachments.views import file_response
from jixiao.web.evaluations.models import WorkMeasurement
from jixiao.web.rectification.models import Problem

router = Router(tags=["佐证材料"])


def _user(request: HttpRequest) -> Any:
    user = current_user(request)
    require_login(user)
    return user


def _raise(e: service.EvidenceError) -> None:
    raise ApiError(e.status, e.message) from None


def _record(user: Any, model: type, pk: int) -> Any:
    qs = WorkMeasurement.objects.select_related("work") if model is WorkMeasurement else Problem.objects.all()
    record = qs.filter(pk=pk).first()
    if record is None or not service.may_view(user, record):
        raise ApiError(404, "未找到该记录，或您无权查看。")
    return record


def _list(user: Any, record: Any) -> dict[str, Any]:
    return {"files": [service.as_dict(a, user) for a in service.listed(user, record)],
            "can_add": service.may_add(user, record)}


def _add(user: Any, record: Any, file: UploadedFile) -> Status:
    try:
        att = service.add(user, record, file)
    except service.EvidenceError as e:
        _raise(e)
    return Status(201, service.as_dict(att, user))


@router.get("/measurements/{pk}", summary="测量值的佐证材料", response={200: dict, **ERRORS})
def measurement_files(request: HttpRequest, pk: int):
    user = _user(request)
    return _list(user, _record(user, WorkMeasurement, pk))


@router.post("/measurements/{pk}", summary="上传测量值的佐证材料（multipart file）", response={201: dict, **ERRORS})
def upload_measurement(request: HttpRequest, pk: int, file: File[UploadedFile]):
    user = _user(request)
    return _add(user, _record(user, WorkMeasurement, pk), file)


@router.get("/problems/{pk}", summary="整改问题的佐证材料", response={200: dict, **ERRORS})
def problem_files(request: HttpRequest, pk: int):
    user = _user(request)
    return _list(user, _record(user, Problem, pk))


@router.post("/problems/{pk}", summary="上传整改佐证材料（multipart file）", response={201: dict, **ERRORS})
def upload_problem(request: HttpRequest, pk: int, file: File[UploadedFile]):
    user = _user(request)
    return _add(user, _record(user, Problem, pk), file)


def _attachment(user: Any, pk: int):
    try:
        return service.get(user, pk)
    except service.EvidenceError as e:
        raise ApiError(404 if e.status == 403 else e.status, "未找到该佐证材料，或您无权查看。") from None


@router.get("/{pk}/file", summary="下载佐证材料", response={200: None, **ERRORS})
def download(request: HttpRequest, pk: int):
    return file_response(_attachment(_user(request), pk))


@router.delete("/{pk}", summary="删除佐证材料（上传人，记录可修改时）", response={204: None, **ERRORS})
def remove(request: HttpRequest, pk: int):
    user = _user(request)
    att = _attachment(user, pk)
    try:
        service.remove(user, att)
    except service.EvidenceError as e:
        _raise(e)
    return Status(204, None)
