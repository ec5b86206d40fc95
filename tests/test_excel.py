"""Excel templates: export both seeds, read them back equal, and read mistakes and plain workbooks."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.cell_range import CellRange
from typer.testing import CliRunner

from jixiao import xlsx_layout as L
from jixiao.cli.app import app
from jixiao.export.xlsx import write_workbook
from jixiao.ingest import read_file
from jixiao.ingest.xlsx import read_workbook
from jixiao.model.source import Source

DATA = Path(__file__).parent / "data"
GOALS_SEED = DATA / "000_9e54d6a05597118f.txt"
ACCOUNTS_SEED = DATA / "002_898987880c89420a.txt"


def strip(obj):
    """A record without its sources (they differ by design: lines vs sheet cells)."""
    if isinstance(obj, Source):
        return None
    if dataclasses.is_dataclass(obj):
        return (type(obj).__name__,
                tuple((f.name, strip(getattr(obj, f.name))) for f in dataclasses.fields(obj) if f.name != "source"))
    if isinstance(obj, tuple | list):
        return tuple(strip(x) for x in obj)
    return obj


@pytest.fixture(scope="module")
def goals_doc():
    return read_file(GOALS_SEED)


@pytest.fixture(scope="module")
def accounts_doc():
    return read_file(ACCOUNTS_SEED)


@pytest.fixture(scope="module")
def goals_xlsx(goals_doc, tmp_path_factory):
    return write_workbook(goals_doc, tmp_path_factory.mktemp("x") / "goals.xlsx")


@pytest.fixture(scope="module")
def forms_xlsx(accounts_doc, tmp_path_factory):
    return write_workbook(accounts_doc, tmp_path_factory.mktemp("x") / "forms.xlsx")


def codes(doc, prefix=""):
    return Counter(f.code for f in doc.findings if f.code.startswith(prefix))


def edited(path: Path, tmp_path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def insert_row_like_excel(ws, idx: int, values: dict[int, object]) -> None:
    """openpyxl's insert_rows moves cells but not merged ranges; Excel moves both."""
    merged = [CellRange(r.coord) for r in ws.merged_cells.ranges]
    for rng in merged:
        ws.unmerge_cells(rng.coord)
    ws.insert_rows(idx)
    for rng in merged:
        if rng.min_row >= idx:
            rng.shift(row_shift=1)
        elif rng.max_row >= idx:
            rng.expand(down=1)
        ws.merge_cells(rng.coord)
    for col, value in values.items():
        ws.cell(idx, col, value)


# -- round trip -------------------------------------------------------------------------------------------------


def test_goal_tables_round_trip_is_lossless(goals_doc, goals_xlsx):
    back = read_workbook(goals_xlsx)
    assert back.kind == "goal_tables"
    assert len(back.goals.projects) == 10
    assert strip(back.goals.projects) == strip(goals_doc.goals.projects)
    assert (back.goals.title, back.goals.year, back.goals.department.name) == \
        ("青岛市司法局2023年部门预算绩效目标", 2023, "青岛市司法局")
    first = back.goals.projects[0]
    assert (first.number, first.code, first.name) == (1, "37020023P88002811020P", "法律培训费")
    assert format(first.budget, "f") == "17.00"  # the published text, not just the value
    assert [p.raw for p in first.spending_plan.points] == ["", "2.00", "10.00", "17.00"]
    assert first.indicators[0].target.raw == "≤550元（每人每天）"
    assert first.indicators[0].target.number == Decimal("550")
    assert first.indicators[2].level1_inherited and first.indicators[2].level1 == "产出指标"
    # the grammar's findings on the target values are the same as when reading the text
    assert codes(back, "target-") == codes(goals_doc, "target-")
    assert not codes(back, "excel-")
    assert not back.unplaced


