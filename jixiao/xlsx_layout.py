"""The fixed layout of the two Excel templates, the drop-down lists, and the styles.

Both writer and reader take every position and label from here, so that the two cannot
drift apart. Row numbers are those of a freshly written sheet; the reader finds blocks by
their labels and reports rows that sit where the layout has none.

绩效目标表 (one sheet per project, columns A–F as printed, helper columns H–J)::

    1  N.项目名绩效目标表                                   (A1:F1)
    2  124001单位名称                          单位：万元
    3  项目编码 | code          | 项目名称 | name
    4  预算规模及 | 预算数 | 其中：财政资金 | 其他资金 | 资金用途
    5  资金用途   | 17.00  | 17.00         |          | purpose
    6  资金支出   | 3月底  | 6月底 | 10月底 | 12月底
    7  计划（%）  | amount …
    8  绩效目标   | goal text                                 (B8:F8)
    9  一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据 ‖ 比较符 | 数值 | 计量单位
    10… one indicator per row; a 一级 cell merged over the rows that share it

市级预算项目支出绩效自评表 (one sheet per form, columns A–I as printed, helpers K–M,
cells the published form had in no column from N on)::

    1  title  2 （2022年度）  3 单位：万元
    4  项目名称 | … | 主管部门 | …        5 项目实施单位 | … | 联系电话 | …
    6  项目预算执行情况(10分) | | 年初预算数 | 调整后预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分
    7… one funding row each (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金)
    g  年度总体目标 | 年初预期目标 (B:E) | 目标实际完成情况 (F:I); g+1 the two texts
    h  年度绩效指标(50分) | 一级指标 | 二级指标 | 三级指标 | 年度指标值(A) | 实际完成指标值(B) | 分值 | 得分 | 偏差原因…
    h+1… indicators;  then 小计 (A:F), 总分 (A:F), the under-80 explanation, the notes

Every row may carry, in the hidden column :data:`RAW_COLUMN`, a JSON object mapping column
letters to the text of a number as published ("17.00", "99.5896603") or the published value
of a formula cell, so that reading back gives the exact text (see the reader).
"""

from __future__ import annotations

from jixiao.model.goals import INDICATOR_LEVELS

TEMPLATE_TAG = "jixiao-template"
VERSION = "1"
META_SHEET = "_jixiao"
LISTS_SHEET = "_lists"
KIND_GOALS = "goal_tables"
KIND_FORMS = "self_evaluations"

RAW_COLUMN = 30  # AD: hidden, JSON of published number texts per row
RAW_HEADER = "jixiao原文"
INHERITED = "inherited:"  # hidden-column key prefix: this 一级/二级 label was inherited in the source
EXTRA_HEADER = "原表多余单元格"
HELPER_HEADERS = ("比较符", "数值", "计量单位")
SPARE_ROWS = 30  # empty rows under a goal sheet's indicator table, with the drop-downs, for new indicators

# -- 绩效目标表 ----------------------------------------------------------------------------------------------
GOAL_WIDTH = 6  # A–F
GOAL_HELPER = 8  # H: 比较符, I: 数值, J: 计量单位
GOAL_ROWS = {"title": 1, "unit": 2, "code": 3, "budget_head": 4, "budget": 5, "plan_head": 6, "plan": 7,
             "goal": 8, "header": 9}
GOAL_FIRST_INDICATOR = 10
GOAL_LABELS = {
    "code": "项目编码",
    "name": "项目名称",
    "budget_block": "预算规模及资金用途",
    "budget": "预算数",
    "fiscal": "其中：财政资金",
    "other": "其他资金",
    "purpose": "资金用途",
    "plan": "资金支出计划（%）",
    "goal": "绩效目标",
}
GOAL_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
PLAN_LABELS = ("3月底", "6月底", "10月底", "12月底")

# -- 市级预算项目支出绩效自评表 -------------------------------------------------------------------------------
FORM_WIDTH = 9  # A–I
FORM_HELPER = 11  # K: 比较符, L: 数值, M: 计量单位 (of 年度指标值)
FORM_EXTRA = 14  # N…: cells of the published form that fit no column
FORM_TITLE = "市级预算项目支出绩效自评表"
FORM_ROWS = {"title": 1, "year": 2, "money_unit": 3, "project": 4, "unit": 5, "budget_head": 6}
FORM_BUDGET_HEADER = ("年初预算数", "调整后预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")
FORM_INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成指标值（B）", "分值", "得分",
                         "偏差原因分析及改进措施")
FORM_LABELS = {
    "project": "项目名称",
    "department": "主管部门",
    "unit": "项目实施单位",
    "phone": "联系电话",
    "budget": "项目预算执行情况（10分）",
    "goals": "年度总体目标",
    "goal_expected": "年初预期目标",
    "goal_actual": "目标实际完成情况",
    "indicators": "年度绩效指标（50分）",
    "subtotal": "小计",
    "total": "总分",
    "low_score": "总分在80分以下的项目未实现绩效目标的原因分析及拟采取的措施说明：",
}
BUDGET_LINES = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
TOTAL_LINE = "年度资金总额"

# -- drop-down lists (财预〔2020〕10号 and 财预〔2021〕101号) ------------------------------------------------------
LEVEL2_BY_LEVEL1: dict[str, tuple[str, ...]] = INDICATOR_LEVELS
LEVEL1 = tuple(LEVEL2_BY_LEVEL1)
LEVEL2 = tuple(dict.fromkeys(name for names in LEVEL2_BY_LEVEL1.values() for name in names))
SIGNS = ("≥", ">", "=", "≤", "<")
BASES = ("计划标准", "行业标准", "历史标准", "预算支出标准", "其他标准")
UNITS = ("%", "个", "次", "人", "人次", "件", "项", "家", "户", "名", "门", "类", "种", "台", "套", "辆", "批次",
         "场", "份", "册", "篇", "天", "小时", "个月", "年", "元", "万元", "平方米", "米", "公里", "吨")

# -- styles -------------------------------------------------------------------------------------------------
FONT = "宋体"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
TEXT_FORMAT = "@"
HELPER_FILL = "F2F2F2"
INPUT_FILL = "FFFFFF"
