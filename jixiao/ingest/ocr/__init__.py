"""OCR for PDF pages without a text layer (scans), fully offline.

The engine (:mod:`.engine`) is RapidOCR's PP-OCRv4 models inside the ``rapidocr_onnxruntime``
wheel; the choice against Debian's tesseract is in ``docs/ocr.md``. A page comes out as the
PDF reader's text lines (:mod:`.page`), so the text readers read a scanned table like a
printed one; every cell keeps its confidence and its box on the page.
"""

from jixiao.ingest.ocr.engine import ENGINE, available
from jixiao.ingest.ocr.page import OcrCell, OcrPage, read_page

__all__ = ["ENGINE", "OcrCell", "OcrPage", "available", "read_page"]
