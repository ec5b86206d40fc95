"""Self-evaluation forms (绩效自评表) and their summary table (自评情况汇总表).

Self-evaluation forms
---------------------
- **weights**: Σ indicator 分值 = 小计 分值; 预算执行率 分值 + 小计 分值 = 100; the weight printed
  in a 一级 label ("产出指标 (30分)") = Σ 分值 of the rows under it;
- **published sums** (the form's own arithmetic, nothing recomputed): Σ indicator 得分 = 小计 得分,
  预算执行率 得分 + Σ indicator 得分 = 总分. When 总分 does add up with the printed 小计 and only the
  小计 is off, the mistake is reported once, at the 小计. A score the form leaves blank makes the
  sum unknowable: the reader already reports the blank cell, so the sum is not checked;
- **执行率** = 全年执行数 ÷ 调整后预算数 (the scheme's base), rounded half-up to the printed decimals
  (0.97141163 for 20.88535 ÷ 21.5 = 0.971411627…). The amounts are printed exactly, so a rate one
  unit off in its last digit is an error, not a rounding matter;
- **grades**: the summary table's 评价等级 against the form's 总分 (the summary's own score where no
  form matches) under the scheme's bands (10号: 90 / 80 / 60);
- **recomputed scores** (jixiao.rules.score_self): one warning per item whose recomputed score
  disagrees with the published one, and one per form whose total does, each with both values and
  the engine's reason. Warnings, not errors: a recomputation depends on the scheme applied;
- **explanations the rules require**: 总分 under 80 without the "总分在80分以下…" text; an actual
  deviating from its target by the scheme's over-performance threshold (10号 scheme: 30%) without
  偏差原因分析 — above the target for ≥/=/unsigned targets and for ceilings (≤) overrun, below it
  for ≥/=/unsigned targets (a result far under a ceiling is what a ceiling asks for); a shortfall
  counts as explained when the form carries the 80-points explanation. Execution under a threshold
  without an explanation only when :data:`EXECUTION_EXPLANATION_BELOW` is set: the 10号 form does
  not ask for one (the Sichuan variant asks below 90%, rules.md §1.7), so by default it is off and
  the seed's forms, which follow 10号, are not held to a rule they do not carry;
- **comparability**: an actual that cannot be compared with its quantitative or date target (a
  percentage target with "已完成", different units) — the engine's own :func:`compare` decides,
  so scoring and checking agree. An actual stating that the work was not done ("未安排", "无") is
  comparable in substance (the item scores 0) and is not reported;
- **summary against forms**: every summary row has a form and vice versa (names compared without
  whitespace), the same unit, and 自评得分 as written equals the form's 总分; a score that is the
  form's value rounded (or cut) to fewer decimals ("99.756" for 99.75614267) is ``info``.

The evaluation reports' checks are in :mod:`jixiao.checks.evaluation`.

Sums use :func:`jixiao.checks.arith.sum_findings`: exact passes, a gap within 0.01 per summand is
the ``rounding-gap`` info, more is an error. Nothing here raises on a partial model: a missing
figure skips the comparison it would feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.arith import CENT, plain, sum_findings, verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.names import normalise_name
from jixiao.model.selfeval import Figure, IndicatorResult, SelfEvaluation, SummaryRow
from jixiao.model.target import ValueKind
from jixiao.model.units import to_unit
from jixiao.rules.schemes import DEFAULT_SELF_SCHEME, SelfScheme, normalize_level1, shipped_self_scheme
from jixiao.rules.score_self import indicator_type, score_self_evaluations
from jixiao.rules.self_rules import compare
from jixiao.rules.tier_rules import infer_tier

SCHEME = DEFAULT_SELF_SCHEME  # the self-evaluation scheme the forms are checked against
# 预算执行率 below which a form must explain itself (a share, e.g. Decimal("0.9")); None: not asked
EXECUTION_EXPLANATION_BELOW: Decimal | None = None

ZERO = Decimal(0)
HUNDRED = Decimal(100)


# -- small helpers ----------------------------------------------------------------------------------------


def _v(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


def _printing_slack(*figures: Figure | None) -> Decimal:
    """Half a unit of the last printed digit of each figure: what printing alone can explain."""
    slack = ZERO
    for f in figures:
        if f is not None and f.value is not None and numbers.places(f.value) > 2:
            slack += Decimal(1).scaleb(-numbers.places(f.value)) / 2
    return slack


def _scheme() -> SelfScheme | None:
    return shipped_self_scheme(SCHEME)


def _forms(doc: Document) -> tuple[SelfEvaluation, ...]:
    """The forms inside a 决算, or the forms read on their own (``doc.forms``)."""
    inside = tuple(doc.accounts.self_evaluations) if doc.accounts is not None else ()
    return inside + (tuple(doc.forms.self_evaluations) if doc.forms is not None else ())


def _subject(form: SelfEvaluation) -> str:
    return form.project or form.title


# == self-evaluation forms ================================================================================


@check("selfeval-weight-mismatch", applies_to="any")
def selfeval_weights(doc: Document) -> Iterator[Finding]:
    """Σ indicator 分值 = 小计 分值; 预算执行率 分值 + 小计 = 100; 一级 labels = Σ 分值 under them."""
    for form in _forms(doc):
        subject = _subject(form)
        weights = [_v(it.weight) for it in form.indicators]
        known = [w for w in weights if w is not None]
        subtotal = form.subtotal_weight
        if subtotal is not None and subtotal.value is not None and len(known) == len(weights) and known:
            total = sum(known, ZERO)
            if total != subtotal.value:
                yield make_finding(
                    "selfeval-weight-mismatch",
                    subtotal.source,
                    subject=subject,
                    what="小计的分值",
                    rule="各三级指标分值之和",
                    expected=plain(total),
                    actual=subtotal.raw,
                )
        line = form.total_line
        budget = _v(line.weight) if line is not None else None
        if subtotal is not None and subtotal.value is not None and budget is not None:
            rows_agree = len(known) != len(weights) or not known or sum(known, ZERO) == subtotal.value
            # a 小计 that differs from its rows is reported once, above, as the wrong number
            if rows_agree and budget + subtotal.value != HUNDRED:
                yield make_finding(
                    "selfeval-weight-mismatch",
                    subtotal.source,
                    subject=subject,
                    what="总分的分值",
                    rule=f"预算执行率分值{plain(budget)} + 小计分值 = 100",
                    expected=plain(HUNDRED - budget),
                    actual=subtotal.raw,
                )
        yield from _level1_labels(form, subject)


def _level1_labels(form: SelfEvaluation, subject: str) -> Iterator[Finding]:
    """Each 一级 label's "(N分)" against Σ 分值 of its rows.

    The converter places a merged 一级 cell on one of the rows it spans, not always the first: a
    成本指标 row may come out under "效益指标 (30分)". When moving rows across the boundary of two
    adjacent 一级 groups makes both labels add up, the labels are right and only their placement in
    the text is off: nothing is reported.
    """
    groups = _level1_groups(form.indicators)
    explained: set[int] = set()
    for i in range(len(groups) - 1):
        if _boundary_shift_fits(groups[i], groups[i + 1]):
            explained |= {i, i + 1}
    for i, (key, label, rows) in enumerate(groups):
        weights = [_v(it.weight) for it in rows]
        if i in explained or not key or label is None or any(w is None for w in weights):
            continue
        total = sum((w for w in weights if w is not None), ZERO)
        if total != label:
            yield make_finding(
                "selfeval-weight-mismatch",
                rows[0].source.at(column=None),
                subject=subject,
                what=f"一级指标“{key}指标”标注的分值",
                rule=f"{key}指标下各三级指标分值之和（{len(rows)}项）",
                expected=plain(total),
                actual=f"{plain(label)}分",
            )


_Group = tuple[str, Decimal | None, list[IndicatorResult]]


def _level1_groups(indicators: Iterable[IndicatorResult]) -> list[_Group]:
    """Consecutive rows under one 一级 name, with the points its label prints."""
    groups: list[_Group] = []
    for it in indicators:
        key = normalize_level1(it.level1) if it.level1 else ""
        if not groups or groups[-1][0] != key:
            groups.append((key, it.level1_points, []))
        groups[-1][2].append(it)
    return groups


def _boundary_shift_fits(first: _Group, second: _Group) -> bool:
    (_, label1, rows1), (_, label2, rows2) = first, second
    weights = [_v(it.weight) for it in (*rows1, *rows2)]
    if label1 is None or label2 is None or any(w is None for w in weights):
        return False
    values = [w for w in weights if w is not None]
    if sum(values[: len(rows1)], ZERO) == label1 and sum(values[len(rows1) :], ZERO) == label2:
        return False  # nothing to explain
    return any(sum(values[:cut], ZERO) == label1 and sum(values[cut:], ZERO) == label2 for cut in range(1, len(values)))


@check("selfeval-score-sum-mismatch", "rounding-gap", applies_to="any")
def selfeval_published_sums(doc: Document) -> Iterator[Finding]:
    """The form's own printed scores: Σ indicator 得分 = 小计 得分; 预算执行率 得分 + Σ 得分 = 总分."""
    for form in _forms(doc):
        subject = _subject(form)
        scores = [_v(it.score) for it in form.indicators]
        if not scores or any(s is None for s in scores):
            continue  # a blank score: the reader reports it, the sum is unknowable
        items = sum((s for s in scores if s is not None), ZERO)
        subtotal = form.subtotal_score
        subtotal_ok = True
        if subtotal is not None and subtotal.value is not None:
            found = sum_findings(
                "selfeval-score-sum-mismatch",
                items,
                subtotal.value,
                len(scores),
                subtotal.source,
                subject=subject,
                what="小计的得分",
                rule="各三级指标得分之和",
            )
            subtotal_ok = not any(f.code != "rounding-gap" for f in found)
            yield from found
        line = form.total_line
        budget = _v(line.score) if line is not None else None
        total = form.total
        if line is None or budget is None or total is None or total.value is None:
            continue
        expected = budget + items
        if abs(expected - total.value) <= _printing_slack(line.score, total, *(it.score for it in form.indicators)):
            continue  # e.g. 9.714116279 + 90 printed as 99.71411628
        subtotal_adds_up = (
            subtotal is not None
            and subtotal.value is not None
            and verdict(budget + subtotal.value, total.value, 2) != "mismatch"
        )
        if not subtotal_ok and subtotal_adds_up:
            continue  # 总分 adds up with the printed 小计: the 小计 is the wrong number, reported above
        yield from sum_findings(
            "selfeval-score-sum-mismatch",
            expected,
            total.value,
            len(scores) + 1,
            total.source,
            subject=subject,
            what="总分",
            rule=f"预算执行率得分{plain(budget)} + 各三级指标得分之和",
        )


