from __future__ import annotations

from django.urls import path

from jixiao.web.workflow import views

app_name = "workflow"
urlpatterns = [
    path("queue/", views.queue_view, name="queue"),
    path("<str:kind>/<int:pk>/audit/", views.audit_trail, name="audit"),
    path("<str:kind>/<int:pk>/<str:action>/", views.transition_view, name="transition"),
]
