"""URLs of the monitoring pages (mounted at ``/monitoring/``; names ``monitoring:…``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.monitoring import department_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("projects/<int:pk>/", views.project_reports, name="project"),
    path("projects/<int:pk>/<int:month>/", views.entry, name="entry"),
    path("projects/<int:pk>/<int:month>/lights/", views.lights, name="lights"),
    path("projects/<int:pk>/<int:month>/import/", views.import_excel, name="import"),
    path("projects/<int:pk>/<int:month>/template.xlsx", views.template_xlsx, name="template"),
    path("projects/<int:pk>/<int:month>/table.<str:fmt>", views.report_download, name="download"),
    path("departments/<int:pk>/", views.department, name="department"),
    path("departments/<int:pk>/<slug:kind>.<str:fmt>", views.department_download, name="department_download"),
    path("departments/<int:pk>/own/new/", department_views.create, name="department_create"),
    path("department-reports/<int:pk>/", department_views.report_page, name="department_report"),
    path("department-reports/<int:pk>/form.<str:fmt>", department_views.report_form, name="department_form"),
]
