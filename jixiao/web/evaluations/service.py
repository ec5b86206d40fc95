"""Every step of the evaluator's workspace, for the pages and the API alike.

Who (all through :mod:`jixiao.web.workflow.permissions`):

- **creates** an evaluation: the finance bureau, a department reviewer (for their department), a
  superuser; the creator's organisation is the commissioning body (委托方);
- **works** on it (indicator system, measurements, texts) while it is a draft or returned: the
  evaluators assigned to it, each of whom must be allowed to evaluate every project of it
  (``permissions.can_evaluate``: an evaluator's assigned projects);
- **reviews** it (return with a reason, approve, publish): the commissioning body — the finance
  bureau, or the department reviewer of the commissioning department;
- **links** the published report it rebuilds (``document_evaluation``): the creator when creating
  it, later the commissioning body while it is a draft or returned; only a report the user may
  read (``permissions.can_view``);
- **sees** it: those, and everyone once it is published.

Scoring is the core's: the stored scheme and measurements are read by
:mod:`jixiao.rules.evaluation_workspace` and scored by ``score_evaluation`` — against the
published report it rebuilds when one is linked (``document_evaluation``), so the published
scores are compared too. Mistakes raise :class:`WorkError` with a Chinese message and an HTTP status.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet

from jixiao.report.evaluation_work import WorkReport, write_work_report
from jixiao.rules import evaluation_workspace as ws
from jixiao.rules.evaluation_schemes import EvaluationScheme
from jixiao.rules.measurements import Measurements
from jixiao.rules.result import ScoreResult
from jixiao.rules.schemefile import SchemeError, load_tree
from jixiao.rules.score_evaluation import score_evaluation
from jixiao.web.evaluations.models import EvaluationWork, Kind, WorkMeasurement
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

S = m.Status
WORKING = (S.DRAFT, S.RETURNED)
CREATORS = (m.Role.FINANCE_BUREAU, m.Role.DEPARTMENT_REVIEWER, m.Role.ADMIN)
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
FIELDS = ("title", "year", "firm", "overview", "work", "experience", "problems", "suggestions")


class WorkError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    source: tuple[str, ...]
    needs_reason: bool = False


ACTIONS = (
    Action("submit", "提交委托方审核", WORKING),
    Action("return", "退回评价人员", (S.SUBMITTED,), needs_reason=True),
    Action("approve", "审核通过", (S.SUBMITTED,)),
    Action("publish", "公开", (S.BUREAU_APPROVED, S.DEPT_APPROVED)),
)


# -- who ----------------------------------------------------------------------------------------


def may_create(user: Any) -> bool:
    return permissions.is_superuser(user) or permissions.role_of(user) in CREATORS


def may_review(user: Any, work: EvaluationWork) -> bool:
    if permissions.is_superuser(user):
        return True
    role = permissions.role_of(user)
    if role in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return True
    profile = permissions.profile_of(user)
    return (
        role == m.Role.DEPARTMENT_REVIEWER
        and profile is not None
        and (profile.organisation_id is not None and profile.organisation_id == work.commissioner_id)
    )


def may_link(user: Any, work: EvaluationWork) -> bool:
    """Link or unlink the published report the evaluation rebuilds: who may create evaluations and
    commissions this one, while it is a draft or returned."""
    return work.status in WORKING and may_create(user) and may_review(user, work)


def linkable_reports(user: Any) -> QuerySet:
    """The stored evaluation reports ``user`` may link (those they may read)."""
    rows = m.Evaluation.objects.select_related("evaluated_unit").order_by("-year", "title", "id")
    return permissions.visible(user, rows)


def _document(user: Any, pk: int | None) -> m.Evaluation | None:
    if pk is None:
        return None
    row = m.Evaluation.objects.filter(pk=pk).first()
    if row is None or not permissions.can_view(user, row):
        raise WorkError(422, "所选评价报告不存在，或您无权查看。")
    return row


def _assigned(user: Any, work: EvaluationWork) -> bool:
    return getattr(user, "is_authenticated", False) and work.evaluators.filter(pk=user.pk).exists()


def may_evaluate(user: Any, work: EvaluationWork) -> bool:
    """An assigned evaluator allowed to evaluate every project of the work (``can_evaluate``)."""
    if permissions.is_superuser(user):
        return True
    if not _assigned(user, work):
        return False
    return all(permissions.can_evaluate(user, p) for p in work.projects.all())


def may_work(user: Any, work: EvaluationWork) -> bool:
    return work.status in WORKING and may_evaluate(user, work)


def may_view(user: Any, work: EvaluationWork) -> bool:
    return (
        work.status == S.PUBLISHED
        or may_review(user, work)
        or _assigned(user, work)
        or (getattr(user, "is_authenticated", False) and work.created_by_id == user.pk)
    )


def visible_works(user: Any) -> QuerySet:
    works = EvaluationWork.objects.all()
    if permissions.is_superuser(user) or permissions.role_of(user) in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return works
    q = Q(status=S.PUBLISHED)
    if getattr(user, "is_authenticated", False):
        q |= Q(evaluators=user) | Q(created_by=user)
        profile = permissions.profile_of(user)
        if profile is not None and profile.role == m.Role.DEPARTMENT_REVIEWER and profile.organisation_id:
            q |= Q(commissioner_id=profile.organisation_id)
    return works.filter(q).distinct()


def get_work(user: Any, pk: int) -> EvaluationWork:
    work = EvaluationWork.objects.filter(pk=pk).first()
    if work is None or not may_view(user, work):
        if work is not None and not getattr(user, "is_authenticated", False):
            raise WorkError(401, "该评价尚未公开，请先登录。")
        raise WorkError(404, "未找到该评价，或您无权查看。")
    return work


def _require_work(user: Any, work: EvaluationWork) -> None:
    if work.status not in WORKING:
        raise WorkError(403, f"评价当前状态为“{S(work.status).label}”，不能再修改（退回后才能修改）。")
    if not may_evaluate(user, work):
        raise WorkError(403, "您不是该评价的评价人员，或无权评价其中的项目。")


# -- create -------------------------------------------------------------------------------------


@transaction.atomic
def create_work(
    user: Any,
    *,
    kind: str,
    title: str,
    year: int,
    projects: Sequence[int] = (),
    department: int | None = None,
    firm: str = "",
    evaluators: Sequence[str] = (),
    document_evaluation: int | None = None,
) -> EvaluationWork:
    if not may_create(user):
        raise WorkError(403, "只有财政局或主管部门可以创建评价。")
    if kind not in Kind.values:
        raise WorkError(422, f"评价类型应为{'、'.join(Kind.labels)}之一。")
    if not title.strip():
        raise WorkError(422, "请填写评价名称。")
    chosen = list(m.Project.objects.filter(pk__in=projects))
    if len(chosen) != len(set(projects)):
        raise WorkError(422, "所选项目不存在。")
    if not chosen and department is None:
        raise WorkError(422, "请选择被评价的项目或部门。")
    document = _document(user, document_evaluation)
    users = list(get_user_model().objects.filter(username__in=evaluators))
    missing = sorted(set(evaluators) - {u.username for u in users})
    if missing:
        raise WorkError(422, f"没有用户：{'、'.join(missing)}")
    profile = permissions.profile_of(user)
    work = EvaluationWork.objects.create(
        kind=kind,
        title=title.strip(),
        year=year,
        firm=firm.strip(),
        created_by=user,
        department=m.Organisation.objects.filter(pk=department).first() if department else None,
        commissioner=profile.organisation if profile else None,
        document_evaluation=document,
    )
    work.projects.set(chosen)
    work.evaluators.set(users)
    audit.record_change(user, work, {}, {"title": work.title, "kind": work.get_kind_display()}, action="create")
    return work


def link_document(user: Any, work: EvaluationWork, document_evaluation: int | None, version: int | None = None) -> None:
    """Link the stored report ``document_evaluation`` (``None`` unlinks): its published scores are
    then compared with the computed ones."""
    if not may_link(user, work):
        if work.status not in WORKING:
            raise WorkError(403, f"评价当前为“{S(work.status).label}”，不能再修改关联的评价报告（退回后才能修改）。")
        raise WorkError(403, "只有委托方（财政局或主管部门）可以关联已发布的评价报告。")
    _save(user, work, version, document_evaluation=_document(user, document_evaluation))


# -- the indicator system ---------------------------------------------------------------------


def scheme_data(work: EvaluationWork) -> dict[str, Any] | None:
    if not work.scheme.strip():
        return None
    return ws.plain_data(load_tree(ws.SCHEME_SOURCE, work.scheme).value)


def scheme_of(work: EvaluationWork) -> EvaluationScheme | None:
    data = scheme_data(work)
    return None if data is None else ws.load_scheme_data(data)


def _save_scheme(user: Any, work: EvaluationWork, data: Mapping[str, Any], version: int | None, **extra: Any) -> None:
    try:
        ws.load_scheme_data(data)
    except SchemeError as e:
        raise WorkError(422, e.message) from e
    _save(user, work, version, scheme=ws.dump(data), **extra)


def _save(user: Any, work: EvaluationWork, version: int | None, /, **fields: Any) -> None:
    try:
        audit.save_with_version(work, work.version if version is None else version, user, **fields)
    except audit.Conflict as e:
        raise WorkError(409, "该评价已被他人修改，请刷新后再保存。") from e


def start_from_template(user: Any, work: EvaluationWork, template: str, version: int | None = None) -> None:
    _require_work(user, work)
    try:
        data = ws.scheme_template(template)
    except SchemeError as e:
        raise WorkError(422, e.message) from e
    _save_scheme(user, work, data, version, template=template)


def replace_scheme(user: Any, work: EvaluationWork, data: Any, version: int | None = None) -> None:
    """The whole indicator system, as data (the API) or as YAML text (the page)."""
    _require_work(user, work)
    if isinstance(data, str):
        try:
            data = ws.plain_data(load_tree(ws.SCHEME_SOURCE, data).value)
        except SchemeError as e:
            raise WorkError(422, str(e)) from e
    if not isinstance(data, dict):
        raise WorkError(422, "指标体系应为映射（键: 值）。")
    _save_scheme(user, work, data, version)


def change_node(
    user: Any,
    work: EvaluationWork,
    op: str,
    path: Sequence[str],
    values: Mapping[str, Any],
    version: int | None = None,
) -> None:
    """``edit`` the node at ``path``, ``add`` a child ``values`` under it, or ``remove`` it."""
    _require_work(user, work)
    data = scheme_data(work)
    if data is None:
        raise WorkError(422, "请先从模板建立指标体系。")
    try:
        if op == "edit":
            data = ws.edit_node(data, path, values)
        elif op == "add":
            data = ws.add_node(data, path, values)
        elif op == "remove":
            data = ws.remove_node(data, path)
        else:
            raise WorkError(422, "操作应为 edit、add 或 remove。")
    except SchemeError as e:
        raise WorkError(422, e.message) from e
    _save(user, work, version, scheme=ws.dump(data))


# -- measurements -----------------------------------------------------------------------------


def _item_values(row: WorkMeasurement) -> dict[str, Any]:
    values = {k: v for k, v in row.values.items() if v not in (None, "", [])}
    evidence = row.evidence.strip()
    if row.source.strip():
        evidence = f"{evidence}（来源：{row.source.strip()}）" if evidence else f"来源：{row.source.strip()}"
    if evidence:
        values["evidence"] = evidence
    if row.note.strip():
        values["note"] = row.note.strip()
    return values


def measurement_items(work: EvaluationWork, scheme: EvaluationScheme | None = None) -> dict[str, dict[str, Any]]:
    """Indicator → the values of its measurement-file item (those of indicators still in the scheme)."""
    rows = work.measurements.order_by("id")
    names = None if scheme is None else {i.name for i in scheme.items}
    return {r.indicator: _item_values(r) for r in rows if names is None or r.indicator in names}


def enter_measurement(
    user: Any,
    work: EvaluationWork,
    indicator: str,
    values: Mapping[str, Any],
    *,
    evidence: str = "",
    source: str = "",
    note: str = "",
) -> WorkMeasurement:
    """Store one indicator's measurement after the core has read it with all the others (422 if wrong)."""
    _require_work(user, work)
    scheme = scheme_of(work)
    if scheme is None:
        raise WorkError(422, "请先建立评价指标体系。")
    if scheme.item(indicator) is None:
        raise WorkError(422, f"指标体系中没有评分指标“{indicator}”。")
    clean = {k: v for k, v in values.items() if v not in (None, "", [])}
    row = WorkMeasurement(work=work, indicator=indicator, values=clean, evidence=evidence, source=source, note=note)
    items = measurement_items(work, scheme)
    items[indicator] = _item_values(row)
    try:
        ws.load_measurement_data(scheme, items, work.title)
    except SchemeError as e:
        raise WorkError(422, e.message) from e
    with transaction.atomic():
        before = WorkMeasurement.objects.filter(work=work, indicator=indicator).first()
        old = {} if before is None else {"values": before.values, "evidence": before.evidence, "source": before.source}
        row, _ = WorkMeasurement.objects.update_or_create(
            work=work,
            indicator=indicator,
            defaults={"values": clean, "evidence": evidence, "source": source, "note": note, "entered_by": user},
        )
        new = {"values": clean, "evidence": evidence, "source": source}
        audit.record_change(user, work, {f"{indicator}": old}, {f"{indicator}": new}, action="measure")
    return row


