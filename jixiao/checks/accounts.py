"""Final-accounts identities (rules.md §4.3): within tables and across tables.

Tables are found by kind (their title), rows by name or subject code, columns by their
header path, so the same checks run on either template order. Every comparison goes
through :func:`jixiao.checks.arith.verdict`: exact passes, a gap within 0.01 per summand
is ``rounding-gap`` (info, 尾数误差), anything larger is an error with expected and actual.

The identities (T = within a table, X = across tables; numbering as in rules.md):

- T1 收入支出决算总表: 本年收入合计 = Σ收入项; 收入总计 = 本年收入合计 + 使用非财政拨款结余 +
  年初结转和结余; 本年支出合计 = Σ支出类; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余;
  收入总计 = 支出总计.
- T2/T3/T5/T7/T8: per row, the total column = Σ its part columns; 合计 = Σ类, 类 = Σ款,
  款 = Σ项 by subject code prefix, in every value column; T7/T8 carry-over per row.
- T4 财政拨款收入支出决算总表: 本年收入合计 = Σ收入项; 年初结转和结余 = Σ its fund rows;
  收入总计 = 本年收入合计 + 年初; per 支出 row 合计 = Σ three funds; 本年支出合计 = Σ类 per
  column; 支出总计 = 本年支出合计 + 年末 per column; 收入总计 = 支出总计; per fund
  年初 + 本年收入 = 本年支出 + 年末.
- T6 基本支出明细表: 人员经费合计 = Σ classes on its side; 公用经费合计 likewise; each class =
  Σ its 款 (301 = Σ30101…).
- T9 三公: 合计 = 出国 + 公务用车小计 + 接待, and 小计 = 购置 + 运行维护, for 预算数 and 决算数.
- X1–X10 links between 01, 02, 03, 04, 05, 06, 07, 08; X11 empty fund tables and their note;
  X12 table 06's 三公 items ≤ table 09's 决算数; X13 fiscal carry-over ≤ all carry-over.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from jixiao.checks.arith import CENT, total, verdict
from jixiao.checks.registry import check
from jixiao.checks.table_units import UnitEvidence
from jixiao.findings import make_finding
from jixiao.model.accounts import Amount, Entry, Table, TableKind
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.units import comparable, scale_factor
from jixiao.numbers import money

ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
ZERO = Decimal(0)


def _norm(name: str) -> str:
    return ORDINAL.sub("", re.sub(r"\s+", "", name)).replace("与", "和")


def _has_ordinal(entry: Entry) -> bool:
    return bool(ORDINAL.match(entry.name))


def _year_items(t: Table, side: str, total_name: str) -> list[Entry]:
    """The numbered items of a side that its 本年…合计 adds up: those printed before that row. The
    numbered rows after it (一、一般公共预算财政拨款 … under 年初财政拨款结转和结余) break down the
    balances, not the year's income or spending."""
    entries = t.side(side)
    total_row = _row(t, total_name, side)
    end = entries.index(total_row) if total_row in entries else len(entries)
    return [e for e in entries[:end] if _has_ordinal(e)]


def _tables(doc: Document) -> dict[TableKind, Table]:
    out: dict[TableKind, Table] = {}
    for t in doc.accounts.tables if doc.accounts else ():
        out.setdefault(t.kind, t)
    return out


def _row(table: Table, name: str, side: str | None = None) -> Entry | None:
    key = _norm(name)
    for e in table.entries:
        if (side is None or e.side == side) and _norm(e.name) == key:
            return e
    return None


AMOUNT_NAMES = ("金额", "决算数", "决算金额", "本年决算数")  # a single-amount column, as templates name it


def _cell(entry: Entry | None, column: str) -> Amount | None:
    """The amount under ``column``; "金额" also finds a single amount column named otherwise
    (the Shanghai template prints 决算数 where seed 002 prints 金额)."""
    if entry is None:
        return None
    found = next((a for a in entry.amounts if a.column == column), None)
    if found is None:  # a column under a spanning header (决算数·合计, 决算数·一般公共预算财政拨款) by its own name
        found = next((a for a in entry.amounts if a.column.split("·")[-1] == column), None)
    if found is None and column in AMOUNT_NAMES:
        named = [a for a in entry.amounts if a.column in AMOUNT_NAMES]
        found = named[0] if named else (entry.amounts[0] if len(entry.amounts) == 1 else None)
    return found


