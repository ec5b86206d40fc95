"""Tables for the core model (app label ``store``).

Conventions (docs/web.md):

- Every table that holds a record read from a document keeps that record's ``Source`` as JSON
  (``source``: ``jixiao.model.codec.encode(source)``) so findings can still point at the cell.
- Money and published numbers are ``DecimalField``s, never floats. A published number that
  the model keeps as a :class:`~jixiao.model.selfeval.Figure` (raw text + value) is stored as a
  pair of columns ``<name>_raw`` / ``<name>_value`` (``<name>_raw`` NULL = the cell was blank)
  and its source in ``figure_sources[<name>]``.
- A typed value (指标值 / 实际完成值) is stored as its raw text ``<name>_raw`` plus the parsed
  ``TargetValue`` as JSON ``<name>``; the raw text is authoritative: when they disagree (the
  raw was edited) :mod:`.mapping` re-parses the raw text with the core grammar.
- Records people edit and route through the workflow (``Project``, ``SelfEvaluation``) have
  ``status`` (:class:`Status`) and ``version`` (optimistic locking: bump on every save,
  refuse a save whose version is stale).
- ``snapshot`` fields keep the record exactly as read (``codec.encode``); the rows are the
  editable current state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

MONEY = {"max_digits": 18, "decimal_places": 6}  # 万元 with six decimals = 0.01 元
FIGURE = {"max_digits": 24, "decimal_places": 10}  # a Figure's value: "99.75614267"; its text is in <name>_raw
POINTS = {"max_digits": 12, "decimal_places": 4}  # weights printed in labels: "(50分)"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    DEPT_APPROVED = "dept_approved", "主管部门已审核"
    BUREAU_APPROVED = "bureau_approved", "财政局已审核"
    PUBLISHED = "published", "已公开"


class Link(models.TextChoices):
    """How a self-evaluation or an evaluation report was linked to its project (``jixiao.web.store.links``)."""

    NONE = "", "未关联"
    AUTO = "auto", "自动关联（编码或名称一致）"
    GUESS = "guess", "待确认（名称相近）"
    CONFIRMED = "confirmed", "已人工确认"


class Role(models.TextChoices):
    UNIT_CLERK = "unit_clerk", "单位填报人"
    DEPARTMENT_REVIEWER = "department_reviewer", "主管部门审核人"
    FINANCE_BUREAU = "finance_bureau", "财政局"
    EVALUATOR = "evaluator", "评价人员"
    ADMIN = "admin", "系统管理员"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", "财政局"
        DEPARTMENT = "department", "主管部门"
        UNIT = "unit", "预算单位"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    code = models.CharField("编码", max_length=32, null=True, blank=True)
    name = models.CharField("名称", max_length=200)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )

    class Meta:
        verbose_name = verbose_name_plural = "组织"
        ordering = ["kind", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(code__isnull=False), name="store_org_code_unique"),
            models.UniqueConstraint(fields=["kind", "name"], name="store_org_kind_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}{self.name}" if self.code else self.name


class Profile(models.Model):
    """A Django user's place: organisation and role (superusers may have none)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name="用户")
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="members", verbose_name="所属组织"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    assigned_projects = models.ManyToManyField(
        "Project", blank=True, related_name="evaluators", verbose_name="分配的项目"
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户资料"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class SourceDocument(models.Model):
    """An imported file: its bytes, what was read (``snapshot``) and how many findings."""

    file_name = models.CharField("文件名", max_length=255)
    kind = models.CharField("类型", max_length=32)  # Document.kind: goal_tables / final_accounts / unknown
    encoding = models.CharField("编码", max_length=32, null=True, blank=True)
    raw = models.BinaryField("原始文件", null=True, blank=True)
    line_count = models.PositiveIntegerField("行数", default=0)
    title = models.CharField("标题", max_length=500, null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    department = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="documents", verbose_name="部门"
    )
    snapshot = models.JSONField("读取结果", default=dict)  # codec.encode(Document), as read
    finding_count = models.PositiveIntegerField("发现数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("警告数", default=0)
    info_count = models.PositiveIntegerField("提示数", default=0)
    # the findings of the document as it is now (reading + every check) counted, [[severity, code, n]],
    # and the stamp they were computed at (jixiao.web.pages.stored): a stale stamp means recompute
    findings_summary = models.JSONField("当前发现计数", default=list, blank=True)
    findings_stamp = models.CharField("发现计数戳", max_length=64, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="uploads", verbose_name="上传人"
    )
    created = models.DateTimeField("上传时间", auto_now_add=True)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64, blank=True, default="", db_index=True)
    replaces = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="replaced_by", verbose_name="替代的旧版本"
    )

    class Meta:
        verbose_name = verbose_name_plural = "源文件"
        ordering = ["-created", "id"]

    def __str__(self) -> str:
        return self.file_name


