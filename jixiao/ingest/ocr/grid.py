"""Table structure of a scanned page from its ruling lines.

Horizontal and vertical rules are found by morphological opening of the binarised image
(a long thin kernel keeps only long straight runs). Each connected group of rules is a
table; its distinct rule positions give the grid. A grid cell whose right (or lower) rule
is missing is merged with its neighbour: the merged box is one cell and the grid positions
it covers come out empty, as the PDF reader gives merged cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INK = 160  # grey below this is ink
VERTICAL = 70  # a vertical rule meeting a horizontal one: at least 1/70 of the page high (beside a form row)


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    column: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, inside the rules


@dataclass(frozen=True, slots=True)
class Table:
    box: tuple[int, int, int, int]
    rows: tuple[tuple[int, int], ...]  # y0, y1 of each grid row
    columns: int
    cells: tuple[Cell, ...]  # one per box (merged cells once, at their top-left position)


def _positions(profile: np.ndarray, minimum: int) -> list[int]:
    """Centres of the runs where ``profile`` ≥ ``minimum`` (a rule several pixels thick is one)."""
    on = profile >= minimum
    out, start = [], None
    for i, flag in enumerate(on):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append(int((start + i - 1) // 2))
            start = None
    if start is not None:
        out.append(int((start + len(on) - 1) // 2))
    return out


def find_tables(gray: np.ndarray) -> tuple[list[Table], np.ndarray]:
    """(the ruled tables of the page, the page with the rules whitened) from a grey image."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(w // 30, 20), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(h // 40, 15))))
    vertical = cv2.bitwise_or(vertical, _short_rules(ink, horizontal, max(h // VERTICAL, 15)))
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    cleaned = gray.copy()
    cleaned[rules > 0] = 255
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables = []
    for k in range(1, count):
        x, y, bw, bh = (int(v) for v in stats[k][:4])
        if bw < w // 10 or bh < h // 30:
            continue
        region = labels[y : y + bh, x : x + bw] == k
        hz = (horizontal[y : y + bh, x : x + bw] > 0) & region
        vt = (vertical[y : y + bh, x : x + bw] > 0) & region
        table = _grid(hz, vt, x, y)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: t.box[1])
    return tables, cleaned


def _short_rules(ink: np.ndarray, horizontal: np.ndarray, length: int) -> np.ndarray:
    """Vertical runs of ink at least ``length`` high that meet a horizontal rule: the rule beside
    one or two rows of a form (the long kernel misses them), never a stroke of a big title."""
    import cv2

    short = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    count, labels = cv2.connectedComponents(short, connectivity=8)
    if count <= 1:
        return short
    near = cv2.dilate(horizontal, np.ones((5, 5), np.uint8)) > 0
    touching = np.unique(labels[near & (short > 0)])
    keep = np.isin(labels, touching[touching > 0])
    return np.where(keep, 255, 0).astype(np.uint8)


def _grid(hz: np.ndarray, vt: np.ndarray, ox: int, oy: int) -> Table | None:
    bh, bw = hz.shape
    ys = _positions(hz.sum(axis=1), bw // 8)
    xs = _positions(vt.sum(axis=0), bh // 8)
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows = tuple((ys[i], ys[i + 1]) for i in range(len(ys) - 1))
    cols = [(xs[j], xs[j + 1]) for j in range(len(xs) - 1)]
    taken: set[tuple[int, int]] = set()
    cells = []
    for i, (y0, y1) in enumerate(rows):
        for j, (x0, _x1) in enumerate(cols):
            if (i, j) in taken:
                continue
            j2 = j
            while j2 + 1 < len(cols) and not _has_rule(vt[y0 + 2 : y1 - 1, :], cols[j2][1]):
                j2 += 1
            i2 = i
            while i2 + 1 < len(rows) and not _has_rule(hz[:, x0 + 2 : cols[j2][1] - 1].T, rows[i2][1]):
                i2 += 1
            for a in range(i, i2 + 1):
                for b in range(j, j2 + 1):
                    taken.add((a, b))
            x1, y1b = cols[j2][1], rows[i2][1]
            cells.append(Cell(i, j, (ox + x0 + 3, oy + y0 + 3, ox + x1 - 2, oy + y1b - 2)))
    box = (ox + xs[0], oy + ys[0], ox + xs[-1], oy + ys[-1])
    return Table(box, tuple((oy + a, oy + b) for a, b in rows), len(cols), tuple(cells))


def _has_rule(strip: np.ndarray, at: int) -> bool:
    """A rule at column ``at`` of ``strip`` (rows × columns) covering most of its height."""
    if strip.shape[0] == 0:
        return True
    lo, hi = max(at - 3, 0), min(at + 4, strip.shape[1])
    covered = strip[:, lo:hi].any(axis=1)
    return bool(covered.mean() >= 0.6)


def ink_box(cleaned: np.ndarray, box: tuple[int, int, int, int], margin: int = 4) -> tuple[int, int, int, int] | None:
    """The box of the ink inside ``box`` (a few pixels of margin), None when it holds (nearly) none."""
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


def text_lines(
    cleaned: np.ndarray, box: tuple[int, int, int, int], gap: int = 2, least: int = 8
) -> list[tuple[int, int, int, int]]:
    """The lines of text inside the ink box ``box`` (a wrapped cell), top to bottom: bands of
    rows with ink parted by at least ``gap`` rows of paper; a band less than half as high as the
    highest or lower than ``least`` pixels (a stroke of 二 or 三, a speck; the page is read at
    200 dpi, where the smallest print is 15 px high) joins the band nearest to it. One line: ``[box]``."""
    x0, y0, x1, y1 = box
    rows = np.asarray((cleaned[y0:y1, x0:x1] < INK).any(axis=1))
    bands: list[list[int]] = []
    blank = gap
    for y in range(rows.shape[0]):
        inked = bool(rows[y])
        if inked:
            if blank >= gap or not bands:
                bands.append([y, y + 1])
            else:
                bands[-1][1] = y + 1
            blank = 0
        else:
            blank += 1
    if len(bands) < 2:
        return [box]
    tall = max(b - a for a, b in bands)
    while len(bands) > 1 and (k := min(range(len(bands)), key=lambda i: bands[i][1] - bands[i][0])) is not None:
        if bands[k][1] - bands[k][0] >= max(tall / 2, least):
            break
        if k == 0 or (k + 1 < len(bands) and bands[k + 1][0] - bands[k][1] < bands[k][0] - bands[k - 1][1]):
            bands[k + 1][0] = bands[k][0]
        else:
            bands[k - 1][1] = bands[k][1]
        del bands[k]
    if len(bands) < 2:
        return [box]
    edges = [0] + [(bands[i][1] + bands[i + 1][0]) // 2 for i in range(len(bands) - 1)] + [y1 - y0]
    return [(x0, y0 + edges[i], x1, y0 + edges[i + 1]) for i in range(len(bands))]
