"""The 预算编制说明 of a budget disclosure, written by the program from the budget tables.

Amounts come from the tables (元 in most of them, 万元 in the 三公 table) and are printed in
万元, half-up to two decimals, as the published narratives print them; shares and rates are
computed here. A budget table holds this year's figures only, so last year's budget — for the
changes — comes from the document's own published narrative (its stated change against the
stated current figure, or the 项's stated previous amount), each as an
:class:`~jixiao.report.disclosure_inputs.Input` naming the page and line it was read from.
Nothing is invented: what is missing is said to be missing (``gaps``).

The sections follow the Shanghai template (预算编制说明, 其他相关情况说明): totals; the
一般公共预算 by 类 and 项; 基本支出; “三公”经费; 机关运行经费; the two other budgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jixiao.model.accounts import Entry, Fact
from jixiao.model.budget import BudgetDisclosure, BudgetTable, BudgetTableKind, to_yuan
from jixiao.numbers import money
from jixiao.report.disclosure_cells import share
from jixiao.report.disclosure_inputs import Input
from jixiao.report.disclosure_narrative import Section

K = BudgetTableKind
TEN_THOUSAND = Decimal(10000)
CENT = Decimal("0.01")
NOT_GIVEN = "（上年预算数未提供）"
TOTAL_WORDS = ("合计", "总计")
ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def wan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """A table amount in 万元, half-up to two decimals (``None`` stays ``None``)."""
    if value is None:
        return None
    yuan = to_yuan(value, unit)
    return None if yuan is None else (yuan / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def w(value: Decimal | None) -> str:
    return "（未列示）" if value is None else f"{money(value)}万元"


def _amount(entry: Entry | None, column_part: str | None = None) -> Decimal | None:
    """The amount of ``entry`` in the first column whose name contains ``column_part`` (the
    first column when ``None``); an empty cell counts as 0 in a row that is printed."""
    if entry is None or not entry.amounts:
        return None
    for a in entry.amounts:
        if column_part is None or column_part in a.column:
            return a.value if a.value is not None else Decimal(0)
    return None


def _row(table: BudgetTable | None, predicate, side: str | None = None) -> Entry | None:
    for e in table.rows if table else ():
        if (side is None or e.side == side) and predicate(e):
            return e
    return None


def _total(table: BudgetTable | None, side: str | None = None) -> Entry | None:
    return _row(table, lambda e: not e.code and e.name.strip().endswith(TOTAL_WORDS), side)


# -- last year's budget, from the published narrative ------------------------------------------


@dataclass(frozen=True, slots=True)
class Prior:
    """Last year's budget figures (万元) keyed as the facts are, with how each was obtained."""

    year: int | None
    values: dict[str, Decimal]
    inputs: tuple[Input, ...]

    def get(self, key: str) -> Decimal | None:
        return self.values.get(key)


LABELS = {
    "income.total": "收入预算",
    "income.fiscal": "财政拨款收入预算",
    "expenditure.total": "支出预算",
    "expenditure.fiscal": "财政拨款支出预算",
    "expenditure.general": "一般公共预算财政拨款支出预算",
    "expenditure.gov_fund": "政府性基金预算财政拨款支出预算",
    "expenditure.state_capital": "国有资本经营预算财政拨款支出预算",
    "three_public.total": "“三公”经费预算",
    "three_public.abroad": "因公出国（境）费预算",
    "three_public.vehicle": "公务用车购置及运行费预算",
    "three_public.vehicle_purchase": "公务用车购置费预算",
    "three_public.vehicle_running": "公务用车运行费预算",
    "three_public.reception": "公务接待费预算",
    "operating.total": "机关运行经费预算",
}


def _signed_change(fact: Fact) -> Decimal | None:
    if fact.value is None:
        return None
    return -fact.value if fact.label in ("减少", "下降") else fact.value


def _where(fact: Fact) -> str:
    page = f"第{fact.source.page}页" if fact.source.page else ""
    return f"原文{page}第{fact.source.line}行"


def prior_from_published(budget: BudgetDisclosure) -> Prior:
    """Last year's figures the published narrative implies: ``X`` with ``X.change`` in 万元
    gives X − change; a 项's stated previous amount is copied. Percent changes are not used."""
    py = budget.year - 1 if budget.year else None
    facts = {f.key: f for f in budget.facts if not f.key.startswith(("item.", "project."))}
    values: dict[str, Decimal] = {}
    inputs: list[Input] = []
    for key, change in facts.items():
        base = facts.get(key.removesuffix(".change"))
        if not key.endswith(".change") or change.unit != "万元" or base is None or base.value is None:
            continue
        delta = _signed_change(change)
        if delta is None:
            continue
        name = key.removesuffix(".change")
        if name not in LABELS:
            continue
        values[name] = base.value - delta
        said = "与上年持平" if not delta else f"{change.label}{money(change.value)}万元"
        inputs.append(
            Input(
                f"prior.{name}",
                f"{py or ''}年{LABELS[name]}数",
                values[name],
                "万元",
                f"由{_where(base)}所述本年数{money(base.value)}万元及{_where(change)}所述{said}推算",
            )
        )
    by_subject: dict[tuple[str, ...], Fact] = {}
    codes: dict[tuple[str, ...], str] = {}
    for f in budget.facts:
        if f.key == "item.previous" and f.value is not None and f.unit == "万元":
            by_subject.setdefault(f.classification or (f.subject or "",), f)
        elif f.key == "item.code":
            codes[f.classification or (f.subject or "",)] = f.raw
    for path, f in by_subject.items():
        key = f"item.{codes.get(path) or '/'.join(path)}"
        values[key] = f.value  # type: ignore[assignment]  (filtered above)
        label = f"{py or ''}年数（{'—'.join(path)}）"
        inputs.append(Input(key, label, f.value, "万元", f"{_where(f)}所述上年预算（执行）数"))
    return Prior(py, values, tuple(inputs))


