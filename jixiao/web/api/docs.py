"""Swagger UI without a CDN.

ninja renders its docs page with the bundled Swagger UI only when ``ninja`` is in
``INSTALLED_APPS`` (otherwise it loads Swagger UI from a CDN). Rather than depend on that, the
page is rendered from our own template and the three Swagger UI files that ship inside the
ninja package are served by :func:`asset` at ``/api/docs/assets/<name>`` (a fixed whitelist, read
from the installed package once, kept in memory with a gzip copy, cached by the browser).

The OpenAPI schema is built once per server process (:class:`CachedSchemaAPI`; ninja would rebuild
it on every request to ``/api/openapi.json``, ~0.5 s on the demo) and warmed when the WSGI
application loads (:func:`warm`), so the docs page is readable at once.
"""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path
from typing import Any

import ninja
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    # no Models section and the operations listed by tag, folded: Swagger UI then draws a page in ~0.3 s
    # instead of several seconds for every schema and operation of the API
    settings: dict[str, Any] = {
        "layout": "BaseLayout", "deepLinking": True, "defaultModelsExpandDepth": -1, "docExpansion": "none",
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)  # cached: built once per process
        # the schema goes into the page (no second request) and a plain list of the operations is drawn
        # by the server, readable before Swagger UI has loaded
        settings = json.dumps({**self.settings, "spec": schema}, ensure_ascii=False, default=str)
        context = {
            "api": api,
            "swagger_settings": settings.replace("<", "\\u003c"),
            "index": operation_index(schema),
            "openapi_url": self.get_openapi_url(api, kwargs),
            **{
                name.split(".")[0].replace("-", "_") + "_" + name.split(".")[-1]: reverse("api-docs-asset", args=[name])
                for name in ASSETS
            },
        }
        return render(request, "api/swagger.html", context)


def operation_index(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{"tag": "项目", "operations": [{"method": "GET", "path": "/api/projects", "summary": "…"}]}]``."""
    tags: dict[str, list[dict[str, str]]] = {}
    for path, methods in (schema.get("paths") or {}).items():
        for method, op in methods.items():
            if not isinstance(op, dict):
                continue
            tag = (op.get("tags") or ["其他"])[0]
            summary = op.get("summary") or op.get("operationId") or ""
            tags.setdefault(tag, []).append({"method": method.upper(), "path": path, "summary": summary})
    return [{"tag": tag, "operations": ops} for tag, ops in tags.items()]


class CachedSchemaAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI schema is computed once (per path prefix) and then reused: the
    routes do not change while the server runs."""

    _schema_lock = threading.Lock()

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache: dict[str, Any] = self.__dict__.setdefault("_schema_cache", {})
        if path_prefix not in cache:
            with self._schema_lock:
                if path_prefix not in cache:
                    cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return cache[path_prefix]


def warm() -> None:
    """Build the URL resolver and the API schema now (at start-up) rather than on a first visit."""
    from django.urls import get_resolver

    from jixiao.web.api.api import api

    get_resolver().url_patterns  # noqa: B018 - imports every urls module (and adds the API's routers)
    api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    from django.template.loader import get_template

    for template in ("api/swagger.html", "pages/home.html"):
        get_template(template)
    for name in ASSETS:
        _asset_bytes(name)


_ASSETS_CACHE: dict[str, tuple[bytes, bytes]] = {}


def _asset_bytes(name: str) -> tuple[bytes, bytes]:
    """(plain, gzip) bytes of an asset, read once."""
    if name not in _ASSETS_CACHE:
        path = NINJA_STATIC / name
        if not path.is_file():
            raise Http404("未找到该文件")
        data = path.read_bytes()
        _ASSETS_CACHE[name] = (data, gzip.compress(data, 6, mtime=0))
    return _ASSETS_CACHE[name]


def asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in ASSETS:
        raise Http404("未找到该文件")
    plain, packed = _asset_bytes(name)
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(packed if zipped else plain, content_type=ASSETS[name])
    if zipped:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=86400"
    return response
