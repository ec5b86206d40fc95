"""Evaluation scoring: the 2022 法律援助及12348热线 finance evaluation and the department evaluation.

Expected row scores were computed by hand from the report's own numbers before running the
engine (see the comments); the one row where the report's score cannot follow from its stated
standard (结案归档卷宗规范率) is asserted as a reported disagreement.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.rules import eval_rules
from jixiao.rules.eval_rules import DEFAULT_TIERS, Check
from jixiao.rules.evaluation_schemes import load_evaluation_scheme
from jixiao.rules.measurements import load_measurements
from jixiao.rules.registry import RULES, RuleInput
from jixiao.rules.result import shown
from jixiao.rules.schemefile import SchemeError, load_tree
from jixiao.rules.score_evaluation import (
    find_evaluation_scheme,
    score_evaluation,
)

from .conftest import DATA

MEASUREMENTS = DATA / "legal-aid-2022-measurements.yaml"


@pytest.fixture(scope="module")
def evaluations(accounts_doc):
    by_kind = {e.kind: e for e in accounts_doc.accounts.evaluations}
    return by_kind["department"], by_kind["finance"]


@pytest.fixture(scope="module")
def scheme():
    return find_evaluation_scheme("qingdao-legal-aid-2022")


@pytest.fixture(scope="module")
def measured(evaluations):
    _, finance = evaluations
    return score_evaluation(finance, measurements=load_measurements(MEASUREMENTS))


# ---------------------------------------------------------------------------------------------
# Every row of the finance evaluation, from the measurement file
# ---------------------------------------------------------------------------------------------

# (四级 name, weight, expected computed score as shown, published score in the table)
EXPECTED_ROWS = [
    # 决策
    ("立项依据充分性", "3", "3.00", "3"),  # 5 checks all met
    ("立项程序规范性", "3", "3.00", "3"),  # ①②③ all present
    ("绩效目标合理性", "3", "2.25", "2.25"),  # ③ (normal performance level) failed: 3 × 3/4
    ("绩效指标明确性", "3", "2.00", "2"),  # ② (measurable) failed: 3 × 2/3
    ("预算编制科学性", "4", "4.00", "4"),
    ("资金分配合理性", "4", "4.00", "4"),  # basis 2 + judged match tier 100% of 2
    # 过程
    ("资金到位率", "2", "2.00", "2"),  # 378.5 / 378.5 = 100%
    ("预算执行率", "2", "1.75", "1.75"),  # 368.89/378.5 = 97.4610%: 2.5390 pts × 5% → 2 × (1 − 0.12695) = 1.7461
    ("资金使用合规性", "4", "4.00", "4"),
    ("管理制度健全性", "6", "6.00", "6"),
    ("制度执行有效性", "6", "4.50", "4.5"),  # ④ failed: 6 × 3/4
    # 产出
    ("法律援助案件受理数量完成率", "2", "2.00", "2"),  # 816 / 600 = 136%
    ("调解员日调解案件完成率", "2", "2.00", "2"),  # 7884 / 524 = 15.05 ≥ 15
    ("12348热线值班律师转调解案件数量完成率", "2", "2.00", "2"),  # 7705 / 2483 = 3.10 ≥ 3
    ("结案归档卷宗规范率", "2", "0.00", "1.5"),  # all-or-nothing, not met → 0 (table: 1.5)
    ("案件质量评估覆盖率", "2", "2.00", "2"),
    ("法律援助办案质量优良率", "2", "2.00", "2"),  # 44 / 331 = 13.29% ≥ 10%
    ("法律援助案件合格率", "2", "2.00", "2"),  # 100% ≥ 90%
    ("12348热线接通率", "2", "2.00", "2"),  # 71.55% ≥ 70%
    ("案件办结率", "2", "1.73", "1.73"),  # 331/816 = 40.5637% vs 312/721 = 43.2732%: 2.7095 pts → 1.7290
    ("案件调解成功率", "2", "2.00", "2"),  # 40.32% ≥ 26.52%
    ("法律援助受理申请及时性", "3", "3.00", "3"),  # 0 days late
    ("法律援助案件案卷提交及时性", "3", "0.00", "0"),  # no dates recorded: missing evidence → 0
    ("办案补贴发放标准执行准确率", "3", "3.00", "3"),
    ("法律咨询补贴发放标准执行准确率", "3", "3.00", "3"),
    ("认罪认罚案件法律帮助补贴标准执行准确率", "2", "2.00", "2"),
    # 效益
    ("对公众进行法律援助宣传", "2", "2.00", "2"),  # judged: 2 is tier 好
    ("12348热线服务人次全市占比率", "3", "3.00", "3"),  # 1.80% ≥ 1.47%
    ("挽回受援人经济损失", "3", "2.40", "2.4"),  # 1478.20 / 400 = 369.55%: over +30% → 3 × 80%
    ("举办业务能力培训", "2", "2.00", "2"),  # judged
    ("法律援助机制健全性", "2", "2.00", "2"),  # judged
    ("12348热线机制健全性", "2", "2.00", "2"),  # judged
    ("12348热线满意度", "4", "4.00", "4"),  # 99.68% ≥ 99.64%
    ("法律援助投诉率", "4", "4.00", "4"),  # 0 complaints: cannot be above last year
    ("受援人员满意度", "4", "4.00", "4"),  # 90.48% ≥ 90%
]


def test_every_row_is_computed(measured):
    assert len(measured.items) == 35
    assert [i.name for i in measured.items] == [r[0] for r in EXPECTED_ROWS]


@pytest.mark.parametrize(("name", "weight", "computed", "published"), EXPECTED_ROWS, ids=[r[0] for r in EXPECTED_ROWS])
def test_row(measured, name, weight, computed, published):
    item = next(i for i in measured.items if i.name == name)
    assert item.weight == D(weight)
    assert shown(item.computed) == D(computed)
    assert item.published == D(published)
    assert D(0) <= item.computed <= item.weight
    assert item.source is not None and item.source.line is not None  # matched to its table row


def test_fractional_points_count_proportionally(measured):
    rows = {i.name: i for i in measured.items}
    assert round(rows["预算执行率"].computed, 6) == D("1.746103")
    assert round(rows["案件办结率"].computed, 6) == D("1.729049")


def test_section_subtotals_total_and_grade(measured):
    sections = {s.name: s for s in measured.sections}
    assert [s.name for s in measured.sections] == ["决策", "过程", "产出", "效益"]
    assert {n: s.weight for n, s in sections.items()} == {"决策": 20, "过程": 20, "产出": 34, "效益": 26}
    assert shown(sections["决策"].computed) == D("18.25") and sections["决策"].agrees
    assert shown(sections["过程"].computed) == D("18.25") and sections["过程"].agrees
    assert shown(sections["效益"].computed) == D("25.40") and sections["效益"].agrees
    # 产出: 30.23 published, 28.73 computed — exactly the 1.5 of 结案归档卷宗规范率
    assert sections["产出"].published == D("30.23")
    assert shown(sections["产出"].computed) == D("28.73")
    assert sections["产出"].agrees is False
    assert measured.published_total == D("92.13")
    assert shown(measured.computed_total) == D("90.63")
    assert measured.published_total - measured.computed_total == D("1.5")
    assert measured.agrees is False
    assert measured.grade == "优" and measured.published_grade == "优"
    assert measured.scheme == "qingdao-legal-aid-2022"


def test_only_disagreement_is_case_file_standard(measured):
    disagree = [i for i in measured.items if i.agrees is False]
    assert [i.name for i in disagree] == ["结案归档卷宗规范率"]
    item = disagree[0]
    assert item.computed == 0 and item.published == D("1.5")
    assert "只能得 0 分或 2 分" in item.reason and "1.5 分不是允许的分值" in item.reason
    assert any("各占1/4计分" in n for n in measured.notes)
    # every other row reproduces the table: the 34 rows + the table's 1.5 give 92.13
    others = sum(shown(i.computed) for i in measured.items if i.agrees)
    assert others + D("1.5") == D("92.13")


def test_notes_report_document_inconsistencies(measured):
    notes = "\n".join(measured.notes)
    assert "“资金管理”标为 8 分，但其下各指标权重合计 4 分" in notes
    assert "“组织实施”标为 12 分，但其下各指标权重合计 16 分" in notes
    assert "报告所述 97.47% 与其依据 368.89/378.5 = 97.46% 不符" in notes
    assert "8964.65" in notes
    assert "总分：计算得 90.63 分，报告为 92.13 分" in notes
    assert "测量值文件所记得分" not in notes  # the file's published scores are the table's


def test_judged_rows_are_marked(measured):
    judged = {i.name for i in measured.items if i.judged}
    assert judged == {
        "资金分配合理性",
        "对公众进行法律援助宣传",
        "举办业务能力培训",
        "法律援助机制健全性",
        "12348热线机制健全性",
    }


def test_missing_evidence_is_explained(measured):
    item = next(i for i in measured.items if i.name == "法律援助案件案卷提交及时性")
    assert item.actual == "无法判定"
    assert "未记录交卷日期" in item.explanation and "缺少依据" in item.explanation


def test_table_value_of_recovered_losses_scores_the_same():
    for actual in (D("1478.20"), D("8964.65")):
        r = RULES["eval-linear-below"](
            RuleInput(D(3), measured={"actual": actual}),
            measure="completion",
            target=D(400),
            over_above=D("0.3"),
            over_deduct=D("0.2"),
        )
        assert r.score == D("2.4")


def test_result_serialises(measured):
    data = json.loads(json.dumps(measured.to_dict(), ensure_ascii=False))
    assert data["kind"] == "finance" and data["published_total"] == "92.13" and data["computed_total"] == "90.63"
    assert len(data["items"]) == 35


# ---------------------------------------------------------------------------------------------
# Without measurements; the department evaluation
# ---------------------------------------------------------------------------------------------


def test_finance_from_the_document_alone(evaluations):
    _, finance = evaluations
    r = score_evaluation(finance)
    assert r.scheme == "document"
    assert len(r.items) == 35
    assert all(D(0) <= i.computed <= i.weight and i.agrees for i in r.items)
    sections = {s.name: (s.computed, s.published) for s in r.sections}
    assert sections == {
        "决策": (D("18.25"), D("18.25")),
        "过程": (D("18.25"), D("18.25")),
        "产出": (D("30.23"), D("30.23")),
        "效益": (D("25.40"), D("25.40")),
    }
    assert r.computed_total == D("92.13") and r.agrees is True
    assert r.grade == "优" and r.published_grade == "优"


def test_department_evaluation(evaluations):
    department, _ = evaluations
    r = score_evaluation(department)
    assert r.kind == "department"
    assert [(s.name, s.weight, s.computed) for s in r.sections] == [
        ("决策", 10, D("10")),
        ("过程", 25, D("23.75")),
        ("产出", 25, D("25")),
        ("效益", 40, D("40")),
    ]
    assert r.computed_total == D("98.75") and r.published_total == D("98.75") and r.agrees is True
    assert r.grade == "优" and r.published_grade == "优"
    # each section re-added from the report's item sentences (过程: 1 + 3.75 + 2 + 6 + 5 + 6)
    items = {i.name: i for i in r.items}
    assert items["过程"].computed == D("23.75") and items["过程"].agrees
    assert "预算执行率 3.75" in items["过程"].explanation
    assert all(i.agrees for i in r.items)


# ---------------------------------------------------------------------------------------------
# The shipped scheme
# ---------------------------------------------------------------------------------------------


def test_shipped_scheme(scheme, evaluations):
    _, finance = evaluations
    assert scheme.total_weight == 100
    assert [(s.name, s.weight) for s in scheme.sections] == [("决策", 20), ("过程", 20), ("产出", 34), ("效益", 26)]
    assert len(scheme.items) == 35
    table = {row.name: row.weight for row in finance.score_table}
    assert {i.name: i.weight for i in scheme.items} == table
    assert scheme.grade(D("90")) == "优" and scheme.grade(D("89.99")) == "良"
    assert scheme.grade(D("70")) == "中" and scheme.grade(D("69.99")) == "差"
    assert load_evaluation_scheme(load_tree("jixiao/schemes/qingdao-legal-aid-2022.yaml")).name == scheme.name


def test_sum_of_exact_scores_gives_the_same_total(evaluations, scheme):
    from dataclasses import replace

    _, finance = evaluations
    exact = replace(scheme, sum_of="exact")
    r = score_evaluation(finance, exact, load_measurements(MEASUREMENTS))
    assert shown(r.computed_total) == D("90.63")
    assert r.computed_total != shown(r.computed_total)  # exact: 90.625... not rounded per row


# ---------------------------------------------------------------------------------------------
# Each rule at its boundaries
# ---------------------------------------------------------------------------------------------


def _run(name, weight, measured=None, published=None, **params):
    return RULES[name](RuleInput(D(weight), published=published, measured=measured or {}), **params)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("1", "2"), ("1.2", "2"), ("0.99", "1.9"), ("0.9747", "1.747"), ("0.81", "0.1"), ("0.8", "0"), ("0.5", "0")],
)
def test_linear_below(actual, expected):
    assert _run("eval-linear-below", 2, {"actual": D(actual)}).score == D(expected)


@pytest.mark.parametrize(("fraction", "expected"), [("exact", "1.747"), ("floor", "1.8"), ("ceil", "1.7")])
def test_linear_below_fraction_modes(fraction, expected):
    # only "exact" reproduces the published 1.75 for 97.47%
    assert _run("eval-linear-below", 2, {"actual": D("0.9747")}, fraction=fraction).score == D(expected)


def test_linear_below_step_and_completion():
    # "每下降10个百分点扣1分" style: 15 points short with step 10 → ceil: 2 steps
    assert (
        _run("eval-linear-below", 5, {"actual": D("0.85")}, per_point=D("0.2"), step=D(10), fraction="ceil").score == 3
    )
    assert _run("eval-linear-below", 2, {"actual": D(540)}, measure="completion", target=D(600)).score == 1
    assert _run("eval-linear-below", 2, {"actual": D(540)}, measure="completion").score == 0  # no target
    assert _run("eval-linear-below", 2, {"actual": D(15), "target": D(15)}, measure="completion").score == 2


@pytest.mark.parametrize(("actual", "expected"), [("400", "3"), ("520", "3"), ("520.04", "2.4"), ("399", "2.9625")])
def test_over_deviation_boundary(actual, expected):
    params = {"measure": "completion", "target": D(400), "over_above": D("0.3"), "over_deduct": D("0.2")}
    assert _run("eval-linear-below", 3, {"actual": D(actual)}, **params).score == D(expected)
    if actual != "399":
        assert _run("eval-over-deviation", 3, {"actual": D(actual)}, target=D(400)).score == D(expected)


@pytest.mark.parametrize(
    ("actual", "previous", "direction", "basis", "expected"),
    [
        ("0.4327", "0.4327", "higher", "points", "2"),
        ("0.4056", "0.4327", "higher", "points", "1.729"),
        ("0.4056", "0.4327", "higher", "relative", "1.3737"),
        ("0.01", "0.005", "lower", "points", "1.95"),
        ("0.005", "0.01", "lower", "points", "2"),
        ("0.2", "0.5", "higher", "points", "0"),
    ],
)
def test_previous_year(actual, previous, direction, basis, expected):
    r = _run("eval-previous-year", 2, {"actual": D(actual), "previous": D(previous)}, direction=direction, basis=basis)
    assert round(r.score, 4) == D(expected)


def test_previous_year_missing_previous():
    assert _run("eval-previous-year", 4, {"actual": D(0)}, direction="lower").score == 4
    r = _run("eval-previous-year", 4, {"actual": D("0.01")}, direction="lower")
    assert r.score == 0 and "上年度值无法确定" in r.explanation


@pytest.mark.parametrize(
    ("measured", "expected"),
    [({"actual": D(1)}, "2"), ({"actual": D("0.9999")}, "0"), ({"met": True}, "2"), ({"met": False}, "0"), ({}, "0")],
)
def test_all_or_nothing(measured, expected):
    assert _run("eval-all-or-nothing", 2, measured).score == D(expected)


PROCEDURE = (
    Check("①", critical=True),
    Check("②", deduct=eval_rules.Fraction(1, 3)),
    Check("③", eval_rules.Fraction(1, 3)),
)
COMPLIANCE = (Check("①", critical=True), Check("②", eval_rules.Fraction(1, 4)), Check("③", critical=True),
              Check("④", critical=True))  # fmt: skip


@pytest.mark.parametrize(
    ("checks", "results", "expected"),
    [
        (tuple(Check(str(i)) for i in range(5)), (True, True, False, True, True), "2.4"),
        (tuple(Check(str(i)) for i in range(5)), (False,) * 5, "0"),
        (tuple(Check(str(i)) for i in range(3)), (True, None, True), "2"),  # None: not judged → not met
        (PROCEDURE, (True, True, True), "3"),
        (PROCEDURE, (True, False, True), "2"),
        (PROCEDURE, (True, False, False), "1"),
        (PROCEDURE, (False, True, True), "0"),
        (COMPLIANCE, (True, False, True, True), "3"),
        (COMPLIANCE, (True, True, False, True), "0"),
        (COMPLIANCE, (True, False, True, False), "0"),
    ],
)
def test_check_points(checks, results, expected):
    assert _run("eval-check-points", 3 if len(checks) != 4 else 4, {"checks": results}, checks=checks).score == D(
        expected
    )


def test_evaluators_reading_of_case_files_is_a_check_list():
    """The 评分说明 scored 结案归档 as four aspects of its 指标解释 with one failing: 1.5, not the standard's 0."""
    r = _run("eval-check-points", 2, {"checks": (True, True, True, False)}, checks=tuple(Check(c) for c in "ABCD"))
    assert r.score == D("1.5")


