"""What the JSON API's endpoint modules share (:mod:`jixiao.web.api.api` and its routers): the
caller and the permission checks, the records as JSON, the common schemas and error responses."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Field, Schema

from jixiao.grammar import parse_target
from jixiao.model import codec
from jixiao.numbers import plain
from jixiao.web.api import errors
from jixiao.web.api.errors import ApiError
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions, states

MONEY = Annotated[Decimal, Field(max_digits=18, decimal_places=6)]
TEXT = Annotated[str, Field(max_length=5000)]
SHORT = Annotated[str, Field(max_length=300)]


def current_user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or AnonymousUser()


def require_login(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ApiError(401, errors.LOGIN_REQUIRED)


def visible_or_404(model: type, user: Any, pk: int) -> Any:
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ApiError(404, "未找到该记录。")
    if not permissions.can_view(user, obj):
        if not getattr(user, "is_authenticated", False):
            raise ApiError(401, "该记录尚未公开，请先登录。")
        raise ApiError(404, "未找到该记录，或您无权查看。")
    return obj


def require_edit(user: Any, obj: Any) -> None:
    if permissions.can_edit(user, obj):
        return
    if obj.status not in permissions.EDITABLE_STATUSES and permissions.role_of(user) == m.Role.UNIT_CLERK:
        raise ApiError(403, f"该记录当前状态为“{m.Status(obj.status).label}”，已提交的记录不能修改。")
    raise ApiError(403, "您无权修改该记录。")


def page_window(limit: int, offset: int) -> tuple[int, int]:
    return max(0, offset), min(max(1, limit), 1000)


# -- serialisation ----------------------------------------------------------------------------


def dec_text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def org_dict(org: m.Organisation | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"id": org.id, "kind": org.kind, "code": org.code, "name": org.name, "parent_id": org.parent_id}


def workflow_dict(user: Any, obj: Any) -> dict[str, Any]:
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


def indicator_dict(i: m.Indicator) -> dict[str, Any]:
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


def project_dict(user: Any, p: m.Project, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": p.id,
        "year": p.year,
        "unit": org_dict(p.unit),
        "number": p.number,
        "code": p.code,
        "name": p.name,
        "money_unit": p.money_unit,
        "budget": dec_text(p.budget),
        "fiscal_funds": dec_text(p.fiscal_funds),
        "other_funds": dec_text(p.other_funds),
        **workflow_dict(user, p),
    }
    if detail:
        out["purpose"] = p.purpose
        out["goal"] = p.goal
        out["title"] = p.title
        out["indicators"] = [indicator_dict(i) for i in p.indicators.order_by("position", "id")]
        out["plan_points"] = [
            {"label": pp.label, "month": pp.month, "amount": dec_text(pp.amount), "raw": pp.raw}
            for pp in p.plan_points.order_by("position", "id")
        ]
    return out


def self_indicator_dict(i: m.SelfEvalIndicator) -> dict[str, Any]:
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


def self_evaluation_dict(user: Any, se: m.SelfEvaluation, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": se.id,
        "year": se.year,
        "unit": org_dict(se.unit),
        "project_id": se.project_id,
        "project_name": se.project_name,
        "department_wide": se.department_wide,
        "total_raw": se.total_raw,
        "total_value": dec_text(se.total_value),
        **workflow_dict(user, se),
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
        out["indicators"] = [self_indicator_dict(i) for i in se.indicator_results.order_by("position", "id")]
    return out


def target_problems(raw: str, role: str) -> tuple[Any, list[str]]:
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


class TransitionIn(Schema):
    version: int | None = Field(None, description="读取时的版本号；省略则不做版本校验以外的检查")
    reason: Annotated[str, Field(max_length=2000)] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def provided_fields(payload: Schema, exclude: tuple[str, ...] = ("version",)) -> dict[str, Any]:
    return {k: getattr(payload, k) for k in payload.model_fields_set if k not in exclude}