# -- scoring, texts, report -------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    scheme: EvaluationScheme
    measurements: Measurements
    result: ScoreResult


def score(work: EvaluationWork) -> Scored | None:
    """The core's score of what was entered (``None`` before an indicator system exists)."""
    scheme = scheme_of(work)
    if scheme is None:
        return None
    measurements = ws.load_measurement_data(scheme, measurement_items(work, scheme), work.title)
    names = [p.name for p in work.projects.all()]
    evaluation = (
        mapping.evaluation_to_model(work.document_evaluation)
        if work.document_evaluation is not None
        else ws.blank_evaluation(
            work.title,
            kind="department" if work.kind == Kind.DEPARTMENT else "finance",
            project="、".join(names) or None,
            unit=work.department.name if work.department else None,
            year=work.year,
            evaluator=work.firm or None,
        )
    )
    return Scored(scheme, measurements, score_evaluation(evaluation, scheme, measurements))


def save_texts(user: Any, work: EvaluationWork, fields: Mapping[str, Any], version: int | None = None) -> None:
    _require_work(user, work)
    unknown = [k for k in fields if k not in FIELDS]
    if unknown:
        raise WorkError(422, f"不能修改的项：{'、'.join(unknown)}")
    _save(user, work, version, **{k: v for k, v in fields.items() if v is not None})


