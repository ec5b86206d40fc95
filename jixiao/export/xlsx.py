"""Write target tables (绩效目标表) and self-evaluation forms (绩效自评表) as Excel templates.

``write_workbook(doc, path)`` writes one sheet per project of a 绩效目标表 document, or one
sheet per form of a final-accounts document's self-evaluations, in the layout of the printed
tables (see :mod:`jixiao.xlsx_layout`). The workbook is both a faithful copy of what was
published and a form to fill in:

* every value as published: texts as written, numbers as numbers whose published text
  ("17.00", "99.5896603") is kept in the row's hidden column, so reading back is lossless;
* drop-down lists (一级/二级 指标, comparison sign, unit, 指标值确定依据) from a hidden sheet;
  values outside the lists are warned about in Excel but allowed, and checked on reading;
* where the form computes (执行率 = B/A, the execution score, 小计, 总分) a locked formula,
  provided the published value agrees with it at its printed precision; a published value
  that disagrees is kept as written, locked, with a comment giving the computed value —
  the template never corrects a document silently;
* sheet protection with every input cell unlocked (rows may be inserted and deleted);
* a hidden sheet ``_jixiao`` with the version tag, the kind and the source document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import xlsx_layout as L
from jixiao.export import xlsx_style as S
from jixiao.model.document import Document
from jixiao.model.goals import GoalTables, Indicator, Project
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.target import TargetValue, ValueKind

INHERITED = L.INHERITED


class ExportError(ValueError):
    """The document holds nothing that fits a template (message in Chinese)."""


def write_workbook(doc: Document, path: str | Path) -> Path:
    """Write the document's target tables or self-evaluation forms; return the path written."""
    if doc.goals is not None and doc.goals.projects:
        return write_goal_tables(doc.goals, path, source=doc.path)
    if doc.accounts is not None and doc.accounts.self_evaluations:
        a = doc.accounts
        meta = {"title": a.title, "department": a.department.name if a.department else None,
                "year": a.year, "money_unit": a.money_unit}
        return write_self_evaluations(a.self_evaluations, path, source=doc.path, meta=meta)
    raise ExportError(f"文档“{doc.path}”中没有绩效目标表或绩效自评表，无法导出为Excel模板")


# == workbook ================================================================================================


def write_goal_tables(goals: GoalTables, path: str | Path, *, source: str = "") -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    indicators = [i for p in goals.projects for i in p.indicators]
    lists = _lists(wb, [i.basis for i in indicators], [i.target.unit for i in indicators])
    names: set[str] = set()
    for project in goals.projects:
        title = f"{project.number}.{project.name}" if project.number is not None else project.name
        _GoalSheet(wb.create_sheet(_sheet_name(title, names)), project, lists).write()
    meta = {"title": goals.title, "department": goals.department.name if goals.department else None,
            "department_code": goals.department.code if goals.department else None, "year": goals.year}
    _meta(wb, L.KIND_GOALS, source, meta)
    return _save(wb, path)


def write_self_evaluations(forms: Sequence[SelfEvaluation], path: str | Path, *, source: str = "",
                           meta: dict[str, object] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    units = [v.unit for f in forms for i in f.indicators for v in (i.target, i.actual)]
    lists = _lists(wb, [], units)
    names: set[str] = set()
    for n, form in enumerate(forms, 1):
        _FormSheet(wb.create_sheet(_sheet_name(f"自评{n}.{form.project}", names)), form, lists).write()
    _meta(wb, L.KIND_FORMS, source, meta or {})
    return _save(wb, path)


def _save(wb: Workbook, path: str | Path) -> Path:
    p = Path(path)
    wb._sheets.sort(key=lambda ws: ws.sheet_state != "visible")  # the hidden sheets last (stable sort)
    wb.active = 0
    S.save(wb, p)
    return p


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique (case-insensitive)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in wanted).strip("'") or "表"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _meta(wb: Workbook, kind: str, source: str, meta: dict[str, object]) -> None:
    ws = wb.create_sheet(L.META_SHEET)
    rows = [("template", L.TEMPLATE_TAG), ("version", L.VERSION), ("kind", kind), ("source", source)]
    rows += [(k, "" if v is None else str(v)) for k, v in meta.items()]
    for r, (key, value) in enumerate(rows, 1):
        ws.cell(r, 1, key)
        ws.cell(r, 2, value).number_format = L.TEXT_FORMAT
    ws.sheet_state = "hidden"


class _Lists:
    """Cell ranges of the drop-down lists on the hidden ``_lists`` sheet."""

    def __init__(self, ranges: dict[str, str]):
        self.ranges = ranges

    def validation(self, name: str, title: str, *, strict: bool = False) -> DataValidation:
        dv = DataValidation(type="list", formula1=self.ranges[name], allow_blank=True)
        dv.errorStyle = "stop" if strict else "warning"
        dv.showErrorMessage = True
        dv.errorTitle = f"{title}不在列表中"
        dv.error = f"请从下拉列表中选择{title}。" + ("" if strict else "仍要填写列表外的内容，请点“是”。")
        dv.promptTitle = title
        dv.prompt = f"请从下拉列表中选择{title}"
        dv.showInputMessage = True
        return dv


