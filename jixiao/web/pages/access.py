"""Who may see or change a record, and how a change is saved and recorded — in ONE place.

The workflow helper owns the real rules (``jixiao.web.workflow.permissions``: ``can_view(user,
obj)``, ``can_edit(user, obj)``) and the audit trail (``jixiao.web.workflow.audit``). While
those modules are absent, the TEMPORARY rules below apply (marked ``_fallback_*``): the lead
can delete them once the workflow app is in. Views never test roles themselves; they call
:func:`can_view`, :func:`can_edit`, :func:`visible`, :func:`save_versioned` and
:func:`record_change`.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction
from django.db.models import F, Model, QuerySet

from jixiao.web.store import models as m

EDITABLE_STATUSES = (m.Status.DRAFT, m.Status.RETURNED)
STALE_MESSAGE = (
    "保存失败：在您编辑期间，{who}已保存了此记录（当前为第 {current} 版，您编辑的是第 {seen} 版）。"
    "为避免覆盖他人的修改，本次未保存；请刷新页面后重新修改。"
)


def _workflow(module: str) -> Any | None:
    """``jixiao.web.workflow.<module>`` when the workflow app provides it, else None."""
    try:
        return importlib.import_module(f"jixiao.web.workflow.{module}")
    except ModuleNotFoundError:
        return None


# ---------------------------------------------------------------- permissions


def can_view(user: Any, obj: Any) -> bool:
    perms = _workflow("permissions")
    if perms is not None and hasattr(perms, "can_view"):
        return bool(perms.can_view(user, obj))
    return _fallback_can_view(user, obj)


def can_edit(user: Any, obj: Any) -> bool:
    perms = _workflow("permissions")
    if perms is not None and hasattr(perms, "can_edit"):
        return bool(perms.can_edit(user, obj))
    return _fallback_can_edit(user, obj)


def can_create_project(user: Any, unit: m.Organisation) -> bool:
    """A new target table for ``unit``: checked as editing a draft project of that unit."""
    return can_edit(user, m.Project(unit=unit, name="", status=m.Status.DRAFT))


def can_upload(user: Any) -> bool:
    perms = _workflow("permissions")
    if perms is not None and hasattr(perms, "can_upload"):
        return bool(perms.can_upload(user))
    return bool(user.is_authenticated) and (user.is_superuser or _role(user) is not None)


def visible(user: Any, queryset: QuerySet) -> list[Any]:
    """The records of ``queryset`` that ``user`` may see, in the queryset's order."""
    perms = _workflow("permissions")
    if perms is not None and hasattr(perms, "visible"):
        return list(perms.visible(user, queryset))
    return [o for o in queryset if can_view(user, o)]


def _role(user: Any) -> str | None:
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    try:
        return profile.role if profile is not None else None
    except m.Profile.DoesNotExist:  # pragma: no cover - reverse one-to-one without row
        return None


def _profile(user: Any) -> m.Profile | None:
    if not user.is_authenticated:
        return None
    return m.Profile.objects.filter(user=user).select_related("organisation").first()


def _unit_of(obj: Any) -> m.Organisation | None:
    """The organisation a record belongs to (its unit; the department for documents)."""
    if isinstance(obj, m.Organisation):
        return obj
    if isinstance(obj, (m.Project, m.SelfEvaluation)):
        return obj.unit
    if isinstance(obj, m.Evaluation):
        return obj.evaluated_unit or (obj.project.unit if obj.project_id else None)
    if isinstance(obj, (m.FinalAccounts, m.SourceDocument)):
        return obj.department
    return None


def _published(obj: Any) -> bool:
    if isinstance(obj, (m.Project, m.SelfEvaluation)):
        return obj.status == m.Status.PUBLISHED
    if isinstance(obj, m.Evaluation):
        return obj.final_accounts_id is not None
    if isinstance(obj, m.FinalAccounts):
        return True  # a 部门决算 is a public disclosure
    return isinstance(obj, m.Organisation)


