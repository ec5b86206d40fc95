"""Uploads are bound to the uploader's units, and a file already stored is offered as a new
version instead of being stored twice."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from jixiao.export.xlsx import write_goal_tables
from jixiao.web.pages.models import ImportJob
from jixiao.web.store import models as m
from jixiao.web.workflow.ownership import upload_refusal
from tests.conftest import ACCOUNTS, GOALS

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def user(name: str):
    return get_user_model().objects.get(username=name)


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def _upload(client: Client, name: str, data: bytes) -> ImportJob:
    response = client.post(reverse("pages:upload"), {"file": SimpleUploadedFile(name, data, content_type=XLSX)})
    assert response.status_code == 302, response.content.decode("utf-8")[:500]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


@pytest.fixture
def own_unit_workbook(goals_doc, tmp_path) -> bytes:
    """The 2023 target tables of 124001 only, as the Excel template a clerk fills."""
    goals = goals_doc.goals
    mine = tuple(p for p in goals.projects if p.unit and p.unit.code == "124001")
    assert mine and len(mine) < len(goals.projects)
    return write_goal_tables(dataclasses.replace(goals, projects=mine), tmp_path / "124001.xlsx").read_bytes()


def test_who_may_upload_what(world, goals_doc, accounts_doc):
    mixed = upload_refusal(user("clerk"), goals_doc)
    assert mixed and "124005青岛市法律援助中心" in mixed and "124001" in mixed and "请由该单位的填报人上传" in mixed
    assert "部门决算是部门的文件" in upload_refusal(user("clerk2"), accounts_doc)
    assert upload_refusal(user("reviewer"), goals_doc) is None and upload_refusal(user("reviewer"), accounts_doc) is None
    assert upload_refusal(user("bureau"), goals_doc) is None and upload_refusal(user("admin"), accounts_doc) is None
    assert "没有上传文件的权限" in upload_refusal(user("evaluator"), goals_doc)
    mine = dataclasses.replace(
        goals_doc,
        goals=dataclasses.replace(
            goals_doc.goals, projects=tuple(p for p in goals_doc.goals.projects if p.unit.code == "124001")
        ),
    )
    assert upload_refusal(user("clerk"), mine) is None
    assert "124001" in upload_refusal(user("clerk2"), mine)
    other_department = m.Organisation.objects.create(kind=m.Organisation.Kind.DEPARTMENT, name="青岛市教育局")
    profile = user("reviewer").profile
    profile.organisation = other_department
    profile.save()
    assert "您只能上传本部门（青岛市教育局）的文件" in upload_refusal(user("reviewer"), goals_doc)


@override_settings(TASKS=IMMEDIATE)
def test_a_clerk_uploading_another_units_file_is_refused(world):
    before = m.Project.objects.count(), m.SourceDocument.objects.count()
    job = _upload(logged_in("clerk"), "000.txt", GOALS.read_bytes())
    assert job.stage == ImportJob.Stage.FAILED and job.document is None
    assert "未导入" in job.message and "124005青岛市法律援助中心" in job.message
    assert (m.Project.objects.count(), m.SourceDocument.objects.count()) == before
    page = logged_in("clerk").get(reverse("pages:job", args=[job.pk])).content.decode("utf-8")
    assert "您只能上传本单位" in page
    job = _upload(logged_in("clerk2"), "002.txt", ACCOUNTS.read_bytes())
    assert job.stage == ImportJob.Stage.FAILED and "由主管部门上传" in job.message


@override_settings(TASKS=IMMEDIATE)
def test_the_same_file_again_is_offered_as_a_new_version(world):
    reviewer = logged_in("reviewer")
    stored = m.SourceDocument.objects.get(kind="goal_tables")
    projects = m.Project.objects.count()
    job = _upload(reviewer, "000-again.txt", GOALS.read_bytes())
    assert job.stage == ImportJob.Stage.DUPLICATE and job.duplicate_of == stored and job.document is None
    assert "内容与已导入的文件" in job.duplicate_reason and m.Project.objects.count() == projects
    page = reviewer.get(reverse("pages:job", args=[job.pk])).content.decode("utf-8")
    assert "此文件已经导入过" in page and "作为新版本导入" in page and "取消，不导入" in page
    assert logged_in("bureau").post(reverse("pages:job_decide", args=[job.pk]), {"choice": "version"}).status_code == 403
    submitted = m.Project.objects.get(pk=world["draft_124001"])
    submitted.status = m.Status.SUBMITTED
    submitted.save()
    response = reviewer.post(reverse("pages:job_decide", args=[job.pk]), {"choice": "version"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.stage == ImportJob.Stage.DONE and job.document.replaces == stored
    assert "替换旧版本中未提交的记录 8 条，已提交或已审核的 2 条保留" in job.message
    kept = set(m.Project.objects.filter(source_document=stored).values_list("pk", flat=True))
    assert kept == {submitted.pk, world["published"]}
    assert m.Project.objects.count() == projects + 2  # 10 new, 8 old drafts gone, the submitted and published kept
    # the old version is no longer current: the next upload of the file is compared with the new one
    again = _upload(reviewer, "000-third.txt", GOALS.read_bytes())
    assert again.stage == ImportJob.Stage.DUPLICATE and again.duplicate_of == job.document
    reviewer.post(reverse("pages:job_decide", args=[again.pk]), {"choice": "cancel"})
    again.refresh_from_db()
    assert again.stage == ImportJob.Stage.CANCELLED and again.raw == b"" and m.Project.objects.count() == projects + 2


@override_settings(TASKS=IMMEDIATE)
def test_another_edition_of_a_stored_document_is_detected_and_the_own_unit_file_accepted(world, own_unit_workbook):
    clerk = logged_in("clerk")
    job = _upload(clerk, "124001-2023.xlsx", own_unit_workbook)
    assert job.stage == ImportJob.Stage.DUPLICATE, job.message  # same department, year, kind and a unit in common
    assert "已导入同一部门同一年度的同类文件" in job.duplicate_reason
    m.SourceDocument.objects.filter(kind="goal_tables").delete()
    job = _upload(clerk, "124001-2023.xlsx", own_unit_workbook)
    assert job.stage == ImportJob.Stage.DONE, job.message
    units = set(m.Project.objects.filter(source_document=job.document).values_list("unit__code", flat=True))
    assert units == {"124001"}
