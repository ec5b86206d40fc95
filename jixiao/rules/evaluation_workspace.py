"""The evaluator's workspace in data: an indicator system and measurements kept as plain data.

An evaluation built in the app (评价任务) keeps its scheme and its measurements as plain data —
the dict shape of a scheme file (``kind: evaluation``, see :mod:`.evaluation_schemes`) and of a
measurement file (``kind: measurements``, see :mod:`.score_evaluation`). This module turns that
data into the same YAML text the files hold and reads it with the same loaders, so an
indicator system entered on a page is validated, and scored, exactly as a file is:

    data = scheme_template("qingdao-legal-aid-2022")     # or "generic": 决策/过程/产出/效益
    scheme = load_scheme_data(data)                      # SchemeError (Chinese) on a mistake
    edit_node(data, ("过程", "资金管理", "预算执行率"), {"standard": "…"})
    m = load_measurement_data(scheme, {"预算执行率": {"actual": "97.47%", "evidence": "…"}})
    result = score_entered(scheme, m, title="…")         # score_evaluation, as the CLI scores

Beyond the file loaders, an entered scheme must weigh 100 in all (weights add up per level:
groups to their children, sections to 100). Numbers are ``Decimal`` throughout; floats that
arrive from JSON are written by their shortest text (``0.1`` stays ``0.1``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.model.evaluation import Evaluation
from jixiao.model.source import Source
from jixiao.rules.eval_rules import MEASURED
from jixiao.rules.evaluation_schemes import EvaluationScheme, load_evaluation_scheme
from jixiao.rules.measurements import Measurements, check_measurements, load_measurements
from jixiao.rules.schemefile import SchemeError, load_tree

SCHEMES_DIR = Path(__file__).resolve().parent.parent / "schemes"
GENERIC = "generic"  # jixiao/schemes/templates/generic.yaml: the 10号 附2 framework
TEMPLATES_DIR = SCHEMES_DIR / "templates"
SCHEME_SOURCE = "评价指标体系"
MEASUREMENT_SOURCE = "测量值"


MEASURE_LABELS: dict[str, str] = {
    "actual": "本年度实际值",
    "actual_of": "本年度实际值的依据（分子, 分母）",
    "previous": "上年度值",
    "previous_of": "上年度值的依据（分子, 分母）",
    "target": "目标值",
    "checks": "各检查点是否满足",
    "tier": "评判档次",
    "days_late": "延后天数",
    "met": "是否达到",
    "unknown": "无法判定",
}
"""What the evaluator enters for an indicator (the keys of a measurement file), in Chinese."""

MEASURE_KEYS = (*MEASURE_LABELS, "evidence", "note")
SCHEME_KINDS = {"evaluation"}


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


def templates() -> dict[str, str]:
    """The templates an indicator system can start from: name → Chinese title."""
    out = {GENERIC: "通用框架（决策/过程/产出/效益）"}
    for path in sorted(SCHEMES_DIR.glob("*.yaml")):
        tree = load_tree(path)
        if isinstance(tree.value, dict) and tree.value.get("kind") in SCHEME_KINDS:
            out[path.stem] = f"复制：{tree.value.get('title') or path.stem}"
    return out


def scheme_template(name: str) -> dict[str, Any]:
    """A fresh copy of a template as plain data (``generic`` or a shipped evaluation scheme)."""
    if name == GENERIC:
        return plain_data(load_tree(TEMPLATES_DIR / f"{GENERIC}.yaml").value)
    if name not in templates():
        raise SchemeError(f"没有名为“{name}”的指标体系模板", SCHEME_SOURCE)
    return plain_data(load_tree(SCHEMES_DIR / f"{name}.yaml").value)


def plain_data(value: Any) -> Any:
    """A parsed tree (with its line tables) as plain dicts, lists and scalars."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Data ↔ text, validated by the core's loaders
# ---------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _number(dumper: yaml.SafeDumper, value: Decimal | float) -> yaml.ScalarNode:
    text = format(value, "f") if isinstance(value, Decimal) else repr(value)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _number)
_Dumper.add_representer(float, _number)


def dump(data: Mapping[str, Any]) -> str:
    """Plain data as the YAML text of a scheme or measurement file (numbers exact)."""
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def load_scheme_data(data: Mapping[str, Any], source: str = SCHEME_SOURCE) -> EvaluationScheme:
    """Validate an indicator system given as data; :class:`SchemeError` in Chinese on a mistake."""
    if not isinstance(data, Mapping):
        raise SchemeError("指标体系应为映射（键: 值）", source)
    scheme = load_evaluation_scheme(load_tree(source, dump(data)))
    if scheme.total_weight != 100:
        raise SchemeError(f"各一级指标权重合计 {scheme.total_weight} 分，应为 100 分", source)
    return scheme


