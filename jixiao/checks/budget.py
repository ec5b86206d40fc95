"""Budget disclosure identities (部门预算 / 单位预算): within the tables and across them.

The same design as the 决算 identities (rules.md §4.3, :mod:`jixiao.checks.accounts`), adapted
to the budget table set (docs/budget.md). Tables are found by kind, rows by name or subject
code, columns by their header path, so any order and any province's column order works.
Every comparison goes through the 决算 checks' :class:`~jixiao.checks.accounts.Compare`: exact
passes, a gap within one printed unit per summand (0.01, or 1 where a table prints whole 元) is
``rounding-gap`` (info, 尾数误差), anything larger is an error with expected and actual.

- B-sum 收支总表 and 财政拨款收支总表: 收入总计 = Σ收入项 (一、二、…), 财政拨款收入 = Σ its funds,
  支出总计 = Σ类, 收入总计 = 支出总计 (收支平衡).
- B-row every table: a 合计/小计 column = Σ the columns under the same header (收入预算 合计 =
  财政拨款收入 + 事业收入 + …; 合计 = 基本支出 + 项目支出; 基本支出 合计 = 人员经费 + 公用经费;
  三公 合计 = 出国 + 接待 + 公务用车小计, 小计 = 购置费 + 运行费).
- B-tree 功能分类 tables: 合计 = Σ类, 类 = Σ款, 款 = Σ项; 经济分类 table: 合计 = Σ类, 类 = Σ款.
- B-link between tables (after unit conversion): 收支总表 收入总计 = 收入表 合计 = 支出表 合计; 财政拨款
  收入 (收支总表) = 收入表 财政拨款收入; 一般公共预算 in 收支总表, 财政拨款收支总表 and the 一般公共预算
  支出表; 一般公共预算支出表 基本支出 = 经济分类表 合计; 政府性基金/国有资本经营 tables = the
  财政拨款收支总表's columns; each 类 of 支出表 = the same 类 in 收支总表.
- B-empty an empty table needs its note; a note saying the table is empty needs an empty table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.accounts import Compare, children_sums
from jixiao.checks.arith import CENT, total
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.accounts import Entry
from jixiao.model.budget import BudgetTable, BudgetTableKind, to_yuan
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.numbers import money

K = BudgetTableKind
ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*")
TOP = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
SUB = re.compile(r"^\s*(?:\d+\s*[、.．]|[(（]\d+[)）])")
GRAND = ("总计", "合计", "收入总计", "支出总计", "收支总计")
TREE = (K.INCOME, K.EXPENDITURE, K.GENERAL, K.GOV_FUND, K.STATE_CAPITAL)
FUNCTION_LEVELS = ((3, 5, "类", "款"), (5, 7, "款", "项"))


def name_key(name: str) -> str:
    """A row's name without ordinal, spaces and the words templates vary (资金, 拨款)."""
    key = ORDINAL.sub("", re.sub(r"\s+", "", name)).replace("资金", "").replace("与", "和")
    return key.removesuffix("财政拨款") if len(key) > 4 else key  # 一般公共预算(财政拨款)


def tables(doc: Document) -> dict[BudgetTableKind, BudgetTable]:
    out: dict[BudgetTableKind, BudgetTable] = {}
    for t in doc.budget.tables if doc.budget else ():
        out.setdefault(t.kind, t)
    return out


def whole(raw: str) -> bool:
    """A non-zero amount printed without decimals (``12,604,173``)."""
    return bool(raw) and "." not in raw and bool(raw.strip("0,- "))


def step(t: BudgetTable, entries: tuple[Entry, ...] | list[Entry] | None = None) -> Decimal:
    """The rounding step of the printed amounts: 1 where some amount (of ``entries``, or of
    the table) is printed as a whole number, else 0.01, both in the table's unit."""
    rows = t.rows if entries is None else entries
    return Decimal(1) if any(whole(a.raw) for e in rows for a in e.amounts) else CENT


