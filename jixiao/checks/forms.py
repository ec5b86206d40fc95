"""Checks on the forms of any province read on their own (``doc.forms``) and on the forms inside a
决算: what the form itself says about its figures.

- **Formulas printed in the header** (福建: ``④=①+②+③``, ``⑥=⑤/④``, ``⑦=④-⑤``, ``⑧=⑦/④``): every
  budget row with all the figures a formula names is checked against it; a sum or difference
  exact to the cent, a ratio rounded at the printed decimals (``93%`` for 92.56 %). A gap of
  0.01 per figure is ``rounding-gap`` (info); more is an error.
- **Goals filled with amounts**: 年初预期目标 / 实际完成情况 holding only a number (河北 2019:
  ``43.2`` and ``37.24``, the budget and the spending) — the goal is missing: a warning.
- **Scale of the money unit**: a header in 万元 over amounts that, read in 万元, would put one
  unit's form at or above 100亿元 (:data:`IMPLAUSIBLE`) — a warning (the amounts are very likely in 元);
  at or above 10亿元 (:data:`LARGE`) an info asking to check the unit. Nothing is converted.
- **Score tables** (:class:`~jixiao.model.selfeval.ScoreTable`): Σ分值 of the rows against 100 (or
  the printed total), alternatives marked 可选项 counting once; Σ得分 against the printed total
  score when every row is scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.arith import CENT, plain, sum_findings, verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.selfeval import BudgetLine, ColumnFormula, SelfEvaluation

HUNDRED = Decimal(100)
IMPLAUSIBLE = Decimal(1_000_000)  # 万元: 100亿元 on one unit's form
LARGE = Decimal(100_000)  # 万元: 10亿元
BARE_NUMBER = re.compile(r"^[\d,，.]+\s*(?:万元|元|亿元)?$")


def _forms(doc: Document) -> tuple[SelfEvaluation, ...]:
    inside = tuple(doc.accounts.self_evaluations) if doc.accounts is not None else ()
    return inside + (tuple(doc.forms.self_evaluations) if doc.forms is not None else ())


def _subject(form: SelfEvaluation) -> str:
    return form.project or form.title


# -- formulas ----------------------------------------------------------------------------------


def _formula(form: SelfEvaluation, line: BudgetLine, f: ColumnFormula) -> Iterator[Finding]:
    result = getattr(line, f.result)
    values = [getattr(line, name) for name in f.operands]
    if result is None or result.value is None or any(v is None or v.value is None for v in values):
        return
    nums = [v.value for v in values]
    where = f"“{line.name}”行"
    if f.signs[-1] == "/":
        if nums[1] == 0:
            return
        percent = "%" in result.raw
        places = numbers.places(result.value)
        exact = nums[0] / nums[1] * (HUNDRED if percent else 1)
        shown = numbers.rounded(exact, places)
        if shown == result.value:
            return
        if places >= 2 and abs(shown - result.value) <= CENT:
            yield make_finding(
                "rounding-gap", result.source, what=f"“{_subject(form)}”{where}", rule=f.raw,
                expected=f"{plain(shown)}{'%' if percent else ''}", actual=result.raw,
                gap=plain(abs(shown - result.value)), summands=1,
            )
            return
        yield make_finding(
            "form-formula-mismatch", result.source, subject=_subject(form), line=where, formula=f.raw,
            expected=f"{plain(shown)}{'%' if percent else ''}", actual=result.raw,
        )
        return
    expected = sum((n if s == "+" else -n for s, n in zip(f.signs, nums, strict=True)), Decimal(0))
    outcome = verdict(expected, result.value, len(nums))
    if outcome == "mismatch":
        yield make_finding(
            "form-formula-mismatch", result.source, subject=_subject(form), line=where, formula=f.raw,
            expected=plain(expected), actual=result.raw,
        )
    elif outcome == "rounding":
        yield from sum_findings(
            "form-formula-mismatch", expected, result.value, len(nums), result.source,
            subject=_subject(form), what=where, rule=f.raw, line=where, formula=f.raw,
        )


@check("form-formula-mismatch", "rounding-gap", applies_to="any")
def form_formulas(doc: Document) -> Iterator[Finding]:
    for form in _forms(doc):
        for line in form.budget_lines:
            for f in form.formulas:
                yield from _formula(form, line, f)


# -- goals filled with amounts --------------------------------------------------------------------


def _plain_of(text: str) -> str | None:
    digits = re.sub(r"[^\d.]", "", text)
    try:
        return numbers.plain(Decimal(digits)) if digits else None
    except ArithmeticError:
        return None


@check("form-goal-is-amount", applies_to="any")
def form_goal_amounts(doc: Document) -> Iterator[Finding]:
    """One finding per form whose goal cells hold only numbers; it says which budget figure
    each number repeats, when it repeats one."""
    for form in _forms(doc):
        cells = [
            (field, text.strip())
            for field, text in (("年初预期目标", form.goal_expected), ("目标实际完成情况", form.goal_actual))
            if text and BARE_NUMBER.match(text.strip())
        ]
        if not cells:
            continue
        printed = {
            numbers.plain(f.value): name
            for line in form.budget_lines[:1]
            for key, name in (("adjusted", "预算数"), ("initial", "年初预算数"), ("executed", "执行数"))
            if (f := getattr(line, key)) is not None and f.value is not None
        }
        same = [f"{text}即{printed[key]}" for _, text in cells if (key := _plain_of(text)) in printed]
        yield make_finding(
            "form-goal-is-amount", form.source, subject=_subject(form),
            fields="、".join(f"{field}“{text}”" for field, text in cells),
            detail=f"（{'，'.join(same)}）" if same else "",
            actual="、".join(text for _, text in cells),
        )


# -- scale of the money unit ----------------------------------------------------------------------


AMOUNTS = ("initial", "adjusted", "executed", "carried_over", "adjustment", "balance")


def _yi(amount: Decimal) -> str:
    return f"{plain(amount / 10000, 2)}亿元"


@check("form-money-scale-suspect", "form-money-scale-large", applies_to="any")
def form_money_scale(doc: Document) -> Iterator[Finding]:
    for form in _forms(doc):
        figures = [
            (line, f) for line in form.budget_lines for name in AMOUNTS
            if (f := getattr(line, name)) is not None and f.value is not None and form.unit_of(f) == "万元"
        ]  # amounts under a 万元 header (a column printed in 元 is not read in 万元)
        if not figures:
            continue
        line, top = max(figures, key=lambda p: p[1].value or 0)
        value = top.value or Decimal(0)
        kind = "部门整体支出" if form.department_wide else "项目"
        params = dict(subject=_subject(form), unit="万元", line=f"“{line.name}”", amount=top.raw, reading=_yi(value))
        if value >= IMPLAUSIBLE:
            why = f"，一个单位的{kind}绩效自评表达到{_yi(IMPLAUSIBLE)}以上不合情理"
            yield make_finding("form-money-scale-suspect", top.source, why=why, actual=top.raw, **params)
        elif value >= LARGE:
            yield make_finding("form-money-scale-large", top.source, actual=top.raw, **params)
