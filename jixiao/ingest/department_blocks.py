"""The blocks of a 部门整体支出绩效目标表, read from its rows (:mod:`jixiao.ingest.department_targets`).

A row is a list of cells (:class:`~jixiao.ingest.cells.Cell`) as printed, empty cells kept, so that
a value row lines up under its header row. Each block starts at a row whose first printed cell is
the block's label, in the words provinces print:

- 资金总额 (年度资金总额, 资金情况, 年度预算资金 …): sources by row (``财政拨款 | 1200``, ``其中：一般公共预算 |
  1000``) or as columns (a row of source names over a row of amounts); ``合计`` / ``总额`` or an
  amount beside the block's own label is the printed total;
- 年度总体目标 (总体绩效目标, 年度绩效目标 …): one cell, or numbered lines (``目标1``, ``1.``) one a row;
- 部门职责 (主要职能, 部门职能 …): one duty a row, or a table 部门职能 → 重点工作 (活动) → 资金.

Nothing here knows a province: the words are lists, the columns are found by their header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.cells import Cell, normalise
from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import parse_decimal
from jixiao.model.department import DutyTask, FundLine

Row = list[Cell]

FUND_LABELS = (
    "资金总额", "年度资金总额", "资金情况", "年度资金情况", "年度预算资金", "年度预算资金总额", "预算资金总额",
    "部门预算资金", "资金总量", "年度资金总量", "部门整体支出资金", "资金来源",
)  # fmt: skip
GOAL_LABELS = (
    "年度总体目标", "总体绩效目标", "年度绩效目标", "年度总体绩效目标", "部门整体绩效目标", "整体绩效目标",
    "总体目标", "年度整体目标", "部门年度总体目标", "部门整体支出年度总体目标",
)  # fmt: skip
DUTY_LABELS = ("部门职责", "主要职能", "部门职能", "部门主要职责", "主要职责", "部门职责及重点工作", "职责")
DEPARTMENT_LABELS = ("部门名称", "单位名称", "预算部门", "主管部门", "填报单位", "部门", "预算单位")
TOTAL_WORDS = ("合计", "总计", "总额", "资金总额", "年度资金总额", "总金额", "资金合计")
HEADER_WORDS = ("资金来源", "来源", "金额", "项目", "资金性质", "资金类别", "预算数", "预算金额", "类别")
PARENT_SOURCES = ("财政拨款", "财政拨款资金", "财政资金", "财政拨款收入")
SUB_SOURCES = (
    "一般公共预算", "一般公共预算拨款", "一般公共预算资金", "政府性基金", "政府性基金预算", "政府性基金拨款",
    "政府性基金预算拨款", "国有资本经营预算", "国有资本经营预算拨款", "财政专户管理资金",
)  # fmt: skip
TASK_WORDS = (
    "重点工作",
    "重点工作任务",
    "活动",
    "主要活动",
    "工作任务",
    "重点任务",
    "工作内容",
    "具体工作",
    "活动内容",
)
DUTY_WORDS = ("部门职能", "职能", "部门职责", "职责", "主要职能", "职能职责", "履职内容")
AMOUNT_WORDS = ("资金", "金额", "预算金额", "资金总额", "预算数", "资金额度", "预算资金", "资金预算")
_WHERE_OF = re.compile(r"^其中\s*[:：]?\s*")
LABEL_VALUE = re.compile(r"^\s*([^:：]{2,12})\s*[:：]\s*(\S.*)$")


def key(text: str) -> str:
    """A cell compared with the words above: no spaces, no brackets (``（万元）``), no colon."""
    return normalise(text).rstrip(":：")


def printed(row: Row) -> list[Cell]:
    return [c for c in row if c.text]


def block_of(row: Row) -> str | None:
    """The block a row opens: ``funds``, ``goal``, ``duties`` (its first printed cell is the label)."""
    cells = printed(row)
    if not cells:
        return None
    first = key(cells[0].text)
    m = LABEL_VALUE.match(cells[0].text)
    if m:  # "年度总体目标：…" in one cell
        first = key(m.group(1))
    for block, words in (("funds", FUND_LABELS), ("goal", GOAL_LABELS), ("duties", DUTY_LABELS)):
        if first in words:
            return block
    return None


def label_value(row: Row) -> str | None:
    """The value printed beside the label of a row (``部门名称 | 某局``, ``部门名称：某局``)."""
    cells = printed(row)
    if not cells:
        return None
    m = LABEL_VALUE.match(cells[0].text)
    if m:
        return m.group(2).strip()
    return cells[1].text if len(cells) > 1 else None


def is_number(text: str) -> bool:
    """An amount as printed, or a cell meant as one (mostly digits: ``12,3x``, read and reported)."""
    if parse_decimal(text) is not None:
        return True
    t = text.strip()
    return bool(t) and sum(ch.isdigit() for ch in t) * 2 >= len(t) and not re.search(r"[\u4e00-\u9fff]", t)


# -- 资金总额 ------------------------------------------------------------------------------------


@dataclass
class Funds:
    lines: list[FundLine] = field(default_factory=list)
    total: Decimal | None = None
    unit: str | None = None  # "万元" printed with the block's label or its header
    used: set[int] = field(default_factory=set)  # line numbers read


_UNIT_IN = re.compile(r"[(（]\s*(万元|亿元|元)\s*[)）]")


def read_funds(ctx: ReadContext, rows: Sequence[Row]) -> Funds:
    """The sources and the printed total of a 资金总额 block (its label row first)."""
    out = Funds()
    pending: list[tuple[int, Cell]] = []  # a row of source names waiting for its row of amounts
    for n, row in enumerate(rows):
        cells = list(row)
        if n == 0:  # drop the block's label (keep a value printed in it: "资金总额：1230.5")
            label_at = next(k for k, c in enumerate(cells) if c.text)
            label = cells[label_at]
            if m := _UNIT_IN.search(label.text):
                out.unit = m.group(1)
            m2 = LABEL_VALUE.match(label.text)
            if m2 and is_number(m2.group(2)):
                out.total = parse_decimal(m2.group(2))
            cells = [Cell("", c.line, c.column) if k == label_at else c for k, c in enumerate(cells)]
        names = [(k, c) for k, c in enumerate(cells) if c.text and not is_number(c.text) and not _dash(c.text)]
        amounts = [(k, c) for k, c in enumerate(cells) if c.text and (is_number(c.text) or _dash(c.text))]
        if names and not amounts:
            pending = [(k, c) for k, c in names if key(c.text) not in HEADER_WORDS]
            for _, c in names:
                if m := _UNIT_IN.search(c.text):
                    out.unit = out.unit or m.group(1)
            out.used.update(c.line.number for c in row)
            continue
        if amounts and not names and pending:  # the amounts under a row of names (columns)
            _columns(ctx, out, pending, cells)
            pending = []
            out.used.update(c.line.number for c in row)
            continue
        if amounts and not names and n == 0 and len(amounts) == 1:  # "资金总额 | 1230.5"
            out.total = _amount(ctx, amounts[0][1])
            out.used.update(c.line.number for c in row)
            continue
        if n == 0 and amounts and cells and amounts[0][0] < (names[0][0] if names else len(cells)):
            out.total = _amount(ctx, amounts[0][1])  # "资金总额 | 1230.5 | 其中：财政拨款 | 1200.5 …"
            amounts = amounts[1:]
        if names:
            _pairs(ctx, out, cells)
            out.used.update(c.line.number for c in row)
    if pending:  # names with no amounts under them: printed blank
        for _, c in pending:
            _add(ctx, out, c, None)
    return out


def _dash(text: str) -> bool:
    return text.strip() in ("-", "—", "－", "/", "——")


def _amount(ctx: ReadContext, cell: Cell) -> Decimal | None:
    return None if _dash(cell.text) else ctx.number(cell.text, ctx.source(cell.line, column=cell.column))


def _pairs(ctx: ReadContext, out: Funds, cells: Sequence[Cell]) -> None:
    """``name | amount | name | amount …`` on one row (a name with no amount after it: blank)."""
    k = 0
    where_of = False
    while k < len(cells):
        c = cells[k]
        if not c.text or is_number(c.text) or _dash(c.text):
            k += 1
            continue
        nxt = next((d for d in cells[k + 1 :] if d.text), None)
        if key(c.text) in HEADER_WORDS or key(c.text) == "其中":
            where_of = where_of or key(c.text) == "其中"  # "其中 | 一般公共预算 | 1000"
            k += 1
            continue
        if nxt is not None and (is_number(nxt.text) or _dash(nxt.text)):
            _add(ctx, out, c, _amount(ctx, nxt), where_of)
            k = cells.index(nxt) + 1
            continue
        _add(ctx, out, c, None, where_of)
        k += 1


def _columns(ctx: ReadContext, out: Funds, names: list[tuple[int, Cell]], values: Sequence[Cell]) -> None:
    """Names over amounts, matched by position; a value row shorter than the names' (its merged
    first cells not printed) is matched from the right."""
    shift = 0
    width = max(k for k, _ in names) + 1
    if len(values) < width:
        shift = width - len(values)
    for k, c in names:
        at = k - shift
        cell = values[at] if 0 <= at < len(values) else None
        _add(ctx, out, c, _amount(ctx, cell) if cell is not None and cell.text else None)


def _add(ctx: ReadContext, out: Funds, cell: Cell, amount: Decimal | None, where_of: bool = False) -> None:
    name = _WHERE_OF.sub("", cell.text.strip())
    name_key = key(name)
    if name_key in TOTAL_WORDS:
        out.total = amount
        return
    part_of = None
    tops = [f for f in out.lines if f.part_of is None]
    parent = tops[-1].source if tops else None
    if ((where_of or _WHERE_OF.match(cell.text.strip())) and parent is not None) or (
        name_key in SUB_SOURCES and parent is not None and key(parent) in PARENT_SOURCES
    ):
        part_of = parent
    src = ctx.source(cell.line, column=cell.column)
    out.lines.append(FundLine(_UNIT_IN.sub("", name).strip(), amount, part_of, src))


# -- 年度总体目标 ----------------------------------------------------------------------------------


def read_goal(rows: Sequence[Row]) -> str:
    """The goal's lines: every printed cell of the block's rows but its label, a row a line."""
    lines = []
    for n, row in enumerate(rows):
        cells = printed(row)
        if n == 0 and cells:
            m = LABEL_VALUE.match(cells[0].text)
            cells = cells[1:]
            if m and key(m.group(1)) in GOAL_LABELS:
                lines.append(m.group(2).strip())
        text = " ".join(c.text for c in cells)
        if text:
            lines.append(text)
    return "\n".join(lines)


# -- 部门职责 ------------------------------------------------------------------------------------


@dataclass
class Duties:
    duties: list[str] = field(default_factory=list)
    tasks: list[DutyTask] = field(default_factory=list)
    unread: list[Row] = field(default_factory=list)  # rows of the table that hold no task


def _role(text: str) -> str | None:
    k = key(text)
    if k in TASK_WORDS:
        return "task"
    if k in AMOUNT_WORDS or (k.startswith(("资金", "金额", "预算")) and len(k) <= 6):
        return "amount"
    if k in DUTY_WORDS:
        return "duty"
    return None


def _at(cells: list[Cell], k: int | None, shift: int) -> Cell | None:
    """The cell of a column (by the header's position; ``shift``: merged first cells not printed)."""
    return cells[k - shift] if k is not None and 0 <= k - shift < len(cells) else None


def read_duties(ctx: ReadContext, rows: Sequence[Row]) -> Duties:
    """One duty a row, or the 部门职能 / 重点工作 / 资金 table found by its header row."""
    out = Duties()
    columns: dict[str, int] | None = None
    width = 0
    duty = ""
    for n, row in enumerate(rows):
        roles = {_role(c.text): k for k, c in enumerate(row) if c.text and _role(c.text)}
        if "task" in roles:  # the table's header (its label may stand in the first cell)
            columns = {r: k for r, k in roles.items() if r is not None}
            if "duty" not in columns:
                before = [k for k, c in enumerate(row) if c.text and k < columns["task"]]
                columns["duty"] = before[-1] if before else columns["task"] - 1
            width = len(row)
            continue
        cells = list(row)
        if n == 0:
            label_at = next(k for k, c in enumerate(cells) if c.text)
            m = LABEL_VALUE.match(cells[label_at].text)
            if m and key(m.group(1)) in DUTY_LABELS:
                out.duties.append(m.group(2).strip())
            cells[label_at] = Cell("", cells[label_at].line, cells[label_at].column)
        if columns is None:
            text = " ".join(c.text for c in cells if c.text)
            if text:
                out.duties.append(text)
            continue
        shift = max(width - len(cells), 0)

        d, t, a = (_at(cells, columns.get(role), shift) for role in ("duty", "task", "amount"))
        duty = d.text if d is not None and d.text else duty
        if t is None or not t.text:
            if d is not None and d.text and duty not in out.duties:
                out.duties.append(duty)
            elif any(c.text for c in cells):
                out.unread.append(row)
            continue
        amount = None
        if a is not None and a.text and not _dash(a.text):
            amount = ctx.number(a.text, ctx.source(a.line, column=a.column))
        if duty and duty not in out.duties:
            out.duties.append(duty)
        out.tasks.append(DutyTask(duty, t.text, amount, ctx.source(t.line, column=t.column)))
    return out
