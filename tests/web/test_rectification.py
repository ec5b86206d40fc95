"""Rectification in the browser and the API, on the workflow world (seed 002's two evaluation reports of
124005 青岛市法律援助中心, linked to its 2023 project 法律援助及12348业务费, seed 000).

A problem from the finance evaluation is recorded, assigned, rectified with evidence and verified;
each role may do only its part; overdue problems are marked; the 整改情况表 downloads in every format;
the 2023 target form shows the 2022 grade and the result decision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import Client

from jixiao.web.rectification import flow
from jixiao.web.rectification.models import Problem
from jixiao.web.store import models as m
from tests.web.test_api import token_for
from tests.web.workflow_world import PASSWORDS

FINANCE = "2022年度法律援助及12348热线项目支出财政绩效评价报告"
DEPARTMENT = "2022年度青岛市法律援助中心法律援助及12348业务费项目支出绩效评价报告"


def auth(username: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(username)}"}


def login(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORDS[username])
    return c


def user(username: str):
    return m.Profile.objects.get(user__username=username).user


@pytest.fixture
def finance(world, db):
    return m.Evaluation.objects.get(title=FINANCE)


@pytest.fixture
def problems(finance):
    made = flow.import_evaluation(user("reviewer"), finance)
    return {p.title: p for p in made}


def test_seed_reports_problems_become_records_owned_by_the_evaluated_unit(world, db):
    made = []
    for title in (DEPARTMENT, FINANCE):
        made += flow.import_evaluation(user("bureau"), m.Evaluation.objects.get(title=title))
    assert [(p.title, p.category, p.source_line, p.unit.code, p.status) for p in made] == [
        ("预算执行率97.56%,未达到100%,得3.75分。", "", 1354, "124005", "pending"),
        ("绩效指标不够明确合理", "决策类/绩效目标类", 1882, "124005", "pending"),
        ("制度落实不够到位", "过程类/过程管理类", 1892, "124005", "pending"),
        ("结案归档卷宗不够规范", "产出类/产出质量类", 1900, "124005", "pending"),
        ("案件办结率呈下降趋势", "产出类/产出质量类", 1904, "124005", "pending"),
    ]
    assert made[1].measures_required.startswith("优化绩效目标管理：青岛市法律援助中心应注重项目绩效目标表的二次审核")
    assert made[0].measures_required == "预算安排方面：提高预判能力,合理安排预算资金,科学设置指标值。"
    assert flow.import_evaluation(user("bureau"), m.Evaluation.objects.get(title=FINANCE)) == []  # idempotent


@pytest.mark.parametrize("username", ["clerk", "clerk2", "evaluator"])
def test_only_managers_record_problems(finance, username):
    with pytest.raises(flow.FlowError) as exc:
        flow.import_evaluation(user(username), finance)
    assert exc.value.status == 403 and not Problem.objects.exists()


def test_problem_recorded_assigned_rectified_with_evidence_and_verified_in_the_browser(finance):
    reviewer, clerk2 = login("reviewer"), login("clerk2")
    assert reviewer.post(f"/rectification/evaluations/{finance.pk}/import/").status_code == 302
    p = Problem.objects.get(title="绩效指标不够明确合理")
    r = reviewer.post(f"/rectification/problems/{p.pk}/assign/",
                      {"version": 1, "deadline": "2099-06-30", "measures": "细化量化“法律援助影响力”指标"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.deadline, p.measures_required, p.version) == (dt.date(2099, 6, 30), "细化量化“法律援助影响力”指标", 2)
    # the clerk of 124005 cannot verify, the reviewer cannot rectify
    assert clerk2.post(f"/rectification/problems/{p.pk}/verify/", {"version": 2, "text": "好"}).status_code == 403
    assert reviewer.post(f"/rectification/problems/{p.pk}/rectify/", {"version": 2, "text": "x"}).status_code == 403
    assert clerk2.post(f"/rectification/problems/{p.pk}/start/", {"version": 2}).status_code == 302
    r = clerk2.post(f"/rectification/problems/{p.pk}/rectify/", {"version": 3, "text": ""}, follow=True)
    assert "须填写整改情况及佐证" in r.content.decode()
    clerk2.post(f"/rectification/problems/{p.pk}/rectify/", {"version": 3, "text": "2023年目标表已量化：挽回损失≥400万元"})
    reviewer.post(f"/rectification/problems/{p.pk}/verify/", {"version": 4, "text": "已核实2023年目标表"})
    p.refresh_from_db()
    assert (p.status, p.evidence, p.opinion, p.verified_by.username) == (
        "verified", "2023年目标表已量化：挽回损失≥400万元", "已核实2023年目标表", "reviewer")
    page = reviewer.get(f"/rectification/problems/{p.pk}/").content.decode()
    assert "已核实" in page and "核实通过" in page and "布置整改" in page  # the history, in Chinese
    assert [e.action for e in m.AuditEntry.objects.filter(object_type="rectification.problem",
                                                          object_id=str(p.pk)).order_by("id")] == [
        "create", "problem-assign", "problem-start", "problem-rectify", "problem-verify"]


def test_stale_version_is_refused(problems):
    p = problems["制度落实不够到位"]
    with pytest.raises(flow.FlowError) as exc:
        flow.move(user("clerk2"), p, "start", 7)
    assert exc.value.status == 409 and "第 7 版" in exc.value.message


@pytest.mark.parametrize(("username", "seen"), [("clerk", 0), ("clerk2", 4), ("reviewer", 4), ("bureau", 4),
                                                ("evaluator", 0), ("admin", 4)])
def test_dashboard_shows_each_role_its_scope(problems, username, seen):
    page = login(username).get("/rectification/").content.decode()
    assert page.count("/rectification/problems/") == seen


def test_overdue_problems_are_highlighted_on_the_dashboard_and_in_the_report(problems):
    p = problems["案件办结率呈下降趋势"]
    Problem.objects.filter(pk=p.pk).update(deadline=dt.date(2020, 1, 31))
    page = login("bureau").get("/rectification/").content.decode()
    assert '<tr class="overdue">' in page and page.count('class="overdue"') == 1
    body = login("bureau").get("/rectification/report.html").content.decode()
    assert "逾期未整改的问题：1个" in body and "共4个问题：待整改3个；逾期1个" in body
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK")):
        r = login("bureau").get(f"/rectification/report.{fmt}")
        assert r.status_code == 200 and r.content.startswith(magic)


def test_result_decision_by_rule_and_shown_on_the_2023_target_form(finance, problems, world):
    with pytest.raises(flow.FlowError) as exc:
        flow.decide(user("reviewer"), finance)
    assert exc.value.status == 403
    with pytest.raises(flow.FlowError, match="须说明理由"):
        flow.decide(user("bureau"), finance, decision="调减")
    d = flow.decide(user("bureau"), finance)  # 优 → 保持 (4 open problems do not change it for 优)
    assert (d.grade, d.decision, d.budget, d.amount, d.open_problems) == ("优", "保持", D("378.5"), D("378.50"), 4)
    page = login("clerk2").get(f"/projects/{world['draft_124005']}/edit/").content.decode()
    assert "上年（2022年）评价结果及应用" in page and "等级“优”" in page and "结果应用：保持" in page
    assert "未整改问题：" in page and "案件办结率呈下降趋势" in page


def test_api_records_and_moves_a_problem_and_reports_last_year(finance, world):
    c = Client()
    r = c.post(f"/api/rectification/evaluations/{finance.pk}/problems", content_type="application/json",
               **auth("reviewer"))
    assert r.status_code == 200 and r.json()["created"] == 4
    pk = r.json()["problems"][0]["id"]
    r = c.post(f"/api/rectification/problems/{pk}/rectify", {"version": 1, "text": ""},
               content_type="application/json", **auth("clerk2"))
    assert r.status_code == 400 and r.json()["error"] == "“提交整改结果”须填写整改情况及佐证，或先上传佐证材料。"
    r = c.post(f"/api/rectification/problems/{pk}/verify", {"version": 1, "text": "x"},
               content_type="application/json", **auth("clerk2"))
    assert r.status_code == 403
    r = c.post(f"/api/rectification/problems/{pk}/rectify", {"version": 1, "text": "已整改"},
               content_type="application/json", **auth("clerk2"))
    assert r.status_code == 200 and r.json()["status"] == "已整改" and r.json()["moves"] == []
    assert c.get("/api/rectification/problems", **auth("clerk")).json()["count"] == 0
    assert c.get(f"/api/rectification/problems/{pk}", **auth("clerk")).status_code == 404
    r = c.post(f"/api/rectification/evaluations/{finance.pk}/decision", {}, content_type="application/json",
               **auth("bureau"))
    assert r.status_code == 200 and r.json()["decision"] == "保持" and r.json()["amount"] == "378.5"
    got = c.get(f"/api/rectification/projects/{world['draft_124005']}/last-year", **auth("clerk2")).json()
    assert got["year"] == 2022
    assert sorted((e["kind"], e["grade"], e["score"]) for e in got["evaluations"]) == [
        ("department", "优", "98.75"), ("finance", "优", "92.13")]
    assert len(got["open_problems"]) == 3


def test_2023_police_uniforms_page_shows_2022_grade_and_target_below_last_years_actual(world, db):
    """Seed 000's 警用服装费 (2023, imported): the 2022 grade (自评情况汇总表) and ≥14500 against 36106."""
    p = m.Project.objects.get(name="警用服装费", year=2023)
    page = login("clerk").get(f"/projects/{p.pk}/").content.decode()
    assert "上年评价等级：“优”（自评情况汇总表第730行）" in page
    assert ('data-code="cross-year-target-low">项目“警用服装费”2023年指标“警用被服采购数量”的目标≥14500件'
            '低于2022年实际完成值36106') in page
    got = Client().get(f"/api/rectification/projects/{p.pk}/last-year", **auth("clerk")).json()
    assert got["grade"] == "优" and [f["code"] for f in got["findings"]] == ["cross-year-target-low"]


