"""URLs of the rectification pages (mounted at ``/rectification/``; names ``rectification:…``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.rectification import views

app_name = "rectification"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/<int:pk>/assign/", views.assign, name="assign"),
    path("problems/<int:pk>/<slug:code>/", views.move, name="move"),
    path("projects/<int:pk>/promote/", views.promote, name="promote"),
    path("evaluations/<int:pk>/import/", views.import_evaluation, name="import"),
    path("evaluations/<int:pk>/decide/", views.decide, name="decide"),
    path("report.<str:fmt>", views.report, name="report"),
    path("results.<str:fmt>", views.results_report, name="results"),
]
