"""部门整体绩效目标 through the projects' workflow (issue 18, item 2): entered by the clerk of the
department's own-level unit, submitted, returned with a reason, resubmitted, approved by the
department's reviewer and the bureau, published; who may do what (a clerk of another department or
another unit cannot); the review queues; the audit trail; the API; the 部门整体 self-evaluation made
from approved targets only and scored under the 部门整体 scheme by default."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.monitor.department_selfeval import accounts_execution
from jixiao.rules.schemes import DEPARTMENT_SELF_SCHEME, load_scheme
from jixiao.web.store import demo
from jixiao.web.store import models as m
from jixiao.web.workflow import queue, states

pytestmark = pytest.mark.django_db
DEPARTMENT = "青岛市司法局"
ENTRY = {
    "overall_goal": "推进法治政府建设，提升公共法律服务水平。",
    "duties": "统筹全市法治建设\n指导公共法律服务",
    "funds": "财政拨款=90000\n其他资金=5000",
    "indicators": "产出指标|数量指标|法律援助案件数|≥2000件|计划标准\n"
                  "产出指标|质量指标|法律援助案件结案率|≥95%|计划标准\n"
                  "效益指标|社会效益指标|公共法律服务覆盖率|100%|\n"
                  "满意度指标|服务对象满意度指标|群众满意度|≥90%|",
}
API_ENTRY = {
    "overall_goal": ENTRY["overall_goal"], "duties": ["统筹全市法治建设", "指导公共法律服务"],
    "funds": [{"source": "财政拨款", "amount": "90000"}, {"source": "其他资金", "amount": "5000"}],
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "法律援助案件数", "target": "≥2000件", "basis": "计划标准"},
        {"level1": "产出指标", "level2": "质量指标", "name": "法律援助案件结案率", "target": "≥95%"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "公共法律服务覆盖率", "target": "100%"},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度", "target": "≥90%"},
    ],
}


@pytest.fixture
def users(imported, django_user_model):
    """The demo's accounts, plus a clerk and a reviewer of another department (青岛市民政局)."""
    demo.create_accounts()
    bureau = m.Organisation.objects.get(kind=m.Organisation.Kind.BUREAU)
    other = m.Organisation.objects.create(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市民政局", parent=bureau)
    own = m.Organisation.objects.create(kind=m.Organisation.Kind.UNIT, name="青岛市民政局本级", code="131001",
                                        parent=other)
    for username, role, org in (("other_clerk", m.Role.UNIT_CLERK, own),
                                ("other_reviewer", m.Role.DEPARTMENT_REVIEWER, other)):
        user = django_user_model.objects.create_user(username, password="x")
        m.Profile.objects.create(user=user, role=role, organisation=org)
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def _dept() -> m.Organisation:
    return m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name=DEPARTMENT)


def _url(year: int = 2022) -> str:
    return f"/departments/{_dept().pk}/targets/{year}/"


def _entered(client, users) -> m.DepartmentTargets:
    client.force_login(users["clerk"])
    assert client.post(_url(), ENTRY).status_code == 302
    return m.DepartmentTargets.objects.get(department=_dept(), year=2022)


def _move(client, row: m.DepartmentTargets, action: str, **data) -> int:
    row.refresh_from_db()
    status = client.post(f"/workflow/departmenttargets/{row.pk}/{action}/", {"version": row.version, **data}).status_code
    row.refresh_from_db()
    return status


