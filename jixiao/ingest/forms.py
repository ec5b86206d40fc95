"""Reading forms that stand on their own: project and 部门整体 self-evaluation forms
(绩效自评表) and, for :mod:`jixiao.ingest.goal_tables`, target tables not in the Qingdao book
layout (申报表 / 批复表 / 审批表 / 目标表 of any province).

Every form goes through :mod:`jixiao.ingest.cells`: the text becomes a stream of cells, the
header of each block (budget execution, indicators) is found by its column names, and the cells
after it are cut into rows. Labels before the blocks (项目名称, 主管部门, 实施单位 …) are read by
name. What cannot be split safely — a table flattened into one line whose cells ran together,
PDF text in scrambled order — is not guessed at: the form keeps the cells raw and a finding
says so at info level. Every line whose cells went into the model is placed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from jixiao.ingest import cells as C
from jixiao.ingest.cells import Cell, Header, Row
from jixiao.ingest.context import ReadContext, read_target
from jixiao.ingest.form_parts import column_formulas, figure, scrambled_total_line
from jixiao.ingest.text import parse_decimal
from jixiao.ingest.units import header_unit
from jixiao.model.goals import Indicator, Project, Unit
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import TargetValue, ValueKind

YEAR = re.compile(r"(\d{4})\s*年度?")
MONEY_UNIT = re.compile(r"(?:单位\s*[:：]\s*|[(（]\s*)(万元|亿元|元)")
FORM_TITLE = re.compile(r"(自评表|目标表|申报表|批复表|审批表|得分表|评分表)")
INSTRUCTION = re.compile(r"\d+字以内|需说明原因|应单独说明|请(?:填写|据实|按要求)|填表说明|填报说明")
TOTAL_WORDS = ("总分", "自评得分", "合计")
SUBTOTAL = "小计"  # the 分值 and 得分 of the indicators, before the 总分
META = {
    "project": ("项目名称", "专项名称"),
    "department": ("主管部门", "部门(单位)名称", "部门名称", "下达地方或单位"),
    "unit": ("实施单位", "项目实施单位", "项目单位"),
    "phone": ("联系电话",),
    "owner": ("项目负责人",),
    "budget": ("下达中央预算内投资", "项目资金总额", "资金总额", "年度资金总额"),
    "goal": ("总体目标", "年度总体目标", "年度目标"),
}
GOAL_EXPECTED = ("预期目标", "年初设定目标", "项目年度目标")
GOAL_ACTUAL = ("实际完成情况", "目标实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况")
BUDGET_ROW = re.compile(r"(资金|拨款|总额|合计|小计|预算|其中)")
INDICATOR_NEEDS = (frozenset({"level1", "level2", "name"}), frozenset({"target", "actual", "weight", "score"}))
BUDGET_NEEDS = (frozenset({"executed", "rate"}),)


def empty_target() -> TargetValue:
    return TargetValue("", ValueKind.EMPTY)


def form_year(lines: Sequence) -> int | None:
    for ln in lines[:40]:
        m = YEAR.search(ln.raw) if FORM_TITLE.search(ln.raw) or "年度" in ln.raw else None
        if m and 1990 < int(m.group(1)) < 2100:
            return int(m.group(1))
    return None


def money_unit(lines: Sequence) -> str | None:
    for ln in lines:
        m = MONEY_UNIT.search(ln.raw)
        if m:
            return m.group(1)
    return None


def meta(stream: Sequence[Cell], stop: int) -> dict[str, Cell]:
    """The value printed after each label of the form's head (the first value that is not
    itself a label)."""
    labels = {w: key for key, words in META.items() for w in words}
    out: dict[str, Cell] = {}
    for i in range(min(stop, len(stream))):
        key = labels.get(stream[i].key.rstrip(":：").replace("(盖章)", ""))
        if key is None or key in out:
            continue
        for j in range(i + 1, min(i + 3, len(stream))):
            c = stream[j]
            if c.text == "":
                continue
            if c.key.rstrip(":：") in labels or c.key.startswith(("单位:", "单位：", "其中")):
                break
            out[key] = c
            break
    return out


def place_cells(ctx: ReadContext, cells: Sequence[Cell]) -> None:
    ctx.place(*(c.line for c in cells))


# -- self-evaluation forms ------------------------------------------------------------------


def segments(stream: list[Cell]) -> list[tuple[int, int]]:
    """Where each form starts: at a title cell (…自评表), the cells before the first title
    forming a form of their own when they hold a table (the tail of a form cut above)."""
    starts = [i for i, c in enumerate(stream) if "自评表" in c.text and len(c.key) <= 40]
    bounds = [0, *starts] if not starts or starts[0] > 0 else starts
    return [(a, bounds[k + 1] if k + 1 < len(bounds) else len(stream)) for k, a in enumerate(bounds)]


def read_self_evaluation(
    ctx: ReadContext,
    stream: list[Cell],
    start: int,
    stop: int,
    how: str,
    doc_title: str | None,
    year: int | None,
    unit: str | None,
) -> SelfEvaluation | None:
    row_layout = how != "lines"
    budget_header = C.find_header(stream, C.BUDGET_COLUMNS, start=start, stop=stop, needs=BUDGET_NEEDS, least=3)
    ind_header = C.find_header(stream, C.INDICATOR_COLUMNS, start=start, stop=stop, needs=INDICATOR_NEEDS, least=3)
    if budget_header is not None and ind_header is not None and ind_header.start < budget_header.start:
        budget_header = C.find_header(
            stream, C.BUDGET_COLUMNS, start=start, stop=ind_header.start, needs=BUDGET_NEEDS, least=3
        )
    if budget_header is None and ind_header is None:
        return None
    title_cell = stream[start] if "自评表" in stream[start].text else None
    head_stop = budget_header.start if budget_header is not None else ind_header.start  # type: ignore[union-attr]
    info = meta(stream, head_stop)
    place_cells(ctx, stream[start:head_stop] if title_cell is not None else [])
    subject = info["project"].text if "project" in info else (title_cell.text if title_cell else doc_title or "")
    if budget_header is not None and budget_header.end < stop and C.is_value(stream[budget_header.end].text):
        # the amounts come before the names of their rows: PDF text out of reading order
        place_cells(ctx, stream[start:stop])
        total_line, _ = scrambled_total_line(ctx, stream, budget_header, stop)
        first = f"，仅首行“{total_line.name}”的金额按表头列序读出" if total_line is not None else ""
        ctx.report(
            "form-layout-unreadable",
            ctx.source(stream[budget_header.end].line),
            subject=subject,
            detail=f"金额出现在行名之前（PDF文字顺序错乱），无法确定各数所属的行和列{first}",
        )
        form = _raw_form(ctx, stream, start, stop, title_cell, info, year, unit, doc_title)
        return replace(form, budget_lines=(total_line,)) if total_line is not None else form
    lines: list[BudgetLine] = []
    budget_weight: Decimal | None = None
    budget_end: int | None = None
    if budget_header is not None:
        lines, budget_end = _budget_lines(
            ctx, stream, budget_header, ind_header.start if ind_header else stop, row_layout
        )
        place_cells(ctx, budget_header.cells)
        budget_weight = _label_points(stream, budget_header.start)
    goal_from = budget_end if budget_end is not None else start
    goal_stop = ind_header.start if ind_header is not None else stop
    expected, actual = _goals(ctx, stream, goal_from, goal_stop)
    indicators: list[IndicatorResult] = []
    notes: list[str] = []
    total = None
    stray: list[Figure] = []
    raw: list[str] = []
    total_computed = None
    subtotal: tuple[Figure, Figure] | None = None
    if ind_header is not None:
        place_cells(ctx, ind_header.cells)
        rows, _ = C.group_rows(stream, ind_header, _table_end(stream, ind_header.end, stop), row_layout=row_layout)
        indicators, notes = _indicator_results(ctx, rows, subject, ind_header.columns)
        sums = _totals(ctx, stream, _table_end(stream, ind_header.end, stop), stop, "computed" in ind_header.columns)
        total, total_computed, subtotal, stray = sums.total, sums.computed, sums.subtotal, list(sums.stray)
        raw = _instructions(ctx, stream, start, stop, subject)
    src = ctx.source(title_cell.line if title_cell else stream[start].line)
    dept = info.get("department")
    return SelfEvaluation(
        title=title_cell.text if title_cell else "",
        year=year,
        project=info["project"].text if "project" in info else "",
        department=dept.text if dept else None,
        unit=info["unit"].text if "unit" in info else None,
        phone=info["phone"].text if "phone" in info else None,
        money_unit=unit,
        budget_weight_label=None,
        budget_points=budget_weight,
        budget_lines=tuple(lines),
        goal_expected=expected,
        goal_actual=actual,
        indicator_weight_label=None,
        indicator_points=_label_points(stream, ind_header.start) if ind_header else None,
        indicators=tuple(indicators),
        subtotal_weight=subtotal[0] if subtotal else None,
        subtotal_score=subtotal[1] if subtotal else None,
        total=total,
        low_score_label=None,
        low_score_explanation=None,
        notes=tuple(notes),
        source=src,
        stray=tuple(stray),
        department_wide="部门整体" in (title_cell.text if title_cell else doc_title or ""),
        raw=tuple(raw),
        formulas=column_formulas(ctx, budget_header) if budget_header is not None else (),
        total_computed=total_computed,
    )


def _raw_form(ctx, stream, start, stop, title_cell, info, year, unit, doc_title) -> SelfEvaluation:
    """A form whose cells are kept as printed, unsplit; only the labelled head is read."""
    dept = info.get("department")
    return SelfEvaluation(
        title=title_cell.text if title_cell else "",
        year=year,
        project=info["project"].text if "project" in info else "",
        department=dept.text if dept else None,
        unit=None,
        phone=None,
        money_unit=unit,
        budget_weight_label=None,
        budget_points=None,
        budget_lines=(),
        goal_expected=None,
        goal_actual=None,
        indicator_weight_label=None,
        indicator_points=None,
        indicators=(),
        subtotal_weight=None,
        subtotal_score=None,
        total=None,
        low_score_label=None,
        low_score_explanation=None,
        notes=(),
        source=ctx.source(stream[start].line),
        department_wide="部门整体" in (title_cell.text if title_cell else doc_title or ""),
        raw=tuple(c.text for c in stream[start:stop] if c.text),
    )


def _label_points(stream: Sequence[Cell], at: int) -> Decimal | None:
    """The "(10分)" of the block label printed just before (or in) a header: 预算执行情况(10分)."""
    for c in stream[max(0, at - 4) : at + 1]:
        p = C.points(c.text)
        if p is not None:
            return Decimal(p)
    return None


def _in_unit(f: Figure | None, unit: str | None) -> Figure | None:
    """A figure with its column header's money unit (``金额（元）``), kept as printed."""
    return replace(f, unit=unit) if f is not None and unit is not None else f


