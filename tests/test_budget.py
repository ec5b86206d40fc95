"""Budget disclosures (部门预算 / 单位预算) read from the six real PDFs, and their checks.

Every expected value below was read off the PDFs (pdftotext -layout); the PDFs live in
../shared/corpus/pdf and are never committed (tests skip without them).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from jixiao.checks.budget import grand, name_key
from jixiao.checks.runner import run_checks
from jixiao.ingest import read_file
from jixiao.model.budget import BudgetTableKind, Edition
from jixiao.model.codec import decode, encode
from jixiao.model.document import Document
from tests.conftest import shared_path

K = BudgetTableKind
D = Decimal

# file → (edition, year, body, 收入总计 as printed in 财务收支预算总表, 基本支出 经济分类 合计)
PDFS = {
    "putuo-wanli-subdistrict-2024-budget.pdf": (Edition.DEPARTMENT, 2024, "上海市普陀区人民政府万里街道办事处",
                                                "156,211,123", "99,706,020"),
    "putuo-govoffice-2025-budget.pdf": (Edition.DEPARTMENT, 2025, "上海市普陀区人民政府办公室",
                                        "91,016,775.35", "24,606,775.35"),
    "putuo-govoffice-units-2025-budget.pdf": (Edition.UNIT, 2025, "上海市普陀区人民政府办公室",
                                              "91,016,775.35", "24,606,775.35"),
    "putuo-commerce-units-2025-budget.pdf": (Edition.UNIT, 2025, "上海市普陀区商务委员会",
                                             "371,514,655.00", "19,830,655.00"),
    "putuo-justice-2026-budget.pdf": (Edition.DEPARTMENT, 2026, "上海市普陀区司法局",
                                      "96,282,213.44", "25741666.44"),
    "putuo-justice-units-2026-budget.pdf": (Edition.UNIT, 2026, "上海市普陀区司法局",
                                            "86,959,408.34", "22,118,861.34"),
}
TREE_TABLES = (K.INCOME, K.EXPENDITURE, K.GENERAL, K.GENERAL_BASIC)


@cache
def doc(name: str) -> Document:
    return read_file(shared_path(f"corpus/pdf/{name}"))


@cache
def codes(*names: str) -> list[tuple[str, str, int | None]]:
    report = run_checks([doc(n) for n in names])
    return [(f.code, f.message, f.source.page) for f in report.findings]


@pytest.mark.parametrize("name", PDFS)
def test_each_pdf_is_a_budget_with_edition_year_and_body(name):
    d = doc(name)
    edition, year, body, _, _ = PDFS[name]
    assert d.kind == "budget" and d.budget is not None
    assert (d.budget.edition, d.year, d.department.name) == (edition, year, body)
    assert d.title == f"上海市普陀区{year}年区级{'部门' if edition == Edition.DEPARTMENT else '单位'}预算"


@pytest.mark.parametrize("name", PDFS)
def test_every_table_found_with_its_unit(name):
    tables = {t.kind: t for t in doc(name).budget.tables}
    assert set(tables) == set(K) - {K.OTHER}
    assert all(t.unit == "元" for k, t in tables.items() if k != K.THREE_PUBLIC)
    assert tables[K.THREE_PUBLIC].unit == "万元"
    for k in (K.GOV_FUND, K.STATE_CAPITAL):  # empty in every file, each with its note
        assert tables[k].empty and "故本表为空表" in tables[k].empty_note


@pytest.mark.parametrize("name", PDFS)
def test_printed_totals_equal_the_sums_the_model_holds(name):
    *_, income_total, basic_total = PDFS[name]
    tables = {t.kind: t for t in doc(name).budget.tables}
    s = tables[K.SUMMARY]
    g = grand(s, "收入")
    assert g.amounts[0].raw == income_total
    tops = [e for e in s.side("收入") if e.name[:2] in ("一、", "二、", "三、", "四、")]
    assert sum(e.amounts[0].value or 0 for e in tops) == g.amounts[0].value
    assert grand(tables[K.GENERAL_BASIC]).amounts[0].raw == basic_total
    for kind in TREE_TABLES:  # 合计 = Σ类 in the 合计 column, read exactly
        t = tables[kind]
        classes = [e for e in t.rows if e.code and len(e.code) == 3]
        total = grand(t).amounts[0]
        assert classes and sum(e.amounts[0].value for e in classes) == total.value, (kind, total.raw)
        assert D(total.raw.replace(",", "")) == total.value
    tp = tables[K.THREE_PUBLIC].rows[0]
    by = {a.column.split("·")[-1]: a.value or 0 for a in tp.amounts}
    assert by["合计"] == by["因公出国(境)费"] + by["公务接待费"] + by["小计"]


def test_tables_over_pages_are_joined_and_sources_carry_pages():
    t = next(t for t in doc("putuo-wanli-subdistrict-2024-budget.pdf").budget.tables if t.kind == K.GENERAL)
    pages = {e.source.page for e in t.rows}
    assert len(pages) >= 3  # the function table runs over several pages
    row = next(e for e in t.rows if e.code == "2210201")
    assert (row.name, row.amounts[0].raw, row.amounts[0].source.table) == ("住房公积金", "3,503,499", t.title)


def test_narrative_facts_keep_raw_and_page():
    facts = {f.key: f for f in reversed(doc("putuo-justice-2026-budget.pdf").budget.facts)}
    assert (facts["income.total"].raw, facts["income.total"].source.page) == ("9628.22", 8)
    assert facts["three_public.total"].raw == "10.81" and facts["operating.total"].raw == "217.83"
    assert facts["goals.projects"].value == 20 and facts["goals.amount"].raw == "7054.05"


def test_codec_and_parse_json_carry_the_budget():
    d = doc("putuo-justice-2026-budget.pdf")
    assert decode(json.loads(json.dumps(encode(d), ensure_ascii=False)), Document) == d
    from jixiao.serialize import document_dict

    out = json.loads(json.dumps(document_dict(d), ensure_ascii=False))
    assert out["kind"] == "budget" and out["edition"] == "department" and len(out["tables"]) == 9
    assert out["tables"][0]["kind"] == "budget_summary"


def test_final_accounts_stay_final_accounts():
    for name in ("shanghai-2024-final-accounts-template.pdf", "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"):
        assert read_file(shared_path(f"fixtures/pdf/{name}")).kind == "final_accounts"


# -- checks on the real PDFs (each finding was verified on the PDF page) --------------------------


def _errors(found):
    return [f for f in found if f[0] in ERRORS]


ERRORS = {"budget-row-sum-mismatch", "budget-subject-sum-mismatch", "budget-balance-mismatch",
          "budget-total-mismatch", "budget-cross-table-mismatch", "budget-narrative-mismatch",
          "budget-heading-sentence-mismatch", "budget-change-mismatch", "budget-parts-mismatch",
          "budget-empty-table-note-contradicts", "budget-units-exceed-department", "check-failed"}


@pytest.mark.parametrize("name", ["putuo-govoffice-2025-budget.pdf", "putuo-govoffice-units-2025-budget.pdf",
                                  "putuo-commerce-units-2025-budget.pdf"])
def test_consistent_budgets_raise_no_error(name):
    assert _errors(codes(name)) == []


def test_justice_department_defects():
    found = codes("putuo-justice-2026-budget.pdf")
    got = {(c, p) for c, _, p in found if c.startswith("budget-") and c != "budget-rounding-gap"}
    # p.9: 其他司法支出 "2025年当年预算执行数为43269.3万元 … 增加17.62%"; 职业年金 77.99 → 91.97 is +17.93%, not 17.66%;
    # 住房公积金 heading 208.8万元, sentence "2026年预算安排201.50万元"; 类 210 named 医疗卫生与计划生育支出 (table: 卫生健康支出);
    # p.8 "比2026年预算增加793.14万元" in the 2026 budget; p.23 人民调解 实施周期 2025年1月1日-2025年12月31日.
    assert got == {("budget-change-mismatch", 9), ("budget-heading-sentence-mismatch", 9),
                   ("budget-old-category-name", 9), ("budget-year-wrong", 8), ("budget-project-period-year", 23)}
    assert sum(c == "budget-change-mismatch" for c, _, _ in found) == 2
    assert any("43269.3万元" in m and "减少91.11%" in m for _, m, _ in found)


def test_justice_units_defects():
    found = codes("putuo-justice-units-2026-budget.pdf")
    msgs = [m for c, m, _ in found if c in ("budget-row-sum-mismatch", "budget-subject-sum-mismatch")]
    # p.11 and p.14: 行政运行 prints 64,840,547.00 under 项目支出 while its 合计 is 14,348,853.34 = its 基本支出
    assert len(msgs) == 4 and all("64,840,547.00" in m for m in msgs)
    heads = [m for c, m, _ in found if c == "budget-heading-sentence-mismatch"]
    assert any("56.12万元" in m and "57.8万元" in m for m in heads) and any("207万元" in m for m in heads)
    assert any(c == "budget-edition-mismatch" and p == 21 for c, _, p in found)  # "2026年部门预算安排购置车辆"
    # the 人员/公用 cells of 财务收支预算总表 print whole 元 (12,604,173): the 0.34 元 gap is 尾数误差, not an error
    assert any(c == "budget-rounding-gap" and "0.34" in m for c, m, _ in found)


def test_wanli_defects():
    found = codes("putuo-wanli-subdistrict-2024-budget.pdf")
    got = {c for c, _, _ in found if c.startswith("budget-") and c != "budget-rounding-gap"}
    # p.31 三公 table filled (47.91万元) under a note "…故本表为空表"; p.7 其他教育支出 0.00 → 25.00 "增加100.00%";
    # p.9 住房公积金 heading 350.35万元, sentence 352.67万元; p.31 the 三公 table's title has no year (info)
    assert got == {"budget-empty-table-note-contradicts", "budget-change-from-zero", "budget-heading-sentence-mismatch",
                   "budget-table-title-year-missing"}


def test_department_against_its_units():
    found = codes("putuo-justice-2026-budget.pdf", "putuo-justice-units-2026-budget.pdf")
    exceed = [m for c, m, _ in found if c == "budget-units-exceed-department"]
    assert exceed and all("2040601" in m and "64,840,547.00" in m for m in exceed)
    cover = [m for c, m, _ in found if c == "budget-units-coverage"]
    assert cover == [next(m for m in cover if "90.32%" in m)]
    same = codes("putuo-govoffice-2025-budget.pdf", "putuo-govoffice-units-2025-budget.pdf")
    assert not any(c == "budget-units-exceed-department" for c, _, _ in same)
    assert any(c == "budget-units-coverage" and "100.00%" in m for c, m, _ in same)


def test_names_normalise_ordinals():
    assert name_key("一、财政拨款收入") == name_key("1. 财政拨款收入") == "财政拨款收入"
    assert name_key("一般公共预算财政拨款") == name_key("1、一般公共预算资金") == "一般公共预算"



def test_budget_against_the_same_years_final_accounts(accounts_doc):
    """The 决算's 三公 预算数 against the budget of the same body and year. The corpus has no such pair,
    so seed 002 (青岛市司法局 2022 决算, 三公 预算数 合计 178.50万元) is paired with a budget given its body and
    year: the 万里 budget's 47.91万元 differs; with the 决算's figures put in its 三公 row, nothing is found."""
    from dataclasses import replace

    budget = doc("putuo-wanli-subdistrict-2024-budget.pdf")
    paired = replace(budget, budget=replace(budget.budget, department=accounts_doc.department, year=2022))
    found = [f for f in run_checks([accounts_doc, paired]).findings if f.code == "budget-final-accounts-mismatch"]
    assert any("178.50万元" in f.message and "47.91万元" in f.message for f in found)
    assert not [f for f in run_checks([accounts_doc, budget]).findings if f.code == "budget-final-accounts-mismatch"]
    fa = next(t for t in accounts_doc.accounts.tables if t.kind.value == "three_public").entries[0]
    stated = {a.column.split("·")[-1][:4]: a for a in fa.amounts if a.column.startswith("预算数")}
    tp = next(t for t in paired.budget.tables if t.kind == K.THREE_PUBLIC)
    same = tuple(replace(a, raw=stated[k].raw, value=stated[k].value) if (k := a.column.split("·")[-1][:4]) in stated
                 else a for a in tp.rows[0].amounts)
    tables = tuple(replace(t, rows=(replace(t.rows[0], amounts=same),)) if t is tp else t for t in paired.budget.tables)
    agreeing = replace(paired, budget=replace(paired.budget, tables=tables))
    assert not [f for f in run_checks([accounts_doc, agreeing]).findings if f.code == "budget-final-accounts-mismatch"]


def test_the_national_template_titles_are_budget_tables():
    """The 财政部 template names its tables 部门收支总体情况表 … and adds the classification view in brackets."""
    from jixiao.ingest.budget import budget_table_kind
    from jixiao.model.budget import BudgetTableKind as K

    assert budget_table_kind("一、部门收支总体情况表") == K.SUMMARY
    assert budget_table_kind("二、部门收入总体情况表") == K.INCOME
    assert budget_table_kind("三、部门支出总体情况表") == K.EXPENDITURE
    assert budget_table_kind("四、财政拨款收支总体情况表") == K.FISCAL_SUMMARY
    assert budget_table_kind("五、一般公共预算支出情况表(功能科目)") == K.GENERAL
    assert budget_table_kind("六、一般公共预算基本支出情况表（部门经济科目）") == K.GENERAL_BASIC
    assert budget_table_kind("八、政府性基金预算支出情况表(功能科目)") == K.GOV_FUND
    assert budget_table_kind("注:本部门无政府性基金预算，故本表为空表。") is None


def test_final_accounts_initial_budget_against_the_budget(accounts_doc):
    """The 决算's "年初预算为64,768.79万元" (seed 002) against a budget of the same body and year: the real
    Putuo budget PDF given the seed's department and year disagrees (an error naming both figures); the
    same budget whose 合计 is set to the stated figure agrees."""
    import dataclasses

    from jixiao.checks import run_checks
    from jixiao.model.budget import BudgetTableKind

    real = read_file(shared_path("corpus/pdf/putuo-justice-2026-budget.pdf"))
    budget = dataclasses.replace(real.budget, department=accounts_doc.department, year=accounts_doc.year)
    other = dataclasses.replace(real, budget=budget)
    found = [f for f in run_checks([accounts_doc, other]).findings if f.code == "budget-initial-mismatch"]
    assert len(found) == 1 and found[0].actual == "64,768.79万元" and "2022年部门预算" in found[0].message
    general = next(t for t in budget.tables if t.kind == BudgetTableKind.GENERAL)
    total = next(e for e in general.rows if "合计" in e.name)
    stated = Decimal("647687900")  # 64,768.79 万元 in 元, as the table prints it
    fixed_total = dataclasses.replace(total, amounts=tuple(
        dataclasses.replace(a, value=stated) if a.value is not None else a for a in total.amounts))  # fmt: skip
    fixed = dataclasses.replace(general, rows=tuple(fixed_total if e is total else e for e in general.rows))
    agreeing = dataclasses.replace(budget, tables=tuple(fixed if t is general else t for t in budget.tables))
    ok = run_checks([accounts_doc, dataclasses.replace(real, budget=agreeing)])
    assert [f for f in ok.findings if f.code == "budget-initial-mismatch"] == []
