"""Who may do what with a problem, the moves of its rectification, and the imports from the core.

::

    待整改 ──start (单位)──► 整改中 ──rectify (单位, 佐证)──► 已整改 ──verify (审核人/财政局, 意见)──► 已核实
                                 ▲                               │
                                 └──────── reject (意见) ────────┘

- the unit clerk of the owner unit starts and rectifies (rectify needs the evidence: a text, an
  uploaded evidence file, or both);
- a manager (the department reviewer of the unit's department, the finance bureau, a superuser)
  registers problems, sets the measures and deadline (``assign``), and verifies or rejects
  (both need an opinion); a manager never rectifies, a clerk never verifies;
- everybody whose organisation scope (``permissions.unit_scope``) holds the unit reads the problem;
  problems are not public.

Every move uses the version check and writes the audit entry. Problems raise :class:`FlowError`
with a Chinese message and an HTTP status (403 / 400 / 409).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jixiao.checks.results_applied import stated_grade
from jixiao.ingest.evaluation.problems import evaluation_problems
from jixiao.model import codec
from jixiao.model.evaluation import Evaluation as CoreEvaluation
from jixiao.model.names import normalise_name, project_key
from jixiao.rules.applications import load_rule
from jixiao.web.pages import entered
from jixiao.web.rectification.models import Problem, ProblemStatus, ResultDecision
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

P = ProblemStatus
MANAGERS = (m.Role.DEPARTMENT_REVIEWER, m.Role.FINANCE_BUREAU, m.Role.ADMIN)
TEXT_MAX = 5000


class FlowError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Move:
    code: str
    source: tuple[str, ...]
    target: str
    who: str  # "owner" / "manager"
    label: str
    needs: str  # the field the move requires: "evidence" / "opinion" / ""


MOVES = {
    "start": Move("start", (P.PENDING,), P.IN_PROGRESS, "owner", "开始整改", ""),
    "rectify": Move("rectify", (P.PENDING, P.IN_PROGRESS), P.RECTIFIED, "owner", "提交整改结果", "evidence"),
    "verify": Move("verify", (P.RECTIFIED,), P.VERIFIED, "manager", "核实通过", "opinion"),
    "reject": Move("reject", (P.RECTIFIED,), P.IN_PROGRESS, "manager", "退回继续整改", "opinion"),
}
ACTION_LABELS = {"create": "登记", "problem-assign": "布置整改", **{f"problem-{k}": v.label for k, v in MOVES.items()},
                 "evidence-add": "上传佐证材料", "evidence-remove": "删除佐证材料"}
NEEDS = {"evidence": "整改情况及佐证", "opinion": "核实意见"}


# -- who --------------------------------------------------------------------------------------


def in_scope(user: Any, unit_id: int | None) -> bool:
    scope = permissions.unit_scope(user)
    return scope == permissions.ALL or (unit_id is not None and unit_id in scope)


def visible(user: Any, qs: QuerySet | None = None) -> QuerySet:
    qs = Problem.objects.all() if qs is None else qs
    scope = permissions.unit_scope(user)
    if scope == permissions.ALL:
        return qs
    return qs.filter(unit_id__in=scope) if scope else qs.none()


def can_view(user: Any, problem: Problem) -> bool:
    return in_scope(user, problem.unit_id)


def is_manager(user: Any, unit_id: int | None) -> bool:
    if permissions.is_superuser(user):
        return True
    return permissions.role_of(user) in MANAGERS and in_scope(user, unit_id)


def is_owner(user: Any, unit_id: int | None) -> bool:
    profile = permissions.profile_of(user)
    return bool(profile and user.is_active and profile.role == m.Role.UNIT_CLERK
                and profile.organisation_id is not None and profile.organisation_id == unit_id)


def allowed_moves(user: Any, problem: Problem) -> list[Move]:
    out = []
    for move in MOVES.values():
        if problem.status not in move.source:
            continue
        if (move.who == "owner" and is_owner(user, problem.unit_id)) or (
                move.who == "manager" and is_manager(user, problem.unit_id)):
            out.append(move)
    return out


# -- moves ------------------------------------------------------------------------------------


def has_files(problem: Problem) -> bool:
    """The problem carries at least one evidence file (佐证材料, ``attachments``): it stands as the evidence."""
    return problem.attachments.exists()  # type: ignore[attr-defined]


def move(user: Any, problem: Problem, code: str, version: int | str | None, text: str = "") -> Problem:
    """Apply move ``code`` (start / rectify / verify / reject) with its evidence or opinion ``text``
    (rectify without a text when the problem already has an evidence file)."""
    chosen = MOVES.get(code)
    if chosen is None:
        raise FlowError(400, f"没有“{code}”这一操作。")
    if chosen not in allowed_moves(user, problem):
        status = P(problem.status).label
        raise FlowError(403, f"您不能对该问题执行“{chosen.label}”（当前状态：{status}）。")
    text = (text or "").strip()
    if chosen.needs == "evidence" and not text and not has_files(problem):
        raise FlowError(400, f"“{chosen.label}”须填写{NEEDS['evidence']}，或先上传佐证材料。")
    if chosen.needs and chosen.needs != "evidence" and not text:
        raise FlowError(400, f"“{chosen.label}”须填写{NEEDS[chosen.needs]}。")
    if len(text) > TEXT_MAX:
        raise FlowError(400, f"{NEEDS.get(chosen.needs, '说明')}不能超过{TEXT_MAX}字。")
    fields: dict[str, Any] = {"status": chosen.target}
    if chosen.needs:
        fields[chosen.needs] = text
    if code == "verify":
        fields.update(verified_by=user, verified_at=timezone.now())
    try:
        return audit.save_with_version(problem, version, user=user, action=f"problem-{code}",
                                       reason=text or None, **fields)
    except audit.Conflict as exc:
        raise FlowError(409, exc.message) from None


def assign(user: Any, problem: Problem, version: int | str | None, *, measures: str | None = None,
           deadline: dt.date | None = None, unit: m.Organisation | None = None) -> Problem:
    """A manager sets the measures required, the deadline or the owner unit of an open problem."""
    if not is_manager(user, problem.unit_id) or (unit is not None and not is_manager(user, unit.pk)):
        raise FlowError(403, "只有主管部门审核人或财政局可以布置整改（措施、期限、责任单位）。")
    if not problem.is_open:
        raise FlowError(400, "该问题已整改或已核实，不能再布置。")
    fields: dict[str, Any] = {}
    if measures is not None:
        fields["measures_required"] = measures.strip()[:TEXT_MAX]
    if deadline is not None:
        fields["deadline"] = deadline
    if unit is not None:
        fields["unit"] = unit
    try:
        return audit.save_with_version(problem, version, user=user, action="problem-assign", **fields)
    except audit.Conflict as exc:
        raise FlowError(409, exc.message) from None


def register(user: Any, *, unit: m.Organisation, title: str, source_kind: str, detail: str = "",
             project: m.Project | None = None, source_ref: str = "", measures: str = "",
             deadline: dt.date | None = None) -> Problem:
    """A manager records a problem by hand (a promoted finding, a red light, a sampling review)."""
    if not is_manager(user, unit.pk):
        raise FlowError(403, "只有主管部门审核人或财政局可以登记问题。")
    if not title.strip():
        raise FlowError(400, "请填写问题。")
    with transaction.atomic():
        p = Problem.objects.create(
            source_kind=source_kind, source_ref=source_ref[:500], unit=unit, project=project,
            project_name=project.name if project else "", year=project.year if project else None,
            title=title.strip()[:500], detail=detail.strip(), measures_required=measures.strip(), deadline=deadline,
            created_by=user if getattr(user, "is_authenticated", False) else None)
        audit.record_change(user, p, {}, audit.snapshot_fields(p, ["title", "unit", "source_kind"]), action="create")
    return p


def core_evaluation(row: m.Evaluation) -> CoreEvaluation:
    return codec.decode(row.snapshot, CoreEvaluation)


def import_evaluation(user: Any, row: m.Evaluation) -> list[Problem]:
    """The problems the core reads from evaluation ``row`` as records (待整改); those already there are kept.

    The owner is the evaluated unit; the measures required start as the report's linked measures."""
    unit = row.evaluated_unit or (row.project.unit if row.project_id else None)
    if unit is None:
        raise FlowError(400, "该评价报告未关联被评价单位，不能登记问题。")
    if not is_manager(user, unit.pk):
        raise FlowError(403, "只有主管部门审核人或财政局可以从评价报告登记问题。")
    found = evaluation_problems(core_evaluation(row))
    texts = {x.title: x.text for x in found.measures}
    made = []
    with transaction.atomic():
        for item in found.problems:
            measures = "\n".join(f"{t}：{texts[t]}" for t in item.measures if t in texts)
            p, created = Problem.objects.get_or_create(
                evaluation=row, title=item.title[:500],
                defaults=dict(
                    source_kind="evaluation", source_ref=f"《{found.evaluation}》{item.section}",
                    source_line=item.source.line, project=row.project, project_name=found.project or "",
                    unit=unit, year=row.year, category="/".join(item.category), detail=item.detail,
                    measures_required=measures, created_by=user if getattr(user, "is_authenticated", False) else None,
                ))
            if created:
                audit.record_change(user, p, {}, audit.snapshot_fields(p, ["title", "unit", "source_ref"]),
                                    action="create")
                made.append(p)
    return made


