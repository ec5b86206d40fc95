"""The disclosure package as XLSX (openpyxl) and DOCX (python-docx).

XLSX: one sheet per table named by its number (``公开01表``) in the official layout — title,
number, 部门 / 金额单位, merged header cells, amounts as numbers formatted ``#,##0.00`` — then
a sheet 情况说明 (the narrative, its charts as PNG images) and a sheet 数据来源 (the inputs
and their provenance).

DOCX: A4, the tables on landscape pages (merged header cells, 8 pt), the narrative on
portrait pages with its charts (PNG); every run's East Asian font set through ``w:eastAsia``
(:func:`jixiao.report.common.docx_text`).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from jixiao.export.xlsx_style import save as save_workbook
from jixiao.report.common import WORD_FONTS, docx_text, set_east_asian_font
from jixiao.report.disclosure_charts import render_chart
from jixiao.report.disclosure_layout import TableLayout, body_positions, grid
from jixiao.report.disclosure_view import KIND, DisclosureView
from jixiao.report.registry import renderer

MONEY_FORMAT = "#,##0.00"


# -- XLSX ---------------------------------------------------------------------------------------


# Cell looks of the tables, registered once per workbook as named styles: a cell takes its whole
# look by name (one lookup), where setting border, fill and alignment object by object made
# openpyxl hash and compare each object against the workbook's lists, cell after cell.
HEADER_STYLE = "公开表表头"  # bordered, grey, centred, wrapped
BODY_STYLE = "公开表单元格"  # bordered
CODE_STYLE = "公开表编码"  # bordered, centred (行次, 科目编码)
MONEY_STYLE = "公开表金额"  # bordered, #,##0.00


def _xlsx_styles(wb) -> None:
    from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Side
    from openpyxl.styles.fonts import DEFAULT_FONT  # the workbook's own default (Calibri 11)

    thin = Side(style="thin", color="333333")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = NamedStyle(HEADER_STYLE, font=DEFAULT_FONT, border=border, fill=PatternFill("solid", fgColor="F0F0F0"))
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    code = NamedStyle(CODE_STYLE, font=DEFAULT_FONT, border=border)
    code.alignment = Alignment(horizontal="center")
    body = NamedStyle(BODY_STYLE, font=DEFAULT_FONT, border=border)
    money = NamedStyle(MONEY_STYLE, font=DEFAULT_FONT, border=border, number_format=MONEY_FORMAT)
    for style in (header, body, code, money):
        wb.add_named_style(style)


def _xlsx_table(wb, t: TableLayout) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(t.number or t.title[:28])
    width = t.width
    ws.cell(1, 1, t.title).font = Font(name="黑体", size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, width, t.number).alignment = Alignment(horizontal="right")
    ws.cell(3, 1, f"部门：{t.department}")
    ws.cell(3, width, f"金额单位：{t.unit}").alignment = Alignment(horizontal="right")
    top = 4
    for r, c, h in grid(t.header):
        row, col = top + r, 1 + c
        for dr in range(h.rowspan):
            for dc in range(h.colspan):
                ws.cell(row + dr, col + dc).style = HEADER_STYLE
        ws.cell(row, col, h.text or None)
        if h.rowspan > 1 or h.colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + h.rowspan - 1, end_column=col + h.colspan - 1)
    row = top + len(t.header)
    for body in t.rows:
        for c, x in body_positions(body):
            target = ws.cell(row, 1 + c)
            for dc in range(1, x.colspan):
                ws.cell(row, 1 + c + dc).style = BODY_STYLE
            if x.kind == "num" and x.value is not None:
                target.style = MONEY_STYLE
                target.value = x.value
            else:
                target.style = CODE_STYLE if x.kind in ("row_no", "code") else BODY_STYLE
                if x.text:
                    target.value = x.text
            if x.colspan > 1:
                ws.merge_cells(start_row=row, start_column=1 + c, end_row=row, end_column=c + x.colspan)
        row += 1
    for note in t.notes:
        row += 1
        ws.cell(row, 1, note).font = Font(size=9)
    _xlsx_widths(ws, t)
    ws.freeze_panes = ws.cell(top + len(t.header), 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top + len(t.header) - 1}"


def _xlsx_widths(ws, t: TableLayout) -> None:
    from openpyxl.utils import get_column_letter

    widths = [8.0] * t.width
    for body in t.rows:
        for c, x in body_positions(body):
            if x.colspan == 1 and c < t.width:
                widths[c] = max(widths[c], min(46.0, 2.1 * len(x.text) + 2 if x.kind == "label" else len(x.text) + 3))
    for c, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c + 1)].width = w


def _xlsx_narrative(wb, view: DisclosureView) -> None:
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("情况说明")
    ws.column_dimensions["A"].width = 110
    ws.cell(1, 1, view.narrative_title).font = Font(name="黑体", size=14, bold=True)
    row = 3
    for s in view.sections:
        ws.cell(row, 1, s.heading).font = Font(name="黑体", size=12 if s.level == 2 else 11, bold=True)
        row += 1
        for p in s.paragraphs:
            x = ws.cell(row, 1, p)
            x.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 15 * (1 + len(p) // 52)
            row += 1
        chart = view.chart(s.chart)
        if chart is not None:
            img = Image(io.BytesIO(render_chart(chart, "png")))
            img.width, img.height = 560, 280
            ws.add_image(img, f"A{row}")
            row += 15
            ws.cell(row, 1, chart.caption).alignment = Alignment(horizontal="center")
            row += 2


def _xlsx_inputs(wb, view: DisclosureView) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("数据来源")
    for c, (head, w) in enumerate((("项目", 36), ("数值", 16), ("单位", 8), ("来源", 90)), start=1):
        ws.cell(1, c, head).font = Font(bold=True)
        ws.column_dimensions["ABCD"[c - 1]].width = w
    for r, i in enumerate(view.inputs, start=2):
        ws.cell(r, 1, i.label)
        value = ws.cell(r, 2, i.value)
        if i.unit == "万元":
            value.number_format = MONEY_FORMAT
        ws.cell(r, 3, i.unit)
        ws.cell(r, 4, i.provenance).alignment = Alignment(wrap_text=True)
    start = len(view.inputs) + 3
    for k, gap in enumerate(view.gaps):
        ws.cell(start + k, 1, f"未提供：{gap}")


@renderer(KIND, "xlsx")
def to_xlsx(view: DisclosureView, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _xlsx_styles(wb)
    for t in view.tables:
        _xlsx_table(wb, t)
    _xlsx_narrative(wb, view)
    _xlsx_inputs(wb, view)
    save_workbook(wb, out)


# -- DOCX ---------------------------------------------------------------------------------------


def _docx_section(doc, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    sec = doc.add_section(WD_SECTION.NEW_PAGE) if doc.paragraphs or doc.tables else doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Mm(15))
    sec.top_margin = sec.bottom_margin = Mm(15)


def _para(
    doc, text: str, font: str = WORD_FONTS["body"], size: float = 12, bold=False, align=None, indent=False, level=0
):
    """A paragraph of one run; ``level`` 1–3 uses Word's heading styles (navigation pane, TOC)."""
    from docx.shared import Pt

    p = doc.add_paragraph(style=HEADING_STYLES[level - 1] if level else None)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(2)
    docx_text(p, text, font, size, bold)
    return p


