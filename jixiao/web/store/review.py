"""Tables of the sampling review (自评抽查 / 复核) and of the disclosure entries (部门决算公开的
补充数据); imported by :mod:`jixiao.web.store.models` (app label ``store``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MONEY = {"max_digits": 18, "decimal_places": 6}
FIGURE = {"max_digits": 24, "decimal_places": 10}


class SampleReview(models.Model):
    """A sample of submitted self-evaluations drawn by a bureau or a department for review."""

    class Method(models.TextChoices):
        RANDOM = "random", "随机抽取"
        AMOUNT = "amount", "按金额"
        FINDINGS = "findings", "按问题"

    organisation = models.ForeignKey(
        "store.Organisation", models.PROTECT, related_name="sample_reviews", verbose_name="组织抽查单位"
    )
    department = models.ForeignKey(
        "store.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sampled_reviews",
        verbose_name="抽查范围（部门）",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    method = models.CharField("抽样方式", max_length=16, choices=Method.choices)
    seed = models.BigIntegerField("随机种子", default=0)
    size = models.PositiveIntegerField("抽取数量")
    population = models.PositiveIntegerField("可抽取的自评表数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="创建人"
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "自评抽查"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class SampleItem(models.Model):
    """One drawn self-evaluation, its reviewer, the review total and 复核意见."""

    review = models.ForeignKey(SampleReview, models.CASCADE, related_name="items", verbose_name="抽查")
    position = models.PositiveIntegerField("序号", default=0)
    self_evaluation = models.ForeignKey(
        "store.SelfEvaluation", models.PROTECT, related_name="sample_items", verbose_name="自评表"
    )
    amount = models.DecimalField("全年预算数", null=True, blank=True, **MONEY)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    self_total = models.DecimalField("自评分", null=True, blank=True, **FIGURE)
    review_total = models.DecimalField("复核分", null=True, blank=True, **FIGURE)
    opinion = models.TextField("复核意见", blank=True, default="")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="复核人"
    )
    reviewed = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽查自评表"
        ordering = ["review", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "self_evaluation"], name="store_sample_item_unique"),
        ]


class SampleScore(models.Model):
    """The 复核分 of one scored item of a drawn form (the budget line or an indicator)."""

    item = models.ForeignKey(SampleItem, models.CASCADE, related_name="scores", verbose_name="抽查自评表")
    position = models.PositiveIntegerField("序号", default=0)
    name = models.CharField("评分项", max_length=300)
    weight = models.DecimalField("分值", null=True, blank=True, **FIGURE)
    self_score = models.DecimalField("自评得分", null=True, blank=True, **FIGURE)
    review_score = models.DecimalField("复核分", null=True, blank=True, **FIGURE)

    class Meta:
        verbose_name = verbose_name_plural = "复核评分"
        ordering = ["item", "position", "id"]


class DisclosureEntry(models.Model):
    """What the nine tables of a 部门决算 do not hold, entered (or imported) per department and year.

    ``data`` is ``jixiao.report.disclosure_entries.encode(DisclosureEntries)``; ``provenance``
    says where each part came from (typed, or imported from which document)."""

    department = models.ForeignKey(
        "store.Organisation", models.PROTECT, related_name="disclosure_entries", verbose_name="部门"
    )
    year = models.PositiveSmallIntegerField("年度")
    data = models.JSONField("内容", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="更新人"
    )
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "决算公开补充数据"
        ordering = ["-year", "department__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="store_disclosure_entry_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department.name}决算公开补充数据"