def test_self_evaluation_round_trip_is_lossless(accounts_doc, forms_xlsx):
    back = read_workbook(forms_xlsx)
    assert back.kind == "final_accounts"
    forms = back.accounts.self_evaluations
    assert len(forms) == 12
    assert strip(forms) == strip(accounts_doc.accounts.self_evaluations)
    assert forms[10].total.raw == "99.75614267"
    assert forms[1].budget_lines[0].adjusted.raw == "4.4586"
    assert [e.raw for i in forms[1].indicators for e in i.extra] == ["0"] * 5  # scores the form printed twice
    assert [s.raw for s in forms[1].stray] == ["0"]
    assert forms[0].notes[0] == "注：1. 得分一档最高不能超过该指标分值上限。"
    assert back.accounts.year == 2022 and not back.accounts.tables
    # the only Excel findings are the seed's own odd 二级 under the wrong 一级
    odd = [f for f in back.findings if f.code.startswith("excel-")]
    assert [(f.code, f.source.table, f.source.row, f.source.column) for f in odd] == [
        ("excel-level2-unknown", "自评7.市司法局指挥中心建设项目", 19, 3),
        ("excel-level2-unknown", "自评8.青岛市公共法律服务中心修缮项目", 18, 3),
    ]
    assert "二级指标“社会效益指标”不属于一级指标“产出指标”" in odd[0].message
    assert codes(back, "target-") == Counter({"target-unparsed": 7, "target-unit-missing": 1})


def test_read_file_dispatches_xlsx(goals_xlsx):
    doc = read_file(goals_xlsx)
    assert doc.kind == "goal_tables" and len(doc.goals.projects) == 10


# -- the workbook as written ---------------------------------------------------------------------------------------


def test_goal_sheet_layout(goals_xlsx):
    wb = openpyxl.load_workbook(goals_xlsx)
    assert wb.sheetnames[0] == "1.法律培训费" and wb.sheetnames[-2:] == [L.LISTS_SHEET, L.META_SHEET]
    ws = wb["1.法律培训费"]
    assert ws["A1"].value == "1.法律培训费绩效目标表"
    merged = {r.coord for r in ws.merged_cells.ranges}
    assert {"A1:F1", "A4:A5", "A6:A7", "B8:F8", "A11:A15"} <= merged  # 产出指标 over its five rows
    assert [ws.cell(9, c).value for c in range(1, 7)] == list(L.GOAL_HEADER)
    assert [ws.cell(6, c).value for c in range(2, 6)] == ["3月底", "6月底", "10月底", "12月底"]
    assert ws["B5"].number_format == "#,##0.00" and ws["B5"].value == 17
    assert ws.protection.sheet and not ws.protection.insertRows
    assert not ws["B5"].protection.locked and not ws["E10"].protection.locked
    assert ws["A4"].protection.locked and ws["A9"].protection.locked
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert validations["A10:A47"].formula1 == "'_lists'!$A$2:$A$5"
    assert validations["H10:H47"].errorStyle == "stop"  # 比较符 only from the list
    lists = wb[L.LISTS_SHEET]
    assert [lists.cell(r, 1).value for r in range(2, 6)] == ["产出指标", "效益指标", "满意度指标", "成本指标"]
    assert [lists.cell(r, 3).value for r in range(2, 7)] == ["≥", ">", "=", "≤", "<"]
    bases = [lists.cell(r, 5).value for r in range(2, lists.max_row + 1) if lists.cell(r, 5).value]
    assert bases[:5] == list(L.BASES) and "依据近三年标准确定" in bases
    assert (ws["H10"].value, ws["I10"].value, ws["J10"].value) == ("≤", 550, "元")
    assert ws.column_dimensions["AD"].hidden


