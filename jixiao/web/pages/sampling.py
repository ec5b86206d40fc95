"""Sampling review of self-evaluations (自评抽查 / 复核, issue 18 item 4).

A finance bureau (any department's forms) or a department reviewer (its units' forms) draws a
sample of the submitted self-evaluations of a year — random with a recorded seed, by amount, or
by findings (the forms with errors first; :mod:`jixiao.monitor.sampling` draws) — and assigns a
reviewer to each drawn form. The assigned reviewer records a 复核分 for every scored item (the
budget execution and each indicator, as the core scores the form) and a 复核意见. The summary
sets the self score against the review score per unit: difference and grade change.

Who may do what: the bureau and department reviewers create a sample (within their scope) and
assign reviewers; the assigned reviewer records; every other signed-in user reads.
"""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jixiao.monitor.sampling import METHODS, Candidate, Terms, compare, draw, review_total, terms
from jixiao.rules.schemes import shipped_self_scheme
from jixiao.web.pages import access, analysis
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

SUBMITTED = (m.Status.SUBMITTED, m.Status.DEPT_APPROVED, m.Status.BUREAU_APPROVED, m.Status.PUBLISHED)
CREATORS = (m.Role.FINANCE_BUREAU, m.Role.ADMIN, m.Role.DEPARTMENT_REVIEWER)
REVIEWERS = (m.Role.FINANCE_BUREAU, m.Role.DEPARTMENT_REVIEWER, m.Role.EVALUATOR)


# ---------------------------------------------------------------- who may do what


def can_create(user: Any) -> bool:
    if permissions.is_superuser(user):
        return True
    profile = permissions.profile_of(user)
    return bool(profile and user.is_active and profile.role in CREATORS and profile.organisation_id)


def can_manage(user: Any, review: m.SampleReview) -> bool:
    """Assigning reviewers: the organisation that drew the sample (and superusers)."""
    if permissions.is_superuser(user):
        return True
    profile = permissions.profile_of(user)
    return can_create(user) and profile is not None and profile.organisation_id == review.organisation_id


def can_record(user: Any, item: m.SampleItem) -> bool:
    """Recording 复核分 and 复核意见: the assigned reviewer only."""
    return bool(getattr(user, "is_authenticated", False) and item.reviewer_id == user.id and user.is_active)


def candidates_of(user: Any, year: int, department: m.Organisation | None) -> list[m.SelfEvaluation]:
    """The submitted self-evaluations of ``year`` the user may sample (a department: its units)."""
    qs = m.SelfEvaluation.objects.filter(year=year, status__in=SUBMITTED).select_related("unit", "final_accounts")
    scope = permissions.unit_scope(user)
    if scope != permissions.ALL:
        qs = qs.filter(unit_id__in=scope)
    if department is not None:
        qs = qs.filter(unit__parent=department) | qs.filter(unit=department)
    return list(qs.order_by("id"))


def new_review_problem(
    user: Any, year: int | None, department: m.Organisation | None, method: str, size: int | None
) -> str | None:
    """Why a sample cannot be drawn as asked (Chinese), None when it can."""
    if year is None or not size or size < 1 or method not in METHODS:
        return "请填写年度、抽取数量（至少1份）并选择抽样方式。"
    if not candidates_of(user, year, department):
        return f"{year}年度没有可抽取的已提交自评表。"
    return None


def departments_of(user: Any) -> list[m.Organisation]:
    """The departments whose units' forms the user may sample."""
    qs = m.Organisation.objects.filter(kind=m.Organisation.Kind.DEPARTMENT)
    scope = permissions.unit_scope(user)
    return list(qs if scope == permissions.ALL else qs.filter(id__in=scope))


def reviewer_choices() -> list[Any]:
    """The users a review item may be assigned to (bureau, department reviewers, evaluators)."""
    users = get_user_model().objects.filter(is_active=True, profile__role__in=REVIEWERS)
    return list(users.select_related("profile").order_by("username"))


# ---------------------------------------------------------------- the core's view of a form


def _bands():
    return shipped_self_scheme(analysis.SELF_SCHEME).grades


def _self_total(se: m.SelfEvaluation, result: Any) -> Decimal | None:
    return se.total_value if se.total_value is not None else result.published_total


