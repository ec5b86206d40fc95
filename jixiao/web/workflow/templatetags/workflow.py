"""``{% load workflow %}``: ``{% workflow_actions record %}`` and ``{% audit_trail record %}``."""

from __future__ import annotations

from django import template

from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, queue, states, views

register = template.Library()


@register.inclusion_tag("workflow/actions.html", takes_context=True)
def workflow_actions(context, record):
    """The status badge and the forms of the actions the current user may take."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "record": record,
        "kind": views.kind_of(record),
        "status_label": m.Status(record.status).label,
        "reason": audit.return_reason(record) if record.status == m.Status.RETURNED else "",
        "actions": states.allowed_transitions(user, record),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
        "error": None,
    }


@register.inclusion_tag("workflow/audit_trail.html", takes_context=True)
def audit_trail(context, record):
    """The record's audit entries, newest first — for people logged in: the public never sees who
    returned what and why (the internal trail)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"record": record, "entries": [], "hidden": True}
    return views.audit_context(record)


@register.filter
def can_view(record, user):
    return permissions.can_view(user, record)


@register.filter
def can_edit(record, user):
    return permissions.can_edit(user, record)


@register.inclusion_tag("workflow/queue_link.html", takes_context=True)
def queue_link(context):
    """The menu's 待我审核 / 待我处理 link with the number of records waiting (nothing for other roles)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    title = queue.title(user) if user is not None else None
    return {"title": title, "count": queue.count(user) if title else 0}


@register.simple_tag
def return_reason(record):
    """The reason of the record's latest return, when it is returned now."""
    return audit.return_reason(record) if getattr(record, "status", None) == m.Status.RETURNED else ""


@register.filter
def may_upload(user):
    """Whether the menu offers 上传文件 (the roles that may upload)."""
    return permissions.can_upload(user)
