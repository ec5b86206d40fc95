"""Self-evaluations and evaluation reports ↔ the projects they are about.

The same project is named differently from one document to the next (``法律援助及12348热线`` in
the finance evaluation, ``法律援助及 12348 业务费`` on the self-evaluation form, ``法律援助及12348业务费``
in the next year's target table), and continues from year to year. A record is linked to a
project of its unit by, in this order:

1. the same normalised name (``jixiao.model.names.normalise_name``: width and spaces) — certain
   (``Link.AUTO``; self-evaluation forms and evaluation reports print no project code, so the
   name is what there is);
2. the same project key (``project_key``: the name without its suffix variants) — uncertain
   (``Link.GUESS``): linked, and listed on the page where a person confirms or corrects it.

Among several projects of that unit, the one of the record's year wins, else the nearest year
(the next year's target table before the previous one). A link a person set
(``Link.CONFIRMED``, also "no project") is never changed by :func:`link_all`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from jixiao.model.names import name_match
from jixiao.web.store import models as m


def unit_id_of(record: Any) -> int | None:
    return record.unit_id if isinstance(record, m.SelfEvaluation) else record.evaluated_unit_id


def candidates(record: Any) -> list[tuple[m.Project, str]]:
    """The projects of the record's unit with how they match (``"exact"`` / ``"similar"``), best first."""
    unit_id = unit_id_of(record)
    if unit_id is None:
        return []
    found = []
    for project in m.Project.objects.filter(unit_id=unit_id).order_by("id"):
        how = name_match(record.project_name, project.name)
        if how:
            found.append((project, how))
    year = record.year or 0
    return sorted(found, key=lambda f: (f[1] != "exact", _distance(f[0].year, year), f[0].pk))


def _distance(project_year: int | None, year: int) -> tuple[int, int]:
    if project_year is None or not year:
        return (99, 0)
    return (abs(project_year - year), 0 if project_year >= year else 1)


def best_link(record: Any) -> tuple[m.Project | None, str]:
    """(project, ``Link`` value) the record would be linked to."""
    found = candidates(record)
    if not found:
        return None, m.Link.NONE
    project, how = found[0]
    return project, m.Link.AUTO if how == "exact" else m.Link.GUESS


def link_all() -> int:
    """Link every record whose link no person set; how many links changed."""
    return _link(None, None)


def link_units(unit_ids: Iterable[int | None], document: Any = None) -> int:
    """Link the records of those units (and every record of ``document``, a ``SourceDocument``)
    whose link no person set; how many links changed.

    A record's link depends only on the projects of its own unit (:func:`candidates`), so after an
    import, or a project created or moved, only the records of the units it touched can change:
    the same links :func:`link_all` gives, without reading (and locking) a province's records on
    every import — imports of different units never wait for each other here."""
    return _link({u for u in unit_ids if u is not None}, document)


def _link(unit_ids: set[int] | None, document: Any) -> int:
    changed = 0
    for model, unit_field in ((m.SelfEvaluation, "unit_id"), (m.Evaluation, "evaluated_unit_id")):
        fields = ("id", "project_name", "year", "project_id", "project_link", unit_field)
        rows = model.objects.exclude(project_link=m.Link.CONFIRMED)
        if unit_ids is not None:
            mine = Q(**{f"{unit_field}__in": unit_ids})
            rows = rows.filter(mine | Q(source_document=document) if document is not None else mine)
        for record in rows.only(*fields).order_by("pk"):
            project, how = best_link(record)
            if (record.project_id, record.project_link) != (project.pk if project else None, how):
                model.objects.filter(pk=record.pk).update(project=project, project_link=how)
                changed += 1
    return changed


def set_link(record: Any, project: m.Project | None) -> None:
    """A person's decision: ``record`` is about ``project`` (None: about no stored project)."""
    type(record).objects.filter(pk=record.pk).update(project=project, project_link=m.Link.CONFIRMED)
    record.project, record.project_link = project, m.Link.CONFIRMED
