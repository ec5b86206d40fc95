"""Evaluating a monitoring report: ``evaluate(report, project, ruleset) -> MonitoringResult``.

1. The target of each indicator is the report's 年度指标值, or the goal table's when the report
   leaves it blank (indicators are matched by 三级指标 name, spaces ignored). Goal-table indicators
   with no row in the report, and report rows not in the goal table, are reported.
2. The budget light uses the rule set's budget rule with the 年初预算数 (report's, else the goal
   table's 预算数) and the project's 资金支出计划.
3. Each indicator is classified by its 一级/二级 names: a ``range_classes`` word (质量, 时效, 成本)
   → the ``range`` rule; else quantitative with ≤/< → ``reverse``; quantitative otherwise →
   ``positive``; qualitative or text targets → ``qualitative``.
4. The project light is the worst indicator light (red > yellow > green > blue); the rule set's
   ``extra`` rules (四川 gap rule) add report-wide verdicts.
5. A light in ``explanation.lights`` or a likelihood in ``explanation.likelihoods`` makes the
   deviation causes, the explanation and the measures required; each one missing is a finding.

Nothing here raises on odd input; a light that cannot be judged is ``Light.NONE`` with the reason.
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.findings import make_finding
from jixiao.model.finding import Finding
from jixiao.model.goals import Indicator, Project
from jixiao.model.names import normalise_name as squash  # the one name normaliser
from jixiao.model.source import Source
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.monitor.lights import (
    LIGHT_RULES,
    BudgetInput,
    IndicatorInput,
    ReportInput,
    execution_rate,
    plan_problems,
)
from jixiao.monitor.model import (
    IndicatorProgress,
    IndicatorResult,
    Light,
    Likelihood,
    MonitoringReport,
    MonitoringResult,
    Requirement,
    Verdict,
    worst,
)
from jixiao.monitor.rulesets import RuleRef, Ruleset

BUDGET_SUBJECT = "预算执行"
WHAT = {"causes": "偏差原因", "explanation": "原因说明", "measures": "整改措施"}
CODE = {"causes": "monitor-causes-required", "explanation": "monitor-explanation-required",
        "measures": "monitor-measures-required"}



def _run(ref: RuleRef, inp: object) -> Verdict:
    try:
        return LIGHT_RULES[ref.name].fn(inp, ref.params)
    except Exception as exc:  # a rule must not stop the evaluation of the rest
        return Verdict(Light.NONE, ref.name, f"规则“{ref.name}”计算出错（{type(exc).__name__}），未判定")


def classify(level1: str, level2: str, target: TargetValue, ruleset: Ruleset) -> str:
    """"positive" | "reverse" | "range" | "qualitative": which indicator rule of the rule set applies."""
    levels = f"{level1}{level2}"
    if target.kind in (ValueKind.QUALITATIVE, ValueKind.TEXT):
        return "qualitative"
    if any(word in levels for word in ruleset.range_classes):
        return "range"
    if target.comparison in (Comparison.LE, Comparison.LT):
        return "reverse"
    if target.kind is ValueKind.DATE:
        return "range"
    return "positive"


class _Evaluation:
    def __init__(self, report: MonitoringReport, project: Project | None, ruleset: Ruleset):
        self.report = report
        self.project = project
        self.ruleset = ruleset
        self.findings: list[Finding] = []
        self.requirements: list[Requirement] = []
        self.checkpoint = report.checkpoint.label

    def note(self, code: str, source: Source | None = None, **params: object) -> None:
        params.setdefault("project", self.report.project)
        params.setdefault("scope", self.report.scope)
        params.setdefault("checkpoint", self.checkpoint)
        self.findings.append(make_finding(code, source or self.report.source, **params))  # type: ignore[arg-type]

    # -- budget --------------------------------------------------------------------------------------------
    def budget(self) -> tuple[object, Verdict]:
        r, p = self.report, self.project
        goal_budget = p.budget if p is not None else None
        budget = r.budget if r.budget is not None else goal_budget
        if r.budget is not None and goal_budget is not None and r.budget != goal_budget:
            self.note("monitor-budget-differs", expected=goal_budget, actual=r.budget)
        plan = p.spending_plan if p is not None else None
        if plan is not None and self.ruleset.budget.name == "spending-plan":
            problems = plan_problems(plan, budget)
            if problems:
                how = self.ruleset.budget.params.get("on_inconsistent", "time-progress")
                fallback = "按已达到的最高累计计划数计算" if how == "envelope" else "改按序时进度（月份/12）计算"
                self.note("monitor-plan-inconsistent", plan.source, detail="；".join(problems), fallback=fallback)
        inp = BudgetInput(r.checkpoint.month, r.checkpoint.label, r.executed, budget, plan)
        return budget, _run(self.ruleset.budget, inp)

    # -- indicators ----------------------------------------------------------------------------------------
    def indicators(self) -> list[IndicatorResult]:
        goal = {squash(i.name): i for i in (self.project.indicators if self.project else ())}
        seen: set[str] = set()
        out = []
        for ind in self.report.indicators:
            key = squash(ind.name)
            seen.add(key)
            match = goal.get(key)
            if self.project is not None and match is None:
                self.note("monitor-indicator-unmatched", ind.source, subject=ind.name)
            if match is not None:  # blank levels are taken from the goal table
                ind = replace(ind, level1=ind.level1 or match.level1, level2=ind.level2 or match.level2)
            target = self._target(ind, match)
            kind = classify(ind.level1, ind.level2, target, self.ruleset)
            ref = getattr(self.ruleset, kind)
            verdict = _run(ref, IndicatorInput(self.report.checkpoint.month, ind.name, target, ind.progress))
            out.append(IndicatorResult(ind, target, verdict))
        for key, goal_ind in goal.items():
            if key not in seen:
                self.note("monitor-indicator-missing", goal_ind.source, subject=goal_ind.name)
        return out

    def _target(self, ind: IndicatorProgress, match: Indicator | None) -> TargetValue:
        if ind.target.kind is ValueKind.EMPTY and match is not None:
            return match.target
        if match is not None and squash(ind.target.raw) != squash(match.target.raw):
            self.note("monitor-target-differs", ind.source, subject=ind.name, expected=match.target.raw,
                      actual=ind.target.raw)
        return ind.target

    # -- lights and explanations ------------------------------------------------------------------------------
    def light_findings(self, subject: str, verdict: Verdict, source: Source) -> None:
        code = {Light.RED: "monitor-light-red", Light.YELLOW: "monitor-light-yellow", Light.BLUE: "monitor-light-blue",
                Light.NONE: "monitor-light-undetermined"}.get(verdict.light)
        if code:
            self.note(code, source, subject=subject, detail=verdict.working)

    def require(self, subject: str, light: Light, likelihood: Likelihood | None, causes: tuple[str, ...],
                explanation: str | None, measures: str | None, source: Source) -> None:
        reasons = []
        if light in self.ruleset.explain_lights:
            reasons.append(f"亮{light.zh}")
        if likelihood is not None and likelihood in self.ruleset.explain_likelihoods:
            reasons.append(f"完成目标可能性为“{likelihood}”")
        if not reasons:
            return
        reason = "、".join(reasons)
        given = {"causes": bool(causes), "explanation": bool((explanation or "").strip()),
                 "measures": bool((measures or "").strip())}
        label = subject if subject == BUDGET_SUBJECT else f"指标“{subject}”"
        for what in self.ruleset.require:
            self.requirements.append(Requirement(subject, WHAT[what], reason, given[what]))
            if not given[what]:
                self.note(CODE[what], source, subject=label, reason=reason)


def evaluate(report: MonitoringReport, project: Project | None, ruleset: Ruleset) -> MonitoringResult:
    """Every light of ``report`` under ``ruleset``, with its working, the required explanations and
    the findings. ``project`` is the goal-table project (targets, 预算数, 资金支出计划) or None."""
    ev = _Evaluation(report, project, ruleset)
    if project is None:
        ev.note("monitor-project-unmatched")
    if ruleset.checkpoints and ruleset.checkpoint(report.checkpoint.month) is None:
        allowed = "、".join(c.label for c in ruleset.checkpoints)
        ev.note("monitor-checkpoint-unexpected", ruleset=ruleset.name, allowed=allowed)
    budget, budget_verdict = ev.budget()
    indicators = ev.indicators()
    rate = execution_rate(report.executed, budget)
    inputs = tuple(IndicatorInput(report.checkpoint.month, i.indicator.name, i.target, i.indicator.progress)
                   for i in indicators)
    extra = tuple(_run(ref, ReportInput(report.checkpoint.month, rate, inputs)) for ref in ruleset.extra)

    ev.light_findings(BUDGET_SUBJECT, budget_verdict, report.source)
    budget_light = worst([budget_verdict.light, *(v.light for v in extra)])
    ev.require(BUDGET_SUBJECT, budget_light, None, report.budget_causes, report.budget_explanation,
               report.budget_measures, report.source)
    for v in extra:
        ev.light_findings(LIGHT_RULES[v.rule].title, v, report.source)
    for res in indicators:
        ind = res.indicator
        ev.light_findings(f"指标“{ind.name}”", res.verdict, ind.source)
        if ind.likelihood is None and ind.progress.kind is not ValueKind.EMPTY:
            ev.note("monitor-likelihood-missing", ind.source, subject=ind.name)
        ev.require(ind.name, res.verdict.light, ind.likelihood, ind.causes, ind.explanation, ind.measures, ind.source)
    return MonitoringResult(
        report=report,
        ruleset=ruleset.name,
        budget=budget,
        execution_rate=rate,
        budget_verdict=budget_verdict,
        indicators=tuple(indicators),
        project_light=worst([i.verdict.light for i in indicators]),
        extra=extra,
        requirements=tuple(ev.requirements),
        findings=tuple(ev.findings),
    )


def find_project(projects: tuple[Project, ...] | list[Project], report: MonitoringReport) -> Project | None:
    """The goal-table project of ``report``: by 项目编码, else by 项目名称 (spaces ignored)."""
    if report.code:
        by_code = [p for p in projects if p.code and squash(p.code) == squash(report.code)]
        if by_code:
            return by_code[0]
    by_name = [p for p in projects if squash(p.name) == squash(report.project)]
    return by_name[0] if by_name else None
