"""Reports kept as files per record version (``pages/report_files.py``): a second download is a
file send, a change of a record gives a new file (built in the background through the task queue
once the report was asked for), and a unit clerk's cut-down report is its own file."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from jixiao.web.pages import report_files
from jixiao.web.store import models as m
from jixiao.web.workflow import states
from jixiao.web.workflow.audit import save_with_version
from tests.web.workflow_world import DRAFT_124001

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    return client


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return response.getvalue()


def test_a_second_download_is_a_file_send(world, builds):
    sd = m.Project.objects.get(name=DRAFT_124001).source_document
    url = f"/documents/{sd.pk}/reports/goal-book.html"
    reviewer = logged_in("reviewer")
    first = reviewer.get(url)
    assert first.streaming and first["Content-Disposition"].endswith("-goal-book.html")
    first_body = body(first)
    assert DRAFT_124001 in first_body.decode("utf-8")
    second = body(reviewer.get(url))
    assert second == first_body
    assert builds == [(sd.pk, "goal-book", "html")]  # built once
    files = sorted(p.name for p in (report_files.reports_root() / str(sd.pk)).glob("goal-book.*"))
    assert len(files) == 1 and files[0].endswith(".html")


def test_a_change_rebuilds_in_the_background_and_the_download_shows_it(
    world, builds, django_capture_on_commit_callbacks
):
    project = m.Project.objects.get(name=DRAFT_124001)
    sd = project.source_document
    url = f"/documents/{sd.pk}/reports/goal-book.html"
    reviewer = logged_in("reviewer")
    assert "2026年度新目标" not in body(reviewer.get(url)).decode("utf-8")
    assert len(builds) == 1
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True) as callbacks:
        save_with_version(project, project.version, goal="2026年度新目标")
    assert callbacks  # the change was announced once committed …
    assert builds == [(sd.pk, "goal-book", "html")] * 2  # … and the report rebuilt by the queued task
    after = body(reviewer.get(url)).decode("utf-8")
    assert "2026年度新目标" in after
    assert len(builds) == 2  # the download after the change sent the rebuilt file
    files = list((report_files.reports_root() / str(sd.pk)).glob("goal-book.*.html"))
    assert len(files) == 1  # the file of the old version was removed


def test_a_change_without_a_worker_builds_once_on_the_next_download(world, builds, django_capture_on_commit_callbacks):
    """The queue's task is waiting (no worker ran it): the next download builds the new version itself."""
    from django_tasks_db.models import DBTaskResult

    project = m.Project.objects.get(name=DRAFT_124001)
    sd = project.source_document
    url = f"/documents/{sd.pk}/reports/goal-book.html"
    clerk = logged_in("clerk")
    body(clerk.get(url))
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        states.transition(get_user_model().objects.get(username="clerk"), project, "submit")
    assert DBTaskResult.objects.count() == queued + 1  # the rebuild is in the queue
    assert len(builds) == 1
    body(clerk.get(url))
    body(clerk.get(url))
    assert len(builds) == 2  # built once for the new version, then sent


def test_no_rebuild_is_queued_for_a_document_whose_reports_nobody_asked_for(
    world, builds, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    project = m.Project.objects.get(name=DRAFT_124001)
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        save_with_version(project, project.version, goal="无人下载")
    assert DBTaskResult.objects.count() == queued and builds == []


def test_a_clerks_report_is_its_own_file(world, builds):
    """A unit clerk reads only their unit's projects of a department's file: their report is built
    from those alone and kept apart from the whole document's."""
    sd = m.Project.objects.get(name=DRAFT_124001).source_document
    url = f"/documents/{sd.pk}/reports/goal-book.html"
    theirs = {p.name for p in m.Project.objects.filter(source_document=sd).exclude(unit__code="124001")}
    assert theirs
    whole = body(logged_in("reviewer").get(url)).decode("utf-8")
    part = body(logged_in("clerk").get(url)).decode("utf-8")
    assert len(builds) == 2
    assert any(name in whole for name in theirs)
    assert DRAFT_124001 in part and not any(name in part for name in theirs)
