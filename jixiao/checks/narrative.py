"""The 情况说明 (narrative) against the tables, the self-evaluation forms and the reports.

Every amount and percentage the narrative states (``doc.accounts.facts``, read by
jixiao/ingest/narrative.py) is recomputed from the disclosure tables or from the other
numbers the narrative names:

- **amounts** against the table cell they quote (收、支总计 = 01 总计, 本年收入合计 = 01/02,
  本年支出合计 / 基本 / 项目 = 03 合计, 财政拨款收、支总计 = 04 总计, 一般公共预算财政拨款支出
  = 05 合计, per 类 = 05 类 rows, per 项 = 05 项 row found by its 类/款/项 names, 基本支出 = 05,
  人员经费 / 公用经费 = 06 合计 rows, 三公 = 09), and parts against their whole (购置 + 运行维护
  = 公务用车; 货物 + 工程 + 服务 = 政府采购; 人员经费 + 公用经费 = 基本支出; 预算 − 决算 = 减少);
- **shares** (占…%): numerator ÷ the whole the sentence names; when that does not give the
  stated figure, the other plausible wholes are tried and the message says which one would;
- **growth** (增加 X，增长 Y%): the previous-year figure implied is current ∓ X, and Y must be
  X ÷ previous; the message gives the implied previous-year figure;
- **completion** (完成年初预算的 Z%): 决算 ÷ 预算;
- **counts**: vehicles by kind sum to the total, 公务用车保有量 ≤ 车辆总数, vehicles bought
  (辆) zero exactly when their purchase cost is zero, self-evaluation
  grades sum to the projects evaluated, forms and summary rows against the number stated,
  published + undisclosed projects against the total;
- **the 自评综述** of each project against its form (总分, 全年预算数 = 调整后预算数, 执行数,
  执行率) and the summary table (自评得分, 评价等级), and the 部门评价 / 财政评价 scores and
  grades against the reports in the same document;
- **repetition**: a quantity stated more than once (一般公共预算财政拨款支出 in 五(一), 五(二)
  and 五(三); the number of projects self-evaluated) must be the same everywhere. Where a table
  holds the quantity, each statement is compared with the table instead (that already shows
  which statement is wrong, so the pair is not reported twice);
- **coverage**: every leaf subject of 一般公共预算财政拨款支出决算表 with an amount must be
  explained in 五(三), every 类 in 五(二). A leaf is a 项, and also a 款 printed without any
  项 under it (seed 002: 20407 监狱, 20408 强制隔离戒毒): it carries its amount at the lowest
  level the table discloses, so the explanation the template asks of every 项 is due for it.

Tolerance
---------
Amounts: exact passes; a gap within 0.01 per summand is ``narrative-rounding-gap`` (info);
more is an error. Numbers printed with more decimals (a form's ``20.88535``) are rounded
half-up to the narrative's decimals before comparing. Percentages: the recomputed value is
rounded half-up to the decimals the narrative prints; equal passes. Otherwise every input is
taken as the interval its printing allows (half a unit of its last printed digit, at least
half a cent for an amount: ``91,455.09`` is 91,455.085 … 91,455.095; counts are exact), the
interval of the ratio is computed, and if the stated percentage (± half its last digit) lies
in it the gap is explained by rounding of the inputs: ``narrative-rounding-gap`` (info).
Anything else is an error, even a difference of one unit in the last digit when exact inputs
cannot produce it. Where a form gives the unrounded figure the narrative rounded, the
percentage is recomputed from the form's figure first.

Gaps within rounding use ``narrative-rounding-gap`` rather than the tables' ``rounding-gap``,
whose message speaks of a table cell and of n summands × 0.01, which describes neither a
narrative number nor a percentage.

Not checkable from the document, so not checked: the 机关运行经费 amount itself (no table
holds it; it covers 行政单位 only, so it is not table 06's 公用经费合计), the
self-evaluated funds' share of 部门预算项目支出总额 (that budget figure is not published),
each procurement category's SME amount (only its share is stated: the three shares are
checked together against the SME total), 年初预算 figures (table 05 of this template has no
年初预算 column; only the narrative's own ratios can be recomputed).

A missing table, row or fact means that check is skipped (the readers and the table checks
report what is missing); nothing here raises on a partial document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.checks.arith import money, verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.accounts import Entry, Fact, NarrativeSection, Table, TableKind
from jixiao.model.document import Document, FinalAccounts
from jixiao.model.finding import Finding
from jixiao.model.selfeval import BudgetLine, SelfEvaluation, SummaryRow
from jixiao.model.source import Source

HUNDRED = Decimal(100)
ZERO = Decimal(0)
TABLE_HALF = Decimal("0.005")  # a table amount printed with two decimals
NARRATIVE_PART = "情况说明"

# -- numbers and their precision ------------------------------------------------------------


def _places(raw: str | None) -> int:
    text = (raw or "").replace(",", "").strip()
    if "." not in text:
        return 0
    return len(text.split(".", 1)[1])


def _half(raw: str | None, min_places: int = 2) -> Decimal:
    """Half a unit of the last printed digit (amounts without decimals count to the cent)."""
    return Decimal(5).scaleb(-(max(_places(raw), min_places) + 1))


def _round(value: Decimal, places: int) -> Decimal:
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def _show(value: Decimal | None) -> str:
    """An amount as printed: separators, its own decimals (at least none)."""
    if value is None:
        return "（空）"
    return f"{value:,f}"


def _pct(value: Decimal, places: int = 2) -> str:
    return f"{_round(value, places):f}%"


@dataclass(frozen=True, slots=True)
class Num:
    """A number with the half-width of the interval its printing allows."""

    value: Decimal
    half: Decimal = ZERO
    raw: str = ""

    @classmethod
    def of(cls, fact: Fact | None, min_places: int = 2) -> Num | None:
        if fact is None or fact.value is None:
            return None
        return cls(fact.value, _half(fact.raw, min_places), fact.raw)


@dataclass(frozen=True, slots=True)
class RatioResult:
    verdict: str  # "ok" | "rounding" | "mismatch"
    exact: Decimal  # numerator ÷ denominator × 100, unrounded
    expected: Decimal  # exact rounded to the stated decimals


def ratio_verdict(stated: Decimal, stated_raw: str, num: Num, den: Num) -> RatioResult | None:
    """Compare a stated percentage with num ÷ den × 100 (see the module docstring)."""
    if den.value <= 0:
        return None
    places = _places(stated_raw)
    exact = num.value / den.value * HUNDRED
    expected = _round(exact, places)
    if expected == stated:
        return RatioResult("ok", exact, expected)
    low = max(num.value - num.half, ZERO) / (den.value + den.half) * HUNDRED
    top_den = den.value - den.half
    high = (num.value + num.half) / top_den * HUNDRED if top_den > 0 else None
    half = Decimal(5).scaleb(-(places + 1))
    explained = stated + half >= low and (high is None or stated - half <= high)
    return RatioResult("rounding" if explained else "mismatch", exact, expected)


# -- the document ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    value: Decimal
    where: str  # "公开05表“合计”本年支出·小计（第303行）"
    source: Source


class View:
    """The facts and tables of one document, with guarded look-ups."""

    def __init__(self, doc: Document) -> None:
        acc = doc.accounts
        self.accounts: FinalAccounts | None = acc
        self.all_facts: tuple[Fact, ...] = acc.facts if acc else ()
        self.facts: dict[str, Fact] = {}
        for f in self.all_facts:
            self.facts.setdefault(f.key, f)
        self.tables: dict[TableKind, Table] = {}
        for t in acc.tables if acc else ():
            self.tables.setdefault(t.kind, t)

    def fact(self, key: str) -> Fact | None:
        return self.facts.get(key)

    def num(self, key: str, min_places: int = 2) -> Num | None:
        return Num.of(self.facts.get(key), min_places)

    def numbered(self, prefix: str) -> list[str]:
        """The N of keys ``prefix.N.…`` in order of first appearance."""
        seen: list[str] = []
        for f in self.all_facts:
            if f.key.startswith(prefix + "."):
                n = f.key[len(prefix) + 1 :].split(".", 1)[0]
                if n.isdigit() and n not in seen:
                    seen.append(n)
        return seen

    def narrative_sections(self) -> list[NarrativeSection]:
        acc = self.accounts
        return [s for s in (acc.sections if acc else ()) if NARRATIVE_PART in s.part and s.part != "目录"]


def _norm(name: str) -> str:
    text = re.sub(r"\s+", "", name or "")
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])", "", text)


def _subject(name: str) -> str:
    """A subject name without its level marker and a trailing 支出: 公共安全（类）支出 → 公共安全."""
    text = re.sub(r"[（(][类款项][）)]", "", _norm(name))
    return text[:-2] if text.endswith("支出") and len(text) > 2 else text


def _table_name(t: Table) -> str:
    return t.number or t.title


def _find_row(t: Table, row: str | None, side: str | None = None) -> Entry | None:
    entries = [e for e in t.entries if side is None or e.side == side]
    if row is None:
        return entries[0] if entries else None
    wanted = _norm(row)
    for e in entries:
        if e.code == row or _norm(e.name) == wanted:
            return e
    return None


ColumnSpec = tuple[tuple[str | None, str], ...]  # alternatives: (first header segment or None, text in the last)


def _find_column(e: Entry, spec: ColumnSpec) -> str | None:
    if not spec:
        return e.amounts[0].column if e.amounts else None
    for head, last in spec:
        for a in e.amounts:
            parts = a.column.split("·")
            if head is not None and parts[0] != head:
                continue
            if last in parts[-1]:
                return a.column
    return None


def _cell(v: View, kind: TableKind, row: str | None, spec: ColumnSpec = (), side: str | None = None) -> Cell | None:
    t = v.tables.get(kind)
    if t is None:
        return None
    e = _find_row(t, row, side)
    if e is None:
        return None
    col = _find_column(e, spec)
    for a in e.amounts:
        if a.column == col and a.value is not None:
            label = e.name or e.code or ""
            row_text = f"“{label}”" if label else ""
            side_text = f"{e.side}方" if e.side in ("收入", "支出") else ""
            column = "" if col in ("金额", "") else col
            where = f"{_table_name(t)}{side_text}{row_text}{column}（第{a.source.line}行）"
            return Cell(a.value, where, a.source)
    return None


# -- findings helpers -----------------------------------------------------------------------


def _amount_finding(
    what: str, stated: Num, source: Source, expected: Decimal, basis: str, summands: int = 1, subject: str | None = None
) -> Finding | None:
    """Stated amount against a recomputed / quoted one (rounded to the stated decimals first)."""
    places = max(_places(stated.raw), 2)
    target = _round(expected, places) if _places(str(expected)) > places else expected
    result = verdict(target, stated.value, summands)
    if result == "ok":
        return None
    gap = money(abs(target - stated.value))
    if result == "rounding":
        return make_finding(
            "narrative-rounding-gap",
            source,
            subject=subject,
            expected=_show(target),
            actual=_show(stated.value),
            what=what,
            basis=basis,
            detail=f"相差{gap}，不超过{summands}项×0.01",
        )
    return make_finding(
        "narrative-amount-mismatch",
        source,
        subject=subject,
        expected=_show(target),
        actual=_show(stated.value),
        what=what,
        basis=basis,
        gap=gap,
    )


def _rounding_pct(what: str, fact: Fact, result: RatioResult, basis: str, subject: str | None = None) -> Finding:
    places = _places(fact.raw)
    return make_finding(
        "narrative-rounding-gap",
        fact.source,
        subject=subject,
        expected=_pct(result.expected, places),
        actual=_pct(fact.value, places),
        what=what,
        basis=f"{basis}（精确值{_pct(result.exact, 4)}）",
        detail="所用金额本身四舍五入到所印位数，可以得出说明中的比例",
    )


# -- amounts quoted from the tables -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    what: str
    keys: tuple[str, ...]  # facts that state it
    kind: TableKind | None = None
    row: str | None = None
    spec: ColumnSpec = ()
    side: str | None = None
    labels: tuple[str, ...] = ()  # other stated numbers of the narrative that state it (by exact label)


def _tp(head: str, *lasts: str) -> ColumnSpec:
    return tuple((head, last) for last in lasts)


QUANTITIES: tuple[Quantity, ...] = (
    Quantity("收、支总计", ("totals.income_expenditure",), TableKind.SUMMARY, "总计", side="收入"),
    Quantity("本年收入合计", ("income.total",), TableKind.SUMMARY, "本年收入合计", side="收入"),
    Quantity("财政拨款收入", ("income.fiscal",), TableKind.INCOME, "合计", ((None, "财政拨款收入"),)),
    Quantity("其他收入", ("income.other",), TableKind.INCOME, "合计", ((None, "其他收入"),)),
    Quantity("本年支出合计", ("expenditure.total",), TableKind.EXPENDITURE, "合计", ((None, "本年支出合计"),)),
    Quantity("基本支出", ("expenditure.basic",), TableKind.EXPENDITURE, "合计", ((None, "基本支出"),)),
    Quantity("项目支出", ("expenditure.project",), TableKind.EXPENDITURE, "合计", ((None, "项目支出"),)),
    Quantity("财政拨款收、支总计", ("fiscal.total",), TableKind.FISCAL_SUMMARY, "总计", side="收入"),
    Quantity(
        "一般公共预算财政拨款支出",
        ("general_budget.total", "general_budget.actual"),
        TableKind.GENERAL_BUDGET,
        "合计",
        ((None, "小计"), (None, "合计")),
        labels=("一般公共预算财政拨款支出",),
    ),
    Quantity("一般公共预算财政拨款基本支出", ("basic.total",), TableKind.GENERAL_BUDGET, "合计", ((None, "基本支出"),)),
    Quantity("人员经费", ("basic.personnel",), TableKind.GENERAL_BUDGET_BASIC, "人员经费合计"),
    Quantity("公用经费", ("basic.public",), TableKind.GENERAL_BUDGET_BASIC, "公用经费合计"),
    Quantity("“三公”经费全年预算", ("three_public.budget",), TableKind.THREE_PUBLIC, None, _tp("预算数", "合计")),
    Quantity("“三公”经费支出决算", ("three_public.actual",), TableKind.THREE_PUBLIC, None, _tp("决算数", "合计")),
    Quantity(
        "因公出国（境）费全年预算",
        ("three_public.abroad.budget",),
        TableKind.THREE_PUBLIC,
        None,
        _tp("预算数", "因公出国"),
    ),
    Quantity(
        "因公出国（境）费支出决算",
        ("three_public.abroad.actual",),
        TableKind.THREE_PUBLIC,
        None,
        _tp("决算数", "因公出国"),
    ),
    Quantity(
        "公务用车购置及运行维护费全年预算",
        ("three_public.vehicles.budget",),
        TableKind.THREE_PUBLIC,
        None,
        _tp("预算数", "小计", "公务用车"),
    ),
    Quantity(
        "公务用车购置及运行维护费支出决算",
        ("three_public.vehicles.actual",),
        TableKind.THREE_PUBLIC,
        None,
        _tp("决算数", "小计", "公务用车"),
    ),
    Quantity(
        "公务用车购置费支出", ("three_public.vehicles.purchase",), TableKind.THREE_PUBLIC, None, _tp("决算数", "购置费")
    ),
    Quantity(
        "公务用车运行维护费支出",
        ("three_public.vehicles.operation",),
        TableKind.THREE_PUBLIC,
        None,
        _tp("决算数", "运行维护费", "运行费"),
    ),
    Quantity(
        "公务接待费全年预算", ("three_public.reception.budget",), TableKind.THREE_PUBLIC, None, _tp("预算数", "接待")
    ),
    Quantity(
        "公务接待费支出决算", ("three_public.reception.actual",), TableKind.THREE_PUBLIC, None, _tp("决算数", "接待")
    ),
    Quantity("自评项目数", ("performance.self_eval.projects", "performance.self_eval.total")),
)


@dataclass(frozen=True, slots=True)
class Statement:
    num: Num
    source: Source


def _statements(v: View, q: Quantity) -> list[Statement]:
    out: list[Statement] = []
    seen: set[tuple[int | None, int | None]] = set()
    for f in v.all_facts:
        if f.key in q.keys and f.value is not None:
            out.append(Statement(Num(f.value, _half(f.raw), f.raw), f.source))
            seen.add((f.source.line, f.source.column))
    if q.labels:
        for s in v.narrative_sections():
            for n in s.numbers:
                if n.label in q.labels and n.unit == "万元" and (n.source.line, n.source.column) not in seen:
                    out.append(Statement(Num(n.value, _half(n.raw), n.raw), n.source))
                    seen.add((n.source.line, n.source.column))
    return sorted(out, key=lambda st: (st.source.line or 0, st.source.column or 0))


@check("narrative-amount-mismatch", "narrative-repeated-differs", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_amounts_against_tables(doc: Document) -> Iterator[Finding]:
    """Each amount the narrative quotes against its table cell; unquotable repeats against each other."""
    v = View(doc)
    for q in QUANTITIES:
        statements = _statements(v, q)
        cell = _cell(v, q.kind, q.row, q.spec, q.side) if q.kind else None
        if cell is not None:
            for st in statements:
                found = _amount_finding(q.what, st.num, st.source, cell.value, cell.where)
                if found:
                    yield found
        elif len(statements) > 1:
            first = statements[0]
            for st in statements[1:]:
                if st.num.value != first.num.value:
                    yield make_finding(
                        "narrative-repeated-differs",
                        st.source,
                        subject=q.what,
                        expected=first.num.raw,
                        actual=st.num.raw,
                        what=q.what,
                        first_line=first.source.line,
                    )
    yield from _repeated_fact_keys(v)


def _repeated_fact_keys(v: View) -> Iterator[Finding]:
    """The same fact key read twice (a sentence repeated) with different values."""
    first: dict[str, Fact] = {}
    for f in v.all_facts:
        if f.value is None:
            continue
        if f.key not in first:
            first[f.key] = f
        elif f.value != first[f.key].value:
            what = f.label or f.key
            yield make_finding(
                "narrative-repeated-differs",
                f.source,
                subject=f.key,
                expected=first[f.key].raw,
                actual=f.raw,
                what=what,
                first_line=first[f.key].source.line,
            )


# -- parts against their whole ----------------------------------------------------------------

SUMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("一般公共预算财政拨款基本支出", "basic.total", ("basic.personnel", "basic.public")),
    (
        "“三公”经费全年预算",
        "three_public.budget",
        ("three_public.abroad.budget", "three_public.vehicles.budget", "three_public.reception.budget"),
    ),
    (
        "“三公”经费支出决算",
        "three_public.actual",
        ("three_public.abroad.actual", "three_public.vehicles.actual", "three_public.reception.actual"),
    ),
    (
        "公务用车购置及运行维护费支出决算",
        "three_public.vehicles.actual",
        ("three_public.vehicles.purchase", "three_public.vehicles.operation"),
    ),
    (
        "公务接待费支出决算",
        "three_public.reception.actual",
        ("three_public.reception.domestic", "three_public.reception.abroad"),
    ),
    ("政府采购支出总额", "procurement.total", ("procurement.goods", "procurement.works", "procurement.services")),
)

DIFFERENCES: tuple[tuple[str, str], ...] = (
    ("“三公”经费", "three_public"),
    ("因公出国（境）费", "three_public.abroad"),
    ("公务用车购置及运行维护费", "three_public.vehicles"),
    ("公务接待费", "three_public.reception"),
)


@check("narrative-amount-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_parts_and_differences(doc: Document) -> Iterator[Finding]:
    """Parts the narrative lists against the whole it states; 预算 − 决算 against the stated decrease."""
    v = View(doc)
    for what, whole_key, part_keys in SUMS:
        whole = v.fact(whole_key)
        parts = [v.fact(k) for k in part_keys]
        if whole is None or whole.value is None or any(p is None or p.value is None for p in parts):
            continue
        expected = sum((p.value for p in parts), ZERO)
        names = "+".join(p.label or p.key for p in parts)
        found = _amount_finding(what, Num.of(whole), whole.source, expected, f"{names}之和", summands=len(parts))
        if found:
            yield found
    for what, prefix in DIFFERENCES:
        budget, actual, change = (v.fact(f"{prefix}.{k}") for k in ("budget", "actual", "change"))
        if not (budget and actual and change) or None in (budget.value, actual.value, change.value):
            continue
        decrease = (change.label or "").startswith(("减少", "下降", "节约"))
        expected = budget.value - actual.value if decrease else actual.value - budget.value
        basis = f"全年预算{budget.raw}与支出决算{actual.raw}之差"
        found = _amount_finding(
            f"{what}比全年预算{change.label or '增减'}", Num.of(change), change.source, expected, basis, summands=2
        )
        if found:
            yield found
    yield from _small_micro_within_sme(v)


def _small_micro_within_sme(v: View) -> Iterator[Finding]:
    sme, small = v.fact("procurement.sme"), v.fact("procurement.small_micro")
    if sme and small and sme.value is not None and small.value is not None and small.value > sme.value:
        yield make_finding(
            "narrative-amount-mismatch",
            small.source,
            expected=f"≤{_show(sme.value)}",
            actual=_show(small.value),
            what="授予小微企业合同金额",
            basis="授予中小企业合同金额（小微企业是其中一部分）",
            gap=money(small.value - sme.value),
        )


# -- shares (占…%) ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    share_key: str
    what: str
    numerator: str  # fact key
    denominator: tuple[str, str]  # (fact key, name) the sentence names
    alternatives: tuple[tuple[str, str], ...] = ()  # other wholes a writer may have used


INCOME_WHOLE = ("income.total", "本年收入合计")
SPENDING_WHOLE = ("expenditure.total", "本年支出合计")
GRAND_TOTAL = ("totals.income_expenditure", "收、支总计")
SHARES: tuple[Share, ...] = (
    Share("income.fiscal.share", "财政拨款收入占比", "income.fiscal", INCOME_WHOLE, (GRAND_TOTAL,)),
    Share("income.other.share", "其他收入占比", "income.other", INCOME_WHOLE, (GRAND_TOTAL,)),
    Share("expenditure.basic.share", "基本支出占比", "expenditure.basic", SPENDING_WHOLE, (GRAND_TOTAL,)),
    Share("expenditure.project.share", "项目支出占比", "expenditure.project", SPENDING_WHOLE, (GRAND_TOTAL,)),
    Share(
        "general_budget.share_of_expenditure",
        "一般公共预算财政拨款支出占本年支出合计的比例",
        "general_budget.total",
        SPENDING_WHOLE,
        (GRAND_TOTAL, INCOME_WHOLE, ("fiscal.total", "财政拨款收、支总计")),
    ),
    Share(
        "procurement.sme.share",
        "授予中小企业合同金额占比",
        "procurement.sme",
        ("procurement.total", "政府采购支出总额"),
    ),
    Share(
        "procurement.small_micro.share",
        "授予小微企业合同金额占比",
        "procurement.small_micro",
        ("procurement.total", "政府采购支出总额"),
    ),
)


def _class_shares(v: View) -> list[Share]:
    out = []
    for n in v.numbered("general_budget.class"):
        amount = v.fact(f"general_budget.class.{n}.amount")
        name = (amount.subject if amount and amount.subject else f"第{n}类") + "（类）支出"
        out.append(
            Share(
                f"general_budget.class.{n}.share",
                f"{name}占比",
                f"general_budget.class.{n}.amount",
                ("general_budget.total", "一般公共预算财政拨款支出"),
                (SPENDING_WHOLE,),
            )
        )
    return out


def _whole(v: View, key: str) -> Num | None:
    """A whole the narrative states, else the table cell that holds it."""
    stated = v.num(key)
    if stated is not None:
        return stated
    for q in QUANTITIES:
        if key in q.keys and q.kind is not None:
            cell = _cell(v, q.kind, q.row, q.spec, q.side)
            if cell is not None:
                return Num(cell.value, TABLE_HALF, f"{cell.value:f}")
    return None


@check("narrative-share-mismatch", "narrative-amount-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_shares(doc: Document) -> Iterator[Finding]:
    """Each 占…% recomputed as part ÷ the whole the sentence names (other wholes tried when it fails)."""
    v = View(doc)
    for share in (*SHARES, *_class_shares(v)):
        found = _share_finding(v, share)
        if found:
            yield found
    yield from _procurement_category_shares(v)


def _share_finding(v: View, share: Share) -> Finding | None:
    fact, num = v.fact(share.share_key), v.num(share.numerator)
    den = _whole(v, share.denominator[0])
    if fact is None or fact.value is None or num is None or den is None:
        return None
    result = ratio_verdict(fact.value, fact.raw, num, den)
    if result is None or result.verdict == "ok":
        return None
    rule = f"{_label(v, share.numerator)}÷{share.denominator[1]}"
    if result.verdict == "rounding":
        return _rounding_pct(share.what, fact, result, f"按“{rule}”计算")
    places = _places(fact.raw)
    return make_finding(
        "narrative-share-mismatch",
        fact.source,
        subject=share.what,
        expected=_pct(result.expected, places),
        actual=_pct(fact.value, places),
        what=share.what,
        rule=rule,
        numerator=_show(num.value),
        denominator=_show(den.value),
        detail=_other_wholes(v, share, fact, num),
    )


def _label(v: View, key: str) -> str:
    f = v.fact(key)
    for q in QUANTITIES:
        if key in q.keys:
            return q.what
    return (f.label if f and f.label else key) or key


def _other_wholes(v: View, share: Share, fact: Fact, num: Num) -> str:
    tried = []
    for key, name in share.alternatives:
        den = _whole(v, key)
        if den is None:
            continue
        result = ratio_verdict(fact.value, fact.raw, num, den)
        if result is not None and result.verdict != "mismatch":
            named = share.denominator[1]
            found = f"；按“{name}”（{_show(den.value)}）计算为{_pct(result.exact, 4)}，与说明一致"
            return f"{found}：说明实际所用的分母不是所称的“{named}”"
        tried.append(name)
    if not tried:
        return ""
    return f"；按其他可能的分母（{'、'.join(tried)}）也得不出说明中的比例"


PROCUREMENT_CATEGORIES = (
    ("货物", "procurement.goods"),
    ("工程", "procurement.works"),
    ("服务", "procurement.services"),
)


def _procurement_category_shares(v: View) -> Iterator[Finding]:
    """Σ(category amount × its SME share) must give the SME amount, within the rounding of the shares.

    The narrative states each category's SME share but not the category's SME amount, so the
    shares can only be checked together against the SME total they must add up to.
    """
    sme = v.fact("procurement.sme")
    terms = [(name, v.num(key), v.fact(f"{key}.sme_share")) for name, key in PROCUREMENT_CATEGORIES]
    if (
        sme is None
        or sme.value is None
        or any(amount is None or s is None or s.value is None for _, amount, s in terms)
    ):
        return
    implied = ZERO
    spread = _half(sme.raw)
    parts = []
    for name, amount, share in terms:
        implied += amount.value * share.value / HUNDRED
        spread += amount.value * _half(share.raw, 0) / HUNDRED + amount.half * share.value / HUNDRED
        parts.append(f"{name}{_show(amount.value)}×{share.raw}%")
    if abs(implied - sme.value) <= spread:
        return
    first_share = terms[0][2]
    yield make_finding(
        "narrative-share-mismatch",
        first_share.source,
        subject="授予中小企业合同金额",
        expected=money(implied),
        actual=_show(sme.value),
        what="货物、工程、服务采购授予中小企业合同金额的占比",
        rule="Σ各类采购支出×其中小企业占比",
        numerator="+".join(parts),
        denominator="100",
        detail=f"；说明中的授予中小企业合同金额为{_show(sme.value)}，"
        f"相差{money(abs(implied - sme.value))}，超出各占比四舍五入可解释的±{money(spread)}",
    )


# -- growth (增加 X，增长 Y%) -------------------------------------------------------------------

GROWTHS: tuple[tuple[str, str, str, str], ...] = (
    ("收、支总计", "totals.income_expenditure", "totals.change", "totals.growth_pct"),
    ("财政拨款收、支总计", "fiscal.total", "fiscal.change", "fiscal.growth_pct"),
    ("一般公共预算财政拨款支出", "general_budget.total", "general_budget.change", "general_budget.growth_pct"),
    ("机关运行经费支出", "admin_costs.total", "admin_costs.change", "admin_costs.change_pct"),
)
DECREASE_WORDS = ("减少", "下降", "降低", "节约")


@check("narrative-growth-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_growth(doc: Document) -> Iterator[Finding]:
    """增长/减少 Y% against X ÷ (current ∓ X), the previous-year figure the narrative implies."""
    v = View(doc)
    for what, current_key, change_key, pct_key in GROWTHS:
        current, change, pct = v.num(current_key), v.num(change_key), v.fact(pct_key)
        change_fact = v.fact(change_key)
        if current is None or change is None or pct is None or pct.value is None or change_fact is None:
            continue
        decrease = (change_fact.label or "").startswith(DECREASE_WORDS)
        previous = current.value + change.value if decrease else current.value - change.value
        result = ratio_verdict(pct.value, pct.raw, change, Num(previous, current.half + change.half))
        if result is None or result.verdict == "ok":
            continue
        direction = "减少" if decrease else "增加"
        if result.verdict == "rounding":
            yield _rounding_pct(
                f"{what}{direction}幅度",
                pct,
                result,
                f"按上年数{money(previous)}（本年{current.raw}{'+' if decrease else '−'}{change.raw}）计算",
            )
            continue
        places = _places(pct.raw)
        yield make_finding(
            "narrative-growth-mismatch",
            pct.source,
            subject=what,
            expected=_pct(result.expected, places),
            actual=_pct(pct.value, places),
            what=what,
            direction=direction,
            change=change.raw,
            previous=money(previous),
        )


# -- completion (完成年初预算的 Z%) --------------------------------------------------------------


def _completions(v: View) -> list[tuple[str, str, str, str, str]]:
    """(what, numerator key, denominator key, pct key, rule)."""
    out = [
        (
            "一般公共预算财政拨款支出",
            "general_budget.actual",
            "general_budget.initial_budget",
            "general_budget.completion_pct",
            "支出决算÷年初预算",
        )
    ]
    for n in v.numbered("general_budget.item"):
        f = v.fact(f"general_budget.item.{n}.actual")
        what = f.subject if f and f.subject else f"第{n}项"
        p = f"general_budget.item.{n}"
        out.append((what, f"{p}.actual", f"{p}.initial", f"{p}.completion_pct", "支出决算÷年初预算"))
    for what, prefix in DIFFERENCES:
        out.append((what, f"{prefix}.actual", f"{prefix}.budget", f"{prefix}.completion_pct", "支出决算÷全年预算"))
    return out


@check("narrative-completion-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_completion(doc: Document) -> Iterator[Finding]:
    """完成年初预算的 Z% / 完成全年预算的 Z% against 决算 ÷ 预算 as the narrative states them."""
    v = View(doc)
    for what, num_key, den_key, pct_key, rule in _completions(v):
        pct, num, den = v.fact(pct_key), v.num(num_key), v.num(den_key)
        if pct is None or pct.value is None or num is None or den is None:
            continue
        found = _completion_finding(what, pct, num, den, rule)
        if found:
            yield found


def _completion_finding(
    what: str, pct: Fact, num: Num, den: Num, rule: str, subject: str | None = None, precise: Decimal | None = None
) -> Finding | None:
    result = ratio_verdict(pct.value, pct.raw, num, den)
    if result is None or result.verdict == "ok":
        return None
    if precise is not None:  # the form's unrounded 执行数 the narrative rounded
        again = ratio_verdict(pct.value, pct.raw, Num(precise), den)
        if again is not None and again.verdict == "ok":
            return None
    if result.verdict == "rounding":
        return _rounding_pct(f"{what}完成率", pct, result, f"按“{rule}”计算", subject=subject)
    places = _places(pct.raw)
    return make_finding(
        "narrative-completion-mismatch",
        pct.source,
        subject=subject or what,
        expected=_pct(result.expected, places),
        actual=_pct(pct.value, places),
        what=what,
        rule=rule,
        numerator=_show(num.value),
        denominator=_show(den.value),
    )


# -- the items of 一般公共预算财政拨款支出决算表 ----------------------------------------------------


def _children(t: Table, e: Entry) -> list[Entry]:
    code = e.code or ""
    return [c for c in t.entries if c.code and c.code != code and c.code.startswith(code) and code]


def _match_subject(t: Table, names: tuple[str, ...]) -> Entry | None:
    """The table row named by (类, 款[, 项]) names: each level searched under the one above."""
    if not names:
        return None
    levels = ("类", "款", "项")
    found: Entry | None = None
    for depth, name in enumerate(names[:3]):
        pool = [e for e in t.entries if e.level == levels[depth]]
        if found is not None:
            pool = [e for e in pool if (e.code or "").startswith(found.code or "")]
        hits = [e for e in pool if _subject(e.name) == _subject(name)]
        if len(hits) != 1:
            return _match_by_last_name(t, names) if depth == 0 or not pool else None
        found = hits[0]
    return found


def _match_by_last_name(t: Table, names: tuple[str, ...]) -> Entry | None:
    """Tables printed without subject codes: the one row carrying the most specific name."""
    hits = [e for e in t.entries if _subject(e.name) == _subject(names[-1])]
    return hits[0] if len(hits) == 1 else None


LEVEL_MARK = re.compile(r"(.+?)[（(]\s*([类款项])\s*[）)]")


def _levels_named(subject: str) -> tuple[str, ...]:
    """``公共安全支出（类）监狱（款）`` → (公共安全支出, 监狱); a bare name stays one name."""
    found = tuple(m.group(1).strip() for m in LEVEL_MARK.finditer(subject))
    return found or ((subject,) if subject else ())


def _spent(e: Entry) -> Decimal | None:
    for a in e.amounts:
        if a.column.split("·")[-1] in ("小计", "合计") and a.value is not None:
            return a.value
    return e.amounts[0].value if e.amounts else None


def _leaves(t: Table) -> list[Entry]:
    coded = [e for e in t.entries if e.level]
    return [e for e in coded if not _children(t, e)]


@check(
    "narrative-amount-mismatch",
    "narrative-subject-unknown",
    "narrative-item-unexplained",
    "narrative-rounding-gap",
    applies_to="final_accounts",
)
def narrative_general_budget_items(doc: Document) -> Iterator[Finding]:
    """五(二) 类 and 五(三) 项 against table 05; table 05's 类 and leaf rows the narrative leaves out."""
    v = View(doc)
    t = v.tables.get(TableKind.GENERAL_BUDGET)
    if t is None:
        return
    explained: set[int] = set()
    items = v.numbered("general_budget.item")
    for n in items:
        yield from _check_item(v, t, n, explained)
    classes_seen: set[int] = set()
    class_keys = v.numbered("general_budget.class")
    for n in class_keys:
        yield from _check_class(v, t, n, classes_seen)
    if items:
        yield from _unexplained(t, _leaves(t), explained, "一般公共预算财政拨款支出决算具体情况")
    if class_keys:
        yield from _unexplained(
            t, [e for e in t.entries if e.level == "类"], classes_seen, "一般公共预算财政拨款支出决算结构情况"
        )


