"""An uploaded 部门整体支出绩效目标表 is stored as the department's targets for its year (funds with their
其中 lines and printed total, tasks, 分值 / 指标性质 / 计量单位), and its document page offers the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jixiao.ingest import read_file
from jixiao.report.registry import render
from jixiao.web.store import models as m
from jixiao.web.store.department import targets_to_model
from jixiao.web.store.mapping import import_document
from tests.test_department_goal_table import seed_targets, shown_values, targets_document

pytestmark = pytest.mark.django_db


def test_upload_is_stored_and_offers_the_form(imported, admin_client, tmp_path):
    targets = seed_targets(weighted=True)
    out = render("department-goal-table", "xlsx", [targets_document(targets)], tmp_path / "dept.xlsx")
    doc = read_file(out)
    assert doc.kind == "department_targets"
    sd = import_document(doc, out.read_bytes())
    row = m.DepartmentTargets.objects.get(department__name="青岛市司法局", year=2023)
    assert row.source_document_id == sd.pk and row.status == m.Status.DRAFT
    stored = targets_to_model(row)
    expected = shown_values(targets)
    got = shown_values(stored)
    assert {k: got[k] for k in expected if k != "title"} == {k: expected[k] for k in expected if k != "title"}
    assert stored.total_funds == targets.total_funds  # the 其中 line is not added twice

    again = import_document(read_file(out), out.read_bytes())  # the year's targets exist: kept, not replaced
    assert m.DepartmentTargets.objects.filter(department__name="青岛市司法局", year=2023).count() == 1
    assert again.department_targets.count() == 0

    response = admin_client.get(reverse("pages:report", args=[sd.pk, "department-goal-table", "html"]))
    assert response.status_code == 200 and "部门整体支出绩效目标表" in response.getvalue().decode("utf-8")
    page = admin_client.get(reverse("pages:document", args=[sd.pk])).content.decode("utf-8")
    assert "department-goal-table" in page
