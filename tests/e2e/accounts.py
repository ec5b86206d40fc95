"""Logging in and out in the browser as the demo's accounts (the password of ``name`` is
``jixiao-<name>-2026``, as ``make demo`` prints them). One home for every browser test."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def password(username: str) -> str:
    return f"jixiao-{username}-2026"


def login(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password(username))
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .user")).to_contain_text(username)
    expect(page.locator("header .user")).to_contain_text("退出")


def logout(page: Page) -> None:
    page.locator("header .user").get_by_role("button", name="退出").click()
    expect(page.locator("header .user")).to_contain_text("公众访问")
