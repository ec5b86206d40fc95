"""``read_workbook(path)`` → :class:`~jixiao.model.Document`, from a filled template or a plain workbook.

``read_workbook_bytes(data, path)`` reads the same from the bytes of a file (an upload).
A workbook written by :mod:`jixiao.export.xlsx` has a hidden sheet ``_jixiao`` with the
template tag, version and kind; each visible sheet is then recognised by its labels as a
绩效目标表 or a 绩效自评表 and read by its layout. Any other sheet — and every sheet of a
workbook people made themselves — is read by its header names (:mod:`jixiao.ingest.xlsx.plain`).

The result is the same model the text readers give: a 绩效目标表 workbook is a
``goal_tables`` document; a workbook of self-evaluation forms is a ``final_accounts``
document holding only ``self_evaluations`` (no disclosure tables, narrative or reports).
Locations are ``Source(path, table=sheet name, row=…, column=…)``. Reading never raises:
an unreadable file, a broken sheet or a wrong cell becomes a finding.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

from jixiao import xlsx_layout as L
from jixiao.ingest.context import ReadContext
from jixiao.ingest.errors import original_text
from jixiao.ingest.limits import LIMITS, megabytes
from jixiao.ingest.xlsx.cells import SheetCells
from jixiao.ingest.xlsx.plain import read_plain_sheet
from jixiao.ingest.xlsx.read_forms import FormSheetReader, is_form_sheet
from jixiao.ingest.xlsx.read_goals import GoalSheetReader, is_goal_sheet
from jixiao.ingest.xlsx.sheet_text import SheetContext, sheet_lines
from jixiao.model.document import Document, FinalAccounts, RawText
from jixiao.model.goals import Department, GoalTables, Project
from jixiao.model.selfeval import SelfEvaluation
from jixiao.model.source import Source


def read_workbook(path: str | Path) -> Document:
    return _read(path, str(path))


def read_workbook_bytes(data: bytes, path: str = "<input>") -> Document:
    return _read(data, path)


def zip_bomb_reason(source: str | Path | bytes) -> str | None:
    """Why a workbook must not be unpacked (its parts would fill the memory), from the zip
    directory alone — before any XML is parsed; None when it is within the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip at all: openpyxl's own reading says so below
    total = sum(p.file_size for p in parts)
    if total > LIMITS.xlsx_unpacked_bytes:
        return (f"Excel 工作簿解压后有 {megabytes(total)}，超过上限 {megabytes(LIMITS.xlsx_unpacked_bytes)}"
                "（JIXIAO_MAX_XLSX_UNPACKED_MB），未读取")
    for p in parts:
        if p.compress_size and p.file_size / p.compress_size > LIMITS.xlsx_ratio and p.file_size > 1024 * 1024:
            ratio = p.file_size // p.compress_size
            return f"Excel 工作簿中的“{p.filename}”压缩比异常（{ratio} 倍），疑为压缩炸弹，未读取"
    return None


