"""The monitoring API (a django-ninja router registered on the project's API at ``/api/monitoring``).

| Method | Path | |
|---|---|---|
| GET | ``/api/monitoring?project=&year=&month=&light=&limit=&offset=`` | visible reports with their lights |
| GET | ``/api/monitoring/{pk}`` | one report: fields, rows, version, can_edit, result (the engine's to_dict) |
| POST | ``/api/monitoring`` | a new report for ``project`` at ``checkpoint`` (``"6月底"``, ``"1-7月"``) |
| PUT | ``/api/monitoring/{pk}`` | change a report (with ``version``); ``indicators`` omitted = rows unchanged |

Same rules as the entry page: lights and required explanations come from ``jixiao.monitor.evaluate``;
a report whose required causes / explanation / measures are missing is refused with 422 and one
Chinese line per missing item; who may see / enter is ``permissions.can_view`` / the pages'
``can_enter``; saves use the version check (409 on a stale ``version``) and the audit trail.
Errors have the API's one shape (:mod:`jixiao.web.api.errors`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.monitor.model import Checkpoint, Light, MonitoringResult
from jixiao.numbers import plain
from jixiao.web.api.errors import ApiError
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.monitoring.views import can_enter
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions

router = Router(tags=["绩效运行监控"])

MONEY = Annotated[Decimal, Field(max_digits=18, decimal_places=6, ge=0)]
TEXT = Annotated[str, Field(max_length=5000)]
SHORT = Annotated[str, Field(max_length=300)]
Cause = Literal["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
LikelihoodIn = Literal["确定能", "有可能", "完全不可能"]


class ErrorOut(Schema):
    ok: bool = False
    error: str
    errors: list[str]
    status: int


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class RowIn(Schema):
    indicator: int | None = None  # id of the goal table's indicator (else matched by name)
    name: SHORT | None = None  # 三级指标
    target: SHORT = ""  # 年度指标值; blank = the goal table's
    progress: SHORT = ""  # 执行情况
    expected: SHORT = ""  # 全年预计完成情况
    likelihood: LikelihoodIn | None = None
    causes: list[Cause] = []
    explanation: TEXT = ""
    measures: TEXT = ""


class ReportFields(Schema):
    ruleset: SHORT | None = None
    executed: MONEY | None = None
    budget: MONEY | None = None
    expected_executed: MONEY | None = None
    budget_causes: list[Cause] | None = None
    budget_explanation: TEXT | None = None
    budget_measures: TEXT | None = None
    indicators: list[RowIn] | None = None


class ReportCreate(ReportFields):
    project: int
    checkpoint: SHORT


class ReportUpdate(ReportFields):
    version: int
    checkpoint: SHORT | None = None


# -- helpers ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or AnonymousUser()


def _login(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise ApiError(401, "请先登录，或在请求头中提供有效的令牌（Authorization: Bearer <令牌>）。")


def _visible_project(user: Any, pk: int) -> m.Project:
    project = m.Project.objects.filter(pk=pk).select_related("unit").first()
    if project is None:
        raise ApiError(404, "未找到该项目。")
    if not permissions.can_view(user, project):
        if not getattr(user, "is_authenticated", False):
            raise ApiError(401, "该项目尚未公开，请先登录。")
        raise ApiError(404, "未找到该项目，或您无权查看。")
    return project


def _report(user: Any, pk: int) -> mm.MonitoringReport:
    report = mm.MonitoringReport.objects.filter(pk=pk).select_related("project", "project__unit").first()
    if report is None or not permissions.can_view(user, report.project):
        if report is not None and not getattr(user, "is_authenticated", False):
            raise ApiError(401, "该监控报告尚未公开，请先登录。")
        raise ApiError(404, "未找到该监控报告，或您无权查看。")
    return report


def _require_enter(user: Any, project: m.Project, report: mm.MonitoringReport | None) -> None:
    _login(user)
    if not can_enter(user, project, report):
        raise ApiError(403, "您无权填报或修改该项目的监控报告（单位填报人只能填报本单位、草稿或已退回的监控报告）。")


def _dec(v: Decimal | None) -> str | None:
    return None if v is None else plain(v)


def _checkpoint(text: str, month: int | None = None) -> Checkpoint:
    cp = Checkpoint.parse(text)
    if cp is None:
        raise ApiError(422, f"监控时点“{text}”无法识别，请写成“6月底”或“1-7月”。")
    if month is not None and cp.month != month:
        raise ApiError(422, f"监控时点“{text}”与该报告的月份（{month}月）不符；其他月份请新建监控报告。")
    return cp


def _rows(project: m.Project, items: list[RowIn]) -> list[mm.MonitoringRow]:
    indicators = {i.pk: i for i in project.indicators.all()}
    rows, problems = [], []
    for k, item in enumerate(items):
        ind = indicators.get(item.indicator) if item.indicator is not None else None
        if item.indicator is not None and ind is None:
            problems.append(f"第{k + 1}个指标：指标编号 {item.indicator} 不属于该项目。")
            continue
        if ind is None:
            ind = mmap.match_indicator(project, item.name or "")
            if ind is None:
                problems.append(f"第{k + 1}个指标：“{item.name or ''}”不在该项目的绩效目标表中。")
                continue
        rows.append(mm.MonitoringRow(**row_fields(item, ind, k)))
    if problems:
        raise ApiError(422, "提交的数据有误：" + "；".join(problems), problems)
    return rows


def row_fields(item: RowIn, ind: Any, k: int) -> dict[str, Any]:
    """A monitoring row's fields from the API's row and its indicator (project and 部门整体 rows alike)."""
    return dict(
        indicator=ind, position=k, level1=ind.level1, level2=ind.level2, name=ind.name,
        target_raw=item.target.strip(), progress_raw=item.progress.strip(), expected_raw=item.expected.strip(),
        likelihood=item.likelihood or "", explanation=item.explanation.strip(), measures=item.measures.strip(),
        **{f: mm.CAUSE_BY_FIELD[f] in item.causes for f in mm.CAUSE_FIELDS},
    )


def _apply(report: mm.MonitoringReport, payload: ReportFields) -> None:
    given = payload.model_fields_set
    if "ruleset" in given and payload.ruleset is not None:
        if payload.ruleset not in mmap.ruleset_names():
            names = "、".join(mmap.ruleset_names())
            raise ApiError(422, f"没有名为“{payload.ruleset}”的规则集（可用：{names}）。")
        report.ruleset = payload.ruleset
    for key in ("executed", "budget", "expected_executed"):
        if key in given:
            setattr(report, key, getattr(payload, key))
    if "budget_causes" in given:
        report.budget_causes = [c for c in mm.CAUSE_BY_FIELD.values() if c in (payload.budget_causes or [])]
    for key in ("budget_explanation", "budget_measures"):
        if key in given:
            setattr(report, key, (getattr(payload, key) or "").strip())


def _check(report: mm.MonitoringReport, rows: list[mm.MonitoringRow]) -> MonitoringResult:
    """The engine's result; 422 when the executed amount or a required explanation is missing."""
    if report.executed is None:
        raise ApiError(422, "请填写截至监控时点的累计执行数（executed，万元）。")
    result = mmap.evaluate_report(report, rows)
    if result.missing:
        lines = [f"{q.subject}：因{q.reason}，须填写{q.what}。" for q in result.missing]
        raise ApiError(422, f"监控报告未保存：按规则须补充说明 {len(lines)} 处。", lines)
    return result


