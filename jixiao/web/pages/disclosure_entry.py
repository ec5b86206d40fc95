"""The next 部门决算 disclosure from the data (issue 18 item 5).

Per department and year, the entries the nine tables do not hold (上年数, 年初预算, reasons,
三公 counts, 机关运行经费, 政府采购, 国有资产, 部门概况, 名词解释) are stored as
:class:`~jixiao.web.store.models.DisclosureEntry` (``jixiao.report.disclosure_entries.encode``),
typed on the page or imported from a stored disclosure (last year's, or the year's own). The
package is the core's :func:`~jixiao.report.disclosure_entries.build_package`: the year's stored
final accounts (tables), the entries, and section 十一 from this system's records — projects
with targets, monitored, self-evaluated (by grade), evaluations with scores.

Who: the finance bureau and the department's reviewer enter and read; nobody else.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from jixiao.model.accounts import TableKind
from jixiao.model.document import Document
from jixiao.report.disclosure_cells import leaves, tables_by_kind
from jixiao.report.disclosure_entries import (
    PROCUREMENT_FIELDS,
    PROCUREMENT_SHARES,
    VEHICLE_KINDS,
    Entries,
    EvaluationRecord,
    PerformanceRecords,
    SelfEvalRecord,
    build_package,
    decode,
    encode,
    entries_from_document,
)
from jixiao.report.disclosure_inputs import COUNT_FACTS
from jixiao.rules.schemes import shipped_self_scheme
from jixiao.web.pages import access, analysis, report_files
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

DONE = (m.Status.SUBMITTED, m.Status.DEPT_APPROVED, m.Status.BUREAU_APPROVED, m.Status.PUBLISHED)
APPROVED = (m.Status.DEPT_APPROVED, m.Status.BUREAU_APPROVED, m.Status.PUBLISHED)
FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8", "txt": "text/plain; charset=utf-8"}
FORMATS["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FIELDS = {
    "prior_total": "上年收、支总计（万元）",
    "prior_fiscal_total": "上年财政拨款收、支总计（万元）",
    "prior_general_budget": "上年一般公共预算财政拨款支出（万元）",
    "initial_total": "一般公共预算财政拨款支出年初预算（万元）",
    "admin_costs": "机关运行经费支出（万元）",
    "admin_costs_prior": "机关运行经费上年决算数（万元）",
    "equipment": "单位价值100万元（含）以上设备（台、套）",
}
PROCUREMENT_LABELS = dict(
    zip(
        (*PROCUREMENT_FIELDS, *PROCUREMENT_SHARES),
        (
            "政府采购支出总额（万元）",
            "货物支出（万元）",
            "工程支出（万元）",
            "服务支出（万元）",
            "授予中小企业合同金额（万元）",
            "授予小微企业合同金额（万元）",
            "货物采购授予中小企业合同金额占比（%）",
            "工程采购授予中小企业合同金额占比（%）",
            "服务采购授予中小企业合同金额占比（%）",
        ),
        strict=True,
    )
)
PROVENANCE_LABELS = {
    "prior": "上年数",
    "admin_costs_prior": "机关运行经费上年决算数",
    "initial": "年初预算",
    "counts": "“三公”经费数量",
    "reasons": "增减原因",
    "other": "机关运行经费、政府采购、国有资产",
    "overview": "部门概况",
    "glossary": "名词解释",
}
REASONS = {
    "totals": "收、支总计增减的原因",
    "fiscal": "财政拨款收、支总计增减的原因",
    "general_budget": "一般公共预算财政拨款支出增减的原因",
    "general_budget.initial": "一般公共预算财政拨款支出决算与年初预算差异的原因",
    "three_public": "“三公”经费决算与预算差异的原因",
    "three_public.abroad": "因公出国（境）费差异的原因",
    "three_public.vehicles": "公务用车购置及运行维护费差异的原因",
    "three_public.reception": "公务接待费差异的原因",
}


def may_enter(user: Any, department: m.Organisation) -> bool:
    if permissions.is_superuser(user):
        return True
    role = permissions.role_of(user)
    if role in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return True
    scope = permissions.unit_scope(user)
    return role == m.Role.DEPARTMENT_REVIEWER and isinstance(scope, set) and department.pk in scope


# ---------------------------------------------------------------- the data


def accounts_of(department: m.Organisation, year: int) -> m.FinalAccounts | None:
    return m.FinalAccounts.objects.filter(department=department, year=year).order_by("id").first()


def document_of(fa: m.FinalAccounts) -> Document:
    if fa.source_document is None:
        raise Http404("该部门决算没有源文件。")
    return mapping.document_from_store(fa.source_document)


def entries_of(department: m.Organisation, year: int) -> Entries:
    row = m.DisclosureEntry.objects.filter(department=department, year=year).first()
    return decode(row.data) if row and row.data else Entries(year, department.name)


def save_entries(user: Any, department: m.Organisation, e: Entries, action: str = "edit") -> m.DisclosureEntry:
    with access.atomic():
        row, created = m.DisclosureEntry.objects.get_or_create(department=department, year=e.year)
        before = {} if created else {"内容": row.data}
        row.data, row.updated_by = encode(e), user if getattr(user, "is_authenticated", False) else None
        row.version += 0 if created else 1
        row.save()
        if row.updated_by is not None:
            access.record_change(user, row, before, {"内容": row.data}, action=action)
    return row


def _units(department: m.Organisation) -> Q:
    return Q(unit=department) | Q(unit__parent=department)


def performance_records(department: m.Organisation, year: int) -> PerformanceRecords:
    """What the system holds on the year's performance management of the department."""
    projects = m.Project.objects.filter(_units(department), year=year, status__in=APPROVED).order_by("id")
    targets = tuple((p.name, p.budget) for p in projects if p.indicators.exists())
    monitored = tuple((p.name, p.budget) for p in projects if p.monitoring_reports.exists())
    bands = shipped_self_scheme(analysis.SELF_SCHEME).grades
    forms = []
    budgets: dict[str, Decimal | None] = {}
    rows = m.SelfEvaluation.objects.filter(_units(department), year=year, status__in=DONE).order_by("position", "id")
    for se in rows:
        form = mapping.selfeval_to_model(se)
        line = form.total_line
        budget = line.adjusted.value if line and line.adjusted else None
        executed = line.executed.value if line and line.executed else None
        score = se.total_value if se.total_value is not None else analysis.score_selfeval(se).computed_total
        budgets[se.project_name.replace(" ", "")] = budget
        forms.append(SelfEvalRecord(se.project_name, score, bands.grade(score), budget, executed, se.goal_actual or ""))
    evaluations = []
    q = Q(final_accounts__department=department) | Q(evaluated_unit=department) | Q(evaluated_unit__parent=department)
    for ev in m.Evaluation.objects.filter(q, year=year).order_by("position", "id"):
        kind = "finance" if ev.kind == "finance" else "department"
        name = ev.project_name or ev.title
        budget = budgets.get((name or "").replace(" ", ""))
        evaluations.append(EvaluationRecord(kind, name, ev.score, ev.grade, budget))
    source = f"系统中{department.name}{year}年度的绩效目标、运行监控、绩效自评和评价记录"
    return PerformanceRecords(targets, monitored, tuple(forms), tuple(evaluations), source)


