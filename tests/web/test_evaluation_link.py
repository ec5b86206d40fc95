"""Linking an evaluation of the workspace to a stored evaluation report in the browser (and the API's
same step): the commissioning body links the seed's finance evaluation report, after which the score
table shows the report's published scores beside the computed ones (92.13 against 90.63's table as the
CLI compares them); unlinking removes them; the evaluator, other units and anyone after submission may
not; a report the user may not read cannot be linked."""

from __future__ import annotations

import pytest

from jixiao.web.evaluations.models import EvaluationWork
from jixiao.web.store import models as m
from tests.web.test_evaluation_work import api, users  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TITLE = "2022年度法律援助及12348业务费财政绩效评价"


@pytest.fixture
def work(client, users):  # noqa: F811
    """Created by the bureau without a linked report; the evaluator builds the legal-aid scheme and
    enters 预算执行率."""
    client.force_login(users["bureau"])
    project = users["evaluator"].profile.assigned_projects.get()
    resp = api(client, "post", "/api/evaluation-work", {"kind": "finance", "title": TITLE, "year": 2022,
                                                         "projects": [project.pk], "evaluators": ["evaluator"]})
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    client.force_login(users["evaluator"])
    client.post(f"/evaluation-work/{pk}/template/", {"template": "qingdao-legal-aid-2022"})
    api(client, "put", f"/api/evaluation-work/{pk}/measurements/预算执行率", {"actual_of": ["368.89", "378.5"]})
    return EvaluationWork.objects.get(pk=pk)


def report():
    return m.Evaluation.objects.get(kind="finance", source_document__isnull=False)  # the seed's


def test_the_bureau_links_the_stored_report_on_the_page_and_the_scores_are_compared(client, users, work):  # noqa: F811
    client.force_login(users["bureau"])
    page = client.get(f"/evaluation-work/{work.pk}/").content.decode()
    assert 'id="link-form"' in page and "未关联" in page
    assert f'<option value="{report().pk}">2022年 · {report().title}' in page
    score = api(client, "get", f"/api/evaluation-work/{work.pk}/score").json()
    assert score["published_total"] is None
    assert "<th>报告所载</th>" not in page

    resp = client.post(f"/evaluation-work/{work.pk}/document/",
                       {"document_evaluation": str(report().pk), "version": str(work.version)}, follow=True)
    page = resp.content.decode()
    assert f"已关联评价报告《{report().title}》，评分表将对照其所载得分。" in page
    assert f"<strong>《{report().title}》</strong>（2022年，等级“优”）" in page
    assert f'<option value="{report().pk}" selected>' in page
    assert "<th>报告所载</th>" in page
    score = api(client, "get", f"/api/evaluation-work/{work.pk}/score").json()
    assert score["published_total"] == "92.13"
    row = next(i for i in score["items"] if i["name"] == "预算执行率")
    assert row["published_score"] is not None
    entry = m.AuditEntry.objects.filter(object_type="evaluations.evaluationwork", object_id=str(work.pk)).first()
    assert entry is not None and "document_evaluation" in entry.changes

    work.refresh_from_db()
    resp = client.post(f"/evaluation-work/{work.pk}/document/", {"document_evaluation": "",
                                                                 "version": str(work.version)}, follow=True)
    page = resp.content.decode()
    assert "已取消关联评价报告。" in page and "<th>报告所载</th>" not in page
    assert EvaluationWork.objects.get(pk=work.pk).document_evaluation is None


def test_a_stale_form_is_refused(client, users, work):  # noqa: F811
    client.force_login(users["bureau"])
    resp = client.post(f"/evaluation-work/{work.pk}/document/",
                       {"document_evaluation": str(report().pk), "version": str(work.version - 1)}, follow=True)
    assert "该评价已被他人修改，请刷新后再保存。" in resp.content.decode()
    assert EvaluationWork.objects.get(pk=work.pk).document_evaluation is None


def test_the_evaluator_and_others_may_not_link(client, users, work):  # noqa: F811
    client.force_login(users["evaluator"])
    page = client.get(f"/evaluation-work/{work.pk}/").content.decode()
    assert 'id="link-form"' not in page and "未关联" in page
    resp = client.post(f"/evaluation-work/{work.pk}/document/", {"document_evaluation": str(report().pk)})
    assert resp.status_code == 403
    resp = api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": report().pk})
    assert resp.status_code == 403 and resp.json()["error"] == "只有委托方（财政局或主管部门）可以关联已发布的评价报告。"
    assert api(client, "get", f"/api/evaluation-work/{work.pk}").json()["can_link"] is False
    for name in ("clerk", "reviewer"):  # not the commissioning body: the draft is not theirs to see
        client.force_login(users[name])
        assert client.post(f"/evaluation-work/{work.pk}/document/", {"document_evaluation": ""}).status_code == 404
        assert api(client, "put", f"/api/evaluation-work/{work.pk}/document", {}).status_code == 404
    assert EvaluationWork.objects.get(pk=work.pk).document_evaluation is None


def test_the_api_links_unlinks_and_refuses_an_unreadable_or_unknown_report(client, users, work):  # noqa: F811
    client.force_login(users["bureau"])
    resp = api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": report().pk})
    assert resp.status_code == 200 and resp.json()["can_link"] is True
    assert resp.json()["document_evaluation"] == {"id": report().pk, "title": report().title, "year": 2022,
                                                  "grade": "优"}
    assert resp.json()["score"]["published_total"] == "92.13"
    missing = api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": 10**9})
    assert missing.status_code == 422 and missing.json()["error"] == "所选评价报告不存在，或您无权查看。"
    resp = api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": None})
    assert resp.status_code == 200 and resp.json()["document_evaluation"] is None

    # a department reviewer commissions their own evaluation; a report of a unit outside their department
    other = m.Organisation.objects.create(kind=m.Organisation.Kind.UNIT, code="999001", name="其他单位")
    hidden = m.Evaluation.objects.create(kind="finance", title="其他单位的评价报告", year=2022, evaluated_unit=other)
    client.force_login(users["reviewer"])
    project = users["evaluator"].profile.assigned_projects.get()
    body = {"title": "部门评价", "year": 2022, "kind": "department", "projects": [project.pk]}
    refused = api(client, "post", "/api/evaluation-work", {**body, "document_evaluation": hidden.pk})
    assert refused.status_code == 422 and refused.json()["error"] == "所选评价报告不存在，或您无权查看。"
    own = api(client, "post", "/api/evaluation-work", body).json()["id"]
    page = client.get(f"/evaluation-work/{own}/").content.decode()
    assert 'id="link-form"' in page and report().title in page and "其他单位的评价报告" not in page
    resp = client.post(f"/evaluation-work/{own}/document/", {"document_evaluation": str(hidden.pk),
                                                            "version": "1"}, follow=True)
    assert "所选评价报告不存在，或您无权查看。" in resp.content.decode()
    assert EvaluationWork.objects.get(pk=own).document_evaluation is None


def test_no_link_change_after_submission(client, users, work):  # noqa: F811
    client.force_login(users["bureau"])
    api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": report().pk})
    EvaluationWork.objects.filter(pk=work.pk).update(status=m.Status.SUBMITTED)
    page = client.get(f"/evaluation-work/{work.pk}/").content.decode()
    assert 'id="link-form"' not in page and f"《{report().title}》" in page
    resp = api(client, "put", f"/api/evaluation-work/{work.pk}/document", {"document_evaluation": None})
    assert resp.status_code == 403
    assert resp.json()["error"] == "评价当前为“已提交”，不能再修改关联的评价报告（退回后才能修改）。"
