"""Scoring rules of evaluation score sheets (部门评价 / 财政评价 评分表).

Every 评分标准 phrasing found in a third-party score table is one parameterised rule here,
registered with :func:`jixiao.rules.registry.rule`; a scheme file names the rule and gives its
parameters, a measurement file gives the measured values. Rules compute exactly (``Decimal``;
check-point shares with ``Fraction``) and always return a score in ``[0, weight]``.

What a rule reads from ``RuleInput.measured`` (built by the engine from a measurement file):

- ``actual`` / ``previous``: a measured value; rates are fractions (``97.47%`` → ``0.9747``);
- ``target``: a target for completion rates, when the measurement gives one;
- ``checks``: a tuple of booleans (``None`` = could not be judged), one per check point;
- ``tier``: an expert tier, as a label of the scheme's tiers or a fraction;
- ``days_late``: days past the deadline;
- ``met``: a yes/no result for all-or-nothing standards;
- ``unknown``: true when the report says the value could not be established; the rule then
  gives the scheme's score for missing evidence (parameter ``unknown``, a fraction of the weight).

Percentage points. "每低于1%，扣除5%权重分" is read as *per percentage point* of the rate, and a
fractional shortfall counts proportionally (parameter ``fraction: exact``): 预算执行率 97.4610%
is 2.5390 points below 100%, 2.5390 × 5% = 12.695% of 2 → 1.7461 (shown 1.75, as published);
案件办结率 40.5637% against 43.2732% is 2.7095 points lower → 1.7290 (shown 1.73, as published).
``floor`` (only whole points count: 1.80 and 1.80) and ``ceil`` (every begun point counts: 1.70
and 1.70) do not reproduce those published scores; they remain available for other sheets.

Parameters are parsed and checked when a scheme is loaded (:data:`PARAMS`), so a typo in a
scheme file is a Chinese error with its line, never a surprise while scoring.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from jixiao import numbers
from jixiao.rules.registry import RuleInput, RuleResult, rule
from jixiao.rules.result import shown
from jixiao.rules.schemefile import Node

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
DEFAULT_TIERS: tuple[tuple[str, Decimal], ...] = (
    ("好", Decimal("1")),
    ("较好", Decimal("0.75")),
    ("一般", Decimal("0.5")),
    ("较差", Decimal("0.25")),
    ("差", Decimal("0")),
)


@dataclass(frozen=True, slots=True)
class Check:
    """A check point of a list standard: failing it deducts ``deduct`` of the weight, or all if critical."""

    label: str
    deduct: Fraction | None = None  # None: an equal share (1/n)
    critical: bool = False  # failing it gives 0 for the whole item


# ---------------------------------------------------------------------------------------------
# Numbers and small helpers
# ---------------------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal | None:
    """``"97.47%"`` → 0.9747, ``"1/3"`` → 0.333…, ``"15"`` → 15; None when not a number."""
    s = text.strip().replace(",", "").replace("，", "")
    try:
        if s.endswith(("%", "％")):
            return Decimal(s[:-1].strip()) / HUNDRED
        if "/" in s:
            num, den = s.split("/", 1)
            return Decimal(num.strip()) / Decimal(den.strip())
        return Decimal(s)
    except (InvalidOperation, ZeroDivisionError, ValueError):
        return None


def pct(x: Decimal | Fraction | None) -> str:
    """A fraction as a percentage for explanations: 0.974610 → ``97.46%``, 1 → ``100%``."""
    if x is None:
        return "未知"
    d = _dec(x) * HUNDRED
    return numbers.pct(d, 0 if d == d.to_integral_value() else 2)


def num(x: Decimal | Fraction | None) -> str:
    """A number for explanations, at most 4 decimals, no trailing zeros."""
    return "未知" if x is None else numbers.plain(_dec(x), 4)


def _dec(x: Decimal | Fraction | int) -> Decimal:
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    return Decimal(x)


def _clamp(score: Decimal, weight: Decimal) -> Decimal:
    return min(max(score, ZERO), weight) if weight >= 0 else ZERO


def _units(points: Decimal, step: Decimal, fraction: str) -> Decimal:
    """How many deduction steps a shortfall of ``points`` percentage points counts for."""
    if points <= 0:
        return ZERO
    units = points / step
    if fraction == "floor":
        return units.to_integral_value(rounding=ROUND_FLOOR)
    if fraction == "ceil":
        return units.to_integral_value(rounding=ROUND_CEILING)
    return units


def _unknown(item: RuleInput, unknown: Decimal, what: str = "") -> RuleResult:
    score = _clamp(item.weight * unknown, item.weight)
    reason = str(item.measured.get("unknown_reason") or "报告称无法判定")
    return RuleResult(
        score,
        f"{what or '实际值'}无法确定（{reason}），按方案对缺少依据的规定得权重的{pct(unknown)}，即{num(score)}分",
        inputs={"unknown": True, "default": unknown},
    )


def _value(measured: Mapping[str, Any], key: str) -> Decimal | None:
    v = measured.get(key)
    return v if isinstance(v, Decimal) else (Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else None)


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


@rule("eval-linear-below", "低于标杆按差距扣分")
def linear_below(
    item: RuleInput,
    *,
    benchmark: Decimal = ONE,
    per_point: Decimal = Decimal("0.05"),
    step: Decimal = ONE,
    fraction: str = "exact",
    measure: str = "rate",
    target: Decimal | None = None,
    over_above: Decimal | None = None,
    over_deduct: Decimal | None = None,
    unknown: Decimal = ZERO,
) -> RuleResult:
    """ "达到标杆得满分，每低于1%（个百分点），扣除5%权重分，扣完为止" (+ optional over-deviation penalty).

    ``measure: rate`` compares the measured rate with ``benchmark`` (e.g. 优良率 ≥ 10%);
    ``measure: completion`` first computes the completion rate ``actual / target`` (816 / 600)
    and compares it with ``benchmark`` (100%). ``over_above`` / ``over_deduct``: "若正偏离上30%，
    则扣相应20%分值" — when the value exceeds the benchmark by more than ``over_above`` of it.
    """
    w = item.weight
    if item.measured.get("unknown"):
        return _unknown(item, unknown)
    actual = _value(item.measured, "actual")
    if actual is None:
        return _unknown(item, unknown)
    if measure == "completion":
        goal = _value(item.measured, "target") or target
        if goal is None or goal == 0:
            return RuleResult(ZERO, "缺少目标值，无法计算完成率，得0分", inputs={"actual": actual})
        value = actual / goal
        how = f"完成率 = {num(actual)} / {num(goal)} = {pct(value)}"
    else:
        value = actual
        how = f"实际值 {pct(value)}"
    points = max(ZERO, (benchmark - value) * HUNDRED)
    units = _units(points, step, fraction)
    deduct = per_point * units
    score = w * max(ZERO, ONE - deduct)
    if points > 0:
        counted = ""
        if step != ONE or fraction != "exact":
            counted = f"，计{num(units)}次（每{num(step)}个百分点，{fraction}）"
        how += (
            f"，低于标杆{pct(benchmark)} {num(points)}个百分点{counted}，"
            f"扣 {num(units)} × {pct(per_point)} = {pct(deduct)} 权重分"
        )
    else:
        how += f"，达到标杆{pct(benchmark)}"
    inputs: dict[str, Any] = {"value": value, "benchmark": benchmark, "points_below": points}
    if over_above is not None and over_deduct is not None and benchmark > 0:
        deviation = value / benchmark - ONE
        inputs["deviation"] = deviation
        if deviation > over_above:
            score -= w * over_deduct
            how += f"；正偏离 {pct(deviation)} 超过 {pct(over_above)}，扣 {pct(over_deduct)} 分值"
    score = _clamp(score, w)
    return RuleResult(score, f"{how}，得 {num(score)} 分", inputs=inputs)


@rule("eval-over-deviation", "超出目标偏离扣分")
def over_deviation(
    item: RuleInput,
    *,
    above: Decimal = Decimal("0.3"),
    deduct: Decimal = Decimal("0.2"),
    target: Decimal | None = None,
    unknown: Decimal = ZERO,
) -> RuleResult:
    """ "★否决指标：若正偏离上30%，则扣相应20%分值" on its own (no deduction below the target)."""
    w = item.weight
    actual = _value(item.measured, "actual")
    goal = _value(item.measured, "target") or target
    if item.measured.get("unknown") or actual is None:
        return _unknown(item, unknown)
    if goal is None or goal == 0:
        return RuleResult(ZERO, "缺少目标值，无法计算偏离度，得0分", inputs={"actual": actual})
    deviation = actual / goal - ONE
    if deviation > above:
        score = _clamp(w * (ONE - deduct), w)
        text = f"偏离度 = {num(actual)} / {num(goal)} − 1 = {pct(deviation)}，正偏离超过 {pct(above)}，扣 {pct(deduct)}"
    else:
        score = w
        text = f"偏离度 = {num(actual)} / {num(goal)} − 1 = {pct(deviation)}，未超过 {pct(above)}"
    return RuleResult(score, f"{text}，得 {num(score)} 分", inputs={"deviation": deviation})


@rule("eval-previous-year", "与上年度比较")
def previous_year(
    item: RuleInput,
    *,
    direction: str = "higher",
    per_point: Decimal = Decimal("0.05"),
    step: Decimal = ONE,
    fraction: str = "exact",
    basis: str = "points",
    unknown: Decimal = ZERO,
) -> RuleResult:
    """ "本年度≥上年度得满分，否则每降低1%扣5%权重分" (``direction: lower`` for 投诉率 "≤上年度…每升高1%").

    ``basis: points`` counts percentage points (40.56% vs 43.27% → 2.71); ``relative`` counts
    percent of last year's value (2.71 / 43.27 = 6.26%).
    """
    w = item.weight
    actual = _value(item.measured, "actual")
    previous = _value(item.measured, "previous")
    if item.measured.get("unknown") or actual is None:
        return _unknown(item, unknown, "本年度值")
    if previous is None:
        if direction == "lower" and actual <= 0:
            text = f"本年度为 {pct(actual)}，不可能高于上年度，得满分 {num(w)} 分"
            return RuleResult(w, text, inputs={"actual": actual})
        return _unknown(item, unknown, "上年度值")
    worse = previous - actual if direction == "higher" else actual - previous
    sign = "降低" if direction == "higher" else "升高"
    text = f"本年度 {pct(actual)}，上年度 {pct(previous)}"
    if worse <= 0:
        return RuleResult(w, f"{text}，未{sign}，得满分 {num(w)} 分", inputs={"change": -worse})
    points = worse * HUNDRED if basis == "points" else worse / previous * HUNDRED if previous else HUNDRED
    units = _units(points, step, fraction)
    deduct = per_point * units
    score = _clamp(w * (ONE - deduct), w)
    what = "个百分点" if basis == "points" else "%（相对上年度）"
    return RuleResult(
        score,
        f"{text}，{sign} {num(points)}{what}，扣 {num(units)} × {pct(per_point)} = {pct(deduct)} 权重分，"
        f"得 {num(score)} 分",
        inputs={"points": points, "deduct": deduct},
    )


@rule("eval-all-or-nothing", "达标得满分、否则不得分")
def all_or_nothing(item: RuleInput, *, benchmark: Decimal = ONE, unknown: Decimal = ZERO) -> RuleResult:
    """ "达到100%，则得满分，否则，不得分"."""
    w = item.weight
    if item.measured.get("unknown"):
        return _unknown(item, unknown)
    actual = _value(item.measured, "actual")
    met = item.measured.get("met")
    if actual is not None:
        met = actual >= benchmark
        text = f"实际值 {pct(actual)}，{'达到' if met else '未达到'}标杆 {pct(benchmark)}"
    elif isinstance(met, bool):
        text = f"{'达到' if met else '未达到'}标杆 {pct(benchmark)}"
    else:
        return _unknown(item, unknown)
    score = w if met else ZERO
    return RuleResult(score, f"{text}，{'得满分' if met else '不得分'}：{num(score)} 分", inputs={"met": met})


@rule("eval-check-points", "检查点逐项扣分")
def check_points(item: RuleInput, *, checks: tuple[Check, ...] = (), unknown: Decimal = ZERO) -> RuleResult:
    """Check-point lists: "5项各占1/5权重分，每有一项不满足，则扣除相应权重分", with critical points
    ("如不符合①得0分") and explicit deductions ("缺②扣权重1/3", "②不符合时得75%权重分")."""
    w = item.weight
    results = item.measured.get("checks")
    if item.measured.get("unknown") or not isinstance(results, tuple):
        return _unknown(item, unknown, "各检查点结果")
    n = len(checks) or len(results)
    share = Fraction(1, n) if n else Fraction(0)
    kept = Fraction(1)
    failed: list[str] = []
    critical: list[str] = []
    for i in range(n):
        check = checks[i] if i < len(checks) else Check(f"第{i + 1}项")
        ok = results[i] if i < len(results) else None
        if ok is True:
            continue
        mark = f"{_circled(i)}{check.label}" + ("（无法判定，按不满足计）" if ok is None else "")
        if check.critical:
            critical.append(mark)
        failed.append(mark)
        kept -= check.deduct if check.deduct is not None else share
    if critical:
        score = ZERO
        text = f"关键检查点不满足：{'；'.join(critical)}，不得分"
    else:
        kept = max(kept, Fraction(0))
        score = _clamp(w * Decimal(kept.numerator) / Decimal(kept.denominator), w)
        lost = f"不满足：{'；'.join(failed)}，得权重的{_fraction_text(kept)}"
        text = f"{n}项检查点，" + (lost if failed else "全部满足")
    return RuleResult(score, f"{text}，得 {num(score)} 分", inputs={"checks": results, "kept": kept})


@rule("eval-expert-tier", "专家评判档次")
def expert_tier(
    item: RuleInput,
    *,
    tiers: tuple[tuple[str, Decimal], ...] = DEFAULT_TIERS,
    default: Decimal = ZERO,
    unknown: Decimal = ZERO,
) -> RuleResult:
    """Expert tiers: "好得100%分值、较好得75%、一般得50%、较差得25%、差得0分".

    A tier in the measurements is scored directly. Otherwise this is a judgement: the
    document's score is accepted when it is one of the allowed tier scores; when it is not,
    the nearest allowed score below it is given and the difference is reported.
    """
    w = item.weight
    if item.measured.get("unknown"):
        return _unknown(item, unknown, "专家评判")
    return _tier_score(item, tiers, lambda f: w * f, default, "专家档次")


@rule("eval-basis-and-tier", "测算依据加匹配程度档次")
def basis_and_tier(
    item: RuleInput,
    *,
    basis_share: Decimal = Decimal("0.5"),
    tiers: tuple[tuple[str, Decimal], ...] = DEFAULT_TIERS,
    default: Decimal = ZERO,
    unknown: Decimal = ZERO,
) -> RuleResult:
    """资金分配合理性: "①项目资金分配有测算依据得1/2权重分；②根据…匹配程度判断，分别得剩余权重的
    100%、75%、50%、25%和0%" — a yes/no check (first of ``checks``, or ``met``) plus a tier."""
    w = item.weight
    if item.measured.get("unknown"):
        return _unknown(item, unknown, "测算依据与匹配程度")
    checks = item.measured.get("checks")
    basis = checks[0] if isinstance(checks, tuple) and checks else item.measured.get("met")
    basis_ok = basis is True
    base = w * basis_share if basis_ok else ZERO
    rest = w * (ONE - basis_share)
    head = f"①测算依据{'有' if basis_ok else '无（或无法判定）'}，得 {num(base)} 分；②匹配程度"
    result = _tier_score(item, tiers, lambda f: base + rest * f, default, "匹配程度档次")
    return RuleResult(result.score, f"{head}：{result.explanation}", result.band, result.judged, result.inputs)


