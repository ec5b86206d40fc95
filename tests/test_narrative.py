"""The prose reader: sections, stated numbers and named facts of seed 002's narrative."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest import narrative
from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import split_lines
from tests.conftest import ACCOUNTS

PART3 = "第三部分 2022年度部门决算情况说明"
TEXT = ACCOUNTS.read_text(encoding="utf-8")
SEED_LINES = TEXT.split("\n")
NARRATIVE_LINES = SEED_LINES[440:715]  # lines 441–715: 第三部分's body and 第四部分


@pytest.fixture(scope="module")
def accounts(accounts_doc):
    return accounts_doc.accounts


@pytest.fixture(scope="module")
def sections(accounts):
    return accounts.sections


@pytest.fixture(scope="module")
def facts(accounts):
    return {f.key: f for f in accounts.facts}


def section(sections, heading_start):
    found = [s for s in sections if s.heading.startswith(heading_start) and s.part != "目录"]
    assert len(found) == 1, (heading_start, [s.heading for s in found])
    return found[0]


# -- sections ----------------------------------------------------------------------------------


def test_part3_headings_in_order(sections):
    headings = [s.heading for s in sections if s.part == PART3 and s.level <= 3]
    assert headings == [
        "一、收入支出决算总体情况",
        "二、收入决算情况",
        "三、支出决算情况",
        "四、财政拨款收入支出决算总体情况",
        "五、一般公共预算财政拨款支出决算情况",
        "(一) 一般公共预算财政拨款支出决算总体情况",
        "(二) 一般公共预算财政拨款支出决算结构情况",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "六、一般公共预算财政拨款基本支出决算情况",
        "七、政府性基金预算财政拨款收入支出决算情况",
        "八、国有资本经营预算财政拨款支出决算情况",
        "九、财政拨款“三公”经费支出决算情况",
        "(一) “三公”经费支出决算总体情况",
        "（二）“三公”经费支出决算具体情况",
        "十、其他重要事项情况说明",
        "（一）机关运行经费支出情况",
        "（二）政府采购支出情况",
        "（三）国有资产占用情况",
        "十一、预算绩效情况说明",
        "（一）预算绩效管理工作开展情况",
        "（二）市级预算项目绩效自评结果",
        "（三）中央对地方转移支付项目绩效自评结果",
        "（四）省对地方转移支付项目绩效自评结果",
        "（五）部门评价结果",
        "（六）财政评价结果",
    ]


def test_sections_carry_part_path_source_and_level(sections):
    s = section(sections, "(一) 一般公共预算财政拨款支出决算总体情况")
    assert s.part == PART3
    assert s.path == (PART3, "五、一般公共预算财政拨款支出决算情况", s.heading)
    assert s.source.line == 480 and s.level == 3 and s.ordinal == "一"
    assert s.title == "一般公共预算财政拨款支出决算总体情况"
    assert s.lines == (480, 482, 485)  # heading, paragraph, chart caption


def test_budget_items_are_sections_under_part3_item_heading(sections):
    parent = section(sections, "（三）一般公共预算财政拨款支出决算具体情况")
    items = [s for s in sections if s.path[:-1] == parent.path]
    assert [s.ordinal for s in items] == [str(i) for i in range(1, 15)]
    assert items[0].heading == "1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）"
    assert items[13].title == "住房保障支出（类）住房改革支出（款）住房公积金（项）"
    assert [s.source.line for s in items] == [501, 503, 505, 509, 511, 513, 515, 517, 519, 523, 525, 527, 529, 531]
    assert parent.text.endswith("其中：")


def test_paragraphs_broken_by_the_converter_are_joined(sections):
    item3 = section(sections, "3. 一般公共服务支出（类）其他一般公共服务支出（款）")
    assert "新增公共法律服务中心修缮项目。" in item3.text
    assert item3.lines == (505, 507)
    item9 = section(sections, "9. 公共安全支出（类）司法（款）其他司法支出（项）")
    assert item9.text.endswith("主要原因是新增基本建设支出及业务支出。")
    police = section(sections, "5. 警用服装费项目绩效自评综述")
    assert "全年预算数为546.31万元，执行数为499.9735万元，完成预算的91.52%。" in police.text
    training = section(sections, "1. 法律培训费项目绩效自评综述")
    assert "组织培训次数4次，行政执法培训课程数量8门" in training.text
    funds = section(sections, "（一）预算绩效管理工作开展情况")
    assert funds.text.split("\n")[0].endswith("涉及预算资金21279.33万元，占部门预算项目支出总额的100%。")
    assert funds.text.count("\n") == 1  # two paragraphs


def test_broken_numbered_paragraph_in_part1_stays_one_item(sections):
    duty = section(sections, "（十）")
    assert duty.heading == "（十）负责全市国家统一法律职业资格考试的组织实施工作"
    assert duty.text == "负责全市国家统一法律职业资格考试的组织实施工作。负责法律职业人员入职前培训工作。"
    assert duty.lines == (66, 68)


def test_part1_sections(sections):
    part1 = [s for s in sections if s.part.startswith("第一部分")]
    assert part1[0].heading == "一、部门职责" and part1[0].text.endswith("主要职能为：")
    duties = [s for s in part1 if s.path[:2] == (part1[0].part, "一、部门职责") and s.level == 3]
    assert len(duties) == 15
    units = [s.title for s in part1 if s.path[1:2] == ("二、机构设置",) and s.level == 4]
    assert units == [
        "青岛市司法局本级",
        "青岛监狱",
        "北墅监狱",
        "青岛市强制隔离戒毒所",
        "青岛市法律援助中心",
        "青岛市政府法治研究中心",
    ]


def test_figure_captions(sections):
    figures = {f: s.heading for s in sections for f in s.figures}
    assert figures == {
        "收、支决算总计变动情况图（单位：万元）": "一、收入支出决算总体情况",
        "本年收入决算结构图": "二、收入决算情况",
        "本年支出决算结构图": "三、支出决算情况",
        "财政拨款收、支决算总计变动情况图（单位：万元）": "四、财政拨款收入支出决算总体情况",
        "一般公共预算财政拨款支出决算变动情况图（单位：万元）": "(一) 一般公共预算财政拨款支出决算总体情况",
        "一般公共预算财政拨款支出决算结构图": "(二) 一般公共预算财政拨款支出决算结构情况",
    }
    overview = section(sections, "一、收入支出决算总体情况")
    assert 449 in overview.lines and "变动情况图" not in overview.text


def test_glossary_has_29_entries(sections):
    terms = [s for s in sections if s.part == "第四部分 名词解释"]
    assert len(terms) == 29
    assert [s.ordinal for s in terms][:3] == ["一", "二", "三"] and terms[-1].ordinal == "二十九"
    assert terms[0].heading == "一、财政拨款收入"
    assert terms[0].text.startswith("财政拨款收入：指单位本年度从本级财政部门取得的财政拨款")
    assert terms[13].title == "“三公”经费"
    assert terms[15].title == "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）"
    assert terms[22].lines == (701, 703)
    assert terms[22].text.endswith("（包括实行公务员管理的事业单位)后勤服务中心、医务室等附属事业单位。")
    assert terms[28].source.line == 715
    assert all(not s.numbers for s in terms)


def test_no_unplaced_lines_in_the_prose_parts(accounts_doc):
    lines = [u.source.line for u in accounts_doc.unplaced]
    assert [n for n in lines if n <= 92 or 440 <= n <= 715] == []


def test_table_of_contents_is_a_part_of_its_own(sections):
    toc = [s for s in sections if s.part == "目录"]
    assert toc[0].text == "目 录" and toc[0].source.line == 6
    assert next(s.heading for s in toc if s.level == 1) == "第一部分 部门概况"


def test_table_of_contents_is_read_and_placed():
    lines = split_lines(TEXT)
    ctx = ReadContext("toc", lines)
    toc = [ln for ln in lines[5:39] if not ln.blank]
    sections = narrative.read_prose(ctx, toc, "目录")
    assert {ln.number for ln in toc} <= ctx.placed
    parts = [s.heading for s in sections if s.level == 1]
    assert parts == [
        "第一部分 部门概况",
        "第二部分 2022年度部门决算表",
        "第三部分 2022年度部门决算情况说明",
        "第四部分 名词解释",
        "第五部分 附件",
    ]
    tables = [s.title for s in sections if s.path[1:2] == ("第二部分 2022年度部门决算表",) and s.level == 2]
    assert len(tables) == 9 and tables[-1] == "财政拨款“三公”经费支出决算表"


# -- stated numbers ----------------------------------------------------------------------------

SAMPLE = [
    # (section heading start, raw, value, unit, label, line, column)
    ("一、收入支出决算总体情况", "96,719.61", "96719.61", "万元", "收、支总计", 446, 12),
    ("一、收入支出决算总体情况", "8,974.40", "8974.40", "万元", "增加", 446, 42),
    ("一、收入支出决算总体情况", "10.23", "10.23", "%", "增长", 446, 55),
    ("二、收入决算情况", "96,034.24", "96034.24", "万元", "本年收入合计", 455, 7),
    ("二、收入决算情况", "91,455.09", "91455.09", "万元", "财政拨款收入", 455, 28),
    ("二、收入决算情况", "95.23", "95.23", "%", "占", 455, 41),
    (
        "（三）一般公共预算财政拨款支出决算具体情况",
        "64,768.79",
        "64768.79",
        "万元",
        "一般公共预算财政拨款支出年初预算为",
        499,
        24,
    ),
    ("（三）一般公共预算财政拨款支出决算具体情况", "91,455.09", "91455.09", "万元", "支出决算为", 499, 41),
    ("（三）一般公共预算财政拨款支出决算具体情况", "141.20", "141.20", "%", "完成年初预算的", 499, 60),
    ("9. 公共安全支出", "1443.78", "1443.78", "%", "完成年初预算的", 519, 62),
    ("(一) “三公”经费支出决算总体情况", "52.59", "52.59", "万元", "减少", 553, 54),
    ("1. 因公出国（境）费", "0", "0", "个", "全年支出涉及因公出国（境）团组", 559, 16),
    ("2. 公务用车购置及运行维护费", "2", "2", "辆", "青岛市司法局使用财政拨款购置公务用车", 563, 44),
    ("3. 公务接待费", "56", "56", "批次", "共计接待", 567, 49),
    ("3. 公务接待费", "492", "492", "人次", "共计接待", 567, 54),
    ("（一）机关运行经费支出情况", "20655.83", "20655.83", "万元", "减少", 573, 34),
    ("（一）机关运行经费支出情况", "78.99", "78.99", "%", "减少", 573, 47),
    ("（二）政府采购支出情况", "54.44", "54.44", "%", "服务采购授予中小企业合同金额占服务支出金额的", 577, 243),
    ("（三）国有资产占用情况", "21", "21", "辆", "执法执勤用车", 581, 66),
    ("（三）国有资产占用情况", "13", "13", "台（套）", "（含）以上设备（不含车辆）", 581, 120),
    ("（一）预算绩效管理工作开展情况", "21279.33", "21279.33", "万元", "涉及预算资金", 589, 1),
    ("（二）市级预算项目绩效自评结果", "25", "25", "个", "", 595, 29),
    ("2. 法律职业资格考试费项目绩效自评综述", "4.4586", "4.4586", "万元", "执行数为", 603, 61),
    ("5. 警用服装费项目绩效自评综述", "499.9735", "499.9735", "万元", "执行数为", 611, 2),
    ("5. 警用服装费项目绩效自评综述", "36106", "36106", "件", "警用被服采购数量", 611, 44),
    ("8. 青岛市公共法律服务中心修缮项目绩效自评综述", "3809.4", "3809.4", "平方米", "修缮建筑面积", 617, None),
    ("8. 青岛市公共法律服务中心修缮项目绩效自评综述", "902.2", "902.2", "万元", "修缮项目总投资控制", 619, 1),
    ("12. 公共法律服务中心运行费项目绩效自评综述", "1576", "1576", "人次", "接待来访人数", 629, 10),
    ("（五）部门评价结果", "98.75", "98.75", "分", "绩效评价得分为", 643, 27),
    ("二、机构设置", "6", "6", "个", "部门决算汇编范围的单位共", 84, 27),
]


@pytest.mark.parametrize(("heading", "raw", "value", "unit", "label", "line", "column"), SAMPLE)
def test_stated_numbers(sections, heading, raw, value, unit, label, line, column):
    s = section(sections, heading)
    hits = [
        n for n in s.numbers if n.raw == raw and n.source.line == line and (column is None or n.source.column == column)
    ]
    assert len(hits) == 1, [(n.raw, n.source.line, n.source.column) for n in s.numbers]
    n = hits[0]
    assert n.value == Decimal(value) and n.unit == unit
    if label:
        assert n.label == label
    assert s.text[n.position : n.position + len(raw)] == raw
    if column is not None:
        assert SEED_LINES[line - 1][column - 1 : column - 1 + len(raw)] == raw


def test_numbers_broken_across_lines_keep_the_line_they_start_on(sections):
    training = section(sections, "1. 法律培训费项目绩效自评综述")
    four = next(n for n in training.numbers if n.label == "组织培训次数")
    assert (four.value, four.unit, four.source.line) == (Decimal(4), "次", 599)
    works = section(sections, "8. 青岛市公共法律服务中心修缮项目绩效自评综述")
    total = next(n for n in works.numbers if n.raw == "902.2")
    assert total.source.line == 619 and total.source.column == 1


def test_dates_are_marked_and_ordinals_are_not_numbers(sections):
    assets = section(sections, "（三）国有资产占用情况")
    date = assets.numbers[0]
    assert (date.raw, date.unit, date.value, date.is_date) == ("2022年12月31日", "日期", Decimal(2022), True)
    overview = section(sections, "一、收入支出决算总体情况")
    assert [(n.raw, n.is_date) for n in overview.numbers if n.is_date] == [("2022年度", True), ("2021年度", True)]
    project = section(sections, "7. 市司法局指挥中心建设项目绩效自评综述")
    duration = next(n for n in project.numbers if n.label == "项目工期")
    assert (duration.value, duration.unit, duration.is_date) == (Decimal(2), "年", False)
    for heading in ("1. 一般公共服务支出", "14. 住房保障支出", "12. 公共法律服务中心运行费"):
        s = section(sections, heading)
        assert s.numbers[0].position > 0 and s.numbers[0].raw not in ("1", "14", "12")
    units = section(sections, "1. 青岛市司法局本级")
    assert units.numbers == ()


def test_latex_fragment_is_cleaned_and_reported(accounts_doc, sections):
    s = section(sections, "9. 李村华人监狱修缮项目前期费项目绩效自评综述")
    n = next(n for n in s.numbers if n.label == "文物保护项目验收合格率")
    assert (n.value, n.unit, n.comparator, n.source.line) == (Decimal(95), "%", "≥", 621)
    assert "\\geq" not in s.text and "≥" in s.text
    latex = [f.source.line for f in accounts_doc.findings if f.code == "latex-fragment" and 440 <= f.source.line <= 715]
    assert latex == [621, 623]


def test_section_line_at(sections):
    police = section(sections, "5. 警用服装费项目绩效自评综述")
    assert police.line_at(0) == 609 and police.line_at(police.text.index("为499.9735")) == 611


# -- facts -------------------------------------------------------------------------------------

FACTS = {
    "totals.income_expenditure": ("96719.61", "万元", 446),
    "totals.change": ("8974.40", "万元", 446),
    "totals.growth_pct": ("10.23", "%", 446),
    "income.total": ("96034.24", "万元", 455),
    "income.fiscal": ("91455.09", "万元", 455),
    "income.fiscal.share": ("95.23", "%", 455),
    "income.other": ("4579.15", "万元", 455),
    "income.other.share": ("4.77", "%", 455),
    "expenditure.total": ("95881.04", "万元", 464),
    "expenditure.basic": ("70818.78", "万元", 464),
    "expenditure.basic.share": ("73.86", "%", 464),
    "expenditure.project": ("25062.26", "万元", 464),
    "expenditure.project.share": ("26.14", "%", 464),
    "fiscal.total": ("91455.09", "万元", 472),
    "fiscal.change": ("7558.68", "万元", 472),
    "fiscal.growth_pct": ("9.01", "%", 472),
    "general_budget.total": ("91455.09", "万元", 482),
    "general_budget.share_of_expenditure": ("95.38", "%", 482),
    "general_budget.change": ("7564.81", "万元", 482),
    "general_budget.growth_pct": ("9.02", "%", 482),
    "general_budget.class.1.amount": ("380.16", "万元", 491),
    "general_budget.class.1.share": ("0.42", "%", 491),
    "general_budget.class.2.amount": ("81279.97", "万元", 491),
    "general_budget.class.2.share": ("88.87", "%", 491),
    "general_budget.class.3.amount": ("371.14", "万元", 491),
    "general_budget.class.3.share": ("0.41", "%", 491),
    "general_budget.class.4.amount": ("5279.12", "万元", 491),
    "general_budget.class.4.share": ("5.77", "%", 491),
    "general_budget.class.5.amount": ("50.00", "万元", 491),
    "general_budget.class.5.share": ("0.05", "%", 491),
    "general_budget.class.6.amount": ("4094.70", "万元", 491),
    "general_budget.class.6.share": ("4.48", "%", 491),
    "general_budget.initial_budget": ("64768.79", "万元", 499),
    "general_budget.actual": ("91455.09", "万元", 499),
    "general_budget.completion_pct": ("141.20", "%", 499),
    "basic.total": ("70770.50", "万元", 535),
    "basic.personnel": ("65265.10", "万元", 537),
    "basic.public": ("5505.39", "万元", 539),
    "three_public.budget": ("178.50", "万元", 553),
    "three_public.actual": ("125.91", "万元", 553),
    "three_public.change": ("52.59", "万元", 553),
    "three_public.completion_pct": ("70.54", "%", 553),
    "three_public.abroad.budget": ("9.60", "万元", 557),
    "three_public.abroad.actual": ("0.00", "万元", 557),
    "three_public.abroad.change": ("9.60", "万元", 557),
    "three_public.abroad.completion_pct": ("0.00", "%", 557),
    "three_public.abroad.groups": ("0", "个", 559),
    "three_public.abroad.person_times": ("0", "人次", 559),
    "three_public.vehicles.budget": ("150.00", "万元", 561),
    "three_public.vehicles.actual": ("114.31", "万元", 561),
    "three_public.vehicles.change": ("35.69", "万元", 561),
    "three_public.vehicles.completion_pct": ("76.21", "%", 561),
    "three_public.vehicles.purchase": ("42.98", "万元", 563),
    "three_public.vehicles.purchased": ("2", "辆", 563),
    "three_public.vehicles.operation": ("71.33", "万元", 563),
    "three_public.vehicles.held": ("44", "辆", 563),
    "three_public.reception.budget": ("18.90", "万元", 565),
    "three_public.reception.actual": ("11.60", "万元", 565),
    "three_public.reception.change": ("7.30", "万元", 565),
    "three_public.reception.completion_pct": ("61.38", "%", 565),
    "three_public.reception.domestic": ("11.60", "万元", 567),
    "three_public.reception.domestic_batches": ("56", "批次", 567),
    "three_public.reception.domestic_person_times": ("492", "人次", 567),
    "three_public.reception.foreign_affairs_batches": ("0", "批次", 567),
    "three_public.reception.foreign_affairs_person_times": ("0", "人次", 567),
    "three_public.reception.abroad": ("0.00", "万元", 567),
    "three_public.reception.abroad_batches": ("0", "批次", 567),
    "three_public.reception.abroad_person_times": ("0", "人次", 567),
    "admin_costs.total": ("5494.05", "万元", 573),
    "admin_costs.change": ("20655.83", "万元", 573),
    "admin_costs.change_pct": ("78.99", "%", 573),
    "procurement.total": ("8180.64", "万元", 577),
    "procurement.goods": ("6407.26", "万元", 577),
    "procurement.works": ("1184.91", "万元", 577),
    "procurement.services": ("588.47", "万元", 577),
    "procurement.sme": ("1978.43", "万元", 577),
    "procurement.sme.share": ("24.18", "%", 577),
    "procurement.small_micro": ("1619.11", "万元", 577),
    "procurement.small_micro.share": ("19.79", "%", 577),
    "procurement.goods.sme_share": ("22.05", "%", 577),
    "procurement.works.sme_share": ("20.67", "%", 577),
    "procurement.services.sme_share": ("54.44", "%", 577),
    "assets.vehicles": ("44", "辆", 581),
    "assets.vehicles.leaders": ("0", "辆", 581),
    "assets.vehicles.confidential": ("6", "辆", 581),
    "assets.vehicles.emergency": ("3", "辆", 581),
    "assets.vehicles.law_enforcement": ("21", "辆", 581),
    "assets.vehicles.special_technical": ("9", "辆", 581),
    "assets.vehicles.retirees": ("5", "辆", 581),
    "assets.vehicles.other": ("0", "辆", 581),
    "assets.equipment_over_1m": ("13", "台（套）", 581),
    "performance.self_eval.projects": ("32", "个", 587),
    "performance.self_eval.funds": ("21279.33", "万元", 589),
    "performance.self_eval.share": ("100", "%", 589),
    "performance.dept_eval.projects": ("2", "个", 591),
    "performance.dept_eval.funds": ("13378.50", "万元", 591),
    "performance.self_eval.total": ("32", "个", 595),
    "performance.self_eval.forms": ("12", "个", 597),
    "performance.grade.excellent": ("25", "个", 595),
    "performance.grade.good": ("6", "个", 595),
    "performance.grade.poor": ("1", "个", 595),
    "performance.department_evaluation.score": ("98.75", "分", 643),
    "performance.finance_evaluation.score": ("92.13", "分", 649),
}

BUDGET_ITEMS = [
    # (no, 类, 款, 项, initial, actual, completion %, line)
    (1, "一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行", "155.21", "208.22", "134.15", 501),
    (2, "一般公共服务支出", "组织事务", "其他组织事务支出", "0", "21.94", None, 503),
    (3, "一般公共服务支出", "其他一般公共服务支出", "其他一般公共服务支出", "0", "150.00", None, 505),
    (4, "公共安全支出", "司法", "行政运行", "3638.25", "4134.70", "113.65", 509),
    (5, "公共安全支出", "司法", "一般行政管理事务", "1025.71", "806.10", "78.59", 511),
    (6, "公共安全支出", "司法", "普法宣传", "0", "20.00", None, 513),
    (7, "公共安全支出", "司法", "公共法律服务", "416.30", "399.80", "96.04", 515),
    (8, "公共安全支出", "司法", "事业运行", "415.87", "457.22", "109.94", 517),
    (9, "公共安全支出", "司法", "其他司法支出", "68.00", "981.77", "1443.78", 519),
    (10, "文化旅游体育与传媒支出", "文物", "文物保护", "0", "371.14", None, 523),
    (
        11,
        "社会保障和就业支出",
        "行政事业单位养老支出",
        "机关事业单位基本养老保险缴费支出",
        "3280.25",
        "3519.41",
        "107.29",
        525,
    ),
    (
        12,
        "社会保障和就业支出",
        "行政事业单位养老支出",
        "机关事业单位职业年金缴费支出",
        "1640.12",
        "1759.70",
        "107.29",
        527,
    ),
    (13, "卫生健康支出", "其他卫生健康支出", "其他卫生健康支出", "50", "50.00", "100.00", 529),
    (14, "住房保障支出", "住房改革支出", "住房公积金", "2990.66", "4094.70", "136.92", 531),
]

PROJECTS = [
    # (no, name, score, budget, executed, execution %, line of the score, line of 执行数)
    (1, "法律培训费", "100", "17", "17", "100", 599, 599),
    (2, "法律职业资格考试费", "10", "120", "4.4586", "3.72", 603, 603),
    (3, "法治专项业务费", "99.59", "188.4", "180.6692", "95.90", 605, 605),
    (4, "惠企法律服务费", "100", "100", "50", "50", 607, 607),
    (5, "警用服装费", "99.5", "546.31", "499.9735", "91.52", 609, 611),
    (6, "普法人民监督员涉法涉诉专项经费", "100", "71", "71", "100", 613, 613),
    (7, "市司法局指挥中心建设项目", "100", "300", "300", "100", 615, 615),
    (8, "青岛市公共法律服务中心修缮项目", "100", "450", "450", "100", 617, 617),
    (9, "李村华人监狱修缮项目前期费", "99.71", "21.5", "20.89", "97.14", 621, 621),
    (10, "国家文物保护专项资金", "99.26", "401", "371.14", "92.55", 623, 623),
    (11, "法律援助及12348业务费", "99.76", "378.5", "369.27", "97.56", 625, 625),
    (12, "公共法律服务中心运行费", "99.68", "37.8", "37.74", "99.84", 627, 627),
]


@pytest.mark.parametrize(("key", "expected"), FACTS.items())
def test_fact(facts, key, expected):
    value, unit, line = expected
    assert key in facts, sorted(facts)
    f = facts[key]
    assert (f.value, f.unit, f.source.line) == (Decimal(value), unit, line)
    assert str(f.value) == value  # exact as printed, scale included


def test_fact_raw_text_is_on_its_line(facts):
    f = facts["totals.income_expenditure"]
    assert f.raw == "96,719.61" and f.source.column == 12
    assert SEED_LINES[f.source.line - 1][f.source.column - 1 :].startswith("96,719.61万元")


def test_direction_words_are_labels(facts):
    assert facts["totals.change"].label == "增加" and facts["totals.growth_pct"].label == "增长"
    assert facts["three_public.change"].label == "减少"
    assert facts["admin_costs.change"].label == "减少" and facts["admin_costs.change_pct"].label == "减少"
    assert facts["three_public.reception.change"].label == "减少"


def test_subjects_of_class_and_vehicle_facts(facts):
    names = [facts[f"general_budget.class.{i}.amount"].subject for i in range(1, 7)]
    assert names == ["一般公共服务", "公共安全", "文化旅游体育与传媒", "社会保障和就业", "卫生健康", "住房保障"]
    assert facts["assets.vehicles.leaders"].subject == "符合规定领导干部用车"
    assert facts["income.fiscal"].subject == "财政拨款收入"


@pytest.mark.parametrize(("no", "kind", "paragraph", "item", "initial", "actual", "pct", "line"), BUDGET_ITEMS)
def test_budget_item_facts(facts, no, kind, paragraph, item, initial, actual, pct, line):
    prefix = f"general_budget.item.{no}."
    f = facts[prefix + "initial"]
    assert (f.value, f.source.line, f.classification) == (Decimal(initial), line, (kind, paragraph, item))
    assert f.subject == f"{kind}（类）{paragraph}（款）{item}（项）"
    assert (facts[prefix + "actual"].value, facts[prefix + "actual"].source.line) == (Decimal(actual), line)
    if pct is None:
        assert prefix + "completion_pct" not in facts
    else:
        assert (facts[prefix + "completion_pct"].value, facts[prefix + "completion_pct"].unit) == (Decimal(pct), "%")


@pytest.mark.parametrize(("no", "name", "score", "budget", "executed", "pct", "line", "executed_line"), PROJECTS)
def test_self_evaluation_summary_facts(facts, no, name, score, budget, executed, pct, line, executed_line):
    prefix = f"performance.project.{no}."
    assert (facts[prefix + "score"].value, facts[prefix + "score"].unit) == (Decimal(score), "分")
    assert facts[prefix + "score"].subject == name and facts[prefix + "score"].source.line == line
    assert facts[prefix + "budget"].value == Decimal(budget)
    assert (facts[prefix + "executed"].value, facts[prefix + "executed"].source.line) == (
        Decimal(executed),
        executed_line,
    )
    assert (facts[prefix + "execution_pct"].value, facts[prefix + "execution_pct"].unit) == (Decimal(pct), "%")


def test_evaluation_results(facts):
    for prefix, score, line in (("department_evaluation", "98.75", 643), ("finance_evaluation", "92.13", 649)):
        grade = facts[f"performance.{prefix}.grade"]
        assert (grade.value, grade.text, grade.source.line) == (None, "优", line)
        assert facts[f"performance.{prefix}.score"].value == Decimal(score)
        assert facts[f"performance.{prefix}.project"].text == "法律援助及12348业务费"
    assert facts["performance.grade.excellent"].label == "优"


def _declared(key: str) -> bool:
    """Is ``key`` one of the names jixiao.model.facts declares (a Key, or a family's builder)?"""
    from jixiao.model import facts as F

    if key in set(F.Key):
        return True
    candidates = {F.share(F.income(s)) for s in F.Income} | {F.income(s) for s in F.Income}
    candidates |= {F.expenditure(s) for s in F.Expenditure} | {F.share(F.expenditure(s)) for s in F.Expenditure}
    candidates |= {F.three_public(p, i) for p in F.ThreePublicPart for i in (None, *F.ThreePublicItem)}
    candidates |= {F.vehicles(k) for k in F.VehicleKind} | {F.grade_count(g) for g in F.GRADE_SLUGS}
    candidates |= {F.evaluation(w, p) for w in F.Evaluated for p in F.EvaluationPart}
    n = key.split(".")[2] if key.count(".") >= 3 else ""
    candidates |= {F.budget_class(n, p) for p in F.ClassPart} | {F.budget_item(n, p) for p in F.ItemPart}
    candidates |= {F.project(n, p) for p in F.ProjectPart}
    return key in candidates


def test_every_fact_key_is_a_declared_name(accounts):
    undeclared = sorted({f.key for f in accounts.facts if not _declared(f.key)})
    assert undeclared == []
    assert len({f.key for f in accounts.facts}) > 100


def test_seed_narrative_reads_without_narrative_findings(accounts_doc):
    assert [f for f in accounts_doc.findings if f.code.startswith("narrative-")] == []


# -- other departments, damaged text -----------------------------------------------------------


def read_narrative(lines_text: list[str]):
    lines = split_lines("\n".join(lines_text))
    ctx = ReadContext("x.txt", lines)
    sections = narrative.read_prose(ctx, lines, "第三部分 2023年度部门决算情况说明")
    facts = {f.key: f for f in narrative.extract_facts(ctx, sections)}
    return ctx, sections, facts


def test_another_department_in_the_same_template():
    body = [
        ln.replace("青岛市司法局", "青岛市审计局").replace("96,719.61", "1,234.56").replace("增加8,974.40", "减少34.50")
        for ln in NARRATIVE_LINES[:211]  # 第三部分 only
    ]
    body = [ln.replace("增长10.23%", "下降2.72%") for ln in body]
    ctx, _, facts = read_narrative(body)
    assert facts["totals.income_expenditure"].value == Decimal("1234.56")
    assert (facts["totals.change"].value, facts["totals.change"].label) == (Decimal("34.50"), "减少")
    assert (facts["totals.growth_pct"].value, facts["totals.growth_pct"].label) == (Decimal("2.72"), "下降")
    assert facts["totals.change"].source.line == 6  # line numbers are those of the input given
    assert not [f for f in ctx.findings if f.code.startswith("narrative-")]


def test_unmatched_sentence_gives_a_finding():
    body = [ln.replace("本年收入合计", "本年度各项收入共计") for ln in NARRATIVE_LINES[:211]]
    ctx, _, facts = read_narrative(body)
    assert "income.total" not in facts and "income.fiscal" in facts
    found = [f for f in ctx.findings if f.code == "narrative-fact-unmatched"]
    assert len(found) == 1 and found[0].source.line == 13
    # the message quotes the template's wording in Chinese, never the fact's key (house rule)
    assert "本年收入合计" in found[0].message and "二、收入决算情况" in found[0].message
    assert "income" not in found[0].message and found[0].severity.value == "info"


def test_missing_section_gives_a_finding():
    body = [ln for ln in NARRATIVE_LINES[:211] if "本年支出合计" not in ln and ln != "三、支出决算情况"]
    ctx, _, facts = read_narrative(body)
    assert "expenditure.total" not in facts
    missing = [f.subject for f in ctx.findings if f.code == "narrative-section-missing"]
    assert missing == ["支出决算情况"]


def test_empty_and_headless_input():
    ctx, sections, facts = read_narrative([])
    assert sections == [] and facts == {}
    ctx, sections, facts = read_narrative(["只有一句话，没有标题", "", "续行。"])
    assert len(sections) == 1 and sections[0].text == "只有一句话，没有标题续行。"
    assert sections[0].level == 0 and {1, 3} <= ctx.placed


NOISE = ["", "1.", "（一）", "一、", "第三部分", "- 85 -", "$\\geq*$", "12,3 万元", "图", "\t1\t2", "（", "9" * 40, "“"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 400), st.integers(0, 400), st.sampled_from(NOISE)), max_size=8)
)
def test_damaged_narrative_never_raises_and_places_every_line(edits):
    body = list(NARRATIVE_LINES)
    for op, i, j, noise in edits:
        if not body:
            break
        i, j = i % len(body), j % len(body)
        if op == 0:
            del body[i]
        elif op == 1:
            body.insert(i, body[i])
        elif op == 2:
            body[i], body[j] = body[j], body[i]
        elif op == 3:
            body[i] = body[i][: j % (len(body[i]) + 1)]
        else:
            body.insert(i, noise)
    lines = split_lines("\n".join(body))
    ctx = ReadContext("fuzz.txt", lines)
    sections = narrative.read_prose(ctx, lines, "第三部分 说明")
    narrative.extract_facts(ctx, sections)
    assert all(ln.number in ctx.placed for ln in lines if not ln.blank)


def test_two_captions_after_an_unfinished_paragraph():
    # found by the fuzz test above: a caption after a caption (the chart's two titles, or a line
    # swapped by a converter) after a paragraph with no full stop raised IndexError
    lines = split_lines("一、收入支出决算总体情况\n2022年度收、支总计96,719.61万元，与上年相比增加\n图1：收入决算图\n图2：支出决算图\n主要是新增基本建设支出。")
    ctx = ReadContext("captions.txt", lines)
    sections = narrative.read_prose(ctx, lines, "第三部分 说明")
    assert list(sections[0].figures) == ["图1：收入决算图", "图2：支出决算图"]
    assert all(ln.number in ctx.placed for ln in lines if not ln.blank)
