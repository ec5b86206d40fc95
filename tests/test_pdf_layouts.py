"""PDFs rendered here in the layouts of the 决算公开 templates, to reproduce how real tables are printed.

Each test renders a table (or a page of narrative) with WeasyPrint, reads it back with the PDF reader
and runs the checks. The layouts follow the Shanghai 2024 template (``fixtures/pdf/…template.pdf``)
and the 财政部 template it follows: two-sided 总表 with the balances broken down by fund under
年初/年末财政拨款结转和结余, 决算数 spanning 合计 and the three funds, subject codes in one column or
split over 类|款|项 columns."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks import run_checks
from jixiao.ingest import read_bytes

pytest.importorskip("weasyprint")

STYLE = """@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC"; font-size: 7.5pt; }
p.title { page-break-before: always; font-size: 11pt; text-align: center; }
table { border-collapse: collapse; margin-bottom: 8pt; } td { border: 0.6pt solid black; padding: 1.5pt 3pt; }"""
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def td(text: object = "", rows: int = 1, cols: int = 1) -> str:
    span = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
    return f"<td{span}>{escape(str(text))}</td>"


def tr(*cells: str) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def table_page(title: str, number: str, rows: list[str], notes: tuple[str, ...] = ()) -> str:
    return (f'<p class="title">{escape(title)}</p><p>{number}</p><p>部门：上海市普陀区测试局　　　　单位：万元</p>'
            f"<table>{''.join(rows)}</table>" + "".join(f"<p>{escape(n)}</p>" for n in notes))


def read_pages(*pages: str, name: str = "rendered.pdf"):
    from weasyprint import HTML

    html = (f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
            f"<p>上海市普陀区测试局2024年度部门决算</p>{''.join(pages)}</body></html>")
    return read_bytes(HTML(string=html).write_pdf(), name)


def money(value: Decimal | None) -> str:
    return "" if not value else f"{value:,.2f}"


# -- 财政拨款收入支出决算总表: the balances broken down by fund are not the year's income ------------------


CLASSES = (("一、一般公共服务支出", Decimal("264.87")), ("八、社会保障和就业支出", Decimal("10.82")))  # = 公开05表 below


def fiscal_summary(opening: tuple[Decimal, Decimal, Decimal]) -> str:
    """公开04表 as the template prints it; the year's money all 一般公共预算, balances per fund as given
    (spent in the year: none, so they are carried to the year's end unchanged)."""
    income = sum(a for _, a in CLASSES)
    opened = sum(opening)
    rows = [
        tr(td("收入", cols=2), td("支出", cols=5)),
        tr(td("项目", rows=2), td("决算数", rows=2), td("项目", rows=2), td("决算数", cols=4)),
        tr(td("合计"), *(td(f) for f in FUNDS)),
    ]
    left = [(f"{n}、{f}", income if k == 0 else None) for k, (n, f) in enumerate(zip("一二三", FUNDS, strict=True))]
    for k in range(max(len(left), len(CLASSES))):  # 05's classes, all spent from 一般公共预算
        name, amount = left[k] if k < len(left) else ("", None)
        cls, spent = CLASSES[k] if k < len(CLASSES) else ("", None)
        rows.append(tr(td(name), td(money(amount)), td(cls), td(money(spent)), td(money(spent)), td(), td()))
    rows.append(tr(td("本年收入合计"), td(money(income)), td("本年支出合计"), td(money(income)), td(money(income)),
                   td(), td()))
    rows.append(tr(td("年初财政拨款结转和结余"), td(money(opened)), td("年末财政拨款结转和结余"), td(money(opened)),
                   *(td(money(v)) for v in opening)))
    for n, f, v in zip("一二三", FUNDS, opening, strict=True):
        rows.append(tr(td(f"{n}、{f}"), td(money(v)), td(), td(), td(), td(), td()))
    rows.append(tr(td("总计"), td(money(income + opened)), td("总计"), td(money(income + opened)),
                   td(money(income + opening[0])), td(money(opening[1])), td(money(opening[2]))))
    return table_page("财政拨款收入支出决算总表", "公开04表", rows)


AMOUNTS = st.decimals(min_value=0, max_value=500, places=2).map(lambda d: d if d >= Decimal("0.01") else Decimal(0))


@SLOW
@given(opening=st.tuples(AMOUNTS, AMOUNTS, AMOUNTS))
def test_balance_rows_by_fund_are_not_summed_into_the_years_income(opening):
    doc = read_pages(fiscal_summary(opening))
    (table,) = doc.accounts.tables
    income = [e.name for e in table.side("收入")]
    assert income.count("一、一般公共预算财政拨款") == 2  # the year's row and the balance's row, both read
    found = [f for f in run_checks([doc]).findings if f.severity.value == "error"]
    assert found == []


# -- 一般公共预算财政拨款支出决算表 with the subject code over 类 | 款 | 项 columns ------------------------------

T05_ROWS = (("201", "一般公共服务支出", "264.87", "62.63", "202.24"), ("20139", "社会工作事务", "264.87", "62.63", "202.24"),
            ("2013901", "行政运行", "51.32", "51.32", ""), ("2013950", "事业运行", "11.31", "11.31", ""),
            ("2013999", "其他社会工作事务支出", "202.24", "", "202.24"),
            ("208", "社会保障和就业支出", "10.82", "10.82", ""), ("20805", "行政事业单位养老支出", "10.82", "10.82", ""),
            ("2080501", "行政单位离退休", "0.54", "0.54", ""),
            ("2080505", "机关事业单位基本养老保险缴费支出", "10.28", "10.28", ""))


def general_budget_table(own_level_only: bool, rows=T05_ROWS) -> str:
    """公开05表 with 科目编码 over 类 | 款 | 项: every level printed (201 | 39 | 01) or, as some
    templates print it, each row only its own level (| 39 | under 201)."""
    out = [tr(td("科目编码", cols=3), td("科目名称", rows=2), td("本年支出", cols=3)),
           tr(td("类"), td("款"), td("项"), td("小计"), td("基本支出"), td("项目支出")),
           tr(td("", cols=3), td("合计"), td("275.69"), td("73.45"), td("202.24"))]
    for code, name, *values in rows:
        parts = [code[:3], code[3:5], code[5:7]]
        if own_level_only:
            level = {3: 0, 5: 1, 7: 2}[len(code)]
            parts = [p if k == level else "" for k, p in enumerate(parts)]
        out.append(tr(*(td(p) for p in parts), td(name), *(td(v) for v in values)))
    return table_page("一般公共预算财政拨款支出决算表", "公开05表", out)


NO_BALANCES = (Decimal(0), Decimal(0), Decimal(0))


@pytest.mark.parametrize("own_level_only", [False, True])
def test_codes_split_over_class_item_columns_are_joined(own_level_only):
    doc = read_pages(fiscal_summary(NO_BALANCES), general_budget_table(own_level_only))
    table = doc.accounts.tables[-1]
    assert [e.code for e in table.entries] == [None, *(code for code, *_ in T05_ROWS)]
    assert [f for f in run_checks([doc]).findings if f.severity.value == "error"] == []


@SLOW
@given(wrong=st.sampled_from(range(len(T05_ROWS))), own_level_only=st.booleans())
def test_a_wrong_row_is_found_whichever_way_the_code_is_printed(wrong, own_level_only):
    code, name, spent, basic, project = T05_ROWS[wrong]
    bumped = f"{Decimal(spent) + 1:.2f}"
    rows = list(T05_ROWS)
    rows[wrong] = (code, name, bumped, basic, project)
    doc = read_pages(fiscal_summary(NO_BALANCES), general_budget_table(own_level_only, rows))
    errors = [f for f in run_checks([doc]).findings if f.severity.value == "error" and f.source.table]
    # the row no longer adds up across its columns, or with the rows above/below it: an error at that row
    assert errors and any(name in f.message or code in f.message for f in errors)


# -- a cell emptied where a total needs it --------------------------------------------------------------------


@SLOW
@given(blank=st.sampled_from(["本年收入合计", "本年支出合计", "总计"]))
def test_a_total_left_blank_is_reported(blank):
    # the template's 04 table with one total cell printed empty: before, the rule was silently skipped
    page = fiscal_summary(NO_BALANCES)
    income = f"{sum(a for _, a in CLASSES):,.2f}"
    cell = f"<td>{blank}</td><td>{income}</td>"
    assert cell in page
    doc = read_pages(page.replace(cell, f"<td>{blank}</td><td></td>", 1))
    found = [f for f in run_checks([doc]).findings if f.code == "cell-empty-needed"]
    assert found and all(f.severity.value == "warning" and f.expected == income for f in found)
    assert any(blank in f.message for f in found)
    # the rule that needs the blank cell as an operand (总计 = 本年收入合计 + 年初…) may then not add up: that
    # is the same defect seen from the other side, and still an error of the document


def test_fund_columns_under_the_spanning_header_are_checked():
    # 决算数 spans 合计 and the three funds (决算数·合计 …): a fund cell that does not add up to 合计 is found
    page = fiscal_summary(NO_BALANCES)
    row = "<td>八、社会保障和就业支出</td><td>10.82</td><td>10.82</td>"
    assert row in page
    doc = read_pages(page.replace(row, "<td>八、社会保障和就业支出</td><td>10.82</td><td>1.82</td>", 1))
    found = [f for f in run_checks([doc]).findings if f.code == "row-sum-mismatch"]
    assert [(f.expected, f.actual) for f in found] == [("1.82", "10.82")]


# -- the prose after the last table is not the table's note ----------------------------------------------------

NARRATIVE = ("一、收入支出决算总体情况说明", "2024年度收、支总计275.69万元。与2023年度相比，收、支总计各增加10.00万元，增长3.76%。",
             "二、收入决算情况说明", "本年收入合计275.69万元，其中：财政拨款收入275.69万元，占100.00%。")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(part=st.sampled_from(["第三部分 上海市普陀区测试局2024年度部门决算情况说明", "第三部分 2024年度部门决算情况说明"]),
       note=st.sampled_from(["注：本表反映部门本年度一般公共预算财政拨款支出情况。", "注：本表金额单位为万元。"]),
       tables_part=st.sampled_from(["", "第二部分 2024年度部门决算表"]))
def test_a_table_does_not_swallow_the_narrative_after_it(part, note, tables_part):
    # without a part heading over the tables (some documents print none), the tables are looked for
    # anywhere and the last one ran on to the end of the document, taking the 情况说明 as its notes
    tables = f"<p>{tables_part}</p>" + fiscal_summary(NO_BALANCES) + general_budget_table(False)
    tables = tables.replace("</table>", f"</table><p>{escape(note)}</p>")  # each table's note, as printed
    prose = f"<p>{escape(part)}</p>" + "".join(f"<p>{escape(p)}</p>" for p in NARRATIVE)
    doc = read_pages(tables + prose)
    last = doc.accounts.tables[-1]
    assert last.notes == (note,)
    keys = {f.key for f in doc.accounts.facts}
    assert {"totals.income_expenditure", "income.total"} <= keys  # the narrative is read as narrative
