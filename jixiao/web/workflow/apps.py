from __future__ import annotations

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "jixiao.web.workflow"
    label = "workflow"
    verbose_name = "流程与权限"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jixiao.web.workflow import throttle

        throttle.install()
