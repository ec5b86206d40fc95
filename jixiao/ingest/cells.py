"""Forms as a stream of cells: one reader for every layout a converter leaves a table in.

A form (绩效目标表, 绩效自评表, 得分表) reaches jixiao as tab-separated rows, one cell per
line, markdown pipes, space-separated rows, or worse. :func:`tokenise` turns any of these into
one stream of :class:`Cell` (each with its line and column), marking where a printed row ends
when the layout prints rows. :func:`find_header` then looks in the stream for a header — a run
of column names (一级指标 / 二级指标 / 三级指标 / 指标值 / 实际完成值 / 分值 / 得分 / 权重 …,
with their synonyms, words split over cells joined back) — which gives the column set and its
order, and :func:`group_rows` cuts the cells after it into rows with the header's columns and
the known vocabulary of indicator levels (产出指标 / 效益指标 / 满意度指标 / 成本指标;
数量 / 质量 / 时效 / 成本 / 经济效益 / 社会效益 / 生态效益 / 可持续影响 / 服务对象满意度).
Nothing here knows a province: the vocabulary is the national one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jixiao.ingest.text import Line

# -- cells ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # as printed, stripped ("" for an empty cell)
    line: Line
    column: int  # 1-based position among the cells of its line
    row_end: bool = False  # the last cell of a printed row (row layouts only)

    @property
    def key(self) -> str:
        return normalise(self.text)


LAYOUTS = ("tabs", "pipes", "spaces", "lines")
_WS = re.compile(r"\s+")


def layout(lines: Sequence[Line]) -> str:
    """How the cells of a form are laid out: ``tabs`` or ``pipes`` (rows with separators),
    ``spaces`` (rows with cells separated by spaces), ``lines`` (one cell per line)."""
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return "lines"
    if sum("\t" in ln.raw for ln in body) * 4 >= len(body):
        return "tabs"
    if sum(ln.raw.count("|") >= 1 for ln in body) * 3 >= len(body):
        rows = sum(sum(1 for p in ln.raw.split("|") if p.strip()) >= 2 for ln in body)
        return "pipes" if rows * 3 >= len(body) else "lines"  # pipes after one cell per line: lines
    multi = sum(len(ln.raw.split()) >= 3 for ln in body)
    return "spaces" if multi * 10 >= len(body) else "lines"


def tokenise(lines: Sequence[Line], how: str | None = None) -> list[Cell]:
    """Every cell of the lines, in reading order."""
    how = how or layout(lines)
    out: list[Cell] = []
    for ln in lines:
        if how == "lines":
            if ln.raw == "":
                continue
            raw = ln.raw.strip(" |") if "|" in ln.raw else ln.raw
            if raw == "" and not ln.blank:
                continue
            parts = [raw.strip()] if ln.blank else raw.split()
            # one cell per line: a line of spaces is an empty cell, a line with spaces is one cell
            parts = [raw.strip()] if not ln.blank and _looks_like_one_cell(raw) else parts
        elif ln.blank:
            continue
        elif how == "tabs":
            parts = [p.strip() for p in ln.raw.split("\t")]
        elif how == "pipes":
            parts = [p.strip() for p in ln.raw.split("|")]
        else:
            parts = ln.raw.split()
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        if how != "lines" and parts and parts[0] == "" and len(parts) > 1:
            parts = parts[1:] if how == "pipes" else parts
        for n, part in enumerate(parts, 1):
            out.append(Cell(part, ln, n, row_end=how != "lines" and n == len(parts)))
    return out


def _looks_like_one_cell(raw: str) -> bool:
    """In a one-cell-per-line text a cell may itself contain spaces (``总 体 目 标``,
    ``绩效自评表(修改)`` after a name); only a run of numbers is split."""
    parts = raw.split()
    return not (len(parts) > 1 and all(is_value(p) for p in parts))


# -- vocabulary -----------------------------------------------------------------------------

_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_BRACKETS = re.compile(r"[(（][^()（）]{0,8}[)）]")
_CIRCLED = re.compile(r"[①-⑳]")
# a bracketed note that makes a column a computed one (``得分（计算）``): kept, as 得分计算
_COMPUTED_NOTE = re.compile(r"[(（]\s*(?:系统)?计算\s*[)）]")


def normalise(text: str) -> str:
    """A cell as compared with the vocabulary: no spaces, no "(10分)", "(A)", "(%)", "(万元)",
    no circled numbers."""
    t = _WS.sub("", text)
    t = _COMPUTED_NOTE.sub("计算", t)
    t = _POINTS.sub("", t)
    t = _BRACKETS.sub("", t)
    return _CIRCLED.sub("", t)


def points(text: str) -> str | None:
    """The "(50分)" of a label, as printed digits."""
    m = _POINTS.search(_WS.sub("", text))
    return m.group(1) if m else None


# a score a program computed, printed beside the form's own 得分 (jixiao's own forms print one):
# a column of its own, kept apart from the 得分 the form states
COMPUTED_SCORE = ("计算得分", "系统计算得分", "得分计算")
# the columns of an indicator table, each with the words provinces print for it
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "指标内容"),
    "description": ("指标解释", "绩效指标描述", "指标说明"),
    "nature": ("指标性质", "指标类型"),
    "target": ("指标值", "年度指标值", "预期指标值", "绩效目标值", "年度目标值", "目标值", "预期值", "年初值"),
    "measure_unit": ("度量单位", "计量单位", "单位"),
    "previous": ("上年实际值", "上年完成值", "前年值"),
    "actual": ("实际完成值", "完成值", "实际完成指标值", "实际值", "全年实际值"),
    "weight": ("分值", "权重", "指标分值", "权重分"),
    "score": ("得分", "自评得分", "评价得分"),
    "review": ("复核分", "复核得分"),
    "computed": COMPUTED_SCORE,
    "coefficient": ("得分系数",),
    "core": ("是否核心指标",),
    "deviation": ("偏差原因分析及改进措施", "未完成原因分析", "未完成原因", "偏差原因", "原因分析"),
    "method": ("得分计算方法", "评分标准", "计分方法"),
    "basis": ("指标值确定依据",),
    "note": ("备注",),
}
# the columns of a budget execution block
BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "年初部门预算安排金额", "年初预算安排"),
    "carried_over": ("历年结余结转", "上年结转"),
    "adjustment": ("年中调整金额", "调整金额"),
    "adjusted": ("全年预算数", "调整后预算数", "调整后预算", "小计"),
    "executed": ("全年执行数", "预算执行数", "年度拨付金额", "执行数", "实际支出"),
    "weight": ("分值", "权重"),
    "rate": ("执行率", "预算执行率", "支出实现率"),
    "score": ("得分",),
    "computed": COMPUTED_SCORE,
    "balance": ("本年度结余金额", "结余金额"),
    "balance_rate": ("资金结余率",),
    "reason": ("原因", "得分计算方法", "偏差原因"),
}

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
PARENT = {
    "数量": "产出指标",
    "质量": "产出指标",
    "时效": "产出指标",
    "成本": "产出指标",
    "经济效益": "效益指标",
    "社会效益": "效益指标",
    "生态效益": "效益指标",
    "可持续影响": "效益指标",
    "可持续效益": "效益指标",
    "服务对象满意度": "满意度指标",
    "满意度": "满意度指标",
    "经济成本": "成本指标",
    "社会成本": "成本指标",
    "生态环境成本": "成本指标",
}
_PLACEHOLDER = re.compile(r"^(?:指标\d*|[…\.．。]{2,}|[-—－/]+|…+)$")


def level_stem(key: str) -> str:
    return key[:-2] if key.endswith("指标") else key


def is_level1(key: str) -> bool:
    return key in LEVEL1 or key == "满意度"


def is_level2(key: str) -> bool:
    stem = level_stem(key)
    return key not in LEVEL1 and (stem in PARENT or stem.endswith("服务对象满意度"))


def is_label(key: str) -> bool:
    """A cell naming an indicator level (一级 or 二级), in the national words or ending in 指标."""
    if not key or _PLACEHOLDER.match(key):
        return False
    return is_level1(key) or is_level2(key) or (key.endswith("指标") and 4 <= len(key) <= 14)


def is_placeholder(text: str) -> bool:
    """A template row left as printed: ``指标2``, ``……``, ``-``."""
    return bool(_PLACEHOLDER.match(_WS.sub("", text)))


_VALUE = re.compile(r"^[≥≤><=＝]*=?\s*[-+]?[\d,，]*\.?\d+\s*(?:%|％|万元|元|万|分|个|次|人|台|项)?$")


def is_value(text: str) -> bool:
    """A number as a form prints it (``43.2``, ``86%``, ``215,457.6``, ``≥90%``, ``45万``), a dash or slash."""
    t = text.strip()
    return bool(_VALUE.match(t)) or t in ("-", "—", "－", "/", "——")


_HEADING = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|附件)")


def is_heading(text: str) -> bool:
    """A heading or a paragraph, which ends a table: ``(一)…``, ``二、…``, a long sentence."""
    t = text.strip()
    return (
        bool(_HEADING.match(t))
        or t.endswith(("绩效目标", "绩效目标表"))
        or (len(t) > 60 and any(p in t for p in "。；;"))
    )


def fits_number(text: str) -> bool:
    return text.strip() == "" or is_value(text)


# -- headers --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Header:
    columns: tuple[str, ...]  # canonical column names in printed order
    labels: tuple[str, ...]  # as printed (joined cells)
    start: int  # index of the first header cell in the stream
    end: int  # index after the last header cell
    cells: tuple[Cell, ...] = field(default=())
    # formula text and circled numbers printed with a column (``小计 ④=①+②+③``): column index → text
    marks: tuple[tuple[int, str], ...] = ()
    printed: tuple[str, ...] = ()  # each column's name as printed, brackets kept ("全年执行数（元）")


def _match(stream: Sequence[Cell], i: int, vocab: dict[str, tuple[str, ...]]) -> tuple[str, str, int] | None:
    """The longest column name printed from cell ``i`` on (over up to 3 cells): (column, label, cells used)."""
    best = None
    joined = ""
    for n in range(3):
        if i + n >= len(stream):
            break
        joined += stream[i + n].key
        for column, words in vocab.items():
            if joined in words:
                best = (column, joined, n + 1)
    return best


_FORMULA = re.compile(r"^[①-⑳=＝+\-/÷×%（）()\s]+$")


def find_header(
    stream: Sequence[Cell],
    vocab: dict[str, tuple[str, ...]],
    *,
    start: int = 0,
    stop: int | None = None,
    needs: tuple[frozenset[str], ...] = (),
    least: int = 3,
) -> Header | None:
    """The first run of column names in ``stream[start:stop]`` that has at least ``least``
    columns and one column of each set in ``needs``; formula cells between names (``④=①+②+③``,
    ``(%)``) are skipped."""
    stop = len(stream) if stop is None else stop
    i = start
    while i < stop:
        columns: list[str] = []
        labels: list[str] = []
        printed: list[str] = []
        used: list[Cell] = []
        marks: dict[int, str] = {}
        j = i
        while j < stop:
            m = _match(stream, j, vocab)
            if m is not None and m[0] not in columns:
                columns.append(m[0])
                labels.append(m[1])
                printed.append("".join(c.text for c in stream[j : j + m[2]]))
                used.extend(stream[j : j + m[2]])
                circled = "".join(_CIRCLED.findall("".join(c.text for c in stream[j : j + m[2]])))
                if circled:
                    marks[len(columns) - 1] = circled
                j += m[2]
            elif columns and (_FORMULA.match(stream[j].text) or stream[j].text == ""):
                used.append(stream[j])
                marks[len(columns) - 1] = marks.get(len(columns) - 1, "") + _WS.sub("", stream[j].text)
                j += 1
            else:
                break
        if len(columns) >= least and all(need & set(columns) for need in needs):
            return Header(
                tuple(columns), tuple(labels), i, j, tuple(used), tuple(sorted(marks.items())), tuple(printed)
            )
        i = max(j, i + 1)
    return None


# -- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    levels: tuple[str, ...]  # the level labels in force (printed or carried over), one per level column
    printed_levels: int  # how many of them were printed on this row
    cells: dict[str, Cell]  # column → cell, for the columns after the levels
    points: str | None  # "(50分)" printed with a level label of this row
    first: Cell  # the first cell of the row (for its location)
    used: tuple[Cell, ...]  # every cell the row took


TEXT_COLUMNS = frozenset(
    {
        "name",
        "target",
        "actual",
        "nature",
        "measure_unit",
        "description",
        "deviation",
        "method",
        "basis",
        "note",
        "previous",
        "core",
        "reason",
    }
)
TAIL_TEXT = frozenset({"deviation", "method", "note", "basis", "reason"})


def group_rows(
    stream: Sequence[Cell], header: Header, stop: int | None = None, *, row_layout: bool = False
) -> tuple[list[Row], int]:
    """Cut the cells after the header into rows; returns the rows and where reading stopped."""
    stop = len(stream) if stop is None else stop
    level_cols = [c for c in header.columns if c in ("level1", "level2")]
    rest = [c for c in header.columns if c not in ("level1", "level2")]
    current = ["" for _ in level_cols]
    rows: list[Row] = []
    i = header.end
    pending_points: str | None = None
    while i < stop:
        cell = stream[i]
        if cell.text == "":
            i += 1
            continue
        if _POINTS.fullmatch(_WS.sub("", cell.text)):  # "(50分)" alone: the weight of the next 一级
            pending_points = points(cell.text)
            i += 1
            continue
        labels: list[Cell] = []
        j = i
        while j < stop and _joined_label(stream, j)[0] and len(labels) < max(len(level_cols), 1) + 1:
            key, width = _joined_label(stream, j)
            if level_cols and len(labels) >= len(level_cols) and _named_like_level(stream, j):
                break  # the level columns are filled: a 三级 named like a level (“考试考核服务对象满意度”)
            labels.append(Cell(key, stream[j].line, stream[j].column))
            pts = points(" ".join(c.text for c in stream[j : j + width]))
            pending_points = pts or pending_points
            ended = any(c.row_end for c in stream[j : j + width])
            j += width
            if ended and row_layout and j < stop and not _joined_label(stream, j)[0]:
                break
        while labels and j < stop and _POINTS.fullmatch(_WS.sub("", stream[j].text)):
            pending_points = points(stream[j].text)  # "产出 / 指标 / (60分)"
            j += 1
        printed = _assign_levels(current, [c.text for c in labels])
        if j >= stop:
            break
        cells: dict[str, Cell] = {}
        used = list(stream[i:j])
        k = j
        for n, column in enumerate(rest):
            if k >= stop:
                break
            c = stream[k]
            if n > 0 and row_layout and stream[k - 1].row_end:
                break
            if n == 0:
                filled = bool(level_cols) and len(labels) >= len(level_cols)
                level = _joined_label(stream, k)[0] and not (filled and _named_like_level(stream, k))
                if level or is_heading(c.text):
                    stop = k  # a heading or a paragraph: the table has ended
                    break
                cells[column] = c
                used.append(c)
                k += 1
                continue
            if not _fits(column, c, stream, k, stop, row_layout, rest[n:]):
                break
            if c.text != "":
                cells[column] = c
            used.append(c)
            k += 1
        if not cells and k == j:
            k = j + 1 if j == i else j
            if j == i:
                used = [stream[i]]
        rows.append(Row(tuple(current), printed, cells, pending_points if printed else None, stream[i], tuple(used)))
        if printed:
            pending_points = None
        i = max(k, i + 1)
    return rows, i


def _named_like_level(stream: Sequence[Cell], i: int) -> bool:
    """A 三级 name or a description that reads like a level word without being one
    (“考试考核服务对象满意度”: no “指标” at its end), where a row's level cells are already filled."""
    key, _ = _joined_label(stream, i)
    return bool(key) and not key.endswith("指标") and not is_level1(key) and level_stem(key) not in PARENT