def _value(entry: Entry | None, column: str) -> Decimal | None:
    a = _cell(entry, column)
    return a.value if a else None


class Compare:
    """Collects the findings of one document's comparisons (the budget checks use it too:
    ``unit`` is the rounding step of the printed amounts, 0.01 by default)."""

    def __init__(self, rounding_code: str = "rounding-gap") -> None:
        self.found: list[Finding] = []
        self.rounding_code = rounding_code

    def __call__(
        self,
        code: str,
        what: str,
        rule: str,
        expected: Decimal | None,
        actual: Decimal | None,
        source: Source,
        summands: int = 1,
        unit: Decimal = CENT,
    ) -> None:
        if actual is None and expected and source.column is not None:  # a printed cell the rule needs, left blank
            self.found.append(make_finding("cell-empty-needed", source, subject=what, what=what, rule=rule,
                                           expected=money(expected), actual=""))
            return
        if expected is None or actual is None:
            return
        result = verdict(expected, actual, summands, unit)
        if result == "ok":
            return
        gap = money(abs(expected - actual))
        params: dict[str, Any] = {"what": what, "rule": rule, "gap": gap, "summands": summands}
        if unit != CENT or self.rounding_code != "rounding-gap":
            params["step"] = str(unit)
        self.found.append(
            make_finding(
                self.rounding_code if result == "rounding" else code,
                source,
                subject=what,
                expected=money(expected),
                actual=money(actual),
                **params,
            )
        )


def _where(table: Table, entry: Entry, column: str | None = None) -> str:
    label = entry.name or (f"科目{entry.code}" if entry.code else "数据")
    if entry.code and entry.name:
        label = f"{entry.code} {entry.name}"
    col = f"“{column}”栏" if column else ""
    return f"表“{table.title}”“{label}”行{col}"


def _src(entry: Entry, column: str | None = None) -> Source:
    cell = _cell(entry, column) if column else None
    return cell.source if cell else entry.source


# -- T1 ----------------------------------------------------------------------------------


@check("total-mismatch", "balance-mismatch", "rounding-gap", "table-row-missing", "cell-empty-needed",
       applies_to="final_accounts")
def summary_table_totals(doc: Document) -> Iterator[Finding]:
    """T1: the two sides of 收入支出决算总表 add up and balance."""
    t = _tables(doc).get(TableKind.SUMMARY)
    if t is None:
        return
    cmp = Compare()
    col = "金额"
    for side, total_name, extra_names, grand in (
        ("收入", "本年收入合计", ("使用非财政拨款结余", "年初结转和结余"), "总计"),
        ("支出", "本年支出合计", ("结余分配", "年末结转和结余"), "总计"),
    ):
        rows = _year_items(t, side, total_name)
        total_row = _row(t, total_name, side)
        if total_row is None:
            yield make_finding("table-row-missing", t.source, subject=t.title, row=total_name)
            continue
        cmp("total-mismatch", _where(t, total_row, col), f"{total_name} = Σ{side}各项",
            total(_value(e, col) for e in rows), _value(total_row, col), _src(total_row, col), len(rows))
        grand_row = _row(t, grand, side)
        extras = [_row(t, n, side) for n in extra_names]
        if grand_row is not None:
            cmp("total-mismatch", _where(t, grand_row, col),
                f"{side}总计 = {total_name} + " + " + ".join(extra_names),
                total([_value(total_row, col)] + [_value(e, col) for e in extras]),
                _value(grand_row, col), _src(grand_row, col), 1 + len(extras))
    income_total, spending_total = _row(t, "总计", "收入"), _row(t, "总计", "支出")
    if income_total is not None and spending_total is not None:
        cmp("balance-mismatch", _where(t, spending_total, col), "收入总计 = 支出总计",
            _value(income_total, col), _value(spending_total, col), _src(spending_total, col))
    yield from cmp.found


# -- T2, T3, T5, T7, T8: per-row sums and the subject-code hierarchy ----------------------

ROW_SUMS: dict[TableKind, tuple[str, tuple[str, ...] | None]] = {
    # total column, part columns (None: every other column of the table)
    TableKind.INCOME: ("本年收入合计", None),
    TableKind.EXPENDITURE: ("本年支出合计", None),
    TableKind.GENERAL_BUDGET: ("本年支出·小计", ("本年支出·基本支出", "本年支出·项目支出")),
    TableKind.GOV_FUND: ("本年支出·小计", ("本年支出·基本支出", "本年支出·项目支出")),
    TableKind.STATE_CAPITAL: ("本年支出·小计", ("本年支出·基本支出", "本年支出·项目支出")),
}


