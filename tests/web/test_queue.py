"""Review queues per role, the return reason beside 已退回, clerks reading their own unit's part of a
department's file (page and every report format), and only the reports that apply offered."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from jixiao.web.store import models as m
from jixiao.web.workflow import queue, states
from tests.web.workflow_world import DRAFT_124001, DRAFT_124005

pytestmark = pytest.mark.django_db
S = m.Status
REASON = "预算数与资金支出计划不一致，请核对后重新提交。"


def user(name: str):
    return get_user_model().objects.get(username=name)


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def _text(response) -> str:
    return response.getvalue().decode("utf-8")  # also a report sent as a file (streamed)


def _menu_count(client: Client) -> tuple[str, int] | None:
    html = _text(client.get("/"))
    found = re.search(r'id="queue-link">(待我审核|待我处理)(?: <span class="badge" id="queue-count">(\d+)</span>)?', html)
    return (found.group(1), int(found.group(2) or 0)) if found else None


def _queue_names(client: Client) -> list[str]:
    html = _text(client.get(reverse("workflow:queue")))
    table = html[html.index('id="queue"') :]
    return re.findall(r'<td><a href="/(?:projects|selfevals)/\d+/">([^<]+)</a></td>', table)


def test_each_role_sees_what_waits_for_it(world):
    project = m.Project.objects.get(pk=world["draft_124001"])
    for name in ("reviewer", "bureau", "clerk", "clerk2"):
        assert queue.items(user(name)) == [], name  # nothing submitted or returned yet
    states.transition(user("clerk"), project, "submit")
    assert _queue_names(logged_in("reviewer")) == [DRAFT_124001]
    assert _menu_count(logged_in("reviewer")) == ("待我审核", 1)
    assert _menu_count(logged_in("bureau")) == ("待我审核", 0) and _queue_names(logged_in("bureau")) == []
    assert _menu_count(logged_in("clerk")) == ("待我处理", 0)
    assert _menu_count(logged_in("evaluator")) is None and _menu_count(Client()) is None
    assert _queue_names(logged_in("admin")) == [DRAFT_124001]

    states.transition(user("reviewer"), project, "approve")
    assert _queue_names(logged_in("reviewer")) == []
    assert _queue_names(logged_in("bureau")) == [DRAFT_124001]
    states.transition(user("bureau"), project, "return", reason=REASON)

    assert _menu_count(logged_in("clerk")) == ("待我处理", 1)
    html = _text(logged_in("clerk").get(reverse("workflow:queue")))
    assert DRAFT_124001 in html and f"退回理由：{REASON}" in html and "重新提交" in html
    assert _queue_names(logged_in("clerk2")) == []  # another unit's clerk
    assert _queue_names(logged_in("bureau")) == [] and _queue_names(logged_in("reviewer")) == []


def test_the_public_is_asked_to_log_in_for_the_queue(world):
    response = Client().get(reverse("workflow:queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    html = _text(logged_in("evaluator").get(reverse("workflow:queue")))
    assert "您的角色没有待审核或待处理的记录" in html


def test_the_return_reason_stands_beside_the_status(world):
    project = m.Project.objects.get(pk=world["draft_124001"])
    states.transition(user("clerk"), project, "submit")
    states.transition(user("reviewer"), project, "return", reason=REASON)
    for name in ("clerk", "reviewer", "bureau"):
        client = logged_in(name)
        page = _text(client.get(reverse("pages:project", args=[project.pk])))
        assert re.search(r"已退回</span> <span class=\"return-reason\">退回理由：" + REASON, page), name
        unit_page = _text(client.get(reverse("pages:organisation", args=[project.unit_id])))
        assert f"退回理由：{REASON}" in unit_page, name
    states.transition(user("clerk"), project, "submit")
    page = _text(logged_in("clerk").get(reverse("pages:project", args=[project.pk])))
    assert "退回理由" not in page.split('id="audit')[0]  # resubmitted: no longer beside the status


def test_the_upload_menu_is_offered_only_to_those_who_may_upload(world):
    for name in ("clerk", "reviewer", "bureau", "admin"):
        assert 'href="/upload/"' in _text(logged_in(name).get("/")), name
    assert 'href="/upload/"' not in _text(logged_in("evaluator").get("/"))
    assert 'href="/upload/"' not in _text(Client().get("/"))


def _goals_document() -> m.SourceDocument:
    return m.SourceDocument.objects.get(kind="goal_tables")


def test_a_clerk_reads_their_units_part_of_a_department_file(world):
    sd = _goals_document()
    mine = set(m.Project.objects.filter(source_document=sd, unit__code="124001").values_list("name", flat=True))
    theirs = set(m.Project.objects.filter(source_document=sd).exclude(unit__code="124001").values_list("name", flat=True))
    assert mine and theirs
    client = logged_in("clerk")
    response = client.get(reverse("pages:document", args=[sd.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert "您只能查看本文件中您有权查看的记录" in html
    assert all(name in html for name in mine) and not any(name in html for name in theirs)
    links = re.findall(r'href="(/documents/\d+/reports/[^"]+)"', html)
    assert {link.rsplit(".", 1)[1] for link in links} == {"html", "xlsx", "docx", "pdf"}
    book = client.get(reverse("pages:report", args=[sd.pk, "goal-book", "html"]))
    assert book.status_code == 200
    body = _text(book)
    assert all(name in body for name in mine) and not any(name in body for name in theirs)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_whole_file_stays_closed_to_a_clerk_without_records_in_it_and_to_the_public(world):
    accounts = m.SourceDocument.objects.get(kind="final_accounts")
    m.SelfEvaluation.objects.filter(source_document=accounts).update(status=S.DRAFT)
    sd = _goals_document()
    assert Client().get(reverse("pages:document", args=[sd.pk])).status_code in (302, 403)
    assert logged_in("clerk2").get(reverse("pages:document", args=[sd.pk])).status_code == 200  # 124005 is in it
    assert logged_in("evaluator").get(reverse("pages:document", args=[sd.pk])).status_code == 200  # assigned project
    evaluator = _text(logged_in("evaluator").get(reverse("pages:document", args=[sd.pk])))
    assert DRAFT_124005 in evaluator and DRAFT_124001 not in evaluator
    whole = _text(logged_in("bureau").get(reverse("pages:document", args=[sd.pk])))
    assert "您只能查看本文件中" not in whole and DRAFT_124001 in whole and DRAFT_124005 in whole


def test_only_the_reports_that_apply_are_offered(world):
    client = logged_in("bureau")
    for sd in m.SourceDocument.objects.all():
        html = _text(client.get(reverse("pages:document", args=[sd.pk])))
        links = re.findall(r'href="(/documents/\d+/reports/[^"]+)"', html)
        assert links, sd.kind
        kinds = {link.rsplit("/", 1)[1].split(".")[0] for link in links}
        if sd.kind == "goal_tables":
            assert {"goal-table", "goal-book"} <= kinds and "disclosure" not in kinds and "selfeval-form" not in kinds
        else:
            assert {"disclosure", "selfeval-form"} <= kinds and "goal-table" not in kinds
        for link in links:
            if link.endswith((".html", ".xlsx")):
                assert client.get(link).status_code == 200, link
        refused = client.get(reverse("pages:report", args=[sd.pk, "monitoring-project", "html"]))
        assert refused.status_code == 422 and "无法由此文件生成" in _text(refused)
