"""Evaluation reports of seed 002: the department report (lines 1238–1372) and the finance
report with its score table 附件1 (lines 1374–1992). Expected values are read off the seed."""

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.ingest.context import ReadContext
from jixiao.ingest.evaluation import read_report, squeeze
from jixiao.ingest.text import Line, split_lines
from tests.conftest import ACCOUNTS

SEED_LINES = split_lines(ACCOUNTS.read_text(encoding="utf-8"))
DEPT_LINES = SEED_LINES[1237:1373]  # lines 1238–1373
FINANCE_LINES = SEED_LINES[1373:]  # lines 1374–end


@pytest.fixture(scope="module")
def evaluations(accounts_doc):
    return accounts_doc.accounts.evaluations


@pytest.fixture(scope="module")
def dept(evaluations):
    return evaluations[0]


@pytest.fixture(scope="module")
def fin(evaluations):
    return evaluations[1]


def findings(doc, code, lo=1238, hi=1993):
    return [f for f in doc.findings if f.code == code and lo <= (f.source.line or 0) <= hi]


def read_lines(text: str):
    lines = split_lines(text)
    ctx = ReadContext("t.txt", lines)
    return read_report(ctx, lines), ctx


# -- metadata ------------------------------------------------------------------------------


def test_two_reports_in_order(evaluations):
    assert [e.kind for e in evaluations] == ["department", "finance"]
    assert [e.source.line for e in evaluations] == [1238, 1374]


def test_department_metadata(dept):
    assert dept.raw_title == "2022 年度青岛市法律援助中心法律援助 及 12348 业务费项目支出绩效评价报告"
    assert dept.title == "2022年度青岛市法律援助中心法律援助及12348业务费项目支出绩效评价报告"
    assert dept.project == "法律援助及12348业务费"
    assert dept.year == 2022
    assert dept.evaluator == "青岛市司法局"
    assert dept.evaluated_unit == "青岛市法律援助中心"
    assert dept.report_date == "2023 年 5 月"
    assert dept.signed_by == "青岛市司法局"
    assert dept.signed_date == "2023年5月12日"
    assert dept.stages == ()


def test_finance_metadata(fin):
    assert fin.raw_title == "2022 年度法律援助及 12348 热线项目支出 财政绩效评价报告"
    assert fin.title == "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    assert fin.project == "法律援助及12348热线"
    assert fin.evaluator == "山东润德有限责任会计师事务所"
    assert fin.evaluated_unit == "青岛市法律援助中心"
    assert fin.report_date == "2023 年 6 月"
    assert fin.signed_date is None and fin.signed_by is None


def test_finance_stages(fin):
    assert [(s.name, s.start, s.end) for s in fin.stages] == [
        ("前期准备", "2023年5月15日", "2023年5月25日"),
        ("组织实施", "2023年5月26日", "2023年5月31日"),
        ("分析评价", "2023年6月1日", "2023年6月20日"),
        ("报告出具", "2023年6月21日", "2023年7月5日"),
    ]
    assert [s.source.line for s in fin.stages] == [1602, 1610, 1614, 1618]
    assert fin.stages[3].end_date.isoformat() == "2023-07-05"
    assert fin.period[0] == "2023年5月15日-2023年5月25日"


def test_grade_bands(dept, fin):
    expected = (("优", D(90)), ("良", D(80)), ("中", D(70)), ("差", D(0)))
    assert dept.grade_bands == expected
    assert fin.grade_bands == expected
    assert [b.source.line for b in dept.grade_band_lines] == [1280, 1282, 1284, 1286]
    assert {b.source.line for b in fin.grade_band_lines} == {1594}
    assert fin.grade_band_lines[0].raw == "90分（含）-100分为优"


# -- section scores, totals, conclusions --------------------------------------------------


