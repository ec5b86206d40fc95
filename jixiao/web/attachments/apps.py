from __future__ import annotations

from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "jixiao.web.attachments"
    label = "attachments"
    verbose_name = "佐证材料"
    default_auto_field = "django.db.models.BigAutoField"
