"""部门整体支出绩效自评表 made in the app: created from the department's stored targets (funds from the
seed's 2022 决算), scored as entered (an override needs a reason), required explanations enforced at
submission, the workflow by role, the official form in four formats, and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.grammar import parse_target
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.monitor.department_selfeval import accounts_execution, draft_department_self_evaluation
from jixiao.web.store import demo, mapping
from jixiao.web.store import models as m
from jixiao.web.store.department import store_targets
from jixiao.web.workflow import states

pytestmark = pytest.mark.django_db
INDICATORS = (
    ("产出指标", "数量指标", "法律援助案件数", "≥2000件"),
    ("产出指标", "质量指标", "法律援助案件结案率", "≥95%"),
    ("效益指标", "社会效益指标", "公共法律服务覆盖率", "100%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
)


def _targets(year: int = 2022) -> DepartmentTargets:
    return DepartmentTargets(
        department="青岛市司法局", year=year, overall_goal="推进法治政府建设，提升公共法律服务水平。",
        duties=("统筹全市法治建设", "指导公共法律服务"),
        funds=(FundLine("财政拨款", Decimal("90000")), FundLine("其他资金", Decimal("5000"))),
        indicators=tuple(
            Indicator(a, b, c, "", parse_target(t, role="target").value, None, Source("t", row=n))
            for n, (a, b, c, t) in enumerate(INDICATORS)
        ),
    )


@pytest.fixture
def users(imported, django_user_model):
    demo.create_accounts()
    dept = m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")
    row = store_targets(_targets(), dept)
    found = {u.username: u for u in django_user_model.objects.order_by("id")}
    # a 部门整体 self-evaluation is made from approved targets only (as a project's): submitted by the
    # clerk of the department's own-level unit, approved by the department's reviewer
    states.transition(found["clerk"], row, "submit")
    states.transition(found["reviewer"], row, "approve")
    return found


def _dept() -> m.Organisation:
    return m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")


def _create(client, users) -> m.SelfEvaluation:
    client.force_login(users["clerk"])
    response = client.post(f"/departments/{_dept().pk}/selfeval/2022/new/", {"scheme": "mof-2020-10"})
    assert response.status_code == 302
    return m.SelfEvaluation.objects.get(department_wide=True)


def test_created_form_is_the_cores_draft_with_the_accounts_execution(client, users, accounts_doc):
    se = _create(client, users)
    executed, _ = accounts_execution(accounts_doc.accounts)
    # the seed's 2022 决算: 本年支出合计 95881.04 (总表), 91455.09 (财政拨款总表), in 万元
    assert executed == {"年度资金总额": Decimal("95881.04"), "其中：财政拨款": Decimal("91455.09")}
    expected = draft_department_self_evaluation(_targets(), (), "mof-2020-10", executed=executed).form
    stored = mapping.selfeval_to_model(se)
    assert stored.department_wide and se.unit.code == "124001" and se.status == m.Status.DRAFT
    assert [(b.name, b.initial.value, b.executed.value, b.rate.raw) for b in stored.budget_lines] == [
        ("年度资金总额", Decimal(95000), Decimal("95881.04"), "100.93%"),
        ("其中：财政拨款", Decimal(90000), Decimal("91455.09"), "101.62%"),
        ("其他资金", Decimal(5000), Decimal("4425.95"), "88.52%"),
    ]
    assert [(i.name, i.weight.value, i.score.value) for i in stored.indicators] == [
        (i.name, i.weight.value, i.score.value) for i in expected.indicators
    ]
    assert stored.total.value == expected.total.value
    assert [t["name"] for t in se.tasks] == ["统筹全市法治建设", "指导公共法律服务"]
    page = client.get(f"/department-selfevals/{se.pk}/").content.decode()
    assert "年度主要任务" in page and "部门决算收入支出决算总表" in page


def test_only_the_departments_clerks_create(client, users):
    url = f"/departments/{_dept().pk}/selfeval/2022/new/"
    for name in ("reviewer", "bureau", "evaluator"):
        client.force_login(users[name])
        assert client.post(url, {"scheme": "mof-2020-10"}).status_code == 403
    client.force_login(users["clerk"])
    assert "还没有部门整体绩效目标" in client.get(f"/departments/{_dept().pk}/selfeval/2031/new/").content.decode()


def test_entries_rescore_an_override_needs_a_reason_and_explanations_block_submission(client, users):
    se = _create(client, users)
    url = f"/department-selfevals/{se.pk}/"
    rows = list(se.indicator_results.order_by("position"))
    data = {"version": se.version, "actual-0": "2100件", "actual-1": "96%", "actual-2": "100%", "actual-3": "95%",
            "executed-0": "95000", "goal_actual": "全年目标完成。"}
    assert client.post(url, data).status_code == 302
    se.refresh_from_db()
    assert se.total_value == 100 and se.budget_lines.get(position=0).score_value == 10
    not_a_number = client.post(url, {"version": se.version, "executed-1": "九万"})
    assert not_a_number.status_code == 400 and "“其中：财政拨款”的全年执行数“九万”不是有效的数字" in not_a_number.content.decode()
    refused = client.post(url, {"version": se.version, "score-0": "20"})
    assert refused.status_code == 400 and "改分须填写理由" in refused.content.decode()
    kept = client.post(url, {"version": se.version, "score-0": "20", "reason-0": "部分案件卷宗不规范"})
    assert kept.status_code == 302
    se.refresh_from_db()
    first = se.indicator_results.get(position=0)
    assert (first.score_value, first.override_reason) == (Decimal(20), "部分案件卷宗不规范")
    assert se.total_value == 100 - rows[0].weight_value + 20
    assert "自评得分人工修改" in client.get(url).content.decode()
    # an actual far above its target needs its 偏差原因 before the form can be submitted
    client.post(url, {"version": se.version, "actual-0": "3000件", "score-0": "20", "reason-0": "部分案件卷宗不规范"})
    se.refresh_from_db()
    blocked = client.post(f"/api/self-evaluations/{se.pk}/transitions/submit", {"version": se.version},
                          content_type="application/json")
    assert blocked.status_code == 400 and "偏差" in blocked.json()["error"]
    client.post(url, {"version": se.version, "deviation-0": "年内法律援助需求增长，下年据实调整目标。",
                      "score-0": "20", "reason-0": "部分案件卷宗不规范"})
    se.refresh_from_db()
    ok = client.post(f"/api/self-evaluations/{se.pk}/transitions/submit", {"version": se.version},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"


def test_workflow_by_role_and_what_the_public_sees(client, users):
    se = _create(client, users)
    form = f"/department-selfevals/{se.pk}/form.pdf"
    client.logout()
    assert client.get(f"/department-selfevals/{se.pk}/form.html").status_code == 302  # not public yet
    client.force_login(users["clerk2"])  # another unit of the department: not theirs
    assert client.get(f"/department-selfevals/{se.pk}/").status_code == 403
    client.force_login(users["clerk"])
    submit = f"/workflow/selfevaluation/{se.pk}/submit/"
    client.post(submit, {"version": se.version})
    se.refresh_from_db()
    assert se.status == m.Status.DRAFT  # nothing entered: 总分 under 80 without 原因分析及改进措施
    client.post(f"/department-selfevals/{se.pk}/", {"version": se.version, "low_score_explanation": "实际完成值待年底核实。"})
    se.refresh_from_db()
    assert client.post(submit, {"version": se.version}).status_code in (302, 303)
    se.refresh_from_db()
    assert se.status == m.Status.SUBMITTED
    assert client.post(f"/department-selfevals/{se.pk}/", {"version": se.version}).status_code == 403
    client.force_login(users["reviewer"])
    back = client.post(f"/workflow/selfevaluation/{se.pk}/return/", {"version": se.version, "reason": ""})
    se.refresh_from_db()
    assert se.status == m.Status.SUBMITTED and back.status_code in (302, 303, 400)
    client.post(f"/workflow/selfevaluation/{se.pk}/approve/", {"version": se.version})
    se.refresh_from_db()
    assert se.status == m.Status.DEPT_APPROVED
    client.force_login(users["bureau"])
    for action in ("approve", "publish"):
        client.post(f"/workflow/selfevaluation/{se.pk}/{action}/", {"version": se.version})
        se.refresh_from_db()
    assert se.status == m.Status.PUBLISHED
    actions = list(m.AuditEntry.objects.filter(object_id=str(se.pk)).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "edit", "submit", "approve", "approve", "publish"]
    client.logout()
    response = client.get(form)
    assert response.status_code == 200 and response.getvalue()[:4] == b"%PDF"


def test_the_official_form_in_four_formats(client, users):
    import io

    import openpyxl

    se = _create(client, users)
    html = client.get(f"/department-selfevals/{se.pk}/form.html").getvalue().decode()
    for label in ("部门名称", "年度主要任务", "任务名称", "年初预算数", "全年预算数", "全年执行数", "执行率",
                  "其中：财政拨款", "其他资金", "预期目标", "实际完成情况", "偏差原因分析及改进措施", "总分"):
        assert label in html, label
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/department-selfevals/{se.pk}/form.xlsx").getvalue()))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert Decimal(str(95881.04)) in [Decimal(str(c)) for c in cells if isinstance(c, float | int)]
    docx = client.get(f"/department-selfevals/{se.pk}/form.docx")
    assert docx.status_code == 200 and docx.getvalue()[:2] == b"PK"


def test_api_create_read_update_transition(client, users):
    dept = _dept()
    client.force_login(users["reviewer"])
    assert client.post("/api/department-self-evaluations", {"department_id": dept.pk, "year": 2022},
                       content_type="application/json").status_code == 403
    client.force_login(users["clerk"])
    created = client.post("/api/department-self-evaluations", {"department_id": dept.pk, "year": 2022},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["scheme"] == "mof-2020-10-department"  # the 部门整体 scheme unless another is chosen
    assert body["department_wide"] is True and body["funds"][0]["executed"] == "95881.04"
    actuals = [{"position": 1, "actual": "96%"}, {"position": 2, "actual": "100%"}, {"position": 3, "actual": "95%"}]
    update = {"version": body["version"], "executed": {"年度资金总额": "95000"},
              "indicators": [{"position": 0, "actual": "2100件", "score": "15"}, *actuals]}
    refused = client.put(f"/api/department-self-evaluations/{pk}", update, content_type="application/json")
    assert refused.status_code == 422 and "改分须填写理由" in refused.json()["error"]
    update["indicators"][0]["reason"] = "抽查发现问题"
    saved = client.put(f"/api/department-self-evaluations/{pk}", update, content_type="application/json").json()
    first = saved["indicators"][0]
    assert (first["actual"], first["score"], first["override_reason"]) == ("2100件", "15", "抽查发现问题")
    weights = [Decimal(i["weight"]) for i in saved["indicators"]]
    assert Decimal(saved["total"]) == 100 - weights[0] + 15 and saved["grade"] == "优"  # 90: 优 from 90 (model/grades.py)
    assert saved["funds"][0]["score"] == "10" and saved["missing_explanations"] == []
    moved = client.post(f"/api/department-self-evaluations/{pk}/transitions/submit", {"version": saved["version"]},
                        content_type="application/json")
    assert moved.status_code == 200 and moved.json()["status"] == "submitted"
    client.logout()
    assert client.get(f"/api/department-self-evaluations/{pk}").status_code == 401
    client.force_login(users["clerk2"])
    assert client.get(f"/api/department-self-evaluations/{pk}").status_code == 404
    client.force_login(users["bureau"])
    assert client.get(f"/api/department-self-evaluations/{pk}").json()["status"] == "submitted"


def test_the_form_is_built_once_per_stamps_of_the_records_it_reads(client, users, builds):
    se = _create(client, users)
    url = f"/department-selfevals/{se.pk}/form.html"
    first = client.get(url)
    assert first.streaming
    html = first.getvalue().decode()
    assert client.get(url).getvalue().decode() == html
    assert builds == [(str(se.pk), "department-selfeval-form", "html")]  # the second one a file send
    se.goal_actual = "全年完成法律援助案件一万件。"
    se.save()
    changed = client.get(url).getvalue().decode()
    assert changed != html and "全年完成法律援助案件一万件。" in changed and len(builds) == 2
    line = se.budget_lines.order_by("position", "id").first()
    m.SelfEvalBudgetLine.objects.filter(pk=line.pk).update(name="改过的资金行")  # in place: no version bumped
    assert "改过的资金行" in client.get(url).getvalue().decode() and len(builds) == 3
    client.force_login(users["clerk2"])  # another unit's clerk: refused though the file is built
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
