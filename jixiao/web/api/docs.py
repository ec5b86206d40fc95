"""Swagger UI without a CDN.

ninja renders its docs page with the bundled Swagger UI only when ``ninja`` is in
``INSTALLED_APPS`` (otherwise it loads Swagger UI from a CDN). Rather than depend on that, the
page is rendered from our own template and the three Swagger UI files that ship inside the
ninja package are served by :func:`asset` at ``/api/docs/assets/<name>`` (a fixed whitelist, read
from the installed package, cached by the browser).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    settings: dict[str, Any] = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        context = {
            "api": api,
            "swagger_settings": json.dumps({**self.settings, "url": self.get_openapi_url(api, kwargs)}),
            **{
                name.split(".")[0].replace("-", "_") + "_" + name.split(".")[-1]: reverse("api-docs-asset", args=[name])
                for name in ASSETS
            },
        }
        return render(request, "api/swagger.html", context)


def asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in ASSETS:
        raise Http404("未找到该文件")
    path = NINJA_STATIC / name
    if not path.is_file():
        raise Http404("未找到该文件")
    response = FileResponse(path.open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
