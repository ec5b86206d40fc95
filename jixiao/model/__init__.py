"""The domain model: frozen records, money as Decimal, each record with its Source."""

from jixiao.model.accounts import Amount, Entry, Fact, NarrativeSection, StatedNumber, Table, TableKind
from jixiao.model.document import Document, FinalAccounts, RawText
from jixiao.model.evaluation import Evaluation, ScoreItem, SectionScore
from jixiao.model.goals import Department, GoalTables, Indicator, PlanPoint, Project, SpendingPlan, Unit
from jixiao.model.selfeval import (
    BudgetLine,
    Figure,
    IndicatorResult,
    SelfEvaluation,
    SelfEvaluationSummary,
    SummaryRow,
)
from jixiao.model.source import Source
from jixiao.model.target import Comparison, TargetValue, ValueKind

__all__ = [
    "Amount", "BudgetLine", "Comparison", "Department", "Document", "Entry", "Evaluation", "Fact",
    "Figure", "FinalAccounts", "GoalTables", "Indicator", "IndicatorResult", "NarrativeSection",
    "PlanPoint", "Project", "RawText", "ScoreItem", "SectionScore", "SelfEvaluation",
    "SelfEvaluationSummary", "Source", "SpendingPlan", "StatedNumber", "SummaryRow", "Table",
    "TableKind", "TargetValue", "Unit", "ValueKind",
]
