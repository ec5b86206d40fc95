"""The next 部门决算 disclosure from the data: what the nine tables do not hold, entered per
department and year (:class:`Entries`), and the parts of the package written from it and from
the system's own records (:class:`PerformanceRecords`).

- :func:`entries_from_document` imports the entries from a read disclosure: last year's
  (its table totals become this year's 上年数, its 机关运行经费 the 上年决算数, its 部门概况 and
  名词解释 the starting text) or this year's own published text (a restatement: every value it
  states, as :func:`~jixiao.report.disclosure_inputs.inputs_from_published_text` reads them).
  Each part records where it came from (``provenance``).
- :func:`narrative_inputs` turns the entries into the narrative's inputs (sections 一 … 九).
- :func:`other_sections` writes section 十 (机关运行经费, 政府采购, 国有资产);
  :func:`performance_sections` section 十一 (预算绩效情况说明) from the records: projects with
  targets, monitored, self-evaluated (by grade, each project's 综述), evaluations with scores.
- :func:`build_package` is the whole package: the tables of the year's final accounts, the
  narrative 一 … 十一, 第一部分 部门概况 and 第四部分 名词解释.

Missing data is said to be missing in the text (〔待补充〕) and listed in the view's gaps.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.accounts import TableKind
from jixiao.model.document import Document
from jixiao.model.grades import GRADES
from jixiao.numbers import places, plain, rounded
from jixiao.report.common import money
from jixiao.report.disclosure_cells import cell, pct, share, tables_by_kind
from jixiao.report.disclosure_inputs import COUNT_FACTS, Input, NarrativeInputs, PriorYear, inputs_from_published_text
from jixiao.report.disclosure_narrative import Section, expenditure_parts, general_total
from jixiao.report.disclosure_view import DisclosureView, build_disclosure

MISSING = "〔待补充〕"
VEHICLE_KINDS = (
    "符合规定领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
)
PROCUREMENT_FIELDS = ("total", "goods", "works", "services", "sme", "small_micro")
PROCUREMENT_SHARES = ("goods_sme_share", "works_sme_share", "services_sme_share")
NUMERIC = ("prior_total", "prior_fiscal_total", "prior_general_budget", "initial_total", "admin_costs")
NUMERIC += ("admin_costs_prior", "equipment")


@dataclass(slots=True)
class Entries:
    """What a department enters for its year's disclosure (万元 unless a count)."""

    year: int
    department: str
    prior_total: Decimal | None = None  # 上年收、支总计
    prior_fiscal_total: Decimal | None = None  # 上年财政拨款收、支总计
    prior_general_budget: Decimal | None = None  # 上年一般公共预算财政拨款支出
    initial_total: Decimal | None = None  # 一般公共预算财政拨款支出年初预算
    initial_by_code: dict[str, Decimal] = field(default_factory=dict)  # table 05 code → 年初预算
    counts: dict[str, Decimal] = field(default_factory=dict)  # COUNT_FACTS keys: 三公 counts
    reasons: dict[str, str] = field(default_factory=dict)  # narrative slot → 主要原因
    admin_costs: Decimal | None = None  # 机关运行经费支出
    admin_costs_prior: Decimal | None = None  # 上年决算数
    admin_costs_reason: str = ""
    procurement: dict[str, Decimal] = field(default_factory=dict)  # PROCUREMENT_FIELDS, *_share in %
    vehicles: dict[str, int] = field(default_factory=dict)  # VEHICLE_KINDS → 辆
    equipment: Decimal | None = None  # 单位价值100万元（含）以上设备 台（套）
    duties_intro: str = ""
    duties: list[str] = field(default_factory=list)
    institutions_intro: str = ""
    institutions: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)  # "财政拨款收入：指……"
    provenance: dict[str, str] = field(default_factory=dict)  # part → where it came from


def encode(e: Entries) -> dict[str, Any]:
    """JSON-able (Decimals as text, so nothing is lost)."""

    def out(v: Any) -> Any:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dict):
            return {k: out(x) for k, x in v.items()}
        if isinstance(v, list):
            return [out(x) for x in v]
        return v

    return {f.name: out(getattr(e, f.name)) for f in dataclasses.fields(e)}


