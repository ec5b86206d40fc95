"""The target-value grammar: 指标值 and 实际完成值 text → :class:`TargetValue`.

(Stub: a helper is replacing this with the full grammar.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.target import EMPTY, Comparison, TargetValue, ValueKind


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the grammar could not settle; the caller turns it into a finding."""

    code: str  # a code from jixiao.findings.CATALOGUE ("target-ambiguous", …)
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Parsed:
    value: TargetValue
    problems: tuple[Problem, ...] = ()


_SIMPLE = re.compile(r"^(≥|>|=|≤|<)?\s*(\d+(?:\.\d+)?)\s*(%|[^\d\s]*)$")


def parse_target(text: str) -> Parsed:
    raw = text.strip()
    if not raw:
        return Parsed(EMPTY)
    m = _SIMPLE.match(raw)
    if m:
        cmp = Comparison(m.group(1)) if m.group(1) else None
        number = Decimal(m.group(2))
        unit = m.group(3) or None
        ratio = number / 100 if unit == "%" else None
        return Parsed(TargetValue(raw, ValueKind.NUMBER, cmp, number, unit, ratio=ratio))
    return Parsed(TargetValue(raw, ValueKind.TEXT, label=raw), (Problem("target-unparsed", {"text": raw}),))