def work_report(work: EvaluationWork, scored: Scored) -> WorkReport:
    return WorkReport(
        title=work.title,
        kind=work.get_kind_display(),
        year=work.year,
        scheme=scored.scheme,
        result=scored.result,
        projects=tuple((p.name, p.budget) for p in work.projects.order_by("id")),
        department=work.department.name if work.department else None,
        commissioner=work.commissioner.name if work.commissioner else None,
        firm=work.firm or None,
        evaluators=tuple(u.get_full_name() or u.get_username() for u in work.evaluators.order_by("id")),
        overview=work.overview,
        work=work.work,
        experience=work.experience,
        problems=work.problems,
        suggestions=work.suggestions,
        evidence={k: v["evidence"] for k, v in measurement_items(work, scored.scheme).items() if v.get("evidence")},
    )


def report_bytes(work: EvaluationWork, fmt: str) -> bytes:
    scored = score(work)
    if scored is None:
        raise WorkError(422, "尚未建立评价指标体系，无法生成报告。")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"report.{fmt}"
        write_work_report(work_report(work, scored), fmt, out)
        return out.read_bytes()


# -- review -----------------------------------------------------------------------------------


def allowed_actions(user: Any, work: EvaluationWork) -> list[Action]:
    out = []
    for a in ACTIONS:
        if work.status not in a.source:
            continue
        if (a.code == "submit" and may_evaluate(user, work)) or (a.code != "submit" and may_review(user, work)):
            out.append(a)
    return out


