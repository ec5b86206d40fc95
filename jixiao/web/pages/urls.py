"""URLs of the pages (mounted at ``/``; ``home`` and ``login`` replace the foundation's fallbacks)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from jixiao.web.pages import (
    budget,
    department_selfeval,
    disclosure_entry,
    entry,
    links,
    reports,
    sampling,
    views,
    yearend,
)

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<int:pk>/", views.organisation, name="organisation"),
    path("departments/<int:pk>/", views.dashboard, name="dashboard"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/edit/", entry.project_edit, name="project_edit"),
    path("units/<int:unit>/projects/new/", entry.project_new, name="project_new"),
    path("check-target/", entry.check_target, name="check_target"),
    path("selfevals/<int:pk>/", views.selfeval, name="selfeval"),
    path("selfevals/<int:pk>/edit/", entry.selfeval_edit, name="selfeval_edit"),
    path("selfevals/<int:pk>/score/", entry.selfeval_score, name="selfeval_score"),
    path("projects/<int:pk>/selfeval/new/", yearend.selfeval_generate, name="selfeval_generate"),
    path("selfevals/<int:pk>/year-end/", yearend.selfeval_fill, name="selfeval_yearend"),
    path("departments/<int:pk>/targets/<int:year>/", yearend.department_targets, name="department_targets"),
    path(
        "departments/<int:pk>/selfeval/<int:year>/new/",
        department_selfeval.department_selfeval_new,
        name="department_selfeval_new",
    ),
    path("department-selfevals/<int:pk>/", department_selfeval.department_selfeval, name="department_selfeval"),
    path(
        "department-selfevals/<int:pk>/form.<str:fmt>",
        department_selfeval.department_selfeval_form,
        name="department_selfeval_form",
    ),
    path(
        "departments/<int:pk>/disclosure/<int:year>/",
        disclosure_entry.disclosure_entries,
        name="disclosure_entries",
    ),
    path(
        "departments/<int:pk>/disclosure/<int:year>/package.<str:fmt>",
        disclosure_entry.disclosure_package,
        name="disclosure_package",
    ),
    path("final-accounts/<int:pk>/", views.final_accounts, name="final_accounts"),
    path("budgets/<int:pk>/", budget.budget, name="budget"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("sampling/", sampling.review_list, name="sampling"),
    path("sampling/<int:pk>/", sampling.review_detail, name="sampling_review"),
    path("sampling/items/<int:pk>/", sampling.review_item, name="sampling_item"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", reports.document, name="document"),
    path("documents/<int:pk>/reports/<slug:kind>.<str:fmt>", reports.report_download, name="report"),
    path("links/", links.link_list, name="links"),
    path("links/<str:kind>/<int:pk>/", links.link_set, name="link_set"),
    path("upload/", entry.upload, name="upload"),
    path("jobs/<int:pk>/", entry.job, name="job"),
    path("jobs/<int:pk>/decide/", entry.job_decide, name="job_decide"),
    # the login page in the pages' layout (same path and name as the foundation's fallback)
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
