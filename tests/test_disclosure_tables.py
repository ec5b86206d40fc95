"""Golden tests on the nine disclosure tables of seed 002 (青岛市司法局 2022 部门决算)."""

import re
from decimal import Decimal as D

import pytest

from jixiao.ingest.disclosure_tables import table_kind
from jixiao.model.accounts import TableKind
from tests.conftest import ACCOUNTS


def tables(doc):
    return {t.kind: t for t in doc.accounts.tables}


def test_nine_tables_by_title_in_order(accounts_doc):
    got = [(t.number, t.kind) for t in accounts_doc.accounts.tables]
    assert got == [
        ("公开01表", TableKind.SUMMARY),
        ("公开02表", TableKind.INCOME),
        ("公开03表", TableKind.EXPENDITURE),
        ("公开04表", TableKind.FISCAL_SUMMARY),
        ("公开05表", TableKind.GENERAL_BUDGET),
        ("公开06表", TableKind.GENERAL_BUDGET_BASIC),
        ("公开07表", TableKind.GOV_FUND),
        ("公开08表", TableKind.STATE_CAPITAL),
        ("公开09表", TableKind.THREE_PUBLIC),
    ]
    for t in accounts_doc.accounts.tables:
        assert t.department == "青岛市司法局" and t.money_unit == "万元"
    assert accounts_doc.accounts.money_unit == "万元"
    assert accounts_doc.year == 2022 and accounts_doc.department.name == "青岛市司法局"


@pytest.mark.parametrize(
    "title,kind",
    [
        ("收入支出决算总表", TableKind.SUMMARY),
        ("财政拨款收入支出决算总表", TableKind.FISCAL_SUMMARY),
        ("一般公共预算财政拨款基本支出决算表", TableKind.GENERAL_BUDGET_BASIC),  # order-B title (no 明细)
        ("一般公共预算财政拨款基本支出决算明细表", TableKind.GENERAL_BUDGET_BASIC),
        ("国有资本经营预算财政拨款收入支出决算表", TableKind.STATE_CAPITAL),
        ("国有资本经营预算财政拨款支出决算表", TableKind.STATE_CAPITAL),
        ('财政拨款"三公"经费支出决算表', TableKind.THREE_PUBLIC),
        ("上海市普陀区社会工作部2024年度支出决算表", TableKind.EXPENDITURE),
        ("三、支出决算情况", None),
    ],
)
def test_titles_are_recognised_by_wording(title, kind):
    assert table_kind(title) == kind


def test_summary_table_two_sides(accounts_doc):
    t = tables(accounts_doc)[TableKind.SUMMARY]
    income, spending = t.side("收入"), t.side("支出")
    assert [e.name for e in income][:3] == ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入"]
    assert t.find("一、一般公共预算财政拨款收入").amount("金额") == D("91455.09")
    assert t.find("八、其他收入").amount("金额") == D("4579.15")
    assert t.find("本年收入合计", "收入").amount("金额") == D("96034.24")
    assert t.find("年初结转和结余", "收入").amount("金额") == D("685.37")
    assert t.find("总计", "收入").amount("金额") == D("96719.61")
    assert t.find("四、公共安全支出", "支出").amount("金额") == D("85705.93")
    assert t.find("本年支出合计", "支出").amount("金额") == D("95881.04")
    assert t.find("年末结转与结余", "支出").amount("金额") == D("838.57")
    assert t.find("总计", "支出").row_no == "62"
    # every printed 行次 is a row of its side, also where only the 行次 is printed (issue 16): 1–31 | 32–62
    assert [e.row_no for e in income] == [str(n) for n in range(1, 32)]
    assert [e.row_no for e in spending] == [str(n) for n in range(32, 63)]
    named = [e for e in spending if e.name]
    assert len([e for e in income if e.name]) == 12 and len(named) == 30  # 26 类 rows + 合计, 结余分配, 年末, 总计
    blank = next(e for e in income if e.row_no == "9")
    assert blank.name == "" and blank.code is None and all(a.raw == "" for a in blank.amounts)
    assert blank.source.line == 116