@rule("eval-days-late", "按延后天数扣分")
def days_late(item: RuleInput, *, per_day: Decimal = Decimal("0.05"), unknown: Decimal = ZERO) -> RuleResult:
    """ "完成及时率达100%，则得满分，每延后一天，扣除5%权重分，扣完为止"."""
    w = item.weight
    days = _value(item.measured, "days_late")
    if item.measured.get("unknown") or days is None:
        return _unknown(item, unknown, "延后天数")
    days = max(days, ZERO)
    score = _clamp(w * (ONE - per_day * days), w)
    if days == 0:
        return RuleResult(score, f"未延后，得满分 {num(score)} 分", inputs={"days_late": days})
    return RuleResult(
        score,
        f"延后 {num(days)} 天，扣 {num(days)} × {pct(per_day)} = {pct(per_day * days)} 权重分，得 {num(score)} 分",
        inputs={"days_late": days},
    )


@rule("eval-published", "采用所列得分")
def published_score(item: RuleInput) -> RuleResult:
    """No measurements: the document's own score, accepted when it lies in [0, weight]."""
    w = item.weight
    p = item.published
    if p is None:
        return RuleResult(ZERO, "评分表未列得分，按0分计", judged=True)
    score = _clamp(p, w)
    if score != p:
        return RuleResult(score, f"评分表所列 {num(p)} 分超出 [0, {num(w)}]，按 {num(score)} 分计", (ZERO, w), True)
    return RuleResult(score, f"采用评分表所列得分 {num(p)} 分（未提供测量值）", (ZERO, w), True)


