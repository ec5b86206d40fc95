"""Form layouts shared by the form-like reports (goal tables, self-evaluation forms, score tables,
the check report), written once and rendered to all four formats.

A report's view-model is laid out as :class:`Page`s holding :class:`Grid`s — rows of :class:`Cell`s
with HTML-style row and column spans, merged as the printed form merges them — and
:class:`Para`graphs. The same layout is written to HTML (the ``grid`` macro of
``templates/forms_base.html``), to PDF (that HTML through WeasyPrint), to XLSX (one sheet per page,
merged ranges, number formats, numbers stored as numbers) and to DOCX (merged table cells, Chinese
fonts through ``w:eastAsia``). The formats therefore cannot drift apart.

:func:`register_formats` registers the four renderers of a report kind from its layout function.
:func:`select` is the project selector of the per-project builders (name or code, spaces ignored).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from jixiao.export.xlsx_style import save as save_workbook
from jixiao.model.names import normalise_name as squash  # the one name normaliser
from jixiao.numbers import money, plain
from jixiao.report.common import WORD_FONTS, html_to_pdf, jinja_env, set_east_asian_font, set_rfonts
from jixiao.report.registry import renderer

MONEY_FORMAT = "#,##0.00"
T = TypeVar("T")


# ---------------------------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a printed form. ``value`` is the number behind ``text`` (stored as a number in
    XLSX); ``head`` marks a printed label; ``align`` is ``"num"`` (right), ``"center"`` or ``""``;
    ``css`` adds a class (``"diff"`` where a computed score differs from the published one)."""

    text: str = ""
    value: Decimal | None = None
    colspan: int = 1
    rowspan: int = 1
    head: bool = False
    fmt: str | None = None  # XLSX number format; None → General
    align: str = ""
    css: str = ""


@dataclass(frozen=True, slots=True)
class Grid:
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths (≈ characters in XLSX)
    header_rows: int = 0  # rows repeated at the top of each printed page
    css: str = ""  # "small" for dense tables


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    level: int = 0  # 0 body text; 1–3 headings; 4 a note
    css: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """A printed page group: one form, one sheet of the workbook, one section of the Word file."""

    title: str
    sheet: str
    parts: tuple[Grid | Para, ...]
    subtitle: str | None = None
    meta_left: str = ""
    meta_right: str = ""
    landscape: bool = False
    notes: tuple[str, ...] = ()


def text(value: object, **kw: Any) -> Cell:
    return Cell(text="" if value is None else str(value), **kw)


def head(value: str, **kw: Any) -> Cell:
    kw.setdefault("align", "center")
    return Cell(text=value, head=True, **kw)


def money_cell(value: Decimal | None, **kw: Any) -> Cell:
    """An amount (万元): two decimals with thousands separators, a number in XLSX."""
    return Cell(text=money(value), value=value, fmt=MONEY_FORMAT, align="num", **kw)


def number_cell(value: Decimal | None, raw: str | None = None, fmt: str | None = None, **kw: Any) -> Cell:
    """A published number as written (``raw``), or ``value`` without trailing zeros."""
    shown_text = raw if raw is not None else plain(value)
    return Cell(text=shown_text, value=value, fmt=fmt, align="num", **kw)


def spans(labels: Sequence[str]) -> list[int]:
    """Row spans merging runs of equal non-empty labels: ``[a, a, b]`` → ``[2, 0, 1]`` (0 = covered)."""
    out = [0] * len(labels)
    i = 0
    while i < len(labels):
        j = i + 1
        while j < len(labels) and labels[j] == labels[i] and labels[i]:
            j += 1
        out[i] = j - i
        i = j
    return out


def nested_spans(keys: Sequence[tuple[str, ...]]) -> list[int]:
    """Like :func:`spans` for hierarchical keys: a run never crosses a change of an outer level."""
    return spans(["\x1f".join(k) if k[-1] else "" for k in keys])


# ---------------------------------------------------------------------------------------------
# Selecting a project
# ---------------------------------------------------------------------------------------------


class NotFound(ValueError):
    """The ``project`` selector matched nothing (the message is Chinese, for the CLI)."""



def select(items: Iterable[T], project: str | None, keys: Callable[[T], Iterable[str | None]]) -> list[T]:
    """The items whose name or code (``keys``) equals ``project`` (spaces ignored); failing that,
    those whose name contains it. ``None`` selects all. Raises :class:`NotFound` when none match."""
    items = list(items)
    if project is None:
        return items
    want = squash(project)
    exact = [it for it in items if any(squash(k) == want for k in keys(it) if k)]
    if exact:
        return exact
    partial = [it for it in items if any(want and want in squash(k) for k in keys(it) if k)]
    if partial:
        return partial
    raise NotFound(f"未找到项目“{project}”（请按项目名称或项目编码选择）")


# ---------------------------------------------------------------------------------------------
# Placing cells (HTML spans → grid positions)
# ---------------------------------------------------------------------------------------------


