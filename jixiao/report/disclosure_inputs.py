"""What the disclosure tables do not hold, for the 情况说明 (:mod:`jixiao.report.disclosure_narrative`):
:class:`NarrativeInputs`, each value an :class:`Input` that says where it came from, and
:func:`inputs_from_published_text`, which takes them from a read document's own published 情况说明."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.accounts import Fact, NarrativeSection, Table, TableKind
from jixiao.model.document import Document
from jixiao.report.disclosure_cells import (
    match_subject,
    tables_by_kind,
)

NARRATIVE_PART = "说明"


@dataclass(frozen=True, slots=True)
class Input:
    """A value the tables do not hold, with its provenance (Chinese, shown in the report)."""

    key: str
    label: str
    value: Decimal | str | None
    unit: str
    provenance: str


@dataclass(frozen=True, slots=True)
class PriorYear:
    """Last year's totals the growth sentences need (万元)."""

    year: int
    total: Decimal | None = None  # 收、支总计 (公开01表 总计)
    fiscal_total: Decimal | None = None  # 财政拨款收、支总计 (公开04表 总计)
    general_budget: Decimal | None = None  # 一般公共预算财政拨款支出 (公开05表 合计)
    provenance: str = "调用方提供"


@dataclass(frozen=True, slots=True)
class NarrativeInputs:
    prior: PriorYear | None = None
    initial_total: Input | None = None  # 一般公共预算财政拨款支出年初预算
    initial_by_code: dict[str, Input] = field(default_factory=dict)  # table 05 code → 年初预算
    counts: dict[str, Input] = field(default_factory=dict)  # three_public.* counts and splits
    reasons: dict[str, Input] = field(default_factory=dict)  # slot → 主要原因 text
    prior_inputs: tuple[Input, ...] = ()  # how the PriorYear figures were obtained

    def all(self) -> tuple[Input, ...]:
        out = list(self.prior_inputs)
        if self.initial_total:
            out.append(self.initial_total)
        out += self.initial_by_code.values()
        out += self.counts.values()
        out += self.reasons.values()
        return tuple(out)


# -- inputs from a published 情况说明 --------------------------------------------------------------


def _facts(doc: Document) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    for f in doc.accounts.facts if doc.accounts else ():
        out.setdefault(f.key, f)
    return out


def _where(f: Fact) -> str:
    return f"已公开情况说明第{f.source.line}行" if f.source.line else "已公开情况说明"


def _copied(key: str, label: str, f: Fact) -> Input:
    unit = f.unit or ""
    return Input(key, label, f.value, unit, f"取自{_where(f)}：“{f.label}{f.raw}{unit}”")


def _derived_prior(
    facts: dict[str, Fact], current: str, change: str, label: str
) -> tuple[Decimal | None, Input | None]:
    """Last year's figure = the stated current figure ∓ the stated change."""
    cur, chg = facts.get(current), facts.get(change)
    if cur is None or chg is None or cur.value is None or chg.value is None:
        return None, None
    decrease = (chg.label or "").startswith(("减少", "下降", "降低"))
    prior = cur.value + chg.value if decrease else cur.value - chg.value
    sign = "+" if decrease else "−"
    provenance = (
        f"由{_where(cur)}推算（非报表数据）：本年{cur.raw}万元{sign}所述{chg.label}额{chg.raw}万元"
        f"（第{chg.source.line}行）"
    )
    return prior, Input(f"prior.{current.split('.')[0]}", label, prior, "万元", provenance)


