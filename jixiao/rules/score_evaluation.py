"""Scoring an evaluation report (部门评价 / 财政评价) and comparing with what it publishes.

Three ways, chosen by what is available:

1. **Scheme + measurements** (the real re-computation). Every indicator of the scheme is scored
   by its rule from the measured values of a measurement file (the rates, counts, previous-year
   values, check-point results, expert tiers, days late that the report states, each with the
   sentence quoting it). Rows are matched with the report's score table by 四级 name; sections
   (一级) and the total are summed from the computed rows (as shown, two decimals, when the
   scheme says ``rounding.sum: shown``, as score tables do), graded by the scheme's bands, and
   compared with the report's section table and total. Disagreements are reported item by item
   with both values and the reason; rules are never tuned to hit a published number.
2. **Finance evaluation without measurements**: the score table's own row scores (each checked
   to lie in ``[0, weight]``) are summed to sections and total and compared with the report's
   section table, so a report can be checked from the document alone.
3. **Department evaluation** (no score table): the computed total is the sum of the stated
   section scores, graded by the report's own bands; each section is also re-added from the
   report's item sentences (``……，得 2 分``) as its item.

The measurement files are read by :mod:`jixiao.rules.measurements`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.model.evaluation import Evaluation, ScoreItem, ScoreStatement
from jixiao.model.grades import EVALUATION_BANDS, GradeBands
from jixiao.rules.eval_rules import num
from jixiao.rules.evaluation_schemes import (
    EvalItem,
    EvaluationScheme,
)
from jixiao.rules.measurements import Measurement, Measurements, check_measurements
from jixiao.rules.registry import RULES, RuleInput, RuleResult
from jixiao.rules.result import ScoredItem, ScoreResult, SectionTotal, shown
from jixiao.rules.schemefile import SchemeError

ZERO = Decimal(0)
DOCUMENT = "document"  # the scheme name reported when the document's own scores are summed
DOCUMENT_TITLE = "报告所载评分（逐项加总）"  # what users read for it


# ---------------------------------------------------------------------------------------------
# Scheme lookup
# ---------------------------------------------------------------------------------------------


def find_evaluation_scheme(name_or_path: str) -> EvaluationScheme:
    """A shipped scheme by name (``qingdao-legal-aid-2022``) or a scheme file by path."""
    from jixiao.rules.schemes import load_scheme  # the shared loader, which dispatches on ``kind``

    scheme = load_scheme(name_or_path)
    if isinstance(scheme, EvaluationScheme):
        return scheme
    raise SchemeError("不是评价方案（kind 应为 evaluation）", str(name_or_path))


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


def score_evaluation(
    evaluation: Evaluation,
    scheme: EvaluationScheme | None = None,
    measurements: Measurements | None = None,
) -> ScoreResult:
    """Score an evaluation report and compare with its published scores (see the module docstring).

    With ``measurements`` (and ``scheme``, or the scheme the measurement file names) every row is
    computed by its rule; without them a finance report's row scores are summed, and a report
    without a score table (a department evaluation) is summed from its section scores. Raises
    :class:`SchemeError` only for a measurement file that does not fit its scheme.
    """
    if measurements is not None:
        if scheme is None:
            if not measurements.scheme:
                raise SchemeError("测量值文件未写明评价方案（scheme），也未另行指定方案", measurements.path, 1)
            scheme = find_evaluation_scheme(measurements.scheme)
        return _score_measured(evaluation, scheme, measurements)
    if evaluation.score_table:
        return _score_document(evaluation, scheme)
    return _score_sections(evaluation, scheme)


def _score_measured(evaluation: Evaluation, scheme: EvaluationScheme, measurements: Measurements) -> ScoreResult:
    check_measurements(scheme, measurements)
    notes: list[str] = list(scheme.notes)
    rows = _rows_by_name(evaluation)
    items: list[ScoredItem] = []
    for item in scheme.items:
        row = rows.pop(item.name, None)
        m = measurements.get(item.name)
        items.append(_score_item(item, row, m, notes))
    for name, row in rows.items():
        notes.append(f"评分表中的指标“{name}”（第{row.source.line}行）不在方案“{scheme.name}”中，未计分")
    for m in measurements.items:
        notes.extend(m.notes)
    for row in evaluation.score_table:
        _check_statement(evaluation, row, notes)
    sections = _sections(scheme, items, evaluation)
    return _result(evaluation, scheme.name, items, sections, scheme.grade_bands, notes, scheme.sum_of)


def _score_item(item: EvalItem, row: ScoreItem | None, m: Measurement | None, notes: list[str]) -> ScoredItem:
    published = row.score if row is not None and row.score is not None else (m.published if m else None)
    if row is not None and m is not None and None not in (m.published, row.score) and m.published != row.score:
        notes.append(f"“{item.name}”：测量值文件所记得分 {m.published} 与评分表 {row.score} 不一致，以评分表为准")
    if row is not None and row.weight is not None and row.weight != item.weight:
        notes.append(f"“{item.name}”：评分表权重 {row.weight} 与方案权重 {item.weight} 不一致，按方案计算")
    measured: Mapping[str, Any] = m.values if m is not None else {"unknown_reason": "未提供该指标的测量值"}
    result = _run(item, RuleInput(item.weight, published=published, measured=measured))
    explanation = result.explanation
    if m is not None and m.evidence:
        explanation += f"。依据：{m.evidence}"
    agrees, reason = _compare(item, result, published)
    return ScoredItem(
        name=item.name,
        path=item.path,
        weight=item.weight,
        target=item.target or item.benchmark,
        actual=(m.shown_actual or None) if m is not None else None,
        rule=item.rule,
        computed=result.score,
        published=published,
        explanation=explanation,
        agrees=agrees,
        reason=reason,
        band=result.band,
        judged=result.judged,
        source=row.source if row is not None else None,
    )


def _run(item: EvalItem, rule_input: RuleInput) -> RuleResult:
    result = RULES[item.rule](rule_input, **item.params)
    if not ZERO <= result.score <= item.weight:  # a rule bug must not leak a score outside the weight
        clamped = min(max(result.score, ZERO), item.weight)
        return RuleResult(
            clamped,
            f"{result.explanation}（超出 [0, {item.weight}]，按 {num(clamped)} 计）",
            result.band,
            result.judged,
            result.inputs,
        )
    return result


def _compare(item: EvalItem, result: RuleResult, published: Decimal | None) -> tuple[bool | None, str | None]:
    if published is None:
        return None, None
    computed = shown(result.score)
    if computed == shown(published):
        return True, None
    reason = f"按评分标准计算得 {computed} 分，评分表为 {published} 分（相差 {shown(published - result.score)}）"
    if item.rule == "eval-all-or-nothing" and published not in (ZERO, item.weight):
        reason += (
            f"；评分标准为“达到则得满分，否则不得分”，只能得 0 分或 {item.weight} 分，{published} 分不是允许的分值"
        )
    elif result.judged:
        reason += "；该项需评价人判断，所列得分不在允许的档次内"
    return False, f"{reason}。{result.explanation}"


def _sections(scheme: EvaluationScheme, items: list[ScoredItem], evaluation: Evaluation) -> list[SectionTotal]:
    out: list[SectionTotal] = []
    for section in scheme.sections:
        members = [i for i in items if i.path and i.path[0] == section.name]
        computed = _add(members, scheme.sum_of)
        stated = evaluation.section(section.name)
        published = stated.score if stated is not None else None
        out.append(SectionTotal(section.name, section.weight, computed, published, _same(computed, published)))
    return out


def _add(items: list[ScoredItem], sum_of: str) -> Decimal:
    if sum_of == "shown":
        return sum((shown(i.computed) or ZERO for i in items), ZERO)
    return sum((i.computed for i in items), ZERO)


def _same(computed: Decimal, published: Decimal | None) -> bool | None:
    return None if published is None else shown(computed) == shown(published)


# -- without measurements ----------------------------------------------------------------------


def _score_document(evaluation: Evaluation, scheme: EvaluationScheme | None) -> ScoreResult:
    """A finance report alone: its row scores, each checked against [0, weight], summed."""
    notes: list[str] = []
    items: list[ScoredItem] = []
    for row in evaluation.score_table:
        weight = row.weight
        if weight is None:
            notes.append(f"评分表“{row.name}”（第{row.source.line}行）未列权重，按0计")
            weight = ZERO
        result = RULES["eval-published"](RuleInput(weight, published=row.score))
        agrees = None if row.score is None else result.score == row.score
        reason = None if agrees in (True, None) else f"所列得分 {row.score} 超出权重范围 [0, {weight}]"
        path = tuple(p for p in (row.level1, row.level2, row.level3) if p and p != row.name)
        items.append(
            ScoredItem(
                row.name,
                path,
                weight,
                row.benchmark or None,
                None,
                "eval-published",
                result.score,
                row.score,
                result.explanation,
                agrees,
                reason,
                (ZERO, weight),
                True,
                row.source,
            )
        )
        _check_statement(evaluation, row, notes)
    sections: list[SectionTotal] = []
    for name in _section_names(evaluation):
        members = [i for i in items if i.path and i.path[0] == name]
        computed = sum((i.computed for i in members), ZERO)
        weights = sum((i.weight for i in members), ZERO)
        stated = evaluation.section(name)
        if stated is not None and stated.weight is not None and stated.weight != weights:
            notes.append(f"一级指标“{name}”：评分表各行权重合计 {weights}，评价结论表为 {stated.weight}")
        published = stated.score if stated is not None else None
        weight = stated.weight if stated is not None and stated.weight is not None else weights
        sections.append(SectionTotal(name, weight, computed, published, _same(computed, published)))
    table_total, total = evaluation.score_table_total, evaluation.total
    if table_total is not None and total is not None and table_total != total.score:
        notes.append(f"评分表合计 {table_total} 与评价结论 {total.score} 不一致")
    bands = scheme.grade_bands if scheme is not None else (evaluation.bands or EVALUATION_BANDS)
    return _result(evaluation, scheme.name if scheme else DOCUMENT, items, sections, bands, notes, "exact")


def _score_sections(evaluation: Evaluation, scheme: EvaluationScheme | None) -> ScoreResult:
    """A department report: the stated section scores summed; each re-added from its item sentences."""
    notes: list[str] = []
    items: list[ScoredItem] = []
    sections: list[SectionTotal] = []
    for section in evaluation.sections:
        if section.score is None:
            notes.append(f"一级指标“{section.name}”未读到得分，按0计")
        score = section.score if section.score is not None else ZERO
        weight = section.weight if section.weight is not None else ZERO
        sections.append(SectionTotal(section.name, section.weight, score, section.score, _same(score, section.score)))
        items.append(_section_item(evaluation, section.name, weight, score, section.score, section.source))
    bands = scheme.grade_bands if scheme is not None else (evaluation.bands or EVALUATION_BANDS)
    return _result(evaluation, scheme.name if scheme else DOCUMENT, items, sections, bands, notes, "exact")


def _section_item(
    evaluation: Evaluation, name: str, weight: Decimal, score: Decimal, published: Decimal | None, source: Any
) -> ScoredItem:
    sentences = [s for s in _section_sentences(evaluation, name) if s.score is not None]
    if not sentences:
        return ScoredItem(
            name,
            (),
            weight,
            None,
            None,
            "section-score",
            score,
            published,
            f"采用报告所述一级指标得分 {num(score)} 分（未读到逐项得分）",
            _same(score, published),
            None,
            (ZERO, weight),
            True,
            source,
        )
    computed = sum((s.score for s in sentences if s.score is not None), ZERO)
    parts = " + ".join(f"{s.name} {num(s.score)}" for s in sentences)
    explanation = f"逐项得分：{parts} = {num(computed)} 分"
    agrees = _same(computed, published)
    reason = None
    if agrees is False:
        reason = f"报告逐项得分合计 {num(computed)} 分，与所述“{name}”得分 {published} 分不一致"
    return ScoredItem(
        name,
        (),
        weight,
        None,
        None,
        "sum-of-statements",
        computed,
        published,
        explanation,
        agrees,
        reason,
        None,
        False,
        source,
    )


def _section_sentences(evaluation: Evaluation, name: str) -> list[ScoreStatement]:
    return [s for s in evaluation.statements if s.kind == "sentence" and f"项目{name}" in s.section.replace(" ", "")]


# -- shared ------------------------------------------------------------------------------------


def _result(
    evaluation: Evaluation,
    scheme_name: str,
    items: list[ScoredItem],
    sections: list[SectionTotal],
    bands: GradeBands,
    notes: list[str],
    sum_of: str,
) -> ScoreResult:
    total = sum((s.computed for s in sections), ZERO)
    if sum_of == "shown":
        total = sum((shown(s.computed) or ZERO for s in sections), ZERO)
    published_total = evaluation.total.score if evaluation.total is not None else evaluation.score_table_total
    grade = bands.grade(shown(total) or ZERO)
    for s in sections:
        if s.agrees is False:
            notes.append(f"一级指标“{s.name}”：计算得 {shown(s.computed)} 分，报告为 {s.published} 分")
    if published_total is not None and shown(total) != shown(published_total):
        notes.append(f"总分：计算得 {shown(total)} 分，报告为 {published_total} 分")
    if evaluation.grade is not None and grade is not None and grade != evaluation.grade:
        notes.append(f"等级：按得分 {shown(total)} 应为“{grade}”，报告为“{evaluation.grade}”")
    return ScoreResult(
        kind=evaluation.kind,
        project=evaluation.project,
        unit=evaluation.evaluated_unit,
        year=evaluation.year,
        scheme=scheme_name,
        items=tuple(items),
        sections=tuple(sections),
        computed_total=total,
        published_total=published_total,
        grade=grade,
        published_grade=evaluation.grade,
        notes=tuple(dict.fromkeys(notes)),
        source=evaluation.source,
    )


def _rows_by_name(evaluation: Evaluation) -> dict[str, ScoreItem]:
    rows: dict[str, ScoreItem] = {}
    for row in evaluation.score_table:
        rows.setdefault(row.name.replace(" ", ""), row)
    return rows


def _section_names(evaluation: Evaluation) -> list[str]:
    names = [s.name for s in evaluation.sections]
    for row in evaluation.score_table:
        if row.level1 and row.level1 not in names:
            names.append(row.level1)
    return names


def _check_statement(evaluation: Evaluation, row: ScoreItem, notes: list[str]) -> None:
    """The report's text states each row's score too (``…指标共3分，得3分``): they must agree."""
    said = evaluation.statement(row.name)
    if said is None or said.score is None or row.score is None:
        return
    if said.score != row.score:
        notes.append(
            f"“{row.name}”：正文（第{said.source.line}行）得 {said.score} 分，"
            f"评分表（第{row.source.line}行）为 {row.score} 分"
        )
