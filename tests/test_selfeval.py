"""The self-evaluation forms (市级预算项目支出绩效自评表) and their summary table in seed 002.

Expected values were read off tests/data/002_898987880c89420a.txt by hand (lines 721–1237).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest.context import ReadContext
from jixiao.ingest.selfeval import read_form, read_summary
from jixiao.ingest.text import Line, split_lines
from tests.conftest import ACCOUNTS

PROJECTS = [
    "法律培训费",
    "法律职业资格考试费",
    "法治专项业务费",
    "惠企法律服务费",
    "警用服装费",
    "普法人民监督员涉法涉诉专项经费",
    "市司法局指挥中心建设项目",
    "青岛市公共法律服务中心修缮项目",
    "李村华人监狱修缮项目前期费",
    "国家文物保护专项资金",
    "法律援助及 12348 业务费",
    "公共法律服务中心运行费",
]
TOTALS = [
    "100",
    "10",
    "99.5896603",
    "100",
    "99.5",
    "100",
    "100",
    "100",
    "99.71411628",
    "99.25546406",
    "99.75614267",
    "99.68412698",
]
# counted by hand: indicator rows with a 三级 name (placeholder rows "指标 1:" excluded)
INDICATOR_COUNTS = [7, 7, 7, 8, 8, 7, 8, 7, 7, 7, 10, 8]
TITLE_LINES = [745, 786, 827, 869, 911, 954, 998, 1034, 1078, 1119, 1160, 1200]


@pytest.fixture(scope="module")
def forms(accounts_doc):
    return accounts_doc.accounts.self_evaluations


@pytest.fixture(scope="module")
def by_name(forms):
    return {f.project: f for f in forms}


def raw(figure):
    return None if figure is None else figure.raw


def row(form, line):
    """The indicator read from a given line of the seed."""
    found = [i for i in form.indicators if i.source.line == line]
    assert len(found) == 1, f"no single indicator on line {line}"
    return found[0]


def brief(ind):
    return (ind.level1, ind.level2, ind.name, ind.target.raw, ind.actual.raw, raw(ind.weight), raw(ind.score))


def findings(doc, code, line=None):
    return [f for f in doc.findings if f.code == code and (line is None or f.source.line == line)]


# -- the forms: identity ---------------------------------------------------------------------------


def test_twelve_forms_in_order(forms):
    assert [f.project for f in forms] == PROJECTS
    assert [f.source.line for f in forms] == TITLE_LINES
    assert {f.title for f in forms} == {"市级预算项目支出绩效自评表"}
    assert {f.year for f in forms} == {2022}
    assert {f.money_unit for f in forms} == {"万元"}
    assert {f.department for f in forms} == {"青岛市司法局"}


def test_units_and_phones(forms):
    assert [f.unit for f in forms] == ["青岛市司法局"] * 10 + ["青岛市法律援助中心"] * 2
    assert [f.phone for f in forms] == ["81608758"] * 10 + ["85586905"] * 2


def test_published_totals_as_written(forms):
    assert [raw(f.total) for f in forms] == TOTALS
    assert forms[2].total.value == Decimal("99.5896603")
    assert forms[0].total.source.line == 776  # "→100" on the line below "总分→小计→…"
    assert forms[1].total.source.line == 814  # "总分→→10"
    assert (forms[7].total.source.line, forms[7].total.source.column) == (1065, 3)  # "→总分→100"


def test_subtotals(forms):
    assert [(raw(f.subtotal_weight), raw(f.subtotal_score)) for f in forms] == [
        ("90", "90"),
        ("90", "0"),
        ("90", "90"),
        ("90", "90"),
        ("90", "89.5"),
        ("90", "90"),
        ("100", "100"),  # form 7: 100 plus the budget block's 10 (a real author mistake, read as is)
        ("90", "90"),
        ("90", "90"),
        ("90", "90"),
        ("90", "90"),
        ("90", "89.7"),
    ]
    assert [x.raw for x in forms[1].stray] == ["0"]  # "小计→…→90→0→0": the score written twice


def test_indicator_counts(forms):
    assert [len(f.indicators) for f in forms] == INDICATOR_COUNTS


def test_block_labels(forms):
    assert {f.budget_points for f in forms} == {Decimal(10)}
    assert forms[2].budget_weight_label == "项目预算 执行情况 (10分)"
    assert [f.indicator_weight_label for f in forms].count("年度绩效指标 (50分)") == 11
    assert forms[6].indicator_weight_label == "年度绩效指标 (70分)"
    assert forms[6].indicator_points == Decimal(70)


# -- budget block ------------------------------------------------------------------------------------


def budget(form, name):
    line = next(b for b in form.budget_lines if b.name == name)
    return [raw(getattr(line, k)) for k in ("initial", "adjusted", "executed", "weight", "rate", "score")]


def test_budget_lines_plain(by_name):
    assert budget(by_name["法律培训费"], "年度资金总额") == ["17", "17", "17", "10", "1", "10"]
    assert budget(by_name["法律培训费"], "其中：当年财政拨款") == ["17", "17", "17", "-", "-", "-"]
    assert budget(by_name["法律培训费"], "上年结转资金") == [None, None, None, "-", "-", "-"]
    assert [b.name for b in by_name["法律培训费"].budget_lines] == [
        "年度资金总额",
        "其中：当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    police = by_name["警用服装费"].budget_lines[0]
    assert (police.initial.value, police.adjusted.value, police.executed.value) == (
        Decimal("546.31"),
        Decimal("499.9735"),
        Decimal("499.9735"),
    )
    assert budget(by_name["法律援助及 12348 业务费"], "年度资金总额") == [
        "378.5",
        "378.5",
        "369.27",
        "10",
        "0.97561427",
        "9.756142668",
    ]


def test_dash_is_kept_with_no_value(by_name):
    line = by_name["法律培训费"].budget_lines[1]
    assert line.weight.raw == "-" and line.weight.value is None
    assert (line.weight.source.line, line.weight.source.column) == (755, 6)


def test_budget_without_score_column(by_name, accounts_doc):
    """Form 3's header has no 得分 column; its 其他资金 row shares the 年度总体目标 line."""
    form = by_name["法治专项业务费"]
    total = form.budget_lines[0]
    assert (total.adjusted.value, total.executed.value, total.rate.value) == (
        Decimal("188.4"),
        Decimal("180.6692"),
        Decimal("0.95896603"),
    )
    assert total.score is None
    assert [b.name for b in form.budget_lines][-1] == "其他资金"
    assert form.budget_lines[-1].source.line == 839
    assert findings(accounts_doc, "cell-shifted", 839)
    assert findings(accounts_doc, "selfeval-field-missing", 836)


