"""部门整体 targets: the core model (``jixiao.model.department``) ↔ the store's rows."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.model import codec
from jixiao.model.department import DepartmentTargets, DutyTask, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.model.target import TargetValue
from jixiao.model.unit_identity import OWN_LEVEL_SUFFIX
from jixiao.web.store import models as m


def _target(raw: str, data: object) -> TargetValue:
    if isinstance(data, dict) and data.get("raw") == raw:
        return codec.decode(data, TargetValue)
    return parse_target(raw, role="target").value


def own_unit(department: m.Organisation) -> m.Organisation | None:
    """The department's own-level unit (``<department>本级`` under it), whose clerk enters and submits
    the 部门整体 targets; None when the store has none."""
    return m.Organisation.objects.filter(
        kind=m.Organisation.Kind.UNIT, parent=department, name=department.name + OWN_LEVEL_SUFFIX
    ).first()


def targets_to_model(row: m.DepartmentTargets) -> DepartmentTargets:
    return DepartmentTargets(
        department=row.department.name,
        year=row.year,
        overall_goal=row.overall_goal,
        duties=tuple(row.duties or ()),
        funds=tuple(FundLine(f.source, f.amount, f.part_of or None) for f in row.funds.order_by("position", "id")),
        indicators=tuple(
            Indicator(
                level1=i.level1,
                level2=i.level2,
                name=i.name,
                description=i.description,
                target=_target(i.target_raw, i.target),
                basis=i.basis,
                source=Source(f"部门整体绩效目标#{row.pk}", row=n + 1),
                points=i.points,
                nature=i.nature or None,
                measure_unit=i.measure_unit or None,
            )
            for n, i in enumerate(row.indicators.order_by("position", "id"))
        ),
        title=row.title,
        money_unit=row.money_unit,
        source=Source(f"部门整体绩效目标#{row.pk}"),
        printed_total=row.printed_total,
        tasks=tuple(_task(t) for t in row.tasks or ()),
        basis_column=any(i.basis for i in row.indicators.all()) or not row.source_document_id,
    )


def _task(data: dict) -> DutyTask:
    amount = data.get("amount")
    return DutyTask(str(data.get("duty", "")), str(data.get("task", "")), parse_decimal(amount) if amount else None)


def _task_data(task: DutyTask) -> dict:
    return {"duty": task.duty, "task": task.task, "amount": _plain(task.amount)}


def _plain(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


def store_children(row: m.DepartmentTargets, targets: DepartmentTargets) -> None:
    """Replace the fund and indicator rows of ``row`` by those of ``targets`` (one transaction). The
    printed 资金总额 goes with the funds (an edit in the browser has none: the total is then the Σ of
    the funds typed); the 重点工作 rows are replaced only by targets that carry some."""
    with transaction.atomic():
        row.funds.all().delete()
        row.indicators.all().delete()
        m.DepartmentFund.objects.bulk_create(
            m.DepartmentFund(targets=row, position=n, source=f.source, amount=f.amount, part_of=f.part_of or "")
            for n, f in enumerate(targets.funds)
        )
        fields = {"printed_total": targets.printed_total}
        if targets.tasks:
            fields["tasks"] = [_task_data(t) for t in targets.tasks]
        m.DepartmentTargets.objects.filter(pk=row.pk).update(**fields)
        for name, value in fields.items():
            setattr(row, name, value)
        m.DepartmentIndicator.objects.bulk_create(
            m.DepartmentIndicator(
                targets=row,
                position=n,
                level1=i.level1,
                level2=i.level2,
                name=i.name,
                description=i.description,
                target_raw=i.target.raw,
                target=codec.encode(i.target),
                basis=i.basis,
                points=i.points,
                nature=i.nature or "",
                measure_unit=i.measure_unit or "",
            )
            for n, i in enumerate(targets.indicators)
        )


def store_targets(
    targets: DepartmentTargets, department: m.Organisation, source_document: m.SourceDocument | None = None
) -> m.DepartmentTargets:
    """A new stored 部门整体 target table (draft), entered or read from ``source_document``."""
    with transaction.atomic():
        row = m.DepartmentTargets.objects.create(
            department=department,
            unit=own_unit(department),
            year=targets.year,
            title=targets.title,
            overall_goal=targets.overall_goal,
            duties=list(targets.duties),
            money_unit=targets.money_unit,
            source_document=source_document,
        )
        store_children(row, targets)
    return row


def store_uploaded(
    targets: DepartmentTargets, department: m.Organisation | None, source_document: m.SourceDocument
) -> m.DepartmentTargets | None:
    """The 部门整体 targets read from an uploaded file, stored as the department's targets for the
    year (draft) — unless the table names no department or year, or the department already has
    targets for that year (entered or uploaded before: they are kept; the file's table stays in
    the document's snapshot)."""
    if department is None or targets.year is None:
        return None
    if m.DepartmentTargets.objects.filter(department=department, year=targets.year).exists():
        return None
    return store_targets(targets, department, source_document)
