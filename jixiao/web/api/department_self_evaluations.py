"""The JSON API of the 部门整体支出绩效自评表 made in the app (mounted at ``/api/``).

The same functions as the pages (:mod:`jixiao.web.pages.department_selfeval`): create from the
department's stored targets (a unit clerk of the department), read with the computed scores, update
(actuals, executed amounts, scores — a score other than the computed one needs a reason, else 422 —,
deviations, 年度主要任务, the low-score explanation; with the version read). The workflow is the
self-evaluations': ``POST /api/department-self-evaluations/{pk}/transitions/{action}`` (the generic
endpoint of :mod:`jixiao.web.api.api`; submission refused with 400 while a required explanation is
missing) and ``GET …/{pk}/audit``.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.monitor.department_selfeval import DEPARTMENT_SCHEME
from jixiao.web.api.common import (
    ERRORS,
    SHORT,
    TEXT,
    current_user,
    require_edit,
    require_login,
    visible_or_404,
    workflow_dict,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.pages import access
from jixiao.web.pages import department_selfeval as pages
from jixiao.web.pages.yearend import APPROVED, DEPARTMENT_SCHEMES
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

router = Router()
TAG = "部门整体自评"
NUMBER = Annotated[str, Field(max_length=50)]


class CreateIn(Schema):
    department_id: int
    year: int
    scheme: Annotated[str, Field(max_length=100)] = DEPARTMENT_SCHEME


class IndicatorIn(Schema):
    position: int
    actual: Annotated[str, Field(max_length=500)] | None = None
    score: NUMBER | None = Field(None, description="与计算得分不同的得分须同时填写 reason")
    reason: TEXT | None = None
    deviation: TEXT | None = None


class TaskIn(Schema):
    name: SHORT
    content: TEXT = ""
    budget: NUMBER | None = None
    executed: NUMBER | None = None


class UpdateIn(Schema):
    version: int
    goal_actual: TEXT | None = None
    low_score_explanation: TEXT | None = None
    executed: dict[str, NUMBER] | None = Field(
        None, description="资金行名称 → 全年执行数（年度资金总额、其中：财政拨款、其他资金）"
    )
    indicators: list[IndicatorIn] = []
    tasks: list[TaskIn] | None = None


def _fig(figure: Any) -> str | None:
    return None if figure is None else figure.raw


def detail(user: Any, se: m.SelfEvaluation) -> dict[str, Any]:
    """The stored form with its scoring (the view-model of the official form, as JSON)."""
    view = pages.department_view(se).forms[0]
    return {
        "id": se.id, "year": se.year, "department": view.department, "department_wide": True,
        "department_targets_id": se.department_targets_id, "unit": se.unit_name, "scheme": view.scheme,
        "tasks": se.tasks,
        "funds": [{"name": f.name, "initial": _fig(f.initial), "adjusted": _fig(f.adjusted),
                   "executed": _fig(f.executed), "weight": _fig(f.weight), "rate": _fig(f.rate),
                   "score": _fig(f.score)} for f in view.funds],
        "goal_expected": view.goal_expected, "goal_actual": view.goal_actual,
        "indicators": [{"position": n, "level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target,
                        "actual": i.actual, "weight": _fig(i.weight), "score": _fig(i.score),
                        "computed": None if i.computed is None else format(round(i.computed, 2), "f"),
                        "override_reason": i.override or "", "deviation": i.deviation}
                       for n, i in enumerate(view.indicators)],
        "total": _fig(view.total), "computed_total": format(round(view.computed_total, 2), "f"),
        "grade": view.grade, "low_score_explanation": view.low_score_explanation,
        "missing_explanations": [f.message for f in pages.explanation_findings(se)],
        "notes": list(se.notes or []),
        **workflow_dict(user, se),
    }


def _record(user: Any, pk: int) -> m.SelfEvaluation:
    se = visible_or_404(m.SelfEvaluation, user, pk)
    if not se.department_wide:
        raise ApiError(404, "该自评表不是部门整体支出绩效自评表。")
    return se


@router.post("/department-self-evaluations", tags=[TAG], summary="由部门整体绩效目标生成部门整体支出绩效自评表",
             response={201: dict, **ERRORS})
def create(request: HttpRequest, payload: CreateIn):
    user = current_user(request)
    require_login(user)
    department = m.Organisation.objects.filter(pk=payload.department_id, kind=m.Organisation.Kind.DEPARTMENT).first()
    if department is None:
        raise ApiError(404, "未找到该主管部门。")
    if not pages.can_create(user, department):
        raise ApiError(403, "只有本部门所属单位的填报人可以生成部门整体支出绩效自评表。")
    targets = m.DepartmentTargets.objects.filter(department=department, year=payload.year).first()
    if targets is None:
        raise ApiError(404, pages.NO_TARGETS)
    if targets.status not in APPROVED:
        raise ApiError(409, pages.NOT_APPROVED)
    if payload.scheme not in DEPARTMENT_SCHEMES:
        raise ApiError(400, f"评分方案只能是：{'、'.join(DEPARTMENT_SCHEMES)}。")
    profile = permissions.profile_of(user)
    se = pages.create_department_self_evaluation(targets, profile.organisation if profile else None,
                                                 payload.scheme, user)
    return Status(201, detail(user, se))


@router.get("/department-self-evaluations/{pk}", tags=[TAG], summary="部门整体支出绩效自评表（含计算得分）",
            response={200: dict, **ERRORS})
def read(request: HttpRequest, pk: int):
    user = current_user(request)
    return detail(user, _record(user, pk))


def _as_post(se: m.SelfEvaluation, payload: UpdateIn) -> dict[str, Any]:
    """The update in the names the page posts (one path for both)."""
    post: dict[str, Any] = {"version": payload.version}
    for name in ("goal_actual", "low_score_explanation"):
        if getattr(payload, name) is not None:
            post[name] = getattr(payload, name)
    names = list(se.budget_lines.order_by("position", "id").values_list("name", flat=True))
    for name, value in (payload.executed or {}).items():
        if name not in names:
            raise ApiError(422, f"没有名为“{name}”的资金行（{'、'.join(names)}）。")
        post[f"executed-{names.index(name)}"] = value
    rows = list(se.indicator_results.order_by("position", "id"))
    stored = {n: r for n, r in enumerate(rows) if r.override_reason}
    for n, r in stored.items():  # overrides kept unless changed
        post[f"score-{n}"], post[f"reason-{n}"] = r.score_raw, r.override_reason
    for item in payload.indicators:
        if not 0 <= item.position < len(rows):
            raise ApiError(422, f"指标序号 {item.position} 不存在（共 {len(rows)} 项）。")
        for key, value in (("actual", item.actual), ("score", item.score), ("reason", item.reason),
                           ("deviation", item.deviation)):
            if value is not None:
                post[f"{key}-{item.position}"] = value
    if payload.tasks is not None:
        for k, t in enumerate(payload.tasks):
            post.update({f"task-name-{k}": t.name, f"task-content-{k}": t.content,
                         f"task-budget-{k}": t.budget or "", f"task-executed-{k}": t.executed or ""})
    return post


@router.put("/department-self-evaluations/{pk}", tags=[TAG], summary="填报部门整体支出绩效自评表（带版本号）",
            response={200: dict, **ERRORS})
def update(request: HttpRequest, pk: int, payload: UpdateIn):
    user = current_user(request)
    se = _record(user, pk)
    require_edit(user, se)
    post = _as_post(se, payload)
    try:
        _, _, errors = pages.save_entries(user, se, post)
    except access.Stale as e:
        raise ApiError(409, e.message) from e
    if errors:
        raise ApiError(422, "；".join(errors))
    se.refresh_from_db()
    return detail(user, se)
