"""Background update of the indicator library (django-tasks; the worker of ``jixiao serve`` runs it).

The upload's import (``pages.tasks.run_import``) queues :func:`update_library` with the stored
document's id once the document is stored; the task adds the document's indicators to the library
(``review.library.add_stored``: incremental, a document seen before changes nothing).
"""

from __future__ import annotations

from django_tasks import task


def run_update(document_id: int) -> tuple[int, int] | None:
    """(entries created, entries changed); None when the document is gone."""
    from jixiao.web.review import library
    from jixiao.web.store import models as m

    sd = m.SourceDocument.objects.filter(pk=document_id).first()
    return library.add_stored(sd) if sd is not None else None


@task()
def update_library(document_id: int) -> tuple[int, int] | None:
    return run_update(document_id)