def package(department: m.Organisation, year: int):
    fa = accounts_of(department, year)
    if fa is None:
        raise Http404(f"系统中没有{department.name}{year}年度的部门决算。")
    return build_package(document_of(fa), entries_of(department, year), performance_records(department, year))


def package_key(department: m.Organisation, year: int, fa: m.FinalAccounts) -> tuple[Any, ...]:
    """The stamps of every record :func:`package` reads (``report_files.open_keyed``): the accounts
    and their source document, the entries, and the year's projects (their indicators and
    monitoring), self-evaluations and evaluations of the department and its units."""
    from jixiao.web.monitoring.models import MonitoringReport

    stamp = report_files.rows_stamp
    projects = m.Project.objects.filter(_units(department), year=year)
    q = Q(final_accounts__department=department) | Q(evaluated_unit=department) | Q(evaluated_unit__parent=department)
    sd = fa.source_document
    return (
        department.name,
        report_files.record_stamp(fa),
        analysis.document_stamp(sd) if sd is not None else None,
        stamp(m.DisclosureEntry.objects.filter(department=department, year=year)),
        stamp(projects),
        stamp(m.Indicator.objects.filter(project__in=projects)),
        stamp(MonitoringReport.objects.filter(project__in=projects)),
        stamp(m.SelfEvaluation.objects.filter(_units(department), year=year)),
        stamp(m.Evaluation.objects.filter(q, year=year)),
    )


# ---------------------------------------------------------------- the form


def _dec(raw: str | None, label: str, errors: list[str]) -> Decimal | None:
    raw = (raw or "").replace(",", "").strip()
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        errors.append(f"“{label}”不是数字：{raw}")
        return None


def _lines(raw: str | None) -> list[str]:
    return [x.strip() for x in (raw or "").splitlines() if x.strip()]


