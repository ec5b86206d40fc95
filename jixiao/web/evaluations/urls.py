"""URLs of the evaluator's workspace (mounted at ``/evaluation-work/``; names ``evaluations:…``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.work_list, name="list"),
    path("<int:pk>/", views.work_detail, name="detail"),
    path("<int:pk>/<slug:what>/", views.work_post, name="post"),
    path("<int:pk>/report.<str:fmt>", views.work_report, name="report"),
]
