"""The year's 绩效自评表 made from the year's records (issue 18, item 1).

``draft_self_evaluation(project, reports, scheme)`` builds the form of an approved project:

* the budget block: 年度资金总额 with 年初预算数 = the goal table's 预算数, 全年预算数 = the adjusted
  budget when given, else the 年初预算数, 全年执行数 = the amount given (final accounts), else the
  cumulative executed amount of the latest monitoring report; the rows 其中：当年财政拨款 and 其他资金
  carry the budget only (their execution is not recorded apart). 分值 = the scheme's 预算执行率 weight;
* the indicators of the goal table with their 年度指标值; 实际完成值 = the progress of the same
  indicator (三级 name, spaces ignored) in the latest report that has it, else empty for the clerk;
* 分值 by the scheme's weight set (the set matching the table's 一级 names): each 一级's points
  shared equally among its indicators at two decimals, the last taking the remainder. A 一级 the
  set does not have goes under 产出指标 when the set has no 成本 (the 10号 form counts 成本 under
  产出) with its name as 二级; any other is kept with 分值 0 and a note.

``fill_scores(form, scheme)`` scores the form with :func:`score_self_evaluation` and writes the
computed scores into its 得分 cells, 小计 and 总分 (the computed score is the source; an override
with a reason is the web's business). Pure functions: nothing is read or written elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.findings import make_finding
from jixiao.model.finding import Finding
from jixiao.model.goals import Indicator, Project
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, TargetValue, ValueKind
from jixiao.monitor.model import IndicatorProgress, MonitoringReport
from jixiao.numbers import plain, rounded
from jixiao.rules.result import ScoreResult, shown
from jixiao.rules.schemes import EXECUTION, SelfScheme, normalize_level1
from jixiao.rules.score_self import resolve_scheme, score_self_evaluation

__all__ = [
    "DRAFT_TITLE",
    "Draft",
    "draft_self_evaluation",
    "fill_scores",
    "latest_progress",
    "override_findings",
    "rate_figure",
    "share_points",
]

DRAFT_TITLE = "项目支出绩效自评表"
TOTAL_NAME = "年度资金总额"
FISCAL_NAME = "其中：当年财政拨款"
OTHER_NAME = "其他资金"
CENT = Decimal("0.01")
ZERO = Decimal(0)
NOWHERE = Source("")


@dataclass(frozen=True, slots=True)
class Draft:
    """A drafted form, scored: ``form`` has the computed scores in its 得分 cells; ``notes`` say
    where each prefilled value came from (Chinese, for the page)."""

    form: SelfEvaluation
    result: ScoreResult
    notes: tuple[str, ...]


def _squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _figure(value: Decimal | None, source: Source = NOWHERE) -> Figure | None:
    return None if value is None else Figure(plain(value), value, source)


def share_points(points: Decimal, count: int) -> list[Decimal]:
    """``points`` shared among ``count`` indicators at two decimals, the last taking the remainder
    (50 among 3 → 16.67, 16.67, 16.66): the shares add up to ``points`` exactly."""
    if count <= 0:
        return []
    each = (points / count).quantize(CENT)
    return [each] * (count - 1) + [points - each * (count - 1)]


def latest_progress(reports: Iterable[MonitoringReport]) -> dict[str, tuple[MonitoringReport, IndicatorProgress]]:
    """三级 name (spaces removed) → (report, row) of the latest checkpoint that gives a progress value."""
    found: dict[str, tuple[MonitoringReport, IndicatorProgress]] = {}
    for report in sorted(reports, key=lambda r: r.checkpoint.month):
        for row in report.indicators:
            if row.progress.kind is not ValueKind.EMPTY:
                found[_squash(row.name)] = (report, row)
    return found


def _latest_executed(reports: Sequence[MonitoringReport]) -> MonitoringReport | None:
    with_amount = [r for r in reports if r.executed is not None]
    return max(with_amount, key=lambda r: r.checkpoint.month) if with_amount else None


def _placed(indicators: Sequence[Indicator], scheme_levels: set[str]) -> list[tuple[str, str, Indicator]]:
    """(一级, 二级, indicator) as the form prints them: a 成本 一级 the weight set lacks goes under 产出."""
    out = []
    for ind in indicators:
        key = normalize_level1(ind.level1)
        if key and key not in scheme_levels and key == "成本" and "产出" in scheme_levels:
            out.append(("产出指标", ind.level1, ind))
        else:
            out.append((ind.level1, ind.level2, ind))
    return out


def draft_self_evaluation(
    project: Project,
    reports: Sequence[MonitoringReport] = (),
    scheme: SelfScheme | str | Path = "mof-2020-10",
    *,
    year: int | None = None,
    department: str | None = None,
    executed: Decimal | None = None,
    adjusted: Decimal | None = None,
) -> Draft:
    """The project's self-evaluation for ``year``, prefilled from its targets and ``reports`` and scored."""
    scheme = resolve_scheme(scheme)
    notes: list[str] = []
    weight_set = scheme.weight_set_for({i.level1 for i in project.indicators if i.level1})
    levels = {normalize_level1(k) for k in weight_set.weights if k != EXECUTION}
    indicators = _indicators(project, reports, weight_set.weights, levels, notes)
    budget_weight = weight_set.weights.get(EXECUTION, Decimal(10))
    lines = _budget_lines(project, reports, budget_weight, executed, adjusted, notes)
    form = SelfEvaluation(
        title=DRAFT_TITLE,
        year=year if year is not None else next((r.year for r in reports if r.year), None),
        project=project.name,
        department=department,
        unit=project.unit.name if project.unit else None,
        phone=None,
        money_unit=project.money_unit or "万元",
        budget_weight_label=None,
        budget_points=budget_weight,
        budget_lines=lines,
        goal_expected=project.goal,
        goal_actual=None,
        indicator_weight_label=None,
        indicator_points=sum((_value(i.weight) for i in indicators), ZERO),
        indicators=indicators,
        subtotal_weight=None,
        subtotal_score=None,
        total=None,
        low_score_label=None,
        low_score_explanation=None,
        notes=(),
        source=project.source,
    )
    form, result = fill_scores(form, scheme)
    return Draft(form, result, tuple(notes))