def transition(user: Any, work: EvaluationWork, code: str, reason: str = "", version: int | None = None) -> None:
    action = next((a for a in allowed_actions(user, work) if a.code == code), None)
    if action is None:
        raise WorkError(403, f"当前状态（{S(work.status).label}）下您不能执行此操作。")
    if action.needs_reason and not reason.strip():
        raise WorkError(422, "退回时请写明理由。")
    if code == "submit":
        scored = score(work)
        if scored is None:
            raise WorkError(422, "尚未建立评价指标体系，不能提交。")
        missing = [i.name for i in scored.scheme.items if scored.measurements.get(i.name) is None]
        if missing:
            raise WorkError(422, f"以下指标尚未录入测量值：{'、'.join(missing)}")
    target = {
        "submit": S.SUBMITTED,
        "return": S.RETURNED,
        "approve": S.BUREAU_APPROVED if permissions.role_of(user) != m.Role.DEPARTMENT_REVIEWER else S.DEPT_APPROVED,
        "publish": S.PUBLISHED,
    }[code]
    try:
        audit.save_with_version(
            work, work.version if version is None else version, user, action=code, reason=reason or None, status=target
        )
    except audit.Conflict as e:
        raise WorkError(409, "该评价已被他人修改，请刷新后再操作。") from e
