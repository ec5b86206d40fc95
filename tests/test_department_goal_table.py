"""The 部门整体支出绩效目标表: read on its own (text, XLSX, PDF), its official form in four formats read
back to the same values, its checks, and the provincial variants (hypothesis).

The round trip is built from real department data: seed 000 is 青岛市司法局's 2023 book of target
tables; its department, year, the Σ of its projects' 预算数 / 财政资金 / 其他资金 and the indicators of
its first projects make a 部门整体 table as the department would print it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks import run_checks
from jixiao.checks.department import check_department_targets
from jixiao.ingest import read_bytes, read_file, read_text
from jixiao.model.department import DepartmentTargets, DutyTask, FundLine
from jixiao.model.document import Document
from jixiao.report.department_goals import department_view
from jixiao.report.registry import render

SEED = Path(__file__).resolve().parent / "data" / "000_9e54d6a05597118f.txt"


def seed_targets(projects: int = 3, *, weighted: bool = False) -> DepartmentTargets:
    goals = read_file(SEED).goals
    assert goals is not None and goals.department is not None
    chosen = goals.projects[:projects]
    indicators = tuple(i for p in chosen for i in p.indicators)
    if weighted:  # 分值 summing to 100, 计量单位 and 指标性质 in their own columns
        n = len(indicators)
        share = (Decimal(100) / n).quantize(Decimal("0.1"))
        points = [share] * (n - 1) + [Decimal(100) - share * (n - 1)]
        indicators = tuple(
            replace(i, points=p, nature="≥" if i.target.raw.startswith("≥") else "定性", measure_unit="个")
            for i, p in zip(indicators, points, strict=True)
        )
    fiscal = sum((p.fiscal_funds or Decimal(0) for p in goals.projects), Decimal(0))
    other = sum((p.other_funds or Decimal(0) for p in goals.projects), Decimal(0))
    total = sum((p.budget or Decimal(0) for p in goals.projects), Decimal(0))
    return DepartmentTargets(
        department=goals.department.name,
        year=goals.year,
        overall_goal="\n".join(f"目标{k + 1}：{p.goal}" for k, p in enumerate(chosen) if p.goal),
        duties=tuple(p.name for p in chosen),
        funds=(FundLine("财政拨款", fiscal), FundLine("一般公共预算", fiscal, "财政拨款"), FundLine("其他资金", other)),
        indicators=indicators,
        title=f"{goals.department.name}{goals.year}年部门整体支出绩效目标表",
        printed_total=total,
        tasks=tuple(DutyTask(p.name, f"{p.name}相关工作", p.budget) for p in chosen),
        basis_column=False,
    )


def shown_values(t: DepartmentTargets) -> dict:
    """What the form prints, compared exactly (amounts as numbers: 1200.5 == 1200.50)."""
    return {
        "department": t.department,
        "year": t.year,
        "title": t.title,
        "money_unit": t.money_unit,
        "total": t.printed_total,
        "funds": [(f.source, f.amount, f.part_of) for f in t.funds],
        "goal": t.overall_goal,
        "duties": list(t.duties),
        "tasks": [(k.duty, k.task, k.amount) for k in t.tasks],
        "indicators": [
            (i.level1, i.level2, i.name, i.description, i.target.raw, i.points, i.nature, i.measure_unit)
            for i in t.indicators
        ],
    }


def targets_document(t: DepartmentTargets) -> Document:
    return Document("<entered>", "department_targets", None, 0, None, None, (), (), department_targets=t)


@pytest.mark.parametrize("weighted", [False, True])
def test_round_trip_xlsx_and_pdf(tmp_path, weighted):
    targets = seed_targets(weighted=weighted)
    expected = shown_values(targets)
    assert len(expected["indicators"]) > 10
    for fmt in ("xlsx", "pdf"):
        out = render("department-goal-table", fmt, [targets_document(targets)], tmp_path / f"form.{fmt}")
        doc = read_file(out)
        assert doc.kind == "department_targets", fmt
        assert doc.department_targets is not None
        assert shown_values(doc.department_targets) == expected, fmt
        assert not doc.unplaced, (fmt, doc.unplaced[:3])
        # the only warning is the seed's own: a 指标值 in words (“≤国家部署和工作计划规定时间”), as when the seed is read
        bad = [f for f in doc.findings if f.severity.value in ("error", "warning")]
        assert [f.code for f in bad] == ["target-unparsed"], (fmt, bad[:3])
        assert bad[0].message in {f.message for f in read_file(SEED).findings}


def test_html_and_docx_print_the_same_view(tmp_path):
    targets = seed_targets(weighted=True)
    view = department_view(targets)
    html = render("department-goal-table", "html", [targets_document(targets)], tmp_path / "form.html").read_text("utf-8")
    assert view.title in html and "年度总体目标" in html and "其中：一般公共预算" in html
    assert all(i.name in html for i in view.indicators)
    assert view.points_total == Decimal(100)
    docx = render("department-goal-table", "docx", [targets_document(targets)], tmp_path / "form.docx")
    from docx import Document as Docx

    texts = {c.text for t in Docx(str(docx)).tables for r in t.rows for c in r.cells}
    assert "年度绩效指标" in texts and view.indicators[0].name in texts


def test_text_layout_reads_blocks_and_finds_errors():
    text = (
        "某区教育局2024年部门整体支出绩效目标表\n"
        "部门名称\t某区教育局\t\t单位：元\n"
        "资金总额\t合计\t1000000\n\t财政拨款\t900000\n\t其中：一般公共预算\t950000\n\t其他资金\t100000.02\n"
        "年度总体目标\t保障全区义务教育均衡发展。\n"
        "主要职能\t义务教育管理\n\t学前教育管理\n"
        "年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t分值\n"
        "\t产出指标\t数量指标\t在校生人数\t≥5000人\t40\n"
        "\t\t质量指标\t巩固率\t\t30\n"
        "\t满意度指标\t服务对象满意度指标\t家长满意度\t≥90%\t20\n"
    )
    doc = read_text(text, "edu.txt")
    t = doc.department_targets
    assert doc.kind == "department_targets" and t is not None
    assert (t.department, t.year, t.money_unit, t.printed_total) == ("某区教育局", 2024, "元", Decimal(1000000))
    assert t.duties == ("义务教育管理", "学前教育管理")
    assert [f.source for f in t.funds] == ["财政拨款", "一般公共预算", "其他资金"]
    report = run_checks([doc])
    codes = {f.code: f for f in report.findings}
    # 900000 + 100000.02 = 1000000.02 against 1000000: within 0.01? no — 0.02 is an error
    assert codes["dept-funds-total-mismatch"].severity.value == "error"
    assert "第4行" in str(codes["dept-funds-total-mismatch"].source.where())
    assert "dept-fund-parts-exceed" in codes  # 其中 950000 > 财政拨款 900000
    assert "巩固率" in codes["dept-indicator-target-missing"].message
    assert codes["dept-points-total"].message.startswith("部门“某区教育局”的3个绩效指标分值合计为90")


def test_rounding_gap_is_info():
    targets = replace(seed_targets(1), funds=(FundLine("财政拨款", Decimal("10.00")), FundLine("其他资金", Decimal("5.01"))),
                      printed_total=Decimal("15.00"))  # fmt: skip
    found = [f for f in check_department_targets(targets) if f.code in ("rounding-gap", "dept-funds-total-mismatch")]
    assert [(f.code, f.severity.value) for f in found] == [("rounding-gap", "info")]


def test_a_budget_with_the_table_inside_reads_it_as_a_part():
    text = (
        "某局2024年部门预算\n目录\n一、部门预算编制说明\n本部门2024年收入预算1230.50万元。\n"
        "表1 收支预算总表\n单位：万元\n收入\t金额\t支出\t金额\n一般公共预算拨款收入\t1230.50\t一般公共服务支出\t1230.50\n"
        "收入总计\t1230.50\t支出总计\t1230.50\n"
        "表2 收入预算总表\n单位：万元\n项目\t合计\t一般公共预算拨款收入\n合计\t1230.50\t1230.50\n"
        "表3 2024年部门整体支出绩效目标表\n"
        "资金总额\t合计\t1230.50\n\t财政拨款\t1230.50\n年度总体目标\t完成年度工作任务。\n"
        "部门职责\t负责本市司法行政工作\n"
        "年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t案件数\t≥100件\n"
    )
    doc = read_text(text, "budget.txt")
    assert doc.kind == "budget"
    parts = [p for p in doc.parts if p.kind == "department_targets"]
    assert parts and isinstance(parts[0].body, DepartmentTargets)
    assert parts[0].body.printed_total == Decimal("1230.50")
    assert [i.name for i in parts[0].body.indicators] == ["案件数"]
    assert parts[0].read_by == "department_targets" and parts[0].first_line == 14
    assert not [u for u in doc.unplaced if u.source.line and u.source.line >= 14]


def test_bad_input_gives_chinese_findings_with_location():
    for raw in (b"\xff\xfe\x00", "部门整体支出绩效目标表\n资金总额\t合计\t12,3x\n年度总体目标\n".encode()):
        doc = read_bytes(raw, "bad.txt")
        assert doc.findings
        for f in doc.findings:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message)
    doc = read_bytes("部门整体支出绩效目标表\n资金总额\t合计\t12,3x\n年度总体目标\n".encode(), "bad.txt")
    found = {f.code: f for f in run_checks([doc]).findings}
    assert found["number-malformed"].source.line == 2
    assert "dept-goal-missing" in found and "dept-indicators-missing" in found


# -- the family: header words, block order, column order, unit --------------------------------------------

GOAL_WORDS = ("年度总体目标", "总体绩效目标", "年度绩效目标")
DUTY_WORDS = ("部门职责", "主要职能", "部门职能")
FUND_WORDS = ("资金总额", "年度资金总额", "资金情况")
TITLES = ("部门整体支出绩效目标表", "部门整体绩效目标申报表", "部门（单位）整体绩效目标表")
COLUMNS = ("一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标性质", "分值")
ROWS = (
    ("产出指标", "数量指标", "办理案件数", "3000", "件", "≥", "40"),
    ("", "质量指标", "结案率", "95", "%", "≥", "30"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "90", "%", "≥", "30"),
)


def variant_lines(title, goal_word, duty_word, fund_word, order, columns, unit, unit_in_header, funds_as_columns):
    """A province's table as tab-separated rows, and its amounts (合计, 财政拨款, 其他资金) as printed."""
    amounts = ("1230.5", "1200.5", "30") if unit == "万元" else ("12305000", "12005000", "300000")
    fund_label = f"{fund_word}（{unit}）" if unit_in_header else fund_word
    if funds_as_columns:
        funds = [(fund_label, "合计", "财政拨款", "其他资金"), ("", *amounts)]
    else:
        funds = [(fund_label, "合计", amounts[0]), ("", "财政拨款", amounts[1]), ("", "其他资金", amounts[2])]
    blocks = {
        "funds": funds,
        "goal": [(goal_word, "目标1：办结法律援助案件。"), ("", "目标2：开展普法宣传。")],
        "duties": [(duty_word, "负责法律援助工作"), ("", "负责普法宣传工作")],
        "indicators": [("年度绩效指标", *(COLUMNS[c] for c in columns))]
        + [("", *(row[c] for c in columns)) for row in ROWS],
    }
    head = [(f"某市司法局2024年{title}",)] + ([] if unit_in_header else [(f"单位：{unit}",)])
    return head + [row for b in order for row in blocks[b]], amounts


