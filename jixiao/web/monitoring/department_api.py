"""The 部门整体 monitoring API (a django-ninja router at ``/api/department-monitoring``).

| Method | Path | |
|---|---|---|
| GET | ``/api/department-monitoring?department=&year=`` | the department reports the user may see, with lights |
| GET | ``/api/department-monitoring/{pk}`` | one report: funds, indicators, version, can_edit, result |
| POST | ``/api/department-monitoring`` | draft a report for ``department`` / ``year`` / ``checkpoint`` |
| PUT | ``/api/department-monitoring/{pk}`` | change it (``version``; omitted lists stay unchanged) |
| POST | ``/api/department-monitoring/{pk}/transitions/{action}`` | submit / return / approve / publish (the API's
  common transition route, kind ``department-monitoring``) |
| GET | ``/api/department-monitoring/{pk}/audit`` | the audit trail (the common route) |

The rules are the pages': drafting and lights from the core (:mod:`jixiao.web.monitoring.department`),
a save with a required explanation missing is refused (422, one Chinese line each), the version check
(409), the common workflow (``workflow.states``) and audit trail.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status

from jixiao.model.names import normalise_name as squash
from jixiao.monitor.department import FUND_NAMES, DepartmentMonitoringResult
from jixiao.monitor.model import CAUSES, Checkpoint
from jixiao.web.api.common import current_user, require_login, visible_or_404
from jixiao.web.api.errors import ApiError
from jixiao.web.monitoring import department as dm
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.monitoring.api import ERRORS, MONEY, SHORT, TEXT, Cause, RowIn, row_fields
from jixiao.web.store import models as m
from jixiao.web.workflow import audit, permissions, states

router = Router(tags=["部门整体绩效运行监控"])
Report = mm.DepartmentMonitoringReport


class FundIn(Schema):
    name: SHORT  # one of 年度部门预算总额, 财政性资金, 其他资金, 基本支出, 项目支出
    initial: MONEY | None = None
    executed: MONEY | None = None
    expected: MONEY | None = None


class ReportCreate(Schema):
    department: int
    year: int
    checkpoint: SHORT  # 1-7月 …


class ReportUpdate(Schema):
    version: int
    ruleset: SHORT | None = None
    duty_goal: TEXT | None = None
    tasks: list[SHORT] | None = None
    budget_causes: list[Cause] | None = None
    budget_explanation: TEXT | None = None
    budget_measures: TEXT | None = None
    funds: list[FundIn] | None = None
    indicators: list[RowIn] | None = None


def _dec(v: Any) -> str | None:
    return None if v is None else format(v, "f")


def detail(user: Any, r: Report, result: DepartmentMonitoringResult | None = None) -> dict[str, Any]:
    result = result or dm.evaluate(r)
    return {
        "id": r.pk, "department": {"id": r.department_id, "name": r.department.name},
        "unit": r.unit.name if r.unit_id else None, "year": r.year, "month": r.month, "label": r.label,
        "ruleset": r.ruleset, "status": r.status, "status_label": m.Status(r.status).label, "version": r.version,
        "overall_light": str(result.overall), "missing": len(result.missing), "can_edit": dm.can_edit(user, r),
        "actions": [a.code for a in states.allowed_transitions(user, r)], "notes": list(r.notes or []),
        "result": result.to_dict(),
    }


@router.get("", summary="部门整体监控报告列表（含灯）", response={200: dict, **ERRORS})
def list_reports(request: HttpRequest, department: int | None = None, year: int | None = None):
    user = current_user(request)
    qs = Report.objects.select_related("department", "unit").order_by("-year", "department__name", "month", "id")
    if department is not None:
        qs = qs.filter(department_id=department)
    if year is not None:
        qs = qs.filter(year=year)
    items = [detail(user, r) for r in qs if dm.can_view(user, r)]
    for item in items:
        item.pop("result")
    return {"count": len(items), "results": items}


@router.get("/{pk}", summary="部门整体监控报告（资金、指标、灯和计算过程）", response={200: dict, **ERRORS})
def get_report(request: HttpRequest, pk: int):
    user = current_user(request)
    return detail(user, visible_or_404(Report, user, pk))


@router.post("", summary="按部门整体绩效目标和项目监控预填新建部门整体监控报告", response={201: dict, **ERRORS})
def create_report(request: HttpRequest, payload: ReportCreate):
    user = current_user(request)
    require_login(user)
    org = m.Organisation.objects.filter(pk=payload.department, kind=m.Organisation.Kind.DEPARTMENT).first()
    if org is None:
        raise ApiError(404, "未找到该主管部门。")
    if not dm.can_create(user, org):
        raise ApiError(403, "只有本部门（或其所属单位）的单位填报人可以填报部门整体监控。")
    cp = Checkpoint.parse(payload.checkpoint)
    if cp is None:
        raise ApiError(422, f"监控时点“{payload.checkpoint}”无法识别，请写成“1-7月”或“6月底”。")
    targets = m.DepartmentTargets.objects.filter(department=org, year=payload.year).first()
    if targets is None:
        raise ApiError(422, f"{org.name}还没有{payload.year}年的部门整体绩效目标，无法预填监控。")
    profile = permissions.profile_of(user)
    unit = profile.organisation if profile is not None and profile.organisation_id else org
    try:
        report = dm.create_report(targets, cp, unit)
    except IntegrityError:
        raise ApiError(409, f"{payload.year}年{cp.label}的部门整体监控已存在，请用 PUT 修改。") from None
    audit.record_change(user, report, {}, dm.state(report, dm.funds_of(report), list(report.rows.all())),
                        action="create")
    return Status(201, detail(user, report))


def _rows(report: Report, items: list[RowIn]) -> list[mm.DepartmentMonitoringRow]:
    indicators = list(report.targets.indicators.all()) if report.targets_id else []
    by_id, by_name = {i.pk: i for i in indicators}, {squash(i.name): i for i in indicators}
    rows, problems = [], []
    for k, item in enumerate(items):
        ind = by_id.get(item.indicator) if item.indicator is not None else by_name.get(squash(item.name or ""))
        if ind is None:
            problems.append(f"第{k + 1}个指标：“{item.name or item.indicator}”不在部门整体绩效目标中。")
            continue
        rows.append(mm.DepartmentMonitoringRow(**row_fields(item, ind, k)))
    if problems:
        raise ApiError(422, "提交的数据有误：" + "；".join(problems), problems)
    return rows


@router.put("/{pk}", summary="修改部门整体监控报告（带版本号；规则要求的说明缺失时拒绝）",
            response={200: dict, **ERRORS})
def update_report(request: HttpRequest, pk: int, payload: ReportUpdate):
    user = current_user(request)
    report = visible_or_404(Report, user, pk)
    require_login(user)
    if not dm.can_edit(user, report):
        raise ApiError(403, "您无权修改该部门整体监控（只有填报单位的单位填报人可修改草稿或已退回的报告）。")
    funds, rows = dm.funds_of(report), list(report.rows.all())
    before = dm.state(report, funds, rows)
    given = payload.model_fields_set
    if "ruleset" in given and payload.ruleset is not None:
        if payload.ruleset not in mmap.ruleset_names():
            raise ApiError(422, f"没有名为“{payload.ruleset}”的规则集（可用：{'、'.join(mmap.ruleset_names())}）。")
        report.ruleset = payload.ruleset
    for key in ("duty_goal", "budget_explanation", "budget_measures"):
        if key in given:
            setattr(report, key, (getattr(payload, key) or "").strip())
    if "tasks" in given:
        report.tasks = [t.strip() for t in payload.tasks or [] if t.strip()]
    if "budget_causes" in given:
        report.budget_causes = [c for c in CAUSES if c in (payload.budget_causes or [])]
    if payload.funds is not None:
        by_name = {f.name: f for f in funds}
        unknown = [f.name for f in payload.funds if f.name not in by_name]
        if unknown:
            raise ApiError(422, f"资金行“{'、'.join(unknown)}”无效（应为：{'、'.join(FUND_NAMES)}）。")
        for item in payload.funds:
            for attr in ("initial", "executed", "expected"):
                if attr in item.model_fields_set:
                    setattr(by_name[item.name], attr, getattr(item, attr))
    if payload.indicators is not None:
        rows = _rows(report, payload.indicators)
    result = dm.evaluate(report, funds, rows)
    if result.missing:
        lines = [f"{q.subject}：因{q.reason}，须填写{q.what}。" for q in result.missing]
        raise ApiError(422, f"部门整体监控未保存：按规则须补充说明 {len(lines)} 处。", lines)
    with transaction.atomic():
        audit.save_with_version(report, payload.version, **{f: getattr(report, f) for f in dm.FIELDS})
        dm.save_funds(report, funds)
        dm.save_rows(report, rows)
        audit.record_change(user, report, before, dm.state(report, funds, rows), action="edit")
    return detail(user, report, result)