def entries_from_post(post: Any, e: Entries, codes: list[tuple[str, str]]) -> list[str]:
    errors: list[str] = []
    for name, label in MONEY_FIELDS.items():
        setattr(e, name, _dec(post.get(name), label, errors))
    e.initial_by_code = {}
    for code, name in codes:
        if (v := _dec(post.get(f"initial-{code}"), f"{code} {name}年初预算", errors)) is not None:
            e.initial_by_code[code] = v
    e.counts = {}
    for key, label in COUNT_FACTS.items():
        if (v := _dec(post.get(f"count-{key}"), label, errors)) is not None:
            e.counts[key] = v
    e.procurement = {}
    for key, label in PROCUREMENT_LABELS.items():
        if (v := _dec(post.get(f"procurement-{key}"), label, errors)) is not None:
            e.procurement[key] = v
    e.vehicles = {}
    for n, kind in enumerate(VEHICLE_KINDS):
        if (v := _dec(post.get(f"vehicle-{n}"), kind, errors)) is not None:
            e.vehicles[kind] = int(v)
    slots = [*REASONS, *(f"item.{c}" for c, _ in codes)]
    e.reasons = {s: post.get(f"reason-{s}", "").strip() for s in slots if post.get(f"reason-{s}", "").strip()}
    e.admin_costs_reason = (post.get("admin_costs_reason") or "").strip()
    e.duties_intro = (post.get("duties_intro") or "").strip()
    e.institutions_intro = (post.get("institutions_intro") or "").strip()
    e.duties, e.institutions, e.glossary = (_lines(post.get(k)) for k in ("duties", "institutions", "glossary"))
    for part in ("prior", "initial", "counts", "reasons", "other"):
        e.provenance.setdefault(part, "部门录入")
    return errors


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_entries(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    department = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    if not may_enter(request.user, department):
        raise PermissionDenied("只有财政局和本部门可以录入决算公开补充数据。")
    fa = accounts_of(department, year)
    codes = []
    if fa is not None and fa.source_document is not None:
        t05 = tables_by_kind(document_of(fa)).get(TableKind.GENERAL_BUDGET)
        codes = [(x.code or "", x.name) for x in leaves(t05)] if t05 else []
    e = entries_of(department, year)
    errors: list[str] = []
    message = None
    if request.method == "POST":
        if request.POST.get("action") == "import":
            source = get_object_or_404(m.FinalAccounts, pk=int(request.POST.get("source") or 0), department=department)
            try:
                e = entries_from_document(document_of(source), year)
            except ValueError as err:
                errors.append(str(err))
            else:
                save_entries(request.user, department, e, action="import")
                return redirect("pages:disclosure_entries", pk=pk, year=year)
        else:
            errors = entries_from_post(request.POST, e, codes)
            if not errors:
                save_entries(request.user, department, e)
                message = "已保存。"
    context = {
        "department": department,
        "year": year,
        "e": e,
        "fa": fa,
        "errors": errors,
        "message": message,
        "sources": m.FinalAccounts.objects.filter(department=department, year__in=(year, year - 1)),
        "money_fields": [(k, label, getattr(e, k)) for k, label in MONEY_FIELDS.items()],
        "initials": [(c, n, e.initial_by_code.get(c)) for c, n in codes],
        "counts": [(k, label, e.counts.get(k)) for k, label in COUNT_FACTS.items()],
        "procurement": [(k, label, e.procurement.get(k)) for k, label in PROCUREMENT_LABELS.items()],
        "vehicles": [(n, kind, e.vehicles.get(kind)) for n, kind in enumerate(VEHICLE_KINDS)],
        "reasons": [(s, label, e.reasons.get(s, "")) for s, label in REASONS.items()]
        + [(f"item.{c}", f"{c} {n}决算与年初预算差异的原因", e.reasons.get(f"item.{c}", "")) for c, n in codes],
        "formats": list(FORMATS),
        "provenance": [(PROVENANCE_LABELS.get(k, k), v) for k, v in e.provenance.items()],
    }
    return render(request, "pages/disclosure_entries.html", context)


@login_required
def disclosure_package(request: HttpRequest, pk: int, year: int, fmt: str) -> HttpResponse:
    from jixiao.report.disclosure_text import to_seed_text
    from jixiao.report.registry import REPORTS, load_builtin_reports

    department = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    if not may_enter(request.user, department):
        raise PermissionDenied("只有财政局和本部门可以生成决算公开。")
    if fmt not in FORMATS:
        raise Http404("没有这种格式。")
    fa = accounts_of(department, year)
    if fa is None:
        raise Http404(f"系统中没有{department.name}{year}年度的部门决算。")

    def make(out: Path) -> None:
        view = package(department, year)
        if fmt == "txt":
            out.write_bytes(to_seed_text(view).encode("utf-8"))
        else:
            load_builtin_reports()
            REPORTS["disclosure"].renderers[fmt](view, out)

    file = report_files.open_keyed("disclosure-package", f"{pk}-{year}", package_key(department, year, fa), fmt, make)
    response = FileResponse(file, content_type=FORMATS[fmt])
    name = quote(f"{department.name}{year}年度部门决算.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
