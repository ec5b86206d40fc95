"""The disclosure package as text in the layout of the published documents (seed 002): cover,
第二部分 with the nine tables (cells separated by tabs, merged cells as empty cells to the
right and below, as a PDF converter writes them), 第三部分 with the 情况说明 and its chart
captions.

This is what lets jixiao's own readers take the generated package back in:
``jixiao.ingest.read_text(to_seed_text(view))`` reads the same tables, and the checks run on
the generated narrative exactly as on a published one.
"""

from __future__ import annotations

from jixiao.report.disclosure_layout import TableLayout, body_positions, grid
from jixiao.report.disclosure_view import DisclosureView


def _header_lines(t: TableLayout) -> list[str]:
    rows = [[""] * t.width for _ in t.header]
    for r, c, h in grid(t.header):
        if c < t.width:
            rows[r][c] = h.text
    return ["\t".join(r) for r in rows]


def _body_lines(t: TableLayout) -> list[str]:
    out = []
    for row in t.rows:
        cells = [""] * t.width
        for c, cell in body_positions(row):
            if c < t.width:
                cells[c] = cell.text
        out.append("\t".join(cells))
    return out


def table_text(t: TableLayout) -> list[str]:
    lines = [t.title, "", t.number, "", f"部门：{t.department}", "", f"金额单位：{t.unit}", ""]
    lines += _header_lines(t) + _body_lines(t) + [""]
    for note in t.notes:
        lines += [note, ""]
    return lines


def _section_lines(sections) -> list[str]:
    out = []
    for s in sections:
        out += [s.heading, ""]
        for p in s.paragraphs:
            out += [p, ""]
    return out


def to_seed_text(view: DisclosureView) -> str:
    lines = [f"{view.year or ''}年度", f"{view.department}部门决算", ""]
    if view.overview:
        lines += ["第一部分", "", "部门概况", "", *_section_lines(view.overview)]
    lines += ["第二部分", "", view.tables_title, ""]
    for t in view.tables:
        lines += table_text(t)
    lines += ["第三部分", "", view.narrative_title, ""]
    for s in view.sections:
        lines += [s.heading, ""]
        for p in s.paragraphs:
            lines += [p, ""]
        chart = view.chart(s.chart)
        if chart is not None:
            lines += [chart.caption, ""]
    if view.glossary:
        lines += ["第四部分", "", "名词解释", "", *_section_lines(view.glossary)]
    return "\n".join(lines) + "\n"
