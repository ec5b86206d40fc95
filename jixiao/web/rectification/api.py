"""The rectification API (a django-ninja router on the project's API at ``/api/rectification``).

| Method | Path | |
|---|---|---|
| GET | ``/problems?status=`` | the problems the user may see (``status``: 待整改 / 整改中 / 已整改 / 逾期 / 已核实) |
| GET | ``/problems/{pk}`` | one problem with the moves the user may make and its evidence files (``/api/evidence``) |
| POST | ``/problems/{pk}/assign`` | measures required, deadline (managers; with ``version``) |
| POST | ``/problems/{pk}/{move}`` | start / rectify (evidence) / verify / reject (opinion), with ``version`` |
| POST | ``/evaluations/{pk}/problems`` | record the problems the core reads from an evaluation report |
| POST | ``/evaluations/{pk}/decision`` | the result application (bureau): rule's proposal or own decision + reason |
| GET | ``/projects/{pk}/last-year`` | last year's grade, decision, open problems, results-applied findings |

Same rules as the pages (:mod:`jixiao.web.rectification.flow`); errors have the API's one shape.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Router, Schema

from jixiao.numbers import plain
from jixiao.web.api.errors import ApiError
from jixiao.web.attachments import service as evidence
from jixiao.web.rectification import flow
from jixiao.web.rectification.models import Problem, ResultDecision
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

router = Router(tags=["问题整改与结果应用"])
TEXT = Annotated[str, Field(max_length=5000)]


class MoveIn(Schema):
    version: int
    text: TEXT = ""


class AssignIn(Schema):
    version: int
    measures: TEXT | None = None
    deadline: dt.date | None = None


class DecisionIn(Schema):
    decision: Annotated[str, Field(max_length=50)] | None = None
    amount: Annotated[Decimal, Field(max_digits=18, decimal_places=6, ge=0)] | None = None
    budget: Annotated[Decimal, Field(max_digits=18, decimal_places=6, ge=0)] | None = None
    reason: TEXT = ""


def _user(request: HttpRequest) -> Any:
    user = getattr(request, "auth", None) or AnonymousUser()
    if not getattr(user, "is_authenticated", False):
        raise ApiError(401, "请先登录，或在请求头中提供有效的令牌（Authorization: Bearer <令牌>）。")
    return user


def _raise(exc: flow.FlowError) -> None:
    raise ApiError(exc.status, exc.message) from None


def _problem(user: Any, pk: int) -> Problem:
    p = Problem.objects.filter(pk=pk).select_related("unit", "project", "evaluation").first()
    if p is None or not flow.can_view(user, p):
        raise ApiError(404, "未找到该问题，或您无权查看。")
    return p


def _evaluation(user: Any, pk: int) -> m.Evaluation:
    row = m.Evaluation.objects.filter(pk=pk).select_related("evaluated_unit", "project").first()
    if row is None or not flow.in_scope(user, row.evaluated_unit_id):
        raise ApiError(404, "未找到该评价报告，或您无权查看。")
    return row


def _out(user: Any, p: Problem) -> dict[str, Any]:
    return {
        "id": p.pk, "title": p.title, "category": p.category, "detail": p.detail,
        "source_kind": p.source_kind, "source": p.get_source_kind_display(), "source_ref": p.source_ref,
        "source_line": p.source_line, "evaluation": p.evaluation_id, "project": p.project_id,
        "project_name": p.project_name, "unit": {"id": p.unit_id, "name": p.unit.name}, "year": p.year,
        "measures_required": p.measures_required, "deadline": p.deadline.isoformat() if p.deadline else None,
        "status": p.shown_status(dt.date.today()), "evidence": p.evidence, "opinion": p.opinion,
        "version": p.version, "moves": [x.code for x in flow.allowed_moves(user, p)],
    }


def _decision(d: ResultDecision) -> dict[str, Any]:
    return {"evaluation": d.evaluation_id, "grade": d.grade, "rule": d.rule, "proposed": d.proposed,
            "decision": d.decision, "budget": plain(d.budget) if d.budget is not None else None,
            "amount": plain(d.amount) if d.amount is not None else None, "reason": d.reason,
            "open_problems": d.open_problems}


@router.get("/problems", summary="问题清单（按权限）", response={200: dict, 401: dict})
def list_problems(request: HttpRequest, status: str | None = None):
    user = _user(request)
    today = dt.date.today()
    items = [_out(user, p) for p in flow.visible(user).select_related("unit").order_by("deadline", "id")]
    items = [x for x in items if status is None or x["status"] == status]
    overdue = sum(1 for x in items if x["status"] == "逾期")
    return {"count": len(items), "overdue": overdue, "today": today.isoformat(), "results": items}


@router.get("/problems/{pk}", summary="一个问题", response={200: dict, 401: dict, 404: dict})
def get_problem(request: HttpRequest, pk: int):
    user = _user(request)
    p = _problem(user, pk)
    files = [{**evidence.as_dict(a, user), "url": f"/api/evidence/{a.pk}/file"} for a in evidence.listed(user, p)]
    return {**_out(user, p), "files": files}


@router.post("/problems/{pk}/assign", summary="布置整改：措施要求、整改期限（带版本号）",
             response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict, 409: dict})
def assign_problem(request: HttpRequest, pk: int, payload: AssignIn):
    user = _user(request)
    try:
        p = flow.assign(user, _problem(user, pk), payload.version, measures=payload.measures,
                        deadline=payload.deadline)
    except flow.FlowError as exc:
        _raise(exc)
    return _out(user, p)


@router.post("/problems/{pk}/{move}", summary="整改流转：start / rectify（佐证）/ verify / reject（意见）",
             response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict, 409: dict})
def move_problem(request: HttpRequest, pk: int, move: str, payload: MoveIn):
    user = _user(request)
    try:
        p = flow.move(user, _problem(user, pk), move, payload.version, payload.text)
    except flow.FlowError as exc:
        _raise(exc)
    return _out(user, p)


@router.post("/evaluations/{pk}/problems", summary="从评价报告的“问题和建议”登记问题",
             response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict})
def import_problems(request: HttpRequest, pk: int):
    user = _user(request)
    row = _evaluation(user, pk)
    try:
        made = flow.import_evaluation(user, row)
    except flow.FlowError as exc:
        _raise(exc)
    all_rows = Problem.objects.filter(evaluation=row).select_related("unit").order_by("id")
    return {"created": len(made), "problems": [_out(user, p) for p in all_rows]}


@router.post("/evaluations/{pk}/decision", summary="评价结果应用（财政局）：规则建议或另定（须说明理由）",
             response={200: dict, 400: dict, 401: dict, 403: dict, 404: dict})
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    user = _user(request)
    row = _evaluation(user, pk)
    try:
        d = flow.decide(user, row, decision=payload.decision, amount=payload.amount, budget=payload.budget,
                        reason=payload.reason)
    except flow.FlowError as exc:
        _raise(exc)
    return _decision(d)


@router.get("/projects/{pk}/last-year", summary="上年评价等级、结果应用和未整改问题（填报下年目标时显示）",
            response={200: dict, 401: dict, 404: dict})
def last_year(request: HttpRequest, pk: int):
    user = _user(request)
    project = m.Project.objects.filter(pk=pk).select_related("unit").first()
    if project is None or not permissions.can_view(user, project):
        raise ApiError(404, "未找到该项目，或您无权查看。")
    found = flow.last_year(project)
    if found is None:
        return {"year": None, "grade": "", "evaluations": [], "decisions": [], "open_problems": [], "findings": []}
    return {
        "year": found["year"], "grade": found["grade"], "grade_where": found["grade_where"],
        "evaluations": [{"id": e.pk, "title": e.title, "kind": e.kind, "grade": e.grade,
                         "score": plain(e.score) if e.score is not None else None} for e in found["evaluations"]],
        "decisions": [_decision(d) for d in found["decisions"]],
        "open_problems": [{"id": p.pk, "title": p.title, "status": p.shown_status(dt.date.today())}
                          for p in found["open_problems"] if flow.can_view(user, p)],
        "findings": [{"code": f.code, "severity": str(f.severity), "message": f.message} for f in found["findings"]],
    }
