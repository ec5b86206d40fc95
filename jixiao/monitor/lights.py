"""The light rules of 绩效运行监控 as plain registered functions (rules.md §3.4–3.6).

Every rule is a function registered by name with :func:`light_rule`; a rule set (rulesets.py)
names the rules it uses and their parameters. A rule gets its input and its parameters and returns
a :class:`~jixiao.monitor.model.Verdict` — the light, the ratio in percent and the working in
Chinese. Rules never raise on odd input: a value that cannot be compared gives ``Light.NONE`` with
the reason in the working.

Budget rules (input :class:`BudgetInput`):

- ``time-progress`` — vendor rule: ratio = 执行率 ÷ (月份/12) × 100; < red_below red, < yellow_below
  yellow, else green.
- ``spending-plan`` — execution against the project's own 资金支出计划 (seed 000's 3月底 / 6月底 /
  10月底 / 12月底 grid), read as cumulative planned spending: a blank cell means "unchanged since
  the previous checkpoint", the year starts at 0 planned, and between two checkpoints the plan is
  interpolated linearly by month. ratio = 累计执行数 ÷ 计划累计支出 × 100, same thresholds. A plan
  that cannot be read this way (it falls somewhere, or does not end at the 预算数) is not used:
  the rule falls back to ``time-progress`` (``on_inconsistent: time-progress``, the default) or uses
  the running maximum of the plan (``on_inconsistent: envelope``); either way the engine reports it.
  With nothing planned yet at the checkpoint the light is green (nothing was due).
- ``cumulative-thresholds`` — 四川: cumulative execution rate below the threshold of the latest
  threshold month reached (25 % April, 40 % June, 60 % August, 80 % October) → ``light`` (red by
  default: the unit must decide within 10 working days or the project is suspended).

Indicator rules (input :class:`IndicatorInput`):

- ``prorated-target`` — positive indicators (=, ≥, >): 标准值 = 年度指标值 × 月份/12, ratio = 完成值 ÷
  标准值 × 100: < red_below red, < yellow_below yellow, < blue_from green, else blue. Target 0 with
  "=": green if equal, else red.
- ``within-range`` — reverse indicators and 质量/时效/成本: within range green, else red (numbers,
  durations and dates).
- ``tier`` — qualitative: the progress text is matched against word lists (red words first, since
  "未达到" contains "达到"), or equals the target text → green.

Report rules (input :class:`ReportInput`):

- ``progress-gap`` — 四川: mean target completion (完成值 ÷ 年度指标值 of the quantitative positive
  indicators, each capped at 100 %) against the execution rate; a gap of more than ``max_gap``
  points → ``light`` (yellow by default: a warning to explain, not a suspension).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao import numbers
from jixiao.model.goals import SpendingPlan
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.monitor.model import Light, Verdict

HUNDRED = Decimal(100)
TWELVE = Decimal(12)


@dataclass(frozen=True, slots=True)
class LightRule:
    name: str
    scope: str  # "budget" | "indicator" | "report"
    fn: Callable[..., Verdict]
    title: str


LIGHT_RULES: dict[str, LightRule] = {}


def light_rule(name: str, scope: str, title: str) -> Callable:
    def register(fn: Callable[..., Verdict]) -> Callable[..., Verdict]:
        if name in LIGHT_RULES:
            raise ValueError(f"light rule {name!r} registered twice")
        LIGHT_RULES[name] = LightRule(name, scope, fn, title)
        return fn

    return register


@dataclass(frozen=True, slots=True)
class BudgetInput:
    month: int
    label: str
    executed: Decimal | None
    budget: Decimal | None
    plan: SpendingPlan | None


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    month: int
    name: str
    target: TargetValue
    progress: TargetValue


@dataclass(frozen=True, slots=True)
class ReportInput:
    month: int
    execution_rate: Decimal | None  # percent
    indicators: tuple[IndicatorInput, ...]


def pct(value: Decimal | None) -> str:
    """A percentage for the working text: two decimals, half up; ``—`` when unknown."""
    return numbers.pct(value, missing="—")


def num(value: Decimal | None) -> str:
    """A number for the working text: at most four decimals, no trailing zeros; ``—`` when unknown."""
    return numbers.plain(value, 4, missing="—")


def _param(params: Mapping[str, Any], key: str, default: Any) -> Any:
    value = params.get(key, default)
    return default if value is None else value


def _bands(ratio: Decimal, params: Mapping[str, Any], blue: bool) -> tuple[Light, str]:
    red = Decimal(_param(params, "red_below", 60))
    yellow = Decimal(_param(params, "yellow_below", 80))
    if ratio < red:
        return Light.RED, f"低于{num(red)}%"
    if ratio < yellow:
        return Light.YELLOW, f"不低于{num(red)}%且低于{num(yellow)}%"
    if blue:
        top = Decimal(_param(params, "blue_from", 120))
        if ratio >= top:
            return Light.BLUE, f"不低于{num(top)}%（超进度）"
        return Light.GREEN, f"不低于{num(yellow)}%且低于{num(top)}%"
    return Light.GREEN, f"不低于{num(yellow)}%"


# ---------------------------------------------------------------------------------------------
# Budget execution
# ---------------------------------------------------------------------------------------------


def execution_rate(executed: Decimal | None, budget: Decimal | None) -> Decimal | None:
    if executed is None or not budget:
        return None
    return executed / budget * HUNDRED


@light_rule("time-progress", "budget", "预算执行进度与序时进度比较")
def time_progress(inp: BudgetInput, params: Mapping[str, Any]) -> Verdict:
    rate = execution_rate(inp.executed, inp.budget)
    if rate is None:
        why = "未填写累计执行数" if inp.executed is None else "没有年初预算数"
        return Verdict(Light.NONE, "time-progress", f"{why}，无法计算预算执行率")
    if not 1 <= inp.month <= 12:
        return Verdict(Light.NONE, "time-progress", f"监控时点月份“{inp.month}”不在1至12之间")
    schedule = Decimal(inp.month) / TWELVE * HUNDRED
    ratio = rate / schedule * HUNDRED
    light, band = _bands(ratio, params, blue=False)
    working = (
        f"预算执行率 = {num(inp.executed)} ÷ {num(inp.budget)} = {pct(rate)}；"
        f"序时进度 = {inp.month}/12 = {pct(schedule)}；"
        f"执行率与序时进度之比 = {pct(ratio)}，{band}，{light.zh}"
    )
    return Verdict(light, "time-progress", working, ratio)


def plan_points(plan: SpendingPlan) -> list[tuple[int, Decimal | None, str]]:
    """(month, amount or None for blank, label) in month order; months outside 1–12 dropped."""
    pts = [(p.month, p.amount, p.label) for p in plan.points if 1 <= p.month <= 12]
    return sorted(pts, key=lambda t: t[0])


def plan_problems(plan: SpendingPlan | None, budget: Decimal | None) -> list[str]:
    """Why ``plan`` cannot be read as cumulative planned spending (Chinese), empty if it can."""
    if plan is None:
        return []
    problems: list[str] = []
    running, prev_label = Decimal(0), "年初"
    for _month, amount, label in plan_points(plan):
        if amount is None:
            continue
        if amount < running:
            problems.append(f"{label}计划数{num(amount)}小于{prev_label}的{num(running)}（累计计划不应下降）")
        running, prev_label = max(running, amount), label
    final = cumulative_plan(plan, 12, envelope=False)
    if budget is not None and final is not None and final != budget:
        problems.append(f"12月底计划累计数{num(final)}不等于预算数{num(budget)}")
    return problems


def cumulative_plan(plan: SpendingPlan, month: int, *, envelope: bool) -> Decimal | None:
    """Planned cumulative spending at ``month``: blanks carry the previous amount, linear between
    checkpoints, 0 at the start of the year. ``envelope`` uses the running maximum. None: no amounts."""
    known: list[tuple[int, Decimal]] = [(0, Decimal(0))]
    any_amount = False
    for m, amount, _label in plan_points(plan):
        if amount is not None:
            any_amount = True
            value = max(amount, known[-1][1]) if envelope else amount
        else:
            value = known[-1][1]  # blank = unchanged
        known.append((m, value))
    if not any_amount:
        return None
    for (m0, a0), (m1, a1) in itertools.pairwise(known):
        if m0 <= month <= m1:
            if m1 == m0:
                return a1
            return a0 + (a1 - a0) * Decimal(month - m0) / Decimal(m1 - m0)
    return known[-1][1]  # after the last checkpoint: unchanged


@light_rule("spending-plan", "budget", "累计执行数与项目资金支出计划比较")
def spending_plan(inp: BudgetInput, params: Mapping[str, Any]) -> Verdict:
    if inp.plan is None or cumulative_plan(inp.plan, inp.month, envelope=False) is None:
        fallback = time_progress(inp, params)
        return Verdict(fallback.light, "spending-plan", "没有资金支出计划，按序时进度：" + fallback.working,
                       fallback.ratio)
    problems = plan_problems(inp.plan, inp.budget)
    how = str(_param(params, "on_inconsistent", "time-progress"))
    if problems and how != "envelope":
        fallback = time_progress(inp, params)
        return Verdict(fallback.light, "spending-plan",
                       f"资金支出计划不能按累计计划读取（{'；'.join(problems)}），改按序时进度：{fallback.working}",
                       fallback.ratio)
    envelope = bool(problems)
    planned = cumulative_plan(inp.plan, inp.month, envelope=envelope)
    grid = "、".join(f"{label}{'（空，同上期）' if a is None else num(a)}" for _m, a, label in plan_points(inp.plan))
    reading = f"资金支出计划（累计）：{grid}"
    if envelope:
        reading += f"；计划有下降（{'；'.join(problems)}），按已达到的最高累计计划数读取"
    if inp.executed is None:
        return Verdict(Light.NONE, "spending-plan", f"{reading}；未填写累计执行数，无法比较")
    if not planned:
        return Verdict(Light.GREEN, "spending-plan",
                       f"{reading}；截至{inp.month}月底计划累计支出为0，尚无应支出数，{Light.GREEN.zh}", None)
    ratio = inp.executed / planned * HUNDRED
    light, band = _bands(ratio, params, blue=False)
    working = (
        f"{reading}；截至{inp.month}月底按月线性插值的计划累计支出 = {num(planned)}；"
        f"累计执行数 {num(inp.executed)} ÷ {num(planned)} = {pct(ratio)}，{band}，{light.zh}"
    )
    return Verdict(light, "spending-plan", working, ratio)


@light_rule("cumulative-thresholds", "budget", "累计执行率低于时点门槛（四川）")
def cumulative_thresholds(inp: BudgetInput, params: Mapping[str, Any]) -> Verdict:
    thresholds = {int(k): Decimal(v) for k, v in dict(_param(params, "thresholds", {})).items()}
    warn = Light(str(_param(params, "light", "red")))
    rate = execution_rate(inp.executed, inp.budget)
    if rate is None:
        why = "未填写累计执行数" if inp.executed is None else "没有年初预算数"
        return Verdict(Light.NONE, "cumulative-thresholds", f"{why}，无法计算累计执行率")
    reached = [m for m in sorted(thresholds) if m <= inp.month]
    if not reached:
        return Verdict(Light.GREEN, "cumulative-thresholds",
                       f"累计执行率 {pct(rate)}；{inp.month}月底之前没有执行率门槛，{Light.GREEN.zh}", rate)
    m = reached[-1]
    floor = thresholds[m]
    shown = f"累计执行率 = {num(inp.executed)} ÷ {num(inp.budget)} = {pct(rate)}"
    if rate < floor:
        return Verdict(warn, "cumulative-thresholds",
                       f"{shown}，低于1-{m}月门槛{num(floor)}%，{warn.zh}（须在10个工作日内选择继续实施、调剂或取消）",
                       rate)
    return Verdict(Light.GREEN, "cumulative-thresholds",
                   f"{shown}，不低于1-{m}月门槛{num(floor)}%，{Light.GREEN.zh}", rate)


# ---------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------

POSITIVE = (Comparison.GE, Comparison.GT, Comparison.EQ, None)
REVERSE = (Comparison.LE, Comparison.LT)


def comparable(target: TargetValue, progress: TargetValue) -> tuple[Decimal, Decimal] | str:
    """The two quantities to compare (shares as fractions when both are shares), or why not."""
    if target.kind is ValueKind.EMPTY:
        return "没有年度指标值"
    if progress.kind is ValueKind.EMPTY:
        return "未填写执行情况"
    if target.ratio is not None and progress.ratio is not None:
        return target.ratio, progress.ratio
    if target.number is None or progress.number is None:
        return f"年度指标值“{target.raw}”与执行情况“{progress.raw}”不能按数值比较"
    if target.unit and progress.unit and target.unit != progress.unit:
        return f"计量单位不一致（年度指标值为“{target.unit}”，执行情况为“{progress.unit}”）"
    if target.kind is not progress.kind:
        return f"年度指标值“{target.raw}”与执行情况“{progress.raw}”类型不同"
    return target.number, progress.number


@light_rule("prorated-target", "indicator", "正向指标按时间进度折算标准值")
def prorated_target(inp: IndicatorInput, params: Mapping[str, Any]) -> Verdict:
    values = comparable(inp.target, inp.progress)
    if isinstance(values, str):
        return Verdict(Light.NONE, "prorated-target", values + "，未判定")
    a, b = values
    if inp.target.comparison is Comparison.EQ and a == 0:
        light = Light.GREEN if b == a else Light.RED
        relation = "等于" if b == a else "不等于"
        return Verdict(light, "prorated-target", f"年度指标值为0：执行情况{num(b)}{relation}0，{light.zh}")
    prorate = not (inp.target.ratio is not None and not _param(params, "prorate_shares", True))
    factor = Decimal(inp.month) / TWELVE if prorate else Decimal(1)
    std = a * factor
    if std == 0:
        light = Light.GREEN if b >= 0 else Light.RED
        return Verdict(light, "prorated-target", f"标准值为0，执行情况{num(b)}，{light.zh}")
    ratio = b / std * HUNDRED
    light, band = _bands(ratio, params, blue=True)
    how = f"{num(a)} × {inp.month}/12" if prorate else f"{num(a)}（比率类指标不按月折算）"
    working = f"标准值 = {how} = {num(std)}；完成值 {num(b)} ÷ 标准值 = {pct(ratio)}，{band}，{light.zh}"
    return Verdict(light, "prorated-target", working, ratio)


_SIGN_TEST: dict[Comparison | None, Callable[[Any, Any], bool]] = {
    Comparison.GE: lambda b, a: b >= a,
    Comparison.GT: lambda b, a: b > a,
    Comparison.LE: lambda b, a: b <= a,
    Comparison.LT: lambda b, a: b < a,
    Comparison.EQ: lambda b, a: b == a,
    None: lambda b, a: b == a,
}


@light_rule("within-range", "indicator", "在指标值范围内为绿灯，否则红灯")
def within_range(inp: IndicatorInput, params: Mapping[str, Any]) -> Verdict:
    t, p = inp.target, inp.progress
    if t.kind is ValueKind.DATE and t.date is not None:
        if p.kind is ValueKind.DATE and p.date is not None:
            sign = t.comparison if t.comparison in (Comparison.LE, Comparison.LT) else Comparison.LE
            ok = _SIGN_TEST[sign](p.date, t.date)
            light = Light.GREEN if ok else Light.RED
            relation = "不晚于" if ok else "晚于"
            return Verdict(light, "within-range",
                           f"完成日期{p.date.isoformat()}{relation}指标日期{t.date.isoformat()}，{light.zh}")
        return tier(inp, params)
    values = comparable(t, p)
    if isinstance(values, str):
        if p.kind in (ValueKind.QUALITATIVE, ValueKind.TEXT):
            return tier(inp, params)
        return Verdict(Light.NONE, "within-range", values + "，未判定")
    a, b = values
    sign = t.comparison
    ok = _SIGN_TEST[sign](b, a)
    light = Light.GREEN if ok else Light.RED
    rule = t.raw if sign is not None else f"={t.raw}"
    verdict = "满足" if ok else "不满足"
    inside = "在" if ok else "不在"
    return Verdict(light, "within-range", f"执行情况“{p.raw}”{verdict}“{rule}”，{inside}指标值范围内，{light.zh}")


DEFAULT_TIERS = {
    "red": ("未达到", "未达成", "未完成", "未实现", "效果较差", "无法完成", "不能完成", "严重滞后"),
    "yellow": ("部分达到", "部分达成", "部分完成", "部分实现", "基本达到", "基本完成", "滞后", "进度偏慢"),
    "green": ("达到预期", "达成", "已完成", "完成", "达到", "实现", "按计划", "正常推进", "符合"),
}


@light_rule("tier", "indicator", "定性指标按达成档次")
def tier(inp: IndicatorInput, params: Mapping[str, Any]) -> Verdict:
    text = (inp.progress.label or inp.progress.raw or "").strip()
    if not text:
        return Verdict(Light.NONE, "tier", "未填写执行情况，未判定")
    for color in ("red", "yellow", "green"):
        words = tuple(_param(params, color, DEFAULT_TIERS[color]))
        hit = next((w for w in words if w and w in text), None)
        if hit:
            light = Light(color)
            return Verdict(light, "tier", f"执行情况“{text}”含“{hit}”，{light.zh}")
    target_text = (inp.target.label or inp.target.raw or "").strip()
    if target_text and text == target_text:
        return Verdict(Light.GREEN, "tier", f"执行情况“{text}”与指标值相同，{Light.GREEN.zh}")
    return Verdict(Light.NONE, "tier", f"执行情况“{text}”不属于任何档次（达到、部分达到、未达到），未判定")


# ---------------------------------------------------------------------------------------------
# Report-wide
# ---------------------------------------------------------------------------------------------


def completion(ind: IndicatorInput) -> Decimal | None:
    """完成值 ÷ 年度指标值 × 100 (capped at 100) for a quantitative positive indicator, else None."""
    if ind.target.comparison not in POSITIVE or ind.target.kind is not ValueKind.NUMBER:
        return None
    values = comparable(ind.target, ind.progress)
    if isinstance(values, str) or values[0] <= 0:
        return None
    a, b = values
    return min(b / a * HUNDRED, HUNDRED)


@light_rule("progress-gap", "report", "目标完成进度与预算执行进度偏离（四川）")
def progress_gap(inp: ReportInput, params: Mapping[str, Any]) -> Verdict:
    max_gap = Decimal(_param(params, "max_gap", 10))
    warn = Light(str(_param(params, "light", "yellow")))
    shares = [c for c in (completion(i) for i in inp.indicators) if c is not None]
    if inp.execution_rate is None or not shares:
        why = "无法计算预算执行率" if inp.execution_rate is None else "没有可计算完成进度的定量正向指标"
        return Verdict(Light.NONE, "progress-gap", why + "，未判定")
    progress = sum(shares, Decimal(0)) / len(shares)
    gap = abs(progress - inp.execution_rate)
    light = warn if gap > max_gap else Light.GREEN
    working = (
        f"目标完成进度（{len(shares)}个定量正向指标完成比例的平均，单项以100%为上限）= {pct(progress)}；"
        f"预算执行进度 = {pct(inp.execution_rate)}；相差{num(gap)}个百分点，"
        f"{'超过' if gap > max_gap else '未超过'}{num(max_gap)}个百分点，{light.zh}"
    )
    return Verdict(light, "progress-gap", working, gap)
