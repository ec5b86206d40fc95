"""Self-evaluation forms (绩效自评表), their summary table, and the evaluation reports' scores.

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

Evaluation reports
------------------
- **score table**: Σ row 权重 per 一级 = the "(20分)" label and the section table's 权重; Σ row 得分 per
  一级 = the section table's 得分 (the last summary table and the abstract's); Σ sections = total;
  Σ 权重 = 100 = the 合计 row; Σ row 得分 = the 合计 row; every score in [0, 权重]; a standard that is
  all-or-nothing ("…得满分，否则，不得分", with no partial deduction) given a partial score.
- **得分率** = 得分 ÷ 权重 per row, per section and for the total, rounded half-up to the printed
  decimals. Scores and weights are printed exactly (they are the inputs, not rounded results), so
  a difference of one unit in the last digit is an error, not a rounding matter.
- **grades**: each section's grade by its 得分率 and the total's by its score, under the report's
  own bands.
- **text against the table**: each "…指标共3分，得3分，扣0分" against its table row (and 得 + 扣 = 共);
  each 评分说明 conclusion ("该项指标得 2.4 分，扣 0.6 分，得分率为 80%") against itself and the row;
  the abstract's section sentences against the section table; the department report's "得 N 分"
  sentences summed per section against the section score it states; and the numbers a 评分说明
  quotes (万元, 件, 人次, % …) against the numbers of the same unit in the row's 评分依据 — when the
  two share no value for a unit they quote different figures for the same quantity.

Sums use :func:`jixiao.checks.arith.verdict`: exact passes, a gap within 0.01 per summand is the
``rounding-gap`` info, more is an error. Nothing here raises on a partial model: a missing figure
skips the comparison it would feed.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.checks.arith import verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.evaluation import Evaluation, ScoreItem, ScoreStatement, SectionScore
from jixiao.model.finding import Finding
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation, SummaryRow
from jixiao.model.source import Source
from jixiao.model.target import ValueKind
from jixiao.rules.schemes import SelfScheme, load_scheme, normalize_level1
from jixiao.rules.score_self import indicator_type, score_self_evaluations
from jixiao.rules.self_rules import compare, infer_tier

SCHEME = "mof-2020-10"  # the self-evaluation scheme the forms are checked against
# 预算执行率 below which a form must explain itself (a share, e.g. Decimal("0.9")); None: not asked
EXECUTION_EXPLANATION_BELOW: Decimal | None = None

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TOTAL_ROW = "年度资金总额"


# -- small helpers ----------------------------------------------------------------------------------------


def _v(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


def _plain(value: Decimal | None) -> str:
    """A number as a person writes it: no exponent, no trailing zeros."""
    if value is None:
        return "（空）"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _at_places(exact: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return exact.quantize(Decimal(1).scaleb(-min(places, 12)), rounding=rounding)


def _printed_as(exact: Decimal, printed: Decimal) -> bool:
    """``printed`` is ``exact`` rounded half-up or cut at the printed number of decimals."""
    places = _places(printed)
    return printed in (_at_places(exact, places), _at_places(exact, places, ROUND_DOWN))


def _sum_finding(
    code: str, expected: Decimal, actual: Decimal, summands: int, source: Source, **params
) -> list[Finding]:
    """An error for a wrong sum, the ``rounding-gap`` info within 0.01 per summand, nothing when exact."""
    outcome = verdict(expected, actual, summands)
    if outcome == "ok":
        return []
    if outcome == "rounding":
        subject = params.get("subject")
        what = f"{subject}{params.get('what', '')}" if subject else params.get("what", "")
        return [
            make_finding(
                "rounding-gap",
                source,
                subject=subject,
                expected=_plain(expected),
                actual=_plain(actual),
                what=what,
                rule=params.get("rule", ""),
                gap=_plain(abs(expected - actual)),
                summands=summands,
            )
        ]
    return [make_finding(code, source, expected=_plain(expected), actual=_plain(actual), **params)]


def _printing_slack(*figures: Figure | None) -> Decimal:
    """Half a unit of the last printed digit of each figure: what printing alone can explain."""
    slack = ZERO
    for f in figures:
        if f is not None and f.value is not None and _places(f.value) > 2:
            slack += Decimal(1).scaleb(-_places(f.value)) / 2
    return slack


def _scheme() -> SelfScheme | None:
    return _load_scheme(SCHEME)


@functools.lru_cache(maxsize=8)
def _load_scheme(name: str) -> SelfScheme | None:
    try:
        scheme = load_scheme(name)
    except Exception:  # a broken scheme file is the scheme checker's business, not a crash here
        return None
    return scheme if isinstance(scheme, SelfScheme) else None


def _bands_text(bands: Iterable[tuple[str, Decimal]]) -> str:
    return "、".join(f"{_plain(low)}分（含）以上为{grade}" if low > 0 else f"其余为{grade}" for grade, low in bands)


def _grade(score: Decimal, bands: Iterable[tuple[str, Decimal]]) -> str | None:
    for grade, low in sorted(bands, key=lambda b: b[1], reverse=True):
        if score >= low:
            return grade
    return None


def _forms(doc: Document) -> tuple[SelfEvaluation, ...]:
    """The forms inside a 决算, or the forms read on their own (``doc.forms``)."""
    inside = tuple(doc.accounts.self_evaluations) if doc.accounts is not None else ()
    return inside + (tuple(doc.forms.self_evaluations) if doc.forms is not None else ())


def _subject(form: SelfEvaluation) -> str:
    return form.project or form.title


def _total_line(form: SelfEvaluation) -> BudgetLine | None:
    for line in form.budget_lines:
        if TOTAL_ROW in _squash(line.name):
            return line
    return form.budget_lines[0] if form.budget_lines else None


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
                    expected=_plain(total),
                    actual=subtotal.raw,
                )
        line = _total_line(form)
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
                    rule=f"预算执行率分值{_plain(budget)} + 小计分值 = 100",
                    expected=_plain(HUNDRED - budget),
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
                expected=_plain(total),
                actual=f"{_plain(label)}分",
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
            found = _sum_finding(
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
        line = _total_line(form)
        budget = _v(line.score) if line is not None else None
        total = form.total
        if budget is None or total is None or total.value is None:
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
        yield from _sum_finding(
            "selfeval-score-sum-mismatch",
            expected,
            total.value,
            len(scores) + 1,
            total.source,
            subject=subject,
            what="总分",
            rule=f"预算执行率得分{_plain(budget)} + 各三级指标得分之和",
        )


@check("selfeval-execution-rate-mismatch", applies_to="any")
def selfeval_execution_rates(doc: Document) -> Iterator[Finding]:
    """The printed 执行率 against 全年执行数 ÷ 调整后预算数, row by row."""
    scheme = _scheme()
    base = scheme.execution.params.get("base", "adjusted") if scheme is not None else "adjusted"
    budget_name = "年初预算数" if base == "initial" else "调整后预算数"
    for form in _forms(doc):
        for line in form.budget_lines:
            rate, executed = line.rate, _v(line.executed)
            budget = _v(line.initial if base == "initial" else line.adjusted)
            if rate is None or rate.value is None or executed is None or budget is None or budget <= 0:
                continue
            exact = executed / budget
            percent = "%" in rate.raw
            places = _places(rate.value)
            if _at_places(exact * HUNDRED if percent else exact, places) == rate.value:
                continue
            shown = _at_places(exact * HUNDRED, places) if percent else _at_places(exact, max(places, 2))
            yield make_finding(
                "selfeval-execution-rate-mismatch",
                rate.source,
                subject=_subject(form),
                executed=_plain(executed),
                budget=_plain(budget),
                budget_name=budget_name,
                expected=f"{_plain(shown)}{'%' if percent else ''}",
                actual=rate.raw,
            )


@check("selfeval-grade-mismatch", applies_to="final_accounts")
def selfeval_grades(doc: Document) -> Iterator[Finding]:
    """The summary table's 评价等级 against the form's 总分 (or its own 自评得分) under the bands."""
    scheme = _scheme()
    summary = doc.accounts.self_evaluation_summary if doc.accounts is not None else None
    if scheme is None or summary is None:
        return
    bands = [(b.grade, b.min) for b in scheme.grades]
    forms = _forms_by_project(doc)
    for row in summary.rows:
        if not row.grade:
            continue
        form = forms.get(_squash(row.project))
        if form is not None and form.total is not None and form.total.value is not None:
            score, what = form.total.value, f"的自评表总分（第{form.total.source.line}行）"
        elif row.score is not None and row.score.value is not None:
            score, what = row.score.value, "的汇总表自评得分"
        else:
            continue
        expected = _grade(score, bands)
        if expected is not None and expected != row.grade.strip():
            yield make_finding(
                "selfeval-grade-mismatch",
                row.source,
                subject=row.project,
                what=what,
                score=_plain(score),
                bands=_bands_text(bands),
                expected=expected,
                actual=row.grade,
            )


def _forms_by_project(doc: Document) -> dict[str, SelfEvaluation]:
    out: dict[str, SelfEvaluation] = {}
    for form in _forms(doc):
        if form.project:
            out.setdefault(_squash(form.project), form)
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
        line = _total_line(form)
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
                expected=_plain(_at_places(item.computed, 2)),
                actual=_plain(item.published),
                reason=item.explanation,
            )
        if result.agrees is False and form.total is not None:
            yield make_finding(
                "selfeval-total-score-differs",
                form.total.source,
                subject=subject,
                scheme=result.scheme,
                expected=_plain(_at_places(result.computed_total, 2)),
                actual=form.total.raw,
                detail=_total_detail(differing, result.notes),
            )


def _total_detail(differing: list, notes: Iterable[str]) -> str:
    parts = [f"“{i.name}”计算{_plain(_at_places(i.computed, 2))}、表中{_plain(i.published)}" for i in differing]
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
            ratio=f"{_plain(_at_places(ratio * HUNDRED, 2))}%",
            deviation=f"{'+' if over else ''}{_plain(_at_places((ratio - 1) * HUNDRED, 2))}%",
            threshold=f"±{_plain((threshold - 1) * HUNDRED)}%",
            detail="",
        )


def _execution_explained(form: SelfEvaluation, subject: str, below: Decimal | None) -> Iterator[Finding]:
    line = _total_line(form)
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
            actual=f"{_plain(_at_places(rate * HUNDRED, 2))}%",
            threshold=f"{_plain(below * HUNDRED)}%",
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
        key = _squash(row.project)
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
    if form.unit and row.unit and _squash(form.unit) != _squash(row.unit):
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
    if _places(row.score.value) < _places(total.value) and _printed_as(total.value, row.score.value):
        yield make_finding(
            "selfeval-summary-rounded",
            row.score.source,
            subject=row.project,
            expected=total.raw,
            actual=row.score.raw,
            places=_places(row.score.value),
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


# == evaluation reports ===================================================================================

SECTION_NAMES = ("决策", "过程", "产出", "效益")


def _evaluations(doc: Document) -> tuple[Evaluation, ...]:
    return tuple(doc.accounts.evaluations) if doc.accounts is not None else ()


def _table_level1(table: Iterable[ScoreItem]) -> dict[str, list[ScoreItem]]:
    groups: dict[str, list[ScoreItem]] = {}
    for row in table:
        groups.setdefault(_squash(row.level1), []).append(row)
    return groups


@check("evaluation-sum-mismatch", "rounding-gap", applies_to="final_accounts")
def evaluation_sums(doc: Document) -> Iterator[Finding]:
    """Rows → 一级 labels and section tables; sections → total; Σ 权重 = 100; Σ rows = 合计 row."""
    for ev in _evaluations(doc):
        subject = ev.title
        tables = [t for t in (ev.sections, ev.abstract_sections) if t]
        for name, rows in _table_level1(ev.score_table).items():
            weights = [r.weight for r in rows]
            scores = [r.score for r in rows]
            if None not in weights:
                wsum = sum((w for w in weights if w is not None), ZERO)
                label = rows[0].level1_weight
                if label is not None and label != wsum:
                    yield make_finding(
                        "evaluation-sum-mismatch",
                        rows[0].source,
                        subject=subject,
                        what=f"一级指标“{name}”标注的权重",
                        rule=f"{name}下各行权重之和（{len(rows)}行）",
                        expected=_plain(wsum),
                        actual=_plain(label),
                    )
                for table in tables:
                    section = _section(table, name)
                    if section is not None and section.weight is not None and section.weight != wsum:
                        yield make_finding(
                            "evaluation-sum-mismatch",
                            section.source,
                            subject=subject,
                            what=f"汇总表中“{name}”的权重",
                            rule=f"评分表{name}各行权重之和",
                            expected=_plain(wsum),
                            actual=_plain(section.weight),
                        )
            if None in scores:
                continue
            ssum = sum((s for s in scores if s is not None), ZERO)
            for table in tables:
                section = _section(table, name)
                if section is not None and section.score is not None:
                    yield from _sum_finding(
                        "evaluation-sum-mismatch",
                        ssum,
                        section.score,
                        len(rows),
                        section.source,
                        subject=subject,
                        what=f"汇总表中“{name}”的得分",
                        rule=f"评分表{name}各行得分之和",
                    )
        yield from _table_totals(ev, subject)
        yield from _section_totals(ev, subject)


def _section(table: Iterable[SectionScore], name: str) -> SectionScore | None:
    for s in table:
        if s.name == name or (name and (name in s.name or s.name in name) and s.name in SECTION_NAMES):
            return s
    return None


def _table_totals(ev: Evaluation, subject: str) -> Iterator[Finding]:
    rows = ev.score_table
    if not rows:
        return
    source = ev.score_table_total_source or rows[-1].source
    weights = [r.weight for r in rows]
    if None not in weights:
        wsum = sum((w for w in weights if w is not None), ZERO)
        if wsum != HUNDRED:
            yield make_finding(
                "evaluation-sum-mismatch",
                source,
                subject=subject,
                what="评分表各行权重合计",
                rule="各指标权重之和应为100",
                expected="100",
                actual=_plain(wsum),
            )
        if ev.score_table_weight_total is not None and ev.score_table_weight_total != wsum:
            yield make_finding(
                "evaluation-sum-mismatch",
                source,
                subject=subject,
                what="评分表合计行的权重",
                rule="各行权重之和",
                expected=_plain(wsum),
                actual=_plain(ev.score_table_weight_total),
            )
    scores = [r.score for r in rows]
    if None not in scores and ev.score_table_total is not None:
        ssum = sum((s for s in scores if s is not None), ZERO)
        yield from _sum_finding(
            "evaluation-sum-mismatch",
            ssum,
            ev.score_table_total,
            len(rows),
            source,
            subject=subject,
            what="评分表合计行的得分",
            rule="各行得分之和",
        )


def _section_totals(ev: Evaluation, subject: str) -> Iterator[Finding]:
    """Within each summary table: Σ section 权重 = 100 (= the total row), Σ section 得分 = the total."""
    tables: list[tuple[list[SectionScore], SectionScore | None]] = []
    if ev.sections:
        tables.append(([s for s in ev.sections if s.name in SECTION_NAMES], ev.total))
    if ev.abstract_sections:
        parts = [s for s in ev.abstract_sections if s.name in SECTION_NAMES]
        total = next((s for s in ev.abstract_sections if s.name not in SECTION_NAMES), None)
        tables.append((parts, total))
    for parts, total in tables:
        if not parts or total is None:
            continue
        weights = [s.weight for s in parts]
        if None not in weights:
            wsum = sum((w for w in weights if w is not None), ZERO)
            expected_total = total.weight if total.weight is not None else HUNDRED
            if wsum != expected_total:
                yield make_finding(
                    "evaluation-sum-mismatch",
                    parts[0].source,
                    subject=subject,
                    what="各一级指标权重合计",
                    rule="应为100",
                    expected=_plain(expected_total),
                    actual=_plain(wsum),
                )
        scores = [s.score for s in parts]
        if None not in scores and total.score is not None:
            yield from _sum_finding(
                "evaluation-sum-mismatch",
                sum((s for s in scores if s is not None), ZERO),
                total.score,
                len(parts),
                total.source,
                subject=subject,
                what=f"“{total.name}”",
                rule="各一级指标得分之和",
            )


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def _printed_percent(raw: str | None) -> Decimal | None:
    m = _PERCENT.search(raw or "")
    if not m:
        return None
    try:
        return Decimal(m.group(1))
    except InvalidOperation:
        return None


def _rate_finding(subject: str, what: str, score, weight, raw: str | None, source: Source) -> list[Finding]:
    printed = _printed_percent(raw)
    if printed is None or score is None or weight is None or weight <= 0:
        return []
    expected = _at_places(score / weight * HUNDRED, _places(printed))
    if expected == printed:
        return []
    return [
        make_finding(
            "evaluation-rate-mismatch",
            source,
            subject=subject,
            what=what,
            score=_plain(score),
            weight=_plain(weight),
            expected=f"{expected}%",
            actual=(raw or "").strip(),
        )
    ]


@check("evaluation-rate-mismatch", applies_to="final_accounts")
def evaluation_rates(doc: Document) -> Iterator[Finding]:
    """得分率 = 得分 ÷ 权重 per row, per section and for the total, at the printed decimals."""
    for ev in _evaluations(doc):
        subject = ev.title
        for row in ev.score_table:
            yield from _rate_finding(subject, f"指标“{row.name}”", row.score, row.weight, row.raw_rate, row.source)
        sections = [*ev.sections, *ev.abstract_sections, *([ev.total] if ev.total is not None else [])]
        seen = set()
        for s in sections:
            if s.source in seen:
                continue
            seen.add(s.source)
            raw = s.raw_rate if s.raw_rate is not None else None
            yield from _rate_finding(subject, f"“{s.name}”", s.score, s.weight, raw, s.source)


@check("evaluation-grade-mismatch", applies_to="final_accounts")
def evaluation_grades(doc: Document) -> Iterator[Finding]:
    """Each section's grade by its 得分率 and the total's by its score, under the report's bands."""
    for ev in _evaluations(doc):
        bands = list(ev.grade_bands)
        if not bands:
            continue
        subject = ev.title
        seen = set()
        for s in (*ev.sections, *ev.abstract_sections):
            if s.source in seen or not s.grade or s.score is None or s.weight is None or s.weight <= 0:
                continue
            seen.add(s.source)
            if s.name in SECTION_NAMES:
                value = s.score / s.weight * HUNDRED
                what, shown = f"“{s.name}”的得分率", f"{_plain(_at_places(value, 2))}%"
            else:
                value, what, shown = s.score, f"“{s.name}”", f"{_plain(s.score)}分"
            yield from _grade_finding(subject, what, value, shown, s.grade, bands, s.source)
        total = ev.total
        if total is not None and total.score is not None:
            for grade, source in ((total.grade, total.source), (ev.grade, ev.source)):
                if grade and source not in seen:
                    seen.add(source)
                    yield from _grade_finding(
                        subject, "评价总分", total.score, f"{_plain(total.score)}分", grade, bands, source
                    )