@check("selfeval-score-out-of-range", applies_to="any")
def selfeval_score_ranges(doc: Document) -> Iterator[Finding]:
    """Each printed 得分 within [0, its 分值]: the indicators' and the budget block's."""
    for form in _forms(doc):
        line = form.total_line
        rows = [(f"指标“{it.name}”的", it.score, it.weight) for it in form.indicators]
        rows += [("预算执行率的", line.score, line.weight)] if line is not None else []
        for what, score, weight in rows:
            if score is None or score.value is None or weight is None or weight.value is None:
                continue
            if not ZERO <= score.value <= weight.value:
                yield make_finding(
                    "selfeval-score-out-of-range", score.source, subject=_subject(form), what=what,
                    actual=score.raw, weight=weight.raw,
                )  # fmt: skip


@check("selfeval-execution-rate-mismatch", "rounding-gap", applies_to="any")
def selfeval_execution_rates(doc: Document) -> Iterator[Finding]:
    """The printed 执行率 against 全年执行数 ÷ 调整后预算数, row by row."""
    scheme = _scheme()
    base = scheme.execution.params.get("base", "adjusted") if scheme is not None else "adjusted"
    budget_name = "年初预算数" if base == "initial" else "调整后预算数"
    for form in _forms(doc):
        for line in form.budget_lines:
            rate, executed = line.rate, _v(line.executed)
            base_figure = line.initial if base == "initial" else line.adjusted
            budget = _v(base_figure)
            if rate is None or rate.value is None or executed is None or budget is None or budget <= 0:
                continue
            if line.executed is not None and base_figure is not None:  # columns in different units: compared in one
                executed = to_unit(executed, form.unit_of(line.executed) or "", form.unit_of(base_figure) or "")
            exact = executed / budget
            percent = "%" in rate.raw
            places = numbers.places(rate.value)
            if numbers.rounded(exact * HUNDRED if percent else exact, places) == rate.value:
                continue
            shown = numbers.rounded(exact * HUNDRED, places) if percent else numbers.rounded(exact, max(places, 2))
            if percent and places >= 2 and abs(shown - rate.value) <= CENT:
                # one unit of the last of two printed decimals: 尾数 (the authors' own rounding of a rounded figure)
                yield make_finding(
                    "rounding-gap", rate.source, what=f"自评表“{_subject(form)}”{line.name}的执行率",
                    rule=f"全年执行数÷{budget_name}", expected=f"{plain(shown)}%", actual=rate.raw,
                    gap=f"{plain(abs(shown - rate.value))}个百分点", summands=1,
                )
                continue
            yield make_finding(
                "selfeval-execution-rate-mismatch",
                rate.source,
                subject=_subject(form),
                executed=plain(executed),
                budget=plain(budget),
                budget_name=budget_name,
                expected=f"{plain(shown)}{'%' if percent else ''}",
                actual=rate.raw,
            )


