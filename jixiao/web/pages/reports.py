"""A document's page and its reports: who reads how much of it, and which reports it can give.

- Whole or in part: a user who may read the document (``access.can_view``) gets all of it. A
  signed-in user who may not, but may read some of its records (a unit clerk whose unit is one of
  several in a department's file, an evaluator of one project), gets the document cut down to
  those records (:func:`readable_document`): the page lists them, the checks run on them alone
  and every report is built from them — so a clerk opens and downloads their own drafts in
  every format and sees nothing of another unit.
- Which reports: a report kind applies to a document when the core can build its view-model
  from it (``ReportKind.build`` succeeds, which is cheap; rendering is not). Only those are
  offered (:func:`applicable_reports`); a link to another answers with the Chinese reason.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from jixiao.checks import run_checks
from jixiao.model import codec
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document, FinalAccounts
from jixiao.web.pages import access, analysis, fragments, report_files
from jixiao.web.store import mapping
from jixiao.web.store import models as m

REPORT_FORMATS = {"html": "网页", "xlsx": "Excel", "docx": "Word", "pdf": "PDF"}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclasses.dataclass
class Reading:
    """What ``user`` reads of a stored document: ``whole`` or only the listed records."""

    sd: m.SourceDocument
    whole: bool
    projects: list[m.Project]
    selfevals: list[m.SelfEvaluation]
    evaluations: list[m.Evaluation]
    accounts: list[m.FinalAccounts]

    def document(self) -> Document:
        if self.whole:
            return mapping.document_from_store(self.sd)
        return readable_document(self.sd, self.projects, self.selfevals, self.evaluations)

    def findings(self) -> list:
        if self.whole:
            return analysis.document_findings(self.sd)
        key = ("part", self.sd.pk, analysis.document_stamp(self.sd), *self.ids())
        return list(analysis.FINDINGS_CACHE.get(key, lambda: tuple(run_checks([self.document()]).findings)))

    def ids(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(r.pk for r in rows) for rows in (self.projects, self.selfevals, self.evaluations))


def reading(request: HttpRequest, sd: m.SourceDocument) -> Reading:
    """The user's reading of ``sd``; PermissionDenied when they may read none of it."""
    user = request.user
    whole = access.can_view(user, sd)
    reading = Reading(
        sd,
        whole,
        access.visible(user, sd.projects.select_related("unit").order_by("position", "id")),
        # the large JSON columns are loaded only when a document must be rebuilt (not cached)
        access.visible(user, sd.self_evaluations.defer("snapshot").order_by("position", "id")),
        access.visible(user, sd.evaluations.defer("snapshot").order_by("position", "id")),
        access.visible(user, sd.final_accounts.defer("snapshot").order_by("id")),
    )
    if not whole and not (user.is_authenticated and (reading.projects or reading.selfevals or reading.evaluations)):
        raise PermissionDenied("您没有查看此记录的权限。")
    return reading


def part_reading(sd: m.SourceDocument, whole: bool, ids: tuple[tuple[int, ...], ...]) -> Reading:
    """The reading of ``sd`` that holds the records ``ids`` (``Reading.ids()``; for a rebuild)."""
    projects, selfevals, evaluations = (set(i) for i in ids)
    return Reading(
        sd,
        whole,
        list(sd.projects.filter(pk__in=projects).select_related("unit").order_by("position", "id")),
        list(sd.self_evaluations.filter(pk__in=selfevals).order_by("position", "id")),
        list(sd.evaluations.filter(pk__in=evaluations).order_by("position", "id")),
        list(sd.final_accounts.order_by("id")) if whole else [],
    )


def readable_document(
    sd: m.SourceDocument,
    projects: list[m.Project],
    selfevals: list[m.SelfEvaluation],
    evaluations: list[m.Evaluation],
) -> Document:
    """The stored document holding only the given records: no department-wide tables, narrative
    or reading findings (they may concern other units)."""
    doc: Document = codec.decode(sd.snapshot, Document)
    goals = doc.goals
    if goals is not None:
        goals = dataclasses.replace(goals, projects=tuple(mapping.project_to_model(p) for p in projects))
    accounts = doc.accounts
    if accounts is not None:
        if selfevals or evaluations:
            base: FinalAccounts = accounts
            accounts = dataclasses.replace(
                base,
                tables=(),
                sections=(),
                facts=(),
                self_evaluation_summary=None,
                self_evaluations=tuple(mapping.selfeval_to_model(s) for s in selfevals),
                evaluations=tuple(mapping.evaluation_to_model(e) for e in evaluations),
            )
        else:
            accounts = None
    return dataclasses.replace(
        doc, goals=goals, accounts=accounts, unplaced=(), findings=(), forms=None, budget=None, statement=None,
        department_targets=None, parts=tuple(p for p in doc.parts if not isinstance(p.body, DepartmentTargets)),
    )


