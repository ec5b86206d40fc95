"""Monitoring rows ↔ the core model (:mod:`jixiao.monitor.model`), and evaluation with the core engine.

- :func:`report_to_model` turns stored rows into a :class:`jixiao.monitor.model.MonitoringReport`;
  progress texts are read by the core grammar (``parse_target(text, role="actual")``).
- :func:`evaluate_row` / :func:`evaluate_report` call ``jixiao.monitor.evaluate`` with the goal-table
  project read back from the store (``store.mapping.project_to_model``: targets, 预算数, 资金支出计划).
- :func:`store_report` writes a core report (from a YAML file or the Excel template) into rows of a
  store project; :func:`find_store_project` matches a core report to a project (code, else name).
- :func:`run_for` builds a :class:`jixiao.monitor.batch.MonitoringRun` of stored reports, which the
  report machinery (``jixiao.report.monitoring.render_run``) renders as XLSX / PDF.

The web layer never decides a light itself: every light and required explanation is the engine's.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django.db import transaction

from jixiao.grammar import parse_target
from jixiao.model.names import normalise_name as squash  # the one name normaliser
from jixiao.model.target import EMPTY, TargetValue
from jixiao.monitor import evaluate, load_ruleset
from jixiao.monitor.batch import MonitoringRun
from jixiao.monitor.model import Checkpoint, IndicatorProgress, Likelihood, MonitoringReport, MonitoringResult
from jixiao.monitor.rulesets import Ruleset, ruleset_names
from jixiao.numbers import plain
from jixiao.web.monitoring import models as mm
from jixiao.web.store import mapping
from jixiao.web.store import models as m

DEFAULT_RULESET = "default"



@lru_cache(maxsize=16)
def ruleset(name: str | None) -> Ruleset:
    """A preset rule set by name (unknown names fall back to ``default``)."""
    return load_ruleset(name if name in ruleset_names() else DEFAULT_RULESET)


def value(text: str | None, role: str = "actual") -> TargetValue:
    """A progress / expected / target text as the core grammar reads it (EMPTY when blank)."""
    text = (text or "").strip()
    return parse_target(text, role=role).value if text else EMPTY


def likelihood(text: str | None) -> Likelihood | None:
    try:
        return Likelihood(text) if text else None
    except ValueError:
        return None


def indicator_to_model(row: mm.ProgressRow) -> IndicatorProgress:
    return IndicatorProgress(
        level1=row.level1,
        level2=row.level2,
        name=row.name,
        target=value(row.target_raw, "target"),
        progress=value(row.progress_raw),
        expected=value(row.expected_raw),
        likelihood=likelihood(row.likelihood),
        causes=row.causes,
        explanation=row.explanation or None,
        measures=row.measures or None,
    )


def report_to_model(report: mm.MonitoringReport, rows: Iterable[mm.MonitoringRow] | None = None) -> MonitoringReport:
    """The core report of stored (or unsaved, when ``rows`` are given) rows."""
    project = report.project
    if rows is None:
        rows = report.rows.all() if report.pk else ()  # Meta.ordering: report, position, id (uses a prefetch)
    return MonitoringReport(
        project=project.name,
        code=project.code,
        unit=project.unit.name if project.unit_id else None,
        year=report.year or project.year,
        checkpoint=Checkpoint(report.month, report.label),
        executed=report.executed,
        indicators=tuple(indicator_to_model(r) for r in rows),
        budget=report.budget,
        expected_executed=report.expected_executed,
        budget_causes=tuple(report.budget_causes or ()),
        budget_explanation=report.budget_explanation or None,
        budget_measures=report.budget_measures or None,
    )


def evaluate_report(report: mm.MonitoringReport, rows: Iterable[mm.MonitoringRow] | None = None) -> MonitoringResult:
    """The engine's result for a (possibly unsaved) report under its rule set."""
    return evaluate(report_to_model(report, rows), mapping.project_to_model(report.project), ruleset(report.ruleset))


def evaluate_row(report: mm.MonitoringReport) -> MonitoringResult:
    """The result of a stored report (cached: every save of the report, its rows or its project's
    goal table bumps a version, so the key below changes with anything the result is made of)."""
    from jixiao.web.pages.analysis import SCORE_CACHE

    return SCORE_CACHE.get(_result_key(report), lambda: evaluate_report(report))


def evaluate_rows(reports: list[mm.MonitoringReport]) -> list[MonitoringResult]:
    """:func:`evaluate_row` of many reports: those not cached have their rows and their projects'
    indicators and plans fetched together first (a few queries, not three per report)."""
    from django.db.models import prefetch_related_objects

    from jixiao.web.pages.analysis import SCORE_CACHE

    found = [SCORE_CACHE.peek(_result_key(r)) for r in reports]
    missing = [r for r, result in zip(reports, found, strict=True) if result is None]
    if missing:
        prefetch_related_objects(missing, "rows", "project__indicators", "project__plan_points")
    return [result if result is not None else evaluate_row(r) for r, result in zip(reports, found, strict=True)]


def _result_key(report: mm.MonitoringReport) -> tuple[object, ...]:
    p = report.project
    return ("monitoring", report.pk, report.version, report.updated, p.pk, p.version, p.updated, report.ruleset)


def blank_rows(project: m.Project) -> list[mm.MonitoringRow]:
    """Unsaved rows for every indicator of the goal table (a new report's form)."""
    return [
        mm.MonitoringRow(indicator=i, position=k, level1=i.level1, level2=i.level2, name=i.name)
        for k, i in enumerate(project.indicators.order_by("position", "id"))
    ]