def decode(data: dict[str, Any]) -> Entries:
    e = Entries(int(data["year"]), data.get("department", ""))
    for name in NUMERIC:
        value = data.get(name)
        setattr(e, name, None if value in (None, "") else Decimal(str(value)))
    for name in ("initial_by_code", "counts", "procurement"):
        setattr(e, name, {k: Decimal(str(v)) for k, v in (data.get(name) or {}).items() if v not in (None, "")})
    e.vehicles = {k: int(v) for k, v in (data.get("vehicles") or {}).items() if v not in (None, "")}
    for name in ("reasons", "provenance"):
        setattr(e, name, dict(data.get(name) or {}))
    for name in ("admin_costs_reason", "duties_intro", "institutions_intro"):
        setattr(e, name, data.get(name) or "")
    for name in ("duties", "institutions", "glossary"):
        setattr(e, name, list(data.get(name) or []))
    return e


# -- import from a read disclosure -------------------------------------------------------------


def _part_sections(doc: Document, word: str) -> list[Any]:
    return [s for s in (doc.accounts.sections if doc.accounts else ()) if word in s.part and s.part != "目录"]


def _overview(doc: Document, e: Entries) -> None:
    """部门职责 (its lead line and numbered duties), 机构设置 (lead and units) and 名词解释 as read."""
    for s in _part_sections(doc, "部门概况"):
        text = s.text.strip()
        if len(s.path) == 2 and s.title == "部门职责":
            e.duties_intro = text
        elif len(s.path) == 2 and s.title == "机构设置":
            e.institutions_intro = text
        elif len(s.path) == 3 and "部门职责" in s.path[1]:
            e.duties.append(text.replace("\n", ""))
        elif len(s.path) == 3 and "机构设置" in s.path[1]:
            e.institutions.append(text.replace("\n", "").rstrip("。"))
    e.glossary = [s.text.strip().replace("\n", "") for s in _part_sections(doc, "名词解释") if s.text.strip()]


def _fact(doc: Document, key: str) -> Decimal | None:
    return next((f.value for f in (doc.accounts.facts if doc.accounts else ()) if f.key == key), None)


def entries_from_document(doc: Document, year: int) -> Entries:
    """The entries for ``year`` from a read disclosure of ``year`` − 1 (last year's) or of ``year``."""
    department = doc.department.name if doc.department else ""
    e = Entries(year, department)
    where = f"{doc.year}年度部门决算（{doc.source_name()}）"
    _overview(doc, e)
    e.provenance["overview"] = e.provenance["glossary"] = f"沿用{where}的文字"
    if doc.year == year - 1:
        t = tables_by_kind(doc)
        e.prior_total = cell(t.get(TableKind.SUMMARY), "总计", side="收入")
        e.prior_fiscal_total = cell(t.get(TableKind.FISCAL_SUMMARY), "总计", side="收入")
        e.prior_general_budget = general_total(t)
        e.admin_costs_prior = _fact(doc, "admin_costs.total")
        e.provenance["prior"] = f"取自{where}的公开01、04、05表"
        e.provenance["admin_costs_prior"] = f"取自{where}情况说明"
        return e
    if doc.year != year:
        raise ValueError(f"{doc.year}年度的决算不能作为{year}年度的来源")
    inputs = inputs_from_published_text(doc)
    if inputs.prior is not None:
        p = inputs.prior
        e.prior_total, e.prior_fiscal_total, e.prior_general_budget = p.total, p.fiscal_total, p.general_budget
        e.provenance["prior"] = "由已公开情况说明所述增减额推算"
    if inputs.initial_total is not None:
        e.initial_total = Decimal(inputs.initial_total.value)
    e.initial_by_code = {code: Decimal(i.value) for code, i in inputs.initial_by_code.items()}
    e.counts = {k: Decimal(i.value) for k, i in inputs.counts.items() if i.value is not None}
    e.reasons = {slot: str(i.value) for slot, i in inputs.reasons.items()}
    e.admin_costs = _fact(doc, "admin_costs.total")
    change = next((f for f in doc.accounts.facts if f.key == "admin_costs.change"), None) if doc.accounts else None
    if e.admin_costs is not None and change is not None and change.value is not None:
        down = (change.label or "").startswith(("减少", "下降"))
        e.admin_costs_prior = e.admin_costs + change.value if down else e.admin_costs - change.value
    reason = _section_text(doc, "机关运行经费支出情况")
    m = re.search(r"主要原因是[:：]?([^。]+)。", reason)
    e.admin_costs_reason = m.group(1) if m else ""
    for name in (*PROCUREMENT_FIELDS, *PROCUREMENT_SHARES):
        key = "procurement." + name.replace("_sme_share", ".sme_share")
        if (value := _fact(doc, key)) is not None:
            e.procurement[name] = value
    slugs = ("leaders", "confidential", "emergency", "law_enforcement", "special_technical", "retirees", "other")
    for kind, slug in zip(VEHICLE_KINDS, slugs, strict=True):
        if (value := _fact(doc, f"assets.vehicles.{slug}")) is not None:
            e.vehicles[kind] = int(value)
    e.equipment = _fact(doc, "assets.equipment_over_1m")
    e.provenance.update({k: f"取自{where}情况说明" for k in ("initial", "counts", "reasons", "other")})
    return e


