"""Self-evaluation (绩效自评) scoring rules, registered by name with :func:`~jixiao.rules.registry.rule`.

Every rule is ``fn(item: RuleInput, **params) -> RuleResult`` and never raises on odd input:
what cannot be computed (a target that is prose, an actual "未安排", units that do not match)
falls back to :func:`not_computable`, which accepts the form's own score when it lies in
``[0, w]`` (``judged=True``) and says why in Chinese.

Comparing a target (A) with an actual (B) is done once, by :func:`compare`:

* shares compare as fractions (``ratio``): "≥90%" vs "90%", "≥0.85" vs "85%";
* an actual written as a bare number takes the target's unit ("≥3 次" vs "4"), and a bare
  target takes the actual's unit; other units must be equal (年 ↔ 个月 convert, 天 = 日);
* an actual written with a sign ("≥95%") is read as its number and the working says so;
* a negative actual counts as 0 (vendor practice, rules.md §1.8).

The formulas (w = 分值, A = 年度指标值, B = 实际完成值), rules.md §1.5, §1.8, §2.7:

* ``positive`` (≥, >): ``w·min(B/A, 1)``; A ≤ 0 → w when B ≥ A.
* ``reverse`` (≤, <): ``formula: ratio`` → ``w·min(A/B, 1)`` (as printed on the seed's forms);
  ``formula: linear`` → B ≤ A: w; A < B < 2A: ``w·(1 − (B−A)/A)``; B ≥ 2A: 0.
* ``equal`` (= or no sign): like positive; A = 0 → w if B ≤ 0 else 0.
* ``threshold`` (101号): completion c = B/A (A/B for a reverse target); c < 60% → 0, else
  ``(c − 60%)/40% × w``, capped at w.
* ``satisfaction-bands`` (101号): the actual share against bands (≥90% → 100% of w …).
* ``deadline`` (时效 dates): on or before the target date → w; later → 0 (or a deduction per day).
* ``qualitative-tiers``: the tier is inferred from the actual text
  (:func:`jixiao.rules.tier_rules.infer_tier`); the form's score is accepted when it lies in that
  tier's band, otherwise the tier's default applies.
* ``execution-rate`` / ``execution-tiered``: the 预算执行率 score from the form's amounts.

``deadline`` and ``qualitative-tiers`` live in :mod:`jixiao.rules.tier_rules`, the execution rules in
:mod:`jixiao.rules.execution_rules`; their parameters are listed here (:data:`RULE_PARAMS`).

Positive and equal rules take the over-performance parameters (``over_performance``:
``none`` | ``explain`` | ``deduct``, ``over_threshold``, ``over_rate``); a note for the item
is returned in ``inputs["note"]``. Every score is capped to ``[0, w]`` (注1 of the form:
"得分一档最高不能超过该指标分值上限").

A working that formats numbers is handed back as a function that writes it
(``RuleResult.working``), so it costs nothing until ``RuleResult.explanation`` is read; the
values it shows are final when the function is made (no name it reads is assigned again).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any

from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.numbers import plain
from jixiao.rules.registry import RuleInput, RuleResult, rule

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
OVER_THRESHOLD = Decimal("1.3")  # over-performance is looked at from 130% of the target (注4)

REVERSE = (Comparison.LE, Comparison.LT)
POSITIVE = (Comparison.GE, Comparison.GT)

DEFAULT_SATISFACTION_BANDS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal("0.9"), ONE),
    (Decimal("0.8"), Decimal("0.8")),
    (Decimal("0.6"), Decimal("0.5")),
    (ZERO, ZERO),
)


# -- parameters each rule accepts (used by the scheme validator) ---------------------------------------


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a rule: ``kind`` is "choice", "decimal", "bool" or "list"."""

    kind: str
    choices: tuple[str, ...] = ()
    default: Any = None


