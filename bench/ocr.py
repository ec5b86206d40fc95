"""OCR of scanned pages: the two ways jixiao reads a scan, on the same synthetic scans.

Scans the project makes itself: seed 002's 收入支出决算总表 and 收入决算表 (pages 1–4; pages 2
and 4 hold the last rows of the two tables),
rendered by WeasyPrint (tests/test_pdf.py), scanned by tests/scans.py (rasterised at 150 dpi by
pypdfium2, wrapped as an image-only PDF) in three states: clean; 1.2° askew + Gaussian blur 0.8 px + noise σ 18; a red
seal over the lower left. Each is read with ``read_bytes`` as ``jixiao check`` reads it, and
compared with the text layer of the same two pages read by the same reader:

* printed: (table, printed text) of every amount the reader found — the print read exactly;
* amounts: (table, column, printed text) — also under its column's heading as printed;
* cells: the same with the row's side, code and name — the amount in its right cell;
* errors: the ``error`` findings of the checks, also on a copy with two arithmetic errors
  injected before rendering (八、其他收入 4,579.15 → 4,579.75 on page 1; 政府办公厅 208.22 →
  208.92 on page 3): every error the text layer gives must come from the scan too, and none
  else;
* seconds per page on the two full pages (1 and 3), clean state, 3 runs, min and median: CPU
  (this process + tesseract's, one thread each — "one core") and wall (the machine is shared).

Engines: ``tesseract+RapidOCR`` (jixiao's default when tesseract is installed: tesseract 5 chi_sim
reads the page, a digits-only second reading confirms doubtful figures, RapidOCR re-reads the
rest of what tesseract is unsure of) and ``RapidOCR`` alone (``JIXIAO_OCR_ENGINE=rapidocr``).
Target (issue 21): ≥ 1 page/s on one core, ≥ 99.5 % of amounts read exactly.
Run: ``PYTHONPATH=. .venv/bin/python bench/ocr.py`` (``--cascade`` measures the default way only).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# a shared machine can take more than the default 60 s for a page: the bench measures, it does not stop
os.environ.setdefault("JIXIAO_OCR_PAGE_SECONDS", "900")

PAGES = (0, 1, 2, 3)
TIMED = (0, 2)  # the two full pages
DPI = 150
RUNS = 3
TARGET_PAGES_S = 1.0
TARGET_AMOUNTS = 0.995
INJECTED = (("4,579.15", "4,579.75"), ("208.22", "208.92"))  # first occurrence: page 1, page 3


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages_pdf(data: bytes, pages: tuple[int, ...] = PAGES) -> bytes:
    from tests.scans import pages_pdf as some_pages

    return some_pages(data, pages)


def scan(data: bytes, state: str) -> bytes:
    """The scan maker of the tests (tests/scans.py)."""
    from tests.scans import scan as scanned

    return scanned(data, state, dpi=DPI)


def amounts(doc, full: bool | None) -> list[tuple]:
    """(table, printed) with ``full`` None, (table, column, printed) with False, the cell with True."""
    if doc.accounts is None:
        return []
    keys = {None: lambda t, e, a: (t.kind, a.raw), False: lambda t, e, a: (t.kind, a.column, a.raw)}
    key = keys.get(full, lambda t, e, a: (t.kind, e.side, e.code, e.name, a.column, a.raw))
    return [
        key(t, e, a)
        for t in doc.accounts.tables
        for e in t.entries
        for a in e.amounts
        if a.raw
    ]


def recall(truth: list, found: list) -> tuple[int, int]:
    have = Counter(found)
    hit = 0
    for t in truth:
        if have[t] > 0:
            have[t] -= 1
            hit += 1
    return hit, len(truth)


def errors(doc) -> Counter:
    from jixiao.checks import run_checks

    return Counter(
        (f.code, f.source.page, f.expected, f.actual) for f in run_checks([doc]).findings if str(f.severity) == "error"
    )


def main() -> int:
    from jixiao.checks import run_checks
    from jixiao.ingest import read_bytes
    from jixiao.ingest.ocr.page import engine_name, fast
    from tests.test_pdf import seed_tables_html

    from weasyprint import HTML  # isort: skip

    html = seed_tables_html()
    wrong_html = html
    for old, new in INJECTED:
        wrong_html = wrong_html.replace(old, new, 1)
    printed = pages_pdf(HTML(string=html).write_pdf())
    wrong = pages_pdf(HTML(string=wrong_html).write_pdf())
    truth, wrong_truth = read_bytes(printed, "p.pdf"), read_bytes(wrong, "p.pdf")
    timed = scan(pages_pdf(HTML(string=html).write_pdf(), TIMED), "clean")
    states = ("clean", "askew, blurred, noisy", "red seal")
    scans = {s: scan(printed, s) for s in states}
    wrong_scan = scan(wrong, "clean")
    expected_errors = errors(wrong_truth)
    numbers = ", ".join(str(p + 1) for p in PAGES)
    timed_numbers = ", ".join(str(p + 1) for p in TIMED)
    print(f"pages {numbers} of seed 002 (timed: {timed_numbers}) at {DPI} dpi; target ≥ {TARGET_AMOUNTS:.1%} "
          f"amounts, ≥ {TARGET_PAGES_S:g} page/s on one core; text layer: {len(amounts(truth, False))} amounts, "
          f"{sum(errors(truth).values())} errors; with the 2 injected errors: {sum(expected_errors.values())} errors")
    engines = [] if "--cascade" in sys.argv[1:] else [("RapidOCR", "rapidocr")]
    if fast():
        engines.insert(0, ("tesseract+RapidOCR", ""))
    else:
        print("tesseract with chi_sim not installed (apt-packages.txt): RapidOCR alone")
    read_bytes(scan(printed, "clean"), "warm.pdf")  # models loaded outside the timing
    for label, value in engines:
        os.environ["JIXIAO_OCR_ENGINE"] = value
        cpus, walls = [], []
        for _ in range(RUNS):
            c, w = cpu(), time.perf_counter()
            read_bytes(timed, "scan.pdf")
            cpus.append((cpu() - c) / len(TIMED))
            walls.append((time.perf_counter() - w) / len(TIMED))
        print(f"\n{label} — {engine_name(value != 'rapidocr')}")
        print(f"  s/page CPU min {min(cpus):.2f} median {statistics.median(cpus):.2f}; "
              f"wall min {min(walls):.2f} median {statistics.median(walls):.2f} "
              f"→ {1 / min(cpus):.2f} page/s on one core (target ≥ {TARGET_PAGES_S:g})")
        for state in states:
            doc = read_bytes(scans[state], "scan.pdf")
            unread = sum(1 for f in run_checks([doc]).findings if f.code == "ocr-cell-unreadable")
            p_hit, p_all = recall(amounts(truth, None), amounts(doc, None))
            a_hit, a_all = recall(amounts(truth, False), amounts(doc, False))
            c_hit, c_all = recall(amounts(truth, True), amounts(doc, True))
            found = errors(doc)
            if found:
                print(f"  {state}: errors {sorted(found)}")
            print(f"  {state:22} printed {p_hit}/{p_all} = {p_hit / p_all:.1%}   "
                  f"amounts {a_hit}/{a_all} = {a_hit / a_all:.1%}   cells {c_hit}/{c_all} = "
                  f"{c_hit / c_all:.1%}   errors on a correct table: {sum(found.values())}; cells unreadable: {unread}")
        doc = read_bytes(wrong_scan, "scan.pdf")
        found = errors(doc)
        doubts = [(f.actual, f.expected) for f in run_checks([doc]).findings if f.code == "ocr-digit-uncertain"]
        missed, extra = expected_errors - found, found - expected_errors
        print(f"  injected errors: {sum(expected_errors.values()) - sum(missed.values())} of "
              f"{sum(expected_errors.values())} found, {sum(extra.values())} others; missed {sorted(missed)}; "
              f"doubts {doubts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
