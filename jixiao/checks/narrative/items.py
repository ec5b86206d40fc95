"""一般公共预算财政拨款支出决算表 (table 05) against 五(二) and 五(三): each 类 and 项 the narrative
explains against its row, and the 类 and leaf rows with an amount the narrative leaves out (see
:mod:`jixiao.checks.narrative`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.narrative.common import Num, View, amount_finding, subject_name, table_name
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model import facts as F
from jixiao.model.accounts import Entry, Table, TableKind
from jixiao.model.document import Document
from jixiao.model.finding import Finding


def _children(t: Table, e: Entry) -> list[Entry]:
    code = e.code or ""
    return [c for c in t.entries if c.code and c.code != code and c.code.startswith(code) and code]


def _matchsubject_name(t: Table, names: tuple[str, ...], levels: tuple[str, ...] = ()) -> Entry | None:
    """The table row named by (类, 款[, 项]) names — or, when the narrative marks each name's level
    (``司法（款）行政运行（项）``, with or without its 类), by those levels: each name is looked for
    among the rows of its own level (by the code's length) under the row found for the name before
    it, so a 项 is never taken for a 款 of a similar name."""
    if not names:
        return None
    levels = levels if len(levels) == len(names) else ("类", "款", "项")[: len(names)]
    found: Entry | None = None
    for depth, (level, name) in enumerate(zip(levels, names[:3], strict=False)):
        pool = [e for e in t.entries if e.level == level]
        if found is not None:
            pool = [e for e in pool if (e.code or "").startswith(found.code or "")]
        hits = [e for e in pool if subject_name(e.name) == subject_name(name)]
        if len(hits) != 1:
            return _match_by_last_name(t, names, levels[-1]) if depth == 0 or not pool else None
        found = hits[0]
    return found


def _match_by_last_name(t: Table, names: tuple[str, ...], level: str) -> Entry | None:
    """Tables printed without subject codes (or a name whose parents are not printed): the one row
    carrying the most specific name, of that name's level where the table has codes."""
    hits = [e for e in t.entries if subject_name(e.name) == subject_name(names[-1]) and e.level in (level, None)]
    return hits[0] if len(hits) == 1 else None


LEVEL_MARK = re.compile(r"(.+?)[（(]\s*([类款项])\s*[）)]")


def _levels_named(subject: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``公共安全支出（类）监狱（款）`` → ((公共安全支出, 监狱), (类, 款)); a bare name stays one name
    of no printed level."""
    marks = list(LEVEL_MARK.finditer(subject))
    if not marks:
        return ((subject,) if subject else ()), ()
    return tuple(m.group(1).strip() for m in marks), tuple(m.group(2) for m in marks)


def _spent_cell(e: Entry) -> tuple[str, Decimal] | None:
    """(column, amount) of a row's 支出: its 小计 / 合计, else its first amount."""
    for a in e.amounts:
        if a.column.split("·")[-1] in ("小计", "合计") and a.value is not None:
            return a.column, a.value
    first = e.amounts[0] if e.amounts else None
    return (first.column, first.value) if first is not None and first.value is not None else None



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
    items = v.numbered(F.ITEM)
    for n in items:
        yield from _check_item(v, t, n, explained)
    classes_seen: set[int] = set()
    class_keys = v.numbered(F.CLASS)
    for n in class_keys:
        yield from _check_class(v, t, n, classes_seen)
    if items:
        yield from _unexplained(t, _leaves(t), explained, "一般公共预算财政拨款支出决算具体情况")
    if class_keys:
        yield from _unexplained(
            t, [e for e in t.entries if e.level == "类"], classes_seen, "一般公共预算财政拨款支出决算结构情况"
        )


def _check_item(v: View, t: Table, n: str, explained: set[int]) -> Iterator[Finding]:
    actual = v.fact(F.budget_item(n, F.ItemPart.ACTUAL))
    if actual is None or actual.value is None:
        return
    marked, levels = _levels_named(actual.subject or "")
    names = actual.classification or marked
    row = _matchsubject_name(t, tuple(names), levels if tuple(names) == marked else ())
    subject = actual.subject or "".join(names)
    if row is None:
        yield make_finding(
            "narrative-subject-unknown",
            actual.source,
            subject=subject,
            table=table_name(t),
            level=levels[-1] if levels else {1: "类", 2: "款"}.get(len(names), "项"),
        )
        return
    explained.add(id(row))
    cell = _spent_cell(row)
    if cell is not None and (stated := Num.of(actual)) is not None:
        spent, converted = v.in_narrative_unit(t, *cell)
        where = f"{table_name(t)}“{row.code or ''} {row.name}”（第{row.source.line}行{converted}）"
        found = amount_finding(f"{subject}支出决算", stated, actual.source, spent, where, subject=subject)
        if found:
            yield found


def _check_class(v: View, t: Table, n: str, seen: set[int]) -> Iterator[Finding]:
    amount = v.fact(F.budget_class(n, F.ClassPart.AMOUNT))
    if amount is None or amount.value is None:
        return
    name = amount.subject or amount.label
    hits = [e for e in t.entries if e.level == "类" and subject_name(e.name) == subject_name(name)]
    if not hits:
        hits = [e for e in t.entries if not e.code and subject_name(e.name) == subject_name(name)]
    if len(hits) != 1:
        yield make_finding(
            "narrative-subject-unknown", amount.source, subject=f"{name}（类）", table=table_name(t), level="类"
        )
        return
    row = hits[0]
    seen.add(id(row))
    cell = _spent_cell(row)
    if cell is not None and (stated := Num.of(amount)) is not None:
        spent, converted = v.in_narrative_unit(t, *cell)
        where = f"{table_name(t)}“{row.code or ''} {row.name}”（第{row.source.line}行{converted}）"
        found = amount_finding(f"{name}（类）支出", stated, amount.source, spent, where, subject=name)
        if found:
            yield found


def _unexplained(t: Table, rows: Iterable[Entry], explained: set[int], section: str) -> Iterator[Finding]:
    for e in rows:
        cell = _spent_cell(e)
        if id(e) in explained or cell is None or cell[1] == 0:
            continue
        column, spent = cell
        level = e.level or "科目"
        detail = ""
        if level == "款":
            detail = "（表中此款没有列出项级科目，它是表中最低一级的支出科目，应与项级科目一样说明）"
        yield make_finding(
            "narrative-item-unexplained",
            e.source,
            subject=f"{e.code or ''} {e.name}".strip(),
            table=table_name(t),
            level=f"{level}级科目",
            amount=f"{numbers.money(spent)}{t.unit_of(column) or '万元'}",
            section=section,
            detail=detail,
            actual=numbers.money(spent),
        )
