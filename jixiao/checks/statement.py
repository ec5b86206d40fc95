"""Checks of statements in prose: the numbers a “三公”经费 explanation, a monitoring report or a
self-evaluation report states, against each other.

- the items of a listing add up to its total (each year, each listing: a district total and
  the sub-total of its own units are two listings); a listing that names only some items
  may not exceed its total; 公务用车购置及运行维护费 = 购置费 + 运行维护费;
- a stated change (比上年增加/减少 X) equals the difference of the two years' figures the text
  states, and its direction word agrees with the sign;
- the items' changes add up to the change of the total;
- (the percents it prints — of change, shares, execution rates — are checked in
  :mod:`jixiao.checks.statement_ratios`);
- a slot left blank in published prose (“占 %”, “减少 万元”, “主要原因是。”) is a warning.

Money is compared in the unit the figure checked prints (other units converted only for
that); a gap within 0.01 per summand is ``statement-rounding-gap`` (info, 尾数误差), as
everywhere in jixiao (:func:`jixiao.checks.arith.verdict`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jixiao import numbers
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
    DOWN,
    FLAT,
    LAST_YEAR,
    MEETINGS,
    MONEY_UNITS,
    OVERSEAS,
    RECEPTION,
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

KINDS = frozenset({"three_public", "monitoring_report", "selfeval_report", "operating_costs", "procurement"})
ZERO = Decimal(0)


def statement_of(doc: Document) -> Statement | None:
    return doc.statement if doc.kind in KINDS else None


def statements_of(doc: Document) -> tuple[Statement, ...]:
    """The document's statement in prose, then those of its parts read on their own (a self-evaluation
    paragraph after a score table, a “三公” statement in a text of another kind)."""
    own = statement_of(doc)
    parts = tuple(b for b in doc.all_bodies() if isinstance(b, Statement) and b is not own)
    return ((own,) if own is not None else ()) + parts


def at_line(f: StatedFigure) -> str:
    return f"第{f.source.line}行：" if f.source.line is not None else ""


def show(value: Decimal, unit: str, places: int = 2) -> str:
    """An amount or percent in a message, at ``places`` decimals, with its unit (“4.50万元”)."""
    return f"{numbers.rounded(value, places)}{unit}"


def _moved(value: Decimal, unit: str) -> str:
    """A signed change in words: 增加1.50万元, 减少0.59万元, 持平."""
    if value == 0:
        return "持平"
    return ("增加" if value > 0 else "减少") + show(abs(value), unit)


def name_of(subject: str | None) -> str:
    return "“三公”经费合计" if subject == TOTAL else subject or ""


def signed(f: StatedFigure) -> Decimal | None:
    if f.direction == FLAT:
        return ZERO
    if f.value is None:
        return None
    return -f.value if f.direction == DOWN else f.value


def money_in(f: StatedFigure, unit: str) -> Decimal | None:
    if f.value is None:
        return None
    return to_unit(f.value, f.unit, unit) if f.unit in MONEY_UNITS else f.value


def amount_of(
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
    return next(iter(same or found), None)


def _items(s: Statement, scope: int | None, year: int | None, what: str) -> dict[str, StatedFigure]:
    """The first figure of each item in one listing."""
    out: dict[str, StatedFigure] = {}
    for f in s.figures:
        if f.what == what and f.scope == scope and f.year == year and f.subject not in (None, TOTAL):
            out.setdefault(f.subject, f)
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


def _compare(code: str, ref: StatedFigure, expected: Decimal, actual: Decimal, summands: int, **kw: Any):
    """A finding when ``actual`` (stated, in ``ref``'s unit) differs from ``expected``."""
    result = verdict(expected, actual, summands)
    if result == "ok":
        return None
    gap = show(abs(expected - actual), ref.unit)
    if result == "rounding":
        what = kw.get("what") or f"{ref.subject or ''}{ref.raw}"
        return make_finding(
            "statement-rounding-gap",
            ref.source,
            subject=ref.subject,
            expected=show(expected, ref.unit),
            actual=show(actual, ref.unit),
            where=at_line(ref),
            what=what,
            gap=gap,
        )
    return make_finding(
        code,
        ref.source,
        subject=ref.subject,
        expected=show(expected, ref.unit),
        actual=show(actual, ref.unit),
        where=at_line(ref),
        gap=gap,
        **kw,
    )


@check("statement-total-mismatch", "statement-items-exceed-total", "statement-rounding-gap")
def statement_totals(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_totals(s)


def _statement_totals(s: Statement) -> Iterator[Finding]:
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
    summed = sum((money_in(p, unit) or ZERO for p in parts), ZERO)
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
            expected=show(summed, unit),
            actual=show(stated, unit),
            where=at_line(total),
            what=what,
            items=listed,
        )


@check("statement-change-mismatch", "statement-direction-contradicts", "statement-rounding-gap")
def statement_changes(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_changes(s)


def _statement_changes(s: Statement) -> Iterator[Finding]:
    for f in s.figures:
        if f.what != CHANGE or f.subject is None or f.year is None:
            continue
        pair = _pair(s, f)
        if pair is None:
            continue
        current, previous, prev_label = pair
        unit = f.unit or current.unit
        diff = (money_in(current, unit) or ZERO) - (money_in(previous, unit) or ZERO)
        stated = signed(f)
        if stated is None:
            continue
        params: dict[str, Any] = dict(
            year=f.year, prev_year=prev_label, current=current.raw, previous=previous.raw, phrase=_phrase(f)
        )
        wrong_way = (f.direction == UP and diff < 0) or (f.direction == DOWN and diff > 0)
        if wrong_way or (f.direction == FLAT and verdict(diff, ZERO) == "mismatch"):
            yield make_finding(
                "statement-direction-contradicts",
                f.source,
                subject=f.subject,
                where=at_line(f),
                actual=("增加" if diff > 0 else "减少" if diff < 0 else "持平") + show(abs(diff), unit),
                **params,
            )
            continue
        if verdict(diff, stated, 1) == "mismatch":
            yield make_finding(
                "statement-change-mismatch",
                f.source,
                subject=name_of(f.subject),
                where=at_line(f),
                expected=_moved(diff, unit),
                actual=_moved(stated, unit),
                gap=show(abs(diff - stated), unit),
                **params,
            )
        elif verdict(diff, stated, 1) == "rounding":
            yield make_finding(
                "statement-rounding-gap",
                f.source,
                subject=name_of(f.subject),
                where=at_line(f),
                what=f"{name_of(f.subject)}{f.year}年{_phrase(f)}",
                expected=_moved(diff, unit),
                actual=_moved(stated, unit),
                gap=show(abs(diff - stated), unit),
            )


def _pair(s: Statement, f: StatedFigure) -> tuple[StatedFigure, StatedFigure, str] | None:
    """The two figures a change is between: this year's and last year's, or the final and
    the budget figure of the year."""
    if f.against == LAST_YEAR:
        current = amount_of(s, f.subject, f.year, f.scope)  # type: ignore[arg-type]
        previous = previous_of(s, f)
        label = str(f.year - 1)  # type: ignore[operator]
    elif f.against == BUDGET:
        current = amount_of(s, f.subject, f.year, f.scope, "final")  # type: ignore[arg-type]
        previous = amount_of(s, f.subject, f.year, f.scope, "budget")  # type: ignore[arg-type]
        label = f"{f.year}年预算，决算"
    else:
        return None
    if current is None or previous is None:
        return None
    return current, previous, label


def previous_of(s: Statement, f: StatedFigure) -> StatedFigure | None:
    """Last year's amount a change is measured from; when the words name its edition (比上年预算数,
    比上年决算数) an amount of the other edition is not it."""
    previous = amount_of(s, f.subject, (f.year or 0) - 1)  # type: ignore[arg-type]
    wanted = "budget" if re.search(r"上年(?:年初)?预算", f.label) else "final" if "上年决算" in f.label else None
    if previous is None or wanted is None or previous.edition in (None, wanted):
        return previous
    return amount_of(s, f.subject, (f.year or 0) - 1, edition=wanted)  # type: ignore[arg-type]


def _phrase(f: StatedFigure) -> str:
    word = {UP: "增加", DOWN: "减少", FLAT: "持平"}.get(f.direction or "", "")
    against = "比预算" if f.against == BUDGET else "比上年"
    return f"{against}{word}" + ("" if f.direction == FLAT else f.raw)


@check("statement-changes-mismatch", "statement-rounding-gap")
def statement_item_changes(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_item_changes(s)


def _statement_item_changes(s: Statement) -> Iterator[Finding]:
    seen = set()
    for t in s.figures:
        if t.what != CHANGE or t.subject != TOTAL or (t.scope, t.year, t.against) in seen:
            continue
        seen.add((t.scope, t.year, t.against))
        stated = signed(t)
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
            value = signed(f)
            if value is not None:
                out[f.subject] = (to_unit(value, f.unit, unit) if f.unit else value, f)
    if t.against == LAST_YEAR and t.year is not None:
        for name in (OVERSEAS, RECEPTION, MEETINGS, TRAINING, VEHICLES, VEHICLE_PURCHASE, VEHICLE_RUNNING):
            current, previous = amount_of(s, name, t.year, t.scope), amount_of(s, name, t.year - 1)
            if name not in out and current is not None and previous is not None:
                out[name] = ((money_in(current, unit) or ZERO) - (money_in(previous, unit) or ZERO), current)
    return out


def _totals_agree_with_items(s: Statement, t: StatedFigure, summed: Decimal, unit: str) -> bool:
    if t.against != LAST_YEAR or t.year is None:
        return False
    current, previous = amount_of(s, TOTAL, t.year, t.scope), amount_of(s, TOTAL, t.year - 1)
    if current is None or previous is None:
        return False
    diff = (money_in(current, unit) or ZERO) - (money_in(previous, unit) or ZERO)
    return verdict(diff, signed(t) or ZERO) == "mismatch" and verdict(diff, summed, 4) != "mismatch"


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
        values = [v for p in firsts.values() if (v := signed(p)) is not None]
        stated = signed(f)
        if len(firsts) != 2 or stated is None or len(values) != len(firsts):
            continue
        summed = sum(
            (
                to_unit(v, p.unit, f.unit) if p.unit and f.unit else v
                for v, p in zip(values, firsts.values(), strict=True)
            ),
            ZERO,
        )
        listed = "、".join(f"{p.subject}{_moved(signed(p) or ZERO, p.unit or f.unit)}" for p in firsts.values())
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
        subject=name_of(t.subject),
        where=at_line(t),
        what=what,
        items=listed,
        expected=_moved(summed, unit),
        actual=_moved(stated, unit),
        gap=show(abs(summed - stated), unit),
        direction="增减",
    )


DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,6})\1")  # a phrase printed twice in a row: 主要是主要是


@check("statement-word-doubled")
def statement_doubled_words(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_doubled_words(s)


def _statement_doubled_words(s: Statement) -> Iterator[Finding]:
    for p in s.paragraphs:
        for m in DOUBLED.finditer(p.text):
            src = p.at(m.start())
            excerpt = p.text[max(0, m.start() - 6) : m.end() + 6]
            yield make_finding(
                "statement-word-doubled",
                src,
                where=f"第{src.line}行：",
                text=excerpt,
                word=m.group(1),
                actual=m.group(),
            )


@check("statement-blank")
def statement_blanks(doc: Document) -> Iterator[Finding]:
    for s in statements_of(doc):  # the document's statement and every part read as one
        yield from _statement_blanks(s)


def _statement_blanks(s: Statement) -> Iterator[Finding]:
    for f in s.figures:
        if f.what != BLANK:
            continue
        detail = "原因" if not f.unit else "比例" if f.unit == "%" else "金额"
        yield make_finding(
            "statement-blank",
            f.source,
            subject=f.subject or "未指明项目",
            where=at_line(f),
            text=f.raw.strip() or f.label,
            detail=detail,
        )
