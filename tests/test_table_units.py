"""Money units per table and per column of the 决算 tables (issue 13, item 3): each kept as printed,
converted only to compare across tables, and a unit that contradicts the amounts under it reported
(``table-unit-suspect``), never converted silently. Variants of seed 002 (青岛市司法局 2023 决算): one
table printed in 元 with its amounts ×10⁴ must read as consistent as the original; the unit changed
without the amounts (or the amounts without the unit) is a finding naming that table."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.checks import run_checks
from jixiao.ingest import read_bytes
from jixiao.ingest.units import header_unit, without_unit
from jixiao.model.accounts import TableKind
from jixiao.model.units import MONEY_UNITS, comparable, scale_factor, to_unit
from tests.conftest import ACCOUNTS

AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})*\.\d+|-?\d+\.\d+")


def _variant(title: str, unit: str | None = None, factor: int | None = None, header: str | None = None) -> str:
    """Seed 002 with the table titled ``title`` printed in ``unit`` and/or its amounts × ``factor``;
    ``header`` renames its 金额 header cells (e.g. ``金额（元）``) instead of its 单位 line."""
    lines = ACCOUNTS.read_text(encoding="utf-8").split("\n")
    start = next(k for k, ln in enumerate(lines) if ln.strip() == title)
    end = next(k for k in range(start, len(lines)) if lines[k].startswith("注"))
    for k in range(start, end):
        if unit and lines[k].startswith("金额单位："):
            lines[k] = f"金额单位：{unit}"
        elif "\t" in lines[k]:
            cells = lines[k].split("\t")
            if header:
                cells = [header if c.strip() == "金额" else c for c in cells]
            if factor:
                cells = [
                    f"{Decimal(c.replace(',', '')) * factor:,.2f}" if AMOUNT.fullmatch(c.strip()) else c for c in cells
                ]
            lines[k] = "\t".join(cells)
    return "\n".join(lines)


def _read(text: str):
    doc = read_bytes(text.encode("utf-8"), "seed-002-variant.txt")
    return doc, run_checks([doc]).findings


@pytest.fixture(scope="module")
def original():
    doc, findings = _read(ACCOUNTS.read_text(encoding="utf-8"))
    return doc, Counter(f.code for f in findings)


def _accounts_codes(findings) -> Counter:
    """The codes of the table checks (the narrative's own comparisons are another module's)."""
    return Counter(f.code for f in findings if "narrative" not in f.code)


def test_a_table_printed_in_yuan_is_compared_after_conversion(original):
    # 公开04表 in 元 with every amount ×10⁴: the same document, every link still holds
    doc, findings = _read(_variant("财政拨款收入支出决算总表", unit="元", factor=10_000))
    table = next(t for t in doc.accounts.tables if t.kind == TableKind.FISCAL_SUMMARY)
    assert table.money_unit == "元"
    total = next(e for e in table.entries if e.name == "本年支出合计")
    general = next(c for c in table.columns if c.endswith("一般公共预算财政拨款"))
    assert total.amount(general) == Decimal("914550900.00")  # kept as printed
    assert _accounts_codes(findings) == +Counter({c: n for c, n in original[1].items() if "narrative" not in c})
    assert "table-unit-suspect" not in {f.code for f in findings}


@pytest.mark.parametrize(
    "title",
    ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
     "一般公共预算财政拨款基本支出决算明细表"],
)  # fmt: skip
def test_a_unit_changed_without_its_amounts_is_reported(original, title):
    _, findings = _read(_variant(title, unit="元"))
    suspect = [f for f in findings if f.code == "table-unit-suspect"]
    assert len(suspect) == 1 and suspect[0].severity.value == "warning"
    assert f"表“{title}”" in suspect[0].message and "元" in suspect[0].message and "10,000倍" in suspect[0].message
    assert suspect[0].source.table == title and suspect[0].source.column  # the cell that shows it
    assert "cross-table-mismatch" not in {f.code for f in findings} - set(original[1])


def test_amounts_in_yuan_under_a_wan_yuan_header_are_reported_not_converted():
    doc, findings = _read(_variant("财政拨款收入支出决算总表", factor=10_000))
    suspect = [f for f in findings if f.code == "table-unit-suspect"]
    assert len(suspect) == 1
    assert "财政拨款收入支出决算总表" in suspect[0].message and "标明金额单位为万元" in suspect[0].message
    table = next(t for t in doc.accounts.tables if t.kind == TableKind.FISCAL_SUMMARY)
    assert table.money_unit == "万元"  # as printed: nothing converted


def test_a_column_header_prints_its_own_unit():
    # 公开01表's 金额 columns headed 金额（元）, the amounts ×10⁴: the columns keep their name and carry 元
    doc, findings = _read(_variant("收入支出决算总表", header="金额（元）", factor=10_000))
    table = next(t for t in doc.accounts.tables if t.kind == TableKind.SUMMARY)
    assert table.money_unit == "万元" and table.columns == ("金额", "金额")
    assert table.unit_of("金额") == "元"
    codes = {f.code for f in findings}
    assert "table-unit-suspect" not in codes and "cross-table-mismatch" not in codes


# -- the arithmetic of units ----------------------------------------------------------------------------------

CENTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
UNITS = st.sampled_from(["元", "万元", "亿元"])


@given(value=CENTS, unit=UNITS, other=UNITS)
def test_an_amount_and_itself_in_another_unit_compare_equal(value, unit, other):
    printed = to_unit(value, unit, other)
    if MONEY_UNITS[other] > MONEY_UNITS[unit]:  # printed in the coarser unit: rounded to its cents
        printed = printed.quantize(Decimal("0.01"))
    a, a_unit = comparable(value, unit, other)
    b, b_unit = comparable(printed, other, unit)
    assert a_unit == b_unit
    assert abs(a - b) <= Decimal("0.01")


@given(value=CENTS, factor=st.sampled_from([10**4, 10**8]))
def test_a_figure_written_in_the_wrong_unit_is_told_by_its_factor(value, factor):
    assert scale_factor(value, value) is None
    assert scale_factor(value, value * factor) == factor
    assert scale_factor(value * factor, value) == 1 / Decimal(factor)
    assert scale_factor(value, value + Decimal("0.37")) is None


@given(label=st.sampled_from(["金额", "决算数", "本年支出·小计", "预算数"]), unit=UNITS,
       brackets=st.sampled_from(["（）", "()"]), prefix=st.sampled_from(["", "单位：", "单位:"]))  # fmt: skip
def test_a_header_unit_is_read_and_taken_off_the_name(label, unit, brackets, prefix):
    header = f"{label}{brackets[0]}{prefix}{unit}{brackets[1]}"
    assert header_unit(header) == unit
    assert without_unit(header) == label
    assert without_unit(label) == label


@pytest.mark.parametrize("title", ["财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表", "收入支出决算总表"])
def test_the_narrative_is_compared_with_a_table_in_yuan_after_conversion(original, title):
    """A table honestly printed in 元 (amounts ×10⁴) draws no narrative mismatch: the narrative's 万元
    are compared with the table's amounts converted, and the finding texts say where a conversion was made."""
    _, findings = _read(_variant(title, unit="元", factor=10_000))
    narrative = Counter(f.code for f in findings if "narrative" in f.code)
    assert narrative == +Counter({c: n for c, n in original[1].items() if "narrative" in c})
    # (the table's own sums may differ: a 0.01 万元 rounding gap ×10⁴ is a 100 元 gap in 元)
    # the unit alone changed: the narrative now disagrees by 10⁴ — reported, never converted silently
    _, wrong = _read(_variant(title, unit="元"))
    codes = Counter(f.code for f in wrong)
    assert codes["table-unit-suspect"] >= 1 or codes["narrative-amount-mismatch"] > original[1]["narrative-amount-mismatch"]