# -- result application -----------------------------------------------------------------------


def open_problems(row: m.Evaluation) -> int:
    return Problem.objects.filter(evaluation=row, status__in=(P.PENDING, P.IN_PROGRESS)).count()


def evaluated_budget(row: m.Evaluation) -> Decimal | None:
    """The evaluated year's budget of the project: its linked project when of that year, else the
    project of that year with the same name (suffix variants ignored), else the 全年预算数 of that
    year's self-evaluation of it — never next year's budget (the link may point there)."""
    if row.project_id and (row.year is None or row.project.year == row.year):
        return row.project.budget
    if row.year is None:
        return None
    key = project_key(row.project_name or (row.project.name if row.project_id else ""))
    if not key:
        return None

    def same_project(rows: Any, name: str) -> list[Any]:
        scoped = [r for r in rows if project_key(getattr(r, name)) == key]
        in_unit = [r for r in scoped if r.unit_id == row.evaluated_unit_id]
        return in_unit or scoped

    projects = same_project(m.Project.objects.filter(year=row.year), "name")
    if len(projects) == 1 and projects[0].budget is not None:
        return projects[0].budget
    forms = same_project(m.SelfEvaluation.objects.filter(year=row.year, department_wide=False), "project_name")
    if len(forms) == 1:
        total = forms[0].budget_lines.order_by("position", "id").first()
        if total is not None:
            return total.adjusted_value if total.adjusted_value is not None else total.initial_value
    return None


