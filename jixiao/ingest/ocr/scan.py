"""Scanned pages of a PDF: render each page without text at the reading resolution (in colour,
so that red stamps can be dropped) and OCR it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from jixiao.ingest.ocr.page import OcrPage, read_page
from jixiao.ingest.ocr.progress import notify

DPI = 200  # printed 7.5 pt figures are about 20 px high: what the recogniser reads best
PAPER = 200  # red-channel grey at least this light is paper (a red stamp is about 220)
RED_OVER = 20  # a pixel whose red exceeds its green and blue by more than this is seal ink …
RED_PAPER = 145  # … and paper when its red is at least this light (black print under it stays darker)
PAGE_SECONDS = float(os.environ.get("JIXIAO_OCR_PAGE_SECONDS", "60"))  # a page's time budget


@dataclass(frozen=True, slots=True)
class ScanResult:
    page: OcrPage | None
    error: str | None = None  # in Chinese


def paper(rgb):
    """The grey page OCR reads, with red stamps and seals dropped out: the red channel, in which
    red seal ink is nearly as light as the paper while black and blue ink stay dark (red printed
    text is lost too). What is that light is made paper, and so is every reddish pixel (red well
    above green and blue) that is not dark: the fringe of a seal's ring, which JPEG compression
    and anti-aliasing leave greyer than the ring itself, would otherwise be read as marks (a
    ``!`` after a figure, a row name lost). Black print under the seal stays black."""
    import numpy as np

    red = np.array(rgb[:, :, 0], dtype=np.uint8, copy=True)
    over = red.astype(np.int16) - np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    red[(over > RED_OVER) & (red >= RED_PAPER)] = 255
    red[red >= PAPER] = 255
    return red


def ocr_pages(data: bytes, numbers: list[int], budget: float = PAGE_SECONDS) -> dict[int, ScanResult]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data``; never raises."""
    from jixiao.ingest.ocr.engine import available

    if not numbers:
        return {}
    if not available():
        return {n: ScanResult(None, "未安装OCR组件（rapidocr_onnxruntime），扫描页无法识别") for n in numbers}
    import numpy as np
    import pypdfium2

    out: dict[int, ScanResult] = {}
    doc = pypdfium2.PdfDocument(data)
    try:
        for done, n in enumerate(numbers):
            notify(done, len(numbers), n)
            try:
                page = doc[n - 1]
                image = np.asarray(page.render(scale=DPI / 72).to_pil().convert("RGB"))
                page.close()
                out[n] = ScanResult(read_page(paper(image), budget, dpi=DPI))
            except Exception as e:  # one page that cannot be read must not stop the others
                out[n] = ScanResult(None, f"识别出错（{type(e).__name__}）")
    finally:
        doc.close()
    notify(len(numbers), len(numbers), 0)
    return out