TABLE_STYLE = "表格文字"
TABLE_STYLE_ID = "TableText"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")


def _styles(doc) -> None:
    """Normal text and table text styles with their East Asian fonts set once, on the style
    (runs inherit them: setting fonts run by run costs more than the rest of the document)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    set_east_asian_font(normal, WORD_FONTS["body"])
    normal.font.size = Pt(12)
    table_text = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.element.styleId = TABLE_STYLE_ID
    table_text.base_style = normal
    table_text.font.size = Pt(8)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)
    for name in HEADING_STYLES:
        heading = doc.styles[name]
        set_east_asian_font(heading, WORD_FONTS["heading"])
        heading.font.color.rgb = RGBColor(0, 0, 0)


def _cell_text(cell, text: str, align=None, bold=False) -> None:
    """The cell's text in the table style. A table has thousands of cells: each takes a copy of
    the paragraph properties and run made once by python-docx for its (alignment, bold) — the same
    XML, without python-docx searching and inserting element by element for every cell."""
    from copy import deepcopy

    p = cell._tc.p_lst[0]
    ppr, run = _cell_prototype(align, bool(bold))
    if p.pPr is not None or len(p):  # not a fresh cell paragraph: the ordinary way
        para = cell.paragraphs[0]
        para._p.get_or_add_pPr().style = TABLE_STYLE_ID
        if align is not None:
            para.alignment = align
        if text:
            para.add_run(text).bold = bold or None
        return
    p.append(deepcopy(ppr))
    if text:
        r = deepcopy(run)
        r.text = text  # python-docx's own text setter (tabs, line breaks, spaces)
        p.append(r)


@cache
def _cell_prototype(align, bold: bool):
    """(w:pPr, w:r) of a table cell's paragraph as python-docx writes them."""
    from docx.oxml.parser import OxmlElement
    from docx.text.paragraph import Paragraph

    para = Paragraph(OxmlElement("w:p"), None)
    para._p.get_or_add_pPr().style = TABLE_STYLE_ID
    if align is not None:
        para.alignment = align
    para.add_run("x").bold = bold or None
    return para._p.pPr, para._p.r_lst[0]


