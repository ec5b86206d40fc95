"""Standalone forms of other provinces (corpus 01–08, 11): kinds, key values, layouts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.ingest import cells as C
from jixiao.ingest import read_text
from jixiao.ingest.text import split_lines
from tests.conftest import shared_path


def corpus(name: str):
    """A corpus excerpt read without its SOURCE:/NOTE: header (blanked, so line numbers stay)."""
    path = next(shared_path("corpus/text").glob(f"{name}_*.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    blank = lines.index("")
    return read_text("\n".join([""] * blank + lines[blank:]), str(path))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("01", "goal_tables"),
        ("02", "goal_tables"),
        ("03", "goal_tables"),
        ("04", "self_evaluation"),
        ("05", "self_evaluation"),
        ("06", "self_evaluation"),
        ("07", "self_evaluation"),
        ("08", "self_evaluation"),
        ("11", "evaluation_scores"),
    ],
)
def test_kind(name, kind):
    assert corpus(name).kind == kind


def test_01_central_investment_targets():
    (project,) = corpus("01").goals.projects
    assert project.budget == Decimal("2350")
    assert [i.name for i in project.indicators][:3] == ["建设项目个数(含续建)", "竣工验收合格率", "按进度计划实施情况"]
    assert project.indicators[3].target.raw == "≥90%"
    assert {i.level1 for i in project.indicators} == {"实施效果指标"}
    assert project.indicators[3].level2 == "效益指标"


def test_02_targets_stop_at_next_project():
    (project,) = corpus("02").goals.projects
    assert project.name == "3岁以下婴幼儿照护服务项目"
    assert len(project.indicators) == 11
    assert project.indicators[0].target.raw == "4.5"
    social = [i for i in project.indicators if i.level2 == "社会效益"]
    assert len(social) == 4 and all(i.level1 == "效益指标" for i in social)


def test_03_fused_cells_are_kept_raw():
    doc = corpus("03")
    assert doc.goals.projects == ()
    assert any(f.code == "form-layout-unreadable" for f in doc.findings)
    assert any("88100" in u.text for u in doc.unplaced)


def test_04_budget_and_indicators():
    (form,) = corpus("04").forms.self_evaluations
    total = form.budget_lines[0]
    assert (total.adjusted.value, total.executed.value, total.rate.raw, total.score.value) == (
        Decimal("43.2"),
        Decimal("37.24"),
        "86%",
        Decimal("9"),
    )
    assert len(form.indicators) == 9
    assert sum(i.weight.value for i in form.indicators) == Decimal("90")
    assert form.indicators[0].deviation.startswith("已完工")
    assert form.indicators[5].level2 == "经济效益指标" and form.indicators[5].level1 == "效益指标"


def test_05_space_rows_and_formula_notes():
    (form,) = corpus("05").forms.self_evaluations
    assert form.project == "商品和服务支出"
    assert [i.weight.value for i in form.indicators[:4]] == [Decimal("12.5")] * 4
    assert form.indicators[3].target.raw == "45万"
    assert any(n.startswith("定量指标计算") for n in form.notes)


def test_06_pipes_two_tables_and_template_text():
    doc = corpus("06")
    tail, form = doc.forms.self_evaluations
    assert tail.indicators[0].nature == "≤" and tail.indicators[0].measure_unit == "万元"
    assert form.budget_lines[0].adjusted.value == Decimal("3.36")
    assert form.budget_points == Decimal("10")
    assert any(f.code == "form-template-text" for f in doc.findings)


def test_07_scrambled_is_kept_raw():
    doc = corpus("07")
    forms = doc.forms.self_evaluations
    assert [f.project for f in forms][1] == "援滇对口支援及结对帮扶经费"
    assert all(not f.indicators for f in forms) and len(forms[0].budget_lines) <= 1
    assert "98.62" in forms[0].raw


def test_08_department_wide_money_block():
    (form,) = corpus("08").forms.self_evaluations
    assert form.department_wide and form.department == "中共宁德市委党史和地方志研究室"
    line = form.budget_lines[0]
    assert line.adjusted.value == Decimal("2751417.82") and line.carried_over.value == Decimal("213722.82")
    assert line.balance_rate.raw == "7%"


def test_11_stated_score():
    doc = corpus("11")
    assert [s.score for s in doc.forms.stated_scores] == [Decimal("90")]


def test_standalone_forms_are_checked():
    doc = corpus("04")
    found = run_checks([doc]).findings
    assert not any(f.code == "check-failed" for f in found)


ROWS = [
    ("产出指标", "数量指标", "完成户数", "≥100户", "120户", "20", "20"),
    ("", "质量指标", "验收合格率", "100%", "100%", "20", "18"),
    ("效益指标", "社会效益指标", "群众知晓率", "≥90%", "95%", "30", "30"),
]
HEAD = {
    "level1": ["一级指标"],
    "level2": ["二级指标"],
    "name": ["三级指标", "指标名称"],
    "target": ["年度指标值", "指标值", "预期指标值"],
    "actual": ["实际完成值", "完成值"],
    "weight": ["分值", "权重"],
    "score": ["得分"],
}


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(HEAD)[2:]), st.data(), st.sampled_from(["tabs", "pipes", "lines"]))
def test_layouts_and_column_orders(order, data, how):
    columns = ["level1", "level2", *order]
    words = [data.draw(st.sampled_from(HEAD[c])) for c in columns]
    index = {c: n for n, c in enumerate(["level1", "level2", "name", "target", "actual", "weight", "score"])}
    rows = [[r[index[c]] for c in columns] for r in ROWS]
    if how == "lines":
        text = "\n\n".join(cell for row in [words, *rows] for cell in row if cell)
    else:
        sep = "\t" if how == "tabs" else " | "
        text = "\n".join(sep.join(row) for row in [words, *rows])
    stream = C.tokenise(split_lines(text), how if how != "lines" else "lines")
    header = C.find_header(stream, C.INDICATOR_COLUMNS, needs=(frozenset({"name"}), frozenset({"target"})))
    assert header is not None and list(header.columns) == columns
    got, _ = C.group_rows(stream, header, row_layout=how != "lines")
    named = [r for r in got if "name" in r.cells]
    assert [r.cells["name"].text for r in named] == [r[2] for r in ROWS]
    assert [r.cells["score"].text for r in named] == [r[6] for r in ROWS]
    assert [r.levels for r in named] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
    ]