def _check_item(v: View, t: Table, n: str, explained: set[int]) -> Iterator[Finding]:
    actual = v.fact(f"general_budget.item.{n}.actual")
    if actual is None or actual.value is None:
        return
    names = actual.classification or _levels_named(actual.subject or "")
    row = _match_subject(t, tuple(names))
    subject = actual.subject or "".join(names)
    if row is None:
        yield make_finding(
            "narrative-subject-unknown",
            actual.source,
            subject=subject,
            table=_table_name(t),
            level={1: "类", 2: "款"}.get(len(names), "项"),
        )
        return
    explained.add(id(row))
    spent = _spent(row)
    if spent is not None:
        where = f"{_table_name(t)}“{row.code or ''} {row.name}”（第{row.source.line}行）"
        found = _amount_finding(f"{subject}支出决算", Num.of(actual), actual.source, spent, where, subject=subject)
        if found:
            yield found


def _check_class(v: View, t: Table, n: str, seen: set[int]) -> Iterator[Finding]:
    amount = v.fact(f"general_budget.class.{n}.amount")
    if amount is None or amount.value is None:
        return
    name = amount.subject or amount.label
    hits = [e for e in t.entries if e.level == "类" and _subject(e.name) == _subject(name)]
    if not hits:
        hits = [e for e in t.entries if not e.code and _subject(e.name) == _subject(name)]
    if len(hits) != 1:
        yield make_finding(
            "narrative-subject-unknown", amount.source, subject=f"{name}（类）", table=_table_name(t), level="类"
        )
        return
    row = hits[0]
    seen.add(id(row))
    spent = _spent(row)
    if spent is not None:
        where = f"{_table_name(t)}“{row.code or ''} {row.name}”（第{row.source.line}行）"
        found = _amount_finding(f"{name}（类）支出", Num.of(amount), amount.source, spent, where, subject=name)
        if found:
            yield found


