"""Results applied across years (jixiao/checks/results_applied.py): seed 000's 2023 target tables
against seed 002's 2022 final accounts, where 法律职业资格考试费 is graded 差 (自评情况汇总表, line 727)
and keeps its 120.00; the finance evaluation grades 法律援助及12348业务费 优."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from jixiao.checks import run_checks
from jixiao.checks.results_applied import reason_stated, stated_grade

CODE = "cross-year-budget-raised-low-grade"
EXAM = "法律职业资格考试费"
LEGAL_AID = "法律援助及12348业务费"


def _findings(docs):
    return [f for f in run_checks(docs, include_reading=False).findings if f.code == CODE]


def _with_project(goals_doc, name: str, **changes):
    projects = tuple(replace(p, **changes) if p.name == name else p for p in goals_doc.goals.projects)
    return replace(goals_doc, goals=replace(goals_doc.goals, projects=projects))


def test_seed_has_no_low_graded_project_with_a_raised_budget(goals_doc, accounts_doc):
    assert stated_grade(accounts_doc, EXAM) == ("差", "自评情况汇总表第727行")
    assert stated_grade(accounts_doc, LEGAL_AID)[0] == "优"  # the evaluation report's grade
    assert stated_grade(accounts_doc, "法治专项业务费") == ("优", "自评情况汇总表第728行")  # raised 188.4 → 208.40
    assert _findings([goals_doc, accounts_doc]) == []


def test_poor_project_whose_budget_rises_is_flagged(goals_doc, accounts_doc):
    raised = _with_project(goals_doc, EXAM, budget=D("150.00"))
    [f] = _findings([raised, accounts_doc])
    assert f.severity.value == "warning" and f.subject == EXAM
    assert f.message == (f"项目“{EXAM}”2022年评价等级为“差”（自评情况汇总表第727行），2023年预算数150.00比上年"
                         f"120（{EXAM}）增加30.00，+25.0%，目标表未说明增加的理由")
    assert f.source.line == next(p for p in goals_doc.goals.projects if p.name == EXAM).source.line


def test_a_stated_reason_or_a_cut_is_not_flagged(goals_doc, accounts_doc):
    why = "因2023年恢复举办考试、考生人数增加，预算相应增加。"
    assert reason_stated(next(p for p in _with_project(goals_doc, EXAM, purpose=why).goals.projects if p.name == EXAM))
    assert _findings([_with_project(goals_doc, EXAM, budget=D("150.00"), purpose=why), accounts_doc]) == []
    assert _findings([_with_project(goals_doc, EXAM, budget=D("100.00")), accounts_doc]) == []


def test_grade_from_the_evaluation_report_wins(goals_doc, accounts_doc):
    evals = tuple(replace(e, grade="中") if e.kind == "finance" else e for e in accounts_doc.accounts.evaluations)
    accounts = replace(accounts_doc, accounts=replace(accounts_doc.accounts, evaluations=evals))
    grade, where = stated_grade(accounts, LEGAL_AID)
    assert grade == "中" and where.startswith("《2022年度法律援助及12348热线项目支出财政绩效评价报告")
    [f] = _findings([_with_project(goals_doc, LEGAL_AID, budget=D("400.00")), accounts])
    assert "评价等级为“中”" in f.message and "增加21.50" in f.message


def test_results_applied_report_from_the_seeds_in_four_formats(goals_doc, accounts_doc, tmp_path):
    import openpyxl
    import pdfplumber

    from jixiao.report.registry import REPORTS
    from jixiao.report.results_applied import build

    view = build([goals_doc, accounts_doc])
    assert [(r.grade, r.decision, r.budget, r.next_budget, r.change, len(r.open_problems)) for r in view.rows] == [
        ("优", "保持", D("378.5"), D("378.50"), D("0.00"), 1), ("优", "保持", D("378.5"), D("378.50"), D("0.00"), 4)]
    assert view.year == 2022 and view.counts == {"保持": 2}
    for fmt in ("html", "pdf", "xlsx", "docx"):
        REPORTS["results-applied"].renderers[fmt](view, tmp_path / f"r.{fmt}")
    values = [v for row in openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0].iter_rows(values_only=True)
              for v in row if v is not None]
    assert values.count(378.5) == 6 and 92.13 in values and 98.75 in values
    with pdfplumber.open(tmp_path / "r.pdf") as pdf:
        assert "共2个评价项目：保持2个" in "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
