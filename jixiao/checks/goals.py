"""Checks on 绩效目标表 (target tables) against the principles of 财预〔2021〕101号 (rules.md §2).

Each check looks at ``doc.goals`` projects and indicators as the reader typed them
(:class:`~jixiao.model.target.TargetValue`); nothing is re-parsed. Decisions:

* Quantified (量化易评): 产出 数量/质量/时效 and 满意度 targets must be numbers, dates or
  durations; a qualitative or textual one is a warning. 效益 targets may be qualitative
  (101号 allows it where effects cannot be quantified) but are weaker: an info finding.
  成本 targets that are not numbers get their own warning.
* 指标值确定依据: one finding per project listing the indicators without it (a user
  fixes a project's table at once, not cell by cell).
* Kind fit: a rate (名称 ends with 率 or 率达…) needs a share (``%`` or a fraction), not a
  date, a duration or a count unit; a count (数量指标 named …数/数量/次数) must not be a
  percentage; a 时效 target must not be a bare count. Prose mixed into a value is
  reported by the reader (``target-prose-mixed``) and not again here.
* Degenerate: ``≥100%`` on a rate cannot be exceeded (write ``=100%``); ``≤100%`` on a rate
  and ``≥0`` always hold.
* Cost: a ≤/=/< money target (元/万元/亿元, converted to the project's 万元) above 预算数
  is an error (a cap larger than the money available).
* Spending plan (资金支出计划): the cells are read as **cumulative** planned spending by
  the checkpoint. A blank cell means "no change since the previous checkpoint" (blanks
  before the first amount mean nothing spent yet); rules.md §5.2. So: an amount lower than
  an earlier one is an error (the plan falls) — unless the amounts add up to 预算数, in
  which case the table was filled in per period (a warning: not cumulative); the last
  non-blank amount must equal 预算数 (exact; a gap within 0.01 is ``rounding-gap``). A
  header saying “（%）” over cells that cannot be percentages (an amount above 100, or a
  last amount equal to a 预算数 other than 100) is noted once per document.
* 财政资金 + 其他资金 = 预算数 (blank 其他资金 counts as 0).
* Required kinds: 产出-数量, 产出-质量 and 效益 for every project (the standard words read one
  level lower when a template puts its own heading above them; 数量/质量 not judged when 产出
  has no 二级 categories); 成本 for construction,
  repair and purchase projects, recognised by 建设/修缮/购置/采购/工程/基建/改造 in the name,
  or by 工程/基本建设/修缮/购置/改造/新建 in the purpose (not a bare 建设 or 采购 there:
  "法治政府建设" is not a building project).
* The same 三级 name twice in a project; a 二级 that does not belong to its 一级.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from jixiao.checks.arith import verdict
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.goals import INDICATOR_LEVELS, Indicator, Project, SpendingPlan
from jixiao.model.target import Comparison, ValueKind
from jixiao.model.units import MONEY_UNITS, to_unit
from jixiao.numbers import money

OUTPUT, BENEFIT, SATISFACTION, COST = "产出指标", "效益指标", "满意度指标", "成本指标"
QUANTITY, QUALITY, TIMELINESS = "数量指标", "质量指标", "时效指标"

COUNT_UNITS = frozenset(
    ("件", "次", "人", "人次", "个", "家", "台", "套", "名", "门", "类", "种", "项", "场", "期", "篇", "份", "本",
     "户", "批", "批次", "起", "条", "所", "辆", "张", "册", "部", "座", "处", "间", "节", "课时")
)
CONSTRUCTION_WORDS = ("建设", "修缮", "购置", "采购", "工程", "基建", "改造")  # in the project name
# in the purpose only unambiguous words: "法治政府建设" or "政府采购" do not make a construction project
PURPOSE_WORDS = ("工程", "基本建设", "基建", "修缮", "购置", "改造", "新建", "改扩建")

# 一级 → the 二级 names that belong under it: the official levels (``INDICATOR_LEVELS``, without the
# trailing 指标) and the spellings forms also use
VARIANTS = {COST: ("生态成本",), SATISFACTION: ("满意度",)}
PAIRS = {
    level1: tuple(n.removesuffix("指标") for n in names) + VARIANTS.get(level1, ())
    for level1, names in INDICATOR_LEVELS.items()
}

RATE_NAME = re.compile(r"(率|满意度|占比|比例)(?:达到?|大于|高于|不低于|不少于|超过|在)?\s*[\d.]*\s*%?(?:以上)?$")
COUNT_NAME = re.compile(r"(数|数量|次数|人数|件数|人次|场次|个数)$")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _level1(ind: Indicator) -> str:
    return _norm(ind.level1)


def _level2(ind: Indicator) -> str:
    return _norm(ind.level2)


def is_cost(ind: Indicator) -> bool:
    return _level1(ind) == COST or "成本" in _level2(ind)


def is_rate(name: str) -> bool:
    return bool(RATE_NAME.search(_norm(name)))


def _projects(doc: Document) -> tuple[Project, ...]:
    return doc.goals.projects if doc.goals else ()


# -- quantified values -----------------------------------------------------------------------


@check("goal-value-not-quantified", "goal-benefit-qualitative", "goal-cost-qualitative", applies_to="goal_tables")
def check_quantified(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        for ind in project.indicators:
            t = ind.target
            if t.kind in (ValueKind.EMPTY,) or t.is_quantitative:
                continue
            kind = "定性表述" if t.kind == ValueKind.QUALITATIVE else "文字"
            if is_cost(ind):
                yield make_finding("goal-cost-qualitative", ind.source, subject=ind.name, actual=t.raw, text=t.raw)
            elif _level1(ind) == BENEFIT and not is_rate(ind.name):
                yield make_finding("goal-benefit-qualitative", ind.source, subject=ind.name, actual=t.raw, text=t.raw)
            elif _level1(ind) in (SATISFACTION, OUTPUT, BENEFIT):
                # a rate (…率) is a number by its name: "提高" for a 覆盖率 cannot be measured, in any level
                why = ("比率指标应设定百分比目标值" if _level1(ind) == BENEFIT
                       else "产出和满意度指标应设定可衡量的数值")
                yield make_finding(
                    "goal-value-not-quantified", ind.source, subject=ind.name, actual=t.raw, text=t.raw,
                    level=_level2(ind) or _level1(ind), kind=kind, why=why,
                )


# -- 指标值确定依据 ------------------------------------------------------------------------------


@check("goal-basis-missing", applies_to="goal_tables")
def check_basis(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        if not project.basis_column:
            continue  # the template has no 指标值确定依据 column: nothing was left blank
        missing = [ind for ind in project.indicators if not _norm(ind.basis)]
        if not missing:
            continue
        names = "、".join(f"“{ind.name}”" for ind in missing)
        if len(missing) == len(project.indicators):
            names = "全部指标（" + names + "）"
        yield make_finding(
            "goal-basis-missing", missing[0].source, subject=project.name, count=len(missing), names=names,
            actual=str(len(missing)),
        )


# -- kind of value against the indicator -----------------------------------------------------


def kind_mismatch(ind: Indicator) -> str | None:
    """Why the value's kind does not fit the indicator, or None."""
    t = ind.target
    name = _norm(ind.name)
    if is_cost(ind):
        return None
    is_share = t.kind == ValueKind.NUMBER and (t.unit == "%" or t.ratio is not None)
    if is_rate(name):
        if t.kind == ValueKind.DATE:
            return "是比率（名称以“率”结尾），应以百分比表示"
        if t.kind == ValueKind.DURATION or (t.kind == ValueKind.NUMBER and t.unit in COUNT_UNITS and not is_share):
            return f"是比率（名称以“率”结尾），应以百分比表示，不应以“{t.unit}”计"
        return None
    if _level2(ind) == QUANTITY and COUNT_NAME.search(name) and is_share and t.unit == "%":
        return "是数量（名称以“数/数量”结尾），应以计量单位表示，不应是百分比"
    if _level2(ind) == TIMELINESS and t.kind == ValueKind.NUMBER and t.unit in COUNT_UNITS and not t.per:
        return "是时效指标，应以完成时间、时限或及时率表示，不应是计数"
    return None