def _unexplained(t: Table, rows: Iterable[Entry], explained: set[int], section: str) -> Iterator[Finding]:
    for e in rows:
        spent = _spent(e)
        if id(e) in explained or spent is None or spent == 0:
            continue
        level = e.level or "科目"
        detail = ""
        if level == "款":
            detail = "（表中此款没有列出项级科目，它是表中最低一级的支出科目，应与项级科目一样说明）"
        yield make_finding(
            "narrative-item-unexplained",
            e.source,
            subject=f"{e.code or ''} {e.name}".strip(),
            table=_table_name(t),
            level=f"{level}级科目",
            amount=f"{money(spent)}万元",
            section=section,
            detail=detail,
            actual=money(spent),
        )


# -- counts -----------------------------------------------------------------------------------

VEHICLE_KINDS = ("leaders", "confidential", "emergency", "law_enforcement", "special_technical", "retirees", "other")
GRADES = (("excellent", "优"), ("good", "良"), ("fair", "中"), ("poor", "差"))


@check("narrative-count-mismatch", applies_to="final_accounts")
def narrative_counts(doc: Document) -> Iterator[Finding]:
    """Vehicles by kind, grades, forms and published/undisclosed projects against the counts stated."""
    v = View(doc)
    yield from _vehicle_counts(v)
    yield from _grade_counts(v)
    yield from _form_counts(v)


