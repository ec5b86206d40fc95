"""URL map. The other web parts are mounted when their package exists:

- ``jixiao.web.api.urls`` at ``/api/``;
- ``jixiao.web.workflow.urls`` at ``/workflow/``;
- ``jixiao.web.pages.urls`` at ``/`` (its ``""`` route replaces the fallback home page,
  its ``accounts/login/`` replaces the fallback login page).

The admin is at ``/admin/``; the fallbacks below come last so that the apps win.
"""

from __future__ import annotations

import importlib.util

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jixiao.web import views

MOUNTS = [
    ("jixiao.web.api.urls", "api/"),
    ("jixiao.web.workflow.urls", "workflow/"),
    ("jixiao.web.monitoring.urls", "monitoring/"),
    ("jixiao.web.pages.urls", ""),
]


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


urlpatterns = [path("admin/", admin.site.urls)]
urlpatterns += [path(prefix, include(module)) for module, prefix in MOUNTS if _exists(module)]
urlpatterns += [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="jixiao_web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
]

admin.site.site_header = "jixiao 绩效 管理"
admin.site.site_title = "jixiao 绩效"
admin.site.index_title = "数据管理"
