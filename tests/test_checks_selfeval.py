"""Self-evaluation forms and evaluation reports: each check fires on a mutated seed, stays silent on the real one.

The seed's own mistakes are asserted at the end with their locations and values.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.checks import evaluation as ev
from jixiao.checks import run_checks
from jixiao.checks import selfeval as se
from jixiao.checks.registry import CHECKS
from jixiao.grammar import parse_target
from jixiao.ingest import read_text
from tests.conftest import ACCOUNTS, GOALS

TEXT = ACCOUNTS.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
OWN = {code for chk in CHECKS if chk.fn.__module__ in (se.__name__, ev.__name__) for code in chk.codes}


def check(text: str):
    report = run_checks([read_text(text, "x.txt")], select=sorted(OWN), include_reading=False)
    assert not [f for f in report.findings if f.code == "check-failed"], report.findings
    return [f for f in report.findings if f.code in OWN and f.code != "rounding-gap"]


def mutate(text: str, line_no: int, old: str, new: str, last: bool = False) -> str:
    lines = text.split("\n")
    assert old in lines[line_no - 1], (line_no, lines[line_no - 1])
    if last:
        head, _, tail = lines[line_no - 1].rpartition(old)
        lines[line_no - 1] = head + new + tail
    else:
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    return "\n".join(lines)


def at(findings, code: str, line: int):
    return [f for f in findings if f.code == code and f.source.line == line]


@pytest.fixture(scope="module")
def seed():
    return check(TEXT)


# -- the seed: every error and warning, each a real mistake of the document -----------------------------------

SEED_ERRORS_AND_WARNINGS = {
    # 法律培训费: rows 80 (no 满意度 row), 小计 90/90, 总分 100
    ("selfeval-weight-mismatch", 775),
    ("selfeval-score-sum-mismatch", 775),
    ("selfeval-total-score-differs", 776),
    ("selfeval-deviation-unexplained", 761),
    # 法律职业资格考试费: a 30-point row under "满意度指标 (10分)", rows 80 against 小计 90
    ("selfeval-weight-mismatch", 813),
    ("selfeval-weight-mismatch", 811),
    # 法治专项业务费: no 效益 rows, rows 60 against 小计 90/90; 16000 against ≥600
    ("selfeval-weight-mismatch", 855),
    ("selfeval-score-sum-mismatch", 855),
    ("selfeval-total-score-differs", 856),
    ("selfeval-deviation-unexplained", 843),
    # 惠企法律服务费: 40 against ≥30
    ("selfeval-deviation-unexplained", 884),
    # 普法人民监督员: "产出指标 (30分)" over 50 points of rows, "效益指标 (10分)" over a 30-point row
    ("selfeval-weight-mismatch", 970),
    ("selfeval-weight-mismatch", 980),
    # 指挥中心: rows 90, 小计 100/100 (and 10 + 100 ≠ 100)
    ("selfeval-weight-mismatch", 1023),
    ("selfeval-score-sum-mismatch", 1023),
    # 法律援助及12348: 810 against ≥600, 1478 万元 against ≥400 万元
    ("selfeval-deviation-unexplained", 1176),
    ("selfeval-deviation-unexplained", 1182),
    # 公共法律服务中心运行费: 有责投诉数 3 ≤ 10 scored 29.7 of 30; 1576 against ≥500; "已完成" for 达到70%
    ("selfeval-item-score-differs", 1222),
    ("selfeval-total-score-differs", 1225),
    ("selfeval-deviation-unexplained", 1216),
    ("selfeval-actual-not-comparable", 1219),
    # finance evaluation: 效益 25.40 ÷ 26 printed 97.70% (twice), a self-contradicting 评分说明,
    # 1,478.20 万元 in the text against 8964.65 万元 in the table, 1.5 of 2 under "否则，不得分"
    ("evaluation-rate-mismatch", 1922),
    ("evaluation-rate-mismatch", 1494),
    ("evaluation-text-contradicts", 1640),
    ("evaluation-text-mismatch", 1832),
    ("evaluation-partial-score-all-or-nothing", 1960),
}


def test_seed_errors_and_warnings_are_the_real_mistakes(seed):
    got = {(f.code, f.source.line) for f in seed if f.severity != "info"}
    assert got == SEED_ERRORS_AND_WARNINGS


def test_seed_values_of_the_real_mistakes(seed):
    (sub,) = [f for f in at(seed, "selfeval-weight-mismatch", 775)]
    assert (sub.expected, sub.actual, sub.source.column) == ("80", "90", 6)
    (label,) = at(seed, "selfeval-weight-mismatch", 970)
    assert (label.expected, label.actual) == ("50", "30分") and "产出指标" in label.message
    (cmd,) = at(seed, "selfeval-weight-mismatch", 1023)
    assert (cmd.expected, cmd.actual) == ("90", "100")
    (item,) = at(seed, "selfeval-item-score-differs", 1222)
    assert (item.expected, item.actual) == ("30", "29.7") and "B ≤ A 得满分" in item.message
    (total,) = at(seed, "selfeval-total-score-differs", 856)
    assert (total.expected, total.actual) == ("69.59", "99.5896603")
    (dev,) = at(seed, "selfeval-deviation-unexplained", 761)
    assert (dev.expected, dev.actual) == ("≥3 次", "4") and "133.33%" in dev.message and "+33.33%" in dev.message
    (cmp_,) = at(seed, "selfeval-actual-not-comparable", 1219)
    assert cmp_.actual == "已完成" and "70%" in cmp_.expected
    rates = [f for f in seed if f.code == "evaluation-rate-mismatch"]
    assert {(f.expected, f.actual) for f in rates} == {("97.69%", "97.70%")}
    (contra,) = at(seed, "evaluation-text-contradicts", 1640)
    assert (
        "扣 3 分，得分率为 100%" in contra.message and "得分率应为0%" in contra.message and "第1939行" in contra.message
    )
    (quoted,) = at(seed, "evaluation-text-mismatch", 1832)
    assert (quoted.expected, quoted.actual) == ("8964.65万元", "1478.20万元") and "第1982行" in quoted.message
    (partial,) = at(seed, "evaluation-partial-score-all-or-nothing", 1960)
    assert partial.actual == "1.5" and "结案归档卷宗规范率" in partial.message


def test_seed_summary_scores_are_roundings_of_the_forms(seed):
    rounded = {(f.source.line, f.actual, f.expected) for f in seed if f.code == "selfeval-summary-rounded"}
    assert rounded == {
        (728, "99.59", "99.5896603"),
        (734, "99.71", "99.71411628"),
        (735, "99.26", "99.25546406"),
        (736, "99.756", "99.75614267"),
        (737, "99.684", "99.68412698"),
    }
    assert all(f.severity == "info" for f in seed if f.code == "selfeval-summary-rounded")


def test_findings_stay_with_their_own_document():
    """Run beside the goal tables (which hold no form), every finding of these checks points into the 决算."""
    goals = read_text(GOALS.read_text(encoding="utf-8"), "g.txt")
    accounts = read_text(TEXT, "a.txt")
    report = run_checks([goals, accounts], select=sorted(OWN), include_reading=False)
    mine = [f for f in report.findings if f.code in OWN]
    assert len(mine) >= 10  # the seed's own mistakes, found in the same run
    assert {f.source.path for f in mine} == {"a.txt"}


# -- forms: weights -------------------------------------------------------------------------------------------


def test_subtotal_weight_against_rows(seed):
    assert at(seed, "selfeval-weight-mismatch", 940) == []  # 警用服装费: 8 rows of 90
    found = check(mutate(TEXT, 940, "\t90\t89.5", "\t95\t89.5"))
    (f,) = at(found, "selfeval-weight-mismatch", 940)
    assert (f.expected, f.actual) == ("90", "95") and "小计的分值" in f.message


def test_budget_weight_plus_subtotal_is_100():
    found = check(mutate(TEXT, 920, "499.9735\t10\t1", "499.9735\t20\t1"))
    (f,) = at(found, "selfeval-weight-mismatch", 940)
    assert "总分的分值" in f.message and (f.expected, f.actual) == ("80", "90")


def test_level1_label_against_rows(seed):
    assert at(seed, "selfeval-weight-mismatch", 761) == []
    assert at(seed, "selfeval-weight-mismatch", 1050) == []  # 修缮: 成本 row placed under 效益 by the converter
    found = check(mutate(TEXT, 761, "产出指标 (50分)", "产出指标 (40分)"))
    (f,) = at(found, "selfeval-weight-mismatch", 761)
    assert (f.expected, f.actual) == ("50", "40分")


# -- forms: published sums, execution rate, grades -----------------------------------------------------------


def test_subtotal_score_against_rows(seed):
    assert at(seed, "selfeval-score-sum-mismatch", 940) == []
    found = check(mutate(TEXT, 926, "\t10\t9.5", "\t10\t9"))
    (f,) = at(found, "selfeval-score-sum-mismatch", 940)
    assert (f.expected, f.actual) == ("89", "89.5")
    assert at(found, "selfeval-score-sum-mismatch", 941) == []  # 总分 adds up with the 小计: reported once


def test_total_against_budget_score_plus_rows(seed):
    assert at(seed, "selfeval-score-sum-mismatch", 941) == []
    assert at(seed, "selfeval-score-sum-mismatch", 1106) == []  # 9.714116279 + 90 printed 99.71411628
    found = check(mutate(TEXT, 941, "99.5", "98.5"))
    (f,) = at(found, "selfeval-score-sum-mismatch", 941)
    assert (f.expected, f.actual) == ("99.5", "98.5")


def test_execution_rate(seed):
    # 0.97141163, 0.9984127 … are the quotients rounded half-up
    assert [f for f in seed if f.code == "selfeval-execution-rate-mismatch"] == []
    found = check(mutate(TEXT, 836, "0.95896603", "0.95"))
    (f,) = at(found, "selfeval-execution-rate-mismatch", 836)
    assert (f.expected, f.actual) == ("0.96", "0.95") and "180.6692" in f.message


def test_summary_grade_against_form_total(seed):
    assert [f for f in seed if f.code == "selfeval-grade-mismatch"] == []  # 10 分 → 差 is right
    found = check(mutate(TEXT, 727, "\t差", "\t优"))
    (f,) = at(found, "selfeval-grade-mismatch", 727)
    assert (f.expected, f.actual) == ("差", "优") and "第814行" in f.message


# -- forms: recomputation, explanations, comparability --------------------------------------------------------


def test_recomputed_item_score(seed):
    assert at(seed, "selfeval-item-score-differs", 927) == []
    found = check(mutate(TEXT, 927, "\t10\t10", "\t10\t8"))
    (f,) = at(found, "selfeval-item-score-differs", 927)
    assert (f.expected, f.actual) == ("10", "8") and f.severity == "warning"
    assert at(found, "selfeval-total-score-differs", 941) == []  # 总分 99.5 still what the rules give
    assert at(found, "selfeval-score-sum-mismatch", 940)  # but the 小计 89.5 no longer adds up


def test_low_score_without_explanation(seed):
    assert [f for f in seed if f.code == "selfeval-low-score-unexplained"] == []
    found = check(mutate(TEXT, 815, "2022 年因疫情未组织考试。", ""))
    (f,) = at(found, "selfeval-low-score-unexplained", 814)
    assert f.actual == "10"


def test_deviation_without_analysis(seed):
    assert at(seed, "selfeval-deviation-unexplained", 926) == []  # 36106 of ≥38000: −5%
    silent = check(mutate(TEXT, 761, "≥3 次\t4", "≥3 次\t3"))
    assert at(silent, "selfeval-deviation-unexplained", 761) == []
    under = check(mutate(TEXT, 926, "36106", "20000"))
    (f,) = at(under, "selfeval-deviation-unexplained", 926)
    assert "-47.37%" in f.message


def test_execution_explanation_is_a_parameter(seed, monkeypatch):
    assert [f for f in seed if f.code == "selfeval-execution-unexplained"] == []  # 10号 forms do not ask
    monkeypatch.setattr(se, "EXECUTION_EXPLANATION_BELOW", Decimal("0.95"))
    found = check(TEXT)
    (f,) = [f for f in found if f.code == "selfeval-execution-unexplained"]
    assert f.source.line == 1128 and f.actual == "92.55%"  # 国家文物保护专项资金 371.144109 / 401


def test_actual_not_comparable(seed):
    assert at(seed, "selfeval-actual-not-comparable", 1177) == []  # 365 天 against a bare 365
    assert at(seed, "selfeval-actual-not-comparable", 804) == []  # "无": the exam was not held
    found = check(mutate(TEXT, 926, "36106", "36106 万元"))
    (f,) = at(found, "selfeval-actual-not-comparable", 926)
    assert "单位不一致" in f.message


def test_date_target_with_text_actual(accounts_doc):
    form = accounts_doc.accounts.self_evaluations[0]
    it = form.indicators[0]
    dated = replace(it, target=parse_target("2022年12月底前").value, actual=parse_target("按期完成").value)
    assert "不是日期" in se._not_comparable(dated)
    on_time = replace(dated, actual=parse_target("2022年11月").value)
    assert se._not_comparable(on_time) is None


# -- summary table against forms ----------------------------------------------------------------------------


def test_summary_score_and_unit(seed):
    assert [f for f in seed if f.code in ("selfeval-summary-mismatch", "selfeval-summary-unmatched")] == []
    found = check(mutate(TEXT, 730, "\t99.5\t", "\t98.5\t"))
    (f,) = at(found, "selfeval-summary-mismatch", 730)
    assert (f.expected, f.actual) == ("99.5", "98.5") and f.severity == "error"
    found = check(mutate(TEXT, 729, "青岛市司法局", "青岛市法律援助中心"))
    (f,) = at(found, "selfeval-summary-mismatch", 729)
    assert "项目实施单位" in f.message


def test_summary_project_without_form():
    found = check(mutate(TEXT, 732, "市司法局指挥中心建设项目", "市司法局指挥中心改造项目"))
    unmatched = sorted(f.source.line for f in found if f.code == "selfeval-summary-unmatched")
    assert unmatched == [732, 998]


# -- evaluation reports ----------------------------------------------------------------------------------------


def test_rows_against_sections_and_total(seed):
    assert [f for f in seed if f.code == "evaluation-sum-mismatch"] == []
    found = check(mutate(TEXT, 1960, "1.5\t75.00%", "0.5\t25.00%", last=True))
    lines = sorted(f.source.line for f in found if f.code == "evaluation-sum-mismatch")
    assert lines == [1493, 1921, 1992]  # abstract 产出, final 产出, the 合计 row
    (f,) = at(found, "evaluation-sum-mismatch", 1921)
    assert (f.expected, f.actual) == ("29.23", "30.23")
    report = run_checks([read_text(mutate(TEXT, 1960, "1.5\t75.00%", "1.52\t76.00%", last=True), "x.txt")])
    gaps = [f for f in report.findings if f.code == "rounding-gap" and f.source.line == 1921]
    assert len(gaps) == 1 and gaps[0].severity == "info"  # 0.02 over 15 rows: within rounding


def test_level1_label_weight():
    found = check(mutate(TEXT, 1938, "决策 (20分)", "决策 (25分)"))
    (f,) = at(found, "evaluation-sum-mismatch", 1938)
    assert (f.expected, f.actual) == ("20", "25")


def test_section_total():
    found = check(mutate(TEXT, 1923, "92.13\t92.13%", "93.13\t93.13%"))
    (f,) = at(found, "evaluation-sum-mismatch", 1923)
    assert (f.expected, f.actual) == ("92.13", "93.13")


def test_row_rate(seed):
    assert at(seed, "evaluation-rate-mismatch", 1969) == []  # 1.73 ÷ 2 = 86.50%
    found = check(mutate(TEXT, 1969, "86.50%", "86.00%"))
    (f,) = at(found, "evaluation-rate-mismatch", 1969)
    assert (f.expected, f.actual) == ("86.50%", "86.00%")


def test_section_grade(seed):
    assert [f for f in seed if f.code == "evaluation-grade-mismatch"] == []  # 产出 88.91% → 良
    found = check(mutate(TEXT, 1921, "良", "优"))
    (f,) = at(found, "evaluation-grade-mismatch", 1921)
    assert (f.expected, f.actual) == ("良", "优")


def test_score_out_of_range(seed):
    assert [f for f in seed if f.code == "evaluation-score-out-of-range"] == []
    found = check(mutate(TEXT, 1963, "\t2\t100.00%", "\t2.5\t125.00%", last=True))
    (f,) = at(found, "evaluation-score-out-of-range", 1963)
    assert f.actual == "2.5"


def test_all_or_nothing_silent_on_full_score():
    found = check(mutate(TEXT, 1960, "1.5\t75.00%", "2\t100.00%", last=True))
    assert at(found, "evaluation-partial-score-all-or-nothing", 1960) == []
    assert ev._all_or_nothing("达到100%，则得满分，否则，不得分。")
    assert not ev._all_or_nothing("达到100%，则得满分，否则，每降低1%扣5%权重分。")


def test_item_sentence_against_table(seed):
    assert at(seed, "evaluation-text-mismatch", 1630) == []
    found = check(mutate(TEXT, 1630, "得3分", "得2分"))
    codes = sorted(f.code for f in found if f.source.line == 1630)
    assert codes == ["evaluation-text-contradicts", "evaluation-text-mismatch"]  # 2 + 0 ≠ 3; table says 3


def test_explanation_conclusion_silent_when_consistent():
    found = check(mutate(TEXT, 1640, "该项指标扣 3 分", "该项指标得 3 分"))
    assert at(found, "evaluation-text-contradicts", 1640) == []


def test_department_sentences_against_section(seed):
    assert [f for f in seed if f.code == "evaluation-text-mismatch" and f.source.line == 1302] == []
    found = check(mutate(TEXT, 1304, "相关政策要求，得 1 分", "相关政策要求，得 2 分"))
    (f,) = at(found, "evaluation-text-mismatch", 1302)
    assert (f.expected, f.actual) == ("11", "10")


def test_quoted_numbers_silent_when_text_matches_table():
    found = check(mutate(TEXT, 1832, "1478.20", "8964.65"))
    assert at(found, "evaluation-text-mismatch", 1832) == []


def test_catalogue_has_every_code():
    from jixiao.findings import CATALOGUE

    assert set(CATALOGUE) >= OWN
    assert all(CATALOGUE[c].template for c in OWN)