def test_form_sheet_layout_formulas_and_meta(forms_xlsx):
    wb = openpyxl.load_workbook(forms_xlsx)
    ws = wb["自评1.法律培训费"]
    merged = {r.coord for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A6:A10", "A11:A12", "A13:A20", "B14:B19", "A21:F21", "G22:H22"} <= merged
    assert [ws.cell(13, c).value for c in range(2, 10)] == list(L.FORM_INDICATOR_HEADER)
    assert ws["G7"].value.startswith("=IF(") and "E7/D7" in ws["G7"].value
    assert ws["G7"].number_format == L.RATE_FORMAT and ws["G7"].protection.locked
    assert ws["H7"].value.startswith("=IF(") and ws["G22"].value == "=N(H7)+N(H21)"
    # 小计 printed 90 while the listed indicators' weights add to 80: kept as printed, locked, with a comment
    assert ws["G21"].value == 90 and ws["G21"].protection.locked and "80" in ws["G21"].comment.text
    assert not ws["C7"].protection.locked and not ws["H14"].protection.locked
    assert ws["C7"].number_format == "#,##0.00"
    meta = wb[L.META_SHEET]
    assert meta.sheet_state == "hidden"
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["template"] == L.TEMPLATE_TAG and values["version"] == L.VERSION
    assert values["kind"] == L.KIND_FORMS and values["source"].endswith("002_898987880c89420a.txt")


# -- mistakes in a filled template -----------------------------------------------------------------------------------


def _sheet_finding(doc, code):
    found = [f for f in doc.findings if f.code == code]
    assert found, f"no {code}"
    return found[0]


def test_letter_in_number_cell(goals_doc, goals_xlsx, tmp_path):
    path = edited(goals_xlsx, tmp_path, lambda wb: wb["1.法律培训费"].cell(5, 2, "17万O"))
    back = read_workbook(path)
    f = _sheet_finding(back, "excel-number-invalid")
    assert (f.source.table, f.source.row, f.source.column) == ("1.法律培训费", 5, 2)
    assert "工作表“1.法律培训费”第5行第B列" in f.message and "17万O" in f.message
    first, orig = back.goals.projects[0], goals_doc.goals.projects[0]
    assert first.budget is None and first.fiscal_funds == orig.fiscal_funds
    assert strip(first.indicators) == strip(orig.indicators)
    assert strip(back.goals.projects[1:]) == strip(goals_doc.goals.projects[1:])


def test_letter_in_form_score(accounts_doc, forms_xlsx, tmp_path):
    path = edited(forms_xlsx, tmp_path, lambda wb: wb["自评1.法律培训费"].cell(14, 8, "十分"))
    back = read_workbook(path)
    f = _sheet_finding(back, "excel-number-invalid")
    assert (f.source.table, f.source.row, f.source.column) == ("自评1.法律培训费", 14, 8)
    ind = back.accounts.self_evaluations[0].indicators[0]
    assert ind.score.raw == "十分" and ind.score.value is None  # the text is kept
    assert ind.weight.raw == "10" and len(back.accounts.self_evaluations) == 12


def test_unknown_level2(goals_xlsx, tmp_path):
    path = edited(goals_xlsx, tmp_path, lambda wb: wb["1.法律培训费"].cell(12, 2, "生态效益指标"))
    back = read_workbook(path)
    f = _sheet_finding(back, "excel-level2-unknown")
    assert (f.source.row, f.source.column) == (12, 2)
    assert "二级指标“生态效益指标”不属于一级指标“产出指标”" in f.message
    assert back.goals.projects[0].indicators[2].level2 == "生态效益指标"


def test_missing_required_cells(goals_xlsx, tmp_path):
    def edit(wb):
        ws = wb["2.法律职业资格考试费"]
        ws.cell(12, 3).value = None  # 三级指标
        for col in (5, 8, 9, 10):  # 指标值, and the helper columns too
            ws.cell(13, col).value = None

    back = read_workbook(edited(goals_xlsx, tmp_path, edit))
    missing = [(f.source.table, f.source.row, f.source.column) for f in back.findings
               if f.code == "excel-required-missing"]
    assert missing == [("2.法律职业资格考试费", 12, 3), ("2.法律职业资格考试费", 13, 5)]
    project = back.goals.projects[1]
    assert len(project.indicators) == 8 and project.indicators[2].name == ""
    assert project.indicators[3].target.raw == ""


def test_row_inserted_in_header_block(goals_doc, goals_xlsx, tmp_path):
    path = edited(goals_xlsx, tmp_path,
                  lambda wb: insert_row_like_excel(wb["3.法治专项业务费"], 4, {1: "临时备注", 3: "请勿删除"}))
    back = read_workbook(path)
    f = _sheet_finding(back, "excel-row-inserted")
    assert (f.source.table, f.source.row) == ("3.法治专项业务费", 4)
    assert "临时备注 | 请勿删除" in f.message
    assert [u.text for u in back.unplaced] == ["临时备注 | 请勿删除"]
    assert strip(back.goals.projects) == strip(goals_doc.goals.projects)  # everything else imported


def test_row_inserted_in_form_header(accounts_doc, forms_xlsx, tmp_path):
    path = edited(forms_xlsx, tmp_path, lambda wb: insert_row_like_excel(wb["自评3.法治专项业务费"], 5, {2: "多余"}))
    back = read_workbook(path)
    f = _sheet_finding(back, "excel-row-inserted")
    assert (f.source.table, f.source.row) == ("自评3.法治专项业务费", 5)
    assert strip(back.accounts.self_evaluations) == strip(accounts_doc.accounts.self_evaluations)


def test_indicator_row_added_in_form_is_read(forms_xlsx, tmp_path):
    def edit(wb):
        insert_row_like_excel(wb["自评1.法律培训费"], 20, {4: "新增指标", 5: "≥2次", 6: "3", 7: 5, 8: 5})

    back = read_workbook(edited(forms_xlsx, tmp_path, edit))
    form = back.accounts.self_evaluations[0]
    assert len(form.indicators) == 8
    added = form.indicators[6]
    assert (added.name, added.target.raw, added.actual.raw, added.weight.raw) == ("新增指标", "≥2次", "3", "5")
    assert added.level1 == "产出指标" and added.level1_inherited  # inside the merged 产出指标 block
    assert not codes(back, "excel-row-inserted")


def test_helper_columns_make_up_or_contradict_the_target(goals_xlsx, tmp_path):
    def edit(wb):
        ws = wb["1.法律培训费"]
        ws.cell(11, 5).value = None  # 指标值 blank: made up from ≥ 3 次
        ws.cell(12, 9, 8)  # the helper says 8, the 指标值 says ≥7门

    back = read_workbook(edited(goals_xlsx, tmp_path, edit))
    inds = back.goals.projects[0].indicators
    assert inds[1].target.raw == "≥3次" and inds[1].target.number == Decimal("3")
    assert inds[2].target.raw == "≥7门"
    f = _sheet_finding(back, "excel-target-parts-mismatch")
    assert (f.source.row, f.source.column) == (12, 5) and "≥8门" in f.message


def test_cell_typed_outside_the_form_is_kept(goals_xlsx, tmp_path):
    back = read_workbook(edited(goals_xlsx, tmp_path, lambda wb: wb["1.法律培训费"].cell(3, 8, "待核实")))
    f = _sheet_finding(back, "excel-cell-unplaced")
    assert (f.source.row, f.source.column) == (3, 8)
    assert [u.text for u in back.unplaced] == ["待核实"]


def test_unreadable_workbook_gives_a_finding(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip file at all")
    doc = read_file(bad)
    assert doc.kind == "unknown" and [f.code for f in doc.findings] == ["file-unreadable"]


def test_random_damage_never_raises(goals_xlsx, forms_xlsx, tmp_path):
    rng = random.Random(4)
    junk = [None, "", "x", "≥", 0, -1.5, "=1/0", "小计", "项目名称", "一级指标", "总分", "2022年度", 10**20]
    for n, source in enumerate([goals_xlsx, forms_xlsx] * 3):
        wb = openpyxl.load_workbook(source)
        for ws in wb.worksheets[:3]:
            for _ in range(40):
                cell = ws.cell(rng.randint(1, 40), rng.randint(1, 16))
                if not isinstance(cell, MergedCell):
                    cell.value = rng.choice(junk)
            if rng.random() < 0.5:
                ws.delete_rows(rng.randint(1, 20), rng.randint(1, 4))
        out = tmp_path / f"damaged{n}.xlsx"
        wb.save(out)
        doc = read_workbook(out)
        assert doc.kind in ("goal_tables", "final_accounts", "unknown")
        assert not codes(doc, "excel-sheet-failed"), [f.message for f in doc.findings if f.code == "excel-sheet-failed"]


# -- plain workbooks -----------------------------------------------------------------------------------------------


def test_plain_workbook_read_by_header_names(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    ws["A1"] = "社区矫正经费绩效指标"
    ws["A2"] = "项目名称："
    ws["B2"] = "社区矫正经费"
    ws["D2"] = "单位：万元"
    header = ["序号", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "备注"]
    rows = [
        [1, "产出指标", "数量指标", "矫正对象人数", "≥300人", "历史标准", "含新增"],
        [2, None, "质量指标", "再犯罪率", "≤0.2%", "行业标准", None],
        [3, "满意度指标", "服务对象满意度指标", "矫正对象满意度", 0.95, "计划标准", None],
    ]
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    ws["E7"].number_format = "0%"
    ws.merge_cells("B5:B6")
    other = wb.create_sheet("项目")
    other.append(["项目名称", "项目编码", "预算数（万元）", "财政资金", "三级指标", "指标值"])
    other.append(["普法宣传", "P001", 12.5, "12.5", "宣传场次", "≥10场"])
    other.append([None, None, None, None, "覆盖人数", "≥1万人次"])
    other.append(["法律援助", "P002", "八十", 80, "办案数", "≥500件"])
    wb.create_sheet("说明").append(["本工作簿由某单位自行制作"])
    path = tmp_path / "plain.xlsx"
    wb.save(path)

    doc = read_file(path)
    assert doc.kind == "goal_tables"
    first, second, third = doc.goals.projects
    assert first.name == "社区矫正经费" and first.money_unit == "万元"
    assert [(i.level1, i.level1_inherited, i.level2, i.name, i.target.raw, i.basis) for i in first.indicators] == [
        ("产出指标", False, "数量指标", "矫正对象人数", "≥300人", "历史标准"),
        ("产出指标", True, "质量指标", "再犯罪率", "≤0.2%", "行业标准"),
        ("满意度指标", False, "服务对象满意度指标", "矫正对象满意度", "95%", "计划标准"),
    ]
    assert first.indicators[2].target.ratio == Decimal("0.95")
    assert (second.name, second.code, second.budget, second.fiscal_funds) == \
        ("普法宣传", "P001", Decimal("12.5"), Decimal("12.5"))
    assert [i.name for i in second.indicators] == ["宣传场次", "覆盖人数"]
    assert (third.name, third.budget, third.fiscal_funds) == ("法律援助", None, Decimal("80"))
    by_code = {f.code: f for f in doc.findings}
    assert {(f.source.table, f.source.column) for f in doc.findings if f.code == "excel-column-unrecognised"} == \
        {("指标", 1), ("指标", 7)}
    assert (by_code["excel-number-invalid"].source.table, by_code["excel-number-invalid"].source.row) == ("项目", 4)
    assert by_code["excel-sheet-unrecognised"].source.table == "说明"
    assert "含新增" in [u.text for u in doc.unplaced]


# -- the command -----------------------------------------------------------------------------------------------------


def test_export_command(tmp_path):
    runner = CliRunner()
    out = tmp_path / "targets.xlsx"
    result = runner.invoke(app, ["export", str(GOALS_SEED), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "绩效目标表 10 张" in result.output
    parsed = runner.invoke(app, ["parse", str(out)])
    assert parsed.exit_code == 0 and "项目 10 个，指标 80 条" in parsed.output
    bad = runner.invoke(app, ["export", str(GOALS_SEED), "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2
    empty = tmp_path / "plain.txt"
    empty.write_text("青岛市司法局\n2022年度部门决算\n", encoding="utf-8")
    nothing = runner.invoke(app, ["export", str(empty), "-o", str(tmp_path / "n.xlsx")])
    assert nothing.exit_code == 2 and not (tmp_path / "n.xlsx").exists()


def test_text_that_looks_like_a_formula_is_written_as_text(goals_doc, forms_xlsx, tmp_path):
    """An indicator named "=1+2*3" (a user's text) must not become a live formula in any workbook we write;
    the rates and sums jixiao writes itself stay formulas."""
    from jixiao.cli.report import build_view
    from jixiao.report.registry import REPORTS, load_builtin_reports

    load_builtin_reports()

    project = goals_doc.goals.projects[0]
    evil = dataclasses.replace(project.indicators[0], name="=1+2*3")
    project = dataclasses.replace(project, indicators=(evil, *project.indicators[1:]), name="=HYPERLINK(\"x\")")
    doc = dataclasses.replace(goals_doc, goals=dataclasses.replace(goals_doc.goals, projects=(project,)))
    outputs = [write_workbook(doc, tmp_path / "template.xlsx")]
    for kind in ("goal-table", "goal-book"):
        path = tmp_path / f"{kind}.xlsx"
        REPORTS[kind].renderers["xlsx"](build_view(kind, [doc]), path)
        outputs.append(path)
    for path in outputs:
        cells = [c for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
        texts = {c.value for c in cells if c.data_type == "s"}
        assert "=1+2*3" in texts, path.name
        assert not [c.value for c in cells if c.data_type == "f" and "1+2*3" in str(c.value)], path.name
        assert not [c.value for c in cells if c.data_type == "f" and "HYPERLINK" in str(c.value)], path.name
    rates = [c for ws in openpyxl.load_workbook(forms_xlsx).worksheets for row in ws.iter_rows() for c in row
             if c.data_type == "f"]  # fmt: skip
    assert rates and all(str(c.value).startswith(("=IF(", "=SUM(", "=")) for c in rates)
