"""Checks of the percents a statement in prose prints: a percent of change against change ÷
base, a share (占 X%) against part ÷ total, an execution rate (执行率 / 完成率) against the
amount executed ÷ the budget before it. A percent is compared with the range the rounded
figures allow (:func:`jixiao.checks.arith.ratio_verdict`): exact, 尾数误差 (info), or an error.
A rise from 0 stated as a percent is an error: there is no base to grow from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jixiao.checks.arith import ratio_verdict
from jixiao.checks.registry import check
from jixiao.checks.statement import amount_of, at_line, money_in, previous_of, show, signed, statements_of
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.statement import (
    AMOUNT,
    CHANGE,
    CHANGE_PERCENT,
    LAST_YEAR,
    RATE,
    SHARE,
    TOTAL,
    UP,
    StatedFigure,
    Statement,
    to_unit,
)

EXECUTED = re.compile(r"执行|实际支出|已支出|拨付|完成|使用|到位|支出")
ZERO = Decimal(0)


@check("statement-percent-mismatch", "statement-percent-from-zero", "statement-rounding-gap")
def statement_percents(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_percents(s)


def _statement_percents(s: Statement) -> Iterator[Finding]:
    for k, f in enumerate(s.figures):
        if f.what != CHANGE_PERCENT or f.value is None or f.subject is None:
            continue
        change = next(
            (
                c
                for c in reversed(s.figures[:k])
                if c.what == CHANGE
                and c.subject == f.subject
                and c.value is not None
                and (c.year, c.against) == (f.year, f.against)
            ),
            None,
        )
        found = _base(s, f, change)
        if found is None:
            continue
        num, num_places, den, den_half, base_text, rule = found
        phrase = f"{'增长' if f.direction == UP else '下降'}{f.raw}"
        if den == 0:
            if num != 0:
                yield make_finding(
                    "statement-percent-from-zero",
                    f.source,
                    subject=f.subject,
                    where=at_line(f),
                    phrase=phrase,
                    detail=base_text,
                )
            continue
        yield from percent_findings(
            "statement-percent-mismatch",
            f,
            num,
            half_unit(num_places),
            den,
            den_half,
            rule=rule,
            phrase=phrase,
            numerator=show(num, change.unit if change else "", num_places),
            denominator=base_text,
            detail=_implied_base(num, f, change),
        )


def _implied_base(num: Decimal, f: StatedFigure, change: StatedFigure | None) -> str:
    """The base the printed change and percent imply together (a misprinted base shows here)."""
    if not f.value:
        return ""
    unit = change.unit if change is not None else ""
    return f"；由增减额{show(num, unit)}和{f.raw}推算，上年数约为{show(num / f.value * 100, unit)}"


def half_unit(places: int) -> Decimal:
    return Decimal("0.5").scaleb(-places)


def _base(s: Statement, f: StatedFigure, change: StatedFigure | None):
    """(numerator, its places, base, the base's rounding, the base as shown, rule) of a
    percent of change: the change stated (else the difference) over last year's figure (else
    this year's less the change)."""
    current = amount_of(s, f.subject, f.year, f.scope)  # type: ignore[arg-type]
    previous = previous_of(s, change or f) if f.against == LAST_YEAR else None
    if previous is not None and previous.value is not None:
        unit = previous.unit
        if change is not None and change.value is not None:
            num, places = to_unit(change.value, change.unit, unit), change.places
        elif current is not None:
            num = abs((money_in(current, unit) or ZERO) - previous.value)
            places = max(current.places, previous.places)
        else:
            return None
        return num, places, previous.value, half_unit(previous.places), previous.raw, "增减额÷上年数"
    if current is not None and current.value is not None and change is not None and change.value is not None:
        unit = current.unit
        moved = to_unit(signed(change) or ZERO, change.unit, unit)
        den = current.value - moved
        places = max(current.places, change.places)
        shown = f"{show(den, unit, places)}（{current.raw}{'−' if moved > 0 else '+'}{change.raw}）"
        return (
            to_unit(change.value, change.unit, unit),
            change.places,
            den,
            2 * half_unit(places),
            shown,
            "增减额÷（本年数−增减额）",
        )
    return None


def percent_findings(
    code: str, f: StatedFigure, num: Decimal, num_half: Decimal, den: Decimal, den_half: Decimal, **kw: Any
) -> Iterator[Finding]:
    """Compare a printed percent with num ÷ den: exact to the places printed; within the range
    the rounded inputs allow (尾数误差); or wrong."""
    if den == 0:
        return
    result, exact = ratio_verdict(f.value or ZERO, f.places, num, num_half, den, den_half)
    if result == "ok":
        return
    expected = show(exact, "%", max(f.places, 2))
    if result == "rounding":
        yield make_finding(
            "statement-rounding-gap",
            f.source,
            subject=f.subject,
            where=at_line(f),
            what=f"{f.subject or ''}{f.raw}",
            expected=expected,
            actual=f.raw,
            gap=show(abs(exact - (f.value or ZERO)), "%", max(f.places, 2)),
        )
        return
    yield make_finding(code, f.source, subject=f.subject, where=at_line(f), expected=expected, actual=f.raw, **kw)


@check("statement-share-mismatch", "statement-rate-mismatch", "statement-rounding-gap")
def statement_ratios(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_ratios(s)


def _statement_ratios(s: Statement) -> Iterator[Finding]:
    for k, f in enumerate(s.figures):
        if f.value is None:
            continue
        if f.what == SHARE and f.subject not in (None, TOTAL):
            part = next((a for a in reversed(s.figures[:k]) if a.what == AMOUNT and a.subject == f.subject), None)
            total = amount_of(s, TOTAL, f.year, f.scope)
            if part is None or total is None or not total.value:
                continue
            num = money_in(part, total.unit) or ZERO
            yield from percent_findings(
                "statement-share-mismatch",
                f,
                num,
                to_unit(half_unit(part.places), part.unit, total.unit),
                total.value,
                half_unit(total.places),
                rule="部分÷合计",
                numerator=part.raw,
                denominator=total.raw,
            )
        elif f.what == RATE:
            pair = _executed_and_budget(s.figures[:k])
            if pair is None:
                continue
            executed, budget = pair
            if not budget.value:
                continue
            num = money_in(executed, budget.unit) or ZERO
            name = "完成率" if "完成" in f.label else "执行率"
            yield from percent_findings(
                "statement-rate-mismatch",
                f,
                num,
                to_unit(half_unit(executed.places), executed.unit, budget.unit),
                budget.value,
                half_unit(budget.places),
                name=name,
                numerator=executed.raw,
                denominator=budget.raw,
            )


def _executed_and_budget(before: tuple[StatedFigure, ...]) -> tuple[StatedFigure, StatedFigure] | None:
    """The amount executed (the nearest amount before the rate, said to be executed, paid or
    spent) and the budget (the amount before that), not reaching back past another rate."""
    amounts: list[StatedFigure] = []
    for f in reversed(before[-12:]):
        if f.what == RATE:
            break
        if f.what == AMOUNT and f.value is not None:
            amounts.append(f)
    for n, f in enumerate(amounts):
        if EXECUTED.search(f.label) and n + 1 < len(amounts):
            return f, amounts[n + 1]
    return None
