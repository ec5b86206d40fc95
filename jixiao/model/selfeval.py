"""Self-evaluation (绩效自评表) forms and the summary table (自评情况汇总表).

Everything is kept as published: a :class:`Figure` holds the text of a cell and its
number, so a score written "99.5896603" or a dash "-" survives as written. Cells that
fit no column of the form (a duplicated score, an extra amount) are kept in ``extra``
or ``stray`` rather than dropped; the reader reports each with a finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from jixiao.model.evaluation import ScoreItem
from jixiao.model.source import Source
from jixiao.model.target import TargetValue


@dataclass(frozen=True, slots=True)
class Figure:
    """A published number as written on a form: raw text and its value.

    ``value`` is None when the text is not a number (an explicit dash "-" keeps ``raw="-"``).
    A cell left blank is not a Figure at all: the field holding it is None.
    """

    raw: str
    value: Decimal | None
    source: Source
    unit: str | None = None  # the money unit its column header prints (``金额（元）``); None: the form's


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One funding row of the budget block: 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金."""

    name: str  # as printed, e.g. "其中：当年财政拨款"
    initial: Figure | None  # 年初预算数
    adjusted: Figure | None  # 调整后预算数 / 全年预算数 (A)
    executed: Figure | None  # 全年执行数 (B)
    weight: Figure | None  # 分值
    rate: Figure | None  # 执行率 (B/A)
    score: Figure | None  # 得分
    source: Source  # line and column of the row name
    extra: tuple[Figure, ...] = ()  # cells on the row that fit no column (e.g. a repeated amount)
    # columns some provinces print beside these (None where the form has no such column)
    carried_over: Figure | None = None  # 历年结余结转 / 上年结转
    adjustment: Figure | None = None  # 年中调整金额
    balance: Figure | None = None  # 本年度结余金额
    balance_rate: Figure | None = None  # 资金结余率
    reason: str | None = None  # 原因 / 得分计算方法 written on the row
    computed: Figure | None = None  # a computed score printed beside 得分 (计算得分 / 得分（计算）)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


_Line = TypeVar("_Line", bound=_Named)
TOTAL_LINE_WORDS = ("总额", "合计")  # 年度资金总额 (the 10号 form), 资金总额, 合计


def find_total_line(lines: Sequence[_Line]) -> _Line | None:
    """The total row of a budget block: the first row whose name (whitespace removed) contains
    总额 or 合计 (``年度资金总额``, ``合计``); else the first row, where the forms print the total.

    One rule for the scoring, the checks and the pages: :attr:`SelfEvaluation.total_line` calls it
    on the model's rows, the web pages on the stored rows.
    """
    for line in lines:
        name = "".join((line.name or "").split())
        if any(word in name for word in TOTAL_LINE_WORDS):
            return line
    return lines[0] if lines else None


