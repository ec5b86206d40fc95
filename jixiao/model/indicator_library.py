"""The indicator library (指标库): every indicator read or entered, collected by kind and name.

An entry is one 三级 indicator under its 一级 / 二级 (the name compared the way people write
it, :func:`jixiao.model.names.normalise_name`), with what the documents say about it: the units
used, the target values written (most frequent first), the bases (指标值确定依据), the projects
and years it appears in, and from self-evaluation forms (:class:`Results`) the actuals of each
year (实际完成值) and how often the target was met ("达成 k/n"). Whether a target was met is
decided by the caller with the scoring rules (this layer imports none) and handed in as
:attr:`Outcome.met`.

:func:`build_library` builds the entries and :func:`merge_entries` adds a new document's entries
to stored ones (the incremental update; merging in any order gives the library built at once); the
web stores them (``review.LibraryEntry``) and offers them while a clerk types an indicator.

    entries = build_library([Appearance(2023, "124005", goals_project), Results(2022, …)])
    entries[0].typical          # "≥14500件"
    entries[0].actuals          # ((2022, ("36106",)),)
    entries[0].met_label        # "达成 0/1"
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.model.goals import Project
from jixiao.model.names import normalise_name

TOP = 5  # values and bases shown per entry
Tally = tuple[tuple[str, int], ...]  # (text, how many times), most frequent first, then by text


@dataclass(frozen=True, slots=True)
class Appearance:
    """A target table as the library sees it: its year, unit and the project."""

    year: int | None
    unit: str  # the unit's code, else its name ("" when unknown)
    project: Project
    code: str = ""  # the 功能分类科目 code the document prints for the project ("" when none)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One indicator of a self-evaluation form: its target (A), actual (B) and whether B met A
    (None: not decided, e.g. either is prose or empty, or the units differ)."""

    level1: str
    level2: str
    name: str
    target: str  # 年度指标值 as written
    actual: str  # 实际完成值 as written
    unit: str  # the target's unit of measure ("" when none)
    met: bool | None


@dataclass(frozen=True, slots=True)
class Results:
    """A self-evaluation form (绩效自评表) as the library sees it: the year evaluated, the unit,
    the project and its indicators' outcomes."""

    year: int | None
    unit: str
    project: str
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    level1: str
    level2: str
    key: str  # level1|level2|normalised name: one entry per key
    names: Tally  # the 三级 name as written
    unit_counts: Tally  # units of measure of the values
    values: Tally  # targets as written
    basis_counts: Tally  # 指标值确定依据
    projects: tuple[str, ...]  # "unit 项目名称", sorted
    years: tuple[int, ...]
    uses: int  # indicators counted
    seen: tuple[str, ...] = ()  # "2023 目标 unit 项目" / "2022 自评 unit 项目": what was counted, sorted
    actuals: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (year, actuals as written, sorted), by year
    met: int = 0  # outcomes that met their target
    judged: int = 0  # outcomes whose target and actual could be compared

    @property
    def name(self) -> str:
        """The 三级 name as most often written."""
        return self.names[0][0] if self.names else ""

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(u for u, _ in self.unit_counts)

    @property
    def bases(self) -> tuple[str, ...]:
        return tuple(b for b, _ in self.basis_counts[:TOP])

    @property
    def project_count(self) -> int:
        return len(self.projects)

    @property
    def typical(self) -> str:
        """The target value written most often ("" when none was written)."""
        return self.values[0][0] if self.values else ""

    @property
    def last_actuals(self) -> tuple[int, tuple[str, ...]] | None:
        """The latest year with actuals and its actuals."""
        return self.actuals[-1] if self.actuals else None

    @property
    def met_label(self) -> str:
        """"达成 k/n" ("" when no target was compared with an actual)."""
        return f"达成 {self.met}/{self.judged}" if self.judged else ""


def entry_key(level1: str, level2: str, name: str) -> str:
    return "|".join(normalise_name(part) for part in (level1, level2, name))


def tally(counts: Counter[str]) -> Tally:
    """A counter as (text, count) pairs, most frequent first, ties by text (the same in any order)."""
    return tuple(sorted(((k, n) for k, n in counts.items() if n > 0), key=lambda kv: (-kv[1], kv[0])))


@dataclass(slots=True)
class _Group:
    level1: str
    level2: str
    names: Counter[str]
    units: Counter[str]
    values: Counter[str]
    bases: Counter[str]
    projects: set[str]
    years: set[int]
    seen: set[str]
    actuals: dict[int, set[str]]
    met: int = 0
    judged: int = 0

    def entry(self, key: str) -> LibraryEntry:
        return LibraryEntry(
            level1=self.level1, level2=self.level2, key=key, names=tally(self.names), unit_counts=tally(self.units),
            values=tally(self.values), basis_counts=tally(self.bases), projects=tuple(sorted(self.projects)),
            years=tuple(sorted(self.years)), uses=sum(self.names.values()), seen=tuple(sorted(self.seen)),
            actuals=tuple((y, tuple(sorted(v))) for y, v in sorted(self.actuals.items())), met=self.met,
            judged=self.judged,
        )