def _joined_label(stream: Sequence[Cell], i: int) -> tuple[str, int]:
    """A level label printed from cell ``i`` on, possibly split (``经济效益`` / ``指标``)."""
    first = stream[i].key
    best = (first, 1) if is_label(first) else ("", 0)
    joined = first
    for n in range(1, 3):
        if i + n >= len(stream) or stream[i + n].key != "指标":
            break
        joined += stream[i + n].key  # "经济效益" / "指标", "产出" / "指标"
        if is_label(joined):
            best = (joined, n + 1)
    return best


def _assign_levels(current: list[str], labels: list[str]) -> int:
    """Put the labels printed at the start of a row into the level columns; returns how many
    were printed. With fewer labels than level columns the vocabulary says which column a label
    belongs in (a 二级 word under a carried 一级; a 一级 word starting a new group)."""
    if not current or not labels:
        return 0
    if len(labels) >= len(current):
        current[:] = labels[-len(current) :]
        return len(current)
    label = labels[-1]
    if len(current) == 1:
        current[0] = label
        return 1
    standard_top = not current[0] or is_level1(current[0])
    under_current = PARENT.get(level_stem(label)) == current[0]  # 成本指标 under 产出指标 (2019 forms)
    if is_level1(label) and standard_top and not under_current:
        current[0], current[1] = label, ""
    else:
        current[1] = label
        parent = PARENT.get(level_stem(label))
        if parent and standard_top and current[0] != parent:
            current[0] = parent
    return 1


def _fits(
    column: str, cell: Cell, stream: Sequence[Cell], k: int, stop: int, row_layout: bool, remaining: list[str]
) -> bool:
    key = cell.key
    if cell.text == "":
        return True
    in_row = row_layout and column in TEXT_COLUMNS and _named_like_level(stream, k)
    if (_joined_label(stream, k)[0] and not in_row) or (
        is_placeholder(cell.text) and cell.text.strip() not in ("-", "—", "/")
    ):
        return False
    if column not in TEXT_COLUMNS:
        return is_value(cell.text)
    if row_layout:
        return True
    if column in TAIL_TEXT and not is_value(cell.text):
        # a text after the numbers: a note of this row unless a new row starts with it
        nxt = stream[k + 1] if k + 1 < stop else None
        return nxt is None or not is_value(nxt.text) or nxt.text == ""
    return bool(key) or is_value(cell.text)
