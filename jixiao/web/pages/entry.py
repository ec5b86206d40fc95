"""Data entry: a project's target table, a self-evaluation, and document upload.

- The target grammar is checked as one types (:func:`check_target`, an htmx endpoint calling
  ``jixiao.grammar.parse_target``); saving repeats the check for every changed 指标值.
- The self-evaluation's score is recomputed as one types (:func:`selfeval_score`): the form data
  replace the stored values in the core record, which ``jixiao.rules.score_self`` scores.
- Saving is optimistic (``access.save_versioned``: refused with a Chinese message when someone
  saved first) and every save is written to the audit trail (``access.record_change``).
- Uploads become :class:`~jixiao.web.pages.models.ImportJob` rows read by a background task
  (:mod:`jixiao.web.pages.tasks`); the job page polls its progress.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from jixiao.findings import make_finding
from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.model import codec
from jixiao.model.finding import Severity
from jixiao.model.selfeval import Figure
from jixiao.model.source import Source
from jixiao.model.target import TargetValue, ValueKind
from jixiao.numbers import plain
from jixiao.web.pages import access, analysis, entered
from jixiao.web.pages.models import ImportJob
from jixiao.web.store import links, mapping
from jixiao.web.store import models as m

PLAN_CHECKPOINTS = (("3月底", 3), ("6月底", 6), ("10月底", 10), ("12月底", 12))
INDICATOR_FIELDS = ("level1", "level2", "name", "description", "target", "basis")
INDICATOR_PREFIX = "ind_"  # posted as ind_level1, ind_name, ind_target … (one value per row)
FUND_FIELDS = (("budget", "预算数"), ("fiscal_funds", "其中：财政资金"), ("other_funds", "其他资金"))
BLOCKING = (Severity.ERROR, Severity.WARNING)


# ---------------------------------------------------------------- the target grammar


@dataclass(frozen=True)
class Verdict:
    """What the grammar says about one 指标值: messages (Chinese) or a confirmation."""

    text: str
    value: TargetValue
    messages: tuple[tuple[str, str], ...]  # (severity, message)
    confirmation: str | None

    @property
    def blocking(self) -> bool:
        return any(sev in BLOCKING for sev, _ in self.messages)


def judge_target(text: str, role: str = "target") -> Verdict:
    parsed = parse_target(text, role=role)
    messages = []
    for problem in parsed.problems:
        finding = make_finding(problem.code, Source(""), **problem.params)
        messages.append((str(finding.severity), finding.message))
    if parsed.value.kind == ValueKind.EMPTY and text.strip() == "":
        messages.append(("error", "请填写指标值。"))
    confirmation = None if any(s in BLOCKING for s, _ in messages) else "已识别：" + describe(parsed.value)
    return Verdict(text, parsed.value, tuple(messages), confirmation)


def describe(v: TargetValue) -> str:
    """A short Chinese reading of a parsed value: ``≥ 3 次``, ``日期 2023-10-31（月底）``."""
    if v.kind in (ValueKind.NUMBER, ValueKind.DURATION):
        parts = [str(v.comparison) if v.comparison else "", format(v.number, "f") if v.number is not None else ""]
        unit = (v.unit or "") + (f"/{v.per}" if v.per else "") + (f"（{v.qualifier}）" if v.qualifier else "")
        parts.append(unit)
        return " ".join(p for p in parts if p)
    if v.kind == ValueKind.DATE and v.date is not None:
        bound = {"end": "（底）", "before": "（之前）"}.get(v.date_bound or "", "")
        sign = f"{v.comparison} " if v.comparison else ""
        return f"日期 {sign}{v.date.isoformat()}{bound}"
    if v.kind == ValueKind.QUALITATIVE:
        return f"定性表述“{v.raw}”"
    if v.kind == ValueKind.EMPTY:
        return "空"
    return f"文字“{v.raw}”"


@login_required
@require_http_methods(["GET", "POST"])
def check_target(request: HttpRequest) -> HttpResponse:
    """htmx: the grammar's verdict on the 指标值 being typed (field ``target``, or ``actual``)."""
    data = request.POST if request.method == "POST" else request.GET
    role = "actual" if "actual" in data else "target"
    text = next((data[k] for k in ("ind_target", "target", "actual", "text") if k in data), "")
    last = None
    if role == "target" and data.get("ind_name") and data.get("ctx_unit", "").isdigit():
        unit = m.Organisation.objects.filter(pk=int(data["ctx_unit"])).first()
        year = data.get("ctx_year") or data.get("year") or ""
        if unit is not None and access.can_create_project(request.user, unit) and year.isdigit():
            found = entered.last_year_actuals(unit, int(year), data.get("name", ""), [data["ind_name"]])
            last = found.get(0)
    context = {"v": judge_target(text, role), "last": last}
    return render(request, "pages/partials/target_verdict.html", context)


