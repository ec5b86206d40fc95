"""The whole cycle of issue 5 in a real browser, as the README's demo accounts.

A unit clerk of 124001 opens the 2023 draft 绩效目标表 “法律培训费”, adds an indicator, types a
bad 指标值 and sees the grammar's Chinese message under the field (htmx), corrects it, saves
and submits; the department reviewer returns it with a reason; the clerk sees the reason and
resubmits; the reviewer and the finance bureau approve; the bureau publishes; the public (not
logged in) then sees the record, and its audit trail lists every step with who did it.

The expected grammar messages come from the core (``jixiao.grammar`` + the findings
catalogue), never typed here, so the test fails if the page shows anything else. Every wait
is on visible text or an element, never a sleep.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from jixiao.findings import make_finding
from jixiao.grammar import parse_target
from jixiao.model.source import Source
from tests.e2e.accounts import login, logout

UNIT = "124001 青岛市司法局本级"
PROJECT = "法律培训费"
BAD_TARGET = "≥abc"
GOOD_TARGET = "≥4次"
NEW_INDICATOR = {
    "ind_level1": "产出指标",
    "ind_level2": "数量指标",
    "ind_name": "法律培训场次",
    "ind_description": "全年组织法律培训的场次",
    "ind_basis": "年度培训计划",
}
REASON = "请补充培训场次的测算依据后再提交。"


def grammar_messages(text: str) -> list[str]:
    """The Chinese messages the core gives for a 指标值 (what the page must show)."""
    parsed = parse_target(text, role="target")
    return [make_finding(p.code, Source(""), **p.params).message for p in parsed.problems]


def status_of(page: Page):
    return page.locator(".workflow-actions .status")


def act(page: Page, code: str, expected_status: str, reason: str | None = None) -> None:
    """Press a workflow button (htmx; the page reloads) and wait for the new status."""
    form = page.locator(f"form.action-{code}")
    if reason is not None:
        form.locator("textarea[name=reason]").fill(reason)
    form.locator(f"button[data-action={code}]").click()
    expect(status_of(page)).to_have_text(expected_status)
    # the confirmation, shown by the layout on the reloaded page (issue 17)
    expect(page.locator(".messages .msg.success")).to_contain_text(f"操作成功：{expected_status}")


def shoot(page: Page, folder, name: str) -> None:
    page.screenshot(path=str(folder / f"e2e-{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def project_path(browser, server) -> str:
    """The URL of 124001's 2023 draft “法律培训费”, found through the pages as the clerk would."""
    context = browser.new_context(base_url=server.url, locale="zh-CN")
    page = context.new_page()
    try:
        login(page, "clerk")
        page.get_by_role("link", name=UNIT).click()
        row = page.locator("table.list tr", has=page.get_by_role("link", name=PROJECT, exact=True)).filter(
            has_text="2023"
        )
        expect(row).to_have_count(1)
        expect(row).to_contain_text("草稿")
        return row.get_by_role("link", name=PROJECT, exact=True).get_attribute("href")
    finally:
        context.close()


