"""Entering a red-light monitoring report in a real browser and being made to explain it.

The unit clerk of 124001 opens the monitoring of “法治专项业务费”, chooses the checkpoint 9月底 (a
new report), types the executed amount; the lights are recomputed as they type (htmx) and the budget
light turns red. Saving without causes and measures is refused with the Chinese message under the
fields; with them the report is saved, and the audit trail shows who created it.

The expected working text comes from the core engine (``jixiao.monitor.evaluate`` on the seed's goal
table), never typed here. Every wait is on visible text or an element, never a sleep.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jixiao.ingest import read_file
from jixiao.monitor import evaluate, find_project, load_ruleset
from jixiao.monitor.model import Checkpoint, MonitoringReport
from tests.e2e.accounts import login

PROJECT = "法治专项业务费"
EXECUTED = "50"
GOALS = Path(__file__).resolve().parents[2] / "examples" / "qingdao-justice-2023-goal-tables.txt"


def expected_budget_verdict():
    """What the engine says about 50 万元 spent by 9月底 (the plan falls, so time progress: red)."""
    goals = read_file(GOALS).goals
    report = MonitoringReport(project=PROJECT, code=None, unit=None, year=2023, checkpoint=Checkpoint(9, "9月底"),
                              executed=Decimal(EXECUTED), indicators=())
    project = find_project(goals.projects, report)
    assert project is not None
    return evaluate(report, project, load_ruleset("default")).budget_verdict


@pytest.mark.e2e
def test_red_light_report_must_be_explained(page: Page, screenshots: Path) -> None:
    verdict = expected_budget_verdict()
    assert verdict.light.zh == "红灯"
    login(page, "clerk")

    page.get_by_role("link", name="运行监控").first.click()
    page.locator("#overview").get_by_role("link", name=PROJECT).click()  # its 6月底 report (demo data)
    expect(page.locator("#budget-working")).to_contain_text("红灯")
    page.locator(".crumbs").get_by_role("link", name="运行监控").click()
    page.select_option("#checkpoint", "9月底")
    page.locator("#checkpoint-form").get_by_role("button", name="填报").click()
    expect(page.locator("h1")).to_contain_text("9月底绩效运行监控")
    expect(page.locator("#light-budget")).to_contain_text("未判定")

    page.fill("#executed", EXECUTED)  # htmx recomputes the lights as one types
    expect(page.locator("#light-budget")).to_contain_text("红灯")
    expect(page.locator("#budget-working")).to_contain_text(verdict.working)
    expect(page.locator("#required-panel")).to_contain_text("预算执行：须填写偏差原因（亮红灯）")

    page.get_by_role("button", name="保存监控报告").click()
    expect(page.locator("#form-errors")).to_contain_text("未保存")
    expect(page.locator("#error-budget_causes")).to_have_text("因亮红灯，必须勾选偏差原因（至少一项）。")
    expect(page.locator("#error-budget_explanation")).to_have_text("因亮红灯，必须填写原因说明。")
    expect(page.locator("#error-budget_measures")).to_have_text("因亮红灯，必须填写整改措施（备注）。")
    expect(page.locator("#executed")).to_have_value(EXECUTED)  # nothing typed is lost
    page.screenshot(path=str(screenshots / "monitoring-red-refused.png"), full_page=True)

    page.locator("#field-budget_causes").get_by_label("经费保障").check()
    page.fill("#budget_explanation", "立法评估项目合同款按进度支付，第二期款项尚未到期。")
    page.fill("#budget_measures", "10月完成中期验收后支付第二期合同款。")
    page.get_by_role("button", name="保存监控报告").click()

    expect(page.locator(".messages")).to_contain_text("已保存9月底监控报告（第 1 版）：总体红灯")
    expect(page.locator("#form-errors")).to_have_count(0)
    expect(page.locator("#budget_measures")).to_have_value("10月完成中期验收后支付第二期合同款。")
    expect(page.locator(".audit-trail")).to_contain_text("clerk")
    expect(page.locator(".audit-trail")).to_contain_text("创建")
    page.screenshot(path=str(screenshots / "monitoring-red-explained.png"), full_page=True)