# ---------------------------------------------------------------- project: create and edit


@dataclass
class ProjectForm:
    """The posted target table, parsed; ``errors`` by field (``"budget"``, ``"target-3"``, …)."""

    values: dict[str, Any]
    indicators: list[dict[str, str]]
    plan: list[dict[str, Any]]
    errors: dict[str, str] = field(default_factory=dict)
    verdicts: dict[int, Verdict] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def _money(text: str) -> tuple[Decimal | None, bool]:
    text = (text or "").strip()
    if not text:
        return None, True
    value = parse_decimal(text)
    return value, value is not None


def parse_project_form(post: Any, old_targets: list[str]) -> ProjectForm:
    values: dict[str, Any] = {k: (post.get(k) or "").strip() for k in ("name", "code", "purpose", "goal", "year")}
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = "请填写项目名称。"
    for key, label in FUND_FIELDS:
        raw = post.get(key, "")
        value, ok = _money(raw)
        values[key] = value
        values[key + "_raw"] = raw
        if not ok:
            errors[key] = f"{label}“{raw}”不是有效金额（请填写数字，如 208.40）。"
    plan = []
    for i, (label, month) in enumerate(PLAN_CHECKPOINTS):
        raw = (post.get(f"plan-{i}") or "").strip()
        value, ok = _money(raw)
        if not ok:
            errors[f"plan-{i}"] = f"{label}计划数“{raw}”不是有效金额。"
        plan.append({"label": label, "month": month, "raw": raw, "amount": value})
    lists = {name: post.getlist(INDICATOR_PREFIX + name) for name in INDICATOR_FIELDS}
    count = max((len(v) for v in lists.values()), default=0)
    indicators = []
    for i in range(count):
        ind = {name: (lists[name][i] if i < len(lists[name]) else "").strip() for name in INDICATOR_FIELDS}
        if any(ind.values()):
            indicators.append(ind)
    form = ProjectForm(values, indicators, plan, errors)
    if not indicators:
        errors["indicators"] = "请至少填写一个绩效指标。"
    for i, ind in enumerate(indicators):
        if not ind["name"]:
            errors[f"name-{i}"] = "请填写三级指标名称。"
        verdict = judge_target(ind["target"])
        form.verdicts[i] = verdict
        changed = ind["target"] not in old_targets
        if verdict.blocking and (changed or not ind["target"]):
            errors[f"target-{i}"] = "；".join(msg for _, msg in verdict.messages)
    return form


def _project_state(row: m.Project) -> dict[str, Any]:
    """The audited content of a project (JSON-able)."""
    state: dict[str, Any] = {
        k: getattr(row, k) for k in ("name", "code", "purpose", "goal", "budget", "fiscal_funds", "other_funds")
    }
    state = {k: (plain(v) if isinstance(v, Decimal) else v) for k, v in state.items()}
    state["indicators"] = [
        f"{i.level1}/{i.level2}/{i.name}：{i.target_raw}（{i.basis or ''}）"
        for i in row.indicators.order_by("position", "id")
    ]
    state["plan"] = [f"{p.label}：{p.raw}" for p in row.plan_points.order_by("position", "id")]
    return state


def _save_children(row: m.Project, form: ProjectForm) -> None:
    existing = list(row.indicators.order_by("position", "id"))
    for i, ind in enumerate(form.indicators):
        target = codec.encode(form.verdicts[i].value)
        fields = {k: ind[k] for k in ("level1", "level2", "name", "description")}
        fields.update(target_raw=ind["target"], target=target, basis=ind["basis"] or None, position=i)
        if i < len(existing):
            for k, v in fields.items():
                setattr(existing[i], k, v)
            existing[i].save()
        else:
            m.Indicator.objects.create(project=row, **fields)
    for extra in existing[len(form.indicators) :]:
        extra.delete()
    points = list(row.plan_points.order_by("position", "id"))
    if not points and not any(p["raw"] for p in form.plan):
        return
    if row.plan_header is None:
        row.plan_header = "资金支出计划（万元）"  # the instance too: its model is built (and kept) from it
        m.Project.objects.filter(pk=row.pk).update(plan_header=row.plan_header)
    for i, p in enumerate(form.plan):
        if i < len(points):
            points[i].amount, points[i].raw = p["amount"], p["raw"]
            points[i].save(update_fields=["amount", "raw"])
        else:
            m.PlanPoint.objects.create(
                project=row, position=i, label=p["label"], month=p["month"], amount=p["amount"], raw=p["raw"]
            )


