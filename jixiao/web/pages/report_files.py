"""Generated reports kept as files per record version, so a download is a file send (issue 20, item 1).

A report of a document (``pages/reports.py``: ``documents/<pk>/reports/<kind>.<fmt>``) is built
once per (document, report kind, format, what the reader reads of it, the document's stamp) and
kept under ``settings.REPORTS_ROOT`` (``<data>/reports`` unless ``JIXIAO_REPORTS`` names another)::

    <reports>/<document id>/<kind>.<reading>.<stamp>.<fmt>

``reading`` hashes what the reader reads of it (whole, or which records a unit clerk may read);
``stamp`` hashes the document's stamp (``analysis.document_stamp``: its records' count, sum of
versions and latest change — every edit bumps a version) and the code's stamp (the release and
the core's files: a deploy that changes a report's layout builds afresh). A changed record
gives a new name, so an old file is never sent for a changed record; the older files of the same
report and reading are removed when a newer one is built.

- A download whose file is not built yet builds it then and there, once (:func:`open_report`:
  written to a temporary name and renamed, so a half-written file is never sent; two requests
  at the same moment may both build it — both write the same bytes).
- When a workflow record of a document changes (``workflow.audit.record_changed``, sent after the
  save is committed), the reports already asked for of that document (listed in the folder's
  ``built.json``) are rebuilt in the background through the task queue (:func:`rebuild_reports`,
  django-tasks; ``jixiao serve`` runs the worker), so the next download is a file send again.

A report of records rather than of a document (the disclosure package, the 部门整体 forms, the
批复表, the monitoring tables) is kept the same way by :func:`open_keyed` under
``<reports>/<kind>/<owner>/``, named by a key the caller makes of the stamps of every record the
report reads (:func:`record_stamp`, :func:`rows_stamp`); it is built on the first download after a
change (not in the background).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db.models import Count, Max, Sum
from django_tasks import task

from jixiao import __version__
from jixiao.web.pages import analysis
from jixiao.web.store import models as m

BUILD_HOOKS: list[Callable[[Any, str, str], None]] = []  # called (document id or owner, kind, format) per build
MANIFEST = "built.json"
CODE_SUFFIXES = {".py", ".html", ".css", ".j2", ".yaml", ".yml", ".json", ".toml", ".typ"}


def reports_root() -> Path:
    """``settings.REPORTS_ROOT`` (``JIXIAO_REPORTS``, else ``<data>/reports``; docs/deploy.md)."""
    return Path(settings.REPORTS_ROOT)


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """A digest of the release and the core's files (modules, report templates, fonts' names, schemes;
    taken once per process): the same on every machine with the same release, new when a deploy
    changes what a report is made by."""
    root = Path(__file__).resolve().parents[2]  # the jixiao package
    digest = hashlib.sha1(__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES):
        relative = path.relative_to(root)
        if relative.parts[0] != "web":
            digest.update(str(relative).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_path(sd: m.SourceDocument, kind: str, fmt: str, whole: bool, ids: tuple[Any, ...]) -> Path:
    """Where report ``kind`` in ``fmt`` of the reading (``whole`` or the records ``ids``) of ``sd``
    as it is now is kept: ``<kind>.<reading>.<stamp>.<fmt>``."""
    reading = hashlib.sha1(repr((whole, ids)).encode("utf-8")).hexdigest()[:12]
    stamp = hashlib.sha1(repr((analysis.document_stamp(sd), code_stamp())).encode("utf-8")).hexdigest()[:20]
    return reports_root() / str(sd.pk) / f"{kind}.{reading}.{stamp}.{fmt}"


def open_report(reading: Any, kind: str, fmt: str) -> BinaryIO:
    """The file of report ``kind`` in ``fmt`` of ``reading`` (``reports.Reading``), open for
    reading; built now when it is not built yet. Raises what the report's build raises (the
    caller says why in Chinese). An open file stays readable when a newer build removes it."""
    path = file_path(reading.sd, kind, fmt, reading.whole, reading.ids())
    try:
        return path.open("rb")
    except FileNotFoundError:
        build(reading, kind, fmt, path)
        return path.open("rb")


def build(reading: Any, kind: str, fmt: str, path: Path) -> None:
    from jixiao.report.registry import render as render_report

    produce(path, lambda out: render_report(kind, fmt, [reading.document()], out))
    for hook in BUILD_HOOKS:
        hook(reading.sd.pk, kind, fmt)
    _remember(path.parent, {"kind": kind, "fmt": fmt, "whole": reading.whole, "ids": [list(i) for i in reading.ids()]})


def produce(path: Path, make: Callable[[Path], None]) -> None:
    """Write the file at ``path`` by ``make(temporary path)`` and rename it in place (a half-written
    file is never sent); then remove the same report's files built for earlier stamps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kind, _, _, fmt = path.name.split(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=f".{fmt}", dir=path.parent)
    os.close(fd)
    try:
        make(Path(tmp))
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    _remove_older(path)


# ---------------------------------------------------------------- reports of records (not of a document)


