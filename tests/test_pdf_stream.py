"""Tables printed without ruling lines (issue 15, item 3: "a column read as 0.00 where the PDF prints
the amount"): the same tables rendered with rules and without (borderless, horizontal rules only),
with their headers centred or flush left, tight or loose, wrapped over lines, amounts with thousands
separators, empty cells blank, ``0.00`` or ``-``, must read cell for cell the same.

Before :mod:`jixiao.ingest.pdf_stream`, a borderless table came out of the free-text reader: an empty
cell vanished (the next amount moved one column left), tight columns ran together (``264.87 264.87``
in one cell) and wrapped headers became extra header rows, so the 一般公共预算财政拨款 column of the
财政拨款收入支出决算总表 was read empty (0.00) or under another column.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jixiao.ingest import read_bytes
from jixiao.model.accounts import TableKind
from tests import test_pdf_layouts as layouts
from tests.test_pdf_layouts import FUNDS, STYLE, general_budget_table, table_page, td, tr

pytest.importorskip("weasyprint")

RULES = {
    "borderless": "td { border: none !important; }",
    "horizontal rules only": "td { border-left: none !important; border-right: none !important; }",
}
ALIGN = {
    "left": "",
    "centred": "td { text-align: center; }",
    "amounts right": "td.n { text-align: right; }",
}


def _pdf(html_body: str, css: str) -> bytes:
    from weasyprint import HTML

    html = (f"<html><head><meta charset='utf-8'><style>{STYLE}{css}</style></head><body>"
            f"<p>上海市普陀区测试局2024年度部门决算</p>{html_body}</body></html>")  # fmt: skip
    return HTML(string=html).write_pdf()


def _cells(doc) -> list[tuple]:
    """Every table's title, unit, columns and every entry's side, code, name and cells as printed."""
    return [
        (t.kind, t.title, t.money_unit, t.columns, t.notes,
         [(e.side, e.code, e.name, [(a.column, a.raw) for a in e.amounts]) for e in t.entries])
        for t in doc.accounts.tables
    ]  # fmt: skip


# -- seed 002's nine tables (830 amounts) --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_html() -> str:
    from tests.test_pdf import seed_tables_html

    return seed_tables_html()


@pytest.fixture(scope="module")
def seed_ruled(seed_html):
    from weasyprint import HTML

    return read_bytes(HTML(string=seed_html).write_pdf(), "ruled.pdf")


@pytest.mark.parametrize(
    "css",
    [RULES["borderless"], RULES["horizontal rules only"], RULES["borderless"] + ALIGN["centred"]],
    ids=["borderless", "horizontal-rules", "borderless-centred"],
)
def test_seed_tables_without_rules_read_as_with_rules(seed_html, seed_ruled, css):
    from weasyprint import HTML

    doc = read_bytes(HTML(string=seed_html.replace("</style>", css + "</style>")).write_pdf(), "plain.pdf")
    assert sum(len(e.amounts) for t in doc.accounts.tables for e in t.entries) >= 830
    assert _cells(doc) == _cells(seed_ruled)  # every table, column, row and cell as with rules
    assert doc.unplaced == seed_ruled.unplaced


# -- the Shanghai template's 财政拨款收入支出决算总表 and 支出决算表, in variants ---------------------------------


def _money(value: Decimal, blank: str) -> str:
    return blank if not value else f"{value:,.2f}"


def fiscal_summary(spent: list[tuple[str, Decimal]], blank: str, widths: tuple[int, int]) -> str:
    """公开04表 as the Shanghai template prints it: 收入 | 支出 over the sides, 决算数 over 合计 and the three
    funds (their headers wrapped in narrow columns), the year's money all 一般公共预算."""
    income = sum((v for _, v in spent), Decimal(0))
    head = f'style="width:{widths[0]}pt"'
    fund = f'style="width:{widths[1]}pt"'
    rows = [
        tr(td("收入", cols=2), td("支出", cols=5)),
        tr(td("项目", rows=2), td("决算数", rows=2), td("项目", rows=2), td("决算数", cols=4)),
        "<tr>" + f"<td {head}>合计</td>" + "".join(f"<td {fund}>{f}</td>" for f in FUNDS) + "</tr>",
    ]
    left = [
        (f"{n}、{f}", income if k == 0 else Decimal(0)) for k, (n, f) in enumerate(zip("一二三", FUNDS, strict=True))
    ]
    for k in range(max(len(left), len(spent))):
        name, amount = left[k] if k < len(left) else ("", None)
        cls, value = spent[k] if k < len(spent) else ("", None)
        cells = [td(name), _n(amount, blank), td(cls)]
        cells += (
            [_n(value, blank), _n(value, blank), _n(Decimal(0), blank), _n(Decimal(0), blank)] if cls else [td()] * 4
        )
        rows.append(tr(*cells))
    total = [_n(income, blank), _n(income, blank), _n(Decimal(0), blank), _n(Decimal(0), blank)]
    rows.append(tr(td("本年收入合计"), _n(income, blank), td("本年支出合计"), *total))
    rows.append(tr(td("总计"), _n(income, blank), td("总计"), *total))
    return table_page("财政拨款收入支出决算总表", "公开04表", rows)


