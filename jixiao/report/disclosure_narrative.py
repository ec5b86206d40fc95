"""The 情况说明 of a 部门决算, written by the program from the disclosure tables.

Every amount is a table cell, every share, growth rate and completion rate is computed here
(half-up to two decimals), and the wording follows the template of the published
情况说明 (seed 002, 第三部分), section by section, 一 to 九.

What the tables do not hold comes in as :class:`NarrativeInputs`, each value an
:class:`Input` that says where it came from:

- last year's totals (:class:`PriorYear`) for the growth sentences; without them the
  sentence says “（上年数据未提供）”;
- the 年初预算 of the whole and of each 项 (table 05 of this template has no 年初预算 column);
- the counts of 三公 (团组, 人次, 车辆, 批次) and the split of 公务接待费 into 国内 / 国（境）外;
- the reasons (“主要原因是……”) — words, which no table can give.

:func:`inputs_from_published_text` takes them from a read document's own published
情况说明 (for a re-publication of seed 002): previous-year totals are *derived* from the
stated current figure and the stated change, everything else is copied, and each
:class:`Input` names the line it was read from. Nothing is invented: an input that is
missing is said to be missing, in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.accounts import Table, TableKind
from jixiao.model.document import Document
from jixiao.report.common import money
from jixiao.report.disclosure_cells import (
    cell,
    class_name,
    column_value,
    leaves,
    pct,
    share,
    subject_path,
    tables_by_kind,
    total_row,
    wan,
)
from jixiao.report.disclosure_inputs import (
    COUNT_FACTS,
    Input,
    NarrativeInputs,
)

NOT_GIVEN = "（上年数据未提供）"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the 情况说明 and its paragraphs; ``chart`` names the figure that follows."""

    heading: str  # "一、收入支出决算总体情况"
    level: int  # 2 (一、), 3 (（一）)
    paragraphs: tuple[str, ...]
    chart: str | None = None


# -- the text ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Writer:
    doc: Document
    inputs: NarrativeInputs
    tables: dict[TableKind, Table]
    gaps: list[str] = field(default_factory=list)

    @property
    def year(self) -> str:
        return str(self.doc.year) if self.doc.year else "本"

    @property
    def last_year(self) -> str:
        if self.inputs.prior is not None:
            return str(self.inputs.prior.year)
        return str(self.doc.year - 1) if self.doc.year else "上"

    @property
    def department(self) -> str:
        return self.doc.department.name if self.doc.department else "本部门"

    def reason(self, slot: str, lead: str) -> str:
        r = self.inputs.reasons.get(slot)
        if r is None:
            self.gaps.append(f"{lead}的原因未提供")
            return ""
        return f"{lead}{r.value}。"

    def count(self, key: str) -> str:
        i = self.inputs.counts.get(key)
        if i is None or i.value is None:
            self.gaps.append(f"{COUNT_FACTS.get(key, key)}未提供")
            return "（未提供）"
        return money(i.value) if i.unit == "万元" else f"{i.value}"

    def growth(self, what: str, current: Decimal | None, prior: Decimal | None, each: bool = False) -> str:
        """``与2021年度相比，X各增加A万元，增长B%。`` from the current and last year's figures."""
        if current is None or prior is None:
            self.gaps.append(f"上年{what}未提供，增减情况未写")
            return f"与{self.last_year}年度相比的增减情况{NOT_GIVEN}。"
        change = current - prior
        if change == 0:
            return f"与{self.last_year}年度持平。"
        up = change > 0
        rate = share(abs(change), prior)
        rate_text = f"，{'增长' if up else '下降'}{pct(rate)}" if rate is not None else ""
        moved = f"{'各' if each else ''}{'增加' if up else '减少'}{money(abs(change))}万元"
        return f"与{self.last_year}年度相比，{what}{moved}{rate_text}。"


def _structure(parts: list[tuple[str, Decimal | None]], whole: Decimal | None) -> str:
    """``财政拨款收入X万元，占Y%；其他收入…`` for the non-zero parts of a whole."""
    shown = [(n, v) for n, v in parts if v]
    return "；".join(f"{n}{money(v)}万元，占{pct(share(v, whole))}" for n, v in shown)