class WorkflowRecord(models.Model):
    """Status and version shared by the records that go through the workflow."""

    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class Project(WorkflowRecord):
    """A project's 绩效目标表 (``jixiao.model.goals.Project``)."""

    source_document = models.ForeignKey(
        SourceDocument, models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name="源文件"
    )
    position = models.PositiveIntegerField("文件中的序号", default=0)
    unit = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="projects", verbose_name="预算单位"
    )
    unit_source = models.JSONField("单位位置", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    number = models.IntegerField("表序号", null=True, blank=True)
    code = models.CharField("项目编码", max_length=64, null=True, blank=True)
    name = models.CharField("项目名称", max_length=300)
    money_unit = models.CharField("金额单位", max_length=16, default="万元")
    budget = models.DecimalField("预算数", null=True, blank=True, **MONEY)
    fiscal_funds = models.DecimalField("其中：财政资金", null=True, blank=True, **MONEY)
    other_funds = models.DecimalField("其他资金", null=True, blank=True, **MONEY)
    purpose = models.TextField("资金用途", null=True, blank=True)
    goal = models.TextField("绩效目标", null=True, blank=True)
    title = models.CharField("表题", max_length=500, blank=True, default="")
    plan_header = models.CharField("资金支出计划表头", max_length=200, null=True, blank=True)  # NULL: no plan
    plan_source = models.JSONField("资金支出计划位置", null=True, blank=True)
    source = models.JSONField("位置", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目绩效目标"
        ordering = ["year", "unit__code", "number", "id"]

    def __str__(self) -> str:
        return f"{self.year or ''} {self.name}".strip()


class Indicator(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="indicators", verbose_name="项目")
    position = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级指标", max_length=100, blank=True, default="")
    level2 = models.CharField("二级指标", max_length=100, blank=True, default="")
    name = models.CharField("三级指标", max_length=300, blank=True, default="")
    description = models.TextField("绩效指标描述", blank=True, default="")
    target_raw = models.TextField("指标值", blank=True, default="")
    target = models.JSONField("指标值（解析）", null=True, blank=True)  # codec.encode(TargetValue)
    basis = models.TextField("指标值确定依据", null=True, blank=True)
    level1_inherited = models.BooleanField("一级指标沿用上行", default=False)
    source = models.JSONField("位置", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效指标"
        ordering = ["project", "position", "id"]

    def __str__(self) -> str:
        return self.name


class PlanPoint(models.Model):
    project = models.ForeignKey(Project, models.CASCADE, related_name="plan_points", verbose_name="项目")
    position = models.PositiveIntegerField("序号", default=0)
    label = models.CharField("时点", max_length=50)
    month = models.PositiveSmallIntegerField("月份")
    amount = models.DecimalField("计划数", null=True, blank=True, **MONEY)
    raw = models.CharField("原文", max_length=100, blank=True, default="")
    source = models.JSONField("位置", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资金支出计划"
        ordering = ["project", "position", "id"]


class FinalAccounts(models.Model):
    """A department's 部门决算; the self-evaluations and evaluations are rows of their own."""

    source_document = models.ForeignKey(
        SourceDocument, models.CASCADE, null=True, blank=True, related_name="final_accounts", verbose_name="源文件"
    )
    department = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="final_accounts", verbose_name="部门"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    title = models.CharField("标题", max_length=500, null=True, blank=True)
    # codec.encode(FinalAccounts) with self_evaluations and evaluations emptied (they are rows)
    snapshot = models.JSONField("内容", default=dict)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门决算"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title or f"{self.year} 部门决算"


class Budget(models.Model):
    """A 部门预算 or 单位预算 disclosure (its tables and narrative kept whole as ``snapshot``)."""

    class Edition(models.TextChoices):
        DEPARTMENT = "department", "部门预算"
        UNIT = "unit", "单位预算"

    source_document = models.ForeignKey(
        SourceDocument, models.CASCADE, null=True, blank=True, related_name="budgets", verbose_name="源文件"
    )
    department = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="budgets", verbose_name="部门"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    edition = models.CharField("版本", max_length=16, choices=Edition.choices, null=True, blank=True)
    title = models.CharField("标题", max_length=500, null=True, blank=True)
    snapshot = models.JSONField("内容", default=dict)  # codec.encode(BudgetDisclosure), as read
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门预算"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title or f"{self.year} {self.get_edition_display() or '预算'}"


class SelfEvaluation(WorkflowRecord):
    """A 绩效自评表 (``jixiao.model.selfeval.SelfEvaluation``), every field editable."""

    source_document = models.ForeignKey(
        SourceDocument, models.SET_NULL, null=True, blank=True, related_name="self_evaluations", verbose_name="源文件"
    )
    final_accounts = models.ForeignKey(
        FinalAccounts, models.SET_NULL, null=True, blank=True, related_name="self_evaluations", verbose_name="部门决算"
    )
    # the core's score of the form as stored (ScoreResult: computed total, to 10 decimals, and grade; the
    # printed total and grade as the scoring read them), and the stamp it was computed at (pages/stored.py)
    computed_total = models.DecimalField("计算得分", max_digits=20, decimal_places=10, null=True, blank=True)
    computed_grade = models.CharField("计算等级", max_length=16, blank=True, default="")
    computed_published_total = models.DecimalField(
        "表中得分（读取）", max_digits=20, decimal_places=10, null=True, blank=True
    )
    computed_published_grade = models.CharField("表中等级（读取）", max_length=16, blank=True, default="")
    computed_stamp = models.CharField("计算戳", max_length=64, blank=True, default="")
    position = models.PositiveIntegerField("文件中的序号", default=0)
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="self_evaluations", verbose_name="项目"
    )
    project_link = models.CharField("项目关联", max_length=16, choices=Link.choices, blank=True, default="")
    unit = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="self_evaluations", verbose_name="实施单位"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    title = models.CharField("表题", max_length=300, blank=True, default="")
    project_name = models.CharField("项目名称", max_length=300, blank=True, default="")
    department_name = models.CharField("主管部门", max_length=200, null=True, blank=True)
    unit_name = models.CharField("项目实施单位", max_length=200, null=True, blank=True)
    phone = models.CharField("联系电话", max_length=64, null=True, blank=True)
    money_unit = models.CharField("金额单位", max_length=16, null=True, blank=True)
    budget_weight_label = models.CharField("预算执行分值标签", max_length=200, null=True, blank=True)
    budget_points = models.DecimalField("预算执行分值", null=True, blank=True, **POINTS)
    goal_expected = models.TextField("年初预期目标", null=True, blank=True)
    goal_actual = models.TextField("目标实际完成情况", null=True, blank=True)
    indicator_weight_label = models.CharField("年度绩效指标分值标签", max_length=200, null=True, blank=True)
    indicator_points = models.DecimalField("年度绩效指标分值", null=True, blank=True, **POINTS)
    subtotal_weight_raw = models.TextField("小计分值（原文）", null=True, blank=True)
    subtotal_weight_value = models.DecimalField("小计分值（数值）", null=True, blank=True, **FIGURE)
    subtotal_score_raw = models.TextField("小计得分（原文）", null=True, blank=True)
    subtotal_score_value = models.DecimalField("小计得分（数值）", null=True, blank=True, **FIGURE)
    total_raw = models.TextField("总分（原文）", null=True, blank=True)
    total_value = models.DecimalField("总分（数值）", null=True, blank=True, **FIGURE)
    low_score_label = models.TextField("低分说明标签", null=True, blank=True)
    low_score_explanation = models.TextField("低分原因及措施", null=True, blank=True)
    notes = models.JSONField("注", default=list, blank=True)
    stray = models.JSONField("未归列的数字", default=list, blank=True)  # [codec.encode(Figure)]
    figure_sources = models.JSONField("数字位置", default=dict, blank=True)
    source = models.JSONField("位置", null=True, blank=True)
    snapshot = models.JSONField("读取结果", null=True, blank=True)  # codec.encode(SelfEvaluation) as imported
    # a form made in the app (jixiao.monitor.selfeval_draft) names its scheme; "" = read from a document
    scheme = models.CharField("评分方案", max_length=100, blank=True, default="")
    # 部门整体支出绩效自评表 (``SelfEvaluation.department_wide``): made from a department's stored targets
    department_wide = models.BooleanField("部门整体", default=False)
    department_targets = models.ForeignKey(
        "DepartmentTargets", models.SET_NULL, null=True, blank=True, related_name="self_evaluations",
        verbose_name="部门整体绩效目标",
    )
    tasks = models.JSONField("年度主要任务", default=list, blank=True)  # [{name, content, budget, executed}]

    class Meta:
        verbose_name = verbose_name_plural = "绩效自评表"
        ordering = ["-year", "unit__code", "position", "id"]

    def __str__(self) -> str:
        return f"{self.year or ''} {self.project_name}".strip()


class SelfEvalBudgetLine(models.Model):
    """A row of the 项目预算执行情况 block (``BudgetLine``)."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation, models.CASCADE, related_name="budget_lines", verbose_name="自评表"
    )
    position = models.PositiveIntegerField("序号", default=0)
    name = models.CharField("资金项", max_length=200)
    initial_raw = models.TextField("年初预算数（原文）", null=True, blank=True)
    initial_value = models.DecimalField("年初预算数（数值）", null=True, blank=True, **FIGURE)
    adjusted_raw = models.TextField("全年预算数（原文）", null=True, blank=True)
    adjusted_value = models.DecimalField("全年预算数（数值）", null=True, blank=True, **FIGURE)
    executed_raw = models.TextField("全年执行数（原文）", null=True, blank=True)
    executed_value = models.DecimalField("全年执行数（数值）", null=True, blank=True, **FIGURE)
    weight_raw = models.TextField("分值（原文）", null=True, blank=True)
    weight_value = models.DecimalField("分值（数值）", null=True, blank=True, **FIGURE)
    rate_raw = models.TextField("执行率（原文）", null=True, blank=True)
    rate_value = models.DecimalField("执行率（数值）", null=True, blank=True, **FIGURE)
    score_raw = models.TextField("得分（原文）", null=True, blank=True)
    score_value = models.DecimalField("得分（数值）", null=True, blank=True, **FIGURE)
    extra = models.JSONField("未归列的数字", default=list, blank=True)
    figure_sources = models.JSONField("数字位置", default=dict, blank=True)
    source = models.JSONField("位置", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "自评预算执行"
        ordering = ["self_evaluation", "position", "id"]


class SelfEvalIndicator(models.Model):
    """A row of 年度绩效指标 (``IndicatorResult``)."""

    self_evaluation = models.ForeignKey(
        SelfEvaluation, models.CASCADE, related_name="indicator_results", verbose_name="自评表"
    )
    position = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级指标", max_length=100, blank=True, default="")
    level2 = models.CharField("二级指标", max_length=100, blank=True, default="")
    name = models.CharField("三级指标", max_length=300, blank=True, default="")
    target_raw = models.TextField("年度指标值", blank=True, default="")
    target = models.JSONField("年度指标值（解析）", null=True, blank=True)
    actual_raw = models.TextField("实际完成值", blank=True, default="")
    actual = models.JSONField("实际完成值（解析）", null=True, blank=True)
    weight_raw = models.TextField("分值（原文）", null=True, blank=True)
    weight_value = models.DecimalField("分值（数值）", null=True, blank=True, **FIGURE)
    score_raw = models.TextField("得分（原文）", null=True, blank=True)
    score_value = models.DecimalField("得分（数值）", null=True, blank=True, **FIGURE)
    deviation = models.TextField("偏差原因分析及改进措施", null=True, blank=True)
    level1_points = models.DecimalField("一级指标分值", null=True, blank=True, **POINTS)
    level1_inherited = models.BooleanField("一级指标沿用上行", default=False)
    level2_inherited = models.BooleanField("二级指标沿用上行", default=False)
    extra = models.JSONField("未归列的数字", default=list, blank=True)
    figure_sources = models.JSONField("数字位置", default=dict, blank=True)
    source = models.JSONField("位置", null=True, blank=True)
    # on a form made in the app the 得分 is the computed score; a clerk's own score needs a reason
    override_reason = models.TextField("改分理由", blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "自评指标"
        ordering = ["self_evaluation", "position", "id"]


class DepartmentTargets(WorkflowRecord):
    """部门整体绩效目标 (``jixiao.model.department.DepartmentTargets``) of a department for a year."""

    department = models.ForeignKey(
        Organisation, models.PROTECT, related_name="department_targets", verbose_name="部门"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("表题", max_length=300, default="部门整体绩效目标表")
    overall_goal = models.TextField("年度总体目标", blank=True, default="")
    duties = models.JSONField("部门职责", default=list, blank=True)  # one item each
    money_unit = models.CharField("金额单位", max_length=16, default="万元")
    # 部门职能 → 重点工作 → 资金 rows: [{"duty": …, "task": …, "amount": "12.5" | null}, …]
    tasks = models.JSONField("部门职能与重点工作", default=list, blank=True)
    printed_total = models.DecimalField("资金总额（表中所填）", null=True, blank=True, **MONEY)
    # the department's own unit (本级) whose clerk enters and submits the table (workflow.states); NULL:
    # not known yet (the first entry by a clerk of the department's own unit sets it)
    unit = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="own_department_targets",
        verbose_name="编报单位",
    )  # fmt: skip
    source_document = models.ForeignKey(
        "SourceDocument", models.SET_NULL, null=True, blank=True, related_name="department_targets",
        verbose_name="源文件",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "部门整体绩效目标"
        ordering = ["-year", "department__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="store_dept_targets_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department.name}部门整体绩效目标"


class DepartmentFund(models.Model):
    targets = models.ForeignKey(DepartmentTargets, models.CASCADE, related_name="funds", verbose_name="部门整体目标")
    position = models.PositiveIntegerField("序号", default=0)
    source = models.CharField("资金来源", max_length=100)
    amount = models.DecimalField("金额", null=True, blank=True, **MONEY)
    part_of = models.CharField("所属来源（其中）", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "部门整体资金"
        ordering = ["targets", "position", "id"]


class DepartmentIndicator(models.Model):
    targets = models.ForeignKey(
        DepartmentTargets, models.CASCADE, related_name="indicators", verbose_name="部门整体目标"
    )
    position = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级指标", max_length=100, blank=True, default="")
    level2 = models.CharField("二级指标", max_length=100, blank=True, default="")
    name = models.CharField("三级指标", max_length=300, blank=True, default="")
    description = models.TextField("绩效指标描述", blank=True, default="")
    target_raw = models.TextField("指标值", blank=True, default="")
    target = models.JSONField("指标值（解析）", null=True, blank=True)
    basis = models.TextField("指标值确定依据", null=True, blank=True)
    points = models.DecimalField("分值", null=True, blank=True, max_digits=12, decimal_places=4)
    nature = models.CharField("指标性质", max_length=20, blank=True, default="")
    measure_unit = models.CharField("计量单位", max_length=40, blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "部门整体绩效指标"
        ordering = ["targets", "position", "id"]


class Evaluation(models.Model):
    """An evaluation report (部门评价 / 财政评价), kept whole as ``snapshot``."""

    source_document = models.ForeignKey(
        SourceDocument, models.SET_NULL, null=True, blank=True, related_name="evaluations", verbose_name="源文件"
    )
    final_accounts = models.ForeignKey(
        FinalAccounts, models.SET_NULL, null=True, blank=True, related_name="evaluations", verbose_name="部门决算"
    )
    position = models.PositiveIntegerField("文件中的序号", default=0)
    kind = models.CharField("类型", max_length=16)  # department / finance / unknown
    title = models.CharField("标题", max_length=500, blank=True, default="")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="evaluations", verbose_name="项目"
    )
    project_link = models.CharField("项目关联", max_length=16, choices=Link.choices, blank=True, default="")
    project_name = models.CharField("评价项目", max_length=300, null=True, blank=True)
    evaluated_unit = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="evaluations", verbose_name="被评价单位"
    )
    score = models.DecimalField("评价得分（报告所载）", null=True, blank=True, **FIGURE)
    grade = models.CharField("等级", max_length=8, null=True, blank=True)
    snapshot = models.JSONField("内容", default=dict)  # codec.encode(Evaluation)
    # the evaluator's measured values (a measurement file, docs/schemes.md), kept with the evaluation itself
    measurements = models.TextField("测量值（YAML）", blank=True, default="")
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评价报告"
        ordering = ["-year", "position", "id"]

    def __str__(self) -> str:
        return self.title


class AuditEntry(models.Model):
    """One change: who, when, which record, what (``{field: [before, after]}``) and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="操作人",
    )
    when = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    object_type = models.CharField("对象类型", max_length=64)  # "store.project" (app_label.model_name)
    object_id = models.CharField("对象编号", max_length=64)
    action = models.CharField("操作", max_length=32)  # create / update / submit / return / approve / publish …
    changes = models.JSONField("变更", default=dict, blank=True)
    reason = models.TextField("理由", blank=True, default="")

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-when", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="store_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.object_type}#{self.object_id} {self.action}"


# the sampling review and the disclosure entries live in a module of their own (same app)
from jixiao.web.store.review import (  # noqa: E402, F401
    DisclosureEntry,
    SampleItem,
    SampleReview,
    SampleScore,
)
