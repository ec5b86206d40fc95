"""Issue 17 in a real browser: what each role meets, point by point, on the demo.

One test per role/page group (one server, one browser): the public (Chinese names, grouped findings
without info, no audit, errors in the layout, CSP and no server version, the 390 px menu, the
lock-out page, /api/docs), the clerk (403/CSRF/expired-session pages, an entered project checked on
save, drop-downs, 取消, last year's actual while typing, own draft's reports, another unit's file
refused), the reviewer (a duplicate upload offered as a new version, the linking page), the
evaluator (no upload in the menu) and the admin (a token shown once). The transitions' confirmation
and the readable audit trail are asserted in test_workflow_cycle.py, the queue in test_queue_e2e.py.
Expected texts come from the core where they are computed; every wait is on an element, never a sleep.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from playwright.sync_api import Page, expect

from jixiao.findings import CATALOGUE
from tests.e2e.accounts import login
from tests.e2e.conftest import REPO

GOALS = REPO / "examples" / "qingdao-justice-2023-goal-tables.txt"
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_jobs(server) -> None:
    """The queued import jobs, run once by a batch worker (the test server runs without one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(JIXIAO_DATA=str(server.data), JIXIAO_SECRET_KEY="jixiao-e2e-only-not-secret", PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-m", "jixiao.web", "db_worker", "--batch", "--no-startup-delay"],
                   cwd=REPO, env=env, check=True, capture_output=True, timeout=300)


def in_layout(page: Page) -> None:
    expect(page.locator("header.top nav a", has_text="组织机构")).to_be_visible()


# ---------------------------------------------------------------- the public


def test_public_pages(page: Page, screenshots) -> None:
    response = page.goto("/")
    assert response is not None
    headers = response.all_headers()
    csp = headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert not re.search(r"python|cpython|\d+\.\d+", headers.get("server", ""), re.IGNORECASE), headers.get("server")

    # findings: Chinese names from the catalogue, the code small beside; grouped with counts; no info
    page.goto("/final-accounts/1/")
    titles = page.locator(".finding .ftitle")
    expect(titles.first).to_be_visible()
    codes = page.locator(".finding .fcode").all_inner_texts()
    assert codes and all(page.locator(".finding .ftitle").nth(i).inner_text() == CATALOGUE[c].title
                         for i, c in enumerate(codes[:20]))
    groups = page.locator("details.findings-group")
    expect(groups.first).to_be_visible()
    assert page.locator("details.findings-group.info").count() == 0  # coverage notes are not for the public
    assert page.locator(".finding.info").count() == 0
    summary = groups.first.locator("summary").inner_text()
    assert re.search(r"(错误|警告)\s*\d+ 条", summary), summary
    expect(page.locator(".audit-trail")).to_have_count(0)
    assert not re.search(r"提示 \d+", page.locator("main").inner_text())  # nor the count of coverage notes

    # scores at 2 places, money with separators, on the department's page
    page.goto("/departments/2/")
    main = page.locator("main").inner_text()
    assert "99.59 分" in main and "99.5896603" not in main
    page.goto("/final-accounts/1/")
    assert re.search(r"\d{1,3}(,\d{3})+\.\d{2}", page.locator("main").inner_text())
    # a self-evaluation: the scheme and the rules by their Chinese names
    page.goto("/selfevals/1/")
    assert "mof-2020-10" not in page.locator("main").inner_text().replace("（mof-2020-10）", "")
    expect(page.locator("main")).to_contain_text("财预〔2020〕10号")

    # a page that does not exist: Chinese, in the layout, a way back
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    in_layout(page)
    expect(page.locator("main h1")).to_have_text("页面不存在")
    expect(page.locator("main a", has_text="返回")).to_be_visible()
    # a draft monitoring report: the public is asked to log in, never shown it
    response = page.goto("/monitoring/projects/1/6/")
    assert "/accounts/login/" in page.url
    # the audit trail is not public
    page.goto("/workflow/project/1/audit/")
    assert "/accounts/login/" in page.url or page.locator("table.audit").count() == 0

    # five wrong passwords: the lock-out page in the layout, in Chinese; one more try doubles the wait
    for _ in range(5):
        page.goto("/accounts/login/")
        page.fill("#id_username", "visitor17")
        page.fill("#id_password", "wrong")
        page.get_by_role("button", name="登录").click()
    in_layout(page)
    expect(page.locator("main [role=alert]")).to_contain_text("登录失败次数过多：该账号在此地址已被暂时锁定，请 15 分钟后再试")
    page.fill("#id_password", "wrong")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("main [role=alert]")).to_contain_text("请 30 分钟后再试")
    page.screenshot(path=str(screenshots / "e2e-lockout.png"))

    # /api/docs: the list of operations drawn by the server and painted at once (schema cached and in
    # the page, assets local and compressed); Swagger UI's interactive view follows
    for visit in ("first", "again"):
        started = time.monotonic()
        page.goto("/api/docs")
        expect(page.locator("#api-index summary", has_text="项目")).to_be_visible()
        expect(page.locator("#api-index")).to_contain_text("/api/projects/{pk}")
        expect(page.locator(".opblock-tag").first).to_be_visible()
        swagger = time.monotonic() - started
        paint = page.evaluate("performance.getEntriesByType('paint').map(e => e.startTime)[0]")
        print(f"/api/docs ({visit}): list painted after {paint:.0f} ms, Swagger UI drawn after {swagger:.2f} s")
        assert paint < 3000, paint

    # 390 px: the menu stays one line that scrolls, tables scroll inside the page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/final-accounts/1/")
    box = page.locator("header.top nav a").first.bounding_box()
    assert box is not None and box["height"] < 40 and box["width"] > 40  # not one character per line
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # the page itself does not scroll sideways
    page.screenshot(path=str(screenshots / "e2e-390px.png"))