# ---------------------------------------------------------------------------------------------
# Judgement helper
# ---------------------------------------------------------------------------------------------


def _tier_score(
    item: RuleInput,
    tiers: tuple[tuple[str, Decimal], ...],
    value_of: Callable[[Decimal], Decimal],
    default: Decimal,
    what: str,
) -> RuleResult:
    """Score a tier: from the measured tier, else the document's score if it is an allowed one, else the default."""
    w = item.weight
    allowed = [(label, _clamp(value_of(f), w)) for label, f in tiers]
    values = "、".join(f"{label} {num(v)}" for label, v in allowed)
    band = (min(v for _, v in allowed), max(v for _, v in allowed)) if allowed else (ZERO, w)
    tier = item.measured.get("tier")
    if isinstance(tier, str):
        for label, value in allowed:
            if tier == label:
                return RuleResult(value, f"{what}为“{label}”，得 {num(value)} 分", inputs={"tier": label})
    if isinstance(tier, Decimal) and ZERO <= tier <= ONE:
        value = _clamp(value_of(tier), w)
        return RuleResult(value, f"{what}为 {pct(tier)}，得 {num(value)} 分", inputs={"tier": tier})
    p = item.published
    if p is not None:
        for label, value in allowed:
            if shown(value) == shown(p):
                return RuleResult(value, f"需评价人判断；所列 {num(p)} 分为允许档次“{label}”，予以采用", band, True)
        below = [v for _, v in allowed if v <= p]
        value = max(below) if below else band[0]
        return RuleResult(
            value,
            f"需评价人判断；所列 {num(p)} 分不是允许的档次（{values}），按不高于它的最近档次计 {num(value)} 分",
            band,
            True,
        )
    value = _clamp(value_of(default), w)
    bad = f"“{tier}”不是方案中的档次，" if tier is not None else ""
    return RuleResult(value, f"{bad}未给出{what}和得分，按方案默认（{pct(default)}）计 {num(value)} 分", band, True)


