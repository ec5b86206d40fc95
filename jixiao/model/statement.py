"""Statements in prose: a “三公”经费 explanation, a 绩效自评报告, a 绩效运行监控报告.

Such a document prints its numbers inside sentences (“2016年公务接待费预算8万元，比上年减少
4.35万元，减少率35.22%”). The reader keeps each number as a :class:`StatedFigure`: what it
is (an amount, a change, a percent …), whose it is (the subject: an item of the “三公”经费,
their total, a project), the year it belongs to, the value as printed (a ``Decimal`` in the
unit the sentence prints) and where it stands (line and column of its first digit).

Figures that belong to one listing — a total followed by its items (“合计33万元，其中：…”) —
share a ``scope``: the checks add up items only within their scope, so a document that
gives a district total and then a sub-total of the district's own units is not added up
across the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.source import Source
from jixiao.model.units import MONEY_UNITS as MONEY_UNITS  # (re-exported: the statement checks read them here)
from jixiao.model.units import to_unit as to_unit

# what a figure is
AMOUNT = "amount"  # an amount of money (预算数, 决算数, 支出数, 执行数 …)
CHANGE = "change"  # 比上年/比预算 增加/减少 X (money)
CHANGE_PERCENT = "change_percent"  # 增长/下降 X%
SHARE = "share"  # 占 X%
RATE = "rate"  # 执行率 / 完成率 X%
COUNT = "count"  # 批次, 人次, 辆, 个 …
PERCENT = "percent"  # another percent
NUMBER = "number"  # a number without a unit, kept as printed
BLANK = "blank"  # a slot left unfilled: “占 %”, “减少 万元”

# the direction of a change
UP, DOWN, FLAT = "增", "减", "持平"
# what a change is measured against
LAST_YEAR, BUDGET = "上年", "预算"
TOTAL = "合计"

# the items of the “三公”经费 (and the two costs some statements list alongside them)
OVERSEAS = "因公出国（境）费"
VEHICLES = "公务用车购置及运行维护费"
VEHICLE_PURCHASE = "公务用车购置费"
VEHICLE_RUNNING = "公务用车运行维护费"
VEHICLE = "公务用车"  # the vehicles themselves (保有量, 辆)
RECEPTION = "公务接待费"
MEETINGS = "会议费"
TRAINING = "培训费"
THREE_PUBLIC_ITEMS = (OVERSEAS, VEHICLES, VEHICLE_PURCHASE, VEHICLE_RUNNING, VEHICLE, RECEPTION, MEETINGS, TRAINING)


@dataclass(frozen=True, slots=True)
class StatedFigure:
    subject: str | None  # 因公出国（境）费, 公务用车运行维护费, 合计, a project name … (None: not said)
    what: str  # AMOUNT, CHANGE, …
    value: Decimal | None  # as printed, in ``unit``; None for a blank
    unit: str  # as printed: 万元, 元, 亿元, 万, %, 辆 … ("" for a bare number)
    raw: str  # the figure as printed, e.g. “4.35万元”, “占 %”
    source: Source  # line and column of the figure
    year: int | None = None  # the year the figure belongs to
    direction: str | None = None  # UP, DOWN, FLAT for a change
    against: str | None = None  # LAST_YEAR or BUDGET for a change
    edition: str | None = None  # "budget" | "final" when the words say so (预算 / 决算, 支出)
    label: str = ""  # the words before the figure in its clause (normalised), e.g. “2016年预算”
    scope: int | None = None  # the listing the figure belongs to (a total and its items)
    places: int = 0  # decimal places as printed


@dataclass(frozen=True, slots=True)
class Paragraph:
    heading: str | None  # the heading the paragraph stands under (“二、2021年“三公”经费决算情况”)
    text: str  # as printed (lines of a hard-wrapped paragraph joined)
    source: Source  # its first line
    line_starts: tuple[int, ...] = ()  # offsets in ``text`` where each further printed line begins

    def at(self, offset: int) -> Source:
        """Where the character at ``offset`` of ``text`` is printed: its line and column (the
        column counted from the first printed character of a continued line)."""
        starts = [start for start in self.line_starts if start <= offset]
        if not starts:
            return self.source.at(column=(self.source.column or 1) + offset)
        return self.source.at(line=(self.source.line or 0) + len(starts), column=offset - starts[-1] + 1)


@dataclass(frozen=True, slots=True)
class Statement:
    kind: str  # "three_public" | "monitoring_report" | "selfeval_report" | "operating_costs" | "procurement"
    title: str | None
    year: int | None
    body: str | None  # the department or unit, when the title names it
    edition: str | None  # "budget" | "final" | "mixed" (None: not said)
    paragraphs: tuple[Paragraph, ...]
    figures: tuple[StatedFigure, ...]
    source: Source

    def of(self, what: str, subject: str | None = None) -> tuple[StatedFigure, ...]:
        """The figures of one kind (and subject), in document order."""
        return tuple(f for f in self.figures if f.what == what and (subject is None or f.subject == subject))