def write_narrative(doc: Document, inputs: NarrativeInputs) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """The sections 一 … 九 and the list of what could not be said for want of an input."""
    w = _Writer(doc, inputs, tables_by_kind(doc))
    sections = [
        _overall(w),
        _income(w),
        _expenditure(w),
        _fiscal(w),
        Section("五、一般公共预算财政拨款支出决算情况", 2, ()),
        _general_overall(w),
        _general_structure(w),
        _general_items(w),
        _basic(w),
        _gov_fund(w),
        _state_capital(w),
        Section("九、财政拨款“三公”经费支出决算情况", 2, ()),
        *_three_public(w),
    ]
    return tuple(sections), tuple(dict.fromkeys(w.gaps))


def _overall(w: _Writer) -> Section:
    t01 = w.tables.get(TableKind.SUMMARY)
    total = cell(t01, "总计", side="收入")
    prior = w.inputs.prior.total if w.inputs.prior else None
    text = f"{w.year}年度收、支总计{wan(total)}。" + w.growth("收、支总计", total, prior, each=True)
    text += w.reason("totals", "主要是") if prior is not None else ""
    return Section("一、收入支出决算总体情况", 2, (text,), "totals_change")


INCOME_COLUMNS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
EXPENDITURE_COLUMNS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")


def income_parts(w_tables: dict[TableKind, Table]) -> tuple[Decimal | None, list[tuple[str, Decimal | None]]]:
    row = total_row(w_tables.get(TableKind.INCOME))
    if row is None:
        return None, []
    return column_value(row, "本年收入合计"), [(c, column_value(row, c)) for c in INCOME_COLUMNS]


def expenditure_parts(w_tables: dict[TableKind, Table]) -> tuple[Decimal | None, list[tuple[str, Decimal | None]]]:
    row = total_row(w_tables.get(TableKind.EXPENDITURE))
    if row is None:
        return None, []
    return column_value(row, "本年支出合计"), [(c, column_value(row, c)) for c in EXPENDITURE_COLUMNS]


def _income(w: _Writer) -> Section:
    total, parts = income_parts(w.tables)
    text = f"本年收入合计{wan(total)}，其中：{_structure(parts, total)}。"
    return Section("二、收入决算情况", 2, (text,), "income_structure")


def _expenditure(w: _Writer) -> Section:
    total, parts = expenditure_parts(w.tables)
    text = f"本年支出合计{wan(total)}，其中：{_structure(parts, total)}。"
    return Section("三、支出决算情况", 2, (text,), "expenditure_structure")


def _fiscal(w: _Writer) -> Section:
    total = cell(w.tables.get(TableKind.FISCAL_SUMMARY), "总计", side="收入")
    prior = w.inputs.prior.fiscal_total if w.inputs.prior else None
    text = f"{w.year}年度财政拨款收、支总计{wan(total)}。" + w.growth("财政拨款收、支总计", total, prior, each=True)
    text += w.reason("fiscal", "主要是") if prior is not None else ""
    return Section("四、财政拨款收入支出决算总体情况", 2, (text,), "fiscal_change")


def general_total(w_tables: dict[TableKind, Table], column: str = "小计") -> Decimal | None:
    row = total_row(w_tables.get(TableKind.GENERAL_BUDGET))
    return column_value(row, column) if row else None


def _general_overall(w: _Writer) -> Section:
    total = general_total(w.tables)
    spent, _ = expenditure_parts(w.tables)
    prior = w.inputs.prior.general_budget if w.inputs.prior else None
    text = f"{w.year}年度一般公共预算财政拨款支出{wan(total)}，占本年支出合计的{pct(share(total, spent))}。"
    text += w.growth("一般公共预算财政拨款支出", total, prior)
    text += w.reason("general_budget", "主要是") if prior is not None else ""
    return Section("（一）一般公共预算财政拨款支出决算总体情况", 3, (text,), "general_change")


def class_parts(w_tables: dict[TableKind, Table]) -> list[tuple[str, Decimal | None]]:
    t05 = w_tables.get(TableKind.GENERAL_BUDGET)
    if t05 is None:
        return []
    return [(class_name(e.name), column_value(e, "小计")) for e in t05.entries if e.code and len(e.code) == 3]


