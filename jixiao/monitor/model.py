"""Monitoring (绩效运行监控, "双监控") data: one report per project per checkpoint, and its result.

A :class:`MonitoringReport` is what a unit writes at a checkpoint (rules.md §3.3–3.5, the 河南
项目支出绩效监控情况表): the cumulative executed amount and, per leaf indicator, the progress so
far, the expected full-year value, the likelihood of meeting the target (确定能 / 有可能 /
完全不可能), the deviation causes (经费保障, 制度保障, 人员保障, 硬件条件保障, 其他), an
explanation (原因说明) and the measures (备注: why the target cannot be met and what is planned).

A :class:`MonitoringResult` is what :func:`jixiao.monitor.engine.evaluate` makes of it: every light
with its working in Chinese, the explanations the rules require, and the findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, TargetValue

CAUSES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")


class Likelihood(StrEnum):
    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"


class Light(StrEnum):
    """Warning lights, ordered from worst to best by :data:`SEVERITY`. ``NONE``: not judged."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    NONE = "none"

    @property
    def zh(self) -> str:
        return LIGHT_ZH[self]


LIGHT_ZH = {Light.RED: "红灯", Light.YELLOW: "黄灯", Light.GREEN: "绿灯", Light.BLUE: "蓝灯", Light.NONE: "未判定"}
SEVERITY = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, Light.BLUE: 3, Light.NONE: 4}


def worst(lights: list[Light] | tuple[Light, ...]) -> Light:
    """red > yellow > green > blue; lights not judged do not count (all unjudged → NONE)."""
    judged = [x for x in lights if x is not Light.NONE]
    return min(judged, key=SEVERITY.__getitem__) if judged else Light.NONE


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """``month`` is the last month covered (7 for "1-7月", 6 for "6月底"); ``label`` as written."""

    month: int
    label: str

    @staticmethod
    def parse(label: str) -> Checkpoint | None:
        """``"1-7月"`` → (7, "1-7月"); ``"6月底"`` → (6, "6月底"); ``"1—6月"``, ``"9月末"`` too."""
        text = re.sub(r"\s+", "", label or "")
        m = re.fullmatch(r"(?:1?[0-9][-—–~至])?(1[0-2]|[1-9])月(?:底|末)?", text)
        if not m:
            return None
        return Checkpoint(int(m.group(1)), text)


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """One leaf indicator of a monitoring report (a row of the 河南 table)."""

    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    target: TargetValue  # 年度指标值 (EMPTY: take it from the goal table)
    progress: TargetValue  # 1-7月执行情况: the value reached so far
    expected: TargetValue = EMPTY  # 全年预计完成情况
    likelihood: Likelihood | None = None  # 完成目标可能性
    causes: tuple[str, ...] = ()  # ticked deviation causes, from CAUSES
    explanation: str | None = None  # 原因说明
    measures: str | None = None  # 备注: why not met and the planned measures
    source: Source = field(default_factory=lambda: Source(""))


@dataclass(frozen=True, slots=True)
class MonitoringReport:
    project: str  # 项目名称
    code: str | None  # 项目编码
    unit: str | None  # 实施单位
    year: int | None
    checkpoint: Checkpoint
    executed: Decimal | None  # cumulative executed amount (万元) at the checkpoint
    indicators: tuple[IndicatorProgress, ...]
    budget: Decimal | None = None  # 年初预算数 (None: the goal table's 预算数)
    expected_executed: Decimal | None = None  # 全年预计执行数
    budget_causes: tuple[str, ...] = ()
    budget_explanation: str | None = None  # why execution lags
    budget_measures: str | None = None
    source: Source = field(default_factory=lambda: Source(""))
    scope: str = "项目"  # what ``project`` names in messages: 项目, or 部门整体 (jixiao.monitor.department)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One light with its working: ``ratio`` in percent where the rule computes one."""

    light: Light
    rule: str  # registered rule name
    working: str  # Chinese: the computation, step by step
    ratio: Decimal | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "light": str(self.light),
            "light_zh": self.light.zh,
            "rule": self.rule,
            "ratio": None if self.ratio is None else format(self.ratio, "f"),
            "working": self.working,
        }


@dataclass(frozen=True, slots=True)
class Requirement:
    """An explanation the rules require: ``what`` is 偏差原因 / 原因说明 / 整改措施; ``met`` if given."""

    subject: str  # "预算执行" or the indicator name
    what: str
    reason: str  # why it is required (red light, likelihood …)
    met: bool

    def to_dict(self) -> dict[str, object]:
        return {"subject": self.subject, "what": self.what, "reason": self.reason, "met": self.met}


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    indicator: IndicatorProgress
    target: TargetValue  # the target used (report's, else goal table's)
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class MonitoringResult:
    report: MonitoringReport
    ruleset: str
    budget: Decimal | None  # the 年初预算数 used
    execution_rate: Decimal | None  # executed / budget × 100
    budget_verdict: Verdict
    indicators: tuple[IndicatorResult, ...]
    project_light: Light  # worst of the indicator lights
    extra: tuple[Verdict, ...]  # preset rules beyond the vendor ones (四川 gap rule …)
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]

    @property
    def overall(self) -> Light:
        """The worst of every light: budget, indicators and the extra rules."""
        return worst([self.budget_verdict.light, self.project_light, *(v.light for v in self.extra)])

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if not r.met)

    def to_dict(self) -> dict[str, object]:
        r = self.report
        return {
            "project": r.project,
            "code": r.code,
            "unit": r.unit,
            "year": r.year,
            "checkpoint": {"month": r.checkpoint.month, "label": r.checkpoint.label},
            "ruleset": self.ruleset,
            "budget": _num(self.budget),
            "executed": _num(r.executed),
            "expected_executed": _num(r.expected_executed),
            "execution_rate": _num(self.execution_rate),
            "budget_light": self.budget_verdict.to_dict(),
            "project_light": str(self.project_light),
            "overall_light": str(self.overall),
            "indicators": [
                {
                    "level1": i.indicator.level1,
                    "level2": i.indicator.level2,
                    "name": i.indicator.name,
                    "target": i.target.raw,
                    "progress": i.indicator.progress.raw,
                    "expected": i.indicator.expected.raw,
                    "likelihood": None if i.indicator.likelihood is None else str(i.indicator.likelihood),
                    "causes": list(i.indicator.causes),
                    "explanation": i.indicator.explanation,
                    "measures": i.indicator.measures,
                    **{k: v for k, v in i.verdict.to_dict().items()},
                }
                for i in self.indicators
            ],
            "extra": [v.to_dict() for v in self.extra],
            "required": [q.to_dict() for q in self.requirements],
            "missing": [q.to_dict() for q in self.missing],
            "findings": [f.to_dict() for f in self.findings],
        }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")