def _count(
    source: Source, what: str, stated: Decimal, expected: Decimal | int, basis: str, op: str = "="
) -> Finding | None:
    ok = stated == expected if op == "=" else stated <= expected
    if ok:
        return None
    shown = f"{expected}" if op == "=" else f"不超过{expected}"
    return make_finding(
        "narrative-count-mismatch", source, subject=what, expected=shown, actual=f"{stated:f}", what=what, basis=basis
    )


def _vehicle_counts(v: View) -> Iterator[Finding]:
    total = v.fact("assets.vehicles")
    kinds = [v.fact(f"assets.vehicles.{k}") for k in VEHICLE_KINDS]
    present = [k for k in kinds if k is not None and k.value is not None]
    if total is not None and total.value is not None and present:
        parts = "+".join(f"{k.label}{k.raw}" for k in present)
        found = _count(
            total.source,
            "本部门车辆总数",
            total.value,
            sum((k.value for k in present), ZERO),
            f"各类车辆之和（{parts}）",
        )
        if found:
            yield found
    yield from _purchase_count(v)
    held = v.fact("three_public.vehicles.held")
    if held is not None and held.value is not None and total is not None and total.value is not None:
        found = _count(
            held.source,
            "财政拨款开支运行维护费的公务用车保有量",
            held.value,
            total.value,
            f"国有资产占用情况中本部门车辆总数{total.raw}辆（保有量是其中一部分）",
            op="≤",
        )
        if found:
            yield found


