"""The JSON API (django-ninja), mounted at ``/api/``; OpenAPI docs at ``/api/docs``.

Authentication, tried in order: ``Authorization: Bearer <key>`` (a :class:`~.models.Token`;
a wrong key is refused, never treated as anonymous), the browser's session (unsafe methods
then need the CSRF token, like the pages), else anonymous — who sees published records only.

Permissions are the pages' own (:mod:`jixiao.web.workflow.permissions` / ``.states``): a
record the caller may not see answers 401 (anonymous) or 404; a record they may see but not
change answers 403; a stale ``version`` answers 409 with the conflict message. Every error has
one shape (:mod:`.errors`). Writes record the field changes in the audit trail.

The parse / score / check endpoints take a multipart ``file`` (.txt / .pdf / .xlsx, checked by
``validate_upload``), read it with the core and answer the ``--json`` shapes of design.md.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, NinjaAPI, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from jixiao.grammar import parse_target
from jixiao.ingest import read_bytes
from jixiao.ingest.text import parse_decimal
from jixiao.model import codec
from jixiao.numbers import plain
from jixiao.rules.schemes import DEFAULT_SELF_SCHEME
from jixiao.web.api import errors
from jixiao.web.api.docs import LocalSwagger
from jixiao.web.api.errors import ApiError
from jixiao.web.api.models import Token
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, states
from jixiao.web.workflow.uploads import validate_upload

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
TOKEN_USE_GRANULARITY = timedelta(minutes=5)  # how precisely Token.last_used is kept
MONEY = Annotated[Decimal, Field(max_digits=18, decimal_places=6)]
TEXT = Annotated[str, Field(max_length=5000)]
SHORT = Annotated[str, Field(max_length=300)]


# -- authentication ---------------------------------------------------------------------------


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = Token.find(token)
        if found is None:
            raise ApiError(401, "令牌无效、已过期或已停用。")
        now = timezone.now()
        if found.last_used is None or now - found.last_used > TOKEN_USE_GRANULARITY:
            # recorded at most once per interval: a read request does not write on every call
            Token.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


class BrowserSession(APIKeyCookie):
    """The logged-in browser session; unsafe methods must carry the CSRF token."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(403, "CSRF 校验失败：请刷新页面后重试（使用令牌访问时无需 CSRF）。")
        return user


def public(request: HttpRequest) -> Any:
    """Nobody logged in: the public, who may read published records."""
    return AnonymousUser()


