"""Reading PDFs that have a text layer into the same model as the text reader.

Approach
--------
A PDF page is turned into the kind of text the text readers already understand: lines
whose table cells are separated by tabs, in reading order (top to bottom). Then all
pages are joined and handed to :func:`jixiao.ingest.read_text` together with a map
line number → page number, so every location in the model carries its page.

1. **Characters.** pdfplumber gives each character with its box. When it gives none (or
   only ``(cid:N)`` codes) for a page, pypdfium2 reads the same page instead (some
   producers defeat pdfminer). Both come out as the same :class:`Char` tuples.
2. **Tables.** pdfplumber's table finder (``page.find_tables()``, ruling lines) gives the
   cell boxes. A merged cell is one box; the grid positions it covers are ``None`` and
   come out as empty cells, which is exactly how the converted seed text shows merged
   header cells, so the text reader resolves them the same way. Each character goes to
   the cell that holds its centre; a cell's text is its characters line by line (lines
   of one cell are joined without a space between Chinese characters). A character in
   no cell stays in the free text.
3. **Free text.** The remaining characters are grouped into lines by their vertical
   position, then sorted left to right. A gap of about two character widths starts a
   new cell (a tab); a gap of about half a character, or a printed space, becomes a
   space; the narrow automatic gap some producers put between Chinese and digits
   (``2024 年度``) is not a space. A table printed without ruling lines (borderless, or with
   horizontal rules only) is found among these lines and laid out in its columns by where its
   cells stand, headers spanning their columns, an empty cell where nothing is printed
   (:mod:`jixiao.ingest.pdf_stream`), so it reads as the same table printed with rules.
4. **Page furniture.** Running page numbers in the top or bottom margin (``第 5 页，共 15 页``,
   ``- 5 -``, ``5``…) are taken out before the page is laid out and kept in
   :attr:`PageText.furniture` (:mod:`jixiao.ingest.pdf_furniture`): they are neither a table row
   nor narrative.
5. **Reading order.** Free-text lines and table rows of a page are sorted by their top.
   A table that runs over several pages simply continues on the next page's lines: the
   text reader reads it as one table (it skips repeated header rows).
6. **Problems are findings.** A page without any text (a scan: only images) is read by OCR
   (:mod:`jixiao.ingest.ocr`, ``pdf-page-read-by-ocr``; ``pdf-page-no-text`` only when it is
   not an image page) and the rest is read; a page that cannot be
   processed gives ``pdf-page-unreadable``; a file that is not a readable PDF (corrupt,
   encrypted with a password) gives ``file-unreadable`` (the CLI exits with status 2).

Numbers are kept exactly as printed (``1,234.56``); the text readers parse them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import signal
import threading
import warnings
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from jixiao.ingest import read_text, unreadable
from jixiao.ingest.context import ReadContext
from jixiao.ingest.errors import original_text
from jixiao.ingest.limits import LIMITS, megabytes
from jixiao.ingest.ocr.reading import read_scans
from jixiao.ingest.pdf_furniture import Folio
from jixiao.ingest.pdf_geometry import Char, Pdfium, find_tables, group_lines
from jixiao.ingest.pdf_stream import Carry, stream_rows
from jixiao.ingest.registry import Format, register_format
from jixiao.ingest.text import join_wrapped
from jixiao.model.document import Document
from jixiao.model.source import Source

# gaps between characters on one line, in units of the font size
TAB_GAP = 1.8  # at least this much empty space: a new cell
SPACE_GAP = 0.45  # at least this much: a space
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class PageText:
    """One page as text lines (cells separated by tabs)."""

    number: int  # 1-based
    lines: list[str] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    tables: int = 0
    engine: str = "pdfplumber"  # or "pypdfium2" (a page without graphics, or the fallback); "" without text
    fallback: bool = False  # pdfplumber read no text here, pypdfium2 did
    error: str | None = None  # in Chinese
    error_detail: str | None = None  # the library's own words
    skipped: str | None = None  # why the page was skipped (Chinese): over the time budget, a stream too large
    furniture: list[str] = field(default_factory=list)  # running page numbers, as printed (not in ``lines``)


@dataclass(slots=True)
class PdfText:
    """The text layer of a whole PDF, page by page; ``error`` when it could not be opened."""

    pages: list[PageText]
    error: str | None = None  # in Chinese
    error_detail: str | None = None  # the library's own words
    page_count: int = 0  # pages in the file (more than ``pages`` when over the limit)
    notes: list[str] = field(default_factory=list)  # the libraries' warnings, caught (never printed)

    def joined(self) -> tuple[str, dict[int, int]]:
        """All pages' lines as one text, and the map line number (1-based) → page number."""
        lines: list[str] = []
        line_page: dict[int, int] = {}
        for page in self.pages:
            for line in page.lines:
                lines.append(line)
                line_page[len(lines)] = page.number
        return "\n".join(lines), line_page