def grand(t: BudgetTable, side: str | None = None) -> Entry | None:
    rows = t.rows if side is None else t.side(side)
    return next((e for e in rows if not (e.code or "").isdigit() and name_key(e.name) in GRAND), None)


def row(t: BudgetTable, name: str, side: str | None = None) -> Entry | None:
    key = name_key(name)
    rows = t.rows if side is None else t.side(side)
    return next((e for e in rows if name_key(e.name) == key), None)


def column(t: BudgetTable, *words: str) -> str | None:
    """The first column whose last header part is one of ``words`` (in that order)."""
    for w in words:
        for c in t.columns:
            if c == w or c.endswith("·" + w):
                return c
    return None


def value(e: Entry | None, col: str | None) -> Decimal | None:
    if e is None or col is None:
        return None
    return next((a.value if a.value is not None else (Decimal(0) if not a.raw else None)
                 for a in e.amounts if a.column == col), None)


def where(t: BudgetTable, e: Entry, col: str | None = None) -> str:
    label = f"{e.code} {e.name}".strip() if e.code else (e.name or "数据")
    return f"表“{t.title}”“{label}”行" + (f"“{col}”栏" if col else "")


def src(e: Entry, col: str | None = None) -> Source:
    cell = next((a for a in e.amounts if a.column == col), None) if col else None
    return cell.source if cell else e.source


def parts_of(node: str, columns: list[str]) -> list[str]:
    """The columns that add up to ``node``'s total: its direct sub-headers, each by its own
    column or its 小计/合计, else by its own parts."""
    groups: dict[str, list[str]] = {}
    for c in columns:
        if c.startswith(node + "·"):
            groups.setdefault(c[len(node) + 1 :].split("·")[0], []).append(c)
    out: list[str] = []
    for seg, members in groups.items():
        if seg in ("合计", "小计"):
            continue
        sub = f"{node}·{seg}"
        own = next((c for c in members if c in (sub, f"{sub}·小计", f"{sub}·合计")), None)
        out.extend([own] if own else parts_of(sub, members))
    return out


def _totals(columns: list[str]) -> list[tuple[str, str]]:
    """(total column, the node it totals) for every 合计/小计 column."""
    out = []
    for c in columns:
        for suffix in ("·合计", "·小计"):
            if c.endswith(suffix):
                out.append((c, c[: -len(suffix)]))
    return out


@check("budget-row-sum-mismatch", "budget-rounding-gap", "cell-empty-needed", applies_to="budget")
def budget_row_sums(doc: Document) -> Iterator[Finding]:
    """B-row: each 合计/小计 column equals the sum of the columns under the same header."""
    cmp = Compare("budget-rounding-gap")
    for t in tables(doc).values():
        cols = list(t.columns)
        for tcol, node in _totals(cols):
            parts = parts_of(node, cols)
            if len(parts) < 2:
                continue
            for e in t.rows:
                actual = value(e, tcol)
                if actual is None or all(value(e, p) is None for p in parts):
                    continue
                cmp("budget-row-sum-mismatch", where(t, e, tcol), f"{tcol} = " + " + ".join(parts),
                    total(value(e, p) for p in parts), actual, src(e, tcol), len(parts), step(t, [e]))
    yield from cmp.found


@check("budget-subject-sum-mismatch", "budget-rounding-gap", "cell-empty-needed", applies_to="budget")
def budget_subject_tree(doc: Document) -> Iterator[Finding]:
    """B-tree: 合计 = Σ类, 类 = Σ款, 款 = Σ项 (功能分类); 合计 = Σ类, 类 = Σ款 (经济分类)."""
    cmp = Compare("budget-rounding-gap")
    for kind, t in tables(doc).items():
        if kind not in (*TREE, K.GENERAL_BASIC):
            continue
        cols, unit = list(t.columns), step(t)
        coded = [e for e in t.rows if e.code and e.code.isdigit()]
        classes = [e for e in coded if len(e.code or "") == 3]
        g = grand(t)
        if g is not None and classes:
            for c in cols:
                cmp("budget-subject-sum-mismatch", where(t, g, c), "合计 = Σ各类",
                    total(value(e, c) for e in classes), value(g, c), src(g, c), len(classes), unit)
        levels = FUNCTION_LEVELS if kind in TREE else ((3, 5, "类", "款"),)
        children_sums(cmp, t, coded, cols, levels, "budget-subject-sum-mismatch", unit)  # type: ignore[arg-type]
    yield from cmp.found


