"""Read a 绩效目标表 template sheet back into a :class:`~jixiao.model.goals.Project`.

Blocks are found by label (:mod:`jixiao.ingest.xlsx.anchors`); values are read from the cells the
layout gives them. The indicator table runs to the last row of the sheet: a blank 一级 cell
(a merged cell, or left blank) continues the 一级 above, as on the printed form. Every
indicator is checked against the 一级 → 二级 lists; required cells left empty, numbers that
are not numbers and helper columns that contradict the 指标值 give findings. Nothing raises.
"""

from __future__ import annotations

import re

from jixiao import xlsx_layout as L
from jixiao.ingest.xlsx.anchors import compact, find_row, pick_rows, report_inserted
from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.ingest.xlsx.targets import check_levels, read_target_cells
from jixiao.model.document import RawText
from jixiao.model.goals import Indicator, PlanPoint, Project, SpendingPlan, Unit
from jixiao.xlsx_layout import INHERITED

PROJECT_TITLE = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+?)\s*绩效目标表\s*$")
UNIT = re.compile(r"^(\d{6,})\s*(\S.*)$")
MONEY_UNIT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(\S+)$")
CHECKPOINT = re.compile(r"^(\d{1,2})\s*月(?:底|末)$")


def is_goal_sheet(cells: SheetCells) -> bool:
    return find_row(cells, lambda t: t == "项目编码", 1, limit=12) is not None and \
        find_row(cells, lambda t: t == "一级指标", 1, limit=60) is not None


