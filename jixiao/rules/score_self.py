"""Scoring a self-evaluation form (绩效自评表) under a self-evaluation scheme.

The form's own rows are scored, never its printed results: the 预算执行率 score comes from
the amounts of the 年度资金总额 row, each indicator's score from its target (A), actual (B) and
分值 (w) by the rule the scheme names for the indicator's type:

* the scheme's ``level1`` rule when the item's 一级 has one and its target is a number
  (101号: 满意度指标 → satisfaction bands);
* otherwise by the target: a date → ``date``; a number or duration with ≥/> → ``positive``,
  with ≤/< → ``reverse``, with = or no sign → ``equal``; qualitative or other text →
  ``qualitative``; an empty target → not computable (the form's score is accepted, judged).

The engine never bends a rule towards a published number: each item carries the computed and
the published score, whether they agree (to 0.01 at two decimals, as ``ScoreResult.agrees``)
and, when they do not, the reason in Chinese. Form-level remarks go to ``notes``: which weight
set of the scheme was used and where the form's weights differ from it, 小计 against the sums
of the items, 总分 against the sum of the printed scores, the printed 执行率 against B ÷ A,
and over-performance remarks. Nothing here raises on a strange form.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation, SelfEvaluationSummary
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.numbers import plain, printed_as
from jixiao.rules import execution_rules, self_rules, tier_rules  # noqa: F401  (they register their rules on import)
from jixiao.rules.registry import RULES, RuleInput, RuleResult
from jixiao.rules.result import CENT, ScoredItem, ScoreResult, SectionTotal, agrees, shown
from jixiao.rules.schemes import DEFAULT_SELF_SCHEME, EXECUTION, RuleSpec, SelfScheme, load_scheme, normalize_level1
from jixiao.rules.self_rules import fmt

__all__ = [
    "indicator_rule",
    "indicator_type",
    "run_indicator",
    "run_rule",
    "score_self_evaluation",
    "score_self_evaluations",
    "total_line",
]

ZERO = Decimal(0)
BUDGET_SECTION = "项目预算执行情况"
_OVER_RULES = ("positive", "equal")


def score_self_evaluations(accounts: Any, scheme: SelfScheme | str | Path = DEFAULT_SELF_SCHEME) -> list[ScoreResult]:
    """Score every form of a final-accounts model (``doc.accounts``), with grades from its summary table."""
    scheme = resolve_scheme(scheme)
    forms = getattr(accounts, "self_evaluations", ()) or ()
    summary = getattr(accounts, "self_evaluation_summary", None)
    return [score_self_evaluation(form, scheme, summary=summary) for form in forms]


def score_self_evaluation(
    form: SelfEvaluation, scheme: SelfScheme | str | Path, *, summary: SelfEvaluationSummary | None = None
) -> ScoreResult:
    """Score one form; ``summary`` (自评情况汇总表) supplies the published grade when the project matches."""
    scheme = resolve_scheme(scheme)
    notes: list[str] = []
    level1_names = {it.level1 for it in form.indicators if it.level1}
    weight_set = scheme.weight_set_for(level1_names)
    items = [_score_execution(form, scheme, weight_set.weights.get(EXECUTION), notes)]
    items += [_score_indicator(it, scheme, notes) for it in form.indicators]
    _check_weights(form, scheme, weight_set, items, notes)
    _check_subtotals(form, items[1:], notes)
    computed_total = sum((i.computed for i in items), ZERO)
    published_total = _value(form.total)
    _check_total(form, items, published_total, notes)
    return ScoreResult(
        kind="self",
        project=form.project or None,
        unit=form.unit,
        year=form.year,
        scheme=scheme.name,
        items=tuple(items),
        sections=tuple(_sections(items)),
        computed_total=computed_total,
        published_total=published_total,
        grade=scheme.grade(computed_total),
        published_grade=_published_grade(form, summary),
        notes=tuple(notes),
        source=form.source,
    )


def resolve_scheme(scheme: SelfScheme | str | Path) -> SelfScheme:
    """A self-evaluation scheme given as itself, a shipped name or a file path."""
    if isinstance(scheme, SelfScheme):
        return scheme
    loaded = load_scheme(scheme)
    if not isinstance(loaded, SelfScheme):
        raise TypeError(f"{scheme} is not a self-evaluation scheme")
    return loaded


def _value(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


# -- the budget block (预算执行率) -----------------------------------------------------------------------


def _total_line(form: SelfEvaluation) -> BudgetLine | None:
    """Kept for rules/batch.py until it reads :attr:`SelfEvaluation.total_line` itself."""
    return form.total_line


total_line = _total_line  # the row the 预算执行率 is scored from (public for the batch path)


def _score_execution(
    form: SelfEvaluation, scheme: SelfScheme, scheme_weight: Decimal | None, notes: list[str]
) -> ScoredItem:
    line = form.total_line
    weight = _value(line.weight) if line is not None else None
    if weight is None:
        weight = form.budget_points if form.budget_points is not None else (scheme_weight or Decimal(10))
    measured = {}
    if line is not None:
        measured = {
            "initial": _value(line.initial),
            "adjusted": _value(line.adjusted),
            "executed": _value(line.executed),
        }
    published = _value(line.score) if line is not None else None
    spec = scheme.execution
    base = spec.params.get("base", "adjusted")
    result = run_rule(spec, RuleInput(weight=weight, published=published, measured=measured))
    if line is not None:
        _check_rate(line, result, notes)
    budget_raw = None if line is None else _raw(line.initial if base == "initial" else line.adjusted)
    return _item(
        name=EXECUTION,
        path=(BUDGET_SECTION,),
        weight=weight,
        target=None if budget_raw is None else f"{'年初预算数' if base == 'initial' else '调整后预算数'} {budget_raw}",
        actual=None if line is None or line.executed is None else f"全年执行数 {line.executed.raw}",
        spec=spec,
        result=result,
        published=published,
        source=None if line is None else line.source,
    )


def _raw(figure: Figure | None) -> str | None:
    return None if figure is None else figure.raw


def _check_rate(line: BudgetLine, result: RuleResult, notes: list[str]) -> None:
    """The printed 执行率 against B ÷ A (at the printed precision, rounded or cut)."""
    rate = result.inputs.get("rate")
    printed = line.rate
    if rate is None or printed is None or printed.value is None:
        return
    value = printed.value / 100 if "%" in printed.raw else printed.value
    if not printed_as(rate, value):
        notes.append(f"表中执行率“{printed.raw}”与全年执行数÷预算数 = {fmt(rate, 8)}不一致")


# -- indicators -----------------------------------------------------------------------------------------


def indicator_type(target: TargetValue | None) -> str | None:
    """positive / reverse / equal / qualitative / date for a 年度指标值; None when it is empty."""
    if target is None or target.kind == ValueKind.EMPTY:
        return None
    if target.kind == ValueKind.DATE:
        return "date"
    if target.kind in (ValueKind.NUMBER, ValueKind.DURATION) and target.number is not None:
        if target.comparison in (Comparison.GE, Comparison.GT):
            return "positive"
        if target.comparison in (Comparison.LE, Comparison.LT):
            return "reverse"
        return "equal"
    return "qualitative"


def indicator_rule(kind: str | None, level1: str | None, scheme: SelfScheme) -> RuleSpec:
    """The rule (with its parameters) that ``scheme`` names for an indicator of type ``kind`` under 一级 ``level1``.

    ``kind`` is :func:`indicator_type` of the target (None: empty target, the form's score is accepted).
    """
    override = scheme.level1.get(normalize_level1(level1)) if level1 else None
    if override is not None and kind in ("positive", "reverse", "equal"):
        spec = override
    elif kind is None:
        return RuleSpec("accept-published", {})
    else:
        spec = scheme.indicators[kind]
    if spec.rule in _OVER_RULES:
        return RuleSpec(spec.rule, {**scheme.over_performance.params(), **spec.params}, spec.line)
    return spec


def run_indicator(
    spec: RuleSpec,
    weight: Decimal | None,
    target: TargetValue | None,
    actual: TargetValue | None,
    published: Decimal | None,
    deviation: str | None = None,
    weight_text: str = "",
) -> RuleResult:
    """An indicator's score under ``spec``; a blank or non-numeric 分值 (``weight`` None) scores 0, judged."""
    if weight is None:
        return RuleResult(ZERO, f"分值“{weight_text}”为空或不是数字，无法计分，按0分计", judged=True)
    if spec.rule == "accept-published":
        item = RuleInput(weight=weight, target=target, actual=actual, published=published)
        return self_rules.not_computable(item, "年度指标值为空，无法按公式计算")
    return run_rule(spec, RuleInput(weight, target, actual, published, {"deviation": deviation}))


def _score_indicator(it: IndicatorResult, scheme: SelfScheme, notes: list[str]) -> ScoredItem:
    weight = _value(it.weight)
    published = _value(it.score)
    spec = indicator_rule(indicator_type(it.target), it.level1, scheme)
    result = run_indicator(spec, weight, it.target, it.actual, published, it.deviation, _raw(it.weight) or "")
    weight = ZERO if weight is None else weight
    note = result.inputs.get("note")
    if note:
        notes.append(f"“{it.name}”：{note}")
    return _item(
        name=it.name,
        path=tuple(p for p in (it.level1, it.level2) if p),
        weight=weight,
        target=it.target.raw if it.target is not None else None,
        actual=it.actual.raw if it.actual is not None else None,
        spec=spec,
        result=result,
        published=published,
        source=it.source,
    )


def run_rule(spec: RuleSpec, item: RuleInput) -> RuleResult:
    """Run a rule; a rule that fails on odd input is reported, never raised."""
    fn = RULES.get(spec.rule)
    if fn is None:
        return self_rules.not_computable(item, f"评分规则“{spec.rule}”不存在")
    try:
        result = fn(item, **spec.params)
    except Exception as e:  # a guard at the boundary: a rule must not stop the scoring of a form
        return self_rules.not_computable(item, f"评分规则“{spec.rule}”无法处理此行（{type(e).__name__}）")
    score = self_rules.cap(result.score, item.weight)
    if score is result.score:  # within [0, w] already: the rule's own result (its working still unwritten)
        return result
    return RuleResult(score, result.working, result.band, result.judged, result.inputs)


def _item(
    *,
    name: str,
    path: tuple[str, ...],
    weight: Decimal,
    target: str | None,
    actual: str | None,
    spec: RuleSpec,
    result: RuleResult,
    published: Decimal | None,
    source: Any,
) -> ScoredItem:
    agreed = agrees(shown(result.score), published)
    explanation = result.explanation
    reason = None
    if agreed is False:
        reason = f"计算得分{fmt(shown(result.score), 2)}，表中得分{plain(published)}：{explanation}"
    return ScoredItem(
        name=name,
        path=path,
        weight=weight,
        target=target,
        actual=actual,
        rule=spec.rule,
        computed=result.score,
        published=published,
        explanation=explanation,
        agrees=agreed,
        reason=reason,
        band=result.band,
        judged=result.judged,
        source=source,
    )


# -- form-level checks ----------------------------------------------------------------------------------


def _sections(items: list[ScoredItem]) -> Iterable[SectionTotal]:
    order: list[str] = []
    groups: dict[str, list[ScoredItem]] = {}
    for item in items:
        name = item.path[0] if item.path else "（无一级指标）"
        if name not in groups:
            order.append(name)
            groups[name] = []
        groups[name].append(item)
    for name in order:
        group = groups[name]
        published = None
        if all(i.published is not None for i in group):
            published = sum((i.published for i in group if i.published is not None), ZERO)
        computed = sum((i.computed for i in group), ZERO)
        yield SectionTotal(
            name, sum((i.weight for i in group), ZERO), computed, published, agrees(shown(computed), published)
        )


def _check_weights(
    form: SelfEvaluation, scheme: SelfScheme, weight_set: Any, items: list[ScoredItem], notes: list[str]
) -> None:
    """The form's weights against the scheme's 一级 weights (which set was used, and every difference)."""
    weights = weight_set.weights
    # the scheme by its Chinese title (its id, e.g. mof-2020-10, is for files and the API)
    label = f"方案“{scheme.title or scheme.name}”"
    if len(scheme.weight_sets) > 1:
        label += f"权重组“{weight_set.name}”"
    if len(scheme.weight_sets) > 1:
        notes.append(f"按{label}核对一级指标权重")
    execution = items[0].weight
    if EXECUTION in weights and execution != weights[EXECUTION]:
        notes.append(f"预算执行率分值为{fmt(execution)}，{label}规定为{fmt(weights[EXECUTION])}")
    sums: dict[str, Decimal] = {}
    printed: dict[str, Decimal] = {}
    for it, item in zip(form.indicators, items[1:], strict=False):
        key = normalize_level1(it.level1) if it.level1 else ""
        sums[key] = sums.get(key, ZERO) + item.weight
        if it.level1_points is not None and not it.level1_inherited:
            printed.setdefault(key, it.level1_points)
    expected = {normalize_level1(k): v for k, v in weights.items() if k != EXECUTION}
    for key, total in sums.items():
        name = key + "指标" if key else "（无一级指标）"
        if key not in expected:
            notes.append(f"一级指标“{name}”不在{label}中（分值合计{fmt(total)}）")
        elif total != expected[key]:
            notes.append(f"一级指标“{name}”各项分值合计{fmt(total)}，{label}规定为{fmt(expected[key])}")
        if key in printed and printed[key] != total:
            notes.append(f"一级指标“{name}”标注为{fmt(printed[key])}分，各项分值合计{fmt(total)}")
    for key, value in expected.items():
        if key not in sums and value:
            notes.append(f"表中没有一级指标“{key}指标”（{label}规定为{fmt(value)}分）")


def _check_subtotals(form: SelfEvaluation, items: list[ScoredItem], notes: list[str]) -> None:
    """小计 against Σ item weights and Σ printed item scores; 小计 plus 预算执行率 against 100."""
    weight_sum = sum((i.weight for i in items), ZERO)
    subtotal_weight = _value(form.subtotal_weight)
    if subtotal_weight is not None and subtotal_weight != weight_sum:
        notes.append(f"小计分值为{fmt(subtotal_weight)}，各指标分值合计为{fmt(weight_sum)}")
    subtotal_score = _value(form.subtotal_score)
    missing = [i.name for i in items if i.published is None]
    score_sum = sum((i.published for i in items if i.published is not None), ZERO)
    if subtotal_score is not None and abs(subtotal_score - score_sum) > CENT:
        extra = f"（{'、'.join(missing)}未填得分）" if missing else ""
        notes.append(f"小计得分为{plain(subtotal_score)}，各指标得分合计为{plain(score_sum)}{extra}")
    budget_weight = _value(form.total_line.weight) if form.total_line is not None else None
    if subtotal_weight is not None and budget_weight is not None and subtotal_weight + budget_weight != 100:
        both = subtotal_weight + budget_weight
        notes.append(f"小计分值{fmt(subtotal_weight)}加预算执行率分值{fmt(budget_weight)}合计为{fmt(both)}，不是100")
    elif weight_sum + (budget_weight or ZERO) != 100:
        notes.append(f"各指标分值合计{fmt(weight_sum)}加预算执行率分值{fmt(budget_weight or ZERO)}，合计不是100")


def _check_total(
    form: SelfEvaluation, items: list[ScoredItem], published_total: Decimal | None, notes: list[str]
) -> None:
    """总分 against the printed scores it should add up (预算执行率 得分 + Σ 指标得分)."""
    if published_total is None:
        return
    printed = [i.published for i in items]
    if any(p is None for p in printed):
        return
    printed_sum = sum((p for p in printed if p is not None), ZERO)
    if abs(printed_sum - published_total) > CENT:
        notes.append(f"表中总分{plain(published_total)}与预算执行率得分及各指标得分之和{plain(printed_sum)}不一致")


def _published_grade(form: SelfEvaluation, summary: SelfEvaluationSummary | None) -> str | None:
    if summary is None or not form.project:
        return None
    wanted = "".join(form.project.split())
    for row in summary.rows:
        if "".join(row.project.split()) == wanted:
            return row.grade
    return None
