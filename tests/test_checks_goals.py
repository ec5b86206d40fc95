"""Checks on target tables (jixiao/checks/goals.py): each check fires on a fragment that is
wrong and stays silent on one that is right; the seed's real mistakes are asserted with
their lines and values."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.checks import goals as g
from jixiao.checks import run_checks
from jixiao.grammar import parse_target
from jixiao.ingest import read_text
from jixiao.model.goals import Indicator, PlanPoint, Project, SpendingPlan
from jixiao.model.source import Source
from tests.conftest import GOALS

SRC = Source("x.txt", line=1)


def ind(level1: str, level2: str, name: str, target: str, basis: str | None = "依据历史标准", line: int = 1) -> Indicator:
    return Indicator(level1, level2, name, name, parse_target(target).value, basis, Source("x.txt", line=line))


def project(indicators, *, name="测试项目", budget="100.00", fiscal="100.00", other=None, purpose="开展业务",
            plan=None) -> Project:
    points = None
    if plan is not None:
        points = SpendingPlan(
            "资金支出计划（%）",
            tuple(
                PlanPoint(label, month, None if raw == "" else Decimal(raw), raw, Source("x.txt", line=10 + i))
                for i, (label, month, raw) in enumerate(zip(("3月底", "6月底", "10月底", "12月底"), (3, 6, 10, 12), plan,
                                                            strict=True))
            ),
            Source("x.txt", line=9),
        )
    return Project(1, None, name, None, "万元", Decimal(budget), Decimal(fiscal), None if other is None else Decimal(other),
                   purpose, points, None, tuple(indicators), name + "绩效目标表", SRC)


GOOD = [
    ind("产出指标", "数量指标", "组织培训次数", "≥3次"),
    ind("产出指标", "质量指标", "行政执法考试合格率", "≥90%"),
    ind("产出指标", "时效指标", "完成时间", "2023年10月底"),
    ind("效益指标", "社会效益指标", "执法水平提升率", "≥5%"),
    ind("满意度指标", "服务对象满意度指标", "培训对象满意率", "≥90%"),
    ind("成本指标", "经济成本指标", "培训费预算控制数", "≤100万元"),
]


def doc_with(*projects: Project, year: int = 2023):
    base = read_text(GOALS.read_text(encoding="utf-8"), "x.txt")
    return replace(base, goals=replace(base.goals, projects=tuple(projects), year=year))


def codes(doc, prefix=("goal-", "rounding-gap")) -> list[str]:
    report = run_checks([doc], include_reading=False)
    return sorted(f.code for f in report.findings if f.code.startswith(prefix))


def test_a_good_project_has_no_findings():
    good = project(GOOD, plan=("", "40.00", "", "100.00"))
    assert codes(doc_with(good)) == []


# -- quantified -------------------------------------------------------------------------------------------


def test_qualitative_output_and_satisfaction_are_warnings_benefit_is_info():
    inds = [*GOOD[:1], ind("产出指标", "质量指标", "服务质量", "显著提高"), ind("效益指标", "社会效益指标", "影响力", "有效提升"),
            ind("满意度指标", "服务对象满意度指标", "群众满意度", "满意"), *GOOD[5:]]
    found = list(g.check_quantified(doc_with(project(inds))))
    assert [(f.code, f.severity.value, f.subject) for f in found] == [
        ("goal-value-not-quantified", "warning", "服务质量"),
        ("goal-benefit-qualitative", "info", "影响力"),
        ("goal-value-not-quantified", "warning", "群众满意度"),
    ]
    assert list(g.check_quantified(doc_with(project(GOOD)))) == []


def test_cost_indicator_qualitative():
    inds = [*GOOD[:5], ind("成本指标", "经济成本指标", "警服限价", "单件成本控制在限价范围内")]
    found = list(g.check_quantified(doc_with(project(inds))))
    assert [f.code for f in found] == ["goal-cost-qualitative"]


# -- basis -------------------------------------------------------------------------------------------------


def test_missing_basis_one_finding_per_project_listing_the_indicators():
    inds = [*GOOD[:2], replace(GOOD[2], basis=None), replace(GOOD[3], basis="  "), *GOOD[4:]]
    found = list(g.check_basis(doc_with(project(inds))))
    assert len(found) == 1
    assert found[0].actual == "2"
    assert "“完成时间”、“执法水平提升率”" in found[0].message
    assert list(g.check_basis(doc_with(project(GOOD)))) == []


# -- kind of value ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level2", "name", "target", "fires"),
    [
        ("时效指标", "值班费发放及时率", "≤2023年12月10日前", True),  # a rate with a date
        ("质量指标", "案件结案率", "≥100件", True),  # a rate with a count unit
        ("数量指标", "培训人数", "≥95%", True),  # a count with a percentage
        ("时效指标", "按时完成", "≥3次", True),  # timeliness with a plain count
        ("时效指标", "值班费发放及时率", "100%", False),
        ("数量指标", "法律援助案件完成率", "≥0.85", False),  # a share written as a fraction
        ("时效指标", "线上调解案件结案率达50%", "≥0.5", False),
        ("时效指标", "完成时间", "≤2023年11月底", False),
        ("数量指标", "培训人数", "≥300人", False),
    ],
)
def test_value_kind_against_indicator(level2, name, target, fires):
    assert (g.kind_mismatch(ind("产出指标", level2, name, target)) is not None) is fires


# -- degenerate --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target", "fires"),
    [
        ("立法计划完成率", "≥100%", True),
        ("立法计划完成率", ">100%", True),
        ("差错率", "≤100%", True),
        ("培训次数", "≥0次", True),
        ("立法计划完成率", "100%", False),
        ("立法计划完成率", "=100%", False),
        ("安全事故数", "≤0起", False),  # zero tolerance is a real target
        ("考试合格率", "≥90%", False),
    ],
)
def test_degenerate_targets(name, target, fires):
    assert (g.degenerate(ind("产出指标", "质量指标", name, target)) is not None) is fires


# -- cost against budget --------------------------------------------------------------------------------------------


def test_cost_cap_above_budget_is_an_error():
    inds = [*GOOD[:5], ind("成本指标", "经济成本指标", "预算控制数", "≤228.4万元")]
    found = list(g.check_cost_budget(doc_with(project(inds, budget="208.40", fiscal="208.40"))))
    assert [(f.code, f.severity.value, f.expected) for f in found] == [("goal-cost-exceeds-budget", "error", "208.40")]
    # equal to the budget, a per-unit cost in 元, and a cap in 元 below the budget are fine
    ok = [*GOOD[:5], ind("成本指标", "经济成本指标", "预算控制数", "≤208.4万元"),
          ind("成本指标", "经济成本指标", "培训费标准", "≤550元（每人每天）"),
          ind("成本指标", "经济成本指标", "维护费", "≤2000000元")]
    assert list(g.check_cost_budget(doc_with(project(ok, budget="208.40", fiscal="208.40")))) == []
    over_in_yuan = [*GOOD[:5], ind("成本指标", "经济成本指标", "维护费", "≤2500000元")]
    assert len(list(g.check_cost_budget(doc_with(project(over_in_yuan, budget="208.40", fiscal="208.40"))))) == 1


# -- spending plan ------------------------------------------------------------------------------------------------------


def test_plan_that_falls_and_misses_the_budget():
    p = project(GOOD, budget="208.40", fiscal="208.40", plan=("", "40.00", "150.00", "108.40"))
    found = sorted((f.code, f.actual, f.expected) for f in g.check_spending_plan(doc_with(p)))
    assert found == [("goal-plan-end-mismatch", "108.40", "208.40"), ("goal-plan-falls", "108.40", "150.00")]


def test_plan_blanks_mean_unchanged():
    p = project(GOOD, budget="376.59", fiscal="376.59", plan=("", "376.59", "", ""))
    assert list(g.check_spending_plan(doc_with(p))) == []


def test_plan_written_per_period():
    p = project(GOOD, budget="100.00", plan=("20.00", "30.00", "10.00", "40.00"))
    found = [f.code for f in g.check_spending_plan(doc_with(p))]
    assert found == ["goal-plan-not-cumulative"]


def test_plan_ending_short_of_budget_without_falling():
    p = project(GOOD, budget="100.00", plan=("", "20.00", "50.00", "90.00"))
    assert [f.code for f in g.check_spending_plan(doc_with(p))] == ["goal-plan-end-mismatch"]
    p = project(GOOD, budget="100.00", plan=("", "20.00", "50.00", "99.99"))
    assert [f.code for f in g.check_spending_plan(doc_with(p))] == ["rounding-gap"]


def test_plan_header_percent_noted_once_when_cells_are_amounts():
    a = project(GOOD, name="甲", budget="17.00", fiscal="17.00", plan=("", "2.00", "10.00", "17.00"))
    b = project(GOOD, name="乙", budget="120.00", fiscal="120.00", plan=("", "", "15.00", "120.00"))
    found = list(g.check_plan_header(doc_with(a, b)))
    assert [(f.code, f.severity.value) for f in found] == [("goal-plan-header-percent", "info")]
    percent = project(GOOD, name="丙", budget="50.00", fiscal="50.00", plan=("25", "50", "75", "100"))
    assert list(g.check_plan_header(doc_with(percent))) == []


# -- funds, kinds, duplicates, pairing ---------------------------------------------------------------------------------


def test_funds_must_add_up_to_budget():
    assert [f.code for f in g.check_funds(doc_with(project(GOOD, budget="100.00", fiscal="80.00", other="10.00")))] == [
        "goal-funds-mismatch"
    ]
    assert list(g.check_funds(doc_with(project(GOOD, budget="100.00", fiscal="80.00", other="20.00")))) == []


def test_required_kinds():
    no_quality_no_benefit = [GOOD[0], GOOD[2], GOOD[4]]
    kinds = [k for k, _ in g.missing_kinds(project(no_quality_no_benefit))]
    assert kinds == ["产出指标中的质量指标", "效益指标"]
    construction = project([i for i in GOOD if i.level1 != "成本指标"], name="指挥中心建设项目")
    assert [k for k, _ in g.missing_kinds(construction)] == ["成本指标"]
    assert g.missing_kinds(project([i for i in GOOD if i.level1 != "成本指标"])) == []
    rule_of_law = project([i for i in GOOD if i.level1 != "成本指标"], purpose="按照法治政府建设要求提高法治专业化水平")
    assert g.missing_kinds(rule_of_law) == []
    repair = project([i for i in GOOD if i.level1 != "成本指标"], purpose="办公楼修缮")
    assert [k for k, _ in g.missing_kinds(repair)] == ["成本指标"]


def test_duplicate_indicator():
    found = list(g.check_duplicates(doc_with(project([*GOOD, replace(GOOD[0], source=Source("x.txt", line=99))]))))
    assert [(f.code, f.subject, f.source.line) for f in found] == [("goal-indicator-duplicate", "组织培训次数", 99)]
    assert list(g.check_duplicates(doc_with(project(GOOD)))) == []


@pytest.mark.parametrize(
    ("level1", "level2", "ok"),
    [
        ("成本指标", "经济成本指标", True),
        ("产出指标", "成本指标", True),  # the 10号 form puts 成本 under 产出
        ("产出指标", "社会效益指标", False),
        ("效益指标", "成本指标", False),
        ("满意度指标", "服务对象满意度指标", True),
        ("效益指标", "可持续影响指标", True),
    ],
)
def test_pairing(level1, level2, ok):
    assert g.pairing_ok(level1, level2) is ok


# -- the seed --------------------------------------------------------------------------------------------------------------


def test_seed_000_errors_and_warnings(goals_doc):
    report = run_checks([goals_doc], include_reading=False)
    found = sorted(
        (f.code, f.source.line, f.severity.value)
        for f in report.findings
        if f.code.startswith("goal-") and f.severity.value != "info"
    )
    assert found == [
        ("goal-basis-missing", 650, "warning"),  # project 7: all 7 indicators
        ("goal-basis-missing", 743, "warning"),  # project 8
        ("goal-basis-missing", 843, "warning"),  # project 9
        ("goal-basis-missing", 950, "warning"),  # project 10
        ("goal-cost-exceeds-budget", 248, "error"),  # ≤228.4万元 against 预算数 208.40
        ("goal-cost-qualitative", 450, "warning"),  # 单件成本控制在限价范围内
        ("goal-plan-end-mismatch", 233, "error"),  # 12月底 108.40 ≠ 208.40
        ("goal-plan-falls", 233, "error"),  # 10月底 150.00 → 12月底 108.40
        ("goal-target-degenerate", 578, "warning"),  # 涉法涉诉案件办案费发放率 ≥100%
        ("goal-value-kind-mismatch", 585, "warning"),  # 值班费发放及时率 ≤2023年12月10日前
        ("goal-value-not-quantified", 183, "warning"),  # ≤国家部署和工作计划规定时间
        ("goal-value-not-quantified", 571, "warning"),  # 市优以上律所的执业三年以上律师
        ("goal-value-not-quantified", 771, "warning"),  # 24小时在岗
    ]
    by_code = {f.code: f for f in report.findings}
    cost = by_code["goal-cost-exceeds-budget"]
    assert cost.expected == "208.40" and cost.actual.startswith("≤228.4万元")
    falls = by_code["goal-plan-falls"]
    assert (falls.actual, falls.expected, falls.subject) == ("108.40", "150.00", "法治专项业务费")
    basis = [f for f in report.findings if f.code == "goal-basis-missing"]
    assert [f.actual for f in basis] == ["7", "8", "9", "8"]
    infos = sorted(f.source.line for f in report.findings if f.code == "goal-benefit-qualitative")
    assert infos == [90, 190, 392, 592, 685, 785]
    header = [f for f in report.findings if f.code == "goal-plan-header-percent"]
    assert len(header) == 1 and "9个项目" in header[0].message


@pytest.mark.parametrize("word", ["提高", "逐步提高", "有所提升", "明显提高"])
def test_a_rate_with_only_a_direction_is_not_quantified_in_any_level(word):
    """Corpus 02 (慈溪): 社区婴幼儿照护服务机构覆盖率 “提高” under 社会效益 cannot be measured (it was
    only an info); a benefit indicator that is not a rate may stay qualitative (info)."""
    from tests.conftest import shared_path

    text = shared_path("corpus/text/02_zhejiang-cixi_goal-targets_2023.txt").read_text(encoding="utf-8")
    assert "覆盖率" in text and "提高" in text
    assert text.count("\n提高\n") == 1
    varied = text.replace("\n提高\n", f"\n{word}\n")
    found = {(f.code, f.subject): f for f in run_checks([read_text(varied, "02.txt")]).findings}
    rate = found[("goal-value-not-quantified", "社区婴幼儿照护服务机构覆盖率")]
    assert rate.severity.value == "warning" and "比率指标应设定百分比目标值" in rate.message and word in rate.message
    renamed = varied.replace("社区婴幼儿照护服务机构覆盖率", "社区婴幼儿照护服务机构覆盖情况")
    codes = {(f.code, f.subject) for f in run_checks([read_text(renamed, "02.txt")]).findings}
    assert ("goal-benefit-qualitative", "社区婴幼儿照护服务机构覆盖情况") in codes
    assert ("goal-value-not-quantified", "社区婴幼儿照护服务机构覆盖情况") not in codes
