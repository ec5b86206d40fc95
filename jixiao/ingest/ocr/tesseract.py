"""Debian's tesseract 5 with its simplified-Chinese model (``tesseract-ocr``,
``tesseract-ocr-chi-sim``, apt-packages.txt), run as a subprocess: the fast first reading of a
scanned page (docs/ocr.md). One call reads the whole page, its ruling lines removed, and
gives every word with its box and confidence (TSV output); the models come with the Debian
packages, nothing is downloaded.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

LANGUAGE = "chi_sim"


@dataclass(frozen=True, slots=True)
class Word:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the image read
    text: str
    confidence: float  # 0 … 1
    line: tuple[int, int, int]  # tesseract's block, paragraph and line number


@functools.cache
def version() -> str | None:
    """``tesseract 5.3.0`` with the Chinese model, or None when either is missing."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=20)
        if LANGUAGE not in out.stdout.split():
            return None
        head = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return (head.stdout or head.stderr).splitlines()[0].strip() or None


def available() -> bool:
    return version() is not None


def words(
    gray: np.ndarray, dpi: int, timeout: float = 60.0, language: str = LANGUAGE, *options: str
) -> list[Word]:
    """The words tesseract reads on the grey page ``gray`` (uint8) as one block of text (psm 6;
    sparse text, psm 11, splits the strokes of 二 and 三 into words of their own), one thread."""
    import cv2

    ok, encoded = cv2.imencode(".pgm", gray)
    if not ok:
        return []
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    command = ["tesseract", "-", "-", "-l", language, "--psm", "6", "--dpi", str(dpi), *options, "tsv"]
    out = subprocess.run(command, input=encoded.tobytes(), capture_output=True, env=env, timeout=max(timeout, 1.0))
    return parse_tsv(out.stdout.decode("utf-8", "replace"))


DIGITS = "0123456789.,-%"
GAP = 24  # pixels of paper between two crops on the sheet of figures


def figures(crops: list[np.ndarray], dpi: int, timeout: float = 60.0) -> list[str]:
    """Each crop (grey, one line of figures) read again with only digits and ``.,-%`` allowed:
    all crops on one sheet, one under the other, read by one call of the English model."""
    if not crops:
        return []
    width = max(c.shape[1] for c in crops) + 2 * GAP
    height = sum(c.shape[0] + GAP for c in crops) + GAP
    sheet = np.full((height, width), 255, np.uint8)
    spans = []
    y = GAP
    for crop in crops:
        sheet[y : y + crop.shape[0], GAP : GAP + crop.shape[1]] = crop
        spans.append((y, y + crop.shape[0]))
        y += crop.shape[0] + GAP
    found = words(sheet, dpi, timeout, "eng", "-c", f"tessedit_char_whitelist={DIGITS}")
    out: list[list[Word]] = [[] for _ in crops]
    for w in found:
        middle = (w.box[1] + w.box[3]) / 2
        for k, (y0, y1) in enumerate(spans):
            if y0 - GAP / 2 <= middle < y1 + GAP / 2:
                out[k].append(w)
                break
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.box[0])) for ws in out]


def parse_tsv(tsv: str) -> list[Word]:
    found = []
    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (int(v) for v in parts[6:10])
        found.append(
            Word(
                (left, top, left + width, top + height),
                parts[11].strip(),
                max(float(parts[10]), 0.0) / 100,
                (int(parts[2]), int(parts[3]), int(parts[4])),
            )
        )
    return found