# -- public entry points -------------------------------------------------------------------------


def read_pdf(path: str | Path) -> Document:
    """Read a PDF file into a :class:`Document` (never raises on bad input)."""
    from jixiao.ingest import read_file

    return read_file(path)


def read_pdf_bytes(data: bytes, path: str = "<input>") -> Document:
    pdf = extract_text(data)
    if pdf.error is not None:
        return unreadable(path, pdf.error, pdf.error_detail)
    ctx = ReadContext(path, [])
    if pdf.page_count > len(pdf.pages):
        ctx.report("pdf-pages-over-limit", Source(path), pages=pdf.page_count, limit=len(pdf.pages))
    if pdf.notes:
        ctx.report("pdf-library-notes", Source(path), count=len(pdf.notes), original="；".join(pdf.notes[:5])[:300])
    scans = read_scans(data, pdf.pages, ctx, path)  # pages without text: OCR (jixiao.ingest.ocr)
    for page in pdf.pages:
        if page.number not in scans.handled:
            _report_page(ctx, path, page)
    text, line_page = pdf.joined()
    doc = read_text(text, path, ctx=ctx, pages=line_page)
    furniture = tuple((page.number, line) for page in pdf.pages for line in page.furniture)
    if furniture:
        doc = replace(doc, furniture=furniture)
    return scans.trace(doc, text, pdf.pages, line_page)


def has_pdf_magic(head: bytes) -> bool:
    """``%PDF`` near the start of a file (some producers put a few bytes before it)."""
    return b"%PDF" in head[:1024]


register_format(Format("pdf", (".pdf",), has_pdf_magic, read_pdf_bytes))


def _report_page(ctx: ReadContext, path: str, page: PageText) -> None:
    where = Source(path, page=page.number)
    if page.skipped is not None:
        ctx.report("pdf-page-skipped", where, page=page.number, reason=page.skipped)
    elif page.error is not None:
        ctx.report("pdf-page-unreadable", where, page=page.number, reason=page.error, original=page.error_detail)
    elif not page.lines and page.images:
        ctx.report("pdf-page-no-text", where, page=page.number, images=page.images)
    elif not page.lines:
        ctx.report("pdf-page-blank", where, page=page.number)
    elif page.fallback:
        ctx.report("pdf-text-fallback", where, page=page.number)


# -- extraction ----------------------------------------------------------------------------------


def extract_text(data: bytes) -> PdfText:
    """The text layer of every page up to ``LIMITS.pdf_pages``; never raises (an unopenable file
    sets ``error``). The libraries' warnings are caught into ``notes``, never printed."""
    with _caught_warnings() as notes:
        pdf = _extract(data)
    pdf.notes = notes
    return pdf


def _extract(data: bytes) -> PdfText:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page_count = len(pdf.pages)
    except Exception as e:  # pdfminer raises many kinds: syntax, password, type errors
        return PdfText([], error=_reason(e), error_detail=original_text(e))
    pdfium = Pdfium(data)
    pages: list[PageText] = []
    carry = Carry()  # the columns of a table without rules, for its next page
    folio = Folio()  # the page numbers in the margins, kept out of the pages' lines
    try:
        for index in range(min(page_count, LIMITS.pdf_pages)):
            pages.append(_guarded_page(pdf, index, pdfium, carry, folio))
    finally:
        pdf.close()
        pdfium.close()
    return PdfText(pages, page_count=page_count)


