"""Who may see and edit what. The pages and the API call these same functions.

Roles (``Profile.role``) and their reach:

- unit clerk (``unit_clerk``): the records of their own unit (``profile.organisation``); edits
  them while they are a draft or returned;
- department reviewer (``department_reviewer``): the records of the units under their department
  (and the department's own records); reads, returns and approves, never edits the content;
- finance bureau (``finance_bureau``) and a role ``admin`` without superuser rights: every record;
- evaluator (``evaluator``): the projects assigned to them (``profile.assigned_projects``), the
  self-evaluations and evaluation reports of those projects (linked, or same unit and same name
  ignoring spaces); reads them and enters evaluation work (``can_evaluate``);
- the public (anonymous or any other user): published records only.

A superuser may do everything. ``can_view`` decides for one record, ``visible`` filters a
queryset by the same rules (the tests check that both agree on every record).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from jixiao.model.names import normalise_name
from jixiao.web.store import models as m
from jixiao.web.workflow.uploads import validate_upload

__all__ = ["can_edit", "can_evaluate", "can_link", "can_upload", "can_view", "validate_upload", "visible"]

EDITABLE_STATUSES = (m.Status.DRAFT, m.Status.RETURNED)
# records of other apps with rules of their own: type → (may view, may edit), registered when the app
# loads (部门整体 monitoring: jixiao.web.monitoring.department)
RECORD_RULES: dict[type, tuple[Callable[[Any, Any], bool], Callable[[Any, Any], bool]]] = {}
ALL = "all"  # the scope of the finance bureau and superusers


def _key(name: str | None) -> str:
    return normalise_name(name)


def profile_of(user: Any) -> m.Profile | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except m.Profile.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False) and user.is_active)


def unit_scope(user: Any) -> str | set[int]:
    """The organisations whose records the user may read: ``ALL`` or a set of organisation ids."""
    if is_superuser(user):
        return ALL
    profile = profile_of(user)
    if profile is None or not user.is_active:
        return set()
    if profile.role in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return ALL
    if profile.organisation_id is None:
        return set()
    if profile.role == m.Role.UNIT_CLERK:
        return {profile.organisation_id}
    if profile.role == m.Role.DEPARTMENT_REVIEWER:
        # the department's units, read once per loaded profile (a request loads the user afresh), not once per record
        cached = profile.__dict__.get("jixiao_units")
        if cached is None or cached[0] != profile.organisation_id:
            children = m.Organisation.objects.filter(parent_id=profile.organisation_id).values_list("id", flat=True)
            cached = (profile.organisation_id, frozenset(children))
            profile.__dict__["jixiao_units"] = cached
        return {profile.organisation_id, *cached[1]}
    return set()


def assigned_projects(user: Any) -> list[m.Project]:
    profile = profile_of(user)
    if profile is None or profile.role != m.Role.EVALUATOR or not user.is_active:
        return []
    return list(profile.assigned_projects.order_by("id"))


def _in_scope(user: Any, organisation_id: int | None) -> bool:
    scope = unit_scope(user)
    return scope == ALL or (organisation_id is not None and organisation_id in scope)


def _assigned_match(user: Any, project_id: int | None, unit_id: int | None, name: str | None) -> bool:
    for project in assigned_projects(user):
        if project_id is not None and project.id == project_id:
            return True
        if unit_id is not None and unit_id == project.unit_id and _key(name) and _key(name) == _key(project.name):
            return True
    return False


# -- records without a workflow of their own --------------------------------------------------


def _accounts_published(fa: m.FinalAccounts | None) -> bool:
    """A final accounts is public once it has self-evaluations and all of them are published."""
    if fa is None:
        return False
    statuses = list(fa.self_evaluations.values_list("status", flat=True))
    return bool(statuses) and all(s == m.Status.PUBLISHED for s in statuses)


def _document_published(sd: m.SourceDocument) -> bool:
    statuses = [*sd.projects.values_list("status", flat=True), *sd.self_evaluations.values_list("status", flat=True)]
    return bool(statuses) and all(s == m.Status.PUBLISHED for s in statuses)


# -- the public functions ---------------------------------------------------------------------


def can_view(user: Any, obj: Any) -> bool:
    """May ``user`` (possibly anonymous) read ``obj``?"""
    if is_superuser(user):
        return True
    if type(obj) in RECORD_RULES:
        return RECORD_RULES[type(obj)][0](user, obj)
    if isinstance(obj, m.Organisation):
        return True
    if isinstance(obj, m.Project):
        return (
            obj.status == m.Status.PUBLISHED
            or _in_scope(user, obj.unit_id)
            or _assigned_match(user, obj.id, None, None)
        )
    if isinstance(obj, m.SelfEvaluation):
        return (
            obj.status == m.Status.PUBLISHED
            or _in_scope(user, obj.unit_id)
            or _assigned_match(user, obj.project_id, obj.unit_id, obj.project_name)
        )
    if isinstance(obj, m.DepartmentTargets):  # its own unit's clerk, the department's reviewer, the bureau
        return (
            obj.status == m.Status.PUBLISHED
            or _in_scope(user, obj.unit_id)
            or _department_reader(user, obj.department_id)
        )
    if isinstance(obj, m.Evaluation):
        fa = obj.final_accounts
        return (
            _accounts_published(fa)
            or _in_scope(user, obj.evaluated_unit_id)
            or (fa is not None and fa.department_id is not None and _department_reader(user, fa.department_id))
            or _assigned_match(user, obj.project_id, obj.evaluated_unit_id, obj.project_name)
        )
    if isinstance(obj, m.FinalAccounts):
        department = obj.department_id
        return _accounts_published(obj) or (department is not None and _department_reader(user, department))
    if isinstance(obj, m.SourceDocument):
        return _document_published(obj) or _document_reader(user, obj)
    if isinstance(obj, m.Budget):  # as its file, and the department's readers
        department = obj.department_id
        sd = obj.source_document
        return (sd is not None and can_view(user, sd)) or (
            department is not None and _department_reader(user, department)
        )
    return False


def _department_reader(user: Any, department_id: int) -> bool:
    """Department-wide documents: the finance bureau and the department's reviewer (not its unit clerks)."""
    scope = unit_scope(user)
    return scope == ALL or (role_of(user) == m.Role.DEPARTMENT_REVIEWER and department_id in scope)


