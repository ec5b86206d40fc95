"""One scanned page read by OCR into the text lines the PDF reader makes.

1. **Orientation and skew** (:mod:`.orient`): the page is stood upright (0, 90, 180 or 270°)
   and straightened (up to 5°).
2. **Tables.** Ruling lines give the grid (:mod:`.grid`). A table row becomes one line, cells
   separated by tabs, merged grid positions empty — as the PDF reader writes a ruled table.
3. **Reading.** The fast way (:mod:`.cascade`, when tesseract is installed): tesseract reads
   the page once, its words go into the cells, RapidOCR re-reads the cells tesseract is unsure
   of. Otherwise RapidOCR alone: each cell with ink is cropped to its ink and read as one line;
   outside the tables its detector finds the lines, boxes on one level are one line, a wide
   gap between them a tab. ``JIXIAO_OCR_ENGINE=rapidocr`` chooses RapidOCR alone.
4. **Time budget.** Reading stops when the page has used its budget; what was read is kept and
   the page says it ran out of time.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np

from jixiao.ingest.ocr import cascade, engine, tesseract
from jixiao.ingest.ocr.grid import INK, Table, find_tables, ink_box
from jixiao.ingest.ocr.orient import rotate, skew, upright

TAB_GAP = 1.8  # a gap of this many line heights between boxes: a new cell


@dataclass(frozen=True, slots=True)
class OcrCell:
    line: int  # 0-based index of the line in the page's lines
    column: int  # 0-based cell index in that line
    box: tuple[int, int, int, int]  # in pixels of the upright page
    reading: engine.Reading


@dataclass(slots=True)
class OcrPage:
    lines: list[str] = field(default_factory=list)
    cells: list[OcrCell] = field(default_factory=list)
    rotation: int = 0  # degrees the page was turned (counter-clockwise) to stand upright
    skew: float = 0.0  # degrees the page was turned (counter-clockwise) to straighten its lines
    tables: int = 0
    timed_out: bool = False
    seconds: float = 0.0
    size: tuple[int, int] = (0, 0)  # width, height of the upright page in pixels
    engine: str = engine.ENGINE
    reread: int = 0  # cells tesseract was unsure of, re-read by RapidOCR (the fast way)
    unread: list[OcrCell] = field(default_factory=list)  # table cells with ink that could not be read

    @property
    def confidence(self) -> float:
        """The mean cell confidence (1.0 for a page with no text)."""
        values = [c.reading.confidence for c in self.cells if c.reading.text]
        return sum(values) / len(values) if values else 1.0


class _Clock:
    def __init__(self, budget: float):
        self.start = time.perf_counter()
        self.budget = budget

    @property
    def over(self) -> bool:
        return time.perf_counter() - self.start > self.budget

    def left(self) -> float:
        return self.budget - (time.perf_counter() - self.start)


def fast() -> bool:
    """Whether pages are read the fast way (tesseract, RapidOCR for what it is unsure of)."""
    return os.environ.get("JIXIAO_OCR_ENGINE", "").lower() != "rapidocr" and tesseract.available()


def engine_name(fast_way: bool) -> str:
    if not fast_way:
        return engine.ENGINE
    return f"{tesseract.version()}（{tesseract.LANGUAGE}）＋{engine.ENGINE}复核低置信度文字"


def read_page(gray: np.ndarray, budget: float = 30.0, dpi: int = 200, fast_way: bool | None = None) -> OcrPage:
    """Read a grey page image (uint8, white paper) scanned at ``dpi``."""
    clock = _Clock(budget)
    out = OcrPage()
    gray, out.rotation = upright(gray)
    out.skew = skew(gray)
    if out.skew:
        gray = rotate(gray, out.skew)
    out.size = (gray.shape[1], gray.shape[0])
    tables, cleaned = find_tables(gray)
    out.tables = len(tables)
    rgb = np.ascontiguousarray(np.stack([cleaned] * 3, axis=2))
    fast_way = fast() if fast_way is None else fast_way
    out.engine = engine_name(fast_way)
    rows: list[tuple[int, list[tuple[tuple[int, int, int, int], engine.Reading] | None]]] = []
    if fast_way:
        if clock.over:
            out.timed_out = True
        else:
            rows, out.timed_out, out.reread = cascade.read(tables, cleaned, rgb, clock.left, dpi)
    else:
        for table in tables:
            if clock.over:
                out.timed_out = True
                break
            rows.extend(_table_rows(table, cleaned, rgb, clock))
        free = rgb.copy()
        for table in tables:
            x0, y0, x1, y1 = table.box
            free[max(y0 - 3, 0) : y1 + 4, max(x0 - 3, 0) : x1 + 4] = 255
        if not clock.over and (free < INK).any():
            rows.extend(_free_rows(engine.detect(free)))
        elif clock.over:
            out.timed_out = True
    rows.sort(key=lambda r: r[0])
    for _, cells in rows:
        index = len(out.lines)
        texts = []
        for column, cell in enumerate(cells):
            if cell is None:
                texts.append("")
                continue
            box, reading = cell
            texts.append(reading.text.replace("\t", " "))
            if reading.text:
                out.cells.append(OcrCell(index, column, box, reading))
            if cascade.unread(reading) and any(_within(box, t.box) for t in tables):
                out.unread.append(OcrCell(index, column, box, reading))
        line = "\t".join(texts)
        if line.strip():
            out.lines.append(line)
        else:
            out.cells = [c for c in out.cells if c.line != index]
            out.unread = [c for c in out.unread if c.line != index]
    out.seconds = time.perf_counter() - clock.start
    return out


def _within(box: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> bool:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


def _table_rows(table: Table, cleaned: np.ndarray, rgb: np.ndarray, clock: _Clock):
    grid: list[list[tuple[tuple[int, int, int, int], engine.Reading] | None]] = [
        [None] * table.columns for _ in table.rows
    ]
    empty = engine.Reading("", 1.0, ())
    boxes, places = [], []
    for cell in table.cells:
        ink = ink_box(cleaned, cell.box)
        grid[cell.row][cell.column] = (cell.box, empty)
        if ink is None:
            continue
        boxes.append(ink)
        places.append((cell.row, cell.column))
    step = 32
    for start in range(0, len(boxes), step):
        if clock.over:
            break
        readings = cascade.read_cells(rgb, cleaned, boxes[start : start + step])
        for (r, c), box, reading in zip(
            places[start : start + step], boxes[start : start + step], readings, strict=True
        ):
            grid[r][c] = (box, reading if reading.text else engine.Reading("", 0.0, ()))
    return [(y0, cells) for (y0, _), cells in zip(table.rows, grid, strict=True)]


def _free_rows(found: list[engine.Detected]):
    rows: list[tuple[int, list]] = []
    current: list[engine.Detected] = []
    for d in sorted(found, key=lambda d: (d.box[1] + d.box[3]) / 2):
        mid = (d.box[1] + d.box[3]) / 2
        if current and not (current[0].box[1] <= mid <= current[0].box[3]):
            rows.append(_free_row(current))
            current = []
        current.append(d)
    if current:
        rows.append(_free_row(current))
    return rows


def _free_row(boxes: list[engine.Detected]):
    boxes = sorted(boxes, key=lambda d: d.box[0])
    cells: list = []
    previous = None
    for d in boxes:
        if previous is not None:
            height = max(previous.box[3] - previous.box[1], 1)
            if (d.box[0] - previous.box[2]) / height < TAB_GAP:
                box, reading = cells[-1]
                merged = engine.Reading(
                    reading.text + " " + d.reading.text,
                    min(reading.confidence, d.reading.confidence),
                    reading.glyphs + d.reading.glyphs,
                )
                cells[-1] = ((box[0], min(box[1], d.box[1]), d.box[2], max(box[3], d.box[3])), merged)
                previous = d
                continue
        cells.append((d.box, d.reading))
        previous = d
    return (min(d.box[1] for d in boxes), cells)
