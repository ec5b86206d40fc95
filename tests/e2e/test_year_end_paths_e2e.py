"""The year end of issue 18 in a real browser, as the README's demo accounts: four paths.

1. A project's self-evaluation from its records: the clerk of 124005 submits the 2023 targets of
   法律援助及12348业务费, the department reviewer approves them; the clerk makes the self-evaluation
   from them — prefilled from the demo's 1-7月 monitoring report and scored —, types the full-year
   values the monitoring expected, overrides one score (refused without a reason, kept with one and
   shown as a finding), submits; the reviewer approves.
2. The evaluator's workspace: the bureau creates the finance evaluation of that project and assigns
   the evaluator, who builds the indicator system from the template (the legal-aid 2022 scheme) and
   enters three measurements one by one (three rule kinds), each from the seed's measurement file;
   the page's scores equal the core's on the same inputs; the report comes out as DOCX and PDF.
   A shortened walk: the full rebuild of the seed's 90.63 is tests/web/test_evaluation_work.py.
3. A sampling review: the bureau draws the 2022 forms by amount, assigns the department reviewer
   to the largest, who records 复核分 and 复核意见; the summary sets self against review.
4. The 2022 disclosure package: the reviewer imports the stored 决算's entries, downloads the
   package text, and ``jixiao check --json`` on it reports no error.

Every expected figure is computed here by the core from the bundled documents and the values the
test types, never written down. Every wait is on visible text or an element, never a sleep.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from jixiao.grammar import parse_target
from jixiao.ingest import read_file
from jixiao.ingest.text import parse_decimal
from jixiao.model.selfeval import Figure
from jixiao.model.source import Source
from jixiao.monitor.department_selfeval import missing_explanations
from jixiao.monitor.sampling import compare
from jixiao.monitor.selfeval_draft import draft_self_evaluation, fill_scores, rate_figure
from jixiao.monitor.yamlfile import read_reports
from jixiao.numbers import money, plain
from jixiao.rules import evaluation_workspace as ws
from jixiao.rules.schemefile import load_tree
from jixiao.rules.schemes import shipped_self_scheme
from jixiao.rules.score_evaluation import score_evaluation
from tests.conftest import ACCOUNTS
from tests.e2e.accounts import login, logout
from tests.e2e.test_workflow_cycle import shoot, status_of

REPO = Path(__file__).resolve().parents[2]
UNIT = "124005 青岛市法律援助中心"
PROJECT = "法律援助及12348业务费"
GOALS = REPO / "examples" / "qingdao-justice-2023-goal-tables.txt"
MONITORING = REPO / "examples" / "monitoring" / "qingdao-2023-1-7.yaml"
MEASUREMENTS = REPO / "tests" / "data" / "legal-aid-2022-measurements.yaml"
SCHEME = "mof-2020-10"
OVERRIDE_REASON = "满意度调查样本量不足，酌情扣分。"
EVAL_TITLE = "2023年度法律援助及12348业务费财政绩效评价（浏览器测试）"
TEMPLATE = "qingdao-legal-aid-2022"
MEASURED = ("预算执行率", "制度执行有效性", "结案归档卷宗规范率")  # three rules: linear, check points, all-or-nothing
PROBLEMS = "结案卷宗存在无部门领导签字的情况。"
OPINION = "预算执行率佐证不足，按执行进度扣分。"
DEPARTMENT = "青岛市司法局"


def act(page: Page, code: str, expected_status: str) -> None:
    page.locator(f"form.action-{code} button[data-action={code}]").click()
    expect(status_of(page)).to_have_text(expected_status)


def path_of(page: Page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


# ---------------------------------------------------------------- 1. self-evaluation from the records


def core_draft():
    """The core's draft from the bundled targets and the demo's 1-7月 report, and that report."""
    project = next(p for p in read_file(GOALS).goals.projects if p.name == PROJECT)
    reports = [r for r in read_reports(MONITORING).reports if r.project == PROJECT]
    assert len(reports) == 1
    return draft_self_evaluation(project, reports, SCHEME, year=2023, department=DEPARTMENT), reports[0]


def core_entered(form, actuals: dict[int, str], executed: str, scores: dict[int, str] | None = None):
    """The core's scoring of ``form`` with the typed actual values, 全年执行数 and kept scores."""
    indicators = [
        dataclasses.replace(it, actual=parse_target(actuals[n], role="actual").value) if n in actuals else it
        for n, it in enumerate(form.indicators)
    ]
    total = form.total_line
    value = parse_decimal(executed)
    line = dataclasses.replace(
        total, executed=Figure(executed, value, Source("")), rate=rate_figure(value, total.adjusted.value)
    )
    form = dataclasses.replace(
        form, indicators=tuple(indicators), budget_lines=tuple(line if x is total else x for x in form.budget_lines)
    )
    computed, result = fill_scores(form, SCHEME)
    if scores:
        typed = [
            dataclasses.replace(it, score=Figure(scores[n], Decimal(scores[n]), Source(""))) if n in scores else it
            for n, it in enumerate(computed.indicators)
        ]
        computed, result = fill_scores(dataclasses.replace(form, indicators=tuple(typed)), SCHEME, keep=scores)
    return computed, result


