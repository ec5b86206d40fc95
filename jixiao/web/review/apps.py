from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "jixiao.web.review"
    label = "review"
    verbose_name = "绩效目标审核与指标库"
    default_auto_field = "django.db.models.BigAutoField"
