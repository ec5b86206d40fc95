"""Problems from the other sources (jixiao/web/rectification/sources.py), on the seeds in the store:
a finding on seed 000's 警用服装费 promoted by the department reviewer, a red budget light of a
submitted monitoring report of 法律培训费, and a sampling review of 警用服装费's 2022
self-evaluation scored 14.5 points below the self score. Each makes one problem, linked to its
source and owned by the source's unit; a repeat finds the same problem."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web.monitoring import models as mm
from jixiao.web.monitoring.demo import EXAMPLES_DIR, load_examples
from jixiao.web.rectification.models import Problem
from jixiao.web.store import models as m
from tests.web.test_monitoring import post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(world, db, django_user_model):
    """The workflow world (seeds and demo accounts, loaded once for the module)."""
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def test_reviewer_promotes_a_finding_once(client, users):
    p = m.Project.objects.get(name="警用服装费", year=2023)
    client.force_login(users["reviewer"])
    page = client.get(f"/projects/{p.pk}/").content.decode()
    assert 'id="promote-findings"' in page
    from jixiao.web.rectification.sources import promotable

    [key] = [k for f, k in promotable(p) if f.code == "cross-year-target-low"]
    assert f'name="key" value="{key}"' in page
    r = client.post(f"/rectification/projects/{p.pk}/promote/", {"key": key})
    problem = Problem.objects.get(source_key=key)
    assert r.status_code == 302 and r["Location"] == f"/rectification/problems/{problem.pk}/"
    assert (problem.source_kind, problem.unit.code, problem.project_id, problem.status) == (
        "finding", "124001", p.pk, "pending")
    assert problem.title.startswith("项目“警用服装费”2023年指标“警用被服采购数量”的目标≥14500件低于2022年实际完成值36106")
    assert problem.source_link == f"/projects/{p.pk}/" and problem.category == "目标值明显低于上年实际"
    shown = client.get(f"/rectification/problems/{problem.pk}/").content.decode()
    assert f'id="source-link" href="/projects/{p.pk}/"' in shown
    client.post(f"/rectification/projects/{p.pk}/promote/", {"key": key})  # again: the same problem
    assert Problem.objects.filter(source_kind="finding").count() == 1
    assert "已登记为整改问题" in client.get(f"/projects/{p.pk}/").content.decode()


def test_only_managers_promote_and_only_findings_that_exist(client, users):
    p = m.Project.objects.get(name="警用服装费", year=2023)
    client.force_login(users["clerk"])
    assert 'id="promote-findings"' not in client.get(f"/projects/{p.pk}/").content.decode()
    assert client.post(f"/rectification/projects/{p.pk}/promote/", {"key": "x"}).status_code == 403
    client.force_login(users["bureau"])
    r = client.post(f"/rectification/projects/{p.pk}/promote/", {"key": f"finding:{p.pk}:made-up:1:"})
    said = [str(x) for x in r.wsgi_request._messages]
    assert r.status_code == 302 and said == ["该检查发现已不存在（项目可能已修改），请刷新页面。"]
    assert not Problem.objects.exists()


def test_red_light_of_a_submitted_monitoring_report_becomes_one_problem(client, users,
                                                                           django_capture_on_commit_callbacks):
    load_examples(EXAMPLES_DIR)
    p = m.Project.objects.get(name="法律培训费")
    client.force_login(users["clerk"])
    data = post_data(p, "1.00", "9月底", **{"组织培训次数": {"progress": "3次", "expected": "3次"}})
    data.update(budget_causes=["经费保障"], budget_explanation="培训经费拨付延后。", budget_measures="10月集中支付。")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/monitoring/projects/{p.pk}/9/", data).status_code == 302
    assert not Problem.objects.exists()  # a draft: the unit may still change it
    report = mm.MonitoringReport.objects.get(project=p, month=9)
    for _ in range(2):  # submitted, then saved again: one problem
        with django_capture_on_commit_callbacks(execute=True):
            report.status = m.Status.SUBMITTED
            report.save()
    [problem] = Problem.objects.all()
    assert (problem.source_kind, problem.unit.code, problem.title, problem.measures_required) == (
        "monitoring", "124001", "运行监控红灯：预算执行", "10月集中支付。")
    assert problem.source_ref == "2023年9月底运行监控：预算执行红灯" and "12.5" in problem.detail
    assert problem.source_link == f"/monitoring/projects/{p.pk}/9/"


def test_sampling_review_far_from_the_self_score_becomes_a_problem(client, users, django_capture_on_commit_callbacks):
    m.SelfEvaluation.objects.filter(year=2022).update(status=m.Status.SUBMITTED)
    client.force_login(users["bureau"])
    client.post("/sampling/", {"year": 2022, "size": 1, "department": "", "seed": "", "method": "amount"})
    item = m.SampleItem.objects.get()
    client.post(f"/sampling/{item.review_id}/", {f"reviewer-{item.pk}": users["evaluator"].pk})
    scores = list(item.scores.order_by("position"))
    data = {f"score-{s.pk}": str(s.weight) for s in scores}
    client.force_login(users["evaluator"])
    data[f"score-{scores[0].pk}"] = str(scores[0].weight - 1)  # 99 against 99.5: close, no problem
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/sampling/items/{item.pk}/", data).status_code == 302
    assert not Problem.objects.exists()
    data[f"score-{scores[0].pk}"] = "5"
    data[f"score-{scores[-1].pk}"] = str(scores[-1].weight - 10)
    data["opinion"] = "预算执行率偏低，满意度指标佐证不足。"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/sampling/items/{item.pk}/", data).status_code == 302
    [problem] = Problem.objects.all()
    se = item.self_evaluation
    assert (problem.source_kind, problem.unit_id, problem.project_id) == ("sampling", se.unit_id, se.project_id)
    assert problem.title == "自评分与复核分相差14.5分，等级由“优”变为“良”：警用服装费"
    assert problem.detail == "复核意见：预算执行率偏低，满意度指标佐证不足。"
    assert problem.source_link == f"/sampling/items/{item.pk}/" and Decimal(85) == item.__class__.objects.get().review_total
