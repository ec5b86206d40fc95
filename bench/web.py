"""Server CPU and SQL queries per page on the demo data (issue 20, item 1: ≤ 8 ms server CPU for the
typical pages).

Run: ``.venv/bin/python bench/web.py [--requests 20] [--database-url postgres://…]``.

Loads the demo (``jixiao_demo``: the bundled documents, the monitoring examples, one account per
role) into a throw-away data folder — SQLite by default, or the PostgreSQL database named by
``--database-url`` (created afresh and dropped at the end) — and asks Django's test client for each
typical page as the role that reads it. Each page is asked once to warm the caches (a reader who
opens a page after an edit pays that once), then ``--requests`` times: the figure is the CPU time
of this process per request (``time.process_time``: the view, the templates, the ORM and the
database driver; PostgreSQL's own CPU is another process and not counted), min and median, and
the number of SQL queries. The query counts are guarded by tests (tests/web/test_query_counts.py),
not these timings.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 8.0


def setup(database_url: str | None) -> None:
    os.environ["JIXIAO_DATA"] = tempfile.mkdtemp(prefix="jixiao-bench-web-")
    os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings"
    os.environ["JIXIAO_ALLOWED_HOSTS"] = "testserver"
    if database_url:
        recreate(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("jixiao_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def recreate(url: str, drop_only: bool = False) -> None:
    """Drop and create the database named in ``url`` (connecting to the server's ``postgres`` database)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def pages() -> list[tuple[str, str, str]]:
    """(name, role, path) of the typical pages, on the demo's records."""
    from jixiao.web.monitoring.models import MonitoringReport
    from jixiao.web.store import models as m

    dept = m.Organisation.objects.filter(kind=m.Organisation.Kind.DEPARTMENT).order_by("id").first()
    goals = m.SourceDocument.objects.filter(kind="goal_tables").order_by("id").first()
    accounts = m.SourceDocument.objects.filter(kind="final_accounts").order_by("id").first()
    project = m.Project.objects.filter(source_document=goals).order_by("position", "id").first()
    selfeval = m.SelfEvaluation.objects.order_by("id").first()
    fa = m.FinalAccounts.objects.order_by("id").first()
    report = MonitoringReport.objects.order_by("id").first()
    assert dept and goals and accounts and project and selfeval and fa and report, "演示数据不完整"
    return [
        ("home (organisation tree)", "bureau", "/"),
        ("bureau overview (monitoring)", "bureau", "/monitoring/"),
        ("department dashboard", "reviewer", f"/departments/{dept.pk}/"),
        ("document (goal tables)", "clerk", f"/documents/{goals.pk}/"),
        ("document (final accounts)", "reviewer", f"/documents/{accounts.pk}/"),
        ("project", "clerk", f"/projects/{project.pk}/"),
        ("self-evaluation", "reviewer", f"/selfevals/{selfeval.pk}/"),
        ("final accounts", "reviewer", f"/final-accounts/{fa.pk}/"),
        ("monitoring (project)", "clerk", f"/monitoring/projects/{report.project_id}/"),
        ("monitoring (department)", "reviewer", f"/monitoring/departments/{dept.pk}/"),
        ("review queue", "reviewer", "/workflow/queue/"),
        # a report kept as a file per record version (pages/report_files.py): the warm-up request builds
        # it (seconds of WeasyPrint), the measured ones send the file
        ("report download (check-report.pdf)", "reviewer", f"/documents/{accounts.pk}/reports/check-report.pdf"),
    ]


def measure(requests: int) -> bool:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.store.demo import ACCOUNTS

    passwords = {a.username: a.password for a in ACCOUNTS}
    clients: dict[str, Client] = {}
    print(f"target: ≤ {TARGET_MS:g} ms server CPU per typical page (median of {requests} requests, warm caches)")
    print(f"{'page':36} {'role':9} {'CPU min':>8} {'median':>8} {'wall med':>9} {'queries':>8}")
    ok = True
    for name, role, path in pages():
        if role not in clients:
            clients[role] = Client()
            assert clients[role].login(username=role, password=passwords[role]), role
        client = clients[role]
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        cpus, walls = [], []
        for _ in range(requests):
            w, c = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                if response.streaming:  # a file sent: read it as the server would send it
                    b"".join(response.streaming_content)
                    response.close()
            cpus.append((time.process_time() - c) * 1000)
            walls.append((time.perf_counter() - w) * 1000)
        median = statistics.median(cpus)
        meets = median <= TARGET_MS
        ok = ok and meets
        print(
            f"{name:36} {role:9} {min(cpus):8.1f} {median:8.1f} {statistics.median(walls):9.1f} "
            f"{len(queries):8d}  {'meets' if meets else 'MISSES'}"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (created afresh, dropped after)")
    args = parser.parse_args(argv)
    setup(args.database_url)
    try:
        ok = measure(args.requests)
    finally:
        if args.database_url:
            from django.db import connections

            connections.close_all()
            recreate(args.database_url, drop_only=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