@check("goal-value-kind-mismatch", applies_to="goal_tables")
def check_value_kind(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        for ind in project.indicators:
            detail = kind_mismatch(ind)
            if detail:
                yield make_finding(
                    "goal-value-kind-mismatch", ind.source, subject=ind.name, detail=detail, text=ind.target.raw,
                    actual=ind.target.raw,
                )


# -- degenerate targets --------------------------------------------------------------------------


def degenerate(ind: Indicator) -> str | None:
    t = ind.target
    if t.kind != ValueKind.NUMBER or t.number is None:
        return None
    share = t.ratio if t.ratio is not None else (t.number / 100 if t.unit == "%" else None)
    if share is not None and is_rate(ind.name):
        if t.comparison in (Comparison.GE, Comparison.GT) and share >= 1:
            sign = "≥" if t.comparison == Comparison.GE else ">"
            return f"在比率上写“{sign}100%”：比率不能超过100%，目标应写作“=100%”或“100%”"
        if t.comparison in (Comparison.LE,) and share >= 1:
            return "在比率上写“≤100%”：任何结果都能满足，不构成目标"
    if t.number == 0 and t.comparison == Comparison.GE:
        return "为“≥0”：任何结果都能满足，不构成目标"
    return None


@check("goal-target-degenerate", applies_to="goal_tables")
def check_degenerate(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        for ind in project.indicators:
            detail = degenerate(ind)
            if detail:
                yield make_finding(
                    "goal-target-degenerate", ind.source, subject=ind.name, text=ind.target.raw, detail=detail,
                    actual=ind.target.raw,
                )


# -- cost against the budget ------------------------------------------------------------------------


@check("goal-cost-exceeds-budget", applies_to="goal_tables")
def check_cost_budget(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        if project.budget is None:
            continue
        for ind in project.indicators:
            t = ind.target
            if not is_cost(ind) or t.kind != ValueKind.NUMBER or t.number is None or t.qualifier or t.per:
                continue
            if t.comparison in (Comparison.GE, Comparison.GT):
                continue
            unit, project_unit = t.unit or "", project.money_unit or "万元"
            known = unit in MONEY_UNITS and project_unit in MONEY_UNITS  # a cost in 人次 is not money
            cap = to_unit(t.number, unit, project_unit) if known else None
            if cap is not None and cap > project.budget:
                yield make_finding(
                    "goal-cost-exceeds-budget", ind.source, subject=ind.name, project=project.name,
                    expected=money(project.budget), actual=f"{t.raw}（{money(cap)}{project.money_unit or '万元'}）",
                )


# -- spending plan ---------------------------------------------------------------------------------


@check(
    "goal-plan-falls", "goal-plan-not-cumulative", "goal-plan-end-mismatch", "rounding-gap", applies_to="goal_tables"
)
def check_spending_plan(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        plan = project.spending_plan
        if plan is None:
            continue
        points = [(p, amount) for p in plan.points if (amount := p.amount) is not None]
        if not points:
            continue
        falls = [(a, b) for (a, x), (b, y) in pairwise(points) if y < x]
        total = sum((amount for _, amount in points), Decimal(0))
        last, last_amount = points[-1]
        if falls and project.budget is not None and total == project.budget:
            yield make_finding(
                "goal-plan-not-cumulative", last.source, subject=project.name, actual=money(total),
                expected=money(project.budget),
            )
            continue
        for before, after in falls:
            yield make_finding(
                "goal-plan-falls", after.source, subject=project.name, label=after.label, prev_label=before.label,
                actual=money(after.amount), expected=money(before.amount),
            )
        if project.budget is None:
            continue
        outcome = verdict(project.budget, last_amount)
        if outcome == "mismatch":
            yield make_finding(
                "goal-plan-end-mismatch", last.source, subject=project.name, label=last.label,
                actual=money(last.amount), expected=money(project.budget),
            )
        elif outcome == "rounding":
            yield make_finding(
                "rounding-gap", last.source, subject=project.name, what=f"项目“{project.name}”资金支出计划",
                rule="最后一个时点 = 预算数", expected=money(project.budget), actual=money(last.amount),
                gap=money(abs(project.budget - last_amount)), summands=1,
            )


def _not_percentages(plan: SpendingPlan, budget: Decimal | None) -> bool:
    amounts = [p.amount for p in plan.points if p.amount is not None]
    if not amounts:
        return False
    if max(amounts) > 100:
        return True
    return budget is not None and budget != 100 and amounts[-1] == budget


@check("goal-plan-header-percent", applies_to="goal_tables")
def check_plan_header(doc: Document) -> Iterator[Finding]:
    odd = [
        (p, plan) for p in _projects(doc)
        if (plan := p.spending_plan) and re.search(r"[%％]", plan.header) and _not_percentages(plan, p.budget)
    ]
    if odd:
        detail = "、".join(p.name for p, _ in odd[:3]) + ("等" if len(odd) > 3 else "")
        first = odd[0][1]
        yield make_finding(
            "goal-plan-header-percent", first.source, subject=first.header,
            count=len(odd), detail=detail,
        )


# -- funds -----------------------------------------------------------------------------------------


@check("goal-funds-mismatch", "rounding-gap", applies_to="goal_tables")
def check_funds(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        if project.budget is None or project.fiscal_funds is None:
            continue
        other = project.other_funds or Decimal(0)
        total = project.fiscal_funds + other
        outcome = verdict(project.budget, total, summands=2)
        if outcome == "mismatch":
            yield make_finding(
                "goal-funds-mismatch", project.source, subject=project.name, fiscal=money(project.fiscal_funds),
                other=money(other), actual=money(total), expected=money(project.budget),
            )
        elif outcome == "rounding":
            yield make_finding(
                "rounding-gap", project.source, subject=project.name, what=f"项目“{project.name}”资金来源",
                rule="财政资金 + 其他资金 = 预算数", expected=money(project.budget), actual=money(total),
                gap=money(abs(project.budget - total)), summands=2,
            )


# -- required kinds, duplicates, pairing ---------------------------------------------------------------


def construction_word(project: Project) -> str | None:
    """The word that makes the project an engineering, repair or purchase project, if any."""
    name, purpose = _norm(project.name), _norm(project.purpose)
    return next((w for w in CONSTRUCTION_WORDS if w in name), None) or next(
        (w for w in PURPOSE_WORDS if w in purpose), None
    )


STANDARD_LEVEL1 = (OUTPUT, BENEFIT, SATISFACTION, COST)


def standard_levels(project: Project) -> set[tuple[str, str]]:
    """(一级, 二级) of each indicator in the standard words. Some templates put a heading of their
    own above the standard ones (中央预算内投资: 一级 实施效果指标 → 二级 产出指标 / 效益指标 →
    三级 name): when a project's 一级 are none of the standard words and its 二级 are, the
    standard words sit one level lower and the form has no 二级 categories."""
    pairs = {(_level1(i), _level2(i)) for i in project.indicators}
    if not any(l1 in STANDARD_LEVEL1 for l1, _ in pairs) and any(l2 in STANDARD_LEVEL1 for _, l2 in pairs):
        return {(l2, "") for _, l2 in pairs}
    return pairs


def missing_kinds(project: Project) -> list[tuple[str, str]]:
    have = standard_levels(project)
    out = []
    # 数量 / 质量 can be judged only when the form divides 产出 into 二级 categories
    divided = any(l1 == OUTPUT and l2 for l1, l2 in have) or not any(l1 == OUTPUT for l1, _ in have)
    if divided and (OUTPUT, QUANTITY) not in have:
        out.append(("产出指标中的数量指标", "每个项目原则上都应设置"))
    if divided and (OUTPUT, QUALITY) not in have:
        out.append(("产出指标中的质量指标", "每个项目原则上都应设置"))
    if not any(l1 == BENEFIT for l1, _ in have):
        out.append(("效益指标", "每个项目都应设置"))
    word = construction_word(project)
    if word and not any(is_cost(i) for i in project.indicators):
        out.append(("成本指标", f"项目名称或用途含“{word}”，工程建设、修缮及购置类项目应设置"))
    return out


@check("goal-indicator-kind-missing", applies_to="goal_tables")
def check_required_kinds(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        if not project.indicators:
            continue  # the reader reports a table without indicators
        for kind, why in missing_kinds(project):
            yield make_finding("goal-indicator-kind-missing", project.source, subject=project.name, kind=kind, why=why)


@check("goal-indicator-duplicate", applies_to="goal_tables")
def check_duplicates(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        counts = Counter(_norm(i.name) for i in project.indicators if _norm(i.name))
        reported: set[str] = set()
        for ind in project.indicators:
            key = _norm(ind.name)
            if counts[key] > 1 and key not in reported:
                reported.add(key)
                later = [i for i in project.indicators if _norm(i.name) == key][1]
                yield make_finding(
                    "goal-indicator-duplicate", later.source, subject=ind.name, project=project.name,
                    count=counts[key], actual=str(counts[key]),
                )


def pairing_ok(level1: str, level2: str) -> bool:
    allowed = PAIRS.get(level1)
    if allowed is None or not level2:
        return True  # an unknown 一级 is not ours to judge here
    bare = level2.removesuffix("指标")
    return bare in allowed


@check("goal-indicator-pairing", applies_to="goal_tables")
def check_pairing(doc: Document) -> Iterator[Finding]:
    for project in _projects(doc):
        for ind in project.indicators:
            if not pairing_ok(_level1(ind), _level2(ind)):
                yield make_finding(
                    "goal-indicator-pairing", ind.source, subject=ind.name, level1=ind.level1, level2=ind.level2,
                )
