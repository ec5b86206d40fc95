"""Target review (审核意见, 评分, 批复) and the indicator library, on the workflow world (seed 000's 2023
target tables as drafts, seed 002's 2022 final accounts): the legal-aid centre's 法律援助及12348业务费
is submitted, reviewed with opinions pre-filled from the checks, returned with them, approved by the
department and the bureau into a frozen 批复表; the library built from the seeds suggests indicators.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client

from jixiao.web.review import flow, library
from jixiao.web.review.models import Approval, LibraryEntry
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, states
from tests.conftest import ACCOUNTS
from tests.web.test_api import token_for
from tests.web.workflow_world import DRAFT_124005, PASSWORDS


def user(username: str):
    return m.Profile.objects.get(user__username=username).user


def login(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORDS[username])
    return c


@pytest.fixture
def submitted(world, db):
    p = m.Project.objects.get(name=DRAFT_124005)
    return states.transition(user("clerk2"), p, "submit")


def full_points(share: str) -> dict[str, str]:
    return {p.code: format(p.points * D(share), "f") for p in flow.scheme().points}


def test_checks_findings_are_prefilled_as_suggestions(submitted):
    rows, overall = flow.form_rows(submitted, None)
    suggested = {(r["ind"].name, c["code"]): c["suggested"] for r in rows for c in r["checks"] if c["suggested"]}
    assert len(rows) == 9 and suggested[("全年发放办案补贴低于140万元", "basis")] == "未填写指标值确定依据"
    assert [k for k in suggested if k[1] != "basis"] == [("援助案件优良率大于20%", "last_year")]
    assert suggested[("援助案件优良率大于20%", "last_year")].endswith(
        f"高于2022年实际完成值10%（{ACCOUNTS}第1179行“法律援助办案质量优良率”）的150.0%（为其200.0%）")
    assert all(not c["ok"] for r in rows for c in r["checks"] if c["suggested"])  # a suggestion = 不符合
    assert overall[0].startswith("项目“法律援助及12348业务费”有9个指标未填写指标值确定依据：全部指标")


@pytest.mark.parametrize("username", ["clerk2", "clerk", "bureau", "evaluator"])
def test_only_the_current_stage_reviews(submitted, username):
    with pytest.raises(flow.ReviewError) as exc:
        flow.save_review(user(username), submitted, "意见", {}, {})
    assert exc.value.status == 403


def test_review_returned_with_the_opinions_and_shown_where_the_clerk_edits(submitted):
    reviewer = login("reviewer")
    post = {"opinion": "请细化量化指标", "version": submitted.version, "bad-0-basis": "1",
            "op-0-basis": "补充依据：近三年案件数", **{f"pt-{k}": v for k, v in full_points("0.7").items()}}
    assert reviewer.post(f"/review/projects/{submitted.pk}/", post).status_code == 302
    review = submitted.target_reviews.get()
    assert (review.score, review.grade) == (D("70.00"), "中")
    first = submitted.indicators.order_by("position", "id").first()
    assert review.opinions.get(position=0).checks["basis"] == {"ok": False, "text": "补充依据：近三年案件数"}
    r = reviewer.post(f"/review/projects/{submitted.pk}/return/", {"version": submitted.version})
    assert r.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == m.Status.RETURNED
    reason = flow.reason_text(review)
    assert reason.startswith("请细化量化指标\n") and "审核评分70.00分，等级“中”" in reason
    assert reason.splitlines()[1:] == [
        f"指标“{first.name}”（{first.target_raw}）：指标值是否有确定依据：补充依据：近三年案件数",
        "审核评分70.00分，等级“中”。",
    ]
    assert audit.return_reason(submitted) == reason
    page = login("clerk2").get(f"/projects/{submitted.pk}/edit/").content.decode()
    assert 'id="review-opinions"' in page and "补充依据：近三年案件数" in page and "70.00分 · 中" in page


def test_points_out_of_range_are_refused(submitted):
    points = full_points("1")
    points["standard"] = "11"
    with pytest.raises(flow.ReviewError) as exc:
        flow.save_review(user("reviewer"), submitted, "", points, {})
    assert "“完整性—规范完整性”的得分应在0至10分之间" in exc.value.message


def test_bureau_approval_freezes_the_approval_table(submitted):
    assert flow.approve(user("reviewer"), submitted) is None  # 主管部门审核通过: no 批复 yet
    submitted.refresh_from_db()
    c = Client()
    r = c.post(f"/api/review/projects/{submitted.pk}/approve", {"version": submitted.version, "number": "青财绩批〔2023〕1号"},
               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token_for('bureau')}")
    assert r.status_code == 200, r.content.decode()
    body = r.json()
    assert body["status"] == "财政局已审核" and body["approval"]["number"] == "青财绩批〔2023〕1号"
    a = Approval.objects.get(pk=body["approval"]["id"])
    names = [i["name"] for i in a.snapshot["indicators"]]
    assert a.amount == submitted.budget and names == list(submitted.indicators.order_by("position", "id").values_list("name", flat=True))
    submitted.indicators.filter(name=names[0]).update(name="改过的指标")  # a later edit
    a.refresh_from_db()
    assert a.snapshot["indicators"][0]["name"] == names[0]
    page = login("clerk2").get(f"/review/approvals/{a.pk}/").content.decode()
    assert "绩效目标批复表" in page and names[0] in page
    assert login("clerk").get(f"/review/approvals/{a.pk}/").status_code == 404  # another unit's clerk


def test_library_built_from_the_seeds_suggests_indicators(world, db):
    assert library.rebuild() > 50
    e = LibraryEntry.objects.get(name="警用被服采购数量")
    assert (e.level1, e.level2, e.project_count, e.typical) == ("产出指标", "数量指标", 1, e.values[0][0])
    assert e.typical.startswith("≥14500")
    found = library.suggest("法律援助", "产出指标", "")
    assert found and all("法律援助" in s["name"] or "法律援助" in s["level2"] for s in found)
    assert found[0]["hint"].startswith(found[0]["level2"]) and "个项目使用" in found[0]["hint"]
    r = login("clerk2").get("/review/library/suggest/", {"ind_name": "警用被服", "ind_level1": "产出指标"})
    assert "<option value=\"警用被服采购数量\">数量指标 · 1个项目使用 · 常见值 ≥14500" in r.content.decode()
    r = Client().get("/api/review/library/suggest", {"name": "被服"}, HTTP_AUTHORIZATION=f"Bearer {token_for('clerk2')}")
    assert "警用被服采购数量" in [s["name"] for s in r.json()["suggestions"]]
    assert Client().get("/review/library/suggest/", {"ind_name": "被服"}).status_code == 302  # login first


@pytest.mark.parametrize("username,status", [("bureau", 302), ("reviewer", 403), ("clerk2", 403)])
def test_only_the_bureau_rebuilds_the_library(world, db, username, status):
    assert login(username).post("/review/library/").status_code == status
