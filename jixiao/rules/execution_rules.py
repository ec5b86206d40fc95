"""The budget-execution rules of a self-evaluation form (预算执行率): the share of the budget spent,
scored linearly (``execution-rate``, 财预〔2020〕10号) or by tiers with the project's completion
(``execution-tiered``, 财预〔2021〕101号). Registered with the same decorator as the indicator rules
(:mod:`jixiao.rules.self_rules`), whose number helpers they use."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.rules.registry import RuleInput, RuleResult, rule
from jixiao.rules.self_rules import HUNDRED, ONE, ZERO, div, fmt, not_computable, scored


def _amounts(item: RuleInput, base: str) -> tuple[Decimal, Decimal, str] | str:
    budget_key = "initial" if base == "initial" else "adjusted"
    budget_name = "年初预算数" if base == "initial" else "调整后预算数"
    budget, executed = item.measured.get(budget_key), item.measured.get("executed")
    if budget is None:
        return f"表中没有{budget_name}，无法计算预算执行率"
    if executed is None:
        return "表中没有全年执行数，无法计算预算执行率"
    if budget <= 0:
        return f"{budget_name}为{fmt(budget)}，无法计算预算执行率"
    return Decimal(budget), Decimal(executed), budget_name


@rule("execution-rate", "预算执行率（按比例）")
def execution_rate(item: RuleInput, base: str = "adjusted", **_: Any) -> RuleResult:
    """预算执行率 (10号): ``w × min(执行数 ÷ 预算数, 1)``; 预算数 is 调整后预算数 unless ``base: initial``."""
    amounts = _amounts(item, base)
    if isinstance(amounts, str):
        return not_computable(item, amounts)
    budget, executed, budget_name = amounts
    w = item.weight
    rate = div(max(executed, ZERO), budget)
    score = w * min(rate, ONE)
    return scored(
        score,
        w,
        lambda: (
            f"预算执行率 = 全年执行数 {fmt(executed)} ÷ {budget_name} {fmt(budget)} = {fmt(rate, 8)}，"
            f"得分 = {fmt(w)} × 执行率（大于1按1计）= {fmt(score, 8)}"
        ),
        inputs={"A": budget, "B": executed, "rate": rate},
    )


@rule("execution-tiered", "预算执行率（分档）")
def execution_tiered(item: RuleInput, base: str = "adjusted", completed: str = "auto", **_: Any) -> RuleResult:
    """101号 预算执行率: completed and within budget → w; else ≥80% → 70%·w; ≥60% → 50%·w; below → 0.

    ``completed``: ``yes``/``no`` states whether the project was completed; ``auto`` (the default)
    takes a project as completed when its 执行数 reaches the budget (执行率 ≥ 100%).
    """
    amounts = _amounts(item, base)
    if isinstance(amounts, str):
        return not_computable(item, amounts)
    budget, executed, budget_name = amounts
    w = item.weight
    rate = div(max(executed, ZERO), budget)
    flag = item.measured.get("completed")
    is_completed = flag if isinstance(flag, bool) else (completed == "yes" or (completed == "auto" and rate >= ONE))

    def head() -> str:
        return f"预算执行率 = 全年执行数 {fmt(executed)} ÷ {budget_name} {fmt(budget)} = {fmt(rate, 8)}"

    inputs = {"A": budget, "B": executed, "rate": rate, "completed": is_completed}
    if is_completed and executed <= budget:
        return scored(w, w, lambda: f"{head()}，项目完成且未超预算，得满分", inputs=inputs)
    tier = next((t for t in ((Decimal("0.8"), Decimal("0.7")), (Decimal("0.6"), Decimal("0.5"))) if rate >= t[0]), None)
    if tier is None:
        return scored(ZERO, w, lambda: f"{head()}，低于60%，0分", inputs=inputs)
    low, part = tier
    score = w * part
    state = "项目完成但超预算" if is_completed else "项目未完成"
    return scored(
        score,
        w,
        lambda: f"{head()}，{state}，执行率 ≥ {fmt(low * HUNDRED)}%，得分 = {fmt(w)} × {fmt(part)} = {fmt(score)}",
        inputs=inputs,
    )