@pytest.mark.parametrize(
    "name,line,amount", [("普法人民监督员涉法涉诉专项经费", 963, "71"), ("青岛市公共法律服务中心修缮项目", 1043, "450")]
)
def test_budget_with_four_amounts(by_name, accounts_doc, name, line, amount):
    """Forms 6 and 8: the row name sits in column 1 and four amounts come before 分值."""
    form = by_name[name]
    assert budget(form, "年度资金总额") == [amount, amount, amount, "10", "1", "10"]
    assert [x.raw for x in form.budget_lines[0].extra] == [amount]
    assert form.budget_lines[0].source.column == 1
    assert findings(accounts_doc, "cell-shifted", line)


def test_budget_sub_rows_of_form_8(by_name):
    form = by_name["青岛市公共法律服务中心修缮项目"]
    assert budget(form, "其中：当年财政拨款") == ["450", "450", "450", "-", "-", "-"]
    assert [x.raw for x in form.budget_lines[1].extra] == ["-"]


def test_budget_header_shifted_in_form_7(by_name):
    assert budget(by_name["市司法局指挥中心建设项目"], "年度资金总额") == ["300", "300", "300", "10", "1", "10"]


def test_budget_of_form_2_and_12(by_name):
    assert budget(by_name["法律职业资格考试费"], "年度资金总额") == ["120", "4.4586", "4.4586", "10", "1", "10"]
    assert budget(by_name["惠企法律服务费"], "年度资金总额") == ["100", "50", "50", "10", "1", "10"]
    assert budget(by_name["公共法律服务中心运行费"], "上年结转资金") == [None, None, "-", None, None, "-"]


