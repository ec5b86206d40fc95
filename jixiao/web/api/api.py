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

Here: authentication, the API object, who am I, organisations, evaluations, workflow and audit,
uploads. Projects and indicators are :mod:`.projects`, self-evaluations :mod:`.self_evaluations`
(routers mounted in :mod:`.urls`, paths and operation ids unchanged); their shared helpers and
schemas are :mod:`.common`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja import File
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from jixiao.ingest import read_bytes
from jixiao.web.api import errors
from jixiao.web.api.common import (
    ERRORS,
    TransitionIn,
    current_user,
    dec_text,
    org_dict,
    project_dict,
    require_login,
    self_evaluation_dict,
    visible_or_404,
)
from jixiao.web.api.department_targets import targets_dict
from jixiao.web.api.docs import CachedSchemaAPI, LocalSwagger
from jixiao.web.api.errors import ApiError
from jixiao.web.api.models import Token
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, states
from jixiao.web.workflow.uploads import validate_upload

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
TOKEN_USE_GRANULARITY = timedelta(minutes=5)  # how precisely Token.last_used is kept


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


api = CachedSchemaAPI(
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


# -- who am I, organisations ------------------------------------------------------------------


@api.get("/me", tags=["账户"], summary="当前用户与角色")
def me(request: HttpRequest):
    user = current_user(request)
    if not user.is_authenticated:
        return {"authenticated": False, "username": None, "role": None, "organisation": None}
    profile = permissions.profile_of(user)
    return {
        "authenticated": True,
        "username": user.get_username(),
        "is_superuser": user.is_superuser,
        "role": profile.role if profile else None,
        "role_label": profile.get_role_display() if profile else None,
        "organisation": org_dict(profile.organisation) if profile else None,
        "assigned_projects": [p.id for p in permissions.assigned_projects(user)],
    }


@api.get("/organisations", tags=["组织"], summary="组织（财政局 → 主管部门 → 预算单位）")
def organisations(request: HttpRequest):
    return [org_dict(o) for o in m.Organisation.objects.order_by("kind", "code", "name", "id")]


# -- evaluations ------------------------------------------------------------------------------


@api.get("/evaluations", tags=["评价报告"], summary="评价报告列表")
def list_evaluations(request: HttpRequest):
    user = current_user(request)
    qs = permissions.visible(user, m.Evaluation.objects.all()).order_by("-year", "position", "id")
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "title": e.title,
            "year": e.year,
            "project_name": e.project_name,
            "evaluated_unit": org_dict(e.evaluated_unit),
            "score": dec_text(e.score),
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

    user = current_user(request)
    e = visible_or_404(m.Evaluation, user, pk)
    model = evaluation_to_model(e)
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "year": e.year,
        "score": dec_text(e.score),
        "grade": e.grade,
        "can_evaluate": permissions.can_evaluate(user, e),
        "report": jsonable(model),
        "computed": score_evaluation(model).to_dict(),
    }


# -- workflow and audit -----------------------------------------------------------------------

# 部门整体 self-evaluations are self-evaluations: the same workflow (submission waits for the
# explanations the rules require, jixiao.web.pages.department_selfeval.submit_problems)
# 部门整体 targets go through the projects' workflow (jixiao.web.workflow.states)
KINDS = {
    "projects": m.Project, "self-evaluations": m.SelfEvaluation, "department-self-evaluations": m.SelfEvaluation,
    "department-targets": m.DepartmentTargets,
}  # fmt: skip
# other apps' records in the same workflow answer with their own detail (registered with their routers)
DETAILS: dict[type, Any] = {}


def _kind(kind: str) -> type:
    if kind not in KINDS:
        raise ApiError(404, f"未知的记录类型“{kind}”（{'、'.join(KINDS)}）。")
    return KINDS[kind]


@api.post(
    "/{kind}/{pk}/transitions/{action}",
    tags=["审核流程"],
    summary="流程操作：submit 提交、return 退回（须填理由）、approve 审核通过、publish 公开",
    response={200: dict, **ERRORS},
)
def do_transition(request: HttpRequest, kind: str, pk: int, action: str, payload: TransitionIn):
    user = current_user(request)
    obj = visible_or_404(_kind(kind), user, pk)
    require_login(user)
    states.transition(user, obj, action, reason=payload.reason, seen_version=payload.version)
    if type(obj) in DETAILS:
        return DETAILS[type(obj)](user, obj)
    if isinstance(obj, m.DepartmentTargets):
        return targets_dict(user, obj)
    return project_dict(user, obj) if isinstance(obj, m.Project) else self_evaluation_dict(user, obj)


@api.get(
    "/{kind}/{pk}/audit",
    tags=["审核流程"],
    summary="操作记录（谁、何时、改了什么、理由）",
    response={200: list, **ERRORS},
)
def audit_entries(request: HttpRequest, kind: str, pk: int):
    obj = visible_or_404(_kind(kind), current_user(request), pk)
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
    require_login(current_user(request))
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

from jixiao.web.monitoring.department_api import Report as department_monitoring_model  # noqa: E402
from jixiao.web.monitoring.department_api import detail as department_monitoring_detail  # noqa: E402
from jixiao.web.monitoring.department_api import router as department_monitoring_router  # noqa: E402

api.add_router("/department-monitoring", department_monitoring_router)
KINDS["department-monitoring"] = department_monitoring_model  # transitions and audit by the routes above
DETAILS[department_monitoring_model] = department_monitoring_detail

# -- rectification and result application (jixiao.web.rectification): /api/rectification -------

from jixiao.web.rectification.api import router as rectification_router  # noqa: E402

api.add_router("/rectification", rectification_router)

# -- evidence files of measurements and problems (jixiao.web.attachments): /api/evidence ---------

from jixiao.web.attachments.api import router as evidence_router  # noqa: E402

api.add_router("/evidence", evidence_router)
