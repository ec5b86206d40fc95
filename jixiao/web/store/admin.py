"""The admin at /admin/: every store table, browsable and searchable (superusers only)."""

from __future__ import annotations

from django.contrib import admin

from jixiao.web.store import models as m


class IndicatorInline(admin.TabularInline):
    model = m.Indicator
    extra = 0
    fields = ("position", "level1", "level2", "name", "target_raw", "basis")


class PlanPointInline(admin.TabularInline):
    model = m.PlanPoint
    extra = 0
    fields = ("position", "label", "month", "amount", "raw")


@admin.register(m.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(m.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation")
    list_filter = ("role",)
    filter_horizontal = ("assigned_projects",)


@admin.register(m.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("file_name", "kind", "year", "department", "finding_count", "created")
    exclude = ("raw", "snapshot")
    readonly_fields = ("findings_summary", "findings_stamp")  # computed (pages/stored.py), never typed


@admin.register(m.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "unit", "budget", "status", "version")
    list_filter = ("status", "year")
    search_fields = ("name", "code")
    inlines = (IndicatorInline, PlanPointInline)


@admin.register(m.SelfEvaluation)
class SelfEvaluationAdmin(admin.ModelAdmin):
    list_display = ("project_name", "year", "unit", "total_raw", "status", "version")
    list_filter = ("status", "year")
    search_fields = ("project_name",)
    exclude = ("snapshot",)
    readonly_fields = (  # computed by the core's scoring (pages/stored.py), never typed
        "computed_total", "computed_grade", "computed_published_total", "computed_published_grade", "computed_stamp",
    )  # fmt: skip


@admin.register(m.FinalAccounts)
class FinalAccountsAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "department")
    exclude = ("snapshot",)


@admin.register(m.Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "score", "grade")
    exclude = ("snapshot",)


@admin.register(m.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("when", "user", "object_type", "object_id", "action")
    list_filter = ("object_type", "action")
    readonly_fields = ("user", "when", "object_type", "object_id", "action", "changes", "reason")
