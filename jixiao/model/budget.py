"""Budget disclosures (部门预算 / 单位预算公开): the tables, the narrative and its stated facts.

A budget disclosure is published by a department (部门预算: the department and its units
together) or by one budget unit (单位预算). Its tables are keyed by title, never by number
(templates differ in order and count); every amount keeps its raw text and its source
(page, table, row, column). Rows are the same :class:`~jixiao.model.accounts.Entry` records
as in the 决算 tables (side, subject code, name, amounts), so the table machinery is shared.
Money stays in the unit the table prints (``元`` in most tables, ``万元`` in the 三公 table
and in the narrative); checks convert only to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.model.accounts import Entry, Fact, NarrativeSection
from jixiao.model.goals import Department
from jixiao.model.source import Source


class Edition(StrEnum):
    DEPARTMENT = "department"  # 部门预算
    UNIT = "unit"  # 单位预算


class BudgetTableKind(StrEnum):
    """The budget tables, by title (财政部 部门预算公开 template and the provinces' variants)."""

    SUMMARY = "budget_summary"  # (财务)收支(预算)总表
    INCOME = "budget_income"  # 收入(预算)总表
    EXPENDITURE = "budget_expenditure"  # 支出(预算)总表
    FISCAL_SUMMARY = "budget_fiscal_summary"  # 财政拨款收支(预算)总表
    GENERAL = "budget_general"  # 一般公共预算支出(功能分类预算)表
    GOV_FUND = "budget_government_fund"  # 政府性基金预算支出(功能分类预算)表
    STATE_CAPITAL = "budget_state_capital"  # 国有资本经营预算支出(功能分类预算)表
    GENERAL_BASIC = "budget_general_basic"  # 一般公共预算基本支出(部门预算经济分类预算)表
    THREE_PUBLIC = "budget_three_public"  # “三公”经费(和机关运行经费)预算表
    OTHER = "budget_other"  # a table the template does not have: kept as read


UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def to_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    """An amount in 元 (``None`` for a unit this module does not know)."""
    factor = UNIT_FACTORS.get(unit or "")
    return value * factor if factor is not None else None


@dataclass(frozen=True, slots=True)
class BudgetTable:
    kind: BudgetTableKind
    title: str  # as printed
    body: str | None  # 编制部门 / 编制单位 as printed above the table
    unit: str | None  # 元 / 万元 (from 单位：…)
    columns: tuple[str, ...]  # the value columns, header text joined with "·"
    rows: tuple[Entry, ...]
    notes: tuple[str, ...]
    empty_note: str | None  # "注:本部门2026年无政府性基金预算…故本表为空表。"
    source: Source

    @property
    def empty(self) -> bool:
        """No amount other than zero anywhere in the table."""
        return not any(a.value for e in self.rows for a in e.amounts)

    def side(self, side: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.rows if e.side == side)

    # The names the 决算 :class:`~jixiao.model.accounts.Table` uses, so that the official
    # layouts (jixiao.report.disclosure_layout) draw a budget table as they draw a 决算 one.
    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.rows

    @property
    def number(self) -> str | None:
        return None  # budget tables are numbered by their place in the document, not by a printed 表号

    @property
    def department(self) -> str | None:
        return self.body

    @property
    def money_unit(self) -> str | None:
        return self.unit


@dataclass(frozen=True, slots=True)
class BudgetDisclosure:
    edition: Edition | None
    department: Department | None  # the body: 预算主管部门 / 预算单位
    year: int | None
    title: str | None  # "上海市普陀区2026年区级部门预算"
    tables: tuple[BudgetTable, ...]
    sections: tuple[NarrativeSection, ...]  # 主要职能, 机构设置, 名词解释, 编制说明, 其他相关情况说明, 项目说明
    facts: tuple[Fact, ...]  # what the narrative states (amounts, changes, counts)
    source: Source

    def table(self, kind: BudgetTableKind) -> BudgetTable | None:
        return next((t for t in self.tables if t.kind == kind), None)
