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

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from jixiao import xlsx_layout as L
from jixiao.export import xlsx_style as S
from jixiao.export.xlsx_forms import FormSheet
from jixiao.export.xlsx_goals import GoalSheet
from jixiao.export.xlsx_sheet import sheet_name, write_lists
from jixiao.model.document import Document
from jixiao.model.goals import GoalTables
from jixiao.model.selfeval import SelfEvaluation


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
    lists = write_lists(wb, [i.basis for i in indicators], [i.target.unit for i in indicators])
    names: set[str] = set()
    for project in goals.projects:
        title = f"{project.number}.{project.name}" if project.number is not None else project.name
        GoalSheet(wb.create_sheet(sheet_name(title, names)), project, lists).write()
    meta = {"title": goals.title, "department": goals.department.name if goals.department else None,
            "department_code": goals.department.code if goals.department else None, "year": goals.year}
    _meta(wb, L.KIND_GOALS, source, meta)
    return _save(wb, path)


def write_self_evaluations(forms: Sequence[SelfEvaluation], path: str | Path, *, source: str = "",
                           meta: dict[str, object] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    units = [v.unit for f in forms for i in f.indicators for v in (i.target, i.actual)]
    lists = write_lists(wb, [], units)
    names: set[str] = set()
    for n, form in enumerate(forms, 1):
        FormSheet(wb.create_sheet(sheet_name(f"自评{n}.{form.project}", names)), form, lists).write()
    _meta(wb, L.KIND_FORMS, source, meta or {})
    return _save(wb, path)


def _save(wb: Workbook, path: str | Path) -> Path:
    p = Path(path)
    wb._sheets.sort(key=lambda ws: ws.sheet_state != "visible")  # the hidden sheets last (stable sort)
    wb.active = 0
    S.save(wb, p)
    return p

def _meta(wb: Workbook, kind: str, source: str, meta: dict[str, object]) -> None:
    ws = wb.create_sheet(L.META_SHEET)
    rows = [("template", L.TEMPLATE_TAG), ("version", L.VERSION), ("kind", kind), ("source", source)]
    rows += [(k, "" if v is None else str(v)) for k, v in meta.items()]
    for r, (key, value) in enumerate(rows, 1):
        ws.cell(r, 1, key)
        ws.cell(r, 2, value).number_format = L.TEXT_FORMAT
    ws.sheet_state = "hidden"

