"""An evaluation set up in the app (评价任务) and the measurements its evaluators enter.

The indicator system is kept as the YAML text of a scheme file (``kind: evaluation``) and each
indicator's measurement as the values of a measurement file's item (numbers as their text), so the
core reads both exactly as it reads files (:mod:`jixiao.rules.evaluation_workspace`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.store import models as m


class Kind(models.TextChoices):
    DEPARTMENT = "department", "部门评价"
    FINANCE = "finance", "财政评价"
    KEY = "key", "重点评价"


class EvaluationWork(m.WorkflowRecord):
    """One evaluation: who commissioned it, what it evaluates, who evaluates, its indicator system and texts."""

    kind = models.CharField("评价类型", max_length=16, choices=Kind.choices, default=Kind.FINANCE)
    title = models.CharField("评价名称", max_length=300)
    year = models.PositiveSmallIntegerField("评价年度")
    projects = models.ManyToManyField(m.Project, blank=True, related_name="evaluation_works", verbose_name="评价项目")
    department = models.ForeignKey(
        m.Organisation, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="被评价部门"
    )
    commissioner = models.ForeignKey(
        m.Organisation, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="委托方"
    )
    firm = models.CharField("评价机构", max_length=200, blank=True, default="")
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="evaluation_works", verbose_name="评价人员"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="创建人"
    )
    document_evaluation = models.ForeignKey(
        m.Evaluation, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="对照的已发布评价报告"
    )
    template = models.CharField("指标体系模板", max_length=100, blank=True, default="")
    scheme = models.TextField("评价指标体系（YAML）", blank=True, default="")
    overview = models.TextField("项目概况", blank=True, default="")
    work = models.TextField("评价工作开展情况", blank=True, default="")
    experience = models.TextField("主要经验及做法", blank=True, default="")
    problems = models.TextField("存在的问题及原因", blank=True, default="")
    suggestions = models.TextField("有关建议", blank=True, default="")

    class Meta:
        ordering = ("-year", "-id")
        verbose_name = verbose_name_plural = "评价任务"

    def __str__(self) -> str:
        return self.title


class WorkMeasurement(models.Model):
    """The measured values of one indicator with their evidence (an item of a measurement file)."""

    work = models.ForeignKey(EvaluationWork, models.CASCADE, related_name="measurements", verbose_name="评价任务")
    indicator = models.CharField("指标", max_length=300)
    values = models.JSONField("测量值", default=dict, blank=True)  # actual / actual_of / checks / tier …
    evidence = models.TextField("评分依据", blank=True, default="")
    source = models.CharField("依据来源", max_length=300, blank=True, default="")
    note = models.TextField("备注", blank=True, default="")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="录入人"
    )
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ("work", "id")
        constraints = [models.UniqueConstraint(fields=("work", "indicator"), name="evaluation_work_indicator_once")]
        verbose_name = verbose_name_plural = "测量值"

    def __str__(self) -> str:
        return self.indicator