def _purchase_count(v: View) -> Iterator[Finding]:
    """Vehicles bought (辆) and their purchase cost (万元) must both be zero or both not."""
    bought, cost = v.fact("three_public.vehicles.purchased"), v.fact("three_public.vehicles.purchase")
    if bought is None or cost is None or bought.value is None or cost.value is None:
        return
    if (bought.value == 0) != (cost.value == 0):
        yield make_finding(
            "narrative-count-mismatch",
            bought.source,
            subject="购置公务用车数量",
            expected="0" if cost.value == 0 else "大于0",
            actual=f"{bought.value:f}",
            what="使用财政拨款购置公务用车数量",
            basis=f"按公务用车购置费支出{cost.raw}万元",
        )


def _grade_counts(v: View) -> Iterator[Finding]:
    total = v.fact("performance.self_eval.total") or v.fact("performance.self_eval.projects")
    grades = [(word, v.fact(f"performance.grade.{k}")) for k, word in GRADES]
    stated = [(w, g) for w, g in grades if g is not None and g.value is not None]
    if total is not None and total.value is not None and stated:
        parts = "+".join(f"{g.raw}个{w}" for w, g in stated)
        found = _count(
            total.source,
            "自评项目数",
            total.value,
            sum((g.value for _, g in stated), ZERO),
            f"各等级项目数之和（{parts}）",
        )
        if found:
            yield found
    summary = v.accounts.self_evaluation_summary if v.accounts else None
    if summary is None:
        return
    for word, g in stated:
        listed = sum(1 for r in summary.rows if (r.grade or "").strip() == word)
        if listed > g.value:
            yield make_finding(
                "narrative-count-mismatch",
                g.source,
                subject=f"自评等级为{word}的项目数",
                expected=f"至少{listed}",
                actual=f"{g.value:f}",
                what=f"自评等级为{word}的项目数",
                basis=f"自评情况汇总表中列出的{word}级项目数（第{summary.source.line}行起）",
            )


