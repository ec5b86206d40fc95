"""部门整体 targets: the core model (``jixiao.model.department``) ↔ the store's rows."""

from __future__ import annotations

from django.db import transaction

from jixiao.grammar import parse_target
from jixiao.model import codec
from jixiao.model.department import DepartmentTargets, FundLine
from jixiao.model.goals import Indicator
from jixiao.model.source import Source
from jixiao.model.target import TargetValue
from jixiao.web.store import models as m


def _target(raw: str, data: object) -> TargetValue:
    if isinstance(data, dict) and data.get("raw") == raw:
        return codec.decode(data, TargetValue)
    return parse_target(raw, role="target").value


def targets_to_model(row: m.DepartmentTargets) -> DepartmentTargets:
    return DepartmentTargets(
        department=row.department.name,
        year=row.year,
        overall_goal=row.overall_goal,
        duties=tuple(row.duties or ()),
        funds=tuple(FundLine(f.source, f.amount) for f in row.funds.order_by("position", "id")),
        indicators=tuple(
            Indicator(
                level1=i.level1,
                level2=i.level2,
                name=i.name,
                description=i.description,
                target=_target(i.target_raw, i.target),
                basis=i.basis,
                source=Source(f"部门整体绩效目标#{row.pk}", row=n + 1),
            )
            for n, i in enumerate(row.indicators.order_by("position", "id"))
        ),
        title=row.title,
        money_unit=row.money_unit,
        source=Source(f"部门整体绩效目标#{row.pk}"),
    )


def store_children(row: m.DepartmentTargets, targets: DepartmentTargets) -> None:
    """Replace the fund and indicator rows of ``row`` by those of ``targets`` (one transaction)."""
    with transaction.atomic():
        row.funds.all().delete()
        row.indicators.all().delete()
        m.DepartmentFund.objects.bulk_create(
            m.DepartmentFund(targets=row, position=n, source=f.source, amount=f.amount)
            for n, f in enumerate(targets.funds)
        )
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
            )
            for n, i in enumerate(targets.indicators)
        )


def store_targets(targets: DepartmentTargets, department: m.Organisation) -> m.DepartmentTargets:
    """A new stored 部门整体 target table (draft)."""
    with transaction.atomic():
        row = m.DepartmentTargets.objects.create(
            department=department,
            year=targets.year,
            title=targets.title,
            overall_goal=targets.overall_goal,
            duties=list(targets.duties),
            money_unit=targets.money_unit,
        )
        store_children(row, targets)
    return row
