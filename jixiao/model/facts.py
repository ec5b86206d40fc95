"""The names of the facts read from a 情况说明 (narrative): one declaration for the reader and the checks.

A :class:`~jixiao.model.accounts.Fact` carries a dotted key (``income.fiscal.share``). The reader
(:mod:`jixiao.ingest.narrative`) writes the keys into its sentence templates
(``f"本年收入合计<{Key.INCOME_TOTAL}>万元"``) and the checks (:mod:`jixiao.checks.narrative`) look
the facts up by the same names, so a search for a name finds both ends.

- :class:`Key` — the facts a section states once (``totals.income_expenditure``);
- families — facts stated once per thing the narrative lists, named by a builder:
  :func:`income` / :func:`expenditure` (+ :func:`share`), :func:`budget_class`, :func:`budget_item`,
  :func:`three_public`, :func:`vehicles`, :func:`grade_count`, :func:`project`, :func:`evaluation`.
  The parts a family member states are enums (:class:`ItemPart`, :class:`ThreePublicPart` …).

The key strings are part of the output (the JSON model carries them; messages never show them,
``narrative-fact-unmatched`` quotes the template wording instead): renaming a value here changes what users see.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CLASS",
    "EXPENDITURE_WORDS",
    "GRADE_SLUGS",
    "INCOME_WORDS",
    "ITEM",
    "PROJECT",
    "VEHICLE_WORDS",
    "ClassPart",
    "Evaluated",
    "EvaluationPart",
    "Expenditure",
    "Income",
    "ItemPart",
    "Key",
    "ProjectPart",
    "ThreePublicItem",
    "ThreePublicPart",
    "VehicleKind",
    "budget_class",
    "budget_item",
    "evaluation",
    "expenditure",
    "grade_count",
    "income",
    "project",
    "share",
    "three_public",
    "vehicles",
]


class Key(StrEnum):
    """Facts a section of the narrative states once."""

    # 收入支出决算总体情况
    TOTAL = "totals.income_expenditure"  # 收、支总计
    TOTAL_CHANGE = "totals.change"
    TOTAL_GROWTH = "totals.growth_pct"
    # 收入决算情况 / 支出决算情况
    INCOME_TOTAL = "income.total"  # 本年收入合计
    EXPENDITURE_TOTAL = "expenditure.total"  # 本年支出合计
    # 财政拨款收入支出决算总体情况
    FISCAL_TOTAL = "fiscal.total"  # 财政拨款收、支总计
    FISCAL_CHANGE = "fiscal.change"
    FISCAL_GROWTH = "fiscal.growth_pct"
    # 一般公共预算财政拨款支出决算总体情况 / 具体情况
    GENERAL_BUDGET = "general_budget.total"  # 一般公共预算财政拨款支出
    GENERAL_BUDGET_SHARE = "general_budget.share_of_expenditure"  # 占本年支出合计的…%
    GENERAL_BUDGET_CHANGE = "general_budget.change"
    GENERAL_BUDGET_GROWTH = "general_budget.growth_pct"
    GENERAL_BUDGET_INITIAL = "general_budget.initial_budget"  # 年初预算为…万元
    GENERAL_BUDGET_ACTUAL = "general_budget.actual"  # 支出决算为…万元
    GENERAL_BUDGET_COMPLETION = "general_budget.completion_pct"  # 完成年初预算的…%
    # 一般公共预算财政拨款基本支出决算情况
    BASIC = "basic.total"
    BASIC_PERSONNEL = "basic.personnel"  # 人员经费
    BASIC_PUBLIC = "basic.public"  # 公用经费
    # 机关运行经费支出情况
    ADMIN_COSTS = "admin_costs.total"
    ADMIN_COSTS_CHANGE = "admin_costs.change"
    ADMIN_COSTS_CHANGE_PCT = "admin_costs.change_pct"
    # 政府采购支出情况
    PROCUREMENT = "procurement.total"  # 政府采购支出总额
    PROCUREMENT_GOODS = "procurement.goods"
    PROCUREMENT_WORKS = "procurement.works"
    PROCUREMENT_SERVICES = "procurement.services"
    PROCUREMENT_SME = "procurement.sme"  # 授予中小企业合同金额
    PROCUREMENT_SME_SHARE = "procurement.sme.share"
    PROCUREMENT_SMALL_MICRO = "procurement.small_micro"  # 授予小微企业合同金额
    PROCUREMENT_SMALL_MICRO_SHARE = "procurement.small_micro.share"
    PROCUREMENT_GOODS_SME_SHARE = "procurement.goods.sme_share"
    PROCUREMENT_WORKS_SME_SHARE = "procurement.works.sme_share"
    PROCUREMENT_SERVICES_SME_SHARE = "procurement.services.sme_share"
    PROCUREMENT_SME_RESERVED = "procurement.sme_reserved"
    PROCUREMENT_SMALL_MICRO_RESERVED = "procurement.small_micro_reserved"
    # 国有资产占用情况
    VEHICLES = "assets.vehicles"  # 共有车辆…辆
    EQUIPMENT_OVER_1M = "assets.equipment_over_1m"
    # 预算绩效管理工作开展情况 / 预算绩效管理情况 / 市级预算项目绩效自评结果
    SELF_EVAL_PROJECTS = "performance.self_eval.projects"  # 涵盖项目…个
    SELF_EVAL_FUNDS = "performance.self_eval.funds"
    SELF_EVAL_SHARE = "performance.self_eval.share"
    SELF_EVAL_AVERAGE_SCORE = "performance.self_eval.average_score"
    SELF_EVAL_PROBLEMS = "performance.self_eval.problems"
    SELF_EVAL_TOTAL = "performance.self_eval.total"  # 自评的…个项目中
    SELF_EVAL_FORMS = "performance.self_eval.forms"  # 等…个项目的绩效自评表
    DEPT_EVAL_PROJECTS = "performance.dept_eval.projects"
    DEPT_EVAL_FUNDS = "performance.dept_eval.funds"
    TARGETS_PROJECTS = "performance.targets.projects"
    TARGETS_FUNDS = "performance.targets.funds"
    MONITORING_PROJECTS = "performance.monitoring.projects"
    MONITORING_FUNDS = "performance.monitoring.funds"


def share(key: str) -> str:
    """The share stated with an amount: ``income.fiscal`` → ``income.fiscal.share``."""
    return f"{key}.share"


# -- 收入决算情况 / 支出决算情况: income.<source>, expenditure.<kind> (each with its .share) -----------


class Income(StrEnum):
    FISCAL = "fiscal"
    SUPERIOR_GRANT = "superior_grant"
    OPERATIONS = "operations"
    BUSINESS = "business"
    AFFILIATES = "affiliates"
    OTHER = "other"


INCOME_WORDS: dict[str, Income] = {
    "财政拨款收入": Income.FISCAL, "上级补助收入": Income.SUPERIOR_GRANT, "事业收入": Income.OPERATIONS,
    "经营收入": Income.BUSINESS, "附属单位上缴收入": Income.AFFILIATES, "其他收入": Income.OTHER,
}  # fmt: skip


class Expenditure(StrEnum):
    BASIC = "basic"
    PROJECT = "project"
    BUSINESS = "business"
    TO_SUPERIOR = "to_superior"
    TO_AFFILIATES = "to_affiliates"


EXPENDITURE_WORDS: dict[str, Expenditure] = {
    "基本支出": Expenditure.BASIC, "项目支出": Expenditure.PROJECT, "经营支出": Expenditure.BUSINESS,
    "上缴上级支出": Expenditure.TO_SUPERIOR, "对附属单位补助支出": Expenditure.TO_AFFILIATES,
}  # fmt: skip


def income(source: str) -> str:
    """``income.fiscal``; a source the template does not name keeps its printed name."""
    return f"income.{source}"


def expenditure(kind: str) -> str:
    return f"expenditure.{kind}"


# -- 一般公共预算财政拨款支出决算结构情况 / 具体情况: one fact group per 类 and per 项 --------------------

CLASS = "general_budget.class"  # general_budget.class.<n>.amount / .share, n = 1, 2, … in order
ITEM = "general_budget.item"  # general_budget.item.<n>.<part>, n = the paragraph's ordinal


class ClassPart(StrEnum):
    AMOUNT = "amount"
    SHARE = "share"


class ItemPart(StrEnum):
    INITIAL = "initial"  # 年初预算为…万元
    FULL_YEAR_BUDGET = "full_year_budget"  # 全年预算为…万元 (Shanghai's template)
    ACTUAL = "actual"  # 支出决算为…万元
    COMPLETION = "completion_pct"  # 完成年初预算的…%


def budget_class(n: str | int, part: str = "") -> str:
    """``general_budget.class.1.share``; without a part, the prefix ``general_budget.class.1.``."""
    return f"{CLASS}.{n}.{part}"


def budget_item(n: str | int, part: str = "") -> str:
    """``general_budget.item.3.actual``; without a part, the prefix ``general_budget.item.3.``."""
    return f"{ITEM}.{n}.{part}"


# -- “三公”经费: the whole (three_public.<part>) and each item (three_public.<item>.<part>) -------------


class ThreePublicItem(StrEnum):
    ABROAD = "abroad"  # 因公出国（境）费
    VEHICLES = "vehicles"  # 公务用车购置及运行维护费
    RECEPTION = "reception"  # 公务接待费


class ThreePublicPart(StrEnum):
    BUDGET = "budget"  # 全年预算为…万元
    ACTUAL = "actual"  # 支出决算为…万元
    CHANGE = "change"  # 比全年预算减少…万元
    COMPLETION = "completion_pct"  # 完成全年预算的…%
    # 因公出国（境）
    GROUPS = "groups"
    PERSON_TIMES = "person_times"
    # 公务用车
    PURCHASE = "purchase"  # 购置费支出…万元
    PURCHASED = "purchased"  # 购置公务用车…辆
    OPERATION = "operation"  # 运行维护费支出…万元
    HELD = "held"  # 保有量…辆
    # 公务接待
    DOMESTIC = "domestic"
    DOMESTIC_BATCHES = "domestic_batches"
    DOMESTIC_PERSON_TIMES = "domestic_person_times"
    FOREIGN_AFFAIRS_BATCHES = "foreign_affairs_batches"
    FOREIGN_AFFAIRS_PERSON_TIMES = "foreign_affairs_person_times"
    ABROAD = "abroad"
    ABROAD_BATCHES = "abroad_batches"
    ABROAD_PERSON_TIMES = "abroad_person_times"


def three_public(part: str = "", item: str | None = None) -> str:
    """``three_public.budget`` (the whole), ``three_public.vehicles.held`` (an item); without a part,
    the prefix (``three_public.vehicles.``)."""
    return f"three_public.{item}.{part}" if item else f"three_public.{part}"


# -- 国有资产占用情况: vehicles by kind ---------------------------------------------------------------


class VehicleKind(StrEnum):
    LEADERS = "leaders"
    CONFIDENTIAL = "confidential"
    EMERGENCY = "emergency"
    LAW_ENFORCEMENT = "law_enforcement"
    SPECIAL_TECHNICAL = "special_technical"
    RETIREES = "retirees"
    OTHER = "other"


VEHICLE_WORDS: dict[str, VehicleKind] = {
    "领导干部用车": VehicleKind.LEADERS, "机要通信用车": VehicleKind.CONFIDENTIAL,
    "应急保障用车": VehicleKind.EMERGENCY, "执法执勤用车": VehicleKind.LAW_ENFORCEMENT,
    "特种专业技术用车": VehicleKind.SPECIAL_TECHNICAL, "离退休干部用车": VehicleKind.RETIREES,
    "其他用车": VehicleKind.OTHER,
}  # fmt: skip


def vehicles(kind: str) -> str:
    """``assets.vehicles.confidential``; a kind the template does not name keeps its printed name."""
    return f"{Key.VEHICLES}.{kind}"


# -- self-evaluation results: projects per grade, one summary per project -----------------------------

GRADE_SLUGS = {"优": "excellent", "良": "good", "中": "fair", "差": "poor", "合格": "pass", "不合格": "fail"}
PROJECT = "performance.project"  # performance.project.<n>.<part>, n = the summary's ordinal


def grade_count(grade: str) -> str:
    """The number of projects graded ``grade``: 优 → ``performance.grade.excellent``."""
    return f"performance.grade.{GRADE_SLUGS.get(grade, grade)}"


class ProjectPart(StrEnum):
    SCORE = "score"  # 自评得分为…分
    BUDGET = "budget"  # 预算数为…万元
    EXECUTED = "executed"  # 执行数为…万元
    EXECUTION_PCT = "execution_pct"  # 完成预算的…%


def project(n: str | int, part: str = "") -> str:
    """``performance.project.2.score``; without a part, the prefix ``performance.project.2.``."""
    return f"{PROJECT}.{n}.{part}"


# -- 部门评价结果 / 财政评价结果 ----------------------------------------------------------------------


class Evaluated(StrEnum):
    DEPARTMENT = "performance.department_evaluation"
    FINANCE = "performance.finance_evaluation"


class EvaluationPart(StrEnum):
    PROJECT = "project"  # the project named “…”项目
    SCORE = "score"
    GRADE = "grade"


def evaluation(which: Evaluated, part: str = "") -> str:
    """``performance.department_evaluation.score``; without a part, the prefix (ending in a dot)."""
    return f"{which}.{part}"
