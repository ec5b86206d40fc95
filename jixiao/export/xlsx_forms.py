"""The 绩效自评表 sheet of the Excel template (:mod:`jixiao.export.xlsx`): one self-evaluation form."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import xlsx_layout as L
from jixiao.export import xlsx_style as S
from jixiao.export.xlsx_sheet import INHERITED, Lists, Sheet, blank_labels, merge_runs, money_format, plain
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation

# == 绩效自评表 ===================================================================================================


class FormSheet(Sheet):
    def __init__(self, ws: Worksheet, form: SelfEvaluation, lists: Lists):
        super().__init__(ws, lists)
        self.f = form
        self.total_row: int | None = None
        self.subtotal_row: int | None = None

    def write(self) -> None:
        ws, f, R, F = self.ws, self.f, L.FORM_ROWS, L.FORM_LABELS
        S.widths(ws, {1: 14, 2: 16, 3: 14, 4: 22, 5: 16, 6: 16, 7: 10, 8: 10, 9: 24, 10: 2, 11: 8, 12: 10, 13: 10})
        for c in range(L.FORM_EXTRA, L.FORM_EXTRA + 4):
            ws.column_dimensions[get_column_letter(c)].width = 10
        cell = ws.cell(R["title"], 1, f.title or L.FORM_TITLE)
        cell.font, cell.alignment = S.TITLE_FONT, S.CENTER
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=L.FORM_WIDTH)
        ws.row_dimensions[1].height = 32
        year = ws.cell(R["year"], 1, f"（{f.year}年度）" if f.year is not None else None)
        year.alignment, year.font, year.protection = S.CENTER, S.BODY_FONT, S.UNLOCKED
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=L.FORM_WIDTH)
        unit = ws.cell(R["money_unit"], 1, f"单位：{f.money_unit}" if f.money_unit else None)
        unit.alignment, unit.font = S.RIGHT, S.BODY_FONT
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=L.FORM_WIDTH)
        for row, (k1, v1), (k2, v2) in ((R["project"], ("project", f.project), ("department", f.department)),
                                        (R["unit"], ("unit", f.unit), ("phone", f.phone))):
            S.label(ws, row, 1, F[k1])
            S.entry(ws, row, 2, v1, to_col=4)
            S.label(ws, row, 5, F[k2])
            S.entry(ws, row, 6, v2, to_col=9, number_format=L.TEXT_FORMAT if k2 == "phone" else None)
        row = self._budget(R["budget_head"])
        row = self._goals(row)
        row = self._indicators(row)
        row = self._totals(row)
        row = self._notes(row)
        self.finish(row - 1, L.FORM_WIDTH)

    # -- budget block -----------------------------------------------------------------------------------------
    def _budget(self, head: int) -> int:
        ws, f = self.ws, self.f
        lines = f.budget_lines
        S.label(ws, head, 1, f.budget_weight_label or L.FORM_LABELS["budget"], to_row=head + max(len(lines), 1))
        S.label(ws, head, 2, "")
        for c, text in enumerate(L.FORM_BUDGET_HEADER, 3):
            S.label(ws, head, c, text)
        S.label(ws, head, 9, "")
        total_seen = False
        for k, line in enumerate(lines):
            r = head + 1 + k
            is_total = not total_seen and L.TOTAL_LINE in line.name.replace(" ", "")
            total_seen = total_seen or is_total
            self._budget_line(r, line, is_total)
        if not lines:
            S.box(ws, head + 1, 2, head + 1, 9)
        end = head + max(len(lines), 1)
        self.numbers_only(f"C{head + 1}:F{end}", "金额和分值")
        if len(lines) > 0:
            self.extra_header(head)
        return end + 1

    def _budget_line(self, r: int, line: BudgetLine, is_total: bool) -> None:
        ws = self.ws
        S.entry(ws, r, 2, line.name)
        for c, fig in ((3, line.initial), (4, line.adjusted), (5, line.executed)):
            self.figure(r, c, fig, money_format(fig.raw if fig else None))
        self.figure(r, 6, line.weight)
        if is_total:
            self.total_row = r
            rate = _ratio(line.executed, line.adjusted)
            self.formula(r, 7, f'=IF(AND(ISNUMBER(D{r}),ISNUMBER(E{r}),N(D{r})<>0),E{r}/D{r},"")',
                         line.rate, rate, L.RATE_FORMAT)
            score = None
            if line.weight is not None and line.weight.value is not None:
                basis = _value(line.rate) if _value(line.rate) is not None else rate
                score = None if basis is None else min(line.weight.value, line.weight.value * basis)
            self.formula(r, 8, f'=IF(AND(ISNUMBER(F{r}),ISNUMBER(G{r})),MIN(F{r},F{r}*G{r}),"")',
                         line.score, score)
        else:
            self.figure(r, 7, line.rate)
            self.figure(r, 8, line.score)
        S.entry(ws, r, 9, None)
        self.extras(r, line.extra)

    def extra_header(self, row: int) -> None:
        cell = self.ws.cell(row, L.FORM_EXTRA, L.EXTRA_HEADER)
        cell.font = S.LABEL_FONT
        cell.comment = Comment("原表此行中不属于任何栏目的单元格（如重复的数字），原样保留。", "jixiao")

    def extras(self, r: int, figures: Sequence[Figure]) -> None:
        for k, fig in enumerate(figures):
            self.figure(r, L.FORM_EXTRA + k, fig)
            self.ws.cell(r, L.FORM_EXTRA + k).fill = S.HELPER

    # -- goals -------------------------------------------------------------------------------------------------
    def _goals(self, r: int) -> int:
        ws, f, F = self.ws, self.f, L.FORM_LABELS
        S.label(ws, r, 1, F["goals"], to_row=r + 1)
        S.label(ws, r, 2, F["goal_expected"], to_col=5)
        S.label(ws, r, 6, F["goal_actual"], to_col=9)
        S.entry(ws, r + 1, 2, f.goal_expected, to_col=5)
        S.entry(ws, r + 1, 6, f.goal_actual, to_col=9)
        longest = max(len(f.goal_expected or ""), len(f.goal_actual or ""))
        S.fit_height(ws, r + 1, "字" * longest, 66, minimum=40)
        return r + 2

    # -- indicators --------------------------------------------------------------------------------------------
    def _indicators(self, head: int) -> int:
        ws, f = self.ws, self.f
        rows = f.indicators
        S.label(ws, head, 1, f.indicator_weight_label or L.FORM_LABELS["indicators"], to_row=head + max(len(rows), 1))
        for c, text in enumerate(L.FORM_INDICATOR_HEADER, 2):
            S.label(ws, head, c, text)
        self.helper_header(head, L.FORM_HELPER)
        self.extra_header(head)
        first = head + 1
        blank1 = blank_labels(rows, lambda i: (i.level1, i.level1_points), lambda i: i.level1_inherited)
        blank2 = blank_labels(rows, lambda i: i.level2, lambda i: i.level2_inherited)
        for k, ind in enumerate(rows):
            self._indicator(first + k, ind, blank1[k], blank2[k])
        if not rows:
            S.box(ws, first, 2, first, 9)
        last = first + max(len(rows), 1) - 1
        merge_runs(ws, first, blank1, 2)
        merge_runs(ws, first, blank2, 3)
        self.validate("level1", "一级指标", f"B{first}:B{last}")
        self.validate("level2", "二级指标", f"C{first}:C{last}")
        helper = get_column_letter(L.FORM_HELPER)
        self.validate("sign", "比较符", f"{helper}{first}:{helper}{last}", strict=True)
        unit = get_column_letter(L.FORM_HELPER + 2)
        self.validate("unit", "计量单位", f"{unit}{first}:{unit}{last}")
        number = get_column_letter(L.FORM_HELPER + 1)
        self.numbers_only(f"{number}{first}:{number}{last}", "数值")
        self.numbers_only(f"G{first}:H{last}", "分值和得分")
        self.first_indicator, self.last_indicator = first, last
        return last + 1

    def _indicator(self, r: int, ind: IndicatorResult, blank1: bool, blank2: bool) -> None:
        ws = self.ws
        level1 = ind.level1 if ind.level1_points is None else f"{ind.level1}（{plain(ind.level1_points)}分）"
        S.entry(ws, r, 2, None if blank1 else level1, align=S.CENTER)
        S.entry(ws, r, 3, None if blank2 else ind.level2, align=S.CENTER)
        if ind.level1_inherited and not blank1:
            self.remember(r, 2, level1, INHERITED)
        if ind.level2_inherited and not blank2:
            self.remember(r, 3, ind.level2, INHERITED)
        S.entry(ws, r, 4, ind.name)
        S.entry(ws, r, 5, ind.target.raw, number_format=L.TEXT_FORMAT, align=S.CENTER)
        S.entry(ws, r, 6, ind.actual.raw, number_format=L.TEXT_FORMAT, align=S.CENTER)
        self.figure(r, 7, ind.weight)
        self.figure(r, 8, ind.score)
        S.entry(ws, r, 9, ind.deviation)
        self.target_helpers(r, L.FORM_HELPER, ind.target)
        self.extras(r, ind.extra)
        longest = max(len(ind.name) / 10, len(ind.target.raw) / 7, len(ind.deviation or "") / 11, 1)
        ws.row_dimensions[r].height = max(20, 14 * int(longest + 0.99) + 6)

    # -- 小计 / 总分 / explanation / notes -------------------------------------------------------------------------
    def _totals(self, r: int) -> int:
        ws, f, F = self.ws, self.f, L.FORM_LABELS
        first, last = self.first_indicator, self.last_indicator
        S.label(ws, r, 1, F["subtotal"], to_col=6)
        weights = _sum(i.weight for i in f.indicators)
        scores = _sum(i.score for i in f.indicators)
        self.formula(r, 7, f"=SUM(G{first}:G{last})", f.subtotal_weight, weights)
        self.formula(r, 8, f"=SUM(H{first}:H{last})", f.subtotal_score, scores)
        S.entry(ws, r, 9, None, locked=True)
        self.subtotal_row = r
        subtotal_line = f.subtotal_weight.source.line if f.subtotal_weight else None
        strays_here = [s for s in f.stray if subtotal_line is None or s.source.line == subtotal_line]
        self.extras(r, strays_here)
        t = r + 1
        S.label(ws, t, 1, F["total"], to_col=6)
        budget_score = None
        if self.total_row is not None:
            line = next((b for b in f.budget_lines if L.TOTAL_LINE in b.name.replace(" ", "")), None)
            budget_score = _value(line.score) if line else None
        total = None if budget_score is None or _value(f.subtotal_score) is None else \
            budget_score + _value(f.subtotal_score)  # type: ignore[operator]
        budget_cell = f"N(H{self.total_row})+" if self.total_row is not None else ""
        self.formula(t, 7, f"={budget_cell}N(H{r})", f.total, total)
        ws.merge_cells(start_row=t, start_column=7, end_row=t, end_column=8)
        S.box(ws, t, 7, t, 9)
        S.entry(ws, t, 9, None, locked=True)
        self.extras(t, [s for s in f.stray if s not in strays_here])
        u = t + 1
        S.label(ws, u, 1, f.low_score_label or F["low_score"], to_col=3)
        S.entry(ws, u, 4, f.low_score_explanation, to_col=9)
        S.fit_height(ws, u, f.low_score_label or F["low_score"], 36, minimum=45)
        return u + 1

    def _notes(self, r: int) -> int:
        ws = self.ws
        for note in self.f.notes:
            cell = ws.cell(r, 1, note)
            cell.font, cell.alignment = S.BODY_FONT, S.LEFT
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=L.FORM_WIDTH)
            S.fit_height(ws, r, note, 150, minimum=16)
            r += 1
        return r


def _value(fig: Figure | None) -> Decimal | None:
    return None if fig is None else fig.value


def _ratio(executed: Figure | None, adjusted: Figure | None) -> Decimal | None:
    b, a = _value(executed), _value(adjusted)
    if a is None or b is None or a == 0:
        return None
    return b / a


def _sum(figures: Iterable[Figure | None]) -> Decimal:
    return sum((f.value for f in figures if f is not None and f.value is not None), Decimal(0))