def test_department_sections(dept):
    rows = [(s.name, s.weight, s.score, s.rate, s.source.line) for s in dept.sections]
    assert rows == [
        ("决策", D(10), D(10), D(1), 1302),
        ("过程", D(25), D("23.75"), D("0.95"), 1308),
        ("产出", D(25), D(25), D(1), 1326),
        ("效益", D(40), D(40), D(1), 1340),
    ]
    assert dept.total.score == D("98.75") and dept.total.grade == "优"
    assert dept.total.name == "部门绩效评价得分" and dept.total.source.line == 1296
    assert dept.grade == "优"
    assert dept.conclusion.endswith("部门绩效评价得分 98.75 分，评价等级为优，建议下年度继续安排预算。")
    assert dept.abstract_sections == ()


FINANCE_SECTIONS = [
    ("决策", D(20), D("18.25"), D("0.9125"), "91.25%", "优"),
    ("过程", D(20), D("18.25"), D("0.9125"), "91.25%", "优"),
    ("产出", D(34), D("30.23"), D("0.8891"), "88.91%", "良"),
    ("效益", D(26), D("25.40"), D("0.9770"), "97.70%", "优"),
]
FINANCE_TOTAL = ("绩效评价结果", D(100), D("92.13"), D("0.9213"), "92.13%", "优")


def test_finance_section_table_is_the_second(fin):
    rows = [(s.name, s.weight, s.score, s.rate, s.raw_rate, s.grade) for s in fin.sections]
    assert rows == FINANCE_SECTIONS
    assert [s.source.line for s in fin.sections] == [1919, 1920, 1921, 1922]
    t = fin.total
    assert (t.name, t.weight, t.score, t.rate, t.raw_rate, t.grade) == FINANCE_TOTAL
    assert t.source.line == 1923
    assert fin.grade == "优"
    assert fin.conclusion == "2022年度本项目绩效评价得分92.13分、等级为“优”。"


def test_finance_abstract_table_read_too(fin, accounts_doc):
    rows = [(s.name, s.weight, s.score, s.rate, s.raw_rate, s.grade) for s in fin.abstract_sections]
    assert rows == [*FINANCE_SECTIONS, FINANCE_TOTAL]
    assert [s.source.line for s in fin.abstract_sections] == [1491, 1492, 1493, 1494, 1495]
    assert findings(accounts_doc, "evaluation-summary-mismatch") == []  # the two tables agree


def test_finance_abstract_section_sentences(fin):
    rows = [(s.name, s.weight, s.score, s.deduction, s.source.line) for s in fin.statements if s.kind == "section"]
    assert rows == [
        ("决策", D(20), D("18.25"), D("1.75"), 1438),
        ("过程", D(20), D("18.25"), D("1.75"), 1444),
        ("产出", D(34), D("30.23"), D("3.77"), 1450),
        ("效益", D(26), D("25.40"), D("0.6"), 1456),
    ]


# -- statements in the text ---------------------------------------------------------------


def test_finance_item_statements(fin):
    items = [s for s in fin.statements if s.kind == "item"]
    assert len(items) == 35
    assert [s.name for s in items][:3] == ["立项依据充分性", "立项程序规范性", "绩效目标合理性"]
    for name, weight, score, deduction, line in [
        ("预算执行率", "2", "1.75", "0.25", 1682),
        ("案件办结率", "2", "1.73", "0.27", 1766),
        ("挽回受援人经济损失", "3", "2.4", "0.6", 1830),
        ("法律援助案件案卷提交及时性", "3", "0", "3", 1786),
        ("12348热线值班律师转调解案数量完成率", "2", "2", "0", 1726),  # the table says 案件数量
    ]:
        s = fin.statement(name)
        assert (s.weight, s.score, s.deduction, s.source.line) == (D(weight), D(score), D(deduction), line)
    assert sum(s.weight for s in items) == D(100)
    assert sum(s.score for s in items) == D("92.13")


def test_finance_explanation_statements(fin):
    exp = fin.statement("预算执行率", kind="explanation")
    assert (exp.score, exp.deduction, exp.rate, exp.source.line) == (D("1.75"), D("0.25"), D("0.875"), 1684)
    # the author wrote 扣 3 分 with 得分率 100% for a full score: read as written
    odd = fin.statement("立项程序规范性", kind="explanation")
    assert (odd.score, odd.deduction, odd.rate) == (None, D(3), D(1))
    assert fin.statement("案件办结率", kind="explanation").rate == D("0.865")