def _guarded_page(pdf, index: int, pdfium: Pdfium, carry: Carry, folio: Folio) -> PageText:
    """One page within the limits: a page whose content streams inflate beyond
    ``LIMITS.pdf_stream_bytes`` is not parsed at all, and a page that takes longer than
    ``LIMITS.pdf_page_seconds`` is stopped; either is kept as a skipped page and reading goes on."""
    inflated = _inflated_size(pdf, index, LIMITS.pdf_stream_bytes)
    if inflated > LIMITS.pdf_stream_bytes:
        limit = megabytes(LIMITS.pdf_stream_bytes)
        return PageText(index + 1, skipped=f"的内容解压后超过 {limit}（JIXIAO_MAX_PDF_STREAM_MB）", engine="")
    try:
        with _time_budget(LIMITS.pdf_page_seconds):
            return _page_text(pdf, index, pdfium, carry, folio)
    except PageTimeout:
        budget = f"读取超过 {LIMITS.pdf_page_seconds} 秒（JIXIAO_PDF_PAGE_SECONDS）"
        return PageText(index + 1, skipped=budget, engine="")


def _inflated_size(pdf, index: int, limit: int) -> int:
    """The size of a page's content streams once inflated, counted up to just past ``limit``
    without holding more than a chunk at a time (0 when it cannot be told: the page reader decides)."""
    try:
        from pdfminer.pdftypes import resolve1

        contents = resolve1(pdf.pages[index].page_obj.attrs.get("Contents"))
        streams = contents if isinstance(contents, list) else [contents]
        total = 0
        for ref in streams:
            stream = resolve1(ref)
            raw = getattr(stream, "rawdata", None)
            if raw is None:
                continue
            filters = resolve1(stream.attrs.get("Filter"))
            names = [str(getattr(f, "name", f)) for f in (filters if isinstance(filters, list) else [filters])]
            if "FlateDecode" in names or "Fl" in names:
                total += _inflate_count(raw, limit - total + 1)
            else:
                total += len(raw)
            if total > limit:
                break
        return total
    except Exception:
        return 0


def _inflate_count(raw: bytes, most: int) -> int:
    """How many bytes ``raw`` inflates to, counting no further than ``most``."""
    inflater = zlib.decompressobj()
    total, pending = 0, raw
    try:
        while pending and total < most:
            total += len(inflater.decompress(pending, 1024 * 1024))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: what inflated so far
    return total


class PageTimeout(BaseException):
    """A page took longer than its time budget (a BaseException: the libraries' broad
    ``except Exception`` must not swallow it)."""