def test_project_self_evaluation_from_targets_and_monitoring(page: Page, screenshots) -> None:
    draft, report = core_draft()
    expected = {p.name: p.expected.raw for p in report.indicators}  # the year's values the report foresaw
    actuals = {n: expected[it.name] for n, it in enumerate(draft.form.indicators) if it.actual.raw != expected[it.name]}
    assert actuals  # the full-year values differ from the 1-7月 progress somewhere
    executed = plain(report.expected_executed)
    form, result = core_entered(draft.form, actuals, executed)
    assert missing_explanations(form, SCHEME) == []  # nothing left to explain: the form can be submitted
    at = max(range(len(form.indicators)), key=lambda n: form.indicators[n].weight.value)  # the heaviest row
    override = plain(form.indicators[at].score.value / 2)
    overridden, overridden_result = core_entered(draft.form, actuals, executed, {at: override})

    # --- the targets submitted by the clerk, approved by the department reviewer
    login(page, "clerk2")
    page.get_by_role("link", name=UNIT).first.click()
    row = page.locator("table.list tr", has=page.get_by_role("link", name=PROJECT, exact=True)).filter(has_text="2023")
    row.get_by_role("link", name=PROJECT, exact=True).click()
    project_path = path_of(page)
    act(page, "submit", "已提交")
    logout(page)
    login(page, "reviewer")
    page.goto(project_path)
    act(page, "approve", "主管部门已审核")
    logout(page)

    # --- the clerk makes the self-evaluation: prefilled from the monitoring, scored by the core
    login(page, "clerk2")
    page.goto(project_path)
    page.get_by_role("link", name="生成绩效自评表").click()
    expect(page.locator("main")).to_contain_text(f"监控报告：{report.checkpoint.label}")
    page.locator("#scheme").select_option(SCHEME)
    page.get_by_role("button", name="生成绩效自评表").click()
    expect(page.locator("h1")).to_contain_text(f"2023年度项目支出绩效自评表：{PROJECT}")
    expect(status_of(page)).to_have_text("草稿")
    expect(page.locator("#total")).to_have_text(draft.form.total.raw)
    expect(page.locator("input[name=executed]")).to_have_value(plain(report.executed))
    for n, it in enumerate(draft.form.indicators):
        expect(page.locator(f"input[name=actual-{n}]")).to_have_value(it.actual.raw)
    expect(page.locator("main")).to_contain_text(f"全年执行数取自{report.checkpoint.label}监控的累计执行数")
    expect(page.locator("main")).not_to_contain_text("表中执行率")  # its own rate read back agrees with itself
    selfeval_path = path_of(page)

    # --- the year's values typed, rescored: the page's total and working are the core's
    page.locator("input[name=executed]").fill(executed)
    for n, value in actuals.items():
        page.locator(f"input[name=actual-{n}]").fill(value)
    page.locator("textarea[name=goal_actual]").fill("全年目标基本完成。")
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#total")).to_have_text(form.total.raw)
    expect(page.locator("#indicators")).to_contain_text(f"等级：{result.grade}")
    first = next(iter(actuals))
    expect(page.locator("#indicators")).to_contain_text(f"计算：{result.items[first + 1].explanation}")
    expect(page.locator("main")).to_contain_text(result.items[0].explanation)  # 预算执行率 with its working

    # --- an override: refused without a reason, kept with one and shown as a finding
    page.locator(f"input[name=score-{at}]").fill(override)
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#errors")).to_contain_text("改分须填写理由")
    page.locator(f"input[name=reason-{at}]").fill(OVERRIDE_REASON)
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#overrides")).to_contain_text(OVERRIDE_REASON)
    expect(page.locator("#overrides")).to_contain_text("自评得分人工修改")
    expect(page.locator("#total")).to_have_text(overridden.total.raw)
    assert overridden.total.value < form.total.value and overridden_result.grade
    shoot(page, screenshots, "yearend-selfeval")

    # --- submitted by the clerk, approved by the reviewer
    act(page, "submit", "已提交")
    logout(page)
    login(page, "reviewer")
    page.goto(selfeval_path)
    act(page, "approve", "主管部门已审核")
    expect(page.locator("#total")).to_have_text(overridden.total.raw)