def _table_end(stream: Sequence[Cell], start: int, stop: int) -> int:
    for i in range(start, stop):
        if stream[i].key in TOTAL_WORDS or _closing(stream[i]):
            return i
        if stream[i].key == SUBTOTAL and _subtotal_closes(stream, i, stop):
            return i
    return stop


def _closing(cell: Cell) -> bool:
    return cell.key.startswith(("评价结论", "存在问题", "改进措施"))


def _subtotal_closes(stream: Sequence[Cell], at: int, stop: int) -> bool:
    """A 小计 ends the indicator rows when only its numbers stand between it and the 总分 (or the end);
    a 小计 in the middle of the rows (a section's own subtotal) does not."""
    k = at + 1
    while k < stop and (not stream[k].text or C.fits_number(stream[k].text)):
        k += 1
    return k >= stop or stream[k].key in TOTAL_WORDS or _closing(stream[k])


def _budget_lines(
    ctx: ReadContext, stream: list[Cell], header: Header, stop: int, row_layout: bool
) -> tuple[list[BudgetLine], int]:
    out: list[BudgetLine] = []
    i = header.end
    columns = header.columns
    units = {col: u for col, label in zip(columns, header.printed, strict=False) if (u := header_unit(label))}
    while i < stop:
        name = stream[i]
        if name.text == "" or C.is_value(name.text):
            if out or name.text == "":
                i += 1
                continue
            break  # values before any row name: the text is not in reading order
        if C.is_placeholder(name.text):
            ctx.place(name.line)
            i += 1
            continue
        if not BUDGET_ROW.search(name.key) or any(name.key.startswith(w) for w in (*GOAL_EXPECTED, "年度总体目标")):
            break
        got: dict[str, Cell] = {}
        k = i + 1
        for column in columns:
            if k >= stop or (row_layout and stream[k - 1].row_end):
                break
            c = stream[k]
            if column in C.TAIL_TEXT:
                if c.text and not C.is_value(c.text) and (row_layout or not BUDGET_ROW.search(c.key)):
                    got[column] = c
                    k += 1
                break
            if not C.fits_number(c.text):
                break
            if c.text:
                got[column] = c
            k += 1
        ctx.place(*(c.line for c in stream[i:k]))
        f = {col: _in_unit(figure(ctx, got.get(col)), units.get(col)) for col in columns if col not in C.TAIL_TEXT}
        out.append(
            BudgetLine(
                name=name.text,
                initial=f.get("initial"),
                adjusted=f.get("adjusted"),
                executed=f.get("executed"),
                weight=f.get("weight"),
                rate=f.get("rate"),
                score=f.get("score"),
                source=ctx.source(name.line, column=name.column),
                carried_over=f.get("carried_over"),
                adjustment=f.get("adjustment"),
                balance=f.get("balance"),
                balance_rate=f.get("balance_rate"),
                reason=got["reason"].text if "reason" in got else None,
                computed=f.get("computed"),
            )
        )
        i = k
    return out, i


