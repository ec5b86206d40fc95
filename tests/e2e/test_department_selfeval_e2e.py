"""The 部门整体 year end in a real browser, as the README's demo accounts.

The department reviewer enters 青岛市司法局's 2022 部门整体绩效目标 (found from the department's page);
the unit clerk of 124001 creates the 部门整体支出绩效自评表 from them — prefilled: 年初预算数 by source from
the targets, 全年执行数 from the demo's 2022 部门决算, scores computed —, enters the actual values,
overrides one score (refused without a reason, kept with one, shown as a finding), submits; the
reviewer approves; the official form is downloaded as PDF and XLSX. The expected amounts are read
from the bundled 决算 through the core, never typed here.
"""

from __future__ import annotations

import io
from decimal import Decimal

from playwright.sync_api import Page, expect

from jixiao.ingest import read_file
from jixiao.monitor.department_selfeval import accounts_execution
from tests.conftest import ACCOUNTS
from tests.e2e.accounts import login, logout
from tests.e2e.test_workflow_cycle import act, shoot, status_of

DEPARTMENT = "青岛市司法局"
TARGETS = {
    "overall_goal": "推进法治政府建设，提升公共法律服务水平。",
    "duties": "统筹全市法治建设\n指导公共法律服务",
    "funds": "财政拨款=90000\n其他资金=5000",
    "indicators": "产出指标|数量指标|法律援助案件数|≥2000件|计划标准\n"
                  "产出指标|质量指标|法律援助案件结案率|≥95%|计划标准\n"
                  "效益指标|社会效益指标|公共法律服务覆盖率|100%|\n"
                  "满意度指标|服务对象满意度指标|群众满意度|≥90%|",
}
ACTUALS = ("2100件", "96%", "100%", "95%")
OVERRIDE = ("20", "部分案件卷宗不规范，酌情扣分。")


def department_page(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=DEPARTMENT, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(f"{DEPARTMENT} · 部门绩效总览")


def test_department_selfeval_cycle(page: Page, screenshots) -> None:
    executed, _ = accounts_execution(read_file(ACCOUNTS).accounts)
    total_spent = executed["年度资金总额"]

    # --- the department reviewer enters the 2022 部门整体 targets
    login(page, "reviewer")
    department_page(page)
    page.locator("#dept-targets-2022").click()
    for name, value in TARGETS.items():
        page.locator(f"#dept-form textarea[name={name}]").fill(value)
    page.locator("#dept-form").get_by_role("button", name="保存").click()
    expect(page.locator("#dept-targets")).to_contain_text("法律援助案件数")
    logout(page)

    # --- the unit clerk creates the self-evaluation: prefilled and scored
    login(page, "clerk")
    department_page(page)
    page.locator("#dept-selfeval-2022").click()
    page.get_by_role("button", name="生成部门整体支出绩效自评表").click()
    expect(page.locator("h1")).to_contain_text("部门整体支出绩效自评表")
    expect(status_of(page)).to_have_text("草稿")
    funds = page.locator("#funds")
    expect(funds).to_contain_text("95000")  # 年初预算数 = the targets' 资金总额
    expect(funds.locator("input[name=executed-0]")).to_have_value(format(total_spent, "f"))
    expect(page.locator("#prefill-notes")).to_contain_text("部门决算收入支出决算总表")

    # --- actual values entered, rescored
    for n, actual in enumerate(ACTUALS):
        page.locator(f"input[name=actual-{n}]").fill(actual)
    page.locator("textarea[name=goal_actual]").fill("全年目标基本完成。")
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#total")).to_have_text("100")
    # --- an override without a reason is refused, with one it is kept and shown as a finding
    page.locator("input[name=score-0]").fill(OVERRIDE[0])
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#errors")).to_contain_text("改分须填写理由")
    page.locator("input[name=reason-0]").fill(OVERRIDE[1])
    page.get_by_role("button", name="保存并计算得分").click()
    expect(page.locator("#overrides")).to_contain_text(OVERRIDE[1])
    weight = Decimal(page.locator("#indicators tr").nth(1).locator("td").nth(5).inner_text())
    expect(page.locator("#total")).to_have_text(format((100 - weight + Decimal(OVERRIDE[0])).normalize(), "f"))
    shoot(page, screenshots, "department-selfeval-entry")

    # --- submitted, approved
    act(page, "submit", "已提交")
    logout(page)
    login(page, "reviewer")
    department_page(page)
    page.locator("#dept-selfeval-2022").click()
    page.locator("ul a", has_text=DEPARTMENT).first.click()
    act(page, "approve", "主管部门已审核")

    # --- the official form downloaded
    with page.expect_download() as pdf:
        page.locator("#download-pdf").click()
    assert pdf.value.path().read_bytes()[:4] == b"%PDF"
    with page.expect_download() as xlsx:
        page.locator("#download-xlsx").click()
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "部门整体支出绩效自评表" in cells
    assert any(OVERRIDE[1] in str(c) for c in cells)  # the override and its reason, under the form
    assert float(total_spent) in cells
