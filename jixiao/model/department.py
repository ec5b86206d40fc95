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
    """One row of 资金总额 by source: ``source`` as written (财政拨款, 上年结转, 其他资金 …), in 万元."""

    source: str
    amount: Decimal | None


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

    @property
    def total_funds(self) -> Decimal | None:
        """Σ of the sources written (None when no amount is)."""
        amounts = [f.amount for f in self.funds if f.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    def as_project(self) -> Project:
        """The targets in a project's shape (name = the department, 预算数 = 资金总额), for the checks
        and forms shared with project targets."""
        fiscal = next((f.amount for f in self.funds if f.source == "财政拨款"), None)
        other = [f.amount for f in self.funds if f.source != "财政拨款" and f.amount is not None]
        return Project(
            number=None,
            code=None,
            name=self.department,
            unit=None,
            money_unit=self.money_unit,
            budget=self.total_funds,
            fiscal_funds=fiscal,
            other_funds=sum(other, Decimal(0)) if other else None,
            purpose="；".join(self.duties) or None,
            spending_plan=None,
            goal=self.overall_goal,
            indicators=self.indicators,
            title=self.title,
            source=self.source,
        )
