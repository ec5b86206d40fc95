"""自评抽查 in the web: the bureau draws a sample of the seed's submitted 2022 self-evaluations
(random with a recorded seed, by amount, by findings), assigns a reviewer, who records 复核分 per
item and 复核意见; the summary sets the self score against the review score. Others only read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web.pages import sampling
from jixiao.web.store import demo, mapping
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


def test_each_method_shows_its_own_parameters_never_a_seed_it_did_not_use(client, users):
    """A random sample shows its seed; by amount the top-N and the amount threshold (the smallest
    全年预算数 drawn, 401 of 499.9735 / 450 / 401); by findings the error counts that admitted the forms."""
    random_ = _draw(client, users["bureau"], method="random", seed=42)
    by_amount = _draw(client, users["bureau"], method="amount", seed=7)  # a seed typed in is not used
    by_findings = _draw(client, users["bureau"], method="findings")
    assert by_amount.seed == 0 and by_findings.seed == 0
    entry = m.AuditEntry.objects.filter(object_type="store.samplereview", object_id=str(by_amount.pk)).get()
    assert "随机种子" not in str(entry.changes)

    page = client.get(f"/sampling/{random_.pk}/").content.decode()
    assert '随机种子：<span id="seed" class="term">42</span>' in page and "以随机种子从可抽取的自评表中随机抽取3份" in page

    page = client.get(f"/sampling/{by_amount.pk}/").content.decode()
    assert "随机种子" not in page and 'id="seed"' not in page
    amounts = [i.amount for i in by_amount.items.order_by("position")]
    assert amounts == [Decimal("499.9735"), 450, 401]
    assert '抽取：<span class="term">前3份</span>' in page
    assert '入选门槛：<span class="term">全年预算数≥401</span>' in page
    assert '入选金额：<span class="term">401–499.9735</span>' in page
    assert "抽取规则：按全年预算数从大到小抽取前3份" in page
    drawn = {i.self_evaluation_id for i in by_amount.items.all()}
    left = [mapping.selfeval_to_model(se).total_line for se in sampling.candidates_of(users["bureau"], 2022, None)
            if se.pk not in drawn]
    left_amounts = [line.adjusted.value for line in left if line is not None and line.adjusted is not None]
    assert len(left) == 9 and left_amounts and max(left_amounts) <= 401  # the threshold holds for those left out

    page = client.get(f"/sampling/{by_findings.pk}/").content.decode()
    errors = [i.errors for i in by_findings.items.order_by("position")]
    warnings = [i.warnings for i in by_findings.items.order_by("position")]
    assert "随机种子" not in page
    assert f'入选条件：<span class="term">错误≥{min(errors)}个</span>' in page
    spread = str(min(warnings)) if min(warnings) == max(warnings) else f"{min(warnings)}–{max(warnings)}"
    assert f'警告数：<span class="term">{spread}个</span>' in page
    assert "错误多的优先，错误数相同时警告多的优先" in page

    listing = client.get("/sampling/").content.decode()
    assert "<th>抽样参数</th>" in listing and "<th class=\"num\">随机种子</th>" not in listing
    assert '<td class="terms">随机种子 42</td>' in listing
    assert '<td class="terms">抽取 前3份；入选门槛 全年预算数≥401；入选金额 401–499.9735</td>' in listing

    api = client.get(f"/api/sampling/{by_amount.pk}").json()
    assert api["seed"] is None and api["terms"]["params"]["入选门槛"] == "全年预算数≥401"
    assert client.get(f"/api/sampling/{random_.pk}").json()["seed"] == 42
