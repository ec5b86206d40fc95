"""pypdfium2's side of PDF reading: characters, and the page's painted paths turned into the
lines, rectangles and curves pdfminer would give, for pdfplumber's own table finder.

:class:`Char` is the character both engines come out as (:mod:`jixiao.ingest.pdf` lays them out).
"""

from __future__ import annotations

import contextlib
import ctypes
from itertools import pairwise
from typing import Any, NamedTuple


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


def group_lines(chars: list[Char]) -> list[tuple[float, list[Char]]]:
    """The characters in lines (top, characters left to right), top to bottom: a character joins
    the current line when its vertical centre lies within the line's extent."""
    lines: list[tuple[float, list[Char]]] = []
    current: list[Char] = []
    top = bottom = 0.0
    for c in sorted(chars, key=lambda c: (c.top, c.x0)):
        if current and top <= c.ymid <= bottom:
            current.append(c)
            continue
        if current:
            lines.append((top, sorted(current, key=lambda c: c.x0)))
        current, top, bottom = [c], c.top, c.bottom
    if current:
        lines.append((top, sorted(current, key=lambda c: c.x0)))
    return lines


class Geometry(NamedTuple):
    """A page's painted paths as pdfplumber would see them (top-down coordinates)."""

    lines: list[dict]
    rects: list[dict]
    curves: list[dict]


class Shape(NamedTuple):
    paths: int  # vector graphics objects (table rules are among them)
    images: int
    geometry: Geometry | None = None  # None: no paths, or a page pdfplumber must read (forms, rotation, offsets)
    height: float = 0.0  # the page's height in points, the frame of pypdfium2's characters (0: not known)


