"""The monitoring Excel template in the 河南 layout (rules.md §3.5, 项目支出绩效监控情况表).

One sheet per project and checkpoint, 14 columns A–N::

    1  项目支出绩效监控情况表                                         (A:N)
    2  （2023年1-7月）                                                (A:N)
    3  项目名称 | name (B:F) | 项目编码 (G:H) | code (I:N)
    4  实施单位 | unit (B:F) | 监控时点 (G:H) | 1-7月 (I:N)
    5  年初预算数 | 1-7月执行数 | 1-7月执行率 | 全年预计执行数 | 预算执行偏差原因 (E:F)
       | 经费保障 … 其他 (G:K) | 原因说明 (L) | 备注（措施） (M:N)
    6  17.00 | input | =B6/A6 | input | （勾选√） | √ … | input | input
    8  一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-7月执行情况 | 全年预计完成情况
       | 偏差原因分析 (G:L) | 完成目标可能性 (M) | 备注 (N)
    9  (G:L) 经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他 | 原因说明
    10… one leaf indicator per row (一级…年度指标值 pre-filled from the goal table)

The 偏差原因 columns take "√" (a drop-down; ✓, ✔, 是, 1, x too), 完成目标可能性 a drop-down of
确定能 / 有可能 / 完全不可能. A hidden ``_jixiao`` sheet records the template kind, version, year
and checkpoint month. :func:`read_template` finds the blocks by their labels (so inserted rows
and moved blocks still read), never raises, and reports every problem as a finding naming the
sheet, row and column (``工作表“…”第12行第M列（M12）``).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.xlsx_style import CENTER, RIGHT, TITLE_FONT, entry, formula_entry, label, merge, save, widths
from jixiao.findings import make_finding
from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.ingest.xlsx.cells import cell_text, to_decimal
from jixiao.model.finding import Finding
from jixiao.model.goals import Project
from jixiao.model.source import Source
from jixiao.model.target import EMPTY
from jixiao.monitor.model import CAUSES, Checkpoint, IndicatorProgress, Likelihood, MonitoringReport

TITLE = "项目支出绩效监控情况表"
KIND = "monitoring"
VERSION = "1"
META_SHEET = "_jixiao"
MARK = "√"
MARKS = frozenset({"√", "✓", "✔", "是", "1", "x", "X", "×", "☑"})
NCOLS = 14
COL = {"level1": 1, "level2": 2, "name": 3, "target": 4, "progress": 5, "expected": 6,
       **{c: 7 + i for i, c in enumerate(CAUSES)}, "explanation": 12, "likelihood": 13, "measures": 14}
BUDGET_COL = {"budget": 1, "executed": 2, "rate": 3, "expected_executed": 4,
              **{c: 7 + i for i, c in enumerate(CAUSES)}, "explanation": 12, "measures": 13}
ROW = {"title": 1, "period": 2, "name": 3, "unit": 4, "budget_head": 5, "budget": 6, "header": 8, "first": 10}
MONEY = "#,##0.00"


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def write_template(project: Project, checkpoint: Checkpoint, out: str | Path, *, year: int | None = None,
                   report: MonitoringReport | None = None) -> Path:
    """The template for ``project`` at ``checkpoint``, pre-filled from the goal table (names,
    indicators, 年度指标值, 年初预算数); with ``report`` the monitoring values are filled in too."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(project.name)
    _write_sheet(ws, project, checkpoint, year, report)
    meta = wb.create_sheet(META_SHEET)
    for r, (k, v) in enumerate((("template", "jixiao-template"), ("kind", KIND), ("version", VERSION),
                                ("year", year or ""), ("month", checkpoint.month), ("label", checkpoint.label),
                                ("project", project.name), ("code", project.code or "")), 1):
        meta.cell(r, 1, k)
        meta.cell(r, 2, str(v))
    meta.sheet_state = "hidden"
    save(wb, out)
    return Path(out)


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "监控"
    return cleaned[:31]


