"""The scan maker: scans the project makes of its own PDFs, for the OCR tests and bench/ocr.py.

A rendered PDF (seed 002's nine tables from tests/test_pdf.py, or a form, goal table or score
table from a report kind of jixiao/report) is rasterised by pypdfium2, degraded as a scan is
(a small rotation, blur, noise, a red seal laid over the print), and wrapped as an image-only
PDF (no text layer), which jixiao reads by OCR. An arithmetic error can be injected into a
report's HTML before it is rendered, so that the checks have something to find on the scan.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

DPI = 150
STATES = ("clean", "askew, blurred, noisy", "red seal", "askew, blurred, noisy, red seal")


def pages_pdf(data: bytes, pages: Sequence[int]) -> bytes:
    """The pages ``pages`` (0-based) of the PDF ``data``, as a PDF with its text layer."""
    import pypdfium2

    doc, out = pypdfium2.PdfDocument(data), pypdfium2.PdfDocument.new()
    out.import_pages(doc, list(pages))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def page_image(data: bytes, index: int, dpi: int = DPI):
    """Page ``index`` (0-based) of the PDF ``data`` as a grey PIL image at ``dpi``."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    image = doc[index].render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    return image


def image_pdf(*images, dpi: int = DPI) -> bytes:
    """The images as the pages of an image-only PDF (RGB pages are JPEG-compressed, as scans are)."""
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=list(images[1:]), resolution=dpi)
    return buf.getvalue()


def degraded(image, angle: float = 1.2, blur: float = 0.8, noise: float = 18.0, seed: int = 21):
    """The grey page ``angle`` degrees askew, blurred (Gaussian, ``blur`` px) and noisy (σ ``noise`` grey levels)."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255).filter(ImageFilter.GaussianBlur(blur))
    grey = np.asarray(image).astype(np.int16) + np.random.default_rng(seed).normal(0, noise, (image.height, image.width))
    return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))


def stamped(image, at: tuple[float, float] = (0.2, 0.8)):
    """The page in colour with a red seal (a thick ring and a bar) centred at ``at`` (fractions of
    width and height); the red ink is laid over the print as ink is (multiplied: black under it
    stays black)."""
    from PIL import Image, ImageChops, ImageDraw

    page = image.convert("RGB")
    w, h = page.size
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    cx, cy, r = int(w * at[0]), int(h * at[1]), int(h * 0.12)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 40), width=max(r // 10, 4))
    draw.rectangle((cx - r, cy - 6, cx + r, cy + 6), fill=(220, 30, 40))
    return ImageChops.multiply(page, seal)


def scan(data: bytes, state: str = "clean", pages: Sequence[int] | None = None, dpi: int = DPI) -> bytes:
    """The PDF ``data`` (its ``pages``, 0-based; all by default) scanned in ``state`` (:data:`STATES`)."""
    import pypdfium2

    count = len(pypdfium2.PdfDocument(data))
    images = []
    for index in range(count) if pages is None else pages:
        image = page_image(data, index, dpi)
        if "askew" in state:
            image = degraded(image)
        if "seal" in state:
            image = stamped(image)
        images.append(image)
    return image_pdf(*images, dpi=dpi)


def report_pdf(name: str, view, replace: Sequence[tuple[str, str]] = ()) -> bytes:
    """The PDF of report kind ``name`` (jixiao/report) for ``view``, each (old, new) of ``replace``
    made once in its HTML before rendering (an injected error; ``old`` must be there)."""
    import tempfile

    import jixiao.report.forms as forms
    from jixiao.report.registry import REPORTS, load_builtin_reports

    load_builtin_reports()
    original = forms.html_to_pdf

    def injected(html: str, out: Path, base_url: str | None = None) -> Path:
        for old, new in replace:
            if old not in html:
                raise ValueError(f"{old!r} is not in the HTML of {name}")
            html = html.replace(old, new, 1)
        return original(html, out, base_url)

    forms.html_to_pdf = injected
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.pdf"
            REPORTS[name].renderers["pdf"](view, path)
            return path.read_bytes()
    finally:
        forms.html_to_pdf = original


def read_numbers(doc) -> list[str]:
    """The printed text of every number the readers parsed into ``doc``'s model (amounts, weights,
    scores, budgets, rates …: each record with a ``raw`` text and a ``Decimal`` value), in order."""
    import dataclasses
    from decimal import Decimal

    out: list[str] = []
    seen: set[int] = set()

    def walk(obj) -> None:
        if id(obj) in seen or obj is None or isinstance(obj, (str, int, float, Decimal, bytes)):
            return
        seen.add(id(obj))
        raw, value = getattr(obj, "raw", None), getattr(obj, "value", None)
        if isinstance(raw, str) and isinstance(value, Decimal):
            out.append(raw)
            return
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                if f.name not in ("findings", "source", "ocr", "placed", "unplaced", "parts"):
                    walk(getattr(obj, f.name))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                walk(item)
        elif isinstance(obj, dict):
            for item in obj.values():
                walk(item)

    walk(doc)
    return out