@check("selfeval-grade-mismatch", applies_to="final_accounts")
def selfeval_grades(doc: Document) -> Iterator[Finding]:
    """The summary table's 评价等级 against the form's 总分 (or its own 自评得分) under the bands."""
    scheme = _scheme()
    summary = doc.accounts.self_evaluation_summary if doc.accounts is not None else None
    if scheme is None or summary is None:
        return
    forms = _forms_by_project(doc)
    for row in summary.rows:
        if not row.grade:
            continue
        form = forms.get(normalise_name(row.project))
        if form is not None and form.total is not None and form.total.value is not None:
            score, what = form.total.value, f"的自评表总分（第{form.total.source.line}行）"
        elif row.score is not None and row.score.value is not None:
            score, what = row.score.value, "的汇总表自评得分"
        else:
            continue
        expected = scheme.grades.grade(score)
        if expected is not None and expected != row.grade.strip():
            yield make_finding(
                "selfeval-grade-mismatch",
                row.source,
                subject=row.project,
                what=what,
                score=plain(score),
                bands=scheme.grades.thresholds_text(),
                expected=expected,
                actual=row.grade,
            )


def _forms_by_project(doc: Document) -> dict[str, SelfEvaluation]:
    out: dict[str, SelfEvaluation] = {}
    for form in _forms(doc):
        if form.project:
            out.setdefault(normalise_name(form.project), form)
    return out


