"""The 绩效目标批复表 (report kind ``approval-table``) of a bureau approval: seed 000's 2023
法律援助及12348业务费 reviewed with opinions by the department and the bureau, approved, and
downloaded in the four formats; the values read back from the XLSX, the text from the PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal as D

import openpyxl
import pdfplumber
import pytest
from django.test import Client
from docx import Document as DocxDocument

from jixiao.web.review import flow
from jixiao.web.review.models import Approval
from jixiao.web.store import models as m
from jixiao.web.workflow import states
from tests.web.workflow_world import DRAFT_124005, PASSWORDS


def user(username: str):
    return m.Profile.objects.get(user__username=username).user


def login(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORDS[username])
    return c


@pytest.fixture
def approval(world, db) -> Approval:
    p = states.transition(user("clerk2"), m.Project.objects.get(name=DRAFT_124005), "submit")
    flow.approve(user("reviewer"), p)
    p.refresh_from_db()
    points = {x.code: format(x.points * D("0.9"), "f") for x in flow.scheme().points}
    answers = {1: {"checks": {"basis": {"ok": False, "text": "依据应写明近三年案件数"}}, "text": ""},
               2: {"checks": {}, "text": "目标值偏低，建议提高"}}
    flow.save_review(user("bureau"), p, "同意批复，按意见完善指标。", points, answers)
    a = flow.approve(user("bureau"), p, p.version, "青财绩批〔2023〕7号")
    assert a is not None
    return a


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_approval_table_in_four_formats_with_opinions_body_and_date(approval):
    c = login("clerk2")
    inds = approval.snapshot["indicators"]
    today = approval.approved_at.date()
    page = c.get(f"/review/approvals/{approval.pk}/").content.decode()
    assert f'/review/approvals/{approval.pk}/report.pdf' in page and "下载批复表" in page

    r = c.get(f"/review/approvals/{approval.pk}/report.xlsx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.getvalue())).worksheets[0]
    rows = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]
    assert rows[0] == ["2023年度项目支出绩效目标批复表"]
    assert ["项目名称", "法律援助及12348业务费", "项目编码", approval.snapshot["code"]] in rows
    amount = next(row for row in rows if row and row[0] == "批复金额")
    assert amount[1] == float(approval.amount) == 378.5  # stored as a number
    by_name = {i["name"]: row for i in inds for row in rows if i["name"] in row}
    assert by_name[inds[1]["name"]][-1] == "指标值是否有确定依据：依据应写明近三年案件数"
    assert by_name[inds[2]["name"]][-1] == "目标值偏低，建议提高"
    assert by_name[inds[3]["name"]][-1] == "符合要求"
    assert ["审核意见", "同意批复，按意见完善指标。"] in rows
    assert ["审核评分", 90.0, "审核等级", flow.scheme().grade_of(D(90))] in rows
    assert ["批复单位", "青岛市财政局", "批复日期", today.strftime("%Y年%m月%d日")] in rows
    assert "批复文号：青财绩批〔2023〕7号" in [v for row in rows for v in row]

    pdf = c.get(f"/review/approvals/{approval.pk}/report.pdf").getvalue()
    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = squash("\n".join(pg.extract_text() or "" for pg in doc.pages))
        cells = [squash(c or "") for pg in doc.pages for t in pg.extract_tables() for row in t for c in row]
        text += "\n".join(cells)  # a wrapped cell is read whole from the table
    for want in ("2023年度项目支出绩效目标批复表", "批复文号：青财绩批〔2023〕7号", "依据应写明近三年案件数",
                 "目标值偏低，建议提高", "同意批复，按意见完善指标。", "青岛市财政局", today.strftime("%Y年%m月%d日"),
                 squash(inds[0]["name"]), "378.50"):
        assert want in text, want

    docx = DocxDocument(io.BytesIO(c.get(f"/review/approvals/{approval.pk}/report.docx").getvalue()))
    cells = {cell.text for t in docx.tables for row in t.rows for cell in row.cells}
    assert {"依据应写明近三年案件数" in x for x in cells} >= {True} and "青岛市财政局" in cells

    html = c.get(f"/review/approvals/{approval.pk}/report.html").getvalue().decode()
    assert "目标值偏低，建议提高" in html and 'class=" opinion"' in html


def test_approval_table_is_not_for_other_units_or_unknown_formats(approval):
    assert login("clerk").get(f"/review/approvals/{approval.pk}/report.pdf").status_code == 404
    assert login("clerk2").get(f"/review/approvals/{approval.pk}/report.odt").status_code == 404
    assert Client().get(f"/review/approvals/{approval.pk}/report.pdf").status_code == 302


def test_cli_builder_prints_target_tables_as_a_table_to_approve(goals_doc, tmp_path):
    from jixiao.report.approval import build
    from jixiao.report.registry import render

    view = build([goals_doc], project="法律援助及12348业务费")
    assert (view.year, view.approver, view.approved_on) == (2023, "", None)
    assert [t.amount for t in view.tables] == [D("378.50")] and view.tables[0].indicators[0].opinion == ""
    out = render("approval-table", "xlsx", [goals_doc], tmp_path / "a.xlsx")
    values = [v for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows(values_only=True)
              for v in row if v is not None]
    assert "注：本表尚未批复（批复单位、日期和审核意见待填）。" in values and "符合要求" not in values
    assert isinstance(dt.date.today(), dt.date)


def test_approval_table_is_built_once_per_stamps_of_the_records_it_reads(approval, builds):
    from jixiao.web.review.models import IndicatorOpinion

    c = login("clerk2")
    url = f"/review/approvals/{approval.pk}/report.html"
    first = c.get(url)
    assert first.streaming
    html = first.getvalue().decode()
    assert c.get(url).getvalue().decode() == html
    assert builds == [(str(approval.pk), "approval-table", "html")]  # the second one a file send
    # an opinion changed in place (the review not saved) still gives a new table
    IndicatorOpinion.objects.filter(review=approval.review, text="目标值偏低，建议提高").update(text="目标值应不低于上年")
    changed = c.get(url).getvalue().decode()
    assert changed != html and "目标值应不低于上年" in changed and len(builds) == 2
    review = approval.review
    review.opinion = "同意批复。"
    review.save()
    assert "同意批复。" in c.get(url).getvalue().decode() and len(builds) == 3
    assert login("clerk").get(url).status_code == 404  # another unit's clerk, though the file is built
