"""Performance targets (绩效目标表): departments, units, projects, spending plans, indicators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.source import Source
from jixiao.model.target import TargetValue

Money = Decimal  # 万元 unless the document says otherwise

# The official indicator levels (财预〔2021〕101号, with 10号's 成本指标 under 产出 and 可持续影响指标):
# 一级 → its 二级. The one vocabulary: the entry form's drop-downs, the Excel templates' lists and
# the pairing check all read it; 三级 is free text.
INDICATOR_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}


@dataclass(frozen=True, slots=True)
class Department:
    name: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """A budget unit, e.g. code ``124001`` name ``青岛市司法局本级``."""

    code: str | None
    name: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class PlanPoint:
    """One checkpoint of the 资金支出计划: ``label`` as printed (``6月底``), ``month`` (6),
    and the amount written in that cell (``None`` where the cell is blank)."""

    label: str
    month: int
    amount: Money | None
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class SpendingPlan:
    header: str  # as printed, e.g. "资金支出计划（%）"
    points: tuple[PlanPoint, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str  # 一级指标: 产出指标 / 效益指标 / 满意度指标 / 成本指标
    level2: str  # 二级指标: 数量指标, 质量指标 …
    name: str  # 三级指标
    description: str  # 绩效指标描述
    target: TargetValue  # 指标值
    basis: str | None  # 指标值确定依据
    source: Source
    level1_inherited: bool = False  # 一级 cell was blank and taken from the row above
    # columns some provinces print beside the Qingdao six (None where the form has no such column)
    points: Decimal | None = None  # 分值 of the indicator
    nature: str | None = None  # 指标性质: =, ≥, ≤, 定性 … as printed
    measure_unit: str | None = None  # 度量单位 / 计量单位 in its own column
    previous: str | None = None  # 上年实际值 as printed
    note: str | None = None  # 备注


@dataclass(frozen=True, slots=True)
class Project:
    number: int | None  # the running number in the document ("3." of "3.法治专项业务费绩效目标表")
    code: str | None  # 项目编码
    name: str
    unit: Unit | None
    money_unit: str  # "万元"
    budget: Money | None  # 预算数
    fiscal_funds: Money | None  # 其中：财政资金
    other_funds: Money | None  # 其他资金
    purpose: str | None  # 资金用途
    spending_plan: SpendingPlan | None
    goal: str | None  # 绩效目标
    indicators: tuple[Indicator, ...]
    title: str  # the table title as printed
    source: Source
    raw: tuple[str, ...] = ()  # cells of the form that could not be split into fields, kept as printed
    basis_column: bool = True  # the form prints a 指标值确定依据 column (templates without one exist)


@dataclass(frozen=True, slots=True)
class GoalTables:
    """A department's book of 绩效目标表."""

    department: Department | None
    year: int | None
    title: str | None
    projects: tuple[Project, ...]
    source: Source