def test_expert_tier():
    assert _run("eval-expert-tier", 2, {"tier": "较好"}).score == D("1.5")
    assert _run("eval-expert-tier", 2, {"tier": D("0.25")}).score == D("0.5")
    accepted = _run("eval-expert-tier", 2, published=D("1.5"))
    assert accepted.score == D("1.5") and accepted.judged and accepted.band == (D(0), D(2))
    rejected = _run("eval-expert-tier", 2, published=D("1.6"))
    assert rejected.score == D("1.5") and "不是允许的档次" in rejected.explanation
    default = _run("eval-expert-tier", 2)
    assert default.score == 0 and "按方案默认" in default.explanation
    assert _run("eval-expert-tier", 2, default=D("0.5")).score == 1


def test_basis_and_tier():
    assert _run("eval-basis-and-tier", 4, {"checks": (True,), "tier": D("0.75")}).score == D("3.5")
    assert _run("eval-basis-and-tier", 4, {"checks": (False,), "tier": D("1")}).score == D("2")
    assert _run("eval-basis-and-tier", 4, {"checks": (True,)}, published=D(4)).judged
    r = _run("eval-basis-and-tier", 4, {"checks": (True,)}, published=D("3.3"))
    assert r.score == D("3") and "不是允许的档次" in r.explanation
    assert _run("eval-basis-and-tier", 4, {"checks": (False,)}, published=D(4)).score == D(2)  # basis missing: max 2


