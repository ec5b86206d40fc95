"""Year-end pages: a self-evaluation made from an approved seed project and the example monitoring
reports, filled with computed scores (an override needs a reason), its workflow, and 部门整体 targets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.monitor.department_selfeval import missing_explanations
from jixiao.monitor.selfeval_draft import draft_self_evaluation
from jixiao.web.monitoring import mapping as monitoring_mapping
from jixiao.web.monitoring.demo import EXAMPLES_DIR, load_examples
from jixiao.web.store import demo, mapping
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db
NAME = "法律培训费"  # 124001, monitored at 6月底 in examples/monitoring


@pytest.fixture
def world(imported, django_user_model):
    demo.create_accounts()
    load_examples(EXAMPLES_DIR)
    m.Project.objects.filter(name=NAME).update(status=m.Status.DEPT_APPROVED)
    return {u.username: u for u in django_user_model.objects.order_by("id")}


def _generate(client, users):
    client.force_login(users["clerk"])
    p = m.Project.objects.get(name=NAME)
    response = client.post(f"/projects/{p.pk}/selfeval/new/", {"scheme": "mof-2020-10"})
    assert response.status_code == 302
    return p, m.SelfEvaluation.objects.get(project=p, scheme="mof-2020-10")


def test_generated_form_is_the_cores_draft_of_the_stored_records(client, world):
    p, se = _generate(client, world)
    reports = [monitoring_mapping.report_to_model(r) for r in p.monitoring_reports.all()]
    expected = draft_self_evaluation(mapping.project_to_model(p), reports, "mof-2020-10", year=p.year).form
    stored = mapping.selfeval_to_model(se)
    assert se.status == m.Status.DRAFT and se.unit_id == p.unit_id
    assert [(i.name, i.target.raw, i.actual.raw, i.weight.value, i.score.value) for i in stored.indicators] == [
        (i.name, i.target.raw, i.actual.raw, i.weight.value, i.score.value) for i in expected.indicators
    ]
    assert stored.total.value == expected.total.value
    assert stored.total_line.executed.value == p.monitoring_reports.get().executed
    page = client.get(f"/selfevals/{se.pk}/year-end/")
    assert page.status_code == 200 and "计算得分" in page.content.decode()
    # the plain form editor would let scores be typed without a reason: a made form is sent to the year-end page
    edit = client.get(f"/selfevals/{se.pk}/edit/")
    assert edit.status_code == 302 and edit["Location"].endswith(f"/selfevals/{se.pk}/year-end/")


def test_only_an_approved_project_and_its_clerk(client, world):
    draft = m.Project.objects.filter(status=m.Status.DRAFT, unit__code="124001").first()
    client.force_login(world["clerk"])
    assert client.post(f"/projects/{draft.pk}/selfeval/new/").status_code == 403
    assert "审核通过后" in client.get(f"/projects/{draft.pk}/selfeval/new/").content.decode()
    client.force_login(world["reviewer"])
    p = m.Project.objects.get(name=NAME)
    assert client.post(f"/projects/{p.pk}/selfeval/new/").status_code == 403


def test_actuals_rescore_and_an_override_needs_a_reason(client, world):
    p, se = _generate(client, world)
    rows = list(se.indicator_results.order_by("position", "id"))
    at = [r.name for r in rows].index("组织培训次数")
    weight = rows[at].weight_value
    url = f"/selfevals/{se.pk}/year-end/"
    data = {"version": se.version, "executed": str(p.budget), f"actual-{at}": "3次"}
    assert client.post(url, data).status_code == 302
    se.refresh_from_db()
    row = se.indicator_results.get(name="组织培训次数")
    assert row.actual_raw == "3次" and row.score_value == weight  # ≥3次 met: full points
    assert se.budget_lines.get(name="年度资金总额").score_value == 10  # executed = 预算数
    refused = client.post(url, {"version": se.version, f"score-{at}": "1"})
    assert refused.status_code == 400 and "改分须填写理由" in refused.content.decode()
    kept = client.post(url, {"version": se.version, f"score-{at}": "1", f"reason-{at}": "培训质量未达要求"})
    assert kept.status_code == 302
    se.refresh_from_db()
    row = se.indicator_results.get(name="组织培训次数")
    assert (row.score_value, row.override_reason) == (1, "培训质量未达要求")
    page = client.get(url).content.decode()
    assert "自评得分人工修改" in page and "培训质量未达要求" in page
    # through the same workflow: the clerk submits it — not before the explanations the rules require
    se.refresh_from_db()
    missing = missing_explanations(mapping.selfeval_to_model(se), se.scheme)
    assert missing  # rows still without an actual deviate from their targets: 偏差原因 is required
    assert "偏差原因" in client.get(url).content.decode()
    blocked = client.post(f"/workflow/selfevaluation/{se.pk}/submit/", {"version": se.version}, HTTP_HX_REQUEST="true")
    assert blocked.status_code == 400 and "尚不能提交" in blocked.content.decode()
    se.refresh_from_db()
    assert se.status == m.Status.DRAFT
    explained = {"version": se.version, f"score-{at}": "1", f"reason-{at}": "培训质量未达要求",
                 "low_score_explanation": "部分指标年底才能统计，下年度按月跟踪。"}
    explained.update({f"deviation-{n}": "年底统计后补充实际完成值" for n in range(len(rows))})
    assert client.post(url, explained).status_code == 302
    se.refresh_from_db()
    assert se.low_score_explanation == "部分指标年底才能统计，下年度按月跟踪。"
    assert missing_explanations(mapping.selfeval_to_model(se), se.scheme) == []
    assert client.post(f"/workflow/selfevaluation/{se.pk}/submit/", {"version": se.version}).status_code in (200, 302)
    se.refresh_from_db()
    assert se.status == m.Status.SUBMITTED


def test_department_targets_entered_and_checked(client, world):
    dept = m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")
    url = f"/departments/{dept.pk}/targets/2023/"
    # entered by the clerk of the department's own-level unit (124001 青岛市司法局本级), as a project by
    # its unit's clerk; the reviewer reviews (workflow) and never enters
    for name in ("reviewer", "clerk2"):
        client.force_login(world[name])
        assert client.get(url).status_code == 404
    client.force_login(world["clerk"])
    data = {
        "overall_goal": "推进法治政府建设，提升公共法律服务水平。",
        "duties": "统筹全市法治建设\n指导公共法律服务",
        "funds": "财政拨款=1200.50\n其他资金=30",
        "indicators": "产出指标|数量指标|法律援助案件数|≥2000件|计划标准\n满意度指标|服务对象满意度指标|群众满意度|有效提升|",
    }
    assert client.post(url, data).status_code == 302
    row = m.DepartmentTargets.objects.get(department=dept, year=2023)
    assert [(f.source, f.amount) for f in row.funds.order_by("position")] == [
        ("财政拨款", Decimal("1200.50")), ("其他资金", Decimal("30"))]
    page = client.get(url).content.decode()
    assert "1,230.50" in page
    assert "群众满意度" in page and "指标值未量化" in page  # the project-target check applies
    assert row.unit.code == "124001" and row.status == m.Status.DRAFT
    client.force_login(world["bureau"])
    assert client.get(url).status_code == 200
    client.force_login(world["reviewer"])
    assert client.get(url).status_code == 200 and client.post(url, data).status_code == 403


def test_a_made_forms_rate_agrees_with_itself_when_read_back(client, world):
    """The 执行率 the draft prints ("10.59%") is stored as 10.59 padded to the column's scale; read back it
    must keep its printed precision, or the scorer notes the form's own rate as 不一致 with B ÷ A."""
    from jixiao.web.pages import analysis

    _, se = _generate(client, world)
    line = mapping.selfeval_to_model(se).total_line
    assert line.rate is not None and line.rate.raw.endswith("%")
    assert line.rate.value == Decimal(line.rate.raw.rstrip("%"))
    assert [n for n in analysis.score_selfeval(se).notes if "执行率" in n] == []
    assert "表中执行率" not in client.get(f"/selfevals/{se.pk}/year-end/").content.decode()