def _grade_finding(subject, what, value, shown, grade, bands, source) -> list[Finding]:
    expected = _grade(value, bands)
    if expected is None or expected == grade.strip():
        return []
    return [
        make_finding(
            "evaluation-grade-mismatch",
            source,
            subject=subject,
            what=what,
            score=shown,
            bands=_bands_text(bands),
            expected=expected,
            actual=grade,
        )
    ]


@check("evaluation-score-out-of-range", "evaluation-partial-score-all-or-nothing", applies_to="final_accounts")
def evaluation_row_scores(doc: Document) -> Iterator[Finding]:
    """A score outside [0, 权重]; a partial score under an all-or-nothing standard."""
    for ev in _evaluations(doc):
        for row in ev.score_table:
            if row.score is None or row.weight is None:
                continue
            if not ZERO <= row.score <= row.weight:
                yield make_finding(
                    "evaluation-score-out-of-range",
                    row.source,
                    subject=ev.title,
                    item=row.name,
                    actual=_plain(row.score),
                    weight=_plain(row.weight),
                )
            elif ZERO < row.score < row.weight and _all_or_nothing(row.standard):
                yield make_finding(
                    "evaluation-partial-score-all-or-nothing",
                    row.source,
                    subject=ev.title,
                    item=row.name,
                    standard=row.standard.strip(),
                    actual=_plain(row.score),
                    weight=_plain(row.weight),
                )