def test_income_and_expenditure_rows(accounts_doc):
    inc = tables(accounts_doc)[TableKind.INCOME]
    assert inc.columns == ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
    assert inc.find("合计").amount("本年收入合计") == D("96034.24")
    assert inc.find("204").amount("本年收入合计") == D("85859.12")  # while 01 and 03 say 85,705.93
    assert inc.find("2040650").amount("其他收入") == D("0.06")
    assert inc.find("20408").name == "强制隔离戒毒" and inc.find("20408").level == "款"
    assert inc.find("2080506").level == "项"
    assert len(inc.entries) == 31
    exp = tables(accounts_doc)[TableKind.EXPENDITURE]
    assert exp.find("合计").amount("基本支出") == D("70818.78")
    assert exp.find("20408").amount("基本支出") == D("6434.75")
    assert exp.find("20407").amount("项目支出") == D("8995.29")
    assert exp.find("2210201").source.line == 238


def test_fiscal_summary_and_general_budget(accounts_doc):
    t = tables(accounts_doc)[TableKind.FISCAL_SUMMARY]
    spend = t.find("四、公共安全支出", "支出")
    assert spend.amount("合计") == D("81279.97") and spend.amount("一般公共预算财政拨款") == D("81279.97")
    assert spend.amount("政府性基金预算财政拨款") == D("0.00")
    assert t.find("本年收入合计", "收入").amount("金额") == D("91455.09")
    assert t.find("年初财政拨款结转和结余", "收入").row_no == "28"
    gb = tables(accounts_doc)[TableKind.GENERAL_BUDGET]
    assert gb.columns == ("本年支出·小计", "本年支出·基本支出", "本年支出·项目支出")
    assert gb.find("合计").amount("本年支出·基本支出") == D("70770.50")
    assert gb.find("20408").amount("本年支出·基本支出") == D("6386.47")
    assert gb.find("2040699").amount("本年支出·项目支出") == D("981.77")


def test_basic_expenditure_three_panels(accounts_doc):
    t = tables(accounts_doc)[TableKind.GENERAL_BUDGET_BASIC]
    assert t.find("301").side == "人员经费" and t.find("301").amount("金额") == D("56606.82")
    assert t.find("30399").amount("金额") == D("2993.05")
    assert t.find("302").side == "公用经费" and t.find("302").amount("金额") == D("5309.19")
    assert t.find("30239").amount("金额") == D("1661.43")
    assert t.find("310").side == "公用经费" and t.find("310").amount("金额") == D("196.21")
    assert t.find("31013").amount("金额") == D("42.98")
    assert t.find("人员经费合计").amount("金额") == D("65265.10")
    assert t.find("公用经费合计").amount("金额") == D("5505.39")
    assert len(t.side("人员经费")) == 28 and len(t.side("公用经费")) == 63
    codes = [e.code for e in t.side("公用经费")]
    assert codes[:3] == ["302", "30201", "30202"] and codes.index("307") == 28  # panel by panel


def test_empty_fund_tables_and_three_public(accounts_doc):
    ts = tables(accounts_doc)
    gf = ts[TableKind.GOV_FUND]
    assert gf.find("合计").amount("本年支出·基本支出") == D("0.00")
    assert gf.empty_note.endswith("故本表无数据。")
    assert ts[TableKind.STATE_CAPITAL].empty_note == "2. 本部门没有使用国有资本经营预算安排的支出，故本表无数据。"
    tp = ts[TableKind.THREE_PUBLIC]
    (row,) = tp.entries
    assert row.amount("预算数·合计") == D("178.50")
    assert row.amount("预算数·公务用车购置及运行维护费·公务用车购置费") == D("0")
    assert row.amount("决算数·公务用车购置及运行维护费·小计") == D("114.31")
    assert row.amount("决算数·公务接待费") == D("11.60")
    assert len(row.amounts) == 12


