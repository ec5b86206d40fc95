"""Findings: problems in input reported as values, from one catalogue of stable codes.

A reader, rule or check never raises on a bad document; it records a :class:`Finding`
with the location and goes on. Every finding kind is declared once in :data:`CATALOGUE`
with a kebab-case code, a severity, a Chinese title and a message template.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.finding import Finding, FindingKind, Severity
from jixiao.model.source import Source

__all__ = ["CATALOGUE", "Finding", "FindingKind", "Severity", "make_finding", "summarize"]


_KINDS: list[FindingKind] = []


def _kind(code: str, severity: Severity, title: str, template: str, *tags: str, description: str = "") -> None:
    _KINDS.append(FindingKind(code, severity, title, template, tags, description))


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- reading files ---------------------------------------------------------------------
_kind("file-unreadable", E, "无法读取文件", "无法读取文件：{reason}", "read")
_kind("file-empty", E, "文件为空", "文件为空，没有可读取的内容", "read")
_kind("file-binary", E, "二进制文件", "文件不是文本（含有二进制内容），无法按文本读取", "read")
_kind("encoding-fallback", I, "按GB18030读取", "文件不是UTF-8编码，已按{encoding}读取", "read")
_kind("encoding-invalid", W, "编码错误", "文件含有无法解码的字节，已用替换字符“\ufffd”保留位置：{detail}", "read")
_kind("document-kind-unknown", E, "无法识别文档类型", "无法识别文档类型：{closest}", "read")
_kind("document-kind-detected", I, "文档类型", "识别为{kind}，依据：{evidence}（把握 {confidence}）", "read",
      description="每个文档一条：读取器按哪些特征认定了文档类型。")
_kind("document-part", I, "文档中的一部分", "{lines}是{kind}“{title}”，已按{kind}读取（依据：{evidence}）", "read",
      description="一个文档由几部分组成时（如评价得分表后接一段自评说明），另一类的部分各由其读取器读取，每部分一条。")
_kind("capture-header", I, "网页摘录的来源说明", "第1–{last}行是网页摘录的来源说明（SOURCE/NOTE），不作为文档内容读取", "read")
_kind("unplaced-text", I, "未归类文本", "此行内容未能归入任何结构，已原样保留：{text}", "read", "coverage")
# -- text clean-up ---------------------------------------------------------------------
_kind("page-number-in-cell", I, "单元格中的页码", "单元格中混入页码“{marker}”，已移除后读取", "read", "cleanup")
_kind("latex-fragment", I, "排版符号残片", "单元格中含有排版符号“{fragment}”，已按“{replacement}”读取", "read", "cleanup")
_kind("number-out-of-range", W, "数字超出范围",
      "数字“{number}”超出可计算的范围（小数点前、后各最多{limit}位），已作为文字保留，不参与计算", "read", "number",
      description="一串过长的数字（损坏的单元格、编号）不当作金额或分值计算，原文保留。")
_kind("number-malformed", W, "数字格式错误", "“{text}”不是有效数字", "read", "number")
_kind("cell-shifted", I, "单元格错位", "单元格错位：{detail}", "read", "layout")
_kind("subject-code-unpadded", W, "科目编码缺少前导零", "{table}的{level}级科目编码印作“{raw}”（应为“{padded}”，如{example}），前导零丢失，读者无法按编码查对科目；按{padded}读取", "read", "layout")
# -- target values (指标值) --------------------------------------------------------------
_kind("target-empty", W, "指标值为空", "指标“{subject}”没有填写指标值", "target")
_kind("target-ambiguous", W, "指标值含义不明", "指标值“{text}”含义不明：{detail}", "target")
_kind("target-prose-mixed", W, "指标值混入说明文字", "指标值“{text}”在数值后混入说明文字“{prose}”", "target")
_kind("target-unit-missing", W, "指标值缺少计量单位", "指标值“{text}”只有数字，没有计量单位", "target")
_kind("target-unparsed", W, "指标值无法解析", "指标值“{text}”无法解析为比较符、数值和单位，已作为文字保留", "target")
_kind("target-unit-from-prose", I, "单位取自说明文字", "指标值“{text}”的数值没有单位，已按其后说明文字“{prose}”读作“{unit}”", "target")
_kind("target-sign-conflict", W, "比较符与文字矛盾", "指标值“{text}”中比较符“{sign}”与“{word}”的方向相反", "target")
# -- goal tables (绩效目标表) --------------------------------------------------------------
_kind("goal-field-missing", W, "目标表缺少字段", "项目“{subject}”缺少“{field}”", "goal")
_kind("goal-amount-malformed", W, "金额格式错误", "项目“{subject}”的“{field}”金额“{text}”无法读取", "goal", "number")
_kind("goal-name-mismatch", W, "项目名称不一致", "表题中的项目名称“{expected}”与“项目名称”栏“{actual}”不一致", "goal")
_kind("goal-plan-shape", W, "资金支出计划不完整", "项目“{subject}”的资金支出计划有{labels}个时点，但只读到{count}个金额单元格", "goal", "layout")
_kind("goal-indicator-incomplete", W, "指标行不完整", "指标行有{count}个单元格（应为6个）：{text}", "goal", "layout")
_kind("goal-rows-merged", I, "指标行粘连", "项目“{subject}”中{count}个指标行之间缺少分隔，已按每行6个单元格拆开", "goal", "layout")
# -- forms standing on their own (自评表, 目标表, 得分表 of any province) -------------------------
_kind("form-layout-unreadable", I, "表格无法拆分", "“{subject}”：{detail}；原文已原样保留，未按列读取", "form", "layout", "coverage")
_kind("form-template-row", I, "模板占位行", "“{subject}”中保留了模板占位行“{text}”（未填写内容）", "form", "template")
_kind("form-formula-mismatch", E, "表内公式不成立", "“{subject}”{line}：按表头公式“{formula}”应为{expected}，表中为{actual}", "form", "arithmetic")
_kind("form-goal-is-amount", W, "总体目标填成了金额", "“{subject}”的年度总体目标栏填写的是数字（{fields}）而不是目标{detail}，目标实际未填写", "form", "principle")
_kind("form-money-scale-suspect", W, "金额单位疑误", "“{subject}”表头金额单位为{unit}，但{line}的金额{amount}按{unit}读为{reading}{why}，可能实为元", "form", "unit")
_kind("form-money-scale-large", I, "金额按单位读数很大", "“{subject}”表头金额单位为{unit}，{line}的金额{amount}按{unit}读为{reading}，请核对金额单位", "form", "unit")
_kind("form-template-text", W, "表中残留填表说明", "“{subject}”中残留模板的填表说明文字“{text}”（含“{marker}”）", "form", "template")
_kind("score-total-blank", W, "得分表总分未填写", "“{subject}”印有{label}行，但得分栏未填写（各项已填得分合计{scored}分）", "form", "score")
_kind("score-sum-mismatch", E, "得分合计与总分不符", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "form", "score", "arithmetic")
_kind("score-weights-sum", W, "分值合计不等于满分", "“{subject}”各项分值合计为{actual}分（可选项只计一次），{rule}应为{expected}分", "form", "score",
      description="满分取表中印出的总分分值；没有印出时，表有标题或表头且印有总分行，按满分100分核对。")
_kind("score-out-of-range", E, "得分超出分值范围", "“{subject}”指标“{item}”得分{actual}不在[0, {weight}]之内", "form", "score", "arithmetic")
_kind("score-rate-mismatch", E, "得分率计算有误", "“{subject}”{what}的得分率：{score}÷{weight}应为{expected}，表中为{actual}", "form", "score", "arithmetic")
_kind("score-stated-mismatch", E, "文中得分与得分表不符", "文中“{stated}”与“{subject}”不符：{basis}为{expected}分", "form", "score")
# -- final accounts (部门决算) ------------------------------------------------------------
_kind("table-missing", W, "缺少决算公开表", "未找到决算公开表“{subject}”", "accounts")
_kind("tables-absent", I, "文件中没有决算公开表", "文件中没有任何决算公开表（可能是节选，或表格在附件中），表格未核对", "accounts", "coverage",
      description="一张公开表也没有时只报这一条：缺的是整组表格（节选、附件），不是逐表遗漏。")
_kind("table-duplicate", W, "决算表重复", "决算公开表“{subject}”出现不止一次", "accounts")
_kind("table-row-unparsed", W, "表格行无法读取", "表“{table}”中此行无法按表头读取，已原样保留：{text}", "accounts", "layout")
_kind("table-column-count", W, "表格列数不符", "表“{table}”此行有{count}列，表头为{expected}列", "accounts", "layout")
_kind("table-header-repeated", I, "表头重复", "表“{table}”的表头在分页处重复出现，已跳过", "accounts", "layout")
_kind("section-missing", W, "缺少部分", "未找到“{subject}”部分", "accounts")
# -- narrative (情况说明) -------------------------------------------------------------------
_kind("narrative-fact-unmatched", I, "说明文字未按模板读取", "“{section}”中未找到{what}按模板写法“{wording}”的表述（可能换了说法），其中的数字未读取", "accounts", "narrative", "coverage")
_kind("narrative-section-missing", I, "说明缺少章节", "情况说明中未找到“{subject}”一节，其中的数字未读取", "accounts", "narrative", "coverage")
# -- self-evaluation forms (绩效自评表) ----------------------------------------------------
_kind("selfeval-row-unparsed", W, "自评表行无法读取", "自评表“{subject}”中此行无法归入预算或指标栏目，已原样保留：{text}", "selfeval", "layout")
_kind("selfeval-field-missing", W, "自评表缺少字段", "自评表“{subject}”缺少“{field}”", "selfeval")
_kind("selfeval-placeholder-row", I, "空占位指标行", "自评表“{subject}”中有未填写的占位指标行“{text}”", "selfeval")
_kind("selfeval-cells-merged", I, "单元格合并", "自评表“{subject}”中一个单元格含有两个栏目的值“{text}”，已拆分", "selfeval", "layout")
_kind("selfeval-filler-row", I, "填充行", "自评表“{subject}”中此行只有填充符号“{text}”，没有内容", "selfeval", "layout")
# -- evaluation reports (评价报告) ---------------------------------------------------------
_kind("evaluation-row-unparsed", W, "评分表行无法读取", "评分表中此行无法按表头读取，已原样保留：{text}", "evaluation", "layout")
_kind("evaluation-field-missing", W, "评价报告缺少字段", "评价报告“{subject}”缺少“{field}”", "evaluation")
_kind("evaluation-summary-mismatch", W, "评价报告前后不一致", "评价报告“{subject}”中{what}前后不一致：{detail}", "evaluation")
_kind("evaluation-indicator-name-missing", W, "评分表缺少指标名称", "评分表此行没有{level}级指标名称：{detail}", "evaluation", "layout")

# -- budget disclosures (部门预算 / 单位预算) -----------------------------------------------------
_kind("budget-table-unknown", I, "模板外的预算表", "预算公开表“{subject}”不在部门预算公开模板的表目中，已按表头原样读取", "budget")
_kind("budget-table-title-year-missing", I, "表名缺少年度", "预算表“{subject}”的表名没有年度，其他表名均为“{year}年…”", "budget",
      description="其他预算表的表名都写明了预算年度，这张没有写（模板为“YYYY年…预算表”）。封面和其他表已写明年度，数字不会被误读，记为info。")
_kind("budget-table-missing", W, "缺少预算公开表", "未找到预算公开表“{subject}”", "budget")
# -- budget checks: identities within and across the tables (docs/budget.md) ------------------
_B = "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}"
_kind("budget-rounding-gap", I, "尾数误差", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}，在尾数误差范围内（{summands}项×{step}）", "budget", "arithmetic", "rounding")
_kind("budget-balance-mismatch", E, "预算收支不平衡", _B, "budget", "arithmetic")
_kind("budget-total-mismatch", E, "预算合计数不等于各项之和", _B, "budget", "arithmetic")
_kind("budget-row-sum-mismatch", E, "预算表行内各栏不平", _B, "budget", "arithmetic")
_kind("budget-subject-sum-mismatch", E, "预算表科目级次不平", _B, "budget", "arithmetic")
_kind("budget-cross-table-mismatch", E, "预算表间数据不一致", _B, "budget", "cross-table")
_kind("budget-empty-table-note-missing", W, "空表缺少说明", "预算表“{subject}”没有数据，但未注明为空表的原因", "budget")
_kind("budget-empty-table-note-contradicts", E, "空表说明与数据矛盾", "预算表“{subject}”注明为空表（{note}），但表中有金额{actual}", "budget")
# -- budget checks: the narrative against the tables ------------------------------------------
_kind("budget-narrative-mismatch", E, "说明与预算表不一致", "{what}：说明中为{actual}，{table}为{expected}（{rule}）", "budget", "narrative")
_kind("budget-narrative-rounding", I, "说明与预算表的尾数误差", "{what}：说明中为{actual}，{table}为{expected}（{rule}），差异在末位尾数之内", "budget", "narrative", "arithmetic", "rounding")
_kind("budget-narrative-row-missing", W, "说明中的科目在表中找不到", "说明中的“{subject}”在表“{table}”中找不到对应的行，金额无法核对", "budget", "narrative")
_kind("budget-heading-sentence-mismatch", E, "标题与正文金额不一致", "“{subject}”：标题中为{expected}，正文“{year}年预算安排”为{actual}", "budget", "narrative")
_kind("budget-change-mismatch", E, "增减幅度与两个数不符", "“{subject}”：说明称比{year}年{word}{actual}，按{previous}和{current}计算应为{expected}", "budget", "narrative", "arithmetic")
_kind("budget-change-from-zero", W, "由零增长写成百分比", "“{subject}”：比较数为0，增幅无法用百分比表示，说明却写“{word}{actual}%”", "budget", "narrative")
_kind("budget-parts-mismatch", E, "分项之和不等于总数", "{what}：各分项之和为{expected}，说明中的总数为{actual}", "budget", "narrative", "arithmetic")
_kind("budget-year-wrong", W, "比较年度有误", "{what}：说明写“比{stated}年预算”，而本预算为{year}年，比较的应是上一年", "budget", "narrative")
_kind("budget-project-period-year", W, "项目实施周期年份不符", "项目“{subject}”的实施周期“{text}”不在预算年度{year}年内", "budget", "narrative")
_kind("budget-edition-mismatch", W, "单位预算自称部门", "单位预算中使用了部门预算的说法：“{text}”", "budget", "narrative")
_kind("budget-old-category-name", W, "科目名称与表中不一致", "说明中的类级科目“{actual}”与表中同一科目（{class_code}）的名称“{expected}”不一致（旧科目名称？）", "budget", "narrative")
_kind("budget-goals-exceed-projects", W, "绩效目标金额超过项目支出", "编报绩效目标的项目预算资金{actual}万元大于支出预算表的项目支出{expected}万元", "budget", "narrative")
# -- budget checks: across documents ----------------------------------------------------------
_kind("budget-units-exceed-department", E, "单位预算大于部门预算", "{what}：单位预算{actual}大于部门预算{expected}（单位预算是部门预算的组成部分）", "budget", "cross-document")
_kind("budget-units-coverage", I, "单位预算占部门预算的份额", "{what}：所给单位预算合计{actual}，部门预算{expected}，覆盖{share}{rest}", "budget", "cross-document")
_kind("budget-project-mismatch", W, "项目预算与绩效目标表或自评表不一致", "项目“{subject}”：{where}为{actual}，{year}年预算说明中的年度预算安排为{expected}", "budget", "cross-document")
_kind("budget-initial-mismatch", E, "决算所述年初预算与当年预算不一致",
      "{subject}：决算说明中为{actual}，{year}年部门预算（一般公共预算支出功能分类预算表合计）为{expected}",
      "budget", "cross-document")
_kind("budget-final-accounts-mismatch", E, "决算中的年初预算与预算不一致", "{what}：决算中的年初预算为{actual}，{year}年预算为{expected}", "budget", "cross-document")

# == checks (jixiao check) ===============================================================
_kind("check-failed", E, "检查程序出错", "检查“{subject}”运行出错，已跳过：{error}", "internal")
# -- final accounts: identities within and across tables (rules.md §4.3) -------------------
_kind("rounding-gap", I, "尾数误差", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}，在尾数误差范围内（{summands}项×0.01）", "accounts", "arithmetic", "rounding")
_kind("total-mismatch", E, "合计数不等于各项之和", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "accounts", "arithmetic")
_kind("row-sum-mismatch", E, "行内各栏不平", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "accounts", "arithmetic")
_kind("subject-sum-mismatch", E, "科目级次不平", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "accounts", "arithmetic")
_kind("balance-mismatch", E, "收支不平衡", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "accounts", "arithmetic")
_kind("cross-table-mismatch", E, "表间数据不一致", "{what}：按“{rule}”应为{expected}，表中为{actual}，相差{gap}", "accounts", "cross-table")
_kind("table-unit-suspect", W, "表格金额单位疑似标错", "表“{subject}”{column}标明金额单位为{unit}，但{evidence}，两者相差{factor}倍：疑为单位标错，已按原样保留、未作换算", "accounts", "cross-table", "visible")
_kind("three-public-exceeds", W, "基本支出明细超过三公决算", "{what}：表06中{item}为{actual}，大于表09中对应的三公经费决算数{expected}", "accounts", "cross-table")
_kind("carry-over-exceeds", W, "财政拨款结转大于全部结转", "{what}：财政拨款{kind}{actual}大于全部资金的{kind}{expected}", "accounts", "cross-table")
_kind("empty-table-note-missing", W, "空表缺少说明", "表“{subject}”没有数据，但未按要求注明“本表无数据”的原因", "accounts")
_kind("empty-table-note-contradicts", E, "空表说明与数据矛盾", "表“{subject}”注明“本表无数据”，但表中有非零金额{actual}", "accounts")
_kind("cell-empty-needed", W, "应有金额的单元格为空", "{what}没有可读的金额（空白或无法读取），而按“{rule}”应为{expected}", "accounts", "arithmetic", "visible")
_kind("table-row-missing", I, "表中缺少必要的行", "表“{subject}”中未找到“{row}”行，相关勾稽关系无法检查", "accounts", "coverage")

# -- checks: target tables (财预〔2021〕101号, rules.md §2) ------------------------------------
_kind("goal-value-not-quantified", W, "指标值未量化", "{level}“{subject}”的指标值“{text}”不是量化值（{kind}）；{why}", "goal", "principle")
_kind("goal-benefit-qualitative", I, "效益指标为定性表述", "效益指标“{subject}”的指标值“{text}”为定性表述，可衡量性较弱，宜量化或分级（好/一般/差）", "goal", "principle")
_kind("goal-basis-missing", W, "缺少指标值确定依据", "项目“{subject}”有{count}个指标未填写指标值确定依据：{names}", "goal", "principle")
_kind("goal-value-kind-mismatch", W, "指标值类型与指标不符", "指标“{subject}”{detail}，指标值却是“{text}”", "goal", "principle")
_kind("goal-target-degenerate", W, "指标值设定无意义", "指标“{subject}”的指标值“{text}”{detail}", "goal", "principle")
_kind("goal-cost-qualitative", W, "成本指标未量化", "成本指标“{subject}”的指标值“{text}”不是金额或标准数值，无法据以控制和考核成本", "goal", "principle")
_kind("goal-cost-exceeds-budget", E, "成本指标超过预算数", "项目“{project}”的成本指标“{subject}”上限{actual}大于项目预算数{expected}", "goal", "arithmetic")
_kind("goal-plan-falls", E, "资金支出计划回落", "项目“{subject}”的资金支出计划按累计数读，{label}的{actual}小于{prev_label}的{expected}", "goal", "plan")
_kind("goal-plan-not-cumulative", W, "资金支出计划不是累计数", "项目“{subject}”的资金支出计划各时点金额之和{actual}等于预算数，是分期数而不是累计数（金额回落）", "goal", "plan")
_kind("goal-plan-end-mismatch", E, "资金支出计划与预算数不符", "项目“{subject}”的资金支出计划最后一个时点（{label}）为{actual}，不等于预算数{expected}", "goal", "plan")
_kind("goal-plan-header-percent", I, "资金支出计划表头单位不符", "资金支出计划表头写“（%）”，但{count}个项目的单元格是金额（与预算数同单位）：{detail}", "goal", "plan")
_kind("goal-funds-mismatch", E, "资金来源之和不等于预算数", "项目“{subject}”的财政资金{fiscal}与其他资金{other}之和为{actual}，不等于预算数{expected}", "goal", "arithmetic")
_kind("goal-indicator-kind-missing", W, "缺少必设指标", "项目“{subject}”没有设置{kind}（{why}）", "goal", "principle")
_kind("goal-indicator-duplicate", W, "指标重复", "项目“{project}”中三级指标“{subject}”出现{count}次", "goal")
_kind("goal-indicator-pairing", W, "二级指标不属于一级指标", "指标“{subject}”的二级指标“{level2}”不属于一级指标“{level1}”", "goal")
_kind("dept-goal-missing", E, "部门整体缺少年度总体目标", "部门“{subject}”的部门整体绩效目标未填写年度总体目标", "goal", "department")
_kind("dept-duties-missing", W, "部门整体缺少部门职责", "部门“{subject}”的部门整体绩效目标未列出部门职责", "goal", "department")
_kind("dept-funds-missing", E, "部门整体缺少资金总额", "部门“{subject}”的部门整体绩效目标未填写资金总额（按来源）", "goal", "department")
_kind("dept-indicators-missing", E, "部门整体缺少绩效指标", "部门“{subject}”的部门整体绩效目标没有绩效指标", "goal", "department")
_kind("dept-funds-total-mismatch", E, "资金来源之和不等于资金总额", "部门“{subject}”的资金来源{names}之和为{actual}{unit}，不等于所填资金总额{expected}{unit}，相差{gap}", "goal", "department", "arithmetic")
_kind("dept-fund-parts-exceed", E, "“其中”各项大于所属资金", "部门“{subject}”的{parent}中“其中”所列{names}合计{actual}，大于{parent}{expected}", "goal", "department", "arithmetic")
_kind("dept-tasks-exceed-funds", W, "重点工作资金超过资金总额", "部门“{subject}”部门职责中{count}项重点工作的资金合计{actual}{unit}，超过资金总额{expected}{unit}", "goal", "department", "arithmetic")
_kind("dept-indicator-target-missing", W, "部门整体指标缺少指标值", "部门“{department}”的绩效指标“{subject}”没有填写指标值", "goal", "department")
_kind("dept-points-total", W, "指标分值合计不是100", "部门“{subject}”的{count}个绩效指标分值合计为{actual}，应为{expected}{detail}", "goal", "department")
_kind("dept-block-repeated", W, "部门整体目标表的栏目重复", "“{block}”栏目在表中出现第二次，只读取了第一次的内容，此处原样保留", "goal", "department", "layout")
_kind("selfeval-score-override", W, "自评得分人工修改", "自评表“{project}”的指标“{subject}”得分改为{actual}，按规则计算为{expected}；理由：{reason}", "selfeval", "scoring")
# -- checks: across documents and across parts of one document -----------------------------
_kind("cross-year-target-low", W, "目标值明显低于上年实际", "项目“{project}”{year}年指标“{subject}”的目标{actual}低于{prev_year}年实际完成值{expected}的{threshold}（为其{ratio}）", "cross-document")
_kind("cross-year-target-high", I, "目标值明显高于上年实际", "项目“{project}”{year}年指标“{subject}”的目标{actual}高于{prev_year}年实际完成值{expected}的{threshold}（为其{ratio}）", "cross-document")
_kind("cross-year-budget-changed", I, "预算数与上年不同", "项目“{subject}”{year}年预算数{actual}，{prev_year}年为{expected}（{change}）", "cross-document")
_kind("cross-year-budget-raised-low-grade", W, "上年评价中差的项目预算增加且未说明理由", "项目“{subject}”{prev_year}年评价等级为“{grade}”（{where}），{year}年预算数{actual}比上年{expected}增加{change}，目标表未说明增加的理由", "cross-document", "visible",
      description="评价结果应与下年预算挂钩：上年评价为“中”或“差”的项目，下年预算增加而资金用途、绩效目标中未说明增加原因时报告。等级只取文档所述（评价报告或自评情况汇总表），不推算。")
_kind("amount-stated-differently", W, "同一金额前后表述不一致", "项目“{subject}”的{what}在{place}中为{actual}，自评表（第{form_line}行）中为{expected}", "cross-document")
# -- checks: wording of the document as a whole --------------------------------------------
_kind("comparison-word-contradicts", E, "比较用语与数字矛盾", "“{phrase}”与所比较的数字矛盾：{left}为{a}，{right}为{b}", "wording")
_kind("template-placeholder", W, "残留模板占位符", "{where}中残留模板占位符“{text}”（“{actual}”），应填写实际内容", "wording", "template", "visible")
_kind("template-instruction", W, "残留模板填写说明", "{where}中残留模板给填报人的说明文字“{text}”，公开文本中应删除", "wording", "template", "visible")
_kind("document-is-template", W, "文档是未填写的模板", "本文档是未填写的公开模板：有{count}处模板占位符或填写说明（如{examples}），只印有{amounts}个金额或比例；占位符不再逐条报告，表格和说明的数字未核对", "wording", "template",
      description="每个文档至多一条：占位符和填写说明不少于10处且多于文中金额时，按模板报告一次，代替逐处的占位符、说明覆盖和表格勾稽提示。")
_kind("year-mismatch", W, "年度与文档年度不符", "{where}写作“{text}”，而本文档是{year}年度的", "wording", "visible")
_kind("table-out-of-order", W, "决算表顺序不符", "决算公开表“{subject}”的位置不符合公开模板的顺序（{detail}）", "wording", "accounts")
_kind("percent-sign-missing", W, "百分比缺少%号", "“{text}”中的比例{number}后缺少“%”号", "wording", "visible")
_kind("punctuation-doubled", W, "标点重复", "“{text}”中标点“{mark}”重复", "wording", "visible")
# -- checks: narrative against tables (情况说明与报表、自评表、评价报告) ------------------------
_kind("narrative-amount-mismatch", E, "说明金额与报表不符", "{what}：说明中为{actual}，{basis}为{expected}，相差{gap}", "narrative")
_kind("narrative-share-mismatch", E, "占比计算有误", "{what}：说明中为{actual}，按“{rule}”（{numerator}÷{denominator}）应为{expected}{detail}", "narrative")
_kind("narrative-growth-mismatch", E, "增减幅度计算有误", "{what}：说明中{direction}{change}、{direction}{actual}，由此推算上年数为{previous}，{direction}幅度应为{expected}", "narrative")
_kind("narrative-completion-mismatch", E, "预算完成率计算有误", "{what}：说明中为{actual}，按“{rule}”（{numerator}÷{denominator}）应为{expected}", "narrative")
_kind("narrative-repeated-differs", E, "同一数字前后不一致", "{what}在情况说明中出现多次且不一致：此处为{actual}，第{first_line}行为{expected}", "narrative")
_kind("narrative-count-mismatch", E, "数量前后不符", "{what}：说明中为{actual}，{basis}为{expected}", "narrative")
_kind("narrative-item-unexplained", W, "支出科目未作说明", "{table}中{level}“{subject}”决算数{amount}，情况说明“{section}”中未作说明{detail}", "narrative")
_kind("narrative-subject-unknown", W, "说明中的科目在表中找不到", "说明中的“{subject}”在{table}中找不到对应的{level}行，无法核对其金额", "narrative")
_kind("narrative-selfeval-mismatch", E, "自评综述与自评表不一致", "项目“{subject}”的{what}：情况说明中为{actual}，{basis}为{expected}{detail}", "narrative")
_kind("narrative-evaluation-mismatch", E, "评价结果与评价报告不一致", "“{subject}”的{what}：情况说明中为{actual}，{basis}为{expected}", "narrative")
_kind("narrative-rounding-gap", I, "说明数字的尾数误差", "{what}：说明中为{actual}，{basis}为{expected}，差异在所用数字的尾数误差范围内（{detail}）", "narrative", "rounding")

# -- checks: self-evaluation forms and evaluation reports (自评表、评价报告) --------------------
_kind("selfeval-weight-mismatch", E, "自评表分值不平", "自评表“{subject}”{what}：按“{rule}”应为{expected}，表中为{actual}", "selfeval", "arithmetic")
_kind("selfeval-score-sum-mismatch", E, "自评表得分合计有误", "自评表“{subject}”{what}：按“{rule}”应为{expected}，表中为{actual}", "selfeval", "arithmetic")
_kind("selfeval-score-out-of-range", E, "自评表得分超出分值", "自评表“{subject}”{what}得分{actual}不在[0, {weight}]之内（得分最高不能超过该指标分值）", "selfeval", "arithmetic")
_kind("selfeval-execution-rate-mismatch", E, "执行率计算有误", "自评表“{subject}”的执行率：全年执行数{executed}÷{budget_name}{budget}应为{expected}，表中为{actual}", "selfeval", "arithmetic")
_kind("selfeval-grade-mismatch", E, "自评等级与得分不符", "项目“{subject}”{what}为{score}分，按“{bands}”应为“{expected}”，汇总表中为“{actual}”", "selfeval")
_kind("selfeval-item-score-differs", W, "指标得分与重新计算不符", "自评表“{subject}”指标“{item}”：重新计算得分{expected}，表中得分{actual}（{reason}）", "selfeval", "scoring")
_kind("selfeval-total-score-differs", W, "自评总分与重新计算不符", "自评表“{subject}”：按方案“{scheme}”重新计算总分{expected}，表中总分{actual}（{detail}）", "selfeval", "scoring")
_kind("selfeval-low-score-unexplained", W, "低于80分未说明原因", "自评表“{subject}”总分{actual}低于80分，但未填写“总分在80分以下的项目未实现绩效目标的原因分析及拟采取的措施说明”", "selfeval", "principle")
_kind("selfeval-deviation-unexplained", W, "偏差较大未分析原因", "自评表“{subject}”指标“{item}”实际完成值“{actual}”为年度指标值“{expected}”的{ratio}（偏差{deviation}，达到{threshold}），但未填写偏差原因分析{detail}", "selfeval", "principle")
_kind("selfeval-execution-unexplained", W, "执行率偏低未说明原因", "自评表“{subject}”预算执行率{actual}低于{threshold}，但表中没有说明原因", "selfeval", "principle")
_kind("selfeval-actual-not-comparable", W, "实际完成值与指标值不可比", "自评表“{subject}”指标“{item}”：年度指标值“{expected}”与实际完成值“{actual}”不可比（{reason}）", "selfeval", "principle")
_kind("selfeval-summary-unmatched", W, "汇总表与自评表对不上", "{what}“{subject}”{detail}（项目名称按去掉空格后比较）", "selfeval", "cross-table")
_kind("selfeval-summary-mismatch", E, "汇总表与自评表不一致", "项目“{subject}”的{what}：汇总表中为{actual}，自评表（第{form_line}行）中为{expected}", "selfeval", "cross-table")
_kind("selfeval-summary-rounded", I, "汇总表得分为自评表得分的舍入", "项目“{subject}”的自评得分：汇总表写作{actual}，是自评表总分{expected}保留{places}位小数的结果", "selfeval", "cross-table", "rounding")
_kind("evaluation-sum-mismatch", E, "评分表合计有误", "评价报告“{subject}”{what}：按“{rule}”应为{expected}，表中为{actual}", "evaluation", "arithmetic")
_kind("evaluation-rate-mismatch", E, "得分率计算有误", "评价报告“{subject}”{what}的得分率：{score}÷{weight}应为{expected}，表中为{actual}", "evaluation", "arithmetic")
_kind("evaluation-grade-mismatch", E, "评价等级与得分不符", "评价报告“{subject}”{what}为{score}，按“{bands}”应为“{expected}”，报告中为“{actual}”", "evaluation")
_kind("evaluation-text-mismatch", E, "报告正文与评分表不符", "评价报告“{subject}”正文中{what}为{actual}，{basis}为{expected}", "evaluation", "cross-table")
_kind("evaluation-text-contradicts", E, "报告正文自相矛盾", "评价报告“{subject}”中“{text}”自相矛盾：{detail}", "evaluation")
_kind("evaluation-score-out-of-range", E, "得分超出分值范围", "评价报告“{subject}”指标“{item}”得分{actual}不在[0, {weight}]之内", "evaluation", "arithmetic")
_kind("evaluation-partial-score-all-or-nothing", W, "全有或全无的标准给了部分分", "评价报告“{subject}”指标“{item}”的评分标准为“{standard}”（达标得满分，否则不得分），却得{actual}分（分值{weight}）", "evaluation", "principle")
# -- checks: statements in prose (“三公”经费说明, 自评报告, 监控报告) ---------------------------------
_kind("statement-total-mismatch", E, "各项之和不等于合计", "{where}{what}：所列各项{items}之和为{expected}，文中合计为{actual}，相差{gap}", "statement", "arithmetic")
_kind("statement-items-exceed-total", E, "所列各项超过合计", "{where}{what}：所列各项{items}之和{expected}大于文中合计{actual}（未列出的项目只能为零或正数）", "statement", "arithmetic")
_kind("statement-change-mismatch", E, "增减额与两年数字不符", "{where}{subject}{year}年“{phrase}”，但文中所列{year}年为{current}、{prev_year}年为{previous}，按两数应为{expected}，相差{gap}", "statement", "arithmetic")
_kind("statement-direction-contradicts", E, "增减方向与数字矛盾", "{where}{subject}{year}年写作“{phrase}”，但文中所列{year}年为{current}、{prev_year}年为{previous}，实际是{actual}", "statement", "arithmetic")
_kind("statement-percent-mismatch", E, "增减幅度计算有误", "{where}{subject}“{phrase}”：按“{rule}”（{numerator}÷{denominator}）应为{expected}{detail}", "statement", "arithmetic")
_kind("statement-percent-from-zero", E, "从零增长却给出百分比", "{where}{subject}“{phrase}”：上年数为0（{detail}），从零增长没有增长率", "statement", "arithmetic")
_kind("statement-share-mismatch", E, "占比计算有误", "{where}{subject}占比写作{actual}，按“{rule}”（{numerator}÷{denominator}）应为{expected}", "statement", "arithmetic")
_kind("statement-rate-mismatch", E, "执行率计算有误", "{where}{subject}的{name}写作{actual}，按“执行数÷预算数”（{numerator}÷{denominator}）应为{expected}", "statement", "arithmetic")
_kind("statement-changes-mismatch", E, "各项增减之和不等于总增减", "{where}{what}：各项{items}，合计{expected}，文中总的{direction}为{actual}，相差{gap}", "statement", "arithmetic")
_kind("statement-rounding-gap", I, "说明数字的尾数误差", "{where}{what}：文中为{actual}，按所列数字计算为{expected}，相差{gap}，在尾数误差范围内", "statement", "arithmetic", "rounding")
_kind("statement-word-doubled", W, "词语重复", "{where}“{text}”中“{word}”连写了两遍", "statement", "wording", "visible")
_kind("statement-blank", W, "公开文本留有空白", "{where}“{text}”：{detail}未填写（{subject}）", "statement", "wording", "visible")
# -- checks: prose against prose, wherever it stands (jixiao.checks.prose*) ---------------------------
_kind("amount-wholly-paid-contradicts", E, "称已全部拨付却另有较小的拨付数", "“{text}”称{expected}已全部拨付（到位、支出），{line}“{other}”却只有{actual}", "wording", "arithmetic",
      description="同一笔资金，一处说已全部拨付（全额到位、全部支出），另一处（同一句里提到同一总额）说已拨付（到位、支出）的金额更小。")
_kind("statement-count-mismatch", E, "数量合计不符", "{where}{what}：{items}，合计{expected}，文中为{actual}", "wording", "arithmetic",
      description="文中的个数（个项目、项、辆、人次、批次……）：年初数加年中新增数应等于总数；“其中”所列互不重叠的各部分不能超过总数；“含”的部分不能超过所含的整体。")
_kind("reason-contradicts-direction", W, "原因与增减方向相反", "{subject}“{text}”：写作“{word}”，所说原因却是“{reason}”（{actual}）", "wording", "visible",
      description="比上年（预算、执行数）增加或减少之后紧接的“主要原因是……”只说了一种变动，且是钱（经费、支出、资金、预算）向相反方向变动。")
_kind("comparison-basis-mixed", I, "同一段的比较基数不一致", "{where}：同一段中既有“{text}”，又有“{other}”——与{year}年的比较一处用预算数、一处用执行数，两处增减额不可互相比较", "wording",
      description="同一段说明把本年数一处与上年预算比较，一处与上年执行数（决算）比较；各处增减额可能都对，但口径不一，提示读者。")
_kind("character-doubled", W, "字重复", "{where}“{text}”中“{word}”连写了两遍", "wording", "visible",
      description="虚词（是、的、了、在、和、与……）连写两遍、分词后各自成词（“主要是是”）；“为了了解”“现在在做”“不了了之”“常常”等词语不报告。")
_kind("text-repeated", W, "同一段内容重复印出", "{where}与{first}的内容重复（{count}段、{chars}字相同，自“{text}”起）", "wording", "visible",
      description="连续几段（至少3段或200字）与文中前面的段落逐字相同：同一页或同一节印了两遍。")
_kind("shares-sum-mismatch", E, "各部分占比之和不等于100%", "{where}{what}：{items}，各部分金额之和等于总额，占比之和却为{actual}（应为100%，尾数误差最多{tolerance}）", "wording", "arithmetic",
      description="说明列出一个总额的全部组成部分（各部分金额之和等于总额）并各写占比时，占比之和应为100%；差额不超过部分数×0.005个百分点是尾数误差（info）。")
_kind("shares-sum-rounding", I, "占比之和的尾数误差", "{where}{what}：{items}，占比之和为{actual}，在尾数误差范围内（{tolerance}）", "wording", "arithmetic", "rounding")

# -- PDF ----------------------------------------------------------------------------------------
_kind("pdf-page-no-text", W, "PDF页面没有文字层", "第{page}页没有文字层（只有{images}幅图像，可能是扫描件），该页内容未能读取", "read", "pdf")
_kind("pdf-page-blank", I, "PDF空白页", "第{page}页没有任何文字或图像", "read", "pdf")
_kind("pdf-page-skipped", W, "PDF页面已跳过", "第{page}页{reason}，已跳过，其余页面照常读取", "read", "pdf", "limits")
_kind("pdf-pages-over-limit", W, "PDF页数超过上限",
      "PDF共{pages}页，超过上限{limit}页（JIXIAO_MAX_PDF_PAGES），只读取了前{limit}页", "read", "pdf", "limits")
_kind("pdf-library-notes", I, "PDF结构提示", "读取PDF时解析程序提示了{count}处文件结构问题，已按可读部分读取", "read", "pdf",
      description="解析程序的原话保留在 detail 中，不在消息中。")
_kind("pdf-page-unreadable", W, "PDF页面无法读取", "第{page}页无法读取，已跳过：{reason}", "read", "pdf")
_kind("pdf-text-fallback", I, "PDF文字改用备用方式读取", "第{page}页的文字层按常规方式读不出，已改用备用方式读取（该页不识别表格线）", "read", "pdf")

# -- OCR (scanned pages) ----------------------------------------------------------------------------
_kind("pdf-page-read-by-ocr", I, "扫描页已用OCR识别", "第{page}页没有文字层（扫描件），已用OCR识别：{cells}个文字块，平均置信度{confidence}{turned}，用时{seconds}秒（{engine}）", "read", "pdf", "ocr")
_kind("document-read-by-ocr", I, "文件内容由OCR识别", "本文件有{count}页（第{pages}页）是扫描件，内容由OCR识别（{engine}），识别结果可能有误，数字请与原件核对", "read", "pdf", "ocr")
_kind("ocr-page-timeout", W, "扫描页识别超时", "第{page}页OCR识别超过时限（{budget}秒），只读出了部分内容（JIXIAO_OCR_PAGE_SECONDS可调整时限）", "read", "pdf", "ocr")
_kind("ocr-page-nothing-read", W, "扫描页未识别出文字", "第{page}页是扫描件（没有文字层），OCR未识别出任何文字（可能是空白页、图片或过于模糊），该页内容未能读取", "read", "pdf", "ocr")
_kind("ocr-page-failed", W, "扫描页无法识别", "第{page}页是扫描件（没有文字层），无法识别：{reason}", "read", "pdf", "ocr")
_kind("ocr-digit-uncertain", W, "OCR数字识别存疑", "第{page}页第{line}行第{column}格：OCR读作“{read}”，其中一位数字把握度仅{confidence}；另一读法“{other}”能使表内勾稽关系成立。未作更正，请核对原件", "read", "pdf", "ocr", "arithmetic")
_kind("ocr-cell-unreadable", W, "OCR未能读出表格单元格", "第{page}页第{line}行第{column}格：表格此格有字迹，OCR未能读出{read}；用到此格的勾稽关系无法核对，不报错误{unchecked}。请核对原件", "read", "pdf", "ocr")

# -- Excel ----------------------------------------------------------------------------------------
_kind("excel-template-version", W, "模板版本不符", "工作表“{sheet}”：模板版本“{version}”不是本程序的版本“{expected}”，已尽量按当前版式读取", "read", "excel")
_kind("excel-number-invalid", W, "应填数字", "{at}：“{field}”应填数字，填写的是“{text}”，未能读作数字", "read", "excel", "number")
_kind("excel-level1-unknown", W, "一级指标不在列表中", "{at}：一级指标“{level1}”不在列表中（应为：{allowed}）", "read", "excel")
_kind("excel-level2-unknown", W, "二级指标与一级指标不符", "{at}：二级指标“{level2}”不属于一级指标“{level1}”（可选：{allowed}）", "read", "excel")
_kind("excel-required-missing", W, "必填单元格为空", "{at}：必填的“{field}”未填写", "read", "excel")
_kind("excel-row-inserted", W, "插入了多余的行", "{at}：{block}中不应有此行（插入了多余的行），此行未导入，内容已原样保留：{text}", "read", "excel", "layout")
_kind("excel-block-missing", W, "缺少栏目", "工作表“{sheet}”中未找到“{block}”栏目，该栏目未能读取", "read", "excel", "layout")
_kind("excel-cell-unplaced", I, "单元格不属于任何栏目", "{at}：此单元格不属于表格的任何栏目，内容已原样保留：{text}", "read", "excel", "layout", "coverage")
_kind("excel-target-parts-mismatch", W, "指标值与辅助列不一致", "{at}：指标值“{text}”与辅助列（比较符、数值、计量单位）“{parts}”不一致，以指标值为准", "read", "excel")
_kind("excel-sheet-unrecognised", I, "工作表无法识别", "工作表“{sheet}”不是绩效目标表或自评表模板，也没有可识别的表头，未读取", "read", "excel", "coverage")
_kind("excel-column-unrecognised", I, "表头无法识别", "{at}：表头“{header}”无法识别，该列内容未导入（已原样保留）", "read", "excel", "coverage")
_kind("excel-sheet-failed", E, "工作表读取出错", "工作表“{sheet}”读取出错，已跳过：{error}", "read", "excel", "internal")
_kind("excel-sheet-unread", W, "工作表未读取", "工作簿第一张表是{kind}，工作表“{sheet}”的内容未读取，请分开上传", "read", "excel")
_kind("excel-mixed-kinds", W, "目标表与自评表混在一个工作簿", "工作簿中既有绩效目标表又有绩效自评表：自评表工作表“{sheet}”未导入，请将两类表分别保存", "read", "excel")
_kind("excel-money-unit-assumed", I, "未写明金额单位", "工作表“{sheet}”没有写明金额单位，金额按“万元”读取", "read", "excel")

# -- monitoring (绩效运行监控, rules.md §3.3–3.6) ------------------------------------------------
_kind("monitor-light-red", W, "监控红灯", "{scope}“{project}”{checkpoint}：{subject}亮红灯（{detail}）", "monitor")
_kind("monitor-light-yellow", I, "监控黄灯", "{scope}“{project}”{checkpoint}：{subject}亮黄灯（{detail}）", "monitor")
_kind("monitor-light-blue", I, "监控蓝灯", "{scope}“{project}”{checkpoint}：{subject}亮蓝灯，进度明显超前，请核实指标值是否偏低（{detail}）", "monitor")
_kind("monitor-light-undetermined", I, "监控灯未判定", "{scope}“{project}”{checkpoint}：{subject}未能判定灯色（{detail}）", "monitor")
_kind("monitor-causes-required", W, "须分析偏差原因", "{scope}“{project}”{checkpoint}：{subject}{reason}，须勾选偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他）", "monitor", "explanation")
_kind("monitor-explanation-required", W, "须填写原因说明", "{scope}“{project}”{checkpoint}：{subject}{reason}，须填写原因说明", "monitor", "explanation")
_kind("monitor-measures-required", W, "须填写整改措施", "{scope}“{project}”{checkpoint}：{subject}{reason}，须在备注中填写不能完成的原因和拟采取的措施", "monitor", "explanation")
_kind("monitor-likelihood-missing", W, "未填写完成目标可能性", "{scope}“{project}”{checkpoint}：指标“{subject}”未选择完成目标可能性（确定能、有可能、完全不可能）", "monitor")
_kind("monitor-plan-inconsistent", W, "资金支出计划不能按累计读取", "{scope}“{project}”的资金支出计划不能按累计计划读取：{detail}；预算执行灯{fallback}", "monitor", "goal")
_kind("monitor-checkpoint-unexpected", W, "监控时点不符合规则集", "{scope}“{project}”的监控时点“{checkpoint}”不是规则集“{ruleset}”的监控时点（{allowed}），仍按该月份计算", "monitor")
_kind("monitor-project-unmatched", W, "未找到项目的绩效目标表", "监控报告的{scope}“{project}”在绩效目标表中找不到，指标值和预算数只能取自监控报告", "monitor")
_kind("monitor-indicator-unmatched", W, "指标不在绩效目标表中", "{scope}“{project}”的监控指标“{subject}”在绩效目标表中找不到", "monitor")
_kind("monitor-indicator-missing", W, "缺少指标的监控情况", "{scope}“{project}”{checkpoint}：绩效目标表中的指标“{subject}”没有填写监控情况", "monitor")
_kind("monitor-target-differs", I, "指标值与目标表不同", "{scope}“{project}”的指标“{subject}”：监控表中年度指标值“{actual}”与绩效目标表“{expected}”不同，按监控表计算", "monitor")
_kind("monitor-budget-differs", I, "预算数与目标表不同", "{scope}“{project}”：监控表中年初预算数{actual}与绩效目标表预算数{expected}不同，按监控表计算", "monitor")
_kind("dept-monitor-parts-mismatch", W, "部门整体监控资金分项之和不符",
      "部门整体“{project}”{checkpoint}：{group}（{parts}）的{column}之和{actual}与年度部门预算总额{expected}不符", "monitor")
_kind("monitor-file-invalid", E, "监控数据文件有误", "监控数据文件有误：{detail}", "monitor", "read")
_kind("monitor-likelihood-invalid", W, "完成目标可能性无效", "{at}：完成目标可能性“{text}”无效（应为：确定能、有可能、完全不可能）", "monitor", "excel")
_kind("monitor-cause-mark-invalid", W, "偏差原因标记无效", "{at}：“{field}”只能打“√”或留空，填写的是“{text}”，按已勾选读取", "monitor", "excel")
_kind("monitor-checkpoint-unreadable", W, "无法识别监控时点", "{at}：无法从“{text}”识别监控时点（应如“1-7月”“6月底”）", "monitor", "excel")

CATALOGUE: dict[str, FindingKind] = {k.code: k for k in _KINDS}


class _Params(dict):
    def __missing__(self, key: str) -> str:  # a template field the caller did not give
        return "{" + key + "}"


def make_finding(
    code: str,
    source: Source,
    *,
    subject: str | None = None,
    expected: object = None,
    actual: object = None,
    original: str | None = None,
    **params: object,
) -> Finding:
    """Build a finding of a catalogued kind; the message comes from its template."""
    kind = CATALOGUE.get(code)
    if kind is None:  # a code missing from the catalogue must not crash a reader; tests catch it
        kind = FindingKind(code, Severity.WARNING, code, "未登记的发现类型“" + code + "”：{detail}", ("internal",))
        params = {"detail": "；".join(f"{k}={v}" for k, v in params.items())}
    values = _Params({k: _text(v) for k, v in params.items()})
    for name, value in (("subject", subject), ("expected", expected), ("actual", actual)):
        if value is not None:
            values.setdefault(name, _text(value))
    message = kind.template.format_map(values)
    return Finding(
        code=code,
        severity=kind.severity,
        message=message,
        source=source,
        subject=subject,
        expected=None if expected is None else _text(expected),
        actual=None if actual is None else _text(actual),
        tags=kind.tags,
        original=original,
    )


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def summarize(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    counts = {str(s): 0 for s in Severity}
    for f in findings:
        counts[str(f.severity)] += 1
    return counts
