"""The workflow of projects and self-evaluations: a transition table and the one function that moves.

::

    draft ──submit──► submitted ──approve──► dept_approved ──approve──► bureau_approved ──publish──► published
      ▲                  │                        │
      │               return (reason)          return (reason)
      │                  ▼                        ▼
      └──(edit)──── returned ◄───────────────────┘   returned ──submit──► submitted

Who: the unit clerk of the record's unit submits (from draft / returned); the department
reviewer of the unit's department returns or approves a submitted record (部门整体 targets: the
clerk of the department's own-level unit ``DepartmentTargets.unit`` submits, the reviewer of
``DepartmentTargets.department`` reviews); the finance bureau
returns or approves a department-approved record and publishes a bureau-approved one; a
superuser may do every transition. Records are editable only while draft or returned
(``permissions.can_edit``).

``transition`` checks the actor and the state, saves the new status with the version check
(``WHERE version = seen AND status = from``), and writes the audit entry (status before/after
and the reason). Problems raise :class:`TransitionError` with a Chinese ``message`` and an HTTP
``status`` (403 not allowed, 400 bad request, 409 conflict).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jixiao.web.store import models as m
from jixiao.web.workflow import permissions as perm
from jixiao.web.workflow.audit import Conflict, changed, record_change

S = m.Status
CLERK, REVIEWER, BUREAU = "unit_clerk", "department_reviewer", "finance_bureau"
WORKFLOW_MODELS = (m.Project, m.SelfEvaluation, m.DepartmentTargets)
REASON_MAX = 2000
# what must be in a record before it is submitted: each guard returns the problems (Chinese) that
# block the submission, [] when none. The apps register theirs when they load (the 部门整体
# self-evaluation's required explanations: jixiao.web.pages.department_selfeval).
SUBMIT_GUARDS: list[Callable[[Any], list[str]]] = []


def register_workflow_model(model: type) -> None:
    """Another app's record that goes through this workflow (it has ``status``, ``version`` and
    ``unit``: the unit whose clerk submits, under the department whose reviewer approves)."""
    global WORKFLOW_MODELS
    if model not in WORKFLOW_MODELS:
        WORKFLOW_MODELS = (*WORKFLOW_MODELS, model)


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the transition table."""

    code: str  # "submit" / "return" / "approve" / "publish" (the URL and API name)
    source: str  # the status it starts from
    target: str  # the status it leads to
    actor: str  # CLERK / REVIEWER / BUREAU
    label: str  # Chinese button label
    needs_reason: bool = False

    @property
    def target_label(self) -> str:
        return S(self.target).label

    @property
    def style(self) -> str:
        return "danger" if self.code == "return" else "primary"


TRANSITIONS: tuple[Action, ...] = (
    Action("submit", S.DRAFT, S.SUBMITTED, CLERK, "提交"),
    Action("submit", S.RETURNED, S.SUBMITTED, CLERK, "重新提交"),
    Action("return", S.SUBMITTED, S.RETURNED, REVIEWER, "退回", needs_reason=True),
    Action("approve", S.SUBMITTED, S.DEPT_APPROVED, REVIEWER, "主管部门审核通过"),
    Action("return", S.DEPT_APPROVED, S.RETURNED, BUREAU, "退回", needs_reason=True),
    Action("approve", S.DEPT_APPROVED, S.BUREAU_APPROVED, BUREAU, "财政局审核通过"),
    Action("publish", S.BUREAU_APPROVED, S.PUBLISHED, BUREAU, "公开"),
)
ACTION_CODES = ("submit", "return", "approve", "publish")


class TransitionError(Exception):
    """A transition that cannot happen (``message`` Chinese, ``status`` the HTTP status)."""

    def __init__(self, message: str, status: int = 403):
        self.message, self.status = message, status
        super().__init__(message)


def _is_actor(user: Any, obj: Any, actor: str) -> bool:
    if perm.is_superuser(user):
        return True
    profile = perm.profile_of(user)
    if profile is None or not user.is_active or profile.role != actor:
        return False
    if actor == BUREAU:
        return True
    unit = obj.unit
    if profile.organisation_id is None:
        return False
    if actor == REVIEWER and isinstance(obj, m.DepartmentTargets):
        return obj.department_id == profile.organisation_id
    if unit is None:
        return False
    if actor == CLERK:
        return unit.id == profile.organisation_id
    return unit.parent_id == profile.organisation_id or unit.id == profile.organisation_id  # REVIEWER


def actions_from(status: str) -> list[Action]:
    return [a for a in TRANSITIONS if a.source == status]


def allowed_transitions(user: Any, obj: Any) -> list[Action]:
    """The actions ``user`` may take on ``obj`` now (empty for records without a workflow)."""
    if not isinstance(obj, WORKFLOW_MODELS):
        return []
    return [a for a in actions_from(obj.status) if _is_actor(user, obj, a.actor)]


def find_action(obj: Any, code: str) -> Action | None:
    return next((a for a in actions_from(obj.status) if a.code == code), None)


def transition(user: Any, obj: Any, action: str, reason: str | None = None, seen_version: int | None = None) -> Any:
    """Move ``obj`` by ``action`` (``"submit"`` …); returns ``obj`` refreshed. Raises ``TransitionError``.

    ``seen_version``: the version the user saw (a form's hidden field); a stale one is refused
    with the conflict message. Without it the version loaded in ``obj`` is used.
    """
    if not isinstance(obj, WORKFLOW_MODELS):
        raise TransitionError("该记录没有审核流程。", 400)
    if action not in ACTION_CODES:
        raise TransitionError(f"未知的操作“{action}”。", 400)
    step = find_action(obj, action)
    if step is None:
        raise TransitionError(f"当前状态为“{S(obj.status).label}”，不能执行“{_action_name(action)}”。", 409)
    if not _is_actor(user, obj, step.actor):
        raise TransitionError(f"您无权对该记录执行“{step.label}”。", 403)
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise TransitionError("退回时必须填写退回理由。", 400)
    if len(reason) > REASON_MAX:
        raise TransitionError(f"理由过长（不得超过 {REASON_MAX} 字）。", 400)
    if step.code == "submit":
        problems = [p for guard in SUBMIT_GUARDS for p in guard(obj)]
        if problems:
            raise TransitionError("尚不能提交：" + "；".join(problems), 400)
    seen = obj.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = (
            type(obj)
            .objects.filter(pk=obj.pk, version=seen, status=step.source)
            .update(status=step.target, version=F("version") + 1, updated=timezone.now())
        )
        if updated == 0:
            current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
            raise TransitionError(Conflict(seen, current).message, 409)
        obj.refresh_from_db()
        record_change(user, obj, {"status": step.source}, {"status": step.target}, action=action, reason=reason)
        changed(obj)
    return obj


def _action_name(code: str) -> str:
    return {"submit": "提交", "return": "退回", "approve": "审核通过", "publish": "公开"}.get(code, code)


def is_read_only_for_author(obj: Any) -> bool:
    """Submitted and later records are read-only to their unit clerks."""
    return obj.status not in perm.EDITABLE_STATUSES
