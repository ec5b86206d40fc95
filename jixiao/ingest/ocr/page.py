"""One scanned page read by OCR into the text lines the PDF reader makes.

1. **Orientation.** The detector runs on a small copy of the page; when most text lines it
   finds are taller than wide, the page lies on its side (a landscape page scanned upright
   or the reverse): both quarter turns are read on a few lines and the one read with more
   confidence wins. Then a small skew (up to 5°) is straightened: the angle at which the rows
   of ink are sharpest.
2. **Tables.** Ruling lines give the grid (:mod:`.grid`); each cell with ink is cropped to its
   ink and read as one line. A table row becomes one line, cells separated by tabs, merged
   grid positions empty — as the PDF reader writes a ruled table.
3. **Free text.** Outside the tables the detector finds the lines; boxes on one level are one
   line, a wide gap between them a tab.
4. **Time budget.** Reading stops when the page has used its budget; what was read is kept and
   the page says it ran out of time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from jixiao.ingest.ocr import engine
from jixiao.ingest.ocr.grid import Table, find_tables

INK = 160  # grey below this is ink
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


def read_page(gray: np.ndarray, budget: float = 30.0) -> OcrPage:
    """Read a grey page image (uint8, white paper)."""
    clock = _Clock(budget)
    out = OcrPage()
    turns = _quarter_turns(gray)
    if turns:
        gray = np.ascontiguousarray(np.rot90(gray, turns))
        out.rotation = 90 * turns
    out.skew = _skew(gray)
    if out.skew:
        gray = _rotate(gray, out.skew)
    out.size = (gray.shape[1], gray.shape[0])
    tables, cleaned = find_tables(gray)
    out.tables = len(tables)
    rows: list[tuple[int, list[tuple[tuple[int, int, int, int], engine.Reading] | None]]] = []
    rgb = np.ascontiguousarray(np.stack([cleaned] * 3, axis=2))
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
        line = "\t".join(texts)
        if line.strip():
            out.lines.append(line)
        else:
            out.cells = [c for c in out.cells if c.line != index]
    out.seconds = time.perf_counter() - clock.start
    return out


def _ink_box(cleaned: np.ndarray, box: tuple[int, int, int, int], margin: int = 4):
    x0, y0, x1, y1 = box
    sub = cleaned[y0:y1, x0:x1] < INK
    if sub.sum() < 6:
        return None
    ys = np.where(sub.any(axis=1))[0]
    xs = np.where(sub.any(axis=0))[0]
    return (
        max(x0 + int(xs[0]) - margin, x0),
        max(y0 + int(ys[0]) - margin, y0),
        min(x0 + int(xs[-1]) + margin + 1, x1),
        min(y0 + int(ys[-1]) + margin + 1, y1),
    )


def _table_rows(table: Table, cleaned: np.ndarray, rgb: np.ndarray, clock: _Clock):
    grid: list[list[tuple[tuple[int, int, int, int], engine.Reading] | None]] = [
        [None] * table.columns for _ in table.rows
    ]
    empty = engine.Reading("", 1.0, ())
    boxes, crops, places = [], [], []
    for cell in table.cells:
        ink = _ink_box(cleaned, cell.box)
        grid[cell.row][cell.column] = (cell.box, empty)
        if ink is None:
            continue
        boxes.append(ink)
        crops.append(rgb[ink[1] : ink[3], ink[0] : ink[2]])
        places.append((cell.row, cell.column))
    step = 32
    for start in range(0, len(crops), step):
        if clock.over:
            break
        readings = engine.read_lines(crops[start : start + step])
        for (r, c), box, reading in zip(
            places[start : start + step], boxes[start : start + step], readings, strict=True
        ):
            grid[r][c] = (box, reading)
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


SKEW_LIMIT = 5.0  # degrees: scans are straightened up to this much
SKEW_STEP = 0.1


def _skew(gray: np.ndarray) -> float:
    """The small angle (degrees) that makes the page's lines horizontal: the one at which the
    rows of ink are sharpest (the variance of the row profile is largest), coarse then fine."""
    import cv2

    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = (small < INK).astype(np.float32)
    if ink.sum() < 50:
        return 0.0

    def sharpness(angle: float) -> float:
        turned = _rotate(ink, angle, fill=0.0)
        return float(turned.sum(axis=1).var())

    best = max(np.arange(-SKEW_LIMIT, SKEW_LIMIT + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.51, SKEW_STEP), key=sharpness)
    return 0.0 if abs(best) < 0.15 else round(float(best), 2)


def _rotate(image: np.ndarray, angle: float, fill: float = 255.0) -> np.ndarray:
    """``image`` turned ``angle`` degrees counter-clockwise about its centre, same size."""
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def _quarter_turns(gray: np.ndarray) -> int:
    """0, 1 or 3 quarter turns (``np.rot90``) that stand the page upright."""
    import cv2

    scale = min(1.0, 960 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, cleaned = find_tables(small)
    found = engine.boxes(np.ascontiguousarray(np.stack([cleaned] * 3, axis=2)))
    boxes = [box for box in found if max(box[2] - box[0], box[3] - box[1]) > 3 * min(box[2] - box[0], box[3] - box[1])]
    tall = [b for b in boxes if b[3] - b[1] > b[2] - b[0]]
    if len(tall) * 2 <= len(boxes) or not tall:
        return 0
    tall.sort(key=lambda b: b[3] - b[1], reverse=True)
    sample = []
    for x0, y0, x1, y1 in tall[:4]:
        x0, y0 = int(x0 / scale), int(y0 / scale)
        x1, y1 = int(x1 / scale), int(y1 / scale)
        sample.append(np.ascontiguousarray(np.stack([gray[y0:y1, x0:x1]] * 3, axis=2)))
    scores = {}
    for turns in (1, 3):
        readings = engine.read_lines([np.ascontiguousarray(np.rot90(s, turns)) for s in sample])
        scores[turns] = sum(_score(r) for r in readings)
    return max(scores, key=lambda t: scores[t])


def _score(reading: engine.Reading) -> float:
    if not reading.glyphs:
        return 0.0
    return sum(g.confidence for g in reading.glyphs) / len(reading.glyphs) * len(reading.glyphs) ** 0.5