@check("selfeval-item-score-differs", "selfeval-total-score-differs", applies_to="final_accounts")
def selfeval_recomputed(doc: Document) -> Iterator[Finding]:
    """The scoring engine's item scores and totals against the published ones."""
    scheme = _scheme()
    if scheme is None or doc.accounts is None:
        return
    forms = _forms(doc)
    results = score_self_evaluations(doc.accounts, scheme)
    for form, result in zip(forms, results, strict=False):
        subject = _subject(form)
        line = form.total_line
        figures: list[Figure | None] = [line.score if line is not None else None]
        figures += [it.score for it in form.indicators]
        differing = []
        for item, figure in zip(result.items, figures, strict=False):
            if item.agrees is not False:
                continue
            differing.append(item)
            where = figure.source if figure is not None else (item.source or form.source)
            yield make_finding(
                "selfeval-item-score-differs",
                where,
                subject=subject,
                item=item.name,
                expected=plain(item.computed, 2),
                actual=plain(item.published),
                reason=item.explanation,
            )
        if result.agrees is False and form.total is not None:
            yield make_finding(
                "selfeval-total-score-differs",
                form.total.source,
                subject=subject,
                scheme=scheme.title if scheme is not None and scheme.name == result.scheme else result.scheme,
                expected=plain(result.computed_total, 2),
                actual=form.total.raw,
                detail=_total_detail(differing, result.notes),
            )