def _row_out(r: mm.MonitoringRow) -> dict[str, Any]:
    return {
        "indicator": r.indicator_id, "level1": r.level1, "level2": r.level2, "name": r.name,
        "target": r.target_raw, "progress": r.progress_raw, "expected": r.expected_raw,
        "likelihood": r.likelihood or None, "causes": list(r.causes), "explanation": r.explanation,
        "measures": r.measures,
    }


def _summary(user: Any, r: mm.MonitoringReport, result: MonitoringResult) -> dict[str, Any]:
    p = r.project
    return {
        "id": r.pk,
        "project": {"id": p.pk, "name": p.name, "code": p.code, "year": p.year,
                    "unit": p.unit.name if p.unit_id else None},
        "month": r.month, "label": r.label, "year": r.year, "ruleset": r.ruleset,
        "status": r.status, "status_label": m.Status(r.status).label, "version": r.version,
        "executed": _dec(r.executed), "execution_rate": _dec(result.execution_rate),
        "budget_light": str(result.budget_verdict.light), "project_light": str(result.project_light),
        "overall_light": str(result.overall), "missing": len(result.missing),
        "can_edit": can_enter(user, p, r),
    }


def _detail(user: Any, r: mm.MonitoringReport, result: MonitoringResult | None = None) -> dict[str, Any]:
    result = result or mmap.evaluate_row(r)
    return {
        **_summary(user, r, result),
        "budget": _dec(r.budget), "expected_executed": _dec(r.expected_executed),
        "budget_causes": list(r.budget_causes or []), "budget_explanation": r.budget_explanation,
        "budget_measures": r.budget_measures,
        "indicators": [_row_out(x) for x in r.rows.order_by("position", "id")],
        "result": result.to_dict(),
    }


