"""Reading the 自评情况汇总表: title, 部门名称, the header, one row per project, prose and notes."""

from __future__ import annotations

import re

from jixiao.ingest.context import ReadContext
from jixiao.ingest.selfeval.cells import NOTE_START, Cell, header_columns, line_cells
from jixiao.ingest.text import Line
from jixiao.model.grades import GRADES
from jixiao.model.selfeval import Figure, SelfEvaluationSummary, SummaryRow


def read_summary(ctx: ReadContext, lines: list[Line]) -> SelfEvaluationSummary | None:
    """自评情况汇总表: title, 部门名称, the header, one row per project, prose and notes."""
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return None
    title_line = body[0]
    title = title_line.text
    ctx.place(title_line)
    department: str | None = None
    header: dict[str, int] = {}
    rows: list[SummaryRow] = []
    notes: list[str] = []
    remarks: list[str] = []
    for line in body[1:]:
        cells = line_cells(ctx, line, title)
        text = " ".join(c.text for c in cells)
        if not cells:
            ctx.place(line)  # nothing but a page number, reported by the clean-up
        elif notes or NOTE_START.match(text):
            notes.append(text)
            ctx.place(line)
        elif cells[0].norm.startswith("部门名称") and department is None:
            department = re.split(r"[:：]", cells[0].text, maxsplit=1)[-1].strip() or None
            if department is None and len(cells) > 1:
                department = cells[1].text
            ctx.place(line)
        elif any(c.norm == "序号" for c in cells) and not header:
            header = _summary_header(cells)
            ctx.place(line)
        elif re.fullmatch(r"\d+", cells[0].text):
            row = _summary_row(ctx, line, cells, header, title)
            rows.append(row)
            ctx.place(line)
        elif rows and len(cells) == 1:
            remarks.append(text)
            ctx.place(line)
        else:
            ctx.report("selfeval-row-unparsed", ctx.source(line, table=title), subject=title, text=text[:60])
    if not rows:
        ctx.report("selfeval-field-missing", ctx.source(title_line, table=title), subject=title, field="项目行")
    return SelfEvaluationSummary(
        title=title,
        department=department,
        rows=tuple(rows),
        notes=tuple(notes),
        source=ctx.source(title_line, table=title),
        remarks=tuple(remarks),
    )


def _summary_header(cells: list[Cell]) -> dict[str, int]:
    spec = (
        ("number", ("序号",)),
        ("unit", ("项目实施单位", "资金使用单位", "实施单位", "单位")),
        ("project", ("项目名称",)),
        ("score", ("自评得分", "得分")),
        ("grade", ("评价等级", "自评等级", "等级")),
    )
    columns, _ = header_columns(cells, spec, last=False)
    return columns


def _summary_row(ctx: ReadContext, line: Line, cells: list[Cell], header: dict[str, int], table: str) -> SummaryRow:
    """A row: in order when it has exactly five cells, else by the header's columns."""
    order = ("number", "unit", "project", "score", "grade")
    if len(cells) == len(order):
        by_field = dict(zip(order, cells, strict=True))
    else:
        by_field = {}
        column_field = {col: name for name, col in header.items()}
        for cell in cells:
            name = column_field.get(cell.col)
            if name is None or name in by_field:
                detail = f"汇总表第{cell.col}列的“{cell.text}”不在任何表头之下，未读取"
                ctx.report("cell-shifted", ctx.source(line, table=table, column=cell.col), detail=detail)
                continue
            by_field[name] = cell
    src = ctx.source(line, table=table)
    number_cell = by_field.get("number")
    score_cell = by_field.get("score")
    grade_cell = by_field.get("grade")
    score = None
    if score_cell is not None:
        score_src = src.at(column=score_cell.col)
        score = Figure(score_cell.text, ctx.number(score_cell.text, score_src), score_src)
    grade = grade_cell.text if grade_cell else None
    if grade is not None and grade not in GRADES:
        detail = f"评价等级“{grade}”不是优、良、中、差之一"
        ctx.report("cell-shifted", src.at(column=grade_cell.col if grade_cell else None), detail=detail)
    labels = {"unit": "项目实施单位", "project": "项目名称", "score": "自评得分", "grade": "评价等级"}
    for name, label in labels.items():
        if name not in by_field:
            ctx.report("selfeval-field-missing", src, subject=table, field=label)
    return SummaryRow(
        number=int(number_cell.text) if number_cell and number_cell.text.isdigit() else None,
        unit=by_field["unit"].text if "unit" in by_field else "",
        project=by_field["project"].text if "project" in by_field else "",
        score=score,
        grade=grade,
        source=src,
    )
