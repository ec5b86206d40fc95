"""Problems read from the seed's two evaluation reports (seed 002: department report lines 1238–1373,
finance report 1374–end), the result-application rule, and the 整改情况 report in every format."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.ingest.evaluation.problems import evaluation_problems
from jixiao.model.rectification import IN_PROGRESS, OVERDUE, PENDING, VERIFIED, effective_status
from jixiao.report.registry import render
from jixiao.rules.applications import SchemeError, load_rule, parse_rule


@pytest.fixture(scope="module")
def found(accounts_doc):
    return [evaluation_problems(ev) for ev in accounts_doc.accounts.evaluations]


def test_finance_report_problems_are_the_body_items_with_their_categories(found):
    fin = found[1]
    assert fin.evaluation == "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    assert [(p.title, p.category, p.source.line) for p in fin.problems] == [
        ("绩效指标不够明确合理", ("决策类", "绩效目标类"), 1882),
        ("制度落实不够到位", ("过程类", "过程管理类"), 1892),
        ("结案归档卷宗不够规范", ("产出类", "产出质量类"), 1900),
        ("案件办结率呈下降趋势", ("产出类", "产出质量类"), 1904),
    ]  # the 摘要 lists the same four titles (lines 1466–1480): one problem each, the body's text kept
    assert "案件办结率为40.56%" in fin.problems[3].detail
    assert [p.section for p in fin.problems] == ["三、存在问题"] * 4
    assert [(m.title, m.source.line) for m in fin.measures] == [("优化绩效目标管理", 1910), ("完善制度运行监督", 1914)]
    assert [p.measures for p in fin.problems] == [("优化绩效目标管理",), ("完善制度运行监督",), (), ()]


def test_department_report_problem_is_its_paragraph_and_measures_skip_nothing(found):
    dept = found[0]
    assert [(p.title, p.category, p.source.line) for p in dept.problems] == [
        ("预算执行率97.56%,未达到100%,得3.75分。", (), 1354)]
    assert dept.problems[0].measures == ("预算安排方面",)
    # (二) 政策调整方面 says only 无。: not a measure
    assert [(m.title, m.section) for m in dept.measures] == [
        ("预算安排方面", "七、改进措施(结果应用)"), ("改善管理方面", "七、改进措施(结果应用)")]
    assert dept.grade == "优"


def test_open_problem_past_its_deadline_is_overdue():
    today = dt.date(2024, 3, 1)
    assert effective_status(PENDING, dt.date(2024, 2, 29), today) == OVERDUE
    assert effective_status(IN_PROGRESS, dt.date(2024, 3, 1), today) == IN_PROGRESS
    assert effective_status(VERIFIED, dt.date(2023, 1, 1), today) == VERIFIED
    assert effective_status(PENDING, None, today) == PENDING


def test_default_rule_decides_by_grade_and_open_problems():
    rule = load_rule("default")
    mid = rule.decide("中", D("378.5"))
    assert (mid.decision, mid.change, mid.amount) == ("调减", D("-0.1"), D("340.65"))
    good_open = rule.decide("良", D("378.5"), open_problems=2)
    assert (good_open.decision, good_open.amount) == ("整改后安排", D("378.50"))
    assert "2个问题未整改完成" in good_open.reason
    assert rule.decide("优", D("378.5"), open_problems=4).decision == "保持"  # 优 has no open-problems line
    assert (rule.decide("差", D("100")).decision, rule.decide("差", D("100")).amount) == ("取消", D("0.00"))
    assert (rule.decide(None, D("1")).decision, rule.decide(None, D("1")).amount) == ("待定", None)


def test_rule_file_mistakes_are_chinese_with_the_line():
    with pytest.raises(SchemeError, match=r"第4行.*百分比"):
        parse_rule("r.yaml", "name: x\ntitle: x\ngrades:\n  优: {decision: 保持, change: 很多}\n")
    with pytest.raises(SchemeError, match=r"未知的项“grades\.优\.chnage”"):
        parse_rule("r.yaml", "name: x\ntitle: x\ngrades:\n  优:\n    decision: 保持\n    chnage: 0%\n")


@pytest.mark.parametrize("fmt", ["html", "xlsx", "docx"])
def test_rectification_report_lists_the_seed_problems(accounts_doc, tmp_path, fmt):
    out = render("rectification", fmt, [accounts_doc], tmp_path / f"r.{fmt}")
    if fmt == "html":
        html = out.read_text(encoding="utf-8")
        assert "整改情况表" in html and "绩效目标类：绩效指标不够明确合理" in html
        assert "共5个问题：待整改5个" in html
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(out).worksheets[0]
        values = [c.value for row in ws.iter_rows() for c in row if c.value]
        assert "案件办结率呈下降趋势" in " ".join(str(v) for v in values)
    else:
        from docx import Document

        cells = [c.text for t in Document(str(out)).tables for row in t.rows for c in row.cells]
        assert "优化绩效目标管理" in cells


@given(st.integers(min_value=0, max_value=2**40))
def test_file_size_reads_back_within_its_rounding(n):
    """``file_size``: bytes below 1 KB exactly; else KB/MB/GB at one decimal, within half a unit of the last digit."""
    from jixiao.report.rectification import file_size

    shown = file_size(n)
    number, unit = shown.split(" ")
    scale = {"字节": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]
    assert (unit == "字节") == (n < 1024)
    assert abs(D(number) * scale - n) <= D("0.05") * scale
    assert unit == "GB" or D(number) < 1024
