"""Reading a book of 绩效目标表 (performance target tables), as in the Qingdao 2023 seed.

The published layout, once converted to text, puts one table cell per line (each line
starts with a tab) and separates table rows by an empty line. Project tables start with
a title line ``N.项目名绩效目标表``. Inside a project the rows are recognised by their
label cell, not by position:

    124001青岛市司法局本级 | 单位：万元            → unit, money unit
    项目编码 | … | 项目名称 | …                   → code, name
    预算规模及资金用途 | 预算数 | … | 其中：财政资金 | … | 其他资金 | …
    (empty) | purpose text                       → 资金用途
    资金支出计划（%） | 3月底 | 6月底 | 10月底 | 12月底
    (empty) | amount | amount | amount | amount  → spending plan, read as written
    绩效目标 | text
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    成本指标 | 经济成本指标 | … (one row per indicator; an empty 一级 repeats the one above)

Rows that fit none of these are left unplaced (kept raw, reported); a row with missing
cells is read as far as it goes and reported.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jixiao.ingest import cells, forms
from jixiao.ingest.context import ReadContext, read_target
from jixiao.ingest.registry import Detection, clues, document_kind, word
from jixiao.ingest.text import Line
from jixiao.model.goals import Department, GoalTables, Indicator, PlanPoint, Project, SpendingPlan, Unit

PROJECT_TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
UNIT = re.compile(r"^(\d{6,})\s*(\S.*)$")
MONEY_UNIT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(\S+)$")
YEAR = re.compile(r"(\d{4})\s*年")
CHECKPOINT = re.compile(r"^(\d{1,2})\s*月(?:底|末)$")
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
_SPACES = re.compile(r"\s+")
_AMOUNT_CHARS = re.compile(r"[\d,.\s]+")
LABELS = frozenset({"项目编码", "项目名称", "预算规模及资金用途", "预算数", "其中：财政资金", "其他资金", "绩效目标"})


class Cell(NamedTuple):
    text: str
    line: Line


_book_clues = clues(*(word(w) for w in ("绩效目标表", "项目编码", "指标值确定依据", "资金支出计划")))
# the tables of other provinces: their titles and their indicator header
_form_clues = clues(
    word("绩效目标表"),
    *(word(w, 0.4) for w in ("目标表", "申报表", "批复表", "审批表")),
    word("绩效目标", 0.3),
    word("一级指标", 0.3),
    word("指标值", 0.2),
)
BUDGET_BOOK = ("收入预算总表", "支出预算总表", "预算编制说明", "财务收支预算总表")


def _evidence(text: str) -> Detection:
    """The Qingdao book's clues; the clues of other provinces' tables count only where the text
    is not a 部门预算 book (which names 绩效目标 and prints indicator tables inside)."""
    book = _book_clues(text)
    if any(w in text for w in BUDGET_BOOK):
        return book
    other = _form_clues(text)
    return other if other.confidence > book.confidence else book


@document_kind("goal_tables", "绩效目标表", _evidence)
def read_goal_tables(ctx: ReadContext) -> GoalTables:
    lines = ctx.lines
    # (a title contains 绩效目标表: the cheap test spares every other line the regex)
    starts = [i for i, ln in enumerate(lines) if "绩效目标表" in ln.raw and PROJECT_TITLE.match(ln.raw)]
    head = lines[: starts[0]] if starts else lines
    department, year, title = _book_header(ctx, head)
    if not starts:
        return _other_layout(ctx, lines, department, year, title)
    projects = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        projects.append(_project(ctx, lines[start], lines[start + 1 : end]))
    return GoalTables(department, year, title, tuple(projects), ctx.source(1))


def _other_layout(
    ctx: ReadContext, lines: list[Line], department: Department | None, year: int | None, title: str | None
) -> GoalTables:
    """A target table not laid out as the Qingdao book (no numbered ``N.…绩效目标表`` titles):
    read as a stream of cells by its header (see :mod:`jixiao.ingest.forms`)."""
    how = cells.layout(lines)
    stream = cells.tokenise(lines, how)
    table_title = next((ln.text for ln in lines if forms.FORM_TITLE.search(ln.raw) and len(ln.text) <= 60), None)
    project = forms.read_target_project(ctx, stream, how, table_title or title or "", forms.money_unit(lines))
    if project is None:
        ctx.report(
            "form-layout-unreadable",
            ctx.source(1),
            subject=table_title or title or ctx.path,
            detail="找不到可按列读取的指标表头（单元格粘连或表格被压成一行）",
        )
    year = year or forms.form_year(lines)
    return GoalTables(department, year, table_title or title, (project,) if project else (), ctx.source(1))


def _book_header(ctx: ReadContext, head: list[Line]) -> tuple[Department | None, int | None, str | None]:
    """``青岛市司法局`` / ``2023年部门预算绩效目标`` before the first project table."""
    texts = [ln for ln in head if not ln.blank and not ln.raw.startswith("\t")][:3]
    department = year = title = None
    for ln in texts:
        m = YEAR.search(ln.text)
        if m and year is None:
            year = int(m.group(1))
            title = ln.text
            ctx.place(ln)
        elif department is None and "绩效" not in ln.text:
            department = Department(ln.text)
            ctx.place(ln)
    if department and title:
        title = f"{department.name}{title}"
    return department, year, title


def _rows(lines: list[Line]) -> list[list[Cell]]:
    """Group cell lines into table rows; an empty line ends a row.

    A cell line starts with a tab; if a line holds several tab-separated cells (another
    converter's layout) each becomes a cell of the same row.
    """
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    for ln in lines:
        raw = ln.raw
        if ln.blank and not raw.startswith("\t"):
            if current:
                rows.append(current)
                current = []
            continue
        if raw.find("\t", 1) < 0:  # the usual case: one cell on the line (no tab after the first character)
            current.append(Cell(raw.strip(), ln))
            continue
        parts = raw.split("\t")
        if parts[0] == "":
            parts = parts[1:]
        current.extend([Cell(p.strip(), ln) for p in parts])
    if current:
        rows.append(current)
    return rows


def _project(ctx: ReadContext, title_line: Line, body: list[Line]) -> Project:
    m = PROJECT_TITLE.match(title_line.raw)
    assert m
    ctx.place(title_line)
    number, title_name = int(m.group(1)), m.group(2).strip()
    fields: dict[str, object] = {}
    indicators: list[Indicator] = []
    rows = _rows(body)
    i = 0
    while i < len(rows):
        row = rows[i]
        label = row[0].text
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if label.startswith("资金支出计划"):
            values = nxt if nxt and not nxt[0].text and _looks_like_amounts(nxt[1:]) else None
            fields["plan"] = _spending_plan(ctx, row, values, title_name)
            i += 2 if values else 1
            continue
        if label == "一级指标" or tuple(c.text for c in row[:3]) == INDICATOR_HEADER[:3]:
            ctx.place([c.line for c in row])
            i += 1
            while i < len(rows) and _is_indicator_row(rows[i]):
                for part in _split_merged(ctx, rows[i], title_name):
                    indicators.append(_indicator(ctx, part, indicators[-1] if indicators else None, title_name))
                i += 1
            continue
        if _row_fields(ctx, row, fields, title_name):
            i += 1
            continue
        if not label and "purpose" not in fields and "budget_row" in fields and len(row) >= 2:
            fields["purpose"] = " ".join(c.text for c in row[1:] if c.text)
            ctx.place([c.line for c in row])
        i += 1

    name = str(fields.get("name") or title_name)
    if fields.get("name") and fields["name"] != title_name:
        ctx.report("goal-name-mismatch", title_line, subject=name, expected=title_name, actual=fields["name"])
    for field, label in (("code", "项目编码"), ("budget", "预算数"), ("goal", "绩效目标")):
        if fields.get(field) is None:
            ctx.report("goal-field-missing", title_line, subject=name, field=label)
    if not indicators:
        ctx.report("goal-field-missing", title_line, subject=name, field="绩效指标")
    return Project(
        number=number,
        code=fields.get("code"),  # type: ignore[arg-type]
        name=name,
        unit=fields.get("unit"),  # type: ignore[arg-type]
        money_unit=str(fields.get("money_unit") or "万元"),
        budget=fields.get("budget"),  # type: ignore[arg-type]
        fiscal_funds=fields.get("fiscal"),  # type: ignore[arg-type]
        other_funds=fields.get("other"),  # type: ignore[arg-type]
        purpose=fields.get("purpose"),  # type: ignore[arg-type]
        spending_plan=fields.get("plan"),  # type: ignore[arg-type]
        goal=fields.get("goal"),  # type: ignore[arg-type]
        indicators=tuple(indicators),
        title=title_line.text,
        source=ctx.source(title_line),
    )


def _row_fields(ctx: ReadContext, row: list[Cell], fields: dict[str, object], project: str) -> bool:
    """Label/value rows: unit line, 项目编码/项目名称, 预算规模及资金用途, 绩效目标."""
    texts = [c.text for c in row]
    placed = False
    for k, cell in enumerate(row):
        t = cell.text
        value = row[k + 1] if k + 1 < len(row) else None
        if value is not None and _SPACES.sub("", value.text) in LABELS:
            value = None  # the value cell is missing: the next cell is another label
        if (m := UNIT.match(t)) and "unit" not in fields:
            fields["unit"] = Unit(m.group(1), m.group(2).strip(), ctx.source(cell.line))
            placed = True
        elif m := MONEY_UNIT.match(t):
            fields["money_unit"] = m.group(1)
            placed = True
        elif t == "项目编码" and value is not None:
            fields["code"] = value.text or None
            placed = True
        elif t == "项目名称" and value is not None:
            fields["name"] = value.text or None
            placed = True
        elif t == "绩效目标":
            fields["goal"] = " ".join(x.text for x in row[k + 1 :] if x.text) or None
            placed = True
            break
        elif t.startswith("预算规模"):
            fields["budget_row"] = True
            placed = True
    if "预算数" in texts:
        _budget_amounts(ctx, row, fields, project)
        placed = True
    if placed:
        ctx.place([c.line for c in row])
    return placed


def _budget_amounts(ctx: ReadContext, row: list[Cell], fields: dict[str, object], project: str) -> None:
    labels = {"预算数": "budget", "其中：财政资金": "fiscal", "财政资金": "fiscal", "其他资金": "other"}
    for k, cell in enumerate(row):
        key = labels.get(_SPACES.sub("", cell.text))
        if key is None:
            continue
        value = row[k + 1] if k + 1 < len(row) else None
        if value is None or value.text in labels or _SPACES.sub("", value.text) in labels:
            fields[key] = None
            continue
        src = ctx.source(value.line)
        amount = ctx.number(value.text, src)
        if amount is None and value.text:
            ctx.report("goal-amount-malformed", src, subject=project, field=cell.text, text=value.text)
        fields[key] = amount


def _looks_like_amounts(cells: list[Cell]) -> bool:
    return all(not c.text or _AMOUNT_CHARS.fullmatch(c.text) for c in cells)


def _spending_plan(ctx: ReadContext, header: list[Cell], values: list[Cell] | None, project: str) -> SpendingPlan:
    labels = [c for c in header[1:] if c.text]
    cells = values[1:] if values else []
    ctx.place([c.line for c in header])
    if values:
        ctx.place([c.line for c in values])
    if len(cells) != len(labels):
        ctx.report(
            "goal-plan-shape",
            header[0].line,
            subject=project,
            expected=len(labels),
            actual=len(cells),
            labels=len(labels),
            count=len(cells),
        )
    points = []
    for k, label in enumerate(labels):
        cell = cells[k] if k < len(cells) else None
        src = ctx.source(cell.line if cell else label.line, column=k + 2)
        m = CHECKPOINT.match(label.text)
        amount = ctx.number(cell.text, src) if cell else None
        points.append(
            PlanPoint(label.text, int(m.group(1)) if m else 0, amount, cell.text if cell else "", src)
        )
    return SpendingPlan(header[0].text, tuple(points), ctx.source(header[0].line))


def _is_indicator_row(row: list[Cell]) -> bool:
    first = row[0].text
    if first.startswith("资金支出计划") or first == "绩效目标" or PROJECT_TITLE.match(first):
        return False
    return len(row) >= 2


def _split_merged(ctx: ReadContext, row: list[Cell], project: str) -> list[list[Cell]]:
    """Two indicator rows whose separating empty line is missing arrive as one row of 12
    cells; split a row of 6·k cells whose every 6th cell starts a new row."""
    n = len(row)
    if n <= 6 or n % 6:
        return [row]
    parts = [row[k : k + 6] for k in range(0, n, 6)]
    if not all(p[0].text == "" or p[0].text.endswith("指标") for p in parts):
        return [row]
    ctx.report("goal-rows-merged", row[0].line, subject=project, count=len(parts), actual=n)
    return parts


def _indicator(ctx: ReadContext, row: list[Cell], previous: Indicator | None, project: str) -> Indicator:
    cells = [c.text for c in row]
    if len(cells) != 6:
        ctx.report(
            "goal-indicator-incomplete",
            row[0].line,
            subject=project,
            count=len(cells),
            text=" | ".join(cells),
            expected=6,
            actual=len(cells),
        )
    cells = (cells + [""] * 6)[:6]
    if len(row) > 6:  # keep the surplus cells' text rather than dropping it
        cells[5] = " ".join(x for x in [cells[5], *(c.text for c in row[6:])] if x)
    level1, level2, name, description, value, basis = cells
    inherited = False
    if not level1 and previous is not None:
        level1, inherited = previous.level1, True
    name_line = row[2].line if len(row) > 2 else row[0].line
    value_line = row[4].line if len(row) > 4 else row[-1].line
    subject = name or description or project
    value_src = ctx.source(value_line, column=5)
    target = read_target(ctx, value, value_src, subject, role="target")
    if not value:
        ctx.report("target-empty", value_src, subject=subject)
    ctx.place([c.line for c in row])
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        description=description,
        target=target,
        basis=basis or None,
        source=ctx.source(name_line, column=3),
        level1_inherited=inherited,
    )