# ---------------------------------------------------------------- 2. the evaluator's workspace


def seed_measurements() -> dict[str, dict]:
    """The chosen indicators' items of the seed's measurement file (what the report states)."""
    items = ws.plain_data(load_tree(MEASUREMENTS).value)["items"]
    return {name: {k: v for k, v in items[name].items() if k not in ("published", "note")} for name in MEASURED}


def core_scored(items: dict[str, dict]):
    scheme = ws.load_scheme_data(ws.scheme_template(TEMPLATE))
    measurements = ws.load_measurement_data(scheme, items, EVAL_TITLE)
    evaluation = ws.blank_evaluation(EVAL_TITLE, project=PROJECT, year=2023)
    return scheme, score_evaluation(evaluation, scheme, measurements)


def enter(page: Page, name: str, values: dict) -> None:
    """One indicator's measurement typed into its form on the workspace page (its row opened), saved."""
    row = page.locator(f"details[id='m-{name}']")
    if row.get_attribute("open") is None:
        row.locator("summary").click()
    form = row.locator("form.measure")
    for key, value in values.items():
        if key == "actual":
            form.locator("input[name=actual]").fill(str(value))
        elif key == "actual_of":
            form.locator("input[name=actual_of]").fill("/".join(str(x) for x in value))
        elif key == "checks":
            for i, met in enumerate(value):
                form.locator(f"select[name=check-{i}]").select_option("true" if met else "false")
        elif key == "met":
            form.locator("select[name=met]").select_option("true" if value else "false")
        elif key == "evidence":
            form.locator("input[name=evidence]").fill(value)
        else:
            raise AssertionError(f"未处理的测量项：{key}")
    form.locator("input[name=source]").fill("2022年度法律援助及12348热线项目支出财政绩效评价报告")
    form.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text(f"已保存“{name}”的测量值。")


