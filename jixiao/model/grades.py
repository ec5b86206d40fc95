"""Grades (评价等级): the one home of grading a score into 优 / 良 / 中 / 差.

A :class:`GradeBands` is the set of bands a scheme or a report carries: each band a grade and
its inclusive lower bound (``90分（含）-100分为优``). ``bands.grade(score)`` is the grade of the
highest band whose lower bound the score reaches; below every band there is no grade (None).

Where the bands come from:

- a self-evaluation scheme's ``grades:`` (jixiao/schemes/*.yaml, :class:`~jixiao.rules.schemes.SelfScheme`);
  财预〔2020〕10号 第十八条 gives 90 / 80 / 60;
- an evaluation scheme's ``grade_bands:`` (:class:`~jixiao.rules.evaluation_schemes.EvaluationScheme`),
  :data:`EVALUATION_BANDS` (90 / 80 / 70) when the scheme states none;
- a report's own statement of its bands (:attr:`jixiao.model.evaluation.Evaluation.bands`), or a
  self-evaluation summary table's note.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.numbers import plain

__all__ = ["EVALUATION_BANDS", "GRADES", "GradeBand", "GradeBands"]

GRADES = ("优", "良", "中", "差")  # the four grades, best first


@dataclass(frozen=True, slots=True)
class GradeBand:
    grade: str
    min: Decimal  # inclusive lower bound of the score


@dataclass(frozen=True, slots=True)
class GradeBands:
    """Grade bands, highest lower bound first (bands given in another order are sorted; ties keep
    their given order, the first one wins)."""

    bands: tuple[GradeBand, ...]

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.bands, key=lambda b: b.min, reverse=True))
        object.__setattr__(self, "bands", ordered)

    @classmethod
    def of(cls, bands: Iterable[GradeBand | tuple[str, Decimal | int | str]]) -> GradeBands:
        """From bands or (grade, lower bound) pairs: ``GradeBands.of([("优", 90), ("良", 80)])``."""
        out = []
        for b in bands:
            out.append(b if isinstance(b, GradeBand) else GradeBand(b[0], Decimal(b[1])))
        return cls(tuple(out))

    def grade(self, score: Decimal) -> str | None:
        """The grade of the highest band whose lower bound ``score`` reaches; None below every band."""
        for band in self.bands:
            if score >= band.min:
                return band.grade
        return None

    def pairs(self) -> tuple[tuple[str, Decimal], ...]:
        return tuple((b.grade, b.min) for b in self.bands)

    def __iter__(self) -> Iterator[GradeBand]:
        return iter(self.bands)

    def __len__(self) -> int:
        return len(self.bands)

    def __getitem__(self, index: int) -> GradeBand:
        return self.bands[index]

    def thresholds_text(self) -> str:
        """``90分（含）以上为优、80分（含）以上为良、60分（含）以上为中、其余为差`` (check messages)."""
        return "、".join(
            f"{plain(b.min)}分（含）以上为{b.grade}" if b.min > 0 else f"其余为{b.grade}" for b in self.bands
        )

    def ranges_text(self) -> str:
        """``90分（含）以上为“优”，80分（含）至90分为“良”，…，70分以下为“差”`` (reports); empty without bands."""
        parts = []
        for k, band in enumerate(self.bands):
            upper = self.bands[k - 1].min if k else None
            if band.min == 0 and upper is not None:
                parts.append(f"{plain(upper)}分以下为“{band.grade}”")
            elif upper is None:
                parts.append(f"{plain(band.min)}分（含）以上为“{band.grade}”")
            else:
                parts.append(f"{plain(band.min)}分（含）至{plain(upper)}分为“{band.grade}”")
        return "，".join(parts)


# An evaluation scheme that states no bands (the evaluation reports' usual 90 / 80 / 70).
EVALUATION_BANDS = GradeBands.of((("优", 90), ("良", 80), ("中", 70), ("差", 0)))
