"""Evaluation reports (部门评价 / 财政评价) with section scores and the full score table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.source import Source


@dataclass(frozen=True, slots=True)
class SectionScore:
    """A 一级 score as the report states it: 决策 20 → 18.25 (91.25%, 优)."""

    name: str
    weight: Decimal | None
    score: Decimal | None
    rate: Decimal | None  # 得分率 as a fraction (0.9125)
    grade: str | None
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """A row of the score table (附件1): levels one to four and everything the row says."""

    level1: str
    level2: str
    level3: str
    level4: str
    weight: Decimal | None
    explanation: str  # 指标解释
    benchmark: str  # 标杆值
    standard: str  # 评分标准
    basis: str  # 评分依据
    score: Decimal | None
    rate: Decimal | None  # 得分率 as a fraction
    raw_score: str
    raw_rate: str
    source: Source


@dataclass(frozen=True, slots=True)
class Evaluation:
    kind: str  # "department" | "finance"
    title: str
    project: str | None
    evaluator: str | None  # 评价单位
    evaluated_unit: str | None  # 被评价单位
    report_date: str | None  # "2023年5月" as printed
    signed_date: str | None  # "2023年5月12日"
    period: tuple[str, ...]  # stage dates as printed ("2023年5月15日-2023年5月25日")
    grade_bands: tuple[tuple[str, Decimal], ...]  # (("优", 90), ("良", 80), ("中", 70))
    sections: tuple[SectionScore, ...]
    total: SectionScore | None  # 绩效评价结果 / 部门绩效评价得分
    grade: str | None
    conclusion: str | None
    score_table: tuple[ScoreItem, ...]
    score_table_total: Decimal | None  # the 合计 row
    text: tuple[str, ...]  # the report's prose paragraphs, in order
    source: Source
