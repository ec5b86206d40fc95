"""Problems from the other sources: a finding a reviewer promotes, a red monitoring light, a
sampling review whose score is far from the self-evaluation's.

Each source makes at most one problem: the record carries a ``source_key`` (unique) naming what it
came from, so a repeated promotion, a monitoring report saved again with the same red light, or a
review total entered again finds the problem already there (:func:`record` returns it unchanged).
The problem links back to its source (``source_link``: the project, the monitoring entry, the
reviewed form) and belongs to the unit that owns the source.

- :func:`promote_finding`: a manager (the department reviewer, the bureau: ``flow.is_manager``)
  turns a check's finding on a project into a problem; the finding is looked up again among the
  project's findings (by code, line and subject), never taken from the request.
- :func:`from_monitoring`: a monitoring report submitted (or further on) whose engine result has a
  red light — budget execution, an indicator, an extra rule — gives one problem per red subject,
  the measures entered in the report as the measures required. Run after the report and its rows
  are committed (``transaction.on_commit`` from the ``post_save`` signal wired in ``apps.ready``).
- :func:`from_sampling`: a reviewed form (复核分 entered) whose review total differs from the self
  score by :data:`SAMPLING_GAP` points or more, or whose grade changes, gives a problem for the
  form's unit (same wiring).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from jixiao.findings import CATALOGUE
from jixiao.model.finding import Finding
from jixiao.monitor.model import Light
from jixiao.monitor.sampling import compare
from jixiao.numbers import plain
from jixiao.rules.schemes import shipped_self_scheme
from jixiao.web.pages import analysis, entered
from jixiao.web.rectification.flow import FlowError, is_manager
from jixiao.web.rectification.models import Problem
from jixiao.web.store import models as m
from jixiao.web.workflow import audit

SAMPLING_GAP = Decimal(10)  # points between the review total and the self score that make a problem
PROMOTABLE = ("error", "warning")
SUBMITTED = (m.Status.SUBMITTED, m.Status.DEPT_APPROVED, m.Status.BUREAU_APPROVED, m.Status.PUBLISHED)


def record(key: str, *, unit: m.Organisation, title: str, source_kind: str, source_ref: str, link: str = "",
           project: m.Project | None = None, detail: str = "", measures: str = "", category: str = "",
           user: Any = None) -> tuple[Problem, bool]:
    """The problem of source ``key``: the one already recorded, else a new one (待整改)."""
    found = Problem.objects.filter(source_key=key).first()
    if found is not None:
        return found, False
    author = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            p = Problem.objects.create(
                source_key=key, source_link=link[:300], source_kind=source_kind, source_ref=source_ref[:500],
                unit=unit, project=project, project_name=project.name if project else "",
                year=project.year if project else None, category=category[:200], title=title.strip()[:500],
                detail=detail.strip(), measures_required=measures.strip(), created_by=author)
            audit.record_change(author, p, {}, audit.snapshot_fields(p, ["title", "unit", "source_ref"]),
                                action="create")
    except IntegrityError:  # recorded meanwhile by another request
        return Problem.objects.get(source_key=key), False
    return p, True


# -- a finding promoted by a reviewer ---------------------------------------------------------


def project_findings(project: m.Project) -> list[Finding]:
    """The findings a project's page shows on it: its document's (on its lines) and the checks on
    the project itself with last year's accounts (``pages.entered``)."""
    own = list(entered.project_findings(project))
    if project.source_document_id is None:
        return own
    start = analysis.src(project.source)[0] or 0
    later = [analysis.src(s)[0] for s in m.Project.objects.filter(source_document_id=project.source_document_id)
             .exclude(pk=project.pk).values_list("source", flat=True)]
    end = min((x for x in later if x is not None and x > start), default=10**9)
    document = [f for f in analysis.document_findings(project.source_document)
                if f.source.line is not None and start <= f.source.line < end]
    return document + [f for f in own if f not in document]


def finding_key(project: m.Project, f: Finding) -> str:
    return f"finding:{project.pk}:{f.code}:{f.source.line or 0}:{f.subject or ''}"[:300]


def promotable(project: m.Project) -> list[tuple[Finding, str]]:
    """(finding, key) of the project's errors and warnings, in the page's order."""
    return [(f, finding_key(project, f)) for f in project_findings(project) if str(f.severity) in PROMOTABLE]


