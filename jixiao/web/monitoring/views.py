"""Monitoring pages: entry per project and checkpoint (live lights), department matrix, bureau overview,
downloads of the monitoring tables, Excel template and import.

- Lights are always the core engine's (:func:`jixiao.web.monitoring.mapping.evaluate_report`); the
  htmx endpoint :func:`lights` evaluates the posted, unsaved form on every change.
- Saving refuses a report whose required explanations are missing (the engine's ``missing``), with
  the message under each field concerned; it uses the version check and the audit trail of
  :mod:`jixiao.web.workflow.audit`.
- Who may see: ``permissions.can_view`` on the project; who may enter: ``permissions.can_edit`` asked
  about the project's unit with the monitoring report's own status (a unit clerk enters the
  monitoring of their own unit while the report is a draft or returned, whatever the state of the
  target table, which is usually approved by mid-year).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.monitor.model import CAUSES, LIGHT_ZH, SEVERITY, Checkpoint, Light, MonitoringResult
from jixiao.web.monitoring import department_views, forms
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.pages import analysis, entered, report_files
from jixiao.web.pages.analysis import Memo
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
CHECKPOINT_CHOICES = ("3月底", "4月底", "6月底", "1-7月", "8月底", "9月底", "10月底", "12月底")
PAGE_SIZE = 50  # projects on one page of the overview
SORTS = {"light": "按灯（红灯在前）", "amount": "按预算数（从大到小）", "amount_asc": "按预算数（从小到大）"}


# ---------------------------------------------------------------- access


def can_enter(user: Any, project: m.Project, report: mm.MonitoringReport | None) -> bool:
    """May ``user`` enter / change the monitoring of ``project`` (report's status, project's unit)?"""
    status = report.status if report is not None else m.Status.DRAFT
    return permissions.can_edit(user, m.Project(unit_id=project.unit_id, name=project.name, status=status))


def _project(request: HttpRequest, pk: int) -> m.Project:
    project = get_object_or_404(m.Project.objects.select_related("unit", "source_document"), pk=pk)
    if not permissions.can_view(request.user, project):
        raise PermissionDenied("您没有查看此项目的权限。")
    return project


def _report(project: m.Project, month: int) -> mm.MonitoringReport | None:
    return mm.MonitoringReport.objects.filter(project=project, month=month).first()


def light_info(light: Light) -> dict[str, str]:
    return {"code": str(light), "zh": LIGHT_ZH[light]}


# ---------------------------------------------------------------- entry


def _lines(form_rows: list[mm.MonitoringRow], result: MonitoringResult, errors: dict[str, str]) -> list[dict]:
    lines = []
    for k, row in enumerate(form_rows):
        res = result.indicators[k] if k < len(result.indicators) else None
        goal_target = row.indicator.target_raw if row.indicator_id and row.indicator else ""
        lines.append({
            "k": k,
            "row": row,
            "goal_target": goal_target,
            "target": res.target.raw if res else (row.target_raw or goal_target),
            "verdict": res.verdict if res else None,
            "errors": {f: errors.get(f"row-{k}-{f}") for f in ("causes", "explanation", "measures", "likelihood")},
        })
    return lines


def _context(request: HttpRequest, project: m.Project, report: mm.MonitoringReport, rows: list[mm.MonitoringRow],
             stored: mm.MonitoringReport | None, errors: dict[str, str] | None = None,
             result: MonitoringResult | None = None) -> dict[str, Any]:
    errors = errors or {}
    result = result or mmap.evaluate_report(report, rows)
    return {
        "p": project,
        "report": report,
        "stored": stored,
        "result": result,
        "lines": _lines(rows, result, errors),
        "errors": errors,
        "error_lines": forms.summary(errors, rows),
        "causes": CAUSES,
        "likelihoods": forms.LIKELIHOODS,
        "rulesets": mmap.ruleset_names(),
        "can_edit": can_enter(request.user, project, stored),
        "version": stored.version if stored else 0,
        "lights": _lights_context(result, rows),
        # the engine's findings (the same as `jixiao monitor` gives on an imported table), once saved
        "findings": list(result.findings) if stored is not None else [],
    }


def _lights_context(result: MonitoringResult, rows: list[mm.MonitoringRow]) -> dict[str, Any]:
    return {
        "result": result,
        "budget": result.budget_verdict,
        "project": light_info(result.project_light),
        "overall": light_info(result.overall),
        "indicators": [{"k": k, "res": res} for k, res in enumerate(result.indicators)],
        "missing": result.missing,
        "rate": result.execution_rate,
    }


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    """The monitoring report of a project at a checkpoint month: view, and entry for who may edit."""
    if not 1 <= month <= 12:
        raise Http404("监控月份应为1至12。")
    project = _project(request, pk)
    stored = _report(project, month)
    if request.method == "POST":
        return _save(request, project, stored, month)
    if stored is not None:
        report, rows = stored, list(stored.rows.select_related("indicator").order_by("position", "id"))
    else:
        label = request.GET.get("label") or f"{month}月底"
        cp = Checkpoint.parse(label)
        label = cp.label if cp and cp.month == month else f"{month}月底"
        report = mm.MonitoringReport(project=project, month=month, label=label, year=project.year)
        rows = mmap.blank_rows(project)
    return render(request, "monitoring/entry.html", _context(request, project, report, rows, stored))


def _save(request: HttpRequest, project: m.Project, stored: mm.MonitoringReport | None, month: int) -> HttpResponse:
    if not can_enter(request.user, project, stored):
        raise PermissionDenied("您无权填报或修改该项目的监控报告（单位填报人只能填报本单位、草稿或已退回的监控报告）。")
    before = mmap.state(stored, stored.rows.order_by("position", "id")) if stored else {}
    form = forms.parse(request.POST, project, stored, month)
    result = mmap.evaluate_report(form.report, form.rows)
    form.errors.update(forms.required_errors(result, form.rows))
    if not form.valid:
        ctx = _context(request, project, form.report, form.rows, stored, form.errors, result)
        return render(request, "monitoring/entry.html", ctx, status=422)
    try:
        report = _write(request, project, stored, form, before)
    except audit.Conflict as exc:
        ctx = _context(request, project, form.report, form.rows, stored, {"version": exc.message}, result)
        return render(request, "monitoring/entry.html", ctx, status=409)
    messages.success(request, f"已保存{report.label}监控报告（第 {report.version} 版）：总体{result.overall.zh}。"
                              f"{entered.findings_summary(result.findings)}")
    return redirect("monitoring:entry", pk=project.pk, month=month)


FIELDS = ("label", "ruleset", "executed", "budget", "expected_executed", "budget_causes", "budget_explanation",
          "budget_measures")


def _write(request: HttpRequest, project: m.Project, stored: mm.MonitoringReport | None, form: forms.EntryForm,
           before: dict[str, Any]) -> mm.MonitoringReport:
    """Create or update the report and its rows in one transaction; the audit entry on the report."""
    report = form.report
    with transaction.atomic():
        if stored is None:
            try:
                with transaction.atomic():
                    report.version = 1
                    report.save()
            except IntegrityError:  # someone created this checkpoint's report meanwhile
                raise audit.Conflict(0, _report(project, report.month).version) from None
            action = "create"
        else:
            seen = request.POST.get("version")
            audit.save_with_version(stored, seen, **{f: getattr(report, f) for f in FIELDS})
            report = stored
            action = "edit"
        mmap.save_rows(report, form.rows)
        audit.record_change(request.user, report, before, mmap.state(report, form.rows), action=action)
    return report


@require_POST
def lights(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    """htmx: the lights of the form as posted (nothing saved), with the working and what must be explained."""
    project = _project(request, pk)
    stored = _report(project, month)
    form = forms.parse(request.POST, project, stored, month)
    result = mmap.evaluate_report(form.report, form.rows)
    ctx = {"lights": _lights_context(result, form.rows), "oob": True, "p": project,
           "field_errors": {k: v for k, v in form.errors.items() if k in ("executed", "budget", "expected_executed")}}
    return render(request, "monitoring/partials/lights.html", ctx)


# ---------------------------------------------------------------- project list, template, import, downloads


def project_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's monitoring reports, and the choice of a checkpoint to enter."""
    project = _project(request, pk)
    label = request.GET.get("checkpoint")
    if label:
        cp = Checkpoint.parse(label)
        if cp is not None:
            url = reverse("monitoring:entry", kwargs={"pk": project.pk, "month": cp.month})
            return redirect(f"{url}?{urlencode({'label': cp.label})}")
        messages.error(request, f"监控时点“{label}”无法识别，请写成“6月底”或“1-7月”。")
    rows = []
    for r in project.monitoring_reports.order_by("month", "id"):
        res = mmap.evaluate_row(r)
        rows.append({"r": r, "res": res, "overall": light_info(res.overall),
                     "budget": light_info(res.budget_verdict.light), "project": light_info(res.project_light)})
    ctx = {"p": project, "rows": rows, "choices": CHECKPOINT_CHOICES,
           "can_edit": can_enter(request.user, project, None)}
    return render(request, "monitoring/project.html", ctx)