def _write_sheet(ws: Worksheet, project: Project, cp: Checkpoint, year: int | None, rep: MonitoringReport | None):
    label_ = cp.label
    widths(ws, {1: 11, 2: 13, 3: 22, 4: 13, 5: 13, 6: 13, 7: 6, 8: 6, 9: 6, 10: 7, 11: 6, 12: 24, 13: 11, 14: 24})
    ws.cell(ROW["title"], 1, TITLE).font = TITLE_FONT
    ws.cell(ROW["title"], 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=NCOLS)
    ws.cell(ROW["period"], 1, f"（{year or ''}年{label_}）" if year else f"（{label_}）").alignment = CENTER
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=NCOLS)
    unit = project.unit.name if project.unit else (rep.unit if rep else "")
    label(ws, ROW["name"], 1, "项目名称")
    entry(ws, ROW["name"], 2, project.name, to_col=6, locked=True)
    label(ws, ROW["name"], 7, "项目编码", to_col=8)
    entry(ws, ROW["name"], 9, project.code or "", to_col=NCOLS, locked=True)
    label(ws, ROW["unit"], 1, "实施单位")
    entry(ws, ROW["unit"], 2, unit, to_col=6)
    label(ws, ROW["unit"], 7, "监控时点", to_col=8)
    entry(ws, ROW["unit"], 9, label_, to_col=NCOLS)

    h, v = ROW["budget_head"], ROW["budget"]
    for key, text in (("budget", "年初预算数"), ("executed", f"{label_}执行数"), ("rate", f"{label_}执行率"),
                      ("expected_executed", "全年预计执行数")):
        label(ws, h, BUDGET_COL[key], text)
    label(ws, h, 5, "预算执行偏差原因", to_col=6)
    for c in CAUSES:
        label(ws, h, BUDGET_COL[c], c)
    label(ws, h, BUDGET_COL["explanation"], "原因说明")
    label(ws, h, BUDGET_COL["measures"], "备注（措施）", to_col=NCOLS)
    budget = rep.budget if rep and rep.budget is not None else project.budget
    entry(ws, v, 1, budget, number_format=MONEY, align=RIGHT)
    entry(ws, v, 2, rep.executed if rep else None, number_format=MONEY, align=RIGHT)
    formula_entry(ws, v, 3, f'=IF(AND(ISNUMBER(A{v}),A{v}<>0,ISNUMBER(B{v})),B{v}/A{v},"")', number_format="0.00%",
          align=RIGHT, locked=True)
    entry(ws, v, 4, rep.expected_executed if rep else None, number_format=MONEY, align=RIGHT)
    entry(ws, v, 5, "（勾选√）", to_col=6, locked=True, align=CENTER)
    for c in CAUSES:
        entry(ws, v, BUDGET_COL[c], MARK if rep and c in rep.budget_causes else None, align=CENTER)
    entry(ws, v, BUDGET_COL["explanation"], rep.budget_explanation if rep else None)
    entry(ws, v, BUDGET_COL["measures"], rep.budget_measures if rep else None, to_col=NCOLS)

    h = ROW["header"]
    for key, text in (("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标"), ("target", "年度指标值"),
                      ("progress", f"{label_}执行情况"), ("expected", "全年预计完成情况"),
                      ("likelihood", "完成目标可能性"), ("measures", "备注")):
        label(ws, h, COL[key], text, to_row=h + 1)
    label(ws, h, COL[CAUSES[0]], "偏差原因分析", to_col=COL["explanation"])
    for c in CAUSES:
        label(ws, h + 1, COL[c], c)
    label(ws, h + 1, COL["explanation"], "原因说明")

    given = {i.name: i for i in rep.indicators} if rep else {}
    row = ROW["first"]
    for ind in project.indicators:
        got = given.get(ind.name)
        for key, value in (("level1", ind.level1), ("level2", ind.level2), ("name", ind.name),
                           ("target", ind.target.raw)):
            entry(ws, row, COL[key], value, locked=True)
        entry(ws, row, COL["progress"], got.progress.raw if got else None)
        entry(ws, row, COL["expected"], got.expected.raw if got else None)
        for c in CAUSES:
            entry(ws, row, COL[c], MARK if got and c in got.causes else None, align=CENTER)
        entry(ws, row, COL["explanation"], got.explanation if got else None)
        entry(ws, row, COL["likelihood"], str(got.likelihood) if got and got.likelihood else None, align=CENTER)
        entry(ws, row, COL["measures"], got.measures if got else None)
        row += 1
    last = max(row - 1, ROW["first"])
    _validations(ws, v, last)
    merge(ws, ROW["title"], 1, ROW["title"], 1)
    ws.freeze_panes = ws.cell(ROW["first"], 4)
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _validations(ws: Worksheet, budget_row: int, last: int) -> None:
    marks = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True)
    marks.prompt, marks.promptTitle, marks.showInputMessage = "存在此方面原因的，打“√”", "偏差原因", True
    ws.add_data_validation(marks)
    first_c, last_c = get_column_letter(COL[CAUSES[0]]), get_column_letter(COL[CAUSES[-1]])
    marks.add(f"{first_c}{budget_row}:{last_c}{budget_row}")
    marks.add(f"{first_c}{ROW['first']}:{last_c}{last}")
    likely = DataValidation(type="list", formula1='"' + ",".join(str(x) for x in Likelihood) + '"', allow_blank=True)
    likely.error, likely.errorTitle = "请选择：确定能、有可能、完全不可能", "完成目标可能性"
    likely.showErrorMessage = True
    ws.add_data_validation(likely)
    col = get_column_letter(COL["likelihood"])
    likely.add(f"{col}{ROW['first']}:{col}{last}")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


