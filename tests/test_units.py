"""Money units read where they are printed (issue 13, item 3): a table's 单位, a column header's
（元）, a sentence's 万元; amounts kept as printed and converted only to compare."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.ingest import read_text
from jixiao.ingest.units import header_unit, sentence_units, table_unit
from jixiao.model.units import MONEY_UNITS, UnitScope, to_unit

UNITS = ("元", "万元", "亿元")
SCALE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(10**8)}
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2)


@given(st.sampled_from(UNITS), st.sampled_from(["单位：{u}", "金额单位:{u}", "（单位：{u}）", "单位 ： {u}"]))
def test_a_table_states_its_unit(unit, wording):
    assert table_unit(["2022年度项目支出绩效自评表", wording.format(u=unit), "项目名称\t示范"]) == unit
    assert table_unit(["项目名称\t示范", "实施单位：某局"]) is None  # 单位 as the unit of an organisation


@given(
    st.sampled_from(UNITS),
    st.sampled_from(["金额（{u}）", "全年执行数({u})", "预算数（ {u} ）", "年初预算数(单位：{u})"]),
)
def test_a_column_header_prints_its_unit(unit, wording):
    assert header_unit(wording.format(u=unit)) == unit
    assert header_unit("执行率（%）") is None


@given(st.lists(st.tuples(amounts, st.sampled_from(UNITS)), min_size=1, max_size=4))
def test_a_sentence_prints_a_unit_per_number(pairs):
    text = "，".join(f"第{n}项支出{value}{unit}" for n, (value, unit) in enumerate(pairs))
    assert sentence_units(text) == [unit for _, unit in pairs]


@given(amounts, st.sampled_from(UNITS), st.sampled_from(UNITS))
def test_conversion_only_to_compare_and_back(value, unit, target):
    there = to_unit(value, unit, target)
    assert there * SCALE[target] == value * SCALE[unit]
    assert to_unit(there, target, unit) == value
    assert set(UNITS) <= set(MONEY_UNITS)


@given(*(st.one_of(st.none(), st.sampled_from(UNITS)) for _ in range(4)))
def test_the_unit_printed_nearest_a_number_is_its_unit(document, table, column, sentence):
    scope = UnitScope(document).within(table=table).within(column=column).within(sentence=sentence)
    assert scope.unit == next((u for u in (sentence, column, table, document) if u), None)


def form(table: str, executed_header: str, executed: str, rate: str) -> str:
    return (
        "2022年度项目支出绩效自评表\n"
        + (f"单位：{table}\n" if table else "")
        + "项目名称\t示范项目\n主管部门\t某局\n"
        + f"项目资金\t年初预算数\t全年预算数\t{executed_header}\t分值\t执行率\t得分\n"
        + f"年度资金总额\t100\t100\t{executed}\t10\t{rate}\t9.5\n"
    )


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(UNITS), st.sampled_from(UNITS), st.integers(1, 100), st.booleans())
def test_an_execution_rate_over_columns_in_different_units(table, column, percent, right):
    """The budget in the table's unit, the spending in its own column's unit: the rate is compared in one."""
    spent = Decimal(percent) * SCALE[table] / SCALE[column]  # percent of 100 (table unit), printed in the column's unit
    printed = f"{percent if right else percent + 7}%"
    doc = read_text(form(table, f"全年执行数（{column}）", f"{spent.normalize():f}", printed), "t.txt")
    (line,) = doc.forms.self_evaluations[0].budget_lines
    assert line.executed.unit == column and line.executed.raw == f"{spent.normalize():f}"  # kept as printed
    assert doc.forms.self_evaluations[0].money_unit == table
    mismatches = [f for f in run_checks([doc]).findings if f.code == "selfeval-execution-rate-mismatch"]
    assert bool(mismatches) == (not right)


def test_each_form_has_its_own_unit_and_the_document_unit_is_the_default():
    first = form("元", "全年执行数", "95", "95%")
    second = form("", "全年执行数", "95", "95%").replace("示范项目", "第二项目")
    doc = read_text(
        first + "\n" + second.replace("2022年度项目支出绩效自评表", "2022年度项目支出绩效自评表（二）"), "t.txt"
    )
    assert [f.money_unit for f in doc.forms.self_evaluations] == ["元", "元"]  # the second prints none: the default
    third = form("万元", "全年执行数", "95", "95%").replace("示范项目", "第三项目")
    doc = read_text(first + "\n" + third, "t.txt")
    assert [f.money_unit for f in doc.forms.self_evaluations] == ["元", "万元"]


def test_a_column_printed_in_yuan_is_not_read_as_ten_thousands():
    """A 万元 table whose spending column is printed in 元: no implausible-scale warning from that column."""
    doc = read_text(form("万元", "全年执行数（元）", "950000", "95%"), "t.txt")
    found = {f.code for f in run_checks([doc]).findings}
    assert "form-money-scale-large" not in found and "form-money-scale-suspect" not in found
    doc = read_text(form("万元", "全年执行数", "950000", "95%"), "t.txt")  # the same amount under the 万元 header
    assert "form-money-scale-large" in {f.code for f in run_checks([doc]).findings}