def applicable_reports(reading: Reading) -> list[tuple[str, str, list[str]]]:
    """(name, Chinese title, formats) of the report kinds the core can build from the reading."""
    key = ("reports", reading.sd.pk, analysis.document_stamp(reading.sd), reading.whole, *reading.ids())
    names = analysis.FINDINGS_CACHE.get(key, lambda: _buildable(reading.document()))
    kinds = _kinds()
    return [(n, kinds[n].title, [f for f in REPORT_FORMATS if f in kinds[n].renderers]) for n in names]


def _kinds() -> dict[str, Any]:
    from jixiao.report.registry import REPORTS, load_builtin_reports

    load_builtin_reports()
    return REPORTS


def _buildable(doc: Document) -> tuple[str, ...]:
    out = []
    for name, kind in _kinds().items():
        try:
            kind.build([doc])
        except Exception:  # the report needs what this document does not hold
            continue
        out.append(name)
    return tuple(out)


def document(request: HttpRequest, pk: int) -> HttpResponse:
    """What was read from a file and what was found (all of it, or the records the user may read)."""
    sd = get_object_or_404(
        m.SourceDocument.objects.select_related("department", "uploaded_by").defer("raw", "snapshot"), pk=pk
    )
    found = reading(request, sd)
    key = ("document", sd.pk, analysis.document_stamp(sd), found.whole, *found.ids())
    shown = fragments.cached(request, key, lambda: _document_body(request, found))
    context = {
        "sd": sd,
        "whole": found.whole,
        "projects": found.projects,
        "selfevals": found.selfevals,
        "accounts": found.accounts,
        "budgets": access.visible(request.user, sd.budgets.order_by("id")),
        "evaluations": found.evaluations,
        **shown,
        "formats": REPORT_FORMATS,
    }
    return render(request, "pages/document.html", context)


def _document_body(request: HttpRequest, found: Reading) -> dict[str, Any]:
    """The findings block of a document's page and the figures beside it (cached per reading and
    stamp by :func:`document`; nothing per user but what ``found`` holds)."""
    findings = found.findings()
    codes = Counter((str(f.severity), f.code) for f in findings)
    unplaced = ((found.sd.snapshot or {}).get("unplaced") or []) if found.whole else []
    context = {
        "findings": findings[:300],
        "finding_total": len(findings),
        "codes": [
            (s, c, n) for (s, c), n in sorted(codes.items(), key=lambda x: (analysis.SEVERITY_ORDER[x[0][0]], -x[1]))
        ],
        "unplaced": unplaced[:100],
    }
    return {
        "body": fragments.render(request, "pages/blocks/document_findings.html", context),
        "finding_total": len(findings),
        "counts": analysis.severity_counts(findings),
        "unplaced_total": len(unplaced),
        "reports": applicable_reports(found),
    }


def report_download(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """Report ``kind`` of the document (as the user reads it) sent as an attachment: the file
    built for the records as they are now (``report_files``: built once, then a file send)."""
    sd = get_object_or_404(m.SourceDocument.objects.defer("raw", "snapshot"), pk=pk)
    found = reading(request, sd)
    kinds = _kinds()
    if kind not in kinds or fmt not in kinds[kind].renderers:
        raise Http404("没有这种报告或格式。")
    try:
        file = report_files.open_report(found, kind, fmt)
    except Exception as e:  # a report that cannot be built from this document: say so in Chinese
        return render(
            request,
            "pages/message.html",
            {"title": "无法生成报告", "message": f"报告“{kinds[kind].title}”无法由此文件生成：{e}"},
            status=422,
        )
    filename = f"{Path(sd.file_name).stem}-{kind}.{fmt}"
    response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