api = NinjaAPI(
    title="jixiao API",
    version="1.0",
    description="jixiao 绩效管理系统接口：项目绩效目标、指标、绩效自评、评价报告、审核流程、操作记录；"
    "上传文件即可读取、评分、检查。认证：`Authorization: Bearer <令牌>`（`python -m jixiao.web jixiao_token 用户名`）"
    '或浏览器登录会话。错误统一为 `{"ok": false, "error": "…", "errors": ["…"], "status": 4xx}`。',
    auth=[BearerToken(), BrowserSession(), public],
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
errors.install(api)


def _user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or AnonymousUser()


def _require_login(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ApiError(401, errors.LOGIN_REQUIRED)


def _get(model: type, user: Any, pk: int) -> Any:
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ApiError(404, "未找到该记录。")
    if not permissions.can_view(user, obj):
        if not getattr(user, "is_authenticated", False):
            raise ApiError(401, "该记录尚未公开，请先登录。")
        raise ApiError(404, "未找到该记录，或您无权查看。")
    return obj


def _require_edit(user: Any, obj: Any) -> None:
    if permissions.can_edit(user, obj):
        return
    if obj.status not in permissions.EDITABLE_STATUSES and permissions.role_of(user) == m.Role.UNIT_CLERK:
        raise ApiError(403, f"该记录当前状态为“{m.Status(obj.status).label}”，已提交的记录不能修改。")
    raise ApiError(403, "您无权修改该记录。")


def _limit(limit: int, offset: int) -> tuple[int, int]:
    return max(0, offset), min(max(1, limit), 1000)


# -- serialisation ----------------------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _org(org: m.Organisation | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"id": org.id, "kind": org.kind, "code": org.code, "name": org.name, "parent_id": org.parent_id}


def _workflow(user: Any, obj: Any) -> dict[str, Any]:
    return {
        "status": obj.status,
        "status_label": m.Status(obj.status).label,
        "version": obj.version,
        "updated": obj.updated.isoformat(),
        "can_edit": permissions.can_edit(user, obj),
        "allowed_actions": [
            {"code": a.code, "label": a.label, "target": a.target, "needs_reason": a.needs_reason}
            for a in states.allowed_transitions(user, obj)
        ],
    }


def _indicator(i: m.Indicator) -> dict[str, Any]:
    return {
        "id": i.id,
        "position": i.position,
        "level1": i.level1,
        "level2": i.level2,
        "name": i.name,
        "description": i.description,
        "target_raw": i.target_raw,
        "target": i.target,
        "basis": i.basis,
    }


def _project(user: Any, p: m.Project, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": p.id,
        "year": p.year,
        "unit": _org(p.unit),
        "number": p.number,
        "code": p.code,
        "name": p.name,
        "money_unit": p.money_unit,
        "budget": _dec(p.budget),
        "fiscal_funds": _dec(p.fiscal_funds),
        "other_funds": _dec(p.other_funds),
        **_workflow(user, p),
    }
    if detail:
        out["purpose"] = p.purpose
        out["goal"] = p.goal
        out["title"] = p.title
        out["indicators"] = [_indicator(i) for i in p.indicators.order_by("position", "id")]
        out["plan_points"] = [
            {"label": pp.label, "month": pp.month, "amount": _dec(pp.amount), "raw": pp.raw}
            for pp in p.plan_points.order_by("position", "id")
        ]
    return out


def _self_indicator(i: m.SelfEvalIndicator) -> dict[str, Any]:
    return {
        "id": i.id,
        "position": i.position,
        "level1": i.level1,
        "level2": i.level2,
        "name": i.name,
        "target_raw": i.target_raw,
        "actual_raw": i.actual_raw,
        "weight_raw": i.weight_raw,
        "score_raw": i.score_raw,
        "deviation": i.deviation,
    }


def _self_evaluation(user: Any, se: m.SelfEvaluation, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": se.id,
        "year": se.year,
        "unit": _org(se.unit),
        "project_id": se.project_id,
        "project_name": se.project_name,
        "total_raw": se.total_raw,
        "total_value": _dec(se.total_value),
        **_workflow(user, se),
    }
    if detail:
        for name in (
            "title",
            "department_name",
            "unit_name",
            "phone",
            "money_unit",
            "goal_expected",
            "goal_actual",
            "low_score_label",
            "low_score_explanation",
        ):
            out[name] = getattr(se, name)
        out["budget_lines"] = [
            {
                "name": b.name,
                "initial_raw": b.initial_raw,
                "adjusted_raw": b.adjusted_raw,
                "executed_raw": b.executed_raw,
                "weight_raw": b.weight_raw,
                "rate_raw": b.rate_raw,
                "score_raw": b.score_raw,
            }
            for b in se.budget_lines.order_by("position", "id")
        ]
        out["indicators"] = [_self_indicator(i) for i in se.indicator_results.order_by("position", "id")]
    return out


def _problems(raw: str, role: str) -> tuple[Any, list[str]]:
    """Parse a 指标值 / 实际完成值 with the core grammar: (encoded value, Chinese problem messages)."""
    from jixiao.findings import make_finding
    from jixiao.model.source import Source

    parsed = parse_target(raw, role=role)
    messages = [make_finding(p.code, Source("<api>"), **p.params).message for p in parsed.problems]
    return codec.encode(parsed.value), messages


# -- schemas ----------------------------------------------------------------------------------


class ErrorOut(Schema):
    ok: bool = False
    error: str
    errors: list[str]
    status: int


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


class SelfEvaluationUpdate(Schema):
    version: int
    phone: Annotated[str, Field(max_length=64)] | None = None
    goal_expected: TEXT | None = None
    goal_actual: TEXT | None = None
    low_score_explanation: TEXT | None = None


class SelfIndicatorIn(Schema):
    version: int = Field(..., description="所属自评表读取时的版本号")
    actual_raw: Annotated[str, Field(max_length=500)] | None = None
    score_raw: Annotated[str, Field(max_length=50)] | None = None
    deviation: TEXT | None = None


class TransitionIn(Schema):
    version: int | None = Field(None, description="读取时的版本号；省略则不做版本校验以外的检查")
    reason: Annotated[str, Field(max_length=2000)] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _provided(payload: Schema, exclude: tuple[str, ...] = ("version",)) -> dict[str, Any]:
    return {k: getattr(payload, k) for k in payload.model_fields_set if k not in exclude}


# -- who am I, organisations ------------------------------------------------------------------


@api.get("/me", tags=["账户"], summary="当前用户与角色")
def me(request: HttpRequest):
    user = _user(request)
    if not user.is_authenticated:
        return {"authenticated": False, "username": None, "role": None, "organisation": None}
    profile = permissions.profile_of(user)
    return {
        "authenticated": True,
        "username": user.get_username(),
        "is_superuser": user.is_superuser,
        "role": profile.role if profile else None,
        "role_label": profile.get_role_display() if profile else None,
        "organisation": _org(profile.organisation) if profile else None,
        "assigned_projects": [p.id for p in permissions.assigned_projects(user)],
    }


@api.get("/organisations", tags=["组织"], summary="组织（财政局 → 主管部门 → 预算单位）")
def organisations(request: HttpRequest):
    return [_org(o) for o in m.Organisation.objects.order_by("kind", "code", "name", "id")]


# -- projects and indicators ------------------------------------------------------------------


@api.get("/projects", tags=["项目绩效目标"], summary="项目列表（仅本人可见的）")
def list_projects(
    request: HttpRequest,
    year: int | None = None,
    unit: str | None = None,
    status: str | None = None,
    limit: int = 200,
    offset: int = 0,
):
    user = _user(request)
    qs = permissions.visible(user, m.Project.objects.select_related("unit"))
    if year is not None:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(unit__code=unit) | qs.filter(unit__name=unit)
    if status:
        qs = qs.filter(status=status)
    start, size = _limit(limit, offset)
    rows = qs.order_by("year", "unit__code", "number", "id")[start : start + size]
    return {"count": qs.count(), "results": [_project(user, p) for p in rows]}


@api.get(
    "/projects/{pk}",
    tags=["项目绩效目标"],
    summary="项目详情（含指标、资金支出计划）",
    response={200: dict, **ERRORS},
)
def get_project(request: HttpRequest, pk: int):
    user = _user(request)
    return _project(user, _get(m.Project, user, pk), detail=True)


@api.put(
    "/projects/{pk}",
    tags=["项目绩效目标"],
    summary="修改项目（带版本号）",
    response={200: dict, **ERRORS},
)
def update_project(request: HttpRequest, pk: int, payload: ProjectUpdate):
    user = _user(request)
    project = _get(m.Project, user, pk)
    _require_edit(user, project)
    fields = _provided(payload)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ApiError(422, "项目名称不能为空。")
    if "money_unit" in fields and not fields["money_unit"]:
        fields["money_unit"] = "万元"
    audit.save_with_version(project, payload.version, user=user, **fields)
    return _project(user, project, detail=True)


@api.get(
    "/projects/{pk}/indicators",
    tags=["指标"],
    summary="项目的绩效指标",
    response={200: list, **ERRORS},
)
def list_indicators(request: HttpRequest, pk: int):
    project = _get(m.Project, _user(request), pk)
    return [_indicator(i) for i in project.indicators.order_by("position", "id")]


INDICATOR_FIELDS = ("level1", "level2", "name", "description", "target_raw", "basis")


def _indicator_change(project: m.Project, ind: m.Indicator, before: dict, after: dict) -> tuple[dict, dict]:
    prefix = f"indicators.{ind.id}."
    return {prefix + k: v for k, v in before.items()}, {prefix + k: v for k, v in after.items()}


@api.post(
    "/projects/{pk}/indicators",
    tags=["指标"],
    summary="新增指标",
    response={201: dict, **ERRORS},
)
def create_indicator(request: HttpRequest, pk: int, payload: IndicatorIn):
    user = _user(request)
    project = _get(m.Project, user, pk)
    _require_edit(user, project)
    fields = {k: v or "" for k, v in _provided(payload).items()}
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
            ind.target, problems = _problems(ind.target_raw, "target")
        ind.save()
        after = audit.snapshot_fields(ind, list(INDICATOR_FIELDS))
        before, after = _indicator_change(project, ind, {}, after)
        audit.record_change(user, project, before, after, action="create")
    return Status(201, {**_indicator(ind), "problems": problems, "project_version": project.version})


@api.put(
    "/indicators/{pk}",
    tags=["指标"],
    summary="修改指标（带所属项目的版本号）",
    response={200: dict, **ERRORS},
)
def update_indicator(request: HttpRequest, pk: int, payload: IndicatorIn):
    user = _user(request)
    ind = m.Indicator.objects.filter(pk=pk).select_related("project").first()
    if ind is None:
        raise ApiError(404, "未找到该记录。")
    project = _get(m.Project, user, ind.project_id)
    _require_edit(user, project)
    fields = _provided(payload)
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
            ind.target, problems = _problems(ind.target_raw, "target")
        ind.save()
        before, after = _indicator_change(project, ind, before, audit.snapshot_fields(ind, list(fields)))
        audit.record_change(user, project, before, after)
    return {**_indicator(ind), "problems": problems, "project_version": project.version}


@api.delete(
    "/indicators/{pk}",
    tags=["指标"],
    summary="删除指标（version：所属项目的版本号）",
    response={200: dict, **ERRORS},
)
def delete_indicator(request: HttpRequest, pk: int, version: int):
    user = _user(request)
    ind = m.Indicator.objects.filter(pk=pk).first()
    if ind is None:
        raise ApiError(404, "未找到该记录。")
    project = _get(m.Project, user, ind.project_id)
    _require_edit(user, project)
    with transaction.atomic():
        audit.save_with_version(project, version)
        before, after = _indicator_change(project, ind, audit.snapshot_fields(ind, list(INDICATOR_FIELDS)), {})
        ind.delete()
        audit.record_change(user, project, before, after, action="edit")
    return {"ok": True, "project_version": project.version}


# -- self-evaluations -------------------------------------------------------------------------


@api.get("/self-evaluations", tags=["绩效自评"], summary="自评表列表")
def list_self_evaluations(
    request: HttpRequest, year: int | None = None, status: str | None = None, limit: int = 200, offset: int = 0
):
    user = _user(request)
    qs = permissions.visible(user, m.SelfEvaluation.objects.select_related("unit"))
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    start, size = _limit(limit, offset)
    rows = qs.order_by("-year", "unit__code", "position", "id")[start : start + size]
    return {"count": qs.count(), "results": [_self_evaluation(user, se) for se in rows]}


@api.get(
    "/self-evaluations/{pk}",
    tags=["绩效自评"],
    summary="自评表详情",
    response={200: dict, **ERRORS},
)
def get_self_evaluation(request: HttpRequest, pk: int):
    user = _user(request)
    return _self_evaluation(user, _get(m.SelfEvaluation, user, pk), detail=True)


@api.put(
    "/self-evaluations/{pk}",
    tags=["绩效自评"],
    summary="修改自评表（带版本号）",
    response={200: dict, **ERRORS},
)
def update_self_evaluation(request: HttpRequest, pk: int, payload: SelfEvaluationUpdate):
    user = _user(request)
    se = _get(m.SelfEvaluation, user, pk)
    _require_edit(user, se)
    audit.save_with_version(se, payload.version, user=user, **_provided(payload))
    return _self_evaluation(user, se, detail=True)


@api.put(
    "/self-evaluations/{pk}/indicators/{item}",
    tags=["绩效自评"],
    summary="填写自评指标的实际完成值、得分、偏差原因",
    response={200: dict, **ERRORS},
)
def update_self_indicator(request: HttpRequest, pk: int, item: int, payload: SelfIndicatorIn):
    user = _user(request)
    se = _get(m.SelfEvaluation, user, pk)
    _require_edit(user, se)
    row = se.indicator_results.filter(pk=item).first()
    if row is None:
        raise ApiError(404, "未找到该指标。")
    fields = _provided(payload)
    problems: list[str] = []
    score_text = (fields.get("score_raw") or "").strip()
    if score_text and parse_decimal(score_text) is None:
        raise ApiError(422, f"得分“{fields['score_raw']}”不是有效的数字。")
    with transaction.atomic():
        audit.save_with_version(se, payload.version)
        before = audit.snapshot_fields(row, list(fields))
        for k, v in fields.items():
            setattr(row, k, v if v is not None or k in ("score_raw", "deviation") else "")
        if "actual_raw" in fields:
            row.actual, problems = _problems(row.actual_raw, "actual")
        if "score_raw" in fields:
            row.score_value = parse_decimal(row.score_raw.strip()) if row.score_raw else None
        row.save()
        prefix = f"indicator_results.{row.id}."
        after = audit.snapshot_fields(row, list(fields))
        audit.record_change(
            user, se, {prefix + k: v for k, v in before.items()}, {prefix + k: v for k, v in after.items()}
        )
    return {**_self_indicator(row), "problems": problems, "version": se.version}


@api.get(
    "/self-evaluations/{pk}/score",
    tags=["绩效自评"],
    summary="按评分方案计算自评得分（核心引擎）",
    response={200: dict, **ERRORS},
)
def score_self_evaluation(request: HttpRequest, pk: int, scheme: str = DEFAULT_SELF_SCHEME):
    from jixiao.rules.schemefile import SchemeError
    from jixiao.rules.score_self import score_self_evaluation as score
    from jixiao.web.store.mapping import selfeval_to_model

    se = _get(m.SelfEvaluation, _user(request), pk)
    if "/" in scheme or "\\" in scheme or scheme.startswith("."):
        raise ApiError(400, "评分方案只能按名称指定。")
    try:
        return score(selfeval_to_model(se), scheme).to_dict()
    except (SchemeError, FileNotFoundError, KeyError, ValueError) as e:
        raise ApiError(400, f"评分方案“{scheme}”无法使用：{e}") from e


# -- evaluations ------------------------------------------------------------------------------


@api.get("/evaluations", tags=["评价报告"], summary="评价报告列表")
def list_evaluations(request: HttpRequest):
    user = _user(request)
    qs = permissions.visible(user, m.Evaluation.objects.all()).order_by("-year", "position", "id")
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "title": e.title,
            "year": e.year,
            "project_name": e.project_name,
            "evaluated_unit": _org(e.evaluated_unit),
            "score": _dec(e.score),
            "grade": e.grade,
        }
        for e in qs
    ]