def _lists(wb: Workbook, bases: Iterable[str | None], units: Iterable[str | None]) -> _Lists:
    ws = wb.create_sheet(L.LISTS_SHEET)
    columns = {
        "level1": ("一级指标", L.LEVEL1),
        "level2": ("二级指标", L.LEVEL2),
        "sign": ("比较符", L.SIGNS),
        "unit": ("计量单位", _with_extra(L.UNITS, units)),
        "basis": ("指标值确定依据", _with_extra(L.BASES, bases)),
    }
    ranges = {}
    for c, (key, (header, values)) in enumerate(columns.items(), 1):
        ws.cell(1, c, header)
        for r, value in enumerate(values, 2):
            ws.cell(r, c, value).number_format = L.TEXT_FORMAT
        letter = get_column_letter(c)
        ranges[key] = f"'{L.LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    for r, (level1, level2s) in enumerate(L.LEVEL2_BY_LEVEL1.items(), 2):  # the 一级 → 二级 table, for people
        ws.cell(r, 7, level1)
        ws.cell(r, 8, "、".join(level2s))
    ws.cell(1, 7, "一级指标")
    ws.cell(1, 8, "可选的二级指标")
    ws.sheet_state = "hidden"
    return _Lists(ranges)


def _with_extra(standard: tuple[str, ...], seen: Iterable[str | None]) -> tuple[str, ...]:
    """The standard list, then the document's own wordings in order of first use."""
    return tuple(dict.fromkeys([*standard, *(s for s in seen if s)]))


# == shared cell writing =======================================================================================


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimals(raw: str) -> int:
    digits = raw.replace(",", "").strip()
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _money_format(raw: str | None) -> str:
    """Two decimals (万元); more where the published text has more, so nothing is hidden."""
    places = _decimals(raw) if raw else 2
    return L.MONEY_FORMAT if places <= 2 else L.MONEY_FORMAT + "#" * (places - 2)


class _Sheet:
    width = 0

    def __init__(self, ws: Worksheet, lists: _Lists):
        self.ws = ws
        self.lists = lists
        self.raws: dict[int, dict[str, str]] = {}

    def remember(self, row: int, col: int, raw: str, prefix: str = "") -> None:
        """Keep a number's published text (or, with ``prefix``, a fact about a cell) in the
        row's hidden column."""
        self.raws.setdefault(row, {})[prefix + get_column_letter(col)] = raw

    def figure(self, row: int, col: int, fig: Figure | None, number_format: str | None = None,
               *, locked: bool = False) -> None:
        """A published figure: a number cell (its text remembered) or, for "-" and other
        non-numbers, the text as written."""
        if fig is None:
            S.entry(self.ws, row, col, None, number_format=number_format, align=S.RIGHT, locked=locked)
            return
        if fig.value is not None:
            S.entry(self.ws, row, col, fig.value, number_format=number_format, align=S.RIGHT, locked=locked)
            self.remember(row, col, fig.raw)
        else:
            S.entry(self.ws, row, col, fig.raw, align=S.CENTER, locked=locked)

    def formula(self, row: int, col: int, formula: str, fig: Figure | None, computed: Decimal | None,
                number_format: str = "General") -> None:
        """A computed cell: the formula when the published value agrees with it (or there is
        none), else the published value, locked, with a comment giving the computed value."""
        if fig is None or (fig.value is not None and computed is not None and _agrees(computed, fig.raw)):
            S.formula_entry(self.ws, row, col, formula, number_format=number_format, align=S.RIGHT, locked=True)
            self.ws.cell(row, col).fill = S.FORMULA_FILL
            if fig is not None:
                self.remember(row, col, fig.raw)
            return
        self.figure(row, col, fig, number_format, locked=True)
        shown = "无法计算" if computed is None else _plain(computed)
        self.ws.cell(row, col).comment = Comment(
            f"原表数值“{fig.raw}”与本表公式（{formula}）的计算结果{shown}不一致，保留原表数值。", "jixiao")

    def target_helpers(self, row: int, col: int, target: TargetValue | None) -> None:
        """比较符 / 数值 / 计量单位 of a 指标值: filled from the parsed value, with drop-downs."""
        sign = number = unit = None
        if target is not None and target.kind in (ValueKind.NUMBER, ValueKind.DURATION):
            sign = target.comparison.value if target.comparison else None
            number, unit = target.number, target.unit
        for offset, value in enumerate((sign, number, unit)):
            S.entry(self.ws, row, col + offset, value, align=S.CENTER,
                    number_format=L.TEXT_FORMAT if offset != 1 else "General")
            self.ws.cell(row, col + offset).fill = S.HELPER

    def helper_header(self, row: int, col: int) -> None:
        for offset, text in enumerate(L.HELPER_HEADERS):
            S.label(self.ws, row, col + offset, text, fill=False)
            self.ws.cell(row, col + offset).fill = S.HELPER
            self.ws.cell(row, col + offset).comment = Comment(
                "填报辅助列（可选）：可按比较符、数值、计量单位分别填写；“指标值”栏为空时由这三栏组成。"
                "两处都填写时以“指标值”栏为准。", "jixiao")

    def validate(self, name: str, title: str, cells: str, *, strict: bool = False) -> None:
        dv = self.lists.validation(name, title, strict=strict)
        self.ws.add_data_validation(dv)
        dv.add(cells)

    def numbers_only(self, cells: str, title: str) -> None:
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
        dv.errorStyle = "stop"
        dv.showErrorMessage = True
        dv.errorTitle = f"{title}应为数字"
        dv.error = f"{title}请填写数字（不要填写单位或文字）。"
        self.ws.add_data_validation(dv)
        dv.add(cells)

    def finish(self, last_row: int, print_width: int) -> None:
        ws = self.ws
        ws.cell(1, L.RAW_COLUMN, L.RAW_HEADER)
        for row, raws in sorted(self.raws.items()):
            ws.cell(row, L.RAW_COLUMN, json.dumps(raws, ensure_ascii=False)).protection = S.UNLOCKED
        ws.column_dimensions[get_column_letter(L.RAW_COLUMN)].hidden = True
        ws.print_area = f"A1:{get_column_letter(print_width)}{last_row}"
        ws.page_setup.orientation = "landscape" if print_width > 6 else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        prot = ws.protection
        prot.sheet = True
        prot.insertRows = False  # False = allowed: units add indicator rows
        prot.deleteRows = False
        prot.formatRows = False
        prot.formatColumns = False
        prot.autoFilter = False