def _n(value: Decimal | None, blank: str) -> str:
    return td() if value is None else f'<td class="n">{_money(value, blank)}</td>'


CLASS_NAMES = ("一、一般公共服务支出", "七、文化旅游体育与传媒支出", "八、社会保障和就业支出", "九、卫生健康支出",
               "十二、农林水支出", "二十二、灾害防治及应急管理支出")  # fmt: skip
AMOUNT = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2)
SLOW = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # rendering is slow: no shrinking


@SLOW
@given(
    amounts=st.lists(AMOUNT, min_size=1, max_size=len(CLASS_NAMES)),
    rules=st.sampled_from(sorted(RULES)),
    align=st.sampled_from(sorted(ALIGN)),
    blank=st.sampled_from(["", "0.00", "-"]),
    widths=st.tuples(st.integers(30, 70), st.integers(34, 90)),
    padding=st.sampled_from(["1.5pt 3pt", "1pt 2pt", "3pt 6pt"]),
)
def test_fiscal_summary_without_rules_reads_every_cell(amounts, rules, align, blank, widths, padding):
    spent = list(zip(CLASS_NAMES, amounts, strict=False))
    page = fiscal_summary(spent, blank, widths)
    css = f"td {{ padding: {padding}; }}" + ALIGN[align]
    ruled = read_bytes(_pdf(page, css), "ruled.pdf")
    plain = read_bytes(_pdf(page, css + RULES[rules]), "plain.pdf")
    assert _cells(plain) == _cells(ruled)
    (table,) = plain.accounts.tables
    assert table.kind == TableKind.FISCAL_SUMMARY
    general = "决算数·一般公共预算财政拨款"
    assert general in table.columns
    read = {e.name: e.amount(general) for e in table.side("支出")}
    for name, value in spent:  # the 一般公共预算财政拨款 column as printed, never 0.00 or another column's
        assert read[name] == value
    assert read["本年支出合计"] == sum(amounts)


@SLOW
@given(rules=st.sampled_from(sorted(RULES)), align=st.sampled_from(sorted(ALIGN)), own_level=st.booleans())
def test_expenditure_table_with_split_codes_without_rules(rules, align, own_level):
    page = layouts.fiscal_summary(layouts.NO_BALANCES) + general_budget_table(own_level)  # a 决算 with both tables
    ruled = read_bytes(_pdf(page, ALIGN[align]), "ruled.pdf")
    plain = read_bytes(_pdf(page, ALIGN[align] + RULES[rules]), "plain.pdf")
    assert _cells(plain) == _cells(ruled)
    table = plain.accounts.tables[-1]
    assert [e.code for e in table.entries][1:4] == ["201", "20139", "2013901"]
