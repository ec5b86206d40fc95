"""The nine 部门决算 disclosure tables, found by title in whatever order they come.

A table is: a title line; a number line (``公开01表``), ``部门：…`` and ``金额单位：…``;
one or more header rows; a 栏次 row; data rows; notes (``注：…``). Page breaks repeat the
header rows, which are recognised and skipped.

Column names are not hard-coded: they come from the header rows, with merged cells
resolved the way a reader of the printed table would (an empty header cell belongs to
the label on its left while the rows above agree). A column's name is its header path
joined with ``·`` (``本年支出·基本支出``, ``预算数·公务用车购置及运行维护费·小计``).

Two-sided layouts (01 and 04: 收入 | 支出; 06: 人员经费 | 公用经费 in three panels) are
split into *groups* of columns, each starting at a 项目 / 科目编码 column; every group of
a data row becomes one :class:`Entry` on its side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, parse_decimal
from jixiao.ingest.units import header_unit, without_unit
from jixiao.model.accounts import Amount, Entry, Table, TableKind
from jixiao.model.source import Source

# Most specific first: "财政拨款收入支出决算总表" also contains "收入支出决算总表".
TITLES: tuple[tuple[TableKind, re.Pattern[str]], ...] = (
    (TableKind.THREE_PUBLIC, re.compile(r"三公.{0,3}经费支出决算表$")),
    (TableKind.GENERAL_BUDGET_BASIC, re.compile(r"一般公共预算财政拨款基本支出决算(明细)?表$")),
    (TableKind.GENERAL_BUDGET, re.compile(r"一般公共预算财政拨款支出决算表$")),
    (TableKind.GOV_FUND, re.compile(r"政府性基金预算财政拨款(收入)?支出决算表$")),
    (TableKind.STATE_CAPITAL, re.compile(r"国有资本经营预算财政拨款(收入)?支出决算表$")),
    (TableKind.FISCAL_SUMMARY, re.compile(r"财政拨款收入支出决算总表$")),
    (TableKind.SUMMARY, re.compile(r"收入支出决算总表$")),
    (TableKind.INCOME, re.compile(r"收入决算表$")),
    (TableKind.EXPENDITURE, re.compile(r"支出决算表$")),
)
NUMBER_LINE = re.compile(r"^公开\s*(\d+)\s*表$")
DEPARTMENT = re.compile(r"^(?:部门|单位|编制部门|编制单位|部门名称)\s*[:：]\s*(.*)$")
MONEY_UNIT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(\S+)$")
SIDES = ("收入", "支出", "人员经费", "公用经费")
GROUP_START = ("项目", "科目编码")
NAME_LABELS = ("项目", "科目名称")
AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})*\.\d+|-?\d+\.\d+")
WORDS_ONLY = re.compile(r"[\u4e00-\u9fff（）()“”、·]{2,}")  # a label (合计, 人员经费合计), never a number written badly
WHOLE_AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")  # tables that print whole 元
_SPACES = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"'‘’「」]")


def _is_code_label(label: str) -> bool:
    """``科目编码``, also qualified as in Shanghai's template (``功能分类科目编码``, ``经济分类科目编码``,
    the budget's ``部门预算经济分类科目编码``)."""
    return label.endswith("科目编码") and len(label) <= 12


CODE_PARTS = ("类", "款", "项")  # a subject code printed in three columns under 科目编码


def _is_code_part(col: Column) -> bool:
    return col.label in CODE_PARTS and len(col.path) >= 2 and _is_code_label(col.path[-2])


def _starts_group(label: str) -> bool:
    return label in GROUP_START or _is_code_label(label)


def table_kind(title: str) -> TableKind | None:
    if "表" not in title:  # every title ends in 表 (and normal_title only removes characters)
        return None
    t = normal_title(title)
    if len(t) > 40:
        return None
    for kind, pattern in TITLES:
        if pattern.search(t):
            return kind
    return None


def normal_title(text: str) -> str:
    t = _SPACES.sub("", text)
    t = t.replace("（", "(").replace("）", ")").replace("(", "").replace(")", "")
    return _QUOTES.sub("", t)