def _goals(ctx: ReadContext, stream: list[Cell], start: int, stop: int) -> tuple[str | None, str | None]:
    """年初预期目标 and 实际完成情况: the cells after the two labels (the statements that say
    完成情况 are the actual ones when several goals are listed)."""
    at = None
    for i in range(start, stop):
        if stream[i].key in GOAL_ACTUAL:
            at = i
    if at is None:
        return None, None
    values = [c for c in stream[at + 1 : stop] if c.text and not C.is_label(c.key) and not _heading_piece(c.key)]
    place_cells(ctx, stream[start:stop])
    if not values:
        return None, None
    if len(values) == 2:
        return values[0].text, values[1].text
    # numbered statements: "目标1完成情况：…" are the actual ones; else any that says 完成
    said = "完成情况" if any("完成情况" in c.text for c in values) else "完成"
    expected = [c.text for c in values if said not in c.text]
    actual = [c.text for c in values if said in c.text]
    return "\n".join(expected) or None, "\n".join(actual) or None


def unit_unjudged(row: Row, columns: Sequence[str]) -> frozenset[str]:
    """A form with a 度量单位 column whose row stops before it (cut by the end of an excerpt):
    whether the value has a unit cannot be told from the value cell."""
    if "measure_unit" in columns and "measure_unit" not in row.cells:
        return frozenset({"target-unit-missing"})
    return frozenset()