@pytest.mark.parametrize(("days", "expected"), [("0", "3"), ("1", "2.85"), ("3", "2.55"), ("20", "0"), ("25", "0")])
def test_days_late(days, expected):
    assert _run("eval-days-late", 3, {"days_late": D(days)}).score == D(expected)


def test_unknown_uses_scheme_default():
    assert _run("eval-days-late", 3, {"unknown": True}).score == 0
    assert _run("eval-days-late", 3, {"unknown": True}, unknown=D("0.5")).score == D("1.5")
    assert _run("eval-linear-below", 2, {"unknown": True}).score == 0


def test_published_rule_clamps():
    assert _run("eval-published", 2, published=D("2.5")).score == 2
    assert _run("eval-published", 2, published=D("-1")).score == 0
    assert _run("eval-published", 2).score == 0


# ---------------------------------------------------------------------------------------------
# Property: every rule's score lies in [0, weight]
# ---------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=5, places=4, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
shares = st.decimals(min_value=0, max_value=1, places=3, allow_nan=False, allow_infinity=False)
measured_values = st.fixed_dictionaries(
    {},
    optional={
        "actual": amounts,
        "previous": amounts,
        "target": st.decimals(min_value="0.01", max_value=1000, places=2),
        "checks": st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=6).map(tuple),
        "tier": st.one_of(shares, st.sampled_from([t for t, _ in DEFAULT_TIERS] + ["无此档"])),
        "days_late": st.decimals(min_value=0, max_value=40, places=1),
        "met": st.booleans(),
        "unknown": st.booleans(),
    },
)
rule_params = {
    "eval-linear-below": st.fixed_dictionaries(
        {},
        optional={
            "benchmark": shares,
            "per_point": shares,
            "step": st.decimals(min_value="0.5", max_value=10, places=1),
            "fraction": st.sampled_from(["exact", "floor", "ceil"]),
            "measure": st.sampled_from(["rate", "completion"]),
            "over_above": shares,
            "over_deduct": shares,
        },
    ),
    "eval-over-deviation": st.fixed_dictionaries({"target": st.decimals(min_value=1, max_value=500, places=1)}),
    "eval-previous-year": st.fixed_dictionaries(
        {},
        optional={
            "direction": st.sampled_from(["higher", "lower"]),
            "per_point": shares,
            "basis": st.sampled_from(["points", "relative"]),
            "fraction": st.sampled_from(["exact", "floor", "ceil"]),
        },
    ),
    "eval-all-or-nothing": st.fixed_dictionaries({}, optional={"benchmark": shares}),
    "eval-check-points": st.fixed_dictionaries(
        {
            "checks": st.lists(st.builds(Check, st.just("x"), st.none(), st.booleans()), min_size=1, max_size=5).map(
                tuple
            )
        }
    ),
    "eval-expert-tier": st.fixed_dictionaries({}, optional={"default": shares}),
    "eval-basis-and-tier": st.fixed_dictionaries({}, optional={"basis_share": shares, "default": shares}),
    "eval-days-late": st.fixed_dictionaries({}, optional={"per_day": shares, "unknown": shares}),
    "eval-published": st.just({}),
}


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(rule_params)),
    data=st.data(),
    weight=weights,
    measured=measured_values,
    published=st.one_of(st.none(), st.decimals(min_value=-5, max_value=25, places=2)),
)
def test_every_rule_stays_within_weight(name, data, weight, measured, published):
    params = data.draw(rule_params[name])
    r = RULES[name](RuleInput(weight, published=published, measured=measured), **params)
    assert D(0) <= r.score <= weight
    assert isinstance(r.explanation, str) and r.explanation


