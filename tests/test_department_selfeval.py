"""The 部门整体支出绩效自评表 drafted from department targets (jixiao.monitor.department_selfeval) and its
official form (report kind ``department-selfeval-form``), on the seed's 2022 决算 and corpus 08."""

from __future__ import annotations

import io
from decimal import Decimal
from importlib.resources import files

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.grammar import parse_target
from jixiao.ingest import read_file
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.monitor.department_selfeval import (
    accounts_execution,
    draft_department_self_evaluation,
    missing_explanations,
)
from jixiao.report.department_selfeval import build_department_selfevals, department_layout
from jixiao.report.forms import write_xlsx
from jixiao.report.registry import FORMATS, REPORTS, load_builtin_reports
from jixiao.rules.schemes import DEPARTMENT_SELF_SCHEME, SchemeError, SelfScheme, load_scheme, shipped_schemes
from tests.conftest import shared_path

ROWS = (
    ("产出指标", "数量指标", "法律援助案件数", "≥2000件"),
    ("产出指标", "质量指标", "结案率", "≥95%"),
    ("产出指标", "时效指标", "按期结案率", "100%"),
    ("效益指标", "社会效益指标", "公共法律服务覆盖率", "100%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
)


def targets(funds=(("财政拨款", Decimal("90000")), ("其他资金", Decimal("5000"))), rows=ROWS) -> DepartmentTargets:
    return DepartmentTargets(
        department="青岛市司法局", year=2022, overall_goal="推进法治政府建设。", duties=("统筹法治建设",),
        funds=tuple(FundLine(s, a) for s, a in funds),
        indicators=tuple(Indicator(a, b, c, "", parse_target(t, role="target").value, None, Source("t", row=n))
                         for n, (a, b, c, t) in enumerate(rows)),
    )


def test_execution_read_from_the_seeds_final_accounts(accounts_doc):
    executed, notes = accounts_execution(accounts_doc.accounts)
    assert executed == {"年度资金总额": Decimal("95881.04"), "其中：财政拨款": Decimal("91455.09")}
    assert "收入支出决算总表" in notes[0] and "财政拨款收入支出决算总表" in notes[1]
    # in 元 the same amounts, converted
    assert accounts_execution(accounts_doc.accounts, "元")[0]["年度资金总额"] == Decimal("958810400")


def test_draft_rows_weights_and_scores(accounts_doc):
    executed, _ = accounts_execution(accounts_doc.accounts)
    draft = draft_department_self_evaluation(targets(), (), "mof-2020-10", executed=executed)
    form = draft.form
    assert form.department_wide and form.title == "部门整体支出绩效自评表" and form.project == "青岛市司法局"
    assert [(b.name, b.initial.raw, b.executed.raw, b.rate.raw) for b in form.budget_lines] == [
        ("年度资金总额", "95000", "95881.04", "100.93%"),
        ("其中：财政拨款", "90000", "91455.09", "101.62%"),
        ("其他资金", "5000", "4425.95", "88.52%"),
    ]
    total_line = form.budget_lines[0]
    assert (total_line.weight.value, total_line.score.value) == (Decimal(10), Decimal(10))
    # 10号: 产出 50 shared by 3 (16.67, 16.67, 16.66), 效益 30, 满意度 10
    assert [i.weight.value for i in form.indicators] == [
        Decimal("16.67"), Decimal("16.67"), Decimal("16.66"), Decimal(30), Decimal(10)]
    assert form.total.value == sum((i.score.value for i in form.indicators), Decimal(0)) + 10
    assert draft.result.grade is not None and "其他资金全年执行数" in "".join(draft.notes)


def test_missing_explanations_are_the_checks_own(accounts_doc):
    import dataclasses

    from jixiao.grammar import parse_target as parse
    from jixiao.monitor.selfeval_draft import fill_scores

    form = draft_department_self_evaluation(targets(), ()).form
    low = missing_explanations(form)
    assert [f.code for f in low] == ["selfeval-low-score-unexplained"]
    met = [dataclasses.replace(i, actual=parse(a, role="actual").value)
           for i, a in zip(form.indicators, ("4000件", "96%", "100%", "100%", "95%"), strict=True)]
    full, _ = fill_scores(dataclasses.replace(form, indicators=tuple(met)), "mof-2020-10")
    assert [f.code for f in missing_explanations(full)] == ["selfeval-deviation-unexplained"]  # 4000 vs ≥2000
    explained = dataclasses.replace(full, indicators=(dataclasses.replace(full.indicators[0], deviation="需求增长"),
                                                      *full.indicators[1:]))
    assert missing_explanations(explained) == []


@settings(max_examples=40, deadline=None)
@given(st.decimals(0, 10**7, places=2), st.decimals(0, 10**7, places=2), st.decimals(0, 10**7, places=2))
def test_fund_rows_add_up(fiscal, other, spent_fiscal):
    draft = draft_department_self_evaluation(
        targets(funds=(("财政拨款", fiscal), ("上年结转", other))), (),
        executed={"年度资金总额": spent_fiscal + other, "其中：财政拨款": spent_fiscal},
    )
    total, fiscal_row, other_row = draft.form.budget_lines
    assert total.initial.value == fiscal + other and fiscal_row.initial.value == fiscal
    assert other_row.initial.value == other and other_row.executed.value == other


def test_corpus_08_printed_in_the_official_layout(tmp_path):
    doc = read_file(shared_path("corpus/text/08_fujian-ningde-dangshi_overall-selfeval_2018.txt"))
    book = build_department_selfevals([doc])
    (view,) = book.forms
    assert view.department == "中共宁德市委党史和地方志研究室" and view.year == 2018
    first = view.funds[0]
    assert (first.name, first.executed.raw if first.executed else None) == ("财政资金小计", "2546673.98")
    assert "目标3:保障志鉴地情相关工作开展所需资金" in (view.goal_expected or "")
    path = tmp_path / "c08.xlsx"
    write_xlsx(department_layout(book), path)
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True)
             for c in row if c is not None]
    for label in ("部门名称", "年度主要任务", "年初预算数", "全年预算数", "全年执行数", "执行率", "预期目标",
                  "实际完成情况", "偏差原因分析及改进措施", "总分"):
        assert label in cells, label
    assert 2546673.98 in cells  # stored as a number
    load_builtin_reports()
    assert set(REPORTS["department-selfeval-form"].renderers) == set(FORMATS)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["产出指标", "效益指标", "满意度指标"]), min_size=3, max_size=12).filter(
    lambda xs: set(xs) == {"产出指标", "效益指标", "满意度指标"}))
