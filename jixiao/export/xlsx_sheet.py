"""What the Excel templates' sheets share (:mod:`jixiao.export.xlsx`): sheet names, the hidden
drop-down lists, number formats, and :class:`Sheet`, the cell writing of both kinds of sheet."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import xlsx_layout as L
from jixiao.export import xlsx_style as S
from jixiao.model.selfeval import Figure
from jixiao.model.target import TargetValue, ValueKind

INHERITED = L.INHERITED


def sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique (case-insensitive)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in wanted).strip("'") or "表"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name



class Lists:
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


def write_lists(wb: Workbook, bases: Iterable[str | None], units: Iterable[str | None]) -> Lists:
    ws = wb.create_sheet(L.LISTS_SHEET)
    columns = {
        "level1": ("一级指标", L.LEVEL1),
        "level2": ("二级指标", L.LEVEL2),
        "sign": ("比较符", L.SIGNS),
        "unit": ("计量单位", with_extra(L.UNITS, units)),
        "basis": ("指标值确定依据", with_extra(L.BASES, bases)),
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
    return Lists(ranges)


def with_extra(standard: tuple[str, ...], seen: Iterable[str | None]) -> tuple[str, ...]:
    """The standard list, then the document's own wordings in order of first use."""
    return tuple(dict.fromkeys([*standard, *(s for s in seen if s)]))


# == shared cell writing =======================================================================================


def plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimals(raw: str) -> int:
    digits = raw.replace(",", "").strip()
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def printed_percent_format(raw: str) -> str | None:
    """For a figure printed as a percentage ("100.93%"): a format that shows the stored number
    (100.93) with its % sign and its printed places, so the cell reads as printed; None otherwise."""
    text = raw.strip()
    if not text.endswith(("%", "％")):
        return None
    places = decimals(text.rstrip("%％"))
    return ("0." + "0" * places if places else "0") + '"%"'


def money_format(raw: str | None) -> str:
    """Two decimals (万元); more where the published text has more, so nothing is hidden."""
    places = decimals(raw) if raw else 2
    return L.MONEY_FORMAT if places <= 2 else L.MONEY_FORMAT + "#" * (places - 2)


class Sheet:
    width = 0

    def __init__(self, ws: Worksheet, lists: Lists):
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
            shown_as = number_format or printed_percent_format(fig.raw)
            S.entry(self.ws, row, col, fig.value, number_format=shown_as, align=S.RIGHT, locked=locked)
            self.remember(row, col, fig.raw)
        else:
            S.entry(self.ws, row, col, fig.raw, align=S.CENTER, locked=locked)

    def formula(self, row: int, col: int, formula: str, fig: Figure | None, computed: Decimal | None,
                number_format: str = "General") -> None:
        """A computed cell: the formula when the published value agrees with it (or there is
        none), else the published value, locked, with a comment giving the computed value."""
        if fig is None or (fig.value is not None and computed is not None and agrees(computed, fig.raw)):
            S.formula_entry(self.ws, row, col, formula, number_format=number_format, align=S.RIGHT, locked=True)
            self.ws.cell(row, col).fill = S.FORMULA_FILL
            if fig is not None:
                self.remember(row, col, fig.raw)
            return
        self.figure(row, col, fig, number_format, locked=True)
        shown = "无法计算" if computed is None else plain(computed)
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


def agrees(computed: Decimal, raw: str) -> bool:
    """``raw`` is ``computed`` rounded (half up) or cut at its printed number of decimals."""
    try:
        printed = Decimal(raw.replace(",", "").strip())
    except InvalidOperation:
        return False
    quantum = Decimal(1).scaleb(-min(decimals(raw), 12))
    try:
        return printed in (computed.quantize(quantum, ROUND_HALF_UP), computed.quantize(quantum, ROUND_DOWN))
    except InvalidOperation:
        return False



def blank_labels(rows: Sequence, label, inherited) -> list[bool]:
    """Which inherited 一级/二级 cells can be left blank (merged with the cell above): those
    whose label is the one above in the model. An inherited label that differs from the
    row above (its printed row was a placeholder the reader dropped) is written out, and the
    row's hidden column records that it was inherited."""
    out = []
    for k, row in enumerate(rows):
        out.append(bool(inherited(row)) and k > 0 and label(rows[k - 1]) == label(row))
    return out


def merge_runs(ws: Worksheet, first: int, inherited: Sequence[bool], col: int) -> None:
    """Merge a label cell over the rows below it that inherit it (as on the printed form)."""
    start = None
    for k, inh in enumerate([*inherited, False]):
        if not inh:
            if start is not None and k - 1 > start:
                ws.merge_cells(start_row=first + start, start_column=col, end_row=first + k - 1, end_column=col)
            start = k if k < len(inherited) else None