def _section_text(doc: Document, title: str) -> str:
    return next((s.text for s in (doc.accounts.sections if doc.accounts else ()) if s.title == title), "")


# -- the narrative's inputs ----------------------------------------------------------------------


def narrative_inputs(e: Entries) -> NarrativeInputs:
    def said(key: str, label: str, value: Any, unit: str, part: str) -> Input:
        return Input(key, label, value, unit, e.provenance.get(part, "部门录入"))

    prior = None
    prior_inputs: tuple[Input, ...] = ()
    if any(v is not None for v in (e.prior_total, e.prior_fiscal_total, e.prior_general_budget)):
        how = e.provenance.get("prior", "部门录入")
        prior = PriorYear(e.year - 1, e.prior_total, e.prior_fiscal_total, e.prior_general_budget, how)
        prior_inputs = (
            said("prior.totals", "上年收、支总计", e.prior_total, "万元", "prior"),
            said("prior.fiscal", "上年财政拨款收、支总计", e.prior_fiscal_total, "万元", "prior"),
            said("prior.general_budget", "上年一般公共预算财政拨款支出", e.prior_general_budget, "万元", "prior"),
        )
    initial_total = None
    if e.initial_total is not None:
        initial_total = said("initial.total", "一般公共预算财政拨款支出年初预算", e.initial_total, "万元", "initial")
    by_code = {c: said(f"initial.{c}", f"{c} 年初预算", v, "万元", "initial") for c, v in e.initial_by_code.items()}
    counts = {
        k: said(k, COUNT_FACTS.get(k, k), v, "万元" if k.endswith(("domestic", "abroad")) else "", "counts")
        for k, v in e.counts.items()
    }
    reasons = {s: said(f"reason.{s}", f"原因：{s}", text, "", "reasons") for s, text in e.reasons.items() if text}
    return NarrativeInputs(prior, initial_total, by_code, counts, reasons, prior_inputs)


# -- 十、其他重要事项情况说明 ------------------------------------------------------------------------


def _w(value: Decimal | None) -> str:
    return MISSING if value is None else money(value)