@dataclass(frozen=True, slots=True)
class ColumnFormula:
    """A formula a form prints over its columns (福建: ``小计 ④=①+②+③``, ``支出实现率 ⑥=⑤/④``):
    ``result`` and ``operands`` are :class:`BudgetLine` field names, ``op`` one of ``+ - /``
    (``+`` and ``-`` apply left to right: ``⑦=④-⑤``)."""

    result: str
    signs: tuple[str, ...]  # the sign before each operand: ("+", "+", "+") or ("+", "-"); ("/",) divides
    operands: tuple[str, ...]
    raw: str  # as printed: "④=①+②+③"
    source: Source


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One row of 年度绩效指标: the target set for the year and what was achieved.

    ``level1``/``level2`` are the labels in force for the row: printed on it, or carried
    over from a row above (then ``level1_inherited``/``level2_inherited`` is True).
    ``level1_points`` is the weight printed in the 一级 label ("产出指标 (50分)" → 50).
    """

    level1: str  # 一级指标 (whitespace removed, the "(50分)" suffix removed)
    level2: str  # 二级指标 ("" when none is in force)
    name: str  # 三级指标
    target: TargetValue  # 年度指标值 (A)
    actual: TargetValue  # 实际完成值 (B)
    weight: Figure | None  # 分值
    score: Figure | None  # 得分
    deviation: str | None  # 偏差原因分析及改进措施
    source: Source  # line and column of the 三级 cell
    level1_points: Decimal | None = None
    level1_inherited: bool = False
    level2_inherited: bool = False
    extra: tuple[Figure, ...] = ()  # cells on the row that fit no column (e.g. a score written twice)
    # columns some provinces print beside these (None where the form has no such column)
    nature: str | None = None  # 指标性质: =, ≥, ≤, 定性 … as printed
    measure_unit: str | None = None  # 度量单位 in its own column
    description: str | None = None  # 指标解释
    method: str | None = None  # 得分计算方法
    review_score: Figure | None = None  # 复核分
    core: str | None = None  # 是否核心指标
    coefficient: Figure | None = None  # 得分系数
    computed: Figure | None = None  # a computed score printed beside 得分 (计算得分 / 得分（计算）)


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    title: str  # "市级预算项目支出绩效自评表"
    year: int | None
    project: str  # 项目名称 ("" when the form has none; a finding says so)
    department: str | None  # 主管部门
    unit: str | None  # 项目实施单位
    phone: str | None  # 联系电话
    money_unit: str | None  # "万元" of "单位：万元"
    budget_weight_label: str | None  # "项目预算执行情况 (10分)" as printed
    budget_points: Decimal | None  # 10 of that label
    budget_lines: tuple[BudgetLine, ...]
    goal_expected: str | None  # 年初预期目标
    goal_actual: str | None  # 目标实际完成情况
    indicator_weight_label: str | None  # "年度绩效指标 (50分)" as printed
    indicator_points: Decimal | None  # 50 of that label
    indicators: tuple[IndicatorResult, ...]
    subtotal_weight: Figure | None  # 小计 分值
    subtotal_score: Figure | None  # 小计 得分
    total: Figure | None  # 总分 (published)
    low_score_label: str | None  # "总分在 80 分以下的项目未实现绩效目标的原因分析及拟采取的措施说明："
    low_score_explanation: str | None  # what is written after that label (None when blank)
    notes: tuple[str, ...]  # 注：1. … as printed, one line each
    source: Source  # the title line
    stray: tuple[Figure, ...] = ()  # cells of the 小计/总分 rows that fit no column
    department_wide: bool = False  # 部门整体支出绩效自评表 (not one project)
    raw: tuple[str, ...] = ()  # cells of the form that could not be split into fields, kept as printed
    formulas: tuple[ColumnFormula, ...] = ()  # formulas printed in the budget block's header
    total_computed: Figure | None = None  # the computed 总分 printed beside the form's own

    def unit_of(self, figure: Figure) -> str | None:
        """The money unit of one of the form's amounts: its column header's, else the form's."""
        return figure.unit or self.money_unit

    @property
    def total_line(self) -> BudgetLine | None:
        """The budget block's total row (年度资金总额): see :func:`find_total_line`."""
        return find_total_line(self.budget_lines)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A row of 自评情况汇总表."""

    number: int | None  # 序号
    unit: str  # 项目实施单位
    project: str  # 项目名称
    score: Figure | None  # 自评得分, as written ("99.756")
    grade: str | None  # 评价等级: 优 / 良 / 中 / 差
    source: Source


@dataclass(frozen=True, slots=True)
class SelfEvaluationSummary:
    title: str
    department: str | None  # 部门名称
    rows: tuple[SummaryRow, ...]
    notes: tuple[str, ...]  # 注：1. … as printed
    source: Source
    remarks: tuple[str, ...] = ()  # prose after the table ("本部门开展的另外20项…不予公开。")


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """A score table standing on its own (绩效评价得分表, 自评得分表): rows of 一级/二级/三级 with
    分值 and 得分 (:class:`~jixiao.model.evaluation.ScoreItem`), and what could not be split."""

    title: str | None
    items: tuple[ScoreItem, ...]
    total: Figure | None  # 总分 得分 (None when blank or not printed)
    source: Source
    raw: tuple[str, ...] = ()
    total_row: Source | None = None  # where the 总分 / 合计 row is printed (None: no total row)
    total_weight: Figure | None = None  # its 分值, when printed
    open_levels: tuple[str, ...] = ()  # levels whose weight the rows do not fill: the table is cut short

    @property
    def complete(self) -> bool:
        """Every row scored and no level left unfilled (a whole table, not an excerpt's head)."""
        return (
            bool(self.items)
            and not self.open_levels
            and all(i.score is not None for i in self.items if "可选" not in i.level3)  # an alternative not chosen
        )


@dataclass(frozen=True, slots=True)
class StatedScore:
    """A score stated in prose beside the forms: "自评得分 90 分"."""

    label: str  # "自评得分"
    score: Decimal
    raw: str
    source: Source
    sentence: str = ""  # the sentence it stands in, from its start ("本部门对部门整体支出开展绩效自评，自评得分90分")


@dataclass(frozen=True, slots=True)
class SelfEvaluationForms:
    """Forms read on their own (not inside a 决算): project or 部门整体 self-evaluation forms,
    score tables, and scores stated in prose. ``self_evaluations`` and
    ``self_evaluation_summary`` carry the names :class:`FinalAccounts` uses, so the scoring
    rules and checks read both alike."""

    title: str | None
    year: int | None
    department: str | None
    self_evaluations: tuple[SelfEvaluation, ...]
    score_tables: tuple[ScoreTable, ...]
    stated_scores: tuple[StatedScore, ...]
    source: Source
    self_evaluation_summary: SelfEvaluationSummary | None = None