def test_weights_follow_the_scheme_for_any_indicator_set(levels):
    rows = tuple((level, "", f"指标{n}", "≥1次") for n, level in enumerate(sorted(levels)))
    form = draft_department_self_evaluation(targets(rows=rows), ()).form
    by_level: dict[str, Decimal] = {}
    for ind in form.indicators:
        by_level[ind.level1] = by_level.get(ind.level1, Decimal(0)) + ind.weight.value
    # the 部门整体 scheme (by default): 预算执行率 10 on the total row, 产出 50, 效益 30, 满意度 10 (10号
    # 第十三条; the sources give no department-specific weights), whatever the number of rows
    assert by_level == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert form.budget_lines[0].weight.value == 10 and form.subtotal_weight.value == 90


def test_drafted_and_scored_under_the_department_scheme_by_default(accounts_doc):
    executed, _ = accounts_execution(accounts_doc.accounts)
    draft = draft_department_self_evaluation(targets(), (), executed=executed)
    assert draft.result.scheme == DEPARTMENT_SELF_SCHEME == "mof-2020-10-department"
    scheme = load_scheme(DEPARTMENT_SELF_SCHEME)
    assert scheme.execution.params["base"] == "adjusted"  # 预算完成数 ÷ (调整)预算数
    # nothing entered: 预算执行率 full (95881.04 of 95000), every 三级 row without its actual scores 0
    assert draft.result.computed_total == 10 and draft.result.grade == "差"
    chosen = draft_department_self_evaluation(targets(), (), "mof-2021-101", executed=executed)
    assert chosen.result.scheme == "mof-2021-101"  # another scheme may still be chosen


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(n for n in shipped_schemes() if isinstance(load_scheme(n), SelfScheme))),
       st.integers(min_value=0, max_value=9), st.integers(min_value=-9, max_value=9).filter(bool))
def test_every_weight_set_adds_up_to_100_and_a_changed_one_is_refused(name, at, delta):
    """Every shipped self scheme's weight sets (the 部门整体 one among them) add up to 100 with a
    预算执行率; moving any one weight by a non-zero amount makes the loader refuse the file."""
    scheme = load_scheme(name)
    for ws in scheme.weight_sets:
        assert sum(ws.weights.values(), Decimal(0)) == 100 and "预算执行率" in ws.weights
    text = (files("jixiao") / "schemes" / f"{name}.yaml").read_text(encoding="utf-8")
    weights = [(k, v) for ws in scheme.weight_sets for k, v in ws.weights.items()]
    key, value = weights[at % len(weights)]
    line = f"    {key}: {value}\n"
    assert line in text
    changed = text.replace(line, f"    {key}: {value + delta}\n", 1)
    if value + delta < 0:
        return
    with pytest.raises(SchemeError, match="应为100"):
        load_scheme(f"{name}.yaml", text=changed)
