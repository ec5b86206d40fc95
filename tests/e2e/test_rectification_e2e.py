"""A problem of the seed's finance evaluation through rectification in a real browser (issue 19):
the department reviewer records the report's problems from the dashboard and assigns one (measures,
deadline); the clerk of 124005 青岛市法律援助中心 starts it and submits the rectification with its
evidence; the reviewer verifies it with an opinion; the dashboard counts it 已核实. Every wait is on
visible text or an element, never a sleep."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import login, logout

FINANCE = "2022年度法律援助及12348热线项目支出财政绩效评价报告"
PROBLEM = "结案归档卷宗不够规范"
EVIDENCE = "已对2022年结案卷宗逐卷复查，补齐材料46卷，制定《结案归档规范》（附件1）。"
OPINION = "经抽查20卷，归档规范，同意销号。"


def test_problem_recorded_assigned_rectified_verified(page: Page, screenshots) -> None:
    login(page, "reviewer")
    page.get_by_role("link", name="问题整改").click()
    expect(page.locator("h1")).to_have_text("问题整改与结果应用")
    verified = page.locator(".kpi", has_text="已核实").locator("b")
    before = int(verified.inner_text()) if verified.count() else 0  # the browser tests share one server
    row = page.locator("#evaluations tr", has_text=FINANCE)
    row.get_by_role("button", name="登记报告所列问题").click()
    expect(page.locator("p.msg")).to_contain_text(f"已从《{FINANCE}》登记4个问题")
    page.locator("#problems").get_by_role("link", name=PROBLEM).click()
    expect(page.locator("#status")).to_have_text("待整改")
    problem_path = re.sub(r"^https?://[^/]+", "", page.url)
    page.fill("textarea[name=measures]", "逐卷复查2022年结案卷宗，建立归档规范。")
    page.fill("input[name=deadline]", "2099-06-30")
    page.get_by_role("button", name="布置整改").click()
    expect(page.locator("p.msg")).to_have_text("已布置整改。")
    expect(page.locator("#problem")).to_contain_text("2099")
    logout(page)

    login(page, "clerk2")
    page.goto(problem_path)
    expect(page.locator("#problem")).to_contain_text("逐卷复查2022年结案卷宗")
    page.get_by_role("button", name="开始整改").click()
    expect(page.locator("#status")).to_have_text("整改中")
    page.fill("textarea[name=text]", EVIDENCE)
    page.get_by_role("button", name="提交整改结果").click()
    expect(page.locator("#status")).to_have_text("已整改")
    expect(page.locator("#problem")).to_contain_text(EVIDENCE)
    expect(page.get_by_role("button", name="核实通过")).to_have_count(0)  # a clerk never verifies
    logout(page)

    login(page, "reviewer")
    page.goto(problem_path)
    page.locator("form", has=page.get_by_role("button", name="核实通过")).locator("textarea[name=text]").fill(OPINION)
    page.get_by_role("button", name="核实通过").click()
    expect(page.locator("#status")).to_have_text("已核实")
    expect(page.locator("#problem")).to_contain_text(OPINION)
    page.get_by_role("link", name="← 问题整改").click()
    row = page.locator("#problems tr", has_text=PROBLEM)
    expect(row).to_contain_text("已核实")
    expect(page.locator(".kpi", has_text="已核实").locator("b")).to_have_text(str(before + 1))
    page.screenshot(path=str(screenshots / "e2e-rectification-dashboard.png"), full_page=True)


def test_next_years_page_shows_last_year_and_a_finding_is_promoted(page: Page, screenshots) -> None:
    """Seed 000's 2023 警用服装费: its 2022 grade and ≥14500 against 36106 achieved; the reviewer
    records that finding as a problem of 124001 from the project page."""
    login(page, "reviewer")
    page.goto("/")
    page.get_by_role("link", name=re.compile("124001")).first.click()
    page.get_by_role("link", name="警用服装费").first.click()
    panel = page.locator("#last-year-evaluation")
    expect(panel).to_contain_text("上年评价等级：“优”")
    expect(panel.locator("[data-code=cross-year-target-low]")).to_contain_text("≥14500件低于2022年实际完成值36106")
    page.locator("#promote-findings summary").click()
    row = page.locator("#promote-findings tr", has_text="警用被服采购数量")
    page.screenshot(path=str(screenshots / "e2e-last-year-and-promote.png"), full_page=True)
    row.get_by_role("button", name="登记为整改问题").click()
    expect(page.locator("h1")).to_have_text("整改问题")
    expect(page.locator("#problem")).to_contain_text("审核发现（审核人提出）")
    expect(page.locator("#problem")).to_contain_text("青岛市司法局本级")
    expect(page.locator("#status")).to_have_text("待整改")
