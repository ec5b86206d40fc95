"""OCR of scanned pages: two offline engines compared on the same pages, and jixiao's speed.

Pages: seed 002's 收入支出决算总表 (page 1) and 收入决算表 (page 3), rendered by WeasyPrint
(tests/test_pdf.py), rasterised at 200 dpi by pypdfium2. The truth is the same page's text
layer read by jixiao's PDF reader.

* amounts: printed amounts (``1,234.56``) of the text layer found, exactly, in the OCR output
  (as a multiset: each printed amount must be read once);
* Chinese: Han characters of the text layer found in the OCR output (multiset);
* seconds per page, one thread (onnxruntime ``intra_op_num_threads=1``, tesseract
  ``OMP_THREAD_LIMIT=1``).

Engines: RapidOCR 1.4.4 (PP-OCRv4 ONNX models inside its wheel) as jixiao uses it (ruling
lines → cells → recogniser, free text → detector), and Debian's tesseract 5 with chi_sim
on the whole page, with and without the ruling lines (psm 6, a uniform block; psm 4, a
column). Target (issue 21): ≥ 1 page/s on one core, ≥ 99.5 % of amounts read exactly.
Run: ``PYTHONPATH=. .venv/bin/python bench/ocr.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AMOUNT = re.compile(r"\d[\d,]*\.\d{2}")
HAN = re.compile(r"[\u4e00-\u9fff]")
PAGES = (0, 2)
DPI = 200
TARGET_PAGES_S = 1.0
TARGET_AMOUNTS = 0.995


def recall(truth: list[str], found: list[str]) -> tuple[int, int]:
    have = Counter(found)
    hit = 0
    for t in truth:
        if have[t] > 0:
            have[t] -= 1
            hit += 1
    return hit, len(truth)


def tesseract(path: str, psm: int) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    out = subprocess.run(
        ["tesseract", path, "-", "-l", "chi_sim", "--psm", str(psm)], capture_output=True, text=True, env=env
    )
    # tesseract spaces out Chinese characters: spaces next to one go; spaces between figures stay,
    # they separate the 行次 from the amount
    return re.sub(r"(?<=[\u4e00-\u9fff]) +| +(?=[\u4e00-\u9fff])", "", out.stdout)


def main() -> int:
    import numpy as np
    import pypdfium2

    from jixiao.ingest.ocr import ENGINE, read_page
    from jixiao.ingest.ocr.grid import find_tables
    from jixiao.ingest.pdf import extract_text
    from tests.test_pdf import seed_tables_pdf

    data = seed_tables_pdf()
    text = extract_text(data)
    doc = pypdfium2.PdfDocument(data)
    images = [np.asarray(doc[i].render(scale=DPI / 72).to_pil().convert("L")) for i in PAGES]
    truths = ["\n".join(text.pages[i].lines) for i in PAGES]
    read_page(images[0][:200, :400])  # load the models outside the timing
    results: dict[str, list[tuple[str, float]]] = {}
    for image in images:
        start = time.perf_counter()
        page = read_page(image, budget=600)
        results.setdefault(f"{ENGINE}，按表格线切格", []).append(("\n".join(page.lines), time.perf_counter() - start))
    if shutil.which("tesseract"):
        from PIL import Image

        with tempfile.TemporaryDirectory() as tmp:
            for k, image in enumerate(images):
                plain = f"{tmp}/p{k}.png"
                Image.fromarray(image).save(plain)
                ruled = f"{tmp}/r{k}.png"
                Image.fromarray(find_tables(image)[1]).save(ruled)
                for label, path, psm in (
                    ("tesseract 5 chi_sim，整页 psm 6", plain, 6),
                    ("tesseract 5 chi_sim，去表格线 psm 6", ruled, 6),
                    ("tesseract 5 chi_sim，去表格线 psm 4", ruled, 4),
                ):
                    start = time.perf_counter()
                    out = tesseract(path, psm)
                    results.setdefault(label, []).append((out, time.perf_counter() - start))
    else:
        print("tesseract not installed (apt-packages.txt: tesseract-ocr tesseract-ocr-chi-sim): compared with nothing")
    print(f"pages: {len(PAGES)} at {DPI} dpi; target ≥ {TARGET_AMOUNTS:.1%} amounts, ≥ {TARGET_PAGES_S:g} page/s")
    print(f"{'engine':44} {'amounts':>16} {'Chinese chars':>18} {'s/page':>8}")
    for label, runs in results.items():
        a = [recall(AMOUNT.findall(t), AMOUNT.findall(o)) for t, (o, _) in zip(truths, runs, strict=True)]
        h = [recall(HAN.findall(t), HAN.findall(o)) for t, (o, _) in zip(truths, runs, strict=True)]
        ah, at = sum(x for x, _ in a), sum(y for _, y in a)
        hh, ht = sum(x for x, _ in h), sum(y for _, y in h)
        seconds = sum(s for _, s in runs) / len(runs)
        print(f"{label:44} {ah:4}/{at:<4} {ah / at:6.1%} {hh:5}/{ht:<5} {hh / ht:6.1%} {seconds:8.2f}")
    ours = next(iter(results.values()))
    rate = len(ours) / sum(s for _, s in ours)
    verdict = "met" if rate >= TARGET_PAGES_S else "NOT met"
    print(f"jixiao OCR: {rate:.3f} pages/s on one thread — target ≥ {TARGET_PAGES_S:g} page/s {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
