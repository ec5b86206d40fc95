"""The 绩效目标表 sheet of the Excel template (:mod:`jixiao.export.xlsx`): one project."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import xlsx_layout as L
from jixiao.export import xlsx_style as S
from jixiao.export.xlsx_sheet import INHERITED, Lists, Sheet, blank_labels, merge_runs, money_format
from jixiao.model.goals import Indicator, Project

# == 绩效目标表 ===================================================================================================


class GoalSheet(Sheet):
    def __init__(self, ws: Worksheet, project: Project, lists: Lists):
        super().__init__(ws, lists)
        self.p = project

    def write(self) -> None:
        ws, p, R, G = self.ws, self.p, L.GOAL_ROWS, L.GOAL_LABELS
        S.widths(ws, {1: 13, 2: 14, 3: 22, 4: 28, 5: 18, 6: 18, 7: 2, 8: 8, 9: 10, 10: 10})
        title = p.title or f"{p.number}.{p.name}绩效目标表"
        cell = ws.cell(R["title"], 1, title)
        cell.font, cell.alignment = S.TITLE_FONT, S.CENTER
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=L.GOAL_WIDTH)
        ws.row_dimensions[1].height = 32
        unit = f"{p.unit.code or ''}{p.unit.name}" if p.unit else None
        cell = ws.cell(R["unit"], 1, unit)
        cell.font, cell.alignment, cell.protection = S.BODY_FONT, S.LEFT, S.UNLOCKED
        ws.merge_cells(start_row=R["unit"], start_column=1, end_row=R["unit"], end_column=4)
        ws.cell(R["unit"], 5, f"单位：{p.money_unit}").alignment = S.RIGHT
        ws.merge_cells(start_row=R["unit"], start_column=5, end_row=R["unit"], end_column=6)
        S.label(ws, R["code"], 1, G["code"])
        S.entry(ws, R["code"], 2, p.code, to_col=3, number_format=L.TEXT_FORMAT)
        S.label(ws, R["code"], 4, G["name"])
        S.entry(ws, R["code"], 5, p.name, to_col=6)
        self._budget()
        self._plan()
        S.label(ws, R["goal"], 1, G["goal"])
        S.entry(ws, R["goal"], 2, p.goal, to_col=6)
        S.fit_height(ws, R["goal"], p.goal, 100, minimum=40)
        for c, text in enumerate(L.GOAL_HEADER, 1):
            S.label(ws, R["header"], c, text)
        self.helper_header(R["header"], L.GOAL_HELPER)
        last = self._indicators()
        self.finish(last, L.GOAL_WIDTH)

    def _budget(self) -> None:
        ws, p, R, G = self.ws, self.p, L.GOAL_ROWS, L.GOAL_LABELS
        S.label(ws, R["budget_head"], 1, G["budget_block"], to_row=R["budget"])
        for c, key in ((2, "budget"), (3, "fiscal"), (4, "other")):
            S.label(ws, R["budget_head"], c, G[key])
        S.label(ws, R["budget_head"], 5, G["purpose"], to_col=6)
        for c, value in ((2, p.budget), (3, p.fiscal_funds), (4, p.other_funds)):
            S.entry(ws, R["budget"], c, value, number_format=money_format(None if value is None else str(value)),
                    align=S.RIGHT)
            if value is not None:
                self.remember(R["budget"], c, format(value, "f"))
        S.entry(ws, R["budget"], 5, p.purpose, to_col=6)
        S.fit_height(ws, R["budget"], p.purpose, 34, minimum=30)
        self.numbers_only(f"B{R['budget']}:D{R['budget']}", "金额")

    def _plan(self) -> None:
        ws, p, R = self.ws, self.p, L.GOAL_ROWS
        plan = p.spending_plan
        S.label(ws, R["plan_head"], 1, plan.header if plan else L.GOAL_LABELS["plan"], to_row=R["plan"])
        points = [(pt.label, pt.amount, pt.raw) for pt in plan.points] if plan else \
            [(lbl, None, "") for lbl in L.PLAN_LABELS]
        for c, (text, amount, raw) in enumerate(points, 2):
            S.label(ws, R["plan_head"], c, text)
            S.entry(ws, R["plan"], c, amount, number_format=money_format(raw or None), align=S.RIGHT)
            if amount is not None:
                self.remember(R["plan"], c, raw)
        for c in range(len(points) + 2, L.GOAL_WIDTH + 1):  # frame the rest of the grid
            S.box(ws, R["plan_head"], c, R["plan"], c)
        self.numbers_only(f"B{R['plan']}:{get_column_letter(max(len(points) + 1, 2))}{R['plan']}", "支出计划金额")

    def _indicators(self) -> int:
        ws, first = self.ws, L.GOAL_FIRST_INDICATOR
        rows = self.p.indicators
        blank1 = blank_labels(rows, lambda i: i.level1, lambda i: i.level1_inherited)
        for k, ind in enumerate(rows):
            self._indicator(first + k, ind, blank1[k])
        last = first + len(rows) - 1
        merge_runs(ws, first, blank1, 1)
        spare_last = max(last, first - 1) + L.SPARE_ROWS
        span = f"{first}:{{c}}{spare_last}"
        self.validate("level1", "一级指标", "A" + span.format(c="A"))
        self.validate("level2", "二级指标", "B" + span.format(c="B"))
        self.validate("basis", "指标值确定依据", "F" + span.format(c="F"))
        helper = get_column_letter(L.GOAL_HELPER)
        self.validate("sign", "比较符", helper + span.format(c=helper), strict=True)
        unit = get_column_letter(L.GOAL_HELPER + 2)
        self.validate("unit", "计量单位", unit + span.format(c=unit))
        number = get_column_letter(L.GOAL_HELPER + 1)
        self.numbers_only(number + span.format(c=number), "数值")
        for r in range(max(last, first - 1) + 1, spare_last + 1):  # spare rows: editable, unframed
            for c in (*range(1, L.GOAL_WIDTH + 1), *range(L.GOAL_HELPER, L.GOAL_HELPER + 3)):
                cell = ws.cell(r, c)
                cell.protection = S.UNLOCKED
                cell.alignment = S.LEFT
                cell.font = S.BODY_FONT
                if c in (5, L.GOAL_HELPER, L.GOAL_HELPER + 2):
                    cell.number_format = L.TEXT_FORMAT
        return max(last, L.GOAL_ROWS["header"])

    def _indicator(self, r: int, ind: Indicator, blank1: bool) -> None:
        ws = self.ws
        S.entry(ws, r, 1, None if blank1 else ind.level1, align=S.CENTER)
        if ind.level1_inherited and not blank1:
            self.remember(r, 1, ind.level1, INHERITED)
        S.entry(ws, r, 2, ind.level2, align=S.CENTER)
        S.entry(ws, r, 3, ind.name)
        S.entry(ws, r, 4, ind.description)
        S.entry(ws, r, 5, ind.target.raw, number_format=L.TEXT_FORMAT, align=S.CENTER)
        S.entry(ws, r, 6, ind.basis, align=S.CENTER)
        self.target_helpers(r, L.GOAL_HELPER, ind.target)
        longest = max(len(ind.name) / 11, len(ind.description) / 14, len(ind.target.raw) / 9, 1)
        ws.row_dimensions[r].height = max(20, 14 * int(longest + 0.99) + 6)