def _columns(t: Table) -> list[str]:
    seen: list[str] = []
    for e in t.entries:
        for a in e.amounts:
            if a.column not in seen and not a.column.startswith("第"):
                seen.append(a.column)
    return seen


def _resolve(columns: list[str], wanted: str) -> str | None:
    """A column by name, accepting 合计 for 小计 and a bare name for a ``·`` path."""
    for c in columns:
        if c == wanted:
            return c
    alternatives = {wanted.replace("小计", "合计"), wanted.split("·")[-1]}
    return next((c for c in columns if c in alternatives), None)


@check("row-sum-mismatch", "rounding-gap", "cell-empty-needed", applies_to="final_accounts")
def row_sums(doc: Document) -> Iterator[Finding]:
    """T2-a, T3-a, T5-a, T7/T8: the total column of each row equals the sum of its parts."""
    cmp = Compare()
    for kind, (total_col, parts) in ROW_SUMS.items():
        t = _tables(doc).get(kind)
        if t is None:
            continue
        columns = _columns(t)
        tcol = _resolve(columns, total_col)
        if tcol is None:
            continue
        pcols = [c for c in columns if c != tcol] if parts is None else [_resolve(columns, p) for p in parts]
        pcols = [c for c in pcols if c]
        if parts is None:  # a table whose first column is the total: parts are the columns after it
            pcols = [c for c in pcols if columns.index(c) > columns.index(tcol)]
        if not pcols:
            continue
        for e in t.entries:
            cmp("row-sum-mismatch", _where(t, e, tcol), f"{tcol} = " + " + ".join(pcols),
                total(_value(e, c) for c in pcols), _value(e, tcol), _src(e, tcol), len(pcols))
        start, income, end = (_resolve(columns, c) for c in ("年初结转和结余", "本年收入", "年末结转和结余"))
        if start and income and end:
            for e in t.entries:
                opening, received, spent = (_value(e, c) for c in (start, income, tcol))
                if opening is None or received is None or spent is None:
                    continue
                cmp("row-sum-mismatch", _where(t, e, end), "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
                    opening + received - spent, _value(e, end), _src(e, end), 3)
    yield from cmp.found


HIERARCHY_TABLES = (
    TableKind.INCOME, TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
)


