"""The target-value grammar (jixiao/grammar/) on the real 指标值 / 实际完成值 of both seeds."""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import grammar
from jixiao.findings import CATALOGUE, make_finding
from jixiao.grammar import Parsed, Problem, parse_target
from jixiao.model.source import Source
from jixiao.model.target import Comparison, ValueKind

from .conftest import ACCOUNTS, GOALS

N, D, DUR, Q, T, E = (
    ValueKind.NUMBER,
    ValueKind.DATE,
    ValueKind.DURATION,
    ValueKind.QUALITATIVE,
    ValueKind.TEXT,
    ValueKind.EMPTY,
)
GE, GT, EQ, LE, LT = Comparison.GE, Comparison.GT, Comparison.EQ, Comparison.LE, Comparison.LT

# (seed, raw text, kind, comparison, number, unit, other fields, problem codes)
# seed "000"/"002": the text occurs verbatim in that seed (checked below); "-": a variant.
# fmt: off
CASES = [
    # -- seed 000, 指标值 -----------------------------------------------------------------
    ("000", "≤550元（每人每天）", N, LE, "550", "元", {"qualifier": "每人每天"}, ()),
    ("000", "≥3次", N, GE, "3", "次", {}, ()),
    ("000", "≥7门", N, GE, "7", "门", {}, ()),
    ("000", "100%", N, None, "100", "%", {"ratio": "1"}, ()),
    ("000", "≥90%", N, GE, "90", "%", {"ratio": "0.9"}, ()),
    ("000", "≤80元", N, LE, "80", "元", {}, ()),
    ("000", "≥5000人", N, GE, "5000", "人", {}, ()),
    ("000", "2次", N, None, "2", "次", {}, ()),
    ("000", "≤228.4万元", N, LE, "228.4", "万元", {}, ()),
    ("000", "≥28000件", N, GE, "28000", "件", {}, ()),
    ("000", "≥8件", N, GE, "8", "件", {}, ()),
    ("000", "≥30次", N, GE, "30", "次", {}, ()),
    ("000", "≥5家", N, GE, "5", "家", {}, ()),
    ("000", "≥20类", N, GE, "20", "类", {}, ()),
    ("000", "≥14500件", N, GE, "14500", "件", {}, ()),
    ("000", "≥210人次", N, GE, "210", "人次", {}, ()),
    ("000", "≥9个", N, GE, "9", "个", {}, ()),
    ("000", "≥500人次", N, GE, "500", "人次", {}, ()),
    ("000", "≥150台", N, GE, "150", "台", {}, ()),
    ("000", "≤158.36万元", N, LE, "158.36", "万元", {}, ()),
    ("000", "≥100件/年", N, GE, "100", "件", {"per": "年"}, ()),
    ("000", "≥9个/小时", N, GE, "9", "个", {"per": "小时"}, ()),
    ("000", "≤2小时", DUR, LE, "2", "小时", {}, ()),
    ("000", "≥100%", N, GE, "100", "%", {"ratio": "1"}, ()),
    ("000", "2023年10月底", D, None, None, None, {"date": "2023-10-31", "date_precision": "month", "date_bound": "end"}, ()),
    ("000", "≤2023年11月底", D, LE, None, None, {"date": "2023-11-30", "date_precision": "month", "date_bound": "end"}, ()),
    ("000", "≤2023年12月10日前", D, LE, None, None, {"date": "2023-12-10", "date_precision": "day", "date_bound": "before", "words": ["前"]}, ()),
    ("000", "有效提升", Q, None, None, None, {"label": "有效提升"}, ()),
    ("000", "有效提高", Q, None, None, None, {"label": "有效提高"}, ()),
    ("000", "显著提升", Q, None, None, None, {"label": "显著提升"}, ()),
    ("000", "显著提高", Q, None, None, None, {"label": "显著提高"}, ()),
    ("000", "稳步提升", Q, None, None, None, {"label": "稳步提升"}, ()),
    ("000", "单件成本控制在限价范围内", Q, None, None, None, {"label": "单件成本控制在限价范围内"}, ()),
    ("000", "24小时在岗", Q, None, None, None, {"label": "24小时在岗"}, ()),
    ("000", "大于3名专业工程师驻场", N, GT, "3", "名", {"prose": "专业工程师驻场", "words": ["大于"]}, ("target-prose-mixed",)),
    ("000", "市优以上律所的执业三年以上律师", T, None, None, None, {"label": "市优以上律所的执业三年以上律师"}, ("target-unparsed",)),
    ("000", "≤国家部署和工作计划规定时间", T, LE, None, None, {"label": "国家部署和工作计划规定时间"}, ("target-unparsed",)),
    # values running into prose (seed 000 projects 9 and 10)
    ("000", "≤140全年发放办案补贴140万元", N, LE, "140", "万元", {"prose": "全年发放办案补贴140万元"}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥70000热线全年接话量达到70000人次", N, GE, "70000", "人次", {"prose": "热线全年接话量达到70000人次"}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥0.85援助案件完成率达85%以上", N, GE, "0.85", None, {"ratio": "0.85", "prose": "援助案件完成率达85%以上"}, ("target-prose-mixed",)),
    ("000", "≥0.7热线接通率达到70%以上", N, GE, "0.7", None, {"ratio": "0.7"}, ("target-prose-mixed",)),
    ("000", "≥0.6当年结案案件补贴发放率达到60%", N, GE, "0.6", None, {"ratio": "0.6"}, ("target-prose-mixed",)),
    ("000", "≥0.2援助案件优良率大于20%", N, GE, "0.2", None, {"ratio": "0.2"}, ("target-prose-mixed",)),
    ("000", "≥200法律援助受益人达到200人次以上", N, GE, "200", "人次", {}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥6000012348人热线受益人达到60000人次", N, GE, "60000", "人次", {"prose": "12348人热线受益人达到60000人次"}, ("target-prose-mixed", "target-ambiguous")),
    ("000", "≥80受援人满意度达到80%以上", N, GE, "80", "%", {"ratio": "0.8"}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≤5维持中心运行维修维护成本小于5万元", N, LE, "5", "万元", {}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥100非诉讼调解案件全年大于100件", N, GE, "100", "件", {}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥500全年接待咨询大于500人次", N, GE, "500", "人次", {}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥0.5全年非诉讼案件调解成功率大于50%", N, GE, "0.5", None, {"ratio": "0.5"}, ("target-prose-mixed",)),
    ("000", "≥0.8咨询解答准确率达80%", N, GE, "0.8", None, {"ratio": "0.8"}, ("target-prose-mixed",)),
    ("000", "≥0.5线上调解结案率大于50%", N, GE, "0.5", None, {"ratio": "0.5"}, ("target-prose-mixed",)),
    ("000", "≥100化解纠纷挽回损失大于100万元", N, GE, "100", "万元", {}, ("target-prose-mixed", "target-unit-from-prose")),
    ("000", "≥80接待来访群众满意度达80%以上", N, GE, "80", "%", {"ratio": "0.8"}, ("target-prose-mixed", "target-unit-from-prose")),
    # -- seed 002, 年度指标值 and 实际完成值 of the 12 self-evaluation forms ---------------------
    ("002", "≥3 次", N, GE, "3", "次", {}, ()),
    ("002", "≥7 门", N, GE, "7", "门", {}, ()),
    ("002", "4", N, None, "4", None, {}, ()),
    ("002", "90%", N, None, "90", "%", {"ratio": "0.9"}, ()),
    ("002", "及时发布通知组织领取", Q, None, None, None, {}, ()),
    ("002", "完成", Q, None, None, None, {"label": "完成"}, ()),
    ("002", "培训费开支控制在规定限额内", Q, None, None, None, {}, ()),
    ("002", "提升执法水平", Q, None, None, None, {}, ()),
    ("002", "≥5000 人", N, GE, "5000", "人", {}, ()),
    ("002", "2 次", N, None, "2", "次", {}, ()),
    ("002", "0", N, None, "0", None, {}, ()),
    ("002", "有序组织", Q, None, None, None, {}, ()),
    ("002", "未安排", Q, None, None, None, {"label": "未安排"}, ()),
    ("002", "100% 无", N, None, "100", "%", {"prose": "无"}, ("target-ambiguous",)),
    ("002", "按规定时间", Q, None, None, None, {}, ()),
    ("002", "≤80 元", N, LE, "80", "元", {}, ()),
    ("002", "新增持证人员", T, None, None, None, {}, ("target-unparsed",)),
    ("002", "≥600人", N, GE, "600", "人", {}, ()),
    ("002", "16000", N, None, "16000", None, {}, ()),
    ("002", "≥1000件", N, GE, "1000", "件", {}, ()),
    ("002", "91%", N, None, "91", "%", {"ratio": "0.91"}, ()),
    ("002", "≤188.4万元", N, LE, "188.4", "万元", {}, ()),
    ("002", "188.4万元", N, None, "188.4", "万元", {}, ()),
    ("002", "≥30 次", N, GE, "30", "次", {}, ()),
    ("002", "≥5 个", N, GE, "5", "个", {}, ()),
    ("002", "≤100 万元", N, LE, "100", "万元", {}, ()),
    ("002", "50 万元", N, None, "50", "万元", {}, ()),
    ("002", "≥500/月次", N, GE, "500", "次", {"per": "月"}, ()),
    ("002", "≥38000件(套)", N, GE, "38000", "件", {"qualifier": "套"}, ()),
    ("002", "36106", N, None, "36106", None, {}, ()),
    ("002", "≥28种", N, GE, "28", "种", {}, ()),
    ("002", "≥95%", N, GE, "95", "%", {"ratio": "0.95"}, ()),
    ("002", "≥200 次", N, GE, "200", "次", {}, ()),
    ("002", "≥300 次", N, GE, "300", "次", {}, ()),
    ("002", "节目质量提高", Q, None, None, None, {}, ()),
    ("002", "≤500 元", N, LE, "500", "元", {}, ()),
    ("002", "500 元", N, None, "500", "元", {}, ()),
    ("002", "情与法结合助力到化解社会矛盾纠纷", T, None, None, None, {}, ("target-unparsed",)),
    ("002", "≥80%", N, GE, "80", "%", {"ratio": "0.8"}, ()),
    ("002", "≤2年", DUR, LE, "2", "年", {}, ()),
    ("002", "2年", DUR, None, "2", "年", {}, ()),
    ("002", "8个", N, None, "8", "个", {}, ()),
    ("002", "项目批准后及时开工", Q, None, None, None, {}, ()),
    ("002", "及时开工", Q, None, None, None, {}, ()),
    ("002", "≤2291.71万元", N, LE, "2291.71", "万元", {}, ()),
    ("002", "司法行政业务的信息化水平显著提高", Q, None, None, None, {}, ()),
    ("002", "3809.4 平方米", N, None, "3809.4", "平方米", {}, ()),
    ("002", "合格", Q, None, None, None, {"label": "合格"}, ()),
    ("002", "6 个月", DUR, None, "6", "个月", {}, ()),
    ("002", "12 个月", DUR, None, "12", "个月", {}, ()),
    ("002", "≤902.2 万元", N, LE, "902.2", "万元", {}, ()),
    ("002", "提升为社会服务质量", Q, None, None, None, {}, ()),
    ("002", "98%", N, None, "98", "%", {"ratio": "0.98"}, ()),
    ("002", "2505.97 平方米", N, None, "2505.97", "平方米", {}, ()),
    ("002", "延长文物寿命, 5年内无需维修", T, None, None, None, {"label": "延长文物寿命, 5年内无需维修"}, ("target-unparsed",)),
    ("002", "≥600", N, GE, "600", None, {}, ("target-unit-missing",)),
    ("002", "810", N, None, "810", None, {}, ()),
    ("002", "365 天", DUR, None, "365", "天", {}, ()),
    ("002", "≥10%", N, GE, "10", "%", {"ratio": "0.1"}, ()),
    ("002", "≥70%", N, GE, "70", "%", {"ratio": "0.7"}, ()),
    ("002", "71.40%", N, None, "71.40", "%", {"ratio": "0.714"}, ()),
    ("002", "援助补贴按规定发放", Q, None, None, None, {}, ()),
    ("002", "按规定发放补贴", Q, None, None, None, {}, ()),
    ("002", "为当事人挽回损失 ≥400 万元", N, GE, "400", "万元", {"label": "为当事人挽回损失"}, ()),
    ("002", "1478 万元", N, None, "1478", "万元", {}, ()),
    ("002", "加大法律援助宣传", Q, None, None, None, {}, ()),
    ("002", "已完成", Q, None, None, None, {"label": "已完成"}, ()),
    ("002", "对法律援助管理人员进行培训", T, None, None, None, {}, ("target-unparsed",)),
    ("002", "99%", N, None, "99", "%", {"ratio": "0.99"}, ()),
    ("002", "≥500 人次", N, GE, "500", "人次", {}, ()),
    ("002", "1576 人次", N, None, "1576", "人次", {}, ()),
    ("002", "达到 95%", N, GE, "95", "%", {"ratio": "0.95", "words": ["达到"]}, ()),
    ("002", "达到 100%", N, GE, "100", "%", {"ratio": "1", "words": ["达到"]}, ()),
    ("002", "公法大厅设备完好率达到 70%", N, GE, "70", "%", {"label": "公法大厅设备完好率", "words": ["达到"]}, ()),
    ("002", "维持公共法律服务大厅正常运转", Q, None, None, None, {}, ()),
    ("002", "每年适量做公共法律服务宣传", T, None, None, None, {}, ("target-unparsed",)),
    ("002", "≤10 人次", N, LE, "10", "人次", {}, ()),
    ("002", "3 人次", N, None, "3", "人次", {}, ()),
    ("002", "咨询满意度 ≥ 90%", N, GE, "90", "%", {"label": "咨询满意度", "ratio": "0.9"}, ()),
    ("002", "99.60%", N, None, "99.60", "%", {"ratio": "0.996"}, ()),
    # 标杆值 of the finance evaluation score table (附件1)
    ("002", "上年案件办结率", T, None, None, None, {}, ("target-unparsed",)),
    ("002", "健全", Q, None, None, None, {}, ()),
    # -- variants: unicode, spacing, LaTeX, comparison words ------------------------------------
    ("-", "＞＝90％。", N, GE, "90", "%", {"ratio": "0.9"}, ()),
    ("-", "> = 90%", N, GE, "90", "%", {}, ()),
    ("-", "≧95%", N, GE, "95", "%", {}, ()),
    ("-", "≦2小时", DUR, LE, "2", "小时", {}, ()),
    ("-", "＜5％", N, LT, "5", "%", {"ratio": "0.05"}, ()),
    ("-", "＝100%", N, EQ, "100", "%", {}, ()),
    ("-", "$\\geq*$90%", N, GE, "90", "%", {}, ()),
    ("-", "≥１２次", N, GE, "12", "次", {}, ()),
    ("-", "85%以上", N, GE, "85", "%", {"words": ["以上"]}, ()),
    ("-", "3次以内", N, LE, "3", "次", {"words": ["以内"]}, ()),
    ("-", "5万元以下", N, LE, "5", "万元", {"words": ["以下"]}, ()),
    ("-", "超过100人次", N, GT, "100", "人次", {"words": ["超过"]}, ()),
    ("-", "高于95%", N, GT, "95", "%", {"words": ["高于"]}, ()),
    ("-", "低于5%", N, LT, "5", "%", {"words": ["低于"]}, ()),
    ("-", "小于3天", DUR, LT, "3", "天", {"words": ["小于"]}, ()),
    ("-", "不超过500元", N, LE, "500", "元", {"words": ["不超过"]}, ()),
    ("-", "不低于90%", N, GE, "90", "%", {"words": ["不低于"]}, ()),
    ("-", "不少于3次", N, GE, "3", "次", {"words": ["不少于"]}, ()),
    ("-", "达90%", N, GE, "90", "%", {"words": ["达"]}, ()),
    ("-", "≥1,000件", N, GE, "1000", "件", {}, ()),
    ("-", "项目工期 ≤2年", DUR, LE, "2", "年", {"label": "项目工期"}, ()),
    ("-", "12348热线接通率达到70%", N, GE, "70", "%", {"label": "12348热线接通率"}, ()),
    ("-", "≥0.85", N, GE, "0.85", None, {"ratio": "0.85"}, ()),
    ("-", "2023年", D, None, None, None, {"date": "2023-01-01", "date_precision": "year"}, ()),
    ("-", "2023年底", D, None, None, None, {"date": "2023-12-31", "date_precision": "year", "date_bound": "end"}, ()),
    ("-", "2023-10-31", D, None, None, None, {"date": "2023-10-31", "date_precision": "day"}, ()),
    ("-", "2023年10月底前完成", D, LE, None, None, {"date_bound": "end", "prose": "完成"}, ("target-prose-mixed",)),
    ("-", "考核时间：2023年10月底", D, None, None, None, {"label": "考核时间"}, ()),
    ("-", "2023年2月30日", T, None, None, None, {}, ("target-ambiguous",)),
    ("-", "12月底前", T, None, None, None, {}, ("target-ambiguous",)),
    ("-", "3-5个", T, None, None, None, {}, ("target-ambiguous",)),
    ("-", "≥**人次", T, None, None, None, {}, ("target-unparsed",)),
    ("-", "7*24小时在线", Q, None, None, None, {}, ()),
    ("-", "≥5维持中心运行维修维护成本小于5万元", N, GE, "5", "万元", {}, ("target-prose-mixed", "target-unit-from-prose", "target-sign-conflict")),
    ("-", "≥5以下", N, GE, "5", None, {"words": ["以下"]}, ("target-sign-conflict", "target-unit-missing")),
    ("-", "无", Q, None, None, None, {"label": "无"}, ()),
    ("-", "", E, None, None, None, {}, ()),
    ("-", "-", E, None, None, None, {}, ()),
    ("-", " — ", E, None, None, None, {}, ()),
    ("-", "/", E, None, None, None, {}, ()),
]
# fmt: on


def _ids(case):
    return f"{case[0]}:{case[1] or '(empty)'}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_cell(case):
    _seed, raw, kind, comparison, number, unit, others, codes = case
    parsed = parse_target(raw)
    value = parsed.value
    assert value.raw == raw.strip()
    assert value.kind == kind
    assert value.comparison == comparison
    assert value.number == (None if number is None else Decimal(number))
    assert value.unit == unit
    as_dict = value.to_dict()
    for name, expected in others.items():
        assert as_dict.get(name) == expected, name
    assert sorted(p.code for p in parsed.problems) == sorted(codes)


@pytest.mark.parametrize("seed,path", [("000", GOALS), ("002", ACCOUNTS)])
def test_table_values_are_real(seed, path):
    """The seed rows of the table are written verbatim in their seed."""
    text = path.read_text(encoding="utf-8")
    missing = [raw for s, raw, *_ in CASES if s == seed and raw not in text]
    assert missing == []


def test_number_is_as_written_and_ratio_is_a_fraction():
    value = parse_target("71.40%").value
    assert str(value.number) == "71.40"
    assert value.ratio == Decimal("0.714")
    assert parse_target("≥0.85").value.ratio == parse_target("85%").value.ratio


def test_run_together_digits_name_both_readings():
    parsed = parse_target("≥6000012348人热线受益人达到60000人次")
    (ambiguous,) = [p for p in parsed.problems if p.code == "target-ambiguous"]
    assert "6000012348" in ambiguous.params["detail"]
    assert "60000人次" in ambiguous.params["detail"]
    assert parsed.value.number != Decimal("6000012348")


def test_prose_number_that_disagrees_is_ambiguous():
    parsed = parse_target("≥90全年接待咨询大于500人次")
    assert parsed.value.number == Decimal(90)
    assert "target-ambiguous" in {p.code for p in parsed.problems}
    assert "target-unit-from-prose" not in {p.code for p in parsed.problems}


def test_chinese_numerals_are_not_numbers():
    value = parse_target("市优以上律所的执业三年以上律师").value
    assert value.number is None and value.comparison is None


@pytest.mark.parametrize(
    "raw,role,codes",
    [
        ("16000", None, []),
        ("16000", "actual", []),
        ("16000", "target", ["target-unit-missing"]),
        ("≥600", None, ["target-unit-missing"]),
        ("≥600", "target", ["target-unit-missing"]),
        ("≥600", "actual", []),
        ("≥0.85", "target", []),
        ("≥600人", "target", []),
    ],
)
def test_unit_missing_depends_on_role(raw, role, codes):
    assert [p.code for p in parse_target(raw, role=role).problems] == codes


# -- every 指标值 of seed 000 ------------------------------------------------------------------


def seed_000_targets() -> list[tuple[int, str]]:
    """(line, text) of the 5th cell of every indicator row of seed 000.

    The converter put one cell per line (a tab, then the text); rows are separated by
    blank lines and a row that continues a 一级指标 starts with a line holding only a tab.
    """
    lines = GOALS.read_text(encoding="utf-8").split("\n")
    cells: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "一级指标":
            i += 1
            continue
        rows: list[list[tuple[int, str]]] = []
        row: list[tuple[int, str]] = []
        j = i
        while j < len(lines) and (lines[j] == "" or lines[j].startswith("\t")):
            if lines[j] == "":
                if row:
                    rows.append(row)
                row = []
            else:
                row.append((j + 1, lines[j].strip()))
            j += 1
        if row:
            rows.append(row)
        cells.extend(r[4] for r in rows[1:] if len(r) > 4)  # rows[0] is the header
        i = j
    return cells


def test_every_seed_000_target_is_typed_or_flagged():
    cells = seed_000_targets()
    assert len(cells) == 80  # 10 projects, 80 indicator rows
    assert cells[0] == (50, "≤550元（每人每天）")
    silent = []
    for line, text in cells:
        parsed = parse_target(text)
        assert parsed.value.raw == text
        if parsed.value.kind in (ValueKind.TEXT, ValueKind.EMPTY) and not parsed.problems:
            silent.append((line, text))
    assert silent == []


def test_seed_000_values_with_two_numbers_are_all_prose_mixed():
    """A cell that states its number twice (value + prose) must be reported."""
    for line, text in seed_000_targets():
        if len(re.findall(r"\d+(?:\.\d+)?", text)) >= 2 and not re.match(r"^≤?\d{4}年", text):
            codes = {p.code for p in parse_target(text).problems}
            assert "target-prose-mixed" in codes, (line, text)


def test_seed_000_bare_numbers_with_comparison_have_unit_or_share():
    for line, text in seed_000_targets():
        value = parse_target(text).value
        if value.kind == ValueKind.NUMBER and value.comparison is not None:
            assert value.unit is not None or value.ratio is not None, (line, text)


# -- problems become findings ------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("raw", [c[1] for c in CASES if c[7]])
def test_problems_fill_their_templates(raw):
    for problem in parse_target(raw).problems:
        kind = CATALOGUE[problem.code]
        assert _fields(kind.template) <= set(problem.params), problem
        finding = make_finding(problem.code, Source("x.txt", line=1), **problem.params)
        assert "{" not in finding.message


# -- robustness ---------------------------------------------------------------------------------

PIECES = list("0123456789.,%％≥≤><=＞＜＝≧≦ 　年月日底前次万元人件个/（）()以上下内达到大于小于不低超过-—*×$\\。")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(PIECES), max_size=40)))
def test_never_raises(text):
    parsed = parse_target(text)
    assert isinstance(parsed, Parsed)
    assert parsed.value.raw == text.strip()
    assert all(isinstance(p, Problem) and p.code in CATALOGUE for p in parsed.problems)
    if parsed.value.kind == ValueKind.TEXT:
        assert parsed.problems  # text is never accepted silently
    grammar._parse(text.strip(), None)  # the safety net in parse_target is not what saves us


@settings(max_examples=200, deadline=None)
@given(
    sign=st.sampled_from(["", "≥", "≤", ">", "<", "＞＝", "≧", "达到", "不低于"]),
    number=st.decimals(min_value=1, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    space=st.sampled_from(["", " "]),
    unit=st.sampled_from(["次", "%", "万元", "人次", "件", "个", "平方米", "台", "名", "家"]),
)
def test_generated_values_round_trip(sign, number, space, unit):
    parsed = parse_target(f"{sign}{number}{space}{unit}")
    assert parsed.value.kind == ValueKind.NUMBER
    assert parsed.value.number == number
    assert parsed.value.unit == unit
    assert (parsed.value.comparison is None) == (sign == "")
    assert parsed.problems == ()


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_generated_dates_round_trip(day):
    value = parse_target(f"≤{day.year}年{day.month}月{day.day}日前").value
    assert (value.kind, value.date, value.date_precision, value.comparison) == (ValueKind.DATE, day, "day", LE)