def test_department_sentence_statements(dept):
    rows = [(s.name, s.score, s.source.line) for s in dept.statements if s.kind == "sentence"]
    assert rows == [
        ("项目立项依据充分", D(1), 1304),
        ("项目的申请、设立过程符合相关要求", D(1), 1304),
        ("绩效目标设置合理、明确、具体", D(2), 1304),
        ("绩效指标清晰、细化、可衡量", D(2), 1304),
        ("项目预算编制经过论证", D(2), 1304),
        ("项目资金分配有测算依据", D(2), 1304),
        ("资金到位率", D(1), 1310),
        ("预算执行率", D("3.75"), 1314),
        ("资金使用合规性", D(2), 1316),
        ("管理制度健全性", D(6), 1318),
        ("绩效管理有效性", D(5), 1320),
        ("制度执行有效性", D(6), 1322),
        ("实际完成率", D(10), 1328),
        ("质量达标率", D(5), 1330),
        ("完成及时率", D(5), 1332),
        ("成本节约率", D(5), 1336),
        ("社会效益", D(25), 1342),
        ("项目发展机制可持续性", D(7), 1344),
        ("援助对象满意度", D(8), 1346),
        ("预算执行率", D("3.75"), 1354),
    ]
    assert {s.kind for s in dept.statements} == {"sentence"}


# -- the score table (附件1) ---------------------------------------------------------------

SCORE_TABLE = [
    (1938, "决策", "项目立项", "立项依据充分性", "立项依据充分性", "3", "3", "100.00%"),
    (1939, "决策", "项目立项", "立项程序规范性", "立项程序规范性", "3", "3", "100.00%"),
    (1940, "决策", "绩效目标", "绩效目标合理性", "绩效目标合理性", "3", "2.25", "75.00%"),
    (1941, "决策", "绩效目标", "绩效指标明确性", "绩效指标明确性", "3", "2", "66.67%"),
    (1942, "决策", "资金投入", "预算编制科学性", "预算编制科学性", "4", "4", "100.00%"),
    (1943, "决策", "资金投入", "资金分配合理性", "资金分配合理性", "4", "4", "100.00%"),
    (1948, "过程", "资金管理", "资金到位率", "资金到位率", "2", "2", "100.00%"),
    (1949, "过程", "资金管理", "预算执行率", "预算执行率", "2", "1.75", "87.50%"),
    (1950, "过程", "组织实施", "资金使用合规性", "资金使用合规性", "4", "4", "100.00%"),
    (1951, "过程", "组织实施", "管理制度健全性", "管理制度健全性", "6", "6", "100.00%"),
    (1952, "过程", "组织实施", "制度执行有效性", "制度执行有效性", "6", "4.5", "75.00%"),
    (1953, "产出", "产出数量", "实际完成率", "法律援助案件受理数量完成率", "2", "2", "100.00%"),
    (1958, "产出", "产出数量", "实际完成率", "调解员日调解案件完成率", "2", "2", "100.00%"),
    (1959, "产出", "产出数量", "实际完成率", "12348热线值班律师转调解案件数量完成率", "2", "2", "100.00%"),
    (1960, "产出", "产出质量", "质量达标率", "结案归档卷宗规范率", "2", "1.5", "75.00%"),
    (1961, "产出", "产出质量", "质量达标率", "案件质量评估覆盖率", "2", "2", "100.00%"),
    (1962, "产出", "产出质量", "质量达标率", "法律援助办案质量优良率", "2", "2", "100.00%"),
    (1963, "产出", "产出质量", "质量达标率", "法律援助案件合格率", "2", "2", "100.00%"),
    (1968, "产出", "产出质量", "质量达标率", "12348热线接通率", "2", "2", "100.00%"),
    (1969, "产出", "产出质量", "质量达标率", "案件办结率", "2", "1.73", "86.50%"),
    (1970, "产出", "产出质量", "质量达标率", "案件调解成功率", "2", "2", "100.00%"),
    (1971, "产出", "产出时效", "", "法律援助受理申请及时性", "3", "3", "100.00%"),
    (1972, "产出", "产出时效", "", "法律援助案件案卷提交及时性", "3", "0", "0.00%"),
    (1973, "产出", "产出成本", "成本节约率", "办案补贴发放标准执行准确率", "3", "3", "100.00%"),
    (1978, "产出", "产出成本", "成本节约率", "法律咨询补贴发放标准执行准确率", "3", "3", "100.00%"),
    (1979, "产出", "产出成本", "成本节约率", "认罪认罚案件法律帮助补贴标准执行准确率", "2", "2", "100.00%"),
    (1980, "效益", "项目效益", "社会效益", "对公众进行法律援助宣传", "2", "2", "100.00%"),
    (1981, "效益", "项目效益", "社会效益", "12348热线服务人次全市占比率", "3", "3", "100.00%"),
    (1982, "效益", "项目效益", "社会效益", "挽回受援人经济损失", "3", "2.4", "80.00%"),
    (1983, "效益", "可持续影响", "效益持续", "举办业务能力培训", "2", "2", "100.00%"),
    (1987, "效益", "持续影响", "机制持续", "法律援助机制健全性", "2", "2", "100.00%"),
    (1988, "效益", "持续影响", "机制持续", "12348热线机制健全性", "2", "2", "100.00%"),
    (1989, "效益", "服务对象满意度", "服务对象满意度", "12348热线满意度", "4", "4", "100.00%"),
    (1990, "效益", "服务对象满意度", "服务对象满意度", "法律援助投诉率", "4", "4", "100.00%"),
    (1991, "效益", "服务对象满意度", "服务对象满意度", "受援人员满意度", "4", "4", "100.00%"),
]


