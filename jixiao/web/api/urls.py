"""``/api/``: the ninja API, the local Swagger UI assets, and a JSON 404 for unknown API paths."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from jixiao.web.api import docs
from jixiao.web.api.api import api
from jixiao.web.api.department_self_evaluations import router as department_self_evaluations_router
from jixiao.web.api.department_targets import router as department_targets_router
from jixiao.web.api.errors import json_error
from jixiao.web.api.projects import router as projects_router
from jixiao.web.api.self_evaluations import router as self_evaluations_router
from jixiao.web.api.year_end import router as year_end_router
from jixiao.web.evaluations.api import router as evaluation_work_router
from jixiao.web.review.api import router as review_router

api.add_router("", projects_router)  # /projects, /projects/{pk}/indicators, /indicators/{pk}
api.add_router("", self_evaluations_router)  # /self-evaluations
api.add_router("", department_self_evaluations_router)  # /department-self-evaluations (部门整体)
api.add_router("", department_targets_router)  # /department-targets (部门整体绩效目标)
api.add_router("", year_end_router)  # /sampling (自评抽查), /disclosure-entries (决算公开补充数据)
api.add_router("/evaluation-work", evaluation_work_router)  # the evaluator's workspace
api.add_router("/review", review_router)  # target review, 批复 and the indicator library


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return json_error(404, f"接口不存在：{request.path}")


urlpatterns = [
    path("docs/assets/<str:name>", docs.asset, name="api-docs-asset"),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
