"""The task queue under concurrency, on PostgreSQL (skipped on SQLite, whose one writer at a time
cannot show it): workers running at once never take the same task; the library updates of
documents imported at once lose none of their indicators; and a worker process killed in the
middle of imports leaves every job either done or, without a trace in the store, marked failed
by the lease (docs/deploy.md) — the same file then imports normally."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.conftest import GOALS

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
RUNS: list[tuple[str, int]] = []
RUNS_LOCK = threading.Lock()


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs several connections writing at once (PostgreSQL: DATABASE_URL)")


@task()
def note_run(n: int) -> int:
    """A task that takes a moment (so workers overlap) and notes which worker thread ran it."""
    time.sleep(0.02)
    with RUNS_LOCK:
        RUNS.append((threading.current_thread().name, n))
    return n


def _work(worker_id: str) -> None:
    try:
        Worker(
            queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        ).run()  # fmt: skip
    finally:
        connections.close_all()


def test_workers_running_at_once_never_take_the_same_task():
    RUNS.clear()
    count = 60
    for n in range(count):
        note_run.enqueue(n)
    threads = [threading.Thread(target=_work, args=(f"w{k}",), name=f"w{k}") for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(n for _, n in RUNS) == list(range(count))  # each task once: none twice, none lost
    assert len({name for name, _ in RUNS}) > 1  # the workers did run at once
    rows = DBTaskResult.objects.filter(task_path__endswith="note_run")
    assert rows.count() == count and set(rows.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert all(len(ids) == 1 for ids in rows.values_list("worker_ids", flat=True))  # claimed once each


def test_library_updates_of_documents_imported_at_once_lose_no_indicator(goals_doc):
    """Eight copies of seed 000 imported, then their library updates run by four workers at once
    (the same new entries created by several at the same moment): every update succeeds and the
    library is what the same updates give one after another."""
    from jixiao.web.review import library
    from jixiao.web.review.models import LibraryEntry
    from jixiao.web.review.tasks import update_library
    from jixiao.web.store.mapping import import_document

    raw = GOALS.read_bytes()
    stored = [import_document(goals_doc, raw) for _ in range(8)]
    for sd in stored:
        update_library.enqueue(sd.pk)
    threads = [threading.Thread(target=_work, args=(f"w{k}",)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    rows = DBTaskResult.objects.filter(task_path__endswith="update_library")
    assert set(rows.values_list("status", flat=True)) == {"SUCCESSFUL"}
    incremental = {r.key: (r.uses, r.project_count, r.values) for r in LibraryEntry.objects.all()}
    assert len(incremental) >= 50  # seed 000's indicators
    LibraryEntry.objects.all().delete()
    for sd in stored:  # the same updates one after another
        library.add_stored(sd)
    one_by_one = {r.key: (r.uses, r.project_count, r.values) for r in LibraryEntry.objects.all()}
    assert incremental == one_by_one


def test_a_killed_worker_leaves_each_job_done_or_failed_by_the_lease_with_nothing_stored():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from jixiao.web.pages.models import JOB_LEASE, ImportJob
    from jixiao.web.pages.tasks import import_upload, run_import
    from jixiao.web.store import models as m

    user = get_user_model().objects.create_superuser("queue-admin", "a@example.org", "x-queue-admin-1")
    text = GOALS.read_text(encoding="utf-8")
    jobs = []
    for k in range(6):  # six departments' target tables (distinct, so none is a duplicate of another)
        raw = text.replace("青岛市司法局", f"青岛市第{k + 1}测试局").replace("1240", f"9{k + 1:02d}").encode("utf-8")
        job = ImportJob.objects.create(file_name=f"kill-{k}.txt", raw=raw, size=len(raw), user=user)
        import_upload.enqueue(job.pk)
        jobs.append(job.pk)
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "jixiao.web", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.05"]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not ImportJob.objects.filter(pk__in=jobs, stage=ImportJob.Stage.DONE).exists():
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.02)
        while not ImportJob.objects.filter(pk__in=jobs, stage__in=ImportJob.RUNNING).exists():
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.005)
    finally:
        worker.send_signal(signal.SIGKILL)  # mid-job if it was still working: no clean-up of its own
        worker.wait(timeout=30)
    ImportJob.objects.filter(pk__in=jobs).update(updated=timezone.now() - JOB_LEASE - timedelta(seconds=1))
    ImportJob.fail_abandoned()  # what the job page does after the lease
    done = failed = 0
    for job in ImportJob.objects.filter(pk__in=jobs).order_by("pk"):
        stored = m.SourceDocument.objects.filter(file_name=job.file_name)
        if job.stage == ImportJob.Stage.DONE:
            done += 1
            assert stored.count() == 1 and job.document_id == stored.get().pk
        elif job.stage == ImportJob.Stage.FAILED:
            failed += 1
            assert "重新上传" in job.message and not stored.exists()  # the one transaction was rolled back
            raw = bytes(job.raw)
            retry = ImportJob.objects.create(file_name=job.file_name, raw=raw, size=len(raw), user=user)
            assert run_import(retry.pk) is not None  # uploaded again: imported, not taken for a duplicate
        else:
            assert job.stage == ImportJob.Stage.QUEUED and not stored.exists()  # never started: still queued
    assert done >= 1 and failed <= 1  # at most the job the worker was in when it was killed
