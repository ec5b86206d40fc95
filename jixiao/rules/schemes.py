"""Self-evaluation schemes (自评评分方案): the data model, the loader and its validator.

A scheme is a YAML (or JSON) file that users may write themselves; docs/schemes.md describes
the format with an annotated example. :func:`load_scheme` finds a scheme by name among the
shipped files (``jixiao/schemes/NAME.yaml``) or reads a path, then dispatches on ``kind:``:
``self`` is read here into a :class:`SelfScheme`; ``evaluation`` is handed to
:func:`jixiao.rules.evaluation_schemes.load_evaluation_scheme`.

Validation goes through :mod:`jixiao.rules.schemefile`, so every mistake is a
:class:`~jixiao.rules.schemefile.SchemeError` whose text is "path 第N行：中文说明": unknown keys,
missing keys, unknown rule names, parameters that are not numbers or not one of the allowed
words, weight sets that do not add up to 100, bands out of order.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.model.grades import GradeBand, GradeBands
from jixiao.rules import execution_rules, self_rules, tier_rules  # noqa: F401  (they register their rules on import)
from jixiao.rules.registry import RULES
from jixiao.rules.schemefile import Node, SchemeError, load_tree

__all__ = [
    "DEFAULT_SELF_SCHEME",
    "DEPARTMENT_SELF_SCHEME",
    "EXECUTION",
    "INDICATOR_TYPES",
    "GradeBand",
    "OverPerformance",
    "RuleSpec",
    "SchemeError",
    "SelfScheme",
    "WeightSet",
    "load_scheme",
    "parse_self_scheme",
    "shipped_schemes",
    "shipped_self_scheme",
]

DEFAULT_SELF_SCHEME = "mof-2020-10"  # 财预〔2020〕10号: forms are scored and checked under it unless told
DEPARTMENT_SELF_SCHEME = "mof-2020-10-department"  # a 部门整体支出绩效自评表 is scored under it unless told
EXECUTION = "预算执行率"  # the key of the budget-execution weight in a weight set
INDICATOR_TYPES = ("positive", "reverse", "equal", "qualitative", "date")
OVER_MODES = {"none": "none", "explain-at-130": "explain", "explain": "explain", "deduct": "deduct"}
TOP_KEYS = (
    "name",
    "title",
    "kind",
    "source",
    "description",
    "weights",
    "execution",
    "indicators",
    "level1",
    "over_performance",
    "rounding",
    "grades",
)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule named in the scheme and its parameters (already validated)."""

    rule: str
    params: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True, slots=True)
class WeightSet:
    """One set of 一级 weights: {"预算执行率": 10, "产出指标": 50, …}."""

    name: str
    weights: Mapping[str, Decimal]

    @property
    def level1(self) -> frozenset[str]:
        return frozenset(k for k in self.weights if k != EXECUTION)


@dataclass(frozen=True, slots=True)
class OverPerformance:
    mode: str  # "none" | "explain" | "deduct"
    threshold: Decimal = Decimal("1.3")  # B/A at or above which it applies
    rate: Decimal = Decimal(1)  # share of w deducted per unit of B/A beyond the threshold (deduct)

    def params(self) -> dict[str, Any]:
        return {"over_performance": self.mode, "over_threshold": self.threshold, "over_rate": self.rate}


@dataclass(frozen=True, slots=True)
class SelfScheme:
    name: str
    title: str
    source: str
    path: str
    weight_sets: tuple[WeightSet, ...]
    execution: RuleSpec
    indicators: Mapping[str, RuleSpec]  # by indicator type: positive / reverse / equal / qualitative / date
    level1: Mapping[str, RuleSpec]  # by 一级 name, overriding the type (满意度指标 → satisfaction-bands)
    over_performance: OverPerformance
    rounding: int
    grades: GradeBands  # highest first
    description: str = ""
    kind: str = "self"

    def grade(self, total: Decimal) -> str | None:
        return self.grades.grade(total)

    def weight_set_for(self, level1_names: set[str]) -> WeightSet:
        """The set whose 一级 names match the form's; else the closest (fewest differences, file order)."""
        wanted = frozenset(normalize_level1(n) for n in level1_names if n)
        best = self.weight_sets[0]
        best_gap = None
        for ws in self.weight_sets:
            have = frozenset(normalize_level1(n) for n in ws.level1)
            gap = len(have ^ wanted)
            if best_gap is None or gap < best_gap:
                best, best_gap = ws, gap
        return best


def normalize_level1(name: str) -> str:
    """ "产出 指标" / "产出指标" / "产出" all read as "产出"."""
    text = "".join(name.split())
    return text[:-2] if text.endswith("指标") and len(text) > 2 else text


