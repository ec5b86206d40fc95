"""The pages' result cache (``pages.analysis``): same answers as computing afresh, and never stale.

Checks and scores are cached by the document's id plus a stamp of its records (count, sum of
versions, latest update); every edit bumps a version, so an edit must show at once.
"""

from __future__ import annotations

import pytest

from jixiao.web.pages import analysis
from jixiao.web.store import models as m
from jixiao.web.workflow.audit import save_with_version

pytestmark = pytest.mark.django_db


def _codes(findings) -> list[tuple[str, int | None]]:
    return [(f.code, f.source.line) for f in findings]


def test_cached_findings_equal_a_fresh_run(imported):
    goals, accounts = imported
    for sd in (goals, accounts):
        analysis.clear_caches()
        fresh = analysis.document_findings(sd)
        again = analysis.document_findings(sd)  # from the cache
        assert _codes(again) == _codes(fresh)
        assert again is not fresh  # callers get their own list
        assert len(analysis.FINDINGS_CACHE.items) == 1
    assert any(f.code for f in analysis.document_findings(accounts))


def test_an_edit_changes_the_stamp_and_the_findings(imported):
    goals, _ = imported
    analysis.clear_caches()
    before = analysis.document_findings(goals)
    stamp = analysis.document_stamp(goals)
    project = m.Project.objects.filter(source_document=goals, name="法律培训费").order_by("id").get()
    indicator = project.indicators.order_by("position", "id").first()
    save_with_version(project, project.version)  # claim the record, as every edit does
    indicator.target_raw, indicator.target = "≥abc", None
    indicator.save()
    assert analysis.document_stamp(goals) != stamp
    after = analysis.document_findings(goals)
    new = [f for f in after if "≥abc" in f.message]
    assert new and not [f for f in before if "≥abc" in f.message]
    assert len(analysis.FINDINGS_CACHE.items) == 2


def test_score_cache_follows_the_version(imported):
    se = m.SelfEvaluation.objects.filter(project_name="法律培训费").order_by("id").first()
    analysis.clear_caches()
    first = analysis.score_selfeval(se)
    assert analysis.score_selfeval(se) is first  # cached
    assert first.computed_total == analysis._score_selfeval(se).computed_total
    save_with_version(se, se.version, phone="0532-00000000")
    se.refresh_from_db()
    assert analysis.score_selfeval(se) is not first  # a new version is scored again