# -- goals -------------------------------------------------------------------------------------------


def test_goals(by_name, forms):
    assert by_name["法律职业资格考试费"].goal_actual == "2022 年因疫情未组织考试。"
    assert by_name["法律培训费"].goal_expected.startswith("1. 通过多次组织法律知识培训")
    assert by_name["普法人民监督员涉法涉诉专项经费"].goal_actual == "年度目标全部完成。"
    assert by_name["市司法局指挥中心建设项目"].goal_expected == "顺利推进指挥中心建设。"
    assert all(f.goal_expected and f.goal_actual for f in forms)


# -- indicators --------------------------------------------------------------------------------------


def test_plain_rows(by_name):
    f1 = by_name["法律培训费"]
    assert brief(row(f1, 761)) == ("产出指标", "数量指标", "组织培训次数", "≥3 次", "4", "10", "10")
    assert row(f1, 761).level1_points == Decimal(50)
    assert brief(row(f1, 762)) == ("产出指标", "数量指标", "行政执法培训课程数量", "≥7 门", "8", "10", "10")
    assert row(f1, 762).level1_inherited and row(f1, 762).level2_inherited
    f5 = by_name["警用服装费"]
    assert brief(row(f5, 926)) == ("产出指标", "数量指标", "警用被服采购数量", "≥38000件(套)", "36106", "10", "9.5")
    f12 = by_name["公共法律服务中心运行费"]
    assert brief(row(f12, 1222)) == ("效益指标", "社会效益指标", "有责投诉数", "≤10 人次", "3 人次", "30", "29.7")
    assert row(f12, 1222).level1_points == Decimal(30)  # "效益指标 (30 分)"
    f11 = by_name["法律援助及 12348 业务费"]
    assert brief(row(f11, 1182)) == (
        "效益指标",
        "经济效益指标",
        "间接经济效益",
        "为当事人挽回损失 ≥400 万元",
        "1478 万元",
        "10",
        "10",
    )
    assert brief(row(f11, 1184))[:3] == ("效益指标", "可持续影响指标", "素质能力提升")


def test_label_one_column_left_and_name_repeated(by_name, accounts_doc):
    """ "→质量指标→行政执法人员应培尽培率→行政执法人员应培尽培率→≥90%→90%→10→10"."""
    ind = row(by_name["法律培训费"], 763)
    assert brief(ind) == ("产出指标", "质量指标", "行政执法人员应培尽培率", "≥90%", "90%", "10", "10")
    assert ind.source.column == 4
    assert ind.level1_inherited and not ind.level2_inherited
    assert findings(accounts_doc, "cell-shifted", 763)
    police = row(by_name["警用服装费"], 932)
    assert brief(police) == ("产出指标", "成本指标", "公安部警服限价标准", "单件成本控制在限价范围内", "完成", "5", "5")


def test_label_left_text_values(by_name):
    f1 = by_name["法律培训费"]
    assert brief(row(f1, 765)) == ("产出指标", "时效指标", "执法证发放及时率", "及时发布通知组织领取", "完成", "5", "5")
    assert row(f1, 765).source.column == 3
    assert brief(row(f1, 766))[1:] == ("成本指标", "培训费开支符合规定", "培训费开支控制在规定限额内", "完成", "5", "5")
    assert brief(row(f1, 769)) == (
        "效益指标",
        "社会效益指标",
        "提升行政执法人员执法水平",
        "提升执法水平",
        "完成",
        "30",
        "30",
    )


def test_name_merged_with_next_rows_name(by_name, accounts_doc):
    """ "→质量指标→立法计划完成率 市级重大决策合法性审 查率→立法计划完成率→≥100%→100%→10→10"."""
    ind = row(by_name["法治专项业务费"], 845)
    assert brief(ind) == ("产出指标", "质量指标", "立法计划完成率", "≥100%", "100%", "10", "10")
    assert ind.source.column == 4
    assert findings(accounts_doc, "selfeval-cells-merged", 845)
    assert row(by_name["法治专项业务费"], 846).name == "市级重大决策合法性审 查率"


