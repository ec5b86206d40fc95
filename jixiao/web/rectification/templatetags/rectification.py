"""``{% last_year_panel p %}``: last year's grade, result decision and open problems of a project,
shown where next year's target table and budget are entered (``pages/project_form.html``, ``project.html``);
``{% promote_panel p %}``: the project's findings a reviewer may record as problems."""

from __future__ import annotations

import datetime as dt

from django import template

from jixiao.web.rectification import flow

register = template.Library()


@register.inclusion_tag("rectification/last_year.html", takes_context=True)
def last_year_panel(context, project):
    found = flow.last_year(project) if project is not None and project.pk else None
    if found is None:
        return {"found": None}
    user = context.get("user")
    today = dt.date.today()
    problems = [(p, p.shown_status(today)) for p in found["open_problems"] if flow.can_view(user, p)]
    return {"found": found, "problems": problems}


@register.inclusion_tag("rectification/promote.html", takes_context=True)
def promote_panel(context, project):
    """For the department reviewer and the bureau: the project's errors and warnings, each with a
    button that records it as a problem (or a link to the problem it already is)."""
    from jixiao.web.rectification.models import Problem
    from jixiao.web.rectification.sources import promotable

    user = context.get("user")
    if project is None or project.unit_id is None or not flow.is_manager(user, project.unit_id):
        return {"items": None}
    items = promotable(project)
    known = dict(Problem.objects.filter(source_key__in=[k for _, k in items]).values_list("source_key", "pk"))
    return {"items": [(f, k, known.get(k)) for f, k in items], "p": project, "csrf_token": context.get("csrf_token")}
