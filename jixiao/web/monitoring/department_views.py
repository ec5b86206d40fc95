"""部门整体 monitoring pages: the department's own reports beside the project sum, creating one at a
checkpoint, the entry page (lights and required explanations from the core, the workflow's actions,
the audit trail) and the official 部门整体支出绩效监控情况表 in four formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.monitor.department import COLUMNS, FUND_GROUPS, TOTAL, DepartmentMonitoringResult
from jixiao.monitor.model import CAUSES, Checkpoint
from jixiao.web.monitoring import department as dm
from jixiao.web.monitoring import forms
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.pages import entered, report_files
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

FORMATS = ("html", "xlsx", "docx", "pdf")
CHECKPOINTS = ("1-6月", "1-7月", "1-9月", "1-10月")


def own_context(request: HttpRequest, org: m.Organisation) -> dict[str, Any]:
    """For the department page: its own reports with their lights, and what the user may create."""
    reports = dm.visible(request.user, org)
    years = list(m.DepartmentTargets.objects.filter(department=org).order_by("-year").values_list("year", flat=True))
    own = []
    for r in reports:
        res = dm.evaluate(r)
        own.append({"r": r, "res": res, "overall": res.overall, "total": res.funds[0]})
    return {"own": own, "own_years": years, "own_checkpoints": CHECKPOINTS,
            "can_create_own": dm.can_create(request.user, org) and bool(years)}


@require_POST
def create(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    if not dm.can_create(request.user, org):
        raise PermissionDenied("只有本部门（或其所属单位）的单位填报人可以填报部门整体监控。")
    targets = m.DepartmentTargets.objects.filter(department=org, year=request.POST.get("year") or 0).first()
    cp = Checkpoint.parse(request.POST.get("checkpoint") or "")
    if targets is None or cp is None:
        messages.error(request, "请选择已有部门整体绩效目标的年度，并写明监控时点（如“1-7月”）。")
        return redirect("monitoring:department", pk=org.pk)
    found = mm.DepartmentMonitoringReport.objects.filter(department=org, year=targets.year, month=cp.month).first()
    if found is not None:
        messages.info(request, f"{targets.year}年{found.label}的部门整体监控已存在，已打开。")
        return redirect("monitoring:department_report", pk=found.pk)
    profile = permissions.profile_of(request.user)
    unit = profile.organisation if profile is not None and profile.organisation_id else org
    try:
        report = dm.create_report(targets, cp, unit)
    except IntegrityError:  # made by someone else meanwhile
        messages.error(request, f"{targets.year}年{cp.label}的部门整体监控刚被他人创建，请在列表中打开。")
        return redirect("monitoring:department", pk=org.pk)
    audit.record_change(request.user, report, {}, dm.state(report, dm.funds_of(report), list(report.rows.all())),
                        action="create")
    messages.success(request, f"已按部门整体绩效目标和项目监控预填{report.year}年{report.label}部门整体监控（草稿）。")
    return redirect("monitoring:department_report", pk=report.pk)


def _report(request: HttpRequest, pk: int) -> mm.DepartmentMonitoringReport:
    report = get_object_or_404(mm.DepartmentMonitoringReport.objects.select_related("department", "unit", "targets"),
                               pk=pk)
    if not dm.can_view(request.user, report):
        raise PermissionDenied("您没有查看此部门整体监控的权限。")
    return report


def _context(request: HttpRequest, report: mm.DepartmentMonitoringReport, funds: list, rows: list,
             result: DepartmentMonitoringResult, errors: dict[str, str] | None = None) -> dict[str, Any]:
    errors = errors or {}
    by_name = {f.fund.name: f for f in result.funds}
    fund_lines = [{"f": f, "res": by_name[f.name], "group": "", "span": 0, "label": "合计"} for f in funds[:1]]
    for group, names in FUND_GROUPS:
        for k, name in enumerate(names):
            f = next(x for x in funds if x.name == name)
            fund_lines.append({"f": f, "res": by_name[name], "group": group, "span": len(names) if k == 0 else 0,
                               "label": name})
    lines = []
    for k, row in enumerate(rows):
        res = result.result.indicators[k] if k < len(result.result.indicators) else None
        lines.append({"k": k, "row": row, "verdict": res.verdict if res else None,
                      "target": res.target.raw if res else row.target_raw,
                      "errors": {f: errors.get(f"row-{k}-{f}") for f in ("causes", "explanation", "measures",
                                                                         "likelihood")}})
    return {
        "report": report, "funds": fund_lines, "lines": lines, "result": result, "errors": errors,
        "error_lines": forms.summary(errors, rows), "causes": CAUSES, "likelihoods": forms.LIKELIHOODS,
        "columns": COLUMNS, "total_name": TOTAL, "overall": result.overall,
        "budget_verdict": result.result.budget_verdict, "can_edit": dm.can_edit(request.user, report),
        "tasks_text": "\n".join(report.tasks or []), "findings": list(result.findings), "formats": FORMATS,
        "rulesets": mmap.ruleset_names(),
    }


@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if request.method == "POST":
        return _save(request, report)
    funds, rows = dm.funds_of(report), list(report.rows.select_related("indicator"))
    ctx = _context(request, report, funds, rows, dm.evaluate(report, funds, rows))
    return render(request, "monitoring/department_report.html", ctx)


def _parse(request: HttpRequest, report: mm.DepartmentMonitoringReport) -> tuple[list, list, dict[str, str]]:
    post, errors = request.POST, {}
    label = (post.get("label") or report.label).strip()
    cp = Checkpoint.parse(label)
    if cp is None or cp.month != report.month:
        errors["label"] = f"监控时点“{label}”无法识别或与本报告的{report.month}月不符，请写成“1-{report.month}月”。"
    else:
        report.label = cp.label
    name = (post.get("ruleset") or report.ruleset).strip()
    report.ruleset = name if name in mmap.ruleset_names() else mmap.DEFAULT_RULESET
    report.duty_goal = (post.get("duty_goal") or "").strip()
    report.tasks = [x.strip() for x in (post.get("tasks") or "").splitlines() if x.strip()]
    report.budget_causes = [c for c in CAUSES if c in post.getlist("budget_causes")]
    report.budget_explanation = (post.get("budget_explanation") or "").strip()
    report.budget_measures = (post.get("budget_measures") or "").strip()
    funds = dm.funds_of(report)
    for k, f in enumerate(funds):
        for attr, title in COLUMNS.items():
            raw = post.get(f"fund-{k}-{attr}", "")
            value, ok = forms.money(raw)
            setattr(f, attr, value if ok else None)
            if not ok:
                errors[f"fund-{k}-{attr}"] = f"{f.name}{title}“{raw}”不是有效金额（请填写不小于0的数字）。"
    indicators = {i.pk: i for i in report.targets.indicators.all()} if report.targets_id else {}
    rows = forms.parse_rows(post, indicators, errors, mm.DepartmentMonitoringRow)
    return funds, rows, errors


def _save(request: HttpRequest, report: mm.DepartmentMonitoringReport) -> HttpResponse:
    if not dm.can_edit(request.user, report):
        raise PermissionDenied("您无权修改该部门整体监控（只有填报单位的单位填报人可修改草稿或已退回的报告）。")
    before = dm.state(report, dm.funds_of(report), list(report.rows.all()))
    funds, rows, errors = _parse(request, report)
    result = dm.evaluate(report, funds, rows)
    errors.update(forms.required_errors(result.result, rows))
    if errors:
        return render(request, "monitoring/department_report.html",
                      _context(request, report, funds, rows, result, errors), status=422)
    try:
        with transaction.atomic():
            audit.save_with_version(report, request.POST.get("version"), **{f: getattr(report, f) for f in dm.FIELDS})
            dm.save_funds(report, funds)
            dm.save_rows(report, rows)
            audit.record_change(request.user, report, before, dm.state(report, funds, rows), action="edit")
    except audit.Conflict as exc:
        return render(request, "monitoring/department_report.html",
                      _context(request, report, funds, rows, result, {"version": exc.message}), status=409)
    messages.success(request, f"已保存{report.label}部门整体监控（第 {report.version} 版）：总体{result.overall.zh}。"
                              f"{entered.findings_summary(result.findings)}")
    return redirect("monitoring:department_report", pk=report.pk)


def report_form(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The official 部门整体支出绩效监控情况表 in ``fmt`` (html shown inline)."""
    from jixiao.report.department_monitoring import KIND, department_monitoring_view
    from jixiao.report.registry import REPORTS, load_builtin_reports
    from jixiao.web.pages.reports import CONTENT_TYPES

    if fmt not in FORMATS:
        raise Http404("未知的格式")
    report = _report(request, pk)

    def make(out: Path) -> None:
        load_builtin_reports()
        REPORTS[KIND].renderers[fmt](department_monitoring_view(dm.evaluate(report), mmap.ruleset(report.ruleset)), out)

    stamp, rows = report_files.record_stamp, report_files.rows_stamp
    targets = report.targets
    key = (  # what dm.evaluate reads: the report, its funds and rows, its targets and theirs, the names
        stamp(report), rows(report.funds.all()), rows(report.rows.all()), report.department.name,
        (stamp(targets), rows(targets.funds.all()), rows(targets.indicators.all())) if targets else None,
    )
    file = report_files.open_keyed(KIND, str(report.pk), key, fmt, make)
    response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    name = f"{report.department.name}{report.year}年{report.label}部门整体支出绩效监控情况表.{fmt}"
    response["Content-Disposition"] = f"{'inline' if fmt == 'html' else 'attachment'}; filename*=UTF-8''{quote(name)}"
    return response
