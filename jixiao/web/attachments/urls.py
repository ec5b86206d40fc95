"""URLs of the evidence files (mounted at ``/evidence/``; names ``attachments:…``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.attachments import views

app_name = "attachments"

urlpatterns = [
    path("measurements/<int:pk>/", views.upload_measurement, name="upload-measurement"),
    path("problems/<int:pk>/", views.upload_problem, name="upload-problem"),
    path("<int:pk>/file", views.download, name="download"),
    path("<int:pk>/remove/", views.remove, name="remove"),
]
