"""Evidence files (佐证材料) through rectification in a real browser (issues 18/19): the reviewer records
the department evaluation report's problem; the clerk of 124005 uploads a picture (a PNG the browser itself
renders of the problem page, made in the test) and submits the rectification without a text — the file
is the evidence; the reviewer sees the file, downloads it byte for byte, and verifies; the 整改情况表
downloaded as Excel lists the file (name, type, size, SHA-256 short, uploader) on its 佐证材料清单.
Every wait is on visible text or an element, never a sleep."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from jixiao.report.rectification import file_size
from tests.e2e.accounts import login, logout

# the department's own evaluation report (its one problem): test_rectification_e2e.py takes the finance one
REPORT = "2022年度青岛市法律援助中心法律援助及12348业务费项目支出绩效评价报告"
PROBLEM = "预算执行率97.56%,未达到100%,得3.75分。"
FILE = "制度落实整改照片.png"
OPINION = "经查阅上传的整改照片与制度文本，同意销号。"


def test_clerk_attaches_evidence_reviewer_verifies_and_the_report_lists_it(page: Page, screenshots) -> None:
    login(page, "reviewer")
    page.get_by_role("link", name="问题整改").click()
    page.locator("#evaluations tr", has_text=REPORT).get_by_role("button", name="登记报告所列问题").click()
    expect(page.locator("p.msg")).to_contain_text(f"已从《{REPORT}》登记1个问题")
    page.locator("#problems").get_by_role("link", name=PROBLEM).click()
    expect(page.locator("#status")).to_have_text("待整改")
    problem_path = re.sub(r"^https?://[^/]+", "", page.url)
    logout(page)

    login(page, "clerk2")
    page.goto(problem_path)
    picture = page.screenshot()  # a real PNG, made here
    assert picture.startswith(b"\x89PNG\r\n\x1a\n")
    page.set_input_files("input[type=file][name=file]",
                         files=[{"name": FILE, "mimeType": "image/png", "buffer": picture}])
    page.get_by_role("button", name="上传佐证材料").click()
    expect(page.locator("p.msg")).to_have_text(f"已上传佐证材料：{FILE}")
    files = page.locator(".evidence-files")
    expect(files.get_by_role("link", name=FILE)).to_be_visible()
    expect(files).to_contain_text("clerk2")
    rectify = page.locator("form", has=page.get_by_role("button", name="提交整改结果"))
    expect(rectify).to_contain_text("已上传佐证材料，可不填")
    rectify.get_by_role("button", name="提交整改结果").click()  # no text: the file is the evidence
    expect(page.locator("p.msg")).to_contain_text(f"已提交整改结果：{PROBLEM}")
    expect(page.locator("#status")).to_have_text("已整改")
    page.screenshot(path=str(screenshots / "e2e-rectification-evidence-clerk.png"), full_page=True)
    logout(page)

    login(page, "reviewer")
    page.goto(problem_path)
    link = page.locator(".evidence-files").get_by_role("link", name=FILE)
    expect(link).to_be_visible()
    expect(page.get_by_role("button", name="上传佐证材料")).to_have_count(0)  # a reviewer never uploads
    with page.expect_download() as got:
        link.click()
    download = got.value
    assert download.suggested_filename == FILE
    assert hashlib.sha256(Path(download.path()).read_bytes()).hexdigest() == hashlib.sha256(picture).hexdigest()
    page.locator("form", has=page.get_by_role("button", name="核实通过")).locator("textarea[name=text]").fill(OPINION)
    page.get_by_role("button", name="核实通过").click()
    expect(page.locator("#status")).to_have_text("已核实")
    expect(page.locator("#problem")).to_contain_text(OPINION)
    page.screenshot(path=str(screenshots / "e2e-rectification-evidence-verified.png"), full_page=True)

    page.get_by_role("link", name="← 问题整改").click()
    with page.expect_download() as got:
        page.locator("a[href=\"/rectification/report.xlsx\"]").click()
    assert got.value.suggested_filename == "整改情况表.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    rows = [[str(v) for v in r if v is not None] for r in wb["佐证材料"].iter_rows(values_only=True)]
    mine = [r for r in rows if FILE in r]
    assert len(mine) == 1
    assert mine[0][1:7] == [PROBLEM, FILE, "PNG 图片", file_size(len(picture)),
                            hashlib.sha256(picture).hexdigest()[:12], "clerk2"]
    main = [" ".join(str(v) for v in r if v is not None) for r in wb["整改情况"].iter_rows(values_only=True)]
    row = next(r for r in main if PROBLEM in r)
    assert "已核实" in row and f"佐证材料1件：{FILE}" in row and OPINION in row
    page.goto("/rectification/report.html")
    expect(page.locator("body")).to_contain_text("佐证材料清单")
    page.screenshot(path=str(screenshots / "e2e-rectification-evidence-report.png"), full_page=True)