def _value(figure: Figure | None) -> Decimal:
    return ZERO if figure is None or figure.value is None else figure.value


def _indicators(
    project: Project,
    reports: Sequence[MonitoringReport],
    weights: dict[str, Decimal],
    levels: set[str],
    notes: list[str],
) -> tuple[IndicatorResult, ...]:
    placed = _placed(project.indicators, levels)
    points = {normalize_level1(k): v for k, v in weights.items() if k != EXECUTION}
    groups: dict[str, list[int]] = {}
    for n, (level1, _, _) in enumerate(placed):
        groups.setdefault(normalize_level1(level1), []).append(n)
    share: dict[int, Decimal] = {}
    for key, members in groups.items():
        if key not in points:
            notes.append(f"一级指标“{key}指标”不在评分方案的权重中，其指标分值记为0，请核定")
        for n, w in zip(members, share_points(points.get(key, ZERO), len(members)), strict=True):
            share[n] = w
    progress = latest_progress(reports)
    out = []
    for n, (level1, level2, ind) in enumerate(placed):
        found = progress.get(_squash(ind.name))
        actual: TargetValue = EMPTY
        if found is not None:
            report, row = found
            actual = row.progress
            notes.append(f"“{ind.name}”实际完成值取自{report.checkpoint.label}监控：{row.progress.raw}")
        out.append(
            IndicatorResult(
                level1=level1,
                level2=level2,
                name=ind.name,
                target=ind.target,
                actual=actual,
                weight=_figure(share[n]),
                score=None,
                deviation=None,
                source=ind.source,
                level1_inherited=False,
            )
        )
    missing = [ind.name for _, _, ind in placed if _squash(ind.name) not in progress]
    if missing:
        notes.append(f"监控报告中没有实际完成值，待填写：{'、'.join(missing)}")
    return tuple(out)