def test_score_table_every_row(fin):
    got = [
        (it.source.line, it.level1, it.level2, it.level3, it.level4, it.raw_weight, it.raw_score, it.raw_rate)
        for it in fin.score_table
    ]
    assert len(got) == 35
    assert got == SCORE_TABLE
    assert [it.source.row for it in fin.score_table] == list(range(1, 36))
    assert fin.score_table_title == "法律援助及12348热线项目绩效评价指标评分表"
    assert {it.source.table for it in fin.score_table} == {fin.score_table_title}


def test_score_table_values(fin):
    for it, row in zip(fin.score_table, SCORE_TABLE, strict=True):
        assert it.weight == D(row[5]) and it.score == D(row[6])
        assert it.rate == D(row[7].rstrip("%")) / 100
    assert fin.item("绩效指标明确性").rate == D("0.6667")


def test_score_table_totals_are_read_not_computed(fin):
    assert fin.score_table_weight_total == D(100)
    assert fin.score_table_total == D("92.13")
    assert fin.score_table_total_source.line == 1992
    assert sum(it.weight for it in fin.score_table) == fin.score_table_weight_total
    assert sum(it.score for it in fin.score_table) == fin.score_table_total
    assert fin.score_table_total == fin.total.score


def test_score_table_level_weights(fin):
    first = fin.score_table[0]
    assert (first.level1_weight, first.level2_weight) == (D(20), D(6))
    by_l2 = {(it.level1, it.level2): (it.level1_weight, it.level2_weight) for it in fin.score_table}
    assert by_l2[("产出", "产出质量")] == (D(34), D(14))
    assert by_l2[("效益", "服务对象满意度")] == (D(26), D(12))
    assert by_l2[("过程", "组织实施")] == (D(20), D(12))


def test_score_table_other_columns(fin):
    first = fin.score_table[0]
    assert first.explanation.startswith("项目立项是否符合法律法规、相关政策、发展规划以及部门职责")
    assert first.benchmark == "充分"
    assert first.standard.endswith("5项各占1/5权重分，每有一项不满足，则扣除相应权重分。")
    assert first.basis.startswith("根据提供的《中华人民共和国法律援助法》")
    assert fin.item("12348热线值班律师转调解案件数量完成率").benchmark == "3"
    veto = fin.item("挽回受援人经济损失")
    assert "★否决指标：若正偏离上30%，则扣相应20%分值。" in veto.standard
    # the table says 8964.65万元 where the report text says 1478.20 万元: both are kept as written
    assert veto.basis.endswith("挽回损失8964.65万元")
    assert any("挽回损失 1478.20 万元" in t for t in fin.text)
    assert fin.item("法律援助办案质量优良率").explanation == "考察法律援助办案质量优良率是否 ≥10%"