def _project_fields(form: ProjectForm) -> dict[str, Any]:
    v = form.values
    return {
        "name": v["name"],
        "code": v["code"] or None,
        "purpose": v["purpose"] or None,
        "goal": v["goal"] or None,
        "budget": v["budget"],
        "fiscal_funds": v["fiscal_funds"],
        "other_funds": v["other_funds"],
    }


def _initial_form(row: m.Project) -> ProjectForm:
    values = {k: getattr(row, k) or "" for k in ("name", "code", "purpose", "goal")}
    for key, _ in FUND_FIELDS:
        value = getattr(row, key)
        values[key + "_raw"] = plain(value)
    indicators = [
        {
            "level1": i.level1,
            "level2": i.level2,
            "name": i.name,
            "description": i.description,
            "target": i.target_raw,
            "basis": i.basis or "",
        }
        for i in row.indicators.order_by("position", "id")
    ]
    points = {p.position: p for p in row.plan_points.order_by("position", "id")}
    plan = [
        {
            "label": points[i].label if i in points else label,
            "month": month,
            "raw": points[i].raw if i in points else "",
        }
        for i, (label, month) in enumerate(PLAN_CHECKPOINTS)
    ]
    return ProjectForm(values, indicators, plan)


def _year(text: Any) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() else None


def _render_project_form(request: HttpRequest, row: m.Project | None, form: ProjectForm, **extra: Any) -> HttpResponse:
    unit = row.unit if row is not None else extra.get("unit")
    year = row.year if row is not None else _year(form.values.get("year"))
    name = form.values.get("name") or (row.name if row is not None else "")
    lasts = entered.last_year_actuals(unit, year, name or "", [ind.get("name", "") for ind in form.indicators])
    rows = [
        {
            "ind": ind,
            "error": form.errors.get(f"target-{i}"),
            "name_error": form.errors.get(f"name-{i}"),
            "last": lasts.get(i),
        }
        for i, ind in enumerate(form.indicators)
    ]
    context = {"p": row, "form": form, "rows": rows, "errors": form.errors, **extra}
    status = 400 if form.errors or extra.get("stale") else 200
    return render(request, "pages/project_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.Project.objects.select_related("unit"), pk=pk)
    if not access.can_edit(request.user, row):
        raise PermissionDenied("您不能修改此项目（仅本单位填报人可修改草稿或已退回的记录）。")
    if request.method == "GET":
        return _render_project_form(request, row, _initial_form(row), version=row.version)
    old_targets = list(row.indicators.values_list("target_raw", flat=True))
    form = parse_project_form(request.POST, old_targets)
    seen = request.POST.get("version")
    if not form.valid:
        return _render_project_form(request, row, form, version=seen)
    before = _project_state(row)
    try:
        with access.atomic():
            access.save_versioned(row, seen, **_project_fields(form))
            _save_children(row, form)
            row.refresh_from_db()
            access.record_change(request.user, row, before, _project_state(row), action="edit")
    except access.Stale as e:
        return _render_project_form(request, row, form, version=seen, stale=e.message)
    _saved(request, row)
    return redirect("pages:project", pk=row.pk)


def _saved(request: HttpRequest, row: m.Project) -> None:
    """The confirmation of a save, with what the checks (run again on the saved project) found."""
    if row.source_document_id:
        found = "检查已按保存后的内容重新运行，结果见各指标行和页首。"
    else:
        row.refresh_from_db()  # as saved (children and fields written by queries included)
        found = entered.findings_summary(entered.project_findings(row))
    notices.success(request, f"已保存“{row.name}”（第 {row.version} 版）。{found}")


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest, unit: int) -> HttpResponse:
    org = get_object_or_404(m.Organisation, pk=unit, kind=m.Organisation.Kind.UNIT)
    if not access.can_create_project(request.user, org):
        raise PermissionDenied("您不能为此单位新建项目。")
    if request.method == "GET":
        empty = ProjectForm(
            {}, [dict.fromkeys(INDICATOR_FIELDS, "")], [{"label": lbl, "raw": ""} for lbl, _ in PLAN_CHECKPOINTS]
        )
        return _render_project_form(request, None, empty, unit=org, version=1)
    form = parse_project_form(request.POST, [])
    if not form.valid:
        return _render_project_form(request, None, form, unit=org, version=1)
    with access.atomic():
        row = m.Project.objects.create(unit=org, year=_year(form.values["year"]), **_project_fields(form))
        row.title = f"{row.name}绩效目标表"
        row.save(update_fields=["title"])
        _save_children(row, form)
        access.record_change(request.user, row, {}, _project_state(row), action="create")
        links.link_units([org.pk])  # the unit's forms and reports naming it are linked to it
    _saved(request, row)
    return redirect("pages:project", pk=row.pk)


