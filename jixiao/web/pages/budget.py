"""The budget page: a 部门预算 / 单位预算 as read — its tables (two-sided ones side by side, as on
the form), the narrative, and the findings pinned where they are, as on the final-accounts page;
the official layout of the package is a download (report kind ``budget``). The department's
years side by side are in :mod:`jixiao.web.pages.years`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from jixiao.web.pages import access, analysis
from jixiao.web.pages.views import LARGE_DOCUMENT_FIELDS, section_views, table_view
from jixiao.web.pages.years import budget_total
from jixiao.web.store import mapping
from jixiao.web.store import models as m


def budget(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        m.Budget.objects.select_related("department", "source_document").defer(
            *(f"source_document__{f}" for f in LARGE_DOCUMENT_FIELDS)
        ),
        pk=pk,
    )
    if not access.can_view(request.user, row):
        return render(request, "pages/message.html", {"title": "无权查看", "message": "您无权查看此预算。"}, status=403)
    b = mapping.budget_to_model(row)
    findings = analysis.document_findings(row.source_document) if row.source_document_id else []
    pins = analysis.Pins(findings)
    context = {
        "row": row,
        "b": b,
        "total": budget_total(b),
        "tables": [table_view(t, pins) for t in b.tables],  # type: ignore[arg-type]  (a BudgetTable draws as a Table)
        "sections": section_views(b.sections, pins),
        "rest": [*pins.rest(), *(f for f in findings if f.source.line is None)],  # and those of a page
        "counts": analysis.severity_counts(findings),
        "formats": ("pdf", "html", "xlsx", "docx"),
    }
    return render(request, "pages/budget.html", context)