# -- endpoints --------------------------------------------------------------------------------


@router.get("", summary="监控报告列表（仅本人可见的，含灯）", response={200: dict, **ERRORS})
def list_reports(request: HttpRequest, project: int | None = None, year: int | None = None, month: int | None = None,
                 light: Literal["red", "yellow", "green", "blue", "none"] | None = None, limit: int = 100,
                 offset: int = 0):
    user = _user(request)
    projects = permissions.visible(user, m.Project.objects.all())
    qs = mm.MonitoringReport.objects.filter(project__in=projects).select_related("project", "project__unit")
    if project is not None:
        qs = qs.filter(project_id=project)
    if year is not None:
        qs = qs.filter(project__year=year)
    if month is not None:
        qs = qs.filter(month=month)
    items = []
    for r in qs.order_by("project__year", "project_id", "month", "id"):
        result = mmap.evaluate_row(r)
        if light is None or result.overall is Light(light):
            items.append(_summary(user, r, result))
    offset, limit = max(0, offset), min(max(1, limit), 1000)
    return {"count": len(items), "results": items[offset : offset + limit]}


@router.get("/{pk}", summary="监控报告（字段、指标、灯和计算过程）", response={200: dict, **ERRORS})
def get_report(request: HttpRequest, pk: int):
    user = _user(request)
    return _detail(user, _report(user, pk))


@router.post("", summary="新建监控报告（红灯、黄灯或可能性非“确定能”时须填写原因和措施）",
             response={201: dict, **ERRORS})
def create_report(request: HttpRequest, payload: ReportCreate):
    user = _user(request)
    _login(user)
    project = _visible_project(user, payload.project)
    _require_enter(user, project, None)
    cp = _checkpoint(payload.checkpoint)
    existing = mm.MonitoringReport.objects.filter(project=project, month=cp.month).first()
    if existing is not None:
        raise ApiError(409, f"该项目{existing.label}已有监控报告（编号 {existing.pk}），请用 PUT 修改。")
    report = mm.MonitoringReport(project=project, month=cp.month, label=cp.label, year=project.year)
    _apply(report, payload)
    rows = _rows(project, payload.indicators) if payload.indicators is not None else mmap.blank_rows(project)
    result = _check(report, rows)
    try:
        with transaction.atomic():
            report.save()
            mmap.save_rows(report, rows)
            audit.record_change(user, report, {}, mmap.state(report, rows), action="create")
    except IntegrityError:
        raise ApiError(409, "该项目该时点的监控报告刚被他人创建，请刷新后用 PUT 修改。") from None
    return Status(201, _detail(user, report, result))


@router.put("/{pk}", summary="修改监控报告（带版本号；规则要求的说明缺失时拒绝）", response={200: dict, **ERRORS})
def update_report(request: HttpRequest, pk: int, payload: ReportUpdate):
    user = _user(request)
    report = _report(user, pk)
    _require_enter(user, report.project, report)
    old_rows = list(report.rows.select_related("indicator").order_by("position", "id"))
    before = mmap.state(report, old_rows)
    if payload.checkpoint:
        report.label = _checkpoint(payload.checkpoint, report.month).label
    _apply(report, payload)
    rows = _rows(report.project, payload.indicators) if payload.indicators is not None else old_rows
    result = _check(report, rows)
    fields = {f: getattr(report, f) for f in ("label", "ruleset", "executed", "budget", "expected_executed",
                                              "budget_causes", "budget_explanation", "budget_measures")}
    with transaction.atomic():
        audit.save_with_version(report, payload.version, **fields)
        if payload.indicators is not None:
            mmap.save_rows(report, rows)
        audit.record_change(user, report, before, mmap.state(report, rows), action="edit")
    return _detail(user, report, result)