def _document_reader(user: Any, sd: m.SourceDocument) -> bool:
    scope = unit_scope(user)
    if scope == ALL:
        return True
    if getattr(user, "is_authenticated", False) and sd.uploaded_by_id == user.id:
        return True
    if sd.department_id is not None and _department_reader(user, sd.department_id):
        return True
    units = {*sd.projects.values_list("unit_id", flat=True), *sd.self_evaluations.values_list("unit_id", flat=True)}
    return bool(units) and None not in units and units <= scope


def can_edit(user: Any, obj: Any) -> bool:
    """May ``user`` change the content of ``obj``? (Transitions are ``states.allowed_transitions``.)"""
    if is_superuser(user):
        return True
    if type(obj) in RECORD_RULES:
        return RECORD_RULES[type(obj)][1](user, obj)
    if isinstance(obj, (m.Project, m.SelfEvaluation, m.DepartmentTargets)):
        return (
            role_of(user) == m.Role.UNIT_CLERK
            and obj.status in EDITABLE_STATUSES
            and obj.unit_id is not None
            and _in_scope(user, obj.unit_id)
        )
    return False


def can_evaluate(user: Any, obj: Any) -> bool:
    """May ``user`` enter evaluation work (scores, measurements) on this project / form / report?"""
    if is_superuser(user):
        return True
    if role_of(user) == m.Role.FINANCE_BUREAU:
        return isinstance(obj, (m.Project, m.SelfEvaluation, m.Evaluation))
    if role_of(user) != m.Role.EVALUATOR:
        return False
    if isinstance(obj, m.Project):
        return _assigned_match(user, obj.id, None, None)
    if isinstance(obj, m.SelfEvaluation):
        return _assigned_match(user, obj.project_id, obj.unit_id, obj.project_name)
    if isinstance(obj, m.Evaluation):
        return _assigned_match(user, obj.project_id, obj.evaluated_unit_id, obj.project_name)
    return False


