"""What scoring returns: the item-level working and the totals (the ``jixiao score --json`` shape)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from jixiao.model.source import Source
from jixiao.numbers import rounded

CENT = Decimal("0.01")


@overload
def shown(value: Decimal) -> Decimal: ...
@overload
def shown(value: None) -> None: ...
@overload
def shown(value: Decimal | None) -> Decimal | None: ...
def shown(value: Decimal | None) -> Decimal | None:
    """A score as the documents show it: two decimals, rounded half up."""
    return None if value is None else rounded(value, 2)


def agrees(shown_score: Decimal, published: Decimal | None) -> bool | None:
    """Whether a shown score and the printed one agree (to 0.01); None when nothing is printed."""
    return None if published is None else abs(shown_score - published) <= CENT


@dataclass(frozen=True, slots=True)
class ScoredItem:
    name: str
    path: tuple[str, ...]  # 一级 / 二级 / (三级) above the item
    weight: Decimal
    target: str | None  # raw text
    actual: str | None  # raw text
    rule: str  # registry name
    computed: Decimal  # exact
    published: Decimal | None
    explanation: str
    agrees: bool | None  # None when nothing was published
    reason: str | None  # why computed and published differ (Chinese), when they do
    band: tuple[Decimal, Decimal] | None
    judged: bool
    source: Source | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": list(self.path),
            "weight": _s(self.weight),
            "target": self.target,
            "actual": self.actual,
            "rule": self.rule,
            "computed_score": _s(shown(self.computed)),
            "computed_exact": _s(self.computed),
            "published_score": _s(self.published),
            "agrees": self.agrees,
            "reason": self.reason,
            "explanation": self.explanation,
            "band": None if self.band is None else [_s(b) for b in self.band],
            "judged": self.judged,
            "source": None if self.source is None else self.source.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class SectionTotal:
    name: str
    weight: Decimal | None
    computed: Decimal
    published: Decimal | None
    agrees: bool | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "weight": _s(self.weight),
            "computed_score": _s(shown(self.computed)),
            "published_score": _s(self.published),
            "agrees": self.agrees,
        }


@dataclass(frozen=True, slots=True)
class ScoreResult:
    kind: str  # "self" | "department" | "finance"
    project: str | None
    unit: str | None
    year: int | None
    scheme: str
    items: tuple[ScoredItem, ...]
    sections: tuple[SectionTotal, ...]
    computed_total: Decimal
    published_total: Decimal | None
    grade: str | None
    published_grade: str | None
    notes: tuple[str, ...]  # scheme-level remarks (Chinese), e.g. weights not summing to 100
    source: Source | None

    @property
    def agrees(self) -> bool | None:
        return agrees(shown(self.computed_total), self.published_total)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "project": self.project,
            "unit": self.unit,
            "year": self.year,
            "scheme": self.scheme,
            "computed_total": _s(shown(self.computed_total)),
            "computed_exact": _s(self.computed_total),
            "published_total": _s(self.published_total),
            "grade": self.grade,
            "published_grade": self.published_grade,
            "agrees": self.agrees,
            "sections": [s.to_dict() for s in self.sections],
            "items": [i.to_dict() for i in self.items],
            "notes": list(self.notes),
            "source": None if self.source is None else self.source.to_dict(),
        }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")
