"""The fast reading of a scanned page: tesseract reads the whole page once (its ruling lines
removed), each word is put into the table cell its centre falls in (the grid comes from the
ruling lines, :mod:`.grid`), and RapidOCR re-reads only the cells tesseract is unsure of:

* a word read with confidence below :data:`CONFIDENT`;
* a cell with ink but no word, or a word that spans two cells (a rule's residue can glue
  the 行次 to the amount next to it);
* a cell of one character (``7`` read as ``了``), or one starting with a quote mark;
* a cell with fewer characters than its ink is wide (``2`` for ``21``), or figures with other
  decimals than the rest of their column (``000`` among ``0.00``) — these go to RapidOCR
  directly;
* a cell of figures that is not shaped like a number (``4，579.15`` with a Chinese comma,
  ``5,279.12!``, ``000`` with a leading zero), or ``4579.15`` on a page that groups thousands
  (the comma lost).

RapidOCR's reading replaces tesseract's for those cells, with every character's probability
and the model's second choice (what the arithmetic proof-reader needs). Outside the tables,
tesseract's lines are cut into cells at wide gaps, as the free text of the PDF reader.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import numpy as np

from jixiao.ingest.ocr import engine, tesseract
from jixiao.ingest.ocr.grid import Table, ink_box, text_lines
from jixiao.ingest.text import join_wrapped

CONFIDENT = 0.60  # tesseract's word confidence below which a cell is doubtful (docs/ocr.md) …
CONFIDENT_HAN = 0.80  # … a cell with Chinese characters …
CONFIDENT_SHORT = 0.95  # … and a short one (≤ 4 characters: headings like 项目, cheap to re-read)
TAB_GAP = 1.8  # a gap of this many line heights between words: a new cell
FIGURES = re.compile(r"[\d,，.。%()（）\-－+]+")
UNGROUPED = re.compile(r"-?\d{4,}\.\d+")  # 4579.15 where the page prints 4,579.15
GROUPED = re.compile(r"\d,\d{3}")
# a number as printed: no leading zero (``000`` is ``0.00`` with its point lost), thousands
# grouped or not, decimals, a sign, brackets or a per cent
NUMBER = re.compile(r"[-(（]?(0|[1-9]\d{0,2}(,\d{3})*|[1-9]\d*)(\.\d+)?%?[)）]?")
HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff]")
# figures with stray marks, as a cell of a table prints no other text of digits and punctuation
MARKED = re.compile(r"[\d,，.。%()（）\-－+!！|:：;；'\"“”‘’]*\d[\d,，.。%()（）\-－+!！|:：;；'\"“”‘’]*")
DATE = re.compile(r"\d{4}[-./]\d{1,2}")  # 2023.12.31, 2023-1: a date, not a misread number

Box = tuple[int, int, int, int]
Placed = tuple[Box, engine.Reading]
Row = tuple[int, list[Placed | None]]


def read(tables: list[Table], cleaned: np.ndarray, rgb: np.ndarray, seconds_left: Callable[[], float], dpi: int):
    """(rows of the page: top y and its cells, timed out?, cells re-read by RapidOCR)."""
    plain = _plain(tables, cleaned)
    try:
        words = tesseract.words(plain, dpi, timeout=seconds_left())
    except subprocess.TimeoutExpired:
        return [], True, 0
    grouped = any(GROUPED.search(w.text) for w in words)
    rows: list[Row] = []
    doubtful: list[tuple[list[Placed | None], int, Box, bool]] = []  # row's cells, index, ink box, may be confirmed
    inside = [False] * len(words)
    for table in tables:
        rows.extend(_table(table, words, inside, cleaned, doubtful, grouped))
    for line in _free_lines([w for w, taken in zip(words, inside, strict=True) if not taken]):
        cells: list[Placed | None] = []
        top = min(w.box[1] for segment in line for w in segment)
        for segment in line:
            box = (
                min(w.box[0] for w in segment),
                min(w.box[1] for w in segment),
                max(w.box[2] for w in segment),
                max(w.box[3] for w in segment),
            )
            reading = _reading(segment)
            cells.append((box, reading))
            if min(w.confidence for w in segment) < _confident(reading.text):
                doubtful.append((cells, len(cells) - 1, _pad(box, cleaned.shape), True))
        rows.append((top, cells))
    doubtful = _confirmed_figures(doubtful, plain, dpi, seconds_left)
    timed_out = False
    step = 32
    for start in range(0, len(doubtful), step):
        if seconds_left() <= 0:
            timed_out = True
            break
        chunk = doubtful[start : start + step]
        readings = read_cells(rgb, cleaned, [b for _, _, b, _ in chunk])
        for (cells, k, box, _), reading in zip(chunk, readings, strict=True):
            if reading.text:
                cells[k] = (box, reading)
    return rows, timed_out, len(doubtful)


def read_cells(rgb: np.ndarray, cleaned: np.ndarray, boxes: list[Box]) -> list[engine.Reading]:
    """Each cell (its ink box) read by RapidOCR, all its lines: a wrapped cell's lines are read
    one by one (the recogniser reads one line) and joined as the PDF reader joins them."""
    lines = [[ink_box(cleaned, band) or band for band in text_lines(cleaned, box)] for box in boxes]
    flat = engine.read_lines([rgb[b[1] : b[3], b[0] : b[2]] for cell in lines for b in cell])
    out, k = [], 0
    for cell in lines:
        parts = [r for r in flat[k : k + len(cell)] if r.text]
        k += len(cell)
        if len(parts) == 1:
            out.append(parts[0])
        elif not parts:
            out.append(engine.Reading("", 1.0, ()))
        else:
            text, glyphs = "", tuple[engine.Glyph, ...]()
            for r in parts:
                joined = join_wrapped([text, r.text])
                space = (engine.Glyph(" ", 1.0, "", 0.0),) if len(joined) > len(text) + len(r.text) else ()
                text, glyphs = joined, glyphs + space + r.glyphs
            out.append(engine.Reading(text, min(r.confidence for r in parts), glyphs))
    return out


def _table(
    table: Table, words: list[tesseract.Word], inside: list[bool], cleaned: np.ndarray, doubtful: list, grouped: bool
):
    tx0, ty0, tx1, ty1 = table.box
    mine = [
        k
        for k, w in enumerate(words)
        if tx0 <= (w.box[0] + w.box[2]) / 2 <= tx1 and ty0 <= (w.box[1] + w.box[3]) / 2 <= ty1
    ]
    grid: list[list[Placed | None]] = [[None] * table.columns for _ in table.rows]
    held: dict[int, list[tesseract.Word]] = {}
    spanned: set[int] = set()
    for k in mine:
        inside[k] = True
        w = words[k]
        area = max((w.box[2] - w.box[0]) * (w.box[3] - w.box[1]), 1)
        touched = [i for i, c in enumerate(table.cells) if _overlap(w.box, c.box) > 0.2 * area]
        if len(touched) > 1:
            spanned.update(touched)
        if touched:
            held.setdefault(max(touched, key=lambda i: _overlap(w.box, table.cells[i].box)), []).append(w)
    empty = engine.Reading("", 1.0, ())
    nothing = engine.Reading("", 0.0, ())  # ink, but no word on it
    read: list[tuple[int, tuple[int, int, int, int], engine.Reading]] = []
    for i, cell in enumerate(table.cells):
        ink = ink_box(cleaned, cell.box)
        found = held.get(i, [])
        if ink is None:
            grid[cell.row][cell.column] = (cell.box, empty)
            continue
        reading = _reading(sorted(found, key=lambda w: (w.line, w.box[0]))) if found else nothing
        grid[cell.row][cell.column] = (ink, reading)
        read.append((i, ink, reading))
    places: dict[int, list[int]] = {}  # column → decimals of its figures
    for i, _, reading in read:
        if FIGURES.fullmatch(reading.text):
            places.setdefault(table.cells[i].column, []).append(_decimals(reading.text))
    usual = {column: max(set(d), key=d.count) for column, d in places.items() if len(d) >= 3}
    for i, ink, reading in read:
        cell = table.cells[i]
        text = reading.text
        figures = FIGURES.fullmatch(text) is not None
        odd = (figures and _decimals(text) != usual.get(cell.column, _decimals(text))) or _too_short(text, ink)
        unsure = not text or i in spanned or reading.confidence < _confident(text) or text[:1] in QUOTES
        digits = any(ch.isdigit() for ch in text) and not HAN.search(text)  # figures, maybe with stray marks
        misshapen = digits and (not NUMBER.fullmatch(text) or (grouped and UNGROUPED.fullmatch(text) is not None))
        if odd or unsure or misshapen or len(text) == 1:
            # one figure (a 行次) may be confirmed by the digits-only reading; ``7`` read ``了`` is not
            doubtful.append((grid[cell.row], cell.column, ink, not odd and (len(text) > 1 or text.isdigit())))
    return [(y0, cells) for (y0, _), cells in zip(table.rows, grid, strict=True)]


def unread(reading: engine.Reading) -> bool:
    """A table cell with ink whose reading is no reading: nothing read (confidence 0), or
    figures with marks that no number is printed with (``19.718.71``, ``5,279.12!``)."""
    text = reading.text
    if not text:
        return reading.confidence == 0.0
    return MARKED.fullmatch(text) is not None and not NUMBER.fullmatch(text) and not DATE.match(text)


def _confident(text: str) -> float:
    if not any(ord(ch) > 0x2E80 for ch in text):
        return CONFIDENT
    return CONFIDENT_SHORT if len(text) <= 4 else CONFIDENT_HAN


def _decimals(text: str) -> int:
    return len(text.rsplit(".", 1)[1]) if "." in text else 0


def _too_short(text: str, ink: Box, margin: int = 4) -> bool:
    """Fewer characters read than the ink is wide (a figure or a character lost): a Chinese
    character is about as wide as the line is high, a figure about half."""
    height = max(ink[3] - ink[1] - 2 * margin, 1)
    expected = sum(height if ord(ch) > 0x2E80 else 0.62 * height for ch in text)
    return ink[2] - ink[0] - 2 * margin > 1.35 * expected + 0.7 * height


def _confirmed_figures(doubtful: list, plain: np.ndarray, dpi: int, seconds_left: Callable[[], float]) -> list:
    """The doubtful cells left when those of figures that a second, digits-only reading by
    tesseract (English model, ``tessedit_char_whitelist``) reads the same way are taken (a
    low word confidence alone is common for correct figures in tesseract's Chinese model)."""
    figures = {k: core for k, (cells, i, _, may) in enumerate(doubtful) if may and (core := _figures_read(cells[i]))}
    if not figures:
        return doubtful
    crops = [plain[b[1] : b[3], b[0] : b[2]] for _, _, b, _ in (doubtful[k] for k in figures)]
    try:
        again = tesseract.figures(crops, dpi, timeout=seconds_left())
    except subprocess.TimeoutExpired:
        return doubtful
    agreed = set()
    for (k, core), text in zip(figures.items(), again, strict=True):
        if text == core:
            cells, i, _, _ = doubtful[k]
            box, reading = cells[i]
            cells[i] = (box, engine.Reading(core, reading.confidence, _glyphs(core, reading.confidence)))
            agreed.add(k)
    return [d for k, d in enumerate(doubtful) if k not in agreed]


def _figures_read(cell) -> str:
    """The figures tesseract read in the cell, without the phantom quote mark it puts before a
    word after a wide gap (psm 6) or a full stop after it; "" when the cell is not figures."""
    if cell is None:
        return ""
    core = cell[1].text.lstrip(QUOTES).rstrip("。")
    return core if (len(core) > 1 or core.isdigit()) and NUMBER.fullmatch(core) else ""


def _glyphs(text: str, confidence: float) -> tuple[engine.Glyph, ...]:
    return tuple(engine.Glyph(ch, confidence, "", 0.0) for ch in text)


def _plain(tables: list[Table], cleaned: np.ndarray) -> np.ndarray:
    """What tesseract reads: inside a table only the insides of its cells (no trace of a rule
    is left to be read as a quote mark), and light grey made paper."""
    plain = cleaned.copy()
    for table in tables:
        x0, y0, x1, y1 = table.box
        inner = cleaned[max(y0 - 3, 0) : y1 + 4, max(x0 - 3, 0) : x1 + 4].copy()
        plain[max(y0 - 3, 0) : y1 + 4, max(x0 - 3, 0) : x1 + 4] = 255
        for cell in table.cells:
            a, b, c, d = cell.box
            plain[b:d, a:c] = inner[b - max(y0 - 3, 0) : d - max(y0 - 3, 0), a - max(x0 - 3, 0) : c - max(x0 - 3, 0)]
    plain[plain >= 200] = 255
    return plain


QUOTES = "“”\"'‘’"


def _overlap(a: Box, b: Box) -> int:
    return max(0, min(a[2], b[2]) - max(a[0], b[0])) * max(0, min(a[3], b[3]) - max(a[1], b[1]))


def _reading(found: list[tesseract.Word]) -> engine.Reading:
    text = ""
    for w in found:
        if text and text[-1].isascii() and text[-1].isalnum() and w.text[0].isascii() and w.text[0].isalnum():
            text += " "
        text += w.text
    confidence = min(w.confidence for w in found)
    return engine.Reading(text, confidence, _glyphs(text, confidence))


def _free_lines(found: list[tesseract.Word]) -> list[list[list[tesseract.Word]]]:
    """Words outside the tables in lines (a word whose middle is within the first word's height
    is on its line), each line cut into segments at wide gaps."""
    lines: list[list[tesseract.Word]] = []
    for w in sorted(found, key=lambda w: (w.box[1] + w.box[3]) / 2):
        middle = (w.box[1] + w.box[3]) / 2
        if lines and lines[-1][0].box[1] <= middle <= lines[-1][0].box[3]:
            lines[-1].append(w)
        else:
            lines.append([w])
    out = []
    for words in lines:
        words.sort(key=lambda w: w.box[0])
        segments = [[words[0]]]
        for w in words[1:]:
            previous = segments[-1][-1]
            height = max(previous.box[3] - previous.box[1], w.box[3] - w.box[1], 1)
            if (w.box[0] - previous.box[2]) / height >= TAB_GAP:
                segments.append([w])
            else:
                segments[-1].append(w)
        out.append(segments)
    return out


def _pad(box: Box, shape: tuple[int, ...], margin: int = 4) -> Box:
    h, w = shape[:2]
    return (max(box[0] - margin, 0), max(box[1] - margin, 0), min(box[2] + margin, w), min(box[3] + margin, h))
