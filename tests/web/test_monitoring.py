"""绩效运行监控 in the web app: lights on the entry page (seed 000 projects with the example monitoring
data), the required-explanation rule in the form and the API, permissions, the department matrix, the
bureau overview, downloads, Excel import. Runs on SQLite and PostgreSQL (no vendor-specific SQL)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from jixiao.web.monitoring import models as mm
from jixiao.web.monitoring.demo import EXAMPLES_DIR, load_examples
from jixiao.web.store import demo
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(imported, django_user_model):
    """Seeds imported, the demo accounts, the example monitoring reports (6月底 and 1-7月)."""
    demo.create_accounts()
    lines = load_examples(EXAMPLES_DIR)
    assert len([x for x in lines if x.startswith("已导入")]) == 6, lines
    users = {u.username: u for u in django_user_model.objects.order_by("id")}
    return users


def project(name: str) -> m.Project:
    return m.Project.objects.get(name=name)


def login(client, users, name):
    client.force_login(users[name])
    return client


def post_data(p: m.Project, executed: str, label: str, version: int = 0, **rows: dict) -> dict:
    """The entry form for every indicator of ``p``; ``rows`` by indicator name override the blank values."""
    data: dict = {"label": label, "ruleset": "default", "executed": executed, "version": str(version)}
    indicators = list(p.indicators.order_by("position", "id"))
    data["row_count"] = str(len(indicators))
    for k, ind in enumerate(indicators):
        given = rows.get(ind.name, {})
        data[f"row-{k}-indicator"] = str(ind.pk)
        data[f"row-{k}-name"] = ind.name
        data[f"row-{k}-progress"] = given.get("progress", "")
        data[f"row-{k}-expected"] = given.get("expected", "")
        data[f"row-{k}-likelihood"] = given.get("likelihood", "确定能")
        data[f"row-{k}-causes"] = given.get("causes", [])
        data[f"row-{k}-explanation"] = given.get("explanation", "")
        data[f"row-{k}-measures"] = given.get("measures", "")
    return data


# ---------------------------------------------------------------- lights on the page


def test_entry_page_shows_the_engine_lights_for_seed_projects(client, world):
    login(client, world, "clerk")
    p = project("法治专项业务费")
    html = client.get(f"/monitoring/projects/{p.pk}/6/").content.decode()
    # the falling plan (150 → 108.40) is not used: time progress, 16.79% ÷ 50% = 33.59% → red
    assert "执行率与序时进度之比 = 33.59%，低于60%，红灯" in html
    assert 'id="light-budget"><span class="light light-red">红灯</span>' in html
    assert "标准值 = 8 × 6/12 = 4；完成值 2 ÷ 标准值 = 50.00%" in html  # 立法计划数, red
    p = project("法律培训费")
    html = client.get(f"/monitoring/projects/{p.pk}/6/").content.decode()
    assert "累计执行数 1.8 ÷ 2 = 90.00%，不低于80%，绿灯" in html
    assert "完成值 1 ÷ 标准值 = 66.67%，不低于60%且低于80%，黄灯" in html  # 组织培训次数
    assert "项目（指标最差） <span class=\"light light-yellow\">黄灯</span>" in html


def test_stored_demo_report_without_explanations_lists_what_is_missing(client, world):
    login(client, world, "clerk")
    p = project("普法人民监督员涉法涉诉经费")
    html = client.get(f"/monitoring/projects/{p.pk}/6/").content.decode()
    assert "按规则须补充的说明（6 处）" in html
    assert "抽选检察院人民监督员次数：须填写整改措施（亮黄灯、完成目标可能性为“有可能”）" in html


def test_htmx_recomputes_the_lights_without_saving(client, world):
    login(client, world, "clerk")
    p = project("法治专项业务费")
    report = mm.MonitoringReport.objects.get(project=p, month=6)
    data = post_data(p, "100", "6月底", report.version)
    resp = client.post(f"/monitoring/projects/{p.pk}/6/lights/", data, HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert resp.status_code == 200
    # 100 ÷ 208.4 = 47.98%; ÷ 50% = 95.97% → green
    assert "执行率与序时进度之比 = 95.97%，不低于80%，绿灯" in html
    assert 'id="light-budget" hx-swap-oob="true"' in html
    report.refresh_from_db()
    assert report.executed == Decimal("35") and report.version == 1  # nothing saved


# ---------------------------------------------------------------- the required-explanation rule (form)


def test_form_refuses_a_red_light_without_causes_and_measures_then_accepts_them(client, world):
    login(client, world, "clerk")
    p = project("法律培训费")
    # 9月: plan interpolated 2 + (10 − 2) × 3/4 = 8; 1.00 ÷ 8 = 12.5% → red budget light
    data = post_data(p, "1.00", "9月底", **{"组织培训次数": {"progress": "3次", "expected": "3次"}})
    resp = client.post(f"/monitoring/projects/{p.pk}/9/", data)
    html = resp.content.decode()
    assert resp.status_code == 422
    assert 'id="error-budget_causes">因亮红灯，必须勾选偏差原因（至少一项）。' in html
    assert 'id="error-budget_measures">因亮红灯，必须填写整改措施（备注）。' in html
    assert "未保存" in html
    assert not mm.MonitoringReport.objects.filter(project=p, month=9).exists()

    data.update(budget_causes=["经费保障"], budget_explanation="培训经费拨付延后。", budget_measures="10月集中支付。")
    resp = client.post(f"/monitoring/projects/{p.pk}/9/", data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    saved = mm.MonitoringReport.objects.get(project=p, month=9)
    assert saved.label == "9月底" and saved.executed == Decimal("1") and saved.budget_causes == ["经费保障"]
    assert saved.rows.count() == p.indicators.count()
    entry = m.AuditEntry.objects.filter(object_type="monitoring.monitoringreport", object_id=str(saved.pk)).get()
    assert entry.action == "create" and entry.user.username == "clerk"
    assert entry.changes["budget_measures"] == [None, "10月集中支付。"]


def test_form_requires_explanations_when_likelihood_is_not_certain(client, world):
    login(client, world, "clerk")
    p = project("法律培训费")
    report = mm.MonitoringReport.objects.get(project=p, month=6)
    rows = {"组织培训次数": {"progress": "3次", "expected": "3次", "likelihood": "完全不可能"}}
    data = post_data(p, "1.80", "6月底", report.version, **rows)
    resp = client.post(f"/monitoring/projects/{p.pk}/6/", data)
    html = resp.content.decode()
    assert resp.status_code == 422
    k = list(p.indicators.order_by("position", "id").values_list("name", flat=True)).index("组织培训次数")
    assert f'id="error-row-{k}-causes">因完成目标可能性为“完全不可能”，必须勾选偏差原因（至少一项）。' in html
    assert f'id="error-row-{k}-explanation">' in html
    rows["组织培训次数"].update(causes=["人员保障"], explanation="讲师调离。", measures="另聘讲师。")
    resp = client.post(f"/monitoring/projects/{p.pk}/6/", post_data(p, "1.80", "6月底", report.version, **rows))
    assert resp.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    row = report.rows.get(name="组织培训次数")
    assert row.likelihood == "完全不可能" and row.causes == ("人员保障",) and row.measures == "另聘讲师。"
    entry = m.AuditEntry.objects.filter(object_type="monitoring.monitoringreport", object_id=str(report.pk)).get()
    assert entry.changes["rows.组织培训次数.progress_raw"] == ["1次", "3次"]


def test_form_refuses_a_stale_version(client, world):
    login(client, world, "clerk")
    p = project("法律培训费")
    data = post_data(p, "1.80", "6月底", version=7)
    resp = client.post(f"/monitoring/projects/{p.pk}/6/", data)
    assert resp.status_code == 409
    assert "该记录已被他人修改（您编辑的是第 7 版，当前为第 1 版）" in resp.content.decode()


# ---------------------------------------------------------------- permissions


def test_clerk2_cannot_edit_124001_monitoring(client, world):
    p = project("法治专项业务费")
    assert p.unit.code == "124001"
    report = mm.MonitoringReport.objects.get(project=p, month=6)
    login(client, world, "clerk2")
    assert client.get(f"/monitoring/projects/{p.pk}/6/").status_code == 403
    assert client.post(f"/monitoring/projects/{p.pk}/6/", post_data(p, "200", "6月底", 1)).status_code == 403
    resp = client.put(f"/api/monitoring/{report.pk}", json.dumps({"version": 1, "executed": "200"}),
                      content_type="application/json")
    assert resp.status_code == 404 and resp.json()["ok"] is False
    # clerk2 enters its own unit's monitoring
    own = project("法律援助及12348业务费")
    html = client.get(f"/monitoring/projects/{own.pk}/7/").content.decode()
    assert 'id="save-monitoring"' in html
    report.refresh_from_db()
    assert report.executed == Decimal("35")


def test_reviewer_sees_but_cannot_edit(client, world):
    p = project("法治专项业务费")
    login(client, world, "reviewer")
    html = client.get(f"/monitoring/projects/{p.pk}/6/").content.decode()
    assert "33.59%" in html and 'id="save-monitoring"' not in html
    assert client.post(f"/monitoring/projects/{p.pk}/6/", post_data(p, "200", "6月底", 1)).status_code == 403


# ---------------------------------------------------------------- matrix and bureau view


def test_department_matrix(client, world):
    login(client, world, "reviewer")
    department = m.Organisation.objects.get(kind="department", name="青岛市司法局")
    resp = client.get(f"/monitoring/departments/{department.pk}/")
    assert resp.status_code == 200
    months = [c["label"] for c in resp.context["months"]]
    assert months == ["6月底", "1-7月"]
    cells = {line["p"].name: [c and c["overall"]["code"] for c in line["row"]] for line in resp.context["matrix"]}
    assert cells["法治专项业务费"] == ["red", None]
    assert cells["法律培训费"] == ["yellow", None]
    assert cells["法律援助及12348业务费"] == [None, "green"]
    assert cells["警用服装费"] == [None, "red"]
    assert len(cells) == 6
    html = resp.content.decode()
    assert f'href="/monitoring/projects/{project("法治专项业务费").pk}/6/"' in html
    # a unit clerk sees only its own unit's rows
    login(client, world, "clerk2")
    resp = client.get(f"/monitoring/departments/{department.pk}/")
    assert sorted(line["p"].name for line in resp.context["matrix"]) == ["公共法律服务中心建设运行费", "法律援助及12348业务费"]


def test_bureau_overview_sorts_by_light_and_amount(client, world):
    login(client, world, "bureau")
    resp = client.get("/monitoring/")
    assert resp.status_code == 200
    order = [(x["overall"]["code"], x["p"].name) for x in resp.context["rows"]]
    assert [c for c, _ in order] == ["red", "red", "red", "yellow", "green", "green"]
    # reds by amount: 警用服装费 376.59, 法治专项业务费 208.40, 普法人民监督员涉法涉诉经费 71.00
    assert [n for _, n in order[:3]] == ["警用服装费", "法治专项业务费", "普法人民监督员涉法涉诉经费"]
    resp = client.get("/monitoring/?sort=amount")
    amounts = [x["budget_amount"] for x in resp.context["rows"]]
    assert amounts == sorted(amounts, reverse=True)
    assert resp.context["rows"][0]["p"].name == "法律援助及12348业务费"  # 378.50
    resp = client.get("/monitoring/?sort=amount_asc")
    assert [x["budget_amount"] for x in resp.context["rows"]] == sorted(amounts)
    assert resp.context["counts"] == {"red": 3, "yellow": 1, "green": 2, "blue": 0}


# ---------------------------------------------------------------- downloads and Excel


def test_project_and_department_downloads(client, world):
    login(client, world, "reviewer")
    p = project("法治专项业务费")
    resp = client.get(f"/monitoring/projects/{p.pk}/6/table.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"].endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(resp.getvalue()))
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "项目支出绩效监控情况表" in values and "法治专项业务费" in values and "红灯" in values
    resp = client.get(f"/monitoring/projects/{p.pk}/6/table.pdf")
    assert resp.status_code == 200 and resp.getvalue().startswith(b"%PDF")
    department = p.unit.parent
    resp = client.get(f"/monitoring/departments/{department.pk}/monitoring-department.xlsx")
    wb = load_workbook(io.BytesIO(resp.getvalue()))
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "部门整体支出绩效监控情况表" in values and "警用服装费" in values
    resp = client.get(f"/monitoring/departments/{department.pk}/monitoring-department.pdf")
    assert resp.status_code == 200 and resp.getvalue().startswith(b"%PDF")
    assert client.get(f"/monitoring/projects/{p.pk}/6/table.docx").status_code == 404


def test_excel_template_round_trip_fills_the_form(client, world):
    login(client, world, "clerk")
    p = project("法治专项业务费")
    resp = client.get(f"/monitoring/projects/{p.pk}/6/template.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    ws = wb.worksheets[0]
    ws["B6"] = 150  # 6月底执行数
    upload = io.BytesIO()
    wb.save(upload)
    upload.seek(0)
    upload.name = "监控.xlsx"
    resp = client.post(f"/monitoring/projects/{p.pk}/6/import/", {"file": upload})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "已从Excel“监控.xlsx”读入以下数据，尚未保存" in html
    assert 'name="executed" value="150"' in html
    # 150 ÷ 208.4 = 71.98%; ÷ 50% = 143.95% → green, computed on the imported values
    assert "执行率与序时进度之比 = 143.95%" in html
    assert mm.MonitoringReport.objects.get(project=p, month=6).executed == Decimal("35")


# ---------------------------------------------------------------- API


def test_api_list_and_detail(client, world):
    login(client, world, "bureau")
    data = client.get("/api/monitoring?light=red").json()
    assert data["count"] == 3
    assert {r["project"]["name"] for r in data["results"]} == {"警用服装费", "法治专项业务费", "普法人民监督员涉法涉诉经费"}
    pk = next(r["id"] for r in data["results"] if r["project"]["name"] == "法治专项业务费")
    detail = client.get(f"/api/monitoring/{pk}").json()
    assert Decimal(detail["result"]["budget_light"]["ratio"]).quantize(Decimal("0.01")) == Decimal("33.59")
    assert detail["label"] == "6月底" and detail["executed"] == "35" and detail["can_edit"] is False
    assert client.get("/api/monitoring/999999").json()["status"] == 404


def test_api_applies_the_required_explanation_rule(client, world):
    login(client, world, "clerk")
    p = project("法律培训费")
    body = {"project": p.pk, "checkpoint": "9月底", "executed": "1.00"}
    resp = client.post("/api/monitoring", json.dumps(body), content_type="application/json")
    assert resp.status_code == 422
    err = resp.json()
    assert err["ok"] is False and err["status"] == 422
    assert err["error"] == "监控报告未保存：按规则须补充说明 3 处。"
    assert "预算执行：因亮红灯，须填写偏差原因。" in err["errors"]
    body.update(budget_causes=["经费保障"], budget_explanation="经费拨付延后。", budget_measures="10月集中支付。")
    resp = client.post("/api/monitoring", json.dumps(body), content_type="application/json")
    assert resp.status_code == 201, resp.content
    created = resp.json()
    assert created["budget_light"] == "red" and created["version"] == 1
    # PUT: an indicator with 有可能 needs its explanation too; stale version → 409
    put = {"version": 1, "indicators": [{"name": "组织培训次数", "progress": "3次", "likelihood": "有可能"}]}
    resp = client.put(f"/api/monitoring/{created['id']}", json.dumps(put), content_type="application/json")
    assert resp.status_code == 422
    assert "组织培训次数：因完成目标可能性为“有可能”，须填写整改措施。" in resp.json()["errors"]
    put["indicators"][0].update(causes=["其他"], explanation="场地紧张。", measures="改为线上。")
    resp = client.put(f"/api/monitoring/{created['id']}", json.dumps(put), content_type="application/json")
    assert resp.status_code == 200 and resp.json()["version"] == 2
    assert resp.json()["indicators"][0]["measures"] == "改为线上。"
    resp = client.put(f"/api/monitoring/{created['id']}", json.dumps(put), content_type="application/json")
    assert resp.status_code == 409 and "第 1 版" in resp.json()["error"]
    # a second report for the same month is refused
    resp = client.post("/api/monitoring", json.dumps(body), content_type="application/json")
    assert resp.status_code == 409


def test_api_refuses_bad_values_in_chinese(client, world):
    login(client, world, "clerk")
    p = project("法律培训费")
    body = {"project": p.pk, "checkpoint": "十三月", "executed": "1"}
    resp = client.post("/api/monitoring", json.dumps(body), content_type="application/json")
    assert resp.status_code == 422 and "监控时点“十三月”无法识别" in resp.json()["error"]
    body = {"project": p.pk, "checkpoint": "9月底", "executed": "1",
            "indicators": [{"name": "组织培训次数", "likelihood": "大概"}]}
    resp = client.post("/api/monitoring", json.dumps(body), content_type="application/json")
    assert resp.status_code == 422 and "取值不在允许的范围内" in resp.json()["error"]


# ---------------------------------------------------------------- checks after every save


def test_every_save_runs_the_checks_and_shows_them_grouped(client, world):
    from html import escape

    from jixiao.web.monitoring import mapping as mmap

    login(client, world, "clerk")
    p = project("法律培训费")
    data = post_data(p, "1.00", "9月底", **{"组织培训次数": {"progress": "3次", "expected": "3次"}})
    data.update(budget_causes=["经费保障"], budget_explanation="培训经费拨付延后。", budget_measures="10月集中支付。")
    resp = client.post(f"/monitoring/projects/{p.pk}/9/", data, follow=True)
    html = resp.content.decode()
    saved = mm.MonitoringReport.objects.get(project=p, month=9)
    findings = mmap.evaluate_report(saved).findings
    by = {sev: [f for f in findings if str(f.severity) == sev] for sev in ("error", "warning", "info")}
    assert any(f.code == "monitor-light-red" for f in by["warning"])  # 12.5% of the plan: red
    # the confirmation says what the checks found, and the page lists every finding by severity
    told = f"检查发现：错误 {len(by['error'])} 条、警告 {len(by['warning'])} 条、提示 {len(by['info'])} 条"
    assert told in html
    panel = html[html.index('id="monitoring-findings"'):]
    assert f'<span class="sev sev-warning">警告</span> {len(by["warning"])} 条' in panel
    for f in findings:
        assert escape(f.message) in panel
    if by["info"]:  # coverage notes folded away
        assert '<details class="findings-group info">' in panel
    assert '<details class="findings-group warning" open>' in panel


def test_tables_are_built_once_per_stamps_of_the_records_they_read(client, world, builds):
    from jixiao.web.monitoring import models as mm

    login(client, world, "reviewer")
    p = project("法治专项业务费")
    url = f"/monitoring/projects/{p.pk}/6/table.xlsx"

    def cells(path: str) -> list[str]:
        response = client.get(path)
        assert response.status_code == 200 and response.streaming
        wb = load_workbook(io.BytesIO(response.getvalue()))
        return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]

    first = cells(url)
    assert cells(url) == first and builds == [(f"report-{p.monitoring_reports.get(month=6).pk}", "monitoring-project", "xlsx")]
    report = mm.MonitoringReport.objects.get(project=p, month=6)
    row = report.rows.order_by("id").first()
    mm.MonitoringRow.objects.filter(pk=row.pk).update(measures="改进措施已落实到位")  # in place: no version bumped
    changed = cells(url)
    assert changed != first and "改进措施已落实到位" in changed and len(builds) == 2
    whole = f"/monitoring/departments/{p.unit.parent.pk}/monitoring-department.xlsx"
    assert cells(whole) == cells(whole) and len(builds) == 3
    login(client, world, "evaluator")  # one who may not read the project: refused though the file is built
    assert client.get(url).status_code in (403, 404)