def _candidate(se: m.SelfEvaluation) -> tuple[Candidate, Any]:
    """The form as the core's sampler sees it: 全年预算数 and the findings on it."""
    form = mapping.selfeval_to_model(se)
    line = form.total_line
    amount = line.adjusted.value if line is not None and line.adjusted is not None else None
    result = analysis.score_selfeval(se)
    findings = analysis.document_findings(se.source_document) if se.source_document_id else []
    mine = [f for f in findings if f.subject and f.subject.replace(" ", "") == se.project_name.replace(" ", "")]
    errors = sum(str(f.severity) == "error" for f in mine) + (result.agrees is False)
    warnings = sum(str(f.severity) == "warning" for f in mine) + sum(i.agrees is False for i in result.items)
    return Candidate(se.pk, amount, errors, warnings), result


def create_review(
    user: Any, year: int, department: m.Organisation | None, method: str, size: int, seed: int | None
) -> m.SampleReview:
    """Draw and store a sample: the drawn forms with their self scores and items to review."""
    rows = {se.pk: se for se in candidates_of(user, year, department)}
    if method != "random":
        seed = 0  # only a random sample has a seed; the others use none
    elif seed is None:
        seed = secrets.randbelow(10**9)
    looked = {pk: _candidate(se) for pk, se in rows.items()}
    drawn = draw([c for c, _ in looked.values()], size, method, seed)
    profile = permissions.profile_of(user)
    organisation = profile.organisation if profile and profile.organisation_id else department
    where = department.name if department else "全部部门"
    with access.atomic():
        review = m.SampleReview.objects.create(
            organisation=organisation,
            department=department,
            year=year,
            title=f"{year}年度绩效自评抽查（{where}，{m.SampleReview.Method(method).label}）",
            method=method,
            seed=seed,
            size=size,
            population=len(rows),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        for n, c in enumerate(drawn, start=1):
            se, result = rows[c.key], looked[c.key][1]
            item = m.SampleItem.objects.create(
                review=review,
                position=n,
                self_evaluation=se,
                amount=c.amount,
                errors=c.errors,
                warnings=c.warnings,
                self_total=_self_total(se, result),
            )
            m.SampleScore.objects.bulk_create(
                m.SampleScore(
                    item=item,
                    position=k,
                    name=s.name,
                    weight=s.weight,
                    self_score=s.published if s.published is not None else s.computed,
                )
                for k, s in enumerate(result.items, start=1)
            )
        if getattr(user, "is_authenticated", False):
            drawn_terms = {"抽样方式": method, "抽取数量": size} | ({"随机种子": seed} if method == "random" else {})
            access.record_change(user, review, {}, drawn_terms, "create")
    return review


def review_terms(review: m.SampleReview) -> Terms:
    """The sample's own parameters (seed, amount threshold, finding counts) from its drawn items."""
    drawn = [Candidate(i.self_evaluation_id, i.amount, i.errors, i.warnings) for i in review.items.order_by("position")]
    return terms(review.method, review.size, drawn, review.seed)


def _terms_of(review: m.SampleReview) -> Terms:
    """:func:`review_terms` from prefetched items (the list page: one query for all)."""
    items = sorted(review.items.all(), key=lambda i: i.position)
    return terms(review.method, review.size, [Candidate(i.self_evaluation_id, i.amount, i.errors, i.warnings)
                                              for i in items], review.seed)


def summary(review: m.SampleReview) -> list[dict[str, Any]]:
    """Per drawn form: unit, self score, review score, difference, grades and whether it changed."""
    bands = _bands()
    out = []
    for item in review.items.select_related("self_evaluation", "self_evaluation__unit", "reviewer"):
        c = compare(item.self_total, item.review_total, bands)
        out.append({"item": item, "se": item.self_evaluation, "c": c})
    return out


def assign_reviewer(user: Any, item: m.SampleItem, chosen: Any) -> None:
    """Set the reviewer of ``item`` (None: nobody), with the audit entry when it changes."""
    if (chosen.pk if chosen else None) == item.reviewer_id:
        return
    before = {"复核人": item.reviewer.username if item.reviewer else ""}
    item.reviewer = chosen
    item.save(update_fields=["reviewer"])
    access.record_change(user, item.review, before, {"复核人": chosen.username if chosen else ""})


def record_review(user: Any, item: m.SampleItem, raw: dict[int, str], opinion: str) -> list[str]:
    """Record the 复核分 (score id → text; blank: none yet) and the 复核意见 of ``item``; the problems
    (Chinese) when a score is not a number or outside 0 … its weight — then nothing is saved."""
    scores = list(item.scores.all())
    errors: list[str] = []
    typed: dict[int, Decimal | None] = {}
    for s in scores:
        text = (raw.get(s.pk) or "").strip()
        try:
            value = Decimal(text) if text else None
        except InvalidOperation:
            value = None
            errors.append(f"“{s.name}”的复核分不是数字：{text}")
        if value is not None and (not value.is_finite() or value < 0 or (s.weight is not None and value > s.weight)):
            errors.append(f"“{s.name}”的复核分应在0至{s.weight.normalize():f}分之间。" if s.weight is not None
                          else f"“{s.name}”的复核分不能为负数。")
        typed[s.pk] = value
    opinion = opinion.strip()
    if errors:
        return errors
    with access.atomic():
        before = {"复核分": str(item.review_total) if item.review_total is not None else "", "复核意见": item.opinion}
        for s in scores:
            s.review_score = typed[s.pk]
            s.save(update_fields=["review_score"])
        item.review_total = review_total([s.review_score for s in scores])
        item.opinion, item.reviewed = opinion, timezone.now()
        item.save(update_fields=["review_total", "opinion", "reviewed"])
        after = {"复核分": str(item.review_total) if item.review_total is not None else "", "复核意见": opinion}
        access.record_change(user, item.review, before, after, action="review")
    return []


# ---------------------------------------------------------------- pages


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


@login_required
@require_http_methods(["GET", "POST"])
def review_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    error = None
    if request.method == "POST":
        if not can_create(user):
            raise PermissionDenied("只有财政局或主管部门可以组织自评抽查。")
        year = _int(request.POST.get("year"))
        size = _int(request.POST.get("size"))
        method = request.POST.get("method") or ""
        seed = _int(request.POST.get("seed"))
        dept_id = _int(request.POST.get("department"))
        department = next((d for d in departments_of(user) if d.pk == dept_id), None)
        if dept_id and department is None:
            raise PermissionDenied("您不能抽查该部门的自评表。")
        error = new_review_problem(user, year, department, method, size)
        if error is None and year is not None and size is not None:
            review = create_review(user, year, department, method, size, seed)
            return redirect("pages:sampling_review", pk=review.pk)
    years = sorted(
        {y for y in m.SelfEvaluation.objects.filter(status__in=SUBMITTED).values_list("year", flat=True) if y},
        reverse=True,
    )
    reviews = list(m.SampleReview.objects.select_related("organisation", "department").prefetch_related("items"))
    context = {
        "reviews": [(r, _terms_of(r)) for r in reviews],
        "may_create": can_create(user),
        "methods": METHODS,
        "departments": departments_of(user),
        "years": years,
        "error": error,
    }
    return render(request, "pages/sampling/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(m.SampleReview.objects.select_related("organisation", "department"), pk=pk)
    manage = can_manage(request.user, review)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有组织抽查的单位可以分配复核人。")
        reviewers = {u.pk: u for u in reviewer_choices()}
        for item in review.items.all():
            assign_reviewer(request.user, item, reviewers.get(_int(request.POST.get(f"reviewer-{item.pk}"), 0) or 0))
        return redirect("pages:sampling_review", pk=review.pk)
    rows = summary(review)
    context = {
        "review": review,
        "rows": rows,
        "manage": manage,
        "reviewers": reviewer_choices() if manage else [],
        "method": METHODS.get(review.method, review.method),
        "terms": review_terms(review),
        "me": request.user.pk,
        "changed": sum(r["c"].grade_changed for r in rows),
    }
    return render(request, "pages/sampling/review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(m.SampleItem.objects.select_related("review", "self_evaluation", "reviewer"), pk=pk)
    editable = can_record(request.user, item)
    scores = list(item.scores.all())
    errors: list[str] = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只有分配的复核人可以录入复核分。")
        raw = {sc.pk: request.POST.get(f"score-{sc.pk}") or "" for sc in scores}
        errors = record_review(request.user, item, raw, request.POST.get("opinion") or "")
        if not errors:
            return redirect("pages:sampling_review", pk=item.review_id)
    c = compare(item.self_total, item.review_total, _bands())
    context = {"item": item, "review": item.review, "scores": scores, "editable": editable, "errors": errors, "c": c}
    return render(request, "pages/sampling/item.html", context)
