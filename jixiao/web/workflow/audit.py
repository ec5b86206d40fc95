"""The audit trail and optimistic locking.

Every change to a record is one :class:`~jixiao.web.store.models.AuditEntry`: who, when, the
record (``object_type`` = ``"store.project"``, ``object_id``), the action (``edit``, ``submit``,
``return``, ``approve``, ``publish``, ``create`` …), the changed fields ``{field: [before, after]}``
(JSON-able: decimals as plain strings) and the reason.

Two people editing the same record: each form carries the ``version`` it was loaded with;
``save_with_version`` updates the row only ``WHERE version = seen`` and bumps the version, so the
second save updates nothing and raises :class:`Conflict` with a Chinese message instead of
silently overwriting the first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.dispatch import Signal
from django.utils import timezone

from jixiao.numbers import plain
from jixiao.web.store import models as m

# Sent with ``record=`` the record once a change of it (an edit, a claim before its rows are edited, a
# transition) is committed: what is kept per record version elsewhere (generated reports) is rebuilt.
record_changed = Signal()


def changed(obj: Model) -> None:
    """Send :data:`record_changed` for ``obj`` when the current transaction commits."""
    transaction.on_commit(lambda: record_changed.send(sender=type(obj), record=obj))


class Conflict(Exception):
    """Someone else saved the record since it was loaded (``message`` is Chinese)."""

    def __init__(self, seen: int | None, current: int | None):
        self.seen, self.current = seen, current
        if current is None:
            self.message = "保存失败：该记录已被删除。"
        else:
            self.message = (
                f"保存失败：该记录已被他人修改（您编辑的是第 {seen} 版，当前为第 {current} 版）。"
                "为避免覆盖他人的修改，本次未保存；请刷新页面，查看最新内容后重新修改。"
            )
        super().__init__(self.message)


def object_type(obj: Model | type[Model]) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def jsonable(value: Any) -> Any:
    """A value as stored in ``AuditEntry.changes``."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return plain(value)  # 378.500000 (column scale) == 378.5 (typed)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot_fields(obj: Model, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """``{name: value}`` (JSON-able) of ``obj``'s fields, to build ``before`` / ``after``."""
    out = {}
    for name in names:
        try:
            field = obj._meta.get_field(name)
            value = getattr(obj, field.attname)
        except Exception:  # not a model field: a plain attribute
            value = getattr(obj, name, None)
        out[name] = jsonable(value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed (keys of either side)."""
    out = {}
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = jsonable(before.get(key)), jsonable(after.get(key))
        if old != new:
            out[key] = [old, new]
    return out


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def record_change(
    user: Any,
    obj: Model,
    before: dict[str, Any],
    after: dict[str, Any],
    action: str = "edit",
    reason: str | None = None,
) -> m.AuditEntry | None:
    """Write the audit entry of a change; ``None`` for an ``edit`` that changed nothing."""
    changes = diff(before, after)
    if not changes and action == "edit" and not reason:
        return None
    return m.AuditEntry.objects.create(
        user=_user(user),
        object_type=object_type(obj),
        object_id=str(obj.pk),
        action=action,
        changes=changes,
        reason=reason or "",
    )


def entries_for(obj: Model):
    """The audit entries of ``obj``, newest first."""
    return (
        m.AuditEntry.objects.filter(object_type=object_type(obj), object_id=str(obj.pk))
        .select_related("user")
        .order_by("-when", "-id")
    )


def save_with_version(
    obj: Model,
    seen_version: int | str | None,
    user: Any = None,
    action: str = "edit",
    reason: str | None = None,
    **fields: Any,
) -> Model:
    """Save ``fields`` on ``obj`` only if its stored version is still ``seen_version``.

    Bumps ``version`` (also with no fields: use it to claim the record before editing its child
    rows in the same transaction), refreshes ``obj``, and — when ``user`` is given — records the
    field changes. Raises :class:`Conflict` when someone saved in between.
    """
    model = type(obj)
    try:
        seen = int(seen_version) if seen_version is not None else None
    except (TypeError, ValueError):
        seen = None
    with transaction.atomic():
        # no default ordering: its joins (unit__code) would put FOR UPDATE on an outer join (PostgreSQL)
        current = model.objects.select_for_update(of=("self",)).filter(pk=obj.pk).order_by("pk").first()
        if current is None:
            raise Conflict(seen, None)
        if seen is None or current.version != seen:
            raise Conflict(seen, current.version)
        before = snapshot_fields(current, list(fields))
        values = dict(fields)
        if any(f.name == "updated" for f in model._meta.fields):
            values["updated"] = timezone.now()
        updated = model.objects.filter(pk=obj.pk, version=seen).update(version=F("version") + 1, **values)
        if updated == 0:
            raise Conflict(seen, model.objects.filter(pk=obj.pk).values_list("version", flat=True).first())
        obj.refresh_from_db()
        if user is not None:
            record_change(user, obj, before, snapshot_fields(obj, list(fields)), action=action, reason=reason)
        changed(obj)
    return obj


def field_label(obj_type: str, name: str) -> str:
    """The Chinese label of a field of a store model (``"store.project"``, ``"budget"`` → ``"预算数"``)."""
    if name == "status":
        return "状态"
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    if name.count(".") >= 2:  # a value of one row of a list: "rows.<指标>.progress_raw", "funds.<资金>.executed"
        group, rest = name.split(".", 1)
        item, part = rest.rsplit(".", 1)  # a name may hold a dot; the part never does
        subject = f"指标“{item}”" if group == "rows" else item
        return f"{subject}·{PART_LABELS.get(part, field_label(obj_type, part))}"
    app_label, _, model_name = obj_type.partition(".")
    try:
        from django.apps import apps

        return str(apps.get_model(app_label, model_name)._meta.get_field(name).verbose_name)
    except Exception:
        return "其他内容"


STATUS_LABELS = dict(m.Status.choices)
ACTION_LABELS = {
    "create": "创建",
    "edit": "修改",
    "import": "导入",
    "submit": "提交",
    "return": "退回",
    "approve": "审核通过",
    "publish": "公开",
    "evaluate": "评价录入",
    "link": "确认项目关联",
}


def describe(entry: m.AuditEntry) -> list[dict[str, Any]]:
    """The changes of an entry for display: ``[{"field", "label", "before", "after"}]``, in Chinese.

    A list (the indicators, the spending plan) is shown as what was removed and what was added,
    item by item, never as two whole lists."""
    rows = []
    for name, pair in (entry.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if name == "status":
            before, after = STATUS_LABELS.get(before, before), STATUS_LABELS.get(after, after)
        if isinstance(before, list) or isinstance(after, list):
            old_items, new_items = [_item(x) for x in before or []], [_item(x) for x in after or []]
            removed = [x for x in old_items if x not in new_items]
            added = [x for x in new_items if x not in old_items]
            if not removed and not added:
                continue  # the same items (perhaps in another order): nothing to show
            before = "删除：" + "；".join(removed) if removed else None
            after = "新增：" + "；".join(added) if added else None
        rows.append({"field": name, "label": field_label(entry.object_type, name), "before": before, "after": after})
    return rows


def _item(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(f"{LIST_KEYS.get(k, k)}：{v}" for k, v in value.items() if v not in (None, ""))
    return str(value)


# labels of the audited fields that are not model fields, and of keys inside listed items
EXTRA_LABELS = {"indicators": "绩效指标", "plan": "资金支出计划", "budget_lines": "预算执行", "actual": "实际完成值"}
# the values of monitoring rows kept as dotted keys (jixiao.web.monitoring.mapping.rows_state, department.state)
PART_LABELS = {"progress_raw": "执行情况", "expected_raw": "全年预计完成情况", "target_raw": "年度指标值",
               "likelihood": "完成目标可能性", "causes": "偏差原因", "explanation": "原因说明", "measures": "整改措施",
               "initial": "年初预算数", "executed": "执行数", "expected": "全年预计执行数"}
LIST_KEYS = {"name": "名称", "target": "指标值", "actual": "实际完成值", "level1": "一级指标", "level2": "二级指标",
             "basis": "依据", "weight": "分值", "score": "得分", "label": "时点", "raw": "金额"}


def return_reason(obj: Model) -> str:
    """The reason of the latest return of ``obj`` (blank when it was never returned)."""
    entry = entries_for(obj).filter(action="return").first()
    return entry.reason if entry is not None else ""
