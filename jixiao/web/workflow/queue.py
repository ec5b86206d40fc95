"""What waits for a user: the review queue of each role.

- 待我审核: for a department reviewer the submitted records of the units under their department;
  for the finance bureau the records the department approved (to approve or return) and those it
  approved itself (to publish); a superuser sees both.
- 待我处理: for a unit clerk the records of their unit that were returned (with the reason).

A record is in a user's queue when its status is one of the role's and the user may act on it
now (``states.allowed_transitions``, the same rule the buttons and the transition use).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Sum, Value

from jixiao.web.store import models as m
from jixiao.web.workflow import audit, states
from jixiao.web.workflow import permissions as perm

S = m.Status
REVIEW_STATUSES = {
    states.REVIEWER: (S.SUBMITTED,),
    states.BUREAU: (S.DEPT_APPROVED, S.BUREAU_APPROVED),
}
TODO_STATUSES = {states.CLERK: (S.RETURNED,)}
SUPERUSER_STATUSES = (S.SUBMITTED, S.DEPT_APPROVED, S.BUREAU_APPROVED)
KIND_LABELS = {"project": "绩效目标表", "selfevaluation": "绩效自评表", "departmenttargets": "部门整体绩效目标表"}
MODELS = ((m.Project, "project"), (m.SelfEvaluation, "selfevaluation"), (m.DepartmentTargets, "departmenttargets"))


@dataclass(frozen=True)
class QueueKind:
    """Another app's workflow record in the queues: its model, kind code, label and page."""

    model: Any
    kind: str
    label: str
    url: Any  # record → the URL of its page


QUEUE_KINDS: list[QueueKind] = []  # registered when the apps load (部门整体 monitoring: jixiao.web.monitoring)


def register_queue_kind(entry: QueueKind) -> None:
    if all(k.kind != entry.kind for k in QUEUE_KINDS):
        QUEUE_KINDS.append(entry)
        KIND_LABELS[entry.kind] = entry.label


@dataclass(frozen=True)
class Item:
    record: Any
    kind: str  # "project" / "selfevaluation" / "departmenttargets"
    actions: tuple[states.Action, ...]
    reason: str  # the return reason of a returned record

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def url(self) -> str | None:
        """The page of a registered kind's record (projects and self-evaluations: the template's own links)."""
        entry = next((k for k in QUEUE_KINDS if k.kind == self.kind), None)
        return entry.url(self.record) if entry is not None else None

    @property
    def name(self) -> str:
        if isinstance(self.record, m.DepartmentTargets):
            return f"{self.record.department.name}部门整体绩效目标"
        return getattr(self.record, "name", None) or getattr(self.record, "project_name", "")


def title(user: Any) -> str | None:
    """``待我审核`` / ``待我处理`` for a role that has a queue, else None."""
    if perm.is_superuser(user) or perm.role_of(user) in REVIEW_STATUSES:
        return "待我审核"
    if perm.role_of(user) in TODO_STATUSES:
        return "待我处理"
    return None


def statuses(user: Any) -> tuple[str, ...]:
    if perm.is_superuser(user):
        return SUPERUSER_STATUSES
    role = perm.role_of(user)
    return REVIEW_STATUSES.get(role) or TODO_STATUSES.get(role) or ()


def items(user: Any) -> list[Item]:
    """The records waiting for ``user``, oldest change first."""
    wanted = statuses(user)
    if not wanted:
        return []
    out = []
    for model, kind in MODELS:
        rows = perm.visible(user, model.objects.filter(status__in=wanted).select_related("unit", "unit__parent"))
        if model is m.DepartmentTargets:
            rows = rows.select_related("department")
        for row in rows.defer("snapshot") if model is m.SelfEvaluation else rows:
            actions = tuple(states.allowed_transitions(user, row))
            if actions:
                reason = audit.return_reason(row) if row.status == S.RETURNED else ""
                out.append(Item(row, kind, actions, reason))
    for entry in QUEUE_KINDS:  # their own view rules (permissions.RECORD_RULES), asked per record
        for row in entry.model.objects.filter(status__in=wanted):
            actions = tuple(states.allowed_transitions(user, row))
            if actions and perm.can_view(user, row):
                reason = audit.return_reason(row) if row.status == S.RETURNED else ""
                out.append(Item(row, entry.kind, actions, reason))
    return sorted(out, key=lambda it: (it.record.updated, it.kind, it.record.pk))


def count(user: Any) -> int:
    """How many records wait for ``user`` (the menu's badge on every page).

    The full :func:`items` walk is kept per user for the stamp of the records it looks at (which,
    how many, their versions and latest change: a transition or an edit changes it), so a page
    view costs one aggregate query (a UNION over the record kinds), not a walk over a province's records."""
    wanted = statuses(user)
    if not wanted:
        return 0
    scope = perm.unit_scope(user)
    stamp: list[Any] = [user.pk, perm.role_of(user), scope if isinstance(scope, str) else tuple(sorted(scope))]
    parts = [_stamp(perm.visible(user, model.objects.filter(status__in=wanted)), kind)
             for model, kind in MODELS]
    parts += [_stamp(entry.model.objects.filter(status__in=wanted), entry.kind) for entry in QUEUE_KINDS]
    stamp.append(tuple(sorted(parts[0].union(*parts[1:], all=True), key=lambda row: row[0])))  # one query
    key = tuple(stamp)
    with _COUNTS_LOCK:
        if key in _COUNTS:
            _COUNTS.move_to_end(key)
            return _COUNTS[key]
    found = len(items(user))
    with _COUNTS_LOCK:
        _COUNTS[key] = found
        while len(_COUNTS) > 256:
            _COUNTS.popitem(last=False)
    return found


def _stamp(rows: Any, kind: str) -> Any:
    """(kind, how many, Σ id, Σ version, latest change) of ``rows``: no row when there are none."""
    return (rows.order_by().annotate(kind=Value(kind)).values("kind")
            .annotate(n=Count("id"), ids=Sum("id"), v=Sum("version"), u=Max("updated"))
            .values_list("kind", "n", "ids", "v", "u"))  # fmt: skip


_COUNTS: OrderedDict[tuple[Any, ...], int] = OrderedDict()
_COUNTS_LOCK = threading.Lock()


def open_links(user: Any) -> int:
    """How many guessed or missing project links of forms and reports ``user`` may decide on."""
    if not perm.can_link(user):
        return 0
    found = 0
    for model in (m.SelfEvaluation, m.Evaluation):
        rows = model.objects.filter(project_link__in=(m.Link.GUESS, m.Link.NONE)).defer("snapshot")
        found += sum(1 for row in rows if perm.can_link(user, row))
    return found