def template_xlsx(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    """The 河南-layout Excel template for this project and checkpoint (filled in with the stored values)."""
    from jixiao.monitor.excel import write_template

    project = _project(request, pk)
    stored = _report(project, month)
    label = stored.label if stored else (request.GET.get("label") or f"{month}月底")
    cp = Checkpoint.parse(label)
    cp = cp if cp and cp.month == month else Checkpoint(month, f"{month}月底")
    core = mmap.report_to_model(stored) if stored else None
    with tempfile.TemporaryDirectory(prefix="jixiao-monitor-") as tmp:
        out = Path(tmp) / "template.xlsx"
        write_template(mapping.project_to_model(project), cp, out, year=project.year, report=core)
        data = out.read_bytes()
    return _attachment(data, "xlsx", f"{project.name}-{cp.label}-监控表.xlsx")


@require_POST
def import_excel(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    """Read a filled Excel template; the form shows its values to check and save (nothing saved yet)."""
    from jixiao.monitor.excel import read_template

    project = _project(request, pk)
    stored = _report(project, month)
    if not can_enter(request.user, project, stored):
        raise PermissionDenied("您无权填报或修改该项目的监控报告。")
    upload = request.FILES.get("file")
    problems: list[str] = []
    core = None
    if upload is None:
        problems.append("请选择要导入的Excel监控表（.xlsx）。")
    else:
        try:
            permissions.validate_upload(upload, upload.name)
        except ValidationError as exc:
            problems.extend(str(x) for x in exc.messages)
        if not problems and not upload.name.lower().endswith(".xlsx"):
            problems.append("只能导入Excel监控表（.xlsx）。")
    if not problems:
        with tempfile.TemporaryDirectory(prefix="jixiao-monitor-") as tmp:
            path = Path(tmp) / "upload.xlsx"
            with path.open("wb") as f:
                for chunk in upload.chunks():
                    f.write(chunk)
            reports, findings = read_template(path)
        problems += [f.message for f in findings if str(f.severity) == "error"]
        mine = [r for r in reports if mmap.find_store_project(r, [project]) is not None] or reports[:1]
        core = mine[0] if mine else None
        if core is None and not problems:
            problems.append("Excel文件中没有找到项目支出绩效监控情况表。")
        elif core is not None and core.checkpoint.month != month:
            problems.append(f"Excel中的监控时点为“{core.checkpoint.label}”，与本页的{month}月不符；请在对应时点的页面导入。")
            core = None
    if core is None:
        for p in problems:
            messages.error(request, p)
        return redirect("monitoring:entry", pk=project.pk, month=month)
    report = mmap.report_from_model(project, core, stored.ruleset if stored else mmap.DEFAULT_RULESET,
                                    existing=stored)
    rows = mmap.rows_from_model(project, core)
    ctx = _context(request, project, report, rows, stored)
    ctx["imported"] = upload.name
    ctx["import_notes"] = problems
    return render(request, "monitoring/entry.html", ctx)


def _attachment(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def render_table(kind: str, fmt: str, reports: list[mm.MonitoringReport], filename: str, owner: str,
                 ruleset_name: str | None = None) -> HttpResponse:
    """A monitoring table (``monitoring-project`` / ``monitoring-department``) through the report
    machinery, kept as a file of ``owner`` per stamps of what it reads (``pages.report_files``)."""
    from jixiao.report.monitoring import render_run

    if fmt not in CONTENT_TYPES:
        raise Http404("只提供 XLSX 和 PDF 格式。")
    if not reports:
        raise Http404("没有监控报告。")
    file = report_files.open_keyed(kind, owner, table_key(reports, ruleset_name), fmt,
                                   lambda out: render_run(kind, fmt, mmap.run_for(reports, ruleset_name), out),
                                   reading=tuple(r.pk for r in reports))
    response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def table_key(reports: list[mm.MonitoringReport], ruleset_name: str | None) -> tuple[Any, ...]:
    """The stamps of what ``mmap.run_for(reports)`` reads: the reports and their rows, their projects
    with their indicators, the first project's source document, the rule set's name."""
    ids = [r.pk for r in reports]
    projects = m.Project.objects.filter(monitoring_reports__in=ids).distinct()
    sd = next((r.project.source_document for r in reports if r.project.source_document_id), None)
    return (
        ruleset_name or reports[0].ruleset,
        report_files.rows_stamp(mm.MonitoringReport.objects.filter(pk__in=ids)),
        report_files.rows_stamp(mm.MonitoringRow.objects.filter(report__in=ids)),
        report_files.rows_stamp(m.Project.objects.filter(pk__in=projects.values("pk"))),
        report_files.rows_stamp(m.Indicator.objects.filter(project__in=projects.values("pk"))),
        analysis.document_stamp(sd) if sd is not None else None,
    )


def report_download(request: HttpRequest, pk: int, month: int, fmt: str) -> HttpResponse:
    project = _project(request, pk)
    report = _report(project, month)
    if report is None:
        raise Http404("该时点尚无监控报告。")
    filename = f"{project.name}-{report.label}-项目支出绩效监控情况表.{fmt}"
    return render_table("monitoring-project", fmt, [report], filename, f"report-{report.pk}")


# ---------------------------------------------------------------- department matrix and bureau overview


def _visible_reports(user: Any, **filters: Any) -> list[mm.MonitoringReport]:
    """The reports on the projects ``user`` may see (evaluate them with ``mmap.evaluate_rows``)."""
    return list(_reports_query(user, **filters))


def _reports_query(user: Any, **filters: Any) -> Any:
    projects = permissions.visible(user, m.Project.objects.filter(**filters))
    return (
        mm.MonitoringReport.objects.filter(project__in=projects)
        .select_related("project", "project__unit", "project__unit__parent")
        .order_by("project__year", "project__unit__code", "project__number", "project_id", "month", "id")
    )


def _department(pk: int) -> m.Organisation:
    org = get_object_or_404(m.Organisation, pk=pk)
    if org.kind != m.Organisation.Kind.DEPARTMENT:
        raise Http404("不是主管部门。")
    return org


def _department_filter(org: m.Organisation) -> dict[str, Any]:
    units = [org.pk, *org.children.values_list("pk", flat=True)]
    return {"unit_id__in": units}


def department(request: HttpRequest, pk: int) -> HttpResponse:
    """Projects × checkpoints of a department, each cell the overall light linking to the report."""
    org = _department(pk)
    reports = _visible_reports(request.user, **_department_filter(org))
    checkpoints = sorted({(r.month, r.label) for r in reports})
    months = sorted({month for month, _ in checkpoints})
    by_project: dict[int, dict[str, Any]] = {}
    for r, res in zip(reports, mmap.evaluate_rows(reports), strict=True):
        line = by_project.setdefault(r.project_id, {"p": r.project, "cells": {}, "missing": 0})
        line["cells"][r.month] = {"r": r, "res": res, "overall": light_info(res.overall),
                                  "budget": light_info(res.budget_verdict.light),
                                  "project": light_info(res.project_light)}
        line["missing"] += len(res.missing)
    labels = {month: "、".join(sorted({lb for mo, lb in checkpoints if mo == month})) for month in months}
    matrix = [{**line, "row": [line["cells"].get(month) for month in months]} for line in by_project.values()]
    ctx = {"org": org, "months": [{"month": mo, "label": labels[mo]} for mo in months], "matrix": matrix,
           "count": len(reports), **department_views.own_context(request, org)}
    return render(request, "monitoring/department.html", ctx)


def department_download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    org = _department(pk)
    if kind not in ("monitoring-department", "monitoring-project"):
        raise Http404("没有这种监控表。")
    reports = _visible_reports(request.user, **_department_filter(org))
    title = "部门整体支出绩效监控情况表" if kind == "monitoring-department" else "项目支出绩效监控情况表"
    return render_table(kind, fmt, reports, f"{org.name}-{title}.{fmt}", f"department-{org.pk}")


def overview_rows(user: Any, sort: str = "light") -> list[dict[str, Any]]:
    """Every monitored project the user may see, at its latest checkpoint, sorted (red first / amount).

    Kept in this process for the stamp of the reports and their projects (which, how many, their
    versions and latest change): every save bumps a version, so an edit shows at once."""
    reports = _reports_query(user)
    stamp = reports.aggregate(n=Count("id"), ids=Sum("id"), versions=Sum("version"), latest=Max("updated"),
                              pversions=Sum("project__version"), platest=Max("project__updated"))  # fmt: skip
    key = ("monitoring-overview", sort, tuple(sorted(stamp.items())))
    return list(OVERVIEW_CACHE.get(key, lambda: _overview_rows(user, sort)))


OVERVIEW_CACHE = Memo(8, "monitoring-overview", shared=False)


def _overview_rows(user: Any, sort: str) -> list[dict[str, Any]]:
    latest: dict[int, mm.MonitoringReport] = {}
    for r in _visible_reports(user):
        latest[r.project_id] = r  # ordered by month: the last one wins
    rows = []
    reports = list(latest.values())
    for r, res in zip(reports, mmap.evaluate_rows(reports), strict=True):
        rows.append({"r": r, "p": r.project, "res": res, "budget_amount": res.budget,
                     "overall": light_info(res.overall), "budget": light_info(res.budget_verdict.light),
                     "project": light_info(res.project_light), "missing": len(res.missing),
                     "department": r.project.unit.parent if r.project.unit_id else None})

    def amount(x: dict[str, Any]) -> Decimal:
        return x["budget_amount"] if x["budget_amount"] is not None else Decimal(-1)

    if sort == "amount":
        rows.sort(key=lambda x: (-amount(x), x["p"].name))
    elif sort == "amount_asc":
        rows.sort(key=lambda x: (amount(x), x["p"].name))
    else:
        rows.sort(key=lambda x: (SEVERITY[x["res"].overall], -amount(x), x["p"].name))
    return rows


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The finance bureau's view: all monitored projects (as far as the user may see), sortable."""
    sort = request.GET.get("sort", "light")
    sort = sort if sort in SORTS else "light"
    rows = overview_rows(request.user, sort)
    counts = {code: sum(1 for x in rows if x["overall"]["code"] == code) for code in ("red", "yellow", "green", "blue")}
    departments = m.Organisation.objects.filter(kind=m.Organisation.Kind.DEPARTMENT).order_by("name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"rows": page, "page": page, "sort": sort, "sorts": SORTS, "counts": counts, "departments": departments,
           "light_names": {k: LIGHT_ZH[Light(k)] for k in counts}}
    return render(request, "monitoring/overview.html", ctx)
