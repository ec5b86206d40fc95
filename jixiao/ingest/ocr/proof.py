"""The arithmetic of the tables proof-reads what OCR read.

A digit the model read with low confidence, whose second choice is another digit, gives
another reading of its cell. When the document's identities (totals, sums of rows, every
arithmetic check jixiao has) break with the first reading and fewer break with the other,
the cell is reported as ``ocr-digit-uncertain`` with both readings — never corrected: the
document keeps what the page shows as read.

The checks live above the readers (``jixiao.checks``), so they register the counter of
broken identities here (:func:`register_counter`); without it nothing is proof-read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jixiao.ingest.ocr.page import OcrCell
from jixiao.model.document import Document

LOW = 0.90  # a digit read with less probability than this is doubtful
MAX_CANDIDATES = 40  # re-readings per document at most (each re-reads and re-checks the text)

Counter = Callable[[Document], int]
_COUNTERS: list[Counter] = []


def register_counter(counter: Counter) -> None:
    """``counter(doc)`` → the number of arithmetic identities that do not hold in ``doc``."""
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)


def counter() -> Counter | None:
    return _COUNTERS[-1] if _COUNTERS else None


@dataclass(frozen=True, slots=True)
class Doubt:
    line: int  # 1-based line number in the joined text
    page: int
    column: int  # 1-based cell
    read: str
    other: str
    confidence: float  # of the doubtful digit


def candidates(cells: list[tuple[int, int, OcrCell]]) -> list[Doubt]:
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
                out.append(Doubt(line, page, cell.column + 1, text, other, g.confidence))
    out.sort(key=lambda d: d.confidence)
    return out[:MAX_CANDIDATES]


def proofread(text: str, doubts: list[Doubt], read: Callable[[str], Document], base: Document) -> list[Doubt]:
    """The doubts whose other reading makes more identities hold than the reading kept."""
    count = counter()
    if count is None or not doubts:
        return []
    broken = count(base)
    if broken == 0:
        return []
    lines = text.split("\n")
    found = []
    for d in doubts:
        cells = lines[d.line - 1].split("\t")
        if d.column > len(cells) or cells[d.column - 1] != d.read:
            continue
        cells[d.column - 1] = d.other
        changed = lines.copy()
        changed[d.line - 1] = "\t".join(cells)
        if count(read("\n".join(changed))) < broken:
            found.append(d)
    return found