@settings(max_examples=100, deadline=None)
@given(low=amounts, high=amounts, weight=weights)
def test_linear_below_never_falls_when_the_rate_rises(low, high, weight):
    low, high = min(low, high), max(low, high)
    a = _run("eval-linear-below", weight, {"actual": low}).score
    b = _run("eval-linear-below", weight, {"actual": high}).score
    assert a <= b


# ---------------------------------------------------------------------------------------------
# Bad files: Chinese errors with the right line
# ---------------------------------------------------------------------------------------------

GOOD_SCHEME = """\
kind: evaluation
name: tiny
sections:
  - name: 决策
    weight: 5
    children:
      - name: 项目立项
        children:
          - name: 立项依据充分性
            weight: 3
            rule: eval-check-points
            params:
              checks: [甲, 乙, 丙]
          - name: 资金到位率
            weight: 2
            rule: eval-linear-below
            params: {benchmark: 100%, per_point: 5%}
"""


def _scheme(text):
    return load_evaluation_scheme(load_tree("tiny.yaml", text))


def test_good_small_scheme():
    s = _scheme(GOOD_SCHEME)
    assert [i.name for i in s.items] == ["立项依据充分性", "资金到位率"]
    assert s.items[1].params["per_point"] == D("0.05")
    assert any("不是 100 分" in n for n in s.notes)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("            weight: 2\n", "            weigth: 2\n", 15, "未知的项"),
        ("rule: eval-linear-below", "rule: eval-linear-bellow", 16, "未知的评分规则“eval-linear-bellow”"),
        ("per_point: 5%}", "per_point: 五%}", 17, "应为百分数"),
        ("    weight: 5\n", "    weight: 6\n", 5, "下级指标权重合计 5"),
        ("checks: [甲, 乙, 丙]", "checks: []", 13, "至少要有一个检查点"),
        ("          - name: 资金到位率", "          - name: 立项依据充分性", 14, "重复"),
        ("kind: evaluation", "kind: self", 1, "不是评价方案"),
        ("      - name: 项目立项\n", "      - name: 项目立项\n       bad\n", 8, "格式错误"),
    ],
)
def test_bad_scheme_file(old, new, line, words):
    assert old in GOOD_SCHEME
    with pytest.raises(SchemeError) as e:
        _scheme(GOOD_SCHEME.replace(old, new, 1))
    assert e.value.line == line, str(e.value)
    assert words in str(e.value) and f"第{line}行" in str(e.value)


