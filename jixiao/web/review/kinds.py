"""Kinds of projects in the 指标库 (``jixiao.model.project_kinds``): the projects counted are kept as
:class:`~.models.LibraryProject` rows (name, unit, function subject, indicators), the kinds are learned
from them when asked (cached until the rows change), and a new project is given the kind of the
stored project it is most alike — by its name, and by its unit and function subject when given.
:func:`for_project` offers the indicators the projects of that kind use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from jixiao.model.indicator_library import Appearance, Results
from jixiao.model.names import normalise_name
from jixiao.model.project_kinds import Kind, Kinds, Profile, classify, learn_kinds, profiles
from jixiao.web.review.models import LibraryEntry, LibraryProject

_cache: dict[str, Any] = {}


def store(appearances: Iterable[Appearance | Results], replace: bool = False) -> int:
    """Keep the projects of ``appearances`` (all of them anew with ``replace``, else added to the
    stored ones: indicators joined, a function subject kept); returns the number of projects."""
    found = profiles(appearances)
    with transaction.atomic():
        if replace:
            LibraryProject.objects.all().delete()
        stored = {r.label: r for r in LibraryProject.objects.select_for_update().filter(
            label__in=[p.label for p in found]).order_by("label")}  # locks in one order (workers at once)
        fresh = []
        for p in found:
            row = stored.get(p.label)
            if row is None:
                fresh.append(LibraryProject(label=p.label[:600], name=p.name[:300], unit=p.unit[:200], code=p.code,
                                            indicators=sorted(p.indicators)))
                continue
            keys = sorted(set(row.indicators) | p.indicators)
            if keys != sorted(row.indicators) or (p.code and not row.code):
                row.indicators, row.code = keys, row.code or p.code
                row.save(update_fields=["indicators", "code", "updated"])
        LibraryProject.objects.bulk_create(sorted(fresh, key=lambda r: r.label))
    return len(found)


def _profile(row: LibraryProject) -> Profile:
    return Profile(row.label, row.name, row.unit, row.code, frozenset(row.indicators))


def learned() -> Kinds:
    """The kinds of the stored projects (learned again only when the projects changed)."""
    state = LibraryProject.objects.aggregate(n=Count("id"), last=Max("updated"), top=Max("id"))
    key = f"{state['n']}|{state['last']}|{state['top']}"
    if _cache.get("key") != key:
        _cache["kinds"], _cache["key"] = learn_kinds(_profile(r) for r in LibraryProject.objects.iterator()), key
    kinds: Kinds = _cache["kinds"]
    return kinds


def kind_for(name: str, unit: str = "", code: str = "") -> Kind | None:
    """The kind of a project named ``name`` (of ``unit``, with function subject ``code`` when known)."""
    if not normalise_name(name):
        return None
    return classify(Profile("", normalise_name(name), normalise_name(unit), normalise_name(code)), learned())


def for_project(name: str, limit: int = 20, unit: str = "", code: str = "") -> tuple[Kind | None, list[LibraryEntry]]:
    """The kind of a new project and the indicators its projects use: those used by more of the
    kind's projects first, then the most used."""
    kind = kind_for(name, unit, code)
    if kind is None:
        return None, []
    members = set(kind.members)
    scored = []  # (the JSON text of ``projects`` escapes Chinese on some databases: compared here)
    for pk, projects, uses, entry_name in LibraryEntry.objects.values_list("pk", "projects", "uses", "name").iterator():
        shared = len(members.intersection(projects))
        if shared:
            scored.append((-shared, -uses, entry_name, pk))
    scored.sort()
    rows = LibraryEntry.objects.in_bulk([pk for *_, pk in scored[:limit]])
    return kind, [rows[pk] for *_, pk in scored[:limit]]
