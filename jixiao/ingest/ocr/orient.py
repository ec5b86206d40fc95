"""A scanned page stood upright and straightened before it is read.

* **Which way up.** Lines of text are sampled on a small copy of the page: in ruled tables the
  ink of the cells (no detector needed), elsewhere the boxes of RapidOCR's detector. When most
  are taller than wide the page lies on its side, and of the two quarter turns the one whose
  sample is read with more confidence wins (90 or 270). Otherwise the direction classifier
  shipped with RapidOCR (``ch_ppocr_mobile_v2.0_cls``) tells whether the lines are upside down
  (180). Four ways, one cheap look.
* **Skew** up to 5°: the angle at which the rows of ink are sharpest (variance of the row profile).
"""

from __future__ import annotations

import numpy as np

from jixiao.ingest.ocr import engine
from jixiao.ingest.ocr.grid import INK, find_tables, ink_box

SAMPLE_SIDE = 960  # the small copy the lines are sampled on
LINE_RATIO = 2.5  # a text line's long side is at least this many times its short side
UPSIDE_DOWN = 0.5  # mean probability (from the classifier) above which the page is upside down


def upright(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """(the page turned upright, the degrees it was turned counter-clockwise: 0, 90, 180, 270)."""
    lines = text_lines(gray)
    if not lines:
        return gray, 0
    tall = [b for b in lines if b[3] - b[1] > b[2] - b[0]]
    if len(tall) * 2 > len(lines):
        tall.sort(key=lambda b: b[3] - b[1], reverse=True)
        sample = [_rgb(gray[y0:y1, x0:x1]) for x0, y0, x1, y1 in tall[:4]]
        scores = {}
        for turns in (1, 3):
            readings = engine.read_lines([np.ascontiguousarray(np.rot90(s, turns)) for s in sample])
            scores[turns] = sum(_score(r) for r in readings)
        turns = max(scores, key=lambda t: scores[t])
    else:
        wide = sorted(lines, key=lambda b: b[2] - b[0], reverse=True)[:8]
        chances = engine.upside_down([_rgb(gray[y0:y1, x0:x1]) for x0, y0, x1, y1 in wide])
        turns = 2 if chances and sum(chances) / len(chances) > UPSIDE_DOWN else 0
    if not turns:
        return gray, 0
    return np.ascontiguousarray(np.rot90(gray, turns)), 90 * turns


def text_lines(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (in pixels of ``gray``) of lines of text, long and thin, found on a small copy."""
    import cv2

    scale = min(1.0, SAMPLE_SIDE / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    tables, cleaned = find_tables(small)
    found = [b for t in tables for c in t.cells if (b := ink_box(cleaned, c.box, margin=1)) is not None]
    if len(found) < 6:
        found += engine.boxes(np.ascontiguousarray(_rgb(cleaned)))
    out = []
    h, w = gray.shape[:2]
    for x0, y0, x1, y1 in found:
        long, short = max(x1 - x0, y1 - y0), min(x1 - x0, y1 - y0)
        if short >= 3 and long >= LINE_RATIO * short:
            out.append((int(x0 / scale), int(y0 / scale), min(int(x1 / scale) + 1, w), min(int(y1 / scale) + 1, h)))
    return out


def _rgb(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.stack([gray] * 3, axis=2))


def _score(reading: engine.Reading) -> float:
    if not reading.glyphs:
        return 0.0
    return sum(g.confidence for g in reading.glyphs) / len(reading.glyphs) * len(reading.glyphs) ** 0.5


SKEW_LIMIT = 5.0  # degrees: scans are straightened up to this much
SKEW_STEP = 0.1


def skew(gray: np.ndarray) -> float:
    """The small angle (degrees) that makes the page's lines horizontal: the one at which the
    rows of ink are sharpest (the variance of the row profile is largest), coarse then fine."""
    import cv2

    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = (small < INK).astype(np.float32)
    if ink.sum() < 50:
        return 0.0

    def sharpness(angle: float) -> float:
        turned = rotate(ink, angle, fill=0.0)
        return float(turned.sum(axis=1).var())

    best = max(np.arange(-SKEW_LIMIT, SKEW_LIMIT + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.51, SKEW_STEP), key=sharpness)
    return 0.0 if abs(best) < 0.15 else round(float(best), 2)


def rotate(image: np.ndarray, angle: float, fill: float = 255.0) -> np.ndarray:
    """``image`` turned ``angle`` degrees counter-clockwise about its centre, same size."""
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


