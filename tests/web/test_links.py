"""Forms and reports ↔ projects by normalised name (one normaliser in the core), guesses confirmed
or corrected by a person; the evaluator reaches the finance evaluation of their assigned project."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from jixiao.model.names import name_match, normalise_name, project_key
from jixiao.web.store import links
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions
from tests.web.workflow_world import DRAFT_124005

pytestmark = pytest.mark.django_db


def user(name: str):
    return get_user_model().objects.get(username=name)


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def test_the_normaliser():
    assert normalise_name("法律援助及 12348 业务费") == "法律援助及12348业务费"
    assert normalise_name("法律援助及１２３４８业务费（二期）") == "法律援助及12348业务费(二期)"
    assert project_key("法律援助及12348热线") == project_key("法律援助及 12348 业务费") == "法律援助及12348"
    assert project_key("普法人民监督员涉法涉诉专项经费") == project_key("普法人民监督员涉法涉诉经费")
    assert name_match("法律援助及 12348 业务费", "法律援助及12348业务费") == "exact"
    assert name_match("法律援助及12348热线", "法律援助及12348业务费") == "similar"
    assert name_match("法律培训费", "法治专项业务费") is None
    assert name_match("", "") is None


def _finance(unpublished: bool = False) -> m.Evaluation:
    """The finance evaluation; ``unpublished``: its final accounts made drafts again (not public)."""
    if unpublished:
        m.SelfEvaluation.objects.update(status=m.Status.DRAFT)
    return m.Evaluation.objects.get(kind="finance")


def test_imports_link_forms_and_reports_to_the_projects(world):
    project = m.Project.objects.get(pk=world["draft_124005"])
    finance = _finance()
    assert finance.project_name == "法律援助及12348热线"
    assert (finance.project_id, finance.project_link) == (project.pk, m.Link.GUESS)
    department = m.Evaluation.objects.get(kind="department")
    assert (department.project_id, department.project_link) == (project.pk, m.Link.AUTO)
    form = m.SelfEvaluation.objects.get(project_name="法律援助及 12348 业务费")
    assert (form.project_id, form.project_link) == (project.pk, m.Link.AUTO)
    renamed = m.SelfEvaluation.objects.get(project_name="普法人民监督员涉法涉诉专项经费")
    assert renamed.project.name == "普法人民监督员涉法涉诉经费" and renamed.project_link == m.Link.GUESS
    unknown = m.SelfEvaluation.objects.get(project_name="国家文物保护专项资金")
    assert (unknown.project_id, unknown.project_link) == (None, m.Link.NONE)


def test_the_evaluator_reaches_the_finance_evaluation_of_the_assigned_project(world):
    finance = _finance(unpublished=True)
    assert permissions.can_view(user("evaluator"), finance) and permissions.can_evaluate(user("evaluator"), finance)
    page = logged_in("evaluator").get(reverse("pages:evaluation", args=[finance.pk]))
    assert page.status_code == 200
    project_page = logged_in("evaluator").get(reverse("pages:project", args=[world["draft_124005"]]))
    assert "法律援助及12348热线" in project_page.content.decode("utf-8")
    assert not permissions.can_view(user("clerk"), finance)  # another unit's clerk


def test_a_person_confirms_or_corrects_an_uncertain_link(world):
    finance = _finance(unpublished=True)
    assert permissions.can_view(user("evaluator"), finance)
    reviewer = logged_in("reviewer")
    html = reviewer.get(reverse("pages:links")).content.decode("utf-8")
    assert "法律援助及12348热线" in html and "待确认（名称相近）" in html and "（名称相近）" in html
    assert "国家文物保护专项资金" in html  # without a project: to be chosen
    other = m.Project.objects.get(name="公共法律服务中心建设运行费")
    response = reviewer.post(reverse("pages:link_set", args=["evaluation", finance.pk]), {"project": other.pk})
    assert response.status_code == 302
    finance.refresh_from_db()
    assert (finance.project_id, finance.project_link) == (other.pk, m.Link.CONFIRMED)
    entry = m.AuditEntry.objects.get(object_type="store.evaluation", object_id=str(finance.pk), action="link")
    assert entry.changes["project_link"] == ["guess", "confirmed"] and entry.user.username == "reviewer"
    links.link_all()  # a later import does not undo a person's decision
    finance.refresh_from_db()
    assert finance.project_id == other.pk
    after = reviewer.get(reverse("pages:links")).content.decode("utf-8")
    assert "已" in after.split('id="links"')[0]  # the confirmation of the decision (the layout's message)
    assert "法律援助及12348热线" not in after.split('id="links"', 1)[1]  # no longer waiting in the table
    assert not permissions.can_view(user("evaluator"), finance)  # no longer their project's report
    reviewer.post(reverse("pages:link_set", args=["evaluation", finance.pk]), {"project": ""})
    finance.refresh_from_db()
    assert (finance.project_id, finance.project_link) == (None, m.Link.CONFIRMED)


def test_who_may_decide_on_links(world):
    finance = _finance()
    url = reverse("pages:link_set", args=["evaluation", finance.pk])
    project = m.Project.objects.get(pk=world["draft_124005"])
    for name in ("clerk", "clerk2", "evaluator"):
        assert logged_in(name).get(reverse("pages:links")).status_code == 403, name
        assert logged_in(name).post(url, {"project": project.pk}).status_code == 403, name
    assert Client().post(url, {"project": project.pk}).status_code == 302  # to the login
    for name in ("reviewer", "bureau", "admin"):
        assert logged_in(name).get(reverse("pages:links")).status_code == 200, name
    elsewhere = m.Project.objects.exclude(unit_id=finance.evaluated_unit_id).first()
    assert logged_in("bureau").post(url, {"project": elsewhere.pk}).status_code == 403  # another unit's project
    finance.refresh_from_db()
    assert finance.project_link == m.Link.GUESS
    assert project.name == DRAFT_124005

