"""Parts of standalone forms read beside the columns: formulas printed in a budget header
(``小计 ④=①+②+③``, ``⑥=⑤/④``) and the 预算执行 block of a form whose PDF text came out of
reading order (amounts before the names of their rows).

Both are read only when the form itself says enough to be sure: formula numbers are taken as the
positions of the header's columns, and read only when every number printed with a column agrees
with its position; scrambled amounts are taken only when the run after the header fills the
columns in order (the 执行率, which such PDFs print apart, found as the form's one percentage
outside its indicator block). Everything else stays raw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.ingest import cells as C
from jixiao.ingest.cells import Cell, Header
from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import parse_decimal
from jixiao.model.selfeval import BudgetLine, ColumnFormula, Figure

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FORMULA = re.compile(r"([①-⑳])[=＝]((?:[+\-−－/÷]?[①-⑳])+)")
TERM = re.compile(r"([+\-−－/÷]?)([①-⑳])")
SIGNS = {"": "+", "+": "+", "-": "-", "−": "-", "－": "-", "/": "/", "÷": "/"}


def _number(ch: str) -> int:
    return CIRCLED.index(ch) + 1


def column_formulas(ctx: ReadContext, header: Header) -> tuple[ColumnFormula, ...]:
    """The formulas printed in ``header``, with the circled numbers read as column positions
    (① the first column); none when a number printed with a column is not its position."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for k, text in header.marks:
        formulas = list(FORMULA.finditer(text))
        own = [m.group(1) for m in formulas] or list(re.sub(r"[=＝].*", "", text).strip("()（）%"))
        own = [ch for ch in own if ch in CIRCLED]
        if own and any(_number(ch) != k + 1 for ch in own):
            return ()  # the numbering is not the column order: do not guess
        found.extend((k, text, m) for m in formulas)
    out = []
    for _k, _text, m in found:
        terms = TERM.findall(m.group(2))
        numbers = [_number(m.group(1)), *(_number(n) for _, n in terms)]
        if any(n > len(header.columns) for n in numbers):
            return ()
        signs = tuple(SIGNS[s] for s, _ in terms)
        if "/" in signs and (len(terms) != 2 or signs[0] != "+"):
            continue  # only a plain ratio a/b is read
        cell = next((c for c in header.cells if m.group(1) in c.text), header.cells[0])
        out.append(
            ColumnFormula(
                result=header.columns[numbers[0] - 1],
                signs=signs,
                operands=tuple(header.columns[n - 1] for n in numbers[1:]),
                raw=f"{m.group(1)}={m.group(2)}",
                source=ctx.source(cell.line, column=cell.column),
            )
        )
    return tuple(out)


# -- PDF text out of reading order ------------------------------------------------------------


def figure(ctx: ReadContext, cell: Cell | None) -> Figure | None:
    """A cell as a :class:`Figure`: its text, its number (``86%`` → 86) and where it stands."""
    if cell is None or cell.text == "":
        return None
    text = cell.text.replace("，", ",")
    value = parse_decimal(text.rstrip("%％万元分")) if C.is_value(text) else None
    return Figure(cell.text, value, ctx.source(cell.line, column=cell.column))


def scrambled_total_line(
    ctx: ReadContext, stream: Sequence[Cell], header: Header, stop: int
) -> tuple[BudgetLine | None, tuple[str, ...]]:
    """The first row of a budget block whose amounts precede their row names: the run of
    numbers right after the header, in the header's column order. Forms print the total
    (年度资金总额) first; its name is the total label found in the block. When the run lacks one
    column and that column is the 执行率, the one percentage printed elsewhere in the block
    (before the indicators) is taken for it. Returns the line (None when unsure) and the
    cells kept raw."""
    run: list[Cell] = []
    i = header.end
    while i < stop and C.is_value(stream[i].text) and len(run) < len(header.columns):
        run.append(stream[i])
        i += 1
    columns = [c for c in header.columns if c not in C.TAIL_TEXT]
    ind_at = next((k for k in range(i, stop) if stream[k].key in ("一级指标", "二级指标", "三级指标")), stop)
    got: dict[str, Cell] = {}
    if "rate" in columns and not any(c.text.endswith(("%", "％")) for c in run):
        # the rate is printed apart: the run holds the other columns, the rate is the block's one percentage
        rest = [c for c in columns if c != "rate"]
        rates = [c for c in stream[i:ind_at] if c.text.endswith(("%", "％")) and C.is_value(c.text)]
        if len(run) >= len(rest) and len(rates) == 1:
            got = dict(zip(rest, run[: len(rest)], strict=True)) | {"rate": rates[0]}
    elif len(run) == len(columns):
        got = dict(zip(columns, run, strict=True))
    if not got or not _plausible({col: figure(ctx, c) for col, c in got.items()}):
        return None, ()
    name = next(
        (c for c in stream[header.end : stop] if any(w in c.key for w in ("总额", "合计")) and not C.is_value(c.text)),
        None,
    )
    if name is None:
        return None, ()
    ctx.place(*(c.line for c in got.values()), name.line)
    f = {col: figure(ctx, c) for col, c in got.items()}
    line = BudgetLine(
        name=name.text,
        initial=f.get("initial"),
        adjusted=f.get("adjusted"),
        executed=f.get("executed"),
        weight=f.get("weight"),
        rate=f.get("rate"),
        score=f.get("score"),
        source=ctx.source(name.line, column=name.column),
    )
    return line, ()


def _plausible(f: dict[str, Figure | None]) -> bool:
    """Figures that can stand in their columns: numbers; 分值 and 得分 within 0–100, 得分 not above
    分值; amounts not below 0 and 执行数 beside a budget."""
    if any(v is None or v.value is None for v in f.values()):
        return False
    value = {k: v.value for k, v in f.items() if v is not None and v.value is not None}
    weight, score = value.get("weight"), value.get("score")
    if (weight is not None and not 0 <= weight <= 100) or (score is not None and not 0 <= score <= 100):
        return False
    if weight is not None and score is not None and score > weight:
        return False
    return all(value[k] >= 0 for k in ("initial", "adjusted", "executed") if k in value)
