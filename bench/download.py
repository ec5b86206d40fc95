"""Server CPU of a heavy report download, first (built) and second (a file send): the disclosure
package PDF of the demo's department (issue 20, item 1: a download is a file send).

Run: ``.venv/bin/python bench/download.py [--runs 3] [--fmt pdf]``.

Loads the demo like ``bench/web.py`` (SQLite in a throw-away data folder), signs in as the bureau
and, ``--runs`` times, empties the kept files of the package (as a change of a record it reads
would), then downloads ``/departments/<id>/disclosure/<year>/package.<fmt>`` twice. Figures: CPU
time of this process per download (``time.process_time``), min and median of the runs. The target
is the issue's: the second download a file send (≤ 50 ms here); builds are counted by tests, not here.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MS = 50.0


def download(client, path: str) -> tuple[float, int]:
    c = time.process_time()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    size = len(b"".join(response.streaming_content) if response.streaming else response.content)
    response.close()
    return (time.process_time() - c) * 1000, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fmt", default="pdf")
    args = parser.parse_args(argv)
    from bench.web import setup

    setup(None)
    from django.conf import settings
    from django.test import Client

    from jixiao.web.store import models as m
    from jixiao.web.store.demo import ACCOUNTS

    fa = m.FinalAccounts.objects.exclude(source_document=None).order_by("id").first()
    assert fa is not None and fa.department is not None, "演示数据中没有部门决算"
    path = f"/departments/{fa.department_id}/disclosure/{fa.year}/package.{args.fmt}"
    client = Client()
    password = {a.username: a.password for a in ACCOUNTS}["bureau"]
    assert client.login(username="bureau", password=password)
    kept = Path(getattr(settings, "REPORTS_ROOT", "/nonexistent")) / "disclosure-package"
    firsts, seconds, size = [], [], 0
    for _ in range(args.runs):
        shutil.rmtree(kept, ignore_errors=True)
        first, size = download(client, path)
        second, _ = download(client, path)
        firsts.append(first)
        seconds.append(second)
    print(f"{path} ({size // 1024} KB), CPU ms over {args.runs} runs; target: second download ≤ {TARGET_MS:g} ms")
    print(f"first download  min {min(firsts):8.1f}  median {statistics.median(firsts):8.1f}")
    print(f"second download min {min(seconds):8.1f}  median {statistics.median(seconds):8.1f}")
    return 0 if statistics.median(seconds) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
