"""The PDF reader: the real Shanghai 普陀区社会工作部 2024 决算 PDF, the official template,
seed 002's nine tables rendered to a PDF of our own, a fake scanned page, broken files.

True values were read off the fixture with ``pdftotext -layout`` (page numbers are the
PDF's own, 1-based).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest

from jixiao.ingest import read_bytes, read_file
from jixiao.ingest.pdf import extract_text, read_pdf
from jixiao.model.accounts import TableKind
from tests.conftest import ACCOUNTS, shared_path

PUTUO_NAME = "fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TEMPLATE_NAME = "fixtures/pdf/shanghai-2024-final-accounts-template.pdf"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def putuo():
    return read_file(shared_path(PUTUO_NAME))


@pytest.fixture(scope="module")
def tables(putuo):
    return {t.kind: t for t in putuo.accounts.tables}


@pytest.fixture(scope="module")
def facts(putuo):
    return {f.key: f for f in putuo.accounts.facts}


def codes(doc) -> list[str]:
    return [f.code for f in doc.findings]


# -- the real PDF: document, tables ----------------------------------------------------------


def test_department_year_and_kind(putuo):
    assert putuo.kind == "final_accounts"
    assert putuo.readable
    assert (
        str(putuo.department) == "中共上海市普陀区委社会工作部"
        or putuo.department.name == "中共上海市普陀区委社会工作部"
    )
    assert putuo.year == 2024
    assert putuo.accounts.title == "中共上海市普陀区委社会工作部2024年度部门决算"
    assert putuo.accounts.money_unit == "万元"


def test_all_nine_tables_found_by_title_in_order_b(putuo):
    kinds = [t.kind for t in putuo.accounts.tables]
    assert kinds == [
        TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_SUMMARY,
        TableKind.GENERAL_BUDGET, TableKind.GENERAL_BUDGET_BASIC, TableKind.THREE_PUBLIC,  # 三公 7th
        TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
    ]  # fmt: skip
    pages = [t.source.page for t in putuo.accounts.tables]
    assert pages == [5, 6, 8, 10, 12, 13, 14, 15, 16]
    assert all(t.money_unit == "万元" and t.department is None and t.number is None for t in putuo.accounts.tables)


def test_every_line_placed_and_pages_on_every_line(putuo):
    assert putuo.unplaced == ()
    assert "unplaced-text" not in codes(putuo)
    assert putuo.line_count == 416


def amount(table, name_or_code, column, side=None):
    entry = table.find(name_or_code, side)
    assert entry is not None, name_or_code
    cell = next(a for a in entry.amounts if a.column == column)
    return cell


@pytest.mark.parametrize(
    ("kind", "row", "side", "column", "raw", "page"),
    [
        (TableKind.SUMMARY, "一、一般公共预算财政拨款收入", "收入", "决算数", "307.82", 5),
        (TableKind.SUMMARY, "八、社会保障和就业支出", "支出", "决算数", "10.82", 5),
        (TableKind.SUMMARY, "十九、住房保障支出", "支出", "决算数", "29.42", 5),
        (TableKind.SUMMARY, "总计", "支出", "决算数", "307.82", 5),
        (TableKind.INCOME, "2013999", None, "本年收入合计", "202.24", 6),
        (TableKind.INCOME, "2080505", None, "财政拨款收入", "6.18", 6),
        (TableKind.INCOME, "2210203", None, "财政拨款收入", "11.72", 7),  # the table runs on to page 7
        (TableKind.EXPENDITURE, "合计", None, "基本支出", "105.58", 8),
        (TableKind.EXPENDITURE, "2013999", None, "项目支出", "202.24", 8),
        (TableKind.EXPENDITURE, "2101102", None, "基本支出", "0.49", 9),
        (TableKind.FISCAL_SUMMARY, "一、一般公共服务支出", "支出", "一般公共预算财政拨款", "264.87", 10),
        (TableKind.FISCAL_SUMMARY, "十九、住房保障支出", "支出", "合计", "29.42", 11),
        (TableKind.FISCAL_SUMMARY, "总计", "收入", "决算数", "307.82", 11),
        (TableKind.GENERAL_BUDGET, "20139", None, "基本支出", "62.63", 12),
        (TableKind.GENERAL_BUDGET, "合计", None, "项目支出", "202.24", 12),
        (TableKind.GENERAL_BUDGET_BASIC, "30102", "人员经费", "决算数", "39.72", 13),
        (TableKind.GENERAL_BUDGET_BASIC, "30113", "人员经费", "决算数", "17.70", 13),
        (TableKind.GENERAL_BUDGET_BASIC, "30239", "公用经费", "决算数", "2.43", 13),
        (TableKind.GENERAL_BUDGET_BASIC, "30299", "公用经费", "决算数", "0.20", 13),
        (TableKind.GENERAL_BUDGET_BASIC, "公用经费合计", "公用经费", "决算数", "10.23", 13),
    ],
)
def test_real_amounts_with_pages(tables, kind, row, side, column, raw, page):
    cell = amount(tables[kind], row, column, side)
    assert cell.raw == raw
    assert cell.value == Decimal(raw)
    assert cell.source.page == page
    assert cell.source.table == tables[kind].title
    assert cell.source.row is not None and cell.source.column is not None


def test_code_columns_and_merged_headers(tables):
    income = tables[TableKind.INCOME]
    # 功能分类科目编码 (two lines in one merged cell) is the code column; the rest are amounts
    assert income.columns == (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    )
    entry = income.find("2080505")
    assert entry.name == "机关事业单位基本养老保险缴费支出" and entry.level == "项"
    assert [e.code for e in income.entries[:3]] == [None, "201", "20139"]
    assert income.entries[0].name == "合计"
    assert len(income.entries) == 18  # 合计 + 17 subjects over pages 6–7


def test_basic_expenditure_panels_take_side_from_their_totals(tables):
    t6 = tables[TableKind.GENERAL_BUDGET_BASIC]
    staff, public = t6.side("人员经费"), t6.side("公用经费")
    assert len(staff) == 28 and len(public) == 39
    assert staff[-1].name == "人员经费合计" and staff[-1].amount("决算数") == Decimal("95.36")
    assert public[0].code == "302" and public[0].name == "商品和服务支出"
    assert t6.find("31007").name == "信息网络及软件购置更新"  # a cell wrapped over two lines


def test_empty_tables_and_their_notes(tables):
    three = tables[TableKind.THREE_PUBLIC]
    assert three.entries == ()
    assert three.empty_note == "说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出，故本表无数据。"
    assert "财政拨款“三公”经费·公务用车购置及运行维护费·公务用车运行维护费·决算数" in three.columns
    assert len(three.columns) == 12
    for kind, what in ((TableKind.GOV_FUND, "政府性基金"), (TableKind.STATE_CAPITAL, "国有资本经营")):
        t = tables[kind]
        assert t.entries == ()
        assert (
            t.empty_note == f"说明：中共上海市普陀区委社会工作部本年度没有{what}预算财政拨款收入和支出，故本表无数据。"
        )
        assert t.notes[1].startswith(f"无{what}预算财政拨款收入支出的，仍保留该表格式")
        assert "本年支出·基本支出" in t.columns


# -- the real PDF: narrative and performance -------------------------------------------------


def test_narrative_sections(putuo):
    parts = {s.part for s in putuo.accounts.sections}
    assert "第三部分 中共上海市普陀区委社会工作部2024年度部门决算情况说明" in parts
    assert "第四部分 名词解释" in parts
    headings = [s.heading for s in putuo.accounts.sections if s.part.startswith("第三部分") and s.level == 2]
    assert headings[0] == "一、收入支出决算总体情况说明"
    assert headings[-2:] == ["十、预算绩效管理情况", "十一、其他重要事项的情况说明"]
    assert len(headings) == 11


@pytest.mark.parametrize(
    ("key", "value", "unit", "line", "page"),
    [
        ("totals.income_expenditure", "307.82", "万元", 271, 17),
        ("totals.growth_pct", "100.00", "%", 273, 17),
        ("expenditure.basic.share", "34.30", "%", 279, 17),
        ("general_budget.initial_budget", "0", "万元", 295, 18),
        ("general_budget.completion_pct", "95.89", "%", 296, 18),
        ("general_budget.class.4.share", "9.55", "%", 293, 18),
        ("general_budget.item.1.full_year_budget", "52.00", "万元", 299, 18),
        ("general_budget.item.7.actual", "0.49", "万元", 326, 19),
        ("basic.personnel", "95.36", "万元", 337, 20),
        ("procurement.total", "21.07", "万元", 368, 22),
        ("procurement.sme_reserved", "21.07", "万元", 371, 22),
        ("assets.equipment_over_1m", "0", "台（套）", 382, 22),
    ],
)
def test_stated_numbers(facts, key, value, unit, line, page):
    f = facts[key]
    assert f.value == Decimal(value) and f.unit == unit
    assert (f.source.line, f.source.page) == (line, page)


def test_performance_section(putuo, facts):
    sec = next(s for s in putuo.accounts.sections if s.title == "预算绩效管理情况" and s.part != "目录")
    assert sec.source.page == 21
    assert "《上海市预算绩效管理实施办法》" in sec.text
    assert facts["performance.targets.projects"].value == 1
    assert facts["performance.targets.funds"].value == Decimal("175.52")
    assert facts["performance.monitoring.projects"].value == 1
    assert facts["performance.self_eval.funds"].value == Decimal("175.52")
    assert facts["performance.self_eval.average_score"].value == Decimal("100.00")
    assert facts["performance.grade.excellent"].value == 1
    assert facts["performance.grade.fail"].value == 0
    assert facts["performance.self_eval.problems"].value == 0


def test_sections_that_state_none_give_no_false_alarm(putuo):
    assert "narrative-section-missing" not in codes(putuo)
    assert "narrative-fact-unmatched" not in codes(putuo)
    three = next(s for s in putuo.accounts.sections if s.title.startswith("财政拨款“三公”经费") and s.part != "目录")
    assert "无“三公”经费财政拨款支出" in three.text


def test_reading_is_clean(putuo):
    (recognised,) = putuo.findings  # only the note saying why it is a 决算
    assert recognised.code == "document-kind-detected" and "部门决算" in recognised.message


def test_check_cli_exit_and_page_locations():
    out = subprocess.run(
        [sys.executable, "-m", "jixiao", "check", str(shared_path(PUTUO_NAME)), "--level", "info", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr  # no error: the one 0.01 share gap is a balancing adjustment
    # 29.42÷307.82 = 9.5575% printed 9.55%: the four class shares then add to exactly 100.00% (correctly
    # rounded they add to 100.01%), the writer's 尾差调整 — a rounding note, not an error
    findings = json.loads(out.stdout)["findings"]
    (share,) = [f for f in findings if "住房保障支出（类）支出占比" in f["message"]]
    assert share["code"] == "narrative-rounding-gap" and "尾差调整" in share["message"]
    assert share["location"]["page"] == 18


# -- the official template --------------------------------------------------------------------


def test_template_is_read_as_a_template():
    doc = read_file(shared_path(TEMPLATE_NAME))
    assert doc.kind == "final_accounts" and doc.readable
    assert str(doc.department).find("XX") >= 0 or "XX" in (doc.accounts.title or "")
    assert doc.accounts.title == "上海市XX局2024年度部门决算"
    assert len(doc.accounts.tables) == 9
    assert all(not t.entries for t in doc.accounts.tables)  # no amounts anywhere: nothing invented
    assert doc.unplaced == ()
    # the narrative is placeholders ("收入、支出总计XXX万元"): its facts cannot be read, each said so
    assert set(codes(doc)) == {"narrative-fact-unmatched", "document-kind-detected"}
    assert doc.accounts.facts == ()


# -- seed 002's nine tables as a PDF of our own ---------------------------------------------------


def _seed_table_lines() -> list[str]:
    lines = ACCOUNTS.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "收入支出决算总表" and i > 50)
    end = next(i for i, ln in enumerate(lines) if ln.strip() == "第三部分" and i > start)
    return lines[start:end]


def seed_tables_html() -> str:
    """Each disclosure table of seed 002 as an HTML table (its top header row with merged
    cells, as printed), each table on a new page; titles, 公开0N表, 部门, 单位 and notes as
    paragraphs."""
    out = []
    table: list[list[str]] = []

    def flush():
        if not table:
            return
        rows = []
        for k, cells in enumerate(table):
            tds = []
            j = 0
            while j < len(cells):
                span = 1
                if k == 0 and cells[j].strip():  # the topmost header row: a label spans the empty cells after it
                    while j + span < len(cells) and not cells[j + span].strip():
                        span += 1
                attr = f' colspan="{span}"' if span > 1 else ""
                tds.append(f"<td{attr}>{escape(cells[j].strip())}</td>")
                j += span
            rows.append("<tr>" + "".join(tds) + "</tr>")
        out.append("<table>" + "".join(rows) + "</table>")
        table.clear()

    for ln in _seed_table_lines():
        if "\t" in ln:
            table.append(ln.split("\t"))
            continue
        if not ln.strip():
            continue  # blank lines between blocks of one table (page breaks in the original): one table
        flush()
        if ln.strip():
            cls = ' class="title"' if ln.strip().endswith("表") and not ln.startswith("公开") else ""
            out.append(f"<p{cls}>{escape(ln.strip())}</p>")
    flush()
    style = """
      @page { size: A4 landscape; margin: 12mm; }
      body { font-family: "Noto Sans CJK SC"; font-size: 7.5pt; }
      p.title { page-break-before: always; font-size: 11pt; }
      table { border-collapse: collapse; margin-bottom: 8pt; }
      td { border: 0.6pt solid black; padding: 1.5pt 3pt; }
    """
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(out)}</body></html>"


def seed_tables_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=seed_tables_html()).write_pdf()


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return seed_tables_pdf()


def _amounts(doc):
    return [
        (t.kind, e.side, e.code, e.name, a.column, a.raw, a.value)
        for t in doc.accounts.tables
        for e in t.entries
        for a in e.amounts
    ]


def test_seed_tables_round_trip_through_pdf(seed_pdf, accounts_doc):
    doc = read_bytes(seed_pdf, "seed-002-tables.pdf")
    assert doc.kind == "final_accounts"
    assert [t.kind for t in doc.accounts.tables] == [t.kind for t in accounts_doc.accounts.tables]
    from_pdf = _amounts(doc)
    from_text = _amounts(accounts_doc)
    assert len(from_text) > 700
    assert from_pdf == from_text  # every amount, side, code, name and column equal
    assert ("91,455.09", Decimal("91455.09")) in {(a[5], a[6]) for a in from_pdf}  # separators as printed
    for t_pdf, t_text in zip(doc.accounts.tables, accounts_doc.accounts.tables, strict=True):
        assert (t_pdf.title, t_pdf.number, t_pdf.department, t_pdf.money_unit) == (
            t_text.title,
            t_text.number,
            t_text.department,
            t_text.money_unit,
        )
        assert t_pdf.columns == t_text.columns
        assert t_pdf.notes == t_text.notes and t_pdf.empty_note == t_text.empty_note
    assert doc.unplaced == ()


def test_seed_tables_pdf_empty_tables_keep_their_notes(seed_pdf):
    doc = read_bytes(seed_pdf, "seed-002-tables.pdf")
    notes = {t.kind: t.empty_note for t in doc.accounts.tables if t.empty_note}
    assert notes == {
        TableKind.GOV_FUND: "2. 本部门没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。",
        TableKind.STATE_CAPITAL: "2. 本部门没有使用国有资本经营预算安排的支出，故本表无数据。",
    }
    from jixiao.checks import run_checks

    assert not {"empty-table-note-missing", "empty-table-note-contradicts"} & {
        f.code for f in run_checks([doc]).findings
    }


def test_seed_tables_pdf_has_pages_and_multi_page_tables(seed_pdf):
    doc = read_bytes(seed_pdf, "seed-002-tables.pdf")
    income = next(t for t in doc.accounts.tables if t.kind == TableKind.INCOME)
    pages = {e.source.page for e in income.entries}
    assert len(pages) >= 2  # one table over two pages, read as one
    assert all(e.source.page for t in doc.accounts.tables for e in t.entries)


# -- scans, blank and broken files ----------------------------------------------------------------


def _scan_of_first_page(pdf: bytes) -> bytes:
    """A page "scanned": the first page of a PDF the project rendered, rasterised to a PNG with no text layer."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=1.5).to_pil()
    finally:
        doc.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def test_scanned_page_gives_a_finding_and_the_rest_is_read(tmp_path, seed_pdf):
    import base64

    from weasyprint import HTML

    png = base64.b64encode(_scan_of_first_page(seed_pdf)).decode()
    lines = _seed_table_lines()
    first = "".join(f"<p>{escape(x.strip())}</p>" for x in lines[:4] if x.strip())
    html = seed_tables_html().replace(
        "<body>",
        f"<body><div style='page-break-after: always'><img style='width: 100%' src='data:image/png;base64,{png}'></div>",
        1,
    )
    assert first  # the document itself still starts with its first table
    path = tmp_path / "scan.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    doc = read_file(path)
    from jixiao.ingest.ocr import available

    if not available():  # without the OCR package the scanned page is only reported
        scan = [f for f in doc.findings if f.code == "pdf-page-no-text"]
        assert len(scan) == 1 and scan[0].source.page == 1
        assert "第1页没有文字层" in scan[0].message
        assert len(doc.accounts.tables) == 9
        assert doc.accounts.tables[0].source.page == 2
        return
    # the scanned page is read by OCR (tests/test_ocr.py), the printed pages as before
    scan = [f for f in doc.findings if f.code in ("pdf-page-read-by-ocr", "pdf-page-no-text")]
    assert [(f.code, f.source.page) for f in scan] == [("pdf-page-read-by-ocr", 1)]
    assert "第1页没有文字层（扫描件），已用OCR识别" in scan[0].message
    assert [t.source.page for t in doc.accounts.tables][:3] == [1, 2, 4]  # the scanned 总表, then the printed nine
    assert len(doc.accounts.tables) == 10 and "table-duplicate" in {f.code for f in doc.findings}