@check("subject-sum-mismatch", "rounding-gap", "cell-empty-needed", applies_to="final_accounts")
def subject_hierarchy(doc: Document) -> Iterator[Finding]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项 by code prefix (功能分类 3/5/7 digits), every column."""
    cmp = Compare()
    for kind in HIERARCHY_TABLES:
        t = _tables(doc).get(kind)
        if t is None:
            continue
        columns = _columns(t)
        coded = [e for e in t.entries if e.code and e.code.isdigit()]
        grand = next((e for e in t.entries if not e.code and _norm(e.name) in ("合计", "总计")), None)
        classes = [e for e in coded if len(e.code or "") == 3]
        if grand is not None and classes:
            for c in columns:
                cmp("subject-sum-mismatch", _where(t, grand, c), "合计 = Σ各类",
                    total(_value(e, c) for e in classes), _value(grand, c), _src(grand, c), len(classes))
        children_sums(cmp, t, coded, columns, ((3, 5, "类", "款"), (5, 7, "款", "项")))
    yield from cmp.found


def children_sums(
    cmp: Compare,
    t: Table,
    coded: list[Entry],
    columns: list[str],
    levels: Iterable[tuple[int, int, str, str]],
    code: str = "subject-sum-mismatch",
    unit: Decimal = CENT,
) -> None:
    """Each parent code equals the sum of its children (by prefix), column by column (``t``
    is any table with a ``title``: a 决算 table or a budget table)."""
    for parent_len, child_len, parent_word, child_word in levels:
        for parent in (e for e in coded if len(e.code or "") == parent_len):
            prefix = parent.code or ""
            children = [e for e in coded if len(e.code or "") == child_len and (e.code or "").startswith(prefix)]
            if not children:
                continue  # a 款 printed without 项 rows is itself the lowest level
            for c in columns:
                cmp(code, _where(t, parent, c), f"{parent_word} = Σ所属{child_word}",
                    total(_value(e, c) for e in children), _value(parent, c), _src(parent, c), len(children), unit)


# -- T4 ----------------------------------------------------------------------------------


@check("total-mismatch", "row-sum-mismatch", "balance-mismatch", "rounding-gap", "cell-empty-needed",
       applies_to="final_accounts")
def fiscal_summary_table(doc: Document) -> Iterator[Finding]:
    """T4-a/b/c: 财政拨款收入支出决算总表 adds up by side, by row, by fund."""
    t = _tables(doc).get(TableKind.FISCAL_SUMMARY)
    if t is None:
        return
    cmp = Compare()
    income = t.side("收入")
    funds_income = _year_items(t, "收入", "本年收入合计")
    year_total = _row(t, "本年收入合计", "收入")
    if year_total is not None:
        cmp("total-mismatch", _where(t, year_total, "金额"), "本年收入合计 = Σ收入各项",
            total(_value(e, "金额") for e in funds_income), _value(year_total, "金额"),
            _src(year_total, "金额"), len(funds_income))
    opening = _row(t, "年初财政拨款结转和结余", "收入")
    opening_parts = _rows_after(income, opening, FUNDS)
    if opening is not None and opening_parts:
        cmp("total-mismatch", _where(t, opening, "金额"), "年初财政拨款结转和结余 = Σ各类财政拨款",
            total(_value(e, "金额") for e in opening_parts), _value(opening, "金额"),
            _src(opening, "金额"), len(opening_parts))
    grand_in = _row(t, "总计", "收入")
    if grand_in is not None and year_total is not None:
        cmp("total-mismatch", _where(t, grand_in, "金额"), "收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
            total([_value(year_total, "金额"), _value(opening, "金额")]), _value(grand_in, "金额"),
            _src(grand_in, "金额"), 2)
    spending = t.side("支出")
    own_names = {c.split("·")[-1] for c in _columns(t)}  # under a spanning 决算数 the columns are 决算数·合计 …
    fund_cols = [f for f in FUNDS if f in own_names]
    for e in spending:
        if fund_cols and _value(e, "合计") is not None:
            cmp("row-sum-mismatch", _where(t, e, "合计"), "合计 = " + " + ".join(fund_cols),
                total(_value(e, c) for c in fund_cols), _value(e, "合计"), _src(e, "合计"), len(fund_cols))
    classes = _year_items(t, "支出", "本年支出合计")
    spend_total = _row(t, "本年支出合计", "支出")
    closing = _row(t, "年末财政拨款结转和结余", "支出")
    grand_out = _row(t, "总计", "支出")
    for c in ["合计", *fund_cols]:
        if spend_total is not None:
            cmp("total-mismatch", _where(t, spend_total, c), "本年支出合计 = Σ支出各类",
                total(_value(e, c) for e in classes), _value(spend_total, c), _src(spend_total, c), len(classes))
        if grand_out is not None and spend_total is not None:
            cmp("total-mismatch", _where(t, grand_out, c), "支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
                total([_value(spend_total, c), _value(closing, c)]), _value(grand_out, c), _src(grand_out, c), 2)
    if grand_in is not None and grand_out is not None:
        cmp("balance-mismatch", _where(t, grand_out, "合计"), "收入总计 = 支出总计",
            _value(grand_in, "金额"), _value(grand_out, "合计"), _src(grand_out, "合计"))
    for fund in fund_cols:
        year_in = next((e for e in funds_income if fund in e.name), None)
        opening_fund = next((e for e in opening_parts if _norm(e.name) == fund), None)
        received, before, spent = _value(year_in, "金额"), _value(opening_fund, "金额"), _value(spend_total, fund)
        if closing is None or received is None or before is None or spent is None:
            continue
        cmp("balance-mismatch", _where(t, closing, fund), f"{fund}：年初 + 本年收入 − 本年支出 = 年末",
            before + received - spent, _value(closing, fund), _src(closing, fund), 3)
    yield from cmp.found


def _rows_after(entries: tuple[Entry, ...], anchor: Entry | None, names: tuple[str, ...]) -> list[Entry]:
    """The fund sub-rows printed right after ``anchor`` (没有序号的 一般公共预算财政拨款 …)."""
    if anchor is None or anchor not in entries:
        return []
    out = []
    for e in entries[entries.index(anchor) + 1 :]:
        if _norm(e.name) in names and not _has_ordinal(e):
            out.append(e)
        else:
            break
    return out


# -- T6 ----------------------------------------------------------------------------------


@check("total-mismatch", "subject-sum-mismatch", "rounding-gap", "cell-empty-needed", applies_to="final_accounts")
def basic_expenditure_detail(doc: Document) -> Iterator[Finding]:
    """T6-a/b: 人员经费合计 and 公用经费合计 = Σ their classes; each class = Σ its 款."""
    t = _tables(doc).get(TableKind.GENERAL_BUDGET_BASIC)
    if t is None:
        return
    cmp = Compare()
    col = "金额"
    for side in ("人员经费", "公用经费"):
        entries = t.side(side)
        classes = [e for e in entries if e.code and e.code.isdigit() and len(e.code) == 3]
        total_row = next((e for e in entries if _norm(e.name) == f"{side}合计"), None)
        if total_row is not None and classes:
            cmp("total-mismatch", _where(t, total_row, col), f"{side}合计 = Σ{side}各类",
                total(_value(e, col) for e in classes), _value(total_row, col), _src(total_row, col), len(classes))
    coded = [e for e in t.entries if e.code and e.code.isdigit()]
    children_sums(cmp, t, coded, [col], ((3, 5, "类", "款"),))
    yield from cmp.found


# -- T9 ----------------------------------------------------------------------------------


@check("total-mismatch", "rounding-gap", "cell-empty-needed", applies_to="final_accounts")
def three_public_table(doc: Document) -> Iterator[Finding]:
    """T9-a/b: 合计 = 出国 + 公务用车小计 + 接待; 公务用车小计 = 购置 + 运行维护 (预算数 and 决算数)."""
    t = _tables(doc).get(TableKind.THREE_PUBLIC)
    if t is None:
        return
    cmp = Compare()
    for e in t.entries:
        for prefix in ("预算数", "决算数"):
            cols = [a.column for a in e.amounts if a.column.startswith(prefix + "·")]
            total_col = f"{prefix}·合计"
            top = [c for c in cols if c != total_col and (c.count("·") == 1 or c.endswith("·小计"))]
            if total_col in cols and top:
                rule = f"{prefix}合计 = 因公出国（境）费 + 公务用车小计 + 公务接待费"
                cmp("total-mismatch", _where(t, e, total_col), rule,
                    total(_value(e, c) for c in top), _value(e, total_col), _src(e, total_col), len(top))
            for sub in (c for c in cols if c.endswith("·小计")):
                stem = sub[: -len("小计")]
                parts = [c for c in cols if c.startswith(stem) and c != sub]
                if parts:
                    cmp("total-mismatch", _where(t, e, sub), f"{prefix}公务用车小计 = 购置费 + 运行维护费",
                        total(_value(e, c) for c in parts), _value(e, sub), _src(e, sub), len(parts))
    yield from cmp.found


# -- X: across tables --------------------------------------------------------------------


@check("cross-table-mismatch", "rounding-gap", "cell-empty-needed", "table-unit-suspect", applies_to="final_accounts")
def cross_table_links(doc: Document) -> Iterator[Finding]:
    """X1–X10: the same figure in two tables is the same; a table (or column) printing another money
    unit is compared after conversion (:func:`jixiao.model.units.comparable`), and two figures that
    differ by exactly 10⁴ or 10⁸ are a unit printed wrong (``table-unit-suspect``), not a mismatch."""
    ts = _tables(doc)
    cmp = Compare()
    t1, t2, t3, t4 = (ts.get(k) for k in (TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE,
                                           TableKind.FISCAL_SUMMARY))
    t5, t6, t7, t8 = (ts.get(k) for k in (TableKind.GENERAL_BUDGET, TableKind.GENERAL_BUDGET_BASIC,
                                           TableKind.GOV_FUND, TableKind.STATE_CAPITAL))

    scaled = UnitEvidence()

    def link(rule: str, a_table: Table | None, a_row: Entry | None, a_col: str,
             b_table: Table | None, b_row: Entry | None, b_col: str,
             expected: Decimal | None = None, summands: int = 1) -> None:
        """``expected`` when it is a sum of ``a_table``'s rows (``a_row`` the first of them)."""
        if a_table is None or b_table is None or a_row is None or b_row is None:
            return
        expected, actual = expected if summands > 1 else _value(a_row, a_col), _value(b_row, b_col)
        a_unit, b_unit = a_table.unit_of(a_col), b_table.unit_of(b_col)
        if expected is not None and actual is not None:
            expected, _ = comparable(expected, a_unit, b_unit)
            actual, _ = comparable(actual, b_unit, a_unit)
            if verdict(expected, actual, summands) == "mismatch" and (factor := scale_factor(expected, actual)):
                scaled.add(factor, rule, (a_table, a_row, a_col, expected), (b_table, b_row, b_col, actual))
                return
        cmp("cross-table-mismatch", _where(b_table, b_row, b_col), rule, expected, actual, _src(b_row, b_col),
            summands)

    grand2 = _grand(t2)
    grand3 = _grand(t3)
    if t1 is not None:
        link("X1 表01本年收入合计 = 表02合计", t1, _row(t1, "本年收入合计", "收入"), "金额", t2, grand2, "本年收入合计")
        link("X2 表01本年支出合计 = 表03合计", t1, _row(t1, "本年支出合计", "支出"), "金额", t3, grand3, "本年支出合计")
        fiscal_rows = [e for e in _year_items(t1, "收入", "本年收入合计") if "财政拨款" in e.name]
        if t2 is not None and grand2 is not None and fiscal_rows:
            rule = "X3 表01财政拨款收入各项之和 = 表02财政拨款收入"
            link(rule, t1, fiscal_rows[0], "金额", t2, grand2, "财政拨款收入",
                 total(_value(e, "金额") for e in fiscal_rows), len(fiscal_rows))
        if t4 is not None:
            for e in fiscal_rows:
                fund = next((f for f in FUNDS if f in e.name), None)
                other = next((x for x in _year_items(t4, "收入", "本年收入合计") if fund and fund in x.name), None)
                link("X4 表01各类财政拨款收入 = 表04对应收入", t1, e, "金额", t4, other, "金额")
        if t3 is not None:
            for e in _year_items(t1, "支出", "本年支出合计"):
                other = _class_row(t3, e.name)
                if other is not None:
                    link("X5 表01支出各类 = 表03各类本年支出合计", t1, e, "金额", t3, other, "本年支出合计")
    if t4 is not None and t5 is not None:
        grand5 = _grand(t5)
        col5 = _resolve(_columns(t5), "本年支出·小计") or "本年支出·小计"
        link("X6 表04本年支出合计（一般公共预算）= 表05合计", t4, _row(t4, "本年支出合计", "支出"),
             FUNDS[0], t5, grand5, col5)
        for e in _year_items(t4, "支出", "本年支出合计"):
            other = _class_row(t5, e.name)
            amount = _value(e, FUNDS[0])
            if other is None and amount:  # a class with money in 04 must appear in 05
                cmp("cross-table-mismatch", _where(t4, e, FUNDS[0]), "X7 表04支出各类（一般公共预算）= 表05各类",
                    amount, ZERO, _src(e, FUNDS[0]))
            elif other is not None:
                link("X7 表04支出各类（一般公共预算）= 表05各类", t4, e, FUNDS[0], t5, other, col5)
    if t5 is not None and t6 is not None:
        grand5 = _grand(t5)
        basic5 = _resolve(_columns(t5), "本年支出·基本支出")
        staff = next((e for e in t6.entries if _norm(e.name) == "人员经费合计"), None)
        public = next((e for e in t6.entries if _norm(e.name) == "公用经费合计"), None)
        if grand5 is not None and basic5 and staff is not None and public is not None:
            rule = "X8 表05基本支出合计 = 表06人员经费合计 + 公用经费合计"
            link(rule, t6, staff, "金额", t5, grand5, basic5, total([_value(staff, "金额"), _value(public, "金额")]), 2)
    for fund, table, rule in ((FUNDS[1], t7, "X9"), (FUNDS[2], t8, "X10")):
        if t4 is None or table is None:
            continue
        grand = _grand(table)
        spend = _resolve(_columns(table), "本年支出·小计")
        if spend:
            link(f"{rule} 表04本年支出合计（{fund}）= 该表合计", t4, _row(t4, "本年支出合计", "支出"), fund,
                 table, grand, spend)
    yield from cmp.found
    units = Counter(t.money_unit for t in doc.accounts.tables if t.money_unit) if doc.accounts else Counter()
    yield from scaled.findings(units.most_common(1)[0][0] if units else None)