def test_table_notes_kept(accounts_doc):
    t = tables(accounts_doc)[TableKind.SUMMARY]
    assert t.notes == ("注：1. 本表反映部门本年度的总收入和年末结转结余情况。", "2. 本套报表金额单位转换时可能存在尾数误差。")


AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d+$")


def test_completeness_every_amount_cell_is_in_the_model(accounts_doc):
    """Every number-bearing cell of the table part of the source is an Amount in the model,
    at the same line and column, with the same value."""
    lines = ACCOUNTS.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "收入支出决算总表" and i > 50)
    end = next(i for i, ln in enumerate(lines) if ln.strip() == "第三部分" and i > start)
    source_cells = {}
    for n in range(start, end):
        for col, cell in enumerate(lines[n].split("\t"), start=1):
            if AMOUNT.match(cell.strip()):
                source_cells[(n + 1, col)] = D(cell.strip().replace(",", ""))
    model_cells = {
        (a.source.line, a.source.column): a.value
        for t in accounts_doc.accounts.tables
        for e in t.entries
        for a in e.amounts
        if a.value is not None
    }
    missing = {k: v for k, v in source_cells.items() if model_cells.get(k) != v}
    assert not missing
    assert len(source_cells) == 774  # counted independently: awk + grep over lines 97–438
    # the model has one more: the integer "0" of 09 (公务用车购置费 预算数)
    assert len(model_cells) == len(source_cells) + 1


def test_table_part_fully_placed(accounts_doc):
    assert [u.source.line for u in accounts_doc.unplaced if 93 <= u.source.line <= 438] == []


# -- a label printed under a value column is a label, not a malformed number (issue 15) -------------------------


@pytest.mark.parametrize("label", ["人员经费合计", "合计", "小计", "公用经费合计"])
def test_a_label_under_a_value_column_is_no_malformed_number(label):
    from jixiao.ingest import read_text

    lines = ACCOUNTS.read_text(encoding="utf-8").split("\n")
    old = "\t人员经费合计\t65,265.10\t"
    assert lines[387].startswith(old)  # line 388: table 06's totals row
    lines[387] = lines[387].replace(old, f"\t\t{label}\t", 1)  # the label one cell to the right, no amount
    doc = read_text("\n".join(lines), ACCOUNTS.name)
    at_388 = [f for f in doc.findings if f.source.line == 388]
    assert [f.code for f in at_388] == ["cell-shifted"] and label in at_388[0].message
    t06 = next(t for t in doc.accounts.tables if t.kind == TableKind.GENERAL_BUDGET_BASIC)
    assert any(e.name == label for e in t06.entries)


def test_a_subject_code_printed_without_its_leading_zero_is_read_and_reported_once_per_table():
    """wanli 2024 prints 款 “2” and “7” (for 02, 07) under 类 301: read as 30102 / 30107, reported once
    for the table (a spreadsheet dropped the zeros); the other budget PDFs and the fixtures print
    every code in full and get nothing."""
    from jixiao.checks import run_checks
    from jixiao.ingest import read_file
    from tests.conftest import shared_path

    wanli = read_file(shared_path("corpus/pdf/putuo-wanli-subdistrict-2024-budget.pdf"))
    found = [f for f in run_checks([wanli]).findings if f.code == "subject-code-unpadded"]
    assert len(found) == 1 and found[0].source.page == 29
    assert (found[0].actual, found[0].expected) == ("2", "02") and found[0].severity.value == "warning"
    table = next(t for t in wanli.budget.tables if t.title == found[0].source.table)
    codes = {e.code for e in table.entries}
    assert {"30102", "30107"} <= codes and "3012" not in codes
    for other in ("corpus/pdf/putuo-govoffice-2025-budget.pdf", "corpus/pdf/putuo-justice-2026-budget.pdf"):
        doc = read_file(shared_path(other))
        assert not [f for f in run_checks([doc]).findings if f.code == "subject-code-unpadded"]