@api.get(
    "/evaluations/{pk}",
    tags=["评价报告"],
    summary="评价报告（内容与核心评分）",
    response={200: dict, **ERRORS},
)
def get_evaluation(request: HttpRequest, pk: int):
    from jixiao.rules.score_evaluation import score_evaluation
    from jixiao.serialize import jsonable
    from jixiao.web.store.mapping import evaluation_to_model

    user = _user(request)
    e = _get(m.Evaluation, user, pk)
    model = evaluation_to_model(e)
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "year": e.year,
        "score": _dec(e.score),
        "grade": e.grade,
        "can_evaluate": permissions.can_evaluate(user, e),
        "report": jsonable(model),
        "computed": score_evaluation(model).to_dict(),
    }


# -- workflow and audit -----------------------------------------------------------------------

KINDS = {"projects": m.Project, "self-evaluations": m.SelfEvaluation}


def _kind(kind: str) -> type:
    if kind not in KINDS:
        raise ApiError(404, f"未知的记录类型“{kind}”（projects 或 self-evaluations）。")
    return KINDS[kind]


@api.post(
    "/{kind}/{pk}/transitions/{action}",
    tags=["审核流程"],
    summary="流程操作：submit 提交、return 退回（须填理由）、approve 审核通过、publish 公开",
    response={200: dict, **ERRORS},
)
def do_transition(request: HttpRequest, kind: str, pk: int, action: str, payload: TransitionIn):
    user = _user(request)
    obj = _get(_kind(kind), user, pk)
    _require_login(user)
    states.transition(user, obj, action, reason=payload.reason, seen_version=payload.version)
    return _project(user, obj) if isinstance(obj, m.Project) else _self_evaluation(user, obj)