def change_words(
    current: Decimal | None, prior: Decimal | None, py: int | None, percent: bool = True, basis: str = "预算"
) -> str:
    """ "，比2025年预算增加12.00万元，增长3.40%" — or why it cannot be said. ``basis`` is what
    last year's figure is ("预算"; "" for a 项, whose published 上年数 is a 预算数 or a 执行数)."""
    if current is None:
        return ""
    if prior is None:
        return NOT_GIVEN
    delta = current - prior
    if delta == 0:
        return f"，与{py}年{basis}持平"
    word = "增加" if delta > 0 else "减少"
    text = f"，比{py}年{basis}{word}{money(abs(delta))}万元"
    if percent and prior:
        text += f"，{'增长' if delta > 0 else '下降'}{share(abs(delta), prior)}%"
    elif percent:
        text += f"（{py}年数为0）"
    return text


# -- the sections ------------------------------------------------------------------------------


def _totals(b: BudgetDisclosure, prior: Prior, name: str) -> Section:
    summary = b.table(K.SUMMARY)
    unit = summary.unit if summary else None
    income = _total(summary, "收入")
    parts = [e for e in (summary.side("收入") if summary else ()) if ORDINAL.match(e.name)]
    said = []
    for e in parts:
        label = ORDINAL.sub("", e.name).strip()
        text = f"{label}{w(wan(_amount(e), unit))}"
        if "财政拨款" in label:
            text += change_words(wan(_amount(e), unit), prior.get("income.fiscal"), prior.year, percent=False)
        said.append(text)
    first = f"{b.year or ''}年，{name}收入预算{w(wan(_amount(income), unit))}"
    first += f"，其中：{'；'.join(said)}。" if said else "。"
    expenditure = b.table(K.EXPENDITURE)
    spent = _total(expenditure)
    e_unit = expenditure.unit if expenditure else unit
    total = wan(_amount(spent), e_unit) if spent else wan(_amount(_total(summary, "支出")), unit)
    second = f"支出预算{w(total)}"
    basic, project = wan(_amount(spent, "基本支出"), e_unit), wan(_amount(spent, "项目支出"), e_unit)
    if basic is not None and project is not None:
        second += f"，其中：基本支出{w(basic)}，占{share(basic, total)}%"
        second += f"；项目支出{w(project)}，占{share(project, total)}%"
    return Section("一、收入支出预算总体情况", 2, (first, second + "。"))


def _item_prior(prior: Prior, names: dict[str | None, str], e: Entry) -> Decimal | None:
    """A 项's last-year figure, by its code or else by its 类—款—项 names."""
    code = e.code or ""
    by_code = prior.get(f"item.{code}")
    return by_code if by_code is not None else prior.get(f"item.{names.get(code[:3])}/{names.get(code[:5])}/{e.name}")


def _items(table: BudgetTable, prior: Prior, py: int | None) -> list[str]:
    """One sentence per 项 (seven-digit code) under its 类 and 款, as the template words it."""
    names = {e.code: e.name for e in table.rows if e.code}
    out = []
    for e in table.rows:
        if not e.code or len(e.code) != 7:
            continue
        amount = wan(_amount(e), table.unit)
        cls, kuan = names.get(e.code[:3], ""), names.get(e.code[:5], "")
        previous = _item_prior(prior, names, e)
        out.append(
            f"{cls}（{e.code[:3]}类）{kuan}（{e.code[3:5]}款）{e.name}（{e.code[5:]}项）{w(amount)}"
            f"{change_words(amount, previous, py, basis='')}。"
        )
    return [f"{k}、{s}" for k, s in enumerate(out, start=1)]


def _class_prior(table: BudgetTable, code: str, prior: Prior) -> Decimal | None:
    """A 类's last-year budget: the sum of its 项' previous amounts, when every 项 has one."""
    names = {e.code: e.name for e in table.rows if e.code}
    total = Decimal(0)
    items = [e for e in table.rows if e.code and len(e.code) == 7 and e.code.startswith(code)]
    for e in items:
        value = _item_prior(prior, names, e)
        if value is None:
            return None
        total += value
    return total if items else None


