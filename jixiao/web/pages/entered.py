"""Checks on records entered in the browser, and last year's actuals beside the targets typed.

A self-evaluation made in the browser (the year-end draft, ``pages/yearend.py``) has no file
either: :func:`selfeval_findings` reads it back as a self-evaluation forms document of its own
and runs the same checks as on an imported form.

A project created or edited in the browser has no file: :func:`project_findings` reads it back
as a target-tables document of its own (``mapping.project_document``) and runs the same checks
as on an import (``jixiao.checks.run_checks``), together with the unit's department's final
accounts of the year before when the store has them, so the checks across documents
(``cross-year-target-low`` …: a target far below last year's actual) run too. Only the findings
on the project are kept.

:func:`last_year_actuals` pairs a project's indicators with last year's self-evaluation rows by
the core's own matching (``jixiao.checks.documents.project_pairs`` / ``match_indicators``), for
the entry form to show “上年实际完成值” beside each 指标值.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jixiao.checks import run_checks
from jixiao.checks.documents import match_indicators, project_pairs
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.goals import Indicator, Project
from jixiao.model.source import Source
from jixiao.model.target import TargetValue, ValueKind
from jixiao.web.pages import analysis
from jixiao.web.store import mapping
from jixiao.web.store import models as m


def previous_accounts(unit: m.Organisation | None, year: int | None) -> m.SourceDocument | None:
    """The stored final-accounts file of ``unit``'s department for ``year - 1``, if any."""
    if unit is None or unit.parent_id is None or year is None:
        return None
    row = (
        m.FinalAccounts.objects.filter(department_id=unit.parent_id, year=year - 1, source_document__isnull=False)
        .select_related("source_document")
        .defer("snapshot", "source_document__raw", "source_document__snapshot")  # read only when not cached
        .order_by("-id")
        .first()
    )
    return row.source_document if row is not None else None


def stored_document(sd: m.SourceDocument) -> Document:
    """``mapping.document_from_store(sd)``, cached by the document's stamp."""
    key = ("document", sd.pk, analysis.document_stamp(sd))
    return analysis.FINDINGS_CACHE.get(key, lambda: mapping.document_from_store(sd))


def project_findings(row: m.Project) -> list[Finding]:
    """The checks on a project entered in the browser (and against last year's actuals)."""
    previous = previous_accounts(row.unit, row.year)
    stamp = analysis.document_stamp(previous) if previous is not None else None
    key = ("entered-project", row.pk, row.version, row.updated, previous.pk if previous else None, stamp)
    return list(analysis.FINDINGS_CACHE.get(key, lambda: _project_findings(row, previous)))


def _project_findings(row: m.Project, previous: m.SourceDocument | None) -> tuple[Finding, ...]:
    docs = [mapping.project_document(row)]
    if previous is not None:
        docs.append(stored_document(previous))
    other = docs[1].path if previous is not None else None
    findings = run_checks(docs, include_reading=False).findings
    return tuple(f for f in findings if other is None or f.source.path != other)


def findings_summary(findings: Any) -> str:
    """What a save says about the checks: ``检查发现：错误 0 条、警告 2 条、提示 1 条（…）。``"""
    counts = {sev: sum(1 for f in findings if str(f.severity) == sev) for sev in ("error", "warning", "info")}
    if not any(counts.values()):
        return "检查未发现问题。"
    found = f"错误 {counts['error']} 条、警告 {counts['warning']} 条、提示 {counts['info']} 条"
    return f"检查发现：{found}（详见本页检查结果）。"


def selfeval_findings(row: m.SelfEvaluation) -> list[Finding]:
    """The checks on a self-evaluation made in the browser (no source file), as on an import."""
    key = ("entered-selfeval", row.pk, row.version, row.updated)
    return list(analysis.FINDINGS_CACHE.get(key, lambda: _selfeval_findings(row)))


def _selfeval_findings(row: m.SelfEvaluation) -> tuple[Finding, ...]:
    from jixiao.model.selfeval import SelfEvaluationForms

    form = mapping.selfeval_to_model(row)
    department = row.unit.parent.name if row.unit is not None and row.unit.parent is not None else None
    forms = SelfEvaluationForms(form.project, row.year, department, (form,), (), (), Source(""))
    doc = Document(f"自评表{row.pk}", "self_evaluation", None, 0, None, None, (), (), forms=forms)
    return tuple(run_checks([doc], include_reading=False).findings)


@dataclasses.dataclass(frozen=True)
class LastYear:
    """Last year's actual of an indicator: the value and where it was read."""

    actual: str
    target: str
    form: str  # the self-evaluation's project name
    year: int | None


def last_year_actuals(
    unit: m.Organisation | None, year: int | None, project_name: str, indicator_names: list[str]
) -> dict[int, LastYear]:
    """Index of each indicator name → last year's actual of the same project and indicator."""
    previous = previous_accounts(unit, year)
    if previous is None or not project_name.strip():
        return {}
    accounts = stored_document(previous)
    empty = TargetValue("", ValueKind.EMPTY)
    indicators = tuple(Indicator("", "", name, "", empty, None, Source(""), False) for name in indicator_names)
    project = Project(
        None, None, project_name, None, "万元", None, None, None, None, None, None, indicators, "", Source("")
    )
    out: dict[int, LastYear] = {}
    for _, form in project_pairs(mapping.goal_document(project, unit, year, "typed"), accounts):
        for new, old in match_indicators(project.indicators, form.indicators):
            index = next(i for i, ind in enumerate(indicators) if ind is new)
            out[index] = LastYear(old.actual.raw, old.target.raw, form.project, accounts.year)
    return out
