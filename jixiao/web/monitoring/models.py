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
from jixiao.web.store.models import (
    MONEY,
    DepartmentIndicator,
    DepartmentTargets,
    Indicator,
    Organisation,
    Project,
    WorkflowRecord,
)

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


class ProgressRow(models.Model):
    """The columns of one indicator of a monitoring table (a row of the 河南 监控情况表), shared by the
    project's and the department's reports."""

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
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def causes(self) -> tuple[str, ...]:
        return tuple(CAUSE_BY_FIELD[f] for f in CAUSE_FIELDS if getattr(self, f))


class MonitoringRow(ProgressRow):
    """One indicator of a monitoring report (a row of the 河南 项目支出绩效监控情况表)."""

    report = models.ForeignKey(MonitoringReport, models.CASCADE, related_name="rows", verbose_name="监控报告")
    indicator = models.ForeignKey(
        Indicator, models.SET_NULL, null=True, blank=True, related_name="monitoring_rows", verbose_name="绩效指标"
    )

    class Meta:
        verbose_name = verbose_name_plural = "监控指标"
        ordering = ["report", "position", "id"]


class DepartmentMonitoringReport(WorkflowRecord):
    """部门整体支出绩效监控情况表 of a department at a checkpoint (``jixiao.monitor.department``).

    ``unit`` is the organisation of the clerk who made it (the department itself or one of its units):
    the workflow asks it who submits (that unit's clerk) and who reviews (the department's reviewer)."""

    department = models.ForeignKey(
        Organisation, models.PROTECT, related_name="department_monitoring", verbose_name="部门"
    )
    unit = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="department_monitoring_made",
        verbose_name="填报单位",
    )  # fmt: skip
    targets = models.ForeignKey(
        DepartmentTargets, models.SET_NULL, null=True, blank=True, related_name="monitoring_reports",
        verbose_name="部门整体绩效目标",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("监控月份")
    label = models.CharField("监控时点", max_length=20)
    ruleset = models.CharField("规则集", max_length=50, default="default")
    money_unit = models.CharField("金额单位", max_length=16, default="万元")
    duty_goal = models.TextField("年度履职目标", blank=True, default="")
    tasks = models.JSONField("年度主要任务", default=list, blank=True)  # one item (text) each
    budget_causes = models.JSONField("预算执行偏差原因", default=list, blank=True)
    budget_explanation = models.TextField("预算执行原因说明", blank=True, default="")
    budget_measures = models.TextField("预算执行整改措施", blank=True, default="")
    notes = models.JSONField("预填说明", default=list, blank=True)  # where the prefilled figures came from

    class Meta:
        verbose_name = verbose_name_plural = "部门整体监控报告"
        ordering = ["-year", "department__name", "month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "month"], name="monitoring_dept_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name}{self.year}年{self.label}部门整体监控"

    @property
    def name(self) -> str:  # the queue's and the audit's label
        return f"{self.department.name}（部门整体，{self.year}年{self.label}）"


class DepartmentMonitoringFund(models.Model):
    """One row of 年度部门预算总额 (``jixiao.monitor.department.FUND_NAMES``)."""

    report = models.ForeignKey(DepartmentMonitoringReport, models.CASCADE, related_name="funds",
                               verbose_name="部门整体监控报告")
    position = models.PositiveIntegerField("序号", default=0)
    name = models.CharField("资金", max_length=30)
    initial = models.DecimalField("年初预算数", null=True, blank=True, **MONEY)
    executed = models.DecimalField("执行数", null=True, blank=True, **MONEY)
    expected = models.DecimalField("全年预计执行数", null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "部门整体监控资金"
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.name


class DepartmentMonitoringRow(ProgressRow):
    """One indicator of a department's monitoring report."""

    report = models.ForeignKey(DepartmentMonitoringReport, models.CASCADE, related_name="rows",
                               verbose_name="部门整体监控报告")
    indicator = models.ForeignKey(
        DepartmentIndicator, models.SET_NULL, null=True, blank=True, related_name="monitoring_rows",
        verbose_name="部门整体绩效指标",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "部门整体监控指标"
        ordering = ["report", "position", "id"]