@check("budget-total-mismatch", "budget-balance-mismatch", "budget-rounding-gap", "cell-empty-needed",
       applies_to="budget")
def budget_summary_sides(doc: Document) -> Iterator[Finding]:
    """B-sum: the two sides of 收支总表 and 财政拨款收支总表 add up and balance."""
    cmp = Compare("budget-rounding-gap")
    for kind in (K.SUMMARY, K.FISCAL_SUMMARY):
        t = tables(doc).get(kind)
        if t is None:
            continue
        unit = step(t)
        firsts = {}
        for side in ("收入", "支出"):
            rows = t.side(side)
            g = grand(t, side)
            first = next((a.column for e in rows for a in e.amounts), None)
            firsts[side] = (g, first)
            tops = [e for e in rows if TOP.match(e.name)]
            if g is not None and tops and first:
                cmp("budget-total-mismatch", where(t, g, first), f"{g.name} = Σ" + "、".join(e.name for e in tops),
                    total(value(e, first) for e in tops), value(g, first), src(g, first), len(tops), unit)
            for k, parent in enumerate(rows):  # 一、财政拨款收入 = 1. 一般公共预算 + 2. … + 3. …
                if not TOP.match(parent.name):
                    continue
                subs = []
                for e in rows[k + 1 :]:
                    if not SUB.match(e.name):
                        break
                    subs.append(e)
                if subs and first:
                    cmp("budget-total-mismatch", where(t, parent, first), f"{name_key(parent.name)} = Σ所列各项",
                        total(value(e, first) for e in subs), value(parent, first), src(parent, first), len(subs), unit)
        (gi, ci), (ge, ce) = firsts["收入"], firsts["支出"]
        if gi is not None and ge is not None:
            cmp("budget-balance-mismatch", f"表“{t.title}”收支平衡", "收入总计 = 支出总计",
                value(gi, ci), value(ge, ce), src(ge, ce), 1, unit)
    yield from cmp.found


def _in_yuan(t: BudgetTable | None, e: Entry | None, col: str | None) -> Decimal | None:
    v = value(e, col)
    return to_yuan(v, t.unit or "元") if (t is not None and v is not None) else None