def _general(b: BudgetDisclosure, prior: Prior) -> Section | None:
    table = b.table(K.GENERAL)
    if table is None:
        return None
    total = wan(_amount(_total(table)), table.unit)
    first = f"{b.year or ''}年一般公共预算财政拨款支出预算{w(total)}"
    first += change_words(total, prior.get("expenditure.general"), prior.year) + "。"
    classes = []
    for e in table.rows:
        if e.code and len(e.code) == 3:
            amount = wan(_amount(e), table.unit)
            classes.append(
                f"{e.name}（{e.code}类）{w(amount)}，占{share(amount, total)}%"
                f"{change_words(amount, _class_prior(table, e.code, prior), prior.year, basis='')}"
            )
    paragraphs = [first]
    if classes:
        paragraphs.append(f"按支出功能分类，{'；'.join(classes)}。")
        if any(_class_prior(table, e.code, prior) is not None for e in table.rows if e.code and len(e.code) == 3):
            paragraphs.append(f"（各类的{prior.year or '上'}年数为原文所述该类各项上年数之和。）")
    paragraphs += _items(table, prior, prior.year)
    return Section("二、一般公共预算财政拨款支出预算情况", 2, tuple(paragraphs))


def _basic(b: BudgetDisclosure) -> Section | None:
    table = b.table(K.GENERAL_BASIC)
    if table is None:
        return None
    row = _total(table)
    total = wan(_amount(row), table.unit)
    staff, public = wan(_amount(row, "人员经费"), table.unit), wan(_amount(row, "公用经费"), table.unit)
    text = f"{b.year or ''}年一般公共预算财政拨款基本支出预算{w(total)}"
    if staff is not None and public is not None:
        text += f"，其中：人员经费{w(staff)}，占{share(staff, total)}%；公用经费{w(public)}，占{share(public, total)}%"
    return Section("三、一般公共预算财政拨款基本支出预算情况", 2, (text + "。",))


THREE_PUBLIC = (  # fact key, words, column part
    ("three_public.abroad", "因公出国（境）费", "出国"),
    ("three_public.vehicle", "公务用车购置及运行费", "小计"),
    ("three_public.vehicle_purchase", "其中公务用车购置费", "购置费"),
    ("three_public.vehicle_running", "公务用车运行费", "运行费"),
    ("three_public.reception", "公务接待费", "接待费"),
)


def _three_public(b: BudgetDisclosure, prior: Prior) -> tuple[Section | None, Section | None]:
    table = b.table(K.THREE_PUBLIC)
    if table is None or not table.rows:
        return None, None
    row = _total(table) or table.rows[0]
    total = wan(_amount(row, "合计"), table.unit)
    parts = []
    for key, words, part in THREE_PUBLIC:
        if any(part in a.column for a in row.amounts):
            amount = wan(_amount(row, part), table.unit)
            parts.append(f"{words}{w(amount)}{change_words(amount, prior.get(key), prior.year, False)}")
    text = f"{b.year or ''}年“三公”经费预算数为{w(total)}"
    text += change_words(total, prior.get("three_public.total"), prior.year, False)
    text += f"。其中：{'；'.join(parts)}。" if parts else "。"
    three = Section("四、“三公”经费预算情况", 2, (text,))
    operating = wan(_amount(row, "机关运行经费"), table.unit)
    if operating is None or not any("机关运行经费" in a.column for a in row.amounts):
        return three, None
    return three, Section("五、机关运行经费预算情况", 2, (f"{b.year or ''}年机关运行经费预算为{w(operating)}。",))


def _other_budgets(b: BudgetDisclosure) -> Section | None:
    paragraphs = []
    for kind, name in ((K.GOV_FUND, "政府性基金预算"), (K.STATE_CAPITAL, "国有资本经营预算")):
        table = b.table(kind)
        if table is None:
            continue
        if table.empty:
            paragraphs.append(f"{b.year or ''}年没有{name}财政拨款安排的支出预算（表中数据为空）。")
        else:
            amount = wan(_amount(_total(table)), table.unit)
            paragraphs.append(f"{b.year or ''}年{name}财政拨款支出预算{w(amount)}。")
    return Section("六、政府性基金及国有资本经营预算情况", 2, tuple(paragraphs)) if paragraphs else None


def write_budget_narrative(b: BudgetDisclosure, prior: Prior, name: str) -> tuple[tuple[Section, ...], tuple[str, ...]]:
    """The sections, and what they could not state (gaps)."""
    three, operating = _three_public(b, prior)
    sections = [_totals(b, prior, name), _general(b, prior), _basic(b), three, operating, _other_budgets(b)]
    found = tuple(s for s in sections if s is not None)
    gaps = []
    if any(NOT_GIVEN in p for s in found for p in s.paragraphs):
        gaps.append(f"部分科目的{prior.year or '上年'}年预算数（增减变化无从计算，文中已注明）")
    missing = {
        K.GENERAL: "一般公共预算支出表",
        K.GENERAL_BASIC: "一般公共预算基本支出表",
        K.THREE_PUBLIC: "“三公”经费预算表",
    }
    gaps += [f"{title}（相应说明从略）" for kind, title in missing.items() if b.table(kind) is None]
    if three is not None and operating is None:
        gaps.append("机关运行经费预算数（表中未列示）")
    return found, tuple(gaps)