UNDISCLOSED = re.compile(r"另外\s*(\d+)\s*[项个]")


def _form_counts(v: View) -> Iterator[Finding]:
    acc = v.accounts
    if acc is None:
        return
    forms = v.fact("performance.self_eval.forms")
    summary = acc.self_evaluation_summary
    if forms is not None and forms.value is not None:
        if acc.self_evaluations:
            found = _count(
                forms.source,
                "公开的绩效自评表数",
                forms.value,
                len(acc.self_evaluations),
                "第五部分附件中的绩效自评表数",
            )
            if found:
                yield found
        if summary is not None and summary.rows:
            found = _count(
                forms.source,
                "公开的绩效自评项目数",
                forms.value,
                len(summary.rows),
                f"自评情况汇总表的项目行数（第{summary.source.line}行起）",
            )
            if found:
                yield found
    total = v.fact("performance.self_eval.total") or v.fact("performance.self_eval.projects")
    if total is None or total.value is None or summary is None or not summary.rows:
        return
    hidden = [int(m.group(1)) for r in summary.remarks for m in [UNDISCLOSED.search(r)] if m]
    if hidden:
        found = _count(
            total.source,
            "自评项目数",
            total.value,
            len(summary.rows) + hidden[0],
            f"自评情况汇总表公开的{len(summary.rows)}项与注明不予公开的{hidden[0]}项之和",
        )
        if found:
            yield found


