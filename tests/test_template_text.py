"""Template text left in a document (jixiao/checks/template_text.py, template_vocabulary.py).

The official template is recognised as a template once; a published document's leftovers are
reported one by one, in names as in sentences, and the fill-in instructions of the templates too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks import run_checks
from jixiao.checks.template_vocabulary import instructions_in, placeholders_in
from jixiao.ingest import read_file, read_text
from tests.conftest import ACCOUNTS, shared_path

TEMPLATE_CODES = ("template-placeholder", "template-instruction", "document-is-template")


def _mutated(line: int, old: str, new: str):
    lines = ACCOUNTS.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return read_text("\n".join(lines), ACCOUNTS.name)


def _found(doc, *codes):
    return [f for f in run_checks([doc], include_reading=False).findings if f.code in codes]


@pytest.fixture(scope="module")
def template_report():
    doc = read_file(shared_path("fixtures/pdf/shanghai-2024-final-accounts-template.pdf"))
    return run_checks([doc])


def test_the_official_template_is_said_to_be_a_template_once(template_report):
    codes = [f.code for f in template_report.findings]
    assert codes.count("document-is-template") == 1
    f = next(f for f in template_report.findings if f.code == "document-is-template")
    assert f.severity.value == "warning" and int(f.actual) > 100  # the template has well over a hundred XX sites
    # what a template cannot mean is left out: no per-site warnings, no coverage notes, no identities of empty tables
    for code in ("template-placeholder", "template-instruction", "table-row-missing", "narrative-fact-unmatched",
                 "punctuation-doubled"):
        assert code not in codes, code
    assert template_report.summary == {"error": 0, "warning": 1, "info": 1}  # + document-kind-detected


def test_instruction_left_in_the_published_pdf():
    # the 政府性基金 and 国有资本经营 tables keep the template's "…仍保留该表格式，并在本表下方作下述说明："
    doc = read_file(shared_path("fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf"))
    found = _found(doc, *TEMPLATE_CODES)
    assert [(f.code, f.severity.value) for f in found] == [("template-instruction", "warning")] * 2
    assert [f.source.page for f in found] == [15, 16]
    assert all("仍保留该表格式" in f.message and "作下述说明" in f.message for f in found)
    assert "政府性基金" in found[0].message and "国有资本经营" in found[1].message


def test_the_seed_has_no_template_text(accounts_doc):
    assert _found(accounts_doc, *TEMPLATE_CODES) == []


PLACEHOLDERS = st.sampled_from(["XX", "XXX", "ＸＸ", "××", " XX ", "xx"])


@settings(max_examples=15, deadline=None)
@given(city=st.sampled_from(["上海市普陀区", "青岛市", "辽宁省阜新市", ""]), ph=PLACEHOLDERS,
       suffix=st.sampled_from(["局", "中心", "街道办事处", "委员会"]))
def test_a_placeholder_inside_a_name_is_reported(city, ph, suffix):
    # line 446 of the seed opens the 情况说明; a name with a placeholder in it, as a leftover
    doc = _mutated(446, "主要是新增基本建设支出", f"主要是{city}{ph}{suffix}新增基本建设支出")
    found = _found(doc, *TEMPLATE_CODES)
    assert [(f.code, f.source.line) for f in found] == [("template-placeholder", 446)]
    assert ph.strip() in found[0].message and "情况说明" in found[0].message


def test_a_placeholder_in_the_documents_own_name():
    doc = _mutated(4, "青岛市司法局部门决算", "青岛市XX局部门决算")
    found = _found(doc, *TEMPLATE_CODES)
    assert [f.code for f in found] == ["template-placeholder"]


FUNDS = st.sampled_from(["政府性基金预算财政拨款收入支出", "国有资本经营预算财政拨款支出", "“三公”经费财政拨款支出",
                         "机关运行经费支出"])


@settings(max_examples=20, deadline=None)
@given(fund=FUNDS, who=st.sampled_from(["", "的部门", "的单位"]),
       keep=st.sampled_from(["仍保留该表格式，并在本表下方作下述说明：", "作下述说明：", "仍应保留本表，并在本表下方注明原因。"]))
def test_instruction_wordings_of_the_templates(fund, who, keep):
    text = f"无{fund}{who}，{keep}"
    hits = instructions_in(text, in_note=True)
    assert len(hits) == 1, (text, [m.group(0) for m in hits])  # one sentence, one finding, also in a 注


@pytest.mark.parametrize(
    ("text", "in_note", "hits"),
    [
        ("由主管部门根据三定方案等相关规定中有关主要职能填写。", False, 1),
        ("主要是（此处填写增减变化的主要原因）。", False, 1),
        ("如无此项，则删除本段。", False, 1),
        ("请说明增减变化的主要原因。", False, 1),
        ("请在“偏差原因分析及改进措施”中说明。", True, 0),  # a form's printed 注 may say it
        ("本部门2024年度没有政府性基金预算财政拨款收入，故本表无数据。", True, 0),  # the note the template asks for
        ("由于人员增加，按照实际情况调整支出结构。", False, 0),
        ("主要用于以下方面：", False, 0),
    ],
)
def test_instruction_vocabulary(text, in_note, hits):
    assert len(instructions_in(text, in_note=in_note)) == hits


def test_a_bracketed_year_is_no_placeholder():
    assert placeholders_in("依据鲁财预【2022】6号文件") == []
    assert [m.group(0) for m in placeholders_in("各增加（减少）XXX万元")] == ["增加（减少）", "XXX"]


def test_a_few_leftovers_do_not_make_a_template():
    doc = _mutated(446, "主要是新增基本建设支出", "主要是XX、XX、XX新增基本建设支出")
    found = _found(doc, *TEMPLATE_CODES)
    assert [f.code for f in found] == ["template-placeholder"] * 3
