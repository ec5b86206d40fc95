"""``{% review_box project %}``: the review opinions of a project (where the clerk reads and edits
it), the link to review it for the reviewer, and its 批复表."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.review import flow

register = template.Library()


@register.inclusion_tag("review/opinions_box.html", takes_context=True)
def review_box(context: dict[str, Any], project: Any) -> dict[str, Any]:
    user = context["request"].user
    if not flow.can_read(user, project):
        return {"review": None, "may_review": False, "approvals": ()}
    review = flow.latest_review(project)
    lines = flow.problem_lines(review) if review else []
    return {"project": project, "review": review, "lines": lines, "may_review": flow.can_review(user, project),
            "approvals": project.approvals.all()}