def read_tables(
    ctx: ReadContext,
    lines: list[Line],
    kind_of: Callable[[str], Hashable | None] = table_kind,
    *,
    whole_amounts: bool = False,
) -> list[Table]:
    """The tables among ``lines``; ``kind_of`` recognises a title (the 决算 titles by default;
    the budget reader passes its own, and its kinds end up in ``Table.kind``). With
    ``whole_amounts`` a row with an integer amount outside its first (code) cell is a data
    row too (budgets that print whole 元: ``156211123``)."""
    starts = [(i, kind) for i, ln in enumerate(lines) if (kind := kind_of(ln.text)) and _has_table_after(lines, i)]
    tables: list[Table] = []
    for k, (start, kind) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        tables.append(_table(ctx, lines[start], lines[start + 1 : end], kind, whole_amounts))
    seen: dict[Hashable, Table] = {}
    for t in tables:
        if t.kind in seen:
            ctx.report("table-duplicate", t.source, subject=t.title)
        seen.setdefault(t.kind, t)
    return tables


def _has_table_after(lines: list[Line], i: int) -> bool:
    """A title is a table's only if a number line, 部门 or 金额单位 line follows soon."""
    following = [ln for ln in lines[i + 1 : i + 10] if not ln.blank][:4]
    texts = [ln.text for ln in following]
    return any(NUMBER_LINE.match(t) or MONEY_UNIT.match(t) or DEPARTMENT.match(t) for t in texts)


def _meta(t: str) -> tuple[str, str | None] | None:
    """A line (or cell) above a table's header: its number, its unit or its 部门."""
    if m := NUMBER_LINE.match(t):
        return "number", f"公开{m.group(1)}表"
    if (m := MONEY_UNIT.match(t)) and m.group(1).endswith("元"):  # "单位：万元" is a unit, not a 单位
        return "unit", m.group(1)
    if m := DEPARTMENT.match(t):
        return "department", m.group(1).strip() or None
    if m := MONEY_UNIT.match(t):
        return "unit", m.group(1)
    return None


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based position among the tab-separated cells
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True, slots=True)
class Group:
    side: str
    columns: tuple[Column, ...]

    def role(self, col: Column) -> str:
        if _is_code_label(col.label):
            return "code"
        if _is_code_part(col):
            return "code_part"
        if col.label in NAME_LABELS or (col.label.endswith("科目名称") and len(col.label) <= 12):
            return "name"
        if col.label == "行次":
            return "row_no"
        return "value"

    def value_name(self, col: Column) -> str:
        # a side word under a column's own header (a budget's 基本支出 · 人员经费 | 公用经费) names it
        own = len(col.path) - 1 if len(col.path) > 1 and col.path[-1] in SIDES and col.path[-1] != self.side else -1
        path = [p for k, p in enumerate(col.path) if (p not in SIDES or k == own) and p not in ("项目", "")]
        # the money unit a header prints (金额（元）) is the column's unit (Table.column_units), not its name
        return "·".join(without_unit(p) for p in path) or col.label


def _table(ctx: ReadContext, title_line: Line, body: list[Line], kind: Hashable, whole: bool = False) -> Table:
    title = title_line.text
    ctx.place(title_line)
    number = department = money_unit = None
    rows = [ln for ln in body if not ln.blank]
    i = 0
    while i < len(rows) and i < 6:
        cells = [t for _, t in rows[i].nonempty()]
        # "编制部门：X | 单位：元" on one line (budget tables): each cell read on its own
        texts = cells if len(cells) > 1 and all(_meta(t) for t in cells) else [rows[i].text]
        found = [_meta(t) for t in texts]
        if not all(found):
            break
        for what, value in found:  # type: ignore[misc]
            if what == "number":
                number = value
            elif what == "unit":
                money_unit = value
            else:
                department = value
        ctx.place(rows[i])
        i += 1
    header_rows: list[Line] = []
    while i < len(rows) and not (_is_data(rows[i], whole) or _is_note(rows[i]) or _is_empty_row(rows, i, header_rows)):
        if not _is_column_numbers(rows[i]):
            header_rows.append(rows[i])
        ctx.place(rows[i])
        i += 1
    columns = _columns(header_rows)
    groups = _groups(columns)
    layout = _Layout.of(groups, columns)
    header_keys = {_row_key(h) for h in header_rows}
    entries: list[tuple[int, Entry]] = []
    data_rows = 0
    notes: list[str] = []
    repeated = False
    parents: dict[int, list[str]] = {}  # per column group: the 类 and 款 codes above (codes split over 类|款|项)
    for ln in rows[i:]:
        if notes and ends_notes(ln):  # the prose after the table (第三部分…, 一、…情况说明) is not its note
            break
        if _is_note(ln) or (notes and not _is_data(ln, whole)):
            notes.append(ln.text)
            ctx.place(ln)
        elif (is_header := _row_key(ln) in header_keys) or _is_column_numbers(ln):
            if not repeated and is_header:
                ctx.report("table-header-repeated", ln, table=title)
                repeated = True
            ctx.place(ln)
        elif not ln.blank:  # some cell has text (the same test, computed once per line)
            data_rows += 1
            entries.extend(_data_row(ctx, ln, layout, title, data_rows, parents))
    if not groups:
        ctx.report("table-row-unparsed", title_line, table=title, text="（未找到表头）")
    empty_note = next((n for n in notes if "无数据" in n or ("没有" in n and "故本表" in n)), None)
    return Table(
        kind=kind,  # type: ignore[arg-type]  # a TableKind, or the budget reader's own kind
        title=title,
        number=number,
        department=department,
        money_unit=money_unit,
        columns=tuple(g.value_name(c) for g in groups for c in g.columns if g.role(c) == "value"),
        entries=tuple(e for _, e in sorted(_sides_from_totals(entries), key=lambda ge: ge[0])),  # panel by panel
        notes=tuple(notes),
        empty_note=empty_note,
        source=ctx.source(title_line, table=title),
        column_units=_column_units(groups, money_unit),
    )


