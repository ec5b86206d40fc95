from __future__ import annotations

from django.apps import AppConfig


class StoreConfig(AppConfig):
    name = "jixiao.web.store"
    label = "store"
    verbose_name = "绩效数据"
    default_auto_field = "django.db.models.BigAutoField"
