"""绩效运行监控: lights at their boundaries for every rule and preset, the seed projects with the
example monitoring data, required explanations, the Excel template, rule-set files, CLI and tables."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.grammar import parse_target
from jixiao.ingest import read_file
from jixiao.monitor import Checkpoint, IndicatorProgress, Light, Likelihood, MonitoringReport, evaluate, load_ruleset
from jixiao.monitor.batch import run
from jixiao.monitor.engine import find_project
from jixiao.monitor.excel import read_template, write_template
from jixiao.monitor.lights import (
    BudgetInput,
    IndicatorInput,
    ReportInput,
    cumulative_plan,
    cumulative_thresholds,
    progress_gap,
    prorated_target,
    spending_plan,
    tier,
    time_progress,
    within_range,
)
from jixiao.monitor.model import worst
from jixiao.monitor.rulesets import ruleset_names
from jixiao.monitor.yamlfile import read_reports
from jixiao.rules.schemefile import SchemeError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "000_9e54d6a05597118f.txt"
MID_YEAR = ROOT / "examples" / "monitoring" / "qingdao-2023-06.yaml"
JAN_JUL = ROOT / "examples" / "monitoring" / "qingdao-2023-1-7.yaml"
D = Decimal
VENDOR = {"red_below": D(60), "yellow_below": D(80), "blue_from": D(120)}


@pytest.fixture(scope="module")
def goals():
    return read_file(SEED).goals


@pytest.fixture(scope="module")
def default():
    return load_ruleset("default")


def project(goals, number):
    return next(p for p in goals.projects if p.number == number)


def tv(text):
    return parse_target(text).value


def ind(target, progress, month=6):
    return IndicatorInput(month, "x", tv(target), tv(progress))


# -- budget light: straight-line time progress --------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "light"),
    [
        (D("29.99"), Light.RED),  # 29.99% of 100 at June: 59.98% of time progress
        (D("30"), Light.YELLOW),  # exactly 60%
        (D("39.99"), Light.YELLOW),
        (D("40"), Light.GREEN),  # exactly 80%
        (D("100"), Light.GREEN),  # no blue for the budget
    ],
)
def test_time_progress_boundaries(executed, light):
    v = time_progress(BudgetInput(6, "6月底", executed, D(100), None), VENDOR)
    assert v.light is light
    assert v.ratio == executed * 2


def test_time_progress_without_budget_is_not_judged():
    v = time_progress(BudgetInput(6, "6月底", D(10), None, None), VENDOR)
    assert v.light is Light.NONE and "没有年初预算数" in v.working


# -- budget light: the project's own spending plan (seed 000) -------------------------------------


def test_plan_reading_interpolates_and_carries_blanks(goals):
    training = project(goals, 1).spending_plan  # 3月底 blank, 6月底 2.00, 10月底 10.00, 12月底 17.00
    assert cumulative_plan(training, 3, envelope=False) == 0  # blank = unchanged since the start
    assert cumulative_plan(training, 6, envelope=False) == D("2.00")
    assert cumulative_plan(training, 8, envelope=False) == D("6.00")  # halfway from 2 to 10
    uniforms = project(goals, 5).spending_plan  # 6月底 376.59, then blanks
    assert cumulative_plan(uniforms, 12, envelope=False) == D("376.59")
    assert cumulative_plan(uniforms, 4, envelope=False) == D("376.59") / 3


@pytest.mark.parametrize(("executed", "light"), [(D("1.19"), Light.RED), (D("1.20"), Light.YELLOW),
                                                  (D("1.60"), Light.GREEN)])
def test_spending_plan_boundaries(goals, executed, light):
    p = project(goals, 1)  # plan 2.00 at 6月底: 60% = 1.20, 80% = 1.60
    v = spending_plan(BudgetInput(6, "6月底", executed, p.budget, p.spending_plan), VENDOR)
    assert v.light is light and v.rule == "spending-plan"


def test_falling_plan_of_project_3_falls_back_to_time_progress(goals, default):
    p = project(goals, 3)
    assert p.name == "法治专项业务费"
    assert [pt.amount for pt in p.spending_plan.points] == [None, D("40.00"), D("150.00"), D("108.40")]
    # 35.00 at 6月底: against the plan (40.00) 87.5% would be green; time progress gives red
    v = spending_plan(BudgetInput(6, "6月底", D("35.00"), p.budget, p.spending_plan), VENDOR)
    assert v.light is Light.RED
    assert "改按序时进度" in v.working and "累计计划不应下降" in v.working
    assert v.ratio == D("35.00") / D("208.40") * 100 / 50 * 100
    report = MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("35.00"), ())
    result = evaluate(report, p, default)
    codes = [f.code for f in result.findings]
    assert codes.count("monitor-plan-inconsistent") == 1
    assert "108.4不等于预算数208.4" in next(f.message for f in result.findings if f.code == "monitor-plan-inconsistent")


def test_falling_plan_envelope_option(goals):
    p = project(goals, 3)
    params = {**VENDOR, "on_inconsistent": "envelope"}
    # at 12月底 the envelope keeps 150 (not 108.40): 150 × 0.8 = 120 is the green boundary
    assert spending_plan(BudgetInput(12, "12月底", D("120"), p.budget, p.spending_plan), params).light is Light.GREEN
    assert spending_plan(BudgetInput(12, "12月底", D("119.99"), p.budget, p.spending_plan), params).light is Light.YELLOW


def test_nothing_planned_yet_is_green(goals):
    p = project(goals, 2)  # 法律职业资格考试费: 3月底 and 6月底 blank
    v = spending_plan(BudgetInput(6, "6月底", D(0), p.budget, p.spending_plan), VENDOR)
    assert v.light is Light.GREEN and "尚无应支出数" in v.working


# -- indicator lights --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("progress", "light"),
    [("59次", Light.RED), ("60次", Light.YELLOW), ("79次", Light.YELLOW), ("80次", Light.GREEN),
     ("119次", Light.GREEN), ("120次", Light.BLUE)],
)
def test_positive_indicator_boundaries(progress, light):
    v = prorated_target(ind("≥200次", progress), VENDOR)  # 标准值 200 × 6/12 = 100
    assert v.light is light


def test_positive_target_zero_and_units():
    assert prorated_target(ind("=0件", "0件"), VENDOR).light is Light.GREEN
    assert prorated_target(ind("=0件", "1件"), VENDOR).light is Light.RED
    assert prorated_target(ind("≥10件", "5人次"), VENDOR).light is Light.NONE


def test_shares_can_skip_proration():
    no_prorate = {**VENDOR, "prorate_shares": False}
    assert prorated_target(ind("≥90%", "72%"), no_prorate).light is Light.GREEN  # 72 / 90 = exactly 80%
    assert prorated_target(ind("≥90%", "71.9%"), no_prorate).light is Light.YELLOW
    assert prorated_target(ind("≥90%", "72%"), VENDOR).light is Light.BLUE  # 72 / 45 = 160%


@pytest.mark.parametrize(
    ("target", "progress", "light"),
    [("≤550元", "550元", Light.GREEN), ("≤550元", "551元", Light.RED), ("<5万元", "5万元", Light.RED),
     ("100%", "100%", Light.GREEN), ("100%", "99%", Light.RED), ("≥90%", "90%", Light.GREEN),
     ("≤2小时", "1.5小时", Light.GREEN), ("2023年10月底", "2023年10月31日", Light.GREEN),
     ("2023年10月底", "2023年11月1日", Light.RED)],
)
def test_within_range(target, progress, light):
    assert within_range(ind(target, progress), {}).light is light


@pytest.mark.parametrize(
    ("progress", "light"),
    [("达到预期", Light.GREEN), ("部分达到", Light.YELLOW), ("未达到", Light.RED), ("有效提升", Light.GREEN),
     ("说不清", Light.NONE)],
)
def test_qualitative_tiers(progress, light):
    assert tier(ind("有效提升", progress), {}).light is light


def test_worst_orders_red_yellow_green_blue():
    assert worst([Light.BLUE, Light.GREEN]) is Light.GREEN
    assert worst([Light.BLUE, Light.YELLOW, Light.GREEN]) is Light.YELLOW
    assert worst([Light.YELLOW, Light.RED]) is Light.RED
    assert worst([Light.BLUE]) is Light.BLUE
    assert worst([Light.NONE, Light.BLUE]) is Light.BLUE


# -- presets ---------------------------------------------------------------------------------------


def test_presets_load():
    assert ruleset_names() == ["default", "henan", "sichuan", "zhengzhou"]
    assert [c.label for c in load_ruleset("henan").checkpoints] == ["1-7月"]
    assert [c.month for c in load_ruleset("zhengzhou").checkpoints] == [6, 9]
    assert load_ruleset("sichuan").budget.name == "cumulative-thresholds"


@pytest.mark.parametrize(
    ("month", "executed", "light"),
    [(4, D("24.99"), Light.RED), (4, D("25"), Light.GREEN), (6, D("39.99"), Light.RED), (6, D("40"), Light.GREEN),
     (8, D("59.99"), Light.RED), (8, D("60"), Light.GREEN), (10, D("79.99"), Light.RED), (10, D("80"), Light.GREEN),
     (7, D("39.99"), Light.RED),  # between checkpoints: June's threshold still applies
     (3, D("0"), Light.GREEN)],  # before April there is no threshold
)
def test_sichuan_thresholds(month, executed, light):
    params = load_ruleset("sichuan").budget.params
    assert cumulative_thresholds(BudgetInput(month, "", executed, D(100), None), params).light is light


@pytest.mark.parametrize(("rate", "light"), [(D(40), Light.GREEN), (D("39.99"), Light.YELLOW), (D(60), Light.GREEN),
                                            (D("60.01"), Light.YELLOW)])
def test_sichuan_gap_rule_exactly_ten_points(rate, light):
    params = load_ruleset("sichuan").extra[0].params
    inds = (ind("≥100件", "50件"),)  # completion 50%
    assert progress_gap(ReportInput(6, rate, inds), params).light is light


def test_checkpoint_outside_the_preset_is_reported(goals):
    p = project(goals, 1)
    report = MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("1.80"), ())
    assert "monitor-checkpoint-unexpected" in [f.code for f in evaluate(report, p, load_ruleset("henan")).findings]
    assert "monitor-checkpoint-unexpected" not in [f.code for f in evaluate(report, p, load_ruleset("zhengzhou")).findings]


# -- required explanations ----------------------------------------------------------------------------


def _legislation_report(goals, **fields):
    p = project(goals, 3)
    row = IndicatorProgress("", "", "立法计划数", tv(""), tv("2件"), likelihood=Likelihood.CERTAIN, **fields)
    return p, MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("104.20"), (row,))


def test_red_without_causes_is_a_finding(goals, default):
    p, report = _legislation_report(goals)
    result = evaluate(report, p, default)
    red = result.indicators[0]
    assert red.verdict.light is Light.RED and red.target.raw == "≥8件"  # target from the goal table
    codes = [f.code for f in result.findings]
    assert {"monitor-causes-required", "monitor-explanation-required", "monitor-measures-required"} <= set(codes)
    assert [q.what for q in result.missing] == ["偏差原因", "原因说明", "整改措施"]


def test_red_with_causes_and_measures_needs_nothing(goals, default):
    p, report = _legislation_report(goals, causes=("制度保障",), explanation="上位法修订", measures="10月提请审议")
    result = evaluate(report, p, default)
    assert result.missing == ()
    assert not any(f.code.endswith("-required") for f in result.findings)


def test_possible_likelihood_on_green_still_needs_explanation(goals, default):
    p = project(goals, 1)
    row = IndicatorProgress("", "", "行政执法培训课程数量", tv(""), tv("4门"), likelihood=Likelihood.POSSIBLE)
    report = MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("1.80"), (row,))
    result = evaluate(report, p, default)
    assert result.indicators[0].verdict.light is Light.GREEN
    reasons = {q.reason for q in result.missing}
    assert reasons == {"完成目标可能性为“有可能”"}
    assert "monitor-indicator-missing" in [f.code for f in result.findings]  # the other 7 indicators


# -- the seed projects with the example data ---------------------------------------------------------------


def test_mid_year_example(default):
    outcome = run([MID_YEAR])
    assert outcome.findings == ()
    by_name = {r.report.project: r for r in outcome.results}
    assert list(by_name) == ["法律培训费", "法治专项业务费", "普法人民监督员涉法涉诉经费"]
    training = by_name["法律培训费"]
    assert training.budget_verdict.light is Light.GREEN and training.budget_verdict.ratio == 90
    assert training.project_light is Light.YELLOW
    assert training.missing == ()
    legal = by_name["法治专项业务费"]  # the red case with its explanation
    assert legal.budget_verdict.light is Light.RED and legal.project_light is Light.RED
    assert legal.budget == D("208.40") and legal.missing == ()
    lawyers = by_name["普法人民监督员涉法涉诉经费"]  # the red case without explanation
    assert lawyers.budget_verdict.light is Light.RED and lawyers.budget_verdict.ratio == D("47.5")
    assert len(lawyers.missing) == 6
    assert {q.subject for q in lawyers.missing} == {"预算执行", "抽选检察院人民监督员次数"}


def test_jan_jul_example_under_henan():
    outcome = run([JAN_JUL], ruleset="henan")
    assert [r.overall for r in outcome.results] == [Light.GREEN, Light.GREEN, Light.RED]
    aid = outcome.results[0]
    assert "计划累计支出 = 52.5" in aid.budget_verdict.working  # 20 + (150 − 20) × 1/4
    assert not any(f.code == "monitor-checkpoint-unexpected" for r in outcome.results for f in r.findings)
    assert all(r.missing == () for r in outcome.results)


# -- rule-set files ---------------------------------------------------------------------------------------


def test_bad_ruleset_is_a_chinese_error_with_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: default\nname: mine\nbudget:\n  rule: time-progress\n  red_below: 90\n"
                   "  yellow_below: 80\n", encoding="utf-8")
    with pytest.raises(SchemeError) as e:
        load_ruleset(bad)
    assert "第3行" in str(e.value) and "red_below ≤ yellow_below" in str(e.value)
    typo = tmp_path / "typo.yaml"
    typo.write_text("extends: default\nname: mine\nbudget:\n  rule: time-progres\n", encoding="utf-8")
    with pytest.raises(SchemeError, match="第4行：“time-progres”不是可用的规则"):
        load_ruleset(typo)
    with pytest.raises(SchemeError, match="没有名为“hubei”的监控规则集"):
        load_ruleset("hubei")


def test_custom_ruleset_changes_thresholds(tmp_path, goals):
    mine = tmp_path / "mine.yaml"
    mine.write_text("extends: default\nname: strict\nbudget: {rule: time-progress, red_below: 70, yellow_below: 90}\n",
                    encoding="utf-8")
    rules = load_ruleset(mine)
    p = project(goals, 6)
    report = MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("35.5"), ())  # 100% of time
    assert evaluate(report, p, rules).budget_verdict.light is Light.GREEN
    report = MonitoringReport(p.name, p.code, None, 2023, Checkpoint(6, "6月底"), D("24.85"), ())  # exactly 70%
    assert evaluate(report, p, rules).budget_verdict.light is Light.YELLOW


def test_bad_monitoring_yaml_is_a_finding(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text("project: 法律培训费\ncheckpoint: 6月底\nexecuted: 1.8\nindicators:\n  - name: 组织培训次数\n"
                   "    likelihood: 也许\n", encoding="utf-8")
    rf = read_reports(bad)
    assert [f.code for f in rf.findings] == ["monitor-file-invalid"]
    assert "第6行" in rf.findings[0].message and "确定能、有可能、完全不可能" in rf.findings[0].message


# -- Excel template --------------------------------------------------------------------------------------


def test_excel_round_trip(tmp_path, goals):
    rf = read_reports(MID_YEAR)
    for report in rf.reports:
        p = find_project(goals.projects, report)
        out = write_template(p, report.checkpoint, tmp_path / f"{p.number}.xlsx", year=2023, report=report)
        back, findings = read_template(out)
        assert findings == []
        got = back[0]
        assert (got.project, got.code, got.year, got.checkpoint) == (report.project, report.code, 2023, report.checkpoint)
        assert got.executed == report.executed and got.budget == p.budget
        assert got.expected_executed == report.expected_executed
        assert (got.budget_causes, got.budget_explanation, got.budget_measures) == (
            report.budget_causes, report.budget_explanation, report.budget_measures)
        for a, b in zip(report.indicators, got.indicators, strict=True):
            assert (a.name, a.progress.raw, a.expected.raw, a.likelihood, a.causes, a.explanation, a.measures) == (
                b.name, b.progress.raw, b.expected.raw, b.likelihood, b.causes, b.explanation, b.measures)


def test_excel_template_layout(tmp_path, goals):
    p = project(goals, 1)
    out = write_template(p, Checkpoint(7, "1-7月"), tmp_path / "t.xlsx", year=2023)
    ws = load_workbook(out).active
    assert ws["A1"].value == "项目支出绩效监控情况表"
    assert [ws.cell(8, c).value for c in (1, 2, 3, 4, 5, 6, 7, 13, 14)] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况", "偏差原因分析", "完成目标可能性", "备注"]
    assert [ws.cell(9, c).value for c in range(7, 13)] == ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", "原因说明"]
    assert [ws.cell(5, c).value for c in range(1, 5)] == ["年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"]
    assert ws["A6"].value == 17 and ws["C10"].value == "培训费支出标准" and ws["D11"].value == "≥3次"
    assert ws.max_row == 9 + len(p.indicators)
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"确定能,有可能,完全不可能"' in lists


def test_filled_template_with_mistakes(tmp_path, goals):
    p = project(goals, 1)
    out = write_template(p, Checkpoint(7, "1-7月"), tmp_path / "t.xlsx", year=2023)
    wb = load_workbook(out)
    ws = wb.active
    ws["B6"] = "一万二"  # not a number
    ws["E11"] = "1次"
    ws["M11"] = "可能吧"  # not in the list
    ws["G11"] = "有"  # not a tick
    ws["E12"] = "4门"
    ws["M12"] = "确定能"
    wb.save(out)
    reports, findings = read_template(out)
    messages = {f.code: f.message for f in findings}
    assert "工作表“法律培训费”第6行第B列（B6）" in messages["excel-number-invalid"]
    assert "第11行第M列（M11）" in messages["monitor-likelihood-invalid"]
    assert "第11行第G列（G11）" in messages["monitor-cause-mark-invalid"]
    missing = [f for f in findings if f.code == "excel-required-missing"]
    assert [(f.source.row, f.source.column) for f in missing] == [(r, 5) for r in range(10, 18) if r not in (11, 12)]
    r = reports[0]
    assert r.checkpoint == Checkpoint(7, "1-7月") and r.executed is None
    assert r.indicators[1].causes == ("经费保障",) and r.indicators[1].likelihood is None


def test_excel_unreadable_file(tmp_path):
    junk = tmp_path / "x.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    reports, findings = read_template(junk)
    assert reports == [] and [f.code for f in findings] == ["file-unreadable"]


# -- CLI -------------------------------------------------------------------------------------------------


def test_cli_json_shape():
    res = CliRunner().invoke(app, ["monitor", str(MID_YEAR), "--json"])
    assert res.exit_code == 1  # explanations are missing
    data = json.loads(res.stdout)
    assert set(data) == {"ruleset", "results", "findings", "summary"}
    assert data["summary"] == {"reports": 3, "overall_lights": {"red": 2, "yellow": 1, "green": 0, "blue": 0, "none": 0},
                               "missing_explanations": 6}
    first = data["results"][0]
    assert first["budget_light"]["light"] == "green" and first["budget"] == "17.00"
    assert first["checkpoint"] == {"month": 6, "label": "6月底"}
    ind = first["indicators"][1]
    assert (ind["name"], ind["light"], ind["ratio"][:5], ind["target"]) == ("组织培训次数", "yellow", "66.66", "≥3次")
    assert data["results"][2]["missing"][0] == {"subject": "预算执行", "what": "偏差原因", "reason": "亮红灯", "met": False}


def test_cli_with_goals_and_excel(tmp_path, goals):
    report = read_reports(JAN_JUL).reports[1]
    p = find_project(goals.projects, report)
    xlsx = write_template(p, report.checkpoint, tmp_path / "m.xlsx", year=2023, report=report)
    res = CliRunner().invoke(app, ["monitor", str(xlsx), "--goals", str(SEED), "--ruleset", "henan"])
    assert res.exit_code == 0, res.output
    assert "公共法律服务中心建设运行费" in res.stdout and "计划累计支出 = 15" in res.stdout


def test_cli_bad_ruleset_exits_2(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("name: x\n  bad: [", encoding="utf-8")
    res = CliRunner().invoke(app, ["monitor", str(MID_YEAR), "--ruleset", str(bad)])
    assert res.exit_code == 2 and "第" in res.output


# -- report kinds ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def both_runs():
    return run([MID_YEAR, JAN_JUL])


def test_project_table_xlsx(tmp_path, both_runs):
    from jixiao.report.monitoring import render_run

    out = render_run("monitoring-project", "xlsx", both_runs, tmp_path / "p.xlsx")
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 6
    ws = wb[wb.sheetnames[1]]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "项目支出绩效监控情况表" in values and "法治专项业务费" in values and "红灯" in values
    assert D("208.4") in [D(str(v)) for v in values if isinstance(v, (int, float))]


def test_department_table_pdf_and_html(tmp_path, both_runs):
    import pdfplumber

    from jixiao.report.monitoring import render_run

    pdf = render_run("monitoring-department", "pdf", both_runs, tmp_path / "d.pdf")
    with pdfplumber.open(pdf) as doc:
        content = "".join(page.extract_text() or "" for page in doc.pages)
    for expected in ("部门整体支出绩效监控情况表", "资金来源", "财政性资金", "基本支出", "警用服装费", "红灯", "1,089.29"):
        assert expected in content
    html = render_run("monitoring-department", "html", both_runs, tmp_path / "d.html").read_text(encoding="utf-8")
    assert "light-red" in html and "年度履职目标" in html


def test_project_table_pdf_via_registry(tmp_path):
    import pdfplumber

    from jixiao.report.registry import REPORTS, load_builtin_reports

    load_builtin_reports()
    view = REPORTS["monitoring-project"].build([read_file(SEED)], monitoring=[str(MID_YEAR)], project="法治专项业务费")
    REPORTS["monitoring-project"].renderers["pdf"](view, tmp_path / "p.pdf")
    with pdfplumber.open(tmp_path / "p.pdf") as doc:
        content = "".join(page.extract_text() or "" for page in doc.pages)
    assert "偏差原因分析" in content and "立法计划数" in content and "完成目标可" in content


# -- robustness ------------------------------------------------------------------------------------------


def test_reader_never_raises_on_mangled_yaml():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    lines = MID_YEAR.read_text(encoding="utf-8").splitlines()

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from(range(len(lines))), max_size=len(lines)), st.text(max_size=20))
    def check(order, noise):
        text = "\n".join([lines[i] for i in order] + [noise])
        rf = read_reports("fuzz.yaml", text)
        assert all(f.code == "monitor-file-invalid" for f in rf.findings)
        for r in rf.reports:
            evaluate(r, None, load_ruleset("default"))

    check()
