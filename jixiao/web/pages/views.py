"""The pages people read: organisation tree, department dashboard, project, self-evaluation,
final accounts, evaluation, documents and report downloads.

Every view loads rows, checks :func:`access.can_view`, rebuilds core records through
``mapping`` and asks :mod:`.analysis` (i.e. the core) for scores and findings.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Sum, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from jixiao.model.accounts import Table
from jixiao.model.grades import GRADES
from jixiao.model.names import normalise_name
from jixiao.model.selfeval import find_total_line
from jixiao.web.pages import access, analysis, disclosure_entry, entered, fragments, stored, years
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions

# Big JSON/bytes columns a list does not show; loaded only when a cached result must be computed.
LARGE_DOCUMENT_FIELDS = ("raw", "snapshot")
LARGE_SELFEVAL_FIELDS = ("snapshot", "final_accounts__snapshot")


def _large(prefix: str) -> list[str]:
    return [prefix + name for name in LARGE_DOCUMENT_FIELDS]


def _require_view(request: HttpRequest, obj: Any) -> None:
    if not access.can_view(request.user, obj):
        raise PermissionDenied("您没有查看此记录的权限。")


class LoginView(auth_views.LoginView):
    template_name = "pages/login.html"
    # a locked-out login is answered by django-axes with this template too (workflow/lockout.py)


# ---------------------------------------------------------------- organisation tree


def home(request: HttpRequest) -> HttpResponse:
    """The organisation tree: finance bureau → departments → units, with what each holds (counted in SQL)."""
    projects = permissions.visible(request.user, m.Project.objects.all())
    selfevals = permissions.visible(request.user, m.SelfEvaluation.objects.all())
    by_unit: dict[int | None, dict[str, int]] = defaultdict(lambda: {"projects": 0, "selfevals": 0})
    for unit, n in projects.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"):
        by_unit[unit]["projects"] = n
    for unit, n in selfevals.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"):
        by_unit[unit]["selfevals"] = n
    orgs = list(m.Organisation.objects.order_by("kind", "code", "name", "id"))
    children: dict[int | None, list[m.Organisation]] = defaultdict(list)
    for o in orgs:
        children[o.parent_id].append(o)
    accounts: dict[int | None, list[m.FinalAccounts]] = defaultdict(list)
    for fa in access.visible(request.user, m.FinalAccounts.objects.defer("snapshot").order_by("-year", "id")):
        accounts[fa.department_id].append(fa)
    tree = [
        {
            "org": bureau,
            "departments": [
                {
                    "org": dept,
                    "units": [{"org": u, **by_unit[u.pk]} for u in children[dept.pk]],
                    "accounts": accounts[dept.pk],
                }
                for dept in children[bureau.pk]
            ],
        }
        for bureau in orgs
        if bureau.kind == m.Organisation.Kind.BUREAU
    ]
    context = {"tree": tree, "project_count": sum(c["projects"] for c in by_unit.values())}
    return render(request, "pages/home.html", context)


def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(m.Organisation, pk=pk)
    if org.kind == m.Organisation.Kind.DEPARTMENT:
        return dashboard(request, pk)
    units = [org] if org.kind == m.Organisation.Kind.UNIT else list(org.children.order_by("code", "name"))
    projects = access.visible(request.user, m.Project.objects.filter(unit__in=units).order_by("-year", "number", "id"))
    selfevals = access.visible(
        request.user,
        m.SelfEvaluation.objects.filter(unit__in=units).defer("snapshot").order_by("-year", "position", "id"),
    )
    return render(
        request,
        "pages/organisation.html",
        {"org": org, "projects": projects, "selfevals": selfevals, "can_create": _can_create(request.user, org)},
    )


def _can_create(user: Any, org: m.Organisation) -> bool:
    return org.kind == m.Organisation.Kind.UNIT and access.can_create_project(user, org)


# ---------------------------------------------------------------- department dashboard


PAGE_SIZE = 50  # rows of a long list on one page (a province's department has thousands of projects)


def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A department's overview: counts and sums in SQL, the long lists a page at a time
    (``?projects=N``, ``?selfevals=N``), the grade counts over all forms cached by their stamp."""
    dept = get_object_or_404(m.Organisation, pk=pk, kind=m.Organisation.Kind.DEPARTMENT)
    units = list(dept.children.order_by("code", "name"))
    projects = permissions.visible(
        request.user, m.Project.objects.filter(unit__in=units).select_related("unit").order_by("-year", "number", "id")
    )
    totals = projects.aggregate(n=Count("id"), total=Sum("budget"), top=Max("budget"))
    project_page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("projects"))
    selfevals = permissions.visible(
        request.user,
        m.SelfEvaluation.objects.filter(unit__in=units)
        .select_related("unit", "final_accounts")
        .defer(*LARGE_SELFEVAL_FIELDS)
        .order_by("-year", "position", "id"),
    )
    grades = stored.grade_counts(selfevals)  # stored on the forms, stale ones rescored; counted in SQL
    selfeval_page = Paginator(selfevals, PAGE_SIZE).get_page(request.GET.get("selfevals"))
    rows = list(selfeval_page.object_list)  # after grade_counts: their stored scores are current
    # the table of this page's forms and the chart, cached by the forms shown and their versions
    key = ("dashboard-selfevals", tuple(_selfeval_key(se) for se in rows))
    scored = fragments.cached(request, key, lambda: _dashboard_selfevals(request, rows))
    documents = access.visible(
        request.user,
        m.SourceDocument.objects.filter(department=dept).defer(*LARGE_DOCUMENT_FIELDS).order_by("-year", "id"),
    )
    by_code = stored.counted(stored.findings_summaries(documents).values())
    severities = {s: sum(n for (sev, _), n in by_code.items() if sev == s) for s in ("error", "warning", "info")}
    context = {
        "dept": dept,
        "units": units,
        "projects": project_page,
        "project_count": totals["n"],
        "budget_total": totals["total"] or Decimal(0),
        "max_budget": totals["top"] or Decimal(0),
        **scored,
        "selfevals": selfeval_page,
        "grades": [(g, grades.get(g, 0)) for g in GRADES],
        "grade_max": max(grades.values(), default=0),
        "severities": severities,
        "finding_max": max(severities.values(), default=0),
        "top_codes": [(sev, code, n) for (sev, code), n in by_code.most_common(12)],
        "documents": documents,
        "evaluations": access.visible(
            request.user,
            m.Evaluation.objects.filter(final_accounts__department=dept).order_by("-year", "position", "id"),
        ),
        "years": years.year_overview(request.user, dept, units),
    }
    return render(request, "pages/dashboard.html", context)


