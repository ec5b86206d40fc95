"""The arithmetic and the table access of the 情况说明 (:mod:`jixiao.report.disclosure_narrative`):
shares and percentages half-up to two decimals, and cells of the disclosure tables by subject."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from jixiao.model.accounts import Entry, Table, TableKind
from jixiao.model.document import Document
from jixiao.report.common import money

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# -- arithmetic --------------------------------------------------------------------------------


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole in percent, half-up to two decimals; None when the whole is 0 or missing."""
    if part is None or not whole:
        return None
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def wan(value: Decimal | None) -> str:
    return "（未提供）" if value is None else f"{money(value)}万元"


# -- table access ------------------------------------------------------------------------------


def tables_by_kind(doc: Document) -> dict[TableKind, Table]:
    out: dict[TableKind, Table] = {}
    for t in doc.accounts.tables if doc.accounts else ():
        out.setdefault(t.kind, t)
    return out


def cell(table: Table | None, name: str, column: str | None = None, side: str | None = None) -> Decimal | None:
    """The value in row ``name`` (a name, or a code) and ``column`` (last ``·`` part
    matches too; default the first amount)."""
    if table is None:
        return None
    for e in table.entries:
        if side is not None and e.side != side:
            continue
        if _plain(e.name) != _plain(name) and e.code != name:
            continue
        return column_value(e, column)
    return None


def column_value(e: Entry | None, column: str | None) -> Decimal | None:
    if e is None:
        return None
    if column is None:
        return e.amounts[0].value if e.amounts else None
    for a in e.amounts:
        if a.column == column or a.column.split("·")[-1] == column:
            return a.value
    return None


def _plain(name: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、|\s+", "", name or "")


def total_row(table: Table | None) -> Entry | None:
    if table is None:
        return None
    return next((e for e in table.entries if not e.code and _plain(e.name) in ("合计", "总计")), None)


def class_name(name: str) -> str:
    """``一般公共服务支出`` → ``一般公共服务`` (the 类 as the template names it: ``一般公共服务（类）支出``)."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


def _levels(t: Table, e: Entry) -> list[Entry]:
    """The 类 and 款 rows above a 款/项 row, then the row itself."""
    code = e.code or ""
    above = [x for x in t.entries if x.code and x.code != code and code.startswith(x.code)]
    return [*sorted(above, key=lambda x: len(x.code or "")), e]


def subject_path(t: Table, e: Entry) -> str:
    """``公共安全支出（类）司法（款）行政运行（项）`` for a row of table 05."""
    marks = {3: "类", 5: "款", 7: "项"}
    return "".join(f"{x.name}（{marks.get(len(x.code or ''), '')}）" for x in _levels(t, e))


def leaves(t: Table) -> list[Entry]:
    """Rows of table 05 with no sub-rows: the 项, and a 款 printed without 项."""
    codes = [e.code for e in t.entries if e.code and e.code.isdigit()]
    return [
        e
        for e in t.entries
        if e.code in codes and len(e.code) > 3 and not any(c != e.code and c.startswith(e.code) for c in codes)
    ]


def match_subject(t: Table, names: Iterable[str]) -> Entry | None:
    """The row of ``t`` named by (类, 款, 项) names, each level searched under the one above."""
    found: Entry | None = None
    for depth, name in zip((3, 5, 7), names, strict=False):
        pool = [e for e in t.entries if e.code and len(e.code) == depth]
        if found is not None:
            pool = [e for e in pool if e.code.startswith(found.code or "")]
        hits = [e for e in pool if _subject(e.name) == _subject(name)]
        if len(hits) != 1:
            return None
        found = hits[0]
    return found


def _subject(name: str) -> str:
    return class_name(re.sub(r"[（(][类款项][）)]|\s+", "", name))
