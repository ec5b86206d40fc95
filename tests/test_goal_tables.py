"""Golden tests on seed 000 (青岛市司法局 2023 绩效目标表): real values from the document."""

from decimal import Decimal as D

import pytest


def test_book_header(goals_doc):
    assert goals_doc.kind == "goal_tables"
    assert goals_doc.department.name == "青岛市司法局"
    assert goals_doc.year == 2023
    assert goals_doc.title == "青岛市司法局2023年部门预算绩效目标"


def test_ten_projects_eighty_indicators(goals_doc):
    projects = goals_doc.goals.projects
    assert [p.number for p in projects] == list(range(1, 11))
    assert [len(p.indicators) for p in projects] == [8, 8, 8, 8, 8, 8, 7, 8, 9, 8]


PROJECTS = [
    # number, code, name, unit code, unit name, budget, fiscal, plan (3/6/10/12月底)
    (1, "37020023P88002811020P", "法律培训费", "124001", "青岛市司法局本级", "17.00", "17.00", (None, "2.00", "10.00", "17.00")),
    (2, "37020023P88002811018Q", "法律职业资格考试费", "124001", "青岛市司法局本级", "120.00", "120.00",
     (None, None, "15.00", "120.00")),
    (3, "37020023P880028109110", "法治专项业务费", "124001", "青岛市司法局本级", "208.40", "208.40",
     (None, "40.00", "150.00", "108.40")),
    (4, "37020023P88002810912K", "惠企法律服务费", "124001", "青岛市司法局本级", "100.00", "100.00",
     (None, None, "50.00", "100.00")),
    (5, "37020023P880028109137", "警用服装费", "124001", "青岛市司法局本级", "376.59", "376.59",
     (None, "376.59", None, None)),
    (6, "37020023P88002811019C", "普法人民监督员涉法涉诉经费", "124001", "青岛市司法局本级", "71.00", "71.00",
     (None, "20.00", "40.00", "71.00")),
    (7, "37020023P880028111981", "新公共法律服务中心配套经费", "124001", "青岛市司法局本级", "20.00", "20.00",
     (None, "10.00", None, "20.00")),
    (8, "37020023P13000410220L", "政务信息化项目运维服务资金", "124001", "青岛市司法局本级", "158.36", "158.36",
     (None, "50.00", None, "158.36")),
    (9, "37020023P88002810931P", "法律援助及12348业务费", "124005", "青岛市法律援助中心", "378.50", "378.50",
     ("10.00", "20.00", "150.00", "378.50")),
    (10, "37020023P88002810932B", "公共法律服务中心建设运行费", "124005", "青岛市法律援助中心", "37.80", "37.80",
     ("5.00", "10.00", "30.00", "37.80")),
]


@pytest.mark.parametrize("number,code,name,unit_code,unit_name,budget,fiscal,plan", PROJECTS)
def test_project_fields(goals_doc, number, code, name, unit_code, unit_name, budget, fiscal, plan):
    p = goals_doc.goals.projects[number - 1]
    assert (p.number, p.code, p.name) == (number, code, name)
    assert (p.unit.code, p.unit.name) == (unit_code, unit_name)
    assert p.money_unit == "万元"
    assert p.budget == D(budget) and p.fiscal_funds == D(fiscal)
    assert p.other_funds is None  # 其他资金 is blank in every table
    assert [pt.label for pt in p.spending_plan.points] == ["3月底", "6月底", "10月底", "12月底"]
    assert [pt.month for pt in p.spending_plan.points] == [3, 6, 10, 12]
    assert tuple(None if pt.amount is None else format(pt.amount, "f") for pt in p.spending_plan.points) == plan
    assert p.spending_plan.header == "资金支出计划（%）"  # the header says % although the cells are 万元
    assert p.goal and p.purpose


def test_text_fields(goals_doc):
    p = goals_doc.goals.projects[0]
    assert p.purpose == "组织司法行政系统及行政执法人员法律知识培训"
    assert p.goal.startswith("6.通过组织司法行政系统及行政执法人员法律知识培训")
    assert p.source.line == 3 and p.title == "1.法律培训费绩效目标表"
    assert goals_doc.goals.projects[9].goal.startswith("1.目标内容： 通过公共法律服务中心正常运转")


def test_indicator_rows(goals_doc):
    projects = goals_doc.goals.projects
    first = projects[0].indicators[0]
    assert (first.level1, first.level2, first.name, first.description) == (
        "成本指标", "经济成本指标", "培训费支出标准", "培训费开支符合规定")
    assert first.target.raw == "≤550元（每人每天）" and first.basis == "依据政策要求"
    assert first.source.line == 48  # the 三级 cell "培训费支出标准"
    second = projects[0].indicators[1]
    assert (second.level1, second.level2, second.name, second.target.raw) == ("产出指标", "数量指标", "组织培训次数", "≥3次")
    third = projects[0].indicators[2]  # 一级 cell blank: carried down from the row above
    assert third.level1 == "产出指标" and third.level1_inherited and third.target.raw == "≥7门"
    assert [i.level1 for i in projects[0].indicators] == [
        "成本指标", "产出指标", "产出指标", "产出指标", "产出指标", "产出指标", "效益指标", "满意度指标"]
    last = projects[9].indicators[-1]
    assert (last.level1, last.level2, last.name) == ("满意度指标", "服务对象满意度指标", "来访人员咨询满意度")
    assert last.description == "接待咨询来访人员满意度达到80%"
    assert last.target.raw == "≥80接待来访群众满意度达80%以上"
    assert last.basis is None  # projects 7–10 leave 指标值确定依据 empty
    p5 = projects[4].indicators
    assert p5[0].name == "按照公安部规定的警服限价标准执行" and p5[0].target.raw == "单件成本控制在限价范围内"
    assert p5[5].name == "警服采购完成时间" and p5[5].target.raw == "≤2023年11月底"


def test_every_indicator_has_a_target_and_location(goals_doc):
    for p in goals_doc.goals.projects:
        for ind in p.indicators:
            assert ind.target.raw, (p.name, ind.name)
            assert ind.level1.endswith("指标") and ind.level2.endswith("指标")
            assert ind.source.line and ind.source.path.endswith("000_9e54d6a05597118f.txt")


def test_nothing_unplaced(goals_doc):
    assert goals_doc.unplaced == ()
