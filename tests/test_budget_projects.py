"""A project's 年度预算安排 in a budget's 项目经费情况说明 against its 绩效目标表 (预算数) and
its self-evaluation (年初预算数), issue 14 item 3.

The corpus has no goal table or self-evaluation of a Putuo project, so the seed's records are
renamed to the budget's project and year: the amounts compared are the ones each document
prints (the budget's fact, the seed's cells), read back, never written here.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from jixiao.checks.budget_documents import project_against_goals_and_selfeval
from jixiao.ingest import read_file
from jixiao.numbers import money
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def budget_doc():
    return read_file(shared_path("corpus/pdf/putuo-justice-2026-budget.pdf"))


@pytest.fixture(scope="module")
def stated(budget_doc):
    return next(f for f in budget_doc.budget.facts if f.key == "project.amount")


def _goals_with(goals_doc, name: str, year: int, amount: Decimal):
    p = dataclasses.replace(goals_doc.goals.projects[0], name=name, budget=amount, money_unit="万元")
    return dataclasses.replace(goals_doc, goals=dataclasses.replace(goals_doc.goals, year=year, projects=(p,)))


def test_goal_table_with_the_budgets_amount_is_silent(budget_doc, stated, goals_doc):
    goals = _goals_with(goals_doc, stated.subject, budget_doc.budget.year, stated.value)
    assert list(project_against_goals_and_selfeval([budget_doc, goals])) == []


def test_goal_table_with_another_amount_is_reported(budget_doc, stated, goals_doc):
    other = stated.value + 5
    goals = _goals_with(goals_doc, f" {stated.subject} ", budget_doc.budget.year, other)
    [finding] = project_against_goals_and_selfeval([budget_doc, goals])
    assert finding.code == "budget-project-mismatch"
    assert f"{money(other)}万元" in finding.message and f"{stated.raw}万元" in finding.message
    assert "绩效目标表" in finding.message


def test_another_year_is_not_compared(budget_doc, stated, goals_doc):
    goals = _goals_with(goals_doc, stated.subject, budget_doc.budget.year - 1, stated.value + 5)
    assert list(project_against_goals_and_selfeval([budget_doc, goals])) == []


def test_self_evaluation_initial_budget(budget_doc, stated, accounts_doc):
    se = next(s for s in accounts_doc.accounts.self_evaluations if s.total_line and s.total_line.initial)
    renamed = dataclasses.replace(se, project=stated.subject, year=budget_doc.budget.year)
    accounts = dataclasses.replace(accounts_doc.accounts, self_evaluations=(renamed,))
    doc = dataclasses.replace(accounts_doc, accounts=accounts)
    found = list(project_against_goals_and_selfeval([budget_doc, doc]))
    initial = se.total_line.initial.value * (10000 if (se.money_unit or "万元") == "元" else 1)
    differs = abs(initial - stated.value) > Decimal("0.5")
    assert len(found) == int(differs)
    if found:
        assert se.total_line.initial.raw in found[0].message and "年初预算数" in found[0].message
