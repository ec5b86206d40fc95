"""One error shape for the whole API, in Chinese::

    {"ok": false, "error": "主要信息", "errors": ["每一条问题", …], "status": 4xx}

Pydantic / ninja validation errors are translated field by field (``_PYDANTIC``), with the
field's Chinese label when known.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from jixiao.web.workflow.audit import Conflict
from jixiao.web.workflow.states import TransitionError

log = logging.getLogger(__name__)

LOGIN_REQUIRED = "请先登录，或在请求头中提供有效的令牌（Authorization: Bearer <令牌>）。"
FIELD_LABELS = {
    "version": "版本",
    "name": "名称",
    "code": "项目编码",
    "budget": "预算数",
    "fiscal_funds": "财政资金",
    "other_funds": "其他资金",
    "purpose": "资金用途",
    "goal": "绩效目标",
    "money_unit": "金额单位",
    "level1": "一级指标",
    "level2": "二级指标",
    "description": "绩效指标描述",
    "target_raw": "指标值",
    "basis": "指标值确定依据",
    "actual_raw": "实际完成值",
    "deviation": "偏差原因分析及改进措施",
    "score_raw": "得分",
    "phone": "联系电话",
    "goal_expected": "年初预期目标",
    "goal_actual": "目标实际完成情况",
    "low_score_explanation": "低分原因及措施",
    "reason": "理由",
    "file": "文件",
    "limit": "条数",
    "offset": "起始位置",
    "year": "年度",
    "scheme": "评分方案",
}
_PYDANTIC = {
    "missing": "缺少必填项",
    "decimal_parsing": "不是有效的数字",
    "decimal_type": "不是有效的数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数部分位数过多",
    "int_parsing": "不是有效的整数",
    "int_type": "不是有效的整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本",
    "string_too_long": "文本过长",
    "string_too_short": "不能为空",
    "bool_parsing": "应为是/否",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "model_attributes_type": "请求内容应为 JSON 对象",
    "dict_type": "请求内容应为 JSON 对象",
    "json_invalid": "请求内容不是有效的 JSON",
    "extra_forbidden": "不允许的字段",
    "value_error": "取值无效",
    "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[str] | None = None):
        self.status, self.message, self.errors = status, message, errors or [message]
        super().__init__(message)


def payload(status: int, message: str, errors: list[str] | None = None) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": list(errors or [message]), "status": status}


def json_error(status: int, message: str, errors: list[str] | None = None) -> JsonResponse:
    return JsonResponse(payload(status, message, errors), status=status, json_dumps_params={"ensure_ascii": False})


def _location(loc: Any) -> str:
    parts: list[str] = []
    for p in loc or ():
        if str(p) not in ("body", "payload", "query", "path", "form", "data") and (not parts or parts[-1] != str(p)):
            parts.append(str(p))
    return "．".join(FIELD_LABELS.get(p, p) for p in parts)


def translate_validation(errors: list[dict[str, Any]]) -> list[str]:
    out = []
    for e in errors:
        kind = str(e.get("type", ""))
        text = _PYDANTIC.get(kind)
        if text is None and kind.startswith("value_error"):
            text = str(e.get("msg", "")).removeprefix("Value error, ") or "取值无效"
        if text is None:
            text = "取值无效"
        where = _location(e.get("loc"))
        out.append(f"{where}：{text}" if where else text)
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every error into the one JSON shape."""

    def respond(request: HttpRequest, status: int, message: str, errors: list[str] | None = None) -> HttpResponse:
        return api.create_response(request, payload(status, message, errors), status=status)

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.message, exc.errors)

    @api.exception_handler(NinjaValidationError)
    def _validation(request, exc: NinjaValidationError):
        errors = translate_validation(list(exc.errors))
        return respond(request, 422, "提交的数据有误：" + "；".join(errors), errors)

    @api.exception_handler(AuthenticationError)
    def _auth(request, exc):
        return respond(request, 401, LOGIN_REQUIRED)

    @api.exception_handler(HttpError)
    def _http(request, exc: HttpError):
        message = str(exc)
        if exc.status_code == 403 and "CSRF" in message:
            message = "CSRF 校验失败：请刷新页面后重试（使用令牌访问时无需 CSRF）。"
        return respond(request, exc.status_code, message)

    @api.exception_handler(Http404)
    def _404(request, exc):
        return respond(request, 404, "未找到该记录。")

    @api.exception_handler(PermissionDenied)
    def _403(request, exc):
        return respond(request, 403, str(exc) or "您无权执行此操作。")

    @api.exception_handler(Conflict)
    def _409(request, exc: Conflict):
        return respond(request, 409, exc.message)

    @api.exception_handler(TransitionError)
    def _transition(request, exc: TransitionError):
        return respond(request, exc.status, exc.message)

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request, exc: DjangoValidationError):
        errors = [str(m) for m in exc.messages]
        return respond(request, 400, "；".join(errors), errors)

    @api.exception_handler(Exception)
    def _500(request, exc):
        log.exception("API error")
        return respond(request, 500, "服务器内部错误，请稍后再试或联系管理员。")
