"""部门整体 (department-wide) performance targets and their self-evaluation (issue 18, item 2).

A department's 部门整体绩效目标表 states the 年度总体目标, the 部门职责 it serves, the 资金总额 by
source (财政拨款, 其他资金 …) and indicators under the 部门整体 framework (产出 / 效益 / 满意度, with
履职 and 管理 二级 where the framework has them). The indicators are the same records as a
project's (:class:`~jixiao.model.goals.Indicator`), so every check of a project's indicators applies.
The 部门整体 self-evaluation is a :class:`~jixiao.model.selfeval.SelfEvaluation` with
``department_wide=True`` (the forms read from the corpus already are).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.goals import Indicator, Project
from jixiao.model.source import Source

FUND_SOURCES = ("财政拨款", "其他资金")  # the usual rows; any other name is kept as written


@dataclass(frozen=True, slots=True)
class FundLine:
    """One row of 资金总额 by source: ``source`` as written (财政拨款, 上年结转, 其他资金 …), in the
    table's money unit. ``part_of`` names the line it is a part of (``其中：一般公共预算`` under
    财政拨款): such a line is not added again into the total."""

    source: str
    amount: Decimal | None
    part_of: str | None = None
    where: Source | None = None


@dataclass(frozen=True, slots=True)
class DutyTask:
    """One row of the 部门职责 table: a 部门职能, a 重点工作 (活动) under it, and its 资金 as printed."""

    duty: str
    task: str
    amount: Decimal | None = None
    where: Source | None = None


@dataclass(frozen=True, slots=True)
class DepartmentTargets:
    department: str  # 部门名称
    year: int | None
    overall_goal: str  # 年度总体目标
    duties: tuple[str, ...]  # 部门职责, one item each
    funds: tuple[FundLine, ...]  # 资金总额 by source
    indicators: tuple[Indicator, ...]
    title: str = "部门整体绩效目标表"
    money_unit: str = "万元"
    source: Source = field(default_factory=lambda: Source(""))
    printed_total: Decimal | None = None  # 资金总额 (合计) as printed; None when the table prints none
    tasks: tuple[DutyTask, ...] = ()  # 部门职能 → 重点工作 → 资金, where the table prints them
    basis_column: bool = True  # the table prints a 指标值确定依据 column (most 部门整体 forms do not)

    @property
    def total_funds(self) -> Decimal | None:
        """Σ of the sources written, parts (其中) left out (None when no amount is)."""
        amounts = [f.amount for f in self.funds if f.amount is not None and f.part_of is None]
        return sum(amounts, Decimal(0)) if amounts else None

    def as_project(self) -> Project:
        """The targets in a project's shape (name = the department, 预算数 = 资金总额), for the checks
        and forms shared with project targets."""
        top = [f for f in self.funds if f.part_of is None]
        fiscal = next((f.amount for f in top if f.source == "财政拨款"), None)
        other = [f.amount for f in top if f.source != "财政拨款" and f.amount is not None]
        return Project(
            number=None,
            code=None,
            name=self.department,
            unit=None,
            money_unit=self.money_unit,
            budget=self.printed_total if self.printed_total is not None else self.total_funds,
            fiscal_funds=fiscal,
            other_funds=sum(other, Decimal(0)) if other else None,
            purpose="；".join(self.duties) or None,
            spending_plan=None,
            goal=self.overall_goal,
            indicators=self.indicators,
            title=self.title,
            source=self.source,
            basis_column=self.basis_column,
        )