GOOD_MEASUREMENTS = """\
kind: measurements
scheme: tiny
items:
  立项依据充分性:
    checks: [true, true, false]
  资金到位率:
    actual: 97%
    evidence: 到位率97%
"""


def _measure(text):
    return load_measurements("m.yaml", text)


def test_small_measurements_score(evaluations):
    _, finance = evaluations
    r = score_evaluation(finance, _scheme(GOOD_SCHEME), _measure(GOOD_MEASUREMENTS))
    assert [shown(i.computed) for i in r.items] == [D("2.00"), D("1.70")]
    assert r.computed_total == D("3.70")
    assert any("不在方案“tiny”中" in n for n in r.notes)  # the table's other 33 rows


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("  资金到位率:", "  资金到位律:", 6, "没有名为“资金到位律”的指标"),
        ("actual: 97%", "actual: 九七%", 7, "应为数字或百分数"),
        ("checks: [true, true, false]", "checks: [true, false]", 4, "有 3 个检查点，测量值 checks 给出了 2 个"),
        ("    actual: 97%\n", "    actual_off: 97%\n", 7, "未知的项"),
        ("    actual: 97%\n", "    evidence2: x\n", 7, "未知的项"),
        ("checks: [true, true, false]", "checks: [true, 是, false]", 5, "应为是/否"),
        ("kind: measurements", "kind: evaluation", 1, "不是测量值文件"),
    ],
)
def test_bad_measurement_file(evaluations, old, new, line, words):
    _, finance = evaluations
    assert old in GOOD_MEASUREMENTS
    with pytest.raises(SchemeError) as e:
        score_evaluation(finance, _scheme(GOOD_SCHEME), _measure(GOOD_MEASUREMENTS.replace(old, new, 1)))
    assert e.value.line == line, str(e.value)
    assert words in str(e.value) and f"第{line}行" in str(e.value)