HEADING_PIECES = frozenset({"年度", "绩效", "指标", "完成", "情况", "总体", "目标", "年度总体目标"})


def _heading_piece(key: str) -> bool:
    """A piece of a heading printed down a merged cell (年度 / 绩效 / 指标 / 完成 / 情况)."""
    return key in HEADING_PIECES


def _text(row: Row, key: str) -> str | None:
    """The text of the row's cell in column ``key`` (None when the row has none)."""
    cell = row.cells.get(key)
    return cell.text if cell else None


def _indicator_results(
    ctx: ReadContext, rows: list[Row], subject: str, columns: Sequence[str] = ()
) -> tuple[list[IndicatorResult], list[str]]:
    out: list[IndicatorResult] = []
    notes: list[str] = []
    points: dict[str, Decimal] = {}
    for row in rows:
        ctx.place(*(c.line for c in row.used))
        name = row.cells.get("name")
        values = [c for col, c in row.cells.items() if col != "name"]
        if name is None:
            continue
        if not values and (C.is_placeholder(name.text) or "：" in name.text or ":" in name.text):
            if C.is_placeholder(name.text):
                ctx.report(
                    "form-template-row", ctx.source(name.line, column=name.column), subject=subject, text=name.text
                )
            else:
                notes.append(name.text)
            continue
        if C.is_placeholder(name.text) and not any(v.text for v in values):
            ctx.report("form-template-row", ctx.source(name.line, column=name.column), subject=subject, text=name.text)
            continue
        level1 = row.levels[0] if row.levels else ""
        level2 = row.levels[1] if len(row.levels) > 1 else ""
        if row.points is not None and level1:
            points[level1] = Decimal(row.points)
        src = ctx.source(name.line, column=name.column)
        cell = row.cells.get
        out.append(
            IndicatorResult(
                level1=level1,
                level2=level2,
                name=name.text,
                target=read_target(
                    ctx,
                    with_nature_and_unit(row, "target"),
                    src,
                    subject=name.text,
                    role="target",
                    unjudged=unit_unjudged(row, columns),
                )
                if cell("target")
                else empty_target(),
                actual=read_target(ctx, with_nature_and_unit(row, "actual"), src, subject=name.text, role="actual")
                if cell("actual")
                else empty_target(),
                weight=figure(ctx, cell("weight")),
                score=figure(ctx, cell("score")),
                deviation=_text(row, "deviation"),
                source=src,
                level1_points=points.get(level1),
                level1_inherited=row.printed_levels < 2,
                level2_inherited=row.printed_levels < 1,
                nature=_text(row, "nature"),
                measure_unit=_text(row, "measure_unit"),
                description=_text(row, "description"),
                method=_text(row, "method"),
                review_score=figure(ctx, cell("review")),
                core=_text(row, "core"),
                coefficient=figure(ctx, cell("coefficient")),
                computed=figure(ctx, cell("computed")),
            )
        )
    return out, notes