@check("budget-cross-table-mismatch", "budget-rounding-gap", applies_to="budget")
def budget_table_links(doc: Document) -> Iterator[Finding]:
    """B-link: the same amount in different tables (compared in 元)."""
    ts = tables(doc)
    cmp = Compare("budget-rounding-gap")
    s, inc, exp = ts.get(K.SUMMARY), ts.get(K.INCOME), ts.get(K.EXPENDITURE)
    fis, gen, basic = ts.get(K.FISCAL_SUMMARY), ts.get(K.GENERAL), ts.get(K.GENERAL_BASIC)

    def link(what: str, rule: str, a: tuple, b: tuple) -> None:
        ta, ea, ca = a
        tb, eb, cb = b
        yuan_a, yuan_b = to_yuan(Decimal(1), ta.unit or "元"), to_yuan(Decimal(1), tb.unit or "元")
        if ea is None or eb is None or yuan_a is None or yuan_b is None:  # (a unit not in 元: not comparable)
            return
        unit = max(step(ta) * yuan_a, step(tb) * yuan_b)
        cmp("budget-cross-table-mismatch", what, rule, _in_yuan(ta, ea, ca), _in_yuan(tb, eb, cb), src(eb, cb), 1, unit)

    def first(t: BudgetTable | None, e: Entry | None) -> str | None:
        return e.amounts[0].column if e is not None and e.amounts else None

    if s is not None:
        gi = grand(s, "收入")
        for t in (inc, exp):
            if t is not None and (g := grand(t)) is not None:
                link(f"表“{t.title}”合计", "收支总表 收入总计 = 本表合计",
                     (s, gi, first(s, gi)), (t, g, column(t, "合计")))
        fiscal = row(s, "一、财政拨款收入", "收入")
        if inc is not None and (g := grand(inc)) is not None:
            link(f"表“{inc.title}”财政拨款收入", "收支总表 财政拨款收入 = 收入表 合计行 财政拨款收入",
                 (s, fiscal, first(s, fiscal)), (inc, g, column(inc, "财政拨款收入", "财政拨款")))
        general_in = row(s, "1. 一般公共预算", "收入")
        if fis is not None:
            fg = row(fis, "一、一般公共预算", "收入")
            link(f"表“{fis.title}”一般公共预算收入", "收支总表 一般公共预算 = 财政拨款收支总表 一般公共预算",
                 (s, general_in, first(s, general_in)), (fis, fg, first(fis, fg)))
        if exp is not None:
            for e in (x for x in s.side("支出") if TOP.match(x.name)):
                key = name_key(e.name)
                cls = next((r for r in exp.rows if len(r.code or "") == 3 and name_key(r.name) == key), None)
                link(f"表“{exp.title}”“{key}”", "收支总表 支出类 = 支出表 同一类 合计",
                     (s, e, first(s, e)), (exp, cls, column(exp, "合计")))
    if fis is not None and gen is not None:
        fe = grand(fis, "支出")
        g = grand(gen)
        link(f"表“{gen.title}”合计", "财政拨款收支总表 一般公共预算支出 = 一般公共预算支出表 合计",
             (fis, fe, column(fis, "一般公共预算")), (gen, g, column(gen, "合计")))
        for kind, word in ((K.GOV_FUND, "政府性基金预算"), (K.STATE_CAPITAL, "国有资本经营预算")):
            t = ts.get(kind)
            if t is not None and fe is not None and (tg := grand(t)) is not None:
                link(f"表“{t.title}”合计", f"财政拨款收支总表 {word}支出 = 本表合计",
                     (fis, fe, column(fis, word)), (t, tg, column(t, "合计")))
    if gen is not None and basic is not None:
        link(f"表“{basic.title}”合计", "一般公共预算支出表 基本支出 = 基本支出经济分类表 合计",
             (gen, grand(gen), column(gen, "基本支出")), (basic, grand(basic), column(basic, "合计")))
    yield from cmp.found


@check("budget-empty-table-note-missing", "budget-empty-table-note-contradicts", applies_to="budget")
def budget_empty_tables(doc: Document) -> Iterator[Finding]:
    """B-empty: an empty table says why; a table whose note says it is empty has no amount."""
    for t in tables(doc).values():
        filled = [a for e in t.rows for a in e.amounts if a.value]
        if t.empty_note and filled:
            yield make_finding("budget-empty-table-note-contradicts", filled[0].source, subject=t.title,
                               note=t.empty_note, actual=f"{money(filled[0].value)}{t.unit or ''}")
        elif not filled and not t.empty_note and t.kind != K.OTHER:
            yield make_finding("budget-empty-table-note-missing", t.source, subject=t.title)


@check("budget-table-title-year-missing", applies_to="budget")
def check_table_title_years(doc: Document) -> Iterator[Finding]:
    """A table whose title has no year where (most of) the others name the budget's year: the
    template's title is “YYYY年…预算表”. Info: the cover and the other tables say the year, so no
    figure is misread; it is a slip of the template, seen only on that page."""
    if doc.budget is None or doc.year is None:
        return
    titled = [t for t in doc.budget.tables if t.title]
    with_year = [t for t in titled if re.search(rf"{doc.year}\s*年", t.title or "")]
    if len(with_year) * 2 <= len(titled):
        return
    for t in titled:
        if not re.search(r"(?:19|20)\d{2}\s*年", t.title or ""):
            yield make_finding("budget-table-title-year-missing", t.source, subject=t.title, year=doc.year)
