"""The indicator library (指标库) in the store: rebuilt from every stored target table (and from
documents read from a folder), updated incrementally when a document is imported (the task
``review.tasks.update_library``, queued by the upload's import) or a folder is loaded
(``python -m jixiao.web indicator_library FOLDER``), searched on its page and offered while a
clerk types a 三级 indicator or starts a project of a kind (``kinds.for_project``).

The entries are built by the core (``jixiao.model.indicator_library.build_library``, merged with
``merge_entries``); this module only feeds it the stored projects and keeps the result as
:class:`~.models.LibraryEntry` rows. A full :func:`rebuild` recounts from the stored target tables and
the documents given (``review.folders.rebuild`` adds every folder loaded before).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q, QuerySet

from jixiao.grammar import parse_target
from jixiao.model import indicator_library as core
from jixiao.model.document import Document
from jixiao.model.goals import Project
from jixiao.model.indicator_library import Appearance, Outcome, Results, build_library, merge_entries
from jixiao.model.project_kinds import function_code
from jixiao.model.selfeval import IndicatorResult, SelfEvaluation
from jixiao.model.unit_identity import UnitDirectory
from jixiao.numbers import pct, plain
from jixiao.rules.registry import RuleInput
from jixiao.rules.schemes import SelfScheme, shipped_self_scheme
from jixiao.rules.score_self import indicator_rule, indicator_type, run_rule
from jixiao.rules.self_rules import compare
from jixiao.web.review import kinds
from jixiao.web.review.models import LibraryEntry
from jixiao.web.store import mapping
from jixiao.web.store import models as m

SUGGEST_LIMIT = 8


JUDGED_TYPES = ("positive", "reverse", "equal", "date")  # indicator types whose target a number or date decides


def scheme_of(name: str | None) -> SelfScheme | None:
    """The scheme a form was scored under: the one it names (a stored form made in the app keeps
    its scheme's name, ``SelfEvaluation.scheme``; a shipped name or a scheme file), else the default
    self-evaluation scheme (a form read from a document, or a name that no longer loads)."""
    return (shipped_self_scheme(name) if name else None) or shipped_self_scheme()


def met(indicator: IndicatorResult, scheme: SelfScheme | None) -> bool | None:
    """Whether the actual met the target, by the rule ``scheme`` names for the indicator's type
    (``jixiao.rules.score_self.indicator_rule``, with the scheme's over-performance parameters): met
    when the rule gives the full weight. The type's own rule is used, not a 一级 override (满意度
    bands judge the actual against fixed bands, not the target). None when the rule cannot decide
    (prose, an empty value, units that differ)."""
    kind = indicator_type(indicator.target)
    if scheme is None or kind not in JUDGED_TYPES or kind not in scheme.indicators:
        return None
    result = run_rule(indicator_rule(kind, None, scheme), RuleInput(Decimal(1), indicator.target, indicator.actual))
    if result.judged:
        return None
    return result.score >= 1


def results(form: SelfEvaluation, unit: str, scheme: SelfScheme | None) -> Results:
    """A self-evaluation form as the library sees it (its year is the year evaluated)."""
    return Results(form.year, unit, form.project, tuple(
        Outcome(it.level1, it.level2, it.name, it.target.raw, it.actual.raw,
                it.target.unit or it.measure_unit or "", met(it, scheme))
        for it in form.indicators if not form.department_wide))


def directory(documents: Iterable[Document] = ()) -> UnitDirectory:
    """The units' code–name pairs the organisation records and the ``documents`` print together
    (target tables print both): the one identity of a unit printed by code in one place and by name
    in another (:class:`~jixiao.model.unit_identity.UnitDirectory`)."""
    stored = m.Organisation.objects.exclude(code=None).exclude(code="").values_list("code", "name")
    return UnitDirectory.learn([*stored, *printed_units(documents)])


def printed_units(documents: Iterable[Document]) -> list[tuple[str | None, str | None]]:
    """The (code, name) pairs the target tables of ``documents`` print."""
    return [(p.unit.code, p.unit.name) for doc in documents if doc.goals is not None
            for p in doc.goals.projects if p.unit is not None]


def stored_appearances(document: m.SourceDocument | None = None,
                       units: UnitDirectory | None = None) -> Iterable[Appearance | Results]:
    """The stored projects and self-evaluation forms (of ``document`` only, when given) as the library
    sees them, each unit by its one identity (``units``, else learned from the organisation records),
    each form judged by the scheme it was scored under (:func:`scheme_of`)."""
    units = units or directory()
    rows = m.Project.objects.select_related("unit").prefetch_related("indicators", "plan_points").order_by("id")
    forms = m.SelfEvaluation.objects.select_related("unit").prefetch_related(
        "indicator_results", "budget_lines").filter(department_wide=False).order_by("id")
    if document is not None:
        rows = rows.filter(source_document=document)
        forms = forms.filter(source_document=document)
    for row in rows.iterator(chunk_size=200):
        unit = units.identity(row.unit.code, row.unit.name) if row.unit_id else ""
        yield Appearance(row.year, unit, mapping.project_to_model(row))
    for form in forms.iterator(chunk_size=200):
        unit = units.identity(form.unit.code, form.unit.name) if form.unit_id else units.identity(None, form.unit_name)
        yield results(mapping.selfeval_to_model(form), unit, scheme_of(form.scheme))


def printed_code(doc: Document, project: Project) -> str:
    """The 功能分类科目 code printed for ``project``: in its own fields, else, when the document holds
    this one project, anywhere in the document's text (a funding notice: 功能分类科目列“213.农林水支出”)."""
    own = [project.title, project.purpose, project.goal, *project.raw]
    code = next((c for text in own if (c := function_code(text))), "")
    if code or doc.goals is None or len(doc.goals.projects) != 1:
        return code
    return next((c for line in doc.unplaced if (c := function_code(line.text))), "")


def document_appearances(docs: Iterable[Document],
                         units: UnitDirectory | None = None) -> Iterable[Appearance | Results]:
    """The target tables and self-evaluation forms of ``docs``; a unit printed by code on a table and
    by name on a form is one unit (``units``: :func:`directory`, else learned from ``docs`` alone)."""
    docs = list(docs)
    units = units or UnitDirectory.learn(printed_units(docs))
    scheme = shipped_self_scheme()
    for doc in docs:
        if doc.goals is not None:
            for project in doc.goals.projects:
                unit = units.identity(project.unit.code, project.unit.name) if project.unit else ""
                yield Appearance(doc.goals.year, unit, project, printed_code(doc, project))
        for body in doc.all_bodies():
            for form in getattr(body, "self_evaluations", ()) or ():
                if not form.department_wide:
                    yield results(form, units.identity(None, form.unit), scheme)


def rebuild(documents: Iterable[Document] = ()) -> int:
    """Rebuild the library from the stored projects and ``documents``; returns the number of entries."""
    documents = list(documents)
    units = directory(documents)
    seen = [*stored_appearances(units=units), *document_appearances(documents, units)]
    entries = build_library(seen)
    with transaction.atomic():
        LibraryEntry.objects.all().delete()
        LibraryEntry.objects.bulk_create(_row(e) for e in entries)
        kinds.store(seen, replace=True)
    return len(entries)


def _fields(e: core.LibraryEntry) -> dict[str, Any]:
    return {"level1": e.level1, "level2": e.level2, "name": e.name[:300], "units": list(e.units),
            "values": [[raw, n] for raw, n in e.values], "bases": list(e.bases), "projects": list(e.projects),
            "years": list(e.years), "project_count": e.project_count, "uses": e.uses, "typical": e.typical[:300],
            "counts": {"names": [list(x) for x in e.names], "units": [list(x) for x in e.unit_counts],
                       "bases": [list(x) for x in e.basis_counts]},
            "seen": list(e.seen), "actuals": [[year, list(values)] for year, values in e.actuals],
            "met": e.met, "judged": e.judged}


def _row(e: core.LibraryEntry) -> LibraryEntry:
    return LibraryEntry(key=e.key, **_fields(e))


def _tally(pairs: Any, plain_list: list[str]) -> core.Tally:
    """A stored tally; a row stored before tallies were kept counts each listed text once."""
    if pairs:
        return tuple((str(text), int(n)) for text, n in pairs)
    return tuple((text, 1) for text in plain_list)


def _core(row: LibraryEntry) -> core.LibraryEntry:
    counts = row.counts or {}
    return core.LibraryEntry(
        level1=row.level1, level2=row.level2, key=row.key, names=_tally(counts.get("names"), [row.name]),
        unit_counts=_tally(counts.get("units"), row.units), values=tuple((raw, int(n)) for raw, n in row.values),
        basis_counts=_tally(counts.get("bases"), row.bases), projects=tuple(row.projects),
        years=tuple(row.years), uses=row.uses, seen=tuple(row.seen),
        actuals=tuple((int(year), tuple(values)) for year, values in row.actuals), met=row.met, judged=row.judged)


ADD_ATTEMPTS = 5


def add(appearances: Iterable[Appearance | Results]) -> tuple[int, int]:
    """Add ``appearances`` to the stored library (incremental): (entries created, entries changed);
    their projects join those the kinds are learned from.

    Workers add at once (one update a stored document): the entries are locked in key order, and a
    worker that lost the race to create an entry (unique key) or that PostgreSQL chose to break a
    deadlock tries again on what the other worker stored, so no document's indicators are lost."""
    seen = list(appearances)
    entries = build_library(seen)
    for attempt in range(1, ADD_ATTEMPTS + 1):
        try:
            return _add(entries, seen)
        except (IntegrityError, OperationalError):
            if attempt == ADD_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


def _add(entries: list[core.LibraryEntry], seen: list[Appearance | Results]) -> tuple[int, int]:
    created = changed = 0
    with transaction.atomic():
        keys = [e.key for e in entries]
        stored = {r.key: r for r in LibraryEntry.objects.select_for_update().filter(key__in=keys).order_by("key")}
        fresh = []
        for e in entries:
            row = stored.get(e.key)
            if row is None:
                fresh.append(_row(e))
                continue
            merged = merge_entries(_core(row), e)
            if merged != _core(row):
                LibraryEntry.objects.filter(pk=row.pk).update(**_fields(merged))
                changed += 1
        LibraryEntry.objects.bulk_create(sorted(fresh, key=lambda r: r.key))  # the lock order again
        created = len(fresh)
        kinds.store(seen)
    return created, changed


def add_documents(documents: Iterable[Document]) -> tuple[int, int]:
    documents = list(documents)
    return add(document_appearances(documents, directory(documents)))


def add_stored(document: m.SourceDocument) -> tuple[int, int]:
    """The incremental update after ``document`` was stored: its projects' indicators added."""
    return add(stored_appearances(document))


def search(q: str = "", level1: str = "", level2: str = "") -> QuerySet[LibraryEntry]:
    rows = LibraryEntry.objects.all()
    if level1:
        rows = rows.filter(level1=level1)
    if level2:
        rows = rows.filter(level2=level2)
    for word in q.split():
        rows = rows.filter(Q(name__icontains=word) | Q(level2__icontains=word) | Q(bases__icontains=word))
    return rows.order_by("-project_count", "-uses", "name")


def actuals_text(entry: LibraryEntry) -> str:
    """``2022年实际 36106；2021年实际 30000`` — the actuals of the latest years first ("" when none)."""
    return "；".join(f"{int(year)}年实际 {'、'.join(values)}" for year, values in reversed(entry.actuals))


def met_text(entry: LibraryEntry) -> str:
    """``达成 1/2（50%）``: of the forms whose target and actual compare, how many met the target."""
    if not entry.judged:
        return ""
    share = pct(Decimal(entry.met) * 100 / Decimal(entry.judged), 0)
    return f"达成 {plain(Decimal(entry.met))}/{plain(Decimal(entry.judged))}（{share}）"


def hint(entry: LibraryEntry) -> str:
    """``数量指标 · 3个项目使用 · 常见值 ≥14500套 · 2022年实际 36106 · 达成 0/1（0%）`` — what the
    entry says about itself."""
    parts = [entry.level2 or entry.level1, f"{plain(Decimal(entry.project_count))}个项目使用"]
    if entry.typical:
        parts.append(f"常见值 {entry.typical}")
    if entry.actuals:
        year, values = entry.actuals[-1]
        parts.append(f"{int(year)}年实际 {'、'.join(values)}")
    parts.append(met_text(entry))
    return " · ".join(p for p in parts if p)


def described(entry: LibraryEntry) -> dict[str, Any]:
    """What the API and the suggestions say about an entry."""
    return {"name": entry.name, "level1": entry.level1, "level2": entry.level2, "units": entry.units,
            "typical": entry.typical, "values": entry.values, "bases": entry.bases, "years": entry.years,
            "project_count": entry.project_count, "uses": entry.uses,
            "actuals": [{"year": int(year), "values": list(values)} for year, values in entry.actuals],
            "met": entry.met, "judged": entry.judged, "met_text": met_text(entry),
            "actuals_text": actuals_text(entry), "hint": hint(entry)}


def peer(name: str, level1: str = "", level2: str = "") -> LibraryEntry | None:
    """The entry of exactly this indicator (一级, 二级 and name compared as people write them), else
    the most used entry of that name under any level; None when the library has none."""
    if not name.strip():
        return None
    row = LibraryEntry.objects.filter(key=core.entry_key(level1, level2, name)).first()
    if row is None:
        row = LibraryEntry.objects.filter(name=name.strip()).order_by("-uses", "key").first()
    return row


def _relation(typed: str, other: str) -> str:
    """高于 / 低于 / 等于: the number of the target typed against another value as written, compared
    by the core (``self_rules.compare``: units matched, shares as fractions); "" when they do not compare."""
    pair = compare(parse_target(typed, role="target").value, parse_target(other, role="actual").value)
    if isinstance(pair, str):
        return ""
    return "高于" if pair.a > pair.b else "低于" if pair.a < pair.b else "等于"


def standing(typed: str, entry: LibraryEntry) -> str:
    """How a target being typed compares with the entry's latest actuals and its typical target:
    ``本指标值低于2022年实际 36106，高于常见值 ≥14500件`` ("" when nothing compares)."""
    if not typed.strip():
        return ""
    parts = []
    if entry.actuals:
        year, values = entry.actuals[-1]
        parts += [f"{how}{int(year)}年实际 {v}" for v in values[:3] if (how := _relation(typed, v))]
    if entry.typical and entry.typical.strip() != typed.strip() and (how := _relation(typed, entry.typical)):
        parts.append(f"{how}常见值 {entry.typical}")
    return "本指标值" + "，".join(parts) if parts else ""


def peer_text(entry: LibraryEntry | None, typed: str = "") -> str:
    """``指标库：5个项目使用 · 常见值 ≥14500件 · 2022年实际 36106 · 达成 0/1（0%） · 本指标值低于2022年实际 36106``
    for the live check of a target ``typed``."""
    if entry is None:
        return ""
    parts = [f"{plain(Decimal(entry.project_count))}个项目使用"]
    if entry.typical:
        parts.append(f"常见值 {entry.typical}")
    parts += [actuals_text(entry), met_text(entry), standing(typed, entry)]
    return "指标库：" + " · ".join(p for p in parts if p)


def suggest(q: str, level1: str = "", level2: str = "") -> list[dict[str, Any]]:
    """The entries for a 三级 name being typed (under the chosen 一级 / 二级 when they have any)."""
    q = q.strip()
    if not q:
        return []
    rows = list(search(q, level1, level2)[:SUGGEST_LIMIT])
    if not rows and (level1 or level2):
        rows = list(search(q)[:SUGGEST_LIMIT])
    return [described(e) for e in rows]
