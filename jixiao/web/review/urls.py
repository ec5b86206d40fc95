"""URLs of the target review pages and the indicator library (mounted at ``/review/``)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.review import views

app_name = "review"

urlpatterns = [
    path("projects/<int:pk>/", views.review, name="review"),
    path("projects/<int:pk>/return/", views.return_project, name="return"),
    path("projects/<int:pk>/approve/", views.approve_project, name="approve"),
    path("department-targets/<int:pk>/", views.department_review, name="department-review"),
    path("department-targets/<int:pk>/return/", views.department_return, name="department-return"),
    path("department-targets/<int:pk>/approve/", views.department_approve, name="department-approve"),
    path("approvals/<int:pk>/", views.approval, name="approval"),
    path("approvals/<int:pk>/report.<str:fmt>", views.approval_report, name="approval-report"),
    path("library/", views.library_page, name="library"),
    path("library/suggest/", views.suggest, name="suggest"),
]