@contextlib.contextmanager
def _time_budget(seconds: int) -> Iterator[None]:
    """Stop the block with :class:`PageTimeout` after ``seconds`` (an interval timer; only in the
    main thread, where signals are delivered: elsewhere the stream limit alone guards the page)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)  # and again every second, should one be swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _caught_warnings() -> Iterator[list[str]]:
    """The PDF libraries' warnings (pdfminer logs them, Python warnings) caught into a list,
    never printed on stderr."""
    notes: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            with contextlib.suppress(Exception):
                notes.append(record.getMessage()[:200])

    logger = logging.getLogger("pdfminer")
    handler, propagate, level = Keep(logging.WARNING), logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes.extend(str(w.message)[:200] for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        logger.setLevel(level)


def _reason(e: Exception) -> str:
    if e.args and isinstance(e.args[0], Exception):  # pdfplumber wraps pdfminer's exception
        e = e.args[0]
    name = type(e).__name__
    if "Password" in name or "Encrypt" in name or "encrypt" in str(e).lower():
        return "PDF文件已加密（需要密码），无法读取"
    if "EOF" in name or "EOF" in str(e):
        return "不是可读取的PDF文件（文件不完整，可能下载或复制时被截断）"
    return "不是可读取的PDF文件（文件结构已损坏，或并非PDF）"


def _page_text(pdf, index: int, pdfium: Pdfium, carry: Carry | None = None, folio: Folio | None = None) -> PageText:
    out = PageText(index + 1)
    try:
        shape = pdfium.shape(index)
        fast: list[Char] = []
        if shape is not None and shape.paths == 0:
            fast = pdfium.chars(index)
        elif shape is not None and shape.geometry is not None:
            fast = pdfium.chars(index, complete=True)  # [] where pdfium dropped printed text (spaces)
        if fast and shape is not None:
            # pypdfium2's characters (many times faster than pdfminer's, and the same lines; see
            # the tests) and, on a page with vector graphics, its paths turned into the ruling
            # edges pdfminer would give, handed to pdfplumber's own table finder.
            out.images, out.engine = shape.images, "pypdfium2"
            tables = find_tables(shape.geometry) if shape.geometry is not None else []
            out.chars = len(fast)
            out.tables = len(tables)
            if folio is not None:
                fast, out.furniture = folio.strip(fast, shape.height, index + 1, [t.bbox for t in tables], _plain)
            out.lines = _page_lines(fast, tables, carry)
            return out
        page = pdf.pages[index]
        chars = _plumber_chars(page)
        out.images = len(page.images)
        if not chars or any(_CID.fullmatch(c.text) for c in chars[:200]):
            alternative = pdfium.chars(index)
            if alternative:
                chars = alternative
                out.engine, out.fallback = "pypdfium2", True
        if not chars:
            out.engine = ""
            return out
        # a glyph pdfminer cannot map stays a replacement character, not its "(cid:N)" code
        chars = [c._replace(text="\ufffd") if _CID.fullmatch(c.text) else c for c in chars]
        tables = page.find_tables() if page.lines or page.rects else []
        out.chars = len(chars)
        out.tables = len(tables)
        if folio is not None:
            height = shape.height if out.fallback and shape is not None else float(page.height)
            chars, out.furniture = folio.strip(chars, height, index + 1, [t.bbox for t in tables], _plain)
        out.lines = _page_lines(chars, tables, carry)
        page.close()
    except Exception as e:  # one broken page must not stop the others
        out.error = "该页内容无法解析"
        out.error_detail = original_text(e)
        out.lines = []
    return out


def _plumber_chars(page) -> list[Char]:
    chars = []
    for c in page.chars:
        text = c.get("text") or ""
        if not text:
            continue
        size = float(c.get("size") or 0) or float(c["bottom"] - c["top"]) or 10.0
        chars.append(Char(text, float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), size))
    return chars


class _Row(NamedTuple):
    top: float
    text: str


def _page_lines(chars: list[Char], tables, carry: Carry | None = None) -> list[str]:
    """The page's lines in reading order: free-text lines (tables without rules laid out in their
    columns, :mod:`jixiao.ingest.pdf_stream`) and table rows sorted by top."""
    rows: list[_Row] = []
    free = chars
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        table_rows, free = _table_rows(table, free)
        rows.extend(table_rows)
    rows.extend(_Row(top, text) for top, text in stream_rows(group_lines(free), _line_text, _cell_text, carry))
    rows.sort(key=lambda r: r.top)
    return [r.text for r in rows]


def _table_rows(table, chars: list[Char]) -> tuple[list[_Row], list[Char]]:
    """(one tab-separated line per table row, the characters outside every cell)."""
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars if x0 <= c.xmid <= x1 and top <= c.ymid <= bottom]
    if not inside:
        rows = [_Row(r.bbox[1], "\t" * (len(r.cells) - 1)) for r in table.rows]
        return rows, chars
    inside.sort(key=lambda c: c.xmid)
    xs = [c.xmid for c in inside]
    taken: set[int] = set()
    rows = []
    for row in table.rows:
        cells = []
        for box in row.cells:
            if box is None:
                cells.append("")
                continue
            bx0, btop, bx1, bbottom = box
            lo, hi = bisect_left(xs, bx0), bisect_right(xs, bx1)
            mine = [k for k in range(lo, hi) if btop <= inside[k].ymid < bbottom and k not in taken]
            taken.update(mine)
            cells.append(_cell_text([inside[k] for k in mine]))
        rows.append(_Row(row.bbox[1], "\t".join(cells)))
    leftover = [c for k, c in enumerate(inside) if k not in taken]
    outside = [c for c in chars if not (x0 <= c.xmid <= x1 and top <= c.ymid <= bottom)]
    return rows, outside + leftover


def _line_text(chars: list[Char], *, cells: bool) -> str:
    """One line's text; with ``cells`` a wide gap becomes a tab."""
    out: list[str] = []
    prev: Char | None = None
    pending_space = False
    for c in chars:
        if c.text.isspace():
            pending_space = bool(out)
            continue
        if prev is not None:
            gap = (c.x0 - prev.x1) / max(min(c.size, prev.size), 1.0)
            if cells and gap >= TAB_GAP:
                out.append("\t")
                pending_space = False
            elif pending_space or gap >= SPACE_GAP:
                out.append(" ")
                pending_space = False
        out.append(c.text.replace("\t", " "))
        prev = c
    return "".join(out).strip(" ")


def _plain(chars: list[Char]) -> str:
    return _line_text(chars, cells=False)


def _cell_text(chars: list[Char]) -> str:
    """A table cell's text: its lines joined, without a space between Chinese characters."""
    if not chars:
        return ""
    return join_wrapped([_line_text(line, cells=False) for _, line in group_lines(chars)])
