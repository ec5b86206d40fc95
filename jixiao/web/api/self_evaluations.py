"""The JSON API's self-evaluations (绩效自评): a router mounted at ``/api/`` by
:mod:`jixiao.web.api.urls`, the paths as they were."""

from __future__ import annotations

from typing import Annotated

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema

from jixiao.ingest.text import parse_decimal
from jixiao.rules.schemes import DEFAULT_SELF_SCHEME
from jixiao.web.api.common import (
    ERRORS,
    TEXT,
    current_user,
    page_window,
    provided_fields,
    require_edit,
    self_evaluation_dict,
    self_indicator_dict,
    target_problems,
    visible_or_404,
)
from jixiao.web.api.errors import ApiError
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

# The operation ids are those the endpoints had in jixiao.web.api.api (ninja's default is the
# module and function name): moving them here changed no client.
router = Router()


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


# -- self-evaluations -------------------------------------------------------------------------


@router.get(
    "/self-evaluations",
    tags=["绩效自评"],
    summary="自评表列表",
    operation_id="jixiao_web_api_api_list_self_evaluations",
)
def list_self_evaluations(
    request: HttpRequest, year: int | None = None, status: str | None = None, limit: int = 200, offset: int = 0
):
    user = current_user(request)
    qs = permissions.visible(user, m.SelfEvaluation.objects.select_related("unit"))
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    start, size = page_window(limit, offset)
    rows = qs.order_by("-year", "unit__code", "position", "id")[start : start + size]
    return {"count": qs.count(), "results": [self_evaluation_dict(user, se) for se in rows]}


@router.get(
    "/self-evaluations/{pk}",
    tags=["绩效自评"],
    summary="自评表详情",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_get_self_evaluation",
)
def get_self_evaluation(request: HttpRequest, pk: int):
    user = current_user(request)
    return self_evaluation_dict(user, visible_or_404(m.SelfEvaluation, user, pk), detail=True)


@router.put(
    "/self-evaluations/{pk}",
    tags=["绩效自评"],
    summary="修改自评表（带版本号）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_update_self_evaluation",
)
def update_self_evaluation(request: HttpRequest, pk: int, payload: SelfEvaluationUpdate):
    user = current_user(request)
    se = visible_or_404(m.SelfEvaluation, user, pk)
    require_edit(user, se)
    audit.save_with_version(se, payload.version, user=user, **provided_fields(payload))
    return self_evaluation_dict(user, se, detail=True)


@router.put(
    "/self-evaluations/{pk}/indicators/{item}",
    tags=["绩效自评"],
    summary="填写自评指标的实际完成值、得分、偏差原因",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_update_self_indicator",
)
def update_self_indicator(request: HttpRequest, pk: int, item: int, payload: SelfIndicatorIn):
    user = current_user(request)
    se = visible_or_404(m.SelfEvaluation, user, pk)
    require_edit(user, se)
    row = se.indicator_results.filter(pk=item).first()
    if row is None:
        raise ApiError(404, "未找到该指标。")
    fields = provided_fields(payload)
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
            row.actual, problems = target_problems(row.actual_raw, "actual")
        if "score_raw" in fields:
            row.score_value = parse_decimal(row.score_raw.strip()) if row.score_raw else None
        row.save()
        prefix = f"indicator_results.{row.id}."
        after = audit.snapshot_fields(row, list(fields))
        audit.record_change(
            user, se, {prefix + k: v for k, v in before.items()}, {prefix + k: v for k, v in after.items()}
        )
    return {**self_indicator_dict(row), "problems": problems, "version": se.version}


@router.get(
    "/self-evaluations/{pk}/score",
    tags=["绩效自评"],
    summary="按评分方案计算自评得分（核心引擎）",
    response={200: dict, **ERRORS},
    operation_id="jixiao_web_api_api_score_self_evaluation",
)
def score_self_evaluation(request: HttpRequest, pk: int, scheme: str = DEFAULT_SELF_SCHEME):
    from jixiao.rules.schemefile import SchemeError
    from jixiao.rules.score_self import score_self_evaluation as score
    from jixiao.web.store.mapping import selfeval_to_model

    se = visible_or_404(m.SelfEvaluation, current_user(request), pk)
    if "/" in scheme or "\\" in scheme or scheme.startswith("."):
        raise ApiError(400, "评分方案只能按名称指定。")
    try:
        return score(selfeval_to_model(se), scheme).to_dict()
    except (SchemeError, FileNotFoundError, KeyError, ValueError) as e:
        raise ApiError(400, f"评分方案“{scheme}”无法使用：{e}") from e
