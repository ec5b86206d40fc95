"""Evaluation reports (部门评价 / 财政评价) with section scores and the full score table.

A report is kept whole: its cover (title, evaluator, evaluated unit, dates), the grade bands
it states, the section scores (决策 / 过程 / 产出 / 效益) as the report states them, every
sentence that states an indicator's score (``立项依据充分性指标共3分，得3分，扣0分``), the
score table (附件1) row by row, small tables such as the spending breakdown, and all prose
paragraphs in order. Values are read as printed; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.grades import GradeBands
from jixiao.model.source import Source


@dataclass(frozen=True, slots=True)
class SectionScore:
    """A 一级 score as the report states it: 决策 20 → 18.25 (91.25%, 优).

    ``name`` is the bare section name (``决策``; ``绩效评价结果`` for the total row of the
    finance summary table, ``部门绩效评价得分`` for the department report's total).
    """

    name: str
    weight: Decimal | None
    score: Decimal | None
    rate: Decimal | None  # 得分率 as a fraction (0.9125)
    grade: str | None
    raw: str  # the row (cells joined by " | ") or the sentence it was read from
    source: Source
    raw_rate: str | None = None  # "91.25%" as printed


@dataclass(frozen=True, slots=True)
class ScoreStatement:
    """A sentence of the report that states a score.

    ``kind`` says which phrasing it was read from:

    - ``"section"``: an abstract's per-section sentence (``项目决策指标共 20 分，得 18.25 分，扣 1.75 分``);
    - ``"item"``: an indicator's sentence (``立项依据充分性指标共3分，得3分，扣0分``);
    - ``"explanation"``: the 评分说明 conclusion (``该项指标得 2.25 分，扣 0.75 分，得分率为 75%``),
      named after the item sentence above it;
    - ``"sentence"``: a department report's ``…，得 1 分`` (no weight given).

    ``section`` is the heading the sentence sits under.
    """

    kind: str
    name: str
    weight: Decimal | None  # 共 N 分
    score: Decimal | None  # 得 N 分
    deduction: Decimal | None  # 扣 N 分
    rate: Decimal | None  # 得分率 as a fraction, where stated
    section: str
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """A row of the score table (附件1): levels one to four and everything the row says.

    Level names are given without their ``(20分)`` suffix and with converter spaces removed;
    the suffix values are in ``level1_weight`` / ``level2_weight``. ``inherited`` lists the
    levels (1–4) taken from the rows above because the cell was blank or missing;
    ``recovered`` lists levels whose name was missing and was read from the row's
    explanation (a finding says so). ``raw`` is the row as printed (tabs kept).
    """

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
    raw_weight: str = ""
    level1_weight: Decimal | None = None  # "决策 (20分)" → 20
    level2_weight: Decimal | None = None  # "项目立项 (6分)" → 6
    inherited: tuple[int, ...] = ()
    recovered: tuple[int, ...] = ()
    raw: str = ""
    computed: Decimal | None = None  # a computed score printed beside 得分 (a 计算得分 column)

    @property
    def name(self) -> str:
        """The most specific name the row has (四级, else 三级)."""
        return self.level4 or self.level3


@dataclass(frozen=True, slots=True)
class SpendingItem:
    """A row of a small two-column table such as 项目分类 / 金额（万元）."""

    name: str
    amount: Decimal | None
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class SpendingTable:
    header: tuple[str, ...]  # ("项目分类", "金额（万元）")
    money_unit: str | None  # "万元"
    rows: tuple[SpendingItem, ...]  # the 总计 row included, as printed
    source: Source


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage of the evaluation work: ``前期准备（2023年5月15日-2023年5月25日）``."""

    name: str
    start: str  # as printed, "2023年5月15日"
    end: str
    start_date: dt.date | None
    end_date: dt.date | None
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class GradeBand:
    """``90分（含）-100分为优`` as the report prints it: the grade, its lower bound (inclusive), the
    line. Grading itself is :class:`jixiao.model.grades.GradeBands` (see :attr:`Evaluation.bands`)."""

    grade: str
    lower: Decimal
    raw: str
    source: Source


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A prose paragraph or heading; ``path`` is the headings above it (outermost first).

    Lines the converter broke inside a sentence are joined (``source`` is the first line,
    ``last_line`` the last). Converter debris (LaTeX fragments, page numbers) is cleaned.
    """

    text: str
    heading: bool
    path: tuple[str, ...]
    source: Source
    last_line: int | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    kind: str  # "department" | "finance" | "unknown"
    title: str  # converter spaces removed: "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    project: str | None  # "法律援助及12348热线"
    evaluator: str | None  # 评价单位
    evaluated_unit: str | None  # 被评价单位
    report_date: str | None  # cover date as printed: "2023 年 6 月"
    signed_date: str | None  # "2023年5月12日"
    stages: tuple[Stage, ...]  # 前期准备 / 组织实施 / 分析评价 / 报告出具
    grade_bands: tuple[tuple[str, Decimal], ...]  # (("优", 90), ("良", 80), ("中", 70), ("差", 0))
    sections: tuple[SectionScore, ...]  # the report's own section scores (the last summary table)
    total: SectionScore | None  # 绩效评价结果 / 部门绩效评价得分
    grade: str | None
    conclusion: str | None  # "2022年度本项目绩效评价得分92.13分、等级为“优”。"
    score_table: tuple[ScoreItem, ...]
    score_table_total: Decimal | None  # the 合计 row's score
    paragraphs: tuple[Paragraph, ...]
    source: Source
    raw_title: str = ""
    year: int | None = None
    signed_by: str | None = None  # "青岛市司法局" above the signature date
    grade_band_lines: tuple[GradeBand, ...] = ()
    abstract_sections: tuple[SectionScore, ...] = ()  # earlier summary tables (摘要), total rows included
    statements: tuple[ScoreStatement, ...] = ()
    spending: tuple[SpendingTable, ...] = ()
    score_table_title: str | None = None
    score_table_weight_total: Decimal | None = None  # the 合计 row's weight
    score_table_total_source: Source | None = None

    @property
    def bands(self) -> GradeBands:
        """The grade bands the report states (none when it states none)."""
        return GradeBands.of(self.grade_bands)

    @property
    def text(self) -> tuple[str, ...]:
        """The report's prose paragraphs (headings included), in order."""
        return tuple(p.text for p in self.paragraphs)

    @property
    def period(self) -> tuple[str, ...]:
        """The stage dates as printed (``2023年5月15日-2023年5月25日``)."""
        return tuple(f"{s.start}-{s.end}" for s in self.stages)

    def section(self, name: str) -> SectionScore | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None

    def item(self, name: str) -> ScoreItem | None:
        for it in self.score_table:
            if name in (it.level4, it.level3):
                return it
        return None

    def statement(self, name: str, kind: str = "item") -> ScoreStatement | None:
        for s in self.statements:
            if s.kind == kind and s.name == name:
                return s
        return None
