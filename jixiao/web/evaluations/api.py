"""The evaluator's workspace API (a django-ninja router on the project's API at ``/api/evaluation-work``).

| Method | Path | |
|---|---|---|
| GET | ``/api/evaluation-work`` | the evaluations the caller may see |
| POST | ``/api/evaluation-work`` | create one (bureau / department) |
| GET | ``/api/evaluation-work/templates`` | indicator-system templates and the rule types (Chinese names) |
| GET | ``/api/evaluation-work/{pk}`` | one evaluation: fields, indicator system, measurements, score table, actions |
| POST | ``/api/evaluation-work/{pk}/scheme/template`` | start the indicator system from a template |
| PUT | ``/api/evaluation-work/{pk}/scheme`` | replace the indicator system (the data of a scheme file) |
| POST | ``/api/evaluation-work/{pk}/scheme/node`` | edit / add / remove one node by its path |
| PUT | ``/api/evaluation-work/{pk}/measurements/{indicator}`` | enter one indicator's measurement and evidence |
| GET | ``/api/evaluation-work/{pk}/score`` | the score table (the core's ``score_evaluation``, the CLI's JSON shape) |
| PUT | ``/api/evaluation-work/{pk}/document`` | link (or, with ``null``, unlink) the stored report it rebuilds |
| PUT | ``/api/evaluation-work/{pk}/texts`` | the report's texts (概况, 工作开展, 经验, 问题, 建议) |
| GET | ``/api/evaluation-work/{pk}/report.{fmt}`` | the evaluation report, ``docx`` / ``pdf`` / ``html`` |
| POST | ``/api/evaluation-work/{pk}/transition`` | ``submit`` / ``return`` (reason) / ``approve`` / ``publish`` |

Who may do what is :mod:`.service`'s (``permissions.can_evaluate`` for the evaluators). Errors have
the API's one shape; a stale ``version`` answers 409.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from jixiao.rules import evaluation_workspace as ws
from jixiao.rules.registry import RULE_TITLES
from jixiao.web.api.errors import ApiError
from jixiao.web.evaluations import service
from jixiao.web.evaluations.models import EvaluationWork
from jixiao.web.store import models as m

router = Router(tags=["绩效评价工作台"])

TEXT = Annotated[str, Field(max_length=20000)]
SHORT = Annotated[str, Field(max_length=300)]
NUMBER = Annotated[str, Field(max_length=40)]


class ErrorOut(Schema):
    ok: bool = False
    error: str
    errors: list[str]
    status: int


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class WorkCreate(Schema):
    kind: Literal["department", "finance", "key"] = "finance"
    title: SHORT
    year: int
    projects: list[int] = []
    department: int | None = None
    firm: SHORT = ""
    evaluators: list[SHORT] = []  # usernames
    document_evaluation: int | None = None  # a published report this evaluation rebuilds (compared)


class TemplateIn(Schema):
    template: SHORT
    version: int | None = None


class SchemeIn(Schema):
    scheme: dict[str, Any]
    version: int | None = None


class NodeIn(Schema):
    op: Literal["edit", "add", "remove"] = "edit"
    path: list[SHORT]  # names from the 一级 down; for ``add`` the parent ([] adds a 一级)
    values: dict[str, Any] = {}
    version: int | None = None


class MeasurementIn(Schema):
    actual: NUMBER | None = None
    actual_of: list[NUMBER] | None = None
    previous: NUMBER | None = None
    previous_of: list[NUMBER] | None = None
    target: NUMBER | None = None
    checks: list[bool | None] | None = None
    tier: SHORT | None = None
    days_late: NUMBER | None = None
    met: bool | None = None
    unknown: bool | None = None
    evidence: TEXT = ""
    source: SHORT = ""
    note: TEXT = ""


class TextsIn(Schema):
    title: SHORT | None = None
    firm: SHORT | None = None
    overview: TEXT | None = None
    work: TEXT | None = None
    experience: TEXT | None = None
    problems: TEXT | None = None
    suggestions: TEXT | None = None
    version: int | None = None


class DocumentIn(Schema):
    document_evaluation: int | None = None  # a stored evaluation report; None unlinks
    version: int | None = None


class TransitionIn(Schema):
    action: Literal["submit", "return", "approve", "publish"]
    reason: TEXT = ""
    version: int | None = None


# -- helpers ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or AnonymousUser()


def _run(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except service.WorkError as e:
        raise ApiError(e.status, e.message) from e


def _work(request: HttpRequest, pk: int) -> tuple[Any, EvaluationWork]:
    user = _user(request)
    return user, _run(service.get_work, user, pk)


def _summary(user: Any, w: EvaluationWork) -> dict[str, Any]:
    return {
        "id": w.pk,
        "kind": w.kind,
        "kind_label": w.get_kind_display(),
        "title": w.title,
        "year": w.year,
        "status": w.status,
        "status_label": m.Status(w.status).label,
        "version": w.version,
        "projects": [{"id": p.pk, "name": p.name} for p in w.projects.order_by("id")],
        "department": w.department.name if w.department else None,
        "commissioner": w.commissioner.name if w.commissioner else None,
        "firm": w.firm,
        "evaluators": [u.get_username() for u in w.evaluators.order_by("id")],
        "can_work": service.may_work(user, w),
        "can_review": service.may_review(user, w),
        "can_link": service.may_link(user, w),
        "document_evaluation": _document_out(w.document_evaluation),
    }


def _document_out(row: m.Evaluation | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row.pk, "title": row.title, "year": row.year, "grade": row.grade or None}


def _score_out(w: EvaluationWork) -> dict[str, Any] | None:
    scored = _run(service.score, w)
    if scored is None:
        return None
    out = scored.result.to_dict()
    for item in out["items"]:
        item["rule_label"] = RULE_TITLES.get(item["rule"], item["rule"])
    out["scheme_title"] = scored.scheme.title or scored.scheme.name
    return out


def _detail(user: Any, w: EvaluationWork) -> dict[str, Any]:
    return {
        **_summary(user, w),
        "template": w.template,
        "scheme": service.scheme_data(w),
        "texts": {f: getattr(w, f) for f in ("overview", "work", "experience", "problems", "suggestions")},
        "measurements": {
            r.indicator: {"values": r.values, "evidence": r.evidence, "source": r.source, "note": r.note}
            for r in w.measurements.order_by("id")
        },
        "score": _score_out(w),
        "actions": [{"code": a.code, "label": a.label} for a in service.allowed_actions(user, w)],
    }


# -- endpoints --------------------------------------------------------------------------------


@router.get("", summary="评价任务列表", response={200: dict, **ERRORS})
def list_works(request: HttpRequest):
    user = _user(request)
    works = service.visible_works(user)
    return {"count": works.count(), "results": [_summary(user, w) for w in works]}


@router.post("", summary="创建评价任务（财政局或主管部门）", response={201: dict, **ERRORS})
def create_work(request: HttpRequest, payload: WorkCreate):
    user = _user(request)
    w = _run(service.create_work, user, **payload.dict())
    return Status(201, _detail(user, w))


@router.get("/templates", summary="指标体系模板和评分规则", response={200: dict, **ERRORS})
def templates(request: HttpRequest):
    return {
        "templates": [{"name": k, "title": v} for k, v in ws.templates().items()],
        "rules": [
            {"name": k, "title": v} for k, v in RULE_TITLES.items() if k.startswith("eval-") and k != "eval-published"
        ],
        "measurements": ws.MEASURE_LABELS,
    }


@router.get("/{pk}", summary="评价任务（指标体系、测量值、评分表）", response={200: dict, **ERRORS})
def get_work(request: HttpRequest, pk: int):
    user, w = _work(request, pk)
    return _detail(user, w)


@router.post("/{pk}/scheme/template", summary="从模板建立指标体系", response={200: dict, **ERRORS})
def from_template(request: HttpRequest, pk: int, payload: TemplateIn):
    user, w = _work(request, pk)
    _run(service.start_from_template, user, w, payload.template, payload.version)
    return _detail(user, w)


@router.put("/{pk}/scheme", summary="替换整个指标体系（校验权重和评分规则）", response={200: dict, **ERRORS})
def put_scheme(request: HttpRequest, pk: int, payload: SchemeIn):
    user, w = _work(request, pk)
    _run(service.replace_scheme, user, w, payload.scheme, payload.version)
    return _detail(user, w)


@router.post("/{pk}/scheme/node", summary="修改、增加或删除一个指标（按名称路径）", response={200: dict, **ERRORS})
def change_node(request: HttpRequest, pk: int, payload: NodeIn):
    user, w = _work(request, pk)
    _run(service.change_node, user, w, payload.op, payload.path, payload.values, payload.version)
    return _detail(user, w)


@router.put("/{pk}/measurements/{indicator}", summary="录入一个指标的测量值和评分依据", response={200: dict, **ERRORS})
def put_measurement(request: HttpRequest, pk: int, indicator: str, payload: MeasurementIn):
    user, w = _work(request, pk)
    data = payload.dict()
    texts = {k: data.pop(k) for k in ("evidence", "source", "note")}
    _run(service.enter_measurement, user, w, indicator, data, **texts)
    score = _score_out(w) or {"items": []}
    item = next((i for i in score["items"] if i["name"] == indicator), None)
    return {
        "indicator": indicator,
        "item": item,
        "computed_total": score.get("computed_total"),
        "grade": score.get("grade"),
    }


@router.get("/{pk}/score", summary="评分表（与命令行 score --json 同样的结构）", response={200: dict, **ERRORS})
def get_score(request: HttpRequest, pk: int):
    _, w = _work(request, pk)
    out = _score_out(w)
    if out is None:
        raise ApiError(422, "尚未建立评价指标体系。")
    return out


@router.put("/{pk}/texts", summary="评价报告的文字部分", response={200: dict, **ERRORS})
def put_texts(request: HttpRequest, pk: int, payload: TextsIn):
    user, w = _work(request, pk)
    data = payload.dict()
    version = data.pop("version")
    _run(service.save_texts, user, w, {k: v for k, v in data.items() if v is not None}, version)
    return _detail(user, w)


@router.put("/{pk}/document", summary="关联（或取消关联）对照的已发布评价报告", response={200: dict, **ERRORS})
def put_document(request: HttpRequest, pk: int, payload: DocumentIn):
    user, w = _work(request, pk)
    _run(service.link_document, user, w, payload.document_evaluation, payload.version)
    return _detail(user, w)


@router.get("/{pk}/report.{fmt}", summary="评价报告（docx / pdf / html）", response={200: None, **ERRORS})
def get_report(request: HttpRequest, pk: int, fmt: Literal["docx", "pdf", "html"]):
    _, w = _work(request, pk)
    data = _run(service.report_bytes, w, fmt)
    response = HttpResponse(data, content_type=service.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename=evaluation-{w.pk}.{fmt}"
    return response


@router.post("/{pk}/transition", summary="提交、退回、审核通过、公开", response={200: dict, **ERRORS})
def transition(request: HttpRequest, pk: int, payload: TransitionIn):
    user, w = _work(request, pk)
    _run(service.transition, user, w, payload.action, payload.reason, payload.version)
    return _detail(user, w)
