"""The target review API (a django-ninja router on the project's API at ``/api/review``).

| Method | Path | |
|---|---|---|
| GET | ``/projects/{pk}`` | the review: check-list, score table, each indicator's answers (saved, else suggested) |
| POST | ``/projects/{pk}`` | save the reviewer's opinions and points |
| POST | ``/projects/{pk}/return`` | return with the saved opinions as the reason (``version``) |
| POST | ``/projects/{pk}/approve`` | approve; the bureau's approval freezes the 批复表 (``version``, ``number``) |
| GET / POST | ``/department-targets/{pk}`` | the same for a department's 部门整体绩效目标 (read / save) |
| POST | ``/department-targets/{pk}/return``, ``…/approve`` | return with the opinions; approve (no 批复表) |
| GET | ``/approvals/{pk}`` | a 批复表 as frozen |
| GET | ``/library?q=&level1=&level2=`` | search the 指标库 |
| GET | ``/library/suggest?name=&level1=&level2=`` | suggestions for a 三级 name being typed |
| GET | ``/library/for-project?name=&unit=&code=`` | the kind of a new project and the indicators its projects use |
| POST | ``/library/rebuild`` | rebuild from the stored tables and forms and the folders loaded before (bureau) |

Same rules as the pages (:mod:`jixiao.web.review.flow`); errors have the API's one shape.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Router, Schema

from jixiao.web.api.errors import ApiError
from jixiao.web.review import flow, folders, kinds, library
from jixiao.web.review.models import Approval
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions, states

router = Router(tags=["绩效目标审核与指标库"])
TEXT = Annotated[str, Field(max_length=5000)]


class CheckIn(Schema):
    ok: bool = True
    text: TEXT = ""


class IndicatorIn(Schema):
    index: int
    checks: dict[str, CheckIn] = {}
    text: TEXT = ""


class ReviewIn(Schema):
    opinion: TEXT = ""
    points: dict[str, Annotated[Decimal, Field(max_digits=8, decimal_places=2)] | None] = {}
    indicators: list[IndicatorIn] = []


class MoveIn(Schema):
    version: int
    number: Annotated[str, Field(max_length=100)] = ""


def _user(request: HttpRequest) -> Any:
    user = getattr(request, "auth", None) or AnonymousUser()
    if not getattr(user, "is_authenticated", False):
        raise ApiError(401, "请先登录，或在请求头中提供有效的令牌（Authorization: Bearer <令牌>）。")
    return user


def _project(user: Any, pk: int) -> m.Project:
    p = m.Project.objects.filter(pk=pk).select_related("unit", "unit__parent").first()
    if p is None or not flow.can_read(user, p):
        raise ApiError(404, "未找到该项目，或您无权查看。")
    return p


def _department_targets(user: Any, pk: int) -> m.DepartmentTargets:
    row = m.DepartmentTargets.objects.filter(pk=pk).select_related("department", "unit", "unit__parent").first()
    if row is None or not flow.can_read(user, row):
        raise ApiError(404, "未找到该部门整体绩效目标，或您无权查看。")
    return row


def _key(p: flow.Reviewed) -> str:
    return "department_targets" if isinstance(p, m.DepartmentTargets) else "project"


def _review_out(user: Any, p: flow.Reviewed) -> dict[str, Any]:
    may = flow.can_review(user, p)
    review = p.target_reviews.filter(stage=flow.stage_of(user)).first() if may else flow.latest_review(p)
    rows, overall = flow.form_rows(p, review)
    sch = flow.scheme()
    return {
        _key(p): p.pk, "status": p.get_status_display(), "version": p.version, "may_review": may,
        "scheme": {"name": sch.name, "title": sch.title,
                   "checks": [{"code": c.code, "text": c.text} for c in sch.checks],
                   "points": [{"code": x.code, "group": x.group, "name": x.name, "points": format(x.points, "f")}
                              for x in sch.points]},
        "indicators": [
            {"index": r["index"], "name": r["ind"].name, "target": r["ind"].target_raw, "text": r["text"],
             "checks": [{k: c[k] for k in ("code", "ok", "opinion", "suggested")} for c in r["checks"]]}
            for r in rows
        ],
        "overall_suggestions": overall,
        "opinion": review.opinion if review else "", "points": review.points if review else {},
        "score": format(review.score, "f") if review and review.score is not None else None,
        "grade": review.grade if review else "",
        "approvals": [a.pk for a in p.approvals.all()] if isinstance(p, m.Project) else [],
    }


def _approval_out(a: Approval) -> dict[str, Any]:
    return {"id": a.pk, "project": a.project_id, "project_name": a.project_name, "unit": a.unit_name,
            "year": a.year, "number": a.number, "amount": format(a.amount, "f") if a.amount is not None else None,
            "money_unit": a.money_unit, "approved_at": a.approved_at.isoformat(), "snapshot": a.snapshot}


def _raise(exc: flow.ReviewError | states.TransitionError) -> None:
    raise ApiError(exc.status, exc.message) from None


@router.get("/projects/{pk}", summary="项目的审核意见（含检查建议）")
def get_review(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    return _review_out(user, _project(user, pk))


@router.post("/projects/{pk}", summary="保存审核意见和评分")
def save_review(request: HttpRequest, pk: int, data: ReviewIn) -> dict[str, Any]:
    user = _user(request)
    return _save(user, _project(user, pk), data)


@router.get("/department-targets/{pk}", summary="部门整体绩效目标的审核意见（含检查建议）")
def get_department_review(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    return _review_out(user, _department_targets(user, pk))


@router.post("/department-targets/{pk}", summary="保存部门整体绩效目标的审核意见和评分")
def save_department_review(request: HttpRequest, pk: int, data: ReviewIn) -> dict[str, Any]:
    user = _user(request)
    return _save(user, _department_targets(user, pk), data)


@router.post("/department-targets/{pk}/return", summary="按审核意见退回部门整体绩效目标")
def return_department_targets(request: HttpRequest, pk: int, data: MoveIn) -> dict[str, Any]:
    user = _user(request)
    row = _department_targets(user, pk)
    try:
        row = flow.return_with_opinions(user, row, data.version)
    except (flow.ReviewError, states.TransitionError) as exc:
        _raise(exc)
    return {"department_targets": row.pk, "status": row.get_status_display(), "version": row.version}


@router.post("/department-targets/{pk}/approve", summary="审核通过部门整体绩效目标")
def approve_department_targets(request: HttpRequest, pk: int, data: MoveIn) -> dict[str, Any]:
    user = _user(request)
    row = _department_targets(user, pk)
    try:
        flow.approve(user, row, data.version)
    except (flow.ReviewError, states.TransitionError) as exc:
        _raise(exc)
    row.refresh_from_db()
    return {"department_targets": row.pk, "status": row.get_status_display(), "version": row.version}


def _save(user: Any, p: flow.Reviewed, data: ReviewIn) -> dict[str, Any]:
    answers = {i.index: {"checks": {k: c.dict() for k, c in i.checks.items()}, "text": i.text}
               for i in data.indicators}
    try:
        flow.save_review(user, p, data.opinion, dict(data.points), answers)
    except flow.ReviewError as exc:
        _raise(exc)
    return _review_out(user, p)


@router.post("/projects/{pk}/return", summary="按审核意见退回")
def return_project(request: HttpRequest, pk: int, data: MoveIn) -> dict[str, Any]:
    user = _user(request)
    p = _project(user, pk)
    try:
        p = flow.return_with_opinions(user, p, data.version)
    except (flow.ReviewError, states.TransitionError) as exc:
        _raise(exc)
    return {"project": p.pk, "status": p.get_status_display(), "version": p.version}


@router.post("/projects/{pk}/approve", summary="审核通过（财政局审核通过时生成批复表）")
def approve_project(request: HttpRequest, pk: int, data: MoveIn) -> dict[str, Any]:
    user = _user(request)
    p = _project(user, pk)
    try:
        approval = flow.approve(user, p, data.version, data.number)
    except (flow.ReviewError, states.TransitionError) as exc:
        _raise(exc)
    p.refresh_from_db()
    return {"project": p.pk, "status": p.get_status_display(), "version": p.version,
            "approval": _approval_out(approval) if approval else None}


@router.get("/approvals/{pk}", summary="绩效目标批复表")
def get_approval(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = _user(request)
    a = Approval.objects.filter(pk=pk).select_related("project").first()
    if a is None or not flow.can_read(user, a.project):
        raise ApiError(404, "未找到该批复表，或您无权查看。")
    return _approval_out(a)


@router.get("/library", summary="查询指标库")
def search_library(request: HttpRequest, q: str = "", level1: str = "", level2: str = "") -> dict[str, Any]:
    _user(request)
    rows = library.search(q, level1, level2)
    return {"total": rows.count(), "entries": [library.described(e) for e in rows[:200]]}


@router.get("/library/suggest", summary="填报三级指标时的指标库建议")
def suggest(request: HttpRequest, name: str, level1: str = "", level2: str = "") -> dict[str, Any]:
    _user(request)
    return {"suggestions": library.suggest(name, level1, level2)}


@router.get("/library/for-project", summary="同类项目常用的指标（新建项目时）")
def for_project(request: HttpRequest, name: str, unit: str = "", code: str = "") -> dict[str, Any]:
    """The kind of a new project (by its name; its unit and 功能分类科目 code when given) and the
    indicators the projects of that kind use; no kind when it is like no stored project."""
    _user(request)
    kind, entries = kinds.for_project(name, unit=library.directory().resolve(unit), code=code)
    return {"kind": kind.name if kind else "", "kind_projects": list(kind.members) if kind else [],
            "entries": [library.described(e) for e in entries]}


@router.post("/library/rebuild", summary="按全部已存目标表、自评表及已载入的文件夹重建指标库（财政局）")
def rebuild(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    if not (permissions.is_superuser(user) or permissions.role_of(user) == m.Role.FINANCE_BUREAU):
        raise ApiError(403, "只有财政局可以重建指标库。")
    count, loaded = folders.rebuild()
    return {"entries": count, "folders": loaded.folders, "vanished": loaded.vanished}