_PARTIAL_WORDS = ("每", "扣除", "扣减", "各占", "%", "％", "比例", "专家", "酌情", "分档", "档次")


def _all_or_nothing(standard: str) -> bool:
    """The standard "…达到100%，则得满分，否则，不得分" with no partial deduction anywhere in the standard."""
    text = re.sub(r"[\s，,。；;]", "", standard or "")
    if "否则不得分" not in text:
        return False
    rest = text.replace("100%", "").replace("100％", "")
    return not any(word in rest for word in _PARTIAL_WORDS)


# -- the report's text against its own table -----------------------------------------------------------


def _name_key(name: str) -> str:
    return re.sub(r"[\s①-⑳（）()、.．]", "", name or "")


def _row_for(ev: Evaluation, name: str) -> ScoreItem | None:
    key = _name_key(name)
    if not key:
        return None
    rows = {_name_key(r.name): r for r in ev.score_table}
    if key in rows:
        return rows[key]
    best, best_ratio = None, 0.0
    for k, row in rows.items():
        ratio = difflib.SequenceMatcher(None, key, k).ratio()
        if ratio > best_ratio:
            best, best_ratio = row, ratio
    return best if best_ratio >= 0.85 else None


@check("evaluation-text-mismatch", "evaluation-text-contradicts", applies_to="final_accounts")
def evaluation_text_against_table(doc: Document) -> Iterator[Finding]:
    """Item sentences, 评分说明 conclusions and section sentences against the tables and themselves."""
    for ev in _evaluations(doc):
        subject = ev.title
        weights: dict[str, Decimal] = {}
        for st in ev.statements:
            if st.kind == "item":
                row = _row_for(ev, st.name)
                if st.weight is not None:
                    weights[st.name] = st.weight
                yield from _item_statement(subject, st, row)
            elif st.kind == "explanation":
                row = _row_for(ev, st.name)
                weight = weights.get(st.name, row.weight if row is not None else None)
                yield from _explanation_statement(subject, st, row, weight)
            elif st.kind == "section":
                yield from _section_statement(subject, st, _section(ev.sections, st.name))
        yield from _department_sentences(ev, subject)


