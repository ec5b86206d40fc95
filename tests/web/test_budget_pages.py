"""Budgets in the web application: stored like final accounts (a row with the snapshot), the
budget page (tables as read, findings pinned), the package download, and the department's years
side by side (budget → targets → monitoring → self-evaluation → final accounts).

Runs on SQLite and on PostgreSQL (docs/web.md). The budget is the Putuo 司法局 2026 PDF of the
corpus; for the side-by-side test it is stored under the seed's department and year, so that
one department has every stage in one year.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse
from django.utils.html import escape

from jixiao.ingest import read_file
from jixiao.model.goals import Department
from jixiao.web.pages import analysis
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from tests.conftest import shared_path

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def budget_doc():
    return read_file(shared_path("corpus/pdf/putuo-justice-2026-budget.pdf"))


@pytest.fixture
def stored(db, budget_doc):
    return mapping.import_document(budget_doc, None)


def _text(response) -> str:
    return response.getvalue().decode("utf-8")  # also a report sent as a file (streamed)


def test_a_budget_is_stored_as_one_row_and_reads_back(stored, budget_doc):
    row = stored.budgets.get()
    assert (row.year, row.edition, row.title) == (budget_doc.budget.year, "department", budget_doc.budget.title)
    assert row.department.name == budget_doc.budget.department.name
    assert mapping.budget_to_model(row) == budget_doc.budget


def test_budget_page_shows_every_table_and_pins_the_findings(stored, budget_doc, admin_client):
    row = stored.budgets.get()
    response = admin_client.get(reverse("pages:budget", args=[row.pk]))
    assert response.status_code == 200
    html = _text(response)
    for t in budget_doc.budget.tables:
        assert t.title in html
        for e in t.rows:
            for a in e.amounts:
                assert a.raw in html, (t.title, e.name, a.raw)
    findings = analysis.document_findings(stored)
    assert findings
    for f in findings:  # every finding is shown: pinned to its row or section, or listed after them
        assert escape(f.message) in html, f.message
    tables_part = html[html.index("<h2>预算表</h2>") : html.index('id="narrative"')]
    in_tables = [f for f in findings if f.source.table]
    assert all(escape(f.message) in tables_part for f in in_tables)  # pinned in the tables, not after them
    for fmt in ("pdf", "xlsx"):
        assert reverse("pages:report", args=[stored.pk, "budget", fmt]) in html


def test_budget_is_not_shown_to_anyone(stored, client):
    row = stored.budgets.get()
    assert client.get(reverse("pages:budget", args=[row.pk])).status_code in (302, 403)


def test_document_page_links_the_budget_and_the_package_downloads(stored, admin_client):
    row = stored.budgets.get()
    html = _text(admin_client.get(reverse("pages:document", args=[stored.pk])))
    assert reverse("pages:budget", args=[row.pk]) in html
    response = admin_client.get(reverse("pages:report", args=[stored.pk, "budget", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("-budget.xlsx")


def test_department_page_shows_the_year_side_by_side(imported, budget_doc, admin_client):
    fa = m.FinalAccounts.objects.get()
    dept, year = fa.department, fa.year
    budget = dataclasses.replace(budget_doc.budget, department=Department(dept.name), year=year)
    sd = mapping.import_document(dataclasses.replace(budget_doc, budget=budget), None)
    row = sd.budgets.get()
    assert row.department == dept
    html = _text(admin_client.get(reverse("pages:dashboard", args=[dept.pk])))
    start = html.index(f'id="year-{year}"')
    year_row = html[start : html.index("</tr>", start)]
    stages = [
        reverse("pages:budget", args=[row.pk]),
        *(
            reverse("pages:project", args=[p.pk])
            for p in m.Project.objects.filter(year=year).order_by("number", "id")[:1]
        ),
        *(
            reverse("pages:selfeval", args=[s.pk])
            for s in m.SelfEvaluation.objects.filter(year=year).order_by("position", "id")[:1]
        ),
        reverse("pages:final_accounts", args=[fa.pk]),
    ]
    positions = [year_row.index(url) for url in stages]
    assert positions == sorted(positions)  # budget → targets → self-evaluation → final accounts, left to right
    from jixiao.web.pages.years import budget_total

    total = budget_total(budget)
    assert total is not None and f"{total:,.2f}" in year_row
