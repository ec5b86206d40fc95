"""自评抽查 in the web: the bureau draws a sample of the seed's submitted 2022 self-evaluations
(random with a recorded seed, by amount, by findings), assigns a reviewer, who records 复核分 per
item and 复核意见; the summary sets the self score against the review score. Others only read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web.store import demo
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(imported, django_user_model):
    demo.create_accounts()
    m.SelfEvaluation.objects.filter(year=2022).update(status=m.Status.SUBMITTED)
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def _draw(client, user, **fields):
    client.force_login(user)
    data = {"year": 2022, "size": 3, "department": "", "seed": "", **fields}
    response = client.post("/sampling/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return m.SampleReview.objects.order_by("-id").first()


def _names(review):
    return [i.self_evaluation.project_name for i in review.items.order_by("position")]


def test_random_sample_records_its_seed_and_redraws_the_same(client, users):
    first = _draw(client, users["bureau"], method="random", seed=42)
    again = _draw(client, users["bureau"], method="random", seed=42)
    assert first.seed == 42 and first.population == 12 and first.items.count() == 3
    assert _names(first) == _names(again)
    unseeded = _draw(client, users["bureau"], method="random")
    assert unseeded.seed >= 0  # generated and recorded
    page = client.get(f"/sampling/{first.pk}/").content.decode()
    assert ">42<" in page and "从12份已提交自评表中抽取3份" in page


def test_by_amount_and_by_findings(client, users):
    by_amount = _draw(client, users["bureau"], method="amount")
    assert _names(by_amount) == ["警用服装费", "青岛市公共法律服务中心修缮项目", "国家文物保护专项资金"]
    assert [i.amount for i in by_amount.items.order_by("position")] == [Decimal("499.9735"), 450, 401]
    by_findings = _draw(client, users["reviewer"], method="findings")
    assert _names(by_findings) == ["法治专项业务费", "法律培训费", "法律职业资格考试费"]
    assert [i.errors for i in by_findings.items.order_by("position")] == [3, 3, 3]
    assert by_findings.organisation.name == "青岛市司法局"


def test_assigned_reviewer_records_and_summary_compares(client, users):
    review = _draw(client, users["bureau"], method="amount", size=1)
    item = review.items.get()
    assert item.self_evaluation.project_name == "警用服装费" and item.self_total == Decimal("99.5")
    scores = list(item.scores.order_by("position"))
    assert scores[0].name == "预算执行率" and sum(s.weight for s in scores) == 100
    # the evaluator is not assigned yet: read only
    client.force_login(users["evaluator"])
    assert client.post(f"/sampling/items/{item.pk}/", {}).status_code == 403
    # only the organisation that drew assigns
    client.force_login(users["reviewer"])
    assert client.post(f"/sampling/{review.pk}/", {f"reviewer-{item.pk}": users["reviewer"].pk}).status_code == 403
    client.force_login(users["bureau"])
    client.post(f"/sampling/{review.pk}/", {f"reviewer-{item.pk}": users["evaluator"].pk})
    item.refresh_from_db()
    assert item.reviewer == users["evaluator"]
    client.force_login(users["evaluator"])
    data = {f"score-{s.pk}": str(s.weight) for s in scores}
    data[f"score-{scores[0].pk}"] = "20"  # above its 分值 (10): refused
    assert "应在0至10分之间" in client.post(f"/sampling/items/{item.pk}/", data).content.decode()
    data[f"score-{scores[0].pk}"] = "5"
    data[f"score-{scores[-1].pk}"] = str(scores[-1].weight - 10)
    data["opinion"] = "预算执行率偏低，满意度指标佐证不足。"
    assert client.post(f"/sampling/items/{item.pk}/", data).status_code == 302
    item.refresh_from_db()
    assert item.review_total == Decimal("85") and item.opinion == "预算执行率偏低，满意度指标佐证不足。"
    page = client.get(f"/sampling/{review.pk}/").content.decode()
    assert "-14.50" in page and "良（等级变化）" in page and "等级变化1份" in page
    assert m.AuditEntry.objects.filter(object_type="store.samplereview", action="review").count() == 1


def test_only_bureau_and_department_create_others_read(client, users):
    review = _draw(client, users["bureau"], method="amount")
    client.force_login(users["clerk"])
    assert client.post("/sampling/", {"year": 2022, "size": 1, "method": "random"}).status_code == 403
    assert client.get(f"/sampling/{review.pk}/").status_code == 200
    assert 'id="sampling-form"' not in client.get("/sampling/").content.decode()
    client.logout()
    assert client.get(f"/sampling/{review.pk}/").status_code == 302  # to the login page
