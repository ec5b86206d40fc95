"""Evaluation schemes (评价指标体系) as data: the indicator tree of a score table.

A scheme file with ``kind: evaluation`` mirrors a score table (附件1 评分表): 一级 sections
(决策 / 过程 / 产出 / 效益) with their weights, below them 二级 and 三级 groups, and the scored
indicators (四级, or the deepest level a row has) with their weight, the rule that scores
them (a name from :mod:`jixiao.rules.eval_rules`) and its parameters::

    kind: evaluation
    name: qingdao-legal-aid-2022
    grade_bands: {优: 90, 良: 80, 中: 70, 差: 0}
    sections:
      - name: 决策
        weight: 20
        children:
          - name: 项目立项
            weight: 6
            children:
              - name: 立项依据充分性
                weight: 3
                rule: eval-check-points
                params: {checks: [符合法律法规, …]}

A group's ``weight`` must equal the sum of its children (an error otherwise). A score table
sometimes labels a group with a different number (``资金管理(8分)`` over items of 2 + 2):
``printed_weight`` records the label as printed, and the difference becomes a note of the
scheme, never an error and never a silent fix.

:func:`load_evaluation_scheme` validates everything (known keys, rule names, parameters,
weights, unique indicator names) and raises :class:`SchemeError` with a Chinese message and
the line on the first mistake.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.grades import EVALUATION_BANDS, GradeBands
from jixiao.rules import eval_rules
from jixiao.rules.eval_rules import PARAMS, REQUIRED, p_share
from jixiao.rules.registry import RULES
from jixiao.rules.schemefile import Node, SchemeError

_ = eval_rules  # the rules register themselves on import


@dataclass(frozen=True, slots=True)
class EvalItem:
    """A scored indicator: the row of the score table the rule computes."""

    name: str
    path: tuple[str, ...]  # 一级 / 二级 / (三级) above it
    weight: Decimal
    rule: str
    params: Mapping[str, Any]
    benchmark: str | None  # 标杆值 as printed
    target: str | None  # what the indicator asks for, in words (≥600件)
    standard: str | None  # 评分标准 as printed
    line: int | None

    @property
    def section(self) -> str:
        return self.path[0] if self.path else ""


@dataclass(frozen=True, slots=True)
class EvalGroup:
    """A 一级 / 二级 / 三级 node: its weight is the sum of its children."""

    name: str
    path: tuple[str, ...]  # the groups above it
    weight: Decimal
    printed_weight: Decimal | None
    line: int | None


@dataclass(frozen=True, slots=True)
class EvaluationScheme:
    name: str
    title: str | None
    path: str
    sections: tuple[EvalGroup, ...]  # 一级 only
    groups: tuple[EvalGroup, ...]  # every group, 一级 included, in file order
    items: tuple[EvalItem, ...]
    grade_bands: GradeBands  # highest first; lower bound inclusive
    sum_of: str  # "shown": items rounded to 2 decimals before summing (as score tables do) | "exact"
    missing_evidence: Decimal  # share of the weight when a measurement says ``unknown``
    notes: tuple[str, ...] = field(default=())

    @property
    def total_weight(self) -> Decimal:
        return sum((s.weight for s in self.sections), Decimal(0))

    def item(self, name: str) -> EvalItem | None:
        for it in self.items:
            if it.name == name:
                return it
        return None

    def grade(self, score: Decimal) -> str | None:
        return self.grade_bands.grade(score)


_TOP_KEYS = ("kind", "name", "title", "source", "grade_bands", "rounding", "missing_evidence", "sections", "notes")
_GROUP_KEYS = ("name", "level", "weight", "printed_weight", "children")
_ITEM_KEYS = ("name", "level", "weight", "rule", "params", "benchmark", "target", "standard", "explanation")


def load_evaluation_scheme(tree: Node) -> EvaluationScheme:
    """Validate a parsed ``kind: evaluation`` scheme file and build its model."""
    tree.expect(dict)
    tree.only(*_TOP_KEYS)
    kind = tree.get("kind").text()
    if kind != "evaluation":
        raise tree.get("kind").error(f"此文件不是评价方案（kind 应为 evaluation，实际写的是“{kind}”）")
    name = tree.get("name").text()
    title_node = tree.get("title", None)
    title = None if title_node.value is None else title_node.text()
    bands = _grade_bands(tree.get("grade_bands", None))
    sum_of = _rounding(tree.get("rounding", None))
    missing_node = tree.get("missing_evidence", None)
    missing = Decimal(0) if missing_node.value is None else p_share(missing_node)

    groups: list[EvalGroup] = []
    items: list[EvalItem] = []
    notes: list[str] = []
    sections_node = tree.get("sections")
    sections: list[EvalGroup] = []
    for child in sections_node.list():
        section = _group(child, (), groups, items, notes, missing)
        if not isinstance(section, EvalGroup):
            raise child.error(f"一级指标“{section.name}”下应有下级指标（children），不能直接评分")
        sections.append(section)
    if not sections:
        raise sections_node.error("sections 至少要有一个一级指标")
    _unique_names(items, tree)
    total = sum((s.weight for s in sections), Decimal(0))
    if total != 100:
        notes.append(f"各一级指标权重合计 {total} 分，不是 100 分")
    for note in tree.get("notes", [], expect=list).list():
        notes.append(note.text())
    return EvaluationScheme(
        name, title, tree.path, tuple(sections), tuple(groups), tuple(items), bands, sum_of, missing, tuple(notes)
    )


def _group(
    node: Node,
    path: tuple[str, ...],
    groups: list[EvalGroup],
    items: list[EvalItem],
    notes: list[str],
    missing: Decimal,
) -> EvalGroup | EvalItem:
    node.expect(dict)
    name = node.get("name").text().strip()
    if not name:
        raise node.get("name").error("指标名称不能为空")
    if "rule" in node.value:
        return _item(node, name, path, items, missing)
    if "children" not in node.value:
        raise node.error(f"指标“{name}”既没有评分规则（rule）也没有下级指标（children）")
    node.only(*_GROUP_KEYS)
    if len(path) >= 3:
        raise node.error(f"指标“{name}”层级过深：评价指标体系最多四级")
    index = len(groups)
    groups.append(None)  # type: ignore[arg-type]  # keep file order: parent before children
    children = [_group(c, (*path, name), groups, items, notes, missing) for c in node.get("children").list()]
    if not children:
        raise node.get("children").error(f"指标“{name}”的下级指标列表为空")
    total = sum((c.weight for c in children), Decimal(0))
    weight_node = node.get("weight", None)
    if weight_node.value is not None and weight_node.decimal() != total:
        raise weight_node.error(f"指标“{name}”权重为 {weight_node.decimal()}，但其下级指标权重合计 {total}")
    printed_node = node.get("printed_weight", None)
    printed = None if printed_node.value is None else printed_node.decimal()
    if printed is not None and printed != total:
        notes.append(f"评分表中“{name}”标为 {printed} 分，但其下各指标权重合计 {total} 分")
    group = EvalGroup(name, path, total, printed, node.line)
    groups[index] = group
    return group


def _item(node: Node, name: str, path: tuple[str, ...], items: list[EvalItem], missing: Decimal) -> EvalItem:
    node.only(*_ITEM_KEYS)
    if not path:
        raise node.error(f"指标“{name}”是一级指标，应有下级指标而不是直接评分")
    weight = node.get("weight").decimal()
    if weight < 0:
        raise node.get("weight").error(f"指标“{name}”的权重不能为负数")
    rule_node = node.get("rule")
    rule_name = rule_node.text()
    if rule_name not in PARAMS or rule_name not in RULES:
        known = "、".join(sorted(PARAMS))
        raise rule_node.error(f"未知的评分规则“{rule_name}”（评价方案可用：{known}）")
    params = _params(node.get("params", {}), rule_name, name)
    if "unknown" in PARAMS[rule_name]:
        params.setdefault("unknown", missing)
    item = EvalItem(
        name,
        path,
        weight,
        rule_name,
        params,
        _optional_text(node, "benchmark"),
        _optional_text(node, "target"),
        _optional_text(node, "standard"),
        node.line,
    )
    items.append(item)
    return item


def _params(node: Node, rule_name: str, item: str) -> dict[str, Any]:
    node.expect(dict)
    spec = PARAMS[rule_name]
    if not spec and node.keys():
        raise node.error(f"规则 {rule_name} 不需要参数")
    node.only(*spec)
    out = {key: spec[key](child) for key, child in node.items()}
    for key in REQUIRED.get(rule_name, ()):
        if key not in out:
            raise node.error(f"指标“{item}”的规则 {rule_name} 缺少参数“{key}”")
    return out


def _optional_text(node: Node, key: str) -> str | None:
    child = node.get(key, None)
    if child.value is None:
        return None
    if isinstance(child.value, (int, Decimal)):
        return str(child.value)
    return child.text()


def _grade_bands(node: Node) -> GradeBands:
    if node.value is None:
        return EVALUATION_BANDS
    node.expect(dict)
    bands = [(grade, child.decimal()) for grade, child in node.items()]
    if not bands:
        raise node.error("grade_bands 不能为空")
    lowers = [lower for _, lower in bands]
    if lowers != sorted(lowers, reverse=True) or len(set(lowers)) != len(lowers):
        raise node.error("grade_bands 的下限应从高到低排列且互不相同（如 优: 90, 良: 80, 中: 70, 差: 0）")
    return GradeBands.of(bands)


def _rounding(node: Node) -> str:
    if node.value is None:
        return "shown"
    node.expect(dict)
    node.only("places", "sum")
    places = node.get("places", 2, expect=int).value
    if places != 2:
        raise node.get("places").error("目前只支持保留两位小数（places: 2）")
    return node.get("sum", "shown").choice("shown", "exact")


def _unique_names(items: list[EvalItem], tree: Node) -> None:
    seen: dict[str, EvalItem] = {}
    for it in items:
        if it.name in seen:
            raise SchemeError(
                f"指标名称“{it.name}”与第{seen[it.name].line}行重复：四级指标按名称对应评分表，必须唯一",
                tree.path,
                it.line,
            )
        seen[it.name] = it
