"""The indicator library (指标库): every indicator read or entered, collected by kind and name.

An entry is one 三级 indicator under its 一级 / 二级 (the name compared the way people write
it, :func:`jixiao.model.names.normalise_name`), with what the documents say about it: the units
used, the target values written (most frequent first), the bases (指标值确定依据), the projects
and years it appears in. :func:`build_library` builds the entries from target tables and
:func:`merge_entries` adds a new document's entries to stored ones (the incremental update); the web
stores them (``review.LibraryEntry``) and offers them while a clerk types an indicator.

    entries = build_library([Appearance(2023, "124005", goals_project), …])
    entries[0].typical          # "≥14500套"
    entries[0].project_count    # 2
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.model.goals import Project
from jixiao.model.names import normalise_name

TOP = 5  # values and bases kept per entry
FIELDS = ("names", "units", "values", "bases", "projects", "years")


@dataclass(frozen=True, slots=True)
class Appearance:
    """A target table as the library sees it: its year, unit and the project."""

    year: int | None
    unit: str  # the unit's code, else its name ("" when unknown)
    project: Project


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    level1: str
    level2: str
    name: str  # the 三级 name as most often written
    key: str  # level1|level2|normalised name: one entry per key
    units: tuple[str, ...]  # units of measure of the values, most frequent first
    values: tuple[tuple[str, int], ...]  # (target as written, how many times), most frequent first
    bases: tuple[str, ...]  # 指标值确定依据, most frequent first
    projects: tuple[str, ...]  # "unit 项目名称", sorted
    years: tuple[int, ...]
    uses: int  # indicators counted

    @property
    def project_count(self) -> int:
        return len(self.projects)

    @property
    def typical(self) -> str:
        """The target value written most often ("" when none was written)."""
        return self.values[0][0] if self.values else ""


def entry_key(level1: str, level2: str, name: str) -> str:
    return "|".join(normalise_name(part) for part in (level1, level2, name))


def build_library(appearances: Iterable[Appearance]) -> list[LibraryEntry]:
    """The entries of the indicators in ``appearances``, ordered by 一级, 二级 and most used."""
    groups: dict[str, dict[str, Counter]] = {}
    heads: dict[str, tuple[str, str]] = {}
    for seen in appearances:
        project_label = " ".join(p for p in (seen.unit, normalise_name(seen.project.name)) if p)
        for ind in seen.project.indicators:
            name = (ind.name or "").strip()
            if not name:
                continue
            key = entry_key(ind.level1, ind.level2, name)
            heads.setdefault(key, (ind.level1.strip(), ind.level2.strip()))
            g = groups.setdefault(key, {k: Counter() for k in FIELDS})
            g["names"][name] += 1
            if ind.target.unit or ind.measure_unit:
                g["units"][ind.target.unit or ind.measure_unit] += 1
            if ind.target.raw.strip():
                g["values"][ind.target.raw.strip()] += 1
            if ind.basis and ind.basis.strip():
                g["bases"][ind.basis.strip()] += 1
            g["projects"][project_label] += 1
            if seen.year:
                g["years"][seen.year] += 1
    entries = [
        LibraryEntry(
            level1=heads[key][0],
            level2=heads[key][1],
            name=g["names"].most_common(1)[0][0],
            key=key,
            units=tuple(u for u, _ in g["units"].most_common()),
            values=tuple(g["values"].most_common(TOP)),
            bases=tuple(b for b, _ in g["bases"].most_common(TOP)),
            projects=tuple(sorted(g["projects"])),
            years=tuple(sorted(g["years"])),
            uses=sum(g["names"].values()),
        )
        for key, g in groups.items()
    ]
    entries.sort(key=lambda e: (e.level1, e.level2, -e.uses, e.name))
    return entries


def _ordered(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))


def merge_entries(old: LibraryEntry, new: LibraryEntry) -> LibraryEntry:
    """``old`` with the appearances counted in ``new`` added (same key): the incremental update of
    the library when a document comes in. A ``new`` whose projects are all in ``old`` already is a
    document seen before (a re-import, a new version) and changes nothing. Counts of values beyond
    the :data:`TOP` kept are not known any more: a full :func:`build_library` recounts them."""
    if old.key != new.key:
        raise ValueError(f"不同指标不能合并：{old.key} / {new.key}")
    if set(new.projects) <= set(old.projects):
        return old
    values: Counter[str] = Counter(dict(old.values))
    values.update(dict(new.values))
    return LibraryEntry(
        level1=old.level1, level2=old.level2, name=old.name if old.uses >= new.uses else new.name, key=old.key,
        units=_ordered(old.units, new.units), values=tuple(values.most_common(TOP)),
        bases=_ordered(old.bases, new.bases)[:TOP], projects=tuple(sorted(set(old.projects) | set(new.projects))),
        years=tuple(sorted(set(old.years) | set(new.years))), uses=old.uses + new.uses,
    )