def _reasons(doc: Document, t05: Table | None) -> dict[str, Input]:
    """The 主要原因 of each section, keyed by slot; items keyed ``item.<table 05 code>``."""
    sections = [s for s in (doc.accounts.sections if doc.accounts else ()) if NARRATIVE_PART in s.part]
    slots = {
        "收入支出决算总体情况": "totals",
        "财政拨款收入支出决算总体情况": "fiscal",
        "一般公共预算财政拨款支出决算总体情况": "general_budget",
        "一般公共预算财政拨款支出决算具体情况": "general_budget.initial",
        "“三公”经费支出决算总体情况": "three_public",
    }
    out: dict[str, Input] = {}
    parent_three = None
    parent_items = None
    for s in sections:
        title = s.title.strip()
        if title in slots:
            _add_reason(out, slots[title], s)
        if title == "“三公”经费支出决算具体情况":
            parent_three = s.path
        if title == "一般公共预算财政拨款支出决算具体情况":
            parent_items = s.path
        if parent_three and _under(s, parent_three):
            for word, slug in (("出国", "abroad"), ("公务用车", "vehicles"), ("接待", "reception")):
                if word in title:
                    _add_reason(out, f"three_public.{slug}", s)
        if parent_items and t05 and _under(s, parent_items) and (s.ordinal or "").isdigit():
            names = re.findall(r"(.+?)[（(][类款项][）)]", title)
            row = match_subject(t05, names)
            if row is not None:
                _add_reason(out, f"item.{row.code}", s)
    return out


def _under(s: NarrativeSection, parent: tuple[str, ...]) -> bool:
    return len(s.path) > len(parent) and s.path[: len(parent)] == parent


REASON = re.compile(r"主要(?:原因)?是[:：]?([^。]+)。")


def _add_reason(out: dict[str, Input], slot: str, s: NarrativeSection) -> None:
    m = REASON.search(s.text)
    if not m or slot in out:
        return
    line = s.line_at(m.start())
    where = f"已公开情况说明第{line}行" if line else "已公开情况说明"
    out[slot] = Input(f"reason.{slot}", f"原因：{s.title}", m.group(1), "", f"文字取自{where}")


COUNT_FACTS = {
    "three_public.abroad.groups": "因公出国（境）团组数",
    "three_public.abroad.person_times": "因公出国（境）人次",
    "three_public.vehicles.purchased": "购置公务用车辆数",
    "three_public.vehicles.held": "公务用车保有量",
    "three_public.reception.domestic": "国内接待费支出",
    "three_public.reception.domestic_batches": "国内公务接待批次",
    "three_public.reception.domestic_person_times": "国内公务接待人次",
    "three_public.reception.foreign_affairs_batches": "外事接待批次",
    "three_public.reception.foreign_affairs_person_times": "外事接待人次",
    "three_public.reception.abroad": "国（境）外接待费支出",
    "three_public.reception.abroad_batches": "国（境）外接待批次",
    "three_public.reception.abroad_person_times": "国（境）外接待人次",
}


def inputs_from_published_text(doc: Document) -> NarrativeInputs:
    """What the tables lack, taken (and labelled as taken) from the document's own 情况说明."""
    facts = _facts(doc)
    year = doc.year or 0
    t05 = tables_by_kind(doc).get(TableKind.GENERAL_BUDGET)
    total, i1 = _derived_prior(facts, "totals.income_expenditure", "totals.change", "上年收、支总计")
    fiscal, i2 = _derived_prior(facts, "fiscal.total", "fiscal.change", "上年财政拨款收、支总计")
    general, i3 = _derived_prior(facts, "general_budget.total", "general_budget.change", "上年一般公共预算财政拨款支出")
    prior_inputs = tuple(i for i in (i1, i2, i3) if i)
    prior = None
    if prior_inputs:
        prior = PriorYear(year - 1, total, fiscal, general, "由已公开情况说明所述增减额推算")
    initial_total = None
    if (f := facts.get("general_budget.initial_budget")) is not None:
        initial_total = _copied("initial.total", "一般公共预算财政拨款支出年初预算", f)
    initial_by_code: dict[str, Input] = {}
    for f in facts.values():
        m = re.fullmatch(r"general_budget\.item\.\d+\.initial", f.key)
        if not m or t05 is None or f.value is None:
            continue
        names = f.classification or tuple(re.findall(r"(.+?)[（(][类款项][）)]", f.subject or ""))
        row = match_subject(t05, names)
        if row is not None and row.code not in initial_by_code:
            initial_by_code[row.code] = _copied(f"initial.{row.code}", f"{row.code} {row.name}年初预算", f)
    counts = {k: _copied(k, label, facts[k]) for k, label in COUNT_FACTS.items() if k in facts}
    return NarrativeInputs(prior, initial_total, initial_by_code, counts, _reasons(doc, t05), prior_inputs)