def _total_detail(differing: list, notes: Iterable[str]) -> str:
    parts = [f"“{i.name}”计算{plain(i.computed, 2)}、表中{plain(i.published)}" for i in differing]
    parts += [n for n in notes if any(word in n for word in ("小计", "总分", "合计", "表中没有"))]
    return "；".join(parts) if parts else "各项计算得分之和与表中总分不同"


@check(
    "selfeval-low-score-unexplained",
    "selfeval-deviation-unexplained",
    "selfeval-execution-unexplained",
    applies_to="final_accounts",
)
def selfeval_explanations(doc: Document) -> Iterator[Finding]:
    """Explanations the rules require: 总分 < 80, deviation ≥ threshold, execution below the set level."""
    scheme = _scheme()
    for form in _forms(doc):
        subject = _subject(form)
        total = _v(form.total)
        explained = bool((form.low_score_explanation or "").strip())
        if total is not None and total < 80 and not explained and form.total is not None:
            yield make_finding(
                "selfeval-low-score-unexplained", form.total.source, subject=subject, actual=form.total.raw
            )
        if scheme is not None and scheme.over_performance.mode != "none":
            yield from _deviations(form, subject, scheme.over_performance.threshold, explained)
        yield from _execution_explained(form, subject, EXECUTION_EXPLANATION_BELOW)


def _deviations(form: SelfEvaluation, subject: str, threshold: Decimal, shortfall_explained: bool) -> Iterator[Finding]:
    low = 2 - threshold  # 1.3 → 0.7
    for it in form.indicators:
        kind = indicator_type(it.target)
        if kind not in ("positive", "equal", "reverse") or (it.deviation or "").strip():
            continue
        pair = compare(it.target, it.actual)
        if isinstance(pair, str) or pair.a <= 0:
            continue
        ratio = pair.b / pair.a
        over = ratio >= threshold
        under = kind != "reverse" and ratio <= low
        if not (over or under) or (under and shortfall_explained):
            continue
        yield make_finding(
            "selfeval-deviation-unexplained",
            it.source,
            subject=subject,
            item=it.name,
            expected=it.target.raw,
            actual=it.actual.raw,
            ratio=f"{plain(ratio * HUNDRED, 2)}%",
            deviation=f"{'+' if over else ''}{plain((ratio - 1) * HUNDRED, 2)}%",
            threshold=f"±{plain((threshold - 1) * HUNDRED)}%",
            detail="",
        )


