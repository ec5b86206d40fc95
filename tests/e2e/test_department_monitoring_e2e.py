"""部门整体 monitoring in a real browser, as the README's demo accounts (issue 18).

The clerk of the department's own-level unit (124001) enters 青岛市司法局's 2023 部门整体绩效目标, then opens the
department's monitoring page from the year's row, creates the 1-7月 部门整体 monitoring — prefilled: 年初预算数
by source from the targets, 项目支出 from the demo's 2023 goal tables and their 1-7月 monitoring —, enters the
execution and the indicators' progress; the save is refused while the red budget light and a "有可能"
indicator lack their causes and measures, kept once they are given; the clerk submits, the reviewer
approves, the official form is downloaded as PDF. Expected figures come from the core on the bundled files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from jixiao.ingest import read_file
from jixiao.monitor.yamlfile import read_reports
from jixiao.numbers import money
from tests.e2e.accounts import login, logout
from tests.e2e.test_workflow_cycle import act, shoot, status_of

REPO = Path(__file__).resolve().parents[2]
GOALS = REPO / "examples" / "qingdao-justice-2023-goal-tables.txt"
MONITORING = REPO / "examples" / "monitoring" / "qingdao-2023-1-7.yaml"
DEPARTMENT = "青岛市司法局"
TARGETS = {
    "overall_goal": "推进法治政府建设，提升公共法律服务水平。",
    "duties": "统筹全市法治建设\n指导公共法律服务",
    "funds": "财政拨款=90000\n其他资金=5000",
    "indicators": "产出指标|数量指标|法律援助案件数|≥2000件|计划标准\n"
                  "效益指标|社会效益指标|公共法律服务覆盖率|100%|\n"
                  "满意度指标|服务对象满意度指标|群众满意度|≥90%|",
}


def department_page(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=DEPARTMENT, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(f"{DEPARTMENT} · 部门绩效总览")


def test_department_monitoring_entered_refused_then_submitted(page: Page, screenshots) -> None:
    projects = read_file(GOALS).goals.projects
    project_budget = sum((p.budget for p in projects if p.budget is not None), Decimal(0))
    project_spent = sum((r.executed for r in read_reports(MONITORING).reports), Decimal(0))

    # --- the clerk of the department's own-level unit (124001) enters the 2023 部门整体 targets
    login(page, "clerk")
    department_page(page)
    page.locator("#dept-targets-2023").click()
    for name, value in TARGETS.items():
        page.locator(f"#dept-form textarea[name={name}]").fill(value)
    page.locator("#dept-form").get_by_role("button", name="保存").click()
    expect(page.locator("#dept-targets")).to_contain_text("群众满意度")

    # --- the same clerk drafts the 1-7月 部门整体 monitoring
    department_page(page)
    page.locator("#dept-monitoring-2023").click()
    expect(page.locator("#own-monitoring")).to_contain_text("尚无部门整体监控报告")
    page.locator("#own-create select[name=year]").select_option("2023")
    page.locator("#own-create select[name=checkpoint]").select_option("1-7月")
    page.get_by_role("button", name="填报部门整体监控").click()
    expect(page.locator("h1")).to_contain_text("2023年1-7月部门整体支出绩效监控")
    expect(status_of(page)).to_have_text("草稿")
    funds = page.locator("#fund-table")
    expect(funds).to_contain_text("资金来源")
    expect(funds.locator("#fund-4")).to_contain_text(money(project_budget))  # 项目支出 = Σ of the goal tables
    expect(funds.locator("input[name=fund-4-executed]")).to_have_value(format(project_spent.normalize(), "f"))
    expect(page.locator("#prefill-notes")).to_contain_text("项目监控报告累计执行数之和")

    # --- execution and progress typed: red budget light, one indicator "有可能" → refused
    for k, value in enumerate(("30000", "28000", "2000")):
        page.locator(f"input[name=fund-{k}-executed]").fill(value)
    page.locator("input[name=row-0-progress]").fill("1300件")
    page.locator("select[name=row-0-likelihood]").select_option("确定能")
    page.locator("input[name=row-2-progress]").fill("88%")
    page.locator("select[name=row-2-likelihood]").select_option("有可能")
    page.locator("#save-dept-monitoring").click()
    expect(page.locator("#form-errors")).to_contain_text("因亮红灯，必须勾选偏差原因")
    expect(page.locator("#error-row-2-measures")).to_contain_text("完成目标可能性为“有可能”")

    # --- the causes and measures given: saved, the lights shown
    page.locator("input[name=budget_causes][value=经费保障]").check()
    page.locator("#budget_explanation").fill("部分项目资金尚未拨付到位。")
    page.locator("#budget_measures").fill("加快资金拨付和支付进度。")
    page.locator("input[name=row-2-causes][value=其他]").check()
    page.locator("textarea[name=row-2-explanation]").fill("满意度调查尚未开展。")
    page.locator("textarea[name=row-2-measures]").fill("第四季度开展满意度调查。")
    page.locator("#save-dept-monitoring").click()
    expect(page.locator("main")).to_contain_text("已保存1-7月部门整体监控（第 2 版）：总体红灯")
    expect(page.locator("#fund-0")).to_contain_text("31.58%")  # 30000 ÷ 95000
    expect(page.locator("#fund-0")).to_contain_text("红灯")
    expect(page.locator("#light-0")).to_have_text("绿灯")
    shoot(page, screenshots, "department-monitoring")
    page.screenshot(path=str(screenshots / "e2e-department-monitoring-full.png"), full_page=True)
    report_path = page.url

    # --- submitted by the clerk, approved by the department reviewer; the official form
    act(page, "submit", "已提交")
    logout(page)
    login(page, "reviewer")
    page.goto(report_path)
    act(page, "approve", "主管部门已审核")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 PDF").click()
    assert info.value.suggested_filename.endswith("部门整体支出绩效监控情况表.pdf")
    assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
