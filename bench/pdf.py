"""Reading speed (pages per second) and memory (RSS) of the PDF reader.

Target (issue 20, item 3): at least 30 pages/s, whole read, on the real fixture PDF (上海市普陀区
社会工作部 2024 决算, 24 pages) and on seed 002's nine tables rendered to a PDF by WeasyPrint
(the same generator the tests use; every page dense ruled tables). Each figure is three runs:
min and median, wall time and CPU time (``time.process_time``; the machine is shared, CPU time
is the steadier figure). Memory is the process's peak resident set (``ru_maxrss``), not Python's
heap. Ruled pages are read from pypdfium2's characters and paths (pdfplumber's table finder on
the same edges); pdfminer only where pdfium lost printed text (tests/test_pdf_engines.py
compares both readings cell by cell).
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.ingest import read_bytes  # noqa: E402
from jixiao.ingest.pdf import extract_text  # noqa: E402

# The real PDF is not part of the project: it lives in ../shared beside the checkout (README, "Test documents").
FIXTURE = ROOT.parent / "shared" / "fixtures" / "pdf" / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TARGET_PAGES_S = 30.0
RUNS = 3


def timed(step, data: bytes) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    step(data)
    return time.perf_counter() - wall, time.process_time() - cpu


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> int:
    from tests.test_pdf import seed_tables_pdf

    print(f"target: ≥ {TARGET_PAGES_S:g} pages/s (whole read), min and median of {RUNS} runs")
    cases = [("seed 002 tables (WeasyPrint)", seed_tables_pdf())]
    if FIXTURE.exists():
        cases.insert(0, (FIXTURE.name, FIXTURE.read_bytes()))
    else:
        print(f"注意：没有 {FIXTURE}（../shared 不在项目旁边），只测项目自己生成的PDF。")
    ok = True
    for name, data in cases:
        pages = len(extract_text(data).pages)
        for label, step in (("text layer", extract_text), ("whole read", lambda d: read_bytes(d, "bench.pdf"))):
            runs = [timed(step, data) for _ in range(RUNS)]
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            best = pages / min(cpus)
            median = pages / statistics.median(cpus)
            print(
                f"{name}: {pages} pages; {label}: CPU {best:.1f} pages/s best, {median:.1f} median; "
                f"wall {pages / min(walls):.1f} best, {pages / statistics.median(walls):.1f} median"
            )
            if label == "whole read":
                meets = median >= TARGET_PAGES_S
                ok = ok and meets
                print(f"  → {'meets' if meets else 'MISSES'} {TARGET_PAGES_S:g} pages/s (median CPU)")
    print(f"peak RSS of this process: {rss_mb():.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