# -- the 自评综述 against the forms and the summary table ------------------------------------------

DEFAULT_BANDS = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", ZERO))
BAND = re.compile(r"(\d+(?:\.\d+)?)\s*[（(]含[）)]\s*[-—－~～至]\s*\d+(?:\.\d+)?\s*(?:分)?\s*为\s*[“\"]?([优良中差])")


def _bands(v: View) -> tuple[tuple[str, Decimal], ...]:
    """Grade bands as the summary table's note states them, else the standard 90/80/60."""
    summary = v.accounts.self_evaluation_summary if v.accounts else None
    found: list[tuple[str, Decimal]] = []
    for note in summary.notes if summary else ():
        found += [(m.group(2), Decimal(m.group(1))) for m in BAND.finditer(note)]
    if not found:
        return DEFAULT_BANDS
    if not any(g == "差" for g, _ in found):
        found.append(("差", ZERO))
    return tuple(sorted(found, key=lambda gb: -gb[1]))


def _grade(score: Decimal, bands: tuple[tuple[str, Decimal], ...]) -> str | None:
    for grade, lower in bands:
        if score >= lower:
            return grade
    return None


def _key(name: str | None) -> str:
    return re.sub(r"\s+", "", name or "")


def _same_at(stated: Fact, precise: Decimal) -> bool:
    """Is ``precise`` what the narrative printed, once rounded to the narrative's decimals?"""
    return _round(precise, _places(stated.raw)) == stated.value


@check(
    "narrative-selfeval-mismatch",
    "narrative-completion-mismatch",
    "narrative-rounding-gap",
    applies_to="final_accounts",
)
def narrative_self_evaluations(doc: Document) -> Iterator[Finding]:
    """Each project's 自评综述 against its form and its row of the summary table."""
    v = View(doc)
    acc = v.accounts
    if acc is None:
        return
    forms = {_key(f.project): f for f in acc.self_evaluations if f.project}
    rows = {_key(r.project): r for r in acc.self_evaluation_summary.rows} if acc.self_evaluation_summary else {}
    bands = _bands(v)
    for n in v.numbered("performance.project"):
        p = f"performance.project.{n}"
        score = v.fact(f"{p}.score")
        name = next((f.subject for f in v.all_facts if f.key.startswith(p + ".") and f.subject), None)
        if name is None:
            continue
        form, row = forms.get(_key(name)), rows.get(_key(name))
        yield from _score_against(name, score, form, row, bands)
        yield from _budget_against(v, name, p, form)


