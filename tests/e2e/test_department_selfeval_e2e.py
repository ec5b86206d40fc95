"""The 部门整体 year end in a real browser, as the README's demo accounts.

First the targets' workflow: the clerk of 124001 (青岛市司法局本级, the department's own-level unit) enters
青岛市司法局's 2022 部门整体绩效目标 (found from the department's page) and submits them; the department
reviewer writes the structured 审核意见 (per indicator and for the table) and returns them with it,
which the clerk reads on the page; the clerk mends an indicator
and resubmits; the reviewer approves. Then the unit clerk creates the 部门整体支出绩效自评表 from the
approved targets — prefilled: 年初预算数 by source from the targets, 全年执行数 from the demo's 2022
部门决算, scores computed under the 部门整体 scheme —, enters the actual values, overrides one score
(refused without a reason, kept with one, shown as a finding), submits; the reviewer approves; the
official form is downloaded as PDF and XLSX. The expected amounts are read from the bundled 决算
through the core, never typed here. The second test needs the first's approved targets (same server).
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
OPINION = "请按审核意见修改后重新提交。"
INDICATOR_OPINION = "请写明确定依据（上年实际数）"
OVERRIDE = ("20", "部分案件卷宗不规范，酌情扣分。")


def department_page(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name=DEPARTMENT, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(f"{DEPARTMENT} · 部门绩效总览")


def test_department_targets_cycle(page: Page, screenshots) -> None:
    # --- the clerk of the department's own-level unit enters the 2022 部门整体 targets and submits them
    login(page, "clerk")
    department_page(page)
    page.locator("#dept-targets-2022").click()
    for name, value in TARGETS.items():
        page.locator(f"#dept-form textarea[name={name}]").fill(value)
    page.locator("#dept-form").get_by_role("button", name="保存").click()
    expect(page.locator(".messages .msg.success")).to_contain_text("部门整体绩效目标已保存")
    expect(page.locator("#dept-targets")).to_contain_text("法律援助案件数")
    expect(page.locator("#dept-targets")).to_contain_text("95,000.00")  # 资金总额 合计
    expect(status_of(page)).to_have_text("草稿")
    expect(page.locator("#dept-workflow")).to_contain_text("编报单位：青岛市司法局本级")
    shoot(page, screenshots, "department-targets-draft")
    act(page, "submit", "已提交")
    expect(page.locator("#dept-form")).to_have_count(0)  # read-only once submitted
    logout(page)

    # --- the reviewer finds them in the queue and returns them with an opinion
    login(page, "reviewer")
    page.goto("/workflow/queue/")
    expect(page.locator("#queue")).to_contain_text("部门整体绩效目标表")
    shoot(page, screenshots, "department-targets-queue")
    page.locator("#queue").get_by_role("link", name=f"{DEPARTMENT}部门整体绩效目标").click()
    expect(page.locator("h1")).to_contain_text("2022年度青岛市司法局部门整体绩效目标")
    expect(page.locator("#dept-form")).to_have_count(0)  # the reviewer never enters
    shoot(page, screenshots, "department-targets-submitted")
    # the structured 审核意见 of the review app: per indicator (the check-list) and for the table
    page.get_by_role("link", name="填写审核意见").click()
    expect(page.locator("h1")).to_contain_text("绩效目标审核：2022年度青岛市司法局部门整体绩效目标")
    page.locator("input[name=bad-0-basis]").check()
    page.locator("textarea[name=op-0-basis]").fill(INDICATOR_OPINION)
    page.locator("textarea[name=opinion]").fill(OPINION)
    page.get_by_role("button", name="保存审核意见").click()
    expect(page.locator(".messages .msg.success")).to_contain_text("审核意见已保存")
    shoot(page, screenshots, "department-targets-review")
    page.get_by_role("button", name="按审核意见退回").click()
    expect(page.locator(".messages .msg.success")).to_contain_text("已按审核意见退回")
    expect(status_of(page)).to_have_text("已退回")
    logout(page)

    # --- the clerk reads the opinion, mends the indicator and resubmits
    login(page, "clerk")
    page.goto("/workflow/queue/")
    expect(page.locator("#queue")).to_contain_text(OPINION)
    page.locator("#queue").get_by_role("link", name=f"{DEPARTMENT}部门整体绩效目标").click()
    expect(page.locator(".workflow-actions .return-reason")).to_contain_text(OPINION)
    expect(page.locator("#review-opinions")).to_contain_text(f"指标“法律援助案件数”（≥2000件）：指标值是否有确定依据：{INDICATOR_OPINION}")
    field = page.locator("#dept-form textarea[name=indicators]")
    field.fill(field.input_value().replace("≥2000件|计划标准", "≥2000件|2021年实际1890件，按增长5%测算"))
    page.locator("#dept-form").get_by_role("button", name="保存").click()
    expect(page.locator("#dept-targets")).to_contain_text("2021年实际1890件")
    shoot(page, screenshots, "department-targets-returned")
    act(page, "submit", "已提交")
    logout(page)

    # --- the reviewer approves; the trail shows every step with the opinion
    login(page, "reviewer")
    department_page(page)
    page.locator("#dept-targets-2022").click()
    act(page, "approve", "主管部门已审核")
    trail = page.locator("#dept-audit")
    for label in ("创建", "提交", "退回", "修改", "审核通过"):
        expect(trail).to_contain_text(label)
    expect(trail).to_contain_text(OPINION)
    shoot(page, screenshots, "department-targets-approved")
    logout(page)


def test_department_selfeval_cycle(page: Page, screenshots) -> None:
    executed, _ = accounts_execution(read_file(ACCOUNTS).accounts)
    total_spent = executed["年度资金总额"]

    # --- the unit clerk creates the self-evaluation: prefilled and scored
    login(page, "clerk")
    department_page(page)
    page.locator("#dept-selfeval-2022").click()
    expect(page.locator("#scheme option:checked")).to_have_text("部门整体支出绩效自评（财预〔2020〕10号）")
    shoot(page, screenshots, "department-selfeval-new")
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