def _execution_explained(form: SelfEvaluation, subject: str, below: Decimal | None) -> Iterator[Finding]:
    line = form.total_line
    if below is None or line is None:
        return
    executed, budget = _v(line.executed), _v(line.adjusted)
    if executed is None or budget is None or budget <= 0:
        return
    rate = executed / budget
    texts = [form.low_score_explanation, *(it.deviation for it in form.indicators)]
    if rate < below and not any((t or "").strip() for t in texts):
        where = line.rate.source if line.rate is not None else line.source
        yield make_finding(
            "selfeval-execution-unexplained",
            where,
            subject=subject,
            actual=f"{plain(rate * HUNDRED, 2)}%",
            threshold=f"{plain(below * HUNDRED)}%",
        )


@check("selfeval-actual-not-comparable", applies_to="final_accounts")
def selfeval_comparable(doc: Document) -> Iterator[Finding]:
    """A quantitative or date target whose actual is of another kind or unit (the engine's comparison)."""
    for form in _forms(doc):
        for it in form.indicators:
            reason = _not_comparable(it)
            if reason:
                yield make_finding(
                    "selfeval-actual-not-comparable",
                    it.source,
                    subject=_subject(form),
                    item=it.name,
                    expected=it.target.raw,
                    actual=it.actual.raw,
                    reason=reason,
                )


def _not_comparable(it: IndicatorResult) -> str | None:
    target, actual = it.target, it.actual
    if actual is None or actual.kind == ValueKind.EMPTY or target is None:
        return None
    if infer_tier(actual, target)[0] == 2:
        return None  # "未安排", "无": the work was not done; comparable in substance, scores 0
    if target.kind == ValueKind.DATE:
        return None if actual.kind == ValueKind.DATE else f"年度指标值是日期，实际完成值“{actual.raw}”不是日期"
    if target.kind not in (ValueKind.NUMBER, ValueKind.DURATION) or target.number is None:
        return None
    result = compare(target, actual)
    return result if isinstance(result, str) else None


@check(
    "selfeval-summary-unmatched", "selfeval-summary-mismatch", "selfeval-summary-rounded", applies_to="final_accounts"
)
def selfeval_summary_against_forms(doc: Document) -> Iterator[Finding]:
    """自评情况汇总表 against the forms: the same projects, units and scores."""
    summary = doc.accounts.self_evaluation_summary if doc.accounts is not None else None
    forms = _forms_by_project(doc)
    if summary is None or not forms:
        return
    seen: set[str] = set()
    for row in summary.rows:
        key = normalise_name(row.project)
        form = forms.get(key)
        if form is None:
            yield make_finding(
                "selfeval-summary-unmatched",
                row.source,
                subject=row.project,
                what="汇总表中的项目",
                detail="没有对应的自评表",
            )
            continue
        seen.add(key)
        yield from _summary_row(row, form)
    for key, form in forms.items():
        if key not in seen:
            yield make_finding(
                "selfeval-summary-unmatched",
                form.source,
                subject=form.project,
                what="自评表项目",
                detail=f"不在“{summary.title}”中",
            )


def _summary_row(row: SummaryRow, form: SelfEvaluation) -> Iterator[Finding]:
    line = form.source.line
    if form.unit and row.unit and normalise_name(form.unit) != normalise_name(row.unit):
        yield make_finding(
            "selfeval-summary-mismatch",
            row.source,
            subject=row.project,
            what="项目实施单位",
            expected=form.unit,
            actual=row.unit,
            form_line=line,
        )
    total = form.total
    if row.score is None or row.score.value is None or total is None or total.value is None:
        return
    if row.score.value == total.value:
        return
    fewer = numbers.places(row.score.value) < numbers.places(total.value)
    if fewer and numbers.printed_as(total.value, row.score.value):
        yield make_finding(
            "selfeval-summary-rounded",
            row.score.source,
            subject=row.project,
            expected=total.raw,
            actual=row.score.raw,
            places=numbers.places(row.score.value),
        )
        return
    yield make_finding(
        "selfeval-summary-mismatch",
        row.score.source,
        subject=row.project,
        what="自评得分",
        expected=total.raw,
        actual=row.score.raw,
        form_line=total.source.line,
    )
