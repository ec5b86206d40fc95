"""The 绩效目标批复表 of a frozen approval as the core's report view-model (``approval-table``).

The approved targets come from the approval's snapshot (later edits of the project do not change
them); the opinions per indicator and on the whole table, and the score, from the review the
approval was made on (the bureau's; else the latest review of the project); the approving body is
the organisation of the user who approved (else “财政局”), the date the approval's.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from jixiao.report.approval import ApprovalTable, ApprovalView, ApprovedIndicator, approval_title
from jixiao.report.registry import REPORTS, load_builtin_reports
from jixiao.web.review import flow
from jixiao.web.review.models import Approval, TargetReview
from jixiao.web.workflow import permissions

FORMATS = ("html", "pdf", "xlsx", "docx")


def _money(raw: str | None) -> Decimal | None:
    try:
        return Decimal(raw) if raw else None
    except InvalidOperation:
        return None


def review_of(a: Approval) -> TargetReview | None:
    return a.review or flow.latest_review(a.project)


def approver_of(a: Approval) -> str:
    profile = permissions.profile_of(a.approved_by) if a.approved_by_id else None
    if profile is not None and profile.organisation is not None:
        return profile.organisation.name
    return "财政局"


def approval_view(a: Approval) -> ApprovalView:
    s, review = a.snapshot, review_of(a)
    said = {o.position: flow.indicator_opinion(o) for o in review.opinions.all()} if review else {}
    table = ApprovalTable(
        project=a.project_name, code=s.get("code", ""), unit=a.unit_name, money_unit=a.money_unit,
        amount=_money(s.get("budget")), fiscal_funds=_money(s.get("fiscal_funds")),
        other_funds=_money(s.get("other_funds")), purpose=s.get("purpose", ""), goal=s.get("goal", ""),
        indicators=tuple(
            ApprovedIndicator(i.get("level1", ""), i.get("level2", ""), i.get("name", ""), i.get("description", ""),
                              i.get("target", ""), i.get("basis", ""), said.get(k, ""))
            for k, i in enumerate(s.get("indicators", []))
        ),
        opinion=review.opinion if review else "", score=review.score if review else None,
        grade=review.grade if review else "",
    )
    return ApprovalView(approval_title(a.year), a.year, a.number, approver_of(a), a.approved_at.date(), (table,))


def write_approval(a: Approval, fmt: str, out: Path) -> None:
    """Write the 批复表 of ``a`` as ``fmt`` (html / pdf / xlsx / docx) to ``out``."""
    load_builtin_reports()
    REPORTS["approval-table"].renderers[fmt](approval_view(a), out)