def _column_units(groups: list[Group], table_unit: str | None) -> tuple[tuple[str, str], ...]:
    """The value columns whose header prints a money unit of its own (``金额（元）`` in a table in 万元)."""
    out: dict[str, str] = {}
    for g in groups:
        for c in g.columns:
            unit = next((u for part in reversed(c.path) if (u := header_unit(part))), None)
            if unit and unit != table_unit and g.role(c) == "value":
                out.setdefault(g.value_name(c), unit)
    return tuple(out.items())


def _sides_from_totals(entries: list[tuple[int, Entry]]) -> list[tuple[int, Entry]]:
    """A panel printed without a side label above it (Shanghai's 基本支出决算表 has just
    ``经济分类科目编码 | 科目名称 | 决算数`` twice) takes its side from its own total row
    (``人员经费合计`` / ``公用经费合计``) when exactly one such row names one."""
    named: dict[int, set[str]] = {}
    for gi, e in entries:
        if not e.side:
            # (only a name with 合 in it can be a total row: most rows skip the regex)
            squeezed = _SPACES.sub("", e.name) if "合" in e.name else ""
            named.setdefault(gi, set()).update(s for s in SIDES if squeezed == f"{s}合计")
    sides = {gi: next(iter(found)) for gi, found in named.items() if len(found) == 1}
    if not sides:
        return entries
    return [(gi, replace(e, side=sides[gi]) if gi in sides and not e.side else e) for gi, e in entries]


def _is_empty_row(rows: list[Line], i: int, header_rows: list[Line]) -> bool:
    """The body of an empty table, not a header row: a lone ``无``, or a lone ``合计`` that
    only a note or the end follows, under header rows that hold no subject code (a blank
    template's rows, codes without amounts, stay header rows as before)."""
    cells = rows[i].nonempty()
    if len(cells) != 1:
        return False
    if cells[0][1] == "无":
        return True
    last = i + 1 == len(rows) or _is_note(rows[i + 1])
    coded = any(h.nonempty() and h.nonempty()[0][1].isdigit() for h in header_rows)
    return cells[0][1] in ("合计", "总计") and last and not coded


# A heading of the prose that follows a table: a part (第三部分), or a numbered section heading that names
# a 情况/说明/表 (一、收入支出决算总体情况说明; （一）…情况) — never a table's note, which follows its 注：.
PROSE_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、[^，。；]{2,40}(?:情况|说明|概况|解释|职能|设置)"
    r"|[（(][一二三四五六七八九十]+[）)][^，。；]{2,40}(?:情况|说明))"
)


def ends_notes(ln: Line) -> bool:
    """Does this line, after a table's notes began, start the prose that follows the table?"""
    return bool(PROSE_HEADING.match(ln.text)) and not any(AMOUNT.fullmatch(c.strip()) for c in ln.cells)


def _is_note(ln: Line) -> bool:
    return ln.text.startswith(("注：", "注:", "注 ", "说明："))


def _is_data(ln: Line, whole: bool = False) -> bool:
    """A data row has at least one amount cell (decimal point or thousands separator)."""
    if _is_column_numbers(ln):
        return False
    pattern = WHOLE_AMOUNT if whole else AMOUNT
    return any(pattern.fullmatch(c.strip()) for c in ln.cells)