def test_spaced_labels_of_form_3(by_name):
    f3 = by_name["法治专项业务费"]
    assert brief(row(f3, 843)) == ("产出指标", "数量指标", "行政执法人员执法证审 验数", "≥600人", "16000", "10", "10")
    assert brief(row(f3, 853)) == ("满意度指标", "服务对象满意度指标", "当事人满意度", "≥80%", "80%", "10", "10")
    assert row(f3, 853).level1_points == Decimal(10)


def test_form_2_shifted_scores(by_name, accounts_doc):
    f2 = by_name["法律职业资格考试费"]
    assert brief(row(f2, 801)) == ("产出指标", "数量指标", "考试人数", "≥5000 人", "0", "10", "0")
    assert row(f2, 801).extra == ()
    ind = row(f2, 803)
    assert brief(ind) == ("产出指标", "质量指标", "考试组织有序，顺利完成各项考务工作", "有序组织", "未安排", "10", "0")
    assert [x.raw for x in ind.extra] == ["0"]
    assert (ind.extra[0].source.line, ind.extra[0].source.column) == (803, 8)
    assert brief(row(f2, 811)) == (
        "满意度指标",
        "服务对象满意度指标",
        "增加我市法律从业人员后备力量",
        "新增持证人员",
        "未安排",
        "30",
        "0",
    )
    assert len(findings(accounts_doc, "cell-shifted", 803)) == 1


def test_target_and_actual_in_one_cell(by_name, accounts_doc):
    """ "→→→考试违纪处罚执行率→100% 无→10→0→0"."""
    ind = row(by_name["法律职业资格考试费"], 804)
    assert brief(ind) == ("产出指标", "质量指标", "考试违纪处罚执行率", "100%", "无", "10", "0")
    assert ind.target.ratio == Decimal(1)
    merged = findings(accounts_doc, "selfeval-cells-merged", 804)
    assert len(merged) == 1 and merged[0].source.column == 5


def test_form_4_duplicated_score_and_merged_labels(by_name, accounts_doc):
    f4 = by_name["惠企法律服务费"]
    assert brief(row(f4, 886)) == ("产出指标", "质量指标", "专款专用率", "100%", "100%", "10", "10")
    assert [x.raw for x in row(f4, 886).extra] == ["10"]
    assert brief(row(f4, 890))[1:] == ("成本指标", "总成本控制数", "≤100 万元", "50 万元", "5", "5")
    # "→满意度指标 (10分)→服务对象满意度指标→社会效益指标→为社会企业提供…→≥500/月次→600→30":
    # the 社会效益 row keeps 效益指标 from above; the two leading labels belong to the row below.
    social = row(f4, 894)
    assert brief(social) == (
        "效益指标",
        "社会效益指标",
        "为社会企业提供各类惠企咨询、审查、调研、政策解读等服务",
        "≥500/月次",
        "600",
        "30",
        None,
    )
    assert social.source.column == 5
    assert social.level1_points == Decimal(30)
    assert brief(row(f4, 895)) == ("满意度指标", "服务对象满意度指标", "当事人满意度", "≥80%", "80%", "10", "10")
    assert row(f4, 895).level1_points == Decimal(10)
    assert findings(accounts_doc, "cell-shifted", 894)
    missing = findings(accounts_doc, "selfeval-field-missing", 894)
    assert len(missing) == 1 and "得分" in missing[0].message


def test_weight_and_score_spill_onto_next_line(by_name, accounts_doc):
    """ "→服务对象满意度指标→着装人员满意度→≥95%→→→→→→" then "→→→→10→10→→→"."""
    ind = row(by_name["警用服装费"], 938)
    assert brief(ind) == ("满意度指标", "服务对象满意度指标", "着装人员满意度", "≥95%", "", "10", "10")
    assert (ind.weight.source.line, ind.weight.source.column) == (939, 5)
    assert findings(accounts_doc, "cell-shifted", 939)
    assert findings(accounts_doc, "selfeval-field-missing", 938)


