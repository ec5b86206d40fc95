"""Checks of a 政府采购 paragraph read on its own (:mod:`jixiao.ingest.admin_paragraphs`):

- 货物 + 工程 + 服务 = 政府采购支出总额 when all three are stated (fewer: they may not exceed it);
- 授予中小企业合同金额 may not exceed the total, nor 授予小微企业合同金额 the 中小企业 amount;
- each share (占政府采购支出总额的 X%, 占授予中小企业合同金额的 Y%) against its amount ÷ the base
  its words name, within the rounding of the printed figures.

The 机关运行经费 paragraph's change and percent are checked by the statement checks
(:mod:`jixiao.checks.statement`, :mod:`jixiao.checks.statement_ratios`: 增减额 against the two
years' amounts, the percent against 增减额 ÷ (本年数 − 增减额)).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.arith import verdict
from jixiao.checks.registry import check
from jixiao.checks.statement import at_line, money_in, show, statements_of
from jixiao.checks.statement_ratios import half_unit, percent_findings
from jixiao.findings import make_finding
from jixiao.ingest.admin_paragraphs import (
    GOODS,
    PROCUREMENT,
    PROCUREMENT_PARTS,
    SERVICES,
    SMALL_MICRO,
    SME,
    WORKS,
)
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.statement import AMOUNT, SHARE, StatedFigure, Statement, to_unit

ZERO = Decimal(0)
BASES = (("小微", SMALL_MICRO), ("中小企业", SME), ("货物", GOODS), ("工程", WORKS), ("服务", SERVICES))


def _procurement(doc: Document) -> list[Statement]:
    """The 政府采购 paragraphs: the document's own, and a part of another document read as one."""
    return [s for s in statements_of(doc) if s.kind == "procurement"]


def _first(s: Statement, subject: str) -> StatedFigure | None:
    return next((f for f in s.figures if f.what == AMOUNT and f.subject == subject and f.value is not None), None)


@check("statement-total-mismatch", "statement-items-exceed-total", "statement-rounding-gap", applies_to="any")
def procurement_parts(doc: Document) -> Iterator[Finding]:
    for s in _procurement(doc):
        total = _first(s, PROCUREMENT)
        parts = [p for p in (_first(s, n) for n in PROCUREMENT_PARTS) if p is not None]
        if total is not None and parts:
            yield from _sum(total, parts, len(parts) == 3, "政府采购支出总额（货物、工程、服务）")
        sme, small = _first(s, SME), _first(s, SMALL_MICRO)
        for whole, part, what in ((total, sme, "授予中小企业合同金额"), (sme, small, "授予小微企业合同金额")):
            if whole is not None and part is not None:
                yield from _sum(whole, [part], False, what)


def _sum(total: StatedFigure, parts: list[StatedFigure], complete: bool, what: str) -> Iterator[Finding]:
    summed = sum((money_in(p, total.unit) or ZERO for p in parts), ZERO)
    stated = total.value or ZERO
    listed = "、".join(f"{p.subject}{p.raw}" for p in parts)
    result = verdict(summed, stated, len(parts))
    params = dict(
        subject=total.subject,
        where=at_line(total),
        what=what,
        items=listed,
        expected=show(summed, total.unit),
        actual=show(stated, total.unit),
    )
    if complete and result == "mismatch":
        yield make_finding(
            "statement-total-mismatch", total.source, gap=show(abs(summed - stated), total.unit), **params
        )
    elif complete and result == "rounding":
        yield make_finding("statement-rounding-gap", total.source, gap=show(abs(summed - stated), total.unit), **params)
    elif not complete and result == "mismatch" and summed > stated:
        yield make_finding("statement-items-exceed-total", total.source, **params)


@check("statement-share-mismatch", "statement-rounding-gap", applies_to="any")
def procurement_shares(doc: Document) -> Iterator[Finding]:
    for s in _procurement(doc):
        for f in s.figures:
            if f.what != SHARE or f.value is None or f.subject is None:
                continue
            part = _first(s, f.subject)
            base_name = next((name for word, name in BASES if word in f.label), PROCUREMENT)
            base = _first(s, base_name)
            if part is None or base is None or not base.value or base is part:
                continue
            yield from percent_findings(
                "statement-share-mismatch",
                f,
                money_in(part, base.unit) or ZERO,
                to_unit(half_unit(part.places), part.unit, base.unit),
                base.value,
                half_unit(base.places),
                rule=f"{f.subject}÷{base.subject}",
                numerator=part.raw,
                denominator=base.raw,
            )