def _class_row(t: Table, name: str) -> Entry | None:
    """The 类 row (3-digit code) of ``t`` with this name, ordinal prefix ignored."""
    return next((x for x in t.entries if x.code and len(x.code) == 3 and _norm(x.name) == _norm(name)), None)


def _grand(t: Table | None) -> Entry | None:
    if t is None:
        return None
    return next((e for e in t.entries if not e.code and _norm(e.name) in ("合计", "总计")), None)


@check("empty-table-note-missing", "empty-table-note-contradicts", applies_to="final_accounts")
def empty_fund_tables(doc: Document) -> Iterator[Finding]:
    """X11: a 政府性基金 / 国有资本经营 table without money says why; one with money doesn't say 无数据."""
    for kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL):
        t = _tables(doc).get(kind)
        if t is None:
            continue
        nonzero = [a for e in t.entries for a in e.amounts if a.value]
        if not nonzero and t.empty_note is None:
            yield make_finding("empty-table-note-missing", t.source, subject=t.title)
        elif nonzero and t.empty_note is not None:
            yield make_finding("empty-table-note-contradicts", nonzero[0].source, subject=t.title,
                               actual=money(nonzero[0].value))


THREE_PUBLIC_ITEMS = (  # table 06 款 code, its name, the table 09 决算数 column it belongs to
    ("30212", "因公出国（境）费用", "决算数·因公出国（境）费"),
    ("30217", "公务接待费", "决算数·公务接待费"),
    ("30231", "公务用车运行维护费", "决算数·公务用车购置及运行维护费·公务用车运行维护费"),
    ("31013", "公务用车购置", "决算数·公务用车购置及运行维护费·公务用车购置费"),
)


