"""Who may see or change a record, and how a change is saved and recorded — for the pages.

The rules live in the workflow app (``jixiao.web.workflow.permissions``, ``.audit`` and
``.uploads``), shared with the API; this module only adapts them to what views need (a
Chinese refusal instead of an exception), so views never test roles themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet

from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, uploads


def can_view(user: Any, obj: Any) -> bool:
    return bool(permissions.can_view(user, obj))


def can_edit(user: Any, obj: Any) -> bool:
    return bool(permissions.can_edit(user, obj))


def can_create_project(user: Any, unit: m.Organisation) -> bool:
    """A new target table for ``unit``: checked as editing a draft project of that unit."""
    return can_edit(user, m.Project(unit=unit, name="", status=m.Status.DRAFT))


def can_link(user: Any, obj: Any = None) -> bool:
    return bool(permissions.can_link(user, obj))


def can_upload(user: Any) -> bool:
    return bool(permissions.can_upload(user))


def visible(user: Any, queryset: QuerySet) -> list[Any]:
    """The records of ``queryset`` that ``user`` may see, in the queryset's order."""
    return list(permissions.visible(user, queryset))


def visible_values(user: Any, queryset: QuerySet, field: str) -> set[Any]:
    """One column of the records of ``queryset`` that ``user`` may see (one query)."""
    return set(permissions.visible(user, queryset).values_list(field, flat=True))


class Stale(Exception):
    """Someone else saved first; ``message`` is the Chinese refusal."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def save_versioned(obj: Model, seen_version: Any, **fields: Any) -> None:
    """Optimistic save of ``fields`` on ``obj`` (call inside :func:`atomic`): the row is updated
    only if its version is still ``seen_version``; the version is bumped. Raises :class:`Stale`.
    The trail is written by the caller with :func:`record_change`, once, with the child rows'
    changes too."""
    try:
        audit.save_with_version(obj, seen_version, **fields)
    except audit.Conflict as e:
        raise Stale(e.message) from e


def record_change(
    user: Any, obj: Model, before: dict[str, Any], after: dict[str, Any], action: str = "edit", reason: str = ""
) -> None:
    """Record a change (JSON-able before/after values) in the audit trail."""
    audit.record_change(user, obj, before, after, action=action, reason=reason or None)


def validate_upload(file: Any) -> str | None:
    """The Chinese reason an upload is refused, or None."""
    try:
        uploads.validate_upload(file)
    except ValidationError as e:
        return "；".join(e.messages)
    return None


atomic = transaction.atomic
