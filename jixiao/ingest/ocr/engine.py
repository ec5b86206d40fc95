"""The OCR engine: RapidOCR's PP-OCRv4 ONNX models, shipped inside the ``rapidocr_onnxruntime``
wheel (nothing is downloaded at run time), run by onnxruntime on the CPU.

Two uses: *detect and read* (text lines anywhere in an image, for the free text of a page)
and *read* (a crop known to hold one line: a table cell). Reading decodes the recogniser's
output itself (CTC, greedy) so that every character carries its probability and the
model's second choice: the arithmetic proof-reader needs "another reading" of a doubtful
digit, and only the model can say which one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

DETECT_SIDE = 1280  # the detector sees the page at most this large (it finds lines, not glyphs)
MIN_RATIO = 4.0  # a crop is read at least 4 × as wide as high (narrower, 栏次 was read 桂次)
ENGINE = "RapidOCR 1.4.4（PP-OCRv4，onnxruntime）"


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    confidence: float
    second: str  # the model's second choice ("" when it is the blank)
    second_confidence: float


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    confidence: float  # the lowest character probability (0 … 1); 1.0 for an empty reading
    glyphs: tuple[Glyph, ...]


@dataclass(frozen=True, slots=True)
class Detected:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1
    reading: Reading


class Unavailable(RuntimeError):
    """The OCR package is not installed."""


_LOCK = threading.Lock()
_ENGINE = None


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _engine():
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as e:
                raise Unavailable("未安装OCR组件（rapidocr_onnxruntime）") from e
            _ENGINE = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
        return _ENGINE


def read_lines(crops: list[np.ndarray]) -> list[Reading]:
    """Each crop (RGB, one line of text) read, with per-character probabilities."""
    if not crops:
        return []
    rec = _engine().text_rec
    characters = rec.postprocess_op.character
    out: list[Reading | None] = [None] * len(crops)
    order = sorted(range(len(crops)), key=lambda k: crops[k].shape[1] / max(crops[k].shape[0], 1))
    batch = 8
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        # padded to the widest crop of the batch, not to the model's 320 px: a cell of one or
        # four figures is not read as a line of twelve (a third of the time, the same readings)
        ratio = max(MIN_RATIO, *(crops[k].shape[1] / max(crops[k].shape[0], 1) for k in chunk))
        tensor = np.concatenate([rec.resize_norm_img(crops[k], ratio)[np.newaxis, :] for k in chunk]).astype(np.float32)
        preds = rec.session(tensor)[0]
        for k, pred in zip(chunk, preds, strict=True):
            out[k] = _decode(pred, characters)
    return [r if r is not None else Reading("", 1.0, ()) for r in out]


def _decode(pred: np.ndarray, characters: list[str]) -> Reading:
    best = pred.argmax(axis=1)
    glyphs: list[Glyph] = []
    previous = -1
    for t, index in enumerate(best):
        if index != 0 and index != previous:
            row = pred[t]
            ranked = np.argsort(row)[-2:][::-1]
            second = int(ranked[1])
            glyphs.append(
                Glyph(characters[index], float(row[index]), characters[second] if second else "", float(row[second]))
            )
        previous = index
    text = "".join(g.text for g in glyphs)
    confidence = min((g.confidence for g in glyphs), default=1.0)
    return Reading(text, confidence, tuple(glyphs))


def detect(image: np.ndarray) -> list[Detected]:
    """Text lines anywhere in ``image`` (RGB), each read."""
    rects = boxes(image)
    crops = [image[y0:y1, x0:x1] for x0, y0, x1, y1 in rects]
    keep = [k for k, c in enumerate(crops) if c.size]
    readings = read_lines([crops[k] for k in keep])
    return [Detected(rects[k], r) for k, r in zip(keep, readings, strict=True)]


def boxes(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of the text lines in ``image`` (RGB), not read."""
    import cv2

    engine = _engine()
    scale = min(1.0, DETECT_SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    quads, _ = engine.text_det(small)
    if quads is None or len(quads) == 0:
        return []
    rects = []
    h, w = image.shape[:2]
    for quad in quads:
        xs, ys = quad[:, 0] / scale, quad[:, 1] / scale
        x0, y0 = int(max(xs.min() - 2, 0)), int(max(ys.min() - 2, 0))
        rects.append((x0, y0, min(int(xs.max()) + 3, w), min(int(ys.max()) + 3, h)))
    return rects


def upside_down(crops: list[np.ndarray]) -> list[float]:
    """For each crop (RGB, one line of text): the probability that it is upside down (the
    direction classifier shipped in the same wheel, ``ch_ppocr_mobile_v2.0_cls``)."""
    if not crops:
        return []
    _, labels, _ = _engine().text_cls(crops)
    return [float(score) if "180" in str(label) else 1.0 - float(score) for label, score in labels]