# -- loading --------------------------------------------------------------------------------------------


def shipped_schemes() -> list[str]:
    """Names of the schemes shipped in jixiao/schemes/."""
    folder = resources.files("jixiao") / "schemes"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@functools.lru_cache(maxsize=8)
def shipped_self_scheme(name: str = DEFAULT_SELF_SCHEME) -> SelfScheme | None:
    """A shipped self-evaluation scheme, loaded once; None when it cannot be loaded (a broken
    scheme file is the scheme checker's business: the checks that need it are skipped)."""
    try:
        scheme = load_scheme(name)
    except Exception:
        return None
    return scheme if isinstance(scheme, SelfScheme) else None


def load_scheme(name_or_path: str | Path, text: str | None = None) -> Any:
    """A scheme by shipped name ("mof-2020-10") or by path; ``text`` parses that text as the file.

    ``kind: self`` → :class:`SelfScheme`; ``kind: evaluation`` → the evaluation scheme model.
    Raises :class:`SchemeError` (Chinese, with the line) on any mistake.
    """
    tree = _tree(name_or_path, text)
    kind = tree.get("kind").choice("self", "evaluation")
    if kind == "evaluation":
        from jixiao.rules.evaluation_schemes import load_evaluation_scheme

        return load_evaluation_scheme(tree)
    return parse_self_scheme(tree)


def _tree(name_or_path: str | Path, text: str | None) -> Node:
    if text is not None:
        return load_tree(str(name_or_path), text)
    as_text = str(name_or_path)
    path = Path(as_text)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists() or "/" in as_text:
        return load_tree(path)
    shipped = resources.files("jixiao") / "schemes" / f"{as_text}.yaml"
    if not shipped.is_file():
        raise SchemeError(f"未找到评分方案“{as_text}”（内置方案：{'、'.join(shipped_schemes())}）", as_text)
    return load_tree(f"jixiao/schemes/{as_text}.yaml", shipped.read_text(encoding="utf-8"))


def parse_self_scheme(tree: Node) -> SelfScheme:
    """Validate a parsed ``kind: self`` file and build the :class:`SelfScheme`."""
    tree.only(*TOP_KEYS)
    if tree.get("kind").choice("self", "evaluation") != "self":
        raise tree.get("kind").error("此处只能读取自评方案（kind: self）")
    rounding = tree.get("rounding", 2, expect=int)
    if not 0 <= rounding.value <= 10:
        raise rounding.error(f"“rounding”应为0到10之间的整数，实际写的是“{rounding.value}”")
    indicators = tree.get("indicators")
    indicators.only(*INDICATOR_TYPES)
    level1 = tree.get("level1", {})
    return SelfScheme(
        name=tree.get("name").text(),
        title=tree.get("title").text(),
        source=tree.get("source").text(),
        description=tree.get("description", "").text(),
        path=tree.path,
        weight_sets=_weight_sets(tree.get("weights")),
        execution=_rule_spec(tree.get("execution")),
        indicators={t: _rule_spec(indicators.get(t)) for t in INDICATOR_TYPES},
        level1={normalize_level1(k): _rule_spec(node) for k, node in _mapping(level1).items()},
        over_performance=_over_performance(tree.get("over_performance", "none")),
        rounding=int(rounding.value),
        grades=_grades(tree.get("grades")),
    )


def _mapping(node: Node) -> Node:
    node.expect(dict)
    return node


def _weight_sets(node: Node) -> tuple[WeightSet, ...]:
    _mapping(node)
    if not node.keys():
        raise node.error("“weights”至少应有一组权重")
    sets = []
    for name, weights in node.items():
        _mapping(weights)
        values: dict[str, Decimal] = {}
        for key, value in weights.items():
            number = value.decimal()
            if number < 0:
                raise value.error(f"权重“{value.key}”不能为负数")
            values[key] = number
        if EXECUTION not in values:
            raise weights.error(f"权重组“{name}”缺少“{EXECUTION}”")
        total = sum(values.values(), Decimal(0))
        if total != 100:
            raise weights.error(f"权重组“{name}”合计为{self_rules.fmt(total)}，应为100")
        sets.append(WeightSet(name, values))
    return tuple(sets)


def _over_performance(node: Node) -> OverPerformance:
    if isinstance(node.value, str):
        return OverPerformance(OVER_MODES[node.choice(*OVER_MODES)])
    _mapping(node)
    node.only("mode", "threshold", "rate")
    mode = OVER_MODES[node.get("mode").choice(*OVER_MODES)]
    threshold = node.get("threshold", Decimal("1.3")).decimal()
    rate = node.get("rate", Decimal(1)).decimal()
    if threshold <= 1:
        raise node.get("threshold").error(f"“threshold”应大于1（如1.3表示超出目标30%），实际写的是“{threshold}”")
    if rate < 0:
        raise node.get("rate").error("“rate”不能为负数")
    return OverPerformance(mode, threshold, rate)


