"""Tables of rectification and result application (app label ``rectification``).

- :class:`Problem`: one problem to rectify (整改): where it came from (an evaluation's 问题和建议 read
  by the core, a reviewer's finding, a red monitoring light, a sampling review), the unit that owns
  it, the measures required and the deadline, its status (待整改 → 整改中 → 已整改 → 已核实; 逾期 is
  shown, not stored: an open problem past its deadline), the evidence and the verifier's opinion.
- :class:`ResultDecision`: the result application (结果应用) of an evaluated project: the decision and
  next year's amount proposed by the rule file from the grade (``jixiao.rules.applications``), as
  confirmed or changed by the bureau with a reason.

Money is Decimal (``MONEY``); ``version`` is the optimistic lock of ``workflow.audit.save_with_version``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.model import rectification as core
from jixiao.web.store.models import MONEY, Evaluation, Organisation, Project


class ProblemStatus(models.TextChoices):
    PENDING = "pending", core.PENDING
    IN_PROGRESS = "in_progress", core.IN_PROGRESS
    RECTIFIED = "rectified", core.RECTIFIED
    VERIFIED = "verified", core.VERIFIED


SOURCE_CHOICES = list(core.SOURCE_KINDS.items())


class Problem(models.Model):
    source_kind = models.CharField("问题来源", max_length=16, choices=SOURCE_CHOICES)
    source_ref = models.CharField("来源说明", max_length=500, blank=True, default="")  # report title, finding code
    source_line = models.PositiveIntegerField("来源行号", null=True, blank=True)
    # what the problem was recorded from, once: "finding:<project>:<code>:<line>:<subject>",
    # "monitoring:<report>:<subject>", "sampling:<item>" ("" for an evaluation's problems and by hand)
    source_key = models.CharField("来源标识", max_length=300, blank=True, default="")
    source_link = models.CharField("来源链接", max_length=300, blank=True, default="")  # the page of the source
    evaluation = models.ForeignKey(
        Evaluation, models.SET_NULL, null=True, blank=True, related_name="problems", verbose_name="评价报告"
    )
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="problems", verbose_name="项目"
    )
    project_name = models.CharField("项目名称", max_length=300, blank=True, default="")
    unit = models.ForeignKey(Organisation, models.PROTECT, related_name="problems", verbose_name="责任单位")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    category = models.CharField("问题类别", max_length=200, blank=True, default="")
    title = models.CharField("问题", max_length=500)
    detail = models.TextField("问题描述", blank=True, default="")
    measures_required = models.TextField("整改措施要求", blank=True, default="")
    deadline = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField(
        "整改状态", max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.PENDING, db_index=True
    )
    evidence = models.TextField("整改情况及佐证", blank=True, default="")
    opinion = models.TextField("核实意见", blank=True, default="")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="核实人"
    )
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改问题"
        ordering = ["deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "title"], name="rectification_problem_eval_title_unique"),
            models.UniqueConstraint(fields=["source_key"], condition=~models.Q(source_key=""),
                                    name="rectification_problem_source_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def shown_status(self, today) -> str:
        """待整改 / 整改中 / 已整改 / 逾期 / 已核实 (逾期: open and past the deadline)."""
        return core.effective_status(ProblemStatus(self.status).label, self.deadline, today)

    @property
    def is_open(self) -> bool:
        return self.status in (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS)


class ResultDecision(models.Model):
    evaluation = models.OneToOneField(
        Evaluation, models.CASCADE, related_name="result_decision", verbose_name="评价报告"
    )
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="result_decisions", verbose_name="下年度项目"
    )
    grade = models.CharField("评价等级", max_length=8, blank=True, default="")
    rule = models.CharField("应用规则", max_length=100, default="default")
    proposed = models.CharField("规则建议", max_length=50, blank=True, default="")
    decision = models.CharField("应用决定", max_length=50)
    budget = models.DecimalField("本年预算（基数）", null=True, blank=True, **MONEY)
    amount = models.DecimalField("下年度安排金额", null=True, blank=True, **MONEY)
    reason = models.TextField("理由", blank=True, default="")
    open_problems = models.PositiveIntegerField("未整改问题数", default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="决定人"
    )
    version = models.PositiveIntegerField("版本", default=1)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价结果应用"
        ordering = ["-updated", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation.title}：{self.decision}"
