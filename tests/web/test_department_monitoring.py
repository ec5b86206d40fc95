"""部门整体 monitoring in the web app (issue 18): a department's own monitoring report drafted from its
stored 2023 targets and the seed's projects and their 1-7月 monitoring, entered with the engine's lights,
the required explanations refused on save and guarding submission, the workflow by role, the official
form in four formats, the API, the audit trail and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.grammar import parse_target
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.monitor.department import draft_department_monitoring, evaluate_department
from jixiao.monitor.model import Checkpoint
from jixiao.monitor.rulesets import load_ruleset
from jixiao.monitor.yamlfile import read_reports
from jixiao.web.monitoring import models as mm
from jixiao.web.monitoring.demo import EXAMPLES_DIR, load_examples
from jixiao.web.store import demo
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


def _targets() -> DepartmentTargets:
    return DepartmentTargets(
        department="青岛市司法局", year=2023, overall_goal="推进法治政府建设，提升公共法律服务水平。",
        duties=("统筹全市法治建设", "指导公共法律服务"),
        funds=(FundLine("财政拨款", Decimal("90000")), FundLine("其他资金", Decimal("5000"))),
        indicators=tuple(
            Indicator(a, b, c, "", parse_target(t, role="target").value, None, Source("t", row=n))
            for n, (a, b, c, t) in enumerate(INDICATORS)
        ),
    )


def _dept() -> m.Organisation:
    return m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")


@pytest.fixture
def users(imported, django_user_model):
    demo.create_accounts()
    load_examples(EXAMPLES_DIR)
    store_targets(_targets(), _dept())
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def _create(client, users, name: str = "clerk") -> mm.DepartmentMonitoringReport:
    client.force_login(users[name])
    response = client.post(f"/monitoring/departments/{_dept().pk}/own/new/", {"year": "2023", "checkpoint": "1-7月"})
    assert response.status_code == 302
    return mm.DepartmentMonitoringReport.objects.get(department=_dept(), year=2023, month=7)


def _post(report, **extra) -> dict:
    data = {"version": report.version, "label": report.label, "ruleset": report.ruleset,
            "duty_goal": report.duty_goal, "tasks": "\n".join(report.tasks), "row_count": report.rows.count()}
    for k, f in enumerate(report.funds.order_by("position")):
        for attr in ("initial", "executed", "expected"):
            value = getattr(f, attr)
            data[f"fund-{k}-{attr}"] = "" if value is None else format(value.normalize(), "f")
    for k, r in enumerate(report.rows.order_by("position")):
        data.update({f"row-{k}-indicator": r.indicator_id or "", f"row-{k}-name": r.name,
                     f"row-{k}-level1": r.level1, f"row-{k}-level2": r.level2})
    data.update(extra)
    return data


def test_draft_is_the_cores_from_the_stored_targets_and_the_projects_monitoring(client, users, goals_doc):
    report = _create(client, users)
    reports = read_reports(EXAMPLES_DIR / "qingdao-2023-1-7.yaml").reports
    core = draft_department_monitoring(_targets(), Checkpoint(7, "1-7月"), goals_doc.goals.projects, reports)
    stored = [(f.name, f.initial, f.executed, f.expected) for f in report.funds.order_by("position")]
    assert stored == [(f.name, f.initial, f.executed, f.expected) for f in core.report.funds]
    # the seed's ten 2023 projects: Σ 预算数 1487.65 万元; the three 1-7月 reports: Σ 累计执行数 314.20
    assert stored[4] == ("项目支出", Decimal("1487.65"), Decimal("314.2"), Decimal("792.89"))
    assert stored[3][1] == Decimal(95000) - Decimal("1487.65")
    assert [r.name for r in report.rows.order_by("position")] == [i[2] for i in INDICATORS]
    assert report.unit.code == "124001" and report.status == m.Status.DRAFT
    page = client.get(f"/monitoring/department-reports/{report.pk}/").content.decode()
    assert "年度部门预算总额" in page and "资金来源" in page and "基本支出" in page and "1,487.65" in page
    assert "另有7个项目尚无1-7月监控报告" in page
    dept_page = client.get(f"/monitoring/departments/{_dept().pk}/").content.decode()
    assert "部门整体监控（本部门填报）" in dept_page and "项目监控矩阵（各项目之和）" in dept_page
    assert f"/monitoring/department-reports/{report.pk}/" in dept_page


def test_lights_and_required_explanations_on_save(client, users):
    report = _create(client, users)
    url = f"/monitoring/department-reports/{report.pk}/"
    # executed 30000 of 95000 at 1-7月: 31.58% against 58.33% time progress = 54.14% → red: explain
    data = _post(report, **{"fund-0-executed": "30000", "fund-1-executed": "28000", "fund-2-executed": "2000",
                            "row-0-progress": "1300件", "row-0-likelihood": "确定能",
                            "row-3-progress": "达成年度指标", "row-3-likelihood": "有可能"})
    refused = client.post(url, data)
    body = refused.content.decode()
    assert refused.status_code == 422 and "未保存" in body
    assert "因亮红灯，必须勾选偏差原因" in body and "完成目标可能性为“有可能”" in body
    targets = _targets()
    core = draft_department_monitoring(targets, Checkpoint(7, "1-7月")).report
    report.refresh_from_db()
    assert report.version == 1  # nothing saved
    data.update({"budget_causes": ["经费保障"], "budget_explanation": "部分项目资金未到位。",
                 "budget_measures": "加快支付进度。", "row-3-causes": ["其他"], "row-3-explanation": "调查尚未开展。",
                 "row-3-measures": "第四季度开展满意度调查。"})
    saved = client.post(url, data)
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    total = report.funds.get(name="年度部门预算总额")
    assert total.executed == Decimal(30000)
    # the page's lights are the engine's on the same figures
    import dataclasses

    from jixiao.monitor.department import FundProgress
    funds = tuple(FundProgress(f.name, f.initial, f.executed, f.expected) for f in report.funds.order_by("position"))
    inds = list(core.indicators)
    inds[0] = dataclasses.replace(inds[0], progress=parse_target("1300件", role="actual").value)
    res = evaluate_department(dataclasses.replace(core, funds=funds, indicators=tuple(inds)), targets,
                              load_ruleset("default"))
    assert res.funds[0].verdict.light == "red" and res.result.indicators[0].verdict.light == "green"
    page = client.get(url).content.decode()
    assert res.result.budget_verdict.working in page and "红灯" in page
    # the audit trail names every changed figure in Chinese (no field codes)
    assert "年度部门预算总额·执行数" in page and "指标“群众满意度”·整改措施" in page and "其他内容" not in page
    entries = list(m.AuditEntry.objects.filter(object_type="monitoring.departmentmonitoringreport",
                                               object_id=str(report.pk)).order_by("id").values_list("action", flat=True))
    assert entries == ["create", "edit"]


def test_workflow_submit_guard_review_and_public_form(client, users):
    report = _create(client, users)
    submit = f"/workflow/departmentmonitoringreport/{report.pk}/submit/"
    # an explanation-free stored report with a red light cannot be submitted
    mm.DepartmentMonitoringFund.objects.filter(report=report, name="年度部门预算总额").update(executed=Decimal(100))
    client.post(submit, {"version": report.version})
    report.refresh_from_db()
    assert report.status == m.Status.DRAFT
    client.post(f"/monitoring/department-reports/{report.pk}/", _post(
        report, budget_causes=["经费保障"], budget_explanation="资金未到位。", budget_measures="加快支付。"))
    report.refresh_from_db()
    client.post(submit, {"version": report.version})
    report.refresh_from_db()
    assert report.status == m.Status.SUBMITTED
    assert client.post(f"/monitoring/department-reports/{report.pk}/", _post(report)).status_code == 403
    client.force_login(users["clerk2"])  # another unit's clerk: neither sees nor acts
    assert client.get(f"/monitoring/department-reports/{report.pk}/").status_code == 403
    client.force_login(users["reviewer"])
    assert client.get(f"/monitoring/department-reports/{report.pk}/").status_code == 200
    waiting = client.get("/workflow/queue/").content.decode()  # 待我审核 lists it, linked to its page
    assert "部门整体监控" in waiting and f'href="/monitoring/department-reports/{report.pk}/"' in waiting
    assert report.name in waiting
    client.post(f"/workflow/departmentmonitoringreport/{report.pk}/approve/", {"version": report.version})
    report.refresh_from_db()
    assert report.status == m.Status.DEPT_APPROVED
    client.force_login(users["bureau"])
    for action in ("approve", "publish"):
        client.post(f"/workflow/departmentmonitoringreport/{report.pk}/{action}/", {"version": report.version})
        report.refresh_from_db()
    assert report.status == m.Status.PUBLISHED
    client.logout()
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK")):
        response = client.get(f"/monitoring/department-reports/{report.pk}/form.{fmt}")
        assert response.status_code == 200 and response.getvalue()[:len(magic)] == magic
    html = client.get(f"/monitoring/department-reports/{report.pk}/form.html").getvalue().decode()
    assert "部门整体支出绩效监控情况表" in html and "财政性资金" in html and "年度主要任务" in html


def test_only_the_departments_clerks_create(client, users):
    url = f"/monitoring/departments/{_dept().pk}/own/new/"
    for name in ("reviewer", "bureau", "evaluator"):
        client.force_login(users[name])
        assert client.post(url, {"year": "2023", "checkpoint": "1-7月"}).status_code == 403
    assert not mm.DepartmentMonitoringReport.objects.exists()


def test_department_self_evaluation_prefilled_from_the_latest_department_monitoring(client, users):
    from jixiao.web.store import mapping

    report = _create(client, users)
    client.post(f"/monitoring/department-reports/{report.pk}/", _post(
        report, **{"fund-0-executed": "60000", "fund-1-executed": "57000", "fund-2-executed": "3000",
                   "row-0-progress": "1500件", "row-0-likelihood": "确定能",
                   "row-2-progress": "100%", "row-2-likelihood": "确定能"}))
    # a 部门整体 self-evaluation is made from approved targets only (submitted by the own-level clerk)
    targets = m.DepartmentTargets.objects.get(department=_dept(), year=2023)
    states.transition(users["clerk"], targets, "submit")
    states.transition(users["reviewer"], targets, "approve")
    client.post(f"/departments/{_dept().pk}/selfeval/2023/new/", {"scheme": "mof-2020-10"})
    se = m.SelfEvaluation.objects.get(department_wide=True, year=2023)
    form = mapping.selfeval_to_model(se)
    assert [(b.name, b.executed.value if b.executed else None) for b in form.budget_lines] == [
        ("年度资金总额", Decimal(60000)), ("其中：财政拨款", Decimal(57000)), ("其他资金", Decimal(3000))]
    actual = {i.name: i.actual.raw for i in form.indicators}
    assert actual["法律援助案件数"] == "1500件" and actual["公共法律服务覆盖率"] == "100%"
    assert actual["群众满意度"] == ""
    assert any("1-7月部门整体监控" in n for n in se.notes)


def test_api_drafts_refuses_missing_explanations_and_runs_the_workflow(client, users):
    client.force_login(users["clerk"])
    created = client.post("/api/department-monitoring", {"department": _dept().pk, "year": 2023, "checkpoint": "1-7月"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    funds = {f["name"]: f for f in body["result"]["funds"]}
    assert funds["项目支出"]["initial"] == "1487.650000" and funds["项目支出"]["executed"] == "314.200000"
    again = client.post("/api/department-monitoring", {"department": _dept().pk, "year": 2023, "checkpoint": "7月底"},
                        content_type="application/json")
    assert again.status_code == 409
    payload = {"version": body["version"], "funds": [{"name": "年度部门预算总额", "executed": "30000"}],
               "indicators": [{"name": "群众满意度", "progress": "88%", "likelihood": "完全不可能"}]}
    refused = client.put(f"/api/department-monitoring/{pk}", payload, content_type="application/json")
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert "预算执行：因亮红灯，须填写偏差原因。" in errors
    assert "群众满意度：因完成目标可能性为“完全不可能”，须填写整改措施。" in errors
    payload.update({"budget_causes": ["经费保障"], "budget_explanation": "资金未到位。", "budget_measures": "加快支付。"})
    payload["indicators"][0].update({"causes": ["其他"], "explanation": "调查未开展。", "measures": "第四季度调查。"})
    saved = client.put(f"/api/department-monitoring/{pk}", payload, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["overall_light"] == "red"
    assert saved.json()["actions"] == ["submit"]
    stale = client.put(f"/api/department-monitoring/{pk}", payload, content_type="application/json")
    assert stale.status_code == 409
    version = saved.json()["version"]
    submitted = client.post(f"/api/department-monitoring/{pk}/transitions/submit", {"version": version},
                            content_type="application/json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    client.force_login(users["reviewer"])
    back = client.post(f"/api/department-monitoring/{pk}/transitions/return", {"reason": "请补充任务进度。"},
                       content_type="application/json")
    assert back.status_code == 200 and back.json()["status"] == "returned"
    trail = client.get(f"/api/department-monitoring/{pk}/audit").json()
    assert [e["action"] for e in trail][:2] == ["return", "submit"] and trail[0]["reason"] == "请补充任务进度。"
    client.force_login(users["clerk2"])
    assert client.get(f"/api/department-monitoring/{pk}").status_code == 404
    assert client.get("/api/department-monitoring").json()["count"] == 0
    client.logout()
    assert client.get(f"/api/department-monitoring/{pk}").status_code == 401


def test_only_the_making_units_clerk_edits_a_draft(client, users):
    report = _create(client, users)
    url = f"/monitoring/department-reports/{report.pk}/"
    for name in ("reviewer", "bureau"):  # they see it (to review), they do not enter it
        client.force_login(users[name])
        assert client.get(url).status_code == 200
        assert client.post(url, _post(report)).status_code == 403
    client.force_login(users["clerk2"])
    assert client.post(url, _post(report)).status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)  # not published: not public
    report.refresh_from_db()
    assert report.version == 1


def test_the_form_is_built_once_per_stamps_of_the_records_it_reads(client, users, builds):
    report = _create(client, users)
    url = f"/monitoring/department-reports/{report.pk}/form.html"
    first = client.get(url)
    assert first.streaming
    html = first.getvalue().decode()
    assert client.get(url).getvalue().decode() == html
    assert builds == [(str(report.pk), "department-monitoring-form", "html")]  # the second one a file send
    # a fund row changed in place (no version of the report bumped) still gives a new form
    mm.DepartmentMonitoringFund.objects.filter(report=report, name="年度部门预算总额").update(executed=Decimal("12345.67"))
    changed = client.get(url).getvalue().decode()
    assert changed != html and "12,345.67" in changed and len(builds) == 2
    report.budget_explanation = "资金未到位，正在协调。"
    report.save()
    assert "资金未到位，正在协调。" in client.get(url).getvalue().decode() and len(builds) == 3
    client.force_login(users["clerk2"])  # another unit's clerk: refused though the file is built
    assert client.get(url).status_code == 403