class _Sums(NamedTuple):
    total: Figure | None  # the form's own 总分
    computed: Figure | None  # a computed 总分 printed beside it (a 计算得分 column)
    subtotal: tuple[Figure, Figure] | None  # 小计: its 分值 and 得分
    stray: tuple[Figure, ...]  # numbers of these rows that fit no column


def _totals(ctx: ReadContext, stream: list[Cell], start: int, stop: int, computed_column: bool = False) -> _Sums:
    """The 小计 / 总分 / 自评得分 rows after the indicators: a 小计's 分值 and 得分, a 总分's score; a 合计
    with a single number is kept as printed (whether it is the 分值 or the 得分 the form does not say).
    With a computed column (``computed_column``) the last number of each row is the computed one."""
    total = computed = subtotal = None
    stray: list[Figure] = []
    i = start
    while i < stop and stream[i].key in (*TOTAL_WORDS, SUBTOTAL):
        label = stream[i]
        nums: list[Cell] = []
        k = i + 1
        while k < stop and C.fits_number(stream[k].text) and len(nums) < 3:
            if stream[k].text:
                nums.append(stream[k])
            k += 1
            if stream[k - 1].row_end:
                break
        ctx.place(label.line, *(c.line for c in nums))
        figs = [f for f in (figure(ctx, c) for c in nums) if f is not None]
        row_computed = figs.pop() if computed_column and len(figs) >= 2 else None
        if label.key == SUBTOTAL and len(figs) == 2:
            subtotal = (figs[0], figs[1])
        elif label.key not in ("合计", SUBTOTAL) and figs:
            total, computed = figs[-1], row_computed
            stray.extend(figs[:-1])
        else:
            stray.extend(figs + ([row_computed] if row_computed is not None else []))
        i = k
    return _Sums(total, computed, subtotal, tuple(stray))


def _instructions(ctx: ReadContext, stream: list[Cell], start: int, stop: int, subject: str) -> list[str]:
    """Template instruction text left in the published form (“…需说明原因(100字以内)”)."""
    out = []
    for c in stream[start:stop]:
        m = INSTRUCTION.search(c.text)
        if m:
            out.append(c.text)
            ctx.place(c.line)
            ctx.report(
                "form-template-text",
                ctx.source(c.line, column=c.column),
                subject=subject,
                text=c.text[:40],
                marker=m.group(0),
            )
    return out