def _is_column_numbers(ln: Line) -> bool:
    """The 栏次 row: contains 栏次, or is just the integers 1, 2, … n."""
    # Only a line containing 栏次 or reading "1 2 …" can be one: a cheap test spares most lines the list.
    if "栏次" not in ln.raw and not ln.text.startswith("1 2"):
        return False
    cells = [text for _, text in ln.nonempty()]
    if "栏次" in cells:
        return True
    return len(cells) >= 2 and cells == [str(k) for k in range(1, len(cells) + 1)]


def _row_key(ln: Line) -> str:
    return "|".join([c.strip() for c in ln.cells]).rstrip("|")


def _columns(header_rows: list[Line]) -> list[Column]:
    """Resolve merged header cells into one path per column."""
    if not header_rows:
        return []
    width = max(len(h.cells) for h in header_rows)
    grid = [[c.strip() for c in h.cells] + [""] * (width - len(h.cells)) for h in header_rows]
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in grid:
        parents = [tuple(p) for p in paths]
        current = ""
        current_parent: tuple[str, ...] | None = None
        for i, cell in enumerate(row):
            if cell:
                current, current_parent = cell, parents[i]
                paths[i].append(cell)
            elif current and parents[i] == current_parent:
                paths[i].append(current)
    # a column that is empty in every header row but lies right of labelled columns keeps no path
    return [Column(i, tuple(p)) for i, p in enumerate(paths) if p]


def _groups(columns: list[Column]) -> list[Group]:
    groups: list[Group] = []
    current: list[Column] = []
    for col in columns:
        if _starts_group(col.label) and current and any(_starts_group(c.label) for c in current):
            groups.append(_group(current))
            current = []
        current.append(col)
    if current:
        groups.append(_group(current))
    return _worded_sides(groups)


def _group(cols: list[Column]) -> Group:
    side = next((c.path[0] for c in cols if c.path and c.path[0] in SIDES), "")
    return Group(side, tuple(cols))


def _worded_sides(groups: list[Group]) -> list[Group]:
    """A two-sided budget table heads its sides 本年收入 | 本年支出 or 财政拨款收入 | 财政拨款支出:
    a group without a side takes the last word of such a head (only where there are two sides)."""
    if len(groups) < 2:
        return groups
    out = []
    for g in groups:
        word = next((c.path[0][-2:] for c in g.columns if c.path and _side_word(c.path[0])), "")
        out.append(g if g.side or not word else Group(word, g.columns))
    return out


def _side_word(label: str) -> bool:
    return label.endswith(("收入", "支出")) and 2 < len(label) <= 6 and not label.endswith("合计")


