"""Read a workbook people made themselves, by its header names.

A sheet is read when one of its first rows is a header row naming at least two known
columns, among them 三级指标 / 指标值 (an indicator list) or 项目名称 / 预算数 (a project
list): 一级指标, 二级指标, 三级指标 (指标名称), 绩效指标描述, 指标值 (年度指标值), 指标值确定依据,
比较符, 数值, 计量单位, 项目名称, 项目编码, 单位名称, 预算数, 财政资金, 其他资金, 资金用途, 绩效目标.
Rows are grouped into projects by the 项目名称 column (a blank cell continues the project
above); without that column the sheet is one project, named by a "项目名称" label above the
header or else by the sheet. A blank 一级 cell continues the 一级 above (flagged
``level1_inherited``); other merged cells take their merge's value. Columns whose header is
not recognised are reported once and their cells kept as raw text; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.xlsx.anchors import compact
from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.ingest.xlsx.targets import check_levels, target_from_parts
from jixiao.model.document import RawText
from jixiao.model.goals import Indicator, Project, Unit

HEADERS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称",),
    "code": ("项目编码", "项目代码"),
    "unit": ("单位名称", "预算单位", "项目单位", "实施单位", "项目实施单位"),
    "budget": ("预算数", "预算金额", "年度预算数", "预算资金", "项目预算数", "预算规模"),
    "fiscal": ("财政资金",),
    "other": ("其他资金",),
    "purpose": ("资金用途",),
    "goal": ("绩效目标", "年度绩效目标", "年度目标"),
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "绩效指标"),
    "description": ("绩效指标描述", "指标描述", "指标解释", "指标说明"),
    "target": ("指标值", "年度指标值", "目标值", "年度目标值"),
    "basis": ("指标值确定依据", "确定依据", "指标值依据"),
    "sign": ("比较符", "计算符号", "指标性质"),
    "number": ("数值", "指标数值"),
    "measure": ("计量单位", "度量单位"),
}
LOOKUP = {name: key for key, names in HEADERS.items() for name in names}
MONEY = ("budget", "fiscal", "other")
SUFFIX = re.compile(r"[（(]([^（）()]*)[)）]$")
MONEY_UNIT = re.compile(r"^(?:金额)?单位[:：](\S+)$")
HEADER_SCAN = 15


def _header_key(text: str) -> tuple[str | None, str | None]:
    """A header cell → (field, unit in brackets): ``预算数（万元）`` → ("budget", "万元")."""
    t = compact(text).removeprefix("其中：").removeprefix("其中:").rstrip("：:*")
    unit = None
    m = SUFFIX.search(t)
    if m and t[: m.start()] in LOOKUP:
        unit = m.group(1) if "元" in m.group(1) else None
        t = t[: m.start()]
    return LOOKUP.get(t), unit


@dataclass
class _Draft:
    name: str
    row: int
    col: int
    code: str | None = None
    unit: Unit | None = None
    money: dict[str, Decimal | None] = field(default_factory=dict)
    purpose: str | None = None
    goal: str | None = None
    indicators: list[Indicator] = field(default_factory=list)


def read_plain_sheet(cells: SheetCells, unplaced: list[RawText]) -> list[Project]:
    header = _find_header(cells)
    if header is None:
        cells.ctx.report("excel-sheet-unrecognised", cells.src(1), sheet=cells.name)
        return []
    row, columns, money_unit = header
    label_name, label_unit = _labels_above(cells, row)
    money_unit = money_unit or label_unit
    if money_unit is None and any(k in columns.values() for k in MONEY):
        cells.ctx.report("excel-money-unit-assumed", cells.src(row), sheet=cells.name)
    _unrecognised(cells, row, columns, unplaced)
    drafts = _rows(cells, row, columns, label_name or cells.name)
    return [_project(d, money_unit or "万元", cells) for d in drafts]


def _find_header(cells: SheetCells) -> tuple[int, dict[int, str], str | None] | None:
    best = None
    for r in range(1, min(cells.max_row, HEADER_SCAN) + 1):
        columns: dict[int, str] = {}
        unit = None
        for col, text in cells.row_texts(r):
            key, found_unit = _header_key(text)
            if key is not None and key not in columns.values():
                columns[col] = key
                unit = unit or found_unit
        keys = set(columns.values())
        usable = keys & {"name", "target"} or {"project", "budget"} <= keys
        if len(columns) >= 2 and usable and (best is None or len(columns) > len(best[1])):
            best = (r, columns, unit)
    return best


def _labels_above(cells: SheetCells, header: int) -> tuple[str | None, str | None]:
    """A "项目名称：X" / "项目名称 | X" label and a "单位：万元" line above the header."""
    name = unit = None
    for r in range(1, header):
        texts = cells.row_texts(r)
        for k, (col, text) in enumerate(texts):
            t = compact(text)
            if (m := MONEY_UNIT.match(t)) and unit is None:
                unit = m.group(1)
                cells.raw(r, col)
            elif t.startswith("项目名称") and name is None:
                rest = t.removeprefix("项目名称").lstrip("：:")
                cells.raw(r, col)
                if rest:
                    name = rest
                elif k + 1 < len(texts):
                    name = cells.text(r, texts[k + 1][0])
    return name, unit


def _unrecognised(cells: SheetCells, header: int, columns: dict[int, str], unplaced: list[RawText]) -> None:
    for col, text in cells.row_texts(header):
        if col in columns:
            cells.raw(header, col)
            continue
        cells.raw(header, col)
        cells.report("excel-column-unrecognised", header, col, header=text)
        for r in range(header + 1, cells.max_row + 1):
            if value := cells.text(r, col):
                unplaced.append(RawText(value, cells.src(r, col)))


def _value(cells: SheetCells, r: int, col: int) -> str:
    text = cells.text(r, col)
    if not text and (anchor := cells.merged_anchor(r, col)):
        text = cells.peek(*anchor)
    return text


def _rows(cells: SheetCells, header: int, columns: dict[int, str], default_name: str) -> list[_Draft]:
    where = {key: col for col, key in columns.items()}
    drafts: dict[str, _Draft] = {}
    current: _Draft | None = None
    level1 = ""
    for r in range(header + 1, cells.max_row + 1):
        if not any(cells.peek(r, col) for col in columns):
            continue
        get = {key: _value(cells, r, col) for key, col in where.items() if key != "level1"}
        name = get.get("project") or (current.name if current else default_name)
        if name not in drafts:
            drafts[name] = _Draft(name, r, where.get("project", 1))
            level1 = ""
        current = drafts[name]
        _project_fields(cells, r, where, get, current)
        if any(get.get(k) for k in ("name", "target", "number", "description")) or \
                ("level1" in where and cells.peek(r, where["level1"])):
            level1 = _indicator(cells, r, where, get, current, level1)
    return list(drafts.values())


def _project_fields(cells: SheetCells, r: int, where: dict[str, int], get: dict[str, str], d: _Draft) -> None:
    for key in MONEY:
        if key in where and d.money.get(key) is None and get.get(key):
            d.money[key] = cells.number(r, where[key], key)
    if d.code is None and get.get("code"):
        d.code = get["code"]
    if d.unit is None and get.get("unit"):
        d.unit = Unit(None, get["unit"], cells.src(r, where["unit"]))
    if d.purpose is None and get.get("purpose"):
        d.purpose = get["purpose"]
    if d.goal is None and get.get("goal"):
        d.goal = get["goal"]


def _indicator(cells: SheetCells, r: int, where: dict[str, int], get: dict[str, str], d: _Draft, level1: str) -> str:
    own1 = cells.text(r, where["level1"]) if "level1" in where else ""
    inherited = not own1 and bool(d.indicators) and "level1" in where
    if own1:
        level1 = own1
    name = get.get("name", "")
    if not name:
        cells.report("excel-required-missing", r, where.get("name", min(where.values())), field="三级指标")
    col = where.get("target") or where.get("number") or where.get("name", min(where.values()))
    parts = (get.get("sign", ""), get.get("number", ""), get.get("measure", ""))
    target = target_from_parts(cells, r, col, get.get("target", ""), parts, subject=name or d.name, role="target")
    if not target.raw:
        cells.report("excel-required-missing", r, col, field="指标值")
    level2 = get.get("level2", "")
    check_levels(cells, r, where.get("level1", 1), where.get("level2", 1), level1, level2,
                 own_level1=bool(own1), own_level2=bool(level2))
    d.indicators.append(Indicator(
        level1=level1, level2=level2, name=name, description=get.get("description", ""), target=target,
        basis=get.get("basis") or None, source=cells.src(r, where.get("name", 1)), level1_inherited=inherited,
    ))
    return level1


def _project(d: _Draft, money_unit: str, cells: SheetCells) -> Project:
    return Project(
        number=None, code=d.code, name=d.name, unit=d.unit, money_unit=money_unit, budget=d.money.get("budget"),
        fiscal_funds=d.money.get("fiscal"), other_funds=d.money.get("other"), purpose=d.purpose,
        spending_plan=None, goal=d.goal, indicators=tuple(d.indicators), title="", source=cells.src(d.row, d.col),
    )
