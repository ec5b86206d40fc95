"""Sampling review of self-evaluations (自评抽查 / 复核): which forms to draw, and how a review
compares with the self-evaluation.

A bureau (or a department) draws a sample from the submitted self-evaluations by one of
:data:`METHODS`:

- ``random`` — a simple random sample drawn with :class:`random.Random` seeded by the recorded
  seed: the same candidates, size and seed always give the same sample (re-drawable by anyone);
- ``amount`` — the largest amounts (全年预算数) first;
- ``findings`` — the forms with the most errors first (then warnings), so that those with
  problems are reviewed.

Ties are broken by the candidate's key, so every method is deterministic. :func:`terms` states a
drawn sample's own parameters: the seed of a random sample, the amount threshold and top-N of a
sample by amount, the finding counts that admitted the forms of a sample by findings (a seed
means nothing to the last two, which use none). The reviewer's
复核分 per item add up to the review total; :func:`compare` sets it against the self score:
the difference and whether the grade changes (the grades of the scheme's bands).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.grades import GradeBands
from jixiao.numbers import plain

METHODS = {
    "random": "随机抽取（记录随机种子）",
    "amount": "按金额（预算数大的优先）",
    "findings": "按问题（有错误的优先）",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A submitted self-evaluation that may be drawn."""

    key: int  # the record's id
    amount: Decimal | None = None  # 全年预算数
    errors: int = 0  # findings of severity error on the form
    warnings: int = 0


def draw(candidates: Iterable[Candidate], size: int, method: str, seed: int = 0) -> list[Candidate]:
    """The sample: ``size`` candidates (all of them if fewer) drawn by ``method``."""
    if method not in METHODS:
        raise ValueError(f"未知的抽样方式：{method}")
    pool = sorted(candidates, key=lambda c: c.key)
    size = max(0, min(size, len(pool)))
    if method == "random":
        return sorted(random.Random(seed).sample(pool, size), key=lambda c: c.key)
    if method == "amount":
        return sorted(pool, key=lambda c: (-(c.amount or Decimal(0)), c.key))[:size]
    return sorted(pool, key=lambda c: (-c.errors, -c.warnings, c.key))[:size]


@dataclass(frozen=True, slots=True)
class Terms:
    """How a sample was drawn, in words: the rule and its parameters as ``(label, value)`` pairs."""

    rule: str
    params: tuple[tuple[str, str], ...]

    @property
    def brief(self) -> str:
        return "；".join(f"{label} {value}" for label, value in self.params)


def terms(method: str, size: int, drawn: Sequence[Candidate], seed: int | None = None) -> Terms:
    """The parameters of a sample of ``size`` drawn by ``method`` (``drawn`` in the order drawn)."""
    n = len(drawn)
    if method == "random":
        return Terms(f"以随机种子从可抽取的自评表中随机抽取{size}份（同一范围、数量和种子总是抽到同样的自评表）",
                     (("随机种子", str(seed if seed is not None else "")),))
    if method == "amount":
        amounts = [c.amount for c in drawn]
        known = [a for a in amounts if a is not None]
        params = [("抽取", f"前{n}份")]
        if known:
            params.append(("入选门槛", f"全年预算数≥{plain(min(known))}"))
            params.append(("入选金额", f"{plain(min(known))}–{plain(max(known))}"))
        if len(known) < n:
            params.append(("未填预算数", f"{n - len(known)}份（按0计）"))
        return Terms(f"按全年预算数从大到小抽取前{size}份", tuple(params))
    if method == "findings":
        params = [("抽取", f"前{n}份")]
        if drawn:
            params.append(("入选条件", f"错误≥{min(c.errors for c in drawn)}个"))
            params.append(("错误数", _span([c.errors for c in drawn]) + "个"))
            params.append(("警告数", _span([c.warnings for c in drawn]) + "个"))
            params.append(("有错误的", f"{sum(1 for c in drawn if c.errors)}份"))
        return Terms(f"按检查发现抽取前{size}份：错误多的优先，错误数相同时警告多的优先", tuple(params))
    raise ValueError(f"未知的抽样方式：{method}")


def _span(values: Sequence[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


@dataclass(frozen=True, slots=True)
class Comparison:
    self_total: Decimal | None
    review_total: Decimal | None
    difference: Decimal | None  # review − self
    self_grade: str | None
    review_grade: str | None

    @property
    def grade_changed(self) -> bool:
        return self.review_grade is not None and self.self_grade is not None and self.review_grade != self.self_grade


def review_total(scores: Sequence[Decimal | None]) -> Decimal | None:
    """The sum of the 复核分 entered; None until every item has one."""
    if not scores or any(s is None for s in scores):
        return None
    return sum(scores, Decimal(0))


def compare(self_total: Decimal | None, reviewed: Decimal | None, bands: GradeBands) -> Comparison:
    difference = reviewed - self_total if reviewed is not None and self_total is not None else None
    return Comparison(
        self_total,
        reviewed,
        difference,
        bands.grade(self_total) if self_total is not None else None,
        bands.grade(reviewed) if reviewed is not None else None,
    )