class _Sheet:
    def __init__(self, path: str, ws: Worksheet, findings: list[Finding]):
        self.path, self.ws, self.findings, self.name = path, ws, findings, ws.title

    def where(self, row: int, col: int | None = None) -> str:
        if col is None:
            return f"工作表“{self.name}”第{row}行"
        letter = get_column_letter(col)
        return f"工作表“{self.name}”第{row}行第{letter}列（{letter}{row}）"

    def src(self, row: int, col: int | None = None) -> Source:
        return Source(self.path, table=self.name, row=row, column=col)

    def report(self, code: str, row: int, col: int | None = None, **kw: object) -> None:
        self.findings.append(make_finding(code, self.src(row, col), at=self.where(row, col), sheet=self.name, **kw))

    def text(self, row: int, col: int) -> str:
        cell = self.ws._cells.get((row, col))
        if cell is None or cell.value is None:
            return ""
        return cell_text(cell.value, cell.number_format or "General")

    def number(self, row: int, col: int, field: str) -> Decimal | None:
        cell = self.ws._cells.get((row, col))
        value = None if cell is None else cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = to_decimal(value)
        if number is not None:
            return number
        if isinstance(value, str) and value.startswith("="):
            return None  # a formula Excel has not computed (the rate): recomputed by the engine
        parsed = parse_decimal(str(value).replace("万元", "").strip())
        if parsed is None:
            self.report("excel-number-invalid", row, col, field=field, text=str(value))
        return parsed

    def find(self, wanted: str, *, rows: range | None = None) -> tuple[int, int] | None:
        for row in rows or range(1, self.ws.max_row + 1):
            for col in range(1, min(self.ws.max_column, 40) + 1):
                if self.text(row, col).replace(" ", "") == wanted:
                    return row, col
        return None

    def find_suffix(self, row: int, suffix: str, exclude: str = "") -> int | None:
        for col in range(1, min(self.ws.max_column, 40) + 1):
            t = self.text(row, col).replace(" ", "")
            if t.endswith(suffix) and (not exclude or exclude not in t):
                return col
        return None


