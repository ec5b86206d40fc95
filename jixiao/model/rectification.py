"""Problems found by an evaluation (or a reviewer, a monitoring light, a sampling review) and
their rectification (整改); the result-application decision (结果应用) of an evaluated project.

An evaluation report ends with its problems (``存在问题`` / ``问题和建议`` / ``存在的问题及原因分析``)
and the measures it asks for (``相关建议`` / ``改进措施（结果应用）``). The reader
(:mod:`jixiao.ingest.evaluation.problems`) turns them into :class:`ProblemItem` and
:class:`Measure` values; the web store keeps one record per problem and follows it through the
statuses below until a verifier confirms it (已核实).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.source import Source

# Statuses of a problem's rectification, in the order they are reached. 逾期 is not set by hand:
# an open problem (待整改 / 整改中) whose deadline has passed *is* overdue (see :func:`effective_status`).
PENDING, IN_PROGRESS, RECTIFIED, OVERDUE, VERIFIED = "待整改", "整改中", "已整改", "逾期", "已核实"
STATUSES = (PENDING, IN_PROGRESS, RECTIFIED, OVERDUE, VERIFIED)
OPEN_STATUSES = (PENDING, IN_PROGRESS, OVERDUE)

# Where a problem came from.
SOURCE_KINDS = {
    "evaluation": "评价报告（问题和建议）",
    "finding": "审核发现（审核人提出）",
    "monitoring": "运行监控红灯",
    "sampling": "抽查复核",
}


@dataclass(frozen=True, slots=True)
class ProblemItem:
    """One problem an evaluation report states: ``（1）绩效指标不够明确合理`` with its explanation.

    ``category`` is the headings between the problems section and the item (``决策类 / 绩效目标类``);
    ``detail`` the paragraphs under it (empty in a summary that lists titles only); ``measures``
    the titles of the report's measures that share a word with the problem (see the reader).
    """

    title: str
    category: tuple[str, ...]
    detail: str
    section: str  # the heading of the problems section as printed, squeezed: "三、存在问题"
    source: Source
    measures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure or suggestion of the report: ``（一）优化绩效目标管理`` and what it says."""

    title: str
    text: str
    section: str
    source: Source


@dataclass(frozen=True, slots=True)
class EvaluationProblems:
    """What an evaluation asks to be rectified: its problems and its measures, in the report's order."""

    evaluation: str  # the report's title
    project: str | None
    unit: str | None  # 被评价单位
    year: int | None
    grade: str | None
    problems: tuple[ProblemItem, ...]
    measures: tuple[Measure, ...]


def effective_status(status: str, deadline: dt.date | None, today: dt.date) -> str:
    """The status shown: an open problem past its deadline is 逾期."""
    if status in (PENDING, IN_PROGRESS) and deadline is not None and deadline < today:
        return OVERDUE
    return status


@dataclass(frozen=True, slots=True)
class Decision:
    """A result-application decision: what the rule proposes for next year's budget of a project.

    ``amount`` is next year's amount (万元) the rule gives from this year's ``budget`` (None when the
    budget is unknown); ``reason`` says, in Chinese, which rule line gave it.
    """

    grade: str | None
    decision: str  # 保持 / 调减 / 整改后安排 / 取消 …
    change: Decimal | None  # fraction: -0.10 for 调减 10%; None where the amount is decided by hand
    budget: Decimal | None
    amount: Decimal | None
    reason: str
