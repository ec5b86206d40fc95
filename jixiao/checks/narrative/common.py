"""What the narrative checks share: numbers with the precision of their printing, the document's
facts and tables with guarded look-ups, the amounts the narrative quotes from the tables, and the
two findings most checks emit (an amount, a percentage within rounding).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.arith import MISSING, verdict
from jixiao.findings import make_finding
from jixiao.model import facts as F
from jixiao.model.accounts import Entry, Fact, NarrativeSection, Table, TableKind
from jixiao.model.document import Document, FinalAccounts
from jixiao.model.facts import Key as K
from jixiao.model.facts import ThreePublicItem as T3
from jixiao.model.facts import ThreePublicPart as T
from jixiao.model.facts import three_public
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.units import MONEY_UNITS, to_unit

HUNDRED = Decimal(100)
ZERO = Decimal(0)
TABLE_HALF = Decimal("0.005")  # a table amount printed with two decimals
NARRATIVE_PART = "情况说明"

# -- numbers and their precision ------------------------------------------------------------


def half(raw: str | None, min_places: int = 2) -> Decimal:
    """Half a unit of the last printed digit (amounts without decimals count to the cent)."""
    return Decimal(5).scaleb(-(max(numbers.places(raw), min_places) + 1))


def show(value: Decimal | None) -> str:
    """An amount as printed: separators, its own decimals (at least none)."""
    return numbers.money(value, None, missing=MISSING)


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
        return cls(fact.value, half(fact.raw, min_places), fact.raw)


@dataclass(frozen=True, slots=True)
class RatioResult:
    verdict: str  # "ok" | "rounding" | "mismatch"
    exact: Decimal  # numerator ÷ denominator × 100, unrounded
    expected: Decimal  # exact rounded to the stated decimals


def ratio_verdict(stated: Decimal | None, stated_raw: str, num: Num, den: Num) -> RatioResult | None:
    """Compare a stated percentage with num ÷ den × 100 (see :mod:`jixiao.checks.narrative`); None
    when there is nothing to compare (no stated value, or a whole not above zero)."""
    if stated is None or den.value <= 0:
        return None
    places = numbers.places(stated_raw)
    exact = num.value / den.value * HUNDRED
    expected = numbers.rounded(exact, places)
    if expected == stated:
        return RatioResult("ok", exact, expected)
    low = max(num.value - num.half, ZERO) / (den.value + den.half) * HUNDRED
    top_den = den.value - den.half
    high = (num.value + num.half) / top_den * HUNDRED if top_den > 0 else None
    slack = Decimal(5).scaleb(-(places + 1))
    explained = stated + slack >= low and (high is None or stated - slack <= high)
    return RatioResult("rounding" if explained else "mismatch", exact, expected)


def same_at(stated: Fact, precise: Decimal) -> bool:
    """Is ``precise`` what the narrative printed, once rounded to the narrative's decimals?"""
    return numbers.rounded(precise, numbers.places(stated.raw)) == stated.value


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
        # the unit the narrative states its amounts in (most of its money facts'), else the document's
        stated = Counter(f.unit for f in self.all_facts if f.unit in MONEY_UNITS).most_common(1)
        self.unit: str | None = stated[0][0] if stated else (acc.money_unit if acc else None)

    def in_narrative_unit(self, t: Table, column: str, value: Decimal) -> tuple[Decimal, str]:
        """A table amount converted into the narrative's unit when its column or table prints another
        (kept as printed otherwise), and the words that say so for the finding."""
        unit = t.unit_of(column)
        if not unit or not self.unit or unit == self.unit or unit not in MONEY_UNITS or self.unit not in MONEY_UNITS:
            return value, ""
        converted = to_unit(value, unit, self.unit)
        return converted, f"，表中按{unit}列示，折合{numbers.plain(converted)}{self.unit}"

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


def norm(name: str) -> str:
    """A name without whitespace and without a leading ordinal (``一、``, ``（二）``, ``3.``)."""
    text = re.sub(r"\s+", "", name or "")
    return re.sub(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])", "", text)


def subject_name(name: str) -> str:
    """A subject name without its level marker and a trailing 支出: 公共安全（类）支出 → 公共安全."""
    text = re.sub(r"[（(][类款项][）)]", "", norm(name))
    return text[:-2] if text.endswith("支出") and len(text) > 2 else text


def table_name(t: Table) -> str:
    return t.number or t.title


def _find_row(t: Table, row: str | None, side: str | None = None) -> Entry | None:
    entries = [e for e in t.entries if side is None or e.side == side]
    if row is None:
        return entries[0] if entries else None
    wanted = norm(row)
    for e in entries:
        if e.code == row or norm(e.name) == wanted:
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


def table_cell(
    v: View, kind: TableKind, row: str | None, spec: ColumnSpec = (), side: str | None = None
) -> Cell | None:
    """The amount of a table cell (row by code or name, column by header), with where it is printed."""
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
            value, converted = v.in_narrative_unit(t, a.column, a.value)
            where = f"{table_name(t)}{side_text}{row_text}{column}（第{a.source.line}行{converted}）"
            return Cell(value, where, a.source)
    return None


# -- findings helpers -----------------------------------------------------------------------


