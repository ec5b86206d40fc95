"""Monitoring reports as YAML (or JSON) for the CLI and the examples (format: docs/monitoring.md).

A file holds one report (the keys of a report at the top level) or several (``reports:`` a list,
with ``year``, ``unit`` and ``checkpoint`` shared at the top level and overridable per report), and
may name the goal-table document its projects come from (``goals:``, relative to the file).
Values are read with :mod:`jixiao.rules.schemefile` (numbers as Decimal, unknown keys rejected).
:func:`read_reports` never raises: a mistake becomes a ``monitor-file-invalid`` finding whose
message names the file and line, and the reports read before the mistake are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from jixiao.findings import make_finding
from jixiao.grammar import parse_target
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, TargetValue
from jixiao.monitor.model import CAUSES, Checkpoint, IndicatorProgress, Likelihood, MonitoringReport
from jixiao.rules.schemefile import Node, SchemeError, load_tree

TOP_KEYS = ("kind", "goals", "year", "unit", "checkpoint", "reports")
REPORT_KEYS = ("project", "code", "unit", "year", "checkpoint", "budget", "executed", "expected_executed",
               "budget_causes", "budget_explanation", "budget_measures", "indicators")
INDICATOR_KEYS = ("level1", "level2", "name", "target", "progress", "expected", "likelihood", "causes",
                  "explanation", "measures")


@dataclass(frozen=True, slots=True)
class ReportFile:
    path: str
    reports: tuple[MonitoringReport, ...]
    goals: Path | None  # the goal-table document named in the file, resolved against its folder
    findings: tuple[Finding, ...]


def read_reports(path: str | Path, text: str | None = None) -> ReportFile:
    name = str(path)
    reports: list[MonitoringReport] = []
    goals: Path | None = None
    try:
        tree = load_tree(path, text)
        if not isinstance(tree.value, dict):
            raise tree.error("顶层应为映射（键: 值）")
        if "reports" in tree.keys():  # noqa: SIM118 (a Node, not a dict)
            tree.only(*TOP_KEYS)
            shared = {k: tree.get(k) for k in ("year", "unit", "checkpoint") if k in tree.keys()}  # noqa: SIM118
            goals = _goals(tree, name)
            for node in tree.get("reports").list():
                reports.append(_report(node, shared))
        else:
            tree.only(*REPORT_KEYS, "kind", "goals")
            goals = _goals(tree, name)
            reports.append(_report(tree, {}))
    except SchemeError as e:
        finding = make_finding("monitor-file-invalid", Source(name, line=e.line), detail=str(e))
        return ReportFile(name, tuple(reports), goals, (finding,))
    except (ValueError, TypeError, AttributeError, yaml.YAMLError) as e:  # what schemefile does not catch
        finding = make_finding("monitor-file-invalid", Source(name), detail=f"{name}：内容无法读取（{e}）")
        return ReportFile(name, tuple(reports), goals, (finding,))
    return ReportFile(name, tuple(reports), goals, ())


def _goals(tree: Node, name: str) -> Path | None:
    node = tree.get("goals", None)
    if node.value is None:
        return None
    return (Path(name).parent / node.text()).resolve()


def _opt_text(node: Node, key: str) -> str | None:
    child = node.get(key, None)
    if child.value is None:
        return None
    if isinstance(child.value, (int, Decimal)) and not isinstance(child.value, bool):
        return format(child.value, "f") if isinstance(child.value, Decimal) else str(child.value)
    return child.text().strip() or None


def _money(node: Node, key: str) -> Decimal | None:
    child = node.get(key, None)
    return None if child.value is None else child.decimal()


def checkpoint_of(node: Node) -> Checkpoint:
    """``checkpoint: 1-7月`` or ``checkpoint: {month: 7, label: 1-7月}``."""
    if isinstance(node.value, dict):
        node.only("month", "label")
        month_node = node.get("month", expect=int)
        month = int(month_node.value)
        if not 1 <= month <= 12:
            raise month_node.error(f"监控月份应在1至12之间，实际写的是“{month}”")
        return Checkpoint(month, node.get("label", f"{month}月底").text())
    label = node.text()
    cp = Checkpoint.parse(label)
    if cp is None:
        raise node.error(f"无法识别监控时点“{label}”（应如“1-7月”“6月底”，或写成 {{month: 7, label: 1-7月}}）")
    return cp


def _value(node: Node, key: str) -> TargetValue:
    child = node.get(key, None)
    if child.value is None:
        return EMPTY
    raw = child.value
    text = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    return parse_target(text).value


def _causes(node: Node, key: str) -> tuple[str, ...]:
    child = node.get(key, None)
    if child.value is None:
        return ()
    out = []
    for item in child.list():
        out.append(item.choice(*CAUSES))
    return tuple(out)


def _report(node: Node, shared: dict[str, Node]) -> MonitoringReport:
    node.only(*REPORT_KEYS)

    def pick(key: str) -> Node | None:
        if key in node.keys():  # noqa: SIM118 (a Node, not a dict)
            return node.get(key)
        return shared.get(key)

    cp_node = pick("checkpoint")
    if cp_node is None:
        raise node.error(f"报告“{node.key or '顶层'}”缺少必填项“checkpoint”（监控时点）")
    year_node, unit_node = pick("year"), pick("unit")
    indicators = tuple(_indicator(n) for n in node.get("indicators", []).list())
    return MonitoringReport(
        project=node.get("project").text().strip(),
        code=_opt_text(node, "code"),
        unit=unit_node.text() if unit_node is not None else None,
        year=int(year_node.expect(int).value) if year_node is not None else None,
        checkpoint=checkpoint_of(cp_node),
        executed=_money(node, "executed"),
        indicators=indicators,
        budget=_money(node, "budget"),
        expected_executed=_money(node, "expected_executed"),
        budget_causes=_causes(node, "budget_causes"),
        budget_explanation=_opt_text(node, "budget_explanation"),
        budget_measures=_opt_text(node, "budget_measures"),
        source=Source(node.path, line=node.line),
    )


def _indicator(node: Node) -> IndicatorProgress:
    node.only(*INDICATOR_KEYS)
    likelihood = node.get("likelihood", None)
    return IndicatorProgress(
        level1=_opt_text(node, "level1") or "",
        level2=_opt_text(node, "level2") or "",
        name=node.get("name").text().strip(),
        target=_value(node, "target"),
        progress=_value(node, "progress"),
        expected=_value(node, "expected"),
        likelihood=None if likelihood.value is None else Likelihood(likelihood.choice(*(str(x) for x in Likelihood))),
        causes=_causes(node, "causes"),
        explanation=_opt_text(node, "explanation"),
        measures=_opt_text(node, "measures"),
        source=Source(node.path, line=node.line),
    )
