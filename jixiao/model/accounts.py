"""Final accounts (部门决算): the disclosure tables, the narrative and its stated numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.model.source import Source


class TableKind(StrEnum):
    """The nine disclosure tables, keyed by title (their numbers differ between templates)."""

    SUMMARY = "income_expenditure_summary"  # 收入支出决算总表
    INCOME = "income"  # 收入决算表
    EXPENDITURE = "expenditure"  # 支出决算表
    FISCAL_SUMMARY = "fiscal_summary"  # 财政拨款收入支出决算总表
    GENERAL_BUDGET = "general_budget_expenditure"  # 一般公共预算财政拨款支出决算表
    GENERAL_BUDGET_BASIC = "general_budget_basic_expenditure"  # …基本支出决算（明细）表
    GOV_FUND = "government_fund"  # 政府性基金预算财政拨款收入支出决算表
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算财政拨款（收入）支出决算表
    THREE_PUBLIC = "three_public"  # 财政拨款“三公”经费支出决算表


@dataclass(frozen=True, slots=True)
class Amount:
    """One number-bearing cell: the column it sits under, the raw text and its value."""

    column: str
    raw: str
    value: Decimal | None
    source: Source


@dataclass(frozen=True, slots=True)
class Entry:
    """One logical row of a table side.

    ``side`` is ``"收入"`` / ``"支出"`` for two-sided tables (01, 04), the panel title for
    table 06 (``"人员经费"`` / ``"公用经费"``), and ``""`` for single-sided tables.
    ``code`` is a subject code (201, 20103, 2010350 / 301, 30101) where the table has one;
    ``row_no`` is the 行次 where printed. ``amounts`` follow the header's column order.
    """

    side: str
    code: str | None
    name: str
    row_no: str | None
    amounts: tuple[Amount, ...]
    source: Source

    def amount(self, column: str) -> Decimal | None:
        for a in self.amounts:
            if a.column == column:
                return a.value
        return None

    @property
    def level(self) -> str | None:
        """类 / 款 / 项 from the code length (3 / 5 / 7 digits)."""
        if not self.code or not self.code.isdigit():
            return None
        return {3: "类", 5: "款", 7: "项"}.get(len(self.code))


@dataclass(frozen=True, slots=True)
class Table:
    kind: TableKind
    title: str  # as printed
    number: str | None  # "公开01表"
    department: str | None
    money_unit: str | None  # "万元"
    columns: tuple[str, ...]  # the value columns per side, header text joined with "·"
    entries: tuple[Entry, ...]
    notes: tuple[str, ...]
    empty_note: str | None  # "本部门没有政府性基金收入…故本表无数据"
    source: Source
    column_units: tuple[tuple[str, str], ...] = ()  # (column, unit) where a header prints its own (金额（元）)

    def unit_of(self, column: str) -> str | None:
        """The money unit of a column's amounts: its header's own, else the table's ``单位：``."""
        return next((u for c, u in self.column_units if c == column), self.money_unit)

    def side(self, side: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.side == side)

    def find(self, name_or_code: str, side: str | None = None) -> Entry | None:
        for e in self.entries:
            if side is not None and e.side != side:
                continue
            if e.code == name_or_code or e.name == name_or_code:
                return e
        return None


@dataclass(frozen=True, slots=True)
class StatedNumber:
    """A number the narrative states, with the words just before it.

    ``raw`` is the number as printed (``"96,719.61"``), ``value`` the same as Decimal
    (separators removed). ``unit`` is 万元, %, 辆, 个, 人次, 批次, 台（套） … or ``None``
    when no unit follows (a name such as ``12348``); calendar years and dates
    (``2022年度``, ``2022年12月31日``) have unit ``"日期"`` with the year as value and the
    whole date as ``raw`` (see :attr:`is_date`). ``label`` is the phrase that names it
    (``"本年收入合计"``, ``"占"``, ``"增长"``, ``"完成年初预算的"``): the words since the
    previous punctuation mark or number; a direction word (增加/减少/增长/下降…) closing that
    phrase is the label on its own; numbers listed with ``、`` share the label of the first.
    ``comparator`` is a sign printed before the number (``"≥"`` in ``≥ 95%``).
    ``position`` is the character offset in the section text. ``source.line`` is the line
    the number is printed on and ``source.column`` the 1-based character offset of the
    number in that line's raw text (not a cell index; ``None`` if it could not be mapped).
    """

    raw: str
    value: Decimal
    unit: str | None
    label: str
    position: int
    source: Source
    comparator: str | None = None

    @property
    def is_date(self) -> bool:
        return self.unit == "日期"


@dataclass(frozen=True, slots=True)
class NarrativeSection:
    """A section of a prose part (部门概况, 情况说明, 名词解释, the table of contents).

    Sections are cut at headings (``一、`` level 2, ``（一）`` level 3, ``1.`` level 4,
    ``（1）`` level 5; a ``第X部分`` line inside a part is level 1; text before the first
    heading forms a level-0 section headed by the part). A numbered paragraph that carries
    prose (``1. 一般公共服务支出（类）…（项）。年初预算为…``, ``一、财政拨款收入：指…``) is
    an item section: its ``heading`` is the ordinal and the lead phrase, its ``text``
    starts with the paragraph (without the ordinal). ``text`` is the paragraphs joined by
    ``"\n"``, each paragraph re-joined from the lines the converter broke it into.
    ``figures`` are chart captions (the charts themselves are not in the text).
    ``spans`` are (offset in ``text``, line number) for each line that went into ``text``.
    """

    part: str  # "第三部分 2022年度部门决算情况说明"
    heading: str  # "一、收入支出决算总体情况" / "(一) 机关运行经费支出情况"
    path: tuple[str, ...]  # headings from the part down to this section (itself included)
    text: str
    numbers: tuple[StatedNumber, ...]
    figures: tuple[str, ...]  # chart captions named in the text ("本年收入决算结构图")
    source: Source
    ordinal: str | None = None  # "三", "（一）", "1" as printed (without 、 / .)
    title: str = ""  # the heading without its ordinal
    level: int = 0
    lines: tuple[int, ...] = ()  # every line placed into this section (heading, text, captions)
    spans: tuple[tuple[int, int], ...] = ()

    def line_at(self, position: int) -> int | None:
        """The line on which the character at ``position`` of ``text`` is printed."""
        found = None
        for offset, line in self.spans:
            if offset > position:
                break
            found = line
        return found


@dataclass(frozen=True, slots=True)
class Fact:
    """A named fact read from the narrative, e.g. ``three_public.vehicles.held`` = 44 辆.

    ``label`` is the wording that names the number in the text (for changes the direction
    word, ``"增加"`` / ``"减少"``, since values are kept as printed, without a sign).
    ``subject`` names what the fact is about where the key cannot (a 类 name, a 项 line, a
    project); ``classification`` is (类, 款, 项) for 项-level items. Worded facts (a grade
    ``"优"``) have ``value`` None and the word in ``text``.
    """

    key: str
    value: Decimal | None
    unit: str | None
    raw: str
    source: Source
    label: str = ""
    subject: str | None = None
    classification: tuple[str, ...] = ()
    text: str | None = None