def _docx_table(doc, t: TableLayout, part: str | None = None) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    _docx_section(doc, landscape=True)
    if part:
        _para(doc, part, WORD_FONTS["heading"], 12, True, level=1)
    _para(doc, t.title, WORD_FONTS["title"], 16, True, A.CENTER, level=2)
    _para(doc, t.number, size=9, align=A.RIGHT)
    _para(doc, f"部门：{t.department}　　　　金额单位：{t.unit}", size=9)
    table = doc.add_table(rows=len(t.header) + len(t.rows), cols=t.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [r.cells for r in table.rows]
    for r, c, h in grid(t.header):
        target = rows[r][c]
        if h.rowspan > 1 or h.colspan > 1:
            target = target.merge(rows[r + h.rowspan - 1][c + h.colspan - 1])
        _cell_text(target, h.text, A.CENTER, True)
    for k, body in enumerate(t.rows):
        cells = rows[len(t.header) + k]
        for c, x in body_positions(body):
            target = cells[c] if x.colspan == 1 else cells[c].merge(cells[c + x.colspan - 1])
            align = A.RIGHT if x.kind == "num" else A.CENTER if x.kind in ("row_no", "code") else None
            _cell_text(target, x.text, align=align)
    for note in t.notes:
        _para(doc, note, size=8)


def _docx_narrative(doc, view: DisclosureView) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.shared import Mm

    _docx_section(doc, landscape=False)
    _para(doc, view.narrative_heading_line, WORD_FONTS["heading"], 16, True, A.CENTER, level=1)
    for s in view.sections:
        font = WORD_FONTS["heading"] if s.level == 2 else "楷体_GB2312"
        _para(doc, s.heading, font, 14 if s.level == 2 else 13, True, level=s.level)
        for p in s.paragraphs:
            _para(doc, p, indent=True)
        chart = view.chart(s.chart)
        if chart is not None:
            doc.add_picture(io.BytesIO(render_chart(chart, "png")), width=Mm(150))
            doc.paragraphs[-1].alignment = A.CENTER
            _para(doc, chart.caption, size=10, align=A.CENTER)


def _docx_part(doc, heading: str, sections) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    _docx_section(doc, landscape=False)
    _para(doc, heading, WORD_FONTS["heading"], 16, True, A.CENTER, level=1)
    for s in sections:
        if not s.paragraphs:  # a 名词解释 entry: a line of text
            _para(doc, s.heading, indent=True)
            continue
        _para(doc, s.heading, WORD_FONTS["heading"], 14, True, level=s.level)
        for p in s.paragraphs:
            _para(doc, p, indent=True)


def _docx_inputs(doc, view: DisclosureView) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    _para(doc, "数据来源情况说明", WORD_FONTS["heading"], 14, True, level=1)
    table = doc.add_table(rows=1 + len(view.inputs), cols=3)
    table.style = "Table Grid"
    for c, head in enumerate(("项目", "数值", "来源")):
        _cell_text(table.rows[0].cells[c], head, A.CENTER, True)
    for r, i in enumerate(view.inputs, start=1):
        cells = table.rows[r].cells
        value = "" if i.value is None else str(i.value)
        _cell_text(cells[0], i.label)
        _cell_text(cells[1], f"{value}{i.unit}")
        _cell_text(cells[2], i.provenance)
    for gap in view.gaps:
        _para(doc, f"未提供：{gap}", size=10)


@renderer(KIND, "docx")
def to_docx(view: DisclosureView, out: Path) -> None:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    doc = Docx()
    _styles(doc)
    _docx_section(doc, landscape=False)
    for _ in range(6):
        doc.add_paragraph()
    for k, line in enumerate(view.cover_lines):
        _para(doc, line, WORD_FONTS["title"], 22 if k == 0 else 26, True, A.CENTER)
    if view.overview:
        _docx_part(doc, "第一部分　部门概况", view.overview)
    if view.narrative_first:
        _docx_narrative(doc, view)
    for k, t in enumerate(view.tables):
        _docx_table(doc, t, view.tables_heading_line if k == 0 else None)
    if not view.narrative_first:
        _docx_narrative(doc, view)
    if view.glossary:
        _docx_part(doc, "第四部分　名词解释", view.glossary)
    _docx_inputs(doc, view)
    doc.save(str(out))