def _read(source: str | Path | bytes, path: str) -> Document:
    ctx = ReadContext(path, [])
    bomb = zip_bomb_reason(source)
    if bomb is not None:
        ctx.report("file-unreadable", Source(str(path)), reason=bomb)
        return _document(ctx, "unknown", None, None, [])
    try:
        from openpyxl import load_workbook

        def load(data_only: bool):
            return load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, data_only=data_only)

        with warnings.catch_warnings():  # openpyxl's notes on unsupported extensions are not the user's concern
            warnings.simplefilter("ignore")
            wb = load(False)
            values = load(True)
    except Exception as e:  # a broken or foreign file must not stop the caller
        reason = "不是可读取的Excel工作簿（文件已损坏，或不是 .xlsx 格式）"
        ctx.report("file-unreadable", Source(str(path)), reason=reason, original=original_text(e))
        return _document(ctx, "unknown", None, None, [])
    meta = _meta(wb)
    if meta.get("template") == L.TEMPLATE_TAG and meta.get("version") != L.VERSION:
        ctx.report("excel-template-version", Source(str(path), table=L.META_SHEET), sheet=L.META_SHEET,
                   version=meta.get("version", ""), expected=L.VERSION)
    whole = _department_targets(ctx, wb, values)
    if whole is not None:
        return whole
    projects: list[Project] = []
    forms: list[SelfEvaluation] = []
    unplaced: list[RawText] = []
    for ws in wb.worksheets:
        if ws.title in (L.META_SHEET, L.LISTS_SHEET) or ws.sheet_state != "visible":
            continue
        try:
            cells = SheetCells(ctx, ws, values[ws.title])
            if is_goal_sheet(cells):
                projects.append(GoalSheetReader(cells, unplaced).read())
            elif is_form_sheet(cells):
                forms.append(FormSheetReader(cells, unplaced).read())
            else:
                projects.extend(read_plain_sheet(cells, unplaced))
            cells.leftovers(unplaced)
        except Exception as e:  # guard: one broken sheet must not lose the others
            ctx.report("excel-sheet-failed", Source(str(path), table=ws.title), sheet=ws.title,
                       error=f"{type(e).__name__}: {e}")
    src = Source(str(path))
    department = Department(meta["department"], meta.get("department_code") or None) if meta.get("department") \
        else None
    year = int(meta["year"]) if meta.get("year", "").isdigit() else None
    title = meta.get("title") or None
    if forms and not projects:
        accounts = FinalAccounts(department, year, title, meta.get("money_unit") or None, (), (), (), None,
                                 tuple(forms), (), src)
        return _document(ctx, "final_accounts", None, accounts, unplaced)
    if forms:  # both kinds in one workbook: the target tables are the document, the forms are reported
        for form in forms:
            ctx.report("excel-mixed-kinds", form.source, sheet=form.source.table)
    if projects:
        return _document(ctx, "goal_tables", GoalTables(department, year, title, tuple(projects), src), None, unplaced)
    ctx.report("document-kind-unknown", src)
    return _document(ctx, "unknown", None, None, unplaced)


def _department_targets(ctx: ReadContext, wb, values) -> Document | None:
    """A workbook whose first visible sheet is a 部门整体支出绩效目标表 (recognised from the sheet
    read as text, :mod:`jixiao.ingest.xlsx.sheet_text`), read by the kind's text reader; its
    other sheets are reported as left unread."""
    from jixiao.ingest import document
    from jixiao.ingest.department_targets import read_department_targets
    from jixiao.ingest.registry import detect

    hidden = (L.META_SHEET, L.LISTS_SHEET)
    sheets = [ws for ws in wb.worksheets if ws.title not in hidden and ws.sheet_state == "visible"]
    if not sheets:
        return None
    first = sheets[0]
    lines = sheet_lines(values[first.title])
    if detect(lines).kind != "department_targets":
        return None
    sheet_ctx = SheetContext(ctx.path, first.title, lines)
    sheet_ctx.findings.extend(ctx.findings)
    body = read_department_targets(sheet_ctx)
    for ws in sheets[1:]:
        if any(v is not None for row in values[ws.title].iter_rows(values_only=True) for v in row):
            sheet_ctx.report("excel-sheet-unread", Source(ctx.path, table=ws.title), sheet=ws.title,
                             kind="部门整体支出绩效目标表")
    return document(sheet_ctx, "department_targets", None, body)


def _meta(wb) -> dict[str, str]:
    if L.META_SHEET not in wb.sheetnames:
        return {}
    out = {}
    for row in wb[L.META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True):
        if row and row[0] is not None:
            out[str(row[0])] = "" if row[1] is None else str(row[1])
    return out


def _document(ctx: ReadContext, kind: str, goals: GoalTables | None, accounts: FinalAccounts | None,
              unplaced: list[RawText]) -> Document:
    return Document(path=ctx.path, kind=kind, encoding=None, line_count=0, goals=goals, accounts=accounts,
                    unplaced=tuple(unplaced), findings=tuple(ctx.findings))
