"""The monitoring entry form: posted fields → an unsaved report and rows, and the Chinese errors.

Field names: ``label``, ``ruleset``, ``executed``, ``budget``, ``expected_executed``, ``budget_causes``
(checkboxes, values = the cause names), ``budget_explanation``, ``budget_measures``; per indicator
row ``k``: ``row-k-indicator`` (id of the goal table's indicator), ``row-k-name``, ``row-k-level1``,
``row-k-level2``, ``row-k-target``, ``row-k-progress``, ``row-k-expected``, ``row-k-likelihood``,
``row-k-causes`` (checkboxes), ``row-k-explanation``, ``row-k-measures``; ``row_count``.

Which explanations are required is the engine's decision (``MonitoringResult.missing``: a light in the
rule set's ``explanation.lights`` or a likelihood in ``explanation.likelihoods``); this module only puts
each missing one under the field concerned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.ingest.text import parse_decimal
from jixiao.monitor.engine import BUDGET_SUBJECT
from jixiao.monitor.model import CAUSES, Checkpoint, Likelihood, MonitoringResult
from jixiao.web.monitoring import mapping as mmap
from jixiao.web.monitoring import models as mm
from jixiao.web.store import models as m

MONEY_FIELDS = (("executed", "累计执行数"), ("budget", "年初预算数"), ("expected_executed", "全年预计执行数"))
WHAT_FIELD = {"偏差原因": "causes", "原因说明": "explanation", "整改措施": "measures"}
WHAT_ASK = {"causes": "必须勾选偏差原因（至少一项）", "explanation": "必须填写原因说明",
            "measures": "必须填写整改措施（备注）"}
LIKELIHOODS = tuple(str(v) for v in Likelihood)


@dataclass
class EntryForm:
    report: mm.MonitoringReport  # unsaved values (or the stored row updated in memory)
    rows: list[mm.MonitoringRow]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def money(raw: str) -> tuple[Decimal | None, bool]:
    raw = (raw or "").strip().replace("，", ",")
    if not raw:
        return None, True
    value = parse_decimal(raw)
    return value, value is not None and value >= 0


def _causes(values: list[str]) -> list[str]:
    return [c for c in CAUSES if c in values]


def parse(post: Any, project: m.Project, stored: mm.MonitoringReport | None, month: int) -> EntryForm:
    """The posted form as an unsaved report (``stored`` updated in memory when there is one)."""
    errors: dict[str, str] = {}
    report = stored or mm.MonitoringReport(project=project, month=month, year=project.year)
    label = (post.get("label") or "").strip() or report.label or f"{month}月底"
    cp = Checkpoint.parse(label)
    if cp is None or cp.month != month:
        errors["label"] = (f"监控时点“{label}”无法识别或与所选月份（{month}月）不符，"
                           f"请写成“{month}月底”或“1-{month}月”。")
    report.label = cp.label if cp else label
    name = (post.get("ruleset") or report.ruleset or mmap.DEFAULT_RULESET).strip()
    if name not in mmap.ruleset_names():
        errors["ruleset"] = f"没有名为“{name}”的规则集。"
        name = mmap.DEFAULT_RULESET
    report.ruleset = name
    for key, title in MONEY_FIELDS:
        raw = post.get(key, "")
        value, ok = money(raw)
        setattr(report, key, value if ok else None)
        if not ok:
            errors[key] = f"{title}“{raw}”不是有效金额（请填写不小于0的数字，单位万元，如 35.00）。"
    if report.executed is None and "executed" not in errors:
        errors["executed"] = "请填写截至监控时点的累计执行数（万元）。"
    report.budget_causes = _causes(post.getlist("budget_causes"))
    report.budget_explanation = (post.get("budget_explanation") or "").strip()
    report.budget_measures = (post.get("budget_measures") or "").strip()
    rows = parse_rows(post, {i.pk: i for i in project.indicators.all()}, errors, mm.MonitoringRow)
    return EntryForm(report, rows, errors)


def parse_rows(post: Any, indicators: dict[int, Any], errors: dict[str, str], model: type[Any]) -> list[Any]:
    """The posted indicator rows as unsaved ``model`` rows (a project's or a department's), linked to
    ``indicators`` (id → the targets' indicator) by the posted id."""
    try:
        count = min(int(post.get("row_count") or 0), 500)
    except ValueError:
        count = 0
    rows = []
    for k in range(count):
        def get(name: str, k: int = k) -> str:
            return (post.get(f"row-{k}-{name}") or "").strip()

        ind_id = get("indicator")
        ind = indicators.get(int(ind_id)) if ind_id.isdigit() else None
        likelihood = get("likelihood")
        if likelihood and likelihood not in LIKELIHOODS:
            errors[f"row-{k}-likelihood"] = "完成目标可能性只能是“确定能”“有可能”或“完全不可能”。"
            likelihood = ""
        causes = _causes(post.getlist(f"row-{k}-causes"))
        name = get("name") or (ind.name if ind else "")
        if not name:
            continue
        rows.append(model(
            indicator=ind, position=len(rows), name=name,
            level1=get("level1") or (ind.level1 if ind else ""), level2=get("level2") or (ind.level2 if ind else ""),
            target_raw=get("target"), progress_raw=get("progress"), expected_raw=get("expected"),
            likelihood=likelihood, explanation=get("explanation"), measures=get("measures"),
            **{f: mm.CAUSE_BY_FIELD[f] in causes for f in mm.CAUSE_FIELDS},
        ))
    return rows


def required_errors(result: MonitoringResult, rows: list[Any]) -> dict[str, str]:
    """The engine's missing explanations as errors under the fields concerned (Chinese)."""
    errors: dict[str, str] = {}
    by_name: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_name.setdefault(mmap.squash(r.name), []).append(k)
    for req in result.missing:
        what = WHAT_FIELD.get(req.what)
        if what is None:
            continue
        message = f"因{req.reason}，{WHAT_ASK[what]}。"
        if req.subject == BUDGET_SUBJECT:
            errors[f"budget_{what}"] = message
            continue
        for k in by_name.get(mmap.squash(req.subject), []):
            row = rows[k]
            given = {"causes": bool(row.causes), "explanation": bool(row.explanation), "measures": bool(row.measures)}
            if not given[what]:
                errors[f"row-{k}-{what}"] = message
    return errors


def summary(errors: dict[str, str], rows: list[Any]) -> list[str]:
    """One line per error for the message at the top of the form."""
    lines = []
    for key, message in errors.items():
        if key.startswith("row-"):
            k = int(key.split("-")[1])
            subject = f"指标“{rows[k].name}”" if k < len(rows) else "指标"
        elif key.startswith("budget_"):
            subject = "预算执行"
        else:
            subject = ""
        lines.append(f"{subject}：{message}" if subject else message)
    return lines
