"""The doubtful digits of what OCR read, for the arithmetic to proof-read.

A digit the model read with low confidence, whose second choice is another digit, gives
another reading of its cell. The readers only record these doubts with the text they read
(:class:`~jixiao.model.ocr.OcrTrace` on the document); the checks, which know the arithmetic,
re-read the text with each other reading and report the doubts whose other reading makes
more identities hold (``jixiao.checks.ocr_proof``) — never corrected.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.ocr.page import OcrCell
from jixiao.model.ocr import OcrDoubt

LOW = 0.90  # a digit read with less probability than this is doubtful
MAX_CANDIDATES = 40  # re-readings per document at most (each re-reads and re-checks the text)


def candidates(cells: list[tuple[int, int, OcrCell]]) -> list[OcrDoubt]:
    """Other readings of numeric cells with a doubtful digit: (line number, page, cell) → doubts."""
    out = []
    for line, page, cell in cells:
        glyphs = cell.reading.glyphs
        text = cell.reading.text
        if not any(g.text.isdigit() for g in glyphs) or any("\u4e00" <= g.text <= "\u9fff" for g in glyphs):
            continue
        for k, g in enumerate(glyphs):
            if g.text.isdigit() and g.confidence < LOW and g.second.isdigit():
                other = "".join(h.text if i != k else g.second for i, h in enumerate(glyphs))
                out.append(OcrDoubt(line, page, cell.column + 1, text, other, Decimal(f"{g.confidence:.2f}")))
    out.sort(key=lambda d: d.confidence)
    return out[:MAX_CANDIDATES]