def find_node(data: Mapping[str, Any], path: Sequence[str]) -> dict[str, Any]:
    """The node (group or indicator) at ``path`` (names from the 一级 down)."""
    nodes: list[dict[str, Any]] = list(data.get("sections") or [])
    found: dict[str, Any] | None = None
    for depth, name in enumerate(path):
        found = next((n for n in nodes if isinstance(n, dict) and n.get("name") == name), None)
        if found is None:
            raise SchemeError(f"指标体系中没有“{'/'.join(path[: depth + 1])}”", SCHEME_SOURCE)
        nodes = list(found.get("children") or [])
    if found is None:
        raise SchemeError("请指明要修改的指标（从一级指标起的名称）", SCHEME_SOURCE)
    return found


NODE_KEYS = ("name", "weight", "printed_weight", "rule", "params", "benchmark", "target", "standard")


def edit_node(data: dict[str, Any], path: Sequence[str], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with the node at ``path`` changed (a value ``None`` removes the key); validated."""
    out = copy.deepcopy(data)
    node = find_node(out, path)
    for key, value in changes.items():
        if key not in NODE_KEYS:
            raise SchemeError(f"未知的项“{key}”（可改：{'、'.join(NODE_KEYS)}）", SCHEME_SOURCE)
        if value is None or value == "":
            node.pop(key, None)
        else:
            node[key] = value
    if "rule" in node and "children" in node:
        raise SchemeError(f"指标“{node['name']}”有下级指标，不能直接设评分规则", SCHEME_SOURCE)
    load_scheme_data(out)
    return out


def add_node(data: dict[str, Any], parent: Sequence[str], node: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` with ``node`` appended under ``parent`` (``()``: a new 一级); validated."""
    out = copy.deepcopy(data)
    siblings = out.setdefault("sections", []) if not parent else find_node(out, parent).setdefault("children", [])
    siblings.append(dict(node))
    load_scheme_data(out)
    return out


def remove_node(data: dict[str, Any], path: Sequence[str]) -> dict[str, Any]:
    """A copy of ``data`` without the node at ``path``; validated."""
    out = copy.deepcopy(data)
    siblings = out["sections"] if len(path) == 1 else find_node(out, path[:-1]).get("children", [])
    target = find_node(out, path)
    siblings.remove(target)
    load_scheme_data(out)
    return out


# ---------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------


def measurement_file(scheme: EvaluationScheme, items: Mapping[str, Mapping[str, Any]], title: str | None) -> str:
    """The YAML text of a measurement file for ``items`` (indicator name → entered values)."""
    data: dict[str, Any] = {"kind": "measurements", "scheme": scheme.name}
    if title:
        data["evaluation"] = title
    data["items"] = {name: {k: v for k, v in values.items() if v is not None} for name, values in items.items()}
    return dump(data)


def load_measurement_data(
    scheme: EvaluationScheme, items: Mapping[str, Mapping[str, Any]], title: str | None = None
) -> Measurements:
    """Entered measurements read as a measurement file and checked against ``scheme`` (SchemeError)."""
    for name, values in items.items():
        unknown = [k for k in values if k not in MEASURE_KEYS]
        if unknown:
            raise SchemeError(f"指标“{name}”的测量值中有未知的项“{unknown[0]}”", MEASUREMENT_SOURCE)
    if not items:
        return Measurements(MEASUREMENT_SOURCE, scheme.name, title, ())
    measurements = load_measurements(MEASUREMENT_SOURCE, measurement_file(scheme, items, title))
    check_measurements(scheme, measurements)
    return measurements


def needed(scheme: EvaluationScheme, name: str) -> list[str]:
    """What an indicator's rule needs from its measurement, in Chinese (one of each group)."""
    item = scheme.item(name)
    if item is None:
        return []
    return ["或".join(MEASURE_LABELS[k] for k in options) for options in MEASURED.get(item.rule, ())]


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def blank_evaluation(
    title: str,
    *,
    kind: str = "finance",
    project: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    evaluator: str | None = None,
) -> Evaluation:
    """An evaluation with nothing published yet: what the workspace scores against."""
    return Evaluation(
        kind=kind,
        title=title,
        project=project,
        evaluator=evaluator,
        evaluated_unit=unit,
        report_date=None,
        signed_date=None,
        stages=(),
        grade_bands=(),
        sections=(),
        total=None,
        grade=None,
        conclusion=None,
        score_table=(),
        score_table_total=None,
        paragraphs=(),
        source=Source(SCHEME_SOURCE),
        year=year,
    )
