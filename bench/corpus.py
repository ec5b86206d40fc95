"""The corpus run: every real document under ../shared/corpus (and the fixture PDFs), read and checked.

For each file it prints the detected kind, the parts read, how many of the numbers printed in the
text went into the model (the rest are kept raw and reported), the findings by severity and code,
and the time taken; for PDFs also pages per second. Targets (issues 13 and 14): no corpus document
``unknown``; budget PDFs read at ≥ 30 pages/s (issue 20; wall time: noisy on a shared machine).
Run on demand (``make bench``); the verdicts on the
findings are in docs/corpus.md.

    .venv/bin/python bench/corpus.py [DIR ...] [--json] [--jobs N]

The files are spread over ``--jobs`` processes (default: the cores; the rows come out in the same
order as with ``--jobs 1``), with a progress bar on standard error when it is a terminal. With more
than one process each file's time is taken while other files are read beside it: for the pages/s
figure against its target run with ``--jobs 1``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.checks import run_checks  # noqa: E402
from jixiao.ingest import read_file  # noqa: E402
from jixiao.model.document import Document  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_DIRS = (SHARED / "corpus" / "text", SHARED / "corpus" / "pdf", SHARED / "fixtures" / "pdf")
TARGET_PDF_PAGES_S = 30.0  # issue 20 item 3 (was 15, issue 14)
NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")
BODY_FIELDS = ("goals", "accounts", "budget", "statement", "forms", "scores")


def parts(doc: Document) -> list[str]:
    """A short Chinese description of what was read, one item per part of the document."""
    out = []
    names = {f.name for f in fields(doc)}
    for name in BODY_FIELDS:
        body = getattr(doc, name, None) if name in names else None
        if body is None:
            continue
        counts = []
        for attr, label in (
            ("projects", "项目"), ("tables", "表"), ("sections", "节"), ("facts", "数"), ("figures", "数"),
            ("self_evaluations", "自评表"), ("evaluations", "评价报告"), ("forms", "表"), ("items", "项"),
            ("score_tables", "得分表"), ("stated_scores", "处文中得分"),
        ):  # fmt: skip
            value = getattr(body, attr, None)
            if isinstance(value, tuple) and value:
                counts.append(f"{len(value)}{label}")
        out.append(f"{name}({'、'.join(counts) or '空'})")
    if len(getattr(doc, "parts", ())) > 1:  # a document of several parts: each with its lines and its reader
        out.extend(f"[{p.first_line}–{p.last_line}行 {p.kind}→{p.read_by}]" for p in doc.parts)
    return out


def numbers(doc: Document) -> tuple[int, int]:
    """(numbers printed on the lines placed in the model, numbers printed on lines kept raw)."""
    unplaced = sum(len(NUMBER.findall(r.text)) for r in doc.unplaced)
    placed_lines = len(doc.placed)
    return placed_lines, unplaced


def run(path: Path) -> dict:
    start = time.perf_counter()
    doc = read_file(path)
    read_s = time.perf_counter() - start
    report = run_checks([doc])
    total_s = time.perf_counter() - start
    by_severity = Counter(f.severity for f in report.findings)
    by_code = Counter(f"{f.severity}:{f.code}" for f in report.findings)
    pages = 0
    if path.suffix.lower() == ".pdf":
        from jixiao.ingest.pdf import extract_text

        pages = len(extract_text(path.read_bytes()).pages)
    placed, raw_numbers = numbers(doc)
    return {
        "file": path.name,
        "kind": doc.kind,
        "parts": parts(doc),
        "lines_placed": placed,
        "numbers_kept_raw": raw_numbers,
        "findings": {k: by_severity.get(k, 0) for k in ("error", "warning", "info")},
        "codes": dict(sorted(by_code.items())),
        "read_s": round(read_s, 3),
        "total_s": round(total_s, 3),
        "pages": pages if path.suffix.lower() == ".pdf" else None,
        "pages_per_s": round(pages / read_s, 1) if path.suffix.lower() == ".pdf" and read_s else None,
    }


def main(argv: list[str]) -> int:
    from jixiao.cli.progress import default_jobs, run_all

    as_json = "--json" in argv
    jobs = default_jobs()
    if "--jobs" in argv:
        at = argv.index("--jobs")
        jobs = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    dirs = [Path(a) for a in argv if not a.startswith("--")] or [d for d in DEFAULT_DIRS if d.exists()]
    if not dirs:
        print(f"注意：没有 {SHARED}/corpus（../shared 不在项目旁边），无可运行的语料。")
        return 0
    files = sorted(p for d in dirs for p in (d.iterdir() if d.is_dir() else [d]) if p.is_file() and p.suffix != ".md")
    start = time.perf_counter()
    rows = run_all(run, files, jobs, "语料", [p.name for p in files])
    wall = time.perf_counter() - start
    if as_json:
        print(json.dumps({"documents": rows}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            f = r["findings"]
            speed = f"  {r['pages']}页 {r['pages_per_s']}页/秒" if r["pages"] else ""
            print(
                f"{r['file']}: {r['kind']}  {' '.join(r['parts']) or '-'}  "
                f"错误{f['error']} 警告{f['warning']} 提示{f['info']}  原样保留的数字{r['numbers_kept_raw']}  "
                f"{r['total_s']:.2f}s{speed}"
            )
            for code, n in r["codes"].items():
                if not code.startswith("info:"):
                    print(f"    {code} ×{n}")
    unknown = [r["file"] for r in rows if r["kind"] == "unknown"]
    budget = [r for r in rows if r["kind"] == "budget" and r["pages_per_s"]]
    print(f"\n{len(rows)} documents in {wall:.1f} s wall ({jobs} processes)"
          f"; unknown: {len(unknown)} (target 0){': ' + ', '.join(unknown) if unknown else ''}")
    if budget:
        pages = sum(r["pages"] for r in budget)
        secs = sum(r["read_s"] for r in budget)
        speed = pages / secs
        verdict = "meets" if speed >= TARGET_PDF_PAGES_S else "MISSES"
        print(f"budget PDFs: {pages} pages at {speed:.1f} pages/s — {verdict} the target of {TARGET_PDF_PAGES_S:g}")
    errors = sum(r["findings"]["error"] for r in rows)
    warnings = sum(r["findings"]["warning"] for r in rows)
    print(f"findings: {errors} errors, {warnings} warnings (each judged in docs/corpus.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
