"""A typed 指标值 / 实际完成值 that keeps its raw text (the output of the target grammar)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ValueKind(StrEnum):
    EMPTY = "empty"  # nothing written
    NUMBER = "number"  # ≥3次, 100%, ≤550元（每人每天）, ≥0.85
    DATE = "date"  # 2023年10月底, ≤2023年12月10日前
    DURATION = "duration"  # ≤2小时, 6个月, 2年
    QUALITATIVE = "qualitative"  # 有效提升, 合格, 完成, 已完成
    TEXT = "text"  # anything else, kept as written


class Comparison(StrEnum):
    GE = "≥"
    GT = ">"
    EQ = "="
    LE = "≤"
    LT = "<"


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A parsed value. ``raw`` is always the text as written (after converter clean-up).

    ``number`` is what was written (85 for "85%", 0.85 for "≥0.85"); ``ratio`` is the same
    quantity as a fraction when it is a share (0.85 for both "85%" and "≥0.85");
    ``unit`` is the unit of measure (次, %, 万元, 人次 …) and ``qualifier`` what followed
    it in brackets ("套", "每人每天"); ``per`` is the period of a rate ("月" in ≥500/月次);
    ``prose`` is text that ran on after the value; ``words`` are comparison words that
    set or confirmed the comparison (以上, 大于, 以内, 低于 …).
    """

    raw: str
    kind: ValueKind
    comparison: Comparison | None = None
    number: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None
    per: str | None = None
    ratio: Decimal | None = None
    date: dt.date | None = None
    date_precision: str | None = None  # "day" | "month" | "year"
    date_bound: str | None = None  # "end" (月底) | "before" (前)
    label: str | None = None  # qualitative or textual statement
    prose: str | None = None
    words: tuple[str, ...] = ()

    @property
    def is_quantitative(self) -> bool:
        return self.kind in (ValueKind.NUMBER, ValueKind.DURATION, ValueKind.DATE)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"raw": self.raw, "kind": str(self.kind)}
        for name in ("comparison", "unit", "qualifier", "per", "date_precision", "date_bound", "label", "prose"):
            v = getattr(self, name)
            if v is not None:
                out[name] = str(v)
        for name in ("number", "ratio"):
            v = getattr(self, name)
            if v is not None:
                out[name] = format(v, "f")
        if self.date is not None:
            out["date"] = self.date.isoformat()
        if self.words:
            out["words"] = list(self.words)
        return out


EMPTY = TargetValue(raw="", kind=ValueKind.EMPTY)