def read_template(path: str | Path) -> tuple[list[MonitoringReport], list[Finding]]:
    """Every monitoring sheet of the workbook as a report, and the findings. Never raises."""
    name = str(path)
    findings: list[Finding] = []
    try:
        wb = load_workbook(name, data_only=False)
    except Exception as exc:  # not a workbook, damaged, missing
        findings.append(make_finding("file-unreadable", Source(name), reason=f"{type(exc).__name__}: {exc}"))
        return [], findings
    meta = _meta(wb)
    reports: list[MonitoringReport] = []
    for ws in wb.worksheets:
        if ws.title == META_SHEET or ws.sheet_state != "visible":
            continue
        sheet = _Sheet(name, ws, findings)
        try:
            if sheet.find("三级指标", rows=range(1, min(ws.max_row, 60) + 1)) is None:
                findings.append(make_finding("excel-sheet-unrecognised", Source(name, table=ws.title), sheet=ws.title))
                continue
            reports.append(_read_sheet(sheet, meta))
        except Exception as exc:  # a reader never raises: the sheet is skipped with a finding
            findings.append(make_finding("excel-sheet-failed", Source(name, table=ws.title), sheet=ws.title,
                                         error=f"{type(exc).__name__}: {exc}"))
    return reports, findings


def _meta(wb) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        return {}
    ws = wb[META_SHEET]
    return {str(ws.cell(r, 1).value): str(ws.cell(r, 2).value or "") for r in range(1, ws.max_row + 1)
            if ws.cell(r, 1).value is not None}


def _right_of(sheet: _Sheet, label_text: str) -> tuple[str, int | None]:
    """The text right of a label cell (skipping the label's merged width)."""
    at = sheet.find(label_text, rows=range(1, min(sheet.ws.max_row, 20) + 1))
    if at is None:
        return "", None
    row, col = at
    for c in range(col + 1, min(sheet.ws.max_column, NCOLS) + 1):
        t = sheet.text(row, c)
        if t:
            return t, row
    return "", row


def _checkpoint(sheet: _Sheet, meta: dict[str, str], header_row: int) -> Checkpoint:
    text, row = _right_of(sheet, "监控时点")
    if text:
        cp = Checkpoint.parse(text)
        if cp is not None:
            return cp
        sheet.report("monitor-checkpoint-unreadable", row or 1, 9, text=text)
    col = sheet.find_suffix(header_row, "执行情况", exclude="全年")
    if col is not None:
        cp = Checkpoint.parse(sheet.text(header_row, col).replace(" ", "")[: -len("执行情况")])
        if cp is not None:
            return cp
    month = meta.get("month", "")
    if month.isdigit() and 1 <= int(month) <= 12:
        return Checkpoint(int(month), meta.get("label") or f"{month}月底")
    sheet.report("monitor-checkpoint-unreadable", header_row, col, text=text or "（空）")
    return Checkpoint(12, "未知时点")


def _columns(sheet: _Sheet, header_row: int) -> dict[str, int]:
    cols: dict[str, int] = {}
    names = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "年度指标值": "target",
             "全年预计完成情况": "expected", "完成目标可能性": "likelihood", "备注": "measures",
             "原因说明": "explanation",
             **{c: c for c in CAUSES}}
    for row in (header_row, header_row + 1):
        for col in range(1, min(sheet.ws.max_column, 40) + 1):
            key = names.get(sheet.text(row, col).replace(" ", ""))
            if key and key not in cols:
                cols[key] = col
    progress = sheet.find_suffix(header_row, "执行情况", exclude="全年")
    if progress is not None:
        cols["progress"] = progress
    return cols


