"""Evaluating monitoring files in a batch: what ``jixiao monitor`` and the monitoring reports share.

``run(files, goals=None, ruleset="default") -> MonitoringRun``: every file is read (YAML/JSON by
:mod:`jixiao.monitor.yamlfile`, .xlsx by :func:`jixiao.monitor.excel.read_template`); each report is
matched to its goal-table project (by 项目编码, else 项目名称) in ``goals`` — or, when no goals
file is given, in the document the YAML file names under ``goals:`` — and evaluated. Reading
problems are findings of the run; a rule-set file with a mistake raises ``SchemeError`` (the CLI
prints it and exits with status 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jixiao.findings import make_finding
from jixiao.model.finding import Finding
from jixiao.model.goals import GoalTables
from jixiao.model.source import Source
from jixiao.monitor.engine import evaluate, find_project
from jixiao.monitor.model import MonitoringReport, MonitoringResult
from jixiao.monitor.rulesets import Ruleset, load_ruleset

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True, slots=True)
class MonitoringRun:
    ruleset: Ruleset
    results: tuple[MonitoringResult, ...]
    findings: tuple[Finding, ...]  # reading problems (files, goals, Excel cells)
    goals: GoalTables | None  # the goal tables used (the first found), for the department table


def read_monitoring_file(path: str | Path) -> tuple[list[MonitoringReport], Path | None, list[Finding]]:
    """Reports, the goals document the file names (YAML only), and reading findings. Never raises."""
    p = Path(path)
    if p.suffix.lower() in EXCEL_SUFFIXES:
        from jixiao.monitor.excel import read_template

        reports, findings = read_template(p)
        return reports, None, findings
    from jixiao.monitor.yamlfile import read_reports

    rf = read_reports(p)
    return list(rf.reports), rf.goals, list(rf.findings)


def _read_goals(path: Path, cache: dict[Path, GoalTables | None], findings: list[Finding]) -> GoalTables | None:
    if path in cache:
        return cache[path]
    from jixiao.ingest import read_file

    doc = read_file(path)
    if doc.goals is None:
        findings.append(make_finding("monitor-file-invalid", Source(str(path)),
                                     detail=f"{path}：不是绩效目标表，无法取得项目的指标值和资金支出计划"))
    cache[path] = doc.goals
    return doc.goals


def run(files: Sequence[str | Path], goals: str | Path | None = None,
        ruleset: Ruleset | str | Path = "default") -> MonitoringRun:
    rules = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    findings: list[Finding] = []
    cache: dict[Path, GoalTables | None] = {}
    fixed = _read_goals(Path(goals).resolve(), cache, findings) if goals else None
    results: list[MonitoringResult] = []
    first_goals = fixed
    for f in files:
        reports, named, read_findings = read_monitoring_file(f)
        findings.extend(read_findings)
        book = fixed
        if book is None and named is not None:
            book = _read_goals(named, cache, findings)
        first_goals = first_goals or book
        for report in reports:
            project = find_project(book.projects, report) if book else None
            results.append(evaluate(report, project, rules))
    return MonitoringRun(rules, tuple(results), tuple(findings), first_goals)