def amount_finding(
    what: str, stated: Num, source: Source, expected: Decimal, basis: str, summands: int = 1, subject: str | None = None
) -> Finding | None:
    """Stated amount against a recomputed / quoted one (rounded to the stated decimals first)."""
    places = max(numbers.places(stated.raw), 2)
    target = numbers.rounded(expected, places) if numbers.places(str(expected)) > places else expected
    result = verdict(target, stated.value, summands)
    if result == "ok":
        return None
    gap = numbers.money(abs(target - stated.value))
    if result == "rounding":
        return make_finding(
            "narrative-rounding-gap",
            source,
            subject=subject,
            expected=show(target),
            actual=show(stated.value),
            what=what,
            basis=basis,
            detail=f"相差{gap}，不超过{summands}项×0.01",
        )
    return make_finding(
        "narrative-amount-mismatch",
        source,
        subject=subject,
        expected=show(target),
        actual=show(stated.value),
        what=what,
        basis=basis,
        gap=gap,
    )


def rounding_pct_finding(
    what: str, fact: Fact, result: RatioResult, basis: str, subject: str | None = None,
    detail: str = "所用金额本身四舍五入到所印位数，可以得出说明中的比例",
) -> Finding:
    """A stated percentage that the rounding of its inputs, or a balancing adjustment, explains
    (``narrative-rounding-gap``)."""
    places = numbers.places(fact.raw)
    return make_finding(
        "narrative-rounding-gap",
        fact.source,
        subject=subject,
        expected=numbers.pct(result.expected, places),
        actual=numbers.pct(fact.value, places),
        what=what,
        basis=f"{basis}（精确值{numbers.pct(result.exact, 4)}）",
        detail=detail,
    )


# -- amounts the narrative quotes from the tables ---------------------------------------------


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


THREE = TableKind.THREE_PUBLIC
QUANTITIES: tuple[Quantity, ...] = (
    Quantity("收、支总计", (K.TOTAL,), TableKind.SUMMARY, "总计", side="收入"),
    Quantity("本年收入合计", (K.INCOME_TOTAL,), TableKind.SUMMARY, "本年收入合计", side="收入"),
    Quantity("财政拨款收入", (F.income(F.Income.FISCAL),), TableKind.INCOME, "合计", ((None, "财政拨款收入"),)),
    Quantity("其他收入", (F.income(F.Income.OTHER),), TableKind.INCOME, "合计", ((None, "其他收入"),)),
    Quantity("本年支出合计", (K.EXPENDITURE_TOTAL,), TableKind.EXPENDITURE, "合计", ((None, "本年支出合计"),)),
    Quantity("基本支出", (F.expenditure(F.Expenditure.BASIC),), TableKind.EXPENDITURE, "合计", ((None, "基本支出"),)),
    Quantity("项目支出", (F.expenditure(F.Expenditure.PROJECT),), TableKind.EXPENDITURE, "合计", ((None, "项目支出"),)),
    Quantity("财政拨款收、支总计", (K.FISCAL_TOTAL,), TableKind.FISCAL_SUMMARY, "总计", side="收入"),
    Quantity(
        "一般公共预算财政拨款支出",
        (K.GENERAL_BUDGET, K.GENERAL_BUDGET_ACTUAL),
        TableKind.GENERAL_BUDGET,
        "合计",
        ((None, "小计"), (None, "合计")),
        labels=("一般公共预算财政拨款支出",),
    ),
    Quantity("一般公共预算财政拨款基本支出", (K.BASIC,), TableKind.GENERAL_BUDGET, "合计", ((None, "基本支出"),)),
    Quantity("人员经费", (K.BASIC_PERSONNEL,), TableKind.GENERAL_BUDGET_BASIC, "人员经费合计"),
    Quantity("公用经费", (K.BASIC_PUBLIC,), TableKind.GENERAL_BUDGET_BASIC, "公用经费合计"),
    Quantity("“三公”经费全年预算", (three_public(T.BUDGET),), THREE, None, _tp("预算数", "合计")),
    Quantity("“三公”经费支出决算", (three_public(T.ACTUAL),), THREE, None, _tp("决算数", "合计")),
    Quantity("因公出国（境）费全年预算", (three_public(T.BUDGET, T3.ABROAD),), THREE, None, _tp("预算数", "因公出国")),
    Quantity("因公出国（境）费支出决算", (three_public(T.ACTUAL, T3.ABROAD),), THREE, None, _tp("决算数", "因公出国")),
    Quantity(
        "公务用车购置及运行维护费全年预算",
        (three_public(T.BUDGET, T3.VEHICLES),),
        THREE,
        None,
        _tp("预算数", "小计", "公务用车"),
    ),
    Quantity(
        "公务用车购置及运行维护费支出决算",
        (three_public(T.ACTUAL, T3.VEHICLES),),
        THREE,
        None,
        _tp("决算数", "小计", "公务用车"),
    ),
    Quantity("公务用车购置费支出", (three_public(T.PURCHASE, T3.VEHICLES),), THREE, None, _tp("决算数", "购置费")),
    Quantity(
        "公务用车运行维护费支出",
        (three_public(T.OPERATION, T3.VEHICLES),),
        THREE,
        None,
        _tp("决算数", "运行维护费", "运行费"),
    ),
    Quantity("公务接待费全年预算", (three_public(T.BUDGET, T3.RECEPTION),), THREE, None, _tp("预算数", "接待")),
    Quantity("公务接待费支出决算", (three_public(T.ACTUAL, T3.RECEPTION),), THREE, None, _tp("决算数", "接待")),
    Quantity("自评项目数", (K.SELF_EVAL_PROJECTS, K.SELF_EVAL_TOTAL)),
)

# “三公”经费 and its items: (name, item) — 预算 − 决算 = the change stated, 决算 ÷ 预算 = completion
THREE_PUBLIC_PARTS: tuple[tuple[str, T3 | None], ...] = (
    ("“三公”经费", None),
    ("因公出国（境）费", T3.ABROAD),
    ("公务用车购置及运行维护费", T3.VEHICLES),
    ("公务接待费", T3.RECEPTION),
)