def _agrees(computed: Decimal, raw: str) -> bool:
    """``raw`` is ``computed`` rounded (half up) or cut at its printed number of decimals."""
    try:
        printed = Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        return False
    quantum = Decimal(1).scaleb(-min(_decimals(raw), 12))
    try:
        return printed in (computed.quantize(quantum, ROUND_HALF_UP), computed.quantize(quantum, ROUND_DOWN))
    except InvalidOperation:
        return False


# == 绩效目标表 ===================================================================================================


class _GoalSheet(_Sheet):
    def __init__(self, ws: Worksheet, project: Project, lists: _Lists):
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
            S.entry(ws, R["budget"], c, value, number_format=_money_format(None if value is None else str(value)),
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
            S.entry(ws, R["plan"], c, amount, number_format=_money_format(raw or None), align=S.RIGHT)
            if amount is not None:
                self.remember(R["plan"], c, raw)
        for c in range(len(points) + 2, L.GOAL_WIDTH + 1):  # frame the rest of the grid
            S.box(ws, R["plan_head"], c, R["plan"], c)
        self.numbers_only(f"B{R['plan']}:{get_column_letter(max(len(points) + 1, 2))}{R['plan']}", "支出计划金额")

    def _indicators(self) -> int:
        ws, first = self.ws, L.GOAL_FIRST_INDICATOR
        rows = self.p.indicators
        blank1 = _blank_labels(rows, lambda i: i.level1, lambda i: i.level1_inherited)
        for k, ind in enumerate(rows):
            self._indicator(first + k, ind, blank1[k])
        last = first + len(rows) - 1
        _merge_runs(ws, first, blank1, 1)
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


def _blank_labels(rows: Sequence, label, inherited) -> list[bool]:
    """Which inherited 一级/二级 cells can be left blank (merged with the cell above): those
    whose label is the one above in the model. An inherited label that differs from the
    row above (its printed row was a placeholder the reader dropped) is written out, and the
    row's hidden column records that it was inherited."""
    out = []
    for k, row in enumerate(rows):
        out.append(bool(inherited(row)) and k > 0 and label(rows[k - 1]) == label(row))
    return out


def _merge_runs(ws: Worksheet, first: int, inherited: Sequence[bool], col: int) -> None:
    """Merge a label cell over the rows below it that inherit it (as on the printed form)."""
    start = None
    for k, inh in enumerate([*inherited, False]):
        if not inh:
            if start is not None and k - 1 > start:
                ws.merge_cells(start_row=first + start, start_column=col, end_row=first + k - 1, end_column=col)
            start = k if k < len(inherited) else None


# == 绩效自评表 ===================================================================================================


class _FormSheet(_Sheet):
    def __init__(self, ws: Worksheet, form: SelfEvaluation, lists: _Lists):
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
            self.figure(r, c, fig, _money_format(fig.raw if fig else None))
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
        blank1 = _blank_labels(rows, lambda i: (i.level1, i.level1_points), lambda i: i.level1_inherited)
        blank2 = _blank_labels(rows, lambda i: i.level2, lambda i: i.level2_inherited)
        for k, ind in enumerate(rows):
            self._indicator(first + k, ind, blank1[k], blank2[k])
        if not rows:
            S.box(ws, first, 2, first, 9)
        last = first + max(len(rows), 1) - 1
        _merge_runs(ws, first, blank1, 2)
        _merge_runs(ws, first, blank2, 3)
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
        level1 = ind.level1 if ind.level1_points is None else f"{ind.level1}（{_plain(ind.level1_points)}分）"
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
