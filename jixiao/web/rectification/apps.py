from __future__ import annotations

from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "jixiao.web.rectification"
    label = "rectification"
    verbose_name = "问题整改与结果应用"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jixiao.web.rectification import sources

        sources.connect()  # red monitoring lights and far-off sampling reviews become problems