class GoalSheetReader:
    def __init__(self, cells: SheetCells, unplaced: list[RawText]):
        self.cells = cells
        self.unplaced = unplaced

    def inserted(self, rows: list[int], block: str) -> None:
        report_inserted(self.cells, rows, block, self.unplaced, L.GOAL_WIDTH)

    def anchor(self, match, start: int, block: str) -> int | None:
        row = find_row(self.cells, match, start)
        if row is None:
            self.cells.ctx.report("excel-block-missing", self.cells.src(start), sheet=self.cells.name, block=block)
        return row

    def read(self) -> Project:
        c = self.cells
        code_row = self.anchor(lambda t: t == "项目编码", 1, "项目编码")
        title_row, unit_row = self._head(code_row or 1)
        after = code_row or unit_row or title_row or 1
        budget_head = self.anchor(lambda t: t.startswith("预算规模"), after + 1, L.GOAL_LABELS["budget_block"])
        if budget_head is not None:
            self.inserted(list(range(after + 1, budget_head)), "表头")
            after = budget_head
        plan_head = self.anchor(lambda t: t.startswith("资金支出计划"), after + 1, L.GOAL_LABELS["plan"])
        budget_row = self._data_row(budget_head, plan_head, "预算规模及资金用途")
        after = plan_head or after
        goal_row = self.anchor(lambda t: t == "绩效目标", after + 1, L.GOAL_LABELS["goal"])
        plan_row = self._data_row(plan_head, goal_row, "资金支出计划")
        after = goal_row or after
        header_row = self.anchor(lambda t: t == "一级指标", after + 1, "绩效指标表头")
        if header_row is not None and goal_row is not None:
            self.inserted(list(range(goal_row + 1, header_row)), "绩效目标与指标表头之间")

        title = c.text(title_row, 1) if title_row else ""
        m = PROJECT_TITLE.match(title)
        number = int(m.group(1)) if m else None
        name = c.text(code_row, 5) if code_row else ""
        if not name:
            c.report("excel-required-missing", code_row or 1, 5, field="项目名称")
            name = m.group(2).strip() if m else ""
        unit, money_unit = self._unit(unit_row)
        budget = fiscal = other = None
        purpose = None
        if budget_head is not None:
            for col in range(1, 6):
                c.raw(budget_head, col)
        if budget_row is not None:
            budget = c.number(budget_row, 2, "预算数")
            fiscal = c.number(budget_row, 3, "其中：财政资金")
            other = c.number(budget_row, 4, "其他资金")
            purpose = c.text(budget_row, 5) or None
        code = None
        if code_row is not None:
            c.raw(code_row, 1)
            c.raw(code_row, 4)
            code = c.text(code_row, 2) or None
        goal = None
        if goal_row is not None:
            c.raw(goal_row, 1)
            goal = c.text(goal_row, 2) or None
        indicators = self._indicators(header_row, name) if header_row is not None else ()
        return Project(
            number=number, code=code, name=name, unit=unit, money_unit=money_unit, budget=budget,
            fiscal_funds=fiscal, other_funds=other, purpose=purpose,
            spending_plan=self._plan(plan_head, plan_row), goal=goal, indicators=indicators,
            title=title, source=c.src(title_row or 1, 1),
        )

    # -- header block -------------------------------------------------------------------------------------------
    def _head(self, code_row: int) -> tuple[int | None, int | None]:
        """The title row and the unit line above 项目编码; any other row there was inserted."""
        c = self.cells
        rows = list(range(1, code_row))
        title_row = next((r for r in rows if compact(c.peek(r, 1)).endswith("绩效目标表")), None)
        rest = [r for r in rows if r != title_row and (title_row is None or r > title_row)]
        unit_row = next((r for r in rest if any(MONEY_UNIT.match(compact(t)) for _, t in c.row_texts(r))), None)
        if unit_row is None and rest:
            unit_row = rest[0]
        self.inserted([r for r in rows if r not in (title_row, unit_row)], "表头")
        if title_row is None:
            c.ctx.report("excel-block-missing", c.src(1), sheet=c.name, block="表题")
        return title_row, unit_row

    def _unit(self, row: int | None) -> tuple[Unit | None, str]:
        c = self.cells
        unit, money_unit = None, None
        if row is not None:
            for col, text in c.row_texts(row, L.GOAL_WIDTH):
                m = MONEY_UNIT.match(compact(text))
                if m and money_unit is None:
                    money_unit = m.group(1)
                    c.raw(row, col)
                elif unit is None:
                    c.raw(row, col)
                    u = UNIT.match(text)
                    src = c.src(row, col)
                    unit = Unit(u.group(1), u.group(2).strip(), src) if u else Unit(None, text, src)
        if money_unit is None:
            c.report("excel-required-missing", row or 2, 5, field="金额单位（单位：万元）")
            money_unit = "万元"
        return unit, money_unit

    def _data_row(self, head: int | None, next_block: int | None, block: str) -> int | None:
        """The one value row under ``head`` (up to the next block); extra rows are inserted."""
        if head is None:
            return None
        end = next_block if next_block is not None else head + 2
        candidates = list(range(head + 1, end))
        chosen = pick_rows(self.cells, candidates, 1, 2, L.GOAL_WIDTH)
        self.inserted([r for r in candidates if r not in chosen], block)
        return chosen[0] if chosen else None

    def _plan(self, head: int | None, row: int | None) -> SpendingPlan | None:
        if head is None:
            return None
        c = self.cells
        points = []
        col = 2
        while col <= c.max_col and (label := c.text(head, col)):
            fig = c.figure(row, col, f"{label}支出计划") if row is not None else None
            m = CHECKPOINT.match(label)
            points.append(PlanPoint(label, int(m.group(1)) if m else 0, fig.value if fig else None,
                                    fig.raw if fig else "", c.src(row or head, col)))
            col += 1
        return SpendingPlan(c.text(head, 1), tuple(points), c.src(head, 1))

    # -- indicators ---------------------------------------------------------------------------------------------
    def _indicators(self, header: int, project: str) -> tuple[Indicator, ...]:
        c = self.cells
        for col in (*range(1, L.GOAL_WIDTH + 1), *range(L.GOAL_HELPER, L.GOAL_HELPER + 3)):
            c.raw(header, col)
        out: list[Indicator] = []
        level1 = ""
        for r in range(header + 1, c.max_row + 1):
            texts = [c.peek(r, col) for col in range(1, L.GOAL_WIDTH + 1)]
            helpers = [c.peek(r, col) for col in range(L.GOAL_HELPER, L.GOAL_HELPER + 3)]
            if not any(texts) and not any(helpers):
                continue
            own1 = c.text(r, 1)
            inherited = (not own1 and bool(out)) or (bool(own1) and c.kept(r, INHERITED + "A") == own1)
            if own1:
                level1 = own1
            elif not out:
                c.report("excel-required-missing", r, 1, field="一级指标")
            level2 = c.text(r, 2)
            name = c.text(r, 3)
            if not name:
                c.report("excel-required-missing", r, 3, field="三级指标")
            target = read_target_cells(c, r, 5, L.GOAL_HELPER, subject=name or project, role="target")
            if not target.raw:
                c.report("excel-required-missing", r, 5, field="指标值")
            check_levels(c, r, 1, 2, level1, level2, own_level1=bool(own1), own_level2=True)
            out.append(Indicator(
                level1=level1, level2=level2, name=name, description=c.text(r, 4), target=target,
                basis=c.text(r, 6) or None, source=c.src(r, 3), level1_inherited=inherited,
            ))
        return tuple(out)
