"""The results the department dashboard shows, kept on the records (issue 20, item 6;
jixiao/web/pages/stored.py): a form's computed score and grade, a document's findings counted by
severity and code. They must equal what the core computes on the records as stored — for the
seeds and after an edit — and the dashboard must show what it showed when it computed them itself.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from jixiao.model.grades import GRADES
from jixiao.web.pages import analysis, stored
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(imported):
    from jixiao.web.store.demo import create_accounts

    create_accounts()
    analysis.clear_caches()
    return m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")


def _bureau() -> Client:
    from jixiao.web.store.demo import ACCOUNTS

    account = next(a for a in ACCOUNTS if a.username == "bureau")
    client = Client()
    assert client.login(username=account.username, password=account.password)
    return client


def _computed(dept: m.Organisation) -> dict[str, object]:
    """What the dashboard showed when it computed everything on the request (the code before the
    stored results): the core's grades of every form, every document's findings."""
    analysis.clear_caches()
    forms = m.SelfEvaluation.objects.filter(unit__parent=dept)
    grades = Counter(analysis.score_selfeval(se).grade for se in forms)
    documents = m.SourceDocument.objects.filter(department=dept).order_by("-year", "id")
    findings = [f for sd in documents for f in analysis.document_findings(sd)]
    by_code = Counter((str(f.severity), f.code) for f in findings)
    return {
        "grades": [(g, grades.get(g, 0)) for g in GRADES],
        "severities": analysis.severity_counts(findings),
        "top_codes": [(sev, code, n) for (sev, code), n in by_code.most_common(12)],
    }


def _shown(client: Client, dept: m.Organisation) -> dict[str, object]:
    response = client.get(reverse("pages:dashboard", args=[dept.pk]))
    assert response.status_code == 200
    return {k: response.context[k] for k in ("grades", "severities", "top_codes")}


def _assert_stored_equal_core(dept: m.Organisation) -> None:
    analysis.clear_caches()
    forms = list(m.SelfEvaluation.objects.filter(unit__parent=dept).select_related("final_accounts"))
    assert forms
    for se in forms:
        result = analysis.score_selfeval(se)
        assert se.computed_stamp == stored.selfeval_stamp(se.version, se.final_accounts_id, se.scheme)
        assert se.computed_total == result.computed_total.quantize(Decimal("1E-10"))
        assert se.computed_grade == (result.grade or "")
        assert se.computed_published_grade == (result.published_grade or "")
        expected_published = None if result.published_total is None else result.published_total.quantize(Decimal("1E-10"))
        assert se.computed_published_total == expected_published
    for sd in m.SourceDocument.objects.filter(department=dept):
        counts = Counter((str(f.severity), f.code) for f in analysis.document_findings(sd))
        assert {(sev, code): n for sev, code, n in sd.findings_summary} == counts
        assert sd.findings_stamp == stored.document_stamp_digest(analysis.document_stamp(sd))


def test_the_dashboard_shows_what_it_computed_before_and_stores_it(dept):
    expected = _computed(dept)
    assert sum(n for _, n in expected["grades"]) == m.SelfEvaluation.objects.filter(unit__parent=dept).count() > 0
    assert sum(expected["severities"].values()) > 0
    analysis.clear_caches()
    assert _shown(_bureau(), dept) == expected
    _assert_stored_equal_core(dept)


def test_a_cold_dashboard_reads_the_stored_results_and_computes_nothing(dept, monkeypatch):
    client = _bureau()
    expected = _shown(client, dept)  # stores them
    analysis.clear_caches()

    def refuse(*args: object) -> None:
        raise AssertionError("recomputed although stored")

    monkeypatch.setattr(analysis, "_score_selfeval", refuse)
    monkeypatch.setattr(analysis, "_document_findings", refuse)
    assert _shown(client, dept) == expected


def test_an_edit_updates_the_stored_results(dept):
    client = _bureau()
    _shown(client, dept)  # stores the results
    form = (
        m.SelfEvaluation.objects.filter(unit__parent=dept, budget_lines__executed_value__gt=0)
        .order_by("id")
        .first()
    )
    assert form is not None
    old_total = form.computed_total
    # halve what was spent on every line, as an edit does (the version moves)
    for line in form.budget_lines.exclude(executed_value=None):
        line.executed_value = line.executed_value / 2
        line.executed_raw = str(line.executed_value)
        line.save()
    m.SelfEvaluation.objects.filter(pk=form.pk).update(version=F("version") + 1)
    after = _shown(client, dept)
    form.refresh_from_db()
    assert form.computed_total != old_total  # the execution rate's score fell
    _assert_stored_equal_core(dept)
    assert after == _computed(dept)


def test_a_new_code_digest_makes_every_stored_result_stale(dept, monkeypatch):
    client = _bureau()
    expected = _shown(client, dept)
    monkeypatch.setattr(stored, "code_digest", lambda: "another")
    stale = m.SelfEvaluation.objects.filter(unit__parent=dept)
    assert stored.refresh_scores(stale) == stale.count()
    assert stored.refresh_scores(stale) == 0
    assert _shown(client, dept) == expected


def test_an_import_stores_the_results_of_its_document(db):
    from django.contrib.auth import get_user_model

    from jixiao.web.pages.models import ImportJob
    from jixiao.web.pages.tasks import run_import
    from jixiao.web.store.demo import create_accounts
    from tests.conftest import ACCOUNTS

    create_accounts()
    raw = ACCOUNTS.read_bytes()
    user = get_user_model().objects.get(username="bureau")
    job = ImportJob.objects.create(file_name=ACCOUNTS.name, raw=raw, size=len(raw), user=user)
    pk = run_import(job.pk)
    assert pk is not None
    sd = m.SourceDocument.objects.get(pk=pk)
    forms = list(sd.self_evaluations.all())
    assert forms and all(
        se.computed_stamp == stored.selfeval_stamp(se.version, se.final_accounts_id, se.scheme) for se in forms
    )
    assert sd.findings_stamp == stored.document_stamp_digest(analysis.document_stamp(sd))
    _assert_stored_equal_core(sd.department)
    found = sum(n for _, _, n in sd.findings_summary)
    assert found > 0 and f"检查发现 {found} 条" in ImportJob.objects.get(pk=job.pk).message