def _read_sheet(sheet: _Sheet, meta: dict[str, str]) -> MonitoringReport:
    header_row, _ = sheet.find("三级指标") or (ROW["header"], COL["name"])
    cp = _checkpoint(sheet, meta, header_row)
    project, _ = _right_of(sheet, "项目名称")
    code, _ = _right_of(sheet, "项目编码")
    unit, _ = _right_of(sheet, "实施单位")
    if not project:
        sheet.report("excel-required-missing", ROW["name"], 2, field="项目名称")
    year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    budget = _budget(sheet)
    cols = _columns(sheet, header_row)
    for need in ("name", "progress", "likelihood"):
        if need not in cols:
            sheet.findings.append(make_finding("excel-block-missing", sheet.src(header_row), sheet=sheet.name,
                                               block={"name": "三级指标", "progress": "执行情况",
                                                      "likelihood": "完成目标可能性"}[need]))
    indicators = []
    for row in range(header_row + 2, sheet.ws.max_row + 1):
        ind = _indicator(sheet, row, cols)
        if ind is not None:
            indicators.append(ind)
    return MonitoringReport(
        project=project, code=code or None, unit=unit or None, year=year, checkpoint=cp,
        executed=budget.get("executed"), indicators=tuple(indicators), budget=budget.get("budget"),
        expected_executed=budget.get("expected_executed"), budget_causes=budget.get("causes", ()),
        budget_explanation=budget.get("explanation"), budget_measures=budget.get("measures"),
        source=Source(sheet.path, table=sheet.name, row=1),
    )


def _budget(sheet: _Sheet) -> dict:
    at = sheet.find("年初预算数")
    if at is None:
        sheet.findings.append(make_finding("excel-block-missing", sheet.src(1), sheet=sheet.name, block="年初预算数"))
        return {}
    head, _ = at
    row = head + 1
    out: dict = {}
    for col in range(1, min(sheet.ws.max_column, 40) + 1):
        title = sheet.text(head, col).replace(" ", "")
        if title == "年初预算数":
            out["budget"] = sheet.number(row, col, title)
        elif title.endswith("执行数") and not title.startswith("全年"):
            out["executed"] = sheet.number(row, col, title)
            if not sheet.text(row, col):
                sheet.report("excel-required-missing", row, col, field="累计执行数")
        elif title == "全年预计执行数":
            out["expected_executed"] = sheet.number(row, col, title)
        elif title == "原因说明":
            out["explanation"] = sheet.text(row, col) or None
        elif title.startswith("备注"):
            out["measures"] = sheet.text(row, col) or None
        elif title in CAUSES and _mark(sheet, row, col, title):
            out["causes"] = (*out.get("causes", ()), title)
    return out


def _mark(sheet: _Sheet, row: int, col: int, field: str) -> bool:
    text = sheet.text(row, col).strip()
    if not text:
        return False
    if text not in MARKS:
        sheet.report("monitor-cause-mark-invalid", row, col, field=field, text=text)
    return True


def _indicator(sheet: _Sheet, row: int, cols: dict[str, int]) -> IndicatorProgress | None:
    def get(key: str) -> str:
        return sheet.text(row, cols[key]).strip() if key in cols else ""

    name = get("name")
    filled = {k: get(k) for k in cols if k not in ("level1", "level2")}
    if not name and not any(filled.values()):
        return None
    if not name:
        sheet.report("excel-required-missing", row, cols.get("name"), field="三级指标")
        return None
    likely_text = get("likelihood")
    likelihood = None
    if likely_text:
        try:
            likelihood = Likelihood(likely_text)
        except ValueError:
            sheet.report("monitor-likelihood-invalid", row, cols["likelihood"], text=likely_text)
    causes = tuple(c for c in CAUSES if c in cols and _mark(sheet, row, cols[c], c))
    progress_text = get("progress")
    if not progress_text:
        sheet.report("excel-required-missing", row, cols.get("progress"), field="执行情况")
    target = parse_target(get("target")).value if get("target") else EMPTY
    ind = IndicatorProgress(
        level1=get("level1"), level2=get("level2"), name=name, target=target,
        progress=parse_target(progress_text).value if progress_text else EMPTY,
        expected=parse_target(get("expected")).value if get("expected") else EMPTY,
        likelihood=likelihood, causes=causes, explanation=get("explanation") or None,
        measures=get("measures") or None, source=sheet.src(row),
    )
    return replace(ind)
