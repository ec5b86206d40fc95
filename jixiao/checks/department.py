"""Checks on 部门整体 targets: the project-target checks that apply to a department's indicators,
run on the targets in a project's shape, plus the 部门整体 ones (a goal, a duty, the funds).

The project checks that do not apply are left out: the spending plan and its header (a
department's targets have none), the 成本 against 预算数 check and the required kinds of a
construction project.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from jixiao.checks import goals
from jixiao.checks.arith import CENT, verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.goals import Department, GoalTables
from jixiao.numbers import money, plain

FULL_POINTS = Decimal(100)

APPLYING = (
    goals.check_quantified,
    goals.check_basis,
    goals.check_value_kind,
    goals.check_degenerate,
    goals.check_duplicates,
    goals.check_pairing,
)


def check_department_targets(targets: DepartmentTargets) -> list[Finding]:
    """Every finding on ``targets``: the shared indicator checks, then the 部门整体 ones."""
    project = targets.as_project()
    book = GoalTables(Department(targets.department), targets.year, targets.title, (project,), targets.source)
    doc = Document(targets.source.path, "goal_tables", None, 0, book, None, (), ())
    found = [_as_department(f, project.name) for check in APPLYING for f in check(doc)]
    found += list(_own(targets))
    return found


def _as_department(found: Finding, name: str) -> Finding:
    """A shared project check names its subject 项目“…”; on 部门整体 targets the subject is the department."""
    if not name or f"项目“{name}”" not in found.message:
        return found
    return replace(found, message=found.message.replace(f"项目“{name}”", f"部门整体“{name}”"))


@check(
    "dept-goal-missing", "dept-duties-missing", "dept-funds-missing", "dept-indicators-missing",
    "dept-funds-total-mismatch", "dept-fund-parts-exceed", "dept-tasks-exceed-funds", "rounding-gap",
    "dept-indicator-target-missing", "dept-points-total", "goal-value-not-quantified", "goal-benefit-qualitative",
    "goal-cost-qualitative", "goal-basis-missing", "goal-value-kind-mismatch", "goal-target-degenerate",
    "goal-indicator-duplicate", "goal-indicator-pairing",
)  # fmt: skip
def check_department_documents(doc: Document) -> Iterator[Finding]:
    """Every 部门整体 target table a document holds, on its own or as a part of a book."""
    for body in doc.all_bodies():
        if isinstance(body, DepartmentTargets):
            yield from check_department_targets(body)


def _own(targets: DepartmentTargets) -> Iterator[Finding]:
    subject = targets.department or targets.title  # a table that names no department: its title
    if not targets.overall_goal.strip():
        yield make_finding("dept-goal-missing", targets.source, subject=subject)
    if not targets.duties:
        yield make_finding("dept-duties-missing", targets.source, subject=subject)
    if targets.total_funds is None and targets.printed_total is None:
        yield make_finding("dept-funds-missing", targets.source, subject=subject)
    if not targets.indicators:
        yield make_finding("dept-indicators-missing", targets.source, subject=subject)
    yield from _funds(targets)
    yield from _indicators(targets)


def _funds(targets: DepartmentTargets) -> Iterator[Finding]:
    """Σ of the sources against the printed 资金总额 (尾数误差 at 0.01), and the 其中 lines against
    the line they are part of."""
    subject = targets.department or targets.title
    top = [f for f in targets.funds if f.part_of is None and f.amount is not None]
    total = targets.total_funds
    if targets.printed_total is not None and total is not None and len(top) > 1:
        where = next((f.where for f in top if f.where is not None), targets.source)
        names = " + ".join(f.source for f in top)
        outcome = verdict(targets.printed_total, total, summands=1)
        if outcome == "mismatch":
            yield make_finding(
                "dept-funds-total-mismatch", where, subject=subject, names=names, actual=money(total),
                expected=money(targets.printed_total), gap=money(abs(total - targets.printed_total)),
                unit=targets.money_unit,
            )  # fmt: skip
        elif outcome == "rounding":
            yield make_finding(
                "rounding-gap", where, subject=subject, what=f"部门“{subject}”资金总额", rule=f"{names} = 资金总额",
                expected=money(targets.printed_total), actual=money(total),
                gap=money(abs(total - targets.printed_total)), summands=1,
            )  # fmt: skip
    planned = [k.amount for k in targets.tasks if k.amount is not None]
    funds_total = targets.printed_total if targets.printed_total is not None else total
    if planned and funds_total is not None and sum(planned, Decimal(0)) > funds_total + CENT:
        where = next((k.where for k in targets.tasks if k.where is not None), targets.source)
        yield make_finding(
            "dept-tasks-exceed-funds", where, subject=subject, count=len(planned),
            actual=money(sum(planned, Decimal(0))), expected=money(funds_total), unit=targets.money_unit,
        )  # fmt: skip
    for parent in top:
        parts = [f for f in targets.funds if f.part_of == parent.source and f.amount is not None]
        part_sum = sum((f.amount for f in parts if f.amount is not None), Decimal(0))
        if parts and parent.amount is not None and part_sum > parent.amount + CENT:
            yield make_finding(
                "dept-fund-parts-exceed", parts[0].where or targets.source, subject=subject, parent=parent.source,
                names="、".join(f.source for f in parts), actual=money(part_sum), expected=money(parent.amount),
            )  # fmt: skip


def _indicators(targets: DepartmentTargets) -> Iterator[Finding]:
    """An indicator printed without its 指标值; the 分值, where printed, adding up to 100."""
    subject = targets.department or targets.title
    for ind in targets.indicators:
        if not ind.target.raw.strip():
            yield make_finding("dept-indicator-target-missing", ind.source, subject=ind.name or ind.description,
                               department=subject)  # fmt: skip
    weighted = [i for i in targets.indicators if i.points is not None]
    if weighted:
        total = sum((i.points for i in weighted if i.points is not None), Decimal(0))
        unweighted = len(targets.indicators) - len(weighted)
        if total != FULL_POINTS or unweighted:
            detail = f"；另有{unweighted}个指标未填分值" if unweighted else ""
            yield make_finding(
                "dept-points-total", weighted[0].source, subject=subject, actual=plain(total),
                expected=plain(FULL_POINTS), count=len(weighted), detail=detail,
            )  # fmt: skip
