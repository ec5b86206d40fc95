"""The review queue and the return reason in a real browser (issue 17 item 5).

The clerk of 124005 submits a draft; the department reviewer finds it under 待我审核 in the menu
(with its count), opens it from the queue and returns it with a reason; the clerk finds it
under 待我处理 with the reason, and the reason stands beside 已退回 on the project page. Every
wait is on visible text or an element, never a sleep.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import login, logout

PROJECT = "公共法律服务中心建设运行费"  # a 2023 draft of 124005 青岛市法律援助中心
REASON = "运行费测算依据不足，请补充后重新提交。"


def queue_count(page: Page) -> int:
    link = page.locator("#queue-link")
    expect(link).to_be_visible()
    badge = page.locator("#queue-count")
    return int(badge.inner_text()) if badge.count() else 0


def test_review_queue_and_return_reason(page: Page, screenshots) -> None:
    login(page, "clerk2")
    expect(page.locator("#queue-link")).to_contain_text("待我处理")
    waiting_for_clerk = queue_count(page)
    page.get_by_role("link", name="124005 青岛市法律援助中心").first.click()
    page.get_by_role("link", name=PROJECT).first.click()
    expect(page.locator(".workflow-actions .status")).to_have_text("草稿")
    project_path = re.sub(r"^https?://[^/]+", "", page.url)
    page.locator("form.action-submit button[data-action=submit]").click()
    expect(page.locator(".workflow-actions .status")).to_have_text("已提交")
    logout(page)

    login(page, "reviewer")
    expect(page.locator("#queue-link")).to_contain_text("待我审核")
    assert queue_count(page) >= 1
    page.locator("#queue-link").click()
    expect(page.locator("h1")).to_have_text("待我审核")
    row = page.locator("#queue tr", has_text=PROJECT)
    expect(row).to_contain_text("已提交")
    expect(row).to_contain_text("退回")
    page.screenshot(path=str(screenshots / "e2e-queue-reviewer.png"))
    row.get_by_role("link", name=PROJECT).click()
    expect(page).to_have_url(re.compile(re.escape(project_path) + "$"))
    form = page.locator("form.action-return")
    form.locator("textarea[name=reason]").fill(REASON)
    form.locator("button[data-action=return]").click()
    expect(page.locator(".workflow-actions .status")).to_have_text("已退回")
    expect(page.locator(".workflow-actions .return-reason")).to_have_text(f"退回理由：{REASON}")
    page.goto("/workflow/queue/")
    expect(page.locator("#queue")).not_to_contain_text(PROJECT)
    logout(page)

    login(page, "clerk2")
    assert queue_count(page) == waiting_for_clerk + 1
    page.locator("#queue-link").click()
    expect(page.locator("h1")).to_have_text("待我处理")
    row = page.locator("#queue tr", has_text=PROJECT)
    expect(row.locator(".return-reason")).to_have_text(f"退回理由：{REASON}")
    expect(row).to_contain_text("重新提交")
    page.screenshot(path=str(screenshots / "e2e-queue-clerk-returned.png"))
    row.get_by_role("link", name=PROJECT).click()
    expect(page.locator(".workflow-actions .status")).to_have_text("已退回")
    expect(page.locator(".workflow-actions .return-reason")).to_have_text(f"退回理由：{REASON}")
    expect(page.get_by_role("link", name="编辑绩效目标表")).to_be_visible()