def assert_variant_read(doc: Document, unit: str, amounts: tuple[str, ...]) -> None:
    assert doc.kind == "department_targets", doc.findings[:2]
    t = doc.department_targets
    assert t is not None
    assert (t.department, t.year, t.money_unit) == ("某市司法局", 2024, unit)
    assert t.printed_total == Decimal(amounts[0])
    assert [(f.source, f.amount) for f in t.funds] == [
        ("财政拨款", Decimal(amounts[1])),
        ("其他资金", Decimal(amounts[2])),
    ]
    assert t.overall_goal == "目标1：办结法律援助案件。\n目标2：开展普法宣传。"
    assert t.duties == ("负责法律援助工作", "负责普法宣传工作")
    got = [(i.level1, i.level2, i.name, i.target.raw, i.points, i.nature, i.measure_unit) for i in t.indicators]
    assert got == [
        ("产出指标", "数量指标", "办理案件数", "≥3000件", Decimal(40), "≥", "件"),
        ("产出指标", "质量指标", "结案率", "≥95%", Decimal(30), "≥", "%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", Decimal(30), "≥", "%"),
    ]
    assert not doc.unplaced
    assert not [f for f in run_checks([doc]).findings if f.code.startswith("dept-")]


VARIANT = dict(
    title=st.sampled_from(TITLES),
    goal_word=st.sampled_from(GOAL_WORDS),
    duty_word=st.sampled_from(DUTY_WORDS),
    fund_word=st.sampled_from(FUND_WORDS),
    order=st.permutations(("funds", "goal", "duties", "indicators")),
    columns=st.permutations(range(3, len(COLUMNS))).map(lambda rest: [0, 1, 2, *rest]),  # levels lead, as printed
    unit=st.sampled_from(("元", "万元")),
    unit_in_header=st.booleans(),
    funds_as_columns=st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(separator=st.sampled_from(("\t", " | ", "cells")), **VARIANT)  # "cells": a cell a line, rows apart
def test_variants_still_read(separator, **variant):
    rows, amounts = variant_lines(**variant)
    if separator == "cells":  # the Qingdao book's layout: "\t" + cell on each line, an empty line after a row
        lines = [rows[0][0], ""] + ["\n".join("\t" + c for c in row) + "\n" for row in rows[1:]]
    else:
        lines = [separator.join(row) for row in rows]
    doc = read_text("\n".join(lines) + "\n", "variant.txt")
    assert_variant_read(doc, variant["unit"], amounts)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**VARIANT)