@dataclass(frozen=True, slots=True)
class _Slot:
    index: int  # 0-based position among the tab-separated cells
    role: str  # see Group.role
    name: str  # see Group.value_name


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every data row of a table needs from its header, worked out once per table
    rather than for each row and cell."""

    groups: tuple[tuple[str, tuple[_Slot, ...]], ...]  # (side, its columns) per group
    known: frozenset[int]  # indexes of the header's columns
    last: int  # the highest of them (-1 without columns)
    column_count: int
    dense: bool  # the header's columns are 0 … last without a gap: no row this wide has surplus cells

    @staticmethod
    def of(groups: list[Group], columns: list[Column]) -> _Layout:
        slots = tuple((g.side, tuple(_Slot(c.index, g.role(c), g.value_name(c)) for c in g.columns)) for g in groups)
        known = frozenset(c.index for c in columns)
        last = max(known, default=-1)
        return _Layout(slots, known, last, len(columns), known == frozenset(range(last + 1)))


def joined_code(parts: list[str], above: list[str] | None) -> str | None:
    """A subject code printed in 类 | 款 | 项 columns, joined (``204 06 01`` → ``2040601``; a 款 printed
    as ``2`` is ``02``). A row that prints only its own level (``| 06 |`` under 类 204, as some
    templates do) takes the levels above from the rows before it (``above``, updated here)."""
    filled = list(parts)
    first = next((k for k, p in enumerate(parts) if p), None)
    if first is None:
        return None
    last = max(k for k, p in enumerate(parts) if p)
    if above is not None and first > 0 and all(p.isdigit() for p in parts if p) and all(above[:first]):
        filled[:first] = above[:first]
    code = ""
    for raw in filled[: last + 1]:
        if raw:
            code += raw.zfill(2) if code and len(raw) == 1 and raw.isdigit() else raw
    if above is not None and code.isdigit():
        above[: last + 1] = filled[: last + 1]
        above[last + 1 :] = [""] * (len(above) - last - 1)
    return code


def _unpadded(ctx: ReadContext, parts: list[str], code: str | None, src: Source, title: str) -> None:
    """A 款 or 项 printed with one digit in its own column (``2`` for ``02``: a spreadsheet dropped the
    leading zero) is read as two digits and reported, once per table (it is printed so on every such row)."""
    first = next((k for k, p in enumerate(parts) if p), None)
    if first is None:
        return
    k = next((k for k, p in enumerate(parts) if k > first and len(p) == 1 and p.isdigit()), None)
    if k is None or any(f.code == "subject-code-unpadded" and f.source.table == title for f in ctx.findings):
        return
    ctx.report("subject-code-unpadded", src, table=title, level="款项"[min(k, 2) - 1], raw=parts[k],
               padded=parts[k].zfill(2), example=code or "", actual=parts[k], expected=parts[k].zfill(2))


def _data_row(
    ctx: ReadContext, ln: Line, layout: _Layout, title: str, row: int, parents: dict[int, list[str]] | None = None
) -> list[tuple[int, Entry]]:
    """The entries of one printed row (one per column group that has content), each
    paired with its group index so that panels can be listed one after the other.
    ``parents`` carries, from row to row, the 类 and 款 of a code split over 类|款|项 columns."""
    cells = ln.cells
    width = len(cells)
    known = layout.known
    # Sources are built directly (the same as ctx.source(ln, table=…, row=…, column=…)):
    # this loop makes one for nearly every cell of the nine tables.
    path, number, page = ctx.path, ln.number, ctx.page_of(ln.number)
    entries: list[tuple[int, Entry]] = []
    for gi, (side, slots) in enumerate(layout.groups):
        code = name = row_no = None
        amounts: list[Amount] = []
        parts: list[str] = []
        for slot in slots:
            raw = cells[slot.index].strip() if slot.index < width else ""
            role = slot.role
            if role == "value":
                src = Source(path, number, page, title, row, slot.index + 1)
                value = parse_decimal(raw) if raw else None
                if value is None and raw and WORDS_ONLY.fullmatch(raw):  # a label printed under a value column
                    read_as = "本行名称" if not name else "文字"
                    ctx.report("cell-shifted", src, detail=f"“{raw}”是文字而不是金额，按{read_as}读取")
                    name = name or raw
                elif value is None and raw:
                    ctx.number(raw, src)  # reports the malformed number
                amounts.append(Amount(slot.name, raw, value, src))
            elif role == "code":
                code = raw or None
            elif role == "code_part":  # 类 | 款 | 项 in three columns, joined below: 204 06 01 → 2040601
                parts.append(raw)
            elif role == "name":
                name = ctx.cell_text(raw, ln, table=title, row=row, column=slot.index + 1) if raw else None
            else:  # row_no
                row_no = raw or None
        if parts:
            code = joined_code(parts, parents.setdefault(gi, ["", "", ""]) if parents is not None else None) or code
            _unpadded(ctx, parts, code, Source(path, number, page, title, row), title)
        if code and not code.isdigit() and not name:  # "合计" written in the code column
            code, name = None, code
        if not name and not code and not any(a.raw for a in amounts) and not row_no:
            continue  # an empty half of a two-sided row
        row_src = Source(path, number, page, title, row)
        entries.append((gi, Entry(side, code, name or "", row_no, tuple(amounts), row_src)))
    if layout.column_count and len(cells) <= layout.last and any(c.strip() for c in cells):
        ctx.report(
            "table-column-count",
            ctx.source(ln, table=title, row=row),
            table=title,
            count=len(cells),
            expected=layout.last + 1,
            actual=len(cells),
        )
    if layout.dense and width <= layout.last + 1:  # every cell under a header column: the usual row
        extra = []
    else:
        extra = [(k, c.strip()) for k, c in enumerate(cells) if k not in known and c.strip()]
    if extra:
        ctx.report(
            "table-column-count",
            ctx.source(ln, table=title, column=extra[0][0] + 1),
            table=title,
            count=len([c for c in cells if c.strip()]),
            expected=layout.column_count,
            actual=" | ".join(t for _, t in extra),
        )
        if entries:  # keep the surplus cells with the row rather than dropping them
            gi, last = entries[-1]
            surplus = tuple(
                Amount(f"第{k + 1}列", t, parse_decimal(t), ctx.source(ln, table=title, row=row, column=k + 1))
                for k, t in extra
            )
            entries[-1] = (gi, Entry(last.side, last.code, last.name, last.row_no, last.amounts + surplus, last.source))
    if entries or extra:
        ctx.place(ln)
    elif any(c.strip() for c in cells):
        ctx.report("table-row-unparsed", ln, table=title, text=ln.text[:60])
    return entries
