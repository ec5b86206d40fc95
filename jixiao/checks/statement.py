"""Checks of statements in prose: the numbers a “三公”经费 explanation, a monitoring report or a
self-evaluation report states, against each other.

- the items of a listing add up to its total (each year, each listing: a district total and
  the sub-total of its own units are two listings); a listing that names only some items
  may not exceed its total; 公务用车购置及运行维护费 = 购置费 + 运行维护费;
- a stated change (比上年增加/减少 X) equals the difference of the two years' figures the text
  states, and its direction word agrees with the sign;
- the items' changes add up to the change of the total;
- a stated percent of change equals change ÷ base (the base stated, or the figure less its
  change), rounded to the places printed; a rise from 0 has no percent;
- a share (占 X%) equals part ÷ total; an execution rate (执行率 / 完成率) equals the amount
  executed ÷ the budget before it;
- a slot left blank in published prose (“占 %”, “减少 万元”, “主要原因是。”) is a warning.

Money is compared in the unit the figure checked prints (other units converted only for
that); a gap within 0.01 per summand is ``statement-rounding-gap`` (info, 尾数误差), as
everywhere in jixiao (:func:`jixiao.checks.arith.verdict`). A percent is compared with the
range the rounded figures allow: within it, 尾数误差; outside, an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from jixiao.checks.arith import verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.statement import (
    AMOUNT,
    BLANK,
    BUDGET,
    CHANGE,
    CHANGE_PERCENT,
    DOWN,
    FLAT,
    LAST_YEAR,
    MEETINGS,
    MONEY_UNITS,
    OVERSEAS,
    RATE,
    RECEPTION,
    SHARE,
    TOTAL,
    TRAINING,
    UP,
    VEHICLE_PURCHASE,
    VEHICLE_RUNNING,
    VEHICLES,
    StatedFigure,
    Statement,
    to_unit,
)

KINDS = frozenset({"three_public", "monitoring_report", "selfeval_report"})
EXECUTED = re.compile(r"执行|实际支出|已支出|拨付|完成|使用|到位|支出")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def _statement(doc: Document) -> Statement | None:
    return doc.statement if doc.kind in KINDS else None


def _where(f: StatedFigure) -> str:
    return f"第{f.source.line}行：" if f.source.line is not None else ""


def _show(value: Decimal, unit: str, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    return f"{value.quantize(q, rounding=ROUND_HALF_UP)}{unit}"


def _moved(value: Decimal, unit: str) -> str:
    """A signed change in words: 增加1.50万元, 减少0.59万元, 持平."""
    if value == 0:
        return "持平"
    return ("增加" if value > 0 else "减少") + _show(abs(value), unit)


def _name(subject: str | None) -> str:
    return "“三公”经费合计" if subject == TOTAL else subject or ""


def _signed(f: StatedFigure) -> Decimal | None:
    if f.direction == FLAT:
        return ZERO
    if f.value is None:
        return None
    return -f.value if f.direction == DOWN else f.value


def _money(f: StatedFigure, unit: str) -> Decimal | None:
    if f.value is None:
        return None
    return to_unit(f.value, f.unit, unit) if f.unit in MONEY_UNITS else f.value


def _amount(
    s: Statement, subject: str, year: int | None, scope: int | None = None, edition: str | None = None
) -> StatedFigure | None:
    """The amount of ``subject`` for ``year`` (in ``scope`` if it has one there, else the first)."""
    found = [
        f
        for f in s.figures
        if f.what == AMOUNT
        and f.subject == subject
        and f.year == year
        and f.value is not None
        and (edition is None or f.edition == edition)
    ]
    same = [f for f in found if f.scope == scope]
    return (same or found or [None])[0]


def _items(s: Statement, scope: int | None, year: int | None, what: str) -> dict[str, StatedFigure]:
    """The first figure of each item in one listing."""
    out: dict[str, StatedFigure] = {}
    for f in s.figures:
        if f.what == what and f.scope == scope and f.year == year and f.subject not in (None, TOTAL):
            out.setdefault(f.subject, f)  # type: ignore[arg-type]
    return out


def _top(items: dict[str, StatedFigure]) -> tuple[list[str], bool]:
    """The items that add up to the total (the vehicle costs once: as their sum, or as their
    parts when the sum is not stated), and whether the listing names every item."""
    names = [n for n in (OVERSEAS, RECEPTION, MEETINGS, TRAINING) if n in items]
    if VEHICLES in items:
        names.append(VEHICLES)
    else:
        names.extend(n for n in (VEHICLE_PURCHASE, VEHICLE_RUNNING) if n in items)
    vehicles = any(n in items for n in (VEHICLES, VEHICLE_PURCHASE, VEHICLE_RUNNING))
    return names, OVERSEAS in items and RECEPTION in items and vehicles


def _compare(code: str, ref: StatedFigure, expected: Decimal, actual: Decimal, summands: int, **kw: object):
    """A finding when ``actual`` (stated, in ``ref``'s unit) differs from ``expected``."""
    result = verdict(expected, actual, summands)
    if result == "ok":
        return None
    gap = _show(abs(expected - actual), ref.unit)
    if result == "rounding":
        what = kw.get("what") or f"{ref.subject or ''}{ref.raw}"
        return make_finding(
            "statement-rounding-gap",
            ref.source,
            subject=ref.subject,
            expected=_show(expected, ref.unit),
            actual=_show(actual, ref.unit),
            where=_where(ref),
            what=what,
            gap=gap,
        )
    return make_finding(
        code,
        ref.source,
        subject=ref.subject,
        expected=_show(expected, ref.unit),
        actual=_show(actual, ref.unit),
        where=_where(ref),
        gap=gap,
        **kw,
    )


@check("statement-total-mismatch", "statement-items-exceed-total", "statement-rounding-gap")
def statement_totals(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
    for total in s.figures:
        if total.what != AMOUNT or total.subject != TOTAL or total.value is None:
            continue
        items = _items(s, total.scope, total.year, AMOUNT)
        names, complete = _top(items)
        year = f"{total.year}年" if total.year else ""
        if names:
            yield from _sum(total, [items[n] for n in names], complete, f"{year}“三公”经费合计")
        parts = [items[n] for n in (VEHICLE_PURCHASE, VEHICLE_RUNNING) if n in items]
        if VEHICLES in items and len(parts) == 2:
            yield from _sum(items[VEHICLES], parts, True, f"{year}{VEHICLES}")


def _sum(total: StatedFigure, parts: list[StatedFigure], complete: bool, what: str) -> Iterator[Finding]:
    unit = total.unit
    summed = sum((_money(p, unit) or ZERO for p in parts), ZERO)
    stated = total.value or ZERO
    listed = "、".join(f"{p.subject}{p.raw}" for p in parts)
    if complete:
        found = _compare("statement-total-mismatch", total, summed, stated, len(parts), what=what, items=listed)
        if found:
            yield found
    elif verdict(summed, stated, len(parts)) == "mismatch" and summed > stated:
        yield make_finding(
            "statement-items-exceed-total",
            total.source,
            subject=total.subject,
            expected=_show(summed, unit),
            actual=_show(stated, unit),
            where=_where(total),
            what=what,
            items=listed,
        )


@check("statement-change-mismatch", "statement-direction-contradicts", "statement-rounding-gap")
def statement_changes(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
    for f in s.figures:
        if f.what != CHANGE or f.subject is None or f.year is None:
            continue
        pair = _pair(s, f)
        if pair is None:
            continue
        current, previous, prev_label = pair
        unit = f.unit or current.unit
        diff = (_money(current, unit) or ZERO) - (_money(previous, unit) or ZERO)
        stated = _signed(f)
        if stated is None:
            continue
        params = dict(year=f.year, prev_year=prev_label, current=current.raw, previous=previous.raw, phrase=_phrase(f))
        wrong_way = (f.direction == UP and diff < 0) or (f.direction == DOWN and diff > 0)
        if wrong_way or (f.direction == FLAT and verdict(diff, ZERO) == "mismatch"):
            yield make_finding(
                "statement-direction-contradicts",
                f.source,
                subject=f.subject,
                where=_where(f),
                actual=("增加" if diff > 0 else "减少" if diff < 0 else "持平") + _show(abs(diff), unit),
                **params,
            )
            continue
        if verdict(diff, stated, 1) == "mismatch":
            yield make_finding(
                "statement-change-mismatch",
                f.source,
                subject=_name(f.subject),
                where=_where(f),
                expected=_moved(diff, unit),
                actual=_moved(stated, unit),
                gap=_show(abs(diff - stated), unit),
                **params,
            )
        elif verdict(diff, stated, 1) == "rounding":
            yield make_finding(
                "statement-rounding-gap",
                f.source,
                subject=_name(f.subject),
                where=_where(f),
                what=f"{_name(f.subject)}{f.year}年{_phrase(f)}",
                expected=_moved(diff, unit),
                actual=_moved(stated, unit),
                gap=_show(abs(diff - stated), unit),
            )


def _pair(s: Statement, f: StatedFigure) -> tuple[StatedFigure, StatedFigure, str] | None:
    """The two figures a change is between: this year's and last year's, or the final and
    the budget figure of the year."""
    if f.against == LAST_YEAR:
        current = _amount(s, f.subject, f.year, f.scope)  # type: ignore[arg-type]
        previous = _amount(s, f.subject, f.year - 1)  # type: ignore[arg-type,operator]
        label = str(f.year - 1)  # type: ignore[operator]
    elif f.against == BUDGET:
        current = _amount(s, f.subject, f.year, f.scope, "final")  # type: ignore[arg-type]
        previous = _amount(s, f.subject, f.year, f.scope, "budget")  # type: ignore[arg-type]
        label = f"{f.year}年预算，决算"
    else:
        return None
    if current is None or previous is None:
        return None
    return current, previous, label


def _phrase(f: StatedFigure) -> str:
    word = {UP: "增加", DOWN: "减少", FLAT: "持平"}.get(f.direction or "", "")
    against = "比预算" if f.against == BUDGET else "比上年"
    return f"{against}{word}" + ("" if f.direction == FLAT else f.raw)


@check("statement-changes-mismatch", "statement-rounding-gap")
def statement_item_changes(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
    seen = set()
    for t in s.figures:
        if t.what != CHANGE or t.subject != TOTAL or (t.scope, t.year, t.against) in seen:
            continue
        seen.add((t.scope, t.year, t.against))
        stated = _signed(t)
        if stated is None:
            continue
        changes = _item_changes(s, t)
        names, complete = _top({n: c[1] for n, c in changes.items()})
        if not complete:
            continue
        unit = t.unit or "万元"
        summed = sum((changes[n][0] for n in names), ZERO)
        if _totals_agree_with_items(s, t, summed, unit):
            continue  # the items agree with the two totals: the total's change is what is wrong, reported there
        listed = "、".join(f"{n}{_moved(changes[n][0], unit)}" for n in names)
        yield from _changes(t, summed, stated, len(names), f"{t.year}年“三公”经费", listed, unit)
    yield from _vehicle_changes(s)


def _item_changes(s: Statement, t: StatedFigure) -> dict[str, tuple[Decimal, StatedFigure]]:
    """Each item's signed change in the listing of ``t``: stated, or (against 上年) the
    difference of its two amounts."""
    unit = t.unit or "万元"
    out: dict[str, tuple[Decimal, StatedFigure]] = {}
    for f in s.figures:
        same = f.what == CHANGE and (f.scope, f.year, f.against) == (t.scope, t.year, t.against)
        if same and f.subject not in (None, TOTAL) and f.subject not in out:
            value = _signed(f)
            if value is not None:
                out[f.subject] = (to_unit(value, f.unit, unit) if f.unit else value, f)
    if t.against == LAST_YEAR and t.year is not None:
        for name in (OVERSEAS, RECEPTION, MEETINGS, TRAINING, VEHICLES, VEHICLE_PURCHASE, VEHICLE_RUNNING):
            current, previous = _amount(s, name, t.year, t.scope), _amount(s, name, t.year - 1)
            if name not in out and current is not None and previous is not None:
                out[name] = ((_money(current, unit) or ZERO) - (_money(previous, unit) or ZERO), current)
    return out


def _totals_agree_with_items(s: Statement, t: StatedFigure, summed: Decimal, unit: str) -> bool:
    if t.against != LAST_YEAR or t.year is None:
        return False
    current, previous = _amount(s, TOTAL, t.year, t.scope), _amount(s, TOTAL, t.year - 1)
    if current is None or previous is None:
        return False
    diff = (_money(current, unit) or ZERO) - (_money(previous, unit) or ZERO)
    return verdict(diff, _signed(t) or ZERO) == "mismatch" and verdict(diff, summed, 4) != "mismatch"


def _vehicle_changes(s: Statement) -> Iterator[Finding]:
    """公务用车购置及运行维护费's change = the changes of its two parts, when all three are stated."""
    for f in s.figures:
        if f.what != CHANGE or f.subject != VEHICLES:
            continue
        parts = [
            p
            for p in s.figures
            if p.what == CHANGE
            and p.subject in (VEHICLE_PURCHASE, VEHICLE_RUNNING)
            and (p.scope, p.year, p.against) == (f.scope, f.year, f.against)
        ]
        firsts = {p.subject: p for p in reversed(parts)}
        values = [_signed(p) for p in firsts.values()]
        stated = _signed(f)
        if len(firsts) != 2 or stated is None or any(v is None for v in values):
            continue
        summed = sum(
            (
                to_unit(v, p.unit, f.unit) if p.unit and f.unit else v
                for v, p in zip(values, firsts.values(), strict=True)
            ),
            ZERO,
        )  # type: ignore[arg-type]
        listed = "、".join(f"{p.subject}{_phrase(p)}" for p in firsts.values())
        yield from _changes(f, summed, stated, 2, f"{f.year}年{VEHICLES}", listed, f.unit)


def _changes(
    t: StatedFigure, summed: Decimal, stated: Decimal, n: int, what: str, listed: str, unit: str
) -> Iterator[Finding]:
    result = verdict(summed, stated, n)
    if result == "ok":
        return
    code = "statement-changes-mismatch" if result == "mismatch" else "statement-rounding-gap"
    yield make_finding(
        code,
        t.source,
        subject=_name(t.subject),
        where=_where(t),
        what=what,
        items=listed,
        expected=_moved(summed, unit),
        actual=_moved(stated, unit),
        gap=_show(abs(summed - stated), unit),
        direction="增减",
    )


@check("statement-percent-mismatch", "statement-percent-from-zero", "statement-rounding-gap")
def statement_percents(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
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
                    where=_where(f),
                    phrase=phrase,
                    detail=base_text,
                )
            continue
        yield from _percent(
            "statement-percent-mismatch",
            f,
            num,
            _half(num_places),
            den,
            den_half,
            rule=rule,
            phrase=phrase,
            numerator=_show(num, f.unit if f.unit != "%" else "", num_places),
            denominator=base_text,
        )


def _half(places: int) -> Decimal:
    return Decimal("0.5").scaleb(-places)


def _base(s: Statement, f: StatedFigure, change: StatedFigure | None):
    """(numerator, its places, base, the base's rounding, the base as shown, rule) of a
    percent of change: the change stated (else the difference) over last year's figure (else
    this year's less the change)."""
    current = _amount(s, f.subject, f.year, f.scope)  # type: ignore[arg-type]
    previous = _amount(s, f.subject, (f.year or 0) - 1) if f.against == LAST_YEAR else None  # type: ignore[arg-type]
    if previous is not None and previous.value is not None:
        unit = previous.unit
        if change is not None and change.value is not None:
            num, places = to_unit(change.value, change.unit, unit), change.places
        elif current is not None:
            num = abs((_money(current, unit) or ZERO) - previous.value)
            places = max(current.places, previous.places)
        else:
            return None
        return num, places, previous.value, _half(previous.places), previous.raw, "增减额÷上年数"
    if current is not None and current.value is not None and change is not None and change.value is not None:
        unit = current.unit
        signed = to_unit(_signed(change) or ZERO, change.unit, unit)
        den = current.value - signed
        places = max(current.places, change.places)
        shown = f"{_show(den, unit, places)}（{current.raw}−{change.raw}）"
        return (
            to_unit(change.value, change.unit, unit),
            change.places,
            den,
            2 * _half(places),
            shown,
            "增减额÷（本年数−增减额）",
        )
    return None


def _percent(
    code: str, f: StatedFigure, num: Decimal, num_half: Decimal, den: Decimal, den_half: Decimal, **kw: object
) -> Iterator[Finding]:
    """Compare a printed percent with num ÷ den: exact to the places printed; within the range
    the rounded inputs allow (尾数误差); or wrong."""
    if den == 0:
        return
    exact = num / den * HUNDRED
    q = Decimal(1).scaleb(-f.places)
    printed = f.value or ZERO
    if exact.quantize(q, rounding=ROUND_HALF_UP) == printed:
        return
    low = max(num - num_half, ZERO) / (den + den_half) * HUNDRED
    high = (num + num_half) / max(den - den_half, Decimal("1e-9")) * HUNDRED
    expected = _show(exact, "%", max(f.places, 2))
    if low - q / 2 <= printed <= high + q / 2:
        yield make_finding(
            "statement-rounding-gap",
            f.source,
            subject=f.subject,
            where=_where(f),
            what=f"{f.subject or ''}{f.raw}",
            expected=expected,
            actual=f.raw,
            gap=_show(abs(exact - printed), "%", max(f.places, 2)),
        )
        return
    yield make_finding(code, f.source, subject=f.subject, where=_where(f), expected=expected, actual=f.raw, **kw)


@check("statement-share-mismatch", "statement-rate-mismatch", "statement-rounding-gap")
def statement_ratios(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
    for k, f in enumerate(s.figures):
        if f.value is None:
            continue
        if f.what == SHARE and f.subject not in (None, TOTAL):
            part = next((a for a in reversed(s.figures[:k]) if a.what == AMOUNT and a.subject == f.subject), None)
            total = _amount(s, TOTAL, f.year, f.scope)
            if part is None or total is None or not total.value:
                continue
            num = _money(part, total.unit) or ZERO
            yield from _percent(
                "statement-share-mismatch",
                f,
                num,
                to_unit(_half(part.places), part.unit, total.unit),
                total.value,
                _half(total.places),
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
            num = _money(executed, budget.unit) or ZERO
            name = "完成率" if "完成" in f.label else "执行率"
            yield from _percent(
                "statement-rate-mismatch",
                f,
                num,
                to_unit(_half(executed.places), executed.unit, budget.unit),
                budget.value,
                _half(budget.places),
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


@check("statement-blank")
def statement_blanks(doc: Document) -> Iterator[Finding]:
    s = _statement(doc)
    if s is None:
        return
    for f in s.figures:
        if f.what != BLANK:
            continue
        detail = "原因" if not f.unit else "比例" if f.unit == "%" else "金额"
        yield make_finding(
            "statement-blank",
            f.source,
            subject=f.subject or "未指明项目",
            where=_where(f),
            text=f.raw.strip() or f.label,
            detail=detail,
        )