def test_variants_still_read_from_a_workbook(tmp_path_factory, **variant):
    """The same tables as a workbook made by hand: amounts as numbers, other cells as text."""
    from openpyxl import Workbook

    rows, amounts = variant_lines(**variant)
    wb = Workbook()
    for row in rows:
        wb.active.append([Decimal(c) if c in amounts else (c or None) for c in row])
    path = tmp_path_factory.mktemp("variant") / "variant.xlsx"
    wb.save(path)
    doc = read_file(path)
    assert_variant_read(doc, variant["unit"], amounts)
    assert all(f.source.table == "Sheet" for f in doc.findings)


def test_unknown_rows_are_kept_and_reported():
    text = (
        "某局2024年部门整体支出绩效目标表（单位：元）\n"
        "说明：本表按上级要求填报\n"
        "资金总额\t合计\t100\n\t财政拨款\t100\n年度总体目标\t完成任务。\n部门职责\t管理\n"
        "年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n\t产出指标\t数量指标\t件数\t≥1件\n"
        "填表人：张三\t联系电话：12345678\n"
    )
    doc = read_text(text, "odd.txt")
    t = doc.department_targets
    assert t is not None and (t.title, t.money_unit) == ("某局2024年部门整体支出绩效目标表", "元")
    assert [i.name for i in t.indicators] == ["件数"]  # the footer is not an indicator
    kept = {u.source.line: u.text for u in doc.unplaced}
    assert kept == {2: "说明：本表按上级要求填报", 9: "填表人：张三\t联系电话：12345678"}
    reported = [f for f in doc.findings if f.code == "unplaced-text"]
    assert [f.source.line for f in reported] == [2, 9] and "已原样保留" in reported[0].message


def test_tasks_beyond_the_funds_are_reported():
    targets = seed_targets()  # the seed's three projects as tasks: 17 + 120 + 208.4 within the department's 1487.65
    assert not [f for f in check_department_targets(targets) if f.code == "dept-tasks-exceed-funds"]
    small = replace(targets, printed_total=Decimal(300), funds=(FundLine("财政拨款", Decimal(300)),))
    (found,) = [f for f in check_department_targets(small) if f.code == "dept-tasks-exceed-funds"]
    assert found.message == "部门“青岛市司法局”部门职责中3项重点工作的资金合计345.40万元，超过资金总额300.00万元"