def test_dotted_rows_and_label_in_first_column(by_name, accounts_doc):
    f6 = by_name["普法人民监督员涉法涉诉专项经费"]
    assert row(f6, 970).level1_points == Decimal(30)
    assert brief(row(f6, 980)) == (
        "效益指标",
        "社会效益指标",
        "律师参与涉法涉诉案件化解社会矛盾纠纷",
        "情与法结合助力到化解社会矛盾纠纷",
        "完成",
        "30",
        "30",
    )
    assert row(f6, 980).level1_points == Decimal(10)
    assert brief(row(f6, 976))[:2] == ("产出指标", "成本指标")
    assert {f.source.line for f in findings(accounts_doc, "selfeval-filler-row")} == {979, 981}


def test_form_7_block_label_after_header(by_name):
    f7 = by_name["市司法局指挥中心建设项目"]
    assert brief(row(f7, 1013)) == ("产出指标", "数量指标", "项目工期", "≤2年", "2年", "15", "15")
    assert brief(row(f7, 1015)) == ("产出指标", "质量指标", "验收合格率", "100%", "100%", "10", "10")
    assert brief(row(f7, 1019))[2:] == ("项目总投资", "≤2291.71万元", "≤2291.71万元", "10", "10")
    # no 效益指标 label on the form: the 社会效益 row carries 产出指标 from above (as printed)
    assert row(f7, 1020).level1 == "产出指标" and row(f7, 1020).level1_inherited
    # the rows' weights sum to 90 while its 小计 says 100 (as printed; checking comes later)
    assert sum(i.weight.value for i in f7.indicators) == Decimal(90)


def test_form_8_level1_on_cost_row(by_name):
    f8 = by_name["青岛市公共法律服务中心修缮项目"]
    assert brief(row(f8, 1050)) == (
        "产出指标",
        "数量指标",
        "修缮建筑面积",
        "3809.4 平方米",
        "3809.4 平方米",
        "10",
        "10",
    )
    assert row(f8, 1050).source.column == 3
    assert brief(row(f8, 1056)) == (
        "效益指标",
        "成本指标",
        "修缮项目总投资控制",
        "≤902.2 万元",
        "≤902.2 万元",
        "10",
        "10",
    )
    assert not row(f8, 1056).level1_inherited
    assert brief(row(f8, 1060))[:3] == ("效益指标", "社会效益指标", "满足使用单位办公需求，提高为社会服务质量")


def test_form_10_blank_label_column(by_name):
    ind = row(by_name["国家文物保护专项资金"], 1136)
    assert brief(ind) == ("产出指标", "质量指标", "文物保护项目验收合格率", "≥95%", "≥95%", "10", "10")
    assert ind.source.column == 4


def test_lone_outcome_word_is_the_actual(by_name, accounts_doc):
    """ "→→成本指标→每年适量做公共法律服务宣传→已完成→8→8": no target is written."""
    ind = row(by_name["公共法律服务中心运行费"], 1221)
    assert brief(ind) == ("产出指标", "成本指标", "每年适量做公共法律服务宣传", "", "已完成", "8", "8")
    assert findings(accounts_doc, "selfeval-field-missing", 1221)


def test_placeholders_are_reported_not_read(forms, accounts_doc):
    lines = {f.source.line for f in findings(accounts_doc, "selfeval-placeholder-row")}
    assert lines == {767, 771, 773, 809, 851, 892, 934, 978, 1058, 1099, 1140}
    assert all(not i.name.startswith("指标 1") for f in forms for i in f.indicators)


def test_every_indicator_has_weight_score_and_name_column(forms):
    for form in forms:
        for ind in form.indicators:
            assert ind.source.column is not None and ind.source.line is not None
            if ind.name.startswith("为社会企业提供"):
                continue  # its score is not written
            assert ind.weight is not None and ind.score is not None, ind.name


# -- explanation and notes ---------------------------------------------------------------------------