def test_a_made_form_is_checked_on_every_save_as_an_import(client, world):
    from html import escape

    from jixiao.checks import run_checks
    from jixiao.model.document import Document
    from jixiao.model.selfeval import SelfEvaluationForms
    from jixiao.model.source import Source

    p, se = _generate(client, world)
    url = f"/selfevals/{se.pk}/year-end/"
    rows = list(se.indicator_results.order_by("position", "id"))
    at = [r.name for r in rows].index("组织培训次数")  # target ≥3次: 1次 is a large deviation, unexplained
    # the budget typed as 目标实际完成情况: what the checks of every import flag (form-goal-is-amount)
    goal = format(p.budget.normalize(), "f")
    data = {"version": se.version, f"actual-{at}": "1次", f"deviation-{at}": "", "goal_actual": goal}
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    se.refresh_from_db()
    # the same checks as on an imported form: run here on the stored form read back
    form = mapping.selfeval_to_model(se)
    forms = SelfEvaluationForms(form.project, se.year, se.unit.parent.name, (form,), (), (), Source(""))
    doc = Document("x", "self_evaluation", None, 0, None, None, (), (), forms=forms)
    expected = run_checks([doc], include_reading=False).findings
    assert [f.code for f in expected] == ["form-goal-is-amount"]
    counts = {s: sum(1 for f in expected if str(f.severity) == s) for s in ("error", "warning", "info")}
    assert response.redirect_chain, html[html.find('id="errors"'):][:500]
    assert f"检查发现：错误 {counts['error']} 条、警告 {counts['warning']} 条" in html
    panel = html[html.index('id="selfeval-findings"'):]
    for f in expected:
        assert escape(f.message) in panel
    # the form's own page shows them too (it has no file to check)
    page = client.get(f"/selfevals/{se.pk}/").content.decode()
    assert escape(expected[0].message) in page