def _score_against(
    name: str,
    score: Fact | None,
    form: SelfEvaluation | None,
    row: SummaryRow | None,
    bands: tuple[tuple[str, Decimal], ...],
) -> Iterator[Finding]:
    if score is None or score.value is None:
        return
    total = form.total if form is not None else None
    if total is not None and total.value is not None and not _same_at(score, total.value):
        yield make_finding(
            "narrative-selfeval-mismatch",
            score.source,
            subject=name,
            expected=total.raw,
            actual=score.raw,
            what="自评得分",
            basis=f"自评表总分（第{total.source.line}行）",
            detail="",
        )
    if row is not None and row.score is not None and row.score.value is not None:
        coarse = min(_places(score.raw), _places(row.score.raw))
        if _round(score.value, coarse) != _round(row.score.value, coarse):
            yield make_finding(
                "narrative-selfeval-mismatch",
                score.source,
                subject=name,
                expected=row.score.raw,
                actual=score.raw,
                what="自评得分",
                basis=f"自评情况汇总表的自评得分（第{row.source.line}行）",
                detail="",
            )
    if row is not None and row.grade:
        implied = _grade(score.value, bands)
        if implied is not None and implied != row.grade.strip():
            yield make_finding(
                "narrative-selfeval-mismatch",
                score.source,
                subject=name,
                expected=row.grade,
                actual=f"{score.raw}分（按等级标准为{implied}）",
                what="自评等级",
                basis=f"自评情况汇总表的评价等级（第{row.source.line}行）",
                detail="",
            )


def _total_line(form: SelfEvaluation) -> BudgetLine | None:
    for line in form.budget_lines:
        if "总额" in line.name or "合计" in line.name:
            return line
    return form.budget_lines[0] if form.budget_lines else None


def _budget_against(v: View, name: str, p: str, form: SelfEvaluation | None) -> Iterator[Finding]:
    budget, executed, pct = v.fact(f"{p}.budget"), v.fact(f"{p}.executed"), v.fact(f"{p}.execution_pct")
    line = _total_line(form) if form else None
    precise = line.executed.value if line and line.executed else None
    if executed is not None and executed.value is not None and precise is not None and not _same_at(executed, precise):
        yield make_finding(
            "narrative-selfeval-mismatch",
            executed.source,
            subject=name,
            expected=line.executed.raw,
            actual=executed.raw,
            what="执行数",
            basis=f"自评表全年执行数（第{line.source.line}行）",
            detail="",
        )
        precise = None
    budget_differs = False
    if (
        budget is not None
        and budget.value is not None
        and line is not None
        and line.adjusted is not None
        and line.adjusted.value is not None
        and not _same_at(budget, line.adjusted.value)
    ):
        budget_differs = True
        yield make_finding(
            "narrative-selfeval-mismatch",
            budget.source,
            subject=name,
            expected=line.adjusted.raw,
            actual=budget.raw,
            what="全年预算数",
            basis=f"自评表的全年预算数（调整后预算数(A)，第{line.source.line}行）",
            detail=_budget_detail(budget, pct, line),
        )
    if pct is not None and pct.value is not None and budget is not None and executed is not None:
        num, den = Num.of(executed), Num.of(budget)
        if num is not None and den is not None:
            found = _completion_finding(
                f"项目“{name}”", pct, num, den, "执行数÷全年预算数", subject=name, precise=precise
            )
            if found:
                yield found
                return
    if not budget_differs:
        yield from _rate_against(name, pct, line)


def _budget_detail(budget: Fact, pct: Fact | None, line: BudgetLine) -> str:
    parts = []
    if line.initial is not None and line.initial.value is not None and _same_at(budget, line.initial.value):
        parts.append(f"说明中的数字是自评表的年初预算数{line.initial.raw}")
    if pct is not None and pct.value is not None and line.rate is not None and line.rate.value is not None:
        parts.append(f"完成预算的{pct.raw}%因此按年初预算计算，而自评表执行率(B/A)为{_pct(line.rate.value * HUNDRED)}")
    return "；" + "，".join(parts) if parts else ""


def _rate_against(name: str, pct: Fact | None, line: BudgetLine | None) -> Iterator[Finding]:
    if pct is None or pct.value is None or line is None or line.rate is None or line.rate.value is None:
        return
    if not _same_at(pct, line.rate.value * HUNDRED):
        yield make_finding(
            "narrative-selfeval-mismatch",
            pct.source,
            subject=name,
            expected=_pct(line.rate.value * HUNDRED),
            actual=f"{pct.raw}%",
            what="完成预算的比例",
            basis=f"自评表执行率(B/A)（第{line.source.line}行）",
            detail="",
        )


# -- the 部门评价 / 财政评价 results against the reports --------------------------------------------

EVALUATIONS = (
    ("department", "performance.department_evaluation", "部门评价"),
    ("finance", "performance.finance_evaluation", "财政评价"),
)


@check("narrative-evaluation-mismatch", applies_to="final_accounts")
def narrative_evaluations(doc: Document) -> Iterator[Finding]:
    """The score and grade the narrative gives each evaluation against the report in the document."""
    v = View(doc)
    reports = v.accounts.evaluations if v.accounts else ()
    for kind, prefix, title in EVALUATIONS:
        report = next((r for r in reports if r.kind == kind), None)
        score, grade = v.fact(f"{prefix}.score"), v.fact(f"{prefix}.grade")
        if report is None:
            continue
        subject = (score.subject if score else None) or (grade.subject if grade else None) or title
        published = report.total.score if report.total and report.total.score is not None else report.score_table_total
        where = report.total.source.line if report.total else report.source.line
        if score is not None and score.value is not None and published is not None and not _same_at(score, published):
            yield make_finding(
                "narrative-evaluation-mismatch",
                score.source,
                subject=subject,
                expected=f"{published:f}",
                actual=score.raw,
                what=f"{title}得分",
                basis=f"{title}报告（第{where}行）",
            )
        if grade is not None and grade.text and report.grade and grade.text.strip() != report.grade.strip():
            yield make_finding(
                "narrative-evaluation-mismatch",
                grade.source,
                subject=subject,
                expected=report.grade,
                actual=grade.text,
                what=f"{title}等级",
                basis=f"{title}报告（第{where}行）",
            )