_OVER = {
    "over_performance": Param("choice", ("none", "explain", "deduct"), "none"),
    "over_threshold": Param("decimal", default=OVER_THRESHOLD),
    "over_rate": Param("decimal", default=ONE),
}
RULE_PARAMS: dict[str, dict[str, Param]] = {
    "execution-rate": {"base": Param("choice", ("adjusted", "initial"), "adjusted")},
    "execution-tiered": {
        "base": Param("choice", ("adjusted", "initial"), "adjusted"),
        "completed": Param("choice", ("auto", "yes", "no"), "auto"),
    },
    "positive": dict(_OVER),
    "equal": dict(_OVER),
    "reverse": {"formula": Param("choice", ("ratio", "linear"), "ratio")},
    "threshold": {"floor": Param("decimal", default=Decimal("0.6"))},
    "satisfaction-bands": {"bands": Param("list")},
    "deadline": {"late": Param("choice", ("zero", "per-day"), "zero"), "per_day": Param("decimal", default=ZERO)},
    "qualitative-tiers": {"tiers": Param("list")},
    "accept-published": {},
}


# -- numbers for the working ---------------------------------------------------------------------------


def fmt(value: Decimal | None, places: int = 4) -> str:
    """A number for an explanation: at most ``places`` decimals, no trailing zeros; None → ``—``."""
    return plain(value, places, missing="—")


_DIVISION = Context(prec=34)  # the default context (half-even rounding, the usual traps) at 34 digits