def other_sections(e: Entries, gaps: list[str]) -> list[Section]:
    y = e.year
    if e.admin_costs is None:
        gaps.append("机关运行经费支出未录入")
    admin = f"{y}年度机关运行经费支出{_w(e.admin_costs)}万元"
    if e.admin_costs is not None and e.admin_costs_prior is not None:
        change = e.admin_costs - e.admin_costs_prior
        if change == 0:
            admin += "，与上年决算数持平。"
        else:
            word = "增加" if change > 0 else "减少"
            rate = share(abs(change), e.admin_costs_prior)
            admin += f"，比上年决算数{word}{money(abs(change))}万元，{word}{pct(rate)}，"
            admin += f"主要原因是：{e.admin_costs_reason or MISSING}。"
            if not e.admin_costs_reason:
                gaps.append("机关运行经费增减的原因未录入")
    else:
        admin += "。"
    p = e.procurement
    if "total" not in p:
        gaps.append("政府采购支出未录入")
    buy = (
        f"{y}年度政府采购支出总额{_w(p.get('total'))}万元，其中：政府采购货物支出{_w(p.get('goods'))}万元、"
        f"政府采购工程支出{_w(p.get('works'))}万元、政府采购服务支出{_w(p.get('services'))}万元。"
    )
    if "sme" in p:
        buy += f"授予中小企业合同金额{money(p['sme'])}万元，占政府采购支出总额的{pct(share(p['sme'], p.get('total')))}"
        if "small_micro" in p:
            small = share(p["small_micro"], p.get("total"))
            buy += f"，其中：授予小微企业合同金额{money(p['small_micro'])}万元，占政府采购支出总额的{pct(small)}"
        buy += "。"
    names = {
        "goods_sme_share": ("货物", "货物"),
        "works_sme_share": ("工程", "工程"),
        "services_sme_share": ("服务", "服务"),
    }
    shares = [f"{a}采购授予中小企业合同金额占{b}支出金额的{pct(p[k])}" for k, (a, b) in names.items() if k in p]
    if shares:
        buy += "，".join(shares) + "。"
    if not e.vehicles:
        gaps.append("车辆情况未录入")
    held = sum(e.vehicles.values()) if e.vehicles else None
    kinds = "、".join(f"{k}{e.vehicles.get(k, 0)}辆" for k in VEHICLE_KINDS) if e.vehicles else MISSING
    equipment = MISSING if e.equipment is None else f"{e.equipment:f}"
    assets = (
        f"截至{y}年12月31日，本部门共有车辆{MISSING if held is None else held}辆，其中，{kinds}；"
        f"单位价值100万元（含）以上设备（不含车辆）{equipment}台（套）。"
    )
    return [
        Section("十、其他重要事项情况说明", 2, ()),
        Section("（一）机关运行经费支出情况", 3, (admin,)),
        Section("（二）政府采购支出情况", 3, (buy,)),
        Section("（三）国有资产占用情况", 3, (assets,)),
    ]


# -- 十一、预算绩效情况说明 ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SelfEvalRecord:
    project: str
    score: Decimal | None
    grade: str | None
    budget: Decimal | None  # 全年预算数
    executed: Decimal | None  # 全年执行数
    goal_actual: str = ""  # 目标实际完成情况


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    kind: str  # "department" / "finance"
    project: str
    score: Decimal | None
    grade: str | None
    budget: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PerformanceRecords:
    """What the system itself holds on the year's performance management."""

    targets: tuple[tuple[str, Decimal | None], ...] = ()  # projects with targets: (name, 预算数)
    monitored: tuple[tuple[str, Decimal | None], ...] = ()  # projects monitored
    self_evaluations: tuple[SelfEvalRecord, ...] = ()
    evaluations: tuple[EvaluationRecord, ...] = ()
    source: str = "系统记录"


def _sum(values: Any) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _num(value: Decimal) -> str:
    """A score or amount as the template prints it: up to four decimals, no trailing zeros."""
    return plain(rounded(value, 4) if places(value) > 4 else value)


def performance_sections(
    r: PerformanceRecords, year: int, department: str, project_spending: Decimal | None, gaps: list[str]
) -> list[Section]:
    """Section 十一 written from the records (the wording of seed 002's section 十一)."""
    managed = []
    if r.targets:
        managed.append(
            f"编报绩效目标的{year}年度项目{len(r.targets)}个，涉及预算金额{money(_sum(b for _, b in r.targets))}万元"
        )
    if r.monitored:
        funds = money(_sum(b for _, b in r.monitored))
        managed.append(f"开展绩效运行监控的项目{len(r.monitored)}个，涉及预算金额{funds}万元")
    first = [
        f"根据预算绩效管理要求，{department}"
        + ("；".join(managed) + "。" if managed else "本年度无绩效目标和运行监控记录。")
    ]
    se = r.self_evaluations
    if se:
        funds = _sum(s.budget for s in se)
        rate = share(funds, project_spending)
        tail = f"，占部门预算项目支出总额的{pct(rate)}" if rate is not None else ""
        first.append(
            f"组织对{year}年度市级预算项目全面开展绩效自评，涵盖项目{len(se)}个；涉及预算资金{money(funds)}万元{tail}。"
        )
    else:
        gaps.append("系统中没有本年度的绩效自评记录")
    dept = [x for x in r.evaluations if x.kind == "department"]
    if dept:
        names = "、".join(x.project for x in dept[:1])
        first.append(
            f"组织对“{names}”等{len(dept)}个项目开展了部门评价，涉及预算资金{money(_sum(x.budget for x in dept))}万元。"
        )
    out = [Section("十一、预算绩效情况说明", 2, ()), Section("（一）预算绩效管理工作开展情况", 3, tuple(first))]
    if se:
        counts = [(g, sum(1 for s in se if s.grade == g)) for g in GRADES]
        graded = "，".join(f"{n}个项目自评等级为{g}" for g, n in counts if n)
        listed = "、".join(s.project for s in se)
        paragraphs = [
            f"{department}{year}年度市级预算绩效自评的{len(se)}个项目中，{graded}。",
            f"本部门决算中反映了{year}年度全部市级预算项目绩效自评结果，以及“{listed}”等{len(se)}个项目的绩效自评表。",
        ]
        for n, s in enumerate(se, start=1):
            paragraphs.append(f"{n}. {s.project}项目绩效自评综述：" + _summary(s))
        out.append(Section("（二）市级预算项目绩效自评结果", 3, tuple(paragraphs)))
    titles = {"department": "部门评价结果", "finance": "财政评价结果"}
    k = 3 if se else 2
    for kind, title in titles.items():
        rows = [x for x in r.evaluations if x.kind == kind]
        if not rows:
            continue
        x = rows[0]
        who = "" if kind == "department" else "财政部门对我部门"
        text = f"{who}“{x.project}”项目，绩效评价得分为“{_num(x.score) if x.score is not None else MISSING}”分"
        text += f"，等级为“{x.grade}”。" if x.grade else "。"
        out.append(Section(f"（{'一二三四五六'[k - 1]}）{title}", 3, (text,)))
        k += 1
    return out


