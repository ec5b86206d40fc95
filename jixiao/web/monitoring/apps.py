from __future__ import annotations

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jixiao.web.monitoring"
    label = "monitoring"
    verbose_name = "绩效运行监控"
    default_auto_field = "django.db.models.BigAutoField"
