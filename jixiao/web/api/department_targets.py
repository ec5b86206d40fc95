"""The JSON API of the 部门整体绩效目标 (mounted at ``/api/``).

The same functions as the page (:mod:`jixiao.web.pages.yearend`): list and read (who may see them:
the clerk of the department's own-level unit, the department's reviewer, the bureau; the public once
published), create and update (年度总体目标, 部门职责, 资金总额 by source, indicators; the clerk of
the department's own-level unit while a draft or returned; with the version read). The workflow is
the projects': ``POST /api/department-targets/{pk}/transitions/{action}`` (the generic endpoint of
:mod:`jixiao.web.api.api`: submit, return with a reason, approve, publish) and ``GET …/{pk}/audit``.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.web.api.common import (
    ERRORS,
    SHORT,
    TEXT,
    current_user,
    dec_text,
    org_dict,
    require_login,
    visible_or_404,
    workflow_dict,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.pages import access
from jixiao.web.pages.yearend import can_enter, save_department_targets
from jixiao.web.store import models as m
from jixiao.web.store.department import targets_to_model
from jixiao.web.workflow import permissions

router = Router()
TAG = "部门整体绩效目标"
NUMBER = Annotated[str, Field(max_length=50)]


class FundIn(Schema):
    source: SHORT
    amount: NUMBER | None = None


class IndicatorIn(Schema):
    level1: SHORT = ""
    level2: SHORT = ""
    name: SHORT
    target: Annotated[str, Field(max_length=500)] = ""
    basis: TEXT | None = None


class TargetsIn(Schema):
    overall_goal: TEXT = ""
    duties: list[TEXT] = []
    funds: list[FundIn] = []
    indicators: list[IndicatorIn] = []


class CreateIn(TargetsIn):
    department_id: int
    year: int


class UpdateIn(TargetsIn):
    version: int


def targets_dict(user: Any, row: m.DepartmentTargets) -> dict[str, Any]:
    targets = targets_to_model(row)
    return {
        "id": row.id, "year": row.year, "department": org_dict(row.department), "unit": org_dict(row.unit),
        "title": row.title, "money_unit": row.money_unit, "overall_goal": row.overall_goal,
        "duties": list(targets.duties), "total_funds": dec_text(targets.total_funds),
        "funds": [{"source": f.source, "amount": dec_text(f.amount), "part_of": f.part_of} for f in targets.funds],
        "indicators": [{"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target.raw,
                        "basis": i.basis} for i in targets.indicators],
        **workflow_dict(user, row),
    }


def _model(department: m.Organisation, year: int, payload: TargetsIn) -> DepartmentTargets:
    funds = []
    for f in payload.funds:
        amount = parse_decimal(f.amount.strip()) if f.amount and f.amount.strip() else None
        if f.amount and f.amount.strip() and amount is None:
            raise ApiError(400, f"资金来源“{f.source}”的金额“{f.amount}”不是有效的数字。")
        funds.append(FundLine(f.source.strip(), amount))
    indicators = tuple(
        Indicator(level1=i.level1.strip(), level2=i.level2.strip(), name=i.name.strip(), description="",
                  target=parse_target(i.target.strip(), role="target").value, basis=(i.basis or "").strip() or None,
                  source=Source("部门整体绩效目标", row=n + 1))
        for n, i in enumerate(payload.indicators)
    )
    return DepartmentTargets(
        department=department.name, year=year, overall_goal=payload.overall_goal.strip(),
        duties=tuple(d.strip() for d in payload.duties if d.strip()), funds=tuple(funds), indicators=indicators,
    )


def _refusal(user: Any, row: m.DepartmentTargets | None) -> str:
    if row is not None and row.status not in permissions.EDITABLE_STATUSES:
        return f"该记录当前状态为“{m.Status(row.status).label}”，已提交的记录不能修改。"
    return "只有本部门本级单位的填报人可以填报部门整体绩效目标。"


@router.get("/department-targets", tags=[TAG], summary="部门整体绩效目标列表（可按部门、年度筛选）",
            response={200: list, **ERRORS})
def list_targets(request: HttpRequest, department_id: int | None = None, year: int | None = None):
    user = current_user(request)
    rows = m.DepartmentTargets.objects.select_related("department", "unit")
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    if year is not None:
        rows = rows.filter(year=year)
    return [targets_dict(user, row) for row in permissions.visible(user, rows).order_by("-year", "id")[:500]]


@router.post("/department-targets", tags=[TAG], summary="填报部门整体绩效目标（草稿）", response={201: dict, **ERRORS})
def create(request: HttpRequest, payload: CreateIn):
    user = current_user(request)
    require_login(user)
    department = m.Organisation.objects.filter(pk=payload.department_id, kind=m.Organisation.Kind.DEPARTMENT).first()
    if department is None:
        raise ApiError(404, "未找到该主管部门。")
    if m.DepartmentTargets.objects.filter(department=department, year=payload.year).exists():
        raise ApiError(409, "此部门该年度已有部门整体绩效目标，请修改已有的记录。")
    if not can_enter(user, department, None):
        raise ApiError(403, _refusal(user, None))
    row = save_department_targets(user, department, None, _model(department, payload.year, payload))
    return Status(201, targets_dict(user, row))


@router.get("/department-targets/{pk}", tags=[TAG], summary="部门整体绩效目标", response={200: dict, **ERRORS})
def read(request: HttpRequest, pk: int):
    user = current_user(request)
    return targets_dict(user, visible_or_404(m.DepartmentTargets, user, pk))


@router.put("/department-targets/{pk}", tags=[TAG], summary="修改部门整体绩效目标（带版本号）",
            response={200: dict, **ERRORS})
def update(request: HttpRequest, pk: int, payload: UpdateIn):
    user = current_user(request)
    row = visible_or_404(m.DepartmentTargets, user, pk)
    require_login(user)
    if not can_enter(user, row.department, row):
        raise ApiError(403, _refusal(user, row))
    try:
        row = save_department_targets(user, row.department, row, _model(row.department, row.year, payload),
                                      payload.version)
    except access.Stale as e:
        raise ApiError(409, e.message) from e
    return targets_dict(user, row)