def test_score_table_pages_and_page_numbers(fin, accounts_doc):
    marks = findings(accounts_doc, "page-number-in-cell")
    assert [(f.source.line, f.source.column) for f in marks] == [(1938, 1), (1948, 1), (1958, 1), (1968, 1), (1987, 1)]
    pages = {it.source.line: it.source.page for it in fin.score_table}
    assert pages[1938] == 85 and pages[1943] == 85 and pages[1953] == 86 and pages[1991] == 90
    assert pages[1978] is None  # that page printed no number
    repeated = findings(accounts_doc, "table-header-repeated")
    assert [f.source.line for f in repeated] == [1947, 1957, 1967, 1977, 1986]


def test_score_table_realigned_rows(fin, accounts_doc):
    shifted = findings(accounts_doc, "cell-shifted")
    assert [f.source.line for f in shifted] == [1958, 1962, 1963, 1968, 1969, 1970, 1971, 1972, 1973, 1982, 1983]
    assert "产出质量(14分)" in shifted[0].message
    inherited = {it.source.line: it.inherited for it in fin.score_table}
    assert inherited[1938] == () and inherited[1959] == (1, 2, 3) and inherited[1968] == (3,)
    assert inherited[1973] == (1,)
    assert findings(accounts_doc, "evaluation-row-unparsed") == []


def test_missing_level4_recovered_with_a_finding(fin, accounts_doc):
    it = fin.item("案件办结率")
    assert it.source.line == 1969 and it.recovered == (4,)
    assert it.explanation.startswith("案件办结率评价参照")
    missing = findings(accounts_doc, "evaluation-indicator-name-missing")
    assert [(f.source.line, "四级" in f.message) for f in missing] == [(1969, True), (1971, False), (1972, False)]
    assert "案件办结率" in missing[0].message


# -- other content ---------------------------------------------------------------------------


SPENDING = [
    ("律师办案费", D("119.98")),
    ("律师值班费", D("198.13")),
    ("热线平台维护费", D("12.08")),
    ("调解费用费", D("17.94")),
    ("服务中心运行维护费", D("20.65")),
    ("总计", D("368.78")),
]


def test_spending_tables(fin, dept):
    assert dept.spending == ()
    assert [t.source.line for t in fin.spending] == [1396, 1538]
    for t in fin.spending:
        assert t.header == ("项目分类", "金额（万元）") and t.money_unit == "万元"
        assert [(r.name, r.amount) for r in t.rows] == SPENDING
    assert [r.source.line for r in fin.spending[0].rows] == list(range(1397, 1403))


def test_paragraphs(dept, fin):
    assert dept.text[0] == "2022 年度青岛市法律援助中心法律援助及 12348 业务费项目支出绩效评价报告"
    joined = next(p for p in dept.paragraphs if p.source.line == 1266)
    assert joined.last_line == 1268 and joined.text.endswith("业务费项目的资金。")
    assert dept.text[-1].startswith("进一步科学设置绩效目标")  # the signature is not prose
    latex = next(p for p in dept.paragraphs if p.source.line == 1310)
    assert latex.text == "1、资金到位率=（实际到位资金/预算资金金）× 100% =378.5 / 378.5 × 100% = 100%, 得 1 分。"
    heading = next(p for p in fin.paragraphs if p.source.line == 1628)
    assert heading.heading and heading.path[-2:] == ("（1）项目立项方面。", "①立项依据充分性")
    assert fin.text[-1] == "附件 1：法律援助及 12348 热线项目绩效评价指标评分表"
    assert len(dept.paragraphs) == 58 and len(fin.paragraphs) == 251


def test_department_report_has_no_score_table(dept, accounts_doc):
    assert dept.score_table == () and dept.score_table_total is None
    missing = findings(accounts_doc, "evaluation-field-missing")
    assert [(f.source.line, "评分表" in f.message) for f in missing] == [(1238, True)]


def test_every_report_line_is_placed(accounts_doc):
    assert [u.source.line for u in accounts_doc.unplaced if 1238 <= u.source.line <= 1993] == []
    assert findings(accounts_doc, "unplaced-text") == []