def _selfeval_key(se: m.SelfEvaluation) -> tuple[Any, ...]:
    """What a form's row in the dashboard shows: the form (version, time), the stamp of its stored
    score (its final accounts, scheme and the code's digest) and its unit's name."""
    return (se.pk, se.version, se.updated, se.computed_stamp, se.unit.name if se.unit else None)


def _dashboard_selfevals(request: HttpRequest, rows: list[m.SelfEvaluation]) -> dict[str, Any]:
    prefetch_related_objects(rows, _ORDERED_LINES)
    scored = [_selfeval_summary(se) for se in rows]
    chart = analysis.score_chart_svg(
        [s["row"].project_name for s in scored],
        [s["result"].computed_total for s in scored],
        [s["result"].published_total for s in scored],
    )
    table = fragments.render(request, "pages/blocks/dashboard_selfevals.html", {"scored": scored})
    return {"scored": table, "chart": chart}


_ORDERED_LINES = Prefetch("budget_lines", queryset=m.SelfEvalBudgetLine.objects.order_by("position", "id"))


def _selfeval_summary(se: m.SelfEvaluation) -> dict[str, Any]:
    result = stored.stored_score(se)
    total_line = find_total_line(list(se.budget_lines.all()))  # prefetched in order
    rate = None
    if total_line is not None and total_line.adjusted_value and total_line.executed_value is not None:
        rate = total_line.executed_value / total_line.adjusted_value * 100
    return {"row": se, "result": result, "line": total_line, "rate": rate}


# ---------------------------------------------------------------- project


PROJECT_COLUMNS = (1, 2, 3, 4, 5, 6)  # 一级, 二级, 三级, 描述, 指标值, 依据 (the columns findings name)


