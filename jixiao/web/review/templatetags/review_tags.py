"""``{% review_box project %}``: the review opinions of a project or of a department's 部门整体
targets (where the clerk reads and edits it), the link to review it for the reviewer, and its 批复表."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.review import flow, library
from jixiao.web.review.views import links

register = template.Library()


@register.inclusion_tag("review/opinions_box.html", takes_context=True)
def review_box(context: dict[str, Any], project: Any) -> dict[str, Any]:
    user = context["request"].user
    if not flow.can_read(user, project):
        return {"review": None, "may_review": False, "approvals": ()}
    review = flow.latest_review(project)
    lines = flow.problem_lines(review) if review else []
    return {"project": project, "review": review, "lines": lines, "may_review": flow.can_review(user, project),
            "approvals": project.approvals.all() if hasattr(project, "approvals") else (),
            "review_url": links(project)["page"]}


@register.filter
def library_actuals(entry: Any) -> str:
    """``2022年实际 36106`` for an entry of the 指标库."""
    return library.actuals_text(entry)


@register.filter
def library_met(entry: Any) -> str:
    """``达成 1/2（50%）`` for an entry of the 指标库."""
    return library.met_text(entry)


@register.simple_tag(takes_context=True)
def library_peers(context: dict[str, Any]) -> str:
    """The 指标库's line for the 三级 indicator being typed (``ind_name``, ``ind_level1``, ``ind_level2``
    of the request): its peers' typical value, last years' actuals and met rate, and how the target typed
(``ind_target``) compares with them ("" when the library has no such indicator)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    data = request.POST if request.method == "POST" else request.GET
    entry = library.peer(*(data.get(k, "") for k in ("ind_name", "ind_level1", "ind_level2")))
    return library.peer_text(entry, data.get("ind_target", ""))
