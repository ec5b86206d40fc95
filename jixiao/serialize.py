"""Model → JSON-ready values (the ``--json`` contract of design.md).

Money and other decimals are written as strings ("91455.09") so that no value passes
through a float.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from enum import Enum

from jixiao.model.document import Document


def jsonable(obj: object) -> object:
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, Enum):
        return str(obj.value)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()  # type: ignore[union-attr]
    if dataclasses.is_dataclass(obj):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    return str(obj)


def document_dict(doc: Document) -> dict[str, object]:
    out: dict[str, object] = {
        "path": doc.path,
        "kind": doc.kind,
        "title": doc.title,
        "department": jsonable(doc.department),
        "year": doc.year,
        "encoding": doc.encoding,
        "line_count": doc.line_count,
    }
    if doc.goals is not None:
        out["projects"] = jsonable(doc.goals.projects)
    if doc.accounts is not None:
        a = doc.accounts
        out["money_unit"] = a.money_unit
        out["tables"] = jsonable(a.tables)
        out["sections"] = jsonable(a.sections)
        out["facts"] = jsonable(a.facts)
        out["self_evaluation_summary"] = jsonable(a.self_evaluation_summary)
        out["self_evaluations"] = jsonable(a.self_evaluations)
        out["evaluations"] = jsonable(a.evaluations)
    if doc.budget is not None:  # kind "budget": 部门预算 / 单位预算 (issue 14)
        out["edition"] = jsonable(doc.budget.edition)
        out["tables"] = jsonable(doc.budget.tables)
        out["sections"] = jsonable(doc.budget.sections)
        out["facts"] = jsonable(doc.budget.facts)
    if doc.statement is not None:
        out["statement"] = jsonable(doc.statement)
    if doc.forms is not None:  # forms read on their own: self-evaluations, score tables, stated scores
        out["forms"] = jsonable(doc.forms)
    if doc.department_targets is not None:  # a 部门整体支出绩效目标表
        out["department_targets"] = jsonable(doc.department_targets)
    if len(doc.parts) > 1:  # a document of several parts: each with its kind, lines and, if read on its own, body
        out["parts"] = jsonable(doc.parts)
    out["unplaced"] = jsonable(doc.unplaced)
    out["findings"] = [f.to_dict() for f in doc.findings]
    return out