def test_evaluator_builds_the_scheme_enters_measurements_and_downloads_the_report(page: Page, screenshots) -> None:
    items = seed_measurements()
    scheme, result = core_scored(items)
    by_name = {i.name: i for i in result.items}

    # --- the bureau creates the evaluation and assigns the evaluator
    login(page, "bureau")
    page.locator("header nav").get_by_role("link", name="评价工作").click()
    create = page.locator("#create-work")
    create.locator("select[name=kind]").select_option("finance")
    create.locator("input[name=title]").fill(EVAL_TITLE)
    create.locator("input[name=year]").fill("2023")
    create.locator("select[name=projects]").select_option(label=f"2023 {PROJECT}")
    create.locator("input[name=firm]").fill("山东润德有限责任会计师事务所")
    create.locator("select[name=evaluators]").select_option("evaluator")
    create.get_by_role("button", name="创建").click()
    expect(page.locator("main")).to_contain_text(f"已创建评价“{EVAL_TITLE}”。")
    expect(page.locator("#work-status")).to_have_text("草稿")
    logout(page)

    # --- the evaluator: the indicator system from the template, three measurements one by one
    login(page, "evaluator")
    page.locator("header nav").get_by_role("link", name="评价工作").click()
    page.get_by_role("link", name=EVAL_TITLE).click()
    page.locator("#scheme select[name=template]").select_option(TEMPLATE)
    page.locator("#scheme").get_by_role("button", name="建立").click()
    expect(page.locator("main")).to_contain_text("已从模板建立指标体系。")
    sections = "、".join(f"{s.name} {plain(s.weight)} 分" for s in scheme.sections)
    expect(page.locator("#scheme")).to_contain_text(f"一级指标：{sections}；评分指标 {len(scheme.items)} 个。")
    for name, values in items.items():
        enter(page, name, values)
        row = page.locator(f"details[id='m-{name}']")
        expect(row).to_have_attribute("open", "")  # the saved row is open again after the save
        expect(row.locator("summary .score")).to_have_text(money(by_name[name].computed))
        expect(row.locator("summary .working")).to_contain_text(by_name[name].explanation)  # + （来源：…）
        expect(row.locator(".full-working")).to_contain_text(by_name[name].explanation)
    unmeasured = next(i.name for i in scheme.items if i.name not in items)  # said plainly, no file named
    closed = page.locator(f"details[id='m-{unmeasured}']")
    expect(closed.locator("summary .working")).to_have_text(by_name[unmeasured].explanation)
    expect(closed.locator("summary")).to_contain_text("未录入")
    expect(closed.locator("form.measure")).to_be_hidden()  # closed until its row is clicked
    closed.locator("summary").click()
    expect(closed.locator("form.measure")).to_be_visible()
    expect(page.locator("#indicators-help")).to_contain_text(f"已录入 {len(items)} / {len(scheme.items)} 个")
    assert "未提供该指标的测量值" in by_name[unmeasured].explanation
    table = page.locator("#score-table")
    expect(table.locator("h2")).to_have_text(
        f"评分表（得分 {money(result.computed_total)} 分，等级“{result.grade or '—'}”）"
    )
    for s in result.sections:
        expect(table.locator("tr", has_text=s.name).first).to_contain_text(money(s.computed))
    page.locator("details[id='m-预算执行率']").scroll_into_view_if_needed()
    shoot(page, screenshots, "evaluation-workspace")

    # --- the report's texts, then the report as DOCX and PDF
    page.locator("#report textarea[name=problems]").fill(PROBLEMS)
    page.locator("#report").get_by_role("button", name="保存报告文字").click()
    expect(page.locator("main")).to_contain_text("报告文字已保存。")
    with page.expect_download() as docx:
        page.get_by_role("link", name="下载 DOCX").click()
    assert docx.value.path().read_bytes()[:2] == b"PK"
    with page.expect_download() as pdf:
        page.get_by_role("link", name="下载 PDF").click()
    pdf_path = docx.value.path().parent / "evaluation.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:4] == b"%PDF"
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    flat = re.sub(r"\s+", "", text.stdout)
    assert EVAL_TITLE.replace(" ", "") in flat or PROJECT in flat
    assert PROBLEMS in flat and money(result.computed_total) in flat


# ---------------------------------------------------------------- 3. a sampling review


def largest_seed_form():
    """The seed's 2022 self-evaluation with the largest 全年预算数 (drawn first by amount)."""
    forms = read_file(ACCOUNTS).accounts.self_evaluations
    return max(forms, key=lambda f: f.total_line.adjusted.value if f.total_line and f.total_line.adjusted else 0)