def div(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` to 34 significant digits."""
    return _DIVISION.divide(a, b)


def cap(score: Decimal, weight: Decimal) -> Decimal:
    """The form's 注1: a score never exceeds the item's 分值, and is never below 0."""
    if ZERO <= score <= weight:  # the usual case, and the same object as below
        return score
    upper = max(weight, ZERO)
    return min(max(score, ZERO), upper)


def scored(score: Decimal, weight: Decimal, working: str | Callable[[], str], **kw: Any) -> RuleResult:
    return RuleResult(cap(score, weight), working, **kw)


def not_computable(item: RuleInput, reason: str) -> RuleResult:
    """No formula applies: accept the form's score when it lies in [0, w], and say why."""
    w = item.weight
    band = (ZERO, max(w, ZERO))
    published = item.published
    if published is None:
        return RuleResult(
            ZERO, f"{reason}，且表中无得分，按0分计", band=band, judged=True, inputs={"uncomputable": True}
        )
    if ZERO <= published <= w:
        return RuleResult(published, f"{reason}，采用表中得分", band=band, judged=True, inputs={"uncomputable": True})
    return RuleResult(
        cap(published, w),
        lambda: f"{reason}；表中得分{fmt(published)}超出分值范围[0, {fmt(w)}]，按范围截取",
        band=band,
        judged=True,
        inputs={"uncomputable": True},
    )


# -- comparing a target with an actual ----------------------------------------------------------------

_UNIT_ALIASES = {"个月": "月", "日": "天", "％": "%"}
_TO_MONTHS = {"年": Decimal(12), "月": ONE}


@dataclass(frozen=True, slots=True)
class Pair:
    """A and B on one scale, with the unit used and remarks for the working."""

    a: Decimal
    b: Decimal
    unit: str | None
    remarks: tuple[str, ...] = ()

    def describe(self) -> str:
        unit = "" if self.unit in (None, "%") else self.unit
        if self.unit == "%":
            text = f"A = {fmt(self.a * HUNDRED)}%，B = {fmt(self.b * HUNDRED)}%"
        else:
            text = f"A = {fmt(self.a)}{unit}，B = {fmt(self.b)}{unit}"
        return text + "".join(f"（{r}）" for r in self.remarks)


def _numeric(value: TargetValue) -> bool:
    return value.kind in (ValueKind.NUMBER, ValueKind.DURATION) and value.number is not None


def _unit(value: TargetValue) -> str | None:
    unit = (value.unit or "").strip()
    return _UNIT_ALIASES.get(unit, unit) or None


def compare(target: TargetValue | None, actual: TargetValue | None) -> Pair | str:
    """A and B as comparable numbers, or a Chinese reason why they are not comparable."""
    if target is None or target.kind == ValueKind.EMPTY:
        return "年度指标值为空，无法按公式计算"
    if actual is None or actual.kind == ValueKind.EMPTY:
        return "实际完成值为空，无法按公式计算"
    if not _numeric(target):
        return f"年度指标值“{target.raw}”不是数值，无法按公式计算"
    if not _numeric(actual):
        return f"实际完成值“{actual.raw}”不是数值，无法按公式计算"
    remarks: list[str] = []
    if actual.comparison is not None:
        remarks.append(f"实际完成值带比较符“{actual.comparison}”，按其数值计")
    pair = _scaled(target, actual, remarks)
    if isinstance(pair, str):
        return pair
    if pair.b < 0:
        pair = Pair(pair.a, ZERO, pair.unit, (*pair.remarks, "实际完成值为负数，按0计"))
    return pair


def _scaled(target: TargetValue, actual: TargetValue, remarks: list[str]) -> Pair | str:
    assert target.number is not None and actual.number is not None
    tu, au = _unit(target), _unit(actual)
    if target.ratio is not None and actual.ratio is not None:
        return Pair(target.ratio, actual.ratio, "%", tuple(remarks))
    if au is None and actual.ratio is None:
        if target.ratio is not None:
            b = div(actual.number, HUNDRED) if tu == "%" else actual.number
            remarks.append("实际完成值未写单位，按年度指标值的单位计")
            return Pair(target.ratio, b, "%", tuple(remarks))
        if tu is not None:
            remarks.append(f"实际完成值未写单位，按年度指标值的单位“{tu}”计")
        return Pair(target.number, actual.number, tu, tuple(remarks))
    if tu is None and target.ratio is None:
        if actual.ratio is not None:
            a = div(target.number, HUNDRED) if au == "%" else target.number
            remarks.append("年度指标值未写单位，按实际完成值的单位计")
            return Pair(a, actual.ratio, "%", tuple(remarks))
        remarks.append(f"年度指标值未写单位，按实际完成值的单位“{au}”计")
        return Pair(target.number, actual.number, au, tuple(remarks))
    if tu == au:
        return Pair(target.number, actual.number, tu, tuple(remarks))
    if tu in _TO_MONTHS and au in _TO_MONTHS:
        remarks.append("年、月已换算为月")
        return Pair(target.number * _TO_MONTHS[tu], actual.number * _TO_MONTHS[au], "月", tuple(remarks))
    shown_tu = "%" if target.ratio is not None and tu is None else tu
    shown_au = "%" if actual.ratio is not None and au is None else au
    return f"单位不一致（年度指标值为“{shown_tu or '无单位'}”，实际完成值为“{shown_au or '无单位'}”），无法按公式计算"


# -- quantitative rules --------------------------------------------------------------------------------


def _over_performance(
    score: Decimal, item: RuleInput, pair: Pair, params: Mapping[str, Any]
) -> tuple[Decimal, str, str | None]:
    """Apply the over-performance parameter; return (score, extra working, note)."""
    mode = params.get("over_performance", "none")
    threshold = Decimal(params.get("over_threshold", OVER_THRESHOLD))
    if mode == "none" or pair.a <= 0:
        return score, "", None
    ratio = div(pair.b, pair.a)
    if ratio < threshold:
        return score, "", None
    deviation_text = (item.measured.get("deviation") or "").strip()
    if mode == "explain":
        if deviation_text:
            return score, "", None
        note = f"实际完成值为目标的{fmt(ratio * HUNDRED, 2)}%（≥{fmt(threshold * HUNDRED, 2)}%），未填写偏差原因分析"
        return score, "", note
    rate = Decimal(params.get("over_rate", ONE))
    cut = (ratio - threshold) * rate * item.weight
    new = max(score - cut, ZERO)
    working = (
        f"；超额完成：B/A = {fmt(ratio)} 超过 {fmt(threshold)}，扣减 ({fmt(ratio)} − {fmt(threshold)}) × {fmt(rate)} × "
        f"{fmt(item.weight)} = {fmt(cut)}"
    )
    note = f"实际完成值为目标的{fmt(ratio * HUNDRED, 2)}%，按偏离度扣减{fmt(cut, 2)}分"
    return new, working, note


def _with_note(inputs: dict[str, Any], note: str | None) -> dict[str, Any]:
    if note:
        inputs["note"] = note
    return inputs


def _inputs(pair: Pair) -> dict[str, Any]:
    return {"A": pair.a, "B": pair.b, "unit": pair.unit}


def _share_working(name: str, pair: Pair, w: Decimal, share: Decimal | None, score: Decimal, otherwise: str) -> str:
    """The working of ``w·min(B/A, 1)`` (``share``), or of the ``otherwise`` case when no share was taken."""
    if share is None:
        return f"{name}：{pair.describe()}，{otherwise}"
    return f"{name}：{pair.describe()}，得分 = {fmt(w)} × B/A（大于1按1计）= {fmt(w)} × {fmt(share)} = {fmt(score)}"


@rule("positive", "正向指标（按完成比例）")
def positive(item: RuleInput, **params: Any) -> RuleResult:
    """正向指标 (≥, >): ``w·min(B/A, 1)``."""
    pair = compare(item.target, item.actual)
    if isinstance(pair, str):
        return not_computable(item, pair)
    w = item.weight
    if pair.a <= 0:
        share, base = None, (w if pair.b >= pair.a else ZERO)
    else:
        share = min(div(pair.b, pair.a), ONE)
        base = w * share
    score, extra, note = _over_performance(base, item, pair, params)
    return scored(
        score,
        w,
        lambda: _share_working("正向指标", pair, w, share, base, "目标不大于0，B ≥ A 得满分") + extra,
        inputs=_with_note(_inputs(pair), note),
    )


@rule("equal", "等值指标")
def equal(item: RuleInput, **params: Any) -> RuleResult:
    """等于指标 (= or no sign): like positive; A = 0 → w if B ≤ 0 else 0."""
    pair = compare(item.target, item.actual)
    if isinstance(pair, str):
        return not_computable(item, pair)
    w = item.weight
    if pair.a == 0:
        score = w if pair.b <= 0 else ZERO
        return scored(
            score, w, lambda: f"等值指标：{pair.describe()}，目标为0，B ≤ 0 得满分，否则0分", inputs=_inputs(pair)
        )
    if pair.a < 0:
        share, base = None, (w if pair.b >= pair.a else ZERO)
    else:
        share = min(div(pair.b, pair.a), ONE)
        base = w * share
    score, extra, note = _over_performance(base, item, pair, params)
    return scored(
        score,
        w,
        lambda: _share_working("等值指标", pair, w, share, base, "B ≥ A 得满分") + extra,
        inputs=_with_note(_inputs(pair), note),
    )


@rule("reverse", "反向指标")
def reverse(item: RuleInput, formula: str = "ratio", **_: Any) -> RuleResult:
    """反向指标 (≤, <): ``ratio`` → ``w·min(A/B, 1)``; ``linear`` → down to 0 at B = 2A."""
    pair = compare(item.target, item.actual)
    if isinstance(pair, str):
        return not_computable(item, pair)
    w, a, b = item.weight, pair.a, pair.b
    if b <= a:
        return scored(w, w, lambda: f"反向指标：{pair.describe()}，B ≤ A 得满分", inputs=_inputs(pair))
    if a <= 0:
        return scored(
            ZERO, w, lambda: f"反向指标：{pair.describe()}，目标不大于0而B超过目标，0分", inputs=_inputs(pair)
        )
    if formula == "linear":
        if b >= 2 * a:
            return scored(ZERO, w, lambda: f"反向指标（线性）：{pair.describe()}，B ≥ 2A，0分", inputs=_inputs(pair))
        share = ONE - div(b - a, a)
        score = w * share
        return scored(
            score,
            w,
            lambda: (
                f"反向指标（线性）：{pair.describe()}，得分 = "
                f"{fmt(w)} × (1 − (B−A)/A) = {fmt(w)} × {fmt(share)} = {fmt(score)}"
            ),
            inputs=_inputs(pair),
        )
    share = min(div(a, b), ONE)
    score = w * share
    return scored(
        score,
        w,
        lambda: (
            f"反向指标：{pair.describe()}，得分 = {fmt(w)} × A/B（大于1按1计）= {fmt(w)} × {fmt(share)} = {fmt(score)}"
        ),
        inputs=_inputs(pair),
    )


@rule("threshold", "达到下限比例计分")
def threshold(item: RuleInput, floor: Decimal | str = Decimal("0.6"), **_: Any) -> RuleResult:
    """101号 比例+门槛: completion c < floor → 0; else ``(c − floor)/(1 − floor) × w``, capped at w."""
    pair = compare(item.target, item.actual)
    if isinstance(pair, str):
        return not_computable(item, pair)
    w, a, b, floor = item.weight, pair.a, pair.b, Decimal(floor)
    is_reverse = item.target is not None and item.target.comparison in REVERSE
    if a <= 0:
        met = b <= a if (is_reverse or a == 0) else b >= a
        score = w if met else ZERO
        return scored(
            score,
            w,
            lambda: f"门槛法：{pair.describe()}，目标不大于0，{'达到' if met else '未达到'}目标",
            inputs=_inputs(pair),
        )
    if is_reverse:
        completion = ONE if b <= a else div(a, b)
        how = "完成率 = A/B（大于1按1计）"
    else:
        completion = min(div(b, a), ONE)
        how = "完成率 = B/A（大于1按1计）"
    if completion < floor:
        return scored(
            ZERO,
            w,
            lambda: f"门槛法：{pair.describe()}，{how} = {fmt(completion)}，低于{fmt(floor * HUNDRED)}%，0分",
            inputs={**_inputs(pair), "completion": completion},
        )
    share = div(completion - floor, ONE - floor) if floor < ONE else ONE
    score = w * min(share, ONE)
    return scored(
        score,
        w,
        lambda: (
            f"门槛法：{pair.describe()}，{how} = {fmt(completion)}，得分 = ({fmt(completion)} − {fmt(floor)}) ÷ "
            f"{fmt(ONE - floor)} × {fmt(w)} = {fmt(score)}"
        ),
        inputs={**_inputs(pair), "completion": completion},
    )


def share_of(actual: TargetValue | None, target: TargetValue | None) -> Decimal | None:
    """The actual as a share (satisfaction rate), taking the target's % when the actual is bare."""
    if actual is None or not _numeric(actual):
        return None
    if actual.ratio is not None:
        return actual.ratio
    if _unit(actual) is None and target is not None and target.ratio is not None and _unit(target) == "%":
        assert actual.number is not None
        return div(actual.number, HUNDRED)
    return None


@rule("satisfaction-bands", "满意度分档计分")
def satisfaction_bands(item: RuleInput, bands: Sequence[Any] = (), **_: Any) -> RuleResult:
    """101号 满意度: the actual share against bands ``[(min share, score share), …]`` (highest first)."""
    table = bands_from(bands) or DEFAULT_SATISFACTION_BANDS
    share = share_of(item.actual, item.target)
    if share is None:
        if item.actual is None or item.actual.kind == ValueKind.EMPTY:
            return not_computable(item, "实际完成值为空，无法按满意度分档计算")
        return not_computable(item, f"实际完成值“{item.actual.raw}”不是满意度比例，无法按满意度分档计算")
    w = item.weight
    band = next(((low, part) for low, part in table if share >= low), None)
    if band is None:
        return scored(
            ZERO, w, lambda: f"满意度分档：实际 {fmt(share * HUNDRED, 2)}% 低于最低档，0分", inputs={"B": share}
        )
    low, part = band
    score = w * part
    return scored(
        score,
        w,
        lambda: (
            f"满意度分档：实际 {fmt(share * HUNDRED, 2)}% ≥ {fmt(low * HUNDRED, 2)}%，"
            f"得分 = {fmt(w)} × {fmt(part)} = {fmt(score)}"
        ),
        inputs={"B": share},
    )


def bands_from(bands: Sequence[Any]) -> tuple[tuple[Decimal, Decimal], ...]:
    """A scheme's satisfaction bands as ``(min share, score share)``, highest first."""
    out = []
    for band in bands or ():
        if isinstance(band, Mapping):
            out.append((Decimal(band["min"]), Decimal(band["share"])))
        else:
            low, part = band
            out.append((Decimal(low), Decimal(part)))
    return tuple(sorted(out, key=lambda b: b[0], reverse=True))


@rule("accept-published", "采用表中得分")
def accept_published(item: RuleInput, **_: Any) -> RuleResult:
    """No formula: the form's score is accepted when it lies in [0, w]."""
    return not_computable(item, "方案未规定计算公式")
