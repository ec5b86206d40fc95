"""The date and qualitative rules of a self-evaluation form: ``deadline`` (时效 dates: on or before
the target date → w; later → 0, or a deduction per day) and ``qualitative-tiers`` (定性指标: the tier
is inferred from the actual text by :func:`infer_tier`; the form's score is accepted when it lies in
that tier's band, otherwise the tier's default applies). Registered with the same decorator as the
indicator rules (:mod:`jixiao.rules.self_rules`), whose number helpers they use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.model.target import TargetValue, ValueKind
from jixiao.rules.registry import RuleInput, RuleResult, rule
from jixiao.rules.self_rules import HUNDRED, ONE, ZERO, fmt, not_computable, scored

# Default qualitative tiers of 10号 第十六条: (name, low share, high share, default share), best first.
DEFAULT_TIERS: tuple[tuple[str, Decimal, Decimal, Decimal], ...] = (
    ("达成", Decimal("0.8"), ONE, ONE),
    ("部分达成", Decimal("0.6"), Decimal("0.8"), Decimal("0.6")),
    ("未达成", ZERO, Decimal("0.6"), ZERO),
)

# Words in an actual (实际完成值) that place a qualitative item in a tier. Negative words are
# looked at first ("未完成" contains "完成"); an actual that is exactly one of NEGATIVE_EXACT too.
NEGATIVE_WORDS = (
    "未完成",
    "未达成",
    "未达到",
    "未安排",
    "未开展",
    "未实施",
    "未执行",
    "未落实",
    "未实现",
    "不合格",
    "没有完成",
)
NEGATIVE_EXACT = ("无", "否", "没有", "0")
PARTIAL_WORDS = ("部分",)
FULL_WORDS = (
    "完成",
    "达成",
    "达到",
    "按规定",
    "按时",
    "及时",
    "合格",
    "符合",
    "实现",
    "提升",
    "提高",
    "满意",
    "有效",
    "已",
)


def _shown_value(value: TargetValue | None) -> str:
    return "" if value is None else value.raw


# -- dates ----------------------------------------------------------------------------------------------

_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


def _period(day: dt.date, precision: str) -> tuple[int, ...]:
    if precision == "year":
        return (day.year,)
    if precision == "month":
        return (day.year, day.month)
    return (day.year, day.month, day.day)


@rule("deadline", "时效指标（按期完成）")
def deadline(item: RuleInput, late: str = "zero", per_day: Decimal | str = ZERO, **_: Any) -> RuleResult:
    """时效 (a date target): on or before the target date → w; later → 0, or ``per_day`` share off per day."""
    target, actual, w = item.target, item.actual, item.weight
    if target is None or target.date is None:
        return not_computable(item, f"年度指标值“{_shown_value(target)}”不是日期，无法按时限计算")
    if actual is None or actual.kind != ValueKind.DATE or actual.date is None:
        return not_computable(item, f"实际完成值“{_shown_value(actual)}”不是日期，无法按时限计算")
    coarse = max(
        target.date_precision or "day", actual.date_precision or "day", key=lambda p: _PRECISION_ORDER.get(p, 0)
    )
    a_date, b_date = target.date, actual.date
    on_time = b_date <= a_date or _period(b_date, coarse) <= _period(a_date, coarse)
    text = f"时限：目标 {a_date.isoformat()}，实际 {b_date.isoformat()}"
    if on_time:
        return scored(w, w, f"{text}，按时完成，得满分", inputs={"A": a_date, "B": b_date})
    days = (b_date - a_date).days
    if late == "per-day":
        cut = w * Decimal(per_day) * days
        score = max(w - cut, ZERO)
        return scored(
            score,
            w,
            lambda: f"{text}，延后{days}天，每天扣{fmt(Decimal(per_day) * HUNDRED)}%，得分 = {fmt(score)}",
            inputs={"A": a_date, "B": b_date, "days": days},
        )
    return scored(ZERO, w, f"{text}，延后{days}天，0分", inputs={"A": a_date, "B": b_date, "days": days})


# -- qualitative tiers ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tier:
    name: str
    low: Decimal  # share of w, inclusive
    high: Decimal  # share of w, inclusive for the best tier, exclusive for the others
    default: Decimal  # share of w used when the form gives no score
    closed: bool  # whether ``high`` is inside the band


def tiers_from(spec: Sequence[Any] | None) -> tuple[Tier, ...]:
    """Tiers best first; ``spec`` items are mappings {name, min, max, default} (a scheme's list)."""
    raw = []
    for t in spec or ():
        if isinstance(t, Mapping):
            raw.append((str(t["name"]), Decimal(t["min"]), Decimal(t["max"]), Decimal(t.get("default", t["min"]))))
        else:
            raw.append(tuple(t))
    rows = raw or list(DEFAULT_TIERS)
    return tuple(Tier(n, lo, hi, d, closed=(i == 0)) for i, (n, lo, hi, d) in enumerate(rows))


def infer_tier(actual: TargetValue | None, target: TargetValue | None) -> tuple[int | None, str]:
    """The tier index (0 best, 1 partial, last worst) that the actual's text reads as, and why.

    Returns ``(None, reason)`` when the text does not tell (then any score in [0, w] is accepted).
    """
    text = (actual.raw if actual is not None else "").strip()
    if not text:
        return None, "实际完成值为空，无法判断档次"
    compact = text.replace(" ", "")
    for word in NEGATIVE_WORDS:
        if word in compact:
            return 2, f"实际完成值含“{word}”"
    if compact in NEGATIVE_EXACT:
        wanted = (target.raw if target is not None else "").replace(" ", "")
        if any(word in wanted for word in ("无", "零", "不发生", "杜绝")):  # "无安全事故" met by "无"
            return 0, f"年度指标值要求“{wanted}”，实际完成值为“{compact}”"
        return 2, f"实际完成值为“{compact}”"
    for word in PARTIAL_WORDS:
        if word in compact:
            return 1, f"实际完成值含“{word}”"
    if target is not None and target.raw.replace(" ", "") == compact:
        return 0, "实际完成值与年度指标值相同"
    for word in FULL_WORDS:
        if word in compact:
            return 0, f"实际完成值含“{word}”"
    return None, f"无法从实际完成值“{text}”判断档次"


def _band_text(low: Decimal, high: Decimal, closed: bool) -> str:
    return f"[{fmt(low)}, {fmt(high)}{']' if closed else ')'}"


def _in_band(score: Decimal, low: Decimal, high: Decimal, closed: bool) -> bool:
    return low <= score <= high if closed else low <= score < high


@rule("qualitative-tiers", "定性指标分档")
def qualitative_tiers(item: RuleInput, tiers: Sequence[Any] | None = None, **_: Any) -> RuleResult:
    """定性指标: infer the tier from the actual text; accept the form's score inside the tier's band."""
    w = item.weight
    table = tiers_from(tiers)
    index, why = infer_tier(item.actual, item.target)
    if index is not None:
        index = min(index, len(table) - 1)
        tier = table[index]
        low, high, closed, name = w * tier.low, w * tier.high, tier.closed, tier.name
        default = w * tier.default
    else:
        low, high, closed, name, default = ZERO, w, True, "任一档", w * table[0].default
    band = (low, high)

    def label() -> str:
        return f"定性指标：{why}，按“{name}”档，分值区间{_band_text(low, high, closed)}"

    published = item.published
    inputs: dict[str, Any] = {"tier": name}
    if published is None and not (item.actual.raw.strip() if item.actual is not None else ""):
        # Nothing to judge yet (a draft before the actual is entered): no points until it is.
        inputs["unanswered"] = True
        return scored(
            ZERO, w, lambda: f"{label()}；实际完成值待填写，暂计0分", band=band, judged=True, inputs=inputs
        )
    if published is None:
        return scored(
            default,
            w,
            lambda: f"{label()}；表中无得分，按方案默认取{fmt(default)}分",
            band=band,
            judged=True,
            inputs=inputs,
        )
    if _in_band(published, low, high, closed):
        return scored(
            published,
            w,
            lambda: f"{label()}；表中得分{fmt(published)}在区间内，予以采用",
            band=band,
            judged=True,
            inputs=inputs,
        )
    inputs["outside"] = True
    return scored(
        default,
        w,
        lambda: f"{label()}；表中得分{fmt(published)}不在区间内，按方案默认取{fmt(default)}分",
        band=band,
        judged=True,
        inputs=inputs,
    )