# ---------------------------------------------------------------- the unit clerk


def test_clerk_pages(page: Page, server, screenshots) -> None:
    login(page, "clerk")
    # another unit's draft: 403 in Chinese inside the layout with the reason and a way back
    response = page.goto("/projects/9/")  # 124005's draft 法律援助及12348业务费
    assert response is not None and response.status == 403
    in_layout(page)
    expect(page.locator("main")).to_contain_text("您没有查看此记录的权限。")
    expect(page.locator("main a", has_text="返回")).to_be_visible()

    # an entered project: level drop-downs, 取消, then the checks after saving
    page.goto("/")
    page.get_by_role("link", name="124001 青岛市司法局本级").click()
    unit_url = page.url
    page.get_by_role("link", name="新建绩效目标表").click()
    level1 = page.locator("select[name=ind_level1]").first
    assert {"产出指标", "效益指标", "满意度指标"} <= set(level1.locator("option").all_inner_texts())
    page.get_by_role("link", name="取消").click()
    expect(page).to_have_url(unit_url)
    page.get_by_role("link", name="新建绩效目标表").click()
    page.fill("input[name=name]", "浏览器录入测试项目")
    page.fill("input[name=year]", "2023")
    page.fill("input[name=budget]", "100")
    page.fill("input[name=fiscal_funds]", "100")
    for i, amount in enumerate(["60", "40", "30", "100"]):  # the plan falls: 60 → 40
        page.fill(f"input[name=plan-{i}]", amount)
    row = page.locator("#indicator-rows tr").first
    row.locator("select[name=ind_level1]").select_option("成本指标")
    row.locator("select[name=ind_level2]").select_option("经济成本指标")
    row.locator("input[name=ind_name]").fill("项目总成本")
    row.locator("input[name=ind_target]").fill("≤120万元")  # a cost above the budget
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages .msg.success")).to_contain_text("检查发现：错误")
    told = page.locator(".messages").inner_text()
    errors = int(re.search(r"错误 (\d+) 条", told).group(1))
    warnings = int(re.search(r"警告 (\d+) 条", told).group(1))
    assert errors + warnings >= 1, told
    expect(page.locator("details.findings-group").first).to_be_visible()
    page.screenshot(path=str(screenshots / "e2e-entered-project-checked.png"))

    # last year's actual shown while typing a target
    page.goto("/projects/1/edit/")
    rows = page.locator("#indicator-rows tr")
    at = next(i for i in range(rows.count()) if rows.nth(i).locator(".last-year").count())
    row = rows.nth(at)  # a row that pairs with last year's form (not a filter: the message is re-rendered)
    target = row.locator("input[name=ind_target]")
    target.fill("")
    target.press_sequentially("≥5次")
    expect(row.locator(".msg .ok")).to_contain_text("已识别")  # answered while typing (htmx) …
    expect(row.locator(".msg .last-year")).to_contain_text("上年（2022年）实际完成值")  # … with last year's actual
    page.get_by_role("link", name="取消").click()

    # an htmx button with an expired session goes to the login page (not pasted into the button)
    page.goto("/projects/1/")
    page.context.clear_cookies(name="sessionid")
    page.locator("form.action-submit button[data-action=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    in_layout(page)
    login(page, "clerk")

    # a CSRF failure: a Chinese page in the layout that says what to do
    page.goto("/projects/1/edit/")
    page.context.clear_cookies(name="csrftoken")
    page.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').value = 'x'")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main h1")).to_have_text("请刷新后重试")
    in_layout(page)
    expect(page.locator("main")).to_contain_text("请刷新页面后重新提交")

    # the clerk finds their unit's document, opens it and downloads the official forms of their drafts
    page.goto("/documents/")
    page.get_by_role("link", name=GOALS.name).click()
    links = page.locator("a[href*='/reports/']")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith("goal-table.xlsx") for h in hrefs)
    assert not any("final-accounts" in h or "selfeval" in h for h in hrefs)  # only what applies to targets
    for href in hrefs:  # every offered report answers
        if href.endswith(".html"):
            assert page.request.get(href).status == 200, href
    with page.expect_download() as download:
        page.locator("a[href$='goal-table.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # a file of another unit is refused
    page.goto("/upload/")
    page.set_input_files("input[type=file]", str(GOALS))
    page.get_by_role("button", name=re.compile("上传")).click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    job = page.url
    run_jobs(server)
    page.goto(job)
    expect(page.locator("main")).to_contain_text("未导入")
    expect(page.locator("main")).to_contain_text("124005青岛市法律援助中心")
    page.screenshot(path=str(screenshots / "e2e-upload-refused.png"))


# ---------------------------------------------------------------- the department reviewer


def test_reviewer_pages(page: Page, server, screenshots) -> None:
    login(page, "reviewer")
    # the same file again: offered as a new version, never imported twice silently
    page.goto("/upload/")
    page.set_input_files("input[type=file]", str(GOALS))
    page.get_by_role("button", name=re.compile("上传")).click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/"))
    job = page.url
    run_jobs(server)
    page.goto(job)
    expect(page.locator("main")).to_contain_text("此文件已经导入过")
    expect(page.get_by_role("button", name="作为新版本导入")).to_be_visible()
    page.get_by_role("button", name="取消，不导入").click()
    page.screenshot(path=str(screenshots / "e2e-duplicate-upload.png"))

    # the linking page: a guessed link confirmed
    page.goto("/links/")
    expect(page.locator("main h1")).to_contain_text("项目关联")
    form = page.locator("main form").first
    expect(form).to_be_visible()
    form.get_by_role("button", name="确认").click()
    expect(page.locator(".messages .msg")).to_be_visible()


# ---------------------------------------------------------------- the evaluator and the admin


def test_evaluator_and_admin(page: Page, screenshots) -> None:
    login(page, "evaluator")
    expect(page.locator("header.top nav a", has_text="上传文件")).to_have_count(0)
    expect(page.locator("header.top nav a", has_text="评价工作")).to_be_visible()
    page.locator("header .user").get_by_role("button", name="退出").click()

    login(page, "admin")
    page.goto("/admin/")
    expect(page.locator("#content")).not_to_contain_text("Tasks Database Backend")
    expect(page.locator("#content")).to_contain_text("登录限制")
    page.goto("/admin/auth/user/")
    page.locator("tr", has_text="clerk2").locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", label="为所选用户创建接口令牌")
    page.locator("button[name=index]").click()
    told = page.locator("ul.messagelist").inner_text()
    key = re.search(r"只显示这一次）：(\S+)", told).group(1)
    page.goto("/admin/api/token/")
    listing = page.locator("#content").inner_text()
    assert key[:8] in listing and key not in listing  # the prefix kept, the key itself never shown again
    ok = page.request.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert ok.json()["username"] == "clerk2"
