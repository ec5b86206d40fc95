"""Checks across documents and across parts of one document (jixiao/checks/documents.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.checks import documents as d
from jixiao.checks import run_checks
from jixiao.grammar import parse_target
from jixiao.model.goals import Department


def _findings(docs, *codes):
    return [f for f in run_checks(docs, include_reading=False).findings if f.code in codes]


def _with_target(goals_doc, project_name: str, indicator_name: str, target: str):
    projects = []
    for p in goals_doc.goals.projects:
        if p.name == project_name:
            inds = tuple(
                replace(i, target=parse_target(target).value) if i.name == indicator_name else i for i in p.indicators
            )
            p = replace(p, indicators=inds)
        projects.append(p)
    return replace(goals_doc, goals=replace(goals_doc.goals, projects=tuple(projects)))


# -- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("普法人民监督员涉法涉诉经费", "普法人民监督员涉法涉诉专项经费"),
        ("法律援助及12348业务费", "法律援助及 12348 业务费"),
        ("警用服装费", "警用服装费"),
    ],
)
def test_project_names_match_after_normalising(a, b):
    assert d.project_key(a) == d.project_key(b)


def test_project_containment_is_unique_and_long_enough():
    keys = [d.project_key(n) for n in ("法律援助及12348业务费", "公共法律服务中心运行费")]
    assert d.match_name(d.project_key("法律援助及12348热线"), keys) == 0
    assert d.match_name(d.project_key("公共法律服务中心建设运行费"), keys) is None  # not the same project
    assert d.match_name("法律", ["法律培训", "法律援助"]) is None  # too short to contain


# -- targets against last year's actual ------------------------------------------------------------------------


def test_seed_target_far_below_last_actual(goals_doc, accounts_doc):
    low = _findings([goals_doc, accounts_doc], "cross-year-target-low")
    assert [(f.subject, f.source.line, f.actual, f.severity.value) for f in low] == [
        ("警用被服采购数量", 457, "≥14500件", "warning")  # 2022 actual 36106 (form line 926)
    ]
    assert low[0].expected.startswith("36106") and "第926行" in low[0].expected
    assert "40.2%" in low[0].message


def test_seed_target_far_above_last_actual(goals_doc, accounts_doc):
    high = _findings([goals_doc, accounts_doc], "cross-year-target-high")
    # 援助案件优良率 ≥20% (0.2) in 2023 against 10% achieved in 2022
    assert [(f.subject, f.source.line, f.severity.value) for f in high] == [("援助案件优良率大于20%", 878, "info")]


def test_target_close_to_last_actual_is_silent(goals_doc, accounts_doc):
    raised = _with_target(goals_doc, "警用服装费", "警用被服采购数量", "≥36000件")
    assert _findings([raised, accounts_doc], "cross-year-target-low") == []
    lowered = _with_target(goals_doc, "惠企法律服务费", "开展惠企法律服务讲座等宣传次数", "≥20次")  # 2022 actual 40
    assert [f.subject for f in _findings([lowered, accounts_doc], "cross-year-target-low")] == [
        "开展惠企法律服务讲座等宣传次数", "警用被服采购数量"
    ]


def test_other_department_or_year_is_not_compared(goals_doc, accounts_doc):
    other = replace(goals_doc, goals=replace(goals_doc.goals, department=Department("青岛市公安局")))
    assert _findings([other, accounts_doc], "cross-year-target-low", "cross-year-budget-changed") == []
    later = replace(goals_doc, goals=replace(goals_doc.goals, year=2024))
    assert _findings([later, accounts_doc], "cross-year-target-low", "cross-year-budget-changed") == []
    assert _findings([goals_doc], "cross-year-target-low") == []


def test_units_must_agree():
    target = parse_target("≥20类").value
    actual = parse_target("30", role="actual").value
    assert d.comparable(target, actual, "种") is None
    assert d.comparable(target, actual, "类") is not None
    assert d.comparable(parse_target("≤100万元").value, parse_target("50万元").value, None) is None  # reverse


def test_seed_budget_changes(goals_doc, accounts_doc):
    changed = _findings([goals_doc, accounts_doc], "cross-year-budget-changed")
    assert [(f.subject, f.actual, f.severity.value) for f in changed] == [
        ("法治专项业务费", "208.40", "info"),  # 2022: 188.4
        ("警用服装费", "376.59", "info"),  # 2022: 546.31
    ]


# -- one amount stated in several parts --------------------------------------------------------------------------


def test_seed_executed_amount_stated_differently(accounts_doc):
    found = _findings([accounts_doc], "amount-stated-differently")
    assert [(f.source.line, f.actual, f.expected, f.severity.value) for f in found] == [
        (1394, "368.78", "369.27", "warning"),  # finance report: 实际支付 368.78 (and its table 总计)
        (1684, "368.89", "369.27", "warning"),  # finance report: the execution-rate formula
    ]
    assert "第1394、1402、1534、1544行" in found[0].message
    assert "第1169行" in found[0].message


def test_agreeing_amounts_are_silent(accounts_doc):
    acc = accounts_doc.accounts
    finance = next(e for e in acc.evaluations if e.kind == "finance")
    fixed = replace(
        finance,
        paragraphs=tuple(replace(p, text=p.text.replace("368.78", "369.27").replace("368.89", "369.27"))
                         for p in finance.paragraphs),
        spending=(),
    )
    doc = replace(accounts_doc, accounts=replace(acc, evaluations=tuple(fixed if e is finance else e
                                                                        for e in acc.evaluations)))
    assert _findings([doc], "amount-stated-differently") == []


def test_rounded_statement_agrees_with_form():
    s = d.Statement("执行数", "20.89", d.Decimal("20.89"), "x", None)
    assert d.agrees(s, d.Decimal("20.88535"))
    assert not d.agrees(s, d.Decimal("20.90"))


def test_budget_stated_differently_in_a_report(accounts_doc):
    acc = accounts_doc.accounts
    dept = next(e for e in acc.evaluations if e.kind == "department")
    changed = replace(dept, paragraphs=tuple(replace(p, text=p.text.replace("年初预算安排为 378.5 万元", "年初预算安排为 388.5 万元"))
                                              for p in dept.paragraphs))
    doc = replace(accounts_doc, accounts=replace(acc, evaluations=tuple(changed if e is dept else e
                                                                        for e in acc.evaluations)))
    found = [f for f in _findings([doc], "amount-stated-differently") if "预算数" in f.message]
    assert [(f.source.line, f.actual, f.expected) for f in found] == [(1296, "388.5", "378.5")]
    assert "部门评价报告" in found[0].message