def test_measurement_missing_what_the_rule_needs(evaluations):
    _, finance = evaluations
    text = GOOD_MEASUREMENTS.replace("    actual: 97%\n", "")
    with pytest.raises(SchemeError) as e:
        score_evaluation(finance, _scheme(GOOD_SCHEME), _measure(text))
    assert e.value.line == 6 and "需要给出 actual" in str(e.value)


def test_ratio_of_zero_denominator_is_an_error():
    with pytest.raises(SchemeError) as e:
        _measure(GOOD_MEASUREMENTS.replace("actual: 97%", "actual_of: [1, 0]"))
    assert e.value.line == 7 and "分母不能为0" in str(e.value)


# ---------------------------------------------------------------------------------------------
# Robustness: a damaged report never makes the engine raise
# ---------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_damaged_report_never_raises(evaluations, data):
    from dataclasses import replace

    _, finance = evaluations
    rows = list(finance.score_table)
    keep = data.draw(st.lists(st.sampled_from(range(len(rows))), max_size=len(rows), unique=True))
    damaged = []
    for i in sorted(keep):
        row = rows[i]
        if data.draw(st.booleans()):
            row = replace(row, score=data.draw(st.one_of(st.none(), st.decimals(min_value=-9, max_value=99, places=2))))
        if data.draw(st.booleans()):
            row = replace(row, weight=None)
        damaged.append(row)
    sections = finance.sections if data.draw(st.booleans()) else ()
    broken = replace(finance, score_table=tuple(damaged), sections=sections, total=None)
    for result in (score_evaluation(broken), score_evaluation(broken, measurements=load_measurements(MEASUREMENTS))):
        assert all(D(0) <= i.computed <= i.weight for i in result.items)
        assert result.grade in ("优", "良", "中", "差")


def test_a_measurement_file_is_matched_to_its_report_by_one_rule():
    """CLI, report and demo all ask ``measurements_for``: an exact title first, else a title naming it in part,
    with spaces and full/half widths folded (the seed's report is "…法律援助及12348热线…")."""
    from jixiao.rules.measurements import Measurements, measurements_for

    seed = load_measurements(DATA / "legal-aid-2022-measurements.yaml")
    title = "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    spaced = Measurements("b.yaml", None, "2022年度法律援助及 12348 热线项目支出财政绩效评价报告")
    assert seed.names(title) and spaced.names(title) and spaced.names(title.replace("12348", "１２３４８"))
    assert not seed.names("2022年度普法经费评价报告") and not Measurements("c", None, None).names(title)
    short = "法律援助及12348热线项目支出财政绩效评价报告"  # the seed's file names it in part (with the year)
    exact = Measurements("a.yaml", None, short)
    assert seed.names(short) and measurements_for(short, [seed, exact]) is exact  # exact before partial
    assert measurements_for("无关报告", [seed, exact]) is None