def _general_structure(w: _Writer) -> Section:
    total = general_total(w.tables)
    parts = [(f"{n}（类）支出", v) for n, v in class_parts(w.tables)]
    text = f"{w.year}年度一般公共预算财政拨款支出{wan(total)}，主要用于以下方面：{_structure(parts, total)}。"
    return Section("（二）一般公共预算财政拨款支出决算结构情况", 3, (text,), "general_structure")


def _against_budget(w: _Writer, initial: Input | None, actual: Decimal | None, slot: str) -> str:
    """``年初预算为A万元，支出决算为B万元，完成年初预算的C%。决算数大于年初预算数的主要原因是…。``"""
    if initial is None or initial.value is None:
        return f"年初预算数未提供，支出决算为{wan(actual)}。"
    budget = Decimal(initial.value)
    text = f"年初预算为{money(budget)}万元，支出决算为{wan(actual)}"
    rate = share(actual, budget)
    text += f"，完成年初预算的{pct(rate)}。" if rate is not None else "。"
    if actual is None or actual == budget:
        return text
    word = "大于" if actual > budget else "小于"
    return text + w.reason(slot, f"决算数{word}年初预算数的主要原因是")


def _general_items(w: _Writer) -> Section:
    t05 = w.tables.get(TableKind.GENERAL_BUDGET)
    total = general_total(w.tables)
    if w.inputs.initial_total is None:
        w.gaps.append("一般公共预算财政拨款支出年初预算未提供")
    head = f"{w.year}年度一般公共预算财政拨款支出"
    head += _against_budget(w, w.inputs.initial_total, total, "general_budget.initial") + "其中："
    paragraphs = [head]
    for n, e in enumerate(leaves(t05) if t05 else [], start=1):
        initial = w.inputs.initial_by_code.get(e.code or "")
        if initial is None:
            w.gaps.append(f"{e.code} {e.name}的年初预算未提供")
        body = _against_budget(w, initial, column_value(e, "小计"), f"item.{e.code}")
        paragraphs.append(f"{n}. {subject_path(t05, e)}。{body}")
    return Section("（三）一般公共预算财政拨款支出决算具体情况", 3, tuple(paragraphs))


def _economic_names(t06: Table | None, side: str) -> str:
    if t06 is None:
        return ""
    rows = [e for e in t06.side(side) if e.code and len(e.code) == 5 and column_value(e, None)]
    return "、".join(e.name for e in rows)


def _basic(w: _Writer) -> Section:
    t06 = w.tables.get(TableKind.GENERAL_BUDGET_BASIC)
    basic = general_total(w.tables, "基本支出")
    personnel = cell(t06, "人员经费合计")
    public = cell(t06, "公用经费合计")
    return Section(
        "六、一般公共预算财政拨款基本支出决算情况",
        2,
        (
            f"{w.year}年度一般公共预算财政拨款基本支出决算{wan(basic)}，包括人员经费和公用经费，支出具体情况如下：",
            f"人员经费{wan(personnel)}，主要包括：{_economic_names(t06, '人员经费')}。",
            f"公用经费{wan(public)}，主要包括：{_economic_names(t06, '公用经费')}。",
        ),
    )


def _all_zero(t: Table | None) -> bool:
    return t is None or all(not a.value for e in t.entries for a in e.amounts)


def _gov_fund(w: _Writer) -> Section:
    t07 = w.tables.get(TableKind.GOV_FUND)
    if _all_zero(t07):
        text = "本部门没有政府性基金财政拨款收支。"
    else:
        row = total_row(t07)
        text = (
            f"{w.year}年度政府性基金预算财政拨款年初结转和结余{wan(column_value(row, '年初结转和结余'))}，"
            f"本年收入{wan(column_value(row, '本年收入'))}，本年支出{wan(column_value(row, '小计'))}，"
            f"年末结转和结余{wan(column_value(row, '年末结转和结余'))}。"
        )
    return Section("七、政府性基金预算财政拨款收入支出决算情况", 2, (text,))


def _state_capital(w: _Writer) -> Section:
    t08 = w.tables.get(TableKind.STATE_CAPITAL)
    if _all_zero(t08):
        text = "本部门没有国有资本经营预算财政拨款支出。"
    else:
        text = f"{w.year}年度国有资本经营预算财政拨款支出{wan(column_value(total_row(t08), '小计'))}。"
    return Section("八、国有资本经营预算财政拨款支出决算情况", 2, (text,))


