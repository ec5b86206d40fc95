"""Checks on the wording of the whole document (jixiao/checks/wording.py).

Most tests change one line of a seed in memory (the seed files are never edited) and read
it again: the check must fire on the changed line and stay silent on the original."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks import run_checks
from jixiao.checks import wording as w
from jixiao.ingest import read_text
from jixiao.model.accounts import TableKind
from tests.conftest import ACCOUNTS, GOALS

WORDING = ("comparison-word-contradicts", "template-placeholder", "template-instruction", "document-is-template", "year-mismatch", "table-missing", "tables-absent",
           "table-out-of-order", "percent-sign-missing", "punctuation-doubled")


def _mutated(path, line: int, old: str, new: str):
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return read_text("\n".join(lines), path.name)


def _found(doc, code):
    return [f for f in run_checks([doc], include_reading=False, select=[code]).findings if f.code == code]


def test_seeds_have_no_wording_findings(goals_doc, accounts_doc):
    report = run_checks([goals_doc, accounts_doc], include_reading=False)
    assert [f.format() for f in report.findings if f.code in WORDING] == []


# -- comparison words ---------------------------------------------------------------------------------------------


def test_comparison_word_contradicting_the_numbers():
    # line 511: 年初预算为1,025.71万元，支出决算为806.10万元 … 决算数小于年初预算数
    doc = _mutated(ACCOUNTS, 511, "决算数小于年初预算数", "决算数大于年初预算数")
    found = _found(doc, "comparison-word-contradicts")
    assert [(f.source.line, f.severity.value, f.subject) for f in found] == [(511, "error", "决算数大于年初预算数")]
    assert "806.10万元" in found[0].message and "1025.71万元" in found[0].message


def test_change_word_against_its_base():
    # line 561: 全年预算为150.00万元，支出决算为114.31万元，比全年预算减少35.69万元
    doc = _mutated(ACCOUNTS, 561, "比全年预算减少", "比全年预算增加")
    found = _found(doc, "comparison-word-contradicts")
    assert [(f.source.line, f.subject) for f in found] == [(561, "比全年预算增加")]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("年初预算为100.00万元，支出决算为80.00万元。决算数大于年初预算数的主要原因是新增支出。", True),
        ("年初预算为100.00万元，支出决算为120.00万元。决算数大于年初预算数的主要原因是新增支出。", False),
        ("年初预算为0万元，支出决算为21.94万元。决算数大于年初预算数的主要原因是新增支出。", False),
        ("全年预算为18.90万元，支出决算为11.60万元，比全年预算减少7.30万元，决算数小于全年预算数。", False),
        ("全年预算为18.90万元，支出决算为11.60万元，比全年预算增加7.30万元。", True),
        ("全年预算为18.90万元，支出决算为18.90万元，决算数等于全年预算数。", False),
        ("全年预算为18.90万元，支出决算为18.00万元，决算数等于全年预算数。", True),
        ("支出由50万元增加到40万元。", True),
        ("支出由50万元增加到60万元。", False),
        ("机关运行经费支出5,494.05万元，比上年决算数减少20655.83万元。", False),  # last year not stated
        ("预算为100万元，决算为90万元，决算数与预算数持平。", True),
        ("预算为100万元，决算为99万元，决算数与预算数基本持平。", False),
        ("行政执法人员应培尽培率高于90%。", False),
        # two amounts could be "预算数": the sentence does not say which, so no finding
        ("年初预算为100万元，调整预算为70万元，支出决算为80万元。决算数大于预算数。", False),
        # each comparison is read against the numbers of its own item
        ("甲项年初预算为100万元，支出决算为120万元，决算数大于年初预算数；乙项年初预算为100万元，支出决算为90万元，"
         "决算数小于年初预算数。", False),
        ("甲项年初预算为100万元，支出决算为120万元，决算数大于年初预算数；乙项年初预算为100万元，支出决算为90万元，"
         "决算数大于年初预算数。", True),
        ("本年度决算数为90万元，年初预算为100万元，本年度决算数大于年初预算数。", True),
    ],
)
def test_comparison_fragments(text, fires):
    assert bool(list(w.comparison_problems(text))) is fires


# -- placeholders -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fires"),
    [
        ("收、支总计96,719.61万元", "收、支总计XX万元", True),
        ("收、支总计96,719.61万元", "收、支总计××万元", True),
        ("各增加8,974.40万元", "各增加（减少）8,974.40万元", True),
        ("增长10.23%", "下降（增长）10.23%", True),
        ("主要是新增基本建设支出", "主要是【请填写原因】", True),
        ("主要是新增基本建设支出", "请说明增减变化的主要原因", True),  # an instruction (template-instruction)
        ("主要是新增基本建设支出", "主要是依据鲁财预【2022】6号文件新增基本建设支出", False),
    ],
)
def test_placeholders(old, new, fires):
    doc = _mutated(ACCOUNTS, 446, old, new)
    found = _found(doc, "template-placeholder") + _found(doc, "template-instruction")
    assert bool(found) is fires
    if fires:
        assert found[0].source.line == 446 and found[0].severity.value == "warning"


def test_instructions_in_printed_notes_are_not_placeholders(accounts_doc):
    # the forms' 注 4 says "请在“偏差原因分析及改进措施”中说明…": the template's own instruction
    assert any("请在" in n for n in accounts_doc.accounts.self_evaluations[0].notes)
    assert _found(accounts_doc, "template-placeholder") == _found(accounts_doc, "template-instruction") == []


# -- the document's year ---------------------------------------------------------------------------------------------


def test_heading_with_another_year():
    doc = _mutated(ACCOUNTS, 34, "2022年度部门决算情况说明", "2021年度部门决算情况说明")
    found = _found(doc, "year-mismatch")
    assert [(f.source.line, f.actual) for f in found] == [(34, "2021")]


def test_narrative_paragraph_opening_with_another_year():
    doc = _mutated(ACCOUNTS, 446, "2022年度收、支总计", "2021年度收、支总计")
    found = _found(doc, "year-mismatch")
    assert [(f.source.line, f.actual, f.expected) for f in found] == [(446, "2021", "2022")]


def test_previous_year_named_for_comparison_is_right():
    doc = _mutated(ACCOUNTS, 446, "与2021年度相比", "与2021年度部门决算相比")
    assert _found(doc, "year-mismatch") == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("2022年度收、支总计", "2021年底，本部门收、支总计"),  # a date, not the document's year
        ("与2021年度相比", "与2021年度部门决算数相比"),
        ("与2021年度相比，收、支总计", "2021年度决算数为87,745.21万元，收、支总计"),  # last year's amount
    ],
)
def test_other_years_named_on_purpose_are_right(old, new):
    assert _found(_mutated(ACCOUNTS, 446, old, new), "year-mismatch") == []


def test_target_date_before_the_tables_year():
    doc = _mutated(GOALS, 487, "≤2023年11月底", "≤2022年11月底")
    found = _found(doc, "year-mismatch")
    assert [(f.source.line, f.actual) for f in found] == [(485, "2022")]


# -- tables --------------------------------------------------------------------------------------------------------------


def _with_tables(doc, kinds):
    by_kind = {t.kind: t for t in doc.accounts.tables}
    tables = tuple(by_kind[k] for k in kinds)
    return replace(doc, accounts=replace(doc.accounts, tables=tables))


def test_missing_table(accounts_doc):
    doc = _with_tables(accounts_doc, [k for k in w.ORDER_A if k != TableKind.THREE_PUBLIC])
    found = _found(doc, "table-missing")
    assert [(f.subject, f.severity.value) for f in found] == [("财政拨款“三公”经费支出决算表", "warning")]


def test_no_table_at_all_is_one_note_not_nine_alarms(accounts_doc):
    doc = _with_tables(accounts_doc, [])
    assert _found(doc, "table-missing") == []
    (note,) = _found(doc, "tables-absent")
    assert note.severity.value == "info" and "节选" in note.message


def test_order_b_is_accepted_and_other_orders_are_not(accounts_doc):
    assert _found(_with_tables(accounts_doc, w.ORDER_B), "table-out-of-order") == []
    swapped = list(w.ORDER_A)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    found = _found(_with_tables(accounts_doc, swapped), "table-out-of-order")
    assert [f.subject for f in found] == ["收入决算表"]


# -- percent sign and punctuation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fires"),
    [
        ("占本年支出合计的95.38%", "占本年支出合计的95.38", True),
        ("增长9.02%", "增长9.02", True),
        ("增长9.02%", "增长9.02个百分点", False),
        ("增长9.02%", "增长9.02％", False),
        ("增长9.02%", "增长9.02 %", False),
        ("增长9.02%", "增长9.02万元", False),
    ],
)
def test_percent_sign(old, new, fires):
    doc = _mutated(ACCOUNTS, 482, old, new)
    found = _found(doc, "percent-sign-missing")
    assert bool(found) is fires
    if fires:
        assert found[0].source.line == 482


@pytest.mark.parametrize(
    ("new", "fires"),
    [("主要是新增基本建设支出。。", True), ("主要是新增基本建设支出，，等", True), ("主要是新增基本建设支出……", False),
     ("主要是新增基本建设支出——", False)],
)
def test_doubled_punctuation(new, fires):
    doc = _mutated(ACCOUNTS, 472, "主要是新增基本建设支出。", new)
    found = _found(doc, "punctuation-doubled")
    assert bool(found) is fires
    if fires:
        assert found[0].source.line == 472 and found[0].severity.value == "warning"  # visible to the public (severity policy)


@settings(max_examples=20, deadline=None)
@given(lead=st.sampled_from(["截至", "截止", "截止到", "截至 "]), end=st.sampled_from(["12月31日", " 12 月 31 日", "底", "末"]),
       shift=st.sampled_from([-1, 1, -2]))
def test_a_closing_date_of_another_year_outside_headings(lead, end, shift):
    # line 581: 截至2022年12月31日，本部门共有车辆44辆 — the date the 2022 决算 reports at
    doc = _mutated(ACCOUNTS, 581, "截至2022年12月31日", f"{lead}{2022 + shift}年{end}")
    found = _found(doc, "year-mismatch")
    assert [(f.source.line, f.actual, f.severity.value) for f in found] == [(581, str(2022 + shift), "warning")]


def test_a_closing_date_compared_with_is_no_mismatch():
    doc = _mutated(ACCOUNTS, 581, "截至2022年12月31日，本部门共有车辆44辆",
                   "截至2022年12月31日，本部门共有车辆44辆，比截至2021年12月31日增加2辆")
    assert _found(doc, "year-mismatch") == []
