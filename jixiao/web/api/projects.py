"""The JSON API's projects and their indicators (绩效目标): a router mounted at ``/api/`` by
:mod:`jixiao.web.api.urls`, the paths as they were."""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.web.api.common import (
    ERRORS,
    MONEY,
    SHORT,
    TEXT,
    current_user,
    indicator_dict,
    page_window,
    project_dict,
    provided_fields,
    require_edit,
    target_problems,
    visible_or_404,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

# The operation ids are those the endpoints had in jixiao.web.api.api (ninja's default is the
# module and function name): moving them here changed no client.
router = Router()


class ProjectUpdate(Schema):
    version: int = Field(..., description="读取时的版本号（乐观锁）")
    name: SHORT | None = None
    code: Annotated[str, Field(max_length=64)] | None = None
    money_unit: Annotated[str, Field(max_length=16)] | None = None
    budget: MONEY | None = None
    fiscal_funds: MONEY | None = None
    other_funds: MONEY | None = None
    purpose: TEXT | None = None
    goal: TEXT | None = None


class IndicatorIn(Schema):
    version: int = Field(..., description="所属项目读取时的版本号")
    level1: Annotated[str, Field(max_length=100)] | None = None
    level2: Annotated[str, Field(max_length=100)] | None = None
    name: SHORT | None = None
    description: TEXT | None = None
    target_raw: Annotated[str, Field(max_length=500)] | None = None
    basis: TEXT | None = None


# -- projects and indicators ------------------------------------------------------------------


@router.get(
    "/projects",
    tags=["项目绩效目标"],
    summary="项目列表（仅本人可见的）",
    operation_id="jixiao_web_api_api_list_projects",
)
def list_projects(
    request: HttpRequest,
    year: int | None = None,
    unit: str | None = None,
    status: str | None = None,
    limit: int = 200,
    offset: int = 0,
):
    user = current_user(request)
    qs = permissions.visible(user, m.Project.objects.select_related("unit"))
    if year is not None:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(unit__code=unit) | qs.filter(unit__name=unit)
    if status:
        qs = qs.filter(status=status)
    start, size = page_window(limit, offset)
    rows = qs.order_by("year", "unit__code", "number", "id")[start : start + size]
    return {"count": qs.count(), "results": [project_dict(user, p) for p in rows]}


@router.get(
    "/projects/{pk}",
    tags=["项目绩效目标"],
    summary="项目详情（含指标、资金支出计划）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_get_project",
)
def get_project(request: HttpRequest, pk: int):
    user = current_user(request)
    return project_dict(user, visible_or_404(m.Project, user, pk), detail=True)


@router.put(
    "/projects/{pk}",
    tags=["项目绩效目标"],
    summary="修改项目（带版本号）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_update_project",
)
def update_project(request: HttpRequest, pk: int, payload: ProjectUpdate):
    user = current_user(request)
    project = visible_or_404(m.Project, user, pk)
    require_edit(user, project)
    fields = provided_fields(payload)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApiError(422, "项目名称不能为空。")
    if "money_unit" in fields and not fields["money_unit"]:
        fields["money_unit"] = "万元"
    audit.save_with_version(project, payload.version, user=user, **fields)
    return project_dict(user, project, detail=True)


@router.get(
    "/projects/{pk}/indicators",
    tags=["指标"],
    summary="项目的绩效指标",
    response={200: list, **ERRORS},
    operation_id="jixiao_web_api_api_list_indicators",
)
def list_indicators(request: HttpRequest, pk: int):
    project = visible_or_404(m.Project, current_user(request), pk)
    return [indicator_dict(i) for i in project.indicators.order_by("position", "id")]


INDICATOR_FIELDS = ("level1", "level2", "name", "description", "target_raw", "basis")


def _indicator_change(project: m.Project, ind: m.Indicator, before: dict, after: dict) -> tuple[dict, dict]:
    prefix = f"indicators.{ind.id}."
    return {prefix + k: v for k, v in before.items()}, {prefix + k: v for k, v in after.items()}


@router.post(
    "/projects/{pk}/indicators",
    tags=["指标"],
    summary="新增指标",
    response={201: dict, **ERRORS},
    operation_id="jixiao_web_api_api_create_indicator",
)
def create_indicator(request: HttpRequest, pk: int, payload: IndicatorIn):
    user = current_user(request)
    project = visible_or_404(m.Project, user, pk)
    require_edit(user, project)
    fields = {k: v or "" for k, v in provided_fields(payload).items()}
    if "basis" in fields and not fields["basis"]:
        fields["basis"] = None
    if not fields.get("name", "").strip():
        raise ApiError(422, "三级指标名称不能为空。")
    problems: list[str] = []
    with transaction.atomic():
        audit.save_with_version(project, payload.version)
        position = (project.indicators.aggregate(n=Max("position"))["n"] or -1) + 1
        ind = m.Indicator(project=project, position=position, **fields)
        if ind.target_raw:
            ind.target, problems = target_problems(ind.target_raw, "target")
        ind.save()
        after = audit.snapshot_fields(ind, list(INDICATOR_FIELDS))
        before, after = _indicator_change(project, ind, {}, after)
        audit.record_change(user, project, before, after, action="create")
    return Status(201, {**indicator_dict(ind), "problems": problems, "project_version": project.version})


@router.put(
    "/indicators/{pk}",
    tags=["指标"],
    summary="修改指标（带所属项目的版本号）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_update_indicator",
)
def update_indicator(request: HttpRequest, pk: int, payload: IndicatorIn):
    user = current_user(request)
    ind = m.Indicator.objects.filter(pk=pk).select_related("project").first()
    if ind is None:
        raise ApiError(404, "未找到该记录。")
    project = visible_or_404(m.Project, user, ind.project_id)
    require_edit(user, project)
    fields = provided_fields(payload)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApiError(422, "三级指标名称不能为空。")
    fields = {k: (v if v is not None or k == "basis" else "") for k, v in fields.items()}
    problems: list[str] = []
    with transaction.atomic():
        audit.save_with_version(project, payload.version)
        before = audit.snapshot_fields(ind, list(fields))
        for k, v in fields.items():
            setattr(ind, k, v)
        if "target_raw" in fields:
            ind.target, problems = target_problems(ind.target_raw, "target")
        ind.save()
        before, after = _indicator_change(project, ind, before, audit.snapshot_fields(ind, list(fields)))
        audit.record_change(user, project, before, after)
    return {**indicator_dict(ind), "problems": problems, "project_version": project.version}


@router.delete(
    "/indicators/{pk}",
    tags=["指标"],
    summary="删除指标（version：所属项目的版本号）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_delete_indicator",
)
def delete_indicator(request: HttpRequest, pk: int, version: int):
    user = current_user(request)
    ind = m.Indicator.objects.filter(pk=pk).first()
    if ind is None:
        raise ApiError(404, "未找到该记录。")
    project = visible_or_404(m.Project, user, ind.project_id)
    require_edit(user, project)
    with transaction.atomic():
        audit.save_with_version(project, version)
        before, after = _indicator_change(project, ind, audit.snapshot_fields(ind, list(INDICATOR_FIELDS)), {})
        ind.delete()
        audit.record_change(user, project, before, after, action="edit")
    return {"ok": True, "project_version": project.version}