def test_sampling_review_recorded_and_summarised(page: Page, screenshots) -> None:
    form = largest_seed_form()
    bands = shipped_self_scheme(SCHEME).grades

    # --- the bureau draws by amount; a 部门整体 form made by another test may come first, so two
    login(page, "bureau")
    page.locator("header nav").get_by_role("link", name="自评抽查").click()
    page.locator("#year").select_option("2022")
    page.locator("#method").select_option("amount")
    page.locator("#size").fill("2")
    page.locator("#sampling-form").get_by_role("button", name="抽取").click()
    expect(page.locator("h1")).to_contain_text("2022年度绩效自评抽查")
    row = page.locator("#summary tr", has=page.get_by_role("link", name=form.project, exact=True))
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(5)).to_have_text(money(form.total.value))
    expect(row).to_contain_text("未复核")
    review_path = path_of(page)
    chosen = row.locator("select option").filter(has_text=re.compile(r"^reviewer（")).get_attribute("value")
    row.locator("select").select_option(chosen)
    page.get_by_role("button", name="保存复核人分配").click()
    expect(row.locator("select option:checked")).to_contain_text("reviewer")
    logout(page)

    # --- the reviewer records a 复核分 per item (full marks but one) and the 复核意见
    login(page, "reviewer")
    page.goto(review_path)
    row.get_by_role("link", name="录入复核").click()
    expect(page.locator("h1")).to_have_text(f"复核：{form.project}")
    rows = page.locator("#scores tr").filter(has=page.locator("input"))
    weights = [Decimal(r.locator("td").nth(1).inner_text()) for r in rows.all()]
    assert weights and sum(weights) == 100
    typed = [w / 2 if n == 0 else w for n, w in enumerate(weights)]  # half the first item (预算执行率)
    for r, value in zip(rows.all(), typed, strict=True):
        r.locator("input").fill(plain(value))
    page.locator("#opinion").fill(OPINION)
    page.get_by_role("button", name="保存复核").click()

    # --- the summary: self score against review score, the difference and the grades
    c = compare(form.total.value, sum(typed), bands)
    expect(page.locator("h1")).to_contain_text("2022年度绩效自评抽查")
    cells = row.locator("td")
    expect(cells.nth(5)).to_have_text(money(c.self_total))
    expect(cells.nth(6)).to_have_text(money(c.review_total))
    expect(cells.nth(7)).to_have_text(money(c.difference))
    expect(cells.nth(8)).to_have_text(c.self_grade)
    expect(cells.nth(9)).to_have_text(c.review_grade + ("（等级变化）" if c.grade_changed else ""))
    expect(cells.nth(11)).to_have_text(OPINION)
    shoot(page, screenshots, "sampling-review")


# ---------------------------------------------------------------- 4. the 2022 disclosure package


def test_disclosure_package_generated_from_stored_data_passes_the_checks(page: Page, screenshots, tmp_path) -> None:
    login(page, "reviewer")
    page.goto("/")
    page.get_by_role("link", name="2022年度部门决算").first.click()
    page.get_by_role("link", name="决算公开补充数据与生成").click()
    expect(page.locator("h1")).to_have_text("2022年度部门决算公开：补充数据")
    page.locator("#source").select_option(
        page.locator("#source option").filter(has_text=re.compile(r"^2022年度：")).get_attribute("value")
    )
    page.locator("#import-form").get_by_role("button", name="导入").click()
    expect(page.locator("#provenance")).to_contain_text("名词解释：沿用2022年度部门决算")  # which part, from where
    expect(page.locator("#glossary")).not_to_have_value("")
    expect(page.locator("#admin_costs")).not_to_have_value("")
    shoot(page, screenshots, "disclosure-entries")
    with page.expect_download() as download:
        page.locator("#downloads").get_by_role("link", name="TXT", exact=True).click()
    text_path = tmp_path / "青岛市司法局2022年度部门决算.txt"
    download.value.save_as(text_path)
    text = text_path.read_text(encoding="utf-8")
    for heading in ("部门概况", "十、其他重要事项情况说明", "十一、预算绩效情况说明", "名词解释"):
        assert heading in text, heading
    numerals = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
    said = set(re.findall(r"^\s*(十一|十|九|八|七|六|五|四|三|二|一)、", text, re.M))
    assert said >= set(numerals), sorted(set(numerals) - said)  # every part of the 情况说明
    tables = set(re.findall(r"公开(0[1-9])表", text))
    assert tables >= {f"0{n}" for n in range(1, 10)}, sorted(tables)  # the nine tables
    assert "〔待补充〕" not in text
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "jixiao", "check", "--json", str(text_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr
    findings = json.loads(run.stdout)["findings"]
    assert any(f["code"] == "document-kind-detected" and "部门决算" in f["message"] for f in findings)
    errors = [f for f in findings if f["severity"] == "error"]
    assert run.returncode == 0 and not errors, [f.get("message") for f in errors]