def match_indicator(project: m.Project, name: str) -> m.Indicator | None:
    key = squash(name)
    return next((i for i in project.indicators.order_by("position", "id") if squash(i.name) == key), None)


def rows_from_model(project: m.Project, report: MonitoringReport) -> list[mm.MonitoringRow]:
    """Unsaved rows of a core report's indicators, linked to the goal table's indicators by name."""
    rows = []
    for k, ind in enumerate(report.indicators):
        goal = match_indicator(project, ind.name)
        target = ind.target.raw if ind.target is not EMPTY else ""
        if goal is not None and squash(target) == squash(goal.target_raw):
            target = ""  # the goal table's own target: keep following it
        rows.append(mm.MonitoringRow(
            indicator=goal, position=k, level1=ind.level1 or (goal.level1 if goal else ""),
            level2=ind.level2 or (goal.level2 if goal else ""), name=ind.name, target_raw=target or "",
            progress_raw=ind.progress.raw or "", expected_raw=ind.expected.raw or "",
            likelihood=str(ind.likelihood) if ind.likelihood else "",
            explanation=ind.explanation or "", measures=ind.measures or "",
            **{f: (mm.CAUSE_BY_FIELD[f] in ind.causes) for f in mm.CAUSE_FIELDS},
        ))
    return rows


def report_from_model(project: m.Project, report: MonitoringReport, ruleset_name: str = DEFAULT_RULESET,
                      existing: mm.MonitoringReport | None = None) -> mm.MonitoringReport:
    """An unsaved report row (or ``existing`` updated in memory) holding a core report's values."""
    row = existing or mm.MonitoringReport(project=project, ruleset=ruleset_name)
    row.month, row.label = report.checkpoint.month, report.checkpoint.label
    row.year = report.year or project.year
    row.executed, row.expected_executed = report.executed, report.expected_executed
    row.budget = report.budget if report.budget is not None and report.budget != project.budget else None
    row.budget_causes = list(report.budget_causes)
    row.budget_explanation = report.budget_explanation or ""
    row.budget_measures = report.budget_measures or ""
    return row


def find_store_project(report: MonitoringReport, projects: Iterable[m.Project]) -> m.Project | None:
    """The stored project of a core report: by 项目编码, else by 项目名称 (spaces ignored), same year."""
    candidates = [p for p in projects if report.year is None or p.year in (None, report.year)]
    if report.code:
        by_code = [p for p in candidates if p.code and squash(p.code) == squash(report.code)]
        if by_code:
            return by_code[0]
    by_name = [p for p in candidates if squash(p.name) == squash(report.project)]
    return by_name[0] if by_name else None


@transaction.atomic
def store_report(project: m.Project, report: MonitoringReport, ruleset_name: str = DEFAULT_RULESET,
                 status: str = m.Status.DRAFT) -> mm.MonitoringReport:
    """Create the rows of a core report for ``project`` (a new report; used by the demo and the API)."""
    row = report_from_model(project, report, ruleset_name)
    row.status = status
    row.save()
    save_rows(row, rows_from_model(project, report))
    return row


def save_rows(report: mm.MonitoringReport, rows: list[mm.MonitoringRow]) -> None:
    """Replace the report's indicator rows by ``rows`` (unsaved), in order."""
    report.rows.all().delete()
    for k, r in enumerate(rows):
        r.pk = None
        r.report = report
        r.position = k
    mm.MonitoringRow.objects.bulk_create(rows)


def state(report: mm.MonitoringReport, rows: Iterable[mm.MonitoringRow]) -> dict[str, object]:
    """The audited content of a report: its fields and one dotted key per indicator value (blanks left out)."""
    out: dict[str, object] = {
        "label": report.label,
        "ruleset": report.ruleset,
        "executed": _dec(report.executed),
        "budget": _dec(report.budget),
        "expected_executed": _dec(report.expected_executed),
        "budget_causes": "、".join(report.budget_causes or []),
        "budget_explanation": report.budget_explanation,
        "budget_measures": report.budget_measures,
    }
    out.update(rows_state(rows))
    return {k: v for k, v in out.items() if v not in (None, "")}  # blank = absent: a new report lists what was given


def rows_state(rows: Iterable[mm.ProgressRow]) -> dict[str, object]:
    """The audited values of indicator rows (a project's or a department's report): one dotted key each."""
    out: dict[str, object] = {}
    for r in rows:
        key = f"rows.{squash(r.name)}"
        out[f"{key}.progress_raw"] = r.progress_raw
        out[f"{key}.expected_raw"] = r.expected_raw
        out[f"{key}.likelihood"] = r.likelihood
        out[f"{key}.causes"] = "、".join(r.causes)
        out[f"{key}.explanation"] = r.explanation
        out[f"{key}.measures"] = r.measures
        out[f"{key}.target_raw"] = r.target_raw
    return out


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else plain(v)


def run_for(reports: Iterable[mm.MonitoringReport], ruleset_name: str | None = None) -> MonitoringRun:
    """A monitoring run of stored reports (for the tables): results in project and checkpoint order.

    The rule set is ``ruleset_name`` when given, else the first report's; the goal tables are those
    of the first report's source document (the department table's 财政资金 / 其他资金 sums).
    """
    reports = list(reports)
    name = ruleset_name or (reports[0].ruleset if reports else DEFAULT_RULESET)
    rules = ruleset(name)
    results = tuple(
        evaluate(report_to_model(r), mapping.project_to_model(r.project), rules) for r in reports
    )
    goals = None
    sd = next((r.project.source_document for r in reports if r.project.source_document_id), None)
    if sd is not None:
        goals = mapping.document_from_store(sd).goals
    return MonitoringRun(rules, results, (), goals)
