"""A money unit printed wrong over a table or column: the evidence the cross-table links collect.

When the same figure in two tables differs by exactly 10⁴ (or 10⁸) — 1,234,567.00 under ``单位：万元``
where the other table prints 123.46 万元 — the unit printed over one of them is wrong: the amounts are
kept as printed (never silently converted) and ``table-unit-suspect`` names the table, the column,
the unit it prints and the figure it disagrees with. Which of the two is wrong: the table found on the
scaled side of the most links (a table in 元 among tables in 万元 disagrees with all of them); on a
tie, the one printing a unit the other tables do not, else the table the rule reads its actual from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.findings import make_finding
from jixiao.model.accounts import Entry, Table
from jixiao.model.finding import Finding

Side = tuple[Table, Entry, str, Decimal]  # table, row, column, the value as compared


@dataclass(slots=True)
class UnitEvidence:
    pairs: list[tuple[Decimal, str, Side, Side]] = field(default_factory=list)

    def add(self, factor: Decimal, rule: str, expected: Side, actual: Side) -> None:
        """Two sides of ``rule`` whose values differ by ``factor`` (actual = expected × factor)."""
        self.pairs.append((factor, rule, expected, actual))

    def findings(self, usual: str | None = None) -> Iterator[Finding]:
        """One finding per suspect table; ``usual`` is the unit most of the document's tables print
        (on a tie, the table printing another unit is the suspect)."""
        counts: Counter[int] = Counter()
        for _, _, a, b in self.pairs:
            counts[id(a[0])] += 1
            counts[id(b[0])] += 1
        reported: set[int] = set()
        for factor, rule, a, b in self.pairs:
            a_odd, b_odd = a[0].unit_of(a[2]) != usual, b[0].unit_of(b[2]) != usual
            score_a, score_b = (counts[id(a[0])], a_odd), (counts[id(b[0])], b_odd)
            suspect, other = (a, b) if score_a > score_b else (b, a)
            if id(suspect[0]) in reported:
                continue
            reported.add(id(suspect[0]))
            table, row, column, _ = suspect
            o_table, o_row, o_column, _ = other
            times = factor if factor >= 1 else 1 / factor
            mine, theirs = _printed(table, row, column), _printed(o_table, o_row, o_column)
            evidence = f"其{row.name or '合计'}为{mine}，与表“{o_table.title}”{o_row.name or '合计'}"
            evidence += f"（{o_column}）的{theirs}按“{rule}”应相等"
            src = next((x.source for x in row.amounts if x.column == column), row.source)
            yield make_finding(
                "table-unit-suspect", src, subject=table.title, column=f"“{column}”列",
                unit=table.unit_of(column) or "（未标明）", evidence=evidence, factor=f"{times:,.0f}",
            )  # fmt: skip


def _printed(table: Table, row: Entry, column: str) -> str:
    """A cell as printed, with the unit its table or column prints."""
    raw = next((a.raw for a in row.amounts if a.column == column), "")
    return f"{raw}{table.unit_of(column) or ''}"
