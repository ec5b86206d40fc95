"""Tables of the monitoring reports (app label ``monitoring``).

One :class:`MonitoringReport` per project and checkpoint month (``1-7月`` and ``7月底`` are the same
month: one report), with one :class:`MonitoringRow` per leaf indicator. The rows keep a copy of the
indicator's names (and a link to the goal table's :class:`~jixiao.web.store.models.Indicator` while it
exists), so a report stays readable when the target table changes later. Progress values are kept as
the text the unit wrote (``*_raw``): the core grammar reads them whenever the lights are computed.

Money is Decimal (``MONEY`` = 18, 6), as everywhere in the store. ``status`` / ``version`` follow
``store.Project`` (optimistic locking with ``workflow.audit.save_with_version``).
"""

from __future__ import annotations

from django.db import models

from jixiao.monitor.model import CAUSES, Likelihood
from jixiao.web.store.models import MONEY, Indicator, Project, WorkflowRecord

# Posted / stored names of the five deviation causes, in the order of CAUSES.
CAUSE_FIELDS = ("cause_funding", "cause_system", "cause_staff", "cause_hardware", "cause_other")
CAUSE_BY_FIELD = dict(zip(CAUSE_FIELDS, CAUSES, strict=True))
LIKELIHOOD_CHOICES = [(str(v), str(v)) for v in Likelihood]


class MonitoringReport(WorkflowRecord):
    """What a unit reports at a checkpoint: cumulative execution and the budget deviation explanation."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="monitoring_reports", verbose_name="项目")
    month = models.PositiveSmallIntegerField("监控月份")  # last month covered: 7 for 1-7月
    label = models.CharField("监控时点", max_length=20)  # as written: 6月底, 1-7月
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    ruleset = models.CharField("规则集", max_length=50, default="default")
    executed = models.DecimalField("累计执行数", null=True, blank=True, **MONEY)
    budget = models.DecimalField("年初预算数", null=True, blank=True, **MONEY)  # NULL: the goal table's 预算数
    expected_executed = models.DecimalField("全年预计执行数", null=True, blank=True, **MONEY)
    budget_causes = models.JSONField("预算执行偏差原因", default=list, blank=True)  # subset of CAUSES
    budget_explanation = models.TextField("预算执行原因说明", blank=True, default="")
    budget_measures = models.TextField("预算执行整改措施", blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "监控报告"
        ordering = ["project_id", "month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="monitoring_report_project_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} {self.label}"


class MonitoringRow(models.Model):
    """One indicator of a monitoring report (a row of the 河南 项目支出绩效监控情况表)."""

    report = models.ForeignKey(MonitoringReport, models.CASCADE, related_name="rows", verbose_name="监控报告")
    indicator = models.ForeignKey(
        Indicator, models.SET_NULL, null=True, blank=True, related_name="monitoring_rows", verbose_name="绩效指标"
    )
    position = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级指标", max_length=100, blank=True, default="")
    level2 = models.CharField("二级指标", max_length=100, blank=True, default="")
    name = models.CharField("三级指标", max_length=300)
    target_raw = models.TextField("年度指标值", blank=True, default="")  # blank: the goal table's
    progress_raw = models.TextField("执行情况", blank=True, default="")
    expected_raw = models.TextField("全年预计完成情况", blank=True, default="")
    likelihood = models.CharField("完成目标可能性", max_length=10, choices=LIKELIHOOD_CHOICES, blank=True, default="")
    cause_funding = models.BooleanField("经费保障", default=False)
    cause_system = models.BooleanField("制度保障", default=False)
    cause_staff = models.BooleanField("人员保障", default=False)
    cause_hardware = models.BooleanField("硬件条件保障", default=False)
    cause_other = models.BooleanField("其他", default=False)
    explanation = models.TextField("原因说明", blank=True, default="")
    measures = models.TextField("整改措施（备注）", blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "监控指标"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def causes(self) -> tuple[str, ...]:
        return tuple(CAUSE_BY_FIELD[f] for f in CAUSE_FIELDS if getattr(self, f))
