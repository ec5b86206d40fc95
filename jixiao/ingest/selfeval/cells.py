"""The words and cells of 绩效自评表 forms and the 自评情况汇总表: the vocabulary (level labels,
funding names, header columns) and a line's cleaned cells."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, needs_cleaning, parse_decimal

POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]$")  # on whitespace-free text: "(50分)"
YEAR = re.compile(r"^[(（]?\s*(\d{4})\s*年度\s*[)）]?$")
MONEY_UNIT = re.compile(r"^单位\s*[:：]\s*(\S+)$")
NOTE_START = re.compile(r"^[-－—\s]*注\s*[:：]")
PLACEHOLDER = re.compile(r"^指标\d*[:：]?$")  # on whitespace-free text: "指标1:"
FILLER = re.compile(r"^[.。…·]+$")
BLOCK_LABEL = re.compile(r"^年度绩效指标")

L1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "可持续影响指标")
L1_ONLY = ("产出指标", "效益指标", "满意度指标")  # never a 二级 label
L2_FAMILY = {  # 二级 label → the 一级 it belongs to in 财预〔2020〕10号 附1
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
FUNDING_NAMES = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
# words that state an outcome: a lone value cell holding one of them is an 实际完成值
COMPLETION_WORDS = ("无", "完成", "已完成", "未完成", "未安排", "已达标", "达标", "是", "否")

BUDGET_FIELDS = ("initial", "adjusted", "executed", "weight", "rate", "score")
BUDGET_HEADER = (
    ("initial", ("年初预算数",)),
    ("adjusted", ("调整后预算数", "全年预算数")),
    ("executed", ("全年执行数", "预算执行数")),
    ("weight", ("分值",)),
    ("rate", ("执行率",)),
    ("score", ("得分",)),
)
INDICATOR_HEADER = (
    ("l1", ("一级指标",)),
    ("l2", ("二级指标",)),
    ("name", ("三级指标",)),
    ("target", ("年度指标值",)),
    ("actual", ("实际完成",)),
    ("weight", ("分值",)),
    ("score", ("得分",)),
    ("deviation", ("偏差",)),
)
FIELD_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}
FIELD_LABELS = frozenset({"项目名称", "主管部门", "项目实施单位", "实施单位", "联系电话"})  # a head line
LEVEL_HEADERS = frozenset({"一级指标", "二级指标", "三级指标"})  # the indicator header


class Cell(NamedTuple):
    col: int  # 1-based column (tab-separated cell) of the line
    text: str  # cleaned text, never empty
    norm: str  # the text without whitespace (see norm), for comparing labels


def make_cell(col: int, text: str) -> Cell:
    return Cell(col, text, norm(text))


def norm(text: str) -> str:
    """Whitespace removed: for comparing labels that the converter broke over lines.

    (``str.split()`` splits on exactly the characters ``\\s`` matches, and is several
    times faster than ``re.sub``; this runs for every cell of every form.)"""
    return "".join(text.split())


def is_number(cell: Cell) -> bool:
    return parse_decimal(cell.text) is not None


def level_label(text: str) -> tuple[str, Decimal | None] | None:
    """A 一级/二级 level label → (label, points of a "(50分)" suffix); None for other text."""
    if "标" not in text:  # every level label ends in 指标: most cells are told apart here
        return None
    n = norm(text)
    m = POINTS.search(n) if n.endswith((")", "）")) else None  # (n has no whitespace: POINTS ends the text)
    base = n[: m.start()] if m else n
    if base in L1_NAMES or base in L2_FAMILY:
        return base, Decimal(m.group(1)) if m else None
    return None


def is_budget_label(text: str) -> bool:
    return is_budget_norm(norm(text))


def is_budget_norm(n: str) -> bool:
    """:func:`is_budget_label` of text already normalised (a line's norms are at hand)."""
    return n.startswith("项目预算") or "预算执行情况" in n


def points(text: str) -> Decimal | None:
    m = POINTS.search(norm(text))
    return Decimal(m.group(1)) if m else None


def header_columns(cells: list[Cell], spec, *, last: bool) -> tuple[dict[str, int], list[str]]:
    """Map header labels to columns; also the labels that occur more than once."""
    columns: dict[str, int] = {}
    repeated: list[str] = []
    for cell in cells:
        n = cell.norm
        for name, prefixes in spec:
            if n.startswith(prefixes):
                if name in columns:
                    repeated.append(cell.text)
                if last or name not in columns:
                    columns[name] = cell.col
                break
    return columns, repeated


def split_merged(text: str) -> tuple[str, str] | None:
    """Split "100% 无" into ("100%", "无"): a target and an actual value written into one cell.

    Only a first part that is a complete number (with a comparison sign or a percent) and
    a second part that is an outcome word or another number qualify, so "≥5000 人" (a
    number and its unit) is not split.
    """
    parts = text.split()
    if len(parts) != 2:
        return None
    first, second = parts
    if not re.fullmatch(r"[≥≤><=]?\d+(?:\.\d+)?%?", first) or not re.search(r"[%≥≤><=]", first):
        return None
    if second in COMPLETION_WORDS or re.search(r"\d", second):
        return first, second
    return None


def line_cells(ctx: ReadContext, line: Line, table: str) -> list[Cell]:
    """The non-empty cells of a line, cleaned (page numbers and LaTeX debris reported)."""
    out = []
    for col, raw in enumerate(line.cells, start=1):
        text = raw.strip()
        if not text:
            continue
        if needs_cleaning(text):  # only then can clean_at change more than the surrounding space
            text = ctx.clean_at(raw, line, table=table, column=col).text
            if not text:
                continue
        out.append(Cell(col, text, norm(text)))
    return out