def test_each_transition_by_role_with_the_audit_trail(client, users):
    row = _entered(client, users)
    assert (row.status, row.unit.code, row.unit.name) == (m.Status.DRAFT, "124001", "青岛市司法局本级")
    page = client.get(_url()).content.decode()
    assert 'data-action="submit"' in page and "草稿" in page and 'id="dept-form"' in page
    _move(client, row, "submit")
    assert row.status == m.Status.SUBMITTED
    assert client.post(_url(), {**ENTRY, "version": row.version}).status_code == 403  # read-only once submitted

    client.force_login(users["reviewer"])
    page = client.get(_url()).content.decode()
    assert 'data-action="return"' in page and 'data-action="approve"' in page and 'id="dept-form"' not in page
    assert _move(client, row, "return", reason="") in (302, 303) and row.status == m.Status.SUBMITTED  # needs a reason
    _move(client, row, "return", reason="群众满意度指标值应量化到百分比，案件数请写明依据。")
    assert row.status == m.Status.RETURNED

    client.force_login(users["clerk"])
    page = client.get(_url()).content.decode()
    assert "群众满意度指标值应量化到百分比" in page and 'data-action="submit"' in page  # 重新提交
    edited = {**ENTRY, "version": row.version, "indicators": ENTRY["indicators"].replace("≥2000件|计划标准",
                                                                                       "≥2000件|2021年实际1890件")}
    assert client.post(_url(), edited).status_code == 302
    _move(client, row, "submit")
    assert row.status == m.Status.SUBMITTED
    client.force_login(users["reviewer"])
    _move(client, row, "approve")
    assert row.status == m.Status.DEPT_APPROVED
    client.force_login(users["bureau"])
    _move(client, row, "approve")
    assert row.status == m.Status.BUREAU_APPROVED
    _move(client, row, "publish")
    assert row.status == m.Status.PUBLISHED

    entries = m.AuditEntry.objects.filter(object_type="store.departmenttargets", object_id=str(row.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "submit", "return", "edit", "submit", "approve", "approve",
                                           "publish"]
    assert entries[2].reason == "群众满意度指标值应量化到百分比，案件数请写明依据。"
    assert "2021年实际1890件" in str(entries[3].changes)
    client.logout()  # public once published: the page (no buttons) and the API
    page = client.get(_url()).content.decode()
    assert "法律援助案件数" in page and "已公开" in page and "data-action" not in page and "操作记录" not in page
    assert client.get(f"/api/department-targets/{row.pk}").json()["status"] == "published"


def test_who_may_not(client, users):
    row = _entered(client, users)
    for name in ("other_clerk", "other_reviewer", "clerk2", "evaluator"):
        client.force_login(users[name])
        assert client.get(_url()).status_code == 403, name
        assert client.post(_url(), {**ENTRY, "version": row.version}).status_code == 403, name
        assert _move(client, row, "submit") == 403 and row.status == m.Status.DRAFT, name
    client.force_login(users["reviewer"])  # reviews, never enters or submits
    assert client.post(_url(), {**ENTRY, "version": row.version}).status_code == 403
    assert _move(client, row, "submit") == 403
    client.force_login(users["clerk"])
    _move(client, row, "submit")
    for name in ("other_reviewer", "clerk", "other_clerk"):
        client.force_login(users[name])
        assert _move(client, row, "approve") == 403 and row.status == m.Status.SUBMITTED, name
    client.force_login(users["bureau"])  # the bureau acts after the department, not before
    assert _move(client, row, "approve") == 403 and row.status == m.Status.SUBMITTED
    # nobody outside the department (or the public) reads a draft of it
    client.logout()
    assert client.get(_url()).status_code == 302  # to the login page
    assert client.get(f"/api/department-targets/{row.pk}").status_code == 401
    client.force_login(users["other_reviewer"])
    assert client.get(f"/api/department-targets/{row.pk}").status_code == 404
    assert client.get("/api/department-targets").json() == []


def test_the_queues_list_them(client, users):
    row = _entered(client, users)
    states.transition(users["clerk"], row, "submit")
    waiting = [it for it in queue.items(users["reviewer"]) if it.kind == "departmenttargets"]
    assert [(it.record.pk, it.kind_label, it.name) for it in waiting] == [
        (row.pk, "部门整体绩效目标表", "青岛市司法局部门整体绩效目标")]
    assert [it for it in queue.items(users["other_reviewer"]) if it.kind == "departmenttargets"] == []
    client.force_login(users["reviewer"])
    page = client.get("/workflow/queue/").content.decode()
    assert "青岛市司法局部门整体绩效目标" in page and _url() in page
    states.transition(users["reviewer"], row, "return", reason="请补充指标值确定依据。")
    assert [it.reason for it in queue.items(users["clerk"]) if it.kind == "departmenttargets"] == ["请补充指标值确定依据。"]
    states.transition(users["clerk"], row, "submit")
    states.transition(users["reviewer"], row, "approve")
    assert [it.record.pk for it in queue.items(users["bureau"]) if it.kind == "departmenttargets"] == [row.pk]


def test_api_create_read_update_and_every_transition(client, users):
    dept = _dept()
    body = {"department_id": dept.pk, "year": 2022, **API_ENTRY}
    client.force_login(users["reviewer"])
    assert client.post("/api/department-targets", body, content_type="application/json").status_code == 403
    client.force_login(users["clerk"])
    created = client.post("/api/department-targets", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    pk = data["id"]
    assert (data["unit"]["code"], data["total_funds"], data["status"], data["can_edit"]) == ("124001", "95000",
                                                                                           "draft", True)
    assert [i["target"] for i in data["indicators"]] == ["≥2000件", "≥95%", "100%", "≥90%"]
    assert [a["code"] for a in data["allowed_actions"]] == ["submit"]
    again = client.post("/api/department-targets", body, content_type="application/json")
    assert again.status_code == 409
    bad = client.put(f"/api/department-targets/{pk}", {**API_ENTRY, "version": data["version"],
                                                       "funds": [{"source": "财政拨款", "amount": "九万"}]},
                     content_type="application/json")
    assert bad.status_code == 400 and "九万" in bad.json()["error"]
    changed = {**API_ENTRY, "version": data["version"], "funds": [{"source": "财政拨款", "amount": "91000"}]}
    saved = client.put(f"/api/department-targets/{pk}", changed, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["total_funds"] == "91000"
    stale = client.put(f"/api/department-targets/{pk}", changed, content_type="application/json")
    assert stale.status_code == 409
    version = saved.json()["version"]

    def move(user: str, action: str, **extra) -> dict:
        nonlocal version
        client.force_login(users[user])
        response = client.post(f"/api/department-targets/{pk}/transitions/{action}", {"version": version, **extra},
                               content_type="application/json")
        if response.status_code == 200:
            version = response.json()["version"]
        return {"code": response.status_code, **response.json()}

    assert move("other_clerk", "submit")["code"] == 404
    assert move("clerk", "submit")["status"] == "submitted"
    assert move("reviewer", "return")["code"] == 400
    assert move("reviewer", "return", reason="资金来源请按决算口径填写。")["status"] == "returned"
    assert move("clerk", "submit")["status"] == "submitted"
    assert move("reviewer", "approve")["status"] == "dept_approved"
    assert move("bureau", "approve")["status"] == "bureau_approved"
    assert move("bureau", "publish")["status"] == "published"
    trail = client.get(f"/api/department-targets/{pk}/audit").json()
    assert [e["action"] for e in reversed(trail)] == ["create", "edit", "submit", "return", "submit", "approve",
                                                      "approve", "publish"]
    client.logout()
    listed = client.get(f"/api/department-targets?department_id={dept.pk}&year=2022").json()
    assert [r["id"] for r in listed] == [pk]


def test_self_evaluation_from_approved_targets_only(client, users):
    row = _entered(client, users)
    client.force_login(users["clerk"])
    new = f"/departments/{_dept().pk}/selfeval/2022/new/"
    assert "审核通过后才能生成" in client.get(new).content.decode()
    assert client.post(new, {}).status_code == 403
    api = client.post("/api/department-self-evaluations", {"department_id": _dept().pk, "year": 2022},
                      content_type="application/json")
    assert api.status_code == 409 and "审核通过后" in api.json()["error"]
    states.transition(users["clerk"], row, "submit")
    assert client.post(new, {}).status_code == 403  # submitted is not approved
    states.transition(users["reviewer"], row, "approve")
    page = client.get(new).content.decode()
    assert "部门整体支出绩效自评（财预〔2020〕10号）" in page.split("<option")[1]  # the 部门整体 scheme first
    assert client.post(new, {}).status_code == 302
    se = m.SelfEvaluation.objects.get(department_wide=True)
    assert se.scheme == DEPARTMENT_SELF_SCHEME and se.department_targets_id == row.pk


def _expected_total(scheme_name: str, accounts_doc) -> tuple[Decimal, str | None]:
    """The seed department's 部门整体 form scored by hand from the scheme's own weights and formulas:
    预算执行率 min(全年执行数 ÷ 全年预算数, 1) × its weight, each indicator proportional (≥: B/A)."""
    scheme = load_scheme(scheme_name)
    weights = scheme.weight_set_for({"产出指标", "效益指标", "满意度指标"}).weights
    executed, _ = accounts_execution(accounts_doc.accounts)
    execution = weights["预算执行率"] * min(executed["年度资金总额"] / Decimal(95000), Decimal(1))
    output = weights["产出指标"] / 2 * (Decimal(1800) / Decimal(2000)) + weights["产出指标"] / 2  # 1800件 of ≥2000件; 96% of ≥95%
    effect = weights["效益指标"]  # 100% of 100%
    satisfaction = weights["满意度指标"] * Decimal(85) / Decimal(90)  # 85% of ≥90%
    total = round(execution + output + effect + satisfaction, 2)
    return total, scheme.grade(total)


def test_the_seed_departments_form_is_scored_under_the_department_scheme(client, users, accounts_doc):
    row = _entered(client, users)
    states.transition(users["clerk"], row, "submit")
    states.transition(users["reviewer"], row, "approve")
    client.force_login(users["clerk"])
    created = client.post("/api/department-self-evaluations", {"department_id": _dept().pk, "year": 2022},
                          content_type="application/json").json()
    assert created["scheme"] == DEPARTMENT_SELF_SCHEME
    assert [(f["name"], f["executed"], f["rate"]) for f in created["funds"]] == [
        ("年度资金总额", "95881.04", "100.93%"), ("其中：财政拨款", "91455.09", "101.62%"),
        ("其他资金", "4425.95", "88.52%")]
    assert [i["weight"] for i in created["indicators"]] == ["25", "25", "30", "10"]  # 产出50 / 2, 效益30, 满意度10
    update = {"version": created["version"], "indicators": [
        {"position": 0, "actual": "1800件"}, {"position": 1, "actual": "96%"},
        {"position": 2, "actual": "100%"}, {"position": 3, "actual": "85%"}]}
    saved = client.put(f"/api/department-self-evaluations/{created['id']}", update,
                       content_type="application/json").json()
    total, grade = _expected_total(DEPARTMENT_SELF_SCHEME, accounts_doc)
    assert (Decimal(saved["total"]), saved["grade"]) == (total, grade) == (Decimal("96.94"), "优")
    assert [i["score"] for i in saved["indicators"]] == ["22.5", "25", "30", "9.44"]
    assert saved["funds"][0]["score"] == "10"
    html = client.get(f"/department-selfevals/{created['id']}/form.html").getvalue().decode()
    assert "部门整体支出绩效自评（财预〔2020〕10号）" in html and DEPARTMENT_SELF_SCHEME not in html


def test_structured_opinions_per_indicator_and_table_returned_as_the_reason(client, users):
    """The review app's check-list, score table and overall opinion, on 部门整体 targets: suggested from
    the department checks, returned with the opinions as the reason, read by the clerk; approval
    freezes no 批复表 (a project's document)."""
    from jixiao.web.review import flow
    from jixiao.web.review.models import Approval, TargetReview

    row = _entered(client, users)
    states.transition(users["clerk"], row, "submit")
    page_url = f"/review/department-targets/{row.pk}/"
    client.force_login(users["reviewer"])
    page = client.get(page_url).content.decode()
    assert "绩效目标审核：2022年度青岛市司法局部门整体绩效目标" in page and "群众满意度" in page
    # the basis column is blank for 公共法律服务覆盖率 and 群众满意度: suggested as the 依据 question's opinion
    rows, _ = flow.form_rows(row, None)
    suggested = {r["ind"].name: c["suggested"] for r in rows for c in r["checks"] if c["code"] == "basis"}
    assert suggested == {"法律援助案件数": "", "法律援助案件结案率": "", "公共法律服务覆盖率": "未填写指标值确定依据",
                         "群众满意度": "未填写指标值确定依据"}
    points = {p.code: p.points for p in flow.scheme().points}
    post = {"opinion": "满意度指标请写明调查口径。", "bad-3-basis": "1", "op-3-basis": "补充依据：上年满意度调查92%",
            **{f"pt-{code}": str(value) for code, value in points.items()}, "pt-standard": "8"}
    saved = client.post(page_url, post, follow=True).content.decode()
    assert "审核意见已保存" in saved, saved[saved.find('class="messages'):][:400]
    review = TargetReview.objects.get(department_targets=row)
    assert (review.project_id, review.stage, review.opinions.count()) == (None, "department_reviewer", 4)
    assert review.score == sum(points.values()) - points["standard"] + 8  # the score table, one point short
    assert review.opinions.get(position=3).checks["basis"] == {"ok": False, "text": "补充依据：上年满意度调查92%"}
    client.force_login(users["other_reviewer"])
    assert client.post(page_url, post).status_code == 404
    client.force_login(users["reviewer"])
    assert client.post(f"{page_url}return/", {"version": row.version}).status_code == 302
    row.refresh_from_db()
    assert row.status == m.Status.RETURNED
    entry = m.AuditEntry.objects.filter(object_type="store.departmenttargets", action="return").get()
    assert entry.reason.splitlines()[:2] == ["满意度指标请写明调查口径。",
                                             "指标“群众满意度”（≥90%）：指标值是否有确定依据：补充依据：上年满意度调查92%"]
    client.force_login(users["clerk"])
    page = client.get(_url()).content.decode()
    assert 'id="review-opinions"' in page and "补充依据：上年满意度调查92%" in page
    states.transition(users["clerk"], row, "submit")
    client.force_login(users["reviewer"])
    body = client.get(f"/api/review/department-targets/{row.pk}").json()
    assert body["department_targets"] == row.pk and body["may_review"] is True
    assert [i["name"] for i in body["indicators"]] == ["法律援助案件数", "法律援助案件结案率", "公共法律服务覆盖率", "群众满意度"]
    approved = client.post(f"/api/review/department-targets/{row.pk}/approve", {"version": row.version},
                           content_type="application/json")
    assert approved.status_code == 200 and approved.json()["status"] == "主管部门已审核"
    client.force_login(users["bureau"])
    row.refresh_from_db()
    assert client.post(f"{page_url}approve/", {"version": row.version}).status_code == 302
    row.refresh_from_db()
    assert row.status == m.Status.BUREAU_APPROVED and not Approval.objects.exists()


def test_the_years_panel_links_the_targets_only_where_they_can_be_read_or_entered(client, users):
    # the reviewer's dashboard linked every year to the targets page, a 404 while nobody had entered them
    dashboard = f"/departments/{_dept().pk}/"
    client.force_login(users["reviewer"])
    page = client.get(dashboard).content.decode()
    assert 'id="dept-targets-2022"' in page and f'href="{_url()}"' not in page and "部门整体绩效目标（未填报）" in page
    assert client.get(_url()).status_code == 404
    client.force_login(users["clerk"])  # the own-level unit's clerk may enter them: linked
    assert f'href="{_url()}"' in client.get(dashboard).content.decode()
    row = _entered(client, users)
    assert _move(client, row, "submit") == 302
    client.force_login(users["reviewer"])  # now there is a table the reviewer may read: linked
    assert f'href="{_url()}"' in client.get(dashboard).content.decode()
    assert client.get(_url()).status_code == 200
