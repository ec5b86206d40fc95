"""部门整体 monitoring in the core (jixiao.monitor.department): drafted from department targets and the
seed's 2023 projects (seed 000) with their 1-7月 monitoring (examples/monitoring), judged by the project
engine's rules, the fund rows' lights and parts, and the official form department-monitoring-form."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.grammar import parse_target
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.monitor.department import (
    FUND_NAMES,
    DepartmentMonitoringReport,
    FundProgress,
    draft_department_monitoring,
    evaluate_department,
)
from jixiao.monitor.department_selfeval import draft_department_self_evaluation, monitoring_execution
from jixiao.monitor.lights import LIGHT_RULES, BudgetInput
from jixiao.monitor.model import Checkpoint, Light, Likelihood
from jixiao.monitor.rulesets import load_ruleset
from jixiao.monitor.yamlfile import read_reports
from jixiao.report.department_monitoring import department_monitoring_view
from jixiao.report.registry import FORMATS, REPORTS, load_builtin_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "monitoring"
CP = Checkpoint(7, "1-7月")
ROWS = (
    ("产出指标", "数量指标", "法律援助案件数", "≥2000件"),
    ("效益指标", "社会效益指标", "公共法律服务覆盖率", "100%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
)


def targets(fiscal: str = "90000", other: str = "5000") -> DepartmentTargets:
    return DepartmentTargets(
        department="青岛市司法局", year=2023, overall_goal="推进法治政府建设。", duties=("统筹法治建设", "公共法律服务"),
        funds=(FundLine("财政拨款", Decimal(fiscal)), FundLine("其他资金", Decimal(other))),
        indicators=tuple(Indicator(a, b, c, "", parse_target(t, role="target").value, None, Source("t", row=n))
                         for n, (a, b, c, t) in enumerate(ROWS)),
    )


@pytest.fixture(scope="module")
def seed_reports():
    return read_reports(EXAMPLES / "qingdao-2023-1-7.yaml").reports


def test_draft_funds_from_targets_and_the_seed_projects(goals_doc, seed_reports):
    projects = goals_doc.goals.projects
    draft = draft_department_monitoring(targets(), CP, projects, seed_reports)
    funds = {f.name: f for f in draft.report.funds}
    project_budget = sum((p.budget for p in projects if p.budget is not None), Decimal(0))
    assert project_budget == Decimal("1487.65")  # seed 000: the ten 2023 goal tables of 青岛市司法局
    assert (funds["年度部门预算总额"].initial, funds["财政性资金"].initial, funds["其他资金"].initial) == (
        Decimal(95000), Decimal(90000), Decimal(5000))
    assert funds["项目支出"] == FundProgress("项目支出", project_budget,
                                          sum((r.executed for r in seed_reports), Decimal(0)),
                                          sum((r.expected_executed for r in seed_reports), Decimal(0)))
    assert funds["项目支出"].executed == Decimal("314.20")
    assert funds["基本支出"].initial == Decimal(95000) - project_budget
    assert [i.name for i in draft.report.indicators] == [r[2] for r in ROWS]
    assert draft.report.duty_goal == "推进法治政府建设。" and draft.report.tasks == ("统筹法治建设", "公共法律服务")
    assert any("另有7个项目尚无1-7月监控报告" in n for n in draft.notes)
    # a checkpoint no project reported at: no execution, said so
    june = draft_department_monitoring(targets(), Checkpoint(9, "1-9月"), projects, seed_reports)
    assert june.report.fund("项目支出").executed is None and any("没有1-9月的监控报告" in n for n in june.notes)


def _filled(executed: dict[str, str], progress: dict[int, tuple[str, Likelihood | None]]) -> DepartmentMonitoringReport:
    base = draft_department_monitoring(targets(), CP).report
    funds = tuple(dataclasses.replace(f, executed=Decimal(executed[f.name]) if f.name in executed else None)
                  for f in base.funds)
    inds = list(base.indicators)
    for k, (text, likely) in progress.items():
        inds[k] = dataclasses.replace(inds[k], progress=parse_target(text, role="actual").value, likelihood=likely)
    return dataclasses.replace(base, funds=funds, indicators=tuple(inds))


def test_lights_are_the_rule_sets_and_explanations_are_required():
    rules = load_ruleset("default")
    report = _filled({"年度部门预算总额": "30000", "财政性资金": "28000", "其他资金": "2000"},
                     {0: ("1300件", Likelihood.CERTAIN), 2: ("88%", Likelihood.POSSIBLE)})
    res = evaluate_department(report, targets(), rules)
    # every fund row: the registered time-progress rule on its own figures (no plan for a department)
    for f in res.funds:
        plain = LIGHT_RULES["time-progress"].fn(BudgetInput(7, "1-7月", f.fund.executed, f.fund.initial, None), {})
        assert (f.verdict.light, f.verdict.ratio) == (plain.light, plain.ratio)
    assert res.funds[0].verdict.light is Light.RED  # 30000 ÷ 95000 = 31.58% of 58.33% = 54.14%
    assert res.funds[0].rate.quantize(Decimal("0.01")) == Decimal("31.58")
    assert res.result.budget_verdict.light is Light.RED
    assert [i.verdict.light for i in res.result.indicators] == [Light.GREEN, Light.NONE, Light.BLUE]
    missing = {(q.subject, q.what) for q in res.missing}
    assert ("预算执行", "偏差原因") in missing and ("群众满意度", "整改措施") in missing
    assert ("法律援助案件数", "偏差原因") not in missing
    messages = [f.message for f in res.findings if f.code == "monitor-causes-required"]
    assert messages and all(m.startswith("部门整体“青岛市司法局”1-7月") for m in messages)
    assert res.overall is Light.RED
    explained = dataclasses.replace(report, budget_causes=("经费保障",), budget_explanation="资金未到位。",
                                    budget_measures="加快支付进度。")
    inds = list(explained.indicators)
    inds[2] = dataclasses.replace(inds[2], causes=("其他",), explanation="调查未开展。", measures="第四季度开展调查。")
    assert not evaluate_department(dataclasses.replace(explained, indicators=tuple(inds)), targets(), rules).missing


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(-3, 3))
def test_parts_must_add_to_the_total(fiscal, other, off):
    total = Decimal(fiscal + other) / 100
    report = _filled({"年度部门预算总额": str(total + off), "财政性资金": str(Decimal(fiscal) / 100),
                      "其他资金": str(Decimal(other) / 100)}, {})
    res = evaluate_department(report, targets(), load_ruleset("default"))
    found = [f for f in res.findings if f.code == "dept-monitor-parts-mismatch"]
    # 年初预算数 by source always adds (90000 + 5000); 执行数 adds exactly when off is 0
    assert len(found) == (1 if off else 0)
    if off:
        assert "资金来源（财政性资金、其他资金）的执行数之和" in found[0].message


def test_self_evaluation_prefilled_from_department_monitoring():
    report = _filled({"年度部门预算总额": "60000", "财政性资金": "57000", "其他资金": "3000"},
                     {0: ("1500件", Likelihood.CERTAIN)})
    executed, notes = monitoring_execution(report)
    draft = draft_department_self_evaluation(targets(), (report.as_report(),), executed=executed)
    lines = {b.name: b.executed.value for b in draft.form.budget_lines if b.executed}
    assert lines == {"年度资金总额": Decimal(60000), "其中：财政拨款": Decimal(57000), "其他资金": Decimal(3000)}
    assert draft.form.indicators[0].actual.raw == "1500件" and "1-7月部门整体监控" in notes[0]


def test_official_form_in_four_formats(tmp_path):
    load_builtin_reports()
    report = _filled({"年度部门预算总额": "30000", "财政性资金": "28000", "其他资金": "2000"},
                     {0: ("1300件", Likelihood.CERTAIN)})
    view = department_monitoring_view(evaluate_department(report, targets(), load_ruleset("default")),
                                      load_ruleset("default"))
    for fmt in FORMATS:
        out = tmp_path / f"form.{fmt}"
        REPORTS["department-monitoring-form"].renderers[fmt](view, out)
        assert out.stat().st_size > 0
    ws = openpyxl.load_workbook(io.BytesIO((tmp_path / "form.xlsx").read_bytes())).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in cells for v in row if v is not None]
    for name in FUND_NAMES[1:]:
        assert name in flat
    total_row = next(row for row in cells if "合计" in row)
    numbers = [v for v in total_row if isinstance(v, (int, float))]
    assert numbers[:2] == [95000, 30000]
    assert "红灯" in total_row and "年度履职目标" in flat and "法律援助案件数" in flat
    html = (tmp_path / "form.html").read_text(encoding="utf-8")
    assert "部门整体支出绩效监控情况表" in html and "95,000.00" in html