THREE_PUBLIC_PARTS = (
    ("abroad", "因公出国（境）费", "因公出国（境）费"),
    ("vehicles", "公务用车购置及运行维护费", "公务用车购置及运行维护费·小计"),
    ("reception", "公务接待费", "公务接待费"),
)


def three_public_value(t09: Table | None, head: str, column: str) -> Decimal | None:
    if t09 is None or not t09.entries:
        return None
    return next((a.value for a in t09.entries[0].amounts if a.column == f"{head}·{column}"), None)


def _against_full_year(w: _Writer, budget: Decimal | None, actual: Decimal | None, slot: str) -> str:
    """``全年预算为A万元，支出决算为B万元，比全年预算减少C万元，完成全年预算的D%，决算数小于…``"""
    text = f"全年预算为{wan(budget)}，支出决算为{wan(actual)}"
    if budget is None or actual is None:
        return text + "。"
    if actual != budget:
        text += f"，比全年预算{'减少' if actual < budget else '增加'}{money(abs(budget - actual))}万元"
    rate = share(actual, budget)
    if rate is not None:
        text += f"，完成全年预算的{pct(rate)}"
    if actual == budget:
        return text + "。"
    word = "小于" if actual < budget else "大于"
    reason = w.reason(slot, f"决算数{word}全年预算数的主要原因是")
    return text + ("，" + reason if reason else "。")


def _three_public(w: _Writer) -> list[Section]:
    t09 = w.tables.get(TableKind.THREE_PUBLIC)
    budget = three_public_value(t09, "预算数", "合计")
    actual = three_public_value(t09, "决算数", "合计")
    overall = f"{w.year}年度财政拨款“三公”经费支出" + _against_full_year(w, budget, actual, "three_public")
    paragraphs = []
    for n, (slug, name, column) in enumerate(THREE_PUBLIC_PARTS, start=1):
        b = three_public_value(t09, "预算数", column)
        a = three_public_value(t09, "决算数", column)
        paragraphs.append(f"{n}. {name}" + _against_full_year(w, b, a, f"three_public.{slug}"))
        paragraphs.append(_three_public_detail(w, slug, t09))
    return [
        Section("（一）“三公”经费支出决算总体情况", 3, (overall,)),
        Section("（二）“三公”经费支出决算具体情况", 3, tuple(paragraphs)),
    ]


def _three_public_detail(w: _Writer, slug: str, t09: Table | None) -> str:
    c = w.count
    if slug == "abroad":
        groups, people = c("three_public.abroad.groups"), c("three_public.abroad.person_times")
        return f"全年支出涉及因公出国（境）团组{groups}个，累计{people}人次。"
    if slug == "vehicles":
        purchase = three_public_value(t09, "决算数", "公务用车购置及运行维护费·公务用车购置费")
        operation = three_public_value(t09, "决算数", "公务用车购置及运行维护费·公务用车运行维护费")
        return (
            f"其中：公务用车购置费支出{wan(purchase)}，{w.year}年{w.department}使用财政拨款购置公务用车"
            f"{c('three_public.vehicles.purchased')}辆。公务用车运行维护费支出{wan(operation)}，"
            f"主要是按规定保留的公务用车的燃料费、维修费、保险费等支出。截至{w.year}年12月31日，"
            f"{w.department}财政拨款开支运行维护费的公务用车保有量为{c('three_public.vehicles.held')}辆。"
        )
    return (
        f"其中：国内接待费支出{c('three_public.reception.domestic')}万元，主要用于按规定开支的各类国内公务接待支出，"
        f"共计接待{c('three_public.reception.domestic_batches')}批次、{c('three_public.reception.domestic_person_times')}人次"
        f"（含外事接待{c('three_public.reception.foreign_affairs_batches')}批次、"
        f"{c('three_public.reception.foreign_affairs_person_times')}人次）；"
        f"国（境）外接待费支出{c('three_public.reception.abroad')}万元，共计接待"
        f"{c('three_public.reception.abroad_batches')}批次、{c('three_public.reception.abroad_person_times')}人次。"
    )
