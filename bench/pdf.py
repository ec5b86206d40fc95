"""Reading speed (pages per second) and peak memory of the PDF reader.

Target (issue #4): at least 10 pages/s. Measured on the real fixture PDF (上海市普陀区
社会工作部 2024 决算, 24 pages) and on seed 002's nine tables rendered to a PDF by
WeasyPrint (the same generator the tests use). Each file is read repeatedly until about
2 s have passed; "text layer" times only the PDF → text step, "whole read" includes the
text readers. Peak memory is Python's (tracemalloc) for one whole read. The target is
judged on the fixture; pages without vector graphics take the fast pypdfium2 path, pages
with ruled tables pay for pdfminer's content-stream parser (pdfplumber), which dominates.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.ingest import read_bytes  # noqa: E402
from jixiao.ingest.pdf import extract_text  # noqa: E402

# The real PDF is not part of the project: it lives in ../shared beside the checkout (README, "Test documents").
FIXTURE = ROOT.parent / "shared" / "fixtures" / "pdf" / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TARGET_PAGES_S = 10.0


def pages_per_second(data: bytes, step, seconds: float = 2.0) -> tuple[float, int]:
    pages = len(extract_text(data).pages)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or n == 0:
        step(data)
        n += 1
    return pages * n / (time.perf_counter() - start), pages


def peak_memory(data: bytes) -> float:
    tracemalloc.start()
    read_bytes(data, "bench.pdf")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> int:
    from tests.test_pdf import seed_tables_pdf

    print(f"target: ≥ {TARGET_PAGES_S:g} pages/s")
    cases = [("seed 002 tables (WeasyPrint)", seed_tables_pdf())]
    if FIXTURE.exists():
        cases.insert(0, (FIXTURE.name, FIXTURE.read_bytes()))
    else:
        print(f"注意：没有 {FIXTURE}（../shared 不在项目旁边），只测项目自己生成的PDF。")
    fixture_speed = 0.0
    for name, data in cases:
        text_speed, pages = pages_per_second(data, extract_text)
        whole_speed, _ = pages_per_second(data, lambda d: read_bytes(d, "bench.pdf"))
        if name == FIXTURE.name:
            fixture_speed = whole_speed
        print(
            f"{name}: {pages} pages; text layer {text_speed:.1f} pages/s; whole read {whole_speed:.1f} pages/s; "
            f"peak memory {peak_memory(data):.1f} MB"
        )
    if not FIXTURE.exists():
        return 0
    ok = fixture_speed >= TARGET_PAGES_S
    print(
        f"fixture PDF: {fixture_speed:.1f} pages/s — {'meets' if ok else 'MISSES'} the target of "
        f"{TARGET_PAGES_S:g} pages/s (the generated PDF is all dense tables: pdfminer costs more per page)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