def _circled(i: int) -> str:
    return chr(0x2460 + i) if 0 <= i < 20 else f"({i + 1})"


def _fraction_text(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}" if f.denominator != 1 else str(f.numerator)


# ---------------------------------------------------------------------------------------------
# Parameter parsing (used by the scheme loader)
# ---------------------------------------------------------------------------------------------


def p_fraction(node: Node) -> Decimal:
    """``5%``, ``1/3`` or a number (a fraction: 0.05) → Decimal; a Chinese error otherwise."""
    if isinstance(node.value, str):
        value = parse_amount(node.value)
        if value is None:
            raise node.error(f"“{node.key}”应为百分数（如 5%）、分数（如 1/3）或小数，实际写的是“{node.value}”")
        return value
    return node.decimal()


def p_share(node: Node) -> Decimal:
    value = p_fraction(node)
    if not ZERO <= value <= ONE:
        raise node.error(f"“{node.key}”应在 0 到 100% 之间，实际是“{node.value}”")
    return value


def p_positive(node: Node) -> Decimal:
    value = p_fraction(node)
    if value <= 0:
        raise node.error(f"“{node.key}”应大于0，实际是“{node.value}”")
    return value


def p_number(node: Node) -> Decimal:
    value = p_fraction(node)
    if value <= 0:
        raise node.error(f"“{node.key}”应为正数，实际是“{node.value}”")
    return value


