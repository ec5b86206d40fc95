"""Amounts: each one the narrative quotes against its table cell, a quantity stated twice against
itself, parts against their whole and 预算 − 决算 against the change stated (see
:mod:`jixiao.checks.narrative`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jixiao import numbers
from jixiao.checks.narrative.common import (
    QUANTITIES,
    THREE_PUBLIC_PARTS,
    ZERO,
    Num,
    Quantity,
    View,
    amount_finding,
    half,
    show,
    table_cell,
)
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.accounts import Fact
from jixiao.model.document import Document
from jixiao.model.facts import Key as K
from jixiao.model.facts import ThreePublicItem as T3
from jixiao.model.facts import ThreePublicPart as T
from jixiao.model.facts import three_public
from jixiao.model.finding import Finding
from jixiao.model.source import Source


@dataclass(frozen=True, slots=True)
class Statement:
    num: Num
    source: Source


def _statements(v: View, q: Quantity) -> list[Statement]:
    out: list[Statement] = []
    seen: set[tuple[int | None, int | None]] = set()
    for f in v.all_facts:
        if f.key in q.keys and f.value is not None:
            out.append(Statement(Num(f.value, half(f.raw), f.raw), f.source))
            seen.add((f.source.line, f.source.column))
    if q.labels:
        for s in v.narrative_sections():
            for n in s.numbers:
                if n.label in q.labels and n.unit == "万元" and (n.source.line, n.source.column) not in seen:
                    out.append(Statement(Num(n.value, half(n.raw), n.raw), n.source))
                    seen.add((n.source.line, n.source.column))
    return sorted(out, key=lambda st: (st.source.line or 0, st.source.column or 0))


@check("narrative-amount-mismatch", "narrative-repeated-differs", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_amounts_against_tables(doc: Document) -> Iterator[Finding]:
    """Each amount the narrative quotes against its table cell; unquotable repeats against each other."""
    v = View(doc)
    for q in QUANTITIES:
        statements = _statements(v, q)
        cell = table_cell(v, q.kind, q.row, q.spec, q.side) if q.kind else None
        if cell is not None:
            for st in statements:
                found = amount_finding(q.what, st.num, st.source, cell.value, cell.where)
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
    ("一般公共预算财政拨款基本支出", K.BASIC, (K.BASIC_PERSONNEL, K.BASIC_PUBLIC)),
    (
        "“三公”经费全年预算",
        three_public(T.BUDGET),
        tuple(three_public(T.BUDGET, item) for item in T3),
    ),
    (
        "“三公”经费支出决算",
        three_public(T.ACTUAL),
        tuple(three_public(T.ACTUAL, item) for item in T3),
    ),
    (
        "公务用车购置及运行维护费支出决算",
        three_public(T.ACTUAL, T3.VEHICLES),
        (three_public(T.PURCHASE, T3.VEHICLES), three_public(T.OPERATION, T3.VEHICLES)),
    ),
    (
        "公务接待费支出决算",
        three_public(T.ACTUAL, T3.RECEPTION),
        (three_public(T.DOMESTIC, T3.RECEPTION), three_public(T.ABROAD, T3.RECEPTION)),
    ),
    ("政府采购支出总额", K.PROCUREMENT, (K.PROCUREMENT_GOODS, K.PROCUREMENT_WORKS, K.PROCUREMENT_SERVICES)),
)


@check("narrative-amount-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_parts_and_differences(doc: Document) -> Iterator[Finding]:
    """Parts the narrative lists against the whole it states; 预算 − 决算 against the stated decrease."""
    v = View(doc)
    for what, whole_key, part_keys in SUMS:
        whole = v.fact(whole_key)
        facts = [v.fact(k) for k in part_keys]
        parts = [(p, value) for p in facts if p is not None and (value := p.value) is not None]
        if whole is None or (stated := Num.of(whole)) is None or len(parts) != len(facts):
            continue
        expected = sum((value for _, value in parts), ZERO)
        names = "+".join(p.label or p.key for p, _ in parts)
        found = amount_finding(what, stated, whole.source, expected, f"{names}之和", summands=len(parts))
        if found:
            yield found
    for what, item in THREE_PUBLIC_PARTS:
        budget, actual, change = (v.fact(three_public(part, item)) for part in (T.BUDGET, T.ACTUAL, T.CHANGE))
        if budget is None or actual is None or change is None:
            continue
        planned, spent, stated = budget.value, actual.value, Num.of(change)
        if planned is None or spent is None or stated is None:
            continue
        decrease = (change.label or "").startswith(("减少", "下降", "节约"))
        expected = planned - spent if decrease else spent - planned
        basis = f"全年预算{budget.raw}与支出决算{actual.raw}之差"
        found = amount_finding(
            f"{what}比全年预算{change.label or '增减'}", stated, change.source, expected, basis, summands=2
        )
        if found:
            yield found
    yield from _small_micro_within_sme(v)


def _small_micro_within_sme(v: View) -> Iterator[Finding]:
    sme, small = v.fact(K.PROCUREMENT_SME), v.fact(K.PROCUREMENT_SMALL_MICRO)
    if sme and small and sme.value is not None and small.value is not None and small.value > sme.value:
        yield make_finding(
            "narrative-amount-mismatch",
            small.source,
            expected=f"≤{show(sme.value)}",
            actual=show(small.value),
            what="授予小微企业合同金额",
            basis="授予中小企业合同金额（小微企业是其中一部分）",
            gap=numbers.money(small.value - sme.value),
        )