def place(grid: Grid) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) for every cell, 0-based, skipping positions covered by a span above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(max(cell.rowspan, 1)):
                for dc in range(max(cell.colspan, 1)):
                    taken.add((r + dr, c + dc))
            c += max(cell.colspan, 1)
    return out


def display_width(value: str) -> int:
    """Columns a text takes in a monospace sense: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in value)


# ---------------------------------------------------------------------------------------------
# HTML and PDF
# ---------------------------------------------------------------------------------------------


def write_html(template: str, view: Any, pages: Sequence[Page], out: Path, *, for_pdf: bool = False) -> str:
    html = jinja_env().get_template(template).render(view=view, pages=pages, for_pdf=for_pdf)
    if out is not None:
        Path(out).write_text(html, encoding="utf-8")
    return html


def write_pdf(template: str, view: Any, pages: Sequence[Page], out: Path) -> None:
    html = jinja_env().get_template(template).render(view=view, pages=pages, for_pdf=True)
    html_to_pdf(html, Path(out))


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


def write_xlsx(pages: Sequence[Page], out: Path) -> None:
    """One sheet per page: title, meta line, the grids with their merges, paragraphs and notes."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for page in pages:
        ws = wb.create_sheet(_sheet_name(page.sheet, used))
        _fill_sheet(ws, page)
    save_workbook(wb, out)


def add_pages_to_workbook(path: Path, pages: Sequence[Page], *, first: bool = False) -> None:
    """Add ``pages`` as sheets to an existing workbook (before the others when ``first``)."""
    from openpyxl import load_workbook

    wb = load_workbook(str(path))
    used = set(wb.sheetnames)
    for k, page in enumerate(pages):
        ws = wb.create_sheet(_sheet_name(page.sheet, used), index=k if first else None)
        _fill_sheet(ws, page)
    if first:
        wb.active = 0
    save_workbook(wb, path)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", name).strip() or "Sheet"
    base = base[:28]
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:26]}_{n}"
        n += 1
    used.add(candidate)
    return candidate


def _widths(page: Page) -> list[float]:
    grids = [p for p in page.parts if isinstance(p, Grid)]
    n = max((len(g.widths) for g in grids), default=1)
    widths = [0.0] * n
    for g in grids:
        for i, w in enumerate(g.widths):
            widths[i] = max(widths[i], w)
    return [w or 10.0 for w in widths]