def test_low_score_explanation(forms):
    assert forms[1].low_score_explanation == "2022 年因疫情未组织考试。"
    assert [f.low_score_explanation for f in forms].count(None) == 11
    assert forms[0].low_score_label.startswith("总分在 80 分以下的项目未实现绩效目标")


def test_notes(forms):
    assert all(len(f.notes) == 5 for f in forms)
    assert forms[0].notes[0] == "注：1. 得分一档最高不能超过该指标分值上限。"
    assert "≥" in forms[0].notes[2]  # "$\geq*$" read as ≥
    assert forms[11].notes[4].startswith("5. 自评得分在 80 分以下的")


# -- the summary table -------------------------------------------------------------------------------


def test_summary(accounts_doc):
    s = accounts_doc.accounts.self_evaluation_summary
    assert s.title == "市级使用资金绩效自评情况汇总表"
    assert s.department == "青岛市司法局"
    assert [r.number for r in s.rows] == list(range(1, 13))
    assert [r.score.raw for r in s.rows] == [
        "100",
        "10",
        "99.59",
        "100",
        "99.5",
        "100",
        "100",
        "100",
        "99.71",
        "99.26",
        "99.756",
        "99.684",
    ]
    assert [r.grade for r in s.rows] == ["优", "差"] + ["优"] * 10
    assert s.rows[10].project == "法律援助及12348业务费"
    assert s.rows[10].unit == "青岛市法律援助中心"
    assert s.rows[11].score.value == Decimal("99.684")
    assert (s.rows[0].source.line, s.rows[0].score.source.column) == (726, 4)
    assert s.remarks == ("本部门开展的另外20项绩效自评结果因项目涉密按规定不予公开。",)
    assert len(s.notes) == 3 and s.notes[0].startswith("- 注：1. “资金使用单位”")


# -- nothing lost ------------------------------------------------------------------------------------


def test_every_line_of_the_region_is_placed(accounts_doc):
    unplaced = {r.source.line for r in accounts_doc.unplaced if 721 <= r.source.line <= 1237}
    assert unplaced == set()


def test_no_unparsed_rows_on_the_seed(accounts_doc):
    assert not [f for f in accounts_doc.findings if f.code == "selfeval-row-unparsed"]


def test_findings_carry_locations(accounts_doc):
    for f in accounts_doc.findings:
        if f.code.startswith("selfeval") or (f.code == "cell-shifted" and 721 <= (f.source.line or 0) <= 1237):
            assert f.source.line is not None and f.message


# -- robustness --------------------------------------------------------------------------------------

SEED_LINES = split_lines(ACCOUNTS.read_text(encoding="utf-8"))
FORM_LINES = [ln for ln in SEED_LINES if 745 <= ln.number <= 1237]
SUMMARY_LINES = [ln for ln in SEED_LINES if 721 <= ln.number <= 744]
_NOISE = ["\t\t3\t", "小计", "总分\t\t", "\t指标 1:", "- 12 -", "年度资金总额\t1\t2", "\t\t\t10\t10", "注：", "....."]


@st.composite
def mangled(draw):
    lines = list(draw(st.sampled_from([FORM_LINES, SUMMARY_LINES])))
    start = draw(st.integers(0, len(lines) - 1))
    lines = lines[start : start + draw(st.integers(1, 120))]
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.integers(0, 4))
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, lines[k])
        elif op == 2:
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        elif op == 3:
            text = lines[k].raw
            lines[k] = Line(lines[k].number, text[: draw(st.integers(0, len(text)))])
        else:
            lines.insert(k, Line(90000 + k, draw(st.sampled_from(_NOISE))))
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_readers_never_raise(lines):
    ctx = ReadContext("fuzz.txt", lines)
    form = read_form(ctx, lines)
    summary = read_summary(ReadContext("fuzz.txt", lines), lines)
    assert form is None or isinstance(form.indicators, tuple)
    assert summary is None or isinstance(summary.rows, tuple)


def test_empty_input():
    assert read_form(ReadContext("t.txt", []), []) is None
    assert read_summary(ReadContext("t.txt", [Line(1, "\t ")]), [Line(1, "\t ")]) is None
