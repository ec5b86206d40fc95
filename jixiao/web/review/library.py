"""The indicator library (指标库) in the store: rebuilt from every stored target table (and from
documents read from a folder), updated incrementally when a document is imported (the task
``review.tasks.update_library``, queued by the upload's import) or a folder is loaded
(``python -m jixiao.web indicator_library FOLDER``), searched on its page and offered while a
clerk types a 三级 indicator or starts a project of a kind (:func:`for_project`).

The entries are built by the core (``jixiao.model.indicator_library.build_library``, merged with
``merge_entries``); this module only feeds it the stored projects and keeps the result as
:class:`~.models.LibraryEntry` rows. A full :func:`rebuild` recounts from the stored target tables and
the documents given: documents loaded from a folder earlier are dropped unless given again.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from jixiao.model import indicator_library as core
from jixiao.model.document import Document
from jixiao.model.indicator_library import Appearance, build_library, merge_entries
from jixiao.model.names import normalise_name
from jixiao.numbers import plain
from jixiao.web.review.models import LibraryEntry
from jixiao.web.store import mapping
from jixiao.web.store import models as m

SUGGEST_LIMIT = 8


def stored_appearances(document: m.SourceDocument | None = None) -> Iterable[Appearance]:
    """The stored projects (of ``document`` only, when given) as the library sees them."""
    rows = m.Project.objects.select_related("unit").prefetch_related("indicators", "plan_points").order_by("id")
    if document is not None:
        rows = rows.filter(source_document=document)
    for row in rows.iterator(chunk_size=200):
        unit = (row.unit.code or row.unit.name) if row.unit_id else ""
        yield Appearance(row.year, unit, mapping.project_to_model(row))


def document_appearances(docs: Iterable[Document]) -> Iterable[Appearance]:
    for doc in docs:
        if doc.goals is None:
            continue
        for project in doc.goals.projects:
            unit = (project.unit.code or project.unit.name) if project.unit else ""
            yield Appearance(doc.goals.year, unit, project)


def rebuild(documents: Iterable[Document] = ()) -> int:
    """Rebuild the library from the stored projects and ``documents``; returns the number of entries."""
    entries = build_library([*stored_appearances(), *document_appearances(documents)])
    with transaction.atomic():
        LibraryEntry.objects.all().delete()
        LibraryEntry.objects.bulk_create(_row(e) for e in entries)
    return len(entries)


def _fields(e: core.LibraryEntry) -> dict[str, Any]:
    return {"level1": e.level1, "level2": e.level2, "name": e.name, "units": list(e.units),
            "values": [[raw, n] for raw, n in e.values], "bases": list(e.bases), "projects": list(e.projects),
            "years": list(e.years), "project_count": e.project_count, "uses": e.uses, "typical": e.typical[:300]}


def _row(e: core.LibraryEntry) -> LibraryEntry:
    return LibraryEntry(key=e.key, **_fields(e))


def _core(row: LibraryEntry) -> core.LibraryEntry:
    return core.LibraryEntry(
        level1=row.level1, level2=row.level2, name=row.name, key=row.key, units=tuple(row.units),
        values=tuple((raw, int(n)) for raw, n in row.values), bases=tuple(row.bases), projects=tuple(row.projects),
        years=tuple(row.years), uses=row.uses)


def add(appearances: Iterable[Appearance]) -> tuple[int, int]:
    """Add ``appearances`` to the stored library (incremental): (entries created, entries changed)."""
    entries = build_library(appearances)
    created = changed = 0
    with transaction.atomic():
        stored = {r.key: r for r in LibraryEntry.objects.select_for_update().filter(key__in=[e.key for e in entries])}
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
        LibraryEntry.objects.bulk_create(fresh)
        created = len(fresh)
    return created, changed


def add_documents(documents: Iterable[Document]) -> tuple[int, int]:
    return add(document_appearances(documents))


def add_stored(document: m.SourceDocument) -> tuple[int, int]:
    """The incremental update after ``document`` was stored: its projects' indicators added."""
    return add(stored_appearances(document))


def for_project(name: str, limit: int = 20) -> list[LibraryEntry]:
    """The indicators used by projects of the same kind as a project named ``name``: those whose
    projects' names share a run of four characters or more with it (法律援助, 12348, 普法宣传 …),
    most shared first."""
    key = normalise_name(name)
    grams = {key[i:i + 4] for i in range(len(key) - 3)}
    if not grams:
        return []
    scored = []  # (the JSON text of ``projects`` escapes Chinese on some databases: compared here)
    for pk, projects, uses, name in LibraryEntry.objects.values_list("pk", "projects", "uses", "name").iterator():
        alike = sum(1 for label in projects if any(g in label for g in grams))
        if alike:
            scored.append((-alike, -uses, name, pk))
    scored.sort()
    rows = LibraryEntry.objects.in_bulk([pk for *_, pk in scored[:limit]])
    return [rows[pk] for *_, pk in scored[:limit]]


def search(q: str = "", level1: str = "", level2: str = "") -> QuerySet[LibraryEntry]:
    rows = LibraryEntry.objects.all()
    if level1:
        rows = rows.filter(level1=level1)
    if level2:
        rows = rows.filter(level2=level2)
    for word in q.split():
        rows = rows.filter(Q(name__icontains=word) | Q(level2__icontains=word) | Q(bases__icontains=word))
    return rows.order_by("-project_count", "-uses", "name")


def hint(entry: LibraryEntry) -> str:
    """``数量指标 · 3个项目使用 · 常见值 ≥14500套`` — what the entry says about itself."""
    parts = [entry.level2 or entry.level1, f"{plain(Decimal(entry.project_count))}个项目使用"]
    if entry.typical:
        parts.append(f"常见值 {entry.typical}")
    return " · ".join(p for p in parts if p)


def suggest(q: str, level1: str = "", level2: str = "") -> list[dict[str, Any]]:
    """The entries for a 三级 name being typed (under the chosen 一级 / 二级 when they have any)."""
    q = q.strip()
    if not q:
        return []
    rows = list(search(q, level1, level2)[:SUGGEST_LIMIT])
    if not rows and (level1 or level2):
        rows = list(search(q)[:SUGGEST_LIMIT])
    return [
        {"name": e.name, "level1": e.level1, "level2": e.level2, "units": e.units, "typical": e.typical,
         "values": e.values, "project_count": e.project_count, "uses": e.uses, "hint": hint(e)}
        for e in rows
    ]
