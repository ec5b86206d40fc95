"""The API of the sampling review (自评抽查) and of the disclosure entries (决算公开补充数据): the same
rules as the pages, on the seed's 2022 self-evaluations and final accounts, with the permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web.store import demo
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def users(imported, django_user_model):
    demo.create_accounts()
    m.SelfEvaluation.objects.filter(year=2022).update(status=m.Status.SUBMITTED)
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def _draw(client, user, **fields):
    client.force_login(user)
    return client.post("/api/sampling", {"year": 2022, "size": 1, "method": "amount", **fields}, content_type=JSON)


def test_sampling_draw_assign_record_and_summary(client, users):
    refused = _draw(client, users["clerk"])
    assert refused.status_code == 403
    created = _draw(client, users["bureau"])
    assert created.status_code == 201, created.content
    review = created.json()
    (item,) = review["items"]
    # the page's draw by amount: the largest 全年预算数 first
    assert (item["project"], item["self_total"], item["amount"]) == ("警用服装费", "99.5", "499.9735")
    scores = item["scores"]
    assert scores[0]["name"] == "预算执行率" and sum(Decimal(s["weight"]) for s in scores) == 100
    assign = f"/api/sampling/{review['id']}/items/{item['id']}/reviewer"
    record = f"/api/sampling/{review['id']}/items/{item['id']}/review"
    client.force_login(users["reviewer"])  # not the organisation that drew
    assert client.put(assign, {"reviewer": "evaluator"}, content_type=JSON).status_code == 403
    client.force_login(users["bureau"])
    assert client.put(assign, {"reviewer": "clerk"}, content_type=JSON).status_code == 422  # not a reviewer role
    assert client.put(assign, {"reviewer": "evaluator"}, content_type=JSON).json()["items"][0]["reviewer"] == "evaluator"
    data = {"scores": {str(s["position"]): s["weight"] for s in scores}, "opinion": "满意度指标佐证不足。"}
    assert client.put(record, data, content_type=JSON).status_code == 403  # the bureau is not the reviewer
    client.force_login(users["evaluator"])
    data["scores"]["1"] = "20"  # above its 分值 10
    too_high = client.put(record, data, content_type=JSON)
    assert too_high.status_code == 422 and "应在0至10分之间" in too_high.json()["error"]
    assert client.put(record, {"scores": {"99": "1"}}, content_type=JSON).status_code == 422
    data["scores"]["1"] = "5"
    last = str(scores[-1]["position"])
    data["scores"][last] = str(Decimal(scores[-1]["weight"]) - 10)
    done = client.put(record, data, content_type=JSON).json()["items"][0]
    assert (done["review_total"], done["difference"], done["self_grade"], done["review_grade"]) == (
        "85", "-14.5", "优", "良")
    assert done["grade_changed"] and done["opinion"] == "满意度指标佐证不足。"
    # every signed-in user reads; anonymous does not
    client.force_login(users["clerk"])
    assert client.get(f"/api/sampling/{review['id']}").json()["items"][0]["review_total"] == "85"
    assert client.get("/api/sampling").json()["count"] == 1
    client.logout()
    assert client.get(f"/api/sampling/{review['id']}").status_code == 401


def test_sampling_refuses_an_empty_year_and_another_departments_scope(client, users):
    assert _draw(client, users["bureau"], year=2031).status_code == 422
    other = m.Organisation.objects.create(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市另一局")
    assert _draw(client, users["reviewer"], department_id=other.pk).status_code == 403


def test_disclosure_entries_read_write_import_and_package(client, users):
    fa = m.FinalAccounts.objects.get(year=2022)
    dept = fa.department
    base = f"/api/disclosure-entries/{dept.pk}"
    client.force_login(users["clerk"])
    assert client.get(f"{base}/2023").status_code == 403
    client.logout()
    assert client.get(f"{base}/2023").status_code == 401
    client.force_login(users["reviewer"])
    empty = client.get(f"{base}/2023").json()
    assert empty["version"] is None and empty["data"]["prior_total"] is None
    imported = client.post(f"{base}/2023/import", {"final_accounts_id": fa.pk}, content_type=JSON)
    assert imported.status_code == 200, imported.content
    body = imported.json()
    # last year's document gives the prior figures (as the page's import)
    assert body["data"]["prior_total"] == "96719.61" and body["data"]["admin_costs_prior"] == "5494.05"
    data = {**body["data"], "equipment": "3", "reasons": {"totals": "人员增加。"}}
    stale = client.put(f"{base}/2023", {"version": body["version"] + 1, "data": data}, content_type=JSON)
    assert stale.status_code == 409
    bad = client.put(f"{base}/2023", {"version": body["version"], "data": {**data, "prior_total": "abc"}},
                     content_type=JSON)
    assert bad.status_code == 422
    saved = client.put(f"{base}/2023", {"version": body["version"], "data": data}, content_type=JSON).json()
    assert saved["data"]["equipment"] == "3" and saved["data"]["reasons"] == {"totals": "人员增加。"}
    assert saved["version"] == body["version"] + 1
    assert client.get(f"{base}/2023/package").status_code == 404  # no 2023 tables in the store
    client.force_login(users["bureau"])
    text = client.get(f"{base}/2022/package").json()["text"]
    assert "部门决算" in text and "预算绩效" in text