def test_target_table_cycle(page: Page, project_path: str, screenshots) -> None:
    bad_messages = grammar_messages(BAD_TARGET)
    assert bad_messages and all(re.search(r"[\u4e00-\u9fff]", m) for m in bad_messages)
    assert grammar_messages(GOOD_TARGET) == []

    # --- the public cannot see the draft
    page.goto("/")
    expect(page.locator("header .user")).to_contain_text("公众访问")
    expect(page.locator("li.unit", has_text=UNIT)).to_contain_text("绩效目标表 0 个")
    response = page.goto(project_path)  # asked to log in (and brought back after), the draft not shown
    assert response is not None and "/accounts/login/" in page.url and f"next={project_path}" in page.url
    expect(page.locator("main")).not_to_contain_text(PROJECT)

    # --- the unit clerk edits the draft: a bad 指标值, the Chinese message, the correction
    login(page, "clerk")
    page.goto(project_path)
    expect(status_of(page)).to_have_text("草稿")
    page.get_by_role("link", name="编辑绩效目标表").click()
    expect(page.locator("h1")).to_contain_text(f"编辑绩效目标表：{PROJECT}")
    before = page.locator("#indicator-rows tr").count()
    page.get_by_role("button", name="添加指标").click()
    expect(page.locator("#indicator-rows tr")).to_have_count(before + 1)
    row = page.locator("#indicator-rows tr").last
    for name, value in NEW_INDICATOR.items():
        if name in ("ind_level1", "ind_level2"):  # the official levels are drop-downs
            row.locator(f"select[name={name}]").select_option(value)
        else:
            row.locator(f"input[name={name}]").fill(value)
    target = row.locator("input[name=ind_target]")
    message = row.locator("input[name=ind_target] + .msg")  # the message right under the field
    target.press_sequentially(BAD_TARGET)
    for text in bad_messages:
        expect(message.locator(".bad")).to_contain_text(text)
    shoot(page, screenshots, "1-target-error")

    target.fill("")
    target.press_sequentially(GOOD_TARGET)
    expect(message.locator(".ok")).to_contain_text("已识别")
    expect(message.locator(".ok")).to_contain_text("4")
    expect(message.locator(".bad")).to_have_count(0)
    shoot(page, screenshots, "2-target-ok")

    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(re.escape(project_path) + "$"))
    table = page.locator("#target-table")
    new_row = table.locator("tr", has_text=NEW_INDICATOR["ind_name"])
    expect(new_row).to_contain_text(GOOD_TARGET)
    expect(new_row).to_contain_text(NEW_INDICATOR["ind_basis"])
    expect(page.locator(".workflow-actions .version")).to_have_text("第 2 版")
    act(page, "submit", "已提交")
    expect(page.get_by_role("link", name="编辑绩效目标表")).to_have_count(0)  # read-only once submitted
    shoot(page, screenshots, "3-submitted")
    logout(page)

    # --- the department reviewer returns it with a reason
    login(page, "reviewer")
    page.goto(project_path)
    expect(status_of(page)).to_have_text("已提交")
    expect(page.get_by_role("link", name="编辑绩效目标表")).to_have_count(0)
    act(page, "return", "已退回", reason=REASON)
    logout(page)

    # --- the clerk sees it returned, with the reason, and resubmits
    login(page, "clerk")
    page.get_by_role("link", name=UNIT).click()
    expect(page.locator("table.list tr", has_text=PROJECT).filter(has_text="2023")).to_contain_text("已退回")
    page.goto(project_path)
    expect(status_of(page)).to_have_text("已退回")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.get_by_role("link", name="编辑绩效目标表")).to_be_visible()  # editable again
    page.locator("main").get_by_text(REASON).last.scroll_into_view_if_needed()
    shoot(page, screenshots, "4-returned")
    act(page, "submit", "已提交")
    logout(page)

    # --- the reviewer approves, the finance bureau approves and publishes
    login(page, "reviewer")
    page.goto(project_path)
    act(page, "approve", "主管部门已审核")
    expect(page.locator("form.action-approve")).to_have_count(0)  # nothing more for the reviewer
    logout(page)

    login(page, "bureau")
    page.goto(project_path)
    act(page, "approve", "财政局已审核")
    act(page, "publish", "已公开")
    logout(page)

    # --- the public sees the published record and its trail
    page.goto("/")
    expect(page.locator("li.unit", has_text=UNIT)).to_contain_text("绩效目标表 1 个")
    page.goto(project_path)
    expect(page.locator("h1")).to_contain_text(PROJECT)
    expect(status_of(page)).to_have_text("已公开")
    expect(page.locator("#target-table tr", has_text=NEW_INDICATOR["ind_name"])).to_contain_text(GOOD_TARGET)
    expect(page.locator(".workflow-actions form")).to_have_count(0)
    expect(page.get_by_role("link", name="编辑绩效目标表")).to_have_count(0)
    shoot(page, screenshots, "5-published-public")
    expect(page.locator(".audit-trail")).to_have_count(0)  # the internal trail (who returned it, why) is not public
    expect(page.locator("main")).not_to_contain_text(REASON)

    login(page, "reviewer")  # people at work see the trail, on its own page inside the layout
    kind_pk = re.search(r"/projects/(\d+)/", project_path)
    assert kind_pk is not None
    page.goto(f"/workflow/project/{kind_pk.group(1)}/audit/")
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(7)
    expect(page.locator("a.brand")).to_have_count(1)
    shoot(page, screenshots, "6-trail")
    steps = [
        (r.locator("td").nth(1).inner_text().strip(), r.locator("td").nth(2).inner_text().strip()) for r in rows.all()
    ]
    assert list(reversed(steps)) == [
        ("clerk", "修改"),
        ("clerk", "提交"),
        ("reviewer", "退回"),
        ("clerk", "提交"),
        ("reviewer", "审核通过"),
        ("bureau", "审核通过"),
        ("bureau", "公开"),
    ]
    edit, returned = rows.nth(6), rows.nth(4)
    expect(edit).to_contain_text(GOOD_TARGET)  # what changed: the new indicator with its value
    expect(edit).to_contain_text(NEW_INDICATOR["ind_name"])
    expect(returned.locator("td").nth(4)).to_have_text(REASON)
    expect(rows.nth(0)).to_contain_text("已公开")  # status before → after
    # readable in Chinese: field labels, not keys or Python lists
    trail = page.locator("table.audit").inner_text()
    assert not re.search(r"target_raw|indicators\.|\['|\[\{|status", trail), trail
