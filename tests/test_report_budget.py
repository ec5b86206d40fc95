"""The budget disclosure package (report kind ``budget``) for the Putuo 司法局 2026 department
budget and the 区政府办公室 2025 unit budget: the tables in the model's order and units, the
预算编制说明 written from them, and the four formats — each read back (PDF with jixiao's own
reader, XLSX with openpyxl) and compared with the model read from the published PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from jixiao.checks.runner import run_checks
from jixiao.ingest import read_file
from jixiao.model.budget import BudgetTableKind, Edition
from jixiao.numbers import money
from jixiao.report.budget_narrative import NOT_GIVEN, change_words, wan
from jixiao.report.budget_view import KIND, build
from jixiao.report.disclosure import render_package
from jixiao.report.disclosure_layout import body_positions
from jixiao.report.registry import REPORTS, load_builtin_reports
from tests.conftest import shared_path

K = BudgetTableKind


@pytest.fixture(scope="module")
def doc():
    return read_file(shared_path("corpus/pdf/putuo-justice-2026-budget.pdf"))


@pytest.fixture(scope="module")
def view(doc):
    return build([doc])


@pytest.fixture(scope="module")
def package(view, tmp_path_factory):
    return render_package(view, tmp_path_factory.mktemp("budget"), stem="budget", kind=KIND)


def _rows(budget):
    return [[(e.side, e.code, e.name, tuple(a.value for a in e.amounts)) for e in t.rows] for t in budget.tables]


def _text(view) -> str:
    return "\n".join(p for s in view.sections for p in s.paragraphs)


def _said(text: str, label: str) -> Decimal:
    m = re.search(re.escape(label) + r"([0-9,]+\.\d{2})万元", text)
    assert m, label
    return Decimal(m.group(1).replace(",", ""))


def _total(table, column: str | None = None, side: str | None = None):
    row = next(e for e in table.rows if not e.code and e.name.endswith(("合计", "总计")) and side in (None, e.side))
    return next(a.value for a in row.amounts if column is None or column in a.column)


def test_registered_with_four_formats():
    load_builtin_reports()
    assert set(REPORTS[KIND].renderers) == {"html", "pdf", "xlsx", "docx"}


def test_tables_in_the_models_order_with_its_units(doc, view):
    b = doc.budget
    assert [t.kind for t in view.tables] == [str(t.kind) for t in b.tables]
    assert [t.unit for t in view.tables] == [t.unit for t in b.tables]
    assert [t.title for t in view.tables] == [t.title for t in b.tables]
    for layout, table in zip(view.tables, b.tables, strict=True):
        # row by row (two-sided tables interleave their sides: the same amounts, side by side)
        assert Counter(layout.amounts) == Counter(a.value for e in table.rows for a in e.amounts), table.title


def test_cover_and_parts_follow_the_budget(doc, view):
    assert view.cover_lines == (doc.budget.title, f"预算主管部门：{doc.budget.department.name}")
    assert view.narrative_first and view.narrative_heading_line == f"{doc.budget.year}年部门预算编制说明"


def test_narrative_totals_are_the_tables_in_wan(doc, view):
    b = doc.budget
    text = _text(view)
    summary = b.table(K.SUMMARY)
    assert _said(text, "收入预算") == wan(_total(summary, side="收入"), summary.unit)
    general = b.table(K.GENERAL)
    assert _said(text, "一般公共预算财政拨款支出预算") == wan(_total(general, "合计"), general.unit)
    for e in general.rows:
        if e.code and len(e.code) == 3:
            assert _said(text, f"{e.name}（{e.code}类）") == wan(e.amounts[0].value, general.unit)
    basic = b.table(K.GENERAL_BASIC)
    assert _said(text, "人员经费") == wan(_total(basic, "人员经费"), basic.unit)
    three = b.table(K.THREE_PUBLIC)
    assert _said(text, "“三公”经费预算数为") == three.rows[0].amounts[0].value
    assert _said(text, "机关运行经费预算为") == next(a.value for a in three.rows[0].amounts if "机关运行" in a.column)


def test_changes_use_last_years_figures_from_the_published_text(doc, view):
    facts = {f.key: f for f in doc.budget.facts}
    fiscal, change = facts["income.fiscal"], facts["income.fiscal.change"]
    prior = next(i for i in view.inputs if i.key == "prior.income.fiscal")
    sign = -1 if change.label == "减少" else 1
    assert prior.value == fiscal.value - sign * change.value
    assert f"第{fiscal.source.line}行" in prior.provenance
    assert not re.search(r"[A-Za-z_]{3,}", " ".join(i.label for i in view.inputs))  # no keys shown
    text = _text(view)
    general = doc.budget.table(K.GENERAL)
    amounts = {e.code: wan(e.amounts[0].value, general.unit) for e in general.rows if e.code}
    codes = {f.subject: f.raw for f in doc.budget.facts if f.key == "item.code"}
    previous = [f for f in doc.budget.facts if f.key == "item.previous"]
    assert previous
    for f in previous:  # each 项's change recomputed from its stated 上年数 and the table
        current = amounts[codes[f.subject]]
        word = "增长" if current > f.value else "下降"
        rate = (abs(current - f.value) / f.value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert f"{f.subject}（{codes[f.subject][5:]}项）{money(current)}万元，比{doc.budget.year - 1}年" in text
        assert f"{word}{rate}%" in text, f.subject


def test_a_rise_from_nothing_is_not_a_percentage():
    assert "增长" not in change_words(Decimal("5"), Decimal(0), 2025)
    assert "2025年数为0" in change_words(Decimal("5"), Decimal(0), 2025)
    assert change_words(Decimal("5"), None, 2025) == NOT_GIVEN


def test_unit_edition():
    doc = read_file(shared_path("corpus/pdf/putuo-govoffice-units-2025-budget.pdf"))
    assert doc.budget.edition == Edition.UNIT
    v = build([doc])
    assert v.document_name == "单位预算" and v.cover_lines[1].startswith("预算单位：")
    assert [Counter(t.amounts) for t in v.tables] == [
        Counter(a.value for e in t.rows for a in e.amounts) for t in doc.budget.tables
    ]


def test_no_budget_document_is_refused():
    with pytest.raises(ValueError, match="预算"):
        build([])


def test_pdf_reads_back_as_the_same_budget(doc, package):
    back = read_file(package["pdf"])
    assert back.kind == "budget"
    b = back.budget
    assert (b.edition, b.department, b.year, b.title) == (
        doc.budget.edition,
        doc.budget.department,
        doc.budget.year,
        doc.budget.title,
    )
    assert [(t.kind, t.title, t.unit, t.columns) for t in b.tables] == [
        (t.kind, t.title, t.unit, t.columns) for t in doc.budget.tables
    ]
    assert _rows(b) == _rows(doc.budget)
    report = run_checks([back])
    errors = [f for f in report.findings if f.code.startswith("budget") and f.severity == "error"]
    assert not errors, [f.message for f in errors]


def test_every_pdf_page_carries_its_page_number(package):
    """The print CSS's footer is printed on every page; the reader keeps it on the document as
    page furniture (not in a table: see test_pdf_reads_back_as_the_same_budget)."""
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(package["pdf"])))
    assert pages >= 10
    assert read_file(package["pdf"]).furniture == tuple((n, f"第 {n} 页，共 {pages} 页") for n in range(1, pages + 1))


def test_xlsx_reads_back_with_the_same_numbers(view, package):
    import openpyxl

    wb = openpyxl.load_workbook(package["xlsx"])
    assert wb.sheetnames[-2:] == ["情况说明", "数据来源"]
    for k, t in enumerate(view.tables):
        ws = wb.worksheets[k]
        assert ws.cell(1, 1).value == t.title
        assert ws.cell(3, t.width).value == f"金额单位：{t.unit}"
        top = 4 + len(t.header)
        read = []
        for r, row in enumerate(t.rows):
            for c, cell in body_positions(row):
                if cell.kind == "num":
                    x = ws.cell(top + r, 1 + c).value
                    read.append(None if x is None else Decimal(str(x)).quantize(Decimal("0.01")))
        assert read == [None if v is None else v.quantize(Decimal("0.01")) for v in t.amounts], t.title


def test_docx_has_the_cover_narrative_and_every_table(view, package):
    from docx import Document as Docx

    d = Docx(str(package["docx"]))
    texts = [p.text for p in d.paragraphs]
    assert view.cover_lines[0] in texts and view.narrative_title in texts
    assert len(d.tables) == len(view.tables) + 1  # and the provenance table
    assert texts.index(view.narrative_title) < texts.index(view.tables[0].title)


def test_html_is_in_the_budgets_order(view, package):
    html = package["html"].read_text(encoding="utf-8")
    assert "第三部分" not in html and "部门决算" not in html
    assert html.index(view.narrative_title) < html.index(f'id="{view.tables[0].kind}"')
