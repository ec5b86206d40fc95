from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig


class WorkflowConfig(AppConfig):
    name = "jixiao.web.workflow"
    label = "workflow"
    verbose_name = "流程与权限"
    default_auto_field = "django.db.models.BigAutoField"


# django-axes ships no Chinese: the admin shows its tables under these names.
AXES_NAMES = {
    "AccessAttempt": "登录失败记录（删除即解锁）",
    "AccessAttemptExpiration": "锁定到期时间",
    "AccessFailureLog": "登录失败日志",
    "AccessLog": "登录日志",
}


class AxesConfig(AxesAppConfig):
    """django-axes (login lock-out), named in Chinese in the admin."""

    verbose_name = "登录限制"

    def ready(self) -> None:
        super().ready()
        for model in self.get_models():
            if name := AXES_NAMES.get(model.__name__):
                model._meta.verbose_name = model._meta.verbose_name_plural = name


class TasksConfig(TasksAppConfig):
    """django-tasks-db (background jobs), named in Chinese in the admin."""

    verbose_name = "后台任务"

    def ready(self) -> None:
        super().ready()
        for model in self.get_models():
            model._meta.verbose_name = model._meta.verbose_name_plural = "后台任务记录"
