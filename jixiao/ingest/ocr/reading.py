"""Glue between the PDF reader and OCR: which pages are scans, what they say, what is reported.

The PDF reader hands over its pages (anything with ``number``, ``lines``, ``images`` and
``error``); pages without text but with images are read by OCR and get its lines. Each such
page is reported (``pdf-page-read-by-ocr``, or why it could not be read), the document once
(``document-read-by-ocr``), and after the text readers have read the document the
checks proof-read the doubtful digits it records (:mod:`.proof`, ``Document.ocr``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from jixiao.ingest.context import ReadContext
from jixiao.ingest.ocr.page import OcrCell, OcrPage
from jixiao.ingest.ocr.proof import candidates
from jixiao.ingest.ocr.scan import PAGE_SECONDS, ocr_pages
from jixiao.model.document import Document
from jixiao.model.ocr import OcrTrace, OcrUnread
from jixiao.model.source import Source

MAX_UNREAD = 40  # unreadable cells recorded per document at most


class PdfPage(Protocol):
    number: int
    lines: list[str]
    images: int
    error: str | None


@dataclass(slots=True)
class Scanned:
    pages: dict[int, OcrPage] = field(default_factory=dict)  # page number → what OCR read
    handled: set[int] = field(default_factory=set)  # pages reported here (not by the PDF reader)

    def trace(self, doc: Document, text: str, order: Sequence[PdfPage], line_page: dict[int, int]) -> Document:
        """``doc`` with what the checks need to proof-read its doubtful digits (``doc.ocr``)."""
        if not self.pages:
            return doc
        cells: list[tuple[int, int, OcrCell]] = []
        unread: list[OcrUnread] = []
        offset = 0
        for page in order:
            scan = self.pages.get(page.number)
            if scan is not None:
                cells.extend((offset + c.line + 1, page.number, c) for c in scan.cells)
                unread.extend(
                    OcrUnread(offset + c.line + 1, page.number, c.column + 1, c.reading.text) for c in scan.unread
                )
            offset += len(page.lines)
        pages = tuple(sorted(line_page.items()))
        return replace(doc, ocr=OcrTrace(text, pages, tuple(candidates(cells)), tuple(unread[:MAX_UNREAD])))


def read_scans(data: bytes, pages: Sequence[PdfPage], ctx: ReadContext, path: str) -> Scanned:
    """OCR the pages without text that hold images; give them lines; report them."""
    out = Scanned()
    wanted = [
        p.number for p in pages if p.error is None and getattr(p, "skipped", None) is None and not p.lines and p.images
    ]
    results = ocr_pages(data, wanted)
    for page in pages:
        result = results.get(page.number)
        if result is None:
            continue
        where = Source(path, page=page.number)
        out.handled.add(page.number)
        if result.page is None:
            ctx.report("ocr-page-failed", where, page=page.number, reason=result.error)
            continue
        scan = result.page
        if scan.timed_out:
            ctx.report("ocr-page-timeout", where, page=page.number, budget=f"{PAGE_SECONDS:g}")
        if not scan.lines:
            ctx.report("ocr-page-nothing-read", where, page=page.number)
            continue
        page.lines = list(scan.lines)
        out.pages[page.number] = scan
        turned = f"，页面已旋转{scan.rotation}度" if scan.rotation else ""
        if scan.skew:
            turned += f"，已纠正倾斜{abs(scan.skew):g}度"
        ctx.report(
            "pdf-page-read-by-ocr",
            where,
            page=page.number,
            engine=scan.engine,
            cells=len(scan.cells),
            confidence=f"{scan.confidence:.2f}",
            turned=turned,
            seconds=f"{scan.seconds:.1f}",
        )
    if out.pages:
        numbers = sorted(out.pages)
        ctx.report(
            "document-read-by-ocr",
            Source(path, page=numbers[0]),
            count=len(numbers),
            pages="、".join(str(n) for n in numbers),
            engine="、".join(dict.fromkeys(out.pages[n].engine for n in numbers)),
        )
    return out
