"""``{% load workflow %}``: ``{% workflow_actions record %}`` and ``{% audit_trail record %}``."""

from __future__ import annotations

from django import template

from jixiao.web.store import models as m
from jixiao.web.workflow import permissions, states, views

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