def _parts_disagree(st: ScoreStatement) -> bool:
    """得 + 扣 ≠ 共 in a sentence that states all three."""
    if st.weight is None or st.score is None or st.deduction is None:
        return False
    return st.score + st.deduction != st.weight


def _item_statement(subject: str, st: ScoreStatement, row: ScoreItem | None) -> Iterator[Finding]:
    basis = f"评分表（第{row.source.line}行）中" if row is not None else ""
    yield from _statement(subject, st, row, basis, f"指标“{st.name}”")


def _explanation_statement(
    subject: str, st: ScoreStatement, row: ScoreItem | None, weight: Decimal | None
) -> Iterator[Finding]:
    text = st.raw.strip()
    score = st.score
    if score is None and st.deduction is not None and weight is not None:
        score = weight - st.deduction
    problems = []
    if st.score is not None and st.deduction is not None and weight is not None and st.score + st.deduction != weight:
        problems.append(f"得{_plain(st.score)}分加扣{_plain(st.deduction)}分不等于分值{_plain(weight)}分")
    printed = _printed_percent(text.split("得分率")[-1]) if "得分率" in text else None
    if printed is not None and score is not None and weight is not None and weight > 0:
        expected = _at_places(score / weight * HUNDRED, _places(printed))
        if expected != printed:
            how = f"得{_plain(score)}分" if st.score is not None else f"扣{_plain(st.deduction)}分即得{_plain(score)}分"
            problems.append(f"分值{_plain(weight)}分、{how}，得分率应为{_plain(expected)}%，文中为{_plain(printed)}%")
    table_note = ""
    if row is not None and row.score is not None and score is not None and score != row.score:
        table_note = f"评分表（第{row.source.line}行）该指标得分为{_plain(row.score)}"
        if weight is not None:
            table_note += f"，即扣{_plain(weight - row.score)}分"
    if problems:
        detail = "；".join(problems + ([table_note] if table_note else []))
        yield make_finding("evaluation-text-contradicts", st.source, subject=subject, text=text, detail=detail)
    elif table_note and row is not None:
        yield make_finding(
            "evaluation-text-mismatch",
            st.source,
            subject=subject,
            what=f"指标“{st.name}”评分说明的得分",
            basis=f"评分表（第{row.source.line}行）中",
            expected=_plain(row.score),
            actual=_plain(score),
        )


