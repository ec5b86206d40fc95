"""Checks on 部门整体 targets: the project-target checks that apply to a department's indicators,
run on the targets in a project's shape, plus the 部门整体 ones (a goal, a duty, the funds).

The project checks that do not apply are left out: the spending plan and its header (a
department's targets have none), the 成本 against 预算数 check and the required kinds of a
construction project.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks import goals
from jixiao.findings import make_finding
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.goals import Department, GoalTables

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
    found = [f for check in APPLYING for f in check(doc)]
    found += list(_own(targets))
    return found


def _own(targets: DepartmentTargets) -> Iterator[Finding]:
    if not targets.overall_goal.strip():
        yield make_finding("dept-goal-missing", targets.source, subject=targets.department)
    if not targets.duties:
        yield make_finding("dept-duties-missing", targets.source, subject=targets.department)
    if targets.total_funds is None:
        yield make_finding("dept-funds-missing", targets.source, subject=targets.department)
    if not targets.indicators:
        yield make_finding("dept-indicators-missing", targets.source, subject=targets.department)