def propose(row: m.Evaluation, budget: Decimal | None = None, rule: str = "default"):
    """The rule's decision for evaluation ``row`` (budget: given, else the evaluated year's 预算数)."""
    if budget is None:
        budget = evaluated_budget(row)
    return load_rule(rule).decide(row.grade or None, budget, open_problems(row))


def can_decide(user: Any) -> bool:
    return permissions.is_superuser(user) or permissions.role_of(user) in (m.Role.FINANCE_BUREAU, m.Role.ADMIN)


def decide(user: Any, row: m.Evaluation, *, decision: str | None = None, amount: Decimal | None = None,
           budget: Decimal | None = None, reason: str = "", rule: str = "default") -> ResultDecision:
    """Record the result application of ``row``: the rule's proposal, or the bureau's own decision with a reason."""
    if not can_decide(user):
        raise FlowError(403, "只有财政局可以确定评价结果应用。")
    proposal = propose(row, budget, rule)
    decision = (decision or "").strip() or proposal.decision
    amount = proposal.amount if amount is None else amount
    reason = reason.strip()
    if (decision != proposal.decision or amount != proposal.amount) and not reason:
        raise FlowError(400, f"应用决定与规则建议（{proposal.decision}）不同，须说明理由。")
    values = dict(project=row.project, grade=row.grade or "", rule=rule, proposed=proposal.decision,
                  decision=decision, budget=proposal.budget, amount=amount,
                  reason=reason or proposal.reason, open_problems=open_problems(row), decided_by=user)
    with transaction.atomic():
        current = ResultDecision.objects.filter(evaluation=row).first()
        before = audit.snapshot_fields(current, list(values)) if current else {}
        obj, _ = ResultDecision.objects.update_or_create(evaluation=row, defaults=values)
        audit.record_change(user, obj, before, audit.snapshot_fields(obj, list(values)), action="decide")
    return obj


LAST_YEAR_CODES = ("cross-year-target-low", "cross-year-budget-raised-low-grade")


def last_year(project: m.Project) -> dict[str, Any] | None:
    """What next year's entry and page show: last year's evaluations of the same project (unit +
    name), their grades, result decisions and open problems; the grade the stored final accounts
    of last year state (evaluation report, else 自评情况汇总表: ``checks.results_applied``); and the
    checks' findings on results applied (a target below last year's actual, a 中/差 project whose
    budget rises without a reason)."""
    if project.year is None or project.unit_id is None:
        return None
    key = normalise_name(project.name)
    rows = [e for e in m.Evaluation.objects.filter(year=project.year - 1).select_related("evaluated_unit")
            if e.project_id == project.pk or (e.evaluated_unit_id == project.unit_id
                                             and normalise_name(e.project_name) == key)]
    previous = entered.previous_accounts(project.unit, project.year)
    graded = stated_grade(entered.stored_document(previous), project.name) if previous is not None else None
    if not rows and graded is None:
        return None
    problems = Problem.objects.filter(evaluation__in=rows, status__in=(P.PENDING, P.IN_PROGRESS))
    decisions = ResultDecision.objects.filter(evaluation__in=rows)
    findings = [f for f in entered.project_findings(project) if f.code in LAST_YEAR_CODES]
    return {"year": project.year - 1, "evaluations": rows, "open_problems": list(problems),
            "decisions": list(decisions), "grade": graded[0] if graded else "",
            "grade_where": graded[1] if graded else "", "findings": findings}
