"""Form-like reports (goal tables, self-evaluation forms and summary, evaluation score table and
outline, check report): every kind in all four formats, and what comes out goes back in — the
PDF (pdfplumber) and the XLSX (openpyxl) are read back and must hold the model's numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pdfplumber
import pytest
from docx import Document as DocxDocument

import jixiao.report.check_report as check_report
import jixiao.report.evaluation as evaluation
import jixiao.report.goals as goals
import jixiao.report.selfeval as selfeval
from jixiao.ingest import read_file
from jixiao.ingest.xlsx.reader import read_workbook
from jixiao.report.forms import NotFound, Page, place
from jixiao.report.registry import REPORTS

DATA = Path(__file__).parent / "data"
GOALS = DATA / "000_9e54d6a05597118f.txt"
ACCOUNTS = DATA / "002_898987880c89420a.txt"
MEASUREMENTS = Path(__file__).parent.parent / "examples" / "legal-aid-2022-measurements.yaml"
FORMATS = ("html", "pdf", "xlsx", "docx")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="module")
def docs():
    return [read_file(GOALS), read_file(ACCOUNTS)]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("reports")


class Rendered:
    """A report rendered in the four formats, with readers for what came out."""

    def __init__(self, name: str, view, out_dir: Path, tag: str = ""):
        self.view = view
        self.paths = {}
        for fmt in FORMATS:
            path = out_dir / f"{name}{tag}.{fmt}"
            REPORTS[name].renderers[fmt](view, path)
            self.paths[fmt] = path

    def pdf_text(self) -> str:
        with pdfplumber.open(self.paths["pdf"]) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)

    def pdf_tables(self) -> list[list[list[str]]]:
        with pdfplumber.open(self.paths["pdf"]) as pdf:
            return [t for page in pdf.pages for t in page.extract_tables()]

    def workbook(self):
        return openpyxl.load_workbook(self.paths["xlsx"])

    def xlsx_values(self) -> list[object]:
        return [v for ws in self.workbook().worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]

    def xlsx_numbers(self) -> list[Decimal]:
        return [Decimal(str(v)) for v in self.xlsx_values() if isinstance(v, (int, float))]

    def xlsx_text(self) -> str:
        return "\n".join(str(v) for v in self.xlsx_values())

    def docx_text(self) -> str:
        d = DocxDocument(str(self.paths["docx"]))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)


def has_number(numbers: list[Decimal], value: Decimal) -> bool:
    return any(abs(n - value) < Decimal("0.000001") for n in numbers)


# ---------------------------------------------------------------------------------------------
# goal-table / goal-book
# ---------------------------------------------------------------------------------------------

LEGAL_AID = "法律援助及12348业务费"


@pytest.fixture(scope="module")
def goal_table(docs, out_dir):
    return Rendered("goal-table", goals.build_goal_table(docs, project=LEGAL_AID), out_dir)


@pytest.fixture(scope="module")
def goal_book(docs, out_dir):
    return Rendered("goal-book", goals.build_goal_book(docs), out_dir)


def test_goal_table_selects_by_name_or_code(docs):
    by_name = goals.build_goal_table(docs, project=LEGAL_AID)
    by_code = goals.build_goal_table(docs, project="37020023P88002810931P")
    assert [p.name for p in by_name.projects] == [LEGAL_AID]
    assert by_code.projects == by_name.projects
    assert len(goals.build_goal_table(docs).projects) == 10
    with pytest.raises(NotFound, match="未找到项目"):
        goals.build_goal_table(docs, project="不存在的项目")


def test_goal_table_pdf_and_xlsx_read_back(docs, goal_table):
    project = next(p for p in docs[0].goals.projects if p.name == LEGAL_AID)
    assert project.budget == Decimal("378.50")
    text = squash(goal_table.pdf_text())
    for expected in ("378.50", project.code, "124005青岛市法律援助中心", "单位：万元"):
        assert squash(expected) in text
    # the indicator rows come back as table rows: 三级指标 → 指标值 and 指标值确定依据, cell by cell
    rows = [[squash(c or "") for c in row] for table in goal_table.pdf_tables() for row in table]
    for ind in project.indicators:
        row = next(r for r in rows if squash(ind.name) in r)
        assert squash(ind.target.raw) in row
        assert squash(ind.basis) in row
    plan = [pt.amount for pt in project.spending_plan.points]
    assert plan == [Decimal("10.00"), Decimal("20.00"), Decimal("150.00"), Decimal("378.50")]
    numbers = goal_table.xlsx_numbers()
    for value in [project.budget, project.fiscal_funds, *plan]:
        assert has_number(numbers, value)
    # the XLSX is the data-entry template: jixiao's own Excel reader gives the same project back
    back = read_workbook(goal_table.paths["xlsx"])
    assert back.kind == "goal_tables" and len(back.goals.projects) == 1
    again = back.goals.projects[0]
    assert (again.code, again.name, again.budget, again.fiscal_funds) == (
        project.code, project.name, project.budget, project.fiscal_funds)
    assert [pt.amount for pt in again.spending_plan.points] == plan
    assert [(i.level1, i.level2, i.name, i.target.raw, i.basis) for i in again.indicators] == [
        (i.level1, i.level2, i.name, i.target.raw, i.basis) for i in project.indicators]
    assert all(ind.target.raw in goal_table.docx_text() for ind in project.indicators)


def test_goal_book_xlsx_merges_level_cells(goal_book):
    ws = goal_book.workbook()["1.法律培训费"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 产出指标 spans its five rows in column A, as on the printed form
    starts = [c for c in ws["A"] if c.value == "产出指标"]
    assert len(starts) == 1
    r = starts[0].row
    assert f"A{r}:A{r + 4}" in merged


def test_goal_book_totals_read_back(docs, goal_book):
    projects = docs[0].goals.projects
    total = sum(p.budget for p in projects)
    assert total == Decimal("1487.65")
    assert goal_book.view.total_budget == total and goal_book.view.indicator_count == 80
    text = squash(goal_book.pdf_text())
    assert "1,487.65" in text
    for p in projects:
        assert squash(p.title) in text and f"{p.budget:,.2f}" in text
    wb = goal_book.workbook()
    assert wb.sheetnames[0] == "目录" and len(wb.sheetnames) == 11
    contents = [v for row in wb["目录"].iter_rows(values_only=True) for v in row if isinstance(v, (int, float))]
    assert has_number([Decimal(str(v)) for v in contents], total)
    for p in projects:
        assert has_number(goal_book.xlsx_numbers(), p.budget)


# ---------------------------------------------------------------------------------------------
# selfeval-form / selfeval-summary
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def selfeval_forms(docs, out_dir):
    return Rendered("selfeval-form", selfeval.build_selfeval_forms(docs), out_dir)


@pytest.fixture(scope="module")
def selfeval_summary(docs, out_dir):
    return Rendered("selfeval-summary", selfeval.build_selfeval_summary(docs), out_dir)


def test_selfeval_form_of_one_project(docs):
    book = selfeval.build_selfeval_forms(docs, project="法律援助及12348业务费")
    assert len(book.forms) == 1
    form = book.forms[0]
    assert form.total.raw == "99.75614267"
    assert f"{form.computed_total:.2f}" == "99.76"
    assert [i.weight.raw for i in form.indicators] == ["10", "8", "8", "8", "8", "8", "10", "10", "10", "10"]
    assert all(i.agrees for i in form.indicators)


def test_selfeval_forms_pdf_and_xlsx_read_back(docs, selfeval_forms):
    forms = docs[1].accounts.self_evaluations
    text = squash(selfeval_forms.pdf_text())
    numbers = selfeval_forms.xlsx_numbers()
    for form, view in zip(forms, selfeval_forms.view.forms, strict=True):
        assert squash(form.project) in text
        assert form.total.raw in text  # published total, as written
        assert f"{view.computed_total.quantize(Decimal('0.01'))}" in text  # computed, two decimals
        assert has_number(numbers, form.total.value)
        for it in form.indicators:
            if it.weight is not None and it.weight.value is not None:
                assert has_number(numbers, it.weight.value)
    # 法律培训费: the form's weights add up to 90, so the computed total is 90.00 against a published 100
    first = selfeval_forms.view.forms[0]
    assert first.total.raw == "100" and f"{first.computed_total:.2f}" == "90.00" and first.agrees is False
    assert has_number(numbers, Decimal("90.00"))
    # the budget block: 378.5 / 369.27 of the legal-aid form
    assert has_number(numbers, Decimal("378.5")) and has_number(numbers, Decimal("369.27"))
    assert "得分（计算）" in text and "得分（表中）" in text
    assert "99.75614267" in selfeval_forms.docx_text()


def test_selfeval_summary_read_back(docs, selfeval_summary):
    summary = docs[1].accounts.self_evaluation_summary
    view = selfeval_summary.view
    assert len(view.rows) == 12 and view.unlisted == ()
    text = squash(selfeval_summary.pdf_text())
    numbers = selfeval_summary.xlsx_numbers()
    for row in summary.rows:
        assert squash(row.project) in text and row.score.raw in text
        assert has_number(numbers, row.score.value)
    by_project = {r.project: r for r in view.rows}
    assert by_project["法律援助及12348业务费"].form_total.raw == "99.75614267"
    assert by_project["法律援助及12348业务费"].agrees is True
    assert by_project["法律培训费"].agrees is False  # computed 90.00, published 100
    assert "99.76" in text and "99.5896603" in text
    assert "本部门开展的另外20项绩效自评结果因项目涉密按规定不予公开。" in selfeval_summary.pdf_text()


# ---------------------------------------------------------------------------------------------
# evaluation-table / evaluation-outline
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eval_table(docs, out_dir):
    view = evaluation.build_evaluation_table(docs, measurements=MEASUREMENTS)
    return Rendered("evaluation-table", view, out_dir)


@pytest.fixture(scope="module")
def eval_outline(docs, out_dir):
    view = evaluation.build_evaluation_outline(docs, measurements=MEASUREMENTS)
    return Rendered("evaluation-outline", view, out_dir)


def test_evaluation_table_without_measurements_sums_the_rows(docs):
    view = evaluation.build_evaluation_table(docs).tables[0]
    assert view.measured is False and view.scheme == "document"
    assert f"{view.computed_total:.2f}" == "92.13" and view.published_total == Decimal("92.13")
    assert view.sections[-1].agrees is True


def test_evaluation_table_read_back(docs, eval_table):
    finance = docs[1].accounts.evaluations[1]
    view = eval_table.view.tables[0]
    assert view.measured and len(view.rows) == 35
    assert f"{view.computed_total:.2f}" == "90.63"
    row = next(r for r in view.rows if r.level4 == "结案归档卷宗规范率")
    assert row.raw_score == "1.5" and row.computed == 0 and row.agrees is False
    text = squash(eval_table.pdf_text())
    for expected in ("92.13", "90.63", "30.23", "28.73", "1.75", "87.50%"):
        assert expected in text
    cells = {squash(c or "") for table in eval_table.pdf_tables() for row in table for c in row}
    assert {"项目立项(6分)", "结案归档卷宗规范率", "1.5", "0.00"} <= cells
    assert all(f"{s}({w}分)" in text for s, w in (("决策", 20), ("过程", 20), ("产出", 34), ("效益", 26)))
    numbers = eval_table.xlsx_numbers()
    weights = [it.weight for it in finance.score_table]
    assert sum(weights) == 100
    ws = eval_table.workbook().worksheets[0]
    header = next(r for r in ws.iter_rows() if r[0].value == "一级指标")
    col = {c.value: c.column for c in header}
    body = [r for r in ws.iter_rows(min_row=header[0].row + 1, max_row=header[0].row + 35)]
    assert [Decimal(str(r[col["权重"] - 1].value)) for r in body] == weights
    assert [Decimal(str(r[col["得分"] - 1].value)) for r in body] == [it.score for it in finance.score_table]
    assert Decimal(str(body[14][col["计算得分"] - 1].value)) == 0  # 结案归档卷宗规范率
    assert has_number(numbers, Decimal("92.13")) and has_number(numbers, Decimal("90.63"))


def test_evaluation_outline_read_back(eval_outline):
    text = squash(eval_outline.pdf_text())
    for expected in (
        "一、基本情况", "二、绩效评价工作开展情况", "三、综合评价情况及评价结论", "四、绩效评价指标分析",
        "五、主要经验及做法、存在的问题及原因分析", "六、有关建议", "七、其他需要说明的问题",
        "368.78万元",  # 支出明细合计, computed from the items
        "前期准备：2023年5月15日至2023年5月25日，共11天",
        "历时52天",
        "末级指标35个",
        "计算得分28.73分",
        "（一）优化绩效目标管理",
    ):
        assert squash(expected) in text, expected
    assert text.count("（一）优化绩效目标管理") == 1
    xtext = squash(eval_outline.xlsx_text())
    assert "368.78万元" in xtext and "历时52天" in xtext
    assert has_number(eval_outline.xlsx_numbers(), Decimal("92.13"))


# ---------------------------------------------------------------------------------------------
# check-report
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checks(docs, out_dir):
    return Rendered("check-report", check_report.build_check_report(docs), out_dir)


def test_check_report_read_back(checks):
    view = checks.view
    errors = next(g for g in view.groups if g.severity == "error")
    assert view.summary["error"] == errors.count > 0
    text = squash(checks.pdf_text())
    assert f"错误（{errors.count}条）" in text
    for doc in errors.documents:
        for f in doc.findings:
            assert f.code in text
            if f.line is not None:
                assert f"第{f.line}行" in text
    wb = checks.workbook()
    assert wb.sheetnames[:4] == ["汇总", "错误", "警告", "提示"]
    codes = [v for row in wb["错误"].iter_rows(values_only=True) for v in row if isinstance(v, str) and "\n" in v]
    assert len(codes) == errors.count
    totals = [Decimal(str(v)) for row in wb["汇总"].iter_rows(values_only=True) for v in row if isinstance(v, int)]
    assert has_number(totals, Decimal(sum(view.summary.values())))
    assert all(f.code in checks.docx_text() for d in errors.documents for f in d.findings)


def test_check_report_expected_and_actual_shown(checks):
    rows = [f for g in checks.view.groups for d in g.documents for f in d.findings if f.expected and f.actual]
    assert rows
    text = squash(checks.pdf_text())
    for f in rows[:10]:
        assert squash(f.expected) in text and squash(f.actual) in text


# ---------------------------------------------------------------------------------------------
# All PDFs: Chinese text present, no missing glyphs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "strings"),
    [
        ("goal_table", ("法律援助及12348业务费绩效目标表", "一级指标", "指标值确定依据")),
        ("goal_book", ("青岛市司法局2023年部门预算绩效目标", "合计", "项目编码", "绩效目标")),
        ("selfeval_forms", ("市级预算项目支出绩效自评表", "年初预期目标", "目标实际完成情况", "实际完成指标值")),
        ("selfeval_summary", ("市级使用资金绩效自评情况汇总表", "项目实施单位", "评价等级")),
        ("eval_table", ("法律援助及12348热线项目绩效评价指标评分表", "评分依据", "评价结论")),
        ("eval_outline", ("综合评价情况及评价结论", "山东润德有限责任会计师事务所")),
        ("checks", ("检查报告", "按文档统计", "警告")),
    ],
)
def test_pdf_has_chinese_and_no_tofu(request, fixture, strings):
    rendered = request.getfixturevalue(fixture)
    raw = rendered.pdf_text()
    assert "(cid:" not in raw and "\ufffd" not in raw
    text = squash(raw)
    for s in strings:
        assert squash(s) in text
    assert "第1页，共" in text  # the page counter of the print CSS


def test_every_kind_has_four_formats():
    for name in ("goal-table", "goal-book", "selfeval-form", "selfeval-summary", "evaluation-table",
                 "evaluation-outline", "check-report"):
        assert set(REPORTS[name].renderers) == set(FORMATS)


def test_html_is_standalone(goal_table):
    html = goal_table.paths["html"].read_text(encoding="utf-8")
    assert "<table" in html and "@page" in html and "&#34;" not in html.split("</style>")[0]


def test_place_skips_covered_positions():
    from jixiao.report.forms import Cell, Grid

    grid = Grid(rows=((Cell("a", rowspan=2), Cell("b")), (Cell("c"),)), widths=(1, 1))
    assert [(r, c, cell.text) for r, c, cell in place(grid)] == [(0, 0, "a"), (0, 1, "b"), (1, 1, "c")]
    assert isinstance(goals.layout(goals.GoalBookView("t", None, None, "万元", (), Decimal(0), Decimal(0), 0, True))[0],
                      Page)


def test_a_printed_percentage_is_a_number_shown_with_its_sign():
    """执行率 "100.93%" is the number 100.93 shown as printed, not a bare 100.93 (nor a text cell)."""
    from openpyxl import Workbook

    from jixiao.export.xlsx_sheet import Lists, Sheet, printed_percent_format
    from jixiao.model.selfeval import Figure
    from jixiao.model.source import Source

    assert printed_percent_format("100.93%") == '0.00"%"'
    assert printed_percent_format("95％") == '0"%"' and printed_percent_format("12.5") is None
    wb = Workbook()
    sheet = Sheet(wb.active, Lists({}))
    sheet.figure(1, 1, Figure("100.93%", Decimal("100.93"), Source("")))
    cell = wb.active.cell(1, 1)
    assert cell.value == Decimal("100.93") and cell.number_format == '0.00"%"'