def p_choice(*options: str) -> Callable[[Node], str]:
    return lambda node: node.choice(*options)


def p_checks(node: Node) -> tuple[Check, ...]:
    """A list of labels, or of mappings ``{label, deduct, critical}``."""
    out: list[Check] = []
    for child in node.list():
        if isinstance(child.value, str):
            out.append(Check(child.text()))
            continue
        child.only("label", "deduct", "critical")
        deduct = child.get("deduct", None)
        critical = child.get("critical", False, expect=bool).value
        d = None if deduct.value is None else _exact_share(deduct)
        out.append(Check(child.get("label").text(), d, bool(critical)))
    if not out:
        raise node.error(f"“{node.key}”至少要有一个检查点")
    return tuple(out)


def _exact_share(node: Node) -> Fraction:
    """A share kept exact: ``1/3`` stays one third (a Decimal would round it)."""
    value = p_share(node)
    if isinstance(node.value, str) and "/" in node.value:
        try:
            return Fraction(node.value.strip().replace(" ", ""))
        except (ValueError, ZeroDivisionError):
            pass
    return Fraction(value)


def p_tiers(node: Node) -> tuple[tuple[str, Decimal], ...]:
    """A mapping label → share (``好: 100%``) or a list of shares (``[100%, 75%, 50%, 25%, 0%]``)."""
    if isinstance(node.value, list):
        tiers = tuple((pct(v), v) for v in (p_share(c) for c in node.list()))
    else:
        node.expect(dict)
        tiers = tuple((label, p_share(child)) for label, child in node.items())
    if not tiers:
        raise node.error(f"“{node.key}”至少要有一个档次")
    return tiers


