"""绩效运行监控 ("双监控"): monitoring reports, warning lights as configurable rule sets, required
explanations, the 河南 Excel template, and the monitoring tables (docs/monitoring.md)."""

from jixiao.monitor.engine import evaluate, find_project
from jixiao.monitor.model import Checkpoint, IndicatorProgress, Light, Likelihood, MonitoringReport, MonitoringResult
from jixiao.monitor.rulesets import Ruleset, load_ruleset

__all__ = [
    "Checkpoint",
    "IndicatorProgress",
    "Light",
    "Likelihood",
    "MonitoringReport",
    "MonitoringResult",
    "Ruleset",
    "evaluate",
    "find_project",
    "load_ruleset",
]