def _summary(s: SelfEvalRecord) -> str:
    score = plain(rounded(s.score, 2)) if s.score is not None else MISSING
    text = f"根据年初设定的绩效目标，项目自评得分为{score}分。"
    if s.budget is not None and s.executed is not None:
        text += f"全年预算数为{_num(s.budget)}万元，执行数为{_num(s.executed)}万元"
        rate = share(s.executed, s.budget)
        text += f"，完成预算的{pct(rate)}。" if rate is not None else "。"
    if s.goal_actual:
        text += f"项目绩效目标完成情况：{s.goal_actual.strip().rstrip('。')}。"
    return text


# -- the whole package -------------------------------------------------------------------------


def overview_sections(e: Entries, gaps: list[str]) -> tuple[Section, ...]:
    if not e.duties and not e.institutions:
        gaps.append("部门概况未录入")
    numerals = "一二三四五六七八九十"
    duties = [f"（{_cn(n, numerals)}）{d}" for n, d in enumerate(e.duties, start=1)]
    units = [f"{n}. {u}。" for n, u in enumerate(e.institutions, start=1)]
    return (
        Section("一、部门职责", 2, tuple(x for x in (e.duties_intro or MISSING, *duties) if x)),
        Section("二、机构设置", 2, tuple(x for x in (*(e.institutions_intro or MISSING).split("\n"), *units) if x)),
    )


def _cn(n: int, numerals: str) -> str:
    if n <= 10:
        return numerals[n - 1]
    return ("" if n < 20 else numerals[n // 10 - 1]) + "十" + (numerals[n % 10 - 1] if n % 10 else "")


def glossary_sections(e: Entries) -> tuple[Section, ...]:
    return tuple(Section(f"{_cn(n, '一二三四五六七八九十')}、{t}", 2, ()) for n, t in enumerate(e.glossary, start=1))


def build_package(doc: Document, e: Entries, records: PerformanceRecords) -> DisclosureView:
    """The whole package of ``doc``'s year: tables, narrative 一 … 十一, 部门概况, 名词解释."""
    view = build_disclosure(doc, narrative_inputs(e))
    gaps: list[str] = list(view.gaps)
    _, parts = expenditure_parts(tables_by_kind(doc))
    project_spending = dict(parts).get("项目支出")
    sections = [
        *view.sections,
        *other_sections(e, gaps),
        *performance_sections(records, e.year, view.department, project_spending, gaps),
    ]
    return dataclasses.replace(
        view,
        sections=tuple(sections),
        overview=overview_sections(e, gaps),
        glossary=glossary_sections(e),
        gaps=tuple(dict.fromkeys(gaps)),
        provenance_note=view.provenance_note.replace(
            "报表未包含的数据如下",
            f"第十、十一部分及部门概况、名词解释取自部门录入和{records.source}；报表未包含的数据如下",
        ),
    )
