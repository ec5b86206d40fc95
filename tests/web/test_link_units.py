"""An import links the forms and reports of the units it touched (not every record of the store),
and that gives the links linking every record gives; other units' records are neither read nor written."""

from __future__ import annotations

import pytest

from jixiao.web.store import links
from jixiao.web.store import models as m
from jixiao.web.store.mapping import import_document
from tests.conftest import ACCOUNTS, GOALS

pytestmark = pytest.mark.django_db


def _links() -> dict[tuple[str, int], tuple[int | None, str]]:
    return {
        (model.__name__, pk): (project, how)
        for model in (m.SelfEvaluation, m.Evaluation)
        for pk, project, how in model.objects.values_list("pk", "project_id", "project_link")
    }


def test_an_import_links_only_its_units_and_gives_what_linking_everything_gives(db, goals_doc, accounts_doc):
    """The final accounts first, the target tables after: the older forms and reports are linked to
    the new projects of their units (the import relinks the units it touched, not the whole store)."""
    import_document(accounts_doc, ACCOUNTS.read_bytes())
    before = _links()
    assert before and all(project is None for project, _ in before.values())  # no projects stored yet
    goals = import_document(goals_doc, GOALS.read_bytes())
    after = _links()
    linked = {key for key, (project, _) in after.items() if project is not None}
    # seed 002's forms and the two evaluation reports about projects of seed 000's units
    assert sorted(model for model, _ in linked) == ["Evaluation"] * 2 + ["SelfEvaluation"] * 7
    assert {m.Project.objects.get(pk=after[key][0]).source_document_id for key in linked} == {goals.pk}
    m.SelfEvaluation.objects.update(project=None, project_link="")
    m.Evaluation.objects.update(project=None, project_link="")
    assert links.link_all() == len(linked)
    assert _links() == after  # the import's own linking is what linking every record gives


def test_linking_units_leaves_the_records_of_other_units_alone(imported):
    unit = m.Project.objects.get(name="法律援助及12348业务费").unit_id
    mine = m.SelfEvaluation.objects.filter(unit_id=unit)
    others = m.SelfEvaluation.objects.exclude(unit_id=unit)
    assert mine.exists() and others.exists()
    linked_here, linked_elsewhere = mine.exclude(project=None).count(), others.exclude(project=None).count()
    assert linked_here and linked_elsewhere
    mine.update(project=None, project_link=m.Link.NONE)
    others.update(project=None, project_link=m.Link.NONE)
    assert links.link_units([unit]) == linked_here == mine.exclude(project=None).count()
    assert not others.exclude(project=None).exists()  # not relinked: left as they were
    assert links.link_all() == linked_elsewhere
