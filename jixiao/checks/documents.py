"""Checks across documents, and across the parts of one final-accounts document.

Across years (``applies_to="documents"``): a department's 绩效目标表 for year Y+1 is set
against its self-evaluation forms for year Y (published with the 部门决算 of year Y).
Departments match by name (white space removed). Projects match by name after removing
white space and a suffix variant (``jixiao.model.names.project_key``: 业务费, 经费, 热线 …): equal
names first, then a unique containment (one name inside the other, at least 4 characters).
Indicators of a matched project match the same way (after also dropping a value written
into the name, such as ``达到200人次以上``), then by a unique shared ending of at least three
characters ending in 率 or 度 (``热线接通率`` ~ ``12348接通率``). A matched pair is compared
only when the new target is a positive numeric target (≥, >, = or no sign) and last year's
actual is a number in the same unit (an actual without unit takes its row's target unit;
shares are compared as fractions). A target below ``LOW`` (70%) of last year's actual is a
warning (101号: values should be set "as strict and high as feasible", and the seed's finance
evaluation criticises exactly this); above ``HIGH`` (150%) is an info finding. Budgets that
changed between the years are noted (info).

Within one final-accounts document (``applies_to="final_accounts"``): a project's executed
amount and budget appear on its self-evaluation form and in the evaluation reports (sentences
such as ``实际执行369.27万元``, ``实际支付368.78万元``, the execution-rate formula
``(368.89 / 378.50)`` and a spending table's 总计). Each statement that differs from the form
is a warning — one finding per report and value, listing every line where that value is
written. A statement equals the form when the form's value rounded half-up to the
statement's decimals is the statement (``20.89`` for ``20.88535``); a budget statement may
equal either the form's 年初预算数 or its 调整后预算数. (The narrative's 项目自评综述 against
the forms is checked in narrative.py, ``narrative-selfeval-mismatch``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.evaluation import Evaluation
from jixiao.model.finding import Finding
from jixiao.model.goals import Indicator, Project
from jixiao.model.names import project_key
from jixiao.model.selfeval import IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.numbers import money, pct, places, rounded

LOW = Decimal("0.7")  # a target below 70% of last year's actual is "far below"
HIGH = Decimal("1.5")  # above 150% is "far above"

PUNCT = re.compile(r"[\s，,。.、；;：:（）()“”\"'《》<>]")
VALUE_IN_NAME = re.compile(
    r"(?:全年)?(?:达到?|大于|超过|不低于|不少于|低于|小于|以上)?[\d.]+\s*(?:%|[^\d\s]{0,2})?(?:以上|以下)?$"
)


# -- names -------------------------------------------------------------------------------------------


def indicator_key(name: str | None) -> str:
    key = PUNCT.sub("", name or "")
    stripped = VALUE_IN_NAME.sub("", key)
    return stripped if len(stripped) >= 2 else key


def _contains(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and short in long_


def match_name(key: str, candidates: Sequence[str]) -> int | None:
    """Index of the one candidate equal to ``key``, else of the one containing/contained."""
    equal = [i for i, c in enumerate(candidates) if c == key]
    if len(equal) == 1:
        return equal[0]
    if equal:
        return None
    near = [i for i, c in enumerate(candidates) if _contains(key, c)]
    return near[0] if len(near) == 1 else None


def _common_ending(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :] if n else ""


def match_indicators(
    new: Sequence[Indicator], old: Sequence[IndicatorResult]
) -> list[tuple[Indicator, IndicatorResult]]:
    new_keys = [indicator_key(i.name) for i in new]
    old_keys = [indicator_key(i.name) for i in old]
    pairs: dict[int, int] = {}
    for i, key in enumerate(new_keys):
        j = match_name(key, old_keys)
        if j is not None and match_name(old_keys[j], new_keys) == i:
            pairs[i] = j
    for i, key in enumerate(new_keys):  # third tier: a shared ending such as 接通率, 满意度
        if i in pairs:
            continue
        free = [j for j in range(len(old_keys)) if j not in pairs.values()]
        hits = [j for j in free if _shared_rate_ending(key, old_keys[j])]
        if len(hits) == 1:
            rivals = [
                k for k in range(len(new_keys))
                if k not in pairs and _shared_rate_ending(new_keys[k], old_keys[hits[0]])
            ]
            if rivals == [i]:
                pairs[i] = hits[0]
    return [(new[i], old[j]) for i, j in sorted(pairs.items())]


def _shared_rate_ending(a: str, b: str) -> bool:
    ending = _common_ending(a, b)
    return len(ending) >= 3 and ending[-1] in "率度"


# -- documents and departments ------------------------------------------------------------------------


def _department(doc: Document) -> str:
    dep = doc.department
    return re.sub(r"\s+", "", dep.name) if dep and dep.name else ""


def year_pairs(docs: Sequence[Document]) -> Iterator[tuple[Document, Document]]:
    """(target tables of year Y+1, final accounts of year Y) of the same department."""
    for goals in docs:
        if goals.kind != "goal_tables" or goals.goals is None or goals.year is None:
            continue
        for accounts in docs:
            if accounts.kind != "final_accounts" or accounts.accounts is None or accounts.year is None:
                continue
            if accounts.year + 1 == goals.year and _department(goals) and _department(goals) == _department(accounts):
                yield goals, accounts


def project_pairs(goals: Document, accounts: Document) -> Iterator[tuple[Project, SelfEvaluation]]:
    assert goals.goals is not None and accounts.accounts is not None  # a target-tables and a final-accounts document
    forms = accounts.accounts.self_evaluations
    form_keys = [project_key(f.project) for f in forms]
    project_keys = [project_key(p.name) for p in goals.goals.projects]
    for i, project in enumerate(goals.goals.projects):
        j = match_name(project_keys[i], form_keys)
        if j is not None and match_name(form_keys[j], project_keys) == i:
            yield project, forms[j]


# -- comparing values ------------------------------------------------------------------------------


def _share(v: TargetValue) -> Decimal | None:
    if v.ratio is not None:
        return v.ratio
    if v.unit == "%" and v.number is not None:
        return v.number / 100
    return None


def comparable(target: TargetValue, actual: TargetValue, actual_unit: str | None) -> tuple[Decimal, Decimal] | None:
    """(new target, last actual) as numbers of the same kind, or None."""
    if target.kind != ValueKind.NUMBER or target.number is None or target.per:
        return None
    if target.comparison not in (None, Comparison.GE, Comparison.GT, Comparison.EQ):
        return None
    if actual.kind not in (ValueKind.NUMBER, ValueKind.DURATION) or actual.number is None or actual.per:
        return None
    t_share, a_share = _share(target), _share(actual)
    if t_share is not None or a_share is not None:
        return (t_share, a_share) if t_share is not None and a_share is not None else None
    unit = actual.unit or actual_unit
    if not target.unit or target.unit != unit:
        return None
    return target.number, actual.number


def _pct(x: Decimal) -> str:
    """A ratio as a percentage with one decimal: 0.6 → ``60.0%``."""
    return pct(x * 100, 1)


@check("cross-year-target-low", "cross-year-target-high", applies_to="documents")
def check_targets_against_last_year(docs: Sequence[Document]) -> Iterator[Finding]:
    for goals, accounts in year_pairs(docs):
        for project, form in project_pairs(goals, accounts):
            for new, old in match_indicators(project.indicators, form.indicators):
                pair = comparable(new.target, old.actual, old.target.unit)
                if pair is None or pair[1] <= 0:
                    continue
                ratio = pair[0] / pair[1]
                code = "cross-year-target-low" if ratio < LOW else "cross-year-target-high" if ratio > HIGH else None
                if code is None:
                    continue
                threshold = _pct(LOW if ratio < LOW else HIGH)
                yield make_finding(
                    code, new.source, subject=new.name, project=project.name, year=goals.year,
                    prev_year=accounts.year, threshold=threshold, ratio=_pct(ratio), actual=new.target.raw,
                    expected=f"{old.actual.raw}（{accounts.path}第{old.source.line}行“{old.name}”）",
                )


@check("cross-year-budget-changed", applies_to="documents")
def check_budget_against_last_year(docs: Sequence[Document]) -> Iterator[Finding]:
    for goals, accounts in year_pairs(docs):
        for project, form in project_pairs(goals, accounts):
            line = form.total_line
            if project.budget is None or line is None or line.initial is None or line.initial.value is None:
                continue
            before = line.initial.value
            if before == project.budget:
                continue
            diff = project.budget - before
            change = ("增加" if diff > 0 else "减少") + money(abs(diff))
            if before:
                change += f"，{'+' if diff > 0 else '-'}{_pct(abs(diff) / before)}"
            yield make_finding(
                "cross-year-budget-changed", project.source, subject=project.name, year=goals.year,
                prev_year=accounts.year, actual=money(project.budget), expected=f"{line.initial.raw}（{form.project}）",
                change=change,
            )


# -- one quantity stated in several parts of a final-accounts document ----------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    what: str  # "执行数" | "预算数"
    raw: str
    value: Decimal
    place: str  # "财政评价报告“…”"
    source: Source


NUM = r"([0-9][0-9,]*(?:\.[0-9]+)?)"
EXECUTED = re.compile(r"(?:实际执行|实际支付|实际支出|执行数为?|支出决算为?|实际使用)\s*(?:了\s*)?" + NUM + r"\s*万元")
BUDGET = re.compile(r"(?:年初预算安排为?|预算安排为?|全年预算数为?|年初预算数?为?|全年预算为)\s*" + NUM + r"\s*万元")
RATE_FORMULA = re.compile(r"预算执行率\s*=.*?=\s*[（(]?\s*" + NUM + r"\s*/\s*" + NUM)


def _decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except ArithmeticError:
        return None


def evaluation_statements(ev: Evaluation, place: str) -> Iterator[Statement]:
    for p in ev.paragraphs:
        for what, rx in (("执行数", EXECUTED), ("预算数", BUDGET)):
            for m in rx.finditer(p.text):
                value = _decimal(m.group(1))
                if value is not None:
                    yield Statement(what, m.group(1), value, place, p.source)
        for m in RATE_FORMULA.finditer(p.text):
            executed, budget = _decimal(m.group(1)), _decimal(m.group(2))
            if executed is not None:
                yield Statement("执行数", m.group(1), executed, place, p.source)
            if budget is not None:
                yield Statement("预算数", m.group(2), budget, place, p.source)
    for table in ev.spending:
        for row in table.rows:
            if re.sub(r"\s+", "", row.name) in ("总计", "合计") and row.amount is not None:
                raw = row.raw.split("\t")[-1].strip() or str(row.amount)
                yield Statement("执行数", raw, row.amount, place, row.source)


def agrees(stated: Statement, reference: Decimal) -> bool:
    return rounded(reference, places(stated.raw)) == stated.value or reference == stated.value


def _references(form: SelfEvaluation, what: str) -> tuple[list[Decimal], str, Source | None]:
    line = form.total_line
    if line is None:
        return [], "", None
    figures = [line.executed] if what == "执行数" else [line.initial, line.adjusted]
    values = [f.value for f in figures if f is not None and f.value is not None]
    shown = "、".join(dict.fromkeys(f.raw for f in figures if f is not None and f.value is not None))
    return values, shown, line.source


def _evaluation_place(ev: Evaluation) -> str:
    kind = {"department": "部门评价报告", "finance": "财政评价报告"}.get(ev.kind, "评价报告")
    return f"{kind}“{ev.title}”"


@check("amount-stated-differently", applies_to="final_accounts")
def check_amounts_across_parts(doc: Document) -> Iterator[Finding]:
    acc = doc.accounts
    if acc is None or not acc.self_evaluations:
        return
    forms = list(acc.self_evaluations)
    keys = [project_key(f.project) for f in forms]
    gathered: list[tuple[SelfEvaluation, Statement]] = []
    for ev in acc.evaluations:
        j = match_name(project_key(ev.project or ev.title), keys)
        if j is not None:
            gathered.extend((forms[j], s) for s in evaluation_statements(ev, _evaluation_place(ev)))
    yield from _differences(gathered)


def _differences(gathered: list[tuple[SelfEvaluation, Statement]]) -> Iterator[Finding]:
    groups: dict[tuple[int, str, str, Decimal], list[Statement]] = {}
    forms: dict[int, SelfEvaluation] = {}
    for form, s in gathered:
        values, _, _ = _references(form, s.what)
        if not values or any(agrees(s, v) for v in values):
            continue
        forms[id(form)] = form
        groups.setdefault((id(form), s.place, s.what, s.value), []).append(s)
    for (form_id, place, what, _), statements in groups.items():
        form = forms[form_id]
        _, shown, form_source = _references(form, what)
        lines = sorted({s.source.line for s in statements if s.source.line is not None})
        where = place + ("第" + "、".join(str(n) for n in lines) + "行" if lines else "")
        yield make_finding(
            "amount-stated-differently", statements[0].source, subject=form.project, what=what, place=where,
            actual=statements[0].raw, expected=shown, form_line=form_source.line if form_source else "?",
        )