def project(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's target table with its findings (one block cached by the project's version and
    its document's stamp, ``fragments``); buttons, panels and lists per reader."""
    row = get_object_or_404(
        m.Project.objects.select_related("unit", "source_document").defer(*_large("source_document__")), pk=pk
    )
    _require_view(request, row)
    shown = fragments.cached(request, ("project", row.pk, *_project_stamp(row)), lambda: _project_body(request, row))
    selfevals = _related_selfevals(request, row)
    context = {
        "p": row,
        **shown,
        "selfevals": [{"se": se, "working": _score_working(request, se)} for se in selfevals],
        "can_edit": access.can_edit(request.user, row),
        "evaluations": access.visible(request.user, row.evaluations.order_by("position", "id")),
    }
    return render(request, "pages/project.html", context)


def _score_working(request: HttpRequest, se: m.SelfEvaluation) -> Any:
    """A form's score working (``score_working.html``), cached like its score (``analysis.score_selfeval``)."""
    key = ("score", se.pk, se.version, se.updated, se.final_accounts_id, se.scheme)
    template = "pages/partials/score_working.html"
    return fragments.block(request, template, key, lambda: {"result": analysis.score_selfeval(se)})


def _project_stamp(row: m.Project) -> tuple[Any, ...]:
    """What the project's findings and table are made of: the project (its version, bumped by
    every edit of it or its rows) and its document, or — entered in the browser — last year's
    final accounts it is checked against."""
    unit = (row.unit.pk, row.unit.code, row.unit.name) if row.unit else None  # shown in the table's heading
    if row.source_document_id:
        return (row.version, row.updated, unit, analysis.document_stamp(row.source_document))
    previous = entered.previous_accounts(row.unit, row.year)
    last_year = (previous.pk, analysis.document_stamp(previous)) if previous else None
    return (row.version, row.updated, unit, last_year)


def _project_body(request: HttpRequest, row: m.Project) -> dict[str, Any]:
    indicators = list(row.indicators.order_by("position", "id"))
    findings = _project_findings(row)
    names = {i.name for i in indicators}
    whole = [f for f in findings if f.subject == row.name and row.name not in names]
    pins = analysis.Pins([f for f in findings if f not in whole])
    end = _project_end_line(row)
    starts = [max(1, (analysis.src(i.source)[0] or 0) - 2) if analysis.src(i.source)[0] else None for i in indicators]
    spans = analysis.spans(starts, end)
    rows = [
        {"ind": ind, "pins": pins.take(a, b, PROJECT_COLUMNS)} for ind, (a, b) in zip(indicators, spans, strict=True)
    ]
    first = analysis.src(row.source)[0] or 0
    header_findings = findings_of_project(whole, first, end) + pins.rest(first, end)
    shown = findings_of_project(findings, first, end)
    if not row.source_document_id:  # entered in the browser: every finding is on this project
        header_findings, shown = findings, findings
    context = {"p": row, "rows": rows, "plan": list(row.plan_points.order_by("position", "id"))}
    return {
        "table": fragments.render(request, "pages/blocks/target_table.html", context),
        "header": fragments.render(
            request, "pages/blocks/findings_panel.html", {"findings": header_findings, "show_line": 1}
        ),
        "counts": analysis.severity_counts(shown),
    }


def findings_of_project(findings: list, first: int, last: int) -> list:
    return [f for f in findings if f.source.line is not None and first <= f.source.line <= last]


def _project_findings(row: m.Project) -> list:
    """The checks on the project's document as it is now (a project without a file: on itself,
    and against last year's actuals)."""
    if row.source_document_id:
        return analysis.document_findings(row.source_document)
    return entered.project_findings(row)


def _project_end_line(row: m.Project) -> int:
    first = analysis.src(row.source)[0]
    if first is None or not row.source_document_id:
        return 10**9
    later = [
        analysis.src(s)[0]
        for s in m.Project.objects.filter(source_document_id=row.source_document_id)
        .exclude(pk=row.pk)
        .values_list("source", flat=True)
    ]
    after = [line for line in later if line is not None and line > first]
    return min(after) - 1 if after else 10**9


def _related_selfevals(request: HttpRequest, row: m.Project) -> list[m.SelfEvaluation]:
    """Self-evaluations linked to the project, or of the same unit and name (spaces ignored)."""
    key = normalise_name(row.name)
    candidates = m.SelfEvaluation.objects.filter(unit=row.unit).defer(*LARGE_SELFEVAL_FIELDS)
    candidates = candidates.select_related("final_accounts").order_by("-year", "position", "id")
    found = [s for s in candidates if s.project_id == row.pk or normalise_name(s.project_name) == key]
    return [s for s in found if access.can_view(request.user, s)]


# ---------------------------------------------------------------- self-evaluation


def _selfeval_view(se: m.SelfEvaluation, findings: list | None = None) -> dict[str, Any]:
    """Rows of the form with their score working and pinned findings."""
    result = analysis.score_selfeval(se)
    results = list(se.indicator_results.order_by("position", "id"))
    lines = list(se.budget_lines.order_by("position", "id"))
    pins = analysis.Pins(findings or [])
    form_first = analysis.src(se.source)[0] or 0
    form_end = _selfeval_end_line(se)
    starts = [analysis.src(r.source)[0] for r in results]
    subtotal_line = analysis.src(se.figure_sources.get("subtotal_weight") or se.figure_sources.get("subtotal_score"))[0]
    total_line = analysis.src(se.figure_sources.get("total"))[0]
    spans = analysis.spans([*starts, subtotal_line, total_line], form_end)
    subtotal_span, total_span = spans[-2], spans[-1]
    spans = spans[:-2]
    scored_items = list(result.items[1:])
    rows = []
    for i, (r, (a, b)) in enumerate(zip(results, spans, strict=True)):
        cols = {name: analysis.src(r.figure_sources.get(name))[1] for name in ("weight", "score")}
        cols["name"] = analysis.src(r.source)[1]
        pinned = pins.take(a, b, [c for c in cols.values() if c])
        rows.append({"r": r, "item": scored_items[i] if i < len(scored_items) else None, "pins": pinned, "cols": cols})
    subtotal_pins = pins.take(*subtotal_span)
    total_pins = pins.take(total_span[0], min(total_span[1], total_span[0] + 1))
    return {
        "se": se,
        "result": result,
        "rows": rows,
        "subtotal_pins": subtotal_pins,
        "total_pins": total_pins,
        "lines": lines,
        "execution": result.items[0] if result.items else None,
        "other_findings": pins.rest(form_first, form_end) if findings else [],
    }


def _selfeval_end_line(se: m.SelfEvaluation) -> int:
    first = analysis.src(se.source)[0]
    if first is None:
        return 10**9
    others = m.SelfEvaluation.objects.filter(source_document_id=se.source_document_id).exclude(pk=se.pk)
    after = [analysis.src(s)[0] for s in others.values_list("source", flat=True)]
    after = [line for line in after if line is not None and line > first]
    evaluations = m.Evaluation.objects.filter(source_document_id=se.source_document_id)
    after += [
        line
        for line in (analysis.src(e.get("source"))[0] for e in evaluations.values_list("snapshot", flat=True))
        if line and line > first
    ]
    return min(after) - 1 if after else 10**9


def selfeval(request: HttpRequest, pk: int) -> HttpResponse:
    """A self-evaluation form with its score working and findings: one block cached by the form's
    version and its document's stamp (``fragments``); buttons and the audit trail per reader."""
    se = get_object_or_404(
        m.SelfEvaluation.objects.select_related("unit", "final_accounts", "project", "source_document").defer(
            *LARGE_SELFEVAL_FIELDS, *_large("source_document__")
        ),
        pk=pk,
    )
    _require_view(request, se)
    if se.department_wide and se.scheme:  # made in the app from 部门整体 targets: its own page
        return redirect("pages:department_selfeval", pk=se.pk)
    sd = se.source_document
    stamp = analysis.document_stamp(sd) if sd else None
    key = ("selfeval", se.pk, se.version, se.updated, se.final_accounts_id, se.scheme, stamp)
    body = fragments.block(request, "pages/blocks/selfeval.html", key, lambda: _selfeval_body(se))
    context = {"se": se, "body": body, "can_edit": access.can_edit(request.user, se)}
    return render(request, "pages/selfeval.html", context)


def _selfeval_body(se: m.SelfEvaluation) -> dict[str, Any]:
    # imported: the checks on its file as it is now; made in the browser: on the form itself
    if se.source_document_id:
        findings = analysis.document_findings(se.source_document)
    else:
        findings = entered.selfeval_findings(se)
    view = _selfeval_view(se, findings)
    if not se.source_document_id:  # no file lines to pin them to: all listed under 本表其他检查发现
        view["other_findings"] = findings
    return view


# ---------------------------------------------------------------- final accounts


def final_accounts(request: HttpRequest, pk: int) -> HttpResponse:
    """A department's final accounts: the tables, narrative and summary as one block cached by the
    stamps of its document and its forms (``fragments``); the lists of forms and reports per reader."""
    fa_row = get_object_or_404(
        m.FinalAccounts.objects.select_related("department", "source_document").defer(
            "snapshot", *_large("source_document__")
        ),
        pk=pk,
    )
    _require_view(request, fa_row)
    sd = fa_row.source_document
    stamp = analysis.document_stamp(sd) if sd else None
    key = ("final-accounts", fa_row.pk, analysis.final_accounts_stamp(fa_row), stamp)
    shown = fragments.cached(request, key, lambda: _final_accounts_body(request, fa_row))
    selfevals = access.visible(request.user, fa_row.self_evaluations.defer("snapshot").order_by("position", "id"))
    evaluations = access.visible(request.user, fa_row.evaluations.order_by("position", "id"))
    context = {
        "fa_row": fa_row,
        **shown,
        "selfevals": selfevals,
        "evaluations": evaluations,
        # the disclosure entry is offered only to who may open it (no link that answers 403)
        "may_disclose": fa_row.department is not None and disclosure_entry.may_enter(request.user, fa_row.department),
    }
    return render(request, "pages/final_accounts.html", context)


def _final_accounts_body(request: HttpRequest, fa_row: m.FinalAccounts) -> dict[str, Any]:
    fa = analysis.final_accounts_model(fa_row)
    findings = analysis.document_findings(fa_row.source_document) if fa_row.source_document_id else []
    pins = analysis.Pins(findings)
    context = {
        "tables": [table_view(t, pins) for t in fa.tables],
        "sections": section_views(fa.sections, pins),
        "summary": fa.self_evaluation_summary,
    }
    body = fragments.render(request, "pages/blocks/final_accounts.html", context)
    rest = fragments.render(request, "pages/blocks/findings_panel.html", {"findings": pins.rest(), "show_line": 1})
    return {"body": body, "title": fa.title, "rest": rest, "counts": analysis.severity_counts(findings)}


def section_views(sections: Any, pins: analysis.Pins) -> list[dict[str, Any]]:
    """Narrative sections with the findings on their lines (决算 and 预算 pages)."""
    out = []
    for s in sections:
        lines = [line for line in s.lines if line] or [s.source.line or 0]
        out.append({"s": s, "pins": pins.take(min(lines), max(lines)), "paragraphs": s.text.split("\n")})
    return out


def table_view(t: Table, pins: analysis.Pins) -> dict[str, Any]:
    """A disclosure table as sides (two-sided tables side by side) of rows with pinned cells."""
    side_names: list[str] = []
    for e in t.entries:
        if e.side not in side_names:
            side_names.append(e.side)
    sides = []
    for side in side_names:
        entries = [e for e in t.entries if e.side == side]
        columns: list[str] = []
        for e in entries:
            for a in e.amounts:
                if a.column not in columns:
                    columns.append(a.column)
        rows = []
        for e in entries:
            by_column = {a.column: a for a in e.amounts}
            line = e.source.line or 0
            pinned = pins.take(line, line, [a.source.column for a in e.amounts if a.source.column], others=False)
            cells = []
            for c in columns:
                a = by_column.get(c)
                col = a.source.column if a is not None else None
                cells.append(
                    {"a": a, "pins": pinned.cell(col) if col else [], "cls": pinned.cell_class(col) if col else ""}
                )
            rows.append({"e": e, "cells": cells, "pins": pinned})
        sides.append({"name": side, "columns": columns, "rows": rows, "has_code": any(e.code for e in entries)})
    return {"t": t, "sides": sides, "two_sided": len(sides) > 1}


# ---------------------------------------------------------------- evaluation


def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        m.Evaluation.objects.select_related("final_accounts", "project").defer("final_accounts__snapshot"), pk=pk
    )
    _require_view(request, row)
    ev = analysis.evaluation_model(row)
    result, measured, error = analysis.score_evaluation_row(row)
    items = {it.name: it for it in result.items} if result else {}
    table = []
    for item in ev.score_table:
        scored = items.get(item.name) or items.get(item.level3)
        table.append({"item": item, "scored": scored})
    context = {
        "row": row,
        "ev": ev,
        "result": result,
        "measured": measured,
        "error": error,
        "table": table,
        "unmatched": [i for i in (result.items if result else ()) if not any(t["scored"] is i for t in table)],
    }
    return render(request, "pages/evaluation.html", context)


# ---------------------------------------------------------------- documents and reports


def documents(request: HttpRequest) -> HttpResponse:
    docs = access.visible(
        request.user, m.SourceDocument.objects.select_related("department").order_by("-created", "id")
    )
    if request.user.is_authenticated:  # also the files of which the user reads some records (pages/reports.py)
        records = (m.Project.objects.all(), m.SelfEvaluation.objects.all(), m.Evaluation.objects.all())
        parts = set().union(*(access.visible_values(request.user, rows, "source_document_id") for rows in records))
        shown = {d.pk for d in docs}
        more = m.SourceDocument.objects.filter(pk__in=parts - shown - {None}).select_related("department")
        docs = sorted([*docs, *more], key=lambda d: (-d.created.timestamp(), d.pk))
    return render(request, "pages/documents.html", {"documents": docs, "can_upload": access.can_upload(request.user)})
