"""部门整体 targets: the project-target checks apply to their indicators, plus the 部门整体 ones.

The indicators are taken from seed 000's goal tables (a department's indicators are written alike)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.checks.department import check_department_targets
from jixiao.ingest import read_file
from jixiao.model.department import DepartmentTargets, FundLine

SEED = Path(__file__).resolve().parent / "data" / "000_9e54d6a05597118f.txt"


def _targets(**changes):
    goals = read_file(SEED).goals
    indicators = tuple(i for p in goals.projects for i in p.indicators)
    base = dict(
        department=goals.department.name, year=goals.year, overall_goal="推进法治政府建设。",
        duties=("统筹全市法治建设",), funds=(FundLine("财政拨款", Decimal("1200.50")), FundLine("其他资金", Decimal(30))),
        indicators=indicators,
    )
    return DepartmentTargets(**{**base, **changes}), goals


def test_total_and_project_shape():
    targets, _ = _targets()
    assert targets.total_funds == Decimal("1230.50")
    project = targets.as_project()
    assert (project.budget, project.fiscal_funds, project.other_funds) == (Decimal("1230.50"), Decimal("1200.50"), 30)
    assert project.goal == targets.overall_goal and project.indicators == targets.indicators


def test_indicator_checks_are_the_project_checks():
    targets, _ = _targets()
    codes = {f.code for f in check_department_targets(targets)}
    # the seed's qualitative 效益 targets ("有效提升") are found on the department's indicators too
    assert any(i.target.raw == "有效提升" for i in targets.indicators)
    assert "goal-benefit-qualitative" in codes
    assert not any(c.startswith("dept-") for c in codes)


def test_department_fields_are_required():
    targets, _ = _targets(overall_goal=" ", duties=(), funds=(), indicators=())
    codes = [f.code for f in check_department_targets(targets)]
    assert codes == ["dept-goal-missing", "dept-duties-missing", "dept-funds-missing", "dept-indicators-missing"]


def test_shared_checks_name_the_department_not_a_project():
    targets, _ = _targets()
    found = [f for f in check_department_targets(targets) if f.code.startswith("goal-")]
    assert found  # the seed's qualitative 效益 targets give goal-* findings on the department's indicators
    name = targets.department
    assert all(f"项目“{name}”" not in f.message for f in found)
    assert any(f"部门整体“{name}”" in f.message for f in found)