class Pdfium:
    """pypdfium2: characters and ruling lines for every plain page, and the fallback for
    pages whose text pdfminer cannot read."""

    def __init__(self, data: bytes):
        self.data = data
        self.doc: Any = None  # a pypdfium2.PdfDocument once opened (pypdfium2 has no type hints)
        self.failed = False

    def shape(self, index: int) -> Shape | None:
        if self.failed:
            return None
        try:
            import pypdfium2

            if self.doc is None:
                self.doc = pypdfium2.PdfDocument(self.data)
            page = self.doc[index]
            try:
                return page_shape(pypdfium2.raw, page)
            finally:
                page.close()
        except Exception:
            self.failed = True
            return None

    def chars(self, index: int, *, complete: bool = False) -> list[Char]:
        """The page's characters; with ``complete``, none unless every text object's glyphs
        are all there (pdfium drops printed spaces that stand in text objects of their own)."""
        if self.failed or self.doc is None:
            return []
        try:
            import pypdfium2

            return self._chars(pypdfium2, self.doc[index], complete)
        except Exception:
            return []

    @staticmethod
    def _chars(pypdfium2, page, complete: bool = False) -> list[Char]:
        height = page.get_height()
        textpage = page.get_textpage()
        out = []
        raw = pypdfium2.raw
        runs: dict[int | None, list[Char]] = {}
        for i in range(textpage.count_chars()):
            text = textpage.get_text_range(i, 1)
            if not text or text in "\r\n" or raw.FPDFText_IsGenerated(textpage, i) == 1:
                continue  # pdfium's own guessed spaces and line breaks: the gaps decide here
            left, bottom, right, top = textpage.get_charbox(i, loose=True)  # advance width, line height
            size = (top - bottom) or 10.0
            out.append(Char(text, left, right, height - top, height - bottom, size))
            if complete:
                obj = ctypes.cast(raw.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
                runs.setdefault(obj, []).append(out[-1])
        textpage.close()
        if complete and not runs_complete(raw, page, runs):
            out = []
        page.close()
        return out

    def close(self) -> None:
        if self.doc is not None:
            with contextlib.suppress(Exception):
                self.doc.close()


def page_shape(raw, page) -> Shape:
    """Count the page's paths and images; on a plain page (no form XObjects, not rotated,
    media box at the origin and equal to the crop box) also read its paths the way pdfminer
    paints them (:func:`paint_path`), so the table finder gets the same edges."""
    counts = {raw.FPDF_PAGEOBJ_PATH: 0, raw.FPDF_PAGEOBJ_IMAGE: 0}
    handle = page.raw
    objects = [raw.FPDFPage_GetObject(handle, i) for i in range(raw.FPDFPage_CountObjects(handle))]
    kinds = [raw.FPDFPageObj_GetType(obj) for obj in objects]
    if raw.FPDF_PAGEOBJ_FORM in kinds:  # nested objects: count them as before, pdfplumber reads the page
        kinds = [obj.type for obj in page.get_objects(max_depth=4)]
        return Shape(kinds.count(raw.FPDF_PAGEOBJ_PATH), kinds.count(raw.FPDF_PAGEOBJ_IMAGE), None, page.get_height())
    for kind in kinds:
        if kind in counts:
            counts[kind] += 1
    paths, images = counts[raw.FPDF_PAGEOBJ_PATH], counts[raw.FPDF_PAGEOBJ_IMAGE]
    box = page.get_mediabox()
    if paths == 0 or page.get_rotation() != 0 or box[0] != 0 or box[1] != 0 or page.get_cropbox() != box:
        return Shape(paths, images, None, page.get_height())
    height = box[3]
    geometry = Geometry([], [], [])
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    moveto, bezier = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_BEZIERTO
    for obj, kind in zip(objects, kinds, strict=True):
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPageObj_GetMatrix(obj, matrix)
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        ops: list[str] = []
        pts: list[tuple[float, float]] = []
        curve_points = start = 0
        for i in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(segment, px, py)
            kind_ = raw.FPDFPathSegment_GetType(segment)
            if kind_ == bezier:  # three points per curve: pdfminer keeps only the end point
                curve_points += 1
                if curve_points < 3:
                    continue
                curve_points = 0
                ops.append("c")
            else:
                curve_points = 0
                if kind_ == moveto:
                    start = len(pts)
                ops.append("m" if kind_ == moveto else "l")
            pts.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
            if raw.FPDFPathSegment_GetClose(segment):
                ops.append("h")
                pts.append(pts[start])  # pdfminer's "h" stands at the subpath's start
        paint_path(geometry, height, ops, pts)
    return Shape(paths, images, geometry, page.get_height())


def runs_complete(raw, page, runs: dict[int | None, list[Char]]) -> bool:
    """Every text object of the page has its characters in pypdfium2's text page, side by
    side and filling the object's width: no glyph (a printed space) went missing. pdfium
    drops a printed space that is a text object of its own, or stands between characters."""
    if None in runs:
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    handle = page.raw
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        chars = runs.get(ctypes.cast(obj, ctypes.c_void_p).value)
        if not chars:
            return False
        raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        if left.value < chars[0].x0 - 0.5 or right.value > max(c.x1 for c in chars) + 0.5:
            return False
        if any(b.x0 - a.x1 > 0.5 for a, b in pairwise(chars)):
            return False
    return True


def paint_path(geometry: Geometry, height: float, ops: list[str], pts: list[tuple[float, float]]) -> None:
    """pdfminer's ``PDFLayoutAnalyzer.paint_path`` (lines, rectangles, curves; a path of
    several subpaths is painted one subpath at a time) and pdfplumber's object attributes."""
    starts = [k for k, op in enumerate(ops) if op == "m"]
    if not starts or starts[0] != 0:
        return
    if len(starts) > 1:
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(ops)
            if end - start > 1:  # pdfminer's r"m[^m]+": a lone move paints nothing
                paint_path(geometry, height, ops[start:end], pts[start:end])
        return
    shape = "".join(ops)
    pts = list(pts)
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in {"mlh", "ml"}:
        xs, ys = (pts[0][0], pts[1][0]), (pts[0][1], pts[1][1])
        geometry.lines.append(box_object("line", height, min(xs), min(ys), max(xs), max(ys)))
        return
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            xs, ys = (pts[0][0], pts[2][0]), (pts[0][1], pts[2][1])
            geometry.rects.append(box_object("rect", height, min(xs), min(ys), max(xs), max(ys)))
            return
    all_x, all_y = [p[0] for p in pts], [p[1] for p in pts]
    curve = box_object("curve", height, min(all_x), min(all_y), max(all_x), max(all_y))
    curve["pts"] = [(px, height - py) for px, py in pts]
    geometry.curves.append(curve)


def box_object(kind: str, height: float, x0: float, y0: float, x1: float, y1: float) -> dict:
    top = height - y1
    return {
        "object_type": kind, "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
        "top": top, "bottom": height - y0, "doctop": top,
    }  # fmt: skip


class EdgePage(NamedTuple):
    """What pdfplumber's ``TableFinder`` reads from a page (its edges, in pdfplumber's order)."""

    edges: list[dict]
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


def find_tables(geometry: Geometry) -> list:
    """``page.find_tables()`` with the default settings, on edges from pypdfium2's paths."""
    if not geometry.lines and not geometry.rects:  # as before: curves alone never make a table
        return []
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

    edges = [line_to_edge(o) for o in geometry.lines]
    edges += [e for o in geometry.rects for e in rect_to_edges(o)]
    edges += [e for o in geometry.curves for e in curve_to_edges(o)]
    return TableFinder(EdgePage(edges), TableSettings.resolve(None)).tables  # type: ignore[arg-type]