@api.get(
    "/{kind}/{pk}/audit",
    tags=["审核流程"],
    summary="操作记录（谁、何时、改了什么、理由）",
    response={200: list, **ERRORS},
)
def audit_entries(request: HttpRequest, kind: str, pk: int):
    obj = _get(_kind(kind), _user(request), pk)
    return [
        {
            "when": e.when.isoformat(),
            "user": e.user.get_username() if e.user else None,
            "action": e.action,
            "action_label": audit.ACTION_LABELS.get(e.action, e.action),
            "changes": e.changes,
            "reason": e.reason,
        }
        for e in audit.entries_for(obj)
    ]


# -- parse, score, check an upload ------------------------------------------------------------


def _read_upload(request: HttpRequest, file: UploadedFile):
    _require_login(_user(request))
    validate_upload(file)
    name = PurePath(file.name or "upload.txt").name
    file.seek(0)
    # read from memory under the uploaded file's own name: no server path is ever written or echoed
    return read_bytes(file.read(), name)


@api.post(
    "/parse",
    tags=["读取、评分、检查"],
    summary="读取上传的文件（同 jixiao parse --json）",
    response={200: dict, **ERRORS},
)
def parse_upload(request: HttpRequest, file: File[UploadedFile]):
    from jixiao.findings import summarize
    from jixiao.serialize import document_dict, jsonable

    doc = _read_upload(request, file)
    return {"documents": [jsonable(document_dict(doc))], "summary": summarize(list(doc.findings))}


