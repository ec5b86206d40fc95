"""Monitoring rule sets as data: YAML files naming the light rules (lights.py) and their parameters.

Shipped presets live in ``jixiao/monitor/rulesets/*.yaml`` (``default``, ``sichuan``, ``henan``,
``zhengzhou``); ``load_ruleset("henan")`` loads a preset, a path loads that file. A file may say
``extends: NAME`` to start from another preset and replace whole top-level keys (``budget``,
``checkpoints``, ``extra`` …). Files are read with :mod:`jixiao.rules.schemefile`, so every mistake
raises a :class:`SchemeError` whose text names the file and line in Chinese. The format is
documented in docs/monitoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.monitor.lights import LIGHT_RULES
from jixiao.monitor.model import Checkpoint, Light, Likelihood
from jixiao.rules.schemefile import Node, SchemeError, load_tree

RULESET_DIR = Path(__file__).parent / "rulesets"
REQUIRE = ("causes", "explanation", "measures")
_LIGHT_NAMES = tuple(str(x) for x in Light if x is not Light.NONE)
_TIER_WORDS = ("red", "yellow", "green")

# parameters each rule accepts, and how to read them
_BANDS = ("red_below", "yellow_below")
PARAMS: dict[str, tuple[str, ...]] = {
    "time-progress": _BANDS,
    "spending-plan": (*_BANDS, "on_inconsistent"),
    "cumulative-thresholds": ("thresholds", "light"),
    "prorated-target": (*_BANDS, "blue_from", "prorate_shares"),
    "within-range": _TIER_WORDS,
    "tier": _TIER_WORDS,
    "progress-gap": ("max_gap", "light"),
}


@dataclass(frozen=True, slots=True)
class RuleRef:
    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ruleset:
    name: str
    title: str
    basis: str
    checkpoints: tuple[Checkpoint, ...]  # empty: any month
    budget: RuleRef
    positive: RuleRef
    reverse: RuleRef
    range: RuleRef
    qualitative: RuleRef
    range_classes: tuple[str, ...]
    progress_classes: tuple[str, ...]
    extra: tuple[RuleRef, ...]
    explain_lights: frozenset[Light]
    explain_likelihoods: frozenset[Likelihood]
    require: tuple[str, ...]
    path: str

    def checkpoint(self, month: int) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.month == month), None)


def ruleset_names() -> list[str]:
    return sorted(p.stem for p in RULESET_DIR.glob("*.yaml"))


def load_ruleset(name_or_path: str | Path = "default", text: str | None = None) -> Ruleset:
    """A preset by name, or a rule-set file; raises :class:`SchemeError` (Chinese, with line)."""
    return _load(name_or_path, text, seen=())


def _resolve(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix.lower() in (".yaml", ".yml", ".json") or candidate.exists():
        return candidate
    preset = RULESET_DIR / f"{name_or_path}.yaml"
    if not preset.exists():
        usable = "、".join(ruleset_names())
        raise SchemeError(f"没有名为“{name_or_path}”的监控规则集（可用：{usable}）", str(name_or_path))
    return preset


def _load(name_or_path: str | Path, text: str | None, seen: tuple[str, ...]) -> Ruleset:
    path = _resolve(name_or_path) if text is None else Path(name_or_path)
    tree = load_tree(path, text)
    allowed = ("extends", "name", "title", "basis", "checkpoints", "budget", "indicators", "extra", "explanation")
    tree.only(*allowed)
    nodes: dict[str, Node] = {}
    base = tree.get("extends", None)
    if base.value is not None:
        base_name = base.text()
        if base_name in seen:
            raise base.error(f"规则集继承形成循环：{' → '.join((*seen, base_name))}")
        base_path = _resolve(base_name)
        nodes.update(dict(load_tree(base_path).items()))
        _load(base_name, None, (*seen, base_name))  # validates the base on its own
    nodes.update(dict(tree.items()))
    nodes.pop("extends", None)
    return _build(nodes, tree)


def _need(nodes: dict[str, Node], key: str, tree: Node) -> Node:
    if key not in nodes:
        raise tree.error(f"缺少必填项“{key}”")
    return nodes[key]


def _build(nodes: dict[str, Node], tree: Node) -> Ruleset:
    name = _need(nodes, "name", tree).text()
    title = nodes["title"].text() if "title" in nodes else name
    basis = nodes["basis"].text() if "basis" in nodes else ""
    checkpoints = tuple(_checkpoint(n) for n in _need(nodes, "checkpoints", tree).list())
    budget = _rule(_need(nodes, "budget", tree), "budget")
    ind = _need(nodes, "indicators", tree)
    ind.only("range_classes", "progress_classes", "positive", "reverse", "range", "qualitative")
    extra = tuple(_rule(n, "report") for n in nodes["extra"].list()) if "extra" in nodes else ()
    explain = _need(nodes, "explanation", tree)
    explain.only("lights", "likelihoods", "require")
    return Ruleset(
        name=name,
        title=title,
        basis=basis,
        checkpoints=checkpoints,
        budget=budget,
        positive=_rule(ind.get("positive"), "indicator"),
        reverse=_rule(ind.get("reverse"), "indicator"),
        range=_rule(ind.get("range"), "indicator"),
        qualitative=_rule(ind.get("qualitative"), "indicator"),
        range_classes=tuple(n.text() for n in ind.get("range_classes").list()),
        progress_classes=tuple(n.text() for n in ind.get("progress_classes").list()),
        extra=extra,
        explain_lights=frozenset(Light(n.choice(*_LIGHT_NAMES)) for n in explain.get("lights").list()),
        explain_likelihoods=frozenset(
            Likelihood(n.choice(*(str(x) for x in Likelihood))) for n in explain.get("likelihoods").list()
        ),
        require=tuple(n.choice(*REQUIRE) for n in explain.get("require").list()),
        path=tree.path,
    )


def _checkpoint(node: Node) -> Checkpoint:
    node.only("month", "label")
    month_node = node.get("month", expect=int)
    month = int(month_node.value)
    if not 1 <= month <= 12:
        raise month_node.error(f"“{month_node.key}”应在1至12之间，实际写的是“{month}”")
    label = node.get("label", f"{month}月底").text()
    return Checkpoint(month, label)


def _rule(node: Node, scope: str) -> RuleRef:
    rule_node = node.get("rule", expect=str)
    name = rule_node.text()
    rule = LIGHT_RULES.get(name)
    if rule is None or rule.scope != scope:
        usable = [r.name for r in LIGHT_RULES.values() if r.scope == scope]
        raise rule_node.error(f"“{name}”不是可用的规则（此处可用：{'、'.join(usable)}）")
    node.only("rule", *PARAMS.get(name, ()))
    params: dict[str, Any] = {}
    for key, child in node.items():
        if key == "rule":
            continue
        params[key] = _param(name, key, child)
    _check_bands(node, params)
    return RuleRef(name, params)


def _param(rule: str, key: str, child: Node) -> Any:
    if key in ("red_below", "yellow_below", "blue_from", "max_gap"):
        value = child.decimal()
        if value < 0:
            raise child.error(f"“{child.key}”不能为负数，实际写的是“{value}”")
        return value
    if key == "prorate_shares":
        return child.expect(bool).value
    if key == "on_inconsistent":
        return child.choice("time-progress", "envelope")
    if key == "light":
        return child.choice(*_LIGHT_NAMES)
    if key in _TIER_WORDS:
        return tuple(n.text() for n in child.list())
    if key == "thresholds":
        out: dict[int, Decimal] = {}
        for month, value in child.items():
            if not month.isdigit() or not 1 <= int(month) <= 12:
                raise value.error(f"门槛的月份“{month}”应为1至12的整数")
            out[int(month)] = value.decimal()
        return out
    raise child.error(f"规则“{rule}”不接受参数“{key}”")  # pragma: no cover - only() rejects it first


def _check_bands(node: Node, params: dict[str, Any]) -> None:
    order = [params[k] for k in ("red_below", "yellow_below", "blue_from") if k in params]
    if order != sorted(order):
        raise node.error("阈值应满足 red_below ≤ yellow_below ≤ blue_from")
