"""A province in PostgreSQL (issue 20, item 6): generate it, then time the bureau's and the departments'
pages, batch re-scoring and re-checking of everything, and imports through the task queue.

Run: ``.venv/bin/python bench/province.py [--scale 1.0] [--database-url postgres://postgres@127.0.0.1:5432/jixiao_bench]
[--workers 1,2,4] [--keep]``. ``--scale 0.01`` is the quick run (under a minute); 1.0 is the province of
the issue: 100 departments × 10 units, 100,000 projects (one target table per unit, ten projects
per ten-project document page: seed 000's ten projects repeated with new numbers, codes and
budgets) with about 1,000,000 indicator rows (each project's own plus two more) and their spending
plans, 10,000 self-evaluations (seed 002's twelve forms repeated, with their budget lines and
indicators), monitoring at 6月底 for a fifth of the projects (one row per indicator), and the
findings of every document (the re-checking step stores their counts).

The database (default ``jixiao_bench``) is dropped, created and migrated by the script; the seeds
are imported the normal way and every other row is a copy of theirs written with PostgreSQL's
``COPY`` (psycopg), so the records are real records the pages, the scoring and the checks read
like any other. Targets (printed beside each figure): bureau overview and department pages
< 300 ms (each asked 3 times: the first, cold, and min / median of the three); the queue's
throughput rising with workers up to the cores (this machine has 2 cores, shared: 4 workers
cannot beat 2). Memory is the peak RSS of this process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOALS = ROOT / "tests" / "data" / "000_9e54d6a05597118f.txt"
ACCOUNTS = ROOT / "tests" / "data" / "002_898987880c89420a.txt"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jixiao_bench"
PAGE_TARGET_MS = 300.0
SEED_LINES = 1004  # seed 000's length: the n-th repetition of its projects starts n × this further down
STATUSES = ("published", "published", "submitted", "draft", "dept_approved")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- database


def recreate(url: str, drop_only: bool = False) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, data: Path) -> None:
    os.environ.update(
        DATABASE_URL=url,
        JIXIAO_DATA=str(data),
        DJANGO_SETTINGS_MODULE="jixiao.web.settings",
        JIXIAO_ALLOWED_HOSTS="testserver",
        JIXIAO_SECRET_KEY="bench-only-not-secret",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


class Copier:
    """Rows of a model written with COPY: every concrete column, from a template row's values with overrides."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        with connection.cursor() as c:
            c.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')
            self.next_id = c.fetchone()[0] + 1
        self.rows: list[tuple] = []
        self.count = 0

    def template(self, pk: int) -> dict[str, Any]:
        return self.model.objects.filter(pk=pk).values(*[f.attname for f in self.fields]).get()

    def add(self, base: dict[str, Any] | None, **values: Any) -> int:
        from django.db.models import JSONField
        from django.utils import timezone

        pk = self.next_id
        self.next_id += 1
        row = []
        for f in self.fields:
            if f.attname == "id":
                value: Any = pk
            elif f.attname in values:
                value = values[f.attname]
            elif base is not None and f.attname in base:
                value = base[f.attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = NOW.get() or timezone.now()
            else:
                value = f.get_default()
            if isinstance(f, JSONField) and value is not None:
                value = json.dumps(value, ensure_ascii=False)
            row.append(value)
        self.rows.append(tuple(row))
        if len(self.rows) >= 20000:
            self.flush()
        return pk

    def flush(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        with connection.cursor() as c, c.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []

    def finish(self) -> None:
        from django.db import connection

        self.flush()
        with connection.cursor() as c:
            c.execute(f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), {self.next_id})")


class _Now:
    value = None

    def get(self) -> Any:
        if self.value is None:
            from django.utils import timezone

            self.value = timezone.now()
        return self.value


NOW = _Now()


def shift(source: Any, lines: int) -> Any:
    if isinstance(source, dict) and source.get("line") is not None:
        return {**source, "line": source["line"] + lines}
    return source


# ---------------------------------------------------------------- generation


def generate(scale: float) -> dict[str, int]:
    from django.db import transaction

    from jixiao.ingest import read_file
    from jixiao.model import codec
    from jixiao.model.document import Document
    from jixiao.model.goals import Department, GoalTables
    from jixiao.model.source import Source
    from jixiao.web.monitoring.models import LIKELIHOOD_CHOICES, MonitoringReport, MonitoringRow
    from jixiao.web.store import models as m
    from jixiao.web.store.mapping import import_document

    goals_sd = import_document(read_file(GOALS), GOALS.read_bytes(), status=m.Status.PUBLISHED)
    import_document(read_file(ACCOUNTS), ACCOUNTS.read_bytes(), status=m.Status.PUBLISHED)
    bureau = m.Organisation.objects.get(kind=m.Organisation.Kind.BUREAU)
    departments = max(2, round(100 * scale)) if scale < 1 else 100
    units_per = 10
    projects_total = max(20 * departments * units_per // 10, round(100_000 * scale))
    per_unit = max(1, projects_total // (departments * units_per))
    selfevals_total = max(24, round(10_000 * scale))

    orgs, docs, projects, indicators, plans = (
        Copier(x) for x in (m.Organisation, m.SourceDocument, m.Project, m.Indicator, m.PlanPoint)
    )
    templates = list(m.Project.objects.filter(source_document=goals_sd).order_by("position", "id"))
    t_projects = [projects.template(p.pk) for p in templates]
    t_indicators = {
        p.pk: [indicators.template(i) for i in p.indicators.order_by("position", "id").values_list("id", flat=True)]
        for p in templates
    }
    t_plans = {
        p.pk: [plans.template(i) for i in p.plan_points.order_by("position", "id").values_list("id", flat=True)]
        for p in templates
    }
    unit_ids: list[tuple[int, int]] = []  # (unit id, department id)
    project_ids: list[tuple[int, int, Decimal, list[tuple[int, dict]]]] = []
    with transaction.atomic():
        for d in range(departments):
            dept = orgs.add(None, kind="department", code=None, name=f"省直第{d + 1:03d}部门", parent_id=bureau.pk)
            for u in range(units_per):
                unit = orgs.add(
                    None,
                    kind="unit",
                    code=f"9{d + 1:03d}{u + 1:02d}",
                    name=f"省直第{d + 1:03d}部门第{u + 1}单位",
                    parent_id=dept,
                )
                unit_ids.append((unit, dept))
        orgs.finish()
        for unit, dept in unit_ids:
            snapshot = codec.encode(
                Document(
                    f"unit-{unit}.txt",
                    "goal_tables",
                    "utf-8",
                    SEED_LINES * per_unit // 10,
                    GoalTables(Department(f"部门{dept}"), 2023, "2023年度项目绩效目标表", (), Source("")),
                    None,
                    (),
                    (),
                )
            )
            doc = docs.add(
                None,
                file_name=f"unit-{unit}-2023-goal-tables.txt",
                kind="goal_tables",
                encoding="utf-8",
                raw=None,
                line_count=SEED_LINES * per_unit // 10,
                title="2023年度项目绩效目标表",
                year=2023,
                department_id=dept,
                snapshot=snapshot,
                content_hash=f"bench-{unit}",
            )
            for k in range(per_unit):
                t = t_projects[k % len(t_projects)]
                lines = SEED_LINES * (k // len(t_projects))
                budget = (t["budget"] or Decimal(10)) * (Decimal(50 + (unit * 7 + k * 13) % 100) / 100)
                pk = projects.add(
                    t,
                    source_document_id=doc,
                    unit_id=unit,
                    position=k,
                    number=k + 1,
                    code=f"P{unit}-{k:04d}",
                    name=t["name"] if k < len(t_projects) else f"{t['name']}（{k // len(t_projects) + 1}）",
                    budget=budget.quantize(Decimal("0.01")),
                    fiscal_funds=budget.quantize(Decimal("0.01")),
                    other_funds=None,
                    status=STATUSES[k % len(STATUSES)],
                    year=2023,
                    source=shift(t["source"], lines),
                    plan_source=shift(t["plan_source"], lines),
                    unit_source=shift(t["unit_source"], lines),
                )
                t_inds = t_indicators[t["id"]]
                rows = []
                for i, ind in enumerate([*t_inds, *t_inds[:2]]):
                    extra = i >= len(t_inds)
                    iid = indicators.add(
                        ind,
                        project_id=pk,
                        position=i,
                        source=shift(ind["source"], lines),
                        name=f"{ind['name']}（补充）" if extra else ind["name"],
                    )
                    rows.append((iid, ind))
                for p in t_plans[t["id"]]:
                    plans.add(p, project_id=pk, source=shift(p["source"], lines))
                project_ids.append((pk, unit, budget, rows))
        for c in (docs, projects, indicators, plans):
            c.finish()

        reports, report_rows = Copier(MonitoringReport), Copier(MonitoringRow)
        likely = LIKELIHOOD_CHOICES[0][0]
        for n, (pk, _unit, budget, rows) in enumerate(project_ids):
            if n % 5:
                continue
            rid = reports.add(
                None,
                project_id=pk,
                month=6,
                label="6月底",
                year=2023,
                ruleset="default",
                executed=(budget * Decimal("0.4")).quantize(Decimal("0.01")),
                budget=None,
                expected_executed=budget.quantize(Decimal("0.01")),
                budget_causes=[],
                status=STATUSES[n % len(STATUSES)],
            )
            for i, (iid, ind) in enumerate(rows):
                report_rows.add(
                    None,
                    report_id=rid,
                    indicator_id=iid,
                    position=i,
                    level1=ind["level1"],
                    level2=ind["level2"],
                    name=ind["name"],
                    target_raw="",
                    progress_raw=ind["target_raw"],
                    expected_raw=ind["target_raw"],
                    likelihood=likely,
                )
        reports.finish()
        report_rows.finish()

        selfevals, lines_c, sinds = Copier(m.SelfEvaluation), Copier(m.SelfEvalBudgetLine), Copier(m.SelfEvalIndicator)
        forms = list(m.SelfEvaluation.objects.order_by("position", "id"))
        t_forms = [selfevals.template(f.pk) for f in forms]
        t_lines = {f.pk: [lines_c.template(i) for i in f.budget_lines.values_list("id", flat=True)] for f in forms}
        t_sinds = {f.pk: [sinds.template(i) for i in f.indicator_results.values_list("id", flat=True)] for f in forms}
        for n in range(selfevals_total):
            t = t_forms[n % len(t_forms)]
            unit, _dept = unit_ids[n % len(unit_ids)]
            sid = selfevals.add(
                t,
                unit_id=unit,
                source_document_id=None,
                final_accounts_id=None,
                project_id=None,
                position=n,
                project_name=f"{t['project_name']}（{n // len(t_forms) + 1}）",
                status=STATUSES[n % len(STATUSES)],
                snapshot=None,
            )
            for line in t_lines[t["id"]]:
                lines_c.add(line, self_evaluation_id=sid)
            for ind in t_sinds[t["id"]]:
                sinds.add(ind, self_evaluation_id=sid)
        for c in (selfevals, lines_c, sinds):
            c.finish()
    return {
        "departments": departments,
        "units": len(unit_ids),
        "documents": docs.count,
        "projects": projects.count,
        "indicators": indicators.count,
        "plan points": plans.count,
        "monitoring reports": reports.count,
        "monitoring rows": report_rows.count,
        "self-evaluations": selfevals.count,
        "self-evaluation indicators": sinds.count,
    }


# ---------------------------------------------------------------- pages


def time_pages(runs: int = 3, cold: bool = False) -> bool:
    """Each page asked ``runs`` times; ``cold``: the caches (in-process and shared) cleared before each
    request, so the page reads only what is stored."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.pages.analysis import clear_caches
    from jixiao.web.store import models as m
    from jixiao.web.store.demo import create_accounts

    create_accounts()
    client = Client()
    from jixiao.web.store.demo import ACCOUNTS

    bureau = next(a for a in ACCOUNTS if a.username == "bureau")
    assert client.login(username=bureau.username, password=bureau.password)
    dept = m.Organisation.objects.filter(kind="department", name__startswith="省直第").order_by("id").first()
    pages = [
        ("bureau: organisation tree", "/"),
        ("bureau: monitoring overview", "/monitoring/"),
        ("department dashboard", f"/departments/{dept.pk}/"),
        ("department dashboard, page 3", f"/departments/{dept.pk}/?projects=3&selfevals=2"),
        ("department monitoring", f"/monitoring/departments/{dept.pk}/"),
    ]
    say(
        f"pages (as the bureau; target < {PAGE_TARGET_MS:.0f} ms each; {runs} requests: "
        + ("each after clearing the caches, min / median)" if cold else "first = cold, then min / median)")
    )
    ok = True
    for name, path in pages:
        walls, cpus = [], []
        for _ in range(runs):
            if cold:
                clear_caches()
            reset_queries()
            start, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        median = statistics.median(walls)
        meets = median < PAGE_TARGET_MS
        ok = ok and meets
        say(
            f"  {name:32} first {walls[0]:8.0f} ms  min {min(walls):7.0f}  median {median:7.0f} ms  "
            f"(CPU first {cpus[0]:.0f}, min {min(cpus):.0f}, median {statistics.median(cpus):.0f} ms)  "
            f"{len(queries):3d} queries  {len(response.content) // 1024:5d} KiB  {'meets' if meets else 'MISSES'}"
        )
    return ok


# ---------------------------------------------------------------- batch re-scoring and re-checking


def rescore_all() -> None:
    """Every self-evaluation read back from the store and scored (the object path, over the cores)."""
    from django.db import connections

    from jixiao.cli.progress import default_jobs, run_all
    from jixiao.web.store import models as m

    ids = list(m.SelfEvaluation.objects.order_by("id").values_list("id", flat=True))
    chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    start, cpu = time.perf_counter(), time.process_time()
    connections.close_all()  # before forking: each worker process opens its own connection
    counts = run_all(score_chunk, chunks, default_jobs(), "评分")
    wall = time.perf_counter() - start
    graded = sum(counts)
    say(
        f"re-scoring: {len(ids):,} self-evaluations in {wall:.1f} s wall over {default_jobs()} processes "
        f"({len(ids) / wall:.0f}/s), {graded:,} graded; this process {time.process_time() - cpu:.1f} s CPU"
    )


def score_chunk(ids: list[int]) -> int:

    from jixiao.web.pages.stored import store_scores
    from jixiao.web.store import models as m

    store_scores(ids)  # scored and kept on the forms (SelfEvaluation.computed_*)
    return m.SelfEvaluation.objects.filter(id__in=ids).exclude(computed_grade="").count()


def recheck_all() -> None:
    """Every stored document checked as it is now (the pages' cache is filled), counts stored."""
    from django.db import connections

    from jixiao.cli.progress import default_jobs, run_all
    from jixiao.web.store import models as m

    ids = list(m.SourceDocument.objects.order_by("id").values_list("id", flat=True))
    chunks = [ids[i : i + 20] for i in range(0, len(ids), 20)]
    start = time.perf_counter()
    connections.close_all()
    found = run_all(check_chunk, chunks, default_jobs(), "检查")
    wall = time.perf_counter() - start
    projects = m.Project.objects.count()
    say(
        f"re-checking: {len(ids):,} documents ({projects:,} projects) in {wall:.1f} s wall over {default_jobs()} "
        f"processes ({projects / wall:.0f} projects/s); {sum(found):,} findings"
    )


def check_chunk(ids: list[int]) -> int:
    from collections import Counter

    from jixiao.web.pages.stored import store_findings
    from jixiao.web.pages.views import LARGE_DOCUMENT_FIELDS
    from jixiao.web.store import models as m

    total = 0
    for sd in m.SourceDocument.objects.filter(id__in=ids).defer(LARGE_DOCUMENT_FIELDS[0]):
        summary = store_findings(sd)  # counted by severity and code and kept (SourceDocument.findings_*)
        severities: Counter[str] = Counter()
        for severity, _, n in summary:
            severities[severity] += n
        count = sum(severities.values())
        m.SourceDocument.objects.filter(pk=sd.pk).update(
            finding_count=count,
            error_count=severities["error"],
            warning_count=severities["warning"],
            info_count=severities["info"],
        )
        total += count
    return total


# ---------------------------------------------------------------- the queue


def queue_documents(count: int, batch: int) -> list[tuple[str, bytes]]:
    """``count`` distinct target-table documents: seed 000 with the department renamed and its units'
    codes (124001, 124005) made the department's own, so no two imports share a unit or repeat a file."""
    text = GOALS.read_text(encoding="utf-8")
    out = []
    for k in range(count):
        serial = batch * 10000 + k + 1
        doc = text.replace("青岛市司法局", f"青岛市第{batch}批第{k + 1:04d}局").replace("1240", f"8{serial:06d}")
        out.append((f"queue-{batch}-{k:04d}.txt", doc.encode("utf-8")))
    return out


def run_queue(count: int, worker_counts: list[int], data: Path) -> None:
    """Each worker count in turn: the workers are started and ready (Django set up, polling) before
    ``count`` documents are enqueued, and the time runs until every task they caused is finished —
    the imports and the indicator-library updates the imports queue — so no run leaves work to the
    next one and a worker's start-up is not counted as import time. CPU is the workers' own in
    that time (user + system), beside the load average of the machine."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.pages.models import ImportJob
    from jixiao.web.pages.tasks import import_upload

    say(
        f"queue: {count} documents (seed 000, department and unit codes renamed) imported through "
        f"django-tasks' db_worker, then their indicator-library updates; "
        f"target: throughput rises with workers up to the cores ({os.cpu_count()} here)"
    )
    user = get_user_model().objects.filter(is_superuser=True).first()
    base = None
    for batch, workers in enumerate(worker_counts, start=1):
        documents = queue_documents(count, batch)
        procs = [start_worker(f"bench-{batch}-{k}") for k in range(workers)]
        try:
            connections.close_all()
            load = os.getloadavg()[0]
            cpu = -sum(process_cpu(p.pid) for p in procs)
            start = time.perf_counter()
            jobs = []
            for name, raw in documents:
                job = ImportJob.objects.create(file_name=name, raw=raw, size=len(raw), user=user)
                import_upload.enqueue(job.pk)
                jobs.append(job.pk)
            imported = None
            while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
                if all(p.poll() is not None for p in procs):
                    raise SystemExit("后台任务进程全部意外退出")
                if imported is None and not ImportJob.objects.filter(
                    pk__in=jobs, stage__in=[*ImportJob.RUNNING, ImportJob.Stage.QUEUED]
                ).exists():
                    imported = time.perf_counter() - start
                time.sleep(0.1)
            wall = time.perf_counter() - start
            cpu += sum(process_cpu(p.pid) for p in procs)
            load = max(load, os.getloadavg()[0])
        finally:
            stop_workers(procs)
        stages = dict(ImportJob.objects.filter(pk__in=jobs).values_list("stage").annotate(n=Count("id")))
        rate = count / wall
        base = base or rate
        say(
            f"  {workers} worker{'s' if workers > 1 else ' '}: {wall:7.1f} s wall, {rate:6.2f} documents/s "
            f"({rate / base:.2f}× one worker); imports done at {imported or wall:.1f} s, the library's updates "
            f"after; workers' CPU in that time {cpu:.1f} s ({cpu / count:.2f} s a document); "
            f"load average {load:.1f}; stages {stages}"
        )


def start_worker(worker_id: str) -> subprocess.Popen:
    """One ``db_worker``, returned once it has set Django up and polls the queue."""
    command = [
        sys.executable, "-m", "jixiao.web", "db_worker", "--no-startup-delay", "--no-reload",
        "--interval", "0.1", "--worker-id", worker_id, "--verbosity", "1",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # logs: stderr
    assert proc.stdout is not None
    for line in proc.stdout:  # "Starting worker worker_id=… queues=…" once it is ready
        if b"Starting worker" in line:
            break
    else:
        raise SystemExit(f"后台任务进程 {worker_id} 未能启动")
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # the rest (a line a task) drained
    return proc


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` used so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 projects; 0.01 = the quick run")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--workers", default="1,2,4", help="worker counts for the queue run, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--imports", type=int, help="documents for the queue run (default: 1,000 × scale, at least 4)")
    parser.add_argument("--queue-only", action="store_true", help="only the queue run, on an empty province")
    args = parser.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="jixiao-province-"))
    recreate(args.database_url)
    start = time.perf_counter()
    setup_django(args.database_url, data)
    imports = args.imports or max(4, round(1000 * args.scale))
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.queue_only:
        from jixiao.web.store.demo import create_accounts

        create_accounts()
        try:
            run_queue(imports, worker_counts, data)
        finally:
            from django.db import connections

            connections.close_all()
            if not args.keep:
                recreate(args.database_url, drop_only=True)
        return 0
    say(f"province at scale {args.scale:g} in {args.database_url} (migrated in {time.perf_counter() - start:.1f} s)")
    try:
        start = time.perf_counter()
        counts = generate(args.scale)
        say(
            f"generated in {time.perf_counter() - start:.1f} s with COPY: "
            + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        )
        from django.db import connection

        with connection.cursor() as c:
            c.execute("ANALYZE")
            c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            say(f"database size {c.fetchone()[0]}")
        time_pages()
        rescore_all()  # both store their results on the records (jixiao/web/pages/stored.py)
        recheck_all()
        time_pages(cold=True)
        time_pages()
        from jixiao.web.store import models as m

        if worker_counts:
            run_queue(imports, worker_counts, data)
        say(f"documents stored now: {m.SourceDocument.objects.count():,}; peak RSS of this process {rss_mb():.0f} MB")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            recreate(args.database_url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
