"""Publishing speed (run on demand). Target (issue 20, item 2; was 5 s in issue #6): the whole 部门决算
disclosure package for seed 002 — the nine tables, the generated 情况说明 and its six charts — in all
four formats (HTML, PDF, XLSX, DOCX) in under 2.5 s.

The figure is wall time in a fresh process: reading the seed, building the view-model and
writing the four files with ``render_package`` (the PDF written by a forked child while the
parent writes the rest), *including* importing WeasyPrint, matplotlib, openpyxl and
python-docx (a user asking for the package pays for those once). The machine's load average
is printed with it: on a shared machine the wall time depends on it; so is the CPU time of
the whole job (this process and the PDF child), which does not. Then, where the time goes: each
format written once more in this process, one after the other (warm: imports done, fonts loaded),
by CPU time — the PDF is WeasyPrint's style cascade, layout and drawing of the HTML.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

import os  # noqa: E402

from jixiao.ingest import read_file  # noqa: E402
from jixiao.report.disclosure import render_package  # noqa: E402
from jixiao.report.disclosure_view import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "002_898987880c89420a.txt"
TARGET_S = 2.5
FORMATS = ("html", "pdf", "xlsx", "docx")


def main() -> int:
    t = time.perf_counter()
    view = build([read_file(SEED)])
    read_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        paths = render_package(view, Path(tmp), formats=FORMATS)
        write_s = time.perf_counter() - t
        sizes = {fmt: p.stat().st_size // 1024 for fmt, p in paths.items()}
    total = time.perf_counter() - START
    print(f"target: < {TARGET_S:g} s for the disclosure package of seed 002 in {', '.join(FORMATS)}")
    print(f"  read + build view  {read_s:6.2f} s")
    print(f"  write 4 formats    {write_s:6.2f} s  ({', '.join(f'{k} {v} KiB' for k, v in sizes.items())})")
    cpu = sum(os.times()[:4])
    print(f"  CPU time           {cpu:6.2f} s  (this process + the PDF child)")
    print(f"  load average       {os.getloadavg()[0]:6.2f}")
    print(
        f"total (fresh process, imports included): {total:.2f} s "
        f"— {'meets' if total < TARGET_S else 'MISSES'} the target"
    )
    where_the_time_goes(view)
    return 0


def where_the_time_goes(view) -> None:
    from jixiao.report.disclosure import KIND, REPORTS, html_to_pdf, to_html_string

    print("where the time goes (warm, one format after another, CPU seconds of this process):")
    with tempfile.TemporaryDirectory() as tmp:
        steps = [("html (with the charts)", lambda: to_html_string(view))]
        html = to_html_string(view)
        steps.append(("pdf (WeasyPrint)", lambda: html_to_pdf(html, Path(tmp) / "x.pdf")))
        for fmt in ("xlsx", "docx"):
            steps.append((fmt, lambda fmt=fmt: REPORTS[KIND].renderers[fmt](view, Path(tmp) / f"x.{fmt}")))
        for name, step in steps:
            cpu, wall = time.process_time(), time.perf_counter()
            step()
            print(f"  {name:24} {time.process_time() - cpu:6.2f} s CPU  {time.perf_counter() - wall:6.2f} s wall")


if __name__ == "__main__":
    sys.exit(main())