def _section_statement(subject: str, st: ScoreStatement, section: SectionScore | None) -> Iterator[Finding]:
    basis = f"汇总表（第{section.source.line}行）中" if section is not None else ""
    yield from _statement(subject, st, section, basis, f"“{st.name}”")


def _statement(
    subject: str, st: ScoreStatement, counterpart: ScoreItem | SectionScore | None, basis: str, name: str
) -> Iterator[Finding]:
    """A sentence "…共N分，得M分，扣K分": its parts add up, and agree with the table row it names."""
    if _parts_disagree(st):
        yield make_finding(
            "evaluation-text-contradicts",
            st.source,
            subject=subject,
            text=st.raw.strip(),
            detail=f"得{_plain(st.score)}分加扣{_plain(st.deduction)}分不等于共{_plain(st.weight)}分",
        )
    if counterpart is None:
        return
    for label, said, table in (("权重", st.weight, counterpart.weight), ("得分", st.score, counterpart.score)):
        if said is not None and table is not None and said != table:
            yield make_finding(
                "evaluation-text-mismatch",
                st.source,
                subject=subject,
                what=f"{name}的{label}",
                basis=basis,
                expected=_plain(table),
                actual=_plain(said),
            )


def _department_sentences(ev: Evaluation, subject: str) -> Iterator[Finding]:
    """A report without a score table: Σ "得 N 分" under each section heading = the section's score."""
    groups: dict[str, list[ScoreStatement]] = {}
    for st in ev.statements:
        if st.kind != "sentence" or st.score is None:
            continue
        name = next((n for n in SECTION_NAMES if n in st.section), None)
        if name is not None and "问题" not in st.section:
            groups.setdefault(name, []).append(st)
    for name, sentences in groups.items():
        section = _section(ev.sections, name)
        if section is None or section.score is None:
            continue
        total = sum((s.score for s in sentences if s.score is not None), ZERO)
        if total != section.score:
            listed = "、".join(f"{s.name}{_plain(s.score)}分" for s in sentences)
            yield make_finding(
                "evaluation-text-mismatch",
                section.source,
                subject=subject,
                what=f"“{name}”的得分",
                basis=f"其下各项“得N分”之和（{listed}）",
                expected=_plain(total),
                actual=_plain(section.score),
            )