# -- target tables (for goal_tables) --------------------------------------------------------


COMPARISONS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "=", "＝": "=", ">": ">", "<": "<", "＞": ">", "＜": "<"}


def with_nature_and_unit(row, key: str) -> str:
    """The value of a 指标值 / 完成值 cell as one text when the form prints its comparison (指标性质)
    and its unit (度量单位 / 计量单位) in columns of their own: ``≥`` ``30`` ``万元`` → ``≥30万元``.
    A cell that already carries them is left as printed."""
    value = row.cells[key].text.strip()
    nature = row.cells.get("nature")
    unit = row.cells.get("measure_unit")
    sign = COMPARISONS.get(nature.text.strip(), "") if nature is not None and key == "target" else ""
    text = value
    if sign and value and value[0] not in "≥≤=<>＞＜＝":
        text = sign + text
    if unit is not None and unit.text.strip() and value and value[-1].isdigit():
        text += unit.text.strip()
    return text


def read_target_project(
    ctx: ReadContext, stream: list[Cell], how: str, title: str, money: str | None
) -> Project | None:
    header = C.find_header(stream, C.INDICATOR_COLUMNS, needs=INDICATOR_NEEDS, least=3)
    info = meta(stream, header.start if header else len(stream))
    for c in info.values():
        ctx.place(c.line)
    if header is None:
        return None
    place_cells(ctx, header.cells)
    rows, _ = C.group_rows(stream, header, row_layout=how != "lines")
    subject = info["project"].text if "project" in info else _named_before(stream, header.start) or title
    indicators: list[Indicator] = []
    for row in rows:
        ctx.place(*(c.line for c in row.used))
        name = row.cells.get("name")
        if name is None:
            continue
        if C.is_placeholder(name.text) and len(row.cells) == 1:
            ctx.report("form-template-row", ctx.source(name.line, column=name.column), subject=subject, text=name.text)
            continue
        src = ctx.source(name.line, column=name.column)
        cell = row.cells.get
        target = cell("target")
        indicators.append(
            Indicator(
                level1=row.levels[0] if row.levels else "",
                level2=row.levels[1] if len(row.levels) > 1 else "",
                name=name.text,
                description=_text(row, "description") or "",
                target=read_target(
                    ctx,
                    with_nature_and_unit(row, "target"),
                    src,
                    subject=name.text,
                    role="target",
                    unjudged=unit_unjudged(row, header.columns),
                )
                if target
                else empty_target(),
                basis=_text(row, "basis"),
                source=src,
                level1_inherited=row.printed_levels < 2,
                points=weight.value if (weight := figure(ctx, cell("weight"))) else None,
                nature=_text(row, "nature"),
                measure_unit=_text(row, "measure_unit"),
                previous=_text(row, "previous"),
                note=_text(row, "note"),
            )
        )
    budget = parse_decimal(info["budget"].text) if "budget" in info else None
    unit_cell = info.get("unit") or info.get("department")
    return Project(
        number=None,
        code=None,
        name=subject,
        unit=Unit(None, unit_cell.text, ctx.source(unit_cell.line)) if unit_cell else None,
        money_unit=money or "万元",
        budget=budget,
        fiscal_funds=None,
        other_funds=None,
        purpose=None,
        spending_plan=None,
        goal=info["goal"].text if "goal" in info else None,
        indicators=tuple(indicators),
        title=title,
        source=ctx.source(stream[header.start].line),
        basis_column="basis" in header.columns,
    )


NAMED = re.compile(r"^(.{2,40}?)(?:项目)?绩效目标$")


def _named_before(stream: Sequence[Cell], at: int) -> str | None:
    """The project a table belongs to, from a heading before it: ``X项目项目绩效目标`` → ``X项目``."""
    for c in reversed(stream[:at]):
        m = NAMED.match(c.key)
        if m and not c.text.strip().startswith(("(", "（")):
            ctx_name = m.group(1)
            return ctx_name
    return None


def source_of(ctx: ReadContext, cell: Cell) -> Source:
    return ctx.source(cell.line, column=cell.column)
