"""Self-evaluation (绩效自评表) forms and the summary table (自评情况汇总表)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.source import Source
from jixiao.model.target import TargetValue


@dataclass(frozen=True, slots=True)
class Figure:
    """A published number as written on a form: raw text and its value (None if blank)."""

    raw: str
    value: Decimal | None
    source: Source


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One funding row of the budget block: 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金."""

    name: str
    initial: Figure | None  # 年初预算数
    adjusted: Figure | None  # 调整后预算数 / 全年预算数 (A)
    executed: Figure | None  # 全年执行数 (B)
    weight: Figure | None  # 分值
    rate: Figure | None  # 执行率 (B/A)
    score: Figure | None  # 得分
    source: Source


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    level1: str  # 一级指标 (as printed, with the "(50分)" suffix removed)
    level2: str  # 二级指标
    name: str  # 三级指标
    target: TargetValue  # 年度指标值 (A)
    actual: TargetValue  # 实际完成值 (B)
    weight: Figure | None  # 分值
    score: Figure | None  # 得分
    deviation: str | None  # 偏差原因分析及改进措施
    source: Source


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    title: str  # "市级预算项目支出绩效自评表"
    year: int | None
    project: str
    department: str | None  # 主管部门
    unit: str | None  # 项目实施单位
    phone: str | None
    money_unit: str | None
    budget_weight_label: str | None  # "项目预算执行情况 (10分)"
    budget_lines: tuple[BudgetLine, ...]
    goal_expected: str | None  # 年初预期目标
    goal_actual: str | None  # 目标实际完成情况
    indicators: tuple[IndicatorResult, ...]
    subtotal_weight: Figure | None  # 小计 分值
    subtotal_score: Figure | None  # 小计 得分
    total: Figure | None  # 总分 (published)
    low_score_explanation: str | None  # 总分在80分以下…的原因分析及拟采取的措施说明
    notes: tuple[str, ...]  # 注：1. … as printed
    source: Source


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A row of 自评情况汇总表."""

    number: int | None
    unit: str
    project: str
    score: Figure | None
    grade: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class SelfEvaluationSummary:
    title: str
    department: str | None
    rows: tuple[SummaryRow, ...]
    notes: tuple[str, ...]
    source: Source
