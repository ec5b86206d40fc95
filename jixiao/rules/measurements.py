"""Measurement files (``kind: measurements``): the measured values of an evaluation report's
indicators, read for :func:`jixiao.rules.score_evaluation.score_evaluation` and checked against a scheme.

A measurement file (YAML/JSON)::

    kind: measurements
    scheme: qingdao-legal-aid-2022
    evaluation: 2022年度法律援助及12348热线项目支出财政绩效评价报告
    items:
      预算执行率:
        actual: 97.47%              # as the report states it
        actual_of: [368.89, 378.5]  # the amounts it comes from: used when given
        evidence: "预算执行率=(368.89/378.50)=97.47%"
        published: 1.75             # the table's score (optional)

Keys of an item: ``actual`` / ``previous`` (numbers or percentages), ``actual_of`` /
``previous_of`` (``[numerator, denominator]``: the value is computed from them and a stated
value that does not match it is noted), ``target``, ``checks`` (list of true/false/null),
``tier`` (a tier label or percentage), ``days_late``, ``met`` (true/false), ``unknown`` (true
when the report says the value cannot be established), ``evidence``, ``note``, ``published``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.model.names import normalise_name
from jixiao.numbers import places, rounded
from jixiao.rules.eval_rules import MEASURED, num, parse_amount, pct
from jixiao.rules.evaluation_schemes import EvaluationScheme
from jixiao.rules.schemefile import Node, SchemeError, load_tree

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Measurement:
    """The measured values of one indicator, ready for its rule (``values`` is ``RuleInput.measured``)."""

    name: str
    values: Mapping[str, Any]
    shown_actual: str  # a short display of what was measured
    evidence: str | None
    published: Decimal | None
    notes: tuple[str, ...]
    line: int | None
    given: frozenset[str] = frozenset()  # the keys the file gave


@dataclass(frozen=True, slots=True)
class Measurements:
    path: str
    scheme: str | None
    evaluation: str | None  # the title of the report measured
    items: tuple[Measurement, ...] = field(default=())

    def get(self, name: str) -> Measurement | None:
        for m in self.items:
            if m.name == name:
                return m
        return None

    def names(self, title: str | None) -> bool:
        """Whether the file's ``evaluation:`` line names the report titled ``title`` (equal, or one
        containing the other, once spaces and widths are folded)."""
        named, key = normalise_name(self.evaluation), normalise_name(title)
        return bool(named and key and (named == key or named in key or key in named))


def measurements_for(title: str | None, files: Iterable[Measurements]) -> Measurements | None:
    """The measurement file that names the report ``title``: an exact name first, else one naming it in part."""
    files = list(files)
    key = normalise_name(title)
    return next((m for m in files if normalise_name(m.evaluation) == key), None) or next(
        (m for m in files if m.names(title)), None
    )


_MEASURE_KEYS = (
    "actual",
    "actual_of",
    "previous",
    "previous_of",
    "target",
    "checks",
    "tier",
    "days_late",
    "met",
    "unknown",
    "evidence",
    "note",
    "published",
)


def load_measurements(path: str | Path, text: str | None = None) -> Measurements:
    """Read and validate a measurement file; a mistake raises :class:`SchemeError` (Chinese, with its line)."""
    tree = load_tree(path, text)
    tree.expect(dict)
    tree.only("kind", "scheme", "evaluation", "document", "items")
    kind = tree.get("kind").text()
    if kind != "measurements":
        raise tree.get("kind").error(f"此文件不是测量值文件（kind 应为 measurements，实际写的是“{kind}”）")
    scheme = _opt_text(tree.get("scheme", None))
    evaluation = _opt_text(tree.get("evaluation", None))
    items_node = tree.get("items")
    items_node.expect(dict)
    items = tuple(_measurement(name, node) for name, node in items_node.items())
    if not items:
        raise items_node.error("items 中没有任何指标的测量值")
    return Measurements(tree.path, scheme, evaluation, items)


def _measurement(name: str, node: Node) -> Measurement:
    if node.value is None:
        raise node.error(f"指标“{name}”没有测量值")
    node.expect(dict)
    node.only(*_MEASURE_KEYS)
    values: dict[str, Any] = {}
    notes: list[str] = []
    shown_parts: list[str] = []
    for key, label in (("actual", "本年度"), ("previous", "上年度")):
        value, text = _value_with_ratio(node, key, name, notes)
        if value is not None:
            values[key] = value
            shown_parts.append(text if key == "actual" else f"{label} {text}")
    target = node.get("target", None)
    if target.value is not None:
        values["target"] = _number(target)
        shown_parts.append(f"目标 {num(values['target'])}")
    checks = node.get("checks", None)
    if checks.value is not None:
        values["checks"] = tuple(_check(c) for c in checks.list())
        if not values["checks"]:
            raise checks.error(f"指标“{name}”的 checks 为空")
        shown_parts.append("".join(f"{_circled(i)}{_mark(v)}" for i, v in enumerate(values["checks"])))
    tier = node.get("tier", None)
    if tier.value is not None:
        is_label = isinstance(tier.value, str) and not tier.value.strip().endswith(("%", "％"))
        values["tier"] = tier.text().strip() if is_label else _share(tier)
        shown_parts.append(f"档次 {tier.value}")
    days = node.get("days_late", None)
    if days.value is not None:
        values["days_late"] = _number(days, allow_zero=True)
        shown_parts.append(f"延后 {num(values['days_late'])} 天")
    met = node.get("met", None, expect=bool)
    if met.value is not None:
        values["met"] = met.value
        shown_parts.append("达到" if met.value else "未达到")
    unknown = node.get("unknown", False, expect=bool).value
    evidence = _opt_text(node.get("evidence", None))
    if unknown:
        values["unknown"] = True
        values["unknown_reason"] = evidence or "报告称无法判定"
        shown_parts.append("无法判定")
    note = _opt_text(node.get("note", None))
    if note:
        notes.append(note)
    published_node = node.get("published", None)
    published = None if published_node.value is None else _number(published_node, allow_zero=True)
    return Measurement(
        name, values, "；".join(shown_parts), evidence, published, tuple(notes), node.line, frozenset(node.keys())
    )


def _value_with_ratio(node: Node, key: str, name: str, notes: list[str]) -> tuple[Decimal | None, str]:
    """``actual`` and/or ``actual_of``: the ratio wins when given; a stated value that differs is noted."""
    stated_node = node.get(key, None)
    ratio_node = node.get(f"{key}_of", None)
    stated = None if stated_node.value is None else _amount(stated_node)
    is_rate = isinstance(stated_node.value, str) and stated_node.value.strip().endswith(("%", "％"))
    if ratio_node.value is None:
        if stated is None:
            return None, ""
        return stated, pct(stated) if is_rate else num(stated)
    parts = ratio_node.list()
    if len(parts) != 2:
        raise ratio_node.error(f"“{ratio_node.key}”应为两个数 [分子, 分母]")
    a, b = (_number(p, allow_zero=True) for p in parts)
    if b == 0:
        raise parts[1].error(f"“{ratio_node.key}”的分母不能为0")
    value = a / b
    show_rate = is_rate or stated is None
    text = f"{num(a)}/{num(b)} = {pct(value) if show_rate else num(value)}"
    if stated is not None and rounded(value, places(stated)) != stated:  # at the printed decimals, half up
        said = stated_node.value
        notes.append(
            f"“{name}”：报告所述 {said} 与其依据 {num(a)}/{num(b)} = {pct(value) if is_rate else num(value)} "
            "不符，按依据计算"
        )
        text += f"（报告写 {said}）"
    return value, text


def _amount(node: Node) -> Decimal:
    if isinstance(node.value, str):
        value = parse_amount(node.value)
        if value is None:
            raise node.error(f"“{node.key}”应为数字或百分数，实际写的是“{node.value}”")
        return value
    return node.decimal()


def _number(node: Node, allow_zero: bool = False) -> Decimal:
    value = _amount(node)
    if value < 0 or (value == 0 and not allow_zero):
        raise node.error(f"“{node.key}”应为{'非负数' if allow_zero else '正数'}，实际是“{node.value}”")
    return value


def _share(node: Node) -> Decimal:
    value = _amount(node)
    if not ZERO <= value <= 1:
        raise node.error(f"“{node.key}”应在 0 到 100% 之间，实际是“{node.value}”")
    return value


def _check(node: Node) -> bool | None:
    if node.value is None:
        return None
    node.expect(bool)
    return bool(node.value)


def _circled(i: int) -> str:
    return chr(0x2460 + i) if 0 <= i < 20 else f"({i + 1})"


def _mark(v: bool | None) -> str:
    return "✓" if v is True else "✗" if v is False else "?"


def _opt_text(node: Node) -> str | None:
    if node.value is None:
        return None
    if isinstance(node.value, (int, Decimal)):
        return str(node.value)
    return node.text()


def check_measurements(scheme: EvaluationScheme, measurements: Measurements) -> None:
    """Every measured name is an indicator of the scheme and gives what its rule needs."""
    for m in measurements.items:
        item = scheme.item(m.name)
        if item is None:
            raise SchemeError(f"方案“{scheme.name}”中没有名为“{m.name}”的指标（请核对名称）", measurements.path, m.line)
        if m.values.get("unknown"):
            continue
        for options in MEASURED.get(item.rule, ()):
            if not any(k in m.values for k in options):
                wanted = "或".join(options)
                raise SchemeError(
                    f"指标“{m.name}”使用规则 {item.rule}，测量值中需要给出 {wanted}", measurements.path, m.line
                )
        expected = item.params.get("checks")
        given = m.values.get("checks")
        if expected and isinstance(given, tuple) and len(given) != len(expected):
            raise SchemeError(
                f"指标“{m.name}”有 {len(expected)} 个检查点，测量值 checks 给出了 {len(given)} 个",
                measurements.path,
                m.line,
            )