def _grades(node: Node) -> GradeBands:
    bands = []
    previous: Decimal | None = None
    for item in node.list():
        _mapping(item)
        item.only("grade", "min")
        low = item.get("min").decimal()
        if previous is not None and low >= previous:
            raise item.error(f"等级区间顺序错误：“{item.get('grade').text()}”的下限{low}应低于上一档的下限{previous}")
        bands.append(GradeBand(item.get("grade").text(), low))
        previous = low
    if not bands:
        raise node.error("“grades”至少应有一个等级")
    return GradeBands(tuple(bands))


# -- rule specifications -------------------------------------------------------------------------------


def _rule_spec(node: Node) -> RuleSpec:
    _mapping(node)
    name_node = node.get("rule")
    name = name_node.text()
    if name not in RULES or name not in self_rules.RULE_PARAMS:
        known = "、".join(sorted(self_rules.RULE_PARAMS))
        raise name_node.error(f"未知的评分规则“{name}”（可用：{known}）")
    allowed = self_rules.RULE_PARAMS[name]
    params: dict[str, Any] = {}
    for key, value in node.items():
        if key == "rule":
            continue
        if key not in allowed:
            choices = "、".join(allowed) or "无参数"
            raise Node(None, node.path, value.line).error(f"规则“{name}”没有参数“{key}”（可用：{choices}）")
        params[key] = _param(key, value, allowed[key])
    return RuleSpec(name, params, node.line)


def _param(key: str, node: Node, spec: self_rules.Param) -> Any:
    if spec.kind == "choice":
        return node.choice(*spec.choices)
    if spec.kind == "decimal":
        value = node.decimal()
        if value < 0:
            raise node.error(f"参数“{node.key}”不能为负数")
        return value
    if key == "tiers":
        return _tiers(node)
    if key == "bands":
        return _bands(node)
    return node.value


def _share(node: Node) -> Decimal:
    value = node.decimal()
    if not 0 <= value <= 1:
        raise node.error(f"“{node.key}”应为0到1之间的比例，实际写的是“{value}”")
    return value


def _tiers(node: Node) -> tuple[dict[str, Any], ...]:
    """Qualitative tiers, best first, contiguous: 达成 [0.8, 1], 部分达成 [0.6, 0.8), 未达成 [0, 0.6)."""
    items = node.list()
    if len(items) != 3:
        raise node.error(f"定性指标应分为3档（达成、部分达成、未达成），实际写了{len(items)}档")
    tiers: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        _mapping(item)
        item.only("name", "min", "max", "default")
        low, high = _share(item.get("min")), _share(item.get("max"))
        name = item.get("name").text()
        if low >= high:
            raise item.error(f"档次“{name}”的下限{low}应小于上限{high}")
        if i == 0 and high != 1:
            raise item.get("max").error(f"最高档“{name}”的上限应为1，实际写的是“{high}”")
        if tiers and high != tiers[-1]["min"]:
            raise item.error(
                f"档次顺序错误：“{name}”的上限{high}应等于上一档“{tiers[-1]['name']}”的下限{tiers[-1]['min']}"
            )
        default_node = item.get("default", low)
        default = _share(default_node) if "default" in item.value else low
        closed = i == 0
        if not (low <= default <= high if closed else low <= default < high):
            raise default_node.error(f"档次“{name}”的默认得分比例{default}不在该档区间内")
        tiers.append({"name": name, "min": low, "max": high, "default": default})
    if tiers[-1]["min"] != 0:
        raise items[-1].get("min").error(f"最低档的下限应为0，实际写的是“{tiers[-1]['min']}”")
    return tuple(tiers)


def _bands(node: Node) -> tuple[dict[str, Decimal], ...]:
    """Satisfaction bands, highest first: [{min: 0.9, share: 1}, …]."""
    bands: list[dict[str, Decimal]] = []
    for item in node.list():
        _mapping(item)
        item.only("min", "share")
        low, share = _share(item.get("min")), _share(item.get("share"))
        if bands and low >= bands[-1]["min"]:
            raise item.error(f"满意度分档顺序错误：下限{low}应低于上一档的下限{bands[-1]['min']}")
        bands.append({"min": low, "share": share})
    if not bands:
        raise node.error("“bands”至少应有一档")
    return tuple(bands)
