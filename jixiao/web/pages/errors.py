"""Error pages in Chinese, inside the site's layout, with the reason and a way back.

- 403: an anonymous visitor is sent to the login page (and back afterwards); a logged-in user
  sees why (the Chinese reason the permission check gave) and links back;
- 404 and 500: what happened and where to go;
- a CSRF failure (a form left open too long, or a cookie removed): say so, and offer to reload;
- an htmx request that meets an expired session or a CSRF failure is answered with
  ``HX-Redirect`` to the login page (or ``HX-Refresh``), so htmx never pastes the login page
  into a button area (:class:`HtmxSessionMiddleware`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string

GENERIC_403 = "您没有查看或操作此内容的权限。"


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _back(request: HttpRequest) -> str:
    """Where "返回" goes: the page the visitor came from on this site, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    parsed = urlparse(referer)
    if referer and parsed.netloc in ("", request.get_host()) and parsed.path != request.path:
        return referer
    return resolve_url("pages:home")


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"title": title, "message": message, "back": _back(request), "status": status}
    return render(request, "pages/error.html", context, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not request.user.is_authenticated:
        if getattr(request, "htmx", False):
            return _hx_to_login(request)
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    reason = str(exception or "")
    return _page(request, 403, "没有权限", reason if _is_chinese(reason) else GENERIC_403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception or "")
    message = reason if _is_chinese(reason) else "找不到这个页面：链接可能已过期，或内容已被删除。"
    return _page(request, 404, "页面不存在", message)


def server_error(request: HttpRequest) -> HttpResponse:
    # no template context processors that might fail again: a plain render of the error page
    html = render_to_string(
        "pages/error.html",
        {"title": "服务器出错", "message": "处理请求时出现意外错误，已记录。请稍后再试，或联系系统管理员。",
         "back": "/", "status": 500},
    )  # fmt: skip
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=403)
        response["HX-Refresh"] = "true"  # reload the page: a fresh form with a fresh token
        return response
    message = "页面已过期或安全校验未通过（可能打开太久或浏览器禁用了Cookie）。请刷新页面后重新提交。"
    return _page(request, 403, "请刷新后重试", message)


def _hx_to_login(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=204)
    page = request.headers.get("HX-Current-URL") or request.get_full_path()
    path = urlparse(page).path or "/"
    response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?next={path}"
    return response


class HtmxSessionMiddleware:
    """An htmx request redirected to the login page (session expired) becomes ``HX-Redirect``:
    the whole page goes to the login form instead of the login form going into a fragment."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302):
            login = resolve_url(settings.LOGIN_URL)
            if urlparse(response.get("Location", "")).path == login:
                return _hx_to_login(request)
        return response
