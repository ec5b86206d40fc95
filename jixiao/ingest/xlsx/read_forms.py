"""Read a 绩效自评表 template sheet back into a :class:`~jixiao.model.selfeval.SelfEvaluation`.

Blocks are found by their labels in column A (项目名称, 项目实施单位, 项目预算执行情况,
年度总体目标, 年度绩效指标, 小计, 总分, 总分在80分以下…); the funding rows and the indicator
rows are whatever lies between their block and the next, so rows may be added there. Rows
anywhere else that the form does not have are reported (``excel-row-inserted``) and kept as
raw text. A blank 一级 / 二级 cell (merged or left blank) continues the one above, as on the
printed form; "产出指标（50分）" gives 一级 产出指标 and its points 50.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao import xlsx_layout as L
from jixiao.ingest.context import read_target
from jixiao.ingest.xlsx.anchors import compact, find_row, pick_rows, report_inserted
from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.ingest.xlsx.targets import check_levels, read_target_cells
from jixiao.model.document import RawText
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.xlsx_layout import INHERITED

POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]$")
YEAR = re.compile(r"^[(（]?(\d{4})年度[)）]?$")
MONEY_UNIT = re.compile(r"^(?:金额)?单位[:：](\S+)$")


def is_form_sheet(cells: SheetCells) -> bool:
    return find_row(cells, lambda t: t == "项目实施单位", 1, limit=12) is not None and \
        find_row(cells, lambda t: t.startswith("年度绩效指标"), 1) is not None


def points_of(label: str) -> tuple[str, Decimal | None]:
    """``"产出指标 (50分)"`` → ``("产出指标", 50)`` (whitespace removed)."""
    text = compact(label)
    m = POINTS.search(text)
    if not m:
        return text, None
    return text[: m.start()], Decimal(m.group(1))


class FormSheetReader:
    def __init__(self, cells: SheetCells, unplaced: list[RawText]):
        self.cells = cells
        self.unplaced = unplaced

    def inserted(self, rows: list[int], block: str) -> None:
        report_inserted(self.cells, rows, block, self.unplaced, L.FORM_WIDTH)

    def anchor(self, match, start: int, block: str) -> int | None:
        row = find_row(self.cells, match, start)
        if row is None:
            self.cells.ctx.report("excel-block-missing", self.cells.src(start), sheet=self.cells.name, block=block)
        return row

    def follow(self, previous: int | None, match, block: str, between: str, gap: int = 1) -> int | None:
        """The next block, expected ``gap`` rows below ``previous``; rows in between are inserted."""
        start = (previous or 0) + 1
        row = self.anchor(match, start, block)
        if row is not None and previous is not None:
            self.inserted(list(range(previous + gap, row)), between)
        return row

    def read(self) -> SelfEvaluation:
        F = L.FORM_LABELS
        project_row = self.anchor(lambda t: t == F["project"], 1, F["project"])
        title_row, year, money_unit = self._head(project_row or 1)
        unit_row = self.follow(project_row, lambda t: t == F["unit"], F["unit"], "表头")
        budget_head = self.follow(unit_row or project_row, lambda t: t.startswith("项目预算"), "项目预算执行情况",
                                  "表头")
        goals_row = self.anchor(lambda t: t == F["goals"], (budget_head or unit_row or 1) + 1, F["goals"])
        ind_head = self.anchor(lambda t: t.startswith("年度绩效指标"), (goals_row or budget_head or 1) + 1,
                               "年度绩效指标")
        subtotal = self.anchor(lambda t: t == F["subtotal"], (ind_head or 1) + 1, F["subtotal"])
        total_row = self.follow(subtotal, lambda t: t == F["total"], F["total"], "小计与总分之间")
        low_row = self.follow(total_row or subtotal, lambda t: t.startswith("总分在"), "总分在80分以下的说明",
                              "总分之后")
        c = self.cells
        project = department = unit = phone = None
        if project_row is not None:
            c.raw(project_row, 1)
            c.raw(project_row, 5)
            project = c.text(project_row, 2)
            department = c.text(project_row, 6) or None
        if not project:
            c.report("excel-required-missing", project_row or L.FORM_ROWS["project"], 2, field="项目名称")
        if unit_row is not None:
            c.raw(unit_row, 1)
            c.raw(unit_row, 5)
            unit = c.text(unit_row, 2) or None
            phone = c.text(unit_row, 6) or None
        budget_label, budget_lines = self._budget(budget_head, goals_row or ind_head)
        expected, actual = self._goals(goals_row, ind_head)
        ind_label, indicators = self._indicators(ind_head, subtotal, project or "")
        sub_weight = sub_score = total = None
        stray: list[Figure] = []
        if subtotal is not None:
            c.raw(subtotal, 1)
            sub_weight = c.figure(subtotal, 7, "小计分值")
            sub_score = c.figure(subtotal, 8, "小计得分")
            stray += self._extras(subtotal)
        if total_row is not None:
            c.raw(total_row, 1)
            total = c.figure(total_row, 7, "总分")
            stray += self._extras(total_row)
        low_label = low_text = None
        notes: list[str] = []
        if low_row is not None:
            low_label = c.text(low_row, 1) or None
            low_text = c.text(low_row, 4) or None
            for r in range(low_row + 1, c.max_row + 1):
                if note := c.text(r, 1):
                    notes.append(note)
        return SelfEvaluation(
            title=c.text(title_row, 1) if title_row else "", year=year, project=project or "",
            department=department, unit=unit, phone=phone, money_unit=money_unit,
            budget_weight_label=budget_label, budget_points=points_of(budget_label)[1] if budget_label else None,
            budget_lines=budget_lines, goal_expected=expected, goal_actual=actual,
            indicator_weight_label=ind_label, indicator_points=points_of(ind_label)[1] if ind_label else None,
            indicators=indicators, subtotal_weight=sub_weight, subtotal_score=sub_score, total=total,
            low_score_label=low_label, low_score_explanation=low_text, notes=tuple(notes),
            source=c.src(title_row or 1, 1), stray=tuple(stray),
        )

    # -- head ------------------------------------------------------------------------------------------------------
    def _head(self, project_row: int) -> tuple[int | None, int | None, str | None]:
        """Title, （年度） and 单位 rows above 项目名称; any other row there was inserted."""
        c = self.cells
        title_row = year_row = unit_row = None
        year = money_unit = None
        others = []
        for r in range(1, project_row):
            text = compact(c.peek(r, 1))
            if title_row is None and "自评表" in text:
                title_row = r
            elif year_row is None and (m := YEAR.match(text)):
                year_row, year = r, int(m.group(1))
                c.raw(r, 1)
            elif unit_row is None and (m := MONEY_UNIT.match(text)):
                unit_row, money_unit = r, m.group(1)
                c.raw(r, 1)
            else:
                others.append(r)
        self.inserted(others, "表头")
        if title_row is None:
            c.ctx.report("excel-block-missing", c.src(1), sheet=c.name, block="表题")
        return title_row, year, money_unit

    # -- budget block ----------------------------------------------------------------------------------------------
    def _budget(self, head: int | None, end: int | None) -> tuple[str | None, tuple[BudgetLine, ...]]:
        if head is None:
            return None, ()
        c = self.cells
        label = c.text(head, 1) or None
        for col in (*range(2, L.FORM_WIDTH + 1), L.FORM_EXTRA):
            c.raw(head, col)
        lines = []
        for r in range(head + 1, end if end is not None else head + 1):
            if not any(c.peek(r, col) for col in range(2, c.max_col + 1) if col != L.RAW_COLUMN):
                continue
            name = c.text(r, 2)
            if not name:
                c.report("excel-required-missing", r, 2, field="资金来源名称")
            lines.append(BudgetLine(
                name=name, initial=c.figure(r, 3, "年初预算数"), adjusted=c.figure(r, 4, "调整后预算数"),
                executed=c.figure(r, 5, "全年执行数"), weight=c.figure(r, 6, "分值"), rate=c.figure(r, 7, "执行率"),
                score=c.figure(r, 8, "得分"), source=c.src(r, 2), extra=tuple(self._extras(r)),
            ))
        return label, tuple(lines)

    def _extras(self, row: int) -> list[Figure]:
        c = self.cells
        out = []
        for col in range(L.FORM_EXTRA, c.max_col + 1):
            if col == L.RAW_COLUMN:
                continue
            fig = c.figure(row, col, L.EXTRA_HEADER)
            if fig is not None:
                out.append(fig)
        return out

    # -- goals -----------------------------------------------------------------------------------------------------
    def _goals(self, head: int | None, end: int | None) -> tuple[str | None, str | None]:
        if head is None:
            return None, None
        c = self.cells
        for col in (1, 2, 6):
            c.raw(head, col)
        candidates = list(range(head + 1, end if end is not None else head + 2))
        chosen = pick_rows(c, candidates, 1, 2, L.FORM_WIDTH)
        self.inserted([r for r in candidates if r not in chosen], "年度总体目标")
        if not chosen:
            return None, None
        r = chosen[0]
        return c.text(r, 2) or None, c.text(r, 6) or None

    # -- indicators ------------------------------------------------------------------------------------------------
    def _indicators(self, head: int | None, end: int | None, project: str):
        if head is None:
            return None, ()
        c = self.cells
        label = c.text(head, 1) or None
        for col in (*range(2, L.FORM_WIDTH + 1), *range(L.FORM_HELPER, L.FORM_HELPER + 3), L.FORM_EXTRA):
            c.raw(head, col)
        out: list[IndicatorResult] = []
        level1, points, level2 = "", None, ""
        for r in range(head + 1, end if end is not None else c.max_row + 1):
            if not any(c.peek(r, col) for col in range(2, c.max_col + 1) if col != L.RAW_COLUMN):
                continue
            own1, own2 = c.text(r, 2), c.text(r, 3)
            if own1:
                level1, points = points_of(own1)
            elif not out:
                c.report("excel-required-missing", r, 2, field="一级指标")
            if own2:
                level2 = own2
            name = c.text(r, 4)
            if not name:
                c.report("excel-required-missing", r, 4, field="三级指标")
            subject = name or project
            target = read_target_cells(c, r, 5, L.FORM_HELPER, subject=subject, role="target")
            actual = read_target(c.ctx, c.text(r, 6), c.src(r, 6), subject, role="actual")
            check_levels(c, r, 2, 3, level1, level2, own_level1=bool(own1), own_level2=bool(own2))
            out.append(IndicatorResult(
                level1=level1, level2=level2, name=name, target=target, actual=actual,
                weight=c.figure(r, 7, "分值"), score=c.figure(r, 8, "得分"), deviation=c.text(r, 9) or None,
                source=c.src(r, 4), level1_points=points,
                level1_inherited=(not own1 and len(out) > 0) or (bool(own1) and c.kept(r, INHERITED + "B") == own1),
                level2_inherited=(not own2 and len(out) > 0) or (bool(own2) and c.kept(r, INHERITED + "C") == own2),
                extra=tuple(self._extras(r)),
            ))
        return label, tuple(out)
