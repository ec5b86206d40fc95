"""The pages: every page renders real seed values; entry, live checks, saving and upload work.

Runs on SQLite and on PostgreSQL (docs/web.md). Each test imports the seeds afresh (``imported``).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jixiao.web.store import models as m
from tests.conftest import DATA, GOALS

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _project(name: str) -> m.Project:
    return m.Project.objects.filter(name=name).order_by("id").first()


def _selfeval(name: str) -> m.SelfEvaluation:
    return m.SelfEvaluation.objects.filter(project_name=name).order_by("id").first()


def _text(response) -> str:
    return response.getvalue().decode("utf-8")  # also a report sent as a file (streamed)


@pytest.fixture
def clerk(imported, django_user_model):
    """A unit clerk of 124001 青岛市司法局本级, logged in."""
    user = django_user_model.objects.create_user("clerk-test", password="pw-clerk-test-2026")
    m.Profile.objects.create(user=user, role=m.Role.UNIT_CLERK, organisation=m.Organisation.objects.get(code="124001"))
    return user


def test_home_shows_the_organisation_tree(imported, admin_client):
    html = _text(admin_client.get(reverse("pages:home")))
    assert "青岛市财政局" in html
    assert "青岛市司法局" in html
    assert "124001 青岛市司法局本级" in html
    assert "124005 青岛市法律援助中心" in html


def test_department_dashboard(imported, admin_client):
    dept = m.Organisation.objects.get(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市司法局")
    response = admin_client.get(reverse("pages:dashboard", args=[dept.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert "法治专项业务费" in html and "208.40" in html
    assert "99.75614267" in html  # the published 总分 of 法律援助及 12348 业务费
    assert "69.59" in html  # the computed score of 法治专项业务费 (its form prints 99.5896603)
    assert "<svg" in html  # the matplotlib chart, inline


def test_project_page_official_layout_and_pinned_findings(imported, admin_client):
    p = _project("法治专项业务费")
    html = _text(admin_client.get(reverse("pages:project", args=[p.pk])))
    for value in (
        "37020023P880028109110",
        "208.40",
        "资金支出计划（%）",
        "150.00",
        "108.40",
        "≤228.4万元",
        "依据政策要求",
    ):
        assert value in html
    legal_aid = _project("法律援助及12348业务费")
    html = _text(admin_client.get(reverse("pages:project", args=[legal_aid.pk])))
    # "≥70000热线全年接话量达到70000人次" (line 852) mixes prose into the value: the 指标值 cell is marked
    cell = re.search(r'<td class="pin pin-warning">≥70000热线全年接话量达到70000人次</td>', html)
    assert cell is not None
    assert "在数值后混入说明文字" in html


def test_project_page_shows_self_evaluation_working(imported, admin_client):
    p = _project("法律援助及12348业务费")
    html = _text(admin_client.get(reverse("pages:project", args=[p.pk])))
    assert "99.75614267" in html  # the form's published total, beside the computed one
    assert "99.76" in html


def test_selfeval_page(imported, admin_client):
    se = _selfeval("法治专项业务费")
    html = _text(admin_client.get(reverse("pages:selfeval", args=[se.pk])))
    assert "99.5896603" in html  # published
    assert "69.59" in html  # computed
    assert "differ" in html


def test_final_accounts_page(imported, admin_client):
    fa = m.FinalAccounts.objects.order_by("id").first()
    html = _text(admin_client.get(reverse("pages:final_accounts", args=[fa.pk])))
    assert "公开01表" in html and "96,719.61" in html
    assert html.count('class="side-by-side"') >= 2  # 01 and 04 (two-sided) side by side
    assert "pin pin-info" in html  # rounding gaps marked grey on their cell
    assert "部门职责" in html  # the narrative
    assert "99.756" in html  # the summary table's score as printed


def test_evaluation_page_uses_measurements_stored_with_the_evaluation(imported, admin_client):
    from jixiao.web.store.demo import attach_measurements

    ev = m.Evaluation.objects.filter(kind="finance").order_by("id").first()
    assert ev.measurements == ""
    before = _text(admin_client.get(reverse("pages:evaluation", args=[ev.pk])))
    assert "测量值文件" not in before  # no measurements yet: scored from the report's own rows
    lines = attach_measurements(DATA)  # tests/data/legal-aid-2022-measurements.yaml names this evaluation
    ev.refresh_from_db()
    assert lines == [f"已保存测量值：legal-aid-2022-measurements.yaml → {ev.title}"]
    assert ev.measurements == (DATA / "legal-aid-2022-measurements.yaml").read_text(encoding="utf-8")
    html = _text(admin_client.get(reverse("pages:evaluation", args=[ev.pk])))
    assert "92.13" in html
    assert "测量值文件" in html
    assert "立项依据充分性" in html
    dept = m.Evaluation.objects.filter(kind="department").order_by("id").first()
    assert "98.75" in _text(admin_client.get(reverse("pages:evaluation", args=[dept.pk])))


def test_document_page_and_report_download(imported, admin_client):
    goals, _accounts = imported
    html = _text(admin_client.get(reverse("pages:document", args=[goals.pk])))
    assert "法治专项业务费" in html and "检查发现" in html
    response = admin_client.get(reverse("pages:report", args=[goals.pk, "goal-book", "html"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "法治专项业务费" in _text(response)


def test_draft_project_is_hidden_from_the_public(imported, client):
    p = _project("法治专项业务费")
    r = client.get(reverse("pages:project", args=[p.pk]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("pages:login"))  # asked to log in, then back
    assert f"next=/projects/{p.pk}/" in r["Location"] or "next=" in r["Location"]


def test_error_pages_are_chinese_in_the_layout_with_a_way_back(imported, client, django_user_model):
    from jixiao.web.pages.models import ImportJob

    other = django_user_model.objects.create_user("someone", password="pw-someone-2026")
    job = ImportJob.objects.create(file_name="a.txt", raw=b"x", size=1, user=other)
    viewer = django_user_model.objects.create_user("viewer", password="pw-viewer-2026")
    client.force_login(viewer)
    r = client.get(reverse("pages:job", args=[job.pk]))
    html = _text(r)
    assert r.status_code == 403 and "这不是您的导入任务。" in html and "回到首页" in html and "返回" in html
    assert '<a class="brand"' in html  # inside the site's layout, with its navigation
    r = client.get("/no/such/page/")
    assert r.status_code == 404 and "页面不存在" in _text(r) and "Not Found" not in _text(r)


def test_csrf_failure_and_expired_session_under_htmx(imported, django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("csrf-user", password="pw-csrf-2026")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    r = strict.post(reverse("pages:upload"), {})
    assert r.status_code == 403 and "请刷新页面后重新提交" in _text(r) and "verification failed" not in _text(r)
    r = strict.post(reverse("pages:upload"), {}, headers={"HX-Request": "true"})
    assert r.status_code == 403 and r["HX-Refresh"] == "true"
    anonymous = Client()
    r = anonymous.get(reverse("pages:upload"), headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/upload/"})
    assert r.status_code == 204 and r["HX-Redirect"].startswith(reverse("pages:login")) and "next=/upload/" in r["HX-Redirect"]


def test_grammar_endpoint(clerk, client):
    client.force_login(clerk)
    bad = _text(client.post(reverse("pages:check_target"), {"target": "≥abc"}))
    assert "指标值“≥abc”无法解析为比较符、数值和单位" in bad
    good = _text(client.post(reverse("pages:check_target"), {"target": "≥3次"}))
    assert "已识别：≥ 3 次" in good
    as_typed = _text(client.post(reverse("pages:check_target"), {"ind_target": "≥abc"}))  # the form's field name
    assert "无法解析" in as_typed


def _edit_post(p: m.Project, version: int, **changes) -> dict:
    data = {
        "version": str(version),
        "name": p.name,
        "code": p.code or "",
        "budget": "210.50",
        "fiscal_funds": "208.40",
        "other_funds": "2.10",
        "purpose": p.purpose or "",
        "goal": p.goal or "",
        "plan-0": "",
        "plan-1": "40.00",
        "plan-2": "150.00",
        "plan-3": "108.40",
    }
    rows = list(p.indicators.order_by("position", "id"))
    for name in ("level1", "level2", "name", "description", "target", "basis"):
        field = {"target": "target_raw"}.get(name, name)
        data["ind_" + name] = [getattr(r, field) or "" for r in rows]
    data.update(changes)
    return data


def test_edit_saves_with_version_and_refuses_a_stale_one(clerk, client):
    client.force_login(clerk)
    p = _project("法治专项业务费")
    url = reverse("pages:project_edit", args=[p.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_post(p, p.version))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.budget == Decimal("210.50") and p.other_funds == Decimal("2.10")
    assert p.name == "法治专项业务费" and p.indicators.count() == 8
    assert p.version == 2
    entry = m.AuditEntry.objects.filter(object_type="store.project", object_id=str(p.pk)).order_by("-id").first()
    assert entry is not None and entry.changes["budget"] == ["208.4", "210.5"]
    stale = client.post(url, _edit_post(p, 1, budget="300"))
    assert stale.status_code == 400
    assert "保存失败" in _text(stale)
    p.refresh_from_db()
    assert p.budget == Decimal("210.50") and p.version == 2


def test_edit_refuses_a_bad_target(clerk, client):
    client.force_login(clerk)
    p = _project("法治专项业务费")
    data = _edit_post(p, p.version)
    data["ind_target"] = ["≥abc", *data["ind_target"][1:]]
    response = client.post(reverse("pages:project_edit", args=[p.pk]), data)
    assert response.status_code == 400
    assert "指标值“≥abc”无法解析" in _text(response)
    assert _project("法治专项业务费").indicators.order_by("position").first().target_raw == "≤228.4万元"


def test_live_score_recomputes_for_a_changed_actual(imported, admin_client):
    se = _selfeval("法律培训费")
    url = reverse("pages:selfeval_score", args=[se.pk])
    first = list(se.indicator_results.order_by("position", "id"))
    assert first[0].name == "组织培训次数" and first[0].actual_raw == "4"
    unchanged = _text(admin_client.post(url, {"actual-0": "4"}))
    assert '<b class="computed-total">90.00</b>' in unchanged
    changed = _text(admin_client.post(url, {"actual-0": "1"}))  # 1 of ≥3 次: 10 × 1/3
    assert '<b class="computed-total">83.33</b>' in changed  # scores at the form's two places


@override_settings(TASKS=IMMEDIATE)
def test_upload_runs_the_import_job(imported, client, django_user_model):
    """The finance bureau uploads the department's target tables (a unit clerk may upload only
    their own unit's, tests/web/test_uploads_owned.py); the stored copy is removed first, else
    the upload is offered as a new version."""
    bureau = django_user_model.objects.create_user("bureau-test", password="pw-bureau-test-2026")
    m.Profile.objects.create(user=bureau, role=m.Role.FINANCE_BUREAU)
    client.force_login(bureau)
    m.SourceDocument.objects.filter(kind="goal_tables").delete()
    before = m.Project.objects.count()
    upload = SimpleUploadedFile("000.txt", GOALS.read_bytes(), content_type="text/plain")
    response = client.post(reverse("pages:upload"), {"file": upload})
    assert response.status_code == 302
    html = _text(client.get(response["Location"]))
    assert "已完成" in html
    assert "共 10 个项目绩效目标表" in html
    assert m.Project.objects.count() == before + 10


def test_upload_refuses_other_types(clerk, client):
    client.force_login(clerk)
    upload = SimpleUploadedFile("run.sh", b"#!/bin/sh\necho hi\n", content_type="text/x-sh")
    response = client.post(reverse("pages:upload"), {"file": upload})
    assert response.status_code == 400
    assert "不支持的文件类型" in _text(response)


def test_edit_adds_and_removes_indicator_rows(clerk, client):
    client.force_login(clerk)
    p = _project("法治专项业务费")
    url = reverse("pages:project_edit", args=[p.pk])
    data = _edit_post(p, p.version)
    for name, value in zip(
        ("level1", "level2", "name", "description", "target", "basis"),
        ("产出指标", "数量指标", "培训次数", "组织培训次数", "≥3次", "依据历史标准"),
        strict=True,
    ):
        data["ind_" + name] = [*data["ind_" + name], value]
    assert client.post(url, data).status_code == 302
    added = list(p.indicators.order_by("position", "id"))
    assert len(added) == 9 and added[-1].name == "培训次数" and added[-1].target["number"] == "3"
    p.refresh_from_db()
    fewer = _edit_post(p, p.version)
    for key in [k for k in fewer if k.startswith("ind_")]:
        fewer[key] = fewer[key][1:]  # the first row (预算控制数) removed
    assert client.post(url, fewer).status_code == 302
    left = [i.name for i in p.indicators.order_by("position", "id")]
    assert len(left) == 8 and "法治专项业务费预算控制数" not in left


def test_new_project_for_the_clerks_unit(clerk, client):
    client.force_login(clerk)
    unit = m.Organisation.objects.get(code="124001")
    url = reverse("pages:project_new", args=[unit.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "普法宣传费",
        "year": "2024",
        "budget": "12.5",
        "fiscal_funds": "12.5",
        "ind_level1": ["产出指标"],
        "ind_level2": ["数量指标"],
        "ind_name": ["宣传活动次数"],
        "ind_description": ["全年宣传活动"],
        "ind_target": ["≥12次"],
        "ind_basis": ["依据工作计划"],
    }
    assert client.post(url, data).status_code == 302
    p = m.Project.objects.get(name="普法宣传费")
    assert p.unit == unit and p.year == 2024 and p.budget == Decimal("12.5") and p.status == m.Status.DRAFT
    assert m.AuditEntry.objects.filter(object_type="store.project", object_id=str(p.pk), action="create").exists()
    html = _text(client.get(reverse("pages:project", args=[p.pk])))
    assert "宣传活动次数" in html and "≥12次" in html


def test_selfeval_entry_saves_and_is_audited(clerk, client):
    client.force_login(clerk)
    se = _selfeval("法律培训费")
    url = reverse("pages:selfeval_edit", args=[se.pk])
    assert "组织培训次数" in _text(client.get(url))
    response = client.post(url, {"version": str(se.version), "actual-0": "5", "total": "90"})
    assert response.status_code == 302
    row = se.indicator_results.order_by("position", "id").first()
    assert row.actual_raw == "5" and row.actual["number"] == "5"
    se.refresh_from_db()
    assert se.total_raw == "90" and se.version == 2
    entry = (
        m.AuditEntry.objects.filter(object_type="store.selfevaluation", object_id=str(se.pk)).order_by("-id").first()
    )
    assert entry.changes["组织培训次数·实际完成值"] == ["4", "5"]
    stale = client.post(url, {"version": "1", "actual-0": "6"})
    assert stale.status_code == 409 and "保存失败" in _text(stale)


def test_a_job_left_running_by_a_dead_worker_is_marked_failed(clerk, client):
    from datetime import timedelta

    from django.utils import timezone

    from jixiao.web.pages.models import JOB_LEASE, ImportJob

    client.force_login(clerk)
    user = clerk
    job = ImportJob.objects.create(file_name="a.txt", raw=b"x", size=1, user=user, stage=ImportJob.Stage.STORING)
    fresh = ImportJob.objects.create(file_name="b.txt", raw=b"x", size=1, user=user, stage=ImportJob.Stage.READING)
    ImportJob.objects.filter(pk=job.pk).update(updated=timezone.now() - JOB_LEASE - timedelta(seconds=1))
    html = _text(client.get(reverse("pages:job", args=[job.pk])))  # the page applies the lease
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.stage == ImportJob.Stage.FAILED and "重新上传" in job.message and "重新上传" in html
    assert fresh.stage == ImportJob.Stage.READING  # still within its lease: may be running
    assert ImportJob.fail_abandoned(older_than=timedelta(0)) == 1  # what `jixiao serve` does before a new worker
    fresh.refresh_from_db()
    assert fresh.stage == ImportJob.Stage.FAILED


def test_every_page_carries_a_content_security_policy_without_inline_scripts(imported, client):
    response = client.get(reverse("pages:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    html = response.content.decode()
    import re

    inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m]
    assert inline == []  # every executable script comes from a file of ours


def test_findings_are_named_in_chinese_grouped_and_info_is_for_staff_only(imported, client, admin_client):
    fa = m.FinalAccounts.objects.order_by("id").first()
    url = reverse("pages:final_accounts", args=[fa.pk])
    staff = admin_client.get(url).content.decode()
    assert '<details class="findings-group info">' in staff  # coverage notes collapsed
    assert '<details class="findings-group error" open>' in staff or '<details class="findings-group warning" open>' in staff
    assert "尾数误差" in staff and 'class="fcode"' in staff  # the catalogue's Chinese name, the code kept small
    public = client.get(url).content.decode()
    assert "findings-group info" not in public


def test_every_document_kind_has_a_chinese_name_on_the_pages():
    """The document page names the kind in Chinese for every registered kind (the prose kinds too)."""
    from jixiao.ingest.registry import kinds
    from jixiao.web.pages.templatetags.pages_extras import kind_title

    for kind in kinds():
        title = kind_title(kind.name)
        assert title == kind.title and not any("a" <= ch <= "z" for ch in title), (kind.name, title)
    assert kind_title("unknown") == "未识别"
