"""The evidence files in the admin: listed and searched, read-only (files change only through the app)."""

from __future__ import annotations

from django.contrib import admin

from jixiao.web.attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "size", "content_type", "measurement", "problem", "uploaded_by", "uploaded")
    search_fields = ("name", "sha256")
    readonly_fields = ("measurement", "problem", "name", "size", "sha256", "content_type", "uploaded_by", "uploaded")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
