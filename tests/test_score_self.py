"""Self-evaluation scoring: schemes, rules and the engine, against the 12 forms of seed 002.

Expected values were computed by hand from the forms' own rows (see the comments), not taken
from the engine. A form whose computed total differs from its printed 总分 is a finding about
the form, asserted as such.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.grammar import parse_target
from jixiao.model.selfeval import Figure, IndicatorResult
from jixiao.model.source import Source
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.rules import execution_rules, self_rules, tier_rules
from jixiao.rules.registry import RuleInput
from jixiao.rules.result import shown
from jixiao.rules.schemes import SchemeError, SelfScheme, load_scheme, shipped_schemes
from jixiao.rules.score_self import indicator_type, score_self_evaluation, score_self_evaluations

D = Decimal
EIGHT = D("0.00000001")
SCHEME_2020 = Path(__file__).parent.parent / "jixiao" / "schemes" / "mof-2020-10.yaml"


def by_project(results):
    return {r.project.replace(" ", ""): r for r in results}


@pytest.fixture(scope="module")
def scored_2020(accounts_doc):
    return by_project(score_self_evaluations(accounts_doc.accounts, "mof-2020-10"))


@pytest.fixture(scope="module")
def scored_101(accounts_doc):
    return by_project(score_self_evaluations(accounts_doc.accounts, "mof-2021-101"))


def item(result, name):
    matches = [i for i in result.items if i.name == name]
    assert len(matches) == 1, name
    return matches[0]


# -- the 12 forms under mof-2020-10 (reverse formula: ratio) -----------------------------------------------

# project: (computed total to 8 decimals, printed 总分, agrees at 2 decimals)
TOTALS_2020 = {
    # 10 + items 10+10+10+10+5+5+30 = 80: the form has no 满意度 row but prints 小计 90 and 总分 100
    "法律培训费": ("90.00000000", "100", False),
    # 4.4586/4.4586 → 10; every item 0
    "法律职业资格考试费": ("10.00000000", "10", True),
    # 180.6692/188.4 × 10 = 9.58966030 + items 60 (效益 block is an empty placeholder, 小计 says 90)
    "法治专项业务费": ("69.58966030", "99.5896603", False),
    # 50/50 → 10; items 90 (the 效益 row 30 has no printed 得分)
    "惠企法律服务费": ("100.00000000", "100", True),
    # 10 + 10 × 36106/38000 = 9.50157895 + 80
    "警用服装费": ("99.50157895", "99.5", True),
    "普法人民监督员涉法涉诉专项经费": ("100.00000000", "100", True),
    # 10 + items 90 (小计 prints 100)
    "市司法局指挥中心建设项目": ("100.00000000", "100", True),
    "青岛市公共法律服务中心修缮项目": ("100.00000000", "100", True),
    # 20.88535/21.5 × 10 = 9.71411628 + 90
    "李村华人监狱修缮项目前期费": ("99.71411628", "99.71411628", True),
    # 371.144109/401 × 10 = 9.25546406 + 90
    "国家文物保护专项资金": ("99.25546406", "99.25546406", True),
    # 369.27/378.5 × 10 = 9.75614267 + 90
    "法律援助及12348业务费": ("99.75614267", "99.75614267", True),
    # 37.74/37.8 × 10 = 9.98412698 + 90; the form gives 有责投诉数 29.7 where ≤10 vs 3 scores 30
    "公共法律服务中心运行费": ("99.98412698", "99.68412698", False),
}


def test_all_twelve_forms_are_scored(scored_2020):
    assert set(scored_2020) == set(TOTALS_2020)


@pytest.mark.parametrize("project", list(TOTALS_2020))
def test_total_under_mof_2020_10(scored_2020, project):
    computed, published, agrees = TOTALS_2020[project]
    result = scored_2020[project]
    assert result.computed_total.quantize(EIGHT) == D(computed)
    assert result.published_total == D(published)
    assert result.agrees is agrees
    assert result.scheme == "mof-2020-10"
    assert result.kind == "self"
    assert result.year == 2022


def test_only_one_item_disagrees_under_mof_2020_10(scored_2020):
    disagreeing = {(p, i.name) for p, r in scored_2020.items() for i in r.items if i.agrees is False}
    assert disagreeing == {("公共法律服务中心运行费", "有责投诉数")}


def test_complaints_reverse_ratio_gives_30_not_the_printed_29_7(scored_2020):
    complaints = item(scored_2020["公共法律服务中心运行费"], "有责投诉数")
    assert complaints.rule == "reverse"
    assert complaints.weight == D(30)
    assert complaints.computed == D(30)  # ≤10 人次, actual 3 人次: min(10/3, 1) × 30
    assert complaints.published == D("29.7")
    assert complaints.reason is not None
    assert "计算得分30" in complaints.reason and "表中得分29.7" in complaints.reason


def test_uniform_purchases_positive_proportional(scored_2020):
    uniforms = item(scored_2020["警用服装费"], "警用被服采购数量")
    assert uniforms.rule == "positive"
    assert uniforms.computed.quantize(D("0.0001")) == D("9.5016")  # 10 × 36106/38000
    assert shown(uniforms.computed) == D("9.50")
    assert uniforms.published == D("9.5")
    assert uniforms.agrees is True
    assert uniforms.target == "≥38000件(套)" and uniforms.actual == "36106"
    execution = item(scored_2020["警用服装费"], "预算执行率")
    assert execution.computed == D(10) and execution.published == D(10)


def test_legal_affairs_execution_without_printed_score(scored_2020):
    result = scored_2020["法治专项业务费"]
    execution = item(result, "预算执行率")
    assert execution.computed.quantize(EIGHT) == D("9.58966030")
    assert execution.published is None and execution.agrees is None
    assert execution.target == "调整后预算数 188.4" and execution.actual == "全年执行数 180.6692"
    assert "小计分值为90，各指标分值合计为60" in result.notes
    assert "小计得分为90，各指标得分合计为60" in result.notes
    assert "表中没有一级指标“效益指标”（方案“项目支出绩效自评（财预〔2020〕10号）”规定为30分）" in result.notes
    assert result.grade == "中"  # 69.59
    assert result.published_grade == "优"


def test_exam_fee_items_are_judged_or_zero(scored_2020):
    result = scored_2020["法律职业资格考试费"]
    assert result.computed_total == D(10)
    assert [shown(i.computed) for i in result.items] == [D("10.00")] + [D("0.00")] * 7
    seat = item(result, "考试机位费每次")
    assert seat.judged is True
    assert seat.explanation == "实际完成值“未安排”不是数值，无法按公式计算，采用表中得分"
    orderly = item(result, "考试组织有序，顺利完成各项考务工作")
    assert orderly.rule == "qualitative-tiers" and orderly.band == (D(0), D(6))
    assert orderly.judged is True and orderly.agrees is True
    assert result.grade == "差" and result.published_grade == "差"


def test_command_centre_weights_sum_to_110(scored_2020):
    result = scored_2020["市司法局指挥中心建设项目"]
    assert result.agrees is True
    assert "小计分值100加预算执行率分值10合计为110，不是100" in result.notes
    assert "小计分值为100，各指标分值合计为90" in result.notes
    assert "一级指标“产出指标”各项分值合计80，方案“项目支出绩效自评（财预〔2020〕10号）”规定为50" in result.notes


def test_training_fee_total_printed_100_but_rows_give_90(scored_2020):
    result = scored_2020["法律培训费"]
    assert result.computed_total == D(90)
    assert "表中总分100与预算执行率得分及各指标得分之和90不一致" in result.notes
    assert "表中没有一级指标“满意度指标”（方案“项目支出绩效自评（财预〔2020〕10号）”规定为10分）" in result.notes
    assert result.grade == "优" and result.published_grade == "优"


def test_business_service_row_without_printed_score(scored_2020):
    result = scored_2020["惠企法律服务费"]
    services = item(result, "为社会企业提供各类惠企咨询、审查、调研、政策解读等服务")
    assert services.published is None and services.agrees is None
    assert services.computed == D(30)  # ≥500/月次 vs 600
    assert any(n.startswith("小计得分为90，各指标得分合计为60") for n in result.notes)


def test_over_performance_is_noted_at_130_percent(scored_2020):
    notes = scored_2020["法律援助及12348业务费"].notes
    assert "“间接经济效益”：实际完成值为目标的369.5%（≥130%），未填写偏差原因分析" in notes
    assert "“律师承办法律援助案件数量”：实际完成值为目标的135%（≥130%），未填写偏差原因分析" in notes
    assert not any("援助对象满意度" in n for n in notes)  # 99% vs 80%: 123.75%


def test_published_grades_come_from_the_summary_table(scored_2020):
    grades = {p: r.published_grade for p, r in scored_2020.items()}
    assert grades["法律职业资格考试费"] == "差"
    assert sum(1 for g in grades.values() if g == "优") == 11


def test_printed_execution_rates_agree_and_a_wrong_one_is_noted(accounts_doc, scored_2020):
    assert not any("执行率“" in n for r in scored_2020.values() for n in r.notes)
    form = next(f for f in accounts_doc.accounts.self_evaluations if f.project == "法律援助及 12348 业务费")
    line = form.budget_lines[0]
    wrong = dataclasses.replace(line, rate=Figure("0.9757", D("0.9757"), line.source))
    changed = dataclasses.replace(form, budget_lines=(wrong, *form.budget_lines[1:]))
    result = score_self_evaluation(changed, "mof-2020-10")
    assert "表中执行率“0.9757”与全年执行数÷预算数 = 0.97561427不一致" in result.notes


def test_the_total_line_is_one_rule_of_the_model(accounts_doc):
    from jixiao.model.selfeval import find_total_line
    from jixiao.rules import score_self

    forms = accounts_doc.accounts.self_evaluations
    assert forms and all(f.total_line is f.budget_lines[0] and f.total_line.name == "年度资金总额" for f in forms)
    assert all(score_self._total_line(f) is f.total_line for f in forms)  # the alias rules/batch.py imports
    form = forms[0]
    first, *rest = form.budget_lines
    moved = dataclasses.replace(form, budget_lines=(*rest, dataclasses.replace(first, name="年度资金 总额")))
    assert moved.total_line.name == "年度资金 总额"  # found by name wherever it is printed, spaces aside
    summed = dataclasses.replace(form, budget_lines=(*rest, dataclasses.replace(first, name="合计")))
    assert summed.total_line.name == "合计"
    unnamed = dataclasses.replace(form, budget_lines=tuple(dataclasses.replace(b, name="资金") for b in form.budget_lines))
    assert unnamed.total_line is unnamed.budget_lines[0]  # no name says so: the first row, where forms print it
    assert dataclasses.replace(form, budget_lines=()).total_line is None
    assert find_total_line([]) is None


def test_result_serialises_to_json(scored_2020):
    data = json.loads(json.dumps(scored_2020["公共法律服务中心运行费"].to_dict(), ensure_ascii=False))
    assert data["computed_total"] == "99.98" and data["published_total"] == "99.68412698"
    assert data["agrees"] is False
    names = [i["name"] for i in data["items"]]
    assert names[0] == "预算执行率" and "有责投诉数" in names
    assert [s["name"] for s in data["sections"]] == ["项目预算执行情况", "产出指标", "效益指标", "满意度指标"]


# -- the same forms under mof-2021-101 ------------------------------------------------------------------------

TOTALS_101 = {
    "法律培训费": "90",  # completed (17/17) → 10, items 80
    "法律职业资格考试费": "10",
    "法治专项业务费": "65",  # 95.9% not completed → 7; items 50; 当事人满意度 80% → 8
    "惠企法律服务费": "98",  # 满意度 80% → 8
    "警用服装费": "98.75394737",  # 10 + (0.95015789 − 0.6)/0.4 × 10 = 8.75394737 + 80
    "普法人民监督员涉法涉诉专项经费": "98",
    "市司法局指挥中心建设项目": "100",
    "青岛市公共法律服务中心修缮项目": "100",
    "李村华人监狱修缮项目前期费": "97",  # 97.1% → 7
    "国家文物保护专项资金": "97",
    "法律援助及12348业务费": "97",
    "公共法律服务中心运行费": "97",
}


@pytest.mark.parametrize("project", list(TOTALS_101))
def test_total_under_mof_2021_101(scored_101, project):
    assert scored_101[project].computed_total.quantize(EIGHT) == D(TOTALS_101[project]).quantize(EIGHT)
    assert scored_101[project].scheme == "mof-2021-101"


def test_101_rules_on_seed_items(scored_101):
    uniforms = item(scored_101["警用服装费"], "警用被服采购数量")
    assert uniforms.rule == "threshold" and uniforms.agrees is False
    satisfaction = item(scored_101["法治专项业务费"], "当事人满意度")
    assert satisfaction.rule == "satisfaction-bands" and satisfaction.computed == D(8)
    execution = item(scored_101["法律援助及12348业务费"], "预算执行率")
    assert execution.rule == "execution-tiered" and execution.computed == D(7)
    assert "按方案“项目支出绩效自评（财预〔2021〕101号）”权重组“无满意度指标”核对一级指标权重" in scored_101["法律培训费"].notes
    assert "按方案“项目支出绩效自评（财预〔2021〕101号）”权重组“无成本指标”核对一级指标权重" in scored_101["警用服装费"].notes


# -- scheme variants (parameters change the result) ------------------------------------------------------------


def variant(old: str, new: str) -> SelfScheme:
    text = SCHEME_2020.read_text(encoding="utf-8")
    assert old in text
    scheme = load_scheme("variant.yaml", text=text.replace(old, new))
    assert isinstance(scheme, SelfScheme)
    return scheme


def forms(accounts_doc):
    return {f.project.replace(" ", ""): f for f in accounts_doc.accounts.self_evaluations}


def test_execution_base_initial(accounts_doc):
    scheme = variant("  base: adjusted ", "  base: initial ")
    result = score_self_evaluation(forms(accounts_doc)["惠企法律服务费"], scheme)
    execution = item(result, "预算执行率")
    assert execution.computed == D(5)  # 50 ÷ 年初预算数 100
    assert execution.published == D(10) and execution.agrees is False
    assert execution.target == "年初预算数 100"


def test_over_performance_deduct(accounts_doc):
    scheme = variant("  mode: explain-at-130", "  mode: deduct")
    result = score_self_evaluation(forms(accounts_doc)["法律援助及12348业务费"], scheme)
    assert item(result, "律师承办法律援助案件数量").computed == D("9.5")  # 810/600 = 1.35: 10 − 0.05 × 10
    assert item(result, "间接经济效益").computed == D(0)  # 1478/400 = 3.695: 10 − 23.95 → 0
    assert "“律师承办法律援助案件数量”：实际完成值为目标的135%，按偏离度扣减0.5分" in result.notes


def test_reverse_linear_formula():
    scheme = variant("    formula: ratio", "    formula: linear")
    assert scheme.indicators["reverse"].params == {"formula": "linear"}
    target, actual = parse_target("≤10 人次").value, parse_target("15 人次").value
    linear = self_rules.reverse(RuleInput(D(30), target, actual), formula="linear")
    ratio = self_rules.reverse(RuleInput(D(30), target, actual), formula="ratio")
    assert linear.score == D(15)  # 30 × (1 − 5/10)
    assert ratio.score == D(20)  # 30 × 10/15
    assert self_rules.reverse(RuleInput(D(30), target, parse_target("20 人次").value), formula="linear").score == 0


# -- rules on their own ---------------------------------------------------------------------------------------


def tv(text: str) -> TargetValue:
    return parse_target(text).value


def test_compare_units():
    pair = self_rules.compare(tv("≥90%"), tv("0.95"))
    assert isinstance(pair, self_rules.Pair) and (pair.a, pair.b) == (D("0.9"), D("0.95"))
    pair = self_rules.compare(tv("≥3 次"), tv("4"))
    assert isinstance(pair, self_rules.Pair) and (pair.a, pair.b, pair.unit) == (D(3), D(4), "次")
    pair = self_rules.compare(tv("≤2年"), tv("18个月"))
    assert isinstance(pair, self_rules.Pair) and (pair.a, pair.b) == (D(24), D(18))
    assert (
        self_rules.compare(tv("≤80 元"), tv("0.5 万元"))
        == "单位不一致（年度指标值为“元”，实际完成值为“万元”），无法按公式计算"
    )
    assert self_rules.compare(tv("100%"), tv("无")) == "实际完成值“无”不是数值，无法按公式计算"
    assert self_rules.compare(tv(""), tv("已完成")) == "年度指标值为空，无法按公式计算"


def test_equal_zero_target():
    w = D(10)
    assert self_rules.equal(RuleInput(w, tv("0 起"), tv("0 起"))).score == w
    assert self_rules.equal(RuleInput(w, tv("0 起"), tv("1 起"))).score == 0


def test_deadline():
    w = D(5)
    assert tier_rules.deadline(RuleInput(w, tv("2023年10月底"), tv("2023年10月20日"))).score == w
    assert tier_rules.deadline(RuleInput(w, tv("2023年10月底"), tv("2023年10月"))).score == w
    late = tier_rules.deadline(RuleInput(w, tv("2023年10月底"), tv("2023年11月5日")))
    assert late.score == 0 and "延后5天" in late.explanation
    per_day = tier_rules.deadline(
        RuleInput(w, tv("2023年10月底"), tv("2023年11月5日")), late="per-day", per_day=D("0.05")
    )
    assert per_day.score == D("3.75")
    assert tier_rules.deadline(RuleInput(w, tv("2023年10月底"), tv("按时完成"), D(5))).judged is True


def test_qualitative_tiers_band_and_default():
    w = D(10)
    inside = tier_rules.qualitative_tiers(RuleInput(w, tv("有序组织"), tv("部分完成"), D(7)))
    assert inside.score == D(7) and inside.band == (D(6), D(8)) and inside.judged
    outside = tier_rules.qualitative_tiers(RuleInput(w, tv("有序组织"), tv("部分完成"), D(9)))
    assert outside.score == D(6) and "不在区间内" in outside.explanation
    default = tier_rules.qualitative_tiers(RuleInput(w, tv("有序组织"), tv("已完成")))
    assert default.score == w and "按方案默认取10分" in default.explanation
    unknown = tier_rules.qualitative_tiers(RuleInput(w, tv("有序组织"), tv("另行安排"), D(3)))
    assert unknown.band == (D(0), w) and unknown.score == D(3)
    assert tier_rules.infer_tier(tv("未完成"), None)[0] == 2
    assert tier_rules.infer_tier(tv("无"), tv("有序组织"))[0] == 2
    assert tier_rules.infer_tier(tv("无"), tv("无重大安全事故"))[0] == 0


def test_satisfaction_bands_and_threshold():
    w = D(10)
    assert self_rules.satisfaction_bands(RuleInput(w, tv("≥80%"), tv("79.9%"))).score == D(5)
    assert self_rules.satisfaction_bands(RuleInput(w, tv("≥80%"), tv("90%"))).score == D(10)
    assert self_rules.satisfaction_bands(RuleInput(w, tv("≥80%"), tv("59%"))).score == 0
    assert self_rules.threshold(RuleInput(w, tv("≥100 次"), tv("59"))).score == 0
    assert self_rules.threshold(RuleInput(w, tv("≥100 次"), tv("80"))).score == D(5)


def test_execution_tiered():
    w = D(10)

    def run(budget, executed, **params):
        measured = {"adjusted": D(budget), "executed": D(executed)}
        return execution_rules.execution_tiered(RuleInput(w, measured=measured), **params).score

    assert run("100", "100") == 10
    assert run("100", "85") == 7
    assert run("100", "65") == 5
    assert run("100", "59") == 0
    assert run("100", "85", completed="yes") == 10
    assert run("100", "120", completed="yes") == 7  # completed but over budget


def test_indicator_type():
    assert indicator_type(tv("≥3 次")) == "positive"
    assert indicator_type(tv("≤2年")) == "reverse"
    assert indicator_type(tv("8个")) == "equal"
    assert indicator_type(tv("2023年10月底")) == "date"
    assert indicator_type(tv("有效提升")) == "qualitative"
    assert indicator_type(tv("")) is None


# -- scheme files ---------------------------------------------------------------------------------------------


def test_shipped_schemes_load():
    assert {"mof-2020-10", "mof-2021-101"} <= set(shipped_schemes())
    s2020 = load_scheme("mof-2020-10")
    assert isinstance(s2020, SelfScheme)
    assert dict(s2020.weight_sets[0].weights) == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert s2020.indicators["reverse"].params == {"formula": "ratio"}
    assert [(g.grade, g.min) for g in s2020.grades] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    assert s2020.grade(D("89.99")) == "良"
    s101 = load_scheme("mof-2021-101")
    sets = {ws.name: dict(ws.weights) for ws in s101.weight_sets}
    assert sets["有成本指标"] == {"预算执行率": 10, "成本指标": 20, "产出指标": 40, "效益指标": 20, "满意度指标": 10}
    assert sets["无满意度指标"] == {"预算执行率": 10, "产出指标": 50, "效益指标": 40}
    assert s101.execution.rule == "execution-tiered"


def test_scheme_by_path_and_json(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(SCHEME_2020.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_scheme(path).name == "mof-2020-10"
    as_json = {
        "name": "j",
        "title": "JSON方案",
        "kind": "self",
        "source": "测试",
        "weights": {"默认": {"预算执行率": 10, "产出指标": 90}},
        "execution": {"rule": "execution-rate"},
        "indicators": {
            t: {"rule": r}
            for t, r in [
                ("positive", "positive"),
                ("reverse", "reverse"),
                ("equal", "equal"),
                ("date", "deadline"),
                ("qualitative", "qualitative-tiers"),
            ]
        },
        "grades": [{"grade": "合格", "min": 60}, {"grade": "不合格", "min": 0}],
    }
    json_path = tmp_path / "mine.json"
    json_path.write_text(json.dumps(as_json, ensure_ascii=False, indent=1), encoding="utf-8")
    scheme = load_scheme(json_path)
    assert scheme.name == "j" and scheme.grade(D(59)) == "不合格"


def test_unknown_scheme_name():
    with pytest.raises(SchemeError) as err:
        load_scheme("mof-1999")
    assert str(err.value).startswith("mof-1999：未找到评分方案“mof-1999”（内置方案：")


def test_evaluation_kind_is_dispatched():
    scheme = load_scheme("qingdao-legal-aid-2022")
    assert not isinstance(scheme, SelfScheme)
    assert type(scheme).__module__ == "jixiao.rules.evaluation_schemes"


BAD_SCHEMES = [
    # (replace this, with this, the line to blame (text of the new line), the message)
    (
        "  positive:                 # ≥、>：分值 × min(B/A, 1)\n    rule: positive",
        "  positive:\n    rule: postive",
        "    rule: postive",
        "未知的评分规则“postive”（可用：accept-published、deadline、equal、execution-rate、execution-tiered、"
        "positive、qualitative-tiers、reverse、satisfaction-bands、threshold）",
    ),
    (
        "    产出指标: 50",
        "    产出指标: 五十",
        "    产出指标: 五十",
        "“weights.默认.产出指标”应为数字，实际写的是“五十”",
    ),
    (
        "rounding: 2                 # 显示两位小数",
        "rouding: 2",
        "rouding: 2",
        "未知的项“rouding”（可用：name、title、kind、source、description、weights、execution、indicators、level1、"
        "over_performance、rounding、grades）",
    ),
    (
        "  - {grade: 良, min: 80}\n  - {grade: 中, min: 60}",
        "  - {grade: 中, min: 60}\n  - {grade: 良, min: 80}",
        "  - {grade: 良, min: 80}",
        "等级区间顺序错误：“良”的下限80应低于上一档的下限60",
    ),
    ("    formula: ratio", "    fomula: ratio", "    fomula: ratio", "规则“reverse”没有参数“fomula”（可用：formula）"),
    (
        "    formula: ratio",
        "    formula: quadratic",
        "    formula: quadratic",
        "“indicators.reverse.formula”只能是ratio、linear之一，实际写的是“quadratic”",
    ),
    ("    效益指标: 30", "    效益指标: 20", "  默认:", "权重组“默认”合计为90，应为100"),
    (
        "      - {name: 部分达成, min: 0.6, max: 0.8, default: 0.6}",
        "      - {name: 部分达成, min: 0.5, max: 0.7, default: 0.6}",
        "      - {name: 部分达成, min: 0.5, max: 0.7, default: 0.6}",
        "档次顺序错误：“部分达成”的上限0.7应等于上一档“达成”的下限0.8",
    ),
    ("kind: self", "kind: selfish", "kind: selfish", "“kind”只能是self、evaluation之一，实际写的是“selfish”"),
    (
        "  threshold: 1.3",
        "  threshold: 0.3",
        "  threshold: 0.3",
        "“threshold”应大于1（如1.3表示超出目标30%），实际写的是“0.3”",
    ),
    (
        "  base: adjusted ",
        "  base: 调整后 ",
        "  base: 调整后 ",
        "“execution.base”只能是adjusted、initial之一，实际写的是“调整后”",
    ),
    ("title: 项目支出绩效自评（财预〔2020〕10号）\n", "", "name: mof-2020-10", "缺少必填项“title”"),
]


@pytest.mark.parametrize(("old", "new", "blamed", "message"), BAD_SCHEMES)
def test_bad_scheme_file(old, new, blamed, message):
    text = SCHEME_2020.read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new)
    lines = bad.splitlines()
    expected_line = next(n for n, line in enumerate(lines, 1) if line.startswith(blamed))
    if message.startswith("缺少必填项"):
        expected_line = 1  # a missing top-level key is blamed on the file's first line
    with pytest.raises(SchemeError) as err:
        load_scheme("bad.yaml", text=bad)
    assert err.value.message == message
    assert err.value.line == expected_line
    assert str(err.value) == f"bad.yaml 第{expected_line}行：{message}"


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(SchemeError) as err:
        load_scheme("broken.yaml", text="name: x\nkind: self\nweights: [1, 2\n")
    assert err.value.line is not None and "格式错误" in err.value.message


# -- properties -----------------------------------------------------------------------------------------------

weights = st.decimals(min_value=D(1), max_value=D(50), places=1)
amounts = st.decimals(min_value=D(0), max_value=D(10000), places=2)
positive_amounts = st.decimals(min_value=D("0.01"), max_value=D(10000), places=2)


def number(value: Decimal, comparison: Comparison | None = None, unit: str = "次") -> TargetValue:
    return TargetValue(
        raw=f"{comparison or ''}{value}{unit}", kind=ValueKind.NUMBER, comparison=comparison, number=value, unit=unit
    )


@settings(max_examples=200, deadline=None)
@given(weights, positive_amounts, amounts, amounts)
def test_positive_scores_within_weight_and_never_fall_as_actual_rises(w, a, b1, b2):
    low, high = sorted((b1, b2))
    target = number(a, Comparison.GE)
    s_low = self_rules.positive(RuleInput(w, target, number(low))).score
    s_high = self_rules.positive(RuleInput(w, target, number(high))).score
    assert D(0) <= s_low <= w and D(0) <= s_high <= w
    assert s_low <= s_high
    t_low = self_rules.threshold(RuleInput(w, target, number(low))).score
    t_high = self_rules.threshold(RuleInput(w, target, number(high))).score
    assert D(0) <= t_low <= t_high <= w


@settings(max_examples=200, deadline=None)
@given(weights, positive_amounts, amounts, amounts, st.sampled_from(["ratio", "linear"]))
def test_reverse_scores_within_weight_and_never_rise_as_actual_rises(w, a, b1, b2, formula):
    low, high = sorted((b1, b2))
    target = number(a, Comparison.LE)
    s_low = self_rules.reverse(RuleInput(w, target, number(low)), formula=formula).score
    s_high = self_rules.reverse(RuleInput(w, target, number(high)), formula=formula).score
    assert D(0) <= s_high <= s_low <= w


@settings(max_examples=200, deadline=None)
@given(
    weights,
    st.decimals(min_value=D(-100), max_value=D(200), places=2),
    st.sampled_from(["已完成", "部分完成", "未安排", "无", "有效提升", "另行安排", ""]),
)
def test_qualitative_scores_within_weight(w, published, text):
    result = tier_rules.qualitative_tiers(RuleInput(w, tv("有效提升"), tv(text), published))
    assert D(0) <= result.score <= w
    if result.band is not None:
        assert D(0) <= result.band[0] <= result.band[1] <= w


VALUES = [
    "≥3 次",
    "4",
    "≤10 人次",
    "3 人次",
    "100%",
    "90%",
    "≥0.85",
    "0.9",
    "≤2年",
    "18个月",
    "2023年10月底",
    "2023年11月5日",
    "已完成",
    "未安排",
    "无",
    "",
    "有效提升",
    "≥500/月次",
    "600",
    "-5",
    "0",
    "≤80 元",
    "0.5 万元",
    "咨询满意度 ≥ 90%",
    "99.60%",
    "≥95%",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(VALUES),
            st.sampled_from(VALUES),
            weights,
            st.one_of(st.none(), st.decimals(min_value=D(-10), max_value=D(60), places=1)),
            st.sampled_from(["产出指标", "效益指标", "满意度指标", ""]),
        ),
        max_size=8,
    ),
    st.sampled_from(["mof-2020-10", "mof-2021-101"]),
    st.integers(min_value=0, max_value=11),
    st.booleans(),
)
def test_engine_never_raises_and_keeps_items_within_weight(accounts_doc, rows, scheme_name, form_index, strip):
    form = accounts_doc.accounts.self_evaluations[form_index]
    if strip:  # a form that lost its budget block and totals
        form = dataclasses.replace(form, budget_lines=(), subtotal_weight=None, subtotal_score=None, total=None)
    src = Source(path="x", line=1)
    indicators = tuple(
        IndicatorResult(
            level1=l1,
            level2="",
            name=f"指标{i}",
            target=tv(t),
            actual=tv(a),
            weight=Figure(str(w), w, src),
            score=None if p is None else Figure(str(p), p, src),
            deviation=None,
            source=src,
        )
        for i, (t, a, w, p, l1) in enumerate(rows)
    )
    result = score_self_evaluation(dataclasses.replace(form, indicators=indicators), load_scheme(scheme_name))
    assert len(result.items) == len(rows) + 1
    for scored in result.items:
        assert D(0) <= scored.computed <= scored.weight
        assert scored.agrees is None or scored.agrees == (abs(shown(scored.computed) - scored.published) <= D("0.01"))


def test_scheme_file_with_control_character_is_a_chinese_error():
    from jixiao.rules.schemefile import SchemeError, load_tree

    with pytest.raises(SchemeError) as e:
        load_tree("bad.yaml", "name: x\x07\n")
    assert "不允许的字符" in str(e.value) and "bad.yaml" in str(e.value)


def test_unanswered_qualitative_scores_nothing_until_the_actual_is_entered():
    """A draft's qualitative row with no actual and no score is not given full marks (it was)."""
    w = D(10)
    empty = tier_rules.qualitative_tiers(RuleInput(w, tv("有效提升"), tv("")))
    assert empty.score == 0 and "待填写" in empty.explanation
    met = tier_rules.qualitative_tiers(RuleInput(w, tv("有效提升"), tv("已完成")))
    assert met.score == w
    # a form that prints a score for an empty actual keeps being judged by its band, as before
    printed = tier_rules.qualitative_tiers(RuleInput(w, tv("有效提升"), tv(""), published=D(8)))
    assert printed.score == D(8)