def promote_finding(user: Any, project: m.Project, key: str) -> tuple[Problem, bool]:
    if project.unit_id is None or not is_manager(user, project.unit_id):
        raise FlowError(403, "只有主管部门审核人或财政局可以把检查发现登记为整改问题。")
    f = next((f for f, k in promotable(project) if k == key), None)
    if f is None:
        raise FlowError(400, "该检查发现已不存在（项目可能已修改），请刷新页面。")
    kind = CATALOGUE.get(f.code)
    where = f"{f.source.path}第{f.source.line}行" if f.source.line else f.source.path
    return record(
        key, unit=project.unit, project=project, user=user, source_kind="finding",  # type: ignore[arg-type]
        source_ref=f"审核发现“{kind.title if kind else f.code}”（{where}）",
        link=reverse("pages:project", args=[project.pk]),
        title=f.message, category=kind.title if kind else "", detail=f"检查发现（{f.code}）：{f.message}",
    )


# -- a red monitoring light -------------------------------------------------------------------


def from_monitoring(report: Any) -> list[Problem]:
    """Problems for the red lights of a submitted monitoring report (``monitoring.MonitoringReport``)."""
    from jixiao.web.monitoring.mapping import evaluate_report

    project = report.project
    if report.status not in SUBMITTED or project.unit_id is None:
        return []
    result = evaluate_report(report)
    reds: list[tuple[str, str, str]] = []  # (subject, working, measures)
    if result.budget_verdict.light == Light.RED:
        reds.append(("预算执行", result.budget_verdict.working, report.budget_measures))
    for r in result.indicators:
        if r.verdict.light == Light.RED:
            reds.append((r.indicator.name, r.verdict.working, r.indicator.measures or ""))
    reds += [(v.rule, v.working, "") for v in result.extra if v.light == Light.RED]
    made = []
    link = reverse("monitoring:entry", args=[project.pk, report.month])
    for subject, working, measures in reds:
        p, created = record(
            f"monitoring:{report.pk}:{subject}", unit=project.unit, project=project, source_kind="monitoring",
            source_ref=f"{report.year or ''}年{report.label}运行监控：{subject}红灯", link=link,
            title=f"运行监控红灯：{subject}", category="运行监控", detail=working, measures=measures,
        )
        if created:
            made.append(p)
    return made


# -- a sampling review far from the self-evaluation -------------------------------------------


def from_sampling(item: Any) -> Problem | None:
    """The problem of a reviewed form (``store.SampleItem``) whose review is far from the self score."""
    se = item.self_evaluation
    if item.review_total is None or item.self_total is None or se.unit_id is None:
        return None
    c = compare(item.self_total, item.review_total, shipped_self_scheme(analysis.SELF_SCHEME).grades)
    if c.difference is None or (abs(c.difference) < SAMPLING_GAP and not c.grade_changed):
        return None
    grades = f"，等级由“{c.self_grade}”变为“{c.review_grade}”" if c.grade_changed else ""
    p, created = record(
        f"sampling:{item.pk}", unit=se.unit, project=se.project, source_kind="sampling",
        source_ref=f"{item.review.title}：复核分{plain(item.review_total)}，自评分{plain(item.self_total)}",
        link=reverse("pages:sampling_item", args=[item.pk]), category="自评质量",
        title=f"自评分与复核分相差{plain(abs(c.difference))}分{grades}：{se.project_name}",
        detail=f"复核意见：{item.opinion}" if item.opinion else "",
    )
    return p if created else None


# -- wiring (apps.ready) ----------------------------------------------------------------------


def _monitoring_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: _after_monitoring(sender, pk))


def _after_monitoring(model: Any, pk: int) -> None:
    report = model.objects.select_related("project", "project__unit").filter(pk=pk).first()
    if report is not None:
        from_monitoring(report)


def _sample_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.review_total is None:
        return
    pk = instance.pk
    transaction.on_commit(lambda: _after_sample(sender, pk))


def _after_sample(model: Any, pk: int) -> None:
    item = model.objects.select_related("review", "self_evaluation", "self_evaluation__unit").filter(pk=pk).first()
    if item is not None:
        from_sampling(item)


def connect() -> None:
    from django.db.models.signals import post_save

    from jixiao.web.monitoring.models import MonitoringReport

    post_save.connect(_monitoring_saved, sender=MonitoringReport, dispatch_uid="rectification-monitoring")
    post_save.connect(_sample_saved, sender=m.SampleItem, dispatch_uid="rectification-sampling")