@api.post(
    "/score",
    tags=["读取、评分、检查"],
    summary="评分上传的文件（同 jixiao score --json）",
    response={200: dict, **ERRORS},
)
def score_upload(request: HttpRequest, file: File[UploadedFile]):
    from jixiao.rules.score_evaluation import score_evaluation
    from jixiao.rules.score_self import score_self_evaluations

    doc = _read_upload(request, file)
    results = []
    if doc.accounts is not None:
        results.extend(score_self_evaluations(doc.accounts))
        results.extend(score_evaluation(e) for e in doc.accounts.evaluations)
    return {"evaluations": [r.to_dict() for r in results]}


@api.post(
    "/check",
    tags=["读取、评分、检查"],
    summary="检查上传的文件（同 jixiao check --json）",
    response={200: dict, **ERRORS},
)
def check_upload(request: HttpRequest, file: File[UploadedFile]):
    from jixiao.checks import run_checks

    doc = _read_upload(request, file)
    report = run_checks([doc])
    findings = sorted(report.findings, key=lambda f: (f.source.path, f.source.line or 0, f.source.column or 0))
    return {"findings": [f.to_dict() for f in findings], "summary": report.summary}


# -- monitoring (jixiao.web.monitoring): /api/monitoring ----------------------------------------

from jixiao.web.monitoring.api import router as monitoring_router  # noqa: E402

api.add_router("/monitoring", monitoring_router)

# -- rectification and result application (jixiao.web.rectification): /api/rectification -------

from jixiao.web.rectification.api import router as rectification_router  # noqa: E402

api.add_router("/rectification", rectification_router)
