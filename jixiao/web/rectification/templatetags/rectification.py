"""``{% last_year_panel p %}``: last year's grade, result decision and open problems of a project,
shown where next year's target table and budget are entered (``pages/project_form.html``)."""

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