_COMMON = {"unknown": p_share}
PARAMS: dict[str, dict[str, Callable[[Node], Any]]] = {
    "eval-linear-below": {
        "benchmark": p_fraction,
        "per_point": p_share,
        "step": p_positive,
        "fraction": p_choice("exact", "floor", "ceil"),
        "measure": p_choice("rate", "completion"),
        "target": p_number,
        "over_above": p_fraction,
        "over_deduct": p_share,
        **_COMMON,
    },
    "eval-over-deviation": {"above": p_fraction, "deduct": p_share, "target": p_number, **_COMMON},
    "eval-previous-year": {
        "direction": p_choice("higher", "lower"),
        "per_point": p_share,
        "step": p_positive,
        "fraction": p_choice("exact", "floor", "ceil"),
        "basis": p_choice("points", "relative"),
        **_COMMON,
    },
    "eval-all-or-nothing": {"benchmark": p_fraction, **_COMMON},
    "eval-check-points": {"checks": p_checks, **_COMMON},
    "eval-expert-tier": {"tiers": p_tiers, "default": p_share, **_COMMON},
    "eval-basis-and-tier": {"basis_share": p_share, "tiers": p_tiers, "default": p_share, **_COMMON},
    "eval-days-late": {"per_day": p_share, **_COMMON},
    "eval-published": {},
}
"""For each evaluation rule: its parameters and how to read each from a scheme file."""

REQUIRED: dict[str, tuple[str, ...]] = {"eval-check-points": ("checks",)}
"""Parameters a scheme must give."""

MEASURED: dict[str, tuple[tuple[str, ...], ...]] = {
    "eval-linear-below": (("actual",),),
    "eval-over-deviation": (("actual",),),
    "eval-previous-year": (("actual",),),
    "eval-all-or-nothing": (("actual", "met"),),
    "eval-check-points": (("checks",),),
    "eval-expert-tier": (),
    "eval-basis-and-tier": (("checks", "met"),),
    "eval-days-late": (("days_late",),),
    "eval-published": (),
}
"""What a measurement must give for each rule (one of each inner tuple), unless it says ``unknown``."""