def project_label(unit: str, project: str) -> str:
    """``124005 法律援助及12348业务费``: a project in the library (its unit's identity and its name)."""
    return " ".join(p for p in (unit, normalise_name(project)) if p)


def _label(year: int | None, kind: str, unit: str, project: str) -> tuple[str, str]:
    label = project_label(unit, project)
    return label, " ".join(p for p in (str(year or ""), kind, label) if p)


def _rows(seen: Appearance | Results) -> Iterable[tuple[str, str, str, str, str, str, str, Outcome | None]]:
    """(level1, level2, name, target, unit, basis, project, outcome) of each indicator."""
    if isinstance(seen, Appearance):
        for ind in seen.project.indicators:
            unit = ind.target.unit or ind.measure_unit or ""
            yield ind.level1, ind.level2, ind.name, ind.target.raw, unit, ind.basis or "", seen.project.name, None
    else:
        for o in seen.outcomes:
            yield o.level1, o.level2, o.name, o.target, o.unit, "", seen.project, o


def build_library(appearances: Iterable[Appearance | Results]) -> list[LibraryEntry]:
    """The entries of the indicators in ``appearances``, ordered by 一级, 二级 and most used. A table
    or form seen twice (the same year, kind, unit and project: stored and also read from a folder) is
    counted once, as :func:`merge_entries` does."""
    groups: dict[str, _Group] = {}
    counted: set[str] = set()
    for seen in appearances:
        kind = "目标" if isinstance(seen, Appearance) else "自评"
        name_of = seen.project.name if isinstance(seen, Appearance) else seen.project
        label = _label(seen.year, kind, seen.unit, name_of)[1]
        if label in counted:  # the same table or form twice (stored and read from a folder): counted once
            continue
        counted.add(label)
        for level1, level2, raw_name, target, unit, basis, project, outcome in _rows(seen):
            name = (raw_name or "").strip()
            if not name:
                continue
            key = entry_key(level1, level2, name)
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(level1.strip(), level2.strip(), Counter(), Counter(), Counter(), Counter(),
                                         set(), set(), set(), {})
            g.level1, g.level2 = min(g.level1, level1.strip()), min(g.level2, level2.strip())  # any order alike
            project_label, seen_label = _label(seen.year, kind, seen.unit, project)
            g.names[name] += 1
            if unit:
                g.units[unit] += 1
            if target.strip():
                g.values[target.strip()] += 1
            if basis.strip():
                g.bases[basis.strip()] += 1
            if project_label:  # a form cut before its project's name and unit names no project
                g.projects.add(project_label)
            g.seen.add(seen_label)
            if seen.year:
                g.years.add(seen.year)
            if outcome is not None:
                if seen.year and outcome.actual.strip():
                    g.actuals.setdefault(seen.year, set()).add(outcome.actual.strip())
                if outcome.met is not None:
                    g.judged += 1
                    g.met += outcome.met
    entries = [g.entry(key) for key, g in groups.items()]
    entries.sort(key=lambda e: (e.level1, e.level2, -e.uses, e.name, e.key))
    return entries


def _sum(a: Tally, b: Tally) -> Tally:
    counts: Counter[str] = Counter(dict(a))
    counts.update(dict(b))
    return tally(counts)


def merge_entries(old: LibraryEntry, new: LibraryEntry) -> LibraryEntry:
    """``old`` with the appearances counted in ``new`` added (same key): the incremental update of
    the library when a document comes in. A ``new`` whose tables and forms (:attr:`LibraryEntry.seen`)
    are all in ``old`` already is a document seen before (a re-import, a new version) and changes
    nothing. Merging is commutative and associative: any order gives the library built at once."""
    if old.key != new.key:
        raise ValueError(f"不同指标不能合并：{old.key} / {new.key}")
    if new.seen and set(new.seen) <= set(old.seen):
        return old
    if old.seen and set(old.seen) <= set(new.seen):
        return new
    actuals: dict[int, set[str]] = {}
    for year, values in (*old.actuals, *new.actuals):
        actuals.setdefault(year, set()).update(values)
    return LibraryEntry(
        level1=min(old.level1, new.level1), level2=min(old.level2, new.level2), key=old.key,
        names=_sum(old.names, new.names), unit_counts=_sum(old.unit_counts, new.unit_counts),
        values=_sum(old.values, new.values), basis_counts=_sum(old.basis_counts, new.basis_counts),
        projects=tuple(sorted(set(old.projects) | set(new.projects))),
        years=tuple(sorted(set(old.years) | set(new.years))), uses=old.uses + new.uses,
        seen=tuple(sorted(set(old.seen) | set(new.seen))),
        actuals=tuple((y, tuple(sorted(v))) for y, v in sorted(actuals.items())),
        met=old.met + new.met, judged=old.judged + new.judged,
    )
