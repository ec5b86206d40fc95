"""The indicator library (指标库) in the store: rebuilt from every stored target table (and from
documents read from a folder), searched on its page and offered while a clerk types a 三级 indicator.

The entries are built by the core (``jixiao.model.indicator_library.build_library``); this module
only feeds it the stored projects and keeps the result as :class:`~.models.LibraryEntry` rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from jixiao.model.document import Document
from jixiao.model.indicator_library import Appearance, build_library
from jixiao.numbers import plain
from jixiao.web.review.models import LibraryEntry
from jixiao.web.store import mapping
from jixiao.web.store import models as m

SUGGEST_LIMIT = 8


def stored_appearances() -> Iterable[Appearance]:
    rows = m.Project.objects.select_related("unit").prefetch_related("indicators", "plan_points").order_by("id")
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
        LibraryEntry.objects.bulk_create(
            LibraryEntry(
                key=e.key, level1=e.level1, level2=e.level2, name=e.name, units=list(e.units),
                values=[[raw, n] for raw, n in e.values], bases=list(e.bases), projects=list(e.projects),
                years=list(e.years), project_count=e.project_count, uses=e.uses, typical=e.typical[:300],
            )
            for e in entries
        )
    return len(entries)


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