def test_poor_project_with_a_raised_budget_is_flagged_on_its_page(world, db):
    """法律职业资格考试费 was graded 差 in 2022 (自评情况汇总表, 120万元): typed again for 2023 at 150万元."""
    p = m.Project.objects.get(name="法律职业资格考试费", year=2023)
    m.Project.objects.filter(pk=p.pk).update(budget=D("150.00"), version=p.version + 1)
    p.refresh_from_db()
    page = login("clerk").get(f"/projects/{p.pk}/").content.decode()
    assert "上年评价等级：“差”（自评情况汇总表第727行）" in page
    assert ('data-code="cross-year-budget-raised-low-grade">项目“法律职业资格考试费”2022年评价等级为“差”'
            '（自评情况汇总表第727行），2023年预算数150.00比上年120（法律职业资格考试费）增加30.00，+25.0%') in page


def test_results_applied_report_lists_each_evaluated_project(finance, problems, world):
    """评价结果应用情况: the bureau's decision on the finance evaluation, the rule's proposal on the
    department's, the open problems and the 2023 budget of 法律援助及12348业务费 (378.50)."""
    import io

    import openpyxl
    import pdfplumber

    flow.decide(user("bureau"), finance, decision="调减", amount=D("340"), reason="办结率下降")
    bureau = login("bureau")
    assert "rectification/results.pdf" in bureau.get("/rectification/").content.decode()
    r = bureau.get("/rectification/results.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]
    assert rows[0] == ["评价结果应用情况"]
    fin = next(row for row in rows if FINANCE in row)
    assert fin[fin.index(FINANCE) + 1:fin.index(FINANCE) + 6] == [92.13, "优", "调减", 378.5, 340]
    assert "办结率下降" in fin and fin[-2:] == [378.5, 0]
    assert "1.绩效指标不够明确合理；2.制度落实不够到位；3.结案归档卷宗不够规范；4.案件办结率呈下降趋势" in fin
    dept = next(row for row in rows if DEPARTMENT in row)
    assert "保持（建议）" in dept and "无" in dept  # not decided; its problem was not recorded
    pdf = bureau.get("/rectification/results.pdf").content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(pg.extract_text() or "" for pg in doc.pages).replace("\n", "")
    assert "评价结果应用情况" in text and "调减" in text and "办结率下降" in text
    assert bureau.get("/rectification/results.docx").status_code == 200
    clerk = login("clerk")
    assert clerk.get("/rectification/results.pdf").status_code == 404  # 124001: no evaluation in scope
    page = clerk.get("/rectification/").content.decode()  # so its page offers no link to that 404
    assert "rectification/results.pdf" not in page and "没有可列入评价结果应用情况的评价报告" in page


def test_the_decision_takes_the_evaluated_years_budget_not_next_years(finance, world, db):
    """The evaluation of 2022 is linked to the 2023 project (same name): the decision's base is the
    2022 figure, from the 2022 self-evaluation of the project, whatever the 2023 budget becomes."""
    assert finance.year == 2022
    before = flow.evaluated_budget(finance)
    forms = [s for s in m.SelfEvaluation.objects.filter(year=2022) if "12348" in s.project_name]
    assert len(forms) == 1
    total = forms[0].budget_lines.order_by("position", "id").first()
    assert before == (total.adjusted_value if total.adjusted_value is not None else total.initial_value)
    assert finance.project.year == 2023  # the link points at next year's project
    m.Project.objects.filter(pk=finance.project_id).update(budget=D("999.00"))
    finance.refresh_from_db()
    assert flow.evaluated_budget(finance) == before
