"""Tables of target review and the indicator library (app label ``review``).

- :class:`TargetReview`: a reviewer's structured 审核意见 on a project's target table (or a
  department's 部门整体绩效目标, reviewed the same way): the scheme
  (``jixiao.rules.target_review``), the points given per review point and the resulting score and
  grade, the overall opinion; :class:`IndicatorOpinion`: per indicator, the answer to each question
  of the scheme's check-list (``checks``: code → {"ok": bool, "text": opinion}).
- :class:`Approval`: the 批复 of a project: the approved targets and amount frozen as a snapshot
  (later edits of the project do not change it).
- :class:`LibraryEntry`: one indicator of the 指标库 (``jixiao.model.indicator_library``), rebuilt
  from every stored target table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.store.models import MONEY, DepartmentTargets, Project


class TargetReview(models.Model):
    # the table reviewed: a project's target table, or a department's 部门整体绩效目标 (one of the two)
    project = models.ForeignKey(
        Project, models.CASCADE, null=True, blank=True, related_name="target_reviews", verbose_name="项目"
    )
    department_targets = models.ForeignKey(
        DepartmentTargets, models.CASCADE, null=True, blank=True, related_name="target_reviews",
        verbose_name="部门整体绩效目标",
    )  # fmt: skip
    project_version = models.PositiveIntegerField("审核时的项目版本", default=0)
    stage = models.CharField("审核环节", max_length=32)  # the reviewer's role: department_reviewer / finance_bureau
    scheme = models.CharField("审核评分表", max_length=100)
    points = models.JSONField("各要点得分", default=dict, blank=True)  # code → "9.5"
    score = models.DecimalField("审核得分", max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.CharField("审核等级", max_length=8, blank=True, default="")
    opinion = models.TextField("总体审核意见", blank=True, default="")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="审核人"
    )
    created = models.DateTimeField("审核时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效目标审核意见"
        ordering = ["-updated", "-id"]

    def __str__(self) -> str:
        return f"{self.project or self.department_targets}：审核意见"


class IndicatorOpinion(models.Model):
    review = models.ForeignKey(TargetReview, models.CASCADE, related_name="opinions", verbose_name="审核意见")
    position = models.PositiveIntegerField("序号", default=0)
    indicator_name = models.CharField("三级指标", max_length=300)
    target_raw = models.TextField("指标值", blank=True, default="")
    checks = models.JSONField("审核要点", default=dict, blank=True)  # code → {"ok": bool, "text": str}
    text = models.TextField("审核意见", blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "指标审核意见"
        ordering = ["review", "position", "id"]

    @property
    def has_problem(self) -> bool:
        return bool(self.text.strip()) or any(not c.get("ok", True) for c in self.checks.values())


class Approval(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="approvals", verbose_name="项目")
    number = models.CharField("批复文号", max_length=100, blank=True, default="")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    unit_name = models.CharField("预算单位", max_length=200, blank=True, default="")
    project_name = models.CharField("项目名称", max_length=300)
    amount = models.DecimalField("批复金额", null=True, blank=True, **MONEY)
    money_unit = models.CharField("金额单位", max_length=16, default="万元")
    snapshot = models.JSONField("批复内容")  # goal, funds and indicators as approved
    review = models.ForeignKey(
        TargetReview, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="审核意见"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="批复人"
    )
    approved_at = models.DateTimeField("批复时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效目标批复表"
        ordering = ["-approved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project_name}绩效目标批复表"


class LibraryEntry(models.Model):
    key = models.CharField("键", max_length=600, unique=True)
    level1 = models.CharField("一级指标", max_length=100, blank=True, default="", db_index=True)
    level2 = models.CharField("二级指标", max_length=100, blank=True, default="", db_index=True)
    name = models.CharField("三级指标", max_length=300, db_index=True)
    units = models.JSONField("计量单位", default=list, blank=True)
    values = models.JSONField("常见指标值", default=list, blank=True)  # [[raw, count], …]
    bases = models.JSONField("指标值确定依据", default=list, blank=True)
    projects = models.JSONField("使用项目", default=list, blank=True)
    years = models.JSONField("年度", default=list, blank=True)
    project_count = models.PositiveIntegerField("使用项目数", default=0)
    uses = models.PositiveIntegerField("出现次数", default=0)
    typical = models.CharField("常见值", max_length=300, blank=True, default="")
    counts = models.JSONField("计数", default=dict, blank=True)  # {"names"|"units"|"bases": [[text, n], …]}
    seen = models.JSONField("已计入的表", default=list, blank=True)  # "2023 目标 unit 项目" / "2022 自评 unit 项目"
    actuals = models.JSONField("历年实际完成值", default=list, blank=True)  # [[year, [actual as written, …]], …]
    met = models.PositiveIntegerField("达成次数", default=0)
    judged = models.PositiveIntegerField("可比次数", default=0)  # outcomes whose target and actual compare
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标库"
        ordering = ["level1", "level2", "-project_count", "name"]

    def __str__(self) -> str:
        return self.name


class LibraryFolder(models.Model):
    """A folder of documents loaded into the 指标库 (``indicator_library FOLDER``): what a
    ``--rebuild`` reads again, since its documents are read, not stored."""

    path = models.CharField("文件夹", max_length=1000, unique=True)  # absolute
    files = models.PositiveIntegerField("文件数", default=0)
    tables = models.PositiveIntegerField("目标表数", default=0)
    forms = models.PositiveIntegerField("自评表数", default=0)
    loaded = models.DateTimeField("载入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标库已载入文件夹"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path


class LibraryProject(models.Model):
    """A project counted in the 指标库 (``jixiao.model.project_kinds.Profile``): what the kinds of
    projects are learned from — its name, unit, the function subject printed for it and its indicators."""

    label = models.CharField("项目", max_length=600, unique=True)  # "unit 名称" as in LibraryEntry.projects
    name = models.CharField("项目名称", max_length=300)
    unit = models.CharField("单位", max_length=200, blank=True, default="")  # its code, else its name
    code = models.CharField("功能分类科目", max_length=16, blank=True, default="")
    indicators = models.JSONField("指标", default=list, blank=True)  # LibraryEntry keys
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标库项目"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label
