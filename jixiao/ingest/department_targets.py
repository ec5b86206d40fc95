"""Reading a 部门整体支出绩效目标表 (a department's whole-spending performance targets) on its own.

The table has four blocks, in any order, each opened by its label (the words provinces print are
in :mod:`jixiao.ingest.department_blocks`): 资金总额 by source, 年度总体目标, 部门职责 (a list, or a
table 部门职能 → 重点工作 → 资金), and the indicators under a header 一级指标 / 二级指标 / 三级指标 /
指标值 with or without 计量单位 / 指标性质 / 分值 columns (read as the indicators of any target form,
:func:`jixiao.ingest.forms.read_target_project`). Before them a title (``某局2024年部门整体支出绩效目标表``),
the department (部门名称 …) and the money unit (单位：万元, or ``（万元）`` in a header), kept as printed.

The same reader reads text (cells separated by tabs, pipes or spaces, or one cell per line with a
blank line between rows), the sheet of a workbook turned into such text
(:func:`read_sheet_rows`), and a PDF's tables (the PDF reader gives tab-separated lines). A row no
block takes is left unplaced: kept as raw text and reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest import cells as C
from jixiao.ingest import department_blocks as B
from jixiao.ingest import forms
from jixiao.ingest.context import ReadContext
from jixiao.ingest.goal_tables import BUDGET_BOOK
from jixiao.ingest.registry import Clue, Detection, clues, document_kind, word
from jixiao.ingest.text import Line, is_page_footer
from jixiao.model.department import DepartmentTargets

TITLE = re.compile(r"整体(?:支出)?绩效目标(?:申报|批复|审批)?表|整体支出绩效目标|部门[(（]单位[)）]整体绩效目标")
TITLE_UNIT = re.compile(r"\s*[(（]?\s*(?:金额)?单位\s*[:：]\s*(万元|亿元|元)\s*[)）]?\s*$")
YEAR_BEFORE = re.compile(r"^(?P<department>.*?)\s*(?P<year>\d{4})\s*年度?")
FOOTER = ("填表人", "填报人", "联系电话", "填报日期", "单位负责人", "财务负责人", "审核人", "负责人", "经办人", "备注")
INDICATOR_LABELS = ("年度绩效指标", "绩效指标", "部门整体绩效指标", "整体绩效指标", "年度绩效指标表")
NOT_TARGETS = ("自评", "实际完成值", "完成情况", "得分", "评价报告")  # a self-evaluation or an evaluation
BOOKS = (*BUDGET_BOOK, "决算总表", "部门决算")


def _some(label: str, weight: float, *words: str) -> Clue:
    return Clue(label, weight, lambda text: any(w in text for w in words))


_clues = clues(
    word("部门整体支出绩效目标表", 0.9),
    word("部门整体绩效目标申报表", 0.9),
    _some("“整体支出绩效目标”", 0.7, "整体支出绩效目标", "整体绩效目标表"),
    Clue("“部门（单位）整体绩效目标”", 0.7, lambda text: bool(re.search(r"部门[(（]单位[)）]整体绩效目标", text))),
    _some("“年度总体目标”", 0.25, "年度总体目标", "总体绩效目标", "年度绩效目标"),
    _some("“部门职责”或“主要职能”", 0.25, "部门职责", "主要职能", "部门职能"),
    _some("“资金总额”", 0.25, "资金总额", "年度资金总额", "资金情况"),
    _some("“一级指标/二级指标/三级指标”", 0.15, "三级指标"),
    word("指标值", 0.1),
)


def evidence(text: str) -> Detection:
    """The clues of a 部门整体 target table; a text that reports results (自评, 完成值, 得分) or is a
    budget or final-accounts book holding such a table is taken at a lower confidence (the table is
    then a part of it, :mod:`jixiao.ingest.parts`)."""
    found = _clues(text)
    damp = 1.0
    if any(w in text for w in NOT_TARGETS):
        damp = 0.3
    elif any(w in text for w in BOOKS):
        damp = 0.5
    return Detection(found.confidence * damp, found.evidence, found.missing)


# -- rows ----------------------------------------------------------------------------------------


def table_rows(lines: Sequence[Line]) -> tuple[list[B.Row], str]:
    """The printed rows of the table (empty cells kept) and the layout: a row a line, or one cell a
    line with an empty line ending each row (``lines``; a line holding only a tab is an empty cell)."""
    how = C.layout(lines)
    body = [ln for ln in lines if not ln.blank]
    one_per_line = sum(len([p for p in re.split(r"\t|\|", ln.raw) if p.strip()]) <= 1 for ln in body)
    if how == "lines" or (body and one_per_line * 10 >= len(body) * 9 and len(body) < len(lines)):
        rows: list[B.Row] = []
        current: B.Row = []
        for ln in lines:
            if ln.blank and not ln.raw.startswith("\t"):  # an empty line ends a row; a line "\t" is an empty cell
                if current:
                    rows.append(current)
                current = []
                continue
            current.append(C.Cell(ln.raw.strip().strip(" |"), ln, len(current) + 1))
        if current:
            rows.append(current)
        return rows, "lines"
    stream = C.tokenise(lines, how)
    out: dict[int, B.Row] = {}
    for cell in stream:
        out.setdefault(cell.line.number, []).append(cell)
    return [r for r in out.values() if any(c.text for c in r)], how


def _indicator_header(row: B.Row) -> bool:
    return C.find_header(row, C.INDICATOR_COLUMNS, needs=forms.INDICATOR_NEEDS, least=3) is not None


def _marker(row: B.Row) -> str | None:
    """What a row opens: a block (funds / goal / duties / indicators), the title, or nothing."""
    if len(B.printed(row)) == 1 and is_page_footer(B.printed(row)[0].text):
        return "page"
    if _indicator_header(row):
        return "indicators"
    if any(B.key(c.text).startswith(FOOTER) for c in B.printed(row)[:2]):
        return "footer"
    block = B.block_of(row)
    if block is not None:
        return block
    text = "".join(c.text for c in row)
    if TITLE.search(text) and len(B.printed(row)) <= 2 and len(text) <= 80:
        return "title"
    first = B.printed(row)[0].text if B.printed(row) else ""
    if B.key(first) in INDICATOR_LABELS:
        return "indicator-label"
    return None


# -- the kind ------------------------------------------------------------------------------------


@document_kind("department_targets", "部门整体支出绩效目标表", evidence, in_books=True)
def read_department_targets(ctx: ReadContext) -> DepartmentTargets:
    rows, how = table_rows(ctx.lines)
    return read_rows(ctx, rows, how)


def read_rows(ctx: ReadContext, rows: list[B.Row], how: str) -> DepartmentTargets:
    """The table from its rows (text, a sheet, a PDF page turned into rows)."""
    marks = [_marker(r) for r in rows]
    title_row = next((r for r, m in zip(rows, marks, strict=True) if m == "title"), None)
    title = "".join(c.text for c in B.printed(title_row)) if title_row else ""
    money = None
    if m := TITLE_UNIT.search(title):  # "…目标表（单位：万元）": the unit printed in the title line
        money, title = m.group(1), title[: m.start()].strip()
    department = year = None
    if title_row is not None:
        ctx.place(*(c.line for c in title_row))
        if m := YEAR_BEFORE.match(title):
            year = int(m.group("year"))
            department = m.group("department").strip() or None
    blocks: dict[str, list[B.Row]] = {}
    current: str | None = None
    for row, mark in zip(rows, marks, strict=True):
        if mark in ("funds", "goal", "duties", "indicators"):
            current = mark
            if mark in blocks:  # a block printed twice: the first is read, the second kept raw
                ctx.report("dept-block-repeated", ctx.source(row[0].line), block=_BLOCK_NAMES[mark])
                current = None
                continue
            blocks[mark] = [row]
            continue
        if mark in ("title", "footer"):  # a footer (填表人, 联系电话 …) ends the blocks; kept raw, reported
            current = None
            continue
        if mark == "page":  # a page's number between the rows of a table: layout, the block goes on
            ctx.place(*(c.line for c in row))
            continue
        if mark == "indicator-label":
            ctx.place(*(c.line for c in row))
            current = None
            continue
        if current is not None:
            blocks[current].append(row)
            continue
        department, money = _head(ctx, row, department, money)  # the rows before the first block
    if not title:
        title = next(
            (ln.text for ln in ctx.lines if TITLE.search(ln.raw) and len(ln.text) <= 80), "部门整体支出绩效目标表"
        )
    funds = B.read_funds(ctx, blocks.get("funds", []))
    ctx.place(*funds.used)
    if "funds" in blocks:
        ctx.place(*(c.line for c in blocks["funds"][0]))
    goal = B.read_goal(blocks.get("goal", []))
    for row in blocks.get("goal", []):
        ctx.place(*(c.line for c in row))
    duties = B.read_duties(ctx, blocks.get("duties", []))
    unread = {id(r) for r in duties.unread}
    for row in blocks.get("duties", []):
        if id(row) not in unread:
            ctx.place(*(c.line for c in row))
    indicators: tuple = ()
    basis = False
    if "indicators" in blocks:
        ctx.place(*(c.line for c in blocks["indicators"][0]))  # the header row, its label (年度绩效指标) too
        stream = _stream(blocks["indicators"], how)
        project = forms.read_target_project(ctx, stream, how, title, money)
        indicators = project.indicators if project is not None else ()
        basis = project is not None and project.basis_column
    elif any(_looks_like_indicator(r) for r in rows):
        ctx.report("form-layout-unreadable", ctx.source(1), subject=title,
                   detail="找不到“一级指标/二级指标/三级指标/指标值”表头，指标未读取")  # fmt: skip
    money = funds.unit or money or forms.money_unit(ctx.lines) or "万元"
    year = year or forms.form_year(ctx.lines)
    first = title_row[0].line if title_row else next((ln for ln in ctx.lines if not ln.blank), None)
    return DepartmentTargets(
        department=department or "",
        year=year,
        overall_goal=goal,
        duties=tuple(duties.duties),
        funds=tuple(funds.lines),
        indicators=indicators,
        title=title,
        money_unit=money,
        source=ctx.source(first),
        printed_total=funds.total,
        tasks=tuple(duties.tasks),
        basis_column=basis,
    )


_BLOCK_NAMES = {"funds": "资金总额", "goal": "年度总体目标", "duties": "部门职责", "indicators": "绩效指标"}


def _head(ctx: ReadContext, row: B.Row, department: str | None, money: str | None) -> tuple[str | None, str | None]:
    """部门名称 and 单位：万元 in the rows before the blocks (the row is placed when one is read)."""
    took = False
    cells = B.printed(row)
    for k, c in enumerate(cells):
        if m := forms.MONEY_UNIT.search(c.text):
            money, took = m.group(1), True
            continue
        lv = B.LABEL_VALUE.match(c.text)
        label = B.key(lv.group(1)) if lv else B.key(c.text)
        if label in B.DEPARTMENT_LABELS:
            value = lv.group(2).strip() if lv else (cells[k + 1].text if k + 1 < len(cells) else "")
            value = forms.MONEY_UNIT.sub("", value).strip()
            if value:
                department, took = department or re.sub(r"[(（]盖章[)）]", "", value).strip(), True
    if took:
        ctx.place(*(c.line for c in row))
    return department, money


def _looks_like_indicator(row: B.Row) -> bool:
    return any(C.is_level1(B.key(c.text)) for c in row)


def _stream(rows: Sequence[B.Row], how: str) -> list[C.Cell]:
    out: list[C.Cell] = []
    for row in rows:
        for k, c in enumerate(row):
            out.append(C.Cell(c.text, c.line, c.column, row_end=how != "lines" and k == len(row) - 1))
    return out
