"""Target review and approval: who may review, the opinions (pre-filled from the checks), returning
with the opinions as the reason, and the 批复 frozen on the bureau's approval.

Who: whoever may now return or approve the project in the workflow (``workflow.states``: the
department reviewer of a submitted table, the finance bureau of a department-approved one) writes
the opinions; everyone who may view the project and is logged in reads them. Returning uses the
saved opinions as the reason; the bureau's approval (→ 财政局已审核) freezes the 批复表.

A department's 部门整体绩效目标 (``DepartmentTargets``) is reviewed the same way — the same
check-list per indicator (suggested from ``checks.department``), score table and overall opinion,
returned with the opinions as the reason — through the same functions (``record`` is either); its
approval freezes no 批复表 (a project's document).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from jixiao.checks.department import check_department_targets
from jixiao.rules.target_review import ReviewScheme, load_review_scheme
from jixiao.web.pages import entered
from jixiao.web.review.models import Approval, IndicatorOpinion, TargetReview
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.store.department import targets_to_model
from jixiao.web.workflow import permissions, states

OPINION_MAX = 5000


class ReviewError(Exception):
    def __init__(self, message: str, status: int = 400):
        self.message, self.status = message, status
        super().__init__(message)


def can_read(user: Any, project: Reviewed) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and permissions.can_view(user, project)


def can_review(user: Any, project: Reviewed) -> bool:
    return any(a.code in ("return", "approve") for a in states.allowed_transitions(user, project))


def stage_of(user: Any) -> str:
    return permissions.role_of(user) or ("superuser" if permissions.is_superuser(user) else "")


def scheme() -> ReviewScheme:
    return load_review_scheme()


def latest_review(project: Reviewed) -> TargetReview | None:
    return project.target_reviews.prefetch_related("opinions").select_related("reviewer").first()


Reviewed = m.Project | m.DepartmentTargets


def owner(record: Reviewed) -> dict[str, Any]:
    """The review's link to ``record`` (``project=…`` or ``department_targets=…``)."""
    return {"department_targets": record} if isinstance(record, m.DepartmentTargets) else {"project": record}


def suggestions(project: Reviewed) -> Any:
    """The checks' findings on the table as suggested opinions (``jixiao.rules.target_review``)."""
    if isinstance(project, m.DepartmentTargets):
        targets = targets_to_model(project)
        return scheme().suggestions(targets.as_project(), check_department_targets(targets))
    return scheme().suggestions(mapping.project_to_model(project), entered.project_findings(project))


def form_rows(project: Reviewed, review: TargetReview | None) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per indicator: the saved answers of ``review``, else the checks' suggestions."""
    sch, hints = scheme(), suggestions(project)
    saved = {o.position: o for o in review.opinions.all()} if review else {}
    rows = []
    for i, ind in enumerate(project.indicators.order_by("position", "id")):
        found = hints.indicators.get(i, {})
        old = saved.get(i)
        checks = []
        for item in sch.checks:
            answer = old.checks.get(item.code, {}) if old else {}
            suggested = "；".join(found.get(item.code, []))
            checks.append({
                "code": item.code, "text": item.text, "suggested": suggested,
                "ok": answer.get("ok", not suggested), "opinion": answer.get("text", suggested),
            })
        rows.append({"index": i, "ind": ind, "checks": checks, "text": old.text if old else ""})
    return rows, list(hints.overall)


def _points(data: dict[str, Any], sch: ReviewScheme) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for point in sch.points:
        raw = str(data.get(point.code, "") or "").strip()
        try:
            out[point.code] = Decimal(raw) if raw else None
        except InvalidOperation:
            raise ReviewError(f"“{point.group}—{point.name}”的得分“{raw}”不是数字。") from None
    return out