# ---------------------------------------------------------------- self-evaluation entry


def _figure(raw: str, old: Figure | None) -> Figure | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    return Figure(raw, parse_decimal(raw), old.source if old else Source(""))


def form_with_entries(row: m.SelfEvaluation, post: Any) -> Any:
    """The stored self-evaluation with the posted actual values, scores and amounts in place."""
    form = mapping.selfeval_to_model(row)
    indicators = []
    for i, it in enumerate(form.indicators):
        actual = post.get(f"actual-{i}")
        score = post.get(f"score-{i}")
        changes: dict[str, Any] = {}
        if actual is not None and actual.strip() != it.actual.raw:
            changes["actual"] = parse_target(actual, role="actual").value
        if score is not None:
            changes["score"] = _figure(score, it.score)
        if post.get(f"deviation-{i}") is not None:
            changes["deviation"] = post.get(f"deviation-{i}").strip() or None
        indicators.append(dataclasses.replace(it, **changes))
    lines = []
    for i, line in enumerate(form.budget_lines):
        changes = {}
        for name in ("adjusted", "executed"):
            raw = post.get(f"{name}-{i}")
            if raw is not None:
                changes[name] = _figure(raw, getattr(line, name))
        lines.append(dataclasses.replace(line, **changes))
    total = post.get("total")
    return dataclasses.replace(
        form,
        indicators=tuple(indicators),
        budget_lines=tuple(lines),
        total=_figure(total, form.total) if total is not None else form.total,
        goal_actual=post.get("goal_actual", form.goal_actual),
        low_score_explanation=post.get("low_score_explanation", form.low_score_explanation),
    )


def _selfeval_state(row: m.SelfEvaluation) -> dict[str, Any]:
    state: dict[str, Any] = {
        "goal_actual": row.goal_actual,
        "low_score_explanation": row.low_score_explanation,
        "total": row.total_raw,
    }
    for r in row.indicator_results.order_by("position", "id"):
        state[f"{r.name}·实际完成值"] = r.actual_raw
        state[f"{r.name}·得分"] = r.score_raw
        state[f"{r.name}·偏差原因"] = r.deviation
    for line in row.budget_lines.order_by("position", "id"):
        state[f"{line.name}·全年预算数"] = line.adjusted_raw
        state[f"{line.name}·全年执行数"] = line.executed_raw
    return state


def _store_entries(row: m.SelfEvaluation, form: Any) -> None:
    """Write the entered values (a core SelfEvaluation) back into the rows."""
    for r, it in zip(row.indicator_results.order_by("position", "id"), form.indicators, strict=False):
        r.actual_raw, r.actual = it.actual.raw, codec.encode(it.actual)
        r.score_raw, r.score_value = (it.score.raw, it.score.value) if it.score else (None, None)
        r.deviation = it.deviation
        r.save(update_fields=["actual_raw", "actual", "score_raw", "score_value", "deviation"])
    for line_row, line in zip(row.budget_lines.order_by("position", "id"), form.budget_lines, strict=False):
        for name in ("adjusted", "executed"):
            fig = getattr(line, name)
            setattr(line_row, f"{name}_raw", fig.raw if fig else None)
            setattr(line_row, f"{name}_value", fig.value if fig else None)
        line_row.save()


