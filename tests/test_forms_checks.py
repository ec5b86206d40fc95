"""Checks on standalone forms (issue 13): goal tables of other templates, formulas printed in a
form's header, goals filled with amounts, the scale of the money unit, scrambled PDF forms."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.goals import missing_kinds
from jixiao.checks.runner import run_checks
from jixiao.ingest import read_text
from jixiao.model.goals import Indicator, Project
from jixiao.model.source import Source
from jixiao.model.target import TargetValue, ValueKind
from tests.test_forms import corpus


def codes(doc) -> list[str]:
    return [f.code for f in run_checks([doc]).findings]


# -- corpus: false warnings gone, true ones kept ----------------------------------------------


def test_01_no_basis_or_kind_findings_on_central_investment_template():
    found = codes(corpus("01"))
    assert "goal-basis-missing" not in found
    assert "goal-indicator-kind-missing" not in found
    (project,) = corpus("01").goals.projects
    assert project.basis_column is False


def test_02_no_basis_finding_without_basis_column():
    assert "goal-basis-missing" not in codes(corpus("02"))


def test_06_cut_row_with_unit_column_has_no_unit_finding():
    doc = corpus("06")
    assert "target-unit-missing" not in codes(doc)
    assert doc.forms.self_evaluations[1].indicators[0].target.raw == "=100"


def test_04_goal_cells_hold_amounts():
    found = [f for f in run_checks([corpus("04")]).findings if f.code == "form-goal-is-amount"]
    assert len(found) == 1
    assert "43.2" in found[0].message and "37.24" in found[0].message
    assert codes(corpus("04")).count("target-unit-missing") == 9  # bare "100" targets: kept


def test_07_scrambled_total_line_read_and_rate_is_rounding():
    doc = corpus("07")
    first, second = doc.forms.self_evaluations
    (total,) = first.budget_lines
    assert total.name == "年度资金总额"
    assert (total.adjusted.value, total.executed.value, total.weight.value, total.score.value) == (
        Decimal("250000.00"),
        Decimal("215457.6"),
        Decimal("10"),
        Decimal("8.62"),
    )
    assert total.rate.raw == "86.19%"
    assert second.budget_lines == ()  # the run is short: not guessed
    found = run_checks([doc]).findings
    assert not any(f.code == "selfeval-execution-rate-mismatch" for f in found)
    gap = [f for f in found if f.code == "rounding-gap"]
    assert len(gap) == 1 and "86.18%" in gap[0].message


def test_08_formulas_read_and_hold():
    doc = corpus("08")
    (form,) = doc.forms.self_evaluations
    assert [f.raw for f in form.formulas] == ["④=①+②+③", "⑥=⑤/④", "⑦=④-⑤", "⑧=⑦/④"]
    assert form.formulas[0].result == "adjusted"
    assert form.formulas[0].operands == ("initial", "carried_over", "adjustment")
    found = codes(doc)
    assert "form-formula-mismatch" not in found
    assert found.count("form-money-scale-suspect") == 1
    assert form.goal_actual.startswith("目标1完成情况") and "年度" not in form.goal_expected.split("\n")


# -- synthetic forms: the family, not the file ---------------------------------------------------


def fujian_form(initial: str, carried: str, adjust: str, subtotal: str, paid: str, rate: str, rest: str,
                rest_rate: str, unit: str = "万元") -> str:
    return "\n".join(
        [
            "部门整体支出绩效自评表",
            "(2018年度)",
            "部门(单位)名称 某某局 部门预算编码 1",
            f"财政资金安排和使用情况 资金结构 ({unit})",
            "年初部门预算安排金额",
            "历年结余结转",
            "年中调整金额③ 小计",
            "④ = ①+② +③",
            "年度拨付金额",
            "支出实现率(%)",
            "⑥=⑤/④",
            "本年度结余金额",
            "⑦=④-⑤",
            "资金结余率",
            "(%)",
            "⑧=⑦/④",
            f"财政资金小计 {initial} {carried} {adjust} {subtotal} {paid} {rate} {rest} {rest_rate}",
            "年度 总体 目标 完成 情况 预期目标 目标实际完成情况 完成值",
        ]
    )


amounts = st.decimals(min_value=1, max_value=90000, places=2)


@settings(max_examples=30, deadline=None)
@given(amounts, amounts, amounts, st.integers(0, 100), st.sampled_from([None, "subtotal", "rest", "rate"]))
def test_formulas_hold_or_are_reported(a, b, c, spent_share, broken):
    subtotal = a + b + c
    paid = (subtotal * spent_share / 100).quantize(Decimal("0.01"))
    rest = subtotal - paid
    rate = f"{round(paid / subtotal * 100)}%"
    rest_rate = f"{round(rest / subtotal * 100)}%"
    if broken == "subtotal":
        subtotal += 5
    elif broken == "rest":
        rest += 7
    elif broken == "rate":
        rate = f"{round(paid / subtotal * 100) + 3}%"
    doc = read_text(fujian_form(str(a), str(b), str(c), str(subtotal), str(paid), rate, str(rest), rest_rate))
    assert len(doc.forms.self_evaluations[0].formulas) == 4
    mismatches = codes(doc).count("form-formula-mismatch")
    assert (mismatches > 0) == (broken is not None)


@settings(max_examples=20, deadline=None)
@given(st.decimals(min_value=1, max_value=10**8, places=2))
def test_money_scale_by_reading_in_wan(total):
    doc = read_text(fujian_form(str(total), "0", "0", str(total), str(total), "100%", "0", "0%"))
    found = codes(doc)
    assert ("form-money-scale-suspect" in found) == (total >= 1_000_000)
    assert ("form-money-scale-large" in found) == (100_000 <= total < 1_000_000)
    yuan = codes(read_text(fujian_form(str(total), "0", "0", str(total), str(total), "100%", "0", "0%", unit="元")))
    assert "form-money-scale-suspect" not in yuan


def test_formula_numbers_out_of_column_order_are_not_read():
    text = fujian_form("1", "1", "1", "3", "3", "100%", "0", "0%").replace("年中调整金额③", "年中调整金额⑤")
    assert read_text(text).forms.self_evaluations[0].formulas == ()


def _ind(l1: str, l2: str, name: str) -> Indicator:
    return Indicator(l1, l2, name, "", TargetValue("1", ValueKind.NUMBER), None, Source("x", 1))


LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "满意度指标")]


@given(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=6), st.sampled_from(["实施效果指标", "绩效指标"]))
def test_kinds_judged_one_level_lower_under_a_template_heading(levels, heading):
    def project(inds):
        return Project(None, None, "p", None, "万元", None, None, None, None, None, None, tuple(inds), "t", Source("x", 1))

    standard = project(_ind(l1, l2, f"n{k}") for k, (l1, l2) in enumerate(levels))
    shifted = project(_ind(heading, l1, f"n{k}") for k, (l1, _) in enumerate(levels))
    got = {k for k, _ in missing_kinds(shifted)}
    # with 产出 but without 二级 categories 数量/质量 are not judged; with no 产出 at all both are missing
    has_output = any(l1 == "产出指标" for l1, _ in levels)
    assert any("数量" in k for k in got) == (not has_output)
    assert any("质量" in k for k in got) == (not has_output)
    assert ("效益指标" in got) == ("效益指标" in {k for k, _ in missing_kinds(standard)})


def test_sum_formula_off_by_rounding_is_a_rounding_gap():
    # ④ = ①+②+③ printed 0.01 off: within rounding of three summands (this check used to raise a
    # TypeError here, passing ``expected`` twice to sum_findings: check-failed)
    doc = read_text(fujian_form("1.00", "2.00", "3.00", "6.01", "6.01", "100%", "0.00", "0%"))
    found = codes(doc)
    assert "check-failed" not in found
    assert "form-formula-mismatch" not in found
    assert "rounding-gap" in found