def rows_stamp(rows: Any) -> tuple[Any, ...]:
    """What changes whenever one of ``rows`` (a queryset) is added, removed or saved: their count and
    ids, and their sum of versions and latest change (one query) — or, for a model without a time
    of change (an indicator, an opinion: rows saved in place), a digest of all their values."""
    fields = {f.name for f in rows.model._meta.get_fields()}
    wanted: dict[str, Any] = {"n": Count("pk"), "ids": Sum("pk")}
    if "version" in fields:
        wanted["versions"] = Sum("version")
    changed = next((name for name in ("updated", "updated_at") if name in fields), None)
    if changed is None:
        digest = hashlib.sha1()
        for values in rows.order_by("pk").values_list().iterator():
            digest.update(repr(values).encode("utf-8"))
        return (digest.hexdigest(),)
    wanted[changed] = Max(changed)
    found = rows.order_by().aggregate(**wanted)
    return tuple(found[k] for k in wanted)


def record_stamp(record: Any) -> tuple[Any, ...]:
    """A record's label, id, version and latest change (those it has)."""
    return (
        record._meta.label, record.pk, getattr(record, "version", None),
        getattr(record, "updated", None) or getattr(record, "updated_at", None),
    )


def keyed_path(kind: str, owner: str, key: tuple[Any, ...], fmt: str, reading: tuple[Any, ...] = ()) -> Path:
    """Where report ``kind`` in ``fmt`` of ``owner`` (say ``"12-2024"``: the records it is of) is kept
    for ``key`` (the stamps of the records it reads) and ``reading`` (which of them the reader may
    read, when that differs between readers): ``<kind>/<owner>/<kind>.<reading>.<stamp>.<fmt>``."""
    part = hashlib.sha1(repr(reading).encode("utf-8")).hexdigest()[:12] if reading else "all"
    stamp = hashlib.sha1(repr((key, code_stamp())).encode("utf-8")).hexdigest()[:20]
    return reports_root() / kind / owner / f"{kind}.{part}.{stamp}.{fmt}"


def open_keyed(
    kind: str, owner: str, key: tuple[Any, ...], fmt: str, make: Callable[[Path], None], reading: tuple[Any, ...] = ()
) -> BinaryIO:
    """The file of report ``kind`` in ``fmt`` of ``owner`` for the records stamped ``key`` (built by
    ``make(path)`` now when it is not built yet), open for reading. Only the key says when the
    report is stale: it must hold the stamp of every record the report reads (:func:`rows_stamp`,
    :func:`record_stamp`); the caller checks permissions first (the file is the same for every
    reader of the same ``reading``, and a reading's files do not replace another reading's)."""
    path = keyed_path(kind, owner, key, fmt, reading)
    try:
        return path.open("rb")
    except FileNotFoundError:
        produce(path, make)
        for hook in BUILD_HOOKS:
            hook(owner, kind, fmt)
        return path.open("rb")


def _remember(folder: Path, entry: dict[str, Any]) -> None:
    """Add ``entry`` to the folder's list of the reports asked for (what a change rebuilds)."""
    entries = built(folder)
    if entry in entries:
        return
    entries.append(entry)
    fd, tmp = tempfile.mkstemp(prefix=".built-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False)
    os.replace(tmp, folder / MANIFEST)


def built(folder: Path) -> list[dict[str, Any]]:
    try:
        return list(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []


def _remove_older(path: Path) -> None:
    """Remove the files of the same report, reading and format built for earlier stamps."""
    kind, reading, _, fmt = path.name.split(".")
    for other in path.parent.glob(f"{kind}.{reading}.*.{fmt}"):
        with contextlib.suppress(OSError):
            if other != path and other.stat().st_mtime_ns <= path.stat().st_mtime_ns:
                other.unlink()


# ---------------------------------------------------------------- rebuilding after a change


def record_changed(sender: Any, record: Any, **kwargs: Any) -> None:
    """Receiver of ``workflow.audit.record_changed``: queue the rebuild of the reports asked for of
    the record's document (none asked for: nothing queued)."""
    document_id = getattr(record, "source_document_id", None)
    if document_id and built(reports_root() / str(document_id)):
        rebuild_reports.enqueue(document_id)  # the change is committed (``audit.changed``)


def run_rebuild(document_id: int) -> int:
    """Build the reports asked for of document ``document_id`` for its records as they are now;
    how many were built (those already built for this stamp are not built again)."""
    from jixiao.web.pages.reports import Reading, part_reading

    sd = m.SourceDocument.objects.filter(pk=document_id).defer("raw").first()
    if sd is None:
        return 0
    count = 0
    for entry in built(reports_root() / str(document_id)):
        ids = tuple(tuple(i) for i in entry["ids"])
        reading: Reading = part_reading(sd, entry["whole"], ids)
        path = file_path(sd, entry["kind"], entry["fmt"], reading.whole, reading.ids())
        if path.is_file():
            continue
        with contextlib.suppress(Exception):  # a report this document no longer gives: skipped
            build(reading, entry["kind"], entry["fmt"], path)
            count += 1
    return count


@task()
def rebuild_reports(document_id: int) -> int:
    return run_rebuild(document_id)