@login_required
@require_http_methods(["GET", "POST"])
def selfeval_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(m.SelfEvaluation.objects.select_related("unit", "final_accounts"), pk=pk)
    if not access.can_edit(request.user, row):
        raise PermissionDenied("您不能修改此自评表（仅本单位填报人可修改草稿或已退回的记录）。")
    if row.scheme:  # made in the app from the year's records: scores are computed there, an override needs a reason
        return redirect("pages:selfeval_yearend", pk=row.pk)
    stale = None
    if request.method == "POST":
        form = form_with_entries(row, request.POST)
        before = _selfeval_state(row)
        total = form.total
        try:
            with access.atomic():
                access.save_versioned(
                    row,
                    request.POST.get("version"),
                    goal_actual=form.goal_actual,
                    low_score_explanation=form.low_score_explanation or None,
                    total_raw=total.raw if total else None,
                    total_value=total.value if total else None,
                )
                _store_entries(row, form)
                row.refresh_from_db()
                access.record_change(request.user, row, before, _selfeval_state(row), action="edit")
            notices.success(request, f"已保存（第 {row.version} 版）。检查已按保存后的内容重新运行，结果见表中各行。")
            return redirect("pages:selfeval", pk=row.pk)
        except access.Stale as e:
            stale = e.message
    result = analysis.score_selfeval(row)
    context = {
        "se": row,
        "results": list(row.indicator_results.order_by("position", "id")),
        "lines": list(row.budget_lines.order_by("position", "id")),
        "result": result,
        "version": request.POST.get("version", row.version) if stale else row.version,
        "stale": stale,
    }
    return render(request, "pages/selfeval_form.html", context, status=409 if stale else 200)


@login_required
@require_POST
def selfeval_score(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the score recomputed from the form as typed (nothing is saved)."""
    row = get_object_or_404(m.SelfEvaluation, pk=pk)
    if not access.can_view(request.user, row):
        raise PermissionDenied("您没有查看此记录的权限。")
    result = analysis.score_selfeval_model(form_with_entries(row, request.POST))
    return render(request, "pages/partials/score_working.html", {"result": result, "live": True})


# ---------------------------------------------------------------- upload


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not access.can_upload(request.user):
        raise PermissionDenied("您没有上传文件的权限。")
    error = None
    if request.method == "POST":
        file = request.FILES.get("file")
        error = "请选择要上传的文件。" if file is None else access.validate_upload(file)
        if error is None:
            job = start_import(file.name, file.read(), request.user)
            return redirect("pages:job", pk=job.pk)
    jobs = ImportJob.objects.filter(user=request.user).order_by("-created", "-id")[:10]
    return render(request, "pages/upload.html", {"error": error, "jobs": jobs}, status=400 if error else 200)


def start_import(name: str, data: bytes, user: Any) -> ImportJob:
    """Queue the import of an upload (the worker of ``jixiao serve`` runs it)."""
    from jixiao.web.pages.tasks import import_upload

    job = ImportJob.objects.create(file_name=name[:255], raw=data, size=len(data), user=user)
    result = import_upload.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress; while running, the page polls :func:`job` with htmx."""
    found = get_object_or_404(ImportJob.objects.select_related("document"), pk=pk)
    if found.user_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied("这不是您的导入任务。")
    if not found.finished and ImportJob.fail_abandoned():  # its worker may have died (JOB_LEASE)
        found.refresh_from_db()
    sd = found.document
    context = {
        "job": found,
        "sd": sd,
        "projects": list(sd.projects.select_related("unit").order_by("position", "id")) if sd else [],
        "selfevals": list(sd.self_evaluations.order_by("position", "id")) if sd else [],
        "tables": len((sd.snapshot.get("accounts") or {}).get("tables") or []) if sd else 0,
        "evaluations": list(sd.evaluations.order_by("position", "id")) if sd else [],
    }
    template = "pages/partials/job_status.html" if request.htmx else "pages/job.html"
    return render(request, template, context)


@login_required
@require_POST
def job_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploader's choice for a file already stored: ``version`` (import as a new version) or ``cancel``."""
    found = get_object_or_404(ImportJob, pk=pk)
    if found.user_id != request.user.pk:
        raise PermissionDenied("这不是您的导入任务。")
    if found.stage != ImportJob.Stage.DUPLICATE:
        raise PermissionDenied("此导入任务不在等待确认的状态。")
    if request.POST.get("choice") == "version":
        found.as_version, found.stage, found.percent, found.message = True, ImportJob.Stage.QUEUED, 0, ""
        found.save(update_fields=["as_version", "stage", "percent", "message", "updated"])
        from jixiao.web.pages.tasks import import_upload

        import_upload.enqueue(found.pk)
    else:
        found.raw, found.stage, found.message = b"", ImportJob.Stage.CANCELLED, "已取消，文件未导入。"
        found.save(update_fields=["raw", "stage", "message", "updated"])
    return redirect("pages:job", pk=found.pk)