def save_review(user: Any, project: Reviewed, opinion: str, points: dict[str, Any],
                indicators: dict[int, dict[str, Any]]) -> TargetReview:
    """Save the opinions of ``user`` on ``project`` (one current review per stage).

    ``points``: review point code → points (text or number; blank = not scored); ``indicators``:
    index → {"checks": {code: {"ok": bool, "text": str}}, "text": str}.
    """
    if not can_review(user, project):
        raise ReviewError("您无权审核该项目（只有当前环节的审核人可以填写审核意见）。", 403)
    sch = scheme()
    given = _points(points, sch)
    score = sch.score(given) if any(v is not None for v in given.values()) else None
    if score is not None and score.problems:
        raise ReviewError("；".join(score.problems) + "。")
    if len(opinion) > OPINION_MAX:
        raise ReviewError(f"总体审核意见过长（不得超过 {OPINION_MAX} 字）。")
    names = list(project.indicators.order_by("position", "id").values_list("name", "target_raw"))
    codes = {c.code for c in sch.checks}
    with transaction.atomic():
        review, _ = TargetReview.objects.update_or_create(
            **owner(project), stage=stage_of(user),
            defaults={
                "project_version": project.version, "scheme": sch.name, "reviewer": user,
                "points": {k: format(v, "f") for k, v in given.items() if v is not None},
                "score": score.total if score else None, "grade": score.grade if score else "",
                "opinion": opinion.strip(),
            },
        )
        review.opinions.all().delete()
        IndicatorOpinion.objects.bulk_create(
            IndicatorOpinion(
                review=review, position=i, indicator_name=name, target_raw=target,
                checks={k: {"ok": bool(v.get("ok")), "text": str(v.get("text", "")).strip()[:OPINION_MAX]}
                        for k, v in indicators.get(i, {}).get("checks", {}).items() if k in codes},
                text=str(indicators.get(i, {}).get("text", "")).strip()[:OPINION_MAX],
            )
            for i, (name, target) in enumerate(names)
        )
    return review


def problem_lines(review: TargetReview) -> list[str]:
    """One line per indicator with a problem (the questions answered 不符合 and the other opinion)."""
    lines = []
    for o in review.opinions.all():
        said = indicator_opinion(o)
        if said:
            lines.append(f"指标“{o.indicator_name}”（{o.target_raw or '未填'}）：{said}")
    return lines


def indicator_opinion(o: IndicatorOpinion) -> str:
    """The opinion on one indicator: the questions answered 不符合 with their text, and the other opinion."""
    said = [
        f"{item.text}：{o.checks[item.code]['text'] or '不符合'}"
        for item in scheme().checks
        if item.code in o.checks and not o.checks[item.code].get("ok", True)
    ]
    if o.text:
        said.append(o.text)
    return "；".join(said)


def reason_text(review: TargetReview) -> str:
    """The opinions as one text: the overall opinion, each indicator with a problem, the score."""
    lines = [review.opinion] if review.opinion else []
    lines += problem_lines(review)
    if review.score is not None:
        lines.append(f"审核评分{review.score}分，等级“{review.grade}”。")
    return "\n".join(lines)


def return_with_opinions(user: Any, project: Reviewed, seen_version: int | None = None) -> Reviewed:
    review = project.target_reviews.filter(stage=stage_of(user)).first()
    if review is None:
        raise ReviewError("请先填写并保存审核意见，再按审核意见退回。")
    reason = reason_text(review)[: states.REASON_MAX]
    if not reason.strip():
        raise ReviewError("审核意见中没有需要修改的内容，不能退回。")
    return states.transition(user, project, "return", reason=reason, seen_version=seen_version)


def approve(user: Any, project: Reviewed, seen_version: int | None = None, number: str = "") -> Approval | None:
    """Approve the project; the bureau's approval also freezes the 批复表 (returned)."""
    with transaction.atomic():
        project = states.transition(user, project, "approve", seen_version=seen_version)
        if project.status != m.Status.BUREAU_APPROVED or not isinstance(project, m.Project):
            return None
        return freeze(user, project, number)


def snapshot_of(project: m.Project) -> dict[str, Any]:
    return {
        "title": project.title, "code": project.code or "", "goal": project.goal or "",
        "purpose": project.purpose or "", "budget": _text(project.budget),
        "fiscal_funds": _text(project.fiscal_funds), "other_funds": _text(project.other_funds),
        "version": project.version,
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "name": i.name, "description": i.description,
             "target": i.target_raw, "basis": i.basis or ""}
            for i in project.indicators.order_by("position", "id")
        ],
    }


def freeze(user: Any, project: m.Project, number: str = "") -> Approval:
    return Approval.objects.create(
        project=project, number=number.strip()[:100], year=project.year,
        unit_name=project.unit.name if project.unit_id else "", project_name=project.name,
        amount=project.budget, money_unit=project.money_unit, snapshot=snapshot_of(project),
        review=project.target_reviews.filter(stage=m.Role.FINANCE_BUREAU).first(), approved_by=user,
    )


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")