@check("three-public-exceeds", applies_to="final_accounts")
def basic_detail_within_three_public(doc: Document) -> Iterator[Finding]:
    """X12: 三公 items paid from basic expenditure (table 06) cannot exceed the 三公 actuals (table 09),
    which cover basic and project money alike."""
    ts = _tables(doc)
    t6, t9 = ts.get(TableKind.GENERAL_BUDGET_BASIC), ts.get(TableKind.THREE_PUBLIC)
    if t6 is None or t9 is None or not t9.entries:
        return
    row9 = t9.entries[0]
    for code, name, column in THREE_PUBLIC_ITEMS:
        e6 = t6.find(code)
        basic, actual = _value(e6, "金额"), _value(row9, column)
        if basic is not None and actual is not None:  # each in the coarser of the two printed units
            basic = comparable(basic, t6.unit_of("金额"), t9.unit_of(column))[0]
            actual = comparable(actual, t9.unit_of(column), t6.unit_of("金额"))[0]
        if e6 is None or basic is None or actual is None or basic <= actual:
            continue
        yield make_finding("three-public-exceeds", _src(e6, "金额"), subject=name, what=_where(t6, e6, "金额"),
                           item=f"{code} {name}", expected=money(actual), actual=money(basic))


@check("carry-over-exceeds", applies_to="final_accounts")
def fiscal_carry_over_within_all(doc: Document) -> Iterator[Finding]:
    """X13: 财政拨款结转和结余 (table 04) cannot exceed all 结转和结余 (table 01)."""
    ts = _tables(doc)
    t1, t4 = ts.get(TableKind.SUMMARY), ts.get(TableKind.FISCAL_SUMMARY)
    if t1 is None or t4 is None:
        return
    for kind, all_name, side1, fiscal_name, side4, col4 in (
        ("年初结转和结余", "年初结转和结余", "收入", "年初财政拨款结转和结余", "收入", "金额"),
        ("年末结转和结余", "年末结转和结余", "支出", "年末财政拨款结转和结余", "支出", "合计"),
    ):
        whole, fiscal = _row(t1, all_name, side1), _row(t4, fiscal_name, side4)
        a, f = _value(whole, "金额"), _value(fiscal, col4)
        if fiscal is not None and a is not None and f is not None and f > a:
            yield make_finding("carry-over-exceeds", _src(fiscal, col4), subject=fiscal_name,
                               what=_where(t4, fiscal, col4), kind=kind, expected=money(a), actual=money(f))
