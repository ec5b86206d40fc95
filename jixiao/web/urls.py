"""URL map: the API at ``/api/``, the workflow actions at ``/workflow/``, monitoring at
``/monitoring/``, the admin at ``/admin/`` and the pages (home, login, logout included) at ``/``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("jixiao.web.api.urls")),
    path("workflow/", include("jixiao.web.workflow.urls")),
    path("monitoring/", include("jixiao.web.monitoring.urls")),
    path("rectification/", include("jixiao.web.rectification.urls")),
    path("evaluation-work/", include("jixiao.web.evaluations.urls")),
    path("review/", include("jixiao.web.review.urls")),
    path("evidence/", include("jixiao.web.attachments.urls")),
    path("", include("jixiao.web.pages.urls")),
]

admin.site.site_header = "jixiao 绩效 管理"
admin.site.site_title = "jixiao 绩效"
admin.site.index_title = "数据管理"

handler403 = "jixiao.web.pages.errors.forbidden"
handler404 = "jixiao.web.pages.errors.not_found"
handler500 = "jixiao.web.pages.errors.server_error"