# -- numbers quoted in a 评分说明 against the row's 评分依据 ---------------------------------------------------

_QUANTITY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|件|人次|人|份|天|[%％])")


def _quantities(text: str) -> dict[str, dict[Decimal, str]]:
    """unit → {value: the number as printed} for every "number + unit" in ``text``."""
    out: dict[str, dict[Decimal, str]] = {}
    for number, unit in _QUANTITY.findall(text or ""):
        try:
            value = Decimal(number.replace(",", "")).normalize()
        except InvalidOperation:
            continue
        out.setdefault("%" if unit == "％" else unit, {}).setdefault(value, number)
    return out


@check("evaluation-text-mismatch", applies_to="final_accounts")
def evaluation_explanation_numbers(doc: Document) -> Iterator[Finding]:
    """A 评分说明 quoting, for a unit, none of the values the row's 评分依据 gives in that unit."""
    for ev in _evaluations(doc):
        for st in ev.statements:
            if st.kind != "item":
                continue
            row = _row_for(ev, st.name)
            if row is None:
                continue
            basis = _quantities(row.basis)
            for para in ev.paragraphs:
                if para.heading or not para.path or para.path[-1] != st.section or "评分说明" not in para.text:
                    continue
                quoted = para.text.split("根据评分标准")[0]
                for unit, values in _quantities(quoted).items():
                    table = basis.get(unit)
                    if table and not set(values) & set(table):
                        yield make_finding(
                            "evaluation-text-mismatch",
                            para.source,
                            subject=ev.title,
                            what=f"指标“{row.name}”评分说明所引数据",
                            basis=f"评分表（第{row.source.line}行）评分依据中",
                            expected="、".join(f"{table[v]}{unit}" for v in sorted(table)),
                            actual="、".join(f"{values[v]}{unit}" for v in sorted(values)),
                        )
