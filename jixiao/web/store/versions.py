"""A file uploaded again: found before it is stored, and stored only as a new version.

:func:`already_stored` finds the current (not replaced) stored document that is the same file —
the same bytes (``SourceDocument.content_hash``, SHA-256) — or the same document in another
edition: the same kind, year and department and, for target tables, a unit in common. The
upload then waits for the uploader to choose (the job page): cancel, or import as a new version
(:func:`replace`): the new document is stored with ``replaces`` pointing at the old one, and the
old one's records still open to the clerk (draft or returned) are removed — the new file's
records take their place; records already submitted or further along stay where they are, and
the number of each is reported.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from jixiao.model.document import Document
from jixiao.model.names import normalise_name
from jixiao.web.store import models as m

OPEN = (m.Status.DRAFT, m.Status.RETURNED)


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def already_stored(doc: Document, raw: bytes) -> tuple[m.SourceDocument | None, str]:
    """(the stored document this upload repeats, the Chinese reason) or (None, "")."""
    current = m.SourceDocument.objects.filter(replaced_by__isnull=True).defer("raw", "snapshot")
    same = current.filter(content_hash=content_hash(raw)).order_by("-id").first()
    if same is not None:
        return same, f"内容与已导入的文件“{same.file_name}”完全相同"
    department = normalise_name(doc.department.name) if doc.department else ""
    if doc.year is None or not department:
        return None, ""
    units = _units(doc)
    for sd in current.filter(kind=doc.kind, year=doc.year).select_related("department").order_by("-id"):
        if sd.department is None or normalise_name(sd.department.name) != department:
            continue
        stored_units = {normalise_name(n) for n in sd.projects.values_list("unit__name", flat=True) if n}
        if doc.kind == "goal_tables" and units and stored_units and not units & stored_units:
            continue
        return sd, f"已导入同一部门同一年度的同类文件“{sd.file_name}”（{doc.year}年，{sd.department.name}）"
    return None, ""


def _units(doc: Document) -> set[str]:
    projects = doc.goals.projects if doc.goals else ()
    return {normalise_name(p.unit.name) for p in projects if p.unit and p.unit.name}


def replace(old: m.SourceDocument, new: m.SourceDocument) -> tuple[int, int]:
    """Make ``new`` the new version of ``old``: (records of the old one removed, records kept)."""
    with transaction.atomic():
        m.SourceDocument.objects.filter(pk=new.pk).update(replaces=old)
        removed = kept = 0
        for model in (m.Project, m.SelfEvaluation):
            rows = model.objects.filter(source_document=old)
            kept += rows.exclude(status__in=OPEN).count()
            removed += rows.filter(status__in=OPEN).count()
            rows.filter(status__in=OPEN).delete()
        return removed, kept