def _within(org: m.Organisation | None, ancestor: m.Organisation | None) -> bool:
    seen = 0
    while org is not None and ancestor is not None and seen < 10:
        if org.pk == ancestor.pk:
            return True
        org, seen = org.parent, seen + 1
    return False


def _fallback_can_view(user: Any, obj: Any) -> bool:
    """TEMPORARY (until jixiao.web.workflow.permissions exists)."""
    if _published(obj):
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is None:
        return False
    if profile.role in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return True
    if profile.role == m.Role.EVALUATOR:
        project = obj if isinstance(obj, m.Project) else getattr(obj, "project", None)
        return project is not None and profile.assigned_projects.filter(pk=project.pk).exists()
    return _within(_unit_of(obj), profile.organisation)


def _fallback_can_edit(user: Any, obj: Any) -> bool:
    """TEMPORARY: the unit's clerk (or an admin) edits drafts and returned records of the unit."""
    if not user.is_authenticated or not isinstance(obj, (m.Project, m.SelfEvaluation)):
        return False
    if obj.status not in EDITABLE_STATUSES:
        return False
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is None:
        return False
    if profile.role == m.Role.ADMIN:
        return True
    return profile.role == m.Role.UNIT_CLERK and _within(_unit_of(obj), profile.organisation)


# ---------------------------------------------------------------- saving and the trail


class Stale(Exception):
    """Someone else saved first; ``message`` is the Chinese refusal."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def save_versioned(obj: Model, seen_version: Any, **fields: Any) -> None:
    """Optimistic save of ``fields`` on ``obj`` (call inside :func:`atomic`): the row is updated
    only if its version is still ``seen_version``; the version is bumped. Raises :class:`Stale`.

    Uses the workflow's ``audit.save_with_version`` when present (the trail is written by the
    caller with :func:`record_change`, once, with the child rows' changes too).
    """
    audit = _workflow("audit")
    if audit is not None and hasattr(audit, "save_with_version"):
        try:
            audit.save_with_version(obj, seen_version, **fields)
        except audit.Conflict as e:
            raise Stale(e.message) from e
        return
    try:
        seen = int(seen_version)
    except (TypeError, ValueError):
        seen = -1
    updated = type(obj).objects.filter(pk=obj.pk, version=seen).update(**fields, version=F("version") + 1)
    if updated != 1:
        current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise Stale(STALE_MESSAGE.format(who="其他用户", current=current, seen=seen_version))
    obj.refresh_from_db()


def object_type(obj: Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def record_change(
    user: Any, obj: Model, before: dict[str, Any], after: dict[str, Any], action: str = "edit", reason: str = ""
) -> None:
    """Record a change (JSON-able before/after values) in the audit trail."""
    audit = _workflow("audit")
    if audit is not None and hasattr(audit, "record_change"):
        audit.record_change(user, obj, before, after, action=action, reason=reason or None)
        return
    changes = {
        k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)
    }
    if not changes and action == "edit" and not reason:
        return
    m.AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        object_type=object_type(obj),
        object_id=str(obj.pk),
        action=action,
        changes=changes,
        reason=reason,
    )


def validate_upload(file: Any) -> str | None:
    """The Chinese reason an upload is refused, or None (the workflow's check when present)."""
    uploads = _workflow("uploads")
    if uploads is not None and hasattr(uploads, "validate_upload"):
        from django.core.exceptions import ValidationError

        try:
            uploads.validate_upload(file)
        except ValidationError as e:
            return "；".join(e.messages)
        return None
    return _fallback_validate_upload(file)


def _fallback_validate_upload(file: Any) -> str | None:
    """TEMPORARY: suffix and size only (the workflow's check also sniffs the content)."""
    from django.conf import settings

    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith((".txt", ".pdf", ".xlsx")):
        return "不支持的文件类型：只接受 .txt、.pdf、.xlsx 文件。"
    if getattr(file, "size", 0) > settings.UPLOAD_LIMIT_BYTES:
        return "文件过大：上传文件不得超过 20 MB。"
    if getattr(file, "size", 0) == 0:
        return "文件为空。"
    return None


atomic = transaction.atomic