def can_link(user: Any, obj: Any = None) -> bool:
    """May ``user`` confirm or correct which project a self-evaluation or evaluation report is about?
    The finance bureau (and superusers) for every record, a department reviewer for their units'.
    Without ``obj``: may the user decide on any link at all."""
    everything = is_superuser(user) or (role_of(user) in (m.Role.FINANCE_BUREAU, m.Role.ADMIN) and user.is_active)
    reviewer = role_of(user) == m.Role.DEPARTMENT_REVIEWER and user.is_active
    if obj is None:
        return everything or reviewer
    if not isinstance(obj, (m.SelfEvaluation, m.Evaluation)):
        return False
    unit_id = obj.unit_id if isinstance(obj, m.SelfEvaluation) else obj.evaluated_unit_id
    return everything or (reviewer and unit_id is not None and _in_scope(user, unit_id))


def can_upload(user: Any) -> bool:
    """Uploading (importing) documents: clerks, reviewers, the bureau and superusers."""
    return is_superuser(user) or role_of(user) in (
        m.Role.UNIT_CLERK,
        m.Role.DEPARTMENT_REVIEWER,
        m.Role.FINANCE_BUREAU,
        m.Role.ADMIN,
    )


def visible(user: Any, queryset: QuerySet) -> QuerySet:
    """``queryset`` narrowed to the records ``user`` may read (same rules as ``can_view``)."""
    model = queryset.model
    scope = unit_scope(user)
    if scope == ALL or model is m.Organisation:
        return queryset
    if model is m.Project:
        return queryset.filter(_status_or_scope(scope, "unit_id") | Q(id__in=[p.id for p in assigned_projects(user)]))
    if model is m.SelfEvaluation:
        assigned = _assigned_q(user, "project_id", "unit_id", "project_name")
        return queryset.filter(_status_or_scope(scope, "unit_id") | assigned)
    if model is m.FinalAccounts:
        return queryset.filter(_published_accounts_q("pk") | _department_q(user, "department_id"))
    if model is m.DepartmentTargets:
        return queryset.filter(_status_or_scope(scope, "unit_id") | _department_q(user, "department_id"))
    if model is m.Evaluation:
        return queryset.filter(
            _published_accounts_q("final_accounts_id")
            | Q(evaluated_unit_id__in=scope)
            | _department_q(user, "final_accounts__department_id")
            | _assigned_q(user, "project_id", "evaluated_unit_id", "project_name")
        )
    if model in (m.SourceDocument, m.Budget):
        ids = [row.id for row in queryset.order_by("id") if can_view(user, row)]
        return queryset.filter(id__in=ids)
    return queryset.none()


def _status_or_scope(scope: set[int], field: str) -> Q:
    return Q(status=m.Status.PUBLISHED) | Q(**{f"{field}__in": scope})


def _assigned_q(user: Any, project_field: str, unit_field: str, name_field: str) -> Q:
    """Records of the user's assigned projects; names compared without spaces (done in Python: portable)."""
    projects = assigned_projects(user)
    if not projects:
        return Q(pk__in=[])
    q = Q(**{f"{project_field}__in": [p.id for p in projects]})
    for p in projects:
        if p.unit_id is None:
            continue
        q |= Q(**{unit_field: p.unit_id, f"{name_field}__in": _spellings(p.name, unit_field, p.unit_id, name_field)})
    return q


def _spellings(name: str, unit_field: str, unit_id: int, name_field: str) -> list[str]:
    """Names of the unit's records that equal ``name`` when spaces are ignored."""
    names: set[str] = set()
    for model in (m.SelfEvaluation, m.Evaluation):
        if unit_field in {f.attname for f in model._meta.concrete_fields}:
            values = model.objects.filter(**{unit_field: unit_id}).values_list(name_field, flat=True)
            names |= {v for v in values if _key(v) == _key(name)}
    return sorted(names)


def _published_accounts_q(fa_field: str) -> Q:
    unpublished = m.SelfEvaluation.objects.filter(final_accounts_id=OuterRef(fa_field)).exclude(
        status=m.Status.PUBLISHED
    )
    any_form = m.SelfEvaluation.objects.filter(final_accounts_id=OuterRef(fa_field))
    return Q(Exists(any_form)) & ~Q(Exists(unpublished))


def _department_q(user: Any, field: str) -> Q:
    if role_of(user) != m.Role.DEPARTMENT_REVIEWER:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": unit_scope(user)})
