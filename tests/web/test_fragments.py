"""Blocks of pages rendered once per record version (``pages/fragments.py``): never stale, and
never one reader's controls shown to another.

The blocks are shared between readers (that is their point), so each test first shows that the
second reader really got the cached block (the block was not built again), then that what is
per reader — buttons, forms, 提示 for the signed-in only — is still theirs.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.pages import analysis, views
from jixiao.web.store import models as m
from jixiao.web.workflow import states
from jixiao.web.workflow.audit import save_with_version
from tests.web.workflow_world import DRAFT_124001

pytestmark = pytest.mark.django_db


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode("utf-8")


@pytest.fixture
def built(monkeypatch):
    """How many times each block was built (the views' builders, counted)."""
    analysis.clear_caches()
    counts = {"project": 0, "selfeval": 0}
    project_body, selfeval_body = views._project_body, views._selfeval_body

    def count_project(*args, **kwargs):
        counts["project"] += 1
        return project_body(*args, **kwargs)

    def count_selfeval(*args, **kwargs):
        counts["selfeval"] += 1
        return selfeval_body(*args, **kwargs)

    monkeypatch.setattr(views, "_project_body", count_project)
    monkeypatch.setattr(views, "_selfeval_body", count_selfeval)
    return counts


def test_an_edit_shows_on_the_next_load_of_the_project_page(world, built):
    project = m.Project.objects.get(pk=world["draft_124001"])
    indicator = project.indicators.order_by("position", "id").first()
    clerk = logged_in("clerk")
    url = f"/projects/{project.pk}/"
    before = text(clerk.get(url))
    assert indicator.target_raw in before and "≥abc" not in before
    text(clerk.get(url))
    assert built["project"] == 1  # the second load is served from the cache
    save_with_version(project, project.version)  # claim the record, as every edit of its rows does
    indicator.target_raw, indicator.target = "≥abc", None
    indicator.save()
    after = text(clerk.get(url))
    assert built["project"] == 2
    assert "≥abc" in after
    # and the checks on the edited value are shown with it (the findings are in the block too)
    assert any("≥abc" in f.message for f in views._project_findings(m.Project.objects.get(pk=project.pk)))
    assert after.count("≥abc") >= 2


def test_a_transition_shows_at_once_and_each_role_sees_only_its_own_buttons(world, built):
    pk = world["draft_124001"]
    url = f"/projects/{pk}/"
    clerk, reviewer = logged_in("clerk"), logged_in("reviewer")
    mine = text(clerk.get(url))
    assert "编辑绩效目标表" in mine and 'data-action="submit"' in mine
    theirs = text(reviewer.get(url))
    assert built["project"] == 1  # the reviewer got the clerk's cached table …
    assert "编辑绩效目标表" not in theirs and 'data-action="submit"' not in theirs  # … but not the clerk's buttons
    table = mine[mine.index('id="target-table"') :].split("</table>")[0]
    assert table == theirs[theirs.index('id="target-table"') :].split("</table>")[0]
    for client in (clerk, reviewer):  # no CSRF token of one reader in the other's page
        token = client.cookies.get("csrftoken")
        other = theirs if client is clerk else mine
        assert token is None or token.value not in other

    project = m.Project.objects.get(pk=pk)
    states.transition(get_user_model().objects.get(username="clerk"), project, "submit")
    theirs = text(reviewer.get(url))
    assert 'data-action="approve"' in theirs and 'data-action="return"' in theirs
    assert "已提交" in theirs or "submitted" in theirs
    mine = text(clerk.get(url))
    assert 'data-action="approve"' not in mine and 'data-action="submit"' not in mine
    assert "编辑绩效目标表" not in mine  # submitted: read-only to its clerk
    assert built["project"] == 2  # the transition bumped the version: built once more, then shared


def test_the_public_never_gets_the_signed_in_readers_notes(world, built):
    """A block rendered for a signed-in reader (with 提示) is not the one the public gets."""
    pk = world["published"]
    url = f"/projects/{pk}/"
    staff = text(logged_in("clerk").get(url))
    public = text(Client().get(url))
    assert built["project"] == 2  # one block per kind of reader
    assert "sev-info" not in public
    assert "提示" in staff and "· 提示" not in public


def test_a_form_page_follows_its_version(world, built):
    se = m.SelfEvaluation.objects.filter(unit__code="124001").order_by("id").first()
    reviewer = logged_in("reviewer")
    url = f"/selfevals/{se.pk}/"
    assert "0532-99999999" not in text(reviewer.get(url))
    text(reviewer.get(url))
    assert built["selfeval"] == 1
    save_with_version(se, se.version, phone="0532-99999999")
    assert "0532-99999999" in text(reviewer.get(url))
    assert built["selfeval"] == 2


def test_document_page_shows_a_new_finding_after_an_edit(world):
    analysis.clear_caches()
    project = m.Project.objects.get(name=DRAFT_124001)
    url = f"/documents/{project.source_document_id}/"
    reviewer = logged_in("reviewer")
    assert "≥abc" not in text(reviewer.get(url))
    indicator = project.indicators.order_by("position", "id").first()
    save_with_version(project, project.version)
    indicator.target_raw, indicator.target = "≥abc", None
    indicator.save()
    assert "≥abc" in text(reviewer.get(url))


def test_the_dashboards_form_rows_follow_the_forms_versions(world):
    analysis.clear_caches()
    se = m.SelfEvaluation.objects.filter(unit__code="124001").order_by("id").first()
    dept = se.unit.parent
    reviewer = logged_in("reviewer")
    url = f"/departments/{dept.pk}/"

    def rows() -> str:  # the table of forms (the cached block), not the years' overview above it
        html = text(reviewer.get(url))
        return html.split("绩效自评：执行情况与得分", 1)[1].split("</table>", 1)[0]

    before = rows()
    assert se.project_name in before and "改名后的项目" not in before
    assert se.project_name in rows()  # from the cache
    save_with_version(se, se.version, project_name="改名后的项目")
    assert "改名后的项目" in rows()