def _budget_lines(
    project: Project,
    reports: Sequence[MonitoringReport],
    weight: Decimal,
    executed: Decimal | None,
    adjusted: Decimal | None,
    notes: list[str],
) -> tuple[BudgetLine, ...]:
    if executed is None:
        latest = _latest_executed(reports)
        if latest is not None:
            executed = latest.executed
            notes.append(f"全年执行数取自{latest.checkpoint.label}监控的累计执行数：{plain(executed)}")
        else:
            notes.append("没有监控报告或决算中的执行数，全年执行数待填写")
    full = adjusted if adjusted is not None else project.budget
    rate = rate_figure(executed, full)
    total = BudgetLine(
        name=TOTAL_NAME,
        initial=_figure(project.budget, project.source),
        adjusted=_figure(full),
        executed=_figure(executed),
        weight=_figure(weight),
        rate=rate,
        score=None,
        source=project.source,
    )
    lines = [total]
    for name, amount in ((FISCAL_NAME, project.fiscal_funds), (OTHER_NAME, project.other_funds)):
        if amount is not None:
            lines.append(BudgetLine(name, _figure(amount), _figure(amount), None, None, None, None, project.source))
    return tuple(lines)


def rate_figure(executed: Decimal | None, budget: Decimal | None) -> Figure | None:
    """执行率 B ÷ A as the form prints it ("10.59%"), None when either amount is missing or A is 0."""
    if executed is None or not budget:
        return None
    percent = rounded(executed / budget * 100, 2)
    return Figure(f"{plain(percent)}%", percent, NOWHERE)


def override_findings(form: SelfEvaluation, result: ScoreResult, reasons: dict[int, str]) -> list[Finding]:
    """A finding per indicator whose 得分 is a clerk's (position → reason), beside the computed score."""
    out = []
    for n, reason in sorted(reasons.items()):
        ind, item = form.indicators[n], result.items[n + 1]
        out.append(make_finding(
            "selfeval-score-override", ind.source, subject=ind.name, project=form.project,
            actual=plain(_value(ind.score)), expected=plain(shown(item.computed)), reason=reason,
        ))
    return out


def fill_scores(
    form: SelfEvaluation, scheme: SelfScheme | str | Path, keep: Iterable[int] = ()
) -> tuple[SelfEvaluation, ScoreResult]:
    """The form with the computed scores in its 得分 cells, 小计 and 总分, and the scoring.

    ``keep``: positions of indicators whose 得分 stays as written (a clerk's override with a
    reason); the 总分 then adds those written scores in place of the computed ones.
    """
    scheme = resolve_scheme(scheme)
    kept = set(keep)
    result = score_self_evaluation(form, scheme)
    execution, scored = result.items[0], result.items[1:]
    indicators = []
    for n, (ind, item) in enumerate(zip(form.indicators, scored, strict=True)):
        if n in kept and ind.score is not None and ind.score.value is not None:
            indicators.append(ind)
        else:
            indicators.append(dataclasses.replace(ind, score=_figure(shown(item.computed))))
    lines = list(form.budget_lines)
    total_line = form.total_line
    if total_line is not None:
        at = lines.index(total_line)
        lines[at] = dataclasses.replace(total_line, score=_figure(shown(execution.computed)))
    subtotal = sum((_value(i.score) for i in indicators), ZERO)
    execution_score = shown(execution.computed) or ZERO
    filled = dataclasses.replace(
        form,
        budget_lines=tuple(lines),
        indicators=tuple(indicators),
        subtotal_weight=_figure(sum((_value(i.weight) for i in indicators), ZERO)),
        subtotal_score=_figure(subtotal),
        total=_figure(subtotal + execution_score),
    )
    return filled, score_self_evaluation(filled, scheme)