def test_squeeze():
    assert (
        squeeze("2022 年度法律援助及 12348 热线项目支出 财政绩效评价报告")
        == "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    )
    assert squeeze("a  b") == "a b"


# -- synthetic input ---------------------------------------------------------------------------

HEADER = "一级指标\t二级指标\t三级指标\t四级指标\t权重\t指标解释\t标杆值\t评分标准\t评分依据\t得分\t得分率"
SMALL = """2022 年度某项目支出 财政绩效评价报告

评价单位：某某会计师事务所

被评价单位：某中心

2023 年 6 月

评价指标类别\t所赋分值\t评价得分\t得分率\t评述与等级
决策\t20\t18\t90.00%\t优
绩效评价结果\t100\t90\t90.00%\t优

某项目评分表

{header}
决策 (20分)\t项目立项 (6分)\t立项依据\t立项依据充分性\t3\t考察立项依据\t充分\t标准\t依据\t3\t100.00%
\t\t\t2\t考察资金是否到位\t100%\t标准\t依据\t2\t100.00%
\t\t\t这一行\t没有权重
合计\t\t\t5\t\t\t\t\t\t5\t

评价指标类别\t所赋分值\t评价得分\t得分率\t评述与等级
决策\t20\t17\t85.00%\t良
绩效评价结果\t100\t90\t90.00%\t优
"""


def test_synthetic_report():
    ev, ctx = read_lines(SMALL.format(header=HEADER))
    codes = [f.code for f in ctx.findings]
    assert ev.kind == "finance" and ev.evaluator == "某某会计师事务所"
    assert [(it.level4, it.recovered) for it in ev.score_table] == [("立项依据充分性", ()), ("", ())]
    assert ev.score_table[1].level3 == "立项依据" and ev.score_table[1].inherited == (1, 2, 3)
    assert "evaluation-row-unparsed" in codes  # the row without a weight
    assert codes.count("evaluation-indicator-name-missing") == 1  # 四级 missing, nothing to recover from
    assert "无法从指标解释推断" in next(
        f.message for f in ctx.findings if f.code == "evaluation-indicator-name-missing"
    )
    assert ev.sections[0].score == D(17) and ev.abstract_sections[0].score == D(18)
    mismatch = [f for f in ctx.findings if f.code == "evaluation-summary-mismatch"]
    assert len(mismatch) == 1 and "决策" in mismatch[0].message
    assert "evaluation-field-missing" in codes  # no grade bands stated
    unplaced = [ln.number for ln in ctx.unplaced()]
    assert unplaced == [18]  # the unparsed row is kept raw by the context
    assert (ev.score_table_weight_total, ev.score_table_total) == (D(5), D(5))


def test_report_without_evaluator():
    ev, ctx = read_lines("某某项目绩效评价报告\n\n一、基本情况\n\n该项目得 5 分。\n")
    assert ev.kind == "unknown"
    missing = {f.message for f in ctx.findings if f.code == "evaluation-field-missing"}
    assert any("评价单位" in m for m in missing) and any("评价得分" in m for m in missing)
    assert [s.score for s in ev.statements] == [D(5)]


def test_empty_slice():
    assert read_report(ReadContext("t.txt", []), []) is None
    assert read_report(ReadContext("t.txt", [Line(1, "  ")]), [Line(1, "  ")]) is None


# -- robustness ---------------------------------------------------------------------------------

_NOISE = ["\t\t3\t", "合计", HEADER, "- 12 -", "评价单位：", "2023年5月12日", "为“优”", "x指标共3分，得分", "\t\t"]


@st.composite
def mangled(draw):
    lines = list(draw(st.sampled_from([DEPT_LINES, FINANCE_LINES])))
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
            raw = lines[k].raw
            lines[k] = Line(lines[k].number, raw[: draw(st.integers(0, len(raw)))])
        else:
            lines.insert(k, Line(90000 + k, draw(st.sampled_from(_NOISE))))
    return lines


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_reader_never_raises(lines):
    ctx = ReadContext("fuzz.txt", lines)
    ev = read_report(ctx, lines)
    assert ev is None or ev.title