def _fill_sheet(ws, page: Page) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="F0F0F0")
    diff_fill = PatternFill("solid", fgColor="FDE2E1")
    widths = _widths(page)
    ncols = len(widths)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    def banner(row: int, value: str, *, size: float = 10.5, bold: bool = False, align: str = "left") -> None:
        cell = ws.cell(row=row, column=1, value=value)
        cell.font = Font(name="宋体", size=size, bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        if ncols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        lines = math.ceil(display_width(value) / max(sum(widths) * (10.5 / size), 1)) or 1
        ws.row_dimensions[row].height = max(size * 1.6, 14.0 * lines)

    r = 1
    banner(r, page.title, size=14, bold=True, align="center")
    r += 1
    if page.subtitle:
        banner(r, page.subtitle, align="center")
        r += 1
    if page.meta_left or page.meta_right:
        ws.cell(row=r, column=1, value=page.meta_left or None)
        right = ws.cell(row=r, column=ncols, value=page.meta_right or None)
        right.alignment = Alignment(horizontal="right")
        r += 1
    for part in page.parts:
        if isinstance(part, Para):
            banner(r, part.text, size=12 if part.level in (1, 2) else 10.5, bold=part.level in (1, 2))
            r += 1
            continue
        heights: dict[int, float] = {}
        for gr, gc, cell in place(part):
            row, col = r + gr, 1 + gc
            if col > ncols:
                continue
            target = ws.cell(row=row, column=col, value=_xlsx_value(cell))
            if cell.fmt and cell.value is not None:
                target.number_format = cell.fmt
            horizontal = {"num": "right", "center": "center"}.get(cell.align, "left")
            target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            target.font = Font(name="宋体", size=9, bold=False)
            if cell.head:
                target.fill = fill
            elif "diff" in cell.css:
                target.fill = diff_fill
            rs, cs = max(cell.rowspan, 1), max(cell.colspan, 1)
            last_col = min(col + cs - 1, ncols)
            for rr in range(row, row + rs):
                for cc in range(col, last_col + 1):
                    ws.cell(row=rr, column=cc).border = border
            if rs > 1 or last_col > col:
                ws.merge_cells(start_row=row, start_column=col, end_row=row + rs - 1, end_column=last_col)
            span_width = sum(widths[col - 1 : last_col])
            lines = max(1, math.ceil(display_width(cell.text) / max(span_width * 0.95, 1)))
            lines += cell.text.count("\n")
            per_row = 13.0 * lines / rs
            heights[row] = max(heights.get(row, 15.0), per_row)
        for row, h in heights.items():
            ws.row_dimensions[row].height = min(h, 409)
        r += len(part.rows) + 1
    for note in page.notes:
        banner(r, note, size=9)
        r += 1
    ws.page_setup.orientation = "landscape" if page.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _xlsx_value(cell: Cell) -> object:
    if cell.value is not None:
        return cell.value
    return cell.text or None


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------


def write_docx(pages: Sequence[Page], out: Path) -> None:
    """One section per page (landscape where the page is), tables with merged cells, Chinese fonts."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = WORD_FONTS["body"]
    normal.element.get_or_add_rPr()
    _style_east_asian(normal, WORD_FONTS["body"])
    for i, page in enumerate(pages):
        section = doc.sections[0] if i == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        if page.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(15))
        section.top_margin = section.bottom_margin = Mm(18)
        usable_mm = (297 if page.landscape else 210) - 30
        _docx_paragraph(doc, page.title, size=16, font=WORD_FONTS["heading"], center=True, bold=True)
        if page.subtitle:
            _docx_paragraph(doc, page.subtitle, size=10.5, center=True)
        if page.meta_left or page.meta_right:
            gap = "\u3000" * 4
            _docx_paragraph(doc, f"{page.meta_left}{gap}{page.meta_right}".strip(), size=9)
        for part in page.parts:
            if isinstance(part, Para):
                size = {1: 14, 2: 12, 3: 11}.get(part.level, 10.5 if part.level == 0 else 9)
                font = WORD_FONTS["heading"] if part.level in (1, 2, 3) else WORD_FONTS["body"]
                _docx_paragraph(doc, part.text, size=size, font=font)
            else:
                _docx_table(doc, part, usable_mm)
        for note in page.notes:
            _docx_paragraph(doc, note, size=8.5)
    doc.save(str(out))


def _style_east_asian(style, name: str) -> None:
    set_rfonts(style.element.get_or_add_rPr(), name)


def _docx_paragraph(doc, value: str, *, size: float, font: str | None = None, center: bool = False, bold=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(value)
    run.font.size = Pt(size)
    run.bold = bold
    set_east_asian_font(run, font or WORD_FONTS["body"])
    return p


def _docx_table(doc, grid: Grid, usable_mm: float) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    ncols = len(grid.widths)
    table = doc.add_table(rows=len(grid.rows), cols=ncols)
    table.style = "Table Grid"
    table.autofit = False
    total = sum(grid.widths) or 1
    col_mm = [usable_mm * w / total for w in grid.widths]
    flat = table._cells  # computed once: table.cell(r, c) recomputes the whole table each call
    for k, docx_cell in enumerate(flat):
        docx_cell.width = Mm(col_mm[k % ncols])
    for r in range(min(grid.header_rows, len(grid.rows))):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)
    size = Pt(7.5 if "small" in grid.css else 9)
    shade = "F0F0F0"
    for r, c, cell in place(grid):
        if c >= ncols:
            continue
        target = flat[r * ncols + c]
        last_r = min(r + max(cell.rowspan, 1) - 1, len(grid.rows) - 1)
        last = flat[last_r * ncols + min(c + max(cell.colspan, 1) - 1, ncols - 1)]
        if last._tc is not target._tc:
            target = target.merge(last)
        paragraph = target.paragraphs[0]
        paragraph.alignment = {
            "num": WD_ALIGN_PARAGRAPH.RIGHT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
        }.get(cell.align, WD_ALIGN_PARAGRAPH.LEFT)
        run = paragraph.add_run(cell.text)
        run.font.size = size
        set_east_asian_font(run, WORD_FONTS["heading"] if cell.head else WORD_FONTS["body"])
        if cell.head or "diff" in cell.css:
            tc_pr = target._tc.get_or_add_tcPr()
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), shade if cell.head else "FDE2E1")
            tc_pr.append(shd)
    doc.add_paragraph()


# ---------------------------------------------------------------------------------------------
# Registering the four formats of a report kind
# ---------------------------------------------------------------------------------------------


def register_formats(name: str, template: str, layout: Callable[[Any], Sequence[Page]]) -> None:
    """Register html/pdf (``template``), xlsx and docx renderers of ``name`` from its ``layout``."""

    def to_html(view: Any, out: Path) -> None:
        write_html(template, view, layout(view), out)

    def to_pdf(view: Any, out: Path) -> None:
        write_pdf(template, view, layout(view), out)

    def to_xlsx(view: Any, out: Path) -> None:
        write_xlsx(layout(view), out)

    def to_docx(view: Any, out: Path) -> None:
        write_docx(layout(view), out)

    renderer(name, "html")(to_html)
    renderer(name, "pdf")(to_pdf)
    renderer(name, "xlsx")(to_xlsx)
    renderer(name, "docx")(to_docx)