def test_extract_text_reports_images_and_engine(seed_pdf):
    pdf = extract_text(seed_pdf)
    assert pdf.error is None
    assert all(p.engine == "pypdfium2" for p in pdf.pages)  # ruling lines from pdfium too (issue 20)
    assert sum(p.tables for p in pdf.pages) >= 9
    text, pages = pdf.joined()
    assert "91,455.09" in text
    assert pages[1] == 1 and max(pages.values()) == len(pdf.pages)


def _encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password (Standard security handler, RC4 40-bit):
    the /U entry does not match the empty password, so no reader gets in without one."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"><" + b"ab" * 16 + b">] >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("locked.pdf", _encrypted_pdf(), "已加密"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "不是可读取的PDF文件"),
        ("truncated.pdf", None, ""),  # the first 5,000 bytes of a PDF the project renders itself
    ],
)
def test_unreadable_pdf_is_a_finding_not_a_crash(tmp_path, seed_pdf, name, data, reason):
    if data is None:
        data = seed_pdf[:5000]
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_pdf(path)
    assert doc.findings, name
    if reason:
        assert not doc.readable
        assert doc.findings[0].code == "file-unreadable"
        assert reason in doc.findings[0].message


def test_cli_exit_status_2_on_an_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    for command in ("parse", "check"):
        out = subprocess.run(
            [sys.executable, "-m", "jixiao", command, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert out.returncode == 2, (command, out.stdout, out.stderr)


def test_pdf_recognised_by_magic_bytes_without_suffix(tmp_path, seed_pdf):
    path = tmp_path / "report.bin"
    path.write_bytes(seed_pdf)
    doc = read_file(path)
    assert doc.kind == "final_accounts" and len(doc.accounts.tables) == 9


def test_blank_page_is_reported():
    from weasyprint import HTML

    html = "<html><body style='font-family: Noto Sans CJK SC'><p>收入支出决算总表</p><p style='page-break-before: always'></p></body></html>"
    pdf = HTML(string=html).write_pdf()
    doc = read_bytes(pdf, "blank.pdf")
    blank = [f for f in doc.findings if f.code == "pdf-page-blank"]
    assert [f.source.page for f in blank] == [2]
