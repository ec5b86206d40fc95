"""URLs of the target review pages and the indicator library (mounted at ``/review/``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.review import views

app_name = "review"

urlpatterns = [
    path("projects/<int:pk>/", views.review, name="review"),
    path("projects/<int:pk>/return/", views.return_project, name="return"),
    path("projects/<int:pk>/approve/", views.approve_project, name="approve"),
    path("approvals/<int:pk>/", views.approval, name="approval"),
    path("approvals/<int:pk>/report.<str:fmt>", views.approval_report, name="approval-report"),
    path("library/", views.library_page, name="library"),
    path("library/suggest/", views.suggest, name="suggest"),
]
